package main

// The transfer desk's sync side: Sync now and auto-sync (an interval, and when the window gains
// focus) through history.Scheduler with progress as runtime events, the last-synced time, the
// webhook listener (history.Receiver on a configurable address) with a count of deliveries,
// and the window's remembered size and place. Settings live in the store's settings table,
// per profile; none of them is secret.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"meshdesk/desk"
	"meshdesk/history"
	"meshdesk/reconcile"
	"meshdesk/store"
)

// Runtime events of the transfer desk (the frontend's api/runtime.ts names them too).
const (
	// EventSyncProgress carries a history.Progress after every stored page.
	EventSyncProgress = "sync:progress"
	// EventSyncDone carries the SyncStatus after every sync run (success or failure).
	EventSyncDone = "sync:done"
	// EventWebhook carries the WebhookStatus after every webhook delivery.
	EventWebhook = "webhook:event"
)

// Defaults of the sync settings.
const (
	defaultSyncMinutes = 15
	defaultWebhookAddr = "127.0.0.1:8787"
	webhookPath        = "/webhooks/mesh"
	// focusMinGap: a focus trigger sooner than this after the last sync is dropped.
	focusMinGap = 30 * time.Second
)

// SyncSettings are a profile's auto-sync and webhook-listener settings.
type SyncSettings struct {
	// IntervalMinutes between background syncs; 0 turns the timer off.
	IntervalMinutes int `json:"intervalMinutes"`
	// OnFocus syncs when the window gains focus (at most every 30 s).
	OnFocus bool `json:"onFocus"`
	// WebhookOn runs the webhook listener on WebhookAddr (HOST:PORT).
	WebhookOn   bool   `json:"webhookOn"`
	WebhookAddr string `json:"webhookAddr"`
}

// WebhookStatus is the webhook listener's state and its delivery counts since it started.
type WebhookStatus struct {
	On bool `json:"on"`
	// URL is where it listens (http://HOST:PORT/webhooks/mesh) while on.
	URL string `json:"url"`
	// Demo reports that the Demo emulator sends its webhooks here.
	Demo       bool   `json:"demo"`
	Received   int64  `json:"received"`
	Applied    int64  `json:"applied"`
	Duplicates int64  `json:"duplicates"`
	Refused    int64  `json:"refused"`
	Error      string `json:"error,omitempty"`
}

// SyncStatus is what the transfer desk's header shows.
type SyncStatus struct {
	ProfileID string `json:"profileId"`
	// Running is true while a sync runs (or one was asked for and is about to start).
	Running bool `json:"running"`
	// Progress is the running sync's last progress (nil when none runs).
	Progress *history.Progress `json:"progress,omitempty"`
	// LastSynced is when a sync last completed (RFC 3339, "" never).
	LastSynced string `json:"lastSynced"`
	// LastError is why the last sync failed ("" when it succeeded).
	LastError string `json:"lastError"`
	// LastResult sums up the last run of this app session.
	LastResult *history.Result `json:"lastResult,omitempty"`
	// Runs counts the syncs that ended in this app session.
	Runs     int           `json:"runs"`
	Settings SyncSettings  `json:"settings"`
	Webhook  WebhookStatus `json:"webhook"`
}

// transferDesk is the App's transfer-desk state: the active profile's scheduler and webhook
// listener. The scheduler follows the active profile: a call after a profile switch replaces it.
type transferDesk struct {
	viewsMu sync.Mutex // serialises saved-view edits

	mu        sync.Mutex
	ctx       context.Context // the app's lifetime (startup's), or Background in tests
	emit      func(name string, data any)
	profileID string
	sched     *history.Scheduler
	settings  SyncSettings
	queued    bool
	running   bool
	progress  *history.Progress
	result    *history.Result
	runs      int
	hook      *webhookListener
	hookErr   string
	// source, when set (tests), replaces the session's Mesh client as the history source.
	source history.Source
}

// webhookListener is a running history.Receiver behind an HTTP server.
type webhookListener struct {
	rcv  *history.Receiver
	srv  *http.Server
	url  string
	demo func(url, secret string) // the Demo emulator's SetWebhook, nil for other profiles
}

// startTransferDesk is called from startup: it remembers the runtime's event emitter, restores
// the window, and starts the active profile's auto-sync and webhook listener in the background
// (a Demo emulator with a large history takes a while to start).
func (a *App) startTransferDesk(ctx context.Context) {
	td := &a.tdesk
	td.mu.Lock()
	td.ctx = ctx
	td.emit = runtimeEmitter(ctx)
	td.mu.Unlock()
	a.restoreWindow(ctx)
	go func() {
		if _, err := a.scheduler(); err != nil {
			a.log.Warn("transfer desk: auto-sync not started", "err", err)
		}
		a.kickAlerts() // alerts (app_alerts.go): a first check, then every minute
	}()
}

