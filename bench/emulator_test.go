package bench

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
)

// The test binary doubles as the child emulator when BENCH_CHILD_SIM is set.
func TestMain(m *testing.M) {
	if os.Getenv("BENCH_CHILD_SIM") != "" {
		if err := ServeSim(120, os.Stdin, os.Stdout); err != nil {
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestChildSim(t *testing.T) {
	t.Setenv("BENCH_CHILD_SIM", "1")
	c, err := StartChildSim(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if c.Ready <= 0 || !strings.HasPrefix(c.BaseURL(), "http://127.0.0.1:") {
		t.Errorf("ready %v at %q", c.Ready, c.BaseURL())
	}
	db, pid := mustStore(t)
	run, err := Sync(t.Context(), c, db, pid, nil)
	if err != nil {
		t.Fatal(err)
	}
	if run.Result.New != 120 || run.Requests < 2 {
		t.Errorf("sync from the child: %+v", run)
	}
	if err := c.ResetRequests(); err != nil {
		t.Fatal(err)
	}
	if n, err := c.HistoryRequests(); err != nil || n != 0 {
		t.Errorf("after reset: %d, %v", n, err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if _, err := http.Get(c.BaseURL() + "/api/v1/transfers/managed/mesh"); err == nil {
		t.Error("the emulator still answers after Close")
	}
}

func TestStartChildSimNotReady(t *testing.T) {
	// A child that says something else than "ready URL".
	if _, err := StartChildSim("/bin/echo", "hello"); err == nil || !strings.Contains(err.Error(), "not ready") {
		t.Errorf("a child that is not an emulator: %v", err)
	}
	if _, err := StartChildSim("/bin/true"); err == nil {
		t.Error("a child that exits at once: no error")
	}
}

func TestServeSimCommands(t *testing.T) {
	in := strings.NewReader("count\nreset\nbogus\n")
	var out bytes.Buffer
	if err := ServeSim(10, in, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "ready http://127.0.0.1:") || lines[1] != "0" || lines[2] != "ok" || !strings.HasPrefix(lines[3], "error") {
		t.Errorf("answers %q", lines)
	}
	if err := ServeSim(10, strings.NewReader(""), failWriter{}); err == nil {
		t.Error("cannot say ready: no error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }
