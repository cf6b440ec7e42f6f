package history

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
)

// Store is what the sync engine needs of the local database; *store.DB implements it.
type Store interface {
	SyncState(ctx context.Context, profileID string) (store.SyncState, error)
	PutSyncState(ctx context.Context, profileID string, s store.SyncState) error
	ApplySyncPage(ctx context.Context, profileID string, ts []mesh.Transfer, s store.SyncState) (store.PageResult, error)
	UpsertTransfers(ctx context.Context, profileID string, ts []mesh.Transfer) (store.PageResult, error)
	PendingTransfersUpTo(ctx context.Context, profileID string, toCreated int64) ([]store.PendingTransfer, error)
	AcquireSyncLease(ctx context.Context, profileID, holder string, ttl time.Duration) (func(), error)
	UnknownTransferEvents(ctx context.Context, profileID string) ([]store.WebhookRecord, error)
	ResolveWebhookEvents(ctx context.Context, profileID string) (int, error)
}

// Sync modes and phases, as reported in Progress and Result.
const (
	// ModeBackfill is a first sync (or the rest of an interrupted one): everything in the window.
	ModeBackfill = "backfill"
	// ModeIncremental reads what is new since the last completed sync.
	ModeIncremental = "incremental"
	// PhaseRecheck brings stored pending transfers up to date.
	PhaseRecheck = "recheck"
	// PhaseDone is reported once when a sync completes.
	PhaseDone = "done"
)

// Progress is reported after every page a sync stores.
type Progress struct {
	// ProfileID is the profile being synced.
	ProfileID string `json:"profileId"`
	// Phase is ModeBackfill, ModeIncremental, PhaseRecheck or PhaseDone.
	Phase string `json:"phase"`
	// Pages is how many pages this run has stored.
	Pages int `json:"pages"`
	// Transfers is how many transfers this run has stored (new, changed or confirmed).
	Transfers int `json:"transfers"`
	// Total is Mesh's count of transfers in the window when known (backfill), else 0.
	Total int `json:"total"`
	// Done is how far the current window is (offset reached), for a progress bar with Total.
	Done int `json:"done"`
	// Rate is transfers stored per second so far in this run.
	Rate float64 `json:"rate"`
	// Elapsed is the time since the run started.
	Elapsed time.Duration `json:"elapsed"`
}

// Result sums up one sync run.
type Result struct {
	// Mode is ModeBackfill or ModeIncremental.
	Mode string `json:"mode"`
	// Resumed reports that the run continued an interrupted one.
	Resumed bool `json:"resumed"`
	// Requests is how many history requests the run made (client retries not counted).
	Requests int `json:"requests"`
	// Pages and Transfers count what was stored.
	Pages     int `json:"pages"`
	Transfers int `json:"transfers"`
	// New and Changed count transfers inserted and updated.
	New     int `json:"new"`
	Changed int `json:"changed"`
	// Rechecked is how many stored pending transfers were re-checked.
	Rechecked int `json:"rechecked"`
	// Unresolved is how many pending transfers could not be re-checked this time (too many
	// vanished from the pending list at once); the next sync tries again.
	Unresolved int `json:"unresolved"`
	// Resolved is how many kept webhook events of once-unknown transfers were applied.
	Resolved int `json:"resolved"`
	// Duration is the run's wall time.
	Duration time.Duration `json:"duration"`
}

