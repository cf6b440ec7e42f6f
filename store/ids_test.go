package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
)

// TestIDsWrittenByAnotherConnection: the table has no index on id (ids.go), so each DB finds
// ids through its own query index. Rows another connection (or process) committed after this
// DB's index was loaded must be found by its upsert, its webhooks and its reads: a second
// upsert of the same transfers stores nothing new and no id twice.
func TestIDsWrittenByAnotherConnection(t *testing.T) {
	defer func(v int) { *store.FPMergeAt = v }(*store.FPMergeAt)
	*store.FPMergeAt = 100 // the id tables merge their recent rows many times
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "meshdesk.db")
	a := mustOpenAt(t, path)
	b := mustOpenAt(t, path)
	p := mustProfile(t, a, "P")
	// b's index is loaded (empty) before a writes.
	if n, err := b.CountTransfers(ctx, p.ID, store.TransferFilter{}); err != nil || n != 0 {
		t.Fatalf("count: %d, %v", n, err)
	}
	ts := genTransfers(31, 700)
	for i := range ts {
		ts[i].Status = mesh.StatusPending
	}
	mustUpsert(t, a, p.ID, ts)
	r, err := b.UpsertTransfers(ctx, p.ID, ts)
	if err != nil {
		t.Fatal(err)
	}
	if r.New != 0 || r.Unchanged != len(ts) {
		t.Fatalf("second upsert through another connection: %+v, want %d unchanged", r, len(ts))
	}
	mustDistinctIDs(t, b, p.ID, len(ts))
	// Another batch from a, then a webhook for one of its transfers through b.
	more := genTransfers(32, 50)
	for i := range more {
		more[i].Status = mesh.StatusPending
	}
	mustUpsert(t, a, p.ID, more)
	out, err := b.ApplyWebhookEvent(ctx, p.ID, mesh.WebhookEvent{EventID: "e1", TransferID: more[7].ID, TransferStatus: mesh.StatusSucceeded})
	if err != nil || out != store.OutcomeApplied {
		t.Fatalf("webhook through another connection: %q, %v", out, err)
	}
	got, err := b.Transfer(ctx, p.ID, more[7].ID)
	if err != nil || got.Transfer.Status != mesh.StatusSucceeded {
		t.Fatalf("transfer after the webhook: %+v, %v", got, err)
	}
	if _, err := b.Transfer(ctx, p.ID, "no-such-transfer"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown id: %v, want ErrNotFound", err)
	}
}

// TestIDsThatShareFingerprintsStayApart: ids equal but for ASCII case share a fingerprint, and
// ids with the same first 16 bytes share the index's id key; each is still its own transfer,
// found, updated and reported on its own.
func TestIDsThatShareFingerprintsStayApart(t *testing.T) {
	ctx := context.Background()
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "meshdesk.db"))
	p := mustProfile(t, db, "P")
	ids := []string{"case-id-ABC", "case-id-abc", "same-prefix-0000-first", "same-prefix-0000-second"}
	var ts []mesh.Transfer
	for i, id := range ids {
		x := genTransfers(int64(40+i), 1)[0]
		x.ID, x.Status, x.Raw = id, mesh.StatusPending, nil
		ts = append(ts, x)
	}
	if r, err := db.UpsertTransfers(ctx, p.ID, ts[:1]); err != nil || r.New != 1 {
		t.Fatalf("first: %+v, %v", r, err)
	}
	// One by one, then all again: each later id is new once, then every one is unchanged.
	for _, x := range ts[1:] {
		if r, err := db.UpsertTransfers(ctx, p.ID, []mesh.Transfer{x}); err != nil || r.New != 1 {
			t.Fatalf("%s: %+v, %v", x.ID, r, err)
		}
	}
	if r, err := db.UpsertTransfers(ctx, p.ID, ts); err != nil || r.Unchanged != len(ts) {
		t.Fatalf("again: %+v, %v", r, err)
	}
	mustDistinctIDs(t, db, p.ID, len(ts))
	out, err := db.ApplyWebhookEvent(ctx, p.ID, mesh.WebhookEvent{EventID: "e1", TransferID: ids[1], TransferStatus: mesh.StatusFailed})
	if err != nil || out != store.OutcomeApplied {
		t.Fatalf("webhook: %q, %v", out, err)
	}
	// A look-up compares whole ids: 16 bytes are only a key (and an id is found as given or
	// in lower case).
	for v, want := range map[string]int{"same-prefix-0000": 0, "same-prefix-0000-first": 1, "case-id-ABC": 2, "case-id-abc": 1} {
		m, err := db.FindTransfers(ctx, p.ID, v, 0)
		if err != nil || m.Total != want || len(m.Rows) != want {
			t.Fatalf("look up %q: %d rows of %d, %v; want %d", v, len(m.Rows), m.Total, err, want)
		}
		w, err := db.QueryTransfers(ctx, p.ID, store.TransferQuery{Filter: store.TransferFilter{Match: v}, Limit: 10})
		if err != nil || w.Total != want {
			t.Fatalf("match %q: %d rows, %v; want %d", v, w.Total, err, want)
		}
	}
	for i, id := range ids {
		got, err := db.Transfer(ctx, p.ID, id)
		if err != nil || got.Transfer.ID != id {
			t.Fatalf("transfer %s: %+v, %v", id, got, err)
		}
		want := mesh.StatusPending
		if i == 1 {
			want = mesh.StatusFailed
		}
		if got.Transfer.Status != want {
			t.Fatalf("transfer %s: status %s, want %s", id, got.Transfer.Status, want)
		}
	}
}

// mustDistinctIDs checks that the profile holds n transfers with n different ids.
func mustDistinctIDs(t *testing.T, db *store.DB, profileID string, n int) {
	t.Helper()
	conn := mustReadOnly(t, db)
	var rows, distinct int
	err := conn.QueryRow(`SELECT count(*), count(DISTINCT id) FROM transfers WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?)`, profileID).Scan(&rows, &distinct)
	if err != nil {
		t.Fatal(err)
	}
	if rows != n || distinct != n {
		t.Fatalf("%d rows with %d distinct ids, want %d", rows, distinct, n)
	}
}
