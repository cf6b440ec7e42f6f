package meshsim

import (
	"embed"
	"net/http"
	"path"
	"strings"
)

// The Link page half of the emulator: the page a link token decodes to
// (/link/{clientId}/broker-connect?auth_code=…), its static assets, the stand-in OAuth
// authorise page opened in a popup (/link/oauth/authorize) and the page's private JSON
// API under /link/-/api/. The page speaks the web Link SDK's postMessage protocol
// (mesh-api.md §8.3), so Mesh's real SDK runs unchanged against it.

//go:embed linkpage/link.html linkpage/link.js linkpage/link.css linkpage/oauth.html linkpage/oauth.js
var linkAssets embed.FS

func init() {
	linkPageRoutes = registerLinkPage
}

// linkCSP keeps the page offline and self-contained: only its own scripts, styles and
// API; it may be framed by any origin (the SDK's host page, a Wails window). In CSP `*`
// matches network schemes only, so the Wails page's custom scheme (wails://wails on Linux
// and macOS) must be named, or WebKit refuses to frame Link in the real window.
const linkCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors * wails:"

// registerLinkPage adds the Link page's routes to the emulator's mux. They are counted
// (RequestCount) and scripted faults can target them by route (e.g. "slow=30s@GET:/link/
// {clientId}/broker-connect" for a Link that never loads); faults without a route are
// meant for the API and leave the Link page alone.
func registerLinkPage(s *Sim, mux *http.ServeMux) {
	ls := newLinkServer(s)
	route := func(pattern string, h http.HandlerFunc) { linkRoute(s, mux, pattern, h) }
	route("GET /link/{clientId}/broker-connect", serveLinkAsset("link.html"))
	route("GET /link/oauth/authorize", serveLinkAsset("oauth.html"))
	for _, f := range []string{"link.js", "link.css", "oauth.js"} {
		route("GET /link/-/"+f, serveLinkAsset(f))
	}
	route("POST /link/-/api/session", ls.handleRedeem)
	route("POST /link/-/api/session/{sid}/{action...}", ls.handleAction)
	route("POST /link/-/api/oauth/info", ls.handleOAuthInfo)
	route("POST /link/-/api/oauth/decide", ls.handleOAuthDecide)
	mux.HandleFunc("/link/", func(w http.ResponseWriter, r *http.Request) {
		writeLinkError(w, http.StatusNotFound, "Not found.")
	})
}

// linkRoute registers one Link route with request counting, settlement and the scripted
// faults that name it explicitly.
func linkRoute(s *Sim, mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.countRequest(pattern)
		s.maybeSettle()
		for _, f := range s.faults.list() {
			if f.Route != "" && f.Route != "*" && f.matches(pattern) {
				if f := s.faults.take(pattern); f != nil {
					serveFault(f, w, r, h)
					return
				}
				break
			}
		}
		h(w, r)
	})
}

// serveLinkAsset serves one embedded file with a strict CSP and no caching (the
// emulator restarts often in development; the files are small).
func serveLinkAsset(name string) http.HandlerFunc {
	body, err := linkAssets.ReadFile("linkpage/" + name)
	if err != nil {
		panic("meshsim: missing embedded Link asset " + name) // a build mistake, caught by every test
	}
	ctype := "text/html; charset=utf-8"
	switch path.Ext(name) {
	case ".js":
		ctype = "text/javascript; charset=utf-8"
	case ".css":
		ctype = "text/css; charset=utf-8"
	}
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if strings.HasSuffix(name, ".html") {
			h.Set("Content-Security-Policy", linkCSP)
		}
		_, _ = w.Write(body)
	}
}
