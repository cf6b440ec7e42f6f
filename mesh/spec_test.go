package mesh

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"meshdesk/internal/spectest"
)

const (
	nidEthereum = "e3c7fdd8-b1fc-4e51-85ae-bb276e075611"
	someUUID    = "18a20b11-e47f-43b9-8546-94284e9ee547"
	evmAddr     = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
)

func ptr[T any](v T) *T { return &v }

// mustAllFieldsSet fails unless every exported field of v (recursively, and
// in the first element of every slice) is non-zero, except the dotted paths
// in skip. It keeps the "every field filled" tests honest as types grow.
func mustAllFieldsSet(t *testing.T, v any, skip ...string) {
	t.Helper()
	skipped := map[string]bool{}
	for _, s := range skip {
		skipped[s] = true
	}
	var walk func(rv reflect.Value, path string)
	walk = func(rv reflect.Value, path string) {
		if skipped[path] {
			return
		}
		switch rv.Kind() {
		case reflect.Pointer, reflect.Interface:
			if rv.IsNil() {
				t.Errorf("field %s is not set", path)
				return
			}
			walk(rv.Elem(), path)
		case reflect.Struct:
			for i := 0; i < rv.NumField(); i++ {
				f := rv.Type().Field(i)
				if !f.IsExported() || f.Tag.Get("json") == "-" {
					continue
				}
				p := f.Name
				if path != "" {
					p = path + "." + f.Name
				}
				walk(rv.Field(i), p)
			}
		case reflect.Slice, reflect.Map:
			if rv.Len() == 0 {
				t.Errorf("field %s is empty", path)
				return
			}
			if rv.Kind() == reflect.Slice {
				walk(rv.Index(0), path+"[0]")
			}
		default:
			if rv.IsZero() && rv.Kind() != reflect.Bool {
				t.Errorf("field %s is zero", path)
			}
			if rv.Kind() == reflect.Bool && !rv.Bool() {
				t.Errorf("field %s is false (set it to true so it is sent)", path)
			}
		}
	}
	walk(reflect.ValueOf(v), "")
}

// fullLinkTokenRequest fills every field of LinkTokenRequest.
func fullLinkTokenRequest() LinkTokenRequest {
	return LinkTokenRequest{
		UserID:                   "user-1",
		BrokerType:               BrokerTypeCoinbase,
		RestrictMultipleAccounts: true,
		IntegrationID:            "47624467-e52e-4938-a41a-7926b6c27acf",
		DisableAPIKeyGeneration:  true,
		SubClientID:              someUUID,
		TransferOptions: &TransferOptions{
			ToAddresses: []ToAddress{{NetworkID: nidEthereum, Symbol: "USDC", Address: evmAddr, AddressTag: "memo",
				Amount: ptr(99.99), DisplayAmountInFiat: ptr(100.0)}},
			AmountInFiat:          ptr(100.0),
			TransactionID:         "tx-1",
			ClientFee:             ptr(0.025),
			TransferType:          TransferTypePayment,
			FundingOptions:        &FundingOptions{Enabled: true},
			IsInclusiveFeeEnabled: true,
			Description:           "Order 42",
			GoodsDetails: []GoodsDetails{{GoodsType: "01", GoodsCategory: "Z000", ReferenceGoodsID: "sku-1",
				GoodsName: "Widget", GoodsDetail: "Blue"}},
			GeneratePayLink: true,
		},
		VerifyWalletOptions: &VerifyWalletOptions{
			Message:             "Prove it",
			VerificationMethods: []WalletVerificationMethod{WalletVerificationMethodSignedMessage},
			Addresses:           []string{evmAddr},
			NetworkID:           nidEthereum,
			NetworkType:         NetworkTypeEvm,
		},
	}
}

