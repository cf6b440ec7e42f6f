package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meshdesk/desk"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"
)

// Real addresses (EIP-55's own test vector, Solana's system program, a bech32 P2WPKH, the
// Tron USDT contract).
const (
	evmAddr      = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	evmBadSum    = "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	solAddr      = "So11111111111111111111111111111111111111112"
	btcAddr      = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
	tronAddr     = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
	netEthereum  = "e3c7fdd8-b1fc-4e51-85ae-bb276e075611"
	netSolana    = "0196f8e0-0000-4000-8000-00000000000a"
	netBitcoin   = "0196f8e0-0000-4000-8000-00000000000b"
	netUnlisted  = "0196f8e0-0000-4000-8000-0000000000ff"
	testUserID   = "md-user-test"
	testDeposit  = 25.0
	testNegative = -1.0
)

func ptr[T any](v T) *T { return &v }

var testNetworks = []mesh.Network{
	{ID: netEthereum, Name: "Ethereum", NetworkType: mesh.NetworkTypeEvm, SupportedTokens: []string{"ETH", "USDC"}},
	{ID: netSolana, Name: "Solana", NetworkType: mesh.NetworkTypeSolana, SupportedTokens: []string{"SOL", "USDC"}},
	{ID: netBitcoin, Name: "Bitcoin", NetworkType: mesh.NetworkTypeBitcoin, Tokens: []mesh.NetworkToken{{Symbol: "BTC"}}},
}

