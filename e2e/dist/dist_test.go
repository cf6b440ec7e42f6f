// Package dist tests Mesh Desk's Debian package the way a user meets it: built by
// dist/cmd/mkdeb from the binaries `make build build-cli` made, installed with dpkg,
// the installed `meshdesk --version` and `meshdesk sim` run, the installed desktop app
// started under Xvfb (its window title read from X), then purged — and the user's data
// is still there.
//
// Where it installs: into $MESHDESK_DIST_ROOT when set (a fresh Debian root made by
// dist/debootstrap-root.sh, entered with chroot; the window check binds the host's X and
// D-Bus sockets, /proc, /dev and /sys into it for its duration), otherwise on this machine
// (root only; skipped when a meshdesk package is already installed, so a user's is never
// touched). $MESHDESK_DEB tests a given package (e.g. `make dist`'s) instead of building one.
package dist

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"meshdesk/internal/testenv"
)

const appID = "io.meshdesk.MeshDesk"

// installed are files the package must put in place (paths inside the root).
var installed = []string{
	"/usr/bin/meshdesk",
	"/usr/bin/meshdesk-cli",
	"/usr/share/applications/" + appID + ".desktop",
	"/usr/share/metainfo/" + appID + ".metainfo.xml",
	"/usr/share/doc/meshdesk/copyright",
	"/usr/share/doc/meshdesk/changelog.gz",
	"/usr/share/man/man1/meshdesk.1.gz",
	"/usr/share/man/man1/meshdesk-cli.1.gz",
}

var iconSizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

// sys runs commands in the install root: directly, or through chroot.
type sys struct{ root string }

func (s sys) path(p string) string { return filepath.Join(s.root, p) }

func (s sys) cmd(ctx context.Context, name string, args ...string) *exec.Cmd {
	if s.root == "" || s.root == "/" {
		return exec.CommandContext(ctx, name, args...)
	}
	return exec.CommandContext(ctx, "chroot", append([]string{s.root, name}, args...)...)
}

