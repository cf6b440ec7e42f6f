package meshsim

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestAuth(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	cases := []struct {
		name, id, secret string
		want             int
	}{
		{"no headers", "", "", 401},
		{"no secret", e.id, "", 401},
		{"wrong secret", e.id, "sk_wrong", 401},
		{"unknown client", "nobody", e.sec, 401},
		{"good", e.id, e.sec, 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.doAs(c.id, c.secret, "GET", "/api/v1/transfers/managed/networks", nil)
			if r.code != c.want {
				t.Fatalf("got %d, want %d: %s", r.code, c.want, r.body)
			}
			if c.want == 401 && !strings.Contains(r.env["message"].(string), "Client Id or Client Secret are not correct or missing") {
				t.Errorf("401 message: %s", r.body)
			}
		})
	}
}

func TestUnknownRoute(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	e.do("GET", "/api/v1/nothing/here", nil).mustErr(t, 404, "notFound")
	e.do("GET", "/api/v1/linktoken", nil).mustErr(t, 404, "notFound") // wrong method
	e.doAs("", "", "GET", "/api/v1/nothing", nil).mustErr(t, 401, "unauthorized")
}

func TestReadOnlyKey(t *testing.T) {
	e := mustAPIEnv(t, Options{Clients: []Client{{ID: "ro", Secret: "sk_ro", ReadOnly: true}}})
	e.do("POST", "/api/v1/linktoken", map[string]any{"userId": "u1"}).mustErr(t, 403, "forbidden")
	e.do("GET", "/api/v1/transfers/managed/mesh", nil).mustOK(t)
}

