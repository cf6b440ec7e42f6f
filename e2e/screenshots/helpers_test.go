package screenshots

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"
)

// mustPNG writes a small PNG at path whose one odd pixel is set by variant.
func mustPNG(t *testing.T, path string, variant uint8) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(3, 3, color.RGBA{variant, 0, 0, 255})
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
