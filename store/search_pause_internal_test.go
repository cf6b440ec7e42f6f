package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"meshdesk/mesh"
)

// mustOpenWorker opens a store whose search worker looks every millisecond, moves batch
// transfers a turn and yields to foreground queries as p says (p.hook is set to send the
// worker's events to the returned channel, after calling after, if set, on the worker's
// goroutine).
func mustOpenWorker(t *testing.T, batch int, p searchPause, after func(*DB, searchEvent)) (*DB, string, <-chan searchEvent) {
	t.Helper()
	events := make(chan searchEvent, 1024)
	stop := make(chan struct{})
	var opened atomic.Pointer[DB]
	p.hook = func(e searchEvent) {
		if after != nil {
			after(opened.Load(), e)
		}
		select {
		case events <- e:
		case <-stop: // the test is over: the worker must not block Close
		}
	}
	db, err := Open(filepath.Join(t.TempDir(), "meshdesk.db"), WithSearchIndexing(time.Millisecond, batch), func(db *DB) { db.pause = p })
	if err != nil {
		t.Fatal(err)
	}
	opened.Store(db)
	t.Cleanup(func() { close(stop); db.Close() })
	pr, err := db.CreateProfile(context.Background(), Profile{Name: "A", Env: EnvDemo})
	if err != nil {
		t.Fatal(err)
	}
	return db, pr.ID, events
}

// mustUpsertN stores n transfers with ids prefix-000… and tells the worker no batch is
// arriving (so it yields only to queries).
func mustUpsertN(t *testing.T, db *DB, pid, prefix string, n int) {
	t.Helper()
	var ts []mesh.Transfer
	for i := range n {
		ts = append(ts, mesh.Transfer{ID: fmt.Sprintf("%s-%03d", prefix, i), Status: mesh.StatusPending, Hash: fmt.Sprintf("0x%s%03dcafe", prefix, i)})
	}
	if _, err := db.UpsertTransfers(context.Background(), pid, ts); err != nil {
		t.Fatal(err)
	}
	db.lastBulk.Store(0)
}

// next returns the worker's next event (failing after a minute: the worker is stuck).
func next(t *testing.T, events <-chan searchEvent) searchEvent {
	t.Helper()
	select {
	case e := <-events:
		return e
	case <-time.After(time.Minute):
		t.Fatal("the search worker did nothing for a minute")
		return 0
	}
}

func mustBacklog(t *testing.T, db *DB, pid string) int {
	t.Helper()
	n, err := db.SearchBacklog(context.Background(), pid)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSearchWorkerPausesForQueries: while a foreground query runs, the worker looks again and
// again but moves nothing; once the query is over it fills the index.
func TestSearchWorkerPausesForQueries(t *testing.T) {
	db, pid, events := mustOpenWorker(t, 5, searchPause{max: time.Hour}, nil)
	done := db.foreground()
	mustUpsertN(t, db, pid, "a", 20)
	db.kickSearch()
	for paused := 0; paused < 3; {
		switch e := next(t, events); e {
		case searchPausedForQueries:
			paused++
		case searchPausedForWrites: // looked before lastBulk was cleared
		default:
			t.Fatalf("while a query runs the worker did %d; want it to pause", e)
		}
	}
	if n := mustBacklog(t, db, pid); n != 20 {
		t.Fatalf("backlog %d while a query ran; want 20 (nothing moved)", n)
	}
	done()
	moved := false
	for mustBacklog(t, db, pid) > 0 {
		switch next(t, events) {
		case searchMoved:
			moved = true
		case searchPausedForQueries:
			if moved {
				t.Fatal("the worker paused again after the query ended (grace 0)")
			}
		}
	}
}

// TestSearchWorkerNotStarvedByQueries: with queries running all the time the worker still
// fills the index, a short turn each time it has waited the longest pause.
func TestSearchWorkerNotStarvedByQueries(t *testing.T) {
	db, pid, events := mustOpenWorker(t, 8, searchPause{grace: time.Hour, max: time.Millisecond}, nil)
	done := db.foreground()
	defer done()
	mustUpsertN(t, db, pid, "a", 20)
	db.kickSearch()
	// The first look finds the query running (or the batch just written) and pauses; from
	// then on, each time it has paused max, the worker moves one short batch.
	paused := 0
	for mustBacklog(t, db, pid) > 0 {
		if e := next(t, events); e == searchPausedForQueries || e == searchPausedForWrites {
			paused++
		}
	}
	if paused == 0 {
		t.Fatal("the worker filled the index without ever pausing")
	}
}

// TestSearchWorkerResumesMerging: merge steps interrupted by a query are taken up again once
// it is over, though no transfer is left to move.
func TestSearchWorkerResumesMerging(t *testing.T) {
	var done func()
	db, pid, events := mustOpenWorker(t, 1000, searchPause{max: time.Hour}, func(db *DB, e searchEvent) {
		if e == searchMoved && done == nil {
			done = db.foreground() // a query starts as the worker is about to merge
		}
	})
	// Many small segments, written while a query keeps the worker away.
	hold := db.foreground()
	mustUpsertN(t, db, pid, "a", 60)
	mustCatchUpInBatches(t, db, 5)
	before := segments(t, db)
	if before < 8 {
		t.Fatalf("%d segments; the test needs at least usermerge (8) unmerged", before)
	}
	mustUpsertN(t, db, pid, "b", 5)
	hold()
	for e := next(t, events); e != searchMoved; e = next(t, events) {
	}
	// The worker moved the five, a query started, it paused before merging.
	for e := next(t, events); e != searchPausedForQueries; e = next(t, events) {
		if e == searchMerged {
			t.Fatal("the worker merged while a query ran")
		}
	}
	if n := mustBacklog(t, db, pid); n != 0 {
		t.Fatalf("backlog %d; want 0", n)
	}
	done()
	for e := next(t, events); e != searchMerged; e = next(t, events) {
	}
	if after := segments(t, db); after >= 8 {
		t.Fatalf("%d segments after the worker merged (%d before); want fewer than usermerge (8)", after, before)
	}
}
