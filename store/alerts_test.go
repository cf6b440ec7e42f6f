package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

func alertTransfer(id string, st mesh.TransferStatus, created time.Time) mesh.Transfer {
	return withRaw(mesh.Transfer{ID: id, Status: st, CreatedTimestamp: created.Unix(), Amount: 2, Symbol: "BTC", NetworkName: "Bitcoin",
		From: &mesh.TransferIntegration{Name: "Kraken"}})
}

func candidateIDs(cs []store.AlertCandidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.TransferID)
	}
	return out
}

func TestAlertScanAndRaise(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	db := storetest.MustOpenDB(t, store.WithNow(func() time.Time { return now }))
	pid := mustProfile(t, db, "A").ID
	other := mustProfile(t, db, "B").ID
	ctx := context.Background()

	baseline, seq, err := db.AlertState(ctx, pid)
	if err != nil || !baseline.Equal(now) || seq != 0 {
		t.Fatalf("first AlertState = %s, %d, %v", baseline, seq, err)
	}
	mustUpsert(t, db, pid, []mesh.Transfer{
		alertTransfer("f1", mesh.StatusFailed, now.Add(-time.Hour)),
		alertTransfer("s1", mesh.StatusSucceeded, now.Add(-time.Hour)),
		alertTransfer("p-old", mesh.StatusPending, now.Add(-3*time.Hour)),
		alertTransfer("p-new", mesh.StatusPending, now.Add(-time.Minute)),
	})
	mustUpsert(t, db, other, []mesh.Transfer{alertTransfer("f-other", mesh.StatusFailed, now)})

	q := store.AlertScan{PendingFrom: now.Add(-24 * time.Hour), PendingTo: now.Add(-2 * time.Hour)}
	res, err := db.ScanAlertCandidates(ctx, pid, q)
	if err != nil {
		t.Fatal(err)
	}
	if got := candidateIDs(res.Failed); !slices.Equal(got, []string{"f1"}) {
		t.Fatalf("failed candidates %v", got)
	}
	if got := candidateIDs(res.Pending); !slices.Equal(got, []string{"p-old"}) {
		t.Fatalf("pending candidates %v", got)
	}
	c := res.Failed[0]
	if c.Amount != 2 || c.Symbol != "BTC" || c.Network != "Bitcoin" || c.From != "Kraken" || !c.Created.Equal(now.Add(-time.Hour)) || !c.FailedAt.IsZero() {
		t.Fatalf("candidate %+v", c)
	}
	if res.Seq == 0 {
		t.Fatal("scan read no seq")
	}
	raised, err := db.RaiseAlerts(ctx, pid, []store.NewAlert{
		{TransferID: "f1", Kind: store.AlertFailed, Status: "failed", Summary: "2 BTC"},
		{TransferID: "p-old", Kind: store.AlertPending, Status: "pending"},
		{TransferID: "f1", Kind: store.AlertFailed, Status: "failed"}, // twice in one call: once
	}, res.Seq)
	if err != nil || len(raised) != 2 {
		t.Fatalf("raise = %d alerts, %v", len(raised), err)
	}
	if _, seq, _ := db.AlertState(ctx, pid); seq != res.Seq {
		t.Fatalf("scan position %d, want %d", seq, res.Seq)
	}
	// Raised alerts are no longer candidates; nothing changed since the seq: no failed scan.
	res2, err := db.ScanAlertCandidates(ctx, pid, store.AlertScan{SinceSeq: 0, PendingFrom: q.PendingFrom, PendingTo: q.PendingTo})
	if err != nil || len(res2.Failed)+len(res2.Pending) != 0 {
		t.Fatalf("rescan = %+v, %v", res2, err)
	}
	again, err := db.RaiseAlerts(ctx, pid, []store.NewAlert{{TransferID: "f1", Kind: store.AlertFailed, Status: "failed"}}, res.Seq)
	if err != nil || len(again) != 0 {
		t.Fatalf("raising again = %v, %v", again, err)
	}

	// A webhook turns p-new failed: a failed candidate seen failing now.
	if _, err := db.ApplyWebhookEvent(ctx, pid, mesh.WebhookEvent{EventID: "e1", TransferID: "p-new", TransferStatus: mesh.StatusFailed}); err != nil {
		t.Fatal(err)
	}
	res3, err := db.ScanAlertCandidates(ctx, pid, store.AlertScan{SinceSeq: res.Seq, SkipPending: true})
	if err != nil || !slices.Equal(candidateIDs(res3.Failed), []string{"p-new"}) || !res3.Failed[0].FailedAt.Equal(now) {
		t.Fatalf("after the webhook: %+v, %v", res3, err)
	}
	if res3.Pending != nil {
		t.Fatalf("SkipPending scanned %v", res3.Pending)
	}

	list, err := db.Alerts(ctx, pid, false, 0)
	if err != nil || len(list) != 2 || list[0].TransferID != "p-old" || list[1].Summary != "2 BTC" || list[1].CurrentStatus != "failed" {
		t.Fatalf("alerts %+v, %v", list, err)
	}
	if n, _ := db.AlertCount(ctx, other); n != 0 {
		t.Fatalf("another profile sees %d alerts", n)
	}
	if _, err := db.AckAlert(ctx, other, list[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("acknowledging another profile's alert: %v", err)
	}
	if err := db.MarkAlertNotified(ctx, list[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkAlertNotified(ctx, list[1].ID, "no service"); err != nil {
		t.Fatal(err)
	}
	if tid, err := db.AckAlert(ctx, pid, list[0].ID); err != nil || tid != "p-old" {
		t.Fatalf("AckAlert = %q, %v", tid, err)
	}
	all, _ := db.Alerts(ctx, pid, true, 0)
	if len(all) != 2 || all[0].AckedAt.IsZero() || all[0].NotifiedAt.IsZero() || all[1].NotifyError != "no service" || !all[1].NotifiedAt.IsZero() {
		t.Fatalf("after ack and notify marks: %+v", all)
	}
	if n, _ := db.AlertCount(ctx, pid); n != 1 {
		t.Fatalf("open count %d", n)
	}
}

func TestRaiseAlertsRefusesBadInput(t *testing.T) {
	db := storetest.MustOpenDB(t)
	pid := mustProfile(t, db, "A").ID
	ctx := context.Background()
	for _, a := range []store.NewAlert{{TransferID: "x", Kind: "weird"}, {Kind: store.AlertFailed}} {
		if _, err := db.RaiseAlerts(ctx, pid, []store.NewAlert{a}, 0); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("RaiseAlerts(%+v) = %v, want ErrInvalid", a, err)
		}
	}
	if _, err := db.RaiseAlerts(ctx, "no-such-profile", nil, 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown profile: %v", err)
	}
}

func TestReconcileQueries(t *testing.T) {
	clock := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	now := clock
	db := storetest.MustOpenDB(t, store.WithNow(func() time.Time { return now }))
	pid := mustProfile(t, db, "R").ID
	ctx := context.Background()
	if at, err := db.FirstWebhookAt(ctx, pid); err != nil || !at.IsZero() {
		t.Fatalf("FirstWebhookAt with none = %s, %v", at, err)
	}
	mustUpsert(t, db, pid, []mesh.Transfer{
		alertTransfer("a", mesh.StatusPending, clock.Add(-2*time.Hour)),
		alertTransfer("b", mesh.StatusPending, clock.Add(-time.Hour)),
		alertTransfer("c", mesh.StatusSucceeded, clock),
	})
	// A webhook moves a on to failed: the store shows failed, the API's record still pending.
	ev := mesh.WebhookEvent{ID: "d1", EventID: "e1", TransferID: "a", TransferStatus: mesh.StatusFailed}
	if _, err := db.ApplyWebhookEvent(ctx, pid, ev); err != nil {
		t.Fatal(err)
	}
	now = clock.Add(time.Minute)
	if out, _ := db.ApplyWebhookEvent(ctx, pid, ev); out != store.OutcomeDuplicate {
		t.Fatalf("repeat = %s", out)
	}
	if err := db.RecordDuplicateDelivery(ctx, pid, mesh.WebhookEvent{ID: "d2", EventID: "e1", TransferID: "a", TransferStatus: mesh.StatusFailed}); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordDuplicateDelivery(ctx, pid, mesh.WebhookEvent{}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("a duplicate without EventId: %v", err)
	}
	rows, err := db.TransferStatuses(ctx, pid, clock.Add(-3*time.Hour), clock)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.ID+":"+string(r.Status))
	}
	if !slices.Equal(got, []string{"a:pending", "b:pending"}) {
		t.Fatalf("TransferStatuses = %v (the API's record, [from, to))", got)
	}
	if r, err := db.TransferStatusByID(ctx, pid, "c"); err != nil || r.Status != "succeeded" || !r.Created.Equal(clock) {
		t.Fatalf("TransferStatusByID = %+v, %v", r, err)
	}
	if _, err := db.TransferStatusByID(ctx, pid, "zz"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown transfer: %v", err)
	}
	evs, err := db.WebhookEventsBetween(ctx, pid, clock, clock.Add(time.Second))
	if err != nil || len(evs) != 1 || evs[0].EventID != "e1" {
		t.Fatalf("events %+v, %v", evs, err)
	}
	if evs, _ := db.WebhookEventsBetween(ctx, pid, clock.Add(time.Millisecond), clock.Add(time.Hour)); len(evs) != 0 {
		t.Fatalf("events after the range start: %v", evs)
	}
	dups, err := db.DuplicateDeliveries(ctx, pid, clock, clock.Add(time.Hour))
	if err != nil || len(dups) != 1 || dups[0].DeliveryID != "d2" || !dups[0].ReceivedAt.Equal(now) {
		t.Fatalf("duplicates %+v, %v", dups, err)
	}
	if at, _ := db.FirstWebhookAt(ctx, pid); !at.Equal(clock) {
		t.Fatalf("FirstWebhookAt = %s", at)
	}
	// More ids than one IN clause takes.
	ids := []string{"b", "a"}
	for i := range 1200 {
		ids = append(ids, fmt.Sprintf("none-%d", i))
	}
	with, err := db.TransfersWithEvents(ctx, pid, ids)
	if err != nil || len(with) != 1 || !with["a"] {
		t.Fatalf("TransfersWithEvents = %v, %v", with, err)
	}
}
