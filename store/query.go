package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"meshdesk/mesh"
)

// SortField is a column the Transfers view sorts on. Ties are broken by transfer id.
type SortField string

// Sort fields. Status sorts in lifecycle order: pending, succeeded, failed, anything else.
const (
	SortCreated SortField = "created"
	SortAmount  SortField = "amount"
	SortStatus  SortField = "status"
)

var sortFields = []SortField{SortCreated, SortAmount, SortStatus}

// MinSearchLen is the shortest search string (in characters) the search accepts.
const MinSearchLen = 3

// MaxWindow is the largest window a query returns.
const MaxWindow = 1000

// TransferFilter selects transfers. Empty fields do not filter; list fields match any value.
type TransferFilter struct {
	Statuses       []mesh.TransferStatus `json:"statuses,omitempty"`
	Networks       []string              `json:"networks,omitempty"`
	Symbols        []string              `json:"symbols,omitempty"`
	IntegrationIDs []string              `json:"integrationIds,omitempty"`
	// BrokerTypes are source integration types (Transfer.From.Type), e.g. coinbase.
	BrokerTypes []string `json:"brokerTypes,omitempty"`
	UserID      string   `json:"userId,omitempty"`
	SubClientID string   `json:"subClientId,omitempty"`
	// CreatedFrom and CreatedTo bound createdTimestamp (Unix seconds, inclusive; 0 = open).
	CreatedFrom int64 `json:"createdFrom,omitempty"`
	CreatedTo   int64 `json:"createdTo,omitempty"`
	// MinFiat and MaxFiat bound amountInFiat (inclusive; nil = open).
	MinFiat *float64 `json:"minFiat,omitempty"`
	MaxFiat *float64 `json:"maxFiat,omitempty"`
	// Search is a case-insensitive substring (at least MinSearchLen characters) of the id,
	// client transaction id, hash, destination or refund address, or user id — or of a note or
	// tag on the transfer (treasury_query.go).
	Search string `json:"search,omitempty"`
	// Tags keeps transfers carrying any of these tags (treasury: normalized like
	// NormalizeTag; treasury_query.go).
	Tags []string `json:"tags,omitempty"`
	// Match keeps the transfers an exact look-up of it finds (FindTransfers): its id, client
	// transaction id, hash, destination or refund address equals Match, ignoring ASCII case.
	Match string `json:"match,omitempty"`
}

// Cursor marks a row for keyset paging: the next window starts right after it.
type Cursor struct {
	// Key is the row's sort value (created Unix seconds, amountInFiat, or status rank).
	Key float64 `json:"key"`
	// ID is the transfer id; TID the store's row id (the final tie-breaker).
	ID  string `json:"id"`
	TID int64  `json:"tid"`
}

// TransferQuery asks for one window of the filtered, sorted list.
type TransferQuery struct {
	Filter TransferFilter `json:"filter"`
	// Sort is the sort field (default SortCreated); Desc reverses it.
	Sort SortField `json:"sort"`
	Desc bool      `json:"desc"`
	// Limit is the window size (default 100, at most MaxWindow).
	Limit int `json:"limit"`
	// Offset jumps to a position in the list (ignored when After is set).
	Offset int `json:"offset"`
	// After continues after a row (keyset paging).
	After *Cursor `json:"after,omitempty"`
}

// TransferRow is one row of the Transfers view (the indexed columns; the full record is
// DB.Transfer).
type TransferRow struct {
	TID                 int64               `json:"tid"`
	ID                  string              `json:"id"`
	ClientTransactionID string              `json:"clientTransactionId"`
	UserID              string              `json:"userId"`
	Status              mesh.TransferStatus `json:"status"`
	AmountInFiat        float64             `json:"amountInFiat"`
	FiatCurrency        string              `json:"fiatCurrency"`
	Amount              float64             `json:"amount"`
	Symbol              string              `json:"symbol"`
	NetworkName         string              `json:"networkName"`
	FromID              string              `json:"fromId"`
	FromType            string              `json:"fromType"`
	FromName            string              `json:"fromName"`
	Hash                string              `json:"hash"`
	DestinationAddress  string              `json:"destinationAddress"`
	RefundAddress       string              `json:"refundAddress"`
	SubClientID         string              `json:"subClientId"`
	TransferType        string              `json:"transferType"`
	CreatedTimestamp    int64               `json:"createdTimestamp"`
	ExecutedTimestamp   *int64              `json:"executedTimestamp,omitempty"`
	FirstSeen           time.Time           `json:"firstSeen"`
	Updated             time.Time           `json:"updated"`
}

const rowCols = `tid, id, client_transaction_id, user_id, status, amount_in_fiat, fiat_currency, amount, symbol, network_name, from_id, from_type, from_name, hash, destination_address, refund_address, sub_client_id, transfer_type, created_ts, executed_ts, first_seen, updated`

func scanRow(row interface{ Scan(...any) error }) (TransferRow, error) {
	var r TransferRow
	var status string
	var exec sql.NullInt64
	var first, updated int64
	err := row.Scan(&r.TID, &r.ID, &r.ClientTransactionID, &r.UserID, &status, &r.AmountInFiat, &r.FiatCurrency, &r.Amount, &r.Symbol, &r.NetworkName,
		&r.FromID, &r.FromType, &r.FromName, &r.Hash, &r.DestinationAddress, &r.RefundAddress, &r.SubClientID, &r.TransferType, &r.CreatedTimestamp, &exec, &first, &updated)
	if err != nil {
		return r, err
	}
	r.Status = mesh.TransferStatus(status)
	if exec.Valid {
		v := exec.Int64
		r.ExecutedTimestamp = &v
	}
	r.FirstSeen, r.Updated = fromMS(first), fromMS(updated)
	return r, nil
}

