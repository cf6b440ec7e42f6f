package store

// The treasury workflow's records: a refund state per transfer with its history, notes, tags
// and the address book. Every change is written in one transaction together with its row of
// the audit trail (treasury_audit.go), so an action leaves exactly one audit row or nothing.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// RefundState is where a transfer's refund stands. The empty state means nobody has said.
type RefundState string

// Refund states.
const (
	RefundNone      RefundState = ""
	RefundNeeded    RefundState = "needed"
	RefundSent      RefundState = "sent"
	RefundDone      RefundState = "done"
	RefundNotNeeded RefundState = "not_needed"
)

// refundNext lists the states each state may move to: needed → sent → done, or not needed;
// a sent refund that bounced goes back to needed; "not needed" can be reconsidered. Done is
// final.
var refundNext = map[RefundState][]RefundState{
	RefundNone:      {RefundNeeded, RefundNotNeeded},
	RefundNeeded:    {RefundSent, RefundNotNeeded},
	RefundSent:      {RefundDone, RefundNeeded},
	RefundNotNeeded: {RefundNeeded},
	RefundDone:      {},
}

// ParseRefundState reads a state as people type it: needed, sent, done, not-needed (or
// not_needed, "not needed"), in any case.
func ParseRefundState(s string) (RefundState, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	v = strings.NewReplacer("-", "_", " ", "_").Replace(v)
	switch st := RefundState(v); st {
	case RefundNeeded, RefundSent, RefundDone, RefundNotNeeded:
		return st, nil
	}
	return "", invalidf("refund state %q is not one of needed, sent, done, not-needed", s)
}

// Label is the state in words ("none" for RefundNone).
func (s RefundState) Label() string {
	switch s {
	case RefundNone:
		return "none"
	case RefundNotNeeded:
		return "not needed"
	}
	return string(s)
}

// NextRefundStates lists the states a refund in state from may move to.
func NextRefundStates(from RefundState) []RefundState { return slices.Clone(refundNext[from]) }

// CheckRefundTransition returns nil when a refund may move from one state to the other, and
// an ErrInvalid error that says which moves are allowed otherwise.
func CheckRefundTransition(from, to RefundState) error {
	next, known := refundNext[from]
	if !known {
		return invalidf("unknown refund state %q", from)
	}
	if slices.Contains(next, to) {
		return nil
	}
	if len(next) == 0 {
		return invalidf("the refund is %s: that is final, it cannot become %s", from.Label(), to.Label())
	}
	words := make([]string, len(next))
	for i, n := range next {
		words[i] = n.Label()
	}
	return invalidf("a refund that is %s cannot become %s (it can become %s)", from.Label(), to.Label(), strings.Join(words, " or "))
}

// RefundChange is one refund state change.
type RefundChange struct {
	At    time.Time   `json:"at"`
	Actor string      `json:"actor"`
	From  RefundState `json:"from"`
	To    RefundState `json:"to"`
	Hash  string      `json:"hash,omitempty"`
	Note  string      `json:"note,omitempty"`
}

// RefundStatus is a transfer's refund state, the refund transaction's hash once sent, and
// every change, oldest first.
type RefundStatus struct {
	TransferID string         `json:"transferId"`
	State      RefundState    `json:"state"`
	Hash       string         `json:"hash,omitempty"`
	UpdatedAt  time.Time      `json:"updatedAt"`
	History    []RefundChange `json:"history"`
}

// Limits on what people write.
const (
	MaxNoteLen  = 4000 // characters of a note
	MaxTagLen   = 32   // characters of a tag
	MaxTags     = 20   // tags per transfer
	MaxLabelLen = 80   // characters of an address label
	MaxActorLen = 100  // characters of a user name
)

// treasuryCtx is what every treasury write needs: the profile's row and the transfer's
// existence checked inside the transaction.
type treasuryCtx struct {
	pk   int64
	name string
}

func profileRow(ctx context.Context, tx *sql.Tx, profileID string) (treasuryCtx, error) {
	var c treasuryCtx
	err := tx.QueryRowContext(ctx, `SELECT pk, name FROM profiles WHERE id = ?`, profileID).Scan(&c.pk, &c.name)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("profile %s: %w", profileID, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("profile %s: %w", profileID, err)
	}
	return c, nil
}

