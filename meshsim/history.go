package meshsim

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// history holds every transfer and, per ordering, a lazily built index of positions
// sorted by (key, id). Indexes are kept up to date incrementally on every change, so a
// page of the history API never sorts.
type history struct {
	ts []*Transfer
	// status mirrors ts[i].Status as a byte (statusCode), so a status filter over a
	// million transfers scans a compact array instead of chasing pointers.
	status []uint8
	byID   map[string]int32
	gen    int                // ts[:gen] are generated (persisted only as overrides)
	idx    map[idxKey][]int32 // (client, OrderBy field) → the client's positions sorted by (key, id)
}

// idxKey names one sorted index: one client's transfers in one ordering.
type idxKey struct{ client, field string }

func newHistory(capacity int) *history {
	return &history{ts: make([]*Transfer, 0, capacity), byID: make(map[string]int32, capacity), idx: map[idxKey][]int32{}}
}

// orderFields are the TransferOrderByFields values.
var orderFields = []string{"id", "clientTransferId", "userId", "fromType", "amountInFiat", "status", "createdTimestamp", "symbol", "networkName"}

func fromType(t *Transfer) string {
	if in, ok := integrationByID(t.IntegrationID); ok {
		return in.Type
	}
	return ""
}

func networkName(t *Transfer) string {
	if n, ok := networkByID(t.NetworkID); ok {
		return n.Name
	}
	return ""
}

