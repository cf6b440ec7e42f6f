//go:build desktop || dev || bindings

package main

import (
	"context"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// showWindow brings the window forward (a click on a notification).
func showWindow(ctx context.Context) {
	if ctx == nil {
		return
	}
	wruntime.WindowUnminimise(ctx)
	wruntime.WindowShow(ctx)
}
