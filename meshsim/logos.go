package meshsim

import (
	"fmt"
	"hash/fnv"
	"html"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The emulator serves its own logos, so the catalog's pictures load offline: a small SVG
// letter mark per integration (its brand colour), network and token (a colour derived from
// the name). No auth, as for Mesh's public logo host: an <img> sends no API headers.
//
//	GET /logos/integrations/{id}/{variant}.svg   variant: logo|icon - light|dark|white|black|color
//	GET /logos/networks/{id}.svg
//	GET /logos/tokens/{symbol}.svg

// logoVariants are the variants of an integration's logo in the catalog (integrationLogo).
var logoVariants = []string{"logo-light", "logo-dark", "logo-white", "logo-black", "logo-color",
	"icon-light", "icon-dark", "icon-white", "icon-black", "icon-color"}

func (s *Sim) logoRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /logos/integrations/{id}/{file}", func(w http.ResponseWriter, r *http.Request) {
		in, ok := integrationByID(r.PathValue("id"))
		variant, svg := strings.CutSuffix(r.PathValue("file"), ".svg")
		if !ok || !svg || !slices.Contains(logoVariants, variant) {
			http.NotFound(w, r)
			return
		}
		writeSVG(w, letterMark(initials(in.Name), in.Color, variant))
	})
	s.handle(mux, "GET /logos/networks/{file}", func(w http.ResponseWriter, r *http.Request) {
		id, svg := strings.CutSuffix(r.PathValue("file"), ".svg")
		n, ok := networkByID(id)
		if !ok || !svg {
			http.NotFound(w, r)
			return
		}
		writeSVG(w, letterMark(initials(n.Name), nameColor(n.Name), "icon-color"))
	})
	s.handle(mux, "GET /logos/tokens/{file}", func(w http.ResponseWriter, r *http.Request) {
		sym, svg := strings.CutSuffix(r.PathValue("file"), ".svg")
		if !svg || !slices.Contains(tokenOrder, sym) {
			http.NotFound(w, r)
			return
		}
		writeSVG(w, letterMark(tokenMark(sym), nameColor(sym), "icon-color"))
	})
}

// publicBase is the emulator's base URL as the caller reached it: the one Start or SetBaseURL
// gave, else the request's host.
func (s *Sim) publicBase(r *http.Request) string {
	if b := s.BaseURL(); b != "" {
		return b
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// integrationLogos are the catalog's logo URLs of an integration, served by the emulator.
func integrationLogos(base string, in *Integration) integrationLogo {
	u := make([]string, len(logoVariants))
	for i, v := range logoVariants {
		u[i] = base + "/logos/integrations/" + in.ID + "/" + v + ".svg"
	}
	return integrationLogo{u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], nil}
}

func networkLogo(base string, n *Network) string { return base + "/logos/networks/" + n.ID + ".svg" }

func tokenLogo(base, sym string) string { return base + "/logos/tokens/" + sym + ".svg" }

func writeSVG(w http.ResponseWriter, svg string) {
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("X-Content-Type-Options", "nosniff")
	// An SVG opened on its own is a document: it may run nothing.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Content-Length", strconv.Itoa(len(svg)))
	_, _ = w.Write([]byte(svg))
}

// letterMark draws text in a 64×64 mark: a rounded tile in colour with a contrasting letter
// (light, dark, color variants), or the letters alone in white or black.
func letterMark(text, color, variant string) string {
	tile, ink := color, contrastInk(color)
	switch {
	case strings.HasSuffix(variant, "-white"):
		tile, ink = "none", "#FFFFFF"
	case strings.HasSuffix(variant, "-black"):
		tile, ink = "none", "#000000"
	}
	size := 34
	if n := utf8.RuneCountInString(text); n > 2 {
		size = 20
	} else if n == 2 {
		size = 26
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">`+
		`<rect width="64" height="64" rx="14" fill="%s"/>`+
		`<text x="32" y="32" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="%d" fill="%s">%s</text></svg>`,
		tile, size, ink, html.EscapeString(text))
}

// initials are the first letters of a name's first two words ("Sandbox Exchange" → "SE").
func initials(name string) string {
	var rs []rune
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if rs = append(rs, unicode.ToUpper(r)); len(rs) == 2 {
			break
		}
	}
	if len(rs) == 0 {
		return "?"
	}
	return string(rs)
}

// tokenMark is a token symbol shortened to three letters.
func tokenMark(sym string) string {
	if len(sym) > 3 {
		return sym[:3]
	}
	return sym
}

// nameColor is a stable colour for a name: a hue from its hash at a fixed saturation and
// lightness, so neighbours in a list differ.
func nameColor(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	hue := float64(h.Sum32()%360) / 360
	r, g, b := hslToRGB(hue, 0.62, 0.45)
	return fmt.Sprintf("#%02X%02X%02X", r, g, b)
}

func hslToRGB(h, s, l float64) (r, g, b uint8) {
	q := l + s - l*s
	if l < 0.5 {
		q = l * (1 + s)
	}
	p := 2*l - q
	conv := func(t float64) uint8 {
		switch {
		case t < 0:
			t++
		case t > 1:
			t--
		}
		var v float64
		switch {
		case t < 1.0/6:
			v = p + (q-p)*6*t
		case t < 0.5:
			v = q
		case t < 2.0/3:
			v = p + (q-p)*(2.0/3-t)*6
		default:
			v = p
		}
		return uint8(v*255 + 0.5)
	}
	return conv(h + 1.0/3), conv(h), conv(h - 1.0/3)
}

// contrastInk is black or white, whichever has the higher WCAG contrast ratio on the
// colour #RRGGBB.
func contrastInk(color string) string {
	v, err := strconv.ParseUint(strings.TrimPrefix(color, "#"), 16, 32)
	if err != nil || len(color) != 7 {
		return "#FFFFFF"
	}
	lin := func(c uint64) float64 {
		x := float64(c&0xFF) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(v>>16) + 0.7152*lin(v>>8) + 0.0722*lin(v)
	if (l+0.05)/0.05 > 1.05/(l+0.05) {
		return "#000000"
	}
	return "#FFFFFF"
}
