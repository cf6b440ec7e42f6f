package meshsim

import (
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Account-level routes and the managed configure → preview → execute flow.

// accountRequest is a request body that names the caller's account by auth token and type.
type accountRequest interface {
	account() (token, typ string)
}

// accountToken is the authToken/type pair of the account routes' bodies.
type accountToken struct {
	AuthToken string `json:"authToken"`
	Type      string `json:"type"`
}

func (t *accountToken) account() (string, string) { return t.AuthToken, t.Type }

// fromAccount is the fromAuthToken/fromType pair of the managed-transfer bodies.
type fromAccount struct {
	FromAuthToken string `json:"fromAuthToken"`
	FromType      string `json:"fromType"`
}

func (f *fromAccount) account() (string, string) { return f.FromAuthToken, f.FromType }

type authReq struct {
	accountToken
	IncludeMarketValue bool `json:"includeMarketValue"`
}

// withAccount is the preamble the account routes share: decode the body into req, take
// s.mu (exclusively when write is set: the handler changes state), resolve the account req
// names, then run fn with it under the lock. An error from any step, or from fn, is
// written to w; fn writes its own success.
func (s *Sim) withAccount(w http.ResponseWriter, r *http.Request, c Client, write bool, req accountRequest, fn func(*Account) *apiError) {
	if e := decodeBody(r, req); e != nil {
		writeError(w, e)
		return
	}
	if write {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	token, typ := req.account()
	a, e := s.resolveAccount(c, token, typ)
	if e == nil {
		e = fn(a)
	}
	if e != nil {
		writeError(w, e)
	}
}

// requireUUID checks a required UUID field, telling a missing value from a malformed one.
func requireUUID(name, value string) *apiError {
	if value == "" {
		return badRequest(errMissingField, "The %s field is required.", name)
	}
	if !isUUID(value) {
		return badRequest(errInvalidField, "The field %s must be a UUID.", name)
	}
	return nil
}

// networkField resolves the network id in the field name: a UUID of a network Mesh supports.
func networkField(name, id string) (*Network, *apiError) {
	if !isUUID(id) {
		return nil, badRequest(errInvalidField, "The field %s must be a UUID.", name)
	}
	n, ok := networkByID(id)
	if !ok {
		return nil, badRequest(errInvalidField, "Network %s is not supported.", id)
	}
	return n, nil
}

// resolveAccount finds the live account of token for c and checks its type; caller
// holds s.mu.
func (s *Sim) resolveAccount(c Client, token, typ string) (*Account, *apiError) {
	if token == "" {
		return nil, badRequest(errMissingField, "The authToken field is required.")
	}
	if typ == "" {
		return nil, badRequest(errMissingField, "The type field is required.")
	}
	bt, ok := inEnum(brokerTypes, typ)
	if !ok {
		return nil, badRequest(errInvalidField, "The value '%s' is not valid for type.", typ)
	}
	a := s.accountByTokenLocked(c.ID, token)
	if a == nil {
		return nil, badRequest(errInvalidToken, "The auth token is not valid or the account was disconnected.")
	}
	if a.BrokerType != bt {
		return nil, badRequest(errInvalidField, "The type %s does not match the account (%s).", bt, a.BrokerType)
	}
	return a, nil
}

func (s *Sim) handleHoldings(w http.ResponseWriter, r *http.Request, c Client) {
	var req authReq
	s.withAccount(w, r, c, false, &req, func(a *Account) *apiError {
		writeHoldings(w, a, req.IncludeMarketValue)
		return nil
	})
}

func writeHoldings(w http.ResponseWriter, a *Account, includeMarketValue bool) {
	in, _ := integrationByID(a.IntegrationID)
	type pos struct {
		Name        string   `json:"name"`
		Symbol      string   `json:"symbol"`
		Amount      float64  `json:"amount"`
		CostBasis   *float64 `json:"costBasis"`
		MarketValue *float64 `json:"marketValue,omitempty"`
		LastPrice   *float64 `json:"lastPrice,omitempty"`
	}
	var ps []pos
	for _, h := range holdingsOf(a) {
		p := pos{Name: h.Symbol, Symbol: h.Symbol, Amount: h.Amount}
		if includeMarketValue {
			mv, lp := h.ValueInUSD, h.Price
			p.MarketValue, p.LastPrice = &mv, &lp
		}
		ps = append(ps, p)
	}
	writeOK(w, map[string]any{"status": "succeeded", "errorMessage": nil, "displayMessage": nil,
		"type": a.BrokerType, "accountId": a.AccountID, "institutionName": in.Name, "accountName": a.AccountName,
		"equityPositions": []any{}, "cryptocurrencyPositions": ps, "notSupportedEquityPositions": []any{},
		"notSupportedCryptocurrencyPositions": []any{}, "nftPositions": []any{}, "optionPositions": []any{}})
}

func (s *Sim) handleBalance(w http.ResponseWriter, r *http.Request, c Client) {
	var req accountToken
	s.withAccount(w, r, c, false, &req, func(a *Account) *apiError {
		crypto := totalUSD(a.Balances)
		bp := a.Cash
		writeOK(w, map[string]any{"balances": []map[string]any{{"cash": a.Cash, "buyingPower": bp,
			"cryptocurrencyBuyingPower": bp, "currencyCode": "USD"}}, "totalCashUsdValue": a.Cash,
			"totalBuyingPowerUsdValue": round2(bp + 0*crypto)})
		return nil
	})
}

func (s *Sim) handleRefresh(w http.ResponseWriter, r *http.Request, c Client) {
	var req struct {
		Type                  string         `json:"type"`
		RefreshToken          string         `json:"refreshToken"`
		CreateNewRefreshToken *bool          `json:"createNewRefreshToken"`
		AccessToken           *string        `json:"accessToken"`
		TradeToken            *string        `json:"tradeToken"`
		MfaCode               *string        `json:"mfaCode"`
		Metadata              map[string]any `json:"metadata"`
	}
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	if req.RefreshToken == "" {
		writeError(w, badRequest(errMissingField, "The refreshToken field is required."))
		return
	}
	if req.Type == "" {
		writeError(w, badRequest(errMissingField, "The type field is required."))
		return
	}
	bt, ok := inEnum(brokerTypes, req.Type)
	if !ok {
		writeError(w, badRequest(errInvalidField, "The value '%s' is not valid for type.", req.Type))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var a *Account
	for _, x := range s.st.Accounts {
		if !x.Disconnected && x.ClientID == c.ID && x.RefreshToken == req.RefreshToken {
			a = x
			break
		}
	}
	if a == nil {
		writeError(w, badRequest(errInvalidToken, "The refresh token is not valid or has been revoked."))
		return
	}
	if a.BrokerType != bt {
		writeError(w, badRequest(errInvalidField, "The type %s does not match the account (%s).", bt, a.BrokerType))
		return
	}
	a.AccessToken = "acc_" + randomToken(20)
	if req.CreateNewRefreshToken != nil && *req.CreateNewRefreshToken {
		a.RefreshToken = "ref_" + randomToken(20)
	}
	s.markDirty()
	info := map[string]any{"meshAccountId": a.ID, "frontAccountId": a.ID, "accountId": a.AccountID,
		"accountName": a.AccountName, "fund": totalUSD(a.Balances), "cash": a.Cash, "isReconnected": a.Reconnected}
	tok := map[string]any{"account": info, "accessToken": a.AccessToken, "refreshToken": a.RefreshToken, "tokenId": nil}
	if a.TokenID != "" {
		tok["tokenId"] = a.TokenID
	}
	writeOK(w, map[string]any{"status": "succeeded", "errorMessage": nil, "account": info,
		"accessToken": a.AccessToken, "refreshToken": a.RefreshToken, "expiresInSeconds": accessTokenTTL,
		"refreshTokenExpiresInSeconds": nil, "brokerAccountTokens": []any{tok}})
}

func (s *Sim) handleDeleteAccount(w http.ResponseWriter, r *http.Request, c Client) {
	var req accountToken
	s.withAccount(w, r, c, true, &req, func(a *Account) *apiError {
		a.Disconnected = true
		s.markDirty()
		writeOKNoContent(w, "Account disconnected.")
		return nil
	})
}

type depositAddressReq struct {
	accountToken
	Symbol      *string `json:"symbol"`
	AddressType *string `json:"addressType"`
	NetworkID   string  `json:"networkId"`
	MfaCode     *string `json:"mfaCode"`
}

func (s *Sim) handleDepositAddress(w http.ResponseWriter, r *http.Request, c Client) {
	var req depositAddressReq
	s.withAccount(w, r, c, false, &req, func(a *Account) *apiError { return depositAddress(w, a, &req) })
}

func depositAddress(w http.ResponseWriter, a *Account, req *depositAddressReq) *apiError {
	if req.AddressType != nil {
		if _, ok := inEnum(addressTypes, *req.AddressType); !ok {
			return badRequest(errInvalidField, "The value '%s' is not valid for addressType.", *req.AddressType)
		}
	}
	if req.Symbol == nil || *req.Symbol == "" {
		return badRequest(errMissingField, "The symbol field is required.")
	}
	sym := strings.ToUpper(*req.Symbol)
	in, _ := integrationByID(a.IntegrationID)
	var n *Network
	if req.NetworkID != "" {
		var e *apiError
		if n, e = networkField("networkId", req.NetworkID); e != nil {
			return e
		}
	} else {
		for _, nid := range in.Networks {
			if cand, _ := networkByID(nid); cand.supports(sym) {
				n = cand
				break
			}
		}
	}
	if n == nil || !n.supports(sym) || !in.hasNetwork(n.ID) {
		return notFound("Address for the required symbol is not found.")
	}
	writeOK(w, map[string]any{"symbol": sym, "address": userAddress(a.ClientID, a.UserID, a.IntegrationID, n),
		"chain": n.Name, "memo": nil, "minimumDepositAmount": nil, "networkId": n.ID,
		"brokerResponseStatus": nil, "errorMessage": nil})
	return nil
}

// ---- managed transfers ----

type toAddr struct {
	NetworkID  string  `json:"networkId"`
	Symbol     *string `json:"symbol"`
	Address    *string `json:"address"`
	AddressTag *string `json:"addressTag"`
}

type configureReq struct {
	fromAccount
	ToAuthToken           *string  `json:"toAuthToken"`
	ToType                *string  `json:"toType"`
	ToAddresses           []toAddr `json:"toAddresses"`
	Symbol                *string  `json:"symbol"`
	Amount                *float64 `json:"amount"`
	AmountInFiat          *float64 `json:"amountInFiat"`
	FiatCurrency          *string  `json:"fiatCurrency"`
	NetworkID             *string  `json:"networkId"`
	IsInclusiveFeeEnabled bool     `json:"isInclusiveFeeEnabled"`
}

func (s *Sim) handleConfigure(w http.ResponseWriter, r *http.Request, c Client) {
	var req configureReq
	s.withAccount(w, r, c, false, &req, func(a *Account) *apiError { return configure(w, a, &req) })
}

func configure(w http.ResponseWriter, a *Account, req *configureReq) *apiError {
	for i, t := range req.ToAddresses {
		n, e := networkField(fmt.Sprintf("toAddresses[%d].networkId", i), t.NetworkID)
		if e != nil {
			return e
		}
		if t.Address == nil || !n.ValidAddress(*t.Address) {
			return badRequest(errInvalidField, "toAddresses[%d].address is not a valid %s address.", i, n.Name)
		}
	}
	in, _ := integrationByID(a.IntegrationID)
	type netOut struct {
		Name                   string    `json:"name"`
		ID                     string    `json:"id"`
		MinimumAmount          float64   `json:"minimumAmount"`
		MaximumAmount          float64   `json:"maximumAmount"`
		EstimatedNetworkGasFee *feeModel `json:"estimatedNetworkGasFee"`
		EligibleForTransfer    bool      `json:"eligibleForTransfer"`
		IneligibilityReason    *string   `json:"ineligibilityReason"`
		EligibleWithFunding    bool      `json:"eligibleForTransferWithFunding"`
		ToAddress              *string   `json:"toAddress"`
	}
	type holdOut struct {
		Symbol                 string   `json:"symbol"`
		AvailableBalance       float64  `json:"availableBalance"`
		AvailableBalanceInFiat float64  `json:"availableBalanceInFiat"`
		EligibleForTransfer    bool     `json:"eligibleForTransfer"`
		Networks               []netOut `json:"networks"`
		IneligibilityReason    *string  `json:"ineligibilityReason"`
		EligibleWithFunding    bool     `json:"eligibleForTransferWithFunding"`
	}
	var hs []holdOut
	for _, h := range holdingsOf(a) {
		if req.Symbol != nil && *req.Symbol != "" && !strings.EqualFold(*req.Symbol, h.Symbol) {
			continue
		}
		ho := holdOut{Symbol: h.Symbol, AvailableBalance: h.Amount, AvailableBalanceInFiat: h.ValueInUSD}
		for _, nid := range in.Networks {
			n, _ := networkByID(nid)
			if !n.supports(h.Symbol) {
				continue
			}
			if req.NetworkID != nil && *req.NetworkID != "" && !strings.EqualFold(*req.NetworkID, nid) {
				continue
			}
			no := netOut{Name: n.Name, ID: n.ID, MinimumAmount: minAmount(h.Symbol), MaximumAmount: h.Amount,
				EstimatedNetworkGasFee: gasFeeModel(n)}
			eligible := h.Amount >= minAmount(h.Symbol)
			if len(req.ToAddresses) > 0 {
				eligible = false
				for _, t := range req.ToAddresses {
					if strings.EqualFold(t.NetworkID, nid) && (t.Symbol == nil || strings.EqualFold(*t.Symbol, h.Symbol)) {
						addr := *t.Address
						no.ToAddress = &addr
						eligible = h.Amount >= minAmount(h.Symbol)
					}
				}
				if no.ToAddress == nil {
					reason := "noTargetNetworkFound"
					no.IneligibilityReason = &reason
				}
			}
			if eligible && req.Amount != nil && *req.Amount > h.Amount {
				eligible = false
				reason := "balanceBelowRequestedAmount"
				no.IneligibilityReason = &reason
			} else if !eligible && no.IneligibilityReason == nil {
				reason := "balanceBelowMinimum"
				no.IneligibilityReason = &reason
			}
			no.EligibleForTransfer = eligible
			ho.EligibleForTransfer = ho.EligibleForTransfer || eligible
			ho.Networks = append(ho.Networks, no)
		}
		if !ho.EligibleForTransfer {
			reason := "noEligibleNetworks"
			ho.IneligibilityReason = &reason
		}
		hs = append(hs, ho)
	}
	writeOK(w, map[string]any{"status": "succeeded", "holdings": hs, "fiatCurrency": "USD",
		"supportedFiatCurrencies": []string{"USD"}, "minimumTransferAmountInFiat": 1.0})
	return nil
}

type feeModel struct {
	Fee         float64 `json:"fee"`
	FeeCurrency string  `json:"feeCurrency"`
	FeeInFiat   float64 `json:"feeInFiat"`
}

func gasFeeModel(n *Network) *feeModel {
	g := gasFeeFor(n)
	return &feeModel{g, n.NativeSymbol, round2(g * Price(n.NativeSymbol))}
}

func minAmount(sym string) float64 { return roundAmount(1/Price(sym), sym) }

var mfaCodeRE = regexp.MustCompile(`^[0-9]{6}$`)

type previewReq struct {
	fromAccount
	ToAuthToken           *string  `json:"toAuthToken"`
	ToType                *string  `json:"toType"`
	NetworkID             string   `json:"networkId"`
	Symbol                *string  `json:"symbol"`
	ToAddress             *string  `json:"toAddress"`
	AddressTag            *string  `json:"addressTag"`
	Amount                *float64 `json:"amount"`
	AmountInFiat          *float64 `json:"amountInFiat"`
	FiatCurrency          *string  `json:"fiatCurrency"`
	TransactionID         *string  `json:"transactionId"`
	IsBridging            *bool    `json:"isBridging"`
	IsInclusiveFeeEnabled bool     `json:"isInclusiveFeeEnabled"`
}

func (s *Sim) handlePreview(w http.ResponseWriter, r *http.Request, c Client) {
	var req previewReq
	s.withAccount(w, r, c, true, &req, func(a *Account) *apiError { return s.previewLocked(w, c, a, &req) })
}

// previewLocked validates a preview request of account a and stores the preview; caller holds s.mu.
func (s *Sim) previewLocked(w http.ResponseWriter, c Client, a *Account, req *previewReq) *apiError {
	if e := requireUUID("networkId", req.NetworkID); e != nil {
		return e
	}
	n, e := networkField("networkId", req.NetworkID)
	if e != nil {
		return e
	}
	if req.Symbol == nil || *req.Symbol == "" {
		return badRequest(errMissingField, "The symbol field is required.")
	}
	sym := strings.ToUpper(*req.Symbol)
	if req.ToAddress == nil || *req.ToAddress == "" {
		return badRequest(errMissingField, "The toAddress field is required.")
	}
	if !n.ValidAddress(*req.ToAddress) {
		return badRequest(errInvalidField, "Address %s is not a valid %s address.", *req.ToAddress, n.Name)
	}
	if req.TransactionID != nil && len(*req.TransactionID) > 128 {
		return badRequest(errInvalidField, "The field transactionId must be a string with a maximum length of 128.")
	}
	var amount float64
	switch {
	case req.Amount != nil:
		amount = *req.Amount
	case req.AmountInFiat != nil && Price(sym) > 0:
		amount = roundAmount(*req.AmountInFiat/Price(sym), sym)
	default:
		return badRequest(errMissingField, "Either amount or amountInFiat is required.")
	}
	if !(amount > 0) || math.IsInf(amount, 0) {
		return badRequest(errInvalidField, "The amount must be greater than 0.")
	}
	in, _ := integrationByID(a.IntegrationID)
	if !n.supports(sym) || !in.hasNetwork(n.ID) {
		writeOKMessage(w, map[string]any{"status": "failed", "previewResult": nil},
			sym+" on "+n.Name+" is not supported by "+in.Name+".")
		return nil
	}
	if a.Balances[sym] < amount {
		writeOKMessage(w, map[string]any{"status": "failed", "previewResult": nil}, "Insufficient balance.")
		return nil
	}
	from, refund := sourceAddresses(a.ClientID, a.UserID, in, n)
	p := &preview{ID: randomUUID(), AccountID: a.ID, ClientID: c.ID, Amount: amount,
		ExpiresAt: s.clock().Add(s.opts.PreviewTTL).UnixMilli(),
		Req:       TransferRequest{ClientID: c.ID, NetworkID: n.ID, Symbol: sym, Amount: amount, ToAddress: *req.ToAddress}}
	if req.AddressTag != nil {
		p.Req.AddressTag = *req.AddressTag
	}
	if req.TransactionID != nil {
		p.Req.TransactionID = *req.TransactionID
	}
	s.st.Previews[p.ID] = p
	s.markDirty()
	fiat := round2(amount * Price(sym))
	gas := gasFeeModel(n)
	var txID *string
	if p.Req.TransactionID != "" {
		txID = &p.Req.TransactionID
	}
	writeOK(w, map[string]any{"status": "succeeded", "previewResult": map[string]any{
		"previewId": p.ID, "previewExpiresIn": int(s.opts.PreviewTTL / time.Second), "fromAddress": from,
		"refundAddress": refund, "toAddress": *req.ToAddress, "addressTag": req.AddressTag, "symbol": sym,
		"amount": amount, "amountInFiat": fiat, "totalEstimatedAmount": amount, "totalEstimatedAmountInFiat": round2(fiat + gas.FeeInFiat),
		"networkId": n.ID, "networkName": n.Name, "estimatedNetworkGasFee": gas, "institutionTransferFee": nil,
		"unitPrice": Price(sym), "clientTransactionId": txID, "transferType": "deposit", "isCustomClientFeeProvided": false,
		"amountWithCustomClientFee": amount, "isFeeIncluded": req.IsInclusiveFeeEnabled, "amountToReceive": amount,
		"amountToReceiveInFiat": fiat, "transferAmountToRequest": amount, "isMaximumAmount": amount == a.Balances[sym],
		"fiatCurrency": "USD", "isBridging": false, "totalEstimatedAmountPlusConversionFeesInFiat": round2(fiat + gas.FeeInFiat)}})
	return nil
}

type executeTransferReq struct {
	fromAccount
	PreviewID     string  `json:"previewId"`
	MfaCode       *string `json:"mfaCode"`
	TryAnotherMfa bool    `json:"tryAnotherMfa"`
	ChallengeID   *string `json:"challengeId"`
}

func (s *Sim) handleExecute(w http.ResponseWriter, r *http.Request, c Client) {
	var req executeTransferReq
	s.withAccount(w, r, c, true, &req, func(a *Account) *apiError { return s.executeLocked(w, c, a, &req) })
}

// executeLocked executes a stored preview of account a as a transfer; caller holds s.mu.
func (s *Sim) executeLocked(w http.ResponseWriter, c Client, a *Account, req *executeTransferReq) *apiError {
	if e := requireUUID("previewId", req.PreviewID); e != nil {
		return e
	}
	p, ok := s.st.Previews[strings.ToLower(req.PreviewID)]
	if !ok || p.ClientID != c.ID || p.AccountID != a.ID {
		return badRequest("previewNotFound", "Preview %s was not found.", req.PreviewID)
	}
	if p.Used {
		return badRequest("previewAlreadyExecuted", "Preview %s has already been executed.", req.PreviewID)
	}
	if s.nowMs() >= p.ExpiresAt {
		return badRequest("previewExpired", "Preview %s has expired; preview the transfer again.", req.PreviewID)
	}
	in, _ := integrationByID(a.IntegrationID)
	if in.Auth == AuthMFA {
		if req.MfaCode == nil || *req.MfaCode == "" {
			writeOK(w, map[string]any{"status": "mfaRequired", "mfaType": "totp", "errorMessage": nil,
				"executeTransferResult": nil, "fallbackMfaAvailable": false})
			return nil
		}
		if !mfaCodeRE.MatchString(*req.MfaCode) {
			writeOK(w, map[string]any{"status": "mfaFailed", "mfaType": "totp", "errorMessage": "The MFA code is not valid.",
				"executeTransferResult": nil, "fallbackMfaAvailable": false})
			return nil
		}
	}
	tr := p.Req
	tr.AccountToken = req.FromAuthToken
	t, err := s.createTransferLocked(tr)
	if err != nil {
		writeOK(w, map[string]any{"status": "failed", "errorMessage": err.Error(), "executeTransferResult": nil,
			"fallbackMfaAvailable": false})
		return nil
	}
	p.Used = true
	n, _ := networkByID(t.NetworkID)
	writeOK(w, map[string]any{"status": "succeeded", "errorMessage": nil, "fallbackMfaAvailable": false,
		"executeTransferResult": map[string]any{"transferId": t.ID, "status": "pending", "statusDetails": nil,
			"fromAddress": t.FromAddress, "toAddress": t.DestinationAddress, "symbol": t.Symbol, "networkName": n.Name,
			"networkId": n.ID, "hash": nil, "amount": t.Amount, "amountInFiat": t.AmountInFiat,
			"totalAmountInFiat": round2(t.AmountInFiat + t.GasFeeInFiat), "networkGasFee": gasFeeModel(n),
			"institutionTransferFee": nil}})
	return nil
}
