package main

// The transfer desk's bound methods: windows of the stored history for the virtual table,
// one transfer's detail in plain words (fees, funding, explorer link, refund address and its
// QR code), exact look-ups, exports of the current view and saved views. They stay thin: the
// store filters, sorts, counts and exports; history.Explain says what a status and a refund
// address mean.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"meshdesk/desk"
	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/store"
)

// TransferWindowRequest says which window of the filtered list the table wants: a sort, and
// a position (Offset, a jump anywhere) or a keyset cursor (After, the row after which to go on).
type TransferWindowRequest struct {
	// Sort is created, amount or status (default created); Desc reverses it.
	Sort store.SortField `json:"sort"`
	Desc bool            `json:"desc"`
	// Offset is the position of the first row wanted (ignored when After is set).
	Offset int `json:"offset"`
	// Limit is the window size (default 100, at most store.MaxWindow).
	Limit int `json:"limit"`
	// After continues after a row (keyset paging).
	After *store.Cursor `json:"after,omitempty"`
}

// activeProfile is the active profile (the default one), for calls that need only the database.
func (a *App) activeProfile(ctx context.Context) (*desk.Desk, *store.Profile, error) {
	d, err := a.service()
	if err != nil {
		return nil, nil, err
	}
	p, err := d.Profile(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	return d, p, nil
}

// QueryTransfers returns one window of the active profile's stored transfers: filtered,
// searched, sorted, at a position or after a cursor, with the exact total.
func (a *App) QueryTransfers(filter store.TransferFilter, window TransferWindowRequest) (*store.TransferWindow, error) {
	// The first query of a profile loads the store's in-memory index (seconds over a million
	// rows on a quiet machine, minutes on a very busy one): a local call, bounded generously.
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	return d.DB().QueryTransfers(ctx, p.ID, store.TransferQuery{Filter: filter, Sort: window.Sort, Desc: window.Desc,
		Limit: window.Limit, Offset: window.Offset, After: window.After})
}

// FeeLine is one fee of a transfer, labelled for the detail pane.
type FeeLine struct {
	// Kind is "Network gas", "Withdrawal" or "Processing".
	Kind     string  `json:"kind"`
	Fee      float64 `json:"fee"`
	Currency string  `json:"currency"`
	InFiat   float64 `json:"inFiat"`
}

// StatusEntry is one status change of a transfer (times in RFC 3339).
type StatusEntry struct {
	At     string `json:"at"`
	From   string `json:"from"`
	To     string `json:"to"`
	Source string `json:"source"`
}

// TransferDetail is everything the detail pane shows of one transfer.
type TransferDetail struct {
	// Transfer is Mesh's record, with the current status and hash.
	Transfer mesh.Transfer `json:"transfer"`
	// CreatedAt and ExecutedAt are the Mesh timestamps in RFC 3339 ("" when unknown).
	CreatedAt  string `json:"createdAt"`
	ExecutedAt string `json:"executedAt"`
	// FirstSeen and Updated are when this app first stored and last changed it; Source what
	// made the last change (api or webhook).
	FirstSeen string        `json:"firstSeen"`
	Updated   string        `json:"updated"`
	Source    string        `json:"source"`
	History   []StatusEntry `json:"history"`
	// Fees lists the fees Mesh reported.
	Fees []FeeLine `json:"fees"`
	// ExplorerURL is the transaction on a block explorer, when known ("" otherwise).
	ExplorerURL string `json:"explorerUrl"`
	// SourceKind is wallet, exchange or unknown; StatusText and RefundText say in plain words
	// what the status means and why the refund address is the one to use.
	SourceKind string `json:"sourceKind"`
	StatusText string `json:"statusText"`
	RefundText string `json:"refundText"`
	// RefundAddress is where a refund goes; RefundQR is its QR code as an SVG data URL ("" when
	// there is no refund address).
	RefundAddress string `json:"refundAddress"`
	RefundQR      string `json:"refundQr"`
}

// GetTransfer returns one stored transfer of the active profile with every field, its fees,
// funding methods, explorer link, and the refund address explained and as a QR code.
func (a *App) GetTransfer(id string) (*TransferDetail, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return nil, errors.New("no transfer id given")
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	st, err := d.DB().Transfer(ctx, p.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no stored transfer has the id %s (sync, or check the profile)", id)
	}
	if err != nil {
		return nil, err
	}
	return transferDetail(st, a.now())
}

// transferDetail builds the detail of a stored transfer at time now.
func transferDetail(st *store.StoredTransfer, now time.Time) (*TransferDetail, error) {
	t := st.Transfer
	e := history.Explain(t, now)
	out := &TransferDetail{
		Transfer: t, CreatedAt: unixTime(t.CreatedTimestamp), FirstSeen: rfc3339(st.FirstSeen), Updated: rfc3339(st.Updated),
		Source: string(st.Source), History: []StatusEntry{}, Fees: feeLines(t), ExplorerURL: explorerURL(t),
		SourceKind: e.SourceKind, StatusText: e.Status, RefundText: e.Refund, RefundAddress: t.RefundAddress,
	}
	if t.ExecutedTimestamp != nil {
		out.ExecutedAt = unixTime(*t.ExecutedTimestamp)
	}
	if out.Transfer.FundingMethods == nil {
		out.Transfer.FundingMethods = []mesh.TransferFunding{}
	}
	for _, h := range st.History {
		out.History = append(out.History, StatusEntry{At: rfc3339(h.At), From: string(h.From), To: string(h.To), Source: string(h.Source)})
	}
	if t.RefundAddress != "" {
		qr, err := qrDataURL(t.RefundAddress)
		if err != nil {
			return nil, fmt.Errorf("refund address QR code: %w", err)
		}
		out.RefundQR = qr
	}
	return out, nil
}

// unixTime formats Unix seconds as RFC 3339 UTC ("" for 0).
func unixTime(s int64) string {
	if s == 0 {
		return ""
	}
	return time.Unix(s, 0).UTC().Format(time.RFC3339)
}

// feeLines lists the fees Mesh reported, in a fixed order.
func feeLines(t mesh.Transfer) []FeeLine {
	out := []FeeLine{}
	for _, f := range []struct {
		kind string
		fee  *mesh.TransferFee
	}{{"Network gas", t.GasFee}, {"Withdrawal", t.WithdrawalFee}, {"Processing", t.ProcessingFee}} {
		if f.fee != nil {
			out = append(out, FeeLine{Kind: f.kind, Fee: f.fee.Fee, Currency: f.fee.FeeCurrency, InFiat: f.fee.FeeInFiat})
		}
	}
	return out
}

// explorers are transaction pages of well-known block explorers, by Mesh network name
// (lower case); the hash is appended.
var explorers = map[string]string{
	"ethereum":  "https://etherscan.io/tx/",
	"polygon":   "https://polygonscan.com/tx/",
	"base":      "https://basescan.org/tx/",
	"arbitrum":  "https://arbiscan.io/tx/",
	"optimism":  "https://optimistic.etherscan.io/tx/",
	"bnb chain": "https://bscscan.com/tx/",
	"avalanche": "https://snowtrace.io/tx/",
	"solana":    "https://solscan.io/tx/",
	"bitcoin":   "https://mempool.space/tx/",
	"tron":      "https://tronscan.org/#/transaction/",
	"cardano":   "https://cardanoscan.io/transaction/",
}

// explorerURL is Mesh's infoUrl when it is a web address, else a known explorer's page for the
// hash on the transfer's network, else "".
func explorerURL(t mesh.Transfer) string {
	if u, err := url.Parse(t.InfoURL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return t.InfoURL
	}
	if t.Hash == "" || strings.ContainsAny(t.Hash, "/?#% ") {
		return ""
	}
	if base, ok := explorers[strings.ToLower(strings.TrimSpace(t.NetworkName))]; ok {
		return base + t.Hash
	}
	return ""
}

// qrDataURL encodes text as a QR code (medium error correction) drawn as an SVG, as a data URL
// an <img> shows.
func qrDataURL(text string) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", err
	}
	bm := q.Bitmap() // includes the quiet zone
	n := len(bm)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n, n, n)
	for y, row := range bm {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(b.Bytes()), nil
}

