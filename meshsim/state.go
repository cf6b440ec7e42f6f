package meshsim

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// This file holds the emulator's state and the operations the Link page (linkpage.go)
// and tests of other packages build on. Every exported method is safe for concurrent use
// and returns copies, never pointers into the state.

// Errors of the state operations; the Link page turns them into Mesh-style text.
var (
	ErrLinkTokenUnknown = errors.New("link token not found")
	ErrLinkTokenUsed    = errors.New("link token has already been used")
	ErrLinkTokenExpired = errors.New("link token has expired")
	ErrUnknownClient    = errors.New("unknown client")
	ErrUnknownAccount   = errors.New("account not found or disconnected")
	ErrUnknownNetwork   = errors.New("network not found")
	ErrUnknownIntegr    = errors.New("integration not found")
	ErrInsufficient     = errors.New("insufficient balance")
	ErrInvalidAddress   = errors.New("address is not valid for the network")
	ErrUnknownTransfer  = errors.New("transfer not found")
)

// Transfer statuses (TransferStatus).
const (
	StatusPending   = "pending"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
)

// Transfer is one managed transfer as the emulator stores it; the API renders it as
// Mesh's TransferModel. Amounts are as Mesh sends them (float64).
type Transfer struct {
	ID                       string  `json:"id"`
	ClientID                 string  `json:"clientId"` // owning API client (not in TransferModel)
	ClientTransactionID      string  `json:"clientTransactionId,omitempty"`
	InstitutionTransactionID string  `json:"institutionTransactionId,omitempty"`
	UserID                   string  `json:"userId,omitempty"`
	Status                   string  `json:"status"`
	TransferType             string  `json:"transferType,omitempty"`
	Symbol                   string  `json:"symbol"`
	Amount                   float64 `json:"amount"`
	AmountInFiat             float64 `json:"amountInFiat"`
	NetworkID                string  `json:"networkId"`
	IntegrationID            string  `json:"integrationId"` // the source ("from")
	CreatedTimestamp         int64   `json:"createdTimestamp"`
	ExecutedTimestamp        int64   `json:"executedTimestamp,omitempty"`
	Hash                     string  `json:"hash,omitempty"`
	SubClientID              string  `json:"subClientId,omitempty"`
	DestinationAddress       string  `json:"destinationAddress,omitempty"`
	AddressTag               string  `json:"addressTag,omitempty"`
	// FromAddress is the on-chain sender: the wallet, or the exchange's omnibus hot
	// wallet. Not part of TransferModel; webhooks and execute results carry it.
	FromAddress string `json:"fromAddress,omitempty"`
	// RefundAddress is where funds can go back: the wallet's own address, or the
	// user's deposit address at the exchange (never the hot wallet).
	RefundAddress       string  `json:"refundAddress,omitempty"`
	GasFee              float64 `json:"gasFee,omitempty"` // in the network's native asset
	GasFeeInFiat        float64 `json:"gasFeeInFiat,omitempty"`
	WithdrawalFee       float64 `json:"withdrawalFee,omitempty"` // in Symbol
	WithdrawalFeeInFiat float64 `json:"withdrawalFeeInFiat,omitempty"`
	ProcessingFeeInFiat float64 `json:"processingFeeInFiat,omitempty"`
	// SettleAt (unix ms) is when a pending transfer settles; 0 = it stays pending.
	SettleAt int64 `json:"settleAt,omitempty"`
	// FailTo forces the settlement outcome ("succeeded"/"failed"); "" = by FailureRate.
	FailTo string `json:"failTo,omitempty"`
}

// Account is a connected exchange or wallet account of one user of one client.
type Account struct {
	ID            string `json:"id"` // meshAccountId
	ClientID      string `json:"clientId"`
	UserID        string `json:"userId"`
	IntegrationID string `json:"integrationId"`
	BrokerType    string `json:"brokerType"`
	AccountID     string `json:"accountId"` // the institution's own account id
	AccountName   string `json:"accountName"`
	// TokenID is the Mesh Managed Token (stable across refreshes); "" when MMT is off.
	TokenID      string `json:"tokenId,omitempty"`
	AccessToken  string `json:"accessToken,omitempty"`
	RefreshToken string `json:"refreshToken,omitempty"`
	// Balances are the account's crypto holdings (symbol → amount).
	Balances     map[string]float64 `json:"balances"`
	Cash         float64            `json:"cash"`
	ConnectedAt  int64              `json:"connectedAt"`
	Reconnected  bool               `json:"reconnected,omitempty"`
	Disconnected bool               `json:"disconnected,omitempty"`
}

