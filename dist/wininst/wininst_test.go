package wininst

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// need skips the test when a tool is missing, and fails it under CI=true (where the
// tools are installed by `make test-deps`), as meshdesk/internal/testenv does.
func need(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (apt-get install nsis)", tool)
	}
	t.Skipf("skipped: %s not installed (apt-get install nsis)", tool)
	return ""
}

// mustInstaller makes a tiny real NSIS installer with makensis.
func mustInstaller(t *testing.T, dir string) string {
	t.Helper()
	makensis := need(t, "makensis")
	if err := os.WriteFile(filepath.Join(dir, "payload.txt"), bytes.Repeat([]byte("mesh desk "), 5000), 0o644); err != nil {
		t.Fatal(err)
	}
	nsi := `Unicode true
OutFile "tiny-setup.exe"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\tiny"
Section
  SetOutPath "$INSTDIR"
  File "payload.txt"
SectionEnd
`
	if err := os.WriteFile(filepath.Join(dir, "tiny.nsi"), []byte(nsi), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(makensis, "-V2", "tiny.nsi")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("makensis: %v\n%s", err, out)
	}
	return filepath.Join(dir, "tiny-setup.exe")
}

// mustWindowsExe cross-builds a tiny Windows GUI program (a PE32+ without NSIS data).
func mustWindowsExe(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "hello")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"go.mod": "module hello\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "hello.exe")
	cmd := exec.Command("go", "build", "-ldflags=-H windowsgui -s -w", "-o", out, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build for Windows: %v\n%s", err, b)
	}
	return out
}

func mustWrite(t *testing.T, path string, b []byte) string {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestInspect(t *testing.T) {
	dir := t.TempDir()
	inst := mustInstaller(t, dir)
	good, err := os.ReadFile(inst)
	if err != nil {
		t.Fatal(err)
	}
	sig := bytes.Index(good, nsisSig)
	if sig < 4 {
		t.Fatalf("makensis's output has no NSIS signature")
	}
	noSig := bytes.Clone(good)
	copy(noSig[sig:], "XXXXXXXXXXXXXXXX")

	for _, c := range []struct {
		name    string
		path    string
		wantErr string // "" for a good installer
		notNSIS bool
		machine string
	}{
		{name: "makensis installer", path: inst, machine: "i386"},
		{name: "Windows program, no installer", path: mustWindowsExe(t, dir), notNSIS: true, machine: "amd64"},
		{name: "truncated installer", path: mustWrite(t, filepath.Join(dir, "cut.exe"), good[:len(good)-4096]), wantErr: "truncated"},
		{name: "signature damaged", path: mustWrite(t, filepath.Join(dir, "nosig.exe"), noSig), notNSIS: true, machine: "i386"},
		{name: "Linux program", path: mustWrite(t, filepath.Join(dir, "elf"), []byte("\x7fELF\x02\x01\x01\x00rest")), wantErr: "not a PE"},
		{name: "empty", path: mustWrite(t, filepath.Join(dir, "empty.exe"), nil), wantErr: "not a PE"},
		{name: "stub only", path: mustWrite(t, filepath.Join(dir, "mz.exe"), good[:64]), wantErr: "not a PE"},
		{name: "missing", path: filepath.Join(dir, "nothing.exe"), wantErr: "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			info, err := Inspect(c.path)
			switch {
			case c.notNSIS:
				if !errors.Is(err, ErrNotNSIS) || info.NSIS {
					t.Fatalf("Inspect = %+v, %v; want ErrNotNSIS", info, err)
				}
			case c.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("Inspect = %+v, %v; want an error with %q", info, err, c.wantErr)
				}
				return
			default:
				if err != nil || !info.NSIS || info.NSISAt%512 != 0 || info.NSISAt+info.NSISBytes > info.Size || info.NSISAt < info.Overlay {
					t.Fatalf("Inspect = %+v, %v; want an NSIS installer", info, err)
				}
			}
			if info.Machine != c.machine || !info.GUI {
				t.Errorf("machine %s GUI %v, want %s GUI", info.Machine, info.GUI, c.machine)
			}
		})
	}
}
