package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// mustMatchSQL checks FindTransfers against SQL for one value: the count, the newest rows in
// order, and the Transfers view filtered by the answer's Filter.
func mustMatchSQL(t *testing.T, db *store.DB, conn *sql.DB, profileID, v string) {
	t.Helper()
	ctx := context.Background()
	rows, err := conn.Query(`SELECT id FROM transfers WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?1)
		AND (id IN (?2, lower(?2)) OR lower(client_transaction_id) = lower(?2) OR lower(hash) = lower(?2) OR lower(destination_address) = lower(?2) OR lower(refund_address) = lower(?2))
		ORDER BY created_ts DESC, id DESC, tid DESC`, profileID, v)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		want = append(want, id)
	}
	rows.Close()
	m, err := db.FindTransfers(ctx, profileID, v, 7)
	if err != nil {
		t.Fatal(err)
	}
	if got := rowIDs(m.Rows); m.Total != len(want) || !slices.Equal(got, want[:min(7, len(want))]) {
		t.Fatalf("FindTransfers(%q): total %d, %v; want %d, %v", v, m.Total, got, len(want), want[:min(7, len(want))])
	}
	w, err := db.QueryTransfers(ctx, profileID, store.TransferQuery{Filter: m.Filter, Sort: store.SortCreated, Desc: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if got := rowIDs(w.Rows); w.Total != len(want) || !slices.Equal(got, want) {
		t.Fatalf("the Transfers view filtered by %+v: total %d; want %d", m.Filter, w.Total, len(want))
	}
}

// TestFindTransfers: look-ups by every field, in any case, of values on one transfer or on
// hundreds, agree with SQL — before and after the values change (a hash brought by a webhook,
// addresses changed by the API), with the recent fingerprints merged or not, and with the
// matches sorted, (over the sort limit) marked in a bitmap, or kept in a dense value's set
// (tindex_dense.go), which must follow every change and every new row.
func TestFindTransfers(t *testing.T) {
	for _, c := range []struct {
		merge, sortMax int
		dense          bool
	}{{1 << 30, 1 << 30, false}, {64, 1 << 30, false}, {1 << 30, 8, false}, {64, 8, false}, {1 << 30, 8, true}, {64, 8, true}} {
		t.Run(fmt.Sprintf("merge at %d, sort up to %d, dense %v", c.merge, c.sortMax, c.dense), func(t *testing.T) {
			defer store.SetFingerprintMerge(c.merge)()
			defer store.SetLookupSortMax(c.sortMax)()
			if c.dense {
				defer store.SetDense(24, 16)()
			} else {
				defer store.SetDense(0, 0)()
			}
			ctx := context.Background()
			db := storetest.MustOpenDB(t, store.WithSearchIndexing(0, 0))
			conn := mustReadOnly(t, db)
			p := mustProfile(t, db, "A")
			r := rand.New(rand.NewSource(21))
			n, rounds := 900, 20
			if testing.Short() {
				n, rounds = 600, 6
			}
			if raceEnabled {
				n, rounds = 200, 2
			}
			list := genTransfers(22, n)
			shared := []string{"0xAbCdEf0000000000000000000000000000000001", "0xabcdef0000000000000000000000000000000002"}
			for i := range list {
				switch i % 3 {
				case 0:
					list[i].DestinationAddress = shared[0]
					if i%30 == 0 { // both of a row's addresses match: the row counts once
						list[i].RefundAddress = strings.ToUpper(shared[0])
					}
				case 1:
					list[i].RefundAddress = shared[1]
				}
				if i%50 == 0 {
					list[i].Hash = ""
					list[i].Status = mesh.StatusPending
				}
				list[i] = withRaw(list[i])
			}
			mustUpsert(t, db, p.ID, list)
			check := func() {
				t.Helper()
				for _, v := range append(slices.Clone(shared), strings.ToUpper(shared[0]), shared[1][:20], "0xnothing") {
					mustMatchSQL(t, db, conn, p.ID, v)
				}
				for range rounds {
					x := list[r.Intn(len(list))]
					for _, v := range []string{x.ID, strings.ToUpper(x.ID), x.ClientTransactionID, strings.ToUpper(x.Hash), x.DestinationAddress, x.RefundAddress} {
						if strings.TrimSpace(v) != "" {
							mustMatchSQL(t, db, conn, p.ID, v)
						}
					}
				}
			}
			check()
			// Dense sets are found when the fingerprint table is rebuilt (merged).
			if got, want := store.DenseSets(db, p.ID), c.dense && c.merge < 1<<30; (got > 0) != want {
				t.Fatalf("%d dense sets; want some: %v", got, want)
			}
			// A webhook brings the hash of pending transfers; the API moves some addresses.
			var evs []mesh.WebhookEvent
			var moved []mesh.Transfer
			oldHash := list[1].Hash
			for i := range list {
				switch {
				case list[i].Hash == "":
					list[i].Hash = fmt.Sprintf("0x%064d", i)
					list[i].Status = mesh.StatusSucceeded
					evs = append(evs, mesh.WebhookEvent{EventID: fmt.Sprintf("e%d", i), TransferID: list[i].ID, TransferStatus: mesh.StatusSucceeded, TxHash: list[i].Hash})
				case i%7 == 0:
					list[i].DestinationAddress, list[i].RefundAddress = shared[1], shared[0]
					list[i] = withRaw(list[i])
					moved = append(moved, list[i])
				case i == 1:
					list[i].Hash = "0xNEW"
					list[i] = withRaw(list[i])
					moved = append(moved, list[i])
				}
			}
			if _, err := db.ApplyWebhookEvents(ctx, p.ID, evs); err != nil {
				t.Fatal(err)
			}
			mustUpsert(t, db, p.ID, moved)
			// New rows on the shared addresses, and one moved back.
			more := genTransfers(23, 60)
			for i := range more {
				more[i].ID = fmt.Sprintf("more-%03d", i)
				more[i].DestinationAddress = shared[i%2]
				more[i] = withRaw(more[i])
			}
			list[7].DestinationAddress, list[7].RefundAddress = "0xelsewhere", ""
			more = append(more, withRaw(list[7]))
			mustUpsert(t, db, p.ID, more)
			list = append(list, more[:60]...)
			check()
			store.DenseSets(db, p.ID) // each set's count agrees with its bits
			for _, v := range []string{oldHash, "0xnew", list[0].Hash} {
				mustMatchSQL(t, db, conn, p.ID, v)
			}
		})
	}
}

func TestFindTransfersLimitAndErrors(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpenDB(t, store.WithSearchIndexing(0, 0))
	p := mustProfile(t, db, "A")
	list := genTransfers(3, 120)
	for i := range list {
		list[i].DestinationAddress = "0xsame"
		list[i] = withRaw(list[i])
	}
	mustUpsert(t, db, p.ID, list)
	for _, c := range []struct{ limit, rows int }{{0, store.LookupLimit}, {-1, store.LookupLimit}, {5, 5}, {500, 120}} {
		m, err := db.FindTransfers(ctx, p.ID, "0XSAME", c.limit)
		if err != nil || m.Total != 120 || len(m.Rows) != c.rows || m.Filter.Match != "0XSAME" {
			t.Errorf("limit %d: %d rows of %d (filter %+v), %v; want %d of 120", c.limit, len(m.Rows), m.Total, m.Filter, err, c.rows)
		}
	}
	if rows, err := db.LookupTransfers(ctx, p.ID, "0xsame"); err != nil || len(rows) != store.LookupLimit {
		t.Errorf("LookupTransfers: %d rows, %v; want the newest %d", len(rows), err, store.LookupLimit)
	}
	for _, v := range []string{"", "   "} {
		if m, err := db.FindTransfers(ctx, p.ID, v, 0); err != nil || m.Total != 0 || len(m.Rows) != 0 {
			t.Errorf("FindTransfers(%q) = %+v, %v; want nothing", v, m, err)
		}
	}
	if _, err := db.FindTransfers(ctx, "no-such-profile", "0xsame", 0); err == nil {
		t.Error("a look-up in a profile that does not exist succeeded")
	}
}

func TestMatchedFields(t *testing.T) {
	if got := store.MatchedFields(store.TransferRow{ID: "tx-1"}, "TX-1"); !slices.Equal(got, []string{"id"}) {
		t.Errorf("MatchedFields(id tx-1, %q) = %v, want the id (lower-cased)", "TX-1", got)
	}
	r := store.TransferRow{ID: "Tx-1", ClientTransactionID: "ORDER-9", Hash: "0xAB", DestinationAddress: "0xab", RefundAddress: ""}
	for _, tc := range []struct {
		v    string
		want []string
	}{
		{"Tx-1", []string{"id"}},
		{"tx-1", []string{}}, // the id is compared as given or lower-cased, not folded
		{"TX-1", []string{}},
		{"0xAB ", []string{}},
		{"order-9", []string{"clientTransactionId"}},
		{"0XAB", []string{"hash", "destinationAddress"}},
		{"", []string{}}, // an empty refund address matches nothing
		{"nope", []string{}},
	} {
		if got := store.MatchedFields(r, tc.v); !slices.Equal(got, tc.want) {
			t.Errorf("MatchedFields(%q) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

// TestFindTransfersDenseAfterSnapshot: when the query index comes from its snapshot file, a
// dense value's set is made again and follows the changes read on top of the file.
func TestFindTransfersDenseAfterSnapshot(t *testing.T) {
	defer store.SetLookupSortMax(8)()
	defer store.SetDense(24, 16)()
	defer store.SetSnapshotMinRows(100)()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.db")
	db := mustOpenAt(t, path)
	p := mustProfile(t, db, "A")
	shared := "0xD3E5E000000000000000000000000000000000aa"
	list := genTransfers(31, 600)
	for i := range list {
		if i%3 == 0 {
			list[i].DestinationAddress = shared
			list[i] = withRaw(list[i])
		}
	}
	mustUpsert(t, db, p.ID, list)
	mustMatchSQL(t, db, mustReadOnly(t, db), p.ID, shared) // loads the index
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path)
	// After the snapshot: rows leave the address, rows come to it, new rows are on it.
	var changed []mesh.Transfer
	for i := range list {
		switch i % 9 {
		case 0:
			list[i].DestinationAddress = "0xgone"
		case 1:
			list[i].RefundAddress = strings.ToLower(shared)
		default:
			continue
		}
		list[i] = withRaw(list[i])
		changed = append(changed, list[i])
	}
	for i, x := range genTransfers(32, 40) {
		x.ID, x.DestinationAddress = fmt.Sprintf("late-%02d", i), shared
		changed = append(changed, withRaw(x))
	}
	mustUpsert(t, db, p.ID, changed)
	mustMatchSQL(t, db, mustReadOnly(t, db), p.ID, shared)
	st, err := db.QueryIndexStats(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !st.FromSnapshot || store.DenseSets(db, p.ID) == 0 {
		t.Fatalf("index from its snapshot %v, %d dense sets; want both", st.FromSnapshot, store.DenseSets(db, p.ID))
	}
}
