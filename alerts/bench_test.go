package alerts_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"meshdesk/alerts"
	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// cpuTime is this process's user+system CPU time so far.
func cpuTime(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchSize is the stored history of the benchmarks: 50,000 transfers, 2,000 under -short.
func benchSize() int {
	if testing.Short() {
		return 2_000
	}
	return 50_000
}

// mustBenchHistory stores n transfers over the last 30 days: a tenth failed, a tenth pending.
func mustBenchHistory(b *testing.B, db *store.DB, pid string, n int, now time.Time) {
	b.Helper()
	ts := make([]mesh.Transfer, 0, 5000)
	for i := range n {
		st := mesh.StatusSucceeded
		switch i % 10 {
		case 3:
			st = mesh.StatusFailed
		case 7:
			st = mesh.StatusPending
		}
		ts = append(ts, mesh.Transfer{ID: fmt.Sprintf("b0000000-0000-4000-8000-%012d", i), Status: st,
			CreatedTimestamp: now.Add(-time.Duration(i%(30*24*60)) * time.Minute).Unix(), Amount: 1, Symbol: "USDC", NetworkName: "Base"})
		if len(ts) == cap(ts) || i == n-1 {
			if _, err := db.UpsertTransfers(context.Background(), pid, ts); err != nil {
				b.Fatal(err)
			}
			ts = ts[:0]
		}
	}
}

// BenchmarkAlertCheck measures one alert check over a stored history: the first (every
// transfer's seq is new: a full scan of the failed ones and the pending index) and an
// incremental one (nothing changed). Reported per check, wall and CPU. Run "first" with
// -benchtime 1x: later iterations find the alerts raised and measure an incremental check.
func BenchmarkAlertCheck(b *testing.B) {
	n := benchSize()
	now := time.Now()
	for _, phase := range []string{"first", "incremental"} {
		b.Run(fmt.Sprintf("%s/n=%d", phase, n), func(b *testing.B) {
			db := storetest.MustOpenDB(b)
			pid := storetest.MustCreateProfile(b, db, "Bench").ID
			mustBenchHistory(b, db, pid, n, now)
			svc := alerts.NewService(db, alerts.Options{})
			defer svc.Close()
			ctx := context.Background()
			if phase == "incremental" {
				if _, err := svc.Check(ctx, pid); err != nil {
					b.Fatal(err)
				}
			}
			var cpu time.Duration
			raised := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if phase == "first" && i > 0 {
					b.StopTimer()
					if _, err := db.AckAllAlerts(ctx, pid); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				c0 := cpuTime(b)
				res, err := svc.Check(ctx, pid)
				cpu += cpuTime(b) - c0
				if err != nil {
					b.Fatal(err)
				}
				raised += len(res.Raised)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/check")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/check")
			b.ReportMetric(float64(raised)/float64(b.N), "raised/check")
		})
	}
}
