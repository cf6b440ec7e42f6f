package meshsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// linkClock is a settable clock for Link tests.
type linkClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *linkClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *linkClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type linkEnv struct {
	t     *testing.T
	sim   *Sim
	srv   *httptest.Server
	clock *linkClock
}

// mustLinkEnv serves a fresh emulator (no history) through httptest with a fake clock.
func mustLinkEnv(t *testing.T, clients ...Client) *linkEnv {
	t.Helper()
	clk := &linkClock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	s, err := New(Options{Seed: 3, Clock: clk.now, Clients: clients, SettleDelay: time.Hour})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(s.Handler())
	s.SetBaseURL(srv.URL)
	t.Cleanup(func() {
		srv.Close()
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &linkEnv{t: t, sim: s, srv: srv, clock: clk}
}

// mustToken issues a link token and returns its auth code.
func (e *linkEnv) mustToken(req LinkTokenRequest) string {
	e.t.Helper()
	_, code, err := e.sim.CreateLinkToken(e.sim.Clients()[0].ID, req)
	if err != nil {
		e.t.Fatalf("CreateLinkToken: %v", err)
	}
	return code
}

// post sends a JSON body to path and decodes the answer into a generic map.
func (e *linkEnv) post(path string, body any) (int, map[string]any) {
	e.t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(e.srv.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatalf("POST %s: answer is not JSON: %q", path, raw)
	}
	return res.StatusCode, out
}

// mustSession redeems a token for req and returns the session id.
func (e *linkEnv) mustSession(req LinkTokenRequest) string {
	e.t.Helper()
	code := e.mustToken(req)
	st, out := e.post("/link/-/api/session", map[string]string{"authCode": code, "clientId": e.sim.Clients()[0].ID})
	if st != 200 {
		e.t.Fatalf("redeem: %d %v", st, out)
	}
	return out["sessionId"].(string)
}

func (e *linkEnv) act(sid, action string, body any) (int, map[string]any) {
	e.t.Helper()
	return e.post("/link/-/api/session/"+sid+"/"+action, body)
}

// mustAct is act that must answer 200.
func (e *linkEnv) mustAct(sid, action string, body any) map[string]any {
	e.t.Helper()
	st, out := e.act(sid, action, body)
	if st != 200 {
		e.t.Fatalf("%s: %d %v", action, st, out)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestLinkPageServesAssets(t *testing.T) {
	e := mustLinkEnv(t)
	cases := []struct {
		path, ctype, contains string
		status                int
	}{
		{"/link/demo-client/broker-connect?auth_code=abc&lng=en", "text/html", "Mesh Desk emulator", 200},
		{"/link/-/link.js", "text/javascript", "meshSDKSpecs", 200},
		{"/link/-/link.css", "text/css", "--accent", 200},
		{"/link/oauth/authorize?session=x&state=y&integrationId=z", "text/html", "oauth-approve", 200},
		{"/link/-/oauth.js", "text/javascript", "window.opener.postMessage", 200},
		{"/link/nothing/here/at/all", "application/json", "Not found", 404},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			res, err := http.Get(e.srv.URL + c.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d", res.StatusCode, c.status)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, c.ctype) {
				t.Errorf("Content-Type %q, want %s", ct, c.ctype)
			}
			if !bytes.Contains(body, []byte(c.contains)) {
				t.Errorf("body lacks %q", c.contains)
			}
			if c.ctype == "text/html" {
				csp := res.Header.Get("Content-Security-Policy")
				if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") {
					t.Errorf("CSP %q is not strict", csp)
				}
				// `*` does not match custom schemes: without wails: the real window can't frame Link.
				if !strings.Contains(csp, "frame-ancestors * wails:") {
					t.Errorf("CSP %q does not let the Wails window (wails://wails) frame the page", csp)
				}
			}
		})
	}
}

func TestLinkPageIsOffline(t *testing.T) {
	// No asset may reach outside the emulator: no absolute http(s) URLs in the files the page loads.
	for _, f := range []string{"link.html", "link.js", "link.css", "oauth.html", "oauth.js"} {
		b, err := linkAssets.ReadFile("linkpage/" + f)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"http://", "https://", "//cdn", "@import"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q", f, bad)
			}
		}
	}
}

