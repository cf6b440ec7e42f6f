package spectest

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// miniSpec exercises every keyword the validator supports without the real spec.
const miniSpec = `{
 "openapi": "3.0.1",
 "paths": {
  "/things": {
   "post": {
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
    "responses": {
     "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingResult"}}}},
     "401": {"content": {"application/json": {"schema": {}}}},
     "403": {"description": "no body"}
    }
   }
  },
  "/things/{kind}": {
   "get": {
    "parameters": [
     {"name": "kind", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/Kind"}},
     {"name": "Count", "in": "query", "schema": {"type": "integer", "format": "int32", "maximum": 100}},
     {"name": "Ids", "in": "query", "schema": {"type": "array", "maxItems": 2, "items": {"type": "string", "format": "uuid"}}},
     {"name": "Desc", "in": "query", "schema": {"type": "boolean"}},
     {"name": "Need", "in": "query", "required": true, "schema": {"type": "string"}}
    ],
    "responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}, "example": {"a": 1}}}}}
   }
  },
  "/things/special": {"get": {"responses": {"200": {"description": "literal path"}}}}
 },
 "components": {"schemas": {
  "Kind": {"type": "string", "enum": ["a", "b"]},
  "Thing": {
   "type": "object", "required": ["name"], "additionalProperties": false,
   "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 5},
    "id": {"type": "string", "format": "uuid", "nullable": true},
    "kind": {"allOf": [{"$ref": "#/components/schemas/Kind"}], "nullable": true},
    "strictKind": {"allOf": [{"$ref": "#/components/schemas/Kind"}]},
    "ratio": {"type": "number", "minimum": 0, "maximum": 1},
    "count": {"type": "integer", "format": "int32"},
    "link": {"type": "string", "format": "uri"},
    "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
    "tags": {"type": "array", "maxItems": 2, "uniqueItems": true, "items": {"type": "string"}},
    "open": {"type": "object", "properties": {"x": {"type": "string"}}},
    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    "serverId": {"type": "string", "readOnly": true},
    "any": {"nullable": true}
   }
  },
  "ThingResult": {"type": "object", "additionalProperties": false,
   "properties": {"content": {"allOf": [{"$ref": "#/components/schemas/Thing"}], "nullable": true}, "status": {"type": "string"}}}
 }}
}`

