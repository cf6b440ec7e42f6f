// Package linkhost is the system-browser mode's loopback server: for one Link session it
// serves a small host page that runs Mesh's real web Link SDK in the user's own browser (for
// when Mesh has not allow-listed the app window's origin), and relays the SDK's callbacks
// back to the app. It listens on a fixed, configurable loopback port (default 47615, so the
// origin http://localhost:47615 can be allow-listed in Mesh's dashboard), answers only under a
// one-time random path secret (128 bits), checks Host and Origin, and stops after the session
// (exit) or a timeout.
package linkhost

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultPort is where the host listens unless configured otherwise.
const DefaultPort = 47615

// DefaultTimeout ends a session nobody finishes.
const DefaultTimeout = 15 * time.Minute

// Origin is the origin the page is opened on for port: the one to allow-list in Mesh's
// dashboard for the system-browser mode.
func Origin(port int) string { return "http://localhost:" + strconv.Itoa(port) }

// Config configures one session's server.
type Config struct {
	// Port is the loopback port (DefaultPort when 0; -1 picks a free one, for tests).
	Port int
	// Timeout ends the session when no exit came (DefaultTimeout when 0).
	Timeout time.Duration
	// Assets holds the built frontend; Script is the host script's path in it
	// (assets/browserModeHost-….js).
	Assets fs.FS
	Script string
	// LinkOrigin is the origin Link's iframe loads from (the page's frame-src).
	LinkOrigin string
}

// Session is what the host page opens Link with.
type Session struct {
	LinkToken string `json:"linkToken"`
	// AccessTokens are a returning user's stored accounts (createLink({accessTokens})).
	AccessTokens []any `json:"accessTokens"`
	// Demo skips the SDK's prewarm (it would load a page from Mesh's servers).
	Demo bool `json:"-"`
}

// Message is one SDK callback relayed by the page: Kind is integrationConnected,
// transferFinished, event or exit; Payload is the callback's argument as sent.
type Message struct {
	Kind    string          `json:"kind"`
	Payload json.RawMessage `json:"payload"`
}

// Kinds the page relays.
const (
	KindIntegrationConnected = "integrationConnected"
	KindTransferFinished     = "transferFinished"
	KindEvent                = "event"
	KindExit                 = "exit"
)

// Handler handles one relayed message; an error is answered with 500 and its message (the
// page shows it). It runs on the server's goroutine; messages of one session arrive in order.
type Handler func(ctx context.Context, m Message) error

// Host is one running session's server.
type Host struct {
	// URL is the page to open (it carries the secret: hand it to the browser only).
	URL string
	// Origin is the page's origin.
	Origin string
	// Port is the port in use.
	Port int

	srv     *http.Server
	ln      net.Listener
	secret  string
	session Session
	cfg     Config
	handle  Handler
	script  []byte

	mu       sync.Mutex // serialises messages; guards served
	served   bool       // the session JSON was handed out
	done     chan struct{}
	doneOnce sync.Once
	reason   string
}

var scriptPath = regexp.MustCompile(`^assets/[A-Za-z0-9_.-]+\.js$`)

