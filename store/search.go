package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
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
// batches have stopped for searchYield, or after searchYieldMax for one batch at a time. It
// yields the same way to queries the user waits for (foreground) — between its transactions,
// for at most db.pause.max — since each of its commits makes the readers drop their page
// caches and its CPU competes with theirs. Rows not yet moved stay searchable (searches scan
// them directly).
func (db *DB) searchWorker() {
	defer db.wg.Done()
	t := time.NewTicker(db.searchInterval)
	defer t.Stop()
	var yielding time.Time // when the worker started waiting for a sync or queries; zero if not
	merging := false       // merge steps were left for later (a query came)
	for {
		select {
		case <-db.ctx.Done():
			return
		case <-t.C:
		case <-db.kick:
		}
		// A read first: an idle app must not take the write lock five times a second.
		pending := db.searchPending(db.ctx)
		if !pending && !merging {
			yielding = time.Time{}
			continue
		}
		for db.ctx.Err() == nil {
			var yield bool
			now := time.Now()
			writing := db.syncing.Load() > 0 || now.Sub(time.Unix(0, db.lastBulk.Load())) < searchYield
			querying := db.fg.busy(now, db.pause.grace)
			wait := db.pause.max
			if writing {
				wait = searchYieldMax
			}
			if yield, yielding = searchYields(now, writing || querying, yielding, wait); yield {
				if writing {
					db.pause.note(searchPausedForWrites)
					break // try again at the next tick
				}
				db.pause.note(searchPausedForQueries)
				// Look again when the grace after the last query is over (not a whole tick
				// later: queries a user makes one by one leave the worker most of the time).
				d := min(db.fg.wait(now, db.pause.grace), yielding.Add(wait).Sub(now))
				pause := time.NewTimer(max(d, time.Millisecond))
				select {
				case <-db.ctx.Done():
					pause.Stop()
					return
				case <-pause.C:
				}
				continue
			}
			forced := !yielding.IsZero()
			limit, pages, steps := searchTurn(db.searchBatch, forced, db.hooksLikely(now))
			n := 0
			if pending {
				var err error
				if n, err = db.CatchUpSearch(db.ctx, limit); err != nil {
					break // an error (e.g. a busy database) is retried at the next tick
				}
				db.pause.note(searchMoved)
			}
			// Merge the segments the batch added, a step per transaction, so the index does
			// not pile up segments (searches read them all) and no write waits long for one.
			// A query arriving meanwhile leaves the rest for later (merging).
			merging = true
			for i := 0; i < steps && db.ctx.Err() == nil; i++ {
				if !forced && db.fg.busy(time.Now(), db.pause.grace) {
					break
				}
				if more, err := db.mergeSearchStep(db.ctx, pages); err != nil || !more {
					if err == nil {
						db.pause.note(searchMerged)
					}
					merging = false
					break
				}
			}
			if n < limit || forced {
				break // caught up, or a sync or queries are running: one batch only
			}
		}
	}
}

// foreground counts the queries a user is waiting for and when the last one ended.
type foreground struct {
	running atomic.Int32
	last    atomic.Int64 // Unix nanoseconds
}

// foreground marks a query the user waits for (a look-up, a window, a count) as running until
// the returned func is called; the search worker pauses between its transactions meanwhile
// and for a grace period after (searchWorker).
func (db *DB) foreground() (done func()) {
	db.fg.running.Add(1)
	return func() {
		db.fg.last.Store(time.Now().UnixNano()) // before the count drops: busy never misses it
		db.fg.running.Add(-1)
	}
}

// busy reports whether a foreground query is running or one ended less than grace before now.
func (f *foreground) busy(now time.Time, grace time.Duration) bool {
	return f.running.Load() > 0 || now.Sub(time.Unix(0, f.last.Load())) < grace
}

// wait is how long from now until grace has passed since the last query ended, or grace
// while one is running.
func (f *foreground) wait(now time.Time, grace time.Duration) time.Duration {
	if f.running.Load() > 0 {
		return grace
	}
	return time.Unix(0, f.last.Load()).Add(grace).Sub(now)
}

