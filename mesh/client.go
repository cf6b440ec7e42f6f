package mesh

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"meshdesk/version"
)

// Base URLs of Mesh's APIs.
const (
	// ProductionURL is the Integration API for live money.
	ProductionURL = "https://integration-api.meshconnect.com"
	// SandboxURL is the Integration API's sandbox (mocked exchanges, test wallets).
	SandboxURL = "https://sandbox-integration-api.meshconnect.com"
	// AdminURL is the Account Management API (sub-clients), with its own secret.
	AdminURL = "https://admin-api.meshconnect.com"
)

// maxBody caps how much of a response body the client reads.
const maxBody = 32 << 20

// RetryPolicy says how often and how long a retryable call is retried:
// on HTTP 429 (honouring Retry-After), 5xx and transport errors, with
// exponential backoff and jitter, within MaxAttempts and MaxElapsed.
type RetryPolicy struct {
	// MaxAttempts is the most times a request is sent (1 disables retries).
	MaxAttempts int
	// BaseDelay is the wait before the first retry; it doubles each time.
	BaseDelay time.Duration
	// MaxDelay caps one wait (including a server's Retry-After).
	MaxDelay time.Duration
	// MaxElapsed caps the total time spent, waits included; a retry whose
	// wait would cross it is not made.
	MaxElapsed time.Duration
}

// DefaultRetryPolicy is used unless WithRetry says otherwise.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 300 * time.Millisecond, MaxDelay: 10 * time.Second, MaxElapsed: 30 * time.Second}

// NoRetry sends every request once.
var NoRetry = RetryPolicy{MaxAttempts: 1}

// config is shared by Client and AdminClient.
type config struct {
	baseURL   string
	hc        *http.Client
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
	userAgent string
	retry     RetryPolicy
	jitter    func() float64
}

// Option configures a Client or an AdminClient.
type Option func(*config)

// WithBaseURL sends requests to base instead of the production URL: the
// sandbox, the emulator, or a proxy. A path prefix in base is kept.
func WithBaseURL(base string) Option { return func(c *config) { c.baseURL = base } }

// WithHTTPClient sends requests through hc (its Timeout applies per attempt).
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.hc = hc } }

// WithClock replaces time.Now, for Retry-After dates, total retry time and
// token expiry.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithSleep replaces the wait between retries (tests record the waits
// instead of sleeping). sleep must return ctx.Err() if ctx ends first.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) { c.sleep = sleep }
}

// WithUserAgent replaces the User-Agent (default version.UserAgent()).
func WithUserAgent(ua string) Option { return func(c *config) { c.userAgent = ua } }

// WithRetry replaces DefaultRetryPolicy.
func WithRetry(p RetryPolicy) Option { return func(c *config) { c.retry = p } }

// withJitter replaces the random source of the backoff jitter (tests).
func withJitter(f func() float64) Option { return func(c *config) { c.jitter = f } }

