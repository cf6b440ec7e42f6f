package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"meshdesk/mesh"
)

// Outcome is what applying a webhook event did.
type Outcome string

// Webhook outcomes.
const (
	// OutcomeApplied: the transfer's status (or hash) changed.
	OutcomeApplied Outcome = "applied"
	// OutcomeUnchanged: the transfer already had this status.
	OutcomeUnchanged Outcome = "unchanged"
	// OutcomeDuplicate: the EventId was seen before; nothing was done.
	OutcomeDuplicate Outcome = "duplicate"
	// OutcomeUnknownTransfer: no such transfer is stored yet; the event is kept so the sync
	// engine can fetch it (UnknownTransferEvents).
	OutcomeUnknownTransfer Outcome = "unknown_transfer"
	// OutcomeStale: the event would move a final status back to pending; ignored.
	OutcomeStale Outcome = "stale"
	// OutcomeIgnoredFinal: the event would change one final status into another; only the
	// API history may do that, so it is ignored.
	OutcomeIgnoredFinal Outcome = "ignored_final"
)

// WebhookRecord is a stored webhook event.
type WebhookRecord struct {
	EventID    string              `json:"eventId"`
	DeliveryID string              `json:"deliveryId"`
	TransferID string              `json:"transferId"`
	Status     mesh.TransferStatus `json:"status"`
	ReceivedAt time.Time           `json:"receivedAt"`
	Outcome    Outcome             `json:"outcome"`
	// Raw is the body as received (verified before it reached the store).
	Raw []byte `json:"raw"`
}

// ApplyWebhookEvent records a transfer-status webhook and applies it in ONE transaction.
// A repeated EventId is a no-op (OutcomeDuplicate). An unknown transfer is kept with
// OutcomeUnknownTransfer. A pending → final change is applied and recorded in the status
// history; a final status never goes back to pending and never changes to another final
// status from a webhook. A hash the stored transfer lacks is taken from TxHash.
func (db *DB) ApplyWebhookEvent(ctx context.Context, profileID string, ev mesh.WebhookEvent) (Outcome, error) {
	outs, err := db.ApplyWebhookEvents(ctx, profileID, []mesh.WebhookEvent{ev})
	if err != nil {
		return "", err
	}
	return outs[0], nil
}

// ApplyWebhookEvents records and applies several webhook events in ONE transaction (a group
// commit for deliveries that arrive together), in order, each under ApplyWebhookEvent's rules:
// an EventId repeated within the batch is a duplicate of its first occurrence. Either every
// event is recorded or, on error, none is.
func (db *DB) ApplyWebhookEvents(ctx context.Context, profileID string, evs []mesh.WebhookEvent) ([]Outcome, error) {
	for _, ev := range evs {
		if strings.TrimSpace(ev.EventID) == "" {
			return nil, invalidf("webhook event without EventId")
		}
	}
	// The search worker takes short turns while webhooks arrive (searchWorker).
	db.lastHook.Store(time.Now().UnixNano())
	if err := db.hooks.prepare(ctx, db.w); err != nil {
		return nil, err
	}
	// The query index finds transfers by id (ids.go); it is caught up before the write lock is
	// taken, so that its refresh inside the transaction has little or nothing to read.
	if pk, err := profilePK(ctx, db.r, profileID); err == nil {
		db.idCandidates(ctx, db.r, pk, nil)
	}
	outs := make([]Outcome, len(evs))
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		h := db.hooks.bind(ctx, tx)
		pk, err := h.profilePK(ctx, profileID)
		if err != nil {
			return err
		}
		ids := make([]string, len(evs))
		for i, ev := range evs {
			ids[i] = ev.TransferID
		}
		tids, err := db.tidsByID(ctx, tx, pk, ids...)
		if err != nil {
			return err
		}
		now := ms(db.Now())
		for i, ev := range evs {
			var n int
			if err := h.seen.QueryRowContext(ctx, pk, ev.EventID).Scan(&n); err != nil {
				return fmt.Errorf("event %s: %w", ev.EventID, err)
			}
			if n > 0 {
				outs[i] = OutcomeDuplicate
				continue
			}
			out, err := applyWebhookStatus(ctx, h, tids, ev, now)
			if err != nil {
				return fmt.Errorf("event %s: %w", ev.EventID, err)
			}
			raw := []byte(ev.Raw)
			if len(raw) == 0 {
				raw = []byte("{}")
			}
			if _, err := h.insEvent.ExecContext(ctx, pk, ev.EventID, ev.ID, ev.TransferID, string(ev.TransferStatus), now, string(out), raw); err != nil {
				return fmt.Errorf("event %s: %w", ev.EventID, err)
			}
			outs[i] = out
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("apply webhook events (%d): %w", len(evs), err)
	}
	// The search worker is not woken: a webhook's change waits for its next tick (searches scan
	// rows the index has not reached), so that the index is written once for many webhooks.
	return outs, nil
}

