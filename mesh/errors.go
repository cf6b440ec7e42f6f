package mesh

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// API status values of the envelope's "status" field (schema ApiResultStatus).
const (
	APIStatusOK                         = "ok"
	APIStatusServerFailure              = "serverFailure"
	APIStatusPermissionDenied           = "permissionDenied"
	APIStatusBadRequest                 = "badRequest"
	APIStatusNotFound                   = "notFound"
	APIStatusConflict                   = "conflict"
	APIStatusTooManyRequest             = "tooManyRequest"
	APIStatusLocked                     = "locked"
	APIStatusUnavailableForLegalReasons = "unavailableForLegalReasons"
)

// ErrNotFound is returned by look-ups that found nothing (e.g. TransferByID);
// IsNotFound reports true for it as well as for Mesh's 404s.
var ErrNotFound = errors.New("mesh: not found")

// Error is a failed call: Mesh answered with an error status or envelope, or
// with a body that is not the envelope at all (then Err says why and Body
// holds the start of what came back). It never contains the client secret.
type Error struct {
	// Op names the endpoint, e.g. "POST /api/v1/linktoken".
	Op string
	// HTTPStatus is the response's status code.
	HTTPStatus int
	// Status is the envelope's status (e.g. badRequest), if any.
	Status string
	// ErrorType is Mesh's machine-readable reason (e.g. missingField), if any.
	ErrorType string
	// Message is Mesh's message for developers.
	Message string
	// DisplayMessage is Mesh's message fit for end users, if any.
	DisplayMessage string
	// ErrorHash groups identical errors on Mesh's side; quote it to Mesh support.
	ErrorHash string
	// ErrorData is the envelope's errorData, verbatim.
	ErrorData []byte
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// Attempts is how many times the request was sent.
	Attempts int
	// Body is the start of a body that was not a Mesh envelope (sanitised).
	Body string
	// Err is the decoding problem when the body was not a usable envelope.
	Err error
}

// Error describes the failure: endpoint, HTTP status, Mesh status and
// errorType, the message, and the errorHash to quote to Mesh support.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("mesh: ")
	b.WriteString(e.Op)
	fmt.Fprintf(&b, ": HTTP %d", e.HTTPStatus)
	if t := http.StatusText(e.HTTPStatus); t != "" {
		b.WriteString(" " + t)
	}
	if e.Status != "" {
		b.WriteString(" (" + e.Status)
		if e.ErrorType != "" {
			b.WriteString("/" + e.ErrorType)
		}
		b.WriteString(")")
	} else if e.ErrorType != "" {
		b.WriteString(" (" + e.ErrorType + ")")
	}
	if msg := e.UserMessage(); msg != "" {
		b.WriteString(": " + msg)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	if e.Body != "" {
		fmt.Fprintf(&b, " (body starts %q)", e.Body)
	}
	if e.ErrorHash != "" {
		b.WriteString(" [errorHash " + e.ErrorHash + "]")
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// Unwrap returns the decoding problem, if any.
func (e *Error) Unwrap() error { return e.Err }

// UserMessage is the best message to show: DisplayMessage, else Message.
func (e *Error) UserMessage() string {
	if e.DisplayMessage != "" {
		return e.DisplayMessage
	}
	return e.Message
}

func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsBadRequest reports whether Mesh rejected the request as invalid
// (HTTP 400 or status badRequest), or the client refused to send it
// (a *ValidationError).
func IsBadRequest(err error) bool {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return true
	}
	e, ok := asError(err)
	return ok && (e.HTTPStatus == http.StatusBadRequest || e.Status == APIStatusBadRequest)
}

// IsAuth reports whether the credentials were refused or lack a scope
// (HTTP 401/403 or status permissionDenied).
func IsAuth(err error) bool {
	e, ok := asError(err)
	return ok && (e.HTTPStatus == http.StatusUnauthorized || e.HTTPStatus == http.StatusForbidden ||
		e.Status == APIStatusPermissionDenied)
}

// IsNotFound reports whether the thing asked for does not exist (HTTP 404,
// status notFound, or ErrNotFound).
func IsNotFound(err error) bool {
	if errors.Is(err, ErrNotFound) {
		return true
	}
	e, ok := asError(err)
	return ok && (e.HTTPStatus == http.StatusNotFound || e.Status == APIStatusNotFound)
}

// IsRateLimited reports whether Mesh throttled the call (HTTP 429 or status
// tooManyRequest), after any retries.
func IsRateLimited(err error) bool {
	e, ok := asError(err)
	return ok && (e.HTTPStatus == http.StatusTooManyRequests || e.Status == APIStatusTooManyRequest)
}

// IsServer reports whether Mesh (or a proxy in front of it) failed: HTTP 5xx
// or status serverFailure.
func IsServer(err error) bool {
	e, ok := asError(err)
	return ok && (e.HTTPStatus >= 500 || e.Status == APIStatusServerFailure)
}

// ValidationError is a request field that breaks the spec's rules; the
// client returns it before sending anything. Field is a JSON path such as
// "transferOptions.toAddresses[0].address", for showing the message beside
// the right input.
type ValidationError struct {
	// Field is the JSON path of the offending field.
	Field string
	// Msg says what is wrong with it.
	Msg string
}

// Error is "invalid <field>: <msg>".
func (e *ValidationError) Error() string {
	return "invalid " + e.Field + ": " + e.Msg
}

// ValidationErrors lists every invalid field of a request. errors.As finds
// the first *ValidationError in it.
type ValidationErrors []*ValidationError

// Error joins every field error.
func (es ValidationErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap lets errors.As and errors.Is see each field error.
func (es ValidationErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Fields maps each invalid field path to its message (the first one when a
// field has several).
func (es ValidationErrors) Fields() map[string]string {
	m := make(map[string]string, len(es))
	for _, e := range es {
		if _, ok := m[e.Field]; !ok {
			m[e.Field] = e.Msg
		}
	}
	return m
}

// validator collects field errors while a request checks itself.
type validator struct {
	errs ValidationErrors
}

func (v *validator) add(field, format string, args ...any) {
	v.errs = append(v.errs, &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) err() error {
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}
