package cli

// `meshdesk addresses`: the profile's address book (labels shown beside addresses in the app,
// in `transfers show` and in exports), over the same treasury service the app calls, so every
// change is validated alike and leaves one audit row.

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"meshdesk/treasury"
)

func init() {
	Register(&Command{
		Name:    "addresses",
		Summary: "the address book: label addresses (addresses list|set ADDRESS LABEL|remove ADDRESS)",
		Run:     runAddresses,
	})
}

const addressesUsage = `Usage: meshdesk addresses [list] [--format table|json] [--profile NAME]
       meshdesk addresses set ADDRESS LABEL… [--network NAME] [--profile NAME]
       meshdesk addresses remove ADDRESS [--network NAME] [--profile NAME]

The address book names addresses: the label shows beside the address in the app, in
` + "`meshdesk transfers show`" + ` and in exports. A label is for one network (--network, Mesh's
name such as Ethereum or Solana; on a network Mesh Desk knows the address's format is checked)
or, without --network, for every network. "set" adds or replaces a label (LABEL is the rest of
the arguments, joined by spaces; at most 80 characters, one line); "remove" takes it off. Each
change is recorded, with the OS user, in the audit trail.

Flags:
`

func runAddresses(ctx context.Context, env *Env, args []string) error {
	return runSubcommand(ctx, env, args, "addresses", addressesUsage, []subCommand{
		{"list", addressesList}, {"set", addressesSet}, {"remove", addressesRemove}})
}

// checkNetwork refuses a --network value that cannot be a network name.
func checkNetwork(network string) error {
	switch {
	case len(network) > 100:
		return Usagef("--network: at most 100 characters")
	case strings.ContainsAny(network, "\r\n\t\x00"):
		return Usagef("--network: must be one line")
	}
	return nil
}

// onWhich says which network a label is for.
func onWhich(network string) string {
	if strings.TrimSpace(network) == "" {
		return "every network"
	}
	return strings.TrimSpace(network)
}

func addressesList(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("addresses list", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	format := addFormatFlag(fs, formatTable, formatTable, formatJSON)
	if err := parseNoArgs(fs, env, addressesUsage, args); err != nil {
		return helpDone(err)
	}
	f, err := format.get()
	if err != nil {
		return err
	}
	d, s, err := openStoreSession(ctx, env, *profile)
	if err != nil {
		return err
	}
	defer d.Close()
	book, err := treasury.New(s.DB).AddressBook(ctx, s.Profile.ID)
	if err != nil {
		return err
	}
	if f == formatJSON {
		return writeJSON(env.Stdout, book)
	}
	if len(book) == 0 {
		fmt.Fprintf(env.Stdout, "The address book of profile %q is empty (add a label with `meshdesk addresses set ADDRESS LABEL`).\n", s.Profile.Name)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LABEL\tADDRESS\tNETWORK\tUPDATED\tBY")
	for _, l := range book {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", l.Label, l.Address, onWhich(l.Network), l.UpdatedAt, l.Actor)
	}
	return tw.Flush()
}

func addressesSet(ctx context.Context, env *Env, args []string) error {
	return addressesChange(ctx, env, args, "set", func(pos []string) error {
		if len(pos) < 2 {
			return Usagef("give an address and its label: addresses set ADDRESS LABEL (see --help)")
		}
		return nil
	}, func(ctx context.Context, svc *treasury.Service, profileID string, pos []string, network string) (string, error) {
		l, err := svc.SetAddressLabel(ctx, profileID, pos[0], network, strings.Join(pos[1:], " "))
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Labelled %s %q on %s.", l.Address, l.Label, onWhich(l.Network)), nil
	})
}

func addressesRemove(ctx context.Context, env *Env, args []string) error {
	return addressesChange(ctx, env, args, "remove", func(pos []string) error {
		if len(pos) != 1 {
			return Usagef("give one address: addresses remove ADDRESS (see --help)")
		}
		return nil
	}, func(ctx context.Context, svc *treasury.Service, profileID string, pos []string, network string) (string, error) {
		if err := svc.RemoveAddressLabel(ctx, profileID, pos[0], network); err != nil {
			return "", err
		}
		return fmt.Sprintf("Removed the label of %s on %s.", strings.TrimSpace(pos[0]), onWhich(network)), nil
	})
}

// addressesChange runs `addresses set|remove`: it parses the flags and arguments, refuses
// what checkArgs or checkNetwork refuse, then makes the change with the treasury service on
// the profile (which validates it and records it with one audit row) and prints the line
// change returns.
func addressesChange(ctx context.Context, env *Env, args []string, name string, checkArgs func(pos []string) error,
	change func(ctx context.Context, svc *treasury.Service, profileID string, pos []string, network string) (string, error)) error {
	fs := flag.NewFlagSet("addresses "+name, flag.ContinueOnError)
	profile := ProfileFlag(fs)
	network := fs.String("network", "", "the network the label is for, as Mesh names it (default: every network)")
	pos, err := parseWithArgs(fs, env, addressesUsage, args)
	if err != nil {
		return helpDone(err)
	}
	if err := checkArgs(pos); err != nil {
		return err
	}
	if err := checkNetwork(*network); err != nil {
		return err
	}
	d, s, err := openStoreSession(ctx, env, *profile)
	if err != nil {
		return err
	}
	defer d.Close()
	line, err := change(ctx, treasury.New(s.DB), s.Profile.ID, pos, *network)
	if err != nil {
		return treasuryError(err)
	}
	fmt.Fprintln(env.Stdout, line)
	return nil
}
