package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"meshdesk/history"
)

func init() {
	Register(&Command{
		Name:    "sync",
		Summary: "bring the profile's transfer history up to date from Mesh",
		Run:     runSync,
	})
}

const syncUsage = `Usage: meshdesk sync [--profile NAME]

Fetches the profile's managed-transfer history from Mesh into the local database: everything
the first time (an interrupted first sync is finished by the next one), what is new since the
last sync afterwards, then re-checks transfers still pending. Shows a progress bar on a
terminal and plain lines otherwise. Only one sync of a profile runs at a time, also across the
app and the command line.

Flags:
`

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// parseFlags parses a command's flags; --help prints usage and flag defaults.
func parseFlags(fs *flag.FlagSet, env *Env, usage string, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(env.Stdout, usage)
			fs.SetOutput(env.Stdout)
			fs.PrintDefaults()
			return flag.ErrHelp
		}
		return Usagef("%v (see --help)", err)
	}
	return nil
}

func runSync(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	profile := ProfileFlag(fs)
	if err := parseFlags(fs, env, syncUsage, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return Usagef("unexpected argument %q (see --help)", fs.Arg(0))
	}
	d, s, err := OpenSession(ctx, env, *profile)
	if err != nil {
		return err
	}
	defer d.Close()
	pr := newProgressPrinter(env.Stdout, isTerminal(env.Stdout))
	syncer := history.NewSyncer(s.DB, history.MeshSource(s.Client), history.Options{
		Holder:     fmt.Sprintf("meshdesk sync (pid %d)", os.Getpid()),
		OnProgress: pr.progress,
	})
	res, err := syncer.Sync(ctx, s.Profile.ID)
	pr.finish()
	if err != nil {
		return err
	}
	resumed := ""
	if res.Resumed {
		resumed = ", resumed"
	}
	fmt.Fprintf(env.Stdout, "Synced profile %q (%s%s): %d new, %d changed, %d pending re-checked, %d requests in %s.\n",
		s.Profile.Name, res.Mode, resumed, res.New, res.Changed, res.Rechecked, res.Requests, res.Duration.Round(time.Millisecond))
	if res.Unresolved > 0 {
		fmt.Fprintf(env.Stdout, "%d pending transfers could not be re-checked this time; the next sync will.\n", res.Unresolved)
	}
	return nil
}

// progressPrinter shows sync progress: a bar redrawn in place on a terminal, else a line per
// phase and every few seconds.
type progressPrinter struct {
	w         io.Writer
	tty       bool
	phase     string
	lastLine  time.Time
	drawn     bool
	lastPages int
}

func newProgressPrinter(w io.Writer, tty bool) *progressPrinter {
	return &progressPrinter{w: w, tty: tty}
}

func (p *progressPrinter) progress(pg history.Progress) {
	if pg.Phase == history.PhaseDone {
		return
	}
	if p.tty {
		p.bar(pg)
		return
	}
	now := time.Now()
	if pg.Phase != p.phase || now.Sub(p.lastLine) >= 2*time.Second {
		p.phase, p.lastLine, p.lastPages = pg.Phase, now, pg.Pages
		total := ""
		if pg.Total > 0 && pg.Phase == history.ModeBackfill {
			total = fmt.Sprintf(" of %d", pg.Total)
		}
		fmt.Fprintf(p.w, "sync: %s: %d pages, %d transfers%s (%.0f/s)\n", pg.Phase, pg.Pages, pg.Transfers, total, pg.Rate)
	}
}

func (p *progressPrinter) bar(pg history.Progress) {
	const width = 30
	line := ""
	if pg.Total > 0 && pg.Phase == history.ModeBackfill {
		frac := min(float64(pg.Done)/float64(pg.Total), 1)
		n := int(frac * width)
		line = fmt.Sprintf("%-11s [%s%s] %3.0f%% %d/%d  %.0f/s", pg.Phase, strings.Repeat("█", n), strings.Repeat("·", width-n),
			frac*100, pg.Done, pg.Total, pg.Rate)
	} else {
		line = fmt.Sprintf("%-11s %d pages, %d transfers  %.0f/s", pg.Phase, pg.Pages, pg.Transfers, pg.Rate)
	}
	fmt.Fprintf(p.w, "\r\033[K%s", line)
	p.drawn = true
}

// finish ends the bar's line.
func (p *progressPrinter) finish() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
