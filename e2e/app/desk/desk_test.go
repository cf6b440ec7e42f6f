// Package desk_test runs Mesh Desk's transfer desk end to end: `wails dev` (the real Go
// bindings and the in-process Demo emulator) under Xvfb, headless Chromium driving the
// Transfers view (desk.mjs): sync, search by a substring of a hash, the detail's refund
// address, a CSV export checked against the store, and a million-row table scrolled and
// jumped through with the rows in the DOM counted.
package desk_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"meshdesk/desk"
	"meshdesk/e2e/internal/e2eutil"
	"meshdesk/internal/testenv"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"
)

// Figures of the run.
const (
	// demoTransfers is the Demo profile's size (MESHDESK_DEMO_TRANSFERS) for the sync phase.
	demoTransfers = 3000
	// bigProfile holds the million-row history, stored by the test before the app starts.
	bigProfile = "Million"
	// maxDOMRows is the most rows the table may hold in the DOM at any position.
	maxDOMRows = 300
)

// result is what desk.mjs prints.
type result struct {
	Phase               string     `json:"phase"`
	Errors              []string   `json:"errors"`
	Total               string     `json:"total"`
	RowsAfterSync       int        `json:"rowsAfterSync"`
	ID                  string     `json:"id"`
	Hash                string     `json:"hash"`
	Substring           string     `json:"substring"`
	ExpectedRefund      string     `json:"expectedRefund"`
	ShownRefund         string     `json:"shownRefund"`
	Reason              string     `json:"reason"`
	QR                  bool       `json:"qr"`
	SearchFocused       bool       `json:"searchFocused"`
	SearchTotal         string     `json:"searchTotal"`
	DetailClosed        bool       `json:"detailClosed"`
	SelectedAfterArrows int        `json:"selectedAfterArrows"`
	Exported            int        `json:"exported"`
	Positions           []position `json:"positions"`
	// The exact look-up (quick-find) of the small phase: the transfer Enter opened at once
	// from its hash, and what the panel said of it, of a refund address (Go's count beside
	// it) and of a value no transfer has.
	ExactOpened    string `json:"exactOpened"`
	ExactHeadline  string `json:"exactHeadline"`
	RefundWant     int    `json:"refundWant"`
	RefundHeadline string `json:"refundHeadline"`
	RefundHits     int    `json:"refundHits"`
	NoMatch        string `json:"noMatch"`
	// The million phase's look-up of the address every transfer was sent to.
	BigHeadline    string `json:"bigHeadline"`
	BigHits        int    `json:"bigHits"`
	BigSecondID    string `json:"bigSecondId"`
	BigOpened      string `json:"bigOpened"`
	BigSeeAllTotal string `json:"bigSeeAllTotal"`
	BigLookupMs    int    `json:"bigLookupMs"`
	BigFindMs      int    `json:"bigFindMs"`
	// The dialog phases: what ExportTransfers returned, and the view's notice and error.
	ExportResult struct {
		OK    bool   `json:"ok"`
		Path  string `json:"path"`
		Count int    `json:"count"`
		Error string `json:"error"`
	} `json:"exportResult"`
	Notice    string `json:"notice"`
	ViewError string `json:"viewError"`
}

// saveDialogTitle is the title Go gives GTK's save dialog (app_sync_wails.go).
const saveDialogTitle = "Export transfers"

