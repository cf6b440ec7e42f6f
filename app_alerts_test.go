package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/alerts"
	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/reconcile"
	"meshdesk/store"
)

// mustAudit returns the audit rows of one action, oldest first.
func mustAudit(t *testing.T, a *App, action string) []store.AuditEntry {
	t.Helper()
	rows, err := a.desk.DB().AuditTrail(context.Background(), store.AuditFilter{Actions: []string{action}})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// fakeNotifier records notifications instead of calling D-Bus.
type fakeNotifier struct {
	mu     sync.Mutex
	got    []alerts.Notification
	onOpen func(string)
	closed bool
}

func (f *fakeNotifier) Notify(_ context.Context, n alerts.Notification) (uint32, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, n)
	return uint32(len(f.got)), nil
}

func (f *fakeNotifier) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.got)
}

// mustAlertApp is mustTransferApp whose alert service notifies a fakeNotifier.
func mustAlertApp(t *testing.T) (*App, *eventLog, *fakeNotifier) {
	t.Helper()
	a, ev := mustTransferApp(t, -1)
	fn := &fakeNotifier{}
	a.alerts.connect = func(onOpen func(string)) (alerts.Notifier, func() error, error) {
		fn.mu.Lock()
		fn.onOpen = onOpen
		fn.mu.Unlock()
		return fn, func() error { fn.mu.Lock(); fn.closed = true; fn.mu.Unlock(); return nil }, nil
	}
	return a, ev, fn
}

func lastBadge(t *testing.T, ev *eventLog) AlertBadge {
	t.Helper()
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for i := len(ev.events) - 1; i >= 0; i-- {
		if ev.events[i] == EventAlertsChanged {
			return ev.data[i].(AlertBadge)
		}
	}
	t.Fatal("no alerts:changed event")
	return AlertBadge{}
}

func TestAlertBoundMethods(t *testing.T) {
	a, ev, fn := mustAlertApp(t)
	pid := mustProfileID(t, a)
	now := time.Now()
	mustStoreTransfers(t, a,
		mesh.Transfer{ID: "a1e70000-0000-4000-8000-000000000001", Status: mesh.StatusFailed, CreatedTimestamp: now.Unix(), Amount: 1, Symbol: "ETH"},
		mesh.Transfer{ID: "a1e70000-0000-4000-8000-000000000002", Status: mesh.StatusPending, CreatedTimestamp: now.Unix()})

	if n, err := a.AlertCount(); err != nil || n != 0 {
		t.Fatalf("count before a check = %d, %v", n, err)
	}
	res, err := a.CheckAlerts()
	if err != nil || len(res.Raised) != 1 || res.Notified != 1 || fn.count() != 1 {
		t.Fatalf("CheckAlerts = %+v, %v (notified %d)", res, err, fn.count())
	}
	if b := lastBadge(t, ev); b.Open != 1 || b.ProfileID != pid {
		t.Fatalf("badge %+v", b)
	}
	list, err := a.Alerts(false)
	if err != nil || len(list) != 1 || list[0].TransferID != "a1e70000-0000-4000-8000-000000000001" || list[0].Title != "Transfer failed" {
		t.Fatalf("Alerts = %+v, %v", list, err)
	}
	if n, _ := a.AlertCount(); n != 1 {
		t.Fatalf("count = %d", n)
	}
	for _, tt := range []struct{ id, want string }{{"", "not a positive number"}, {"x1", "not a positive number"}, {"424242", "no alert"}} {
		if err := a.AckAlert(tt.id); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("AckAlert(%q) = %v, want %q", tt.id, err, tt.want)
		}
	}
	if err := a.AckAlert(list[0].ID); err != nil {
		t.Fatal(err)
	}
	if rows := mustAudit(t, a, store.AuditAlertAck); len(rows) != 1 || rows[0].Target != list[0].TransferID || rows[0].ProfileID != pid || rows[0].Actor == "" {
		t.Fatalf("audit after AckAlert: %+v", rows)
	}
	if b := lastBadge(t, ev); b.Open != 0 {
		t.Fatalf("badge after ack %+v", b)
	}
	if all, _ := a.Alerts(true); len(all) != 1 || !all[0].Acked {
		t.Fatalf("Alerts(true) = %+v", all)
	}
	if n, err := a.AckAllAlerts(); err != nil || n != 0 {
		t.Fatalf("AckAllAlerts = %d, %v", n, err)
	}

	s, err := a.AlertSettings()
	if err != nil || s != alerts.DefaultSettings() {
		t.Fatalf("AlertSettings = %+v, %v", s, err)
	}
	if _, err := a.SetAlertSettings(alerts.Settings{Failed: true, PendingAfterMinutes: 0}); err == nil || !strings.Contains(err.Error(), "threshold") {
		t.Fatalf("a zero threshold: %v", err)
	}
	want := alerts.Settings{Pending: true, PendingAfterMinutes: 15, Desktop: false}
	if got, err := a.SetAlertSettings(want); err != nil || got != want {
		t.Fatalf("SetAlertSettings = %+v, %v", got, err)
	}
	if got, _ := a.AlertSettings(); got != want {
		t.Fatalf("settings not kept: %+v", got)
	}
	if rows := mustAudit(t, a, store.AuditAlertSettings); len(rows) != 1 || rows[0].Details != "failed off, pending on after 15m0s, desktop off" {
		t.Fatalf("audit after SetAlertSettings: %+v", rows)
	}
	if rows := mustAudit(t, a, store.AuditAlertAck); len(rows) != 1 {
		t.Fatalf("a failed ack or an empty ack-all left audit rows: %+v", rows)
	}

	// A click on a notification opens the transfer in the window.
	fn.mu.Lock()
	open := fn.onOpen
	fn.mu.Unlock()
	open("a1e70000-0000-4000-8000-000000000001")
	if ev.count(EventAlertOpen) != 1 {
		t.Fatal("no alerts:open event")
	}
	a.stopAlerts()
	fn.mu.Lock()
	closed := fn.closed
	fn.mu.Unlock()
	if !closed {
		t.Fatal("stopAlerts left the notifier open")
	}
}