// defaultHTTPClient times out each attempt after a minute and follows no
// redirects: an API answer is never a redirect, and following one to another
// host would hand it the X-Client-Secret header.
func defaultHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func newConfig(defaultBase string, opts []Option) (*config, *url.URL, error) {
	c := &config{
		baseURL:   defaultBase,
		hc:        defaultHTTPClient(),
		now:       time.Now,
		sleep:     sleepCtx,
		userAgent: version.UserAgent(),
		retry:     DefaultRetryPolicy,
		jitter:    rand.Float64,
	}
	for _, o := range opts {
		o(c)
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient()
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.retry.MaxAttempts < 1 {
		c.retry.MaxAttempts = 1
	}
	u, err := url.Parse(strings.TrimRight(c.baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, nil, fmt.Errorf("mesh: base URL %q is not an absolute http(s) URL", c.baseURL)
	}
	return c, u, nil
}

// Client calls Mesh's Integration API with one client id and secret. It is
// safe for concurrent use.
type Client struct {
	cfg      *config
	base     *url.URL
	clientID string
	secret   string
}

// NewClient returns a client for clientID and its API secret, talking to
// ProductionURL unless WithBaseURL says otherwise.
func NewClient(clientID, secret string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(clientID) == "" {
		return nil, errors.New("mesh: client id is empty")
	}
	if strings.TrimSpace(secret) == "" {
		return nil, errors.New("mesh: client secret is empty")
	}
	cfg, base, err := newConfig(ProductionURL, opts)
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, base: base, clientID: clientID, secret: secret}, nil
}

// BaseURL is the URL the client sends requests to.
func (c *Client) BaseURL() string { return c.base.String() }

// ClientID is the client id the client sends.
func (c *Client) ClientID() string { return c.clientID }

// call describes one endpoint invocation.
type call struct {
	method string
	path   string
	query  url.Values
	body   any  // marshalled as JSON when non-nil
	retry  bool // safe to send more than once
	// noContent accepts an envelope whose content is null.
	noContent bool
}

func (k call) op() string { return k.method + " " + k.path }

// do sends k with the client's credentials and decodes the envelope's
// content into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	return c.cfg.send(ctx, c.base, k, func(r *http.Request) error {
		r.Header.Set("X-Client-Id", c.clientID)
		r.Header.Set("X-Client-Secret", c.secret)
		return nil
	}, []string{c.secret}, out)
}

// send runs the retry loop for one call. auth adds credentials to each
// attempt; secrets are scrubbed from anything quoted back in errors.
func (cfg *config) send(ctx context.Context, base *url.URL, k call, auth func(*http.Request) error, secrets []string, out any) error {
	if ctx == nil {
		return errors.New("mesh: nil context")
	}
	var body []byte
	if k.body != nil {
		var err error
		if body, err = json.Marshal(k.body); err != nil {
			return fmt.Errorf("mesh: %s: encode request: %w", k.op(), err)
		}
	}
	u := *base
	u.Path = strings.TrimRight(base.Path, "/") + k.path
	u.RawPath = ""
	if len(k.query) > 0 {
		u.RawQuery = k.query.Encode()
	}
	attempts := cfg.retry.MaxAttempts
	if !k.retry {
		attempts = 1
	}
	start := cfg.now()
	for attempt := 1; ; attempt++ {
		err := cfg.attempt(ctx, &u, k, body, auth, secrets, out)
		if err == nil {
			return nil
		}
		if e, ok := asError(err); ok {
			e.Attempts = attempt
		} else if te := (*transportError)(nil); errors.As(err, &te) {
			te.attempts = attempt
		}
		wait, retryable := cfg.retryable(err, attempt)
		if !retryable || attempt >= attempts || ctx.Err() != nil {
			return err
		}
		if cfg.retry.MaxElapsed > 0 && cfg.now().Sub(start)+wait > cfg.retry.MaxElapsed {
			return err
		}
		if serr := cfg.sleep(ctx, wait); serr != nil {
			return fmt.Errorf("mesh: %s: gave up waiting to retry: %w (last error: %v)", k.op(), serr, err)
		}
	}
}

// transportError is a failure to get any HTTP response.
type transportError struct {
	op       string
	err      error
	attempts int
}

// Error names the endpoint and the transport failure.
func (e *transportError) Error() string {
	s := "mesh: " + e.op + ": " + e.err.Error()
	if e.attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", e.attempts)
	}
	return s
}

// Unwrap returns the transport failure.
func (e *transportError) Unwrap() error { return e.err }