// requireTransfer checks that the profile holds the transfer.
func (db *DB) requireTransfer(ctx context.Context, tx *sql.Tx, pk int64, transferID string) error {
	found, err := db.tidsByID(ctx, tx, pk, transferID)
	if err != nil {
		return fmt.Errorf("transfer %s: %w", transferID, err)
	}
	if _, ok := found[transferID]; !ok {
		return fmt.Errorf("transfer %s: %w", transferID, ErrNotFound)
	}
	return nil
}

// cleanActor checks the user name that made a change.
func cleanActor(actor string) (string, error) {
	actor = strings.TrimSpace(actor)
	switch {
	case actor == "":
		return "", invalidf("who made the change is unknown (empty user name)")
	case utf8.RuneCountInString(actor) > MaxActorLen:
		return "", invalidf("user name is longer than %d characters", MaxActorLen)
	case strings.ContainsAny(actor, "\r\n\t"):
		return "", invalidf("user name contains control characters")
	}
	return actor, nil
}

// cleanText trims free text and checks its length and that it is valid UTF-8.
func cleanText(what, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(s):
		return "", invalidf("%s is not valid UTF-8", what)
	case utf8.RuneCountInString(s) > max:
		return "", invalidf("%s is longer than %d characters", what, max)
	case strings.ContainsRune(s, 0):
		return "", invalidf("%s contains a NUL character", what)
	}
	return s, nil
}

// SetRefundState moves a stored transfer's refund to state to, recording who, when, the
// refund's transaction hash (required for sent, refused otherwise; its format is the caller's
// check, it knows the network) and an optional note, with one audit row. An invalid move gives
// ErrInvalid with the allowed ones; an unknown transfer ErrNotFound.
func (db *DB) SetRefundState(ctx context.Context, profileID, transferID string, to RefundState, hash, note, actor string) (*RefundStatus, error) {
	transferID = strings.TrimSpace(transferID)
	hash = strings.TrimSpace(hash)
	var err error
	if transferID == "" {
		return nil, invalidf("no transfer id given")
	}
	if _, err := ParseRefundState(string(to)); err != nil || to == RefundNone {
		return nil, invalidf("refund state %q is not one of needed, sent, done, not-needed", to)
	}
	if to == RefundSent && hash == "" {
		return nil, invalidf("a sent refund needs the refund transaction's hash")
	}
	if to != RefundSent && hash != "" {
		return nil, invalidf("a hash is only recorded when the refund is sent")
	}
	if note, err = cleanText("note", note, MaxNoteLen); err != nil {
		return nil, err
	}
	if actor, err = cleanActor(actor); err != nil {
		return nil, err
	}
	now := ms(db.Now())
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		pc, err := profileRow(ctx, tx, profileID)
		if err != nil {
			return err
		}
		if err := db.requireTransfer(ctx, tx, pc.pk, transferID); err != nil {
			return err
		}
		var cur, curHash string
		err = tx.QueryRowContext(ctx, `SELECT state, hash FROM refund_state WHERE profile_pk = ? AND transfer_id = ?`, pc.pk, transferID).Scan(&cur, &curHash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read refund state: %w", err)
		}
		if err := CheckRefundTransition(RefundState(cur), to); err != nil {
			return err
		}
		keep := hash
		if to == RefundDone {
			keep = curHash // done keeps the hash the refund was sent with
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO refund_events (profile_pk, transfer_id, at, actor, from_state, to_state, hash, note) VALUES (?,?,?,?,?,?,?,?)`,
			pc.pk, transferID, now, actor, cur, string(to), hash, note); err != nil {
			return fmt.Errorf("record refund change: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO refund_state (profile_pk, transfer_id, state, hash, updated_at) VALUES (?,?,?,?,?)
			ON CONFLICT (profile_pk, transfer_id) DO UPDATE SET state = excluded.state, hash = excluded.hash, updated_at = excluded.updated_at`,
			pc.pk, transferID, string(to), keep, now); err != nil {
			return fmt.Errorf("record refund state: %w", err)
		}
		details := fmt.Sprintf("%s → %s", RefundState(cur).Label(), to.Label())
		if hash != "" {
			details += "; hash " + hash
		}
		if note != "" {
			details += "; note: " + note
		}
		return insertAudit(ctx, tx, AuditEntry{At: fromMS(now), Actor: actor, ProfileID: profileID, ProfileName: pc.name,
			Action: AuditRefundState, Target: transferID, Details: details})
	})
	if err != nil {
		return nil, fmt.Errorf("set refund state of %s: %w", transferID, err)
	}
	return db.RefundStatus(ctx, profileID, transferID)
}

