package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
)

func TestAccountViewStatus(t *testing.T) {
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		c    store.Connection
		want string
	}{
		{store.Connection{Health: store.HealthOK}, StatusValid},
		{store.Connection{Health: store.HealthExpired}, StatusReconnect},
		{store.Connection{Health: store.HealthError}, StatusError},
		{store.Connection{Health: store.HealthUnknown}, StatusUnchecked},
		{store.Connection{Health: store.HealthOK, DelayedAuth: true}, StatusWaiting},
	}
	for _, tt := range tests {
		tt.c.ConnectedAt = at
		v := accountView(&tt.c)
		if v.Status != tt.want || v.ConnectedAt != "2026-11-25T10:00:00Z" || v.LastUsedAt != "" {
			t.Errorf("%+v → %+v, want status %q", tt.c, v, tt.want)
		}
	}
}

func TestTokenRejected(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&mesh.Error{HTTPStatus: 401}, true},
		{&mesh.Error{HTTPStatus: 403}, true},
		{&mesh.Error{HTTPStatus: 400, ErrorType: "invalidToken"}, true},
		{fmt.Errorf("check: %w", &mesh.Error{HTTPStatus: 400, Message: "The auth token is not valid or the account was disconnected."}), true},
		{&mesh.Error{HTTPStatus: 400, ErrorType: "missingField", Message: "The type field is required."}, false},
		{&mesh.Error{HTTPStatus: 503}, false},
		{&mesh.Error{HTTPStatus: 429}, false},
		{errors.New("dial tcp: connection refused"), false},
	}
	for _, tt := range tests {
		if got := tokenRejected(tt.err); got != tt.want {
			t.Errorf("tokenRejected(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestMeshMessage(t *testing.T) {
	got := meshMessage(&mesh.Error{HTTPStatus: 400, ErrorType: "invalidToken", Message: "dev text", DisplayMessage: "Reconnect your account"})
	if got != "Reconnect your account (invalidToken)" {
		t.Fatalf("meshMessage = %q", got)
	}
	if got := meshMessage(errors.New("no network")); got != "no network" {
		t.Fatalf("meshMessage(plain) = %q", got)
	}
}

func TestAccountOperationsOnAnUnknownID(t *testing.T) {
	a, _, _ := mustDeskApp(t)
	for name, call := range map[string]func() error{
		"CheckAccount":    func() error { _, err := a.CheckAccount("nope"); return err },
		"AccountBalances": func() error { _, err := a.AccountBalances("nope"); return err },
		"DepositAddress":  func() error { _, err := a.DepositAddress("nope", "USDC", ""); return err },
		"Disconnect":      func() error { _, err := a.Disconnect("nope"); return err },
	} {
		if err := call(); err == nil || !strings.Contains(err.Error(), "no connected account") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDepositAddressAfterAWithdrawalConnect(t *testing.T) {
	a, _, _ := mustDeskApp(t)
	sim := mustSim(t, a)
	conn, err := sim.ConnectAccount("demo-client", "md-user-wd", "7f1d6c5b-4a3e-4d2c-9b1a-0f9e8d7c6b51") // Sandbox Exchange
	if err != nil {
		t.Fatal(err)
	}
	saved, err := a.SaveConnection(ConnectionInput{UserID: "md-user-wd", Payload: LinkPayload{AccessToken: &LinkAccessTokenPayload{
		BrokerType: "sandbox", BrokerName: "Sandbox Exchange", AccountTokens: []LinkAccountToken{{
			Account: LinkAccount{AccountID: conn.Account.AccountID}, AccessToken: conn.Account.AccessToken, TokenID: conn.Account.TokenID}}}}})
	if err != nil {
		t.Fatal(err)
	}
	id := saved[0].ID
	addr, err := a.DepositAddress(id, "usdc", netEthereum)
	if err != nil || addr.Address == "" || !strings.EqualFold(addr.Symbol, "USDC") {
		t.Fatalf("DepositAddress = %+v, %v", addr, err)
	}
	if err := mesh.ValidateAddress(mesh.NetworkTypeEvm, addr.Address); err != nil {
		t.Fatalf("the deposit address is not an EVM address: %v", err)
	}
	for _, bad := range []struct{ sym, net, want string }{{"", netEthereum, "symbol"}, {"USDC", "ethereum", "UUID"}} {
		if _, err := a.DepositAddress(id, bad.sym, bad.net); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("DepositAddress(%q, %q) = %v, want %q", bad.sym, bad.net, err, bad.want)
		}
	}
	if accts, _ := a.Accounts(""); len(accts) != 1 || accts[0].LastUsedAt == "" {
		t.Fatalf("last used not recorded: %+v", accts)
	}
}
