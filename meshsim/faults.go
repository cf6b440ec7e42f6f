package meshsim

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault kinds.
const (
	Fault429      = "429"      // 429 tooManyRequest envelope with Retry-After
	Fault500      = "500"      // 500 serverFailure envelope
	Fault502      = "502"      // 502 with an HTML body, as a proxy would
	FaultSlow     = "slow"     // answer normally after Delay
	FaultTruncate = "truncate" // 200 with the first half of the JSON body
)

// Fault is a scripted failure of one route. Route is a registered pattern
// ("GET /api/v1/transfers/managed/mesh"), a bare path ("/api/v1/linktoken", any
// method) or "" / "*" for every API route. The fault hits Times requests after
// skipping Skip (Times 0 = every request until cleared).
type Fault struct {
	Route             string `json:"route"`
	Kind              string `json:"kind"`
	Times             int    `json:"times,omitempty"`
	Skip              int    `json:"skip,omitempty"`
	RetryAfterSeconds int    `json:"retryAfterSeconds,omitempty"` // 429 (default 1)
	DelayMs           int    `json:"delayMs,omitempty"`           // slow (default 2000)

	seen, hits int
}

// ParseFault parses the --fault flag syntax KIND[=ARG][*TIMES][+SKIP][@ROUTE]:
// ARG is Retry-After seconds for 429 or a duration for slow; ROUTE is a path,
// optionally prefixed by "METHOD:" ("GET:/api/v1/transfers/managed/mesh").
// Examples: "429*3@/api/v1/transfers/managed/mesh", "slow=3s@/api/v1/linktoken", "500".
func ParseFault(spec string) (Fault, error) {
	var f Fault
	rest := spec
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		f.Route = rest[i+1:]
		rest = rest[:i]
		if m, p, ok := strings.Cut(f.Route, ":"); ok && !strings.Contains(m, "/") {
			f.Route = strings.ToUpper(m) + " " + p
		}
	}
	if i := strings.LastIndex(rest, "+"); i >= 0 {
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil || n < 0 {
			return f, fmt.Errorf("fault %q: bad skip count", spec)
		}
		f.Skip, rest = n, rest[:i]
	}
	if i := strings.LastIndex(rest, "*"); i >= 0 {
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil || n < 1 {
			return f, fmt.Errorf("fault %q: bad repeat count", spec)
		}
		f.Times, rest = n, rest[:i]
	}
	kind, arg, hasArg := strings.Cut(rest, "=")
	f.Kind = strings.ToLower(kind)
	switch f.Kind {
	case Fault429:
		if hasArg {
			n, err := strconv.Atoi(strings.TrimSuffix(arg, "s"))
			if err != nil || n < 0 {
				return f, fmt.Errorf("fault %q: bad Retry-After seconds", spec)
			}
			f.RetryAfterSeconds = n
		}
	case FaultSlow:
		if hasArg {
			d, err := time.ParseDuration(arg)
			if err != nil || d < 0 {
				return f, fmt.Errorf("fault %q: bad delay", spec)
			}
			f.DelayMs = int(d / time.Millisecond)
		}
	case Fault500, Fault502, FaultTruncate:
		if hasArg {
			return f, fmt.Errorf("fault %q: %s takes no argument", spec, f.Kind)
		}
	default:
		return f, fmt.Errorf("fault %q: unknown kind %q (429, 500, 502, slow, truncate)", spec, kind)
	}
	return f, f.validate()
}

func (f *Fault) validate() error {
	switch f.Kind {
	case Fault429, Fault500, Fault502, FaultSlow, FaultTruncate:
	default:
		return fmt.Errorf("fault: unknown kind %q (429, 500, 502, slow, truncate)", f.Kind)
	}
	if f.Times < 0 || f.Skip < 0 || f.RetryAfterSeconds < 0 || f.DelayMs < 0 {
		return fmt.Errorf("fault: negative count or duration")
	}
	return nil
}

func (f *Fault) matches(pattern string) bool {
	if f.Route == "" || f.Route == "*" || f.Route == pattern {
		return true
	}
	_, path, _ := strings.Cut(pattern, " ")
	return f.Route == path
}

type faultSet struct {
	mu     sync.Mutex
	faults []*Fault
}

func newFaultSet(fs []Fault) *faultSet {
	s := &faultSet{}
	for _, f := range fs {
		s.add(f)
	}
	return s
}

func (s *faultSet) add(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.seen, f.hits = 0, 0
	s.faults = append(s.faults, &f)
}

// take returns the fault that applies to this request of pattern, if any. Every
// matching fault counts the request (so Skip counts the route's requests, whatever
// other faults did to them); the first one past its Skip fires.
func (s *faultSet) take(pattern string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	var fired *Fault
	for _, f := range s.faults {
		if !f.matches(pattern) {
			continue
		}
		f.seen++
		if fired != nil || f.seen <= f.Skip {
			continue
		}
		f.hits++
		c := *f
		fired = &c
	}
	kept := s.faults[:0]
	for _, f := range s.faults {
		if f.Times == 0 || f.hits < f.Times {
			kept = append(kept, f)
		}
	}
	s.faults = kept
	return fired
}

func (s *faultSet) list() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Fault, 0, len(s.faults))
	for _, f := range s.faults {
		out = append(out, *f)
	}
	return out
}

func (s *faultSet) clear() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// AddFault scripts a fault (see Fault).
func (s *Sim) AddFault(f Fault) error {
	if err := f.validate(); err != nil {
		return err
	}
	s.faults.add(f)
	return nil
}

// ClearFaults removes every scripted fault.
func (s *Sim) ClearFaults() { s.faults.clear() }

// Faults returns the faults still scripted.
func (s *Sim) Faults() []Fault { return s.faults.list() }

const badGatewayHTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"

// serveFault answers r with fault f, calling next for slow and truncated answers.
func serveFault(f *Fault, w http.ResponseWriter, r *http.Request, next http.Handler) {
	switch f.Kind {
	case Fault429:
		ra := f.RetryAfterSeconds
		if ra == 0 {
			ra = 1
		}
		w.Header().Set("Retry-After", strconv.Itoa(ra))
		writeError(w, &apiError{status: "tooManyRequest", errorType: errTooMany, message: "Too many requests. Please retry later."})
	case Fault500:
		writeError(w, &apiError{status: "serverFailure", errorType: errServer, message: "An unexpected error occurred."})
	case Fault502:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(badGatewayHTML))
	case FaultSlow:
		d := time.Duration(f.DelayMs) * time.Millisecond
		if f.DelayMs == 0 {
			d = 2 * time.Second
		}
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
		next.ServeHTTP(w, r)
	case FaultTruncate:
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		cut := body[:len(body)/2]
		if i := bytes.LastIndexByte(cut, ','); i > 0 {
			cut = cut[:i]
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(cut)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(cut)
	}
}
