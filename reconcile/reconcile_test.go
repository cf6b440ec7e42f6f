package reconcile_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/reconcile"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is an emulator whose signed webhooks reach a receiver on a real store (with repeated
// deliveries counted), and a syncer from the emulator into that store; one fake clock for all.
type env struct {
	clock  *fakeClock
	sim    *meshsim.Sim
	db     *store.DB
	pid    string
	src    history.Source
	syncer *history.Syncer
	token  string // a connected Coinbase account of the emulator
}

const secret = "whsec_reconcile"

func mustEnv(t *testing.T) *env {
	t.Helper()
	clock := &fakeClock{t: time.Now().UTC().Truncate(time.Second)}
	db := storetest.MustOpenDB(t, store.WithNow(clock.Now))
	pid := storetest.MustCreateProfile(t, db, "Recon").ID
	sim, err := meshsim.New(meshsim.Options{Clock: clock.Now, SettleDelay: 1000 * time.Hour, WebhookBackoff: func(int) time.Duration { return 10 * time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	client, err := mesh.NewClient(meshsim.DefaultClientID, meshsim.DefaultClientSecret, mesh.WithBaseURL(sim.BaseURL()))
	if err != nil {
		t.Fatal(err)
	}
	src := history.MeshSource(client)
	rcv, err := history.NewReceiver(history.ReceiverOptions{ProfileID: pid, Secret: secret, Store: reconcile.CountDuplicates(db, nil), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(rcv)
	t.Cleanup(func() { hook.Close(); rcv.Close() })
	sim.SetWebhook(hook.URL, secret)
	conn, err := sim.ConnectAccount(meshsim.DefaultClientID, "user-recon", meshsim.IntCoinbase)
	if err != nil {
		t.Fatal(err)
	}
	return &env{clock: clock, sim: sim, db: db, pid: pid, src: src, token: conn.Account.TokenID,
		syncer: history.NewSyncer(db, src, history.Options{Holder: "test", Now: clock.Now})}
}

// mustCreate makes a transfer the way Link does: it starts pending and sends a pending webhook.
func (e *env) mustCreate(t *testing.T) string {
	t.Helper()
	tr, err := e.sim.CreateTransfer(meshsim.TransferRequest{ClientID: meshsim.DefaultClientID, AccountToken: e.token,
		NetworkID: meshsim.NetEthereum, Symbol: "ETH", Amount: 0.001, ToAddress: "0x" + strings.Repeat("ab", 20)})
	if err != nil {
		t.Fatalf("create transfer: %v", err)
	}
	return tr.ID
}

func (e *env) mustSetStatus(t *testing.T, id, status string) {
	t.Helper()
	if _, err := e.sim.SetTransferStatus(id, status); err != nil {
		t.Fatalf("set %s %s: %v", id, status, err)
	}
}

func (e *env) mustFault(t *testing.T, f meshsim.WebhookFault) {
	t.Helper()
	if err := e.sim.AddWebhookFault(f); err != nil {
		t.Fatal(err)
	}
}

func (e *env) mustWaitWebhooks(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := e.sim.WaitWebhooks(ctx); err != nil {
		t.Fatalf("webhooks: %v", err)
	}
}

// finding is the part of an Item the planted cases fix.
type finding struct {
	Kind                   reconcile.Kind
	Transfer               string
	WebhookStatus, History string
	Count                  int
}

func (f finding) String() string {
	return fmt.Sprintf("%s %s webhook=%q history=%q count=%d", f.Kind, f.Transfer, f.WebhookStatus, f.History, f.Count)
}

func findings(r *reconcile.Report) []string {
	var out []string
	for _, it := range r.Items {
		out = append(out, finding{it.Kind, it.TransferID, it.WebhookStatus, it.HistoryStatus, it.Count}.String())
	}
	slices.Sort(out)
	return out
}

func wantFindings(fs ...finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.String())
	}
	slices.Sort(out)
	return out
}

// TestReportFindsEveryPlantedCaseAndNothingElse is the proof: against the emulator with
// injected webhook drops, duplicates, a status the history contradicts and an event for a
// transfer Mesh never had, the report lists exactly the planted cases — live and offline.
func TestReportFindsEveryPlantedCaseAndNothingElse(t *testing.T) {
	e := mustEnv(t)
	t0 := e.clock.Now()
	// Before the receiver heard anything: an old transfer (outside the range) and one created
	// half an hour before the first webhook (in the range, nothing listened yet).
	old := "0b1d0000-0000-4000-8000-000000000001"
	before := "0b1d0000-0000-4000-8000-000000000002"
	if _, err := e.sim.AddTransfers(meshsim.Transfer{ID: old, CreatedTimestamp: t0.Add(-48 * time.Hour).Unix()},
		meshsim.Transfer{ID: before, CreatedTimestamp: t0.Add(-30 * time.Minute).Unix()}); err != nil {
		t.Fatal(err)
	}

	// Clean: created, then settled, every event delivered; one still pending.
	ok1, ok2, okPending := e.mustCreate(t), e.mustCreate(t), e.mustCreate(t)
	e.mustSetStatus(t, ok1, meshsim.StatusSucceeded)
	e.mustSetStatus(t, ok2, meshsim.StatusFailed)
	e.mustSetStatus(t, old, meshsim.StatusSucceeded) // an event in the range for an older transfer

	// Planted.
	e.mustFault(t, meshsim.WebhookFault{Kind: meshsim.WebhookDrop, TransferID: "placeholder"}) // matches nothing
	dropAll := "0b1d0000-0000-4000-8000-0000000000a1"
	e.mustFault(t, meshsim.WebhookFault{Kind: meshsim.WebhookDrop, TransferID: dropAll})
	if _, err := e.sim.AddTransfers(meshsim.Transfer{ID: dropAll, CreatedTimestamp: t0.Unix()}); err != nil {
		t.Fatal(err)
	}
	e.mustSetStatus(t, dropAll, meshsim.StatusSucceeded) // dropped: never an event

	dropFinal := e.mustCreate(t)
	e.mustFault(t, meshsim.WebhookFault{Kind: meshsim.WebhookDrop, TransferID: dropFinal, Status: meshsim.StatusSucceeded})
	e.mustSetStatus(t, dropFinal, meshsim.StatusSucceeded) // the webhooks stay at pending

	lie := e.mustCreate(t)
	e.mustFault(t, meshsim.WebhookFault{Kind: meshsim.WebhookWrongStatus, TransferID: lie, Status: meshsim.StatusSucceeded, SendStatus: meshsim.StatusFailed})
	e.mustSetStatus(t, lie, meshsim.StatusSucceeded) // the webhook says failed

	dup := e.mustCreate(t)
	e.mustFault(t, meshsim.WebhookFault{Kind: meshsim.WebhookDuplicate, TransferID: dup, Status: meshsim.StatusSucceeded})
	e.mustSetStatus(t, dup, meshsim.StatusSucceeded) // delivered twice, same EventId

	unknown := "0b1d0000-0000-4000-8000-0000000000ff"
	if _, err := e.sim.SendWebhook(meshsim.WebhookPayload{TransferID: unknown, TransferStatus: "Succeeded"}); err != nil {
		t.Fatal(err)
	}
	e.mustWaitWebhooks(t)

	// Ten minutes later a transfer arrives whose event is still on its way (within the grace).
	e.clock.Add(10 * time.Minute)
	recent := "0b1d0000-0000-4000-8000-0000000000b1"
	if _, err := e.sim.AddTransfers(meshsim.Transfer{ID: recent}); err != nil {
		t.Fatal(err)
	}

	want := wantFindings(
		finding{reconcile.NoEvent, dropAll, "", "succeeded", 0},
		finding{reconcile.StatusMismatch, dropFinal, "pending", "succeeded", 1},
		finding{reconcile.StatusMismatch, lie, "failed", "succeeded", 2},
		finding{reconcile.Duplicate, dup, "succeeded", "", 1},
		finding{reconcile.UnknownTransfer, unknown, "succeeded", "", 1},
	)
	opts := reconcile.Options{From: t0.Add(-time.Hour), To: e.clock.Now().Add(time.Second), Now: e.clock.Now}
	ctx := context.Background()
	live, err := reconcile.Run(ctx, e.db, e.src, e.pid, opts)
	if err != nil {
		t.Fatalf("live report: %v", err)
	}
	if got := findings(live); !slices.Equal(got, want) {
		t.Fatalf("live report findings:\n  %s\nwant exactly:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	for _, id := range []string{ok1, ok2, okPending, old, before, recent} {
		for _, it := range live.Items {
			if it.TransferID == id {
				t.Fatalf("a clean transfer is in the report: %+v", it)
			}
		}
	}
	s := live.Summary
	if live.Source != "api" || s.Transfers != 9 || s.BeforeWebhooks != 1 || s.TooRecent != 1 || s.RepeatedDeliveries != 1 ||
		s.StatusMismatches != 2 || s.UnknownTransfers != 1 || s.NoEvent != 1 || s.Duplicates != 1 || live.WebhooksSince == "" {
		t.Fatalf("live summary %+v (source %s, webhooks since %q)", s, live.Source, live.WebhooksSince)
	}
	// Events: 6 pending (one per created transfer) + ok1, ok2, old, lie, dup (once) + unknown.
	if s.Events != 12 {
		t.Fatalf("%d events recorded, want 12", s.Events)
	}

	// Offline, after a sync, the same findings, and the report says when it was synced.
	if _, err := e.syncer.Sync(ctx, e.pid); err != nil {
		t.Fatalf("sync: %v", err)
	}
	off, err := reconcile.Run(ctx, e.db, nil, e.pid, reconcile.Options{From: opts.From, To: opts.To, Now: e.clock.Now, Offline: true})
	if err != nil {
		t.Fatalf("offline report: %v", err)
	}
	if got := findings(off); !slices.Equal(got, want) {
		t.Fatalf("offline report findings:\n  %s\nwant exactly:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if off.Source != "offline" || off.SyncedAt == "" {
		t.Fatalf("offline report source %q synced %q", off.Source, off.SyncedAt)
	}

	// The exports carry the same findings.
	var b bytes.Buffer
	if err := reconcile.WriteCSV(&b, live); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want)+1 || !slices.Equal(rows[0], reconcile.CSVHeader) {
		t.Fatalf("csv has %d rows, header %v", len(rows), rows[0])
	}
	var csvFindings []string
	for _, r := range rows[1:] {
		var n int
		fmt.Sscan(r[5], &n)
		csvFindings = append(csvFindings, finding{reconcile.Kind(r[0]), r[1], r[3], r[4], n}.String())
	}
	slices.Sort(csvFindings)
	if !slices.Equal(csvFindings, want) {
		t.Fatalf("csv findings %v", csvFindings)
	}
	b.Reset()
	if err := reconcile.WriteJSON(&b, live); err != nil {
		t.Fatal(err)
	}
	var back reconcile.Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || !slices.Equal(findings(&back), want) {
		t.Fatalf("json round trip: %v %v", err, findings(&back))
	}
	b.Reset()
	if err := reconcile.WriteTable(&b, live); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{dropAll, dropFinal, lie, dup, unknown} {
		if !strings.Contains(b.String(), id) {
			t.Fatalf("table lacks %s:\n%s", id, b.String())
		}
	}

	// A range around the old transfer alone is clean: it got its event (received later).
	quiet, err := reconcile.Run(ctx, e.db, e.src, e.pid, reconcile.Options{From: t0.Add(-72 * time.Hour), To: t0.Add(-47 * time.Hour), Now: e.clock.Now})
	if err != nil || !quiet.Clean() || quiet.Summary.Transfers != 1 || quiet.Summary.Events != 0 {
		t.Fatalf("quiet range: %v %+v", err, quiet)
	}
}

func TestReportWithoutTheAPI(t *testing.T) {
	db := storetest.MustOpenDB(t)
	pid := storetest.MustCreateProfile(t, db, "Off").ID
	ctx := context.Background()
	now := time.Now()
	down := history.SourceFunc(func(context.Context, history.PageQuery) (history.Page, error) {
		return history.Page{}, errors.New("dial tcp 127.0.0.1:9: connection refused")
	})
	opts := reconcile.Options{From: now.Add(-time.Hour), To: now}
	for _, tt := range []struct {
		name string
		src  history.Source
		o    reconcile.Options
		want string
		is   error
	}{
		{"api down", down, opts, "connection refused", reconcile.ErrUnreachable},
		{"no client", nil, opts, "no Mesh client", reconcile.ErrUnreachable},
		{"offline never synced", nil, reconcile.Options{From: opts.From, To: opts.To, Offline: true}, "never synced", nil},
		{"empty range", down, reconcile.Options{From: now, To: now}, "not before", nil},
		{"range too long", down, reconcile.Options{From: now.Add(-400 * 24 * time.Hour), To: now}, "longer than", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := reconcile.Run(ctx, db, tt.src, pid, tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want errors.Is %v", err, tt.is)
			}
			if tt.is == reconcile.ErrUnreachable && tt.src != nil && !strings.Contains(err.Error(), "offline report") {
				t.Fatalf("err = %v: does not offer the offline report", err)
			}
		})
	}
}

func TestParseRange(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 30, 0, 0, time.UTC)
	loc := time.FixedZone("X", 3600)
	tests := []struct {
		from, to         string
		wantFrom, wantTo time.Time
		err              string
	}{
		{"48h", "", now.Add(-48 * time.Hour), now, ""},
		{"2026-11-01", "2026-11-02", time.Date(2026, 11, 1, 0, 0, 0, 0, loc), time.Date(2026, 11, 3, 0, 0, 0, 0, loc), ""},
		{"2026-11-01T09:00:00Z", "1h", time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), now.Add(-time.Hour), ""},
		{"", "", time.Time{}, time.Time{}, "empty"},
		{"yesterday", "", time.Time{}, time.Time{}, "not a time"},
		{"1h", "2h", time.Time{}, time.Time{}, "not before"},
		{"-5h", "", time.Time{}, time.Time{}, "not a time"},
		{"2026-11-01", "garbage", time.Time{}, time.Time{}, "range end"},
	}
	for _, tt := range tests {
		f, to, err := reconcile.ParseRange(tt.from, tt.to, now, loc)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseRange(%q, %q) = %v, want %q", tt.from, tt.to, err, tt.err)
			}
			continue
		}
		if err != nil || !f.Equal(tt.wantFrom) || !to.Equal(tt.wantTo) {
			t.Errorf("ParseRange(%q, %q) = %s, %s, %v; want %s, %s", tt.from, tt.to, f, to, err, tt.wantFrom, tt.wantTo)
		}
	}
}

