package meshsim

import (
	"crypto/subtle"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The Account Management API (mesh-api.md §6), served under /admin/api/v1 on the same
// listener: a bearer token from POST /Token, then sub-client CRUD, logos and callback URLs.
// Not in Mesh's OpenAPI spec, so its shapes follow the docs.

func (s *Sim) adminRoutes(mux *http.ServeMux) {
	const p = "/admin/api/v1"
	s.handle(mux, "POST "+p+"/Token", s.handleAdminToken)
	admin := func(pattern string, h func(w http.ResponseWriter, r *http.Request, clientID string)) {
		s.handle(mux, pattern, func(w http.ResponseWriter, r *http.Request) {
			id, ok := s.adminAuth(r)
			if !ok {
				writeError(w, &apiError{status: "permissionDenied", errorType: errUnauthorized,
					message: "The bearer token is missing, invalid or expired."})
				return
			}
			h(w, r, id)
		})
	}
	admin("GET "+p+"/SubClient", s.handleSubClientList)
	admin("POST "+p+"/SubClient", s.handleSubClientCreate)
	admin("GET "+p+"/SubClient/{id}", s.handleSubClientGet)
	admin("PUT "+p+"/SubClient/{id}", s.handleSubClientUpdate)
	admin("DELETE "+p+"/SubClient/{id}", s.handleSubClientDelete)
	admin("POST "+p+"/SubClient/{id}/logo", s.handleSubClientLogo)
	admin("DELETE "+p+"/SubClient/{id}/logo", s.handleSubClientLogo)
	admin("GET "+p+"/Client/callbackUrls", s.handleCallbackURLs)
	admin("POST "+p+"/Client/callbackUrls", s.handleCallbackURLs)
}

func (s *Sim) handleAdminToken(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ClientID     string `json:"clientId"`
		ClientSecret string `json:"clientSecret"`
	}
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	if _, ok := s.client(req.ClientID); !ok || subtle.ConstantTimeCompare([]byte(req.ClientSecret), []byte(s.opts.AdminSecret)) != 1 {
		writeError(w, &apiError{status: "permissionDenied", errorType: errUnauthorized,
			message: "Client Id or Client Secret are not correct or missing."})
		return
	}
	tok := "eyJhbGciOiJub25lIn0." + randomToken(32)
	s.mu.Lock()
	s.st.AdminTokens[tok] = adminToken{ClientID: req.ClientID, ExpiresAt: s.clock().Add(time.Hour).UnixMilli()}
	s.markDirty()
	s.mu.Unlock()
	writeOK(w, map[string]any{"id_token": tok, "expires_in": 3600, "status": "available"})
}

func (s *Sim) adminAuth(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		return "", false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	at, ok := s.st.AdminTokens[tok]
	if !ok || s.nowMs() >= at.ExpiresAt {
		return "", false
	}
	return at.ClientID, true
}

func (s *Sim) subClient(clientID, id string) (*SubClient, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.subClientLocked(clientID, id)
}

func (s *Sim) subClientLocked(clientID, id string) (*SubClient, bool) {
	for _, sc := range s.st.SubClients {
		if sc.ClientID == clientID && strings.EqualFold(sc.ID, id) {
			return sc, true
		}
	}
	return nil, false
}

// SubClients returns copies of clientID's sub-clients.
func (s *Sim) SubClients(clientID string) []SubClient {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []SubClient
	for _, sc := range s.st.SubClients {
		if sc.ClientID == clientID {
			out = append(out, *sc)
		}
	}
	return out
}

func subClientView(sc *SubClient) map[string]any {
	var logo any
	if sc.LogoURL != "" {
		logo = sc.LogoURL
	}
	cb := sc.CallbackURLs
	if cb == nil {
		cb = []string{}
	}
	return map[string]any{"id": sc.ID, "logoUrl": logo, "businessLegalName": sc.BusinessLegalName,
		"displayName": sc.DisplayName, "callbackUrls": cb, "catalogConfiguration": sc.CatalogConfiguration}
}

type subClientBody struct {
	BusinessLegalName    string   `json:"businessLegalName"`
	DisplayName          string   `json:"displayName"`
	CallbackURLs         []string `json:"callbackUrls"`
	CatalogConfiguration any      `json:"catalogConfiguration"`
}

func (b *subClientBody) validate() *apiError {
	if strings.TrimSpace(b.BusinessLegalName) == "" {
		return badRequest(errMissingField, "The businessLegalName field is required.")
	}
	if strings.TrimSpace(b.DisplayName) == "" {
		return badRequest(errMissingField, "The displayName field is required.")
	}
	if len(b.BusinessLegalName) > 300 || len(b.DisplayName) > 300 {
		return badRequest(errInvalidField, "businessLegalName and displayName must be at most 300 characters.")
	}
	return validCallbackURLs(b.CallbackURLs)
}

