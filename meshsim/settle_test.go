package meshsim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"meshdesk/mesh"
)

// hookSink is a webhook receiver: it records every delivery and answers with the
// status codes it is scripted to (200 when the script runs out).
type hookSink struct {
	mu     sync.Mutex
	codes  []int
	bodies [][]byte
	sigs   []string
	block  chan struct{} // when set, the first request waits on it (a slow receiver)
	srv    *httptest.Server
}

func mustHookSink(t *testing.T, codes ...int) *hookSink {
	t.Helper()
	h := &hookSink{codes: codes}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		first := len(h.bodies) == 0
		h.bodies = append(h.bodies, b)
		h.sigs = append(h.sigs, r.Header.Get("X-Mesh-Signature-256"))
		code := 200
		if len(h.codes) > 0 {
			code, h.codes = h.codes[0], h.codes[1:]
		}
		block := h.block
		h.mu.Unlock()
		if first && block != nil {
			<-block
		}
		w.WriteHeader(code)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookSink) events(t *testing.T) []mesh.WebhookEvent {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []mesh.WebhookEvent
	for i, b := range h.bodies {
		ev, err := mesh.ConstructEvent(b, h.sigs[i], "whsec")
		if err != nil {
			t.Fatalf("delivery %d does not verify with mesh.ConstructEvent: %v: %s", i, err, b)
		}
		out = append(out, ev)
	}
	return out
}

func fastBackoff(int) time.Duration { return 5 * time.Millisecond }

func mustWaitHooks(t *testing.T, s *Sim) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.WaitWebhooks(ctx); err != nil {
		t.Fatalf("webhooks did not drain: %v", err)
	}
}

func mustConnect(t *testing.T, s *Sim, clientID, user, integ string) *Connection {
	t.Helper()
	c, err := s.ConnectAccount(clientID, user, integ)
	if err != nil {
		t.Fatalf("ConnectAccount: %v", err)
	}
	return c
}

func TestSettlementAndWebhooks(t *testing.T) {
	sink := mustHookSink(t, 500) // the first delivery fails once
	e := mustAPIEnv(t, Options{WebhookURL: sink.srv.URL, WebhookSecret: "whsec", WebhookBackoff: fastBackoff,
		SettleDelay: time.Minute, FailureRate: 0})
	conn := mustConnect(t, e.sim, e.id, "alice", IntKraken)
	tr, err := e.sim.CreateTransfer(TransferRequest{ClientID: e.id, AccountToken: conn.Account.TokenID, NetworkID: NetEthereum,
		Symbol: "USDC", Amount: 25, ToAddress: "0x" + "12345678901234567890123456789012345678ab", TransactionID: "order-9"})
	if err != nil {
		t.Fatalf("CreateTransfer: %v", err)
	}
	if tr.Status != StatusPending || tr.RefundAddress == tr.FromAddress || tr.FromAddress != hotWallet(IntKraken, networks[0]) {
		t.Errorf("new exchange transfer %+v", tr)
	}
	// It shows in the history as pending.
	r := e.do("GET", "/api/v1/transfers/managed/mesh?Id="+tr.ID, nil).mustOK(t)
	item := r.content()["items"].([]any)[0].(map[string]any)
	if item["status"] != "pending" || item["refundAddress"] != tr.RefundAddress || item["clientTransactionId"] != "order-9" {
		t.Errorf("history item %v", item)
	}
	mustWaitHooks(t, e.sim)

	// Not yet due: nothing settles. Then the clock passes the delay and any request settles it.
	e.clock.Advance(59 * time.Second)
	e.do("GET", "/api/v1/transfers/managed/networks", nil).mustOK(t)
	if got, _ := e.sim.Transfer(tr.ID); got.Status != StatusPending {
		t.Fatalf("settled early: %s", got.Status)
	}
	e.clock.Advance(time.Second)
	r = e.do("GET", "/api/v1/transfers/managed/mesh?Id="+tr.ID, nil).mustOK(t)
	item = r.content()["items"].([]any)[0].(map[string]any)
	if item["status"] != "succeeded" || item["hash"] == nil || item["executedTimestamp"] == nil {
		t.Fatalf("after the delay: %v", item)
	}
	mustWaitHooks(t, e.sim)

	evs := sink.events(t)
	if len(evs) != 3 {
		t.Fatalf("%d deliveries, want 3 (pending failed once, pending retried, succeeded)", len(evs))
	}
	if evs[0].EventID != evs[1].EventID || evs[0].ID == evs[1].ID {
		t.Errorf("retry must keep EventId and change Id: %+v / %+v", evs[0], evs[1])
	}
	if evs[2].EventID == evs[0].EventID || evs[2].TxHash == "" || evs[2].TransferID != tr.ID {
		t.Errorf("final event %+v", evs[2])
	}
	var raw map[string]any
	_ = json.Unmarshal(sink.bodies[2], &raw)
	if raw["TransferStatus"] != "Succeeded" || raw["RefundAddress"] != tr.RefundAddress || raw["SourceAccountProvider"] != "Kraken" || raw["TransactionId"] != "order-9" {
		t.Errorf("payload %v", raw)
	}
	ds := e.sim.WebhookDeliveries()
	if len(ds) != 3 || ds[0].HTTPStatus != 500 || ds[1].Attempt != 2 || ds[2].Attempt != 1 {
		t.Errorf("deliveries %+v", ds)
	}
}

