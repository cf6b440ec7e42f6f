//go:build !desktop && !dev && !bindings

package main

import "context"

// showWindow: no window in this build.
func showWindow(context.Context) {}
