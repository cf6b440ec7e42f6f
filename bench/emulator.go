package bench

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"meshdesk/meshsim"
)

// Emulator is a running Mesh emulator the syncs read from: in this process (tests) or in a
// child process (the harness), so the emulator's million transfers neither weigh on this
// process's garbage collector nor count in its CPU time.
type Emulator interface {
	BaseURL() string
	// HistoryRequests is how many history requests it served since the last reset.
	HistoryRequests() (int, error)
	ResetRequests() error
	Close() error
}

// InProcess adapts an in-process emulator.
func InProcess(sim *meshsim.Sim) Emulator { return inProcess{sim} }

type inProcess struct{ sim *meshsim.Sim }

func (e inProcess) BaseURL() string               { return e.sim.BaseURL() }
func (e inProcess) HistoryRequests() (int, error) { return e.sim.RequestCount(HistoryRoute), nil }
func (e inProcess) ResetRequests() error          { e.sim.ResetRequestCounts(); return nil }
func (e inProcess) Close() error                  { return e.sim.Close() }

// ServeSim is the child's side: it starts an emulator with n transfers on loopback, writes
// "ready BASEURL" to out, then answers one line per command read from in ("count": the
// history requests served; "reset": zero them) until in ends, and closes the emulator.
func ServeSim(n int, in io.Reader, out io.Writer) error {
	sim, err := StartSim(n)
	if err != nil {
		return err
	}
	defer sim.Close()
	if _, err := fmt.Fprintf(out, "ready %s\n", sim.BaseURL()); err != nil {
		return err
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		switch strings.TrimSpace(sc.Text()) {
		case "count":
			_, err = fmt.Fprintf(out, "%d\n", sim.RequestCount(HistoryRoute))
		case "reset":
			sim.ResetRequestCounts()
			_, err = fmt.Fprintln(out, "ok")
		default:
			_, err = fmt.Fprintln(out, "error: unknown command")
		}
		if err != nil {
			return err
		}
	}
	return sc.Err()
}

// ChildSim is an emulator in a child process started with StartChildSim.
type ChildSim struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	base string
	mu   sync.Mutex
	// Ready is how long the child took to generate its history and listen.
	Ready time.Duration
}

// StartChildSim runs `exe args…` (a program that calls ServeSim) and waits until it is ready.
func StartChildSim(exe string, args ...string) (*ChildSim, error) {
	cmd := exec.Command(exe, args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the emulator: %w", err)
	}
	c := &ChildSim{cmd: cmd, in: in, out: bufio.NewReader(outPipe)}
	line, err := c.out.ReadString('\n')
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("the emulator did not start: %w", err)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "ready ")
	if !ok {
		c.Close()
		return nil, fmt.Errorf("the emulator said %q, not ready", line)
	}
	c.base, c.Ready = base, time.Since(start)
	return c, nil
}

// BaseURL is where the child's emulator listens.
func (c *ChildSim) BaseURL() string { return c.base }

func (c *ChildSim) ask(cmd string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := fmt.Fprintln(c.in, cmd); err != nil {
		return "", fmt.Errorf("emulator %s: %w", cmd, err)
	}
	line, err := c.out.ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("emulator %s: %w", cmd, err)
	}
	return strings.TrimSpace(line), nil
}

// HistoryRequests asks the child how many history requests it served.
func (c *ChildSim) HistoryRequests() (int, error) {
	s, err := c.ask("count")
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("emulator count: %q", s)
	}
	return n, nil
}

// ResetRequests zeroes the child's request counts.
func (c *ChildSim) ResetRequests() error {
	s, err := c.ask("reset")
	if err == nil && s != "ok" {
		err = fmt.Errorf("emulator reset: %q", s)
	}
	return err
}

// Close ends the child: its input closes, so it closes the emulator and exits; killed if it
// has not within 10 s.
func (c *ChildSim) Close() error {
	c.in.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		_ = c.cmd.Process.Kill()
		return <-done
	}
}
