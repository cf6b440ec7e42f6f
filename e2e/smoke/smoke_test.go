// Package smoke holds the end-to-end smoke tests of the real binaries: the production
// desktop build under Xvfb (first render, title read from X, screenshot, clean close) and
// `wails dev` driven by headless Chromium over Wails' real IPC. They need a display and
// the built app (`make test` provides both: scripts/with-session.sh, `make build`).
package smoke

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"meshdesk/internal/testenv"
)

// wantTitle is what the frontend sets once it has rendered the Demo profile.
const wantTitle = "Mesh Desk — Demo"

func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("smoke: starts the real app; runs in the full (non -short) pass")
	}
}

// artifacts is test-artifacts/ at the repository root (kept by CI, ignored by git).
func artifacts(t *testing.T) string {
	t.Helper()
	d := filepath.Join(testenv.RepoRoot(), "test-artifacts")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// needTools fails (CI) or skips unless every command is on PATH.
func needTools(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		_, err := exec.LookPath(n)
		testenv.Need(t, err == nil, n+" on PATH (make test-deps installs it)")
	}
}

// desktopBinary is $MESHDESK_BIN or build/bin/meshdesk (made by `make build`).
func desktopBinary(t *testing.T) string {
	t.Helper()
	p := os.Getenv("MESHDESK_BIN")
	if p == "" {
		p = filepath.Join(testenv.RepoRoot(), "build", "bin", "meshdesk")
	}
	st, err := os.Stat(p)
	testenv.Need(t, err == nil && !st.IsDir() && st.Mode()&0o111 != 0, "the desktop binary at "+p+" (make build)")
	return p
}

func run(ctx context.Context, name string, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// findWindow waits for a top-level X window of process pid whose name contains "Mesh Desk".
func findWindow(ctx context.Context, pid int, exited <-chan struct{}) (string, error) {
	for {
		out, err := run(ctx, "xdotool", "search", "--all", "--pid", fmt.Sprint(pid), "--name", "Mesh Desk")
		if err == nil && out != "" {
			return strings.Fields(out)[0], nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("no 'Mesh Desk' window of pid %d: %w", pid, ctx.Err())
		case <-exited:
			return "", errors.New("the app exited before it opened a window")
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// windowTitle reads _NET_WM_NAME (UTF-8, as GTK sets it) with xprop.
func windowTitle(ctx context.Context, win string) (string, error) {
	out, err := run(ctx, "xprop", "-id", win, "_NET_WM_NAME")
	if err != nil {
		return "", fmt.Errorf("xprop: %v: %s", err, out)
	}
	_, v, ok := strings.Cut(out, " = ")
	if !ok {
		return "", fmt.Errorf("xprop: no title in %q", out)
	}
	return strings.Trim(v, `"`), nil
}

// distinctColours counts the colours of a PNG, up to limit (a blank page has one).
func distinctColours(b []byte, limit int) (int, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	seen := map[[4]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			c0, c1, c2, c3 := img.At(x, y).RGBA()
			seen[[4]uint32{c0, c1, c2, c3}] = true
			if len(seen) >= limit {
				return len(seen), nil
			}
		}
	}
	return len(seen), nil
}

// screenshot saves the window as PNG at path, retrying until it shows more than a blank page.
func screenshot(ctx context.Context, win, path string) error {
	var last error
	for {
		out, err := run(ctx, "import", "-window", win, path)
		if err == nil {
			b, rerr := os.ReadFile(path)
			if rerr != nil {
				return rerr
			}
			n, derr := distinctColours(b, 8)
			if derr == nil && n >= 8 {
				return nil
			}
			last = fmt.Errorf("the window looks blank (%d colours, %v)", n, derr)
		} else {
			last = fmt.Errorf("import: %v: %s", err, out)
		}
		select {
		case <-ctx.Done():
			return last
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func TestDesktopFirstRenderTitleAndClose(t *testing.T) {
	skipShort(t)
	display := testenv.Display(t)
	needTools(t, "xdotool", "xprop", "import")
	bin := desktopBinary(t)
	art := artifacts(t)

	home := t.TempDir()
	var out bytes.Buffer
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "MESHDESK_HOME="+home, "MESHDESK_LOG_LEVEL=debug")
	cmd.Stdout, cmd.Stderr = &out, &out
	started := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	logFile := filepath.Join(home, "state", "logs", "meshdesk.log")
	defer func() {
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			b, _ := os.ReadFile(logFile)
			t.Logf("app output:\n%s\napp log:\n%s", out.String(), b)
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	win, err := findWindow(ctx, cmd.Process.Pid, exited)
	if err != nil {
		t.Fatal(err)
	}
	var title string
	for title != wantTitle {
		title, err = windowTitle(ctx, win)
		if ctx.Err() != nil {
			t.Fatalf("window title = %q (%v), want %q after the first render", title, err, wantTitle)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("title %q after %v", title, time.Since(started).Round(time.Millisecond))

	shot := filepath.Join(art, "smoke-desktop.png")
	if err := screenshot(ctx, win, shot); err != nil {
		t.Fatalf("screenshot %s: %v", shot, err)
	}

	if err := closeWindowLikeWM(display, mustWindowID(t, win)); err != nil {
		t.Fatalf("close the window: %v", err)
	}
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the app did not exit within 30s of the window's close")
	}
	if waitErr != nil {
		t.Fatalf("the app exited with %v, want status 0", waitErr)
	}
	b, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("no diagnostics log: %v", err)
	}
	for _, want := range []string{"first render", "app shut down cleanly"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the log lacks %q", want)
		}
	}
}

func mustWindowID(t *testing.T, win string) uint32 {
	t.Helper()
	var id uint32
	if _, err := fmt.Sscan(win, &id); err != nil {
		t.Fatalf("window id %q: %v", win, err)
	}
	return id
}

// killGroup ends a process group started with Setpgid: SIGINT (what Ctrl-C sends), then
// SIGKILL if it is still there after grace.
func killGroup(pid int, exited <-chan struct{}, grace time.Duration) {
	_ = syscall.Kill(-pid, syscall.SIGINT)
	select {
	case <-exited:
	case <-time.After(grace):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-exited
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL) // stragglers of the group (vite, the dev app)
}