func TestLinkOptionsRequest(t *testing.T) {
	dep := func(addr string) []Destination {
		return []Destination{{NetworkID: netEthereum, Symbol: "usdc", Address: addr}}
	}
	tests := []struct {
		name       string
		o          LinkOptions
		production bool
		want       map[string]string // field → substring of its message; nil = valid
	}{
		{"connect", LinkOptions{Journey: JourneyConnect, UserID: testUserID}, false, nil},
		{"connect on production needs no confirmation", LinkOptions{Journey: JourneyConnect, UserID: testUserID}, true, nil},
		{"deposit, checksummed EVM address, no amount", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: dep(evmAddr)}, false, nil},
		{"deposit, lower-case EVM address", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: dep(strings.ToLower(evmAddr))}, false, nil},
		{"deposit, bad EIP-55 checksum", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: dep(evmBadSum)},
			false, map[string]string{"destinations[0].address": "checksum"}},
		{"deposit, Solana address on Ethereum", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: dep(solAddr)},
			false, map[string]string{"destinations[0].address": "Ethereum"}},
		{"deposit to Solana and Bitcoin", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: []Destination{
			{NetworkID: netSolana, Symbol: "SOL", Address: solAddr}, {NetworkID: netBitcoin, Symbol: "BTC", Address: btcAddr, Amount: ptr(0.01)}}}, false, nil},
		{"Tron address on Bitcoin", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: []Destination{
			{NetworkID: netBitcoin, Symbol: "BTC", Address: tronAddr}}}, false, map[string]string{"destinations[0].address": "not a valid Bitcoin address"}},
		{"unknown journey", LinkOptions{Journey: "swap", UserID: testUserID}, false, map[string]string{"journey": "choose a journey"}},
		{"empty user id", LinkOptions{Journey: JourneyConnect, UserID: "  "}, false, map[string]string{"userId": "empty"}},
		{"user id of 301 characters", LinkOptions{Journey: JourneyConnect, UserID: strings.Repeat("u", 301)}, false, map[string]string{"userId": "300"}},
		{"deposit without destination", LinkOptions{Journey: JourneyDeposit, UserID: testUserID}, false, map[string]string{"destinations": "at least one"}},
		{"missing network, symbol and address", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: []Destination{{}}},
			false, map[string]string{"destinations[0].networkId": "choose", "destinations[0].symbol": "choose", "destinations[0].address": "enter"}},
		{"unlisted network", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: []Destination{{NetworkID: netUnlisted, Symbol: "ETH", Address: evmAddr}}},
			false, map[string]string{"destinations[0].networkId": "no network"}},
		{"symbol the network does not carry", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: []Destination{{NetworkID: netEthereum, Symbol: "BTC", Address: evmAddr}}},
			false, map[string]string{"destinations[0].symbol": "does not carry BTC"}},
		{"zero and negative amounts", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, AmountInFiat: ptr(0.0),
			Destinations: []Destination{{NetworkID: netEthereum, Symbol: "ETH", Address: evmAddr, Amount: ptr(testNegative)}}},
			false, map[string]string{"amountInFiat": "more than 0", "destinations[0].amount": "more than 0"}},
		{"payment", LinkOptions{Journey: JourneyPayment, UserID: testUserID, TransactionID: "inv-1",
			Destinations: []Destination{{NetworkID: netEthereum, Symbol: "USDC", Address: evmAddr, Amount: ptr(testDeposit)}}}, false, nil},
		{"payment without amount or transaction id", LinkOptions{Journey: JourneyPayment, UserID: testUserID, Destinations: dep(evmAddr)},
			false, map[string]string{"destinations[0].amount": "fixed amount", "transactionId": "needs a transaction id"}},
		{"payment with a bad address sends nothing", LinkOptions{Journey: JourneyPayment, UserID: testUserID, TransactionID: "inv-2",
			Destinations: []Destination{{NetworkID: netEthereum, Symbol: "USDC", Address: "0x1234", Amount: ptr(testDeposit)}}},
			false, map[string]string{"destinations[0].address": "not a valid Ethereum address"}},
		{"payment to two destinations", LinkOptions{Journey: JourneyPayment, UserID: testUserID, TransactionID: "inv-3", AmountInFiat: ptr(10.0),
			Destinations: append(dep(evmAddr), dep(evmAddr)...)}, false, map[string]string{"destinations": "one destination"}},
		{"transaction id of 129 characters", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, TransactionID: strings.Repeat("t", 129), Destinations: dep(evmAddr)},
			false, map[string]string{"transactionId": "128"}},
		{"deposit on production without confirmation", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: dep(evmAddr)},
			true, map[string]string{"confirmProduction": "production"}},
		{"deposit on production, confirmed", LinkOptions{Journey: JourneyDeposit, UserID: testUserID, Destinations: dep(evmAddr), ConfirmProduction: true}, true, nil},
		{"withdrawal on production without confirmation", LinkOptions{Journey: JourneyWithdrawal, UserID: testUserID},
			true, map[string]string{"confirmProduction": "confirm"}},
		{"onramp, SmartFunding and inclusive fees", LinkOptions{Journey: JourneyOnramp, UserID: testUserID, SmartFunding: true, InclusiveFees: true,
			AmountInFiat: ptr(100.0), Destinations: dep(evmAddr)}, false, nil},
		{"verify", LinkOptions{Journey: JourneyVerify, UserID: testUserID, VerifyMessage: "I own this wallet", VerifyAddress: solAddr, VerifyNetworkID: netSolana}, false, nil},
		{"verify without address or network", LinkOptions{Journey: JourneyVerify, UserID: testUserID},
			false, map[string]string{"verifyAddress": "enter", "verifyNetworkId": "choose"}},
		{"verify with a bad address", LinkOptions{Journey: JourneyVerify, UserID: testUserID, VerifyAddress: evmBadSum, VerifyNetworkID: netEthereum},
			false, map[string]string{"verifyAddress": "checksum"}},
		{"verify + deposit", LinkOptions{Journey: JourneyVerifyDeposit, UserID: testUserID, VerifyAddress: evmAddr, VerifyNetworkID: netEthereum,
			Destinations: dep(evmAddr)}, false, nil},
		{"verify + payment needs the payment's fields too", LinkOptions{Journey: JourneyVerifyPayment, UserID: testUserID, VerifyAddress: evmAddr,
			VerifyNetworkID: netEthereum, Destinations: dep(evmAddr)}, false, map[string]string{"transactionId": "needs"}},
		{"integration id that is not a UUID", LinkOptions{Journey: JourneyConnect, UserID: testUserID, IntegrationID: "coinbase"},
			false, map[string]string{"integrationId": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, fe := tt.o.Request(testNetworks, tt.production)
			if tt.want == nil {
				if fe != nil {
					t.Fatalf("field errors %v, want none", fe)
				}
				if err := req.Validate(); err != nil {
					t.Fatalf("the request does not validate: %v", err)
				}
				return
			}
			for f, sub := range tt.want {
				if msg, ok := fe[f]; !ok || !strings.Contains(msg, sub) {
					t.Errorf("field %s: got %q (all: %v), want a message containing %q", f, msg, fe, sub)
				}
			}
		})
	}
}

