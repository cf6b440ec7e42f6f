package payuri

import (
	"encoding/base64"
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// pixelsPerModule is the PNG's scale: 8 pixels a module keeps edges sharp for cameras and
// decoders at any display size.
const pixelsPerModule = 8

// QRPNG draws text as a QR code (medium error correction, with the quiet zone) as a PNG.
func QRPNG(text string) ([]byte, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	b, err := q.PNG(-pixelsPerModule)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	return b, nil
}

// QRDataURL is QRPNG as a data URL an <img> shows.
func QRDataURL(text string) (string, error) {
	b, err := QRPNG(text)
	if err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b), nil
}

// QRTerminal draws text as a QR code for a terminal: two modules per character with the
// half-block characters, dark modules drawn as spaces on a light block, so it scans on both
// dark and light terminal themes (the light blocks make the light parts and quiet zone).
func QRTerminal(text string) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	bm := q.Bitmap()
	var b strings.Builder
	for y := 0; y < len(bm); y += 2 {
		for x := range bm[y] {
			top := !bm[y][x] // light
			bottom := y+1 < len(bm) && !bm[y+1][x]
			if y+1 >= len(bm) {
				bottom = false
			}
			switch {
			case top && bottom:
				b.WriteRune('█')
			case top:
				b.WriteRune('▀')
			case bottom:
				b.WriteRune('▄')
			default:
				b.WriteRune(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}
