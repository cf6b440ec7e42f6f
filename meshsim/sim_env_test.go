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

	"meshdesk/internal/spectest"
)

// simClock is an injectable clock tests advance by hand.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func newSimClock() *simClock {
	return &simClock{t: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)}
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// apiEnv is an emulator behind an httptest server, with a client that validates every
// response against Mesh's spec.
type apiEnv struct {
	t     *testing.T
	sim   *Sim
	srv   *httptest.Server
	clock *simClock
	spec  *spectest.Spec
	id    string
	sec   string
}

// mustAPIEnv starts an emulator with opts (a fake clock unless opts.Clock is set).
func mustAPIEnv(t *testing.T, opts Options) *apiEnv {
	t.Helper()
	e := &apiEnv{t: t, spec: spectest.Load(t)}
	if opts.Clock == nil {
		e.clock = newSimClock()
		opts.Clock = e.clock.Now
	}
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.sim = s
	e.srv = httptest.NewServer(s.Handler())
	s.SetBaseURL(e.srv.URL)
	t.Cleanup(func() {
		e.srv.Close()
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	c := s.Clients()[0]
	e.id, e.sec = c.ID, c.Secret
	return e
}

// apiResp is one answer: status, headers, raw body and the decoded envelope.
type apiResp struct {
	code int
	hdr  http.Header
	body []byte
	env  map[string]any
}

func (r *apiResp) content() map[string]any {
	c, _ := r.env["content"].(map[string]any)
	return c
}

func (r *apiResp) errorType() string {
	s, _ := r.env["errorType"].(string)
	return s
}

// doNoValidate sends a request with the client's credentials, skipping validation.
func (e *apiEnv) doNoValidate(method, path string) *apiResp {
	e.t.Helper()
	return e.doAs(e.id, e.sec, method, path, nil)
}

// do sends a request with the client's credentials and validates the answer.
func (e *apiEnv) do(method, path string, body any) *apiResp {
	e.t.Helper()
	return e.doAs(e.id, e.sec, method, path, body)
}

// doAs sends a request with the given credentials ("" = none) and validates the answer
// against the spec (every /api/ route) or ApiResult (unknown routes, undeclared statuses).
func (e *apiEnv) doAs(id, secret, method, path string, body any) *apiResp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatalf("marshal: %v", err)
		}
		rd = bytes.NewReader(j)
		if strings.HasPrefix(path, "/api/") && e.spec != nil {
			e.spec.ValidateRequest(e.t, method, strings.SplitN(path, "?", 2)[0], j)
		}
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatalf("request: %v", err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if id != "" {
		req.Header.Set("X-Client-Id", id)
	}
	if secret != "" {
		req.Header.Set("X-Client-Secret", secret)
	}
	r := e.send(req)
	if e.spec != nil {
		e.validate(method, path, r)
	}
	return r
}

// send does req and decodes a JSON answer (no spec validation).
func (e *apiEnv) send(req *http.Request) *apiResp {
	e.t.Helper()
	method, path := req.Method, req.URL.Path
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("read: %v", err)
	}
	r := &apiResp{code: resp.StatusCode, hdr: resp.Header, body: b}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &r.env); err != nil {
			e.t.Fatalf("%s %s: answer is not a JSON object: %v: %s", method, path, err, b)
		}
	}
	return r
}

// validate checks r against the spec: the route's schema for its status when the spec
// has the route, ApiResult otherwise; every object closed (Strict).
func (e *apiEnv) validate(method, path string, r *apiResp) {
	e.t.Helper()
	p := strings.SplitN(path, "?", 2)[0]
	if !strings.HasPrefix(p, "/api/") || r.env == nil {
		return
	}
	if _, err := e.spec.Operation(method, p); err != nil {
		e.spec.ValidateSchema(e.t, "ApiResult", r.body, spectest.Strict)
		return
	}
	e.spec.ValidateResponse(e.t, method, p, r.code, r.body, spectest.Strict, spectest.EnvelopeFallback)
	if r.code == 401 || r.code == 403 {
		// The spec declares these bodies as {}; the emulator still sends an ApiResult.
		e.spec.ValidateSchema(e.t, "ApiResult", r.body, spectest.Strict)
	}
}

// mustOK fails unless r is a 200 with status ok.
func (r *apiResp) mustOK(t *testing.T) *apiResp {
	t.Helper()
	if r.code != 200 || r.env["status"] != "ok" {
		t.Fatalf("want 200 ok, got %d: %s", r.code, r.body)
	}
	return r
}

// mustErr fails unless r is an error with this HTTP status and errorType.
func (r *apiResp) mustErr(t *testing.T, code int, errorType string) *apiResp {
	t.Helper()
	if r.code != code || (errorType != "" && r.errorType() != errorType) {
		t.Fatalf("want %d %s, got %d: %s", code, errorType, r.code, r.body)
	}
	if _, has := r.env["content"]; has {
		t.Errorf("error answer carries content: %s", r.body)
	}
	return r
}

func simPtr[T any](v T) *T { return &v }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
