package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/internal/testenv"
	"meshdesk/linkhost"
	"meshdesk/meshsim"
	"meshdesk/store"
)

// stepLog records the link:browser events the App emits.
type stepLog struct {
	mu    sync.Mutex
	steps []BrowserLinkStep
}

func (l *stepLog) types() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.steps {
		out = append(out, s.Type)
	}
	return out
}

// mustBrowserSeams points the Wails runtime seams at recorders for the test's duration.
func mustBrowserSeams(t *testing.T, a *App) (*stepLog, chan string) {
	t.Helper()
	log := &stepLog{}
	opened := make(chan string, 4)
	oldReady, oldEmit, oldOpen, oldAssets := runtimeReady, eventsEmit, browserOpenURL, frontendAssets
	runtimeReady = func(ctx context.Context) bool { return ctx != nil }
	eventsEmit = func(_ context.Context, name string, data ...any) {
		if name != BrowserLinkEvent || len(data) != 1 {
			t.Errorf("event %s %v", name, data)
			return
		}
		log.mu.Lock()
		log.steps = append(log.steps, data[0].(BrowserLinkStep))
		log.mu.Unlock()
	}
	browserOpenURL = func(_ context.Context, url string) { opened <- url }
	t.Cleanup(func() {
		runtimeReady, eventsEmit, browserOpenURL, frontendAssets = oldReady, oldEmit, oldOpen, oldAssets
	})
	a.mu.Lock()
	a.ctx = context.Background()
	a.mu.Unlock()
	return log, opened
}

