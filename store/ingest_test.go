package store_test

import (
	"context"
	"database/sql"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
)

// mustV1Database writes a database as the first schema (0001_init.sql only) left it: a
// profile and four transfers, the first two already in the search index (indexed = 1,
// search_progress at their seq), the other two not yet. It returns the transfers.
func mustV1Database(t *testing.T, path string) []mesh.Transfer {
	t.Helper()
	init, err := os.ReadFile(filepath.Join("migration", "0001_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	ts := genTransfers(41, 4)
	stmts := []struct {
		q    string
		args []any
	}{
		{`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`, nil},
		{string(init), nil},
		{`INSERT INTO migrations (name, applied_at) VALUES ('0001_init.sql', 1)`, nil},
		{`INSERT INTO profiles (pk, id, name, env, created_at, updated_at) VALUES (1, 'p-1', 'Old', 'demo', 1, 1)`, nil},
	}
	for i, tr := range ts {
		indexed := i < 2
		stmts = append(stmts,
			struct {
				q    string
				args []any
			}{`INSERT INTO transfers (tid, profile_pk, id, client_transaction_id, user_id, status, hash, destination_address, refund_address, created_ts, raw_sum, source, first_seen, updated, seq, indexed)
				VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'api', 1, 1, ?, ?)`,
				[]any{i + 1, tr.ID, tr.ClientTransactionID, tr.UserID, string(tr.Status), tr.Hash, tr.DestinationAddress, tr.RefundAddress, tr.CreatedTimestamp, i + 1, indexed}},
			struct {
				q    string
				args []any
			}{`INSERT INTO transfer_raw (tid, raw) VALUES (?, ?)`, []any{i + 1, []byte(tr.Raw)}})
		if indexed {
			stmts = append(stmts, struct {
				q    string
				args []any
			}{`INSERT INTO transfer_search (rowid, text) SELECT tid, id||char(31)||client_transaction_id||char(31)||hash||char(31)||destination_address||char(31)||refund_address||char(31)||user_id FROM transfers WHERE tid = ?`, []any{i + 1}})
		}
	}
	stmts = append(stmts, struct {
		q    string
		args []any
	}{`INSERT INTO search_progress (profile_pk, seq) VALUES (1, 2)`, nil},
		struct {
			q    string
			args []any
		}{`UPDATE counters SET value = 4 WHERE name = 'transfer_seq'`, nil})
	for _, s := range stmts {
		if _, err := raw.Exec(s.q, s.args...); err != nil {
			t.Fatalf("v1 database: %s: %v", s.q, err)
		}
	}
	return ts
}

// mustSearch returns the ids of the profile's transfers matching term.
func mustSearch(t *testing.T, db *store.DB, profileID, term string) []string {
	t.Helper()
	w, err := db.QueryTransfers(context.Background(), profileID, store.TransferQuery{Filter: store.TransferFilter{Search: term}, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", term, err)
	}
	var ids []string
	for _, r := range w.Rows {
		ids = append(ids, r.ID)
	}
	return ids
}

// TestMigrationKeepsSearchIndex opens a database of the first schema: the transfers it had
// indexed stay findable, the rest are indexed, and a changed transfer already in the index is
// replaced there (the old hash no longer matches), which needs the migrated watermark.
func TestMigrationKeepsSearchIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	ts := mustV1Database(t, path)
	db, err := store.Open(path, store.WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatalf("open v1 database: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var seq, tid int64
	if err := raw.QueryRow(`SELECT seq, tid FROM search_progress WHERE profile_pk = 1`).Scan(&seq, &tid); err != nil || seq != 2 || tid != 2 {
		t.Fatalf("search_progress after migration: seq %d tid %d, %v; want 2, 2", seq, tid, err)
	}
	if n, err := db.CatchUpSearch(ctx, 100); err != nil || n != 2 {
		t.Fatalf("catch up: %d, %v; want the 2 transfers not indexed before", n, err)
	}
	for _, tr := range ts {
		if got := mustSearch(t, db, "p-1", tr.Hash[5:20]); len(got) != 1 || got[0] != tr.ID {
			t.Fatalf("search for %s's hash: %v", tr.ID, got)
		}
	}
	// Transfer 0 was indexed under v1, transfer 3 since: both get a new hash.
	r := rand.New(rand.NewSource(5))
	changed := []mesh.Transfer{ts[0], ts[3]}
	for i := range changed {
		changed[i].Hash = "0x" + hexs(r, 64)
		changed[i] = withRaw(changed[i])
	}
	if res, err := db.UpsertTransfers(ctx, "p-1", changed); err != nil || res.Changed != 2 {
		t.Fatalf("upsert: %+v, %v", res, err)
	}
	if n, err := db.CatchUpSearch(ctx, 100); err != nil || n != 2 {
		t.Fatalf("catch up after change: %d, %v", n, err)
	}
	for i, tr := range changed {
		if got := mustSearch(t, db, "p-1", ts[[]int{0, 3}[i]].Hash[5:20]); len(got) != 0 {
			t.Errorf("old hash of %s still found: %v", tr.ID, got)
		}
		if got := mustSearch(t, db, "p-1", tr.Hash[5:20]); len(got) != 1 || got[0] != tr.ID {
			t.Errorf("new hash of %s: %v", tr.ID, got)
		}
	}
	if _, err := raw.Exec(`SELECT 1`); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT tid FROM search_progress WHERE profile_pk = 1`).Scan(&tid); err != nil || tid != 4 {
		t.Fatalf("watermark after catch-up: %d, %v; want 4", tid, err)
	}
	var check string
	if _, err := db.CatchUpSearch(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT count(*) FROM transfers WHERE indexed = 1`).Scan(&check); err != nil || check != "2" {
		t.Fatalf("indexed flags: %s, %v (the worker no longer writes them)", check, err)
	}
}
