package mesh

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"meshdesk/version"
)

const (
	testClientID = "client-123"
	testSecret   = "sk_test_supersecret_value"
)

// fakeClock is an injected clock whose sleeps advance it and are recorded.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// mustClient returns a client for srv with an injected clock, recorded
// sleeps and jitter fixed at its maximum.
func mustClient(t *testing.T, baseURL string, opts ...Option) (*Client, *fakeClock) {
	t.Helper()
	clk := newFakeClock()
	all := append([]Option{WithBaseURL(baseURL), WithClock(clk.Now), WithSleep(clk.Sleep), withJitter(func() float64 { return 1 })}, opts...)
	c, err := NewClient(testClientID, testSecret, all...)
	if err != nil {
		t.Fatal(err)
	}
	return c, clk
}

// scripted serves the responses in order (the last one repeats) and counts requests.
type scripted struct {
	n     atomic.Int32
	steps []func(w http.ResponseWriter, r *http.Request)
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(s.n.Add(1)) - 1
	if i >= len(s.steps) {
		i = len(s.steps) - 1
	}
	s.steps[i](w, r)
}

func reply(status int, body string, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

const okNetworks = `{"content":{"networks":[{"id":"e3c7fdd8-b1fc-4e51-85ae-bb276e075611","name":"Ethereum","chainId":"1","networkType":"evm","supportedTokens":["ETH"]}]},"status":"ok","message":"","errorHash":"8d443794","errorType":""}`

func mustServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestNewClientRejects(t *testing.T) {
	tests := []struct {
		name, id, secret string
		opts             []Option
	}{
		{"empty id", "", "s", nil},
		{"empty secret", "id", " ", nil},
		{"relative base", "id", "s", []Option{WithBaseURL("/api")}},
		{"ftp base", "id", "s", []Option{WithBaseURL("ftp://x")}},
		{"bad base", "id", "s", []Option{WithBaseURL("http://[::1")}},
	}
	for _, tt := range tests {
		if _, err := NewClient(tt.id, tt.secret, tt.opts...); err == nil {
			t.Errorf("%s: accepted", tt.name)
		} else if strings.Contains(err.Error(), "s") && tt.secret == "s" && strings.Contains(err.Error(), "secret s") {
			t.Errorf("%s: error leaks the secret: %v", tt.name, err)
		}
	}
	c, err := NewClient("id", "s")
	if err != nil || c.BaseURL() != ProductionURL || c.ClientID() != "id" {
		t.Fatalf("default client: %v %v", c, err)
	}
}

func TestRequestHeaders(t *testing.T) {
	var got http.Header
	var path string
	srv := mustServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, path = r.Header.Clone(), r.URL.Path
		reply(200, okNetworks)(w, r)
	}))
	c, _ := mustClient(t, srv.URL+"/proxy/")
	nets, err := c.Networks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(nets) != 1 || nets[0].NetworkType != NetworkTypeEvm {
		t.Fatalf("networks = %+v", nets)
	}
	if path != "/proxy/api/v1/transfers/managed/networks" {
		t.Errorf("path = %s (the base URL's prefix must be kept)", path)
	}
	for k, want := range map[string]string{"X-Client-Id": testClientID, "X-Client-Secret": testSecret,
		"User-Agent": version.UserAgent(), "Accept": "application/json"} {
		if got.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, got.Get(k), want)
		}
	}
	c2, _ := mustClient(t, srv.URL, WithUserAgent("Custom/1"))
	if _, err := c2.Networks(context.Background()); err != nil || got.Get("User-Agent") != "Custom/1" {
		t.Errorf("WithUserAgent: %q %v", got.Get("User-Agent"), err)
	}
}

