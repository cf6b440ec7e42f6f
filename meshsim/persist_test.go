package meshsim

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestStatePersistsAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state", "sim.json")
	clock := newSimClock()
	opts := Options{Seed: 4, Transfers: 300, StateFile: file, Clock: clock.Now, SettleDelay: time.Minute}
	s1, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	conn := mustConnect(t, s1, DefaultClientID, "dana", IntSandbox)
	tr, err := s1.CreateTransfer(TransferRequest{ClientID: DefaultClientID, AccountToken: conn.Account.TokenID, NetworkID: NetSolana,
		Symbol: "SOL", Amount: 0.5, ToAddress: addressFor("solana", "dest")})
	if err != nil {
		t.Fatal(err)
	}
	gen := s1.Snapshot()[10]
	if _, err := s1.SetTransferStatus(gen.ID, StatusFailed); err != nil {
		t.Fatal(err)
	}
	if err := s1.RecordWalletSignature(WalletSignature{ClientID: DefaultClientID, UserID: "dana", Address: "0xabc", Message: "hi", Signature: "sig"}); err != nil {
		t.Fatal(err)
	}
	_, code, _ := s1.CreateLinkToken(DefaultClientID, LinkTokenRequest{UserID: "dana"})
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v %v", fi, err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "state", ".*tmp*")); len(leftovers) > 0 {
		t.Errorf("temp files left: %v", leftovers)
	}

	// Options that differ from the file lose: the history is the file's.
	opts.Seed, opts.Transfers = 99, 5
	s2, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n := s2.TransferCount(); n != 301 {
		t.Fatalf("%d transfers after restart, want 301", n)
	}
	if got, _ := s2.Transfer(gen.ID); got.Status != StatusFailed {
		t.Errorf("changed generated transfer came back %s", got.Status)
	}
	a, ok := s2.AccountByToken(DefaultClientID, conn.Account.TokenID)
	if !ok || a.ID != conn.Account.ID {
		t.Fatalf("account by tokenId after restart: %v %+v", ok, a)
	}
	if got, ok := s2.Transfer(tr.ID); !ok || got.Status != StatusPending {
		t.Fatalf("runtime transfer after restart: %v %+v", ok, got)
	}
	if len(s2.WalletSignatures()) != 1 {
		t.Error("signature lost")
	}
	if _, err := s2.RedeemLinkToken(DefaultClientID, code); err != nil {
		t.Errorf("unused link token lost: %v", err)
	}
	// It keeps progressing after the restart.
	clock.Advance(time.Minute)
	if n := s2.SettleDue(); n != 1 {
		t.Fatalf("settled %d after restart", n)
	}
	// Reconnecting keeps the tokenId (MMT) and marks the account reconnected.
	again := mustConnect(t, s2, DefaultClientID, "dana", IntSandbox)
	if again.Account.TokenID != conn.Account.TokenID || !again.Account.Reconnected || again.Account.AccessToken == conn.Account.AccessToken {
		t.Errorf("reconnect: %+v", again.Account)
	}
}

func TestStateFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StateFile: bad}); err == nil {
		t.Error("corrupt state file accepted")
	}
	old := filepath.Join(dir, "old.json")
	if err := os.WriteFile(old, []byte(`{"version":99}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StateFile: old}); err == nil {
		t.Error("unknown state version accepted")
	}
	for _, o := range []Options{{FailureRate: 2}, {Transfers: -1}, {Clients: []Client{{ID: "x"}}}} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
}

func TestStartLoopbackOnly(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Start("0.0.0.0:0"); err == nil {
		t.Fatal("listened on a public address")
	}
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if s.BaseURL() != base || len(base) < len("http://127.0.0.1:1") {
		t.Errorf("base %q", base)
	}
	tok, _, err := s.CreateLinkToken(DefaultClientID, LinkTokenRequest{UserID: "u"})
	if err != nil || tok == "" {
		t.Fatal(err)
	}
}
