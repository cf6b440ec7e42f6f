package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"meshdesk/bench"
	"meshdesk/bench/appbench"
	"meshdesk/store"
)

// appPhase holds what the scroll figure needs from the start-up figures.
type appPhase struct {
	emptyIdle appbench.Tree
	haveEmpty bool
}

const appSec = "App (beside an empty Wails v2 react-ts app, same toolchain, same run)"

// needApp says why the app figures cannot be measured here ("" when they can).
func needApp(c config) string {
	if os.Getenv("DISPLAY") == "" {
		return "no X display (DISPLAY unset; make bench runs under scripts/with-session.sh, which starts Xvfb)"
	}
	for _, t := range []string{"xdotool", "import", "node", "npm"} {
		if _, err := exec.LookPath(t); err != nil {
			return t + " not on PATH (make test-deps installs it)"
		}
	}
	if st, err := os.Stat(c.appBin); err != nil || st.Mode()&0o111 == 0 {
		return "no desktop binary at " + c.appBin + " (make build)"
	}
	return ""
}

func inCI() bool { return os.Getenv("CI") == "true" }

func startAppPhase(ctx context.Context, c config, rep *bench.Report) (*appPhase, error) {
	if why := needApp(c); why != "" {
		if inCI() {
			return nil, fmt.Errorf("under CI=true the app figures must be measured: %s", why)
		}
		rep.Skipped = append(rep.Skipped, "app figures: "+why)
		log.Printf("app figures skipped: %s", why)
		return nil, nil
	}
	tc, err := appbench.ReadToolchain(ctx, c.repo)
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(c.work, "empty-build.log")
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	log.Printf("app: the empty Wails app (Go %s, Wails %s, Node %s, key %s)", tc.Go, tc.Wails, tc.Node, tc.Key())
	buildStart := time.Now()
	empty, err := appbench.BuildEmpty(ctx, c.repo, c.cacheDir, tc, lf)
	lf.Close()
	if err != nil {
		b, _ := os.ReadFile(logPath)
		return nil, fmt.Errorf("build the empty app: %w\n%s", err, tail(b, 3000))
	}
	how := fmt.Sprintf("built now in %v", time.Since(buildStart).Round(time.Second))
	if empty.Cached {
		how = "served from the cache " + filepath.Dir(empty.Bin)
	}
	log.Printf("app: empty app %s", how)
	rep.Notes = append(rep.Notes, fmt.Sprintf("Empty app: Go %s, Wails %s, Node %s; %s.", tc.Go, tc.Wails, tc.Node, how))

	sizeOf := func(p string) float64 {
		st, err := os.Stat(p)
		if err != nil {
			return 0
		}
		return float64(st.Size()) / (1 << 20)
	}
	appMB, emptyMB := sizeOf(c.appBin), sizeOf(empty.Bin)
	rep.Add(bench.Figure{Key: "app.binary_mb", Section: appSec, Name: "Production binary size", Value: appMB, Unit: "MiB", Beside: bench.F(emptyMB), BesideName: "empty app",
		Target: &bench.Target{Op: bench.Below, Limit: 25, Text: "< 25 MiB"}, Note: "build/bin/meshdesk (make build), not stripped; the empty app built the same way"})

	home := filepath.Join(c.work, "app-home")
	mesh := appbench.App{Name: "Mesh Desk", Bin: c.appBin, Env: []string{"MESHDESK_HOME=" + home}, Title: "Demo$", Log: filepath.Join(c.work, "meshdesk.log")}
	emp := appbench.App{Name: "empty app", Bin: empty.Bin, Title: "^" + appbench.EmptyTitle + "$", Log: filepath.Join(c.work, "empty.log")}

	// Cold starts, the two apps alternating so both see the same machine; in the full run one
	// uncounted start of each first (page cache, Mesh Desk's first-run set-up). The last
	// counted start of each app stays up to settle and have its memory read.
	log.Printf("app: cold starts (%d counted runs each) and idle memory", c.coldRuns)
	var meshRuns, emptyRuns []time.Duration
	var mIdle, eIdle appbench.Tree
	first := 1
	if c.warmup {
		first = 0
	}
	for i := first; i <= c.coldRuns; i++ {
		for _, a := range []appbench.App{mesh, emp} {
			idle := i == c.coldRuns
			one, tree, err := startOnce(ctx, a, idle, c.settle)
			if err != nil {
				return nil, fmt.Errorf("cold start of %s: %w", a.Name, err)
			}
			if i == 0 {
				continue
			}
			if a.Name == mesh.Name {
				meshRuns, mIdle = append(meshRuns, one), tree
			} else {
				emptyRuns, eIdle = append(emptyRuns, one), tree
			}
		}
	}
	mMed, eMed := median(meshRuns), median(emptyRuns)
	warm := "after one uncounted start each"
	if !c.warmup {
		warm = "no uncounted warm-up start (smoke)"
	}
	rep.Add(bench.Figure{Key: "app.cold_start_ms", Section: appSec, Name: "Cold start to first-render signal (median)", Value: bench.Ms(mMed), Unit: "ms",
		Beside: bench.F(bench.Ms(eMed)), BesideName: "empty app", Note: fmt.Sprintf("Mesh Desk runs %v; empty app runs %v; %s", msList(meshRuns), msList(emptyRuns), warm)})
	rep.Add(bench.Figure{Key: "app.cold_start_ratio", Section: appSec, Name: "Cold start ÷ the empty app's", Value: ratio(bench.Ms(mMed), bench.Ms(eMed)), Unit: "×",
		Target: &bench.Target{Op: bench.AtMost, Limit: 2, Text: "≤ 2×"}})
	rep.Add(bench.Figure{Key: "app.idle_pss_mb", Section: appSec, Name: "Process-tree PSS, idle on the Demo profile", Value: mIdle.PSSMB(), Unit: "MiB",
		Beside: bench.F(eIdle.PSSMB()), BesideName: "empty app idle",
		Note: fmt.Sprintf("%v after the first render; RSS %.0f MiB (empty %.0f); %s; empty: %s", c.settle, mIdle.RSSMB(), eIdle.RSSMB(), mIdle.Summary(), eIdle.Summary())})
	rep.Add(bench.Figure{Key: "app.idle_pss_ratio", Section: appSec, Name: "Idle PSS ÷ the empty app's idle PSS", Value: ratio(mIdle.PSSMB(), eIdle.PSSMB()), Unit: "×",
		Target: &bench.Target{Op: bench.AtMost, Limit: 1.3, Text: "≤ 1.3×"}})
	return &appPhase{emptyIdle: eIdle, haveEmpty: true}, nil
}

