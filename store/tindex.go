package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"meshdesk/mesh"
)

// tindex is the in-memory index of one profile's transfers behind QueryTransfers: the columns
// a window query filters and sorts on (~80 bytes a row), one sorted permutation per sort field,
// and a small cache of recent results. It follows the table through transfers.seq: every query
// first loads the rows whose seq is above the last one seen (one indexed query), so changes
// made by other connections or processes show up too.
type tindex struct {
	mu    sync.Mutex
	pk    int64
	seq   int64
	rows  []irow
	slot  map[int64]int32 // tid → position in rows
	dict  map[string]uint32
	strs  []string
	perms map[SortField][]int32 // ascending; nil entry = rebuild on use
	gen   uint64
	cache []*result

	// Fingerprints of the lower-cased client transaction id, hash, destination and refund
	// address of every row: base is sorted, delta holds recent ones until merged. Entries of
	// changed rows may be stale; look-ups verify candidates against the table.
	fpBase, fpDelta []fpEntry
}

// fpEntry is one fingerprint of a look-up value.
type fpEntry struct {
	fp   uint32
	slot int32
}

// fingerprint hashes a look-up value (FNV-1a over its lower-case form).
func fingerprint[S ~string | ~[]byte](v S) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(v); i++ {
		c := v[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// fpMergeAt is how many recent fingerprints are kept unsorted before a merge.
var fpMergeAt = 1 << 16

// addFingerprints records a row's look-up values. x.mu held.
func (x *tindex) addFingerprints(slot int32, vals ...[]byte) {
	for _, v := range vals {
		if len(v) > 0 {
			x.fpDelta = append(x.fpDelta, fpEntry{fingerprint(v), slot})
		}
	}
	if len(x.fpDelta) >= fpMergeAt {
		slices.SortFunc(x.fpDelta, func(a, b fpEntry) int { return cmp.Compare(a.fp, b.fp) })
		merged := make([]fpEntry, 0, len(x.fpBase)+len(x.fpDelta))
		i, j := 0, 0
		for i < len(x.fpBase) && j < len(x.fpDelta) {
			if x.fpBase[i].fp <= x.fpDelta[j].fp {
				merged = append(merged, x.fpBase[i])
				i++
			} else {
				merged = append(merged, x.fpDelta[j])
				j++
			}
		}
		x.fpBase = append(append(merged, x.fpBase[i:]...), x.fpDelta[j:]...)
		x.fpDelta = x.fpDelta[:0]
	}
}

// candidates returns the row ids whose look-up values may equal v.
func (x *tindex) candidates(ctx context.Context, db *DB, v string) ([]int64, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.refresh(ctx, db); err != nil {
		return nil, err
	}
	fp := fingerprint(v)
	var out []int64
	i, _ := slices.BinarySearchFunc(x.fpBase, fp, func(e fpEntry, t uint32) int { return cmp.Compare(e.fp, t) })
	for ; i < len(x.fpBase) && x.fpBase[i].fp == fp; i++ {
		out = append(out, x.rows[x.fpBase[i].slot].tid)
	}
	for _, e := range x.fpDelta {
		if e.fp == fp {
			out = append(out, x.rows[e.slot].tid)
		}
	}
	return out, nil
}

// irow is one transfer as tindex holds it; strings are interned in tindex.dict.
type irow struct {
	tid, seq, created int64
	amount            float64
	idHi, idLo        uint64 // the first 16 bytes of the id, for ordering ties
	status            uint32
	rank              uint8
	network, symbol   uint32
	integration, brok uint32
	subClient, user   uint32
}

// result is the ordered list of rows one (filter, sort) selects, valid for one generation:
// slots in list order, or (rev) in reverse list order. It is never modified once built.
type result struct {
	key   string
	gen   uint64
	desc  bool
	sort  SortField
	slots []int32
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

func (r *irow) key(f SortField) rowKey {
	return rowKey{r.sortKey(f), r.idHi, r.idLo, r.tid}
}

// after returns the position of the first row that comes after c in the list's order.
// x.mu held; res belongs to the current generation.
func (x *tindex) after(res *result, c Cursor) int {
	hi, lo := idKey(c.ID)
	ck := rowKey{c.Key, hi, lo, c.TID}
	return sort.Search(len(res.slots), func(i int) bool {
		k := x.rows[res.slot(i)].key(res.sort)
		if res.desc {
			return compareKeys(k, ck) < 0
		}
		return compareKeys(k, ck) > 0
	})
}

// window returns the row ids of one window of the list the query selects, the list's length
// and the window's position.
func (x *tindex) window(ctx context.Context, db *DB, q TransferQuery) (tids []int64, total, pos int, err error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	res, err := x.result(ctx, db, q.Filter, q.Sort, q.Desc)
	if err != nil {
		return nil, 0, 0, err
	}
	total = len(res.slots)
	pos = q.Offset
	if q.After != nil {
		pos = x.after(res, *q.After)
	}
	pos = min(pos, total)
	end := min(pos+q.Limit, total)
	tids = make([]int64, 0, end-pos)
	for i := pos; i < end; i++ {
		tids = append(tids, x.rows[res.slot(i)].tid)
	}
	return tids, total, pos, nil
}

// allTIDs returns the row ids of the whole list the filter selects, in order.
func (x *tindex) allTIDs(ctx context.Context, db *DB, f TransferFilter, s SortField, desc bool) ([]int64, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	res, err := x.result(ctx, db, f, s, desc)
	if err != nil {
		return nil, err
	}
	tids := make([]int64, len(res.slots))
	for i := range tids {
		tids[i] = x.rows[res.slot(i)].tid
	}
	return tids, nil
}

// index returns the up-to-date index of a profile.
func (db *DB) index(ctx context.Context, profileID string) (*tindex, error) {
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		return nil, err
	}
	db.idxMu.Lock()
	x := db.indexes[pk]
	if x == nil {
		x = &tindex{pk: pk, slot: map[int64]int32{}, dict: map[string]uint32{"": 0}, strs: []string{""}, perms: map[SortField][]int32{}}
		db.indexes[pk] = x
	}
	db.idxMu.Unlock()
	return x, nil
}

// dropIndex forgets a profile's index (the profile was deleted).
func (db *DB) dropIndex(pk int64) {
	db.idxMu.Lock()
	delete(db.indexes, pk)
	db.idxMu.Unlock()
}

func (x *tindex) intern(b []byte) uint32 {
	if id, ok := x.dict[string(b)]; ok { // no allocation for the look-up
		return id
	}
	s := string(b)
	id := uint32(len(x.strs))
	x.dict[s] = id
	x.strs = append(x.strs, s)
	return id
}

// refresh loads the rows changed since the last refresh. Called with x.mu held.
func (x *tindex) refresh(ctx context.Context, db *DB) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur int64
	if err := tx.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'transfer_seq'`).Scan(&cur); err != nil {
		return fmt.Errorf("read transfer_seq: %w", err)
	}
	if cur == x.seq {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT tid, seq, created_ts, amount_in_fiat, id, status, network_name, symbol, from_id, from_type, sub_client_id, user_id,
		client_transaction_id, hash, destination_address, refund_address FROM transfers WHERE profile_pk = ? AND seq > ?`, x.pk, x.seq)
	if err != nil {
		return fmt.Errorf("load transfers: %w", err)
	}
	defer rows.Close()
	type change struct {
		slot  int32
		old   irow
		isNew bool
	}
	var changes []change
	// RawBytes: a million rows are loaded without allocating their strings.
	var id, status, network, symbol, fromID, fromType, sub, user, ctid, hash, dest, refund sql.RawBytes
	for rows.Next() {
		var r irow
		if err := rows.Scan(&r.tid, &r.seq, &r.created, &r.amount, &id, &status, &network, &symbol, &fromID, &fromType, &sub, &user, &ctid, &hash, &dest, &refund); err != nil {
			return fmt.Errorf("load transfers: %w", err)
		}
		r.idHi, r.idLo = idKey(id)
		r.status, r.rank = x.intern(status), statusRank(mesh.TransferStatus(string(status)))
		r.network, r.symbol = x.intern(network), x.intern(symbol)
		r.integration, r.brok = x.intern(fromID), x.intern(fromType)
		r.subClient, r.user = x.intern(sub), x.intern(user)
		s, ok := x.slot[r.tid]
		if ok {
			changes = append(changes, change{slot: s, old: x.rows[s]})
			x.rows[s] = r
		} else {
			s = int32(len(x.rows))
			x.slot[r.tid] = s
			x.rows = append(x.rows, r)
			changes = append(changes, change{slot: s, isNew: true})
		}
		x.addFingerprints(s, ctid, hash, dest, refund)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load transfers: %w", err)
	}
	x.seq = cur
	if len(changes) == 0 {
		return nil
	}
	x.gen++
	x.cache = nil
	n := len(x.rows)
	for f, perm := range x.perms {
		if perm == nil || len(changes) > n/8 {
			x.perms[f] = nil
			continue
		}
		moved := make(map[int32]bool, len(changes))
		for _, c := range changes {
			moved[c.slot] = true
		}
		kept := make([]int32, 0, n)
		for _, s := range perm {
			if !moved[s] {
				kept = append(kept, s)
			}
		}
		add := make([]int32, 0, len(changes))
		for _, c := range changes {
			add = append(add, c.slot)
		}
		byKey := func(a, b int32) int { return compareKeys(x.rows[a].key(f), x.rows[b].key(f)) }
		slices.SortFunc(add, byKey)
		merged := make([]int32, 0, n)
		i, j := 0, 0
		for i < len(kept) && j < len(add) {
			if byKey(kept[i], add[j]) <= 0 {
				merged = append(merged, kept[i])
				i++
			} else {
				merged = append(merged, add[j])
				j++
			}
		}
		merged = append(append(merged, kept[i:]...), add[j:]...)
		x.perms[f] = merged
	}
	return nil
}

