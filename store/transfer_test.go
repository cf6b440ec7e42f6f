package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

func transferWith(id string, status mesh.TransferStatus, hash string) mesh.Transfer {
	return withRaw(mesh.Transfer{ID: id, Status: status, Hash: hash, AmountInFiat: 10, CreatedTimestamp: 1_700_000_000, Symbol: "USDC"})
}

func TestUpsertStatusRules(t *testing.T) {
	P, S, F := mesh.StatusPending, mesh.StatusSucceeded, mesh.StatusFailed
	tests := []struct {
		name        string
		first, then mesh.TransferStatus
		want        store.PageResult
		final       mesh.TransferStatus
		history     int
	}{
		{"pending to succeeded", P, S, store.PageResult{Changed: 1}, S, 1},
		{"pending to failed", P, F, store.PageResult{Changed: 1}, F, 1},
		{"succeeded never back to pending", S, P, store.PageResult{Stale: 1}, S, 0},
		{"failed never back to pending", F, P, store.PageResult{Stale: 1}, F, 0},
		{"API may correct succeeded to failed", S, F, store.PageResult{Changed: 1}, F, 1},
		{"final unchanged", S, S, store.PageResult{FinalUnchanged: 1}, S, 0},
		{"pending unchanged", P, P, store.PageResult{Unchanged: 1}, P, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.MustOpenDB(t)
			ctx := context.Background()
			p := mustProfile(t, db, "A")
			r, err := db.UpsertTransfers(ctx, p.ID, []mesh.Transfer{transferWith("t1", tt.first, "")})
			if err != nil || r != (store.PageResult{New: 1}) {
				t.Fatalf("first: %+v, %v", r, err)
			}
			r, err = db.UpsertTransfers(ctx, p.ID, []mesh.Transfer{transferWith("t1", tt.then, "")})
			if err != nil || r != tt.want {
				t.Fatalf("second: %+v, %v; want %+v", r, err, tt.want)
			}
			got, err := db.Transfer(ctx, p.ID, "t1")
			if err != nil || got.Transfer.Status != tt.final || len(got.History) != tt.history {
				t.Fatalf("stored: %+v, %v", got, err)
			}
			if tt.history == 1 && (got.History[0].From != tt.first || got.History[0].To != tt.then || got.History[0].Source != store.SourceAPI) {
				t.Fatalf("history: %+v", got.History)
			}
		})
	}
}

