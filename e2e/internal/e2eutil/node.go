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
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	node := exec.CommandContext(ctx, "node", append([]string{script}, args...)...)
	node.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stderr bytes.Buffer
	node.Stderr = &stderr
	out, err := node.Output()
	if err != nil {
		t.Fatalf("%s %q: %v\n%s\n%s", script, args, err, out, stderr.String())
	}
	if err := json.Unmarshal(bytes.TrimSpace(out), v); err != nil {
		t.Fatalf("%s %q printed %q: %v", script, args, out, err)
	}
}