// CursorOf returns the cursor of a row for the given sort.
func CursorOf(r TransferRow, sort SortField) Cursor {
	c := Cursor{ID: r.ID, TID: r.TID}
	switch sort {
	case SortAmount:
		c.Key = r.AmountInFiat
	case SortStatus:
		c.Key = float64(statusRank(r.Status))
	default:
		c.Key = float64(r.CreatedTimestamp)
	}
	return c
}

// TransferWindow is one window of a query.
type TransferWindow struct {
	Rows []TransferRow `json:"rows"`
	// Total is the exact number of transfers the filter selects.
	Total int `json:"total"`
	// Offset is the position of Rows[0] in the list.
	Offset int `json:"offset"`
	// Next continues after the last row (nil at the end of the list).
	Next *Cursor `json:"next,omitempty"`
}

func (q *TransferQuery) normalize() error {
	if q.Sort == "" {
		q.Sort = SortCreated
	}
	if !slices.Contains(sortFields, q.Sort) {
		return invalidf("sort field %q is not created, amount or status", q.Sort)
	}
	if q.Limit <= 0 {
		q.Limit = 100
	}
	if q.Limit > MaxWindow {
		q.Limit = MaxWindow
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	q.Filter.Search = strings.TrimSpace(q.Filter.Search)
	q.Filter.Match = strings.TrimSpace(q.Filter.Match)
	if s := q.Filter.Search; s != "" && utf8.RuneCountInString(s) < MinSearchLen {
		return invalidf("search needs at least %d characters", MinSearchLen)
	}
	f := q.Filter
	if f.MinFiat != nil && f.MaxFiat != nil && *f.MinFiat > *f.MaxFiat {
		return invalidf("minimum fiat amount is above the maximum")
	}
	if f.CreatedFrom != 0 && f.CreatedTo != 0 && f.CreatedFrom > f.CreatedTo {
		return invalidf("created range ends before it starts")
	}
	return nil
}

// QueryTransfers returns one window of a profile's transfers: filtered, searched, sorted,
// positioned by Offset (a jump) or After (keyset), with the exact total.
func (db *DB) QueryTransfers(ctx context.Context, profileID string, q TransferQuery) (*TransferWindow, error) {
	defer db.foreground()()
	if err := q.normalize(); err != nil {
		return nil, err
	}
	idx, err := db.index(ctx, profileID)
	if err != nil {
		return nil, fmt.Errorf("query transfers: %w", err)
	}
	tids, total, pos, err := idx.window(ctx, db, q)
	if err != nil {
		return nil, fmt.Errorf("query transfers: %w", err)
	}
	w := &TransferWindow{Total: total, Offset: pos}
	if w.Rows, err = db.rowsByTID(ctx, tids); err != nil {
		return nil, fmt.Errorf("query transfers: %w", err)
	}
	if pos+len(tids) < total && len(w.Rows) > 0 {
		c := CursorOf(w.Rows[len(w.Rows)-1], q.Sort)
		w.Next = &c
	}
	return w, nil
}

// CountTransfers returns the exact number of a profile's transfers the filter selects.
func (db *DB) CountTransfers(ctx context.Context, profileID string, f TransferFilter) (int, error) {
	defer db.foreground()()
	q := TransferQuery{Filter: f}
	if err := q.normalize(); err != nil {
		return 0, err
	}
	idx, err := db.index(ctx, profileID)
	if err != nil {
		return 0, fmt.Errorf("count transfers: %w", err)
	}
	q.Limit = 0
	_, total, _, err := idx.window(ctx, db, q)
	if err != nil {
		return 0, fmt.Errorf("count transfers: %w", err)
	}
	return total, nil
}

// tidsIn ends a "tid IN " with the row ids bound as one JSON array (tidList): the statement's
// text is the same for any number of them, so it can be prepared once (readStmts).
const tidsIn = `(SELECT value FROM json_each(?))`

// tidList is tids as a JSON array, for tidsIn.
func tidList(tids []int64) string {
	list := make([]byte, 0, 2+12*len(tids))
	list = append(list, '[')
	for i, t := range tids {
		if i > 0 {
			list = append(list, ',')
		}
		list = strconv.AppendInt(list, t, 10)
	}
	return string(append(list, ']'))
}

// rowsByTID loads rows in the order of tids.
func (db *DB) rowsByTID(ctx context.Context, tids []int64) ([]TransferRow, error) {
	if len(tids) == 0 {
		return []TransferRow{}, nil
	}
	rows, err := db.rs.QueryContext(ctx, `SELECT `+rowCols+` FROM transfers WHERE tid IN `+tidsIn, tidList(tids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Each row goes straight to its place (rows are a few hundred bytes: a look-up's fifty
	// were copied twice more through a map, garbage the collector then had to take back).
	at := make(map[int64]int, len(tids))
	for i, t := range tids {
		at[t] = i
	}
	out := make([]TransferRow, len(tids))
	found := make([]bool, len(tids))
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		if i, ok := at[r.TID]; ok {
			out[i], found[i] = r, true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	n := 0
	for i := range out {
		if found[i] {
			out[n] = out[i]
			n++
		}
	}
	return out[:n], nil
}

// statusRank orders statuses by lifecycle.
func statusRank(s mesh.TransferStatus) uint8 {
	switch s {
	case mesh.StatusPending:
		return 0
	case mesh.StatusSucceeded:
		return 1
	case mesh.StatusFailed:
		return 2
	}
	return 3
}

// amountKey is an amount as a sort key (NaN, which SQLite cannot hold, sorts first).
func amountKey(v float64) float64 {
	if math.IsNaN(v) {
		return math.Inf(-1)
	}
	return v
}
