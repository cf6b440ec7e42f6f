package store

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"unsafe"

	"meshdesk/mesh"
)

// The query index of a large profile is saved in a file beside the database (its "snapshot"),
// so that the first window after the app starts does not wait for a million rows to be read
// back from SQLite (about 7 s of CPU with modernc.org/sqlite: decoding the rows is the cost,
// not the disk). The file holds derived data only — the index's arrays: row ids, seqs, created
// times, amounts, id prefixes, the coded string columns (status, network, symbol, integration,
// broker, sub-client, user id) with their dictionaries, the sort orders and the look-up
// fingerprints. No secrets are in the table, so none are in the file.
//
// It is trusted only when it belongs to this database and is not ahead of it: the profile's
// stable id and row key match, its seq is not above transfers.seq's counter, the row with the
// highest seq it holds is still the table's row with the highest seq up to that point, and a
// sample of its rows still have the seqs it recorded (or newer ones). Rows changed or added
// after it was written have a higher seq and are read from the table as on any refresh. A
// file that fails any check — damaged (CRC-32C over everything), truncated, of another
// version, stale, or inconsistent (every array's length and every code, slot and order is
// checked before use) — is ignored and the index is built from the table, then saved again.
//
// Why a snapshot rather than the alternatives (measured on 1M rows, bench_test.go): a faster
// load from SQLite is bounded by modernc's per-row cost (the cold load is ~9 s of CPU, most of
// it in the driver's VM stepping and column decoding), and answering from SQL until the index
// is ready costs 2–5 s per window for a sorted or filtered view (no index fits every sort).
// Reading the arrays back is ~0.1 s of CPU for a million rows.

// snapMagic starts every snapshot file; its last byte is the format version.
const snapMagic = "MDQIDX\x00\x04" // 4: version 3 also had fingerprints of ids

// snapshotMinRows is the smallest index that is saved (below it the table loads in well under
// 0.2 s), and the fewest rows loaded since the last save that make the index save itself again
// (also at least a quarter of its rows, so a long sync does not rewrite it for every batch).
var snapshotMinRows = 20_000

// SnapshotMinRows is the fewest transfers a profile needs for its query index to be saved to
// a snapshot file (smaller ones load from the table fast enough).
func SnapshotMinRows() int { return snapshotMinRows }

// SnapshotGlob matches the query index snapshot files of the database at dbPath.
func SnapshotGlob(dbPath string) string { return dbPath + ".qindex-*" }

// snapshotSamples is how many of a snapshot's rows are checked against the table on load.
const snapshotSamples = 64

// snapshotPath is the file of profile pk's index snapshot.
func snapshotPath(dbPath string, pk int64) string {
	return dbPath + ".qindex-" + strconv.FormatInt(pk, 10)
}

// snapState is what the index knows about its snapshot file. Fields are guarded by x.mu.
type snapState struct {
	path      string // "" = never saved (e.g. a test turned it off)
	profileID string
	tried     bool  // a load from the file was attempted
	loaded    bool  // the index came from the file
	savedSeq  int64 // seq of the last save or load (0 = none)
	since     int   // rows loaded from the table since then
	saving    bool  // a save is queued
	closed    bool  // the database is closing or the profile was deleted: no more saves
	note      string
}

// nativeLittle says the machine stores integers little-endian, as the file does: arrays are
// then written and read as they lie in memory (a million-row index in tens of milliseconds).
var nativeLittle = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// crcTable is CRC-32C (hardware-accelerated on amd64 and arm64).
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// snapWriter encodes little-endian values into a buffered file while summing them.
type snapWriter struct {
	w   *bufio.Writer
	crc hash.Hash32
	buf []byte
	err error
}

func (e *snapWriter) raw(b []byte) {
	if e.err != nil {
		return
	}
	e.crc.Write(b)
	_, e.err = e.w.Write(b)
}

func (e *snapWriter) u64(v uint64) { e.raw(binary.LittleEndian.AppendUint64(e.buf[:0], v)) }

func (e *snapWriter) str(s string) {
	e.u64(uint64(len(s)))
	e.raw([]byte(s))
}

