package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/desk"
	"meshdesk/mesh"
	"meshdesk/store"
)

// fixedNow is the clock of the transfer-desk tests.
var fixedNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// mustTransferApp is an App on a temp data folder (in-memory vault) whose Demo emulator
// generates demoTransfers transfers (-1: none), with a recorder of its runtime events.
func mustTransferApp(t *testing.T, demoTransfers int) (*App, *eventLog) {
	t.Helper()
	dir := t.TempDir()
	a := NewApp(slog.New(slog.DiscardHandler), "", time.Now())
	a.deskOpts = desk.Options{DBPath: filepath.Join(dir, "meshdesk.db"), StateDir: filepath.Join(dir, "state"),
		Keychain: store.NewMemoryVault(), Getenv: func(string) string { return "" }, DemoTransfers: demoTransfers,
		DemoSeed: 11, Logger: a.log}
	a.openDesk(context.Background())
	if a.deskErr != nil {
		t.Fatal(a.deskErr)
	}
	ev := &eventLog{}
	a.tdesk.emit = ev.add
	t.Cleanup(func() {
		a.stopTransferDesk()
		a.closeDesk()
	})
	return a, ev
}

// eventLog records runtime events.
type eventLog struct {
	mu     sync.Mutex
	events []string
	data   []any
}

func (e *eventLog) add(name string, data any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.events = append(e.events, name)
	e.data = append(e.data, data)
}

func (e *eventLog) count(name string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ev := range e.events {
		if ev == name {
			n++
		}
	}
	return n
}

// last is the data of the latest event called name (nil if none).
func (e *eventLog) last(name string) any {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.events) - 1; i >= 0; i-- {
		if e.events[i] == name {
			return e.data[i]
		}
	}
	return nil
}

// waitFor polls cond until it holds (failing after a generous bound, so a hang fails clearly).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// mustSynced runs Sync now and waits until a run has ended.
func mustSynced(t *testing.T, a *App) *SyncStatus {
	t.Helper()
	before, err := a.SyncStatus()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SyncNow(); err != nil {
		t.Fatal(err)
	}
	var st *SyncStatus
	waitFor(t, "the sync to end", func() bool {
		st, err = a.SyncStatus()
		return err == nil && st.Runs > before.Runs && !st.Running
	})
	if st.LastError != "" {
		t.Fatalf("sync failed: %s", st.LastError)
	}
	return st
}