// perm returns the ascending permutation for f, building it when needed. x.mu held.
func (x *tindex) perm(f SortField) []int32 {
	if p := x.perms[f]; p != nil && len(p) == len(x.rows) {
		return p
	}
	p := make([]int32, len(x.rows))
	for i := range p {
		p[i] = int32(i)
	}
	slices.SortFunc(p, func(a, b int32) int { return compareKeys(x.rows[a].key(f), x.rows[b].key(f)) })
	x.perms[f] = p
	return p
}

// pred is a compiled TransferFilter.
type pred struct {
	none                                               bool // a list names only unknown values
	statuses, networks, symbols, integrations, brokers []uint32
	anyStatus, anyNet, anySym, anyInteg, anyBroker     bool
	user, sub                                          uint32
	anyUser, anySub                                    bool
	from, to                                           int64
	minF, maxF                                         float64
	search                                             []uint64 // bitset by slot; nil = no search
}

func (x *tindex) compile(f TransferFilter) *pred {
	p := &pred{from: f.CreatedFrom, to: f.CreatedTo, minF: -1e308, maxF: 1e308}
	list := func(vals []string, dst *[]uint32, any *bool) {
		if len(vals) == 0 {
			*any = true
			return
		}
		for _, v := range vals {
			if id, ok := x.dict[v]; ok {
				*dst = append(*dst, id)
			}
		}
		if len(*dst) == 0 {
			p.none = true
		}
	}
	st := make([]string, len(f.Statuses))
	for i, s := range f.Statuses {
		st[i] = string(s)
	}
	list(st, &p.statuses, &p.anyStatus)
	list(f.Networks, &p.networks, &p.anyNet)
	list(f.Symbols, &p.symbols, &p.anySym)
	list(f.IntegrationIDs, &p.integrations, &p.anyInteg)
	list(f.BrokerTypes, &p.brokers, &p.anyBroker)
	one := func(v string, dst *uint32, any *bool) {
		if v == "" {
			*any = true
			return
		}
		id, ok := x.dict[v]
		if !ok {
			p.none = true
		}
		*dst = id
	}
	one(f.UserID, &p.user, &p.anyUser)
	one(f.SubClientID, &p.sub, &p.anySub)
	if f.MinFiat != nil {
		p.minF = *f.MinFiat
	}
	if f.MaxFiat != nil {
		p.maxF = *f.MaxFiat
	}
	return p
}

