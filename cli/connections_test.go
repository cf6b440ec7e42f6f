package cli

import (
	"strings"
	"testing"
)

func TestConnectionsUsage(t *testing.T) {
	mustHome(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", []string{"connections"}, 2, "a connections command is required"},
		{"unknown subcommand", []string{"connections", "remove"}, 2, `unknown connections command "remove"`},
		{"bad format", []string{"connections", "list", "--format", "csv"}, 2, `--format "csv"`},
		{"stray argument", []string{"connections", "list", "extra"}, 2, `unexpected argument "extra"`},
		{"unknown flag", []string{"connections", "list", "--nope"}, 2, "flag provided but not defined"},
		{"unknown profile", []string{"connections", "list", "--profile", "Nope"}, 2, "Nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, nil, "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errOut, tc.code, tc.want)
			}
		})
	}
}

func TestConnectionsListEmpty(t *testing.T) {
	mustHome(t)
	for _, tc := range []struct {
		format, want string
	}{
		{"table", "No connected accounts on profile Demo."},
		{"json", "[]"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			out, errOut, code := runCLI(t, nil, "", "connections", "list", "--format", tc.format)
			if code != 0 || strings.TrimSpace(out) != tc.want {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %q", code, out, errOut, tc.want)
			}
		})
	}
	out, _, code := runCLI(t, nil, "", "connections", "--help")
	if code != 0 || !strings.Contains(out, "Tokens themselves are never printed") {
		t.Fatalf("--help: %d %q", code, out)
	}
}
