// Package treasury_test runs Mesh Desk's refund workflow end to end: `wails dev` (the real Go
// bindings) under Xvfb on the Demo profile, headless Chromium driving the transfer detail's
// Refund panel (treasury.mjs). The QR code is read back from Chromium's screenshot of the
// element by an independent decoder (zbarimg) and must equal the payment URI Go gives; the
// refund is marked sent with a hash, and its state is found again in the detail (after a
// reload), in the refunds queue, in the Audit view and, once the app has stopped, in the store.
package treasury_test

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meshdesk/desk"
	"meshdesk/e2e/internal/e2eutil"
	"meshdesk/internal/testenv"
	"meshdesk/mesh"
	"meshdesk/store"
)

// The refunded transfer: a USDC deposit on Ethereum from a wallet, stored in the Demo profile
// before the app starts (code-made, deterministic).
const (
	transferID = "7e1a0c55-2f4e-4c1b-9a7d-00000000e2e1"
	usdc       = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
	refundTo   = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" // EIP-55 checksummed (EIP-55's own example)
	received   = 125.5
	editedAmt  = "100.25"
	// refundHash is the refund's transaction hash (0x + 64 hex, the EVM format Go checks).
	refundHash = "0x9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4f6a8b0d2c4e6f8a0b"
	refundNote = "refunded on the customer's request"
	label      = "Customer wallet (e2e)"
	// destination is where the deposit went; destLabel the label the test gives it in the
	// Address book view.
	destination = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359" // EIP-55 checksummed (from EIP-55)
	destLabel   = "Our hot wallet (e2e)"
)

// result is what treasury.mjs prints.
type result struct {
	Errors []string `json:"errors"`
	// SearchFocused: Ctrl-K focused the search; Opened: Enter opened the found transfer.
	SearchFocused bool `json:"searchFocused"`
	Opened        bool `json:"opened"`
	// Default and Edited are the panel at the received amount and after editing it.
	Default panel `json:"default"`
	Edited  panel `json:"edited"`
	// StateShown, HashShown: the state and hash the panel shows after "Record state";
	// StateAfterReload the same read from a fresh page.
	StateShown       string `json:"stateShown"`
	HashShown        string `json:"hashShown"`
	HistoryShown     string `json:"historyShown"`
	StateAfterReload string `json:"stateAfterReload"`
	HashAfterReload  string `json:"hashAfterReload"`
	// TagsShown are the tags the detail shows after typing "Refund-E2E"; TagFilterTotal and
	// OtherTagTotal the Transfers view's totals filtered by that tag and by another one;
	// NoteSearchTotal its total searching a word of the note.
	TagsShown       string `json:"tagsShown"`
	TagFilterTotal  string `json:"tagFilterTotal"`
	OtherTagTotal   string `json:"otherTagTotal"`
	NoteSearchTotal string `json:"noteSearchTotal"`
	// QueueRow is the refunds queue's row of the transfer (filter: sent); AuditRow the audit
	// view's row of the change; AuditTabByKeys says the Audit tab was reached with arrow keys.
	QueueRow       string `json:"queueRow"`
	AuditRow       string `json:"auditRow"`
	AuditTabByKeys bool   `json:"auditTabByKeys"`
	// LabelRow is the Address book's row of the label the test typed; LabelsFromGo what Go's
	// AddressLabels then says of that address.
	LabelRow     string   `json:"labelRow"`
	LabelsFromGo []string `json:"labelsFromGo"`
	// Contrast is the lowest text/background contrast measured in the treasury's views, per
	// colour scheme.
	Contrast map[string]float64 `json:"contrast"`
	// WorstLight and WorstDark name the element with the lowest contrast.
	WorstLight string `json:"worst-light"`
	WorstDark  string `json:"worst-dark"`
}

// panel is the Refund panel as shown, with the URI Go's bound method returns for the same
// amount and the screenshot of the QR element.
type panel struct {
	Amount   string `json:"amount"`
	Standard string `json:"standard"`
	URIShown string `json:"uriShown"`
	URIGo    string `json:"uriGo"`
	Label    string `json:"label"`
	Address  string `json:"address"`
	QRPath   string `json:"qrPath"`
}

