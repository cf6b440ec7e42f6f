package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// mustWindowIDs runs a window query and returns the ids of its rows, sorted, and the total.
func mustWindowIDs(t *testing.T, db *store.DB, profileID string, f store.TransferFilter) ([]string, int) {
	t.Helper()
	w, err := db.QueryTransfers(context.Background(), profileID, store.TransferQuery{Filter: f, Limit: 100})
	if err != nil {
		t.Fatalf("query %+v: %v", f, err)
	}
	ids := make([]string, 0, len(w.Rows))
	for _, r := range w.Rows {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids, w.Total
}

func TestWindowQueryFiltersByTagAndSearchesNotes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "meshdesk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	p := mustProfile(t, db, "Q")
	ts := genTransfers(5, 40) // t1 failed, t2 succeeded, t3 and the rest random
	for i, id := range []string{"t1", "t2", "t3"} {
		ts[i].ID = id
	}
	ts[0].Status, ts[1].Status = mesh.StatusFailed, mesh.StatusSucceeded
	for i := range 3 {
		ts[i] = withRaw(ts[i])
	}
	mustUpsert(t, db, p.ID, ts)
	if _, err := db.SetTags(ctx, p.ID, "t1", []string{"refund"}, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetTags(ctx, p.ID, "t2", []string{"vip-customer"}, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddNote(ctx, p.ID, "t3", "Customer called about a CHARGEBACK", "alice"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    store.TransferFilter
		want []string
	}{
		{"one tag, as typed", store.TransferFilter{Tags: []string{"#Refund"}}, []string{"t1"}},
		{"any of two tags", store.TransferFilter{Tags: []string{"refund", "vip-customer"}}, []string{"t1", "t2"}},
		{"tag and status", store.TransferFilter{Tags: []string{"refund", "vip-customer"}, Statuses: []mesh.TransferStatus{mesh.StatusSucceeded}}, []string{"t2"}},
		{"unknown tag", store.TransferFilter{Tags: []string{"nobody"}}, []string{}},
		{"search sees notes", store.TransferFilter{Search: "chargeback"}, []string{"t3"}},
		{"search sees tags", store.TransferFilter{Search: "vip-cus"}, []string{"t2"}},
		{"search and tag", store.TransferFilter{Search: "chargeback", Tags: []string{"refund"}}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids, total := mustWindowIDs(t, db, p.ID, tc.f)
			if !slices.Equal(ids, tc.want) || total != len(tc.want) {
				t.Fatalf("ids %v (total %d), want %v", ids, total, tc.want)
			}
			n, err := db.CountTransfers(ctx, p.ID, tc.f)
			if err != nil || n != len(tc.want) {
				t.Fatalf("count %d, %v", n, err)
			}
		})
	}
	if _, err := db.QueryTransfers(ctx, p.ID, store.TransferQuery{Filter: store.TransferFilter{Tags: []string{"a/b"}}}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("bad tag: %v", err)
	}
	// The same filter again after a change: the cached list must not be served.
	if _, err := db.SetTags(ctx, p.ID, "t3", []string{"refund"}, "bob"); err != nil {
		t.Fatal(err)
	}
	if ids, _ := mustWindowIDs(t, db, p.ID, store.TransferFilter{Tags: []string{"refund"}}); !slices.Equal(ids, []string{"t1", "t3"}) {
		t.Fatalf("after tagging t3: %v", ids)
	}
	// A change made by another process (the CLI) is seen too.
	other, err := store.Open(path, store.WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.AddNote(ctx, p.ID, "t1", "chargeback filed by the bank", "carol"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	if ids, _ := mustWindowIDs(t, db, p.ID, store.TransferFilter{Search: "chargeback"}); !slices.Equal(ids, []string{"t1", "t3"}) {
		t.Fatalf("after another process's note: %v", ids)
	}
	// Exports take the same filter.
	var buf bytes.Buffer
	n, err := db.ExportTransfers(ctx, p.ID, store.TransferQuery{Filter: store.TransferFilter{Tags: []string{"refund"}}}, store.ExportCSV, &buf)
	if err != nil || n != 2 {
		t.Fatalf("export by tag: %d, %v", n, err)
	}
}

// BenchmarkWindowByTag measures the first window of a tag filter (the cache is defeated by
// cycling through more tags than it keeps) over n transfers, a tenth of them tagged.
func BenchmarkWindowByTag(b *testing.B) {
	n := 50_000
	if testing.Short() {
		n = 1_000
	}
	db := storetest.MustOpenDB(b, store.WithSearchIndexing(0, 0))
	ctx := context.Background()
	p := mustProfile(b, db, "Bench")
	ts := genTransfers(9, n)
	mustUpsert(b, db, p.ID, ts)
	for i := 0; i < n; i += 10 {
		if _, err := db.SetTags(ctx, p.ID, ts[i].ID, []string{fmt.Sprintf("t%d", (i/10)%8)}, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.QueryTransfers(ctx, p.ID, store.TransferQuery{Limit: 1}); err != nil { // load the index
		b.Fatal(err)
	}
	i, cpu0 := 0, cpuNow()
	for b.Loop() {
		w, err := db.QueryTransfers(ctx, p.ID, store.TransferQuery{Filter: store.TransferFilter{Tags: []string{fmt.Sprintf("t%d", i%8)}}, Limit: 100})
		if err != nil || w.Total == 0 {
			b.Fatalf("%v, %d rows", err, w.Total)
		}
		i++
	}
	b.ReportMetric(float64(n), "transfers")
	b.ReportMetric(float64((cpuNow()-cpu0).Microseconds())/1000/float64(i), "cpu-ms/op")
}
