package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"meshdesk/meshsim"
)

func init() {
	Register(&Command{
		Name:    "sim",
		Summary: "run the Mesh emulator (API, Link page, webhooks) on 127.0.0.1",
		Run:     runSim,
	})
}

type faultFlags []meshsim.Fault

func (f *faultFlags) String() string { return fmt.Sprint(len(*f)) }
func (f *faultFlags) Set(v string) error {
	ft, err := meshsim.ParseFault(v)
	if err != nil {
		return err
	}
	*f = append(*f, ft)
	return nil
}

const simUsage = `Usage: meshdesk sim [flags]

Runs the stateful Mesh emulator: the Mesh API (auth, link tokens, transfer history,
catalog, holdings, managed transfers), the Account Management API under /admin/api/v1,
the Link page the tokens point at, signed webhooks and scripted faults. It listens on
loopback only and prints its base URL and credentials. Ctrl-C stops it.

Defaults: client id "demo-client", secret "sk_sandbox_demo_secret" (fixed so scripts and
the Demo profile agree; pass --client-secret to choose another), MMT on, account
management secret "sk_admin_demo_secret".

Flags:
`

func runSim(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addr := fs.String("addr", "127.0.0.1:0", "listen address (loopback only; port 0 picks one)")
	seed := fs.Uint64("seed", 1, "seed of the generated history")
	transfers := fs.Int("transfers", 1000, "number of history transfers to generate")
	state := fs.String("state", "", "state file: loaded at start, rewritten atomically on change")
	clientID := fs.String("client-id", meshsim.DefaultClientID, "accepted X-Client-Id")
	clientSecret := fs.String("client-secret", meshsim.DefaultClientSecret, "accepted X-Client-Secret")
	noMMT := fs.Bool("no-mmt", false, "turn Mesh Managed Tokens off for the client (no tokenId)")
	adminSecret := fs.String("admin-secret", meshsim.DefaultAdminSecret, "Account Management API secret")
	hookURL := fs.String("webhook-url", "", "deliver signed transfer-status webhooks to this URL")
	hookSecret := fs.String("webhook-secret", "", "webhook signing secret (required with --webhook-url)")
	hookDup := fs.Bool("webhook-duplicates", false, "send every webhook twice (same EventId)")
	hookReorder := fs.Bool("webhook-reorder", false, "send a transfer's final webhook before its pending one")
	settle := fs.Duration("settle-delay", 10*time.Second, "how long new transfers stay pending")
	failRate := fs.Float64("failure-rate", 0.1, "share of new transfers that fail (0..1)")
	settleGen := fs.Bool("settle-generated", false, "let the generated history's pending transfers settle too")
	verbose := fs.Bool("verbose", false, "log every request and webhook delivery to stderr")
	var faults faultFlags
	fs.Var(&faults, "fault", "scripted fault KIND[=ARG][*TIMES][+SKIP][@[METHOD:]PATH], repeatable\n(KIND: 429, 500, 502, slow, truncate; e.g. 429=2*3@/api/v1/transfers/managed/mesh)")
	help := func() {
		fmt.Fprint(env.Stdout, simUsage)
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			help()
			return nil
		}
		return Usagef("%v (see meshdesk sim --help)", err)
	}
	if fs.NArg() > 0 {
		return Usagef("unexpected argument %q (see meshdesk sim --help)", fs.Arg(0))
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return Usagef("--addr %q: %v", *addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return Usagef("--addr %q: the emulator listens on loopback only (e.g. 127.0.0.1:8787)", *addr)
	}
	if *transfers < 0 || *transfers > 10_000_000 {
		return Usagef("--transfers must be between 0 and 10000000")
	}
	if *failRate < 0 || *failRate > 1 {
		return Usagef("--failure-rate must be between 0 and 1")
	}
	if *settle <= 0 {
		return Usagef("--settle-delay must be positive")
	}
	if *clientID == "" || *clientSecret == "" {
		return Usagef("--client-id and --client-secret must not be empty")
	}
	if (*hookURL == "") != (*hookSecret == "") {
		return Usagef("--webhook-url and --webhook-secret go together")
	}
	if *hookURL != "" && !strings.HasPrefix(*hookURL, "http://") && !strings.HasPrefix(*hookURL, "https://") {
		return Usagef("--webhook-url must be an http(s) URL")
	}
	logger := slog.New(slog.DiscardHandler)
	if *verbose {
		logger = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	start := time.Now()
	sim, err := meshsim.New(meshsim.Options{
		Seed: *seed, Transfers: *transfers, StateFile: *state,
		Clients:     []meshsim.Client{{ID: *clientID, Secret: *clientSecret, MMT: !*noMMT}},
		AdminSecret: *adminSecret, WebhookURL: *hookURL, WebhookSecret: *hookSecret,
		WebhookDuplicates: *hookDup, WebhookReorder: *hookReorder,
		SettleDelay: *settle, FailureRate: *failRate, SettleGenerated: *settleGen,
		Faults: faults, Logger: logger,
	})
	if err != nil {
		return err
	}
	base, err := sim.Start(*addr)
	if err != nil {
		_ = sim.Close()
		return err
	}
	fmt.Fprintf(env.Stdout, "Mesh emulator listening on %s\n", base)
	fmt.Fprintf(env.Stdout, "  X-Client-Id:     %s\n  X-Client-Secret: %s\n", *clientID, *clientSecret)
	fmt.Fprintf(env.Stdout, "  Account Management API: %s/admin/api/v1 (secret %s)\n", base, *adminSecret)
	fmt.Fprintf(env.Stdout, "  %d transfers (seed %d) ready in %s", sim.TransferCount(), *seed, time.Since(start).Round(time.Millisecond))
	if *state != "" {
		fmt.Fprintf(env.Stdout, "; state file %s", *state)
	}
	fmt.Fprintln(env.Stdout)
	if *hookURL != "" {
		fmt.Fprintf(env.Stdout, "  webhooks → %s\n", *hookURL)
	}
	fmt.Fprintln(env.Stdout, "  test controls: "+base+"/_sim/faults, /_sim/requests, /_sim/webhooks")
	<-ctx.Done()
	fmt.Fprintln(env.Stdout, "stopping")
	if err := sim.Close(); err != nil {
		return fmt.Errorf("stop emulator: %w", err)
	}
	return nil
}
