package history

import (
	"context"
	"sync"
	"time"
)

// SchedulerOptions configure a Scheduler; the zero value syncs only when triggered.
type SchedulerOptions struct {
	// Interval between background syncs; 0 turns the timer off (triggers still work).
	Interval time.Duration
	// MinGap drops a Trigger that comes sooner than this after the last sync started
	// (window focus can fire often) [30 s]. SyncNow ignores it.
	MinGap time.Duration
	// OnResult receives the outcome of every scheduled sync (ErrSyncInProgress when another
	// process was syncing the profile: nothing to do).
	OnResult func(Result, error)
	// Now and After are the clock and the timer [time.Now, time.After]; tests drive them.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
}

// Scheduler runs a profile's sync in the background: every Interval, and when triggered
// (e.g. when the app's window gains focus). Runs never overlap; triggers that arrive during a
// run are folded into one run after it.
type Scheduler struct {
	syncer    *Syncer
	profileID string
	o         SchedulerOptions

	trigger  chan bool // true: forced (SyncNow)
	interval chan time.Duration

	mu      sync.Mutex
	running bool
	cancel  context.CancelFunc
	done    chan struct{}
}

// NewScheduler returns a stopped scheduler of profileID's syncs; Start starts it.
func NewScheduler(s *Syncer, profileID string, o SchedulerOptions) *Scheduler {
	if o.MinGap <= 0 {
		o.MinGap = 30 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = time.After
	}
	return &Scheduler{syncer: s, profileID: profileID, o: o, trigger: make(chan bool, 1), interval: make(chan time.Duration, 1)}
}

// Start runs the schedule until ctx ends or Stop is called. Starting twice is a no-op.
func (s *Scheduler) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done != nil {
		return
	}
	ctx, s.cancel = context.WithCancel(ctx)
	s.done = make(chan struct{})
	go s.loop(ctx, s.done)
}

// Stop cancels a running sync (its stored pages are kept) and waits for the schedule to end.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.cancel, s.done = nil, nil
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// Trigger asks for a sync soon, unless one started less than MinGap ago.
func (s *Scheduler) Trigger() { s.send(false) }

// SyncNow asks for a sync as soon as the current one (if any) ends, regardless of MinGap.
func (s *Scheduler) SyncNow() { s.send(true) }

func (s *Scheduler) send(force bool) {
	select {
	case s.trigger <- force:
	default:
		if force { // upgrade a queued trigger to a forced one
			select {
			case <-s.trigger:
			default:
			}
			select {
			case s.trigger <- true:
			default:
			}
		}
	}
}

// SetInterval changes the interval (0: timer off) from the next wait on.
func (s *Scheduler) SetInterval(d time.Duration) {
	select {
	case <-s.interval:
	default:
	}
	select {
	case s.interval <- d:
	default: // a concurrent SetInterval won
	}
}

// Running reports whether a sync is in progress.
func (s *Scheduler) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

func (s *Scheduler) loop(ctx context.Context, done chan struct{}) {
	defer close(done)
	interval := s.o.Interval
	var last time.Time
	for {
		var tick <-chan time.Time
		if interval > 0 {
			tick = s.o.After(interval)
		}
		force := false
		select {
		case <-ctx.Done():
			return
		case d := <-s.interval:
			interval = d
			continue
		case <-tick:
			force = true
		case f := <-s.trigger:
			force = f
		}
		if !force && !last.IsZero() && s.o.Now().Sub(last) < s.o.MinGap {
			continue
		}
		last = s.o.Now()
		s.mu.Lock()
		s.running = true
		s.mu.Unlock()
		res, err := s.syncer.Sync(ctx, s.profileID)
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
		if s.o.OnResult != nil {
			s.o.OnResult(res, err)
		}
	}
}