// TestSyncRaisesAlerts: the check runs by itself after a sync brings a failed transfer.
func TestSyncRaisesAlerts(t *testing.T) {
	a, ev, fn := mustAlertApp(t)
	sess, err := a.desk.Session(context.Background(), "")
	if err != nil || sess.Sim == nil {
		t.Fatalf("demo session: %v", err)
	}
	if _, err := sess.Sim.AddTransfers(meshsim.Transfer{ID: "a1e70000-0000-4000-8000-0000000000f0", Status: meshsim.StatusFailed}); err != nil {
		t.Fatal(err)
	}
	mustSynced(t, a)
	// The alert is stored, notified and announced to the window (alerts:changed), in that order.
	waitFor(t, "the alert after the sync", func() bool { return ev.count(EventAlertsChanged) > 0 })
	if n, err := a.AlertCount(); err != nil || n != 1 || fn.count() != 1 {
		t.Fatalf("after the sync: %d open alerts (%v), %d notifications", n, err, fn.count())
	}
}

func TestAlertsWithoutNotificationService(t *testing.T) {
	a, _ := mustTransferApp(t, -1)
	a.alerts.connect = func(func(string)) (alerts.Notifier, func() error, error) {
		return nil, nil, alerts.ErrNoNotificationService
	}
	mustStoreTransfers(t, a, mesh.Transfer{ID: "a1e70000-0000-4000-8000-0000000000f1", Status: mesh.StatusFailed, CreatedTimestamp: time.Now().Unix()})
	res, err := a.CheckAlerts()
	if err != nil || len(res.Raised) != 1 || res.Notified != 0 || !strings.Contains(res.NotifyError, "no desktop notification service") {
		t.Fatalf("CheckAlerts = %+v, %v", res, err)
	}
}

