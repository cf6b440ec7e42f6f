package cli

// End-to-end proof of issue 8: the headless binary is built, `meshdesk sim` runs as the API,
// and `meshdesk profiles …` is driven as a user or a script would — once against the real
// Secret Service (run under scripts/with-session.sh), once with no Secret Service at all.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/desk"
	"meshdesk/internal/testenv"
)

var (
	binMu sync.Mutex
	bins  = map[string]string{} // by top-level test name
)

// mustBinary builds the headless meshdesk binary into the top-level test's temporary folder,
// once, so nothing is left behind.
func mustBinary(t *testing.T) string {
	t.Helper()
	root, sub, _ := strings.Cut(t.Name(), "/")
	binMu.Lock()
	defer binMu.Unlock()
	if b, ok := bins[root]; ok {
		return b
	}
	if sub != "" {
		t.Fatal("mustBinary: call it first from the top-level test, whose temporary folder keeps the binary")
	}
	b := filepath.Join(t.TempDir(), "meshdesk")
	cmd := exec.Command("go", "build", "-o", b, ".")
	cmd.Dir = testenv.RepoRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the headless binary: %v\n%s", err, out)
	}
	bins[root] = b
	t.Cleanup(func() {
		binMu.Lock()
		delete(bins, root)
		binMu.Unlock()
	})
	return b
}

// binEnv is the environment of a binary run: this process's, with overrides (a value of
// "\x00" removes the variable).
func binEnv(over map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := over[k]; ok {
			continue
		}
		out = append(out, kv)
	}
	for k, v := range over {
		if v != "\x00" {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// binResult is one run of the binary.
type binResult struct {
	out, err string
	code     int
}

func (r binResult) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.out, r.err)
}

// runBin runs the binary with stdin and env overrides.
func runBin(t *testing.T, env map[string]string, stdin string, args ...string) binResult {
	t.Helper()
	cmd := exec.Command(mustBinary(t), args...)
	cmd.Env = binEnv(env)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run meshdesk %v: %v", args, err)
	}
	return binResult{out.String(), errb.String(), code}
}

// mustSimProcess starts `meshdesk sim` accepting clientID/secret and returns its base URL.
// The process is stopped when the test ends.
func mustSimProcess(t *testing.T, clientID, secret string) string {
	t.Helper()
	cmd := exec.Command(mustBinary(t), "sim", "--addr", "127.0.0.1:0", "--transfers", "30",
		"--client-id", clientID, "--client-secret", secret, "--state", filepath.Join(t.TempDir(), "sim.json"))
	cmd.Env = binEnv(map[string]string{"MESHDESK_HOME": t.TempDir()})
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start meshdesk sim: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			if m := urlRE.FindString(sc.Text()); m != "" && !sent {
				found <- m
				sent = true
			}
		}
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("meshdesk sim printed no base URL within 30 s")
	}
	return ""
}

// mustNoSecretUnder fails when any file under dir (the SQLite file, its WAL, logs, the
// emulator state) contains secret.
func mustNoSecretUnder(t *testing.T, dir, secret string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("the secret is in %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no files under %s", dir)
	}
}

// mustProfileID returns the id of the named profile from `profiles list --json`.
func mustProfileID(t *testing.T, env map[string]string, name string) string {
	t.Helper()
	r := runBin(t, env, "", "profiles", "list", "--json")
	if r.code != 0 {
		t.Fatalf("profiles list --json: %s", r)
	}
	var list []desk.ProfileInfo
	if err := json.Unmarshal([]byte(r.out), &list); err != nil {
		t.Fatalf("profiles list --json: %v", err)
	}
	for _, p := range list {
		if p.Name == name {
			return p.ID
		}
	}
	t.Fatalf("no profile %q in %s", name, r.out)
	return ""
}

// secretTool runs secret-tool and returns its output and exit code.
func secretTool(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("secret-tool", args...)
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatalf("secret-tool %v: %v", args, err)
	}
	return string(out), 0
}

// TestProfilesBinary builds the binary once and runs both scenarios with it.
func TestProfilesBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; covered by the full run")
	}
	mustBinary(t)
	t.Run("WithSecretService", testProfilesWithSecretService)
	t.Run("WithoutSecretService", testProfilesWithoutSecretService)
}

