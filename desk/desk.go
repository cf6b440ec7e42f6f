// Package desk is the service layer the desktop app (app.go) and the headless commands (cli/)
// share: it opens the database and the keychain, creates the Demo profile on first run, runs
// the Demo profile's in-process emulator, and offers every profile operation of the app's
// Settings screen (add, list, use, rename, remove, secrets, test, sub-clients) once, so the
// window and the command line behave the same.
package desk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"meshdesk/appdir"
	"meshdesk/meshsim"
	"meshdesk/store"
)

// DemoProfileName is the profile a new install starts with; it runs the in-process emulator.
const DemoProfileName = "Demo"

// DefaultDemoTransfers is how many history transfers the Demo emulator generates.
const DefaultDemoTransfers = 5000

// EnvDemoTransfers overrides DefaultDemoTransfers (e.g. 1000000 to try the transfer desk at
// scale). It applies when a demo profile's emulator state is first created; the state file
// keeps the count afterwards.
const EnvDemoTransfers = "MESHDESK_DEMO_TRANSFERS"

// MaxDemoTransfers bounds EnvDemoTransfers.
const MaxDemoTransfers = 5_000_000

// Settings keys desk keeps in the database (never secrets).
const (
	settingDemoCreated = "desk.demo_created"
)

// Options configure Open. The zero value opens the user's real files and keychain.
type Options struct {
	// DBPath is the SQLite file (default appdir.DatabaseFile(), which honours MESHDESK_HOME).
	DBPath string
	// StateDir holds the Demo emulators' state files (default appdir.State()).
	StateDir string
	// Keychain keeps the secrets. Default: the OS keychain (store.KeyringVault, every call
	// bounded by KeyringTimeout, listing through the database's index). Desk always puts the
	// environment overlay on top (store.EnvVault: MESH_CLIENT_SECRET, MESH_WEBHOOK_SECRET,
	// MESH_ADMIN_SECRET supply secrets for this run only and are never written). Tests pass a
	// store.MemoryVault.
	Keychain store.Vault
	// KeyringTimeout bounds each keychain call of the default keychain (default 5 s).
	KeyringTimeout time.Duration
	// Getenv reads the environment for the overlay (default os.Getenv).
	Getenv func(string) string
	// Now is the clock (default time.Now): the database's timestamps and test round trips.
	Now func() time.Time
	// Logger receives diagnostics (default slog.Default()). Secrets are never logged.
	Logger *slog.Logger
	// HTTPClient is used for Mesh calls (default: a client with a 60 s timeout).
	HTTPClient *http.Client
	// DemoTransfers is how many transfers the Demo emulator generates (default 5,000, or
	// $MESHDESK_DEMO_TRANSFERS; negative means none).
	DemoTransfers int
	// DemoSeed makes the Demo history deterministic (default: a fixed seed).
	DemoSeed uint64
	// DemoSettleDelay is how long runtime Demo transfers stay pending (default: the
	// emulator's 10 s).
	DemoSettleDelay time.Duration
	// NoDemo skips creating the Demo profile on first run (tests of an empty install).
	NoDemo bool
}

// Desk is an open Mesh Desk: database, vault and the running Demo emulators. Safe for
// concurrent use; Close it once.
type Desk struct {
	opts     Options
	db       *store.DB
	keychain store.Vault // where secrets are stored
	vault    store.Vault // keychain under the environment overlay: where secrets are read
	log      *slog.Logger
	now      func() time.Time

	mu   sync.Mutex
	sims map[string]*demoSim // by profile ID

	owner    string             // random id of this Desk in demo lock files
	bgCancel context.CancelFunc // stops the background keychain cleanup
	bg       sync.WaitGroup
}

// demoSim is a demo profile's emulator: run by this process (sim set), or by another Mesh
// Desk process on this machine whose lock file names its URL (sim nil), so that the app and
// the command line share one emulator and one state file instead of overwriting each other's.
type demoSim struct {
	sim *meshsim.Sim
	url string
}

// demoLock is the content of a demo profile's lock file.
type demoLock struct {
	PID   int    `json:"pid"`
	Owner string `json:"owner"` // the Desk that wrote it (random per Open)
	URL   string `json:"url"`
}