// searchForegroundGrace is how long after a foreground query the search worker still waits (a
// scroll's next window is usually that close; a user's look-ups one by one are further apart,
// and the worker runs between them), and searchForegroundMax how
// long it waits for queries at most before it takes one short turn anyway, so a steady stream
// of them slows the index but cannot stop it.
const (
	searchForegroundGrace = 50 * time.Millisecond
	searchForegroundMax   = 2 * time.Second
)

// searchPause is how the search worker yields to foreground queries; tests change it.
type searchPause struct {
	grace, max time.Duration
	hook       func(searchEvent) // tests: told what the worker did
}

// searchEvent is something the search worker did, for tests.
type searchEvent int

const (
	searchPausedForWrites  searchEvent = iota // yielded to a sync or transfer batches
	searchPausedForQueries                    // yielded to foreground queries
	searchMoved                               // moved a batch into the index
	searchMerged                              // merged until there was nothing left to merge
)

func (p *searchPause) note(e searchEvent) {
	if p.hook != nil {
		p.hook(e)
	}
}

// searchHookWindow is how long after a webhook the search worker keeps its transactions short.
const searchHookWindow = time.Second

// ExpectWebhooks tells the search worker that a webhook receiver is listening, until the
// returned func is called (history.Receiver does both). Meanwhile the worker keeps its
// transactions short all the time, not only in the second after a webhook: the next delivery
// may come at any moment and waits for the write lock, and a full-size merge step of a
// 1M-row index held it for up to 0.6 s (make bench: a 100 req/s burst after a quiet spell,
// ack p99 0.2–0.55 s against Mesh's 200 ms). Filling the index is slower meanwhile; rows not
// in it yet are still searched directly.
func (db *DB) ExpectWebhooks() (done func()) {
	db.hooksOn.Add(1)
	var once sync.Once
	return func() { once.Do(func() { db.hooksOn.Add(-1) }) }
}

// hooksLikely reports whether a webhook may arrive any moment: a receiver is listening, or a
// webhook came less than searchHookWindow ago.
func (db *DB) hooksLikely(now time.Time) bool {
	return db.hooksOn.Load() > 0 || now.Sub(time.Unix(0, db.lastHook.Load())) < searchHookWindow
}

// searchMergePages is how much one merge step of the search index writes (FTS5 pages of about
// 4 KB), searchMergePagesHooks the same while webhooks arrive (a few milliseconds), and
// searchMergeSteps how many steps follow a batch at most. Filling the index of 100k
// transfers (BenchmarkSearchFill, load 5 on 2 CPUs): steps of 64 pages 13.3k transfers per
// CPU-second, of 256 pages 17.7k; FTS5's automerge before 0006: 15.0k.
const (
	searchMergePages      = 256
	searchMergePagesHooks = 16
	searchMergeSteps      = 1000
)

// MergeSearch merges the search index's segments until there is nothing left to merge, a
// step per transaction (the worker does the same a few steps at a time after each batch it
// moves); for tests, benchmarks and maintenance.
func (db *DB) MergeSearch(ctx context.Context) error {
	for {
		more, err := db.mergeSearchStep(ctx, searchMergePages)
		if err != nil || !more {
			return err
		}
	}
}

// searchTurn returns how much the search worker does in one turn: the transfers a batch moves,
// the pages a merge step writes and the merge steps after the batch. batch is the configured
// batch size; syncing says a sync is writing (a short turn: a quarter batch, four steps);
// hooks says webhooks are arriving (transactions of a few milliseconds, so that one waiting
// for the write lock is still answered well inside Mesh's 200 ms).
func searchTurn(batch int, syncing, hooks bool) (limit, pages, steps int) {
	limit, pages, steps = batch, searchMergePages, searchMergeSteps
	if syncing {
		limit, steps = max(1, limit/4), 4
	}
	if hooks {
		limit, pages = max(1, limit/4), searchMergePagesHooks
	}
	return limit, pages, steps
}

