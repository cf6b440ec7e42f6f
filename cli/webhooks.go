package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"meshdesk/history"
	"meshdesk/reconcile"
)

func init() {
	Register(&Command{
		Name:    "webhooks",
		Summary: "receive Mesh's transfer-status webhooks (webhooks listen)",
		Run:     runWebhooks,
	})
}

const webhooksUsage = `Usage: meshdesk webhooks listen --addr HOST:PORT [--path /webhooks/mesh] [--profile NAME]

Runs the webhook receiver: verifies each request's X-Mesh-Signature-256 with the profile's
webhook secret, records it once (Mesh retries with the same EventId), applies the status to
the stored transfer, and prints one line per delivery. Stops cleanly on Ctrl-C.

Mesh delivers only to a public https URL it can reach: register that URL in Mesh's dashboard
(Account > API keys > Webhooks) and forward it to --addr with your reverse proxy or tunnel.
For the Demo profile the in-process emulator sends its webhooks here directly.

Flags:
`

func runWebhooks(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stdout, strings.TrimSuffix(webhooksUsage, "Flags:\n"))
		fmt.Fprintln(env.Stdout, "`meshdesk webhooks listen --help` for its flags.")
		if len(args) == 0 {
			return Usagef("a webhooks command is required (listen)")
		}
		return nil
	}
	if args[0] != "listen" {
		return Usagef("unknown webhooks command %q (listen)", args[0])
	}
	return webhooksListen(ctx, env, args[1:])
}

// deliveryLine is the printed line of one delivery.
func deliveryLine(d history.Delivery) string {
	at := d.At.UTC().Format("15:04:05.000")
	if d.HTTPStatus != http.StatusOK {
		return fmt.Sprintf("%s  %d  refused from %s: %s", at, d.HTTPStatus, d.RemoteAddr, d.Reason)
	}
	ev := d.Event
	s := fmt.Sprintf("%s  200  %-16s transfer %s  %s", at, d.Outcome, ev.TransferID, ev.TransferStatus)
	if ev.TxHash != "" {
		s += "  hash " + ev.TxHash
	}
	s += fmt.Sprintf("  event %s  (%s)", ev.EventID, d.Latency.Round(100*time.Microsecond))
	if d.Reason != "" {
		s += "  note: " + d.Reason
	}
	return s
}

func webhooksListen(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("webhooks listen", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8787", "address to listen on, HOST:PORT")
	path := fs.String("path", "/webhooks/mesh", "URL path of the receiver")
	if err := parseNoArgs(fs, env, webhooksUsage, args); err != nil {
		return helpDone(err)
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return Usagef("--addr %q is not HOST:PORT", *addr)
	}
	if !strings.HasPrefix(*path, "/") {
		return Usagef("--path %q must start with /", *path)
	}
	d, s, err := OpenSession(ctx, env, *profile)
	if err != nil {
		return err
	}
	defer d.Close()
	secret, err := s.WebhookSecret(ctx)
	if err != nil {
		return err
	}
	var outMu sync.Mutex
	rcv, err := history.NewReceiver(history.ReceiverOptions{
		// reconcile.CountDuplicates records repeated deliveries for `meshdesk reconcile`.
		ProfileID: s.Profile.ID, Secret: secret, Store: reconcile.CountDuplicates(s.DB, slog.Default()), Source: history.MeshSource(s.Client),
		Logger: slog.Default(),
		OnEvent: func(dl history.Delivery) {
			outMu.Lock()
			defer outMu.Unlock()
			fmt.Fprintln(env.Stdout, deliveryLine(dl))
		},
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		rcv.Close()
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle(*path, rcv)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second}
	url := "http://" + ln.Addr().String() + *path
	outMu.Lock()
	fmt.Fprintf(env.Stdout, "Listening for Mesh webhooks of profile %q on %s (Ctrl-C to stop).\n", s.Profile.Name, url)
	if s.Sim != nil {
		s.Sim.SetWebhook(url, secret)
		fmt.Fprintln(env.Stdout, "The Demo emulator sends its transfer-status webhooks here.")
	} else {
		fmt.Fprintln(env.Stdout, "Point the webhook URL registered with Mesh at this address through your reverse proxy or tunnel.")
	}
	outMu.Unlock()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		rcv.Close()
		return fmt.Errorf("webhook receiver: %w", err)
	case <-ctx.Done():
	}
	if s.Sim != nil {
		s.Sim.SetWebhook("", "")
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	rcv.Close()
	st := rcv.Stats()
	outMu.Lock()
	fmt.Fprintf(env.Stdout, "Stopped: %d deliveries, %d applied, %d duplicates, %d for transfers fetched afterwards, %d refused.\n",
		st.Received, st.Applied, st.Duplicates, st.Unknown, st.Refused)
	outMu.Unlock()
	return nil
}
