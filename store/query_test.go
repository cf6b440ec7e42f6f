package store_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// reference answers a query by brute force over the transfers as stored.
func reference(ts map[string]mesh.Transfer, q store.TransferQuery) []string {
	f := q.Filter
	var out []mesh.Transfer
	term := strings.ToLower(f.Search)
	for _, t := range ts {
		from := mesh.TransferIntegration{}
		if t.From != nil {
			from = *t.From
		}
		if (len(f.Statuses) > 0 && !slices.Contains(f.Statuses, t.Status)) ||
			(len(f.Networks) > 0 && !slices.Contains(f.Networks, t.NetworkName)) ||
			(len(f.Symbols) > 0 && !slices.Contains(f.Symbols, t.Symbol)) ||
			(len(f.BrokerTypes) > 0 && !slices.Contains(f.BrokerTypes, from.Type)) ||
			(len(f.IntegrationIDs) > 0 && !slices.Contains(f.IntegrationIDs, from.ID)) ||
			(f.UserID != "" && t.UserID != f.UserID) || (f.SubClientID != "" && t.SubClientID != f.SubClientID) ||
			(f.CreatedFrom != 0 && t.CreatedTimestamp < f.CreatedFrom) || (f.CreatedTo != 0 && t.CreatedTimestamp > f.CreatedTo) ||
			(f.MinFiat != nil && t.AmountInFiat < *f.MinFiat) || (f.MaxFiat != nil && t.AmountInFiat > *f.MaxFiat) {
			continue
		}
		if m := f.Match; m != "" && !(t.ID == m || t.ID == strings.ToLower(m) || strings.EqualFold(t.ClientTransactionID, m) || strings.EqualFold(t.Hash, m) ||
			strings.EqualFold(t.DestinationAddress, m) || strings.EqualFold(t.RefundAddress, m)) {
			continue
		}
		if term != "" {
			hit := false
			for _, s := range []string{t.ID, t.ClientTransactionID, t.Hash, t.DestinationAddress, t.RefundAddress, t.UserID} {
				if strings.Contains(strings.ToLower(s), term) {
					hit = true
				}
			}
			if !hit {
				continue
			}
		}
		out = append(out, t)
	}
	rank := map[mesh.TransferStatus]int{mesh.StatusPending: 0, mesh.StatusSucceeded: 1, mesh.StatusFailed: 2}
	slices.SortFunc(out, func(a, b mesh.Transfer) int {
		var c int
		switch q.Sort {
		case store.SortAmount:
			c = cmp.Compare(a.AmountInFiat, b.AmountInFiat)
		case store.SortStatus:
			c = cmp.Compare(rank[a.Status], rank[b.Status])
		default:
			c = cmp.Compare(a.CreatedTimestamp, b.CreatedTimestamp)
		}
		if c == 0 {
			c = strings.Compare(a.ID, b.ID)
		}
		if q.Desc {
			c = -c
		}
		return c
	})
	ids := make([]string, len(out))
	for i, t := range out {
		ids[i] = t.ID
	}
	return ids
}

func randomQuery(r *rand.Rand, ts []mesh.Transfer) store.TransferQuery {
	var q store.TransferQuery
	q.Sort = []store.SortField{store.SortCreated, store.SortAmount, store.SortStatus}[r.Intn(3)]
	q.Desc = r.Intn(2) == 0
	f := &q.Filter
	x := ts[r.Intn(len(ts))]
	if r.Intn(3) == 0 {
		f.Statuses = []mesh.TransferStatus{[]mesh.TransferStatus{mesh.StatusPending, mesh.StatusSucceeded, mesh.StatusFailed}[r.Intn(3)]}
	}
	if r.Intn(4) == 0 {
		f.Networks = []string{testNetworks[r.Intn(len(testNetworks))], testNetworks[r.Intn(len(testNetworks))]}
	}
	if r.Intn(5) == 0 {
		f.Symbols = []string{testSymbols[r.Intn(len(testSymbols))]}
	}
	if r.Intn(6) == 0 {
		f.BrokerTypes = []string{testBrokers[r.Intn(len(testBrokers))]}
	}
	if r.Intn(8) == 0 {
		f.IntegrationIDs = []string{"integ-" + testBrokers[r.Intn(len(testBrokers))], "integ-none"}
	}
	if r.Intn(8) == 0 {
		f.UserID = x.UserID
	}
	if r.Intn(8) == 0 {
		f.SubClientID = "sub-1"
	}
	if r.Intn(4) == 0 {
		f.CreatedFrom = x.CreatedTimestamp - int64(r.Intn(20000))
		f.CreatedTo = f.CreatedFrom + int64(r.Intn(60000))
	}
	if r.Intn(4) == 0 {
		lo := float64(r.Intn(50000))
		hi := lo + float64(r.Intn(50000))
		f.MinFiat, f.MaxFiat = &lo, &hi
	}
	if r.Intn(3) == 0 {
		fields := []string{x.ID, x.ClientTransactionID, x.Hash, x.DestinationAddress, x.RefundAddress, x.UserID}
		s := fields[r.Intn(len(fields))]
		n := 3 + r.Intn(6)
		i := r.Intn(len(s) - n + 1)
		f.Search = s[i : i+n]
		if r.Intn(2) == 0 {
			f.Search = strings.ToUpper(f.Search)
		}
	}
	if r.Intn(6) == 0 { // an exact look-up's filter (FindTransfers)
		fields := []string{x.ID, x.ClientTransactionID, x.Hash, x.DestinationAddress, x.RefundAddress, "0xnothing"}
		f.Match = fields[r.Intn(len(fields))]
		if r.Intn(2) == 0 && f.Match != x.ID {
			f.Match = strings.ToUpper(f.Match)
		}
	}
	return q
}

