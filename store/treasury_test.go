package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// mustTreasuryDB opens a store with a clock that moves one second per call, a profile and
// two stored transfers (ids "t1", "t2").
func mustTreasuryDB(t *testing.T) (*store.DB, *store.Profile) {
	t.Helper()
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	db := storetest.MustOpenDB(t, store.WithNow(func() time.Time { clock = clock.Add(time.Second); return clock }))
	p := mustProfile(t, db, "Treasury")
	mustUpsert(t, db, p.ID, []mesh.Transfer{
		withRaw(mesh.Transfer{ID: "t1", Status: mesh.StatusFailed, Symbol: "ETH", NetworkName: "Ethereum", Amount: 0.5, CreatedTimestamp: 1_700_000_000}),
		withRaw(mesh.Transfer{ID: "t2", Status: mesh.StatusSucceeded, Symbol: "BTC", NetworkName: "Bitcoin", Amount: 0.1, CreatedTimestamp: 1_700_000_100}),
	})
	return db, p
}

// mustAudit returns the whole audit trail, newest first.
func mustAudit(t *testing.T, db *store.DB, f store.AuditFilter) []store.AuditEntry {
	t.Helper()
	es, err := db.AuditTrail(context.Background(), f)
	if err != nil {
		t.Fatalf("audit trail: %v", err)
	}
	return es
}

func TestRefundStateTransitions(t *testing.T) {
	const hash = "0x" + "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12"
	type step struct {
		to      store.RefundState
		hash    string
		wantErr string // substring; "" = must succeed
	}
	for _, tc := range []struct {
		name  string
		steps []step
		final store.RefundState
	}{
		{"needed sent done", []step{{store.RefundNeeded, "", ""}, {store.RefundSent, hash, ""}, {store.RefundDone, "", ""}}, store.RefundDone},
		{"not needed then reconsidered", []step{{store.RefundNotNeeded, "", ""}, {store.RefundNeeded, "", ""}}, store.RefundNeeded},
		{"bounced refund goes back to needed", []step{{store.RefundNeeded, "", ""}, {store.RefundSent, hash, ""}, {store.RefundNeeded, "", ""}}, store.RefundNeeded},
		{"sent before needed", []step{{store.RefundSent, hash, "cannot become sent"}}, store.RefundNone},
		{"done before sent", []step{{store.RefundNeeded, "", ""}, {store.RefundDone, "", "cannot become done (it can become sent or not needed)"}}, store.RefundNeeded},
		{"done is final", []step{{store.RefundNeeded, "", ""}, {store.RefundSent, hash, ""}, {store.RefundDone, "", ""}, {store.RefundNeeded, "", "final"}}, store.RefundDone},
		{"same state twice", []step{{store.RefundNeeded, "", ""}, {store.RefundNeeded, "", "cannot become needed"}}, store.RefundNeeded},
		{"sent without hash", []step{{store.RefundNeeded, "", ""}, {store.RefundSent, "", "needs the refund transaction's hash"}}, store.RefundNeeded},
		{"hash on another state", []step{{store.RefundNeeded, hash, "only recorded when the refund is sent"}}, store.RefundNone},
		{"unknown state", []step{{store.RefundState("maybe"), "", "not one of"}}, store.RefundNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, p := mustTreasuryDB(t)
			ctx := context.Background()
			ok := 0
			for i, s := range tc.steps {
				_, err := db.SetRefundState(ctx, p.ID, "t1", s.to, s.hash, "", "alice")
				if s.wantErr == "" {
					if err != nil {
						t.Fatalf("step %d → %s: %v", i, s.to, err)
					}
					ok++
					continue
				}
				if err == nil || !strings.Contains(err.Error(), s.wantErr) || !errors.Is(err, store.ErrInvalid) {
					t.Fatalf("step %d → %s: err %v, want ErrInvalid containing %q", i, s.to, err, s.wantErr)
				}
			}
			st, err := db.RefundStatus(ctx, p.ID, "t1")
			if err != nil {
				t.Fatal(err)
			}
			if st.State != tc.final || len(st.History) != ok {
				t.Fatalf("state %q with %d changes, want %q with %d", st.State, len(st.History), tc.final, ok)
			}
			if n := len(mustAudit(t, db, store.AuditFilter{Actions: []string{store.AuditRefundState}})); n != ok {
				t.Fatalf("%d audit rows for %d changes", n, ok)
			}
		})
	}
}

