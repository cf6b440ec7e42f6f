package meshsim

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Webhooks: every status change of a transfer (including its creation as pending)
// becomes one event with a stable EventId. Each delivery attempt gets a new Id and is
// signed with X-Mesh-Signature-256 = base64(HMAC-SHA256(secret, raw body)). A receiver
// that does not answer 200 within Options.WebhookTimeout (200 ms) gets the event again
// after Options.WebhookBackoff(attempt), up to WebhookMaxAttempts. One worker delivers
// in order, so without injected reordering a transfer's events arrive in sequence.

// WebhookPayload is Mesh's transfer-status webhook body (PascalCase, flat).
type WebhookPayload struct {
	ID                    string  `json:"Id"`
	EventID               string  `json:"EventId"`
	SentTimestamp         int64   `json:"SentTimestamp"` // unix seconds
	UserID                string  `json:"UserId"`
	TransactionID         string  `json:"TransactionId"`
	TransferID            string  `json:"TransferId"`
	TransferStatus        string  `json:"TransferStatus"` // Pending, Succeeded, Failed
	TxHash                string  `json:"TxHash"`
	Chain                 string  `json:"Chain"`
	Token                 string  `json:"Token"`
	DestinationAddress    string  `json:"DestinationAddress"`
	SourceAccountProvider string  `json:"SourceAccountProvider"`
	SourceAmount          float64 `json:"SourceAmount"`
	DestinationAmount     float64 `json:"DestinationAmount"`
	RefundAddress         string  `json:"RefundAddress"`
	Timestamp             int64   `json:"Timestamp"` // unix ms of the status change
}

// WebhookDelivery is one delivery attempt, as recorded for tests and `meshdesk sim`.
type WebhookDelivery struct {
	ID         string // the payload's Id (new per attempt)
	EventID    string
	TransferID string
	Status     string // TransferStatus sent
	Attempt    int    // 1-based attempt of this event
	HTTPStatus int    // 0 when the request failed or timed out
	Err        string
	Body       []byte // the exact signed body
}

// SignWebhook returns the X-Mesh-Signature-256 value for body.
func SignWebhook(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

type hookEvent struct {
	payload WebhookPayload
	attempt int
}

type webhooker struct {
	s      *Sim
	client *http.Client

	mu         sync.Mutex
	url        string
	secret     string
	queue      []*hookEvent
	held       map[string]*hookEvent // reorder: pending events held per transfer
	inflight   int                   // queued + being sent + waiting for a retry
	deliveries []WebhookDelivery
	faults     webhookFaults // injected drops, duplicates, wrong statuses (webhook_faults.go)
	wake       chan struct{}
	idle       *sync.Cond
	closed     bool
	done       chan struct{}
}

func newWebhooker(s *Sim) *webhooker {
	w := &webhooker{s: s, url: s.opts.WebhookURL, secret: s.opts.WebhookSecret,
		client: &http.Client{Timeout: s.opts.WebhookTimeout}, held: map[string]*hookEvent{},
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	w.idle = sync.NewCond(&w.mu)
	go w.run()
	return w
}

func titleStatus(st string) string {
	if st == "" {
		return ""
	}
	return strings.ToUpper(st[:1]) + st[1:]
}

// emit queues the event for t's current status; called with s.mu held, never blocks.
func (w *webhooker) emit(t *Transfer) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.url == "" || w.closed {
		return
	}
	n, _ := networkByID(t.NetworkID)
	in, _ := integrationByID(t.IntegrationID)
	p := WebhookPayload{
		EventID: randomUUID(), UserID: t.UserID, TransactionID: t.ClientTransactionID, TransferID: t.ID,
		TransferStatus: titleStatus(t.Status), TxHash: t.Hash, DestinationAddress: t.DestinationAddress,
		Token: t.Symbol, SourceAmount: t.Amount, DestinationAmount: t.Amount - t.WithdrawalFee,
		RefundAddress: t.RefundAddress, Timestamp: w.s.nowMs(),
	}
	if n != nil {
		p.Chain = n.Name
	}
	if in != nil {
		p.SourceAccountProvider = in.Name
	}
	ev := &hookEvent{payload: p}
	if w.s.opts.WebhookReorder {
		if t.Status == StatusPending {
			w.held[t.ID] = ev
			w.inflight++
			return
		}
		w.push(ev)
		if h, ok := w.held[t.ID]; ok {
			delete(w.held, t.ID)
			w.inflight--
			w.push(h)
		}
		return
	}
	for _, q := range w.faults.apply(ev.payload) {
		w.push(&hookEvent{payload: q})
	}
	if w.s.opts.WebhookDuplicates {
		w.push(&hookEvent{payload: p})
	}
}

// push queues ev; caller holds w.mu.
func (w *webhooker) push(ev *hookEvent) {
	w.queue = append(w.queue, ev)
	w.inflight++
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *webhooker) run() {
	defer close(w.done)
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && !w.closed {
			w.mu.Unlock()
			<-w.wake
			w.mu.Lock()
		}
		if w.closed {
			w.mu.Unlock()
			return
		}
		ev := w.queue[0]
		w.queue = w.queue[1:]
		url, secret := w.url, w.secret
		w.mu.Unlock()
		w.deliver(ev, url, secret)
	}
}

