//go:build linux

package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// mustPTY opens a pseudo-terminal pair: the master (the "keyboard and screen") and the slave
// (what the command sees as its terminal).
func mustPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Fatalf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Fatalf("pty number: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Fatalf("open pty slave: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// TestReadSecretFromTerminalHasNoEcho types a secret at the prompt of a real pseudo-terminal
// and checks that it is read, and that the terminal did not echo it. The secret is typed only
// once the terminal's ECHO flag is seen off, so the test does not depend on timing.
func TestReadSecretFromTerminalHasNoEcho(t *testing.T) {
	master, slave := mustPTY(t)
	const secret = "sk_sandbox_typed_at_the_prompt"
	var prompt bytes.Buffer
	env := &Env{Stdin: slave, Stdout: io.Discard, Stderr: &prompt}
	if stdinTerminal(env) == nil {
		t.Fatal("the pty slave is not seen as a terminal")
	}
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := readSecret(env, "Client secret (input hidden): ")
		done <- result{s, err}
	}()
	// Wait (by state, bounded) until the reader has turned echo off, then type.
	deadline := time.Now().Add(10 * time.Second)
	for {
		tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatalf("termios: %v", err)
		}
		if tio.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("echo was never turned off for the secret prompt")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := master.Write([]byte(secret + "\r")); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("readSecret did not return after the secret and Enter were typed")
	}
	if r.err != nil || r.s != secret {
		t.Fatalf("readSecret = %q, %v", r.s, r.err)
	}
	if !strings.Contains(prompt.String(), "input hidden") {
		t.Errorf("prompt %q", prompt.String())
	}
	// Echo is back on afterwards.
	tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
	if err != nil || tio.Lflag&unix.ECHO == 0 {
		t.Errorf("echo not restored: %v", err)
	}
	// Everything the terminal showed: nothing of the secret. With the slave closed, the
	// master reads what is left and then fails (EIO), so this read ends.
	slave.Close()
	shown, _ := io.ReadAll(master)
	if bytes.Contains(shown, []byte(secret)) {
		t.Errorf("the terminal echoed the secret: %q", shown)
	}
}

// TestReadSecretFromPipe checks the non-terminal path: all of standard input, trimmed, and
// nothing printed.
func TestReadSecretFromPipe(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"sk_sandbox_piped\n", "sk_sandbox_piped"},
		{"  sk_live_x \r\n", "sk_live_x"},
		{"", ""},
	}
	for _, tt := range tests {
		var errb bytes.Buffer
		got, err := readSecret(&Env{Stdin: strings.NewReader(tt.in), Stderr: &errb}, "prompt: ")
		if err != nil || got != tt.want || errb.Len() != 0 {
			t.Errorf("readSecret(%q) = %q, %v (printed %q)", tt.in, got, err, errb.String())
		}
	}
	if _, err := readSecret(&Env{Stdin: strings.NewReader(strings.Repeat("s", 5000))}, ""); err == nil {
		t.Error("a 5000-byte secret was accepted")
	}
}