func TestLinkRedeem(t *testing.T) {
	e := mustLinkEnv(t)
	cid := e.sim.Clients()[0].ID
	used := e.mustToken(LinkTokenRequest{UserID: "u1"})
	if st, _ := e.post("/link/-/api/session", map[string]string{"authCode": used, "clientId": cid}); st != 200 {
		t.Fatalf("first redeem: %d", st)
	}
	expired := e.mustToken(LinkTokenRequest{UserID: "u2"})
	e.clock.add(10*time.Minute + time.Second)
	fresh := e.mustToken(LinkTokenRequest{UserID: "u3", IntegrationID: ptr(IntCoinbase),
		TransferOptions: &LinkTransferOptions{TransactionID: ptr("tx-9"), FundingOptions: &FundingOptions{Enabled: true},
			ToAddresses: []ToAddress{{NetworkID: NetEthereum, Symbol: ptr("usdc"), Address: ptr("0x3148a6a1c0e0d5f0b0d4c3e2f1a0b9c8d7e6cF98"), Amount: ptr(5.0)}}}})
	cases := []struct {
		name     string
		body     any
		status   int
		errMatch string
	}{
		{"fresh", map[string]string{"authCode": fresh, "clientId": cid}, 200, ""},
		{"reused", map[string]string{"authCode": used, "clientId": cid}, 410, "already been used"},
		{"expired", map[string]string{"authCode": expired, "clientId": cid}, 410, "expired"},
		{"unknown code", map[string]string{"authCode": "nope", "clientId": cid}, 404, "Invalid link token"},
		{"other client", map[string]string{"authCode": fresh + "x", "clientId": "someone-else"}, 404, "Invalid link token"},
		{"empty", map[string]string{}, 400, "Invalid link token"},
		{"unknown field", map[string]string{"authCode": "x", "clientId": cid, "evil": "1"}, 400, "unknown field"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, out := e.post("/link/-/api/session", c.body)
			if st != c.status {
				t.Fatalf("status %d, want %d (%v)", st, c.status, out)
			}
			if c.errMatch != "" {
				if msg, _ := out["errorMessage"].(string); !strings.Contains(msg, c.errMatch) {
					t.Errorf("errorMessage %q lacks %q", msg, c.errMatch)
				}
				return
			}
			if out["sessionId"] == "" || out["integrationId"] != IntCoinbase {
				t.Errorf("session %v", out)
			}
			j := out["journey"].(map[string]any)
			if j["transferType"] != "deposit" || j["transactionId"] != "tx-9" || j["fundingEnabled"] != true {
				t.Errorf("journey %v", j)
			}
			d := j["toAddresses"].([]any)[0].(map[string]any)
			if d["networkName"] != "Ethereum" || d["amount"] != 5.0 {
				t.Errorf("destination %v", d)
			}
			if n := len(out["integrations"].([]any)); n != len(e.sim.Integrations()) {
				t.Errorf("%d integrations, want %d", n, len(e.sim.Integrations()))
			}
		})
	}
	t.Run("unknown session", func(t *testing.T) {
		if st, out := e.act("nosuchsession", "connect", map[string]string{}); st != 404 || !strings.Contains(out["errorMessage"].(string), "session has ended") {
			t.Errorf("%d %v", st, out)
		}
	})
	t.Run("session expires", func(t *testing.T) {
		sid := e.mustSession(LinkTokenRequest{UserID: "u4"})
		e.clock.add(linkSessionTTL + time.Second)
		if st, _ := e.act(sid, "connect", map[string]string{"integrationId": IntSandbox, "username": "a", "password": "b"}); st != 404 {
			t.Errorf("status %d after the session TTL, want 404", st)
		}
	})
}

// connectPayload drives accounts after an auth step and returns the AccessTokenPayload.
func (e *linkEnv) connectPayload(sid string, step map[string]any) map[string]any {
	e.t.Helper()
	if step["step"] != "accounts" {
		e.t.Fatalf("step %v, want accounts", step)
	}
	acc := step["accounts"].([]any)[0].(map[string]any)
	out := e.mustAct(sid, "accounts", map[string]any{"connectionId": step["connectionId"], "accountIds": []string{acc["accountId"].(string)}})
	return out["payload"].(map[string]any)
}

func accountToken0(p map[string]any) map[string]any {
	return p["accountTokens"].([]any)[0].(map[string]any)
}

