// Package treasury is the treasury workflow over the stored history: a refund's payment
// request (payuri) with its state, notes, tags, the address book and the audit trail. The app's
// bound methods and the CLI both call it, so they validate and record alike: every change is
// attributed to the OS user and leaves one audit row (the store writes both in one
// transaction). Its view types carry times as RFC 3339 strings, ready for the frontend.
package treasury

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/treasury/payuri"
)

// FieldError is a bad argument: Field names it (transferId, amount, state, hash, note, tag,
// address, network, label, since, action, format), Msg says what is wrong.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// IsFieldError reports whether err is (or wraps) a bad argument, or a store validation error.
func IsFieldError(err error) bool {
	var fe *FieldError
	return errors.As(err, &fe) || errors.Is(err, store.ErrInvalid)
}

// OSUser is the name of the user running the app: the OS account's user name, else $USER or
// $USERNAME, else "unknown".
func OSUser() string {
	if u, err := user.Current(); err == nil && strings.TrimSpace(u.Username) != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := strings.TrimSpace(os.Getenv(k)); v != "" {
			return v
		}
	}
	return "unknown"
}

// Service is the treasury workflow on one database.
type Service struct {
	db *store.DB
	// User names who makes a change (default OSUser); tests replace it.
	User func() string
}

// New returns the service over db.
func New(db *store.DB) *Service { return &Service{db: db, User: OSUser} }

func (s *Service) user() string {
	if s.User == nil {
		return OSUser()
	}
	return s.User()
}

// Record appends one audit row for an action of the current user (connect, export, …). The
// caller keeps secrets out of target and details.
func (s *Service) Record(ctx context.Context, profileID, profileName, action, target, details string) error {
	return s.db.RecordAudit(ctx, store.AuditEntry{Actor: s.user(), ProfileID: profileID, ProfileName: profileName,
		Action: action, Target: target, Details: details})
}

// RefundEntry is one refund state change, for views.
type RefundEntry struct {
	At    string `json:"at"`
	Actor string `json:"actor"`
	From  string `json:"from"`
	To    string `json:"to"`
	Hash  string `json:"hash"`
	Note  string `json:"note"`
}

