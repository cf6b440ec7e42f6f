package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"meshdesk/mesh"
)

// ResolveWebhookEvents applies the kept events of transfers that were unknown when their webhook
// arrived and are stored now (fetched by id or by a sync), oldest first, in one transaction,
// under the same rules as ApplyWebhookEvent; each event's outcome is updated. It returns how many
// events it resolved.
func (db *DB) ResolveWebhookEvents(ctx context.Context, profileID string) (int, error) {
	n := 0
	if err := db.hooks.prepare(ctx, db.w); err != nil {
		return 0, fmt.Errorf("resolve webhook events: %w", err)
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		h := db.hooks.bind(ctx, tx)
		pk, err := h.profilePK(ctx, profileID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT w.rowid, w.transfer_id, w.raw FROM webhook_events w WHERE w.profile_pk = ? AND w.outcome = 'unknown_transfer'
			ORDER BY w.received_at, w.rowid`, pk)
		if err != nil {
			return err
		}
		type kept struct {
			rowid      int64
			transferID string
			raw        []byte
		}
		var ks []kept
		for rows.Next() {
			var k kept
			if err := rows.Scan(&k.rowid, &k.transferID, &k.raw); err != nil {
				rows.Close()
				return err
			}
			ks = append(ks, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		ids := make([]string, len(ks))
		for i, k := range ks {
			ids[i] = k.transferID
		}
		tids, err := db.tidsByID(ctx, tx, pk, ids...)
		if err != nil {
			return err
		}
		now := ms(db.Now())
		for _, k := range ks {
			if _, ok := tids[k.transferID]; !ok {
				continue // still unknown
			}
			var ev mesh.WebhookEvent
			if err := json.Unmarshal(k.raw, &ev); err != nil {
				return fmt.Errorf("kept webhook event: %w", err)
			}
			out, err := applyWebhookStatus(ctx, h, tids, ev, now)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE webhook_events SET outcome = ? WHERE rowid = ?`, string(out), k.rowid); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("resolve webhook events: %w", err)
	}
	// The search worker picks the changes up at its next tick (see ApplyWebhookEvents).
	return n, nil
}
