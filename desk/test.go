package desk

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
)

// TestResult is the outcome of "Test connection" / `profiles test`.
type TestResult struct {
	// Profile is the tested profile's name; Env its environment; BaseURL where calls went.
	Profile string    `json:"profile"`
	Env     store.Env `json:"env"`
	BaseURL string    `json:"baseUrl"`
	// OK is true when both calls succeeded.
	OK bool `json:"ok"`
	// RoundTrip is how long the one-item history page took (on success).
	RoundTrip time.Duration `json:"roundTrip"`
	// Networks is how many networks Mesh listed; Transfers the history's total.
	Networks  int `json:"networks"`
	Transfers int `json:"transfers"`
	// Step is the call that failed: "networks" or "history".
	Step string `json:"step,omitempty"`
	// HTTPStatus, Status, ErrorType and Message are Mesh's answer, exactly, when it failed.
	HTTPStatus int    `json:"httpStatus,omitempty"`
	Status     string `json:"status,omitempty"`
	ErrorType  string `json:"errorType,omitempty"`
	Message    string `json:"message,omitempty"`
	// Error is the whole error (no secrets), Hint what to do about it.
	Error string `json:"error,omitempty"`
	Hint  string `json:"hint,omitempty"`
}

// Test calls the API as the profile: the networks list, then a one-item history page. API
// failures are reported in the result (OK false, Mesh's exact answer and a hint); the error is
// for problems before any call (unknown profile, no secret, keychain unreachable).
func (ps *Profiles) Test(ctx context.Context, name string) (*TestResult, error) {
	d := ps.d
	s, err := d.Session(ctx, name)
	if err != nil {
		return nil, err
	}
	res := &TestResult{Profile: s.Profile.Name, Env: s.Profile.Env, BaseURL: s.BaseURL}
	secret, err := s.Secret(ctx, store.SecretClient)
	if err != nil {
		return nil, err
	}
	// One attempt per call, bounded: a test answers quickly rather than retrying.
	c, err := mesh.NewClient(s.Client.ClientID(), secret, d.meshOptions(s.BaseURL,
		mesh.WithRetry(mesh.NoRetry), mesh.WithHTTPClient(testHTTPClient(d.opts.HTTPClient)))...)
	if err != nil {
		return nil, fmt.Errorf("profile %q: %w", s.Profile.Name, err)
	}
	api := newProbe(c)
	n, err := api.networks(ctx)
	if err != nil {
		ps.explain(ctx, s, res, "networks", err)
		return res, nil
	}
	res.Networks = n
	start := d.now()
	total, err := api.historyPage(ctx)
	if err != nil {
		ps.explain(ctx, s, res, "history", err)
		return res, nil
	}
	res.RoundTrip = d.since(start)
	res.Transfers = total
	res.OK = true
	return res, nil
}

// explain fills a failed result with Mesh's answer and a hint for the common causes.
func (ps *Profiles) explain(ctx context.Context, s *Session, res *TestResult, step string, err error) {
	res.Step = step
	res.Error = err.Error()
	var me *mesh.Error
	if errors.As(err, &me) {
		res.HTTPStatus, res.Status, res.ErrorType = me.HTTPStatus, me.Status, me.ErrorType
		res.Message = me.UserMessage()
	}
	res.Hint = ps.hint(ctx, s, me, err)
}

// hint names the likely cause of a failed test in plain words.
func (ps *Profiles) hint(ctx context.Context, s *Session, me *mesh.Error, err error) string {
	p := s.Profile
	host := s.BaseURL
	if u, perr := url.Parse(s.BaseURL); perr == nil {
		host = u.Host
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var certErr *x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	switch {
	case me != nil && looksHTML(me):
		return fmt.Sprintf("an HTML page came back instead of Mesh's JSON (HTTP %d): a proxy, firewall or captive portal is answering for %s, or the base URL points at a website — check the proxy settings and the base URL", me.HTTPStatus, host)
	case me != nil && me.HTTPStatus == 401:
		return ps.authHint(ctx, s)
	case me != nil && me.HTTPStatus == 403:
		return "the key was accepted but lacks a permission this call needs: give the API key read access in Mesh's dashboard"
	case me != nil && me.HTTPStatus == 404 && p.BaseURL != "":
		return fmt.Sprintf("the base URL %s answered 404: check that it points at Mesh's API (or a `meshdesk sim`) without a wrong path", p.BaseURL)
	case me != nil && me.HTTPStatus == 429:
		return "Mesh is rate-limiting this client: wait a minute and try again"
	case me != nil && me.HTTPStatus >= 500:
		return "Mesh (or a proxy in front of it) failed: try again later; quote the errorHash to Mesh support if it persists"
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("no network: the name %s could not be resolved — check the network connection, DNS, or the base URL", dnsErr.Name)
	case errors.As(err, &certErr) || errors.As(err, &hostErr):
		return fmt.Sprintf("the TLS certificate of %s is not trusted: a proxy may be intercepting HTTPS (install its certificate) or the base URL is wrong", host)
	case errors.As(err, &opErr) || errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Sprintf("no network: could not reach %s (%s) — check the network connection, a firewall or proxy, or the base URL", host, opCause(err))
	}
	return ""
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// opCause is a short cause of a dial failure ("connection refused", "timeout" …).
func opCause(err error) string {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		msg := opErr.Err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return msg
	}
	if isTimeout(err) {
		return "timed out"
	}
	return "no connection"
}

// looksHTML reports whether an error's body was an HTML page, not Mesh's envelope.
func looksHTML(me *mesh.Error) bool {
	b := strings.ToLower(strings.TrimSpace(me.Body))
	return strings.HasPrefix(b, "<!doctype html") || strings.HasPrefix(b, "<html") || strings.HasPrefix(b, "<head") ||
		strings.HasPrefix(b, "<body") || (strings.HasPrefix(b, "<") && strings.Contains(b, "<title"))
}

// authHint explains a 401: a key of the other environment, or a wrong id or secret.
func (ps *Profiles) authHint(ctx context.Context, s *Session) string {
	p := s.Profile
	secret, _ := s.Secret(ctx, store.SecretClient)
	sandboxKey := strings.HasPrefix(secret, "sk_sandbox_")
	fix := fmt.Sprintf("run `meshdesk profiles set-secret %s client`", shellQuote(p.Name))
	if src, _ := ps.d.secretSource(ctx, p, store.SecretClient); src == SourceEnv {
		fix = fmt.Sprintf("check %s (it overrides the keychain for this run)", store.EnvClientSecret)
	}
	switch {
	case p.Env == store.EnvProduction && sandboxKey:
		return "this is a sandbox key (it starts with sk_sandbox_) on a production profile: use your production API key, or make a sandbox profile (--env sandbox) for it; " + fix
	case p.Env == store.EnvSandbox && !sandboxKey && p.BaseURL == "":
		return "sandbox keys start with sk_sandbox_; this looks like a production key on a sandbox profile: use the sandbox key from Mesh's dashboard, or make a production profile for it; " + fix
	}
	return "Mesh refused the client id or secret: check the client id (`meshdesk profiles list`) and the secret — " + fix
}
