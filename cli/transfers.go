package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"meshdesk/desk"
	"meshdesk/mesh"
	"meshdesk/store"
)

func init() {
	Register(&Command{
		Name:    "transfers",
		Summary: "list, show and export the stored transfer history",
		Run:     runTransfers,
	})
	RegisterTransfersCommand("list", "list transfers (filters; --format table|csv|json)", transfersList)
	RegisterTransfersCommand("export", "export transfers (--format csv|json; filters; --output FILE)", transfersExport)
}

// transfersSub is one `meshdesk transfers NAME` subcommand.
type transfersSub struct {
	name, summary string
	run           func(ctx context.Context, env *Env, args []string) error
}

var transfersSubs = map[string]transfersSub{}

// RegisterTransfersCommand adds a `meshdesk transfers NAME` subcommand; other files (e.g. the
// treasury commands) call it from their init. run receives the arguments after NAME.
func RegisterTransfersCommand(name, summary string, run func(ctx context.Context, env *Env, args []string) error) {
	if _, dup := transfersSubs[name]; dup {
		panic("cli: transfers subcommand registered twice: " + name)
	}
	transfersSubs[name] = transfersSub{name: name, summary: summary, run: run}
}

func transfersUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: meshdesk transfers COMMAND [flags] (run `meshdesk sync` first)\n\nCommands:")
	names := make([]string, 0, len(transfersSubs))
	for n := range transfersSubs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, transfersSubs[n].summary)
	}
	fmt.Fprintln(w, "\n`meshdesk transfers COMMAND --help` for a command's flags.")
}

func runTransfers(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		transfersUsage(env.Stdout)
		if len(args) == 0 {
			return Usagef("a transfers command is required (see --help)")
		}
		return nil
	}
	sub, ok := transfersSubs[args[0]]
	if !ok {
		return Usagef("unknown transfers command %q (see `meshdesk transfers --help`)", args[0])
	}
	return sub.run(ctx, env, args[1:])
}

// filterFlags are the filters list and export share.
type filterFlags struct {
	statuses, networks, symbols, brokers string
	user, subClient, from, to, search    string
	match                                string
	minFiat, maxFiat                     string
	sort                                 string
	asc                                  bool
	tags                                 string // treasury
}

func (f *filterFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.statuses, "status", "", "statuses, comma-separated: pending,succeeded,failed")
	fs.StringVar(&f.networks, "network", "", "network names, comma-separated (e.g. Ethereum,Solana)")
	fs.StringVar(&f.symbols, "symbol", "", "asset symbols, comma-separated (e.g. USDC,ETH)")
	fs.StringVar(&f.brokers, "source", "", "source integration types, comma-separated (e.g. coinbase,deFiWallet)")
	fs.StringVar(&f.user, "user", "", "end-user id")
	fs.StringVar(&f.subClient, "sub-client", "", "sub-client id")
	fs.StringVar(&f.from, "from", "", "created at or after: YYYY-MM-DD, RFC 3339 or Unix seconds")
	fs.StringVar(&f.to, "to", "", "created at or before: YYYY-MM-DD (the whole day), RFC 3339 or Unix seconds")
	fs.StringVar(&f.minFiat, "min-fiat", "", "smallest amount in fiat")
	fs.StringVar(&f.maxFiat, "max-fiat", "", "largest amount in fiat")
	fs.StringVar(&f.search, "search", "", "substring (3+ characters) of id, transaction id, hash, address, user id, or a note or tag")
	fs.StringVar(&f.match, "match", "", "an exact id, client transaction id, hash, destination or refund address (any case): every transfer it is on")
	fs.StringVar(&f.tags, "tag", "", "tags, comma-separated: transfers carrying any of them") // treasury
	fs.StringVar(&f.sort, "sort", "created", "sort by created, amount or status")
	fs.BoolVar(&f.asc, "asc", false, "ascending order (default: newest, largest first)")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseTime reads YYYY-MM-DD, RFC 3339 or Unix seconds; endOfDay moves a date to its last second.
func parseTime(flagName, s string, endOfDay bool) (int64, error) {
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		return n, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if endOfDay {
			t = t.Add(24*time.Hour - time.Second)
		}
		return t.Unix(), nil
	}
	return 0, Usagef("--%s %q is not a date (YYYY-MM-DD), an RFC 3339 time or Unix seconds", flagName, s)
}

func parseFiat(flagName, s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return nil, Usagef("--%s %q is not an amount", flagName, s)
	}
	return &v, nil
}

