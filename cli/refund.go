package cli

// `meshdesk transfers refund` (the payment request and a terminal QR code) and
// `meshdesk transfers mark` (the refund state).

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"meshdesk/desk"
	"meshdesk/store"
	"meshdesk/treasury"
	"meshdesk/treasury/payuri"
)

func init() {
	RegisterTransfersCommand("refund", "the refund's payment request (EIP-681, BIP-21, Solana Pay) and a QR code", transfersRefund)
	RegisterTransfersCommand("mark", "set a refund state: --refund needed|sent|done|not-needed [--hash HASH] [--note TEXT]", transfersMark)
}

// parseWithArgs parses flags that may come before, between or after positional arguments, and
// returns the positional ones. flag.ErrHelp means --help was printed.
func parseWithArgs(fs *flag.FlagSet, env *Env, usage string, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, env, usage, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// treasurySession opens the desk, the profile and the treasury service on it, and resolves key
// (a transfer id, hash or client transaction id) to one stored transfer's id.
func treasurySession(ctx context.Context, env *Env, profile, key string) (*desk.Desk, *storeSession, *treasury.Service, string, error) {
	d, s, err := openStoreSession(ctx, env, profile)
	if err != nil {
		return nil, nil, nil, "", err
	}
	id, err := resolveTransfer(ctx, s, key)
	if err != nil {
		d.Close()
		return nil, nil, nil, "", err
	}
	return d, s, treasury.New(s.DB), id, nil
}

// resolveTransfer finds the one stored transfer whose id, hash or client transaction id is key.
func resolveTransfer(ctx context.Context, s *storeSession, key string) (string, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return "", Usagef("give a transfer id, hash or client transaction id")
	}
	rows, err := s.DB.LookupTransfers(ctx, s.Profile.ID, key)
	if err != nil {
		return "", fmt.Errorf("look up %q: %w", key, err)
	}
	var ids []string
	for _, r := range rows {
		if strings.EqualFold(r.ID, key) || strings.EqualFold(r.Hash, key) || strings.EqualFold(r.ClientTransactionID, key) {
			ids = append(ids, r.ID)
		}
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("no stored transfer of profile %q has the id, hash or client transaction id %q (run `meshdesk sync` first)", s.Profile.Name, key)
	case 1:
		return ids[0], nil
	}
	return "", Usagef("%q matches %d transfers (%s): give the transfer id", key, len(ids), strings.Join(ids, ", "))
}

// treasuryError turns bad arguments into usage errors (exit code 2).
func treasuryError(err error) error {
	if err == nil {
		return nil
	}
	if treasury.IsFieldError(err) {
		return &UsageError{Msg: err.Error()}
	}
	return err
}

const refundUsage = `Usage: meshdesk transfers refund ID|HASH|CLIENT_TXN_ID [--amount X] [--json] [--profile NAME]

Prints the refund of a stored transfer as a payment request a wallet scans: EIP-681 on EVM
networks (ERC-20 transfer for tokens), BIP-21 on Bitcoin, Solana Pay on Solana, the plain
address elsewhere — with which standard and why — and the request as a QR code.
The amount defaults to what was received, exactly as Mesh reported it.

Flags:
`

func transfersRefund(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("transfers refund", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	amount := fs.String("amount", "", "amount to request, a plain decimal (default: the amount received)")
	asJSON := fs.Bool("json", false, "print the refund as JSON (no QR code drawing)")
	pos, err := parseWithArgs(fs, env, refundUsage, args)
	if err != nil {
		return helpDone(err)
	}
	if len(pos) != 1 {
		return Usagef("give one transfer id, hash or client transaction id (see --help)")
	}
	d, s, svc, id, err := treasurySession(ctx, env, *profile, pos[0])
	if err != nil {
		return err
	}
	defer d.Close()
	v, err := svc.Refund(ctx, s.Profile.ID, id, *amount)
	if err != nil {
		return treasuryError(err)
	}
	if *asJSON {
		out := *v
		out.QR = "" // a data URL is no use on a terminal
		return writeJSON(env.Stdout, out)
	}
	return printRefund(env, v)
}

func printRefund(env *Env, v *treasury.RefundView) error {
	w := env.Stdout
	fmt.Fprintf(w, "Refund of transfer %s\n", v.TransferID)
	if v.Address == "" {
		fmt.Fprintf(w, "  %s\n", v.Reason)
	} else {
		label := ""
		if v.AddressLabel != "" {
			label = " (" + v.AddressLabel + ")"
		}
		fmt.Fprintf(w, "  To:       %s%s\n", v.Address, label)
	}
	amt := v.Amount
	if v.Edited {
		amt += " (received " + v.Received + ")"
	}
	fmt.Fprintf(w, "  Amount:   %s %s on %s\n", amt, v.Asset, v.Network)
	fmt.Fprintf(w, "  State:    %s\n", v.StateLabel)
	if v.Hash != "" {
		fmt.Fprintf(w, "  Refund tx: %s\n", v.Hash)
	}
	if v.Address == "" {
		return nil
	}
	fmt.Fprintf(w, "  Standard: %s — %s\n", v.Standard, v.Reason)
	fmt.Fprintf(w, "  URI:      %s\n\n", v.URI)
	qr, err := payuri.QRTerminal(v.URI)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(w, qr)
	return err
}

const markUsage = `Usage: meshdesk transfers mark ID|HASH|CLIENT_TXN_ID --refund needed|sent|done|not-needed [--hash HASH] [--note TEXT] [--profile NAME]

Sets the refund state of a stored transfer: needed → sent (with the refund's transaction hash,
checked against the network's format) → done, or not-needed. Who (the OS user) and when are
recorded with the change, in the refund's history and the audit trail.

Flags:
`

func transfersMark(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("transfers mark", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	state := fs.String("refund", "", "the refund state: needed, sent, done or not-needed (required)")
	hash := fs.String("hash", "", "the refund's transaction hash (required with --refund sent)")
	note := fs.String("note", "", "an optional note kept with the change")
	pos, err := parseWithArgs(fs, env, markUsage, args)
	if err != nil {
		return helpDone(err)
	}
	if len(pos) != 1 {
		return Usagef("give one transfer id, hash or client transaction id (see --help)")
	}
	if strings.TrimSpace(*state) == "" {
		return Usagef("--refund needed|sent|done|not-needed is required")
	}
	d, s, svc, id, err := treasurySession(ctx, env, *profile, pos[0])
	if err != nil {
		return err
	}
	defer d.Close()
	v, err := svc.SetRefundState(ctx, s.Profile.ID, id, *state, *hash, *note)
	if err != nil {
		return treasuryError(err)
	}
	msg := fmt.Sprintf("Refund of %s is now %s", v.TransferID, v.StateLabel)
	if v.Hash != "" && store.RefundState(v.State) == store.RefundSent {
		msg += " (tx " + v.Hash + ")"
	}
	fmt.Fprintln(env.Stdout, msg)
	return nil
}
