package store

import (
	"context"
	"testing"
)

// TestPageCacheBuffer checks that SQLite took the page buffer at start and that a store's
// pages come from it: without it, pages are malloc'd one by one (pagecache.go says why that
// matters).
func TestPageCacheBuffer(t *testing.T) {
	if !pageCacheSet {
		t.Fatal("SQLite refused the page cache buffer (was a connection opened before the store package's init?)")
	}
	db, pid := mustOpenInternal(t)
	mustUpsertN(t, db, pid, "p", 50)
	if _, err := db.QueryTransfers(context.Background(), pid, TransferQuery{Limit: 10}); err != nil {
		t.Fatal(err)
	}
	if n := pageCacheUsed(); n <= 0 {
		t.Fatalf("%d of the buffer's page slots in use after writes and a query; want some", n)
	}
}
