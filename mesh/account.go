package mesh

import (
	"context"
	"fmt"
	"iter"
)

// validateAuth checks the {authToken, type} pair most account calls take.
func validateAuth(v *validator, token string, t BrokerType, tokenField, typeField string) {
	v.required(tokenField, token)
	v.broker(typeField, t, true)
}

// Validate checks the required authToken and type.
func (r *AccountRequest) Validate() error {
	var v validator
	validateAuth(&v, r.AuthToken, r.Type, "authToken", "type")
	return v.err()
}

// Validate checks the required authToken and type.
func (r *HoldingsRequest) Validate() error {
	var v validator
	validateAuth(&v, r.AuthToken, r.Type, "authToken", "type")
	return v.err()
}

// Validate checks the required authToken and type.
func (r *BalanceRequest) Validate() error {
	var v validator
	validateAuth(&v, r.AuthToken, r.Type, "authToken", "type")
	return v.err()
}

// MaxExchangeTransfersPage is the largest count POST /api/v1/transfers/list serves.
const MaxExchangeTransfersPage = 250

// Validate checks authToken, type, count (≤250), statuses and address type.
func (r *ExchangeTransfersRequest) Validate() error {
	var v validator
	validateAuth(&v, r.AuthToken, r.Type, "authToken", "type")
	if r.Count != nil && (*r.Count < 1 || *r.Count > MaxExchangeTransfersPage) {
		v.add("count", "must be between 1 and %d", MaxExchangeTransfersPage)
	}
	for i, s := range r.Statuses {
		if !s.Valid() {
			v.add(fmt.Sprintf("statuses[%d]", i), "%q is not a transaction status", string(s))
		}
	}
	if r.CryptocurrencyAddressType != "" && !r.CryptocurrencyAddressType.Valid() {
		v.add("cryptocurrencyAddressType", "%q is not an address type", string(r.CryptocurrencyAddressType))
	}
	if r.From != nil && *r.From < 0 {
		v.add("from", "must be a Unix time")
	}
	return v.err()
}

// Validate checks the required refreshToken and type.
func (r *RefreshTokenRequest) Validate() error {
	var v validator
	v.required("refreshToken", r.RefreshToken)
	v.broker("type", r.Type, true)
	return v.err()
}

// Validate checks authToken, type, networkId and address type.
func (r *DepositAddressRequest) Validate() error {
	var v validator
	validateAuth(&v, r.AuthToken, r.Type, "authToken", "type")
	v.uuid("networkId", r.NetworkID, false)
	if r.AddressType != "" && !r.AddressType.Valid() {
		v.add("addressType", "%q is not an address type", string(r.AddressType))
	}
	if r.Symbol == "" && r.AddressType == "" {
		v.add("symbol", "give a symbol or an addressType")
	}
	return v.err()
}

// Holdings returns the positions of a connected account
// (POST /api/v1/holdings/get; read-only, so retried).
func (c *Client) Holdings(ctx context.Context, req HoldingsRequest) (Holdings, error) {
	var out Holdings
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := c.do(ctx, call{method: "POST", path: "/api/v1/holdings/get", body: &req, retry: true}, &out)
	return out, err
}

// Balance returns the fiat balances of a connected account
// (POST /api/v1/balance/get; read-only, so retried).
func (c *Client) Balance(ctx context.Context, req BalanceRequest) (Balance, error) {
	var out Balance
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := c.do(ctx, call{method: "POST", path: "/api/v1/balance/get", body: &req, retry: true}, &out)
	return out, err
}

// ExchangeTransfers returns one cursor page of a connected account's own
// deposit/withdrawal history (POST /api/v1/transfers/list; read-only, so retried).
func (c *Client) ExchangeTransfers(ctx context.Context, req ExchangeTransfersRequest) (ExchangeTransfersPage, error) {
	var out ExchangeTransfersPage
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := c.do(ctx, call{method: "POST", path: "/api/v1/transfers/list", body: &req, retry: true}, &out)
	return out, err
}

// AllExchangeTransfers walks every cursor page of ExchangeTransfers from
// req.Cursor on, yielding each transfer; it stops when a page is empty or
// repeats the cursor, and after yielding the first error.
func (c *Client) AllExchangeTransfers(ctx context.Context, req ExchangeTransfersRequest) iter.Seq2[ExchangeTransfer, error] {
	return func(yield func(ExchangeTransfer, error) bool) {
		for {
			p, err := c.ExchangeTransfers(ctx, req)
			if err != nil {
				yield(ExchangeTransfer{}, err)
				return
			}
			for _, t := range p.Transfers {
				if !yield(t, nil) {
					return
				}
			}
			if len(p.Transfers) == 0 || p.Cursor == "" || p.Cursor == req.Cursor {
				return
			}
			req.Cursor = p.Cursor
		}
	}
}

// RefreshToken exchanges a refresh token for new account tokens
// (POST /api/v1/token/refresh). Not retried: a refresh may rotate tokens.
func (c *Client) RefreshToken(ctx context.Context, req RefreshTokenRequest) (RefreshTokenResult, error) {
	var out RefreshTokenResult
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := c.do(ctx, call{method: "POST", path: "/api/v1/token/refresh", body: &req}, &out)
	return out, err
}

// Disconnect revokes a connected account's token (DELETE /api/v1/account).
// Never retried.
func (c *Client) Disconnect(ctx context.Context, req AccountRequest) error {
	if err := req.Validate(); err != nil {
		return err
	}
	return c.do(ctx, call{method: "DELETE", path: "/api/v1/account", body: &req, noContent: true}, nil)
}

// DepositAddress gets (or has the institution create) a deposit address on a
// connected account (POST /api/v1/transfers/managed/address/get). Not
// retried, since it may create an address.
func (c *Client) DepositAddress(ctx context.Context, req DepositAddressRequest) (DepositAddress, error) {
	var out DepositAddress
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := c.do(ctx, call{method: "POST", path: "/api/v1/transfers/managed/address/get", body: &req}, &out)
	return out, err
}
