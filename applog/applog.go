// Package applog is Mesh Desk's diagnostics log: log/slog records written to a rotating
// file under the user's state folder (appdir.State()/logs/meshdesk.log), at a level set by
// the global --log-level flag or the MESHDESK_LOG_LEVEL variable. Secrets are redacted by
// their type (see Secret), not by filtering lines.
package applog

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"meshdesk/appdir"
)

// EnvLevel names the variable that sets the level when --log-level is not given.
const EnvLevel = "MESHDESK_LOG_LEVEL"

// FlagLevel is the global flag that sets the level: --log-level LEVEL or --log-level=LEVEL.
const FlagLevel = "--log-level"

// FileName is the log file's name inside Dir().
const FileName = "meshdesk.log"

// ParseLevel reads debug, info, warn (or warning) and error, in any case.
func ParseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return slog.LevelDebug, nil
	case "info", "":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("unknown log level %q (want debug, info, warn or error)", s)
}

// SplitLevelFlag removes the global --log-level flag from the front of args (before the
// command name) and returns the remaining args and the flag's value ("" when absent).
func SplitLevelFlag(args []string) (rest []string, level string, err error) {
	rest = args
	for len(rest) > 0 {
		a := rest[0]
		switch {
		case a == FlagLevel:
			if len(rest) < 2 {
				return nil, "", fmt.Errorf("%s needs a value (debug, info, warn or error)", FlagLevel)
			}
			level, rest = rest[1], rest[2:]
		case strings.HasPrefix(a, FlagLevel+"="):
			level, rest = strings.TrimPrefix(a, FlagLevel+"="), rest[1:]
		default:
			return rest, level, validate(level)
		}
	}
	return rest, level, validate(level)
}

func validate(level string) error {
	if level == "" {
		return nil
	}
	_, err := ParseLevel(level)
	return err
}

// ResolveLevel picks the level: the flag's value if set, else $MESHDESK_LOG_LEVEL, else info.
func ResolveLevel(flagValue string, getenv func(string) string) (slog.Level, error) {
	v := flagValue
	if v == "" && getenv != nil {
		v = getenv(EnvLevel)
	}
	lvl, err := ParseLevel(v)
	if err != nil && flagValue == "" {
		return slog.LevelInfo, fmt.Errorf("%s: %w", EnvLevel, err)
	}
	return lvl, err
}

// Dir is the folder of the log files: appdir.State()/logs.
func Dir() (string, error) {
	d, err := appdir.State()
	if err != nil {
		return "", fmt.Errorf("find the state folder: %w", err)
	}
	return filepath.Join(d, "logs"), nil
}

// Options configures Open. Zero values are sensible defaults.
type Options struct {
	Dir      string     // folder of the log file; "" means Dir()
	Level    slog.Level // minimum level written
	MaxBytes int64      // rotate past this size; 0 means 5 MiB
	Keep     int        // rotated files kept (meshdesk.log.1 …); 0 means 3
	// Also, when set, receives every record too (e.g. os.Stderr in a terminal).
	Also io.Writer
}

// Log is an open diagnostics log.
type Log struct {
	// Logger writes to the file (and Options.Also).
	Logger *slog.Logger
	// Path is the current log file.
	Path string
	// Level can be changed while the log is open.
	Level *slog.LevelVar
	file  *RotatingFile
}

// Open creates the folder and the rotating file and returns a logger on it (text records).
func Open(o Options) (*Log, error) {
	dir := o.Dir
	if dir == "" {
		d, err := Dir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	keep := o.Keep
	if keep == 0 {
		keep = 3
	}
	f, err := OpenRotating(filepath.Join(dir, FileName), o.MaxBytes, keep)
	if err != nil {
		return nil, err
	}
	lv := new(slog.LevelVar)
	lv.Set(o.Level)
	var w io.Writer = f
	if o.Also != nil {
		w = io.MultiWriter(f, o.Also)
	}
	h := slog.NewTextHandler(w, &slog.HandlerOptions{Level: lv})
	return &Log{Logger: slog.New(h), Path: f.Path(), Level: lv, file: f}, nil
}

// Close flushes and closes the file.
func (l *Log) Close() error {
	if l == nil || l.file == nil {
		return nil
	}
	return l.file.Close()
}

// Setup is what main calls: it resolves the level (flag, then environment), opens the log
// under Dir() and makes it slog's default. When the file cannot be opened the log goes to
// stderr instead and the error is returned for main to mention; the app still runs.
func Setup(flagValue string, getenv func(string) string) (*Log, error) {
	lvl, lvlErr := ResolveLevel(flagValue, getenv)
	l, err := Open(Options{Level: lvl})
	if err != nil {
		lv := new(slog.LevelVar)
		lv.Set(lvl)
		l = &Log{Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lv})), Level: lv}
	}
	slog.SetDefault(l.Logger)
	return l, errors.Join(lvlErr, err)
}
