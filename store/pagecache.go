package store

import (
	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite's page caches take their pages from one buffer set aside when the package starts
// (SQLITE_CONFIG_PAGECACHE), not from malloc one page at a time.
//
// Why: every commit of another connection (a sync batch, the search worker's batches) makes
// each read connection drop its cached pages at its next read. Freed one by one, those 16 KiB
// pages go back to modernc's allocator, which hands all but its newest 4 MiB back to the
// kernel (madvise), a syscall a page that also makes the kernel flush the other CPUs' TLBs.
// A look-up right after the search worker's commits spent up to 20 ms there (p95 of look-ups
// made one at a time while the search index filled: 20 ms, 0.8–2 ms with the buffer). Pages
// taken from the buffer go back to its free list instead.
//
// The cost: SQLite threads its free list through the slots when it starts, so one 4 KiB memory
// page of each slot is resident from then on (8 MiB for 2048 slots; the idle app's PSS grew by
// 16 MiB with 4096). The rest of a slot is backed when a page is cached in it. When all but ten
// slots are in use, SQLite's caches recycle their least recently used pages rather than grow,
// so the slots also bound the process's page caches, all connections together: 32 MiB, the
// write connection's cache_size.
const (
	pageCacheSlots = 2048
	pageCachePage  = 16384
)

// pageCacheSet reports whether SQLite took the buffer (it refuses once a connection has been
// opened in the process, which this package's init comes before).
var pageCacheSet bool

func init() { pageCacheSet = setPageCache(pageCacheSlots) }

// setPageCache hands SQLite a buffer of n page slots, each a 16 KiB page and SQLite's header
// for it.
func setPageCache(n int) bool {
	tls := libc.NewTLS()
	defer tls.Close()
	// SQLite writes its header size into C memory (Go memory handed over as an address
	// trips the race detector's pointer checks).
	hdr := libc.Xmalloc(tls, 8)
	if hdr == 0 {
		return false
	}
	defer libc.Xfree(tls, hdr)
	va := libc.NewVaList(hdr)
	rc := sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_PCACHE_HDRSZ, va)
	libc.Xfree(tls, va)
	if rc != sqlite3.SQLITE_OK {
		return false
	}
	size := (pageCachePage + int(libc.AtomicLoadPInt32(hdr)) + 7) &^ 7 // 8-byte aligned
	buf := libc.Xmalloc(tls, libc.Tsize_t(size*n))                     // never freed: SQLite keeps it
	if buf == 0 {
		return false
	}
	va = libc.NewVaList(buf, int32(size), int32(n))
	rc = sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_PAGECACHE, va)
	libc.Xfree(tls, va)
	if rc != sqlite3.SQLITE_OK {
		libc.Xfree(tls, buf)
		return false
	}
	return true
}

// pageCacheUsed returns how many of the buffer's slots hold pages now (sqlite3_status).
func pageCacheUsed() int {
	tls := libc.NewTLS()
	defer tls.Close()
	vals := libc.Xmalloc(tls, 8) // current, high-water
	if vals == 0 {
		return -1
	}
	defer libc.Xfree(tls, vals)
	if sqlite3.Xsqlite3_status(tls, sqlite3.SQLITE_STATUS_PAGECACHE_USED, vals, vals+4, 0) != sqlite3.SQLITE_OK {
		return -1
	}
	return int(libc.AtomicLoadPInt32(vals))
}