func TestRefundHistoryKeepsWhoWhenHashAndNote(t *testing.T) {
	db, p := mustTreasuryDB(t)
	ctx := context.Background()
	hash := "0x" + strings.Repeat("1f", 32)
	if _, err := db.SetRefundState(ctx, p.ID, "t1", store.RefundNeeded, "", "customer asked", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetRefundState(ctx, p.ID, "t1", store.RefundSent, hash, "", "bob"); err != nil {
		t.Fatal(err)
	}
	st, err := db.SetRefundState(ctx, p.ID, "t1", store.RefundDone, "", "confirmed", "carol")
	if err != nil {
		t.Fatal(err)
	}
	if st.Hash != hash || st.State != store.RefundDone {
		t.Fatalf("done refund: %+v", st)
	}
	want := []store.RefundChange{
		{Actor: "alice", From: store.RefundNone, To: store.RefundNeeded, Note: "customer asked"},
		{Actor: "bob", From: store.RefundNeeded, To: store.RefundSent, Hash: hash},
		{Actor: "carol", From: store.RefundSent, To: store.RefundDone, Note: "confirmed"},
	}
	for i, w := range want {
		g := st.History[i]
		if g.Actor != w.Actor || g.From != w.From || g.To != w.To || g.Hash != w.Hash || g.Note != w.Note || g.At.IsZero() {
			t.Errorf("change %d = %+v, want %+v", i, g, w)
		}
		if i > 0 && !g.At.After(st.History[i-1].At) {
			t.Errorf("change %d not after the one before", i)
		}
	}
	q, err := db.RefundQueue(ctx, p.ID, []store.RefundState{store.RefundDone}, 0)
	if err != nil || len(q) != 1 || q[0].TransferID != "t1" {
		t.Fatalf("queue: %+v, %v", q, err)
	}
	// The queue and the status read the same refund row alike.
	if it := q[0]; it.State != st.State || it.Hash != st.Hash || it.UpdatedAt.IsZero() || !it.UpdatedAt.Equal(st.UpdatedAt) {
		t.Fatalf("queue item %+v, status %+v", it, st)
	}
	if none, err := db.RefundStatus(ctx, p.ID, "t-none"); err != nil || none.State != store.RefundNone || none.Hash != "" || !none.UpdatedAt.IsZero() || len(none.History) != 0 {
		t.Fatalf("status of a transfer without a refund: %+v, %v", none, err)
	}
	if q, _ := db.RefundQueue(ctx, p.ID, []store.RefundState{store.RefundNeeded}, 0); len(q) != 0 {
		t.Fatalf("needed queue: %+v", q)
	}
	if _, err := db.RefundQueue(ctx, p.ID, []store.RefundState{"nope"}, 0); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("bad queue state: %v", err)
	}
}

