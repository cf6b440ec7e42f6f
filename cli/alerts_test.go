package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"meshdesk/alerts"
	"meshdesk/appdir"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/reconcile"
	"meshdesk/store"
)

const (
	cliFailed  = "c11a0000-0000-4000-8000-0000000000f1"
	cliPending = "c11a0000-0000-4000-8000-0000000000a1"
	cliGhost   = "c11a0000-0000-4000-8000-0000000000ee"
)

func mustRun(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	out, errOut, code := runCLI(t, env, "", args...)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// mustAuditRows reads the audit rows of one action from the CLI's database.
func mustAuditRows(t *testing.T, action string) []store.AuditEntry {
	t.Helper()
	path, err := appdir.DatabaseFile()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.AuditTrail(context.Background(), store.AuditFilter{Actions: []string{action}})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestAlertsCommands(t *testing.T) {
	// No notification service, whatever the machine runs (make test shares one session bus
	// between packages, and the alerts package's test owns the notification name on it).
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/meshdesk-cli-test-bus")
	env, sim := mustHistoryProfile(t, 0)
	if _, err := sim.AddTransfers(meshsim.Transfer{ID: cliFailed, ClientID: histClientID, Status: meshsim.StatusFailed, Amount: 0.25, Symbol: "ETH"},
		meshsim.Transfer{ID: cliPending, ClientID: histClientID}); err != nil {
		t.Fatal(err)
	}
	mustRun(t, env, "sync", "--profile", "hist")
	out := mustRun(t, env, "alerts", "check", "--profile", "hist")
	if !strings.Contains(out, cliFailed) || !strings.Contains(out, "1 new alert(s), 1 open") || strings.Contains(out, cliPending) {
		t.Fatalf("alerts check:\n%s", out)
	}
	// Without a notification service the alert is stored and the reason said.
	if !strings.Contains(out, "not shown on the desktop") {
		t.Fatalf("alerts check does not say the notification was not shown:\n%s", out)
	}
	if out := mustRun(t, env, "alerts", "check", "--profile", "hist"); !strings.Contains(out, "0 new alert(s), 1 open") {
		t.Fatalf("second check:\n%s", out)
	}
	out = mustRun(t, env, "alerts", "--profile", "hist")
	if !strings.Contains(out, cliFailed) || !strings.Contains(out, "0.25 ETH") {
		t.Fatalf("alerts (list):\n%s", out)
	}
	var list []alerts.Alert
	if err := json.Unmarshal([]byte(mustRun(t, env, "alerts", "list", "--format", "json", "--profile", "hist")), &list); err != nil || len(list) != 1 {
		t.Fatalf("alerts list --format json: %v %+v", err, list)
	}
	if list[0].Kind != "failed" || list[0].TransferID != cliFailed || list[0].Acked {
		t.Fatalf("alert %+v", list[0])
	}

	out = mustRun(t, env, "alerts", "settings", "--profile", "hist", "--pending-after", "90m", "--desktop", "off")
	if !strings.Contains(out, "pending on after 1h30m0s") || !strings.Contains(out, "desktop notifications off") {
		t.Fatalf("alerts settings:\n%s", out)
	}
	if out := mustRun(t, env, "alerts", "settings", "--profile", "hist"); !strings.Contains(out, "1h30m0s") {
		t.Fatalf("settings not kept:\n%s", out)
	}

	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"alerts", "ack", "--profile", "hist"}, 2, "an alert ID"},
		{[]string{"alerts", "ack", "abc", "--profile", "hist"}, 2, "not a positive number"},
		{[]string{"alerts", "ack", list[0].ID, "--all", "--profile", "hist"}, 2, "not both"},
		{[]string{"alerts", "ack", "999", "--profile", "hist"}, 1, "no alert 999"},
		{[]string{"alerts", "settings", "--pending-after", "30s", "--profile", "hist"}, 2, "whole minutes"},
		{[]string{"alerts", "settings", "--pending-after", "800h", "--profile", "hist"}, 2, "between"},
		{[]string{"alerts", "settings", "--failed", "maybe", "--profile", "hist"}, 2, "want on or off"},
		{[]string{"alerts", "list", "--format", "xml", "--profile", "hist"}, 2, "table or json"},
		{[]string{"alerts", "frob"}, 2, "unknown alerts command"},
		{[]string{"alerts", "list", "--profile", "nope"}, 2, "nope"},
	}
	for _, tt := range tests {
		_, errOut, code := runCLI(t, env, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d %q, want %d %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}

	if out := mustRun(t, env, "alerts", "ack", list[0].ID, "--profile", "hist"); !strings.Contains(out, "Acknowledged alert "+list[0].ID+" (transfer "+cliFailed+")") {
		t.Fatalf("ack:\n%s", out)
	}
	if rows := mustAuditRows(t, store.AuditAlertAck); len(rows) != 1 || rows[0].Target != cliFailed {
		t.Fatalf("audit after ack: %+v", rows)
	}
	if rows := mustAuditRows(t, store.AuditAlertSettings); len(rows) != 1 || !strings.Contains(rows[0].Details, "desktop off") {
		t.Fatalf("audit after settings: %+v", rows)
	}
	if out := mustRun(t, env, "alerts", "--profile", "hist"); !strings.Contains(out, "No open alerts") {
		t.Fatalf("after ack:\n%s", out)
	}
	if out := mustRun(t, env, "alerts", "list", "--all", "--profile", "hist"); !strings.Contains(out, cliFailed) {
		t.Fatalf("list --all after ack:\n%s", out)
	}
	if out := mustRun(t, env, "alerts", "ack", "--all", "--profile", "hist"); !strings.Contains(out, "Acknowledged 0 alert(s)") {
		t.Fatalf("ack --all:\n%s", out)
	}
}

