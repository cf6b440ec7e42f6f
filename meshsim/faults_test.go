package meshsim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestParseFault(t *testing.T) {
	cases := []struct {
		in   string
		want Fault
		err  string
	}{
		{"500", Fault{Kind: "500"}, ""},
		{"429*3@/api/v1/transfers/managed/mesh", Fault{Kind: "429", Times: 3, Route: "/api/v1/transfers/managed/mesh"}, ""},
		{"429=7@GET:/api/v1/integrations", Fault{Kind: "429", RetryAfterSeconds: 7, Route: "GET /api/v1/integrations"}, ""},
		{"slow=250ms*2+1@/api/v1/linktoken", Fault{Kind: "slow", DelayMs: 250, Times: 2, Skip: 1, Route: "/api/v1/linktoken"}, ""},
		{"truncate", Fault{Kind: "truncate"}, ""},
		{"502@*", Fault{Kind: "502", Route: "*"}, ""},
		{"teapot", Fault{}, "unknown kind"},
		{"429*0", Fault{}, "repeat count"},
		{"429*x", Fault{}, "repeat count"},
		{"500+x", Fault{}, "skip"},
		{"slow=fast", Fault{}, "delay"},
		{"429=-1", Fault{}, "Retry-After"},
		{"500=1", Fault{}, "no argument"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			f, err := ParseFault(c.in)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || f != c.want {
				t.Fatalf("got %+v, %v; want %+v", f, err, c.want)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	const hist = "/api/v1/transfers/managed/mesh"
	e := mustAPIEnv(t, Options{Transfers: 30, Faults: []Fault{{Route: "GET " + hist, Kind: Fault429, Times: 2, RetryAfterSeconds: 3}}})

	for i := 0; i < 2; i++ {
		r := e.do("GET", hist, nil).mustErr(t, 429, errTooMany)
		if r.hdr.Get("Retry-After") != "3" || r.env["status"] != "tooManyRequest" {
			t.Errorf("429 answer: %v %s", r.hdr, r.body)
		}
	}
	e.do("GET", hist, nil).mustOK(t)
	if n := e.sim.RequestCount("GET " + hist); n != 3 {
		t.Errorf("request count %d, want 3 (faults count too)", n)
	}

	must := func(f Fault) {
		t.Helper()
		if err := e.sim.AddFault(f); err != nil {
			t.Fatal(err)
		}
	}
	must(Fault{Route: hist, Kind: Fault500, Times: 1})
	e.do("GET", hist, nil).mustErr(t, 500, errServer)

	must(Fault{Route: hist, Kind: Fault502, Times: 1})
	r := e.do("GET", hist, nil)
	if r.code != 502 || !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "<html>") {
		t.Errorf("502: %d %v %s", r.code, r.hdr, r.body)
	}

	must(Fault{Route: hist, Kind: FaultTruncate, Times: 1})
	req, _ := http.NewRequest("GET", e.srv.URL+hist, nil)
	req.Header.Set("X-Client-Id", e.id)
	req.Header.Set("X-Client-Secret", e.sec)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	var v any
	if err != nil || resp.StatusCode != 200 || json.Unmarshal(body, &v) == nil || len(body) < 20 {
		t.Errorf("truncated answer should be broken JSON: %d %v %s", resp.StatusCode, err, body)
	}

	must(Fault{Route: hist, Kind: FaultSlow, DelayMs: 30, Times: 1})
	e.do("GET", hist, nil).mustOK(t)

	// Skip lets requests through first; other routes are untouched.
	must(Fault{Route: hist, Kind: Fault500, Times: 1, Skip: 1})
	e.do("GET", "/api/v1/integrations", nil).mustOK(t)
	e.do("GET", hist, nil).mustOK(t)
	e.do("GET", hist, nil).mustErr(t, 500, errServer)
	e.do("GET", hist, nil).mustOK(t)
	if fs := e.sim.Faults(); len(fs) != 0 {
		t.Errorf("used-up faults remain: %+v", fs)
	}
	// Two faults on one route: each counts every request for its Skip.
	must(Fault{Route: hist, Kind: Fault429, Times: 1, Skip: 1})
	must(Fault{Route: hist, Kind: Fault500, Times: 1, Skip: 2})
	e.do("GET", hist, nil).mustOK(t)
	e.do("GET", hist, nil).mustErr(t, 429, errTooMany)
	e.do("GET", hist, nil).mustErr(t, 500, errServer)
	e.do("GET", hist, nil).mustOK(t)
	if err := e.sim.AddFault(Fault{Kind: "boom"}); err == nil {
		t.Error("bad fault accepted")
	}
}

func TestFaultControlEndpoint(t *testing.T) {
	e := mustAPIEnv(t, Options{})
	post := func(body string) (int, string) {
		resp, err := http.Post(e.srv.URL+"/_sim/faults", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(`[{"route":"/api/v1/integrations","kind":"429","times":1},{"route":"*","kind":"500","skip":5,"times":1}]`); code != 200 || !strings.Contains(body, `"kind":"429"`) {
		t.Fatalf("POST faults: %d %s", code, body)
	}
	e.do("GET", "/api/v1/integrations", nil).mustErr(t, 429, errTooMany)
	if code, body := post(`{"route":"x","kind":"nope"}`); code != 400 {
		t.Errorf("bad fault accepted: %d %s", code, body)
	}
	if code, _ := post(`{"route":"x","kind":"500","color":"red"}`); code != 400 {
		t.Errorf("unknown field accepted: %d", code)
	}
	req, _ := http.NewRequest("DELETE", e.srv.URL+"/_sim/faults", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(e.sim.Faults()) != 0 {
		t.Error("DELETE did not clear")
	}
	resp, err = http.Get(e.srv.URL + "/_sim/requests")
	if err != nil {
		t.Fatal(err)
	}
	var counts map[string]int
	_ = json.NewDecoder(resp.Body).Decode(&counts)
	resp.Body.Close()
	if counts["GET /api/v1/integrations"] != 1 {
		t.Errorf("counts %v", counts)
	}
}
