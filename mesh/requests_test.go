package mesh

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// mustFieldErrors checks that err is ValidationErrors naming exactly the wanted fields.
func mustFieldErrors(t *testing.T, err error, fields ...string) {
	t.Helper()
	if len(fields) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var ves ValidationErrors
	if !errors.As(err, &ves) {
		t.Fatalf("want ValidationErrors on %v, got %v", fields, err)
	}
	got := ves.Fields()
	for _, f := range fields {
		if _, ok := got[f]; !ok {
			t.Errorf("no error for %s; got %v", f, got)
		}
	}
	if len(got) != len(fields) {
		t.Errorf("errors on %v, want exactly %v", got, fields)
	}
}

func TestLinkTokenRequestValidate(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		mutate func(r *LinkTokenRequest)
		fields []string
	}{
		{"full request is valid", func(r *LinkTokenRequest) {}, nil},
		{"minimal", func(r *LinkTokenRequest) { *r = LinkTokenRequest{UserID: "u"} }, nil},
		{"no userId", func(r *LinkTokenRequest) { r.UserID = "" }, []string{"userId"}},
		{"userId 300 runes ok", func(r *LinkTokenRequest) { r.UserID = strings.Repeat("é", 300) }, nil},
		{"userId 301", func(r *LinkTokenRequest) { r.UserID = strings.Repeat("u", 301) }, []string{"userId"}},
		{"bad brokerType", func(r *LinkTokenRequest) { r.BrokerType = "robin" }, []string{"brokerType"}},
		{"bad ids", func(r *LinkTokenRequest) { r.IntegrationID, r.SubClientID = "x", "y" }, []string{"integrationId", "subClientId"}},
		{"address fields", func(r *LinkTokenRequest) {
			r.TransferOptions.ToAddresses = append(r.TransferOptions.ToAddresses, ToAddress{})
		}, []string{"transferOptions.toAddresses[1].networkId", "transferOptions.toAddresses[1].symbol", "transferOptions.toAddresses[1].address"}},
		{"amounts", func(r *LinkTokenRequest) {
			r.TransferOptions.AmountInFiat = ptr(0.0)
			r.TransferOptions.ToAddresses[0].Amount = ptr(-1.0)
			r.TransferOptions.ToAddresses[0].DisplayAmountInFiat = &nan
		}, []string{"transferOptions.amountInFiat", "transferOptions.toAddresses[0].amount", "transferOptions.toAddresses[0].displayAmountInFiat"}},
		{"clientFee above 1", func(r *LinkTokenRequest) { r.TransferOptions.ClientFee = ptr(1.5) }, []string{"transferOptions.clientFee"}},
		{"clientFee NaN", func(r *LinkTokenRequest) { r.TransferOptions.ClientFee = &nan }, []string{"transferOptions.clientFee"}},
		{"clientFee 0 allowed", func(r *LinkTokenRequest) { r.TransferOptions.ClientFee = ptr(0.0) }, nil},
		{"transferType", func(r *LinkTokenRequest) { r.TransferOptions.TransferType = "withdrawal" }, []string{"transferOptions.transferType"}},
		{"transactionId 129", func(r *LinkTokenRequest) { r.TransferOptions.TransactionID = strings.Repeat("t", 129) }, []string{"transferOptions.transactionId"}},
		{"payLink needs transactionId", func(r *LinkTokenRequest) { r.TransferOptions.TransactionID = "" }, []string{"transferOptions.transactionId"}},
		{"description 257", func(r *LinkTokenRequest) { r.TransferOptions.Description = strings.Repeat("d", 257) }, []string{"transferOptions.description"}},
		{"verify wallet", func(r *LinkTokenRequest) {
			r.VerifyWalletOptions.VerificationMethods = []WalletVerificationMethod{"sms"}
			r.VerifyWalletOptions.Addresses = []string{evmAddr, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", ""}
			r.VerifyWalletOptions.NetworkID = "eth"
			r.VerifyWalletOptions.NetworkType = "evm"
		}, []string{"verifyWalletOptions.verificationMethods[0]", "verifyWalletOptions.addresses[1]", "verifyWalletOptions.addresses[2]", "verifyWalletOptions.networkId"}},
		{"verify wallet network type", func(r *LinkTokenRequest) { r.VerifyWalletOptions.NetworkType = "dogechain" }, []string{"verifyWalletOptions.networkType"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fullLinkTokenRequest()
			tt.mutate(&r)
			mustFieldErrors(t, r.Validate(), tt.fields...)
		})
	}
}