func testProfilesWithSecretService(t *testing.T) {
	testenv.SecretService(t)
	home := t.TempDir()
	secret := fmt.Sprintf("sk_sandbox_e2e_%d", time.Now().UnixNano())
	wrong := "sk_sandbox_definitely_wrong_" + secret[len(secret)-6:]
	base := mustSimProcess(t, "e2e-client", secret)
	env := map[string]string{"MESHDESK_HOME": home, "MESHDESK_LOG_LEVEL": "debug",
		"MESH_CLIENT_SECRET": "\x00", "MESH_WEBHOOK_SECRET": "\x00", "MESH_ADMIN_SECRET": "\x00"}

	r := runBin(t, env, secret+"\n", "profiles", "add", "e2e", "--env", "sandbox", "--base-url", base, "--client-id", "e2e-client")
	if r.code != 0 || !strings.Contains(r.out, "The client secret is in the OS keychain.") {
		t.Fatalf("add: %s", r)
	}
	id := mustProfileID(t, env, "e2e")
	user := "username"
	if got, code := secretTool(t, "lookup", "service", "meshdesk", user, id+"/client"); code != 0 || got != secret {
		t.Fatalf("secret-tool lookup after add: exit %d, matches=%v", code, got == secret)
	}

	r = runBin(t, env, "", "profiles", "list")
	if r.code != 0 || !strings.Contains(r.out, "e2e") || !strings.Contains(r.out, "client:keychain") || strings.Contains(r.out+r.err, secret) {
		t.Fatalf("list: %s", r)
	}

	r = runBin(t, env, "", "profiles", "test", "e2e")
	if r.code != 0 || !strings.Contains(r.out, "OK: profile \"e2e\" (sandbox) reached "+base) || !strings.Contains(r.out, "30 transfers") {
		t.Fatalf("test: %s", r)
	}

	r = runBin(t, env, wrong, "profiles", "set-secret", "e2e", "client")
	if r.code != 0 {
		t.Fatalf("set-secret (wrong): %s", r)
	}
	r = runBin(t, env, "", "profiles", "test", "e2e")
	if r.code != 1 || !strings.Contains(r.out, "HTTP 401") || !strings.Contains(r.out, "message:   Client Id or Client Secret are not correct or missing.") ||
		!strings.Contains(r.out, "set-secret e2e client") || strings.Contains(r.out+r.err, wrong) {
		t.Fatalf("test with the wrong secret: %s", r)
	}
	r = runBin(t, env, secret, "profiles", "set-secret", "e2e", "client")
	if r.code != 0 {
		t.Fatalf("set-secret (right): %s", r)
	}

	r = runBin(t, env, "", "sync", "--profile", "e2e")
	if r.code != 0 || !strings.Contains(r.out, `Synced profile "e2e"`) || !strings.Contains(r.out, "30 new") {
		t.Fatalf("sync --profile e2e: %s", r)
	}
	r = runBin(t, env, "", "transfers", "list", "--profile", "e2e", "--format", "csv", "--limit", "0")
	if lines := strings.Split(strings.TrimSpace(r.out), "\n"); r.code != 0 || len(lines) != 31 {
		t.Fatalf("transfers list after sync: %s", r)
	}

	// The scan below covers the database and the logs (written at debug level).
	for _, f := range []string{filepath.Join(home, "config", "meshdesk.db"), filepath.Join(home, "state", "logs", "meshdesk.log")} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Fatalf("expected %s to exist and be non-empty: %v", f, err)
		}
	}
	for _, s := range []string{secret, wrong} {
		mustNoSecretUnder(t, home, s)
	}

	r = runBin(t, env, "no\n", "profiles", "remove", "e2e")
	if r.code != 2 {
		t.Fatalf("remove answered no: %s", r)
	}
	if _, code := secretTool(t, "lookup", "service", "meshdesk", user, id+"/client"); code != 0 {
		t.Fatal("the keychain entry went away although removal was refused")
	}
	r = runBin(t, env, "", "profiles", "remove", "e2e", "--yes")
	if r.code != 0 {
		t.Fatalf("remove --yes: %s", r)
	}
	if out, _ := secretTool(t, "search", "--all", "service", "meshdesk", user, id+"/client"); strings.TrimSpace(out) != "" {
		t.Errorf("keychain entries left after remove: %s", out)
	}
	if out, _ := secretTool(t, "search", "--all", "service", "meshdesk"); strings.Contains(out, id) {
		t.Errorf("keychain entries of the removed profile left: %s", out)
	}
	r = runBin(t, env, "", "profiles", "list")
	if strings.Contains(r.out, "e2e") {
		t.Errorf("profile still listed after remove: %s", r)
	}
}

