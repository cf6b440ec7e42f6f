package mesh_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/meshsim"
)

// simClock is the emulator's clock, advanced by hand.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// simEnv is the emulator behind an httptest server and a mesh.Client for it
// whose retry waits are recorded instead of slept.
type simEnv struct {
	sim    *meshsim.Sim
	url    string
	clock  *simClock
	client *mesh.Client
	mu     sync.Mutex
	sleeps []time.Duration
}

func mustSim(t *testing.T, opts meshsim.Options) *simEnv {
	t.Helper()
	e := &simEnv{clock: &simClock{t: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)}}
	if opts.Clock == nil {
		opts.Clock = e.clock.Now
	}
	s, err := meshsim.New(opts)
	if err != nil {
		t.Fatalf("meshsim.New: %v", err)
	}
	srv := httptest.NewServer(s.Handler())
	s.SetBaseURL(srv.URL)
	t.Cleanup(func() {
		srv.Close()
		if err := s.Close(); err != nil {
			t.Errorf("sim Close: %v", err)
		}
	})
	e.sim, e.url = s, srv.URL
	cl := s.Clients()[0]
	e.client, err = mesh.NewClient(cl.ID, cl.Secret, mesh.WithBaseURL(srv.URL),
		mesh.WithSleep(func(ctx context.Context, d time.Duration) error {
			e.mu.Lock()
			e.sleeps = append(e.sleeps, d)
			e.mu.Unlock()
			return ctx.Err()
		}))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *simEnv) Sleeps() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.sleeps)
}

func historySize() int {
	if testing.Short() {
		return 120
	}
	return 450
}

func TestEmulatorLinkToken(t *testing.T) {
	e := mustSim(t, meshsim.Options{})
	ctx := context.Background()
	cl := e.sim.Clients()[0]
	amount := 50.0
	fee := 0.01
	req := mesh.LinkTokenRequest{
		UserID:                   "user-1",
		RestrictMultipleAccounts: true,
		IntegrationID:            meshsim.IntCoinbase,
		DisableAPIKeyGeneration:  true,
		SubClientID:              e.sim.SubClients(cl.ID)[0].ID,
		TransferOptions: &mesh.TransferOptions{
			TransferType:    mesh.TransferTypePayment,
			TransactionID:   "order-1",
			AmountInFiat:    &amount,
			ClientFee:       &fee,
			FundingOptions:  &mesh.FundingOptions{Enabled: true},
			GeneratePayLink: true,
			ToAddresses: []mesh.ToAddress{{NetworkID: meshsim.NetEthereum, Symbol: "USDC",
				Address: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}},
		},
	}
	nets, err := e.client.Networks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := req.ValidateWith(nets); err != nil {
		t.Fatalf("ValidateWith the emulator's networks: %v", err)
	}
	tok, err := e.client.CreateLinkToken(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok.URL, e.url) || tok.Origin() != e.url {
		t.Errorf("link URL %s does not point at the emulator %s", tok.URL, e.url)
	}
	if tok.PaymentLink == "" {
		t.Error("generatePayLink gave no paymentLink")
	}
	// The emulator's own validation agrees with the client's: an unknown
	// integration passes the client (it cannot know) and fails at Mesh.
	req.IntegrationID = "00000000-0000-4000-8000-000000000000"
	if _, err := e.client.CreateLinkToken(ctx, req); !mesh.IsBadRequest(err) {
		t.Errorf("unknown integration: %v", err)
	}
	bad, err := mesh.NewClient(cl.ID, "sk_wrong", mesh.WithBaseURL(e.url))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.CreateLinkToken(ctx, mesh.LinkTokenRequest{UserID: "u"}); !mesh.IsAuth(err) {
		t.Errorf("wrong secret: %v", err)
	}
}

