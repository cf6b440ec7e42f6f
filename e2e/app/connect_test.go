// Package app_test runs Mesh Desk's Connect, New transfer and Accounts views end to end:
// `wails dev` (the real Go bindings and the in-process Demo emulator) under Xvfb, headless
// Chromium driving the page and the real Mesh Link SDK, and the real Secret Service.
package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"meshdesk/internal/testenv"
)

// result is what connect.mjs prints.
type result struct {
	Phase           string          `json:"phase"`
	Errors          []string        `json:"errors"`
	CSP             string          `json:"csp"`
	CSPViolations   []string        `json:"cspViolations"`
	Profile         json.RawMessage `json:"profile"`
	TestOK          bool            `json:"testOk"`
	ConnectEvents   []string        `json:"connectEvents"`
	ReturnEvents    []string        `json:"returnEvents"`
	DepositEvents   []string        `json:"depositEvents"`
	Connected       string          `json:"connected"`
	Accounts        []string        `json:"accounts"`
	TransferID      string          `json:"transferId"`
	TransferStatus  string          `json:"transferStatus"`
	BadAddressError string          `json:"badAddressError"`
	LinkOpenedBad   bool            `json:"linkOpenedForBadPayment"`
	Note            string          `json:"note"`
	Remaining       int             `json:"remaining"`
	Storage         string          `json:"storage"`
}

// keychainEntry is one item `secret-tool search --all service meshdesk` lists.
type keychainEntry struct{ user, secret string }

// mustKeychain lists Mesh Desk's keychain entries in the session's Secret Service.
func mustKeychain(t *testing.T) []keychainEntry {
	t.Helper()
	out, err := exec.Command("secret-tool", "search", "--all", "--unlock", "service", "meshdesk").CombinedOutput()
	if err != nil && len(bytes.TrimSpace(out)) > 0 && !bytes.Contains(out, []byte("No matching")) {
		t.Fatalf("secret-tool search: %v\n%s", err, out)
	}
	var es []keychainEntry
	var cur *keychainEntry
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "["):
			es = append(es, keychainEntry{})
			cur = &es[len(es)-1]
		case cur == nil:
		case strings.HasPrefix(line, "secret = "):
			cur.secret = strings.TrimPrefix(line, "secret = ")
		case strings.HasPrefix(line, "attribute.username = "):
			cur.user = strings.TrimPrefix(line, "attribute.username = ")
		}
	}
	return es
}

func tokenIDs(es []keychainEntry) []keychainEntry {
	var out []keychainEntry
	for _, e := range es {
		if strings.HasSuffix(e.user, "/tokenId") {
			out = append(out, e)
		}
	}
	return out
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startVite runs the frontend's Vite dev server on a free loopback port and returns its URL.
// Wails discovers Vite's URL only if Vite prints it within 10 s, which a busy machine misses;
// given the URL (-frontenddevserverurl) it does not wait for it.
func startVite(t *testing.T, root, art string) string {
	t.Helper()
	port := freePort(t)
	logf, err := os.Create(filepath.Join(art, "app-connect-vite.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(root, "frontend", "node_modules", ".bin", "vite"), "--port", fmt.Sprint(port), "--strictPort", "--host", "127.0.0.1")
	cmd.Dir = filepath.Join(root, "frontend")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start vite: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		logf.Close()
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); {
		if resp, err := http.Get(url + "/"); err == nil {
			resp.Body.Close()
			return url
		}
		select {
		case <-exited:
			t.Fatal("vite exited")
		case <-time.After(500 * time.Millisecond):
		}
	}
	t.Fatal("vite did not start")
	return ""
}

// startDev runs `wails dev` (as e2e/smoke does) with the app's files in dirs, and returns the
// URL it serves the page on. It is stopped when the test ends.
func startDev(t *testing.T, root, art string, env []string) string {
	t.Helper()
	vite := startVite(t, root, art)
	for attempt := 1; ; attempt++ {
		url, retry := tryDev(t, root, art, env, vite)
		if url != "" {
			return url
		}
		if !retry || attempt == 2 {
			t.Fatal("wails dev did not serve the app")
		}
		// Another build rewriting frontend/dist while this one embeds it fails the compile.
		t.Logf("attempt %d: the dev build failed; starting wails dev again", attempt)
	}
}

func tryDev(t *testing.T, root, art string, env []string, vite string) (url string, retry bool) {
	t.Helper()
	port := freePort(t)
	logPath := filepath.Join(art, fmt.Sprintf("app-connect-wails-dev-%d.log", port))
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "tool", "wails", "dev", "-tags", "webkit2_41", "-noreload", "-m", "-s",
		"-skipbindings", "-nogorebuild", "-nocolour", "-devserver", fmt.Sprintf("127.0.0.1:%d", port), "-frontenddevserverurl", vite)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start wails dev: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		logf.Close()
	}
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("wails dev output (%s):\n%s", logPath, b)
		}
	})
	url = fmt.Sprintf("http://127.0.0.1:%d/", port)
	deadline := time.Now().Add(8 * time.Minute) // a cold dev build on 2 busy cores
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && bytes.Contains(body, []byte(`id="root"`)) {
				return url, false
			}
		}
		b, _ := os.ReadFile(logPath)
		if bytes.Contains(b, []byte("No version running")) { // the build failed; -nogorebuild won't retry
			t.Logf("wails dev: the build failed:\n%s", b)
			stop()
			return "", true
		}
		select {
		case <-exited:
			t.Logf("wails dev exited before serving %s", url)
			return "", false
		case <-time.After(time.Second):
		}
		if time.Now().After(deadline) {
			t.Fatalf("wails dev did not serve %s in time (last error %v)", url, err)
		}
	}
}

