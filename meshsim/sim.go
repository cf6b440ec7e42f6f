// Package meshsim is a stateful local emulator of the Mesh Connect API (and, with the
// Link-page half in linkpage.go, of Mesh's Link page). In the spirit of stripe-mock, but
// with state, scripted faults and signed webhooks: the app's Demo profile runs it
// in-process, every test runs against it, and `meshdesk sim` serves it on its own.
//
// A Sim holds clients, connected accounts, link tokens, sub-clients and transfers (a
// deterministic generated history plus the ones made at runtime). Its HTTP handler speaks
// Mesh's envelope and routes; see README.md for the choices made where Mesh is silent.
package meshsim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Client is one API client the emulator accepts (X-Client-Id / X-Client-Secret).
type Client struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
	// MMT turns Mesh Managed Tokens on: connections get a stable tokenId.
	MMT bool `json:"mmt"`
	// ReadOnly makes write routes answer 403 (a key without write scope).
	ReadOnly bool `json:"readOnly,omitempty"`
}

// Default demo credentials, used when Options.Clients is empty.
const (
	DefaultClientID     = "demo-client"
	DefaultClientSecret = "sk_sandbox_demo_secret"
	DefaultAdminSecret  = "sk_admin_demo_secret"
)

// Options configure a Sim. The zero value is a usable emulator with the demo client,
// no generated history and a 10 s settle delay.
type Options struct {
	// Seed makes the generated history and derived values deterministic.
	Seed uint64
	// Transfers is how many history transfers to generate for the first client.
	Transfers int
	// HistoryEnd is the newest createdTimestamp of generated transfers; the history
	// spans HistorySpan before it. Zero: Clock() at New, truncated to the minute.
	HistoryEnd time.Time
	// HistorySpan is how far back the generated history reaches (default 365 days).
	HistorySpan time.Duration
	// StateFile, when set, is loaded at New (if it exists) and rewritten atomically
	// after every change and at Close. Its seed, transfer count and history end win
	// over the options so a restart sees the same history.
	StateFile string
	// Clients are the accepted API clients (default: one demo client with MMT on).
	Clients []Client
	// AdminSecret is the Account Management API secret (POST /admin/api/v1/Token);
	// it pairs with any configured client id. Default DefaultAdminSecret.
	AdminSecret string
	// WebhookURL receives signed transfer-status webhooks when set.
	WebhookURL string
	// WebhookSecret signs webhooks (X-Mesh-Signature-256).
	WebhookSecret string
	// WebhookTimeout is how long a receiver has to answer 200 (default 200 ms).
	WebhookTimeout time.Duration
	// WebhookBackoff gives the wait before retry attempt n (1-based); default
	// 1s, 2s, 4s … capped at 5 min. WebhookMaxAttempts bounds the attempts (default 8).
	WebhookBackoff     func(attempt int) time.Duration
	WebhookMaxAttempts int
	// WebhookDuplicates sends every webhook event twice (same EventId, new Id).
	WebhookDuplicates bool
	// WebhookReorder holds each transfer's pending event back and sends it after the
	// final one, so receivers see a final status before pending.
	WebhookReorder bool
	// Clock is the emulator's time (default time.Now). Expiry, settling and
	// timestamps all read it, so tests can drive time.
	Clock func() time.Time
	// SettleDelay is how long a runtime transfer stays pending (default 10 s).
	SettleDelay time.Duration
	// FailureRate is the share of runtime transfers that settle as failed (0..1).
	FailureRate float64
	// SettleGenerated makes the generated history's pending transfers settle too
	// (each SettleDelay after the Sim starts). Default: they stay pending.
	SettleGenerated bool
	// Faults are scripted faults active from the start (see Fault).
	Faults []Fault
	// BaseURL is the emulator's public URL when the handler is mounted by the caller
	// (Start sets it otherwise). Link tokens point at it.
	BaseURL string
	// Logger receives one line per request and delivery (default: discard).
	Logger *slog.Logger
	// LinkTokenTTL is how long a link token may be redeemed (default 10 min).
	LinkTokenTTL time.Duration
	// PreviewTTL is how long a previewId may be executed (default 300 s).
	PreviewTTL time.Duration
}

// Sim is a running emulator: state plus its HTTP handler. Safe for concurrent use.
type Sim struct {
	opts    Options
	clock   func() time.Time
	log     *slog.Logger
	baseURL atomic.Value // string

	mu    sync.RWMutex
	st    *state
	hist  *history
	dirty bool

	reqMu    sync.Mutex
	reqCount map[string]int

	faults *faultSet
	hooks  *webhooker

	handler http.Handler
	srv     *http.Server
	ln      net.Listener

	saveCh    chan struct{}
	closeOnce sync.Once
	closed    chan struct{}
	wg        sync.WaitGroup
	nextDue   atomic.Int64 // unix ms of the earliest pending settlement, 0 = none
	settleSet map[int32]struct{}
}

// linkPageRoutes is set by linkpage.go (the Link-page half of the package) from its
// init; when non-nil the router calls it so the Link page registers its routes.
var linkPageRoutes func(s *Sim, mux *http.ServeMux)

