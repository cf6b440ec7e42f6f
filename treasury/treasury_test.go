package treasury_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"image/png"
	"strings"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
	"meshdesk/treasury"
)

const (
	refundEVM = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	ethHash   = "0x7d4e0000000000000000000000000000000000000000000000000000000a3495"
)

// mustService is a treasury service on a fresh store (fixed clock, user "alice") with one
// profile holding transfers decoded from JSON as Mesh sends it (amounts with all their digits).
func mustService(t *testing.T) (*treasury.Service, *store.DB, *store.Profile) {
	t.Helper()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	db := storetest.MustOpenDB(t, store.WithNow(func() time.Time { now = now.Add(time.Second); return now }))
	p := storetest.MustCreateProfile(t, db, "Ops")
	var ts []mesh.Transfer
	for _, raw := range []string{
		`{"id":"eth-1","status":"failed","amount":0.004786046226555188,"amountToReceive":0.0047,"symbol":"ETH","networkName":"Ethereum","refundAddress":"` + refundEVM + `","createdTimestamp":1764000000}`,
		`{"id":"usdc-1","status":"succeeded","amount":250.5,"symbol":"USDC","networkName":"Polygon","tokenAddress":"0x3c499c542cef5e3811e1192ce70d8cc03d5c3359","refundAddress":"` + refundEVM + `","createdTimestamp":1764000100}`,
		`{"id":"sol-1","status":"succeeded","amount":1e-7,"symbol":"SOL","networkName":"Solana","refundAddress":"mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN","createdTimestamp":1764000200}`,
		`{"id":"badsum","status":"failed","amount":1,"symbol":"ETH","networkName":"Ethereum","refundAddress":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD","createdTimestamp":1764000250}`,
		`{"id":"noaddr","status":"pending","amount":5,"symbol":"USDT","networkName":"Tron","createdTimestamp":1764000300}`,
	} {
		var tr mesh.Transfer
		if err := json.Unmarshal([]byte(raw), &tr); err != nil {
			t.Fatal(err)
		}
		ts = append(ts, tr)
	}
	if _, err := db.UpsertTransfers(context.Background(), p.ID, ts); err != nil {
		t.Fatal(err)
	}
	s := treasury.New(db)
	s.User = func() string { return "alice" }
	return s, db, p
}

func TestRefundRequestDefaultsToTheAmountReceived(t *testing.T) {
	s, _, p := mustService(t)
	ctx := context.Background()
	for _, tc := range []struct {
		id, amount                  string
		std, uri, received, wantAmt string
		edited                      bool
	}{
		{"eth-1", "", "EIP-681", "ethereum:" + refundEVM + "@1?value=4786046226555188", "0.004786046226555188", "0.004786046226555188", false},
		{"eth-1", "0.001", "EIP-681", "ethereum:" + refundEVM + "@1?value=1000000000000000", "0.004786046226555188", "0.001", true},
		{"usdc-1", "", "EIP-681", "ethereum:0x3c499c542cef5e3811e1192ce70d8cc03d5c3359@137/transfer?address=" + refundEVM + "&uint256=250500000", "250.5", "250.5", false},
		{"sol-1", "", "Solana Pay", "solana:mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN?amount=0.0000001", "1e-7", "0.0000001", false},
	} {
		v, err := s.Refund(ctx, p.ID, tc.id, tc.amount)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if v.Standard != tc.std || v.URI != tc.uri || v.Received != tc.received || v.Amount != tc.wantAmt || v.Edited != tc.edited || v.State != "none" {
			t.Errorf("%s %q: %+v", tc.id, tc.amount, v)
		}
		if tc.id == "eth-1" && v.ReceivedNet != "0.0047" {
			t.Errorf("receivedNet %q", v.ReceivedNet)
		}
		b64, ok := strings.CutPrefix(v.QR, "data:image/png;base64,")
		raw, err := base64.StdEncoding.DecodeString(b64)
		if !ok || err != nil {
			t.Fatalf("QR %.30s: %v", v.QR, err)
		}
		if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
			t.Fatalf("QR is not a PNG: %v", err)
		}
		if strings.Join(v.Next, ",") != "needed,not_needed" {
			t.Errorf("next states %v", v.Next)
		}
	}
	v, err := s.Refund(ctx, p.ID, "badsum", "")
	if err != nil || v.Standard != "EIP-681" || v.QR == "" || !strings.Contains(v.Warning, "fails the Ethereum address check") || !strings.Contains(v.Warning, "checksum") {
		t.Fatalf("a mistyped refund address is not flagged: %+v, %v", v, err)
	}
	if good, _ := s.Refund(ctx, p.ID, "eth-1", ""); good.Warning != "" {
		t.Fatalf("a valid address is flagged: %s", good.Warning)
	}
	v, err = s.Refund(ctx, p.ID, "noaddr", "")
	if err != nil || v.Standard != "" || v.QR != "" || !strings.Contains(v.Reason, "no refund address") || v.Amount != "5" {
		t.Fatalf("no refund address: %+v, %v", v, err)
	}
}

