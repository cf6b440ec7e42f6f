// Package reconcile compares what Mesh's webhooks said with what Mesh's transfer history says,
// over a date range: status disagreements, events for transfers the history lacks, transfers
// that never got an event, and events delivered more than once. The history is read live
// through the Mesh API; when the API cannot be reached the report says so and is not made from
// stale data, unless the caller asks for Offline (the last synced state, with its time).
package reconcile

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/store"
)

// Kind is a kind of finding.
type Kind string

// Finding kinds, in the order the report lists them.
const (
	// StatusMismatch: the last status the webhooks said differs from the history's.
	StatusMismatch Kind = "status_mismatch"
	// UnknownTransfer: webhook events name a transfer the history does not have.
	UnknownTransfer Kind = "unknown_transfer"
	// NoEvent: a transfer of the history never got a webhook event.
	NoEvent Kind = "no_event"
	// Duplicate: one event (EventId) was delivered more than once.
	Duplicate Kind = "duplicate"
)

var kindOrder = map[Kind]int{StatusMismatch: 0, UnknownTransfer: 1, NoEvent: 2, Duplicate: 3}

// Coverage is how long before the profile's first webhook a transfer may have been created and
// still be expected to have an event (Mesh sends the pending event right after creation;
// createdTimestamp is whole seconds).
const Coverage = time.Minute

// DefaultGrace is how recent a transfer may be and still be waiting for its first event.
const DefaultGrace = 5 * time.Minute

// MaxRange is the longest range one report covers.
const MaxRange = 366 * 24 * time.Hour

// Look-ups of transfers created outside the range that events name: up to directLookups are
// looked up by id; beyond that the history of the Widen before the range is read first, and at
// most maxLookups are left to look up by id.
const (
	directLookups = 20
	maxLookups    = 200
	// Widen is how far before the range the history is read when many events name older
	// transfers.
	Widen = 7 * 24 * time.Hour
)

// ErrUnreachable means the Mesh API could not be reached for the live history.
var ErrUnreachable = errors.New("the Mesh API could not be reached")

// Options configure a report.
type Options struct {
	// From and To bound the range: webhook events received and transfers created in [From, To).
	From, To time.Time
	// Offline compares with the last synced state instead of the live API.
	Offline bool
	// Grace: transfers created less than this before Now are not flagged for a missing event
	// [DefaultGrace]; a negative value means none.
	Grace time.Duration
	// Now is the clock [time.Now].
	Now func() time.Time
}

// Item is one finding.
type Item struct {
	Kind       Kind   `json:"kind"`
	TransferID string `json:"transferId"`
	// EventID is the repeated event (duplicate) or the last event (other kinds with events).
	EventID string `json:"eventId,omitempty"`
	// WebhookStatus is the last status the webhooks said; HistoryStatus the history's.
	WebhookStatus string `json:"webhookStatus,omitempty"`
	HistoryStatus string `json:"historyStatus,omitempty"`
	// Count is the number of events (unknown_transfer) or of repeated deliveries (duplicate).
	Count int `json:"count,omitempty"`
	// Created is the transfer's creation in the history (RFC 3339, "" unknown); LastEventAt
	// when its last event (or repeated delivery) arrived.
	Created     string `json:"created,omitempty"`
	LastEventAt string `json:"lastEventAt,omitempty"`
	// Detail says it in words.
	Detail string `json:"detail"`
}

// Summary counts what the report looked at and found.
type Summary struct {
	// Transfers in the history created in the range; Events recorded (each EventId once)
	// and RepeatedDeliveries received in the range.
	Transfers          int `json:"transfers"`
	Events             int `json:"events"`
	RepeatedDeliveries int `json:"repeatedDeliveries"`
	StatusMismatches   int `json:"statusMismatches"`
	UnknownTransfers   int `json:"unknownTransfers"`
	NoEvent            int `json:"noEvent"`
	Duplicates         int `json:"duplicates"`
	// BeforeWebhooks counts transfers without events created before the profile's first
	// webhook (not flagged: nothing listened yet); TooRecent those created within the grace.
	BeforeWebhooks int `json:"beforeWebhooks"`
	TooRecent      int `json:"tooRecent"`
}

