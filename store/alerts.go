package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AlertKind is what an alert is about.
type AlertKind string

// Alert kinds.
const (
	// AlertFailed: the transfer failed.
	AlertFailed AlertKind = "failed"
	// AlertPending: the transfer has stayed pending past the profile's threshold.
	AlertPending AlertKind = "pending"
)

// Valid reports whether k is a known kind.
func (k AlertKind) Valid() bool { return k == AlertFailed || k == AlertPending }

// Alert is a stored alert, with the transfer's current status.
type Alert struct {
	ID         int64
	TransferID string
	Kind       AlertKind
	RaisedAt   time.Time
	// Status is the transfer's status when the alert was raised; CurrentStatus its status now
	// ("" when the transfer is no longer stored).
	Status        string
	CurrentStatus string
	Summary       string
	AckedAt       time.Time // zero while open
	NotifiedAt    time.Time // zero when no notification was shown
	NotifyError   string
}

// AlertCandidate is a stored transfer an alert check looks at: a failed transfer changed since
// the last check, or a pending one older than the threshold that has no alert of that kind yet.
type AlertCandidate struct {
	TransferID string
	Status     string
	// Created and Executed are Mesh's timestamps (Executed zero when unknown).
	Created  time.Time
	Executed time.Time
	// FailedAt is when this app saw the transfer turn failed (zero when it was first stored
	// failed).
	FailedAt time.Time
	Amount   float64
	Symbol   string
	Network  string
	From     string
}

// AlertScan is what an alert check reads: failed transfers changed after SinceSeq, and pending
// transfers created between PendingFrom and PendingTo (inclusive).
type AlertScan struct {
	SinceSeq                int64
	PendingFrom, PendingTo  time.Time
	SkipFailed, SkipPending bool
}

// AlertScanResult is the candidates and the transfer seq the scan read up to.
type AlertScanResult struct {
	Failed  []AlertCandidate
	Pending []AlertCandidate
	// Seq is the highest transfer seq of the profile when the scan ran: the next scan's SinceSeq.
	Seq int64
}

// NewAlert is an alert to raise.
type NewAlert struct {
	TransferID string
	Kind       AlertKind
	Status     string
	Summary    string
}

// AlertState returns when a profile's alerts were first checked and the seq the last check
// read up to. The first call records now as the baseline.
func (db *DB) AlertState(ctx context.Context, profileID string) (baseline time.Time, lastSeq int64, err error) {
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		pk, err := profilePK(ctx, tx, profileID)
		if err != nil {
			return err
		}
		var b int64
		err = tx.QueryRowContext(ctx, `SELECT baseline, last_seq FROM alert_state WHERE profile_pk = ?`, pk).Scan(&b, &lastSeq)
		if errors.Is(err, sql.ErrNoRows) {
			b, lastSeq = ms(db.Now()), 0
			_, err = tx.ExecContext(ctx, `INSERT INTO alert_state (profile_pk, baseline, last_seq) VALUES (?, ?, 0)`, pk, b)
		}
		baseline = fromMS(b)
		return err
	})
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("alert state: %w", err)
	}
	return baseline, lastSeq, nil
}

const alertCandidateCols = `t.id, t.status, t.created_ts, coalesce(t.executed_ts, 0), t.amount, t.symbol, t.network_name, t.from_name`

