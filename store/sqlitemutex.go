package store

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite's mutexes are set when the package starts (SQLITE_CONFIG_MUTEX): a connection's own
// mutex does nothing, the others are Go mutexes.
//
// Why: on Linux modernc's SQLite uses its emulated pthread mutexes, which find each mutex in a
// sharded map under a lock of their own on every enter and every leave. SQLite enters the
// connection's mutex in every API call, sqlite3_column_* included, and the driver makes three
// of those for each text column it reads: reading the fifty rows of an exact look-up (22
// columns each) spent more than a quarter of its CPU in mutexes.
//
// A connection's mutex (the only one SQLite allocates SQLITE_MUTEX_RECURSIVE) only guards
// against two threads using one connection at once, which database/sql never does: a conn
// serves one caller at a time, and the driver's interrupt on a done context is an atomic
// store that takes no mutex. So it is a no-op, as if every connection were opened
// SQLITE_OPEN_NOMUTEX (the driver always asks FULLMUTEX). The mutexes SQLite shares between
// connections (the page buffer's free list, the WAL index, its static ones) stay real: Go
// mutexes, as modernc installs on its other systems.
//
// SQLite holds a mutex by the address of a small cell of C memory, which names the mutex by
// its index in sqliteMutexes. The mutexes themselves are Go memory, so that the race detector
// sees the order they put SQLite's own Go globals in (a Go mutex in C memory is invisible to
// it), and a Go address is never handed over as a number (the race detector's pointer checks
// stop that).
type sqliteMutex struct {
	mu        sync.Mutex
	owner     atomic.Int32 // the libc.TLS.ID holding it, 0 when free
	depth     int32        // enters by the owner not yet left; touched by the owner only
	recursive bool
}

// mutexCell is the C memory SQLite knows a mutex by.
type mutexCell struct {
	index uint32 // in sqliteMutexes
	noop  uint32 // 1: a connection's mutex
}

const mutexChunk = 256

// sqliteMutexes holds every mutex, by index: chunks that never move once made, published
// whole so that a look-up takes no lock. free lists the indexes of freed mutexes.
var sqliteMutexes struct {
	mu     sync.Mutex
	chunks atomic.Pointer[[]*[mutexChunk]sqliteMutex]
	n      uint32
	free   []uint32
}

// sqliteMutexSet reports whether SQLite took the methods (it refuses once it has started,
// which this package's init comes before).
var sqliteMutexSet bool

// staticMutexes are SQLite's static mutexes (their cells), by type (SQLITE_MUTEX_STATIC_MAIN
// … VFS3).
var staticMutexes [sqlite3.SQLITE_MUTEX_STATIC_VFS3 + 1]uintptr

func init() { sqliteMutexSet = setSQLiteMutexes() }

func setSQLiteMutexes() bool {
	tls := libc.NewTLS()
	defer tls.Close()
	for typ := sqlite3.SQLITE_MUTEX_STATIC_MAIN; typ < len(staticMutexes); typ++ {
		if staticMutexes[typ] = newSQLiteMutex(tls, true, false); staticMutexes[typ] == 0 {
			return false
		}
	}
	// SQLite copies the methods; it reads them from C memory, as it reads the cells.
	m := libc.Xcalloc(tls, 1, libc.Tsize_t(unsafe.Sizeof(sqlite3.Sqlite3_mutex_methods{})))
	if m == 0 {
		return false
	}
	defer libc.Xfree(tls, m)
	*(*sqlite3.Sqlite3_mutex_methods)(unsafe.Add(nil, m)) = sqlite3.Sqlite3_mutex_methods{
		// A C function pointer in modernc's SQLite is a Go func value's address.
		FxMutexInit:  funcPtr(func(*libc.TLS) int32 { return sqlite3.SQLITE_OK }),
		FxMutexEnd:   funcPtr(func(*libc.TLS) int32 { return sqlite3.SQLITE_OK }),
		FxMutexAlloc: funcPtr(sqliteMutexAlloc),
		FxMutexFree:  funcPtr(sqliteMutexFree),
		FxMutexEnter: funcPtr(sqliteMutexEnter),
		FxMutexTry:   funcPtr(sqliteMutexTry),
		FxMutexLeave: funcPtr(sqliteMutexLeave),
		// Held and Notheld serve SQLite's assert()s only; a no-op mutex answers yes to both.
		FxMutexHeld: funcPtr(func(tls *libc.TLS, m uintptr) int32 {
			x := mutexOf(m)
			return b2i(x == nil || x.owner.Load() == tls.ID)
		}),
		FxMutexNotheld: funcPtr(func(tls *libc.TLS, m uintptr) int32 {
			x := mutexOf(m)
			return b2i(x == nil || x.owner.Load() != tls.ID)
		}),
	}
	va := libc.NewVaList(m)
	defer libc.Xfree(tls, va)
	return sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_MUTEX, va) == sqlite3.SQLITE_OK
}

