// Command testsum reads `go test -json` on stdin and prints what plain `go test` prints
// without -v (each package's ok/FAIL line, the full output of failing tests, build errors),
// then appends "STEP PASSED FAILED SKIPPED" to the counts file given with -counts, so
// `make test` can close with one total. It exits 1 when any test or package failed or the
// stream held no test result at all.
//
//	go test -json ./... | go run ./scripts/testsum -step "go test" -counts test-artifacts/counts
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string // build-output / build-fail events
}

// Counts are the tests (and subtests) seen by their final action.
type Counts struct {
	Passed, Failed, Skipped int
	// FailedPackages counts packages that failed (build errors, panics outside tests, …).
	FailedPackages int
	// Results is how many package results (pass/fail/skip with no test name) were seen.
	Results int
}

// Summarise copies the human-relevant output of the stream in r to w and counts the results.
func Summarise(r io.Reader, w io.Writer) (Counts, error) {
	var c Counts
	buffered := map[string][]string{} // package/test → its output so far
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			fmt.Fprintln(w, string(line)) // not JSON: go itself speaking (e.g. a setup error)
			continue
		}
		top, _, _ := strings.Cut(e.Test, "/") // subtests' output goes with their top-level test
		key := e.Package + "\x00" + top
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "output":
			if e.Test == "" {
				if keepPackageLine(e.Output) {
					fmt.Fprint(w, e.Output)
				}
				continue
			}
			buffered[key] = append(buffered[key], e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				c.Results++
				if e.Action == "fail" {
					c.FailedPackages++
				}
				continue
			}
			switch e.Action {
			case "pass":
				c.Passed++
			case "skip":
				c.Skipped++
			case "fail":
				c.Failed++
			}
			if e.Test == top { // the top-level test is done: print it all if it failed
				if e.Action == "fail" {
					fmt.Fprint(w, strings.Join(buffered[key], ""))
				}
				delete(buffered, key)
			}
		}
	}
	return c, sc.Err()
}

// keepPackageLine keeps what go test prints per package without -v; drops the PASS/FAIL
// lines that merely precede the package's own ok/FAIL line, and the '=== RUN' chatter
// that appears at package level for fuzzing.
func keepPackageLine(s string) bool {
	switch strings.TrimSpace(s) {
	case "PASS", "FAIL", "testing: warning: no tests to run":
		return false
	}
	return !strings.HasPrefix(s, "=== ")
}

func main() {
	step := flag.String("step", "go test", "name of this step in the counts file")
	countsPath := flag.String("counts", "", "file to append 'STEP<TAB>PASSED<TAB>FAILED<TAB>SKIPPED' to")
	flag.Parse()
	c, err := Summarise(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		os.Exit(1)
	}
	if *countsPath != "" {
		f, err := os.OpenFile(*countsPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err == nil {
			_, err = fmt.Fprintf(f, "%s\t%d\t%d\t%d\n", *step, c.Passed, c.Failed, c.Skipped)
			err = errors.Join(err, f.Close())
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "testsum:", err)
			os.Exit(1)
		}
	}
	if c.Failed > 0 || c.FailedPackages > 0 || c.Results == 0 {
		if c.Results == 0 {
			fmt.Fprintln(os.Stderr, "testsum: no test result in the stream")
		}
		os.Exit(1)
	}
}
