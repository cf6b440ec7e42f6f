package history

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
)

// EventStore is what the webhook receiver needs of the local database; *store.DB implements it.
type EventStore interface {
	ApplyWebhookEvent(ctx context.Context, profileID string, ev mesh.WebhookEvent) (store.Outcome, error)
	UpsertTransfers(ctx context.Context, profileID string, ts []mesh.Transfer) (store.PageResult, error)
	ResolveWebhookEvents(ctx context.Context, profileID string) (int, error)
}

// BatchEventStore is an EventStore that records several events in one transaction;
// *store.DB implements it. With it and ReceiverOptions.GroupCommit, deliveries that arrive
// while a transaction is being written are recorded together in the next one.
type BatchEventStore interface {
	ApplyWebhookEvents(ctx context.Context, profileID string, evs []mesh.WebhookEvent) ([]store.Outcome, error)
}

// webhookExpecter is a store whose background work yields to webhooks while a receiver
// listens (*store.DB: ExpectWebhooks), so a delivery does not wait for a long transaction.
type webhookExpecter interface {
	ExpectWebhooks() (done func())
}

// maxGroup is the most deliveries recorded in one transaction.
const maxGroup = 256

// DefaultMaxBody is the largest webhook body accepted (Mesh's payload is under 1 KiB).
const DefaultMaxBody = 64 << 10

// ReceiverOptions configure a Receiver.
type ReceiverOptions struct {
	// ProfileID is the profile whose transfers the webhooks update.
	ProfileID string
	// Secret is the profile's webhook secret (from the vault); required.
	Secret string
	// Store records events and applies statuses.
	Store EventStore
	// Source, when set, is used after answering Mesh to fetch (by Id) transfers an event
	// named before the store knew them. Without it the next sync fetches them.
	Source Source
	// GroupCommit records deliveries that arrive while another is being written together,
	// in one transaction (Store must be a BatchEventStore). Off by default: with SQLite in WAL
	// mode a commit costs little, and measured at 500 deliveries/s the group's members waiting
	// for the whole group gave a worse p99 than a commit each (BenchmarkReceiver500rps); it pays
	// when commits are slow (synchronous=FULL, a slow disk).
	GroupCommit bool
	// MaxBody caps the body size; larger bodies get 413 [DefaultMaxBody].
	MaxBody int64
	// OnEvent receives every delivery, accepted or refused, after it was answered, in order,
	// from one goroutine (so a slow callback never delays Mesh's acknowledgement).
	OnEvent func(Delivery)
	// Now is the clock [time.Now].
	Now func() time.Time
	// Logger receives refusals and background-fetch failures [discard].
	Logger *slog.Logger
}

// Delivery is one webhook request and what the receiver did with it.
type Delivery struct {
	// At is when it arrived.
	At time.Time `json:"at"`
	// HTTPStatus is the answer: 200 accepted (also for duplicates), 400 not a transfer-status
	// payload, 401 bad signature, 405 not a POST, 413 too large, 500 the store failed.
	HTTPStatus int `json:"httpStatus"`
	// Outcome is what the store did (empty when refused).
	Outcome store.Outcome `json:"outcome,omitempty"`
	// Event is the payload (zero when refused before parsing).
	Event mesh.WebhookEvent `json:"event"`
	// Reason says why a delivery was refused, or notes something odd about an accepted one.
	Reason string `json:"reason,omitempty"`
	// Latency is the time from arrival to the answer.
	Latency time.Duration `json:"latency"`
	// RemoteAddr is the peer (or the proxy in front of the receiver).
	RemoteAddr string `json:"remoteAddr"`
}

// ReceiverStats counts deliveries since the receiver was made.
type ReceiverStats struct {
	// Received counts every request.
	Received int64 `json:"received"`
	// Applied counts events that changed a stored transfer.
	Applied int64 `json:"applied"`
	// Duplicates counts repeated EventIds (acknowledged, nothing changed).
	Duplicates int64 `json:"duplicates"`
	// Unknown counts events for transfers not stored yet (kept, fetched afterwards).
	Unknown int64 `json:"unknown"`
	// Refused counts requests answered with anything but 200.
	Refused int64 `json:"refused"`
	// Fetched counts transfers fetched by Id after an Unknown event.
	Fetched int64 `json:"fetched"`
}

