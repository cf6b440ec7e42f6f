package store

// The append-only audit trail: one row per user action in the app or the CLI. Rows are only
// ever inserted; triggers in the schema abort any UPDATE or DELETE, and a test scans the
// sources for statements that would try. Rows keep the profile's id and name as text, so they
// outlive the profile.

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Audit actions. Callers outside the store record the first group with RecordAudit; the store
// records the treasury ones itself, in the transaction that makes the change.
const (
	AuditConnect         = "connect"          // accounts connected through Link (target: broker)
	AuditDisconnect      = "disconnect"       // a connection removed (target: connection id)
	AuditJourneyStart    = "journey.start"    // a Link journey started (target: journey kind)
	AuditProfileCreate   = "profile.create"   // target: profile name
	AuditProfileRename   = "profile.rename"   // target: new name; details: old name
	AuditProfileUpdate   = "profile.update"   // settings or a secret changed (never the secret)
	AuditProfileRemove   = "profile.remove"   // target: profile name
	AuditProfileUse      = "profile.use"      // the default profile changed
	AuditExportTransfers = "export.transfers" // target: file; details: count, format
	AuditExportAudit     = "export.audit"     // target: file or "stdout"

	AuditRefundState = "refund.state" // target: transfer id
	AuditNoteAdd     = "note.add"     // target: transfer id; details: the note
	AuditTagsSet     = "tags.set"     // target: transfer id
	AuditLabelSet    = "label.set"    // target: address
	AuditLabelRemove = "label.remove" // target: address

	// Alerts and reconciliation (recorded by app_alerts.go, app_reconcile.go and the CLI).
	AuditAlertAck             = "alert.ack"             // target: transfer id ("all" for every open alert)
	AuditAlertSettings        = "alert.settings"        // details: the new settings
	AuditExportReconciliation = "export.reconciliation" // target: file or "stdout"; details: range, findings
)

// AuditActions lists every action name, for filters.
var AuditActions = []string{AuditConnect, AuditDisconnect, AuditJourneyStart, AuditProfileCreate, AuditProfileRename,
	AuditProfileUpdate, AuditProfileRemove, AuditProfileUse, AuditExportTransfers, AuditExportAudit,
	AuditRefundState, AuditNoteAdd, AuditTagsSet, AuditLabelSet, AuditLabelRemove,
	AuditAlertAck, AuditAlertSettings, AuditExportReconciliation}

// AuditEntry is one row of the audit trail. Details never hold a secret.
type AuditEntry struct {
	ID          int64     `json:"id"`
	At          time.Time `json:"at"`
	Actor       string    `json:"actor"`
	ProfileID   string    `json:"profileId"`
	ProfileName string    `json:"profileName"`
	Action      string    `json:"action"`
	Target      string    `json:"target"`
	Details     string    `json:"details"`
}

// maxAuditText bounds target and details.
const maxAuditText = 4000