func TestLinkOptionsRequestShape(t *testing.T) {
	o := LinkOptions{Journey: JourneyVerifyPayment, UserID: testUserID, TransactionID: " inv-9 ", SmartFunding: true, InclusiveFees: true,
		VerifyMessage: "sign me", VerifyAddress: evmAddr, VerifyNetworkID: netEthereum,
		Destinations: []Destination{{NetworkID: netEthereum, Symbol: "usdc", Address: " " + evmAddr + " ", Amount: ptr(12.5)}}}
	req, fe := o.Request(testNetworks, false)
	if fe != nil {
		t.Fatal(fe)
	}
	to := req.TransferOptions
	if to == nil || to.TransferType != mesh.TransferTypePayment || to.TransactionID != "inv-9" || !to.IsInclusiveFeeEnabled ||
		to.FundingOptions == nil || !to.FundingOptions.Enabled {
		t.Fatalf("transferOptions = %+v", to)
	}
	if a := to.ToAddresses[0]; a.Symbol != "USDC" || a.Address != evmAddr || *a.Amount != 12.5 {
		t.Fatalf("toAddresses[0] = %+v", a)
	}
	vw := req.VerifyWalletOptions
	if vw == nil || vw.NetworkType != mesh.NetworkTypeEvm || len(vw.Addresses) != 1 || vw.Message != "sign me" {
		t.Fatalf("verifyWalletOptions = %+v", vw)
	}
	if conn, _ := (LinkOptions{Journey: JourneyWithdrawal, UserID: testUserID}).Request(nil, false); conn.TransferOptions != nil || conn.VerifyWalletOptions != nil {
		t.Fatalf("a withdrawal connect carries options: %+v", conn)
	}
}

func TestFormFields(t *testing.T) {
	got := formFields(map[string]string{
		"transferOptions.toAddresses[2].networkId": "a", "transferOptions.transactionId": "b",
		"verifyWalletOptions.addresses[0]": "c", "userId": "d", "restrictMultipleAccounts": "e",
	})
	want := map[string]string{"destinations[2].networkId": "a", "transactionId": "b", "verifyAddress": "c", "userId": "d",
		FormField: "restrictMultipleAccounts: e"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q (all %v)", k, got[k], v, got)
		}
	}
}

// mustDeskApp is an App on a temp data folder with an in-memory vault and the Demo profile's
// in-process emulator (no generated history).
func mustDeskApp(t *testing.T) (*App, *store.MemoryVault, string) {
	t.Helper()
	dir := t.TempDir()
	var buf bytes.Buffer
	a := NewApp(slog.New(slog.NewTextHandler(&buf, nil)), "", time.Now())
	vault := store.NewMemoryVault()
	a.deskOpts = desk.Options{DBPath: filepath.Join(dir, "meshdesk.db"), StateDir: filepath.Join(dir, "state"),
		Keychain: vault, Getenv: func(string) string { return "" }, DemoTransfers: -1, Logger: a.log}
	a.openDesk(context.Background())
	if a.deskErr != nil {
		t.Fatal(a.deskErr)
	}
	t.Cleanup(func() {
		a.closeDesk()
		for _, tok := range []string{"acc_", "ref_"} { // no token ever reaches the log
			if strings.Contains(buf.String(), tok) {
				t.Errorf("the log holds a token (%s…)", tok)
			}
		}
	})
	return a, vault, dir
}

