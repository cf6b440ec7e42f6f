package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"meshdesk/desk"
	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"
)

func TestSyncNowReportsProgressAndLastSynced(t *testing.T) {
	a, ev := mustTransferApp(t, 250)
	st, err := a.SyncStatus()
	if err != nil {
		t.Fatal(err)
	}
	if st.LastSynced != "" || st.Runs != 0 || st.Running || st.Settings.IntervalMinutes != defaultSyncMinutes || !st.Settings.OnFocus {
		t.Fatalf("before any sync: %+v", st)
	}
	st = mustSynced(t, a)
	if st.LastSynced == "" || st.LastResult == nil || st.LastResult.New != 250 || st.Progress != nil {
		t.Fatalf("after the sync: %+v (result %+v)", st, st.LastResult)
	}
	// The run is counted before sync:done is emitted: wait for the event itself.
	waitFor(t, "sync:done", func() bool { return ev.count(EventSyncDone) >= 1 })
	if ev.count(EventSyncProgress) == 0 || ev.count(EventSyncDone) != 1 {
		t.Errorf("events: %d progress, %d done", ev.count(EventSyncProgress), ev.count(EventSyncDone))
	}
	last := ev.last(EventSyncDone)
	if done, ok := last.(*SyncStatus); !ok || done.Runs != 1 || done.LastSynced == "" {
		t.Errorf("sync:done carried %#v", last)
	}
	w, err := a.QueryTransfers(store.TransferFilter{}, TransferWindowRequest{Limit: 1})
	if err != nil || w.Total != 250 {
		t.Fatalf("stored %v (%v), want 250", w, err)
	}
	// A second sync finds nothing new; a focus trigger right after it is dropped (30 s gap).
	st = mustSynced(t, a)
	if st.Runs != 2 || st.LastResult.New != 0 {
		t.Errorf("re-sync: %+v", st.LastResult)
	}
	if err := a.SyncOnFocus(); err != nil {
		t.Fatal(err)
	}
	if st, _ := a.SyncStatus(); st.Runs != 2 {
		t.Errorf("a focus trigger within the gap ran a sync")
	}
}

func TestSyncFailureIsReported(t *testing.T) {
	a, ev := mustTransferApp(t, -1)
	a.tdesk.source = history.SourceFunc(func(context.Context, history.PageQuery) (history.Page, error) {
		return history.Page{}, errors.New("HTTP 401: the client id or secret was refused")
	})
	var err error
	if _, err := a.SyncNow(); err != nil {
		t.Fatal(err)
	}
	var st *SyncStatus
	waitFor(t, "the failing sync to end", func() bool {
		st, err = a.SyncStatus()
		return err == nil && st.Runs == 1 && !st.Running && ev.count(EventSyncDone) >= 1
	})
	if st.LastError == "" || st.LastSynced != "" || ev.count(EventSyncDone) != 1 {
		t.Errorf("failed sync: error %q, last synced %q, %d done events", st.LastError, st.LastSynced, ev.count(EventSyncDone))
	}
	if !strings.Contains(st.LastError, "refused") {
		t.Errorf("the sync error %q does not say why", st.LastError)
	}
}

func TestCheckSyncSettings(t *testing.T) {
	cases := []struct {
		name string
		s    SyncSettings
		ok   bool
	}{
		{"defaults", SyncSettings{IntervalMinutes: 15, WebhookAddr: "127.0.0.1:8787"}, true},
		{"timer off, any port", SyncSettings{WebhookAddr: "127.0.0.1:0"}, true},
		{"localhost", SyncSettings{WebhookAddr: "localhost:9000"}, true},
		{"all interfaces", SyncSettings{WebhookAddr: ":8787"}, true},
		{"ipv6", SyncSettings{WebhookAddr: "[::1]:8787"}, true},
		{"negative interval", SyncSettings{IntervalMinutes: -1, WebhookAddr: "127.0.0.1:1"}, false},
		{"over a week", SyncSettings{IntervalMinutes: 7*24*60 + 1, WebhookAddr: "127.0.0.1:1"}, false},
		{"no port", SyncSettings{WebhookAddr: "127.0.0.1"}, false},
		{"port too big", SyncSettings{WebhookAddr: "127.0.0.1:70000"}, false},
		{"host name", SyncSettings{WebhookAddr: "example.com:80"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := checkSyncSettings(c.s); (err == nil) != c.ok {
				t.Errorf("checkSyncSettings = %v, want ok %v", err, c.ok)
			}
		})
	}
}

