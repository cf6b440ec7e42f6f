package cli

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

func TestFormatFlag(t *testing.T) {
	for _, tc := range []struct {
		name    string
		def     string
		allowed []string
		args    []string
		want    string // the format, or
		wantErr string // the usage error
	}{
		{"default", formatTable, []string{formatTable, formatJSON}, nil, formatTable, ""},
		{"chosen", formatTable, []string{formatTable, formatCSV, formatJSON}, []string{"--format", "csv"}, formatCSV, ""},
		{"not offered", formatTable, []string{formatTable, formatJSON}, []string{"--format", "csv"}, "", `--format "csv": want table or json`},
		{"unknown", formatTable, []string{formatTable, formatCSV, formatJSON}, []string{"--format=xml"}, "", `--format "xml": want table, csv or json`},
		{"case matters", formatTable, []string{formatTable, formatJSON}, []string{"--format", "JSON"}, "", `--format "JSON": want table or json`},
		{"required and missing", "", []string{formatCSV, formatJSON}, nil, "", "--format is required: csv or json"},
		{"required and empty", "", []string{formatCSV, formatJSON}, []string{"--format", ""}, "", "--format is required: csv or json"},
		{"required and given", "", []string{formatCSV, formatJSON}, []string{"--format", "json"}, formatJSON, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			f := addFormatFlag(fs, tc.def, tc.allowed...)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			got, err := f.get()
			if tc.wantErr != "" {
				var ue *UsageError
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				if !errors.As(err, &ue) {
					t.Fatalf("%v is not a usage error", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("get() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestFormatFlagHelpNamesTheFormats(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	addFormatFlag(fs, "", formatCSV, formatJSON)
	if u := fs.Lookup("format").Usage; u != "csv or json (required)" {
		t.Fatalf("usage %q", u)
	}
	fs = flag.NewFlagSet("t", flag.ContinueOnError)
	addFormatFlag(fs, formatTable, formatTable, formatCSV, formatJSON)
	if f := fs.Lookup("format"); f.Usage != "table, csv or json" || f.DefValue != "table" {
		t.Fatalf("usage %q, default %q", f.Usage, f.DefValue)
	}
}

// TestEveryFormatSwitchRefusesAlike runs each command that takes --format with a format it does
// not offer: exit code 2, one line, the same words, and nothing opened or changed.
func TestEveryFormatSwitchRefusesAlike(t *testing.T) {
	mustHome(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"alerts", "list", "--format", "csv"}, `--format "csv": want table or json`},
		{[]string{"connections", "list", "--format", "xml"}, `--format "xml": want table or json`},
		{[]string{"reconcile", "--since", "7d", "--format", "xml"}, `--format "xml": want table, csv or json`},
		{[]string{"audit", "--format", "xml"}, `--format "xml": want table, csv or json`},
		{[]string{"transfers", "list", "--format", "xml"}, `--format "xml": want table, csv or json`},
		{[]string{"transfers", "export", "--format", "table"}, `--format "table": want csv or json`},
		{[]string{"transfers", "export"}, `--format is required: csv or json`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := runCLI(t, nil, "", tc.args...)
			if code != 2 || out != "" {
				t.Fatalf("exit %d, stdout %q; want 2 and nothing", code, out)
			}
			want := "meshdesk " + tc.args[0] + ": " + tc.want + "\n"
			if errOut != want {
				t.Fatalf("stderr %q, want %q", errOut, want)
			}
		})
	}
}