// putInts writes a length and the values, size bytes each.
func putInts[T ~uint16 | ~uint32 | ~int32 | ~uint64 | ~int64](e *snapWriter, s []T, size int) {
	e.u64(uint64(len(s)))
	if nativeLittle && len(s) > 0 {
		e.raw(unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*size))
		return
	}
	for len(s) > 0 && e.err == nil {
		k := min(len(s), 8192)
		b := e.buf[:0]
		for _, v := range s[:k] {
			switch size {
			case 2:
				b = binary.LittleEndian.AppendUint16(b, uint16(v))
			case 4:
				b = binary.LittleEndian.AppendUint32(b, uint32(v))
			default:
				b = binary.LittleEndian.AppendUint64(b, uint64(v))
			}
		}
		e.raw(b)
		e.buf, s = b, s[k:]
	}
}

func putFloats(e *snapWriter, s []float64) {
	bitsOf := make([]uint64, 0, min(len(s), 8192))
	e.u64(uint64(len(s)))
	for len(s) > 0 && e.err == nil {
		k := min(len(s), 8192)
		bitsOf = bitsOf[:0]
		for _, v := range s[:k] {
			bitsOf = append(bitsOf, math.Float64bits(v))
		}
		b := e.buf[:0]
		for _, v := range bitsOf {
			b = binary.LittleEndian.AppendUint64(b, v)
		}
		e.raw(b)
		e.buf, s = b, s[k:]
	}
}

func (e *snapWriter) intCol(c *intCol) {
	e.u64(uint64(c.base))
	if c.c64 != nil {
		e.u64(1)
		putInts(e, c.c64, 8)
	} else {
		e.u64(0)
		putInts(e, c.c32, 4)
	}
}

func (e *snapWriter) codeCol(c *codeCol) {
	e.u64(uint64(len(c.strs)))
	for _, s := range c.strs {
		e.str(s)
	}
	if c.c32 != nil {
		e.u64(1)
		putInts(e, c.c32, 4)
	} else {
		e.u64(0)
		putInts(e, c.c16, 2)
	}
}

// save writes the index to its snapshot file (a temporary file renamed over it, so a reader
// sees the old file or the new one). x.mu held.
func (x *tindex) save() error {
	x.mergeMoved(nil) // the orders are saved whole
	if x.snap.path == "" || x.snap.closed {
		return nil
	}
	x.foldFingerprints(true) // the file holds the table only, no recent entries
	maxSeq, maxTID := x.maxSeqRow()
	f, err := os.CreateTemp(filepath.Dir(x.snap.path), filepath.Base(x.snap.path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save query index: %w", err)
	}
	defer os.Remove(f.Name()) // after the rename: nothing
	e := &snapWriter{w: bufio.NewWriterSize(f, 1<<20), crc: crc32.New(crcTable), buf: make([]byte, 0, 8*8192)}
	e.raw([]byte(snapMagic))
	e.str(x.snap.profileID)
	for _, v := range []int64{x.pk, x.seq, int64(x.len()), maxSeq, maxTID} {
		e.u64(uint64(v))
	}
	e.intCol(&x.tid)
	e.intCol(&x.rseq)
	e.intCol(&x.created)
	putFloats(e, x.amount)
	putInts(e, x.idHi, 8)
	putInts(e, x.idLo, 8)
	for _, c := range x.cols() {
		e.codeCol(c)
	}
	for _, sf := range sortFields {
		p, ok := x.perms[sf]
		if !ok || len(p) != x.len() {
			p = nil
		}
		putInts(e, p, 4)
	}
	putInts(e, x.fpDir, 4)
	putInts(e, x.fpSlots, 4)
	putInts(e, x.fpChk, 4)
	sum := e.crc.Sum32()
	if e.err == nil {
		_, e.err = e.w.Write(binary.LittleEndian.AppendUint32(nil, sum))
	}
	if e.err == nil {
		e.err = e.w.Flush()
	}
	if cerr := f.Close(); e.err == nil {
		e.err = cerr
	}
	if e.err == nil {
		e.err = os.Rename(f.Name(), x.snap.path)
	}
	if e.err != nil {
		return fmt.Errorf("save query index: %w", e.err)
	}
	x.snap.savedSeq, x.snap.since = x.seq, 0
	return nil
}

// maxSeqRow returns the highest row seq the index holds and that row's id. x.mu held.
func (x *tindex) maxSeqRow() (seq, tid int64) {
	best := -1
	for i := range x.len() {
		if s := x.rseq.get(i); best < 0 || s > seq {
			best, seq = i, s
		}
	}
	if best >= 0 {
		tid = x.tid.get(best)
	}
	return seq, tid
}

// errSnapshot marks a snapshot that cannot be used (damaged, of another database, stale).
var errSnapshot = errors.New("query index snapshot not usable")

func snapErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errSnapshot, fmt.Sprintf(format, args...))
}

