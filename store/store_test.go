package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"meshdesk/store"
	"meshdesk/store/storetest"

	_ "modernc.org/sqlite"
)

func TestOpenMigratesAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "meshdesk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.CreateProfile(ctx, store.Profile{Name: "Demo", Env: store.EnvDemo}); err != nil {
		t.Fatal(err)
	}
	storetest.MustCloseDB(t, db)
	db, err = store.Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer storetest.MustCloseDB(t, db)
	if _, err := db.ProfileByName(ctx, "demo"); err != nil {
		t.Fatalf("profile lost on reopen: %v", err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v, %v (want mode 0600)", f, fi.Mode(), err)
		}
	}
	if store.SchemaVersion() < 1 {
		t.Fatal("no migrations embedded")
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meshdesk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	storetest.MustCloseDB(t, db)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO migrations (name, applied_at) VALUES ('9999_from_the_future.sql', 1)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, err = store.Open(path)
	if !errors.Is(err, store.ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	raw, _ = sql.Open("sqlite", path)
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM migrations`).Scan(&n); err != nil || n != store.SchemaVersion()+1 {
		t.Fatalf("migrations table changed: n=%d err=%v", n, err)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := store.Open(""); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("empty path: %v", err)
	}
	dir := t.TempDir()
	if _, err := store.Open(dir); err == nil {
		t.Fatal("opening a directory as the database succeeded")
	}
}

func TestSettings(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	if _, err := db.Setting(ctx, "theme"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing setting: %v", err)
	}
	for _, v := range []string{"dark", "light"} {
		if err := db.SetSetting(ctx, "theme", v); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Setting(ctx, "theme"); err != nil || got != v {
			t.Fatalf("got %q, %v; want %q", got, err, v)
		}
	}
	if err := db.DeleteSetting(ctx, "theme"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Setting(ctx, "theme"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted setting: %v", err)
	}
	if err := db.SetSetting(ctx, "", "x"); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("empty key: %v", err)
	}
}

// fakeClock is an injectable clock.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time      { return c.t }
func (c *fakeClock) Add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock               { return &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)} }

// TestPageSize: a new database gets 16 KiB pages (issue 5); one created with SQLite's default
// keeps its 4 KiB pages (WAL mode cannot change them) and works as before.
func TestPageSize(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		want int
	}{
		{"new", func(*testing.T, string) {}, 16384},
		{"empty file", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}, 16384},
		{"old database", func(t *testing.T, path string) { mustV1Database(t, path) }, 4096},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "meshdesk.db")
			tt.make(t, path)
			db, err := store.Open(path, store.WithSearchIndexing(0, 0))
			if err != nil {
				t.Fatal(err)
			}
			p := storetest.MustCreateProfile(t, db, "Pages")
			if _, err := db.UpsertTransfers(ctx, p.ID, genTransfers(3, 500)); err != nil {
				t.Fatal(err)
			}
			storetest.MustCloseDB(t, db)
			raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			var got int
			var mode string
			if err := raw.QueryRow(`PRAGMA page_size`).Scan(&got); err != nil || got != tt.want {
				t.Fatalf("page_size %d, %v; want %d", got, err, tt.want)
			}
			if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
				t.Fatalf("journal_mode %q, %v; want wal", mode, err)
			}
			var n int
			if err := raw.QueryRow(`SELECT count(*) FROM transfers`).Scan(&n); err != nil || n < 500 {
				t.Fatalf("transfers: %d, %v", n, err)
			}
		})
	}
}