// funcPtr returns f as modernc's SQLite calls a C function pointer.
func funcPtr[F any](f F) uintptr {
	return *(*uintptr)(unsafe.Pointer(&struct{ f F }{f}))
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// mutexOf returns the mutex of the cell at C address m, nil for none or a no-op one.
func mutexOf(m uintptr) *sqliteMutex {
	if m == 0 {
		return nil
	}
	c := (*mutexCell)(unsafe.Add(nil, m))
	if c.noop != 0 {
		return nil
	}
	return &(*(*sqliteMutexes.chunks.Load())[c.index/mutexChunk])[c.index%mutexChunk]
}

// newSQLiteMutex makes a mutex and returns its cell (0 when out of memory).
func newSQLiteMutex(tls *libc.TLS, recursive, noop bool) uintptr {
	m := libc.Xcalloc(tls, 1, libc.Tsize_t(unsafe.Sizeof(mutexCell{})))
	if m == 0 {
		return 0
	}
	c := (*mutexCell)(unsafe.Add(nil, m))
	if noop {
		c.noop = 1
		return m
	}
	t := &sqliteMutexes
	t.mu.Lock()
	defer t.mu.Unlock()
	if k := len(t.free); k > 0 {
		c.index, t.free = t.free[k-1], t.free[:k-1]
	} else {
		c.index = t.n
		t.n++
		var chunks []*[mutexChunk]sqliteMutex
		if p := t.chunks.Load(); p != nil {
			chunks = *p
		}
		if int(c.index/mutexChunk) == len(chunks) {
			chunks = append(chunks[:len(chunks):len(chunks)], new([mutexChunk]sqliteMutex))
			t.chunks.Store(&chunks)
		}
	}
	x := mutexOf(m) // free: a mutex is freed unheld
	x.recursive, x.depth = recursive, 0
	return m
}

// sqliteMutexAlloc is xMutexAlloc: a new mutex for SQLITE_MUTEX_FAST, a new no-op one for
// SQLITE_MUTEX_RECURSIVE (a connection's), else the static mutex of that type (0, which SQLite
// takes as out of memory, for a type it never asks).
func sqliteMutexAlloc(tls *libc.TLS, typ int32) uintptr {
	switch {
	case typ == sqlite3.SQLITE_MUTEX_FAST:
		return newSQLiteMutex(tls, false, false)
	case typ == sqlite3.SQLITE_MUTEX_RECURSIVE:
		return newSQLiteMutex(tls, true, true)
	case typ >= sqlite3.SQLITE_MUTEX_STATIC_MAIN && int(typ) < len(staticMutexes):
		return staticMutexes[typ]
	}
	return 0
}

// sqliteMutexFree is xMutexFree (never called for a static mutex).
func sqliteMutexFree(tls *libc.TLS, m uintptr) {
	if m == 0 {
		return
	}
	if c := (*mutexCell)(unsafe.Add(nil, m)); c.noop == 0 {
		t := &sqliteMutexes
		t.mu.Lock()
		t.free = append(t.free, c.index)
		t.mu.Unlock()
	}
	libc.Xfree(tls, m)
}

func sqliteMutexEnter(tls *libc.TLS, m uintptr) {
	x := mutexOf(m)
	if x == nil {
		return
	}
	if x.recursive && x.owner.Load() == tls.ID {
		x.depth++
		return
	}
	x.mu.Lock()
	x.owner.Store(tls.ID)
	x.depth = 1
}

func sqliteMutexTry(tls *libc.TLS, m uintptr) int32 {
	x := mutexOf(m)
	if x == nil {
		return sqlite3.SQLITE_OK
	}
	if x.recursive && x.owner.Load() == tls.ID {
		x.depth++
		return sqlite3.SQLITE_OK
	}
	if !x.mu.TryLock() {
		return sqlite3.SQLITE_BUSY
	}
	x.owner.Store(tls.ID)
	x.depth = 1
	return sqlite3.SQLITE_OK
}

func sqliteMutexLeave(tls *libc.TLS, m uintptr) {
	x := mutexOf(m)
	if x == nil {
		return
	}
	if x.depth--; x.depth == 0 {
		x.owner.Store(0)
		x.mu.Unlock()
	}
}
