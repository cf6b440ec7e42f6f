package store

import (
	"context"
	"fmt"
)

// PendingTransfer is a stored transfer that is not final yet, for the sync engine's re-check.
type PendingTransfer struct {
	// ID is the Mesh transfer id.
	ID string
	// CreatedTimestamp is Mesh's createdTimestamp (Unix seconds).
	CreatedTimestamp int64
}

// PendingTransfersUpTo lists a profile's pending transfers created at or before toCreated
// (Unix seconds; 0 means no bound), newest first: every status that is not final (pending, or
// one the spec does not name). It uses the partial index on non-final rows.
func (db *DB) PendingTransfersUpTo(ctx context.Context, profileID string, toCreated int64) ([]PendingTransfer, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, fmt.Errorf("pending transfers: %w", err)
	}
	q := `SELECT id, created_ts FROM transfers WHERE profile_pk = ? AND status NOT IN ('succeeded', 'failed')`
	args := []any{pk}
	if toCreated > 0 {
		q += ` AND created_ts <= ?`
		args = append(args, toCreated)
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY created_ts DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("pending transfers: %w", err)
	}
	defer rows.Close()
	var out []PendingTransfer
	for rows.Next() {
		var p PendingTransfer
		if err := rows.Scan(&p.ID, &p.CreatedTimestamp); err != nil {
			return nil, fmt.Errorf("pending transfers: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending transfers: %w", err)
	}
	return out, nil
}