func TestRefundRequestRefusesBadArguments(t *testing.T) {
	s, _, p := mustService(t)
	ctx := context.Background()
	for _, tc := range []struct {
		id, amount, field string
	}{
		{"", "", "transferId"},
		{"eth-1", "-1", "amount"},
		{"eth-1", "abc", "amount"},
		{"eth-1", "0", "amount"},
		{"usdc-1", "0.0000001", "amount"}, // USDC has 6 decimals
	} {
		_, err := s.Refund(ctx, p.ID, tc.id, tc.amount)
		var fe *treasury.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("Refund(%q, %q) = %v, want a %s error", tc.id, tc.amount, err, tc.field)
		}
	}
	if _, err := s.Refund(ctx, p.ID, "missing", ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing transfer: %v", err)
	}
}

func TestSetRefundStateChecksTheNetworksHashFormat(t *testing.T) {
	s, db, p := mustService(t)
	ctx := context.Background()
	for _, tc := range []struct {
		id, state, hash, field string
	}{
		{"eth-1", "sent", ethHash, "state"},                // needed first
		{"eth-1", "maybe", "", "state"},                    // unknown state
		{"eth-1", "needed", ethHash, "hash"},               // a hash only with sent
		{"sol-1", "needed", "", ""},                        //
		{"sol-1", "sent", ethHash, "hash"},                 // an EVM hash on Solana
		{"sol-1", "sent", "", "hash"},                      // no hash
		{"eth-1", "Not-Needed", "", ""},                    // as people type it
		{"eth-1", "needed", "", ""},                        // reconsidered
		{"eth-1", "sent", strings.Repeat("a", 64), "hash"}, // EVM needs 0x
		{"eth-1", "sent", ethHash, ""},
		{"eth-1", "done", "", ""},
	} {
		_, err := s.SetRefundState(ctx, p.ID, tc.id, tc.state, tc.hash, "")
		var fe *treasury.FieldError
		switch {
		case tc.field == "" && err != nil:
			t.Fatalf("%s → %s: %v", tc.id, tc.state, err)
		case tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field):
			t.Fatalf("%s → %s %q: err %v, want a %s error", tc.id, tc.state, tc.hash, err, tc.field)
		}
	}
	v, err := s.Refund(ctx, p.ID, "eth-1", "")
	if err != nil || v.State != "done" || v.Hash != ethHash || len(v.History) != 4 || v.History[2].Hash != ethHash || v.History[0].Actor != "alice" || len(v.Next) != 0 {
		t.Fatalf("view: %+v, %v", v, err)
	}
	rows, err := db.AuditTrail(ctx, store.AuditFilter{Actions: []string{store.AuditRefundState}})
	if err != nil || len(rows) != 5 { // 4 on eth-1, 1 on sol-1: refusals leave none
		t.Fatalf("%d refund audit rows: %v", len(rows), err)
	}
	q, err := s.RefundQueue(ctx, p.ID, []string{"needed"})
	if err != nil || len(q) != 1 || q[0].TransferID != "sol-1" || q[0].Asset != "SOL" || q[0].Received != "1e-7" {
		t.Fatalf("queue: %+v, %v", q, err)
	}
	if _, err := s.RefundQueue(ctx, p.ID, []string{"later"}); !treasury.IsFieldError(err) {
		t.Fatalf("bad queue state: %v", err)
	}
}