func TestTreasuryWritesRefuseBadInput(t *testing.T) {
	db, p := mustTreasuryDB(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		run  func() error
		want error
	}{
		{"refund unknown transfer", func() error {
			_, err := db.SetRefundState(ctx, p.ID, "nope", store.RefundNeeded, "", "", "a")
			return err
		}, store.ErrNotFound},
		{"refund unknown profile", func() error {
			_, err := db.SetRefundState(ctx, "no-profile", "t1", store.RefundNeeded, "", "", "a")
			return err
		}, store.ErrNotFound},
		{"refund no actor", func() error {
			_, err := db.SetRefundState(ctx, p.ID, "t1", store.RefundNeeded, "", "", " ")
			return err
		}, store.ErrInvalid},
		{"refund note too long", func() error {
			_, err := db.SetRefundState(ctx, p.ID, "t1", store.RefundNeeded, "", strings.Repeat("x", store.MaxNoteLen+1), "a")
			return err
		}, store.ErrInvalid},
		{"note empty", func() error { _, err := db.AddNote(ctx, p.ID, "t1", "  ", "a"); return err }, store.ErrInvalid},
		{"note unknown transfer", func() error { _, err := db.AddNote(ctx, p.ID, "t9", "hi", "a"); return err }, store.ErrNotFound},
		{"note bad utf8", func() error { _, err := db.AddNote(ctx, p.ID, "t1", "a\xffb", "a"); return err }, store.ErrInvalid},
		{"tag bad characters", func() error { _, err := db.SetTags(ctx, p.ID, "t1", []string{"a/b"}, "a"); return err }, store.ErrInvalid},
		{"tag too long", func() error {
			_, err := db.SetTags(ctx, p.ID, "t1", []string{strings.Repeat("a", store.MaxTagLen+1)}, "a")
			return err
		}, store.ErrInvalid},
		{"too many tags", func() error {
			var many []string
			for i := range store.MaxTags + 1 {
				many = append(many, strings.Repeat("t", i+1))
			}
			_, err := db.SetTags(ctx, p.ID, "t1", many, "a")
			return err
		}, store.ErrInvalid},
		{"tags unknown transfer", func() error { _, err := db.SetTags(ctx, p.ID, "t9", []string{"x"}, "a"); return err }, store.ErrNotFound},
		{"label empty address", func() error { _, err := db.SetAddressLabel(ctx, p.ID, " ", "", "Cold", "a"); return err }, store.ErrInvalid},
		{"label with space in address", func() error { _, err := db.SetAddressLabel(ctx, p.ID, "ab cd", "", "Cold", "a"); return err }, store.ErrInvalid},
		{"label empty", func() error { _, err := db.SetAddressLabel(ctx, p.ID, "0xabc", "", "", "a"); return err }, store.ErrInvalid},
		{"label two lines", func() error { _, err := db.SetAddressLabel(ctx, p.ID, "0xabc", "", "a\nb", "a"); return err }, store.ErrInvalid},
		{"remove missing label", func() error { return db.RemoveAddressLabel(ctx, p.ID, "0xabc", "", "a") }, store.ErrNotFound},
		{"audit without action", func() error { return db.RecordAudit(ctx, store.AuditEntry{Actor: "a"}) }, store.ErrInvalid},
		{"audit without actor", func() error { return db.RecordAudit(ctx, store.AuditEntry{Action: store.AuditConnect}) }, store.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.run(); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if es := mustAudit(t, db, store.AuditFilter{}); len(es) != 0 {
		t.Fatalf("refused writes left %d audit rows: %+v", len(es), es)
	}
}

func TestNotesAndTags(t *testing.T) {
	db, p := mustTreasuryDB(t)
	ctx := context.Background()
	for _, text := range []string{"called the customer", "  refund agreed  "} {
		if _, err := db.AddNote(ctx, p.ID, "t1", text, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	notes, err := db.Notes(ctx, p.ID, "t1")
	if err != nil || len(notes) != 2 || notes[1].Text != "refund agreed" || notes[0].Actor != "alice" {
		t.Fatalf("notes: %+v, %v", notes, err)
	}
	got, err := db.SetTags(ctx, p.ID, "t1", []string{"#Chargeback", "VIP customer", "vip-customer"}, "alice")
	if err != nil || strings.Join(got, ",") != "chargeback,vip-customer" {
		t.Fatalf("tags: %v, %v", got, err)
	}
	if _, err := db.SetTags(ctx, p.ID, "t1", []string{"chargeback", "vip-customer"}, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetTags(ctx, p.ID, "t1", []string{"chargeback", "q1"}, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetTags(ctx, p.ID, "t2", []string{"q1"}, "bob"); err != nil {
		t.Fatal(err)
	}
	tags, err := db.Tags(ctx, p.ID, "t1")
	if err != nil || strings.Join(tags, ",") != "chargeback,q1" {
		t.Fatalf("tags now: %v, %v", tags, err)
	}
	all, err := db.AllTags(ctx, p.ID)
	if err != nil || len(all) != 2 || all[1] != (store.TagCount{Tag: "q1", Count: 2}) {
		t.Fatalf("all tags: %+v, %v", all, err)
	}
	tagRows := mustAudit(t, db, store.AuditFilter{Actions: []string{store.AuditTagsSet}})
	if len(tagRows) != 3 { // the unchanged set records nothing
		t.Fatalf("%d tag audit rows, want 3: %+v", len(tagRows), tagRows)
	}
	if d := tagRows[1].Details; d != "added q1; removed vip-customer" {
		t.Errorf("tag details %q", d)
	}
	if n := len(mustAudit(t, db, store.AuditFilter{Actions: []string{store.AuditNoteAdd}, Target: "t1"})); n != 2 {
		t.Errorf("%d note audit rows, want 2", n)
	}
}

func TestNormalizeTag(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Chargeback", "chargeback"}, {"#q1", "q1"}, {"  needs  review ", "needs-review"}, {"ops:urgent", "ops:urgent"},
		{"Zahlung.Rückläufer", "zahlung.rückläufer"}, {"", ""}, {"#", ""}, {"a,b", ""}, {"<script>", ""},
	} {
		got, err := store.NormalizeTag(tc.in)
		if (err != nil) != (tc.want == "") || got != tc.want {
			t.Errorf("NormalizeTag(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestAddressBook(t *testing.T) {
	db, p := mustTreasuryDB(t)
	ctx := context.Background()
	evm := "0xAbCdEf0123456789abcdef0123456789ABCDEF01"
	if _, err := db.SetAddressLabel(ctx, p.ID, evm, "", "Treasury hot wallet", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetAddressLabel(ctx, p.ID, strings.ToLower(evm), "Polygon", "Polygon float", "alice"); err != nil {
		t.Fatal(err)
	}
	l, err := db.SetAddressLabel(ctx, p.ID, strings.ToLower(evm), "", "Hot wallet", "bob")
	if err != nil || l.Label != "Hot wallet" || l.Actor != "bob" {
		t.Fatalf("relabel: %+v, %v", l, err)
	}
	if _, err := db.SetAddressLabel(ctx, p.ID, "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "Bitcoin", "Cold storage", "bob"); err != nil {
		t.Fatal(err)
	}
	book, err := db.AddressBook(ctx, p.ID)
	if err != nil || book.Len() != 3 {
		t.Fatalf("book: %v, %v", book, err)
	}
	for _, tc := range []struct{ addr, net, want string }{
		{strings.ToUpper(evm[:2]) + evm[2:], "Ethereum", "Hot wallet"},
		{evm, "polygon", "Polygon float"},
		{evm, "", "Hot wallet"},
		{"bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "Bitcoin", "Cold storage"},
		{"bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "Litecoin", ""},
		{"BC1QXY2KGDYGJRSQTZQ2N0YRF2493P83KKFJHX0WLH", "Bitcoin", ""}, // non-EVM addresses compare exactly
	} {
		if got := book.Label(tc.addr, tc.net); got != tc.want {
			t.Errorf("Label(%s, %s) = %q, want %q", tc.addr, tc.net, got, tc.want)
		}
	}
	if err := db.RemoveAddressLabel(ctx, p.ID, evm, "POLYGON", "bob"); err != nil {
		t.Fatal(err)
	}
	ls, err := db.AddressLabels(ctx, p.ID)
	if err != nil || len(ls) != 2 || ls[0].Label != "Cold storage" {
		t.Fatalf("labels: %+v, %v", ls, err)
	}
	for action, n := range map[string]int{store.AuditLabelSet: 4, store.AuditLabelRemove: 1} {
		if got := len(mustAudit(t, db, store.AuditFilter{Actions: []string{action}})); got != n {
			t.Errorf("%s rows = %d, want %d", action, got, n)
		}
	}
	if (*store.AddressBook)(nil).Label(evm, "") != "" {
		t.Error("a nil book knows a label")
	}
}

func TestAuditTrailIsAppendOnly(t *testing.T) {
	db, p := mustTreasuryDB(t)
	ctx := context.Background()
	if err := db.RecordAudit(ctx, store.AuditEntry{Actor: "alice", ProfileID: p.ID, Action: store.AuditConnect, Target: "coinbase"}); err != nil {
		t.Fatal(err)
	}
	// The triggers refuse changes even to someone holding the file.
	raw := mustRawDB(t, db.Path())
	for _, stmt := range []string{`UPDATE audit_log SET actor = 'mallory'`, `DELETE FROM audit_log`} {
		if _, err := raw.Exec(stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want the trigger's refusal", stmt, err)
		}
	}
	es := mustAudit(t, db, store.AuditFilter{})
	if len(es) != 1 || es[0].Actor != "alice" || es[0].ProfileName != "Treasury" {
		t.Fatalf("audit: %+v", es)
	}
}

func TestAuditSurvivesProfileRemoval(t *testing.T) {
	db, p := mustTreasuryDB(t)
	ctx := context.Background()
	if _, err := db.AddNote(ctx, p.ID, "t1", "hello", "alice"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteProfile(ctx, store.NewMemoryVault(), p.ID); err != nil {
		t.Fatal(err)
	}
	es := mustAudit(t, db, store.AuditFilter{Profile: "treasury"})
	if len(es) != 1 || es[0].ProfileID != p.ID || es[0].Details != "hello" {
		t.Fatalf("audit after removal: %+v", es)
	}
	if notes, err := db.Notes(ctx, p.ID, "t1"); err != nil || len(notes) != 0 {
		t.Fatalf("notes outlived their profile: %+v, %v", notes, err)
	}
}

func TestAuditFilterAndExport(t *testing.T) {
	db, p := mustTreasuryDB(t)
	ctx := context.Background()
	other := mustProfile(t, db, "Other")
	for _, e := range []store.AuditEntry{
		{Actor: "alice", ProfileID: p.ID, Action: store.AuditConnect, Target: "coinbase"},
		{Actor: "bob", ProfileID: other.ID, Action: store.AuditDisconnect, Target: "conn-1"},
		{Actor: "alice", ProfileID: p.ID, Action: store.AuditExportTransfers, Target: "/tmp/x.csv", Details: "=HYPERLINK(\"evil\")"},
	} {
		if err := db.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	all := mustAudit(t, db, store.AuditFilter{})
	if len(all) != 3 || all[0].Action != store.AuditExportTransfers {
		t.Fatalf("newest first: %+v", all)
	}
	for _, tc := range []struct {
		name string
		f    store.AuditFilter
		want int
	}{
		{"by action", store.AuditFilter{Actions: []string{store.AuditConnect, store.AuditDisconnect}}, 2},
		{"by profile name", store.AuditFilter{Profile: "OTHER"}, 1},
		{"by profile id", store.AuditFilter{Profile: p.ID}, 2},
		{"since the second", store.AuditFilter{Since: all[1].At}, 2},
		{"until the first", store.AuditFilter{Until: all[2].At}, 1},
		{"limit", store.AuditFilter{Limit: 1}, 1},
		{"target", store.AuditFilter{Target: "conn-1"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := len(mustAudit(t, db, tc.f)); got != tc.want {
				t.Fatalf("%d rows, want %d", got, tc.want)
			}
		})
	}
	for _, bad := range []store.AuditFilter{{Actions: []string{"drop"}}, {Since: all[0].At, Until: all[2].At}} {
		if _, err := db.AuditTrail(ctx, bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("filter %+v: err %v", bad, err)
		}
	}
	var buf bytes.Buffer
	n, err := db.ExportAudit(ctx, store.AuditFilter{}, store.ExportCSV, &buf)
	if err != nil || n != 3 {
		t.Fatalf("csv export: %d, %v", n, err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 4 || strings.Join(recs[0], ",") != strings.Join(store.AuditCSVHeader, ",") {
		t.Fatalf("csv: %v, %v", recs, err)
	}
	if recs[1][5] != store.AuditConnect || recs[3][7] != `'=HYPERLINK("evil")` || recs[2][4] != "Other" {
		t.Fatalf("csv rows: %v", recs[1:])
	}
	buf.Reset()
	if n, err = db.ExportAudit(ctx, store.AuditFilter{Actions: []string{store.AuditDisconnect}}, store.ExportJSON, &buf); err != nil || n != 1 {
		t.Fatalf("json export: %d, %v", n, err)
	}
	var es []store.AuditEntry
	if err := json.Unmarshal(buf.Bytes(), &es); err != nil || len(es) != 1 || es[0].Target != "conn-1" {
		t.Fatalf("json: %s, %v", buf.String(), err)
	}
	if _, err := db.ExportAudit(ctx, store.AuditFilter{}, "xml", &buf); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("xml export: %v", err)
	}
}

// auditWrite matches SQL that would change or remove audit rows.
var auditWrite = regexp.MustCompile(`(?is)\b(update\s+(or\s+\w+\s+)?audit_log\b|delete\s+from\s+audit_log\b|drop\s+(table|trigger)\s+(if\s+exists\s+)?audit_log|replace\s+into\s+audit_log|insert\s+or\s+replace\s+into\s+audit_log)`)

// mustRawDB opens the database file directly, beside the store, as any SQLite client could.
func mustRawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// TestNoCodeChangesAuditRows scans every Go and SQL source of the module for a statement that
// updates or deletes audit rows (the triggers would refuse it; the code must not even try).
func TestNoCodeChangesAuditRows(t *testing.T) {
	root := filepath.Join("..")
	bad := auditWrite
	scanned := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == "frontend" || d.Name() == "test-artifacts") {
			return filepath.SkipDir
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".sql")) {
			return nil
		}
		if strings.HasSuffix(path, "treasury_test.go") && filepath.Base(filepath.Dir(path)) == "store" {
			return nil // this test's own statements, sent to prove the triggers refuse them
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		scanned++
		text := string(b)
		if strings.HasSuffix(path, ".sql") { // the triggers' own names mention the table
			text = regexp.MustCompile(`(?is)CREATE TRIGGER.*?END;`).ReplaceAllString(text, "")
		}
		if m := bad.FindString(text); m != "" {
			t.Errorf("%s changes audit rows: %q", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned < 50 {
		t.Fatalf("scanned only %d files: wrong root?", scanned)
	}
}

// TestAuditScanCatchesStatements proves the scan's pattern finds what it must.
func TestAuditScanCatchesStatements(t *testing.T) {
	bad := auditWrite
	for _, s := range []string{"UPDATE audit_log SET x=1", "update or ignore audit_log set", "DELETE\n FROM audit_log", "drop table if exists audit_log", "REPLACE INTO audit_log"} {
		if !bad.MatchString(s) {
			t.Errorf("pattern misses %q", s)
		}
	}
	if bad.MatchString("INSERT INTO audit_log") {
		t.Error("pattern flags an insert")
	}
}

func TestExportsShowAddressLabels(t *testing.T) {
	db, p := mustTreasuryDB(t)
	ctx := context.Background()
	dest, refund := "0xAbCdEf0123456789abcdef0123456789ABCDEF01", "0x1111111111111111111111111111111111111111"
	mustUpsert(t, db, p.ID, []mesh.Transfer{withRaw(mesh.Transfer{ID: "t3", Status: mesh.StatusSucceeded, NetworkName: "Polygon",
		DestinationAddress: dest, RefundAddress: refund, CreatedTimestamp: 1_700_000_200})})
	if _, err := db.SetAddressLabel(ctx, p.ID, strings.ToLower(dest), "", "Our treasury", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetAddressLabel(ctx, p.ID, refund, "polygon", "Customer 42", "alice"); err != nil {
		t.Fatal(err)
	}
	q := store.TransferQuery{Sort: store.SortCreated, Desc: true}
	var buf bytes.Buffer
	if _, err := db.ExportTransfers(ctx, p.ID, q, store.ExportCSV, &buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("csv: %d, %v", len(recs), err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	if got := []string{recs[1][col["id"]], recs[1][col["destinationLabel"]], recs[1][col["refundLabel"]]}; strings.Join(got, "|") != "t3|Our treasury|Customer 42" {
		t.Fatalf("labelled row: %v", got)
	}
	if recs[2][col["destinationLabel"]] != "" || recs[2][col["refundLabel"]] != "" {
		t.Fatalf("unlabelled row: %v", recs[2])
	}
	buf.Reset()
	if _, err := db.ExportTransfers(ctx, p.ID, q, store.ExportJSON, &buf); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rows); err != nil || rows[0]["refundLabel"] != "Customer 42" || rows[0]["destinationLabel"] != "Our treasury" {
		t.Fatalf("json: %v %v", err, rows[0])
	}
}

// TestTreasuryMigratesAnExistingDatabase opens a database written before the treasury (schema
// 0001 only, with a profile and a transfer) and uses the treasury on its data.
func TestTreasuryMigratesAnExistingDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	raw := mustRawDB(t, path)
	v1, err := os.ReadFile(filepath.Join("migration", "0001_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`,
		string(v1),
		`INSERT INTO migrations (name, applied_at) VALUES ('0001_init.sql', 1)`,
		`INSERT INTO profiles (id, name, env, created_at, updated_at) VALUES ('p-old', 'Old', 'demo', 1, 1)`,
		`INSERT INTO transfers (profile_pk, id, status, raw_sum, source, first_seen, updated, seq) VALUES (1, 'old-t', 'failed', 0, 'api', 1, 1, 1)`,
		`INSERT INTO transfer_raw (tid, raw) VALUES (1, '{"id":"old-t","status":"failed"}')`,
		`UPDATE counters SET value = 1 WHERE name = 'transfer_seq'`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("set up a v1 database: %v", err)
		}
	}
	raw.Close()
	db, err := store.Open(path, store.WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatalf("open the v1 database: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.SetRefundState(ctx, "p-old", "old-t", store.RefundNeeded, "", "", "alice"); err != nil {
		t.Fatalf("refund state on migrated data: %v", err)
	}
	if _, err := db.AddNote(ctx, "p-old", "old-t", "migrated", "alice"); err != nil {
		t.Fatal(err)
	}
	if es := mustAudit(t, db, store.AuditFilter{Profile: "Old"}); len(es) != 2 {
		t.Fatalf("audit on migrated data: %+v", es)
	}
}
