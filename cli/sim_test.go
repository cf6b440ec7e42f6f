package cli

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuf is a bytes.Buffer safe for a writer goroutine and a polling reader.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSimFlags(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"help", []string{"--help"}, 0, "-transfers int"},
		{"unknown flag", []string{"--nope"}, 2, "flag provided but not defined"},
		{"extra arg", []string{"now"}, 2, "unexpected argument"},
		{"public addr", []string{"--addr", "0.0.0.0:8787"}, 2, "loopback only"},
		{"bad addr", []string{"--addr", "nohost"}, 2, "--addr"},
		{"negative transfers", []string{"--transfers", "-1"}, 2, "--transfers"},
		{"failure rate", []string{"--failure-rate", "2"}, 2, "--failure-rate"},
		{"webhook without secret", []string{"--webhook-url", "http://127.0.0.1:1/h"}, 2, "go together"},
		{"bad fault", []string{"--fault", "teapot@/api/v1/linktoken"}, 2, "unknown kind"},
		{"zero settle", []string{"--settle-delay", "0s"}, 2, "--settle-delay"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb syncBuf
			env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
			code := Main(context.Background(), env, append([]string{"sim"}, c.args...))
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, c.code, errb.String())
			}
			if !strings.Contains(out.String()+errb.String(), c.out) {
				t.Errorf("output lacks %q: %s%s", c.out, out.String(), errb.String())
			}
		})
	}
}

func TestSimRunsAndStops(t *testing.T) {
	var out, errb syncBuf
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	state := filepath.Join(t.TempDir(), "sim.json")
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, env, []string{"sim", "--transfers", "50", "--state", state, "--client-secret", "sk_test",
			"--fault", "429*1@/api/v1/transfers/managed/networks"})
	}()
	re := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	var base string
	for i := 0; i < 500 && base == ""; i++ {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("sim exited early with %d: %s", code, errb.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if base == "" {
		t.Fatalf("no base URL printed: %s", out.String())
	}
	if !strings.Contains(out.String(), "sk_test") || !strings.Contains(out.String(), "demo-client") {
		t.Errorf("credentials not printed: %s", out.String())
	}
	get := func() int {
		req, _ := http.NewRequest("GET", base+"/api/v1/transfers/managed/networks", nil)
		req.Header.Set("X-Client-Id", "demo-client")
		req.Header.Set("X-Client-Secret", "sk_test")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := get(); c != 429 {
		t.Errorf("scripted fault: got %d, want 429", c)
	}
	if c := get(); c != 200 {
		t.Errorf("after the fault: got %d, want 200", c)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sim did not stop on cancel")
	}
	if _, err := http.Get(base + "/"); err == nil {
		t.Error("still serving after stop")
	}
}