func validCallbackURLs(us []string) *apiError {
	for _, u := range us {
		p, err := url.Parse(u)
		if err != nil || p.Scheme != "https" || p.Host == "" {
			return badRequest(errInvalidField, "Callback URL %q must be an absolute https URL.", u)
		}
	}
	return nil
}

func (s *Sim) handleSubClientList(w http.ResponseWriter, r *http.Request, clientID string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []map[string]any{}
	for _, sc := range s.st.SubClients {
		if sc.ClientID == clientID {
			out = append(out, subClientView(sc))
		}
	}
	writeOK(w, out)
}

func (s *Sim) handleSubClientCreate(w http.ResponseWriter, r *http.Request, clientID string) {
	var b subClientBody
	if e := decodeBody(r, &b); e != nil {
		writeError(w, e)
		return
	}
	if e := b.validate(); e != nil {
		writeError(w, e)
		return
	}
	sc := &SubClient{ID: randomUUID(), ClientID: clientID, BusinessLegalName: b.BusinessLegalName,
		DisplayName: b.DisplayName, CallbackURLs: b.CallbackURLs, CatalogConfiguration: b.CatalogConfiguration}
	s.mu.Lock()
	s.st.SubClients = append(s.st.SubClients, sc)
	s.markDirty()
	v := subClientView(sc)
	s.mu.Unlock()
	writeOK(w, v)
}

func (s *Sim) handleSubClientGet(w http.ResponseWriter, r *http.Request, clientID string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sc, ok := s.subClientLocked(clientID, r.PathValue("id"))
	if !ok {
		writeError(w, notFound("Sub-client %s was not found.", r.PathValue("id")))
		return
	}
	writeOK(w, subClientView(sc))
}

func (s *Sim) handleSubClientUpdate(w http.ResponseWriter, r *http.Request, clientID string) {
	var b subClientBody
	if e := decodeBody(r, &b); e != nil {
		writeError(w, e)
		return
	}
	if e := b.validate(); e != nil {
		writeError(w, e)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sc, ok := s.subClientLocked(clientID, r.PathValue("id"))
	if !ok {
		writeError(w, notFound("Sub-client %s was not found.", r.PathValue("id")))
		return
	}
	sc.BusinessLegalName, sc.DisplayName = b.BusinessLegalName, b.DisplayName
	sc.CallbackURLs, sc.CatalogConfiguration = b.CallbackURLs, b.CatalogConfiguration
	s.markDirty()
	writeOK(w, subClientView(sc))
}

func (s *Sim) handleSubClientDelete(w http.ResponseWriter, r *http.Request, clientID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sc := range s.st.SubClients {
		if sc.ClientID == clientID && strings.EqualFold(sc.ID, r.PathValue("id")) {
			s.st.SubClients = append(s.st.SubClients[:i], s.st.SubClients[i+1:]...)
			s.markDirty()
			writeOKNoContent(w, "Sub-client deleted.")
			return
		}
	}
	writeError(w, notFound("Sub-client %s was not found.", r.PathValue("id")))
}

func (s *Sim) handleSubClientLogo(w http.ResponseWriter, r *http.Request, clientID string) {
	id := r.PathValue("id")
	if r.Method == http.MethodPost {
		if err := r.ParseMultipartForm(6 << 20); err != nil {
			writeError(w, badRequest(errBadRequest, "Expected a multipart form with a logoFile part."))
			return
		}
		f, hdr, err := r.FormFile("logoFile")
		if err != nil {
			writeError(w, badRequest(errMissingField, "The logoFile part is required."))
			return
		}
		defer f.Close()
		head := make([]byte, 8)
		n, _ := io.ReadFull(f, head)
		isPNG := n == 8 && string(head) == "\x89PNG\r\n\x1a\n"
		isJPG := n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF
		if hdr.Size > 5<<20 || (!isPNG && !isJPG) {
			writeError(w, badRequest(errInvalidField, "The logo must be a PNG or JPEG of at most 5 MB."))
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sc, ok := s.subClientLocked(clientID, id)
	if !ok {
		writeError(w, notFound("Sub-client %s was not found.", id))
		return
	}
	if r.Method == http.MethodPost {
		sc.LogoURL = s.BaseURL() + "/_sim/logos/" + sc.ID
	} else {
		sc.LogoURL = ""
	}
	s.markDirty()
	writeOK(w, subClientView(sc))
}

func (s *Sim) handleCallbackURLs(w http.ResponseWriter, r *http.Request, clientID string) {
	if r.Method == http.MethodPost {
		var b struct {
			CallbackURLs []string `json:"callbackUrls"`
		}
		if e := decodeBody(r, &b); e != nil {
			writeError(w, e)
			return
		}
		if e := validCallbackURLs(b.CallbackURLs); e != nil {
			writeError(w, e)
			return
		}
		s.mu.Lock()
		s.st.CallbackURLs[clientID] = b.CallbackURLs
		s.markDirty()
		s.mu.Unlock()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	cb := s.st.CallbackURLs[clientID]
	if cb == nil {
		cb = []string{}
	}
	writeOK(w, map[string]any{"callbackUrls": cb})
}
