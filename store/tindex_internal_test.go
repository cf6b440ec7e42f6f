package store

import (
	"cmp"
	"fmt"
	"math"
	"math/rand"
	"runtime"
	"slices"
	"syscall"
	"testing"
)

// TestCodeColWidens: a column keeps 16-bit codes up to 65536 distinct values and widens to
// 32-bit ones after, with every code and every filter answer unchanged.
func TestCodeColWidens(t *testing.T) {
	var c codeCol
	c.init()
	const n = 70_000
	val := func(i int) string { return fmt.Sprintf("user-%d", i%(n-5)) }
	for i := range n {
		c.add(c.intern([]byte(val(i))))
		if want := i < 0xffff; (c.c32 == nil) != want {
			t.Fatalf("row %d: 16-bit codes = %v, want %v", i, c.c32 == nil, want)
		}
	}
	for _, i := range []int{0, 1, 0xfffe, 0xffff, n - 6, n - 5, n - 1} {
		if got := c.strs[c.get(i)]; got != val(i) {
			t.Fatalf("row %d holds %q, want %q", i, got, val(i))
		}
	}
	tests := []struct {
		name string
		vals []string
	}{
		{"one value", []string{"user-3"}},
		{"several values", []string{"user-3", "user-69990", "user-65540"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bits := make([]uint64, (n+63)/64)
			for i := range bits {
				bits[i] = ^uint64(0)
			}
			bits[len(bits)-1] = 1<<(n%64) - 1
			var set []uint32
			for _, v := range tt.vals {
				set = append(set, c.dict[v])
			}
			c.keep(bits, set)
			for i := range n {
				want := false
				for _, v := range tt.vals {
					want = want || val(i) == v
				}
				if got := bits[i>>6]&(1<<(i&63)) != 0; got != want {
					t.Fatalf("row %d (%s): kept %v, want %v", i, val(i), got, want)
				}
			}
		})
	}
}

// TestRadixSort: the radix sort agrees with a stable comparison sort, also on keys that share
// bytes (skipped passes), negative and signed-zero floats.
func TestRadixSort(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	tests := []struct {
		name string
		key  func(i int) uint64
	}{
		{"random", func(int) uint64 { return r.Uint64() }},
		{"few values", func(int) uint64 { return uint64(r.Intn(4)) << 40 }},
		{"floats", func(int) uint64 {
			return orderKey([]float64{-1.5, -0.0, 0, 2, math.Inf(-1), float64(r.Intn(100)) - 50}[r.Intn(6)])
		}},
		{"all equal", func(int) uint64 { return 7 }},
	}
	for _, tt := range tests {
		for _, n := range []int{0, 1, 2, 1000} {
			t.Run(fmt.Sprintf("%s/%d", tt.name, n), func(t *testing.T) {
				keys := make([]uint64, n)
				byIndex := make([]uint64, n)
				for i := range keys {
					keys[i] = tt.key(i)
					byIndex[i] = keys[i]
				}
				got := radixSort(identity(n), keys)
				want := identity(n)
				slices.SortStableFunc(want, func(a, b int32) int { return cmp.Compare(byIndex[a], byIndex[b]) })
				if !slices.Equal(got, want) {
					t.Fatalf("radix order %v, want %v", got, want)
				}
			})
		}
	}
}

// BenchmarkIndexScan measures the column scans of a filter over a million rows (10k under
// -short): one status value of four, then one network of six, then an amount range.
func BenchmarkIndexScan(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 10_000
	}
	r := rand.New(rand.NewSource(1))
	st, nw := make([]uint16, n), make([]uint16, n)
	amt := make([]float64, n)
	for i := range n {
		st[i], nw[i], amt[i] = uint16(1+r.Intn(4)), uint16(1+r.Intn(6)), float64(r.Intn(100000))
	}
	bits := make([]uint64, (n+63)/64)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(1, &ru0) // RUSAGE_THREAD: the machine's other load does not count
	b.ResetTimer()
	for range b.N {
		for i := range bits {
			bits[i] = ^uint64(0)
		}
		keepCodes(bits, st, []uint32{2}, 5)
		keepCodes(bits, nw, []uint32{3}, 7)
		keepRange(bits, amt, 20000, 1e308)
	}
	syscall.Getrusage(1, &ru1)
	cpu := ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano()
	b.ReportMetric(float64(cpu)/float64(b.N)/float64(n), "cpu_ns/row")
}

