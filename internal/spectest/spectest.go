// Package spectest checks JSON documents and query strings against Mesh's
// OpenAPI 3.0 spec (../shared/mesh-openapi/swagger.json), so tests of the
// client and of the emulator prove their wire shapes match Mesh's.
//
// It is a compact validator for the subset of OpenAPI 3.0 schemas the spec
// uses: $ref, type, nullable, enum, required, properties,
// additionalProperties (false is enforced; Strict closes every object),
// items, allOf/anyOf/oneOf, min/max length and items, minimum/maximum,
// uniqueItems, pattern and the formats uuid, uri, date-time, int32, int64.
// readOnly properties are rejected in request bodies.
package spectest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"meshdesk/internal/testenv"
)

// Spec is a parsed OpenAPI document.
type Spec struct {
	root  map[string]any
	paths []pathEntry
}

type pathEntry struct {
	template string
	segs     []string
	item     map[string]any
}

// Option changes how a document is validated.
type Option func(*config)

type config struct {
	strict         bool
	envelopeStatus bool
}

// Strict treats every object schema as if it said additionalProperties:false
// (schemas that define a map through additionalProperties keep it), so a
// document may carry no field the spec does not name.
var Strict Option = func(c *config) { c.strict = true }

// EnvelopeFallback validates the body of a response whose HTTP status the
// operation does not declare (e.g. 429, 500) against ApiResult instead of
// failing.
var EnvelopeFallback Option = func(c *config) { c.envelopeStatus = true }

var (
	cacheMu sync.Mutex
	cache   = map[string]*Spec{}
)

// Load parses the spec found by testenv.SpecPath (failing under CI or
// skipping elsewhere when it is absent). The parsed spec is cached.
func Load(t testing.TB) *Spec {
	t.Helper()
	p := testenv.SpecPath(t)
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if s, ok := cache[p]; ok {
		return s
	}
	s, err := LoadFile(p)
	if err != nil {
		t.Fatalf("spectest: %v", err)
	}
	cache[p] = s
	return s
}

// LoadFile parses the OpenAPI document at path.
func LoadFile(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	return Parse(b)
}

// Parse parses an OpenAPI 3 document.
func Parse(doc []byte) (*Spec, error) {
	var root map[string]any
	if err := decodeJSON(doc, &root); err != nil {
		return nil, fmt.Errorf("parse spec: %w", err)
	}
	paths, ok := root["paths"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("parse spec: no paths object")
	}
	s := &Spec{root: root}
	for tmpl, item := range paths {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		s.paths = append(s.paths, pathEntry{template: tmpl, segs: splitPath(tmpl), item: m})
	}
	sort.Slice(s.paths, func(i, j int) bool { return s.paths[i].template < s.paths[j].template })
	return s, nil
}

func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}

// Operation is one method on one path of the spec.
type Operation struct {
	// Method is the upper-case HTTP method.
	Method string
	// Path is the spec's path template, e.g. /api/v1/assets/{assetType}.
	Path string
	// PathParams holds the values matched for the template's parameters.
	PathParams map[string]string
	op         map[string]any
	item       map[string]any
}

// Operation finds the operation for method and path. path may be a template
// or a concrete path (a query string is ignored); literal paths win over
// templates.
func (s *Spec) Operation(method, path string) (*Operation, error) {
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	method = strings.ToUpper(method)
	segs := splitPath(path)
	var best *Operation
	bestVars := -1
	for _, pe := range s.paths {
		vars, ok := matchPath(pe.segs, segs)
		if !ok {
			continue
		}
		op, ok := pe.item[strings.ToLower(method)].(map[string]any)
		if !ok {
			continue
		}
		if best == nil || len(vars) < bestVars {
			best = &Operation{Method: method, Path: pe.template, PathParams: vars, op: op, item: pe.item}
			bestVars = len(vars)
		}
	}
	if best == nil {
		return nil, fmt.Errorf("spec has no operation %s %s", method, path)
	}
	return best, nil
}