func TestTransferQueryValidate(t *testing.T) {
	tests := []struct {
		name   string
		q      TransferQuery
		fields []string
	}{
		{"zero", TransferQuery{}, nil},
		{"count", TransferQuery{Count: 101}, []string{"Count"}},
		{"negative", TransferQuery{Count: -1, Offset: -1, FromTimestamp: -1, ToTimestamp: -2}, []string{"Count", "Offset", "FromTimestamp", "ToTimestamp"}},
		{"ids", TransferQuery{ID: "x", SubClientID: "y", IntegrationIDs: []string{"z"}}, []string{"Id", "SubClientId", "IntegrationIds[0]"}},
		{"too many integrations", TransferQuery{IntegrationIDs: make101UUIDs()}, []string{"IntegrationIds"}},
		{"lengths", TransferQuery{ClientTransactionID: strings.Repeat("c", 129), UserID: strings.Repeat("u", 51)}, []string{"ClientTransactionId", "UserId"}},
		{"statuses", TransferQuery{Statuses: []TransferStatus{"pending", "done", "failed", "failed", "failed", "failed"}}, []string{"Statuses", "Statuses[1]"}},
		{"window", TransferQuery{FromTimestamp: 20, ToTimestamp: 10}, []string{"ToTimestamp"}},
		{"amounts", TransferQuery{MinAmountInFiat: ptr(10.0), MaxAmountInFiat: ptr(5.0)}, []string{"MaxAmountInFiat"}},
		{"infinite", TransferQuery{MinAmountInFiat: ptr(math.Inf(1))}, []string{"MinAmountInFiat"}},
		{"orderBy", TransferQuery{OrderBy: "amount"}, []string{"OrderBy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFieldErrors(t, tt.q.Validate(), tt.fields...) })
	}
}

func make101UUIDs() []string {
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = someUUID
	}
	return ids
}

func TestAccountRequestsValidate(t *testing.T) {
	tests := []struct {
		name   string
		v      interface{ Validate() error }
		fields []string
	}{
		{"account ok", &AccountRequest{AuthToken: "t", Type: BrokerTypeKraken}, nil},
		{"account empty", &AccountRequest{}, []string{"authToken", "type"}},
		{"account bad type", &AccountRequest{AuthToken: "t", Type: "Kraken"}, []string{"type"}},
		{"holdings empty", &HoldingsRequest{}, []string{"authToken", "type"}},
		{"balance empty", &BalanceRequest{}, []string{"authToken", "type"}},
		{"exchange count", &ExchangeTransfersRequest{AuthToken: "t", Type: BrokerTypeKraken, Count: ptr(251)}, []string{"count"}},
		{"exchange enums", &ExchangeTransfersRequest{AuthToken: "t", Type: BrokerTypeKraken, Statuses: []BrokerCryptocurrencyTransactionStatus{"nah"}, CryptocurrencyAddressType: "x", From: ptr(int64(-1))}, []string{"statuses[0]", "cryptocurrencyAddressType", "from"}},
		{"refresh empty", &RefreshTokenRequest{}, []string{"refreshToken", "type"}},
		{"deposit needs symbol or type", &DepositAddressRequest{AuthToken: "t", Type: BrokerTypeKraken}, []string{"symbol"}},
		{"deposit bad", &DepositAddressRequest{AuthToken: "t", Type: BrokerTypeKraken, AddressType: "x", NetworkID: "n"}, []string{"addressType", "networkId"}},
		{"configure ok", &ConfigureTransferRequest{FromAuthToken: "t", FromType: BrokerTypeKraken}, nil},
		{"configure half target", &ConfigureTransferRequest{FromAuthToken: "t", FromType: BrokerTypeKraken, ToAuthToken: "x"}, []string{"toType"}},
		{"configure addresses", &ConfigureTransferRequest{FromAuthToken: "t", FromType: BrokerTypeKraken, ToAddresses: []TransferToAddress{{}}, Amount: ptr(0.0)},
			[]string{"toAddresses[0].networkId", "toAddresses[0].symbol", "toAddresses[0].address", "amount"}},
		{"preview empty", &PreviewTransferRequest{}, []string{"fromAuthToken", "fromType", "toAddress", "networkId", "symbol", "amount"}},
		{"preview both amounts", &PreviewTransferRequest{FromAuthToken: "t", FromType: BrokerTypeKraken, ToAddress: evmAddr, NetworkID: nidEthereum, Symbol: "ETH", Amount: ptr(1.0), AmountInFiat: ptr(1.0)}, []string{"amountInFiat"}},
		{"preview to integration", &PreviewTransferRequest{FromAuthToken: "t", FromType: BrokerTypeKraken, ToAuthToken: "x", ToType: BrokerTypeCoinbase, NetworkID: nidEthereum, Symbol: "ETH", Amount: ptr(1.0)}, nil},
		{"execute empty", &ExecuteTransferRequest{}, []string{"fromAuthToken", "fromType", "previewId"}},
		{"update empty", &UpdateTransferRequest{}, []string{"authToken", "type", "transactionId"}},
		{"sub-client empty", &SubClientRequest{}, []string{"businessLegalName", "displayName"}},
		{"sub-client urls", &SubClientRequest{BusinessLegalName: "a", DisplayName: "b", CallbackURLs: []string{"http://evil.example", "https://ok.example/cb", "http://localhost:3000/cb", "nope"}},
			[]string{"callbackUrls[0]", "callbackUrls[3]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFieldErrors(t, tt.v.Validate(), tt.fields...) })
	}
}

func TestTransferDecodeKeepsRaw(t *testing.T) {
	body := `{"id":"` + someUUID + `","status":"succeeded","amount":0.004786046226555188,"amountInFiat":1E+2,` +
		`"sourceAmount":null,"gasFee":{"fee":0.0001,"feeCurrency":"ETH","feeInFiat":0.3,"feeInTransferCurrency":0.0001},` +
		`"executedTimestamp":1715175519,"from":{"id":"47624467-e52e-4938-a41a-7926b6c27acf","type":"coinbase","name":"Coinbase"},"futureField":true}`
	var tr Transfer
	if err := json.Unmarshal([]byte(body), &tr); err != nil {
		t.Fatal(err)
	}
	if string(tr.Raw) != body {
		t.Fatalf("Raw = %s", tr.Raw)
	}
	if tr.Amount != 0.004786046226555188 || tr.AmountInFiat != 100 || tr.SourceAmount != nil || tr.GasFee.FeeInTransferCurrency == nil ||
		*tr.ExecutedTimestamp != 1715175519 || tr.From.Type != "coinbase" || !tr.Status.IsFinal() {
		t.Fatalf("decoded %+v", tr)
	}
	for field, want := range map[string]string{"amount": "0.004786046226555188", "amountInFiat": "1E+2"} {
		if got, ok := tr.RawNumber(field); !ok || got != want {
			t.Errorf("RawNumber(%s) = %q %v, want %q", field, got, ok, want)
		}
	}
	for _, field := range []string{"sourceAmount", "status", "missing", "gasFee"} {
		if got, ok := tr.RawNumber(field); ok {
			t.Errorf("RawNumber(%s) = %q, want none", field, got)
		}
	}
	var built Transfer
	if _, ok := built.RawNumber("amount"); ok {
		t.Error("RawNumber on a Transfer built in code")
	}
	out, err := json.Marshal(tr)
	if err != nil || strings.Contains(string(out), "futureField") || strings.Contains(string(out), "Raw") {
		t.Fatalf("marshal: %s %v", out, err)
	}
	var bad Transfer
	if err := json.Unmarshal([]byte(`{"id":5}`), &bad); err == nil {
		t.Error("wrong id type accepted")
	}
	if !StatusPending.Known() || StatusPending.IsFinal() || TransferStatus("refunded").Known() || TransferStatus("refunded").IsFinal() {
		t.Error("status helpers")
	}
}

func TestDecodeLinkToken(t *testing.T) {
	tests := []struct {
		token, want string
		ok          bool
	}{
		{"aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tL2IyYi1pZnJhbWUve2NsaWVudElkfS9icm9rZXItY29ubmVjdD9hdXRoX2NvZGU9e2F1dGhDb2RlfQ==",
			"https://web.meshconnect.com/b2b-iframe/{clientId}/broker-connect?auth_code={authCode}", true},
		{EncodeLinkToken("http://127.0.0.1:8080/link?x=1"), "http://127.0.0.1:8080/link?x=1", true},
		{strings.TrimRight(EncodeLinkToken("http://127.0.0.1/a"), "="), "http://127.0.0.1/a", true},
		{"", "", false},
		{"!!!", "", false},
		{EncodeLinkToken("javascript:alert(1)"), "", false},
		{EncodeLinkToken("/relative"), "", false},
	}
	for _, tt := range tests {
		got, err := DecodeLinkToken(tt.token)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("DecodeLinkToken(%q) = %q, %v", tt.token, got, err)
		}
	}
	srv := mustServer(t, &scripted{steps: []func(http.ResponseWriter, *http.Request){
		reply(200, `{"content":{"linkToken":"bm90IGEgdXJs"},"status":"ok"}`), reply(200, `{"content":{"linkToken":null},"status":"ok"}`)}})
	c, _ := mustClient(t, srv.URL)
	for i := 0; i < 2; i++ {
		if _, err := c.CreateLinkToken(context.Background(), LinkTokenRequest{UserID: "u"}); err == nil {
			t.Errorf("bad token %d accepted", i)
		}
	}
}

// Paging stops on the last page, on an empty page and on errors.
func TestTransferPagesEdges(t *testing.T) {
	page := func(n, total int) string {
		items := make([]string, n)
		for i := range items {
			items[i] = `{"id":"` + someUUID + `"}`
		}
		return `{"content":{"items":[` + strings.Join(items, ",") + `],"total":` + itoa(total) + `},"status":"ok"}`
	}
	tests := []struct {
		name      string
		steps     []func(http.ResponseWriter, *http.Request)
		wantItems int
		wantErr   bool
		wantCalls int32
	}{
		{"exact pages", []func(http.ResponseWriter, *http.Request){reply(200, page(100, 200)), reply(200, page(100, 200))}, 200, false, 2},
		{"short last page", []func(http.ResponseWriter, *http.Request){reply(200, page(100, 150)), reply(200, page(50, 150))}, 150, false, 2},
		{"empty page stops", []func(http.ResponseWriter, *http.Request){reply(200, page(100, 500)), reply(200, page(0, 500))}, 100, false, 2},
		{"error mid-way", []func(http.ResponseWriter, *http.Request){reply(200, page(100, 300)), reply(400, `{"status":"badRequest"}`)}, 100, true, 2},
		{"item without id", []func(http.ResponseWriter, *http.Request){reply(200, `{"content":{"items":[{}],"total":1},"status":"ok"}`)}, 0, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{steps: tt.steps}
			srv := mustServer(t, s)
			c, _ := mustClient(t, srv.URL)
			n, sawErr := 0, false
			for _, err := range c.AllTransfers(context.Background(), TransferQuery{}) {
				if err != nil {
					sawErr = true
					continue
				}
				n++
			}
			if n != tt.wantItems || sawErr != tt.wantErr || s.n.Load() != tt.wantCalls {
				t.Errorf("items %d err %v calls %d", n, sawErr, s.n.Load())
			}
		})
	}
	// Breaking out of the loop stops fetching.
	s := &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(200, page(100, 1000))}}
	srv := mustServer(t, s)
	c, _ := mustClient(t, srv.URL)
	for range c.AllTransfers(context.Background(), TransferQuery{}) {
		break
	}
	if s.n.Load() != 1 {
		t.Errorf("fetched %d pages after break", s.n.Load())
	}
	if _, err := c.Transfers(context.Background(), TransferQuery{Count: 500}); !IsBadRequest(err) {
		t.Errorf("invalid query sent: %v", err)
	}
}

