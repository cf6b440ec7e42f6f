package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"meshdesk/desk"
	"meshdesk/store"
)

func init() {
	Register(&Command{
		Name:    "profiles",
		Summary: "add, list, test and manage profiles (Mesh clients); secrets go to the OS keychain",
		Run:     runProfiles,
	})
}

const profilesUsage = `Usage: meshdesk profiles COMMAND …

  add NAME --env demo|sandbox|production --client-id ID [--base-url URL]
           [--sub-client-id UUID] [--user-id ID]
                                 add a profile; the client secret is read from standard
                                 input (prompted for without echo on a terminal)
  set-secret NAME client|webhook|admin
                                 store a secret in the OS keychain, read the same way
  list [--json]                  list profiles and which secrets are present
  use NAME                       make NAME the default profile
  rename OLD NEW                 rename a profile (its data and secrets stay)
  remove NAME [--yes]            remove a profile with its secrets, connections and history
  test NAME                      call the API (networks, one history item) and report

Secrets are never taken from flags. On servers without a Secret Service, MESH_CLIENT_SECRET,
MESH_WEBHOOK_SECRET and MESH_ADMIN_SECRET supply a profile's secrets for one run; they are
never written anywhere.
`

type profilesCmd struct {
	name string
	run  func(ctx context.Context, env *Env, args []string) error
}

var profileCommands = []profilesCmd{
	{"add", profilesAdd},
	{"set-secret", profilesSetSecret},
	{"list", profilesList},
	{"use", profilesUse},
	{"rename", profilesRename},
	{"remove", profilesRemove},
	{"test", profilesTest},
}

func runProfiles(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stdout, profilesUsage)
		if len(args) == 0 {
			return Usagef("a profiles command is required (add, set-secret, list, use, rename, remove, test)")
		}
		return nil
	}
	for _, c := range profileCommands {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	return Usagef("unknown profiles command %q (add, set-secret, list, use, rename, remove, test)", args[0])
}

// parseInterleaved parses flags that may come before, between or after the positional
// arguments (`add NAME --env sandbox`), and checks the number of positional arguments.
func parseInterleaved(fs *flag.FlagSet, args []string, want int, usage string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, flag.ErrHelp
			}
			return nil, Usagef("%v (usage: meshdesk profiles %s)", err, usage)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != want {
		return nil, Usagef("expected %d argument(s), got %d (usage: meshdesk profiles %s)", want, len(pos), usage)
	}
	return pos, nil
}

// helpOrErr prints a subcommand's usage for --help (returning nil) or passes err on.
func helpOrErr(env *Env, err error, usage string, fs *flag.FlagSet) error {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(env.Stdout, "Usage: meshdesk profiles %s\n", usage)
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		return nil
	}
	return err
}

// subcommand is the command line of one profiles subcommand.
type subcommand struct {
	fs    *flag.FlagSet
	want  int    // number of positional arguments
	usage string // after "meshdesk profiles "
	// check, when set, vets the input before the desk opens, so bad input opens and
	// changes nothing.
	check func(pos []string) error
}

// withDesk is what every profiles subcommand does around its work: parse args (flags
// anywhere; --help prints the usage), run sc.check, open the desk, run fn, close the desk.
func withDesk(ctx context.Context, env *Env, args []string, sc subcommand, fn func(d *desk.Desk, pos []string) error) error {
	pos, err := parseInterleaved(sc.fs, args, sc.want, sc.usage)
	if err != nil {
		return helpOrErr(env, err, sc.usage, sc.fs)
	}
	if sc.check != nil {
		if err := sc.check(pos); err != nil {
			return err
		}
	}
	d, err := OpenDesk(ctx, env)
	if err != nil {
		return err
	}
	defer d.Close()
	return fn(d, pos)
}

// stdinTerminal returns the terminal file of env's standard input, or nil when it is not one.
func stdinTerminal(env *Env) *os.File {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return f
	}
	return nil
}

