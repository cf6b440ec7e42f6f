package history_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/history"
	"meshdesk/meshsim"
	"meshdesk/store"
)

const historyRoute = "GET /api/v1/transfers/managed/mesh"

func TestFirstSyncStoresExactlyWhatMeshHolds(t *testing.T) {
	n := size(100_000, 3_000)
	sim := mustSim(t, n, nil)
	db, pid := mustStore(t)
	var last history.Progress
	var calls int
	s := history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{
		OnProgress: func(p history.Progress) { last = p; calls++ },
	})
	start := time.Now()
	res := mustSync(t, s, pid)
	took := time.Since(start)
	t.Logf("first sync of %d transfers: %v (%.0f transfers/s), %d requests", n, took, float64(n)/took.Seconds(), res.Requests)
	mustMatchSim(t, sim, db, pid)
	if res.Mode != history.ModeBackfill || res.Resumed {
		t.Errorf("mode %q resumed %v, want a fresh backfill", res.Mode, res.Resumed)
	}
	if res.New != n {
		t.Errorf("New = %d, want %d", res.New, n)
	}
	if last.Phase != history.PhaseDone || last.Transfers < n || last.Pages < n/100 || calls < 3 {
		t.Errorf("last progress %+v after %d calls", last, calls)
	}
	st, err := db.SyncState(context.Background(), pid)
	if err != nil {
		t.Fatal(err)
	}
	if st.Phase != store.SyncIdle || st.HighWater == 0 || st.LastCompleted.IsZero() || st.LastError != "" {
		t.Errorf("sync state after success: %+v", st)
	}

	// A re-sync of the unchanged history makes a handful of requests and changes nothing.
	sim.ResetRequestCounts()
	start = time.Now()
	res = mustSync(t, s, pid)
	took = time.Since(start)
	reqs := sim.RequestCount(historyRoute)
	t.Logf("re-sync of unchanged history: %v, %d requests (%+v)", took, reqs, res)
	if res.Mode != history.ModeIncremental || res.New != 0 || res.Changed != 0 {
		t.Errorf("re-sync: %+v, want incremental with nothing new", res)
	}
	if reqs > 20 || reqs != res.Requests {
		t.Errorf("re-sync made %d requests (reported %d), want a handful", reqs, res.Requests)
	}
	mustMatchSim(t, sim, db, pid)
}

func TestSyncEmptyHistory(t *testing.T) {
	sim := mustSim(t, 0, nil)
	db, pid := mustStore(t)
	s := history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{})
	res := mustSync(t, s, pid)
	if res.Mode != history.ModeBackfill || res.Requests != 1 || res.Transfers != 0 {
		t.Errorf("first sync of nothing: %+v", res)
	}
	res = mustSync(t, s, pid)
	if res.Mode != history.ModeIncremental || res.Requests != 1 {
		t.Errorf("second sync of nothing: %+v", res)
	}
	if _, err := sim.AddTransfers(meshsim.Transfer{}, meshsim.Transfer{Status: meshsim.StatusSucceeded}); err != nil {
		t.Fatal(err)
	}
	mustSync(t, s, pid)
	mustMatchSim(t, sim, db, pid)
}

