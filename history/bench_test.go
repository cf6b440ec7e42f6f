package history_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/store"
)

// BenchmarkFirstSync100k syncs a 100k-transfer history from the emulator over loopback into a
// fresh store (target: under 5 s) with the search worker on, as in the app. It reports the
// rate by wall time and by CPU time (transfers/cpu_s: the whole process, so the in-process
// emulator's serving is counted too), and the time from the start until every transfer is
// in the search index (s_until_searchable; the worker catches up once the sync is over). The
// page transactions are counted and timed: s_storing/sync is the time spent in ApplySyncPage
// (the sync's critical path when fetching overlaps storing: s/sync is then barely more;
// cpu_s_sync_goroutine/sync is that goroutine's CPU time, what s/sync comes to on an idle
// machine), and
// page_tx_p50_ms/page_tx_max_ms bound how long a webhook waits for the write lock meanwhile.
func BenchmarkFirstSync100k(b *testing.B) {
	n := benchSize()
	sim := mustSim(b, n, nil)
	c := mustClient(b, sim)
	var total, cpu, syncCPU, searchable time.Duration
	var txs int64
	var took []time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, pid := mustStore(b)
		st := &txCountingStore{DB: db}
		s := history.NewSyncer(st, history.MeshSource(c), history.Options{})
		b.StartTimer()
		// The sync's own goroutine stores the pages; on one OS thread its CPU time is the
		// critical path's, whatever else the machine runs.
		runtime.LockOSThread()
		start, c0, t0 := time.Now(), cpuNow(), threadCPU()
		res, err := s.Sync(context.Background(), pid)
		total += time.Since(start)
		cpu += cpuNow() - c0
		syncCPU += threadCPU() - t0
		runtime.UnlockOSThread()
		if err != nil || res.New != n {
			b.Fatalf("sync: %+v, %v", res, err)
		}
		b.StopTimer()
		txs += st.n.Load()
		took = append(took, st.took...)
		searchable += mustSearchable(b, db, pid, start)
	}
	if syncCPU > 0 {
		b.ReportMetric(syncCPU.Seconds()/float64(b.N), "cpu_s_sync_goroutine/sync")
	}
	b.ReportMetric(float64(txs)/float64(b.N), "page_tx/sync")
	var storing time.Duration
	for _, d := range took {
		storing += d
	}
	b.ReportMetric(storing.Seconds()/float64(b.N), "s_storing/sync")
	b.ReportMetric(float64(percentile(took, 50).Microseconds())/1000, "page_tx_p50_ms")
	b.ReportMetric(float64(percentile(took, 100).Microseconds())/1000, "page_tx_max_ms")
	b.ReportMetric(float64(n*b.N)/total.Seconds(), "transfers/s")
	b.ReportMetric(float64(n*b.N)/cpu.Seconds(), "transfers/cpu_s")
	b.ReportMetric(total.Seconds()/float64(b.N), "s/sync")
	b.ReportMetric(searchable.Seconds()/float64(b.N), "s_until_searchable")
}

// txCountingStore counts the transactions that store backfill pages (ApplySyncPage calls) and
// times them: a webhook that arrives meanwhile waits for the write lock up to one of them.
type txCountingStore struct {
	*store.DB
	n    atomic.Int64
	mu   sync.Mutex
	took []time.Duration
}

func (s *txCountingStore) ApplySyncPage(ctx context.Context, profileID string, ts []mesh.Transfer, st store.SyncState) (store.PageResult, error) {
	s.n.Add(1)
	start := time.Now()
	r, err := s.DB.ApplySyncPage(ctx, profileID, ts, st)
	s.mu.Lock()
	s.took = append(s.took, time.Since(start))
	s.mu.Unlock()
	return r, err
}

