package e2eutil

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"meshdesk/internal/testenv"
)

// DevStartLimit bounds how long `wails dev` may take to serve the page: a cold dev build
// (-gcflags all=-N -l rebuilds every package) on two busy cores.
const DevStartLimit = 8 * time.Minute

// DevLock serialises `wails dev` runs across test processes (Go runs test packages in
// parallel): they all build the same build/bin/meshdesk-dev-* binary, and one run removes it
// when it stops. Held until the test ends.
func DevLock(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "meshdesk-wails-dev.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("lock: %v", err)
	}
	t.Cleanup(func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}

// Dev is a running `wails dev` with its Vite dev server.
type Dev struct {
	// URL is where the page is served with Wails' IPC to the bound Go methods
	// (http://127.0.0.1:PORT/), for Chromium.
	URL string
	// Wails and Vite are the two process groups.
	Wails, Vite *Proc
}

// Stop ends `wails dev` and Vite (the test's cleanup does too). The app closes its database
// on the way out, so a test that reads the store afterwards calls Stop first.
func (d *Dev) Stop() {
	d.Wails.Stop()
	d.Vite.Stop()
}

// StartDev takes DevLock, runs Vite on a free port and `wails dev` against it on another,
// with env added to the environment (MESHDESK_HOME and the like), and returns once the page
// is served. Logs go to test-artifacts/<name>-vite.log and <name>-wails-dev.log. Wails finds
// Vite's URL only if Vite prints it within 10 s, which a busy machine misses; given the URL
// (-frontenddevserverurl) it does not wait. -s: Vite serves the frontend; -skipbindings: the
// committed bindings are checked separately; -m: no go mod tidy; -nogorebuild: a failed
// build is retried once here (another build rewriting frontend/dist fails the embed).
func StartDev(t testing.TB, name string, env []string) *Dev {
	t.Helper()
	testenv.Display(t)
	NeedTools(t, "go", "node")
	NeedPlaywright(t)
	EnsureFrontendDist(t)
	DevLock(t)
	root, art := testenv.RepoRoot(), Artifacts(t)

	vitePort := FreePort(t)
	vite := exec.Command(filepath.Join(root, "frontend", "node_modules", ".bin", "vite"), "--port", fmt.Sprint(vitePort), "--strictPort", "--host", "127.0.0.1")
	vite.Dir = filepath.Join(root, "frontend")
	vp := StartProc(t, vite, filepath.Join(art, name+"-vite.log"))
	viteURL := fmt.Sprintf("http://127.0.0.1:%d", vitePort)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := WaitServed(ctx, viteURL+"/", vp.Exited); err != nil {
		t.Fatalf("vite: %v\n%s", err, vp.Log())
	}

	for attempt := 1; ; attempt++ {
		port := FreePort(t)
		dev := exec.Command("go", "tool", "wails", "dev", "-tags", "webkit2_41", "-noreload", "-nogorebuild", "-m", "-s", "-skipbindings", "-nocolour",
			"-devserver", fmt.Sprintf("127.0.0.1:%d", port), "-frontenddevserverurl", viteURL)
		dev.Dir = root
		dev.Env = append(append(os.Environ(), "BROWSER=none"), env...)
		wp := StartProc(t, dev, filepath.Join(art, name+"-wails-dev.log"))
		url := fmt.Sprintf("http://127.0.0.1:%d/", port)
		failed := make(chan struct{}) // the build failed: -nogorebuild won't retry
		go watchBuildFailure(wp, failed)
		ctx, cancel := context.WithTimeout(context.Background(), DevStartLimit)
		err := WaitServed(ctx, url, mergeDone(wp.Exited, failed))
		cancel()
		if err == nil {
			t.Logf("wails dev serves %s", url)
			return &Dev{URL: url, Wails: wp, Vite: vp}
		}
		log := wp.Log()
		wp.Stop()
		if attempt == 2 || !strings.Contains(log, "No version running") {
			t.Fatalf("wails dev: %v\n%s", err, log)
		}
		t.Logf("attempt %d: the dev build failed; starting wails dev again", attempt)
	}
}

// watchBuildFailure closes failed when the wails dev log reports a failed build.
func watchBuildFailure(p *Proc, failed chan<- struct{}) {
	for {
		if strings.Contains(p.Log(), "No version running") {
			close(failed)
			return
		}
		select {
		case <-p.Exited:
			return
		case <-time.After(time.Second):
		}
	}
}

// mergeDone is closed when either a or b is.
func mergeDone(a <-chan struct{}, b <-chan struct{}) <-chan struct{} {
	out := make(chan struct{})
	go func() {
		select {
		case <-a:
		case <-b:
		}
		close(out)
	}()
	return out
}
