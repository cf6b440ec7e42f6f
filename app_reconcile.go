package main

// Reconciliation in the window: the report over a range (webhooks against the live history, or
// offline against the last sync), and its CSV export through the save dialog or to a path.

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"meshdesk/history"
	"meshdesk/reconcile"
	"meshdesk/store"
)

// reconcileTimeout bounds one report (a long range pages the whole history of it).
const reconcileTimeout = 5 * time.Minute

// reconcileRange reads the bound methods' range arguments (see reconcile.ParseTime; to ""
// means now) in the machine's local time zone.
func (a *App) reconcileRange(from, to string) (time.Time, time.Time, error) {
	if strings.TrimSpace(from) == "" {
		return time.Time{}, time.Time{}, fmt.Errorf("the range needs a start (a date such as 2026-11-01, a time, or a duration such as 48h)")
	}
	return reconcile.ParseRange(from, to, a.now(), time.Local)
}

// reconcileReport makes the active profile's report.
func (a *App) reconcileReport(ctx context.Context, from, to string, offline bool) (*reconcile.Report, error) {
	f, t, err := a.reconcileRange(from, to)
	if err != nil {
		return nil, err
	}
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, err
	}
	var src history.Source
	if !offline {
		a.tdesk.mu.Lock()
		src = a.tdesk.source
		a.tdesk.mu.Unlock()
		if src == nil {
			sess, err := d.Session(ctx, "")
			if err != nil {
				return nil, fmt.Errorf("%w: %v", reconcile.ErrUnreachable, err)
			}
			src = history.MeshSource(sess.Client)
		}
	}
	rep, err := reconcile.Run(ctx, d.DB(), src, p.ID, reconcile.Options{From: f, To: t, Offline: offline, Now: a.now})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// Reconcile compares the active profile's webhook events with Mesh's history over [from, to):
// from and to are dates (2026-11-01; to includes its day), RFC 3339 times or durations before
// now (48h); to "" is now. offline compares with the last synced state instead of the live API
// (the report says when it was synced); online, an unreachable API is an error, not stale data.
func (a *App) Reconcile(from, to string, offline bool) (*reconcile.Report, error) {
	ctx, cancel := context.WithTimeout(context.Background(), reconcileTimeout)
	defer cancel()
	return a.reconcileReport(ctx, from, to, offline)
}

// ExportReconciliation asks where to save (the system's save dialog), then writes the report's
// findings there as CSV. A cancelled dialog writes nothing and returns an empty result.
func (a *App) ExportReconciliation(from, to string, offline bool) (*ExportResult, error) {
	if _, _, err := a.reconcileRange(from, to); err != nil {
		return nil, err
	}
	name := "meshdesk-reconciliation-" + a.now().Format("20060102-150405") + ".csv"
	path, err := a.saveDialog(name, store.ExportCSV)
	if err != nil {
		return nil, err
	}
	if path == "" {
		return &ExportResult{}, nil
	}
	return a.ExportReconciliationTo(path, from, to, offline)
}

// ExportReconciliationTo writes the report's findings to path as CSV, replacing the file only
// once it is complete.
func (a *App) ExportReconciliationTo(path, from, to string, offline bool) (*ExportResult, error) {
	if strings.TrimSpace(path) == "" || !filepath.IsAbs(path) {
		return nil, fmt.Errorf("export path %q is not an absolute file path", path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), reconcileTimeout)
	defer cancel()
	rep, err := a.reconcileReport(ctx, from, to, offline)
	if err != nil {
		return nil, err
	}
	size, err := writeFileAtomic(path, ".meshdesk-reconcile-*", func(w io.Writer) error {
		return reconcile.WriteCSV(w, rep)
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("exported reconciliation", "findings", len(rep.Items), "path", path)
	if d, p, err := a.activeProfile(ctx); err == nil {
		d.Audit(ctx, p.ID, p.Name, store.AuditExportReconciliation, path, reconcile.AuditDetails(rep)) // audit (treasury)
	}
	return &ExportResult{Path: path, Count: len(rep.Items), Bytes: size}, nil
}
