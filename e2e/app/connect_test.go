// Package app_test runs Mesh Desk's Connect, New transfer and Accounts views end to end:
// `wails dev` (the real Go bindings and the in-process Demo emulator) under Xvfb, headless
// Chromium driving the page and the real Mesh Link SDK, and the real Secret Service.
package app_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meshdesk/e2e/internal/e2eutil"
	"meshdesk/internal/testenv"
)

// result is what connect.mjs prints.
type result struct {
	Phase          string          `json:"phase"`
	Errors         []string        `json:"errors"`
	CSP            string          `json:"csp"`
	CSPViolations  []string        `json:"cspViolations"`
	Profile        json.RawMessage `json:"profile"`
	TestOK         bool            `json:"testOk"`
	ConnectEvents  []string        `json:"connectEvents"`
	ReturnEvents   []string        `json:"returnEvents"`
	DepositEvents  []string        `json:"depositEvents"`
	Connected      string          `json:"connected"`
	Accounts       []string        `json:"accounts"`
	TransferID     string          `json:"transferId"`
	TransferStatus string          `json:"transferStatus"`
	// TransferStatusAtOnce is the result's status when Link reports the transfer, before any sync.
	TransferStatusAtOnce string `json:"transferStatusAtOnce"`
	BadAddressError      string `json:"badAddressError"`
	LinkOpenedBad        bool   `json:"linkOpenedForBadPayment"`
	Note                 string `json:"note"`
	Remaining            int    `json:"remaining"`
	Storage              string `json:"storage"`
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

// run runs one phase of connect.mjs.
func run(t *testing.T, url, phase, art, userData, chromium string) result {
	t.Helper()
	var r result
	e2eutil.RunNode(t, chromium, 5*time.Minute, &r, filepath.Join(testenv.RepoRoot(), "e2e", "app", "connect.mjs"), url, phase, art, userData)
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
	e2eutil.SkipShort(t, "e2e/app")
	testenv.Display(t)
	testenv.SecretService(t)
	chromium := testenv.Chromium(t)
	e2eutil.NeedTools(t, "go", "node", "secret-tool")
	art := e2eutil.Artifacts(t)
	if n := len(tokenIDs(mustKeychain(t))); n != 0 {
		t.Fatalf("the keychain already holds %d Mesh Desk tokenIds: run in a private session (scripts/with-session.sh)", n)
	}

	tmp := t.TempDir()
	home := filepath.Join(tmp, "meshdesk")
	xdg := filepath.Join(tmp, "xdg")
	userData := filepath.Join(tmp, "chromium")
	gocache, _ := exec.Command("go", "env", "GOCACHE").Output()
	env := []string{"MESHDESK_HOME=" + home,
		// WebKit's and GTK's own data of the dev window go here, so they are scanned too;
		// the Go build cache stays where it is.
		"XDG_DATA_HOME=" + filepath.Join(xdg, "data"), "XDG_CACHE_HOME=" + filepath.Join(xdg, "cache"),
		"XDG_CONFIG_HOME=" + filepath.Join(xdg, "config"), "GOCACHE=" + strings.TrimSpace(string(gocache))}
	url := e2eutil.StartDev(t, "app-connect", env).URL

	r := run(t, url, "connect", art, userData, chromium)
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
	// At once the transfer is pending; the check syncs it, and the emulator settles a transfer
	// 10 s after it is made — on a loaded machine the check may come later than that.
	if len(r.TransferID) != 36 || !strings.HasPrefix(strings.TrimSpace(r.TransferStatusAtOnce), "pending") {
		t.Errorf("deposit: transfer %q shows %q at once, want pending", r.TransferID, r.TransferStatusAtOnce)
	}
	if st := strings.TrimSpace(r.TransferStatus); st != "pending" && st != "succeeded" {
		t.Errorf("deposit: after the check transfer %q is %q, want pending or succeeded", r.TransferID, st)
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

	d := run(t, url, "disconnect", art, userData, chromium)
	if d.Remaining != 0 || !strings.Contains(d.Note, "Mesh was told") {
		t.Errorf("disconnect: %d left, note %q", d.Remaining, d.Note)
	}
	if left := tokenIDs(mustKeychain(t)); len(left) != 0 {
		t.Errorf("keychain tokenIds after disconnect: %+v", left)
	}
}