func in(v uint32, set []uint32) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}

func (p *pred) match(slot int32, r *irow) bool {
	if p.search != nil && p.search[slot>>6]&(1<<(uint(slot)&63)) == 0 {
		return false
	}
	if (p.from != 0 && r.created < p.from) || (p.to != 0 && r.created > p.to) || r.amount < p.minF || r.amount > p.maxF {
		return false
	}
	return (p.anyStatus || in(r.status, p.statuses)) && (p.anyNet || in(r.network, p.networks)) &&
		(p.anySym || in(r.symbol, p.symbols)) && (p.anyInteg || in(r.integration, p.integrations)) &&
		(p.anyBroker || in(r.brok, p.brokers)) && (p.anyUser || r.user == p.user) && (p.anySub || r.subClient == p.sub)
}

func filterKey(f TransferFilter, s SortField, desc bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%v|%v|%v|%v|%v|%v|%q|%q|%d|%d|%q|", s, desc, f.Statuses, f.Networks, f.Symbols, f.IntegrationIDs, f.BrokerTypes, f.UserID, f.SubClientID, f.CreatedFrom, f.CreatedTo, strings.ToLower(f.Search))
	if f.MinFiat != nil {
		fmt.Fprintf(&b, "%v", *f.MinFiat)
	}
	b.WriteByte('|')
	if f.MaxFiat != nil {
		fmt.Fprintf(&b, "%v", *f.MaxFiat)
	}
	return b.String()
}

