package store

// The treasury part of the Transfers window query: a filter by tags (a transfer with any of
// the tags) and a search that also sees notes and tags. The in-memory index (tindex.go) calls
// treasuryFilter after its own search and before its column conditions, and adds treasuryKey
// to its cache key, so a note or tag written by any process is seen by the next query.

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// normalizeFilterTags returns the filter's tags normalized and sorted (nil when none).
func normalizeFilterTags(tags []string) ([]string, error) {
	if len(tags) == 0 {
		return nil, nil
	}
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		n, err := NormalizeTag(t)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

// treasuryKey is the part of a query's cache key that depends on notes and tags: "" when the
// filter neither filters by tag nor searches; else the tags and the change counter.
func (db *DB) treasuryKey(ctx context.Context, f TransferFilter) (string, error) {
	if len(f.Tags) == 0 && f.Search == "" {
		return "", nil
	}
	tags, err := normalizeFilterTags(f.Tags)
	if err != nil {
		return "", err
	}
	var seq int64
	err = db.r.QueryRowContext(ctx, `SELECT coalesce((SELECT value FROM counters WHERE name = 'treasury_seq'), 0)`).Scan(&seq)
	if err != nil {
		return "", fmt.Errorf("treasury changes: %w", err)
	}
	return fmt.Sprintf("|tags=%q|tseq=%d", tags, seq), nil
}

// treasuryFilter narrows bits (by slot; every row, or the rows the search found) with the
// treasury's part of f: rows whose notes or tags contain the search term are added to a
// search's rows, then only rows carrying one of f.Tags are kept. x.mu held.
func (x *tindex) treasuryFilter(ctx context.Context, db *DB, f TransferFilter, bits []uint64) ([]uint64, error) {
	// mark sets the slots of the transfers whose ids q lists (found through the index's
	// fingerprints: the table has no index on id, ids.go).
	mark := func(set []uint64, q string, args ...any) error {
		rows, err := db.r.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		slots, err := x.slotsOfIDs(ctx, db, ids)
		if err != nil {
			return err
		}
		for _, s := range slots {
			set[s>>6] |= 1 << (uint(s) & 63)
		}
		return nil
	}
	if term := strings.ToLower(strings.TrimSpace(f.Search)); term != "" {
		err := mark(bits, `SELECT transfer_id FROM transfer_notes WHERE profile_pk = ?1 AND instr(lower(text), ?2)
			UNION SELECT transfer_id FROM transfer_tags WHERE profile_pk = ?1 AND instr(tag, ?2)`, x.pk, term)
		if err != nil {
			return nil, fmt.Errorf("search notes and tags: %w", err)
		}
	}
	tags, err := normalizeFilterTags(f.Tags)
	if err != nil || len(tags) == 0 {
		return bits, err
	}
	keep := make([]uint64, len(bits))
	args := []any{x.pk}
	for _, t := range tags {
		args = append(args, t)
	}
	err = mark(keep, `SELECT DISTINCT transfer_id FROM transfer_tags WHERE profile_pk = ?1 AND tag IN (`+strings.TrimSuffix(strings.Repeat("?,", len(tags)), ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("filter by tag: %w", err)
	}
	for i := range bits {
		bits[i] &= keep[i]
	}
	return bits, nil
}