// compareBy returns the ordering of a field, ties broken by id.
func compareBy(field string) func(a, b *Transfer) int {
	var key func(a, b *Transfer) int
	switch field {
	case "clientTransferId":
		key = func(a, b *Transfer) int { return strings.Compare(a.ClientTransactionID, b.ClientTransactionID) }
	case "userId":
		key = func(a, b *Transfer) int { return strings.Compare(a.UserID, b.UserID) }
	case "fromType":
		key = func(a, b *Transfer) int { return strings.Compare(fromType(a), fromType(b)) }
	case "amountInFiat":
		key = func(a, b *Transfer) int { return cmp.Compare(a.AmountInFiat, b.AmountInFiat) }
	case "status":
		key = func(a, b *Transfer) int { return strings.Compare(a.Status, b.Status) }
	case "createdTimestamp":
		key = func(a, b *Transfer) int { return cmp.Compare(a.CreatedTimestamp, b.CreatedTimestamp) }
	case "symbol":
		key = func(a, b *Transfer) int { return strings.Compare(a.Symbol, b.Symbol) }
	case "networkName":
		key = func(a, b *Transfer) int { return strings.Compare(networkName(a), networkName(b)) }
	default:
		return func(a, b *Transfer) int { return strings.Compare(a.ID, b.ID) }
	}
	return func(a, b *Transfer) int {
		if c := key(a, b); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
}

// index returns client's sorted index of field, or nil when not built yet.
func (h *history) index(client, field string) []int32 { return h.idx[idxKey{client, field}] }

// hasIndex reports whether client's index of field is built.
func (h *history) hasIndex(client, field string) bool {
	_, ok := h.idx[idxKey{client, field}]
	return ok
}

// buildIndex builds client's index of field; the caller holds the write lock.
func (h *history) buildIndex(client, field string) {
	k := idxKey{client, field}
	if _, ok := h.idx[k]; ok {
		return
	}
	ix := make([]int32, 0, len(h.ts))
	for i, t := range h.ts {
		if t.ClientID == client {
			ix = append(ix, int32(i))
		}
	}
	c := compareBy(field)
	cmp := func(a, b int32) int { return c(h.ts[a], h.ts[b]) }
	// Generated transfers are in time order already: a cheap pre-check.
	if !slices.IsSortedFunc(ix, cmp) {
		slices.SortFunc(ix, cmp)
	}
	h.idx[k] = ix
}

func statusByte(s string) uint8 {
	switch s {
	case StatusPending:
		return 1
	case StatusSucceeded:
		return 2
	case StatusFailed:
		return 3
	}
	return 0
}

// add appends t and inserts it into every built index.
func (h *history) add(t *Transfer) int32 {
	pos := int32(len(h.ts))
	h.ts = append(h.ts, t)
	h.status = append(h.status, statusByte(t.Status))
	h.byID[t.ID] = pos
	for k, ix := range h.idx {
		if k.client != t.ClientID {
			continue
		}
		c := compareBy(k.field)
		at := sort.Search(len(ix), func(j int) bool { return c(h.ts[ix[j]], t) > 0 })
		h.idx[k] = slices.Insert(ix, at, pos)
	}
	return pos
}

// update changes transfer pos with mutate, keeping every built index sorted.
func (h *history) update(pos int32, mutate func(t *Transfer)) {
	t := h.ts[pos]
	var removed []idxKey
	for k, ix := range h.idx {
		if k.client != t.ClientID {
			continue
		}
		c := compareBy(k.field)
		at := sort.Search(len(ix), func(j int) bool { return c(h.ts[ix[j]], t) >= 0 })
		if at < len(ix) && ix[at] == pos {
			h.idx[k] = slices.Delete(ix, at, at+1)
			removed = append(removed, k)
		} else {
			delete(h.idx, k) // cannot happen while indexes are kept in step; rebuilt lazily
		}
	}
	mutate(t)
	h.status[pos] = statusByte(t.Status)
	for _, k := range removed {
		ix := h.idx[k]
		c := compareBy(k.field)
		at := sort.Search(len(ix), func(j int) bool { return c(h.ts[ix[j]], t) > 0 })
		h.idx[k] = slices.Insert(ix, at, pos)
	}
}

// query is a parsed GET /api/v1/transfers/managed/mesh request.
type query struct {
	clientID       string
	count, offset  int
	id, clientTxID string
	userID         string
	integrations   []string
	statuses       []string
	from, to       *int64
	minFiat        *float64
	maxFiat        *float64
	hash           string
	subClientID    string
	orderBy        string
	desc           bool
}

// windowOnly reports whether q filters on nothing but the creation-time window.
func (q *query) windowOnly() bool {
	return q.id == "" && q.clientTxID == "" && q.userID == "" && len(q.integrations) == 0 &&
		len(q.statuses) == 0 && q.minFiat == nil && q.maxFiat == nil && q.hash == "" && q.subClientID == ""
}

// statusOnly reports whether q filters on statuses and at most the time window.
func (q *query) statusOnly() bool {
	if len(q.statuses) == 0 {
		return false
	}
	st := q.statuses
	q.statuses = nil
	ok := q.windowOnly()
	q.statuses = st
	return ok
}

func (q *query) match(t *Transfer) bool {
	if t.ClientID != q.clientID {
		return false
	}
	if q.id != "" && !strings.EqualFold(t.ID, q.id) {
		return false
	}
	if q.clientTxID != "" && t.ClientTransactionID != q.clientTxID {
		return false
	}
	if q.userID != "" && t.UserID != q.userID {
		return false
	}
	if len(q.integrations) > 0 && !containsFold(q.integrations, t.IntegrationID) {
		return false
	}
	if len(q.statuses) > 0 && !containsFold(q.statuses, t.Status) {
		return false
	}
	if q.from != nil && t.CreatedTimestamp < *q.from {
		return false
	}
	if q.to != nil && t.CreatedTimestamp > *q.to {
		return false
	}
	if q.minFiat != nil && t.AmountInFiat < *q.minFiat {
		return false
	}
	if q.maxFiat != nil && t.AmountInFiat > *q.maxFiat {
		return false
	}
	if q.hash != "" && !strings.EqualFold(t.Hash, q.hash) {
		return false
	}
	if q.subClientID != "" && !strings.EqualFold(t.SubClientID, q.subClientID) {
		return false
	}
	return true
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// run answers q: the page of transfers and the total that match. The caller holds at
// least the read lock and has built q.orderBy's index.
func (h *history) run(q *query, out []*Transfer) ([]*Transfer, int) {
	if q.id != "" { // direct lookup
		if p, ok := h.byID[strings.ToLower(q.id)]; ok && q.match(h.ts[p]) {
			if q.offset == 0 && q.count > 0 {
				out = append(out, h.ts[p])
			}
			return out, 1
		}
		return out, 0
	}
	ix := h.index(q.clientID, q.orderBy)
	lo, hi := 0, len(ix)
	if q.orderBy == "createdTimestamp" {
		// The time window is a contiguous range of this index: binary search it.
		if q.from != nil {
			f := *q.from
			lo = sort.Search(len(ix), func(k int) bool { return h.ts[ix[k]].CreatedTimestamp >= f })
		}
		if q.to != nil {
			t := *q.to
			hi = sort.Search(len(ix), func(k int) bool { return h.ts[ix[k]].CreatedTimestamp > t })
		}
		if hi < lo {
			hi = lo
		}
	}
	at := func(k int) *Transfer {
		if q.desc {
			return h.ts[ix[hi-1-(k-lo)]]
		}
		return h.ts[ix[k]]
	}
	windowed := q.orderBy == "createdTimestamp" || (q.from == nil && q.to == nil)
	if q.windowOnly() && windowed {
		// Nothing to test per transfer: the page is a slice of the index.
		for k := lo + q.offset; k < hi && k < lo+q.offset+q.count; k++ {
			out = append(out, at(k))
		}
		return out, hi - lo
	}
	if q.statusOnly() && windowed {
		var want [4]bool
		for _, st := range q.statuses {
			want[statusByte(strings.ToLower(st))] = true
		}
		total := 0
		for k := lo; k < hi; k++ {
			var p int32
			if q.desc {
				p = ix[hi-1-(k-lo)]
			} else {
				p = ix[k]
			}
			if !want[h.status[p]] {
				continue
			}
			if total >= q.offset && total < q.offset+q.count {
				out = append(out, h.ts[p])
			}
			total++
		}
		return out, total
	}
	total := 0
	for k := lo; k < hi; k++ {
		t := at(k)
		if !q.match(t) {
			continue
		}
		if total >= q.offset && total < q.offset+q.count {
			out = append(out, t)
		}
		total++
	}
	return out, total
}

// ---- operations on transfers (locked) ----

// addTransferLocked records a new transfer; the caller holds s.mu.
func (s *Sim) addTransferLocked(t *Transfer) {
	t.ID = strings.ToLower(t.ID)
	pos := s.hist.add(t)
	s.st.Extra = append(s.st.Extra, t)
	s.trackSettle(pos)
	s.markDirty()
}

// updateTransferLocked changes a transfer (keeping indexes, persistence and webhooks
// in step); the caller holds s.mu.
func (s *Sim) updateTransferLocked(pos int32, mutate func(t *Transfer)) {
	t := s.hist.ts[pos]
	before := t.Status
	s.hist.update(pos, mutate)
	if int(pos) < s.hist.gen {
		s.st.Overrides[int(pos)] = t
	}
	if t.Status != before {
		s.hooks.emit(t)
	}
	s.trackSettle(pos)
	s.markDirty()
}

// AddTransfers records transfers (for tests of other packages). Missing ids get a random
// UUID, a missing ClientID the first client, a missing status "pending", a missing
// CreatedTimestamp now. Pending transfers with SettleAt set settle then. Returns copies.
func (s *Sim) AddTransfers(ts ...Transfer) ([]Transfer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Transfer, 0, len(ts))
	for _, in := range ts {
		t := in
		if t.ID == "" {
			t.ID = randomUUID()
		}
		if _, dup := s.hist.byID[strings.ToLower(t.ID)]; dup {
			return out, fmt.Errorf("add transfer %s: id already exists", t.ID)
		}
		if t.ClientID == "" {
			t.ClientID = s.opts.Clients[0].ID
		}
		if t.Status == "" {
			t.Status = StatusPending
		}
		if t.Status != StatusPending && t.Status != StatusSucceeded && t.Status != StatusFailed {
			return out, fmt.Errorf("add transfer %s: unknown status %q", t.ID, t.Status)
		}
		if t.CreatedTimestamp == 0 {
			t.CreatedTimestamp = s.clock().Unix()
		}
		if t.NetworkID == "" {
			t.NetworkID = NetEthereum
		}
		if t.IntegrationID == "" {
			t.IntegrationID = IntCoinbase
		}
		if t.Symbol == "" {
			t.Symbol = "ETH"
		}
		p := &t
		s.addTransferLocked(p)
		out = append(out, *p)
	}
	return out, nil
}

// SetTransferStatus changes a transfer's status (emitting a webhook). Succeeded gets a
// hash and executedTimestamp if it has none.
func (s *Sim) SetTransferStatus(id, status string) (Transfer, error) {
	if status != StatusPending && status != StatusSucceeded && status != StatusFailed {
		return Transfer{}, fmt.Errorf("set transfer status: unknown status %q", status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pos, ok := s.hist.byID[strings.ToLower(id)]
	if !ok {
		return Transfer{}, ErrUnknownTransfer
	}
	s.updateTransferLocked(pos, func(t *Transfer) { s.finish(t, status) })
	return *s.hist.ts[pos], nil
}

// finish sets a transfer's status and the fields that come with it.
func (s *Sim) finish(t *Transfer, status string) {
	t.Status = status
	switch status {
	case StatusSucceeded:
		if t.Hash == "" {
			n, _ := networkByID(t.NetworkID)
			t.Hash = txHashFor(netTypeOf(n), "tx", t.ID)
		}
		if t.ExecutedTimestamp == 0 {
			t.ExecutedTimestamp = s.clock().Unix()
		}
		t.SettleAt = 0
	case StatusFailed:
		if t.ExecutedTimestamp == 0 {
			t.ExecutedTimestamp = s.clock().Unix()
		}
		t.SettleAt = 0
	}
}

func netTypeOf(n *Network) string {
	if n == nil {
		return "evm"
	}
	return n.Type
}

// Transfer returns a copy of the transfer with this id.
func (s *Sim) Transfer(id string) (Transfer, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.hist.byID[strings.ToLower(id)]
	if !ok {
		return Transfer{}, false
	}
	return *s.hist.ts[p], true
}

// Snapshot returns copies of all transfers, in creation order (generated first).
func (s *Sim) Snapshot() []Transfer {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Transfer, len(s.hist.ts))
	for i, t := range s.hist.ts {
		out[i] = *t
	}
	return out
}

// TransferCount is the number of transfers held.
func (s *Sim) TransferCount() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.hist.ts)
}