func TestOpenLinkInBrowserRefuses(t *testing.T) {
	a, _, _ := mustDeskApp(t)
	mustBrowserSeams(t, a)
	t.Setenv("MESHDESK_LINK_PORT", "0")
	frontendAssets = nil
	if _, err := a.OpenLinkInBrowser(BrowserLinkRequest{LinkToken: "aHR0cDovLzEyNy4wLjAuMTo5L2xpbms=", Script: "assets/x.js"}); err == nil || !strings.Contains(err.Error(), "no frontend") {
		t.Fatalf("without assets: %v", err)
	}
	frontendAssets = os.DirFS(t.TempDir())
	for _, tc := range []struct{ name, token, script, port, want string }{
		{"no token", "", "assets/x.js", "0", "no link token"},
		{"not a link token", "not base64!", "assets/x.js", "0", "link token"},
		{"script not built", "aHR0cDovLzEyNy4wLjAuMTo5L2xpbms=", "assets/x.js", "0", "host script"},
		{"bad port", "aHR0cDovLzEyNy4wLjAuMTo5L2xpbms=", "assets/x.js", "http", "not a port number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("MESHDESK_LINK_PORT", tc.port)
			_, err := a.OpenLinkInBrowser(BrowserLinkRequest{LinkToken: tc.token, Script: tc.script})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestBrowserMessageSavesLikeEmbedded(t *testing.T) {
	a, vault, _ := mustDeskApp(t)
	steps, _ := mustBrowserSeams(t, a)
	payload := `{"accessToken":{"brokerType":"sandbox","brokerName":"Sandbox Exchange","accountTokens":[{"account":{"accountId":"a1","accountName":"Main"},"accessToken":"acc_x","tokenId":"tok-1"}]}}`
	_, s, err := a.session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.browserMessage(s.Profile.DefaultUserID, "", linkMsg("integrationConnected", payload)); err != nil {
		t.Fatal(err)
	}
	if err := a.browserMessage(s.Profile.DefaultUserID, "", linkMsg("event", `{"type":"pageLoaded","payload":{"page":"x","accessToken":{"a":1}}}`)); err != nil {
		t.Fatal(err)
	}
	if err := a.browserMessage(s.Profile.DefaultUserID, "", linkMsg("event", `{}`)); err == nil {
		t.Fatal("an event without a type was accepted")
	}
	if err := a.browserMessage(s.Profile.DefaultUserID, "", linkMsg("integrationConnected", `{}`)); err == nil {
		t.Fatal("an empty payload was saved")
	}
	got := steps.types()
	want := []string{"integrationConnected", "connectionSaved", "pageLoaded", "integrationConnected", "saveFailed"}
	if !slices.Equal(got, want) {
		t.Fatalf("steps %v, want %v", got, want)
	}
	raw, _ := json.Marshal(steps.steps)
	if strings.Contains(string(raw), "tok-1") || strings.Contains(string(raw), "acc_x") {
		t.Fatalf("a token reached the frontend's events: %s", raw)
	}
	conns, err := a.Accounts("")
	if err != nil || len(conns) != 1 {
		t.Fatalf("accounts %v %v", conns, err)
	}
	keys, _ := vault.List(context.Background(), s.Profile.ID)
	if !slices.ContainsFunc(keys, func(k store.SecretKey) bool { return strings.HasSuffix(string(k), "/tokenId") }) {
		t.Fatalf("no tokenId in the vault: %v", keys)
	}
}

func linkMsg(kind, payload string) linkhost.Message {
	return linkhost.Message{Kind: kind, Payload: json.RawMessage(payload)}
}

// TestBrowserModeJourneyInChromium runs the system-browser mode end to end: the App serves
// the host page (the real built frontend's bundle of the Link SDK), headless Chromium opens
// it, signs in to the Demo emulator's Sandbox Exchange in Link's iframe and finishes; the
// connection is saved through the same Go code, the steps reach the event stream, and the
// loopback server refuses requests without the secret and stops after the session.
func TestBrowserModeJourneyInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey: headless Chromium; runs in the full pass")
	}
	chromium := testenv.Chromium(t)
	_, err := exec.LookPath("node")
	testenv.Need(t, err == nil, "node on PATH")
	root := testenv.RepoRoot()
	_, err = os.Stat(filepath.Join(root, "frontend", "node_modules", "playwright-core", "package.json"))
	testenv.Need(t, err == nil, "frontend/node_modules (npm ci)")
	scripts, _ := filepath.Glob(filepath.Join(root, "frontend", "dist", "assets", "browserModeHost-*.js"))
	testenv.Need(t, len(scripts) == 1, "the built frontend's host script frontend/dist/assets/browserModeHost-*.js (make build)")

	a, vault, _ := mustDeskApp(t)
	steps, opened := mustBrowserSeams(t, a)
	frontendAssets = os.DirFS(filepath.Join(root, "frontend", "dist"))
	t.Setenv("MESHDESK_LINK_PORT", "0")

	sess, err := a.CreateLinkToken(LinkOptions{Journey: JourneyConnect, IntegrationID: meshsim.IntSandbox})
	if err != nil || sess.LinkToken == "" {
		t.Fatalf("link token: %v %+v", err, sess)
	}
	bs, err := a.OpenLinkInBrowser(BrowserLinkRequest{LinkToken: sess.LinkToken, UserID: sess.UserID,
		IntegrationID: meshsim.IntSandbox, Script: "assets/" + filepath.Base(scripts[0])})
	if err != nil {
		t.Fatal(err)
	}
	if got := <-opened; got != bs.URL {
		t.Fatalf("opened %q, want %q", got, bs.URL)
	}
	// Without the secret: nothing.
	for _, u := range []string{bs.Origin + "/", bs.Origin + "/host.js", bs.Origin + "/session", strings.TrimSuffix(bs.URL, "/")} {
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("GET %s: %d, want 404", u, res.StatusCode)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(root, "e2e", "popup", "browser.mjs"), bs.URL,
		filepath.Join(mustArtifacts(t), "browser-mode"))
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("browser.mjs: %v\n%s", err, out)
	}
	var res struct {
		Errors   []string `json:"errors"`
		Requests []string `json:"requests"`
		Status   string   `json:"status"`
		Kind     string   `json:"kind"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("browser.mjs output %s: %v", out, err)
	}
	if len(res.Errors) > 0 || res.Kind != "done" {
		t.Fatalf("the page: %+v", res)
	}
	for _, o := range res.Requests {
		if !strings.HasPrefix(o, "http://localhost:") && !strings.HasPrefix(o, "http://127.0.0.1:") {
			t.Errorf("the page reached the network: %s", o)
		}
	}
	got := steps.types()
	for _, want := range []string{"pageLoaded", "integrationConnected", "connectionSaved", "exit"} {
		if !slices.Contains(got, want) {
			t.Errorf("no %s step among %v", want, got)
		}
	}
	accts, err := a.Accounts(sess.UserID)
	if err != nil || len(accts) == 0 || accts[0].BrokerType != "sandbox" {
		t.Fatalf("accounts after the browser session: %+v %v", accts, err)
	}
	_, s, _ := a.session(context.Background())
	keys, _ := vault.List(context.Background(), s.Profile.ID)
	if !slices.ContainsFunc(keys, func(k store.SecretKey) bool { return strings.HasSuffix(string(k), "/tokenId") }) {
		t.Fatalf("no tokenId in the vault: %v", keys)
	}
	// The server stopped after the session.
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get(bs.URL)
		if err != nil {
			break
		}
		res.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("the loopback server still answers after the session")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func mustArtifacts(t *testing.T) string {
	t.Helper()
	d := filepath.Join(testenv.RepoRoot(), "test-artifacts")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}
