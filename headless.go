//go:build !desktop && !dev && !bindings

package main

import (
	"fmt"
	"os"
	"time"

	"meshdesk/applog"
)

// runDesktop in the headless build: there is no window to open.
func runDesktop(*applog.Log, time.Time) int {
	fmt.Fprintln(os.Stderr, "meshdesk: this is the headless build (no window); run `meshdesk help` for its commands")
	return 2
}
