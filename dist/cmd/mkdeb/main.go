// Command mkdeb builds Mesh Desk's Debian package with nfpm (as a library): the desktop
// binary, the headless binary, the desktop entry, icons in the usual hicolor sizes made
// from build/appicon.png, AppStream metadata, man pages, the copyright and a changelog.
//
//	cd dist && go run ./cmd/mkdeb -desktop ../build/bin/meshdesk -cli ../build/bin/meshdesk-cli \
//	    -icon ../build/appicon.png -version v1.2.3 -out ../build/dist
//
// It prints the package's path. `make dist` runs it.
package main

import (
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the "deb" packager
	"github.com/goreleaser/nfpm/v2/files"
)

// AppID is the reverse-DNS id of the desktop entry, icon and AppStream component.
const AppID = "io.meshdesk.MeshDesk"

// IconSizes are the hicolor sizes the package installs.
var IconSizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

// Depends are the runtime libraries of the desktop binary (Wails v2 with webkit2_41).
var Depends = []string{"libc6", "libgtk-3-0", "libwebkit2gtk-4.1-0"}

// Recommends: a Secret Service provider for the keychain (go-keyring speaks D-Bus itself,
// so no libsecret library is needed) and the D-Bus session bus it talks over.
var Recommends = []string{"gnome-keyring | kwalletmanager | keepassxc", "default-dbus-session-bus | dbus-session-bus"}

type options struct {
	desktop, cli, icon, static, version, out, arch, maintainer, compression string
	date                                                                    time.Time
}

func main() {
	var o options
	flag.StringVar(&o.desktop, "desktop", "../build/bin/meshdesk", "desktop binary (make build)")
	flag.StringVar(&o.cli, "cli", "../build/bin/meshdesk-cli", "headless binary (make build-cli)")
	flag.StringVar(&o.icon, "icon", "../build/appicon.png", "square PNG icon (1024x1024)")
	flag.StringVar(&o.static, "static", "linux", "folder of the desktop entry, metainfo and copyright")
	flag.StringVar(&o.version, "version", "0.0.0-dev", "version (git describe form: v1.2.3[-N-gHASH][-dirty])")
	flag.StringVar(&o.out, "out", "../build/dist", "output folder")
	flag.StringVar(&o.arch, "arch", "amd64", "Debian architecture")
	flag.StringVar(&o.maintainer, "maintainer", "Mesh Desk maintainers <maintainers@users.noreply.example>", "Maintainer field")
	flag.StringVar(&o.compression, "compression", "xz", "data.tar compression: xz (smallest), zstd, gzip or none")
	flag.Parse()
	o.date = time.Now().UTC()
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		var sec int64
		if _, err := fmt.Sscan(s, &sec); err == nil {
			o.date = time.Unix(sec, 0).UTC()
		}
	}
	path, err := build(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkdeb:", err)
		os.Exit(1)
	}
	fmt.Println(path)
}

// DebVersion turns a git-describe version into a Debian one: v1.2.3 → 1.2.3,
// v1.2.3-4-gabc → 1.2.3+git4.gabc, 0.0.0-dev+abc → 0.0.0~dev+abc, and -dirty → +dirty
// (a pre-release sorts before its release, a later commit after it).
func DebVersion(v string) (string, error) {
	v = strings.TrimPrefix(v, "v")
	dirty := strings.HasSuffix(v, "-dirty")
	v = strings.TrimSuffix(v, "-dirty")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return "", fmt.Errorf("version %q does not start with a digit", v)
	}
	base, rest, found := strings.Cut(v, "-")
	if found {
		if rest == "" {
			return "", fmt.Errorf("version %q ends with '-'", v)
		}
		if rest[0] >= '0' && rest[0] <= '9' {
			base += "+git" + strings.ReplaceAll(rest, "-", ".")
		} else {
			base += "~" + strings.ReplaceAll(rest, "-", ".")
		}
	}
	if dirty {
		if strings.Contains(base, "+") {
			base += ".dirty"
		} else {
			base += "+dirty"
		}
	}
	for _, r := range base {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune(".+~", r)) {
			return "", fmt.Errorf("version %q: %q is not allowed in a Debian version", v, r)
		}
	}
	return base, nil
}