// startOnce starts a, waits for its first-render signal and, when idle is set, lets it settle
// and reads its process tree's memory; then stops it.
func startOnce(ctx context.Context, a appbench.App, idle bool, settle time.Duration) (time.Duration, appbench.Tree, error) {
	r, err := appbench.Start(a)
	if err != nil {
		return 0, appbench.Tree{}, err
	}
	defer r.Stop(10 * time.Second)
	c, cancel := context.WithTimeout(ctx, 120*time.Second)
	defer cancel()
	d, err := r.WaitFirstRender(c, a.Title, 20*time.Millisecond)
	if err != nil || !idle {
		return d, appbench.Tree{}, err
	}
	time.Sleep(settle)
	t, err := sampleTree(r)
	return d, t, err
}

// sampleTree reads the tree's memory three times a second apart and keeps the median.
func sampleTree(r *appbench.Running) (appbench.Tree, error) {
	var ts []appbench.Tree
	for i := 0; i < 3; i++ {
		if i > 0 {
			time.Sleep(time.Second)
		}
		t, err := r.PSS()
		if err != nil {
			return appbench.Tree{}, err
		}
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].PSSKB < ts[j].PSSKB })
	return ts[1], nil
}

// scroll opens the app on the largest history, scrolls its table and measures the tree's PSS.
func (a *appPhase) scroll(ctx context.Context, c config, rep *bench.Report, big *bigStore) error {
	app := appbench.App{Name: "Mesh Desk (" + bigProfile + ")", Bin: c.appBin, Env: []string{"MESHDESK_HOME=" + big.home, "MESHDESK_DEMO_TRANSFERS=0"},
		Title: bigProfile + "$", Log: filepath.Join(c.work, "meshdesk-big.log")}
	log.Printf("app: scrolling the %s-row table", fmtInt(big.rows))
	r, err := appbench.Start(app)
	if err != nil {
		return err
	}
	defer r.Stop(10 * time.Second)
	wc, cancel := context.WithTimeout(ctx, 150*time.Second)
	defer cancel()
	if _, err := r.WaitFirstRender(wc, app.Title, 50*time.Millisecond); err != nil {
		b, _ := os.ReadFile(filepath.Join(big.home, "state", "logs", "meshdesk.log"))
		return fmt.Errorf("%w; the app's log ends:\n%s", err, tail(b, 1500))
	}
	time.Sleep(c.settle)
	before, err := sampleTree(r)
	if err != nil {
		return err
	}
	shots := filepath.Join(c.repo, "test-artifacts", "bench-"+c.mode+"-shots") // kept out of git
	_ = os.MkdirAll(shots, 0o755)
	if _, err := r.Screenshot(ctx, filepath.Join(shots, "before-scroll.png")); err != nil {
		return err
	}
	if err := r.ScrollDesk(ctx, c.pages, 300*time.Millisecond); err != nil {
		return err
	}
	time.Sleep(c.settle)
	after, err := sampleTree(r)
	if err != nil {
		return err
	}
	colours, err := r.Screenshot(ctx, filepath.Join(shots, "after-scroll.png"))
	if err != nil {
		return err
	}
	same, _ := sameFile(filepath.Join(shots, "before-scroll.png"), filepath.Join(shots, "after-scroll.png"))
	if same {
		return fmt.Errorf("the window looks the same after the scroll: the Transfers view was not reached (see %s)", shots)
	}
	note := fmt.Sprintf("before the scroll %.0f MiB; RSS after %.0f MiB; %s; screenshots in %s (%d colours after)", before.PSSMB(), after.RSSMB(), after.Summary(), shots, colours)
	if big.partial {
		note = "the history holds only " + fmtInt(big.rows) + " rows (the sync stopped at the budget); " + note
	}
	rep.Add(bench.Figure{Key: "app.scrolled_pss_mb", Section: appSec, Name: "Process-tree PSS after scrolling the " + fmtInt(big.rows) + "-row table", Value: after.PSSMB(), Unit: "MiB",
		Beside: bench.F(a.emptyIdle.PSSMB()), BesideName: "empty app idle", Note: note})
	rep.Add(bench.Figure{Key: "app.scrolled_pss_ratio", Section: appSec, Name: "Scrolled PSS ÷ the empty app's idle PSS", Value: ratio(after.PSSMB(), a.emptyIdle.PSSMB()), Unit: "×",
		Target: &bench.Target{Op: bench.AtMost, Limit: 1.6, Text: "≤ 1.6×"}})
	return nil
}