// RefundView is everything the refund panel shows: the payment request (standard, reason,
// URI, address and its label, amount, asset, network, QR code), the refund state with the
// states it may move to, and its history.
type RefundView struct {
	TransferID string `json:"transferId"`
	// Standard is EIP-681, BIP-21, Solana Pay or address ("" when there is no refund address);
	// Reason says why that standard (or why none).
	Standard string `json:"standard"`
	Reason   string `json:"reason"`
	URI      string `json:"uri"`
	// QR is the URI as a QR code: a PNG data URL ("" without a refund address).
	QR           string `json:"qr"`
	Address      string `json:"address"`
	AddressLabel string `json:"addressLabel"`
	// Warning is set when the address fails its network's checksum (EIP-55, base58check,
	// bech32…): the request is still made — the wallet is the last check — but shown with it.
	Warning string `json:"warning"`
	// Amount is the requested amount (plain decimal); Received what Mesh reported, exactly as
	// sent; Edited whether the caller changed it.
	Amount   string `json:"amount"`
	Received string `json:"received"`
	Edited   bool   `json:"edited"`
	// ReceivedNet is Mesh's amountToReceive (the amount without fees) exactly as sent ("" when
	// absent), for a refund net of fees.
	ReceivedNet string `json:"receivedNet"`
	Asset       string `json:"asset"`
	Network     string `json:"network"`
	ChainID     string `json:"chainId"`
	Contract    string `json:"contract"`
	// BaseUnits is the amount in the asset's smallest unit when the URI carries it.
	BaseUnits string `json:"baseUnits"`
	// State is none, needed, sent, done or not_needed; StateLabel in words; Next the states it
	// may move to; Hash the refund transaction once sent.
	State      string        `json:"state"`
	StateLabel string        `json:"stateLabel"`
	Next       []string      `json:"next"`
	Hash       string        `json:"hash"`
	UpdatedAt  string        `json:"updatedAt"`
	History    []RefundEntry `json:"history"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// receivedAmount is the transfer's amount exactly as Mesh sent it.
func receivedAmount(t *mesh.Transfer) string {
	if s, ok := t.RawNumber("amount"); ok {
		return s
	}
	if t.Amount == 0 {
		return ""
	}
	return strconv.FormatFloat(t.Amount, 'f', -1, 64)
}

func (s *Service) transfer(ctx context.Context, profileID, transferID string) (*store.StoredTransfer, error) {
	transferID = strings.TrimSpace(transferID)
	if transferID == "" {
		return nil, fieldErr("transferId", "no transfer id given")
	}
	if len(transferID) > 200 {
		return nil, fieldErr("transferId", "a transfer id has at most 200 characters")
	}
	st, err := s.db.Transfer(ctx, profileID, transferID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no stored transfer has the id %s (sync, or check the profile): %w", transferID, store.ErrNotFound)
	}
	return st, err
}

// Refund builds the refund of a stored transfer: a payment request to its refund address for
// amount ("" for what was received), its QR code, and the refund state and history.
func (s *Service) Refund(ctx context.Context, profileID, transferID, amount string) (*RefundView, error) {
	st, err := s.transfer(ctx, profileID, transferID)
	if err != nil {
		return nil, err
	}
	return s.refundView(ctx, profileID, st, amount)
}

func (s *Service) refundView(ctx context.Context, profileID string, st *store.StoredTransfer, amount string) (*RefundView, error) {
	t := &st.Transfer
	v := &RefundView{TransferID: t.ID, Received: receivedAmount(t), Asset: t.Symbol, Network: t.NetworkName,
		Address: t.RefundAddress, History: []RefundEntry{}, Next: []string{}}
	if net, ok := t.RawNumber("amountToReceive"); ok {
		v.ReceivedNet = net
	}
	amount = strings.TrimSpace(amount)
	v.Edited = amount != "" && amount != v.Received
	if amount == "" {
		amount = v.Received
	}
	if n, known := payuri.LookupNetwork(t.NetworkName); v.Address != "" && known {
		if err := mesh.ValidateAddress(mesh.NetworkType(n.Type), v.Address); err != nil {
			v.Warning = fmt.Sprintf("the refund address fails the %s address check (%v): a wallet will likely refuse it — confirm the address with the sender before refunding", n.Name, err)
		}
	}
	if v.Address == "" {
		v.Reason = "Mesh gave no refund address for this transfer: ask the sender where to refund"
		if amount != "" {
			d, err := payuri.ParseDecimal(amount)
			if err != nil {
				return nil, fieldErr("amount", "%v", err)
			}
			v.Amount = d.String()
		}
	} else {
		res, err := payuri.Build(payuri.Request{Network: t.NetworkName, Symbol: t.Symbol, TokenAddress: t.TokenAddress, Address: t.RefundAddress, Amount: amount})
		if err != nil {
			field := "amount"
			if strings.HasPrefix(err.Error(), "refund address") {
				field = "address"
			}
			return nil, fieldErr(field, "%v", err)
		}
		qr, err := payuri.QRDataURL(res.URI)
		if err != nil {
			return nil, fmt.Errorf("refund QR code: %w", err)
		}
		v.Standard, v.Reason, v.URI, v.QR = string(res.Standard), res.Reason, res.URI, qr
		v.Amount, v.ChainID, v.Contract, v.BaseUnits = res.Amount, res.ChainID, res.Contract, res.BaseUnits
		book, err := s.db.AddressBook(ctx, profileID)
		if err != nil {
			return nil, err
		}
		v.AddressLabel = book.Label(t.RefundAddress, t.NetworkName)
	}
	rs, err := s.db.RefundStatus(ctx, profileID, t.ID)
	if err != nil {
		return nil, err
	}
	v.State, v.StateLabel, v.Hash, v.UpdatedAt = stateName(rs.State), rs.State.Label(), rs.Hash, rfc3339(rs.UpdatedAt)
	for _, n := range store.NextRefundStates(rs.State) {
		v.Next = append(v.Next, string(n))
	}
	for _, c := range rs.History {
		v.History = append(v.History, RefundEntry{At: rfc3339(c.At), Actor: c.Actor, From: stateName(c.From), To: stateName(c.To), Hash: c.Hash, Note: c.Note})
	}
	return v, nil
}

func stateName(s store.RefundState) string {
	if s == store.RefundNone {
		return "none"
	}
	return string(s)
}

// SetRefundState moves a stored transfer's refund to state (needed, sent, done, not-needed),
// with the refund transaction's hash for sent (checked against the transfer's network) and an
// optional note, as the current user. It returns the refund view (amount as received).
func (s *Service) SetRefundState(ctx context.Context, profileID, transferID, state, hash, note string) (*RefundView, error) {
	st, err := s.transfer(ctx, profileID, transferID)
	if err != nil {
		return nil, err
	}
	to, err := store.ParseRefundState(state)
	if err != nil {
		return nil, fieldErr("state", "%q is not one of needed, sent, done, not-needed", state)
	}
	hash = strings.TrimSpace(hash)
	switch {
	case to == store.RefundSent && hash == "":
		return nil, fieldErr("hash", "a sent refund needs the refund transaction's hash")
	case to == store.RefundSent:
		if err := payuri.CheckTxHash(st.Transfer.NetworkName, hash); err != nil {
			return nil, fieldErr("hash", "%v", err)
		}
	case hash != "":
		return nil, fieldErr("hash", "a hash is only recorded when the refund is sent")
	}
	if len([]rune(note)) > store.MaxNoteLen {
		return nil, fieldErr("note", "a note has at most %d characters", store.MaxNoteLen)
	}
	if _, err := s.db.SetRefundState(ctx, profileID, st.Transfer.ID, to, hash, note, s.user()); err != nil {
		return nil, asField("state", err)
	}
	return s.refundView(ctx, profileID, st, "")
}

// RefundQueueItem is a transfer with a refund state, for the refunds queue: the state and
// what the refund is about.
type RefundQueueItem struct {
	TransferID    string `json:"transferId"`
	State         string `json:"state"`
	StateLabel    string `json:"stateLabel"`
	Hash          string `json:"hash"`
	UpdatedAt     string `json:"updatedAt"`
	Status        string `json:"status"`
	Asset         string `json:"asset"`
	Network       string `json:"network"`
	Received      string `json:"received"`
	RefundAddress string `json:"refundAddress"`
	AddressLabel  string `json:"addressLabel"`
}

// RefundQueue lists the profile's transfers whose refund is in one of states (needed, sent,
// done, not-needed; every state when empty), most recently changed first.
func (s *Service) RefundQueue(ctx context.Context, profileID string, states []string) ([]RefundQueueItem, error) {
	var want []store.RefundState
	for _, st := range states {
		rs, err := store.ParseRefundState(st)
		if err != nil {
			return nil, fieldErr("state", "%q is not one of needed, sent, done, not-needed", st)
		}
		want = append(want, rs)
	}
	items, err := s.db.RefundQueue(ctx, profileID, want, 0)
	if err != nil {
		return nil, err
	}
	book, err := s.db.AddressBook(ctx, profileID)
	if err != nil {
		return nil, err
	}
	out := make([]RefundQueueItem, 0, len(items))
	for _, it := range items {
		q := RefundQueueItem{TransferID: it.TransferID, State: stateName(it.State), StateLabel: it.State.Label(), Hash: it.Hash, UpdatedAt: rfc3339(it.UpdatedAt)}
		if st, err := s.db.Transfer(ctx, profileID, it.TransferID); err == nil {
			t := &st.Transfer
			q.Status, q.Asset, q.Network, q.Received, q.RefundAddress = string(t.Status), t.Symbol, t.NetworkName, receivedAmount(t), t.RefundAddress
			q.AddressLabel = book.Label(t.RefundAddress, t.NetworkName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// AddressRef is an address and the network it is on ("" when unknown).
type AddressRef struct {
	Address string `json:"address"`
	Network string `json:"network"`
}

// Labels returns the label of each address in order ("" where there is none).
func (s *Service) Labels(ctx context.Context, profileID string, refs []AddressRef) ([]string, error) {
	book, err := s.db.AddressBook(ctx, profileID)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = book.Label(r.Address, r.Network)
	}
	return out, nil
}

// NoteView is a note on a transfer, for views.
type NoteView struct {
	ID    int64  `json:"id"`
	At    string `json:"at"`
	Actor string `json:"actor"`
	Text  string `json:"text"`
}

// AddNote appends a note to a stored transfer as the current user and returns every note.
func (s *Service) AddNote(ctx context.Context, profileID, transferID, text string) ([]NoteView, error) {
	st, err := s.transfer(ctx, profileID, transferID)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, fieldErr("note", "the note is empty")
	}
	if len([]rune(strings.TrimSpace(text))) > store.MaxNoteLen {
		return nil, fieldErr("note", "a note has at most %d characters", store.MaxNoteLen)
	}
	if _, err := s.db.AddNote(ctx, profileID, st.Transfer.ID, text, s.user()); err != nil {
		return nil, asField("note", err)
	}
	return s.Notes(ctx, profileID, st.Transfer.ID)
}

// asField turns a store validation error into a FieldError of field.
func asField(field string, err error) error {
	if errors.Is(err, store.ErrInvalid) {
		msg := err.Error()
		if i := strings.LastIndex(msg, "invalid: "); i >= 0 {
			msg = msg[i+len("invalid: "):]
		}
		return fieldErr(field, "%s", msg)
	}
	return err
}

// Notes lists a transfer's notes, oldest first.
func (s *Service) Notes(ctx context.Context, profileID, transferID string) ([]NoteView, error) {
	ns, err := s.db.Notes(ctx, profileID, strings.TrimSpace(transferID))
	if err != nil {
		return nil, err
	}
	out := make([]NoteView, 0, len(ns))
	for _, n := range ns {
		out = append(out, NoteView{ID: n.ID, At: rfc3339(n.At), Actor: n.Actor, Text: n.Text})
	}
	return out, nil
}

// SetTags replaces a stored transfer's tags (normalized) as the current user and returns them.
func (s *Service) SetTags(ctx context.Context, profileID, transferID string, tags []string) ([]string, error) {
	st, err := s.transfer(ctx, profileID, transferID)
	if err != nil {
		return nil, err
	}
	if _, err := store.NormalizeTags(tags); err != nil {
		return nil, asField("tags", err)
	}
	out, err := s.db.SetTags(ctx, profileID, st.Transfer.ID, tags, s.user())
	return out, asField("tags", err)
}

// AddTags adds tags to a stored transfer's tags and returns them all.
func (s *Service) AddTags(ctx context.Context, profileID, transferID string, tags []string) ([]string, error) {
	have, err := s.db.Tags(ctx, profileID, strings.TrimSpace(transferID))
	if err != nil {
		return nil, err
	}
	return s.SetTags(ctx, profileID, transferID, append(have, tags...))
}

// RemoveTags removes tags from a stored transfer and returns what is left.
func (s *Service) RemoveTags(ctx context.Context, profileID, transferID string, tags []string) ([]string, error) {
	drop, err := store.NormalizeTags(tags)
	if err != nil {
		return nil, asField("tags", err)
	}
	have, err := s.db.Tags(ctx, profileID, strings.TrimSpace(transferID))
	if err != nil {
		return nil, err
	}
	keep := []string{}
	for _, t := range have {
		found := false
		for _, d := range drop {
			found = found || d == t
		}
		if !found {
			keep = append(keep, t)
		}
	}
	return s.SetTags(ctx, profileID, transferID, keep)
}

// Tags lists a transfer's tags.
func (s *Service) Tags(ctx context.Context, profileID, transferID string) ([]string, error) {
	return s.db.Tags(ctx, profileID, strings.TrimSpace(transferID))
}

// LabelView is an address book entry, for views.
type LabelView struct {
	Address   string `json:"address"`
	Network   string `json:"network"`
	Label     string `json:"label"`
	UpdatedAt string `json:"updatedAt"`
	Actor     string `json:"actor"`
}

// AddressBook lists the profile's labels.
func (s *Service) AddressBook(ctx context.Context, profileID string) ([]LabelView, error) {
	ls, err := s.db.AddressLabels(ctx, profileID)
	if err != nil {
		return nil, err
	}
	out := make([]LabelView, 0, len(ls))
	for _, l := range ls {
		out = append(out, LabelView{Address: l.Address, Network: l.Network, Label: l.Label, UpdatedAt: rfc3339(l.UpdatedAt), Actor: l.Actor})
	}
	return out, nil
}

// SetAddressLabel labels an address (on one network, or every network when network is "") as
// the current user. A network the app knows checks the address's format.
func (s *Service) SetAddressLabel(ctx context.Context, profileID, address, network, label string) (*LabelView, error) {
	address, network = strings.TrimSpace(address), strings.TrimSpace(network)
	if address == "" {
		return nil, fieldErr("address", "no address given")
	}
	label = strings.TrimSpace(label)
	switch {
	case label == "":
		return nil, fieldErr("label", "the label is empty")
	case len([]rune(label)) > store.MaxLabelLen:
		return nil, fieldErr("label", "a label has at most %d characters", store.MaxLabelLen)
	case strings.ContainsAny(label, "\r\n\t\x00"):
		return nil, fieldErr("label", "a label is one line of text")
	case len(network) > 100:
		return nil, fieldErr("network", "at most 100 characters")
	}
	if n, ok := payuri.LookupNetwork(network); ok {
		if err := payuri.CheckAddress(n, address); err != nil {
			return nil, fieldErr("address", "%v", err)
		}
	}
	l, err := s.db.SetAddressLabel(ctx, profileID, address, network, label, s.user())
	if err != nil {
		return nil, asField("address", err) // the label and network were checked above
	}
	return &LabelView{Address: l.Address, Network: l.Network, Label: l.Label, UpdatedAt: rfc3339(l.UpdatedAt), Actor: l.Actor}, nil
}

// RemoveAddressLabel removes an address's label on network ("" for the every-network one).
func (s *Service) RemoveAddressLabel(ctx context.Context, profileID, address, network string) error {
	if strings.TrimSpace(address) == "" {
		return fieldErr("address", "no address given")
	}
	err := s.db.RemoveAddressLabel(ctx, profileID, address, network, s.user())
	if errors.Is(err, store.ErrNotFound) {
		return fieldErr("address", "%s has no label%s", strings.TrimSpace(address), onNetwork(network))
	}
	return asField("address", err)
}

func onNetwork(n string) string {
	if strings.TrimSpace(n) == "" {
		return ""
	}
	return " on " + strings.TrimSpace(n)
}

// AuditQuery is the audit trail's filter as views and the CLI give it.
type AuditQuery struct {
	// Since is a duration back from now ("24h", "7d", "90m") or an RFC 3339 time; "" = all.
	Since string `json:"since"`
	// Actions keep rows with one of these actions (store.AuditActions).
	Actions []string `json:"actions"`
	// Profile keeps rows of one profile (id or name).
	Profile string `json:"profile"`
	// Target keeps rows about one transfer, address or file.
	Target string `json:"target"`
	// Limit caps the rows (default and maximum store.MaxAuditRows).
	Limit int `json:"limit"`
}

// AuditEntry is one audit row, for views.
type AuditEntry struct {
	ID          int64  `json:"id"`
	At          string `json:"at"`
	Actor       string `json:"actor"`
	ProfileID   string `json:"profileId"`
	ProfileName string `json:"profileName"`
	Action      string `json:"action"`
	Target      string `json:"target"`
	Details     string `json:"details"`
}

// ParseSince reads "24h", "90m", "7d", "2w" (back from now) or an RFC 3339 time.
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	mult := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	if m, ok := mult[s[len(s)-1]]; ok {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil || n < 0 || n > 36500 {
			return time.Time{}, fieldErr("since", "%q is not a duration like 24h, 7d or 2w, nor an RFC 3339 time", s)
		}
		return now.Add(-time.Duration(n) * m), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return time.Time{}, fieldErr("since", "%q is not a duration like 24h, 7d or 2w, nor an RFC 3339 time", s)
	}
	return now.Add(-d), nil
}

func (s *Service) filter(q AuditQuery) (store.AuditFilter, error) {
	since, err := ParseSince(q.Since, s.db.Now())
	if err != nil {
		return store.AuditFilter{}, err
	}
	for _, a := range q.Actions {
		known := false
		for _, k := range store.AuditActions {
			known = known || k == strings.TrimSpace(a)
		}
		if !known {
			return store.AuditFilter{}, fieldErr("action", "%q is not one of %s", a, strings.Join(store.AuditActions, ", "))
		}
	}
	if q.Limit < 0 {
		return store.AuditFilter{}, fieldErr("limit", "cannot be negative")
	}
	return store.AuditFilter{Since: since, Actions: q.Actions, Profile: q.Profile, Target: q.Target, Limit: q.Limit}, nil
}

// AuditTrail returns the audit rows q selects, newest first.
func (s *Service) AuditTrail(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	f, err := s.filter(q)
	if err != nil {
		return nil, err
	}
	es, err := s.db.AuditTrail(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]AuditEntry, 0, len(es))
	for _, e := range es {
		out = append(out, AuditEntry{ID: e.ID, At: rfc3339(e.At), Actor: e.Actor, ProfileID: e.ProfileID, ProfileName: e.ProfileName,
			Action: e.Action, Target: e.Target, Details: e.Details})
	}
	return out, nil
}

// ExportAudit writes the rows q selects (all of them, oldest first) to w as csv or json, and
// records the export itself in the trail (target: where it went) after writing.
func (s *Service) ExportAudit(ctx context.Context, q AuditQuery, format string, w io.Writer, where string) (int, error) {
	f, err := s.filter(q)
	if err != nil {
		return 0, err
	}
	ef := store.ExportFormat(strings.ToLower(strings.TrimSpace(format)))
	if ef != store.ExportCSV && ef != store.ExportJSON {
		return 0, fieldErr("format", "%q is not csv or json", format)
	}
	n, err := s.db.ExportAudit(ctx, f, ef, w)
	if err != nil {
		return n, err
	}
	if err := s.Record(ctx, "", "", store.AuditExportAudit, where, fmt.Sprintf("%d rows, %s", n, ef)); err != nil {
		return n, err
	}
	return n, nil
}