// Report is a reconciliation over a range.
type Report struct {
	ProfileID string `json:"profileId"`
	// From, To and GeneratedAt in RFC 3339.
	From        string `json:"from"`
	To          string `json:"to"`
	GeneratedAt string `json:"generatedAt"`
	// Source is "api" (the live history) or "offline" (the last synced state, SyncedAt).
	Source   string `json:"source"`
	SyncedAt string `json:"syncedAt,omitempty"`
	// WebhooksSince is when the profile's first webhook arrived ("" never).
	WebhooksSince string  `json:"webhooksSince"`
	Summary       Summary `json:"summary"`
	Items         []Item  `json:"items"`
}

// Clean reports whether nothing was found.
func (r *Report) Clean() bool { return len(r.Items) == 0 }

// histEntry is a transfer as the history (or the synced state) has it.
type histEntry struct {
	status  mesh.TransferStatus
	created time.Time
}

// event is one recorded webhook event with the status and change time from its body.
type event struct {
	id       string
	transfer string
	status   mesh.TransferStatus
	changed  int64 // the payload's Timestamp (ms), 0 unknown
	received time.Time
	order    int
}

// Run makes the report for a profile: events and repeated deliveries from db, the history from
// src (live) or db (Offline). A live history that cannot be read gives an error wrapping
// ErrUnreachable that says when the last sync was and how to get an offline report.
func Run(ctx context.Context, db *store.DB, src history.Source, profileID string, o Options) (*Report, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Grace == 0 {
		o.Grace = DefaultGrace
	}
	if err := CheckRange(o.From, o.To); err != nil {
		return nil, err
	}
	now := o.Now()
	rep := &Report{ProfileID: profileID, From: rfc3339(o.From), To: rfc3339(o.To), GeneratedAt: rfc3339(now), Source: "api", Items: []Item{}}

	recs, err := db.WebhookEventsBetween(ctx, profileID, o.From, o.To)
	if err != nil {
		return nil, err
	}
	dups, err := db.DuplicateDeliveries(ctx, profileID, o.From, o.To)
	if err != nil {
		return nil, err
	}
	first, err := db.FirstWebhookAt(ctx, profileID)
	if err != nil {
		return nil, err
	}
	rep.WebhooksSince = rfc3339(first)

	// The history side.
	var hist map[string]histEntry
	var lookup func(id string) (histEntry, bool, error)
	if o.Offline {
		rep.Source = "offline"
		st, err := db.SyncState(ctx, profileID)
		if err != nil {
			return nil, err
		}
		if st.LastCompleted.IsZero() {
			return nil, fmt.Errorf("no offline report: this profile was never synced (run a sync, or reconcile online)")
		}
		rep.SyncedAt = rfc3339(st.LastCompleted)
		rows, err := db.TransferStatuses(ctx, profileID, o.From, o.To)
		if err != nil {
			return nil, err
		}
		hist = make(map[string]histEntry, len(rows))
		for _, r := range rows {
			hist[r.ID] = histEntry{status: r.Status, created: r.Created}
		}
		lookup = func(id string) (histEntry, bool, error) {
			r, err := db.TransferStatusByID(ctx, profileID, id)
			if errors.Is(err, store.ErrNotFound) {
				return histEntry{}, false, nil
			}
			if err != nil {
				return histEntry{}, false, err
			}
			return histEntry{status: r.Status, created: r.Created}, true, nil
		}
	} else {
		if src == nil {
			return nil, fmt.Errorf("%w: no Mesh client for this profile", ErrUnreachable)
		}
		hist, err = fetchHistory(ctx, src, o.From, o.To)
		if err != nil {
			return nil, unreachable(ctx, db, profileID, err)
		}
		lookup = func(id string) (histEntry, bool, error) {
			p, err := src.TransferPage(ctx, history.PageQuery{ID: id, Count: 1})
			if err != nil {
				return histEntry{}, false, unreachable(ctx, db, profileID, err)
			}
			for _, t := range p.Transfers {
				if t.ID == id {
					return histEntry{status: t.Status, created: time.Unix(t.CreatedTimestamp, 0).UTC()}, true, nil
				}
			}
			return histEntry{}, false, nil
		}
	}
	rep.Summary.Transfers = len(hist)

	// Events by transfer.
	byTransfer := map[string][]event{}
	var order []string
	for i, r := range recs {
		ev := parseRecord(r, i)
		if _, seen := byTransfer[ev.transfer]; !seen {
			order = append(order, ev.transfer)
		}
		byTransfer[ev.transfer] = append(byTransfer[ev.transfer], ev)
	}
	rep.Summary.Events = len(recs)
	// Transfers the events name that were created outside the range (e.g. yesterday's, settled
	// today): looked up by id; when there are many, live, the week before the range is read
	// in one pass first.
	var outside []string
	for _, tid := range order {
		if _, ok := hist[tid]; !ok {
			outside = append(outside, tid)
		}
	}
	extra := map[string]histEntry{}
	if !o.Offline && len(outside) > directLookups {
		before, err := fetchHistory(ctx, src, o.From.Add(-Widen), o.From)
		if err != nil {
			return nil, unreachable(ctx, db, profileID, err)
		}
		for _, tid := range outside {
			if h, ok := before[tid]; ok {
				extra[tid] = h
			}
		}
	}
	lookups := 0
	for _, tid := range order {
		evs := byTransfer[tid]
		last := lastEvent(evs)
		h, ok := hist[tid]
		if !ok {
			h, ok = extra[tid]
		}
		if !ok {
			if !o.Offline && lookups >= maxLookups {
				return nil, fmt.Errorf("more than %d webhook events in the range name transfers created more than %d days before it: choose a shorter range",
					maxLookups, int(Widen/(24*time.Hour)))
			}
			lookups++
			var err error
			if h, ok, err = lookup(tid); err != nil {
				return nil, err
			}
		}
		if !ok {
			rep.Items = append(rep.Items, Item{Kind: UnknownTransfer, TransferID: tid, EventID: last.id, WebhookStatus: string(last.status),
				Count: len(evs), LastEventAt: rfc3339(last.received),
				Detail: fmt.Sprintf("%d webhook event(s) name this transfer; the history has no such transfer", len(evs))})
			continue
		}
		if last.status != h.status {
			rep.Items = append(rep.Items, Item{Kind: StatusMismatch, TransferID: tid, EventID: last.id, WebhookStatus: string(last.status),
				HistoryStatus: string(h.status), Count: len(evs), Created: rfc3339(h.created), LastEventAt: rfc3339(last.received),
				Detail: fmt.Sprintf("the webhooks last said %s; the history says %s", orNone(last.status), orNone(h.status))})
		}
	}

	// Transfers of the range without any event.
	ids := make([]string, 0, len(hist))
	for id := range hist {
		if _, ok := byTransfer[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	with, err := db.TransfersWithEvents(ctx, profileID, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if with[id] {
			continue
		}
		h := hist[id]
		switch {
		case first.IsZero() || h.created.Before(first.Add(-Coverage)):
			rep.Summary.BeforeWebhooks++
		case o.Grace > 0 && now.Sub(h.created) < o.Grace:
			rep.Summary.TooRecent++
		default:
			rep.Items = append(rep.Items, Item{Kind: NoEvent, TransferID: id, HistoryStatus: string(h.status), Created: rfc3339(h.created),
				Detail: "the history has this transfer; no webhook event was ever received for it"})
		}
	}

	// Repeated deliveries, by event.
	type dupAgg struct {
		d     store.DuplicateDelivery
		count int
	}
	var dupOrder []string
	agg := map[string]*dupAgg{}
	for _, d := range dups {
		a, ok := agg[d.EventID]
		if !ok {
			a = &dupAgg{}
			agg[d.EventID] = a
			dupOrder = append(dupOrder, d.EventID)
		}
		a.d = d
		a.count++
	}
	rep.Summary.RepeatedDeliveries = len(dups)
	for _, id := range dupOrder {
		a := agg[id]
		rep.Items = append(rep.Items, Item{Kind: Duplicate, TransferID: a.d.TransferID, EventID: id, WebhookStatus: string(a.d.Status),
			Count: a.count, LastEventAt: rfc3339(a.d.ReceivedAt),
			Detail: fmt.Sprintf("event delivered %d times (recorded once)", a.count+1)})
	}

	slices.SortStableFunc(rep.Items, func(a, b Item) int {
		return cmp.Or(cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]), cmp.Compare(a.TransferID, b.TransferID), cmp.Compare(a.EventID, b.EventID))
	})
	for _, it := range rep.Items {
		switch it.Kind {
		case StatusMismatch:
			rep.Summary.StatusMismatches++
		case UnknownTransfer:
			rep.Summary.UnknownTransfers++
		case NoEvent:
			rep.Summary.NoEvent++
		case Duplicate:
			rep.Summary.Duplicates++
		}
	}
	return rep, nil
}

