package mesh

import (
	"context"
	"fmt"
	"iter"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// TransferOrderBy is a column GET /api/v1/transfers/managed/mesh can sort by
// (schema TransferOrderByFields).
type TransferOrderBy string

// Columns the managed-transfer history can be ordered by.
const (
	OrderByID               TransferOrderBy = "id"
	OrderByClientTransferID TransferOrderBy = "clientTransferId"
	OrderByUserID           TransferOrderBy = "userId"
	OrderByFromType         TransferOrderBy = "fromType"
	OrderByAmountInFiat     TransferOrderBy = "amountInFiat"
	OrderByStatus           TransferOrderBy = "status"
	OrderByCreatedTimestamp TransferOrderBy = "createdTimestamp"
	OrderBySymbol           TransferOrderBy = "symbol"
	OrderByNetworkName      TransferOrderBy = "networkName"
)

// TransferOrderByValues lists every TransferOrderBy the spec defines.
var TransferOrderByValues = []TransferOrderBy{OrderByID, OrderByClientTransferID, OrderByUserID, OrderByFromType,
	OrderByAmountInFiat, OrderByStatus, OrderByCreatedTimestamp, OrderBySymbol, OrderByNetworkName}

// MaxTransferPage is the largest Count Mesh serves per page.
const MaxTransferPage = 100

// TransferQuery filters, orders and pages the managed-transfer history
// (GET /api/v1/transfers/managed/mesh). Zero values are not sent.
type TransferQuery struct {
	// Count is the page size, 1..100 (0 lets Mesh use its default of 10).
	Count int `json:"count,omitempty"`
	// Offset is how many matching transfers to skip.
	Offset int `json:"offset,omitempty"`
	// ID selects one transfer by its Mesh id (uuid).
	ID string `json:"id,omitempty"`
	// ClientTransactionID selects transfers by your transactionId (≤128).
	ClientTransactionID string `json:"clientTransactionId,omitempty"`
	// UserID selects one end user's transfers (≤50).
	UserID string `json:"userId,omitempty"`
	// IntegrationIDs selects source integrations (≤100 uuids).
	IntegrationIDs []string `json:"integrationIds,omitempty"`
	// Statuses selects statuses (≤5).
	Statuses []TransferStatus `json:"statuses,omitempty"`
	// FromTimestamp is the earliest createdTimestamp, Unix seconds (0: none).
	FromTimestamp int64 `json:"fromTimestamp,omitempty"`
	// ToTimestamp is the latest createdTimestamp, Unix seconds (0: none).
	ToTimestamp int64 `json:"toTimestamp,omitempty"`
	// MinAmountInFiat is the smallest amountInFiat.
	MinAmountInFiat *float64 `json:"minAmountInFiat,omitempty"`
	// MaxAmountInFiat is the largest amountInFiat.
	MaxAmountInFiat *float64 `json:"maxAmountInFiat,omitempty"`
	// OrderBy is the sort column.
	OrderBy TransferOrderBy `json:"orderBy,omitempty"`
	// Hash selects by on-chain hash.
	Hash string `json:"hash,omitempty"`
	// SubClientID selects one sub-client's transfers (uuid).
	SubClientID string `json:"subClientId,omitempty"`
	// DescendingOrder sorts descending.
	DescendingOrder bool `json:"descendingOrder,omitempty"`
	// IsSandBox, when set, selects sandbox (true) or live (false) transfers.
	IsSandBox *bool `json:"isSandBox,omitempty"`
}

// Validate checks the query against the spec's parameter rules; field
// names in errors are the query parameter names.
func (q *TransferQuery) Validate() error {
	var v validator
	if q.Count < 0 || q.Count > MaxTransferPage {
		v.add("Count", "must be between 1 and %d", MaxTransferPage)
	}
	if q.Offset < 0 || q.Offset > math.MaxInt32 {
		v.add("Offset", "must be 0 or more")
	}
	v.uuid("Id", q.ID, false)
	v.length("ClientTransactionId", q.ClientTransactionID, 0, 128)
	v.length("UserId", q.UserID, 0, 50)
	if len(q.IntegrationIDs) > 100 {
		v.add("IntegrationIds", "at most 100 integrations")
	}
	for i, id := range q.IntegrationIDs {
		v.uuid(fmt.Sprintf("IntegrationIds[%d]", i), id, true)
	}
	if len(q.Statuses) > 5 {
		v.add("Statuses", "at most 5 statuses")
	}
	for i, s := range q.Statuses {
		if !s.Known() {
			v.add(fmt.Sprintf("Statuses[%d]", i), "%q is not pending, succeeded or failed", string(s))
		}
	}
	if q.FromTimestamp < 0 {
		v.add("FromTimestamp", "must be a Unix time in seconds")
	}
	if q.ToTimestamp < 0 {
		v.add("ToTimestamp", "must be a Unix time in seconds")
	}
	if q.FromTimestamp > 0 && q.ToTimestamp > 0 && q.FromTimestamp > q.ToTimestamp {
		v.add("ToTimestamp", "is before FromTimestamp")
	}
	v.finite("MinAmountInFiat", q.MinAmountInFiat)
	v.finite("MaxAmountInFiat", q.MaxAmountInFiat)
	if q.MinAmountInFiat != nil && q.MaxAmountInFiat != nil && *q.MinAmountInFiat > *q.MaxAmountInFiat {
		v.add("MaxAmountInFiat", "is below MinAmountInFiat")
	}
	if q.OrderBy != "" {
		ok := false
		for _, o := range TransferOrderByValues {
			ok = ok || o == q.OrderBy
		}
		if !ok {
			v.add("OrderBy", "%q is not a column Mesh sorts by", string(q.OrderBy))
		}
	}
	v.uuid("SubClientId", q.SubClientID, false)
	return v.err()
}

// Values encodes the query as Mesh's PascalCase parameters (arrays as
// repeated keys).
func (q *TransferQuery) Values() url.Values {
	v := url.Values{}
	if q.Count > 0 {
		v.Set("Count", strconv.Itoa(q.Count))
	}
	if q.Offset > 0 {
		v.Set("Offset", strconv.Itoa(q.Offset))
	}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("Id", q.ID)
	set("ClientTransactionId", q.ClientTransactionID)
	set("UserId", q.UserID)
	for _, id := range q.IntegrationIDs {
		v.Add("IntegrationIds", id)
	}
	for _, s := range q.Statuses {
		v.Add("Statuses", string(s))
	}
	if q.FromTimestamp > 0 {
		v.Set("FromTimestamp", strconv.FormatInt(q.FromTimestamp, 10))
	}
	if q.ToTimestamp > 0 {
		v.Set("ToTimestamp", strconv.FormatInt(q.ToTimestamp, 10))
	}
	if q.MinAmountInFiat != nil {
		v.Set("MinAmountInFiat", strconv.FormatFloat(*q.MinAmountInFiat, 'f', -1, 64))
	}
	if q.MaxAmountInFiat != nil {
		v.Set("MaxAmountInFiat", strconv.FormatFloat(*q.MaxAmountInFiat, 'f', -1, 64))
	}
	set("OrderBy", string(q.OrderBy))
	set("Hash", q.Hash)
	set("SubClientId", q.SubClientID)
	if q.DescendingOrder {
		v.Set("DescendingOrder", "true")
	}
	if q.IsSandBox != nil {
		v.Set("IsSandBox", strconv.FormatBool(*q.IsSandBox))
	}
	return v
}

// TransferPage is one page of the managed-transfer history.
type TransferPage struct {
	// Items are the page's transfers.
	Items []Transfer `json:"items"`
	// Total is how many transfers match the query in all.
	Total int `json:"total"`
	// Offset is the offset this page was asked for.
	Offset int `json:"offset"`
}

// NextOffset is the offset of the page after this one.
func (p TransferPage) NextOffset() int { return p.Offset + len(p.Items) }

// HasMore reports whether pages follow this one.
func (p TransferPage) HasMore() bool { return len(p.Items) > 0 && p.NextOffset() < p.Total }

// transferPageContent is the content of TransferModelPaginationResponseApiResult.
type transferPageContent struct {
	Items []Transfer `json:"items"`
	Total int        `json:"total"`
}

// Transfers fetches one page of the managed-transfer history
// (GET /api/v1/transfers/managed/mesh). It is retried on 429/5xx.
func (c *Client) Transfers(ctx context.Context, q TransferQuery) (TransferPage, error) {
	if err := q.Validate(); err != nil {
		return TransferPage{}, err
	}
	var content transferPageContent
	k := call{method: "GET", path: "/api/v1/transfers/managed/mesh", query: q.Values(), retry: true}
	if err := c.do(ctx, k, &content); err != nil {
		return TransferPage{}, err
	}
	for i, t := range content.Items {
		if t.ID == "" {
			return TransferPage{}, &Error{Op: k.op(), HTTPStatus: 200, Status: APIStatusOK,
				Err: fmt.Errorf("transfer %d of the page has no id", i)}
		}
	}
	return TransferPage{Items: content.Items, Total: content.Total, Offset: q.Offset}, nil
}

// TransferPages walks every page of q from q.Offset on, with q.Count per page
// (MaxTransferPage when 0). It stops after the first error, which it yields.
// Offset paging can skip or repeat rows that arrive meanwhile: freeze the
// window with ToTimestamp for a consistent walk.
func (c *Client) TransferPages(ctx context.Context, q TransferQuery) iter.Seq2[TransferPage, error] {
	return func(yield func(TransferPage, error) bool) {
		if q.Count == 0 {
			q.Count = MaxTransferPage
		}
		for {
			p, err := c.Transfers(ctx, q)
			if err != nil {
				yield(TransferPage{}, err)
				return
			}
			if !yield(p, nil) || !p.HasMore() {
				return
			}
			q.Offset = p.NextOffset()
		}
	}
}

// AllTransfers yields every transfer matching q, page by page (see
// TransferPages). On error it yields a zero Transfer and the error, then stops.
func (c *Client) AllTransfers(ctx context.Context, q TransferQuery) iter.Seq2[Transfer, error] {
	return func(yield func(Transfer, error) bool) {
		for p, err := range c.TransferPages(ctx, q) {
			if err != nil {
				yield(Transfer{}, err)
				return
			}
			for _, t := range p.Items {
				if !yield(t, nil) {
					return
				}
			}
		}
	}
}

// TransferByID looks one transfer up by its Mesh id (there is no /{id}
// route: this filters the history with Id). It returns ErrNotFound when
// Mesh has no such transfer.
func (c *Client) TransferByID(ctx context.Context, id string) (Transfer, error) {
	if !IsUUID(id) {
		return Transfer{}, ValidationErrors{{Field: "Id", Msg: "must be a UUID"}}
	}
	return c.firstTransfer(ctx, TransferQuery{ID: id, Count: 1}, "transfer "+id)
}

// TransferByClientTransactionID looks a transfer up by your transactionId.
// If several share it, the most recently created one is returned.
func (c *Client) TransferByClientTransactionID(ctx context.Context, transactionID string) (Transfer, error) {
	if transactionID == "" {
		return Transfer{}, ValidationErrors{{Field: "ClientTransactionId", Msg: "is required"}}
	}
	q := TransferQuery{ClientTransactionID: transactionID, Count: 1, OrderBy: OrderByCreatedTimestamp, DescendingOrder: true}
	return c.firstTransfer(ctx, q, "transfer with transactionId "+strconv.Quote(transactionID))
}

func (c *Client) firstTransfer(ctx context.Context, q TransferQuery, what string) (Transfer, error) {
	p, err := c.Transfers(ctx, q)
	if err != nil {
		return Transfer{}, err
	}
	for _, t := range p.Items {
		if (q.ID == "" || strings.EqualFold(t.ID, q.ID)) && (q.ClientTransactionID == "" || t.ClientTransactionID == q.ClientTransactionID) {
			return t, nil
		}
	}
	return Transfer{}, fmt.Errorf("%w: %s", ErrNotFound, what)
}