func TestEmulatorHistory(t *testing.T) {
	n := historySize()
	e := mustSim(t, meshsim.Options{Seed: 7, Transfers: n})
	ctx := context.Background()
	first, err := e.client.Transfers(ctx, mesh.TransferQuery{Count: 10})
	if err != nil {
		t.Fatal(err)
	}
	if first.Total != n || len(first.Items) != 10 || !first.HasMore() || first.NextOffset() != 10 {
		t.Fatalf("first page: total %d, %d items", first.Total, len(first.Items))
	}
	// Walk everything, newest first, with a frozen window.
	q := mesh.TransferQuery{OrderBy: mesh.OrderByCreatedTimestamp, DescendingOrder: true, ToTimestamp: e.clock.Now().Unix()}
	seen := map[string]bool{}
	var all []mesh.Transfer
	for tr, err := range e.client.AllTransfers(ctx, q) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[tr.ID] {
			t.Fatalf("transfer %s seen twice", tr.ID)
		}
		seen[tr.ID] = true
		all = append(all, tr)
	}
	if len(all) != n {
		t.Fatalf("walked %d transfers, want %d", len(all), n)
	}
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].CreatedTimestamp > all[j].CreatedTimestamp }) {
		t.Error("history is not in descending createdTimestamp order")
	}
	pages := 0
	for p, err := range e.client.TransferPages(ctx, q) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(p.Items) > mesh.MaxTransferPage {
			t.Fatalf("page of %d", len(p.Items))
		}
	}
	if want := (n + mesh.MaxTransferPage - 1) / mesh.MaxTransferPage; pages != want {
		t.Errorf("%d pages, want %d", pages, want)
	}

	// Every transfer keeps its raw JSON, amounts as sent.
	var withTx *mesh.Transfer
	for i := range all {
		tr := &all[i]
		if len(tr.Raw) == 0 {
			t.Fatalf("transfer %s has no raw JSON", tr.ID)
		}
		if s, ok := tr.RawNumber("amount"); !ok || s == "" {
			t.Fatalf("transfer %s: no raw amount", tr.ID)
		}
		if withTx == nil && tr.ClientTransactionID != "" {
			withTx = tr
		}
	}
	got, err := e.client.TransferByID(ctx, all[n/2].ID)
	if err != nil || got.ID != all[n/2].ID || string(got.Raw) != string(all[n/2].Raw) {
		t.Fatalf("TransferByID: %v %v", got.ID, err)
	}
	if withTx == nil {
		t.Fatal("no generated transfer has a clientTransactionId")
	}
	got, err = e.client.TransferByClientTransactionID(ctx, withTx.ClientTransactionID)
	if err != nil || got.ClientTransactionID != withTx.ClientTransactionID {
		t.Fatalf("TransferByClientTransactionID: %v %v", got.ID, err)
	}
	if _, err := e.client.TransferByID(ctx, "00000000-0000-4000-8000-000000000000"); !mesh.IsNotFound(err) {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := e.client.TransferByID(ctx, "not-a-uuid"); !mesh.IsBadRequest(err) {
		t.Errorf("bad id: %v", err)
	}

	// Filters.
	failed, err := e.client.Transfers(ctx, mesh.TransferQuery{Statuses: []mesh.TransferStatus{mesh.StatusFailed}, Count: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range failed.Items {
		if tr.Status != mesh.StatusFailed {
			t.Fatalf("status filter let %s through", tr.Status)
		}
	}
	wantFailed := 0
	for _, tr := range all {
		if tr.Status == mesh.StatusFailed {
			wantFailed++
		}
	}
	if failed.Total != wantFailed {
		t.Errorf("failed total %d, want %d", failed.Total, wantFailed)
	}
	user := all[0].UserID
	byUser, err := e.client.Transfers(ctx, mesh.TransferQuery{UserID: user, Count: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range byUser.Items {
		if tr.UserID != user {
			t.Fatalf("user filter let %s through", tr.UserID)
		}
	}
}

func TestEmulatorCatalog(t *testing.T) {
	e := mustSim(t, meshsim.Options{})
	ctx := context.Background()
	ints, err := e.client.Integrations(ctx)
	if err != nil || len(ints) == 0 {
		t.Fatalf("integrations: %d %v", len(ints), err)
	}
	found := false
	for _, in := range ints {
		found = found || (in.ID == meshsim.IntCoinbase && in.Type == mesh.BrokerTypeCoinbase)
	}
	if !found {
		t.Error("Coinbase missing from integrations")
	}
	nets, err := e.client.Networks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	eth, ok := mesh.NetworkByID(nets, strings.ToUpper(meshsim.NetEthereum))
	if !ok || eth.NetworkType != mesh.NetworkTypeEvm || eth.ChainID != "1" {
		t.Errorf("Ethereum: %+v %v", eth, ok)
	}
	for _, n := range nets {
		if !n.NetworkType.Valid() {
			t.Errorf("network %s has type %q", n.Name, n.NetworkType)
		}
	}
	mi, err := e.client.ManagedIntegrations(ctx)
	if err != nil || len(mi) == 0 {
		t.Fatalf("managed integrations: %d %v", len(mi), err)
	}
	toks, err := e.client.Tokens(ctx)
	if err != nil || len(toks) == 0 {
		t.Fatalf("tokens: %d %v", len(toks), err)
	}
}

// The whole account-level flow: holdings, balance, deposit address,
// configure → preview → execute, the transfer in the history, the webhook
// it triggers, token refresh, disconnect.
func TestEmulatorAccountFlow(t *testing.T) {
	const whsec = "whsec_test"
	var hookMu sync.Mutex
	var events []mesh.WebhookEvent
	var hookErrs []error
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ev, err := mesh.ConstructEvent(body, r.Header.Get(mesh.SignatureHeader), whsec)
		hookMu.Lock()
		defer hookMu.Unlock()
		if err != nil {
			hookErrs = append(hookErrs, err)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		events = append(events, ev)
	}))
	defer hook.Close()

	e := mustSim(t, meshsim.Options{WebhookURL: hook.URL, WebhookSecret: whsec, SettleDelay: 10 * time.Second})
	ctx := context.Background()
	cl := e.sim.Clients()[0]
	conn, err := e.sim.ConnectAccount(cl.ID, "user-9", meshsim.IntCoinbase)
	if err != nil {
		t.Fatal(err)
	}
	token := conn.Account.TokenID
	if token == "" {
		token = conn.Account.AccessToken
	}
	typ := mesh.BrokerType(conn.Account.BrokerType)

	h, err := e.client.Holdings(ctx, mesh.HoldingsRequest{AuthToken: token, Type: typ, IncludeMarketValue: true})
	if err != nil || len(h.CryptocurrencyPositions) == 0 {
		t.Fatalf("holdings: %+v %v", h, err)
	}
	bal, err := e.client.Balance(ctx, mesh.BalanceRequest{AuthToken: token, Type: typ})
	if err != nil || len(bal.Balances) == 0 {
		t.Fatalf("balance: %+v %v", bal, err)
	}
	dep, err := e.client.DepositAddress(ctx, mesh.DepositAddressRequest{AuthToken: token, Type: typ, Symbol: "ETH", NetworkID: meshsim.NetEthereum})
	if err != nil || dep.Address == "" {
		t.Fatalf("deposit address: %+v %v", dep, err)
	}
	if err := mesh.ValidateAddress(mesh.NetworkTypeEvm, dep.Address); err != nil {
		t.Errorf("emulator deposit address: %v", err)
	}

	to := "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	cfg, err := e.client.ConfigureTransfer(ctx, mesh.ConfigureTransferRequest{FromAuthToken: token, FromType: typ,
		ToAddresses: []mesh.TransferToAddress{{NetworkID: meshsim.NetEthereum, Symbol: "USDC", Address: to}}})
	if err != nil || cfg.Status != mesh.ConfigureTransferStatusSucceeded || len(cfg.Holdings) == 0 {
		t.Fatalf("configure: %+v %v", cfg, err)
	}
	var symbol string
	var amount float64
	for _, ho := range cfg.Holdings {
		if ho.EligibleForTransfer && ho.AvailableBalance > 0 {
			for _, n := range ho.Networks {
				if n.EligibleForTransfer && strings.EqualFold(n.ID, meshsim.NetEthereum) {
					symbol, amount = ho.Symbol, ho.AvailableBalance/10
				}
			}
		}
	}
	if symbol == "" {
		t.Fatalf("no eligible holding on Ethereum in %+v", cfg.Holdings)
	}
	pv, err := e.client.PreviewTransfer(ctx, mesh.PreviewTransferRequest{FromAuthToken: token, FromType: typ,
		NetworkID: meshsim.NetEthereum, Symbol: symbol, ToAddress: to, Amount: &amount, TransactionID: "desk-1"})
	if err != nil || pv.PreviewResult == nil || pv.PreviewResult.PreviewID == "" {
		t.Fatalf("preview: %+v %v", pv, err)
	}
	ex, err := e.client.ExecuteTransfer(ctx, mesh.ExecuteTransferRequest{FromAuthToken: token, FromType: typ, PreviewID: pv.PreviewResult.PreviewID})
	if err != nil || ex.ExecuteTransferResult == nil || ex.ExecuteTransferResult.TransferID == "" {
		t.Fatalf("execute: %+v %v", ex, err)
	}
	id := ex.ExecuteTransferResult.TransferID
	tr, err := e.client.TransferByID(ctx, id)
	if err != nil || tr.Status != mesh.StatusPending || tr.ClientTransactionID != "desk-1" {
		t.Fatalf("new transfer: %+v %v", tr, err)
	}
	// A second execute of the same preview must fail (and was sent once).
	if _, err := e.client.ExecuteTransfer(ctx, mesh.ExecuteTransferRequest{FromAuthToken: token, FromType: typ, PreviewID: pv.PreviewResult.PreviewID}); err == nil {
		t.Error("a preview executed twice")
	}

	// Settle it and receive the signed webhooks.
	e.clock.Advance(11 * time.Second)
	e.sim.SettleDue()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := e.sim.WaitWebhooks(wctx); err != nil {
		t.Fatalf("WaitWebhooks: %v", err)
	}
	tr, err = e.client.TransferByID(ctx, id)
	if err != nil || !tr.Status.IsFinal() {
		t.Fatalf("settled transfer: %+v %v", tr.Status, err)
	}
	hookMu.Lock()
	if len(hookErrs) > 0 {
		t.Errorf("webhooks rejected: %v", hookErrs)
	}
	final := false
	for _, ev := range events {
		if ev.TransferID == id && ev.TransferStatus == tr.Status {
			final = true
		}
	}
	hookMu.Unlock()
	if !final {
		t.Errorf("no verified webhook with the final status %s among %d events", tr.Status, len(events))
	}

	if conn.Account.RefreshToken == "" {
		t.Fatal("the emulator issued no refresh token")
	}
	rt, err := e.client.RefreshToken(ctx, mesh.RefreshTokenRequest{RefreshToken: conn.Account.RefreshToken, Type: typ})
	if err != nil || len(rt.BrokerAccountTokens) == 0 {
		t.Fatalf("refresh: %+v %v", rt, err)
	}
	if err := e.client.Disconnect(ctx, mesh.AccountRequest{AuthToken: token, Type: typ}); err != nil {
		t.Fatalf("disconnect: %v", err)
	}
	if _, err := e.client.Holdings(ctx, mesh.HoldingsRequest{AuthToken: token, Type: typ}); err == nil {
		t.Error("holdings still served after disconnect")
	}
}

