package meshsim

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAccountRoutes(t *testing.T) {
	e := mustAPIEnv(t, Options{PreviewTTL: 300 * time.Second})
	conn := mustConnect(t, e.sim, e.id, "erin", IntKraken)
	tok := conn.Account.TokenID
	if tok == "" || conn.Account.AccessToken != tok {
		t.Fatalf("MMT: tokenId should equal the first access token: %+v", conn.Account)
	}
	p := conn.Payload()
	if p.AccountTokens[0].TokenID != tok || p.BrokerType != "kraken" || p.AccountTokens[0].Account.MeshAccountID == "" {
		t.Errorf("payload %+v", p)
	}
	auth := map[string]any{"authToken": tok, "type": "kraken"}

	r := e.do("POST", "/api/v1/holdings/get", map[string]any{"authToken": tok, "type": "kraken", "includeMarketValue": true}).mustOK(t)
	if ps := r.content()["cryptocurrencyPositions"].([]any); len(ps) == 0 {
		t.Errorf("no positions: %s", r.body)
	}
	e.do("POST", "/api/v1/balance/get", auth).mustOK(t)

	// Deposit addresses: the user's own, stable address at the exchange.
	r = e.do("POST", "/api/v1/transfers/managed/address/get", map[string]any{"authToken": tok, "type": "kraken", "symbol": "USDC", "networkId": NetEthereum}).mustOK(t)
	addr := r.content()["address"].(string)
	if addr != userAddress(e.id, "erin", IntKraken, networks[0]) {
		t.Errorf("deposit address %s", addr)
	}
	if got, _ := e.sim.DepositAddress(e.id, tok, NetEthereum); got != addr {
		t.Errorf("DepositAddress %s != %s", got, addr)
	}
	e.do("POST", "/api/v1/transfers/managed/address/get", map[string]any{"authToken": tok, "type": "kraken", "symbol": "BNB", "networkId": NetBNB}).mustErr(t, 404, "notFound")

	// Errors common to account routes.
	bad := []struct {
		name string
		body map[string]any
		typ  string
	}{
		{"unknown token", map[string]any{"authToken": "nope", "type": "kraken"}, errInvalidToken},
		{"type mismatch", map[string]any{"authToken": tok, "type": "coinbase"}, errInvalidField},
		{"bad type", map[string]any{"authToken": tok, "type": "bank"}, errInvalidField},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			raw, _ := jsonMarshal(b.body)
			e.do("POST", "/api/v1/balance/get", raw).mustErr(t, 400, b.typ)
		})
	}
	e.do("POST", "/api/v1/balance/get", `{"authToken":"x"}`).mustErr(t, 400, errMissingField)

	// Refresh: new access token, same tokenId.
	r = e.do("POST", "/api/v1/token/refresh", map[string]any{"type": "kraken", "refreshToken": conn.Account.RefreshToken, "createNewRefreshToken": true}).mustOK(t)
	bat := r.content()["brokerAccountTokens"].([]any)[0].(map[string]any)
	if bat["tokenId"] != tok || bat["accessToken"] == tok || r.content()["refreshToken"] == conn.Account.RefreshToken {
		t.Errorf("refresh: %s", r.body)
	}
	e.do("POST", "/api/v1/token/refresh", map[string]any{"type": "kraken", "refreshToken": conn.Account.RefreshToken}).mustErr(t, 400, errInvalidToken)
	newAccess := bat["accessToken"].(string)
	e.do("POST", "/api/v1/balance/get", map[string]any{"authToken": newAccess, "type": "kraken"}).mustOK(t)
	e.do("POST", "/api/v1/balance/get", auth).mustOK(t) // the tokenId still works

	// configure → preview → execute.
	to := "0x" + strings.Repeat("cd", 20)
	r = e.do("POST", "/api/v1/transfers/managed/configure", map[string]any{"fromAuthToken": tok, "fromType": "kraken",
		"toAddresses": []any{map[string]any{"networkId": NetEthereum, "symbol": "USDC", "address": to}}}).mustOK(t)
	var eligible bool
	for _, h := range r.content()["holdings"].([]any) {
		if m := h.(map[string]any); m["symbol"] == "USDC" {
			eligible = m["eligibleForTransfer"].(bool)
		}
	}
	if !eligible {
		t.Errorf("USDC to Ethereum not eligible: %s", r.body)
	}
	preview := func(amount float64) *apiResp {
		return e.do("POST", "/api/v1/transfers/managed/preview", map[string]any{"fromAuthToken": tok, "fromType": "kraken",
			"networkId": NetEthereum, "symbol": "USDC", "toAddress": to, "amount": amount, "transactionId": "inv-1"})
	}
	r = preview(1e12).mustOK(t)
	if r.content()["status"] != "failed" || r.env["message"] == "" {
		t.Errorf("insufficient balance preview: %s", r.body)
	}
	r = preview(10).mustOK(t)
	pr := r.content()["previewResult"].(map[string]any)
	pid := pr["previewId"].(string)
	if pr["refundAddress"] != addr || pr["fromAddress"] == addr {
		t.Errorf("preview addresses: from %v refund %v (deposit %s)", pr["fromAddress"], pr["refundAddress"], addr)
	}
	exec := func(id string) *apiResp {
		return e.do("POST", "/api/v1/transfers/managed/execute", map[string]any{"fromAuthToken": tok, "fromType": "kraken", "previewId": id})
	}
	exec("00000000-0000-4000-8000-000000000000").mustErr(t, 400, "previewNotFound")
	r = exec(pid).mustOK(t)
	res := r.content()["executeTransferResult"].(map[string]any)
	tr, ok := e.sim.Transfer(res["transferId"].(string))
	if !ok || tr.Status != StatusPending || tr.ClientTransactionID != "inv-1" || tr.Amount != 10 {
		t.Errorf("executed transfer %+v", tr)
	}
	exec(pid).mustErr(t, 400, "previewAlreadyExecuted")
	r = preview(5).mustOK(t)
	pid2 := r.content()["previewResult"].(map[string]any)["previewId"].(string)
	e.clock.Advance(300 * time.Second)
	exec(pid2).mustErr(t, 400, "previewExpired")

	// Disconnect: the token stops working.
	e.do("DELETE", "/api/v1/account", auth).mustOK(t)
	e.do("POST", "/api/v1/holdings/get", auth).mustErr(t, 400, errInvalidToken)
}

