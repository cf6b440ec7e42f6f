package e2eutil

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Proc is a command started in its own process group by StartProc.
type Proc struct {
	Cmd *exec.Cmd
	// Exited is closed when the process has exited.
	Exited <-chan struct{}
	// LogPath is where its stdout and stderr go.
	LogPath string
	stop    func()
}

// Stop ends the process group: SIGINT (what Ctrl-C sends), SIGKILL after 20 s, then SIGKILL
// to any straggler of the group. It is safe to call more than once; the test's cleanup calls it.
func (p *Proc) Stop() { p.stop() }

// Pid is the process id (also the process group id).
func (p *Proc) Pid() int { return p.Cmd.Process.Pid }

// Log is what the process has written so far.
func (p *Proc) Log() string {
	b, _ := os.ReadFile(p.LogPath)
	return string(b)
}

// StartProc starts cmd in its own process group with its output in logPath, and stops it
// when the test ends.
func StartProc(t testing.TB, cmd *exec.Cmd, logPath string) *Proc {
	t.Helper()
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	p := &Proc{Cmd: cmd, Exited: done, LogPath: logPath}
	stopped := false
	p.stop = func() {
		if stopped {
			return
		}
		stopped = true
		KillGroup(cmd.Process.Pid, done, 20*time.Second)
		logf.Close()
	}
	t.Cleanup(p.stop)
	return p
}

// KillGroup ends a process group started with Setpgid: SIGINT, then SIGKILL if it has not
// exited after grace, then SIGKILL to whatever is left of the group (Vite, the dev app).
func KillGroup(pid int, exited <-chan struct{}, grace time.Duration) {
	_ = syscall.Kill(-pid, syscall.SIGINT)
	select {
	case <-exited:
	case <-time.After(grace):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-exited
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
}

// WaitServed polls url until it answers 200 with the app's page (an element id="root"); it
// fails when exited is closed first or ctx ends.
func WaitServed(ctx context.Context, url string, exited <-chan struct{}) error {
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && bytes.Contains(body, []byte(`id="root"`)) {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s did not serve the app: %w (last error %v)", url, ctx.Err(), err)
		case <-exited:
			return fmt.Errorf("the server exited before serving %s", url)
		case <-time.After(time.Second):
		}
	}
}

// WaitLog waits until the file at path contains s, or fails the test when ctx ends.
func WaitLog(t testing.TB, ctx context.Context, path, s string) {
	t.Helper()
	for {
		if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte(s)) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s never said %q", filepath.Base(path), s)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
