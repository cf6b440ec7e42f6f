package store

import (
	"context"
	"strconv"
)

// SetIndexLimits sets how deep a first window is answered by a walk and up to what size a list
// is built by sorting (tests go through every path); the returned func restores them.
func SetIndexLimits(walk, small int) (restore func()) {
	w, s := firstWalk, smallList
	firstWalk, smallList = walk, small
	return func() { firstWalk, smallList = w, s }
}

// SetSnapshotMinRows sets the smallest query index saved to a snapshot file (-1: never); the
// returned func restores it.
func SetSnapshotMinRows(n int) (restore func()) {
	old := snapshotMinRows
	snapshotMinRows = n
	return func() { snapshotMinRows = old }
}

// SnapshotPath is the snapshot file of a profile's query index.
func SnapshotPath(db *DB, profileID string) string {
	pk, err := profilePK(context.Background(), db.r, profileID)
	if err != nil {
		panic(err)
	}
	return snapshotPath(db.path, pk)
}

// SetLookupSortMax sets how many matches a look-up sorts before it marks them in a bitmap
// instead; the returned func restores it.
func SetLookupSortMax(n int) (restore func()) {
	old := lookupSortMax
	lookupSortMax = n
	return func() { lookupSortMax = old }
}

// SetFingerprintMerge sets how many recent look-up fingerprints are kept before they are
// merged into the table; the returned func restores it.
func SetFingerprintMerge(n int) (restore func()) {
	old := fpMergeAt
	fpMergeAt = n
	return func() { fpMergeAt = old }
}

// SetDense sets the share of the rows that makes a fingerprint dense (0: none is) and how many
// may be; the returned func restores them.
func SetDense(share, most int) (restore func()) {
	s, m := denseShare, denseMax
	denseShare, denseMax = share, most
	return func() { denseShare, denseMax = s, m }
}

// DenseSets returns how many dense fingerprint sets a profile's query index keeps, checking
// each one's count against its bits.
func DenseSets(db *DB, profileID string) int {
	x, err := db.index(context.Background(), profileID)
	if err != nil {
		panic(err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range x.dense {
		if n := popcount(d.bits); n != d.n {
			panic("a dense set counts " + strconv.Itoa(d.n) + " rows but has " + strconv.Itoa(n) + " bits set")
		}
	}
	return len(x.dense)
}
