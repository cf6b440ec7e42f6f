package main

// Alerts in the window: the list with a badge count, acknowledge, the per-profile settings,
// and the background check that runs after every sync and webhook delivery (and every minute,
// for transfers crossing the pending threshold). New alerts become desktop notifications;
// clicking one emits alerts:open so the window opens the transfer.

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"meshdesk/alerts"
	"meshdesk/store"
)

// Runtime events of alerts (the frontend's api names them too).
const (
	// EventAlertsChanged carries an AlertBadge whenever a profile's open alerts change.
	EventAlertsChanged = "alerts:changed"
	// EventAlertOpen carries the transfer id of a clicked notification ("" for a summary of
	// several alerts: open the alert list).
	EventAlertOpen = "alerts:open"
)

// alertTick is how often the active profile is checked for transfers crossing the threshold.
const alertTick = time.Minute

// AlertBadge is the payload of alerts:changed.
type AlertBadge struct {
	ProfileID string `json:"profileId"`
	Open      int    `json:"open"`
}

// alertsState is the App's alert service, made on first use for the open desk.
type alertsState struct {
	mu       sync.Mutex
	svc      *alerts.Service
	db       *store.DB
	closer   func() error // the notifier's
	stopTick chan struct{}
	warned   atomic.Bool // a missing notification service was logged
	// connect makes the notifier (tests replace it) [alerts.ConnectDBus].
	connect func(onOpen func(transferID string)) (alerts.Notifier, func() error, error)
}

// unavailable is the notifier when none could be connected: every call says why.
type unavailable struct{ err error }

// Notify fails with the connection's error.
func (u unavailable) Notify(context.Context, alerts.Notification) (uint32, error) { return 0, u.err }

func connectDBus(onOpen func(string)) (alerts.Notifier, func() error, error) {
	n, err := alerts.ConnectDBus(onOpen)
	if err != nil {
		return nil, nil, err
	}
	return n, n.Close, nil
}

// alertService returns the alert service of the open desk, making it (and its notifier and
// minute ticker) on first use.
func (a *App) alertService() (*alerts.Service, error) {
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	st := &a.alerts
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.svc != nil && st.db == d.DB() {
		return st.svc, nil
	}
	connect := st.connect
	if connect == nil {
		connect = connectDBus
	}
	n, closer, err := connect(a.openAlertedTransfer)
	if err != nil {
		// The service logs it (once per app run) when a notification is first due.
		a.log.Debug("alerts: no desktop notification service", "err", err)
		n, closer = unavailable{err}, nil
	}
	svc := alerts.NewService(d.DB(), alerts.Options{Notifier: n, Now: a.now, Logger: a.log, Warned: &st.warned,
		OnChange: func(profileID string, open int) {
			a.emit(EventAlertsChanged, AlertBadge{ProfileID: profileID, Open: open})
		}})
	st.svc, st.db, st.closer, st.stopTick = svc, d.DB(), closer, make(chan struct{})
	go a.alertTicker(st.stopTick)
	return svc, nil
}

// alertTicker kicks a check of the active profile every alertTick until stop closes.
func (a *App) alertTicker(stop chan struct{}) {
	t := time.NewTicker(alertTick)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			a.kickAlerts()
		}
	}
}

