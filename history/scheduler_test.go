package history_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"meshdesk/history"
	"meshdesk/meshsim"
)

func TestScheduler(t *testing.T) {
	sim := mustSim(t, 300, nil)
	db, pid := mustStore(t)
	s := history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{})

	var mu sync.Mutex
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	armed := make(chan struct{}, 16) // the loop waits again
	tick := make(chan time.Time)
	results := make(chan error, 16)
	sch := history.NewScheduler(s, pid, history.SchedulerOptions{
		Interval: time.Minute, MinGap: 30 * time.Second, Now: clock,
		After:    func(time.Duration) <-chan time.Time { armed <- struct{}{}; return tick },
		OnResult: func(_ history.Result, err error) { results <- err },
	})
	sch.Start(context.Background())
	defer sch.Stop()
	<-armed

	mustResult := func(what string) {
		t.Helper()
		select {
		case err := <-results:
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: no sync", what)
		}
		<-armed
	}
	noResult := func(what string) {
		t.Helper()
		select {
		case err := <-results:
			t.Fatalf("%s: a sync ran (%v)", what, err)
		default:
		}
	}

	sch.Trigger() // window focus
	mustResult("first trigger")
	mustMatchSim(t, sim, db, pid)

	advance(10 * time.Second)
	sch.Trigger() // focus again, too soon: dropped
	<-armed
	noResult("trigger within MinGap")

	if _, err := sim.AddTransfers(meshsim.Transfer{}); err != nil {
		t.Fatal(err)
	}
	sch.SyncNow() // the user asks: runs regardless
	mustResult("SyncNow")
	mustMatchSim(t, sim, db, pid)

	if _, err := sim.AddTransfers(meshsim.Transfer{}); err != nil {
		t.Fatal(err)
	}
	tick <- now // the interval elapsed
	mustResult("interval")
	mustMatchSim(t, sim, db, pid)

	advance(time.Minute)
	sch.Trigger()
	mustResult("trigger after MinGap")

	// Another process holds the lease: the scheduled run reports it and the loop goes on.
	release, err := db.AcquireSyncLease(context.Background(), pid, "desktop pid 7", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	sch.SyncNow()
	select {
	case err := <-results:
		if !errors.Is(err, history.ErrSyncInProgress) {
			t.Fatalf("sync during another process's: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no result")
	}
	<-armed
	release()
	if sch.Running() {
		t.Error("Running after the sync ended")
	}
}