// TestArrivalsAndStatusChanges adds transfers (several in one second, some in the overlap)
// and settles pending ones while a sync runs and between syncs; the last sync leaves the store
// equal to the emulator.
func TestArrivalsAndStatusChanges(t *testing.T) {
	n := size(5_000, 3_000)
	sim := mustSim(t, n, nil)
	db, pid := mustStore(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var mu sync.Mutex
	pendingIDs := func() []string {
		var ids []string
		for _, tr := range sim.Snapshot() {
			if tr.Status == meshsim.StatusPending {
				ids = append(ids, tr.ID)
			}
		}
		return ids
	}
	churn := func(adds, settles int) {
		mu.Lock()
		defer mu.Unlock()
		now := sim.Now().Unix()
		var ts []meshsim.Transfer
		for i := 0; i < adds; i++ {
			tr := meshsim.Transfer{CreatedTimestamp: now} // several in the same second
			switch i % 4 {
			case 1:
				tr.CreatedTimestamp = now - 30 // arrives late, inside the overlap
			case 2:
				tr.Status = meshsim.StatusSucceeded
			}
			ts = append(ts, tr)
		}
		if _, err := sim.AddTransfers(ts...); err != nil {
			t.Errorf("add: %v", err)
		}
		ids := pendingIDs()
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		for i := 0; i < settles && i < len(ids); i++ {
			st := meshsim.StatusSucceeded
			if i%3 == 0 {
				st = meshsim.StatusFailed
			}
			if _, err := sim.SetTransferStatus(ids[i], st); err != nil {
				t.Errorf("settle: %v", err)
			}
		}
	}
	src := &countingSource{src: history.MeshSource(mustClient(t, sim))}
	src.before = func(k int64, q history.PageQuery) error {
		if k%5 == 0 { // during the sync
			churn(3, 2)
		}
		return nil
	}
	s := history.NewSyncer(db, src, history.Options{})
	for round := 0; round < 4; round++ {
		mustSync(t, s, pid)
		churn(7, 30) // between syncs
	}
	src.before = nil
	res := mustSync(t, s, pid)
	t.Logf("last sync: %+v", res)
	mustMatchSim(t, sim, db, pid)
}

// TestManyPendingSettleAtOnce re-checks more stored pending transfers than StragglerLimit
// after they left the pending list, and a few (by Id).
func TestManyPendingSettleAtOnce(t *testing.T) {
	for _, settle := range []int{2, 60} {
		t.Run(fmt.Sprint(settle), func(t *testing.T) {
			sim := mustSim(t, size(3_000, 1_500), nil)
			// Pending transfers spread over the last 300 days.
			var extra []meshsim.Transfer
			for i := 0; i < 80; i++ {
				extra = append(extra, meshsim.Transfer{CreatedTimestamp: sim.Now().Unix() - int64(i)*300*86400/80})
			}
			if _, err := sim.AddTransfers(extra...); err != nil {
				t.Fatal(err)
			}
			db, pid := mustStore(t)
			s := history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{})
			mustSync(t, s, pid)
			k := 0
			for _, tr := range sim.Snapshot() {
				if tr.Status == meshsim.StatusPending && k < settle {
					if _, err := sim.SetTransferStatus(tr.ID, meshsim.StatusFailed); err != nil {
						t.Fatal(err)
					}
					k++
				}
			}
			if k < settle {
				t.Fatalf("only %d pending transfers to settle", k)
			}
			res := mustSync(t, s, pid)
			t.Logf("%+v", res)
			mustMatchSim(t, sim, db, pid)
		})
	}
}

// TestSyncWithFaults injects faults the client retries (429, 5xx; at most three in a row, as
// the client makes four attempts) and truncated pages the syncer fetches again; the first sync
// and an incremental one both end exact.
func TestSyncWithFaults(t *testing.T) {
	tests := []struct {
		name   string
		faults []meshsim.Fault
	}{
		{"429", []meshsim.Fault{{Route: historyRoute, Kind: meshsim.Fault429, Times: 3, Skip: 3}, {Route: historyRoute, Kind: meshsim.Fault429, Times: 2, Skip: 20}}},
		{"500", []meshsim.Fault{{Route: historyRoute, Kind: meshsim.Fault500, Times: 3, Skip: 2}, {Route: historyRoute, Kind: meshsim.Fault502, Times: 2, Skip: 12}}},
		{"truncated", []meshsim.Fault{{Route: historyRoute, Kind: meshsim.FaultTruncate, Times: 3, Skip: 1}, {Route: historyRoute, Kind: meshsim.FaultTruncate, Times: 2, Skip: 15}}},
		{"mixed", []meshsim.Fault{{Route: historyRoute, Kind: meshsim.Fault429, Times: 2, Skip: 5}, {Route: historyRoute, Kind: meshsim.Fault500, Times: 2, Skip: 8}, {Route: historyRoute, Kind: meshsim.FaultTruncate, Times: 2, Skip: 11}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := size(3_000, 1_500)
			var faults []meshsim.Fault
			for _, f := range tc.faults {
				if f.Skip+f.Times < n/100 { // hit while the first sync still pages
					faults = append(faults, f)
				}
			}
			sim := mustSim(t, n, func(o *meshsim.Options) { o.Faults = faults })
			db, pid := mustStore(t)
			s := history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{Sleep: func(context.Context, time.Duration) error { return nil }})
			mustSync(t, s, pid)
			mustMatchSim(t, sim, db, pid)
			if left := sim.Faults(); len(left) != 0 {
				t.Errorf("faults never hit: %+v", left)
			}
			// Faults during an incremental sync with changes.
			if _, err := sim.AddTransfers(meshsim.Transfer{}, meshsim.Transfer{}, meshsim.Transfer{Status: meshsim.StatusFailed}); err != nil {
				t.Fatal(err)
			}
			sim.ClearFaults()
			f := tc.faults[0]
			f.Skip, f.Times = 1, 3
			if err := sim.AddFault(f); err != nil {
				t.Fatal(err)
			}
			mustSync(t, s, pid)
			mustMatchSim(t, sim, db, pid)
		})
	}
}

