package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"meshdesk/mesh"
)

// DuplicateDelivery is a repeated delivery of a webhook event already recorded (same EventId).
type DuplicateDelivery struct {
	EventID    string              `json:"eventId"`
	DeliveryID string              `json:"deliveryId"`
	TransferID string              `json:"transferId"`
	Status     mesh.TransferStatus `json:"status"`
	ReceivedAt time.Time           `json:"receivedAt"`
}

// RecordDuplicateDelivery records a delivery whose EventId was already stored (ApplyWebhookEvent
// answered OutcomeDuplicate), so the reconciliation report can count duplicates.
func (db *DB) RecordDuplicateDelivery(ctx context.Context, profileID string, ev mesh.WebhookEvent) error {
	if ev.EventID == "" {
		return invalidf("duplicate delivery without EventId")
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO webhook_duplicates (profile_pk, event_id, delivery_id, transfer_id, status, received_at)
		SELECT pk, ?, ?, ?, ?, ? FROM profiles WHERE id = ?`, ev.EventID, ev.ID, ev.TransferID, string(ev.TransferStatus), ms(db.Now()), profileID)
	if err != nil {
		return fmt.Errorf("record duplicate delivery of %s: %w", ev.EventID, err)
	}
	return nil
}

// DuplicateDeliveries lists a profile's repeated deliveries received in [from, to), oldest first.
func (db *DB) DuplicateDeliveries(ctx context.Context, profileID string, from, to time.Time) ([]DuplicateDelivery, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, fmt.Errorf("duplicate deliveries: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT event_id, delivery_id, transfer_id, status, received_at FROM webhook_duplicates
		WHERE profile_pk = ? AND received_at >= ? AND received_at < ? ORDER BY received_at, id`, pk, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("duplicate deliveries: %w", err)
	}
	defer rows.Close()
	var out []DuplicateDelivery
	for rows.Next() {
		var d DuplicateDelivery
		var st string
		var at int64
		if err := rows.Scan(&d.EventID, &d.DeliveryID, &d.TransferID, &st, &at); err != nil {
			return nil, fmt.Errorf("duplicate deliveries: %w", err)
		}
		d.Status, d.ReceivedAt = mesh.TransferStatus(st), fromMS(at)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("duplicate deliveries: %w", err)
	}
	return out, nil
}

// WebhookEventsBetween lists a profile's recorded webhook events received in [from, to),
// oldest first (each EventId once).
func (db *DB) WebhookEventsBetween(ctx context.Context, profileID string, from, to time.Time) ([]WebhookRecord, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, fmt.Errorf("webhook events: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT event_id, delivery_id, transfer_id, status, received_at, outcome, raw FROM webhook_events
		WHERE profile_pk = ? AND received_at >= ? AND received_at < ? ORDER BY received_at, rowid`, pk, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("webhook events: %w", err)
	}
	defer rows.Close()
	var out []WebhookRecord
	for rows.Next() {
		var r WebhookRecord
		var st, outcome string
		var at int64
		if err := rows.Scan(&r.EventID, &r.DeliveryID, &r.TransferID, &st, &at, &outcome, &r.Raw); err != nil {
			return nil, fmt.Errorf("webhook events: %w", err)
		}
		r.Status, r.Outcome, r.ReceivedAt = mesh.TransferStatus(st), Outcome(outcome), fromMS(at)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("webhook events: %w", err)
	}
	return out, nil
}

// FirstWebhookAt is when the profile's first recorded webhook event arrived (zero when none).
func (db *DB) FirstWebhookAt(ctx context.Context, profileID string) (time.Time, error) {
	var at int64
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(min(received_at), 0) FROM webhook_events WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?)`, profileID).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("first webhook: %w", err)
	}
	return fromMS(at), nil
}

// TransferStatusRow is a stored transfer's id, the status of the API's last record of it (not
// a status a webhook applied since), and Mesh's creation time (whole seconds).
type TransferStatusRow struct {
	ID      string
	Status  mesh.TransferStatus
	Created time.Time
}

// apiStatus is the status in the transfer's raw API record (the column when the record has none).
const apiStatus = `coalesce(json_extract(CAST(r.raw AS TEXT), '$.status'), t.status)`

// TransferStatuses lists the stored transfers created in [from, to) (Mesh's createdTimestamp)
// with the status the API last reported: the offline side of a reconciliation.
func (db *DB) TransferStatuses(ctx context.Context, profileID string, from, to time.Time) ([]TransferStatusRow, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, fmt.Errorf("transfer statuses: %w", err)
	}
	return db.transferStatuses(ctx, `SELECT t.id, `+apiStatus+`, t.created_ts FROM transfers t JOIN transfer_raw r ON r.tid = t.tid
		WHERE t.profile_pk = ? AND t.created_ts >= ? AND t.created_ts < ? ORDER BY t.created_ts, t.id`, pk, from.Unix(), ceilUnix(to))
}

// TransferStatusByID is TransferStatuses for one transfer; ErrNotFound when it is not stored.
func (db *DB) TransferStatusByID(ctx context.Context, profileID, id string) (TransferStatusRow, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return TransferStatusRow{}, fmt.Errorf("transfer status: %w", err)
	}
	found, err := db.tidsByID(ctx, db.r, pk, id)
	if err != nil {
		return TransferStatusRow{}, fmt.Errorf("transfer status: %w", err)
	}
	tid, ok := found[id]
	if !ok {
		return TransferStatusRow{}, fmt.Errorf("transfer %s: %w", id, ErrNotFound)
	}
	rows, err := db.transferStatuses(ctx, `SELECT t.id, `+apiStatus+`, t.created_ts FROM transfers t JOIN transfer_raw r ON r.tid = t.tid
		WHERE t.tid = ?`, tid)
	if err != nil {
		return TransferStatusRow{}, err
	}
	if len(rows) == 0 {
		return TransferStatusRow{}, fmt.Errorf("transfer %s: %w", id, ErrNotFound)
	}
	return rows[0], nil
}

func (db *DB) transferStatuses(ctx context.Context, q string, args ...any) ([]TransferStatusRow, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("transfer statuses: %w", err)
	}
	defer rows.Close()
	var out []TransferStatusRow
	for rows.Next() {
		var r TransferStatusRow
		var st string
		var c int64
		if err := rows.Scan(&r.ID, &st, &c); err != nil {
			return nil, fmt.Errorf("transfer statuses: %w", err)
		}
		r.Status, r.Created = mesh.TransferStatus(st), time.Unix(c, 0).UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("transfer statuses: %w", err)
	}
	return out, nil
}

// ceilUnix is t in Unix seconds, rounded up (so [from, to) over whole seconds keeps t's second
// when t is not on a second boundary).
func ceilUnix(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// TransfersWithEvents returns which of ids have at least one recorded webhook event (at any
// time).
func (db *DB) TransfersWithEvents(ctx context.Context, profileID string, ids []string) (map[string]bool, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, fmt.Errorf("transfers with events: %w", err)
	}
	out := map[string]bool{}
	const chunk = 500
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		part := ids[:n]
		ids = ids[n:]
		args := make([]any, 0, n+1)
		args = append(args, pk)
		q := `SELECT DISTINCT transfer_id FROM webhook_events WHERE profile_pk = ? AND transfer_id IN (?` + strings.Repeat(",?", n-1) + `)`
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := db.r.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("transfers with events: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("transfers with events: %w", err)
			}
			out[id] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("transfers with events: %w", err)
		}
	}
	return out, nil
}
