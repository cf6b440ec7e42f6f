package history_test

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// size returns full in the normal run, small under -short, and a fifth of small (at least
// 300) under -short with the race detector, which makes SQLite about 20 times slower.
func size(full, small int) int {
	switch {
	case testing.Short() && raceEnabled:
		return max(small/5, 300)
	case testing.Short():
		return small
	}
	return full
}

// mustSim starts an emulator with n generated transfers on loopback.
func mustSim(tb testing.TB, n int, mod func(*meshsim.Options)) *meshsim.Sim {
	tb.Helper()
	o := meshsim.Options{Seed: 7, Transfers: n}
	if mod != nil {
		mod(&o)
	}
	sim, err := meshsim.New(o)
	if err != nil {
		tb.Fatalf("meshsim.New: %v", err)
	}
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		tb.Fatalf("meshsim.Start: %v", err)
	}
	tb.Cleanup(func() { _ = sim.Close() })
	return sim
}

// mustClient returns a mesh client for the emulator's demo client whose retry waits are short.
func mustClient(tb testing.TB, sim *meshsim.Sim) *mesh.Client {
	tb.Helper()
	return mustClientURL(tb, sim.BaseURL())
}

// mustClientURL is mustClient for an emulator at base.
func mustClientURL(tb testing.TB, base string) *mesh.Client {
	tb.Helper()
	c, err := mesh.NewClient(meshsim.DefaultClientID, meshsim.DefaultClientSecret, mesh.WithBaseURL(base),
		mesh.WithSleep(func(ctx context.Context, d time.Duration) error {
			// Honour the retry, but scaled down so tests stay quick.
			t := time.NewTimer(d / 100)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}))
	if err != nil {
		tb.Fatalf("mesh.NewClient: %v", err)
	}
	return c
}

// mustStore opens a fresh store with one profile and returns it with the profile id.
func mustStore(tb testing.TB) (*store.DB, string) {
	tb.Helper()
	db := storetest.MustOpenDB(tb)
	p := storetest.MustCreateProfile(tb, db, "Test")
	return db, p.ID
}

// countingSource counts requests and can run a hook before each one.
type countingSource struct {
	src    history.Source
	n      atomic.Int64
	before func(n int64, q history.PageQuery) error
}

func (c *countingSource) TransferPage(ctx context.Context, q history.PageQuery) (history.Page, error) {
	n := c.n.Add(1)
	if c.before != nil {
		if err := c.before(n, q); err != nil {
			return history.Page{}, err
		}
	}
	return c.src.TransferPage(ctx, q)
}

// mustSync runs one sync and fails the test on error.
func mustSync(tb testing.TB, s *history.Syncer, pid string) history.Result {
	tb.Helper()
	res, err := s.Sync(context.Background(), pid)
	if err != nil {
		tb.Fatalf("sync: %v", err)
	}
	return res
}

// mustStoredStatuses reads every stored transfer of the profile (id → status) straight from
// the SQLite file, and fails on duplicate ids.
func mustStoredStatuses(tb testing.TB, path, pid string) map[string]string {
	tb.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT t.id, t.status FROM transfers t JOIN profiles p ON p.pk = t.profile_pk WHERE p.id = ?`, pid)
	if err != nil {
		tb.Fatalf("read transfers: %v", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, st string
		if err := rows.Scan(&id, &st); err != nil {
			tb.Fatalf("read transfers: %v", err)
		}
		if _, dup := out[id]; dup {
			tb.Fatalf("transfer %s stored twice", id)
		}
		out[id] = st
	}
	if err := rows.Err(); err != nil {
		tb.Fatalf("read transfers: %v", err)
	}
	return out
}

// simStatuses is the emulator's truth for the demo client (id → status).
func simStatuses(sim *meshsim.Sim) map[string]string {
	out := map[string]string{}
	for _, t := range sim.Snapshot() {
		if t.ClientID == meshsim.DefaultClientID {
			out[t.ID] = t.Status
		}
	}
	return out
}

// mustMatchSim fails unless the store holds exactly the emulator's transfers with its statuses.
func mustMatchSim(tb testing.TB, sim *meshsim.Sim, db *store.DB, pid string) {
	tb.Helper()
	want := simStatuses(sim)
	got := mustStoredStatuses(tb, db.Path(), pid)
	var diffs []string
	for id, st := range want {
		if g, ok := got[id]; !ok {
			diffs = append(diffs, fmt.Sprintf("missing %s (%s)", id, st))
		} else if g != st {
			diffs = append(diffs, fmt.Sprintf("%s: stored %s, Mesh says %s", id, g, st))
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			diffs = append(diffs, "extra "+id)
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		if len(diffs) > 10 {
			diffs = append(diffs[:10], fmt.Sprintf("… and %d more", len(diffs)-10))
		}
		tb.Fatalf("store (%d transfers) differs from the emulator (%d):\n%s", len(got), len(want), strings.Join(diffs, "\n"))
	}
}