func mustMini(t *testing.T) *Spec {
	t.Helper()
	s, err := Parse([]byte(miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCheckRequestMini(t *testing.T) {
	s := mustMini(t)
	tests := []struct {
		name     string
		body     string
		strict   bool
		wantPath string // "" means valid
		wantMsg  string
	}{
		{"minimal", `{"name":"x"}`, false, "", ""},
		{"all fields", `{"name":"abc","id":"18a20b11-e47f-43b9-8546-94284e9ee547","kind":"a","strictKind":"b","ratio":0.5,"count":3,"link":"https://x.y/z","code":"USD","tags":["a","b"],"open":{"x":"y","extra":1},"labels":{"k":"v"},"any":[1]}`, false, "", ""},
		{"nulls where nullable", `{"name":"x","id":null,"kind":null,"any":null}`, false, "", ""},
		{"missing required", `{}`, false, "$", `required property "name"`},
		{"unknown field", `{"name":"x","configurationId":"y"}`, false, "$.configurationId", "not allowed"},
		{"too short", `{"name":""}`, false, "$.name", "minLength"},
		{"too long", `{"name":"abcdef"}`, false, "$.name", "maxLength"},
		{"multibyte counts runes", `{"name":"ééééé"}`, false, "", ""},
		{"bad uuid", `{"name":"x","id":"nope"}`, false, "$.id", "not a uuid"},
		{"bad enum", `{"name":"x","kind":"c"}`, false, "$.kind", "not one of"},
		{"null in non-nullable ref", `{"name":"x","strictKind":null}`, false, "$.strictKind", "null"},
		{"null in non-nullable type", `{"name":null}`, false, "$.name", "null is not allowed"},
		{"above maximum", `{"name":"x","ratio":1.5}`, false, "$.ratio", "maximum"},
		{"below minimum", `{"name":"x","ratio":-0.1}`, false, "$.ratio", "minimum"},
		{"fraction for integer", `{"name":"x","count":1.5}`, false, "$.count", "expected integer"},
		{"int32 overflow", `{"name":"x","count":3000000000}`, false, "$.count", "int32"},
		{"string for number", `{"name":"x","ratio":"0.5"}`, false, "$.ratio", "expected number"},
		{"relative uri", `{"name":"x","link":"/relative"}`, false, "$.link", "absolute URI"},
		{"pattern", `{"name":"x","code":"usd"}`, false, "$.code", "pattern"},
		{"too many items", `{"name":"x","tags":["a","b","c"]}`, false, "$.tags", "maxItems"},
		{"duplicate items", `{"name":"x","tags":["a","a"]}`, false, "$.tags[1]", "duplicate"},
		{"map value type", `{"name":"x","labels":{"k":1}}`, false, "$.labels.k", "expected string"},
		{"read-only in request", `{"name":"x","serverId":"s"}`, false, "$.serverId", "read-only"},
		{"strict closes open objects", `{"name":"x","open":{"extra":1}}`, true, "$.open.extra", "not allowed"},
		{"strict keeps maps open", `{"name":"x","labels":{"k":"v"}}`, true, "", ""},
		{"not an object", `[]`, false, "$", "expected object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.strict {
				opts = append(opts, Strict)
			}
			err := s.CheckRequest("post", "/things", tt.body, opts...)
			if tt.wantPath == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("want *Error, got %v", err)
			}
			if !se.Has(tt.wantPath, tt.wantMsg) {
				t.Fatalf("want violation at %s containing %q, got:\n%v", tt.wantPath, tt.wantMsg, err)
			}
		})
	}
}

func TestCheckRequestNotJSON(t *testing.T) {
	s := mustMini(t)
	for _, body := range []string{``, `{"name":`, `<html>`, `{"name":"x"} trailing`} {
		if err := s.CheckRequest("POST", "/things", body); err == nil || !strings.Contains(err.Error(), "not JSON") {
			t.Errorf("%q: err = %v", body, err)
		}
	}
}

func TestCheckResponseMini(t *testing.T) {
	s := mustMini(t)
	tests := []struct {
		name    string
		status  int
		body    string
		opts    []Option
		wantErr string
	}{
		{"ok", 200, `{"content":{"name":"x"},"status":"ok"}`, nil, ""},
		{"null content", 200, `{"content":null}`, nil, ""},
		{"nested violation", 200, `{"content":{"name":""}}`, nil, "$.content.name"},
		{"envelope extra field", 200, `{"content":null,"teamCode":"P4"}`, nil, "$.teamCode"},
		{"any body for empty schema", 401, `{"whatever":true}`, nil, ""},
		{"no content declared", 403, `<html>`, nil, ""},
		{"undeclared status", 500, `{}`, nil, "not declared"},
		{"not json", 200, `<html>bad gateway</html>`, nil, "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.CheckResponse("POST", "/things", tt.status, tt.body, tt.opts...)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("want error containing %q, got %v", tt.wantErr, err)
			}
		})
	}
}

func TestOperationMatching(t *testing.T) {
	s := mustMini(t)
	tests := []struct{ method, path, want, param string }{
		{"GET", "/things/{kind}", "/things/{kind}", ""},
		{"get", "/things/a?Need=1", "/things/{kind}", "a"},
		{"GET", "/things/special", "/things/special", ""},
		{"POST", "/things/", "/things", ""},
	}
	for _, tt := range tests {
		op, err := s.Operation(tt.method, tt.path)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.method, tt.path, err)
		}
		if op.Path != tt.want || op.PathParams["kind"] != tt.param {
			t.Errorf("%s %s matched %s %v", tt.method, tt.path, op.Path, op.PathParams)
		}
	}
	for _, bad := range [][2]string{{"DELETE", "/things"}, {"GET", "/nothing"}, {"GET", "/things/a/b"}} {
		if _, err := s.Operation(bad[0], bad[1]); err == nil {
			t.Errorf("%v matched", bad)
		}
	}
}

