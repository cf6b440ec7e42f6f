package desk

import (
	"context"

	"meshdesk/treasury"
)

// Audit appends one row to the audit trail for an action the user took (as the OS user), with
// the profile it concerned ("" for none). The action is already done when this runs, so a
// failure to record is logged, not returned. Never pass a secret in target or details.
func (d *Desk) Audit(ctx context.Context, profileID, profileName, action, target, details string) {
	if err := treasury.New(d.db).Record(ctx, profileID, profileName, action, target, details); err != nil {
		d.log.Warn("desk: record an audit row", "action", action, "profile", profileID, "err", err)
	}
}
