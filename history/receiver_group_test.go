package history_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/store"
)

// gatedStore records through the real store, after a gate opens for its first group, and
// remembers the size of every group; it fails any group holding the poison event.
type gatedStore struct {
	*store.DB
	gate   chan struct{}
	poison string

	mu     sync.Mutex
	groups []int
}

func (g *gatedStore) ApplyWebhookEvents(ctx context.Context, profileID string, evs []mesh.WebhookEvent) ([]store.Outcome, error) {
	g.mu.Lock()
	first := len(g.groups) == 0
	g.groups = append(g.groups, len(evs))
	g.mu.Unlock()
	if first {
		<-g.gate
	}
	for _, ev := range evs {
		if ev.EventID == g.poison {
			return nil, errors.New("injected failure")
		}
	}
	return g.DB.ApplyWebhookEvents(ctx, profileID, evs)
}

func (g *gatedStore) sizes() []int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]int(nil), g.groups...)
}

func mustEventBody(t *testing.T, eventID, transferID string, status mesh.TransferStatus) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"EventId": eventID, "TransferId": transferID, "TransferStatus": string(status), "Timestamp": 1})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReceiverGroupCommit: deliveries that arrive while a transaction is being written are
// recorded together in the next one, each answered only after its group committed; a group
// that fails is retried one event at a time, so only the bad delivery gets a 500 (and Mesh
// retries it); every event is recorded exactly once.
func TestReceiverGroupCommit(t *testing.T) {
	tests := []struct {
		name   string
		poison int // index of the delivery whose event fails (-1: none)
	}{
		{"all recorded", -1},
		{"one event fails", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, pid := mustStore(t)
			const n = 12
			ts := make([]mesh.Transfer, n)
			for i := range ts {
				ts[i] = mesh.Transfer{ID: fmt.Sprintf("tr-%02d", i), Status: mesh.StatusPending, CreatedTimestamp: 1_700_000_000 + int64(i)}
			}
			if _, err := db.UpsertTransfers(context.Background(), pid, ts); err != nil {
				t.Fatal(err)
			}
			gs := &gatedStore{DB: db, gate: make(chan struct{})}
			if tt.poison >= 0 {
				gs.poison = fmt.Sprintf("ev-%d", tt.poison)
			}
			r, err := history.NewReceiver(history.ReceiverOptions{ProfileID: pid, Secret: hookSecret, Store: gs, GroupCommit: true})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			codes := make([]int, n)
			var wg sync.WaitGroup
			send := func(i int) {
				defer wg.Done()
				b := mustEventBody(t, fmt.Sprintf("ev-%d", i), ts[i].ID, mesh.StatusSucceeded)
				codes[i] = post(r, b, mesh.SignPayload(b, hookSecret)).Code
			}
			wg.Add(1)
			go send(n - 1) // its group waits at the gate
			for len(gs.sizes()) == 0 {
				waitABit()
			}
			for i := range n - 1 {
				wg.Add(1)
				go send(i)
			}
			for history.GroupWaiting(r) < n-1 {
				waitABit()
			}
			// Nothing is answered before its transaction: every delivery is still waiting.
			for i, c := range codes {
				if c != 0 {
					t.Fatalf("delivery %d answered %d before its group was recorded", i, c)
				}
			}
			close(gs.gate)
			wg.Wait()
			sizes := gs.sizes()
			if sizes[0] != 1 || len(sizes) < 2 || sizes[1] < 2 {
				t.Fatalf("group sizes %v: want the first alone, then the waiting ones together", sizes)
			}
			for i, c := range codes {
				want, status := http.StatusOK, mesh.StatusSucceeded
				if i == tt.poison {
					want, status = http.StatusInternalServerError, mesh.StatusPending
				}
				if c != want {
					t.Errorf("delivery %d: HTTP %d, want %d", i, c, want)
				}
				if got := mustStatus(t, db, pid, ts[i].ID); got != status {
					t.Errorf("transfer %d: %s, want %s", i, got, status)
				}
			}
			evs, err := db.WebhookEvents(context.Background(), pid, 100)
			if err != nil {
				t.Fatal(err)
			}
			if want := n - min(tt.poison+1, 1); len(evs) != want {
				t.Fatalf("%d events recorded, want %d", len(evs), want)
			}
			// A repeat of every delivery changes nothing and is acknowledged.
			for i := range n {
				if i == tt.poison {
					continue
				}
				b := mustEventBody(t, fmt.Sprintf("ev-%d", i), ts[i].ID, mesh.StatusFailed)
				if w := post(r, b, mesh.SignPayload(b, hookSecret)); w.Code != http.StatusOK {
					t.Fatalf("repeat of %d: HTTP %d", i, w.Code)
				}
			}
			if st := r.Stats(); st.Duplicates != int64(n-min(tt.poison+1, 1)) {
				t.Fatalf("stats %+v", st)
			}
		})
	}
}

// TestReceiverClosedRefuses: with the group commit, a delivery after Close is refused (Mesh
// retries it).
func TestReceiverClosedRefuses(t *testing.T) {
	db, pid := mustStore(t)
	r, err := history.NewReceiver(history.ReceiverOptions{ProfileID: pid, Secret: hookSecret, Store: db, GroupCommit: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	b := mustEventBody(t, "late", "tr-x", mesh.StatusSucceeded)
	if w := post(r, b, mesh.SignPayload(b, hookSecret)); w.Code != http.StatusInternalServerError {
		t.Fatalf("after Close: HTTP %d, want 500", w.Code)
	}
	if evs, err := db.WebhookEvents(context.Background(), pid, 10); err != nil || len(evs) != 0 {
		t.Fatalf("events after Close: %v, %v", evs, err)
	}
}

// waitABit yields while a test polls for a state (no assertion on time).
func waitABit() { time.Sleep(time.Millisecond) }
