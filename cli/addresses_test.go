package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/treasury"
)

// TestAddressesCommands runs list, set and remove through Main as a user would, unhappy paths
// included, then checks that every change (and only a change) left one audit row.
func TestAddressesCommands(t *testing.T) {
	mustHome(t)
	cold := mesh.EIP55("0x0ff0aa11bb22cc33dd44ee55ff66aa77bb88f0f0")
	mustSteps(t, nil, []cliStep{
		{"empty list", []string{"addresses"}, 0, []string{`The address book of profile "Demo" is empty`}, nil, nil},
		{"set on a network", []string{"addresses", "set", cold, "Cold", "wallet", "--network", "Ethereum"}, 0, []string{"Labelled " + cold + ` "Cold wallet" on ethereum.`}, nil, nil},
		{"set on every network, flags first", []string{"addresses", "set", "--profile", "Demo", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "Donations"}, 0, []string{`"Donations" on every network.`}, nil, nil},
		{"replace a label", []string{"addresses", "set", cold, "Cold wallet 2", "--network", "ethereum"}, 0, []string{`"Cold wallet 2" on ethereum`}, nil, nil},
		{"not an Ethereum address", []string{"addresses", "set", "0x1234", "X", "--network", "Ethereum"}, 2, []string{`address: address "0x1234" is not`}, nil, nil},
		{"no label", []string{"addresses", "set", cold}, 2, []string{"give an address and its label"}, nil, nil},
		{"blank label", []string{"addresses", "set", cold, " "}, 2, []string{"label: the label is empty"}, nil, nil},
		{"long label", []string{"addresses", "set", cold, strings.Repeat("x", store.MaxLabelLen+1)}, 2, []string{"label: a label has at most 80 characters"}, nil, nil},
		{"two-line label", []string{"addresses", "set", cold, "a\nb"}, 2, []string{"label: a label is one line"}, nil, nil},
		{"address with a space", []string{"addresses", "set", "0x12 34", "X"}, 2, []string{"address"}, nil, nil},
		{"two-line network", []string{"addresses", "set", cold, "X", "--network", "Eth\nereum"}, 2, []string{"--network: must be one line"}, nil, nil},
		{"long network", []string{"addresses", "remove", cold, "--network", strings.Repeat("n", 101)}, 2, []string{"--network: at most 100 characters"}, nil, nil},
		{"unknown profile", []string{"addresses", "set", cold, "X", "--profile", "Nope"}, 2, []string{`no profile is named "Nope"`}, nil, nil},
		{"table", []string{"addresses", "list"}, 0, []string{"LABEL", "Cold wallet 2", cold, "ethereum", "Donations", "every network"}, nil, nil},
		{"json", []string{"addresses", "list", "--format", "json"}, 0, nil, nil, func(t *testing.T, out string) {
			var book []treasury.LabelView
			if err := json.Unmarshal([]byte(out), &book); err != nil || len(book) != 2 {
				t.Fatalf("%v: %+v", err, book)
			}
			if book[0].Label != "Cold wallet 2" || book[0].Address != cold || book[0].Network != "ethereum" || book[0].Actor == "" {
				t.Fatalf("first entry %+v", book[0])
			}
		}},
		{"bad format", []string{"addresses", "list", "--format", "csv"}, 2, []string{`--format "csv": want table or json`}, nil, nil},
		{"remove on the wrong network", []string{"addresses", "remove", cold}, 2, []string{"has no label"}, nil, nil},
		{"remove", []string{"addresses", "remove", cold, "--network", "Ethereum"}, 0, []string{"Removed the label of " + cold + " on Ethereum."}, nil, nil},
		{"remove again", []string{"addresses", "remove", cold, "--network", "Ethereum"}, 2, []string{"has no label on Ethereum"}, nil, nil},
		{"remove without an address", []string{"addresses", "remove"}, 2, []string{"give one address"}, nil, nil},
		{"remove two", []string{"addresses", "remove", cold, cold}, 2, []string{"give one address"}, nil, nil},
		{"stray list argument", []string{"addresses", "list", "extra"}, 2, []string{`unexpected argument "extra"`}, nil, nil},
		{"unknown command", []string{"addresses", "rename"}, 2, []string{`unknown addresses command "rename"`}, nil, nil},
		{"unknown flag", []string{"addresses", "set", "--nope"}, 2, []string{"flag provided but not defined"}, nil, nil},
		{"help", []string{"addresses", "--help"}, 0, []string{"Usage: meshdesk addresses", "audit trail", "-format"}, nil, nil},
		{"set help", []string{"addresses", "set", "--help"}, 0, []string{"meshdesk addresses set ADDRESS LABEL", "-network"}, nil, nil},
		{"help word", []string{"addresses", "help"}, 0, []string{"meshdesk addresses remove ADDRESS"}, nil, nil},
	})
	// Three labels set (one a replacement), one removed; the refusals left nothing.
	for action, want := range map[string][]string{
		store.AuditLabelSet:    {cold, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", cold},
		store.AuditLabelRemove: {cold},
	} {
		rows := mustAuditRows(t, action)
		if len(rows) != len(want) {
			t.Fatalf("%s: %d audit rows, want %d: %+v", action, len(rows), len(want), rows)
		}
		for i, r := range rows { // newest first
			if r.Target != want[len(want)-1-i] || r.ProfileName != "Demo" || r.Actor == "" {
				t.Errorf("%s row %d: %+v", action, i, r)
			}
		}
	}
	if rows := mustAuditRows(t, store.AuditLabelSet); !strings.Contains(rows[0].Details, "(was Cold wallet)") {
		t.Errorf("the replacement's row does not say what it replaced: %q", rows[0].Details)
	}
}
