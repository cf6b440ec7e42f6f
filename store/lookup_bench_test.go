package store_test

import (
	"context"
	"database/sql"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"meshdesk/store"
)

// BenchmarkLookupWhileSearchFills measures exact look-ups (FindTransfers) on a copy of the
// window benchmarks' fixture, opened with the search worker on: idle (the index complete),
// and while the worker fills the index from empty (the whole table its backlog). It reports
// p50/p95/p99 (wall, and CPU of the calling thread), the backlog left when the look-ups
// ended (above 0: the worker had work throughout) and the rows the worker indexed per second
// meanwhile.
func BenchmarkLookupWhileSearchFills(b *testing.B) {
	f := million(b)
	ctx := context.Background()
	path := mustCopyFixture(b, f)
	db, err := store.Open(path) // the default search worker
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	r := rand.New(rand.NewSource(2))
	lookup := func(i int) {
		x := f.ts[r.Intn(len(f.ts))]
		v := []string{x.ID, x.Hash, x.DestinationAddress, x.ClientTransactionID}[i%4]
		m, err := db.FindTransfers(ctx, f.profile, v, store.LookupLimit)
		if err != nil || len(m.Rows) != 1 {
			b.Fatalf("look up %q: %d rows, %v", v, len(m.Rows), err)
		}
	}
	lookup(0) // the query index's first load
	b.Run("idle", func(b *testing.B) {
		latency(b, lookup)
	})
	// Look-ups one by one (a user's), each after the worker has had time to resume, or in a
	// stream (a script's, or the bench's); 60 of the first kind at any -benchtime (10 under
	// -short: bench-packages).
	b.Run("while_search_index_fills_one_by_one", func(b *testing.B) {
		n := 60
		if testing.Short() {
			n = 10
		}
		fill(b, db, f.profile, func() { latencyRuns(b, n, 150*time.Millisecond, lookup) })
	})
	b.Run("while_search_index_fills", func(b *testing.B) {
		fill(b, db, f.profile, func() { latency(b, lookup) })
	})
}

// fill empties the search index of db, waits for its worker to start filling it and runs
// measure, reporting the backlog left when it ended and the rows indexed per second meanwhile.
func fill(b *testing.B, db *store.DB, profileID string, measure func()) {
	ctx := context.Background()
	if err := store.ResetSearchIndex(ctx, db); err != nil {
		b.Fatal(err)
	}
	// Wait until the worker has started (it looks every 200 ms).
	rows := benchRows()
	for {
		n, err := db.SearchBacklog(ctx, profileID)
		if err != nil {
			b.Fatal(err)
		}
		if n < rows {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	before, _ := db.SearchBacklog(ctx, profileID)
	// One look-up untimed: the count above filled a read connection's page cache, which the
	// next read after a commit frees (tens of milliseconds that are the count's, not a look-up's).
	if _, err := db.FindTransfers(ctx, profileID, "0xnothing", store.LookupLimit); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	measure()
	d := time.Since(start)
	after, err := db.SearchBacklog(ctx, profileID)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(after), "backlog_at_end")
	b.ReportMetric(float64(before-after)/d.Seconds(), "indexed/s")
	if after == 0 {
		b.Log("the index was complete before the look-ups ended: the figures include idle time")
	}
}

// mustCopyFixture copies the fixture's database (its WAL checkpointed into it first) and its
// query index snapshot into a temp folder, so a benchmark can empty the copy's search index
// without the fixture's having to be filled again.
func mustCopyFixture(b *testing.B, f *fixture) string {
	b.Helper()
	src := f.db.Path()
	conn, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	var busy, log, copied int
	if err := conn.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &log, &copied); err != nil || busy != 0 {
		b.Fatalf("checkpoint the fixture: %v (busy %d)", err, busy)
	}
	dir := b.TempDir()
	for _, from := range append([]string{src}, mustGlob(b, store.SnapshotGlob(src))...) {
		mustCopyFile(b, from, filepath.Join(dir, filepath.Base(from)))
	}
	return filepath.Join(dir, filepath.Base(src))
}

func mustGlob(b *testing.B, pattern string) []string {
	m, err := filepath.Glob(pattern)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func mustCopyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