// Every failure mode the issue lists, against scripted httptest servers.
func TestFailureModes(t *testing.T) {
	html := `<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>`
	tests := []struct {
		name      string
		steps     []func(http.ResponseWriter, *http.Request)
		wantCalls int32
		check     func(error) bool
		wantText  []string
	}{
		{"400 with errorType", []func(http.ResponseWriter, *http.Request){reply(400, `{"status":"badRequest","message":"Error message","displayMessage":"Optional display message","errorHash":"7dcbb73d","errorType":"missingField"}`)},
			1, IsBadRequest, []string{"HTTP 400", "badRequest/missingField", "Optional display message", "7dcbb73d"}},
		{"401 empty body", []func(http.ResponseWriter, *http.Request){reply(401, ``)}, 1, IsAuth, []string{"HTTP 401"}},
		{"401 empty object", []func(http.ResponseWriter, *http.Request){reply(401, `{}`)}, 1, IsAuth, []string{"HTTP 401"}},
		{"403 permission", []func(http.ResponseWriter, *http.Request){reply(403, `{"status":"permissionDenied","message":"does not have write permission"}`)}, 1, IsAuth, []string{"permission"}},
		{"404", []func(http.ResponseWriter, *http.Request){reply(404, `{"status":"notFound","message":"API Client not found"}`)}, 1, IsNotFound, []string{"HTTP 404", "API Client not found"}},
		{"429 then ok", []func(http.ResponseWriter, *http.Request){reply(429, `{"status":"tooManyRequest"}`), reply(200, okNetworks)}, 2, nil, nil},
		{"429 always", []func(http.ResponseWriter, *http.Request){reply(429, `{"status":"tooManyRequest","message":"slow down"}`, "Retry-After", "1")}, 4, IsRateLimited, []string{"HTTP 429", "after 4 attempts"}},
		{"500 always", []func(http.ResponseWriter, *http.Request){reply(500, `{"status":"serverFailure","message":"boom"}`)}, 4, IsServer, []string{"HTTP 500", "boom"}},
		{"500 then ok", []func(http.ResponseWriter, *http.Request){reply(500, ``), reply(503, ``), reply(200, okNetworks)}, 3, nil, nil},
		{"502 html", []func(http.ResponseWriter, *http.Request){reply(502, html, "Content-Type", "text/html")}, 4, IsServer, []string{"HTTP 502", "502 Bad Gateway"}},
		{"200 html", []func(http.ResponseWriter, *http.Request){reply(200, html, "Content-Type", "text/html")}, 1, isMalformed, []string{"HTTP 200", "not a JSON object", "text/html"}},
		{"200 truncated", []func(http.ResponseWriter, *http.Request){reply(200, okNetworks[:60])}, 1, isMalformed, []string{"GET /api/v1/transfers/managed/networks", "not a Mesh envelope"}},
		{"200 empty", []func(http.ResponseWriter, *http.Request){reply(200, ``)}, 1, isMalformed, []string{"empty response body"}},
		{"200 not envelope", []func(http.ResponseWriter, *http.Request){reply(200, `{"networks":[]}`)}, 1, isMalformed, []string{"not a Mesh envelope"}},
		{"200 null content", []func(http.ResponseWriter, *http.Request){reply(200, `{"content":null,"status":"ok"}`)}, 1, isMalformed, []string{"no content"}},
		{"200 wrong content type", []func(http.ResponseWriter, *http.Request){reply(200, `{"content":{"networks":"nope"},"status":"ok"}`)}, 1, isMalformed, []string{"decode content"}},
		{"200 error status", []func(http.ResponseWriter, *http.Request){reply(200, `{"content":null,"status":"badRequest","errorType":"invalidField","message":"bad"}`)}, 1, IsBadRequest, []string{"badRequest/invalidField"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{steps: tt.steps}
			srv := mustServer(t, s)
			c, _ := mustClient(t, srv.URL)
			nets, err := c.Networks(context.Background())
			if got := s.n.Load(); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			if tt.check == nil {
				if err != nil || len(nets) != 1 {
					t.Fatalf("want success, got %v %v", nets, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want an error, got success %+v", nets)
			}
			if !tt.check(err) {
				t.Errorf("classifier rejected %v", err)
			}
			for _, w := range tt.wantText {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Errorf("error leaks the secret: %v", err)
			}
			// Classifiers are exclusive where they should be.
			if IsNotFound(err) && tt.name != "404" {
				t.Errorf("IsNotFound true for %v", err)
			}
		})
	}
}

func isMalformed(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Err != nil && e.HTTPStatus == 200
}

func TestRetryBackoffAndRetryAfter(t *testing.T) {
	s := &scripted{steps: []func(http.ResponseWriter, *http.Request){
		reply(500, ``), reply(502, ``), reply(429, `{"status":"tooManyRequest"}`, "Retry-After", "7"), reply(200, okNetworks)}}
	srv := mustServer(t, s)
	c, clk := mustClient(t, srv.URL, WithRetry(RetryPolicy{MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: 30 * time.Second, MaxElapsed: time.Minute}))
	if _, err := c.Networks(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 7 * time.Second} // jitter fixed at max; Retry-After wins
	got := clk.Sleeps()
	if len(got) != len(want) {
		t.Fatalf("sleeps %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sleep %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	clk := newFakeClock()
	date := clk.Now().Add(42 * time.Second).Format(http.TimeFormat)
	s := &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(429, `{}`, "Retry-After", date), reply(200, okNetworks)}}
	srv := mustServer(t, s)
	c, err := NewClient(testClientID, testSecret, WithBaseURL(srv.URL), WithClock(clk.Now), WithSleep(clk.Sleep),
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Minute, MaxElapsed: 2 * time.Minute}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Networks(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := clk.Sleeps(); len(got) != 1 || got[0] != 42*time.Second {
		t.Fatalf("sleeps = %v, want [42s]", got)
	}
}

func TestRetryCaps(t *testing.T) {
	t.Run("Retry-After longer than MaxDelay is not waited for", func(t *testing.T) {
		s := &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(429, `{}`, "Retry-After", "3600")}}
		srv := mustServer(t, s)
		c, clk := mustClient(t, srv.URL)
		_, err := c.Networks(context.Background())
		var e *Error
		if !IsRateLimited(err) || !errors.As(err, &e) || e.RetryAfter != time.Hour {
			t.Fatalf("err = %v", err)
		}
		if s.n.Load() != 1 || len(clk.Sleeps()) != 0 {
			t.Fatalf("calls %d sleeps %v", s.n.Load(), clk.Sleeps())
		}
	})
	t.Run("total time", func(t *testing.T) {
		s := &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(503, ``)}}
		srv := mustServer(t, s)
		c, clk := mustClient(t, srv.URL, WithRetry(RetryPolicy{MaxAttempts: 100, BaseDelay: time.Second, MaxDelay: 4 * time.Second, MaxElapsed: 10 * time.Second}))
		_, err := c.Networks(context.Background())
		if !IsServer(err) {
			t.Fatalf("err = %v", err)
		}
		var total time.Duration
		for _, d := range clk.Sleeps() {
			total += d
		}
		// 1+2+4 = 7s; a further 4s wait would cross 10s.
		if total != 7*time.Second || s.n.Load() != 4 {
			t.Fatalf("slept %v over %d calls", clk.Sleeps(), s.n.Load())
		}
	})
	t.Run("NoRetry", func(t *testing.T) {
		s := &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(500, ``)}}
		srv := mustServer(t, s)
		c, _ := mustClient(t, srv.URL, WithRetry(NoRetry))
		if _, err := c.Networks(context.Background()); !IsServer(err) || s.n.Load() != 1 {
			t.Fatalf("err %v calls %d", err, s.n.Load())
		}
	})
}