// TransferLookup is an exact look-up as the quick-find box shows it: the newest matches,
// what the value is in them, the exact count and the filter that lists them all.
type TransferLookup struct {
	// Value is what was looked up (trimmed).
	Value string `json:"value"`
	// Hits are the newest matches (created time, then id, descending), at most
	// store.LookupLimit, each with the fields that equal Value.
	Hits []LookupHit `json:"hits"`
	// Total is how many transfers match: more than len(Hits) when over store.LookupLimit do.
	Total int `json:"total"`
	// Kind says in words what Value is in the hits: "id", "client transaction id", "hash",
	// "destination address", "refund address", "address" (destination of some, refund address
	// of others) or "value" (mixed); "" when nothing matches.
	Kind string `json:"kind"`
	// Filter selects every match in the Transfers view (QueryTransfers, ExportTransfers).
	Filter store.TransferFilter `json:"filter"`
}

// LookupHit is one transfer an exact look-up found.
type LookupHit struct {
	Row store.TransferRow `json:"row"`
	// Fields are the row's fields equal to the value, by their JSON names: id,
	// clientTransactionId, hash, destinationAddress, refundAddress.
	Fields []string `json:"fields"`
}

// FindTransfers looks value up exactly in the active profile's transfers: those whose id,
// client transaction id, hash, destination or refund address equals it (ignoring ASCII case),
// the newest store.LookupLimit of them, how many there are, and the filter for all of them.
func (a *App) FindTransfers(value string) (*TransferLookup, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return nil, errors.New("type or paste an id, hash or address to look up")
	}
	if err := checkArg("look-up value", value); err != nil {
		return nil, err
	}
	// As QueryTransfers: the first call of a profile may load the store's query index.
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	m, err := d.DB().FindTransfers(ctx, p.ID, value, store.LookupLimit)
	if err != nil {
		return nil, err
	}
	out := &TransferLookup{Value: value, Hits: make([]LookupHit, 0, len(m.Rows)), Total: m.Total, Filter: m.Filter}
	kinds := map[string]bool{}
	for _, r := range m.Rows {
		h := LookupHit{Row: r, Fields: store.MatchedFields(r, value)}
		out.Hits = append(out.Hits, h)
		kinds[lookupKind(h.Fields)] = true
	}
	out.Kind = overallKind(kinds)
	return out, nil
}

