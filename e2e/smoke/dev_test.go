package smoke

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meshdesk/e2e/internal/e2eutil"
	"meshdesk/internal/testenv"
)

// ipcResult is what ipc.mjs prints.
type ipcResult struct {
	AppInfo struct {
		Version, Commit, Platform, DataDir, LogFile, Profile string
	} `json:"appInfo"`
	Title  string   `json:"title"`
	Errors []string `json:"errors"`
}

func TestWailsDevBoundMethodOverIPC(t *testing.T) {
	e2eutil.SkipShort(t, "smoke")
	chromium := testenv.Chromium(t)
	home := t.TempDir()
	dev := e2eutil.StartDev(t, "smoke", []string{"MESHDESK_HOME=" + home})

	art := e2eutil.Artifacts(t)
	var got ipcResult
	e2eutil.RunNode(t, chromium, 3*time.Minute, &got, filepath.Join(testenv.RepoRoot(), "e2e", "smoke", "ipc.mjs"), dev.URL, filepath.Join(art, "smoke-dev-chromium.png"))
	checks := []struct {
		what, got, want string
	}{
		{"profile", got.AppInfo.Profile, "Demo"},
		{"data folder", got.AppInfo.DataDir, filepath.Join(home, "config")},
		{"log file", got.AppInfo.LogFile, filepath.Join(home, "state", "logs", "meshdesk.log")},
		{"page title", got.Title, wantTitle},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if got.AppInfo.Version == "" || !strings.Contains(got.AppInfo.Platform, "/") {
		t.Errorf("AppInfo lacks version/platform: %+v", got.AppInfo)
	}
	if len(got.Errors) > 0 {
		t.Errorf("page errors: %q", got.Errors)
	}
}
