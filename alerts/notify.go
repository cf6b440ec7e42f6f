package alerts

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/godbus/dbus/v5"
)

// Notification is one desktop notification.
type Notification struct {
	Title string
	Body  string
	// TransferID is what the notification's default action opens ("" the alert list).
	TransferID string
}

// Notifier shows desktop notifications.
type Notifier interface {
	// Notify shows n and returns the notification service's id for it.
	Notify(ctx context.Context, n Notification) (uint32, error)
}

// The freedesktop notification service (Desktop Notifications Specification 1.2).
const (
	NotificationsName      = "org.freedesktop.Notifications"
	NotificationsPath      = dbus.ObjectPath("/org/freedesktop/Notifications")
	NotificationsInterface = "org.freedesktop.Notifications"
	// AppName is the app_name every notification carries.
	AppName = "Mesh Desk"
	// ActionDefault is the action a click on the notification invokes.
	ActionDefault = "default"
)

// maxTracked bounds the notifications whose clicks are remembered.
const maxTracked = 1000

// ErrNoNotificationService means no session bus or no notification service on it (a headless
// server): alerts are stored, not shown.
var ErrNoNotificationService = errors.New("no desktop notification service")

// DBusNotifier shows notifications through org.freedesktop.Notifications on the session bus
// and reports a click on one (its default action) to OnOpen with the transfer it is about.
type DBusNotifier struct {
	conn   *dbus.Conn
	onOpen func(transferID string)

	mu        sync.Mutex
	byID      map[uint32]string // notification id → transfer id
	signals   chan *dbus.Signal
	done      chan struct{}
	closeOnce sync.Once
}

// ConnectDBus connects to the session bus (a private connection, closed by Close) and listens
// for ActionInvoked and NotificationClosed: a click on one of its notifications calls onOpen
// with the transfer ("" for a summary of several alerts). onOpen may be nil. Without a session bus it returns
// an error wrapping ErrNoNotificationService.
func ConnectDBus(onOpen func(transferID string)) (*DBusNotifier, error) {
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		return nil, fmt.Errorf("%w: session bus: %v", ErrNoNotificationService, err)
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: session bus authentication: %v", ErrNoNotificationService, err)
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: session bus hello: %v", ErrNoNotificationService, err)
	}
	n := &DBusNotifier{conn: conn, onOpen: onOpen, byID: map[uint32]string{}, signals: make(chan *dbus.Signal, 16), done: make(chan struct{})}
	if err := conn.AddMatchSignal(dbus.WithMatchInterface(NotificationsInterface), dbus.WithMatchObjectPath(NotificationsPath)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("listen for notification actions: %w", err)
	}
	conn.Signal(n.signals)
	go n.listen()
	return n, nil
}

// Notify calls org.freedesktop.Notifications.Notify with a default action ("Open transfer").
// A missing service gives an error wrapping ErrNoNotificationService.
func (n *DBusNotifier) Notify(ctx context.Context, nt Notification) (uint32, error) {
	hints := map[string]dbus.Variant{
		"urgency":       dbus.MakeVariant(byte(1)),
		"category":      dbus.MakeVariant("transfer"),
		"desktop-entry": dbus.MakeVariant("meshdesk"),
	}
	obj := n.conn.Object(NotificationsName, NotificationsPath)
	call := obj.CallWithContext(ctx, NotificationsInterface+".Notify", 0,
		AppName, uint32(0), "meshdesk", nt.Title, nt.Body, []string{ActionDefault, "Open transfer"}, hints, int32(-1))
	if call.Err != nil {
		var de dbus.Error
		if errors.As(call.Err, &de) && (de.Name == "org.freedesktop.DBus.Error.ServiceUnknown" || de.Name == "org.freedesktop.DBus.Error.NameHasNoOwner") {
			return 0, fmt.Errorf("%w: %s is not on the session bus", ErrNoNotificationService, NotificationsName)
		}
		return 0, fmt.Errorf("desktop notification: %w", call.Err)
	}
	var id uint32
	if err := call.Store(&id); err != nil {
		return 0, fmt.Errorf("desktop notification: %w", err)
	}
	n.mu.Lock()
	if len(n.byID) >= maxTracked { // a service that never sends NotificationClosed
		clear(n.byID)
	}
	n.byID[id] = nt.TransferID // "" for a summary: its click opens the alert list
	n.mu.Unlock()
	return id, nil
}

func (n *DBusNotifier) listen() {
	defer close(n.done)
	for sig := range n.signals {
		if sig == nil || len(sig.Body) == 0 {
			continue
		}
		id, ok := sig.Body[0].(uint32)
		if !ok {
			continue
		}
		switch sig.Name {
		case NotificationsInterface + ".ActionInvoked":
			var action string
			if len(sig.Body) > 1 {
				action, _ = sig.Body[1].(string)
			}
			n.mu.Lock()
			tid, mine := n.byID[id]
			n.mu.Unlock()
			if mine && action == ActionDefault && n.onOpen != nil {
				n.onOpen(tid)
			}
		case NotificationsInterface + ".NotificationClosed":
			n.mu.Lock()
			delete(n.byID, id)
			n.mu.Unlock()
		}
	}
}

// Close disconnects from the session bus.
func (n *DBusNotifier) Close() error {
	n.conn.RemoveSignal(n.signals)
	err := n.conn.Close()
	n.closeOnce.Do(func() { close(n.signals) })
	<-n.done
	return err
}
