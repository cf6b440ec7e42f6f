// Package appdir says where Mesh Desk keeps its files. Every path honours MESHDESK_HOME,
// which puts everything under one folder (tests, portable installs, scripts that must
// share one data directory between the app and the CLI).
package appdir

import (
	"os"
	"path/filepath"
)

// EnvHome names the variable that overrides every location below.
const EnvHome = "MESHDESK_HOME"

// Config is the folder of the SQLite database and settings
// (~/.config/meshdesk on Linux, %AppData%\meshdesk on Windows, ~/Library/Application Support/meshdesk on macOS).
func Config() (string, error) {
	if h := os.Getenv(EnvHome); h != "" {
		return filepath.Join(h, "config"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "meshdesk"), nil
}

// Cache is the folder of disposable data (the WebKit cache is the toolkit's own).
func Cache() (string, error) {
	if h := os.Getenv(EnvHome); h != "" {
		return filepath.Join(h, "cache"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "meshdesk"), nil
}

// State is the folder of logs and the Demo emulator's state file
// ($XDG_STATE_HOME/meshdesk, default ~/.local/state/meshdesk; the cache dir elsewhere).
func State() (string, error) {
	if h := os.Getenv(EnvHome); h != "" {
		return filepath.Join(h, "state"), nil
	}
	if x := os.Getenv("XDG_STATE_HOME"); x != "" {
		return filepath.Join(x, "meshdesk"), nil
	}
	if home, err := os.UserHomeDir(); err == nil && os.PathSeparator == '/' {
		return filepath.Join(home, ".local", "state", "meshdesk"), nil
	}
	return Cache()
}

// DatabaseFile is the SQLite file: Config()/meshdesk.db.
func DatabaseFile() (string, error) {
	d, err := Config()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "meshdesk.db"), nil
}

// Ensure creates dir (0700: the folder holds a user's financial records) and returns it.
func Ensure(dir string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return dir, os.MkdirAll(dir, 0o700)
}