func TestEmulatorSubClients(t *testing.T) {
	e := mustSim(t, meshsim.Options{})
	ctx := context.Background()
	cl := e.sim.Clients()[0]
	admin, err := mesh.NewAdminClient(cl.ID, meshsim.DefaultAdminSecret, mesh.WithBaseURL(e.url))
	if err != nil {
		t.Fatal(err)
	}
	before, err := admin.SubClients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	created, err := admin.CreateSubClient(ctx, mesh.SubClientRequest{BusinessLegalName: "Acme Ltd", DisplayName: "Acme",
		CallbackURLs: []string{"https://acme.example/cb"}})
	if err != nil || !mesh.IsUUID(created.ID) || created.DisplayName != "Acme" {
		t.Fatalf("create: %+v %v", created, err)
	}
	got, err := admin.SubClient(ctx, created.ID)
	if err != nil || got.BusinessLegalName != "Acme Ltd" {
		t.Fatalf("get: %+v %v", got, err)
	}
	upd, err := admin.UpdateSubClient(ctx, created.ID, mesh.SubClientRequest{BusinessLegalName: "Acme Ltd", DisplayName: "Acme Pay"})
	if err != nil || upd.DisplayName != "Acme Pay" {
		t.Fatalf("update: %+v %v", upd, err)
	}
	after, err := admin.SubClients(ctx)
	if err != nil || len(after) != len(before)+1 {
		t.Fatalf("list after create: %d (was %d) %v", len(after), len(before), err)
	}
	if err := admin.DeleteSubClient(ctx, created.ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := admin.SubClient(ctx, created.ID); !mesh.IsNotFound(err) {
		t.Errorf("get after delete: %v", err)
	}
	if _, err := admin.CreateSubClient(ctx, mesh.SubClientRequest{DisplayName: "x"}); !mesh.IsBadRequest(err) {
		t.Errorf("invalid create: %v", err)
	}
	wrong, err := mesh.NewAdminClient(cl.ID, "sk_wrong", mesh.WithBaseURL(e.url), mesh.WithRetry(mesh.NoRetry))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.SubClients(ctx); !mesh.IsAuth(err) {
		t.Errorf("wrong admin secret: %v", err)
	}
}

// The emulator's scripted faults drive the client's retry policy.
func TestEmulatorFaults(t *testing.T) {
	e := mustSim(t, meshsim.Options{Transfers: 20})
	ctx := context.Background()
	const hist = "GET /api/v1/transfers/managed/mesh"
	mustFault := func(f meshsim.Fault) {
		t.Helper()
		e.sim.ClearFaults()
		if err := e.sim.AddFault(f); err != nil {
			t.Fatal(err)
		}
		e.sim.ResetRequestCounts()
	}

	mustFault(meshsim.Fault{Route: hist, Kind: meshsim.Fault429, Times: 2, RetryAfterSeconds: 1})
	if _, err := e.client.Transfers(ctx, mesh.TransferQuery{}); err != nil {
		t.Fatalf("429×2 then ok: %v", err)
	}
	if got := e.sim.RequestCount(hist); got != 3 {
		t.Errorf("history sent %d times, want 3", got)
	}

	mustFault(meshsim.Fault{Route: hist, Kind: meshsim.Fault500})
	_, err := e.client.Transfers(ctx, mesh.TransferQuery{})
	if !mesh.IsServer(err) || e.sim.RequestCount(hist) != mesh.DefaultRetryPolicy.MaxAttempts {
		t.Errorf("500 forever: %v after %d requests", err, e.sim.RequestCount(hist))
	}

	mustFault(meshsim.Fault{Route: hist, Kind: meshsim.FaultTruncate, Times: 1})
	_, err = e.client.Transfers(ctx, mesh.TransferQuery{})
	var me *mesh.Error
	if !errors.As(err, &me) || me.Err == nil {
		t.Errorf("truncated body: %v", err)
	}

	const exec = "POST /api/v1/transfers/managed/execute"
	mustFault(meshsim.Fault{Route: exec, Kind: meshsim.Fault502})
	_, err = e.client.ExecuteTransfer(ctx, mesh.ExecuteTransferRequest{FromAuthToken: "t", FromType: mesh.BrokerTypeCoinbase,
		PreviewID: "00000000-0000-4000-8000-000000000000"})
	if !mesh.IsServer(err) || e.sim.RequestCount(exec) != 1 {
		t.Errorf("execute under 502: %v after %d requests (must not retry)", err, e.sim.RequestCount(exec))
	}
	e.sim.ClearFaults()
	if e.Sleeps() == 0 {
		t.Error("no retry waits recorded")
	}
}
