package desk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"
)

// testEnv is a fake environment for the MESH_* overlay.
type testEnv map[string]string

func (e testEnv) get(k string) string { return e[k] }

// deskOpts are the options of a test desk in dir.
func deskOpts(dir string, vault store.Vault, env testEnv) Options {
	return Options{
		DBPath:        filepath.Join(dir, "config", "meshdesk.db"),
		StateDir:      filepath.Join(dir, "state"),
		Keychain:      vault,
		Getenv:        env.get,
		Logger:        slog.New(slog.DiscardHandler),
		DemoTransfers: 40,
	}
}

// mustDesk opens a desk in a temporary folder with an in-memory keychain.
func mustDesk(t *testing.T, opts Options) *Desk {
	t.Helper()
	d, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// mustSim starts an emulator on 127.0.0.1 accepting one client.
func mustSim(t *testing.T, clientID, secret string) *meshsim.Sim {
	t.Helper()
	sim, err := meshsim.New(meshsim.Options{Seed: 7, Transfers: 25,
		Clients: []meshsim.Client{{ID: clientID, Secret: secret, MMT: true}}})
	if err != nil {
		t.Fatalf("meshsim.New: %v", err)
	}
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("sim.Start: %v", err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// mustAdd adds a profile and fails the test on error.
func mustAdd(t *testing.T, d *Desk, in ProfileInput) *ProfileInfo {
	t.Helper()
	pi, err := d.Profiles().Add(context.Background(), in)
	if err != nil {
		t.Fatalf("Add(%s): %v", in.Name, err)
	}
	return pi
}

// mustNotContainFile fails when any file under dir contains secret.
func mustNotContainFile(t *testing.T, dir, secret string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("secret found in %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	if n == 0 {
		t.Fatalf("no files under %s to check", dir)
	}
}

func TestOpenFirstRunCreatesDemoOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vault := store.NewMemoryVault()
	d := mustDesk(t, deskOpts(dir, vault, nil))
	list, err := d.Profiles().List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Name != DemoProfileName || list[0].Env != store.EnvDemo || !list[0].Default {
		t.Fatalf("first run profiles = %+v, want one default Demo profile", list)
	}
	user := list[0].DefaultUserID
	if !strings.HasPrefix(user, "md-user-") {
		t.Errorf("demo user id %q", user)
	}
	for _, k := range store.ProfileSecretKeys {
		if list[0].Secrets[k] != SourceDemo {
			t.Errorf("demo %s secret source = %q", k, list[0].Secrets[k])
		}
	}
	if vault.Len() != 0 {
		t.Errorf("first run wrote %d secrets to the keychain", vault.Len())
	}
	d.Close()

	// A restart keeps the same Demo profile and user id.
	d = mustDesk(t, deskOpts(dir, vault, nil))
	list, _ = d.Profiles().List(ctx)
	if len(list) != 1 || list[0].DefaultUserID != user {
		t.Fatalf("after restart: %+v (user id was %s)", list, user)
	}
	// A removed Demo profile does not come back.
	if _, err := d.Profiles().Remove(ctx, DemoProfileName); err != nil {
		t.Fatal(err)
	}
	d.Close()
	d = mustDesk(t, deskOpts(dir, vault, nil))
	if list, _ = d.Profiles().List(ctx); len(list) != 0 {
		t.Fatalf("Demo came back after removal: %+v", list)
	}
	if _, err := d.Session(ctx, ""); !errors.Is(err, ErrNoDefaultProfile) {
		t.Errorf("Session with no profiles: %v, want ErrNoDefaultProfile", err)
	}
}

func TestDemoSessionStateSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vault := store.NewMemoryVault()
	d := mustDesk(t, deskOpts(dir, vault, nil))
	s, err := d.Session(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Profile.Name != DemoProfileName || s.Sim == nil || s.Admin == nil {
		t.Fatalf("demo session: profile %q sim %v admin %v", s.Profile.Name, s.Sim != nil, s.Admin != nil)
	}
	u, _ := url.Parse(s.BaseURL)
	if u.Hostname() != "127.0.0.1" {
		t.Errorf("demo emulator at %s, want 127.0.0.1", s.BaseURL)
	}
	page, err := s.Client.Transfers(ctx, mesh.TransferQuery{Count: 1})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 40 {
		t.Fatalf("demo history total = %d, want 40", page.Total)
	}
	if _, err := s.Sim.AddTransfers(meshsim.Transfer{ClientTransactionID: "kept-across-restarts", Status: meshsim.StatusSucceeded}); err != nil {
		t.Fatal(err)
	}
	hook, err := s.WebhookSecret(ctx)
	if err != nil || hook != DemoWebhookSecret {
		t.Errorf("demo webhook secret = %q, %v", hook, err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d = mustDesk(t, deskOpts(dir, vault, nil))
	s, err = d.Session(ctx, DemoProfileName)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Client.TransferByClientTransactionID(ctx, "kept-across-restarts"); err != nil {
		t.Fatalf("transfer made before the restart: %v", err)
	}
	if _, err := os.Stat(d.demoStateFile(s.Profile.ID)); err != nil {
		t.Errorf("demo state file: %v", err)
	}
	// Removing the demo profile removes its emulator state too.
	if _, err := d.Profiles().Remove(ctx, DemoProfileName); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d.demoStateFile(s.Profile.ID)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("demo state file after removal: %v", err)
	}
}

func TestProfileLifecycle(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vault := store.NewMemoryVault()
	d := mustDesk(t, deskOpts(dir, vault, nil))
	const secret = "sk_sandbox_lifecycle_0123456789"
	sim := mustSim(t, "cid-1", secret)
	pi := mustAdd(t, d, ProfileInput{Name: " Treasury ", Env: "sandbox", BaseURL: sim.BaseURL() + "/", ClientID: "cid-1",
		SubClientID: "3F2B9C1E-8D4A-4E6F-9A1B-2C3D4E5F6A7B", ClientSecret: secret + "\n", WebhookSecret: "whsec_x"})
	if pi.Name != "Treasury" || pi.BaseURL != sim.BaseURL() || pi.SubClientID != "3f2b9c1e-8d4a-4e6f-9a1b-2c3d4e5f6a7b" || pi.Default {
		t.Errorf("added %+v", pi)
	}
	if pi.Secrets[store.SecretClient] != SourceKeychain || pi.Secrets[store.SecretWebhook] != SourceKeychain || pi.Secrets[store.SecretAdmin] != SourceNone {
		t.Errorf("secret sources %v", pi.Secrets)
	}
	if got, _ := vault.Get(ctx, pi.ID, store.SecretClient); got != secret {
		t.Errorf("keychain holds %q, want the trimmed secret", got)
	}

	// Use, rename, test, session.
	if _, err := d.Profiles().Use(ctx, "treasury"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Profiles().Rename(ctx, "Treasury", "Ops"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Profiles().Rename(ctx, "Ops", "demo"); !IsValidation(err) {
		t.Errorf("rename onto an existing name (other case): %v", err)
	}
	if _, err := d.Profiles().Rename(ctx, "Ops", "ops"); err != nil {
		t.Errorf("rename to a case variant of itself: %v", err)
	}
	s, err := d.Session(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Profile.ID != pi.ID || s.BaseURL != sim.BaseURL() || s.Sim != nil || s.Admin != nil {
		t.Errorf("default session: %+v", s)
	}
	res, err := d.Profiles().Test(ctx, "ops")
	if err != nil || !res.OK || res.Transfers != 25 || res.Networks == 0 {
		t.Fatalf("Test = %+v, %v", res, err)
	}
	if _, err := d.Profiles().SetDefaultUserID(ctx, "ops", "customer-42"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Profiles().SetDefaultUserID(ctx, "ops", strings.Repeat("u", 301)); !IsValidation(err) {
		t.Errorf("301-character user id: %v", err)
	}

	// Connections and history go with the profile; so do the keychain entries.
	if _, err := d.DB().UpsertTransfers(ctx, pi.ID, []mesh.Transfer{{ID: "5a1c2d3e-0000-4000-8000-000000000001", Status: "pending"}}); err != nil {
		t.Fatal(err)
	}
	conn, err := d.DB().SaveConnection(ctx, d.Vault(), store.Connection{ProfileID: pi.ID, UserID: "customer-42", BrokerType: "coinbase", AccountID: "acc-1"},
		store.ConnectionSecrets{TokenID: "tok_lifecycle_secret"})
	if err != nil {
		t.Fatal(err)
	}
	if vault.Len() != 3 {
		t.Fatalf("keychain holds %d entries, want client, webhook and the tokenId", vault.Len())
	}

	// Nothing secret in the database, its WAL (the desk is open, so it exists) or the state
	// folder.
	if _, err := os.Stat(d.DB().Path() + "-wal"); err != nil {
		t.Fatalf("no WAL to check: %v", err)
	}
	for _, s := range []string{secret, "whsec_x", "tok_lifecycle_secret"} {
		mustNotContainFile(t, dir, s)
	}

	res2, err := d.Profiles().Remove(ctx, "OPS")
	if err != nil {
		t.Fatal(err)
	}
	if res2.NewDefault != DemoProfileName || res2.CleanupPending != "" {
		t.Errorf("remove result %+v", res2)
	}
	if vault.Len() != 0 {
		t.Errorf("%d keychain entries left after removal", vault.Len())
	}
	if _, err := d.DB().Transfer(ctx, pi.ID, "5a1c2d3e-0000-4000-8000-000000000001"); err == nil {
		t.Errorf("transfer survived its profile")
	}
	if _, err := d.DB().Connection(ctx, pi.ID, conn.ID); err == nil {
		t.Errorf("connection survived its profile")
	}
	if _, err := d.Profiles().Remove(ctx, "ops"); !errors.Is(err, ErrProfileNotFound) {
		t.Errorf("second removal: %v", err)
	}
}

func TestAddRejectsBadInputAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vault := store.NewMemoryVault()
	d := mustDesk(t, deskOpts(dir, vault, nil))
	good := ProfileInput{Name: "P", Env: "sandbox", ClientID: "c", ClientSecret: "sk_sandbox_s"}
	tests := []struct {
		name  string
		edit  func(*ProfileInput)
		field string
	}{
		{"empty name", func(in *ProfileInput) { in.Name = "" }, "name"},
		{"long name", func(in *ProfileInput) { in.Name = strings.Repeat("n", 65) }, "name"},
		{"taken name", func(in *ProfileInput) { in.Name = "DEMO" }, "name"},
		{"unknown env", func(in *ProfileInput) { in.Env = "staging" }, "env"},
		{"relative URL", func(in *ProfileInput) { in.BaseURL = "integration-api.meshconnect.com" }, "baseUrl"},
		{"URL with password", func(in *ProfileInput) { in.BaseURL = "https://u:p@h.example" }, "baseUrl"},
		{"no client id", func(in *ProfileInput) { in.ClientID = "" }, "clientId"},
		{"sub-client not a UUID", func(in *ProfileInput) { in.SubClientID = "acme" }, "subClientId"},
		{"long user id", func(in *ProfileInput) { in.UserID = strings.Repeat("u", 301) }, "userId"},
		{"no secret", func(in *ProfileInput) { in.ClientSecret = "" }, "secret"},
		{"two-line secret", func(in *ProfileInput) { in.ClientSecret = "a\nb" }, "secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good
			tt.edit(&in)
			_, err := d.Profiles().Add(ctx, in)
			mustField(t, err, tt.field)
			list, _ := d.Profiles().List(ctx)
			if len(list) != 1 || vault.Len() != 0 {
				t.Errorf("bad input changed something: %d profiles, %d secrets", len(list), vault.Len())
			}
		})
	}
}

func TestKeychainUnavailable(t *testing.T) {
	ctx := context.Background()
	const secret = "sk_sandbox_env_only_secret"
	sim := mustSim(t, "cid-env", secret)
	down := &store.MemoryVault{Fail: func(op, _ string, _ store.SecretKey) error {
		if op == "list" {
			return nil
		}
		return fmt.Errorf("dbus: no answer: %w", store.ErrVaultUnavailable)
	}}

	t.Run("without env: clear failure, nothing written", func(t *testing.T) {
		dir := t.TempDir()
		d := mustDesk(t, deskOpts(dir, down, nil))
		_, err := d.Profiles().Add(ctx, ProfileInput{Name: "srv", Env: "sandbox", BaseURL: sim.BaseURL(), ClientID: "cid-env", ClientSecret: secret})
		if !errors.Is(err, store.ErrVaultUnavailable) || !strings.Contains(err.Error(), "MESH_CLIENT_SECRET") || strings.Contains(err.Error(), secret) {
			t.Fatalf("Add with no keychain: %v", err)
		}
		if list, _ := d.Profiles().List(ctx); len(list) != 1 {
			t.Errorf("profile written despite the failure: %d profiles", len(list))
		}
		if p, _ := d.DB().PendingDeletions(ctx); len(p) != 0 {
			t.Errorf("pending deletions written: %+v", p)
		}
		mustNotContainFile(t, dir, secret)
		// The Demo profile works without a keychain.
		if res, err := d.Profiles().Test(ctx, DemoProfileName); err != nil || !res.OK {
			t.Errorf("demo without keychain: %+v, %v", res, err)
		}
	})

	t.Run("with MESH_CLIENT_SECRET: works, never stored", func(t *testing.T) {
		dir := t.TempDir()
		env := testEnv{store.EnvClientSecret: secret}
		d := mustDesk(t, deskOpts(dir, down, env))
		pi := mustAdd(t, d, ProfileInput{Name: "srv", Env: "sandbox", BaseURL: sim.BaseURL(), ClientID: "cid-env"})
		if pi.Secrets[store.SecretClient] != SourceEnv {
			t.Errorf("client secret source = %q, want env", pi.Secrets[store.SecretClient])
		}
		res, err := d.Profiles().Test(ctx, "srv")
		if err != nil || !res.OK {
			t.Fatalf("Test with env secret: %+v, %v", res, err)
		}
		mustNotContainFile(t, dir, secret)
		// Storing a secret still fails clearly.
		err = d.Profiles().SetSecret(ctx, "srv", "webhook", "whsec_nope")
		if !errors.Is(err, store.ErrVaultUnavailable) || !strings.Contains(err.Error(), "MESH_WEBHOOK_SECRET") {
			t.Errorf("SetSecret with no keychain: %v", err)
		}
		if keys, _ := d.DB().IndexedSecrets(ctx, pi.ID); len(keys) != 0 {
			t.Errorf("index claims %v after a failed set", keys)
		}
		// Without the variable the session says how to fix it.
		d.opts.Getenv = testEnv{}.get
		_, err = d.Session(ctx, "srv")
		if !errors.Is(err, ErrNoSecret) || !strings.Contains(err.Error(), "meshdesk profiles set-secret srv client") || !strings.Contains(err.Error(), "MESH_CLIENT_SECRET") {
			t.Errorf("Session without secret: %v", err)
		}
	})
}

func TestSessionKeychainError(t *testing.T) {
	ctx := context.Background()
	vault := store.NewMemoryVault()
	d := mustDesk(t, deskOpts(t.TempDir(), vault, nil))
	mustAdd(t, d, ProfileInput{Name: "prod", Env: "production", ClientID: "c", ClientSecret: "sk_live_x"})
	vault.Fail = func(op, _ string, _ store.SecretKey) error {
		if op == "get" {
			return store.ErrVaultUnavailable
		}
		return nil
	}
	_, err := d.Session(ctx, "prod")
	if !errors.Is(err, ErrKeychain) || !strings.Contains(err.Error(), "MESH_CLIENT_SECRET") || strings.Contains(err.Error(), "sk_live_x") {
		t.Errorf("Session with a locked keychain: %v", err)
	}
	if _, err := d.Session(ctx, "nope"); !errors.Is(err, ErrProfileNotFound) {
		t.Errorf("unknown profile: %v", err)
	}
}

// redirect is an http.RoundTripper that sends every request to target (an emulator or a
// fake), recording the original host and User-Agent, or fails with err.
type redirect struct {
	target *url.URL
	err    error
	mu     sync.Mutex
	hosts  []string
	agents []string
}

func (r *redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.hosts = append(r.hosts, req.URL.Host)
	r.agents = append(r.agents, req.Header.Get("User-Agent"))
	r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = r.target.Scheme, r.target.Host, r.target.Host
	return http.DefaultTransport.RoundTrip(out)
}

func TestSessionBaseURLs(t *testing.T) {
	ctx := context.Background()
	sim := mustSim(t, "cid", "sk_live_ok")
	target, _ := url.Parse(sim.BaseURL())
	rt := &redirect{target: target}
	opts := deskOpts(t.TempDir(), store.NewMemoryVault(), nil)
	opts.HTTPClient = &http.Client{Transport: rt}
	d := mustDesk(t, opts)
	tests := []struct {
		in   ProfileInput
		want string
	}{
		{ProfileInput{Name: "sb", Env: "sandbox", ClientID: "cid", ClientSecret: "sk_live_ok"}, mesh.SandboxURL},
		{ProfileInput{Name: "pr", Env: "production", ClientID: "cid", ClientSecret: "sk_live_ok"}, mesh.ProductionURL},
		{ProfileInput{Name: "ov", Env: "production", ClientID: "cid", ClientSecret: "sk_live_ok", BaseURL: "https://proxy.example.com/"}, "https://proxy.example.com"},
	}
	for _, tt := range tests {
		mustAdd(t, d, tt.in)
		s, err := d.Session(ctx, tt.in.Name)
		if err != nil {
			t.Fatal(err)
		}
		if s.BaseURL != tt.want || !strings.HasPrefix(s.Client.BaseURL(), tt.want) {
			t.Errorf("%s: base URL %s (client %s), want %s", tt.in.Name, s.BaseURL, s.Client.BaseURL(), tt.want)
		}
		if _, err := s.Client.Networks(ctx); err != nil {
			t.Errorf("%s: %v", tt.in.Name, err)
		}
	}
	for i, ua := range rt.agents {
		if !strings.HasPrefix(ua, "MeshDesk/") {
			t.Errorf("request %d User-Agent %q", i, ua)
		}
	}
	if strings.Join(rt.hosts, " ") != "sandbox-integration-api.meshconnect.com integration-api.meshconnect.com proxy.example.com" {
		t.Errorf("hosts called: %v", rt.hosts)
	}
}

// stepClock is a clock that moves by step each time it is read.
type stepClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *stepClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.step)
	return c.t
}

func TestTestReportsMeshErrorsWithHints(t *testing.T) {
	ctx := context.Background()
	const good = "sk_sandbox_right_secret"
	sim := mustSim(t, "cid", good)
	simURL, _ := url.Parse(sim.BaseURL())
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Corporate proxy</title></head><body>Access denied</body></html>")
	}))
	defer html.Close()
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedURL := "http://" + closed.Addr().String()
	closed.Close()

	tests := []struct {
		name      string
		in        ProfileInput
		transport http.RoundTripper
		status    int
		message   string
		hint      string
	}{
		{"wrong secret", ProfileInput{Env: "sandbox", BaseURL: sim.BaseURL(), ClientSecret: "sk_sandbox_wrong"}, nil,
			401, "Client Id or Client Secret are not correct or missing.", "profiles set-secret"},
		{"sandbox key on production", ProfileInput{Env: "production", BaseURL: sim.BaseURL(), ClientSecret: "sk_sandbox_other"}, nil,
			401, "Client Id or Client Secret are not correct or missing.", "sandbox key (it starts with sk_sandbox_) on a production profile"},
		{"production key on sandbox", ProfileInput{Env: "sandbox", ClientSecret: "sk_live_prod"}, &redirect{target: simURL},
			401, "Client Id or Client Secret are not correct or missing.", "production key on a sandbox profile"},
		{"no network", ProfileInput{Env: "sandbox", BaseURL: closedURL, ClientSecret: good}, nil,
			0, "", "no network: could not reach"},
		{"DNS", ProfileInput{Env: "sandbox", ClientSecret: good},
			&redirect{err: &net.DNSError{Err: "no such host", Name: "sandbox-integration-api.meshconnect.com", IsNotFound: true}},
			0, "", "sandbox-integration-api.meshconnect.com could not be resolved"},
		{"proxy HTML", ProfileInput{Env: "sandbox", BaseURL: html.URL, ClientSecret: good}, nil,
			502, "", "HTML page came back"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := deskOpts(t.TempDir(), store.NewMemoryVault(), nil)
			if tt.transport != nil {
				opts.HTTPClient = &http.Client{Transport: tt.transport}
			}
			d := mustDesk(t, opts)
			in := tt.in
			in.Name, in.ClientID = fmt.Sprintf("p%d", i), "cid"
			mustAdd(t, d, in)
			res, err := d.Profiles().Test(ctx, in.Name)
			if err != nil {
				t.Fatalf("Test: %v", err)
			}
			if res.OK || res.Step != "networks" || res.HTTPStatus != tt.status || res.Message != tt.message {
				t.Errorf("result %+v", res)
			}
			if !strings.Contains(res.Hint, tt.hint) {
				t.Errorf("hint %q does not contain %q", res.Hint, tt.hint)
			}
			for _, s := range []string{res.Error, res.Hint, res.Message} {
				if strings.Contains(s, in.ClientSecret) {
					t.Errorf("secret in the result: %q", s)
				}
			}
		})
	}

	t.Run("success with round trip", func(t *testing.T) {
		opts := deskOpts(t.TempDir(), store.NewMemoryVault(), nil)
		clk := &stepClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), step: 7 * time.Millisecond}
		opts.Now = clk.now
		d := mustDesk(t, opts)
		mustAdd(t, d, ProfileInput{Name: "ok", Env: "sandbox", BaseURL: sim.BaseURL(), ClientID: "cid", ClientSecret: good})
		res, err := d.Profiles().Test(ctx, "ok")
		if err != nil || !res.OK || res.RoundTrip != 7*time.Millisecond || res.Transfers != 25 {
			t.Fatalf("Test = %+v, %v", res, err)
		}
	})

	t.Run("history failure after networks", func(t *testing.T) {
		d := mustDesk(t, deskOpts(t.TempDir(), store.NewMemoryVault(), nil))
		mustAdd(t, d, ProfileInput{Name: "h", Env: "sandbox", BaseURL: sim.BaseURL(), ClientID: "cid", ClientSecret: good})
		if err := sim.AddFault(meshsim.Fault{Kind: "500", Route: "GET /api/v1/transfers/managed/mesh", Times: 1}); err != nil {
			t.Fatal(err)
		}
		defer sim.ClearFaults()
		res, err := d.Profiles().Test(ctx, "h")
		if err != nil || res.OK || res.Step != "history" || res.HTTPStatus != 500 || !strings.Contains(res.Hint, "try again later") {
			t.Fatalf("Test = %+v, %v", res, err)
		}
	})
}