// mustProfileID is the active profile's id.
func mustProfileID(t *testing.T, a *App) string {
	t.Helper()
	_, p, err := a.activeProfile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// mustStoreTransfers stores transfers made in code for the active profile.
func mustStoreTransfers(t *testing.T, a *App, ts ...mesh.Transfer) {
	t.Helper()
	if _, err := a.desk.DB().UpsertTransfers(context.Background(), mustProfileID(t, a), ts); err != nil {
		t.Fatal(err)
	}
}

func ptrOf[T any](v T) *T { return &v }

const (
	walletAddr   = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	exchangeAddr = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
	walletHash   = "0x7d4e0000000000000000000000000000000000000000000000000000000a3495"
)

// craftedTransfers are a wallet and an exchange transfer with every detail field, and one
// without refund address or hash.
func craftedTransfers() []mesh.Transfer {
	created := fixedNow.Add(-2 * time.Hour).Unix()
	exec := created + 60
	return []mesh.Transfer{
		{ID: "11111111-1111-4111-8111-111111111111", ClientTransactionID: "order-1001", UserID: "md-user-a", Status: mesh.StatusSucceeded,
			AmountInFiat: 250.5, AmountInFiatCurrencyCode: "USD", Amount: 250.5, Symbol: "USDC", NetworkName: "Ethereum",
			CreatedTimestamp: created, ExecutedTimestamp: &exec, Hash: walletHash,
			From:          &mesh.TransferIntegration{ID: "i-mm", Type: "deFiWallet", Name: "MetaMask"},
			GasFee:        &mesh.TransferFee{Fee: 0.0012, FeeCurrency: "ETH", FeeInFiat: 3.1},
			ProcessingFee: &mesh.TransferFee{Fee: 1, FeeCurrency: "USDC", FeeInFiat: 1},
			FundingMethods: []mesh.TransferFunding{{Type: "cryptocurrencyConversion", Amount: 250.5, AmountInFiat: 250.5,
				ToSymbol: "USDC", FromAmount: 0.08, FromSymbol: "ETH"}},
			DestinationAddress: "0x3148000000000000000000000000000000cF98", RefundAddress: walletAddr, TransferType: "deposit"},
		{ID: "22222222-2222-4222-8222-222222222222", ClientTransactionID: "order-1002", UserID: "md-user-b", Status: mesh.StatusFailed,
			AmountInFiat: 1000, AmountInFiatCurrencyCode: "USD", Amount: 0.3, Symbol: "ETH", NetworkName: "Base",
			CreatedTimestamp: created - 3600, From: &mesh.TransferIntegration{ID: "i-cb", Type: "coinbase", Name: "Coinbase"},
			WithdrawalFee:      &mesh.TransferFee{Fee: 0.0001, FeeCurrency: "ETH", FeeInFiat: 0.33},
			DestinationAddress: "0x3148000000000000000000000000000000cF98", RefundAddress: exchangeAddr, TransferType: "payment"},
		{ID: "33333333-3333-4333-8333-333333333333", UserID: "md-user-c", Status: mesh.StatusPending, AmountInFiat: 5,
			Amount: 5, Symbol: "USDT", NetworkName: "Tron", CreatedTimestamp: fixedNow.Add(-50 * time.Hour).Unix(),
			From: &mesh.TransferIntegration{ID: "i-x", Type: "kraken", Name: "Kraken"}},
	}
}

func TestGetTransferExplainsEveryField(t *testing.T) {
	a, _ := mustTransferApp(t, -1)
	a.now = func() time.Time { return fixedNow }
	mustStoreTransfers(t, a, craftedTransfers()...)

	w, err := a.GetTransfer(" 11111111-1111-4111-8111-111111111111 ")
	if err != nil {
		t.Fatal(err)
	}
	if w.SourceKind != "wallet" || !strings.Contains(w.RefundText, "wallet that sent the funds") || w.RefundAddress != walletAddr {
		t.Errorf("wallet: kind %q, refund %q (%s)", w.SourceKind, w.RefundText, w.RefundAddress)
	}
	if w.ExplorerURL != "https://etherscan.io/tx/"+walletHash {
		t.Errorf("explorer = %q", w.ExplorerURL)
	}
	if len(w.Fees) != 2 || w.Fees[0].Kind != "Network gas" || w.Fees[0].Currency != "ETH" || w.Fees[1].Kind != "Processing" {
		t.Errorf("fees = %+v", w.Fees)
	}
	if len(w.Transfer.FundingMethods) != 1 || w.Transfer.FundingMethods[0].FromSymbol != "ETH" {
		t.Errorf("funding = %+v", w.Transfer.FundingMethods)
	}
	if w.CreatedAt != "2026-11-25T10:00:00Z" || w.ExecutedAt != "2026-11-25T10:01:00Z" || w.FirstSeen == "" || w.Source != "api" {
		t.Errorf("times/source: %q %q %q %q", w.CreatedAt, w.ExecutedAt, w.FirstSeen, w.Source)
	}
	svg := mustQRSVG(t, w.RefundQR)
	if !strings.HasPrefix(svg, "<svg") || strings.Count(svg, "h1v1h-1z") < 100 {
		t.Errorf("refund QR is not a drawn QR code: %.80s", svg)
	}

	x, err := a.GetTransfer("22222222-2222-4222-8222-222222222222")
	if err != nil {
		t.Fatal(err)
	}
	if x.SourceKind != "exchange" || !strings.Contains(x.RefundText, "deposit address at Coinbase") ||
		!strings.Contains(x.RefundText, "must not be used for a refund") || !strings.HasPrefix(x.StatusText, "Failed") {
		t.Errorf("exchange: kind %q, refund %q, status %q", x.SourceKind, x.RefundText, x.StatusText)
	}
	if x.ExplorerURL != "" {
		t.Errorf("a transfer without hash has explorer link %q", x.ExplorerURL)
	}

	p, err := a.GetTransfer("33333333-3333-4333-8333-333333333333")
	if err != nil {
		t.Fatal(err)
	}
	if p.RefundQR != "" || p.RefundAddress != "" || !strings.Contains(p.RefundText, "no refund address") ||
		!strings.Contains(p.StatusText, "unusually long") || len(p.Fees) != 0 || p.Transfer.FundingMethods == nil {
		t.Errorf("pending without refund address: %+v", p)
	}

	for _, id := range []string{"", "  ", "44444444-4444-4444-8444-444444444444"} {
		if _, err := a.GetTransfer(id); err == nil {
			t.Errorf("GetTransfer(%q) succeeded", id)
		}
	}
}

// mustQRSVG decodes a QR data URL to its SVG text.
func mustQRSVG(t *testing.T, dataURL string) string {
	t.Helper()
	const prefix = "data:image/svg+xml;base64,"
	if !strings.HasPrefix(dataURL, prefix) {
		t.Fatalf("QR is not an SVG data URL: %.40q", dataURL)
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(dataURL, prefix))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestQRCodeDiffersPerAddressAndIsSquare(t *testing.T) {
	a, err := qrDataURL(walletAddr)
	if err != nil {
		t.Fatal(err)
	}
	b, err := qrDataURL(exchangeAddr)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Error("two addresses give the same QR code")
	}
	svg := mustQRSVG(t, a)
	// Version 3 (29 modules) + 4-module quiet zones: 37 modules.
	if !strings.Contains(svg, `viewBox="0 0 37 37"`) {
		t.Errorf("unexpected QR size: %.120s", svg)
	}
	if _, err := qrDataURL(strings.Repeat("x", 5000)); err == nil {
		t.Error("a text too long for a QR code was encoded")
	}
}

func TestExplorerURL(t *testing.T) {
	cases := []struct {
		name string
		t    mesh.Transfer
		want string
	}{
		{"mesh's infoUrl wins", mesh.Transfer{InfoURL: "https://explorer.example/tx/1", Hash: "0xab", NetworkName: "Ethereum"}, "https://explorer.example/tx/1"},
		{"non-web infoUrl ignored", mesh.Transfer{InfoURL: "javascript:alert(1)", Hash: "0xab", NetworkName: "Ethereum"}, "https://etherscan.io/tx/0xab"},
		{"solana", mesh.Transfer{Hash: "5abc", NetworkName: "Solana"}, "https://solscan.io/tx/5abc"},
		{"case of network", mesh.Transfer{Hash: "0xab", NetworkName: "bnb CHAIN"}, "https://bscscan.com/tx/0xab"},
		{"unknown network", mesh.Transfer{Hash: "0xab", NetworkName: "Dogechain"}, ""},
		{"no hash", mesh.Transfer{NetworkName: "Ethereum"}, ""},
		{"hash with a path", mesh.Transfer{Hash: "../x", NetworkName: "Ethereum"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := explorerURL(c.t); got != c.want {
				t.Errorf("explorerURL = %q, want %q", got, c.want)
			}
		})
	}
}

func TestQueryAndLookupTransfers(t *testing.T) {
	a, _ := mustTransferApp(t, 400)
	mustSynced(t, a)

	all, err := a.QueryTransfers(store.TransferFilter{}, TransferWindowRequest{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 400 || len(all.Rows) != 50 || all.Offset != 0 || all.Next == nil {
		t.Fatalf("first window: total %d, %d rows, offset %d", all.Total, len(all.Rows), all.Offset)
	}
	jump, err := a.QueryTransfers(store.TransferFilter{}, TransferWindowRequest{Offset: 380, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if jump.Offset != 380 || len(jump.Rows) != 20 || jump.Next != nil {
		t.Errorf("last window: offset %d, %d rows, next %v", jump.Offset, len(jump.Rows), jump.Next)
	}
	next, err := a.QueryTransfers(store.TransferFilter{}, TransferWindowRequest{After: all.Next, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	mid, err := a.QueryTransfers(store.TransferFilter{}, TransferWindowRequest{Offset: 50, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if next.Offset != 50 || next.Rows[0].ID != mid.Rows[0].ID {
		t.Errorf("keyset window starts at %d (%s), offset window at %s", next.Offset, next.Rows[0].ID, mid.Rows[0].ID)
	}
	failed, err := a.QueryTransfers(store.TransferFilter{Statuses: []mesh.TransferStatus{mesh.StatusFailed}}, TransferWindowRequest{Sort: store.SortAmount, Desc: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if failed.Total == 0 || failed.Total == 400 {
		t.Fatalf("failed filter selects %d of 400", failed.Total)
	}
	for i, r := range failed.Rows {
		if r.Status != mesh.StatusFailed || (i > 0 && r.AmountInFiat > failed.Rows[i-1].AmountInFiat) {
			t.Fatalf("row %d: %s %v not failed or not by amount descending", i, r.Status, r.AmountInFiat)
		}
	}

	// A substring of a hash finds its transfer; the exact hash (any case) looks it up.
	var withHash store.TransferRow
	for _, r := range all.Rows {
		if len(r.Hash) > 20 {
			withHash = r
			break
		}
	}
	if withHash.ID == "" {
		t.Fatal("no transfer with a hash in the first window")
	}
	sub := withHash.Hash[6:18]
	found, err := a.QueryTransfers(store.TransferFilter{Search: sub}, TransferWindowRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(found.Rows, func(r store.TransferRow) bool { return r.ID == withHash.ID }) {
		t.Errorf("search %q did not find %s", sub, withHash.ID)
	}
	look, err := a.FindTransfers(strings.ToUpper(withHash.Hash))
	if err != nil || look.Total != 1 || len(look.Hits) != 1 || look.Hits[0].Row.ID != withHash.ID {
		t.Errorf("FindTransfers(hash) = %+v, %v", look, err)
	}
	none, err := a.FindTransfers("no-such-thing")
	if err != nil || none.Hits == nil || len(none.Hits) != 0 || none.Total != 0 {
		t.Errorf("FindTransfers(unknown) = %#v, %v; want an empty list", none, err)
	}

	bad := []struct {
		name string
		f    store.TransferFilter
		w    TransferWindowRequest
	}{
		{"short search", store.TransferFilter{Search: "ab"}, TransferWindowRequest{}},
		{"unknown sort", store.TransferFilter{}, TransferWindowRequest{Sort: "hash"}},
		{"inverted fiat range", store.TransferFilter{MinFiat: ptrOf(10.0), MaxFiat: ptrOf(1.0)}, TransferWindowRequest{}},
		{"inverted dates", store.TransferFilter{CreatedFrom: 200, CreatedTo: 100}, TransferWindowRequest{}},
	}
	for _, b := range bad {
		if _, err := a.QueryTransfers(b.f, b.w); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", b.name, err)
		}
	}
}

func TestExportTransfersTo(t *testing.T) {
	a, _ := mustTransferApp(t, 300)
	mustSynced(t, a)
	dir := t.TempDir()
	filter := store.TransferFilter{Statuses: []mesh.TransferStatus{mesh.StatusSucceeded, mesh.StatusPending}}
	view, err := a.QueryTransfers(filter, TransferWindowRequest{Sort: store.SortAmount, Desc: true, Limit: store.MaxWindow})
	if err != nil {
		t.Fatal(err)
	}

	csvPath := filepath.Join(dir, "view.csv")
	res, err := a.ExportTransfersTo(csvPath, filter, "amount", true, "CSV")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if res.Count != view.Total || len(recs) != view.Total+1 || res.Bytes != int64(len(b)) || res.Path != csvPath {
		t.Fatalf("csv: %+v, %d records, view total %d", res, len(recs), view.Total)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	for i, r := range view.Rows {
		rec := recs[i+1]
		if rec[col["id"]] != r.ID || rec[col["status"]] != string(r.Status) || rec[col["refundAddress"]] != r.RefundAddress || rec[col["hash"]] != r.Hash {
			t.Fatalf("csv row %d = %v, store row %+v", i, rec, r)
		}
	}

	jsonPath := filepath.Join(dir, "view.json")
	if _, err := a.ExportTransfersTo(jsonPath, filter, "amount", true, "json"); err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if b, err = os.ReadFile(jsonPath); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &items); err != nil || len(items) != view.Total || items[0]["id"] != view.Rows[0].ID {
		t.Fatalf("json: %d items (%v), want %d", len(items), err, view.Total)
	}

	failing := []struct{ name, path, format string }{
		{"relative path", "view.csv", "csv"},
		{"unknown format", filepath.Join(dir, "x.xml"), "xml"},
		{"missing folder", filepath.Join(dir, "no", "such", "x.csv"), "csv"},
	}
	for _, f := range failing {
		if _, err := a.ExportTransfersTo(f.path, filter, "created", false, f.format); err == nil {
			t.Errorf("%s: export succeeded", f.name)
		}
	}
	if _, err := a.ExportTransfersTo(filepath.Join(dir, "bad.csv"), store.TransferFilter{Search: "x"}, "created", false, "csv"); err == nil {
		t.Error("an export with an invalid filter succeeded")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".meshdesk-export-*"))
	if _, err := os.Stat(filepath.Join(dir, "bad.csv")); len(left) > 0 || err == nil {
		t.Errorf("a failed export left files behind: %v", left)
	}
	// Without a window there is no save dialog: the bound method says so instead of hanging.
	if _, err := a.ExportTransfers(filter, "created", false, "csv"); err == nil || !strings.Contains(err.Error(), "no save dialog") {
		t.Errorf("ExportTransfers without a window: %v", err)
	}
}

func TestSavedViews(t *testing.T) {
	a, _ := mustTransferApp(t, -1)
	a.now = func() time.Time { return fixedNow }
	mustStoreTransfers(t, a, craftedTransfers()...)

	views, err := a.SavedViews()
	if err != nil {
		t.Fatal(err)
	}
	if len(views) != 2 || !views[0].BuiltIn || views[0].Name != "Failed this week" || views[1].Name != "Pending over 24 h" {
		t.Fatalf("built-in views = %+v", views)
	}
	fw, err := a.ApplyView("failed THIS week")
	if err != nil {
		t.Fatal(err)
	}
	if fw.Filter.CreatedFrom != fixedNow.Add(-7*24*time.Hour).Unix() || !slices.Equal(fw.Filter.Statuses, []mesh.TransferStatus{mesh.StatusFailed}) {
		t.Errorf("failed this week = %+v", fw.Filter)
	}
	pend, err := a.ApplyView("Pending over 24 h")
	if err != nil {
		t.Fatal(err)
	}
	w, err := a.QueryTransfers(pend.Filter, TransferWindowRequest{Sort: pend.Sort, Desc: pend.Desc})
	if err != nil || w.Total != 1 || w.Rows[0].ID != "33333333-3333-4333-8333-333333333333" {
		t.Fatalf("pending over 24 h selects %+v (%v)", w, err)
	}
	w, err = a.QueryTransfers(fw.Filter, TransferWindowRequest{})
	if err != nil || w.Total != 1 || w.Rows[0].Status != mesh.StatusFailed {
		t.Fatalf("failed this week selects %+v (%v)", w, err)
	}

	mine := SavedView{Name: " Big USDC ", Filter: store.TransferFilter{Symbols: []string{"USDC"}, MinFiat: ptrOf(100.0)}, Sort: store.SortAmount, Desc: true}
	if views, err = a.SaveView(mine); err != nil || len(views) != 3 || views[2].Name != "Big USDC" || views[2].BuiltIn {
		t.Fatalf("SaveView = %+v, %v", views, err)
	}
	mine.Name, mine.Desc = "big usdc", false
	if views, err = a.SaveView(mine); err != nil || len(views) != 3 || views[2].Desc {
		t.Fatalf("replacing a view: %+v, %v", views, err)
	}
	got, err := a.ApplyView("BIG USDC")
	if err != nil || got.Sort != store.SortAmount || got.Filter.MinFiat == nil || *got.Filter.MinFiat != 100 {
		t.Fatalf("ApplyView(own) = %+v, %v", got, err)
	}

	bad := []SavedView{
		{Name: ""},
		{Name: strings.Repeat("v", 61)},
		{Name: "Failed This Week"},
		{Name: "short search", Filter: store.TransferFilter{Search: "ab"}},
		{Name: "bad sort", Sort: "color"},
		{Name: "negative", CreatedWithinHours: -1},
	}
	for _, v := range bad {
		if _, err := a.SaveView(v); err == nil {
			t.Errorf("SaveView(%q) succeeded", v.Name)
		}
	}
	if _, err := a.DeleteView("Pending over 24 h"); err == nil {
		t.Error("a built-in view was deleted")
	}
	if _, err := a.DeleteView("nope"); err == nil {
		t.Error("deleting a missing view succeeded")
	}
	if views, err = a.DeleteView("Big USDC"); err != nil || len(views) != 2 {
		t.Fatalf("DeleteView = %+v, %v", views, err)
	}
	if _, err := a.ApplyView("Big USDC"); err == nil {
		t.Error("a deleted view still applies")
	}
}

func TestResolveView(t *testing.T) {
	h := int64(3600)
	now := fixedNow
	cases := []struct {
		name     string
		v        SavedView
		from, to int64
	}{
		{"no bounds", SavedView{}, 0, 0},
		{"within", SavedView{CreatedWithinHours: 24}, now.Unix() - 24*h, 0},
		{"before", SavedView{CreatedBeforeHours: 2}, 0, now.Unix() - 2*h},
		{"keeps a later fixed start", SavedView{Filter: store.TransferFilter{CreatedFrom: now.Unix() - h}, CreatedWithinHours: 24}, now.Unix() - h, 0},
		{"keeps an earlier fixed end", SavedView{Filter: store.TransferFilter{CreatedTo: 1000}, CreatedBeforeHours: 2}, 0, 1000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := resolveView(c.v, now)
			if q.Filter.CreatedFrom != c.from || q.Filter.CreatedTo != c.to {
				t.Errorf("from %d to %d, want %d %d", q.Filter.CreatedFrom, q.Filter.CreatedTo, c.from, c.to)
			}
		})
	}
}

func TestConfigureDemoSize(t *testing.T) {
	cases := []struct {
		env       string
		preset    int
		want      int
		wantWarns bool
	}{
		{"", 0, 0, false},
		{"1000000", 0, 1_000_000, false},
		{" 250 ", 0, 250, false},
		{"0", 0, -1, false},
		{"-5", 0, 0, true},
		{"lots", 0, 0, true},
		{"99999999", 0, 0, true},
		{"1000", 42, 42, false}, // a test's own setting wins
	}
	for _, c := range cases {
		var buf bytes.Buffer
		a := NewApp(slog.New(slog.NewTextHandler(&buf, nil)), "", time.Now())
		a.deskOpts.DemoTransfers = c.preset
		a.configureDemoSize(func(k string) string {
			if k == EnvDemoTransfers {
				return c.env
			}
			return ""
		})
		if a.deskOpts.DemoTransfers != c.want || strings.Contains(buf.String(), "ignoring") != c.wantWarns {
			t.Errorf("%q: DemoTransfers %d (log %q), want %d", c.env, a.deskOpts.DemoTransfers, buf.String(), c.want)
		}
	}
}

// TestFindTransfers checks the quick-find's exact look-up: the newest 50 of an address on 60
// transfers with the exact count and the filter that lists all 60, what the value is in the
// hits, one transfer by its id or hash in any case, no match, and refused input.
func TestFindTransfers(t *testing.T) {
	a, _ := mustTransferApp(t, -1)
	const shared = "0xAbC0000000000000000000000000000000000De5"
	var ts []mesh.Transfer
	for i := range 63 {
		tr := mesh.Transfer{ID: fmt.Sprintf("t-%03d", i), ClientTransactionID: fmt.Sprintf("order-%03d", i), Status: mesh.StatusSucceeded,
			Amount: 1, Symbol: "USDC", NetworkName: "Ethereum", CreatedTimestamp: 1_700_000_000 + int64(i)*60,
			Hash: fmt.Sprintf("0x%064x", i+1), DestinationAddress: fmt.Sprintf("0x%040x", 1000+i), RefundAddress: fmt.Sprintf("0x%040x", 5000+i)}
		switch {
		case i < 57: // 57 transfers to the shared address
			tr.DestinationAddress = shared
		case i < 60: // 3 refunds to it, one of them also sent to it
			tr.RefundAddress = strings.ToLower(shared)
			if i == 59 {
				tr.DestinationAddress = shared
			}
		}
		ts = append(ts, tr)
	}
	mustStoreTransfers(t, a, ts...)

	if part, err := a.FindTransfers(shared[2:]); err != nil || part.Total != 0 { // exact, not a substring
		t.Errorf("FindTransfers(without 0x) = %+v, %v; want no match", part, err)
	}
	got, err := a.FindTransfers("  0x" + strings.ToUpper(shared[2:]) + "\t")
	if err != nil {
		t.Fatal(err)
	}
	want := "0x" + strings.ToUpper(shared[2:])
	if got.Value != want || got.Total != 60 || len(got.Hits) != store.LookupLimit || got.Kind != "address" || got.Filter.Match != want {
		t.Fatalf("address look-up: value %q total %d, %d hits, kind %q, filter %+v", got.Value, got.Total, len(got.Hits), got.Kind, got.Filter)
	}
	for i, h := range got.Hits { // newest first: t-062 (not a match) is skipped, t-059 leads
		wantID := fmt.Sprintf("t-%03d", 59-i)
		if h.Row.ID != wantID {
			t.Fatalf("hit %d is %s, want %s", i, h.Row.ID, wantID)
		}
		wantFields := []string{"destinationAddress"}
		switch {
		case i == 0:
			wantFields = []string{"destinationAddress", "refundAddress"}
		case i < 3:
			wantFields = []string{"refundAddress"}
		}
		if !slices.Equal(h.Fields, wantFields) {
			t.Errorf("hit %s matched by %q, want %q", h.Row.ID, h.Fields, wantFields)
		}
	}
	all, err := a.QueryTransfers(got.Filter, TransferWindowRequest{Limit: 100})
	if err != nil || all.Total != 60 || len(all.Rows) != 60 {
		t.Fatalf("the look-up's filter lists %v, %v; want all 60", all, err)
	}

	for _, c := range []struct{ value, id, kind string }{
		{"t-007", "t-007", "id"},
		{"ORDER-008", "t-008", "client transaction id"},
		{strings.ToUpper(ts[9].Hash), "t-009", "hash"},
		{ts[62].DestinationAddress, "t-062", "destination address"},
		{ts[61].RefundAddress, "t-061", "refund address"},
	} {
		got, err := a.FindTransfers(c.value)
		if err != nil || got.Total != 1 || len(got.Hits) != 1 || got.Hits[0].Row.ID != c.id || got.Kind != c.kind {
			t.Errorf("FindTransfers(%q) = %+v, %v; want %s by its %s", c.value, got, err, c.id, c.kind)
		}
	}
	none, err := a.FindTransfers("0xdeadbeef")
	if err != nil || none.Total != 0 || none.Hits == nil || len(none.Hits) != 0 || none.Kind != "" {
		t.Errorf("FindTransfers(unknown) = %+v, %v; want no hits, an empty list", none, err)
	}
	for _, bad := range []string{"", "   ", strings.Repeat("a", maxArg+1), "0xabc\n0xdef"} {
		if got, err := a.FindTransfers(bad); err == nil || got != nil {
			t.Errorf("FindTransfers(%q) = %+v, %v; want refused", bad, got, err)
		}
	}
}

func TestLookupKind(t *testing.T) {
	for _, c := range []struct {
		hits [][]string
		want string
	}{
		{nil, ""},
		{[][]string{{"hash"}}, "hash"},
		{[][]string{{"refundAddress"}, {"refundAddress"}}, "refund address"},
		{[][]string{{"destinationAddress"}, {"refundAddress"}}, "address"},
		{[][]string{{"destinationAddress", "refundAddress"}}, "address"},
		{[][]string{{"id"}, {"hash"}}, "value"},
		{[][]string{{"id", "clientTransactionId"}}, "value"},
		{[][]string{{"destinationAddress"}, {"clientTransactionId"}}, "value"},
	} {
		kinds := map[string]bool{}
		for _, h := range c.hits {
			kinds[lookupKind(h)] = true
		}
		if got := overallKind(kinds); got != c.want {
			t.Errorf("kind of %q = %q, want %q", c.hits, got, c.want)
		}
	}
}