// CheckRange says what is wrong with a range.
func CheckRange(from, to time.Time) error {
	switch {
	case from.IsZero() || to.IsZero():
		return errors.New("the range needs a start and an end")
	case !from.Before(to):
		return fmt.Errorf("the range's start (%s) is not before its end (%s)", rfc3339(from), rfc3339(to))
	case to.Sub(from) > MaxRange:
		return fmt.Errorf("the range is longer than %d days", int(MaxRange/(24*time.Hour)))
	}
	return nil
}

// fetchHistory reads every transfer created in [from, to) from the live history.
func fetchHistory(ctx context.Context, src history.Source, from, to time.Time) (map[string]histEntry, error) {
	const count = 100
	out := map[string]histEntry{}
	hi := ceilUnix(to) - 1 // PageQuery bounds are inclusive seconds
	for offset := 0; ; offset += count {
		p, err := src.TransferPage(ctx, history.PageQuery{Offset: offset, Count: count, From: from.Unix(), To: hi})
		if err != nil {
			return nil, fmt.Errorf("history page at offset %d: %w", offset, err)
		}
		for _, t := range p.Transfers {
			c := time.Unix(t.CreatedTimestamp, 0).UTC()
			if c.Before(from.Truncate(time.Second)) || t.CreatedTimestamp > hi {
				continue
			}
			out[t.ID] = histEntry{status: t.Status, created: c}
		}
		if len(p.Transfers) < count || offset+count >= p.Total {
			return out, nil
		}
	}
}

