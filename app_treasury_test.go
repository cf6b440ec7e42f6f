package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"meshdesk/meshsim"
	"meshdesk/store"
	"meshdesk/treasury"
)

// mustAuditRows is the whole audit trail, newest first.
func mustAuditRows(t *testing.T, a *App) []treasury.AuditEntry {
	t.Helper()
	rows, err := a.AuditTrail(treasury.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestEveryAppActionLeavesOneAuditRow connects an account, starts a journey, exports the
// transfers and disconnects, checking after each that exactly one row with the right action
// was added, and that refused actions add none.
func TestEveryAppActionLeavesOneAuditRow(t *testing.T) {
	a, _, dir := mustDeskApp(t)
	sim := mustSim(t, a)
	conn, err := sim.ConnectAccount(meshsim.DefaultClientID, "md-user-audit", meshsim.IntSandbox)
	if err != nil {
		t.Fatal(err)
	}
	payload := LinkPayload{AccessToken: &LinkAccessTokenPayload{BrokerType: "sandbox", BrokerName: "Sandbox Exchange",
		AccountTokens: []LinkAccountToken{{Account: LinkAccount{AccountID: conn.Account.AccountID, AccountName: conn.Account.AccountName,
			MeshAccountID: conn.Account.ID}, AccessToken: conn.Account.AccessToken, TokenID: conn.Account.TokenID}}}}
	var connID string
	steps := []struct {
		name   string
		run    func() error
		action string // "" = refused or nothing done: no row
		target string
	}{
		{"connect", func() error {
			saved, err := a.SaveConnection(ConnectionInput{UserID: "md-user-audit", Payload: payload})
			if err == nil {
				connID = saved[0].ID
			}
			return err
		}, store.AuditConnect, "Sandbox Exchange"},
		{"connect with a bad payload", func() error {
			_, err := a.SaveConnection(ConnectionInput{UserID: "md-user-audit", Payload: LinkPayload{}})
			if err == nil {
				t.Error("a bad payload was accepted")
			}
			return nil
		}, "", ""},
		{"journey with field errors", func() error {
			ls, err := a.CreateLinkToken(LinkOptions{Journey: JourneyPayment, TransactionID: "inv-bad",
				Destinations: []Destination{{NetworkID: netEthereum, Symbol: "USDC", Address: evmBadSum, Amount: ptr(5.0)}}})
			if err == nil && ls.LinkToken != "" {
				t.Error("a bad form got a token")
			}
			return err
		}, "", ""},
		{"journey", func() error {
			_, err := a.CreateLinkToken(LinkOptions{Journey: JourneyDeposit, Destinations: []Destination{{NetworkID: netEthereum, Symbol: "USDC", Address: evmAddr}}})
			return err
		}, store.AuditJourneyStart, JourneyDeposit},
		{"export", func() error {
			_, err := a.ExportTransfersTo(filepath.Join(dir, "out.csv"), store.TransferFilter{}, "created", true, "csv")
			return err
		}, store.AuditExportTransfers, filepath.Join(dir, "out.csv")},
		{"export to a relative path", func() error {
			if _, err := a.ExportTransfersTo("out.csv", store.TransferFilter{}, "created", true, "csv"); err == nil {
				t.Error("a relative path was accepted")
			}
			return nil
		}, "", ""},
		{"disconnect", func() error { _, err := a.Disconnect(connID); return err }, store.AuditDisconnect, ""},
		{"disconnect again", func() error {
			if _, err := a.Disconnect(connID); err == nil {
				t.Error("disconnected twice")
			}
			return nil
		}, "", ""},
	}
	seen := len(mustAuditRows(t, a))
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		rows := mustAuditRows(t, a)
		want := seen
		if s.action != "" {
			want++
		}
		if len(rows) != want {
			t.Fatalf("%s: %d audit rows, want %d: %+v", s.name, len(rows), want, rows)
		}
		if s.action != "" {
			r := rows[0]
			target := s.target
			if s.action == store.AuditDisconnect {
				target = connID
			}
			if r.Action != s.action || r.Target != target || r.ProfileName != "Demo" || r.Actor != treasury.OSUser() {
				t.Fatalf("%s: row %+v", s.name, r)
			}
			for _, secret := range []string{conn.Account.AccessToken, conn.Account.TokenID} {
				if strings.Contains(r.Details, secret) {
					t.Fatalf("%s: a token reached the audit trail", s.name)
				}
			}
		}
		seen = want
	}
}

// TestTreasuryBoundMethods drives the refund, note, tag, label and audit methods the way the
// frontend does, with their per-field errors.
func TestTreasuryBoundMethods(t *testing.T) {
	a, _ := mustTransferApp(t, -1)
	mustStoreTransfers(t, a, craftedTransfers()...)
	const usdcID, noRefundID = "11111111-1111-4111-8111-111111111111", "33333333-3333-4333-8333-333333333333"

	v, err := a.RefundRequest(usdcID, "")
	if err != nil {
		t.Fatal(err)
	}
	if v.Standard != "EIP-681" || v.Amount != "250.5" || v.BaseUnits != "250500000" || !strings.HasPrefix(v.QR, "data:image/png;base64,") ||
		v.URI != "ethereum:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48@1/transfer?address="+walletAddr+"&uint256=250500000" {
		t.Fatalf("refund: %+v", v)
	}
	for _, bad := range []struct{ id, amount, want string }{
		{"", "", "transferId: "},
		{usdcID, "1.0000001", "amount: "},
		{usdcID, "12\n", "amount: must be one line"},
		{strings.Repeat("x", 201), "", "transferId: at most"},
	} {
		if _, err := a.RefundRequest(bad.id, bad.amount); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("RefundRequest(%.20q, %q) = %v, want %q", bad.id, bad.amount, err, bad.want)
		}
	}
	if v, err := a.RefundRequest(noRefundID, ""); err != nil || v.QR != "" || v.Standard != "" {
		t.Fatalf("no refund address: %+v, %v", v, err)
	}
	if _, err := a.SetRefundState(usdcID, "needed", "", "asked by phone"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetRefundState(usdcID, "sent", "0x123", ""); err == nil || !strings.HasPrefix(err.Error(), "hash: ") {
		t.Fatalf("bad hash: %v", err)
	}
	v, err = a.SetRefundState(usdcID, "sent", walletHash, "")
	if err != nil || v.State != "sent" || v.Hash != walletHash || len(v.History) != 2 {
		t.Fatalf("sent: %+v, %v", v, err)
	}
	q, err := a.RefundQueue([]string{"sent"})
	if err != nil || len(q) != 1 || q[0].TransferID != usdcID {
		t.Fatalf("queue: %+v, %v", q, err)
	}
	if notes, err := a.AddNote(usdcID, "refund on its way"); err != nil || len(notes) != 1 {
		t.Fatalf("note: %+v, %v", notes, err)
	}
	if tags, err := a.SetTags(usdcID, []string{"Refund", "VIP"}); err != nil || strings.Join(tags, ",") != "refund,vip" {
		t.Fatalf("tags: %v, %v", tags, err)
	}
	if tags, err := a.TransferTags(usdcID); err != nil || len(tags) != 2 {
		t.Fatalf("transfer tags: %v, %v", tags, err)
	}
	// The Transfers table filters by tag and its search sees notes.
	for _, f := range []store.TransferFilter{{Tags: []string{"VIP"}}, {Search: "on its way"}} {
		w, err := a.QueryTransfers(f, TransferWindowRequest{Limit: 10})
		if err != nil || w.Total != 1 || w.Rows[0].ID != usdcID {
			t.Fatalf("QueryTransfers(%+v): %+v, %v", f, w, err)
		}
	}
	if all, err := a.AllTags(); err != nil || len(all) != 2 {
		t.Fatalf("all tags: %v, %v", all, err)
	}
	if _, err := a.SetAddressLabel(walletAddr, "Ethereum", "Customer wallet"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetAddressLabel("not-an-address", "Ethereum", "x"); err == nil || !strings.HasPrefix(err.Error(), "address: ") {
		t.Fatalf("bad address: %v", err)
	}
	labels, err := a.AddressLabels([]treasury.AddressRef{{Address: strings.ToLower(walletAddr), Network: "Ethereum"}, {Address: exchangeAddr, Network: "Base"}})
	if err != nil || labels[0] != "Customer wallet" || labels[1] != "" {
		t.Fatalf("labels: %v, %v", labels, err)
	}
	if v, _ := a.RefundRequest(usdcID, ""); v.AddressLabel != "Customer wallet" {
		t.Fatalf("label not in the refund view: %+v", v)
	}
	if book, err := a.AddressBook(); err != nil || len(book) != 1 {
		t.Fatalf("book: %+v, %v", book, err)
	}
	if err := a.RemoveAddressLabel(walletAddr, "Ethereum"); err != nil {
		t.Fatal(err)
	}
	rows, err := a.AuditTrail(treasury.AuditQuery{Target: usdcID})
	if err != nil || len(rows) != 4 { // two refund states, a note, the tags
		t.Fatalf("audit rows about the transfer: %+v, %v", rows, err)
	}
	for _, q := range []treasury.AuditQuery{{Since: "yesterday"}, {Since: strings.Repeat("1", 300)}, {Target: "a\nb"}, {Actions: []string{"nope"}}} {
		if _, err := a.AuditTrail(q); err == nil || !regexp.MustCompile(`^(since|target|action): `).MatchString(err.Error()) {
			t.Errorf("AuditTrail(%+v) = %v, want a per-field error", q, err)
		}
	}
	if len(a.AuditActions()) != len(store.AuditActions) {
		t.Fatal("AuditActions")
	}
	path := filepath.Join(t.TempDir(), "audit.csv")
	res, err := a.ExportAuditTo(path, treasury.AuditQuery{}, "csv")
	if err != nil || res.Count != 6 {
		t.Fatalf("export: %+v, %v", res, err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 7 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	if _, err := a.ExportAuditTo("rel.csv", treasury.AuditQuery{}, "csv"); err == nil {
		t.Fatal("relative path accepted")
	}
	if rows, _ := a.AuditTrail(treasury.AuditQuery{Actions: []string{store.AuditExportAudit}}); len(rows) != 1 || rows[0].Target != path {
		t.Fatalf("the audit export is not in the trail: %+v", rows)
	}
}

// TestEveryDemoTransferHasARefundPanel syncs the Demo emulator's history and opens the refund
// panel of every transfer: none may fail, each with a refund address gets a QR code.
func TestEveryDemoTransferHasARefundPanel(t *testing.T) {
	a, _ := mustTransferApp(t, 60)
	mustSynced(t, a)
	w, err := a.QueryTransfers(store.TransferFilter{}, TransferWindowRequest{Limit: 1000})
	if err != nil || len(w.Rows) == 0 {
		t.Fatalf("query: %v (%d rows)", err, len(w.Rows))
	}
	standards := map[string]int{}
	for _, r := range w.Rows {
		v, err := a.RefundRequest(r.ID, "")
		if err != nil {
			t.Fatalf("%s on %s (%s): %v", r.ID, r.NetworkName, r.Symbol, err)
		}
		if r.RefundAddress != "" && (v.QR == "" || v.URI == "") {
			t.Fatalf("%s: no QR code for refund address %s: %+v", r.ID, r.RefundAddress, v)
		}
		standards[v.Standard]++
	}
	t.Logf("standards over %d Demo transfers: %v", len(w.Rows), standards)
	if standards["EIP-681"] == 0 {
		t.Fatalf("no EIP-681 request among the Demo transfers: %v", standards)
	}
}

// TestTreasuryMethodsBeforeTheDeskOpens calls every treasury bound method on an app whose desk
// is not open yet: each gives the desk's error unchanged, and no value.
func TestTreasuryMethodsBeforeTheDeskOpens(t *testing.T) {
	a, _ := mustApp(t)
	_, want := a.service()
	if want == nil {
		t.Fatal("a new app has a desk")
	}
	for _, tc := range []struct {
		name string
		call func() (any, error)
	}{
		{"RefundRequest", func() (any, error) { return a.RefundRequest("t1", "") }},
		{"SetRefundState", func() (any, error) { return a.SetRefundState("t1", "needed", "", "") }},
		{"RefundQueue", func() (any, error) { return a.RefundQueue(nil) }},
		{"AddNote", func() (any, error) { return a.AddNote("t1", "x") }},
		{"Notes", func() (any, error) { return a.Notes("t1") }},
		{"SetTags", func() (any, error) { return a.SetTags("t1", nil) }},
		{"TransferTags", func() (any, error) { return a.TransferTags("t1") }},
		{"AllTags", func() (any, error) { return a.AllTags() }},
		{"AddressBook", func() (any, error) { return a.AddressBook() }},
		{"SetAddressLabel", func() (any, error) { return a.SetAddressLabel("0xabc", "", "x") }},
		{"RemoveAddressLabel", func() (any, error) { return nil, a.RemoveAddressLabel("0xabc", "") }},
		{"AddressLabels", func() (any, error) { return a.AddressLabels(nil) }},
		{"AuditTrail", func() (any, error) { return a.AuditTrail(treasury.AuditQuery{}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.call()
			if err == nil || err.Error() != want.Error() {
				t.Fatalf("error %v, want %v", err, want)
			}
			if v := reflect.ValueOf(got); got != nil && !v.IsNil() {
				t.Fatalf("a value with the error: %#v", got)
			}
		})
	}
}
