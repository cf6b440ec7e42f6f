package alerts_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/alerts"
	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// fakeClock is a settable clock shared by the store, the service and the emulator.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// recordingNotifier records notifications, or fails with err.
type recordingNotifier struct {
	mu  sync.Mutex
	got []alerts.Notification
	err error
}

func (r *recordingNotifier) Notify(_ context.Context, n alerts.Notification) (uint32, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return 0, r.err
	}
	r.got = append(r.got, n)
	return uint32(len(r.got)), nil
}

func (r *recordingNotifier) transfers() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, n := range r.got {
		out = append(out, n.TransferID)
	}
	return out
}

func mustUpsert(t *testing.T, db *store.DB, pid string, ts ...mesh.Transfer) {
	t.Helper()
	if _, err := db.UpsertTransfers(context.Background(), pid, ts); err != nil {
		t.Fatalf("upsert: %v", err)
	}
}

func transfer(id string, status mesh.TransferStatus, created time.Time) mesh.Transfer {
	return mesh.Transfer{ID: id, Status: status, CreatedTimestamp: created.Unix(), Amount: 1.25, Symbol: "USDC", NetworkName: "Base"}
}

func mustCheck(t *testing.T, svc *alerts.Service, pid string) alerts.Result {
	t.Helper()
	res, err := svc.Check(context.Background(), pid)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	return res
}

func raisedIDs(res alerts.Result) []string {
	var out []string
	for _, a := range res.Raised {
		out = append(out, a.Kind+":"+a.TransferID)
	}
	return out
}

func TestServiceRaisesOnceAndNotifies(t *testing.T) {
	clock := newClock(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	db := storetest.MustOpenDB(t, store.WithNow(clock.Now))
	pid := storetest.MustCreateProfile(t, db, "Ops").ID
	ctx := context.Background()
	if err := alerts.SaveSettings(ctx, db, pid, alerts.Settings{Failed: true, Pending: true, PendingAfterMinutes: 30, Desktop: true}); err != nil {
		t.Fatal(err)
	}
	n := &recordingNotifier{}
	var changes []int
	svc := alerts.NewService(db, alerts.Options{Notifier: n, Now: clock.Now, OnChange: func(_ string, open int) { changes = append(changes, open) }})
	defer svc.Close()

	now := clock.Now()
	mustUpsert(t, db, pid, transfer("old-failed", mesh.StatusFailed, now.Add(-60*24*time.Hour)),
		transfer("ok", mesh.StatusSucceeded, now.Add(-time.Hour)),
		transfer("p1", mesh.StatusPending, now.Add(-10*time.Minute)),
		transfer("f1", mesh.StatusFailed, now.Add(-time.Hour)))
	res := mustCheck(t, svc, pid)
	if got := strings.Join(raisedIDs(res), ","); got != "failed:f1" {
		t.Fatalf("first check raised %q, want failed:f1 only (old failures are history, p1 is 10 min old)", got)
	}
	if res.Notified != 1 || strings.Join(n.transfers(), ",") != "f1" || res.Open != 1 {
		t.Fatalf("notified %d %v, open %d", res.Notified, n.transfers(), res.Open)
	}
	if n.got[0].Title != "Transfer failed" || !strings.Contains(n.got[0].Body, "1.25 USDC on Base") {
		t.Fatalf("notification text %+v", n.got[0])
	}

	// Again, nothing new: no repeat.
	if res := mustCheck(t, svc, pid); len(res.Raised) != 0 || len(n.transfers()) != 1 {
		t.Fatalf("second check raised %v (notified %v)", raisedIDs(res), n.transfers())
	}
	// p1 crosses the 30-minute threshold.
	clock.Add(20 * time.Minute)
	if got := strings.Join(raisedIDs(mustCheck(t, svc, pid)), ","); got != "pending:p1" {
		t.Fatalf("after 20 min raised %q, want pending:p1", got)
	}
	// p1 fails later: a second kind for the same transfer, once.
	clock.Add(time.Minute)
	p1 := transfer("p1", mesh.StatusFailed, now.Add(-10*time.Minute))
	mustUpsert(t, db, pid, p1)
	if got := strings.Join(raisedIDs(mustCheck(t, svc, pid)), ","); got != "failed:p1" {
		t.Fatalf("after p1 failed raised %q", got)
	}
	mustUpsert(t, db, pid, p1) // unchanged re-sync
	if res := mustCheck(t, svc, pid); len(res.Raised) != 0 {
		t.Fatalf("re-sync raised %v", raisedIDs(res))
	}
	if got := strings.Join(n.transfers(), ","); got != "f1,p1,p1" {
		t.Fatalf("notifications %q", got)
	}
	if len(changes) != 3 || changes[2] != 3 {
		t.Fatalf("OnChange calls %v, want three ending at 3 open", changes)
	}

	// List, acknowledge one, then all.
	list, err := svc.List(ctx, pid, false)
	if err != nil || len(list) != 3 {
		t.Fatalf("list = %v, %v", list, err)
	}
	if list[0].TransferID != "p1" || list[0].Kind != "failed" || !list[0].Notified || list[0].CurrentStatus != "failed" {
		t.Fatalf("newest alert %+v", list[0])
	}
	if tid, err := svc.Ack(ctx, pid, list[0].ID); err != nil || tid != "p1" {
		t.Fatalf("Ack = %q, %v", tid, err)
	}
	if c, _ := db.AlertCount(ctx, pid); c != 2 {
		t.Fatalf("open after ack = %d", c)
	}
	if _, err := svc.Ack(ctx, pid, list[0].ID); err != nil {
		t.Fatalf("acknowledging twice: %v", err)
	}
	if n, err := svc.AckAll(ctx, pid); err != nil || n != 2 {
		t.Fatalf("ack all = %d, %v", n, err)
	}
	all, _ := svc.List(ctx, pid, true)
	open, _ := svc.List(ctx, pid, false)
	if len(all) != 3 || len(open) != 0 || !all[0].Acked || all[0].AckedAt == "" {
		t.Fatalf("after ack all: %d alerts, %d open, %+v", len(all), len(open), all[0])
	}
}

func TestServiceAckErrors(t *testing.T) {
	db := storetest.MustOpenDB(t)
	a := storetest.MustCreateProfile(t, db, "A").ID
	b := storetest.MustCreateProfile(t, db, "B").ID
	ctx := context.Background()
	mustUpsert(t, db, a, transfer("f", mesh.StatusFailed, time.Now()))
	svc := alerts.NewService(db, alerts.Options{})
	defer svc.Close()
	res := mustCheck(t, svc, a)
	if len(res.Raised) != 1 {
		t.Fatalf("raised %v", raisedIDs(res))
	}
	id := res.Raised[0].ID
	for _, tt := range []struct{ profile, id, want string }{
		{b, id, "no alert"}, // another profile's alert
		{a, "999", "no alert"},
		{a, "x", "not a positive number"},
		{a, "-3", "not a positive number"},
	} {
		_, err := svc.Ack(ctx, tt.profile, tt.id)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Ack(%s) = %v, want %q", tt.id, err, tt.want)
		}
	}
	if c, _ := db.AlertCount(ctx, a); c != 1 {
		t.Fatalf("a failed ack changed the count: %d", c)
	}
}