func TestJitterBounds(t *testing.T) {
	cfg := &config{retry: RetryPolicy{BaseDelay: time.Second, MaxDelay: 8 * time.Second}}
	for _, j := range []float64{0, 0.5, 0.999} {
		cfg.jitter = func() float64 { return j }
		for attempt := 1; attempt <= 6; attempt++ {
			full := time.Second << (attempt - 1)
			if full > 8*time.Second {
				full = 8 * time.Second
			}
			d := cfg.backoff(attempt)
			if d < full/2 || d > full {
				t.Errorf("jitter %v attempt %d: %v outside [%v, %v]", j, attempt, d, full/2, full)
			}
		}
	}
}

// Calls that must never be sent twice are not retried, whatever the error.
func TestNonIdempotentCallsNotRetried(t *testing.T) {
	const nid = "e3c7fdd8-b1fc-4e51-85ae-bb276e075611"
	amt := 1.0
	calls := map[string]func(*Client) error{
		"configure": func(c *Client) error {
			_, err := c.ConfigureTransfer(context.Background(), ConfigureTransferRequest{FromAuthToken: "t", FromType: BrokerTypeCoinbase})
			return err
		},
		"preview": func(c *Client) error {
			_, err := c.PreviewTransfer(context.Background(), PreviewTransferRequest{FromAuthToken: "t", FromType: BrokerTypeCoinbase, NetworkID: nid, Symbol: "ETH", ToAddress: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", Amount: &amt})
			return err
		},
		"execute": func(c *Client) error {
			_, err := c.ExecuteTransfer(context.Background(), ExecuteTransferRequest{FromAuthToken: "t", FromType: BrokerTypeCoinbase, PreviewID: nid})
			return err
		},
		"update": func(c *Client) error {
			_, err := c.UpdateTransfer(context.Background(), UpdateTransferRequest{AuthToken: "t", Type: BrokerTypeCoinbase, TransactionID: "x"})
			return err
		},
		"disconnect": func(c *Client) error {
			return c.Disconnect(context.Background(), AccountRequest{AuthToken: "t", Type: BrokerTypeCoinbase})
		},
		"refresh": func(c *Client) error {
			_, err := c.RefreshToken(context.Background(), RefreshTokenRequest{RefreshToken: "r", Type: BrokerTypeCoinbase})
			return err
		},
		"deposit address": func(c *Client) error {
			_, err := c.DepositAddress(context.Background(), DepositAddressRequest{AuthToken: "t", Type: BrokerTypeCoinbase, Symbol: "ETH"})
			return err
		},
	}
	for name, f := range calls {
		for _, status := range []int{429, 500, 502} {
			s := &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(status, `{}`)}}
			srv := mustServer(t, s)
			c, clk := mustClient(t, srv.URL)
			if err := f(c); err == nil {
				t.Errorf("%s %d: no error", name, status)
			}
			if s.n.Load() != 1 || len(clk.Sleeps()) != 0 {
				t.Errorf("%s %d: sent %d times", name, status, s.n.Load())
			}
			srv.Close()
		}
	}
}

