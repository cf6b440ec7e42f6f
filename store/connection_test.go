package store_test

import (
	"context"
	"errors"
	"testing"

	"meshdesk/store"
	"meshdesk/store/storetest"
)

func TestSaveConnectionStoresSecretsOnlyInVault(t *testing.T) {
	clock := newClock()
	db := storetest.MustOpenDB(t, store.WithNow(clock.Now))
	ctx := context.Background()
	v := store.NewMemoryVault()
	p := mustProfile(t, db, "Acme")
	c, err := db.SaveConnection(ctx, v, store.Connection{ProfileID: p.ID, UserID: "u1", BrokerType: "coinbase", BrokerName: "Coinbase", AccountID: "acc-1", AccountName: "Main"},
		store.ConnectionSecrets{TokenID: "tok-1", AccessToken: "access-1", RefreshToken: "refresh-1"})
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == "" || c.Health != store.HealthOK || c.ConnectedAt.IsZero() {
		t.Fatalf("saved: %+v", c)
	}
	for kind, want := range map[store.ConnSecretKind]string{store.ConnTokenID: "tok-1", store.ConnAccessToken: "access-1", store.ConnRefreshToken: "refresh-1"} {
		got, err := db.ConnectionSecret(ctx, v, p.ID, c.ID, kind)
		if err != nil || got != want {
			t.Fatalf("%s = %q, %v", kind, got, err)
		}
	}
	idx, err := db.IndexedSecrets(ctx, p.ID)
	if err != nil || len(idx) != 3 {
		t.Fatalf("index: %v, %v", idx, err)
	}
	// A reconnect of the same account keeps the id and drops tokens it no longer carries.
	c2, err := db.SaveConnection(ctx, v, store.Connection{ProfileID: p.ID, UserID: "u1", BrokerType: "coinbase", AccountID: "acc-1", AccountName: "Main 2"}, store.ConnectionSecrets{TokenID: "tok-2"})
	if err != nil || c2.ID != c.ID || c2.AccountName != "Main 2" {
		t.Fatalf("reconnect: %+v, %v", c2, err)
	}
	if _, err := v.Get(ctx, p.ID, store.ConnectionSecret(c.ID, store.ConnAccessToken)); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("stale access token kept: %v", err)
	}
	if s, _ := v.Get(ctx, p.ID, store.ConnectionSecret(c.ID, store.ConnTokenID)); s != "tok-2" {
		t.Fatalf("tokenId = %q", s)
	}
	clock.Add(5e9)
	if err := db.TouchConnection(ctx, p.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SetConnectionHealth(ctx, p.ID, c.ID, store.HealthExpired, "401 from Mesh"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Connection(ctx, p.ID, c.ID)
	if got.Health != store.HealthExpired || got.HealthDetail != "401 from Mesh" || !got.LastUsedAt.Equal(clock.Now()) {
		t.Fatalf("after touch/health: %+v", got)
	}
	if err := db.TouchConnection(ctx, p.ID, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("touch missing: %v", err)
	}
	other, err := db.SaveConnection(ctx, v, store.Connection{ProfileID: p.ID, UserID: "u2", BrokerType: "binanceInternational", AccountID: "b", DelayedAuth: true}, store.ConnectionSecrets{RefreshToken: "r"})
	if err != nil || !other.DelayedAuth {
		t.Fatalf("second connection: %+v, %v", other, err)
	}
	if l, _ := db.Connections(ctx, p.ID, ""); len(l) != 2 {
		t.Fatalf("list all: %d", len(l))
	}
	if l, _ := db.Connections(ctx, p.ID, "u2"); len(l) != 1 || l[0].ID != other.ID {
		t.Fatalf("list u2: %+v", l)
	}
	if err := db.RemoveConnection(ctx, v, p.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Connection(ctx, p.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("row survived: %v", err)
	}
	if l, _ := v.List(ctx, p.ID); len(l) != 1 {
		t.Fatalf("vault after remove: %v", l)
	}
	if err := db.RemoveConnection(ctx, v, p.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("remove twice: %v", err)
	}
}

func TestSaveConnectionRejects(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	v := store.NewMemoryVault()
	p := mustProfile(t, db, "Acme")
	tests := []struct {
		name string
		c    store.Connection
		s    store.ConnectionSecrets
		want error
	}{
		{"no user", store.Connection{ProfileID: p.ID, BrokerType: "coinbase"}, store.ConnectionSecrets{TokenID: "t"}, store.ErrInvalid},
		{"no broker", store.Connection{ProfileID: p.ID, UserID: "u"}, store.ConnectionSecrets{TokenID: "t"}, store.ErrInvalid},
		{"no secrets", store.Connection{ProfileID: p.ID, UserID: "u", BrokerType: "coinbase"}, store.ConnectionSecrets{}, store.ErrInvalid},
		{"unknown profile", store.Connection{ProfileID: "nope", UserID: "u", BrokerType: "coinbase"}, store.ConnectionSecrets{TokenID: "t"}, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := db.SaveConnection(ctx, v, tt.c, tt.s); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if v.Len() != 0 {
		t.Fatalf("rejected saves wrote %d secrets", v.Len())
	}
}

func TestSaveConnectionVaultFailureUndoes(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	v := store.NewMemoryVault()
	p := mustProfile(t, db, "Acme")
	// The keychain accepts the tokenId, then fails on the access token.
	v.Fail = func(op, _ string, key store.SecretKey) error {
		if op == "set" && len(key) > 7 && key[len(key)-6:] == "access" {
			return store.ErrVaultUnavailable
		}
		return nil
	}
	_, err := db.SaveConnection(ctx, v, store.Connection{ProfileID: p.ID, UserID: "u1", BrokerType: "coinbase", AccountID: "a"}, store.ConnectionSecrets{TokenID: "tok", AccessToken: "acc"})
	if !errors.Is(err, store.ErrVaultUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if l, _ := db.Connections(ctx, p.ID, ""); len(l) != 0 {
		t.Fatalf("row kept after failed save: %+v", l)
	}
	if v.Len() != 0 {
		t.Fatalf("tokenId left in the vault after a failed save")
	}
	if pend, _ := db.PendingDeletions(ctx); len(pend) != 0 {
		t.Fatalf("pending: %+v", pend)
	}
}

func TestRemoveConnectionVaultFailureLeavesPending(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	v := store.NewMemoryVault()
	p := mustProfile(t, db, "Acme")
	c, err := db.SaveConnection(ctx, v, store.Connection{ProfileID: p.ID, UserID: "u1", BrokerType: "coinbase"}, store.ConnectionSecrets{TokenID: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	v.Fail = func(op, _ string, _ store.SecretKey) error {
		if op == "delete" {
			return store.ErrVaultUnavailable
		}
		return nil
	}
	if err := db.RemoveConnection(ctx, v, p.ID, c.ID); !errors.Is(err, store.ErrVaultUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if _, err := db.Connection(ctx, p.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("row kept: %v", err)
	}
	pend, _ := db.PendingDeletions(ctx)
	if len(pend) != 3 {
		t.Fatalf("pending = %+v, want the connection's 3 keys", pend)
	}
	if err := db.FinishCleanup(ctx, v); !errors.Is(err, store.ErrVaultUnavailable) {
		t.Fatalf("cleanup with keychain still down: %v", err)
	}
	v.Fail = nil
	if err := db.FinishCleanup(ctx, v); err != nil {
		t.Fatal(err)
	}
	if v.Len() != 0 {
		t.Fatal("tokenId survived cleanup")
	}
	if pend, _ := db.PendingDeletions(ctx); len(pend) != 0 {
		t.Fatalf("pending after cleanup: %+v", pend)
	}
}
