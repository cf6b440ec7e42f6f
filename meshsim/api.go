package meshsim

import (
	"encoding/base64"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// encodeLinkToken is the standard base64 (with padding) of the Link URL.
func encodeLinkToken(linkURL string) string {
	return base64.StdEncoding.EncodeToString([]byte(linkURL))
}

// ---- POST /api/v1/linktoken ----

func (s *Sim) handleLinkToken(w http.ResponseWriter, r *http.Request, c Client) {
	var req LinkTokenRequest
	if e := decodeBody(r, &req); e != nil {
		writeError(w, e)
		return
	}
	if e := s.validateLinkToken(c, &req); e != nil {
		writeError(w, e)
		return
	}
	if s.BaseURL() == "" {
		writeError(w, &apiError{status: "serverFailure", errorType: errServer, message: "The emulator has no base URL (call Start or SetBaseURL)."})
		return
	}
	code := s.issueLinkToken(c.ID, req)
	token := encodeLinkToken(s.LinkURL(c.ID, code))
	out := struct {
		LinkToken   string  `json:"linkToken"`
		PaymentLink *string `json:"paymentLink"`
	}{LinkToken: token}
	if req.TransferOptions != nil && req.TransferOptions.GeneratePayLink {
		pl := s.BaseURL() + "/paylink?linkToken=" + url.QueryEscape(token)
		out.PaymentLink = &pl
	}
	writeOK(w, out)
}

func (s *Sim) validateLinkToken(c Client, req *LinkTokenRequest) *apiError {
	if strings.TrimSpace(req.UserID) == "" {
		return badRequest(errMissingField, "The userId field is required.")
	}
	if len(req.UserID) > 300 {
		return badRequest(errInvalidField, "The field userId must be a string with a maximum length of 300.")
	}
	if req.BrokerType != nil {
		v, ok := inEnum(brokerTypes, *req.BrokerType)
		if !ok {
			return badRequest(errInvalidField, "The value '%s' is not valid for brokerType.", *req.BrokerType)
		}
		req.BrokerType = &v
	}
	if req.IntegrationID != nil {
		if !isUUID(*req.IntegrationID) {
			return badRequest(errInvalidField, "The field integrationId must be a UUID.")
		}
		if _, ok := integrationByID(*req.IntegrationID); !ok {
			return badRequest(errInvalidField, "Integration %s was not found.", *req.IntegrationID)
		}
	}
	if req.SubClientID != nil {
		if !isUUID(*req.SubClientID) {
			return badRequest(errInvalidField, "The field subClientId must be a UUID.")
		}
		if _, ok := s.subClient(c.ID, *req.SubClientID); !ok {
			return badRequest(errInvalidField, "Sub-client %s was not found.", *req.SubClientID)
		}
	}
	if o := req.TransferOptions; o != nil {
		if e := validateTransferOptions(o); e != nil {
			return e
		}
	}
	if v := req.VerifyWalletOptions; v != nil {
		if e := validateVerify(v); e != nil {
			return e
		}
	}
	return nil
}

func validateTransferOptions(o *LinkTransferOptions) *apiError {
	if o.TransactionID != nil && len(*o.TransactionID) > 128 {
		return badRequest(errInvalidField, "The field transferOptions.transactionId must be a string with a maximum length of 128.")
	}
	if o.Description != nil && len(*o.Description) > 256 {
		return badRequest(errInvalidField, "The field transferOptions.description must be a string with a maximum length of 256.")
	}
	if o.ClientFee != nil && (*o.ClientFee < 0 || *o.ClientFee > 1) {
		return badRequest(errInvalidField, "The field transferOptions.clientFee must be between 0 and 1.")
	}
	if o.AmountInFiat != nil && !(*o.AmountInFiat > 0) {
		return badRequest(errInvalidField, "The field transferOptions.amountInFiat must be greater than 0.")
	}
	typ := ""
	if o.TransferType != nil {
		v, ok := inEnum(transferTypes, *o.TransferType)
		if !ok {
			return badRequest(errInvalidField, "The value '%s' is not valid for transferOptions.transferType.", *o.TransferType)
		}
		o.TransferType, typ = &v, v
	}
	if o.ClientFee != nil && typ != "payment" {
		return badRequest(errInvalidField, "transferOptions.clientFee is only supported for payments.")
	}
	if o.GeneratePayLink && (o.TransactionID == nil || *o.TransactionID == "") {
		return badRequest(errMissingField, "transferOptions.transactionId is required when generatePayLink is true.")
	}
	for i := range o.ToAddresses {
		a := &o.ToAddresses[i]
		field := "transferOptions.toAddresses[" + strconv.Itoa(i) + "]"
		if a.NetworkID == "" {
			return badRequest(errMissingField, "The field %s.networkId is required.", field)
		}
		if !isUUID(a.NetworkID) {
			return badRequest(errInvalidField, "The field %s.networkId must be a UUID.", field)
		}
		n, ok := networkByID(a.NetworkID)
		if !ok {
			return badRequest(errInvalidField, "Network %s is not supported.", a.NetworkID)
		}
		if a.Symbol == nil || *a.Symbol == "" {
			return badRequest(errMissingField, "The field %s.symbol is required.", field)
		}
		if !n.supports(*a.Symbol) {
			return badRequest(errInvalidField, "Token %s is not supported on %s.", *a.Symbol, n.Name)
		}
		if a.Address == nil || *a.Address == "" {
			return badRequest(errMissingField, "The field %s.address is required.", field)
		}
		if !n.ValidAddress(*a.Address) {
			return badRequest(errInvalidField, "Address %s is not a valid %s address.", *a.Address, n.Name)
		}
		if a.Amount != nil && !(*a.Amount > 0) {
			return badRequest(errInvalidField, "The field %s.amount must be greater than 0.", field)
		}
		if a.DisplayAmountInFiat != nil && !(*a.DisplayAmountInFiat > 0) {
			return badRequest(errInvalidField, "The field %s.displayAmountInFiat must be greater than 0.", field)
		}
		if typ == "payment" && a.Amount == nil && o.AmountInFiat == nil {
			return badRequest(errMissingField, "A payment needs %s.amount (or transferOptions.amountInFiat).", field)
		}
	}
	if (typ == "payment" || typ == "deposit") && len(o.ToAddresses) == 0 {
		return badRequest(errMissingField, "transferOptions.toAddresses is required for a %s.", typ)
	}
	return nil
}

func validateVerify(v *VerifyWalletOptions) *apiError {
	for i, m := range v.VerificationMethods {
		val, ok := inEnum([]string{"signedMessage"}, m)
		if !ok {
			return badRequest(errInvalidField, "The value '%s' is not valid for verifyWalletOptions.verificationMethods.", m)
		}
		v.VerificationMethods[i] = val
	}
	var netType string
	if v.NetworkType != nil {
		val, ok := inEnum(networkTypes, *v.NetworkType)
		if !ok {
			return badRequest(errInvalidField, "The value '%s' is not valid for verifyWalletOptions.networkType.", *v.NetworkType)
		}
		v.NetworkType, netType = &val, val
	}
	var n *Network
	if v.NetworkID != nil {
		if !isUUID(*v.NetworkID) {
			return badRequest(errInvalidField, "The field verifyWalletOptions.networkId must be a UUID.")
		}
		var ok bool
		if n, ok = networkByID(*v.NetworkID); !ok {
			return badRequest(errInvalidField, "Network %s is not supported.", *v.NetworkID)
		}
	}
	if n == nil && netType != "" {
		for _, cand := range networks {
			if cand.Type == netType {
				n = cand
				break
			}
		}
	}
	for _, a := range v.Addresses {
		if n != nil && !n.ValidAddress(a) {
			return badRequest(errInvalidField, "Address %s is not a valid %s address.", a, n.Name)
		}
	}
	return nil
}

// ---- GET /api/v1/transfers/managed/mesh ----

var pagePool = sync.Pool{New: func() any { b := make([]byte, 0, 128<<10); return &b }}

func (s *Sim) handleHistory(w http.ResponseWriter, r *http.Request, c Client) {
	q, e := parseHistoryQuery(r.URL.Query())
	if e != nil {
		writeError(w, e)
		return
	}
	q.clientID = c.ID
	s.mu.RLock()
	for q.id == "" && !s.hist.hasIndex(c.ID, q.orderBy) {
		// Build the index once under the write lock, then serve under the read lock.
		s.mu.RUnlock()
		s.mu.Lock()
		s.hist.buildIndex(c.ID, q.orderBy)
		s.mu.Unlock()
		s.mu.RLock()
	}
	items := make([]*Transfer, 0, q.count)
	items, total := s.hist.run(q, items)
	bp := pagePool.Get().(*[]byte)
	b := appendHistoryPage((*bp)[:0], items, total)
	s.mu.RUnlock()
	writeRaw(w, 200, b)
	*bp = b
	pagePool.Put(bp)
}

func parseHistoryQuery(v url.Values) (*query, *apiError) {
	q := &query{count: 10, orderBy: "createdTimestamp"}
	one := func(name string) (string, bool) {
		for k, vs := range v {
			if strings.EqualFold(k, name) && len(vs) > 0 {
				return vs[len(vs)-1], true
			}
		}
		return "", false
	}
	many := func(name string) []string {
		var out []string
		for k, vs := range v {
			base := k
			if i := strings.IndexByte(k, '['); i >= 0 {
				base = k[:i]
			}
			if strings.EqualFold(base, name) {
				for _, x := range vs {
					for _, part := range strings.Split(x, ",") {
						if part = strings.TrimSpace(part); part != "" {
							out = append(out, part)
						}
					}
				}
			}
		}
		return out
	}
	intParam := func(name string, bits int) (*int64, *apiError) {
		s, ok := one(name)
		if !ok || s == "" {
			return nil, nil
		}
		n, err := strconv.ParseInt(s, 10, bits)
		if err != nil {
			return nil, badRequest(errInvalidField, "The value '%s' is not valid for %s.", s, name)
		}
		return &n, nil
	}
	floatParam := func(name string) (*float64, *apiError) {
		s, ok := one(name)
		if !ok || s == "" {
			return nil, nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, badRequest(errInvalidField, "The value '%s' is not valid for %s.", s, name)
		}
		return &f, nil
	}
	if n, e := intParam("Count", 32); e != nil {
		return nil, e
	} else if n != nil {
		if *n < 1 || *n > 100 {
			return nil, badRequest(errInvalidField, "Count must be between 1 and 100.")
		}
		q.count = int(*n)
	}
	if n, e := intParam("Offset", 32); e != nil {
		return nil, e
	} else if n != nil {
		if *n < 0 {
			return nil, badRequest(errInvalidField, "Offset must not be negative.")
		}
		q.offset = int(*n)
	}
	if s, ok := one("Id"); ok && s != "" {
		if !isUUID(s) {
			return nil, badRequest(errInvalidField, "The value '%s' is not valid for Id.", s)
		}
		q.id = strings.ToLower(s)
	}
	if s, ok := one("ClientTransactionId"); ok {
		if len(s) > 128 {
			return nil, badRequest(errInvalidField, "The field ClientTransactionId must be a string with a maximum length of 128.")
		}
		q.clientTxID = s
	}
	if s, ok := one("UserId"); ok {
		if len(s) > 50 {
			return nil, badRequest(errInvalidField, "The field UserId must be a string with a maximum length of 50.")
		}
		q.userID = s
	}
	q.integrations = many("IntegrationIds")
	if len(q.integrations) > 100 {
		return nil, badRequest(errInvalidField, "The field IntegrationIds must have at most 100 items.")
	}
	for _, id := range q.integrations {
		if !isUUID(id) {
			return nil, badRequest(errInvalidField, "The value '%s' is not valid for IntegrationIds.", id)
		}
	}
	q.statuses = many("Statuses")
	if len(q.statuses) > 5 {
		return nil, badRequest(errInvalidField, "The field Statuses must have at most 5 items.")
	}
	for _, st := range q.statuses {
		if _, ok := inEnum([]string{StatusPending, StatusSucceeded, StatusFailed}, st); !ok {
			return nil, badRequest(errInvalidField, "The value '%s' is not valid for Statuses.", st)
		}
	}
	var e *apiError
	if q.from, e = intParam("FromTimestamp", 64); e != nil {
		return nil, e
	}
	if q.to, e = intParam("ToTimestamp", 64); e != nil {
		return nil, e
	}
	if q.minFiat, e = floatParam("MinAmountInFiat"); e != nil {
		return nil, e
	}
	if q.maxFiat, e = floatParam("MaxAmountInFiat"); e != nil {
		return nil, e
	}
	if s, ok := one("Hash"); ok {
		q.hash = s
	}
	if s, ok := one("SubClientId"); ok && s != "" {
		if !isUUID(s) {
			return nil, badRequest(errInvalidField, "The value '%s' is not valid for SubClientId.", s)
		}
		q.subClientID = s
	}
	if s, ok := one("OrderBy"); ok && s != "" {
		f, ok := inEnum(orderFields, s)
		if !ok {
			return nil, badRequest(errInvalidField, "The value '%s' is not valid for OrderBy.", s)
		}
		q.orderBy = f
	}
	for _, name := range []string{"DescendingOrder", "IsSandBox"} {
		s, ok := one(name)
		if !ok || s == "" {
			continue
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, badRequest(errInvalidField, "The value '%s' is not valid for %s.", s, name)
		}
		if name == "DescendingOrder" {
			q.desc = b
		}
	}
	return q, nil
}