// Start listens and serves one session until exit, the timeout or Close.
func Start(cfg Config, s Session, h Handler) (*Host, error) {
	if strings.TrimSpace(s.LinkToken) == "" {
		return nil, errors.New("link host: no link token")
	}
	if h == nil {
		return nil, errors.New("link host: no handler")
	}
	if cfg.Assets == nil || !scriptPath.MatchString(cfg.Script) {
		return nil, fmt.Errorf("link host: the host script %q is not a built asset (build the frontend)", cfg.Script)
	}
	script, err := fs.ReadFile(cfg.Assets, cfg.Script)
	if err != nil {
		return nil, fmt.Errorf("link host: read the host script: %w", err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	port := cfg.Port
	switch {
	case port == 0:
		port = DefaultPort
	case port < 0:
		port = 0
	case port > 65535:
		return nil, fmt.Errorf("link host: port %d is out of range", port)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("link host: listen on 127.0.0.1:%d (another Mesh Desk, or set a different port): %w", port, err)
	}
	port = ln.Addr().(*net.TCPAddr).Port
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		ln.Close()
		return nil, fmt.Errorf("link host: secret: %w", err)
	}
	if s.AccessTokens == nil {
		s.AccessTokens = []any{}
	}
	host := &Host{Origin: Origin(port), Port: port, ln: ln, secret: hex.EncodeToString(b[:]), session: s, cfg: cfg,
		handle: h, script: script, done: make(chan struct{})}
	host.URL = host.Origin + "/" + host.secret + "/"
	host.srv = &http.Server{Handler: host, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = host.srv.Serve(ln) }()
	go func() {
		t := time.NewTimer(cfg.Timeout)
		defer t.Stop()
		select {
		case <-t.C:
			host.finish("timeout")
		case <-host.done:
		}
	}()
	return host, nil
}

// Done is closed when the session ended (exit, timeout or Close) and the server stopped.
func (h *Host) Done() <-chan struct{} { return h.done }

// Reason says why the session ended ("exit", "timeout", "closed"); "" while it runs.
func (h *Host) Reason() string {
	select {
	case <-h.done:
		return h.reason
	default:
		return ""
	}
}

// Close ends the session now.
func (h *Host) Close() { h.finish("closed") }

func (h *Host) finish(reason string) {
	h.doneOnce.Do(func() {
		h.reason = reason
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = h.srv.Shutdown(ctx)
		_ = h.ln.Close()
		close(h.done)
	})
}

// ServeHTTP answers the page's requests; anything outside the secret path is 404.
func (h *Host) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// DNS rebinding: only the loopback names of our own port.
	if !h.allowedHost(r.Host) {
		http.Error(w, "forbidden host", http.StatusForbidden)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/"+h.secret+"/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch {
	case r.Method == http.MethodGet && rest == "":
		h.page(w)
	case r.Method == http.MethodGet && rest == "boot.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		fmt.Fprintf(w, "window.meshLinkShouldSkipPrewarm = %t;\n", h.session.Demo)
	case r.Method == http.MethodGet && rest == "host.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(h.script)
	case r.Method == http.MethodGet && rest == "session":
		h.serveSession(w, r)
	case r.Method == http.MethodPost && rest == "event":
		h.event(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (h *Host) allowedHost(host string) bool {
	p := strconv.Itoa(h.Port)
	return host == "localhost:"+p || host == "127.0.0.1:"+p
}

// sameOrigin: the page's own requests (fetch sends Origin on POST; a GET from the page may
// omit it, but then Sec-Fetch-Site says same-origin).
func (h *Host) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o != "" {
		return o == h.Origin || o == "http://127.0.0.1:"+strconv.Itoa(h.Port)
	}
	sfs := r.Header.Get("Sec-Fetch-Site")
	return sfs == "" || sfs == "same-origin"
}

func (h *Host) page(w http.ResponseWriter) {
	frames := h.cfg.LinkOrigin
	if frames == "" {
		frames = "'none'"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "+
		"connect-src 'self'; frame-src "+frames+"; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	_, _ = io.WriteString(w, pageHTML)
}

// serveSession hands the link token to the page once (a second read is refused: the token
// is single-use anyway, and a stray tab must not get a returning user's tokens).
func (h *Host) serveSession(w http.ResponseWriter, r *http.Request) {
	if !h.sameOrigin(r) {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
		return
	}
	h.mu.Lock()
	served := h.served
	h.served = true
	h.mu.Unlock()
	if served {
		http.Error(w, "this Link session was already opened: start again from Mesh Desk", http.StatusGone)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(h.session)
}

// maxMessage bounds a relayed message (Link payloads are a few kB).
const maxMessage = 1 << 20

func (h *Host) event(w http.ResponseWriter, r *http.Request) {
	if !h.sameOrigin(r) || r.Header.Get("Origin") == "" {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		http.Error(w, "send JSON", http.StatusUnsupportedMediaType)
		return
	}
	var m Message
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxMessage))
	if err := dec.Decode(&m); err != nil {
		http.Error(w, "bad message: "+err.Error(), http.StatusBadRequest)
		return
	}
	switch m.Kind {
	case KindIntegrationConnected, KindTransferFinished, KindEvent, KindExit:
	default:
		http.Error(w, "unknown message kind "+strconv.Quote(m.Kind), http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	err := h.handle(r.Context(), m)
	h.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
	if m.Kind == KindExit {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		go h.finish("exit")
	}
}

// pageHTML is the host page: a status line, then the SDK's overlay.
var pageHTML = strings.TrimSpace(`
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mesh Link — Mesh Desk</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem; background: #f6f7f9; color: #1d2430; }
main { max-width: 40rem; margin: 0 auto; }
#status[data-kind=error] { color: #b3261e; }
#status[data-kind=done] { color: #1b7f3b; }
</style>
<script src="boot.js"></script>
<script src="host.js" defer></script>
</head>
<body>
<main>
<h1>Mesh Link for Mesh Desk</h1>
<p id="status" role="status" data-kind="info">Opening Link…</p>
<p>This page runs on your computer only (a loopback server of Mesh Desk). When Link closes, return to Mesh Desk.</p>
</main>
</body>
</html>`)
