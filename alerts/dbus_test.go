package alerts_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"meshdesk/alerts"
	"meshdesk/history"
	"meshdesk/internal/testenv"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

// notifyCall is one org.freedesktop.Notifications.Notify call as the service received it.
type notifyCall struct {
	ID      uint32
	AppName string
	Summary string
	Body    string
	Actions []string
	Hints   map[string]dbus.Variant
}

// notificationServer is a stand-in notification daemon: it owns org.freedesktop.Notifications
// on the session bus and records every Notify call it receives over D-Bus.
type notificationServer struct {
	conn *dbus.Conn

	mu    sync.Mutex
	seq   uint32
	calls []notifyCall
	got   chan notifyCall
}

// Notify is the D-Bus method (Desktop Notifications Specification).
func (s *notificationServer) Notify(appName string, replacesID uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	c := notifyCall{ID: s.seq, AppName: appName, Summary: summary, Body: body, Actions: actions, Hints: hints}
	// make test runs every package on one session bus: other packages' tests may notify while
	// this one owns the name. Only this test's transfers count.
	if !strings.Contains(body, proofPrefix) {
		return c.ID, nil
	}
	s.calls = append(s.calls, c)
	s.got <- c
	return c.ID, nil
}

// GetCapabilities is the D-Bus method.
func (s *notificationServer) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"actions", "body"}, nil
}

// GetServerInformation is the D-Bus method.
func (s *notificationServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "meshdesk-test", "meshdesk", "1", "1.2", nil
}

func (s *notificationServer) callCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

// Transfer ids of the proof (Mesh's ids are UUIDs), all starting with proofPrefix.
const (
	proofPrefix = "7e0c3a52-0000-4000-8000-"
	trWebhook   = proofPrefix + "00000000000a"
	trSync      = proofPrefix + "00000000000b"
	trStuck     = proofPrefix + "00000000000c"
)

// needSessionBus fails under CI, skips elsewhere, without a session D-Bus.
func needSessionBus(t *testing.T) {
	t.Helper()
	testenv.Need(t, os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "",
		"a session D-Bus (run under scripts/with-session.sh, as make test does)")
}