func clip(s string) string {
	if len(s) <= maxAuditText {
		return s
	}
	cut := maxAuditText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// insertAudit appends e inside tx (the only INSERT into audit_log).
func insertAudit(ctx context.Context, tx *sql.Tx, e AuditEntry) error {
	if e.Action == "" {
		return invalidf("audit entry without an action")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, profile_id, profile_name, action, target, details) VALUES (?,?,?,?,?,?,?)`,
		ms(e.At), e.Actor, e.ProfileID, e.ProfileName, e.Action, clip(e.Target), clip(e.Details)); err != nil {
		return fmt.Errorf("record audit entry: %w", err)
	}
	return nil
}

// RecordAudit appends one row to the audit trail. At defaults to the store's clock; the
// profile's name is looked up from ProfileID when not given (a removed profile keeps the name
// the caller passes). The caller makes sure Details holds no secret.
func (db *DB) RecordAudit(ctx context.Context, e AuditEntry) error {
	var err error
	if e.Actor, err = cleanActor(e.Actor); err != nil {
		return err
	}
	e.Action = strings.TrimSpace(e.Action)
	if e.At.IsZero() {
		e.At = db.Now()
	}
	e.At = fromMS(ms(e.At))
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if e.ProfileID != "" && e.ProfileName == "" {
			if err := tx.QueryRowContext(ctx, `SELECT name FROM profiles WHERE id = ?`, e.ProfileID).Scan(&e.ProfileName); err != nil && err != sql.ErrNoRows {
				return fmt.Errorf("record audit entry: %w", err)
			}
		}
		return insertAudit(ctx, tx, e)
	})
}

// AuditFilter selects audit rows. Empty fields do not filter.
type AuditFilter struct {
	// Since and Until bound the time (inclusive; zero = open).
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	// Actions keeps rows with one of these actions.
	Actions []string `json:"actions,omitempty"`
	// Profile keeps rows of the profile with this id or name (names ignore case).
	Profile string `json:"profile,omitempty"`
	// Target keeps rows about this transfer id, address, file… (exact).
	Target string `json:"target,omitempty"`
	// Limit caps the rows returned (default and maximum 10000; exports are not capped).
	Limit int `json:"limit,omitempty"`
}

// MaxAuditRows is the most rows AuditTrail returns.
const MaxAuditRows = 10000

func (f AuditFilter) where() (string, []any, error) {
	var conds []string
	var args []any
	if !f.Since.IsZero() {
		conds, args = append(conds, "at >= ?"), append(args, ms(f.Since))
	}
	if !f.Until.IsZero() {
		conds, args = append(conds, "at <= ?"), append(args, ms(f.Until))
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && f.Until.Before(f.Since) {
		return "", nil, invalidf("audit filter: until is before since")
	}
	if len(f.Actions) > 0 {
		var ph []string
		for _, a := range f.Actions {
			a = strings.TrimSpace(a)
			known := false
			for _, k := range AuditActions {
				known = known || k == a
			}
			if !known {
				return "", nil, invalidf("audit filter: unknown action %q (one of %s)", a, strings.Join(AuditActions, ", "))
			}
			ph, args = append(ph, "?"), append(args, a)
		}
		conds = append(conds, "action IN ("+strings.Join(ph, ",")+")")
	}
	if p := strings.TrimSpace(f.Profile); p != "" {
		conds, args = append(conds, "(profile_id = ? OR profile_name = ? COLLATE NOCASE)"), append(args, p, p)
	}
	if t := strings.TrimSpace(f.Target); t != "" {
		conds, args = append(conds, "target = ?"), append(args, t)
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

const auditCols = `id, at, actor, profile_id, profile_name, action, target, details`

func scanAudit(rows *sql.Rows) (AuditEntry, error) {
	var e AuditEntry
	var at int64
	err := rows.Scan(&e.ID, &at, &e.Actor, &e.ProfileID, &e.ProfileName, &e.Action, &e.Target, &e.Details)
	e.At = fromMS(at)
	return e, err
}

// AuditTrail returns the rows the filter selects, newest first.
func (db *DB) AuditTrail(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	where, args, err := f.where()
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 || limit > MaxAuditRows {
		limit = MaxAuditRows
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log`+where+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit trail: %w", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("audit trail: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit trail: %w", err)
	}
	return out, nil
}

// AuditCSVHeader is the header row of an audit CSV export.
var AuditCSVHeader = []string{"id", "time", "user", "profile_id", "profile", "action", "target", "details"}

// ExportAudit writes every row the filter selects (Limit ignored), oldest first, to w as csv
// or json (an array), and returns how many rows it wrote. Cells that a spreadsheet would run
// as a formula are prefixed with a quote.
func (db *DB) ExportAudit(ctx context.Context, f AuditFilter, format ExportFormat, w io.Writer) (int, error) {
	if format != ExportCSV && format != ExportJSON {
		return 0, invalidf("export format %q is not csv or json", format)
	}
	where, args, err := f.where()
	if err != nil {
		return 0, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log`+where+` ORDER BY id`, args...)
	if err != nil {
		return 0, fmt.Errorf("export audit: %w", err)
	}
	defer rows.Close()
	n := 0
	var cw *csv.Writer
	if format == ExportCSV {
		cw = csv.NewWriter(w)
		if err := cw.Write(AuditCSVHeader); err != nil {
			return 0, fmt.Errorf("export audit: %w", err)
		}
	} else if _, err := io.WriteString(w, "["); err != nil {
		return 0, fmt.Errorf("export audit: %w", err)
	}
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return n, fmt.Errorf("export audit: %w", err)
		}
		if cw != nil {
			rec := []string{strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339Nano), e.Actor, e.ProfileID, e.ProfileName, e.Action, e.Target, e.Details}
			for i := range rec {
				rec[i] = csvSafe(rec[i])
			}
			err = cw.Write(rec)
		} else {
			var b []byte
			if b, err = json.Marshal(e); err == nil {
				if n > 0 {
					_, err = io.WriteString(w, ",\n")
				} else {
					_, err = io.WriteString(w, "\n")
				}
				if err == nil {
					_, err = w.Write(b)
				}
			}
		}
		if err != nil {
			return n, fmt.Errorf("export audit: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("export audit: %w", err)
	}
	if cw != nil {
		cw.Flush()
		err = cw.Error()
	} else {
		_, err = io.WriteString(w, "\n]\n")
	}
	if err != nil {
		return n, fmt.Errorf("export audit: %w", err)
	}
	return n, nil
}

// csvSafe keeps a spreadsheet from running a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
