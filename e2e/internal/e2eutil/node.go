package e2eutil

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"
)

// RunNode runs a Node script (one that drives Chromium through playwright-core) with
// CHROMIUM=chromium, and decodes the JSON it prints on stdout into v. It fails the test when
// the script fails, times out (limit) or prints something else, showing its stderr.
func RunNode(t testing.TB, chromium string, limit time.Duration, v any, script string, args ...string) {
	t.Helper()
	StartNode(t, chromium, limit, script, args...)(v)
}

// StartNode starts a Node script as RunNode does and returns at once, so the test can act
// meanwhile (e.g. answer a native dialog the page opened); the returned wait blocks until the
// script ends and decodes its JSON into v, failing the test as RunNode does. Call it once.
func StartNode(t testing.TB, chromium string, limit time.Duration, script string, args ...string) (wait func(v any)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	node := exec.CommandContext(ctx, "node", append([]string{script}, args...)...)
	node.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stdout, stderr bytes.Buffer
	node.Stdout, node.Stderr = &stdout, &stderr
	if err := node.Start(); err != nil {
		cancel()
		t.Fatalf("start %s: %v", script, err)
	}
	return func(v any) {
		t.Helper()
		defer cancel()
		if err := node.Wait(); err != nil {
			t.Fatalf("%s %q: %v\n%s\n%s", script, args, err, stdout.String(), stderr.String())
		}
		if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), v); err != nil {
			t.Fatalf("%s %q printed %q: %v", script, args, stdout.String(), err)
		}
	}
}