func build(o options) (string, error) {
	ver, err := DebVersion(o.version)
	if err != nil {
		return "", err
	}
	for _, p := range []string{o.desktop, o.cli, o.icon} {
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return "", fmt.Errorf("input %s: missing (make build build-cli)", p)
		}
	}
	stage, err := os.MkdirTemp("", "mkdeb-")
	if err != nil {
		return "", fmt.Errorf("staging folder: %w", err)
	}
	defer os.RemoveAll(stage)

	contents := files.Contents{
		file(o.desktop, "/usr/bin/meshdesk", 0o755),
		file(o.cli, "/usr/bin/meshdesk-cli", 0o755),
		file(filepath.Join(o.static, AppID+".desktop"), "/usr/share/applications/"+AppID+".desktop", 0o644),
		file(filepath.Join(o.static, AppID+".metainfo.xml"), "/usr/share/metainfo/"+AppID+".metainfo.xml", 0o644),
		file(filepath.Join(o.static, "copyright"), "/usr/share/doc/meshdesk/copyright", 0o644),
	}
	icons, err := writeIcons(o.icon, stage)
	if err != nil {
		return "", err
	}
	for size, p := range icons {
		contents = append(contents, file(p, fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/%s.png", size, size, AppID), 0o644))
	}
	gen := map[string]string{
		"changelog.gz":      changelog(ver, o.maintainer, o.date),
		"meshdesk.1.gz":     manPage("meshdesk", "Mesh Desk, the desktop app", ver, o.date, false),
		"meshdesk-cli.1.gz": manPage("meshdesk-cli", "Mesh Desk without a window", ver, o.date, true),
	}
	dests := map[string]string{
		"changelog.gz":      "/usr/share/doc/meshdesk/changelog.gz",
		"meshdesk.1.gz":     "/usr/share/man/man1/meshdesk.1.gz",
		"meshdesk-cli.1.gz": "/usr/share/man/man1/meshdesk-cli.1.gz",
	}
	for name, text := range gen {
		p := filepath.Join(stage, name)
		if err := writeGzip(p, text, o.date); err != nil {
			return "", err
		}
		contents = append(contents, file(p, dests[name], 0o644))
	}

	info := nfpm.WithDefaults(&nfpm.Info{
		Name:          "meshdesk",
		Arch:          o.arch,
		Platform:      "linux",
		Version:       ver,
		VersionSchema: "none",
		Section:       "misc",
		Priority:      "optional",
		Maintainer:    o.maintainer,
		Description: "desktop app for moving crypto through Mesh Connect\n" +
			"Mesh Desk connects exchange and wallet accounts through Mesh Link, keeps\n" +
			"connection secrets in the system keychain (Secret Service) and transfer\n" +
			"history in a local SQLite database. meshdesk-cli is the same program\n" +
			"without a window.",
		Vendor:   "Mesh Desk",
		Homepage: "https://meshdesk.example/",
		License:  "proprietary",
		MTime:    o.date,
		Overridables: nfpm.Overridables{
			Depends:    Depends,
			Recommends: Recommends,
			Contents:   contents,
			Deb:        nfpm.Deb{Compression: o.compression},
		},
	})
	if err := nfpm.Validate(info); err != nil {
		return "", fmt.Errorf("package description: %w", err)
	}
	pkg, err := nfpm.Get("deb")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return "", fmt.Errorf("output folder: %w", err)
	}
	target := filepath.Join(o.out, pkg.ConventionalFileName(info))
	f, err := os.Create(target)
	if err != nil {
		return "", fmt.Errorf("create package: %w", err)
	}
	if err := pkg.Package(info, f); err != nil {
		f.Close()
		os.Remove(target)
		return "", fmt.Errorf("build package: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write package: %w", err)
	}
	return target, nil
}

func file(src, dst string, mode os.FileMode) *files.Content {
	return &files.Content{Source: src, Destination: dst, FileInfo: &files.ContentFileInfo{Mode: mode, Owner: "root", Group: "root"}}
}

