package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"meshdesk/alerts"
	"meshdesk/store"
)

func init() {
	Register(&Command{
		Name:    "alerts",
		Summary: "failed and stuck transfers (alerts list|ack ID|ack --all|check|settings)",
		Run:     runAlerts,
	})
}

const alertsUsage = `Usage: meshdesk alerts [list] [--all] [--format table|json] [--profile NAME]
       meshdesk alerts ack ID | ack --all [--profile NAME]
       meshdesk alerts check [--profile NAME]
       meshdesk alerts settings [--failed on|off] [--pending on|off] [--pending-after 24h] [--desktop on|off] [--profile NAME]

An alert is raised once per transfer when it fails, or when it stays pending past the
profile's threshold (default 24h). The app checks after every sync and webhook; here "check"
runs one check now (a cron job on a server) and shows each new alert as a desktop notification
when a notification service is on the session bus — without one alerts are still stored.
"list" shows open alerts (--all: acknowledged ones too); "ack" dismisses one, or all.

Flags:
`

func runAlerts(ctx context.Context, env *Env, args []string) error {
	return runSubcommand(ctx, env, args, "alerts", alertsUsage, []subCommand{
		{"list", alertsList}, {"ack", alertsAck}, {"check", alertsCheck}, {"settings", alertsSettings}})
}

func alertsList(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("alerts list", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	all := fs.Bool("all", false, "acknowledged alerts too")
	format := addFormatFlag(fs, formatTable, formatTable, formatJSON)
	if err := parseNoArgs(fs, env, alertsUsage, args); err != nil {
		return helpDone(err)
	}
	f, err := format.get()
	if err != nil {
		return err
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
	svc := alerts.NewService(d.DB(), alerts.Options{Logger: slog.Default()})
	defer svc.Close()
	as, err := svc.List(ctx, p.ID, *all)
	if err != nil {
		return err
	}
	if f == formatJSON {
		return writeJSON(env.Stdout, as)
	}
	if len(as) == 0 {
		fmt.Fprintf(env.Stdout, "No open alerts for profile %q.\n", p.Name)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tRAISED\tTRANSFER\tSTATUS NOW\tSUMMARY\tACKED")
	for _, a := range as {
		acked := "-"
		if a.Acked {
			acked = a.AckedAt
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.Kind, a.RaisedAt, a.TransferID, alertDash(a.CurrentStatus), alertDash(a.Summary), acked)
	}
	return tw.Flush()
}

func alertsAck(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("alerts ack", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	all := fs.Bool("all", false, "acknowledge every open alert")
	// The id may come before the flags: `alerts ack 12 --profile X`.
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	if err := parseFlags(fs, env, alertsUsage, args); err != nil {
		return helpDone(err)
	}
	if id == "" && fs.NArg() > 0 {
		id = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return Usagef("unexpected argument %q (see --help)", fs.Arg(0))
	}
	switch {
	case *all && id != "":
		return Usagef("give an alert ID or --all, not both")
	case !*all && id == "":
		return Usagef("an alert ID (from `meshdesk alerts list`) or --all is required")
	}
	if id != "" {
		if _, err := alerts.ParseID(id); err != nil {
			return Usagef("%v", err)
		}
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
	svc := alerts.NewService(d.DB(), alerts.Options{Logger: slog.Default()})
	defer svc.Close()
	if *all {
		n, err := svc.AckAll(ctx, p.ID)
		if err != nil {
			return err
		}
		if n > 0 {
			d.Audit(ctx, p.ID, p.Name, store.AuditAlertAck, "all", fmt.Sprintf("%d alerts", n)) // audit (treasury)
		}
		fmt.Fprintf(env.Stdout, "Acknowledged %d alert(s).\n", n)
		return nil
	}
	tid, err := svc.Ack(ctx, p.ID, id)
	if err != nil {
		return err
	}
	d.Audit(ctx, p.ID, p.Name, store.AuditAlertAck, tid, "alert "+id) // audit (treasury)
	fmt.Fprintf(env.Stdout, "Acknowledged alert %s (transfer %s).\n", id, tid)
	return nil
}

func alertsCheck(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("alerts check", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	if err := parseNoArgs(fs, env, alertsUsage, args); err != nil {
		return helpDone(err)
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
	var n alerts.Notifier
	if dn, err := alerts.ConnectDBus(nil); err == nil {
		defer dn.Close()
		n = dn
	}
	svc := alerts.NewService(d.DB(), alerts.Options{Notifier: n, Logger: slog.Default()})
	defer svc.Close()
	res, err := svc.Check(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, a := range res.Raised {
		fmt.Fprintf(env.Stdout, "%s  %-7s %s  %s\n", a.ID, a.Kind, a.TransferID, alertDash(a.Summary))
	}
	line := fmt.Sprintf("%d new alert(s), %d open", len(res.Raised), res.Open)
	if len(res.Raised) > 0 {
		if res.NotifyError != "" {
			line += "; not shown on the desktop: " + res.NotifyError
		} else if res.Notified > 0 {
			line += fmt.Sprintf("; %d shown on the desktop", res.Notified)
		}
	}
	fmt.Fprintln(env.Stdout, line+".")
	return nil
}

// onOff is a flag.Value for on|off that remembers whether it was set.
type onOff struct {
	v, set bool
}

func (o *onOff) String() string {
	if o.v {
		return "on"
	}
	return "off"
}

func (o *onOff) Set(s string) error {
	switch strings.ToLower(s) {
	case "on", "true", "yes", "1":
		o.v = true
	case "off", "false", "no", "0":
		o.v = false
	default:
		return fmt.Errorf("%q: want on or off", s)
	}
	o.set = true
	return nil
}

func alertsSettings(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("alerts settings", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	var failed, pending, desktop onOff
	fs.Var(&failed, "failed", "alert when a transfer fails: on|off")
	fs.Var(&pending, "pending", "alert when a transfer stays pending past --pending-after: on|off")
	fs.Var(&desktop, "desktop", "show new alerts as desktop notifications: on|off")
	after := fs.Duration("pending-after", 0, "the pending threshold (e.g. 24h, 90m; 1m to 30 days)")
	if err := parseNoArgs(fs, env, alertsUsage, args); err != nil {
		return helpDone(err)
	}
	if *after < 0 || (*after != 0 && *after%time.Minute != 0) {
		return Usagef("--pending-after %s: want whole minutes, e.g. 24h or 90m", *after)
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
	s, err := alerts.LoadSettings(ctx, d.DB(), p.ID)
	if err != nil {
		return err
	}
	changed := failed.set || pending.set || desktop.set || *after != 0
	if failed.set {
		s.Failed = failed.v
	}
	if pending.set {
		s.Pending = pending.v
	}
	if desktop.set {
		s.Desktop = desktop.v
	}
	if *after != 0 {
		s.PendingAfterMinutes = int(*after / time.Minute)
	}
	if changed {
		if err := s.Validate(); err != nil {
			return Usagef("%v", err)
		}
		if err := alerts.SaveSettings(ctx, d.DB(), p.ID, s); err != nil {
			return err
		}
		d.Audit(ctx, p.ID, p.Name, store.AuditAlertSettings, "", s.String()) // audit (treasury)
	}
	fmt.Fprintf(env.Stdout, "Alerts of profile %q: failed %s, pending %s after %s, desktop notifications %s.\n", p.Name,
		onOffText(s.Failed), onOffText(s.Pending), s.PendingAfter(), onOffText(s.Desktop))
	return nil
}

func onOffText(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func alertDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