// The read-only POSTs and link-token creation are retried; 4xx other than 429 is not.
func TestRetriedCalls(t *testing.T) {
	calls := map[string]func(*Client) error{
		"holdings": func(c *Client) error {
			_, err := c.Holdings(context.Background(), HoldingsRequest{AuthToken: "t", Type: BrokerTypeCoinbase})
			return err
		},
		"balance": func(c *Client) error {
			_, err := c.Balance(context.Background(), BalanceRequest{AuthToken: "t", Type: BrokerTypeCoinbase})
			return err
		},
		"exchange transfers": func(c *Client) error {
			_, err := c.ExchangeTransfers(context.Background(), ExchangeTransfersRequest{AuthToken: "t", Type: BrokerTypeCoinbase})
			return err
		},
		"link token": func(c *Client) error {
			_, err := c.CreateLinkToken(context.Background(), LinkTokenRequest{UserID: "u"})
			return err
		},
		"history": func(c *Client) error {
			_, err := c.Transfers(context.Background(), TransferQuery{})
			return err
		},
	}
	for name, f := range calls {
		s := &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(503, ``)}}
		srv := mustServer(t, s)
		c, _ := mustClient(t, srv.URL)
		if err := f(c); !IsServer(err) || s.n.Load() != int32(DefaultRetryPolicy.MaxAttempts) {
			t.Errorf("%s: err %v after %d sends", name, err, s.n.Load())
		}
		srv.Close()
		s = &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(400, `{"status":"badRequest"}`)}}
		srv = mustServer(t, s)
		c, _ = mustClient(t, srv.URL)
		if err := f(c); !IsBadRequest(err) || s.n.Load() != 1 {
			t.Errorf("%s: 400 sent %d times (%v)", name, s.n.Load(), err)
		}
		srv.Close()
	}
}

func TestTransportErrorRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	c, clk := mustClient(t, url)
	_, err := c.Networks(context.Background())
	if err == nil || len(clk.Sleeps()) != DefaultRetryPolicy.MaxAttempts-1 {
		t.Fatalf("err %v sleeps %v", err, clk.Sleeps())
	}
	if IsServer(err) || IsAuth(err) {
		t.Errorf("transport error misclassified: %v", err)
	}
	if !strings.Contains(err.Error(), "after 4 attempts") {
		t.Errorf("error does not say how often it tried: %v", err)
	}
}

// A redirect is not followed (it could carry the secret to another host);
// it surfaces as an error with its status.
func TestRedirectNotFollowed(t *testing.T) {
	var leaked atomic.Bool
	other := mustServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("X-Client-Secret") != "")
		reply(200, okNetworks)(w, r)
	}))
	srv := mustServer(t, http.RedirectHandler(other.URL+"/api/v1/transfers/managed/networks", http.StatusFound))
	c, err := NewClient(testClientID, testSecret, WithBaseURL(srv.URL), WithHTTPClient(nil))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Networks(context.Background())
	var e *Error
	if !errors.As(err, &e) || e.HTTPStatus != http.StatusFound || leaked.Load() {
		t.Fatalf("err %v, secret sent to the redirect target: %v", err, leaked.Load())
	}
}