func (s sys) mustRun(t *testing.T, ctx context.Context, name string, args ...string) string {
	t.Helper()
	out, err := s.cmd(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (s sys) packageInstalled(ctx context.Context) bool {
	out, err := s.cmd(ctx, "dpkg-query", "-W", "-f=${Status}", "meshdesk").Output()
	return err == nil && strings.Contains(string(out), "installed") && !strings.Contains(string(out), "not-installed")
}

func needTools(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		_, err := exec.LookPath(n)
		testenv.Need(t, err == nil, n+" on PATH")
	}
}

// mustDeb returns $MESHDESK_DEB, or a package built now by dist/cmd/mkdeb from build/bin.
func mustDeb(t *testing.T, ctx context.Context, version string) string {
	t.Helper()
	if p := os.Getenv("MESHDESK_DEB"); p != "" {
		return p
	}
	root := testenv.RepoRoot()
	bins := map[string]string{"desktop": filepath.Join(root, "build", "bin", "meshdesk"), "cli": filepath.Join(root, "build", "bin", "meshdesk-cli")}
	for _, p := range bins {
		_, err := os.Stat(p)
		testenv.Need(t, err == nil, p+" (make build build-cli)")
	}
	dir := t.TempDir()
	mkdeb := filepath.Join(dir, "mkdeb")
	build := exec.CommandContext(ctx, "go", "build", "-o", mkdeb, "./cmd/mkdeb")
	build.Dir = filepath.Join(root, "dist")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build mkdeb: %v\n%s", err, out)
	}
	run := exec.CommandContext(ctx, mkdeb, "-desktop", bins["desktop"], "-cli", bins["cli"],
		"-icon", filepath.Join(root, "build", "appicon.png"), "-static", filepath.Join(root, "dist", "linux"),
		"-version", version, "-compression", "none", "-out", dir)
	out, err := run.Output()
	if err != nil {
		t.Fatalf("mkdeb: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// binaryVersion is what `meshdesk --version` of the built binary prints (its -ldflags).
func binaryVersion(t *testing.T, ctx context.Context) string {
	t.Helper()
	bin := filepath.Join(testenv.RepoRoot(), "build", "bin", "meshdesk-cli")
	out, err := exec.CommandContext(ctx, bin, "--version").Output()
	testenv.Need(t, err == nil, bin+" (make build-cli)")
	f := strings.Fields(string(out)) // meshdesk VERSION (commit …)
	if len(f) < 2 {
		t.Fatalf("%s --version printed %q", bin, out)
	}
	return f[1]
}

func TestDebInstallRunPurgeKeepsUserData(t *testing.T) {
	if testing.Short() {
		t.Skip("dist: builds and installs the package; runs in the full (non -short) pass")
	}
	needTools(t, "dpkg", "dpkg-deb", "go")
	s := sys{root: os.Getenv("MESHDESK_DIST_ROOT")}
	testenv.Need(t, os.Geteuid() == 0, "root, to install a package with dpkg")
	if s.root != "" {
		_, err := os.Stat(s.path("/var/lib/dpkg/status"))
		testenv.Need(t, err == nil, "a Debian root at $MESHDESK_DIST_ROOT (dist/debootstrap-root.sh)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 170*time.Second)
	defer cancel()
	if s.packageInstalled(ctx) {
		t.Skip("skipped: a meshdesk package is already installed here; the test will not touch it")
	}

	version := binaryVersion(t, ctx)
	deb := mustDeb(t, ctx, version)
	st, err := os.Stat(deb)
	if err != nil {
		t.Fatalf("package: %v", err)
	}
	t.Logf("package %s: %.1f MB", filepath.Base(deb), float64(st.Size())/(1<<20))

	fields := s0(t, ctx, "dpkg-deb", "-f", deb, "Package", "Depends", "Recommends")
	for _, want := range []string{"Package: meshdesk", "libwebkit2gtk-4.1-0", "libgtk-3-0", "gnome-keyring"} {
		if !strings.Contains(fields, want) {
			t.Errorf("control fields lack %q:\n%s", want, fields)
		}
	}

	// Install. Purge on the way out whatever happens, so a failed run leaves nothing behind.
	inRoot := "/tmp/meshdesk-test.deb"
	if err := copyFile(deb, s.path(inRoot)); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(s.path(inRoot))
	t.Cleanup(func() {
		if s.packageInstalled(context.Background()) {
			_ = s.cmd(context.Background(), "dpkg", "--purge", "meshdesk").Run()
		}
	})
	s.mustRun(t, ctx, "dpkg", "-i", inRoot)

	listed := s.mustRun(t, ctx, "dpkg", "-L", "meshdesk")
	for _, p := range installed {
		if !strings.Contains(listed, p+"\n") && !strings.HasSuffix(listed, p) {
			t.Errorf("dpkg -L meshdesk lacks %s", p)
		}
		if _, err := os.Stat(s.path(p)); err != nil {
			t.Errorf("installed file: %v", err)
		}
	}
	for _, n := range iconSizes {
		mustIcon(t, s.path(fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/%s.png", n, n, appID)), n)
	}
	desktop, err := os.ReadFile(s.path("/usr/share/applications/" + appID + ".desktop"))
	if err != nil || !strings.Contains(string(desktop), "\nExec=meshdesk\n") || !strings.Contains(string(desktop), "\nIcon="+appID+"\n") {
		t.Errorf("desktop entry: %v\n%s", err, desktop)
	}
	if _, err := exec.LookPath("desktop-file-validate"); err == nil {
		if out, err := exec.Command("desktop-file-validate", s.path("/usr/share/applications/"+appID+".desktop")).CombinedOutput(); err != nil {
			t.Errorf("desktop-file-validate: %v\n%s", err, out)
		}
	}

	// Each installed binary says what the packaged one said (version, commit, build date).
	for _, bin := range []string{"meshdesk", "meshdesk-cli"} {
		want := ""
		if os.Getenv("MESHDESK_DEB") == "" {
			want = s0(t, ctx, filepath.Join(testenv.RepoRoot(), "build", "bin", bin), "--version")
		}
		out := s.mustRun(t, ctx, "/usr/bin/"+bin, "--version")
		if !strings.HasPrefix(out, "meshdesk ") || !strings.Contains(out, " (commit ") || (want != "" && out != want) {
			t.Errorf("installed %s --version = %q, want %q", bin, out, want)
		}
	}

	// The user's home: seen from inside the root as homeIn, from here as home.
	homeIn := t.TempDir()
	home := s.path(homeIn)
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(home)
	env := userEnv(homeIn)
	t.Run("sim", func(t *testing.T) { runSimBriefly(t, s, env) })

	// The desktop app, on this machine or in the root (with the host's display and session
	// bus mounted in: the root has no X server or D-Bus of its own).
	t.Run("window", func(t *testing.T) {
		if s.root != "" && s.root != "/" {
			testenv.Display(t)
			mustMountHost(t, s)
		}
		openWindow(t, s, env, home)
	})

	// Leave user data behind as the app and the CLI would, then purge the package.
	cfg := filepath.Join(home, ".config", "meshdesk")
	if err := os.MkdirAll(cfg, 0o700); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(cfg, "kept-by-test")
	if err := os.WriteFile(marker, []byte("user data"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.mustRun(t, ctx, "dpkg", "--purge", "meshdesk")
	if s.packageInstalled(ctx) {
		t.Fatal("meshdesk is still installed after dpkg --purge")
	}
	for _, p := range installed {
		if _, err := os.Stat(s.path(p)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there after the purge (%v)", p, err)
		}
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the user's data went with the package: %v", err)
	}
}

// s0 runs a command on this machine (not in the root) and returns its output.
func s0(t *testing.T, ctx context.Context, name string, args ...string) string {
	t.Helper()
	return sys{}.mustRun(t, ctx, name, args...)
}

// userEnv is a user's environment with its own home and no MESHDESK_HOME: the installed
// app uses the default places (~/.config/meshdesk …).
func userEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "HOME", "MESHDESK_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
}

// runSimBriefly starts the installed `meshdesk sim`, waits for its listening line, and stops it with SIGINT.
func runSimBriefly(t *testing.T, s sys, env []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := s.cmd(ctx, "/usr/bin/meshdesk", "sim", "--transfers", "20")
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start meshdesk sim: %v", err)
	}
	sc := bufio.NewScanner(out)
	var line string
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "Mesh emulator listening on http://127.0.0.1:") {
			line = sc.Text()
			break
		}
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
	go func() { _, _ = bufio.NewReader(out).WriteTo(discard{}) }()
	werr := cmd.Wait()
	if line == "" {
		t.Fatalf("meshdesk sim printed no listening line (exit %v)", werr)
	}
	if werr != nil {
		t.Errorf("meshdesk sim after SIGINT: %v, want exit status 0", werr)
	}
	t.Log(line)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// openWindow starts the installed desktop app under the test's X display and waits for its
// window title after the first render; the app must create the user's database.
func openWindow(t *testing.T, s sys, env []string, home string) {
	testenv.Display(t)
	needTools(t, "xdotool", "xprop")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := s.cmd(context.Background(), "/usr/bin/meshdesk")
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var log strings.Builder
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the installed app: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("app output:\n%s", log.String())
		}
	}()
	const want = "Mesh Desk — Demo"
	var title string
	for title != want {
		select {
		case <-ctx.Done():
			t.Fatalf("window title %q, want %q: %v", title, want, ctx.Err())
		case <-exited:
			t.Fatal("the installed app exited before its window showed the Demo profile")
		case <-time.After(250 * time.Millisecond):
		}
		out, err := exec.CommandContext(ctx, "xdotool", "search", "--all", "--pid", fmt.Sprint(cmd.Process.Pid), "--name", "Mesh Desk").Output()
		if err != nil || len(strings.Fields(string(out))) == 0 {
			continue
		}
		p, err := exec.CommandContext(ctx, "xprop", "-id", strings.Fields(string(out))[0], "_NET_WM_NAME").Output()
		if _, v, ok := strings.Cut(string(p), " = "); err == nil && ok {
			title = strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	t.Logf("installed app's window title: %q", title)
	if _, err := os.Stat(filepath.Join(home, ".config", "meshdesk", "meshdesk.db")); err != nil {
		t.Errorf("the installed app made no database in the user's ~/.config/meshdesk: %v", err)
	}
}

// mustMountHost binds into the root what the desktop app needs of the host — /proc, /dev,
// /sys, the X sockets and the D-Bus session socket — and unmounts them when t ends (lazily
// and recursively, so a busy mount cannot stay behind under the root).
func mustMountHost(t *testing.T, s sys) {
	t.Helper()
	var mounted []string
	t.Cleanup(func() {
		for i := len(mounted) - 1; i >= 0; i-- {
			if out, err := exec.Command("umount", "-R", "-l", mounted[i]).CombinedOutput(); err != nil {
				t.Errorf("umount %s: %v\n%s (unmount it before deleting the root)", mounted[i], err, out)
			}
		}
	})
	bind := func(src string, args ...string) {
		dst := s.path(src)
		st, err := os.Stat(src)
		if err != nil {
			t.Fatalf("mount into the root: %v", err)
		}
		if st.IsDir() {
			err = os.MkdirAll(dst, 0o755)
		} else if _, err = os.Stat(dst); errors.Is(err, os.ErrNotExist) {
			err = os.WriteFile(dst, nil, 0o600) // a socket is bound onto a plain file
		}
		if err != nil {
			t.Fatalf("mount point %s: %v", dst, err)
		}
		if out, err := exec.Command("mount", append(args, src, dst)...).CombinedOutput(); err != nil {
			t.Fatalf("mount %s %s: %v\n%s", strings.Join(args, " "), src, err, out)
		}
		mounted = append(mounted, dst)
		if st.IsDir() {
			_ = exec.Command("mount", "--make-rslave", dst).Run() // host mounts and unmounts do not propagate back
		}
	}
	bind("/proc", "--rbind")
	bind("/dev", "--rbind")
	bind("/sys", "--rbind")
	if _, err := os.Stat("/tmp/.X11-unix"); err == nil {
		bind("/tmp/.X11-unix", "--bind")
	}
	// unix:path=/tmp/dbus-XXXX,guid=…; an abstract socket needs nothing (same network namespace).
	for _, part := range strings.Split(os.Getenv("DBUS_SESSION_BUS_ADDRESS"), ",") {
		if p, ok := strings.CutPrefix(strings.SplitN(part, ";", 2)[0], "unix:path="); ok {
			bind(p, "--bind")
		}
	}
}

func mustIcon(t *testing.T, path string, size int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Errorf("icon %dx%d: %v", size, size, err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != size || cfg.Height != size {
		t.Errorf("icon %s: %dx%d (%v), want %dx%d", path, cfg.Width, cfg.Height, err, size, size)
	}
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return nil
}
