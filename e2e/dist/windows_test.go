package dist

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meshdesk/internal/testenv"
)

// TestWindowsInstaller checks the installer `make dist-windows` made (or $MESHDESK_WIN_SETUP)
// with dist/cmd/checkinstaller: a PE for the Windows GUI carrying complete NSIS data. It does
// not build one: `wails build -platform windows` drops a Windows resource (.syso) into the
// repository root for the length of the build, which would break the Linux builds that other
// packages' tests run at the same time; `make dist-windows` checks its own output the same way.
func TestWindowsInstaller(t *testing.T) {
	root := testenv.RepoRoot()
	setups := []string{os.Getenv("MESHDESK_WIN_SETUP")}
	if setups[0] == "" {
		setups, _ = filepath.Glob(filepath.Join(root, "build", "dist", "meshdesk-*-windows-amd64-setup.exe"))
	}
	if len(setups) == 0 {
		t.Skip("skipped: no Windows installer (make dist-windows, or MESHDESK_WIN_SETUP=file.exe)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"run", "./cmd/checkinstaller"}, setups...)...)
	cmd.Dir = filepath.Join(root, "dist")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("checkinstaller: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "NSIS installer data") {
		t.Errorf("checkinstaller printed %q", out)
	}
	t.Log(strings.TrimSpace(string(out)))
	// A file that is no installer is refused (the check can fail).
	bad := filepath.Join(t.TempDir(), "not-setup.exe")
	if err := os.WriteFile(bad, []byte("MZ but nothing else"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd = exec.CommandContext(ctx, "go", "run", "./cmd/checkinstaller", bad)
	cmd.Dir = filepath.Join(root, "dist")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("checkinstaller accepted %s: %s", bad, out)
	}
}
