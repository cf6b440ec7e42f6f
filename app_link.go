package main

// Connect and the five journeys: link tokens validated in Go with per-field messages, the
// connection a Link session returns (tokenIds to the keychain, metadata to SQLite), the stored
// tokens handed back to Link for return users, the catalog, networks and destination presets.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"meshdesk/desk"
	"meshdesk/mesh"
	"meshdesk/store"
)

// Journeys the "New transfer" form offers (LinkOptions.Journey).
const (
	JourneyConnect       = "connect"
	JourneyDeposit       = "deposit"
	JourneyPayment       = "payment"
	JourneyOnramp        = "onramp"
	JourneyWithdrawal    = "withdrawal"
	JourneyVerify        = "verify"
	JourneyVerifyDeposit = "verify-deposit"
	JourneyVerifyPayment = "verify-payment"
)

// Journeys lists every journey, in the form's order.
var Journeys = []string{JourneyConnect, JourneyDeposit, JourneyPayment, JourneyOnramp, JourneyWithdrawal,
	JourneyVerify, JourneyVerifyDeposit, JourneyVerifyPayment}

// FormField is the key of a whole-form error in FieldErrors.
const FormField = "form"

// Destination is one address a deposit, payment or onramp may send to.
type Destination struct {
	NetworkID  string   `json:"networkId"`
	Symbol     string   `json:"symbol"`
	Address    string   `json:"address"`
	AddressTag string   `json:"addressTag"`
	Amount     *float64 `json:"amount"`
}

// LinkOptions is the Connect / New transfer form: which journey, for which Mesh user, and the
// journey's parameters. Go turns it into Mesh's link-token request.
type LinkOptions struct {
	Journey string `json:"journey"`
	// UserID is the Mesh userId ("" = the profile's default).
	UserID string `json:"userId"`
	// IntegrationID skips Link's catalog (optional).
	IntegrationID string        `json:"integrationId"`
	Destinations  []Destination `json:"destinations"`
	AmountInFiat  *float64      `json:"amountInFiat"`
	TransactionID string        `json:"transactionId"`
	Description   string        `json:"description"`
	// SmartFunding lets Link top up with buying power (fundingOptions.enabled).
	SmartFunding bool `json:"smartFunding"`
	// InclusiveFees takes the fees out of the amount (isInclusiveFeeEnabled).
	InclusiveFees   bool   `json:"inclusiveFees"`
	VerifyMessage   string `json:"verifyMessage"`
	VerifyAddress   string `json:"verifyAddress"`
	VerifyNetworkID string `json:"verifyNetworkId"`
	// ConfirmProduction is the user's yes to moving real funds on a production profile.
	ConfirmProduction bool `json:"confirmProduction"`
}

// LinkSession is what CreateLinkToken returns: a token to open Link with, or the field errors
// that stopped it (then nothing was sent to Mesh).
type LinkSession struct {
	LinkToken string `json:"linkToken"`
	// LinkOrigin is the origin of the Link page the token opens.
	LinkOrigin string `json:"linkOrigin"`
	UserID     string `json:"userId"`
	Journey    string `json:"journey"`
	// FieldErrors maps a form field ("userId", "destinations[0].address", "form" …) to what
	// is wrong with it.
	FieldErrors map[string]string `json:"fieldErrors,omitempty"`
}

// NetworkView is a Mesh network as the journey form lists it.
type NetworkView struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	NetworkType string   `json:"networkType"`
	Symbols     []string `json:"symbols"`
}

// linkState is the App's Link-side cache: the networks list of the active profile.
type linkState struct {
	mu       sync.Mutex
	netsOf   string // profile ID
	netsAt   time.Time
	networks []mesh.Network
}

// networksTTL is how long a networks list is reused.
const networksTTL = 10 * time.Minute

// networks returns the profile's network list (cached).
func (a *App) networks(ctx context.Context, s *desk.Session) ([]mesh.Network, error) {
	ls := &a.link
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.netsOf == s.Profile.ID && a.now().Sub(ls.netsAt) < networksTTL && len(ls.networks) > 0 {
		return ls.networks, nil
	}
	ns, err := s.Client.Networks(ctx)
	if err != nil {
		return nil, fmt.Errorf("list Mesh's networks: %w", err)
	}
	ls.netsOf, ls.netsAt, ls.networks = s.Profile.ID, a.now(), ns
	return ns, nil
}