// mustSeed makes the app's database in home as a first run does (the Demo profile), stores
// the transfer in it, labels its refund address, and turns auto-sync off. It returns the
// Demo profile's id.
func mustSeed(t *testing.T, home string) string {
	t.Helper()
	ctx := context.Background()
	d, err := desk.Open(ctx, desk.Options{DBPath: filepath.Join(home, "config", "meshdesk.db"), StateDir: filepath.Join(home, "state"),
		Keychain: store.NewMemoryVault(), Getenv: func(string) string { return "" }, DemoTransfers: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	db := d.DB()
	demo, err := d.Profile(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	off := `{"intervalMinutes":0,"onFocus":false,"webhookOn":false,"webhookAddr":"127.0.0.1:0"}`
	if err := db.SetSetting(ctx, "app.sync."+demo.ID, off); err != nil {
		t.Fatal(err)
	}
	tr := mesh.Transfer{
		ID: transferID, ClientTransactionID: "order-e2e-refund", UserID: "md-user-e2e", Status: mesh.StatusSucceeded,
		Amount: received, AmountToReceive: received, AmountInFiat: received, AmountInFiatCurrencyCode: "USD",
		Symbol: "USDC", NetworkName: "Ethereum", TokenAddress: usdc, CreatedTimestamp: time.Now().Add(-time.Hour).Unix(),
		From: &mesh.TransferIntegration{Type: "deFiWallet", Name: "MetaMask"}, TransferType: "deposit",
		Hash:               "0x" + strings.Repeat("e2e1", 16),
		DestinationAddress: destination, RefundAddress: refundTo,
	}
	if _, err := db.UpsertTransfers(ctx, demo.ID, []mesh.Transfer{tr}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetAddressLabel(ctx, demo.ID, refundTo, "", label, "e2e"); err != nil {
		t.Fatal(err)
	}
	return demo.ID
}

// zbar decodes the QR code in a PNG with zbarimg (an independent decoder). Only its stdout is
// the symbol: it may warn on stderr (e.g. that there is no system D-Bus).
func zbar(t *testing.T, png string) string {
	t.Helper()
	cmd := exec.Command("zbarimg", "--raw", "-q", png)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v\n%s", png, err, stderr.String())
	}
	return strings.TrimRight(string(out), "\n")
}

func TestRefundEndToEnd(t *testing.T) {
	e2eutil.SkipShort(t, "e2e/treasury")
	testenv.Display(t)
	chromium := testenv.Chromium(t)
	e2eutil.NeedTools(t, "zbarimg")
	e2eutil.NeedPlaywright(t)
	art := e2eutil.Artifacts(t)
	home := filepath.Join(t.TempDir(), "meshdesk")
	profileID := mustSeed(t, home)

	dev := e2eutil.StartDev(t, "treasury", []string{"MESHDESK_HOME=" + home})
	start := time.Now()
	var r result
	e2eutil.RunNode(t, chromium, 3*time.Minute, &r, filepath.Join(testenv.RepoRoot(), "e2e", "treasury", "treasury.mjs"),
		dev.URL, art, transferID, "0x"+strings.Repeat("e2e1", 4), editedAmt, refundHash, refundNote, destination, destLabel)
	t.Logf("browser part took %v", time.Since(start).Round(time.Second))
	if len(r.Errors) > 0 {
		t.Fatalf("page errors: %q", r.Errors)
	}
	if !r.SearchFocused || !r.Opened {
		t.Errorf("keyboard: Ctrl-K focused the search %v, Enter opened the transfer %v", r.SearchFocused, r.Opened)
	}

	for _, c := range []struct {
		name string
		p    panel
		want string // the payment request EIP-681 defines for this refund
	}{
		{"received amount", r.Default, fmt.Sprintf("ethereum:%s@1/transfer?address=%s&uint256=125500000", usdc, refundTo)},
		{"edited amount", r.Edited, fmt.Sprintf("ethereum:%s@1/transfer?address=%s&uint256=100250000", usdc, refundTo)},
	} {
		decoded := zbar(t, c.p.QRPath)
		t.Logf("%s: standard %s, QR decodes to %s", c.name, c.p.Standard, decoded)
		if decoded != c.p.URIGo || c.p.URIShown != c.p.URIGo {
			t.Errorf("%s: the QR decodes to %q, the panel shows %q, Go gives %q", c.name, decoded, c.p.URIShown, c.p.URIGo)
		}
		if !strings.EqualFold(decoded, c.want) {
			t.Errorf("%s: the QR decodes to %q, want %q", c.name, decoded, c.want)
		}
		if c.p.Standard != "EIP-681" || c.p.Address != refundTo || c.p.Label != label {
			t.Errorf("%s: standard %q, address %q, label %q", c.name, c.p.Standard, c.p.Address, c.p.Label)
		}
	}
	if r.Default.Amount != "125.5" || r.Edited.Amount != editedAmt {
		t.Errorf("amounts: default %q (want the received 125.5), edited %q (want %s)", r.Default.Amount, r.Edited.Amount, editedAmt)
	}

	if r.StateShown != "Sent" || r.HashShown != refundHash || !strings.Contains(r.HistoryShown, refundNote) {
		t.Errorf("after recording: state %q, hash %q, history %q", r.StateShown, r.HashShown, r.HistoryShown)
	}
	if r.StateAfterReload != "Sent" || r.HashAfterReload != refundHash {
		t.Errorf("after a reload the detail shows state %q, hash %q", r.StateAfterReload, r.HashAfterReload)
	}
	if !strings.Contains(r.TagsShown, "refund-e2e") || r.TagFilterTotal != "1 transfers" || r.OtherTagTotal != "0 transfers" || r.NoteSearchTotal != "1 transfers" {
		t.Errorf("tags %q; Transfers filtered by the tag: %q, by another tag: %q, searching the note: %q", r.TagsShown, r.TagFilterTotal, r.OtherTagTotal, r.NoteSearchTotal)
	}
	if !strings.Contains(r.QueueRow, transferID) || !strings.Contains(r.QueueRow, label) {
		t.Errorf("refunds queue row %q", r.QueueRow)
	}
	if !r.AuditTabByKeys || !strings.Contains(r.AuditRow, transferID) || !strings.Contains(strings.ToLower(r.AuditRow), "refund") {
		t.Errorf("audit view (reached by keys: %v) row %q", r.AuditTabByKeys, r.AuditRow)
	}
	if !strings.Contains(r.LabelRow, destLabel) || len(r.LabelsFromGo) != 1 || r.LabelsFromGo[0] != destLabel {
		t.Errorf("address book: row %q, Go's label of %s %q, want %q", r.LabelRow, destination, r.LabelsFromGo, destLabel)
	}
	for _, scheme := range []string{"light", "dark"} {
		c, ok := r.Contrast[scheme]
		worst := map[string]string{"light": r.WorstLight, "dark": r.WorstDark}[scheme]
		t.Logf("%s theme: lowest text contrast in the treasury views %.2f:1 (%s)", scheme, c, worst)
		if !ok || c < 4.5 {
			t.Errorf("%s theme: lowest text contrast %.2f:1, want at least 4.5:1 (WCAG AA)", scheme, c)
		}
	}

	dev.Stop() // the app closes its database before the test reads it
	mustStoreAgrees(t, home, profileID)
}

// mustStoreAgrees checks the refund state and its audit row in the app's database.
func mustStoreAgrees(t *testing.T, home, profileID string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(home, "config", "meshdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.RefundStatus(ctx, profileID, transferID)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != store.RefundSent || st.Hash != refundHash {
		t.Errorf("store: refund state %q hash %q, want sent %s", st.State, st.Hash, refundHash)
	}
	rows, err := db.AuditTrail(ctx, store.AuditFilter{Target: transferID})
	if err != nil {
		t.Fatal(err)
	}
	// One row per recorded change: needed, then sent with the hash and the note.
	var got []string
	for _, e := range rows {
		if e.Action == store.AuditRefundState {
			got = append(got, e.Details)
			t.Logf("audit: %s %s %s %s %q", e.At.Format(time.RFC3339), e.Actor, e.Action, e.Target, e.Details)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0]+got[1], refundHash) || !strings.Contains(got[0]+got[1], refundNote) {
		t.Errorf("store: refund audit rows for %s = %q, want two (needed; sent with the hash and note)", transferID, got)
	}
}