// LinkTokenRequest is a parsed GetLinkTokenRequest (POST /api/v1/linktoken body).
type LinkTokenRequest struct {
	UserID                   string               `json:"userId"`
	BrokerType               *string              `json:"brokerType,omitempty"`
	RestrictMultipleAccounts bool                 `json:"restrictMultipleAccounts,omitempty"`
	TransferOptions          *LinkTransferOptions `json:"transferOptions,omitempty"`
	IntegrationID            *string              `json:"integrationId,omitempty"`
	DisableAPIKeyGeneration  bool                 `json:"disableApiKeyGeneration,omitempty"`
	VerifyWalletOptions      *VerifyWalletOptions `json:"verifyWalletOptions,omitempty"`
	SubClientID              *string              `json:"subClientId,omitempty"`
}

// LinkTransferOptions is LinkTokenTransferOptions.
type LinkTransferOptions struct {
	ToAddresses           []ToAddress     `json:"toAddresses,omitempty"`
	AmountInFiat          *float64        `json:"amountInFiat,omitempty"`
	TransactionID         *string         `json:"transactionId,omitempty"`
	ClientFee             *float64        `json:"clientFee,omitempty"`
	TransferType          *string         `json:"transferType,omitempty"`
	FundingOptions        *FundingOptions `json:"fundingOptions,omitempty"`
	IsInclusiveFeeEnabled bool            `json:"isInclusiveFeeEnabled,omitempty"`
	Description           *string         `json:"description,omitempty"`
	GoodsDetails          []GoodsDetails  `json:"goodsDetails,omitempty"`
	GeneratePayLink       bool            `json:"generatePayLink,omitempty"`
}

// ToAddress is TransferToAddressWithAmount.
type ToAddress struct {
	NetworkID           string   `json:"networkId"`
	Symbol              *string  `json:"symbol,omitempty"`
	Address             *string  `json:"address,omitempty"`
	AddressTag          *string  `json:"addressTag,omitempty"`
	Amount              *float64 `json:"amount,omitempty"`
	DisplayAmountInFiat *float64 `json:"displayAmountInFiat,omitempty"`
}

// FundingOptions is TransferCryptocurrencyFundingOptions (SmartFunding).
type FundingOptions struct {
	Enabled bool `json:"enabled"`
}

// GoodsDetails is Binance Pay's goods description.
type GoodsDetails struct {
	GoodsType        *string `json:"goodsType,omitempty"`
	GoodsCategory    *string `json:"goodsCategory,omitempty"`
	ReferenceGoodsID *string `json:"referenceGoodsId,omitempty"`
	GoodsName        *string `json:"goodsName,omitempty"`
	GoodsDetail      *string `json:"goodsDetail,omitempty"`
}

// VerifyWalletOptions is Mesh Verify's options.
type VerifyWalletOptions struct {
	Message             *string  `json:"message,omitempty"`
	VerificationMethods []string `json:"verificationMethods,omitempty"`
	Addresses           []string `json:"addresses,omitempty"`
	NetworkID           *string  `json:"networkId,omitempty"`
	NetworkType         *string  `json:"networkType,omitempty"`
}

// linkToken is an issued, not necessarily redeemed, link token.
type linkToken struct {
	Code      string           `json:"code"`
	ClientID  string           `json:"clientId"`
	Request   LinkTokenRequest `json:"request"`
	CreatedAt int64            `json:"createdAt"` // unix ms
	Used      bool             `json:"used"`
}

// LinkSession is a redeemed link token: who asked for it and with which options.
type LinkSession struct {
	Code      string
	Client    Client
	Request   LinkTokenRequest
	CreatedAt time.Time
	ExpiresAt time.Time
}

