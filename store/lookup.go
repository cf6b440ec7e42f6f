package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// LookupLimit is how many matching transfers a look-up returns when not told otherwise.
const LookupLimit = 50

// TransferMatches is the answer of an exact look-up.
type TransferMatches struct {
	// Rows are the newest matches (created time, then id, descending), at most the limit.
	Rows []TransferRow `json:"rows"`
	// Total is how many transfers match (an address may be on thousands).
	Total int `json:"total"`
	// Filter selects every match in the Transfers view (QueryTransfers, ExportTransfers).
	Filter TransferFilter `json:"filter"`
}

// FindTransfers finds the transfers whose id, client transaction id, hash, destination
// address or refund address equals value (ignoring ASCII case; an id as given or in lower
// case): the newest limit of them (LookupLimit when limit <= 0) and how many there are.
//
// Every field goes through the query index's fingerprints (48 bits of a hash of each value),
// which give the count without reading the table; the rows returned are read and checked
// against value.
func (db *DB) FindTransfers(ctx context.Context, profileID, value string, limit int) (*TransferMatches, error) {
	defer db.foreground()()
	value = strings.TrimSpace(value)
	if limit <= 0 {
		limit = LookupLimit
	}
	m := &TransferMatches{Rows: []TransferRow{}, Filter: TransferFilter{Match: value}}
	idx, err := db.index(ctx, profileID)
	if err != nil {
		return nil, fmt.Errorf("look up %q: %w", value, err)
	}
	if value == "" {
		return m, nil
	}
	tids, total, err := idx.lookup(ctx, db, value, limit)
	if err != nil {
		return nil, fmt.Errorf("look up %q: %w", value, err)
	}
	rows, err := db.rowsByTID(ctx, tids)
	if err != nil {
		return nil, fmt.Errorf("look up %q: %w", value, err)
	}
	for _, r := range rows {
		if rowMatches(r, value) {
			m.Rows = append(m.Rows, r)
		} else {
			total-- // a fingerprint collision, or the row changed since
		}
	}
	m.Total = total
	return m, nil
}

// rowMatches reports whether a row's id, client transaction id, hash, destination or refund
// address equals v as a look-up compares them.
func rowMatches(r TransferRow, v string) bool {
	return len(MatchedFields(r, v)) > 0
}

// MatchedFields lists the fields of r that equal v as a look-up compares them: "id" (as given
// or ASCII-lower-cased), then "clientTransactionId", "hash", "destinationAddress" and
// "refundAddress" ignoring ASCII case. Empty fields never match.
func MatchedFields(r TransferRow, v string) []string {
	lv := asciiLower(v)
	out := []string{}
	if r.ID != "" && (r.ID == v || r.ID == lv) {
		out = append(out, "id")
	}
	for _, f := range []struct{ name, val string }{
		{"clientTransactionId", r.ClientTransactionID}, {"hash", r.Hash},
		{"destinationAddress", r.DestinationAddress}, {"refundAddress", r.RefundAddress},
	} {
		if f.val != "" && asciiLower(f.val) == lv {
			out = append(out, f.name)
		}
	}
	return out
}

// asciiLower lower-cases ASCII letters only, as SQLite's lower() and fingerprint do.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// lookupSlots returns the slots of the rows a look-up of v matches: by client transaction id,
// hash or address through the fingerprints, by id (as given or ASCII-lower-cased) through the
// id table (slotsOfIDs); ascending, once each. x.mu held.
func (x *tindex) lookupSlots(ctx context.Context, db *DB, v string) ([]int32, error) {
	ids := []string{v}
	if lv := asciiLower(v); lv != v {
		ids = append(ids, lv)
	}
	byID, err := x.slotsOfIDs(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	slots := append(x.matchSlots(v), byID...)
	slices.Sort(slots)
	return slices.Compact(slots), nil
}

// lookup returns the row ids of the newest limit rows a look-up of v matches and how many
// match.
func (x *tindex) lookup(ctx context.Context, db *DB, v string, limit int) ([]int64, int, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.refresh(ctx, db); err != nil {
		return nil, 0, err
	}
	slots, err := x.lookupSlots(ctx, db, v)
	if err != nil {
		return nil, 0, err
	}
	top := x.newest(slots, limit)
	tids := make([]int64, len(top))
	for i, s := range top {
		tids[i] = x.tid.get(int(s))
	}
	return tids, len(slots), nil
}

// newest returns the first limit of slots in the Transfers view's default order (created
// time, then id, descending): by sorting when they are few, else by walking the created
// order from its end (with n rows and k matches spread over them, about limit·n/k steps).
// x.mu held.
func (x *tindex) newest(slots []int32, limit int) []int32 {
	if len(slots) <= 2048 || len(slots) <= limit {
		cmpf := x.compareSlots(SortCreated)
		out := slices.Clone(slots)
		slices.SortFunc(out, func(a, b int32) int { return cmpf(b, a) })
		return out[:min(limit, len(out))]
	}
	n := x.len()
	sel := make([]uint64, (n+63)/64)
	for _, s := range slots {
		sel[s>>6] |= 1 << (uint(s) & 63)
	}
	perm := x.perm(SortCreated)
	out := make([]int32, 0, limit)
	for i := len(perm) - 1; i >= 0 && len(out) < limit; i-- {
		if s := perm[i]; sel[s>>6]&(1<<(uint(s)&63)) != 0 {
			out = append(out, s)
		}
	}
	return out
}
