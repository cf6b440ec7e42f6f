package main

// The system-browser mode's bound methods: Link opened from a loopback page (linkhost) in the
// user's browser, its callbacks handled by the same Go code as the embedded mode
// (SaveConnection) and reported to the frontend as Wails events (BrowserLinkEvent).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"meshdesk/linkhost"
	"meshdesk/mesh"
	"meshdesk/store"
)

// BrowserLinkEvent is the Wails event each step of a system-browser session is reported on
// (frontend/src/link/browserMode.ts).
const BrowserLinkEvent = "link:browser"

// settingLinkHostPort is the app-wide setting of the loopback port (default linkhost.DefaultPort);
// the environment variable MESHDESK_LINK_PORT overrides it.
const settingLinkHostPort = "app.link_host_port"

// frontendAssets is the built frontend (desktop.go sets it); the host page's script is served
// from it.
var frontendAssets fs.FS

// Seams for tests: the Wails runtime calls need the window's context.
var (
	eventsEmit     = wruntime.EventsEmit
	browserOpenURL = wruntime.BrowserOpenURL
)

// BrowserLinkRequest opens Link in the system browser for a token CreateLinkToken made.
type BrowserLinkRequest struct {
	LinkToken     string `json:"linkToken"`
	UserID        string `json:"userId"`
	IntegrationID string `json:"integrationId"`
	// Script is the host script's path in the built frontend (assets/browserModeHost-….js).
	Script string `json:"script"`
}

// BrowserLinkSession is the running page: its URL (carries the one-time secret) and origin.
type BrowserLinkSession struct {
	URL    string `json:"url"`
	Origin string `json:"origin"`
}

// BrowserLinkStep is what BrowserLinkEvent carries: never a token.
type BrowserLinkStep struct {
	Type     string          `json:"type"`
	Detail   string          `json:"detail,omitempty"`
	Error    string          `json:"error,omitempty"`
	Accounts []AccountView   `json:"accounts,omitempty"`
	Transfer json.RawMessage `json:"transfer,omitempty"`
}

// browserLink is the App's one running host.
type browserLink struct {
	mu   sync.Mutex
	host *linkhost.Host
}

var browserLinks = map[*App]*browserLink{}
var browserLinksMu sync.Mutex

func (a *App) browserLink() *browserLink {
	browserLinksMu.Lock()
	defer browserLinksMu.Unlock()
	b := browserLinks[a]
	if b == nil {
		b = &browserLink{}
		browserLinks[a] = b
	}
	return b
}

// runtimeReady reports whether ctx is the Wails window's (its runtime calls fail otherwise).
var runtimeReady = func(ctx context.Context) bool { return ctx != nil && ctx.Value("frontend") != nil }

// windowCtx is the Wails runtime context, or nil before the window runs.
func (a *App) windowCtx() context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	if runtimeReady(a.ctx) {
		return a.ctx
	}
	return nil
}

// emitStep reports a step to the frontend (a no-op before the window runs).
func (a *App) emitStep(s BrowserLinkStep) {
	if ctx := a.windowCtx(); ctx != nil {
		eventsEmit(ctx, BrowserLinkEvent, s)
	}
}

// linkHostPort is the configured port: MESHDESK_LINK_PORT, the setting, or the default.
func (a *App) linkHostPort(ctx context.Context) (int, error) {
	raw := strings.TrimSpace(os.Getenv("MESHDESK_LINK_PORT"))
	if raw == "" {
		if d, err := a.service(); err == nil {
			if v, err := d.DB().Setting(ctx, settingLinkHostPort); err == nil {
				raw = strings.TrimSpace(v)
			} else if !errors.Is(err, store.ErrNotFound) {
				return 0, err
			}
		}
	}
	if raw == "" {
		return linkhost.DefaultPort, nil
	}
	p, err := strconv.Atoi(raw)
	if err != nil || p < 1 || p > 65535 {
		if raw == "0" || raw == "-1" {
			return -1, nil // any free port (tests)
		}
		return 0, fmt.Errorf("the Link host port %q is not a port number (1–65535)", raw)
	}
	return p, nil
}