// WalletSignature is a verified self-custody wallet signature (Mesh Verify).
type WalletSignature struct {
	ClientID  string `json:"clientId"`
	UserID    string `json:"userId"`
	Address   string `json:"address"`
	NetworkID string `json:"networkId,omitempty"`
	Message   string `json:"message"`
	Signature string `json:"signature"`
	SignedAt  int64  `json:"signedAt"` // unix ms
}

// SubClient is a registered client of the Account Management API.
type SubClient struct {
	ID                   string   `json:"id"`
	ClientID             string   `json:"clientId"`
	BusinessLegalName    string   `json:"businessLegalName"`
	DisplayName          string   `json:"displayName"`
	CallbackURLs         []string `json:"callbackUrls"`
	CatalogConfiguration any      `json:"catalogConfiguration"`
	LogoURL              string   `json:"logoUrl,omitempty"`
}

// preview is an issued managed-transfer preview awaiting execute.
type preview struct {
	ID        string          `json:"id"`
	AccountID string          `json:"accountId"`
	ClientID  string          `json:"clientId"`
	Req       TransferRequest `json:"req"`
	Amount    float64         `json:"amount"`
	ExpiresAt int64           `json:"expiresAt"` // unix ms
	Used      bool            `json:"used"`
}

// state is everything the state file keeps (the generated history is regenerated).
type state struct {
	Version      int                   `json:"version"`
	Seed         uint64                `json:"seed"`
	Generated    int                   `json:"generated"`
	HistoryEnd   int64                 `json:"historyEnd"`  // unix s
	HistorySpan  int64                 `json:"historySpan"` // s
	StartedAt    int64                 `json:"startedAt"`   // unix ms, first start
	Accounts     []*Account            `json:"accounts"`
	LinkTokens   map[string]*linkToken `json:"linkTokens"`
	SubClients   []*SubClient          `json:"subClients"`
	CallbackURLs map[string][]string   `json:"callbackUrls"`
	Previews     map[string]*preview   `json:"previews"`
	Signatures   []WalletSignature     `json:"signatures"`
	Overrides    map[int]*Transfer     `json:"overrides"` // generated index → changed copy
	Extra        []*Transfer           `json:"extra"`     // runtime transfers
	AdminTokens  map[string]adminToken `json:"adminTokens"`
}

type adminToken struct {
	ClientID  string `json:"clientId"`
	ExpiresAt int64  `json:"expiresAt"` // unix ms
}

func (s *Sim) nowMs() int64 { return s.clock().UnixMilli() }

// markDirty asks the saver to write the state file; callers hold s.mu.
func (s *Sim) markDirty() {
	s.dirty = true
	select {
	case s.saveCh <- struct{}{}:
	default:
	}
}

// ---- link tokens ----

// issueLinkToken records a link token and returns its opaque auth code.
func (s *Sim) issueLinkToken(clientID string, req LinkTokenRequest) string {
	code := randomToken(24)
	s.mu.Lock()
	s.st.LinkTokens[code] = &linkToken{Code: code, ClientID: clientID, Request: req, CreatedAt: s.nowMs()}
	s.markDirty()
	s.mu.Unlock()
	return code
}

// LinkURL is the Link page URL a token for (clientID, code) decodes to.
func (s *Sim) LinkURL(clientID, code string) string {
	return s.BaseURL() + "/link/" + clientID + "/broker-connect?auth_code=" + code
}

// CreateLinkToken issues a link token as POST /api/v1/linktoken does (no validation)
// and returns the token (base64 of the Link URL) and its auth code. For tests.
func (s *Sim) CreateLinkToken(clientID string, req LinkTokenRequest) (token, code string, err error) {
	if _, ok := s.client(clientID); !ok {
		return "", "", ErrUnknownClient
	}
	code = s.issueLinkToken(clientID, req)
	return encodeLinkToken(s.LinkURL(clientID, code)), code, nil
}

