package meshsim

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// logoURLsIn collects every string in v that starts with prefix.
func logoURLsIn(v any, prefix string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			logoURLsIn(e, prefix, out)
		}
	case []any:
		for _, e := range x {
			logoURLsIn(e, prefix, out)
		}
	case string:
		if strings.HasPrefix(x, prefix) {
			out[x] = true
		}
	}
}

// svgDoc is the part of a letter mark the tests read.
type svgDoc struct {
	XMLName xml.Name `xml:"svg"`
	Width   string   `xml:"width,attr"`
	Rect    struct {
		Fill string `xml:"fill,attr"`
	} `xml:"rect"`
	Text struct {
		Fill string `xml:"fill,attr"`
		Body string `xml:",chardata"`
	} `xml:"text"`
}

// mustSVG fetches url without API headers (as an <img> does) and parses the SVG.
func mustSVG(t *testing.T, url string) svgDoc {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", url, err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("GET %s: %d %s: %s", url, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("GET %s: CSP %q lets the SVG load things", url, resp.Header.Get("Content-Security-Policy"))
	}
	var doc svgDoc
	if err := xml.Unmarshal(body, &doc); err != nil || doc.Width != "64" || doc.Text.Body == "" {
		t.Fatalf("GET %s: not a letter mark (%v): %s", url, err, body)
	}
	return doc
}

func TestCatalogLogosResolveToSVG(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	prefix := e.srv.URL + "/logos/"
	for _, c := range []struct {
		path string
		min  int // distinct logo URLs at least
	}{
		{"/api/v1/integrations", len(integrations) * len(logoVariants)},
		{"/api/v1/transfers/managed/networks", len(networks) + len(tokenOrder)},
		{"/api/v1/transfers/managed/integrations", len(networks)},
		{"/api/v1/transfers/managed/tokens", len(networks) + len(tokenOrder)},
	} {
		t.Run(c.path, func(t *testing.T) {
			r := e.do("GET", c.path, nil).mustOK(t)
			if strings.Contains(string(r.body), ".invalid/") {
				t.Errorf("%s still names the unreachable logo host", c.path)
			}
			urls := map[string]bool{}
			logoURLsIn(r.env, prefix, urls)
			if len(urls) < c.min {
				t.Errorf("%s: %d distinct logo URLs on the emulator, want at least %d", c.path, len(urls), c.min)
			}
			for u := range urls {
				mustSVG(t, u)
			}
		})
	}
}

func TestIntegrationLogoColoursAndVariants(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	seen := map[string]string{}
	for _, in := range integrations {
		l := integrationLogos(e.srv.URL, in)
		color := mustSVG(t, l.IconColorURL)
		if color.Rect.Fill != in.Color || color.Text.Body != initials(in.Name) {
			t.Errorf("%s: tile %s text %q, want %s %q", in.Name, color.Rect.Fill, color.Text.Body, in.Color, initials(in.Name))
		}
		if other, dup := seen[color.Rect.Fill]; dup {
			t.Errorf("%s and %s share the colour %s", in.Name, other, color.Rect.Fill)
		}
		seen[color.Rect.Fill] = in.Name
		for _, c := range []struct{ url, tile, ink string }{
			{l.LogoWhiteURL, "none", "#FFFFFF"},
			{l.IconBlackURL, "none", "#000000"},
			{l.LogoLightURL, in.Color, contrastInk(in.Color)},
		} {
			if d := mustSVG(t, c.url); d.Rect.Fill != c.tile || d.Text.Fill != c.ink {
				t.Errorf("%s: tile %s ink %s, want %s %s", c.url, d.Rect.Fill, d.Text.Fill, c.tile, c.ink)
			}
		}
	}
}

func TestLogoNotFound(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	for _, p := range []string{
		"/logos/integrations/00000000-0000-4000-8000-000000000000/icon-color.svg", // unknown integration
		"/logos/integrations/" + IntCoinbase + "/icon-purple.svg",                 // unknown variant
		"/logos/integrations/" + IntCoinbase + "/icon-color.png",                  // not .svg
		"/logos/networks/00000000-0000-4000-8000-000000000000.svg",
		"/logos/networks/" + NetEthereum, // no .svg
		"/logos/tokens/DOGE.svg",
		"/logos/tokens/%3Cscript%3E.svg",
		"/logos/tokens/eth.svg", // symbols are exact
		"/logos/",
	} {
		resp, err := http.Get(e.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); ct == "image/svg+xml" {
			t.Errorf("GET %s served an SVG", p)
		}
	}
}

func TestLogoURLsFollowTheRequestHost(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := s.Clients()[0]
	// No Start or SetBaseURL: the URLs name the host the caller used.
	req := httptest.NewRequest("GET", "http://desk.test:8123/api/v1/integrations", nil)
	req.Header.Set("X-Client-Id", c.ID)
	req.Header.Set("X-Client-Secret", c.Secret)
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	var env struct {
		Content struct {
			Items []struct {
				Logo integrationLogo `json:"logo"`
			} `json:"items"`
		} `json:"content"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil || len(env.Content.Items) == 0 {
		t.Fatalf("integrations: %v: %s", err, w.Body)
	}
	if u := env.Content.Items[0].Logo.LogoLightURL; !strings.HasPrefix(u, "http://desk.test:8123/logos/integrations/") {
		t.Errorf("logo URL %q does not follow the request's host", u)
	}
}

func TestLetterMarkHelpers(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Coinbase", "C"}, {"Sandbox Exchange", "SE"}, {"okx", "O"}, {"  ", "?"}, {"ünicode name here", "ÜN"},
	} {
		if got := initials(c.in); got != c.want {
			t.Errorf("initials(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ color, want string }{
		{"#000000", "#FFFFFF"}, {"#FFFFFF", "#000000"}, {"#00DCFA", "#000000"}, {"#0052FF", "#FFFFFF"}, {"bad", "#FFFFFF"},
	} {
		if got := contrastInk(c.color); got != c.want {
			t.Errorf("contrastInk(%s) = %s, want %s", c.color, got, c.want)
		}
	}
	// Neighbouring names get different colours, each a valid #RRGGBB.
	colors := map[string]string{}
	for _, n := range networks {
		c := nameColor(n.Name)
		if len(c) != 7 || c[0] != '#' {
			t.Errorf("nameColor(%s) = %q", n.Name, c)
		}
		if other, dup := colors[c]; dup {
			t.Errorf("networks %s and %s share %s", n.Name, other, c)
		}
		colors[c] = n.Name
	}
	if svg := letterMark(`<&>`, "#123456", "icon-color"); strings.Contains(svg, "<&>") {
		t.Errorf("letterMark does not escape its text: %s", svg)
	}
}
