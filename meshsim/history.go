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
	ts   []*Transfer
	byID map[string]int32
	gen  int                // ts[:gen] are generated (persisted only as overrides)
	idx  map[string][]int32 // OrderBy field → positions sorted ascending by (key, id)
}

func newHistory(capacity int) *history {
	return &history{ts: make([]*Transfer, 0, capacity), byID: make(map[string]int32, capacity), idx: map[string][]int32{}}
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

// index returns the sorted index of field, building it if needed (caller holds the
// write lock when it may build; see ensureIndex).
func (h *history) index(field string) []int32 { return h.idx[field] }

func (h *history) buildIndex(field string) {
	if _, ok := h.idx[field]; ok {
		return
	}
	ix := make([]int32, len(h.ts))
	for i := range ix {
		ix[i] = int32(i)
	}
	c := compareBy(field)
	if field == "createdTimestamp" {
		// Most transfers are generated in time order already: a cheap pre-check.
		if slices.IsSortedFunc(ix, func(a, b int32) int { return c(h.ts[a], h.ts[b]) }) {
			h.idx[field] = ix
			return
		}
	}
	slices.SortFunc(ix, func(a, b int32) int { return c(h.ts[a], h.ts[b]) })
	h.idx[field] = ix
}

// add appends t and inserts it into every built index.
func (h *history) add(t *Transfer) int32 {
	pos := int32(len(h.ts))
	h.ts = append(h.ts, t)
	h.byID[t.ID] = pos
	for f, ix := range h.idx {
		c := compareBy(f)
		at := sort.Search(len(ix), func(k int) bool { return c(h.ts[ix[k]], t) > 0 })
		ix = slices.Insert(ix, at, pos)
		h.idx[f] = ix
	}
	return pos
}

// update changes transfer pos with mutate, keeping every built index sorted.
func (h *history) update(pos int32, mutate func(t *Transfer)) {
	t := h.ts[pos]
	var removed []string
	for f, ix := range h.idx {
		c := compareBy(f)
		at := sort.Search(len(ix), func(k int) bool { return c(h.ts[ix[k]], t) >= 0 })
		if at < len(ix) && ix[at] == pos {
			h.idx[f] = slices.Delete(ix, at, at+1)
			removed = append(removed, f)
		} else {
			delete(h.idx, f) // should not happen; rebuild lazily
		}
	}
	mutate(t)
	for _, f := range removed {
		ix := h.idx[f]
		c := compareBy(f)
		at := sort.Search(len(ix), func(k int) bool { return c(h.ts[ix[k]], t) > 0 })
		h.idx[f] = slices.Insert(ix, at, pos)
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
	ix := h.idx[q.orderBy]
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
	total := 0
	at := func(k int) *Transfer {
		if q.desc {
			return h.ts[ix[hi-1-(k-lo)]]
		}
		return h.ts[ix[k]]
	}
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