func mustBusConn(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.SessionBusPrivate()
	if err == nil {
		err = conn.Auth(nil)
	}
	if err == nil {
		err = conn.Hello()
	}
	if err != nil {
		t.Fatalf("session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// mustOwnNotifications starts a notificationServer owning org.freedesktop.Notifications.
func mustOwnNotifications(t *testing.T) *notificationServer {
	t.Helper()
	needSessionBus(t)
	s := &notificationServer{conn: mustBusConn(t), got: make(chan notifyCall, 16)}
	if err := s.conn.Export(s, alerts.NotificationsPath, alerts.NotificationsInterface); err != nil {
		t.Fatalf("export: %v", err)
	}
	reply, err := s.conn.RequestName(alerts.NotificationsName, dbus.NameFlagDoNotQueue)
	if err != nil {
		t.Fatalf("request name: %v", err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("%s is owned by another process on this bus (reply %d): run under scripts/with-session.sh", alerts.NotificationsName, reply)
	}
	t.Cleanup(func() { _, _ = s.conn.ReleaseName(alerts.NotificationsName) })
	return s
}

// next waits for the next Notify call the server received.
func (s *notificationServer) next(t *testing.T, what string) notifyCall {
	t.Helper()
	select {
	case c := <-s.got:
		return c
	case <-time.After(20 * time.Second):
		t.Fatalf("no Notify call on the bus for %s", what)
	}
	return notifyCall{}
}

func mustConnectNotifier(t *testing.T, onOpen func(string)) *alerts.DBusNotifier {
	t.Helper()
	n, err := alerts.ConnectDBus(onOpen)
	if err != nil {
		t.Fatalf("ConnectDBus: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

// TestNotificationsOverDBus is the proof: a real D-Bus round trip to a notification service on
// the private session bus, when the emulator fails a transfer (through a webhook and through a
// sync) and when a transfer stays pending past a short threshold (fake clock); no repeat; a
// click (ActionInvoked "default") opens the transfer.
func TestNotificationsOverDBus(t *testing.T) {
	srv := mustOwnNotifications(t)
	opened := make(chan string, 4)
	notifier := mustConnectNotifier(t, func(id string) { opened <- id })

	clock := newClock(time.Now().Truncate(time.Second))
	db := storetest.MustOpenDB(t, store.WithNow(clock.Now))
	pid := storetest.MustCreateProfile(t, db, "Desk").ID
	ctx := context.Background()
	if err := alerts.SaveSettings(ctx, db, pid, alerts.Settings{Failed: true, Pending: true, PendingAfterMinutes: 5, Desktop: true}); err != nil {
		t.Fatal(err)
	}
	sim, err := meshsim.New(meshsim.Options{Clock: clock.Now, WebhookBackoff: func(int) time.Duration { return 10 * time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	client, err := mesh.NewClient(meshsim.DefaultClientID, meshsim.DefaultClientSecret, mesh.WithBaseURL(sim.BaseURL()))
	if err != nil {
		t.Fatal(err)
	}
	syncer := history.NewSyncer(db, history.MeshSource(client), history.Options{Holder: "test", Now: clock.Now})
	mustSyncNow := func() {
		t.Helper()
		if _, err := syncer.Sync(ctx, pid); err != nil {
			t.Fatalf("sync: %v", err)
		}
	}
	const secret = "whsec_test"
	rcv, err := history.NewReceiver(history.ReceiverOptions{ProfileID: pid, Secret: secret, Store: db})
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(rcv)
	t.Cleanup(func() { hook.Close(); rcv.Close() })

	if _, err := sim.AddTransfers(
		meshsim.Transfer{ID: trWebhook, Symbol: "ETH", Amount: 0.5},
		meshsim.Transfer{ID: trSync, Symbol: "USDC", Amount: 250},
		meshsim.Transfer{ID: trStuck, Symbol: "SOL", Amount: 3},
	); err != nil {
		t.Fatal(err)
	}
	mustSyncNow()
	svc := alerts.NewService(db, alerts.Options{Notifier: notifier, Now: clock.Now})
	defer svc.Close()
	if res := mustCheck(t, svc, pid); len(res.Raised) != 0 {
		t.Fatalf("three fresh pending transfers raised %v", raisedIDs(res))
	}

	// 1. The emulator fails a transfer and says so in a webhook.
	sim.SetWebhook(hook.URL, secret)
	if _, err := sim.SetTransferStatus(trWebhook, meshsim.StatusFailed); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := sim.WaitWebhooks(wctx); err != nil {
		t.Fatal(err)
	}
	res := mustCheck(t, svc, pid)
	if strings.Join(raisedIDs(res), ",") != "failed:"+trWebhook || res.Notified != 1 {
		t.Fatalf("after the webhook: %+v", res)
	}
	c := srv.next(t, "the webhook failure")
	if c.AppName != alerts.AppName || c.Summary != "Transfer failed" || !strings.Contains(c.Body, "0.5 ETH") ||
		!strings.Contains(c.Body, trWebhook) || !slices.Contains(c.Actions, alerts.ActionDefault) {
		t.Fatalf("Notify call %+v", c)
	}
	if u, ok := c.Hints["urgency"].Value().(byte); !ok || u != 1 {
		t.Fatalf("urgency hint %v", c.Hints["urgency"])
	}
	webhookNotification := c.ID

	// 2. The emulator fails a transfer with no webhook: the sync brings it.
	sim.SetWebhook("", "")
	if _, err := sim.SetTransferStatus(trSync, meshsim.StatusFailed); err != nil {
		t.Fatal(err)
	}
	mustSyncNow()
	res = mustCheck(t, svc, pid)
	if strings.Join(raisedIDs(res), ",") != "failed:"+trSync {
		t.Fatalf("after the sync: %+v", res)
	}
	if c := srv.next(t, "the synced failure"); c.Summary != "Transfer failed" || !strings.Contains(c.Body, "250 USDC") || !strings.Contains(c.Body, trSync) {
		t.Fatalf("Notify call %+v", c)
	}

	// 3. tr-stuck stays pending: nothing at 4 minutes, an alert past 5 (the fake clock).
	clock.Add(4 * time.Minute)
	if res := mustCheck(t, svc, pid); len(res.Raised) != 0 {
		t.Fatalf("at 4 minutes raised %v", raisedIDs(res))
	}
	clock.Add(2 * time.Minute)
	res = mustCheck(t, svc, pid)
	if strings.Join(raisedIDs(res), ",") != "pending:"+trStuck {
		t.Fatalf("at 6 minutes: %+v", res)
	}
	if c := srv.next(t, "the stuck transfer"); c.Summary != "Transfer still pending" || !strings.Contains(c.Body, "3 SOL") || !strings.Contains(c.Body, trStuck) {
		t.Fatalf("Notify call %+v", c)
	}

	// No repeats, however often the check runs.
	clock.Add(time.Hour)
	mustSyncNow()
	for range 3 {
		if res := mustCheck(t, svc, pid); len(res.Raised) != 0 {
			t.Fatalf("a later check raised %v", raisedIDs(res))
		}
	}
	if n := srv.callCount(); n != 3 {
		t.Fatalf("%d Notify calls, want 3", n)
	}

	// A click on the webhook failure's notification opens that transfer; other signals don't.
	if err := srv.conn.Emit(alerts.NotificationsPath, alerts.NotificationsInterface+".ActionInvoked", uint32(999), alerts.ActionDefault); err != nil {
		t.Fatal(err)
	}
	if err := srv.conn.Emit(alerts.NotificationsPath, alerts.NotificationsInterface+".ActionInvoked", webhookNotification, "other"); err != nil {
		t.Fatal(err)
	}
	if err := srv.conn.Emit(alerts.NotificationsPath, alerts.NotificationsInterface+".ActionInvoked", webhookNotification, alerts.ActionDefault); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-opened:
		if id != trWebhook {
			t.Fatalf("the click opened %q, want tr-webhook", id)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("ActionInvoked did not open the transfer")
	}
	select {
	case id := <-opened:
		t.Fatalf("a second open for %q", id)
	case <-time.After(100 * time.Millisecond):
	}
}

// TestNotifyWithoutService: on a bus where nobody owns org.freedesktop.Notifications, Notify
// says there is no service (alerts are stored; the Service logs it once — see
// TestServiceWithoutNotifications).
func TestNotifyWithoutService(t *testing.T) {
	needSessionBus(t)
	conn := mustBusConn(t)
	if has, err := nameHasOwner(conn, alerts.NotificationsName); err != nil || has {
		t.Skipf("a notification service runs on this bus (%v): run under scripts/with-session.sh", err)
	}
	n := mustConnectNotifier(t, nil)
	_, err := n.Notify(context.Background(), alerts.Notification{Title: "x", Body: "y"})
	if !errors.Is(err, alerts.ErrNoNotificationService) {
		t.Fatalf("Notify without a service = %v, want ErrNoNotificationService", err)
	}
}

func nameHasOwner(conn *dbus.Conn, name string) (bool, error) {
	var has bool
	err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
	return has, err
}

// TestConnectWithoutBus: no session bus at all is ErrNoNotificationService, not a hang.
func TestConnectWithoutBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/meshdesk-test-bus")
	_, err := alerts.ConnectDBus(nil)
	if !errors.Is(err, alerts.ErrNoNotificationService) {
		t.Fatalf("ConnectDBus without a bus = %v", err)
	}
}
