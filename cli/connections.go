package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"meshdesk/store"
)

func init() {
	Register(&Command{
		Name:    "connections",
		Summary: "list the connected exchange and wallet accounts (never a token)",
		Run:     runConnections,
	})
}

const connectionsUsage = `Usage: meshdesk connections list [--profile NAME] [--user ID] [--format table|json]

Lists the profile's connected accounts, newest first, and whether each one's token is in the
keychain. Tokens themselves are never printed.`

// ConnectionRow is one line of `meshdesk connections list`: the stored connection and which
// of its secrets the keychain holds (never the secret).
type ConnectionRow struct {
	store.Connection
	// Token is "tokenId", "access" or "refresh" (the first the keychain holds), "missing", or
	// "unknown" (the keychain could not be read: the reason in TokenError).
	Token      string `json:"token"`
	TokenError string `json:"tokenError,omitempty"`
}

func runConnections(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stdout, connectionsUsage)
		if len(args) == 0 {
			return Usagef("a connections command is required (list)")
		}
		return nil
	}
	if args[0] != "list" {
		return Usagef("unknown connections command %q (see `meshdesk connections --help`)", args[0])
	}
	fs := flag.NewFlagSet("connections list", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	profile := ProfileFlag(fs)
	user := fs.String("user", "", "only this Mesh user id's accounts")
	format := addFormatFlag(fs, formatTable, formatTable, formatJSON)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(env.Stdout, connectionsUsage)
			return nil
		}
		return Usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return Usagef("unexpected argument %q", fs.Arg(0))
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
	conns, err := d.DB().Connections(ctx, p.ID, *user)
	if err != nil {
		return err
	}
	rows := make([]ConnectionRow, 0, len(conns))
	for _, c := range conns {
		r := ConnectionRow{Connection: *c, Token: "missing"}
		for _, kind := range []store.ConnSecretKind{store.ConnTokenID, store.ConnAccessToken, store.ConnRefreshToken} {
			_, err := d.DB().ConnectionSecret(ctx, d.Vault(), p.ID, c.ID, kind)
			if err == nil {
				r.Token = string(kind)
				break
			}
			if !errors.Is(err, store.ErrSecretNotFound) {
				r.Token, r.TokenError = "unknown", err.Error()
				break
			}
		}
		rows = append(rows, r)
	}
	if f == formatJSON {
		return writeJSON(env.Stdout, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(env.Stdout, "No connected accounts on profile %s.\n", p.Name)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tBROKER\tACCOUNT\tUSER\tHEALTH\tTOKEN\tCONNECTED")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.BrokerName, firstNonEmpty(r.AccountName, r.AccountID),
			r.UserID, r.Health, r.Token, r.ConnectedAt.UTC().Format(time.RFC3339))
	}
	return tw.Flush()
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