// session is the active profile's session.
func (a *App) session(ctx context.Context) (*desk.Desk, *desk.Session, error) {
	d, err := a.service()
	if err != nil {
		return nil, nil, err
	}
	s, err := d.Session(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	return d, s, nil
}

// Networks lists Mesh's networks with their types and symbols, for the journey form.
func (a *App) Networks() ([]NetworkView, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	_, s, err := a.session(ctx)
	if err != nil {
		return nil, err
	}
	ns, err := a.networks(ctx, s)
	if err != nil {
		return nil, err
	}
	out := make([]NetworkView, 0, len(ns))
	for _, n := range ns {
		out = append(out, NetworkView{ID: n.ID, Name: n.Name, NetworkType: string(n.NetworkType), Symbols: networkSymbols(n)})
	}
	return out, nil
}

// networkSymbols is every symbol a network carries.
func networkSymbols(n mesh.Network) []string {
	syms := slices.Clone(n.SupportedTokens)
	for _, t := range n.Tokens {
		if !slices.Contains(syms, t.Symbol) {
			syms = append(syms, t.Symbol)
		}
	}
	slices.Sort(syms)
	return syms
}

// Catalog lists the integrations Link offers (logos, names, categories), for the Connect view.
func (a *App) Catalog() ([]mesh.Integration, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	_, s, err := a.session(ctx)
	if err != nil {
		return nil, err
	}
	ins, err := s.Client.Integrations(ctx)
	if err != nil {
		return nil, fmt.Errorf("list integrations: %w", err)
	}
	return ins, nil
}

// CreateLinkToken validates the form and asks Mesh for a link token. Invalid input comes back
// as FieldErrors (nothing is sent); Mesh's own refusal as an error carrying its message and
// errorType.
func (a *App) CreateLinkToken(opts LinkOptions) (*LinkSession, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, s, err := a.session(ctx)
	if err != nil {
		return nil, err
	}
	if opts.UserID == "" {
		opts.UserID = s.Profile.DefaultUserID
	}
	res := &LinkSession{UserID: opts.UserID, Journey: opts.Journey}
	var nets []mesh.Network
	if opts.needsNetworks() {
		if nets, err = a.networks(ctx, s); err != nil {
			return nil, err
		}
	}
	req, fields := opts.Request(nets, s.Profile.Env == store.EnvProduction)
	if len(fields) > 0 {
		res.FieldErrors = fields
		return res, nil
	}
	req.SubClientID = s.Profile.SubClientID
	tok, err := s.Client.CreateLinkToken(ctx, req)
	var ve mesh.ValidationErrors
	if errors.As(err, &ve) {
		res.FieldErrors = formFields(ve.Fields())
		return res, nil
	}
	if err != nil {
		return nil, fmt.Errorf("create a link token: %w", err)
	}
	res.LinkToken, res.LinkOrigin = tok.Token, tok.Origin()
	a.log.Info("link token created", "profile", s.Profile.ID, "journey", opts.Journey, "origin", res.LinkOrigin)
	d.Audit(ctx, s.Profile.ID, s.Profile.Name, store.AuditJourneyStart, opts.Journey, "user "+opts.UserID) // audit (treasury)
	return res, nil
}

// needsNetworks reports whether validating the options needs Mesh's network list.
func (o LinkOptions) needsNetworks() bool {
	return len(o.Destinations) > 0 || o.VerifyNetworkID != "" || o.VerifyAddress != ""
}

// transfers reports whether the journey moves funds (and so needs destinations).
func transfersFunds(j string) bool {
	switch j {
	case JourneyDeposit, JourneyPayment, JourneyOnramp, JourneyVerifyDeposit, JourneyVerifyPayment:
		return true
	}
	return false
}

// Request turns the form into Mesh's link-token request, or returns the form's field errors.
// networks resolves each networkId to its type, whose address rules apply; production asks for
// the user's confirmation before any journey that moves funds.
func (o LinkOptions) Request(networks []mesh.Network, production bool) (mesh.LinkTokenRequest, map[string]string) {
	fe := map[string]string{}
	add := func(field, format string, args ...any) {
		if _, ok := fe[field]; !ok {
			fe[field] = fmt.Sprintf(format, args...)
		}
	}
	req := mesh.LinkTokenRequest{UserID: strings.TrimSpace(o.UserID), IntegrationID: strings.TrimSpace(o.IntegrationID)}
	if !slices.Contains(Journeys, o.Journey) {
		add("journey", "choose a journey: %s", strings.Join(Journeys, ", "))
		return req, fe
	}
	if err := desk.ValidateUserID(req.UserID); err != nil {
		add("userId", "%s", fieldMsg(err))
	}
	if production && !o.ConfirmProduction && o.Journey != JourneyConnect && o.Journey != JourneyVerify {
		add("confirmProduction", "this is a production profile: confirm that real funds will move")
	}
	netByID := func(id string) (mesh.Network, bool) { return mesh.NetworkByID(networks, strings.TrimSpace(id)) }
	moves := transfersFunds(o.Journey)
	if moves {
		to := &mesh.TransferOptions{TransactionID: strings.TrimSpace(o.TransactionID), Description: strings.TrimSpace(o.Description),
			IsInclusiveFeeEnabled: o.InclusiveFees}
		switch o.Journey {
		case JourneyPayment, JourneyVerifyPayment:
			to.TransferType = mesh.TransferTypePayment
		case JourneyOnramp:
			to.TransferType = mesh.TransferTypeOnramp
		default:
			to.TransferType = mesh.TransferTypeDeposit
		}
		if o.SmartFunding {
			to.FundingOptions = &mesh.FundingOptions{Enabled: true}
		}
		if o.AmountInFiat != nil {
			if !(*o.AmountInFiat > 0) {
				add("amountInFiat", "must be more than 0")
			}
			to.AmountInFiat = o.AmountInFiat
		}
		if len(o.Destinations) == 0 {
			add("destinations", "add at least one destination address")
		}
		payment := to.TransferType == mesh.TransferTypePayment
		if payment && len(o.Destinations) > 1 {
			add("destinations", "a payment goes to one destination")
		}
		for i, d := range o.Destinations {
			p := fmt.Sprintf("destinations[%d].", i)
			ta := mesh.ToAddress{NetworkID: strings.TrimSpace(d.NetworkID), Symbol: strings.ToUpper(strings.TrimSpace(d.Symbol)),
				Address: strings.TrimSpace(d.Address), AddressTag: strings.TrimSpace(d.AddressTag), Amount: d.Amount}
			n, ok := netByID(ta.NetworkID)
			switch {
			case ta.NetworkID == "":
				add(p+"networkId", "choose a network")
			case !ok:
				add(p+"networkId", "Mesh lists no network %s", ta.NetworkID)
			}
			switch {
			case ta.Symbol == "":
				add(p+"symbol", "choose a symbol")
			case ok && len(networkSymbols(n)) > 0 && !slices.Contains(networkSymbols(n), ta.Symbol):
				add(p+"symbol", "%s does not carry %s", n.Name, ta.Symbol)
			}
			switch {
			case ta.Address == "":
				add(p+"address", "enter the destination address")
			case ok:
				if err := mesh.ValidateAddress(n.NetworkType, ta.Address); err != nil {
					add(p+"address", "not a valid %s address: %s", n.Name, fieldMsg(err))
				}
			}
			if d.Amount != nil && !(*d.Amount > 0) {
				add(p+"amount", "must be more than 0")
			}
			if payment && (d.Amount == nil || !(*d.Amount > 0)) && (o.AmountInFiat == nil || !(*o.AmountInFiat > 0)) {
				add(p+"amount", "a payment needs a fixed amount")
			}
			to.ToAddresses = append(to.ToAddresses, ta)
		}
		if payment && to.TransactionID == "" {
			add("transactionId", "a payment needs a transaction id (your order or invoice reference)")
		}
		if len(to.TransactionID) > 128 {
			add("transactionId", "at most 128 characters (this has %d)", len(to.TransactionID))
		}
		req.TransferOptions = to
	}
	if o.Journey == JourneyVerify || o.Journey == JourneyVerifyDeposit || o.Journey == JourneyVerifyPayment {
		vw := &mesh.VerifyWalletOptions{Message: strings.TrimSpace(o.VerifyMessage), NetworkID: strings.TrimSpace(o.VerifyNetworkID)}
		addr := strings.TrimSpace(o.VerifyAddress)
		n, ok := netByID(vw.NetworkID)
		switch {
		case vw.NetworkID == "":
			add("verifyNetworkId", "choose the network of the wallet to verify")
		case !ok:
			add("verifyNetworkId", "Mesh lists no network %s", vw.NetworkID)
		default:
			vw.NetworkType = n.NetworkType
		}
		switch {
		case addr == "":
			add("verifyAddress", "enter the wallet address to verify")
		case ok:
			if err := mesh.ValidateAddress(n.NetworkType, addr); err != nil {
				add("verifyAddress", "not a valid %s address: %s", n.Name, fieldMsg(err))
			}
		}
		if len(vw.Message) > 1024 {
			add("verifyMessage", "at most 1024 characters")
		}
		if addr != "" {
			vw.Addresses = []string{addr}
		}
		req.VerifyWalletOptions = vw
	}
	if len(fe) == 0 {
		if err := req.Validate(); err != nil {
			var ve mesh.ValidationErrors
			if errors.As(err, &ve) {
				for k, v := range formFields(ve.Fields()) {
					add(k, "%s", v)
				}
			} else {
				add(FormField, "%s", err.Error())
			}
		}
	}
	if len(fe) > 0 {
		return req, fe
	}
	return req, nil
}

// fieldMsg is the message of a validation error without its field prefix.
func fieldMsg(err error) string {
	var dv *desk.ValidationError
	if errors.As(err, &dv) {
		return dv.Msg
	}
	var mv *mesh.ValidationError
	if errors.As(err, &mv) {
		return mv.Msg
	}
	var ae *mesh.AddressError
	if errors.As(err, &ae) {
		return ae.Reason
	}
	return err.Error()
}

var toAddressPath = regexp.MustCompile(`^transferOptions\.toAddresses\[(\d+)\]\.(\w+)$`)

// formFields renames Mesh's request paths to the form's fields.
func formFields(mesh map[string]string) map[string]string {
	out := map[string]string{}
	for path, msg := range mesh {
		f := path
		if m := toAddressPath.FindStringSubmatch(path); m != nil {
			f = "destinations[" + m[1] + "]." + m[2]
		} else {
			switch {
			case strings.HasPrefix(path, "transferOptions."):
				f = strings.TrimPrefix(path, "transferOptions.")
			case strings.HasPrefix(path, "verifyWalletOptions.addresses"):
				f = "verifyAddress"
			case path == "verifyWalletOptions.networkId" || path == "verifyWalletOptions.networkType":
				f = "verifyNetworkId"
			case path == "verifyWalletOptions.message":
				f = "verifyMessage"
			case path == "userId" || path == "integrationId":
			default:
				f = FormField
				msg = path + ": " + msg
			}
		}
		if _, ok := out[f]; !ok {
			out[f] = msg
		}
	}
	return out
}

// LinkAccount is the SDK's Account of an account token.
type LinkAccount struct {
	AccountID     string   `json:"accountId"`
	AccountName   string   `json:"accountName"`
	MeshAccountID string   `json:"meshAccountId"`
	Fund          *float64 `json:"fund"`
	Cash          *float64 `json:"cash"`
	IsReconnected bool     `json:"isReconnected"`
}

// LinkAccountToken is one account of an onIntegrationConnected payload.
type LinkAccountToken struct {
	Account      LinkAccount `json:"account"`
	AccessToken  string      `json:"accessToken"`
	RefreshToken string      `json:"refreshToken"`
	TokenID      string      `json:"tokenId"`
}

// LinkAccessTokenPayload is the SDK's AccessTokenPayload.
type LinkAccessTokenPayload struct {
	AccountTokens    []LinkAccountToken `json:"accountTokens"`
	BrokerType       string             `json:"brokerType"`
	BrokerName       string             `json:"brokerName"`
	ExpiresInSeconds *int               `json:"expiresInSeconds"`
}

// LinkDelayedAuthPayload is the SDK's DelayedAuthPayload: the exchange has not finished yet.
type LinkDelayedAuthPayload struct {
	RefreshToken                 string `json:"refreshToken"`
	RefreshTokenExpiresInSeconds *int   `json:"refreshTokenExpiresInSeconds"`
	BrokerType                   string `json:"brokerType"`
	BrokerName                   string `json:"brokerName"`
}

// LinkPayload is what the SDK's onIntegrationConnected receives.
type LinkPayload struct {
	AccessToken *LinkAccessTokenPayload `json:"accessToken"`
	DelayedAuth *LinkDelayedAuthPayload `json:"delayedAuth"`
}

// ConnectionInput is SaveConnection's argument: the Link payload and the user id the session
// was opened for.
type ConnectionInput struct {
	UserID        string      `json:"userId"`
	IntegrationID string      `json:"integrationId"`
	Payload       LinkPayload `json:"payload"`
}

// SaveConnection stores what onIntegrationConnected returned: every tokenId (or, without Mesh
// Managed Tokens, the access and refresh tokens) in the keychain, the account metadata in
// SQLite, under the user id the session was made for. A delayed-auth payload is stored as an
// account waiting for the exchange.
func (a *App) SaveConnection(in ConnectionInput) ([]AccountView, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, s, err := a.session(ctx)
	if err != nil {
		return nil, err
	}
	conns, secrets, err := in.connections(s.Profile.ID)
	if err != nil {
		return nil, err
	}
	out := make([]AccountView, 0, len(conns))
	defer func() { a.auditConnect(ctx, d, s.Profile, out) }() // audit (treasury): one row per connect
	for i, c := range conns {
		saved, err := d.DB().SaveConnection(ctx, d.Vault(), c, secrets[i])
		if err != nil {
			if errors.Is(err, store.ErrVaultUnavailable) {
				return out, fmt.Errorf("%w — the account was not saved: start and unlock the OS keychain (e.g. gnome-keyring), then connect again", err)
			}
			return out, err
		}
		a.log.Info("connection saved", "profile", s.Profile.ID, "connection", saved.ID, "broker", saved.BrokerType, "delayed", saved.DelayedAuth)
		out = append(out, accountView(saved))
	}
	return out, nil
}

// connections turns the input into the store's connections and their secrets.
func (in ConnectionInput) connections(profileID string) ([]store.Connection, []store.ConnectionSecrets, error) {
	user := strings.TrimSpace(in.UserID)
	if err := desk.ValidateUserID(user); err != nil {
		return nil, nil, fmt.Errorf("save the connection: %w", err)
	}
	var conns []store.Connection
	var secrets []store.ConnectionSecrets
	switch p := in.Payload; {
	case p.AccessToken != nil:
		at := p.AccessToken
		if at.BrokerType == "" {
			return nil, nil, errors.New("save the connection: Link's payload names no brokerType")
		}
		if len(at.AccountTokens) == 0 {
			return nil, nil, errors.New("save the connection: Link's payload carries no account")
		}
		for i, t := range at.AccountTokens {
			sec := store.ConnectionSecrets{TokenID: strings.TrimSpace(t.TokenID)}
			if sec.TokenID == "" { // no Mesh Managed Tokens: keep the tokens to refresh them
				sec.AccessToken, sec.RefreshToken = strings.TrimSpace(t.AccessToken), strings.TrimSpace(t.RefreshToken)
			}
			if sec.TokenID == "" && sec.AccessToken == "" {
				return nil, nil, fmt.Errorf("save the connection: account %d of %s carries no tokenId or access token", i+1, at.BrokerName)
			}
			acct := t.Account.AccountID
			if acct == "" {
				acct = t.Account.MeshAccountID
			}
			conns = append(conns, store.Connection{ProfileID: profileID, UserID: user, BrokerType: at.BrokerType,
				BrokerName: firstOf(at.BrokerName, at.BrokerType), AccountID: acct, AccountName: t.Account.AccountName,
				IntegrationID: in.IntegrationID, Health: store.HealthOK})
			secrets = append(secrets, sec)
		}
	case p.DelayedAuth != nil:
		da := p.DelayedAuth
		if da.BrokerType == "" || strings.TrimSpace(da.RefreshToken) == "" {
			return nil, nil, errors.New("save the connection: the delayed-auth payload needs a brokerType and a refreshToken")
		}
		conns = append(conns, store.Connection{ProfileID: profileID, UserID: user, BrokerType: da.BrokerType,
			BrokerName: firstOf(da.BrokerName, da.BrokerType), IntegrationID: in.IntegrationID, DelayedAuth: true,
			Health: store.HealthUnknown, HealthDetail: "waiting for the exchange"})
		secrets = append(secrets, store.ConnectionSecrets{RefreshToken: strings.TrimSpace(da.RefreshToken)})
	default:
		return nil, nil, errors.New("save the connection: Link's payload has neither accessToken nor delayedAuth")
	}
	return conns, secrets, nil
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// IntegrationAccessToken is one stored account as the SDK's createLink({accessTokens}) takes
// it, so a returning user skips authentication.
type IntegrationAccessToken struct {
	AccountID   string `json:"accountId"`
	AccountName string `json:"accountName"`
	AccessToken string `json:"accessToken"`
	BrokerType  string `json:"brokerType"`
	BrokerName  string `json:"brokerName"`
}

// LinkAccessTokens returns the stored tokens of a Mesh user's accounts ("" = the profile's
// default user) for createLink({accessTokens}). The frontend holds them only to pass to Link.
// Accounts waiting for the exchange or needing a reconnect are left out.
func (a *App) LinkAccessTokens(userID string) ([]IntegrationAccessToken, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, s, err := a.session(ctx)
	if err != nil {
		return nil, err
	}
	if userID == "" {
		userID = s.Profile.DefaultUserID
	}
	conns, err := d.DB().Connections(ctx, s.Profile.ID, userID)
	if err != nil {
		return nil, err
	}
	out := []IntegrationAccessToken{}
	for _, c := range conns {
		if c.DelayedAuth || c.Health == store.HealthExpired {
			continue
		}
		tok, _, err := a.connectionToken(ctx, d, c)
		if err != nil {
			if errors.Is(err, store.ErrVaultUnavailable) {
				return nil, err
			}
			a.log.Warn("link access tokens: skip an account without a token", "connection", c.ID, "err", err)
			continue
		}
		out = append(out, IntegrationAccessToken{AccountID: c.AccountID, AccountName: c.AccountName, AccessToken: tok,
			BrokerType: c.BrokerType, BrokerName: c.BrokerName})
	}
	return out, nil
}

// connectionToken reads the token that authenticates a connection's calls: its tokenId, else
// its access token. mmt says which.
func (a *App) connectionToken(ctx context.Context, d *desk.Desk, c *store.Connection) (tok string, mmt bool, err error) {
	tok, err = d.DB().ConnectionSecret(ctx, d.Vault(), c.ProfileID, c.ID, store.ConnTokenID)
	if err == nil {
		return tok, true, nil
	}
	if !errors.Is(err, store.ErrSecretNotFound) {
		return "", false, err
	}
	tok, err = d.DB().ConnectionSecret(ctx, d.Vault(), c.ProfileID, c.ID, store.ConnAccessToken)
	return tok, false, err
}

// LinkTransfer reads one transfer from Mesh by its id (what onTransferFinished reported), so
// the result view can show its status at once.
func (a *App) LinkTransfer(transferID string) (*mesh.Transfer, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	_, s, err := a.session(ctx)
	if err != nil {
		return nil, err
	}
	if !desk.IsUUID(strings.TrimSpace(transferID)) {
		return nil, fmt.Errorf("transfer id %q is not a UUID", transferID)
	}
	t, err := s.Client.TransferByID(ctx, strings.TrimSpace(transferID))
	if err != nil {
		return nil, fmt.Errorf("look up transfer %s: %w", transferID, err)
	}
	return &t, nil
}

// Preset is a saved destination set: the daily deposit in one click.
type Preset struct {
	Name          string        `json:"name"`
	Journey       string        `json:"journey"`
	Destinations  []Destination `json:"destinations"`
	AmountInFiat  *float64      `json:"amountInFiat"`
	SmartFunding  bool          `json:"smartFunding"`
	InclusiveFees bool          `json:"inclusiveFees"`
}

// PresetsResult is the profile's presets after a change, or the field errors that stopped it.
type PresetsResult struct {
	Presets     []Preset          `json:"presets"`
	FieldErrors map[string]string `json:"fieldErrors,omitempty"`
}

func presetKey(profileID string) string { return "app.presets." + profileID }

// loadPresets reads a profile's presets (none when unset).
func loadPresets(ctx context.Context, d *desk.Desk, profileID string) ([]Preset, error) {
	raw, err := d.DB().Setting(ctx, presetKey(profileID))
	if errors.Is(err, store.ErrNotFound) {
		return []Preset{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read presets: %w", err)
	}
	var ps []Preset
	if err := json.Unmarshal([]byte(raw), &ps); err != nil {
		return nil, fmt.Errorf("read presets: %w", err)
	}
	return ps, nil
}

// Presets lists the active profile's destination presets.
func (a *App) Presets() ([]Preset, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	p, err := d.DB().DefaultProfile(ctx)
	if err != nil {
		return nil, err
	}
	return loadPresets(ctx, d, p.ID)
}

// SavePreset validates a preset like the journey it starts and stores it (replacing one of
// the same name).
func (a *App) SavePreset(p Preset) (*PresetsResult, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, s, err := a.session(ctx)
	if err != nil {
		return nil, err
	}
	p.Name = strings.TrimSpace(p.Name)
	fe := map[string]string{}
	if p.Name == "" || len([]rune(p.Name)) > 64 {
		fe["presetName"] = "give the preset a name of 1 to 64 characters"
	}
	if !transfersFunds(p.Journey) {
		fe["journey"] = "presets are for deposit, payment and onramp journeys"
	} else {
		nets, err := a.networks(ctx, s)
		if err != nil {
			return nil, err
		}
		// A preset is checked as the journey it starts, minus what is typed each time.
		o := LinkOptions{Journey: p.Journey, UserID: s.Profile.DefaultUserID, Destinations: p.Destinations,
			AmountInFiat: p.AmountInFiat, TransactionID: "preset-check"}
		if _, errs := o.Request(nets, false); errs != nil {
			for k, v := range errs {
				fe[k] = v
			}
		}
	}
	ps, err := loadPresets(ctx, d, s.Profile.ID)
	if err != nil {
		return nil, err
	}
	if len(fe) > 0 {
		return &PresetsResult{Presets: ps, FieldErrors: fe}, nil
	}
	ps = slices.DeleteFunc(ps, func(x Preset) bool { return strings.EqualFold(x.Name, p.Name) })
	ps = append(ps, p)
	slices.SortFunc(ps, func(x, y Preset) int { return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)) })
	if err := storePresets(ctx, d, s.Profile.ID, ps); err != nil {
		return nil, err
	}
	return &PresetsResult{Presets: ps}, nil
}

// DeletePreset removes a preset by name.
func (a *App) DeletePreset(name string) ([]Preset, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	p, err := d.DB().DefaultProfile(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := loadPresets(ctx, d, p.ID)
	if err != nil {
		return nil, err
	}
	n := len(ps)
	ps = slices.DeleteFunc(ps, func(x Preset) bool { return strings.EqualFold(x.Name, strings.TrimSpace(name)) })
	if len(ps) == n {
		return nil, fmt.Errorf("no preset is named %s", strconv.Quote(name))
	}
	return ps, storePresets(ctx, d, p.ID, ps)
}

func storePresets(ctx context.Context, d *desk.Desk, profileID string, ps []Preset) error {
	raw, err := json.Marshal(ps)
	if err != nil {
		return err
	}
	if err := d.DB().SetSetting(ctx, presetKey(profileID), string(raw)); err != nil {
		return fmt.Errorf("store presets: %w", err)
	}
	return nil
}
