package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meshdesk/meshsim"
)

func TestTransfersCommands(t *testing.T) {
	env, sim := mustHistoryProfile(t, 400)
	added, err := sim.AddTransfers(
		meshsim.Transfer{ClientID: histClientID, ClientTransactionID: "order-cli-1", Status: meshsim.StatusSucceeded, IntegrationID: meshsim.IntBinance, Amount: 0.004786046226555188, Symbol: "ETH",
			Hash: "0x7d4e9a3c1b2f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f3495", RefundAddress: "0x0Ff0aA11bB22cC33dD44eE55fF66aA77bB88F0f0"},
		meshsim.Transfer{ClientID: histClientID, ClientTransactionID: "order-cli-2", Status: meshsim.StatusFailed, IntegrationID: meshsim.IntMetaMask, RefundAddress: "0x1bbc36a0297949eabf6b4a62469cc11a5ab1e765"},
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, env, "", "sync", "--profile", "hist"); code != 0 {
		t.Fatalf("sync: %s", errOut)
	}
	exch, wallet := added[0], added[1]

	t.Run("list", func(t *testing.T) {
		out, errOut, code := runCLI(t, env, "", "transfers", "list", "--profile", "hist", "--status", "failed", "--format", "csv", "--limit", "0")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(recs) < 2 {
			t.Fatalf("csv: %v\n%s", err, out)
		}
		for _, r := range recs[1:] {
			if r[2] != "failed" {
				t.Errorf("row with status %q in a failed-only list", r[2])
			}
		}
		out, _, code = runCLI(t, env, "", "transfers", "list", "--profile", "hist", "--search", "order-cli", "--format", "json")
		var rows []map[string]any
		if err := json.Unmarshal([]byte(out), &rows); err != nil || code != 0 || len(rows) != 2 {
			t.Errorf("json search: exit %d, %v, %d rows\n%s", code, err, len(rows), out)
		}
		// The exact look-up: the refund address in capitals finds its one transfer; a part of
		// it finds none (a substring is --search's job).
		out, errOut, code = runCLI(t, env, "", "transfers", "list", "--profile", "hist", "--match", strings.ToUpper(exch.RefundAddress[2:]))
		if code != 0 || !strings.Contains(out, "0 of 0 transfers") {
			t.Errorf("--match without 0x: exit %d, %s\n%s", code, errOut, out)
		}
		out, errOut, code = runCLI(t, env, "", "transfers", "list", "--profile", "hist", "--match", "0x"+strings.ToUpper(exch.RefundAddress[2:]))
		if code != 0 || !strings.Contains(out, exch.ID) || !strings.Contains(out, "1 of 1 transfers") {
			t.Errorf("--match refund address: exit %d, %s\n%s", code, errOut, out)
		}
		out, _, _ = runCLI(t, env, "", "transfers", "list", "--profile", "hist", "--limit", "3")
		if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 5 || !strings.HasPrefix(lines[0], "CREATED") || !strings.HasPrefix(lines[4], "3 of 402") {
			t.Errorf("table:\n%s", out)
		}
	})

	t.Run("show", func(t *testing.T) {
		for _, key := range []string{exch.ID, strings.ToUpper(exch.ClientTransactionID), exch.Hash} {
			out, errOut, code := runCLI(t, env, "", "transfers", "show", key, "--profile", "hist")
			if code != 0 {
				t.Fatalf("show %s: exit %d: %s", key, code, errOut)
			}
			for _, w := range []string{exch.ID, "succeeded", "0.004786046226555188 ETH", "exchange account (Binance)", "user's own deposit address at Binance", exch.RefundAddress, "Why this status"} {
				if !strings.Contains(out, w) {
					t.Errorf("show %s lacks %q:\n%s", key, w, out)
				}
			}
		}
		out, _, code := runCLI(t, env, "", "transfers", "show", "--profile", "hist", wallet.ID)
		if code != 0 || !strings.Contains(out, "self-custody wallet (MetaMask)") || !strings.Contains(out, "wallet that sent the funds") || !strings.Contains(out, "Failed:") {
			t.Errorf("show wallet transfer: exit %d\n%s", code, out)
		}
		out, _, code = runCLI(t, env, "", "transfers", "show", "--profile", "hist", "--json", exch.ID)
		var v struct {
			Explanation struct{ SourceKind string } `json:"explanation"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.Explanation.SourceKind != "exchange" {
			t.Errorf("show --json: exit %d\n%s", code, out)
		}
	})

	t.Run("export", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "out.json")
		_, errOut, code := runCLI(t, env, "", "transfers", "export", "--profile", "hist", "--format", "json", "--output", path, "--search", "order-cli-1")
		if code != 0 || !strings.Contains(errOut, "exported 1 transfers") {
			t.Fatalf("export: exit %d: %s", code, errOut)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "0.004786046226555188") || !strings.Contains(string(b), exch.ID) {
			t.Errorf("export lacks the exact amount or id:\n%s", b)
		}
		out, _, code := runCLI(t, env, "", "transfers", "export", "--profile", "hist", "--format", "csv")
		if code != 0 || strings.Count(out, "\n") != 403 {
			t.Errorf("csv export: exit %d, %d lines", code, strings.Count(out, "\n"))
		}
	})

	t.Run("errors", func(t *testing.T) {
		tests := []struct {
			args []string
			code int
			want string
		}{
			{[]string{"transfers"}, 2, "a transfers command is required"},
			{[]string{"transfers", "frob"}, 2, "unknown transfers command"},
			{[]string{"transfers", "list", "--profile", "hist", "--status", "done"}, 2, `--status "done"`},
			{[]string{"transfers", "list", "--profile", "hist", "--format", "xml"}, 2, `--format "xml"`},
			{[]string{"transfers", "list", "--profile", "hist", "--from", "yesterday"}, 2, `--from "yesterday"`},
			{[]string{"transfers", "list", "--profile", "hist", "--search", "ab"}, 2, "at least 3 characters"},
			{[]string{"transfers", "list", "--profile", "hist", "--sort", "name"}, 2, `--sort "name"`},
			{[]string{"transfers", "list", "--profile", "nope"}, 2, `no profile is named "nope"`},
			{[]string{"transfers", "show", "--profile", "hist"}, 2, "give one transfer"},
			{[]string{"transfers", "show", "--profile", "hist", "0xnothing"}, 1, "no stored transfer"},
			{[]string{"transfers", "export", "--profile", "hist"}, 2, "--format is required: csv or json"},
			{[]string{"transfers", "export", "--profile", "hist", "--format", "csv", "--output", "/nonexistent/dir/x.csv"}, 1, "no such file or directory"},
		}
		for _, tc := range tests {
			_, errOut, code := runCLI(t, env, "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("%v: exit %d, stderr %q; want exit %d and %q on one line", tc.args, code, errOut, tc.code, tc.want)
			}
		}
	})
}