func TestSlowServerAndCancel(t *testing.T) {
	release := make(chan struct{})
	srv := mustServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer close(release)
	t.Run("deadline", func(t *testing.T) {
		c, clk := mustClient(t, srv.URL)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := c.Networks(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
		if len(clk.Sleeps()) != 0 {
			t.Errorf("retried after the deadline: %v", clk.Sleeps())
		}
		if !strings.Contains(err.Error(), "GET /api/v1/transfers/managed/networks") {
			t.Errorf("error does not name the endpoint: %v", err)
		}
	})
	t.Run("cancelled before", func(t *testing.T) {
		c, _ := mustClient(t, srv.URL)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.Networks(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("cancelled during", func(t *testing.T) {
		c, _ := mustClient(t, srv.URL)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(20*time.Millisecond, cancel)
		if _, err := c.Networks(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("cancelled while waiting to retry", func(t *testing.T) {
		s := &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(503, ``)}}
		srv2 := mustServer(t, s)
		ctx, cancel := context.WithCancel(context.Background())
		c, err := NewClient(testClientID, testSecret, WithBaseURL(srv2.URL), WithSleep(func(ctx context.Context, d time.Duration) error {
			cancel()
			return sleepCtx(ctx, d)
		}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Networks(ctx); !errors.Is(err, context.Canceled) || s.n.Load() != 1 {
			t.Fatalf("err %v calls %d", err, s.n.Load())
		}
	})
}

func TestErrorScrubsSecret(t *testing.T) {
	echo := `{"status":"badRequest","message":"bad secret ` + testSecret + `"}`
	srv := mustServer(t, &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(400, echo)}})
	c, _ := mustClient(t, srv.URL)
	_, err := c.Networks(context.Background())
	if err == nil || strings.Contains(err.Error(), testSecret) || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("err = %v", err)
	}
	srv2 := mustServer(t, &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(200, "<p>"+testSecret)}})
	c2, _ := mustClient(t, srv2.URL)
	if _, err := c2.Networks(context.Background()); err == nil || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("err = %v", err)
	}
}

func TestDisconnectAnswers(t *testing.T) {
	tests := []struct {
		name string
		step func(http.ResponseWriter, *http.Request)
		ok   bool
	}{
		{"envelope without content", reply(200, `{"content":null,"status":"ok","message":""}`), true},
		{"204", reply(204, ``), true},
		{"200 empty", reply(200, ``), true},
		{"200 html", reply(200, `<html>`), false},
		{"400", reply(400, `{"status":"badRequest","message":"unknown token"}`), false},
	}
	for _, tt := range tests {
		srv := mustServer(t, &scripted{steps: []func(http.ResponseWriter, *http.Request){tt.step}})
		c, _ := mustClient(t, srv.URL)
		err := c.Disconnect(context.Background(), AccountRequest{AuthToken: "t", Type: BrokerTypeCoinbase})
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	tests := map[string]time.Duration{
		"": 0, "0": 0, "-5": 0, "3": 3 * time.Second, "junk": 0, "99999999": 24 * time.Hour,
		"Thu, 01 Jan 2026 00:00:10 GMT": 10 * time.Second, "Wed, 31 Dec 2025 00:00:00 GMT": 0,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestValidationErrorsSurface(t *testing.T) {
	srv := mustServer(t, &scripted{steps: []func(http.ResponseWriter, *http.Request){reply(200, okNetworks)}})
	c, _ := mustClient(t, srv.URL)
	_, err := c.CreateLinkToken(context.Background(), LinkTokenRequest{UserID: "", TransferOptions: &TransferOptions{TransactionID: strings.Repeat("x", 129)}})
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field != "userId" {
		t.Fatalf("err = %v", err)
	}
	var all ValidationErrors
	if !errors.As(err, &all) || all.Fields()["transferOptions.transactionId"] == "" || !IsBadRequest(err) {
		t.Fatalf("fields = %v", all.Fields())
	}
}