// fieldWords names each look-up field in words.
var fieldWords = map[string]string{"id": "id", "clientTransactionId": "client transaction id", "hash": "hash",
	"destinationAddress": "destination address", "refundAddress": "refund address"}

// lookupKind says in words what the value is in one hit.
func lookupKind(fields []string) string {
	switch {
	case len(fields) == 1:
		return fieldWords[fields[0]]
	case len(fields) == 2 && fields[0] == "destinationAddress" && fields[1] == "refundAddress":
		return "address"
	}
	return "value"
}

// overallKind is the one kind of all hits: an address when they are all addresses of either
// kind, "value" when they differ otherwise, "" without hits.
func overallKind(kinds map[string]bool) string {
	if len(kinds) == 1 {
		for k := range kinds {
			return k
		}
	}
	if len(kinds) == 0 {
		return ""
	}
	for k := range kinds {
		if k != "address" && k != "destination address" && k != "refund address" {
			return "value"
		}
	}
	return "address"
}

// ExportResult says what an export wrote.
type ExportResult struct {
	// Path is the file written ("" when the user cancelled the save dialog).
	Path string `json:"path"`
	// Count is how many transfers it holds; Bytes its size.
	Count int   `json:"count"`
	Bytes int64 `json:"bytes"`
}

// exportTimeout bounds one export (a million rows take seconds, not minutes).
const exportTimeout = 10 * time.Minute

// ExportTransfers asks the user where to save (the system's save dialog), then writes every
// transfer of the current view (filter and sort) there as csv or json. A cancelled dialog
// gives an empty Path and no error.
func (a *App) ExportTransfers(filter store.TransferFilter, sort string, desc bool, format string) (*ExportResult, error) {
	f, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("meshdesk-transfers-%s.%s", a.now().Format("2006-01-02-1504"), f)
	path, err := a.saveDialog(name, f)
	if err != nil {
		return nil, fmt.Errorf("choose where to save: %w", err)
	}
	if path == "" {
		return &ExportResult{}, nil
	}
	return a.ExportTransfersTo(path, filter, sort, desc, format)
}

