package store

import (
	"testing"
	"time"
)

func TestSearchYields(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name     string
		now      time.Time
		busy     bool
		since    time.Time
		yield    bool
		newSince time.Time
	}{
		{"idle: work", t0, false, time.Time{}, false, time.Time{}},
		{"the sync ended while waiting: work, stop waiting", t0, false, t0.Add(-3 * time.Second), false, time.Time{}},
		{"a sync writes: start waiting", t0, true, time.Time{}, true, t0},
		{"a sync writes, waiting a while: keep waiting", t0, true, t0.Add(-searchYieldMax + time.Millisecond), true, t0.Add(-searchYieldMax + time.Millisecond)},
		{"waited the most: one batch, then wait again", t0, true, t0.Add(-searchYieldMax), false, t0},
		{"waited longer (a slow batch): one batch, then wait again", t0, true, t0.Add(-time.Minute), false, t0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yield, since := searchYields(tt.now, tt.busy, tt.since)
			if yield != tt.yield || !since.Equal(tt.newSince) {
				t.Fatalf("searchYields = %v, %v; want %v, %v", yield, since, tt.yield, tt.newSince)
			}
		})
	}
}