func TestAdminClientToken(t *testing.T) {
	var tokens, lists atomic.Int32
	expire := atomic.Bool{}
	srv := mustServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/admin/api/v1/Token":
			var body tokenRequest
			_ = json.NewDecoder(r.Body).Decode(&body)
			if body.ClientSecret != "admin-secret" || body.ClientID != "cid" {
				reply(401, `{"status":"permissionDenied"}`)(w, r)
				return
			}
			n := tokens.Add(1)
			reply(200, `{"content":{"id_token":"jwt-`+itoa(int(n))+`","expires_in":3600,"status":"available"},"status":"ok"}`)(w, r)
		case "/admin/api/v1/SubClient":
			lists.Add(1)
			if r.Header.Get("X-Client-Secret") != "" {
				t.Error("admin call sent X-Client-Secret")
			}
			if expire.Load() && r.Header.Get("Authorization") == "Bearer jwt-1" {
				reply(401, ``)(w, r)
				return
			}
			if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer jwt-") {
				reply(401, ``)(w, r)
				return
			}
			reply(200, `{"content":[{"id":"`+someUUID+`","businessLegalName":"A","displayName":"B"}],"status":"ok"}`)(w, r)
		default:
			reply(404, `{"status":"notFound"}`)(w, r)
		}
	}))
	clk := newFakeClock()
	a, err := NewAdminClient("cid", "admin-secret", WithBaseURL(srv.URL), WithClock(clk.Now), WithSleep(clk.Sleep))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if subs, err := a.SubClients(ctx); err != nil || len(subs) != 1 {
			t.Fatalf("list: %v %v", subs, err)
		}
	}
	if tokens.Load() != 1 {
		t.Errorf("token fetched %d times for 3 calls", tokens.Load())
	}
	clk.Sleep(ctx, time.Hour) // past expiry (minus the margin)
	if _, err := a.SubClients(ctx); err != nil || tokens.Load() != 2 {
		t.Errorf("expired token not renewed: %d %v", tokens.Load(), err)
	}
	// A token Mesh revoked early is renewed once on 401.
	a2, _ := NewAdminClient("cid", "admin-secret", WithBaseURL(srv.URL))
	tokens.Store(0)
	expire.Store(true)
	if _, err := a2.SubClients(ctx); err != nil || tokens.Load() != 2 {
		t.Errorf("401 not answered by a renewal: %d tokens, %v", tokens.Load(), err)
	}
	bad, _ := NewAdminClient("cid", "wrong", WithBaseURL(srv.URL))
	if _, err := bad.SubClients(ctx); !IsAuth(err) || strings.Contains(err.Error(), "wrong") {
		t.Errorf("bad secret: %v", err)
	}
	if _, err := a.SubClient(ctx, "../Client"); !IsBadRequest(err) {
		t.Errorf("path injection accepted: %v", err)
	}
	if _, err := NewAdminClient("", "x"); err == nil {
		t.Error("empty client id accepted")
	}
	if _, err := NewAdminClient("x", ""); err == nil {
		t.Error("empty secret accepted")
	}
}