// recorder is a fake Mesh that records each request and answers a minimal
// valid envelope for its route.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, path, query string
	body                []byte
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, recorded{r.Method, r.URL.Path, r.URL.RawQuery, b})
	rec.mu.Unlock()
	content := `{}`
	switch r.URL.Path {
	case "/api/v1/linktoken":
		content = `{"linkToken":"` + EncodeLinkToken("https://web.meshconnect.com/b2b-iframe/x/broker-connect") + `","paymentLink":"https://paylink.meshconnect.com?linkToken=x"}`
	case "/api/v1/transfers/managed/mesh":
		content = `{"items":[],"total":0}`
	case "/api/v1/account":
		content = `null`
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"content":` + content + `,"status":"ok","message":""}`))
}

func (rec *recorder) last(t *testing.T) recorded {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) == 0 {
		t.Fatal("no request recorded")
	}
	return rec.reqs[len(rec.reqs)-1]
}

// Every request the client can send, built with every field, is what the
// client puts on the wire, and that validates against the spec's request
// schema (strict: no field the schema does not name).
func TestRequestsMatchSpec(t *testing.T) {
	spec := spectest.Load(t)
	rec := &recorder{}
	srv := mustServer(t, rec)
	c, _ := mustClient(t, srv.URL)
	ctx := context.Background()
	auth := func() (string, BrokerType) { return "access-token", BrokerTypeCoinbase }
	tok, typ := auth()

	cases := []struct {
		name string
		req  any
		skip []string
		send func() error
	}{
		{"linktoken", fullLinkTokenRequest(), nil, func() error {
			_, err := c.CreateLinkToken(ctx, fullLinkTokenRequest())
			return err
		}},
		{"holdings", HoldingsRequest{AuthToken: tok, Type: typ, IncludeMarketValue: true}, nil, func() error {
			_, err := c.Holdings(ctx, HoldingsRequest{AuthToken: tok, Type: typ, IncludeMarketValue: true})
			return err
		}},
		{"balance", BalanceRequest{AuthToken: tok, Type: typ}, nil, func() error {
			_, err := c.Balance(ctx, BalanceRequest{AuthToken: tok, Type: typ})
			return err
		}},
		{"exchange transfers", fullExchangeTransfersRequest(), nil, func() error {
			_, err := c.ExchangeTransfers(ctx, fullExchangeTransfersRequest())
			return err
		}},
		{"refresh", fullRefreshRequest(), nil, func() error {
			_, err := c.RefreshToken(ctx, fullRefreshRequest())
			return err
		}},
		{"disconnect", AccountRequest{AuthToken: tok, Type: typ}, nil, func() error {
			return c.Disconnect(ctx, AccountRequest{AuthToken: tok, Type: typ})
		}},
		{"deposit address", fullDepositAddressRequest(), nil, func() error {
			_, err := c.DepositAddress(ctx, fullDepositAddressRequest())
			return err
		}},
		{"configure", fullConfigureRequest(), nil, func() error {
			_, err := c.ConfigureTransfer(ctx, fullConfigureRequest())
			return err
		}},
		{"preview (crypto amount)", fullPreviewRequest(false), []string{"AmountInFiat"}, func() error {
			_, err := c.PreviewTransfer(ctx, fullPreviewRequest(false))
			return err
		}},
		{"preview (fiat amount)", fullPreviewRequest(true), []string{"Amount"}, func() error {
			_, err := c.PreviewTransfer(ctx, fullPreviewRequest(true))
			return err
		}},
		{"execute", fullExecuteRequest(), nil, func() error {
			_, err := c.ExecuteTransfer(ctx, fullExecuteRequest())
			return err
		}},
		{"update", UpdateTransferRequest{AuthToken: tok, Type: typ, TransactionID: "tx-1"}, nil, func() error {
			_, err := c.UpdateTransfer(ctx, UpdateTransferRequest{AuthToken: tok, Type: typ, TransactionID: "tx-1"})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mustAllFieldsSet(t, tc.req, tc.skip...)
			if err := tc.send(); err != nil {
				t.Fatalf("send: %v", err)
			}
			got := rec.last(t)
			if err := spec.CheckRequest(got.method, got.path, got.body, spectest.Strict); err != nil {
				t.Errorf("%v\nbody: %s", err, got.body)
			}
		})
	}
}

func fullExchangeTransfersRequest() ExchangeTransfersRequest {
	return ExchangeTransfersRequest{AuthToken: "access-token", Type: BrokerTypeCoinbase, Count: ptr(250), Cursor: "c1",
		Statuses:                  []BrokerCryptocurrencyTransactionStatus{BrokerCryptocurrencyTransactionStatusSucceeded},
		CryptocurrencyAddressType: CryptocurrencyAddressTypeEthAddress, From: ptr(int64(1700000000))}
}

func fullRefreshRequest() RefreshTokenRequest {
	return RefreshTokenRequest{Type: BrokerTypeCoinbase, RefreshToken: "refresh", CreateNewRefreshToken: ptr(true),
		AccessToken: "access", TradeToken: "trade", MFACode: "123456", Metadata: map[string]string{"k": "v"}}
}

func fullDepositAddressRequest() DepositAddressRequest {
	return DepositAddressRequest{AuthToken: "access-token", Type: BrokerTypeCoinbase, Symbol: "ETH",
		AddressType: CryptocurrencyAddressTypeEthAddress, NetworkID: nidEthereum, MFACode: "123456"}
}

func fullConfigureRequest() ConfigureTransferRequest {
	return ConfigureTransferRequest{FromAuthToken: "from", FromType: BrokerTypeCoinbase, ToAuthToken: "to", ToType: BrokerTypeKraken,
		ToAddresses: []TransferToAddress{{NetworkID: nidEthereum, Symbol: "ETH", Address: evmAddr, AddressTag: "tag"}},
		Symbol:      "ETH", Amount: ptr(1.5), AmountInFiat: ptr(3000.0), FiatCurrency: "USD", NetworkID: nidEthereum, IsInclusiveFeeEnabled: true}
}

func fullPreviewRequest(fiat bool) PreviewTransferRequest {
	r := PreviewTransferRequest{FromAuthToken: "from", FromType: BrokerTypeCoinbase, ToAuthToken: "to", ToType: BrokerTypeKraken,
		NetworkID: nidEthereum, Symbol: "ETH", ToAddress: evmAddr, AddressTag: "tag", FiatCurrency: "USD",
		TransactionID: "tx-1", IsBridging: ptr(true), IsInclusiveFeeEnabled: true}
	if fiat {
		r.AmountInFiat = ptr(100.0)
	} else {
		r.Amount = ptr(0.05)
	}
	return r
}

func fullExecuteRequest() ExecuteTransferRequest {
	return ExecuteTransferRequest{FromAuthToken: "from", FromType: BrokerTypeCoinbase, PreviewID: someUUID,
		MFACode: "123456", TryAnotherMFA: true, ChallengeID: "ch-1"}
}

// Every TransferQuery parameter is one the spec declares, with a valid value.
func TestTransferQueryMatchesSpec(t *testing.T) {
	spec := spectest.Load(t)
	q := TransferQuery{Count: 100, Offset: 200, ID: someUUID, ClientTransactionID: "tx-1", UserID: "user-1",
		IntegrationIDs: []string{someUUID, nidEthereum}, Statuses: []TransferStatus{StatusPending, StatusFailed},
		FromTimestamp: 1700000000, ToTimestamp: 1800000000, MinAmountInFiat: ptr(0.5), MaxAmountInFiat: ptr(1e6),
		OrderBy: OrderByCreatedTimestamp, Hash: "0xabc", SubClientID: someUUID, DescendingOrder: true, IsSandBox: ptr(true)}
	mustAllFieldsSet(t, q)
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	srv := mustServer(t, rec)
	c, _ := mustClient(t, srv.URL)
	if _, err := c.Transfers(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	got := rec.last(t)
	vals := q.Values()
	if got.query != vals.Encode() {
		t.Errorf("sent %q, want %q", got.query, vals.Encode())
	}
	if len(vals) != reflect.TypeOf(q).NumField() {
		t.Errorf("%d parameters for %d fields", len(vals), reflect.TypeOf(q).NumField())
	}
	spec.ValidateQuery(t, "GET", "/api/v1/transfers/managed/mesh", vals)
}

// The spec's schema-conformant examples decode into the client's types
// without loss: re-encoding gives back every non-null value.
func TestSpecExamplesDecode(t *testing.T) {
	spec := spectest.Load(t)
	// The types each covered operation's request and 200-response content decode into.
	targets := map[string][2]func() any{
		"POST /api/v1/linktoken":                     {func() any { return &LinkTokenRequest{} }, func() any { return &linkTokenContent{} }},
		"GET /api/v1/transfers/managed/mesh":         {nil, func() any { return &transferPageContent{} }},
		"GET /api/v1/integrations":                   {nil, func() any { return &integrationsContent{} }},
		"GET /api/v1/transfers/managed/networks":     {nil, func() any { return &networksContent{} }},
		"GET /api/v1/transfers/managed/integrations": {nil, func() any { return &managedIntegrationsContent{} }},
		"GET /api/v1/transfers/managed/tokens":       {nil, func() any { return &tokensContent{} }},
		"POST /api/v1/holdings/get":                  {func() any { return &HoldingsRequest{} }, func() any { return &Holdings{} }},
		"POST /api/v1/balance/get":                   {func() any { return &BalanceRequest{} }, func() any { return &Balance{} }},
		"POST /api/v1/transfers/list":                {func() any { return &ExchangeTransfersRequest{} }, func() any { return &ExchangeTransfersPage{} }},
		"POST /api/v1/token/refresh":                 {func() any { return &RefreshTokenRequest{} }, func() any { return &RefreshTokenResult{} }},
		"DELETE /api/v1/account":                     {func() any { return &AccountRequest{} }, nil},
		"POST /api/v1/transfers/managed/address/get": {func() any { return &DepositAddressRequest{} }, func() any { return &DepositAddress{} }},
		"POST /api/v1/transfers/managed/configure":   {func() any { return &ConfigureTransferRequest{} }, func() any { return &ConfigureTransferResult{} }},
		"POST /api/v1/transfers/managed/preview":     {func() any { return &PreviewTransferRequest{} }, func() any { return &PreviewTransferResult{} }},
		"POST /api/v1/transfers/managed/execute":     {func() any { return &ExecuteTransferRequest{} }, func() any { return &ExecuteTransferResult{} }},
		"POST /api/v1/transfers/managed/update":      {func() any { return &UpdateTransferRequest{} }, func() any { return &UpdateTransferResult{} }},
	}
	// Examples skipped, and why. The test fails if one of these starts to pass.
	skips := map[string]string{
		"POST /api/v1/linktoken request":             "configurationId is not in GetLinkTokenRequest: the schema wins (issue 3)",
		"POST /api/v1/transfers/managed/preview 200": "amountWithCustomClientFee is a string in one example; the schema says number",
	}
	decoded, failedSkips := 0, map[string]bool{}
	for _, ex := range spec.Examples() {
		key := ex.Method + " " + ex.Path
		tg, ok := targets[key]
		if !ok {
			continue
		}
		label := key + " " + ex.Status
		var newV func() any
		var doc []byte = ex.Value
		if ex.Request {
			label = key + " request"
			newV = tg[0]
		} else if ex.Status == "200" {
			newV = tg[1]
			var env struct {
				Content json.RawMessage `json:"content"`
			}
			if err := json.Unmarshal(ex.Value, &env); err != nil || len(env.Content) == 0 || string(env.Content) == "null" {
				continue
			}
			doc = env.Content
		}
		if newV == nil {
			continue
		}
		_, skipped := skips[label]
		conform := spec.CheckRequest(ex.Method, ex.Path, ex.Value) == nil
		if !ex.Request {
			conform = spec.CheckResponse(ex.Method, ex.Path, 200, ex.Value) == nil
		}
		if !conform {
			if !skipped {
				t.Errorf("%s (%s): example does not conform to its schema and is not listed as skipped", label, ex.MediaType)
			}
			failedSkips[label] = true
			continue
		}
		v := newV()
		dec := json.NewDecoder(bytes.NewReader(doc))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			t.Errorf("%s: decode into %T: %v", label, v, err)
			continue
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if lost := lostValues(t, doc, out); len(lost) > 0 {
			t.Errorf("%s: %T loses %s", label, v, strings.Join(lost, ", "))
		}
		decoded++
	}
	for label, why := range skips {
		if !failedSkips[label] {
			t.Errorf("skip %q (%s) is stale: every example of it now conforms", label, why)
		}
	}
	if decoded < 10 {
		t.Fatalf("only %d examples decoded", decoded)
	}
	t.Logf("%d examples decoded without loss; %d skipped", decoded, len(skips))
}

// lostValues lists the JSON paths whose non-null, non-zero value in want is
// missing or different in got.
func lostValues(t *testing.T, want, got []byte) []string {
	t.Helper()
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	var lost []string
	var walk func(w, g any, path string)
	walk = func(w, g any, path string) {
		switch wv := w.(type) {
		case nil:
			return
		case map[string]any:
			gm, _ := g.(map[string]any)
			for k, v := range wv {
				walk(v, gm[k], path+"."+k)
			}
		case []any:
			ga, _ := g.([]any)
			if len(wv) > 0 && len(ga) != len(wv) {
				lost = append(lost, path)
				return
			}
			for i := range wv {
				walk(wv[i], ga[i], path+"["+itoa(i)+"]")
			}
		default:
			if reflect.ValueOf(wv).IsZero() && g == nil {
				return // zero values may be omitted
			}
			if !reflect.DeepEqual(wv, g) {
				lost = append(lost, path)
			}
		}
	}
	walk(w, g, "$")
	return lost
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestLostValues(t *testing.T) {
	tests := []struct {
		want, got string
		lost      []string
	}{
		{`{"a":1,"b":{"c":"x"},"d":null,"e":0}`, `{"a":1,"b":{"c":"x"}}`, nil},
		{`{"a":1,"b":{"c":"x"}}`, `{"a":1}`, []string{"$.b.c"}},
		{`{"a":[1,2]}`, `{"a":[1]}`, []string{"$.a"}},
		{`{"a":"x"}`, `{"a":"y"}`, []string{"$.a"}},
	}
	for _, tt := range tests {
		got := lostValues(t, []byte(tt.want), []byte(tt.got))
		if strings.Join(got, ",") != strings.Join(tt.lost, ",") {
			t.Errorf("lostValues(%s, %s) = %v, want %v", tt.want, tt.got, got, tt.lost)
		}
	}
}

// A Transfer built with every field marshals to a document the spec's
// TransferModel accepts (strict), so the app and the emulator can serve it.
func TestTransferMarshalsToSpec(t *testing.T) {
	spec := spectest.Load(t)
	fee := &TransferFee{Fee: 0.1, FeeCurrency: "ETH", FeeInFiat: 0.3}
	tr := Transfer{
		ID: someUUID, ClientTransactionID: "tx", InstitutionTransactionID: "inst", UserID: "u", Status: StatusSucceeded,
		AmountInFiat: 10, AmountToReceiveInFiat: 9.5, AmountInFiatCurrencyCode: "USD", Amount: 0.004, AmountToReceive: 0.0039,
		Symbol: "ETH", TokenAddress: "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", NetworkName: "Ethereum", NetworkID: nidEthereum,
		NetworkLogoURL: "https://x/eth.svg", CreatedTimestamp: 1700000000,
		From: &TransferIntegration{ID: "47624467-e52e-4938-a41a-7926b6c27acf", Type: "coinbase", Name: "Coinbase", LogoURL: "https://x/cb.svg"},
		Hash: "0xabc", SubClientID: someUUID, InfoURL: "https://etherscan.io/tx/0xabc",
		GasFee: fee, WithdrawalFee: fee, ProcessingFee: fee, ExecutedTimestamp: ptr(int64(1700000060)),
		TransferType: TransferTypeDeposit, IsFeeIncluded: true, SourceAmount: ptr(0.004), DestinationAmount: ptr(0.0039),
		DestinationAmountInFiat: ptr(9.5), TotalFeesAmountInFiat: 0.5, TotalTransactionAmountInFiat: 10,
		FundingMethods: []TransferFunding{{Type: "cryptocurrencyConversion", Amount: 1, AmountInFiat: 1, ToSymbol: "ETH",
			FromAmount: 1, FromSymbol: "USDC", PaymentMethodType: "card", Fee: fee}},
		DestinationAddress: evmAddr, RefundAddress: evmAddr,
		BridgingDetails: &BridgingDetails{Status: "refunded", StatusDescription: "back",
			TargetSide: &BridgingSide{NetworkName: "Base", Symbol: "ETH", Amount: 1, TransactionHash: "0x1", InfoURL: "https://x/1"},
			SourceSide: &BridgingSide{NetworkName: "Ethereum", Symbol: "ETH", Amount: 1, TransactionHash: "0x2", InfoURL: "https://x/2"},
			Timeline:   []BridgingEvent{{EventType: "started", Description: "d", Timestamp: 1700000000}}},
		Raw: json.RawMessage(`{"ignored":true}`),
	}
	mustAllFieldsSet(t, tr, "GasFee.FeeInTransferCurrency", "WithdrawalFee.FeeInTransferCurrency",
		"ProcessingFee.FeeInTransferCurrency", "FundingMethods[0].Fee.FeeInTransferCurrency")
	spec.ValidateSchema(t, "TransferModel", tr, spectest.Strict)
	// feeInTransferCurrency (newer docs) is not in the spec file: it is sent only when Mesh sent it.
	tr.GasFee = &TransferFee{Fee: 1, FeeInTransferCurrency: ptr(1.0)}
	if err := spec.CheckSchema("TransferModel", tr, spectest.Strict); err == nil || !strings.Contains(err.Error(), "feeInTransferCurrency") {
		t.Errorf("feeInTransferCurrency: %v", err)
	}
}