// all reports whether the predicate selects every row.
func (p *pred) all() bool {
	return !p.none && p.search == nil && p.anyStatus && p.anyNet && p.anySym && p.anyInteg && p.anyBroker && p.anyUser && p.anySub &&
		p.from == 0 && p.to == 0 && p.minF == -1e308 && p.maxF == 1e308
}

// result refreshes the index and returns the ordered rows the filter selects (cached per
// generation; the last few results are kept for scrolling). x.mu held.
func (x *tindex) result(ctx context.Context, db *DB, f TransferFilter, s SortField, desc bool) (*result, error) {
	if err := x.refresh(ctx, db); err != nil {
		return nil, err
	}
	key := filterKey(f, s, desc)
	for _, c := range x.cache {
		if c.key == key && c.gen == x.gen {
			return c, nil
		}
	}
	p := x.compile(f)
	res := &result{key: key, gen: x.gen, desc: desc, sort: s}
	if f.Search == "" && p.all() {
		res.slots, res.rev = x.perm(s), desc // the permutation itself: nothing to copy
	} else if !p.none {
		if f.Search != "" {
			bits, err := x.searchSet(ctx, db, f.Search)
			if err != nil {
				return nil, err
			}
			p.search = bits
		}
		// Match in storage order (sequential memory), then list the matches in sort order
		// through a bitset that fits in cache: walking the rows in sort order would touch
		// them at random.
		bits := make([]uint64, (len(x.rows)+63)/64)
		count := 0
		for slot := range x.rows {
			if p.match(int32(slot), &x.rows[slot]) {
				bits[slot>>6] |= 1 << (uint(slot) & 63)
				count++
			}
		}
		perm := x.perm(s)
		n := len(perm)
		res.slots = make([]int32, 0, count)
		for i := 0; i < n && len(res.slots) < count; i++ {
			slot := perm[i]
			if desc {
				slot = perm[n-1-i]
			}
			if bits[slot>>6]&(1<<(uint(slot)&63)) != 0 {
				res.slots = append(res.slots, slot)
			}
		}
	}
	x.cache = append(x.cache, res)
	if len(x.cache) > 4 {
		x.cache = x.cache[1:]
	}
	return res, nil
}

// searchSet returns the bitset (by slot) of rows whose searchable text contains term: rows the
// search index has reached come from the FTS5 trigram index, the others are scanned directly.
func (x *tindex) searchSet(ctx context.Context, db *DB, term string) ([]uint64, error) {
	term = strings.ToLower(term)
	if utf8.RuneCountInString(term) < MinSearchLen {
		return nil, invalidf("search needs at least %d characters", MinSearchLen)
	}
	bits := make([]uint64, (len(x.rows)+63)/64)
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var done int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM search_progress WHERE profile_pk = ?), 0)`, x.pk).Scan(&done); err != nil {
		return nil, fmt.Errorf("search progress: %w", err)
	}
	set := func(q string, args ...any) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var tid int64
			if err := rows.Scan(&tid); err != nil {
				return fmt.Errorf("search: %w", err)
			}
			if s, ok := x.slot[tid]; ok {
				bits[s>>6] |= 1 << (uint(s) & 63)
			}
		}
		return rows.Err()
	}
	if done > 0 {
		phrase := `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
		// Rows changed after the index reached them are answered by the scan below.
		rows, err := tx.QueryContext(ctx, `SELECT rowid FROM transfer_search WHERE transfer_search MATCH ?`, phrase)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		for rows.Next() {
			var tid int64
			if err := rows.Scan(&tid); err != nil {
				rows.Close()
				return nil, fmt.Errorf("search: %w", err)
			}
			if s, ok := x.slot[tid]; ok && x.rows[s].seq <= done {
				bits[s>>6] |= 1 << (uint(s) & 63)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	err = set(`SELECT tid FROM transfers WHERE profile_pk = ?1 AND seq > ?2 AND (instr(lower(id), ?3) OR instr(lower(client_transaction_id), ?3)
		OR instr(lower(hash), ?3) OR instr(lower(destination_address), ?3) OR instr(lower(refund_address), ?3) OR instr(lower(user_id), ?3))`, x.pk, done, term)
	if err != nil {
		return nil, err
	}
	return bits, nil
}
