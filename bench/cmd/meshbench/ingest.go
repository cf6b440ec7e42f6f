package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"meshdesk/bench"
	"meshdesk/desk"
	"meshdesk/meshsim"
	"meshdesk/store"
)

// bigProfile names the profile holding the largest history (the app opens on it for the
// scroll figure).
const bigProfile = "Million"

// maxLimitPages bounds the pages the limits are measured on (100k rows), so that on a loaded
// machine the 1M run's limits do not take the time its sync needs.
const maxLimitPages = 1000

// bigStore is the largest synced history: an app home whose default profile holds it.
type bigStore struct {
	home, dbPath, profileID string
	rows                    int
	// partial: the sync stopped at the budget before reading the whole history.
	partial bool
}

// reserve is what the phases after the largest sync need (queries, look-ups, export,
// webhooks, heap, the scroll run), kept out of its budget.
func reserve(c config) time.Duration {
	if c.mode == "smoke" {
		return 30 * time.Second
	}
	return 4*time.Minute + 30*time.Second
}

// ingestPhase syncs each size into a fresh app home and measures the limits beside it.
func ingestPhase(ctx context.Context, c config, rep *bench.Report, deadline time.Time) (*bigStore, error) {
	var big *bigStore
	var errs []error
	for i, n := range c.sizes {
		last := i == len(c.sizes)-1
		b, err := ingestSize(ctx, c, rep, n, last, deadline)
		if err != nil {
			errs = append(errs, fmt.Errorf("%d transfers: %w", n, err))
			continue
		}
		if last {
			big = b
		}
	}
	return big, errors.Join(errs...)
}

