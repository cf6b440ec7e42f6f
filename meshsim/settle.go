package meshsim

import (
	"encoding/binary"
	"time"
)

// Settlement: a pending transfer with SettleAt set turns succeeded (with a hash) or
// failed once the emulator's clock passes SettleAt. It happens on the next API request
// after that moment (so tests with an injected clock are deterministic), from a
// background ticker, or when SettleDue is called.

// trackSettle remembers pos if it is pending and due to settle; caller holds s.mu
// (or is still constructing s).
func (s *Sim) trackSettle(pos int32) {
	t := s.hist.ts[pos]
	if t.Status != StatusPending || t.SettleAt == 0 {
		return
	}
	if s.settleSet == nil {
		s.settleSet = map[int32]struct{}{}
	}
	s.settleSet[pos] = struct{}{}
	for {
		cur := s.nextDue.Load()
		if cur != 0 && cur <= t.SettleAt {
			return
		}
		if s.nextDue.CompareAndSwap(cur, t.SettleAt) {
			return
		}
	}
}

// maybeSettle settles due transfers if any are due; cheap when none are.
func (s *Sim) maybeSettle() {
	d := s.nextDue.Load()
	if d == 0 || s.nowMs() < d {
		return
	}
	s.SettleDue()
}

// SettleDue settles every pending transfer whose settle time has passed and returns
// how many it settled.
func (s *Sim) SettleDue() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowMs()
	var next int64
	n := 0
	for pos := range s.settleSet {
		t := s.hist.ts[pos]
		if t.Status != StatusPending || t.SettleAt == 0 {
			delete(s.settleSet, pos)
			continue
		}
		if t.SettleAt > now {
			if next == 0 || t.SettleAt < next {
				next = t.SettleAt
			}
			continue
		}
		delete(s.settleSet, pos)
		outcome := t.FailTo
		if outcome == "" {
			outcome = StatusSucceeded
			if s.failRoll(t.ID) < s.opts.FailureRate {
				outcome = StatusFailed
			}
		}
		s.updateTransferLocked(pos, func(t *Transfer) { s.finish(t, outcome) })
		n++
	}
	s.nextDue.Store(next)
	return n
}

// failRoll is a stable number in [0,1) per transfer id.
func (s *Sim) failRoll(id string) float64 {
	d := digest("fail", id)
	return float64(binary.LittleEndian.Uint64(d[:8])>>11) / (1 << 53)
}

// settleLoop ticks in real time and settles what the clock says is due.
func (s *Sim) settleLoop() {
	defer s.wg.Done()
	every := min(max(s.opts.SettleDelay/4, 50*time.Millisecond), time.Second)
	tk := time.NewTicker(every)
	defer tk.Stop()
	for {
		select {
		case <-s.closed:
			return
		case <-tk.C:
			s.maybeSettle()
		}
	}
}