func (w *webhooker) deliver(ev *hookEvent, url, secret string) {
	ev.attempt++
	p := ev.payload
	p.ID = randomUUID()
	p.SentTimestamp = w.s.clock().Unix()
	body, _ := json.Marshal(p)
	d := WebhookDelivery{ID: p.ID, EventID: p.EventID, TransferID: p.TransferID, Status: p.TransferStatus,
		Attempt: ev.attempt, Body: body}
	ok := false
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Mesh-Signature-256", SignWebhook(secret, body))
		req.Header.Set("User-Agent", "meshsim-webhooks/1")
		var resp *http.Response
		resp, err = w.client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			resp.Body.Close()
			d.HTTPStatus = resp.StatusCode
			ok = resp.StatusCode == http.StatusOK
			if !ok {
				err = fmt.Errorf("receiver answered %d", resp.StatusCode)
			}
		}
	}
	if err != nil {
		d.Err = err.Error()
	}
	w.s.log.Info("meshsim: webhook", "transfer", p.TransferID, "status", p.TransferStatus, "attempt", ev.attempt, "http", d.HTTPStatus, "err", d.Err)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.deliveries = append(w.deliveries, d)
	if ok || ev.attempt >= w.s.opts.WebhookMaxAttempts || w.closed {
		w.inflight--
		w.idle.Broadcast()
		return
	}
	wait := w.s.opts.WebhookBackoff(ev.attempt)
	time.AfterFunc(wait, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.closed {
			return
		}
		w.inflight--
		w.push(ev)
	})
}

func (w *webhooker) close() {
	w.mu.Lock()
	w.closed = true
	w.idle.Broadcast()
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	<-w.done
}

// SetWebhook changes the webhook URL and secret ("" URL turns webhooks off).
func (s *Sim) SetWebhook(url, secret string) {
	s.hooks.mu.Lock()
	s.hooks.url, s.hooks.secret = url, secret
	s.hooks.mu.Unlock()
}

// WebhookDeliveries returns every delivery attempt so far, in order.
func (s *Sim) WebhookDeliveries() []WebhookDelivery {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	return append([]WebhookDelivery(nil), s.hooks.deliveries...)
}

// WaitWebhooks blocks until no webhook is queued, being sent or waiting for a retry
// (events held back for reordering excepted), or ctx ends.
func (s *Sim) WaitWebhooks(ctx context.Context) error {
	w := s.hooks
	stop := context.AfterFunc(ctx, func() {
		w.mu.Lock()
		w.idle.Broadcast()
		w.mu.Unlock()
	})
	defer stop()
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.inflight-len(w.held) > 0 && !w.closed {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.idle.Wait()
	}
	return nil
}
