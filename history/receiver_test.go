package history_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"
)

const hookSecret = "whsec_test_0123456789"

// mustReceiver returns a receiver for a fresh store with the given transfers stored, and the
// deliveries it reports.
func mustReceiver(tb testing.TB, src history.Source, stored ...mesh.Transfer) (*history.Receiver, *store.DB, string, func() []history.Delivery) {
	tb.Helper()
	db, pid := mustStore(tb)
	if len(stored) > 0 {
		if _, err := db.UpsertTransfers(context.Background(), pid, stored); err != nil {
			tb.Fatal(err)
		}
	}
	var mu sync.Mutex
	var got []history.Delivery
	r, err := history.NewReceiver(history.ReceiverOptions{ProfileID: pid, Secret: hookSecret, Store: db, Source: src,
		OnEvent: func(d history.Delivery) { mu.Lock(); got = append(got, d); mu.Unlock() }})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = r.Close() })
	return r, db, pid, func() []history.Delivery {
		_ = r.Close() // flushes the callbacks
		mu.Lock()
		defer mu.Unlock()
		return append([]history.Delivery(nil), got...)
	}
}

func post(h http.Handler, body []byte, sig string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/webhooks/mesh", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if sig != "" {
		req.Header.Set(mesh.SignatureHeader, sig)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func mustStatus(tb testing.TB, db *store.DB, pid, id string) mesh.TransferStatus {
	tb.Helper()
	st, err := db.Transfer(context.Background(), pid, id)
	if err != nil {
		tb.Fatalf("transfer %s: %v", id, err)
	}
	return st.Transfer.Status
}

func TestReceiverPayloadVariants(t *testing.T) {
	const known = "dd4063e5-f317-441c-3f07-08dc7353b6f8"
	stored := mesh.Transfer{ID: known, Status: mesh.StatusPending, CreatedTimestamp: 1715175519}
	tests := []struct {
		name    string
		body    string
		sig     string // "" = sign correctly; "-" = no header
		code    int
		outcome store.Outcome
		status  mesh.TransferStatus // stored status afterwards
	}{
		{"documented PascalCase", `{"Id":"a1","EventId":"e1","SentTimestamp":1720532648,"UserId":"u","TransactionId":"t","TransferId":"` + known + `","TransferStatus":"Succeeded","TxHash":"0x7d4e","Chain":"Ethereum","Token":"ETH","DestinationAddress":"0x0F","SourceAccountProvider":"Binance","SourceAmount":0.004786046226555188,"DestinationAmount":0.0047,"RefundAddress":"0x0F","Timestamp":1715175519038}`, "", 200, store.OutcomeApplied, mesh.StatusSucceeded},
		{"status upper case", `{"EventId":"e2","TransferId":"` + known + `","TransferStatus":"FAILED"}`, "", 200, store.OutcomeApplied, mesh.StatusFailed},
		{"status lower case, camelCase keys", `{"eventId":"e3","transferId":"` + known + `","transferStatus":"succeeded"}`, "", 200, store.OutcomeApplied, mesh.StatusSucceeded},
		{"only the essentials", `{"EventId":"e4","TransferId":"` + known + `","TransferStatus":"Pending"}`, "", 200, store.OutcomeUnchanged, mesh.StatusPending},
		{"extra fields", `{"EventId":"e5","TransferId":"` + known + `","TransferStatus":"Succeeded","RefundType":"OffChainConvert","TransferSteps":[{"a":1}],"SourceAddress":"0xabc"}`, "", 200, store.OutcomeApplied, mesh.StatusSucceeded},
		{"no EventId", `{"Id":"x","TransferId":"` + known + `","TransferStatus":"Succeeded","Timestamp":1}`, "", 200, store.OutcomeApplied, mesh.StatusSucceeded},
		{"unknown status recorded, not applied", `{"EventId":"e6","TransferId":"` + known + `","TransferStatus":"RefundPending"}`, "", 200, store.OutcomeUnchanged, mesh.StatusPending},
		{"bad signature", `{"EventId":"e7","TransferId":"` + known + `","TransferStatus":"Succeeded"}`, "c2lnbmF0dXJl", 401, "", mesh.StatusPending},
		{"signature of another secret", `{"EventId":"e8","TransferId":"` + known + `","TransferStatus":"Succeeded"}`, mesh.SignPayload([]byte(`{"EventId":"e8","TransferId":"`+known+`","TransferStatus":"Succeeded"}`), "other"), 401, "", mesh.StatusPending},
		{"no signature", `{"EventId":"e9","TransferId":"` + known + `","TransferStatus":"Succeeded"}`, "-", 401, "", mesh.StatusPending},
		{"not JSON", `TransferStatus=Succeeded`, "", 400, "", mesh.StatusPending},
		{"JSON array", `[{"EventId":"e10"}]`, "", 400, "", mesh.StatusPending},
		{"broken JSON", `{"EventId":"e11","TransferId":`, "", 400, "", mesh.StatusPending},
		{"no TransferId", `{"EventId":"e12","TransferStatus":"Succeeded"}`, "", 400, "", mesh.StatusPending},
		{"wrong type", `{"EventId":"e13","TransferId":"` + known + `","TransferStatus":7}`, "", 400, "", mesh.StatusPending},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, db, pid, deliveries := mustReceiver(t, nil, stored)
			sig := tc.sig
			switch sig {
			case "":
				sig = mesh.SignPayload([]byte(tc.body), hookSecret)
			case "-":
				sig = ""
			}
			w := post(r, []byte(tc.body), sig)
			if w.Code != tc.code {
				t.Fatalf("HTTP %d (%s), want %d", w.Code, w.Body, tc.code)
			}
			if got := mustStatus(t, db, pid, known); got != tc.status {
				t.Errorf("stored status %q, want %q", got, tc.status)
			}
			evs, err := db.WebhookEvents(context.Background(), pid, 10)
			if err != nil {
				t.Fatal(err)
			}
			if tc.code != 200 && len(evs) != 0 {
				t.Errorf("refused delivery stored: %+v", evs)
			}
			if tc.code == 200 && len(evs) != 1 {
				t.Errorf("%d events stored, want 1", len(evs))
			}
			ds := deliveries()
			if len(ds) != 1 || ds[0].HTTPStatus != tc.code || ds[0].Outcome != tc.outcome {
				t.Errorf("deliveries %+v, want one with %d/%q", ds, tc.code, tc.outcome)
			}
			if tc.code != 200 && ds[0].Reason == "" {
				t.Errorf("refusal without a reason")
			}
		})
	}
}

