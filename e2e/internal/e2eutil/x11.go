package e2eutil

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Run runs a command with env (nil: this process's environment) and returns its combined
// output, trimmed.
func Run(ctx context.Context, env []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// MustXdo runs xdotool with args and fails the test on error.
func MustXdo(t testing.TB, ctx context.Context, args ...string) string {
	t.Helper()
	out, err := Run(ctx, nil, "xdotool", args...)
	if err != nil {
		t.Fatalf("xdotool %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return out
}

// WaitWindow polls `xdotool search --all --onlyvisible ARGS` (e.g. "--pid", pid, "--name",
// regexp) until a window matches and returns the first id; it fails when exited is closed
// (nil: never) or ctx ends.
func WaitWindow(ctx context.Context, exited <-chan struct{}, args ...string) (string, error) {
	for {
		out, err := Run(ctx, nil, "xdotool", append([]string{"search", "--all", "--onlyvisible"}, args...)...)
		if err == nil && out != "" {
			return strings.Fields(out)[0], nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("no window %q: %w", args, ctx.Err())
		case <-exited:
			return "", errors.New("the app exited before it showed the window")
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// WindowName is the window's name as xdotool reads it ("" when it cannot).
func WindowName(ctx context.Context, win string) string {
	out, _ := Run(ctx, nil, "xdotool", "getwindowname", win)
	return out
}

// WaitTitle waits until the window's name is want, or fails the test when ctx ends.
func WaitTitle(t testing.TB, ctx context.Context, win, want string) {
	t.Helper()
	for {
		got := WindowName(ctx, win)
		if got == want {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("window %s is titled %q, want %q", win, got, want)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// WindowTitle reads _NET_WM_NAME (UTF-8, as GTK sets it) with xprop.
func WindowTitle(ctx context.Context, win string) (string, error) {
	out, err := Run(ctx, nil, "xprop", "-id", win, "_NET_WM_NAME")
	if err != nil {
		return "", fmt.Errorf("xprop: %v: %s", err, out)
	}
	_, v, ok := strings.Cut(out, " = ")
	if !ok {
		return "", fmt.Errorf("xprop: no title in %q", out)
	}
	return strings.Trim(v, `"`), nil
}

// Screenshot saves the X window win as a PNG at path (ImageMagick's import, which reads the
// window's pixels from the X server: the real window, not a browser), retrying while the
// window shows fewer than minColours colours (a window just shown may not have painted yet).
func Screenshot(ctx context.Context, win, path string, minColours int) error {
	var last error
	for {
		out, err := Run(ctx, nil, "import", "-window", win, path)
		if err == nil {
			n, cerr := Colours(path, minColours)
			if cerr == nil && n >= minColours {
				return nil
			}
			last = fmt.Errorf("the window looks blank (%d colours, %v)", n, cerr)
		} else {
			last = fmt.Errorf("import: %v: %s", err, out)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("screenshot %s: %w", path, last)
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// Colours counts the distinct colours of the PNG at path, sampling every other pixel, up to
// limit (a blank page has one).
func Colours(path string, limit int) (int, error) {
	img, err := ReadPNG(path)
	if err != nil {
		return 0, err
	}
	return ImageColours(img, limit), nil
}

// ImageColours counts the distinct colours of img, sampling every other pixel, up to limit.
func ImageColours(img image.Image, limit int) int {
	seen := map[color.RGBA64]bool{}
	eachSample(img, 2, func(r, g, b, a uint32) bool {
		seen[color.RGBA64{uint16(r), uint16(g), uint16(b), uint16(a)}] = true
		return len(seen) < limit
	})
	return len(seen)
}

// eachSample calls f with the 16-bit RGBA of every step-th pixel of every step-th row until
// f returns false; *image.RGBA (what ImageMagick's PNGs decode to) is read directly.
func eachSample(img image.Image, step int, f func(r, g, b, a uint32) bool) {
	b := img.Bounds()
	if rgba, ok := img.(*image.RGBA); ok {
		for y := b.Min.Y; y < b.Max.Y; y += step {
			row := rgba.Pix[(y-b.Min.Y)*rgba.Stride:]
			for x := 0; x < b.Dx(); x += step {
				p := row[4*x : 4*x+4]
				if !f(uint32(p[0])*0x101, uint32(p[1])*0x101, uint32(p[2])*0x101, uint32(p[3])*0x101) {
					return
				}
			}
		}
		return
	}
	for y := b.Min.Y; y < b.Max.Y; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			if !f(img.At(x, y).RGBA()) {
				return
			}
		}
	}
}

// ReadPNG decodes the PNG at path.
func ReadPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	return img, nil
}

// MeanLuma is the average brightness (0 black … 255 white) of the image at path, sampled:
// a light theme's window is bright, a dark one's dark.
func MeanLuma(path string) (float64, error) {
	img, err := ReadPNG(path)
	if err != nil {
		return 0, err
	}
	l, ok := ImageLuma(img)
	if !ok {
		return 0, fmt.Errorf("%s is empty", path)
	}
	return l, nil
}

// ImageLuma is img's average brightness (0 … 255) over every third pixel; false when empty.
func ImageLuma(img image.Image) (float64, bool) {
	var sum, n float64
	eachSample(img, 3, func(r, g, b, _ uint32) bool {
		sum += 0.2126*float64(r>>8) + 0.7152*float64(g>>8) + 0.0722*float64(b>>8)
		n++
		return true
	})
	if n == 0 {
		return 0, false
	}
	return sum / n, true
}

// MustWindowID parses an xdotool window id.
func MustWindowID(t testing.TB, win string) uint32 {
	t.Helper()
	var id uint32
	if _, err := fmt.Sscan(win, &id); err != nil {
		t.Fatalf("window id %q: %v", win, err)
	}
	return id
}
