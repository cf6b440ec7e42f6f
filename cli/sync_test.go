package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"meshdesk/meshsim"
	"meshdesk/store"
)

const (
	histClientID = "hist-cli"
	histSecret   = "sk_sandbox_hist_cli_secret"
	histHook     = "whsec_hist_cli"
)

// mustHistoryProfile starts an emulator with n transfers and adds a sandbox profile "hist"
// pointing at it; the returned environment supplies its secrets (never stored).
func mustHistoryProfile(t *testing.T, n int) (map[string]string, *meshsim.Sim) {
	t.Helper()
	mustHome(t)
	sim, err := meshsim.New(meshsim.Options{Seed: 11, Transfers: n, Clients: []meshsim.Client{{ID: histClientID, Secret: histSecret}}})
	if err != nil {
		t.Fatal(err)
	}
	base, err := sim.Start("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	env := map[string]string{store.EnvClientSecret: histSecret, store.EnvWebhookSecret: histHook}
	if _, errOut, code := runCLI(t, env, "", "profiles", "add", "hist", "--env", "sandbox", "--base-url", base, "--client-id", histClientID); code != 0 {
		t.Fatalf("profiles add: exit %d: %s", code, errOut)
	}
	return env, sim
}

func TestSyncCommand(t *testing.T) {
	env, sim := mustHistoryProfile(t, 1_250)
	out, errOut, code := runCLI(t, env, "", "sync", "--profile", "hist")
	if code != 0 {
		t.Fatalf("sync: exit %d: %s", code, errOut)
	}
	// Not a terminal: plain lines, no bar.
	if strings.Contains(out, "\r") || !strings.Contains(out, "sync: backfill:") || !strings.Contains(out, `Synced profile "hist" (backfill): 1250 new`) {
		t.Errorf("sync output:\n%s", out)
	}
	if _, err := sim.AddTransfers(meshsim.Transfer{ClientID: histClientID}); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, env, "", "sync", "--profile", "hist")
	if code != 0 || !strings.Contains(out, "(incremental): 1 new") {
		t.Errorf("second sync: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = runCLI(t, env, "", "transfers", "list", "--profile", "hist", "--limit", "0")
	if code != 0 || !strings.Contains(out, "1251 of 1251 transfers") {
		t.Errorf("list after sync: exit %d\n%s", code, out[max(0, len(out)-200):])
	}
}

func TestSyncCommandErrors(t *testing.T) {
	env, sim := mustHistoryProfile(t, 300)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"unknown profile", env, []string{"sync", "--profile", "nope"}, 2, `no profile is named "nope"`},
		{"bad flag", env, []string{"sync", "--frobnicate"}, 2, "flag provided but not defined"},
		{"extra argument", env, []string{"sync", "--profile", "hist", "now"}, 2, `unexpected argument "now"`},
		{"wrong secret", map[string]string{store.EnvClientSecret: "sk_sandbox_wrong"}, []string{"sync", "--profile", "hist"}, 1, "HTTP 401"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tc.env, "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q (stdout %q); want exit %d and %q", code, errOut, out, tc.code, tc.want)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("error is not one line: %q", errOut)
			}
		})
	}
	// The history route fails for good: a clear error, and the next run resumes.
	if err := sim.AddFault(meshsim.Fault{Route: "GET /api/v1/transfers/managed/mesh", Kind: meshsim.Fault500, Skip: 1}); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, env, "", "sync", "--profile", "hist")
	if code != 1 || !strings.Contains(errOut, "sync stopped") || !strings.Contains(errOut, "run sync again to resume") {
		t.Errorf("failing sync: exit %d: %s", code, errOut)
	}
	sim.ClearFaults()
	out, errOut, code := runCLI(t, env, "", "sync", "--profile", "hist")
	if code != 0 || !strings.Contains(out, "backfill, resumed") {
		t.Errorf("resumed sync: exit %d\n%s%s", code, out, errOut)
	}
}

func TestSyncRefusedWhileAnotherRuns(t *testing.T) {
	env, _ := mustHistoryProfile(t, 100)
	d, err := OpenDesk(context.Background(), &Env{Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.DB().ProfileByName(context.Background(), "hist")
	if err != nil {
		t.Fatal(err)
	}
	release, err := d.DB().AcquireSyncLease(context.Background(), p.ID, "Mesh Desk app (pid 99)", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	defer release()
	_, errOut, code := runCLI(t, env, "", "sync", "--profile", "hist")
	if code != 1 || !strings.Contains(errOut, "already in progress") || !strings.Contains(errOut, "Mesh Desk app (pid 99)") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestHistoryCommandsHelp(t *testing.T) {
	mustHome(t)
	for _, args := range [][]string{
		{"sync", "--help"}, {"transfers", "--help"}, {"transfers", "list", "--help"}, {"transfers", "show", "--help"},
		{"transfers", "export", "--help"}, {"webhooks", "--help"}, {"webhooks", "listen", "--help"},
	} {
		out, errOut, code := runCLI(t, nil, "", args...)
		if code != 0 || !strings.Contains(out, "Usage: meshdesk "+args[0]) || errOut != "" {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
}