// stopTransferDesk stops the scheduler (a running sync keeps what it stored) and the listener.
func (a *App) stopTransferDesk() {
	td := &a.tdesk
	td.mu.Lock()
	sched, hook := td.sched, td.hook
	td.sched, td.hook, td.profileID = nil, nil, ""
	td.mu.Unlock()
	if sched != nil {
		sched.Stop()
	}
	if hook != nil {
		hook.stop()
	}
	a.stopAlerts() // alerts (app_alerts.go): made again for the next profile
}

func (a *App) emit(name string, data any) {
	a.tdesk.mu.Lock()
	f := a.tdesk.emit
	a.tdesk.mu.Unlock()
	if f != nil {
		f(name, data)
	}
}

func syncKey(profileID string) string { return "app.sync." + profileID }

// loadSyncSettings reads a profile's sync settings (the defaults when unset).
func loadSyncSettings(ctx context.Context, db *store.DB, profileID string) (SyncSettings, error) {
	s := SyncSettings{IntervalMinutes: defaultSyncMinutes, OnFocus: true, WebhookAddr: defaultWebhookAddr}
	raw, err := db.Setting(ctx, syncKey(profileID))
	if errors.Is(err, store.ErrNotFound) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("read sync settings: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return s, fmt.Errorf("read sync settings: %w", err)
	}
	return s, nil
}

