package spectest

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// maxErrors caps how many violations one check reports.
const maxErrors = 50

// Violation is one place where a document breaks the schema.
type Violation struct {
	// Path is a JSONPath-like location, e.g. $.transferOptions.toAddresses[0].networkId.
	Path string
	// Msg says what is wrong.
	Msg string
}

// String is "path: message".
func (v Violation) String() string { return v.Path + ": " + v.Msg }

// Error lists every violation found in one document.
type Error struct {
	// What names the document (e.g. "POST /api/v1/linktoken request").
	What string
	// Violations are the problems, in document order of discovery.
	Violations []Violation
}

// Error lists every violation, one per line.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s does not match the spec (%d problem(s)):", e.What, len(e.Violations))
	for _, v := range e.Violations {
		b.WriteString("\n  ")
		b.WriteString(v.String())
	}
	return b.String()
}

// Has reports whether some violation's path equals path and its message
// contains substr.
func (e *Error) Has(path, substr string) bool {
	for _, v := range e.Violations {
		if v.Path == path && strings.Contains(v.Msg, substr) {
			return true
		}
	}
	return false
}

type validator struct {
	s       *Spec
	cfg     config
	request bool
	errs    []Violation
}

func (s *Spec) newValidator(request bool, opts []Option) *validator {
	v := &validator{s: s, request: request}
	for _, o := range opts {
		o(&v.cfg)
	}
	return v
}

func (v *validator) errf(path, format string, args ...any) {
	if len(v.errs) >= maxErrors {
		return
	}
	nv := Violation{Path: path, Msg: fmt.Sprintf(format, args...)}
	for _, e := range v.errs {
		if e == nv {
			return
		}
	}
	v.errs = append(v.errs, nv)
}

func (v *validator) result(what string) error {
	if len(v.errs) == 0 {
		return nil
	}
	return &Error{What: what, Violations: v.errs}
}

var (
	uuidRE   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	patterns sync.Map // pattern string -> *regexp.Regexp
)

func typeName(doc any) string {
	switch d := doc.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if isInteger(d) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case []string:
		return "repeated value"
	}
	return fmt.Sprintf("%T", doc)
}

func isInteger(n json.Number) bool {
	f, ok := new(big.Float).SetString(string(n))
	return ok && f.IsInt()
}

// validate checks doc against sch at path. depth guards against $ref cycles.
func (v *validator) validate(sch map[string]any, doc any, path string, depth int) {
	if sch == nil || len(v.errs) >= maxErrors {
		return
	}
	if depth > 64 {
		v.errf(path, "schema nesting too deep (reference cycle?)")
		return
	}
	if ref, ok := sch["$ref"].(string); ok {
		target, ok := v.s.lookup(ref).(map[string]any)
		if !ok {
			v.errf(path, "unresolvable $ref %q", ref)
			return
		}
		v.validate(target, doc, path, depth+1)
		return
	}
	if doc == nil {
		if b, _ := sch["nullable"].(bool); b {
			return
		}
		if t, ok := sch["type"].(string); ok {
			v.errf(path, "null is not allowed (type %s, not nullable)", t)
			return
		}
	}
	if t, ok := sch["type"].(string); ok && !typeMatches(t, doc) {
		v.errf(path, "expected %s, got %s", t, typeName(doc))
		return
	}
	if enum, ok := sch["enum"].([]any); ok && !inEnum(enum, doc) {
		v.errf(path, "%s is not one of %s", short(doc), enumList(enum))
	}
	switch d := doc.(type) {
	case string:
		v.checkString(sch, d, path)
	case json.Number:
		v.checkNumber(sch, d, path)
	case map[string]any:
		v.checkObject(sch, d, path, depth)
	case []any:
		v.checkArray(sch, d, path, depth)
	}
	if all, ok := sch["allOf"].([]any); ok {
		for _, a := range all {
			if m, ok := a.(map[string]any); ok {
				v.validate(m, doc, path, depth+1)
			}
		}
	}
	for _, kw := range []string{"anyOf", "oneOf"} {
		list, ok := sch[kw].([]any)
		if !ok {
			continue
		}
		matches := 0
		for _, a := range list {
			m, _ := a.(map[string]any)
			sub := &validator{s: v.s, cfg: v.cfg, request: v.request}
			sub.validate(m, doc, path, depth+1)
			if len(sub.errs) == 0 {
				matches++
			}
		}
		if matches == 0 || (kw == "oneOf" && matches > 1) {
			v.errf(path, "%s: %d of %d alternatives match", kw, matches, len(list))
		}
	}
}

func typeMatches(t string, doc any) bool {
	switch t {
	case "string":
		_, ok := doc.(string)
		return ok
	case "number":
		_, ok := doc.(json.Number)
		return ok
	case "integer":
		n, ok := doc.(json.Number)
		return ok && isInteger(n)
	case "boolean":
		_, ok := doc.(bool)
		return ok
	case "object":
		_, ok := doc.(map[string]any)
		return ok
	case "array":
		_, ok := doc.([]any)
		return ok
	}
	return false
}

func inEnum(enum []any, doc any) bool {
	for _, e := range enum {
		if jsonEqual(e, doc) {
			return true
		}
	}
	return false
}