func matchPath(tmpl, segs []string) (map[string]string, bool) {
	if len(tmpl) != len(segs) {
		return nil, false
	}
	vars := map[string]string{}
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if segs[i] == "" {
				return nil, false
			}
			if segs[i] == t {
				continue // the template itself was passed
			}
			v, err := url.PathUnescape(segs[i])
			if err != nil {
				return nil, false
			}
			vars[t[1:len(t)-1]] = v
			continue
		}
		if t != segs[i] {
			return nil, false
		}
	}
	return vars, true
}

// Operations lists every operation of the spec, sorted by path then method.
func (s *Spec) Operations() []*Operation {
	var out []*Operation
	for _, pe := range s.paths {
		methods := make([]string, 0, len(pe.item))
		for m, v := range pe.item {
			if _, ok := v.(map[string]any); ok && isMethod(m) {
				methods = append(methods, m)
			}
		}
		sort.Strings(methods)
		for _, m := range methods {
			out = append(out, &Operation{Method: strings.ToUpper(m), Path: pe.template,
				op: pe.item[m].(map[string]any), item: pe.item})
		}
	}
	return out
}

func isMethod(m string) bool {
	switch m {
	case "get", "put", "post", "delete", "patch", "head", "options", "trace":
		return true
	}
	return false
}

// Example is one example value the spec gives for a request or a response.
type Example struct {
	// Method and Path name the operation.
	Method, Path string
	// Request is true for a request-body example.
	Request bool
	// Status is the response status ("200", "400", …); empty for requests.
	Status string
	// MediaType is the content type the example is listed under.
	MediaType string
	// Value is the example document.
	Value json.RawMessage
}

// Examples lists the JSON examples of every operation (one per media type
// whose example differs from the application/json one).
func (s *Spec) Examples() []Example {
	var out []Example
	for _, op := range s.Operations() {
		if rb, ok := s.deref(op.op["requestBody"]).(map[string]any); ok {
			out = append(out, mediaExamples(op, true, "", rb)...)
		}
		resps, _ := op.op["responses"].(map[string]any)
		codes := make([]string, 0, len(resps))
		for c := range resps {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		for _, c := range codes {
			if r, ok := s.deref(resps[c]).(map[string]any); ok {
				out = append(out, mediaExamples(op, false, c, r)...)
			}
		}
	}
	return out
}

func mediaExamples(op *Operation, req bool, status string, holder map[string]any) []Example {
	content, _ := holder["content"].(map[string]any)
	types := make([]string, 0, len(content))
	for ct := range content {
		types = append(types, ct)
	}
	sort.Strings(types)
	var out []Example
	seen := map[string]bool{}
	for _, ct := range types {
		mt, _ := content[ct].(map[string]any)
		var vals []any
		if ex, ok := mt["example"]; ok {
			vals = append(vals, ex)
		}
		if exs, ok := mt["examples"].(map[string]any); ok {
			for _, e := range exs {
				if em, ok := e.(map[string]any); ok {
					if v, ok := em["value"]; ok {
						vals = append(vals, v)
					}
				}
			}
		}
		for _, v := range vals {
			b, err := json.Marshal(v)
			if err != nil || seen[string(b)] {
				continue
			}
			seen[string(b)] = true
			out = append(out, Example{Method: op.Method, Path: op.Path, Request: req, Status: status, MediaType: ct, Value: b})
		}
	}
	return out
}

// deref follows a $ref to a top-level object of the document.
func (s *Spec) deref(v any) any {
	for i := 0; i < 16; i++ {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return v
		}
		v = s.lookup(ref)
	}
	return v
}

func (s *Spec) lookup(ref string) any {
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	var cur any = s.root
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

func jsonSchemaOf(content any) (map[string]any, bool) {
	c, ok := content.(map[string]any)
	if !ok {
		return nil, false
	}
	for _, ct := range []string{"application/json", "text/json", "application/*+json"} {
		if mt, ok := c[ct].(map[string]any); ok {
			sch, ok := mt["schema"].(map[string]any)
			return sch, ok
		}
	}
	for ct, v := range c {
		if strings.Contains(ct, "json") {
			if mt, ok := v.(map[string]any); ok {
				sch, ok := mt["schema"].(map[string]any)
				return sch, ok
			}
		}
	}
	return nil, false
}

// toDoc turns a []byte, string, json.RawMessage or any other value (marshalled
// as JSON) into a generic JSON tree with json.Number numbers.
func toDoc(body any) (any, error) {
	var b []byte
	switch v := body.(type) {
	case []byte:
		b = v
	case json.RawMessage:
		b = v
	case string:
		b = []byte(v)
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			return nil, fmt.Errorf("marshal document: %w", err)
		}
	}
	var doc any
	if err := decodeJSON(b, &doc); err != nil {
		return nil, fmt.Errorf("document is not JSON: %w", err)
	}
	return doc, nil
}

