package meshsim

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	benchOnce sync.Once
	benchSim  *Sim
)

// benchEmulator is one shared emulator with 1,000,000 generated transfers.
func benchEmulator(b *testing.B) *Sim {
	benchOnce.Do(func() {
		s, err := New(Options{Seed: 42, Transfers: 1_000_000, SettleDelay: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		benchSim = s
	})
	return benchSim
}

func benchPage(b *testing.B, query string) {
	s := benchEmulator(b)
	h := s.Handler()
	warm := httptest.NewRecorder()
	h.ServeHTTP(warm, benchRequest(query))
	if warm.Code != 200 {
		b.Fatalf("status %d: %s", warm.Code, warm.Body.String())
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	bytes := 0
	w := &discardWriter{h: http.Header{}}
	for i := 0; b.Loop(); i++ {
		w.n = 0
		h.ServeHTTP(w, benchRequest(query+"&Offset="+strconv.Itoa((i*100)%50000)))
		bytes += w.n
	}
	cpu := cpuTime() - cpu0
	// CPU time, not wall time: on a shared machine the wall clock measures the neighbours.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(b.N*100)/cpu.Seconds(), "transfers/cpu-s")
	b.SetBytes(int64(bytes / max(b.N, 1)))
}

// discardWriter is a ResponseWriter that only counts bytes (a socket, not a recorder).
type discardWriter struct {
	h http.Header
	n int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchRequest(query string) *http.Request {
	r := httptest.NewRequest("GET", "/api/v1/transfers/managed/mesh?"+query, nil)
	r.Header.Set("X-Client-Id", DefaultClientID)
	r.Header.Set("X-Client-Secret", DefaultClientSecret)
	return r
}

// BenchmarkHistoryPageSync is the history sync's request: newest first, frozen window.
func BenchmarkHistoryPageSync(b *testing.B) {
	benchPage(b, "Count=100&OrderBy=createdTimestamp&DescendingOrder=true&ToTimestamp=99999999999")
}

// BenchmarkHistoryPageByAmount pages an index other than time.
func BenchmarkHistoryPageByAmount(b *testing.B) {
	benchPage(b, "Count=100&OrderBy=amountInFiat")
}

// BenchmarkHistoryPageFiltered scans the whole history for a status filter.
func BenchmarkHistoryPageFiltered(b *testing.B) {
	benchPage(b, "Count=100&Statuses=pending")
}

// BenchmarkGenerate100k generates 100,000 transfers.
func BenchmarkGenerate100k(b *testing.B) {
	for b.Loop() {
		generate(1, 100_000, "c", time.Unix(1_800_000_000, 0), 365*24*time.Hour, nil)
	}
}

func TestGenerateMillion(t *testing.T) {
	if testing.Short() {
		t.Skip("1M transfers: full run only")
	}
	start, cpu0 := time.Now(), cpuTime()
	s, err := New(Options{Seed: 5, Transfers: 1_000_000, Clock: newSimClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Logf("generated 1,000,000 transfers in %s wall, %s CPU", time.Since(start), cpuTime()-cpu0)
	if n := s.TransferCount(); n != 1_000_000 {
		t.Fatalf("%d transfers", n)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, benchRequest("Count=100&DescendingOrder=true&Offset=999950"))
	if rec.Code != 200 || rec.Body.Len() < 1000 {
		t.Fatalf("last page: %d %s", rec.Code, rec.Body.String()[:min(rec.Body.Len(), 300)])
	}
}