// TestPageThatKeepsFailing stops with a clear error, keeps the stored pages, and the next run
// finishes the backfill.
func TestPageThatKeepsFailing(t *testing.T) {
	tests := []struct {
		name string
		kind string
		want string
	}{
		{"server", meshsim.Fault500, "HTTP 500"},
		{"truncated", meshsim.FaultTruncate, "offset 500"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sim := mustSim(t, max(size(3_000, 1_000), 700), nil)
			db, pid := mustStore(t)
			// Pages 1..5 succeed, then the history route fails for good.
			if err := sim.AddFault(meshsim.Fault{Route: historyRoute, Kind: tc.kind, Skip: 5}); err != nil {
				t.Fatal(err)
			}
			s := history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{Prefetch: 1, Sleep: func(context.Context, time.Duration) error { return nil }})
			_, err := s.Sync(context.Background(), pid)
			if err == nil {
				t.Fatal("sync succeeded against a failing page")
			}
			msg := err.Error()
			for _, w := range []string{"sync stopped", "pages stored and kept", tc.want} {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			got := mustStoredStatuses(t, db.Path(), pid)
			if len(got) != 500 {
				t.Errorf("%d transfers kept, want the 5 pages stored before the failure", len(got))
			}
			st, _ := db.SyncState(context.Background(), pid)
			if st.Phase != store.SyncPaging || st.Offset != 500 || !strings.Contains(st.LastError, "sync stopped") {
				t.Errorf("state after failure: %+v", st)
			}
			sim.ClearFaults()
			sim.ResetRequestCounts()
			res := mustSync(t, s, pid)
			if !res.Resumed || res.Mode != history.ModeBackfill {
				t.Errorf("second run %+v, want a resumed backfill", res)
			}
			if got := sim.RequestCount(historyRoute); got > 30 {
				t.Errorf("resumed backfill made %d requests; it should start at offset 500", got)
			}
			mustMatchSim(t, sim, db, pid)
		})
	}
}

func TestSyncCancelledResumes(t *testing.T) {
	n := size(5_000, 2_000)
	cancelAt := max(n/400, 2) // pages
	sim := mustSim(t, n, nil)
	db, pid := mustStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{Prefetch: 1, OnProgress: func(p history.Progress) {
		if p.Pages >= cancelAt {
			cancel()
		}
	}})
	_, err := s.Sync(ctx, pid)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled sync returned %v", err)
	}
	kept := len(mustStoredStatuses(t, db.Path(), pid))
	if kept < cancelAt*100 || kept >= n {
		t.Errorf("%d transfers kept after cancelling after page %d", kept, cancelAt)
	}
	res := mustSync(t, history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{}), pid)
	if !res.Resumed || res.Mode != history.ModeBackfill || res.New != n-kept {
		t.Errorf("resumed: %+v (kept %d)", res, kept)
	}
	mustMatchSim(t, sim, db, pid)
}

func TestSecondSyncIsRefused(t *testing.T) {
	sim := mustSim(t, 100, nil)
	db, pid := mustStore(t)
	release, err := db.AcquireSyncLease(context.Background(), pid, "desktop pid 4242", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	s := history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{Holder: "cli pid 1"})
	_, err = s.Sync(context.Background(), pid)
	if !errors.Is(err, history.ErrSyncInProgress) {
		t.Fatalf("sync during another: %v", err)
	}
	for _, w := range []string{"already in progress", "desktop pid 4242"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("refusal %q lacks %q", err, w)
		}
	}
	if got := sim.RequestCount(historyRoute); got != 0 {
		t.Errorf("refused sync made %d requests", got)
	}
	release()
	mustSync(t, s, pid)
	mustMatchSim(t, sim, db, pid)
}

// TestConcurrentSyncsNeverInterleave starts several syncs of one profile at once: one runs,
// the others are refused, and the result is exact.
func TestConcurrentSyncsNeverInterleave(t *testing.T) {
	sim := mustSim(t, size(2_000, 2_000), nil)
	db, pid := mustStore(t)
	s := history.NewSyncer(db, history.MeshSource(mustClient(t, sim)), history.Options{})
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.Sync(context.Background(), pid)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, history.ErrSyncInProgress):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok < 1 {
		t.Errorf("no sync ran")
	}
	mustMatchSim(t, sim, db, pid)
}