// CheckRequest validates body against the request-body schema of method and
// path and returns every violation found (nil when valid). body is []byte,
// string, json.RawMessage or a value to marshal.
func (s *Spec) CheckRequest(method, path string, body any, opts ...Option) error {
	op, err := s.Operation(method, path)
	if err != nil {
		return err
	}
	rb, ok := s.deref(op.op["requestBody"]).(map[string]any)
	if !ok {
		return fmt.Errorf("%s %s takes no request body in the spec", op.Method, op.Path)
	}
	sch, ok := jsonSchemaOf(rb["content"])
	if !ok {
		return fmt.Errorf("%s %s has no JSON request schema", op.Method, op.Path)
	}
	doc, err := toDoc(body)
	if err != nil {
		return fmt.Errorf("%s %s request: %w", op.Method, op.Path, err)
	}
	v := s.newValidator(true, opts)
	v.validate(sch, doc, "$", 0)
	return v.result(fmt.Sprintf("%s %s request", op.Method, op.Path))
}

// CheckResponse validates body against the response schema of method, path
// and HTTP status (nil when valid).
func (s *Spec) CheckResponse(method, path string, status int, body any, opts ...Option) error {
	op, err := s.Operation(method, path)
	if err != nil {
		return err
	}
	v := s.newValidator(false, opts)
	resps, _ := op.op["responses"].(map[string]any)
	code := fmt.Sprint(status)
	resp, ok := s.deref(resps[code]).(map[string]any)
	if !ok {
		resp, ok = s.deref(resps[code[:1]+"XX"]).(map[string]any)
	}
	if !ok {
		resp, ok = s.deref(resps["default"]).(map[string]any)
	}
	var sch map[string]any
	switch {
	case ok:
		if resp["content"] == nil {
			return nil // the spec declares no body: anything goes
		}
		if sch, ok = jsonSchemaOf(resp["content"]); !ok {
			return fmt.Errorf("%s %s %d has no JSON response schema", op.Method, op.Path, status)
		}
	case v.cfg.envelopeStatus:
		sch = map[string]any{"$ref": "#/components/schemas/ApiResult"}
	default:
		return fmt.Errorf("%s %s: status %d is not declared in the spec", op.Method, op.Path, status)
	}
	doc, err := toDoc(body)
	if err != nil {
		return fmt.Errorf("%s %s %d response: %w", op.Method, op.Path, status, err)
	}
	v.validate(sch, doc, "$", 0)
	return v.result(fmt.Sprintf("%s %s %d response", op.Method, op.Path, status))
}

// CheckSchema validates doc against the component schema name
// (e.g. "TransferModel").
func (s *Spec) CheckSchema(name string, doc any, opts ...Option) error {
	if s.lookup("#/components/schemas/"+name) == nil {
		return fmt.Errorf("spec has no schema %q", name)
	}
	d, err := toDoc(doc)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	v := s.newValidator(false, opts)
	v.validate(map[string]any{"$ref": "#/components/schemas/" + name}, d, "$", 0)
	return v.result(name)
}