// unreachable wraps a failed live read, saying when the profile was last synced.
func unreachable(ctx context.Context, db *store.DB, profileID string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("reading the live history: %w", err)
	}
	when := "never"
	if st, serr := db.SyncState(ctx, profileID); serr == nil && !st.LastCompleted.IsZero() {
		when = rfc3339(st.LastCompleted)
	}
	return fmt.Errorf("%w (%v): the report needs the live history; an offline report compares with the last synced state (synced %s)", ErrUnreachable, err, when)
}

func parseRecord(r store.WebhookRecord, order int) event {
	ev := event{id: r.EventID, transfer: r.TransferID, status: r.Status, received: r.ReceivedAt, order: order}
	var body mesh.WebhookEvent
	if json.Unmarshal(r.Raw, &body) == nil {
		ev.changed = body.Timestamp
		if body.TransferStatus != "" {
			ev.status = body.TransferStatus
		}
	}
	return ev
}

// lastEvent is the event with the latest status change (then the latest received).
func lastEvent(evs []event) event {
	return slices.MaxFunc(evs, func(a, b event) int {
		return cmp.Or(cmp.Compare(a.changed, b.changed), a.received.Compare(b.received), cmp.Compare(a.order, b.order))
	})
}

func orNone(s mesh.TransferStatus) string {
	if s == "" {
		return "no status"
	}
	return string(s)
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func ceilUnix(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// ParseTime reads one end of a range as a user gives it: RFC 3339 ("2026-11-01T09:00:00Z"), a
// date ("2026-11-01", midnight in loc; when end is true the midnight after it, so the day is
// included), or a duration before now ("48h", "90m").
func ParseTime(s string, now time.Time, loc *time.Location, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty time")
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time (2026-11-01, 2026-11-01T09:00:00Z) or a duration before now (48h)", s)
}

// ParseRange reads a range from its two ends (see ParseTime); an empty to means now.
func ParseRange(from, to string, now time.Time, loc *time.Location) (time.Time, time.Time, error) {
	f, err := ParseTime(from, now, loc, false)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("range start: %w", err)
	}
	t := now
	if strings.TrimSpace(to) != "" {
		if t, err = ParseTime(to, now, loc, true); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("range end: %w", err)
		}
	}
	if err := CheckRange(f, t); err != nil {
		return time.Time{}, time.Time{}, err
	}
	return f, t, nil
}
