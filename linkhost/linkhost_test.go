package linkhost

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

const script = "assets/browserModeHost-test.js"

// recorder collects the messages a host hands over.
type recorder struct {
	mu   sync.Mutex
	msgs []Message
	fail error
}

func (r *recorder) handle(_ context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
	return r.fail
}

func (r *recorder) kinds() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.msgs {
		out = append(out, m.Kind)
	}
	return out
}

func mustHost(t *testing.T, cfg Config) (*Host, *recorder) {
	t.Helper()
	if cfg.Assets == nil {
		cfg.Assets = fstest.MapFS{script: {Data: []byte("console.log('host')")}}
		cfg.Script = script
	}
	cfg.Port = -1
	rec := &recorder{}
	h, err := Start(cfg, Session{LinkToken: "dG9rZW4=", Demo: true}, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h, rec
}

// do sends one request with the given Host, Origin and body.
func do(t *testing.T, h *Host, method, path, host, origin, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, "http://127.0.0.1:"+strconv.Itoa(h.Port)+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestStartRefuses(t *testing.T) {
	assets := fstest.MapFS{script: {Data: []byte("x")}}
	h := func(context.Context, Message) error { return nil }
	for _, tc := range []struct {
		name string
		cfg  Config
		s    Session
		h    Handler
		want string
	}{
		{"no token", Config{Assets: assets, Script: script, Port: -1}, Session{}, h, "no link token"},
		{"no handler", Config{Assets: assets, Script: script, Port: -1}, Session{LinkToken: "x"}, nil, "no handler"},
		{"script outside assets/", Config{Assets: assets, Script: "../etc/passwd", Port: -1}, Session{LinkToken: "x"}, h, "not a built asset"},
		{"missing script", Config{Assets: assets, Script: "assets/other.js", Port: -1}, Session{LinkToken: "x"}, h, "read the host script"},
		{"no assets", Config{Script: script, Port: -1}, Session{LinkToken: "x"}, h, "not a built asset"},
		{"port out of range", Config{Assets: assets, Script: script, Port: 70000}, Session{LinkToken: "x"}, h, "out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host, err := Start(tc.cfg, tc.s, tc.h)
			if err == nil {
				host.Close()
				t.Fatal("Start succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want %q", err, tc.want)
			}
		})
	}
}

func TestPortInUse(t *testing.T) {
	h, _ := mustHost(t, Config{})
	_, err := Start(Config{Port: h.Port, Assets: fstest.MapFS{script: {Data: []byte("x")}}, Script: script}, Session{LinkToken: "x"},
		func(context.Context, Message) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "listen on 127.0.0.1:"+strconv.Itoa(h.Port)) {
		t.Fatalf("second host on the same port: %v", err)
	}
}

func TestOnlyTheSecretPathAnswers(t *testing.T) {
	h, _ := mustHost(t, Config{LinkOrigin: "http://127.0.0.1:9"})
	if !strings.HasPrefix(h.URL, "http://localhost:"+strconv.Itoa(h.Port)+"/") || len(h.secret) != 32 {
		t.Fatalf("URL %q secret %q: want http://localhost:PORT/<32 hex>/", h.URL, h.secret)
	}
	local := "localhost:" + strconv.Itoa(h.Port)
	sec := "/" + h.secret + "/"
	for _, tc := range []struct {
		name, method, path, host, origin string
		want                             int
		body                             string
	}{
		{"root", "GET", "/", local, "", 404, ""},
		{"script without secret", "GET", "/host.js", local, "", 404, ""},
		{"wrong secret", "GET", "/" + strings.Repeat("0", 32) + "/", local, "", 404, ""},
		{"secret without slash", "GET", "/" + h.secret, local, "", 404, ""},
		{"event without secret", "POST", "/event", local, h.Origin, 404, `{"kind":"exit"}`},
		{"foreign host (DNS rebinding)", "GET", sec, "evil.example:" + strconv.Itoa(h.Port), "", 403, ""},
		{"page", "GET", sec, local, "", 200, ""},
		{"page via 127.0.0.1", "GET", sec, "127.0.0.1:" + strconv.Itoa(h.Port), "", 200, ""},
		{"boot", "GET", sec + "boot.js", local, "", 200, ""},
		{"script", "GET", sec + "host.js", local, "", 200, ""},
		{"unknown file", "GET", sec + "other.js", local, "", 404, ""},
		{"event from another origin", "POST", sec + "event", local, "http://evil.example", 403, `{"kind":"exit"}`},
		{"event without origin", "POST", sec + "event", local, "", 403, `{"kind":"exit"}`},
		{"event of unknown kind", "POST", sec + "event", local, h.Origin, 400, `{"kind":"steal"}`},
		{"event not JSON", "POST", sec + "event", local, h.Origin, 400, `{`},
		{"session from another origin", "GET", sec + "session", local, "http://evil.example", 403, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := do(t, h, tc.method, tc.path, tc.host, tc.origin, tc.body)
			if code != tc.want {
				t.Fatalf("%s %s: %d %q, want %d", tc.method, tc.path, code, body, tc.want)
			}
			if strings.Contains(body, h.secret) {
				t.Fatal("a response carries the secret")
			}
		})
	}
	code, body := do(t, h, "GET", sec, local, "", "")
	if code != 200 || !strings.Contains(body, `src="host.js"`) {
		t.Fatalf("page: %d %s", code, body)
	}
	if _, b := do(t, h, "GET", sec+"boot.js", local, "", ""); !strings.Contains(b, "meshLinkShouldSkipPrewarm = true") {
		t.Fatalf("boot.js on the Demo profile: %q", b)
	}
}

