package main

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"meshdesk/version"
)

func mustApp(t *testing.T) (*App, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	a := NewApp(slog.New(slog.NewTextHandler(&buf, nil)), "/tmp/x.log", time.Unix(100, 0))
	a.now = func() time.Time { return time.Unix(101, 500_000_000) }
	return a, &buf
}

func TestAppInfo(t *testing.T) {
	home := t.TempDir()
	t.Setenv("MESHDESK_HOME", home)
	a, _ := mustApp(t)
	got, err := a.AppInfo()
	if err != nil {
		t.Fatal(err)
	}
	want := AppInfo{
		Version: version.Version, Commit: version.Commit, Date: version.Date,
		Platform: runtime.GOOS + "/" + runtime.GOARCH,
		DataDir:  filepath.Join(home, "config"), LogFile: "/tmp/x.log", Profile: "Demo",
	}
	if got != want {
		t.Fatalf("AppInfo() = %+v\nwant %+v", got, want)
	}
}

func TestAppInfoWithoutHome(t *testing.T) {
	t.Setenv("MESHDESK_HOME", "")
	t.Setenv("HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	a, _ := mustApp(t)
	if runtime.GOOS != "linux" {
		t.Skip("the no-home case is Linux's")
	}
	if _, err := a.AppInfo(); err == nil || !strings.Contains(err.Error(), "data folder") {
		t.Fatalf("want a data-folder error, got %v", err)
	}
}

func TestAppLifecycleLogs(t *testing.T) {
	a, buf := mustApp(t)
	ctx := context.WithValue(context.Background(), struct{}{}, 1)
	a.startup(ctx)
	if a.ctx != ctx {
		t.Fatal("startup did not keep the runtime context")
	}
	a.firstRender(map[string]any{"profile": "Demo"})
	a.shutdown(ctx)
	out := buf.String()
	for _, want := range []string{"app starting", "profile=Demo", "first render", "since_start_ms=1500", "app shut down cleanly", "uptime=1.5s"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
