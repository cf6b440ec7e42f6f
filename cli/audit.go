package cli

// `meshdesk audit`: the append-only audit trail, as a table or exported as CSV or JSON.

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"meshdesk/store"
	"meshdesk/treasury"
)

func init() {
	Register(&Command{
		Name:    "audit",
		Summary: "the audit trail of user actions (--since DURATION, --format table|csv|json)",
		Run:     runAudit,
	})
}

var auditUsage = `Usage: meshdesk audit [--since DURATION] [--action ACTION]… [--profile NAME] [--target T] [--format table|csv|json] [--limit N]

Prints the append-only audit trail: every action users took in the app or on the command line
(connect, disconnect, journeys, profile changes, refund states, notes, tags, labels, exports),
with time, OS user and profile. The table is newest first; csv and json are exports (oldest
first, every row the filter selects) and are recorded in the trail themselves.

Actions: ` + strings.Join(store.AuditActions, ", ") + `

Flags:
`

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, strings.Split(v, ",")...); return nil }

func runAudit(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	since := fs.String("since", "", "only rows newer than this: a duration back from now (24h, 90m, 7d, 2w) or an RFC 3339 time")
	var actions stringList
	fs.Var(&actions, "action", "only this action (repeat, or separate with commas)")
	profile := fs.String("profile", "", "only rows of this profile (name or id; removed profiles too)")
	target := fs.String("target", "", "only rows about this transfer id, address or file")
	format := addFormatFlag(fs, formatTable, formatTable, formatCSV, formatJSON)
	limit := fs.Int("limit", 200, "table: at most this many rows (0: up to 10000)")
	if err := parseNoArgs(fs, env, auditUsage, args); err != nil {
		return helpDone(err)
	}
	f, err := format.get()
	if err != nil {
		return err
	}
	if *limit < 0 {
		return Usagef("--limit cannot be negative")
	}
	d, err := OpenDesk(ctx, env)
	if err != nil {
		return err
	}
	defer d.Close()
	svc := treasury.New(d.DB())
	q := treasury.AuditQuery{Since: *since, Actions: actions, Profile: *profile, Target: *target, Limit: *limit}
	if f != formatTable {
		q.Limit = 0
		_, err := svc.ExportAudit(ctx, q, f, env.Stdout, "stdout ("+f+", meshdesk audit)")
		return treasuryError(err)
	}
	rows, err := svc.AuditTrail(ctx, q)
	if err != nil {
		return treasuryError(err)
	}
	if len(rows) == 0 {
		fmt.Fprintln(env.Stdout, "No audit rows match.")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tUSER\tPROFILE\tACTION\tTARGET\tDETAILS")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.At, r.Actor, r.ProfileName, r.Action, oneLine(r.Target, 48), oneLine(r.Details, 80))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rows) == q.Limit || len(rows) == store.MaxAuditRows {
		fmt.Fprintf(env.Stdout, "(the newest %d rows; --limit or --since for others, --format csv for all)\n", len(rows))
	}
	return nil
}

// oneLine shortens s to n characters on one line for the table.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
