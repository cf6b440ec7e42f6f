package meshsim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWebhookFaultValidate(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		f    WebhookFault
		want string
	}{
		{WebhookFault{Kind: "drop"}, ""},
		{WebhookFault{Kind: " Duplicate ", Status: "Succeeded"}, ""},
		{WebhookFault{Kind: "status", SendStatus: "failed"}, ""},
		{WebhookFault{Kind: "status"}, "sendStatus"},
		{WebhookFault{Kind: "status", SendStatus: "done"}, "sendStatus"},
		{WebhookFault{Kind: "drop", SendStatus: "failed"}, "takes no sendStatus"},
		{WebhookFault{Kind: "drop", Status: "weird"}, "status"},
		{WebhookFault{Kind: "drop", Times: -1}, "negative"},
		{WebhookFault{Kind: "lose"}, "unknown kind"},
	}
	for _, tt := range tests {
		err := s.AddWebhookFault(tt.f)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("AddWebhookFault(%+v) = %v, want %q", tt.f, err, tt.want)
		}
	}
	if n := len(s.WebhookFaults()); n != 3 {
		t.Fatalf("%d faults kept, want the 3 valid ones", n)
	}
	s.ClearWebhookFaults()
	if n := len(s.WebhookFaults()); n != 0 {
		t.Fatalf("%d faults after Clear", n)
	}
}

func TestWebhookFaultApply(t *testing.T) {
	p := WebhookPayload{EventID: "e", TransferID: "AbC", TransferStatus: "Succeeded"}
	tests := []struct {
		name   string
		faults []WebhookFault
		want   []string // statuses sent
	}{
		{"none", nil, []string{"Succeeded"}},
		{"drop any", []WebhookFault{{Kind: WebhookDrop}}, nil},
		{"drop other transfer", []WebhookFault{{Kind: WebhookDrop, TransferID: "x"}}, []string{"Succeeded"}},
		{"drop this transfer, any case", []WebhookFault{{Kind: WebhookDrop, TransferID: "abc"}}, nil},
		{"drop other status", []WebhookFault{{Kind: WebhookDrop, Status: "pending"}}, []string{"Succeeded"}},
		{"duplicate", []WebhookFault{{Kind: WebhookDuplicate, Status: "succeeded"}}, []string{"Succeeded", "Succeeded"}},
		{"wrong status", []WebhookFault{{Kind: WebhookWrongStatus, SendStatus: "failed"}}, []string{"Failed"}},
		{"first match wins", []WebhookFault{{Kind: WebhookDuplicate}, {Kind: WebhookDrop}}, []string{"Succeeded", "Succeeded"}},
		{"used up", []WebhookFault{{Kind: WebhookDrop, Times: 1, hits: 1}}, []string{"Succeeded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wf webhookFaults
			for i := range tt.faults {
				wf.faults = append(wf.faults, &tt.faults[i])
			}
			var got []string
			for _, q := range wf.apply(p) {
				if q.EventID != "e" {
					t.Fatalf("EventId changed to %q", q.EventID)
				}
				got = append(got, q.TransferStatus)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("sent %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWebhookFaultsEndToEnd: a receiver sees the planted drop, duplicate, wrong status and an
// arbitrary event, and nothing else changes.
func TestWebhookFaultsEndToEnd(t *testing.T) {
	var mu sync.Mutex
	var got []WebhookPayload
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Mesh-Signature-256") != SignWebhook("s", body) {
			t.Errorf("bad signature")
		}
		var p WebhookPayload
		_ = json.Unmarshal(body, &p)
		mu.Lock()
		got = append(got, p)
		mu.Unlock()
	}))
	defer rcv.Close()
	s, err := New(Options{SettleDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ids := []string{"00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000004"}
	var ts []Transfer
	for _, id := range ids {
		ts = append(ts, Transfer{ID: id})
	}
	if _, err := s.AddTransfers(ts...); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SendWebhook(WebhookPayload{TransferID: "x"}); err == nil {
		t.Fatal("SendWebhook without a URL succeeded")
	}
	s.SetWebhook(rcv.URL, "s")
	for _, f := range []WebhookFault{
		{Kind: WebhookDrop, TransferID: ids[0]},
		{Kind: WebhookDuplicate, TransferID: ids[1], Times: 1},
		{Kind: WebhookWrongStatus, TransferID: ids[2], SendStatus: "failed"},
	} {
		if err := s.AddWebhookFault(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range ids {
		if _, err := s.SetTransferStatus(id, StatusSucceeded); err != nil {
			t.Fatal(err)
		}
	}
	ev, err := s.SendWebhook(WebhookPayload{TransferID: "99999999-0000-4000-8000-000000000000", TransferStatus: "Succeeded"})
	if err != nil || ev == "" {
		t.Fatalf("SendWebhook = %q, %v", ev, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.WaitWebhooks(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	var lines []string
	for _, p := range got {
		lines = append(lines, p.TransferID[len(p.TransferID)-1:]+":"+p.TransferStatus)
	}
	want := []string{"2:Succeeded", "2:Succeeded", "3:Failed", "4:Succeeded", "0:Succeeded"}
	if !slices.Equal(lines, want) {
		t.Fatalf("deliveries %v, want %v", lines, want)
	}
	if got[0].EventID != got[1].EventID || got[0].ID == got[1].ID {
		t.Fatalf("the duplicate should share the EventId and not the delivery Id: %+v %+v", got[0], got[1])
	}
	if got[4].EventID != ev || got[4].Timestamp == 0 {
		t.Fatalf("sent event %+v, want EventId %s and a timestamp", got[4], ev)
	}
}

func TestWebhookFaultControlRoutes(t *testing.T) {
	var mu sync.Mutex
	var got []WebhookPayload
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p WebhookPayload
		_ = json.NewDecoder(r.Body).Decode(&p)
		mu.Lock()
		got = append(got, p)
		mu.Unlock()
	}))
	defer rcv.Close()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	tests := []struct {
		method, path, body string
		code               int
		want               string
	}{
		{"POST", "/_sim/webhook-faults", `{"kind":"drop","transferId":"x"}`, 200, `"kind":"drop"`},
		{"POST", "/_sim/webhook-faults", `{"kind":"status","sendStatus":"failed"}`, 200, `"sendStatus":"failed"`},
		{"POST", "/_sim/webhook-faults", `{"kind":"lose"}`, 400, "unknown kind"},
		{"POST", "/_sim/webhook-faults", `{"kind":"drop","extra":1}`, 400, "extra"},
		{"GET", "/_sim/webhook-faults", "", 200, `"transferId":"x"`},
		{"POST", "/_sim/webhooks/send", `{"TransferId":"t1","TransferStatus":"Failed"}`, 400, "no webhook URL"},
		{"DELETE", "/_sim/webhook-faults", "", 200, "[]"},
		{"GET", "/_sim/webhook-faults", "", 200, "[]"},
	}
	for _, tt := range tests {
		code, body := call(tt.method, tt.path, tt.body)
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("%s %s %s = %d %s, want %d %q", tt.method, tt.path, tt.body, code, body, tt.code, tt.want)
		}
	}
	s.SetWebhook(rcv.URL, "s")
	code, body := call("POST", "/_sim/webhooks/send", `{"TransferId":"t1","TransferStatus":"Failed"}`)
	if code != 200 || !strings.Contains(body, "eventId") {
		t.Fatalf("send = %d %s", code, body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.WaitWebhooks(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || got[0].TransferID != "t1" || got[0].TransferStatus != "Failed" || !strings.Contains(body, got[0].EventID) {
		t.Fatalf("received %+v (send answered %s)", got, body)
	}
}
