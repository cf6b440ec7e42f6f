//go:build desktop || dev || bindings

package main

// The transfer desk's calls into the Wails runtime (events, the window, the save dialog):
// only the desktop build has them; app_sync_headless.go stands in elsewhere.

import (
	"context"

	"meshdesk/store"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// runtimeEmitter emits runtime events to the frontend.
func runtimeEmitter(ctx context.Context) func(name string, data any) {
	return func(name string, data any) { wruntime.EventsEmit(ctx, name, data) }
}

// restoreWindow gives the (still hidden) window its remembered size and place.
func (a *App) restoreWindow(ctx context.Context) {
	w, err := a.SavedWindowState()
	if err != nil || w == nil {
		return
	}
	wruntime.WindowSetSize(ctx, w.Width, w.Height)
	wruntime.WindowSetPosition(ctx, w.X, w.Y)
	if w.Maximised {
		wruntime.WindowMaximise(ctx)
	}
	a.log.Info("window restored", "width", w.Width, "height", w.Height, "x", w.X, "y", w.Y, "maximised", w.Maximised)
}

// rememberWindow saves the window's size and place (OnBeforeClose); it never stops the close.
func (a *App) rememberWindow(ctx context.Context) bool {
	max := wruntime.WindowIsMaximised(ctx)
	w := WindowState{Maximised: max}
	if old, err := a.SavedWindowState(); max && err == nil && old != nil {
		w = *old // keep the normal size to come back to
		w.Maximised = true
	} else {
		w.Width, w.Height = wruntime.WindowGetSize(ctx)
		w.X, w.Y = wruntime.WindowGetPosition(ctx)
	}
	if err := a.SaveWindowState(w); err != nil {
		a.log.Warn("window state not saved", "err", err)
	}
	return false
}

// saveDialog asks the user where to save an export ("" when cancelled).
func (a *App) saveDialog(name string, format store.ExportFormat) (string, error) {
	a.mu.Lock()
	ctx := a.ctx
	a.mu.Unlock()
	return wruntime.SaveFileDialog(ctx, wruntime.SaveDialogOptions{
		Title:           "Export transfers",
		DefaultFilename: name,
		Filters:         []wruntime.FileFilter{{DisplayName: string(format) + " files", Pattern: "*." + string(format)}},
	})
}
