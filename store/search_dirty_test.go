package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// searchIDs returns the ids a search for term finds, sorted.
func searchIDs(t *testing.T, db *store.DB, profileID, term string) []string {
	t.Helper()
	w, err := db.QueryTransfers(context.Background(), profileID, store.TransferQuery{Filter: store.TransferFilter{Search: term}, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", term, err)
	}
	var ids []string
	for _, r := range w.Rows {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids
}

// mustIndexAll moves every transfer into the search index, a batch of limit at a time, and
// checks nothing is left for searches to scan (what follows is answered by the index).
func mustIndexAll(t *testing.T, db *store.DB, profileID string, limit int) {
	t.Helper()
	ctx := context.Background()
	for {
		n, err := db.CatchUpSearch(ctx, limit)
		if err != nil {
			t.Fatalf("catch up: %v", err)
		}
		if n == 0 {
			break
		}
	}
	if b, err := db.SearchBacklog(ctx, profileID); err != nil || b != 0 {
		t.Fatalf("search backlog %d, %v after catching up", b, err)
	}
}

// TestSearchFollowsTextChanges changes transfers after the search index reached them — by a
// webhook, by a sync, or before the index first reached them — and checks that searches find
// the new text and not the old at once (the changed rows are scanned directly) and once the
// index has caught up again (the index answers).
func TestSearchFollowsTextChanges(t *testing.T) {
	hashA, hashB := "0x"+strings.Repeat("a1", 32), "0x"+strings.Repeat("b2", 32)
	addrOld, addrNew := "0x"+strings.Repeat("c3", 20), "0x"+strings.Repeat("d4", 20)
	base := []mesh.Transfer{
		{ID: "t-pending", Status: mesh.StatusPending, DestinationAddress: addrOld, CreatedTimestamp: 1_700_000_001},
		{ID: "t-final", Status: mesh.StatusSucceeded, Hash: hashA, DestinationAddress: addrOld, CreatedTimestamp: 1_700_000_002},
		{ID: "t-other", Status: mesh.StatusPending, CreatedTimestamp: 1_700_000_003},
	}
	tests := []struct {
		name string
		// change runs after the index holds base (limit is the catch-up batch size after it)
		change    func(t *testing.T, db *store.DB, pid string)
		limit     int
		find      map[string][]string // term → ids
		notBefore bool                // skip indexing base before the change
	}{
		{name: "a webhook brings the hash", limit: 100,
			change: func(t *testing.T, db *store.DB, pid string) {
				mustApply(t, db, pid, mesh.WebhookEvent{EventID: "e1", TransferID: "t-pending", TransferStatus: mesh.StatusSucceeded, TxHash: hashB}, store.OutcomeApplied)
			},
			find: map[string][]string{hashB[10:30]: {"t-pending"}, hashA[10:30]: {"t-final"}}},
		{name: "a webhook changes only the status: still found by its hash and address", limit: 100,
			change: func(t *testing.T, db *store.DB, pid string) {
				mustApply(t, db, pid, mesh.WebhookEvent{EventID: "e2", TransferID: "t-pending", TransferStatus: mesh.StatusFailed}, store.OutcomeApplied)
			},
			find: map[string][]string{hashA[10:30]: {"t-final"}, addrOld[5:25]: {"t-final", "t-pending"}}},
		{name: "a sync changes the destination address", limit: 100,
			change: func(t *testing.T, db *store.DB, pid string) {
				tr := base[1]
				tr.DestinationAddress = addrNew
				mustUpsertOne(t, db, pid, tr)
			},
			find: map[string][]string{addrNew[5:25]: {"t-final"}, addrOld[5:25]: {"t-pending"}}},
		{name: "changed by a webhook before the index first reached it, moved one by one", limit: 1, notBefore: true,
			change: func(t *testing.T, db *store.DB, pid string) {
				// t-pending now has the highest seq but not the highest row id: it is below the
				// index's row-id watermark when its turn comes, yet was never indexed.
				mustApply(t, db, pid, mesh.WebhookEvent{EventID: "e3", TransferID: "t-pending", TransferStatus: mesh.StatusSucceeded}, store.OutcomeApplied)
			},
			find: map[string][]string{addrOld[5:25]: {"t-final", "t-pending"}, hashA[10:30]: {"t-final"}}},
		{name: "its hash changed before the index first reached it", limit: 1, notBefore: true,
			change: func(t *testing.T, db *store.DB, pid string) {
				mustApply(t, db, pid, mesh.WebhookEvent{EventID: "e4", TransferID: "t-pending", TransferStatus: mesh.StatusSucceeded, TxHash: hashB}, store.OutcomeApplied)
			},
			find: map[string][]string{hashB[10:30]: {"t-pending"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.MustOpenDB(t, store.WithSearchIndexing(0, 0))
			pid := storetest.MustCreateProfile(t, db, "A").ID
			if _, err := db.UpsertTransfers(context.Background(), pid, base); err != nil {
				t.Fatal(err)
			}
			if !tt.notBefore {
				mustIndexAll(t, db, pid, 100)
			}
			tt.change(t, db, pid)
			// At once (the changed rows are scanned), then from the index.
			for _, stage := range []string{"before the index caught up", "after"} {
				if stage == "after" {
					mustIndexAll(t, db, pid, tt.limit)
					if err := db.MergeSearch(context.Background()); err != nil {
						t.Fatal(err)
					}
				}
				for term, want := range tt.find {
					if got := searchIDs(t, db, pid, term); !slices.Equal(got, want) {
						t.Errorf("%s: search %q: %v; want %v", stage, term, got, want)
					}
				}
			}
		})
	}
}

func mustApply(t *testing.T, db *store.DB, pid string, ev mesh.WebhookEvent, want store.Outcome) {
	t.Helper()
	out, err := db.ApplyWebhookEvent(context.Background(), pid, ev)
	if err != nil || out != want {
		t.Fatalf("apply %s: %s, %v; want %s", ev.EventID, out, err, want)
	}
}

func mustUpsertOne(t *testing.T, db *store.DB, pid string, tr mesh.Transfer) {
	t.Helper()
	if res, err := db.UpsertTransfers(context.Background(), pid, []mesh.Transfer{tr}); err != nil || res.Changed != 1 {
		t.Fatalf("upsert %s: %+v, %v", tr.ID, res, err)
	}
}

// TestWebhooksAppliedOnceWhileIndexing applies webhooks (each event twice) while the search
// index is filled and merged between them: every event is applied exactly once, the repeats
// are duplicates, and searches find every hash the webhooks brought.
func TestWebhooksAppliedOnceWhileIndexing(t *testing.T) {
	db := storetest.MustOpenDB(t, store.WithSearchIndexing(0, 0))
	ctx := context.Background()
	pid := storetest.MustCreateProfile(t, db, "A").ID
	n := 300
	if testing.Short() {
		n = 60
	}
	var ts []mesh.Transfer
	for i := range n {
		ts = append(ts, mesh.Transfer{ID: fmt.Sprintf("t-%03d", i), Status: mesh.StatusPending, CreatedTimestamp: 1_700_000_000 + int64(i)})
	}
	if _, err := db.UpsertTransfers(ctx, pid, ts); err != nil {
		t.Fatal(err)
	}
	for i, tr := range ts {
		ev := mesh.WebhookEvent{EventID: "e-" + tr.ID, TransferID: tr.ID, TransferStatus: mesh.StatusSucceeded, TxHash: fmt.Sprintf("0x%04dfeedbeef%052d", i, 0)}
		mustApply(t, db, pid, ev, store.OutcomeApplied)
		mustApply(t, db, pid, ev, store.OutcomeDuplicate)
		if i%7 == 0 {
			if _, err := db.CatchUpSearch(ctx, 25); err != nil {
				t.Fatal(err)
			}
		}
	}
	mustIndexAll(t, db, pid, 40)
	if err := db.MergeSearch(ctx); err != nil {
		t.Fatal(err)
	}
	for i, tr := range ts {
		if got := searchIDs(t, db, pid, fmt.Sprintf("%04dfeedbeef", i)); !slices.Equal(got, []string{tr.ID}) {
			t.Fatalf("search for %s's hash: %v", tr.ID, got)
		}
		got, err := db.Transfer(ctx, pid, tr.ID)
		if err != nil || got.Transfer.Status != mesh.StatusSucceeded || len(got.History) != 1 {
			t.Fatalf("transfer %s: %+v, %v; want succeeded once", tr.ID, got, err)
		}
	}
}