// mustSearchable waits until the store's search index holds every transfer of the profile and
// returns the time since start.
func mustSearchable(b *testing.B, db *store.DB, pid string, start time.Time) time.Duration {
	b.Helper()
	for {
		n, err := db.SearchBacklog(context.Background(), pid)
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			return time.Since(start)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// BenchmarkResyncUnchanged100k re-syncs an unchanged 100k history (target: under 200 ms and a
// handful of requests).
func BenchmarkResyncUnchanged100k(b *testing.B) {
	sim := mustSim(b, benchSize(), nil)
	db, pid := mustStore(b)
	s := history.NewSyncer(db, history.MeshSource(mustClient(b, sim)), history.Options{})
	mustSync(b, s, pid)
	mustSearchable(b, db, pid, time.Now()) // the worker is idle, as when the app re-syncs later
	sim.ResetRequestCounts()
	b.ResetTimer()
	c0 := cpuNow()
	for i := 0; i < b.N; i++ {
		res := mustSync(b, s, pid)
		if res.New != 0 || res.Changed != 0 {
			b.Fatalf("re-sync changed something: %+v", res)
		}
	}
	cpu := cpuNow() - c0
	b.StopTimer()
	b.ReportMetric(float64(sim.RequestCount(historyRoute))/float64(b.N), "requests/sync")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/sync")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu_ms/sync")
}

// BenchmarkReceiver500rps sends signed deliveries to the receiver over loopback at 500
// requests per second (a third of them duplicates) and reports acknowledgement latency: with
// the group commit (the store records the deliveries waiting together in one transaction) and
// with a transaction per delivery. At least 3000 deliveries (300 under -short) whatever b.N.
// The search index is complete before the first delivery, as in a running app, except in
// during_search_fill (a commit per delivery, the default), where the store's search worker fills it for the 5,000 transfers just
// stored while the deliveries arrive (as after a sync): its batches hold SQLite's one write
// lock, and deliveries wait for them.
func BenchmarkReceiver500rps(b *testing.B) {
	for _, mode := range []struct {
		name        string
		group, fill bool
	}{{"group_commit", true, false}, {"commit_per_delivery", false, false}, {"during_search_fill", false, true}} {
		b.Run(mode.name, func(b *testing.B) { benchReceiver(b, mode.group, mode.fill) })
	}
}

func benchReceiver(b *testing.B, group, fill bool) {
	sim := mustSim(b, 5_000, nil)
	db, pid := mustStore(b)
	var known []mesh.Transfer
	for _, tr := range sim.Snapshot() {
		known = append(known, mesh.Transfer{ID: tr.ID, Status: mesh.StatusPending, CreatedTimestamp: tr.CreatedTimestamp})
	}
	if _, err := db.UpsertTransfers(context.Background(), pid, known); err != nil {
		b.Fatal(err)
	}
	for !fill {
		n, err := db.CatchUpSearch(context.Background(), 2000)
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	r, err := history.NewReceiver(history.ReceiverOptions{ProfileID: pid, Secret: hookSecret, Store: db, GroupCommit: group})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	srv := httptest.NewServer(r)
	defer srv.Close()
	n := max(b.N, 3000)
	if testing.Short() {
		n = max(b.N, 300)
	}
	bodies := make([][]byte, n)
	for i := range bodies {
		k := i - i%3 // every third delivery repeats an event
		tr := known[k%len(known)]
		bodies[i], _ = json.Marshal(map[string]any{"Id": fmt.Sprint("d", i), "EventId": fmt.Sprint("bench-", k), "TransferId": tr.ID,
			"TransferStatus": []string{"Pending", "Succeeded", "Failed"}[k%3], "Timestamp": k})
	}
	lat, cpu := mustSendAt500(b, srv, bodies)
	if st := r.Stats(); st.Received != int64(n) || st.Refused != 0 || st.Duplicates < int64(n/2) {
		b.Fatalf("stats %+v after %d deliveries", st, n)
	}
	b.ReportMetric(float64(percentile(lat, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(percentile(lat, 100).Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/delivery")
	b.ReportMetric(float64(n), "deliveries")
}

// cpuNow is the process's CPU time (user + system), for figures the machine's other load
// does not distort.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// threadCPU is the CPU time of the calling OS thread (RUSAGE_THREAD, 1 on Linux), or 0 where
// the call fails.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(1, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchSize is the history size of the sync benchmarks: 100k, or 2k under -short
// (make bench-smoke goes through every path at tiny sizes).
func benchSize() int {
	if testing.Short() {
		return 2_000
	}
	return 100_000
}

// mustSendAt500 posts each body, signed with hookSecret, to srv at 500 requests per second
// (open loop: a goroutine per request) with the benchmark timer running, and returns each
// delivery's acknowledgement latency and the process CPU time the sending took.
func mustSendAt500(b *testing.B, srv *httptest.Server, bodies [][]byte) ([]time.Duration, time.Duration) {
	b.Helper()
	lat := make([]time.Duration, len(bodies))
	tick := time.NewTicker(2 * time.Millisecond) // 500 requests per second
	defer tick.Stop()
	var wg sync.WaitGroup
	b.ResetTimer()
	c0 := cpuNow()
	for i := range bodies {
		<-tick.C
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(bodies[i]))
			req.Header.Set(mesh.SignatureHeader, mesh.SignPayload(bodies[i], hookSecret))
			start := time.Now()
			resp, err := srv.Client().Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			lat[i] = time.Since(start)
			if resp.StatusCode != 200 {
				b.Errorf("HTTP %d", resp.StatusCode)
			}
		}(i)
	}
	wg.Wait()
	b.StopTimer()
	return lat, cpuNow() - c0
}
