package cli

// `meshdesk transfers show`: one stored transfer with its explanation and what the treasury
// workflow recorded about it (refund state and history, tags, notes, address-book labels).

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/treasury"
)

func init() {
	RegisterTransfersCommand("show", "one transfer: status, amounts, fees, addresses, and why; its refund state, tags, notes and labels", transfersShow)
}

const showUsage = `Usage: meshdesk transfers show ID|HASH|CLIENT_TXN_ID [--json] [--profile NAME]

Shows one stored transfer — found by its Mesh id, on-chain hash or your client transaction id —
with its status, amounts, fees, destination and refund address, and in plain words why its
status and refund address are what they are; then what was recorded about it here: the refund
state and its history, tags, notes, and the address book's labels of its addresses.

Flags:
`

// transferFacts is what the treasury workflow recorded about one transfer: `transfers show`
// prints it, and its JSON carries it as "treasury".
type transferFacts struct {
	Refund refundFacts         `json:"refund"`
	Tags   []string            `json:"tags"`
	Notes  []treasury.NoteView `json:"notes"`
	Labels addressLabels       `json:"labels"`
}

// refundFacts is a transfer's refund state (none, needed, sent, done or not_needed), its
// words, the refund transaction once sent, and every change, oldest first.
type refundFacts struct {
	State      string                 `json:"state"`
	StateLabel string                 `json:"stateLabel"`
	Hash       string                 `json:"hash"`
	UpdatedAt  string                 `json:"updatedAt"`
	History    []treasury.RefundEntry `json:"history"`
}

// addressLabels are the address book's labels of a transfer's addresses on its network (""
// where there is none).
type addressLabels struct {
	Destination string `json:"destinationAddress"`
	Refund      string `json:"refundAddress"`
}

// stateName is a refund state as the views name it ("none" for no state).
func stateName(s store.RefundState) string {
	if s == store.RefundNone {
		return "none"
	}
	return string(s)
}

// rfc3339 formats t in UTC, "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// loadFacts reads what the treasury workflow recorded about t; book is the profile's
// address book.
func loadFacts(ctx context.Context, s *storeSession, book *store.AddressBook, t *mesh.Transfer) (*transferFacts, error) {
	rs, err := s.DB.RefundStatus(ctx, s.Profile.ID, t.ID)
	if err != nil {
		return nil, err
	}
	f := &transferFacts{Refund: refundFacts{State: stateName(rs.State), StateLabel: rs.State.Label(), Hash: rs.Hash,
		UpdatedAt: rfc3339(rs.UpdatedAt), History: make([]treasury.RefundEntry, 0, len(rs.History))}}
	for _, c := range rs.History {
		f.Refund.History = append(f.Refund.History, treasury.RefundEntry{At: rfc3339(c.At), Actor: c.Actor,
			From: stateName(c.From), To: stateName(c.To), Hash: c.Hash, Note: c.Note})
	}
	if f.Tags, err = s.DB.Tags(ctx, s.Profile.ID, t.ID); err != nil {
		return nil, err
	}
	if f.Tags == nil {
		f.Tags = []string{} // [] in JSON, like notes and history
	}
	if f.Notes, err = treasury.New(s.DB).Notes(ctx, s.Profile.ID, t.ID); err != nil {
		return nil, err
	}
	f.Labels = addressLabels{Destination: book.Label(t.DestinationAddress, t.NetworkName), Refund: book.Label(t.RefundAddress, t.NetworkName)}
	return f, nil
}

// shownTransfer is one transfer as `transfers show --json` prints it.
type shownTransfer struct {
	Stored      *store.StoredTransfer `json:"stored"`
	Explanation history.Explanation   `json:"explanation"`
	Treasury    *transferFacts        `json:"treasury"`
}