// RedeemLinkToken consumes the link token with the given auth code for clientID: it
// works once, within Options.LinkTokenTTL (10 min) of issue by the emulator's clock.
// Errors: ErrLinkTokenUnknown, ErrLinkTokenUsed, ErrLinkTokenExpired.
func (s *Sim) RedeemLinkToken(clientID, code string) (*LinkSession, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lt, ok := s.st.LinkTokens[code]
	if !ok || lt.ClientID != clientID {
		return nil, ErrLinkTokenUnknown
	}
	if lt.Used {
		return nil, ErrLinkTokenUsed
	}
	created := time.UnixMilli(lt.CreatedAt)
	exp := created.Add(s.opts.LinkTokenTTL)
	if !s.clock().Before(exp) {
		return nil, ErrLinkTokenExpired
	}
	c, ok := s.client(clientID)
	if !ok {
		return nil, ErrUnknownClient
	}
	lt.Used = true
	s.markDirty()
	return &LinkSession{Code: code, Client: c, Request: lt.Request, CreatedAt: created, ExpiresAt: exp}, nil
}

// ---- accounts ----

// AccessTokenPayload is what the Link page posts as brokerageAccountAccessToken
// (the SDK's AccessTokenPayload).
type AccessTokenPayload struct {
	AccountTokens                []AccountToken  `json:"accountTokens"`
	BrokerType                   string          `json:"brokerType"`
	BrokerName                   string          `json:"brokerName"`
	BrokerBrandInfo              BrokerBrandInfo `json:"brokerBrandInfo"`
	ExpiresInSeconds             int             `json:"expiresInSeconds"`
	RefreshTokenExpiresInSeconds *int            `json:"refreshTokenExpiresInSeconds"`
}

// AccountToken is one account of an AccessTokenPayload.
type AccountToken struct {
	Account      AccountInfo `json:"account"`
	AccessToken  string      `json:"accessToken"`
	RefreshToken string      `json:"refreshToken,omitempty"`
	TokenID      string      `json:"tokenId,omitempty"`
}

// AccountInfo is the SDK's Account (plus Mesh's meshAccountId/frontAccountId).
type AccountInfo struct {
	MeshAccountID  string  `json:"meshAccountId"`
	FrontAccountID string  `json:"frontAccountId"`
	AccountID      string  `json:"accountId"`
	AccountName    string  `json:"accountName"`
	Fund           float64 `json:"fund"`
	Cash           float64 `json:"cash"`
	IsReconnected  bool    `json:"isReconnected"`
}

// BrokerBrandInfo is the integration's branding in an AccessTokenPayload.
type BrokerBrandInfo struct {
	BrokerLogo   string `json:"brokerLogo"`
	LogoLightURL string `json:"logoLightUrl,omitempty"`
	LogoDarkURL  string `json:"logoDarkUrl,omitempty"`
}

// DelayedAuthPayload is what the Link page posts as delayedAuthentication.
type DelayedAuthPayload struct {
	RefreshToken                 string          `json:"refreshToken"`
	RefreshTokenExpiresInSeconds *int            `json:"refreshTokenExpiresInSeconds,omitempty"`
	BrokerType                   string          `json:"brokerType"`
	BrokerName                   string          `json:"brokerName"`
	BrokerBrandInfo              BrokerBrandInfo `json:"brokerBrandInfo"`
}

// Connection is the result of ConnectAccount.
type Connection struct {
	Account     Account
	Integration Integration
	// Delayed is true for delayed-auth integrations: only a refresh token is issued
	// (post DelayedPayload); the client gets an access token via /api/v1/token/refresh.
	Delayed bool
}

// accessTokenTTL is how long an access token lives (expiresInSeconds).
const accessTokenTTL = 24 * 3600

// Payload is the AccessTokenPayload to post for this connection.
func (c *Connection) Payload() AccessTokenPayload {
	a := c.Account
	at := AccountToken{
		Account: AccountInfo{MeshAccountID: a.ID, FrontAccountID: a.ID, AccountID: a.AccountID,
			AccountName: a.AccountName, Fund: totalUSD(a.Balances), Cash: a.Cash, IsReconnected: a.Reconnected},
		AccessToken:  a.AccessToken,
		RefreshToken: a.RefreshToken,
		TokenID:      a.TokenID,
	}
	if a.TokenID != "" {
		// MMT: the client stores the tokenId and uses it as the access token.
		at.RefreshToken = ""
	}
	return AccessTokenPayload{
		AccountTokens:    []AccountToken{at},
		BrokerType:       c.Integration.Type,
		BrokerName:       c.Integration.Name,
		BrokerBrandInfo:  brandInfo(&c.Integration),
		ExpiresInSeconds: accessTokenTTL,
	}
}