func testProfilesWithoutSecretService(t *testing.T) {
	home := t.TempDir()
	secret := fmt.Sprintf("sk_sandbox_noss_%d", time.Now().UnixNano())
	base := mustSimProcess(t, "srv-client", secret)
	// No Secret Service: the session bus address points nowhere.
	noBus := map[string]string{"MESHDESK_HOME": home, "MESHDESK_LOG_LEVEL": "debug",
		"DBUS_SESSION_BUS_ADDRESS": "unix:path=" + filepath.Join(t.TempDir(), "no-such-bus"),
		"MESH_CLIENT_SECRET":       "\x00", "MESH_WEBHOOK_SECRET": "\x00", "MESH_ADMIN_SECRET": "\x00"}
	withEnv := map[string]string{}
	for k, v := range noBus {
		withEnv[k] = v
	}
	withEnv["MESH_CLIENT_SECRET"] = secret

	// Without the variables: a clear failure, nothing written.
	before := runBin(t, noBus, "", "profiles", "list", "--json")
	if before.code != 0 {
		t.Fatalf("list: %s", before)
	}
	r := runBin(t, noBus, secret+"\n", "profiles", "add", "srv", "--env", "sandbox", "--base-url", base, "--client-id", "srv-client")
	if r.code != 1 || !strings.Contains(r.err, "keychain") || !strings.Contains(r.err, "nothing was written") ||
		!strings.Contains(r.err, "MESH_CLIENT_SECRET") || strings.Contains(r.out+r.err, secret) {
		t.Fatalf("add without a Secret Service: %s", r)
	}
	if after := runBin(t, noBus, "", "profiles", "list", "--json"); after.out != before.out {
		t.Fatalf("the failed add changed the profiles:\nbefore %s\nafter %s", before.out, after.out)
	}
	mustNoSecretUnder(t, home, secret)

	// With MESH_CLIENT_SECRET: works, and the secret is used, never written.
	r = runBin(t, withEnv, "", "profiles", "add", "srv", "--env", "sandbox", "--base-url", base, "--client-id", "srv-client")
	if r.code != 0 || !strings.Contains(r.out, "comes from MESH_CLIENT_SECRET") {
		t.Fatalf("add with MESH_CLIENT_SECRET: %s", r)
	}
	r = runBin(t, withEnv, "", "profiles", "list")
	if r.code != 0 || !strings.Contains(r.out, "client:env") {
		t.Fatalf("list: %s", r)
	}
	r = runBin(t, withEnv, "", "profiles", "test", "srv")
	if r.code != 0 || !strings.Contains(r.out, "OK:") {
		t.Fatalf("test with MESH_CLIENT_SECRET: %s", r)
	}
	r = runBin(t, withEnv, "", "sync", "--profile", "srv")
	if r.code != 0 || !strings.Contains(r.out, `Synced profile "srv"`) || !strings.Contains(r.out, "30 new") {
		t.Fatalf("sync --profile srv without a Secret Service: %s", r)
	}
	// Without the variable the profile cannot be used, and says how to fix it.
	r = runBin(t, noBus, "", "profiles", "test", "srv")
	if r.code != 1 || !strings.Contains(r.err, "meshdesk profiles set-secret srv client") || !strings.Contains(r.err, "MESH_CLIENT_SECRET") {
		t.Fatalf("test without the variable: %s", r)
	}
	// Storing a secret fails clearly and leaves nothing behind.
	r = runBin(t, noBus, "whsec_never_stored_123\n", "profiles", "set-secret", "srv", "webhook")
	if r.code != 1 || !strings.Contains(r.err, "MESH_WEBHOOK_SECRET") {
		t.Fatalf("set-secret without a Secret Service: %s", r)
	}
	if r = runBin(t, noBus, "", "profiles", "list"); !strings.Contains(r.out, "webhook:missing") {
		t.Errorf("a failed set-secret shows as present: %s", r)
	}
	mustNoSecretUnder(t, home, secret)
	mustNoSecretUnder(t, home, "whsec_never_stored_123")
	// The profile can be removed: it never had keychain entries.
	if r = runBin(t, noBus, "", "profiles", "remove", "srv", "--yes"); r.code != 0 {
		t.Fatalf("remove without a Secret Service: %s", r)
	}
}
