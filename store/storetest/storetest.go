// Package storetest gives other packages' tests a real store on a temporary SQLite file.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"meshdesk/store"
)

// MustOpenDB opens a new database in tb.TempDir() and closes it when the test ends.
// Options are passed to store.Open (e.g. store.WithNow for a fixed clock).
func MustOpenDB(tb testing.TB, opts ...store.Option) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "meshdesk.db"), opts...)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { MustCloseDB(tb, db) })
	return db
}

// MustCloseDB closes db, failing the test on error. Closing twice is harmless.
func MustCloseDB(tb testing.TB, db *store.DB) {
	tb.Helper()
	if err := db.Close(); err != nil {
		tb.Fatalf("close store: %v", err)
	}
}

// MustCreateProfile creates a profile with the given name in env demo and returns it.
func MustCreateProfile(tb testing.TB, db *store.DB, name string) *store.Profile {
	tb.Helper()
	p, err := db.CreateProfile(context.Background(), store.Profile{Name: name, Env: store.EnvDemo})
	if err != nil {
		tb.Fatalf("create profile %q: %v", name, err)
	}
	return p
}
