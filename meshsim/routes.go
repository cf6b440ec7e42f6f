package meshsim

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// routes builds the emulator's mux. Every API route goes through s.handle, which counts
// the request, applies scripted faults, settles due transfers and checks auth.
func (s *Sim) routes() http.Handler {
	mux := http.NewServeMux()
	api := func(pattern string, h func(w http.ResponseWriter, r *http.Request, c Client), write bool) {
		s.handle(mux, pattern, func(w http.ResponseWriter, r *http.Request) {
			c, ok := s.authenticate(r)
			if !ok {
				writeUnauthorized(w)
				return
			}
			if write && c.ReadOnly {
				writeError(w, &apiError{status: "permissionDenied", errorType: errForbidden,
					message: "The API key used does not have write permission to call this Mesh endpoint."})
				return
			}
			h(w, r, c)
		})
	}
	api("POST /api/v1/linktoken", s.handleLinkToken, true)
	api("GET /api/v1/transfers/managed/mesh", s.handleHistory, false)
	api("GET /api/v1/integrations", s.handleIntegrations, false)
	api("GET /api/v1/transfers/managed/networks", s.handleNetworks, false)
	api("GET /api/v1/transfers/managed/integrations", s.handleManagedIntegrations, false)
	api("GET /api/v1/transfers/managed/tokens", s.handleTokens, false)
	api("POST /api/v1/holdings/get", s.handleHoldings, false)
	api("POST /api/v1/balance/get", s.handleBalance, false)
	api("POST /api/v1/token/refresh", s.handleRefresh, true)
	api("DELETE /api/v1/account", s.handleDeleteAccount, true)
	api("POST /api/v1/transfers/managed/address/get", s.handleDepositAddress, false)
	api("POST /api/v1/transfers/managed/configure", s.handleConfigure, true)
	api("POST /api/v1/transfers/managed/preview", s.handlePreview, true)
	api("POST /api/v1/transfers/managed/execute", s.handleExecute, true)
	s.adminRoutes(mux)
	s.controlRoutes(mux)
	s.webhookFaultRoutes(mux)
	s.logoRoutes(mux) // logos.go
	if linkPageRoutes != nil {
		linkPageRoutes(s, mux)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.countRequest("unmatched")
		if _, ok := s.authenticate(r); !ok && strings.HasPrefix(r.URL.Path, "/api/") {
			writeUnauthorized(w)
			return
		}
		writeError(w, notFound("The requested resource %s %s was not found.", r.Method, r.URL.Path))
	})
	return s.logRequests(mux)
}

// handle registers pattern with counting, faults and settlement.
func (s *Sim) handle(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.countRequest(pattern)
		s.maybeSettle()
		if f := s.faults.take(pattern); f != nil {
			serveFault(f, w, r, h)
			return
		}
		h(w, r)
	})
}

// HandleFunc lets the Link-page half register extra routes with the emulator's
// counting, faults and settlement (pattern as for http.ServeMux).
func (s *Sim) HandleFunc(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	s.handle(mux, pattern, h)
}

func (s *Sim) authenticate(r *http.Request) (Client, bool) {
	id := r.Header.Get("X-Client-Id")
	secret := r.Header.Get("X-Client-Secret")
	if id == "" || secret == "" {
		return Client{}, false
	}
	c, ok := s.client(id)
	if !ok || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
		return Client{}, false
	}
	return c, true
}

// writeUnauthorized answers 401. Mesh's 401 body is undocumented; the emulator sends the
// envelope with permissionDenied and Mesh's wording (README).
func writeUnauthorized(w http.ResponseWriter) {
	b, _ := json.Marshal(map[string]any{"status": "permissionDenied",
		"message": "Client Id or Client Secret are not correct or missing.", "displayMessage": nil,
		"errorHash": errorHash(), "errorType": errUnauthorized, "errorData": nil})
	writeRaw(w, http.StatusUnauthorized, b)
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(c int) { r.code = c; r.ResponseWriter.WriteHeader(c) }
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

var logPool = sync.Pool{New: func() any { return &statusRecorder{} }}

func (s *Sim) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := logPool.Get().(*statusRecorder)
		rec.ResponseWriter, rec.code = w, 200
		next.ServeHTTP(rec, r)
		s.log.Debug("meshsim: request", "method", r.Method, "path", r.URL.Path, "status", rec.code, "took", time.Since(start))
		rec.ResponseWriter = nil
		logPool.Put(rec)
	})
}