// RefundStatus returns a transfer's refund state and history (state RefundNone and no history
// when nobody has set one). It does not check that the transfer is stored.
func (db *DB) RefundStatus(ctx context.Context, profileID, transferID string) (*RefundStatus, error) {
	out := &RefundStatus{TransferID: transferID, History: []RefundChange{}}
	cur, err := scanRefundRow(db.r.QueryRowContext(ctx, `SELECT `+refundRowColumns+` FROM refund_state
		WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) AND transfer_id = ?`, profileID, transferID))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("refund state of %s: %w", transferID, err)
	}
	out.State, out.Hash, out.UpdatedAt = cur.State, cur.Hash, cur.UpdatedAt
	rows, err := db.r.QueryContext(ctx, `SELECT at, actor, from_state, to_state, hash, note FROM refund_events
		WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) AND transfer_id = ? ORDER BY id`, profileID, transferID)
	if err != nil {
		return nil, fmt.Errorf("refund history of %s: %w", transferID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c RefundChange
		var at int64
		var from, to string
		if err := rows.Scan(&at, &c.Actor, &from, &to, &c.Hash, &c.Note); err != nil {
			return nil, fmt.Errorf("refund history of %s: %w", transferID, err)
		}
		c.At, c.From, c.To = fromMS(at), RefundState(from), RefundState(to)
		out.History = append(out.History, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("refund history of %s: %w", transferID, err)
	}
	return out, nil
}

// RefundQueueItem is one transfer with a refund state, for the refunds queue.
type RefundQueueItem struct {
	TransferID string      `json:"transferId"`
	State      RefundState `json:"state"`
	Hash       string      `json:"hash,omitempty"`
	UpdatedAt  time.Time   `json:"updatedAt"`
}

// refundRowColumns are the refund_state columns scanRefundRow reads, in its order.
const refundRowColumns = `transfer_id, state, hash, updated_at`

// scanRefundRow reads one refund_state row selected as refundRowColumns. On an error (such as
// sql.ErrNoRows) the item is the zero one: no state, no hash, no time.
func scanRefundRow(row interface{ Scan(...any) error }) (RefundQueueItem, error) {
	var it RefundQueueItem
	var state string
	var at int64
	if err := row.Scan(&it.TransferID, &state, &it.Hash, &at); err != nil {
		return RefundQueueItem{}, err
	}
	it.State, it.UpdatedAt = RefundState(state), fromMS(at)
	return it, nil
}

// RefundQueue lists the profile's transfers whose refund is in one of states (every state
// when empty), most recently changed first, at most limit (default 1000).
func (db *DB) RefundQueue(ctx context.Context, profileID string, states []RefundState, limit int) ([]RefundQueueItem, error) {
	if limit <= 0 || limit > 10000 {
		limit = 1000
	}
	q := `SELECT ` + refundRowColumns + ` FROM refund_state WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?)`
	args := []any{profileID}
	if len(states) > 0 {
		q += ` AND state IN (` + strings.TrimSuffix(strings.Repeat("?,", len(states)), ",") + `)`
		for _, s := range states {
			if _, err := ParseRefundState(string(s)); err != nil {
				return nil, err
			}
			args = append(args, string(s))
		}
	}
	q += ` ORDER BY updated_at DESC, transfer_id LIMIT ?`
	args = append(args, limit)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("refund queue: %w", err)
	}
	defer rows.Close()
	out := []RefundQueueItem{}
	for rows.Next() {
		it, err := scanRefundRow(rows)
		if err != nil {
			return nil, fmt.Errorf("refund queue: %w", err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("refund queue: %w", err)
	}
	return out, nil
}

// Note is a free-text note on a transfer.
type Note struct {
	ID    int64     `json:"id"`
	At    time.Time `json:"at"`
	Actor string    `json:"actor"`
	Text  string    `json:"text"`
}

// AddNote appends a note to a stored transfer, with one audit row.
func (db *DB) AddNote(ctx context.Context, profileID, transferID, text, actor string) (*Note, error) {
	transferID = strings.TrimSpace(transferID)
	var err error
	if transferID == "" {
		return nil, invalidf("no transfer id given")
	}
	if text, err = cleanText("note", text, MaxNoteLen); err != nil {
		return nil, err
	}
	if text == "" {
		return nil, invalidf("note is empty")
	}
	if actor, err = cleanActor(actor); err != nil {
		return nil, err
	}
	n := &Note{At: fromMS(ms(db.Now())), Actor: actor, Text: text}
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		pc, err := profileRow(ctx, tx, profileID)
		if err != nil {
			return err
		}
		if err := db.requireTransfer(ctx, tx, pc.pk, transferID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO transfer_notes (profile_pk, transfer_id, at, actor, text) VALUES (?,?,?,?,?)`, pc.pk, transferID, ms(n.At), actor, text)
		if err != nil {
			return fmt.Errorf("add note: %w", err)
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("add note: %w", err)
		}
		if err := bumpTreasurySeq(ctx, tx); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEntry{At: n.At, Actor: actor, ProfileID: profileID, ProfileName: pc.name,
			Action: AuditNoteAdd, Target: transferID, Details: text})
	})
	if err != nil {
		return nil, fmt.Errorf("note on %s: %w", transferID, err)
	}
	return n, nil
}

// Notes lists a transfer's notes, oldest first.
func (db *DB) Notes(ctx context.Context, profileID, transferID string) ([]Note, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, at, actor, text FROM transfer_notes WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) AND transfer_id = ? ORDER BY id`,
		profileID, transferID)
	if err != nil {
		return nil, fmt.Errorf("notes of %s: %w", transferID, err)
	}
	defer rows.Close()
	out := []Note{}
	for rows.Next() {
		var n Note
		var at int64
		if err := rows.Scan(&n.ID, &at, &n.Actor, &n.Text); err != nil {
			return nil, fmt.Errorf("notes of %s: %w", transferID, err)
		}
		n.At = fromMS(at)
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notes of %s: %w", transferID, err)
	}
	return out, nil
}

// NormalizeTag returns a tag as stored: trimmed, lower case, a leading '#' dropped, inner
// spaces as '-'; 1..MaxTagLen characters of letters, digits, '-', '_', '.', ':'.
func NormalizeTag(s string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "#")
	t = strings.Join(strings.Fields(t), "-")
	if t == "" {
		return "", invalidf("tag %q is empty", s)
	}
	if utf8.RuneCountInString(t) > MaxTagLen {
		return "", invalidf("tag %q is longer than %d characters", s, MaxTagLen)
	}
	for _, r := range t {
		ok := r == '-' || r == '_' || r == '.' || r == ':' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r)))
		if !ok {
			return "", invalidf("tag %q may hold only letters, digits, '-', '_', '.' and ':'", s)
		}
	}
	return t, nil
}

