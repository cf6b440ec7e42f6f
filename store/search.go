package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// searchText is the SQL expression of a transfer's searchable text. Fields are joined with
// U+001F, which a user cannot type, so no match spans two fields.
const searchText = `id||char(31)||client_transaction_id||char(31)||hash||char(31)||destination_address||char(31)||refund_address||char(31)||user_id`

// kickSearch wakes the search worker without waiting.
func (db *DB) kickSearch() {
	select {
	case db.kick <- struct{}{}:
	default:
	}
}

// searchWorker moves new and changed transfers into the FTS5 index in small transactions, so
// bulk imports are not slowed by it and writers wait at most one batch.
func (db *DB) searchWorker() {
	defer db.wg.Done()
	t := time.NewTicker(db.searchInterval)
	defer t.Stop()
	for {
		select {
		case <-db.ctx.Done():
			return
		case <-t.C:
		case <-db.kick:
		}
		// A read first: an idle app must not take the write lock five times a second.
		if !db.searchPending(db.ctx) {
			continue
		}
		for db.ctx.Err() == nil {
			n, err := db.CatchUpSearch(db.ctx, db.searchBatch)
			if err != nil || n < db.searchBatch {
				break // an error (e.g. a busy database) is retried at the next tick
			}
		}
	}
}

// searchPending reports whether some transfers are not in the search index yet (true on error,
// so the worker tries).
func (db *DB) searchPending(ctx context.Context) bool {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM profiles p LEFT JOIN search_progress s ON s.profile_pk = p.pk
		WHERE EXISTS (SELECT 1 FROM transfers t WHERE t.profile_pk = p.pk AND t.seq > coalesce(s.seq, 0)))`).Scan(&n)
	return err != nil || n == 1
}

// CatchUpSearch moves up to limit new or changed transfers into the search index and returns
// how many it moved (0 when the index is complete). Rows not yet moved are still searchable:
// searches scan them directly.
func (db *DB) CatchUpSearch(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		limit = 2000
	}
	moved := 0
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.pk, coalesce(s.seq, 0) FROM profiles p LEFT JOIN search_progress s ON s.profile_pk = p.pk
			WHERE EXISTS (SELECT 1 FROM transfers t WHERE t.profile_pk = p.pk AND t.seq > coalesce(s.seq, 0))`)
		if err != nil {
			return err
		}
		type prog struct{ pk, seq int64 }
		var todo []prog
		for rows.Next() {
			var p prog
			if err := rows.Scan(&p.pk, &p.seq); err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, p)
		}
		rows.Close()
		del, err := tx.PrepareContext(ctx, `DELETE FROM transfer_search WHERE rowid = ?`)
		if err != nil {
			return err
		}
		defer del.Close()
		ins, err := tx.PrepareContext(ctx, `INSERT INTO transfer_search (rowid, text) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, p := range todo {
			if moved >= limit {
				break
			}
			rows, err := tx.QueryContext(ctx, `SELECT tid, seq, indexed, `+searchText+` FROM transfers WHERE profile_pk = ? AND seq > ? ORDER BY seq LIMIT ?`, p.pk, p.seq, limit-moved)
			if err != nil {
				return err
			}
			type item struct {
				tid, seq int64
				indexed  bool
				text     string
			}
			var items []item
			for rows.Next() {
				var it item
				if err := rows.Scan(&it.tid, &it.seq, &it.indexed, &it.text); err != nil {
					rows.Close()
					return err
				}
				items = append(items, it)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			last := p.seq
			for _, it := range items {
				if it.indexed {
					if _, err := del.ExecContext(ctx, it.tid); err != nil {
						return err
					}
				}
				if _, err := ins.ExecContext(ctx, it.tid, it.text); err != nil {
					return err
				}
				last = it.seq
			}
			if len(items) > 0 {
				if _, err := tx.ExecContext(ctx, `UPDATE transfers SET indexed = 1 WHERE profile_pk = ? AND seq > ? AND seq <= ? AND indexed = 0`, p.pk, p.seq, last); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_progress (profile_pk, seq) VALUES (?, ?) ON CONFLICT (profile_pk) DO UPDATE SET seq = excluded.seq`, p.pk, last); err != nil {
				return err
			}
			moved += len(items)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	return moved, nil
}

// SearchBacklog returns how many of a profile's transfers are not yet in the search index
// (they are scanned directly by searches until they are).
func (db *DB) SearchBacklog(ctx context.Context, profileID string) (int, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.r.QueryRowContext(ctx, `SELECT count(*) FROM transfers WHERE profile_pk = ?1 AND seq > coalesce((SELECT seq FROM search_progress WHERE profile_pk = ?1), 0)`, pk).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("search backlog: %w", err)
	}
	return n, nil
}
