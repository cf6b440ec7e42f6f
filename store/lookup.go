package store

import (
	"context"
	"fmt"
	"iter"
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
	m.Rows = rows[:0] // filtered in place
	for _, r := range rows {
		if rowMatches(&r, value) {
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
func rowMatches(r *TransferRow, v string) bool {
	for range fieldsMatching(r, v) {
		return true
	}
	return false
}

// MatchedFields lists the fields of r that equal v as a look-up compares them: "id" (as given
// or ASCII-lower-cased), then "clientTransactionId", "hash", "destinationAddress" and
// "refundAddress" ignoring ASCII case. Empty fields never match.
func MatchedFields(r TransferRow, v string) []string {
	return slices.AppendSeq([]string{}, fieldsMatching(&r, v))
}

// fieldsMatching yields the names of the fields of r that equal v, as MatchedFields lists them.
func fieldsMatching(r *TransferRow, v string) iter.Seq[string] {
	return func(yield func(string) bool) {
		if r.ID != "" && (r.ID == v || isASCIILower(r.ID, v)) && !yield("id") {
			return
		}
		for _, f := range [...]struct{ name, val string }{
			{"clientTransactionId", r.ClientTransactionID}, {"hash", r.Hash},
			{"destinationAddress", r.DestinationAddress}, {"refundAddress", r.RefundAddress},
		} {
			if f.val != "" && asciiEqualFold(f.val, v) && !yield(f.name) {
				return
			}
		}
	}
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

// asciiEqualFold reports whether asciiLower(a) == asciiLower(b), without building either
// (a look-up compares fifty rows' five fields).
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// isASCIILower reports whether s == asciiLower(v).
func isASCIILower(s, v string) bool {
	if len(s) != len(v) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != lowerByte(v[i]) {
			return false
		}
	}
	return true
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lookupSlots returns the slots of the rows a look-up of v matches: by client transaction id,
// hash or address through the fingerprints, by id (as given or ASCII-lower-cased) through the
// id table (slotsOfIDs); ascending, once each. x.mu held.
func (x *tindex) lookupSlots(ctx context.Context, db *DB, v string) ([]int32, error) {
	byID, err := x.slotsOfIDs(ctx, db, idForms(v))
	if err != nil {
		return nil, err
	}
	slots := x.matchSlots(v)
	if len(byID) == 0 {
		return slots, nil
	}
	slots = append(slots, byID...)
	slices.Sort(slots)
	return slices.Compact(slots), nil
}

// idForms are the ids a look-up of v compares with: v as given, and ASCII-lower-cased.
func idForms(v string) []string {
	if lv := asciiLower(v); lv != v {
		return []string{v, lv}
	}
	return []string{v}
}

// lookupSortMax is the most matches a look-up sorts; above it the newest are found by walking
// the created order (newestIn). Tests lower it.
var lookupSortMax = 2048

// lookup returns the row ids of the newest limit rows a look-up of v matches and how many
// match.
func (x *tindex) lookup(ctx context.Context, db *DB, v string, limit int) ([]int64, int, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.refresh(ctx, db); err != nil {
		return nil, 0, err
	}
	var top []int32
	var total int
	fp := fingerprint(v)
	d := x.denseOf(fp)
	if d == nil && x.fpEntries(fp, lookupSortMax) <= lookupSortMax {
		slots, err := x.lookupSlots(ctx, db, v)
		if err != nil {
			return nil, 0, err
		}
		top, total = x.newestSorted(slots, limit), len(slots)
	} else {
		byID, err := x.slotsOfIDs(ctx, db, idForms(v))
		if err != nil {
			return nil, 0, err
		}
		if d != nil && len(byID) == 0 {
			// A value on many rows (the usual case of an address): its set is kept.
			top, total = newestIn(x.perm(SortCreated), d.bits, limit), d.n
		} else {
			// An address can be on a hundred thousand rows: mark them in a bitmap, counting
			// each once, rather than list, sort and de-duplicate them.
			total = x.markMatches(v, byID)
			top = newestIn(x.perm(SortCreated), x.lookupBits, limit)
			clear(x.lookupBits)
		}
	}
	tids := make([]int64, len(top))
	for i, s := range top {
		tids[i] = x.tid.get(int(s))
	}
	return tids, total, nil
}

// newestSorted returns the first limit of slots in the Transfers view's default order
// (created time, then id, descending). x.mu held.
func (x *tindex) newestSorted(slots []int32, limit int) []int32 {
	cmpf := x.compareSlots(SortCreated)
	out := slices.Clone(slots)
	slices.SortFunc(out, func(a, b int32) int { return cmpf(b, a) })
	return out[:min(limit, len(out))]
}

// markMatches sets the bit in x.lookupBits of every row whose client transaction id, hash,
// destination or refund address equals v (as matchSlots finds them) and of the slots in
// extra, and returns how many bits it set (a row with two matching fields counts once). The
// bitmap is all zero before; the caller clears it. x.mu held.
func (x *tindex) markMatches(v string, extra []int32) int {
	if n := (x.len() + 63) / 64; len(x.lookupBits) < n {
		// Kept for the next look-up: at 1M rows it is 125 KiB, which a look-up a second
		// would otherwise hand the garbage collector.
		x.lookupBits = make([]uint64, n)
	}
	sel := x.lookupBits
	n := x.markFP(fingerprint(v), ^uint64(0), sel)
	for _, s := range extra {
		w, b := s>>6, uint64(1)<<(uint(s)&63)
		if sel[w]&b == 0 {
			sel[w] |= b
			n++
		}
	}
	return n
}

// markFP sets in sel (long enough for every row) the bit of every row one of whose current
// look-up values has fingerprint fp, and returns how many bits it set, each row once. Table
// entries compare by the 48 bits the table keeps; the recent entries and the current values
// of changed rows by the bits of mask (all 64 for a look-up of a value, fp48's for a dense
// set, which only has the 48). x.mu held.
func (x *tindex) markFP(fp, mask uint64, sel []uint64) int {
	n := 0
	mark := func(s int32) {
		w, b := s>>6, uint64(1)<<(uint(s)&63)
		if sel[w]&b == 0 {
			sel[w] |= b
			n++
		}
	}
	valid := func(s int32) bool {
		cur, ok := x.fpChanged[s]
		return !ok || hasFP(&cur, fp, mask)
	}
	chk, slots := x.fpBucket(fp)
	c, changed := fpCheck(fp), len(x.fpChanged) > 0
	for i, k := range chk {
		if k == c && (!changed || valid(slots[i])) {
			mark(slots[i])
		}
	}
	if x.fpHead != nil {
		for i := x.fpHead[fp>>48] - 1; i >= 0; i = x.fpDelta[i].prev {
			if e := x.fpDelta[i]; e.fp&mask == fp&mask && valid(e.slot) {
				mark(e.slot)
			}
		}
	}
	return n
}

// hasFP reports whether one of a row's fingerprints cur is fp, compared by the bits of mask.
func hasFP(cur *[fpFields]uint64, fp, mask uint64) bool {
	for _, f := range cur {
		if f != 0 && f&mask == fp&mask {
			return true
		}
	}
	return false
}

// newestIn returns the first limit of the rows set in sel in the Transfers view's default
// order, walking the created order perm from its end (with n rows and k set, about limit·n/k
// steps). A row past the end of sel is not in it.
func newestIn(perm []int32, sel []uint64, limit int) []int32 {
	out := make([]int32, 0, limit)
	for i := len(perm) - 1; i >= 0 && len(out) < limit; i-- {
		if s := perm[i]; int(s>>6) < len(sel) && sel[s>>6]&(1<<(uint(s)&63)) != 0 {
			out = append(out, s)
		}
	}
	return out
}