// readSecret reads a secret: prompted for without echo when standard input is a terminal,
// otherwise everything on standard input (one line; surrounding whitespace is dropped).
// Empty input gives "" and no error; the caller decides whether that is allowed.
func readSecret(env *Env, prompt string) (string, error) {
	if f := stdinTerminal(env); f != nil {
		fmt.Fprint(env.Stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("read the secret from the terminal: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if env.Stdin == nil {
		return "", nil
	}
	b, err := io.ReadAll(io.LimitReader(env.Stdin, desk.MaxSecretLen+2))
	if err != nil {
		return "", fmt.Errorf("read the secret from standard input: %w", err)
	}
	if len(b) > desk.MaxSecretLen+1 {
		return "", Usagef("the secret on standard input is longer than %d bytes", desk.MaxSecretLen)
	}
	return strings.TrimSpace(string(b)), nil
}

// secretInputError turns a desk validation error about a secret into a usage error; the
// message never contains the secret.
func usageOrErr(err error) error { return DeskError(err) }

func profilesAdd(ctx context.Context, env *Env, args []string) error {
	const usage = "add NAME --env demo|sandbox|production --client-id ID [--base-url URL] [--sub-client-id UUID] [--user-id ID]"
	fs := flag.NewFlagSet("profiles add", flag.ContinueOnError)
	envName := fs.String("env", "", "environment: demo, sandbox or production")
	base := fs.String("base-url", "", "API base URL overriding the environment's (a proxy, a `meshdesk sim`)")
	clientID := fs.String("client-id", "", "Mesh client id")
	sub := fs.String("sub-client-id", "", "sub-client (UUID) the profile acts for")
	user := fs.String("user-id", "", "default Mesh userId (default: a generated md-user-… id)")
	var in desk.ProfileInput
	var e store.Env
	// Check every field before asking for the secret, so bad input changes nothing and
	// costs no typing.
	check := func(pos []string) error {
		in = desk.ProfileInput{Name: pos[0], Env: *envName, BaseURL: *base, ClientID: *clientID,
			SubClientID: *sub, UserID: *user}
		for _, check := range []error{desk.ValidateName(in.Name), envErr(in.Env), desk.ValidateBaseURL(strings.TrimSpace(in.BaseURL)),
			desk.ValidateSubClientID(strings.TrimSpace(in.SubClientID)), userErr(in.UserID)} {
			if check != nil {
				return usageOrErr(check)
			}
		}
		e, _ = desk.ParseEnv(in.Env)
		return usageOrErr(desk.ValidateClientID(strings.TrimSpace(in.ClientID), e))
	}
	return withDesk(ctx, env, args, subcommand{fs: fs, want: 1, usage: usage, check: check}, func(d *desk.Desk, _ []string) error {
		return addProfile(ctx, env, d, in, e)
	})
}

// addProfile adds the checked profile in, reading its client secret when it needs one.
func addProfile(ctx context.Context, env *Env, d *desk.Desk, in desk.ProfileInput, e store.Env) error {
	envSecret := env.Getenv != nil && env.Getenv(store.EnvClientSecret) != ""
	needSecret := !(e == store.EnvDemo && strings.TrimSpace(in.BaseURL) == "")
	if needSecret && !(envSecret && stdinTerminal(env) != nil) {
		s, err := readSecret(env, fmt.Sprintf("Client secret for %q (input hidden): ", strings.TrimSpace(in.Name)))
		if err != nil {
			return err
		}
		in.ClientSecret = s
		if s == "" && !envSecret && e != store.EnvDemo {
			return Usagef("no client secret on standard input: pipe it in (e.g. `meshdesk profiles add %s … < secret.txt`), type it at the prompt, or set %s for each run", strings.TrimSpace(in.Name), store.EnvClientSecret)
		}
	}
	pi, err := d.Profiles().Add(ctx, in)
	if err != nil {
		return usageOrErr(err)
	}
	fmt.Fprintf(env.Stdout, "Added profile %q (%s, %s, client id %s, user id %s).\n", pi.Name, pi.Env, pi.APIURL, orDash(pi.ClientID), pi.DefaultUserID)
	switch {
	case in.ClientSecret != "" && envSecret:
		fmt.Fprintf(env.Stdout, "The client secret is in the OS keychain (%s, set now, overrides it while it is set).\n", store.EnvClientSecret)
	case in.ClientSecret != "":
		fmt.Fprintln(env.Stdout, "The client secret is in the OS keychain.")
	case pi.Secrets[store.SecretClient] == desk.SourceEnv:
		fmt.Fprintf(env.Stdout, "The client secret comes from %s for each run; it was not stored.\n", store.EnvClientSecret)
	}
	fmt.Fprintf(env.Stdout, "Check it with: meshdesk profiles test %s\n", shellArg(pi.Name))
	return nil
}

func envErr(e string) error {
	_, err := desk.ParseEnv(e)
	return err
}

func userErr(u string) error {
	if u == "" {
		return nil
	}
	return desk.ValidateUserID(u)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// shellArg quotes a profile name for a command line printed for the user.
func shellArg(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func profilesSetSecret(ctx context.Context, env *Env, args []string) error {
	const usage = "set-secret NAME client|webhook|admin"
	fs := flag.NewFlagSet("profiles set-secret", flag.ContinueOnError)
	var kind desk.SecretKind
	check := func(pos []string) error {
		var err error
		if kind, err = desk.ParseSecretKind(pos[1]); err != nil {
			return usageOrErr(err)
		}
		return usageOrErr(desk.ValidateName(pos[0]))
	}
	return withDesk(ctx, env, args, subcommand{fs: fs, want: 2, usage: usage, check: check}, func(d *desk.Desk, pos []string) error {
		return setSecret(ctx, env, d, pos[0], kind)
	})
}

// setSecret reads a secret of kind and stores it for the profile called name.
func setSecret(ctx context.Context, env *Env, d *desk.Desk, name string, kind desk.SecretKind) error {
	pi, err := d.Profiles().Get(ctx, name)
	if err != nil {
		return usageOrErr(err)
	}
	s, err := readSecret(env, fmt.Sprintf("%s secret for %q (input hidden): ", kind, pi.Name))
	if err != nil {
		return err
	}
	if s == "" {
		return Usagef("no secret on standard input: pipe it in or type it at the prompt")
	}
	if err := d.Profiles().SetSecret(ctx, pi.Name, string(kind), s); err != nil {
		return usageOrErr(err)
	}
	fmt.Fprintf(env.Stdout, "Stored the %s secret of profile %q in the OS keychain.\n", kind, pi.Name)
	if envVar := envVarName(kind); env.Getenv != nil && env.Getenv(envVar) != "" {
		fmt.Fprintf(env.Stdout, "Note: %s is set in this environment and overrides the keychain while it is.\n", envVar)
	}
	return nil
}

func envVarName(kind desk.SecretKind) string {
	switch kind {
	case store.SecretClient:
		return store.EnvClientSecret
	case store.SecretWebhook:
		return store.EnvWebhookSecret
	}
	return store.EnvAdminSecret
}

func profilesList(ctx context.Context, env *Env, args []string) error {
	const usage = "list [--json]"
	fs := flag.NewFlagSet("profiles list", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON (one array of profiles; never secrets)")
	return withDesk(ctx, env, args, subcommand{fs: fs, usage: usage}, func(d *desk.Desk, _ []string) error {
		return listProfiles(ctx, env, d, *asJSON)
	})
}

// listProfiles prints every profile and where each of its secrets comes from.
func listProfiles(ctx context.Context, env *Env, d *desk.Desk, asJSON bool) error {
	all, err := d.Profiles().List(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, all)
	}
	if len(all) == 0 {
		fmt.Fprintln(env.Stdout, "No profiles. Add one with `meshdesk profiles add NAME --env sandbox --client-id ID`.")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DEFAULT\tNAME\tENV\tAPI URL\tCLIENT ID\tSUB-CLIENT\tUSER ID\tSECRETS")
	for _, p := range all {
		def := ""
		if p.Default {
			def = "*"
		}
		var secs []string
		for _, k := range store.ProfileSecretKeys {
			src := p.Secrets[k]
			if src == desk.SourceNone {
				src = "missing"
			}
			secs = append(secs, fmt.Sprintf("%s:%s", k, src))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", def, p.Name, p.Env, p.APIURL, orDash(p.ClientID),
			orDash(p.SubClientID), p.DefaultUserID, strings.Join(secs, " "))
	}
	return tw.Flush()
}

func profilesUse(ctx context.Context, env *Env, args []string) error {
	const usage = "use NAME"
	fs := flag.NewFlagSet("profiles use", flag.ContinueOnError)
	return withDesk(ctx, env, args, subcommand{fs: fs, want: 1, usage: usage}, func(d *desk.Desk, pos []string) error {
		pi, err := d.Profiles().Use(ctx, pos[0])
		if err != nil {
			return usageOrErr(err)
		}
		fmt.Fprintf(env.Stdout, "The default profile is now %q (%s).\n", pi.Name, pi.Env)
		return nil
	})
}

func profilesRename(ctx context.Context, env *Env, args []string) error {
	const usage = "rename OLD NEW"
	fs := flag.NewFlagSet("profiles rename", flag.ContinueOnError)
	check := func(pos []string) error { return usageOrErr(desk.ValidateName(pos[1])) }
	return withDesk(ctx, env, args, subcommand{fs: fs, want: 2, usage: usage, check: check}, func(d *desk.Desk, pos []string) error {
		old, err := d.Profiles().Get(ctx, pos[0])
		if err != nil {
			return usageOrErr(err)
		}
		pi, err := d.Profiles().Rename(ctx, pos[0], pos[1])
		if err != nil {
			return usageOrErr(err)
		}
		fmt.Fprintf(env.Stdout, "Renamed profile %q to %q.\n", old.Name, pi.Name)
		return nil
	})
}

func profilesRemove(ctx context.Context, env *Env, args []string) error {
	const usage = "remove NAME [--yes]"
	fs := flag.NewFlagSet("profiles remove", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	return withDesk(ctx, env, args, subcommand{fs: fs, want: 1, usage: usage}, func(d *desk.Desk, pos []string) error {
		return removeProfile(ctx, env, d, pos[0], *yes)
	})
}

// removeProfile removes the profile called name after asking, unless yes is set.
func removeProfile(ctx context.Context, env *Env, d *desk.Desk, name string, yes bool) error {
	pi, err := d.Profiles().Get(ctx, name)
	if err != nil {
		return usageOrErr(err)
	}
	if !yes {
		fmt.Fprintf(env.Stderr, "Remove profile %q (%s) with its keychain entries, connections and transfer history? [y/N] ", pi.Name, pi.Env)
		answer := ""
		if env.Stdin != nil {
			line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
			answer = strings.ToLower(strings.TrimSpace(line))
		}
		fmt.Fprintln(env.Stderr)
		if answer != "y" && answer != "yes" {
			return Usagef("not removed: confirm with y, or pass --yes")
		}
	}
	res, err := d.Profiles().Remove(ctx, pi.Name)
	if err != nil {
		return usageOrErr(err)
	}
	fmt.Fprintf(env.Stdout, "Removed profile %q with its keychain entries, connections and transfer history.\n", res.Profile.Name)
	if res.NewDefault != "" {
		fmt.Fprintf(env.Stdout, "The default profile is now %q.\n", res.NewDefault)
	}
	if res.CleanupPending != "" {
		return fmt.Errorf("profile %q removed, but some keychain entries could not be deleted yet; they are retried at every start: %s", res.Profile.Name, res.CleanupPending)
	}
	return nil
}

func profilesTest(ctx context.Context, env *Env, args []string) error {
	const usage = "test NAME"
	fs := flag.NewFlagSet("profiles test", flag.ContinueOnError)
	return withDesk(ctx, env, args, subcommand{fs: fs, want: 1, usage: usage}, func(d *desk.Desk, pos []string) error {
		return testProfile(ctx, env, d, pos[0])
	})
}

// testProfile runs the connection test of the profile called name and prints what it found.
func testProfile(ctx context.Context, env *Env, d *desk.Desk, name string) error {
	res, err := d.Profiles().Test(ctx, name)
	if err != nil {
		return usageOrErr(err)
	}
	if res.OK {
		fmt.Fprintf(env.Stdout, "OK: profile %q (%s) reached %s — %d networks, %d transfers in the history; history round trip %s.\n",
			res.Profile, res.Env, res.BaseURL, res.Networks, res.Transfers, res.RoundTrip.Round(time.Millisecond))
		return nil
	}
	fmt.Fprintf(env.Stdout, "FAILED: profile %q (%s) at %s, %s call.\n", res.Profile, res.Env, res.BaseURL, res.Step)
	if res.HTTPStatus != 0 {
		fmt.Fprintf(env.Stdout, "  status:    HTTP %d %s\n", res.HTTPStatus, orDash(res.Status))
		fmt.Fprintf(env.Stdout, "  errorType: %s\n", orDash(res.ErrorType))
		fmt.Fprintf(env.Stdout, "  message:   %s\n", orDash(res.Message))
	}
	fmt.Fprintf(env.Stdout, "  error:     %s\n", res.Error)
	if res.Hint != "" {
		fmt.Fprintf(env.Stdout, "  hint:      %s\n", res.Hint)
	}
	return fmt.Errorf("the connection test of profile %q failed (%s)", res.Profile, firstLine(res))
}

func firstLine(res *desk.TestResult) string {
	if res.HTTPStatus != 0 {
		return fmt.Sprintf("HTTP %d %s: %s", res.HTTPStatus, res.ErrorType, res.Message)
	}
	return res.Hint
}