func TestExecuteMFA(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	conn := mustConnect(t, e.sim, e.id, "finn", IntBinance)
	tok := conn.Account.TokenID
	to := "0x" + strings.Repeat("ef", 20)
	r := e.do("POST", "/api/v1/transfers/managed/preview", map[string]any{"fromAuthToken": tok, "fromType": "binanceInternational",
		"networkId": NetBNB, "symbol": "USDT", "toAddress": to, "amountInFiat": 20}).mustOK(t)
	pid := r.content()["previewResult"].(map[string]any)["previewId"].(string)
	body := func(mfa string) map[string]any {
		b := map[string]any{"fromAuthToken": tok, "fromType": "binanceInternational", "previewId": pid}
		if mfa != "" {
			b["mfaCode"] = mfa
		}
		return b
	}
	if r := e.do("POST", "/api/v1/transfers/managed/execute", body("")).mustOK(t); r.content()["status"] != "mfaRequired" {
		t.Errorf("without MFA: %s", r.body)
	}
	if r := e.do("POST", "/api/v1/transfers/managed/execute", body("12")).mustOK(t); r.content()["status"] != "mfaFailed" {
		t.Errorf("bad MFA: %s", r.body)
	}
	if r := e.do("POST", "/api/v1/transfers/managed/execute", body("123456")).mustOK(t); r.content()["status"] != "succeeded" {
		t.Errorf("good MFA: %s", r.body)
	}
}

