package main

import (
	"strings"
	"testing"
)

func TestSummarise(t *testing.T) {
	cases := []struct {
		name       string
		in         string
		want       Counts
		wantOut    []string
		notWantOut []string
	}{
		{
			name: "passing package with a skip and a subtest",
			in: `{"Action":"start","Package":"m/a"}
{"Action":"run","Package":"m/a","Test":"TestA"}
{"Action":"output","Package":"m/a","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"m/a","Test":"TestA/sub","Output":"chatter\n"}
{"Action":"pass","Package":"m/a","Test":"TestA/sub"}
{"Action":"pass","Package":"m/a","Test":"TestA"}
{"Action":"skip","Package":"m/a","Test":"TestB"}
{"Action":"output","Package":"m/a","Output":"PASS\n"}
{"Action":"output","Package":"m/a","Output":"ok  \tm/a\t0.1s\n"}
{"Action":"pass","Package":"m/a"}`,
			want:       Counts{Passed: 2, Skipped: 1, Results: 1},
			wantOut:    []string{"ok  \tm/a\t0.1s"},
			notWantOut: []string{"chatter", "=== RUN", "PASS\n"},
		},
		{
			name: "failing test prints its output once",
			in: `{"Action":"output","Package":"m/b","Test":"TestF","Output":"=== RUN   TestF\n"}
{"Action":"output","Package":"m/b","Test":"TestF/sub","Output":"    b_test.go:9: boom\n"}
{"Action":"fail","Package":"m/b","Test":"TestF/sub"}
{"Action":"output","Package":"m/b","Test":"TestF","Output":"--- FAIL: TestF (0.00s)\n"}
{"Action":"fail","Package":"m/b","Test":"TestF"}
{"Action":"output","Package":"m/b","Output":"FAIL\tm/b\t0.2s\n"}
{"Action":"fail","Package":"m/b"}`,
			want:    Counts{Failed: 2, FailedPackages: 1, Results: 1},
			wantOut: []string{"b_test.go:9: boom", "--- FAIL: TestF", "FAIL\tm/b\t0.2s"},
		},
		{
			name: "build failure",
			in: `{"ImportPath":"m/c","Action":"build-output","Output":"c.go:3:1: syntax error\n"}
{"ImportPath":"m/c","Action":"build-fail"}
{"Action":"output","Package":"m/c","Output":"FAIL\tm/c [build failed]\n"}
{"Action":"fail","Package":"m/c"}`,
			want:    Counts{FailedPackages: 1, Results: 1},
			wantOut: []string{"c.go:3:1: syntax error", "FAIL\tm/c [build failed]"},
		},
		{
			name:    "no tests at all",
			in:      "go: cannot find main module\n",
			want:    Counts{},
			wantOut: []string{"go: cannot find main module"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			got, err := Summarise(strings.NewReader(c.in), &out)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("counts = %+v, want %+v", got, c.want)
			}
			for _, w := range c.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range c.notWantOut {
				if strings.Contains(out.String(), w) {
					t.Errorf("output has %q:\n%s", w, out.String())
				}
			}
			if n := strings.Count(out.String(), "boom"); n > 1 {
				t.Errorf("failure printed %d times", n)
			}
		})
	}
}
