package cli

// The --format switch the listing commands share (alerts, audit, connections, reconcile,
// transfers list and export), and the indented JSON every --format json / --json prints.

import (
	"encoding/json"
	"flag"
	"io"
	"slices"
	"strings"
)

// The output formats a command may offer with --format.
const (
	formatTable = "table"
	formatCSV   = "csv"
	formatJSON  = "json"
)

// formatFlag is a command's --format: the value given and the formats the command offers.
type formatFlag struct {
	value   *string
	allowed []string
}

// addFormatFlag registers --format on fs with the default def ("" makes the flag required)
// and the formats the command offers, in the order its help names them.
func addFormatFlag(fs *flag.FlagSet, def string, allowed ...string) *formatFlag {
	usage := orList(allowed)
	if def == "" {
		usage += " (required)"
	}
	return &formatFlag{value: fs.String("format", def, usage), allowed: allowed}
}

// get returns the chosen format, or the usage error (exit code 2) every command gives for a
// missing or unknown one.
func (f *formatFlag) get() (string, error) {
	v := *f.value
	switch {
	case slices.Contains(f.allowed, v):
		return v, nil
	case v == "":
		return "", Usagef("--format is required: %s", orList(f.allowed))
	}
	return "", Usagef("--format %q: want %s", v, orList(f.allowed))
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// writeJSON writes v as JSON indented by two spaces, with a final newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
