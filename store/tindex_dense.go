package store

import "math/bits"

// A dense fingerprint is one on a large share of the rows: a business's own deposit address
// can be the destination of a tenth of its transfers. A look-up of it used to walk its
// hundred thousand entries to count them and mark them in a bitmap (about 0.25 ms at a
// million rows, most of the look-up). Each dense fingerprint keeps its bitmap instead, found
// when the fingerprint table is rebuilt and kept up to date as rows come and change, so that
// a look-up reads its count and walks the created order against it.
//
// The cost: a bitmap is a bit a row (125 KiB at a million rows), at most denseMax of them. A
// fingerprint only becomes dense on at least one row in denseShare, whose entries in the
// table take 8 bytes each: its bitmap adds at most 3/8 of what it already costs. (In the
// emulator's million transfers six destination addresses are that dense, 0.75 MiB of bitmaps;
// one in 32 made it twelve and 1.5 MiB, which left the Go heap with a million rows 0.4 MiB
// under its 100 MiB target. The addresses between one in 24 and 2048 rows are marked, about
// 80 µs at 40k rows.)
type denseSet struct {
	fp   uint64   // the fingerprint's 48 bits (fp48)
	bits []uint64 // by slot: the rows one of whose current look-up values has fp
	n    int      // bits set
}

// denseShare and denseMax: a fingerprint is dense when it is on more than lookupSortMax rows
// and on at least one row in denseShare; at most denseMax are. Tests change them.
var (
	denseShare = 24
	denseMax   = 16
)

// fp48 is the part of a fingerprint the table keeps (its bucket and check).
func fp48(fp uint64) uint64 { return fp &^ 0xffff }

// denseOf returns the dense set of fp, or nil. x.mu held.
func (x *tindex) denseOf(fp uint64) *denseSet {
	fp = fp48(fp)
	for _, d := range x.dense {
		if d.fp == fp {
			return d
		}
	}
	return nil
}

// updateDense records a row's current fingerprints cur in the dense sets. x.mu held.
func (x *tindex) updateDense(slot int32, cur *[fpFields]uint64) {
	w, b := int(slot>>6), uint64(1)<<(uint(slot)&63)
	for _, d := range x.dense {
		want := hasFP(cur, d.fp, fp48(^uint64(0)))
		if w >= len(d.bits) {
			if !want {
				continue
			}
			d.bits = append(d.bits, make([]uint64, w+1-len(d.bits))...)
		}
		if have := d.bits[w]&b != 0; want != have {
			d.bits[w] ^= b
			if want {
				d.n++
			} else {
				d.n--
			}
		}
	}
}

// findDense makes the dense sets of the fingerprints that have become dense since the table
// was last rebuilt: a bucket can only hold one if it has enough entries besides those of the
// dense sets it holds already, so only such buckets are counted. x.mu held.
func (x *tindex) findDense() {
	if x.denseAt == x.fpTableGen {
		return
	}
	x.denseAt = x.fpTableGen
	if denseShare <= 0 || len(x.dense) >= denseMax || len(x.fpDir) == 0 {
		return
	}
	least := max(lookupSortMax+1, x.len()/denseShare)
	for b := 0; b+1 < len(x.fpDir); b++ {
		size := int(x.fpDir[b+1] - x.fpDir[b])
		if size < least {
			continue
		}
		for _, d := range x.dense {
			if d.fp>>48 == uint64(b) {
				size -= d.n
			}
		}
		if size < least {
			continue
		}
		counts := map[uint32]int{}
		for _, c := range x.fpChk[x.fpDir[b]:x.fpDir[b+1]] {
			counts[c]++
		}
		for c, k := range counts {
			fp := uint64(b)<<48 | uint64(c)<<16
			if k < least || x.denseOf(fp) != nil {
				continue
			}
			x.dense = append(x.dense, x.buildDense(fp))
			if len(x.dense) >= denseMax {
				return
			}
		}
	}
}

// buildDense returns the set of the rows whose current fingerprints include fp (48 bits):
// the table's valid entries and the recent ones. x.mu held.
func (x *tindex) buildDense(fp uint64) *denseSet {
	d := &denseSet{fp: fp, bits: make([]uint64, (x.len()+63)/64)}
	d.n = x.markFP(fp, fp48(^uint64(0)), d.bits)
	return d
}

// denseBytes is the memory of the dense sets.
func (x *tindex) denseBytes() int {
	n := 0
	for _, d := range x.dense {
		n += 8*cap(d.bits) + 48
	}
	return n
}

// popcount counts the bits set in sel.
func popcount(sel []uint64) int {
	n := 0
	for _, w := range sel {
		n += bits.OnesCount64(w)
	}
	return n
}