// mustSim returns the Demo profile's running emulator.
func mustSim(t *testing.T, a *App) *meshsim.Sim {
	t.Helper()
	_, s, err := a.session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Sim == nil {
		t.Fatal("the Demo profile runs no emulator")
	}
	return s.Sim
}

func TestCreateLinkTokenAgainstTheEmulator(t *testing.T) {
	a, _, _ := mustDeskApp(t)
	sim := mustSim(t, a)
	active, err := a.ActiveProfile()
	if err != nil {
		t.Fatal(err)
	}
	const route = "POST /api/v1/linktoken"
	before := sim.RequestCount(route)

	ls, err := a.CreateLinkToken(LinkOptions{Journey: JourneyPayment, TransactionID: "inv-bad",
		Destinations: []Destination{{NetworkID: netEthereum, Symbol: "USDC", Address: evmBadSum, Amount: ptr(5.0)}}})
	if err != nil {
		t.Fatal(err)
	}
	if ls.LinkToken != "" || !strings.Contains(ls.FieldErrors["destinations[0].address"], "checksum") {
		t.Fatalf("bad address: %+v", ls)
	}
	if n := sim.RequestCount(route); n != before {
		t.Fatalf("a form with field errors reached Mesh (%d link-token requests)", n-before)
	}

	ls, err = a.CreateLinkToken(LinkOptions{Journey: JourneyDeposit,
		Destinations: []Destination{{NetworkID: netEthereum, Symbol: "USDC", Address: evmAddr}}})
	if err != nil {
		t.Fatal(err)
	}
	if ls.FieldErrors != nil || ls.LinkToken == "" {
		t.Fatalf("deposit: %+v", ls)
	}
	if ls.UserID != active.DefaultUserID {
		t.Fatalf("user id %q, want the profile's default %q", ls.UserID, active.DefaultUserID)
	}
	if ls.LinkOrigin != active.LinkOrigin || !strings.HasPrefix(ls.LinkOrigin, "http://127.0.0.1:") {
		t.Fatalf("link origin %q, profile's %q", ls.LinkOrigin, active.LinkOrigin)
	}
	u, err := mesh.DecodeLinkToken(ls.LinkToken)
	if err != nil || !strings.HasPrefix(u, ls.LinkOrigin+"/link/") {
		t.Fatalf("token decodes to %q (%v)", u, err)
	}
	if n := sim.RequestCount(route); n != before+1 {
		t.Fatalf("%d link-token requests, want 1", n-before)
	}
}

