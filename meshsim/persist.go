package meshsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"
)

const stateVersion = 1

// loadOrGenerate fills s.st and s.hist from the state file, or generates a fresh state.
func (s *Sim) loadOrGenerate() error {
	st := &state{}
	loaded := false
	if s.opts.StateFile != "" {
		b, err := os.ReadFile(s.opts.StateFile)
		switch {
		case err == nil:
			if err := json.Unmarshal(b, st); err != nil {
				return fmt.Errorf("meshsim: read state %s: %w", s.opts.StateFile, err)
			}
			if st.Version != stateVersion {
				return fmt.Errorf("meshsim: state %s has version %d, want %d", s.opts.StateFile, st.Version, stateVersion)
			}
			loaded = true
		case errors.Is(err, fs.ErrNotExist):
		default:
			return fmt.Errorf("meshsim: read state: %w", err)
		}
	}
	if !loaded {
		st = &state{
			Version: stateVersion, Seed: s.opts.Seed, Generated: s.opts.Transfers,
			HistoryEnd: s.opts.HistoryEnd.Unix(), HistorySpan: int64(s.opts.HistorySpan / time.Second),
			StartedAt: s.nowMs(),
		}
		st.SubClients = seededSubClients(st.Seed, s.opts.Clients[0].ID)
	}
	if st.LinkTokens == nil {
		st.LinkTokens = map[string]*linkToken{}
	}
	if st.CallbackURLs == nil {
		st.CallbackURLs = map[string][]string{}
	}
	if st.Previews == nil {
		st.Previews = map[string]*preview{}
	}
	if st.Overrides == nil {
		st.Overrides = map[int]*Transfer{}
	}
	if st.AdminTokens == nil {
		st.AdminTokens = map[string]adminToken{}
	}
	s.st = st
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	gen := generate(st.Seed, st.Generated, s.opts.Clients[0].ID, time.Unix(st.HistoryEnd, 0),
		time.Duration(st.HistorySpan)*time.Second, st.SubClients)
	h := newHistory(len(gen) + len(st.Extra) + 1024)
	for i, t := range gen {
		if o, ok := st.Overrides[i]; ok {
			*t = *o
			st.Overrides[i] = t
		}
		h.add(t)
	}
	h.gen = len(gen)
	for _, t := range st.Extra {
		h.add(t)
	}
	s.hist = h
	if s.opts.SettleGenerated {
		due := time.UnixMilli(st.StartedAt).Add(s.opts.SettleDelay).UnixMilli()
		for i := 0; i < h.gen; i++ {
			if t := h.ts[i]; t.Status == StatusPending && t.SettleAt == 0 {
				t.SettleAt = due
			}
		}
	}
	for i := range h.ts {
		s.trackSettle(int32(i))
	}
	if !loaded && s.opts.StateFile != "" {
		s.dirty = true
		return s.Save()
	}
	return nil
}

// Save writes the state file now (atomically: temp file, fsync, rename). No-op without
// Options.StateFile.
func (s *Sim) Save() error {
	if s.opts.StateFile == "" {
		return nil
	}
	s.mu.Lock()
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	s.expireLocked()
	b, err := json.Marshal(s.st)
	s.dirty = false
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("meshsim: encode state: %w", err)
	}
	if err := writeAtomic(s.opts.StateFile, b); err != nil {
		s.mu.Lock()
		s.dirty = true
		s.mu.Unlock()
		return err
	}
	return nil
}

// expireLocked drops link tokens, previews and admin tokens that can no longer be used,
// so the state file does not grow forever.
func (s *Sim) expireLocked() {
	now := s.nowMs()
	ttl := s.opts.LinkTokenTTL.Milliseconds()
	for k, lt := range s.st.LinkTokens {
		if now-lt.CreatedAt > ttl+3600_000 {
			delete(s.st.LinkTokens, k)
		}
	}
	for k, p := range s.st.Previews {
		if now > p.ExpiresAt+3600_000 {
			delete(s.st.Previews, k)
		}
	}
	for k, a := range s.st.AdminTokens {
		if now > a.ExpiresAt {
			delete(s.st.AdminTokens, k)
		}
	}
}

func writeAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("meshsim: state dir: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("meshsim: write state: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("meshsim: write state: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("meshsim: sync state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("meshsim: close state: %w", err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("meshsim: chmod state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("meshsim: replace state: %w", err)
	}
	return nil
}

// saveLoop writes the state file shortly after changes (coalescing bursts).
func (s *Sim) saveLoop() {
	defer s.wg.Done()
	for {
		select {
		case <-s.closed:
			return
		case <-s.saveCh:
		}
		select {
		case <-s.closed:
			return
		case <-time.After(50 * time.Millisecond):
		}
		if err := s.Save(); err != nil {
			s.log.Error("meshsim: save state", "err", err)
		}
	}
}
