package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"meshdesk/mesh"
)

// Source says where a transfer update came from. Only SourceAPI may move a transfer from one
// final status to another.
type Source string

// Update sources.
const (
	SourceAPI     Source = "api"
	SourceWebhook Source = "webhook"
)

// PageResult counts what one batch of transfers did to the store.
type PageResult struct {
	// New transfers were not stored before.
	New int `json:"new"`
	// Changed transfers were stored and differed (status, hash or any other field).
	Changed int `json:"changed"`
	// FinalUnchanged transfers were stored in a final status and are identical: a sync that
	// walks newest-first can stop when a page holds only these.
	FinalUnchanged int `json:"finalUnchanged"`
	// Unchanged transfers were stored, not final, and identical.
	Unchanged int `json:"unchanged"`
	// Stale transfers were ignored because they would move a final status back to pending.
	Stale int `json:"stale"`
}

// StatusChange is one entry of a transfer's status history.
type StatusChange struct {
	At     time.Time           `json:"at"`
	From   mesh.TransferStatus `json:"from"`
	To     mesh.TransferStatus `json:"to"`
	Source Source              `json:"source"`
}

// StoredTransfer is a transfer as the store holds it: Mesh's record (decoded from the raw JSON
// as received, with the current status) plus what the store knows about it.
type StoredTransfer struct {
	// Transfer is Mesh's record; Transfer.Raw is the exact JSON last received from the API.
	Transfer mesh.Transfer `json:"transfer"`
	// FirstSeen is when the store first saw the transfer; Updated when it last changed.
	FirstSeen time.Time `json:"firstSeen"`
	Updated   time.Time `json:"updated"`
	// Source is what made the last change.
	Source Source `json:"source"`
	// History lists status changes, oldest first.
	History []StatusChange `json:"history"`
}

// rawOf returns the exact JSON of t, or a marshalled copy when t was built in code.
func rawOf(t *mesh.Transfer) ([]byte, error) {
	if len(t.Raw) > 0 {
		return t.Raw, nil
	}
	b, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("encode transfer %s: %w", t.ID, err)
	}
	return b, nil
}

func checksum(b []byte) int64 {
	h := fnv.New64a()
	h.Write(b)
	return int64(h.Sum64())
}

// upserter applies transfers inside one write transaction.
type upserter struct {
	ctx  context.Context
	tx   *sql.Tx
	pk   int64
	now  int64
	seq  int64
	sel  *sql.Stmt
	ins  *sql.Stmt
	insR *sql.Stmt
	upd  *sql.Stmt
	updR *sql.Stmt
	hist *sql.Stmt
}

const transferSetCols = `client_transaction_id=?, user_id=?, status=?, amount_in_fiat=?, fiat_currency=?, amount=?, symbol=?, network_name=?, network_id=?, from_id=?, from_type=?, from_name=?, hash=?, destination_address=?, refund_address=?, sub_client_id=?, transfer_type=?, created_ts=?, executed_ts=?, raw_sum=?, source=?, updated=?, seq=?`