func TestSaveConnectionKeepsTokensInTheVault(t *testing.T) {
	a, vault, dir := mustDeskApp(t)
	sim := mustSim(t, a)
	active, _ := a.ActiveProfile()
	conn, err := sim.ConnectAccount(meshsim.DefaultClientID, "md-user-save", meshsim.IntSandbox)
	if err != nil {
		t.Fatal(err)
	}
	tokenID := conn.Account.TokenID
	if tokenID == "" {
		t.Fatal("the Demo client has no Mesh Managed Tokens")
	}
	payload := LinkPayload{AccessToken: &LinkAccessTokenPayload{BrokerType: "sandbox", BrokerName: "Sandbox Exchange",
		AccountTokens: []LinkAccountToken{{Account: LinkAccount{AccountID: conn.Account.AccountID, AccountName: conn.Account.AccountName,
			MeshAccountID: conn.Account.ID}, AccessToken: conn.Account.AccessToken, RefreshToken: conn.Account.RefreshToken, TokenID: tokenID}}}}
	saved, err := a.SaveConnection(ConnectionInput{UserID: "md-user-save", Payload: payload})
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != 1 || saved[0].Status != StatusValid || saved[0].UserID != "md-user-save" || saved[0].AccountID != conn.Account.AccountID {
		t.Fatalf("saved %+v", saved)
	}
	id := saved[0].ID
	got, err := vault.Get(context.Background(), active.ID, store.ConnectionSecret(id, store.ConnTokenID))
	if err != nil || got != tokenID {
		t.Fatalf("vault tokenId = %q, %v", got, err)
	}
	if _, err := vault.Get(context.Background(), active.ID, store.ConnectionSecret(id, store.ConnRefreshToken)); err == nil {
		t.Fatal("with MMT only the tokenId is kept")
	}
	// Return users: the same tokenId, for this user only.
	toks, err := a.LinkAccessTokens("md-user-save")
	if err != nil || len(toks) != 1 || toks[0].AccessToken != tokenID || toks[0].BrokerType != "sandbox" {
		t.Fatalf("LinkAccessTokens = %+v, %v", toks, err)
	}
	if other, _ := a.LinkAccessTokens("someone-else"); len(other) != 0 {
		t.Fatalf("another user's tokens: %+v", other)
	}
	// Saving the same account again (a reconnect) keeps one row.
	if again, err := a.SaveConnection(ConnectionInput{UserID: "md-user-save", Payload: payload}); err != nil || again[0].ID != id {
		t.Fatalf("reconnect: %+v %v", again, err)
	}
	// Health through the API, then balances, then disconnect.
	v, err := a.CheckAccount(id)
	if err != nil || v.Status != StatusValid {
		t.Fatalf("CheckAccount = %+v, %v", v, err)
	}
	det, err := a.AccountBalances(id)
	if err != nil || det.Balance == nil || det.Holdings == nil || det.Error != "" {
		t.Fatalf("AccountBalances = %+v, %v", det, err)
	}
	dr, err := a.Disconnect(id)
	if err != nil || !dr.MeshNotified {
		t.Fatalf("Disconnect = %+v, %v", dr, err)
	}
	if _, err := vault.Get(context.Background(), active.ID, store.ConnectionSecret(id, store.ConnTokenID)); err == nil {
		t.Fatal("the tokenId survived Disconnect")
	}
	if accts, _ := a.Accounts(""); len(accts) != 0 {
		t.Fatalf("accounts after disconnect: %+v", accts)
	}
	if _, ok := sim.AccountByToken(meshsim.DefaultClientID, tokenID); ok {
		t.Fatal("Mesh was not told of the disconnect")
	}
	if _, err := a.CheckAccount(id); err == nil || !strings.Contains(err.Error(), "no connected account") {
		t.Fatalf("CheckAccount after disconnect: %v", err)
	}
	a.closeDesk() // flush the WAL before looking at the files
	assertNotInFiles(t, dir, tokenID)
}

// assertNotInFiles fails when any file under dir holds secret.
func assertNotInFiles(t *testing.T, dir, secret string) {
	t.Helper()
	n := 0
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		n++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(fi.Name(), "demo-") && strings.HasSuffix(fi.Name(), ".json") {
			return nil // the Demo emulator's own state: Mesh's side of the connection
		}
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s holds the secret", p)
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walk %s: %d files, %v", dir, n, err)
	}
}

