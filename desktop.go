//go:build desktop || dev || bindings

// The desktop build: the Wails window. `wails build` compiles with the tags
// desktop,production (plus -tags), `wails dev` with dev, and `wails generate module`
// (and the binding step of build/dev) with bindings — so this file carries all three and
// headless.go none. The frontend is embedded only here, so the headless build needs no
// frontend/dist.

package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"meshdesk/applog"
	"meshdesk/webviewpopup"
)

//go:embed all:frontend/dist
var assets embed.FS

// runDesktop opens the window and returns the process exit code when it closes.
func runDesktop(diag *applog.Log, started time.Time) int {
	log := diag.Logger
	app := NewApp(log, diag.Path, started)
	if dist, err := fs.Sub(assets, "frontend/dist"); err == nil {
		frontendAssets = dist // the system-browser mode serves its host page's script from it
	}
	wlevel := wailsLevel(diag.Level.Level())
	err := wails.Run(&options.App{
		Title:            "Mesh Desk",
		Width:            1200,
		Height:           780,
		MinWidth:         900,
		MinHeight:        600,
		StartHidden:      true, // shown on DOM ready: no white flash
		BackgroundColour: &options.RGBA{R: 246, G: 247, B: 249, A: 255},
		AssetServer:      &assetserver.Options{Assets: assets},
		OnStartup: func(ctx context.Context) {
			app.startup(ctx)
			wruntime.EventsOn(ctx, EventFirstRender, app.firstRender)
		},
		OnDomReady: func(ctx context.Context) {
			wruntime.WindowShow(ctx)
			webviewpopup.InstallAndLog(log) // window.open → a real popup (OAuth sign-ins)
		},
		OnBeforeClose:      app.rememberWindow, // the window's size and place (app_sync_wails.go)
		OnShutdown:         app.shutdown,
		Bind:               []any{app},
		Logger:             slogAdapter{log},
		LogLevel:           wlevel,
		LogLevelProduction: wlevel,
		Linux:              &linux.Options{ProgramName: "meshdesk", WebviewGpuPolicy: linux.WebviewGpuPolicyOnDemand},
	})
	if err != nil {
		log.Error("window failed", "err", err)
		fmt.Fprintln(os.Stderr, "meshdesk:", err)
		return 1
	}
	return 0
}

// wailsLevel maps our level onto Wails' (its INFO is chatty: we keep it at warning unless debugging).
func wailsLevel(l slog.Level) logger.LogLevel {
	switch {
	case l <= slog.LevelDebug:
		return logger.DEBUG
	case l <= slog.LevelWarn:
		return logger.WARNING
	default:
		return logger.ERROR
	}
}

// slogAdapter sends Wails' own log lines to the diagnostics log.
type slogAdapter struct{ l *slog.Logger }

func (s slogAdapter) Print(m string)   { s.l.Info(m, "src", "wails") }
func (s slogAdapter) Trace(m string)   { s.l.Debug(m, "src", "wails") }
func (s slogAdapter) Debug(m string)   { s.l.Debug(m, "src", "wails") }
func (s slogAdapter) Info(m string)    { s.l.Info(m, "src", "wails") }
func (s slogAdapter) Warning(m string) { s.l.Warn(m, "src", "wails") }
func (s slogAdapter) Error(m string)   { s.l.Error(m, "src", "wails") }
func (s slogAdapter) Fatal(m string)   { s.l.Error(m, "src", "wails", "fatal", true) }
