package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"meshdesk/internal/testenv"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// vaultContract checks the behaviour every Vault shares.
func vaultContract(t *testing.T, v store.Vault, profileA, profileB string) {
	ctx := context.Background()
	if _, err := v.Get(ctx, profileA, store.SecretClient); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("get missing: %v", err)
	}
	if err := v.Delete(ctx, profileA, store.SecretClient); err != nil {
		t.Fatalf("delete missing: %v", err)
	}
	conn := store.ConnectionSecret("c1", store.ConnTokenID)
	for _, tc := range []struct {
		p string
		k store.SecretKey
		s string
	}{{profileA, store.SecretClient, "sk_sandbox_A"}, {profileA, conn, "tok-A"}, {profileB, store.SecretClient, "sk_sandbox_B"}, {profileA, store.SecretClient, "sk_sandbox_A2"}} {
		if err := v.Set(ctx, tc.p, tc.k, tc.s); err != nil {
			t.Fatalf("set %s/%s: %v", tc.p, tc.k, err)
		}
	}
	for _, tc := range []struct {
		p, want string
		k       store.SecretKey
	}{{profileA, "sk_sandbox_A2", store.SecretClient}, {profileB, "sk_sandbox_B", store.SecretClient}, {profileA, "tok-A", conn}} {
		if got, err := v.Get(ctx, tc.p, tc.k); err != nil || got != tc.want {
			t.Fatalf("get %s/%s = %q, %v; want %q", tc.p, tc.k, got, err, tc.want)
		}
	}
	if l, err := v.List(ctx, profileA); err != nil || !slices.Equal(l, []store.SecretKey{store.SecretClient, conn}) {
		t.Fatalf("list A = %v, %v", l, err)
	}
	if err := v.Delete(ctx, profileA, store.SecretClient); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(ctx, profileA, store.SecretClient); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("get deleted: %v", err)
	}
	if got, _ := v.Get(ctx, profileB, store.SecretClient); got != "sk_sandbox_B" {
		t.Fatalf("deleting A's secret touched B's: %q", got)
	}
	if err := v.Set(ctx, "", store.SecretClient, "x"); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("empty profile: %v", err)
	}
	for _, k := range []store.SecretKey{conn} {
		v.Delete(ctx, profileA, k)
	}
	v.Delete(ctx, profileB, store.SecretClient)
}

func TestMemoryVault(t *testing.T) {
	vaultContract(t, store.NewMemoryVault(), "pa", "pb")
	v := store.NewMemoryVault()
	v.Fail = func(op, _ string, _ store.SecretKey) error { return fmt.Errorf("boom %s", op) }
	if err := v.Set(context.Background(), "p", store.SecretClient, "s"); err == nil || strings.Contains(err.Error(), "\"s\"") {
		t.Fatalf("injected failure: %v", err)
	}
	if v.Len() != 0 {
		t.Fatal("failed set stored the secret")
	}
}

func TestEnvVault(t *testing.T) {
	ctx := context.Background()
	env := map[string]string{store.EnvClientSecret: "env-client", store.EnvWebhookSecret: "env-hook"}
	base := store.NewMemoryVault()
	base.Set(ctx, "p1", store.SecretAdmin, "kc-admin")
	base.Set(ctx, "p1", store.SecretClient, "kc-client")
	v := &store.EnvVault{Base: base, ProfileID: "p1", Getenv: func(k string) string { return env[k] }}
	tests := []struct {
		profile string
		key     store.SecretKey
		want    string
		err     error
	}{
		{"p1", store.SecretClient, "env-client", nil},
		{"p1", store.SecretWebhook, "env-hook", nil},
		{"p1", store.SecretAdmin, "kc-admin", nil},
		{"p2", store.SecretClient, "", store.ErrSecretNotFound},
		{"p1", store.ConnectionSecret("c", store.ConnTokenID), "", store.ErrSecretNotFound},
	}
	for _, tt := range tests {
		got, err := v.Get(ctx, tt.profile, tt.key)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("get %s/%s = %q, %v; want %q, %v", tt.profile, tt.key, got, err, tt.want, tt.err)
		}
	}
	if l, _ := v.List(ctx, "p1"); !slices.Equal(l, []store.SecretKey{store.SecretAdmin, store.SecretClient, store.SecretWebhook}) {
		t.Fatalf("list = %v", l)
	}
	// The environment's values are never written to the keychain.
	if s, _ := base.Get(ctx, "p1", store.SecretClient); s != "kc-client" {
		t.Fatalf("base client secret = %q", s)
	}
	if _, err := base.Get(ctx, "p1", store.SecretWebhook); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("env webhook secret leaked into the keychain: %v", err)
	}
	// Without a keychain, only the environment answers; writes fail clearly.
	bare := &store.EnvVault{Getenv: func(k string) string { return env[k] }}
	if s, err := bare.Get(ctx, "any", store.SecretClient); err != nil || s != "env-client" {
		t.Fatalf("bare get = %q, %v", s, err)
	}
	if err := bare.Set(ctx, "any", store.SecretAdmin, "x"); !errors.Is(err, store.ErrVaultUnavailable) {
		t.Fatalf("bare set: %v", err)
	}
	if _, err := bare.Get(ctx, "any", store.SecretAdmin); !errors.Is(err, store.ErrVaultUnavailable) {
		t.Fatalf("bare get admin: %v", err)
	}
}

