//go:build !desktop && !dev && !bindings

package main

// Stand-ins for the Wails runtime calls of the transfer desk in builds without a window
// (the headless binary and unit tests): no events, no window, no dialogs.

import (
	"context"
	"errors"

	"meshdesk/store"
)

// runtimeEmitter: no frontend to tell.
func runtimeEmitter(context.Context) func(name string, data any) { return nil }

// restoreWindow: no window.
func (a *App) restoreWindow(context.Context) {}

// saveDialog: no dialog without a window; ExportTransfersTo takes a path.
func (a *App) saveDialog(string, store.ExportFormat) (string, error) {
	return "", errors.New("no save dialog in this build: export with a path (meshdesk transfers export --output FILE)")
}