func TestLinkTokenValidation(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	eth := "0x" + strings.Repeat("ab", 20)
	sub := e.sim.SubClients(e.id)[0].ID
	cases := []struct {
		name      string
		body      any
		code      int
		errorType string
	}{
		{"minimal", map[string]any{"userId": "u1"}, 200, ""},
		{"empty body", "", 400, "missingField"},
		{"not json", "{", 400, "badRequest"},
		{"array", "[]", 400, "invalidField"},
		{"missing userId", map[string]any{"restrictMultipleAccounts": true}, 400, "missingField"},
		{"empty userId", map[string]any{"userId": ""}, 400, "missingField"},
		{"long userId", map[string]any{"userId": strings.Repeat("x", 301)}, 400, "invalidField"},
		{"300 userId", map[string]any{"userId": strings.Repeat("x", 300)}, 200, ""},
		{"unknown field", map[string]any{"userId": "u", "configurationId": "x"}, 400, "invalidField"},
		{"wrong type", map[string]any{"userId": 5}, 400, "invalidField"},
		{"bad brokerType", map[string]any{"userId": "u", "brokerType": "nope"}, 400, "invalidField"},
		{"brokerType", map[string]any{"userId": "u", "brokerType": "coinbase"}, 200, ""},
		{"bad integrationId", map[string]any{"userId": "u", "integrationId": "x"}, 400, "invalidField"},
		{"unknown integration", map[string]any{"userId": "u", "integrationId": "00000000-0000-4000-8000-000000000000"}, 400, "invalidField"},
		{"integration", map[string]any{"userId": "u", "integrationId": IntCoinbase}, 200, ""},
		{"subClient", map[string]any{"userId": "u", "subClientId": sub}, 200, ""},
		{"unknown subClient", map[string]any{"userId": "u", "subClientId": "00000000-0000-4000-8000-000000000000"}, 400, "invalidField"},
		{"deposit", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "deposit",
			"toAddresses": []any{map[string]any{"networkId": NetEthereum, "symbol": "USDC", "address": eth}}}}, 200, ""},
		{"deposit no addresses", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "deposit"}}, 400, "missingField"},
		{"bad transferType", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "gift"}}, 400, "invalidField"},
		{"address wrong network", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "deposit",
			"toAddresses": []any{map[string]any{"networkId": NetSolana, "symbol": "SOL", "address": eth}}}}, 400, "invalidField"},
		{"bitcoin address", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "deposit",
			"toAddresses": []any{map[string]any{"networkId": NetBitcoin, "symbol": "BTC", "address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"}}}}, 200, ""},
		{"token not on network", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "deposit",
			"toAddresses": []any{map[string]any{"networkId": NetEthereum, "symbol": "SOL", "address": eth}}}}, 400, "invalidField"},
		{"unknown network", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "deposit",
			"toAddresses": []any{map[string]any{"networkId": "00000000-0000-4000-8000-000000000000", "symbol": "ETH", "address": eth}}}}, 400, "invalidField"},
		{"payment without amount", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "payment",
			"toAddresses": []any{map[string]any{"networkId": NetEthereum, "symbol": "USDC", "address": eth}}}}, 400, "missingField"},
		{"payment", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "payment", "clientFee": 0.01,
			"toAddresses": []any{map[string]any{"networkId": NetEthereum, "symbol": "USDC", "address": eth, "amount": 9.99}}}}, 200, ""},
		{"negative amount", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "payment",
			"toAddresses": []any{map[string]any{"networkId": NetEthereum, "symbol": "USDC", "address": eth, "amount": -1}}}}, 400, "invalidField"},
		{"clientFee > 1", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "payment", "clientFee": 1.5,
			"toAddresses": []any{map[string]any{"networkId": NetEthereum, "symbol": "USDC", "address": eth, "amount": 1}}}}, 400, "invalidField"},
		{"clientFee on deposit", map[string]any{"userId": "u", "transferOptions": map[string]any{"transferType": "deposit", "clientFee": 0.1,
			"toAddresses": []any{map[string]any{"networkId": NetEthereum, "symbol": "USDC", "address": eth}}}}, 400, "invalidField"},
		{"long transactionId", map[string]any{"userId": "u", "transferOptions": map[string]any{"transactionId": strings.Repeat("t", 129)}}, 400, "invalidField"},
		{"long description", map[string]any{"userId": "u", "transferOptions": map[string]any{"description": strings.Repeat("d", 257)}}, 400, "invalidField"},
		{"paylink without transactionId", map[string]any{"userId": "u", "transferOptions": map[string]any{"generatePayLink": true}}, 400, "missingField"},
		{"unknown nested field", map[string]any{"userId": "u", "transferOptions": map[string]any{"minAmount": 1}}, 400, "invalidField"},
		{"verify", map[string]any{"userId": "u", "verifyWalletOptions": map[string]any{"message": "hi", "verificationMethods": []string{"signedMessage"},
			"networkType": "evm", "addresses": []string{eth}}}, 200, ""},
		{"verify bad method", map[string]any{"userId": "u", "verifyWalletOptions": map[string]any{"verificationMethods": []string{"email"}}}, 400, "invalidField"},
		{"verify bad address", map[string]any{"userId": "u", "verifyWalletOptions": map[string]any{"networkType": "solana", "addresses": []string{eth}}}, 400, "invalidField"},
		{"verify bad networkType", map[string]any{"userId": "u", "verifyWalletOptions": map[string]any{"networkType": "moon"}}, 400, "invalidField"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r *apiResp
			if s, ok := c.body.(string); ok {
				r = e.do("POST", "/api/v1/linktoken", s)
			} else if c.code == 200 {
				r = e.do("POST", "/api/v1/linktoken", c.body)
			} else {
				// Invalid bodies would fail request validation: send them raw.
				b, _ := jsonMarshal(c.body)
				r = e.do("POST", "/api/v1/linktoken", b)
			}
			if c.code == 200 {
				r.mustOK(t)
				tok, _ := r.content()["linkToken"].(string)
				raw, err := base64.StdEncoding.DecodeString(tok)
				if err != nil {
					t.Fatalf("token is not standard base64: %v", err)
				}
				if !strings.HasPrefix(string(raw), e.srv.URL+"/link/"+e.id+"/broker-connect?auth_code=") {
					t.Errorf("token decodes to %q", raw)
				}
				return
			}
			r.mustErr(t, c.code, c.errorType)
			if msg, _ := r.env["message"].(string); msg == "" {
				t.Errorf("error without message: %s", r.body)
			}
		})
	}
}

