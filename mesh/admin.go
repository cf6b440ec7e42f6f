package mesh

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// AdminClient calls Mesh's Account Management API (AdminURL) to manage
// sub-clients. It has its own secret, exchanges it for a bearer token
// (POST /admin/api/v1/Token) and renews the token before it expires. It is
// safe for concurrent use.
type AdminClient struct {
	cfg      *config
	base     *url.URL
	clientID string
	secret   string

	mu      sync.Mutex
	token   string
	expires time.Time
}

// NewAdminClient returns a client for the Account Management API, talking to
// AdminURL unless WithBaseURL says otherwise.
func NewAdminClient(clientID, adminSecret string, opts ...Option) (*AdminClient, error) {
	if strings.TrimSpace(clientID) == "" {
		return nil, errors.New("mesh: client id is empty")
	}
	if strings.TrimSpace(adminSecret) == "" {
		return nil, errors.New("mesh: account management secret is empty")
	}
	cfg, base, err := newConfig(AdminURL, opts)
	if err != nil {
		return nil, err
	}
	return &AdminClient{cfg: cfg, base: base, clientID: clientID, secret: adminSecret}, nil
}

// AdminToken is the content of POST /admin/api/v1/Token.
type AdminToken struct {
	// IDToken is the bearer JWT.
	IDToken string `json:"id_token"`
	// ExpiresIn is its lifetime in seconds.
	ExpiresIn int `json:"expires_in"`
	// Status is "available" when the token is usable.
	Status string `json:"status,omitempty"`
}

// tokenRequest is the body of the token exchange.
type tokenRequest struct {
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
}

// Token exchanges the secret for a bearer token (cached until a minute
// before it expires).
func (a *AdminClient) Token(ctx context.Context) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.token != "" && a.cfg.now().Before(a.expires) {
		return a.token, nil
	}
	var out AdminToken
	k := call{method: "POST", path: "/admin/api/v1/Token", body: tokenRequest{a.clientID, a.secret}, retry: true}
	if err := a.cfg.send(ctx, a.base, k, func(*http.Request) error { return nil }, []string{a.secret}, &out); err != nil {
		return "", err
	}
	if out.IDToken == "" {
		return "", &Error{Op: k.op(), HTTPStatus: 200, Err: errors.New("response has no id_token")}
	}
	life := time.Duration(out.ExpiresIn) * time.Second
	if life <= 0 {
		life = time.Hour
	}
	margin := time.Minute
	if life < 2*margin {
		margin = life / 2
	}
	a.token, a.expires = out.IDToken, a.cfg.now().Add(life-margin)
	return a.token, nil
}

func (a *AdminClient) forget(token string) {
	a.mu.Lock()
	if a.token == token {
		a.token = ""
	}
	a.mu.Unlock()
}

// do sends k with a bearer token, renewing it once if Mesh says it is no
// longer valid (HTTP 401).
func (a *AdminClient) do(ctx context.Context, k call, out any) error {
	for try := 0; ; try++ {
		tok, err := a.Token(ctx)
		if err != nil {
			return err
		}
		err = a.cfg.send(ctx, a.base, k, func(r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+tok)
			return nil
		}, []string{a.secret, tok}, out)
		var e *Error
		if try == 0 && errors.As(err, &e) && e.HTTPStatus == http.StatusUnauthorized {
			a.forget(tok)
			continue
		}
		return err
	}
}

// SubClient is a registered client of the Account Management API, used to
// brand Link for one of your own business customers (mesh-api.md §6).
type SubClient struct {
	// ID is the sub-client id (uuid), used as subClientId elsewhere.
	ID string `json:"id"`
	// LogoURL is the uploaded logo, if any.
	LogoURL string `json:"logoUrl,omitempty"`
	// BusinessLegalName is the legal name (≤300).
	BusinessLegalName string `json:"businessLegalName"`
	// DisplayName is the name Link shows (≤300).
	DisplayName string `json:"displayName"`
	// CallbackURLs are the allowed callback URLs.
	CallbackURLs []string `json:"callbackUrls,omitempty"`
	// CatalogConfiguration is Mesh's catalog settings, verbatim.
	CatalogConfiguration any `json:"catalogConfiguration,omitempty"`
}

// SubClientRequest creates or updates a sub-client.
type SubClientRequest struct {
	// BusinessLegalName is required, 1..300 characters.
	BusinessLegalName string `json:"businessLegalName"`
	// DisplayName is required, 1..300 characters.
	DisplayName string `json:"displayName"`
	// CallbackURLs must be absolute https URLs (http for localhost).
	CallbackURLs []string `json:"callbackUrls,omitempty"`
	// CatalogConfiguration is passed through as is (null when nil).
	CatalogConfiguration any `json:"catalogConfiguration"`
}

// Validate checks the names and callback URLs.
func (r *SubClientRequest) Validate() error {
	var v validator
	v.length("businessLegalName", strings.TrimSpace(r.BusinessLegalName), 1, 300)
	v.length("displayName", strings.TrimSpace(r.DisplayName), 1, 300)
	for i, s := range r.CallbackURLs {
		u, err := url.Parse(s)
		local := err == nil && (u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1")
		if err != nil || u.Host == "" || !(u.Scheme == "https" || (u.Scheme == "http" && local)) {
			v.add(fmt.Sprintf("callbackUrls[%d]", i), "must be an absolute https URL")
		}
	}
	return v.err()
}

func subClientPath(id string) (string, error) {
	if !IsUUID(id) {
		return "", ValidationErrors{{Field: "id", Msg: "must be a UUID"}}
	}
	return "/admin/api/v1/SubClient/" + url.PathEscape(id), nil
}

// SubClients lists the sub-clients (GET /admin/api/v1/SubClient).
func (a *AdminClient) SubClients(ctx context.Context) ([]SubClient, error) {
	var out []SubClient
	err := a.do(ctx, call{method: "GET", path: "/admin/api/v1/SubClient", retry: true}, &out)
	return out, err
}

// SubClient gets one sub-client (GET /admin/api/v1/SubClient/{id}).
func (a *AdminClient) SubClient(ctx context.Context, id string) (SubClient, error) {
	var out SubClient
	p, err := subClientPath(id)
	if err != nil {
		return out, err
	}
	err = a.do(ctx, call{method: "GET", path: p, retry: true}, &out)
	return out, err
}

// CreateSubClient registers a sub-client (POST /admin/api/v1/SubClient).
// Not retried, so a lost answer cannot create two.
func (a *AdminClient) CreateSubClient(ctx context.Context, req SubClientRequest) (SubClient, error) {
	var out SubClient
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := a.do(ctx, call{method: "POST", path: "/admin/api/v1/SubClient", body: &req}, &out)
	return out, err
}

// UpdateSubClient replaces a sub-client's details (PUT /admin/api/v1/SubClient/{id}).
// Never retried.
func (a *AdminClient) UpdateSubClient(ctx context.Context, id string, req SubClientRequest) (SubClient, error) {
	var out SubClient
	p, err := subClientPath(id)
	if err != nil {
		return out, err
	}
	if err := req.Validate(); err != nil {
		return out, err
	}
	err = a.do(ctx, call{method: "PUT", path: p, body: &req}, &out)
	return out, err
}

// DeleteSubClient removes a sub-client (DELETE /admin/api/v1/SubClient/{id}).
// Never retried.
func (a *AdminClient) DeleteSubClient(ctx context.Context, id string) error {
	p, err := subClientPath(id)
	if err != nil {
		return err
	}
	return a.do(ctx, call{method: "DELETE", path: p, noContent: true}, nil)
}