// query builds the store query of the flags.
func (f *filterFlags) query() (store.TransferQuery, error) {
	var q store.TransferQuery
	for _, s := range splitList(f.statuses) {
		st := mesh.NormalizeStatus(s)
		if !st.Known() {
			return q, Usagef("--status %q is not pending, succeeded or failed", s)
		}
		q.Filter.Statuses = append(q.Filter.Statuses, st)
	}
	q.Filter.Networks = splitList(f.networks)
	q.Filter.Symbols = splitList(f.symbols)
	q.Filter.BrokerTypes = splitList(f.brokers)
	q.Filter.UserID = strings.TrimSpace(f.user)
	q.Filter.SubClientID = strings.TrimSpace(f.subClient)
	q.Filter.Search = strings.TrimSpace(f.search)
	q.Filter.Match = strings.TrimSpace(f.match)
	for _, t := range splitList(f.tags) { // treasury
		n, err := store.NormalizeTag(t)
		if err != nil {
			return q, Usagef("--tag: %v", err)
		}
		q.Filter.Tags = append(q.Filter.Tags, n)
	}
	var err error
	if q.Filter.CreatedFrom, err = parseTime("from", f.from, false); err != nil {
		return q, err
	}
	if q.Filter.CreatedTo, err = parseTime("to", f.to, true); err != nil {
		return q, err
	}
	if q.Filter.MinFiat, err = parseFiat("min-fiat", f.minFiat); err != nil {
		return q, err
	}
	if q.Filter.MaxFiat, err = parseFiat("max-fiat", f.maxFiat); err != nil {
		return q, err
	}
	switch store.SortField(f.sort) {
	case store.SortCreated, store.SortAmount, store.SortStatus:
		q.Sort = store.SortField(f.sort)
	default:
		return q, Usagef("--sort %q is not created, amount or status", f.sort)
	}
	q.Desc = !f.asc
	return q, nil
}

// storeError turns the store's validation errors into usage errors.
func storeError(err error) error {
	if errors.Is(err, store.ErrInvalid) {
		return &UsageError{Msg: err.Error()}
	}
	return err
}

const listUsage = `Usage: meshdesk transfers list [filters] [--format table|csv|json] [--limit N] [--profile NAME]

Lists stored transfers, newest first unless --sort/--asc say otherwise.

Flags:
`

