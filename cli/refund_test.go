package cli

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"
	"meshdesk/treasury"
)

// TestTreasuryCommands runs refund, mark, note, tag and audit against a profile synced from
// the emulator, through Main as a user would, unhappy paths included.
func TestTreasuryCommands(t *testing.T) {
	env, sim := mustHistoryProfile(t, 20)
	refundTo := mesh.EIP55("0x0ff0aa11bb22cc33dd44ee55ff66aa77bb88f0f0")
	added, err := sim.AddTransfers(meshsim.Transfer{ClientID: histClientID, ClientTransactionID: "order-refund-1", Status: meshsim.StatusFailed,
		IntegrationID: meshsim.IntMetaMask, Amount: 0.004786046226555188, Symbol: "ETH", NetworkID: meshsim.NetEthereum, RefundAddress: refundTo})
	if err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, env, "", "sync", "--profile", "hist"); code != 0 {
		t.Fatalf("sync: %s", errOut)
	}
	tr := added[0]
	hash := "0x" + strings.Repeat("4e", 32)

	mustSteps(t, env, []cliStep{
		{"refund by client transaction id", []string{"transfers", "refund", "order-refund-1", "--profile", "hist"}, 0,
			[]string{"Standard: EIP-681", "ethereum:" + refundTo + "@1?value=4786046226555188", "0.004786046226555188 ETH on Ethereum", "State:    none", "█"}, nil, nil},
		{"refund with an amount, as JSON", []string{"transfers", "refund", tr.ID, "--amount", "0.001", "--json", "--profile", "hist"}, 0, nil, nil,
			func(t *testing.T, out string) {
				var v treasury.RefundView
				if err := json.Unmarshal([]byte(out), &v); err != nil || v.BaseUnits != "1000000000000000" || !v.Edited || v.QR != "" {
					t.Fatalf("%v: %+v", err, v)
				}
			}},
		{"refund bad amount", []string{"transfers", "refund", tr.ID, "--amount", "1,5", "--profile", "hist"}, 2, []string{"amount: "}, nil, nil},
		{"refund unknown transfer", []string{"transfers", "refund", "nope", "--profile", "hist"}, 1, []string{"no stored transfer"}, nil, nil},
		{"refund no id", []string{"transfers", "refund", "--profile", "hist"}, 2, []string{"give one transfer id"}, nil, nil},
		{"refund help", []string{"transfers", "refund", "--help"}, 0, []string{"Usage: meshdesk transfers refund", "-amount"}, nil, nil},
		{"mark without state", []string{"transfers", "mark", tr.ID, "--profile", "hist"}, 2, []string{"--refund needed|sent|done|not-needed is required"}, nil, nil},
		{"mark sent before needed", []string{"transfers", "mark", tr.ID, "--refund", "sent", "--hash", hash, "--profile", "hist"}, 2, []string{"cannot become sent"}, nil, nil},
		{"mark needed", []string{"transfers", "mark", tr.ID, "--refund", "needed", "--note", "customer asked", "--profile", "hist"}, 0, []string{"is now needed"}, nil, nil},
		{"mark sent with a Bitcoin hash", []string{"transfers", "mark", tr.ID, "--refund", "sent", "--hash", strings.Repeat("4e", 32), "--profile", "hist"}, 2, []string{"hash: ", "0x and 64 hex digits"}, nil, nil},
		{"mark sent", []string{"transfers", "mark", "--profile", "hist", "--refund", "sent", "--hash", hash, tr.ID}, 0, []string{"is now sent (tx " + hash + ")"}, nil, nil},
		{"mark done", []string{"transfers", "mark", tr.ID, "--refund", "done", "--profile", "hist"}, 0, []string{"is now done"}, nil, nil},
		{"mark unknown state", []string{"transfers", "mark", tr.ID, "--refund", "later", "--profile", "hist"}, 2, []string{"state: "}, nil, nil},
		{"mark help", []string{"transfers", "mark", "--help"}, 0, []string{"needed → sent"}, nil, nil},
		{"note", []string{"transfers", "note", tr.ID, "called", "the", "customer", "--profile", "hist"}, 0, []string{"called the customer"}, nil, nil},
		{"notes listed", []string{"transfers", "note", tr.ID, "--profile", "hist"}, 0, []string{"Notes on transfer", "called the customer"}, nil, nil},
		{"note help", []string{"transfers", "note", "--help"}, 0, []string{"Usage: meshdesk transfers note"}, nil, nil},
		{"tag", []string{"transfers", "tag", tr.ID, "Chargeback", "#Q4", "--profile", "hist"}, 0, []string{"chargeback, q4"}, nil, nil},
		{"tag remove", []string{"transfers", "tag", tr.ID, "--remove", "q4", "--profile", "hist"}, 0, []string{": chargeback"}, []string{"q4"}, nil},
		{"tag bad", []string{"transfers", "tag", tr.ID, "a/b", "--profile", "hist"}, 2, []string{"tags: "}, nil, nil},
		{"list by tag", []string{"transfers", "list", "--tag", "Chargeback", "--format", "csv", "--profile", "hist"}, 0, []string{tr.ID}, nil,
			func(t *testing.T, out string) {
				if n := strings.Count(strings.TrimSpace(out), "\n"); n != 1 {
					t.Fatalf("%d rows by tag, want 1:\n%s", n, out)
				}
			}},
		{"list by a bad tag", []string{"transfers", "list", "--tag", "a/b", "--profile", "hist"}, 2, []string{"--tag: "}, nil, nil},
		{"search sees notes", []string{"transfers", "list", "--search", "called the cust", "--format", "csv", "--profile", "hist"}, 0, []string{tr.ID}, nil, nil},
		{"tag remove nothing", []string{"transfers", "tag", tr.ID, "--remove", "--profile", "hist"}, 2, []string{"--remove needs"}, nil, nil},
		{"refund state shown", []string{"transfers", "refund", tr.ID, "--profile", "hist"}, 0, []string{"State:    done", "Refund tx: " + hash}, nil, nil},
		{"audit table", []string{"audit", "--since", "1h"}, 0, []string{"refund.state", "note.add", "tags.set", "hist"}, nil, nil},
		{"audit bad since", []string{"audit", "--since", "soon"}, 2, []string{"since: "}, nil, nil},
		{"audit bad action", []string{"audit", "--action", "drop"}, 2, []string{"action: "}, nil, nil},
		{"audit bad format", []string{"audit", "--format", "xml"}, 2, []string{`--format "xml": want table, csv or json`}, nil, nil},
		{"audit help", []string{"audit", "--help"}, 0, []string{"Usage: meshdesk audit", "-since"}, nil, nil},
	})

	// Every successful change left exactly one row: 3 refund states, 1 note, 2 tag changes.
	out, errOut, code := runCLI(t, env, "", "audit", "--format", "csv", "--profile", "hist", "--action", "refund.state,note.add", "--action", "tags.set")
	if code != 0 {
		t.Fatalf("audit csv: %s", errOut)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range recs[1:] {
		count[r[5]]++
		if r[6] != tr.ID {
			t.Errorf("row about %q, want the transfer", r[6])
		}
	}
	for action, n := range map[string]int{store.AuditRefundState: 3, store.AuditNoteAdd: 1, store.AuditTagsSet: 2} {
		if count[action] != n {
			t.Errorf("%s: %d rows, want %d (%v)", action, count[action], n, count)
		}
	}
	// An export of the transfers leaves one row naming the file.
	file := filepath.Join(t.TempDir(), "t.csv")
	if _, errOut, code := runCLI(t, env, "", "transfers", "export", "--format", "csv", "--output", file, "--profile", "hist"); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	if _, _, code := runCLI(t, env, "", "transfers", "export", "--format", "xml", "--profile", "hist"); code != 2 {
		t.Fatalf("a refused export: exit %d", code)
	}
	out, _, _ = runCLI(t, env, "", "audit", "--action", store.AuditExportTransfers, "--format", "json")
	var exports []store.AuditEntry
	if err := json.Unmarshal([]byte(out), &exports); err != nil || len(exports) != 1 || exports[0].Target != file || !strings.HasSuffix(exports[0].Details, "transfers, csv") {
		t.Fatalf("export rows: %v\n%s", err, out)
	}
	out, _, _ = runCLI(t, env, "", "audit", "--action", store.AuditExportAudit, "--format", "json")
	var rows []store.AuditEntry
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 || !strings.HasPrefix(rows[0].Target, "stdout (csv") {
		t.Fatalf("the csv export is not in the trail: %v\n%s", err, out)
	}
}