// ScanAlertCandidates reads what an alert check needs (see AlertScan). Transfers that already
// have an alert of the kind are left out.
func (db *DB) ScanAlertCandidates(ctx context.Context, profileID string, q AlertScan) (AlertScanResult, error) {
	var res AlertScanResult
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return res, fmt.Errorf("alert scan: %w", err)
	}
	if err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM transfers WHERE profile_pk = ?`, pk).Scan(&res.Seq); err != nil {
		return res, fmt.Errorf("alert scan: %w", err)
	}
	scan := func(query string, args ...any) ([]AlertCandidate, error) {
		rows, err := db.r.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []AlertCandidate
		for rows.Next() {
			var c AlertCandidate
			var created, executed, failedAt int64
			if err := rows.Scan(&c.TransferID, &c.Status, &created, &executed, &c.Amount, &c.Symbol, &c.Network, &c.From, &failedAt); err != nil {
				return nil, err
			}
			c.Created = time.Unix(created, 0).UTC()
			if executed > 0 {
				c.Executed = time.Unix(executed, 0).UTC()
			}
			c.FailedAt = fromMS(failedAt)
			out = append(out, c)
		}
		return out, rows.Err()
	}
	if !q.SkipFailed && res.Seq > q.SinceSeq {
		res.Failed, err = scan(`SELECT `+alertCandidateCols+`,
			coalesce((SELECT max(h.at) FROM status_history h WHERE h.tid = t.tid AND h.to_status = 'failed'), 0)
			FROM transfers t WHERE t.profile_pk = ? AND t.seq > ? AND t.seq <= ? AND t.status = 'failed'
			AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.profile_pk = t.profile_pk AND a.transfer_id = t.id AND a.kind = 'failed')
			ORDER BY t.seq`, pk, q.SinceSeq, res.Seq)
		if err != nil {
			return res, fmt.Errorf("alert scan (failed): %w", err)
		}
	}
	if !q.SkipPending && !q.PendingTo.Before(q.PendingFrom) {
		res.Pending, err = scan(`SELECT `+alertCandidateCols+`, 0
			FROM transfers t WHERE t.profile_pk = ? AND t.status NOT IN ('succeeded', 'failed') AND t.created_ts >= ? AND t.created_ts <= ?
			AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.profile_pk = t.profile_pk AND a.transfer_id = t.id AND a.kind = 'pending')
			ORDER BY t.created_ts, t.id`, pk, q.PendingFrom.Unix(), q.PendingTo.Unix())
		if err != nil {
			return res, fmt.Errorf("alert scan (pending): %w", err)
		}
	}
	return res, nil
}

// RaiseAlerts stores the alerts that do not exist yet (one per transfer and kind) and moves
// the profile's scan position to seq, in one transaction. It returns the alerts it created.
func (db *DB) RaiseAlerts(ctx context.Context, profileID string, as []NewAlert, seq int64) ([]Alert, error) {
	for _, a := range as {
		if !a.Kind.Valid() {
			return nil, invalidf("alert kind %q is not failed or pending", a.Kind)
		}
		if a.TransferID == "" {
			return nil, invalidf("alert without a transfer")
		}
	}
	var out []Alert
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		pk, err := profilePK(ctx, tx, profileID)
		if err != nil {
			return err
		}
		now := db.Now()
		for _, a := range as {
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO alerts (profile_pk, transfer_id, kind, raised_at, status, summary) VALUES (?,?,?,?,?,?)
				ON CONFLICT (profile_pk, transfer_id, kind) DO NOTHING RETURNING id`, pk, a.TransferID, string(a.Kind), ms(now), a.Status, a.Summary).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, Alert{ID: id, TransferID: a.TransferID, Kind: a.Kind, RaisedAt: fromMS(ms(now)), Status: a.Status,
				CurrentStatus: a.Status, Summary: a.Summary})
		}
		_, err = tx.ExecContext(ctx, `UPDATE alert_state SET last_seq = max(last_seq, ?) WHERE profile_pk = ?`, seq, pk)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("raise alerts: %w", err)
	}
	return out, nil
}

