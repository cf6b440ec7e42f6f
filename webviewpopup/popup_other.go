//go:build !((desktop || dev) && linux && !bindings)

package webviewpopup

import "errors"

// Supported reports whether this build can answer window.open in the app's window.
const Supported = false

func install(Options) (int, error) {
	return 0, errors.New("not available in this build (Linux desktop builds only)")
}

func popupsOpened() int { return 0 }
