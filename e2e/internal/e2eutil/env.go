// Package e2eutil is what Mesh Desk's end-to-end packages share: the checks that a test's
// tools are there (failing under CI, skipping elsewhere, through internal/testenv), starting
// `wails dev` with its own Vite on free loopback ports, starting the production binary, the
// X11 helpers (find a window, read its title, screenshot it, drive it with xdotool, close it
// as a window manager would) and running the Chromium scripts (Node + playwright-core).
package e2eutil

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"meshdesk/internal/testenv"
)

// SkipShort skips t under -short: the end-to-end tests run in the full pass only.
func SkipShort(t testing.TB, what string) {
	t.Helper()
	if testing.Short() {
		t.Skip(what + ": starts the real app; runs in the full (non -short) pass")
	}
}

// Artifacts is test-artifacts/ at the repository root (kept by CI, ignored by git), created.
func Artifacts(t testing.TB) string {
	t.Helper()
	d := filepath.Join(testenv.RepoRoot(), "test-artifacts")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// NeedTools fails (CI) or skips unless every command is on PATH.
func NeedTools(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		_, err := exec.LookPath(n)
		testenv.Need(t, err == nil, n+" on PATH (make test-deps installs it)")
	}
}

// NeedPlaywright fails (CI) or skips unless the frontend's node_modules hold playwright-core,
// which the Chromium scripts import.
func NeedPlaywright(t testing.TB) {
	t.Helper()
	_, err := os.Stat(filepath.Join(testenv.RepoRoot(), "frontend", "node_modules", "playwright-core", "package.json"))
	testenv.Need(t, err == nil, "frontend/node_modules (make test-deps runs npm ci)")
}

// DesktopBinary is $MESHDESK_BIN or build/bin/meshdesk (made by `make build`); it fails (CI)
// or skips when there is no executable there.
func DesktopBinary(t testing.TB) string {
	t.Helper()
	p := os.Getenv("MESHDESK_BIN")
	if p == "" {
		p = filepath.Join(testenv.RepoRoot(), "build", "bin", "meshdesk")
	}
	st, err := os.Stat(p)
	testenv.Need(t, err == nil && !st.IsDir() && st.Mode()&0o111 != 0, "the desktop binary at "+p+" (make build)")
	return p
}

// FreePort asks the kernel for a free loopback port.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// EnsureFrontendDist creates frontend/dist with a placeholder when it is missing or empty:
// the dev build embeds it (desktop.go), and a fresh clone has none.
func EnsureFrontendDist(t testing.TB) {
	t.Helper()
	dist := filepath.Join(testenv.RepoRoot(), "frontend", "dist")
	if entries, _ := os.ReadDir(dist); len(entries) > 0 {
		return
	}
	if err := os.MkdirAll(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "gitkeep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}
