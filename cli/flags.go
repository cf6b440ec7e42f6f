package cli

// The flag-parsing steps every command shares (parseFlags is in sync.go, parseWithArgs in
// refund.go).

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
)

// parseNoArgs parses a command that takes flags only: a positional argument is a usage error.
// flag.ErrHelp means --help was printed.
func parseNoArgs(fs *flag.FlagSet, env *Env, usage string, args []string) error {
	if err := parseFlags(fs, env, usage, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return Usagef("unexpected argument %q (see --help)", fs.Arg(0))
	}
	return nil
}

// helpDone is what a command returns for a parse error: nothing once --help was printed
// (flag.ErrHelp), else the error.
func helpDone(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// subCommand is one `meshdesk COMMAND SUB …` of a command that has a default one.
type subCommand struct {
	name string
	run  func(ctx context.Context, env *Env, args []string) error
}

// runSubcommand runs the subcommand args[0] names, or subs[0] when args is empty or starts
// with a flag; "help" prints usage without its trailing "Flags:" line. command names the
// command in the error for an unknown one.
func runSubcommand(ctx context.Context, env *Env, args []string, command, usage string, subs []subCommand) error {
	name := subs[0].name
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	names := make([]string, 0, len(subs))
	for _, s := range subs {
		if s.name == name {
			return s.run(ctx, env, args)
		}
		names = append(names, s.name)
	}
	if name == "help" {
		fmt.Fprint(env.Stdout, strings.TrimSuffix(usage, "Flags:\n"))
		return nil
	}
	return Usagef("unknown %s command %q (%s)", command, name, strings.Join(names, ", "))
}
