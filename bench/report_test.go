package bench

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestJudge(t *testing.T) {
	tests := []struct {
		name      string
		v         float64
		target    Target
		wantRatio float64
		wantMet   bool
	}{
		{"below, met", 2.5, Target{Op: Below, Limit: 5}, 0.5, true},
		{"below, equal is missed", 5, Target{Op: Below, Limit: 5}, 1, false},
		{"below, missed", 30, Target{Op: Below, Limit: 20}, 1.5, false},
		{"at most, equal is met", 2, Target{Op: AtMost, Limit: 2}, 1, true},
		{"at most, missed", 2.6, Target{Op: AtMost, Limit: 1.3}, 2, false},
		{"at least, met", 30, Target{Op: AtLeast, Limit: 15}, 0.5, true},
		{"at least, missed", 5, Target{Op: AtLeast, Limit: 15}, 3, false},
		{"at least, zero measured", 0, Target{Op: AtLeast, Limit: 15}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, met := judge(tt.v, tt.target)
			if math.Abs(r-tt.wantRatio) > 1e-9 || *met != tt.wantMet {
				t.Errorf("judge(%v, %v) = %v, %v; want %v, %v", tt.v, tt.target, r, *met, tt.wantRatio, tt.wantMet)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		var out []time.Duration
		for _, x := range xs {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(100-i) * time.Millisecond // reversed: the input need not be sorted
	}
	tests := []struct {
		name string
		ds   []time.Duration
		p    float64
		want time.Duration
	}{
		{"none", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"median of odd", ms(3, 1, 2), 50, 2 * time.Millisecond},
		{"p95 of 100", hundred, 95, 95 * time.Millisecond},
		{"p99 of 100", hundred, 99, 99 * time.Millisecond},
		{"p100", ms(1, 9, 4), 100, 9 * time.Millisecond},
		{"p0 is the least", ms(5, 2, 8), 0, 2 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.ds, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.ds, tt.p, got, tt.want)
			}
		})
	}
	in := ms(3, 1, 2)
	Percentile(in, 50)
	if in[0] != 3*time.Millisecond {
		t.Error("Percentile sorted its input in place")
	}
}

func TestFmtValue(t *testing.T) {
	tests := []struct {
		v    float64
		unit string
		want string
	}{
		{1234567, "/s", "1,234,567 /s"},
		{-1234, "", "-1,234"},
		{250, "ms", "250 ms"},
		{12.345, "ms", "12.3 ms"},
		{0.456, "ms", "0.46 ms"},
		{999, "", "999"},
	}
	for _, tt := range tests {
		if got := fmtValue(tt.v, tt.unit); got != tt.want {
			t.Errorf("fmtValue(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

// mustReport builds a report with one met and one missed target and a figure without one.
func mustReport(t *testing.T) *Report {
	t.Helper()
	start := time.Date(2026, 11, 25, 22, 0, 0, 0, time.UTC)
	r := &Report{Started: start, Finished: start.Add(9 * time.Minute), Mode: "full", Commit: "abc123",
		Machine: Machine{NProc: 2, CPUModel: "Test CPU", LoadStart: [3]float64{4, 3, 2}, LoadEnd: [3]float64{1, 1, 1}}}
	r.Add(Figure{Key: "a", Section: "Ingest", Name: "First sync", Value: 7.5, Unit: "s", Target: &Target{Op: Below, Limit: 5, Text: "< 5 s"}})
	r.Add(Figure{Key: "b", Section: "Query", Name: "Window p95", Value: 4, Unit: "ms", Beside: F(8), BesideName: "direct SQL",
		Target: &Target{Op: Below, Limit: 20, Text: "< 20 ms"}, Note: "a|b"})
	r.Add(Figure{Key: "c", Section: "Query", Name: "Export", Value: 50000, Unit: "/s"})
	r.Skipped = []string{"app figures: no display"}
	return r
}

func TestReportMarkdown(t *testing.T) {
	r := mustReport(t)
	md := r.Markdown()
	for _, want := range []string{
		"## Targets (issues 5 and 10): 1 of 2 met",
		"| First sync | 7.50 s | < 5 s | 1.50 | **no** |",
		"| Window p95 | 4.00 ms | < 20 ms | 0.20 | yes |",
		"| Window p95 | 4.00 ms | direct SQL: 8.00 ms | 0.50× | < 20 ms ✓ | a/b |",
		"| Export | 50,000 /s |",
		"## Ingest", "## Query",
		"more runnable work than CPUs",
		"- app figures: no display",
		"2 CPUs (Test CPU)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("REPORT.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Index(md, "## Ingest") > strings.Index(md, "## Query") {
		t.Error("sections are not in the order their first figures were added")
	}
	if f, ok := r.Figure("b"); !ok || *f.Met != true || f.Ratio != 0.2 {
		t.Errorf("Figure(b) = %+v, %v", f, ok)
	}
	if _, ok := r.Figure("nope"); ok {
		t.Error("Figure found a key never added")
	}
}

func TestReportMarkdownIdleMachine(t *testing.T) {
	r := mustReport(t)
	r.Machine.LoadStart = [3]float64{0.5, 0.5, 0.5}
	r.Machine.LoadEnd = [3]float64{1.5, 1, 1}
	if strings.Contains(r.Markdown(), "more runnable work than CPUs") {
		t.Error("an idle machine is reported as overloaded")
	}
}

func TestClockAndRate(t *testing.T) {
	c := StartClock()
	x := 0
	for i := 0; i < 3_000_000; i++ {
		x += i % 7
	}
	wall, cpu := c.Stop()
	if wall <= 0 || cpu < 0 || x == 0 {
		t.Errorf("clock: wall %v cpu %v", wall, cpu)
	}
	if got := Rate(500, 2*time.Second); got != 250 {
		t.Errorf("Rate = %v, want 250", got)
	}
	if got := Rate(500, 0); got != 0 {
		t.Errorf("Rate over zero time = %v, want 0", got)
	}
	if l := LoadAvg(); l[0] < 0 {
		t.Errorf("load %v", l)
	}
	if m := ReadMachine(); m.NProc < 1 || m.GoVersion == "" {
		t.Errorf("machine %+v", m)
	}
}
