package bench

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meshdesk/store"
)

// mustStore opens a fresh store with one profile.
func mustStore(t *testing.T) (*store.DB, string) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "bench.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := db.CreateProfile(context.Background(), store.Profile{Name: "bench", Env: store.EnvDemo, ClientID: "demo-client"})
	if err != nil {
		t.Fatal(err)
	}
	return db, p.ID
}

// TestPipeline runs every measurement of the package on a small history and checks that each
// measured what it says: all rows, every window, the same rows directly, the duplicates.
func TestPipeline(t *testing.T) {
	const n = 450
	ctx := context.Background()
	sim, err := StartSim(n)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	db, pid := mustStore(t)

	capture := NewCapture()
	first, err := Sync(ctx, InProcess(sim), db, pid, capture)
	if err != nil {
		t.Fatal(err)
	}
	if first.Result.New != n || first.Requests < n/100 || first.Wall <= 0 {
		t.Fatalf("first sync: %+v", first)
	}
	again, err := Sync(ctx, InProcess(sim), db, pid, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Result.New != 0 || again.Result.Changed != 0 || again.Requests == 0 || again.Requests >= first.Requests {
		t.Fatalf("re-sync: %+v (first made %d requests)", again, first.Requests)
	}

	// The capture kept the walk's pages only (not the pending re-checks), each once.
	pages := capture.Pages()
	if len(pages) != (n+99)/100 {
		t.Errorf("captured %d pages, want %d", len(pages), (n+99)/100)
	}
	bl, err := MeasureBaselines(ctx, append(pages, pages[0]), t.TempDir()) // a repeated page: rows once
	if err != nil {
		t.Fatal(err)
	}
	if bl.Rows != n || bl.DecodeWall <= 0 || bl.InsertWall <= 0 {
		t.Fatalf("baselines: %+v", bl)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	s, err := PickSamples(ctx, db, pid, 10, rng)
	if err != nil || len(s.Rows) != 10 {
		t.Fatalf("samples: %d, %v", len(s.Rows), err)
	}
	conn, err := OpenDirect(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	views := Views(s)
	if len(views) != 6 {
		t.Fatalf("%d views, want the issue's 6", len(views))
	}
	for _, v := range views {
		l, err := MeasureView(ctx, db, conn, pid, v, 5, 2, rng)
		if err != nil {
			t.Fatal(err)
		}
		wantDirect := 2
		if strings.HasPrefix(v.Name, "search") {
			wantDirect = 1 // scans: half the samples
		}
		if l.DirectErr != "" || len(l.Store) != 5 || len(l.Direct) != wantDirect || l.Total == 0 {
			t.Errorf("view %s: %d store, %d direct, total %d, %s", v.Name, len(l.Store), len(l.Direct), l.Total, l.DirectErr)
		}
		if v.Name == "no filter" && l.Total != n {
			t.Errorf("no filter: total %d, want %d", l.Total, n)
		}
		// The direct SQL selects the same rows as the store's filter.
		pk, err := profilePK(ctx, conn, pid)
		if err != nil {
			t.Fatal(err)
		}
		where, args := "profile_pk = ?", []any{pk}
		if v.Where != "" {
			where += " AND " + v.Where
			args = append(args, v.Args...)
		}
		var direct int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM transfers WHERE "+where, args...).Scan(&direct); err != nil {
			t.Fatal(err)
		}
		if direct != l.Total {
			t.Errorf("view %s: the store counts %d, the direct SQL %d", v.Name, l.Total, direct)
		}
	}

	lk, err := Lookups(ctx, db, pid, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(lk[FirstLookup]) != 1 || len(lk["lookup by id"]) != 9 || len(lk["full record by id"]) != 10 {
		t.Errorf("look-ups: %d first, %d by id, %d full", len(lk[FirstLookup]), len(lk["lookup by id"]), len(lk["full record by id"]))
	}

	ex, err := MeasureExport(ctx, db, conn, pid)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Rows != n || ex.DirectRows != n || ex.Bytes == 0 || ex.DirectErr != "" {
		t.Errorf("export: %+v", ex)
	}

	var ids []string
	for _, r := range s.Rows {
		ids = append(ids, r.ID)
	}
	res, err := MeasureHooks(ctx, db, pid, ids, []HookLoad{{Rate: 200, Duration: 250 * time.Millisecond, DupShare: 0.3}})
	if err != nil {
		t.Fatal(err)
	}
	h := res[0]
	if h.Sent != 50 || h.Non200 != 0 || h.Errors != 0 || len(h.Latencies) != 50 {
		t.Errorf("webhooks: %+v", h)
	}
	if share := float64(h.Dups) / float64(h.Sent); math.Abs(share-0.3) > 0.03 {
		t.Errorf("duplicate share %.2f, want 0.3", share)
	}
	recs, err := db.WebhookEvents(ctx, pid, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Error("the receiver recorded no events")
	}
}

func TestMeasureBaselinesBadPage(t *testing.T) {
	if _, err := MeasureBaselines(context.Background(), [][]byte{[]byte(`{"content":`)}, t.TempDir()); err == nil {
		t.Error("a truncated page: no error")
	}
}

func TestMeasureHooksNeedsTransfers(t *testing.T) {
	db, pid := mustStore(t)
	if _, err := MeasureHooks(context.Background(), db, pid, nil, []HookLoad{{Rate: 10, Duration: time.Second}}); err == nil {
		t.Error("webhooks without any transfer to name: no error")
	}
}

func TestPickSamplesEmpty(t *testing.T) {
	db, pid := mustStore(t)
	if _, err := PickSamples(context.Background(), db, pid, 3, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("samples of an empty history: no error")
	}
}

func TestDecodePage(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    int
		wantErr bool
	}{
		{"two items", `{"content":{"items":[{"id":"a","status":"pending"},{"id":"b","status":"failed"}],"total":2},"status":"ok"}`, 2, false},
		{"empty page", `{"content":{"items":[],"total":0}}`, 0, false},
		{"truncated", `{"content":{"items":[{"id":"a"`, 0, true},
		{"content not an object", `{"content":[1,2]}`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodePage([]byte(tt.body))
			if (err != nil) != tt.wantErr || len(got) != tt.want {
				t.Errorf("decodePage = %d items, %v; want %d, error %v", len(got), err, tt.want, tt.wantErr)
			}
			if err == nil && tt.want > 0 && (got[0].ID != "a" || len(got[0].Raw) == 0) {
				t.Errorf("first item %+v: want id a with its raw JSON", got[0])
			}
		})
	}
}
