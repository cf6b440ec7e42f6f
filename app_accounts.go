package main

// The accounts list: stored connections with their health (checked through the API), their
// balances and holdings on request, deposit addresses after a withdrawal connect, and
// Disconnect (keychain entries, row, and Mesh told).

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"meshdesk/desk"
	"meshdesk/mesh"
	"meshdesk/store"
)

// Account statuses as the Accounts list shows them.
const (
	StatusValid     = "valid"
	StatusReconnect = "needs reconnect"
	StatusWaiting   = "waiting for the exchange"
	StatusUnchecked = "not checked"
	StatusError     = "check failed"
)

// AccountView is one stored connection as the Accounts list shows it (no token).
type AccountView struct {
	ID            string `json:"id"`
	UserID        string `json:"userId"`
	BrokerType    string `json:"brokerType"`
	BrokerName    string `json:"brokerName"`
	AccountID     string `json:"accountId"`
	AccountName   string `json:"accountName"`
	IntegrationID string `json:"integrationId"`
	DelayedAuth   bool   `json:"delayedAuth"`
	Health        string `json:"health"`
	HealthDetail  string `json:"healthDetail"`
	// Status is Health in words: valid, needs reconnect, waiting for the exchange …
	Status string `json:"status"`
	// ConnectedAt and LastUsedAt are RFC 3339 ("" = never).
	ConnectedAt string `json:"connectedAt"`
	LastUsedAt  string `json:"lastUsedAt"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// accountView turns a connection into its view.
func accountView(c *store.Connection) AccountView {
	v := AccountView{ID: c.ID, UserID: c.UserID, BrokerType: c.BrokerType, BrokerName: c.BrokerName,
		AccountID: c.AccountID, AccountName: c.AccountName, IntegrationID: c.IntegrationID, DelayedAuth: c.DelayedAuth,
		Health: string(c.Health), HealthDetail: c.HealthDetail, ConnectedAt: rfc3339(c.ConnectedAt), LastUsedAt: rfc3339(c.LastUsedAt)}
	switch {
	case c.DelayedAuth:
		v.Status = StatusWaiting
	case c.Health == store.HealthOK:
		v.Status = StatusValid
	case c.Health == store.HealthExpired:
		v.Status = StatusReconnect
	case c.Health == store.HealthError:
		v.Status = StatusError
	default:
		v.Status = StatusUnchecked
	}
	return v
}

// Accounts lists the active profile's connected accounts, newest first; userID keeps one
// Mesh user's ("" = all).
func (a *App) Accounts(userID string) ([]AccountView, error) {
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
	conns, err := d.DB().Connections(ctx, p.ID, strings.TrimSpace(userID))
	if err != nil {
		return nil, err
	}
	out := make([]AccountView, 0, len(conns))
	for _, c := range conns {
		out = append(out, accountView(c))
	}
	return out, nil
}

// account finds one connection of the active profile.
func (a *App) account(ctx context.Context, id string) (*desk.Desk, *desk.Session, *store.Connection, error) {
	d, s, err := a.session(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := d.DB().Connection(ctx, s.Profile.ID, strings.TrimSpace(id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil, fmt.Errorf("no connected account %s in profile %q (it may have been disconnected)", id, s.Profile.Name)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return d, s, c, nil
}

// tokenRejected reports whether Mesh refused a token (the account must be reconnected), as
// opposed to a failure that says nothing about the token (network, server).
func tokenRejected(err error) bool {
	var me *mesh.Error
	if !errors.As(err, &me) {
		return false
	}
	switch {
	case me.HTTPStatus == 401 || me.HTTPStatus == 403:
		return true
	case me.HTTPStatus == 400:
		t := strings.ToLower(me.ErrorType + " " + me.Message)
		return strings.Contains(t, "token") || strings.Contains(t, "disconnected") || strings.Contains(t, "auth")
	}
	return false
}

// CheckAccount checks a connection's token through the API and records the result: a
// connection without Mesh Managed Tokens (and one waiting for the exchange) is refreshed with
// its refresh token, and the new tokens stored; a tokenId is checked with a balance call.
func (a *App) CheckAccount(id string) (*AccountView, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, s, c, err := a.account(ctx, id)
	if err != nil {
		return nil, err
	}
	check := func() error {
		tokID, err := d.DB().ConnectionSecret(ctx, d.Vault(), c.ProfileID, c.ID, store.ConnTokenID)
		if err == nil {
			_, err = s.Client.Balance(ctx, mesh.BalanceRequest{AuthToken: tokID, Type: mesh.BrokerType(c.BrokerType)})
			return err
		}
		if !errors.Is(err, store.ErrSecretNotFound) {
			return err
		}
		return a.refresh(ctx, d, s, c)
	}
	err = check()
	switch {
	case err == nil:
		if !c.DelayedAuth {
			err = d.DB().SetConnectionHealth(ctx, c.ProfileID, c.ID, store.HealthOK, "")
		}
	case errors.Is(err, store.ErrVaultUnavailable):
		return nil, fmt.Errorf("check %s: %w", c.BrokerName, err)
	case tokenRejected(err):
		err = d.DB().SetConnectionHealth(ctx, c.ProfileID, c.ID, store.HealthExpired, meshMessage(err))
	default:
		a.log.Warn("account check failed", "connection", c.ID, "err", err)
		err = d.DB().SetConnectionHealth(ctx, c.ProfileID, c.ID, store.HealthError, meshMessage(err))
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	c2, err := d.DB().Connection(ctx, c.ProfileID, c.ID)
	if errors.Is(err, store.ErrNotFound) { // a delayed auth that completed was replaced
		v := accountView(c)
		v.Status, v.HealthDetail = StatusValid, "the exchange finished: the account is connected"
		return &v, nil
	}
	if err != nil {
		return nil, err
	}
	v := accountView(c2)
	return &v, nil
}

// meshMessage is Mesh's message of a failed call (or the error).
func meshMessage(err error) string {
	var me *mesh.Error
	if errors.As(err, &me) && me.UserMessage() != "" {
		msg := me.UserMessage()
		if me.ErrorType != "" {
			msg += " (" + me.ErrorType + ")"
		}
		return msg
	}
	return err.Error()
}

// refresh exchanges a connection's refresh token for new tokens and stores them. For a
// delayed-auth connection that the exchange has finished, the accounts it returns replace it.
func (a *App) refresh(ctx context.Context, d *desk.Desk, s *desk.Session, c *store.Connection) error {
	rt, err := d.DB().ConnectionSecret(ctx, d.Vault(), c.ProfileID, c.ID, store.ConnRefreshToken)
	if err != nil {
		return fmt.Errorf("refresh %s: %w", c.BrokerName, err)
	}
	at, _ := d.DB().ConnectionSecret(ctx, d.Vault(), c.ProfileID, c.ID, store.ConnAccessToken)
	res, err := s.Client.RefreshToken(ctx, mesh.RefreshTokenRequest{Type: mesh.BrokerType(c.BrokerType), RefreshToken: rt, AccessToken: at})
	if err != nil {
		return err
	}
	if res.Status != "" && res.Status != mesh.AuthStatusSucceeded {
		if c.DelayedAuth {
			return nil // still waiting
		}
		return &mesh.Error{Op: "POST /api/v1/token/refresh", HTTPStatus: 400, ErrorType: string(res.Status), Message: res.ErrorMessage}
	}
	toks := res.BrokerAccountTokens
	if len(toks) == 0 && res.AccessToken != "" {
		toks = []mesh.AccountTokens{{Account: res.Account, AccessToken: res.AccessToken, RefreshToken: res.RefreshToken}}
	}
	if len(toks) == 0 {
		return nil
	}
	in := ConnectionInput{UserID: c.UserID, IntegrationID: c.IntegrationID, Payload: LinkPayload{AccessToken: &LinkAccessTokenPayload{
		BrokerType: c.BrokerType, BrokerName: c.BrokerName}}}
	for _, t := range toks {
		lt := LinkAccountToken{AccessToken: t.AccessToken, RefreshToken: firstOf(t.RefreshToken, rt), TokenID: t.TokenID}
		if t.Account != nil {
			lt.Account = LinkAccount{AccountID: t.Account.AccountID, AccountName: t.Account.AccountName, MeshAccountID: t.Account.MeshAccountID}
		} else {
			lt.Account = LinkAccount{AccountID: c.AccountID, AccountName: c.AccountName}
		}
		in.Payload.AccessToken.AccountTokens = append(in.Payload.AccessToken.AccountTokens, lt)
	}
	conns, secrets, err := in.connections(c.ProfileID)
	if err != nil {
		return err
	}
	for i, nc := range conns {
		if _, err := d.DB().SaveConnection(ctx, d.Vault(), nc, secrets[i]); err != nil {
			return err
		}
	}
	if c.DelayedAuth {
		return d.DB().RemoveConnection(ctx, d.Vault(), c.ProfileID, c.ID)
	}
	return nil
}

// AccountDetails are an account's balances and holdings, read on request.
type AccountDetails struct {
	Account  AccountView    `json:"account"`
	Balance  *mesh.Balance  `json:"balance"`
	Holdings *mesh.Holdings `json:"holdings"`
	// Error is Mesh's answer when a call failed (the other part may still be there).
	Error string `json:"error,omitempty"`
}

// AccountBalances reads an account's balances and holdings from Mesh.
func (a *App) AccountBalances(id string) (*AccountDetails, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, s, c, err := a.account(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.DelayedAuth {
		return nil, fmt.Errorf("%s is waiting for the exchange: check it again later", c.BrokerName)
	}
	tok, _, err := a.connectionToken(ctx, d, c)
	if err != nil {
		return nil, fmt.Errorf("read the token of %s: %w", c.BrokerName, err)
	}
	out := &AccountDetails{Account: accountView(c)}
	var errs []string
	b, err := s.Client.Balance(ctx, mesh.BalanceRequest{AuthToken: tok, Type: mesh.BrokerType(c.BrokerType)})
	if err != nil {
		errs = append(errs, "balance: "+meshMessage(err))
	} else {
		out.Balance = &b
	}
	h, err := s.Client.Holdings(ctx, mesh.HoldingsRequest{AuthToken: tok, Type: mesh.BrokerType(c.BrokerType), IncludeMarketValue: true})
	if err != nil {
		errs = append(errs, "holdings: "+meshMessage(err))
	} else {
		out.Holdings = &h
	}
	out.Error = strings.Join(errs, "; ")
	if len(errs) < 2 {
		_ = d.DB().TouchConnection(ctx, c.ProfileID, c.ID)
	}
	return out, nil
}

// DepositAddress is where the user can send a symbol to the account (after a withdrawal
// connect).
func (a *App) DepositAddress(id, symbol, networkID string) (*mesh.DepositAddress, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, s, c, err := a.account(ctx, id)
	if err != nil {
		return nil, err
	}
	symbol, networkID = strings.ToUpper(strings.TrimSpace(symbol)), strings.TrimSpace(networkID)
	if symbol == "" {
		return nil, errors.New("choose the symbol to withdraw")
	}
	if networkID != "" && !desk.IsUUID(networkID) {
		return nil, fmt.Errorf("network id %q is not a UUID", networkID)
	}
	tok, _, err := a.connectionToken(ctx, d, c)
	if err != nil {
		return nil, fmt.Errorf("read the token of %s: %w", c.BrokerName, err)
	}
	addr, err := s.Client.DepositAddress(ctx, mesh.DepositAddressRequest{AuthToken: tok, Type: mesh.BrokerType(c.BrokerType), Symbol: symbol, NetworkID: networkID})
	if err != nil {
		return nil, fmt.Errorf("deposit address of %s for %s: %w", c.BrokerName, symbol, err)
	}
	_ = d.DB().TouchConnection(ctx, c.ProfileID, c.ID)
	return &addr, nil
}

// DisconnectResult says what Disconnect did.
type DisconnectResult struct {
	// MeshNotified is true when Mesh confirmed DELETE /api/v1/account.
	MeshNotified bool `json:"meshNotified"`
	// MeshMessage is Mesh's answer when it could not be told (the account is removed here anyway).
	MeshMessage string `json:"meshMessage,omitempty"`
}

// Disconnect tells Mesh (DELETE /api/v1/account) when the connection has a token it accepts,
// then removes the connection's keychain entries and its row together.
func (a *App) Disconnect(id string) (*DisconnectResult, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, s, c, err := a.account(ctx, id)
	if err != nil {
		return nil, err
	}
	res := &DisconnectResult{}
	switch tok, _, err := a.connectionToken(ctx, d, c); {
	case c.DelayedAuth:
		res.MeshMessage = "the exchange had not finished connecting: nothing to tell Mesh"
	case errors.Is(err, store.ErrVaultUnavailable):
		return nil, fmt.Errorf("disconnect %s: %w — nothing was removed", c.BrokerName, err)
	case err != nil:
		res.MeshMessage = "no token stored: " + err.Error()
	default:
		if err := s.Client.Disconnect(ctx, mesh.AccountRequest{AuthToken: tok, Type: mesh.BrokerType(c.BrokerType)}); err != nil {
			res.MeshMessage = meshMessage(err)
		} else {
			res.MeshNotified = true
		}
	}
	if err := d.DB().RemoveConnection(ctx, d.Vault(), c.ProfileID, c.ID); err != nil {
		return nil, fmt.Errorf("disconnect %s: %w", c.BrokerName, err)
	}
	a.log.Info("account disconnected", "profile", c.ProfileID, "connection", c.ID, "mesh_notified", res.MeshNotified)
	d.Audit(ctx, c.ProfileID, "", store.AuditDisconnect, c.ID, fmt.Sprintf("%s %s (user %s); Mesh notified: %t", c.BrokerName, c.AccountName, c.UserID, res.MeshNotified)) // audit (treasury)
	return res, nil
}