func transfersShow(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("transfers show", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	asJSON := fs.Bool("json", false, "print the stored record, the explanation and the treasury facts as JSON")
	pos, err := parseWithArgs(fs, env, showUsage, args)
	if err != nil {
		return helpDone(err)
	}
	if len(pos) != 1 {
		return Usagef("give one transfer id, hash or client transaction id (see --help)")
	}
	d, s, err := openStoreSession(ctx, env, *profile)
	if err != nil {
		return err
	}
	defer d.Close()
	rows, err := s.DB.LookupTransfers(ctx, s.Profile.ID, pos[0])
	if err != nil {
		return fmt.Errorf("look up %q: %w", pos[0], err)
	}
	// An address matches many transfers; show is for one transfer's identifiers.
	var hits []store.TransferRow
	for _, r := range rows {
		v := strings.ToLower(pos[0])
		if strings.ToLower(r.ID) == v || strings.ToLower(r.Hash) == v || strings.ToLower(r.ClientTransactionID) == v {
			hits = append(hits, r)
		}
	}
	if len(hits) == 0 {
		return fmt.Errorf("no stored transfer of profile %q has the id, hash or client transaction id %q (run `meshdesk sync` to fetch new ones, or search with `meshdesk transfers list --search`)", s.Profile.Name, pos[0])
	}
	book, err := s.DB.AddressBook(ctx, s.Profile.ID)
	if err != nil {
		return err
	}
	now := time.Now()
	shown := make([]shownTransfer, 0, len(hits))
	for _, h := range hits {
		st, err := s.DB.Transfer(ctx, s.Profile.ID, h.ID)
		if err != nil {
			return err
		}
		facts, err := loadFacts(ctx, s, book, &st.Transfer)
		if err != nil {
			return fmt.Errorf("transfer %s: %w", h.ID, err)
		}
		shown = append(shown, shownTransfer{Stored: st, Explanation: history.Explain(st.Transfer, now), Treasury: facts})
	}
	bw := bufio.NewWriter(env.Stdout)
	defer bw.Flush()
	if *asJSON {
		var err error
		if len(shown) == 1 {
			err = writeJSON(bw, shown[0])
		} else {
			err = writeJSON(bw, shown)
		}
		if err != nil {
			return err
		}
		return bw.Flush()
	}
	if len(shown) > 1 {
		fmt.Fprintf(bw, "%d transfers match %q:\n\n", len(shown), pos[0])
	}
	for i, v := range shown {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		printTransfer(bw, v)
	}
	return bw.Flush()
}

// printTransfer writes one transfer's detail.
func printTransfer(w io.Writer, v shownTransfer) {
	st, f := v.Stored, v.Treasury
	t := st.Transfer
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	num := func(field string, v float64) string {
		if s, ok := t.RawNumber(field); ok {
			return s
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	fee := func(f *mesh.TransferFee) string {
		if f == nil {
			return ""
		}
		s := strconv.FormatFloat(f.Fee, 'f', -1, 64) + " " + f.FeeCurrency
		if f.FeeInFiat != 0 {
			s += fmt.Sprintf(" (%s %s)", strconv.FormatFloat(f.FeeInFiat, 'f', 2, 64), t.AmountInFiatCurrencyCode)
		}
		return strings.TrimSpace(s)
	}
	ts := func(sec int64) string {
		if sec == 0 {
			return ""
		}
		return time.Unix(sec, 0).UTC().Format(time.RFC3339)
	}
	labelled := func(address, label string) string {
		if address != "" && label != "" {
			return address + " (" + label + ")"
		}
		return address
	}
	line("Transfer", t.ID)
	line("Status", string(t.Status))
	line("Created", ts(t.CreatedTimestamp))
	if t.ExecutedTimestamp != nil {
		line("Executed", ts(*t.ExecutedTimestamp))
	}
	line("Type", string(t.TransferType))
	line("Client transaction id", t.ClientTransactionID)
	line("User", t.UserID)
	line("Amount", strings.TrimSpace(num("amount", t.Amount)+" "+t.Symbol))
	line("Amount to receive", strings.TrimSpace(num("amountToReceive", t.AmountToReceive)+" "+t.Symbol))
	line("Amount in fiat", strings.TrimSpace(num("amountInFiat", t.AmountInFiat)+" "+t.AmountInFiatCurrencyCode))
	line("Network gas fee", fee(t.GasFee))
	line("Withdrawal fee", fee(t.WithdrawalFee))
	line("Processing fee", fee(t.ProcessingFee))
	if t.TotalFeesAmountInFiat != 0 {
		line("Total fees", strings.TrimSpace(num("totalFeesAmountInFiat", t.TotalFeesAmountInFiat)+" "+t.AmountInFiatCurrencyCode))
	}
	line("Network", t.NetworkName)
	if t.From != nil {
		src := t.From.Name
		if t.From.Type != "" {
			src += " (" + t.From.Type + ", " + history.SourceKind(t) + ")"
		}
		line("Source", strings.TrimSpace(src))
	}
	line("Destination address", labelled(t.DestinationAddress, f.Labels.Destination))
	line("Refund address", labelled(t.RefundAddress, f.Labels.Refund))
	line("Hash", t.Hash)
	line("Explorer", t.InfoURL)
	line("Sub-client", t.SubClientID)
	tw.Flush()
	fmt.Fprintf(w, "\nWhy this status: %s\nWhy this refund address: %s\n", v.Explanation.Status, v.Explanation.Refund)
	if len(st.History) > 0 {
		fmt.Fprintln(w, "\nStatus history:")
		for _, h := range st.History {
			fmt.Fprintf(w, "  %s  %s → %s (from the %s)\n", h.At.UTC().Format(time.RFC3339), h.From, h.To, sourceWord(h.Source))
		}
	}
	fmt.Fprintf(w, "\nFirst seen %s, last updated %s from the %s.\n", st.FirstSeen.UTC().Format(time.RFC3339), st.Updated.UTC().Format(time.RFC3339), sourceWord(st.Source))
	printFacts(w, f)
}

// printFacts writes the treasury part of a transfer's detail.
func printFacts(w io.Writer, f *transferFacts) {
	r := f.Refund
	if r.State == stateName(store.RefundNone) {
		fmt.Fprintln(w, "\nRefund: none recorded (`meshdesk transfers mark` sets one)")
	} else {
		fmt.Fprintf(w, "\nRefund: %s", r.StateLabel)
		if r.Hash != "" {
			fmt.Fprintf(w, " (tx %s)", r.Hash)
		}
		fmt.Fprintf(w, ", since %s\n", r.UpdatedAt)
		for _, c := range r.History {
			fmt.Fprintf(w, "  %s  %s: %s → %s", c.At, c.Actor, stateWords(c.From), stateWords(c.To))
			if c.Hash != "" {
				fmt.Fprintf(w, "; tx %s", c.Hash)
			}
			if c.Note != "" {
				fmt.Fprintf(w, "; note: %s", oneLine(c.Note, 200))
			}
			fmt.Fprintln(w)
		}
	}
	if len(f.Tags) == 0 {
		fmt.Fprintln(w, "Tags: none")
	} else {
		fmt.Fprintf(w, "Tags: %s\n", strings.Join(f.Tags, ", "))
	}
	if len(f.Notes) == 0 {
		fmt.Fprintln(w, "Notes: none")
		return
	}
	fmt.Fprintln(w, "Notes:")
	printNotes(w, f.Notes)
}

// stateWords is a view's state name (stateName) in words.
func stateWords(name string) string {
	if name == stateName(store.RefundNone) {
		return store.RefundNone.Label()
	}
	return store.RefundState(name).Label()
}

func sourceWord(s store.Source) string {
	if s == store.SourceWebhook {
		return "webhook"
	}
	return "API history"
}