func label(n int) string {
	if n >= 1_000_000 && n%1_000_000 == 0 {
		return fmt.Sprintf("%dM", n/1_000_000)
	}
	if n >= 1000 && n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

// newHome creates an app home as a first run leaves it (the Demo profile) plus a demo-env
// profile for the benchmark's history, made the default; auto-sync is off for both so the
// app, when started on it later, does not sync on its own.
func newHome(ctx context.Context, dir, name string) (*desk.Desk, *store.Profile, error) {
	d, err := desk.Open(ctx, desk.Options{DBPath: filepath.Join(dir, "config", "meshdesk.db"), StateDir: filepath.Join(dir, "state"),
		Keychain: store.NewMemoryVault(), Getenv: func(string) string { return "" }, DemoTransfers: -1,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, nil, fmt.Errorf("open the app's database: %w", err)
	}
	db := d.DB()
	p, err := db.CreateProfile(ctx, store.Profile{Name: name, Env: store.EnvDemo, ClientID: meshsim.DefaultClientID, DefaultUserID: desk.NewUserID()})
	if err != nil {
		d.Close()
		return nil, nil, fmt.Errorf("create profile: %w", err)
	}
	ps, err := db.Profiles(ctx)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	const off = `{"intervalMinutes":0,"onFocus":false,"webhookOn":false,"webhookAddr":"127.0.0.1:0"}`
	for _, x := range ps {
		if err := db.SetSetting(ctx, "app.sync."+x.ID, off); err != nil {
			d.Close()
			return nil, nil, err
		}
	}
	if err := db.SetDefaultProfile(ctx, p.ID); err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, p, nil
}

func ingestSize(ctx context.Context, c config, rep *bench.Report, n int, last bool, deadline time.Time) (*bigStore, error) {
	L := label(n)
	sec := "Ingest and re-sync"
	log.Printf("ingest %s: generating the emulator's history (child process)", L)
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	child, err := bench.StartChildSim(exe, "sim", "-transfers", fmt.Sprint(n))
	if err != nil {
		return nil, err
	}
	var sim bench.Emulator = child
	simOpen := true
	closeSim := func() {
		if simOpen {
			simOpen = false
			_ = sim.Close()
		}
	}
	defer closeSim()
	log.Printf("ingest %s: emulator ready in %v", L, child.Ready.Round(time.Millisecond))
	dir := filepath.Join(c.work, "ingest-"+L)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}

	name := "Bench " + L
	if last {
		name = bigProfile
	}
	home := filepath.Join(c.work, "home-"+L)
	d, p, err := newHome(ctx, home, name)
	if err != nil {
		return nil, err
	}
	deskOpen := true
	closeDesk := func() {
		if deskOpen {
			deskOpen = false
			_ = d.Close()
		}
	}
	defer closeDesk()
	dbPath := d.DB().Path()
	sctx := ctx
	var cancel context.CancelFunc = func() {}
	if last {
		// The largest sync gets what is left of the budget after the later phases' reserve.
		until := deadline.Add(-reserve(c))
		if time.Until(until) < 30*time.Second {
			until = time.Now().Add(30 * time.Second)
		}
		sctx, cancel = context.WithDeadline(ctx, until)
		log.Printf("ingest %s: first sync (stops at %s to keep the budget)", L, until.Format("15:04:05"))
	} else {
		log.Printf("ingest %s: first sync", L)
	}
	capture := bench.NewCapture()
	first, err := bench.Sync(sctx, sim, d.DB(), p.ID, capture)
	cancel()
	partial := false
	if err != nil {
		if !last || !errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("first sync: %w", err)
		}
		partial = true
	}
	stored, err := d.DB().CountTransfers(ctx, p.ID, store.TransferFilter{})
	if err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	log.Printf("ingest %s: %d stored in %v (CPU %v), %d requests", L, stored, first.Wall.Round(time.Millisecond), first.CPU.Round(time.Millisecond), first.Requests)

	var later []bench.Figure // the re-sync's, reported after the first sync's
	if !partial {
		log.Printf("ingest %s: re-sync with nothing new", L)
		again, err := bench.Sync(ctx, sim, d.DB(), p.ID, nil)
		if err != nil {
			return nil, fmt.Errorf("re-sync: %w", err)
		}
		later = append(later, bench.Figure{Key: "resync." + L + ".ms", Section: sec, Name: "Re-sync " + L + ", nothing new: time", Value: bench.Ms(again.Wall), Unit: "ms",
			Note: fmt.Sprintf("%d history requests, %d new, %d changed, CPU %v", again.Requests, again.Result.New, again.Result.Changed, again.CPU.Round(time.Millisecond))})
		later = append(later, bench.Figure{Key: "resync." + L + ".requests", Section: sec, Name: "Re-sync " + L + ", nothing new: requests", Value: float64(again.Requests), Unit: "requests"})
	} else {
		rep.Skipped = append(rep.Skipped, fmt.Sprintf("re-sync %s: the first sync did not finish within the budget", L))
	}
	// The limits, on the very pages the sync read (kept by the capture), with nothing else
	// running in this process: the store closed (its background search indexing stops) and
	// the emulator gone.
	closeDesk()
	closeSim()
	runtime.GC()
	log.Printf("ingest %s: limits (decode, bare insert) on the sync's pages", L)
	pages := capture.Pages()
	capture = nil
	synced := len(pages)
	if len(pages) > maxLimitPages {
		// A random sample of the sync's pages (map order): the limits are rates per row.
		pages = pages[:maxLimitPages]
	}
	bl, err := bench.MeasureBaselines(ctx, pages, dir)
	pages = nil
	if err != nil {
		return nil, fmt.Errorf("limits: %w", err)
	}
	_ = os.Remove(filepath.Join(dir, "bare.db"))

	syncRate := bench.Rate(stored, first.Wall)
	cpuRate := bench.Rate(stored, first.CPU)
	decRate, decCPU := bench.Rate(bl.Rows, bl.DecodeWall), bench.Rate(bl.Rows, bl.DecodeCPU)
	insRate, insCPU := bench.Rate(bl.Rows, bl.InsertWall), bench.Rate(bl.Rows, bl.InsertCPU)
	note := fmt.Sprintf("%s stored, %d history requests, %s wall, %s CPU", fmtInt(stored), first.Requests, first.Wall.Round(time.Millisecond), first.CPU.Round(time.Millisecond))
	if partial {
		note = fmt.Sprintf("NOT FINISHED: stopped at the time budget after %s of %s transfers; ", fmtInt(stored), fmtInt(n)) + note
	}
	f := bench.Figure{Key: "ingest." + L + ".sync_rate", Section: sec, Name: "First sync " + L + ": transfers/s (wall)", Value: syncRate, Unit: "/s",
		Beside: bench.F(insRate), BesideName: "bare INSERT", Note: note}
	rep.Add(f)
	rep.Add(bench.Figure{Key: "ingest." + L + ".sync_cpu_rate", Section: sec, Name: "First sync " + L + ": transfers per CPU-second", Value: cpuRate, Unit: "/CPU-s",
		Beside: bench.F(insCPU), BesideName: "bare INSERT"})
	rep.Add(bench.Figure{Key: "ingest." + L + ".decode_rate", Section: sec, Name: "Limit (a) " + L + ": decode the same pages' JSON", Value: decRate, Unit: "/s",
		Note: fmt.Sprintf("%s rows in %d of the sync's %d pages; %.0f per CPU-second; sync ÷ decode = %.3f", fmtInt(bl.Rows), bl.Pages, synced, decCPU, ratio(syncRate, decRate))})
	rep.Add(bench.Figure{Key: "ingest." + L + ".insert_rate", Section: sec, Name: "Limit (b) " + L + ": bare prepared INSERT of the same rows", Value: insRate, Unit: "/s",
		Note: fmt.Sprintf("%.0f per CPU-second; sync ÷ bare insert = %.3f (wall), %.3f (CPU)", insCPU, ratio(syncRate, insRate), ratio(cpuRate, insCPU))})
	if n == 100_000 || (c.mode == "smoke" && !last) {
		// The targets are set for 100k; the smoke run checks them on its small size.
		rep.Add(bench.Figure{Key: "ingest." + L + ".sync_seconds", Section: sec, Name: "First sync " + L + ": time", Value: first.Wall.Seconds(), Unit: "s",
			Target: &bench.Target{Op: bench.Below, Limit: 5, Text: "< 5 s"}})
		rep.Add(bench.Figure{Key: "ingest." + L + ".share_of_insert", Section: sec, Name: "First sync " + L + " ÷ bare-insert limit (wall)", Value: ratio(syncRate, insRate) * 100, Unit: "%",
			Target: &bench.Target{Op: bench.AtLeast, Limit: 15, Text: "≥ 15%"}, Note: fmt.Sprintf("by CPU time: %.1f%%", ratio(cpuRate, insCPU)*100)})
	}

	for _, f := range later {
		rep.Add(f)
	}
	if !last {
		return nil, nil
	}
	return &bigStore{home: home, dbPath: dbPath, profileID: p.ID, rows: stored, partial: partial}, nil
}