func sameFile(a, b string) (bool, error) {
	x, err := os.ReadFile(a)
	if err != nil {
		return false, err
	}
	y, err := os.ReadFile(b)
	if err != nil {
		return false, err
	}
	return string(x) == string(y), nil
}

// heapPhase opens the largest store in a child process, as the app does, reads its Go heap,
// and times the exact look-ups there. In this process they run after the first sync of a
// million rows and the limits (gigabytes of Go and SQLite memory allocated and freed), and
// took up to twice as long as in a fresh process on the same store at the same time; the
// app's look-ups after a restart run in a fresh process. Both are reported.
func heapPhase(ctx context.Context, c config, rep *bench.Report, big *bigStore) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	log.Printf("heap: a child process opens the %s-row store (then times the exact look-ups)", fmtInt(big.rows))
	out, err := exec.CommandContext(ctx, exe, "heap", "-db", big.dbPath, "-profile", big.profileID, "-lookups", fmt.Sprint(c.lookups)).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return fmt.Errorf("heap child: %w: %s", err, ee.Stderr)
		}
		return fmt.Errorf("heap child: %w", err)
	}
	var h heapReport
	if err := json.Unmarshal(out, &h); err != nil {
		return fmt.Errorf("heap child said %q: %w", out, err)
	}
	note := fmt.Sprintf("after GC: live heap %.1f MiB, heap in use %.1f MiB, from the OS %.1f MiB; store opened, %s rows counted, a window and a search asked",
		h.HeapAllocMB, h.HeapInuseMB, h.SysMB, fmtInt(h.Rows))
	if big.partial {
		note = "only " + fmtInt(big.rows) + " rows (the sync stopped at the budget); " + note
	}
	rep.Add(bench.Figure{Key: "app.go_heap_mb", Section: appSec, Name: "Go heap with " + fmtInt(big.rows) + " rows synced (heap in use)", Value: h.HeapInuseMB, Unit: "MiB",
		Target: &bench.Target{Op: bench.Below, Limit: 100, Text: "< 100 MiB"}, Note: note})
	sec := "Query (" + fmtInt(big.rows) + " rows)"
	lk := map[string][]time.Duration{}
	for kind, ms := range h.Lookups {
		lk[kind] = msDurations(ms)
	}
	addLookups(rep, sec, lk, "", "", &bench.Target{Op: bench.Below, Limit: 1, Text: "< 1 ms (issue 5)"},
		fmt.Sprintf("in a fresh process that opened the store as the app does, once its search worker had indexed the rest (%.0f s; %s rows left); the same sampled rows",
			h.IndexWaitS, fmtInt(h.Unindexed)))
	return nil
}

// lookupKinds are bench.Lookups' kinds, in report order.
var lookupKinds = []string{"lookup by id", "lookup by hash", "lookup by address", "full record by id"}