// kickAlerts checks the active profile for alerts in the background (coalesced).
func (a *App) kickAlerts() {
	svc, err := a.alertService()
	if err != nil {
		return
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	_, p, err := a.activeProfile(ctx)
	if err != nil {
		return
	}
	svc.Kick(p.ID)
}

// stopAlerts stops the alert service (waiting for a running check) and its notifier.
func (a *App) stopAlerts() {
	st := &a.alerts
	st.mu.Lock()
	svc, closer, stop := st.svc, st.closer, st.stopTick
	st.svc, st.db, st.closer, st.stopTick = nil, nil, nil, nil
	st.mu.Unlock()
	if stop != nil {
		close(stop)
	}
	if svc != nil {
		svc.Close()
	}
	if closer != nil {
		if err := closer(); err != nil {
			a.log.Debug("alerts: closing the notifier", "err", err)
		}
	}
}

// openAlertedTransfer is a click on a notification: show the window, open the transfer.
func (a *App) openAlertedTransfer(transferID string) {
	a.mu.Lock()
	ctx := a.ctx
	a.mu.Unlock()
	showWindow(ctx)
	a.emit(EventAlertOpen, transferID)
}

// audit records one audit row for the open desk (desk.Audit logs a failure; it never fails the
// action that was done).
func (a *App) audit(ctx context.Context, profileID, profileName, action, target, details string) {
	if d, err := a.service(); err == nil {
		d.Audit(ctx, profileID, profileName, action, target, details)
	}
}

// alertCall is the active profile and the alert service, for a bound method.
func (a *App) alertCall(ctx context.Context) (*alerts.Service, *store.Profile, error) {
	svc, err := a.alertService()
	if err != nil {
		return nil, nil, err
	}
	_, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, nil, err
	}
	return svc, p, nil
}

// Alerts lists the active profile's alerts, newest first: the open ones, or all when
// includeAcked.
func (a *App) Alerts(includeAcked bool) ([]alerts.Alert, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	svc, p, err := a.alertCall(ctx)
	if err != nil {
		return nil, err
	}
	return svc.List(ctx, p.ID, includeAcked)
}

// AlertCount is the number of the active profile's open alerts (the badge).
func (a *App) AlertCount() (int, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return 0, err
	}
	return d.DB().AlertCount(ctx, p.ID)
}

// AckAlert acknowledges (dismisses) one alert by its id; alerts:changed follows.
func (a *App) AckAlert(id string) error {
	if _, err := alerts.ParseID(id); err != nil {
		return err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	svc, p, err := a.alertCall(ctx)
	if err != nil {
		return err
	}
	tid, err := svc.Ack(ctx, p.ID, id)
	if err != nil {
		return err
	}
	a.audit(ctx, p.ID, p.Name, store.AuditAlertAck, tid, "alert "+id) // audit (treasury)
	return nil
}

// AckAllAlerts acknowledges every open alert of the active profile and returns how many.
func (a *App) AckAllAlerts() (int, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	svc, p, err := a.alertCall(ctx)
	if err != nil {
		return 0, err
	}
	n, err := svc.AckAll(ctx, p.ID)
	if err != nil {
		return 0, err
	}
	if n > 0 {
		a.audit(ctx, p.ID, p.Name, store.AuditAlertAck, "all", fmt.Sprintf("%d alerts", n)) // audit (treasury)
	}
	return n, nil
}

// AlertSettings returns the active profile's alert settings.
func (a *App) AlertSettings() (alerts.Settings, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return alerts.Settings{}, err
	}
	return alerts.LoadSettings(ctx, d.DB(), p.ID)
}

// SetAlertSettings saves the active profile's alert settings (each kind on or off, the pending
// threshold in minutes, desktop notifications) and checks again with them.
func (a *App) SetAlertSettings(s alerts.Settings) (alerts.Settings, error) {
	if err := s.Validate(); err != nil {
		return alerts.Settings{}, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return alerts.Settings{}, err
	}
	if err := alerts.SaveSettings(ctx, d.DB(), p.ID, s); err != nil {
		return alerts.Settings{}, err
	}
	d.Audit(ctx, p.ID, p.Name, store.AuditAlertSettings, "", s.String()) // audit (treasury)
	a.kickAlerts()
	return s, nil
}

// CheckAlerts checks the active profile for alerts now and returns what it raised.
func (a *App) CheckAlerts() (*alerts.Result, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	svc, p, err := a.alertCall(ctx)
	if err != nil {
		return nil, err
	}
	res, err := svc.Check(ctx, p.ID)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, errors.New("the alert check took too long; it will run again after the next sync")
		}
		return nil, err
	}
	return &res, nil
}