func (cfg *config) attempt(ctx context.Context, u *url.URL, k call, body []byte, auth func(*http.Request) error, secrets []string, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, k.method, u.String(), rd)
	if err != nil {
		return fmt.Errorf("mesh: %s: build request: %w", k.op(), err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", cfg.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if err := auth(req); err != nil {
		return err
	}
	resp, err := cfg.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("mesh: %s: %w", k.op(), ctx.Err())
		}
		return &transportError{op: k.op(), err: scrubErr(err, secrets)}
	}
	defer resp.Body.Close()
	data, err := readBody(io.LimitReader(resp.Body, maxBody+1), resp.ContentLength)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("mesh: %s: reading response: %w", k.op(), ctx.Err())
		}
		return &transportError{op: k.op(), err: fmt.Errorf("reading HTTP %d response: %w", resp.StatusCode, err)}
	}
	if len(data) > maxBody {
		return &Error{Op: k.op(), HTTPStatus: resp.StatusCode, Err: fmt.Errorf("response larger than %d bytes", maxBody)}
	}
	// data is this attempt's own: the history's transfers point into it rather than a copy.
	if fastPage(out, resp.StatusCode, data, false) {
		return nil
	}
	return decodeEnvelopeJSON(k.op(), resp.StatusCode, resp.Header, data, k.noContent, out, secrets, cfg.now)
}

