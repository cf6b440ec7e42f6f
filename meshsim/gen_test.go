package meshsim

import (
	"reflect"
	"testing"
	"time"
)

func TestGenerationIsDeterministic(t *testing.T) {
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	a := generate(9, 2000, "c", end, 30*24*time.Hour, nil)
	b := generate(9, 2000, "c", end, 30*24*time.Hour, nil)
	c := generate(10, 2000, "c", end, 30*24*time.Hour, nil)
	for i := range a {
		if !reflect.DeepEqual(*a[i], *b[i]) {
			t.Fatalf("transfer %d differs between runs with the same seed", i)
		}
	}
	if a[0].ID == c[0].ID {
		t.Error("different seeds gave the same first transfer")
	}
}

func TestGeneratedHistoryIsRealistic(t *testing.T) {
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	subs := seededSubClients(1, "c")
	ts := generate(1, 20000, "c", end, 365*24*time.Hour, subs)
	count := map[string]map[string]int{"status": {}, "integration": {}, "network": {}, "symbol": {}, "type": {}, "user": {}, "sub": {}}
	ids := map[string]bool{}
	var prev int64
	for _, tr := range ts {
		if ids[tr.ID] || !isUUID(tr.ID) {
			t.Fatalf("bad or duplicate id %q", tr.ID)
		}
		ids[tr.ID] = true
		if tr.CreatedTimestamp < prev || tr.CreatedTimestamp > end.Unix() {
			t.Fatalf("createdTimestamp out of order or after the end: %d", tr.CreatedTimestamp)
		}
		prev = tr.CreatedTimestamp
		count["status"][tr.Status]++
		count["integration"][tr.IntegrationID]++
		count["network"][tr.NetworkID]++
		count["symbol"][tr.Symbol]++
		count["type"][tr.TransferType]++
		count["user"][tr.UserID]++
		count["sub"][tr.SubClientID]++
		n, _ := networkByID(tr.NetworkID)
		in, _ := integrationByID(tr.IntegrationID)
		if !n.supports(tr.Symbol) || !in.hasNetwork(n.ID) {
			t.Fatalf("%s of %s on %s is impossible", tr.Symbol, in.Name, n.Name)
		}
		if !n.ValidAddress(tr.DestinationAddress) || !n.ValidAddress(tr.RefundAddress) || !n.ValidAddress(tr.FromAddress) {
			t.Fatalf("invalid address in %+v", tr)
		}
		// Mesh's refund-address rule.
		own := userAddress("c", tr.UserID, in.ID, n)
		if tr.RefundAddress != own {
			t.Fatalf("refund address is not the user's own address at %s", in.Name)
		}
		if in.IsWallet() && tr.FromAddress != tr.RefundAddress {
			t.Fatalf("wallet transfer: refund %s != sender %s", tr.RefundAddress, tr.FromAddress)
		}
		if !in.IsWallet() && (tr.FromAddress != hotWallet(in.ID, n) || tr.RefundAddress == tr.FromAddress) {
			t.Fatalf("exchange transfer: sender should be the hot wallet and the refund address differ: %+v", tr)
		}
		switch tr.Status {
		case StatusSucceeded:
			if tr.Hash == "" || tr.ExecutedTimestamp == 0 {
				t.Fatalf("succeeded without hash or executedTimestamp")
			}
		case StatusPending:
			if tr.Hash != "" || tr.ExecutedTimestamp != 0 {
				t.Fatalf("pending with a hash")
			}
		}
		if tr.Amount <= 0 || tr.AmountInFiat <= 0 {
			t.Fatalf("non-positive amount")
		}
	}
	same := 0
	for i := 1; i < len(ts); i++ {
		if ts[i].AmountInFiat == ts[i-1].AmountInFiat || ts[i].InstitutionTransactionID != "" && ts[i].InstitutionTransactionID == ts[i-1].InstitutionTransactionID {
			same++
		}
	}
	if same > len(ts)/100 {
		t.Errorf("%d neighbours share amounts or ids: the random streams overlap", same)
	}
	n := float64(len(ts))
	if p := float64(count["status"][StatusPending]) / n; p <= 0.002 || p > 0.1 {
		t.Errorf("pending share %.3f", p)
	}
	if f := float64(count["status"][StatusFailed]) / n; f < 0.02 || f > 0.1 {
		t.Errorf("failed share %.3f", f)
	}
	if len(count["integration"]) != len(integrations) || len(count["network"]) != len(networks) || len(count["symbol"]) != len(tokenOrder) {
		t.Errorf("mix too narrow: %d integrations, %d networks, %d symbols", len(count["integration"]), len(count["network"]), len(count["symbol"]))
	}
	if len(count["type"]) != 3 || len(count["user"]) < 500 || len(count["sub"]) != len(subs)+1 {
		t.Errorf("types %v, %d users, sub-clients %v", count["type"], len(count["user"]), count["sub"])
	}
	// A stable per-user address: the same user at the same exchange keeps it.
	a := userAddress("c", "user-00001", IntCoinbase, networks[0])
	if a != userAddress("c", "user-00001", IntCoinbase, networks[0]) || a == userAddress("c", "user-00002", IntCoinbase, networks[0]) {
		t.Error("user deposit addresses are not stable per user")
	}
}