func TestReceiverDuplicateChangesNothing(t *testing.T) {
	id := "0f5c2b8e-2d0a-4f55-9d8c-6a3f0e1b2c3d"
	r, db, pid, deliveries := mustReceiver(t, nil, mesh.Transfer{ID: id, Status: mesh.StatusPending})
	first := []byte(`{"Id":"d1","EventId":"ev","TransferId":"` + id + `","TransferStatus":"Succeeded"}`)
	retry := []byte(`{"Id":"d2","EventId":"ev","TransferId":"` + id + `","TransferStatus":"Succeeded"}`)
	late := []byte(`{"Id":"d3","EventId":"ev0","TransferId":"` + id + `","TransferStatus":"Pending"}`)
	for _, b := range [][]byte{first, retry, late} {
		if w := post(r, b, mesh.SignPayload(b, hookSecret)); w.Code != 200 {
			t.Fatalf("HTTP %d", w.Code)
		}
	}
	if got := mustStatus(t, db, pid, id); got != mesh.StatusSucceeded {
		t.Errorf("status %q after a late pending", got)
	}
	var outs []store.Outcome
	for _, d := range deliveries() {
		outs = append(outs, d.Outcome)
	}
	want := []store.Outcome{store.OutcomeApplied, store.OutcomeDuplicate, store.OutcomeStale}
	if fmt.Sprint(outs) != fmt.Sprint(want) {
		t.Errorf("outcomes %v, want %v", outs, want)
	}
	if st := r.Stats(); st.Received != 3 || st.Applied != 1 || st.Duplicates != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestReceiverLimits(t *testing.T) {
	r, _, _, _ := mustReceiver(t, nil)
	big := []byte(`{"EventId":"e","TransferId":"t","TransferStatus":"Pending","Pad":"` + strings.Repeat("x", history.DefaultMaxBody) + `"}`)
	if w := post(r, big, mesh.SignPayload(big, hookSecret)); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: HTTP %d", w.Code)
	}
	// Chunked (no Content-Length): cut off while reading.
	req := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(bytes.NewReader(big)))
	req.ContentLength = -1
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized chunked body: HTTP %d", w.Code)
	}
	req = httptest.NewRequest(http.MethodGet, "/", nil)
	w = httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != http.MethodPost {
		t.Errorf("GET: HTTP %d Allow %q", w.Code, w.Header().Get("Allow"))
	}
}