// NormalizeTags normalizes each tag, drops duplicates and sorts them.
func NormalizeTags(tags []string) ([]string, error) {
	out := []string{}
	for _, s := range tags {
		t, err := NormalizeTag(s)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		return nil, invalidf("at most %d tags per transfer (got %d)", MaxTags, len(out))
	}
	slices.Sort(out)
	return out, nil
}

// SetTags replaces a stored transfer's tags with tags (normalized), with one audit row that
// says what was added and removed. Setting the same tags again changes nothing and records
// nothing. It returns the tags now held.
func (db *DB) SetTags(ctx context.Context, profileID, transferID string, tags []string, actor string) ([]string, error) {
	transferID = strings.TrimSpace(transferID)
	if transferID == "" {
		return nil, invalidf("no transfer id given")
	}
	want, err := NormalizeTags(tags)
	if err != nil {
		return nil, err
	}
	if actor, err = cleanActor(actor); err != nil {
		return nil, err
	}
	now := ms(db.Now())
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		pc, err := profileRow(ctx, tx, profileID)
		if err != nil {
			return err
		}
		if err := db.requireTransfer(ctx, tx, pc.pk, transferID); err != nil {
			return err
		}
		have, err := tagsOf(ctx, tx, pc.pk, transferID)
		if err != nil {
			return err
		}
		var added, removed []string
		for _, t := range want {
			if !slices.Contains(have, t) {
				added = append(added, t)
				if _, err := tx.ExecContext(ctx, `INSERT INTO transfer_tags (profile_pk, transfer_id, tag, added_at, actor) VALUES (?,?,?,?,?)`, pc.pk, transferID, t, now, actor); err != nil {
					return fmt.Errorf("add tag: %w", err)
				}
			}
		}
		for _, t := range have {
			if !slices.Contains(want, t) {
				removed = append(removed, t)
				if _, err := tx.ExecContext(ctx, `DELETE FROM transfer_tags WHERE profile_pk = ? AND transfer_id = ? AND tag = ?`, pc.pk, transferID, t); err != nil {
					return fmt.Errorf("remove tag: %w", err)
				}
			}
		}
		if len(added) == 0 && len(removed) == 0 {
			return nil
		}
		if err := bumpTreasurySeq(ctx, tx); err != nil {
			return err
		}
		var parts []string
		if len(added) > 0 {
			parts = append(parts, "added "+strings.Join(added, ", "))
		}
		if len(removed) > 0 {
			parts = append(parts, "removed "+strings.Join(removed, ", "))
		}
		return insertAudit(ctx, tx, AuditEntry{At: fromMS(now), Actor: actor, ProfileID: profileID, ProfileName: pc.name,
			Action: AuditTagsSet, Target: transferID, Details: strings.Join(parts, "; ")})
	})
	if err != nil {
		return nil, fmt.Errorf("tags of %s: %w", transferID, err)
	}
	return want, nil
}

