package meshsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The envelope (ApiResult) and error answers.

// Error types the emulator answers with (errorType). Mesh documents missingField,
// invalidField and badRequest; the others are the emulator's choice (README).
const (
	errMissingField = "missingField"
	errInvalidField = "invalidField"
	errBadRequest   = "badRequest"
	errNotFound     = "notFound"
	errUnauthorized = "unauthorized"
	errForbidden    = "forbidden"
	errTooMany      = "tooManyRequests"
	errServer       = "serverFailure"
	errInvalidToken = "invalidAuthToken"
)

// statusCode maps an ApiResult status to its HTTP status (README: choices).
var statusCode = map[string]int{
	"ok": 200, "badRequest": 400, "permissionDenied": 403, "notFound": 404, "conflict": 409,
	"locked": 423, "unavailableForLegalReasons": 451, "tooManyRequest": 429, "serverFailure": 500,
}

// apiError is an error answer: envelope status, errorType and message.
type apiError struct {
	status    string
	errorType string
	message   string
}

func (e *apiError) Error() string { return e.message }

func badRequest(errorType, format string, a ...any) *apiError {
	return &apiError{status: "badRequest", errorType: errorType, message: fmt.Sprintf(format, a...)}
}

func notFound(format string, a ...any) *apiError {
	return &apiError{status: "notFound", errorType: errNotFound, message: fmt.Sprintf(format, a...)}
}

func errorHash() string { return randomToken(4) }

// writeOK answers 200 with the envelope around content.
func writeOK(w http.ResponseWriter, content any) {
	var buf bytes.Buffer
	buf.WriteString(`{"content":`)
	if err := json.NewEncoder(&buf).Encode(content); err != nil {
		writeError(w, &apiError{status: "serverFailure", errorType: errServer, message: "encode response: " + err.Error()})
		return
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	buf.WriteString(`,"status":"ok","message":"","displayMessage":null,"errorHash":"`)
	buf.WriteString(errorHash())
	buf.WriteString(`","errorType":"","errorData":null}`)
	writeRaw(w, 200, buf.Bytes())
}

// writeOKNoContent answers 200 with a bare ApiResult (no content member).
func writeOKNoContent(w http.ResponseWriter, message string) {
	b, _ := json.Marshal(map[string]any{"status": "ok", "message": message, "displayMessage": nil,
		"errorHash": errorHash(), "errorType": "", "errorData": nil})
	writeRaw(w, 200, b)
}

// writeOKMessage answers 200 with content and a message (e.g. a failed preview).
func writeOKMessage(w http.ResponseWriter, content any, message string) {
	b, err := json.Marshal(struct {
		Content        any     `json:"content"`
		Status         string  `json:"status"`
		Message        string  `json:"message"`
		DisplayMessage *string `json:"displayMessage"`
		ErrorHash      string  `json:"errorHash"`
		ErrorType      string  `json:"errorType"`
		ErrorData      any     `json:"errorData"`
	}{content, "ok", message, nil, errorHash(), "", nil})
	if err != nil {
		writeError(w, &apiError{status: "serverFailure", errorType: errServer, message: "encode response"})
		return
	}
	writeRaw(w, 200, b)
}

// writeError answers with the error envelope (no content member).
func writeError(w http.ResponseWriter, e *apiError) {
	code := statusCode[e.status]
	if code == 0 {
		code = 500
	}
	b, _ := json.Marshal(map[string]any{"status": e.status, "message": e.message, "displayMessage": e.message,
		"errorHash": randomToken(20), "errorType": e.errorType, "errorData": nil})
	writeRaw(w, code, b)
}

func writeRaw(w http.ResponseWriter, code int, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

// decodeBody reads a JSON request body strictly: one object, no unknown fields.
func decodeBody(r *http.Request, v any) *apiError {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	if err != nil {
		return badRequest(errBadRequest, "Could not read the request body.")
	}
	if len(body) > 1<<20 {
		return badRequest(errBadRequest, "The request body is too large.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest(errMissingField, "A non-empty request body is required.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return badRequest(errBadRequest, "The request body must be a single JSON object.")
	}
	return nil
}

func jsonError(err error) *apiError {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return badRequest(errInvalidField, "The JSON value of field '%s' could not be converted to %s.", field, te.Type)
	case errors.As(err, &se):
		return badRequest(errBadRequest, "The request body is not valid JSON (offset %d).", se.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badRequest(errInvalidField, "Unknown field '%s'.", name)
	default:
		return badRequest(errBadRequest, "The request body is not valid: %v.", err)
	}
}