func TestLinkConnect(t *testing.T) {
	e := mustLinkEnv(t, Client{ID: "mmt-on", Secret: "s1", MMT: true}, Client{ID: "mmt-off", Secret: "s2"})
	login := func(in string) map[string]any {
		return map[string]any{"integrationId": in, "username": "user", "password": "pw"}
	}

	t.Run("credentials with MMT: stable tokenId across return visits", func(t *testing.T) {
		sid := e.mustSession(LinkTokenRequest{UserID: "alice"})
		p := e.connectPayload(sid, e.mustAct(sid, "connect", login(IntSandbox)))
		at := accountToken0(p)
		tok, _ := at["tokenId"].(string)
		if tok == "" || p["brokerType"] != "sandbox" || p["expiresInSeconds"].(float64) <= 0 {
			t.Fatalf("payload %v", p)
		}
		if _, ok := at["refreshToken"]; ok {
			t.Errorf("MMT payload carries a refreshToken: %v", at)
		}
		// A second visit that signs in again keeps the tokenId.
		sid2 := e.mustSession(LinkTokenRequest{UserID: "alice"})
		p2 := e.connectPayload(sid2, e.mustAct(sid2, "connect", login(IntSandbox)))
		if got := accountToken0(p2)["tokenId"]; got != tok {
			t.Errorf("tokenId changed on reconnect: %v → %v", tok, got)
		}
		// A return visit with the tokenId skips sign-in.
		sid3 := e.mustSession(LinkTokenRequest{UserID: "alice"})
		out := e.mustAct(sid3, "access-tokens", map[string]any{"tokens": []map[string]string{{"accessToken": tok, "brokerType": "sandbox"}, {"accessToken": "bogus"}}})
		conns := out["connections"].([]any)
		if len(conns) != 1 || out["unknown"].(float64) != 1 {
			t.Fatalf("access-tokens %v", out)
		}
		c := conns[0].(map[string]any)
		p3 := e.mustAct(sid3, "accounts", map[string]any{"connectionId": c["connectionId"], "returning": true,
			"accountIds": []string{c["accounts"].([]any)[0].(map[string]any)["accountId"].(string)}})["payload"].(map[string]any)
		if at := accountToken0(p3); at["tokenId"] != tok || at["account"].(map[string]any)["isReconnected"] != true {
			t.Errorf("return-user payload %v", at)
		}
		// Another user's session does not see alice's token.
		sid4 := e.mustSession(LinkTokenRequest{UserID: "bob"})
		if out := e.mustAct(sid4, "access-tokens", map[string]any{"tokens": []map[string]string{{"accessToken": tok}}}); len(out["connections"].([]any)) != 0 {
			t.Errorf("bob sees alice's account: %v", out)
		}
	})

	t.Run("MMT off: access and refresh tokens, no tokenId", func(t *testing.T) {
		_, auth, err := e.sim.CreateLinkToken("mmt-off", LinkTokenRequest{UserID: "carol"})
		if err != nil {
			t.Fatal(err)
		}
		st, out := e.post("/link/-/api/session", map[string]string{"authCode": auth, "clientId": "mmt-off"})
		if st != 200 {
			t.Fatalf("redeem %d %v", st, out)
		}
		sid := out["sessionId"].(string)
		at := accountToken0(e.connectPayload(sid, e.mustAct(sid, "connect", login(IntKraken))))
		if _, ok := at["tokenId"]; ok || at["accessToken"] == "" || at["refreshToken"] == "" {
			t.Errorf("MMT-off account token %v", at)
		}
	})

	t.Run("errors", func(t *testing.T) {
		sid := e.mustSession(LinkTokenRequest{UserID: "dave"})
		cases := []struct {
			name, action string
			body         any
			status       int
			msg          string
		}{
			{"wrong password", "connect", map[string]any{"integrationId": IntSandbox, "username": "u", "password": "wrong"}, 401, "Invalid credentials"},
			{"empty username", "connect", map[string]any{"integrationId": IntSandbox, "username": " ", "password": "x"}, 400, "username"},
			{"unknown integration", "connect", map[string]any{"integrationId": "nope", "username": "u", "password": "p"}, 404, "Unknown integration"},
			{"oauth by password", "connect", login(IntCoinbase), 400, "does not sign in"},
			{"wallet by password", "connect", login(IntMetaMask), 400, "does not sign in"},
			{"unknown mfa challenge", "mfa", map[string]any{"challengeId": "x", "code": "123456"}, 400, "expired"},
			{"exchange as wallet", "wallet", map[string]any{"integrationId": IntSandbox}, 400, "Not a wallet"},
			{"unknown connection", "accounts", map[string]any{"connectionId": "x", "accountIds": []string{"a"}}, 404, "no longer connected"},
			{"sign without wallet", "sign", map[string]any{"connectionId": "x", "message": "m"}, 400, "Connect a wallet"},
			{"unknown action", "explode", map[string]any{}, 404, "Not found"},
			{"bad json", "connect", "not an object", 400, "bad request body"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				st, out := e.act(sid, c.action, c.body)
				if st != c.status || !strings.Contains(out["errorMessage"].(string), c.msg) {
					t.Errorf("%d %v, want %d %q", st, out, c.status, c.msg)
				}
			})
		}
	})

	t.Run("MFA", func(t *testing.T) {
		sid := e.mustSession(LinkTokenRequest{UserID: "erin"})
		step := e.mustAct(sid, "connect", login(IntBinance))
		if step["step"] != "mfa" || step["challengeId"] == "" {
			t.Fatalf("step %v", step)
		}
		for _, bad := range []string{"", "12345", "abcdef", "1234567"} {
			if st, _ := e.act(sid, "mfa", map[string]any{"challengeId": step["challengeId"], "code": bad}); st != 401 {
				t.Errorf("code %q: status %d, want 401", bad, st)
			}
		}
		p := e.connectPayload(sid, e.mustAct(sid, "mfa", map[string]any{"challengeId": step["challengeId"], "code": "123456"}))
		if p["brokerType"] != "binanceInternational" {
			t.Errorf("payload %v", p)
		}
		if st, _ := e.act(sid, "mfa", map[string]any{"challengeId": step["challengeId"], "code": "123456"}); st != 400 {
			t.Errorf("a used challenge answered %d, want 400", st)
		}
	})

	t.Run("delayed auth", func(t *testing.T) {
		sid := e.mustSession(LinkTokenRequest{UserID: "fay"})
		step := e.mustAct(sid, "connect", login(IntGemini))
		p, _ := step["payload"].(map[string]any)
		if step["step"] != "delayed" || p["refreshToken"] == "" || p["brokerType"] != "gemini" || p["brokerName"] != "Gemini" {
			t.Errorf("delayed step %v", step)
		}
	})

	t.Run("OAuth", func(t *testing.T) {
		sid := e.mustSession(LinkTokenRequest{UserID: "gus"})
		state := "0123456789abcdef0123456789abcdef"
		q := map[string]any{"session": sid, "integrationId": IntCoinbase, "state": state}
		if st, out := e.post("/link/-/api/oauth/info", q); st != 200 || out["integrationName"] != "Coinbase" {
			t.Fatalf("info %d %v", st, out)
		}
		badCases := []struct {
			name   string
			body   map[string]any
			status int
		}{
			{"unknown session", map[string]any{"session": "x", "integrationId": IntCoinbase, "state": state, "decision": "approve"}, 404},
			{"not an OAuth integration", map[string]any{"session": sid, "integrationId": IntSandbox, "state": state, "decision": "approve"}, 400},
			{"malformed state", map[string]any{"session": sid, "integrationId": IntCoinbase, "state": "<x>", "decision": "approve"}, 400},
			{"bad decision", map[string]any{"session": sid, "integrationId": IntCoinbase, "state": state, "decision": "maybe"}, 400},
		}
		for _, c := range badCases {
			if st, _ := e.post("/link/-/api/oauth/decide", c.body); st != c.status {
				t.Errorf("%s: %d, want %d", c.name, st, c.status)
			}
		}
		q["decision"] = "approve"
		st, out := e.post("/link/-/api/oauth/decide", q)
		code, _ := out["code"].(string)
		if st != 200 || code == "" {
			t.Fatalf("approve %d %v", st, out)
		}
		if st, _ := e.post("/link/-/api/oauth/decide", q); st != 409 {
			t.Errorf("second decision %d, want 409", st)
		}
		if st, _ := e.act(sid, "oauth/complete", map[string]any{"integrationId": IntCoinbase, "state": state, "code": code + "x"}); st != 401 {
			t.Errorf("wrong code: %d, want 401", st)
		}
		p := e.connectPayload(sid, e.mustAct(sid, "oauth/complete", map[string]any{"integrationId": IntCoinbase, "state": state, "code": code}))
		if p["brokerType"] != "coinbase" || accountToken0(p)["tokenId"] == "" {
			t.Errorf("payload %v", p)
		}
		if st, _ := e.act(sid, "oauth/complete", map[string]any{"integrationId": IntCoinbase, "state": state, "code": code}); st != 401 {
			t.Errorf("reused code: %d, want 401", st)
		}
		// Denied: no code, and nothing to complete.
		deny := map[string]any{"session": sid, "integrationId": IntCoinbase, "state": "fedcba9876543210", "decision": "deny"}
		if st, out := e.post("/link/-/api/oauth/decide", deny); st != 200 || out["error"] != "access_denied" || out["code"] != nil {
			t.Errorf("deny %d %v", st, out)
		}
		if st, _ := e.act(sid, "oauth/complete", map[string]any{"integrationId": IntCoinbase, "state": "fedcba9876543210", "code": ""}); st != 401 {
			t.Errorf("completing a denied grant: %d, want 401", st)
		}
	})
}