// ExportTransfersTo writes every transfer of the view (filter and sort) to path as csv or
// json, replacing the file only once the export is complete.
func (a *App) ExportTransfersTo(path string, filter store.TransferFilter, sort string, desc bool, format string) (*ExportResult, error) {
	f, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(path) == "" || !filepath.IsAbs(path) {
		return nil, fmt.Errorf("export path %q is not an absolute file path", path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	var n int
	size, err := writeFileAtomic(path, ".meshdesk-export-*", func(w io.Writer) (err error) {
		n, err = d.DB().ExportTransfers(ctx, p.ID, store.TransferQuery{Filter: filter, Sort: store.SortField(sort), Desc: desc}, f, w)
		return err
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("exported transfers", "count", n, "format", string(f), "path", path)
	d.Audit(ctx, p.ID, p.Name, store.AuditExportTransfers, path, fmt.Sprintf("%d transfers, %s", n, f)) // audit (treasury)
	return &ExportResult{Path: path, Count: n, Bytes: size}, nil
}

// writeFileAtomic creates the file at path through write: into a temporary file (named by
// pattern) in the same folder, synced, then renamed over path only once complete, so a failure
// leaves path as it was and no temporary file behind. It returns the file's size; errors name
// the path.
func writeFileAtomic(path, pattern string, write func(io.Writer) error) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), pattern)
	if err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename; removes a partial file otherwise
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	var size int64
	if err == nil {
		var st os.FileInfo
		if st, err = tmp.Stat(); err == nil {
			size = st.Size()
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	return size, nil
}

func exportFormat(format string) (store.ExportFormat, error) {
	switch f := store.ExportFormat(strings.ToLower(strings.TrimSpace(format))); f {
	case store.ExportCSV, store.ExportJSON:
		return f, nil
	}
	return "", fmt.Errorf("export format %q is not csv or json", format)
}

// SavedView is a named filter and sort of the Transfers table. Relative time bounds are kept
// as hours and resolved when the view is applied, so "failed this week" stays this week.
type SavedView struct {
	Name    string               `json:"name"`
	BuiltIn bool                 `json:"builtIn"`
	Filter  store.TransferFilter `json:"filter"`
	Sort    store.SortField      `json:"sort"`
	Desc    bool                 `json:"desc"`
	// CreatedWithinHours keeps transfers created in the last N hours (0: no bound).
	CreatedWithinHours int `json:"createdWithinHours,omitempty"`
	// CreatedBeforeHours keeps transfers created more than N hours ago (0: no bound).
	CreatedBeforeHours int `json:"createdBeforeHours,omitempty"`
}

// ViewQuery is a view resolved at a moment: the filter (with absolute times) and the sort.
type ViewQuery struct {
	Name   string               `json:"name"`
	Filter store.TransferFilter `json:"filter"`
	Sort   store.SortField      `json:"sort"`
	Desc   bool                 `json:"desc"`
}

// builtInViews are the saved views every profile has.
var builtInViews = []SavedView{
	{Name: "Failed this week", BuiltIn: true, Filter: store.TransferFilter{Statuses: []mesh.TransferStatus{mesh.StatusFailed}},
		Sort: store.SortCreated, Desc: true, CreatedWithinHours: 7 * 24},
	{Name: "Pending over 24 h", BuiltIn: true, Filter: store.TransferFilter{Statuses: []mesh.TransferStatus{mesh.StatusPending}},
		Sort: store.SortCreated, Desc: false, CreatedBeforeHours: 24},
}

// maxViews bounds a profile's own saved views; maxViewName a view's name.
const (
	maxViews    = 100
	maxViewName = 60
)

func viewsKey(profileID string) string { return "app.views." + profileID }

// loadViews reads a profile's own views (none when unset).
func loadViews(ctx context.Context, db *store.DB, profileID string) ([]SavedView, error) {
	raw, err := db.Setting(ctx, viewsKey(profileID))
	if errors.Is(err, store.ErrNotFound) {
		return []SavedView{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read saved views: %w", err)
	}
	var vs []SavedView
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		return nil, fmt.Errorf("read saved views: %w", err)
	}
	return vs, nil
}

// allViews is the built-in views followed by the profile's own.
func allViews(own []SavedView) []SavedView {
	return append(slices.Clone(builtInViews), own...)
}

// SavedViews lists the built-in views and the active profile's own.
func (a *App) SavedViews() ([]SavedView, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	own, err := loadViews(ctx, d.DB(), p.ID)
	if err != nil {
		return nil, err
	}
	return allViews(own), nil
}

// SaveView adds a view to the active profile, or replaces its own view of the same name
// (ignoring case). Built-in views cannot be replaced. It returns every view.
func (a *App) SaveView(v SavedView) ([]SavedView, error) {
	v.Name = strings.TrimSpace(v.Name)
	switch {
	case v.Name == "":
		return nil, errors.New("a saved view needs a name")
	case len([]rune(v.Name)) > maxViewName:
		return nil, fmt.Errorf("a view name has at most %d characters", maxViewName)
	case v.CreatedWithinHours < 0 || v.CreatedBeforeHours < 0:
		return nil, errors.New("relative time bounds cannot be negative")
	}
	for _, b := range builtInViews {
		if strings.EqualFold(b.Name, v.Name) {
			return nil, fmt.Errorf("%q is a built-in view: pick another name", b.Name)
		}
	}
	// The store checks the filter and sort as it does for a query: run a one-row one.
	if _, err := a.QueryTransfers(v.Filter, TransferWindowRequest{Sort: v.Sort, Desc: v.Desc, Limit: 1}); err != nil {
		return nil, fmt.Errorf("view %q: %w", v.Name, err)
	}
	v.BuiltIn = false
	return a.editViews(func(own []SavedView) ([]SavedView, error) {
		if i := slices.IndexFunc(own, func(o SavedView) bool { return strings.EqualFold(o.Name, v.Name) }); i >= 0 {
			own[i] = v
			return own, nil
		}
		if len(own) >= maxViews {
			return nil, fmt.Errorf("at most %d saved views: delete one first", maxViews)
		}
		return append(own, v), nil
	})
}

// DeleteView removes one of the active profile's own views and returns every view.
func (a *App) DeleteView(name string) ([]SavedView, error) {
	name = strings.TrimSpace(name)
	for _, b := range builtInViews {
		if strings.EqualFold(b.Name, name) {
			return nil, fmt.Errorf("%q is a built-in view and cannot be deleted", b.Name)
		}
	}
	return a.editViews(func(own []SavedView) ([]SavedView, error) {
		i := slices.IndexFunc(own, func(o SavedView) bool { return strings.EqualFold(o.Name, name) })
		if i < 0 {
			return nil, fmt.Errorf("no saved view is named %q", name)
		}
		return slices.Delete(own, i, i+1), nil
	})
}

// editViews changes the active profile's own views under the app's lock.
func (a *App) editViews(edit func([]SavedView) ([]SavedView, error)) ([]SavedView, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	a.tdesk.viewsMu.Lock()
	defer a.tdesk.viewsMu.Unlock()
	own, err := loadViews(ctx, d.DB(), p.ID)
	if err != nil {
		return nil, err
	}
	if own, err = edit(own); err != nil {
		return nil, err
	}
	b, err := json.Marshal(own)
	if err != nil {
		return nil, fmt.Errorf("save views: %w", err)
	}
	if err := d.DB().SetSetting(ctx, viewsKey(p.ID), string(b)); err != nil {
		return nil, fmt.Errorf("save views: %w", err)
	}
	return allViews(own), nil
}

// ApplyView resolves a saved view of the active profile now: its filter with the relative
// time bounds turned into Unix seconds, and its sort.
func (a *App) ApplyView(name string) (*ViewQuery, error) {
	views, err := a.SavedViews()
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(views, func(v SavedView) bool { return strings.EqualFold(v.Name, strings.TrimSpace(name)) })
	if i < 0 {
		return nil, fmt.Errorf("no saved view is named %q", name)
	}
	return resolveView(views[i], a.now()), nil
}

// resolveView turns a view's relative bounds into absolute ones at now.
func resolveView(v SavedView, now time.Time) *ViewQuery {
	f := v.Filter
	f.Statuses = slices.Clone(f.Statuses)
	if v.CreatedWithinHours > 0 {
		from := now.Add(-time.Duration(v.CreatedWithinHours) * time.Hour).Unix()
		f.CreatedFrom = max(f.CreatedFrom, from)
	}
	if v.CreatedBeforeHours > 0 {
		to := now.Add(-time.Duration(v.CreatedBeforeHours) * time.Hour).Unix()
		if f.CreatedTo == 0 || to < f.CreatedTo {
			f.CreatedTo = to
		}
	}
	return &ViewQuery{Name: v.Name, Filter: f, Sort: v.Sort, Desc: v.Desc}
}

// EnvDemoTransfers sets how many history transfers a new Demo emulator generates (default
// desk.DefaultDemoTransfers); the end-to-end tests use it for small and million-row histories.
// An existing Demo state file keeps its own size.
const EnvDemoTransfers = "MESHDESK_DEMO_TRANSFERS"

// maxDemoTransfers bounds EnvDemoTransfers (the emulator holds them in memory).
const maxDemoTransfers = 5_000_000

// configureDemoSize applies EnvDemoTransfers to the desk options, unless a test set them.
func (a *App) configureDemoSize(getenv func(string) string) {
	v := strings.TrimSpace(getenv(EnvDemoTransfers))
	if v == "" || a.deskOpts.DemoTransfers != 0 {
		return
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil || n < 0 || n > maxDemoTransfers:
		a.log.Warn("ignoring "+EnvDemoTransfers, "value", v, "want", fmt.Sprintf("0…%d", maxDemoTransfers))
	case n == 0:
		a.deskOpts.DemoTransfers = -1 // none
	default:
		a.deskOpts.DemoTransfers = n
	}
}