// OpenLinkInBrowser serves Link's host page on the loopback port and opens it in the user's
// browser. A previous browser session still running is ended first. Each SDK callback comes
// back through the page: connections are saved by SaveConnection, and every step is emitted
// as BrowserLinkEvent.
func (a *App) OpenLinkInBrowser(req BrowserLinkRequest) (*BrowserLinkSession, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	_, s, err := a.session(ctx)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.LinkToken) == "" {
		return nil, errors.New("open Link in the browser: no link token")
	}
	user := strings.TrimSpace(req.UserID)
	if user == "" {
		user = s.Profile.DefaultUserID
	}
	if frontendAssets == nil {
		return nil, errors.New("open Link in the browser: this build has no frontend to serve the page from")
	}
	port, err := a.linkHostPort(ctx)
	if err != nil {
		return nil, err
	}
	tokens, err := a.LinkAccessTokens(user)
	if err != nil {
		return nil, err
	}
	access := make([]any, 0, len(tokens))
	for _, t := range tokens {
		access = append(access, t)
	}
	linkURL, err := mesh.DecodeLinkToken(req.LinkToken)
	if err != nil {
		return nil, fmt.Errorf("open Link in the browser: %w", err)
	}
	linkOrigin := mesh.LinkToken{URL: linkURL}.Origin()
	b := a.browserLink()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.host != nil {
		b.host.Close()
		b.host = nil
	}
	h, err := linkhost.Start(linkhost.Config{Port: port, Assets: frontendAssets, Script: req.Script, LinkOrigin: linkOrigin},
		linkhost.Session{LinkToken: req.LinkToken, AccessTokens: access, Demo: s.Profile.Env == store.EnvDemo},
		func(ctx context.Context, m linkhost.Message) error {
			return a.browserMessage(user, req.IntegrationID, m)
		})
	if err != nil {
		return nil, err
	}
	b.host = h
	go func() {
		<-h.Done()
		if r := h.Reason(); r == "timeout" {
			a.emitStep(BrowserLinkStep{Type: "expired", Error: "The browser Link session timed out without an answer."})
		}
		a.log.Info("browser link session ended", "reason", h.Reason())
	}()
	a.log.Info("browser link session started", "origin", h.Origin)
	if ctx := a.windowCtx(); ctx != nil {
		browserOpenURL(ctx, h.URL)
	}
	return &BrowserLinkSession{URL: h.URL, Origin: h.Origin}, nil
}

// CloseBrowserLink ends the running system-browser session (if any).
func (a *App) CloseBrowserLink() {
	b := a.browserLink()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.host != nil {
		b.host.Close()
		b.host = nil
	}
}

// browserMessage handles one callback relayed by the host page, as the embedded mode would.
func (a *App) browserMessage(userID, integrationID string, m linkhost.Message) error {
	switch m.Kind {
	case linkhost.KindIntegrationConnected:
		var p LinkPayload
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			return fmt.Errorf("read Link's payload: %w", err)
		}
		name := ""
		if p.AccessToken != nil {
			name = p.AccessToken.BrokerName
		} else if p.DelayedAuth != nil {
			name = p.DelayedAuth.BrokerName
		}
		a.emitStep(BrowserLinkStep{Type: "integrationConnected", Detail: name})
		accts, err := a.SaveConnection(ConnectionInput{UserID: userID, IntegrationID: integrationID, Payload: p})
		if err != nil {
			a.emitStep(BrowserLinkStep{Type: "saveFailed", Error: err.Error()})
			return err
		}
		parts := make([]string, 0, len(accts))
		for _, ac := range accts {
			parts = append(parts, strings.TrimSpace(ac.BrokerName+" "+ac.AccountName))
		}
		a.emitStep(BrowserLinkStep{Type: "connectionSaved", Detail: strings.Join(parts, ", "), Accounts: accts})
	case linkhost.KindTransferFinished:
		a.emitStep(BrowserLinkStep{Type: "transferFinished", Transfer: m.Payload})
	case linkhost.KindEvent:
		var e struct {
			Type    string         `json:"type"`
			Payload map[string]any `json:"payload"`
		}
		if err := json.Unmarshal(m.Payload, &e); err != nil || e.Type == "" {
			return errors.New("an event without a type")
		}
		a.emitStep(BrowserLinkStep{Type: e.Type, Detail: describeLinkEvent(e.Payload)})
	case linkhost.KindExit:
		var x struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(m.Payload, &x)
		a.emitStep(BrowserLinkStep{Type: "exit", Error: x.Error})
	}
	return nil
}

// describeLinkEvent keeps the plain fields of an event worth showing (never an object:
// tokens travel in objects), like the frontend's describeEvent.
func describeLinkEvent(p map[string]any) string {
	var out []string
	for _, k := range []string{"integrationName", "integrationType", "brokerName", "symbol", "amount", "networkName", "status", "errorMessage", "page"} {
		switch v := p[k].(type) {
		case string, float64, bool:
			out = append(out, fmt.Sprintf("%s: %v", k, v))
		}
	}
	return strings.Join(out, ", ")
}