func TestSessionIsHandedOutOnce(t *testing.T) {
	h, _ := mustHost(t, Config{})
	local := "localhost:" + strconv.Itoa(h.Port)
	code, body := do(t, h, "GET", "/"+h.secret+"/session", local, "", "")
	if code != 200 {
		t.Fatalf("session: %d %s", code, body)
	}
	var s struct {
		LinkToken    string `json:"linkToken"`
		AccessTokens []any  `json:"accessTokens"`
	}
	if err := json.Unmarshal([]byte(body), &s); err != nil || s.LinkToken != "dG9rZW4=" || s.AccessTokens == nil {
		t.Fatalf("session %s (%v)", body, err)
	}
	if code, _ := do(t, h, "GET", "/"+h.secret+"/session", local, "", ""); code != http.StatusGone {
		t.Fatalf("second read: %d, want 410", code)
	}
}

func TestMessagesThenExitStopsTheServer(t *testing.T) {
	h, rec := mustHost(t, Config{})
	local := "localhost:" + strconv.Itoa(h.Port)
	ev := "/" + h.secret + "/event"
	for _, body := range []string{
		`{"kind":"event","payload":{"type":"pageLoaded"}}`,
		`{"kind":"integrationConnected","payload":{"accessToken":{"brokerType":"sandbox"}}}`,
		`{"kind":"exit","payload":{"error":""}}`,
	} {
		if code, b := do(t, h, "POST", ev, local, h.Origin, body); code != http.StatusNoContent {
			t.Fatalf("POST %s: %d %s", body, code, b)
		}
	}
	select {
	case <-h.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop after exit")
	}
	if h.Reason() != "exit" {
		t.Fatalf("reason %q", h.Reason())
	}
	if got := strings.Join(rec.kinds(), ","); got != "event,integrationConnected,exit" {
		t.Fatalf("messages %s", got)
	}
	if _, err := http.Get(h.URL); err == nil {
		t.Fatal("the server still answers after the session")
	}
}

func TestHandlerErrorReachesThePage(t *testing.T) {
	h, rec := mustHost(t, Config{})
	rec.fail = errors.New("the keychain is locked")
	code, body := do(t, h, "POST", "/"+h.secret+"/event", "localhost:"+strconv.Itoa(h.Port), h.Origin, `{"kind":"integrationConnected","payload":{}}`)
	if code != 500 || !strings.Contains(body, "keychain is locked") {
		t.Fatalf("%d %q", code, body)
	}
	if h.Reason() != "" {
		t.Fatal("a failed message ended the session")
	}
}

func TestTimeoutStopsTheServer(t *testing.T) {
	h, _ := mustHost(t, Config{Timeout: time.Millisecond})
	select {
	case <-h.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("no timeout")
	}
	if h.Reason() != "timeout" {
		t.Fatalf("reason %q", h.Reason())
	}
}

func TestOrigin(t *testing.T) {
	if got := Origin(DefaultPort); got != "http://localhost:47615" {
		t.Fatal(got)
	}
}