func TestLinkVerify(t *testing.T) {
	e := mustLinkEnv(t)
	const want = "0x8ba1f109551bd432803012645ac136ddd64dba72"
	cases := []struct {
		name     string
		opts     *VerifyWalletOptions
		wallet   string
		verified bool
		address  string
	}{
		{"requested address", &VerifyWalletOptions{Message: ptr("hello"), Addresses: []string{want}, NetworkID: ptr(NetEthereum)}, IntMetaMask, true, want},
		{"no addresses asked: the wallet's own", &VerifyWalletOptions{Message: ptr("hello"), NetworkID: ptr(NetSolana)}, IntPhantom, true, ""},
		{"address on another chain: not verified", &VerifyWalletOptions{Message: ptr("hello"), Addresses: []string{want}, NetworkID: ptr(NetSolana)}, IntPhantom, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sid := e.mustSession(LinkTokenRequest{UserID: "v-" + c.wallet, VerifyWalletOptions: c.opts})
			step := e.mustAct(sid, "wallet", map[string]any{"integrationId": c.wallet})
			if st, _ := e.act(sid, "sign", map[string]any{"connectionId": step["connectionId"], "message": "other"}); st != 400 {
				t.Errorf("signing another message: %d, want 400", st)
			}
			ev := e.mustAct(sid, "sign", map[string]any{"connectionId": step["connectionId"], "message": "hello"})["event"].(map[string]any)
			if ev["isVerified"] != c.verified || ev["message"] != "hello" || ev["signedMessageHash"] == "" {
				t.Errorf("event %v", ev)
			}
			if c.address != "" && ev["address"] != c.address {
				t.Errorf("address %v, want %s", ev["address"], c.address)
			}
			n, _ := networkByID(linkDeref(c.opts.NetworkID))
			if addr, _ := ev["address"].(string); !n.ValidAddress(addr) && c.verified {
				t.Errorf("address %q is not a %s address", addr, n.Name)
			}
		})
	}
	if got := len(e.sim.WalletSignatures()); got != 2 {
		t.Errorf("%d signatures recorded, want the 2 verified ones", got)
	}
}

