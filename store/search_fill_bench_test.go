package store_test

import (
	"context"
	"testing"

	"meshdesk/store"
	"meshdesk/store/storetest"
)

// BenchmarkSearchFill fills the search index of 100k stored transfers (5k under -short) as
// the background worker does with no webhook arriving: batches of 250 transfers, each followed
// by merge steps until there is nothing to merge, a transaction each. It reports transfers
// indexed per CPU-second of the whole process.
func BenchmarkSearchFill(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 5_000
	}
	ts := genTransfers(21, n)
	var cpu float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := storetest.MustOpenDB(b, store.WithSearchIndexing(0, 0))
		p := storetest.MustCreateProfile(b, db, "A")
		upsertAll(b, db, p.ID, ts)
		ctx := context.Background()
		b.StartTimer()
		c0 := cpuNow()
		for {
			moved, err := db.CatchUpSearch(ctx, 250)
			if err != nil {
				b.Fatal(err)
			}
			if err := db.MergeSearch(ctx); err != nil {
				b.Fatal(err)
			}
			if moved == 0 {
				break
			}
		}
		cpu += (cpuNow() - c0).Seconds()
		b.StopTimer()
		storetest.MustCloseDB(b, db)
	}
	b.ReportMetric(float64(n*b.N)/cpu, "indexed/cpu_s")
}
