package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"meshdesk/mesh"
)

// mustOpenInternal opens a store in a temp dir with the search worker off.
func mustOpenInternal(t *testing.T) (*DB, string) {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "meshdesk.db"), WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := db.CreateProfile(context.Background(), Profile{Name: "A", Env: EnvDemo})
	if err != nil {
		t.Fatal(err)
	}
	return db, p.ID
}

func mustCatchUpAll(t *testing.T, db *DB) {
	t.Helper()
	mustCatchUpInBatches(t, db, 1000)
}

// mustCatchUpInBatches fills the search index batch rows per transaction (small batches leave
// many segments to merge).
func mustCatchUpInBatches(t *testing.T, db *DB, batch int) {
	t.Helper()
	for {
		n, err := db.CatchUpSearch(context.Background(), batch)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// indexOrigin is the FTS5 origin of a transfer's entry in the search index (it changes when
// the entry is written again), and whether the index holds it.
func indexOrigin(t *testing.T, db *DB, id string) (int64, bool) {
	t.Helper()
	var origin int64
	err := db.r.QueryRow(`SELECT d.origin FROM transfer_search_docsize d JOIN transfers t ON t.tid = d.id WHERE t.id = ?`, id).Scan(&origin)
	if err == sql.ErrNoRows {
		return 0, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return origin, true
}

// TestSearchReindexesOnlyChangedText: a webhook that changes only a transfer's status leaves
// its search-index entry as it is; one that brings its hash has it written again.
func TestSearchReindexesOnlyChangedText(t *testing.T) {
	tests := []struct {
		name    string
		ev      mesh.WebhookEvent
		rewrite bool
	}{
		{"status only", mesh.WebhookEvent{EventID: "e1", TransferID: "t1", TransferStatus: mesh.StatusSucceeded}, false},
		{"status and hash", mesh.WebhookEvent{EventID: "e2", TransferID: "t1", TransferStatus: mesh.StatusSucceeded, TxHash: "0xabcdef0123"}, true},
		{"nothing applied (unknown transfer)", mesh.WebhookEvent{EventID: "e3", TransferID: "t9", TransferStatus: mesh.StatusSucceeded, TxHash: "0xabcdef0123"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, pid := mustOpenInternal(t)
			ctx := context.Background()
			if _, err := db.UpsertTransfers(ctx, pid, []mesh.Transfer{{ID: "t1", Status: mesh.StatusPending, DestinationAddress: "0xdest0001"}, {ID: "t2", Status: mesh.StatusPending}}); err != nil {
				t.Fatal(err)
			}
			mustCatchUpAll(t, db)
			before, ok := indexOrigin(t, db, "t1")
			if !ok {
				t.Fatal("t1 not in the search index after catching up")
			}
			if _, err := db.ApplyWebhookEvent(ctx, pid, tt.ev); err != nil {
				t.Fatal(err)
			}
			mustCatchUpAll(t, db)
			after, ok := indexOrigin(t, db, "t1")
			if !ok {
				t.Fatal("t1 left the search index")
			}
			if (after != before) != tt.rewrite {
				t.Fatalf("index entry origin %d → %d; rewritten: want %v", before, after, tt.rewrite)
			}
			var dirty int
			if err := db.r.QueryRow(`SELECT count(*) FROM transfers WHERE text_dirty`).Scan(&dirty); err != nil || dirty != 0 {
				t.Fatalf("%d transfers still marked dirty after catching up (%v)", dirty, err)
			}
		})
	}
}

// TestMigration0006MarksChangedRows re-runs migration 0006 on a database of the schema before
// it: a transfer changed after the search index reached it is marked for re-indexing (its
// text may have changed), the others are not, and the trigger is back.
func TestMigration0006MarksChangedRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meshdesk.db")
	db, err := Open(path, WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, err := db.CreateProfile(ctx, Profile{Name: "A", Env: EnvDemo})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertTransfers(ctx, p.ID, []mesh.Transfer{{ID: "t1", Status: mesh.StatusPending}, {ID: "t2", Status: mesh.StatusPending}}); err != nil {
		t.Fatal(err)
	}
	mustCatchUpAll(t, db)
	// Back to the schema before 0006; then t1 changes (the hash arrives) with no trigger to
	// mark it, and t3 is new.
	for _, q := range []string{`DROP TRIGGER transfers_text_dirty`, `ALTER TABLE transfers DROP COLUMN text_dirty`, `DELETE FROM migrations WHERE name LIKE '0006_%'`} {
		if _, err := db.w.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.ApplyWebhookEvent(ctx, p.ID, mesh.WebhookEvent{EventID: "e1", TransferID: "t1", TransferStatus: mesh.StatusSucceeded, TxHash: "0x77ee77ee77"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertTransfers(ctx, p.ID, []mesh.Transfer{{ID: "t3", Status: mesh.StatusPending}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	got := map[string]int{}
	rows, err := db.r.Query(`SELECT id, text_dirty FROM transfers`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var d int
		if err := rows.Scan(&id, &d); err != nil {
			t.Fatal(err)
		}
		got[id] = d
	}
	rows.Close()
	if want := map[string]int{"t1": 1, "t2": 0, "t3": 0}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("text_dirty after migration: %v; want %v", got, want)
	}
	mustCatchUpAll(t, db)
	var n int
	if err := db.r.QueryRow(`SELECT count(*) FROM transfer_search WHERE transfer_search MATCH '"77ee77ee"'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("index entries with t1's new hash: %d, %v; want 1", n, err)
	}
	if _, err := db.ApplyWebhookEvent(ctx, p.ID, mesh.WebhookEvent{EventID: "e2", TransferID: "t2", TransferStatus: mesh.StatusSucceeded, TxHash: "0x88ff88ff88"}); err != nil {
		t.Fatal(err)
	}
	var d int
	if err := db.r.QueryRow(`SELECT text_dirty FROM transfers WHERE id = 't2'`).Scan(&d); err != nil || d != 1 {
		t.Fatalf("t2 after its hash arrived: text_dirty %d, %v; want 1 (the trigger)", d, err)
	}
}

// segments counts the search index's segments.
func segments(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.r.QueryRow(`SELECT count(DISTINCT segid) FROM transfer_search_idx`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMergeSearch: small batches leave many segments (FTS5's automerge is off, migration
// 0006); merge steps bring them down, each step reporting whether it did anything, and every
// transfer stays findable.
func TestMergeSearch(t *testing.T) {
	db, pid := mustOpenInternal(t)
	ctx := context.Background()
	var ts []mesh.Transfer
	for i := range 120 {
		ts = append(ts, mesh.Transfer{ID: fmt.Sprintf("t-%03d", i), Status: mesh.StatusPending, Hash: fmt.Sprintf("0x%03dcafe%03d", i, i)})
	}
	if _, err := db.UpsertTransfers(ctx, pid, ts); err != nil {
		t.Fatal(err)
	}
	mustCatchUpInBatches(t, db, 5)
	before := segments(t, db)
	if before < 8 {
		t.Fatalf("%d segments after 24 batches; the test needs at least usermerge (8) unmerged", before)
	}
	more, err := db.mergeSearchStep(ctx, searchMergePages)
	if err != nil || !more {
		t.Fatalf("first merge step: %v, %v; want work done", more, err)
	}
	if err := db.MergeSearch(ctx); err != nil {
		t.Fatal(err)
	}
	after := segments(t, db)
	if after >= 8 {
		t.Fatalf("%d segments after merging (%d before); want fewer than usermerge (8)", after, before)
	}
	if more, err := db.mergeSearchStep(ctx, searchMergePages); err != nil || more {
		t.Fatalf("merge step after MergeSearch: %v, %v; want nothing to do", more, err)
	}
	for i := range ts {
		var n int
		if err := db.r.QueryRow(`SELECT count(*) FROM transfer_search WHERE transfer_search MATCH ?`, fmt.Sprintf(`"%03dcafe%03d"`, i, i)).Scan(&n); err != nil || n != 1 {
			t.Fatalf("transfer %d: %d matches, %v", i, n, err)
		}
	}
}

// TestCheckpointer: the write connection does not checkpoint (automatic checkpoints are off
// once the checkpointer runs), and a PASSIVE checkpoint from the checkpointer's connection
// copies every frame, after which SQLite writes the WAL from its start again: written in
// rounds with a checkpoint between them, the WAL stays as small as one round.
func TestCheckpointer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meshdesk.db")
	db, err := Open(path, WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var auto int
	if err := db.w.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("write connection's wal_autocheckpoint = %d, %v; want 0", auto, err)
	}
	c, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	p, err := db.CreateProfile(ctx, Profile{Name: "A", Env: EnvDemo})
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int64
	for round := range 6 {
		var ts []mesh.Transfer
		for i := range 400 {
			ts = append(ts, mesh.Transfer{ID: fmt.Sprintf("r%d-%03d", round, i), Status: mesh.StatusPending, DestinationAddress: fmt.Sprintf("0x%040d", i)})
		}
		if _, err := db.UpsertTransfers(ctx, p.ID, ts); err != nil {
			t.Fatal(err)
		}
		log, copied, err := checkpoint(ctx, c)
		if err != nil || log == 0 || copied != log {
			t.Fatalf("round %d: checkpoint copied %d of %d frames, %v; want all of them", round, copied, log, err)
		}
		st, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, st.Size())
	}
	if sizes[5] > 2*sizes[0] {
		t.Fatalf("WAL sizes by round %v: it grows although every round was checkpointed", sizes)
	}
}

// TestWebhookMarksHookTime: applying a webhook (even a duplicate or one for an unknown
// transfer) tells the search worker that webhooks are arriving.
func TestWebhookMarksHookTime(t *testing.T) {
	db, pid := mustOpenInternal(t)
	if db.lastHook.Load() != 0 {
		t.Fatal("lastHook set before any webhook")
	}
	if _, err := db.ApplyWebhookEvent(context.Background(), pid, mesh.WebhookEvent{EventID: "e1", TransferID: "unknown", TransferStatus: mesh.StatusSucceeded}); err != nil {
		t.Fatal(err)
	}
	if db.lastHook.Load() == 0 {
		t.Fatal("lastHook not set by a webhook")
	}
}

// TestHooksLikely: the search worker keeps its turns short while a webhook receiver listens
// (ExpectWebhooks) and in the second after a webhook, and only then.
func TestHooksLikely(t *testing.T) {
	db := &DB{}
	now := time.Unix(1_800_000_000, 0)
	if db.hooksLikely(now) {
		t.Fatal("no receiver, no webhook: hooks likely")
	}
	done := db.ExpectWebhooks()
	other := db.ExpectWebhooks()
	if !db.hooksLikely(now) {
		t.Fatal("a receiver listens: hooks not likely")
	}
	done()
	done() // a second call changes nothing
	if !db.hooksLikely(now) {
		t.Fatal("the other receiver still listens: hooks not likely")
	}
	other()
	if db.hooksLikely(now) || db.hooksOn.Load() != 0 {
		t.Fatalf("every receiver closed: hooks likely (%d listening)", db.hooksOn.Load())
	}
	db.lastHook.Store(now.UnixNano())
	if !db.hooksLikely(now.Add(searchHookWindow/2)) || db.hooksLikely(now.Add(searchHookWindow)) {
		t.Fatal("the second after a webhook is not the only time hooks are likely")
	}
	if _, pages, _ := searchTurn(250, false, true); pages != searchMergePagesHooks {
		t.Fatalf("hooks likely: merge steps of %d pages, want %d", pages, searchMergePagesHooks)
	}
}