func TestLinkTransfer(t *testing.T) {
	e := mustLinkEnv(t)
	const dest = "0x3148a6a1c0e0d5f0b0d4c3e2f1a0b9c8d7e6cF98"
	journey := func(typ string, amount *float64, funding bool, user string) LinkTokenRequest {
		return LinkTokenRequest{UserID: user, TransferOptions: &LinkTransferOptions{TransferType: ptr(typ), TransactionID: ptr("tx-" + user),
			FundingOptions: &FundingOptions{Enabled: funding},
			ToAddresses:    []ToAddress{{NetworkID: NetEthereum, Symbol: ptr("USDC"), Address: ptr(dest), Amount: amount}}}}
	}
	// connect signs in and selects the account; it returns the connection id and the
	// account's token (tokenId: the default client has MMT on).
	connect := func(sid, integration string) (string, string) {
		step := e.mustAct(sid, "connect", map[string]any{"integrationId": integration, "username": "u", "password": "p"})
		if step["step"] == "mfa" {
			step = e.mustAct(sid, "mfa", map[string]any{"challengeId": step["challengeId"], "code": "000000"})
		}
		conn := step["connectionId"].(string)
		if st, out := e.act(sid, "accounts", map[string]any{"connectionId": conn, "accountIds": []string{"someone-elses"}}); st != 400 {
			t.Fatalf("selecting a foreign account: %d %v", st, out)
		}
		return conn, accountToken0(e.connectPayload(sid, step))["tokenId"].(string)
	}

	t.Run("deposit: preview, execute, pending in history; no second execute", func(t *testing.T) {
		sid := e.mustSession(journey("deposit", nil, false, "dep"))
		conn, _ := connect(sid, IntSandbox)
		if st, out := e.act(sid, "preview", map[string]any{"connectionId": conn, "destIndex": 0}); st != 400 || !strings.Contains(out["errorMessage"].(string), "amount") {
			t.Errorf("no amount: %d %v", st, out)
		}
		if st, out := e.act(sid, "preview", map[string]any{"connectionId": conn, "destIndex": 0, "amount": 1e9}); st != 400 || !strings.Contains(out["errorMessage"].(string), "Insufficient") {
			t.Errorf("too much: %d %v", st, out)
		}
		if st, _ := e.act(sid, "preview", map[string]any{"connectionId": conn, "destIndex": 3, "amount": 1}); st != 400 {
			t.Errorf("bad destIndex: %d", st)
		}
		pv := e.mustAct(sid, "preview", map[string]any{"connectionId": conn, "destIndex": 0, "amount": 12.5})
		ev := pv["event"].(map[string]any)
		if ev["amount"] != 12.5 || ev["symbol"] != "USDC" || ev["toAddress"] != dest || ev["previewId"] != pv["previewId"] || ev["amountInFiat"] != 12.5 {
			t.Errorf("preview event %v", ev)
		}
		ex := e.mustAct(sid, "execute", map[string]any{"connectionId": conn, "previewId": pv["previewId"]})
		p := ex["payload"].(map[string]any)
		if p["status"] != "success" || p["txId"] != "tx-dep" || p["transferId"] == "" || p["refundAddress"] == p["fromAddress"] {
			t.Errorf("finished payload %v", p)
		}
		tr, ok := e.sim.Transfer(p["transferId"].(string))
		if !ok || tr.Status != StatusPending || tr.Amount != 12.5 || tr.RefundAddress != p["refundAddress"] || tr.TransferType != "deposit" {
			t.Errorf("history transfer %+v", tr)
		}
		if st, _ := e.act(sid, "execute", map[string]any{"connectionId": conn, "previewId": pv["previewId"]}); st != 409 {
			t.Errorf("second execute %d, want 409", st)
		}
	})

	t.Run("preview expires", func(t *testing.T) {
		sid := e.mustSession(journey("deposit", nil, false, "exp"))
		conn, _ := connect(sid, IntKraken)
		pv := e.mustAct(sid, "preview", map[string]any{"connectionId": conn, "destIndex": 0, "amount": 1})
		e.clock.add(301 * time.Second)
		if st, _ := e.act(sid, "execute", map[string]any{"connectionId": conn, "previewId": pv["previewId"]}); st != 410 {
			t.Errorf("expired preview: %d, want 410", st)
		}
	})

	t.Run("payment: fixed amount; MFA exchange asks for a code", func(t *testing.T) {
		sid := e.mustSession(journey("payment", ptr(7.25), false, "pay"))
		conn, _ := connect(sid, IntBinance)
		pv := e.mustAct(sid, "preview", map[string]any{"connectionId": conn, "destIndex": 0, "amount": 1})
		if pv["event"].(map[string]any)["amount"] != 7.25 {
			t.Errorf("payment amount %v, want the fixed 7.25", pv["event"])
		}
		if out := e.mustAct(sid, "execute", map[string]any{"connectionId": conn, "previewId": pv["previewId"]}); out["step"] != "mfa" {
			t.Fatalf("execute without code: %v", out)
		}
		if out := e.mustAct(sid, "execute", map[string]any{"connectionId": conn, "previewId": pv["previewId"], "mfaCode": "12"}); out["step"] != "mfa" || out["errorMessage"] == nil {
			t.Errorf("bad code: %v", out)
		}
		out := e.mustAct(sid, "execute", map[string]any{"connectionId": conn, "previewId": pv["previewId"], "mfaCode": "123456"})
		if p := out["payload"].(map[string]any); p["amount"] != 7.25 {
			t.Errorf("payload %v", p)
		}
	})

	t.Run("SmartFunding converts when the asset is short", func(t *testing.T) {
		sid := e.mustSession(journey("payment", ptr(100.0), true, "fund"))
		conn, c := connect(sid, IntSandbox)
		// Empty the USDC balance so SmartFunding has to convert.
		if err := e.sim.linkConvert(e.sim.Clients()[0].ID, c, "USDC", e.mustBalance(c, "USDC"), "ETH", 0); err != nil {
			t.Fatal(err)
		}
		f := e.mustAct(sid, "funding", map[string]any{"connectionId": conn, "destIndex": 0})
		ch := f["chosen"].(map[string]any)
		if ch["symbol"] != "USDT" || ch["type"] != "stableCoinNoFeeConversion" {
			t.Errorf("chosen %v, want the fee-free USDT conversion", ch)
		}
		pv := e.mustAct(sid, "preview", map[string]any{"connectionId": conn, "destIndex": 0})
		if note, _ := pv["fundingNote"].(string); !strings.HasPrefix(note, "USDT:") {
			t.Errorf("funding note %q", note)
		}
		before := e.mustBalance(c, "USDT")
		e.mustAct(sid, "execute", map[string]any{"connectionId": conn, "previewId": pv["previewId"]})
		if after := e.mustBalance(c, "USDT"); before-after < 99.99 {
			t.Errorf("USDT %v → %v: the conversion did not fund the payment", before, after)
		}
	})

	t.Run("verify then deposit from a wallet: the refund address is the sender", func(t *testing.T) {
		req := journey("deposit", nil, false, "wallet-dep")
		req.VerifyWalletOptions = &VerifyWalletOptions{Message: ptr("prove it"), NetworkID: ptr(NetEthereum)}
		sid := e.mustSession(req)
		step := e.mustAct(sid, "wallet", map[string]any{"integrationId": IntMetaMask})
		conn := step["connectionId"].(string)
		ev := e.mustAct(sid, "sign", map[string]any{"connectionId": conn, "message": "prove it"})["event"].(map[string]any)
		pv := e.mustAct(sid, "preview", map[string]any{"connectionId": conn, "destIndex": 0, "amount": 3})
		p := e.mustAct(sid, "execute", map[string]any{"connectionId": conn, "previewId": pv["previewId"]})["payload"].(map[string]any)
		if p["fromAddress"] != p["refundAddress"] || p["fromAddress"] != ev["address"] || pv["fromAddress"] != p["fromAddress"] {
			t.Errorf("wallet transfer from %v refund %v, signed by %v", p["fromAddress"], p["refundAddress"], ev["address"])
		}
	})

	t.Run("onramp spends cash", func(t *testing.T) {
		sid := e.mustSession(journey("onramp", nil, false, "ramp"))
		conn, _ := connect(sid, IntOKX)
		pv := e.mustAct(sid, "preview", map[string]any{"connectionId": conn, "destIndex": 0, "amountInFiat": 50})
		if pv["event"].(map[string]any)["amount"] != 50.0 {
			t.Errorf("onramp preview %v", pv["event"])
		}
		p := e.mustAct(sid, "execute", map[string]any{"connectionId": conn, "previewId": pv["previewId"]})["payload"].(map[string]any)
		tr, _ := e.sim.Transfer(p["transferId"].(string))
		if tr.TransferType != "onramp" {
			t.Errorf("transfer type %q", tr.TransferType)
		}
	})
}

