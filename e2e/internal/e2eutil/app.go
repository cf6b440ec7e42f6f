package e2eutil

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// App is the production desktop binary started by StartApp.
type App struct {
	Cmd *exec.Cmd
	// Home is its MESHDESK_HOME; Env the whole environment it runs with (for running the
	// same binary's CLI against the same data).
	Home string
	Env  []string
	// Exited is closed when the process has exited; WaitErr is then its exit error.
	Exited  <-chan struct{}
	WaitErr error
	out     lockedBuffer
}

// Pid is the app's process id.
func (a *App) Pid() int { return a.Cmd.Process.Pid }

// LogFile is the app's diagnostics log under its MESHDESK_HOME.
func (a *App) LogFile() string { return filepath.Join(a.Home, "state", "logs", "meshdesk.log") }

// Output is what the app printed on stdout and stderr so far.
func (a *App) Output() string { return a.out.String() }

// Stop sends SIGTERM to the app's process group and SIGKILL after 10 s (the test's
// cleanup does too, and then logs the app's output and log if the test failed).
func (a *App) Stop() {
	select {
	case <-a.Exited:
		return
	default:
	}
	_ = syscall.Kill(-a.Pid(), syscall.SIGTERM)
	select {
	case <-a.Exited:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-a.Pid(), syscall.SIGKILL)
		<-a.Exited
	}
}

// StartApp runs the desktop binary bin (see DesktopBinary) on display $DISPLAY with
// MESHDESK_HOME=home, debug logging and extra env, in its own process group.
func StartApp(t testing.TB, bin, home string, env ...string) *App {
	t.Helper()
	a := &App{Home: home}
	a.Env = append(append(os.Environ(), "MESHDESK_HOME="+home, "MESHDESK_LOG_LEVEL=debug"), env...)
	a.Cmd = exec.Command(bin)
	a.Cmd.Env = a.Env
	a.Cmd.Stdout, a.Cmd.Stderr = &a.out, &a.out
	a.Cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := a.Cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	done := make(chan struct{})
	a.Exited = done
	go func() { a.WaitErr = a.Cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		a.Stop()
		if t.Failed() {
			b, _ := os.ReadFile(a.LogFile())
			t.Logf("app output:\n%s\napp log:\n%s", a.Output(), b)
		}
	})
	return a
}

// lockedBuffer is a bytes.Buffer safe for the process's writes and the test's reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