func jsonEqual(a, b any) bool {
	an, aok := a.(json.Number)
	bn, bok := b.(json.Number)
	if aok && bok {
		x, _ := new(big.Float).SetString(string(an))
		y, _ := new(big.Float).SetString(string(bn))
		return x != nil && y != nil && x.Cmp(y) == 0
	}
	ab, _ := json.Marshal(a)
	bb, _ := json.Marshal(b)
	return string(ab) == string(bb)
}

func short(doc any) string {
	b, _ := json.Marshal(doc)
	s := string(b)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

func enumList(enum []any) string {
	parts := make([]string, 0, len(enum))
	for _, e := range enum {
		parts = append(parts, short(e))
	}
	s := strings.Join(parts, ", ")
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return "[" + s + "]"
}

func num(sch map[string]any, key string) (float64, bool) {
	n, ok := sch[key].(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

func (v *validator) checkString(sch map[string]any, s, path string) {
	n := utf8.RuneCountInString(s)
	if min, ok := num(sch, "minLength"); ok && float64(n) < min {
		v.errf(path, "length %d is below minLength %v", n, min)
	}
	if max, ok := num(sch, "maxLength"); ok && float64(n) > max {
		v.errf(path, "length %d exceeds maxLength %v", n, max)
	}
	if p, ok := sch["pattern"].(string); ok {
		var re *regexp.Regexp
		if c, ok := patterns.Load(p); ok {
			re = c.(*regexp.Regexp)
		} else {
			var err error
			if re, err = regexp.Compile(p); err != nil {
				v.errf(path, "schema pattern %q does not compile: %v", p, err)
				return
			}
			patterns.Store(p, re)
		}
		if !re.MatchString(s) {
			v.errf(path, "%q does not match pattern %q", s, p)
		}
	}
	switch sch["format"] {
	case "uuid":
		if !uuidRE.MatchString(s) {
			v.errf(path, "%q is not a uuid", s)
		}
	case "uri":
		if u, err := url.Parse(s); err != nil || !u.IsAbs() {
			v.errf(path, "%q is not an absolute URI", s)
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			v.errf(path, "%q is not an RFC 3339 date-time", s)
		}
	}
}

func (v *validator) checkNumber(sch map[string]any, n json.Number, path string) {
	f, err := n.Float64()
	if err != nil && !strings.Contains(err.Error(), "range") {
		v.errf(path, "%s is not a number", n)
		return
	}
	exMin, _ := sch["exclusiveMinimum"].(bool)
	exMax, _ := sch["exclusiveMaximum"].(bool)
	if min, ok := num(sch, "minimum"); ok && (f < min || (exMin && f == min)) {
		v.errf(path, "%s is below minimum %v", n, min)
	}
	if max, ok := num(sch, "maximum"); ok && (f > max || (exMax && f == max)) {
		v.errf(path, "%s exceeds maximum %v", n, max)
	}
	switch sch["format"] {
	case "int32":
		if !isInteger(n) || f < math.MinInt32 || f > math.MaxInt32 {
			v.errf(path, "%s is not an int32", n)
		}
	case "int64":
		if _, err := n.Int64(); err != nil {
			v.errf(path, "%s is not an int64", n)
		}
	}
}

func (v *validator) checkObject(sch map[string]any, obj map[string]any, path string, depth int) {
	props, _ := sch["properties"].(map[string]any)
	if req, ok := sch["required"].([]any); ok {
		for _, r := range req {
			name, _ := r.(string)
			if _, ok := obj[name]; !ok {
				v.errf(path, "required property %q is missing", name)
			}
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ap, hasAP := sch["additionalProperties"]
	closed := hasAP && ap == false
	if !hasAP && v.cfg.strict {
		_, hasAll := sch["allOf"]
		closed = !hasAll && (props != nil || sch["type"] == "object")
	}
	for _, k := range keys {
		child := path + "." + k
		if ps, ok := props[k].(map[string]any); ok {
			if ro, _ := ps["readOnly"].(bool); ro && v.request {
				v.errf(child, "read-only property sent in a request")
			}
			v.validate(ps, obj[k], child, depth+1)
			continue
		}
		if apSchema, ok := ap.(map[string]any); ok {
			v.validate(apSchema, obj[k], child, depth+1)
			continue
		}
		if closed {
			v.errf(child, "property %q is not allowed (additionalProperties: false)", k)
		}
	}
}

func (v *validator) checkArray(sch map[string]any, arr []any, path string, depth int) {
	if min, ok := num(sch, "minItems"); ok && float64(len(arr)) < min {
		v.errf(path, "%d items, below minItems %v", len(arr), min)
	}
	if max, ok := num(sch, "maxItems"); ok && float64(len(arr)) > max {
		v.errf(path, "%d items, above maxItems %v", len(arr), max)
	}
	if u, _ := sch["uniqueItems"].(bool); u {
		seen := map[string]int{}
		for i, it := range arr {
			b, _ := json.Marshal(it)
			if j, dup := seen[string(b)]; dup {
				v.errf(fmt.Sprintf("%s[%d]", path, i), "duplicate of item %d (uniqueItems)", j)
			}
			seen[string(b)] = i
		}
	}
	items, _ := sch["items"].(map[string]any)
	for i, it := range arr {
		v.validate(items, it, fmt.Sprintf("%s[%d]", path, i), depth+1)
	}
}
