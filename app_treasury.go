package main

// The treasury workflow's bound methods: a refund's payment request and QR code, refund
// states, notes, tags, the address book and the audit trail, for the active profile. They stay
// thin: arguments are checked at the edge with per-field messages, then treasury (and the
// store under it) does the work and records who did it.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"meshdesk/desk"
	"meshdesk/store"
	"meshdesk/treasury"
)

// treasuryOf is the treasury service on the active profile's database, and the profile.
func (a *App) treasuryOf(ctx context.Context) (*treasury.Service, *store.Profile, error) {
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		return nil, nil, err
	}
	return treasury.New(d.DB()), p, nil
}

// withProfile runs fn under one bound call's timeout with the active profile's desk and
// profile: the preamble every profile-scoped bound method shares. An error opening them is
// returned as is, with T's zero value.
func withProfile[T any](a *App, fn func(ctx context.Context, d *desk.Desk, p *store.Profile) (T, error)) (T, error) {
	ctx, cancel := a.callCtx()
	defer cancel()
	d, p, err := a.activeProfile(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(ctx, d, p)
}

// withTreasury is withProfile with the treasury service on the active profile's database.
func withTreasury[T any](a *App, fn func(ctx context.Context, s *treasury.Service, p *store.Profile) (T, error)) (T, error) {
	return withProfile(a, func(ctx context.Context, d *desk.Desk, p *store.Profile) (T, error) {
		return fn(ctx, treasury.New(d.DB()), p)
	})
}

// maxArg bounds a free-form string argument (ids, addresses, hashes).
const maxArg = 200

// checkArg refuses an over-long or multi-line argument with a message naming the field.
func checkArg(field, v string) error {
	if len(v) > maxArg {
		return fmt.Errorf("%s: at most %d characters", field, maxArg)
	}
	if strings.ContainsAny(v, "\r\n\x00") {
		return fmt.Errorf("%s: must be one line", field)
	}
	return nil
}

// RefundRequest is the refund panel of a stored transfer: the payment request (standard and
// why, URI, QR code as a PNG data URL) to its refund address for amount ("" for what was
// received; a plain decimal such as 0.25), the address's label, and the refund state with
// its history and the states it may move to.
func (a *App) RefundRequest(transferID, amount string) (*treasury.RefundView, error) {
	if err := errors.Join(checkArg("transferId", transferID), checkArg("amount", amount)); err != nil {
		return nil, err
	}
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) (*treasury.RefundView, error) {
		return s.Refund(ctx, p.ID, transferID, amount)
	})
}

// SetRefundState moves a stored transfer's refund to state (needed, sent, done, not-needed):
// sent needs the refund transaction's hash in the transfer network's format; note is
// optional. Who and when are recorded, with one audit row. It returns the refund panel.
func (a *App) SetRefundState(transferID, state, hash, note string) (*treasury.RefundView, error) {
	if err := errors.Join(checkArg("transferId", transferID), checkArg("state", state), checkArg("hash", hash)); err != nil {
		return nil, err
	}
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) (*treasury.RefundView, error) {
		return s.SetRefundState(ctx, p.ID, transferID, state, hash, note)
	})
}

// RefundQueue lists the active profile's transfers whose refund is in one of states (none
// given: every state), most recently changed first.
func (a *App) RefundQueue(states []string) ([]treasury.RefundQueueItem, error) {
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) ([]treasury.RefundQueueItem, error) {
		return s.RefundQueue(ctx, p.ID, states)
	})
}

// AddNote appends a note to a stored transfer and returns all its notes, oldest first.
func (a *App) AddNote(transferID, text string) ([]treasury.NoteView, error) {
	if err := checkArg("transferId", transferID); err != nil {
		return nil, err
	}
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) ([]treasury.NoteView, error) {
		return s.AddNote(ctx, p.ID, transferID, text)
	})
}

// Notes lists a transfer's notes, oldest first.
func (a *App) Notes(transferID string) ([]treasury.NoteView, error) {
	if err := checkArg("transferId", transferID); err != nil {
		return nil, err
	}
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) ([]treasury.NoteView, error) {
		return s.Notes(ctx, p.ID, transferID)
	})
}

// SetTags replaces a stored transfer's tags (normalized: lower case, '-' for spaces, no '#')
// and returns them sorted.
func (a *App) SetTags(transferID string, tags []string) ([]string, error) {
	if err := checkArg("transferId", transferID); err != nil {
		return nil, err
	}
	if tags == nil {
		tags = []string{}
	}
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) ([]string, error) {
		return s.SetTags(ctx, p.ID, transferID, tags)
	})
}

// TransferTags lists a transfer's tags.
func (a *App) TransferTags(transferID string) ([]string, error) {
	if err := checkArg("transferId", transferID); err != nil {
		return nil, err
	}
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) ([]string, error) {
		return s.Tags(ctx, p.ID, transferID)
	})
}

// AllTags lists the tags used in the active profile with how many transfers carry each.
func (a *App) AllTags() ([]store.TagCount, error) {
	return withProfile(a, func(ctx context.Context, d *desk.Desk, p *store.Profile) ([]store.TagCount, error) {
		return d.DB().AllTags(ctx, p.ID)
	})
}

