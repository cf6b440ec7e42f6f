// Package webviewpopup makes window.open work in the app's Wails window on Linux. Wails
// v2.9.2 connects no handler to WebKitGTK's "create" signal, so window.open from the page
// (or from Mesh Link's iframe) returns null and OAuth sign-ins cannot open. Install finds the
// app's own WebKitWebView among GTK's top-level windows (once the DOM is ready) and answers
// "create" with a related web view in a new window: the popup keeps window.opener, is sized
// by window.open's features (else Options.Width×Height), titled by its page, and destroyed
// when the page calls window.close(). Wails is not forked or patched.
//
// Other platforms and the headless build compile a no-op (Supported is false): WebView2 on
// Windows opens popups itself; macOS would need a WKUIDelegate (see linkhost/README.md).
package webviewpopup

import (
	"fmt"
	"log/slog"
	"time"
)

// Options tune the popups.
type Options struct {
	// Width and Height size a popup whose window.open gave no size.
	Width, Height int
	// Clipboard turns on WebKit's javascript-can-access-clipboard, so Link's copy buttons
	// (document.execCommand('copy')) work inside the window.
	Clipboard bool
	// Wait bounds how long Install waits for GTK's main loop to run the install.
	Wait time.Duration
}

// DefaultOptions are what the app uses: 500×700, clipboard on, a 5 s wait.
func DefaultOptions() Options {
	return Options{Width: 500, Height: 700, Clipboard: true, Wait: 5 * time.Second}
}

// Install wires popups on every web view of the process's top-level windows (safe to call
// again, e.g. on each DOM ready: a view is wired once). It must not be called on the GTK main
// thread (it waits for the main loop). It returns how many web views are wired.
func Install(o Options) (int, error) {
	d := DefaultOptions()
	if o.Width <= 0 {
		o.Width = d.Width
	}
	if o.Height <= 0 {
		o.Height = d.Height
	}
	if o.Wait <= 0 {
		o.Wait = d.Wait
	}
	n, err := install(o)
	if err != nil {
		return n, fmt.Errorf("install the popup handler: %w", err)
	}
	return n, nil
}

// PopupsOpened counts the popups opened since the process started.
func PopupsOpened() int { return popupsOpened() }

// InstallAndLog runs Install in the background and logs the outcome (for OnDomReady, which
// must not block).
func InstallAndLog(log *slog.Logger) {
	if !Supported {
		return
	}
	go func() {
		n, err := Install(DefaultOptions())
		if err != nil {
			log.Warn("window.open will not open popups in this window", "err", err)
			return
		}
		log.Info("popup handler installed", "webviews", n)
	}()
}
