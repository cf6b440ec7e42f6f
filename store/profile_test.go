package store_test

import (
	"context"
	"errors"
	"testing"

	"meshdesk/store"
	"meshdesk/store/storetest"
)

func TestProfileValidation(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	tests := []struct {
		name string
		p    store.Profile
		ok   bool
	}{
		{"demo", store.Profile{Name: "Demo", Env: store.EnvDemo}, true},
		{"sandbox with base url", store.Profile{Name: "Sandbox", Env: store.EnvSandbox, BaseURL: "https://sandbox-integration-api.meshconnect.com", ClientID: "c1"}, true},
		{"empty name", store.Profile{Name: "  ", Env: store.EnvDemo}, false},
		{"bad env", store.Profile{Name: "X", Env: "staging"}, false},
		{"bad base url", store.Profile{Name: "Y", Env: store.EnvProduction, BaseURL: "ftp://x"}, false},
		{"relative base url", store.Profile{Name: "Z", Env: store.EnvProduction, BaseURL: "/api"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := db.CreateProfile(ctx, tt.p)
			if tt.ok != (err == nil) {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok && !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if tt.ok && (p.ID == "" || p.CreatedAt.IsZero()) {
				t.Fatalf("stored profile lacks id or time: %+v", p)
			}
		})
	}
}

func TestProfileCRUD(t *testing.T) {
	clock := newClock()
	db := storetest.MustOpenDB(t, store.WithNow(clock.Now))
	ctx := context.Background()
	a, err := db.CreateProfile(ctx, store.Profile{Name: "Acme", Env: store.EnvSandbox, ClientID: "cid", DefaultUserID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateProfile(ctx, store.Profile{Name: "ACME", Env: store.EnvDemo}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate name (other case): %v", err)
	}
	b := storetest.MustCreateProfile(t, db, "Beta")
	got, err := db.Profile(ctx, a.ID)
	if err != nil || got.Name != "Acme" || got.ClientID != "cid" || got.DefaultUserID != "u1" || got.Env != store.EnvSandbox {
		t.Fatalf("get: %+v, %v", got, err)
	}
	if got, err := db.ProfileByName(ctx, "acme"); err != nil || got.ID != a.ID {
		t.Fatalf("by name: %+v, %v", got, err)
	}
	list, err := db.Profiles(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "Acme" || list[1].Name != "Beta" {
		t.Fatalf("list: %v, %v", list, err)
	}
	clock.Add(1e9)
	r, err := db.RenameProfile(ctx, a.ID, "Acme Treasury")
	if err != nil || r.ID != a.ID || r.Name != "Acme Treasury" || !r.UpdatedAt.After(r.CreatedAt) {
		t.Fatalf("rename: %+v, %v", r, err)
	}
	if _, err := db.RenameProfile(ctx, a.ID, "beta"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("rename onto another name: %v", err)
	}
	r.SubClientID = "sub-1"
	if u, err := db.UpdateProfile(ctx, *r); err != nil || u.SubClientID != "sub-1" {
		t.Fatalf("update: %+v, %v", u, err)
	}
	if _, err := db.UpdateProfile(ctx, store.Profile{ID: "nope", Name: "n", Env: store.EnvDemo}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update missing: %v", err)
	}
	if _, err := db.Profile(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get missing: %v", err)
	}
	if _, err := db.ProfileByName(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get missing by name: %v", err)
	}

	if _, err := db.DefaultProfile(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no default yet: %v", err)
	}
	if err := db.SetDefaultProfile(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("default to missing: %v", err)
	}
	if err := db.SetDefaultProfile(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if d, err := db.DefaultProfile(ctx); err != nil || d.ID != b.ID {
		t.Fatalf("default: %+v, %v", d, err)
	}
	v := store.NewMemoryVault()
	if err := db.DeleteProfile(ctx, v, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DefaultProfile(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("default after its deletion: %v", err)
	}
	if err := db.DeleteProfile(ctx, v, b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}

func TestDeleteProfileRemovesRowsAndSecrets(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	v := store.NewMemoryVault()
	p := mustProfile(t, db, "Acme")
	keep := mustProfile(t, db, "Keep")
	for _, pr := range []*store.Profile{p, keep} {
		for _, k := range store.ProfileSecretKeys {
			if err := v.Set(ctx, pr.ID, k, "s-"+string(k)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.SaveConnection(ctx, v, store.Connection{ProfileID: pr.ID, UserID: "u1", BrokerType: "coinbase", AccountID: "a1"}, store.ConnectionSecrets{TokenID: "tok", AccessToken: "acc"}); err != nil {
			t.Fatal(err)
		}
		mustUpsert(t, db, pr.ID, genTransfers(1, 50))
	}
	if v.Len() != 10 {
		t.Fatalf("vault holds %d, want 10", v.Len())
	}
	// The first attempt fails in the keychain: rows go, entries stay pending.
	v.Fail = func(op, profileID string, key store.SecretKey) error {
		if op == "delete" && key == store.SecretWebhook {
			return store.ErrVaultUnavailable
		}
		return nil
	}
	err := db.DeleteProfile(ctx, v, p.ID)
	if !errors.Is(err, store.ErrVaultUnavailable) {
		t.Fatalf("delete with failing keychain: %v", err)
	}
	if _, err := db.Profile(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("profile row survived: %v", err)
	}
	pend, err := db.PendingDeletions(ctx)
	if err != nil || len(pend) != 1 || pend[0].Key != store.SecretWebhook || pend[0].Attempts != 1 || pend[0].LastError == "" {
		t.Fatalf("pending: %+v, %v", pend, err)
	}
	// Next start: FinishCleanup completes the job.
	v.Fail = nil
	if err := db.FinishCleanup(ctx, v); err != nil {
		t.Fatal(err)
	}
	if pend, _ := db.PendingDeletions(ctx); len(pend) != 0 {
		t.Fatalf("still pending: %+v", pend)
	}
	if l, _ := v.List(ctx, p.ID); len(l) != 0 {
		t.Fatalf("secrets of deleted profile left: %v", l)
	}
	if l, _ := v.List(ctx, keep.ID); len(l) != 5 {
		t.Fatalf("other profile's secrets touched: %v", l)
	}
	if n, err := db.CountTransfers(ctx, keep.ID, store.TransferFilter{}); err != nil || n != 50 {
		t.Fatalf("other profile's transfers: %d, %v", n, err)
	}
	if c, _ := db.Connections(ctx, keep.ID, ""); len(c) != 1 {
		t.Fatalf("other profile's connections: %v", c)
	}
}