func TestNewReceiverRefusesMissingSecret(t *testing.T) {
	db, pid := mustStore(t)
	_, err := history.NewReceiver(history.ReceiverOptions{ProfileID: pid, Store: db})
	if err == nil || !strings.Contains(err.Error(), "webhook secret") {
		t.Errorf("no secret: %v", err)
	}
}

// TestReceiverFetchesUnknownTransfer keeps an event for a transfer the store does not know,
// answers at once, then fetches the transfer by Id and applies the kept status.
func TestReceiverFetchesUnknownTransfer(t *testing.T) {
	sim := mustSim(t, 0, nil)
	added, err := sim.AddTransfers(meshsim.Transfer{Status: meshsim.StatusPending})
	if err != nil {
		t.Fatal(err)
	}
	id := added[0].ID
	block := make(chan struct{})
	src := history.SourceFunc(func(ctx context.Context, q history.PageQuery) (history.Page, error) {
		select { // the fetch must not happen while Mesh waits
		case <-block:
		case <-ctx.Done():
			return history.Page{}, ctx.Err()
		}
		return history.MeshSource(mustClient(t, sim)).TransferPage(ctx, q)
	})
	r, db, pid, _ := mustReceiver(t, src)
	// The webhook says succeeded; Mesh's list still says pending: the kept event wins.
	b := []byte(`{"Id":"d","EventId":"ev-unknown","TransferId":"` + id + `","TransferStatus":"Succeeded","TxHash":"0xfeed"}`)
	w := post(r, b, mesh.SignPayload(b, hookSecret))
	if w.Code != 200 {
		t.Fatalf("HTTP %d", w.Code)
	}
	evs, err := db.UnknownTransferEvents(context.Background(), pid)
	if err != nil || len(evs) != 1 {
		t.Fatalf("kept events %v, %v", evs, err)
	}
	close(block)
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := db.Transfer(context.Background(), pid, id)
		if err == nil && st.Transfer.Status == mesh.StatusSucceeded {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("transfer not fetched and resolved: %v %+v", err, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st := r.Stats(); st.Fetched != 1 || st.Unknown != 1 {
		t.Errorf("stats %+v", st)
	}
}

// delivery is one webhook request of the load test.
type delivery struct {
	body  []byte
	sig   string
	valid bool
	event string
}

// loadDeliveries makes, for transfers of the emulator, one pending and one final event each
// (as the emulator's status says), then duplicates 30% of the deliveries, forges 5% and
// shuffles them.
func loadDeliveries(sim *meshsim.Sim, total int, rng *rand.Rand) (ds []delivery, unique int, covered map[string]string) {
	ts := sim.Snapshot()
	covered = map[string]string{}
	var valid []delivery
	n := 0
	target := int(float64(total) * 0.65)
	for _, tr := range ts {
		if len(valid) >= target {
			break
		}
		covered[tr.ID] = tr.Status
		statuses := []string{"Pending"}
		if tr.Status != meshsim.StatusPending {
			statuses = append(statuses, strings.ToUpper(tr.Status[:1])+tr.Status[1:])
		}
		for _, st := range statuses {
			n++
			b, _ := json.Marshal(map[string]any{"Id": fmt.Sprintf("d-%d", n), "EventId": fmt.Sprintf("ev-%d", n), "TransferId": tr.ID,
				"TransferStatus": st, "TxHash": tr.Hash, "Timestamp": n, "SentTimestamp": 1720532648})
			valid = append(valid, delivery{body: b, sig: mesh.SignPayload(b, hookSecret), valid: true, event: fmt.Sprintf("ev-%d", n)})
		}
	}
	unique = len(valid)
	ds = append(ds, valid...)
	for len(ds) < int(float64(total)*0.95) {
		d := valid[rng.IntN(len(valid))]
		ds = append(ds, d)
	}
	for len(ds) < total {
		d := valid[rng.IntN(len(valid))]
		forged := bytes.Replace(d.body, []byte(`"Pending"`), []byte(`"Failed"`), 1)
		ds = append(ds, delivery{body: forged, sig: d.sig, valid: false})
		if bytes.Equal(forged, d.body) { // a final event: forge the signature instead
			ds[len(ds)-1].sig = mesh.SignPayload(d.body, "not-the-secret")
		}
	}
	rng.Shuffle(len(ds), func(i, j int) { ds[i], ds[j] = ds[j], ds[i] })
	return ds, unique, covered
}

// TestReceiverUnderLoad sends 10,000 deliveries over loopback (30% duplicates, 5% bad
// signatures, shuffled) from several connections: every valid event is recorded exactly once,
// every forged one refused, and the stored statuses equal the emulator's.
func TestReceiverUnderLoad(t *testing.T) {
	total := size(10_000, 1_000)
	sim := mustSim(t, total, nil)
	db, pid := mustStore(t)
	// The store knows the transfers (a sync ran), with everything still pending.
	var known []mesh.Transfer
	for _, tr := range sim.Snapshot() {
		known = append(known, mesh.Transfer{ID: tr.ID, Status: mesh.StatusPending, CreatedTimestamp: tr.CreatedTimestamp})
	}
	if _, err := db.UpsertTransfers(context.Background(), pid, known); err != nil {
		t.Fatal(err)
	}
	r, err := history.NewReceiver(history.ReceiverOptions{ProfileID: pid, Secret: hookSecret, Store: db})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	srv := httptest.NewServer(r)
	defer srv.Close()
	ds, unique, covered := loadDeliveries(sim, total, rand.New(rand.NewPCG(3, 4)))

	lat := make([]time.Duration, len(ds))
	codes := make([]int, len(ds))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(ds[i].body))
				req.Header.Set(mesh.SignatureHeader, ds[i].sig)
				start := time.Now()
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Error(err)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat[i] = time.Since(start)
				codes[i] = resp.StatusCode
			}
		}()
	}
	for i := range ds {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, d := range ds {
		want := 200
		if !d.valid {
			want = 401
		}
		if codes[i] != want {
			t.Fatalf("delivery %d (valid %v): HTTP %d", i, d.valid, codes[i])
		}
	}
	evs, err := db.WebhookEvents(context.Background(), pid, 10*total)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != unique {
		t.Errorf("%d events recorded, want %d unique valid ones", len(evs), unique)
	}
	got := mustStoredStatuses(t, db.Path(), pid)
	for id, want := range covered {
		if got[id] != want {
			t.Fatalf("transfer %s: stored %s, emulator %s", id, got[id], want)
		}
	}
	st := r.Stats()
	if st.Refused != int64(len(ds)-total*95/100) || st.Received != int64(len(ds)) {
		t.Errorf("stats %+v", st)
	}
	p50, p99 := percentile(lat, 50), percentile(lat, 99)
	t.Logf("%d deliveries (%d unique valid, %d duplicates, %d forged) over 8 connections: ack p50 %v, p99 %v, max %v",
		len(ds), unique, int(st.Duplicates), int(st.Refused), p50, p99, percentile(lat, 100))
}

func percentile(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	i := (len(s)*p + 99) / 100
	return s[max(0, min(i-1, len(s)-1))]
}

// expectingStore counts the receivers that told it to expect webhooks.
type expectingStore struct {
	history.EventStore
	listening int
}

func (s *expectingStore) ExpectWebhooks() func() {
	s.listening++
	return func() { s.listening-- }
}

// TestReceiverTellsTheStoreToExpectWebhooks: while a receiver is open the store knows webhooks
// may come at any moment (its search worker keeps its transactions short); Close ends that,
// once however often it is called.
func TestReceiverTellsTheStoreToExpectWebhooks(t *testing.T) {
	s := &expectingStore{}
	r, err := history.NewReceiver(history.ReceiverOptions{ProfileID: "p", Secret: "s", Store: s})
	if err != nil {
		t.Fatal(err)
	}
	if s.listening != 1 {
		t.Fatalf("open receiver: the store expects webhooks from %d receivers, want 1", s.listening)
	}
	r.Close()
	r.Close()
	if s.listening != 0 {
		t.Fatalf("closed receiver: the store expects webhooks from %d receivers, want 0", s.listening)
	}
}
