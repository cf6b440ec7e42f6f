package mesh

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

const testWebhookBody = `{"Id":"358c6ab7-4518-416b-9266-c680fda3a8dd","EventId":"56713e70-be74-4a37-0036-08da97f5941a","SentTimestamp":1720532648,
 "UserId":"user_id_provided_by_client","TransactionId":"transaction_id_provided_by_client",
 "TransferId":"dd4063e5-f317-441c-3f07-08dc7353b6f8","TransferStatus":"Pending","TxHash":"0x7d4e3495",
 "Chain":"Ethereum","Token":"ETH","DestinationAddress":"0x0Ff0F0f0","SourceAccountProvider":"Binance",
 "SourceAmount":0.004786046226555188,"DestinationAmount":0.004786046226555188,"RefundAddress":"0x0Ff0F0f0",
 "Timestamp":1715175519038,"RefundType":"OffChainConvert"}`

func TestSignPayloadKnownVector(t *testing.T) {
	// HMAC-SHA256 test vector from RFC 4231 case 2, base64 encoded.
	got := SignPayload([]byte("what do ya want for nothing?"), "Jefe")
	const want = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
	if got != want {
		t.Fatalf("SignPayload = %q, want %q", got, want)
	}
}

func TestVerifySignature(t *testing.T) {
	body := []byte(testWebhookBody)
	good := SignPayload(body, "whsec")
	tests := []struct {
		name    string
		body    []byte
		header  string
		secret  string
		wantErr error
	}{
		{"valid", body, good, "whsec", nil},
		{"valid with spaces", body, "  " + good + "\n", "whsec", nil},
		{"valid without padding", body, strings.TrimRight(good, "="), "whsec", nil},
		{"wrong secret", body, good, "other", ErrBadSignature},
		{"tampered body", append([]byte(" "), body...), good, "whsec", ErrBadSignature},
		{"empty header", body, "", "whsec", ErrNoSignature},
		{"not base64", body, "!!!", "whsec", ErrBadSignature},
		{"hex instead of base64", body, "deadbeef", "whsec", ErrBadSignature},
		{"no secret", body, good, "", ErrNoWebhookSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifySignature(tt.body, tt.header, tt.secret)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("VerifySignature = %v, want %v", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), tt.secret) && tt.secret != "" {
				t.Fatalf("error leaks the secret: %v", err)
			}
		})
	}
}

func TestConstructEvent(t *testing.T) {
	body := []byte(testWebhookBody)
	e, err := ConstructEvent(body, SignPayload(body, "s"), "s")
	if err != nil {
		t.Fatal(err)
	}
	if e.TransferStatus != StatusPending || e.EventID != "56713e70-be74-4a37-0036-08da97f5941a" ||
		e.TransferID != "dd4063e5-f317-441c-3f07-08dc7353b6f8" || e.Timestamp != 1715175519038 ||
		e.SentTimestamp != 1720532648 || e.SourceAccountProvider != "Binance" {
		t.Fatalf("unexpected event %+v", e)
	}
	if e.SourceAmount == nil || *e.SourceAmount != 0.004786046226555188 {
		t.Fatalf("SourceAmount = %v", e.SourceAmount)
	}
	if n, ok := e.RawNumber("SourceAmount"); !ok || n != "0.004786046226555188" {
		t.Fatalf("RawNumber = %q %v", n, ok)
	}
	if !strings.Contains(string(e.Raw), `"RefundType":"OffChainConvert"`) {
		t.Fatal("extra field lost from Raw")
	}
	if got := e.ChangedAt().UnixMilli(); got != 1715175519038 {
		t.Fatalf("ChangedAt = %d", got)
	}
	if got := e.SentAt().Unix(); got != 1720532648 {
		t.Fatalf("SentAt = %d", got)
	}
	if _, err := ConstructEvent(body, SignPayload(body, "s"), "x"); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("wrong secret: %v", err)
	}
}

func TestWebhookStatusNormalised(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Pending", "pending"}, {"SUCCEEDED", "succeeded"}, {"failed", "failed"},
		{"Succeeded", "succeeded"}, {"RefundPending", "RefundPending"}, {"weird", "weird"},
	}
	for _, tt := range tests {
		body := []byte(`{"EventId":"e","TransferId":"t","TransferStatus":"` + tt.in + `"}`)
		e, err := ConstructEvent(body, SignPayload(body, "k"), "k")
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if string(e.TransferStatus) != tt.want {
			t.Errorf("%s: status %q, want %q", tt.in, e.TransferStatus, tt.want)
		}
	}
}

func TestParseWebhookEventRejects(t *testing.T) {
	tests := map[string]string{
		"empty":          ``,
		"array":          `[]`,
		"html":           `<html>`,
		"truncated":      `{"EventId":"e","TransferId":`,
		"no event id":    `{"TransferId":"t","TransferStatus":"pending"}`,
		"no transfer id": `{"EventId":"e","TransferStatus":"pending"}`,
		"no status":      `{"EventId":"e","TransferId":"t"}`,
		"wrong type":     `{"EventId":1,"TransferId":"t","TransferStatus":"pending"}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			b := []byte(body)
			if _, err := ConstructEvent(b, SignPayload(b, "k"), "k"); !errors.Is(err, ErrBadWebhookPayload) {
				t.Fatalf("err = %v, want ErrBadWebhookPayload", err)
			}
		})
	}
}

func TestWebhookEventRoundTrip(t *testing.T) {
	amt := 1.5
	in := WebhookEvent{ID: "i", EventID: "e", TransferID: "t", TransferStatus: StatusSucceeded, SourceAmount: &amt}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"TransferStatus":"succeeded"`) || strings.Contains(string(b), "Raw") {
		t.Fatalf("marshalled %s", b)
	}
	out, err := ParseWebhookEvent(b)
	if err != nil {
		t.Fatal(err)
	}
	if out.EventID != "e" || *out.SourceAmount != 1.5 {
		t.Fatalf("round trip %+v", out)
	}
}
