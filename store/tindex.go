package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"meshdesk/mesh"
)

// tindex is the in-memory index of one profile's transfers behind QueryTransfers. It holds the
// columns a window query filters and sorts on as arrays by slot (about 64 bytes a row), one
// sorted permutation per sort field (built when first used), fingerprints for exact look-ups
// and a few recent results. Slots are in ascending row-id (tid) order: rows are appended as
// they appear and SQLite hands out tids in commit order, so a tid's slot is a binary search
// away and a search's row ids, which FTS5 returns in ascending order, map to slots in one pass.
//
// It follows the table through transfers.seq: every query first loads the rows whose seq is
// above the last one seen (one indexed query), so changes made by other connections or
// processes show up too. The first load of a large profile comes from a snapshot of these
// arrays saved beside the database (tindex_snapshot.go) when one is usable.
//
// A filter is answered with a bitset by slot (the columns are scanned one at a time, each a
// few megabytes read in order), its total with a popcount, and its first window by walking the
// sort permutation until the window is full; the whole ordered list is built only when a jump
// or a keyset continuation needs it, and then kept for the next one.
type tindex struct {
	mu  sync.Mutex
	pk  int64
	seq int64

	tid, rseq, created intCol
	amount             []float64
	idHi, idLo         []uint64 // the first 16 bytes of the id, for ordering ties
	status, network    codeCol
	symbol, integ      codeCol
	broker, sub, user  codeCol
	ranks              []uint8 // status rank by status code

	perms map[SortField][]int32 // ascending; missing = build on use
	fresh []int32               // new slots not merged into perms yet (mergeMoved)
	gen   uint64
	cache []*result

	// Fingerprints of the lower-cased client transaction id, hash, destination and refund
	// address of every row (8 bytes an entry, 48 bits of a 64-bit hash): entries are grouped
	// by the hash's top 16 bits, bucket b being [fpDir[b], fpDir[b+1]) of fpSlots and fpChk
	// (the next 32 bits); fpDelta holds recent entries until the next rebuild, and fpChanged
	// the current fingerprints of rows changed since then (an entry of such a row is valid
	// only if it is one of them), so a look-up counts its matches without reading the table.
	fpSlots []int32
	fpChk   []uint32
	fpDir   []uint32
	fpDelta []fpEntry
	fpHead  []int32 // by bucket: 1 + the index in fpDelta of its latest entry (0: none)

	ids        idTable  // rows by id key, built on first use (tindex_ids.go)
	lookupBits []uint64 // a look-up's scratch bitmap, all zero between look-ups (markMatches)
	fpChanged  map[int32][fpFields]uint64

	dense      []*denseSet // the rows of the fingerprints on many (tindex_dense.go)
	fpTableGen uint64      // counts rebuilds of the fingerprint table
	denseAt    uint64      // fpTableGen when findDense last looked

	snap    snapState      // its file beside the database (tindex_snapshot.go)
	saves   sync.WaitGroup // saves under way
	dropped atomic.Bool    // the profile was deleted
}

func newTindex(pk int64) *tindex {
	x := &tindex{pk: pk, perms: map[SortField][]int32{}}
	for _, c := range x.cols() {
		c.init()
	}
	x.ranks = []uint8{statusRank("")}
	return x
}

// reset empties the index (its lock stays as it is). x.mu held.
func (x *tindex) reset() {
	y := newTindex(x.pk)
	x.seq, x.gen = 0, x.gen+1
	x.tid, x.rseq, x.created, x.amount, x.idHi, x.idLo = intCol{}, intCol{}, intCol{}, nil, nil, nil
	x.status, x.network, x.symbol, x.integ, x.broker, x.sub, x.user = y.status, y.network, y.symbol, y.integ, y.broker, y.sub, y.user
	x.ranks, x.perms, x.cache, x.fpSlots, x.fpChk, x.fpDir, x.fpDelta, x.fpChanged = y.ranks, y.perms, nil, nil, nil, nil, nil, nil
	x.fpHead, x.fresh, x.ids, x.lookupBits = nil, nil, idTable{}, nil
	x.dense, x.fpTableGen = nil, x.fpTableGen+1
	x.snap.loaded, x.snap.savedSeq, x.snap.since = false, 0, 0
}

func (x *tindex) cols() []*codeCol {
	return []*codeCol{&x.status, &x.network, &x.symbol, &x.integ, &x.broker, &x.sub, &x.user}
}

// len is the number of rows. x.mu held.
func (x *tindex) len() int { return x.tid.len() }

// intCol is an int64 column held as 32-bit offsets from a base while every value is within
// 2^31 of the first one (row ids, seqs and Unix seconds are), as int64s after that.
type intCol struct {
	base int64
	c32  []uint32
	c64  []int64 // non-nil once widened
}

func (c *intCol) len() int {
	if c.c64 != nil {
		return len(c.c64)
	}
	return len(c.c32)
}

func (c *intCol) get(i int) int64 {
	if c.c64 != nil {
		return c.c64[i]
	}
	return c.base + int64(c.c32[i])
}

// offset returns v - base when it fits in 32 bits.
func (c *intCol) offset(v int64) (uint32, bool) {
	if v < c.base || uint64(v)-uint64(c.base) > math.MaxUint32 {
		return 0, false
	}
	return uint32(uint64(v) - uint64(c.base)), true
}

func (c *intCol) widen() {
	c.c64 = make([]int64, len(c.c32), max(cap(c.c32), 1))
	for i, v := range c.c32 {
		c.c64[i] = c.base + int64(v)
	}
	c.c32 = nil
}

func (c *intCol) grow(k int) {
	if c.c64 != nil {
		c.c64 = slices.Grow(c.c64, k)
	} else {
		c.c32 = slices.Grow(c.c32, k)
	}
}

func (c *intCol) add(v int64) {
	if c.c64 == nil && len(c.c32) == 0 {
		c.base = v - 1<<31
		if v < math.MinInt64+1<<31 {
			c.base = math.MinInt64
		}
	}
	if c.c64 == nil {
		if o, ok := c.offset(v); ok {
			c.c32 = append(c.c32, o)
			return
		}
		c.widen()
	}
	c.c64 = append(c.c64, v)
}

func (c *intCol) set(i int, v int64) {
	if c.c64 == nil {
		if o, ok := c.offset(v); ok {
			c.c32[i] = o
			return
		}
		c.widen()
	}
	c.c64[i] = v
}

func (c *intCol) bytes() int { return 4*cap(c.c32) + 8*cap(c.c64) }

