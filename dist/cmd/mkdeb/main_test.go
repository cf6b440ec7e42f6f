package main

import (
	"image"
	"image/color"
	"testing"
)

func TestDebVersion(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{in: "v1.2.3", want: "1.2.3"},
		{in: "1.2.3", want: "1.2.3"},
		{in: "v1.2.3-4-gabc1234", want: "1.2.3+git4.gabc1234"},
		{in: "v1.2.3-4-gabc1234-dirty", want: "1.2.3+git4.gabc1234.dirty"},
		{in: "v1.2.3-dirty", want: "1.2.3+dirty"},
		{in: "0.0.0-dev+abc1234", want: "0.0.0~dev+abc1234"},
		{in: "v2.0.0-rc.1", want: "2.0.0~rc.1"},
		{in: "", bad: true},
		{in: "dev", bad: true},
		{in: "v1.2.3-", bad: true},
		{in: "1.2.3_x", bad: true},
		{in: "1.2 3", bad: true},
	} {
		got, err := DebVersion(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("DebVersion(%q) = %q, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("DebVersion(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestScaleAveragesAndKeepsTransparency(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	for y := 0; y < 4; y++ {
		for x := 0; x < 4; x++ {
			switch {
			case x < 2 && y < 2: // top-left quarter: opaque red
				src.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 255})
			case x >= 2 && y < 2: // top-right: half opaque red, half transparent
				if x == 2 {
					src.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 255})
				}
			}
		}
	}
	got := Scale(src, 2)
	for _, tc := range []struct {
		x, y int
		want color.NRGBA
	}{
		{0, 0, color.NRGBA{255, 0, 0, 255}},
		{1, 0, color.NRGBA{255, 0, 0, 127}}, // red stays red (no darkening), half alpha
		{0, 1, color.NRGBA{0, 0, 0, 0}},
	} {
		if c := got.NRGBAAt(tc.x, tc.y); c != tc.want {
			t.Errorf("pixel (%d,%d) = %v, want %v", tc.x, tc.y, c, tc.want)
		}
	}
}
