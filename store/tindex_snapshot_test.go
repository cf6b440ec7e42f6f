package store_test

import (
	"context"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
)

// snapFixture is a store whose profile's query index was saved to its snapshot file.
type snapFixture struct {
	path    string
	db      *store.DB
	profile *store.Profile
	list    []mesh.Transfer
}

// mustSnapshotStore makes a store of n transfers (fewer under the race detector), loads its
// query index (which saves the snapshot), closes it and opens it again (the index not loaded
// yet).
func mustSnapshotStore(t *testing.T, n int) *snapFixture {
	t.Helper()
	if raceEnabled {
		n = min(n, 150)
	}
	defer store.SetSnapshotMinRows(100)()
	f := &snapFixture{path: filepath.Join(t.TempDir(), "desk.db")}
	db := mustOpenAt(t, f.path)
	f.profile = mustProfile(t, db, "A")
	f.list = genTransfers(5, n)
	mustUpsert(t, db, f.profile.ID, f.list)
	if _, err := db.CountTransfers(context.Background(), f.profile.ID, store.TransferFilter{}); err != nil {
		t.Fatal(err)
	}
	snap := store.SnapshotPath(db, f.profile.ID)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(snap); err != nil {
		t.Fatalf("no snapshot after the index was loaded and the store closed: %v", err)
	}
	f.db = mustOpenAt(t, f.path)
	return f
}