// exportThroughDialog runs a dialog phase of desk.mjs, which presses Export CSV, and answers
// the GTK save dialog that opens in the dev window: with path typed into its name field and
// Enter, or with Esc when path is "". Keys go through XTEST to the focused dialog.
func exportThroughDialog(t *testing.T, url, art, path, chromium string) result {
	t.Helper()
	phase := "dialog-save"
	if path == "" {
		phase = "dialog-cancel"
	}
	start := time.Now()
	wait := e2eutil.StartNode(t, chromium, 5*time.Minute, filepath.Join(testenv.RepoRoot(), "e2e", "app", "desk", "desk.mjs"), url, phase, art, "")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dlg, err := e2eutil.WaitWindow(ctx, nil, "--name", "^"+saveDialogTitle+"$")
	if err != nil {
		t.Fatalf("%s: GTK's save dialog did not open: %v", phase, err)
	}
	e2eutil.MustXdo(t, ctx, "windowfocus", "--sync", dlg)
	time.Sleep(500 * time.Millisecond) // the chooser puts the focus in its name field once mapped
	dialogShot := filepath.Join(art, "desk-"+phase+"-gtk.png")
	if err := e2eutil.Screenshot(ctx, dlg, dialogShot, 8); err != nil {
		t.Logf("dialog screenshot: %v", err)
	}
	if path == "" {
		e2eutil.MustXdo(t, ctx, "key", "--clearmodifiers", "Escape")
	} else {
		// The name field holds the suggested name, selected: Ctrl+A then the absolute path
		// replaces it (GTK's chooser takes a path in the name field).
		e2eutil.MustXdo(t, ctx, "key", "--clearmodifiers", "ctrl+a")
		e2eutil.MustXdo(t, ctx, "type", "--clearmodifiers", "--delay", "40", path)
		time.Sleep(300 * time.Millisecond) // GTK's path completion runs as one types
		e2eutil.MustXdo(t, ctx, "key", "--clearmodifiers", "Return")
	}
	for { // the dialog goes away
		if out, _ := e2eutil.Run(ctx, nil, "xdotool", "search", "--all", "--onlyvisible", "--name", "^"+saveDialogTitle+"$"); out == "" {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("%s: the save dialog stayed open (see %s)", phase, dialogShot)
		}
		time.Sleep(200 * time.Millisecond)
	}
	var r result
	wait(&r)
	t.Logf("phase %s took %v", phase, time.Since(start).Round(time.Second))
	if len(r.Errors) > 0 {
		t.Fatalf("%s: page errors: %q", phase, r.Errors)
	}
	return r
}

type position struct {
	Name         string `json:"name"`
	Ms           int    `json:"ms"`
	Count        int    `json:"count"`
	Min          int    `json:"min"`
	Max          int    `json:"max"`
	Loading      int    `json:"loading"`
	ScrollTop    int    `json:"scrollTop"`
	ScrollHeight int    `json:"scrollHeight"`
	DOMNodes     int    `json:"domNodes"`
}

// runPhase runs one phase of desk.mjs.
func runPhase(t *testing.T, url, phase, art, exportPath, chromium string) result {
	t.Helper()
	start := time.Now()
	var r result
	e2eutil.RunNode(t, chromium, 5*time.Minute, &r, filepath.Join(testenv.RepoRoot(), "e2e", "app", "desk", "desk.mjs"), url, phase, art, exportPath)
	t.Logf("phase %s took %v", phase, time.Since(start).Round(time.Second))
	if len(r.Errors) > 0 {
		t.Fatalf("%s: page errors: %q", phase, r.Errors)
	}
	return r
}

// bigTransfers makes transfer i of the million-row history (code-made, deterministic).
func bigTransfer(i int) mesh.Transfer {
	statuses := []mesh.TransferStatus{mesh.StatusSucceeded, mesh.StatusSucceeded, mesh.StatusSucceeded, mesh.StatusFailed, mesh.StatusPending}
	nets := []string{"Ethereum", "Solana", "Base", "Polygon"}
	syms := []string{"USDC", "ETH", "USDT", "SOL"}
	from := []mesh.TransferIntegration{{Type: "coinbase", Name: "Coinbase"}, {Type: "deFiWallet", Name: "MetaMask"}, {Type: "kraken", Name: "Kraken"}}
	f := from[i%len(from)]
	return mesh.Transfer{
		ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i), ClientTransactionID: fmt.Sprintf("order-%07d", i),
		UserID: fmt.Sprintf("md-user-%04d", i%5000), Status: statuses[i%len(statuses)],
		AmountInFiat: float64((i*7919)%100000) / 10, AmountInFiatCurrencyCode: "USD", Amount: float64(i%1000) / 7,
		Symbol: syms[i%len(syms)], NetworkName: nets[i%len(nets)], CreatedTimestamp: 1_700_000_000 + int64(i)*30,
		From: &f, Hash: fmt.Sprintf("0x%064x", uint64(i)*2654435761), DestinationAddress: "0x3148000000000000000000000000000000cF98",
		RefundAddress: fmt.Sprintf("0x%040x", i), TransferType: "deposit",
	}
}

