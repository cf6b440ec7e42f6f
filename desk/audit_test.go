package desk

import (
	"context"
	"strings"
	"testing"

	"meshdesk/store"
)

// TestEveryProfileActionLeavesOneAuditRow runs each profile action of the desk (which the app
// and the CLI both call) and checks that it left exactly one audit row with the right action,
// that refused actions leave none, and that no secret reaches the trail.
func TestEveryProfileActionLeavesOneAuditRow(t *testing.T) {
	d := mustDesk(t, deskOpts(t.TempDir(), store.NewMemoryVault(), testEnv{}))
	ctx := context.Background()
	ps := d.Profiles()
	const secret = "sk_live_do-not-record-me-0123456789"
	base := "https://sandbox-integration-api.meshconnect.com"
	user := "md-user-9"
	steps := []struct {
		name   string
		run    func() error
		action string // "" = refused, no row
		target string
	}{
		{"add", func() error {
			_, err := ps.Add(ctx, ProfileInput{Name: "Ops", Env: "sandbox", ClientID: "cid-1", ClientSecret: secret})
			return err
		}, store.AuditProfileCreate, "Ops"},
		{"add a taken name", func() error { _, err := ps.Add(ctx, ProfileInput{Name: "ops", Env: "demo"}); return err }, "", ""},
		{"rename", func() error { _, err := ps.Rename(ctx, "Ops", "Treasury"); return err }, store.AuditProfileRename, "Treasury"},
		{"rename a missing profile", func() error { _, err := ps.Rename(ctx, "Nope", "X"); return err }, "", ""},
		{"update", func() error {
			_, err := ps.Update(ctx, "Treasury", ProfileUpdate{BaseURL: &base, UserID: &user})
			return err
		}, store.AuditProfileUpdate, "Treasury"},
		{"set a secret", func() error { return ps.SetSecret(ctx, "Treasury", "webhook", secret+"-hook") }, store.AuditProfileUpdate, "Treasury"},
		{"delete a secret", func() error { return ps.DeleteSecret(ctx, "Treasury", "webhook") }, store.AuditProfileUpdate, "Treasury"},
		{"use", func() error { _, err := ps.Use(ctx, "Treasury"); return err }, store.AuditProfileUse, "Treasury"},
		{"use back", func() error { _, err := ps.Use(ctx, DemoProfileName); return err }, store.AuditProfileUse, DemoProfileName},
		{"remove", func() error { _, err := ps.Remove(ctx, "Treasury"); return err }, store.AuditProfileRemove, "Treasury"},
		{"remove again", func() error { _, err := ps.Remove(ctx, "Treasury"); return err }, "", ""},
	}
	seen := 0
	for _, s := range steps {
		err := s.run()
		if (err == nil) != (s.action != "") {
			t.Fatalf("%s: err = %v", s.name, err)
		}
		rows, err := d.DB().AuditTrail(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := seen
		if s.action != "" {
			want++
		}
		if len(rows) != want {
			t.Fatalf("%s: %d audit rows, want %d: %+v", s.name, len(rows), want, rows)
		}
		if s.action != "" && (rows[0].Action != s.action || rows[0].Target != s.target || rows[0].Actor == "") {
			t.Fatalf("%s: row %+v, want %s on %s", s.name, rows[0], s.action, s.target)
		}
		seen = want
	}
	removed, _ := d.DB().AuditTrail(ctx, store.AuditFilter{Actions: []string{store.AuditProfileRemove}})
	rows, _ := d.DB().AuditTrail(ctx, store.AuditFilter{Profile: removed[0].ProfileID})
	for _, r := range rows {
		if strings.Contains(r.Details, "do-not-record") || strings.Contains(r.Target, "do-not-record") {
			t.Fatalf("a secret reached the audit trail: %+v", r)
		}
	}
	// The removed profile's rows are all still there, each under the name it had then.
	if len(rows) != 7 {
		t.Fatalf("%d rows of the removed profile, want 7: %+v", len(rows), rows)
	}
}
