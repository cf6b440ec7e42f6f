package reconcile_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/reconcile"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

func cpuTime(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReconcile measures one report over n transfers that each got a webhook event (one
// in 50 disagrees, one in 100 was delivered twice), offline (the synced state) and live (the
// emulator's history paged over HTTP). n is 5,000, or 300 under -short.
func BenchmarkReconcile(b *testing.B) {
	n := 5_000
	if testing.Short() {
		n = 300
	}
	clock := time.Now().UTC().Truncate(time.Second)
	now := func() time.Time { return clock }
	db := storetest.MustOpenDB(b, store.WithNow(now))
	pid := storetest.MustCreateProfile(b, db, "Bench").ID
	sim, err := meshsim.New(meshsim.Options{Clock: now})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sim.Close() })
	ctx := context.Background()
	var st []meshsim.Transfer
	var mt []mesh.Transfer
	for i := range n {
		id := fmt.Sprintf("be000000-0000-4000-8000-%012d", i)
		created := clock.Add(-time.Duration(n-i) * time.Second)
		st = append(st, meshsim.Transfer{ID: id, Status: meshsim.StatusSucceeded, CreatedTimestamp: created.Unix()})
		mt = append(mt, mesh.Transfer{ID: id, Status: mesh.StatusSucceeded, CreatedTimestamp: created.Unix()})
	}
	if _, err := sim.AddTransfers(st...); err != nil {
		b.Fatal(err)
	}
	if _, err := db.UpsertTransfers(ctx, pid, mt); err != nil {
		b.Fatal(err)
	}
	if err := db.PutSyncState(ctx, pid, store.SyncState{LastCompleted: clock}); err != nil {
		b.Fatal(err)
	}
	dups := reconcile.CountDuplicates(db, nil)
	for i, t := range mt {
		status := mesh.StatusSucceeded
		if i%50 == 0 {
			status = mesh.StatusFailed
		}
		ev := mesh.WebhookEvent{ID: fmt.Sprintf("d%d", i), EventID: fmt.Sprintf("e%d", i), TransferID: t.ID, TransferStatus: status, Raw: []byte(`{}`)}
		for k := 0; k <= btoi(i%100 == 0); k++ {
			if _, err := dups.ApplyWebhookEvent(ctx, pid, ev); err != nil {
				b.Fatal(err)
			}
		}
	}
	client, err := mesh.NewClient(meshsim.DefaultClientID, meshsim.DefaultClientSecret, mesh.WithBaseURL(sim.BaseURL()))
	if err != nil {
		b.Fatal(err)
	}
	want := n/50 + n/100
	for _, mode := range []string{"offline", "live"} {
		b.Run(fmt.Sprintf("%s/n=%d", mode, n), func(b *testing.B) {
			o := reconcile.Options{From: clock.Add(-time.Duration(n+10) * time.Second), To: clock.Add(time.Second), Now: now, Offline: mode == "offline"}
			var src history.Source
			if mode == "live" {
				src = history.MeshSource(client)
			}
			var cpu time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c0 := cpuTime(b)
				rep, err := reconcile.Run(ctx, db, src, pid, o)
				cpu += cpuTime(b) - c0
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Items) != want {
					b.Fatalf("%d findings, want %d", len(rep.Items), want)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/report")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/report")
		})
	}
}

func btoi(v bool) int {
	if v {
		return 1
	}
	return 0
}