// hookStmts are the webhook path's statements, prepared once on the write connection and
// bound to each transaction with Tx.StmtContext: preparing them in every transaction cost
// about a quarter of a webhook's CPU.
type hookStmts struct {
	mu                                          sync.Mutex
	pk, seen, lookup, bump, upd, hist, insEvent *sql.Stmt
}

// prepare prepares the statements on w the first time. Not inside a transaction: w has one
// connection, which the transaction holds.
func (s *hookStmts) prepare(ctx context.Context, w *sql.DB) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pk == nil {
		for _, p := range []struct {
			dst **sql.Stmt
			q   string
		}{
			{&s.pk, `SELECT pk FROM profiles WHERE id = ?`},
			{&s.seen, `SELECT count(*) FROM webhook_events WHERE profile_pk = ? AND event_id = ?`},
			{&s.lookup, `SELECT status, hash FROM transfers WHERE tid = ?`},
			{&s.bump, `UPDATE counters SET value = value + 1 WHERE name = 'transfer_seq' RETURNING value`},
			{&s.upd, `UPDATE transfers SET status = ?, hash = ?, source = ?, updated = ?, seq = ? WHERE tid = ?`},
			{&s.hist, `INSERT INTO status_history (tid, at, from_status, to_status, source) VALUES (?,?,?,?,?)`},
			{&s.insEvent, `INSERT INTO webhook_events (profile_pk, event_id, delivery_id, transfer_id, status, received_at, outcome, raw) VALUES (?,?,?,?,?,?,?,?)`},
		} {
			st, err := w.PrepareContext(ctx, p.q)
			if err != nil {
				s.closeLocked()
				return fmt.Errorf("prepare webhook statements: %w", err)
			}
			*p.dst = st
		}
	}
	return nil
}

// bind returns the statements (prepared) bound to tx.
func (s *hookStmts) bind(ctx context.Context, tx *sql.Tx) *hookStmts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &hookStmts{pk: tx.StmtContext(ctx, s.pk), seen: tx.StmtContext(ctx, s.seen), lookup: tx.StmtContext(ctx, s.lookup),
		bump: tx.StmtContext(ctx, s.bump), upd: tx.StmtContext(ctx, s.upd), hist: tx.StmtContext(ctx, s.hist), insEvent: tx.StmtContext(ctx, s.insEvent)}
}

// close closes the prepared statements (DB.Close).
func (s *hookStmts) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeLocked()
}

func (s *hookStmts) closeLocked() {
	for _, st := range []**sql.Stmt{&s.pk, &s.seen, &s.lookup, &s.bump, &s.upd, &s.hist, &s.insEvent} {
		if *st != nil {
			(*st).Close()
			*st = nil
		}
	}
}

// profilePK is profilePK through the bound statement.
func (s *hookStmts) profilePK(ctx context.Context, id string) (int64, error) {
	var pk int64
	err := s.pk.QueryRowContext(ctx, id).Scan(&pk)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("profile %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("profile %s: %w", id, err)
	}
	return pk, nil
}