// keyringVault returns a KeyringVault on the real Secret Service with a service name unique to
// the test, indexed by a fresh database with two profiles.
func keyringVault(t *testing.T) (*store.KeyringVault, *store.DB, string, string) {
	testenv.SecretService(t)
	db := storetest.MustOpenDB(t)
	a, b := mustProfile(t, db, "A"), mustProfile(t, db, "B")
	v := store.NewKeyringVault(db)
	v.Service = "meshdesk-test-" + a.ID[:8]
	return v, db, a.ID, b.ID
}

func TestKeyringVault(t *testing.T) {
	v, db, a, b := keyringVault(t)
	vaultContract(t, v, a, b)
	// secret-tool sees the entry under service/account, so it is in the real keychain.
	ctx := context.Background()
	if err := v.Set(ctx, a, store.SecretWebhook, "whsec-real"); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("secret-tool", "lookup", "service", v.Service, "username", a+"/webhook").Output()
	if err != nil || string(out) != "whsec-real" {
		t.Fatalf("secret-tool lookup = %q, %v", out, err)
	}
	if keys, _ := db.IndexedSecrets(ctx, a); !slices.Contains(keys, store.SecretWebhook) {
		t.Fatalf("index lacks the key: %v", keys)
	}
	if err := v.Delete(ctx, a, store.SecretWebhook); err != nil {
		t.Fatal(err)
	}
	if keys, _ := db.IndexedSecrets(ctx, a); slices.Contains(keys, store.SecretWebhook) {
		t.Fatalf("index keeps a deleted key: %v", keys)
	}
}

func TestKeyringConnectionLifecycle(t *testing.T) {
	v, db, a, _ := keyringVault(t)
	ctx := context.Background()
	c, err := db.SaveConnection(ctx, v, store.Connection{ProfileID: a, UserID: "u", BrokerType: "coinbase", AccountID: "x"}, store.ConnectionSecrets{TokenID: "tok-kr", RefreshToken: "ref-kr"})
	if err != nil {
		t.Fatal(err)
	}
	if s, err := db.ConnectionSecret(ctx, v, a, c.ID, store.ConnTokenID); err != nil || s != "tok-kr" {
		t.Fatalf("tokenId = %q, %v", s, err)
	}
	if err := v.Set(ctx, a, store.SecretClient, "sk-kr"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteProfile(ctx, v, a); err != nil {
		t.Fatal(err)
	}
	for _, k := range []store.SecretKey{store.SecretClient, store.ConnectionSecret(c.ID, store.ConnTokenID), store.ConnectionSecret(c.ID, store.ConnRefreshToken)} {
		if _, err := v.Get(ctx, a, k); !errors.Is(err, store.ErrSecretNotFound) {
			t.Fatalf("%s survived profile deletion: %v", k, err)
		}
	}
}

// TestKeyringUnavailable runs the keychain against a D-Bus address nobody listens on, and
// against one that accepts and never answers (a hung D-Bus): both must fail with
// ErrVaultUnavailable within the timeout. It runs in a child process because go-keyring keeps
// the session bus connection for the whole process.
func TestKeyringUnavailable(t *testing.T) {
	if mode := os.Getenv("STORE_KEYRING_CHILD"); mode != "" {
		v := &store.KeyringVault{Timeout: 300 * time.Millisecond, Service: "meshdesk-test"}
		start := time.Now()
		err := v.Set(context.Background(), "p", store.SecretClient, "sk_never_written")
		if !errors.Is(err, store.ErrVaultUnavailable) {
			t.Fatalf("set on %s: %v", mode, err)
		}
		if strings.Contains(err.Error(), "sk_never_written") {
			t.Fatalf("error names the secret: %v", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("took %s", d)
		}
		return
	}
	dir := t.TempDir()
	hung := dir + "/hung.sock"
	l, err := listenUnix(hung)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for mode, addr := range map[string]string{"absent": "unix:path=" + dir + "/nobody.sock", "hung": "unix:path=" + hung} {
		t.Run(mode, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestKeyringUnavailable$", "-test.v")
			cmd.Env = append(os.Environ(), "STORE_KEYRING_CHILD="+mode, "DBUS_SESSION_BUS_ADDRESS="+addr)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
		})
	}
}
