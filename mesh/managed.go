package mesh

import (
	"context"
	"fmt"
	"strings"
)

// Validate checks the source, the destination (addresses or a target
// integration) and amounts.
func (r *ConfigureTransferRequest) Validate() error {
	var v validator
	validateAuth(&v, r.FromAuthToken, r.FromType, "fromAuthToken", "fromType")
	v.broker("toType", r.ToType, false)
	if (r.ToAuthToken == "") != (r.ToType == "") {
		v.add("toType", "toAuthToken and toType go together")
	}
	for i, a := range r.ToAddresses {
		p := fmt.Sprintf("toAddresses[%d]", i)
		v.uuid(p+".networkId", a.NetworkID, true)
		v.required(p+".symbol", a.Symbol)
		v.required(p+".address", strings.TrimSpace(a.Address))
	}
	v.positive("amount", r.Amount)
	v.positive("amountInFiat", r.AmountInFiat)
	v.uuid("networkId", r.NetworkID, false)
	return v.err()
}

// Validate checks the source, the destination, the network and that exactly
// one of amount and amountInFiat is given.
func (r *PreviewTransferRequest) Validate() error {
	var v validator
	validateAuth(&v, r.FromAuthToken, r.FromType, "fromAuthToken", "fromType")
	v.broker("toType", r.ToType, false)
	if (r.ToAuthToken == "") != (r.ToType == "") {
		v.add("toType", "toAuthToken and toType go together")
	}
	if r.ToAuthToken == "" && strings.TrimSpace(r.ToAddress) == "" {
		v.add("toAddress", "is required (or give toAuthToken and toType)")
	}
	v.uuid("networkId", r.NetworkID, true)
	v.required("symbol", r.Symbol)
	v.positive("amount", r.Amount)
	v.positive("amountInFiat", r.AmountInFiat)
	switch {
	case r.Amount == nil && r.AmountInFiat == nil:
		v.add("amount", "give amount or amountInFiat")
	case r.Amount != nil && r.AmountInFiat != nil:
		v.add("amountInFiat", "give amount or amountInFiat, not both")
	}
	v.length("transactionId", r.TransactionID, 0, 128)
	return v.err()
}

// Validate checks the source and the previewId.
func (r *ExecuteTransferRequest) Validate() error {
	var v validator
	validateAuth(&v, r.FromAuthToken, r.FromType, "fromAuthToken", "fromType")
	v.uuid("previewId", r.PreviewID, true)
	return v.err()
}

// Validate checks authToken, type and transactionId.
func (r *UpdateTransferRequest) Validate() error {
	var v validator
	validateAuth(&v, r.AuthToken, r.Type, "authToken", "type")
	v.required("transactionId", r.TransactionID)
	return v.err()
}

// ConfigureTransfer asks which holdings and networks of a connected account
// can fund a transfer (POST /api/v1/transfers/managed/configure). Never retried.
func (c *Client) ConfigureTransfer(ctx context.Context, req ConfigureTransferRequest) (ConfigureTransferResult, error) {
	var out ConfigureTransferResult
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := c.do(ctx, call{method: "POST", path: "/api/v1/transfers/managed/configure", body: &req}, &out)
	return out, err
}

// PreviewTransfer prices a transfer and returns a previewId valid for
// previewExpiresIn seconds (POST /api/v1/transfers/managed/preview). Never retried.
func (c *Client) PreviewTransfer(ctx context.Context, req PreviewTransferRequest) (PreviewTransferResult, error) {
	var out PreviewTransferResult
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := c.do(ctx, call{method: "POST", path: "/api/v1/transfers/managed/preview", body: &req}, &out)
	return out, err
}

// ExecuteTransfer moves the money of a preview
// (POST /api/v1/transfers/managed/execute). Never retried: a lost answer
// must be resolved by looking the transfer up, not by executing again.
func (c *Client) ExecuteTransfer(ctx context.Context, req ExecuteTransferRequest) (ExecuteTransferResult, error) {
	var out ExecuteTransferResult
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := c.do(ctx, call{method: "POST", path: "/api/v1/transfers/managed/execute", body: &req}, &out)
	return out, err
}

// UpdateTransfer asks Mesh to refresh a transfer's status from the
// institution (POST /api/v1/transfers/managed/update). Never retried.
func (c *Client) UpdateTransfer(ctx context.Context, req UpdateTransferRequest) (UpdateTransferResult, error) {
	var out UpdateTransferResult
	if err := req.Validate(); err != nil {
		return out, err
	}
	err := c.do(ctx, call{method: "POST", path: "/api/v1/transfers/managed/update", body: &req}, &out)
	return out, err
}
