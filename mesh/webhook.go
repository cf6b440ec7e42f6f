package mesh

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SignatureHeader is the HTTP header carrying a webhook's signature:
// Base64(HMAC-SHA256(key = secret, message = raw body)).
const SignatureHeader = "X-Mesh-Signature-256"

// Webhook verification errors, for errors.Is.
var (
	// ErrNoSignature means the signature header was empty.
	ErrNoSignature = errors.New("mesh webhook: missing " + SignatureHeader + " header")
	// ErrBadSignature means the signature did not match the body and secret.
	ErrBadSignature = errors.New("mesh webhook: signature does not match")
	// ErrNoWebhookSecret means no secret was configured to verify with.
	ErrNoWebhookSecret = errors.New("mesh webhook: no webhook secret configured")
	// ErrBadWebhookPayload means the body is not a Mesh transfer-status payload.
	ErrBadWebhookPayload = errors.New("mesh webhook: invalid payload")
)

// WebhookEvent is a Mesh transfer-status webhook (mesh-api.md §5): a flat
// PascalCase JSON object with no event type. Mesh retries deliveries with the
// same EventID and a new ID, so receivers dedupe on EventID.
type WebhookEvent struct {
	// ID identifies this delivery attempt.
	ID string `json:"Id"`
	// EventID identifies the event across retries.
	EventID string `json:"EventId"`
	// SentTimestamp is when this delivery was sent, Unix seconds.
	SentTimestamp int64 `json:"SentTimestamp,omitempty"`
	// UserID is the client's end-user id.
	UserID string `json:"UserId,omitempty"`
	// TransactionID is the client's transferOptions.transactionId
	// (Transfer.ClientTransactionID).
	TransactionID string `json:"TransactionId,omitempty"`
	// TransferID is the Mesh transfer id (Transfer.ID).
	TransferID string `json:"TransferId"`
	// TransferStatus is the status, lower-cased when it is pending, succeeded
	// or failed in any case; any other value is kept verbatim.
	TransferStatus TransferStatus `json:"TransferStatus"`
	// TxHash is the on-chain hash, once known.
	TxHash string `json:"TxHash,omitempty"`
	// Chain is the network name (e.g. Ethereum).
	Chain string `json:"Chain,omitempty"`
	// Token is the asset symbol (e.g. ETH).
	Token string `json:"Token,omitempty"`
	// DestinationAddress is where the funds were sent.
	DestinationAddress string `json:"DestinationAddress,omitempty"`
	// SourceAccountProvider is the source institution's name (e.g. Binance).
	SourceAccountProvider string `json:"SourceAccountProvider,omitempty"`
	// SourceAddress is the sending address (seen only in third-party docs).
	SourceAddress string `json:"SourceAddress,omitempty"`
	// SourceAmount is what left the source account.
	SourceAmount *float64 `json:"SourceAmount,omitempty"`
	// DestinationAmount is what the destination received.
	DestinationAmount *float64 `json:"DestinationAmount,omitempty"`
	// RefundAddress is where a refund would go.
	RefundAddress string `json:"RefundAddress,omitempty"`
	// Timestamp is when the status changed, Unix milliseconds.
	Timestamp int64 `json:"Timestamp,omitempty"`

	// Raw is the exact body the event was parsed from, including any fields
	// this type does not name. It is not marshalled.
	Raw json.RawMessage `json:"-"`
}

// NormalizeStatus lower-cases s when it is pending, succeeded or failed in
// any letter case, and returns any other value unchanged.
func NormalizeStatus(s string) TransferStatus {
	l := TransferStatus(strings.ToLower(strings.TrimSpace(s)))
	if l.Known() {
		return l
	}
	return TransferStatus(s)
}

// UnmarshalJSON decodes a webhook payload, normalises TransferStatus and keeps
// the exact bytes in Raw.
func (e *WebhookEvent) UnmarshalJSON(data []byte) error {
	type plain WebhookEvent
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return fmt.Errorf("decode webhook event: %w", err)
	}
	*e = WebhookEvent(p)
	e.TransferStatus = NormalizeStatus(string(e.TransferStatus))
	if !bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		e.Raw = append(json.RawMessage(nil), data...)
	}
	return nil
}

// SentAt returns SentTimestamp as a time (zero when absent).
func (e WebhookEvent) SentAt() time.Time {
	if e.SentTimestamp == 0 {
		return time.Time{}
	}
	return time.Unix(e.SentTimestamp, 0).UTC()
}

// ChangedAt returns Timestamp (milliseconds) as a time (zero when absent).
func (e WebhookEvent) ChangedAt() time.Time {
	if e.Timestamp == 0 {
		return time.Time{}
	}
	return time.UnixMilli(e.Timestamp).UTC()
}

// RawNumber returns a top-level number field exactly as Mesh sent it
// (e.g. "SourceAmount"), and false when absent, null or not a number.
func (e WebhookEvent) RawNumber(field string) (string, bool) {
	return rawNumber(e.Raw, field)
}

// SignPayload returns the value of SignatureHeader for body:
// the standard base64 of HMAC-SHA256(secret, body). The emulator and tests
// sign with it; VerifySignature checks with it.
func SignPayload(body []byte, secret string) string {
	return base64.StdEncoding.EncodeToString(computeMAC(body, secret))
}

func computeMAC(body []byte, secret string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return m.Sum(nil)
}

// VerifySignature checks header (the SignatureHeader value) against body and
// secret in constant time. It returns ErrNoWebhookSecret, ErrNoSignature or
// ErrBadSignature (never the secret or the expected value).
func VerifySignature(body []byte, header, secret string) error {
	if secret == "" {
		return ErrNoWebhookSecret
	}
	header = strings.TrimSpace(header)
	if header == "" {
		return ErrNoSignature
	}
	got, err := base64.StdEncoding.DecodeString(header)
	if err != nil {
		// Tolerate a missing padding, which some proxies strip.
		got, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(header, "="))
		if err != nil {
			return fmt.Errorf("%w (header is not base64)", ErrBadSignature)
		}
	}
	if !hmac.Equal(got, computeMAC(body, secret)) {
		return ErrBadSignature
	}
	return nil
}

// ParseWebhookEvent parses body without verifying it. The body must be a JSON
// object with a non-empty EventId, TransferId and TransferStatus.
func ParseWebhookEvent(body []byte) (WebhookEvent, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return WebhookEvent{}, fmt.Errorf("%w: not a JSON object", ErrBadWebhookPayload)
	}
	var e WebhookEvent
	if err := json.Unmarshal(trimmed, &e); err != nil {
		return WebhookEvent{}, fmt.Errorf("%w: %v", ErrBadWebhookPayload, err)
	}
	switch {
	case e.EventID == "":
		return WebhookEvent{}, fmt.Errorf("%w: EventId is missing", ErrBadWebhookPayload)
	case e.TransferID == "":
		return WebhookEvent{}, fmt.Errorf("%w: TransferId is missing", ErrBadWebhookPayload)
	case e.TransferStatus == "":
		return WebhookEvent{}, fmt.Errorf("%w: TransferStatus is missing", ErrBadWebhookPayload)
	}
	e.Raw = append(json.RawMessage(nil), body...)
	return e, nil
}

// ConstructEvent verifies the signature header of body with secret, then
// parses it. Use it in the webhook receiver with the raw request body.
func ConstructEvent(body []byte, header, secret string) (WebhookEvent, error) {
	if err := VerifySignature(body, header, secret); err != nil {
		return WebhookEvent{}, err
	}
	return ParseWebhookEvent(body)
}
