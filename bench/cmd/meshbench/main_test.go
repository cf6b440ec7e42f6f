package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meshdesk/bench"
)

func TestLabelSlugFmtInt(t *testing.T) {
	for in, want := range map[int]string{100_000: "100k", 1_000_000: "1M", 3_000: "3k", 1500: "1500", 999: "999"} {
		if got := label(in); got != want {
			t.Errorf("label(%d) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"search: hash prefix": "search_hash_prefix", "30 days + network": "30_days_network",
		"status = failed": "status_failed", "lookup by id": "lookup_by_id", "  x  ": "x"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"} {
		if got := fmtInt(in); got != want {
			t.Errorf("fmtInt(%d) = %q, want %q", in, got, want)
		}
	}
	if ratio(1, 0) != 0 || ratio(3, 2) != 1.5 {
		t.Error("ratio")
	}
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		mode    string
		sizes   []int
		wantErr bool
	}{
		{"full", []int{100_000, 1_000_000}, false},
		{"smoke", []int{1_000, 3_000}, false},
		{"huge", nil, true},
	}
	for _, tt := range tests {
		c := config{mode: tt.mode}
		err := c.defaults()
		if (err != nil) != tt.wantErr {
			t.Errorf("mode %s: %v", tt.mode, err)
			continue
		}
		if err != nil {
			continue
		}
		if len(c.sizes) != len(tt.sizes) || c.sizes[len(c.sizes)-1] != tt.sizes[len(tt.sizes)-1] {
			t.Errorf("mode %s: sizes %v", tt.mode, c.sizes)
		}
		if _, err := os.Stat(filepath.Join(c.repo, "wails.json")); err != nil {
			t.Errorf("mode %s: repo %s is not the repository root", tt.mode, c.repo)
		}
		if len(c.hooks) != 3 || c.hooks[0].Rate != 100 || c.hooks[1].Rate != 500 || c.hooks[2].Rate != 2000 {
			t.Errorf("mode %s: webhook loads %+v, want the issue's 100, 500, 2000 req/s", tt.mode, c.hooks)
		}
		if c.budget <= 0 || c.coldRuns < 1 || c.out == "" || c.appBin == "" || c.cacheDir == "" {
			t.Errorf("mode %s: %+v", tt.mode, c)
		}
	}
}

func TestNeedAppWithoutDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	if why := needApp(config{appBin: "/nonexistent"}); !strings.Contains(why, "DISPLAY") {
		t.Errorf("needApp without a display: %q", why)
	}
	t.Setenv("DISPLAY", ":99")
	t.Setenv("PATH", t.TempDir())
	if why := needApp(config{appBin: "/nonexistent"}); !strings.Contains(why, "not on PATH") {
		t.Errorf("needApp without xdotool: %q", why)
	}
}

func TestStartAppPhaseCI(t *testing.T) {
	t.Setenv("DISPLAY", "")
	rep := &bench.Report{}
	t.Setenv("CI", "")
	if app, err := startAppPhase(t.Context(), config{appBin: "/nonexistent"}, rep); app != nil || err != nil || len(rep.Skipped) != 1 {
		t.Errorf("outside CI a missing display skips: %v %v %v", app, err, rep.Skipped)
	}
	t.Setenv("CI", "true")
	if _, err := startAppPhase(t.Context(), config{appBin: "/nonexistent"}, rep); err == nil {
		t.Error("under CI=true a missing display is not a failure")
	}
}

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := &bench.Report{Started: time.Now(), Finished: time.Now(), Mode: "smoke"}
	r.Add(bench.Figure{Key: "k", Section: "S", Name: "n", Value: 1, Target: &bench.Target{Op: bench.Below, Limit: 2, Text: "< 2"}})
	if err := write(dir, r); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"REPORT.md", "report.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || !strings.Contains(string(b), "smoke") {
			t.Errorf("%s: %v", f, err)
		}
	}
}
