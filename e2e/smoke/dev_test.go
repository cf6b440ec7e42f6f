package smoke

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"meshdesk/internal/testenv"
)

// freePort asks the kernel for a free loopback port.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitHTTP polls url until it answers 200 with the app's page, the process exits, or ctx ends.
func waitHTTP(ctx context.Context, url string, exited <-chan struct{}) error {
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && bytes.Contains(body, []byte(`id="root"`)) {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s did not serve the app: %w (last error %v)", url, ctx.Err(), err)
		case <-exited:
			return fmt.Errorf("wails dev exited before serving %s", url)
		case <-time.After(time.Second):
		}
	}
}

// ipcResult is what ipc.mjs prints.
type ipcResult struct {
	AppInfo struct {
		Version, Commit, Platform, DataDir, LogFile, Profile string
	} `json:"appInfo"`
	Title  string   `json:"title"`
	Errors []string `json:"errors"`
}

func TestWailsDevBoundMethodOverIPC(t *testing.T) {
	skipShort(t)
	testenv.Display(t)
	chromium := testenv.Chromium(t)
	needTools(t, "go", "node", "npm")
	root := testenv.RepoRoot()
	_, err := os.Stat(filepath.Join(root, "frontend", "node_modules", "playwright-core", "package.json"))
	testenv.Need(t, err == nil, "frontend/node_modules (make test-deps runs npm ci)")
	art := artifacts(t)
	// The dev build embeds frontend/dist (desktop.go); a fresh clone has none yet.
	dist := filepath.Join(root, "frontend", "dist")
	if entries, _ := os.ReadDir(dist); len(entries) == 0 {
		if err := os.MkdirAll(dist, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dist, "gitkeep"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	home := t.TempDir()
	port, vitePort := freePort(t), freePort(t)
	logPath := filepath.Join(art, "wails-dev.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	// -s: dev serves the frontend from Vite, no production build; -skipbindings: `make test`
	// checks the committed bindings separately; -m: no go mod tidy. Vite's port is given
	// (MESHDESK_VITE_PORT, read by vite.config.ts): Wails gives up on finding it in Vite's
	// output after a fixed 10 s, too short on a busy machine.
	cmd := exec.Command("go", "tool", "wails", "dev", "-tags", "webkit2_41", "-noreload", "-m", "-s",
		"-skipbindings", "-nocolour", "-devserver", fmt.Sprintf("127.0.0.1:%d", port),
		"-frontenddevserverurl", fmt.Sprintf("http://127.0.0.1:%d/", vitePort))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "MESHDESK_HOME="+home, "BROWSER=none", fmt.Sprintf("MESHDESK_VITE_PORT=%d", vitePort))
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start wails dev: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	defer func() {
		killGroup(cmd.Process.Pid, exited, 20*time.Second)
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("wails dev output (%s):\n%s", logPath, b)
		}
	}()

	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute) // a cold dev build (-gcflags all=-N -l rebuilds every package) on 2 busy cores
	defer cancel()
	if err := waitHTTP(ctx, url, exited); err != nil {
		t.Fatal(err)
	}
	t.Logf("wails dev served %s after %v", url, time.Since(start).Round(time.Second))

	nodeCtx, nodeCancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer nodeCancel()
	node := exec.CommandContext(nodeCtx, "node", filepath.Join(root, "e2e", "smoke", "ipc.mjs"), url, filepath.Join(art, "smoke-dev-chromium.png"))
	node.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stderr bytes.Buffer
	node.Stderr = &stderr
	out, err := node.Output()
	if err != nil {
		t.Fatalf("ipc.mjs: %v\n%s\n%s", err, out, stderr.String())
	}
	var got ipcResult
	if err := json.Unmarshal(bytes.TrimSpace(out), &got); err != nil {
		t.Fatalf("ipc.mjs printed %q: %v", out, err)
	}
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