// TestServiceWithoutNotifications: a headless server stores alerts, records why they were not
// shown, and logs the missing service once.
func TestServiceWithoutNotifications(t *testing.T) {
	for _, tt := range []struct {
		name     string
		notifier alerts.Notifier
		want     string
	}{
		{"no notifier", nil, "no desktop notification service"},
		{"service fails", &recordingNotifier{err: errors.New("boom")}, "boom"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.MustOpenDB(t)
			pid := storetest.MustCreateProfile(t, db, "Srv").ID
			var logs bytes.Buffer
			svc := alerts.NewService(db, alerts.Options{Notifier: tt.notifier, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			defer svc.Close()
			now := time.Now()
			mustUpsert(t, db, pid, transfer("f1", mesh.StatusFailed, now), transfer("f2", mesh.StatusFailed, now))
			res := mustCheck(t, svc, pid)
			if len(res.Raised) != 2 || res.Notified != 0 || !strings.Contains(res.NotifyError, tt.want) {
				t.Fatalf("result %+v", res)
			}
			mustUpsert(t, db, pid, transfer("f3", mesh.StatusFailed, now))
			mustCheck(t, svc, pid)
			if c := strings.Count(logs.String(), "level=WARN"); c != 1 {
				t.Fatalf("%d warnings logged, want 1:\n%s", c, logs.String())
			}
			list, _ := svc.List(context.Background(), pid, false)
			if len(list) != 3 {
				t.Fatalf("%d alerts stored", len(list))
			}
			for _, a := range list {
				if a.Notified || !strings.Contains(a.NotifyError, tt.want) {
					t.Fatalf("alert %+v", a)
				}
			}
		})
	}
}

func TestServiceDesktopOffAndKindsOff(t *testing.T) {
	db := storetest.MustOpenDB(t)
	pid := storetest.MustCreateProfile(t, db, "Quiet").ID
	ctx := context.Background()
	n := &recordingNotifier{}
	svc := alerts.NewService(db, alerts.Options{Notifier: n})
	defer svc.Close()
	if err := alerts.SaveSettings(ctx, db, pid, alerts.Settings{Failed: true, PendingAfterMinutes: 60}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	mustUpsert(t, db, pid, transfer("f1", mesh.StatusFailed, now), transfer("p1", mesh.StatusPending, now.Add(-2*time.Hour)))
	res := mustCheck(t, svc, pid)
	if strings.Join(raisedIDs(res), ",") != "failed:f1" || len(n.transfers()) != 0 || res.NotifyError != "" {
		t.Fatalf("desktop off, pending off: %+v, notified %v", res, n.transfers())
	}
	// Failures while the kind is off are not raised later when it is turned back on.
	if err := alerts.SaveSettings(ctx, db, pid, alerts.Settings{PendingAfterMinutes: 60, Desktop: true}); err != nil {
		t.Fatal(err)
	}
	mustUpsert(t, db, pid, transfer("f2", mesh.StatusFailed, now))
	if res := mustCheck(t, svc, pid); strings.Join(raisedIDs(res), ",") != "" {
		t.Fatalf("everything off raised %v", raisedIDs(res))
	}
	if err := alerts.SaveSettings(ctx, db, pid, alerts.Settings{Failed: true, Pending: true, PendingAfterMinutes: 60}); err != nil {
		t.Fatal(err)
	}
	if res := mustCheck(t, svc, pid); strings.Join(raisedIDs(res), ",") != "pending:p1" {
		t.Fatalf("back on raised %v (f2 failed while off: not raised)", raisedIDs(res))
	}
	if err := alerts.SaveSettings(ctx, db, pid, alerts.Settings{PendingAfterMinutes: 0}); err == nil {
		t.Fatal("a zero threshold was saved")
	}
}

func TestKickCoalesces(t *testing.T) {
	db := storetest.MustOpenDB(t)
	pid := storetest.MustCreateProfile(t, db, "K").ID
	n := &recordingNotifier{}
	svc := alerts.NewService(db, alerts.Options{Notifier: n})
	mustUpsert(t, db, pid, transfer("f1", mesh.StatusFailed, time.Now()))
	for range 50 {
		svc.Kick(pid)
	}
	svc.Kick("") // ignored
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	if !svc.Idle() {
		t.Fatal("not idle after Close")
	}
	if got := n.transfers(); len(got) != 1 {
		t.Fatalf("50 kicks notified %v, want f1 once", got)
	}
	svc.Kick(pid) // after Close: nothing runs
	if !svc.Idle() {
		t.Fatal("a kick after Close started a check")
	}
}

func TestServiceBurstIsOneNotification(t *testing.T) {
	for _, tt := range []struct {
		failed, pending int
		wantCalls       int
	}{{3, 0, 3}, {2, 2, 1}, {7, 0, 1}} {
		t.Run(fmt.Sprintf("%d+%d", tt.failed, tt.pending), func(t *testing.T) {
			clock := newClock(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
			db := storetest.MustOpenDB(t, store.WithNow(clock.Now))
			pid := storetest.MustCreateProfile(t, db, "Burst").ID
			n := &recordingNotifier{}
			svc := alerts.NewService(db, alerts.Options{Notifier: n, Now: clock.Now})
			defer svc.Close()
			now := clock.Now()
			var ts []mesh.Transfer
			for i := range tt.failed {
				ts = append(ts, transfer(fmt.Sprintf("f%d", i), mesh.StatusFailed, now))
			}
			for i := range tt.pending {
				ts = append(ts, transfer(fmt.Sprintf("p%d", i), mesh.StatusPending, now.Add(-25*time.Hour)))
			}
			mustUpsert(t, db, pid, ts...)
			res := mustCheck(t, svc, pid)
			total := tt.failed + tt.pending
			if len(res.Raised) != total || res.Notified != total || len(n.got) != tt.wantCalls {
				t.Fatalf("raised %d, notified %d, %d calls; want %d, %d, %d", len(res.Raised), res.Notified, len(n.got), total, total, tt.wantCalls)
			}
			if tt.wantCalls == 1 {
				want := fmt.Sprintf("%d transfers need attention", total)
				if n.got[0].Title != want || n.got[0].TransferID != "" || !strings.Contains(n.got[0].Body, fmt.Sprintf("%d failed, %d still pending", tt.failed, tt.pending)) {
					t.Fatalf("summary notification %+v", n.got[0])
				}
			}
		})
	}
}
