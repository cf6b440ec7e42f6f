package store

import (
	"math/bits"
	"slices"
)

// idTable finds a profile's rows by id for the writers and look-ups (ids.go): the slots of
// every row grouped by a hash of its id key (the id's first 16 bytes, which the index keeps
// per row anyway, idHi and idLo), so an entry is just a slot (4 bytes; the key is compared in
// idHi and idLo) and the table is built from memory, not from the table or the snapshot. It is
// built on first use: a process that only reads (a query, an export) never pays for it. A key
// names every row whose id starts with those 16 bytes; callers read the rows and compare ids.
type idTable struct {
	built bool
	dir   []uint32 // bucket b is slots[dir[b]:dir[b+1]]
	slots []int32
	delta []fpEntry // rows added since the last merge (slot and chain; fp unused)
	head  []int32   // by bucket: 1 + the index in delta of its latest entry (0: none)
}

// idHash mixes an id key into 64 bits (its top 16 pick the bucket).
func idHash(hi, lo uint64) uint64 {
	return (hi ^ bits.RotateLeft64(lo, 29)) * 0x9e3779b97f4a7c15
}

// idSlots returns the slots of the rows whose id key is (hi, lo), building the table the first
// time. x.mu held.
func (x *tindex) idSlots(hi, lo uint64) []int32 {
	t := &x.ids
	if !t.built {
		x.buildIDs()
	}
	h := idHash(hi, lo)
	var out []int32
	b := h >> 48
	for _, s := range t.slots[t.dir[b]:t.dir[b+1]] {
		if x.idHi[s] == hi && x.idLo[s] == lo {
			out = append(out, s)
		}
	}
	if t.head != nil {
		for i := t.head[b] - 1; i >= 0; i = t.delta[i].prev {
			if s := t.delta[i].slot; x.idHi[s] == hi && x.idLo[s] == lo {
				out = append(out, s)
			}
		}
	}
	return out
}

// buildIDs builds the id table from every row (a counting sort by bucket). x.mu held.
func (x *tindex) buildIDs() {
	n := x.len()
	dir := make([]uint32, fpBuckets+1)
	for s := range n {
		dir[idHash(x.idHi[s], x.idLo[s])>>48+1]++
	}
	for b := 1; b < len(dir); b++ {
		dir[b] += dir[b-1]
	}
	slots := make([]int32, n)
	next := append([]uint32(nil), dir[:fpBuckets]...)
	for s := range n {
		b := idHash(x.idHi[s], x.idLo[s]) >> 48
		slots[next[b]] = int32(s)
		next[b]++
	}
	// The recent entries' room and heads are kept, emptied, for the rows that come next.
	clear(x.ids.head)
	x.ids = idTable{built: true, dir: dir, slots: slots, delta: x.ids.delta[:0], head: x.ids.head}
}

// addID records a new row's id key in the table, when it is built (a row's id never changes,
// so only new rows are added); the recent entries are merged in once they are an eighth of
// the table. x.mu held.
func (x *tindex) addID(slot int32) {
	t := &x.ids
	if !t.built {
		return
	}
	if len(t.delta) >= max(fpMergeAt, len(t.slots)/8) {
		x.buildIDs()
		return // the rebuild took every row, this one too
	}
	if len(t.delta) == 0 {
		// Room for what comes before the next merge, as for the fingerprints (grown by
		// append, the entries were copied about twice over).
		if t.head == nil {
			t.head = make([]int32, fpBuckets)
		}
		t.delta = slices.Grow(t.delta, max(1024, len(t.slots)/8))
	}
	b := idHash(x.idHi[slot], x.idLo[slot]) >> 48
	t.delta = append(t.delta, fpEntry{0, slot, t.head[b] - 1})
	t.head[b] = int32(len(t.delta))
}

// bytes is the memory the table takes.
func (t *idTable) bytes() int {
	return 4*cap(t.slots) + 4*cap(t.dir) + 16*cap(t.delta) + 4*cap(t.head)
}
