package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"

	_ "modernc.org/sqlite" // the bare-insert baseline opens its own file
)

// HistoryRoute is the emulator's request-count key of the managed-transfer history.
const HistoryRoute = "GET /api/v1/transfers/managed/mesh"

// StartSim starts an emulator on loopback with n generated transfers (seeded, so runs compare).
func StartSim(n int) (*meshsim.Sim, error) {
	sim, err := meshsim.New(meshsim.Options{Seed: 10, Transfers: n})
	if err != nil {
		return nil, fmt.Errorf("emulator with %d transfers: %w", n, err)
	}
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		sim.Close()
		return nil, fmt.Errorf("start the emulator: %w", err)
	}
	return sim, nil
}

// NewClient returns a Mesh client for the emulator's demo client; cap, when set, keeps the
// history pages it reads.
func NewClient(base string, cap *Capture) (*mesh.Client, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	hc := &http.Client{Timeout: 2 * time.Minute, Transport: tr}
	if cap != nil {
		hc.Transport = recorder{next: tr, cap: cap}
	}
	c, err := mesh.NewClient(meshsim.DefaultClientID, meshsim.DefaultClientSecret, mesh.WithBaseURL(base), mesh.WithHTTPClient(hc))
	if err != nil {
		return nil, fmt.Errorf("mesh client: %w", err)
	}
	return c, nil
}

// Capture keeps the bodies of the history pages a sync reads — the plain pages of the walk
// through the whole history (not the re-checks by status or id), one per query — so the
// limits can be measured on exactly the pages the sync decoded and stored.
type Capture struct {
	mu    sync.Mutex
	pages map[string][]byte
}

// NewCapture returns an empty capture.
func NewCapture() *Capture { return &Capture{pages: map[string][]byte{}} }

// Pages returns the captured bodies, in no particular order.
func (c *Capture) Pages() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([][]byte, 0, len(c.pages))
	for _, b := range c.pages {
		out = append(out, b)
	}
	return out
}

func (c *Capture) keep(req *http.Request, body []byte) {
	q := req.URL.Query()
	if req.URL.Path != "/api/v1/transfers/managed/mesh" || q.Has("Statuses") || q.Has("Id") {
		return
	}
	c.mu.Lock()
	c.pages[req.URL.RawQuery] = body
	c.mu.Unlock()
}

// recorder hands each successful response body to the capture (and the client a copy).
type recorder struct {
	next http.RoundTripper
	cap  *Capture
}

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil || resp.StatusCode != 200 {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.cap.keep(req, b)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// SyncRun is one sync measured.
type SyncRun struct {
	Result   history.Result
	Wall     time.Duration
	CPU      time.Duration
	Requests int
}

// Sync runs one sync of profileID from the emulator through the mesh client into db and
// counts the history requests the emulator served; cap (optional) keeps the pages it read. On an error the run still says how long
// it took and how many requests it made.
func Sync(ctx context.Context, em Emulator, db *store.DB, profileID string, cap *Capture) (SyncRun, error) {
	c, err := NewClient(em.BaseURL(), cap)
	if err != nil {
		return SyncRun{}, err
	}
	s := history.NewSyncer(db, history.MeshSource(c), history.Options{})
	if err := em.ResetRequests(); err != nil {
		return SyncRun{}, err
	}
	clk := StartClock()
	res, err := s.Sync(ctx, profileID)
	wall, cpu := clk.Stop()
	run := SyncRun{Result: res, Wall: wall, CPU: cpu}
	n, cerr := em.HistoryRequests()
	run.Requests = n
	if err != nil {
		return run, fmt.Errorf("sync: %w", err)
	}
	return run, cerr
}

// Baselines are the ingest limits measured on the same pages: decoding their JSON alone, and
// a bare prepared INSERT of the decoded rows into a bare table.
type Baselines struct {
	Rows, Pages           int
	DecodeWall, DecodeCPU time.Duration
	InsertWall, InsertCPU time.Duration
}

// MeasureBaselines measures the two ingest limits on pages (history response bodies, as a
// Capture kept them): (a) decoding every page into mesh.Transfer the way the client does
// (envelope, then content), timed alone; (b) inserting the decoded rows (each transfer once)
// with one prepared statement, one transaction per page of 100, into a bare table of a fresh
// SQLite file in dir with the store's pragmas, timed alone.
func MeasureBaselines(ctx context.Context, pages [][]byte, dir string) (Baselines, error) {
	bl := Baselines{Pages: len(pages)}
	decoded := make([][]mesh.Transfer, len(pages))
	clk := StartClock()
	for i, b := range pages {
		items, err := decodePage(b)
		if err != nil {
			return bl, fmt.Errorf("decode page %d: %w", i, err)
		}
		decoded[i] = items
	}
	bl.DecodeWall, bl.DecodeCPU = clk.Stop()
	// Each transfer once (the walk's pages do not overlap, but a retried page could).
	seen := map[string]bool{}
	var rows []mesh.Transfer
	for _, items := range decoded {
		for _, t := range items {
			if !seen[t.ID] {
				seen[t.ID] = true
				rows = append(rows, t)
			}
		}
	}
	decoded, seen = nil, nil
	conn, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "bare.db")+
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return bl, fmt.Errorf("bare table: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE bare (id TEXT PRIMARY KEY, status TEXT NOT NULL, created_ts INTEGER NOT NULL,
		amount_in_fiat REAL NOT NULL, hash TEXT NOT NULL, destination_address TEXT NOT NULL, raw BLOB NOT NULL)`); err != nil {
		return bl, fmt.Errorf("bare table: %w", err)
	}
	clk = StartClock()
	for i := 0; i < len(rows); i += mesh.MaxTransferPage {
		if err := bareInsert(ctx, conn, rows[i:min(i+mesh.MaxTransferPage, len(rows))]); err != nil {
			return bl, fmt.Errorf("bare insert at %d: %w", i, err)
		}
	}
	bl.InsertWall, bl.InsertCPU = clk.Stop()
	bl.Rows = len(rows)
	return bl, nil
}

// decodePage decodes one history response as the client does: envelope, then content.
func decodePage(body []byte) ([]mesh.Transfer, error) {
	var env struct {
		Content json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	var content struct {
		Items []mesh.Transfer `json:"items"`
		Total int             `json:"total"`
	}
	if err := json.Unmarshal(env.Content, &content); err != nil {
		return nil, err
	}
	return content.Items, nil
}

func bareInsert(ctx context.Context, conn *sql.DB, ts []mesh.Transfer) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO bare (id, status, created_ts, amount_in_fiat, hash, destination_address, raw)
		VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, t := range ts {
		if _, err := st.ExecContext(ctx, t.ID, string(t.Status), t.CreatedTimestamp, t.AmountInFiat, t.Hash, t.DestinationAddress, []byte(t.Raw)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Rate is n per duration, per second (zero for a zero duration).
func Rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