// CheckQuery validates the query parameters q and any path parameters of
// path against the operation's parameters: every name must be declared
// (exact case), values must parse as their type and satisfy the schema, and
// required parameters must be present. Repeated keys form arrays.
func (s *Spec) CheckQuery(method, path string, q url.Values, opts ...Option) error {
	op, err := s.Operation(method, path)
	if err != nil {
		return err
	}
	params := map[string]map[string]any{}
	var pathParams []map[string]any
	for _, src := range []any{op.item["parameters"], op.op["parameters"]} {
		list, _ := src.([]any)
		for _, p := range list {
			pm, ok := s.deref(p).(map[string]any)
			if !ok {
				continue
			}
			name, _ := pm["name"].(string)
			switch pm["in"] {
			case "query":
				params[name] = pm
			case "path":
				pathParams = append(pathParams, pm)
			}
		}
	}
	v := s.newValidator(true, opts)
	for name, vals := range q {
		p, ok := params[name]
		if !ok {
			v.errf("$."+name, "query parameter %q is not declared", name)
			continue
		}
		sch, _ := p["schema"].(map[string]any)
		v.validate(sch, s.queryValue(sch, vals), "$."+name, 0)
	}
	for name, p := range params {
		if req, _ := p["required"].(bool); req && len(q[name]) == 0 {
			v.errf("$."+name, "required query parameter %q is missing", name)
		}
	}
	for _, p := range pathParams {
		name, _ := p["name"].(string)
		val, ok := op.PathParams[name]
		if !ok {
			continue // the template itself was given
		}
		sch, _ := p["schema"].(map[string]any)
		v.validate(sch, s.queryValue(sch, []string{val}), "$."+name, 0)
	}
	return v.result(fmt.Sprintf("%s %s query", op.Method, op.Path))
}

// queryValue converts query strings to the JSON value the schema expects,
// leaving a string where it does not parse so validation reports it.
func (s *Spec) queryValue(sch map[string]any, vals []string) any {
	r := s.resolveShallow(sch)
	if t, _ := r["type"].(string); t == "array" {
		items, _ := r["items"].(map[string]any)
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = s.scalarValue(items, v)
		}
		return out
	}
	if len(vals) != 1 {
		return vals // reported as a type error by the validator
	}
	return s.scalarValue(sch, vals[0])
}

func (s *Spec) scalarValue(sch map[string]any, v string) any {
	r := s.resolveShallow(sch)
	switch r["type"] {
	case "integer", "number":
		var n json.Number
		if json.Unmarshal([]byte(v), &n) == nil && n != "" && !strings.HasPrefix(v, "\"") {
			return n
		}
	case "boolean":
		switch strings.ToLower(v) {
		case "true":
			return true
		case "false":
			return false
		}
	}
	return v
}

// resolveShallow follows $ref and single-element allOf wrappers to the schema
// that carries the type.
func (s *Spec) resolveShallow(sch map[string]any) map[string]any {
	for i := 0; i < 16 && sch != nil; i++ {
		if ref, ok := sch["$ref"].(string); ok {
			sch, _ = s.lookup(ref).(map[string]any)
			continue
		}
		if _, ok := sch["type"]; !ok {
			if all, ok := sch["allOf"].([]any); ok && len(all) == 1 {
				sch, _ = all[0].(map[string]any)
				continue
			}
		}
		break
	}
	return sch
}

// ValidateRequest fails t (with every violation) unless body matches the
// request-body schema of method and path.
func (s *Spec) ValidateRequest(t testing.TB, method, path string, body any, opts ...Option) {
	t.Helper()
	if err := s.CheckRequest(method, path, body, opts...); err != nil {
		t.Errorf("spectest: %v", err)
	}
}

// ValidateResponse fails t unless body matches the response schema of
// method, path and status.
func (s *Spec) ValidateResponse(t testing.TB, method, path string, status int, body any, opts ...Option) {
	t.Helper()
	if err := s.CheckResponse(method, path, status, body, opts...); err != nil {
		t.Errorf("spectest: %v", err)
	}
}

// ValidateQuery fails t unless q (and path's parameters) match the
// operation's declared parameters.
func (s *Spec) ValidateQuery(t testing.TB, method, path string, q url.Values, opts ...Option) {
	t.Helper()
	if err := s.CheckQuery(method, path, q, opts...); err != nil {
		t.Errorf("spectest: %v", err)
	}
}

// ValidateSchema fails t unless doc matches the component schema name.
func (s *Spec) ValidateSchema(t testing.TB, name string, doc any, opts ...Option) {
	t.Helper()
	if err := s.CheckSchema(name, doc, opts...); err != nil {
		t.Errorf("spectest: %v", err)
	}
}
