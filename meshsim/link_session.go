package meshsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

// linkSessionTTL bounds how long a redeemed Link page session can be driven.
const linkSessionTTL = time.Hour

// maxLinkSessions bounds memory: the oldest session is dropped beyond it.
const maxLinkSessions = 512

// linkServer holds the Link page sessions of one Sim (in memory: a restarted emulator
// forgets open Link pages, as a redeemed token cannot be reopened anyway).
type linkServer struct {
	sim *Sim

	mu       sync.Mutex
	sessions map[string]*linkSess
	order    []string // session ids, oldest first
}

// linkSess is one open Link page: the redeemed token and what the user did so far.
type linkSess struct {
	id      string
	ls      *LinkSession
	expires time.Time

	mfa      map[string]string       // challengeId → integrationId awaiting a code
	oauth    map[string]*oauthGrant  // state → grant
	conns    map[string]*linkConn    // connectionId → connection
	previews map[string]*linkPreview // previewId → preview
}

type oauthGrant struct {
	integrationID string
	code          string
	decided       bool
	used          bool
}

// linkConn is an account the session connected or a return user brought back.
type linkConn struct {
	id          string
	integration *Integration
	token       string // tokenId (MMT) or access token: what the API accepts as authToken
	accountID   string // Account.ID (meshAccountId)
	address     string // wallets: the address the emulated wallet signs with
}

// linkPreview is a previewed transfer awaiting execute.
type linkPreview struct {
	id         string
	connID     string
	req        TransferRequest
	funding    *fundingChoice
	fromCash   float64 // onramp: cash spent to buy the asset
	expires    time.Time
	used       bool
	mfaPending bool
}

func newLinkServer(s *Sim) *linkServer {
	return &linkServer{sim: s, sessions: map[string]*linkSess{}}
}

// ---- JSON helpers ----

type linkErrorBody struct {
	ErrorMessage string `json:"errorMessage"`
	Held         any    `json:"held,omitempty"`
}

func writeLinkJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeLinkError(w http.ResponseWriter, status int, msg string) {
	writeLinkJSON(w, status, linkErrorBody{ErrorMessage: msg})
}

// readLinkJSON decodes a small JSON body strictly (unknown fields are a page bug).
func readLinkJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("bad request body: %w", err)
	}
	return nil
}

// ---- sessions ----

func (l *linkServer) newSession(ls *LinkSession) *linkSess {
	ss := &linkSess{
		id: randomToken(16), ls: ls, expires: l.sim.Now().Add(linkSessionTTL),
		mfa: map[string]string{}, oauth: map[string]*oauthGrant{},
		conns: map[string]*linkConn{}, previews: map[string]*linkPreview{},
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sessions[ss.id] = ss
	l.order = append(l.order, ss.id)
	for len(l.order) > maxLinkSessions {
		delete(l.sessions, l.order[0])
		l.order = l.order[1:]
	}
	return ss
}

// session finds a live session; the caller then holds l.mu until unlock is called.
func (l *linkServer) session(id string) (*linkSess, func(), bool) {
	l.mu.Lock()
	ss, ok := l.sessions[id]
	if !ok || !l.sim.Now().Before(ss.expires) {
		l.mu.Unlock()
		return nil, nil, false
	}
	return ss, l.mu.Unlock, true
}

// ---- redeem ----

type redeemReq struct {
	AuthCode string `json:"authCode"`
	ClientID string `json:"clientId"`
	Language string `json:"language"`
}

// pageIntegration is how the page sees a catalog entry.
type pageIntegration struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Type  string `json:"type"`
	Kind  string `json:"kind"` // exchange | wallet
	Auth  string `json:"auth"`
	Label string `json:"label"`
	Hint  string `json:"hint,omitempty"`
}

type pageDest struct {
	NetworkID   string   `json:"networkId"`
	NetworkName string   `json:"networkName"`
	Symbol      string   `json:"symbol"`
	Address     string   `json:"address"`
	AddressTag  string   `json:"addressTag,omitempty"`
	Amount      *float64 `json:"amount,omitempty"`
}

type pageVerify struct {
	Message     string   `json:"message"`
	Addresses   []string `json:"addresses,omitempty"`
	NetworkID   string   `json:"networkId,omitempty"`
	NetworkType string   `json:"networkType,omitempty"`
}

type pageJourney struct {
	TransferType   string      `json:"transferType,omitempty"`
	ToAddresses    []pageDest  `json:"toAddresses,omitempty"`
	AmountInFiat   *float64    `json:"amountInFiat,omitempty"`
	TransactionID  string      `json:"transactionId,omitempty"`
	FundingEnabled bool        `json:"fundingEnabled,omitempty"`
	Verify         *pageVerify `json:"verify,omitempty"`
}

