package history_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// largeStoreSize is the history of BenchmarkReceiverLargeStore: 100k transfers, 1M with
// HISTORY_BENCH_1M=1 (make bench's size), 5k under -short.
func largeStoreSize() int {
	switch {
	case testing.Short():
		return 5_000
	case os.Getenv("HISTORY_BENCH_1M") == "1":
		return 1_000_000
	}
	return 100_000
}

// BenchmarkReceiverLargeStore sends signed deliveries at 500 requests per second (a third of
// them repeating an event) to the receiver of a large store reopened as the app reopens it
// after a sync, and reports the acknowledgement latency. Deliveries move pending transfers to
// succeeded or failed with their hash (which changes the searchable text), and a quarter try
// to move a final transfer back to pending (stale), as Mesh's retries do. Cases:
// index_complete (the search index holds every transfer) and index_filling (nothing is in the
// search index yet: the store's worker fills it while the deliveries arrive, as after a first
// sync). It reports the search backlog before and after, and checks that every valid event
// was applied exactly once.
func BenchmarkReceiverLargeStore(b *testing.B) {
	n := largeStoreSize()
	dir := b.TempDir()
	template := filepath.Join(dir, "template.db")
	pid, pending, final := mustLargeStore(b, template, n)
	for _, c := range []struct {
		name   string
		filled bool
	}{{"index_complete", true}, {"index_filling", false}} {
		b.Run(fmt.Sprintf("%s/%dk", c.name, n/1000), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "meshdesk.db")
			mustCopyFile(b, template, path)
			if c.filled {
				db, err := store.Open(path, store.WithSearchIndexing(0, 0))
				if err != nil {
					b.Fatal(err)
				}
				mustCatchUpSearch(b, db)
				storetest.MustCloseDB(b, db)
			}
			db, err := store.Open(path) // the worker on, as in the app
			if err != nil {
				b.Fatal(err)
			}
			defer storetest.MustCloseDB(b, db)
			benchLargeReceiver(b, db, pid, pending, final)
		})
	}
}

// mustLargeStore writes a store of n transfers at path (the search index empty: its worker
// off) and returns the profile and the ids of its pending and final transfers.
func mustLargeStore(b *testing.B, path string, n int) (pid string, pending, final []string) {
	b.Helper()
	db, err := store.Open(path, store.WithSearchIndexing(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	defer storetest.MustCloseDB(b, db)
	pid = storetest.MustCreateProfile(b, db, "Bench").ID
	r := rand.New(rand.NewPCG(3, 4))
	hexs := func(k int) string {
		const h = "0123456789abcdef"
		s := make([]byte, k)
		for i := range s {
			s[i] = h[r.IntN(16)]
		}
		return string(s)
	}
	batch := make([]mesh.Transfer, 0, 5000)
	for i := 0; i < n; i++ {
		t := mesh.Transfer{
			ID:                  hexs(8) + "-" + hexs(4) + "-4" + hexs(3) + "-a" + hexs(3) + "-" + hexs(12),
			ClientTransactionID: "order-" + hexs(10), UserID: fmt.Sprint("user-", r.IntN(2000)),
			Status: mesh.StatusSucceeded, AmountInFiat: float64(r.IntN(1_000_000)) / 100, AmountInFiatCurrencyCode: "USD",
			Amount: r.Float64() * 3, Symbol: "USDC", NetworkName: "Ethereum", CreatedTimestamp: 1_700_000_000 + int64(i)*30,
			DestinationAddress: "0x" + hexs(40), RefundAddress: "0x" + hexs(40), Hash: "0x" + hexs(64),
		}
		if i%5 == 0 { // a fifth still pending, without a hash yet
			t.Status, t.Hash = mesh.StatusPending, ""
			pending = append(pending, t.ID)
		} else {
			final = append(final, t.ID)
		}
		batch = append(batch, t)
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := db.UpsertTransfers(context.Background(), pid, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return pid, pending, final
}

// mustCatchUpSearch fills the search index and merges its segments, as the worker leaves it.
func mustCatchUpSearch(b *testing.B, db *store.DB) {
	b.Helper()
	for {
		n, err := db.CatchUpSearch(context.Background(), 5000)
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	if err := db.MergeSearch(context.Background()); err != nil {
		b.Fatal(err)
	}
}

func mustCopyFile(b *testing.B, from, to string) {
	b.Helper()
	buf, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(to, buf, 0o600); err != nil {
		b.Fatal(err)
	}
}

func benchLargeReceiver(b *testing.B, db *store.DB, pid string, pending, final []string) {
	ctx := context.Background()
	r, err := history.NewReceiver(history.ReceiverOptions{ProfileID: pid, Secret: hookSecret, Store: db})
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
	// Event k (every third delivery repeats the one before): three in four finish a pending
	// transfer (each a different one) with its hash; the fourth is a stale "Pending" for a
	// final transfer.
	bodies := make([][]byte, n)
	wantApplied, dups := 0, 0
	for i := range bodies {
		k := i - i%3 + min(i%3, 1) // deliveries 3j and 3j+1 are events; 3j+2 repeats 3j+1
		if i%3 == 2 {
			k = i - 1
			dups++
		}
		ev := map[string]any{"Id": fmt.Sprint("d", i), "EventId": fmt.Sprint("large-", k), "Timestamp": k}
		if k%4 == 3 {
			ev["TransferId"], ev["TransferStatus"] = final[k%len(final)], "Pending"
		} else {
			ev["TransferId"], ev["TransferStatus"], ev["TxHash"] = pending[k%len(pending)], []string{"Succeeded", "Failed"}[k%2], fmt.Sprintf("0xbench%058d", k)
			if i%3 != 2 {
				wantApplied++
			}
		}
		bodies[i], _ = json.Marshal(ev)
	}
	if wantApplied > len(pending) {
		b.Fatalf("%d events for %d pending transfers", wantApplied, len(pending))
	}
	backlog0, err := db.SearchBacklog(ctx, pid)
	if err != nil {
		b.Fatal(err)
	}
	lat, cpu := mustSendAt500(b, srv, bodies)
	backlog1, err := db.SearchBacklog(ctx, pid)
	if err != nil {
		b.Fatal(err)
	}
	if st := r.Stats(); st.Received != int64(n) || st.Refused != 0 || st.Applied != int64(wantApplied) || st.Duplicates != int64(dups) {
		b.Fatalf("stats %+v after %d deliveries; want %d applied, %d duplicates", st, n, wantApplied, dups)
	}
	b.ReportMetric(float64(percentile(lat, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(percentile(lat, 100).Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/delivery")
	b.ReportMetric(float64(backlog0), "backlog-start")
	b.ReportMetric(float64(backlog1), "backlog-end")
}