// keep clears in bits the slots whose value is outside [lo, hi].
func (c *intCol) keep(bits []uint64, lo, hi int64) {
	if c.c64 != nil {
		keepRange(bits, c.c64, lo, hi)
		return
	}
	if hi < c.base || (lo > c.base && uint64(lo)-uint64(c.base) > math.MaxUint32) {
		clear(bits) // the range misses every value the column can hold
		return
	}
	l, h := uint32(0), uint32(math.MaxUint32)
	if lo > c.base {
		l = uint32(uint64(lo) - uint64(c.base))
	}
	if o, ok := c.offset(hi); ok {
		h = o
	}
	keepRange(bits, c.c32, l, h)
}

// codeCol is a string column stored as codes into its own dictionary: 16-bit codes while the
// column has at most 65536 distinct values (status, network, symbol, integration, broker and
// sub-client have a handful), 32-bit ones after that (user ids may be many). While it has at
// most maxBitmapCodes values it also keeps a bitset of slots per value, so that a filter on it
// is an OR and an AND of bitsets (microseconds for a million rows) rather than a scan.
type codeCol struct {
	dict map[string]uint32
	strs []string
	c16  []uint16
	c32  []uint32 // non-nil once widened

	vbits [][]uint64 // by code
	many  bool       // more than maxBitmapCodes values: no bitsets
}

// maxBitmapCodes is the most values a column keeps bitsets for (each costs n/8 bytes).
const maxBitmapCodes = 64

// mark sets or clears slot s in the bitset of code v.
func (c *codeCol) mark(s int, v uint32, on bool) {
	if c.many {
		return
	}
	if v >= maxBitmapCodes {
		c.many, c.vbits = true, nil
		return
	}
	for len(c.vbits) <= int(v) {
		c.vbits = append(c.vbits, nil)
	}
	w := s >> 6
	for len(c.vbits[v]) <= w {
		c.vbits[v] = append(c.vbits[v], 0)
	}
	if on {
		c.vbits[v][w] |= 1 << (uint(s) & 63)
	} else {
		c.vbits[v][w] &^= 1 << (uint(s) & 63)
	}
}

func (c *codeCol) init() {
	c.dict, c.strs = map[string]uint32{"": 0}, []string{""}
}

// intern returns the code of b, adding it to the dictionary when new.
func (c *codeCol) intern(b []byte) uint32 {
	if id, ok := c.dict[string(b)]; ok { // no allocation for the look-up
		return id
	}
	s := string(b)
	id := uint32(len(c.strs))
	c.dict[s] = id
	c.strs = append(c.strs, s)
	if id > 0xffff && c.c32 == nil {
		c.c32 = make([]uint32, len(c.c16), max(cap(c.c16), 16))
		for i, v := range c.c16 {
			c.c32[i] = uint32(v)
		}
		c.c16 = nil
	}
	return id
}

func (c *codeCol) get(i int) uint32 {
	if c.c32 != nil {
		return c.c32[i]
	}
	return uint32(c.c16[i])
}

func (c *codeCol) set(i int, v uint32) {
	if old := c.get(i); old != v {
		c.mark(i, old, false)
		c.mark(i, v, true)
	}
	if c.c32 != nil {
		c.c32[i] = v
	} else {
		c.c16[i] = uint16(v)
	}
}

func (c *codeCol) add(v uint32) {
	if c.c32 != nil {
		c.c32 = append(c.c32, v)
		c.mark(len(c.c32)-1, v, true)
	} else {
		c.c16 = append(c.c16, uint16(v))
		c.mark(len(c.c16)-1, v, true)
	}
}

// bytes is the memory the codes take.
func (c *codeCol) bytes() int {
	n := 2*cap(c.c16) + 4*cap(c.c32)
	for _, b := range c.vbits {
		n += 8 * cap(b)
	}
	return n
}

// keep clears in bits the slots whose code is not in set.
func (c *codeCol) keep(bits []uint64, set []uint32) {
	if !c.many {
		for w, word := range bits {
			if word == 0 {
				continue
			}
			var m uint64
			for _, v := range set {
				if int(v) < len(c.vbits) && w < len(c.vbits[v]) {
					m |= c.vbits[v][w]
				}
			}
			bits[w] = word & m
		}
		return
	}
	if c.c32 != nil {
		keepCodes(bits, c.c32, set, len(c.strs))
	} else {
		keepCodes(bits, c.c16, set, len(c.strs))
	}
}

func keepCodes[T uint16 | uint32](bits []uint64, col []T, set []uint32, ncodes int) {
	if len(set) == 1 {
		v := T(set[0])
		for w, word := range bits {
			if word == 0 {
				continue
			}
			var m uint64
			for i, c := range col[w<<6 : min(w<<6+64, len(col))] {
				var bit uint64 // branch-free: a quarter of the rows match, unpredictably
				if c == v {
					bit = 1
				}
				m |= bit << uint(i)
			}
			bits[w] = word & m
		}
		return
	}
	ok := make([]bool, ncodes)
	for _, v := range set {
		ok[v] = true
	}
	for w, word := range bits {
		if word == 0 {
			continue
		}
		var m uint64
		for i, c := range col[w<<6 : min(w<<6+64, len(col))] {
			var bit uint64
			if ok[c] {
				bit = 1
			}
			m |= bit << uint(i)
		}
		bits[w] = word & m
	}
}

// keepRange clears in bits the slots whose value is outside [lo, hi] (a NaN amount, which
// SQLite cannot hold, is never outside).
func keepRange[T uint32 | int64 | float64](bits []uint64, col []T, lo, hi T) {
	for w, word := range bits {
		if word == 0 {
			continue
		}
		var m uint64
		for i, v := range col[w<<6 : min(w<<6+64, len(col))] {
			var bit uint64
			if !(v < lo || v > hi) {
				bit = 1
			}
			m |= bit << uint(i)
		}
		bits[w] = word & m
	}
}

// fpEntry is one fingerprint of a look-up value.
type fpEntry struct {
	fp   uint64
	slot int32
	prev int32 // the index in fpDelta of the previous entry in the same bucket, or -1
}

// fpBuckets is the number of buckets of the fingerprint table (the hash's top 16 bits).
const fpBuckets = 1 << 16