// mergeSearchStep merges some of the search index's segments in one transaction (FTS5's
// 'merge' command writing about pages pages; segments are merged when a level holds usermerge
// of them, see migration 0006) and reports whether there was anything to merge.
func (db *DB) mergeSearchStep(ctx context.Context, pages int) (bool, error) {
	var before, after int64
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO transfer_search (transfer_search, rank) VALUES ('merge', ?)`, pages); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after)
	})
	if err != nil {
		return false, fmt.Errorf("search index merge: %w", err)
	}
	// FTS5 documents it so: a 'merge' that changed fewer than two rows found nothing to do.
	return after-before >= 2, nil
}

// searchYields decides whether the search worker waits at now, given whether a sync or
// queries are busy and since when the worker has been waiting (zero if it is not). It returns
// the new waiting-since time: zero once nothing is busy; now again when the worker has waited
// max and should move one batch anyway.
func searchYields(now time.Time, busy bool, since time.Time, max time.Duration) (bool, time.Time) {
	if !busy {
		return false, time.Time{}
	}
	if since.IsZero() {
		return true, now
	}
	if now.Sub(since) < max {
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
//
// A changed transfer already in the index is re-indexed only when its searchable text changed
// (text_dirty, set by a trigger): a status change alone (most webhooks) costs the index nothing.
// Everything is written with one DELETE and one INSERT per profile: FTS5 flushes its pending
// terms into a new segment at every statement that writes to it.
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
		for _, p := range todo {
			if moved >= limit {
				break
			}
			n, err := catchUpProfile(ctx, tx, p.pk, p.seq, p.tid, limit-moved)
			if err != nil {
				return err
			}
			moved += n
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	return moved, nil
}

// catchUpProfile moves up to limit of a profile's transfers changed after seq into the search
// index; tid is the highest row id ever indexed for the profile (a transfer above it cannot
// be in the index yet). It returns how many transfers it went through.
func catchUpProfile(ctx context.Context, tx *sql.Tx, pk, seq, tid int64, limit int) (int, error) {
	// The range this batch covers: the next limit transfers by seq.
	var n int
	var last, top sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT count(*), max(seq), max(tid) FROM (SELECT seq, tid FROM transfers WHERE profile_pk = ? AND seq > ? ORDER BY seq LIMIT ?)`,
		pk, seq, limit).Scan(&n, &last, &top); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	// Transfers at or below tid that must be (re-)indexed: their text changed, or they were
	// never indexed (changed again before the worker first reached them). Deleting a row id a
	// contentless_delete FTS5 table does not hold is harmless.
	rows, err := tx.QueryContext(ctx, `SELECT t.tid FROM transfers t WHERE t.profile_pk = ? AND t.seq > ? AND t.seq <= ? AND t.tid <= ?
		AND (t.text_dirty OR NOT EXISTS (SELECT 1 FROM transfer_search_docsize d WHERE d.id = t.tid))`, pk, seq, last.Int64, tid)
	if err != nil {
		return 0, err
	}
	var redo []int64
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return 0, err
		}
		redo = append(redo, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	list := "0"
	if len(redo) > 0 {
		ids := make([]string, len(redo))
		for i, t := range redo {
			ids[i] = itoa(t)
		}
		list = strings.Join(ids, ",")
		if _, err := tx.ExecContext(ctx, `DELETE FROM transfer_search WHERE rowid IN (`+list+`)`); err != nil {
			return 0, err
		}
	}
	// New transfers and the re-indexed ones in one statement, their text never passing through Go.
	if _, err := tx.ExecContext(ctx, `INSERT INTO transfer_search (rowid, text) SELECT tid, `+searchText+` FROM transfers
		WHERE profile_pk = ? AND seq > ? AND seq <= ? AND (tid > ? OR tid IN (`+list+`))`, pk, seq, last.Int64, tid); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE transfers SET text_dirty = 0 WHERE profile_pk = ? AND seq > ? AND seq <= ? AND text_dirty`, pk, seq, last.Int64); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_progress (profile_pk, seq, tid) VALUES (?, ?, ?)
		ON CONFLICT (profile_pk) DO UPDATE SET seq = excluded.seq, tid = excluded.tid`, pk, last.Int64, max(tid, top.Int64)); err != nil {
		return 0, err
	}
	return n, nil
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