func TestSubClients(t *testing.T) {
	ctx := context.Background()
	vault := store.NewMemoryVault()
	d := mustDesk(t, deskOpts(t.TempDir(), vault, nil))
	subs, err := d.Profiles().ListSubClients(ctx, DemoProfileName)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) == 0 {
		t.Fatal("the demo client has no sub-clients")
	}
	pi, err := d.Profiles().CreateProfileForSubClient(ctx, DemoProfileName, subs[0].ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if pi.SubClientID != subs[0].ID || pi.Env != store.EnvDemo || !strings.HasPrefix(pi.Name, "Demo – ") {
		t.Errorf("sub-client profile %+v", pi)
	}
	if _, err := d.Profiles().CreateProfileForSubClient(ctx, DemoProfileName, "3f2b9c1e-8d4a-4e6f-9a1b-2c3d4e5f6a7b", ""); !IsValidation(err) {
		t.Errorf("unknown sub-client: %v", err)
	}
	mustAdd(t, d, ProfileInput{Name: "noadmin", Env: "sandbox", ClientID: "c", ClientSecret: "sk_sandbox_x"})
	if _, err := d.Profiles().ListSubClients(ctx, "noadmin"); !errors.Is(err, ErrNoAdmin) || !strings.Contains(err.Error(), "set-secret noadmin admin") {
		t.Errorf("no admin secret: %v", err)
	}
}