func TestCheckQueryMini(t *testing.T) {
	s := mustMini(t)
	const id = "18a20b11-e47f-43b9-8546-94284e9ee547"
	tests := []struct {
		name    string
		path    string
		q       url.Values
		wantErr string
	}{
		{"ok", "/things/a", url.Values{"Need": {"1"}, "Count": {"5"}, "Ids": {id, id}, "Desc": {"true"}}, ""},
		{"missing required", "/things/a", url.Values{}, `"Need" is missing`},
		{"unknown param", "/things/a", url.Values{"Need": {"1"}, "count": {"5"}}, `"count" is not declared`},
		{"bad integer", "/things/a", url.Values{"Need": {"1"}, "Count": {"five"}}, "expected integer"},
		{"above max", "/things/a", url.Values{"Need": {"1"}, "Count": {"101"}}, "maximum"},
		{"bad bool", "/things/a", url.Values{"Need": {"1"}, "Desc": {"yes"}}, "expected boolean"},
		{"too many ids", "/things/a", url.Values{"Need": {"1"}, "Ids": {id, id, id}}, "maxItems"},
		{"bad uuid item", "/things/a", url.Values{"Need": {"1"}, "Ids": {"x"}}, "$.Ids[0]"},
		{"repeated scalar", "/things/a", url.Values{"Need": {"1", "2"}}, "expected string"},
		{"bad path param", "/things/z", url.Values{"Need": {"1"}}, "$.kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.CheckQuery("GET", tt.path, tt.q)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("want error containing %q, got %v", tt.wantErr, err)
			}
		})
	}
}

func TestExamplesMini(t *testing.T) {
	ex := mustMini(t).Examples()
	if len(ex) != 1 || ex[0].Path != "/things/{kind}" || ex[0].Status != "200" || string(ex[0].Value) != `{"a":1}` {
		t.Fatalf("examples = %+v", ex)
	}
}