func TestMMTOffAndDelayedAuth(t *testing.T) {
	e := mustAPIEnv(t, Options{Clients: []Client{{ID: "plain", Secret: "sk_p"}}})
	conn := mustConnect(t, e.sim, "plain", "gus", IntCoinbase)
	if conn.Account.TokenID != "" || conn.Account.AccessToken == "" || conn.Account.RefreshToken == "" {
		t.Fatalf("MMT off: %+v", conn.Account)
	}
	if p := conn.Payload(); p.AccountTokens[0].TokenID != "" || p.AccountTokens[0].RefreshToken == "" {
		t.Errorf("MMT-off payload %+v", p)
	}
	d := mustConnect(t, e.sim, "plain", "gus", IntGemini)
	if !d.Delayed || d.Account.AccessToken != "" || d.DelayedPayload().RefreshToken == "" {
		t.Fatalf("delayed auth: %+v", d)
	}
	r := e.do("POST", "/api/v1/token/refresh", map[string]any{"type": "gemini", "refreshToken": d.Account.RefreshToken}).mustOK(t)
	access := r.content()["accessToken"].(string)
	e.do("POST", "/api/v1/balance/get", map[string]any{"authToken": access, "type": "gemini"}).mustOK(t)
	if _, err := e.sim.ConnectAccount("nobody", "u", IntCoinbase); err != ErrUnknownClient {
		t.Errorf("unknown client: %v", err)
	}
	if _, err := e.sim.ConnectAccount("plain", "u", "x"); err != ErrUnknownIntegr {
		t.Errorf("unknown integration: %v", err)
	}
}

