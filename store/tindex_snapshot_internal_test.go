package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"meshdesk/mesh"
)

// mustSnapshotBytes makes a store of n transfers (some sharing addresses), saves its profile's
// index and returns the store, the profile's id and the file's bytes.
func mustSnapshotBytes(t testing.TB, n int) (*DB, string, []byte) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "desk.db"), WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := db.CreateProfile(ctx, Profile{Name: "A", Env: EnvDemo})
	if err != nil {
		t.Fatal(err)
	}
	ts := make([]mesh.Transfer, n)
	for i := range ts {
		ts[i] = mesh.Transfer{ID: fmt.Sprintf("t-%04d", i), Status: []mesh.TransferStatus{mesh.StatusPending, mesh.StatusSucceeded, mesh.StatusFailed}[i%3],
			CreatedTimestamp: int64(1_700_000_000 + i*7%50), AmountInFiat: float64(i%17) * 3.5, NetworkName: fmt.Sprintf("net-%d", i%4),
			Hash: fmt.Sprintf("0xh%d", i), DestinationAddress: fmt.Sprintf("0xd%d", i%5), ClientTransactionID: fmt.Sprintf("c%d", i), Raw: []byte(`{}`)}
	}
	if _, err := db.UpsertTransfers(ctx, p.ID, ts); err != nil {
		t.Fatal(err)
	}
	x, err := db.index(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.refresh(ctx, db); err != nil {
		t.Fatal(err)
	}
	x.perm(SortAmount) // every order in the file
	x.perm(SortStatus)
	if err := x.save(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(x.snap.path)
	if err != nil {
		t.Fatal(err)
	}
	return db, p.ID, b
}

// withCRC returns b with its last four bytes set to the checksum of the rest, so that a
// mutation reaches the structural checks behind the checksum.
func withCRC(b []byte) []byte {
	if len(b) < 4 {
		return b
	}
	out := bytes.Clone(b)
	binary.LittleEndian.PutUint32(out[len(out)-4:], crc32.Checksum(out[:len(out)-4], crcTable))
	return out
}

// FuzzIndexSnapshot: no snapshot file, however damaged — even with a correct checksum (the
// checksum is what catches accidental damage; this reaches the structural checks behind it) —
// makes the load panic, allocate past its size or leave an index that panics when queried.
func FuzzIndexSnapshot(f *testing.F) {
	db, profileID, good := mustSnapshotBytes(f, 300)
	f.Add(good, false)
	f.Add(good[:len(good)/2], true)
	f.Add(append(bytes.Clone(good), 0), true)
	f.Add([]byte(snapMagic), true)
	ctx := context.Background()
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte, fixCRC bool) {
		if fixCRC {
			b = withCRC(b)
		}
		x := newTindex(pk)
		x.snap.profileID = profileID
		x.mu.Lock()
		defer x.mu.Unlock()
		if err := x.readSnapshot(ctx, db, bufio.NewReader(bytes.NewReader(b)), int64(len(b))); err != nil {
			return
		}
		for _, sf := range sortFields {
			for _, desc := range []bool{false, true} {
				for _, filt := range []TransferFilter{{}, {Statuses: []mesh.TransferStatus{mesh.StatusFailed}}, {Networks: []string{"net-1"}}, {Match: "0xd1"}} {
					res, err := x.result(ctx, db, filt, sf, desc)
					if err != nil {
						t.Fatal(err)
					}
					x.build(res)
				}
			}
		}
		for _, s := range x.matchSlots("0xd1") {
			if int(s) >= x.len() {
				t.Fatalf("a look-up answered slot %d of %d", s, x.len())
			}
		}
	})
}

// TestSnapshotRoundTrip: a saved index read back holds the same arrays.
func TestSnapshotRoundTrip(t *testing.T) {
	db, profileID, b := mustSnapshotBytes(t, 500)
	ctx := context.Background()
	pk, err := profilePK(ctx, db.r, profileID)
	if err != nil {
		t.Fatal(err)
	}
	x := newTindex(pk)
	x.snap.profileID = profileID
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.readSnapshot(ctx, db, bufio.NewReader(bytes.NewReader(b)), int64(len(b))); err != nil {
		t.Fatal(err)
	}
	y, err := db.index(ctx, profileID)
	if err != nil {
		t.Fatal(err)
	}
	y.mu.Lock()
	defer y.mu.Unlock()
	if x.len() != y.len() || x.seq != y.seq || len(x.perms) != 3 {
		t.Fatalf("read back %d rows at seq %d with %d orders; saved %d at %d", x.len(), x.seq, len(x.perms), y.len(), y.seq)
	}
	for s := range x.len() {
		if x.tid.get(s) != y.tid.get(s) || x.rseq.get(s) != y.rseq.get(s) || x.created.get(s) != y.created.get(s) || x.amount[s] != y.amount[s] ||
			x.idHi[s] != y.idHi[s] || x.idLo[s] != y.idLo[s] {
			t.Fatalf("slot %d differs", s)
		}
		for i, c := range x.cols() {
			if c.strs[c.get(s)] != y.cols()[i].strs[y.cols()[i].get(s)] {
				t.Fatalf("slot %d column %d differs", s, i)
			}
		}
	}
	for _, f := range sortFields {
		if !equalInt32(x.perms[f], y.perm(f)) {
			t.Fatalf("order %s differs", f)
		}
	}
	if !equalInt32(x.matchSlots("0xd3"), y.matchSlots("0xd3")) || len(x.matchSlots("0xd3")) != 100 {
		t.Fatalf("look-up of 0xd3: %d rows read back, %d saved", len(x.matchSlots("0xd3")), len(y.matchSlots("0xd3")))
	}
}

func equalInt32(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
