package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"meshdesk/store"
)

// Service checks a profile's transfers for alerts, stores the new ones and shows each as a
// desktop notification. Safe for concurrent use.
type Service struct {
	db       *store.DB
	notifier Notifier
	now      func() time.Time
	log      *slog.Logger
	onChange func(profileID string, open int)

	checkMu sync.Mutex // one check at a time (the store's UNIQUE keeps alerts single anyway)
	warned  *atomic.Bool

	kickMu  sync.Mutex
	kicks   map[string]int // profile → 0 idle, 1 running, 2 running and asked again
	kickWG  sync.WaitGroup
	closed  bool
	baseCtx context.Context
	cancel  context.CancelFunc
}

// Options configure a Service.
type Options struct {
	// Notifier shows notifications; nil means none (a headless server): alerts are stored and
	// the missing service is logged once.
	Notifier Notifier
	// Now is the clock [time.Now].
	Now func() time.Time
	// Logger [discard].
	Logger *slog.Logger
	// OnChange is told after a check raised alerts, with the profile's open count.
	OnChange func(profileID string, open int)
	// Warned, when set, is shared by services that should log a missing notification service
	// once between them (the app makes one per profile switch) [one per Service].
	Warned *atomic.Bool
}

// NewService makes a Service over db.
func NewService(db *store.DB, o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Warned == nil {
		o.Warned = new(atomic.Bool)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{db: db, notifier: o.Notifier, now: o.Now, log: o.Logger, onChange: o.OnChange, warned: o.Warned,
		kicks: map[string]int{}, baseCtx: ctx, cancel: cancel}
}

// Result is what one check did.
type Result struct {
	// Raised are the new alerts.
	Raised []Alert `json:"raised"`
	// Notified counts the notifications shown.
	Notified int `json:"notified"`
	// NotifyError is why notifications could not be shown ("" when all were, or none was due).
	NotifyError string `json:"notifyError,omitempty"`
	// Open is the profile's number of open alerts after the check.
	Open int `json:"open"`
}

// Check raises the alerts due now for a profile (see Due), once each, and notifies them.
func (s *Service) Check(ctx context.Context, profileID string) (Result, error) {
	s.checkMu.Lock()
	defer s.checkMu.Unlock()
	var res Result
	settings, err := LoadSettings(ctx, s.db, profileID)
	if err != nil {
		return res, err
	}
	baseline, lastSeq, err := s.db.AlertState(ctx, profileID)
	if err != nil {
		return res, err
	}
	now := s.now()
	cands, err := s.db.ScanAlertCandidates(ctx, profileID, Scan(now, settings, baseline, lastSeq))
	if err != nil {
		return res, err
	}
	raised, err := s.db.RaiseAlerts(ctx, profileID, Due(now, settings, baseline, cands), cands.Seq)
	if err != nil {
		return res, err
	}
	// A burst (a first sync, an outage) becomes one summary notification, not a stack of them.
	var burstErr error
	burst := settings.Desktop && len(raised) > MaxSeparateNotifications
	if burst {
		burstErr = s.notifyBurst(ctx, raised)
	}
	marks := map[string][]int64{} // notify error ("" shown) → alerts
	for i := range raised {
		a := &raised[i]
		if settings.Desktop {
			nerr := burstErr
			if !burst {
				nerr = s.notify(ctx, *a)
			}
			if nerr != nil {
				a.NotifyError = nerr.Error()
				res.NotifyError = a.NotifyError
			} else {
				a.NotifiedAt = s.now()
				res.Notified++
			}
			marks[a.NotifyError] = append(marks[a.NotifyError], a.ID)
		}
		res.Raised = append(res.Raised, View(*a))
	}
	for nerr, ids := range marks {
		if err := s.db.MarkAlertsNotified(ctx, ids, nerr); err != nil {
			return res, err
		}
	}
	if res.Open, err = s.db.AlertCount(ctx, profileID); err != nil {
		return res, err
	}
	if len(raised) > 0 {
		s.log.Info("alerts raised", "profile", profileID, "new", len(raised), "open", res.Open, "notified", res.Notified)
		if s.onChange != nil {
			s.onChange(profileID, res.Open)
		}
	}
	return res, nil
}

// MaxSeparateNotifications is the most alerts of one check shown one by one; more are shown
// as one summary notification (its click opens the alert list: TransferID "").
const MaxSeparateNotifications = 3

// notify shows one alert.
func (s *Service) notify(ctx context.Context, a store.Alert) error {
	title, body := Text(a)
	return s.send(ctx, Notification{Title: title, Body: body, TransferID: a.TransferID})
}

// notifyBurst shows many new alerts as one notification.
func (s *Service) notifyBurst(ctx context.Context, as []store.Alert) error {
	var failed, pending int
	for _, a := range as {
		if a.Kind == store.AlertFailed {
			failed++
		} else {
			pending++
		}
	}
	return s.send(ctx, Notification{Title: fmt.Sprintf("%d transfers need attention", len(as)),
		Body: fmt.Sprintf("%d failed, %d still pending. Open Mesh Desk's alert list.", failed, pending)})
}

// send shows a notification; the first failure is logged as a warning, later ones at debug level.
func (s *Service) send(ctx context.Context, n Notification) error {
	if s.notifier == nil {
		err := ErrNoNotificationService
		s.logNotifyFailure(err)
		return err
	}
	nctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := s.notifier.Notify(nctx, n); err != nil {
		s.logNotifyFailure(err)
		return err
	}
	return nil
}

func (s *Service) logNotifyFailure(err error) {
	if s.warned.Swap(true) {
		s.log.Debug("alerts: desktop notification not shown", "err", err)
		return
	}
	s.log.Warn("alerts: desktop notifications unavailable; alerts are still stored and listed", "err", err)
}

// Kick runs a check of profileID in the background. Kicks while one runs are folded into one
// more run after it, so a burst of webhooks or sync pages costs at most two checks.
func (s *Service) Kick(profileID string) {
	s.kickMu.Lock()
	defer s.kickMu.Unlock()
	if s.closed || profileID == "" {
		return
	}
	switch s.kicks[profileID] {
	case 1:
		s.kicks[profileID] = 2
		return
	case 2:
		return
	}
	s.kicks[profileID] = 1
	s.kickWG.Add(1)
	go s.kickLoop(profileID)
}

func (s *Service) kickLoop(profileID string) {
	defer s.kickWG.Done()
	for {
		ctx, cancel := context.WithTimeout(s.baseCtx, 2*time.Minute)
		if _, err := s.Check(ctx, profileID); err != nil && !errors.Is(err, context.Canceled) {
			s.log.Warn("alerts: check failed", "profile", profileID, "err", err)
		}
		cancel()
		s.kickMu.Lock()
		if s.kicks[profileID] == 2 && !s.closed {
			s.kicks[profileID] = 1
			s.kickMu.Unlock()
			continue
		}
		delete(s.kicks, profileID)
		s.kickMu.Unlock()
		return
	}
}

// Idle reports whether no background check is running or queued (for tests and shutdown).
func (s *Service) Idle() bool {
	s.kickMu.Lock()
	defer s.kickMu.Unlock()
	return len(s.kicks) == 0
}

// closeGrace is how long Close lets a running check finish before cancelling it.
const closeGrace = 5 * time.Second

// Close stops background checks: no new ones start, a running one may finish (up to a few
// seconds, then it is cancelled), and Close returns once none runs.
func (s *Service) Close() error {
	s.kickMu.Lock()
	s.closed = true
	s.kickMu.Unlock()
	done := make(chan struct{})
	go func() {
		s.kickWG.Wait()
		close(done)
	}()
	t := time.NewTimer(closeGrace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		s.cancel()
		<-done
	}
	s.cancel()
	return nil
}

// List returns a profile's alerts, newest first (open ones only unless includeAcked).
func (s *Service) List(ctx context.Context, profileID string, includeAcked bool) ([]Alert, error) {
	as, err := s.db.Alerts(ctx, profileID, includeAcked, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Alert, 0, len(as))
	for _, a := range as {
		out = append(out, View(a))
	}
	return out, nil
}

// Ack acknowledges one alert (by the id Alert.ID carries), tells OnChange, and returns the
// alert's transfer.
func (s *Service) Ack(ctx context.Context, profileID, id string) (string, error) {
	n, err := ParseID(id)
	if err != nil {
		return "", err
	}
	tid, err := s.db.AckAlert(ctx, profileID, n)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return "", fmt.Errorf("no alert %s in this profile", id)
		}
		return "", err
	}
	s.changed(ctx, profileID)
	return tid, nil
}

// AckAll acknowledges every open alert of a profile.
func (s *Service) AckAll(ctx context.Context, profileID string) (int, error) {
	n, err := s.db.AckAllAlerts(ctx, profileID)
	if err != nil {
		return 0, err
	}
	s.changed(ctx, profileID)
	return n, nil
}

func (s *Service) changed(ctx context.Context, profileID string) {
	if s.onChange == nil {
		return
	}
	if n, err := s.db.AlertCount(ctx, profileID); err == nil {
		s.onChange(profileID, n)
	}
}
