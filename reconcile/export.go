package reconcile

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/store"
)

// CSVHeader is the first row of WriteCSV.
var CSVHeader = []string{"kind", "transfer_id", "event_id", "webhook_status", "history_status", "count", "created", "last_event_at", "detail"}

// WriteCSV writes the report's findings as CSV (one row per finding, CSVHeader first). Cells
// that a spreadsheet would run as a formula are prefixed with a quote.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, it := range r.Items {
		rec := []string{string(it.Kind), it.TransferID, it.EventID, it.WebhookStatus, it.HistoryStatus, strconv.Itoa(it.Count),
			it.Created, it.LastEventAt, it.Detail}
		for i := range rec {
			rec[i] = safeCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// safeCell keeps a value a spreadsheet would evaluate (=, +, -, @ first) from being a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// AuditDetails sums a report up for the audit trail: "2026-11-01T00:00:00Z – …, api, 5 findings".
func AuditDetails(r *Report) string {
	return fmt.Sprintf("%s – %s, %s, %d findings", r.From, r.To, r.Source, len(r.Items))
}

// WriteJSON writes the whole report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// WriteTable writes the report for a terminal: a header, the counts and one line per finding.
func WriteTable(w io.Writer, r *Report) error {
	src := "the live Mesh API history"
	if r.Source == "offline" {
		src = "the last synced state (synced " + r.SyncedAt + ", offline)"
	}
	since := r.WebhooksSince
	if since == "" {
		since = "never"
	}
	s := r.Summary
	fmt.Fprintf(w, "Reconciliation %s – %s against %s\n", r.From, r.To, src)
	fmt.Fprintf(w, "Webhooks first received: %s\n", since)
	fmt.Fprintf(w, "Looked at: %d transfers, %d webhook events, %d repeated deliveries\n", s.Transfers, s.Events, s.RepeatedDeliveries)
	fmt.Fprintf(w, "Found: %d status disagreements, %d events for unknown transfers, %d transfers without an event, %d duplicated events\n",
		s.StatusMismatches, s.UnknownTransfers, s.NoEvent, s.Duplicates)
	if s.BeforeWebhooks > 0 || s.TooRecent > 0 {
		fmt.Fprintf(w, "Not flagged: %d transfers created before webhooks were received, %d too recent to expect an event yet\n", s.BeforeWebhooks, s.TooRecent)
	}
	if len(r.Items) == 0 {
		_, err := fmt.Fprintln(w, "Nothing to reconcile: the webhooks and the history agree.")
		return err
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tTRANSFER\tWEBHOOK\tHISTORY\tCOUNT\tDETAIL")
	for _, it := range r.Items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", it.Kind, it.TransferID, dash(it.WebhookStatus), dash(it.HistoryStatus), it.Count, it.Detail)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// duplicateCounter records the repeated deliveries the webhook receiver acknowledges. It does
// not embed the store, so the receiver sees exactly the methods it wraps.
type duplicateCounter struct {
	db  *store.DB
	log *slog.Logger
}

// batchApplier is the store's group-commit method (history.BatchEventStore), when it has one.
type batchApplier interface {
	ApplyWebhookEvents(ctx context.Context, profileID string, evs []mesh.WebhookEvent) ([]store.Outcome, error)
}

// batchDuplicateCounter is duplicateCounter over a store that records events in groups.
type batchDuplicateCounter struct {
	duplicateCounter
	batch batchApplier
}

// CountDuplicates wraps db for history.Receiver: every delivery the store answers
// OutcomeDuplicate is also recorded (store.RecordDuplicateDelivery) for the report. A failure
// to record is logged, never refused: the event itself is stored. When the store records
// events in groups, so does the wrapper.
func CountDuplicates(db *store.DB, log *slog.Logger) history.EventStore {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d := duplicateCounter{db: db, log: log}
	if b, ok := any(db).(batchApplier); ok {
		return batchDuplicateCounter{duplicateCounter: d, batch: b}
	}
	return d
}

// ApplyWebhookEvent applies the event and records a repeated delivery.
func (d duplicateCounter) ApplyWebhookEvent(ctx context.Context, profileID string, ev mesh.WebhookEvent) (store.Outcome, error) {
	out, err := d.db.ApplyWebhookEvent(ctx, profileID, ev)
	if err == nil && out == store.OutcomeDuplicate {
		d.record(ctx, profileID, ev)
	}
	return out, err
}

func (d duplicateCounter) record(ctx context.Context, profileID string, ev mesh.WebhookEvent) {
	if err := d.db.RecordDuplicateDelivery(ctx, profileID, ev); err != nil {
		d.log.Warn("reconcile: repeated webhook delivery not recorded", "event", ev.EventID, "err", err)
	}
}

// UpsertTransfers is the store's.
func (d duplicateCounter) UpsertTransfers(ctx context.Context, profileID string, ts []mesh.Transfer) (store.PageResult, error) {
	return d.db.UpsertTransfers(ctx, profileID, ts)
}

// ResolveWebhookEvents is the store's.
func (d duplicateCounter) ResolveWebhookEvents(ctx context.Context, profileID string) (int, error) {
	return d.db.ResolveWebhookEvents(ctx, profileID)
}

// ApplyWebhookEvents applies a group of events and records the repeated deliveries among them.
func (b batchDuplicateCounter) ApplyWebhookEvents(ctx context.Context, profileID string, evs []mesh.WebhookEvent) ([]store.Outcome, error) {
	outs, err := b.batch.ApplyWebhookEvents(ctx, profileID, evs)
	if err != nil {
		return outs, err
	}
	for i, out := range outs {
		if out == store.OutcomeDuplicate && i < len(evs) {
			b.record(ctx, profileID, evs[i])
		}
	}
	return outs, nil
}