// commas formats n as en-US does (1,000,000).
func commas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// rowsWanted is the size of the big history: 1,000,000, or MESHDESK_E2E_ROWS.
func rowsWanted(t *testing.T) int {
	if v := os.Getenv("MESHDESK_E2E_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1000 {
			t.Fatalf("MESHDESK_E2E_ROWS=%q: want a number of at least 1000", v)
		}
		return n
	}
	return 1_000_000
}

// mustSeed makes the app's database in home: the Demo profile as a first run makes it, and a
// demo profile "Million" holding n code-made transfers; auto-sync off for both, so that only
// the test's Sync now syncs. It returns how long storing the transfers took.
func mustSeed(t *testing.T, home string, n int) time.Duration {
	t.Helper()
	ctx := context.Background()
	d, demo := e2eutil.MustFirstRun(t, home)
	defer d.Close()
	db := d.DB()
	big, err := db.CreateProfile(ctx, store.Profile{Name: bigProfile, Env: store.EnvDemo, ClientID: meshsim.DefaultClientID, DefaultUserID: desk.NewUserID()})
	if err != nil {
		t.Fatal(err)
	}
	e2eutil.MustAutoSyncOff(t, db, demo.ID, big.ID)
	start := time.Now()
	const chunk = 20_000
	batch := make([]mesh.Transfer, 0, chunk)
	for i := 0; i < n; i++ {
		batch = append(batch, bigTransfer(i))
		if len(batch) == chunk || i == n-1 {
			if _, err := db.UpsertTransfers(ctx, big.ID, batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return time.Since(start)
}

// mustCSVMatchesStore checks an export of the failed transfers against the store, row by row.
func mustCSVMatchesStore(t *testing.T, home, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(home, "config", "meshdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	p, err := db.ProfileByName(ctx, desk.DemoProfileName)
	if err != nil {
		t.Fatal(err)
	}
	w, err := db.QueryTransfers(ctx, p.ID, store.TransferQuery{Filter: store.TransferFilter{Statuses: []mesh.TransferStatus{mesh.StatusFailed}},
		Sort: store.SortCreated, Desc: true, Limit: store.MaxWindow})
	if err != nil {
		t.Fatal(err)
	}
	if w.Total == 0 || w.Total > store.MaxWindow || len(recs) != w.Total+1 {
		t.Fatalf("CSV has %d records, the store %d failed transfers", len(recs)-1, w.Total)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	for i, r := range w.Rows {
		rec := recs[i+1]
		want := map[string]string{"id": r.ID, "status": "failed", "hash": r.Hash, "refundAddress": r.RefundAddress,
			"userId": r.UserID, "symbol": r.Symbol, "networkName": r.NetworkName, "clientTransactionId": r.ClientTransactionID}
		for k, v := range want {
			if rec[col[k]] != v {
				t.Fatalf("CSV row %d %s = %q, store %q", i, k, rec[col[k]], v)
			}
		}
		if got, err := strconv.ParseFloat(rec[col["amountInFiat"]], 64); err != nil || got != r.AmountInFiat {
			t.Fatalf("CSV row %d amountInFiat = %q, store %v", i, rec[col["amountInFiat"]], r.AmountInFiat)
		}
	}
	return w.Total
}

func TestTransferDeskEndToEnd(t *testing.T) {
	e2eutil.SkipShort(t, "e2e/app/desk")
	testenv.Display(t)
	chromium := testenv.Chromium(t)
	e2eutil.NeedTools(t, "go", "node")
	art := e2eutil.Artifacts(t)
	tmp := t.TempDir()
	home := filepath.Join(tmp, "meshdesk")
	n := rowsWanted(t)
	seedTook := mustSeed(t, home, n)
	t.Logf("stored %d transfers for profile %s in %v", n, bigProfile, seedTook.Round(time.Millisecond))

	env := []string{"MESHDESK_HOME=" + home, fmt.Sprintf("MESHDESK_DEMO_TRANSFERS=%d", demoTransfers)}
	dev := e2eutil.StartDev(t, "desk", env)
	url := dev.URL

	exportPath := filepath.Join(tmp, "failed.csv")
	small := runPhase(t, url, "small", art, exportPath, chromium)
	if small.Total != commas(demoTransfers)+" transfers" {
		t.Errorf("after Sync now the table says %q, want %d transfers", small.Total, demoTransfers)
	}
	if !small.SearchFocused || small.SearchTotal != "1 transfers" {
		t.Errorf("Ctrl-K focused the search: %v; a substring %q of hash %s found %q", small.SearchFocused, small.Substring, small.Hash, small.SearchTotal)
	}
	if small.ShownRefund == "" || small.ShownRefund != small.ExpectedRefund || !small.QR {
		t.Errorf("detail shows refund address %q (QR %v), want %q", small.ShownRefund, small.QR, small.ExpectedRefund)
	}
	if !strings.Contains(small.Reason, small.ExpectedRefund) ||
		!(strings.Contains(small.Reason, "wallet that sent the funds") || strings.Contains(small.Reason, "deposit address at")) {
		t.Errorf("refund reason %q does not explain the address", small.Reason)
	}
	if !small.DetailClosed || small.SelectedAfterArrows != 2 {
		t.Errorf("Esc closed the detail: %v; three arrows selected row %d, want 2", small.DetailClosed, small.SelectedAfterArrows)
	}
	t.Logf("found %s by %q; refund %s: %s", small.ID, small.Substring, small.ShownRefund, small.Reason)
	if small.ExactOpened != small.ID || small.ExactHeadline != "1 transfer with this hash" {
		t.Errorf("the hash in capitals and Enter opened %q, the panel said %q; want %s and one transfer with this hash", small.ExactOpened, small.ExactHeadline, small.ID)
	}
	wantRefund := fmt.Sprintf("%s transfer", commas(small.RefundWant))
	if small.RefundWant < 1 || !strings.HasPrefix(small.RefundHeadline, wantRefund) || !strings.Contains(small.RefundHeadline, "address") ||
		small.RefundHits != min(small.RefundWant, store.LookupLimit) {
		t.Errorf("the refund address's look-up said %q with %d rows; Go counts %d", small.RefundHeadline, small.RefundHits, small.RefundWant)
	}
	if !strings.HasPrefix(small.NoMatch, "No transfer has the id, client transaction id, hash or address") {
		t.Errorf("a value no transfer has: the panel said %q", small.NoMatch)
	}
	t.Logf("quick-find: %q; %q; %q", small.ExactHeadline, small.RefundHeadline, small.NoMatch)

	// Export CSV through the real save dialog: a path typed into GTK's chooser, then a cancel.
	exportDir := filepath.Join(tmp, "exports")
	if err := os.MkdirAll(exportDir, 0o755); err != nil {
		t.Fatal(err)
	}
	dialogPath := filepath.Join(exportDir, "failed-from-dialog.csv")
	saved := exportThroughDialog(t, url, art, dialogPath, chromium)
	if !saved.ExportResult.OK || saved.ExportResult.Path != dialogPath || saved.ExportResult.Count < 1 {
		t.Errorf("export through the dialog returned %+v, want %s with the failed transfers", saved.ExportResult, dialogPath)
	}
	if !strings.Contains(saved.Notice, dialogPath) || saved.ViewError != "" {
		t.Errorf("after saving, the view shows notice %q and error %q", saved.Notice, saved.ViewError)
	}
	cancelled := exportThroughDialog(t, url, art, "", chromium)
	if !cancelled.ExportResult.OK || cancelled.ExportResult.Path != "" || cancelled.ExportResult.Count != 0 {
		t.Errorf("a cancelled dialog returned %+v, want nothing exported and no error", cancelled.ExportResult)
	}
	if cancelled.Notice != "" || cancelled.ViewError != "" {
		t.Errorf("after a cancel, the view shows notice %q and error %q, want neither", cancelled.Notice, cancelled.ViewError)
	}

	wantTotal := commas(n) + " transfers"
	big := runPhase(t, url, "million", art, wantTotal, chromium)
	if big.Total != wantTotal {
		t.Errorf("the million profile shows %q, want %q", big.Total, wantTotal)
	}
	if !big.SearchFocused {
		t.Errorf("Ctrl-K on Accounts did not open Transfers with the search box focused")
	}
	// Every big transfer was sent to the same address: the newest 50 and the exact count.
	wantHead := wantTotal + " with this destination address · the newest 50 are below"
	if big.BigHeadline != wantHead || big.BigHits != store.LookupLimit {
		t.Errorf("the shared address's look-up said %q with %d rows, want %q with %d", big.BigHeadline, big.BigHits, wantHead, store.LookupLimit)
	}
	if second := bigTransfer(n - 2).ID; big.BigSecondID != second || big.BigOpened != second {
		t.Errorf("the second newest match is %q, opened %q; want %s", big.BigSecondID, big.BigOpened, second)
	}
	if big.BigSeeAllTotal != wantTotal {
		t.Errorf("See all shows %q, want %q", big.BigSeeAllTotal, wantTotal)
	}
	t.Logf("quick-find on the big profile: %q, on screen %d ms after the paste (FindTransfers alone: %d ms)", big.BigHeadline, big.BigLookupMs, big.BigFindMs)
	if len(big.Positions) < 6 {
		t.Fatalf("positions measured: %+v", big.Positions)
	}
	for _, p := range big.Positions {
		t.Logf("%-17s rows in DOM %3d, indexes %7d…%7d, scrollTop %8d of %8d, %d DOM nodes, %d ms", p.Name, p.Count, p.Min, p.Max, p.ScrollTop, p.ScrollHeight, p.DOMNodes, p.Ms)
		if p.Count < 10 || p.Count > maxDOMRows || p.Loading != 0 {
			t.Errorf("%s: %d rows in the DOM (%d loading), want 10…%d all loaded", p.Name, p.Count, p.Loading, maxDOMRows)
		}
	}
	expect := map[string][2]int{ // the index range a position must show
		"top":        {0, 100},
		"jump 25%":   {n/4 - 100, n/4 + 100},
		"jump 50%":   {n/2 - 100, n/2 + 100},
		"jump 99.9%": {n - n/1000 - 100, n - n/1000 + 100},
		"End key":    {n - 100, n},
		"Home key":   {0, 100},
	}
	for _, p := range big.Positions {
		if want, ok := expect[p.Name]; ok && (p.Min > want[1] || p.Max < want[0]) {
			t.Errorf("%s shows rows %d…%d, want some of %d…%d", p.Name, p.Min, p.Max, want[0], want[1])
		}
		if p.Name == "End key" && p.Max != n-1 {
			t.Errorf("End shows up to row %d, want the last row %d", p.Max, n-1)
		}
	}

	dev.Stop() // the app closes the database before the test reads it
	failed := mustCSVMatchesStore(t, home, exportPath)
	if small.Exported != failed {
		t.Errorf("the export wrote %d transfers, the store has %d failed", small.Exported, failed)
	}
	t.Logf("CSV export of %d failed transfers matches the store", failed)
	if got := mustCSVMatchesStore(t, home, dialogPath); got != saved.ExportResult.Count {
		t.Errorf("the dialog's export wrote %d transfers, the store has %d failed", saved.ExportResult.Count, got)
	}
	entries, err := os.ReadDir(exportDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != filepath.Base(dialogPath) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the export folder holds %q, want only %s (a cancel writes nothing, no temp file is left)", names, filepath.Base(dialogPath))
	}
	t.Logf("the save dialog's export (%d failed transfers) matches the store; the cancel wrote nothing", saved.ExportResult.Count)
}