// Open opens the database (creating it and the Demo profile on first run) and the vault, and
// starts finishing, in the background, any keychain cleanup a previous removal left pending.
func Open(ctx context.Context, opts Options) (*Desk, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if opts.DemoTransfers == 0 {
		opts.DemoTransfers = DefaultDemoTransfers
		if v := opts.Getenv(EnvDemoTransfers); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > MaxDemoTransfers {
				return nil, fmt.Errorf("%s=%q: want a number of transfers from 0 to %d", EnvDemoTransfers, v, MaxDemoTransfers)
			}
			opts.DemoTransfers = n
			if n == 0 {
				opts.DemoTransfers = -1
			}
		}
	}
	if opts.DemoTransfers < 0 {
		opts.DemoTransfers = 0
	}
	if opts.DemoSeed == 0 {
		opts.DemoSeed = 20261125
	}
	if opts.DBPath == "" {
		p, err := appdir.DatabaseFile()
		if err != nil {
			return nil, fmt.Errorf("find the database: %w", err)
		}
		opts.DBPath = p
	}
	if opts.StateDir == "" {
		d, err := appdir.State()
		if err != nil {
			return nil, fmt.Errorf("find the state folder: %w", err)
		}
		opts.StateDir = d
	}
	db, err := store.Open(opts.DBPath, store.WithNow(opts.Now))
	if err != nil {
		return nil, err
	}
	d := &Desk{opts: opts, db: db, log: opts.Logger, now: opts.Now, sims: map[string]*demoSim{},
		owner: NewUserID()[len("md-user-"):]}
	d.keychain = opts.Keychain
	if d.keychain == nil {
		kv := store.NewKeyringVault(db)
		kv.Timeout = opts.KeyringTimeout
		d.keychain = kv
	}
	d.vault = &store.EnvVault{Base: d.keychain, Getenv: opts.Getenv}
	if err := d.firstRun(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// The cleanup runs in the background: a keychain that hangs must not delay start-up.
	bgCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	d.bgCancel = cancel
	d.bg.Add(1)
	go func() {
		defer d.bg.Done()
		d.cleanup(bgCtx)
	}()
	return d, nil
}

// cleanup retries keychain deletions a previous removal could not finish. It only touches
// the keychain when something is pending, and failures are logged, not fatal.
func (d *Desk) cleanup(ctx context.Context) {
	pending, err := d.db.PendingDeletions(ctx)
	if err != nil {
		d.log.Warn("desk: list pending keychain deletions", "err", err)
		return
	}
	if len(pending) == 0 {
		return
	}
	if err := d.db.FinishCleanup(ctx, d.vault); err != nil {
		if ctx.Err() != nil {
			return // closed before the keychain answered; retried next time
		}
		d.log.Warn("desk: keychain cleanup still pending", "entries", len(pending), "err", err)
		return
	}
	d.log.Info("desk: finished pending keychain cleanup", "entries", len(pending))
}

// firstRun creates the Demo profile and makes it the default, once per database.
func (d *Desk) firstRun(ctx context.Context) error {
	if d.opts.NoDemo {
		return nil
	}
	if _, err := d.db.Setting(ctx, settingDemoCreated); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("first run: %w", err)
	}
	p, err := d.db.ProfileByName(ctx, DemoProfileName)
	switch {
	case errors.Is(err, store.ErrNotFound):
		p, err = d.db.CreateProfile(ctx, store.Profile{
			Name: DemoProfileName, Env: store.EnvDemo, ClientID: meshsim.DefaultClientID,
			DefaultUserID: NewUserID(),
		})
		if err != nil && !errors.Is(err, store.ErrConflict) { // another process won the race
			return fmt.Errorf("first run: create the Demo profile: %w", err)
		}
		if err != nil {
			p, err = d.db.ProfileByName(ctx, DemoProfileName)
		}
		if err != nil {
			return fmt.Errorf("first run: %w", err)
		}
	case err != nil:
		return fmt.Errorf("first run: %w", err)
	}
	if _, err := d.db.DefaultProfile(ctx); errors.Is(err, store.ErrNotFound) {
		if err := d.db.SetDefaultProfile(ctx, p.ID); err != nil {
			return fmt.Errorf("first run: %w", err)
		}
	}
	if err := d.db.SetSetting(ctx, settingDemoCreated, "1"); err != nil {
		return fmt.Errorf("first run: %w", err)
	}
	d.log.Info("desk: first run, created the Demo profile", "profile", p.ID)
	return nil
}

// DB is the open database.
func (d *Desk) DB() *store.DB { return d.db }

// Vault is the vault every secret goes through.
func (d *Desk) Vault() store.Vault { return d.vault }