func TestCheckSchemaMini(t *testing.T) {
	s := mustMini(t)
	if err := s.CheckSchema("Thing", map[string]any{"name": "ok"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckSchema("Thing", map[string]any{"name": 1}); err == nil {
		t.Fatal("wrong type accepted")
	}
	if err := s.CheckSchema("Nope", map[string]any{}); err == nil {
		t.Fatal("unknown schema accepted")
	}
}

// The real spec: documents that must pass and documents that must fail.
func TestRealSpec(t *testing.T) {
	s := Load(t)
	const nid = "e3c7fdd8-b1fc-4e51-85ae-bb276e075611"
	good := `{"userId":"u1","restrictMultipleAccounts":true,"transferOptions":{"toAddresses":[{"networkId":"` + nid + `","symbol":"ETH","address":"0xabc","amount":1.5}],"transactionId":"tx","transferType":"payment","clientFee":0.02,"fundingOptions":{"enabled":true},"generatePayLink":true}}`
	s.ValidateRequest(t, "POST", "/api/v1/linktoken", good)

	bad := []struct{ name, body, path string }{
		{"configurationId from the docs example", `{"userId":"u","configurationId":"` + nid + `"}`, "$.configurationId"},
		{"missing userId", `{}`, "$"},
		{"userId too long", `{"userId":"` + strings.Repeat("u", 301) + `"}`, "$.userId"},
		{"bad transferType", `{"userId":"u","transferOptions":{"transferType":"withdrawal"}}`, "$.transferOptions.transferType"},
		{"clientFee above 1", `{"userId":"u","transferOptions":{"clientFee":2}}`, "$.transferOptions.clientFee"},
		{"bad networkId", `{"userId":"u","transferOptions":{"toAddresses":[{"networkId":"eth"}]}}`, "$.transferOptions.toAddresses[0].networkId"},
		{"transactionId too long", `{"userId":"u","transferOptions":{"transactionId":"` + strings.Repeat("t", 129) + `"}}`, "$.transferOptions.transactionId"},
	}
	for _, tt := range bad {
		err := s.CheckRequest("POST", "/api/v1/linktoken", tt.body)
		var se *Error
		if !errors.As(err, &se) || !se.Has(tt.path, "") {
			t.Errorf("%s: want a violation at %s, got %v", tt.name, tt.path, err)
		}
	}

	okResp := `{"content":{"linkToken":"aHR0cHM6Ly9leGFtcGxlLmNvbQ==","paymentLink":null},"status":"ok","message":"","displayMessage":null,"errorHash":"8d443794","errorType":"","errorData":null}`
	s.ValidateResponse(t, "POST", "/api/v1/linktoken", 200, okResp)
	if err := s.CheckResponse("POST", "/api/v1/linktoken", 200, `{"content":{"linkToken":"x"},"status":"great"}`); err == nil {
		t.Error("bad envelope status accepted")
	}
	if err := s.CheckResponse("POST", "/api/v1/linktoken", 429, `{"status":"tooManyRequest"}`); err == nil {
		t.Error("undeclared 429 accepted without EnvelopeFallback")
	}
	s.ValidateResponse(t, "POST", "/api/v1/linktoken", 429, `{"status":"tooManyRequest","message":"slow down"}`, EnvelopeFallback)

	s.ValidateQuery(t, "GET", "/api/v1/transfers/managed/mesh", url.Values{
		"Count": {"100"}, "Offset": {"0"}, "Statuses": {"pending", "failed"}, "OrderBy": {"createdTimestamp"}, "DescendingOrder": {"true"},
	})
	if err := s.CheckQuery("GET", "/api/v1/transfers/managed/mesh", url.Values{"OrderBy": {"amount"}}); err == nil {
		t.Error("bad OrderBy accepted")
	}
	if err := s.CheckQuery("GET", "/api/v1/assets/cryptocurrency", url.Values{"Count": {"1"}}); err != nil {
		t.Errorf("templated path with a concrete value: %v", err)
	}
	if _, err := s.Operation("GET", "/api/v1/assets/cryptocurrency"); err != nil {
		t.Error(err)
	}
}

// Every schema-conformant example of the spec validates; the known bad ones fail.
func TestRealSpecExamples(t *testing.T) {
	s := Load(t)
	known := map[string]string{
		"POST /api/v1/linktoken request":               "configurationId is not in GetLinkTokenRequest (issue 3: the schema wins)",
		"POST /api/v1/cataloglink request":             "isCustomClientFeeProvided/isInclusiveFeeEnabled are not in the closed request schema",
		"GET /api/v1/status 200":                       `integration type "celsius" is not a BrokerType`,
		"POST /api/v1/transactions/details 200":        "the example is the bare content, not the ApiResult envelope",
		"POST /api/v1/transactions/symbolinfo request": "the example omits the required authToken and paymentSymbol",
		"POST /api/v1/transfers/managed/preview 200":   "amountWithCustomClientFee is a string in the example, a number in the schema",
	}
	n := 0
	failed := map[string]bool{}
	for _, ex := range s.Examples() {
		key := ex.Method + " " + ex.Path + " request"
		var err error
		if ex.Request {
			err = s.CheckRequest(ex.Method, ex.Path, ex.Value)
		} else {
			key = ex.Method + " " + ex.Path + " " + ex.Status
			var code int
			for _, c := range ex.Status {
				code = code*10 + int(c-'0')
			}
			err = s.CheckResponse(ex.Method, ex.Path, code, ex.Value)
		}
		n++
		if err != nil {
			failed[key] = true
			if _, ok := known[key]; !ok {
				t.Errorf("example does not match its schema (%s): %v", ex.MediaType, err)
			}
		}
	}
	for key, why := range known {
		if !failed[key] {
			t.Errorf("every example of %s now validates; drop the exception %q", key, why)
		}
	}
	if n < 20 {
		t.Fatalf("only %d examples found", n)
	}
}
