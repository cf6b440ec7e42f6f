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
			yield, since := searchYields(tt.now, tt.busy, tt.since, searchYieldMax)
			if yield != tt.yield || !since.Equal(tt.newSince) {
				t.Fatalf("searchYields = %v, %v; want %v, %v", yield, since, tt.yield, tt.newSince)
			}
		})
	}
}

func TestSearchTurn(t *testing.T) {
	tests := []struct {
		name                string
		batch               int
		syncing, hooks      bool
		limit, pages, steps int
	}{
		{"idle: a whole batch, large merge steps until done", 250, false, false, 250, searchMergePages, searchMergeSteps},
		{"a sync writes: a quarter batch, four steps", 250, true, false, 62, searchMergePages, 4},
		{"webhooks arrive: a quarter batch, small steps", 250, false, true, 62, searchMergePagesHooks, searchMergeSteps},
		{"both: a sixteenth, four small steps", 250, true, true, 15, searchMergePagesHooks, 4},
		{"a batch of one stays one", 1, true, true, 1, searchMergePagesHooks, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit, pages, steps := searchTurn(tt.batch, tt.syncing, tt.hooks)
			if limit != tt.limit || pages != tt.pages || steps != tt.steps {
				t.Fatalf("searchTurn = %d, %d, %d; want %d, %d, %d", limit, pages, steps, tt.limit, tt.pages, tt.steps)
			}
		})
	}
	if searchMergePagesHooks >= searchMergePages {
		t.Fatalf("merge steps while webhooks arrive (%d pages) are not smaller than otherwise (%d)", searchMergePagesHooks, searchMergePages)
	}
}