// Close stops the Demo emulators (writing their state files) and closes the database.
func (d *Desk) Close() error {
	// Let a running keychain cleanup finish (a working keychain answers in milliseconds);
	// one that hangs is cut off and retried at the next start.
	done := make(chan struct{})
	go func() { d.bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		d.bgCancel()
		<-done
	}
	d.bgCancel()
	d.mu.Lock()
	sims := d.sims
	d.sims = map[string]*demoSim{}
	d.mu.Unlock()
	var errs []error
	for id, s := range sims {
		if err := d.releaseDemo(id, s); err != nil {
			errs = append(errs, fmt.Errorf("stop the demo emulator of profile %s: %w", id, err))
		}
	}
	if err := d.db.Close(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// demoStateFile is where a demo profile's emulator keeps its state.
func (d *Desk) demoStateFile(profileID string) string {
	return filepath.Join(d.opts.StateDir, "demo-"+profileID+".json")
}

// demo returns the emulator of a demo profile: the one this process runs, one another
// Mesh Desk process runs (found through the lock file and checked to answer), or a new one
// started here on 127.0.0.1 (a random port) with the profile's state file, so what the user
// did survives restarts.
func (d *Desk) demo(profileID string) (*demoSim, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.sims[profileID]; ok {
		if s.sim != nil || d.demoAlive(s.url) {
			return s, nil
		}
		delete(d.sims, profileID) // the other process has gone: run our own
	}
	if err := os.MkdirAll(d.opts.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("demo emulator: state folder: %w", err)
	}
	unlock, err := d.lockDemoStart(profileID) // see demolock.go
	if err != nil {
		return nil, err
	}
	defer unlock()
	if l, ok := d.readDemoLock(profileID); ok && l.Owner != d.owner && d.demoAlive(l.URL) {
		s := &demoSim{url: l.URL}
		d.sims[profileID] = s
		d.log.Info("desk: using the demo emulator of another Mesh Desk process", "profile", profileID, "pid", l.PID, "url", l.URL)
		return s, nil
	}
	sim, err := meshsim.New(meshsim.Options{
		Seed:          d.opts.DemoSeed,
		Transfers:     d.opts.DemoTransfers,
		StateFile:     d.demoStateFile(profileID),
		Clients:       []meshsim.Client{{ID: meshsim.DefaultClientID, Secret: DemoClientSecret, MMT: true}},
		AdminSecret:   DemoAdminSecret,
		WebhookSecret: DemoWebhookSecret,
		SettleDelay:   d.opts.DemoSettleDelay,
		Logger:        d.log,
	})
	if err != nil {
		return nil, fmt.Errorf("demo emulator: %w", err)
	}
	u, err := sim.Start("127.0.0.1:0")
	if err != nil {
		sim.Close()
		return nil, fmt.Errorf("demo emulator: %w", err)
	}
	s := &demoSim{sim: sim, url: u}
	d.sims[profileID] = s
	if err := d.writeDemoLock(profileID, demoLock{PID: os.Getpid(), Owner: d.owner, URL: u}); err != nil {
		d.log.Warn("desk: write the demo lock file", "err", err)
	}
	d.log.Info("desk: demo emulator started", "profile", profileID, "url", u)
	return s, nil
}

// demoAlive reports whether an emulator answers at url with the demo credentials.
func (d *Desk) demoAlive(url string) bool {
	req, err := http.NewRequest(http.MethodGet, url+"/api/v1/transfers/managed/networks", nil)
	if err != nil {
		return false
	}
	req.Header.Set("X-Client-Id", meshsim.DefaultClientID)
	req.Header.Set("X-Client-Secret", DemoClientSecret)
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// releaseDemo stops this process's emulator of a profile (writing its state) and removes the
// lock file when it still names it.
func (d *Desk) releaseDemo(profileID string, s *demoSim) error {
	if s.sim == nil {
		return nil
	}
	err := s.sim.Close()
	unlock, lerr := d.lockDemoStart(profileID)
	if lerr != nil {
		return errors.Join(err, lerr)
	}
	defer unlock()
	if l, ok := d.readDemoLock(profileID); ok && l.Owner == d.owner && l.URL == s.url {
		_ = os.Remove(d.demoLockFile(profileID))
	}
	return err
}

// stopDemo stops a demo profile's emulator and, when forget is set, deletes its state file.
func (d *Desk) stopDemo(profileID string, forget bool) error {
	d.mu.Lock()
	s, ok := d.sims[profileID]
	delete(d.sims, profileID)
	d.mu.Unlock()
	var errs []error
	if ok {
		errs = append(errs, d.releaseDemo(profileID, s))
	}
	if forget {
		for _, f := range []string{d.demoStateFile(profileID), d.demoLockFile(profileID), d.demoStartFile(profileID)} {
			if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("remove the demo state: %w", err))
			}
		}
	}
	return errors.Join(errs...)
}