func TestDemoEmulatorSharedBetweenProcesses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vault := store.NewMemoryVault()
	a := mustDesk(t, deskOpts(dir, vault, nil))
	sa, err := a.Session(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if sa.Sim == nil {
		t.Fatal("the first desk does not run the demo emulator")
	}
	// A second desk on the same files (the CLI while the app runs) uses the same emulator
	// instead of starting one that would overwrite the state file.
	b := mustDesk(t, deskOpts(dir, vault, nil))
	sb, err := b.Session(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if sb.Sim != nil || sb.BaseURL != sa.BaseURL {
		t.Fatalf("second desk: sim %v at %s, want the first desk's %s", sb.Sim != nil, sb.BaseURL, sa.BaseURL)
	}
	if _, err := sa.Sim.AddTransfers(meshsim.Transfer{ClientTransactionID: "seen-by-both"}); err != nil {
		t.Fatal(err)
	}
	if _, err := sb.Client.TransferByClientTransactionID(ctx, "seen-by-both"); err != nil {
		t.Fatalf("second desk does not see the first desk's emulator: %v", err)
	}
	// When the owner goes, the other desk runs its own, from the saved state.
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	sb, err = b.Session(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if sb.Sim == nil || sb.BaseURL == sa.BaseURL {
		t.Fatalf("after the owner closed: sim %v at %s", sb.Sim != nil, sb.BaseURL)
	}
	if _, err := sb.Client.TransferByClientTransactionID(ctx, "seen-by-both"); err != nil {
		t.Fatalf("state lost on hand-over: %v", err)
	}
	b.Close()
	if _, err := os.Stat(b.demoLockFile(sb.Profile.ID)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lock file left after close: %v", err)
	}
}

func TestOpenFinishesPendingKeychainCleanup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vault := store.NewMemoryVault()
	d := mustDesk(t, deskOpts(dir, vault, nil))
	pi := mustAdd(t, d, ProfileInput{Name: "gone", Env: "sandbox", ClientID: "c", ClientSecret: "sk_sandbox_a", WebhookSecret: "w"})
	vault.Fail = func(op, _ string, _ store.SecretKey) error {
		if op == "delete" {
			return store.ErrVaultUnavailable
		}
		return nil
	}
	res, err := d.Profiles().Remove(ctx, "gone")
	if err != nil || res.CleanupPending == "" {
		t.Fatalf("Remove with a failing keychain: %+v, %v", res, err)
	}
	if vault.Len() != 2 {
		t.Fatalf("keychain holds %d entries, want the 2 that could not be deleted", vault.Len())
	}
	d.Close()
	vault.Fail = nil
	d = mustDesk(t, deskOpts(dir, vault, nil))
	d.Close() // waits for the background cleanup
	if vault.Len() != 0 {
		t.Errorf("%d keychain entries of removed profile %s left after the next start", vault.Len(), pi.ID)
	}
}

func TestAdminSecretProblemOnlyAffectsSubClients(t *testing.T) {
	ctx := context.Background()
	const secret = "sk_sandbox_admin_case"
	sim := mustSim(t, "cid", secret)
	vault := store.NewMemoryVault()
	d := mustDesk(t, deskOpts(t.TempDir(), vault, nil))
	mustAdd(t, d, ProfileInput{Name: "a", Env: "sandbox", BaseURL: sim.BaseURL(), ClientID: "cid", ClientSecret: secret, AdminSecret: "sk_admin_x"})
	vault.Fail = func(op, _ string, key store.SecretKey) error {
		if op == "get" && key == store.SecretAdmin {
			return store.ErrVaultUnavailable
		}
		return nil
	}
	s, err := d.Session(ctx, "a")
	if err != nil {
		t.Fatalf("Session with an unreadable admin secret: %v", err)
	}
	if s.Admin != nil {
		t.Error("admin client without a readable secret")
	}
	if _, err := d.Profiles().ListSubClients(ctx, "a"); !errors.Is(err, ErrKeychain) || !strings.Contains(err.Error(), "MESH_ADMIN_SECRET") {
		t.Errorf("ListSubClients: %v", err)
	}
	vault.Fail = nil
	if subs, err := d.Profiles().ListSubClients(ctx, "a"); err == nil {
		t.Errorf("the emulator accepted a wrong admin secret: %d sub-clients", len(subs))
	} else if !mesh.IsAuth(err) {
		t.Errorf("wrong admin secret: %v", err)
	}
}

func TestUpdateValidatesEachField(t *testing.T) {
	ctx := context.Background()
	d := mustDesk(t, deskOpts(t.TempDir(), store.NewMemoryVault(), nil))
	mustAdd(t, d, ProfileInput{Name: "u", Env: "sandbox", ClientID: "c", ClientSecret: "sk_sandbox_u"})
	str := func(s string) *string { return &s }
	tests := []struct {
		name  string
		up    ProfileUpdate
		field string
	}{
		{"bad base URL", ProfileUpdate{BaseURL: str("mesh.example.com")}, "baseUrl"},
		{"empty client id", ProfileUpdate{ClientID: str(" ")}, "clientId"},
		{"bad sub-client", ProfileUpdate{SubClientID: str("not-a-uuid")}, "subClientId"},
		{"empty user id", ProfileUpdate{UserID: str("")}, "userId"},
		{"good and bad together", ProfileUpdate{BaseURL: str("https://ok.example.com"), SubClientID: str("x")}, "subClientId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Profiles().Update(ctx, "u", tt.up)
			mustField(t, err, tt.field)
			pi, _ := d.Profiles().Get(ctx, "u")
			if pi.BaseURL != "" || pi.ClientID != "c" || pi.SubClientID != "" {
				t.Errorf("a rejected update changed the profile: %+v", pi.Profile)
			}
		})
	}
	pi, err := d.Profiles().Update(ctx, "u", ProfileUpdate{BaseURL: str("https://proxy.example.com/"), SubClientID: str("3F2B9C1E-8D4A-4E6F-9A1B-2C3D4E5F6A7B")})
	if err != nil || pi.BaseURL != "https://proxy.example.com" || pi.APIURL != "https://proxy.example.com" || pi.SubClientID != "3f2b9c1e-8d4a-4e6f-9a1b-2c3d4e5f6a7b" {
		t.Fatalf("Update = %+v, %v", pi, err)
	}
	if pi, err = d.Profiles().Update(ctx, "u", ProfileUpdate{BaseURL: str("")}); err != nil || pi.APIURL != mesh.SandboxURL {
		t.Fatalf("clearing the override: %+v, %v", pi, err)
	}
}

func TestDemoTransfersFromEnvironment(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		value string
		total int
		ok    bool
	}{
		{"12", 12, true},
		{"0", 0, true},
		{"-1", 0, false},
		{"lots", 0, false},
		{"5000001", 0, false},
	}
	for _, tt := range tests {
		opts := deskOpts(t.TempDir(), store.NewMemoryVault(), testEnv{EnvDemoTransfers: tt.value})
		opts.DemoTransfers = 0
		d, err := Open(ctx, opts)
		if !tt.ok {
			if err == nil || !strings.Contains(err.Error(), EnvDemoTransfers) {
				t.Errorf("%s=%s: %v", EnvDemoTransfers, tt.value, err)
			}
			if d != nil {
				d.Close()
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s=%s: %v", EnvDemoTransfers, tt.value, err)
		}
		s, err := d.Session(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.Client.Transfers(ctx, mesh.TransferQuery{Count: 1})
		if err != nil || page.Total != tt.total {
			t.Errorf("%s=%s: total %d, %v", EnvDemoTransfers, tt.value, page.Total, err)
		}
		d.Close()
	}
}
