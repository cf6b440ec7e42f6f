//go:build !desktop

package main

import (
	"fmt"
	"os"
)

// runDesktop in the headless build: there is no window to open.
func runDesktop() int {
	fmt.Fprintln(os.Stderr, "meshdesk: this is the headless build (no window); run `meshdesk help` for its commands")
	return 2
}
