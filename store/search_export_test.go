package store

import (
	"context"
	"database/sql"
)

// ResetSearchIndex empties the search index, so the worker fills it again from the start
// (benchmarks of queries while it fills).
func ResetSearchIndex(ctx context.Context, db *DB) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO transfer_search (transfer_search) VALUES ('delete-all')`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM search_progress`)
		return err
	})
}