// addLookups reports the p95 of each kind of look-up in lk (keyed "query." + keyPrefix +
// kind, named "Exact " + kind + where), with target when set and the p50 and p99 after note.
func addLookups(rep *bench.Report, sec string, lk map[string][]time.Duration, keyPrefix, where string, target *bench.Target, note string) {
	for _, kind := range lookupKinds {
		ds := lk[kind]
		if len(ds) == 0 {
			continue
		}
		rep.Add(bench.Figure{Key: "query." + keyPrefix + slug(kind) + ".p95_ms", Section: sec, Name: "Exact " + kind + where + ": p95", Value: bench.Ms(bench.Percentile(ds, 95)), Unit: "ms",
			Target: target,
			Note:   fmt.Sprintf("%s; p50 %.2f ms, p99 %.2f ms over %d", note, bench.Ms(bench.Percentile(ds, 50)), bench.Ms(bench.Percentile(ds, 99)), len(ds))})
	}
}

func msDurations(ms []float64) []time.Duration {
	out := make([]time.Duration, len(ms))
	for i, m := range ms {
		out[i] = time.Duration(m * float64(time.Millisecond))
	}
	return out
}

type heapReport struct {
	Rows        int     `json:"rows"`
	HeapAllocMB float64 `json:"heapAllocMB"`
	HeapInuseMB float64 `json:"heapInuseMB"`
	SysMB       float64 `json:"sysMB"`
	// Lookups are bench.Lookups' times in milliseconds, by kind, after the heap was read.
	Lookups map[string][]float64 `json:"lookups,omitempty"`
	// Unindexed is how many rows the search index did not hold yet when the look-ups ran, and
	// IndexWaitS how long the child waited for its worker to index the rest before them.
	Unindexed  int     `json:"unindexed"`
	IndexWaitS float64 `json:"indexWaitS"`
}

// lookupIndexWait bounds how long the heap child lets its search worker finish the index
// before it times the look-ups.
const lookupIndexWait = 3 * time.Minute

// heapChild is `meshbench heap -db PATH -profile ID`: open the store, ask what the desk asks
// when it starts (the count and first window, which build the query index; one search), then
// report the Go heap after a full collection as JSON; with -lookups N, then reopen the store
// as the app does (its search worker on), let the worker finish the search index (the
// steady state of a desk; at most lookupIndexWait) and time the exact look-ups of N sampled
// rows (the rows the query phase samples: same seed).
func heapChild(args []string) error {
	fs := flag.NewFlagSet("heap", flag.ContinueOnError)
	dbPath := fs.String("db", "", "the store")
	pid := fs.String("profile", "", "the profile id")
	lookups := fs.Int("lookups", 0, "look-ups to time after reading the heap")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	db, err := store.Open(*dbPath, store.WithSearchIndexing(0, 0))
	if err != nil {
		return err
	}
	defer func() { db.Close() }() // db is reopened below
	w, err := db.QueryTransfers(ctx, *pid, store.TransferQuery{Sort: store.SortCreated, Desc: true, Limit: bench.Window})
	if err != nil {
		return err
	}
	if len(w.Rows) > 0 {
		q := w.Rows[0].ID[:8]
		if _, err := db.QueryTransfers(ctx, *pid, store.TransferQuery{Filter: store.TransferFilter{Search: q}, Limit: bench.Window}); err != nil {
			return err
		}
	}
	// A collection, not debug.FreeOSMemory: heap in use is the same either way, and memory
	// handed back to the kernel is faulted in again by the look-ups below (about 25 µs a
	// page on this VM), which would time the kernel, not the look-ups.
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	const mb = 1 << 20
	h := heapReport{Rows: w.Total, HeapAllocMB: float64(m.HeapAlloc) / mb, HeapInuseMB: float64(m.HeapInuse) / mb, SysMB: float64(m.Sys) / mb}
	if *lookups > 0 {
		if err := db.Close(); err != nil {
			return err
		}
		if db, err = store.Open(*dbPath); err != nil {
			return err
		}
		began := time.Now()
		for {
			if h.Unindexed, err = db.SearchBacklog(ctx, *pid); err != nil {
				return err
			}
			if h.Unindexed == 0 || time.Since(began) > lookupIndexWait {
				break
			}
			time.Sleep(500 * time.Millisecond)
		}
		h.IndexWaitS = time.Since(began).Seconds()
		samples, err := bench.PickSamples(ctx, db, *pid, max(*lookups, 20), lookupRand())
		if err != nil {
			return err
		}
		lk, err := bench.Lookups(ctx, db, *pid, bench.Samples{Rows: samples.Rows[:min(*lookups, len(samples.Rows))]})
		if err != nil {
			return err
		}
		h.Lookups = map[string][]float64{}
		for kind, ds := range lk {
			for _, d := range ds {
				h.Lookups[kind] = append(h.Lookups[kind], bench.Ms(d))
			}
		}
	}
	return json.NewEncoder(os.Stdout).Encode(h)
}

func median(ds []time.Duration) time.Duration { return bench.Percentile(ds, 50) }

func msList(ds []time.Duration) string {
	s := ""
	for i, d := range ds {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(d.Round(time.Millisecond))
	}
	return s
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
