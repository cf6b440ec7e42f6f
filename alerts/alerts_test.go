package alerts

import (
	"slices"
	"testing"
	"time"

	"meshdesk/store"
)

var t0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func cand(id, status string, created time.Time) store.AlertCandidate {
	return store.AlertCandidate{TransferID: id, Status: status, Created: created, Amount: 0.5, Symbol: "ETH", Network: "Ethereum", From: "Coinbase"}
}

func ids(as []store.NewAlert) []string {
	var out []string
	for _, a := range as {
		out = append(out, string(a.Kind)+":"+a.TransferID)
	}
	slices.Sort(out)
	return out
}

func TestDue(t *testing.T) {
	day := 24 * time.Hour
	hour := time.Hour
	def := DefaultSettings()
	failedWhen := func(id string, at time.Time) store.AlertCandidate {
		c := cand(id, "failed", at.Add(-hour))
		c.FailedAt = at
		return c
	}
	executed := func(id string, created, exec time.Time) store.AlertCandidate {
		c := cand(id, "failed", created)
		c.Executed = exec
		return c
	}
	tests := []struct {
		name     string
		now      time.Time
		settings func(s *Settings)
		baseline time.Time
		failed   []store.AlertCandidate
		pending  []store.AlertCandidate
		want     []string
	}{
		{name: "nothing", now: t0, baseline: t0},
		{name: "failed seen now", now: t0, baseline: t0, failed: []store.AlertCandidate{failedWhen("a", t0)}, want: []string{"failed:a"}},
		{name: "failed within the lookback before the baseline", now: t0, baseline: t0,
			failed: []store.AlertCandidate{executed("a", t0.Add(-6*day), t0.Add(-6*day)), cand("b", "failed", t0.Add(-7*day))},
			want:   []string{"failed:a", "failed:b"}},
		{name: "failed long before the baseline is history, not an alert", now: t0, baseline: t0,
			failed: []store.AlertCandidate{executed("a", t0.Add(-30*day), t0.Add(-8*day)), cand("b", "failed", t0.Add(-7*day-time.Second))}},
		{name: "an old transfer seen failing after the baseline alerts", now: t0, baseline: t0.Add(-day),
			failed: []store.AlertCandidate{failedWhen("a", t0.Add(-time.Minute))}, want: []string{"failed:a"}},
		{name: "failed turned off", now: t0, baseline: t0, settings: func(s *Settings) { s.Failed = false },
			failed: []store.AlertCandidate{failedWhen("a", t0)}},
		{name: "a candidate no longer failed is skipped", now: t0, baseline: t0, failed: []store.AlertCandidate{cand("a", "succeeded", t0)}},
		{name: "pending exactly at the threshold", now: t0, baseline: t0,
			pending: []store.AlertCandidate{cand("a", "pending", t0.Add(-day))}, want: []string{"pending:a"}},
		{name: "pending one second short of the threshold", now: t0, baseline: t0,
			pending: []store.AlertCandidate{cand("a", "pending", t0.Add(-day+time.Second))}},
		{name: "pending with a short threshold", now: t0, baseline: t0, settings: func(s *Settings) { s.PendingAfterMinutes = 5 },
			pending: []store.AlertCandidate{cand("a", "pending", t0.Add(-5*time.Minute)), cand("b", "pending", t0.Add(-4*time.Minute))},
			want:    []string{"pending:a"}},
		{name: "pending whose threshold passed long before the baseline", now: t0, baseline: t0,
			pending: []store.AlertCandidate{cand("a", "pending", t0.Add(-9*day)), cand("b", "pending", t0.Add(-8*day))},
			want:    []string{"pending:b"}},
		{name: "pending turned off", now: t0, baseline: t0, settings: func(s *Settings) { s.Pending = false },
			pending: []store.AlertCandidate{cand("a", "pending", t0.Add(-2*day))}},
		{name: "pending that settled meanwhile", now: t0, baseline: t0,
			pending: []store.AlertCandidate{cand("a", "succeeded", t0.Add(-2*day)), cand("b", "failed", t0.Add(-2*day))}},
		{name: "both kinds", now: t0.Add(hour), baseline: t0,
			failed:  []store.AlertCandidate{failedWhen("f", t0)},
			pending: []store.AlertCandidate{cand("p", "pending", t0.Add(-day))}, want: []string{"failed:f", "pending:p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := def
			if tt.settings != nil {
				tt.settings(&s)
			}
			got := ids(Due(tt.now, s, tt.baseline, store.AlertScanResult{Failed: tt.failed, Pending: tt.pending}))
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Due = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestScanMatchesDue: every pending transfer Due would raise lies inside the window Scan asks
// the store for, and the window's edges are ones Due raises.
func TestScanMatchesDue(t *testing.T) {
	for _, minutes := range []int{1, 60, DefaultPendingAfterMinutes, MaxPendingAfterMinutes} {
		s := DefaultSettings()
		s.PendingAfterMinutes = minutes
		now, baseline := t0, t0.Add(-3*time.Hour)
		q := Scan(now, s, baseline, 42)
		if q.SinceSeq != 42 || q.SkipFailed || q.SkipPending {
			t.Fatalf("Scan = %+v", q)
		}
		for _, created := range []time.Time{q.PendingFrom, q.PendingTo} {
			got := Due(now, s, baseline, store.AlertScanResult{Pending: []store.AlertCandidate{cand("x", "pending", created)}})
			if len(got) != 1 {
				t.Fatalf("%d min: a transfer created at the window edge %s is not due", minutes, created)
			}
		}
		for _, created := range []time.Time{q.PendingFrom.Add(-time.Second), q.PendingTo.Add(time.Second)} {
			got := Due(now, s, baseline, store.AlertScanResult{Pending: []store.AlertCandidate{cand("x", "pending", created)}})
			if len(got) != 0 {
				t.Fatalf("%d min: a transfer created outside the window (%s) is due", minutes, created)
			}
		}
	}
	off := Settings{PendingAfterMinutes: 60}
	if q := Scan(t0, off, t0, 0); !q.SkipFailed || !q.SkipPending {
		t.Fatalf("kinds turned off are still scanned: %+v", q)
	}
}

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		minutes int
		ok      bool
	}{{0, false}, {-5, false}, {1, true}, {DefaultPendingAfterMinutes, true}, {MaxPendingAfterMinutes, true}, {MaxPendingAfterMinutes + 1, false}}
	for _, tt := range tests {
		s := DefaultSettings()
		s.PendingAfterMinutes = tt.minutes
		if err := s.Validate(); (err == nil) != tt.ok {
			t.Errorf("Validate(%d minutes) = %v, want ok=%v", tt.minutes, err, tt.ok)
		}
	}
}

func TestSummaryAndText(t *testing.T) {
	tests := []struct {
		c    store.AlertCandidate
		want string
	}{
		{cand("a", "failed", t0), "0.5 ETH on Ethereum from Coinbase"},
		{store.AlertCandidate{Amount: 12, Symbol: "USDC"}, "12 USDC"},
		{store.AlertCandidate{Network: "Solana"}, "on Solana"},
		{store.AlertCandidate{}, ""},
	}
	for _, tt := range tests {
		if got := Summary(tt.c); got != tt.want {
			t.Errorf("Summary(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
	title, body := Text(store.Alert{Kind: store.AlertFailed, TransferID: "t1", Summary: "1 BTC"})
	if title != "Transfer failed" || body != "1 BTC failed. Transfer t1" {
		t.Errorf("failed text = %q / %q", title, body)
	}
	title, body = Text(store.Alert{Kind: store.AlertPending, TransferID: "t2"})
	if title != "Transfer still pending" || body != "A transfer is still pending. Transfer t2" {
		t.Errorf("pending text = %q / %q", title, body)
	}
}

func TestParseID(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
		ok   bool
	}{{"12", 12, true}, {" 7 ", 7, true}, {"0", 0, false}, {"-1", 0, false}, {"abc", 0, false}, {"", 0, false}, {"1e3", 0, false}} {
		got, err := ParseID(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseID(%q) = %d, %v; want %d ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
