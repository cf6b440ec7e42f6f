package payuri_test

import (
	"image"
	"image/color"
	"strings"
	"testing"
)

// terminalImage turns half-block text back into pixels: each character is one module wide and
// two modules high, every module 6×6 pixels; a light half is white, a space half black. A
// white border stands in for the terminal's surroundings.
func terminalImage(t *testing.T, text string) image.Image {
	t.Helper()
	const px, border = 6, 24
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	w := len([]rune(lines[0]))
	img := image.NewGray(image.Rect(0, 0, w*px+2*border, len(lines)*2*px+2*border))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	paint := func(x, y int, light bool) {
		c := color.Gray{Y: 0}
		if light {
			c.Y = 255
		}
		for dy := range px {
			for dx := range px {
				img.SetGray(border+x*px+dx, border+y*px+dy, c)
			}
		}
	}
	for row, line := range lines {
		for x, r := range []rune(line) {
			var top, bottom bool
			switch r {
			case '█':
				top, bottom = true, true
			case '▀':
				top = true
			case '▄':
				bottom = true
			case ' ':
			default:
				t.Fatalf("unexpected character %q in the terminal QR", r)
			}
			paint(x, 2*row, top)
			paint(x, 2*row+1, bottom)
		}
	}
	return img
}
