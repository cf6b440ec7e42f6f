package applog

import (
	"fmt"
	"log/slog"
)

// Redacted is what a Secret prints as, whatever the printer.
const Redacted = "[redacted]"

// Secret is a string that must never reach a log, an error message or the frontend:
// a client secret, a webhook secret, a Mesh tokenId. Every way Go prints or encodes a
// value (fmt verbs, %#v, slog, encoding/json, encoding.TextMarshaler) shows "[redacted]",
// so a secret is redacted by its type, not by searching log lines. Use Reveal where the
// real value is needed (the HTTP header, the keychain).
//
// Two gaps are left by the standard library: fmt prints a Secret held in an unexported
// struct field by reflection, without its methods, and encoding/json writes a map key of
// string kind as it is. Keep secrets in exported fields or variables, never as map keys.
type Secret string

// Reveal returns the secret's real value. Call it only where the value leaves for its
// one legitimate destination.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty (safe to log: it tells only presence).
func (s Secret) IsZero() bool { return s == "" }

// String implements fmt.Stringer.
func (Secret) String() string { return Redacted }

// GoString implements fmt.GoStringer (%#v).
func (Secret) GoString() string { return Redacted }

// Format implements fmt.Formatter, so every verb (%s %v %q %x %d …) prints "[redacted]".
func (Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON implements json.Marshaler: a Secret encodes as the string "[redacted]".
// Decoding is untouched: json.Unmarshal fills a Secret like any string.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText implements encoding.TextMarshaler (map keys, XML, text encoders).
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }
