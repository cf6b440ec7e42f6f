//go:build !unix

package payuri_test

import "time"

// cpuTime is not measured on this platform (the benchmark then reports 0 CPU time).
func cpuTime() time.Duration { return 0 }
