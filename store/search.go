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

// searchYield is how long after a transfer batch was written the search worker waits before
// it takes the write lock, and searchYieldMax how long it yields to a sync or to batches at
// most before it moves one batch anyway (a sync that writes for minutes must not leave
// searches scanning all its rows).
const (
	searchYield    = 500 * time.Millisecond
	searchYieldMax = 5 * time.Second
)

// noteBulk records that a batch of transfers was just written (see searchWorker).
func (db *DB) noteBulk() { db.lastBulk.Store(time.Now().UnixNano()) }

// searchWorker moves new and changed transfers into the FTS5 index in small transactions, so
// bulk imports are not slowed by it and writers wait at most one batch. While this process
// holds a sync lease, or batches keep coming, it yields: it starts when the sync is over and
// batches have stopped for searchYield, or after searchYieldMax for one batch at a time. Rows not yet moved stay searchable (searches scan
// them directly).
func (db *DB) searchWorker() {
	defer db.wg.Done()
	t := time.NewTicker(db.searchInterval)
	defer t.Stop()
	var yielding time.Time // when the worker started waiting for a sync to pause; zero if not
	for {
		select {
		case <-db.ctx.Done():
			return
		case <-t.C:
		case <-db.kick:
		}
		// A read first: an idle app must not take the write lock five times a second.
		if !db.searchPending(db.ctx) {
			yielding = time.Time{}
			continue
		}
		for db.ctx.Err() == nil {
			var yield bool
			now := time.Now()
			busy := db.syncing.Load() > 0 || now.Sub(time.Unix(0, db.lastBulk.Load())) < searchYield
			if yield, yielding = searchYields(now, busy, yielding); yield {
				break // try again at the next tick
			}
			limit := db.searchBatch
			if !yielding.IsZero() {
				limit = max(1, limit/4) // a sync is writing: a short turn
			}
			n, err := db.CatchUpSearch(db.ctx, limit)
			if err != nil || n < limit {
				break // an error (e.g. a busy database) is retried at the next tick
			}
			if !yielding.IsZero() {
				break // a sync is writing: one batch only
			}
		}
	}
}

// searchYields decides whether the search worker waits at now, given whether a sync is busy
// writing and since when the worker has been waiting (zero if it is not). It returns the new
// waiting-since time: zero once the writer is no longer busy; now again when the worker has
// waited searchYieldMax and should move one batch anyway.
func searchYields(now time.Time, busy bool, since time.Time) (bool, time.Time) {
	if !busy {
		return false, time.Time{}
	}
	if since.IsZero() {
		return true, now
	}
	if now.Sub(since) < searchYieldMax {
		return true, since
	}
	return false, now
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
		rows, err := tx.QueryContext(ctx, `SELECT p.pk, coalesce(s.seq, 0), coalesce(s.tid, 0) FROM profiles p LEFT JOIN search_progress s ON s.profile_pk = p.pk
			WHERE EXISTS (SELECT 1 FROM transfers t WHERE t.profile_pk = p.pk AND t.seq > coalesce(s.seq, 0))`)
		if err != nil {
			return err
		}
		type prog struct{ pk, seq, tid int64 }
		var todo []prog
		for rows.Next() {
			var p prog
			if err := rows.Scan(&p.pk, &p.seq, &p.tid); err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		del, err := tx.PrepareContext(ctx, `DELETE FROM transfer_search WHERE rowid = ?`)
		if err != nil {
			return err
		}
		defer del.Close()
		// A changed transfer is re-indexed one by one; new ones in one statement per profile,
		// without their text passing through Go.
		ins, err := tx.PrepareContext(ctx, `INSERT INTO transfer_search (rowid, text) SELECT tid, `+searchText+` FROM transfers WHERE tid = ?`)
		if err != nil {
			return err
		}
		defer ins.Close()
		type item struct{ tid, seq int64 }
		var items []item
		for _, p := range todo {
			if moved >= limit {
				break
			}
			rows, err := tx.QueryContext(ctx, `SELECT tid, seq FROM transfers WHERE profile_pk = ? AND seq > ? ORDER BY seq LIMIT ?`, p.pk, p.seq, limit-moved)
			if err != nil {
				return err
			}
			items = items[:0]
			for rows.Next() {
				var it item
				if err := rows.Scan(&it.tid, &it.seq); err != nil {
					rows.Close()
					return err
				}
				items = append(items, it)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			last, top, fresh := p.seq, p.tid, 0
			for _, it := range items {
				last, top = it.seq, max(top, it.tid)
				// Above the profile's highest indexed tid a transfer cannot be in the index.
				if it.tid > p.tid {
					fresh++
					continue
				}
				if _, err := del.ExecContext(ctx, it.tid); err != nil {
					return err
				}
				if _, err := ins.ExecContext(ctx, it.tid); err != nil {
					return err
				}
			}
			if fresh > 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO transfer_search (rowid, text) SELECT tid, `+searchText+` FROM transfers
					WHERE profile_pk = ? AND seq > ? AND seq <= ? AND tid > ?`, p.pk, p.seq, last, p.tid); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_progress (profile_pk, seq, tid) VALUES (?, ?, ?)
				ON CONFLICT (profile_pk) DO UPDATE SET seq = excluded.seq, tid = excluded.tid`, p.pk, last, top); err != nil {
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