// writeIcons scales the source icon to every size in IconSizes, as PNGs in dir.
func writeIcons(src, dir string) (map[int]string, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, fmt.Errorf("icon: %w", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("icon %s: %w", src, err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() || b.Dx() < IconSizes[len(IconSizes)-1] {
		return nil, fmt.Errorf("icon %s is %dx%d: want a square of at least %d pixels", src, b.Dx(), b.Dy(), IconSizes[len(IconSizes)-1])
	}
	out := map[int]string{}
	for _, n := range IconSizes {
		p := filepath.Join(dir, fmt.Sprintf("icon-%d.png", n))
		w, err := os.Create(p)
		if err != nil {
			return nil, fmt.Errorf("icon: %w", err)
		}
		err = png.Encode(w, Scale(img, n))
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("icon %dx%d: %w", n, n, err)
		}
		out[n] = p
	}
	return out, nil
}

// Scale shrinks img to n×n by averaging each target pixel's source area (a box filter,
// in premultiplied alpha so transparent edges do not darken).
func Scale(img image.Image, n int) *image.NRGBA {
	b := img.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, n, n))
	for y := 0; y < n; y++ {
		y0, y1 := b.Min.Y+y*b.Dy()/n, b.Min.Y+(y+1)*b.Dy()/n
		for x := 0; x < n; x++ {
			x0, x1 := b.Min.X+x*b.Dx()/n, b.Min.X+(x+1)*b.Dx()/n
			var r, g, bl, a, cnt uint64
			for sy := y0; sy < max(y1, y0+1); sy++ {
				for sx := x0; sx < max(x1, x0+1); sx++ {
					cr, cg, cb, ca := img.At(sx, sy).RGBA()
					r, g, bl, a = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca)
					cnt++
				}
			}
			i := dst.PixOffset(x, y)
			if a == 0 {
				continue
			}
			// Un-premultiply: colour/alpha, scaled to 8 bits.
			dst.Pix[i+0] = uint8(r * 255 / a)
			dst.Pix[i+1] = uint8(g * 255 / a)
			dst.Pix[i+2] = uint8(bl * 255 / a)
			dst.Pix[i+3] = uint8(a / cnt >> 8)
		}
	}
	return dst
}

func writeGzip(path, text string, mtime time.Time) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	zw.ModTime = mtime // reproducible; gzip -n leaves it zero, both are fine for lintian
	_, err = zw.Write([]byte(text))
	err = errors.Join(err, zw.Close(), f.Close())
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func changelog(ver, maintainer string, date time.Time) string {
	return fmt.Sprintf("meshdesk (%s) unstable; urgency=medium\n\n  * Build of Mesh Desk %s.\n\n -- %s  %s\n",
		ver, ver, maintainer, date.Format("Mon, 02 Jan 2006 15:04:05 -0700"))
}

func manPage(name, summary, ver string, date time.Time, headless bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH %s 1 %q %q \"User Commands\"\n", strings.ToUpper(name), date.Format("2006-01-02"), "meshdesk "+ver)
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", name, summary)
	fmt.Fprintf(&b, ".SH SYNOPSIS\n.B %s\n[\\fICOMMAND\\fR [\\fIFLAGS\\fR]]\n.br\n.B %s \\-\\-version\n", name, name)
	b.WriteString(".SH DESCRIPTION\n")
	if headless {
		b.WriteString("The headless build of Mesh Desk: every command of \\fBmeshdesk\\fR, without a window.\n")
	} else {
		b.WriteString("Without a command, opens the Mesh Desk window. With a command, runs it without a window.\n")
	}
	fmt.Fprintf(&b, "Run \\fB%s help\\fR for the commands.\n", name)
	b.WriteString(".SH FILES\n.TP\n.I ~/.config/meshdesk/\nthe database (meshdesk.db) and settings\n" +
		".TP\n.I ~/.local/state/meshdesk/\nlogs\n.TP\n.I ~/.cache/meshdesk/\ndisposable data\n" +
		".PP\nSecrets are kept in the system keychain (Secret Service), not in these files.\n" +
		"Removing the package leaves all of them.\n")
	b.WriteString(".SH ENVIRONMENT\n.TP\n.B MESHDESK_HOME\nputs every file above under one folder\n")
	return b.String()
}