// snapReader decodes what snapWriter wrote, never reading past the file's size (a damaged
// length cannot make it allocate more than the file holds) and summing what it reads.
type snapReader struct {
	r    *bufio.Reader
	crc  hash.Hash32
	left int64 // bytes left before the checksum
	buf  []byte
	err  error
}

func (d *snapReader) fail(format string, args ...any) {
	if d.err == nil {
		d.err = snapErrorf(format, args...)
	}
}

func (d *snapReader) raw(n int) []byte {
	if d.err != nil {
		return nil
	}
	if int64(n) > d.left {
		d.fail("truncated")
		return nil
	}
	if cap(d.buf) < n {
		d.buf = make([]byte, n)
	}
	b := d.buf[:n]
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail("read: %v", err)
		return nil
	}
	d.left -= int64(n)
	d.crc.Write(b)
	return b
}

// into reads len(b) bytes into b.
func (d *snapReader) into(b []byte) {
	if d.err != nil {
		return
	}
	if int64(len(b)) > d.left {
		d.fail("truncated")
		return
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail("read: %v", err)
		return
	}
	d.left -= int64(len(b))
	d.crc.Write(b)
}

func (d *snapReader) u64() uint64 {
	b := d.raw(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// count reads a length of elements of size bytes, checked against what is left.
func (d *snapReader) count(size int) int {
	n := d.u64()
	if d.err == nil && n > uint64(d.left)/uint64(size) {
		d.fail("length %d past the end", n)
		return 0
	}
	return int(n)
}

func (d *snapReader) str() string {
	n := d.count(1)
	return string(d.raw(n))
}

func getInts[T ~uint16 | ~uint32 | ~int32 | ~uint64 | ~int64](d *snapReader, size int) []T {
	n := d.count(size)
	if d.err != nil {
		return nil
	}
	out := make([]T, n)
	if nativeLittle && n > 0 {
		// The file's byte order is the machine's: read straight into the array.
		d.into(unsafe.Slice((*byte)(unsafe.Pointer(&out[0])), n*size))
		return out
	}
	for at := 0; at < n && d.err == nil; {
		k := min(n-at, 8192)
		b := d.raw(k * size)
		if b == nil {
			break
		}
		dst := out[at : at+k]
		switch size {
		case 2:
			for i := range dst {
				dst[i] = T(binary.LittleEndian.Uint16(b[2*i:]))
			}
		case 4:
			for i := range dst {
				dst[i] = T(binary.LittleEndian.Uint32(b[4*i:]))
			}
		default:
			for i := range dst {
				dst[i] = T(binary.LittleEndian.Uint64(b[8*i:]))
			}
		}
		at += k
	}
	return out
}

func getFloats(d *snapReader) []float64 {
	raw := getInts[uint64](d, 8)
	if len(raw) == 0 {
		return []float64{}
	}
	// The same bits, as float64s (the values are Float64bits of the amounts).
	return unsafe.Slice((*float64)(unsafe.Pointer(&raw[0])), len(raw))
}

func (d *snapReader) intCol(n int) intCol {
	var c intCol
	c.base = int64(d.u64())
	switch d.u64() {
	case 0:
		c.c32 = getInts[uint32](d, 4)
	case 1:
		c.c64 = getInts[int64](d, 8)
	default:
		d.fail("bad column width")
	}
	if d.err == nil && c.len() != n {
		d.fail("column of %d rows, want %d", c.len(), n)
	}
	return c
}

func (d *snapReader) codeCol(n int) codeCol {
	var c codeCol
	k := d.count(8) // each string has at least its length
	c.dict, c.strs = make(map[string]uint32, k), make([]string, 0, k)
	for i := 0; i < k && d.err == nil; i++ {
		s := d.str()
		if _, dup := c.dict[s]; dup && d.err == nil {
			d.fail("dictionary repeats a value")
		}
		c.dict[s] = uint32(i)
		c.strs = append(c.strs, s)
	}
	if d.err == nil && (k == 0 || c.strs[0] != "") {
		d.fail("dictionary does not start with the empty value")
	}
	switch d.u64() {
	case 0:
		c.c16 = getInts[uint16](d, 2)
		if d.err == nil && len(c.c16) != n {
			d.fail("codes of %d rows, want %d", len(c.c16), n)
		}
		for _, v := range c.c16 {
			if int(v) >= k {
				d.fail("code past the dictionary")
				break
			}
		}
	case 1:
		c.c32 = getInts[uint32](d, 4)
		if d.err == nil && len(c.c32) != n {
			d.fail("codes of %d rows, want %d", len(c.c32), n)
		}
		for _, v := range c.c32 {
			if int(v) >= k {
				d.fail("code past the dictionary")
				break
			}
		}
	default:
		d.fail("bad code width")
	}
	if d.err == nil && c.c32 == nil && k > 0x10000 {
		d.fail("narrow codes for %d values", k)
	}
	if d.err == nil {
		for s := range n {
			c.mark(s, c.get(s), true)
		}
	}
	return c
}

// loadSnapshot fills an empty index from its snapshot file, if the file is usable.
func (x *tindex) loadSnapshot(ctx context.Context, db *DB) error {
	f, err := os.Open(x.snap.path)
	if err != nil {
		return fmt.Errorf("%w: %v", errSnapshot, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%w: %v", errSnapshot, err)
	}
	return x.readSnapshot(ctx, db, bufio.NewReaderSize(f, 1<<20), st.Size())
}

// readSnapshot fills an empty index from a snapshot of size bytes read from r. x.mu held; on
// error the index may be partly filled (the caller resets it).
func (x *tindex) readSnapshot(ctx context.Context, db *DB, r *bufio.Reader, size int64) error {
	if size < int64(len(snapMagic))+4 {
		return snapErrorf("too short")
	}
	d := &snapReader{r: r, crc: crc32.New(crcTable), left: size - 4}
	if string(d.raw(len(snapMagic))) != snapMagic {
		return snapErrorf("not a snapshot of this version")
	}
	profile := d.str()
	var h [5]int64
	for i := range h {
		h[i] = int64(d.u64())
	}
	pk, seq, n, maxSeq, maxTID := h[0], h[1], h[2], h[3], h[4]
	if d.err != nil {
		return d.err
	}
	if profile != x.snap.profileID || pk != x.pk {
		return snapErrorf("of another profile or database")
	}
	if n <= 0 || n > d.left/16 { // every row takes more than 16 bytes
		return snapErrorf("row count %d", n)
	}
	// The cheap checks against the table first: a stale file is not read through.
	var cur int64
	if err := db.r.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'transfer_seq'`).Scan(&cur); err != nil {
		return fmt.Errorf("read transfer_seq: %w", err)
	}
	if seq > cur || maxSeq > seq {
		return snapErrorf("ahead of the database (seq %d, database at %d)", seq, cur)
	}
	if maxTID <= 0 {
		return snapErrorf("no newest row")
	}
	rows := int(n)
	x.tid, x.rseq, x.created = d.intCol(rows), d.intCol(rows), d.intCol(rows)
	x.amount = getFloats(d)
	x.idHi, x.idLo = getInts[uint64](d, 8), getInts[uint64](d, 8)
	if d.err == nil && (len(x.amount) != rows || len(x.idHi) != rows || len(x.idLo) != rows) {
		d.fail("column lengths")
	}
	for _, c := range x.cols() {
		*c = d.codeCol(rows)
	}
	perms := map[SortField][]int32{}
	for _, sf := range sortFields {
		if p := getInts[int32](d, 4); len(p) > 0 {
			if d.err == nil && !isPermutation(p, rows) {
				d.fail("an order that is not a permutation")
			}
			perms[sf] = p
		}
	}
	dir, slots, chk := getInts[uint32](d, 4), getInts[int32](d, 4), getInts[uint32](d, 4)
	if d.err != nil {
		return d.err
	}
	if d.left != 0 {
		return snapErrorf("%d bytes after the arrays", d.left)
	}
	want := d.crc.Sum32()
	var tail [4]byte
	if _, err := io.ReadFull(d.r, tail[:]); err != nil || binary.LittleEndian.Uint32(tail[:]) != want {
		return snapErrorf("checksum")
	}
	if err := checkFingerprints(dir, slots, chk, rows); err != nil {
		return err
	}
	for i := 1; i < rows; i++ {
		if x.tid.get(i) <= x.tid.get(i-1) {
			return snapErrorf("row ids out of order")
		}
	}
	for i := range rows {
		if s := x.rseq.get(i); s > maxSeq || s <= 0 {
			return snapErrorf("a row seq outside the file's range")
		}
	}
	x.ranks = x.ranks[:0]
	for _, s := range x.status.strs {
		x.ranks = append(x.ranks, statusRank(mesh.TransferStatus(s)))
	}
	x.fpDir, x.fpSlots, x.fpChk, x.fpDelta, x.fpChanged, x.fpHead = dir, slots, chk, nil, nil, nil
	x.dense, x.fpTableGen = nil, x.fpTableGen+1
	if len(dir) == 0 {
		x.fpDir, x.fpSlots, x.fpChk = nil, nil, nil
	}
	if err := x.checkAgainstTable(ctx, db, seq, maxSeq, maxTID); err != nil {
		return err
	}
	x.perms = perms
	x.seq, x.gen, x.cache = seq, x.gen+1, nil
	x.snap.loaded, x.snap.savedSeq, x.snap.since = true, seq, 0
	return nil
}

// isPermutation reports whether p holds each of 0..n-1 once.
func isPermutation(p []int32, n int) bool {
	if len(p) != n {
		return false
	}
	seen := make([]uint64, (n+63)/64)
	for _, s := range p {
		if s < 0 || int(s) >= n || seen[s>>6]&(1<<(uint(s)&63)) != 0 {
			return false
		}
		seen[s>>6] |= 1 << (uint(s) & 63)
	}
	return true
}

// checkFingerprints checks the fingerprint table's shape: a directory of 2^16+1 ascending
// offsets ending at the number of entries (or none at all), and slots within the rows.
func checkFingerprints(dir []uint32, slots []int32, chk []uint32, rows int) error {
	if len(slots) != len(chk) {
		return snapErrorf("fingerprint arrays differ in length")
	}
	if len(dir) == 0 {
		if len(slots) != 0 {
			return snapErrorf("fingerprints without a directory")
		}
		return nil
	}
	if len(dir) != fpBuckets+1 || dir[0] != 0 || int(dir[fpBuckets]) != len(slots) {
		return snapErrorf("fingerprint directory")
	}
	for b := 1; b < len(dir); b++ {
		if dir[b] < dir[b-1] {
			return snapErrorf("fingerprint directory out of order")
		}
	}
	for _, s := range slots {
		if s < 0 || int(s) >= rows {
			return snapErrorf("fingerprint of a row past the end")
		}
	}
	return nil
}

// maybeSave queues a save of the snapshot when the index is large enough and has never been
// saved or loaded, or enough rows were loaded from the table since. The save runs on its own
// goroutine (it waits for x.mu, so the query that triggered it is answered first). x.mu held.
func (x *tindex) maybeSave() {
	n := x.len()
	if x.snap.path == "" || x.snap.closed || x.snap.saving || n < snapshotMinRows {
		return
	}
	if x.snap.savedSeq != 0 && x.snap.since < max(snapshotMinRows, n/4) {
		return
	}
	x.snap.saving = true
	x.saves.Add(1)
	go func() {
		defer x.saves.Done()
		x.mu.Lock()
		defer x.mu.Unlock()
		x.snap.saving = false
		if x.snap.closed || x.dropped.Load() {
			return
		}
		if err := x.save(); err != nil {
			// Derived data: a failed save (a full disk, a read-only folder) only means the next
			// start reads the table. Not retried until as many rows again were loaded.
			x.snap.note = err.Error()
			x.snap.savedSeq, x.snap.since = x.seq, 0
		}
	}()
}

// closeIndexes saves every loaded index that is behind its snapshot (so the next start reads
// few rows from the table), waits for saves under way and stops further ones. Close calls it
// before closing the connections.
func (db *DB) closeIndexes() {
	db.idxMu.Lock()
	xs := make([]*tindex, 0, len(db.indexes))
	for _, x := range db.indexes {
		xs = append(xs, x)
	}
	db.idxMu.Unlock()
	for _, x := range xs {
		x.mu.Lock()
		if !x.snap.closed && !x.dropped.Load() && x.len() >= snapshotMinRows && x.seq != x.snap.savedSeq {
			if err := x.save(); err != nil {
				x.snap.note = err.Error()
			}
		}
		x.snap.closed = true
		x.mu.Unlock()
		x.saves.Wait()
	}
}

// snapshotNewest is how many of the newest rows (by seq) a snapshot must agree with the table
// on, column by column.
const snapshotNewest = 256

// checkAgainstTable compares the freshly read index with the table: the rows with the highest
// seqs up to the file's (where a database restored from a backup and written on since would
// differ) and a sample spread over all rows must be in the file with the same seq and the same
// values — or have a newer seq, and then the refresh reads them again. x.mu held.
func (x *tindex) checkAgainstTable(ctx context.Context, db *DB, seq, maxSeq, maxTID int64) error {
	if s, ok := x.slotOf(0, maxTID); !ok || x.rseq.get(s) != maxSeq {
		return snapErrorf("inconsistent newest row")
	}
	const cols = `tid, seq, created_ts, amount_in_fiat, id, status, network_name, symbol, from_id, from_type, sub_client_id, user_id,
		client_transaction_id, hash, destination_address, refund_address FROM transfers`
	check := func(rows *sql.Rows) (int, error) {
		defer rows.Close()
		k := 0
		var id, ctid, hash, dest, refund string
		var strs [7]string
		var r loaded
		for rows.Next() {
			if err := rows.Scan(&r.tid, &r.seq, &r.created, &r.amount, &id, &strs[0], &strs[1], &strs[2], &strs[3], &strs[4], &strs[5], &strs[6],
				&ctid, &hash, &dest, &refund); err != nil {
				return k, fmt.Errorf("check snapshot: %w", err)
			}
			k++
			s, ok := x.slotOf(0, r.tid)
			if !ok {
				if r.seq <= seq {
					return k, snapErrorf("row %d is missing", r.tid)
				}
				continue // added after the file: the refresh reads it
			}
			if r.seq > seq {
				continue // changed after the file: the refresh reads it again
			}
			r.idHi, r.idLo = idKey(id)
			same := x.rseq.get(s) == r.seq && x.created.get(s) == r.created && math.Float64bits(x.amount[s]) == math.Float64bits(r.amount) &&
				x.idHi[s] == r.idHi && x.idLo[s] == r.idLo
			for i, c := range x.cols() {
				same = same && c.strs[c.get(s)] == strs[i]
			}
			for _, v := range []string{ctid, hash, dest, refund} {
				same = same && (v == "" || slices.Contains(x.matchSlots(v), int32(s)))
			}
			if !same {
				return k, snapErrorf("row %d differs from the database", r.tid)
			}
		}
		return k, rows.Err()
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+cols+` INDEXED BY transfers_seq WHERE profile_pk = ? AND seq <= ? ORDER BY seq DESC LIMIT ?`, x.pk, seq, snapshotNewest)
	if err != nil {
		return fmt.Errorf("check snapshot: %w", err)
	}
	k, err := check(rows)
	if err != nil {
		return err
	}
	if k == 0 {
		return snapErrorf("the database holds none of its rows")
	}
	n := x.len()
	sample := make([]int64, 0, snapshotSamples)
	for k := range snapshotSamples {
		sample = append(sample, x.tid.get(min(n-1, k*n/snapshotSamples)))
	}
	args := []any{x.pk}
	q := `SELECT ` + cols + ` WHERE +profile_pk = ? AND tid IN (` // "+": by row id, not a scan of the profile's index
	for i, t := range sample {
		if i > 0 {
			q += ","
		}
		q += itoa(t)
	}
	rows, err = db.r.QueryContext(ctx, q+`)`, args...)
	if err != nil {
		return fmt.Errorf("check snapshot: %w", err)
	}
	if k, err = check(rows); err != nil {
		return err
	}
	if k != len(slices.Compact(sample)) {
		return snapErrorf("sampled rows are missing from the database")
	}
	return nil
}
