// Package alerts raises an alert when a transfer fails or stays pending past a threshold, once
// per transfer and kind, and shows it as a desktop notification through the platform's
// notification service (on Linux the freedesktop Notifications D-Bus service). Alerts are
// stored whether or not a notification could be shown; a headless server simply has none.
//
// What is due is decided by Due, a pure function of the clock, the profile's settings and the
// candidates the store found, so the thresholds are tested with a fake clock.
package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"meshdesk/store"
)

// Lookback is how far before a profile's first alert check trouble is still raised: a fresh
// install (or the first sync of a long history) shows the last week's failures and stuck
// transfers, not a year of them.
const Lookback = 7 * 24 * time.Hour

// Threshold bounds and default, in minutes.
const (
	DefaultPendingAfterMinutes = 24 * 60
	MinPendingAfterMinutes     = 1
	MaxPendingAfterMinutes     = 30 * 24 * 60
)

// Settings are a profile's alert settings.
type Settings struct {
	// Failed raises an alert when a transfer fails.
	Failed bool `json:"failed"`
	// Pending raises an alert when a transfer stays pending longer than PendingAfterMinutes.
	Pending             bool `json:"pending"`
	PendingAfterMinutes int  `json:"pendingAfterMinutes"`
	// Desktop shows each new alert as a desktop notification (alerts are stored either way).
	Desktop bool `json:"desktop"`
}

// DefaultSettings: both kinds on, 24 hours, desktop notifications on.
func DefaultSettings() Settings {
	return Settings{Failed: true, Pending: true, PendingAfterMinutes: DefaultPendingAfterMinutes, Desktop: true}
}

// Validate says what is wrong with s, in the words of the Settings form.
func (s Settings) Validate() error {
	if s.PendingAfterMinutes < MinPendingAfterMinutes || s.PendingAfterMinutes > MaxPendingAfterMinutes {
		return fmt.Errorf("the pending threshold must be between %d minute and %d days (got %d minutes)",
			MinPendingAfterMinutes, MaxPendingAfterMinutes/(24*60), s.PendingAfterMinutes)
	}
	return nil
}

// String says the settings in words: "failed on, pending on after 24h0m0s, desktop on".
func (s Settings) String() string {
	w := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	return fmt.Sprintf("failed %s, pending %s after %s, desktop %s", w(s.Failed), w(s.Pending), s.PendingAfter(), w(s.Desktop))
}

// PendingAfter is the pending threshold as a duration.
func (s Settings) PendingAfter() time.Duration {
	return time.Duration(s.PendingAfterMinutes) * time.Minute
}

func settingsKey(profileID string) string { return "alerts." + profileID }

// LoadSettings reads a profile's alert settings (DefaultSettings when never saved).
func LoadSettings(ctx context.Context, db *store.DB, profileID string) (Settings, error) {
	s := DefaultSettings()
	raw, err := db.Setting(ctx, settingsKey(profileID))
	if errors.Is(err, store.ErrNotFound) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("read alert settings: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return DefaultSettings(), fmt.Errorf("read alert settings: %w", err)
	}
	return s, nil
}

// SaveSettings validates and stores a profile's alert settings.
func SaveSettings(ctx context.Context, db *store.DB, profileID string, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("save alert settings: %w", err)
	}
	if err := db.SetSetting(ctx, settingsKey(profileID), string(b)); err != nil {
		return fmt.Errorf("save alert settings: %w", err)
	}
	return nil
}

// Scan is what a check asks the store for at now: failed transfers changed since lastSeq and
// pending transfers that crossed the threshold no earlier than baseline − Lookback.
func Scan(now time.Time, s Settings, baseline time.Time, lastSeq int64) store.AlertScan {
	after := s.PendingAfter()
	return store.AlertScan{
		SinceSeq:    lastSeq,
		PendingFrom: baseline.Add(-Lookback - after),
		PendingTo:   now.Add(-after),
		SkipFailed:  !s.Failed,
		SkipPending: !s.Pending,
	}
}

