package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"meshdesk/history"
	"meshdesk/reconcile"
	"meshdesk/store"
)

func init() {
	Register(&Command{
		Name:    "reconcile",
		Summary: "compare the webhooks received with Mesh's history over a range (--since 7d)",
		Run:     runReconcile,
	})
}

const reconcileUsage = `Usage: meshdesk reconcile --since DURATION|DATE [--until DURATION|DATE] [--format table|csv|json] [--offline] [--profile NAME]

Compares what Mesh's webhooks said (the events this profile's receiver recorded) with what
Mesh's transfer history says, for webhook events received and transfers created in the range:
status disagreements, events for transfers the history lacks, transfers that never got an
event, and events delivered more than once. The history is read live from the Mesh API; if it
cannot be reached the command fails and says so — --offline compares with the last synced
state instead and prints when that was. Times: a duration before now (48h, 7d), a date
(2026-11-01, local midnight; --until includes its day) or RFC 3339. Exit code 0 also when
findings are listed.

Flags:
`

// parseSince reads --since/--until: durations may use d for days (7d).
func parseSince(s string, now time.Time, end bool) (time.Time, error) {
	if n := len(s); n > 1 && s[n-1] == 'd' {
		var days int
		if _, err := fmt.Sscanf(s[:n-1], "%d", &days); err == nil && fmt.Sprint(days) == s[:n-1] && days >= 0 {
			return now.Add(-time.Duration(days) * 24 * time.Hour), nil
		}
	}
	return reconcile.ParseTime(s, now, time.Local, end)
}

func runReconcile(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("reconcile", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	since := fs.String("since", "", "start of the range: a duration before now (7d, 48h), a date or an RFC 3339 time (required)")
	until := fs.String("until", "", "end of the range (default now)")
	format := addFormatFlag(fs, formatTable, formatTable, formatCSV, formatJSON)
	offline := fs.Bool("offline", false, "compare with the last synced state instead of the live API")
	if err := parseNoArgs(fs, env, reconcileUsage, args); err != nil {
		return helpDone(err)
	}
	f, err := format.get()
	if err != nil {
		return err
	}
	if *since == "" {
		return Usagef("--since is required (e.g. --since 7d)")
	}
	now := time.Now()
	from, err := parseSince(*since, now, false)
	if err != nil {
		return Usagef("--since: %v", err)
	}
	to := now
	if *until != "" {
		if to, err = parseSince(*until, now, true); err != nil {
			return Usagef("--until: %v", err)
		}
	}
	if err := reconcile.CheckRange(from, to); err != nil {
		return Usagef("%v", err)
	}
	d, err := OpenDesk(ctx, env)
	if err != nil {
		return err
	}
	defer d.Close()
	p, err := d.Profile(ctx, *profile)
	if err != nil {
		return DeskError(err)
	}
	var src history.Source
	if !*offline {
		s, err := d.Session(ctx, p.Name)
		if err != nil {
			return fmt.Errorf("%w: %v (--offline compares with the last synced state)", reconcile.ErrUnreachable, DeskError(err))
		}
		src = history.MeshSource(s.Client)
	}
	rep, err := reconcile.Run(ctx, d.DB(), src, p.ID, reconcile.Options{From: from, To: to, Offline: *offline})
	if err != nil {
		return err
	}
	switch f {
	case formatCSV, formatJSON:
		write := reconcile.WriteCSV
		if f == formatJSON {
			write = reconcile.WriteJSON
		}
		if err := write(env.Stdout, rep); err != nil {
			return err
		}
		d.Audit(ctx, p.ID, p.Name, store.AuditExportReconciliation, "stdout", reconcile.AuditDetails(rep)+", "+f) // audit (treasury)
		return nil
	}
	fmt.Fprintf(env.Stdout, "Profile %q.\n", p.Name)
	return reconcile.WriteTable(env.Stdout, rep)
}