// Receiver is the http.Handler for Mesh's transfer-status webhooks (mesh-api.md §5). Mount it
// at the path registered with Mesh, behind whatever makes it reachable from Mesh (a reverse
// proxy or tunnel); it answers well within Mesh's 200 ms.
type Receiver struct {
	o        ReceiverOptions
	unexpect func() // ends the store's ExpectWebhooks, if it has it

	received, applied, duplicates, unknown, refused, fetched atomic.Int64

	evMu    sync.Mutex
	evQueue []Delivery
	evWake  chan struct{}

	// Deliveries waiting for the group commit (BatchEventStore only); writing is set while a
	// delivery's handler (the leader) writes a group.
	groupMu     sync.Mutex
	groupQueue  []*groupItem
	writing     bool
	groupClosed bool

	fetchMu      sync.Mutex
	fetchQueue   []string
	fetchPending map[string]bool
	fetchWake    chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed atomic.Bool
}

// NewReceiver checks the options and starts the receiver's background workers; Close stops them.
func NewReceiver(o ReceiverOptions) (*Receiver, error) {
	if o.ProfileID == "" {
		return nil, errors.New("webhook receiver: no profile")
	}
	if o.Secret == "" {
		return nil, errors.New("webhook receiver: the profile has no webhook secret (set one with `meshdesk profiles set-secret NAME webhook` or MESH_WEBHOOK_SECRET)")
	}
	if o.Store == nil {
		return nil, errors.New("webhook receiver: no store")
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Receiver{o: o, evWake: make(chan struct{}, 1), fetchWake: make(chan struct{}, 1), fetchPending: map[string]bool{}}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	if e, ok := o.Store.(webhookExpecter); ok {
		r.unexpect = e.ExpectWebhooks()
	}
	r.wg.Add(2)
	go r.eventLoop()
	go r.fetchLoop()
	return r, nil
}

// Stats returns the delivery counters.
func (r *Receiver) Stats() ReceiverStats {
	return ReceiverStats{Received: r.received.Load(), Applied: r.applied.Load(), Duplicates: r.duplicates.Load(),
		Unknown: r.unknown.Load(), Refused: r.refused.Load(), Fetched: r.fetched.Load()}
}

// Close stops the background fetches (a transfer not fetched yet is fetched by the next sync)
// and waits until every delivery was passed to OnEvent.
func (r *Receiver) Close() error {
	if r.closed.Swap(true) {
		return nil
	}
	r.groupMu.Lock()
	r.groupClosed = true // deliveries already queued are still written by their leaders
	r.groupMu.Unlock()
	r.cancel()
	wake(r.evWake)
	wake(r.fetchWake)
	r.wg.Wait()
	if r.unexpect != nil {
		r.unexpect()
	}
	return nil
}

func wake(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// ServeHTTP verifies, records and applies one delivery.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	d := Delivery{At: r.o.Now(), RemoteAddr: req.RemoteAddr}
	start := time.Now()
	r.received.Add(1)
	d.HTTPStatus, d.Reason = r.handle(req, &d)
	d.Latency = time.Since(start)
	if d.HTTPStatus == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	body := []byte(`{"ok":true}`)
	if d.HTTPStatus != http.StatusOK {
		r.refused.Add(1)
		b, _ := json.Marshal(map[string]string{"error": d.Reason})
		body = b
		r.o.Logger.Warn("history: webhook refused", "status", d.HTTPStatus, "reason", d.Reason, "remote", d.RemoteAddr)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(d.HTTPStatus)
	_, _ = w.Write(body)
	if r.o.OnEvent != nil && !r.closed.Load() {
		r.evMu.Lock()
		r.evQueue = append(r.evQueue, d)
		r.evMu.Unlock()
		wake(r.evWake)
	}
}

// handle returns the HTTP status and, when refused, why.
func (r *Receiver) handle(req *http.Request, d *Delivery) (int, string) {
	if req.Method != http.MethodPost {
		return http.StatusMethodNotAllowed, "webhooks are POSTed"
	}
	if req.ContentLength > r.o.MaxBody {
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("body of %d bytes is over the %d-byte limit", req.ContentLength, r.o.MaxBody)
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, req.Body, r.o.MaxBody))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return http.StatusRequestEntityTooLarge, fmt.Sprintf("body is over the %d-byte limit", r.o.MaxBody)
		}
		return http.StatusBadRequest, "reading the body: " + err.Error()
	}
	// Verify before looking inside: nothing unauthenticated is parsed or stored.
	if err := mesh.VerifySignature(body, req.Header.Get(mesh.SignatureHeader), r.o.Secret); err != nil {
		return http.StatusUnauthorized, err.Error()
	}
	ev, note, err := parseEvent(body)
	if err != nil {
		return http.StatusBadRequest, err.Error()
	}
	d.Event = ev
	d.Reason = note
	stored := ev
	if stored.TransferStatus != "" && !stored.TransferStatus.Known() {
		// Recorded (its raw body keeps the status) but not applied: the store knows only
		// pending, succeeded and failed.
		stored.TransferStatus = ""
	}
	out, err := r.apply(req.Context(), stored)
	if err != nil {
		r.o.Logger.Error("history: storing webhook event", "event", ev.EventID, "err", err)
		return http.StatusInternalServerError, "could not store the event; Mesh will retry"
	}
	d.Outcome = out
	switch out {
	case store.OutcomeDuplicate:
		r.duplicates.Add(1)
	case store.OutcomeUnknownTransfer:
		r.unknown.Add(1)
		r.queueFetch(ev.TransferID)
	case store.OutcomeApplied:
		r.applied.Add(1)
	}
	return http.StatusOK, note
}