func (db *DB) newUpserter(ctx context.Context, tx *sql.Tx, profileID string) (*upserter, error) {
	pk, err := profilePK(ctx, tx, profileID)
	if err != nil {
		return nil, err
	}
	u := &upserter{ctx: ctx, tx: tx, pk: pk, now: ms(db.Now())}
	if err := tx.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'transfer_seq'`).Scan(&u.seq); err != nil {
		return nil, fmt.Errorf("read transfer_seq: %w", err)
	}
	prep := func(dst **sql.Stmt, q string) {
		if err == nil {
			*dst, err = tx.PrepareContext(ctx, q)
		}
	}
	prep(&u.sel, `SELECT tid, status, raw_sum, hash FROM transfers WHERE profile_pk = ? AND id = ?`)
	prep(&u.ins, `INSERT INTO transfers (profile_pk, id, client_transaction_id, user_id, status, amount_in_fiat, fiat_currency, amount, symbol, network_name, network_id, from_id, from_type, from_name, hash, destination_address, refund_address, sub_client_id, transfer_type, created_ts, executed_ts, raw_sum, source, updated, seq, first_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	prep(&u.insR, `INSERT INTO transfer_raw (tid, raw) VALUES (?, ?)`)
	prep(&u.upd, `UPDATE transfers SET `+transferSetCols+` WHERE tid = ?`)
	prep(&u.updR, `UPDATE transfer_raw SET raw = ? WHERE tid = ?`)
	prep(&u.hist, `INSERT INTO status_history (tid, at, from_status, to_status, source) VALUES (?,?,?,?,?)`)
	if err != nil {
		u.close()
		return nil, fmt.Errorf("prepare upsert: %w", err)
	}
	return u, nil
}

func (u *upserter) close() {
	for _, s := range []*sql.Stmt{u.sel, u.ins, u.insR, u.upd, u.updR, u.hist} {
		if s != nil {
			s.Close()
		}
	}
}

// finish stores the sequence counter.
func (u *upserter) finish() error {
	_, err := u.tx.ExecContext(u.ctx, `UPDATE counters SET value = ? WHERE name = 'transfer_seq'`, u.seq)
	return err
}

func transferArgs(t *mesh.Transfer, sum int64, src Source, now, seq int64) []any {
	var fromID, fromType, fromName string
	if t.From != nil {
		fromID, fromType, fromName = t.From.ID, t.From.Type, t.From.Name
	}
	var executed any
	if t.ExecutedTimestamp != nil {
		executed = *t.ExecutedTimestamp
	}
	return []any{t.ClientTransactionID, t.UserID, string(t.Status), t.AmountInFiat, t.AmountInFiatCurrencyCode, t.Amount, t.Symbol, t.NetworkName, t.NetworkID,
		fromID, fromType, fromName, t.Hash, t.DestinationAddress, t.RefundAddress, t.SubClientID, string(t.TransferType), t.CreatedTimestamp, executed, sum, string(src), now, seq}
}

// apply upserts one transfer from the API history and counts the outcome in r.
func (u *upserter) apply(t *mesh.Transfer, r *PageResult) error {
	if strings.TrimSpace(t.ID) == "" {
		return invalidf("transfer without id")
	}
	if t.Status == "" {
		t.Status = mesh.StatusPending
	}
	raw, err := rawOf(t)
	if err != nil {
		return err
	}
	sum := checksum(raw)
	var tid, oldSum int64
	var oldStatus, oldHash string
	err = u.sel.QueryRowContext(u.ctx, u.pk, t.ID).Scan(&tid, &oldStatus, &oldSum, &oldHash)
	if errors.Is(err, sql.ErrNoRows) {
		u.seq++
		args := append([]any{u.pk, t.ID}, transferArgs(t, sum, SourceAPI, u.now, u.seq)...)
		res, err := u.ins.ExecContext(u.ctx, append(args, u.now)...)
		if err != nil {
			return fmt.Errorf("insert transfer %s: %w", t.ID, err)
		}
		tid, _ = res.LastInsertId()
		if _, err := u.insR.ExecContext(u.ctx, tid, raw); err != nil {
			return fmt.Errorf("insert transfer %s: %w", t.ID, err)
		}
		r.New++
		return nil
	}
	if err != nil {
		return fmt.Errorf("read transfer %s: %w", t.ID, err)
	}
	old := mesh.TransferStatus(oldStatus)
	if old.IsFinal() && !t.Status.IsFinal() {
		r.Stale++
		return nil
	}
	if sum == oldSum && old == t.Status {
		if old.IsFinal() {
			r.FinalUnchanged++
		} else {
			r.Unchanged++
		}
		return nil
	}
	if t.Hash == "" && oldHash != "" {
		t.Hash = oldHash // a webhook's hash is kept until the API knows it
	}
	u.seq++
	if _, err := u.upd.ExecContext(u.ctx, append(transferArgs(t, sum, SourceAPI, u.now, u.seq), tid)...); err != nil {
		return fmt.Errorf("update transfer %s: %w", t.ID, err)
	}
	if _, err := u.updR.ExecContext(u.ctx, raw, tid); err != nil {
		return fmt.Errorf("update transfer %s: %w", t.ID, err)
	}
	if old != t.Status {
		if _, err := u.hist.ExecContext(u.ctx, tid, u.now, oldStatus, string(t.Status), string(SourceAPI)); err != nil {
			return fmt.Errorf("record status of %s: %w", t.ID, err)
		}
	}
	r.Changed++
	return nil
}

// UpsertTransfers stores transfers from the API history in one transaction (see ApplySyncPage
// for the rules) and returns what changed.
func (db *DB) UpsertTransfers(ctx context.Context, profileID string, transfers []mesh.Transfer) (PageResult, error) {
	return db.applyTransfers(ctx, profileID, transfers, nil)
}

// ApplySyncPage stores one page of the API history and the sync cursor in ONE transaction, so a
// crash loses or repeats nothing. Transfers are upserted by id within the profile; a new status
// is taken except that a final status (succeeded, failed) never returns to pending; a change
// between final statuses is taken (the API history is authoritative) and recorded in the status
// history.
func (db *DB) ApplySyncPage(ctx context.Context, profileID string, transfers []mesh.Transfer, state SyncState) (PageResult, error) {
	return db.applyTransfers(ctx, profileID, transfers, &state)
}

func (db *DB) applyTransfers(ctx context.Context, profileID string, transfers []mesh.Transfer, state *SyncState) (PageResult, error) {
	var r PageResult
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		u, err := db.newUpserter(ctx, tx, profileID)
		if err != nil {
			return err
		}
		defer u.close()
		for i := range transfers {
			t := transfers[i] // a copy: apply may fill in fields
			if err := u.apply(&t, &r); err != nil {
				return err
			}
		}
		if err := u.finish(); err != nil {
			return err
		}
		if state != nil {
			return db.putSyncState(ctx, tx, u.pk, *state)
		}
		return nil
	})
	if err != nil {
		return PageResult{}, fmt.Errorf("store %d transfers: %w", len(transfers), err)
	}
	db.kickSearch()
	return r, nil
}

