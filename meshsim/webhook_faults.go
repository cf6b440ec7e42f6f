package meshsim

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// Webhook fault kinds: what happens to the webhook events a WebhookFault matches.
const (
	// WebhookDrop never sends the event (Mesh lost it).
	WebhookDrop = "drop"
	// WebhookDuplicate sends the event twice with the same EventId (a retry after a lost
	// acknowledgement); each delivery has its own Id.
	WebhookDuplicate = "duplicate"
	// WebhookWrongStatus sends SendStatus instead of the status the transfer took: a webhook
	// the history contradicts.
	WebhookWrongStatus = "status"
)

// WebhookFault alters the webhooks of matching status changes, for reconciliation tests. It
// matches a transfer (TransferID, "" any) entering a status (Status: pending, succeeded or
// failed, "" any), Times times (0: every match).
type WebhookFault struct {
	Kind       string `json:"kind"`
	TransferID string `json:"transferId,omitempty"`
	Status     string `json:"status,omitempty"`
	// SendStatus is the status WebhookWrongStatus sends (pending, succeeded or failed).
	SendStatus string `json:"sendStatus,omitempty"`
	Times      int    `json:"times,omitempty"`

	hits int
}

func (f *WebhookFault) validate() error {
	switch f.Kind {
	case WebhookDrop, WebhookDuplicate:
		if f.SendStatus != "" {
			return fmt.Errorf("webhook fault %s takes no sendStatus", f.Kind)
		}
	case WebhookWrongStatus:
		if !knownStatus(f.SendStatus) {
			return fmt.Errorf("webhook fault status: sendStatus %q is not pending, succeeded or failed", f.SendStatus)
		}
	default:
		return fmt.Errorf("webhook fault: unknown kind %q (drop, duplicate, status)", f.Kind)
	}
	if f.Status != "" && !knownStatus(f.Status) {
		return fmt.Errorf("webhook fault: status %q is not pending, succeeded or failed", f.Status)
	}
	if f.Times < 0 {
		return fmt.Errorf("webhook fault: negative count")
	}
	return nil
}

func knownStatus(s string) bool {
	return s == StatusPending || s == StatusSucceeded || s == StatusFailed
}

// webhookFaults is the webhooker's list of faults.
type webhookFaults struct {
	mu     sync.Mutex
	faults []*WebhookFault
}

// apply returns the payloads to send for p: none (dropped), p, p twice, or p with another
// status. The first matching fault with hits left applies.
func (wf *webhookFaults) apply(p WebhookPayload) []WebhookPayload {
	wf.mu.Lock()
	defer wf.mu.Unlock()
	for _, f := range wf.faults {
		if f.TransferID != "" && !strings.EqualFold(f.TransferID, p.TransferID) {
			continue
		}
		if f.Status != "" && !strings.EqualFold(f.Status, p.TransferStatus) {
			continue
		}
		if f.Times > 0 && f.hits >= f.Times {
			continue
		}
		f.hits++
		switch f.Kind {
		case WebhookDrop:
			return nil
		case WebhookDuplicate:
			return []WebhookPayload{p, p}
		case WebhookWrongStatus:
			q := p
			q.TransferStatus = titleStatus(f.SendStatus)
			return []WebhookPayload{q}
		}
	}
	return []WebhookPayload{p}
}

// AddWebhookFault adds a fault to the emulator's webhooks.
func (s *Sim) AddWebhookFault(f WebhookFault) error {
	f.Kind = strings.ToLower(strings.TrimSpace(f.Kind))
	f.Status = strings.ToLower(f.Status)
	f.SendStatus = strings.ToLower(f.SendStatus)
	if err := f.validate(); err != nil {
		return err
	}
	f.hits = 0
	wf := &s.hooks.faults
	wf.mu.Lock()
	defer wf.mu.Unlock()
	wf.faults = append(wf.faults, &f)
	return nil
}

// WebhookFaults lists the webhook faults.
func (s *Sim) WebhookFaults() []WebhookFault {
	wf := &s.hooks.faults
	wf.mu.Lock()
	defer wf.mu.Unlock()
	out := make([]WebhookFault, 0, len(wf.faults))
	for _, f := range wf.faults {
		out = append(out, *f)
	}
	return out
}

// ClearWebhookFaults removes every webhook fault.
func (s *Sim) ClearWebhookFaults() {
	wf := &s.hooks.faults
	wf.mu.Lock()
	defer wf.mu.Unlock()
	wf.faults = nil
}

// SendWebhook queues an arbitrary signed webhook event, e.g. one for a transfer the history
// does not have. An empty EventID gets a random one, an empty Timestamp the emulator's now; the
// status is sent as given. It returns the EventId, or an error when no webhook URL is set.
func (s *Sim) SendWebhook(p WebhookPayload) (string, error) {
	if p.TransferID == "" {
		return "", fmt.Errorf("send webhook: no TransferId")
	}
	if p.EventID == "" {
		p.EventID = randomUUID()
	}
	if p.Timestamp == 0 {
		p.Timestamp = s.nowMs()
	}
	w := s.hooks
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.url == "" || w.closed {
		return "", fmt.Errorf("send webhook: no webhook URL is set")
	}
	w.push(&hookEvent{payload: p})
	return p.EventID, nil
}

// webhookFaultRoutes adds the webhook fault controls (no auth, loopback only, like /_sim/):
//
//	GET    /_sim/webhook-faults   list webhook faults
//	POST   /_sim/webhook-faults   add a WebhookFault
//	DELETE /_sim/webhook-faults   clear them
//	POST   /_sim/webhooks/send    send a WebhookPayload as given (e.g. for a transfer Mesh lacks)
func (s *Sim) webhookFaultRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /_sim/webhook-faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, s.WebhookFaults())
	})
	mux.HandleFunc("POST /_sim/webhook-faults", func(w http.ResponseWriter, r *http.Request) {
		var f WebhookFault
		if e := decodeBody(r, &f); e != nil {
			writeError(w, e)
			return
		}
		if err := s.AddWebhookFault(f); err != nil {
			writeError(w, badRequest(errInvalidField, "%v", err))
			return
		}
		writeJSON(w, 200, s.WebhookFaults())
	})
	mux.HandleFunc("DELETE /_sim/webhook-faults", func(w http.ResponseWriter, r *http.Request) {
		s.ClearWebhookFaults()
		writeJSON(w, 200, []WebhookFault{})
	})
	mux.HandleFunc("POST /_sim/webhooks/send", func(w http.ResponseWriter, r *http.Request) {
		var p WebhookPayload
		if e := decodeBody(r, &p); e != nil {
			writeError(w, e)
			return
		}
		id, err := s.SendWebhook(p)
		if err != nil {
			writeError(w, badRequest(errInvalidField, "%v", err))
			return
		}
		writeJSON(w, 200, map[string]string{"eventId": id})
	})
}
