package meshsim

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// Test controls under /_sim/ (no auth; the emulator listens on loopback only):
//
//	GET    /_sim/faults            list scripted faults
//	POST   /_sim/faults            add a Fault or a JSON array of them
//	DELETE /_sim/faults            clear faults
//	GET    /_sim/requests          per-route request counts
//	DELETE /_sim/requests          reset the counts
//	POST   /_sim/settle            settle every due transfer now
//	POST   /_sim/transfers/{id}/status  {"status":"succeeded"} change a transfer (webhook)
//	GET    /_sim/webhooks          delivery attempts so far
func (s *Sim) controlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, s.Faults())
	})
	mux.HandleFunc("POST /_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		var raw json.RawMessage
		if e := decodeBody(r, &raw); e != nil {
			writeError(w, e)
			return
		}
		var fs []Fault
		var target any = &fs
		var one Fault
		if len(raw) == 0 || raw[0] != '[' {
			target = &one
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(target); err != nil {
			writeError(w, jsonError(err))
			return
		}
		if target == &one {
			fs = []Fault{one}
		}
		for _, f := range fs {
			if err := f.validate(); err != nil {
				writeError(w, badRequest(errInvalidField, "%v", err))
				return
			}
		}
		for _, f := range fs {
			_ = s.AddFault(f)
		}
		writeJSON(w, 200, s.Faults())
	})
	mux.HandleFunc("DELETE /_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		s.ClearFaults()
		writeJSON(w, 200, []Fault{})
	})
	mux.HandleFunc("GET /_sim/requests", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, s.RequestCounts())
	})
	mux.HandleFunc("DELETE /_sim/requests", func(w http.ResponseWriter, r *http.Request) {
		s.ResetRequestCounts()
		writeJSON(w, 200, map[string]int{})
	})
	mux.HandleFunc("POST /_sim/settle", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]int{"settled": s.SettleDue()})
	})
	mux.HandleFunc("POST /_sim/transfers/{id}/status", func(w http.ResponseWriter, r *http.Request) {
		var b struct {
			Status string `json:"status"`
		}
		if e := decodeBody(r, &b); e != nil {
			writeError(w, e)
			return
		}
		t, err := s.SetTransferStatus(r.PathValue("id"), b.Status)
		if err == ErrUnknownTransfer {
			writeError(w, notFound("Transfer %s was not found.", r.PathValue("id")))
			return
		}
		if err != nil {
			writeError(w, badRequest(errInvalidField, "%v", err))
			return
		}
		writeJSON(w, 200, t)
	})
	mux.HandleFunc("GET /_sim/webhooks", func(w http.ResponseWriter, r *http.Request) {
		type d struct {
			ID, EventID, TransferID, Status string
			Attempt, HTTPStatus             int
			Err                             string `json:",omitempty"`
		}
		var out []d
		for _, x := range s.WebhookDeliveries() {
			out = append(out, d{x.ID, x.EventID, x.TransferID, x.Status, x.Attempt, x.HTTPStatus, x.Err})
		}
		writeJSON(w, 200, out)
	})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, &apiError{status: "serverFailure", errorType: errServer, message: "encode: " + err.Error()})
		return
	}
	writeRaw(w, code, b)
}