// mustWalk reads the whole list through keyset windows and checks offsets and totals.
func mustWalk(t *testing.T, db *store.DB, profileID string, q store.TransferQuery, limit int) ([]string, int) {
	t.Helper()
	ctx := context.Background()
	q.Limit = limit
	var ids []string
	total := -1
	for range 10000 {
		w, err := db.QueryTransfers(ctx, profileID, q)
		if err != nil {
			t.Fatalf("query %+v: %v", q, err)
		}
		if total >= 0 && w.Total != total {
			t.Fatalf("total changed while paging: %d → %d", total, w.Total)
		}
		total = w.Total
		if w.Offset != len(ids) {
			t.Fatalf("window offset %d, want %d", w.Offset, len(ids))
		}
		for _, r := range w.Rows {
			ids = append(ids, r.ID)
		}
		if w.Next == nil {
			return ids, total
		}
		q.After = w.Next
	}
	t.Fatal("paging did not end")
	return nil, 0
}

func checkQueries(t *testing.T, db *store.DB, profileID string, byID map[string]mesh.Transfer, list []mesh.Transfer, seed int64, n int) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewSource(seed))
	for i := 0; i < n; i++ {
		q := randomQuery(r, list)
		want := reference(byID, q)
		got, total := mustWalk(t, db, profileID, q, 1+r.Intn(300))
		if total != len(want) || !slices.Equal(got, want) {
			t.Fatalf("query %d %+v: got %d rows (total %d), want %d\n%v\n%v", i, q, len(got), total, len(want), got, want)
		}
		if n, err := db.CountTransfers(ctx, profileID, q.Filter); err != nil || n != len(want) {
			t.Fatalf("count = %d, %v; want %d", n, err, len(want))
		}
		// Jump to a random position.
		if len(want) > 0 {
			q.Offset = r.Intn(len(want))
			q.Limit = 50
			w, err := db.QueryTransfers(ctx, profileID, q)
			if err != nil {
				t.Fatal(err)
			}
			end := min(q.Offset+50, len(want))
			if w.Offset != q.Offset || len(w.Rows) != end-q.Offset || w.Rows[0].ID != want[q.Offset] || w.Rows[len(w.Rows)-1].ID != want[end-1] {
				t.Fatalf("jump to %d: offset %d, %d rows", q.Offset, w.Offset, len(w.Rows))
			}
		}
	}
}