// Options tune a Syncer; the zero value gives the defaults in brackets.
type Options struct {
	// Holder names this process in the sync lease, shown to a second sync that is refused
	// ["meshdesk pid N"].
	Holder string
	// LeaseTTL is how long the lease outlives a process that dies without releasing it; it is
	// renewed while the sync runs [15 s].
	LeaseTTL time.Duration
	// PageSize is Count per request, at most 100 [100].
	PageSize int
	// Prefetch is how many backfill pages are fetched ahead of the ones being stored; pages
	// that are ready are stored together, up to 10 in one transaction [8].
	Prefetch int
	// Overlap is how far before the last sync's newest transfer an incremental sync reads
	// back at least, since Mesh's timestamps are whole seconds [1 min].
	Overlap time.Duration
	// ByIDLimit: at most this many stored pending transfers are re-checked one by one (by Id);
	// more are re-checked by paging Statuses=pending [3].
	ByIDLimit int
	// StragglerLimit: pending transfers missing from the pending pages are fetched by Id when
	// there are at most this many; more are found by paging their range's final transfers [20].
	StragglerLimit int
	// BadPageRetries is how often a page whose body could not be decoded (a truncated
	// response) is fetched again; the client already retries 429, 5xx and transport errors [3].
	BadPageRetries int
	// Now is the clock [time.Now]; Sleep waits between bad-page retries [a context-aware sleep].
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// OnProgress receives progress after every stored page (called from the sync's goroutine;
	// keep it quick).
	OnProgress func(Progress)
	// Logger receives one line per run [discard].
	Logger *slog.Logger
}

// Syncer brings one Mesh source's history into the store. It is safe for concurrent use;
// two Syncs of one profile never interleave, also across processes (the store's lease).
type Syncer struct {
	st  Store
	src Source
	o   Options
}