func mustOpenAt(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func (f *snapFixture) snapPath() string { return store.SnapshotPath(f.db, f.profile.ID) }

// mustAgree checks random queries and look-ups against SQL and returns the index's stats.
func mustAgree(t *testing.T, db *store.DB, profileID string, list []mesh.Transfer, seed int64) store.IndexStats {
	t.Helper()
	ctx := context.Background()
	st, err := db.QueryIndexStats(ctx, profileID)
	if err != nil {
		t.Fatal(err)
	}
	conn := mustReadOnly(t, db)
	r := rand.New(rand.NewSource(seed))
	queries, lookups := 12, 8
	if testing.Short() {
		queries, lookups = 5, 3
	}
	if raceEnabled {
		queries, lookups = 2, 1
	}
	for range queries {
		q := randomQuery(r, list)
		want := sqlReference(t, conn, profileID, q)
		q.Limit = 1 + r.Intn(200)
		q.Offset = r.Intn(len(want) + 1)
		w, err := db.QueryTransfers(ctx, profileID, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := rowIDs(w.Rows); w.Total != len(want) || !slices.Equal(got, want[q.Offset:min(q.Offset+q.Limit, len(want))]) {
			t.Fatalf("window of %+v: total %d, want %d; rows differ from SQL", q, w.Total, len(want))
		}
	}
	for range lookups {
		x := list[r.Intn(len(list))]
		for _, v := range []string{x.ID, x.Hash, x.DestinationAddress, x.ClientTransactionID} {
			mustMatchSQL(t, db, conn, profileID, v)
		}
	}
	return st
}

func TestIndexSnapshotUsedAndFollowsChanges(t *testing.T) {
	f := mustSnapshotStore(t, 1500)
	// Changes after the snapshot was written (webhooks, changed and new transfers) are read
	// from the table on top of it.
	f.list = mutate(t, rand.New(rand.NewSource(3)), f.db, f.profile.ID, f.list, 1)
	st := mustAgree(t, f.db, f.profile.ID, f.list, 1)
	if !st.FromSnapshot || st.Rows != len(f.list) {
		t.Fatalf("stats %+v: want the index from its snapshot with %d rows", st, len(f.list))
	}
}

func TestIndexSnapshotRejected(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, f *snapFixture)
	}{
		{"missing", func(t *testing.T, f *snapFixture) { os.Remove(f.snapPath()) }},
		{"empty", func(t *testing.T, f *snapFixture) { mustWrite(t, f.snapPath(), nil) }},
		{"truncated", func(t *testing.T, f *snapFixture) {
			b := mustRead(t, f.snapPath())
			mustWrite(t, f.snapPath(), b[:len(b)/2])
		}},
		{"a flipped byte", func(t *testing.T, f *snapFixture) {
			b := mustRead(t, f.snapPath())
			b[len(b)/3] ^= 0x40
			mustWrite(t, f.snapPath(), b)
		}},
		{"another version", func(t *testing.T, f *snapFixture) {
			b := mustRead(t, f.snapPath())
			b[7]++
			mustWrite(t, f.snapPath(), b)
		}},
		{"not a snapshot", func(t *testing.T, f *snapFixture) {
			mustWrite(t, f.snapPath(), []byte(strings.Repeat("SQLite format 3\x00", 4096)))
		}},
		{"another profile's", func(t *testing.T, f *snapFixture) {
			b := mustProfile(t, f.db, "B")
			mustUpsert(t, f.db, b.ID, genTransfers(6, 300))
			mustWrite(t, store.SnapshotPath(f.db, b.ID), mustRead(t, f.snapPath()))
			// Profile B must not take A's file (checked here; A's own is then fine).
			conn := mustReadOnly(t, f.db)
			w, err := f.db.QueryTransfers(context.Background(), b.ID, store.TransferQuery{Sort: store.SortCreated, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if want := sqlReference(t, conn, b.ID, store.TransferQuery{Sort: store.SortCreated}); len(want) != w.Total {
				t.Fatalf("profile B: %d rows, want %d", w.Total, len(want))
			}
			if st, _ := f.db.QueryIndexStats(context.Background(), b.ID); st.FromSnapshot {
				t.Fatal("profile B's index came from profile A's snapshot")
			}
			os.Remove(f.snapPath())
		}},
		{"ahead of the database (restored from a backup)", func(t *testing.T, f *snapFixture) {
			f.db.Close()
			backup := mustCopyStore(t, f.path)
			db := mustOpenAt(t, f.path)
			mutate(t, rand.New(rand.NewSource(9)), db, f.profile.ID, slices.Clone(f.list), 2)
			if _, err := db.CountTransfers(context.Background(), f.profile.ID, store.TransferFilter{}); err != nil {
				t.Fatal(err)
			}
			db.Close() // the snapshot now holds the changes
			mustRestoreStore(t, backup, f.path)
			f.db = mustOpenAt(t, f.path)
		}},
		{"diverged after a restore", func(t *testing.T, f *snapFixture) {
			f.db.Close()
			backup := mustCopyStore(t, f.path)
			db := mustOpenAt(t, f.path)
			mustUpsert(t, db, f.profile.ID, genTransfers(10, 200))
			if _, err := db.CountTransfers(context.Background(), f.profile.ID, store.TransferFilter{}); err != nil {
				t.Fatal(err)
			}
			db.Close()
			mustRestoreStore(t, backup, f.path)
			// Other transfers, written with the same row ids and seqs as the lost ones, by a
			// process that has snapshots off (a writer loads the query index, ids.go, and
			// would otherwise replace the diverged file with a good one).
			noSnap := store.SetSnapshotMinRows(-1)
			db = mustOpenAt(t, f.path)
			f.list = append(f.list, genTransfers(11, 200)...)
			mustUpsert(t, db, f.profile.ID, f.list[len(f.list)-200:])
			db.Close()
			noSnap()
			f.db = mustOpenAt(t, f.path)
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if raceEnabled && i%3 != 0 {
				t.Skip("a third of the cases under the race detector (the concurrency is the same)")
			}
			defer store.SetSnapshotMinRows(100)()
			f := mustSnapshotStore(t, 1200)
			c.damage(t, f)
			st := mustAgree(t, f.db, f.profile.ID, f.list, 2)
			t.Logf("not used: %s", st.SnapshotNote)
			if st.FromSnapshot {
				t.Fatalf("the index came from a snapshot that is %s", c.name)
			}
			// It is saved again on close, and used by the next open.
			if err := f.db.Close(); err != nil {
				t.Fatal(err)
			}
			f.db = mustOpenAt(t, f.path)
			st, err := f.db.QueryIndexStats(context.Background(), f.profile.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !raceEnabled {
				st = mustAgree(t, f.db, f.profile.ID, f.list, 3)
			}
			if !st.FromSnapshot {
				t.Fatalf("the snapshot written after a rejected one is not used: %s", st.SnapshotNote)
			}
		})
	}
}

func TestIndexSnapshotRemovedWithProfile(t *testing.T) {
	f := mustSnapshotStore(t, 500)
	if _, err := f.db.CountTransfers(context.Background(), f.profile.ID, store.TransferFilter{}); err != nil {
		t.Fatal(err)
	}
	path := f.snapPath()
	if err := f.db.DeleteProfile(context.Background(), store.NewMemoryVault(), f.profile.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("snapshot of a deleted profile still there: %v", err)
	}
}

func TestIndexSnapshotNotWrittenForSmallIndexes(t *testing.T) {
	defer store.SetSnapshotMinRows(200)()
	path := filepath.Join(t.TempDir(), "desk.db")
	db := mustOpenAt(t, path)
	p := mustProfile(t, db, "A")
	mustUpsert(t, db, p.ID, genTransfers(1, 199))
	if _, err := db.CountTransfers(context.Background(), p.ID, store.TransferFilter{}); err != nil {
		t.Fatal(err)
	}
	snap := store.SnapshotPath(db, p.ID)
	db.Close()
	if _, err := os.Stat(snap); !os.IsNotExist(err) {
		t.Fatalf("a 199-row index was saved (minimum 200): %v", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustWrite(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// mustCopyStore copies a closed store's database (and WAL, if any) aside.
func mustCopyStore(t *testing.T, path string) string {
	t.Helper()
	dir := t.TempDir()
	for _, sfx := range []string{"", "-wal"} {
		src, err := os.Open(path + sfx)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.Create(filepath.Join(dir, "copy"+sfx))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
		dst.Close()
	}
	return filepath.Join(dir, "copy")
}

// mustRestoreStore puts a copy made by mustCopyStore back (the snapshot file stays).
func mustRestoreStore(t *testing.T, copyPath, path string) {
	t.Helper()
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	for _, sfx := range []string{"", "-wal"} {
		b, err := os.ReadFile(copyPath + sfx)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, path+sfx, b)
	}
}