func TestCSVCellsAreNotFormulas(t *testing.T) {
	r := &reconcile.Report{Items: []reconcile.Item{{Kind: reconcile.UnknownTransfer, TransferID: "=HYPERLINK(\"x\")", Detail: "+1", Count: 1}}}
	var b bytes.Buffer
	if err := reconcile.WriteCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&b).ReadAll()
	if rows[1][1] != "'=HYPERLINK(\"x\")" || rows[1][8] != "'+1" {
		t.Fatalf("cells %q", rows[1])
	}
}

// countingSource counts history requests, and those by id.
type countingSource struct {
	src       history.Source
	mu        sync.Mutex
	pages, id int
}

func (c *countingSource) TransferPage(ctx context.Context, q history.PageQuery) (history.Page, error) {
	c.mu.Lock()
	if q.ID != "" {
		c.id++
	} else {
		c.pages++
	}
	c.mu.Unlock()
	return c.src.TransferPage(ctx, q)
}

// TestEventsForOlderTransfers: transfers created before the range and settled inside it are
// not "unknown": the week before the range is read once when many, older ones by id.
func TestEventsForOlderTransfers(t *testing.T) {
	e := mustEnv(t)
	t0 := e.clock.Now()
	var ts []meshsim.Transfer
	for i := range 30 {
		ts = append(ts, meshsim.Transfer{ID: fmt.Sprintf("01de0000-0000-4000-8000-%012d", i), CreatedTimestamp: t0.Add(-48 * time.Hour).Unix()})
	}
	ancient := "01de0000-0000-4000-8000-999999999999"
	ts = append(ts, meshsim.Transfer{ID: ancient, CreatedTimestamp: t0.Add(-10 * 24 * time.Hour).Unix()})
	if _, err := e.sim.AddTransfers(ts...); err != nil {
		t.Fatal(err)
	}
	for _, tr := range ts {
		e.mustSetStatus(t, tr.ID, meshsim.StatusSucceeded)
	}
	e.mustWaitWebhooks(t)
	src := &countingSource{src: e.src}
	rep, err := reconcile.Run(context.Background(), e.db, src, e.pid, reconcile.Options{From: t0.Add(-time.Hour), To: t0.Add(time.Minute), Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Clean() || rep.Summary.Events != 31 || rep.Summary.Transfers != 0 {
		t.Fatalf("report %+v: %v", rep.Summary, findings(rep))
	}
	if src.pages != 2 || src.id != 1 {
		t.Fatalf("%d page requests and %d by id; want 2 (the range, the week before) and 1 (the older one)", src.pages, src.id)
	}
}