// TestCodeColBitsets: while a column has few values its filters go through per-value bitsets;
// they follow every change of a row's value and answer as a scan of the codes would.
func TestCodeColBitsets(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	var c codeCol
	c.init()
	const n = 1000
	for range n {
		c.add(c.intern([]byte(fmt.Sprint("v", r.Intn(6)))))
	}
	for range 3 * n { // changes, including to values new to the dictionary
		c.set(r.Intn(n), c.intern([]byte(fmt.Sprint("v", r.Intn(9)))))
	}
	if c.many || len(c.vbits) == 0 {
		t.Fatal("a column of 10 values has no bitsets")
	}
	for _, set := range [][]uint32{{c.dict["v1"]}, {c.dict["v2"], c.dict["v8"], c.dict["v0"]}, {c.dict[""]}} {
		bits := make([]uint64, (n+63)/64)
		for i := range bits {
			bits[i] = ^uint64(0)
		}
		bits[len(bits)-1] = 1<<(n%64) - 1
		want := slices.Clone(bits)
		c.keep(bits, set)
		keepCodes(want, c.c16, set, len(c.strs))
		if !slices.Equal(bits, want) {
			t.Fatalf("set %v: bitsets and scan disagree", set)
		}
	}
	for i := range 70 { // more values than bitsets are kept for: back to scans
		c.add(c.intern([]byte(fmt.Sprint("w", i))))
	}
	if !c.many || c.vbits != nil {
		t.Fatalf("a column of 80 values keeps bitsets")
	}
}

// TestIntCol: values within 2^31 of the first are held in 32 bits; one further away widens the
// column; values and range filters are exact either way, at the extremes too.
func TestIntCol(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	tests := []struct {
		name  string
		val   func() int64
		wide  bool
		first int64
	}{
		{"unix seconds", func() int64 { return 1_700_000_000 + r.Int63n(1e8) }, false, 1_700_000_000},
		{"negative and positive", func() int64 { return r.Int63n(2e9) - 1e9 }, false, 0},
		{"beyond 32 bits", func() int64 { return r.Int63() - r.Int63() }, true, 0},
		{"extremes", func() int64 { return []int64{math.MinInt64, math.MaxInt64, 0, -1}[r.Intn(4)] }, true, math.MinInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c intCol
			const n = 500
			want := make([]int64, n)
			want[0] = tt.first
			c.add(tt.first)
			for i := 1; i < n; i++ {
				want[i] = tt.val()
				c.add(want[i])
			}
			for range n {
				i, v := r.Intn(n), tt.val()
				want[i] = v
				c.set(i, v)
			}
			if (c.c64 != nil) != tt.wide {
				t.Fatalf("widened = %v, want %v", c.c64 != nil, tt.wide)
			}
			for i, v := range want {
				if c.get(i) != v {
					t.Fatalf("row %d = %d, want %d", i, c.get(i), v)
				}
			}
			for range 200 {
				lo, hi := want[r.Intn(n)], want[r.Intn(n)]
				switch r.Intn(4) {
				case 0:
					lo = math.MinInt64
				case 1:
					hi = math.MaxInt64
				case 2:
					lo = hi + 1 // empty unless it overflows
				}
				bits := make([]uint64, (n+63)/64)
				for i := range bits {
					bits[i] = ^uint64(0)
				}
				c.keep(bits, lo, hi)
				for i, v := range want {
					if got := bits[i>>6]&(1<<(i&63)) != 0; got != (v >= lo && v <= hi) {
						t.Fatalf("[%d, %d]: row %d (%d) kept %v", lo, hi, i, v, got)
					}
				}
			}
		})
	}
}
