package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// sqlReference answers a query with plain SQL on the database file: the ids of the whole list,
// in order. It is what the in-memory index must agree with.
func sqlReference(t *testing.T, conn *sql.DB, profileID string, q store.TransferQuery) []string {
	t.Helper()
	f := q.Filter
	where := []string{"profile_pk = (SELECT pk FROM profiles WHERE id = ?)"}
	args := []any{profileID}
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		where = append(where, col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	st := make([]string, len(f.Statuses))
	for i, s := range f.Statuses {
		st[i] = string(s)
	}
	in("status", st)
	in("network_name", f.Networks)
	in("symbol", f.Symbols)
	in("from_id", f.IntegrationIDs)
	in("from_type", f.BrokerTypes)
	if f.UserID != "" {
		in("user_id", []string{f.UserID})
	}
	if f.SubClientID != "" {
		in("sub_client_id", []string{f.SubClientID})
	}
	if f.CreatedFrom != 0 {
		where, args = append(where, "created_ts >= ?"), append(args, f.CreatedFrom)
	}
	if f.CreatedTo != 0 {
		where, args = append(where, "created_ts <= ?"), append(args, f.CreatedTo)
	}
	if f.MinFiat != nil {
		where, args = append(where, "amount_in_fiat >= ?"), append(args, *f.MinFiat)
	}
	if f.MaxFiat != nil {
		where, args = append(where, "amount_in_fiat <= ?"), append(args, *f.MaxFiat)
	}
	if f.Search != "" {
		var ors []string
		for _, col := range []string{"id", "client_transaction_id", "hash", "destination_address", "refund_address", "user_id"} {
			ors = append(ors, "instr(lower("+col+"), lower(?)) > 0")
			args = append(args, f.Search)
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	if m := f.Match; m != "" {
		where = append(where, "(id IN (?, lower(?)) OR lower(client_transaction_id) = lower(?) OR lower(hash) = lower(?) OR lower(destination_address) = lower(?) OR lower(refund_address) = lower(?))")
		args = append(args, m, m, m, m, m, m)
	}
	key := map[store.SortField]string{
		store.SortCreated: "created_ts", store.SortAmount: "amount_in_fiat",
		store.SortStatus: "CASE status WHEN 'pending' THEN 0 WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 ELSE 3 END",
	}[q.Sort]
	dir := ""
	if q.Desc {
		dir = " DESC"
	}
	rows, err := conn.Query(`SELECT id FROM transfers WHERE `+strings.Join(where, " AND ")+` ORDER BY `+key+dir+`, id`+dir+`, tid`+dir, args...)
	if err != nil {
		t.Fatalf("reference query: %v", err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// mustReadOnly opens a second, read-only connection pool on a store's file.
func mustReadOnly(t *testing.T, db *store.DB) *sql.DB {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db.Path()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// TestIndexAgreesWithSQL is a property test: random filters, searches, sorts, first windows,
// jumps and keyset walks answered by the in-memory index equal plain SQL on the same file,
// while transfers are added and changed (by sync pages and by webhooks) between rounds, with
// the search index complete, partly filled and stale, and with the index's shortcuts forced
// on and off.
func TestIndexAgreesWithSQL(t *testing.T) {
	n, queries := 3000, 25
	if testing.Short() {
		n, queries = 1200, 10
	}
	if raceEnabled {
		n, queries = 200, 2
	}
	ctx := context.Background()
	db := storetest.MustOpenDB(t, store.WithSearchIndexing(0, 0))
	conn := mustReadOnly(t, db)
	p := mustProfile(t, db, "A")
	r := rand.New(rand.NewSource(77))
	list := genTransfers(78, n)
	mustUpsert(t, db, p.ID, list)
	modes := []struct {
		name        string
		walk, small int
	}{
		{"defaults", -1, -1},
		{"always build the list by walking", 0, 0},
		{"first windows by walking, lists by sorting", 1 << 30, 1 << 30},
	}
	for round := range 4 {
		switch round {
		case 1:
			mustCatchUp(t, db, n/2) // half the rows in the search index, the rest scanned
		case 2:
			mustCatchUp(t, db, 0)
		}
		if round > 0 {
			list = mutate(t, r, db, p.ID, list, round)
		}
		for _, m := range modes {
			t.Run(fmt.Sprintf("round %d/%s", round, m.name), func(t *testing.T) {
				if m.walk >= 0 {
					defer store.SetIndexLimits(m.walk, m.small)()
				}
				for i := range queries {
					q := randomQuery(r, list)
					switch x := list[r.Intn(len(list))]; i % 5 {
					case 0:
						q.Filter.UserID = "nobody" // a value the index has never seen
					case 1: // bounds equal to stored values
						lo, hi := x.AmountInFiat, x.AmountInFiat+float64(r.Intn(3))*1000
						q.Filter.MinFiat, q.Filter.MaxFiat = &lo, &hi
					case 2:
						q.Filter.CreatedFrom, q.Filter.CreatedTo = x.CreatedTimestamp-int64(r.Intn(2))*5000, x.CreatedTimestamp
					case 3: // a filter every row passes
						q.Filter = store.TransferFilter{CreatedFrom: 1}
					}
					want := sqlReference(t, conn, p.ID, q)
					q.Limit = 1 + r.Intn(120)
					w, err := db.QueryTransfers(ctx, p.ID, q)
					if err != nil {
						t.Fatal(err)
					}
					if got := rowIDs(w.Rows); w.Total != len(want) || w.Offset != 0 || !slices.Equal(got, want[:min(q.Limit, len(want))]) {
						t.Fatalf("first window of %+v: total %d, %v; want total %d, %v", q, w.Total, got, len(want), want[:min(q.Limit, len(want))])
					}
					if len(want) > 0 {
						q.Offset = r.Intn(len(want))
						w, err := db.QueryTransfers(ctx, p.ID, q)
						if err != nil {
							t.Fatal(err)
						}
						if got := rowIDs(w.Rows); w.Offset != q.Offset || !slices.Equal(got, want[q.Offset:min(q.Offset+q.Limit, len(want))]) {
							t.Fatalf("jump to %d of %+v: offset %d, %v", q.Offset, q, w.Offset, got)
						}
						q.Offset = 0
					}
					if got, total := mustWalk(t, db, p.ID, q, 1+r.Intn(400)); total != len(want) || !slices.Equal(got, want) {
						t.Fatalf("keyset walk of %+v: %d rows (total %d), want %d", q, len(got), total, len(want))
					}
				}
			})
		}
	}
}

func rowIDs(rows []store.TransferRow) []string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

// mustCatchUp moves up to limit rows into the search index (0: all).
func mustCatchUp(t *testing.T, db *store.DB, limit int) {
	t.Helper()
	for moved := 0; limit == 0 || moved < limit; {
		k, err := db.CatchUpSearch(context.Background(), 500)
		if err != nil {
			t.Fatal(err)
		}
		if k == 0 {
			return
		}
		moved += k
	}
}

// mutate changes about a tenth of the transfers through webhooks (status, hash) and sync pages
// (amount, created time) and adds new ones; it returns the transfers as they now are.
func mutate(t *testing.T, r *rand.Rand, db *store.DB, profileID string, list []mesh.Transfer, round int) []mesh.Transfer {
	t.Helper()
	ctx := context.Background()
	var evs []mesh.WebhookEvent
	var changed []mesh.Transfer
	for i := 0; i < len(list)/10; i++ {
		k := r.Intn(len(list))
		tr := list[k]
		if r.Intn(2) == 0 && !tr.Status.IsFinal() {
			ev := mesh.WebhookEvent{EventID: fmt.Sprintf("m%d-%d", round, i), TransferID: tr.ID, TransferStatus: mesh.StatusFailed}
			if tr.Hash == "" {
				ev.TxHash = "0x" + hexs(r, 64)
			}
			evs = append(evs, ev)
			tr.Status = mesh.StatusFailed
			list[k] = tr
			continue
		}
		tr.AmountInFiat = float64(r.Intn(10_000_000)) / 100
		tr.CreatedTimestamp += int64(r.Intn(5000)) - 2500
		tr.Hash = "0x" + hexs(r, 64)
		if !tr.Status.IsFinal() {
			tr.Status = mesh.StatusSucceeded
		}
		tr = withRaw(tr)
		list[k] = tr
		changed = append(changed, tr)
	}
	if _, err := db.ApplyWebhookEvents(ctx, profileID, evs); err != nil {
		t.Fatal(err)
	}
	fresh := genTransfers(int64(1000+round), len(list)/20)
	mustUpsert(t, db, profileID, append(changed, fresh...))
	return append(list, fresh...)
}