// readBody reads r to the end into one buffer sized for the announced length (an unknown or
// wrong length still reads everything), so a 100 KB history page is read without regrowing.
func readBody(r io.Reader, length int64) ([]byte, error) {
	if length < 0 || length > maxBody {
		length = 512
	}
	b := make([]byte, 0, length+1) // +1: the read that meets EOF needs room
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// retryable says whether err may be retried and after how long.
func (cfg *config) retryable(err error, attempt int) (time.Duration, bool) {
	var te *transportError
	e, isAPI := asError(err)
	switch {
	case errors.As(err, &te):
	case isAPI && (e.HTTPStatus == http.StatusTooManyRequests || e.HTTPStatus >= 500):
		if e.RetryAfter > 0 {
			d := e.RetryAfter
			if cfg.retry.MaxDelay > 0 && d > cfg.retry.MaxDelay {
				return 0, false // the server wants us away longer than we may wait
			}
			return d, true
		}
	default:
		return 0, false
	}
	return cfg.backoff(attempt), true
}

// backoff is the wait after the attempt-th try: BaseDelay·2^(attempt-1),
// capped at MaxDelay, with "equal jitter" (between half and all of it).
func (cfg *config) backoff(attempt int) time.Duration {
	d := cfg.retry.BaseDelay
	if d <= 0 {
		d = 100 * time.Millisecond
	}
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	if cfg.retry.MaxDelay > 0 && d > cfg.retry.MaxDelay {
		d = cfg.retry.MaxDelay
	}
	half := d / 2
	return half + time.Duration(cfg.jitter()*float64(d-half))
}

// envelope is Mesh's ApiResult.
type envelope struct {
	Content        json.RawMessage `json:"content"`
	Status         *string         `json:"status"`
	Message        string          `json:"message"`
	DisplayMessage string          `json:"displayMessage"`
	ErrorType      string          `json:"errorType"`
	ErrorHash      string          `json:"errorHash"`
	ErrorData      json.RawMessage `json:"errorData"`
}

// decodeEnvelope turns one HTTP response into out or an error. A 2xx
// response must be an envelope with status ok (or none) and, unless
// noContent, a non-null content that decodes into out.
func decodeEnvelope(op string, status int, h http.Header, data []byte, noContent bool, out any, secrets []string, now func() time.Time) error {
	if fastPage(out, status, data, true) {
		return nil
	}
	return decodeEnvelopeJSON(op, status, h, data, noContent, out, secrets, now)
}

// fastPage decodes a history page's 2xx body in one pass (see pagedecode.go) and reports
// whether it did; anything it does not take is for decodeEnvelopeJSON, which accepts or
// refuses it as before. copyBody makes the transfers' Raw point into a copy of data rather
// than data itself (when the caller keeps or reuses data).
func fastPage(out any, status int, data []byte, copyBody bool) bool {
	pc, ok := out.(*transferPageContent)
	if !ok || status < 200 || status >= 300 || pc.Items != nil || pc.Total != 0 {
		return false
	}
	c, ok := decodeTransferPageFast(data, copyBody)
	if ok {
		*pc = c
	}
	return ok
}

// decodeEnvelopeJSON is decodeEnvelope through encoding/json alone: every body but the
// history pages the fast path takes, and the reference the fast path is tested against.
func decodeEnvelopeJSON(op string, status int, h http.Header, data []byte, noContent bool, out any, secrets []string, now func() time.Time) error {
	e := &Error{Op: op, HTTPStatus: status}
	if h != nil {
		e.RetryAfter = parseRetryAfter(h.Get("Retry-After"), now)
	}
	var env envelope
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 && noContent && status >= 200 && status < 300 {
		return nil // e.g. 204 No Content to a DELETE
	}
	var decodeErr error
	switch {
	case len(trimmed) == 0:
		decodeErr = errors.New("empty response body")
	case trimmed[0] != '{':
		decodeErr = fmt.Errorf("response is not a JSON object (Content-Type %q)", contentType(h))
	default:
		if err := json.Unmarshal(trimmed, &env); err != nil {
			decodeErr = fmt.Errorf("response is not a Mesh envelope: %w", err)
		} else if env.Status == nil && env.Content == nil && status < 300 {
			decodeErr = errors.New("response is not a Mesh envelope (no status, no content)")
		}
	}
	if decodeErr != nil {
		e.Err = decodeErr
		e.Body = snippet(data, secrets)
		if status >= 300 {
			// The status says it all; an odd body (HTML from a proxy, an
			// empty 401) is quoted, not treated as a second failure.
			e.Err = nil
			if len(trimmed) == 0 {
				e.Body = ""
			}
		}
		return e
	}
	if env.Status != nil {
		e.Status = *env.Status
	}
	e.Message = scrub(env.Message, secrets)
	e.DisplayMessage = scrub(env.DisplayMessage, secrets)
	e.ErrorType = env.ErrorType
	e.ErrorHash = env.ErrorHash
	if len(env.ErrorData) > 0 && string(env.ErrorData) != "null" {
		e.ErrorData = []byte(scrub(string(env.ErrorData), secrets))
	}
	if status < 200 || status >= 300 {
		return e
	}
	if e.Status != "" && e.Status != APIStatusOK {
		return e
	}
	if out == nil {
		return nil
	}
	if len(env.Content) == 0 || string(env.Content) == "null" {
		if noContent {
			return nil
		}
		e.Err = errors.New("response envelope has no content")
		return e
	}
	if err := json.Unmarshal(env.Content, out); err != nil {
		e.Err = fmt.Errorf("decode content: %w", err)
		e.Body = snippet(env.Content, secrets)
		return e
	}
	return nil
}

func contentType(h http.Header) string {
	if h == nil {
		return ""
	}
	return h.Get("Content-Type")
}

// parseRetryAfter reads seconds or an HTTP date; 0 when absent or invalid.
func parseRetryAfter(v string, now func() time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > 24*3600 {
			n = 24 * 3600
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && now != nil {
		if d := t.Sub(now()); d > 0 {
			return d
		}
	}
	return 0
}

// snippet returns the start of a body, printable and without secrets.
func snippet(b []byte, secrets []string) string {
	const max = 160
	s := string(b)
	if len(s) > max {
		s = s[:max]
		for !utf8.ValidString(s) && len(s) > 0 {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return scrub(strings.TrimSpace(s), secrets)
}

func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return s
}

type scrubbedError struct {
	msg string
	err error
}

// Error is the message with secrets redacted.
func (e *scrubbedError) Error() string { return e.msg }

// Unwrap returns the original error.
func (e *scrubbedError) Unwrap() error { return e.err }

func scrubErr(err error, secrets []string) error {
	msg := err.Error()
	if s := scrub(msg, secrets); s != msg {
		return &scrubbedError{msg: s, err: err}
	}
	return err
}
