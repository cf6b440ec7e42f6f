package cli

import (
	"strings"
	"testing"
)

// cliStep is one command line of a scripted CLI test and what it must give.
type cliStep struct {
	name    string
	args    []string
	code    int      // the exit code
	out     []string // substrings of stdout (exit 0) or of stderr (otherwise)
	notOut  []string // substrings that must not be there
	jsonOut func(t *testing.T, out string)
}

// mustSteps runs the steps in order through Main, each as a subtest. A refusal (exit code
// other than 0) must print nothing on stdout and one line on stderr.
func mustSteps(t *testing.T, env map[string]string, steps []cliStep) {
	t.Helper()
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, env, "", s.args...)
			if code != s.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, s.code, out, errOut)
			}
			text := out
			if code != 0 {
				text = errOut
				if out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
					t.Errorf("a refusal printed %q and the error %q (want nothing and one line)", out, errOut)
				}
			}
			for _, w := range s.out {
				if !strings.Contains(text, w) {
					t.Errorf("output lacks %q:\n%s", w, text)
				}
			}
			for _, w := range s.notOut {
				if strings.Contains(text, w) {
					t.Errorf("output has %q:\n%s", w, text)
				}
			}
			if s.jsonOut != nil {
				s.jsonOut(t, out)
			}
		})
	}
}