func TestReconcileBoundMethods(t *testing.T) {
	a, _ := mustTransferApp(t, -1)
	for _, tt := range []struct{ from, to, want string }{
		{"", "", "needs a start"},
		{"soon", "", "not a time"},
		{"1h", "2h", "not before"},
	} {
		if _, err := a.Reconcile(tt.from, tt.to, false); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Reconcile(%q, %q) = %v, want %q", tt.from, tt.to, err, tt.want)
		}
	}
	rep, err := a.Reconcile("24h", "", false)
	if err != nil || !rep.Clean() || rep.Source != "api" {
		t.Fatalf("Reconcile on an empty demo = %+v, %v", rep, err)
	}
	if _, err := a.Reconcile("24h", "", true); err == nil || !strings.Contains(err.Error(), "never synced") {
		t.Fatalf("offline before a sync: %v", err)
	}
	mustSynced(t, a)
	if rep, err := a.Reconcile(time.Now().Add(-time.Hour).Format(time.RFC3339), "", true); err != nil || rep.Source != "offline" || rep.SyncedAt == "" {
		t.Fatalf("offline after a sync = %+v, %v", rep, err)
	}

	dir := t.TempDir()
	if _, err := a.ExportReconciliationTo("relative.csv", "1h", "", false); err == nil {
		t.Fatal("a relative path was accepted")
	}
	path := filepath.Join(dir, "recon.csv")
	res, err := a.ExportReconciliationTo(path, "1h", "", false)
	if err != nil || res.Path != path || res.Count != 0 || res.Bytes == 0 {
		t.Fatalf("ExportReconciliationTo = %+v, %v", res, err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 1 || strings.Join(rows[0], ",") != strings.Join(reconcile.CSVHeader, ",") {
		t.Fatalf("exported %v, %v", rows, err)
	}
	if rows := mustAudit(t, a, store.AuditExportReconciliation); len(rows) != 1 || rows[0].Target != path || !strings.Contains(rows[0].Details, "0 findings") {
		t.Fatalf("audit after the export: %+v", rows)
	}
	if _, err := a.ExportReconciliation("1h", "", false); err == nil {
		t.Fatal("the headless build has no save dialog")
	}

	// The API unreachable: an error, and the file is left as it was.
	a.tdesk.source = history.SourceFunc(func(context.Context, history.PageQuery) (history.Page, error) {
		return history.Page{}, errors.New("connection refused")
	})
	if _, err := a.Reconcile("1h", "", false); !errors.Is(err, reconcile.ErrUnreachable) {
		t.Fatalf("API down: %v", err)
	}
	if _, err := a.ExportReconciliationTo(path, "1h", "", false); !errors.Is(err, reconcile.ErrUnreachable) {
		t.Fatalf("export with the API down: %v", err)
	}
	if st, err := os.Stat(path); err != nil || st.Size() != res.Bytes {
		t.Fatalf("the earlier export was touched: %v", err)
	}
	if rows := mustAudit(t, a, store.AuditExportReconciliation); len(rows) != 1 {
		t.Fatalf("a failed export left an audit row: %+v", rows)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

// TestMissingNotifierLoggedOnce: without a notification service the app says so once per run,
// also across the alert services a profile switch makes.
func TestMissingNotifierLoggedOnce(t *testing.T) {
	a, _ := mustTransferApp(t, -1)
	var logs bytes.Buffer
	a.log = slog.New(slog.NewTextHandler(&logs, nil))
	a.alerts.connect = func(func(string)) (alerts.Notifier, func() error, error) {
		return nil, nil, alerts.ErrNoNotificationService
	}
	for i := range 3 {
		mustStoreTransfers(t, a, mesh.Transfer{ID: fmt.Sprintf("a1e70000-0000-4000-8000-0000000001%02d", i), Status: mesh.StatusFailed, CreatedTimestamp: time.Now().Unix()})
		if res, err := a.CheckAlerts(); err != nil || len(res.Raised) != 1 {
			t.Fatalf("check %d: %+v, %v", i, res, err)
		}
		a.stopAlerts() // as a profile switch does
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 {
		t.Fatalf("%d warnings, want 1:\n%s", n, logs.String())
	}
}