func TestReconcileCommand(t *testing.T) {
	env, sim := mustHistoryProfile(t, 0)
	if _, err := sim.AddTransfers(meshsim.Transfer{ID: cliFailed, ClientID: histClientID, Status: meshsim.StatusFailed}); err != nil {
		t.Fatal(err)
	}
	// Nothing received yet: clean, and the transfer is not flagged (nothing listened).
	out := mustRun(t, env, "reconcile", "--since", "1d", "--profile", "hist")
	if !strings.Contains(out, "Nothing to reconcile") || !strings.Contains(out, "1 transfers created before webhooks") {
		t.Fatalf("reconcile with no webhooks:\n%s", out)
	}
	// A webhook for a transfer Mesh never had, received by this profile's receiver.
	path, err := appdir.DatabaseFile()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.ProfileByName(context.Background(), "hist")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ApplyWebhookEvent(context.Background(), p.ID, mesh.WebhookEvent{EventID: "ev-ghost", TransferID: cliGhost, TransferStatus: mesh.StatusSucceeded, Raw: []byte(`{"TransferId":"` + cliGhost + `","TransferStatus":"Succeeded"}`)}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	out = mustRun(t, env, "reconcile", "--since", "48h", "--profile", "hist")
	if !strings.Contains(out, "unknown_transfer") || !strings.Contains(out, cliGhost) || !strings.Contains(out, "live Mesh API") {
		t.Fatalf("reconcile table:\n%s", out)
	}
	rows, err := csv.NewReader(strings.NewReader(mustRun(t, env, "reconcile", "--since", "2026-01-01", "--format", "csv", "--profile", "hist"))).ReadAll()
	if err != nil || len(rows) != 2 || rows[0][0] != "kind" || rows[1][0] != "unknown_transfer" || rows[1][1] != cliGhost {
		t.Fatalf("reconcile csv: %v %v", err, rows)
	}
	if rows := mustAuditRows(t, store.AuditExportReconciliation); len(rows) != 1 || rows[0].Target != "stdout" || !strings.Contains(rows[0].Details, "1 findings, csv") {
		t.Fatalf("audit after the csv report: %+v", rows)
	}
	var rep reconcile.Report
	if err := json.Unmarshal([]byte(mustRun(t, env, "reconcile", "--since", "1h", "--format", "json", "--profile", "hist")), &rep); err != nil ||
		rep.Summary.UnknownTransfers != 1 || rep.Source != "api" {
		t.Fatalf("reconcile json: %v %+v", err, rep)
	}

	// Offline: refused before any sync, then compares with the synced state and says when.
	if _, errOut, code := runCLI(t, env, "", "reconcile", "--since", "1h", "--offline", "--profile", "hist"); code != 1 || !strings.Contains(errOut, "never synced") {
		t.Fatalf("offline before a sync: exit %d %s", code, errOut)
	}
	mustRun(t, env, "sync", "--profile", "hist")
	if out := mustRun(t, env, "reconcile", "--since", "1h", "--offline", "--profile", "hist"); !strings.Contains(out, "last synced state (synced 20") || !strings.Contains(out, cliGhost) {
		t.Fatalf("offline report:\n%s", out)
	}

	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"reconcile", "--profile", "hist"}, 2, "--since is required"},
		{[]string{"reconcile", "--since", "soon", "--profile", "hist"}, 2, "--since"},
		{[]string{"reconcile", "--since", "1h", "--until", "2h", "--profile", "hist"}, 2, "not before"},
		{[]string{"reconcile", "--since", "1h", "--format", "xml", "--profile", "hist"}, 2, "table, csv or json"},
		{[]string{"reconcile", "--since", "500d", "--profile", "hist"}, 2, "longer than"},
		{[]string{"reconcile", "--since", "1h", "extra", "--profile", "hist"}, 2, "unexpected argument"},
		{[]string{"reconcile", "--since", "1h", "--profile", "nope"}, 2, "nope"},
	}
	for _, tt := range tests {
		_, errOut, code := runCLI(t, env, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d %q, want %d %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}

	// The API gone: an error that says so and offers the offline report; no stale data.
	sim.Close()
	_, errOut, code := runCLI(t, env, "", "reconcile", "--since", "1h", "--profile", "hist")
	if code != 1 || !strings.Contains(errOut, "could not be reached") || !strings.Contains(errOut, "offline report") {
		t.Fatalf("API down: exit %d %s", code, errOut)
	}
}