func (e *linkEnv) mustBalance(token, sym string) float64 {
	e.t.Helper()
	a, ok := e.sim.AccountByToken("", token)
	if !ok {
		e.t.Fatal("account not found")
	}
	return a.Balances[sym]
}

func TestSmartFunding(t *testing.T) {
	in, _ := integrationByID(IntSandbox)
	eth, _ := networkByID(NetEthereum)
	cases := []struct {
		name     string
		balances map[string]float64
		sym      string
		amount   float64
		want     string // chosen symbol, "" = none
		typ      string
	}{
		{"held: no conversion", map[string]float64{"USDC": 500, "ETH": 10}, "USDC", 100, "USDC", "existingCryptocurrencyBalance"},
		{"short: stablecoin swap is free", map[string]float64{"USDC": 5, "USDT": 500, "ETH": 10}, "USDC", 100, "USDT", "stableCoinNoFeeConversion"},
		{"short: cheapest conversion", map[string]float64{"ETH": 1, "BTC": 1}, "USDC", 100, "BTC", "cryptocurrencyConversion"},
		{"nothing covers it", map[string]float64{"USDC": 1, "ETH": 0.001}, "USDC", 100, "", ""},
		{"unknown amount: any balance", map[string]float64{"USDC": 1}, "USDC", 0, "USDC", "existingCryptocurrencyBalance"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := smartFunding(Account{Balances: c.balances}, in, eth, c.sym, c.amount)
			if len(r.Options) != len(c.balances) {
				t.Errorf("%d options, want one per asset", len(r.Options))
			}
			for _, o := range r.Options {
				if o.Reason == "" {
					t.Errorf("option %s has no reason", o.Symbol)
				}
			}
			if c.want == "" {
				if r.Chosen != nil {
					t.Errorf("chose %+v, want none", r.Chosen)
				}
				return
			}
			if r.Chosen == nil || r.Chosen.Symbol != c.want || r.Chosen.Type != c.typ {
				t.Errorf("chose %+v, want %s/%s", r.Chosen, c.want, c.typ)
			}
		})
	}
}