func TestQueryTransfersMatchesReference(t *testing.T) {
	n, queries := 4000, 60
	if testing.Short() {
		n, queries = 1500, 25
	}
	if raceEnabled {
		n, queries = 400, 8
	}
	db := storetest.MustOpenDB(t, store.WithSearchIndexing(0, 0))
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	list := genTransfers(11, n)
	byID := map[string]mesh.Transfer{}
	for _, tr := range list {
		byID[tr.ID] = tr
	}
	mustUpsert(t, db, p.ID, list)

	t.Run("scan only (search index empty)", func(t *testing.T) {
		checkQueries(t, db, p.ID, byID, list, 1, queries)
	})
	for {
		moved, err := db.CatchUpSearch(ctx, 700)
		if err != nil {
			t.Fatal(err)
		}
		if moved == 0 {
			break
		}
	}
	if b, _ := db.SearchBacklog(ctx, p.ID); b != 0 {
		t.Fatalf("backlog %d after catch-up", b)
	}
	t.Run("search index complete", func(t *testing.T) {
		checkQueries(t, db, p.ID, byID, list, 2, queries)
	})
	// Change a tenth of the transfers (status, hash, amount) and add new ones: the index
	// follows incrementally, and searches mix the FTS index with the direct scan.
	r := rand.New(rand.NewSource(5))
	var changed []mesh.Transfer
	for i := 0; i < n/10; i++ {
		tr := list[r.Intn(len(list))]
		if !tr.Status.IsFinal() {
			tr.Status = mesh.StatusSucceeded
		}
		tr.Hash = "0x" + hexs(r, 64)
		tr.AmountInFiat = float64(r.Intn(100000))
		tr = withRaw(tr)
		byID[tr.ID] = tr
		changed = append(changed, tr)
	}
	fresh := genTransfers(12, n/10)
	for i := range fresh {
		fresh[i].CreatedTimestamp += int64(n) * 40
		fresh[i] = withRaw(fresh[i])
		byID[fresh[i].ID] = fresh[i]
	}
	mustUpsert(t, db, p.ID, append(changed, fresh...))
	all := make([]mesh.Transfer, 0, len(byID))
	for _, tr := range byID {
		all = append(all, tr)
	}
	slices.SortFunc(all, func(a, b mesh.Transfer) int { return strings.Compare(a.ID, b.ID) })
	t.Run("after changes, index partly stale", func(t *testing.T) {
		checkQueries(t, db, p.ID, byID, all, 3, queries)
	})
	// Old hashes are no longer found.
	old := changed[0]
	for _, tr := range list {
		if tr.ID == old.ID {
			w, err := db.QueryTransfers(ctx, p.ID, store.TransferQuery{Filter: store.TransferFilter{Search: tr.Hash[10:30]}})
			if err != nil || w.Total != 0 {
				t.Fatalf("old hash still found: %d, %v", w.Total, err)
			}
		}
	}
}

func TestQueryTransfersRejects(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	lo, hi := 10.0, 5.0
	tests := []struct {
		name string
		q    store.TransferQuery
		want error
	}{
		{"short search", store.TransferQuery{Filter: store.TransferFilter{Search: "ab"}}, store.ErrInvalid},
		{"bad sort", store.TransferQuery{Sort: "hash"}, store.ErrInvalid},
		{"inverted amounts", store.TransferQuery{Filter: store.TransferFilter{MinFiat: &lo, MaxFiat: &hi}}, store.ErrInvalid},
		{"inverted dates", store.TransferQuery{Filter: store.TransferFilter{CreatedFrom: 10, CreatedTo: 5}}, store.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := db.QueryTransfers(ctx, p.ID, tt.q); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := db.QueryTransfers(ctx, "nope", store.TransferQuery{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown profile: %v", err)
	}
	w, err := db.QueryTransfers(ctx, p.ID, store.TransferQuery{Offset: 10, Limit: 5000})
	if err != nil || w.Total != 0 || len(w.Rows) != 0 || w.Next != nil {
		t.Fatalf("empty profile: %+v, %v", w, err)
	}
}

func TestSearchableWithoutWaitingForIndex(t *testing.T) {
	// The worker is on with a long period: a new transfer must be found at once anyway.
	db := storetest.MustOpenDB(t, store.WithSearchIndexing(1e12, 100))
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	ts := genTransfers(21, 50)
	mustUpsert(t, db, p.ID, ts)
	for _, tr := range ts[:10] {
		w, err := db.QueryTransfers(ctx, p.ID, store.TransferQuery{Filter: store.TransferFilter{Search: strings.ToUpper(tr.DestinationAddress[5:17])}})
		if err != nil || w.Total != 1 || w.Rows[0].ID != tr.ID {
			t.Fatalf("new transfer not searchable: %+v, %v", w, err)
		}
	}
	_ = fmt.Sprint()
}

func TestSearchWorkerCatchesUp(t *testing.T) {
	db := storetest.MustOpenDB(t, store.WithSearchIndexing(5*time.Millisecond, 50))
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	ts := genTransfers(41, 300)
	mustUpsert(t, db, p.ID, ts)
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := db.SearchBacklog(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("search worker left %d transfers unindexed", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	w, err := db.QueryTransfers(ctx, p.ID, store.TransferQuery{Filter: store.TransferFilter{Search: ts[42].Hash[20:32]}})
	if err != nil || w.Total != 1 || w.Rows[0].ID != ts[42].ID {
		t.Fatalf("search through the index: %+v, %v", w, err)
	}
}
