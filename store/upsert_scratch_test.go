package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// TestUpsertsAtOnceKeepTheirOwnRows: upserts run from several goroutines at once reuse the
// same kind of buffers (upsertScratch) and put their rows into the query index after their
// transactions, outside the write lock. Each profile must hold exactly its own transfers, in
// the table and in the query index: a buffer handed to the next upsert while the last one
// still read it would store or index another batch's values. Run it with -race too.
func TestUpsertsAtOnceKeepTheirOwnRows(t *testing.T) {
	ctx := context.Background()
	defer func(v int) { *store.FPMergeAt = v }(*store.FPMergeAt)
	*store.FPMergeAt = 100 // the index's look-up tables merge many times, within batches too
	db := storetest.MustOpenDB(t, store.WithSearchIndexing(0, 0))
	const writers, batches, batch = 4, 4, 230 // 230: two full INSERT chunks and a short one
	want := make([][]mesh.Transfer, writers)
	pids := make([]string, writers)
	for w := range writers {
		pids[w] = mustProfile(t, db, fmt.Sprintf("w%d", w)).ID
		want[w] = genTransfers(int64(100+w), batches*batch)
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := want[w]
			for i := 0; i < len(ts); i += batch {
				b := slices.Clone(ts[i : i+batch])
				if i > 0 {
					// Also the path that reads stored rows first and inserts what is left:
					// the batch starts with a stored transfer whose status changes.
					prev := ts[i-1]
					prev.Status = mesh.StatusFailed
					if ts[i-1].Status == mesh.StatusFailed {
						prev.Status = mesh.StatusSucceeded
					}
					prev = withRaw(prev)
					want[w][i-1] = prev
					b = append([]mesh.Transfer{prev}, b...)
				}
				if _, err := db.UpsertTransfers(ctx, pids[w], b); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+db.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for w := range writers {
		rows, err := raw.Query(`SELECT t.id, t.status, t.hash, t.user_id, t.amount_in_fiat, r.raw FROM transfers t JOIN transfer_raw r ON r.tid = t.tid
			WHERE t.profile_pk = (SELECT pk FROM profiles WHERE id = ?) ORDER BY t.tid`, pids[w])
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for ; rows.Next(); i++ {
			var id, status, hash, user, rawJSON string
			var fiat float64
			if err := rows.Scan(&id, &status, &hash, &user, &fiat, &rawJSON); err != nil {
				t.Fatal(err)
			}
			e := want[w][i]
			if id != e.ID || status != string(e.Status) || hash != e.Hash || user != e.UserID || fiat != e.AmountInFiat || rawJSON != string(e.Raw) {
				t.Fatalf("profile %d row %d: %s %s %s %s %v, want %s %s %s %s %v (raw equal: %v)", w, i, id, status, hash, user, fiat,
					e.ID, e.Status, e.Hash, e.UserID, e.AmountInFiat, rawJSON == string(e.Raw))
			}
		}
		rows.Close()
		if i != len(want[w]) {
			t.Fatalf("profile %d: %d rows, want %d", w, i, len(want[w]))
		}
		// The query index: each hash names its own transfer, and the statuses add up.
		byStatus := map[mesh.TransferStatus]int{}
		for k, e := range want[w] {
			byStatus[e.Status]++
			if k%7 != 0 {
				continue // a sample keeps the test short
			}
			got, err := db.LookupTransfers(ctx, pids[w], e.Hash)
			if err != nil || len(got) != 1 || got[0].ID != e.ID || got[0].Status != e.Status {
				t.Fatalf("profile %d: look-up of %s's hash: %+v, %v", w, e.ID, got, err)
			}
		}
		for s, n := range byStatus {
			got, err := db.CountTransfers(ctx, pids[w], store.TransferFilter{Statuses: []mesh.TransferStatus{s}})
			if err != nil || got != n {
				t.Fatalf("profile %d: %d %s transfers, %v; want %d", w, got, s, err, n)
			}
		}
	}
}