type redeemResp struct {
	SessionID                string            `json:"sessionId"`
	ClientName               string            `json:"clientName"`
	UserID                   string            `json:"userId"`
	IntegrationID            string            `json:"integrationId,omitempty"`
	RestrictMultipleAccounts bool              `json:"restrictMultipleAccounts"`
	Integrations             []pageIntegration `json:"integrations"`
	Journey                  pageJourney       `json:"journey"`
}

// linkTokenErrorText is the Mesh-style text the page shows for a token it cannot use.
func linkTokenErrorText(err error) string {
	switch {
	case errors.Is(err, ErrLinkTokenUsed):
		return "This link token has already been used. Link tokens are single-use: request a new one."
	case errors.Is(err, ErrLinkTokenExpired):
		return "This link token has expired (tokens are valid for 10 minutes). Request a new one."
	default:
		return "Invalid link token."
	}
}

func (l *linkServer) handleRedeem(w http.ResponseWriter, r *http.Request) {
	var req redeemReq
	if err := readLinkJSON(r, &req); err != nil {
		writeLinkError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.AuthCode == "" || req.ClientID == "" {
		writeLinkError(w, http.StatusBadRequest, "Invalid link token.")
		return
	}
	ls, err := l.sim.RedeemLinkToken(req.ClientID, req.AuthCode)
	if err != nil {
		status := http.StatusNotFound
		if errors.Is(err, ErrLinkTokenUsed) || errors.Is(err, ErrLinkTokenExpired) {
			status = http.StatusGone
		}
		writeLinkError(w, status, linkTokenErrorText(err))
		return
	}
	ss := l.newSession(ls)
	writeLinkJSON(w, http.StatusOK, l.describe(ss))
}

func integrationView(in *Integration) pageIntegration {
	p := pageIntegration{ID: in.ID, Name: in.Name, Type: in.Type, Kind: in.Category, Auth: in.Auth}
	switch in.Auth {
	case AuthCredentials:
		p.Label, p.Hint = "Sandbox", "Sandbox account: any username and password are accepted (the password \"wrong\" is refused, to try the error path)."
	case AuthMFA:
		p.Label, p.Hint = "Sandbox + 2FA", "Sandbox account: any username and password, then any 6-digit code."
	case AuthOAuth:
		p.Label = "OAuth"
	case AuthDelayed:
		p.Label, p.Hint = "Delayed", "Sandbox account: any username and password. The connection completes later (delayed authentication)."
	case AuthWallet:
		p.Label = "Wallet"
	}
	return p
}

func (l *linkServer) describe(ss *linkSess) redeemResp {
	req := ss.ls.Request
	out := redeemResp{SessionID: ss.id, ClientName: ss.ls.Client.ID, UserID: req.UserID,
		RestrictMultipleAccounts: req.RestrictMultipleAccounts}
	if req.SubClientID != nil && *req.SubClientID != "" {
		out.ClientName = *req.SubClientID
		for _, sc := range l.sim.subClientsSnapshot(ss.ls.Client.ID) {
			if sc.ID == *req.SubClientID {
				out.ClientName = sc.DisplayName
			}
		}
	}
	for _, in := range l.sim.Integrations() {
		out.Integrations = append(out.Integrations, integrationView(in))
	}
	if req.IntegrationID != nil {
		out.IntegrationID = *req.IntegrationID
	} else if req.BrokerType != nil {
		if in, ok := l.sim.IntegrationByType(*req.BrokerType); ok {
			out.IntegrationID = in.ID
		}
	}
	if to := req.TransferOptions; to != nil {
		j := &out.Journey
		j.AmountInFiat = to.AmountInFiat
		if to.TransactionID != nil {
			j.TransactionID = *to.TransactionID
		}
		j.FundingEnabled = to.FundingOptions != nil && to.FundingOptions.Enabled
		for _, d := range to.ToAddresses {
			pd := pageDest{NetworkID: d.NetworkID, Symbol: linkDeref(d.Symbol), Address: linkDeref(d.Address),
				AddressTag: linkDeref(d.AddressTag), Amount: d.Amount}
			if n, ok := networkByID(d.NetworkID); ok {
				pd.NetworkName = n.Name
				if pd.Symbol == "" {
					pd.Symbol = n.NativeSymbol
				}
			}
			j.ToAddresses = append(j.ToAddresses, pd)
		}
		j.TransferType = linkDeref(to.TransferType)
		if j.TransferType == "" && len(j.ToAddresses) > 0 {
			j.TransferType = "deposit"
		}
	}
	if v := req.VerifyWalletOptions; v != nil {
		pv := &pageVerify{Message: linkDeref(v.Message), Addresses: v.Addresses, NetworkID: linkDeref(v.NetworkID), NetworkType: linkDeref(v.NetworkType)}
		if pv.Message == "" {
			pv.Message = "Sign to verify that you own this wallet (requested by " + out.ClientName + ")."
		}
		out.Journey.Verify = pv
	}
	return out
}

func linkDeref[T any](p *T) T {
	var z T
	if p == nil {
		return z
	}
	return *p
}

// ---- actions ----

func (l *linkServer) handleAction(w http.ResponseWriter, r *http.Request) {
	ss, unlock, ok := l.session(r.PathValue("sid"))
	if !ok {
		writeLinkError(w, http.StatusNotFound, "This Link session has ended. Close Link and open it again with a new link token.")
		return
	}
	defer unlock()
	var (
		status int
		body   any
	)
	switch r.PathValue("action") {
	case "access-tokens":
		status, body = l.actAccessTokens(ss, r)
	case "connect":
		status, body = l.actConnect(ss, r)
	case "mfa":
		status, body = l.actMFA(ss, r)
	case "oauth/complete":
		status, body = l.actOAuthComplete(ss, r)
	case "wallet":
		status, body = l.actWallet(ss, r)
	case "accounts":
		status, body = l.actAccounts(ss, r)
	case "sign":
		status, body = l.actSign(ss, r)
	case "funding":
		status, body = l.actFunding(ss, r)
	case "preview":
		status, body = l.actPreview(ss, r)
	case "execute":
		status, body = l.actExecute(ss, r)
	default:
		status, body = http.StatusNotFound, linkErrorBody{ErrorMessage: "Not found."}
	}
	writeLinkJSON(w, status, body)
}

func linkFail(status int, format string, args ...any) (int, any) {
	return status, linkErrorBody{ErrorMessage: fmt.Sprintf(format, args...)}
}

// pageAccount is one connected account as the page shows it.
type pageAccount struct {
	AccountID   string  `json:"accountId"`
	AccountName string  `json:"accountName"`
	Cash        float64 `json:"cash"`
	Fund        float64 `json:"fund"`
	Address     string  `json:"address,omitempty"`
}

type authStep struct {
	Step         string              `json:"step"` // mfa | accounts | delayed
	ChallengeID  string              `json:"challengeId,omitempty"`
	Hint         string              `json:"hint,omitempty"`
	ConnectionID string              `json:"connectionId,omitempty"`
	Accounts     []pageAccount       `json:"accounts,omitempty"`
	Payload      *DelayedAuthPayload `json:"payload,omitempty"`
}

func linkAccountView(a Account, address string) pageAccount {
	return pageAccount{AccountID: a.AccountID, AccountName: a.AccountName, Cash: a.Cash, Fund: totalUSD(a.Balances), Address: address}
}

// connect creates the account through the Sim and remembers it in the session.
func (l *linkServer) connect(ss *linkSess, in *Integration, address string) (int, any) {
	c, err := l.sim.ConnectAccount(ss.ls.Client.ID, ss.ls.Request.UserID, in.ID)
	if err != nil {
		return linkFail(http.StatusBadRequest, "Could not connect %s: %v", in.Name, err)
	}
	if c.Delayed {
		p := c.DelayedPayload()
		return http.StatusOK, authStep{Step: "delayed", Payload: &p}
	}
	conn := &linkConn{id: randomToken(12), integration: in, token: linkAccountToken(c.Account), accountID: c.Account.ID, address: address}
	ss.conns[conn.id] = conn
	return http.StatusOK, authStep{Step: "accounts", ConnectionID: conn.id, Accounts: []pageAccount{linkAccountView(c.Account, address)}}
}

// accountToken is what the API accepts as authToken for a: the tokenId with MMT, else
// the access token.
func linkAccountToken(a Account) string {
	if a.TokenID != "" {
		return a.TokenID
	}
	return a.AccessToken
}

type accessTokensReq struct {
	Tokens []struct {
		AccountID   string `json:"accountId"`
		AccountName string `json:"accountName"`
		AccessToken string `json:"accessToken"`
		BrokerType  string `json:"brokerType"`
		BrokerName  string `json:"brokerName"`
	} `json:"tokens"`
}

type knownConn struct {
	ConnectionID string          `json:"connectionId"`
	Integration  pageIntegration `json:"integration"`
	Accounts     []pageAccount   `json:"accounts"`
}

// actAccessTokens resolves the SDK's accessTokens (frontAccessTokens): known tokens of
// this client's user skip authentication.
func (l *linkServer) actAccessTokens(ss *linkSess, r *http.Request) (int, any) {
	var req accessTokensReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	out := struct {
		Connections []knownConn `json:"connections"`
		Unknown     int         `json:"unknown"`
	}{Connections: []knownConn{}}
	seen := map[string]bool{}
	for _, t := range req.Tokens {
		a, ok := l.sim.AccountByToken(ss.ls.Client.ID, t.AccessToken)
		if !ok || a.UserID != ss.ls.Request.UserID {
			out.Unknown++
			continue
		}
		if seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		in, ok := integrationByID(a.IntegrationID)
		if !ok {
			out.Unknown++
			continue
		}
		conn := &linkConn{id: randomToken(12), integration: in, token: t.AccessToken, accountID: a.ID,
			address: l.walletAddress(ss, in)}
		ss.conns[conn.id] = conn
		out.Connections = append(out.Connections, knownConn{ConnectionID: conn.id, Integration: integrationView(in),
			Accounts: []pageAccount{linkAccountView(a, conn.address)}})
	}
	return http.StatusOK, out
}

type connectReq struct {
	IntegrationID string `json:"integrationId"`
	Username      string `json:"username"`
	Password      string `json:"password"`
}

func (l *linkServer) actConnect(ss *linkSess, r *http.Request) (int, any) {
	var req connectReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	in, ok := integrationByID(req.IntegrationID)
	if !ok {
		return linkFail(http.StatusNotFound, "Unknown integration.")
	}
	switch in.Auth {
	case AuthCredentials, AuthMFA, AuthDelayed:
	default:
		return linkFail(http.StatusBadRequest, "%s does not sign in with a username and password.", in.Name)
	}
	if strings.TrimSpace(req.Username) == "" || req.Password == "" {
		return linkFail(http.StatusBadRequest, "Enter your username and password.")
	}
	if req.Password == "wrong" {
		return linkFail(http.StatusUnauthorized, "Invalid credentials. Check your username and password and try again.")
	}
	if in.Auth == AuthMFA {
		id := randomToken(8)
		ss.mfa[id] = in.ID
		return http.StatusOK, authStep{Step: "mfa", ChallengeID: id, Hint: "Sandbox: enter any 6-digit code, e.g. 123456."}
	}
	return l.connect(ss, in, "")
}

var linkSixDigits = regexp.MustCompile(`^[0-9]{6}$`)

type mfaReq struct {
	ChallengeID string `json:"challengeId"`
	Code        string `json:"code"`
}

func (l *linkServer) actMFA(ss *linkSess, r *http.Request) (int, any) {
	var req mfaReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	iid, ok := ss.mfa[req.ChallengeID]
	if !ok {
		return linkFail(http.StatusBadRequest, "This verification request has expired. Sign in again.")
	}
	if !linkSixDigits.MatchString(strings.TrimSpace(req.Code)) {
		return linkFail(http.StatusUnauthorized, "Invalid verification code. Enter the 6-digit code.")
	}
	delete(ss.mfa, req.ChallengeID)
	in, _ := integrationByID(iid)
	return l.connect(ss, in, "")
}

// ---- OAuth (the popup's page talks to these, keyed by session and state) ----

type oauthReq struct {
	Session       string `json:"session"`
	IntegrationID string `json:"integrationId"`
	State         string `json:"state"`
	Decision      string `json:"decision,omitempty"`
}

var linkOAuthStateRE = regexp.MustCompile(`^[0-9a-f]{16,64}$`)

// oauthLookup validates an authorise-page request; the caller holds l.mu afterwards.
func (l *linkServer) oauthLookup(w http.ResponseWriter, r *http.Request) (*linkSess, *Integration, oauthReq, func(), bool) {
	var req oauthReq
	if err := readLinkJSON(r, &req); err != nil {
		writeLinkError(w, http.StatusBadRequest, err.Error())
		return nil, nil, req, nil, false
	}
	ss, unlock, ok := l.session(req.Session)
	if !ok {
		writeLinkError(w, http.StatusNotFound, "This sign-in request does not belong to an open Link session.")
		return nil, nil, req, nil, false
	}
	in, ok := integrationByID(req.IntegrationID)
	if !ok || in.Auth != AuthOAuth {
		unlock()
		writeLinkError(w, http.StatusBadRequest, "This integration does not sign in with OAuth.")
		return nil, nil, req, nil, false
	}
	if !linkOAuthStateRE.MatchString(req.State) {
		unlock()
		writeLinkError(w, http.StatusBadRequest, "Missing or malformed state parameter.")
		return nil, nil, req, nil, false
	}
	return ss, in, req, unlock, true
}

func (l *linkServer) handleOAuthInfo(w http.ResponseWriter, r *http.Request) {
	ss, in, req, unlock, ok := l.oauthLookup(w, r)
	if !ok {
		return
	}
	defer unlock()
	if g, ok := ss.oauth[req.State]; ok && g.integrationID != in.ID {
		writeLinkError(w, http.StatusBadRequest, "State does not match the integration.")
		return
	} else if !ok {
		ss.oauth[req.State] = &oauthGrant{integrationID: in.ID}
	}
	writeLinkJSON(w, http.StatusOK, map[string]string{"integrationName": in.Name, "clientName": ss.ls.Client.ID})
}

func (l *linkServer) handleOAuthDecide(w http.ResponseWriter, r *http.Request) {
	ss, in, req, unlock, ok := l.oauthLookup(w, r)
	if !ok {
		return
	}
	defer unlock()
	g, ok := ss.oauth[req.State]
	if !ok {
		g = &oauthGrant{integrationID: in.ID}
		ss.oauth[req.State] = g
	}
	if g.integrationID != in.ID || g.decided {
		writeLinkError(w, http.StatusConflict, "This sign-in request was already answered.")
		return
	}
	switch req.Decision {
	case "approve":
		g.decided, g.code = true, randomToken(16)
		writeLinkJSON(w, http.StatusOK, map[string]string{"code": g.code})
	case "deny":
		g.decided = true
		writeLinkJSON(w, http.StatusOK, map[string]string{"error": "access_denied"})
	default:
		writeLinkError(w, http.StatusBadRequest, "decision must be approve or deny")
	}
}

type oauthCompleteReq struct {
	IntegrationID string `json:"integrationId"`
	Code          string `json:"code"`
	State         string `json:"state"`
}

func (l *linkServer) actOAuthComplete(ss *linkSess, r *http.Request) (int, any) {
	var req oauthCompleteReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	g, ok := ss.oauth[req.State]
	if !ok || g.used || g.code == "" || g.code != req.Code || g.integrationID != req.IntegrationID {
		return linkFail(http.StatusUnauthorized, "The authorization code is not valid. Start the sign-in again.")
	}
	g.used = true
	in, _ := integrationByID(g.integrationID)
	return l.connect(ss, in, "")
}

// ---- wallets ----

type walletReq struct {
	IntegrationID string `json:"integrationId"`
}

// walletAddress is the address the emulated wallet uses in this session: the address
// the client asked to verify when it suits the wallet (the user "owns" it), else the
// user's stable address on the wallet's first suitable network.
func (l *linkServer) walletAddress(ss *linkSess, in *Integration) string {
	if !in.IsWallet() {
		return ""
	}
	n := walletNetwork(ss, in)
	if v := ss.ls.Request.VerifyWalletOptions; v != nil {
		for _, a := range v.Addresses {
			if n.ValidAddress(a) {
				return a
			}
		}
	}
	return userAddress(ss.ls.Client.ID, ss.ls.Request.UserID, in.ID, n)
}

// walletNetwork picks the network a wallet works on in this session: the verify
// network, the first destination's network, else the wallet's first network.
func walletNetwork(ss *linkSess, in *Integration) *Network {
	want := ""
	req := ss.ls.Request
	if v := req.VerifyWalletOptions; v != nil && v.NetworkID != nil {
		want = *v.NetworkID
	}
	if want == "" && req.TransferOptions != nil && len(req.TransferOptions.ToAddresses) > 0 {
		want = req.TransferOptions.ToAddresses[0].NetworkID
	}
	if want != "" && in.hasNetwork(want) {
		n, _ := networkByID(want)
		return n
	}
	if v := req.VerifyWalletOptions; v != nil && v.NetworkType != nil {
		for _, id := range in.Networks {
			if n, _ := networkByID(id); n.Type == *v.NetworkType {
				return n
			}
		}
	}
	n, _ := networkByID(in.Networks[0])
	return n
}

func (l *linkServer) actWallet(ss *linkSess, r *http.Request) (int, any) {
	var req walletReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	in, ok := integrationByID(req.IntegrationID)
	if !ok || !in.IsWallet() {
		return linkFail(http.StatusBadRequest, "Not a wallet integration.")
	}
	return l.connect(ss, in, l.walletAddress(ss, in))
}

// ---- account selection → AccessTokenPayload ----

type accountsReq struct {
	ConnectionID string   `json:"connectionId"`
	AccountIDs   []string `json:"accountIds"`
	Returning    bool     `json:"returning,omitempty"`
}

func (l *linkServer) conn(ss *linkSess, id string) (*linkConn, Account, bool) {
	c, ok := ss.conns[id]
	if !ok {
		return nil, Account{}, false
	}
	a, ok := l.sim.AccountByToken(ss.ls.Client.ID, c.token)
	if !ok {
		return nil, Account{}, false
	}
	return c, a, true
}

func (l *linkServer) actAccounts(ss *linkSess, r *http.Request) (int, any) {
	var req accountsReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	c, a, ok := l.conn(ss, req.ConnectionID)
	if !ok {
		return linkFail(http.StatusNotFound, "This account is no longer connected. Connect it again.")
	}
	found := false
	for _, id := range req.AccountIDs {
		found = found || id == a.AccountID
	}
	if !found {
		return linkFail(http.StatusBadRequest, "Select an account.")
	}
	if req.Returning {
		a.Reconnected = true
	}
	conn := Connection{Account: a, Integration: *c.integration}
	p := conn.Payload()
	return http.StatusOK, struct {
		ConnectionID string             `json:"connectionId"`
		Payload      AccessTokenPayload `json:"payload"`
		Accounts     []pageAccount      `json:"accounts"`
	}{c.id, p, []pageAccount{linkAccountView(a, c.address)}}
}

// ---- verify ----

type signReq struct {
	ConnectionID string `json:"connectionId"`
	AccountID    string `json:"accountId"`
	Message      string `json:"message"`
}

// walletMessageSigned is the payload of the walletMessageSigned event.
type walletMessageSigned struct {
	SignedMessageHash string   `json:"signedMessageHash"`
	Message           string   `json:"message"`
	Address           string   `json:"address"`
	TimeStamp         int64    `json:"timeStamp"`
	IsVerified        bool     `json:"isVerified"`
	VerifiedAddresses []string `json:"verifiedAddresses,omitempty"`
}

func (l *linkServer) actSign(ss *linkSess, r *http.Request) (int, any) {
	var req signReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	c, _, ok := l.conn(ss, req.ConnectionID)
	if !ok || !c.integration.IsWallet() {
		return linkFail(http.StatusBadRequest, "Connect a wallet first.")
	}
	v := ss.ls.Request.VerifyWalletOptions
	want := "Sign to verify"
	if v != nil {
		want = linkDeref(v.Message)
	}
	if want != "" && req.Message != want {
		return linkFail(http.StatusBadRequest, "The message to sign does not match the request.")
	}
	n := walletNetwork(ss, c.integration)
	sig := emulatedSignature(n, c.address, req.Message)
	ev := walletMessageSigned{SignedMessageHash: sig, Message: req.Message, Address: c.address,
		TimeStamp: l.sim.Now().UnixMilli(), IsVerified: true}
	if v != nil && len(v.Addresses) > 0 {
		ev.IsVerified = false
		for _, a := range v.Addresses {
			if strings.EqualFold(a, c.address) {
				ev.IsVerified = true
			}
		}
	}
	if ev.IsVerified {
		ev.VerifiedAddresses = []string{c.address}
		if err := l.sim.RecordWalletSignature(WalletSignature{ClientID: ss.ls.Client.ID, UserID: ss.ls.Request.UserID,
			Address: c.address, NetworkID: n.ID, Message: req.Message, Signature: sig, SignedAt: ev.TimeStamp}); err != nil {
			return linkFail(http.StatusInternalServerError, "Could not record the signature: %v", err)
		}
	}
	return http.StatusOK, struct {
		Event walletMessageSigned `json:"event"`
	}{ev}
}

// ---- transfers ----

type destReq struct {
	ConnectionID  string   `json:"connectionId"`
	AccountID     string   `json:"accountId"`
	DestIndex     int      `json:"destIndex"`
	Amount        *float64 `json:"amount,omitempty"`
	AmountInFiat  *float64 `json:"amountInFiat,omitempty"`
	FundingSymbol string   `json:"fundingSymbol,omitempty"`
}

// destination resolves the toAddresses item the page chose.
func linkDestination(ss *linkSess, i int) (ToAddress, *Network, string, error) {
	to := ss.ls.Request.TransferOptions
	if to == nil || i < 0 || i >= len(to.ToAddresses) {
		return ToAddress{}, nil, "", errors.New("no such destination in the link token")
	}
	d := to.ToAddresses[i]
	n, ok := networkByID(d.NetworkID)
	if !ok {
		return ToAddress{}, nil, "", ErrUnknownNetwork
	}
	sym := strings.ToUpper(linkDeref(d.Symbol))
	if sym == "" {
		sym = n.NativeSymbol
	}
	return d, n, sym, nil
}

func (l *linkServer) actFunding(ss *linkSess, r *http.Request) (int, any) {
	var req destReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	c, a, ok := l.conn(ss, req.ConnectionID)
	if !ok {
		return linkFail(http.StatusNotFound, "This account is no longer connected.")
	}
	d, n, sym, err := linkDestination(ss, req.DestIndex)
	if err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	amount := linkDeref(d.Amount)
	if req.Amount != nil {
		amount = *req.Amount
	}
	if amount <= 0 {
		if to := ss.ls.Request.TransferOptions; to.AmountInFiat != nil && Price(sym) > 0 {
			amount = *to.AmountInFiat / Price(sym)
		}
	}
	f := smartFunding(a, c.integration, n, sym, amount)
	if f.Chosen == nil {
		return http.StatusUnprocessableEntity, linkErrorBody{ErrorMessage: "No asset in this account can fund the transfer.", Held: f.Options}
	}
	return http.StatusOK, f
}

// linkFee is the SDK's TransferFee.
type linkFee struct {
	Fee         float64 `json:"fee"`
	FeeCurrency string  `json:"feeCurrency"`
	FeeInFiat   float64 `json:"feeInFiat"`
}

// transferPreviewed is the payload of the transferPreviewed event.
type transferPreviewed struct {
	Amount                       float64          `json:"amount"`
	Symbol                       string           `json:"symbol"`
	ToAddress                    string           `json:"toAddress"`
	NetworkID                    string           `json:"networkId"`
	PreviewID                    string           `json:"previewId"`
	NetworkName                  string           `json:"networkName"`
	AmountInFiat                 float64          `json:"amountInFiat"`
	FiatCurrency                 string           `json:"fiatCurrency"`
	IntegrationType              string           `json:"integrationType"`
	IntegrationName              string           `json:"integrationName"`
	EstimatedNetworkGasFee       *linkFee         `json:"estimatedNetworkGasFee,omitempty"`
	InstitutionTransferFee       *linkFee         `json:"institutionTransferFee,omitempty"`
	CustomClientFee              *linkFee         `json:"customClientFee,omitempty"`
	CryptocurrencyFundingOptions []fundingPayload `json:"cryptocurrencyFundingOptions,omitempty"`
	UserID                       string           `json:"userId,omitempty"`
	ClientTransactionID          string           `json:"clientTransactionId,omitempty"`
}

func (l *linkServer) actPreview(ss *linkSess, r *http.Request) (int, any) {
	var req destReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	c, a, ok := l.conn(ss, req.ConnectionID)
	if !ok {
		return linkFail(http.StatusNotFound, "This account is no longer connected.")
	}
	d, n, sym, err := linkDestination(ss, req.DestIndex)
	if err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	to := ss.ls.Request.TransferOptions
	typ := linkDeref(to.TransferType)
	if typ == "" {
		typ = "deposit"
	}
	if !c.integration.hasNetwork(n.ID) || !n.supports(sym) {
		return linkFail(http.StatusBadRequest, "%s cannot send %s on %s.", c.integration.Name, sym, n.Name)
	}
	var amount float64
	switch {
	case typ == "payment" && d.Amount != nil:
		amount = *d.Amount // fixed by the payment request, whatever the page sent
	case req.Amount != nil:
		amount = *req.Amount
	case req.AmountInFiat != nil && Price(sym) > 0:
		amount = roundAmount(*req.AmountInFiat/Price(sym), sym)
	}
	if !(amount > 0) || math.IsInf(amount, 0) {
		return linkFail(http.StatusBadRequest, "Enter an amount greater than zero.")
	}
	p := &linkPreview{id: randomUUID(), connID: c.id, expires: l.sim.Now().Add(l.sim.opts.PreviewTTL),
		req: TransferRequest{ClientID: ss.ls.Client.ID, AccountToken: c.token, NetworkID: n.ID, Symbol: sym,
			Amount: amount, ToAddress: linkDeref(d.Address), AddressTag: linkDeref(d.AddressTag), TransactionID: linkDeref(to.TransactionID),
			TransferType: typ, SubClientID: linkDeref(ss.ls.Request.SubClientID)}}
	if !n.ValidAddress(p.req.ToAddress) {
		return linkFail(http.StatusBadRequest, "The destination address is not valid on %s.", n.Name)
	}
	usd := amount * Price(sym)
	note := ""
	switch {
	case typ == "onramp":
		if a.Cash < usd {
			return linkFail(http.StatusBadRequest, "Not enough cash to buy %s %s (needs %.2f USD, has %.2f).", linkFmtAmount(amount), sym, usd, a.Cash)
		}
		p.fromCash = round2(usd * 1.01)
		note = fmt.Sprintf("Bought with %.2f USD cash (1%% purchase fee), then sent", p.fromCash)
	case to.FundingOptions != nil && to.FundingOptions.Enabled:
		f := smartFunding(a, c.integration, n, sym, amount)
		if f.Chosen == nil {
			return linkFail(http.StatusBadRequest, "No asset in this account can fund %s %s.", linkFmtAmount(amount), sym)
		}
		p.funding = f.Chosen
		note = f.Chosen.Symbol + ": " + f.Chosen.Reason
	default:
		if a.Balances[sym] < amount {
			return linkFail(http.StatusBadRequest, "Insufficient %s balance: %s available.", sym, linkFmtAmount(a.Balances[sym]))
		}
	}
	ss.previews[p.id] = p
	gas := gasFeeFor(n)
	ev := transferPreviewed{Amount: amount, Symbol: sym, ToAddress: p.req.ToAddress, NetworkID: n.ID, PreviewID: p.id,
		NetworkName: n.Name, AmountInFiat: round2(usd), FiatCurrency: "USD",
		IntegrationType: c.integration.Type, IntegrationName: c.integration.Name,
		EstimatedNetworkGasFee: &linkFee{Fee: gas, FeeCurrency: n.NativeSymbol, FeeInFiat: round2(gas * Price(n.NativeSymbol))},
		UserID:                 ss.ls.Request.UserID, ClientTransactionID: p.req.TransactionID}
	if !c.integration.IsWallet() {
		ev.InstitutionTransferFee = &linkFee{Fee: 0, FeeCurrency: sym, FeeInFiat: 0}
	}
	if to.ClientFee != nil && *to.ClientFee > 0 && typ == "payment" {
		fee := roundAmount(amount**to.ClientFee, sym)
		ev.CustomClientFee = &linkFee{Fee: fee, FeeCurrency: sym, FeeInFiat: round2(fee * Price(sym))}
	}
	if p.funding != nil {
		ev.CryptocurrencyFundingOptions = []fundingPayload{p.funding.payload()}
	}
	from, _ := sourceAddresses(ss.ls.Client.ID, ss.ls.Request.UserID, c.integration, n)
	return http.StatusOK, struct {
		PreviewID   string            `json:"previewId"`
		FromAddress string            `json:"fromAddress"`
		FundingNote string            `json:"fundingNote,omitempty"`
		Event       transferPreviewed `json:"event"`
	}{p.id, from, note, ev}
}

func linkFmtAmount(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.8f", v), "0"), ".")
}

type executeReq struct {
	ConnectionID string `json:"connectionId"`
	PreviewID    string `json:"previewId"`
	MfaCode      string `json:"mfaCode,omitempty"`
}

// transferFinishedPayload is the SDK's TransferFinishedPayload.
type transferFinishedPayload struct {
	Status              string  `json:"status"`
	TxID                string  `json:"txId"`
	FromAddress         string  `json:"fromAddress"`
	ToAddress           string  `json:"toAddress"`
	Symbol              string  `json:"symbol"`
	Amount              float64 `json:"amount"`
	NetworkID           string  `json:"networkId"`
	UserID              string  `json:"userId,omitempty"`
	ClientTransactionID string  `json:"clientTransactionId,omitempty"`
	AmountInFiat        float64 `json:"amountInFiat"`
	TotalAmountInFiat   float64 `json:"totalAmountInFiat"`
	NetworkName         string  `json:"networkName"`
	TxHash              string  `json:"txHash,omitempty"`
	TransferID          string  `json:"transferId"`
	RefundAddress       string  `json:"refundAddress"`
}

func (l *linkServer) actExecute(ss *linkSess, r *http.Request) (int, any) {
	var req executeReq
	if err := readLinkJSON(r, &req); err != nil {
		return linkFail(http.StatusBadRequest, "%v", err)
	}
	p, ok := ss.previews[req.PreviewID]
	if !ok || p.connID != req.ConnectionID {
		return linkFail(http.StatusNotFound, "Preview not found. Review the transfer again.")
	}
	if p.used {
		return linkFail(http.StatusConflict, "This transfer was already submitted.")
	}
	if !l.sim.Now().Before(p.expires) {
		return linkFail(http.StatusGone, "The preview has expired. Review the transfer again.")
	}
	c := ss.conns[p.connID]
	if c.integration.Auth == AuthMFA {
		if req.MfaCode == "" {
			p.mfaPending = true
			return http.StatusOK, map[string]string{"step": "mfa", "hint": "Sandbox: enter any 6-digit code."}
		}
		if !linkSixDigits.MatchString(strings.TrimSpace(req.MfaCode)) {
			return http.StatusOK, map[string]string{"step": "mfa", "errorMessage": "Invalid verification code."}
		}
	}
	if p.funding != nil && p.funding.Symbol != p.req.Symbol {
		if err := l.sim.linkConvert(p.req.ClientID, p.req.AccountToken, p.funding.Symbol, p.funding.SourceAmount, p.req.Symbol, p.req.Amount); err != nil {
			return linkFail(http.StatusBadRequest, "Funding failed: %v", err)
		}
	}
	if p.fromCash > 0 {
		if err := l.sim.linkBuy(p.req.ClientID, p.req.AccountToken, p.fromCash, p.req.Symbol, p.req.Amount); err != nil {
			return linkFail(http.StatusBadRequest, "Purchase failed: %v", err)
		}
	}
	t, err := l.sim.CreateTransfer(p.req)
	if err != nil {
		return linkFail(http.StatusBadRequest, "The transfer failed: %v", err)
	}
	p.used = true
	n, _ := networkByID(t.NetworkID)
	txID := t.ClientTransactionID
	if txID == "" {
		txID = t.ID
	}
	out := transferFinishedPayload{Status: "success", TxID: txID, FromAddress: t.FromAddress, ToAddress: t.DestinationAddress,
		Symbol: t.Symbol, Amount: t.Amount, NetworkID: t.NetworkID, UserID: t.UserID, ClientTransactionID: t.ClientTransactionID,
		AmountInFiat: t.AmountInFiat, TotalAmountInFiat: round2(t.AmountInFiat + t.GasFeeInFiat), NetworkName: n.Name,
		TxHash: t.Hash, TransferID: t.ID, RefundAddress: t.RefundAddress}
	return http.StatusOK, struct {
		Step    string                  `json:"step"`
		Payload transferFinishedPayload `json:"payload"`
	}{"done", out}
}