func transfersList(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("transfers list", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	var ff filterFlags
	ff.register(fs)
	format := addFormatFlag(fs, formatTable, formatTable, formatCSV, formatJSON)
	limit := fs.Int("limit", 50, "at most this many transfers (0: all)")
	if err := parseNoArgs(fs, env, listUsage, args); err != nil {
		return helpDone(err)
	}
	f, err := format.get()
	if err != nil {
		return err
	}
	if *limit < 0 {
		return Usagef("--limit must be 0 or more")
	}
	q, err := ff.query()
	if err != nil {
		return err
	}
	d, s, err := openStoreSession(ctx, env, *profile)
	if err != nil {
		return err
	}
	defer d.Close()
	bw := bufio.NewWriter(env.Stdout)
	defer bw.Flush()
	var out rowWriter
	switch f {
	case formatCSV:
		out = newCSVRows(bw)
	case formatJSON:
		out = newJSONRows(bw)
	default:
		out = newTableRows(bw)
	}
	n, total := 0, 0
	q.Limit = store.MaxWindow
	for {
		if *limit > 0 {
			q.Limit = min(store.MaxWindow, *limit-n)
		}
		w, err := s.DB.QueryTransfers(ctx, s.Profile.ID, q)
		if err != nil {
			return storeError(err)
		}
		total = w.Total
		for _, r := range w.Rows {
			if err := out.row(r); err != nil {
				return err
			}
		}
		n += len(w.Rows)
		if w.Next == nil || len(w.Rows) == 0 || (*limit > 0 && n >= *limit) {
			break
		}
		q.After = w.Next
	}
	if err := out.close(); err != nil {
		return err
	}
	if f == formatTable {
		fmt.Fprintf(bw, "%d of %d transfers\n", n, total)
	}
	return bw.Flush()
}

// openStoreSession is OpenSession for commands that read only the database: no Mesh client
// (and so no client secret) is needed.
func openStoreSession(ctx context.Context, env *Env, profile string) (*desk.Desk, *storeSession, error) {
	d, err := OpenDesk(ctx, env)
	if err != nil {
		return nil, nil, err
	}
	p, err := profileByName(ctx, d, profile)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, &storeSession{DB: d.DB(), Profile: p}, nil
}

type storeSession struct {
	DB      *store.DB
	Profile *store.Profile
}

// profileByName finds the named profile, or the default one for "".
func profileByName(ctx context.Context, d *desk.Desk, name string) (*store.Profile, error) {
	if strings.TrimSpace(name) == "" {
		p, err := d.DB().DefaultProfile(ctx)
		if errors.Is(err, store.ErrNotFound) {
			return nil, Usagef("no default profile: pick one with `meshdesk profiles use NAME` or pass --profile")
		}
		return p, err
	}
	p, err := d.DB().ProfileByName(ctx, strings.TrimSpace(name))
	if errors.Is(err, store.ErrNotFound) {
		return nil, Usagef("no profile is named %q (see `meshdesk profiles list`)", strings.TrimSpace(name))
	}
	return p, err
}

// rowWriter writes list rows in one format.
type rowWriter interface {
	row(store.TransferRow) error
	close() error
}

var listColumns = []string{"id", "created", "status", "amount", "symbol", "amountInFiat", "fiatCurrency", "network", "source", "userId", "clientTransactionId", "hash", "destinationAddress", "refundAddress"}

func rowValues(r store.TransferRow) []string {
	source := r.FromName
	if source == "" {
		source = r.FromType
	}
	return []string{r.ID, time.Unix(r.CreatedTimestamp, 0).UTC().Format(time.RFC3339), string(r.Status),
		strconv.FormatFloat(r.Amount, 'f', -1, 64), r.Symbol, strconv.FormatFloat(r.AmountInFiat, 'f', 2, 64), r.FiatCurrency,
		r.NetworkName, source, r.UserID, r.ClientTransactionID, r.Hash, r.DestinationAddress, r.RefundAddress}
}

type tableRows struct{ tw *tabwriter.Writer }

func newTableRows(w io.Writer) *tableRows {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CREATED (UTC)\tSTATUS\tAMOUNT\tFIAT\tNETWORK\tSOURCE\tUSER\tID")
	return &tableRows{tw: tw}
}

func (t *tableRows) row(r store.TransferRow) error {
	v := rowValues(r)
	_, err := fmt.Fprintf(t.tw, "%s\t%s\t%s %s\t%s %s\t%s\t%s\t%s\t%s\n", time.Unix(r.CreatedTimestamp, 0).UTC().Format("2006-01-02 15:04:05"),
		v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[0])
	return err
}

func (t *tableRows) close() error { return t.tw.Flush() }

type csvRows struct{ w *csv.Writer }

func newCSVRows(w io.Writer) *csvRows {
	c := csv.NewWriter(w)
	_ = c.Write(listColumns)
	return &csvRows{w: c}
}

func (c *csvRows) row(r store.TransferRow) error { return c.w.Write(rowValues(r)) }

func (c *csvRows) close() error {
	c.w.Flush()
	return c.w.Error()
}

type jsonRows struct {
	w     io.Writer
	first bool
}

func newJSONRows(w io.Writer) *jsonRows {
	fmt.Fprint(w, "[")
	return &jsonRows{w: w, first: true}
}

func (j *jsonRows) row(r store.TransferRow) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if !j.first {
		fmt.Fprint(j.w, ",")
	}
	j.first = false
	_, err = fmt.Fprintf(j.w, "\n  %s", b)
	return err
}

func (j *jsonRows) close() error {
	_, err := fmt.Fprint(j.w, "\n]\n")
	return err
}

const exportUsage = `Usage: meshdesk transfers export --format csv|json [filters] [--output FILE] [--profile NAME]

Exports every stored transfer the filters select, streamed: amounts exactly as Mesh sent them,
times in ISO 8601 UTC. JSON objects also carry the raw Mesh record.

Flags:
`

func transfersExport(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("transfers export", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	var ff filterFlags
	ff.register(fs)
	format := addFormatFlag(fs, "", formatCSV, formatJSON)
	output := fs.String("output", "", "write to FILE instead of standard output")
	if err := parseNoArgs(fs, env, exportUsage, args); err != nil {
		return helpDone(err)
	}
	f, err := format.get()
	if err != nil {
		return err
	}
	q, err := ff.query()
	if err != nil {
		return err
	}
	d, s, err := openStoreSession(ctx, env, *profile)
	if err != nil {
		return err
	}
	defer d.Close()
	w := env.Stdout
	var file *os.File
	if *output != "" {
		if file, err = os.OpenFile(*output+".partial", os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer func() {
			if file != nil {
				file.Close()
				os.Remove(*output + ".partial")
			}
		}()
		w = file
	}
	n, err := s.DB.ExportTransfers(ctx, s.Profile.ID, q, store.ExportFormat(f), w)
	if err != nil {
		return storeError(err)
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		file = nil
		if err := os.Rename(*output+".partial", *output); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintf(env.Stderr, "exported %d transfers to %s\n", n, *output)
	}
	where := *output
	if where == "" {
		where = "stdout"
	}
	d.Audit(ctx, s.Profile.ID, s.Profile.Name, store.AuditExportTransfers, where, fmt.Sprintf("%d transfers, %s", n, f)) // audit (treasury)
	return nil
}