func TestLinkTokenPayLinkAndRedeem(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	r := e.do("POST", "/api/v1/linktoken", map[string]any{"userId": "u1",
		"transferOptions": map[string]any{"transactionId": "order-1", "generatePayLink": true}}).mustOK(t)
	tok := r.content()["linkToken"].(string)
	pl, _ := r.content()["paymentLink"].(string)
	if !strings.Contains(pl, "linkToken="+url.QueryEscape(tok)) {
		t.Errorf("paymentLink %q does not carry the token", pl)
	}
	raw, _ := base64.StdEncoding.DecodeString(tok)
	u, err := url.Parse(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	code := u.Query().Get("auth_code")

	if _, err := e.sim.RedeemLinkToken("other-client", code); err != ErrLinkTokenUnknown {
		t.Errorf("redeem for another client: %v", err)
	}
	sess, err := e.sim.RedeemLinkToken(e.id, code)
	if err != nil {
		t.Fatalf("redeem: %v", err)
	}
	if sess.Request.UserID != "u1" || *sess.Request.TransferOptions.TransactionID != "order-1" || !sess.Client.MMT {
		t.Errorf("session %+v", sess)
	}
	if _, err := e.sim.RedeemLinkToken(e.id, code); err != ErrLinkTokenUsed {
		t.Errorf("second redeem: %v, want ErrLinkTokenUsed", err)
	}

	// Expiry follows the injected clock: valid just before 10 minutes, not at 10.
	_, code2, _ := e.sim.CreateLinkToken(e.id, LinkTokenRequest{UserID: "u2"})
	_, code3, _ := e.sim.CreateLinkToken(e.id, LinkTokenRequest{UserID: "u3"})
	e.clock.Advance(10*time.Minute - time.Second)
	if _, err := e.sim.RedeemLinkToken(e.id, code2); err != nil {
		t.Errorf("redeem at 9:59: %v", err)
	}
	e.clock.Advance(time.Second)
	if _, err := e.sim.RedeemLinkToken(e.id, code3); err != ErrLinkTokenExpired {
		t.Errorf("redeem at 10:00: %v, want ErrLinkTokenExpired", err)
	}
	if _, err := e.sim.RedeemLinkToken(e.id, "nope"); err != ErrLinkTokenUnknown {
		t.Errorf("unknown code: %v", err)
	}
}

func TestCatalogRoutes(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	r := e.do("GET", "/api/v1/integrations", nil).mustOK(t)
	items := r.content()["items"].([]any)
	if len(items) != len(integrations) {
		t.Errorf("%d integrations", len(items))
	}
	var sawOAuth, sawWallet bool
	for _, it := range items {
		m := it.(map[string]any)
		if m["id"] == IntCoinbase && m["type"] == "coinbase" {
			sawOAuth = true
		}
		if m["deFiWalletProviderId"] == "metamask" {
			sawWallet = true
		}
	}
	if !sawOAuth || !sawWallet {
		t.Errorf("catalog lacks Coinbase or MetaMask: %s", r.body)
	}
	r = e.do("GET", "/api/v1/transfers/managed/networks", nil).mustOK(t)
	if n := len(r.content()["networks"].([]any)); n != len(networks) {
		t.Errorf("%d networks", n)
	}
	r = e.do("GET", "/api/v1/transfers/managed/integrations", nil).mustOK(t)
	if n := len(r.content()["integrations"].([]any)); n != len(integrations) {
		t.Errorf("%d managed integrations", n)
	}
	r = e.do("GET", "/api/v1/transfers/managed/tokens", nil).mustOK(t)
	if n := len(r.content()["tokens"].([]any)); n != len(tokenOrder) {
		t.Errorf("%d tokens", n)
	}
}

func TestEveryNetworkAddressValidates(t *testing.T) {
	for _, n := range networks {
		for _, kind := range []string{"user", "hot", "client-dest"} {
			a := addressFor(n.Type, kind, "c", "u", n.ID)
			if !n.ValidAddress(a) {
				t.Errorf("%s: derived %s address %q does not match %s", n.Name, kind, a, n.AddressPattern)
			}
		}
		if n.ValidAddress("") || n.ValidAddress("hello") {
			t.Errorf("%s accepts junk", n.Name)
		}
	}
}

func TestWriteMethodsMatchSpec(t *testing.T) {
	// Each API route of the emulator exists in Mesh's spec with the same method.
	e := mustAPIEnv(t, Options{})
	for _, p := range []string{"POST /api/v1/linktoken", "GET /api/v1/transfers/managed/mesh", "GET /api/v1/integrations",
		"GET /api/v1/transfers/managed/networks", "GET /api/v1/transfers/managed/integrations", "GET /api/v1/transfers/managed/tokens",
		"POST /api/v1/holdings/get", "POST /api/v1/balance/get", "POST /api/v1/token/refresh", "DELETE /api/v1/account",
		"POST /api/v1/transfers/managed/address/get", "POST /api/v1/transfers/managed/configure",
		"POST /api/v1/transfers/managed/preview", "POST /api/v1/transfers/managed/execute"} {
		m, path, _ := strings.Cut(p, " ")
		if _, err := e.spec.Operation(m, path); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	_ = http.MethodGet
}
