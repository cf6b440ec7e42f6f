package cli

// `meshdesk transfers note` and `meshdesk transfers tag`.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"meshdesk/treasury"
)

func init() {
	RegisterTransfersCommand("note", "add a note to a transfer (no TEXT: list its notes)", transfersNote)
	RegisterTransfersCommand("tag", "add tags to a transfer (--remove to take them off; none: list them)", transfersTag)
}

const noteUsage = `Usage: meshdesk transfers note ID|HASH|CLIENT_TXN_ID [TEXT…] [--profile NAME]

Appends TEXT (the remaining arguments, joined by spaces) as a note on a stored transfer, as the
OS user, and lists the transfer's notes. Without TEXT it only lists them.

Flags:
`

func transfersNote(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("transfers note", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	pos, err := parseWithArgs(fs, env, noteUsage, args)
	if err != nil {
		return helpDone(err)
	}
	if len(pos) == 0 {
		return Usagef("give a transfer id, hash or client transaction id (see --help)")
	}
	d, s, svc, id, err := treasurySession(ctx, env, *profile, pos[0])
	if err != nil {
		return err
	}
	defer d.Close()
	text := strings.Join(pos[1:], " ")
	var notes []treasury.NoteView
	if text != "" {
		notes, err = svc.AddNote(ctx, s.Profile.ID, id, text)
	} else {
		notes, err = svc.Notes(ctx, s.Profile.ID, id)
	}
	if err != nil {
		return treasuryError(err)
	}
	if len(notes) == 0 {
		fmt.Fprintf(env.Stdout, "Transfer %s has no notes.\n", id)
		return nil
	}
	fmt.Fprintf(env.Stdout, "Notes on transfer %s:\n", id)
	printNotes(env.Stdout, notes)
	return nil
}

// printNotes writes notes one a line (a note's own lines indented below it): when, who, text.
func printNotes(w io.Writer, notes []treasury.NoteView) {
	for _, n := range notes {
		fmt.Fprintf(w, "  %s  %s: %s\n", n.At, n.Actor, strings.ReplaceAll(n.Text, "\n", "\n    "))
	}
}

const tagUsage = `Usage: meshdesk transfers tag ID|HASH|CLIENT_TXN_ID [TAG…] [--remove] [--profile NAME]

Adds TAGs to a stored transfer (lower case; spaces become '-'; a leading '#' is dropped), or
with --remove takes them off, and prints the transfer's tags. Without TAGs it only prints them.

Flags:
`

func transfersTag(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("transfers tag", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	remove := fs.Bool("remove", false, "remove the given tags instead of adding them")
	pos, err := parseWithArgs(fs, env, tagUsage, args)
	if err != nil {
		return helpDone(err)
	}
	if len(pos) == 0 {
		return Usagef("give a transfer id, hash or client transaction id (see --help)")
	}
	if *remove && len(pos) == 1 {
		return Usagef("--remove needs the tags to remove")
	}
	d, s, svc, id, err := treasurySession(ctx, env, *profile, pos[0])
	if err != nil {
		return err
	}
	defer d.Close()
	var tags []string
	switch {
	case len(pos) == 1:
		tags, err = svc.Tags(ctx, s.Profile.ID, id)
	case *remove:
		tags, err = svc.RemoveTags(ctx, s.Profile.ID, id, pos[1:])
	default:
		tags, err = svc.AddTags(ctx, s.Profile.ID, id, pos[1:])
	}
	if err != nil {
		return treasuryError(err)
	}
	if len(tags) == 0 {
		fmt.Fprintf(env.Stdout, "Transfer %s has no tags.\n", id)
		return nil
	}
	fmt.Fprintf(env.Stdout, "Tags of transfer %s: %s\n", id, strings.Join(tags, ", "))
	return nil
}