func TestCreateTransferErrors(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	conn := mustConnect(t, e.sim, e.id, "hana", IntPhantom)
	tok := conn.Account.TokenID
	sol := addressFor("solana", "x")
	cases := []struct {
		name string
		req  TransferRequest
		want error
	}{
		{"unknown account", TransferRequest{ClientID: e.id, AccountToken: "x", NetworkID: NetSolana, Symbol: "SOL", Amount: 1, ToAddress: sol}, ErrUnknownAccount},
		{"unknown network", TransferRequest{ClientID: e.id, AccountToken: tok, NetworkID: "x", Symbol: "SOL", Amount: 1, ToAddress: sol}, ErrUnknownNetwork},
		{"bad address", TransferRequest{ClientID: e.id, AccountToken: tok, NetworkID: NetSolana, Symbol: "SOL", Amount: 1, ToAddress: "0x00"}, ErrInvalidAddress},
		{"too much", TransferRequest{ClientID: e.id, AccountToken: tok, NetworkID: NetSolana, Symbol: "SOL", Amount: 1e9, ToAddress: sol}, ErrInsufficient},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := e.sim.CreateTransfer(c.req); err != c.want {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
	if _, err := e.sim.CreateTransfer(TransferRequest{ClientID: e.id, AccountToken: tok, NetworkID: NetSolana, Symbol: "SOL", ToAddress: sol}); err == nil {
		t.Error("zero amount accepted")
	}
	if _, err := e.sim.CreateTransfer(TransferRequest{ClientID: e.id, AccountToken: tok, NetworkID: NetBitcoin, Symbol: "BTC", Amount: 0.001, ToAddress: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"}); err == nil {
		t.Error("Phantom sent on Bitcoin")
	}
	hs, err := e.sim.Holdings(e.id, tok)
	if err != nil || len(hs) == 0 || hs[0].ValueInUSD < hs[len(hs)-1].ValueInUSD {
		t.Errorf("holdings %v %v", hs, err)
	}
}

func TestAdminAPI(t *testing.T) {
	e := mustAPIEnv(t, Options{AdminSecret: "sk_admin"})
	call := func(method, path, bearer string, body any) *apiResp {
		t.Helper()
		var raw []byte
		if body != nil {
			raw, _ = jsonMarshal(body)
		}
		req, _ := http.NewRequest(method, e.srv.URL+"/admin/api/v1"+path, bytes.NewReader(raw))
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		return e.send(req)
	}
	call("POST", "/Token", "", map[string]any{"clientId": e.id, "clientSecret": "wrong"}).mustErr(t, 403, errUnauthorized)
	r := call("POST", "/Token", "", map[string]any{"clientId": e.id, "clientSecret": "sk_admin"}).mustOK(t)
	tok := r.content()["id_token"].(string)
	if r.content()["expires_in"].(float64) != 3600 {
		t.Errorf("token %s", r.body)
	}
	call("GET", "/SubClient", "", nil).mustErr(t, 403, errUnauthorized)
	call("GET", "/SubClient", "nope", nil).mustErr(t, 403, errUnauthorized)

	list := call("GET", "/SubClient", tok, nil).mustOK(t)
	if n := len(list.env["content"].([]any)); n != 3 {
		t.Errorf("%d seeded sub-clients", n)
	}
	call("POST", "/SubClient", tok, map[string]any{"displayName": "x"}).mustErr(t, 400, errMissingField)
	call("POST", "/SubClient", tok, map[string]any{"businessLegalName": "B", "displayName": "x", "callbackUrls": []string{"http://insecure"}}).mustErr(t, 400, errInvalidField)
	call("POST", "/SubClient", tok, map[string]any{"businessLegalName": strings.Repeat("b", 301), "displayName": "x"}).mustErr(t, 400, errInvalidField)
	r = call("POST", "/SubClient", tok, map[string]any{"businessLegalName": "Beta LLC", "displayName": "Beta",
		"callbackUrls": []string{"https://beta.example/cb"}, "catalogConfiguration": nil}).mustOK(t)
	id := r.content()["id"].(string)
	call("PUT", "/SubClient/"+id, tok, map[string]any{"businessLegalName": "Beta LLC", "displayName": "Beta 2"}).mustOK(t)
	if r := call("GET", "/SubClient/"+id, tok, nil).mustOK(t); r.content()["displayName"] != "Beta 2" {
		t.Errorf("update lost: %s", r.body)
	}
	// The new sub-client is usable in a link token at once.
	e.do("POST", "/api/v1/linktoken", map[string]any{"userId": "u", "subClientId": id}).mustOK(t)

	// Logo: PNG accepted, text refused.
	logo := func(data []byte) *apiResp {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("logoFile", "logo.png")
		_, _ = fw.Write(data)
		_ = mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+"/admin/api/v1/SubClient/"+id+"/logo", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+tok)
		return e.send(req)
	}
	if r := logo([]byte("\x89PNG\r\n\x1a\n....")).mustOK(t); r.content()["logoUrl"] == nil {
		t.Errorf("logo: %s", r.body)
	}
	logo([]byte("hello")).mustErr(t, 400, errInvalidField)
	call("DELETE", "/SubClient/"+id+"/logo", tok, nil).mustOK(t)

	call("POST", "/Client/callbackUrls", tok, map[string]any{"callbackUrls": []string{"https://a.example/x"}}).mustOK(t)
	if r := call("GET", "/Client/callbackUrls", tok, nil).mustOK(t); len(r.content()["callbackUrls"].([]any)) != 1 {
		t.Errorf("callback urls %s", r.body)
	}
	call("DELETE", "/SubClient/"+id, tok, nil).mustOK(t)
	call("GET", "/SubClient/"+id, tok, nil).mustErr(t, 404, "notFound")
	call("DELETE", "/SubClient/"+id, tok, nil).mustErr(t, 404, "notFound")

	e.clock.Advance(time.Hour)
	call("GET", "/SubClient", tok, nil).mustErr(t, 403, errUnauthorized)
}