func TestLinkFaults(t *testing.T) {
	e := mustLinkEnv(t)
	get := func(path string) int {
		res, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	page := "/link/demo-client/broker-connect?auth_code=x"
	// A fault without a route is for the API: the Link page keeps working and the fault stays.
	if err := e.sim.AddFault(Fault{Kind: Fault500, Times: 1}); err != nil {
		t.Fatal(err)
	}
	if st := get(page); st != 200 {
		t.Errorf("page under a route-less fault: %d, want 200", st)
	}
	if n := len(e.sim.faults.list()); n != 1 {
		t.Errorf("the route-less fault was consumed by the Link page (%d left)", n)
	}
	e.sim.ClearFaults()
	// A fault naming the page route hits it, once (the --fault flag's syntax, as documented).
	f, err := ParseFault("502*1@GET:/link/{clientId}/broker-connect")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.sim.AddFault(f); err != nil {
		t.Fatal(err)
	}
	if st := get(page); st != 502 {
		t.Errorf("page under its own fault: %d, want 502", st)
	}
	if st := get(page); st != 200 {
		t.Errorf("page after the fault: %d, want 200", st)
	}
	if n := e.sim.RequestCount("GET /link/{clientId}/broker-connect"); n != 3 {
		t.Errorf("RequestCount = %d, want 3", n)
	}
}

func TestLinkSessionsBounded(t *testing.T) {
	e := mustLinkEnv(t)
	ls := newLinkServer(e.sim)
	first := ls.newSession(&LinkSession{})
	for range maxLinkSessions {
		ls.newSession(&LinkSession{})
	}
	if _, _, ok := ls.session(first.id); ok {
		t.Error("the oldest session survived past maxLinkSessions")
	}
	if n := len(ls.sessions); n != maxLinkSessions {
		t.Errorf("%d sessions kept, want %d", n, maxLinkSessions)
	}
}

func TestLinkDeepLink(t *testing.T) {
	e := mustLinkEnv(t)
	cases := []struct {
		name string
		req  LinkTokenRequest
		want string
	}{
		{"integrationId", LinkTokenRequest{UserID: "d1", IntegrationID: ptr(IntKraken)}, IntKraken},
		{"brokerType", LinkTokenRequest{UserID: "d2", BrokerType: ptr("coinbase")}, IntCoinbase},
		{"unknown brokerType", LinkTokenRequest{UserID: "d3", BrokerType: ptr("nope")}, ""},
		{"none", LinkTokenRequest{UserID: "d4"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code := e.mustToken(c.req)
			_, out := e.post("/link/-/api/session", map[string]string{"authCode": code, "clientId": e.sim.Clients()[0].ID})
			if got, _ := out["integrationId"].(string); got != c.want {
				t.Errorf("integrationId %q, want %q", got, c.want)
			}
		})
	}
}