// run runs one phase of connect.mjs.
func run(t *testing.T, root, url, phase, art, userData, chromium string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	node := exec.CommandContext(ctx, "node", filepath.Join(root, "e2e", "app", "connect.mjs"), url, phase, art, userData)
	node.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stderr bytes.Buffer
	node.Stderr = &stderr
	out, err := node.Output()
	if err != nil {
		t.Fatalf("connect.mjs %s: %v\n%s\n%s", phase, err, out, stderr.String())
	}
	var r result
	if err := json.Unmarshal(bytes.TrimSpace(out), &r); err != nil {
		t.Fatalf("connect.mjs %s printed %q: %v", phase, out, err)
	}
	if len(r.Errors) > 0 {
		t.Fatalf("%s: page errors: %q", phase, r.Errors)
	}
	return r
}

// filesHolding lists the files under dirs whose bytes contain secret, except the Demo
// emulator's own state file (it plays Mesh's side, which issued the token).
func filesHolding(t *testing.T, secret string, dirs ...string) (hits []string, scanned int) {
	t.Helper()
	for _, dir := range dirs {
		err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				if os.IsNotExist(err) || os.IsPermission(err) {
					return nil
				}
				return err
			}
			if fi.IsDir() || !fi.Mode().IsRegular() {
				return nil
			}
			if strings.HasPrefix(fi.Name(), "demo-") && strings.HasSuffix(fi.Name(), ".json") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil // a file removed while walking
			}
			scanned++
			if bytes.Contains(b, []byte(secret)) {
				hits = append(hits, p)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", dir, err)
		}
	}
	return hits, scanned
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestConnectReturnDepositDisconnect(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e/app: starts wails dev; runs in the full (non -short) pass")
	}
	testenv.Display(t)
	testenv.SecretService(t)
	chromium := testenv.Chromium(t)
	for _, tool := range []string{"go", "node", "secret-tool"} {
		_, err := exec.LookPath(tool)
		testenv.Need(t, err == nil, tool+" on PATH")
	}
	root := testenv.RepoRoot()
	_, err := os.Stat(filepath.Join(root, "frontend", "node_modules", "playwright-core", "package.json"))
	testenv.Need(t, err == nil, "frontend/node_modules (make test-deps runs npm ci)")
	art := filepath.Join(root, "test-artifacts")
	if err := os.MkdirAll(art, 0o755); err != nil {
		t.Fatal(err)
	}
	if n := len(tokenIDs(mustKeychain(t))); n != 0 {
		t.Fatalf("the keychain already holds %d Mesh Desk tokenIds: run in a private session (scripts/with-session.sh)", n)
	}

	tmp := t.TempDir()
	home := filepath.Join(tmp, "meshdesk")
	xdg := filepath.Join(tmp, "xdg")
	userData := filepath.Join(tmp, "chromium")
	gocache, _ := exec.Command("go", "env", "GOCACHE").Output()
	env := []string{"MESHDESK_HOME=" + home, "BROWSER=none",
		// WebKit's and GTK's own data of the dev window go here, so they are scanned too;
		// the Go build cache stays where it is.
		"XDG_DATA_HOME=" + filepath.Join(xdg, "data"), "XDG_CACHE_HOME=" + filepath.Join(xdg, "cache"),
		"XDG_CONFIG_HOME=" + filepath.Join(xdg, "config"), "GOCACHE=" + strings.TrimSpace(string(gocache))}
	url := startDev(t, root, art, env)

	r := run(t, root, url, "connect", art, userData, chromium)
	if !strings.Contains(r.CSP, "frame-src http://127.0.0.1:") || !strings.Contains(r.CSP, "script-src 'self'") {
		t.Errorf("CSP = %q", r.CSP)
	}
	if len(r.CSPViolations) == 0 || !strings.Contains(r.CSPViolations[0], "frame-src") {
		t.Errorf("a frame from another origin was not refused: %q", r.CSPViolations)
	}
	if !r.TestOK {
		t.Errorf("Test connection of the Demo profile failed")
	}
	for _, want := range []string{"pageLoaded", "integrationSelected", "credentialsEntered", "integrationConnected", "connectionSaved"} {
		if !has(r.ConnectEvents, want) {
			t.Errorf("connect: event %s missing from %q", want, r.ConnectEvents)
		}
	}
	if !has(r.ReturnEvents, "returningUser") || has(r.ReturnEvents, "credentialsEntered") || !has(r.ReturnEvents, "connectionSaved") {
		t.Errorf("return user: authentication was not skipped: %q", r.ReturnEvents)
	}
	if len(r.Accounts) != 1 || !strings.HasPrefix(r.Accounts[0], "valid") {
		t.Errorf("accounts = %q, want one valid account", r.Accounts)
	}
	if len(r.TransferID) != 36 || strings.TrimSpace(r.TransferStatus) != "pending" {
		t.Errorf("deposit: transfer %q status %q, want a pending transfer", r.TransferID, r.TransferStatus)
	}
	if !strings.Contains(r.BadAddressError, "checksum") || r.LinkOpenedBad {
		t.Errorf("bad payment: field error %q, Link opened %v", r.BadAddressError, r.LinkOpenedBad)
	}

	// The tokenId is in the real keychain, and nowhere on disk.
	toks := tokenIDs(mustKeychain(t))
	if len(toks) != 1 || len(toks[0].secret) < 16 {
		t.Fatalf("keychain tokenIds after connecting: %+v", toks)
	}
	tokenID := toks[0].secret
	if strings.Contains(r.Storage, tokenID) {
		t.Errorf("the page's storage holds the tokenId")
	}
	hits, scanned := filesHolding(t, tokenID, home, xdg, userData)
	if len(hits) > 0 {
		t.Errorf("files holding the tokenId: %q", hits)
	}
	for _, must := range []string{filepath.Join(home, "config", "meshdesk.db"), filepath.Join(home, "config", "meshdesk.db-wal")} {
		if _, err := os.Stat(must); err != nil {
			t.Errorf("expected to scan %s: %v", must, err)
		}
	}
	t.Logf("tokenId in the keychain; %d files scanned (SQLite, WAL, logs, WebKit and Chromium data), none holds it", scanned)

	d := run(t, root, url, "disconnect", art, userData, chromium)
	if d.Remaining != 0 || !strings.Contains(d.Note, "Mesh was told") {
		t.Errorf("disconnect: %d left, note %q", d.Remaining, d.Note)
	}
	if left := tokenIDs(mustKeychain(t)); len(left) != 0 {
		t.Errorf("keychain tokenIds after disconnect: %+v", left)
	}
}