// queryer is a transaction or a connection pool.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func tagsOf(ctx context.Context, q queryer, pk int64, transferID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT tag FROM transfer_tags WHERE profile_pk = ? AND transfer_id = ? ORDER BY tag`, pk, transferID)
	if err != nil {
		return nil, fmt.Errorf("tags of %s: %w", transferID, err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("tags of %s: %w", transferID, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Tags lists a transfer's tags, sorted.
func (db *DB) Tags(ctx context.Context, profileID, transferID string) ([]string, error) {
	var pk int64
	err := db.r.QueryRowContext(ctx, `SELECT pk FROM profiles WHERE id = ?`, profileID).Scan(&pk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("profile %s: %w", profileID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", profileID, err)
	}
	return tagsOf(ctx, db.r, pk, transferID)
}

// TagCount is a tag and how many of the profile's transfers carry it.
type TagCount struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// AllTags lists the tags used in a profile with their counts, by tag.
func (db *DB) AllTags(ctx context.Context, profileID string) ([]TagCount, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT tag, count(*) FROM transfer_tags WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) GROUP BY tag ORDER BY tag`, profileID)
	if err != nil {
		return nil, fmt.Errorf("tags: %w", err)
	}
	defer rows.Close()
	out := []TagCount{}
	for rows.Next() {
		var tc TagCount
		if err := rows.Scan(&tc.Tag, &tc.Count); err != nil {
			return nil, fmt.Errorf("tags: %w", err)
		}
		out = append(out, tc)
	}
	return out, rows.Err()
}

// bumpTreasurySeq counts a change of notes or tags: the Transfers query's cache key includes
// the count, so a change made by any process is seen by the next query.
func bumpTreasurySeq(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ('treasury_seq', 1)
		ON CONFLICT (name) DO UPDATE SET value = value + 1`); err != nil {
		return fmt.Errorf("count the change: %w", err)
	}
	return nil
}