// checkSyncSettings says what is wrong with settings, in the words of the Settings form.
func checkSyncSettings(s SyncSettings) error {
	if s.IntervalMinutes < 0 || s.IntervalMinutes > 7*24*60 {
		return fmt.Errorf("the auto-sync interval must be between 0 (off) and %d minutes", 7*24*60)
	}
	host, port, err := net.SplitHostPort(s.WebhookAddr)
	if err != nil {
		return fmt.Errorf("the webhook address %q is not HOST:PORT (e.g. %s)", s.WebhookAddr, defaultWebhookAddr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("the webhook port %q is not a number from 0 to 65535", port)
	}
	if host != "" && net.ParseIP(host) == nil && host != "localhost" {
		return fmt.Errorf("the webhook host %q is not an IP address or localhost", host)
	}
	return nil
}

// scheduler returns the active profile's scheduler, making it (and starting the webhook
// listener its settings ask for) when the active profile changed.
func (a *App) scheduler() (*history.Scheduler, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	td := &a.tdesk
	td.mu.Lock()
	if td.sched != nil && td.profileID == p.ID {
		s := td.sched
		td.mu.Unlock()
		return s, nil
	}
	td.mu.Unlock()
	a.stopTransferDesk() // another profile's
	settings, err := loadSyncSettings(ctx, d.DB(), p.ID)
	if err != nil {
		return nil, err
	}
	sess, err := d.Session(ctx, "")
	if err != nil {
		return nil, err
	}
	src := history.MeshSource(sess.Client)
	td.mu.Lock()
	if td.source != nil {
		src = td.source
	}
	td.mu.Unlock()
	syncer := history.NewSyncer(d.DB(), src, history.Options{
		Holder:     fmt.Sprintf("Mesh Desk app (pid %d)", os.Getpid()),
		Logger:     a.log,
		OnProgress: a.syncProgress,
	})
	sched := history.NewScheduler(syncer, p.ID, history.SchedulerOptions{
		Interval: time.Duration(settings.IntervalMinutes) * time.Minute,
		MinGap:   focusMinGap,
		OnResult: a.syncResult,
		Now:      a.now,
	})
	td.mu.Lock()
	if td.sched != nil { // a concurrent call won
		s := td.sched
		td.mu.Unlock()
		return s, nil
	}
	base := td.ctx
	if base == nil {
		base = context.Background()
	}
	td.sched, td.profileID, td.settings = sched, p.ID, settings
	td.running, td.queued, td.progress, td.result, td.runs, td.hookErr = false, false, nil, nil, 0, ""
	td.mu.Unlock()
	sched.Start(context.WithoutCancel(base))
	go a.warmIndex(d.DB(), p.ID)
	if settings.WebhookOn {
		if err := a.startWebhooks(ctx, d, sess, settings.WebhookAddr); err != nil {
			a.log.Warn("transfer desk: webhook listener not started", "err", err)
		}
	}
	return sched, nil
}

// warmIndex loads the profile's query index in the background, so the Transfers table opens
// at once even over a million rows.
func (a *App) warmIndex(db *store.DB, profileID string) {
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	start := time.Now()
	n, err := db.CountTransfers(ctx, profileID, store.TransferFilter{})
	if err != nil {
		a.log.Warn("transfer desk: warm the query index", "err", err)
		return
	}
	a.log.Info("transfer desk: query index ready", "transfers", n, "took", time.Since(start).Round(time.Millisecond))
}

// syncProgress records and forwards a running sync's progress.
func (a *App) syncProgress(p history.Progress) {
	td := &a.tdesk
	td.mu.Lock()
	if p.ProfileID != td.profileID {
		td.mu.Unlock()
		return
	}
	td.running, td.queued = true, false
	cp := p
	td.progress = &cp
	td.mu.Unlock()
	a.emit(EventSyncProgress, p)
}

// syncResult records the outcome of a scheduled sync and tells the frontend.
func (a *App) syncResult(res history.Result, err error) {
	td := &a.tdesk
	td.mu.Lock()
	td.running, td.queued, td.progress = false, false, nil
	td.runs++
	r := res
	td.result = &r
	td.mu.Unlock()
	if err != nil && !errors.Is(err, history.ErrSyncInProgress) {
		a.log.Warn("transfer desk: sync failed", "err", err)
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	if st, serr := a.syncStatus(ctx); serr == nil {
		if errors.Is(err, history.ErrSyncInProgress) && st.LastError == "" {
			st.LastError = err.Error()
		}
		a.emit(EventSyncDone, st)
	}
	a.kickAlerts() // alerts (app_alerts.go): failures and stuck transfers the sync brought
}

// SyncNow starts a sync of the active profile now (after the running one, if any) and returns
// at once; progress arrives as sync:progress events and the end as sync:done.
func (a *App) SyncNow() (*SyncStatus, error) {
	sched, err := a.scheduler()
	if err != nil {
		return nil, err
	}
	a.tdesk.mu.Lock()
	a.tdesk.queued = true
	a.tdesk.mu.Unlock()
	sched.SyncNow()
	return a.SyncStatus()
}

// SyncOnFocus is what the frontend calls when the window gains focus: a sync when the
// profile's settings ask for it and none ran in the last 30 s.
func (a *App) SyncOnFocus() error {
	sched, err := a.scheduler()
	if err != nil {
		return err
	}
	a.tdesk.mu.Lock()
	on := a.tdesk.settings.OnFocus
	a.tdesk.mu.Unlock()
	if on {
		sched.Trigger()
	}
	return nil
}

// SyncStatus returns the active profile's sync state, settings and webhook listener.
func (a *App) SyncStatus() (*SyncStatus, error) {
	if _, err := a.scheduler(); err != nil {
		return nil, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	return a.syncStatus(ctx)
}

// syncStatus is SyncStatus without making the scheduler (the scheduler's own callbacks use it).
func (a *App) syncStatus(ctx context.Context) (*SyncStatus, error) {
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	// The desk's side first, then the stored state: a run stores its state before it is
	// counted, so a status that counts a run always has that run's completion time too (read
	// the other way round, a run ending in between was counted without it).
	td := &a.tdesk
	td.mu.Lock()
	st := &SyncStatus{ProfileID: p.ID, Running: td.running || td.queued, Progress: td.progress,
		LastResult: td.result, Runs: td.runs, Settings: td.settings}
	st.Webhook = td.webhookStatus()
	td.mu.Unlock()
	state, err := d.DB().SyncState(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	st.LastError = state.LastError
	if !state.LastCompleted.IsZero() {
		st.LastSynced = rfc3339(state.LastCompleted)
	}
	return st, nil
}

// webhookStatus reads the listener's state; td.mu is held.
func (td *transferDesk) webhookStatus() WebhookStatus {
	w := WebhookStatus{Error: td.hookErr}
	if td.hook != nil {
		s := td.hook.rcv.Stats()
		w.On, w.URL, w.Demo = true, td.hook.url, td.hook.demo != nil
		w.Received, w.Applied, w.Duplicates, w.Refused = s.Received, s.Applied, s.Duplicates, s.Refused
	}
	return w
}

// SetSyncSettings changes the active profile's auto-sync interval, focus trigger and webhook
// listener (started, stopped or moved to the new address at once), and returns the status.
func (a *App) SetSyncSettings(s SyncSettings) (*SyncStatus, error) {
	if err := checkSyncSettings(s); err != nil {
		return nil, err
	}
	sched, err := a.scheduler()
	if err != nil {
		return nil, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("save sync settings: %w", err)
	}
	td := &a.tdesk
	td.mu.Lock()
	old := td.settings
	running := td.hook != nil
	td.settings = s
	td.mu.Unlock()
	if err := d.DB().SetSetting(ctx, syncKey(p.ID), string(b)); err != nil {
		td.mu.Lock()
		td.settings = old
		td.mu.Unlock()
		return nil, fmt.Errorf("save sync settings: %w", err)
	}
	sched.SetInterval(time.Duration(s.IntervalMinutes) * time.Minute)
	switch {
	case !s.WebhookOn && running:
		a.stopWebhooks()
	case s.WebhookOn && (!running || s.WebhookAddr != old.WebhookAddr):
		a.stopWebhooks()
		sess, err := d.Session(ctx, "")
		if err != nil {
			return nil, err
		}
		if err := a.startWebhooks(ctx, d, sess, s.WebhookAddr); err != nil {
			return nil, err
		}
	}
	return a.SyncStatus()
}

// startWebhooks runs a receiver for the session's profile on addr. The Demo emulator is told
// to send its webhooks there.
func (a *App) startWebhooks(ctx context.Context, d *desk.Desk, sess *desk.Session, addr string) (err error) {
	defer func() {
		a.tdesk.mu.Lock()
		a.tdesk.hookErr = ""
		if err != nil {
			a.tdesk.hookErr = err.Error()
		}
		a.tdesk.mu.Unlock()
	}()
	secret, err := sess.WebhookSecret(ctx)
	if err != nil {
		return fmt.Errorf("webhook listener: %w", err)
	}
	rcv, err := history.NewReceiver(history.ReceiverOptions{
		// reconcile.CountDuplicates records repeated deliveries for the reconciliation report.
		ProfileID: sess.Profile.ID, Secret: secret, Store: reconcile.CountDuplicates(d.DB(), a.log), Source: history.MeshSource(sess.Client),
		Logger: a.log, Now: a.now,
		OnEvent: func(history.Delivery) {
			a.tdesk.mu.Lock()
			w := a.tdesk.webhookStatus()
			a.tdesk.mu.Unlock()
			a.emit(EventWebhook, w)
			a.kickAlerts() // alerts (app_alerts.go): a webhook may have failed a transfer
		},
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		rcv.Close()
		return fmt.Errorf("webhook listener: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle(webhookPath, rcv)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second}
	hl := &webhookListener{rcv: rcv, srv: srv, url: "http://" + ln.Addr().String() + webhookPath}
	if sess.Sim != nil {
		hl.demo = sess.Sim.SetWebhook
		hl.demo(hl.url, secret)
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Warn("webhook listener stopped", "err", err)
		}
	}()
	a.tdesk.mu.Lock()
	a.tdesk.hook = hl
	a.tdesk.mu.Unlock()
	a.log.Info("webhook listener started", "url", hl.url, "demo", hl.demo != nil)
	return nil
}

// stopWebhooks stops the listener, if one runs.
func (a *App) stopWebhooks() {
	a.tdesk.mu.Lock()
	hl := a.tdesk.hook
	a.tdesk.hook = nil
	a.tdesk.mu.Unlock()
	if hl != nil {
		hl.stop()
	}
}

func (hl *webhookListener) stop() {
	if hl.demo != nil {
		hl.demo("", "")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hl.srv.Shutdown(ctx)
	hl.rcv.Close()
}

// WindowState is the window's size and place, remembered across launches.
type WindowState struct {
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	Maximised bool `json:"maximised"`
}

// settingWindow is the app-wide window state in the settings table.
const settingWindow = "app.window"

// Window sizes outside these bounds are not remembered (a minimised or broken report).
const (
	minWindowSide = 400
	maxWindowSide = 16384
)

func (w WindowState) valid() error {
	if w.Width < minWindowSide || w.Height < minWindowSide || w.Width > maxWindowSide || w.Height > maxWindowSide {
		return fmt.Errorf("window size %d×%d is outside %d…%d", w.Width, w.Height, minWindowSide, maxWindowSide)
	}
	if w.X < -maxWindowSide || w.Y < -maxWindowSide || w.X > maxWindowSide || w.Y > maxWindowSide {
		return fmt.Errorf("window position %d,%d is off every screen", w.X, w.Y)
	}
	return nil
}

// SaveWindowState remembers the window's size and place (the frontend calls it after the
// window was resized; the desktop build also saves it when the window closes).
func (a *App) SaveWindowState(w WindowState) error {
	if err := w.valid(); err != nil {
		return err
	}
	d, err := a.service()
	if err != nil {
		return err
	}
	b, err := json.Marshal(w)
	if err != nil {
		return err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	if err := d.DB().SetSetting(ctx, settingWindow, string(b)); err != nil {
		return fmt.Errorf("remember the window: %w", err)
	}
	return nil
}

// SavedWindowState returns the remembered window state, or nil when there is none (or it is
// unusable).
func (a *App) SavedWindowState() (*WindowState, error) {
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	raw, err := d.DB().Setting(ctx, settingWindow)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var w WindowState
	if json.Unmarshal([]byte(raw), &w) != nil || w.valid() != nil {
		return nil, nil
	}
	return &w, nil
}