func TestWebhookSlowReceiverIsRetried(t *testing.T) {
	sink := mustHookSink(t)
	release := make(chan struct{})
	sink.block = release
	defer close(release)
	e := mustAPIEnv(t, Options{WebhookURL: sink.srv.URL, WebhookSecret: "whsec", WebhookBackoff: fastBackoff,
		WebhookTimeout: 50 * time.Millisecond})
	if _, err := e.sim.AddTransfers(Transfer{SettleAt: 0}); err != nil {
		t.Fatal(err)
	}
	all := e.sim.Snapshot()
	if _, err := e.sim.SetTransferStatus(all[0].ID, StatusFailed); err != nil {
		t.Fatal(err)
	}
	mustWaitHooks(t, e.sim)
	ds := e.sim.WebhookDeliveries()
	if len(ds) != 2 || ds[0].HTTPStatus != 0 || ds[0].Err == "" || ds[1].EventID != ds[0].EventID || ds[1].Attempt != 2 {
		t.Fatalf("a receiver slower than the timeout must get a retry: %+v", ds)
	}
}

func TestWebhookGivesUp(t *testing.T) {
	sink := mustHookSink(t, 500, 500, 500, 500)
	e := mustAPIEnv(t, Options{WebhookURL: sink.srv.URL, WebhookSecret: "whsec", WebhookBackoff: fastBackoff, WebhookMaxAttempts: 3})
	added, _ := e.sim.AddTransfers(Transfer{})
	if _, err := e.sim.SetTransferStatus(added[0].ID, StatusSucceeded); err != nil {
		t.Fatal(err)
	}
	mustWaitHooks(t, e.sim)
	if n := len(e.sim.WebhookDeliveries()); n != 3 {
		t.Errorf("%d attempts, want 3 (max)", n)
	}
}

func TestWebhookDuplicatesAndReorder(t *testing.T) {
	t.Run("duplicates", func(t *testing.T) {
		sink := mustHookSink(t)
		e := mustAPIEnv(t, Options{WebhookURL: sink.srv.URL, WebhookSecret: "whsec", WebhookDuplicates: true})
		added, _ := e.sim.AddTransfers(Transfer{Status: StatusSucceeded, Hash: "0xabc"})
		if _, err := e.sim.SetTransferStatus(added[0].ID, StatusFailed); err != nil {
			t.Fatal(err)
		}
		mustWaitHooks(t, e.sim)
		evs := sink.events(t)
		if len(evs) != 2 || evs[0].EventID != evs[1].EventID || evs[0].ID == evs[1].ID {
			t.Fatalf("duplicates: %+v", evs)
		}
	})
	t.Run("reorder", func(t *testing.T) {
		sink := mustHookSink(t)
		e := mustAPIEnv(t, Options{WebhookURL: sink.srv.URL, WebhookSecret: "whsec", WebhookReorder: true, SettleDelay: time.Second})
		conn := mustConnect(t, e.sim, e.id, "bob", IntMetaMask)
		tr, err := e.sim.CreateTransfer(TransferRequest{ClientID: e.id, AccountToken: conn.Account.AccessToken, NetworkID: NetPolygon,
			Symbol: "USDC", AmountInFiat: 10, ToAddress: "0x" + "ab345678901234567890123456789012345678ab"})
		if err != nil {
			t.Fatal(err)
		}
		if tr.FromAddress != tr.RefundAddress {
			t.Errorf("wallet transfer refund %s != sender %s", tr.RefundAddress, tr.FromAddress)
		}
		e.clock.Advance(2 * time.Second)
		if n := e.sim.SettleDue(); n != 1 {
			t.Fatalf("settled %d", n)
		}
		mustWaitHooks(t, e.sim)
		evs := sink.events(t)
		if len(evs) != 2 || evs[0].TransferStatus != "succeeded" && evs[0].TransferStatus != "failed" || evs[1].TransferStatus != "pending" {
			t.Fatalf("reordered: %+v", evs)
		}
	})
}

func TestFailureRateAndForcedOutcome(t *testing.T) {
	e := mustAPIEnv(t, Options{FailureRate: 1, SettleDelay: time.Second})
	added, err := e.sim.AddTransfers(Transfer{SettleAt: e.clock.Now().Add(time.Second).UnixMilli()},
		Transfer{SettleAt: e.clock.Now().Add(time.Second).UnixMilli(), FailTo: StatusSucceeded})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)
	e.do("GET", "/api/v1/integrations", nil).mustOK(t)
	a, _ := e.sim.Transfer(added[0].ID)
	b, _ := e.sim.Transfer(added[1].ID)
	if a.Status != StatusFailed || a.Hash != "" || b.Status != StatusSucceeded || b.Hash == "" {
		t.Errorf("outcomes: %s/%q %s/%q", a.Status, a.Hash, b.Status, b.Hash)
	}
}