// fingerprint hashes a look-up value (64-bit FNV-1a over its lower-case form).
func fingerprint[S ~string | ~[]byte](v S) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(v); i++ {
		c := v[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// fpCheck is the part of a fingerprint kept beside each table entry (the bits below the
// bucket's).
func fpCheck(fp uint64) uint32 { return uint32(fp >> 16) }

// fpMergeAt is how many recent fingerprints are kept unsorted before a merge, at least: also
// an eighth of the table, so that a long sync merges a few dozen times, not once per 13,000
// rows (a merge rewrites the table; the recent entries are found through fpHead).
var fpMergeAt = 1 << 16

// fpMergeLimit is the number of recent fingerprints that makes the next merge. x.mu held.
func (x *tindex) fpMergeLimit() int { return max(fpMergeAt, len(x.fpSlots)/8) }

// fpFields is how many look-up values of a row have fingerprints: client transaction id,
// hash, destination and refund address (ids are in x.ids).
const fpFields = 4

// addFingerprints records a row's look-up values; changed says the row was in the index
// before (its older entries may be stale). x.mu held.
func (x *tindex) addFingerprints(slot int32, changed bool, vals ...[]byte) {
	if x.fpHead != nil && len(x.fpDelta)+len(vals) > cap(x.fpDelta) && len(x.fpDelta) >= x.fpMergeLimit() {
		// The room is full and due for a merge: merge now (between rows) rather than let
		// append copy the recent entries into room twice as large, which the merge at the
		// end of the batch would throw away (at a million rows, 8 MB each time).
		x.foldFingerprints(false)
	}
	var cur [fpFields]uint64
	for i, v := range vals {
		if len(v) > 0 {
			cur[i] = fingerprint(v)
			if x.fpHead == nil {
				// Room for what comes before the next merge (a sync's new rows); a small
				// index's merges come often, so its room stays small.
				x.fpHead = make([]int32, fpBuckets)
				x.fpDelta = slices.Grow(x.fpDelta, min(x.fpMergeLimit(), max(1024, len(x.fpSlots)/8)))
			}
			b := cur[i] >> 48
			x.fpDelta = append(x.fpDelta, fpEntry{cur[i], slot, x.fpHead[b] - 1})
			x.fpHead[b] = int32(len(x.fpDelta))
		}
	}
	if changed {
		if x.fpChanged == nil {
			x.fpChanged = map[int32][fpFields]uint64{}
		}
		x.fpChanged[slot] = cur
	}
	if len(x.dense) > 0 {
		x.updateDense(slot, &cur)
	}
}

// fpValid reports whether an entry (fp, slot) still describes the row. x.mu held.
func (x *tindex) fpValid(fp uint64, slot int32) bool {
	cur, ok := x.fpChanged[slot]
	return !ok || slices.Contains(cur[:], fp)
}

// foldFingerprints rebuilds the fingerprint table with the recent entries once there are
// enough of them, or always when force is set (a counting sort by bucket: linear). Entries of
// changed rows are replaced by their current ones. x.mu held.
func (x *tindex) foldFingerprints(force bool) {
	if len(x.fpDelta) < x.fpMergeLimit() && !(force && (len(x.fpDelta) > 0 || len(x.fpChanged) > 0)) {
		return
	}
	if len(x.fpChanged) == 0 && len(x.fpDir) > 0 {
		x.appendFingerprints()
		return
	}
	changed := x.fpChanged
	var entries []fpEntry // the current entries of changed rows, once each
	for slot, cur := range changed {
		for i, fp := range cur {
			if fp != 0 && !slices.Contains(cur[:i], fp) {
				entries = append(entries, fpEntry{fp, slot, -1})
			}
		}
	}
	for _, e := range x.fpDelta {
		if _, ok := changed[e.slot]; !ok {
			entries = append(entries, e)
		}
	}
	dir := make([]uint32, fpBuckets+1)
	for b := 0; b+1 < len(x.fpDir); b++ {
		for k := x.fpDir[b]; k < x.fpDir[b+1]; k++ {
			if _, ok := changed[x.fpSlots[k]]; !ok {
				dir[b+1]++
			}
		}
	}
	for _, e := range entries {
		dir[e.fp>>48+1]++
	}
	for b := 1; b < len(dir); b++ {
		dir[b] += dir[b-1]
	}
	total := dir[fpBuckets]
	slots, chk := make([]int32, total), make([]uint32, total)
	next := slices.Clone(dir[:fpBuckets])
	put := func(b uint32, slot int32, c uint32) {
		slots[next[b]], chk[next[b]] = slot, c
		next[b]++
	}
	for b := 0; b+1 < len(x.fpDir); b++ {
		for k := x.fpDir[b]; k < x.fpDir[b+1]; k++ {
			if _, ok := changed[x.fpSlots[k]]; !ok {
				put(uint32(b), x.fpSlots[k], x.fpChk[k])
			}
		}
	}
	for _, e := range entries {
		put(uint32(e.fp>>48), e.slot, fpCheck(e.fp))
	}
	x.fpSlots, x.fpChk, x.fpDir, x.fpDelta, x.fpChanged, x.fpHead = slots, chk, dir, x.fpDelta[:0], nil, nil
	x.fpTableGen++
}

// appendFingerprints is foldFingerprints when no row changed (a sync's new rows): each
// bucket's entries are moved up as they are, then the bucket's recent entries added. x.mu
// held.
//
// It works in place, from the last bucket down: a bucket only moves up, into room left by
// the buckets above it, which have already moved. When the arrays must grow they get room
// for the next merge too (an eighth more, fpMergeLimit), so every other merge allocates
// nothing: a new copy of the table at each merge was a sixth of what a long sync allocated.
func (x *tindex) appendFingerprints() {
	dir := make([]uint32, fpBuckets+1)
	for _, e := range x.fpDelta {
		dir[e.fp>>48+1]++
	}
	for b := 1; b < len(dir); b++ {
		dir[b] += dir[b-1] + x.fpDir[b] - x.fpDir[b-1]
	}
	total := int(dir[fpBuckets])
	slots, chk := growFP(x.fpSlots, total), growFP(x.fpChk, total)
	next := make([]uint32, fpBuckets)
	for b := fpBuckets - 1; b >= 0; b-- {
		lo, hi := x.fpDir[b], x.fpDir[b+1]
		copy(slots[dir[b]:], slots[lo:hi]) // copy moves overlapping ranges correctly
		copy(chk[dir[b]:], chk[lo:hi])
		next[b] = dir[b] + hi - lo
	}
	for _, e := range x.fpDelta {
		b := e.fp >> 48
		slots[next[b]], chk[next[b]] = e.slot, fpCheck(e.fp)
		next[b]++
	}
	x.fpSlots, x.fpChk, x.fpDir, x.fpDelta, x.fpHead = slots, chk, dir, x.fpDelta[:0], nil // its room is kept
	x.fpTableGen++
}

// growFP returns s with length n (n >= len(s)), in place when it has the room; otherwise a
// copy with room for an eighth more.
func growFP[T int32 | uint32](s []T, n int) []T {
	if n <= cap(s) {
		return s[:n]
	}
	out := make([]T, n, n+n/8)
	copy(out, s)
	return out
}

// matchSlots returns the slots of the rows whose client transaction id, hash, destination or
// refund address equals v (ignoring ASCII case), ascending and once each: the fingerprint
// table's answer, exact unless two values share 48 bits of their hash. x.mu held.
func (x *tindex) matchSlots(v string) []int32 {
	fp := fingerprint(v)
	chk, slots := x.fpBucket(fp)
	out := make([]int32, 0, x.fpEntries(fp, len(x.fpSlots)+len(x.fpDelta)))
	c, changed := fpCheck(fp), len(x.fpChanged) > 0
	for i, k := range chk {
		if k == c && (!changed || x.fpValid(fp, slots[i])) {
			out = append(out, slots[i])
		}
	}
	// The recent entries through their bucket's chain (a long sync's are many).
	if x.fpHead != nil {
		for i := x.fpHead[fp>>48] - 1; i >= 0; i = x.fpDelta[i].prev {
			if e := x.fpDelta[i]; e.fp == fp && x.fpValid(fp, e.slot) {
				out = append(out, e.slot)
			}
		}
	}
	// A bucket is mostly in slot order already (the table is built and extended by slot).
	if !slices.IsSorted(out) {
		slices.Sort(out)
	}
	return slices.Compact(out)
}

// fpBucket returns the check values and slots of fp's bucket of the fingerprint table (the
// recent entries aside). x.mu held.
func (x *tindex) fpBucket(fp uint64) (chk []uint32, slots []int32) {
	if len(x.fpDir) == 0 {
		return nil, nil
	}
	lo, hi := x.fpDir[fp>>48], x.fpDir[fp>>48+1]
	return x.fpChk[lo:hi], x.fpSlots[lo:hi]
}

// fpEntries counts the entries with fp's 48 bits, valid or not (at least the rows matchSlots
// finds), up to max+1: it stops once there are more than max. x.mu held.
func (x *tindex) fpEntries(fp uint64, max int) int {
	chk, _ := x.fpBucket(fp)
	c, n := fpCheck(fp), 0
	for _, k := range chk {
		if k == c {
			if n++; n > max {
				return n
			}
		}
	}
	if x.fpHead != nil {
		for i := x.fpHead[fp>>48] - 1; i >= 0 && n <= max; i = x.fpDelta[i].prev {
			if x.fpDelta[i].fp == fp {
				n++
			}
		}
	}
	return n
}

// result is the list one (filter, sort) selects, valid for one generation. It is never changed
// once built except for slots, which are filled in (once) when a jump or a continuation needs
// the whole ordered list.
type result struct {
	key  string
	gen  uint64
	desc bool
	sort SortField

	all   bool     // every row: the permutation itself is the list
	bits  []uint64 // the selected slots (nil when all)
	count int

	slots []int32 // the list, in list order or (rev) reversed; nil until built
	rev   bool
}

func (res *result) slot(i int) int32 {
	if res.rev {
		return res.slots[len(res.slots)-1-i]
	}
	return res.slots[i]
}

type rowKey struct {
	key        float64
	idHi, idLo uint64
	tid        int64
}

func compareKeys(a, b rowKey) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	if c := cmp.Compare(a.idHi, b.idHi); c != 0 {
		return c
	}
	if c := cmp.Compare(a.idLo, b.idLo); c != 0 {
		return c
	}
	return cmp.Compare(a.tid, b.tid)
}

func idKey[S ~string | ~[]byte](id S) (uint64, uint64) {
	var b [16]byte
	copy(b[:], id)
	return binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
}

// sortKey is a row's key for a sort field, as float64 (exact for Unix seconds). x.mu held.
func (x *tindex) sortKey(f SortField, s int32) float64 {
	switch f {
	case SortAmount:
		return amountKey(x.amount[s])
	case SortStatus:
		return float64(x.ranks[x.status.get(int(s))])
	}
	return float64(x.created.get(int(s)))
}

func (x *tindex) key(f SortField, s int32) rowKey {
	return rowKey{x.sortKey(f, s), x.idHi[s], x.idLo[s], x.tid.get(int(s))}
}

func (x *tindex) compareSlots(f SortField) func(a, b int32) int {
	return func(a, b int32) int { return compareKeys(x.key(f, a), x.key(f, b)) }
}

// after returns the position of the first row that comes after c in the list's order.
// x.mu held; res belongs to the current generation and its slots are built.
func (x *tindex) after(res *result, c Cursor) int {
	hi, lo := idKey(c.ID)
	ck := rowKey{c.Key, hi, lo, c.TID}
	return sort.Search(len(res.slots), func(i int) bool {
		k := x.key(res.sort, res.slot(i))
		if res.desc {
			return compareKeys(k, ck) < 0
		}
		return compareKeys(k, ck) > 0
	})
}

// firstWalk is the deepest window end answered by walking the permutation without building
// (and keeping) the whole list.
var firstWalk = 2000

// smallList is the largest list built by sorting its rows rather than by walking the
// permutation.
var smallList = 4096

// window returns the row ids of one window of the list the query selects, the list's length
// and the window's position.
func (x *tindex) window(ctx context.Context, db *DB, q TransferQuery) (tids []int64, total, pos int, err error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	res, err := x.result(ctx, db, q.Filter, q.Sort, q.Desc)
	if err != nil {
		return nil, 0, 0, err
	}
	total = res.count
	pos = min(q.Offset, total)
	if q.After != nil {
		x.build(res)
		pos = x.after(res, *q.After)
	}
	end := min(pos+q.Limit, total)
	if end <= pos {
		return []int64{}, total, pos, nil
	}
	tids = make([]int64, 0, end-pos)
	if res.slots == nil && (end > firstWalk || res.count <= smallList) {
		x.build(res) // a short list is sorted at once; a walk would cross most of the order
	}
	if res.slots != nil {
		for i := pos; i < end; i++ {
			tids = append(tids, x.tid.get(int(res.slot(i))))
		}
		return tids, total, pos, nil
	}
	x.walk(res, func(k int, s int32) bool {
		if k >= pos {
			tids = append(tids, x.tid.get(int(s)))
		}
		return k+1 < end
	})
	return tids, total, pos, nil
}

// walk calls fn with each selected slot in list order and its position, until fn returns
// false. x.mu held.
func (x *tindex) walk(res *result, fn func(k int, s int32) bool) {
	perm := x.perm(res.sort)
	n := len(perm)
	k := 0
	for i := range n {
		s := perm[i]
		if res.desc {
			s = perm[n-1-i]
		}
		if res.all || res.bits[s>>6]&(1<<(uint(s)&63)) != 0 {
			if !fn(k, s) {
				return
			}
			k++
		}
	}
}

// build fills in res.slots. x.mu held.
func (x *tindex) build(res *result) {
	if res.slots != nil {
		return
	}
	if res.all {
		res.slots, res.rev = x.perm(res.sort), res.desc // the permutation itself: nothing to copy
		return
	}
	slots := make([]int32, 0, res.count)
	if res.count <= smallList {
		for w, word := range res.bits {
			for word != 0 {
				slots = append(slots, int32(w<<6+bits.TrailingZeros64(word)))
				word &= word - 1
			}
		}
		cmpf := x.compareSlots(res.sort)
		if res.desc {
			slices.SortFunc(slots, func(a, b int32) int { return cmpf(b, a) })
		} else {
			slices.SortFunc(slots, cmpf)
		}
	} else {
		// The walk, without a call per row: a million rows in a few milliseconds.
		// Branch-free: every slot is written, and kept by moving on only when selected (one
		// spare element for the writes after the last selected slot).
		perm, sel := x.perm(res.sort), res.bits
		slots = make([]int32, res.count+1)
		k, n := 0, len(perm)
		if res.desc {
			for i := n - 1; i >= 0; i-- {
				s := perm[i]
				slots[k] = s
				k += int(sel[s>>6] >> (uint(s) & 63) & 1)
			}
		} else {
			for _, s := range perm {
				slots[k] = s
				k += int(sel[s>>6] >> (uint(s) & 63) & 1)
			}
		}
		slots = slots[:res.count]
	}
	res.slots = slots
}

// allTIDs returns the row ids of the whole list the filter selects, in order.
func (x *tindex) allTIDs(ctx context.Context, db *DB, f TransferFilter, s SortField, desc bool) ([]int64, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	res, err := x.result(ctx, db, f, s, desc)
	if err != nil {
		return nil, err
	}
	x.build(res)
	tids := make([]int64, len(res.slots))
	for i := range tids {
		tids[i] = x.tid.get(int(res.slot(i)))
	}
	return tids, nil
}

// index returns the index of a profile (loaded on its first query).
func (db *DB) index(ctx context.Context, profileID string) (*tindex, error) {
	pk, err := profilePK(ctx, db.rs, profileID)
	if err != nil {
		return nil, err
	}
	return db.indexFor(pk, profileID), nil
}

// indexFor returns the index of the profile (pk, profileID), creating it empty.
func (db *DB) indexFor(pk int64, profileID string) *tindex {
	db.idxMu.Lock()
	x := db.indexes[pk]
	if x == nil {
		x = newTindex(pk)
		x.snap.path, x.snap.profileID = snapshotPath(db.path, pk), profileID
		if snapshotMinRows < 0 {
			x.snap.path = "" // turned off
		}
		db.indexes[pk] = x
	}
	db.idxMu.Unlock()
	return x
}

// dropIndex forgets a profile's index (the profile was deleted) and removes its snapshot.
func (db *DB) dropIndex(pk int64) {
	db.idxMu.Lock()
	if x := db.indexes[pk]; x != nil {
		x.dropped.Store(true) // a save under way does not write the file back
	}
	delete(db.indexes, pk)
	db.idxMu.Unlock()
	os.Remove(snapshotPath(db.path, pk))
}

// slotOf returns the slot of a row id at or after slot from (row ids ascend with slots):
// galloping, so a run of ascending row ids costs little more than a merge.
func (x *tindex) slotOf(from int, tid int64) (int, bool) {
	n := x.len()
	if from > 0 && (from > n || x.tid.get(from-1) >= tid) {
		from = 0
	}
	lo, hi, step := from, from, 1
	for hi < n && x.tid.get(hi) < tid {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, n)
	i := lo + sort.Search(hi-lo, func(i int) bool { return x.tid.get(lo+i) >= tid })
	return i, i < n && x.tid.get(i) == tid
}

// loaded is a row as refresh reads it.
type loaded struct {
	tid, seq, created int64
	amount            float64
	idHi, idLo        uint64
	codes             [7]uint32 // in cols() order
}

// errReorder means row ids appeared out of order (not something SQLite does): the index
// starts over.
var errReorder = fmt.Errorf("row ids out of order")

// seqQuery reads the counter every change to transfers moves.
const seqQuery = `SELECT value FROM counters WHERE name = 'transfer_seq'`

// refresh loads the rows changed since the last refresh — the first time from the snapshot
// file when it is usable (tindex_snapshot.go), then the rows changed after it — and queues a
// save of the snapshot when enough rows were loaded from the table since the last one. Called
// with x.mu held.
func (x *tindex) refresh(ctx context.Context, db *DB) error {
	if x.len() == 0 && !x.snap.tried && x.snap.path != "" {
		x.snap.tried = true
		if err := x.loadSnapshot(ctx, db); err != nil {
			x.snap.note = err.Error()
			x.reset()
			if !errors.Is(err, errSnapshot) && ctx.Err() != nil {
				x.snap.tried = false // cancelled: try the file again next time
				return err
			}
		}
	}
	err := x.load(ctx, db)
	if err == errReorder {
		x.reset()
		err = x.load(ctx, db)
	}
	if err == nil {
		x.findDense()
		x.maybeSave()
	}
	return err
}

func (x *tindex) load(ctx context.Context, db *DB) error {
	// Nothing changed since the last load (a look-up's usual case): one prepared read, no
	// transaction (its BEGIN and ROLLBACK are parsed each time).
	var seq int64
	if err := db.rs.QueryRowContext(ctx, seqQuery).Scan(&seq); err == nil && seq == x.seq {
		return nil
	}
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur int64
	if err := tx.QueryRowContext(ctx, seqQuery).Scan(&cur); err != nil {
		return fmt.Errorf("read transfer_seq: %w", err)
	}
	if cur == x.seq {
		return nil
	}
	const cols = `tid, seq, created_ts, amount_in_fiat, id, status, network_name, symbol, from_id, from_type, sub_client_id, user_id,
		client_transaction_id, hash, destination_address, refund_address FROM transfers`
	var rows *sql.Rows
	cold := x.len() == 0
	if cold {
		// The first load: size the arrays once, then read the table in row-id order (no index,
		// no sort; "+" keeps SQLite from using the profile's index and sorting a million rows).
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM transfers WHERE profile_pk = ?`, x.pk).Scan(&n); err != nil {
			return fmt.Errorf("count transfers: %w", err)
		}
		x.grow(n)
		rows, err = tx.QueryContext(ctx, `SELECT `+cols+` WHERE +profile_pk = ? ORDER BY tid`, x.pk)
	} else {
		// Through the seq index (named, so the planner never prefers reading the whole table
		// in row-id order to the sort of a few changed rows).
		rows, err = tx.QueryContext(ctx, `SELECT `+cols+` INDEXED BY transfers_seq WHERE profile_pk = ? AND seq > ? ORDER BY tid`, x.pk, x.seq)
	}
	if err != nil {
		return fmt.Errorf("load transfers: %w", err)
	}
	defer rows.Close()
	// RawBytes: a million rows are loaded without allocating their strings.
	var r rowVals
	var id, ctid, hash, dest, refund sql.RawBytes
	var strs [7]sql.RawBytes
	err = x.apply(cur, cold, func() (*rowVals, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		if err := rows.Scan(&r.tid, &r.seq, &r.created, &r.amount, &id, &strs[0], &strs[1], &strs[2], &strs[3], &strs[4], &strs[5], &strs[6],
			&ctid, &hash, &dest, &refund); err != nil {
			return nil, err
		}
		r.id, r.ctid, r.hash, r.dest, r.refund = id, ctid, hash, dest, refund
		for i := range strs {
			r.strs[i] = strs[i]
		}
		return &r, nil
	})
	if err != nil && err != errReorder {
		return fmt.Errorf("load transfers: %w", err)
	}
	return err
}

// rowVals is a row to put in the index: its columns in load's SELECT order (strs in cols()
// order).
type rowVals struct {
	loaded
	id, ctid, hash, dest, refund []byte
	strs                         [7][]byte
}

// apply puts rows (next returns nil after the last) into the index, which then follows the
// table up to seq cur; cold says it was empty. x.mu held.
func (x *tindex) apply(cur int64, cold bool, next func() (*rowVals, error)) error {
	type change struct {
		slot int32
		old  [3]float64 // sort keys before the change, by sortFields order
	}
	var changes []change
	var fresh []int32
	cs := x.cols()
	for {
		rv, err := next()
		if err != nil {
			return err
		}
		if rv == nil {
			break
		}
		r := &rv.loaded
		r.idHi, r.idLo = idKey(rv.id)
		for i, c := range cs {
			r.codes[i] = c.intern(rv.strs[i])
		}
		for int(r.codes[0]) >= len(x.ranks) {
			x.ranks = append(x.ranks, statusRank(mesh.TransferStatus(x.status.strs[len(x.ranks)])))
		}
		n := x.len()
		var slot int32
		old := false
		switch {
		case n == 0 || r.tid > x.tid.get(n-1):
			slot = int32(n)
			x.appendRow(r)
			fresh = append(fresh, slot)
		default:
			old = true
			s, ok := x.slotOf(0, r.tid)
			if !ok {
				return errReorder
			}
			c := change{slot: int32(s)}
			for i, f := range sortFields {
				c.old[i] = x.sortKey(f, c.slot)
			}
			x.setRow(s, r)
			changes = append(changes, c)
			slot = c.slot
		}
		x.addFingerprints(slot, old, rv.ctid, rv.hash, rv.dest, rv.refund)
		if !old {
			x.addID(slot)
		}
	}
	x.foldFingerprints(false)
	x.seq = cur
	x.snap.since += len(changes) + len(fresh)
	if cold && x.len() > 0 {
		// Every order ready with the index (the first load runs in the app's warm-up, not
		// in front of a window): about 12 bytes a row for the three.
		defer x.buildPerms(sortFields...)
	}
	if len(changes) == 0 && len(fresh) == 0 {
		return nil
	}
	x.gen++
	x.cache = nil
	if cold {
		return nil // the orders are built whole (above)
	}
	x.fresh = append(x.fresh, fresh...)
	if len(changes) == 0 {
		// New rows only (a sync's batches): the orders take them in when next used, so that a
		// long sync merges them into a million-row order once per window, not once per batch.
		return nil
	}
	x.mergeMoved(func(i int, f SortField) []int32 {
		var moved []int32
		for _, c := range changes {
			if c.old[i] != x.sortKey(f, c.slot) {
				moved = append(moved, c.slot)
			}
		}
		return moved
	})
	return nil
}

// mergeMoved puts into each order the new rows apply left aside (x.fresh) and the rows whose
// key for it changed (changed, when set, lists them by sortFields index), in one pass. x.mu
// held.
func (x *tindex) mergeMoved(changed func(i int, f SortField) []int32) {
	fresh := x.fresh
	x.fresh = nil
	n := x.len()
	for i, f := range sortFields {
		perm, ok := x.perms[f]
		if !ok {
			continue
		}
		moved := slices.Clone(fresh)
		if changed != nil {
			moved = append(moved, changed(i, f)...)
		}
		if len(moved) == 0 {
			continue // e.g. a status change leaves the created and amount orders as they were
		}
		if len(moved) > n/8 {
			delete(x.perms, f)
			continue
		}
		x.perms[f] = x.remerge(f, perm, moved)
	}
}

// remerge returns perm with the rows moved (changed keys, or new) put in their places. x.mu held.
func (x *tindex) remerge(f SortField, perm, moved []int32) []int32 {
	n := x.len()
	out := make([]int32, 0, n)
	isMoved := make([]uint64, (n+63)/64)
	for _, s := range moved {
		isMoved[s>>6] |= 1 << (uint(s) & 63)
	}
	byKey := x.compareSlots(f)
	slices.SortFunc(moved, byKey)
	j := 0
	for _, s := range perm {
		if isMoved[s>>6]&(1<<(uint(s)&63)) != 0 {
			continue
		}
		for j < len(moved) && byKey(moved[j], s) < 0 {
			out = append(out, moved[j])
			j++
		}
		out = append(out, s)
	}
	return append(out, moved[j:]...)
}

func (x *tindex) grow(k int) {
	x.tid.grow(k)
	x.rseq.grow(k)
	x.created.grow(k)
	x.amount = slices.Grow(x.amount, k)
	x.idHi = slices.Grow(x.idHi, k)
	x.idLo = slices.Grow(x.idLo, k)
}

func (x *tindex) appendRow(r *loaded) {
	x.tid.add(r.tid)
	x.rseq.add(r.seq)
	x.created.add(r.created)
	x.amount = append(x.amount, r.amount)
	x.idHi = append(x.idHi, r.idHi)
	x.idLo = append(x.idLo, r.idLo)
	for i, c := range x.cols() {
		c.add(r.codes[i])
	}
}

func (x *tindex) setRow(s int, r *loaded) {
	x.rseq.set(s, r.seq)
	x.created.set(s, r.created)
	x.amount[s], x.idHi[s], x.idLo[s] = r.amount, r.idHi, r.idLo
	for i, c := range x.cols() {
		c.set(s, r.codes[i])
	}
}

// memBytes is the memory the index's arrays take (for the benchmarks' report).
func (x *tindex) memBytes() int {
	n := x.tid.bytes() + x.rseq.bytes() + x.created.bytes() + 8*(cap(x.idHi)+cap(x.idLo)+cap(x.amount)) + cap(x.ranks)
	for _, c := range x.cols() {
		n += c.bytes()
		for _, s := range c.strs {
			n += len(s) + 16 + 24 // the string, its header in strs, roughly its map entry
		}
	}
	for _, p := range x.perms {
		n += 4 * cap(p)
	}
	n += 4*cap(x.fpSlots) + 4*cap(x.fpChk) + 4*cap(x.fpDir) + 16*cap(x.fpDelta) + 4*cap(x.fpHead) + 48*len(x.fpChanged) + x.ids.bytes() + 8*cap(x.lookupBits) + x.denseBytes()
	for _, r := range x.cache {
		n += 8*cap(r.bits) + 4*cap(r.slots)
	}
	return n
}

// perm returns the ascending permutation for f, building it when needed. x.mu held.
func (x *tindex) perm(f SortField) []int32 {
	x.mergeMoved(nil)
	if p, ok := x.perms[f]; ok && len(p) == x.len() {
		return p
	}
	x.buildPerms(f)
	return x.perms[f]
}

// buildPerms builds the orders of fs. Stable radix sorts (linear; a comparison sort of a
// million slots costs about a second of CPU): by id and row id first, once for all of fs, then
// by each sort key, so ties stay in id order. x.mu held.
func (x *tindex) buildPerms(fs ...SortField) {
	n := x.len()
	keys := make([]uint64, n)
	for s := range n {
		keys[s] = x.idLo[s]
	}
	byID := radixSort(identity(n), keys)
	for i, s := range byID {
		keys[i] = x.idHi[s]
	}
	byID = radixSort(byID, keys)
	for k, f := range fs {
		p := byID
		if k < len(fs)-1 {
			p = slices.Clone(byID)
		}
		for i, s := range p {
			keys[i] = orderKey(x.sortKey(f, s))
		}
		x.perms[f] = radixSort(p, keys)
	}
}

func identity(n int) []int32 {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return p
}

// orderKey maps a sort key to an unsigned integer in the same order (-0 equals 0, as in
// compareKeys).
func orderKey(f float64) uint64 {
	if f == 0 {
		f = 0
	}
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// radixSort sorts p stably by keys (keys[i] belongs to p[i]; both are reordered, and the
// sorted p is returned: it may be a new slice). Bytes that every key shares are skipped.
func radixSort(p []int32, keys []uint64) []int32 {
	n := len(p)
	if n < 2 {
		return p
	}
	tp, tk := make([]int32, n), make([]uint64, n)
	for shift := uint(0); shift < 64; shift += 8 {
		var count [257]int
		for _, k := range keys {
			count[int(byte(k>>shift))+1]++
		}
		if count[int(byte(keys[0]>>shift))+1] == n {
			continue
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for i, k := range keys {
			b := byte(k >> shift)
			tp[count[b]], tk[count[b]] = p[i], k
			count[b]++
		}
		p, tp, keys, tk = tp, p, tk, keys
	}
	return p
}

func filterKey(f TransferFilter, s SortField, desc bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%v|%v|%v|%v|%v|%v|%q|%q|%d|%d|%q|%q|", s, desc, f.Statuses, f.Networks, f.Symbols, f.IntegrationIDs, f.BrokerTypes, f.UserID, f.SubClientID, f.CreatedFrom, f.CreatedTo, strings.ToLower(f.Search), f.Match)
	if f.MinFiat != nil {
		fmt.Fprintf(&b, "%v", *f.MinFiat)
	}
	b.WriteByte('|')
	if f.MaxFiat != nil {
		fmt.Fprintf(&b, "%v", *f.MaxFiat)
	}
	return b.String()
}

// codes returns the codes of vals in c (unknown values have none).
func codes(c *codeCol, vals []string) []uint32 {
	var out []uint32
	for _, v := range vals {
		if id, ok := c.dict[v]; ok {
			out = append(out, id)
		}
	}
	return out
}

// selectRows returns the bitset of the rows f selects and how many there are; all reports that
// f selects every row (bits is then nil). x.mu held.
func (x *tindex) selectRows(ctx context.Context, db *DB, f TransferFilter) (bits []uint64, count int, all bool, err error) {
	n := x.len()
	type cond struct {
		col  *codeCol
		vals []string
	}
	var conds []cond
	add := func(c *codeCol, vals ...string) {
		if len(vals) > 0 && (len(vals) > 1 || vals[0] != "") {
			conds = append(conds, cond{c, vals})
		}
	}
	st := make([]string, len(f.Statuses))
	for i, s := range f.Statuses {
		st[i] = string(s)
	}
	add(&x.status, st...)
	add(&x.network, f.Networks...)
	add(&x.symbol, f.Symbols...)
	add(&x.integ, f.IntegrationIDs...)
	add(&x.broker, f.BrokerTypes...)
	add(&x.sub, f.SubClientID)
	add(&x.user, f.UserID)
	ranged := f.CreatedFrom != 0 || f.CreatedTo != 0 || f.MinFiat != nil || f.MaxFiat != nil
	if len(conds) == 0 && !ranged && f.Search == "" && f.Match == "" && len(f.Tags) == 0 { // Tags: treasury
		return nil, n, true, nil
	}
	sets := make([][]uint32, len(conds))
	for i, c := range conds {
		if sets[i] = codes(c.col, c.vals); len(sets[i]) == 0 {
			return make([]uint64, (n+63)/64), 0, false, nil // only unknown values: nothing matches
		}
	}
	if f.Search != "" {
		if bits, err = x.searchSet(ctx, db, f.Search); err != nil {
			return nil, 0, false, err
		}
	} else {
		bits = make([]uint64, (n+63)/64)
		for i := range bits {
			bits[i] = ^uint64(0)
		}
		if n%64 != 0 {
			bits[len(bits)-1] = 1<<uint(n%64) - 1
		}
	}
	if f.Match != "" {
		slots, err := x.lookupSlots(ctx, db, f.Match)
		if err != nil {
			return nil, 0, false, err
		}
		keep := make([]uint64, len(bits))
		for _, s := range slots {
			keep[s>>6] |= 1 << (uint(s) & 63)
		}
		for i := range bits {
			bits[i] &= keep[i]
		}
	}
	// Treasury (treasury_query.go): the search also sees notes and tags; Tags keeps tagged rows.
	if bits, err = x.treasuryFilter(ctx, db, f, bits); err != nil {
		return nil, 0, false, err
	}
	// The most selective conditions first would be better still; the lists' order is good
	// enough: each condition skips the words the ones before it emptied.
	for i, c := range conds {
		c.col.keep(bits, sets[i])
	}
	if from, to := f.CreatedFrom, f.CreatedTo; from != 0 || to != 0 {
		if from == 0 {
			from = math.MinInt64 // 0 is open, as in the SQL
		}
		if to == 0 {
			to = math.MaxInt64
		}
		x.created.keep(bits, from, to)
	}
	if f.MinFiat != nil || f.MaxFiat != nil {
		lo, hi := -1e308, 1e308
		if f.MinFiat != nil {
			lo = *f.MinFiat
		}
		if f.MaxFiat != nil {
			hi = *f.MaxFiat
		}
		keepRange(bits, x.amount, lo, hi)
	}
	for _, w := range bits {
		count += bitsOnes(w)
	}
	if count == n {
		return nil, n, true, nil // e.g. a date range around everything: the orders themselves
	}
	return bits, count, false, nil
}

func bitsOnes(w uint64) int { return bits.OnesCount64(w) }

// result refreshes the index and returns the list the filter selects (cached per
// generation; the last few results are kept for scrolling and jumps). x.mu held.
func (x *tindex) result(ctx context.Context, db *DB, f TransferFilter, s SortField, desc bool) (*result, error) {
	if err := x.refresh(ctx, db); err != nil {
		return nil, err
	}
	key := filterKey(f, s, desc)
	tkey, err := db.treasuryKey(ctx, f) // treasury: tags, and a count of note/tag changes
	if err != nil {
		return nil, err
	}
	key += tkey
	for i, c := range x.cache {
		if c.key == key && c.gen == x.gen {
			// Most recently used last, so scrolling one list keeps it.
			x.cache = append(slices.Delete(x.cache, i, i+1), c)
			return c, nil
		}
	}
	res := &result{key: key, gen: x.gen, desc: desc, sort: s}
	if res.bits, res.count, res.all, err = x.selectRows(ctx, db, f); err != nil {
		return nil, err
	}
	x.cache = append(x.cache, res)
	if len(x.cache) > 4 {
		x.cache = x.cache[1:]
	}
	return res, nil
}

// searchSet returns the bitset (by slot) of rows whose searchable text contains term: rows the
// search index has reached come from the FTS5 trigram index, the others are scanned directly.
// x.mu held.
func (x *tindex) searchSet(ctx context.Context, db *DB, term string) ([]uint64, error) {
	term = strings.ToLower(term)
	if utf8.RuneCountInString(term) < MinSearchLen {
		return nil, invalidf("search needs at least %d characters", MinSearchLen)
	}
	bits := make([]uint64, (x.len()+63)/64)
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var done int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM search_progress WHERE profile_pk = ?), 0)`, x.pk).Scan(&done); err != nil {
		return nil, fmt.Errorf("search progress: %w", err)
	}
	// set marks the rows of a query's row ids; fresh keeps only rows changed after the
	// search index reached them.
	set := func(fresh bool, q string, args ...any) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		defer rows.Close()
		at := 0
		for rows.Next() {
			var tid int64
			if err := rows.Scan(&tid); err != nil {
				return fmt.Errorf("search: %w", err)
			}
			s, ok := x.slotOf(at, tid)
			if ok && (fresh || x.rseq.get(s) <= done) {
				bits[s>>6] |= 1 << (uint(s) & 63)
			}
			at = s
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("search: %w", err)
		}
		return nil
	}
	if done > 0 {
		phrase := `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
		// Rows changed after the index reached them are answered by the scan below.
		if err := set(false, `SELECT rowid FROM transfer_search WHERE transfer_search MATCH ?`, phrase); err != nil {
			return nil, err
		}
	}
	err = set(true, `SELECT tid FROM transfers WHERE profile_pk = ?1 AND seq > ?2 AND (instr(lower(id), ?3) OR instr(lower(client_transaction_id), ?3)
		OR instr(lower(hash), ?3) OR instr(lower(destination_address), ?3) OR instr(lower(refund_address), ?3) OR instr(lower(user_id), ?3))`, x.pk, done, term)
	if err != nil {
		return nil, err
	}
	return bits, nil
}

// IndexStats describes a profile's in-memory query index.
type IndexStats struct {
	// Rows is how many transfers it holds; Bytes roughly the memory its arrays take.
	Rows  int `json:"rows"`
	Bytes int `json:"bytes"`
	// FromSnapshot says it was read from its snapshot file (then only the rows changed after
	// the file was written came from the table); SnapshotNote why the file was not used or
	// could not be written, if so.
	FromSnapshot bool   `json:"fromSnapshot"`
	SnapshotNote string `json:"snapshotNote,omitempty"`
}

// QueryIndexStats loads (or brings up to date) a profile's query index and describes it.
func (db *DB) QueryIndexStats(ctx context.Context, profileID string) (IndexStats, error) {
	x, err := db.index(ctx, profileID)
	if err != nil {
		return IndexStats{}, fmt.Errorf("query index: %w", err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.refresh(ctx, db); err != nil {
		return IndexStats{}, fmt.Errorf("query index: %w", err)
	}
	return IndexStats{Rows: x.len(), Bytes: x.memBytes(), FromSnapshot: x.snap.loaded, SnapshotNote: x.snap.note}, nil
}