func TestNotesTagsAndLabelsThroughTheService(t *testing.T) {
	s, db, p := mustService(t)
	ctx := context.Background()
	notes, err := s.AddNote(ctx, p.ID, "eth-1", "customer emailed")
	if err != nil || len(notes) != 1 || notes[0].Actor != "alice" || notes[0].At == "" {
		t.Fatalf("notes: %+v, %v", notes, err)
	}
	if _, err := s.AddNote(ctx, p.ID, "eth-1", "   "); !treasury.IsFieldError(err) {
		t.Fatalf("empty note: %v", err)
	}
	if tags, err := s.AddTags(ctx, p.ID, "eth-1", []string{"Refund", "q4"}); err != nil || strings.Join(tags, ",") != "q4,refund" {
		t.Fatalf("add tags: %v, %v", tags, err)
	}
	if tags, err := s.AddTags(ctx, p.ID, "eth-1", []string{"vip"}); err != nil || strings.Join(tags, ",") != "q4,refund,vip" {
		t.Fatalf("add more tags: %v, %v", tags, err)
	}
	if tags, err := s.RemoveTags(ctx, p.ID, "eth-1", []string{"Q4"}); err != nil || strings.Join(tags, ",") != "refund,vip" {
		t.Fatalf("remove tags: %v, %v", tags, err)
	}
	if _, err := s.SetTags(ctx, p.ID, "eth-1", []string{"no/slash"}); !treasury.IsFieldError(err) {
		t.Fatalf("bad tag: %v", err)
	}
	for _, bad := range []struct{ addr, network, label, field string }{
		{"0x1234", "Ethereum", "Bad", "address"},
		{"", "", "No address", "address"},
		{refundEVM, "", strings.Repeat("L", store.MaxLabelLen+1), "label"},
		{refundEVM, "", "two\nlines", "label"},
		{refundEVM, "", "  ", "label"},
		{refundEVM, strings.Repeat("n", 101), "Net", "network"},
		{"has space", "", "Spaces", "address"},
	} {
		_, err := s.SetAddressLabel(ctx, p.ID, bad.addr, bad.network, bad.label)
		var fe *treasury.FieldError
		if !errors.As(err, &fe) || fe.Field != bad.field {
			t.Errorf("SetAddressLabel(%q, %.10q, %.10q) = %v, want a %s error", bad.addr, bad.network, bad.label, err, bad.field)
		}
	}
	if _, err := s.SetAddressLabel(ctx, p.ID, refundEVM, "", "Customer A refunds"); err != nil {
		t.Fatal(err)
	}
	v, err := s.Refund(ctx, p.ID, "usdc-1", "")
	if err != nil || v.AddressLabel != "Customer A refunds" {
		t.Fatalf("label in the refund view: %+v, %v", v, err)
	}
	labels, err := s.Labels(ctx, p.ID, []treasury.AddressRef{{Address: strings.ToLower(refundEVM), Network: "Base"}, {Address: "other"}})
	if err != nil || labels[0] != "Customer A refunds" || labels[1] != "" {
		t.Fatalf("labels: %v, %v", labels, err)
	}
	if err := s.RemoveAddressLabel(ctx, p.ID, refundEVM, "Base"); !treasury.IsFieldError(err) || !strings.Contains(err.Error(), "has no label on Base") {
		t.Fatalf("remove a label that is not there: %v", err)
	}
	if err := s.RemoveAddressLabel(ctx, p.ID, refundEVM, ""); err != nil {
		t.Fatal(err)
	}
	rows, err := db.AuditTrail(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range rows {
		count[r.Action]++
		if r.Actor != "alice" || r.ProfileName != "Ops" {
			t.Errorf("row %+v", r)
		}
	}
	want := map[string]int{store.AuditNoteAdd: 1, store.AuditTagsSet: 3, store.AuditLabelSet: 1, store.AuditLabelRemove: 1}
	for a, n := range want {
		if count[a] != n {
			t.Errorf("%s: %d rows, want %d (all: %v)", a, count[a], n, count)
		}
	}
}

func TestAuditQueryAndExport(t *testing.T) {
	s, _, p := mustService(t)
	ctx := context.Background()
	if err := s.Record(ctx, p.ID, "", store.AuditConnect, "coinbase", "1 account"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, p.ID, "eth-1", "=cmd|' /C calc'!A0"); err != nil {
		t.Fatal(err)
	}
	es, err := s.AuditTrail(ctx, treasury.AuditQuery{Since: "1h", Profile: "ops"})
	if err != nil || len(es) != 2 || es[0].Action != store.AuditNoteAdd || es[1].ProfileName != "Ops" {
		t.Fatalf("trail: %+v, %v", es, err)
	}
	for _, q := range []treasury.AuditQuery{{Since: "yesterday"}, {Since: "-5h"}, {Actions: []string{"hack"}}, {Limit: -1}} {
		if _, err := s.AuditTrail(ctx, q); !treasury.IsFieldError(err) {
			t.Errorf("query %+v: %v", q, err)
		}
	}
	var buf bytes.Buffer
	n, err := s.ExportAudit(ctx, treasury.AuditQuery{}, "csv", &buf, "stdout")
	if err != nil || n != 2 {
		t.Fatalf("export: %d, %v", n, err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 3 || !strings.HasPrefix(recs[2][7], "'=") {
		t.Fatalf("csv: %v, %v", recs, err)
	}
	es, _ = s.AuditTrail(ctx, treasury.AuditQuery{Actions: []string{store.AuditExportAudit}})
	if len(es) != 1 || es[0].Target != "stdout" || es[0].Details != "2 rows, csv" {
		t.Fatalf("the export is not in the trail: %+v", es)
	}
	if _, err := s.ExportAudit(ctx, treasury.AuditQuery{}, "pdf", &buf, "x"); !treasury.IsFieldError(err) {
		t.Fatalf("pdf: %v", err)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{"24h", now.Add(-24 * time.Hour), true},
		{"90m", now.Add(-90 * time.Minute), true},
		{"7d", now.Add(-7 * 24 * time.Hour), true},
		{"2w", now.Add(-14 * 24 * time.Hour), true},
		{"2026-11-01T00:00:00Z", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{"d", time.Time{}, false},
		{"-1h", time.Time{}, false},
		{"soon", time.Time{}, false},
	} {
		got, err := treasury.ParseSince(tc.in, now)
		if (err == nil) != tc.ok || (tc.ok && !got.Equal(tc.want)) {
			t.Errorf("ParseSince(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestOSUserIsNeverEmpty(t *testing.T) {
	if strings.TrimSpace(treasury.OSUser()) == "" {
		t.Fatal("empty OS user")
	}
}