// NewSyncer returns a Syncer storing into st what src serves.
func NewSyncer(st Store, src Source, o Options) *Syncer {
	if o.Holder == "" {
		o.Holder = fmt.Sprintf("meshdesk pid %d", os.Getpid())
	}
	if o.LeaseTTL <= 0 {
		o.LeaseTTL = 15 * time.Second
	}
	if o.PageSize <= 0 || o.PageSize > 100 {
		o.PageSize = 100
	}
	if o.Prefetch <= 0 {
		o.Prefetch = 8
	}
	if o.Overlap <= 0 {
		o.Overlap = time.Minute
	}
	if o.ByIDLimit <= 0 {
		o.ByIDLimit = 3
	}
	if o.StragglerLimit <= 0 {
		o.StragglerLimit = 20
	}
	if o.BadPageRetries < 0 {
		o.BadPageRetries = 0
	} else if o.BadPageRetries == 0 {
		o.BadPageRetries = 3
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Syncer{st: st, src: src, o: o}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ErrSyncInProgress is returned (wrapped, with who holds it) when another sync of the profile
// is running, in this process or another one on the same database.
var ErrSyncInProgress = store.ErrSyncInProgress

// run is the state of one Sync call.
type run struct {
	s       *Syncer
	pid     string
	st      store.SyncState
	res     Result
	started time.Time
	phase   string
	total   int
	done    int
}

// Sync brings the profile's stored history up to date with Mesh (see the package doc). It
// returns when the history is complete, ctx ends (every stored page is kept and the next Sync
// resumes from there), or a page fails after the client's retries (the error says which).
func (s *Syncer) Sync(ctx context.Context, profileID string) (Result, error) {
	release, err := s.st.AcquireSyncLease(ctx, profileID, s.o.Holder, s.o.LeaseTTL)
	if err != nil {
		if errors.Is(err, store.ErrSyncInProgress) {
			var le *store.LeaseError
			if errors.As(err, &le) {
				return Result{}, fmt.Errorf("sync refused: %w; wait for it to finish, or after a crash for the lease to lapse", le)
			}
			return Result{}, fmt.Errorf("sync refused: %w", err)
		}
		return Result{}, fmt.Errorf("sync: %w", err)
	}
	defer release()
	r := &run{s: s, pid: profileID, started: s.o.Now()}
	res, err := r.sync(ctx)
	if err == nil && res.Resumed {
		// The finished run's window was frozen when it first started: now read what
		// arrived since, as a fresh incremental run.
		res, err = r.sync(ctx)
		res.Resumed = true
	}
	res.Duration = s.o.Now().Sub(r.started)
	if err != nil {
		// Keep the cursor; note the error for the UI (best effort: ctx may be over).
		st := r.st
		st.LastError = err.Error()
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		_ = s.st.PutSyncState(pctx, profileID, st)
		cancel()
		s.o.Logger.Warn("history: sync stopped", "profile", profileID, "mode", res.Mode, "pages", res.Pages, "err", err)
		return res, err
	}
	s.o.Logger.Info("history: sync done", "profile", profileID, "mode", res.Mode, "requests", res.Requests,
		"pages", res.Pages, "new", res.New, "changed", res.Changed, "took", res.Duration)
	return res, nil
}

func (r *run) sync(ctx context.Context) (Result, error) {
	s := r.s
	var err error
	if r.st, err = s.st.SyncState(ctx, r.pid); err != nil {
		return r.res, fmt.Errorf("sync: %w", err)
	}
	mode := ModeIncremental
	if r.st.HighWater == 0 {
		mode = ModeBackfill
	}
	if r.res.Mode == "" {
		r.res.Mode = mode
	}
	pendingTo := int64(0)
	switch r.st.Phase {
	case store.SyncIdle:
		r.st.Phase = store.SyncPaging
		r.st.ToTimestamp = s.o.Now().Unix()
		r.st.Offset = 0
		r.st.NewestCreated = 0
		r.st.Total = 0
		r.st.LastStarted = s.o.Now()
		r.st.LastError = ""
		if err := s.st.PutSyncState(ctx, r.pid, r.st); err != nil {
			return r.res, fmt.Errorf("sync: %w", err)
		}
	case store.SyncPaging, store.SyncRecheck:
		r.res.Resumed = true
	default:
		return r.res, fmt.Errorf("sync: stored sync phase %q is unknown to this version", r.st.Phase)
	}
	if r.st.Phase == store.SyncPaging {
		var lowest int64
		if mode == ModeBackfill {
			err = r.backfill(ctx)
		} else {
			lowest, err = r.incremental(ctx)
		}
		if err != nil {
			return r.res, err
		}
		if mode == ModeIncremental && lowest > 0 {
			// The scan refreshed everything created from lowest on; only older pending
			// transfers need a re-check.
			pendingTo = lowest
		}
		r.st.Phase, r.st.Offset = store.SyncRecheck, 0
		if err := s.st.PutSyncState(ctx, r.pid, r.st); err != nil {
			return r.res, fmt.Errorf("sync: %w", err)
		}
	}
	if pendingTo == 0 || pendingTo > r.st.ToTimestamp {
		pendingTo = r.st.ToTimestamp
	}
	if err := r.recheck(ctx, pendingTo); err != nil {
		return r.res, err
	}
	if err := r.resolveWebhooks(ctx); err != nil {
		return r.res, err
	}
	r.st.Phase, r.st.Offset = store.SyncIdle, 0
	r.st.HighWater = max(r.st.HighWater, r.st.NewestCreated)
	if r.st.HighWater == 0 {
		// An empty history: remember the window so the next run is incremental.
		r.st.HighWater = r.st.ToTimestamp
	}
	r.st.LastCompleted = s.o.Now()
	r.st.LastError = ""
	if err := s.st.PutSyncState(ctx, r.pid, r.st); err != nil {
		return r.res, fmt.Errorf("sync: %w", err)
	}
	r.phase = PhaseDone
	r.report()
	return r.res, nil
}

// report sends progress to the callback.
func (r *run) report() {
	if r.s.o.OnProgress == nil {
		return
	}
	el := r.s.o.Now().Sub(r.started)
	p := Progress{ProfileID: r.pid, Phase: r.phase, Pages: r.res.Pages, Transfers: r.res.Transfers,
		Total: r.total, Done: r.done, Elapsed: el}
	if el > 0 {
		p.Rate = float64(r.res.Transfers) / el.Seconds()
	}
	r.s.o.OnProgress(p)
}

// fetch gets one page, fetching it again when its body could not be decoded.
func (r *run) fetch(ctx context.Context, q PageQuery) (Page, error) {
	for attempt := 0; ; attempt++ {
		p, err := r.s.src.TransferPage(ctx, q)
		if err == nil {
			return p, nil
		}
		if attempt >= r.s.o.BadPageRetries || !badBody(err) || ctx.Err() != nil {
			return Page{}, err
		}
		if serr := r.s.o.Sleep(ctx, time.Duration(attempt+1)*200*time.Millisecond); serr != nil {
			return Page{}, err
		}
	}
}

// badBody reports a 2xx answer whose body could not be decoded (e.g. cut short): worth
// fetching again, which the client itself does not do.
func badBody(err error) bool {
	var e *mesh.Error
	return errors.As(err, &e) && e.HTTPStatus >= 200 && e.HTTPStatus < 300 && e.Err != nil
}

func pageErr(what string, q PageQuery, stored int, err error) error {
	return fmt.Errorf("sync stopped: %s page at offset %d failed (%d pages stored and kept; run sync again to resume): %w",
		what, q.Offset, stored, err)
}

// store applies one page with the cursor moved past it.
func (r *run) store(ctx context.Context, p Page) (store.PageResult, error) {
	st := r.st
	st.Offset += len(p.Transfers)
	for _, t := range p.Transfers {
		st.NewestCreated = max(st.NewestCreated, t.CreatedTimestamp)
	}
	if p.Total > st.Total {
		st.Total = p.Total
	}
	pr, err := r.s.st.ApplySyncPage(ctx, r.pid, p.Transfers, st)
	if err != nil {
		return pr, fmt.Errorf("sync stopped: storing the page at offset %d: %w", r.st.Offset, err)
	}
	r.st = st
	r.count(len(p.Transfers), pr)
	return pr, nil
}

func (r *run) count(n int, pr store.PageResult) {
	r.res.Pages++
	r.res.Transfers += n
	r.res.New += pr.New
	r.res.Changed += pr.Changed
}

// backfill stores every transfer of the frozen window, from the stored offset on, fetching a
// few pages ahead of the one being stored.
func (r *run) backfill(ctx context.Context) error {
	r.phase = ModeBackfill
	ps := r.s.o.PageSize
	to := r.st.ToTimestamp // read once: the fetcher goroutine must not read r.st
	q := func(off int) PageQuery { return PageQuery{Offset: off, Count: ps, To: to} }
	first := q(r.st.Offset)
	r.res.Requests++
	p, err := r.fetch(ctx, first)
	if err != nil {
		return pageErr("history", first, r.res.Pages, err)
	}
	r.total = max(p.Total, r.st.Total)
	if _, err := r.store(ctx, p); err != nil {
		return err
	}
	r.done = r.st.Offset
	r.report()
	if len(p.Transfers) < ps {
		return nil
	}
	for {
		more, err := r.pipeline(ctx, q)
		if err != nil || !more {
			return err
		}
	}
}

// maxBatch is how many fetched pages the backfill stores in one transaction at most.
const maxBatch = 10

type fetched struct {
	q   PageQuery
	p   Page
	err error
}

// pipeline fetches pages from the cursor up to the known total and stores them in order,
// with up to Prefetch pages fetched ahead of the one being stored. Pages are fetched one after
// another, never side by side: offset paging stays exact under arrivals only if page k+1 is
// asked after page k was answered (an arrival then shifts later pages down, which repeats a
// transfer instead of skipping one). It reports whether the history may go on (the total
// grew meanwhile).
func (r *run) pipeline(ctx context.Context, q func(int) PageQuery) (bool, error) {
	ps := r.s.o.PageSize
	pctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	pages := make(chan fetched, r.s.o.Prefetch)
	start, total := r.st.Offset, r.total
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(pages)
		for off := start; off < total; off += ps {
			qq := q(off)
			p, err := r.fetch(pctx, qq)
			if err == nil {
				total = max(total, p.Total)
			}
			select {
			case pages <- fetched{q: qq, p: p, err: err}:
			case <-pctx.Done():
				return
			}
			if err != nil || len(p.Transfers) < ps {
				return
			}
		}
	}()
	for got := range pages {
		// Pages that are already here are stored together, in one transaction with the
		// cursor after the last of them.
		batch := []fetched{got}
		for len(batch) < maxBatch && batch[len(batch)-1].err == nil && len(batch[len(batch)-1].p.Transfers) == ps {
			select {
			case more, ok := <-pages:
				if ok {
					batch = append(batch, more)
					continue
				}
			default:
			}
			break
		}
		var merged Page
		var failed *fetched
		n := 0
		for i := range batch {
			n += len(batch[i].p.Transfers)
		}
		merged.Transfers = make([]mesh.Transfer, 0, n)
		for i := range batch {
			r.res.Requests++
			if batch[i].err != nil {
				failed = &batch[i]
				break
			}
			merged.Transfers = append(merged.Transfers, batch[i].p.Transfers...)
			merged.Total = max(merged.Total, batch[i].p.Total)
		}
		if len(merged.Transfers) > 0 {
			if _, err := r.store(ctx, merged); err != nil {
				return false, err
			}
			r.res.Pages += len(batch) - 1
			if failed != nil {
				r.res.Pages--
			}
			r.total = max(r.total, merged.Total)
			r.done = r.st.Offset
			r.report()
		}
		if failed != nil {
			if ctx.Err() != nil {
				return false, fmt.Errorf("sync stopped (%d pages stored and kept): %w", r.res.Pages, ctx.Err())
			}
			return false, pageErr("history", failed.q, r.res.Pages, failed.err)
		}
		if len(merged.Transfers) < len(batch)*ps {
			return false, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("sync stopped (%d pages stored and kept): %w", r.res.Pages, err)
	}
	return r.st.Offset < r.total, nil
}

// incremental pages the frozen window newest first from the stored offset until it has read
// back over the overlap and then a whole page of transfers already held and unchanged. It returns the oldest createdTimestamp it read (0 if none).
func (r *run) incremental(ctx context.Context) (int64, error) {
	r.phase = ModeIncremental
	ps := r.s.o.PageSize
	boundary := r.st.HighWater - int64(r.s.o.Overlap/time.Second)
	var lowest int64
	for {
		if err := ctx.Err(); err != nil {
			return 0, fmt.Errorf("sync stopped (%d pages stored and kept): %w", r.res.Pages, err)
		}
		q := PageQuery{Offset: r.st.Offset, Count: ps, To: r.st.ToTimestamp}
		r.res.Requests++
		p, err := r.fetch(ctx, q)
		if err != nil {
			return 0, pageErr("history", q, r.res.Pages, err)
		}
		pr, err := r.store(ctx, p)
		if err != nil {
			return 0, err
		}
		r.total = max(r.total, p.Total)
		r.done = r.st.Offset
		r.report()
		oldest := int64(0)
		for _, t := range p.Transfers {
			if oldest == 0 || t.CreatedTimestamp < oldest {
				oldest = t.CreatedTimestamp
			}
		}
		if oldest > 0 {
			lowest = oldest
		}
		if len(p.Transfers) < ps {
			// The end of the history: nothing older exists, so nothing needs a re-check
			// below what was read.
			return 0, nil
		}
		// A page with nothing new and nothing changed, read back past the overlap: the rest
		// is held. Pending transfers in it count as held too (they are identical to what is
		// stored, and the re-check covers them); otherwise a history with a transfer stuck
		// pending in every page would be read to the end on every sync.
		if pr.FinalUnchanged+pr.Unchanged == len(p.Transfers) && oldest < boundary {
			return lowest, nil
		}
	}
}

// recheck brings the stored pending transfers created up to `to` up to date: one by one when
// there are few, else by paging Statuses=pending; those that left the pending list meanwhile
// are fetched by Id (a few) or found among their range's final transfers.
func (r *run) recheck(ctx context.Context, to int64) error {
	r.phase = PhaseRecheck
	pend, err := r.s.st.PendingTransfersUpTo(ctx, r.pid, to)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	if len(pend) == 0 {
		return nil
	}
	r.res.Rechecked = len(pend)
	if len(pend) <= r.s.o.ByIDLimit {
		_, err := r.byID(ctx, pend)
		return err
	}
	from := pend[len(pend)-1].CreatedTimestamp
	seen := make(map[string]bool, len(pend))
	if err := r.pageAll(ctx, PageQuery{From: from, To: to, Statuses: []mesh.TransferStatus{mesh.StatusPending}}, seen, true); err != nil {
		return err
	}
	var missing []store.PendingTransfer
	for _, p := range pend {
		if !seen[p.ID] {
			missing = append(missing, p)
		}
	}
	if len(missing) > r.s.o.StragglerLimit {
		lo, hi := missing[len(missing)-1].CreatedTimestamp, missing[0].CreatedTimestamp
		if err := r.pageAll(ctx, PageQuery{From: lo, To: hi, Statuses: []mesh.TransferStatus{mesh.StatusSucceeded, mesh.StatusFailed}}, seen, false); err != nil {
			return err
		}
		rest := missing[:0]
		for _, p := range missing {
			if !seen[p.ID] {
				rest = append(rest, p)
			}
		}
		missing = rest
	}
	if len(missing) > r.s.o.StragglerLimit {
		r.res.Unresolved = len(missing) - r.s.o.StragglerLimit
		missing = missing[:r.s.o.StragglerLimit]
	}
	_, err = r.byID(ctx, missing)
	return err
}

// pageAll stores every page of q (newest first), noting the ids seen. withCursor stores the
// recheck cursor with each page.
func (r *run) pageAll(ctx context.Context, q PageQuery, seen map[string]bool, withCursor bool) error {
	q.Count = r.s.o.PageSize
	for off := 0; ; off += q.Count {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("sync stopped (%d pages stored and kept): %w", r.res.Pages, err)
		}
		q.Offset = off
		r.res.Requests++
		p, err := r.fetch(ctx, q)
		if err != nil {
			return pageErr("re-check", q, r.res.Pages, err)
		}
		for _, t := range p.Transfers {
			seen[t.ID] = true
		}
		if withCursor {
			if _, err := r.store(ctx, p); err != nil {
				return err
			}
		} else {
			pr, err := r.s.st.UpsertTransfers(ctx, r.pid, p.Transfers)
			if err != nil {
				return fmt.Errorf("sync stopped: storing re-checked transfers: %w", err)
			}
			r.count(len(p.Transfers), pr)
		}
		r.report()
		if len(p.Transfers) < q.Count || off+q.Count >= p.Total {
			return nil
		}
	}
}

// byID fetches the given transfers one by one and stores what Mesh returns; it returns how
// many Mesh no longer lists.
func (r *run) byID(ctx context.Context, ps []store.PendingTransfer) (int, error) {
	gone := 0
	for _, p := range ps {
		n, err := r.fetchByID(ctx, p.ID)
		if err != nil {
			return gone, err
		}
		if n == 0 {
			gone++
		}
	}
	return gone, nil
}

func (r *run) fetchByID(ctx context.Context, id string) (int, error) {
	q := PageQuery{ID: id, Count: 1}
	r.res.Requests++
	p, err := r.fetch(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("sync stopped: looking up transfer %s (%d pages stored and kept): %w", id, r.res.Pages, err)
	}
	if len(p.Transfers) == 0 {
		return 0, nil
	}
	pr, err := r.s.st.UpsertTransfers(ctx, r.pid, p.Transfers)
	if err != nil {
		return 0, fmt.Errorf("sync stopped: storing transfer %s: %w", id, err)
	}
	r.count(len(p.Transfers), pr)
	r.report()
	return len(p.Transfers), nil
}

// maxUnknownLookups caps the by-Id look-ups of unknown webhook transfers per sync.
const maxUnknownLookups = 50

// resolveWebhooks fetches transfers that webhooks named before the store knew them (when the
// receiver's own background fetch did not happen, e.g. the app was closed) and applies the
// kept events.
func (r *run) resolveWebhooks(ctx context.Context) error {
	evs, err := r.s.st.UnknownTransferEvents(ctx, r.pid)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	asked := map[string]bool{}
	for _, ev := range evs {
		if asked[ev.TransferID] || len(asked) >= maxUnknownLookups {
			continue
		}
		asked[ev.TransferID] = true
		if _, err := r.fetchByID(ctx, ev.TransferID); err != nil {
			return err
		}
	}
	n, err := r.s.st.ResolveWebhookEvents(ctx, r.pid)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	r.res.Resolved = n
	return nil
}