// Alerts lists a profile's alerts, newest first: the open ones, or all when includeAcked
// (limit 0 means 500).
func (db *DB) Alerts(ctx context.Context, profileID string, includeAcked bool, limit int) ([]Alert, error) {
	if limit <= 0 {
		limit = 500
	}
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	where := ` AND a.acked_at = 0`
	if includeAcked {
		where = ``
	}
	rows, err := db.r.QueryContext(ctx, `SELECT a.id, a.transfer_id, a.kind, a.raised_at, a.status, a.summary, a.acked_at, a.notified_at, a.notify_error
		FROM alerts a WHERE a.profile_pk = ?`+where+` ORDER BY a.id DESC LIMIT ?`, pk, limit)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var a Alert
		var kind string
		var raised, acked, notified int64
		if err := rows.Scan(&a.ID, &a.TransferID, &kind, &raised, &a.Status, &a.Summary, &acked, &notified, &a.NotifyError); err != nil {
			return nil, fmt.Errorf("alerts: %w", err)
		}
		a.Kind, a.RaisedAt, a.AckedAt, a.NotifiedAt = AlertKind(kind), fromMS(raised), fromMS(acked), fromMS(notified)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	if err := db.currentStatuses(ctx, pk, out); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}

// AlertCount is the number of a profile's open (unacknowledged) alerts: the window's badge.
func (db *DB) AlertCount(ctx context.Context, profileID string) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM alerts WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) AND acked_at = 0`, profileID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("alert count: %w", err)
	}
	return n, nil
}

// AckAlert acknowledges (dismisses) one of a profile's alerts and returns its transfer;
// ErrNotFound when the profile has no such alert. Acknowledging twice keeps the first time.
func (db *DB) AckAlert(ctx context.Context, profileID string, id int64) (string, error) {
	var transferID string
	err := db.w.QueryRowContext(ctx, `UPDATE alerts SET acked_at = CASE WHEN acked_at = 0 THEN ? ELSE acked_at END
		WHERE id = ? AND profile_pk = (SELECT pk FROM profiles WHERE id = ?) RETURNING transfer_id`, ms(db.Now()), id, profileID).Scan(&transferID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("acknowledge alert %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("acknowledge alert %d: %w", id, err)
	}
	return transferID, nil
}

// AckAllAlerts acknowledges every open alert of a profile and returns how many.
func (db *DB) AckAllAlerts(ctx context.Context, profileID string) (int, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE alerts SET acked_at = ? WHERE acked_at = 0 AND profile_pk = (SELECT pk FROM profiles WHERE id = ?)`, ms(db.Now()), profileID)
	if err != nil {
		return 0, fmt.Errorf("acknowledge alerts: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// MarkAlertNotified records that a desktop notification was shown for an alert (notifyErr ""),
// or why it could not be.
func (db *DB) MarkAlertNotified(ctx context.Context, id int64, notifyErr string) error {
	return db.MarkAlertsNotified(ctx, []int64{id}, notifyErr)
}

// MarkAlertsNotified is MarkAlertNotified for several alerts, in one transaction.
func (db *DB) MarkAlertsNotified(ctx context.Context, ids []int64, notifyErr string) error {
	if len(ids) == 0 {
		return nil
	}
	at := int64(0)
	if notifyErr == "" {
		at = ms(db.Now())
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE alerts SET notified_at = ?, notify_error = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, id := range ids {
			if _, err := st.ExecContext(ctx, at, notifyErr, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark %d alert(s) notified: %w", len(ids), err)
	}
	return nil
}

// currentStatuses fills in each alert's CurrentStatus: its transfer's status now, or "" when
// the transfer is not stored. The transfers are the id table's candidates (ids.go), read once
// and kept when their id is an alert's.
func (db *DB) currentStatuses(ctx context.Context, pk int64, alerts []Alert) error {
	ids := make([]string, len(alerts))
	for i, a := range alerts {
		ids[i] = a.TransferID
	}
	cands, err := db.idCandidates(ctx, db.r, pk, ids)
	if err != nil {
		return err
	}
	want, status := setOf(ids), map[string]string{}
	err = forTIDs(ctx, db.r, `SELECT id, status FROM transfers WHERE tid IN `+tidsIn, cands, func(rows *sql.Rows) error {
		var id, st string
		if err := rows.Scan(&id, &st); err != nil {
			return err
		}
		if want[id] {
			status[id] = st
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range alerts {
		alerts[i].CurrentStatus = status[alerts[i].TransferID]
	}
	return nil
}