// Due returns the alerts to raise at now among the candidates: failed transfers whose failure
// happened no earlier than baseline − Lookback, and pending transfers created at least the
// threshold ago whose threshold passed no earlier than baseline − Lookback. A kind turned off
// raises nothing. Pure: the same inputs give the same alerts.
func Due(now time.Time, s Settings, baseline time.Time, c store.AlertScanResult) []store.NewAlert {
	oldest := baseline.Add(-Lookback)
	var out []store.NewAlert
	if s.Failed {
		for _, t := range c.Failed {
			if t.Status != "failed" {
				continue
			}
			if failedAt(t).Before(oldest) {
				continue
			}
			out = append(out, store.NewAlert{TransferID: t.TransferID, Kind: store.AlertFailed, Status: t.Status, Summary: Summary(t)})
		}
	}
	if s.Pending {
		after := s.PendingAfter()
		for _, t := range c.Pending {
			if t.Status == "succeeded" || t.Status == "failed" {
				continue
			}
			crossed := t.Created.Add(after)
			if now.Before(crossed) || crossed.Before(oldest) {
				continue
			}
			out = append(out, store.NewAlert{TransferID: t.TransferID, Kind: store.AlertPending, Status: t.Status, Summary: Summary(t)})
		}
	}
	return out
}

// failedAt is when a transfer failed: when this app saw it turn failed, else Mesh's executed
// time, else its creation.
func failedAt(t store.AlertCandidate) time.Time {
	switch {
	case !t.FailedAt.IsZero():
		return t.FailedAt
	case !t.Executed.IsZero():
		return t.Executed
	}
	return t.Created
}

// Summary describes a transfer in a few words: "0.5 ETH on Ethereum from Coinbase".
func Summary(t store.AlertCandidate) string {
	var b strings.Builder
	if t.Amount != 0 || t.Symbol != "" {
		b.WriteString(strconv.FormatFloat(t.Amount, 'f', -1, 64))
		if t.Symbol != "" {
			b.WriteString(" " + t.Symbol)
		}
	}
	if t.Network != "" {
		b.WriteString(" on " + t.Network)
	}
	if t.From != "" {
		b.WriteString(" from " + t.From)
	}
	return strings.TrimSpace(b.String())
}

// Alert is an alert as the window and the command line show it (times in RFC 3339, "" unset).
type Alert struct {
	// ID is the alert's id (a number, as text: AckAlert takes it back).
	ID         string `json:"id"`
	TransferID string `json:"transferId"`
	// Kind is "failed" or "pending".
	Kind string `json:"kind"`
	// Title and Body are the notification's text.
	Title    string `json:"title"`
	Body     string `json:"body"`
	RaisedAt string `json:"raisedAt"`
	// Status is the transfer's status when raised; CurrentStatus now ("" when no longer stored).
	Status        string `json:"status"`
	CurrentStatus string `json:"currentStatus"`
	Summary       string `json:"summary"`
	Acked         bool   `json:"acked"`
	AckedAt       string `json:"ackedAt"`
	// Notified says a desktop notification was shown; NotifyError why not (when one was tried).
	Notified    bool   `json:"notified"`
	NotifyError string `json:"notifyError"`
}

// View turns a stored alert into an Alert.
func View(a store.Alert) Alert {
	title, body := Text(a)
	return Alert{
		ID: strconv.FormatInt(a.ID, 10), TransferID: a.TransferID, Kind: string(a.Kind), Title: title, Body: body,
		RaisedAt: rfc3339(a.RaisedAt), Status: a.Status, CurrentStatus: a.CurrentStatus, Summary: a.Summary,
		Acked: !a.AckedAt.IsZero(), AckedAt: rfc3339(a.AckedAt), Notified: !a.NotifiedAt.IsZero(), NotifyError: a.NotifyError,
	}
}

// Text is a notification's title and body for an alert.
func Text(a store.Alert) (title, body string) {
	what := a.Summary
	if what == "" {
		what = "A transfer"
	}
	switch a.Kind {
	case store.AlertFailed:
		title = "Transfer failed"
		body = what + " failed."
	default:
		title = "Transfer still pending"
		body = what + " is still pending."
	}
	return title, body + " Transfer " + a.TransferID
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ParseID parses an alert id given by a user or the frontend.
func ParseID(id string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("alert id %q is not a positive number", id)
	}
	return n, nil
}