// lookupRand is the random source the query phase samples rows with; the heap child samples
// the same rows with it.
func lookupRand() *rand.Rand { return rand.New(rand.NewPCG(11, 12)) }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func fmtInt(n int) string {
	s := fmt.Sprint(n)
	out := []byte{}
	for i, ch := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, ch)
	}
	return string(out)
}

// queryPhase measures the views, look-ups and export on the largest store, then webhooks.
func queryPhase(ctx context.Context, c config, rep *bench.Report, big *bigStore) error {
	sec := "Query (" + fmtInt(big.rows) + " rows)"
	log.Printf("query: opening %s (%s rows)", big.dbPath, fmtInt(big.rows))
	if err := bench.RemoveIndexSnapshots(big.dbPath); err != nil { // the first start without one
		return err
	}
	openStart := time.Now()
	db, err := store.Open(big.dbPath)
	if err != nil {
		return err
	}
	defer func() { db.Close() }() // db is reopened below
	openTook := time.Since(openStart)
	conn, err := bench.OpenDirect(big.dbPath)
	if err != nil {
		return err
	}
	defer conn.Close()
	rng := lookupRand()
	backlog, _ := db.SearchBacklog(ctx, big.profileID)
	// The first query warms the store's index: what the desk's first window costs after a start
	// — read from the table (no snapshot yet), then after a restart, from the snapshot file
	// the close saved (store/tindex_snapshot.go).
	firstCold, err := bench.MeasureFirstWindow(ctx, db, big.profileID)
	if err != nil {
		return err
	}
	firstTook := firstCold.Wall
	db, firstSnap, closeTook, err := bench.Reopen(ctx, db, big.dbPath, big.profileID)
	if err != nil {
		return err
	}
	var views []bench.Latencies
	samples, err := bench.PickSamples(ctx, db, big.profileID, max(c.lookups, 20), rng)
	if err != nil {
		return err
	}
	for _, v := range bench.Views(samples) {
		l, err := bench.MeasureView(ctx, db, conn, big.profileID, v, c.queries, c.direct, rng)
		if err != nil {
			return err
		}
		views = append(views, l)
		log.Printf("query %-20s total %8d  p50 %6.1f  p95 %6.1f  p99 %6.1f ms; direct p50 %6.1f ms %s", l.View, l.Total,
			bench.Ms(bench.Percentile(l.Store, 50)), bench.Ms(bench.Percentile(l.Store, 95)), bench.Ms(bench.Percentile(l.Store, 99)),
			bench.Ms(bench.Percentile(l.Direct, 50)), l.DirectErr)
	}
	rep.Add(bench.Figure{Key: "query.open_ms", Section: sec, Name: "Open the store", Value: bench.Ms(openTook), Unit: "ms",
		Note: fmt.Sprintf("search index backlog at open: %s rows (filled in the background; searches scan them directly meanwhile)", fmtInt(backlog))})
	rep.Add(bench.Figure{Key: "query.first_window_ms", Section: sec, Name: "First window after open, index read from the table", Value: bench.Ms(firstTook), Unit: "ms",
		Note: fmt.Sprintf("no snapshot file (removed before opening: the first start after an upgrade); %v CPU", firstCold.CPU.Round(time.Millisecond))})
	snapNote := fmt.Sprintf("after a restart: the index from its snapshot file, then the rows changed since; %v CPU; the close before it (saving the file) took %v",
		firstSnap.CPU.Round(time.Millisecond), closeTook.Round(time.Millisecond))
	if !firstSnap.FromSnapshot {
		snapNote = "the snapshot was NOT used: " + firstSnap.Note
		if big.rows < store.SnapshotMinRows() {
			snapNote = fmt.Sprintf("no snapshot: stores under %s transfers load from the table", fmtInt(store.SnapshotMinRows()))
		}
	}
	rep.Add(bench.Figure{Key: "query.first_window_snapshot_ms", Section: sec, Name: "First window after a restart (index from its snapshot)", Value: bench.Ms(firstSnap.Wall), Unit: "ms",
		Note: snapNote + " (goal: < 1 s, issue 5)"})
	var worst95 float64
	for _, l := range views {
		p50, p95, p99 := bench.Percentile(l.Store, 50), bench.Percentile(l.Store, 95), bench.Percentile(l.Store, 99)
		worst95 = max(worst95, bench.Ms(p95))
		key := "query." + slug(l.View)
		var d50, d95, d99 *float64
		note := fmt.Sprintf("%s matching; %d windows; the view's first %.1f ms", fmtInt(l.Total), len(l.Store), bench.Ms(l.First))
		if l.DirectErr == "" && len(l.Direct) > 0 {
			d50, d95, d99 = bench.F(bench.Ms(bench.Percentile(l.Direct, 50))), bench.F(bench.Ms(bench.Percentile(l.Direct, 95))), bench.F(bench.Ms(bench.Percentile(l.Direct, 99)))
			note += fmt.Sprintf("; direct SQL over %d windows", len(l.Direct))
		} else if l.DirectErr != "" {
			note += "; direct SQL failed: " + l.DirectErr
		}
		rep.Add(bench.Figure{Key: key + ".p50_ms", Section: sec, Name: l.View + ": p50", Value: bench.Ms(p50), Unit: "ms", Beside: d50, BesideName: "direct SQL", Note: note})
		rep.Add(bench.Figure{Key: key + ".p95_ms", Section: sec, Name: l.View + ": p95", Value: bench.Ms(p95), Unit: "ms", Beside: d95, BesideName: "direct SQL",
			Target: &bench.Target{Op: bench.Below, Limit: 20, Text: "< 20 ms"}})
		rep.Add(bench.Figure{Key: key + ".p99_ms", Section: sec, Name: l.View + ": p99", Value: bench.Ms(p99), Unit: "ms", Beside: d99, BesideName: "direct SQL"})
	}
	_ = worst95

	log.Printf("query: exact look-ups")
	lk, err := bench.Lookups(ctx, db, big.profileID, bench.Samples{Rows: samples.Rows[:min(c.lookups, len(samples.Rows))]})
	if err != nil {
		return err
	}
	if ds := lk[bench.FirstLookup]; len(ds) > 0 {
		rep.Add(bench.Figure{Key: "query.first_lookup_ms", Section: sec, Name: "Exact look-up: the process's first", Value: bench.Ms(ds[0]), Unit: "ms",
			Note: "by id; it builds the id table (4 bytes a row, once per process), so it is not among the look-ups below"})
	}
	// The targets are scored in a fresh process (heapPhase); these are the same look-ups in
	// this one, right after the views, with the search index still filling.
	left, _ := db.SearchBacklog(ctx, big.profileID)
	addLookups(rep, sec, lk, "inprocess_", " in this process", nil,
		fmt.Sprintf("in the process that ran the first sync of %s and the limits, %s rows still to index for search", fmtInt(big.rows), fmtInt(left)))

	log.Printf("query: CSV export of every row")
	ex, err := bench.MeasureExport(ctx, db, conn, big.profileID)
	if err != nil {
		return err
	}
	var dRate *float64
	note := fmt.Sprintf("%s rows, %.1f MB of CSV, %v wall, %v CPU (%.0f rows per CPU-second)", fmtInt(ex.Rows), float64(ex.Bytes)/1e6,
		ex.StoreWall.Round(time.Millisecond), ex.StoreCPU.Round(time.Millisecond), bench.Rate(ex.Rows, ex.StoreCPU))
	if ex.DirectErr == "" {
		dRate = bench.F(bench.Rate(ex.DirectRows, ex.DirectWall))
	} else {
		note += "; direct SQL failed: " + ex.DirectErr
	}
	rep.Add(bench.Figure{Key: "export.csv_rate", Section: sec, Name: "CSV export of every row: rows/s", Value: bench.Rate(ex.Rows, ex.StoreWall), Unit: "/s",
		Beside: dRate, BesideName: "SELECT + encoding/csv", Note: note})

	log.Printf("webhooks")
	var ids []string
	for _, r := range samples.Rows {
		ids = append(ids, r.ID)
	}
	res, err := bench.MeasureHooks(ctx, db, big.profileID, ids, c.hooks)
	if err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	hsec := "Webhooks (receiver on the " + fmtInt(big.rows) + "-row store)"
	for _, h := range res {
		key := fmt.Sprintf("webhook.%drps", h.Load.Rate)
		p50, p99 := bench.Percentile(h.Latencies, 50), bench.Percentile(h.Latencies, 99)
		note := fmt.Sprintf("%d deliveries over %v, %d duplicates (%.0f%%), %d not 200, %d failed, %d sent late", h.Sent, h.Load.Duration, h.Dups,
			100*float64(h.Dups)/float64(max(h.Sent, 1)), h.Non200, h.Errors, h.Behind)
		log.Printf("webhooks %d/s: p50 %.1f ms p99 %.1f ms; %s", h.Load.Rate, bench.Ms(p50), bench.Ms(p99), note)
		rep.Add(bench.Figure{Key: key + ".p50_ms", Section: hsec, Name: fmt.Sprintf("Ack at %d req/s: p50", h.Load.Rate), Value: bench.Ms(p50), Unit: "ms", Note: note})
		p99f := bench.Figure{Key: key + ".p99_ms", Section: hsec, Name: fmt.Sprintf("Ack at %d req/s: p99", h.Load.Rate), Value: bench.Ms(p99), Unit: "ms"}
		if h.Load.Rate == 500 {
			p99f.Target = &bench.Target{Op: bench.Below, Limit: 20, Text: "< 20 ms"}
		}
		rep.Add(p99f)
		if h.Non200+h.Errors > 0 {
			return fmt.Errorf("webhooks at %d/s: %d answers were not 200 and %d requests failed", h.Load.Rate, h.Non200, h.Errors)
		}
	}
	return nil
}

func slug(s string) string {
	out := []rune{}
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out = append(out, r)
			dash = false
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
			dash = false
		default:
			if !dash && len(out) > 0 {
				out = append(out, '_')
				dash = true
			}
		}
	}
	for len(out) > 0 && out[len(out)-1] == '_' {
		out = out[:len(out)-1]
	}
	return string(out)
}