// parseEvent decodes a transfer-status payload in any of its variants: PascalCase (or any
// key case), status in any letter case, optional fields missing, unknown fields kept in Raw.
// A payload without EventId gets a stable one derived from its transfer, status and
// timestamp, so Mesh's retries of it still dedupe.
func parseEvent(body []byte) (mesh.WebhookEvent, string, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return mesh.WebhookEvent{}, "", fmt.Errorf("%w: not a JSON object", mesh.ErrBadWebhookPayload)
	}
	var ev mesh.WebhookEvent
	if err := json.Unmarshal(trimmed, &ev); err != nil {
		return mesh.WebhookEvent{}, "", fmt.Errorf("%w: %v", mesh.ErrBadWebhookPayload, err)
	}
	ev.Raw = append(json.RawMessage(nil), trimmed...)
	if ev.TransferID == "" {
		return mesh.WebhookEvent{}, "", fmt.Errorf("%w: TransferId is missing", mesh.ErrBadWebhookPayload)
	}
	var note string
	if ev.EventID == "" {
		h := sha256.Sum256([]byte(ev.TransferID + "\x00" + string(ev.TransferStatus) + "\x00" + strconv.FormatInt(ev.Timestamp, 10)))
		ev.EventID = "derived-" + hex.EncodeToString(h[:16])
		note = "no EventId: deduplicated on transfer, status and timestamp"
	}
	if ev.TransferStatus != "" && !ev.TransferStatus.Known() {
		note = fmt.Sprintf("status %q is not pending, succeeded or failed: recorded, not applied", string(ev.TransferStatus))
	}
	return ev, note, nil
}

// groupItem is one delivery waiting for the group commit.
type groupItem struct {
	ev   mesh.WebhookEvent
	out  store.Outcome
	err  error
	done chan struct{} // closed once its group is written (or failed)
	lead chan struct{} // closed when it is to write the next group
}

// errClosed answers deliveries that arrive while the receiver shuts down (Mesh retries them).
var errClosed = errors.New("webhook receiver: shutting down")

// apply records one event, through the group commit when the store has one, and returns only
// after the transaction holding it has committed. The group commit has no goroutine of its
// own: a delivery that finds no group being written writes its own at once (the common case
// costs no hand-over); deliveries arriving meanwhile queue, and when the write ends the first
// of them writes all of them (up to maxGroup) in one transaction, and so on.
func (r *Receiver) apply(ctx context.Context, ev mesh.WebhookEvent) (store.Outcome, error) {
	bs, ok := r.o.Store.(BatchEventStore)
	if !ok || !r.o.GroupCommit {
		return r.o.Store.ApplyWebhookEvent(ctx, r.o.ProfileID, ev)
	}
	it := &groupItem{ev: ev, done: make(chan struct{}), lead: make(chan struct{})}
	r.groupMu.Lock()
	if r.groupClosed {
		r.groupMu.Unlock()
		return "", errClosed
	}
	r.groupQueue = append(r.groupQueue, it)
	leader := !r.writing
	r.writing = true
	r.groupMu.Unlock()
	if !leader {
		// Not ctx: once queued, the event may be committed, so the answer waits for it.
		select {
		case <-it.done:
			return it.out, it.err
		case <-it.lead:
		}
	}
	// The leader is first in the queue: its group holds it.
	r.groupMu.Lock()
	n := min(len(r.groupQueue), maxGroup)
	group := slices.Clone(r.groupQueue[:n])
	r.groupQueue = r.groupQueue[n:]
	r.groupMu.Unlock()
	r.commitGroup(bs, group)
	r.groupMu.Lock()
	if len(r.groupQueue) > 0 {
		close(r.groupQueue[0].lead)
	} else {
		r.writing = false
	}
	r.groupMu.Unlock()
	return it.out, it.err
}