// applyWebhookStatus applies one event; tids holds the row ids of the transfers the profile
// stores among the events' (tidsByID).
func applyWebhookStatus(ctx context.Context, h *hookStmts, tids map[string]int64, ev mesh.WebhookEvent, now int64) (Outcome, error) {
	tid, ok := tids[ev.TransferID]
	if !ok {
		return OutcomeUnknownTransfer, nil
	}
	var oldStatus, oldHash string
	if err := h.lookup.QueryRowContext(ctx, tid).Scan(&oldStatus, &oldHash); err != nil {
		return "", err
	}
	old, st := mesh.TransferStatus(oldStatus), ev.TransferStatus
	newHash := oldHash
	if oldHash == "" && ev.TxHash != "" {
		newHash = ev.TxHash
	}
	switch {
	case st == "" || st == old:
		st = old
	case old.IsFinal() && !st.IsFinal():
		return OutcomeStale, nil
	case old.IsFinal() && st.IsFinal():
		return OutcomeIgnoredFinal, nil
	}
	if st == old && newHash == oldHash {
		return OutcomeUnchanged, nil
	}
	var seq int64
	if err := h.bump.QueryRowContext(ctx).Scan(&seq); err != nil {
		return "", err
	}
	if _, err := h.upd.ExecContext(ctx, string(st), newHash, string(SourceWebhook), now, seq, tid); err != nil {
		return "", err
	}
	if st != old {
		if _, err := h.hist.ExecContext(ctx, tid, now, oldStatus, string(st), string(SourceWebhook)); err != nil {
			return "", err
		}
	}
	return OutcomeApplied, nil
}

// UnknownTransferEvents lists a profile's webhook events whose transfer is still not stored,
// oldest first, so the sync engine can fetch those transfers.
func (db *DB) UnknownTransferEvents(ctx context.Context, profileID string) ([]WebhookRecord, error) {
	evs, err := db.webhookEvents(ctx, profileID, `AND w.outcome = 'unknown_transfer'`, -1)
	if err != nil || len(evs) == 0 {
		return evs, err
	}
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, fmt.Errorf("webhook events: %w", err)
	}
	ids := make([]string, len(evs))
	for i, ev := range evs {
		ids[i] = ev.TransferID
	}
	stored, err := db.tidsByID(ctx, db.r, pk, ids...)
	if err != nil {
		return nil, fmt.Errorf("webhook events: %w", err)
	}
	out := evs[:0]
	for _, ev := range evs {
		if _, ok := stored[ev.TransferID]; !ok {
			out = append(out, ev)
		}
	}
	return out, nil
}

// WebhookEvents lists a profile's most recent webhook events, newest first (limit 0 means 100).
func (db *DB) WebhookEvents(ctx context.Context, profileID string, limit int) ([]WebhookRecord, error) {
	if limit <= 0 {
		limit = 100
	}
	return db.webhookEvents(ctx, profileID, `ORDER BY w.received_at DESC, w.rowid DESC`, limit)
}

func (db *DB) webhookEvents(ctx context.Context, profileID, where string, limit int) ([]WebhookRecord, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, fmt.Errorf("webhook events: %w", err)
	}
	q := `SELECT w.event_id, w.delivery_id, w.transfer_id, w.status, w.received_at, w.outcome, w.raw FROM webhook_events w WHERE w.profile_pk = ? ` + where
	if !strings.Contains(where, "ORDER BY") {
		q += ` ORDER BY w.received_at, w.rowid`
	}
	rows, err := db.r.QueryContext(ctx, q+` LIMIT ?`, pk, limit)
	if err != nil {
		return nil, fmt.Errorf("webhook events: %w", err)
	}
	defer rows.Close()
	var out []WebhookRecord
	for rows.Next() {
		var r WebhookRecord
		var status, outcome string
		var at int64
		if err := rows.Scan(&r.EventID, &r.DeliveryID, &r.TransferID, &status, &at, &outcome, &r.Raw); err != nil {
			return nil, fmt.Errorf("webhook events: %w", err)
		}
		r.Status, r.Outcome, r.ReceivedAt = mesh.TransferStatus(status), Outcome(outcome), fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