func TestLinkTokenValidateWith(t *testing.T) {
	nets := []Network{
		{ID: nidEthereum, Name: "Ethereum", NetworkType: NetworkTypeEvm, SupportedTokens: []string{"ETH", "USDC"}},
		{ID: someUUID, Name: "Solana", NetworkType: NetworkTypeSolana, SupportedTokens: []string{"SOL", "USDC"}},
	}
	to := func(addrs ...ToAddress) LinkTokenRequest {
		return LinkTokenRequest{UserID: "u", TransferOptions: &TransferOptions{ToAddresses: addrs}}
	}
	tests := []struct {
		name   string
		req    LinkTokenRequest
		fields []string
	}{
		{"no transfer", LinkTokenRequest{UserID: "u"}, nil},
		{"ok", to(ToAddress{NetworkID: nidEthereum, Symbol: "usdc", Address: evmAddr},
			ToAddress{NetworkID: strings.ToUpper(someUUID), Symbol: "SOL", Address: "So11111111111111111111111111111111111111112"}), nil},
		{"unknown network", to(ToAddress{NetworkID: "7436e9d0-ba42-4d2b-b4c0-8e4e606b2c12", Symbol: "POL", Address: evmAddr}),
			[]string{"transferOptions.toAddresses[0].networkId"}},
		{"unsupported symbol", to(ToAddress{NetworkID: nidEthereum, Symbol: "SOL", Address: evmAddr}),
			[]string{"transferOptions.toAddresses[0].symbol"}},
		{"address of another chain", to(ToAddress{NetworkID: someUUID, Symbol: "USDC", Address: evmAddr}),
			[]string{"transferOptions.toAddresses[0].address"}},
		{"bad checksum", to(ToAddress{NetworkID: nidEthereum, Symbol: "ETH", Address: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"}),
			[]string{"transferOptions.toAddresses[0].address"}},
		{"plain errors are kept, not doubled", LinkTokenRequest{TransferOptions: &TransferOptions{ToAddresses: []ToAddress{{NetworkID: "x", Symbol: "ETH"}}}},
			[]string{"userId", "transferOptions.toAddresses[0].networkId", "transferOptions.toAddresses[0].address"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFieldErrors(t, tt.req.ValidateWith(nets), tt.fields...) })
	}
}

func TestAllExchangeTransfers(t *testing.T) {
	var cursors []string
	srv := mustServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req ExchangeTransfersRequest
		_ = json.NewDecoder(r.Body).Decode(&req)
		cursors = append(cursors, req.Cursor)
		switch req.Cursor {
		case "":
			reply(200, `{"content":{"transfers":[{"id":"a"},{"id":"b"}],"total":3,"cursor":"c1"},"status":"ok"}`)(w, r)
		case "c1":
			reply(200, `{"content":{"transfers":[{"id":"c"}],"total":3,"cursor":"c1"},"status":"ok"}`)(w, r)
		default:
			reply(400, `{"status":"badRequest"}`)(w, r)
		}
	}))
	c, _ := mustClient(t, srv.URL)
	var ids []string
	for tr, err := range c.AllExchangeTransfers(context.Background(), ExchangeTransfersRequest{AuthToken: "t", Type: BrokerTypeBinanceInternational}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tr.ID)
	}
	if strings.Join(ids, ",") != "a,b,c" || strings.Join(cursors, ",") != ",c1" {
		t.Fatalf("ids %v cursors %q", ids, cursors)
	}
	n := 0
	for _, err := range c.AllExchangeTransfers(context.Background(), ExchangeTransfersRequest{AuthToken: "t", Type: BrokerTypeKraken, Cursor: "zz"}) {
		if !IsBadRequest(err) {
			t.Fatalf("err = %v", err)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("%d errors yielded", n)
	}
}