func TestWebhookListener(t *testing.T) {
	a, ev := mustTransferApp(t, -1)
	mustStoreTransfers(t, a, craftedTransfers()...)
	st, err := a.SetSyncSettings(SyncSettings{IntervalMinutes: 0, OnFocus: false, WebhookOn: true, WebhookAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Webhook.On || !st.Webhook.Demo || !strings.HasPrefix(st.Webhook.URL, "http://127.0.0.1:") || !strings.HasSuffix(st.Webhook.URL, webhookPath) {
		t.Fatalf("listener: %+v", st.Webhook)
	}
	if st.Settings.IntervalMinutes != 0 || st.Settings.OnFocus {
		t.Errorf("settings not applied: %+v", st.Settings)
	}
	// A signed delivery is applied; a badly signed one refused; both are counted.
	body, _ := json.Marshal(mesh.WebhookEvent{ID: "d1", EventID: "e1", TransferID: "33333333-3333-4333-8333-333333333333",
		TransferStatus: mesh.StatusSucceeded, TxHash: "0xfeed000000000000000000000000000000000000000000000000000000000001"})
	post := func(sig string) int {
		req, _ := http.NewRequest(http.MethodPost, st.Webhook.URL, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Mesh-Signature-256", sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(meshsim.SignWebhook(desk.DemoWebhookSecret, body)); code != http.StatusOK {
		t.Fatalf("signed delivery answered %d", code)
	}
	if code := post(meshsim.SignWebhook("wrong", body)); code != http.StatusUnauthorized {
		t.Fatalf("badly signed delivery answered %d", code)
	}
	waitFor(t, "two webhook events", func() bool { return ev.count(EventWebhook) == 2 })
	st, err = a.SyncStatus()
	if err != nil {
		t.Fatal(err)
	}
	if st.Webhook.Received != 2 || st.Webhook.Applied != 1 || st.Webhook.Refused != 1 {
		t.Errorf("counts: %+v", st.Webhook)
	}
	d, err := a.GetTransfer("33333333-3333-4333-8333-333333333333")
	if err != nil || d.Transfer.Status != mesh.StatusSucceeded || d.Source != string(store.SourceWebhook) {
		t.Errorf("after the webhook: %+v, %v", d, err)
	}

	// Settings persist per profile: a new App on the same files comes back with the listener on.
	if _, err := a.SetSyncSettings(SyncSettings{IntervalMinutes: 5, WebhookAddr: "bad"}); err == nil {
		t.Error("a bad address was accepted")
	}
	st, err = a.SetSyncSettings(SyncSettings{IntervalMinutes: 5, OnFocus: true, WebhookAddr: "127.0.0.1:0"})
	if err != nil || st.Webhook.On || st.Webhook.URL != "" {
		t.Fatalf("listener still on after turning it off: %+v, %v", st, err)
	}
	s, err := loadSyncSettings(t.Context(), a.desk.DB(), mustProfileID(t, a))
	if err != nil || s.IntervalMinutes != 5 || !s.OnFocus || s.WebhookOn {
		t.Errorf("stored settings %+v, %v", s, err)
	}
}

func TestWebhookListenerAddressInUse(t *testing.T) {
	a, _ := mustTransferApp(t, -1)
	st, err := a.SetSyncSettings(SyncSettings{WebhookOn: true, WebhookAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	taken := strings.TrimSuffix(strings.TrimPrefix(st.Webhook.URL, "http://"), webhookPath)
	b, _ := mustTransferApp(t, -1)
	if _, err := b.SetSyncSettings(SyncSettings{WebhookOn: true, WebhookAddr: taken}); err == nil || !strings.Contains(err.Error(), "listen on") {
		t.Fatalf("a taken address: %v", err)
	}
	st, err = b.SyncStatus()
	if err != nil || st.Webhook.On || !strings.Contains(st.Webhook.Error, "listen on") {
		t.Errorf("status after a failed start: %+v, %v", st.Webhook, err)
	}
}

func TestWindowState(t *testing.T) {
	a, _ := mustTransferApp(t, -1)
	if w, err := a.SavedWindowState(); err != nil || w != nil {
		t.Fatalf("fresh install: %+v, %v", w, err)
	}
	want := WindowState{X: 40, Y: 30, Width: 1400, Height: 900}
	if err := a.SaveWindowState(want); err != nil {
		t.Fatal(err)
	}
	if w, err := a.SavedWindowState(); err != nil || w == nil || *w != want {
		t.Fatalf("saved %+v, read %+v (%v)", want, w, err)
	}
	for _, bad := range []WindowState{{Width: 10, Height: 900}, {Width: 1400, Height: 100000}, {X: -99999, Width: 1400, Height: 900}} {
		if err := a.SaveWindowState(bad); err == nil {
			t.Errorf("SaveWindowState(%+v) succeeded", bad)
		}
	}
	if err := a.desk.DB().SetSetting(t.Context(), settingWindow, "{not json"); err != nil {
		t.Fatal(err)
	}
	if w, err := a.SavedWindowState(); err != nil || w != nil {
		t.Errorf("a damaged setting gives %+v, %v; want none", w, err)
	}
}

func TestTransferDeskBeforeTheDeskOpens(t *testing.T) {
	a := NewApp(nil, "", time.Now())
	calls := map[string]func() error{
		"QueryTransfers": func() error { _, err := a.QueryTransfers(store.TransferFilter{}, TransferWindowRequest{}); return err },
		"GetTransfer":    func() error { _, err := a.GetTransfer("x"); return err },
		"SyncNow":        func() error { _, err := a.SyncNow(); return err },
		"SyncStatus":     func() error { _, err := a.SyncStatus(); return err },
		"SavedViews":     func() error { _, err := a.SavedViews(); return err },
		"WindowState":    func() error { _, err := a.SavedWindowState(); return err },
	}
	for name, call := range calls {
		if err := call(); err == nil || !strings.Contains(err.Error(), "starting") {
			t.Errorf("%s before startup: %v", name, err)
		}
	}
}
