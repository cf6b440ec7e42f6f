package screenshots

import (
	"image/color"
	"path/filepath"
	"strings"
	"testing"

	"meshdesk/e2e/internal/e2eutil"
)

// TestCommittedScreenshots checks what the README shows: every screenshot TestScreenshots
// writes is in docs/screenshots, is a real picture of a window (not blank, window-sized), and
// each dark one is clearly darker than its light counterpart.
func TestCommittedScreenshots(t *testing.T) {
	luma := map[string]float64{}
	for _, name := range Names() {
		path := filepath.Join(outDir(), name)
		img, err := e2eutil.ReadPNG(path)
		if err != nil {
			t.Errorf("%s: %v (make screenshots writes it)", name, err)
			continue
		}
		if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 500 {
			t.Errorf("%s is %dx%d, want a whole window", name, b.Dx(), b.Dy())
		}
		if n := e2eutil.ImageColours(img, 32); n < 32 {
			t.Errorf("%s has %d colours: blank?", name, n)
		}
		luma[name], _ = e2eutil.ImageLuma(img)
	}
	for name, l := range luma {
		light, ok := strings.CutSuffix(name, "-dark.png")
		if !ok {
			continue
		}
		if ll, ok := luma[light+".png"]; ok && l > ll-60 {
			t.Errorf("%s (brightness %.0f) is not clearly darker than %s.png (%.0f)", name, l, light, ll)
		}
	}
}

func TestPixelSumIgnoresTheFileAndSeesThePixels(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.png"), filepath.Join(dir, "b.png"), filepath.Join(dir, "c.png")
	pic := func(odd uint8) func(x, y int) color.Color {
		return func(x, y int) color.Color {
			if x == 3 && y == 3 {
				return color.RGBA{odd, 0, 0, 255}
			}
			return color.Gray{200}
		}
	}
	e2eutil.MustWritePNG(t, a, 8, 8, pic(0))
	e2eutil.MustWritePNG(t, b, 8, 8, pic(0))
	e2eutil.MustWritePNG(t, c, 8, 8, pic(1))
	sa, err := pixelSum(a)
	if err != nil {
		t.Fatal(err)
	}
	sb, _ := pixelSum(b)
	sc, _ := pixelSum(c)
	if sa != sb || sa == sc {
		t.Errorf("same pixels must hash alike, different ones differ: %x %x %x", sa[:4], sb[:4], sc[:4])
	}
	if _, err := pixelSum(filepath.Join(dir, "none.png")); err == nil {
		t.Error("no error for a missing file")
	}
}

func TestNamesAreUniqueAndDarkOnesHaveALightTwin(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range Names() {
		if seen[n] || !strings.HasSuffix(n, ".png") {
			t.Errorf("bad or repeated name %q", n)
		}
		seen[n] = true
	}
	for n := range seen {
		if light, ok := strings.CutSuffix(n, "-dark.png"); ok && !seen[light+".png"] {
			t.Errorf("%s has no light twin", n)
		}
	}
}
