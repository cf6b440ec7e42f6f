package cli

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/treasury"
)

// shownJSON is the part of `transfers show --json` these tests read.
type shownJSON struct {
	Stored struct {
		Transfer struct {
			ID string `json:"id"`
		} `json:"transfer"`
	} `json:"stored"`
	Explanation struct {
		Status string `json:"status"`
	} `json:"explanation"`
	Treasury *transferFacts `json:"treasury"`
}

// mustShowJSON runs `transfers show KEY --json` and decodes the one transfer it prints.
func mustShowJSON(t *testing.T, env map[string]string, key string) shownJSON {
	t.Helper()
	out := mustRun(t, env, "transfers", "show", key, "--json", "--profile", "hist")
	var v shownJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil || v.Treasury == nil {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	return v
}

// TestTransfersShowTreasuryFacts shows a transfer before and after its refund state, tags,
// notes and address labels were recorded: the table and the JSON carry each of them.
func TestTransfersShowTreasuryFacts(t *testing.T) {
	env, sim := mustHistoryProfile(t, 0)
	dest := mesh.EIP55("0x2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d")
	refundTo := mesh.EIP55("0x0ff0aa11bb22cc33dd44ee55ff66aa77bb88f0f0")
	added, err := sim.AddTransfers(meshsim.Transfer{ClientID: histClientID, ClientTransactionID: "order-show-1", Status: meshsim.StatusFailed,
		IntegrationID: meshsim.IntMetaMask, Amount: 0.25, Symbol: "ETH", NetworkID: meshsim.NetEthereum, DestinationAddress: dest, RefundAddress: refundTo})
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, env, "sync", "--profile", "hist")
	tr := added[0]

	// Nothing recorded yet: said so, and the JSON has empty lists, not nulls.
	out := mustRun(t, env, "transfers", "show", tr.ID, "--profile", "hist")
	for _, w := range []string{"Refund: none recorded", "Tags: none", "Notes: none"} {
		if !strings.Contains(out, w) {
			t.Errorf("show (nothing recorded) lacks %q:\n%s", w, out)
		}
	}
	for _, re := range []string{`Destination address +` + dest + `\n`, `Refund address +` + refundTo + `\n`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("show (nothing recorded) does not match %s:\n%s", re, out)
		}
	}
	raw := mustRun(t, env, "transfers", "show", tr.ID, "--json", "--profile", "hist")
	for _, w := range []string{`"tags": []`, `"notes": []`, `"history": []`, `"state": "none"`} {
		if !strings.Contains(raw, w) {
			t.Errorf("show --json (nothing recorded) lacks %s:\n%s", w, raw)
		}
	}

	hash := "0x" + strings.Repeat("4e", 32)
	mustRun(t, env, "transfers", "mark", tr.ID, "--refund", "needed", "--note", "customer asked", "--profile", "hist")
	mustRun(t, env, "transfers", "mark", tr.ID, "--refund", "sent", "--hash", hash, "--profile", "hist")
	mustRun(t, env, "transfers", "tag", tr.ID, "Chargeback", "q4", "--profile", "hist")
	mustRun(t, env, "transfers", "note", tr.ID, "refund sent from the hot wallet", "--profile", "hist")
	mustRun(t, env, "addresses", "set", dest, "Our", "hot", "wallet", "--network", "Ethereum", "--profile", "hist")
	mustRun(t, env, "addresses", "set", refundTo, "Customer A", "--profile", "hist")
	mustRun(t, env, "addresses", "set", dest, "Wrong network", "--network", "Polygon", "--profile", "hist")

	for _, key := range []string{tr.ID, "order-show-1"} {
		out := mustRun(t, env, "transfers", "show", key, "--profile", "hist")
		for _, w := range []string{
			dest + " (Our hot wallet)\n",
			refundTo + " (Customer A)\n",
			"Refund: sent (tx " + hash + "), since ",
			": none → needed; note: customer asked",
			": needed → sent; tx " + hash,
			"Tags: chargeback, q4",
			"Notes:\n",
			": refund sent from the hot wallet",
		} {
			if !strings.Contains(out, w) {
				t.Errorf("show %s lacks %q:\n%s", key, w, out)
			}
		}
		if strings.Contains(out, "Wrong network") {
			t.Errorf("show %s uses a label of another network:\n%s", key, out)
		}
		// The facts come after the explanation, the history in order.
		if !regexp.MustCompile(`(?s)Why this status.*Refund: sent.*none → needed.*needed → sent.*Tags:.*Notes:`).MatchString(out) {
			t.Errorf("show %s: facts out of order:\n%s", key, out)
		}
	}

	v := mustShowJSON(t, env, tr.ID)
	f := v.Treasury
	if v.Stored.Transfer.ID != tr.ID || v.Explanation.Status == "" {
		t.Errorf("the stored record or explanation is missing: %+v", v)
	}
	if f.Refund.State != "sent" || f.Refund.StateLabel != "sent" || f.Refund.Hash != hash || f.Refund.UpdatedAt == "" {
		t.Errorf("refund %+v", f.Refund)
	}
	wantHistory := []treasury.RefundEntry{{From: "none", To: "needed", Note: "customer asked"}, {From: "needed", To: "sent", Hash: hash}}
	if len(f.Refund.History) != len(wantHistory) {
		t.Fatalf("refund history %+v", f.Refund.History)
	}
	for i, w := range wantHistory {
		got := f.Refund.History[i]
		if got.From != w.From || got.To != w.To || got.Hash != w.Hash || got.Note != w.Note || got.At == "" || got.Actor == "" {
			t.Errorf("history[%d] = %+v, want %+v", i, got, w)
		}
	}
	if strings.Join(f.Tags, ",") != "chargeback,q4" {
		t.Errorf("tags %v", f.Tags)
	}
	if len(f.Notes) != 1 || f.Notes[0].Text != "refund sent from the hot wallet" || f.Notes[0].Actor == "" {
		t.Errorf("notes %+v", f.Notes)
	}
	if f.Labels.Destination != "Our hot wallet" || f.Labels.Refund != "Customer A" {
		t.Errorf("labels %+v", f.Labels)
	}

	// A label removed is gone from the detail.
	mustRun(t, env, "addresses", "remove", refundTo, "--profile", "hist")
	if f := mustShowJSON(t, env, tr.ID).Treasury; f.Labels.Refund != "" || f.Labels.Destination != "Our hot wallet" {
		t.Errorf("labels after a removal %+v", f.Labels)
	}
}