// New builds an emulator: loads the state file if any, else generates the history.
func New(opts Options) (*Sim, error) {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if len(opts.Clients) == 0 {
		opts.Clients = []Client{{ID: DefaultClientID, Secret: DefaultClientSecret, MMT: true}}
	}
	for _, c := range opts.Clients {
		if c.ID == "" || c.Secret == "" {
			return nil, errors.New("meshsim: every client needs an id and a secret")
		}
	}
	if opts.AdminSecret == "" {
		opts.AdminSecret = DefaultAdminSecret
	}
	if opts.SettleDelay <= 0 {
		opts.SettleDelay = 10 * time.Second
	}
	if opts.FailureRate < 0 || opts.FailureRate > 1 {
		return nil, fmt.Errorf("meshsim: failure rate %v is outside 0..1", opts.FailureRate)
	}
	if opts.Transfers < 0 {
		return nil, fmt.Errorf("meshsim: negative transfer count %d", opts.Transfers)
	}
	if opts.HistorySpan <= 0 {
		opts.HistorySpan = 365 * 24 * time.Hour
	}
	if opts.HistoryEnd.IsZero() {
		opts.HistoryEnd = opts.Clock().Truncate(time.Minute)
	}
	if opts.WebhookTimeout <= 0 {
		opts.WebhookTimeout = 200 * time.Millisecond
	}
	if opts.WebhookMaxAttempts <= 0 {
		opts.WebhookMaxAttempts = 8
	}
	if opts.WebhookBackoff == nil {
		opts.WebhookBackoff = defaultBackoff
	}
	if opts.LinkTokenTTL <= 0 {
		opts.LinkTokenTTL = 10 * time.Minute
	}
	if opts.PreviewTTL <= 0 {
		opts.PreviewTTL = 300 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Sim{
		opts:     opts,
		clock:    opts.Clock,
		log:      opts.Logger,
		reqCount: map[string]int{},
		faults:   newFaultSet(opts.Faults),
		saveCh:   make(chan struct{}, 1),
		closed:   make(chan struct{}),
	}
	s.baseURL.Store(strings.TrimRight(opts.BaseURL, "/"))
	if err := s.loadOrGenerate(); err != nil {
		return nil, err
	}
	s.hooks = newWebhooker(s)
	s.handler = s.routes()
	s.wg.Add(2)
	go s.saveLoop()
	go s.settleLoop()
	return s, nil
}

func defaultBackoff(attempt int) time.Duration {
	d := time.Second << min(attempt-1, 9)
	return min(d, 5*time.Minute)
}

// Now is the emulator's current time (Options.Clock).
func (s *Sim) Now() time.Time { return s.clock() }

// BaseURL is the emulator's public base URL ("" before Start or SetBaseURL).
func (s *Sim) BaseURL() string { return s.baseURL.Load().(string) }

// SetBaseURL sets the public base URL, for callers that serve Handler themselves
// (e.g. httptest.NewServer(sim.Handler())).
func (s *Sim) SetBaseURL(u string) { s.baseURL.Store(strings.TrimRight(u, "/")) }

// Handler is the emulator's HTTP handler: the Mesh API, the Account Management API
// under /admin/api/v1, the test controls under /_sim/ and the Link page.
func (s *Sim) Handler() http.Handler { return s.handler }

// Start listens on addr (default "127.0.0.1:0") and serves the handler; it returns the
// base URL. Only loopback addresses are accepted.
func (s *Sim) Start(addr string) (string, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("meshsim: listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", fmt.Errorf("meshsim: refusing to listen on %q: loopback only", host)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("meshsim: listen: %w", err)
	}
	s.ln = ln
	u := "http://" + ln.Addr().String()
	if s.BaseURL() == "" || s.opts.BaseURL == "" {
		s.SetBaseURL(u)
	}
	s.srv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("meshsim: serve", "err", err)
		}
	}()
	return s.BaseURL(), nil
}

// Close stops the server and the background work and writes the state file.
func (s *Sim) Close() error {
	var err error
	s.closeOnce.Do(func() {
		if s.srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = s.srv.Shutdown(ctx)
			cancel()
		}
		close(s.closed)
		s.hooks.close()
		s.wg.Wait()
		err = s.Save()
	})
	return err
}

func (s *Sim) client(id string) (Client, bool) {
	for _, c := range s.opts.Clients {
		if c.ID == id {
			return c, true
		}
	}
	return Client{}, false
}

// Clients returns the configured API clients.
func (s *Sim) Clients() []Client { return append([]Client(nil), s.opts.Clients...) }

// RequestCount returns how many requests the route pattern (e.g.
// "GET /api/v1/transfers/managed/mesh") has served, faults included.
func (s *Sim) RequestCount(route string) int {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	return s.reqCount[route]
}

// RequestCounts returns a copy of all per-route request counts.
func (s *Sim) RequestCounts() map[string]int {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	out := make(map[string]int, len(s.reqCount))
	for k, v := range s.reqCount {
		out[k] = v
	}
	return out
}

// ResetRequestCounts zeroes the per-route request counts.
func (s *Sim) ResetRequestCounts() {
	s.reqMu.Lock()
	s.reqCount = map[string]int{}
	s.reqMu.Unlock()
}

func (s *Sim) countRequest(route string) {
	s.reqMu.Lock()
	s.reqCount[route]++
	s.reqMu.Unlock()
}
