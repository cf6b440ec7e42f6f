// Package cli holds meshdesk's headless subcommands (sim, sync, transfers, profiles,
// webhooks …). Each command lives in its own file and registers itself in init, so
// commands can be added without touching a shared list. The desktop binary and the
// headless binary both dispatch here; only opening the window is desktop-only.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Env is what a command may touch of the outside world, injectable for tests.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment (os.Getenv by default).
	Getenv func(string) string
}

// OSEnv is the process's real standard streams and environment.
func OSEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// Command is one subcommand: `meshdesk NAME args…`.
type Command struct {
	Name    string // first word on the command line
	Summary string // one line for `meshdesk help`
	// Run executes the command. Returning a *UsageError exits with code 2, any other
	// error with code 1; the error is printed as one line.
	Run func(ctx context.Context, env *Env, args []string) error
}

var commands = map[string]*Command{}

// Register adds a command; called from the init of the file that defines it.
func Register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("cli: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// UsageError is bad input on the command line: exit code 2, nothing changed.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef builds a *UsageError.
func Usagef(format string, a ...any) error { return &UsageError{Msg: fmt.Sprintf(format, a...)} }

// Main runs the subcommand named by args[0] and returns the process exit code.
func Main(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(env.Stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "meshdesk: unknown command %q (run `meshdesk help`)\n", args[0])
		return 2
	}
	err := cmd.Run(ctx, env, args[1:])
	if err == nil {
		return 0
	}
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	fmt.Fprintf(env.Stderr, "meshdesk %s: %s\n", cmd.Name, msg)
	var ue *UsageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Mesh Desk — connect exchanges and wallets through Mesh Link, and keep the transfer history at hand.")
	fmt.Fprintln(w, "\nUsage:\n  meshdesk                 open the desktop app (desktop build only)\n  meshdesk COMMAND [flags] run a headless command\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].Summary)
	}
	fmt.Fprintln(w, "\nGlobal flags: --version, --log-level debug|info|warn|error. `meshdesk COMMAND --help` for a command's flags.")
}