// DelayedPayload is the DelayedAuthPayload to post for a delayed-auth connection.
func (c *Connection) DelayedPayload() DelayedAuthPayload {
	return DelayedAuthPayload{RefreshToken: c.Account.RefreshToken, BrokerType: c.Integration.Type,
		BrokerName: c.Integration.Name, BrokerBrandInfo: brandInfo(&c.Integration)}
}

func brandInfo(in *Integration) BrokerBrandInfo {
	return BrokerBrandInfo{BrokerLogo: "", LogoLightURL: logoURL("integrations", in.Type+"-light"),
		LogoDarkURL: logoURL("integrations", in.Type+"-dark")}
}

func totalUSD(b map[string]float64) float64 {
	var t float64
	for sym, amt := range b {
		t += amt * Price(sym)
	}
	return math.Round(t*100) / 100
}

// ConnectAccount connects (or, on a return visit, reconnects) the account of userID at
// integrationID for clientID. With MMT on, the account keeps its tokenId across
// reconnects and refreshes; a reconnect issues fresh access/refresh tokens.
func (s *Sim) ConnectAccount(clientID, userID, integrationID string) (*Connection, error) {
	c, ok := s.client(clientID)
	if !ok {
		return nil, ErrUnknownClient
	}
	in, ok := integrationByID(integrationID)
	if !ok {
		return nil, ErrUnknownIntegr
	}
	if userID == "" {
		return nil, errors.New("connect account: empty userId")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var acc *Account
	for _, a := range s.st.Accounts {
		if a.ClientID == clientID && a.UserID == userID && a.IntegrationID == in.ID {
			acc = a
			break
		}
	}
	if acc == nil {
		acc = s.newAccount(c, userID, in)
		s.st.Accounts = append(s.st.Accounts, acc)
	} else {
		acc.Reconnected = true
		acc.Disconnected = false
		acc.AccessToken = "acc_" + randomToken(20)
		acc.RefreshToken = "ref_" + randomToken(20)
		if c.MMT && acc.TokenID == "" {
			acc.TokenID = randomUUID()
		}
	}
	if in.Auth == AuthDelayed {
		acc.AccessToken = ""
	}
	s.markDirty()
	return &Connection{Account: copyAccount(acc), Integration: *in, Delayed: in.Auth == AuthDelayed}, nil
}

func (s *Sim) newAccount(c Client, userID string, in *Integration) *Account {
	r := newRNG(s.st.Seed, uint64(len(s.st.Accounts))+1<<40)
	acc := &Account{
		ID: randomUUID(), ClientID: c.ID, UserID: userID, IntegrationID: in.ID, BrokerType: in.Type,
		AccountID:    fmt.Sprintf("%s-%06d", strings.ToLower(in.Name[:3]), r.intn(1000000)),
		AccountName:  in.Name + " account",
		RefreshToken: "ref_" + randomToken(20),
		Balances:     map[string]float64{},
		ConnectedAt:  s.nowMs(),
	}
	acc.AccessToken = "acc_" + randomToken(20)
	if c.MMT {
		// tokenId equals the first access token and diverges after a refresh.
		acc.TokenID = randomUUID()
		acc.AccessToken = acc.TokenID
	}
	if in.IsWallet() {
		acc.AccountName = in.Name
		acc.AccountID = addressFor("evm", "wallet", c.ID, userID, in.ID)
	}
	// Sandbox balances: a spread of the integration's assets, worth a few thousand USD.
	seen := map[string]bool{}
	for _, nid := range in.Networks {
		n, _ := networkByID(nid)
		for _, sym := range n.Symbols {
			if seen[sym] {
				continue
			}
			seen[sym] = true
			usd := 200 + float64(r.intn(5000))
			acc.Balances[sym] = roundAmount(usd/Price(sym), sym)
		}
	}
	if !in.IsWallet() {
		acc.Cash = float64(r.intn(10000))
	}
	return acc
}

func copyAccount(a *Account) Account {
	c := *a
	c.Balances = make(map[string]float64, len(a.Balances))
	for k, v := range a.Balances {
		c.Balances[k] = v
	}
	return c
}

// accountByTokenLocked finds a live account by tokenId or access token; caller holds s.mu.
func (s *Sim) accountByTokenLocked(clientID, token string) *Account {
	if token == "" {
		return nil
	}
	for _, a := range s.st.Accounts {
		if a.Disconnected || (clientID != "" && a.ClientID != clientID) {
			continue
		}
		if a.TokenID == token || a.AccessToken == token {
			return a
		}
	}
	return nil
}

// AccountByToken looks a live account up by its tokenId or access token (return users:
// the SDK passes these as accessTokens). clientID "" matches any client.
func (s *Sim) AccountByToken(clientID, token string) (Account, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a := s.accountByTokenLocked(clientID, token)
	if a == nil {
		return Account{}, false
	}
	return copyAccount(a), true
}

// Accounts returns copies of all accounts of clientID ("" = all), disconnected included.
func (s *Sim) Accounts(clientID string) []Account {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Account
	for _, a := range s.st.Accounts {
		if clientID == "" || a.ClientID == clientID {
			out = append(out, copyAccount(a))
		}
	}
	return out
}

// Holding is one asset of an account, priced, with the networks it can be sent on.
type Holding struct {
	Symbol     string
	Amount     float64
	Price      float64 // USD
	ValueInUSD float64
	Networks   []string // network ids the integration supports for this symbol
}

// Holdings returns the balances of the account with this tokenId/access token, largest
// value first (SmartFunding ranks from these).
func (s *Sim) Holdings(clientID, token string) ([]Holding, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a := s.accountByTokenLocked(clientID, token)
	if a == nil {
		return nil, ErrUnknownAccount
	}
	return holdingsOf(a), nil
}

func holdingsOf(a *Account) []Holding {
	in, _ := integrationByID(a.IntegrationID)
	var out []Holding
	for _, sym := range tokenOrder {
		amt, ok := a.Balances[sym]
		if !ok {
			continue
		}
		h := Holding{Symbol: sym, Amount: amt, Price: Price(sym), ValueInUSD: math.Round(amt*Price(sym)*100) / 100}
		for _, nid := range in.Networks {
			if n, _ := networkByID(nid); n.supports(sym) {
				h.Networks = append(h.Networks, nid)
			}
		}
		out = append(out, h)
	}
	for i := 1; i < len(out); i++ { // insertion sort by value desc, stable
		for j := i; j > 0 && out[j].ValueInUSD > out[j-1].ValueInUSD; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// DepositAddress is the account's own deposit address on a network: for an exchange a
// stable per-user address at that exchange, for a wallet the wallet's address.
func (s *Sim) DepositAddress(clientID, token, networkID string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a := s.accountByTokenLocked(clientID, token)
	if a == nil {
		return "", ErrUnknownAccount
	}
	n, ok := networkByID(networkID)
	if !ok {
		return "", ErrUnknownNetwork
	}
	return userAddress(a.ClientID, a.UserID, a.IntegrationID, n), nil
}

// userAddress is a user's own address at an integration on a network: the wallet's
// address, or the user's deposit address at the exchange. Stable.
func userAddress(clientID, userID, integrationID string, n *Network) string {
	return addressFor(n.Type, "user", clientID, userID, integrationID, n.Type)
}

// hotWallet is an exchange's omnibus hot wallet on a network: the on-chain sender of
// every withdrawal, never a refund address.
func hotWallet(integrationID string, n *Network) string {
	return addressFor(n.Type, "hot", integrationID, n.Type)
}

// sourceAddresses returns (fromAddress, refundAddress) for a transfer from the user's
// account at integration in on network n, following Mesh's refund-address rule.
func sourceAddresses(clientID, userID string, in *Integration, n *Network) (from, refund string) {
	own := userAddress(clientID, userID, in.ID, n)
	if in.IsWallet() {
		return own, own
	}
	return hotWallet(in.ID, n), own
}

// ---- transfers from Link ----

// TransferRequest asks for a transfer out of a connected account (a Link journey or
// the managed execute API).
type TransferRequest struct {
	ClientID      string
	AccountToken  string // tokenId or access token of the source account
	NetworkID     string
	Symbol        string
	Amount        float64 // in Symbol; if 0, AmountInFiat is converted
	AmountInFiat  float64
	ToAddress     string
	AddressTag    string
	TransactionID string // the client's transactionId
	TransferType  string // deposit, payment, onramp … ("" = deposit)
	SubClientID   string
}

// CreateTransfer debits the account and records a pending transfer that settles after
// Options.SettleDelay (succeeded with a hash, or failed), emitting webhooks on the way.
func (s *Sim) CreateTransfer(req TransferRequest) (Transfer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.createTransferLocked(req)
	if err != nil {
		return Transfer{}, err
	}
	return *t, nil
}

func (s *Sim) createTransferLocked(req TransferRequest) (*Transfer, error) {
	a := s.accountByTokenLocked(req.ClientID, req.AccountToken)
	if a == nil {
		return nil, ErrUnknownAccount
	}
	n, ok := networkByID(req.NetworkID)
	if !ok {
		return nil, ErrUnknownNetwork
	}
	in, _ := integrationByID(a.IntegrationID)
	sym := strings.ToUpper(req.Symbol)
	if !n.supports(sym) || !in.hasNetwork(n.ID) {
		return nil, fmt.Errorf("%s on %s is not supported by %s", sym, n.Name, in.Name)
	}
	if !n.ValidAddress(req.ToAddress) {
		return nil, ErrInvalidAddress
	}
	amount := req.Amount
	if amount <= 0 && req.AmountInFiat > 0 {
		amount = roundAmount(req.AmountInFiat/Price(sym), sym)
	}
	if amount <= 0 || math.IsNaN(amount) || math.IsInf(amount, 0) {
		return nil, errors.New("amount must be greater than zero")
	}
	if a.Balances[sym] < amount {
		return nil, ErrInsufficient
	}
	a.Balances[sym] = roundAmount(a.Balances[sym]-amount, sym)
	from, refund := sourceAddresses(a.ClientID, a.UserID, in, n)
	now := s.clock()
	typ := req.TransferType
	if typ == "" {
		typ = "deposit"
	}
	gas := gasFeeFor(n)
	t := &Transfer{
		ID: randomUUID(), ClientID: a.ClientID, ClientTransactionID: req.TransactionID, UserID: a.UserID,
		Status: StatusPending, TransferType: typ, Symbol: sym, Amount: amount,
		AmountInFiat: math.Round(amount*Price(sym)*100) / 100, NetworkID: n.ID, IntegrationID: in.ID,
		CreatedTimestamp: now.Unix(), SubClientID: req.SubClientID, DestinationAddress: req.ToAddress,
		AddressTag: req.AddressTag, FromAddress: from, RefundAddress: refund,
		GasFee: gas, GasFeeInFiat: math.Round(gas*Price(n.NativeSymbol)*100) / 100,
		SettleAt: now.Add(s.opts.SettleDelay).UnixMilli(),
	}
	if !in.IsWallet() {
		t.InstitutionTransactionID = "inst-" + randomToken(6)
	}
	s.addTransferLocked(t)
	s.hooks.emit(t)
	return t, nil
}

func gasFeeFor(n *Network) float64 {
	switch n.Type {
	case "evm":
		if n.ID == NetEthereum {
			return 0.0004
		}
		return 0.00002
	case "bitcoin":
		return 0.00002
	case "solana":
		return 0.000005
	case "tron":
		return 1.1
	default:
		return 0.17
	}
}

func roundAmount(v float64, sym string) float64 {
	p := 1e8
	if sym == "USDC" || sym == "USDT" {
		p = 1e6
	}
	return math.Round(v*p) / p
}

// RecordWalletSignature records a verified wallet signature (Mesh Verify).
func (s *Sim) RecordWalletSignature(sig WalletSignature) error {
	if sig.Address == "" || sig.Message == "" {
		return errors.New("record wallet signature: address and message are required")
	}
	if sig.SignedAt == 0 {
		sig.SignedAt = s.nowMs()
	}
	s.mu.Lock()
	s.st.Signatures = append(s.st.Signatures, sig)
	s.markDirty()
	s.mu.Unlock()
	return nil
}

// WalletSignatures returns the recorded wallet signatures.
func (s *Sim) WalletSignatures() []WalletSignature {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]WalletSignature(nil), s.st.Signatures...)
}
