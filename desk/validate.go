package desk

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"meshdesk/store"
)

// Limits of the fields a user types into a profile.
const (
	// MaxNameLen is the longest profile name, in characters.
	MaxNameLen = 64
	// MaxUserIDLen is the longest Mesh userId (the linktoken request's limit).
	MaxUserIDLen = 300
	// MaxClientIDLen is the longest client id accepted.
	MaxClientIDLen = 128
	// MaxSecretLen is the longest secret accepted, in bytes.
	MaxSecretLen = 4096
)

// ValidationError is one field of a profile operation that breaks a rule. Nothing was changed
// when it is returned. Field is the input's name ("name", "env", "baseUrl", "clientId",
// "subClientId", "userId", "secret", "kind"), for showing the message beside it; errors.Is
// reports it as store.ErrInvalid.
type ValidationError struct {
	// Field names the input.
	Field string
	// Msg says what is wrong, in one line, without the value when it may be secret.
	Msg string
}

// Error is "field: message".
func (e *ValidationError) Error() string { return e.Field + ": " + e.Msg }

// Is makes errors.Is(err, store.ErrInvalid) true for validation errors.
func (e *ValidationError) Is(target error) bool { return target == store.ErrInvalid }

func invalid(field, format string, a ...any) *ValidationError {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, a...)}
}

// IsValidation reports whether err is (or wraps) a *ValidationError.
func IsValidation(err error) bool {
	var ve *ValidationError
	return errors.As(err, &ve)
}

// hasControl reports whether s holds a control character (newlines, tabs, escapes).
func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// ValidateName checks a profile name: 1–64 characters after trimming, printable.
// Uniqueness is checked against the database by the callers.
func ValidateName(name string) error {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return invalid("name", "a profile name is required (1–%d characters)", MaxNameLen)
	case !utf8.ValidString(n):
		return invalid("name", "the profile name is not valid UTF-8")
	case utf8.RuneCountInString(n) > MaxNameLen:
		return invalid("name", "the profile name has %d characters; at most %d are allowed", utf8.RuneCountInString(n), MaxNameLen)
	case hasControl(n):
		return invalid("name", "the profile name contains a control character")
	}
	return nil
}

// ParseEnv checks an environment name: demo, sandbox or production (any case).
func ParseEnv(env string) (store.Env, error) {
	e := store.Env(strings.ToLower(strings.TrimSpace(env)))
	if e == "" {
		return "", invalid("env", "an environment is required: demo, sandbox or production")
	}
	if !e.Valid() {
		return "", invalid("env", "unknown environment %q: use demo, sandbox or production", env)
	}
	return e, nil
}

// ValidateBaseURL checks a base-URL override: empty, or an absolute http(s) URL with a host
// and no credentials, query or fragment (credentials would end up in the database).
func ValidateBaseURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || hasControl(raw):
		return invalid("baseUrl", "%q is not a valid URL", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return invalid("baseUrl", "%q is not an absolute http(s) URL", raw)
	case u.Host == "" || u.Hostname() == "":
		return invalid("baseUrl", "%q has no host", raw)
	case u.User != nil:
		return invalid("baseUrl", "the base URL must not contain a user name or password (secrets go to the keychain)")
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(raw, "?") || strings.HasSuffix(raw, "#"):
		return invalid("baseUrl", "%q must not have a query or fragment", raw)
	}
	return nil
}

// ValidateClientID checks a Mesh client id: required except for demo profiles (which use the
// emulator's), at most 128 characters, no spaces or control characters.
func ValidateClientID(id string, env store.Env) error {
	switch {
	case id == "" && env == store.EnvDemo:
		return nil
	case id == "":
		return invalid("clientId", "a client id is required for %s profiles (Mesh dashboard → API keys)", env)
	case len(id) > MaxClientIDLen:
		return invalid("clientId", "the client id is longer than %d characters", MaxClientIDLen)
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return invalid("clientId", "the client id contains spaces or control characters")
	}
	return nil
}

// ValidateSubClientID checks an optional sub-client id: empty or a UUID.
func ValidateSubClientID(id string) error {
	if id == "" || IsUUID(id) {
		return nil
	}
	return invalid("subClientId", "%q is not a UUID (like 3f2b9c1e-8d4a-4e6f-9a1b-2c3d4e5f6a7b)", id)
}

// IsUUID reports whether s is a UUID in its canonical 8-4-4-4-12 hex form (any case).
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// ValidateUserID checks a Mesh userId: 1–300 characters, no control characters.
func ValidateUserID(id string) error {
	n := utf8.RuneCountInString(id)
	switch {
	case strings.TrimSpace(id) == "":
		return invalid("userId", "the user id is empty (1–%d characters)", MaxUserIDLen)
	case n > MaxUserIDLen:
		return invalid("userId", "the user id has %d characters; at most %d are allowed", n, MaxUserIDLen)
	case hasControl(id) || !utf8.ValidString(id):
		return invalid("userId", "the user id contains control characters")
	}
	return nil
}

// SecretKind is one of a profile's secrets: client, webhook or admin.
type SecretKind = store.SecretKey

// ParseSecretKind checks a secret kind: client, webhook or admin.
func ParseSecretKind(kind string) (SecretKind, error) {
	k := store.SecretKey(strings.ToLower(strings.TrimSpace(kind)))
	for _, v := range store.ProfileSecretKeys {
		if k == v {
			return k, nil
		}
	}
	return "", invalid("kind", "unknown secret kind %q: use client, webhook or admin", kind)
}

// CleanSecret trims the whitespace around a secret (a pasted or piped value ends in a newline)
// and checks it is non-empty, single-line and not huge. The message never contains the value.
func CleanSecret(secret string) (string, error) {
	s := strings.TrimSpace(secret)
	switch {
	case s == "":
		return "", invalid("secret", "the secret is empty")
	case len(s) > MaxSecretLen:
		return "", invalid("secret", "the secret is longer than %d bytes", MaxSecretLen)
	case hasControl(s) || !utf8.ValidString(s):
		return "", invalid("secret", "the secret contains line breaks or control characters (give one secret on one line)")
	}
	return s, nil
}

// NewUserID makes a default Mesh userId that carries no personal data: "md-user-" and 16
// random hex digits.
func NewUserID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return "md-user-" + hex.EncodeToString(b[:])
}
