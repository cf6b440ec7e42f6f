package store

import (
	"testing"
	"time"
)

func TestSearchYields(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name             string
		now, bulk, since time.Time
		yield            bool
		newSince         time.Time
	}{
		{"no batch for a while: work", t0, t0.Add(-searchYield), time.Time{}, false, time.Time{}},
		{"batches stopped while waiting: work, stop waiting", t0, t0.Add(-time.Second), t0.Add(-3 * time.Second), false, time.Time{}},
		{"a batch just now: start waiting", t0, t0.Add(-time.Millisecond), time.Time{}, true, t0},
		{"a batch just now, waiting a while: keep waiting", t0, t0, t0.Add(-searchYieldMax + time.Millisecond), true, t0.Add(-searchYieldMax + time.Millisecond)},
		{"waited the most: one batch, then wait again", t0, t0, t0.Add(-searchYieldMax), false, t0},
		{"a clock step back: wait", t0, t0.Add(time.Minute), time.Time{}, true, t0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yield, since := searchYields(tt.now, tt.bulk, tt.since)
			if yield != tt.yield || !since.Equal(tt.newSince) {
				t.Fatalf("searchYields = %v, %v; want %v, %v", yield, since, tt.yield, tt.newSince)
			}
		})
	}
}
