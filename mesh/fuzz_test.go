package mesh

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzDecodeEnvelope: any body and status decode into a typed result or an
// error, never a panic and never a zero-value success; error statuses are
// always *Error; the secret never shows in an error.
func FuzzDecodeEnvelope(f *testing.F) {
	seeds := []struct {
		status int
		body   string
	}{
		{200, okNetworks},
		{200, `{"content":{"items":[{"id":"` + someUUID + `","amount":0.1}],"total":1},"status":"ok"}`},
		{200, `{"content":null,"status":"ok"}`},
		{200, `{"status":"badRequest","errorType":"missingField"}`},
		{400, `{"status":"badRequest","message":"Error message","displayMessage":"x","errorHash":"7dcbb73d","errorType":"missingField"}`},
		{401, ``},
		{429, `{"status":"tooManyRequest"}`},
		{502, `<html>Bad Gateway</html>`},
		{200, `{"content":{"networks":[`},
		{200, `[]`},
		{200, `{"content":1e999}`},
		{200, "{\"content\":{},\"message\":\"" + testSecret + "\"}"},
		{261, `{"Content":{}}`},
		{200, `{"Content":{"networks":[]},"content":null}`},
	}
	for _, s := range seeds {
		f.Add(s.status, []byte(s.body), "3")
	}
	now := func() time.Time { return time.Unix(1_800_000_000, 0) }
	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter string) {
		if status < 100 || status > 999 {
			status = 200 + (status%800+800)%800
		}
		h := http.Header{"Retry-After": {retryAfter}}
		var out struct {
			Networks []Network `json:"networks"`
		}
		err := decodeEnvelope("GET /x", status, h, body, false, &out, []string{testSecret}, now)
		if status < 200 || status >= 300 {
			var e *Error
			if !errors.As(err, &e) || e.HTTPStatus != status {
				t.Fatalf("status %d gave %v", status, err)
			}
		}
		if err == nil {
			// Success needs a JSON object envelope with non-null content.
			var env map[string]json.RawMessage
			if json.Unmarshal(bytes.TrimSpace(body), &env) != nil {
				t.Fatalf("success from a non-object body %q", body)
			}
			// encoding/json matches keys case-insensitively ("Content" too).
			found := false
			for k, c := range env {
				found = found || (strings.EqualFold(k, "content") && string(c) != "null")
			}
			if !found {
				t.Fatalf("success without content: %q", body)
			}
		} else {
			if strings.Contains(err.Error(), testSecret) {
				t.Fatalf("error leaks the secret: %v", err)
			}
			_ = IsBadRequest(err) || IsAuth(err) || IsNotFound(err) || IsRateLimited(err) || IsServer(err)
		}
	})
}

// FuzzConstructEvent: any body and header either verify and parse into an
// event with its ids and status, or fail with a sentinel error; a correctly
// signed body is never rejected for its signature.
func FuzzConstructEvent(f *testing.F) {
	f.Add([]byte(testWebhookBody), "", true)
	f.Add([]byte(`{"EventId":"e","TransferId":"t","TransferStatus":"SUCCEEDED"}`), "", true)
	f.Add([]byte(`{"EventId":"e"}`), "", true)
	f.Add([]byte(`not json`), "", true)
	f.Add([]byte(testWebhookBody), "AAAA", false)
	f.Add([]byte(``), "", false)
	f.Fuzz(func(t *testing.T, body []byte, header string, sign bool) {
		const secret = "whsec_fuzz"
		if sign {
			header = SignPayload(body, secret)
		}
		e, err := ConstructEvent(body, header, secret)
		if err != nil {
			if sign && (errors.Is(err, ErrBadSignature) || errors.Is(err, ErrNoSignature)) {
				t.Fatalf("correctly signed body rejected: %v", err)
			}
			if !errors.Is(err, ErrBadSignature) && !errors.Is(err, ErrNoSignature) && !errors.Is(err, ErrBadWebhookPayload) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if !sign && VerifySignature(body, header, secret) != nil {
			t.Fatal("accepted an event whose signature does not verify")
		}
		if e.EventID == "" || e.TransferID == "" || e.TransferStatus == "" {
			t.Fatalf("accepted an incomplete event %+v", e)
		}
		if l := NormalizeStatus(string(e.TransferStatus)); l != e.TransferStatus {
			t.Fatalf("status %q not normalised", e.TransferStatus)
		}
		if !bytes.Equal(e.Raw, body) {
			t.Fatal("Raw differs from the body")
		}
	})
}
