package store_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"meshdesk/appdir"
	"meshdesk/mesh"
	"meshdesk/store"
)

// secretForms are the encodings a leaked secret could take in a file.
func secretForms(s string) map[string][]byte {
	j, _ := json.Marshal(s)
	return map[string][]byte{
		"plain":        []byte(s),
		"base64":       []byte(base64.StdEncoding.EncodeToString([]byte(s))),
		"base64url":    []byte(base64.RawURLEncoding.EncodeToString([]byte(s))),
		"json-escaped": j[1 : len(j)-1],
	}
}

// TestSecretScan writes secrets and tokenIds through every path the store offers, then, with the
// database still open (WAL and all), searches every file under MESHDESK_HOME for them.
func TestSecretScan(t *testing.T) {
	home := t.TempDir()
	t.Setenv(appdir.EnvHome, home)
	path, err := appdir.DatabaseFile()
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []func() (string, error){appdir.Cache, appdir.State} {
		if _, err := appdir.Ensure(dir()); err != nil {
			t.Fatal(err)
		}
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	var base store.Vault = store.NewMemoryVault()
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		kv := store.NewKeyringVault(db)
		kv.Service = "meshdesk-scan-test"
		base = kv
		t.Log("secrets go to the real keychain")
	}
	var secrets []string
	secret := func(kind string) string {
		s := fmt.Sprintf("%s-%s<&>\"/\\é-%d", kind, uuidOf(scanRand), len(secrets))
		secrets = append(secrets, s)
		return s
	}
	env := map[string]string{store.EnvClientSecret: secret("envclient"), store.EnvWebhookSecret: secret("envhook"), store.EnvAdminSecret: secret("envadmin")}
	v := &store.EnvVault{Base: base, Getenv: func(k string) string { return env[k] }}

	p, err := db.CreateProfile(ctx, store.Profile{Name: "Scan", Env: store.EnvSandbox, ClientID: "client-id-not-secret"})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := db.CreateProfile(ctx, store.Profile{Name: "Other", Env: store.EnvDemo})
	// Profile secrets through the keychain, and read back through the env overlay.
	for _, k := range store.ProfileSecretKeys {
		if err := base.Set(ctx, other.ID, k, secret(string(k))); err != nil {
			t.Fatal(err)
		}
		if _, err := v.Get(ctx, p.ID, k); err != nil {
			t.Fatal(err)
		}
	}
	// Connections: saved, reconnected with new tokens, one removed, one failing mid-save.
	var conns []*store.Connection
	for i := 0; i < 3; i++ {
		c, err := db.SaveConnection(ctx, v, store.Connection{ProfileID: p.ID, UserID: "u", BrokerType: "coinbase", AccountID: fmt.Sprint(i)},
			store.ConnectionSecrets{TokenID: secret("tokenId"), AccessToken: secret("access"), RefreshToken: secret("refresh")})
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	if _, err := db.SaveConnection(ctx, v, store.Connection{ProfileID: p.ID, UserID: "u", BrokerType: "coinbase", AccountID: "0"}, store.ConnectionSecrets{TokenID: secret("tokenId2")}); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveConnection(ctx, v, p.ID, conns[1].ID); err != nil {
		t.Fatal(err)
	}
	failing := store.NewMemoryVault()
	failing.Fail = func(op, _ string, _ store.SecretKey) error {
		if op == "set" {
			return store.ErrVaultUnavailable
		}
		return nil
	}
	if _, err := db.SaveConnection(ctx, failing, store.Connection{ProfileID: p.ID, UserID: "u", BrokerType: "kraken"}, store.ConnectionSecrets{TokenID: secret("failtoken")}); !errors.Is(err, store.ErrVaultUnavailable) {
		t.Fatalf("failing save: %v", err)
	}
	// Transfers, webhooks, sync state and settings go through the database too.
	mustUpsert(t, db, p.ID, genTransfers(77, 200))
	if _, err := db.ApplyWebhookEvent(ctx, p.ID, mesh.WebhookEvent{EventID: "e1", TransferID: "x", TransferStatus: mesh.StatusSucceeded}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDefaultProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CatchUpSearch(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteProfile(ctx, v, other.ID); err != nil {
		t.Fatal(err)
	}

	if found := scanFiles(t, home, secrets); len(found) > 0 {
		t.Errorf("secrets found on disk: %v", found)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("no WAL file while open: %v", err)
	}
	// The scan itself must see what the open database just wrote (in its WAL): a canary put
	// where no secret may go is found in every form.
	canary := "canary-" + uuidOf(scanRand) + "<&>"
	if err := db.SetSetting(ctx, "canary", canary+" "+base64.StdEncoding.EncodeToString([]byte(canary))+" "+string(secretForms(canary)["json-escaped"])); err != nil {
		t.Fatal(err)
	}
	if found := scanFiles(t, home, []string{canary}); len(found) < 3 {
		t.Fatalf("the scan does not see fresh writes: %v", found)
	}
	// Clean the real keychain.
	for _, c := range conns {
		db.RemoveConnection(ctx, v, p.ID, c.ID)
	}
	if err := db.FinishCleanup(ctx, v); err != nil {
		t.Fatal(err)
	}
}

var scanRand = rand.New(rand.NewSource(time.Now().UnixNano()))

// scanFiles returns "file: form" for every secret found under dir in any form.
func scanFiles(t *testing.T, dir string, secrets []string) []string {
	t.Helper()
	var found []string
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, s := range secrets {
			for form, needle := range secretForms(s) {
				if bytes.Contains(b, needle) {
					found = append(found, filepath.Base(path)+": "+form)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 2 {
		t.Fatalf("scanned %d files only", files)
	}
	return found
}
