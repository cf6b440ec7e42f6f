package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"meshdesk/appdir"
	"meshdesk/desk"
	"meshdesk/version"
)

// EventFirstRender is the runtime event the frontend emits once its first screen has
// rendered and the window title is set; the desktop build logs how long start-up took.
const EventFirstRender = "app:first-render"

// DemoProfileName is the profile every new install starts with (it runs the in-process
// Mesh emulator). Until the profile service exists it is the only, and active, profile.
const DemoProfileName = "Demo"

// App is the one facade the frontend calls (Wails binds its exported methods). Methods stay
// thin: validate input, call a service, return (T, error); an error rejects the JS promise
// with its message, so messages must be safe to show (no secrets).
type App struct {
	log     *slog.Logger
	logFile string
	started time.Time
	now     func() time.Time

	mu  sync.Mutex
	ctx context.Context // the Wails runtime context, set in startup

	// desk is the service layer (database, keychain, Demo emulator), opened in startup
	// (or given by tests); deskErr says why it could not be opened.
	desk    *desk.Desk
	deskErr error
	// deskOpts configure desk.Open in startup (tests point them at a temp dir).
	deskOpts desk.Options
	// link caches what the Connect views need between calls (app_link.go).
	link linkState
	// tdesk is the transfer desk's sync scheduler, webhook listener and views (app_sync.go).
	tdesk transferDesk
	// alerts is the alert service and its desktop notifier (app_alerts.go).
	alerts alertsState
}

// NewApp makes the facade. logFile is the diagnostics log's path ("" when logging to stderr);
// started is when the process began (start-up timings are measured from it).
func NewApp(log *slog.Logger, logFile string, started time.Time) *App {
	if log == nil {
		log = slog.Default()
	}
	return &App{log: log, logFile: logFile, started: started, now: time.Now}
}

// startup is Wails' OnStartup: ctx carries the runtime (events, window calls).
func (a *App) startup(ctx context.Context) {
	a.mu.Lock()
	a.ctx = ctx
	a.mu.Unlock()
	a.configureDemoSize(os.Getenv)
	a.openDesk(ctx)
	a.startTransferDesk(ctx)
	a.log.Info("app starting", "version", version.Version, "commit", version.Commit, "profile", a.profileName())
}

// shutdown is Wails' OnShutdown, after the window has closed.
func (a *App) shutdown(context.Context) {
	a.stopTransferDesk()
	a.closeDesk()
	a.log.Info("app shut down cleanly", "uptime", a.now().Sub(a.started).Round(time.Millisecond).String())
}

// firstRender records the frontend's first-render signal (payload: what the frontend sent).
func (a *App) firstRender(payload ...any) {
	a.log.Info("first render", "since_start_ms", a.now().Sub(a.started).Milliseconds(), "frontend", fmt.Sprint(payload...))
}

// profileName is the active profile's name (DemoProfileName until the desk is open).
func (a *App) profileName() string {
	if d, err := a.service(); err == nil {
		if p, err := d.DB().DefaultProfile(context.Background()); err == nil {
			return p.Name
		}
	}
	return DemoProfileName
}

// AppInfo describes this build and where its files are; the About box and the window title
// use it. Nothing in it is secret.
type AppInfo struct {
	Version  string `json:"version"`
	Commit   string `json:"commit"`
	Date     string `json:"date"`
	Platform string `json:"platform"` // GOOS/GOARCH
	DataDir  string `json:"dataDir"`  // the SQLite database's folder
	LogFile  string `json:"logFile"`  // the diagnostics log ("" when logging to stderr)
	Profile  string `json:"profile"`  // the active profile's name
}

// AppInfo returns the build's version, the data folder, the log file and the active profile.
func (a *App) AppInfo() (AppInfo, error) {
	dir, err := appdir.Config()
	if err != nil {
		return AppInfo{}, fmt.Errorf("find the data folder: %w", err)
	}
	return AppInfo{
		Version:  version.Version,
		Commit:   version.Commit,
		Date:     version.Date,
		Platform: runtime.GOOS + "/" + runtime.GOARCH,
		DataDir:  dir,
		LogFile:  a.logFile,
		Profile:  a.profileName(),
	}, nil
}
