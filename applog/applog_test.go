package applog

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseLevel(t *testing.T) {
	cases := []struct {
		in      string
		want    slog.Level
		wantErr bool
	}{
		{"debug", slog.LevelDebug, false},
		{"DEBUG", slog.LevelDebug, false},
		{" info ", slog.LevelInfo, false},
		{"", slog.LevelInfo, false},
		{"warn", slog.LevelWarn, false},
		{"warning", slog.LevelWarn, false},
		{"error", slog.LevelError, false},
		{"trace", 0, true},
		{"3", 0, true},
	}
	for _, c := range cases {
		got, err := ParseLevel(c.in)
		if (err != nil) != c.wantErr || (!c.wantErr && got != c.want) {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v, err=%v", c.in, got, err, c.want, c.wantErr)
		}
	}
}

func TestSplitLevelFlag(t *testing.T) {
	cases := []struct {
		args      []string
		wantRest  []string
		wantLevel string
		wantErr   bool
	}{
		{nil, nil, "", false},
		{[]string{"sync"}, []string{"sync"}, "", false},
		{[]string{"--log-level", "debug"}, []string{}, "debug", false},
		{[]string{"--log-level", "debug", "sync", "-x"}, []string{"sync", "-x"}, "debug", false},
		{[]string{"--log-level=warn", "sim"}, []string{"sim"}, "warn", false},
		{[]string{"--log-level=warn", "--log-level", "error", "sim"}, []string{"sim"}, "error", false},
		{[]string{"sync", "--log-level", "debug"}, []string{"sync", "--log-level", "debug"}, "", false}, // a command's own args are its business
		{[]string{"--log-level"}, nil, "", true},
		{[]string{"--log-level", "loud", "sync"}, []string{"sync"}, "loud", true},
		{[]string{"--log-level="}, []string{}, "", false},
	}
	for _, c := range cases {
		rest, lvl, err := SplitLevelFlag(c.args)
		if (err != nil) != c.wantErr {
			t.Errorf("SplitLevelFlag(%q) err = %v, wantErr %v", c.args, err, c.wantErr)
			continue
		}
		if c.wantErr {
			continue
		}
		if lvl != c.wantLevel || !reflect.DeepEqual(normal(rest), normal(c.wantRest)) {
			t.Errorf("SplitLevelFlag(%q) = %q, %q; want %q, %q", c.args, rest, lvl, c.wantRest, c.wantLevel)
		}
	}
}

func normal(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestResolveLevel(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvLevel {
				return v
			}
			return ""
		}
	}
	cases := []struct {
		name    string
		flag    string
		env     string
		want    slog.Level
		wantErr bool
	}{
		{"default", "", "", slog.LevelInfo, false},
		{"env", "", "debug", slog.LevelDebug, false},
		{"flag wins", "error", "debug", slog.LevelError, false},
		{"bad env falls back to info", "", "chatty", slog.LevelInfo, true},
		{"bad flag", "chatty", "", 0, true},
	}
	for _, c := range cases {
		got, err := ResolveLevel(c.flag, env(c.env))
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("%s: ResolveLevel = %v, %v; want %v, err=%v", c.name, got, err, c.want, c.wantErr)
		}
	}
}

func TestOpenWritesAtLevel(t *testing.T) {
	dir := t.TempDir()
	var also bytes.Buffer
	l, err := Open(Options{Dir: dir, Level: slog.LevelWarn, Also: &also})
	if err != nil {
		t.Fatal(err)
	}
	l.Logger.Info("quiet-info")
	l.Logger.Warn("loud-warn", "token", Secret("tok_123"))
	l.Level.Set(slog.LevelDebug)
	l.Logger.Debug("now-debug")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{"loud-warn", "token=[redacted]", "now-debug"} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"quiet-info", "tok_123"} {
		if strings.Contains(got, bad) {
			t.Errorf("log has %q:\n%s", bad, got)
		}
	}
	if also.String() != got {
		t.Errorf("Also writer got %q, file %q", also.String(), got)
	}
	if fi, err := os.Stat(filepath.Join(dir, FileName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("log file mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
}

func TestSetupUsesStateDirAndEnv(t *testing.T) {
	home := t.TempDir()
	t.Setenv("MESHDESK_HOME", home)
	prev := slog.Default()
	t.Cleanup(func() { slog.SetDefault(prev) })
	l, err := Setup("", func(k string) string {
		if k == EnvLevel {
			return "debug"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	want := filepath.Join(home, "state", "logs", FileName)
	if l.Path != want {
		t.Fatalf("Path = %q, want %q", l.Path, want)
	}
	slog.Debug("via-default")
	b, err := os.ReadFile(want)
	if err != nil || !strings.Contains(string(b), "via-default") {
		t.Fatalf("default logger did not write the file at debug: %q, %v", b, err)
	}
}

func TestSetupFallsBackToStderr(t *testing.T) {
	home := t.TempDir()
	// A file where the state folder should be: the log folder cannot be created.
	if err := os.WriteFile(filepath.Join(home, "state"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MESHDESK_HOME", home)
	prev := slog.Default()
	t.Cleanup(func() { slog.SetDefault(prev) })
	l, err := Setup("info", os.Getenv)
	if err == nil {
		t.Fatal("want an error when the log folder cannot be made")
	}
	if l == nil || l.Logger == nil || l.Path != "" {
		t.Fatalf("want a stderr logger, got %+v", l)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}