func (r *Receiver) commitGroup(bs BatchEventStore, group []*groupItem) {
	// Not r.ctx: a delivery already queued is written even while the receiver closes.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	evs := make([]mesh.WebhookEvent, len(group))
	for i, it := range group {
		evs[i] = it.ev
	}
	outs, err := bs.ApplyWebhookEvents(ctx, r.o.ProfileID, evs)
	if err != nil && len(group) > 1 {
		for _, it := range group {
			r.commitGroup(bs, []*groupItem{it})
		}
		return
	}
	for i, it := range group {
		if err != nil {
			it.err = err
		} else {
			it.out = outs[i]
		}
		close(it.done)
	}
}

func (r *Receiver) eventLoop() {
	defer r.wg.Done()
	for {
		r.evMu.Lock()
		batch := r.evQueue
		r.evQueue = nil
		r.evMu.Unlock()
		for _, d := range batch {
			r.o.OnEvent(d)
		}
		if len(batch) > 0 {
			continue
		}
		if r.ctx.Err() != nil {
			return
		}
		select {
		case <-r.evWake:
		case <-r.ctx.Done():
		}
	}
}

func (r *Receiver) queueFetch(id string) {
	if r.o.Source == nil || r.closed.Load() {
		return
	}
	r.fetchMu.Lock()
	if !r.fetchPending[id] {
		r.fetchPending[id] = true
		r.fetchQueue = append(r.fetchQueue, id)
	}
	r.fetchMu.Unlock()
	wake(r.fetchWake)
}

// fetchLoop fetches unknown transfers by Id after Mesh has been answered, stores them and
// applies their kept events. A failure leaves the event kept for the next sync.
func (r *Receiver) fetchLoop() {
	defer r.wg.Done()
	for {
		r.fetchMu.Lock()
		var id string
		if len(r.fetchQueue) > 0 {
			id = r.fetchQueue[0]
			r.fetchQueue = r.fetchQueue[1:]
		}
		r.fetchMu.Unlock()
		if id == "" {
			select {
			case <-r.fetchWake:
				continue
			case <-r.ctx.Done():
				return
			}
		}
		err := r.fetchOne(id)
		r.fetchMu.Lock()
		delete(r.fetchPending, id)
		r.fetchMu.Unlock()
		if err != nil {
			if r.ctx.Err() != nil {
				return
			}
			r.o.Logger.Warn("history: fetching a transfer named by a webhook (the next sync will)", "transfer", id, "err", err)
		}
	}
}

func (r *Receiver) fetchOne(id string) error {
	ctx, cancel := context.WithTimeout(r.ctx, time.Minute)
	defer cancel()
	p, err := r.o.Source.TransferPage(ctx, PageQuery{ID: id, Count: 1})
	if err != nil {
		return err
	}
	if len(p.Transfers) == 0 {
		return fmt.Errorf("transfer %s: %w", id, mesh.ErrNotFound)
	}
	if _, err := r.o.Store.UpsertTransfers(ctx, r.o.ProfileID, p.Transfers); err != nil {
		return err
	}
	r.fetched.Add(1)
	_, err = r.o.Store.ResolveWebhookEvents(ctx, r.o.ProfileID)
	return err
}

// Idle reports whether no background fetch is queued or running (for tests and shutdown).
func (r *Receiver) Idle() bool {
	r.fetchMu.Lock()
	defer r.fetchMu.Unlock()
	return len(r.fetchPending) == 0
}
