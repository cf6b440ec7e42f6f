package desk

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"meshdesk/store"
)

// demoChildEnv, when set to a folder, turns the test binary into one "process" of
// TestDemoEmulatorStartRaceProcesses: it opens a desk there, waits for "go" on standard
// input, starts the Demo session, prints "URL owner|guest" and stays up until its standard
// input closes.
const demoChildEnv = "MESHDESK_TEST_DEMO_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(demoChildEnv); dir != "" {
		os.Exit(demoChild(dir))
	}
	os.Exit(m.Run())
}

func demoChild(dir string) int {
	ctx := context.Background()
	d, err := Open(ctx, deskOpts(dir, store.NewMemoryVault(), nil))
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 1
	}
	defer d.Close()
	in := bufio.NewReader(os.Stdin)
	if line, _ := in.ReadString('\n'); line != "go\n" {
		fmt.Fprintf(os.Stderr, "want go, read %q\n", line)
		return 1
	}
	s, err := d.Session(ctx, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "session:", err)
		return 1
	}
	role := "guest"
	if s.Sim != nil {
		role = "owner"
	}
	fmt.Printf("%s %s\n", s.BaseURL, role)
	_, _ = io.Copy(io.Discard, in) // until the parent closes standard input
	return 0
}

// mustDemoDir makes a desk folder whose database and Demo profile exist, with no emulator
// running, so that what races below is only the emulator's start.
func mustDemoDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	d, err := Open(context.Background(), deskOpts(dir, store.NewMemoryVault(), nil))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return dir
}

// checkOneEmulator checks that of the sessions' (URL, owns-emulator) pairs exactly one runs
// the emulator and every other uses it.
func checkOneEmulator(t *testing.T, urls []string, owners []bool) {
	t.Helper()
	n := 0
	for i := range urls {
		if owners[i] {
			n++
		}
		if urls[i] != urls[0] {
			t.Errorf("session %d uses %s, session 0 %s: two emulators", i, urls[i], urls[0])
		}
	}
	if n != 1 {
		t.Errorf("%d sessions run an emulator, want exactly 1 (urls %v)", n, urls)
	}
}

func TestDemoEmulatorStartRaceDesks(t *testing.T) {
	for _, n := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d desks", n), func(t *testing.T) {
			dir := mustDemoDir(t)
			desks := make([]*Desk, n)
			for i := range desks {
				desks[i] = mustDesk(t, deskOpts(dir, store.NewMemoryVault(), nil))
			}
			urls, owners, errs := make([]string, n), make([]bool, n), make([]error, n)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, d := range desks {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					s, err := d.Session(context.Background(), "")
					if err != nil {
						errs[i] = err
						return
					}
					urls[i], owners[i] = s.BaseURL, s.Sim != nil
				}()
			}
			close(start)
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			checkOneEmulator(t, urls, owners)
		})
	}
}

func TestDemoEmulatorStartRaceProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes; runs in the full (non -short) pass")
	}
	dir := mustDemoDir(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	type child struct {
		cmd   *exec.Cmd
		stdin io.WriteCloser
		out   *bufio.Reader
	}
	var children []child
	for range 2 {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), demoChildEnv+"="+dir)
		cmd.Stderr = os.Stderr
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatalf("start a child: %v", err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		children = append(children, child{cmd, stdin, bufio.NewReader(out)})
	}
	// Both children have their desks open before either is told to go.
	for _, c := range children {
		if _, err := io.WriteString(c.stdin, "go\n"); err != nil {
			t.Fatal(err)
		}
	}
	var urls []string
	var owners []bool
	for i, c := range children {
		line, err := c.out.ReadString('\n')
		url, role, ok := strings.Cut(strings.TrimSpace(line), " ")
		if err != nil || !ok {
			t.Fatalf("child %d printed %q: %v", i, line, err)
		}
		urls, owners = append(urls, url), append(owners, role == "owner")
	}
	for i, c := range children {
		c.stdin.Close()
		if err := c.cmd.Wait(); err != nil {
			t.Errorf("child %d: %v", i, err)
		}
	}
	checkOneEmulator(t, urls, owners)
}

func TestDemoStartLock(t *testing.T) {
	d := mustDesk(t, deskOpts(t.TempDir(), store.NewMemoryVault(), nil))
	if err := os.MkdirAll(d.opts.StateDir, 0o700); err != nil {
		t.Fatal(err)
	}
	unlock, err := d.lockDemoStart("p")
	if err != nil {
		t.Fatalf("first lock: %v", err)
	}
	// A second open of the file (another Desk, another process) cannot take it meanwhile.
	f, err := os.OpenFile(d.demoStartFile("p"), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := tryLockFile(f); !errors.Is(err, errLockBusy) {
		t.Errorf("second lock while held: %v, want errLockBusy", err)
	}
	unlock()
	if err := tryLockFile(f); err != nil {
		t.Errorf("second lock after release: %v", err)
	}
	_ = unlockFile(f)

	// The lock file: written whole, read back; a missing or foreign one is not ok.
	if _, ok := d.readDemoLock("p"); ok {
		t.Error("readDemoLock without a lock file: ok")
	}
	want := demoLock{PID: 7, Owner: "o", URL: "http://127.0.0.1:1"}
	if err := d.writeDemoLock("p", want); err != nil {
		t.Fatal(err)
	}
	if got, ok := d.readDemoLock("p"); !ok || got != want {
		t.Errorf("readDemoLock = %+v, %v; want %+v", got, ok, want)
	}
	for _, bad := range []string{"{", `{"pid":1}`, ""} {
		if err := os.WriteFile(d.demoLockFile("p"), []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if l, ok := d.readDemoLock("p"); ok {
			t.Errorf("readDemoLock of %q = %+v, ok", bad, l)
		}
	}
	entries, err := os.ReadDir(d.opts.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary lock file left: %s", e.Name())
		}
	}
	// A state folder that cannot hold the start lock is an error, not a hang.
	d.opts.StateDir = d.demoLockFile("p") // a file, not a folder
	if _, err := d.lockDemoStart("p"); err == nil || !strings.Contains(err.Error(), "start lock") {
		t.Errorf("lock in a file-not-folder: %v", err)
	}
}
