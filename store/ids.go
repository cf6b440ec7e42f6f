package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Transfers have no SQL index on their id (migration 0007): Mesh's ids are random UUIDs, and
// keeping a B-tree in their order made every batch of a sync rewrite about one index page per
// transfer (16 KiB of WAL a row at a million rows, the upsert's main cost: 20k rows/s with the
// index against 56k without, BenchmarkInsertCeiling). An id is found through the query index
// instead (tindex.go), which keeps each row's id key (its first 16 bytes) and a table of rows
// by key (tindex_ids.go): the key names the candidate rows, which are read by row id and
// compared in full.
//
// A writer refreshes the query index inside its write transaction, after it holds SQLite's
// write lock: every committed row (of any connection or process) is then in the index and no
// other can be committed until it ends, so "not found" is exact. Rows of the writer's own
// transaction are not in the index: the upsert resolves ids repeated within a batch itself.

// indexPK is index for a profile known by its pk.
func (db *DB) indexPK(ctx context.Context, q queryer, pk int64) (*tindex, error) {
	db.idxMu.Lock()
	x := db.indexes[pk]
	db.idxMu.Unlock()
	if x != nil {
		return x, nil
	}
	var profileID string
	if err := q.QueryRowContext(ctx, `SELECT id FROM profiles WHERE pk = ?`, pk).Scan(&profileID); err != nil {
		return nil, fmt.Errorf("profile %d: %w", pk, err)
	}
	return db.indexFor(pk, profileID), nil
}

// idCandidates returns the row ids of the profile's rows whose id may be one of ids: every
// row whose id is one of them, and another only if their ids share their first 16 bytes.
// The caller reads them and compares ids. q is the caller's connection (for the profile's id
// when its index is not loaded yet).
func (db *DB) idCandidates(ctx context.Context, q queryer, pk int64, ids []string) ([]int64, error) {
	x, err := db.indexPK(ctx, q, pk)
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.refresh(ctx, db); err != nil {
		return nil, fmt.Errorf("look up ids: %w", err)
	}
	return x.idCandidates(ids), nil
}

// idCandidates is DB.idCandidates on a refreshed index. x.mu held.
func (x *tindex) idCandidates(ids []string) []int64 {
	var tids []int64
	for _, id := range ids {
		for _, s := range x.idSlots(idKey(id)) {
			tids = append(tids, x.tid.get(int(s)))
		}
	}
	return tids
}

// slotsOfIDs returns the slots of the rows whose id is one of ids: the id table's candidates,
// read and compared in full (a key is only an id's first 16 bytes). x.mu held.
func (x *tindex) slotsOfIDs(ctx context.Context, db *DB, ids []string) ([]int32, error) {
	found, err := confirmIDs(ctx, db.rs, x.idCandidates(ids), ids)
	if err != nil {
		return nil, err
	}
	slots := make([]int32, 0, len(found))
	for _, tid := range found {
		if s, ok := x.slotOf(0, tid); ok {
			slots = append(slots, int32(s))
		}
	}
	return slots, nil
}

// tidsByID returns the row id of each of ids the profile stores (ids compare exactly); ids it
// does not store are missing from the map. q reads the rows: the caller's transaction or db.r.
func (db *DB) tidsByID(ctx context.Context, q queryer, pk int64, ids ...string) (map[string]int64, error) {
	cands, err := db.idCandidates(ctx, q, pk, ids)
	if err != nil {
		return nil, err
	}
	return confirmIDs(ctx, q, cands, ids)
}

// confirmIDs reads the ids of candidate rows and keeps those that are one of ids.
func confirmIDs(ctx context.Context, q queryer, cands []int64, ids []string) (map[string]int64, error) {
	out := make(map[string]int64, len(cands))
	if len(cands) == 0 {
		return out, nil
	}
	want := setOf(ids)
	err := forTIDs(ctx, q, `SELECT tid, id FROM transfers WHERE tid IN `+tidsIn, cands, func(rows *sql.Rows) error {
		var tid int64
		var id string
		if err := rows.Scan(&tid, &id); err != nil {
			return err
		}
		if want[id] {
			out[id] = tid
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look up ids: %w", err)
	}
	return out, nil
}

// forTIDs runs query (ending in "tid IN " + tidsIn) for tids, calling fn for each row.
func forTIDs(ctx context.Context, q queryer, query string, tids []int64, fn func(*sql.Rows) error) error {
	if len(tids) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, query, tidList(tids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// setOf returns the set of ids.
func setOf(ids []string) map[string]bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}
