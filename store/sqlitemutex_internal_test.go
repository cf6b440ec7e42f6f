package store

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"meshdesk/mesh"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// TestSQLiteMutexes checks, through SQLite's own mutex API, that it uses this package's
// mutexes (sqlitemutex.go): a connection's (recursive) mutex is a no-op, a fast or static one
// excludes other threads and a static one may be entered again by its holder.
func TestSQLiteMutexes(t *testing.T) {
	if !sqliteMutexSet {
		t.Fatal("SQLite refused the mutex methods (was a connection opened before the store package's init?)")
	}
	mustOpenInternal(t) // SQLite has started
	a, b := libc.NewTLS(), libc.NewTLS()
	defer a.Close()
	defer b.Close()

	conn := sqlite3.Xsqlite3_mutex_alloc(a, sqlite3.SQLITE_MUTEX_RECURSIVE)
	if conn == 0 {
		t.Fatal("no recursive mutex")
	}
	sqlite3.Xsqlite3_mutex_enter(a, conn)
	if rc := sqlite3.Xsqlite3_mutex_try(b, conn); rc != sqlite3.SQLITE_OK {
		t.Errorf("a connection's mutex held elsewhere: try = %d, want SQLITE_OK (a no-op)", rc)
	} else {
		sqlite3.Xsqlite3_mutex_leave(b, conn)
	}
	sqlite3.Xsqlite3_mutex_leave(a, conn)
	sqlite3.Xsqlite3_mutex_free(a, conn)

	fast := sqlite3.Xsqlite3_mutex_alloc(a, sqlite3.SQLITE_MUTEX_FAST)
	defer sqlite3.Xsqlite3_mutex_free(a, fast)
	mustExcludeOthers(t, "a fast mutex", a, b, fast, 1)

	app := sqlite3.Xsqlite3_mutex_alloc(a, sqlite3.SQLITE_MUTEX_STATIC_APP3)
	if again := sqlite3.Xsqlite3_mutex_alloc(b, sqlite3.SQLITE_MUTEX_STATIC_APP3); again != app || app == 0 {
		t.Fatalf("static mutex: %#x then %#x, want the same one", app, again)
	}
	mustExcludeOthers(t, "a static mutex", a, b, app, 2)
}

// mustExcludeOthers enters m enters times on a and leaves it once fewer: b must not get it
// then, and must once a leaves it the last time.
func mustExcludeOthers(t *testing.T, name string, a, b *libc.TLS, m uintptr, enters int) {
	t.Helper()
	for range enters {
		sqlite3.Xsqlite3_mutex_enter(a, m)
	}
	for range enters - 1 {
		sqlite3.Xsqlite3_mutex_leave(a, m)
	}
	if rc := sqlite3.Xsqlite3_mutex_try(b, m); rc != sqlite3.SQLITE_BUSY {
		t.Errorf("%s entered %d times and left once fewer: try elsewhere = %d, want SQLITE_BUSY", name, enters, rc)
	}
	sqlite3.Xsqlite3_mutex_leave(a, m)
	if rc := sqlite3.Xsqlite3_mutex_try(b, m); rc != sqlite3.SQLITE_OK {
		t.Errorf("%s left: try elsewhere = %d, want SQLITE_OK", name, rc)
		return
	}
	sqlite3.Xsqlite3_mutex_leave(b, m)
}

// TestSQLiteMutexesExclude has goroutines, each with its own TLS as each connection has, add
// to a counter under one fast mutex: a mutex that let two in at once loses increments (and
// -race reports the race).
func TestSQLiteMutexesExclude(t *testing.T) {
	mustOpenInternal(t)
	tls := libc.NewTLS()
	defer tls.Close()
	m := sqlite3.Xsqlite3_mutex_alloc(tls, sqlite3.SQLITE_MUTEX_FAST)
	defer sqlite3.Xsqlite3_mutex_free(tls, m)
	const workers, each = 4, 20000
	counter := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tls := libc.NewTLS()
			defer tls.Close()
			for i := range each {
				sqlite3.Xsqlite3_mutex_enter(tls, m)
				v := counter
				if i%64 == 0 {
					runtime.Gosched() // let the others try to come in meanwhile
				}
				counter = v + 1
				sqlite3.Xsqlite3_mutex_leave(tls, m)
			}
		}()
	}
	wg.Wait()
	if counter != workers*each {
		t.Fatalf("counter %d, want %d", counter, workers*each)
	}
}

// TestStoreUnderConcurrentUse writes and reads one store from several goroutines at once (the
// pool's connections, each its own no-op mutex, the shared ones real) and checks every row.
func TestStoreUnderConcurrentUse(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "meshdesk.db")) // the search worker runs too
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := db.CreateProfile(ctx, Profile{Name: "A", Env: EnvDemo})
	if err != nil {
		t.Fatal(err)
	}
	pid := p.ID
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				var ts []mesh.Transfer
				for k := range 40 {
					ts = append(ts, mesh.Transfer{ID: fmt.Sprintf("w%d-%d-%d", w, i, k), Status: mesh.StatusPending, Hash: fmt.Sprintf("0xw%d%d%dcafe", w, i, k)})
				}
				if _, err := db.UpsertTransfers(ctx, pid, ts); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 40 {
				if _, err := db.QueryTransfers(ctx, pid, TransferQuery{Limit: 20}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	w, err := db.QueryTransfers(ctx, pid, TransferQuery{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if w.Total != 3*10*40 {
		t.Fatalf("%d transfers, want %d", w.Total, 3*10*40)
	}
	var check string
	if err := db.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
}
