// Package testenv helps tests that need a real component (the keychain, Chromium, Mesh's
// OpenAPI spec, a display): under CI (CI=true) a missing component fails the test; elsewhere
// the test skips with a one-line reason.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// InCI reports whether the tests run under CI, where real components are mandatory.
func InCI() bool { return os.Getenv("CI") == "true" || os.Getenv("CI") == "1" }

// Need fails (CI) or skips (elsewhere) the test when ok is false; what names the missing part.
func Need(t testing.TB, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if InCI() {
		t.Fatalf("required component missing under CI: %s", what)
	}
	t.Skipf("skipped: %s", what)
}

// RepoRoot is the module's root folder (where go.mod is).
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// SpecPath returns ../shared/mesh-openapi/swagger.json beside the project, or fails/skips.
func SpecPath(t testing.TB) string {
	t.Helper()
	p := filepath.Join(RepoRoot(), "..", "shared", "mesh-openapi", "swagger.json")
	_, err := os.Stat(p)
	Need(t, err == nil, "Mesh's OpenAPI spec at ../shared/mesh-openapi/swagger.json")
	return p
}

// Chromium returns the path of Debian's Chromium, or fails/skips.
func Chromium(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("chromium")
	if err != nil {
		if _, e := os.Stat("/usr/bin/chromium"); e == nil {
			p, err = "/usr/bin/chromium", nil
		}
	}
	Need(t, err == nil, "chromium (apt-get install chromium)")
	return p
}

// Display returns $DISPLAY (an X server, e.g. Xvfb), or fails/skips.
func Display(t testing.TB) string {
	t.Helper()
	d := os.Getenv("DISPLAY")
	Need(t, d != "", "an X display (run under Xvfb: make test does)")
	return d
}

// SecretService fails/skips unless a Secret Service answers on the session bus.
func SecretService(t testing.TB) {
	t.Helper()
	ok := os.Getenv("DBUS_SESSION_BUS_ADDRESS") != ""
	if ok {
		_, err := exec.LookPath("secret-tool")
		ok = err == nil
	}
	Need(t, ok, "a Secret Service on the session D-Bus (make test starts gnome-keyring; secret-tool from libsecret-tools)")
}
