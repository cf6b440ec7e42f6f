package meshsim

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"meshdesk/internal/testenv"
)

// TestLinkSDK runs Mesh's own clients against an in-process emulator: the web Link SDK
// (@meshconnect/web-link-sdk 3.13.0) in headless Chromium through playwright-core, and the
// Node API client (@meshconnect/node-api). The scenarios are node:test files in e2e/sdk/
// (install their pinned dependencies with `npm ci --prefix e2e/sdk`).
func TestLinkSDK(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short: drives headless Chromium (about 15 s)")
	}
	chromium := testenv.Chromium(t)
	node, err := exec.LookPath("node")
	testenv.Need(t, err == nil, "node (Node.js 20+)")
	dir := filepath.Join(testenv.RepoRoot(), "e2e", "sdk")
	_, err = os.Stat(filepath.Join(dir, "node_modules", "@meshconnect", "web-link-sdk", "package.json"))
	testenv.Need(t, err == nil, "e2e/sdk/node_modules (run: npm ci --prefix e2e/sdk)")

	sim := mustStartLinkSim(t, Options{Seed: 7, Transfers: 300, SettleDelay: time.Hour})
	c := sim.Clients()[0]

	ctx, cancel := context.WithTimeout(context.Background(), 240*time.Second) // a guard against hangs; ~30 s on an idle machine
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "--test-reporter=spec", "--test-concurrency=2",
		"link.test.mjs", "api.test.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"MESHSIM_URL="+sim.BaseURL(),
		"MESHSIM_CLIENT_ID="+c.ID,
		"MESHSIM_CLIENT_SECRET="+c.Secret,
		"CHROMIUM="+chromium,
		"NO_COLOR=1",
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err = cmd.Run()
	t.Logf("node --test (%s):\n%s", time.Since(start).Round(time.Millisecond), out.String())
	if err != nil {
		t.Fatalf("SDK scenarios failed: %v", err)
	}

	// What the browser did is in the emulator's state too.
	var pending int
	for _, tr := range sim.Snapshot() {
		if tr.ClientTransactionID == "e2e-dep-1" {
			pending++
			if tr.Status != StatusPending || tr.RefundAddress == "" || tr.RefundAddress == tr.FromAddress {
				t.Errorf("deposit transfer %+v: want pending with a user refund address", tr)
			}
		}
	}
	if pending != 1 {
		t.Errorf("transfers with clientTransactionId e2e-dep-1: %d, want 1", pending)
	}
	users := map[string]bool{}
	for _, sg := range sim.WalletSignatures() {
		users[sg.UserID] = true
	}
	if len(users) != 2 || !users["e2e-verify"] || !users["e2e-verify-deposit"] {
		t.Errorf("wallet signatures by %v, want the two verify journeys'", users)
	}
}

// mustStartLinkSim starts an emulator on 127.0.0.1 and closes it when the test ends.
func mustStartLinkSim(t *testing.T, opts Options) *Sim {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("meshsim.New: %v", err)
	}
	if _, err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("meshsim.Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("meshsim.Close: %v", err)
		}
	})
	return s
}