func TestSaveConnectionWithoutMMTAndDelayedAuth(t *testing.T) {
	a, vault, _ := mustDeskApp(t)
	sim := mustSim(t, a)
	active, _ := a.ActiveProfile()
	ctx := context.Background()

	// Without MMT: the access and refresh tokens are kept, and a check refreshes them.
	conn, err := sim.ConnectAccount(meshsim.DefaultClientID, "md-user-legacy", meshsim.IntKraken)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := a.SaveConnection(ConnectionInput{UserID: "md-user-legacy", Payload: LinkPayload{AccessToken: &LinkAccessTokenPayload{
		BrokerType: "kraken", BrokerName: "Kraken", AccountTokens: []LinkAccountToken{{Account: LinkAccount{AccountID: conn.Account.AccountID},
			AccessToken: conn.Account.AccessToken, RefreshToken: conn.Account.RefreshToken}}}}})
	if err != nil {
		t.Fatal(err)
	}
	id := saved[0].ID
	for kind, want := range map[store.ConnSecretKind]string{store.ConnAccessToken: conn.Account.AccessToken, store.ConnRefreshToken: conn.Account.RefreshToken} {
		if got, err := vault.Get(ctx, active.ID, store.ConnectionSecret(id, kind)); err != nil || got != want {
			t.Fatalf("%s = %q, %v", kind, got, err)
		}
	}
	v, err := a.CheckAccount(id)
	if err != nil || v.Status != StatusValid {
		t.Fatalf("CheckAccount = %+v, %v", v, err)
	}
	// The refresh's answer replaced the tokens (the Demo client has MMT, so Mesh's answer
	// carries the tokenId, which is kept from now on).
	d, _ := a.service()
	c, _ := d.DB().Connection(ctx, active.ID, id)
	fresh, mmt, err := a.connectionToken(ctx, d, c)
	if err != nil || !mmt || fresh != conn.Account.TokenID {
		t.Fatalf("after the refresh: token %q (mmt %v), %v", fresh, mmt, err)
	}
	// Mesh revokes the account: the check says "needs reconnect" with Mesh's message.
	_, s, _ := a.session(ctx)
	if err := s.Client.Disconnect(ctx, mesh.AccountRequest{AuthToken: fresh, Type: "kraken"}); err != nil {
		t.Fatal(err)
	}
	v, err = a.CheckAccount(id)
	if err != nil || v.Status != StatusReconnect || !strings.Contains(v.HealthDetail, "not valid") {
		t.Fatalf("revoked: %+v, %v", v, err)
	}
	if toks, _ := a.LinkAccessTokens("md-user-legacy"); len(toks) != 0 {
		t.Fatalf("an account needing a reconnect is offered to Link: %+v", toks)
	}

	// Delayed auth: stored and shown as waiting for the exchange.
	gem, err := sim.ConnectAccount(meshsim.DefaultClientID, "md-user-delayed", meshsim.IntGemini)
	if err != nil {
		t.Fatal(err)
	}
	dp := gem.DelayedPayload()
	saved, err = a.SaveConnection(ConnectionInput{UserID: "md-user-delayed", Payload: LinkPayload{DelayedAuth: &LinkDelayedAuthPayload{
		RefreshToken: dp.RefreshToken, BrokerType: dp.BrokerType, BrokerName: dp.BrokerName}}})
	if err != nil || saved[0].Status != StatusWaiting || !saved[0].DelayedAuth {
		t.Fatalf("delayed: %+v, %v", saved, err)
	}
	if toks, _ := a.LinkAccessTokens("md-user-delayed"); len(toks) != 0 {
		t.Fatalf("a waiting account is offered to Link: %+v", toks)
	}
	if _, err := a.AccountBalances(saved[0].ID); err == nil || !strings.Contains(err.Error(), "waiting") {
		t.Fatalf("balances of a waiting account: %v", err)
	}
	if dr, err := a.Disconnect(saved[0].ID); err != nil || dr.MeshNotified {
		t.Fatalf("disconnect a waiting account: %+v, %v", dr, err)
	}
}

