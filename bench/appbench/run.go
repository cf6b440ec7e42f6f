package appbench

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
	"time"
)

// App is a desktop binary to start, and how its first-render signal shows: the frontend sets
// the window title once it has rendered, so the signal is a window whose name matches Title
// (an xdotool regular expression).
type App struct {
	Name  string
	Bin   string
	Env   []string
	Title string
	// Log receives the app's output (nil: discarded).
	Log string
}

// Running is a started app.
type Running struct {
	Cmd     *exec.Cmd
	Started time.Time
	Window  string
	exited  chan struct{}
	logf    *os.File
}

// Start starts the app in its own process group.
func Start(a App) (*Running, error) {
	cmd := exec.Command(a.Bin)
	cmd.Env = append(os.Environ(), a.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	r := &Running{Cmd: cmd, exited: make(chan struct{})}
	if a.Log != "" {
		f, err := os.OpenFile(a.Log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		cmd.Stdout, cmd.Stderr, r.logf = f, f, f
	}
	r.Started = time.Now()
	if err := cmd.Start(); err != nil {
		if r.logf != nil {
			r.logf.Close()
		}
		return nil, fmt.Errorf("start %s: %w", a.Bin, err)
	}
	go func() { _ = cmd.Wait(); close(r.exited) }()
	return r, nil
}

// WaitFirstRender polls for a window of the app named like a.Title and returns the time from
// process start to when it was seen (the polling interval bounds the error).
func (r *Running) WaitFirstRender(ctx context.Context, title string, poll time.Duration) (time.Duration, error) {
	pid := fmt.Sprint(r.Cmd.Process.Pid)
	for {
		out, err := exec.CommandContext(ctx, "xdotool", "search", "--all", "--pid", pid, "--name", title).Output()
		if err == nil && len(bytes.TrimSpace(out)) > 0 {
			seen := time.Since(r.Started)
			r.Window = strings.Fields(string(out))[0]
			return seen, nil
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("no window named %q within the time allowed: %w", title, ctx.Err())
		case <-r.exited:
			return 0, errors.New("the app exited before its first render")
		case <-time.After(poll):
		}
	}
}

// Stop ends the process group: SIGTERM, then SIGKILL after grace.
func (r *Running) Stop(grace time.Duration) {
	pid := r.Cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(grace):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-r.exited
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL) // WebKit's helpers, if any are left
	if r.logf != nil {
		r.logf.Close()
	}
}

// PSS reads the memory of the app's process tree.
func (r *Running) PSS() (Tree, error) { return ProcTree("/proc", r.Cmd.Process.Pid) }

// Screenshot saves the app's window as a PNG and returns how many distinct colours it has
// (up to 64; a blank window has one).
func (r *Running) Screenshot(ctx context.Context, path string) (int, error) {
	if out, err := exec.CommandContext(ctx, "import", "-window", r.Window, path).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("import: %v: %s", err, bytes.TrimSpace(out))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, fmt.Errorf("decode %s: %w", filepath.Base(path), err)
	}
	seen := map[[4]uint32]bool{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 3 {
		for x := bd.Min.X; x < bd.Max.X; x += 3 {
			c0, c1, c2, c3 := img.At(x, y).RGBA()
			seen[[4]uint32{c0, c1, c2, c3}] = true
			if len(seen) >= 64 {
				return 64, nil
			}
		}
	}
	return len(seen), nil
}

// Xdo runs one xdotool command.
func Xdo(ctx context.Context, args ...string) error {
	out, err := exec.CommandContext(ctx, "xdotool", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("xdotool %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// ScrollDesk drives the Transfers desk the way a user with a keyboard and a wheel does: focus
// the window, Tab to the sidebar's fourth button (Transfers) and press Enter; Ctrl-K, Down to
// enter the table; then pages down, End (the last of the million rows), pages up, wheel
// scrolls, Home. pause lets the app answer between steps.
func (r *Running) ScrollDesk(ctx context.Context, pages int, pause time.Duration) error {
	w := r.Window
	steps := [][]string{
		{"mousemove", "--window", w, "60", "20"},
		{"click", "1"},
		{"key", "--delay", "150", "Tab", "Tab", "Tab", "Tab"},
		{"key", "Return"}, // apart from the Tabs: sent with them, WebKit missed it
	}
	for _, s := range steps {
		if err := Xdo(ctx, s...); err != nil {
			return err
		}
		time.Sleep(pause)
	}
	time.Sleep(2 * pause) // the view loads its first window
	more := [][]string{{"key", "ctrl+k"}, {"key", "Down"}}
	for i := 0; i < pages; i++ {
		more = append(more, []string{"key", "Next"})
	}
	more = append(more, []string{"key", "End"})
	for i := 0; i < pages/2; i++ {
		more = append(more, []string{"key", "Prior"})
	}
	more = append(more, []string{"mousemove", "--window", w, "700", "450"}, []string{"click", "--repeat", "30", "--delay", "30", "5"},
		[]string{"key", "Home"}, []string{"click", "--repeat", "30", "--delay", "30", "5"})
	for _, s := range more {
		if err := Xdo(ctx, s...); err != nil {
			return err
		}
		time.Sleep(pause)
	}
	return nil
}
