package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// SyncPhase is where a profile's history sync stands.
type SyncPhase string

// Sync phases; the history package gives them meaning.
const (
	SyncIdle    SyncPhase = ""
	SyncPaging  SyncPhase = "paging"
	SyncRecheck SyncPhase = "recheck"
)

// SyncState is a profile's sync cursor, stored with each page (ApplySyncPage) so a killed sync
// resumes where it stopped.
type SyncState struct {
	// Phase is the step in progress (SyncIdle when none).
	Phase SyncPhase `json:"phase"`
	// ToTimestamp is the window end frozen at the start of the run (Unix seconds).
	ToTimestamp int64 `json:"toTimestamp"`
	// Offset is the next page's offset within the frozen window.
	Offset int `json:"offset"`
	// NewestCreated is the newest createdTimestamp seen in this run.
	NewestCreated int64 `json:"newestCreated"`
	// HighWater is the newest createdTimestamp of the last completed run.
	HighWater int64 `json:"highWater"`
	// Total is the API's total for the window, for progress.
	Total int `json:"total"`
	// LastStarted and LastCompleted are when a run last started and last completed.
	LastStarted   time.Time `json:"lastStarted"`
	LastCompleted time.Time `json:"lastCompleted"`
	// LastError is the last run's error message (empty after a success).
	LastError string `json:"lastError"`
	// UpdatedAt is set by the store on every put.
	UpdatedAt time.Time `json:"updatedAt"`
}

// SyncState returns a profile's sync state (the zero SyncState when none was stored).
func (db *DB) SyncState(ctx context.Context, profileID string) (SyncState, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return SyncState{}, fmt.Errorf("sync state: %w", err)
	}
	var s SyncState
	var phase string
	var started, completed, updated int64
	err = db.r.QueryRowContext(ctx, `SELECT phase, to_timestamp, offset_, newest_created, high_water, total, last_started, last_completed, last_error, updated_at FROM sync_state WHERE profile_pk = ?`, pk).
		Scan(&phase, &s.ToTimestamp, &s.Offset, &s.NewestCreated, &s.HighWater, &s.Total, &started, &completed, &s.LastError, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return SyncState{}, nil
	}
	if err != nil {
		return SyncState{}, fmt.Errorf("sync state: %w", err)
	}
	s.Phase = SyncPhase(phase)
	s.LastStarted, s.LastCompleted, s.UpdatedAt = fromMS(started), fromMS(completed), fromMS(updated)
	return s, nil
}

// PutSyncState stores a profile's sync state on its own (ApplySyncPage stores it with a page).
func (db *DB) PutSyncState(ctx context.Context, profileID string, s SyncState) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		pk, err := profilePK(ctx, tx, profileID)
		if err != nil {
			return fmt.Errorf("put sync state: %w", err)
		}
		return db.putSyncState(ctx, tx, pk, s)
	})
}

func (db *DB) putSyncState(ctx context.Context, tx *sql.Tx, pk int64, s SyncState) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_state (profile_pk, phase, to_timestamp, offset_, newest_created, high_water, total, last_started, last_completed, last_error, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (profile_pk) DO UPDATE SET phase=excluded.phase, to_timestamp=excluded.to_timestamp, offset_=excluded.offset_,
		newest_created=excluded.newest_created, high_water=excluded.high_water, total=excluded.total, last_started=excluded.last_started,
		last_completed=excluded.last_completed, last_error=excluded.last_error, updated_at=excluded.updated_at`,
		pk, string(s.Phase), s.ToTimestamp, s.Offset, s.NewestCreated, s.HighWater, s.Total, ms(s.LastStarted), ms(s.LastCompleted), s.LastError, ms(db.Now()))
	if err != nil {
		return fmt.Errorf("put sync state: %w", err)
	}
	return nil
}

// LeaseError is returned (wrapping ErrSyncInProgress) when another holder has the lease.
type LeaseError struct {
	// Holder names who holds the lease (e.g. "desktop pid 4242").
	Holder string
	// Expires is when the lease lapses unless renewed.
	Expires time.Time
}

// Error names the holder and when its lease lapses.
func (e *LeaseError) Error() string {
	return fmt.Sprintf("a sync is already in progress (held by %s until %s)", e.Holder, e.Expires.Format(time.RFC3339))
}

// Is makes errors.Is(err, ErrSyncInProgress) true.
func (e *LeaseError) Is(target error) bool { return target == ErrSyncInProgress }

// AcquireSyncLease takes the profile's sync lease for holder (a human-readable name, e.g.
// "cli pid 123") for ttl. It works across processes sharing the database file: while another
// holder's lease is unexpired it returns a *LeaseError (errors.Is ErrSyncInProgress). The
// lease is renewed in the background every ttl/3 until release is called; a process that dies
// loses it after ttl. release is idempotent.
func (db *DB) AcquireSyncLease(ctx context.Context, profileID, holder string, ttl time.Duration) (release func(), err error) {
	if ttl <= 0 {
		return nil, invalidf("lease ttl must be positive")
	}
	if holder == "" {
		holder = "unnamed"
	}
	token := newID()
	var pk int64
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		if pk, err = profilePK(ctx, tx, profileID); err != nil {
			return err
		}
		now := db.Now()
		var h string
		var exp int64
		err := tx.QueryRowContext(ctx, `SELECT holder, expires FROM sync_leases WHERE profile_pk = ?`, pk).Scan(&h, &exp)
		if err == nil && exp > ms(now) {
			return &LeaseError{Holder: h, Expires: fromMS(exp)}
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sync_leases (profile_pk, holder, token, acquired, expires) VALUES (?,?,?,?,?)
			ON CONFLICT (profile_pk) DO UPDATE SET holder=excluded.holder, token=excluded.token, acquired=excluded.acquired, expires=excluded.expires`,
			pk, holder, token, ms(now), ms(now.Add(ttl)))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("acquire sync lease: %w", err)
	}
	db.syncing.Add(1) // the search worker yields while a sync runs
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(max(ttl/3, time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-db.ctx.Done():
				return
			case <-t.C:
				// A failed renewal is retried at the next tick; the lease lapses after ttl.
				_ = db.withTx(db.ctx, func(tx *sql.Tx) error {
					_, err := tx.ExecContext(db.ctx, `UPDATE sync_leases SET expires = ? WHERE profile_pk = ? AND token = ?`, ms(db.Now().Add(ttl)), pk, token)
					return err
				})
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-done
			db.syncing.Add(-1)
			db.kickSearch()
			// Best effort: if this fails the lease simply expires.
			_ = db.withTx(context.Background(), func(tx *sql.Tx) error {
				_, err := tx.ExecContext(context.Background(), `DELETE FROM sync_leases WHERE profile_pk = ? AND token = ?`, pk, token)
				return err
			})
		})
	}, nil
}