// Transfer returns one stored transfer with its status history, or ErrNotFound.
func (db *DB) Transfer(ctx context.Context, profileID, id string) (*StoredTransfer, error) {
	var st StoredTransfer
	var tid, first, updated int64
	var status, src string
	var raw []byte
	err := db.r.QueryRowContext(ctx, `SELECT t.tid, t.status, t.source, t.first_seen, t.updated, r.raw FROM transfers t JOIN transfer_raw r ON r.tid = t.tid
		WHERE t.profile_pk = (SELECT pk FROM profiles WHERE id = ?) AND t.id = ?`, profileID, id).Scan(&tid, &status, &src, &first, &updated, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("transfer %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("transfer %s: %w", id, err)
	}
	if err := json.Unmarshal(raw, &st.Transfer); err != nil {
		return nil, fmt.Errorf("transfer %s: %w", id, err)
	}
	st.Transfer.Status = mesh.TransferStatus(status)
	st.Source, st.FirstSeen, st.Updated = Source(src), fromMS(first), fromMS(updated)
	rows, err := db.r.QueryContext(ctx, `SELECT at, from_status, to_status, source FROM status_history WHERE tid = ? ORDER BY at, rowid`, tid)
	if err != nil {
		return nil, fmt.Errorf("transfer %s history: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c StatusChange
		var at int64
		var from, to, s string
		if err := rows.Scan(&at, &from, &to, &s); err != nil {
			return nil, fmt.Errorf("transfer %s history: %w", id, err)
		}
		c.At, c.From, c.To, c.Source = fromMS(at), mesh.TransferStatus(from), mesh.TransferStatus(to), Source(s)
		st.History = append(st.History, c)
	}
	return &st, rows.Err()
}

// PendingTransferIDs lists the ids of a profile's transfers that are not final (newest first,
// at most limit; 0 means all), for the sync engine to re-check.
func (db *DB) PendingTransferIDs(ctx context.Context, profileID string, limit int) ([]string, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM transfers WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) AND status NOT IN ('succeeded', 'failed') ORDER BY created_ts DESC, id DESC LIMIT ?`, profileID, limit)
	if err != nil {
		return nil, fmt.Errorf("pending transfers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("pending transfers: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// LookupTransfers finds the transfers whose id, client transaction id, hash, destination
// address or refund address equals value (case-insensitive), through indexes; newest first.
func (db *DB) LookupTransfers(ctx context.Context, profileID, value string) ([]TransferRow, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return nil, nil
	}
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + rowCols + ` FROM transfers WHERE tid IN (
		SELECT tid FROM transfers WHERE profile_pk = ?1 AND id = ?2
		UNION SELECT tid FROM transfers WHERE profile_pk = ?1 AND id = lower(?2)
		UNION SELECT tid FROM transfers WHERE profile_pk = ?1 AND client_transaction_id = ?2 COLLATE NOCASE AND client_transaction_id <> ''
		UNION SELECT tid FROM transfers WHERE profile_pk = ?1 AND hash = ?2 COLLATE NOCASE AND hash <> ''
		UNION SELECT tid FROM transfers WHERE profile_pk = ?1 AND destination_address = ?2 COLLATE NOCASE AND destination_address <> ''
		UNION SELECT tid FROM transfers WHERE profile_pk = ?1 AND refund_address = ?2 COLLATE NOCASE AND refund_address <> ''
	) ORDER BY created_ts DESC, id DESC LIMIT 500`
	rows, err := db.r.QueryContext(ctx, q, pk, value)
	if err != nil {
		return nil, fmt.Errorf("look up %q: %w", value, err)
	}
	defer rows.Close()
	var out []TransferRow
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, fmt.Errorf("look up %q: %w", value, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
