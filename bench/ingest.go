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

// NewClient returns a Mesh client for the emulator's demo client; rec, when set, sees every
// history response body.
func NewClient(base string, rec func(body []byte)) (*mesh.Client, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	hc := &http.Client{Timeout: 2 * time.Minute, Transport: tr}
	if rec != nil {
		hc.Transport = recorder{next: tr, rec: rec}
	}
	c, err := mesh.NewClient(meshsim.DefaultClientID, meshsim.DefaultClientSecret, mesh.WithBaseURL(base), mesh.WithHTTPClient(hc))
	if err != nil {
		return nil, fmt.Errorf("mesh client: %w", err)
	}
	return c, nil
}

// recorder hands each successful history response body to rec (and the client a copy).
type recorder struct {
	next http.RoundTripper
	rec  func([]byte)
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
	r.rec(b)
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
// counts the history requests the emulator served. On an error the run still says how long
// it took and how many requests it made.
func Sync(ctx context.Context, sim *meshsim.Sim, db *store.DB, profileID string) (SyncRun, error) {
	c, err := NewClient(sim.BaseURL(), nil)
	if err != nil {
		return SyncRun{}, err
	}
	s := history.NewSyncer(db, history.MeshSource(c), history.Options{})
	sim.ResetRequestCounts()
	clk := StartClock()
	res, err := s.Sync(ctx, profileID)
	wall, cpu := clk.Stop()
	run := SyncRun{Result: res, Wall: wall, CPU: cpu, Requests: sim.RequestCount(HistoryRoute)}
	if err != nil {
		return run, fmt.Errorf("sync: %w", err)
	}
	return run, nil
}

// Baselines are the ingest limits measured on the same pages: decoding their JSON alone, and
// a bare prepared INSERT of the decoded rows into a bare table.
type Baselines struct {
	Rows                  int
	DecodeWall, DecodeCPU time.Duration
	InsertWall, InsertCPU time.Duration
}

// decodeCPU and insertCPU are measured with the process's CPU clock around each step; the
// fetch of each page (not part of either limit) is outside both.

// MeasureBaselines walks the emulator's whole history page by page (100 per page, newest
// first, the window frozen, as the sync reads it). Each page's body is fetched untimed, then
// decoded into mesh.Transfer the way the client does (timed: the decode limit), then its rows
// are inserted with one prepared statement in one transaction per page into a bare table of a
// fresh SQLite file in dir, with the store's pragmas (timed: the insert limit).
func MeasureBaselines(ctx context.Context, sim *meshsim.Sim, dir string) (Baselines, error) {
	var bl Baselines
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
	var mu sync.Mutex
	var body []byte
	c, err := NewClient(sim.BaseURL(), func(b []byte) { mu.Lock(); body = b; mu.Unlock() })
	if err != nil {
		return bl, err
	}
	q := mesh.TransferQuery{Count: mesh.MaxTransferPage, OrderBy: mesh.OrderByCreatedTimestamp, DescendingOrder: true,
		ToTimestamp: sim.Now().Unix()}
	for {
		p, err := c.Transfers(ctx, q)
		if err != nil {
			return bl, fmt.Errorf("fetch page at %d: %w", q.Offset, err)
		}
		mu.Lock()
		raw := body
		mu.Unlock()
		if len(p.Items) == 0 {
			break
		}
		// The decode limit: the envelope, then the page content, into mesh.Transfer.
		clk := StartClock()
		items, err := decodePage(raw)
		w, cp := clk.Stop()
		bl.DecodeWall += w
		bl.DecodeCPU += cp
		if err != nil {
			return bl, fmt.Errorf("decode page at %d: %w", q.Offset, err)
		}
		clk = StartClock()
		err = bareInsert(ctx, conn, items)
		w, cp = clk.Stop()
		bl.InsertWall += w
		bl.InsertCPU += cp
		if err != nil {
			return bl, fmt.Errorf("bare insert at %d: %w", q.Offset, err)
		}
		bl.Rows += len(items)
		q.Offset += len(p.Items)
		if q.Offset >= p.Total {
			break
		}
	}
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