// AddressBook lists the active profile's address labels.
func (a *App) AddressBook() ([]treasury.LabelView, error) {
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) ([]treasury.LabelView, error) {
		return s.AddressBook(ctx, p.ID)
	})
}

// SetAddressLabel labels an address on a network ("" for every network).
func (a *App) SetAddressLabel(address, network, label string) (*treasury.LabelView, error) {
	if err := errors.Join(checkArg("address", address), checkArg("network", network)); err != nil {
		return nil, err
	}
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) (*treasury.LabelView, error) {
		return s.SetAddressLabel(ctx, p.ID, address, network, label)
	})
}

// RemoveAddressLabel removes an address's label on a network ("" for the every-network one).
func (a *App) RemoveAddressLabel(address, network string) error {
	if err := errors.Join(checkArg("address", address), checkArg("network", network)); err != nil {
		return err
	}
	_, err := withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) (struct{}, error) {
		return struct{}{}, s.RemoveAddressLabel(ctx, p.ID, address, network)
	})
	return err
}

// AddressLabels returns the label of each address (on its network) in order, "" where there
// is none: the table and the detail pane ask for the addresses they show.
func (a *App) AddressLabels(refs []treasury.AddressRef) ([]string, error) {
	if len(refs) > 5000 {
		return nil, errors.New("addresses: at most 5000 per call")
	}
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, p *store.Profile) ([]string, error) {
		return s.Labels(ctx, p.ID, refs)
	})
}

// checkAuditQuery checks the free-text fields of an audit query (the service checks the rest).
func checkAuditQuery(q treasury.AuditQuery) error {
	errs := []error{checkArg("since", q.Since), checkArg("profile", q.Profile), checkArg("target", q.Target)}
	if len(q.Actions) > len(store.AuditActions) {
		errs = append(errs, fmt.Errorf("actions: at most %d", len(store.AuditActions)))
	}
	return errors.Join(errs...)
}

// AuditActions lists the action names the audit trail records, for its filter.
func (a *App) AuditActions() []string { return append([]string(nil), store.AuditActions...) }

// AuditTrail returns the audit rows the query selects (since: "24h", "7d" or an RFC 3339
// time; actions; profile id or name; target), newest first, across every profile.
func (a *App) AuditTrail(q treasury.AuditQuery) ([]treasury.AuditEntry, error) {
	if err := checkAuditQuery(q); err != nil {
		return nil, err
	}
	return withTreasury(a, func(ctx context.Context, s *treasury.Service, _ *store.Profile) ([]treasury.AuditEntry, error) {
		return s.AuditTrail(ctx, q)
	})
}

// ExportAudit asks where to save (the system's save dialog), then writes the audit rows the
// query selects there as csv or json. A cancelled dialog gives an empty Path and no error.
func (a *App) ExportAudit(q treasury.AuditQuery, format string) (*ExportResult, error) {
	f, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	path, err := a.saveDialog(fmt.Sprintf("meshdesk-audit-%s.%s", a.now().Format("2006-01-02-1504"), f), f)
	if err != nil {
		return nil, fmt.Errorf("choose where to save: %w", err)
	}
	if path == "" {
		return &ExportResult{}, nil
	}
	return a.ExportAuditTo(path, q, format)
}

// ExportAuditTo writes the audit rows the query selects to path (absolute) as csv or json,
// replacing the file only once the export is complete, and records the export in the trail.
func (a *App) ExportAuditTo(path string, q treasury.AuditQuery, format string) (*ExportResult, error) {
	if _, err := exportFormat(format); err != nil {
		return nil, err
	}
	if err := checkAuditQuery(q); err != nil {
		return nil, err
	}
	if strings.TrimSpace(path) == "" || !filepath.IsAbs(path) {
		return nil, fmt.Errorf("export path %q is not an absolute file path", path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	s, _, err := a.treasuryOf(ctx)
	if err != nil {
		return nil, err
	}
	var n int
	size, err := writeFileAtomic(path, ".meshdesk-audit-*", func(w io.Writer) (err error) {
		n, err = s.ExportAudit(ctx, q, format, w, path)
		return err
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("exported the audit trail", "count", n, "path", path)
	return &ExportResult{Path: path, Count: n, Bytes: size}, nil
}

// auditConnect records one audit row for a SaveConnection call that saved accounts (none
// when nothing was saved): the broker, the accounts and the Mesh user, never a token.
func (a *App) auditConnect(ctx context.Context, d *desk.Desk, p *store.Profile, saved []AccountView) {
	if len(saved) == 0 {
		return
	}
	names := make([]string, 0, len(saved))
	for _, v := range saved {
		names = append(names, firstOf(v.AccountName, v.AccountID, v.ID))
	}
	d.Audit(ctx, p.ID, p.Name, store.AuditConnect, firstOf(saved[0].BrokerName, saved[0].BrokerType),
		fmt.Sprintf("%d account(s): %s; user %s", len(saved), strings.Join(names, ", "), saved[0].UserID))
}
