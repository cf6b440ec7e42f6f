package meshsim

import (
	"math"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Account-level routes and the managed configure → preview → execute flow.

type authReq struct {
	AuthToken          string `json:"authToken"`
	Type               string `json:"type"`
	IncludeMarketValue bool   `json:"includeMarketValue"`
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
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, e := s.resolveAccount(c, req.AuthToken, req.Type)
	if e != nil {
		writeError(w, e)
		return
	}
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
		if req.IncludeMarketValue {
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
	var req struct {
		AuthToken string `json:"authToken"`
		Type      string `json:"type"`
	}
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, e := s.resolveAccount(c, req.AuthToken, req.Type)
	if e != nil {
		writeError(w, e)
		return
	}
	crypto := totalUSD(a.Balances)
	bp := a.Cash
	writeOK(w, map[string]any{"balances": []map[string]any{{"cash": a.Cash, "buyingPower": bp,
		"cryptocurrencyBuyingPower": bp, "currencyCode": "USD"}}, "totalCashUsdValue": a.Cash,
		"totalBuyingPowerUsdValue": round2(bp + 0*crypto)})
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
	var req struct {
		AuthToken string `json:"authToken"`
		Type      string `json:"type"`
	}
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.resolveAccount(c, req.AuthToken, req.Type)
	if e != nil {
		writeError(w, e)
		return
	}
	a.Disconnected = true
	s.markDirty()
	writeOKNoContent(w, "Account disconnected.")
}

func (s *Sim) handleDepositAddress(w http.ResponseWriter, r *http.Request, c Client) {
	var req struct {
		AuthToken   string  `json:"authToken"`
		Type        string  `json:"type"`
		Symbol      *string `json:"symbol"`
		AddressType *string `json:"addressType"`
		NetworkID   string  `json:"networkId"`
		MfaCode     *string `json:"mfaCode"`
	}
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, e := s.resolveAccount(c, req.AuthToken, req.Type)
	if e != nil {
		writeError(w, e)
		return
	}
	if req.AddressType != nil {
		if _, ok := inEnum(addressTypes, *req.AddressType); !ok {
			writeError(w, badRequest(errInvalidField, "The value '%s' is not valid for addressType.", *req.AddressType))
			return
		}
	}
	if req.Symbol == nil || *req.Symbol == "" {
		writeError(w, badRequest(errMissingField, "The symbol field is required."))
		return
	}
	sym := strings.ToUpper(*req.Symbol)
	in, _ := integrationByID(a.IntegrationID)
	var n *Network
	if req.NetworkID != "" {
		if !isUUID(req.NetworkID) {
			writeError(w, badRequest(errInvalidField, "The field networkId must be a UUID."))
			return
		}
		var ok bool
		if n, ok = networkByID(req.NetworkID); !ok {
			writeError(w, badRequest(errInvalidField, "Network %s is not supported.", req.NetworkID))
			return
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
		writeError(w, notFound("Address for the required symbol is not found."))
		return
	}
	writeOK(w, map[string]any{"symbol": sym, "address": userAddress(a.ClientID, a.UserID, a.IntegrationID, n),
		"chain": n.Name, "memo": nil, "minimumDepositAmount": nil, "networkId": n.ID,
		"brokerResponseStatus": nil, "errorMessage": nil})
}

// ---- managed transfers ----

type toAddr struct {
	NetworkID  string  `json:"networkId"`
	Symbol     *string `json:"symbol"`
	Address    *string `json:"address"`
	AddressTag *string `json:"addressTag"`
}

func (s *Sim) handleConfigure(w http.ResponseWriter, r *http.Request, c Client) {
	var req struct {
		FromAuthToken         string   `json:"fromAuthToken"`
		FromType              string   `json:"fromType"`
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
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, e := s.resolveAccount(c, req.FromAuthToken, req.FromType)
	if e != nil {
		writeError(w, e)
		return
	}
	for i, t := range req.ToAddresses {
		if !isUUID(t.NetworkID) {
			writeError(w, badRequest(errInvalidField, "The field toAddresses[%d].networkId must be a UUID.", i))
			return
		}
		n, ok := networkByID(t.NetworkID)
		if !ok {
			writeError(w, badRequest(errInvalidField, "Network %s is not supported.", t.NetworkID))
			return
		}
		if t.Address == nil || !n.ValidAddress(*t.Address) {
			writeError(w, badRequest(errInvalidField, "toAddresses[%d].address is not a valid %s address.", i, n.Name))
			return
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

func (s *Sim) handlePreview(w http.ResponseWriter, r *http.Request, c Client) {
	var req struct {
		FromAuthToken         string   `json:"fromAuthToken"`
		FromType              string   `json:"fromType"`
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
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.resolveAccount(c, req.FromAuthToken, req.FromType)
	if e != nil {
		writeError(w, e)
		return
	}
	if req.NetworkID == "" {
		writeError(w, badRequest(errMissingField, "The networkId field is required."))
		return
	}
	if !isUUID(req.NetworkID) {
		writeError(w, badRequest(errInvalidField, "The field networkId must be a UUID."))
		return
	}
	n, ok := networkByID(req.NetworkID)
	if !ok {
		writeError(w, badRequest(errInvalidField, "Network %s is not supported.", req.NetworkID))
		return
	}
	if req.Symbol == nil || *req.Symbol == "" {
		writeError(w, badRequest(errMissingField, "The symbol field is required."))
		return
	}
	sym := strings.ToUpper(*req.Symbol)
	if req.ToAddress == nil || *req.ToAddress == "" {
		writeError(w, badRequest(errMissingField, "The toAddress field is required."))
		return
	}
	if !n.ValidAddress(*req.ToAddress) {
		writeError(w, badRequest(errInvalidField, "Address %s is not a valid %s address.", *req.ToAddress, n.Name))
		return
	}
	if req.TransactionID != nil && len(*req.TransactionID) > 128 {
		writeError(w, badRequest(errInvalidField, "The field transactionId must be a string with a maximum length of 128."))
		return
	}
	var amount float64
	switch {
	case req.Amount != nil:
		amount = *req.Amount
	case req.AmountInFiat != nil && Price(sym) > 0:
		amount = roundAmount(*req.AmountInFiat/Price(sym), sym)
	default:
		writeError(w, badRequest(errMissingField, "Either amount or amountInFiat is required."))
		return
	}
	if !(amount > 0) || math.IsInf(amount, 0) {
		writeError(w, badRequest(errInvalidField, "The amount must be greater than 0."))
		return
	}
	in, _ := integrationByID(a.IntegrationID)
	if !n.supports(sym) || !in.hasNetwork(n.ID) {
		writeOKMessage(w, map[string]any{"status": "failed", "previewResult": nil},
			sym+" on "+n.Name+" is not supported by "+in.Name+".")
		return
	}
	if a.Balances[sym] < amount {
		writeOKMessage(w, map[string]any{"status": "failed", "previewResult": nil}, "Insufficient balance.")
		return
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
}

func (s *Sim) handleExecute(w http.ResponseWriter, r *http.Request, c Client) {
	var req struct {
		FromAuthToken string  `json:"fromAuthToken"`
		FromType      string  `json:"fromType"`
		PreviewID     string  `json:"previewId"`
		MfaCode       *string `json:"mfaCode"`
		TryAnotherMfa bool    `json:"tryAnotherMfa"`
		ChallengeID   *string `json:"challengeId"`
	}
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.resolveAccount(c, req.FromAuthToken, req.FromType)
	if e != nil {
		writeError(w, e)
		return
	}
	if req.PreviewID == "" {
		writeError(w, badRequest(errMissingField, "The previewId field is required."))
		return
	}
	if !isUUID(req.PreviewID) {
		writeError(w, badRequest(errInvalidField, "The field previewId must be a UUID."))
		return
	}
	p, ok := s.st.Previews[strings.ToLower(req.PreviewID)]
	if !ok || p.ClientID != c.ID || p.AccountID != a.ID {
		writeError(w, badRequest("previewNotFound", "Preview %s was not found.", req.PreviewID))
		return
	}
	if p.Used {
		writeError(w, badRequest("previewAlreadyExecuted", "Preview %s has already been executed.", req.PreviewID))
		return
	}
	if s.nowMs() >= p.ExpiresAt {
		writeError(w, badRequest("previewExpired", "Preview %s has expired; preview the transfer again.", req.PreviewID))
		return
	}
	in, _ := integrationByID(a.IntegrationID)
	if in.Auth == AuthMFA {
		if req.MfaCode == nil || *req.MfaCode == "" {
			writeOK(w, map[string]any{"status": "mfaRequired", "mfaType": "totp", "errorMessage": nil,
				"executeTransferResult": nil, "fallbackMfaAvailable": false})
			return
		}
		if !mfaCodeRE.MatchString(*req.MfaCode) {
			writeOK(w, map[string]any{"status": "mfaFailed", "mfaType": "totp", "errorMessage": "The MFA code is not valid.",
				"executeTransferResult": nil, "fallbackMfaAvailable": false})
			return
		}
	}
	tr := p.Req
	tr.AccountToken = req.FromAuthToken
	t, err := s.createTransferLocked(tr)
	if err != nil {
		writeOK(w, map[string]any{"status": "failed", "errorMessage": err.Error(), "executeTransferResult": nil,
			"fallbackMfaAvailable": false})
		return
	}
	p.Used = true
	n, _ := networkByID(t.NetworkID)
	writeOK(w, map[string]any{"status": "succeeded", "errorMessage": nil, "fallbackMfaAvailable": false,
		"executeTransferResult": map[string]any{"transferId": t.ID, "status": "pending", "statusDetails": nil,
			"fromAddress": t.FromAddress, "toAddress": t.DestinationAddress, "symbol": t.Symbol, "networkName": n.Name,
			"networkId": n.ID, "hash": nil, "amount": t.Amount, "amountInFiat": t.AmountInFiat,
			"totalAmountInFiat": round2(t.AmountInFiat + t.GasFeeInFiat), "networkGasFee": gasFeeModel(n),
			"institutionTransferFee": nil}})
}
