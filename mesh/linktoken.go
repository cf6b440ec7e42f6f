package mesh

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// LinkToken is the result of CreateLinkToken.
type LinkToken struct {
	// Token is the opaque, short-lived (10 min), single-use token to hand to
	// the Link SDK's openLink.
	Token string `json:"linkToken"`
	// URL is the absolute http(s) URL the token encodes: the Link page the
	// SDK will load. Its origin is the one the SDK accepts messages from.
	URL string `json:"linkUrl"`
	// PaymentLink is the Paylink URL, when transferOptions.generatePayLink was set.
	PaymentLink string `json:"paymentLink,omitempty"`
}

// Origin returns the scheme://host[:port] of the Link URL.
func (t LinkToken) Origin() string {
	u, err := url.Parse(t.URL)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// DecodeLinkToken returns the Link URL a link token encodes: standard base64
// (padding optional) of an absolute http(s) URL, as the web Link SDK requires.
func DecodeLinkToken(token string) (string, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return "", errors.New("mesh: empty link token")
	}
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(token, "="))
	}
	if err != nil {
		return "", fmt.Errorf("mesh: link token is not base64: %w", err)
	}
	s := string(raw)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("mesh: link token does not encode an http(s) URL")
	}
	return s, nil
}

// EncodeLinkToken is the inverse of DecodeLinkToken (for emulators and tests).
func EncodeLinkToken(linkURL string) string {
	return base64.StdEncoding.EncodeToString([]byte(linkURL))
}

// Validate checks the request against the spec (GetLinkTokenRequest) and
// Mesh's documented rules; it returns ValidationErrors naming each bad field.
func (r *LinkTokenRequest) Validate() error {
	var v validator
	v.length("userId", r.UserID, 1, 300)
	v.broker("brokerType", r.BrokerType, false)
	v.uuid("integrationId", r.IntegrationID, false)
	v.uuid("subClientId", r.SubClientID, false)
	if o := r.TransferOptions; o != nil {
		o.validate(&v, "transferOptions")
	}
	if w := r.VerifyWalletOptions; w != nil {
		const p = "verifyWalletOptions"
		for i, m := range w.VerificationMethods {
			if !m.Valid() {
				v.add(fmt.Sprintf("%s.verificationMethods[%d]", p, i), "%q is not a verification method", string(m))
			}
		}
		for i, a := range w.Addresses {
			if strings.TrimSpace(a) == "" {
				v.add(fmt.Sprintf("%s.addresses[%d]", p, i), "is empty")
			} else if w.NetworkType != "" {
				if err := ValidateAddress(w.NetworkType, a); err != nil {
					v.add(fmt.Sprintf("%s.addresses[%d]", p, i), "%s", addressMsg(err))
				}
			}
		}
		v.uuid(p+".networkId", w.NetworkID, false)
		if w.NetworkType != "" && !w.NetworkType.Valid() {
			v.add(p+".networkType", "%q is not a network type", string(w.NetworkType))
		}
	}
	return v.err()
}

func (o *TransferOptions) validate(v *validator, p string) {
	for i, a := range o.ToAddresses {
		ap := fmt.Sprintf("%s.toAddresses[%d]", p, i)
		v.uuid(ap+".networkId", a.NetworkID, true)
		v.required(ap+".symbol", a.Symbol)
		v.required(ap+".address", strings.TrimSpace(a.Address))
		v.positive(ap+".amount", a.Amount)
		v.positive(ap+".displayAmountInFiat", a.DisplayAmountInFiat)
	}
	v.positive(p+".amountInFiat", o.AmountInFiat)
	v.length(p+".transactionId", o.TransactionID, 0, 128)
	if o.ClientFee != nil {
		if f := *o.ClientFee; !(f >= 0 && f <= 1) {
			v.add(p+".clientFee", "must be a ratio between 0 and 1 (0.025 = 2.5%%)")
		}
	}
	if o.TransferType != "" && !o.TransferType.Valid() {
		v.add(p+".transferType", "%q is not one of deposit, payment, onramp, fiatOnRamp, fiatOffRamp", string(o.TransferType))
	}
	v.length(p+".description", o.Description, 0, 256)
	if o.GeneratePayLink && o.TransactionID == "" {
		v.add(p+".transactionId", "is required when generatePayLink is set")
	}
}

// CreateLinkToken asks Mesh for a Link token (POST /api/v1/linktoken). The
// request is validated first. It is retried on 429/5xx/transport errors: an
// unused token simply expires.
func (c *Client) CreateLinkToken(ctx context.Context, req LinkTokenRequest) (LinkToken, error) {
	if err := req.Validate(); err != nil {
		return LinkToken{}, err
	}
	var content linkTokenContent
	k := call{method: "POST", path: "/api/v1/linktoken", body: &req, retry: true}
	if err := c.do(ctx, k, &content); err != nil {
		return LinkToken{}, err
	}
	if content.LinkToken == "" {
		return LinkToken{}, &Error{Op: k.op(), HTTPStatus: 200, Status: APIStatusOK, Err: errors.New("response has no linkToken")}
	}
	u, err := DecodeLinkToken(content.LinkToken)
	if err != nil {
		return LinkToken{}, &Error{Op: k.op(), HTTPStatus: 200, Status: APIStatusOK, Err: err}
	}
	return LinkToken{Token: content.LinkToken, URL: u, PaymentLink: content.PaymentLink}, nil
}

// linkTokenContent is the content of LinkTokenModelApiResult.
type linkTokenContent struct {
	LinkToken   string `json:"linkToken"`
	PaymentLink string `json:"paymentLink"`
}

// ValidateWith runs Validate and then checks each destination against the
// network catalog (from Client.Networks): the networkId must be a known
// network, the symbol one it supports, and the address well-formed for its
// network type (ValidateAddress). Field paths are as in Validate.
func (r *LinkTokenRequest) ValidateWith(networks []Network) error {
	var all ValidationErrors
	if err := r.Validate(); err != nil && !errors.As(err, &all) {
		return err
	}
	if r.TransferOptions == nil {
		return all.orNil()
	}
	bad := make(map[string]bool, len(all))
	for _, e := range all {
		bad[e.Field] = true
	}
	var v validator
	for i, a := range r.TransferOptions.ToAddresses {
		p := fmt.Sprintf("transferOptions.toAddresses[%d]", i)
		if bad[p+".networkId"] {
			continue
		}
		n, ok := NetworkByID(networks, a.NetworkID)
		if !ok {
			v.add(p+".networkId", "is not a network Mesh supports")
			continue
		}
		if a.Symbol != "" && len(n.SupportedTokens) > 0 && !containsFold(n.SupportedTokens, a.Symbol) {
			v.add(p+".symbol", "%s is not supported on %s (supported: %s)", a.Symbol, n.Name, strings.Join(n.SupportedTokens, ", "))
		}
		if !bad[p+".address"] {
			if err := ValidateAddress(n.NetworkType, a.Address); err != nil {
				v.add(p+".address", "%s", addressMsg(err))
			}
		}
	}
	return append(all, v.errs...).orNil()
}

func (es ValidationErrors) orNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