func TestSaveConnectionRejects(t *testing.T) {
	a, vault, _ := mustDeskApp(t)
	good := &LinkAccessTokenPayload{BrokerType: "sandbox", AccountTokens: []LinkAccountToken{{TokenID: "t-1"}}}
	tests := []struct {
		name string
		in   ConnectionInput
		want string
	}{
		{"no user id", ConnectionInput{Payload: LinkPayload{AccessToken: good}}, "user id"},
		{"empty payload", ConnectionInput{UserID: "u"}, "neither"},
		{"no broker type", ConnectionInput{UserID: "u", Payload: LinkPayload{AccessToken: &LinkAccessTokenPayload{AccountTokens: good.AccountTokens}}}, "brokerType"},
		{"no accounts", ConnectionInput{UserID: "u", Payload: LinkPayload{AccessToken: &LinkAccessTokenPayload{BrokerType: "sandbox"}}}, "no account"},
		{"no token", ConnectionInput{UserID: "u", Payload: LinkPayload{AccessToken: &LinkAccessTokenPayload{BrokerType: "sandbox",
			AccountTokens: []LinkAccountToken{{RefreshToken: "r"}}}}}, "no tokenId"},
		{"delayed without refresh token", ConnectionInput{UserID: "u", Payload: LinkPayload{DelayedAuth: &LinkDelayedAuthPayload{BrokerType: "gemini"}}}, "refreshToken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := a.SaveConnection(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if vault.Len() != 0 {
				t.Fatalf("the vault holds %d entries", vault.Len())
			}
		})
	}
	// A keychain that fails: nothing is saved, and the message says what to do.
	vault.Fail = func(string, string, store.SecretKey) error { return store.ErrVaultUnavailable }
	_, err := a.SaveConnection(ConnectionInput{UserID: "u", Payload: LinkPayload{AccessToken: good}})
	if err == nil || !strings.Contains(err.Error(), "keychain") {
		t.Fatalf("keychain down: %v", err)
	}
	if accts, _ := a.Accounts(""); len(accts) != 0 {
		t.Fatalf("a connection without its token was kept: %+v", accts)
	}
}

func TestPresets(t *testing.T) {
	a, _, _ := mustDeskApp(t)
	ps, err := a.Presets()
	if err != nil || len(ps) != 0 {
		t.Fatalf("Presets = %v, %v", ps, err)
	}
	bad, err := a.SavePreset(Preset{Name: "", Journey: JourneyDeposit, Destinations: []Destination{{NetworkID: netEthereum, Symbol: "USDC", Address: evmBadSum}}})
	if err != nil || bad.FieldErrors["presetName"] == "" || !strings.Contains(bad.FieldErrors["destinations[0].address"], "checksum") {
		t.Fatalf("bad preset: %+v, %v", bad, err)
	}
	if r, _ := a.SavePreset(Preset{Name: "x", Journey: JourneyVerify}); r.FieldErrors["journey"] == "" {
		t.Fatalf("a verify preset was accepted: %+v", r)
	}
	daily := Preset{Name: "Daily USDC", Journey: JourneyDeposit, Destinations: []Destination{{NetworkID: netEthereum, Symbol: "USDC", Address: evmAddr}}}
	if r, err := a.SavePreset(daily); err != nil || r.FieldErrors != nil || len(r.Presets) != 1 {
		t.Fatalf("SavePreset = %+v, %v", r, err)
	}
	daily.Destinations[0].Amount = ptr(10.0)
	if r, err := a.SavePreset(daily); err != nil || len(r.Presets) != 1 || *r.Presets[0].Destinations[0].Amount != 10 {
		t.Fatalf("replace: %+v, %v", r, err)
	}
	if ps, err := a.DeletePreset("daily usdc"); err != nil || len(ps) != 0 {
		t.Fatalf("DeletePreset = %v, %v", ps, err)
	}
	if _, err := a.DeletePreset("nope"); err == nil {
		t.Fatal("deleting a missing preset succeeded")
	}
}

func TestCatalogAndNetworks(t *testing.T) {
	a, _, _ := mustDeskApp(t)
	ins, err := a.Catalog()
	if err != nil || len(ins) == 0 {
		t.Fatalf("Catalog = %d, %v", len(ins), err)
	}
	ns, err := a.Networks()
	if err != nil {
		t.Fatal(err)
	}
	var eth *NetworkView
	for i := range ns {
		if ns[i].ID == netEthereum {
			eth = &ns[i]
		}
	}
	if eth == nil || eth.NetworkType != "evm" || len(eth.Symbols) == 0 {
		t.Fatalf("Ethereum = %+v", eth)
	}
}