func TestUpsertKeepsRawAndIsolatesProfiles(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	a, b := mustProfile(t, db, "A"), mustProfile(t, db, "B")
	raw := `{"id":"t1","status":"pending","amountInFiat":100.10,"amount":0.004786046226555188,"createdTimestamp":1715175519,"symbol":"ETH","unknownField":{"x":1}}`
	var tr mesh.Transfer
	if err := json.Unmarshal([]byte(raw), &tr); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertTransfers(ctx, a.ID, []mesh.Transfer{tr}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Transfer(ctx, a.ID, "t1")
	if err != nil || string(got.Transfer.Raw) != raw {
		t.Fatalf("raw = %s, %v", got.Transfer.Raw, err)
	}
	if _, err := db.Transfer(ctx, b.ID, "t1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("profile B sees A's transfer: %v", err)
	}
	// The same id in B is a separate transfer.
	if r, err := db.UpsertTransfers(ctx, b.ID, []mesh.Transfer{tr}); err != nil || r.New != 1 {
		t.Fatalf("B: %+v, %v", r, err)
	}
	if _, err := db.UpsertTransfers(ctx, "nope", []mesh.Transfer{tr}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown profile: %v", err)
	}
	if _, err := db.UpsertTransfers(ctx, a.ID, []mesh.Transfer{{}}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("transfer without id: %v", err)
	}
}

func TestApplySyncPageIsOneTransaction(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	st := store.SyncState{Phase: store.SyncPaging, ToTimestamp: 1_800_000_000, Offset: 100, NewestCreated: 1_700_000_100, Total: 250}
	page := genTransfers(7, 100)
	r, err := db.ApplySyncPage(ctx, p.ID, page, st)
	if err != nil || r.New != 100 {
		t.Fatalf("page: %+v, %v", r, err)
	}
	got, err := db.SyncState(ctx, p.ID)
	if err != nil || got.Offset != 100 || got.Phase != store.SyncPaging || got.ToTimestamp != st.ToTimestamp || got.Total != 250 || got.UpdatedAt.IsZero() {
		t.Fatalf("state: %+v, %v", got, err)
	}
	// A page with a bad transfer in the middle stores neither its transfers nor its cursor.
	bad := genTransfers(8, 10)
	bad[5].ID = ""
	st2 := st
	st2.Offset = 200
	if _, err := db.ApplySyncPage(ctx, p.ID, bad, st2); err == nil {
		t.Fatal("bad page accepted")
	}
	if got, _ := db.SyncState(ctx, p.ID); got.Offset != 100 {
		t.Fatalf("cursor moved by a failed page: %+v", got)
	}
	if n, _ := db.CountTransfers(ctx, p.ID, store.TransferFilter{}); n != 100 {
		t.Fatalf("count after failed page = %d", n)
	}
	// Re-applying the same page (a resumed sync) duplicates nothing.
	r, err = db.ApplySyncPage(ctx, p.ID, page, st)
	if err != nil || r.New != 0 || r.Changed != 0 || r.FinalUnchanged+r.Unchanged != 100 {
		t.Fatalf("re-applied page: %+v, %v", r, err)
	}
	if s, err := db.SyncState(ctx, mustProfile(t, db, "Fresh").ID); err != nil || s != (store.SyncState{}) {
		t.Fatalf("fresh state: %+v, %v", s, err)
	}
	done := store.SyncState{HighWater: 1_700_000_100, LastCompleted: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := db.PutSyncState(ctx, p.ID, done); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SyncState(ctx, p.ID); got.Phase != store.SyncIdle || got.HighWater != done.HighWater || !got.LastCompleted.Equal(done.LastCompleted) {
		t.Fatalf("put: %+v", got)
	}
}

func TestPendingTransferIDs(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	ts := genTransfers(3, 200)
	mustUpsert(t, db, p.ID, ts)
	var want []string
	for _, tr := range ts {
		if !tr.Status.IsFinal() {
			want = append(want, tr.ID)
		}
	}
	got, err := db.PendingTransferIDs(ctx, p.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(want) // created ascending in generation order; pending list is newest first
	if !slices.Equal(got, want) {
		t.Fatalf("pending ids: got %d, want %d", len(got), len(want))
	}
	if got, _ := db.PendingTransferIDs(ctx, p.ID, 3); len(got) != 3 || got[0] != want[0] {
		t.Fatalf("limited: %v", got)
	}
}

func TestLookupTransfers(t *testing.T) {
	defer func(v int) { *store.FPMergeAt = v }(*store.FPMergeAt)
	*store.FPMergeAt = 100 // merge the fingerprints many times
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	ts := genTransfers(4, 300)
	mustUpsert(t, db, p.ID, ts[:100])
	if got, _ := db.LookupTransfers(ctx, p.ID, ts[50].Hash); len(got) != 1 {
		t.Fatalf("lookup before more rows: %d", len(got))
	}
	mustUpsert(t, db, p.ID, ts[100:])
	x := ts[123]
	for _, v := range []string{x.ID, x.ClientTransactionID, x.Hash, x.DestinationAddress, x.RefundAddress, " " + x.Hash + " "} {
		got, err := db.LookupTransfers(ctx, p.ID, v)
		if err != nil || len(got) != 1 || got[0].ID != x.ID {
			t.Fatalf("lookup %q: %+v, %v", v, got, err)
		}
	}
	// Addresses are matched without regard to case (EIP-55 checksums).
	upper := "0X" + x.Hash[2:]
	if got, _ := db.LookupTransfers(ctx, p.ID, upper); len(got) != 1 {
		t.Fatalf("case-insensitive hash: %d", len(got))
	}
	if got, _ := db.LookupTransfers(ctx, p.ID, x.Hash[:20]); len(got) != 0 {
		t.Fatalf("partial value matched exactly: %+v", got)
	}
	if got, _ := db.LookupTransfers(ctx, p.ID, ""); len(got) != 0 {
		t.Fatal("empty lookup matched")
	}
	for _, tr := range ts {
		got, err := db.LookupTransfers(ctx, p.ID, tr.RefundAddress)
		if err != nil || len(got) != 1 || got[0].ID != tr.ID {
			t.Fatalf("lookup of refund address of %s: %+v, %v", tr.ID, got, err)
		}
	}
	// A changed hash is found by its new value only.
	y := ts[7]
	oldHash := y.Hash
	y.Hash = "0xnewhash"
	mustUpsert(t, db, p.ID, []mesh.Transfer{withRaw(y)})
	if got, _ := db.LookupTransfers(ctx, p.ID, oldHash); len(got) != 0 {
		t.Fatalf("old hash still found: %+v", got)
	}
	if got, _ := db.LookupTransfers(ctx, p.ID, "0XNEWHASH"); len(got) != 1 || got[0].ID != y.ID {
		t.Fatalf("new hash: %+v", got)
	}
	// Two transfers to one address are both found.
	z := ts[8]
	z.DestinationAddress = ts[9].DestinationAddress
	mustUpsert(t, db, p.ID, []mesh.Transfer{withRaw(z)})
	if got, _ := db.LookupTransfers(ctx, p.ID, z.DestinationAddress); len(got) != 2 {
		t.Fatalf("shared address: %d rows", len(got))
	}
	if _, err := db.LookupTransfers(ctx, "nope", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown profile: %v", err)
	}
}

func TestWebhookEvents(t *testing.T) {
	P, S, F := mesh.StatusPending, mesh.StatusSucceeded, mesh.StatusFailed
	tests := []struct {
		name    string
		stored  mesh.TransferStatus
		event   mesh.TransferStatus
		want    store.Outcome
		final   mesh.TransferStatus
		history int
	}{
		{"pending to succeeded", P, S, store.OutcomeApplied, S, 1},
		{"pending to failed", P, F, store.OutcomeApplied, F, 1},
		{"same status", P, P, store.OutcomeUnchanged, P, 0},
		{"final never back to pending", S, P, store.OutcomeStale, S, 0},
		{"webhook cannot switch finals", S, F, store.OutcomeIgnoredFinal, S, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.MustOpenDB(t)
			ctx := context.Background()
			p := mustProfile(t, db, "A")
			mustUpsert(t, db, p.ID, []mesh.Transfer{transferWith("t1", tt.stored, "")})
			ev := mesh.WebhookEvent{ID: "d1", EventID: "e1", TransferID: "t1", TransferStatus: tt.event}
			out, err := db.ApplyWebhookEvent(ctx, p.ID, ev)
			if err != nil || out != tt.want {
				t.Fatalf("outcome = %q, %v; want %q", out, err, tt.want)
			}
			got, _ := db.Transfer(ctx, p.ID, "t1")
			if got.Transfer.Status != tt.final || len(got.History) != tt.history {
				t.Fatalf("stored: %s, history %+v", got.Transfer.Status, got.History)
			}
			if tt.history == 1 && got.History[0].Source != store.SourceWebhook {
				t.Fatalf("history source: %+v", got.History)
			}
			// A retry (same EventId, new delivery id) is a no-op.
			ev.ID = "d2"
			ev.TransferStatus = F
			if out, err := db.ApplyWebhookEvent(ctx, p.ID, ev); err != nil || out != store.OutcomeDuplicate {
				t.Fatalf("retry: %q, %v", out, err)
			}
			if again, _ := db.Transfer(ctx, p.ID, "t1"); again.Transfer.Status != tt.final {
				t.Fatalf("duplicate changed the status to %s", again.Transfer.Status)
			}
		})
	}
}

func TestWebhookUnknownTransferAndHash(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	raw := []byte(`{"Id":"d1","EventId":"e-unknown","TransferId":"t-later","TransferStatus":"Succeeded","TxHash":"0xabc"}`)
	var ev mesh.WebhookEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	if out, err := db.ApplyWebhookEvent(ctx, p.ID, ev); err != nil || out != store.OutcomeUnknownTransfer {
		t.Fatalf("unknown: %q, %v", out, err)
	}
	unk, err := db.UnknownTransferEvents(ctx, p.ID)
	if err != nil || len(unk) != 1 || unk[0].TransferID != "t-later" || string(unk[0].Raw) != string(raw) || unk[0].Status != mesh.StatusSucceeded {
		t.Fatalf("unknown list: %+v, %v", unk, err)
	}
	// Once the sync stores the transfer, the event is no longer listed.
	mustUpsert(t, db, p.ID, []mesh.Transfer{transferWith("t-later", mesh.StatusPending, "")})
	if unk, _ := db.UnknownTransferEvents(ctx, p.ID); len(unk) != 0 {
		t.Fatalf("resolved event still listed: %+v", unk)
	}
	// A webhook brings the hash before the API does; a later API page without it keeps it.
	ev2 := mesh.WebhookEvent{EventID: "e2", TransferID: "t-later", TransferStatus: mesh.StatusSucceeded, TxHash: "0xfeed"}
	if out, _ := db.ApplyWebhookEvent(ctx, p.ID, ev2); out != store.OutcomeApplied {
		t.Fatalf("apply: %q", out)
	}
	mustUpsert(t, db, p.ID, []mesh.Transfer{transferWith("t-later", mesh.StatusSucceeded, "")})
	if got, _ := db.LookupTransfers(ctx, p.ID, "0xfeed"); len(got) != 1 {
		t.Fatalf("hash from webhook lost")
	}
	if _, err := db.ApplyWebhookEvent(ctx, p.ID, mesh.WebhookEvent{TransferID: "x"}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("no EventId: %v", err)
	}
	if ev, _ := db.WebhookEvents(ctx, p.ID, 0); len(ev) != 2 || ev[0].EventID != "e2" {
		t.Fatalf("events: %+v", ev)
	}
}

func TestSyncLease(t *testing.T) {
	clock := newClock()
	db := storetest.MustOpenDB(t, store.WithNow(clock.Now))
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	release, err := db.AcquireSyncLease(ctx, p.ID, "desktop pid 1", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AcquireSyncLease(ctx, p.ID, "cli pid 2", time.Hour)
	var le *store.LeaseError
	if !errors.Is(err, store.ErrSyncInProgress) || !errors.As(err, &le) || le.Holder != "desktop pid 1" {
		t.Fatalf("second holder: %v", err)
	}
	// Another profile has its own lease.
	r2, err := db.AcquireSyncLease(ctx, mustProfile(t, db, "B").ID, "cli", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	r2()
	release()
	release() // idempotent
	r3, err := db.AcquireSyncLease(ctx, p.ID, "cli pid 2", time.Hour)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	_ = r3 // a holder that dies never releases: the lease lapses after its ttl
	clock.Add(2 * time.Hour)
	r4, err := db.AcquireSyncLease(ctx, p.ID, "desktop pid 3", time.Hour)
	if err != nil {
		t.Fatalf("expired lease not taken over: %v", err)
	}
	r4()
	if _, err := db.AcquireSyncLease(ctx, p.ID, "x", 0); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("zero ttl: %v", err)
	}
}

func TestSyncLeaseAcrossProcesses(t *testing.T) {
	path := t.TempDir() + "/shared.db"
	db1, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer storetest.MustCloseDB(t, db1)
	db2, err := store.Open(path) // a second process's handle on the same file
	if err != nil {
		t.Fatal(err)
	}
	defer storetest.MustCloseDB(t, db2)
	ctx := context.Background()
	p := mustProfile(t, db1, "A")
	release, err := db1.AcquireSyncLease(ctx, p.ID, "app", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db2.AcquireSyncLease(ctx, p.ID, "cli", time.Minute); !errors.Is(err, store.ErrSyncInProgress) {
		t.Fatalf("second handle: %v", err)
	}
	release()
	r, err := db2.AcquireSyncLease(ctx, p.ID, "cli", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	r()
}

// TestUpsertBatchColumns checks every column the batched INSERT writes (values shared by
// the rows are bound once, the rows' own after them), across whole and partial chunks and an
// id repeated within a batch, and that the foreign keys the batch turns off are on again
// afterwards, after a failed batch too: deleting the profile removes its transfers.
func TestUpsertBatchColumns(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	db := storetest.MustOpenDB(t, store.WithNow(func() time.Time { return now }), store.WithSearchIndexing(0, 0))
	p := mustProfile(t, db, "Cols")
	ts := genTransfers(8, 257)
	// Batches of 230 (two chunks of 100 and one of 30) and 27; the second repeats an id of
	// its own with a new status.
	again := ts[240]
	again.Status, again.Hash = mesh.StatusFailed, "0xfeed"
	again = withRaw(again)
	if r, err := db.UpsertTransfers(ctx, p.ID, ts[:230]); err != nil || r.New != 230 {
		t.Fatalf("first batch: %+v, %v", r, err)
	}
	if r, err := db.UpsertTransfers(ctx, p.ID, append(slices.Clone(ts[230:]), again)); err != nil || r.New != 27 || r.Changed != 1 {
		t.Fatalf("second batch: %+v, %v", r, err)
	}
	want := slices.Clone(ts)
	want[240] = again
	raw, err := sql.Open("sqlite", "file:"+db.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT t.profile_pk = (SELECT pk FROM profiles WHERE id = ?), t.id, t.client_transaction_id, t.user_id, t.status, t.amount_in_fiat, t.fiat_currency, t.symbol,
		t.network_name, t.from_type, t.hash, t.destination_address, t.refund_address, t.sub_client_id, t.transfer_type, t.created_ts, t.executed_ts IS NULL,
		t.source, t.updated, t.first_seen, t.seq, r.raw FROM transfers t JOIN transfer_raw r ON r.tid = t.tid ORDER BY t.tid`, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next(); i++ {
		var ownPK, noExec bool
		var id, ctid, user, status, cur, sym, net, from, hash, dest, refund, sub, typ, src, rawJSON string
		var fiat float64
		var created, updated, first, seq int64
		if err := rows.Scan(&ownPK, &id, &ctid, &user, &status, &fiat, &cur, &sym, &net, &from, &hash, &dest, &refund, &sub, &typ, &created, &noExec, &src, &updated, &first, &seq, &rawJSON); err != nil {
			t.Fatal(err)
		}
		w := want[i]
		got := []any{ownPK, id, ctid, user, status, fiat, cur, sym, net, from, hash, dest, refund, sub, typ, created, noExec, src, first, rawJSON}
		exp := []any{true, w.ID, w.ClientTransactionID, w.UserID, string(w.Status), w.AmountInFiat, w.AmountInFiatCurrencyCode, w.Symbol,
			w.NetworkName, w.From.Type, w.Hash, w.DestinationAddress, w.RefundAddress, w.SubClientID, string(w.TransferType), w.CreatedTimestamp, true, "api", now.UnixMilli(), string(w.Raw)}
		for k := range got {
			if got[k] != exp[k] {
				t.Fatalf("row %d (%s), value %d: %v, want %v", i, id, k, got[k], exp[k])
			}
		}
		// seq counts every change: the rows in order, then the repeated id's update last.
		wantSeq := int64(i + 1)
		if i == 240 {
			wantSeq = 258
		}
		if seq != wantSeq || updated != now.UnixMilli() {
			t.Fatalf("row %d: seq %d updated %d, want %d %d", i, seq, updated, wantSeq, now.UnixMilli())
		}
	}
	if err := rows.Err(); err != nil || i != len(want) {
		t.Fatalf("%d rows, %v; want %d", i, err, len(want))
	}
	// A batch that fails inside its transaction (an unknown profile) leaves the foreign keys on.
	if _, err := db.UpsertTransfers(ctx, "nope", ts[:3]); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown profile: %v", err)
	}
	if err := db.DeleteProfile(ctx, store.NewMemoryVault(), p.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"transfers", "transfer_raw"} {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%s after deleting the profile: %d rows, %v (foreign keys left off?)", table, n, err)
		}
	}
}

// TestUpsertBothPaths applies the same changes to two profiles, once in a batch whose first
// and last ids are new and once in a batch that starts with a stored id, in different orders
// of new and stored rows: both must give the same counts, rows and status histories, and
// leave the caller's slice as it was.
func TestUpsertBothPaths(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpenDB(t, store.WithSearchIndexing(0, 0))
	P, S, F := mesh.StatusPending, mesh.StatusSucceeded, mesh.StatusFailed
	base := genTransfers(21, 260)
	for i := range base {
		base[i].Status = []mesh.TransferStatus{P, S, F}[i%3]
		if i%7 == 0 {
			base[i].Hash = "0xkept" + base[i].ID
		}
		base[i] = withRaw(base[i])
	}
	news := genTransfers(22, 150)
	// The changes: over several INSERT chunks, stored rows at chunk edges, every outcome.
	var mods []mesh.Transfer
	for i, tr := range base {
		switch {
		case i%3 == 0 && i%5 == 0: // pending → succeeded, hash dropped by the API: kept
			tr.Status, tr.Hash = S, ""
			mods = append(mods, withRaw(tr))
		case i%3 == 1 && i%4 == 0: // succeeded → pending: stale
			tr.Status = P
			mods = append(mods, withRaw(tr))
		case i%3 == 2 && i%4 == 1: // failed → succeeded: a change between final statuses
			tr.Status = S
			mods = append(mods, withRaw(tr))
		case i%11 == 0: // identical
			mods = append(mods, tr)
		}
	}
	news[40].Status = P
	news[40] = withRaw(news[40])
	dup := news[40]
	dup.Status = F
	dup = withRaw(dup)
	noStatus := news[41]
	noStatus.Status = ""
	noStatus.Raw = nil
	news[41] = noStatus

	var fresh, mixed []mesh.Transfer
	fresh = append(fresh, news[:60]...)
	fresh = append(fresh, mods[:len(mods)/2]...)
	fresh = append(fresh, dup)
	fresh = append(fresh, mods[len(mods)/2:]...)
	fresh = append(fresh, news[60:]...)
	mixed = append(mixed, mods[0])
	mixed = append(mixed, news[:60]...)
	mixed = append(mixed, mods[1:len(mods)/2]...)
	mixed = append(mixed, dup)
	mixed = append(mixed, mods[len(mods)/2:]...)
	mixed = append(mixed, news[60:]...)

	var results []store.PageResult
	var profiles []string
	for _, batch := range [][]mesh.Transfer{fresh, mixed} {
		p := mustProfile(t, db, "p"+strconv.Itoa(len(profiles)))
		mustUpsert(t, db, p.ID, base)
		before := slices.Clone(batch)
		r, err := db.UpsertTransfers(ctx, p.ID, batch)
		if err != nil {
			t.Fatal(err)
		}
		for i := range batch {
			if !reflect.DeepEqual(batch[i], before[i]) {
				t.Fatalf("the upsert changed the caller's transfer %d", i)
			}
		}
		results, profiles = append(results, r), append(profiles, p.ID)
	}
	if results[0] != results[1] {
		t.Fatalf("inserted first: %+v; read first: %+v", results[0], results[1])
	}
	if r := results[0]; r.New != 150 || r.Changed == 0 || r.Stale == 0 || r.FinalUnchanged == 0 || r.Unchanged == 0 {
		t.Fatalf("the batch should have every outcome: %+v", r)
	}
	for _, tr := range append(slices.Clone(base), news...) {
		var got [2]*store.StoredTransfer
		for k, pid := range profiles {
			st, err := db.Transfer(ctx, pid, tr.ID)
			if err != nil {
				t.Fatalf("%s: %v", tr.ID, err)
			}
			st.FirstSeen, st.Updated = time.Time{}, time.Time{}
			for h := range st.History {
				st.History[h].At = time.Time{}
			}
			got[k] = st
		}
		if !reflect.DeepEqual(got[0], got[1]) {
			t.Fatalf("%s differs:\n%+v\n%+v", tr.ID, got[0], got[1])
		}
	}
	if st, _ := db.Transfer(ctx, profiles[0], dup.ID); st.Transfer.Status != F || len(st.History) != 1 {
		t.Fatalf("the id repeated in the batch: %+v", st)
	}
	if st, _ := db.Transfer(ctx, profiles[0], noStatus.ID); st.Transfer.Status != P {
		t.Fatalf("a transfer without a status is stored as pending: %+v", st.Transfer.Status)
	}
	if st, _ := db.Transfer(ctx, profiles[0], base[0].ID); st.Transfer.Status != S || st.Transfer.Hash != "0xkept"+base[0].ID {
		t.Fatalf("a hash the API dropped is kept: %+v", st.Transfer)
	}
}

// TestUpsertRecordThatCannotBeEncoded: a transfer built in code that cannot be encoded as
// JSON (NaN) fails its whole batch, named in the error, whichever way the batch is stored;
// nothing of the batch is kept and the store takes the next batch.
func TestUpsertRecordThatCannotBeEncoded(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpenDB(t, store.WithSearchIndexing(0, 0))
	p := mustProfile(t, db, "NaN")
	stored := genTransfers(31, 10)
	mustUpsert(t, db, p.ID, stored)
	for _, startsStored := range []bool{false, true} {
		batch := genTransfers(32, 250)
		for i := range batch {
			batch[i].Raw = nil
		}
		if startsStored {
			batch[0] = stored[0]
		}
		batch[180].AmountInFiat = math.NaN()
		if _, err := db.UpsertTransfers(ctx, p.ID, batch); err == nil || !strings.Contains(err.Error(), batch[180].ID) {
			t.Fatalf("starts with a stored id %v: %v, want an error naming %s", startsStored, err, batch[180].ID)
		}
		if _, err := db.Transfer(ctx, p.ID, batch[1].ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a row of the failed batch was kept: %v", err)
		}
	}
	if r, err := db.UpsertTransfers(ctx, p.ID, genTransfers(33, 150)); err != nil || r.New != 150 {
		t.Fatalf("the next batch: %+v, %v", r, err)
	}
}
