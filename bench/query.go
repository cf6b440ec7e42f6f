package bench

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
)

// View is one realistic view of the Transfers desk: a filter through the store's window query,
// and the same filter as plain SQL for the direct run on the same file.
type View struct {
	Name   string
	Filter store.TransferFilter
	// Where and Args extend "WHERE profile_pk = ?" in the direct SQL.
	Where string
	Args  []any
	// Jump: windows are asked at random offsets of the list (else always from the top).
	Jump bool
}

// Latencies are a view's window-query times through the store and directly in SQL.
type Latencies struct {
	View   string
	Total  int
	First  time.Duration // the first query after the store was opened (index warm-up)
	Store  []time.Duration
	Direct []time.Duration
	// DirectErr is why the direct SQL could not run (e.g. the schema changed), if so.
	DirectErr string
}

// Samples are rows picked across the list, for realistic search terms and look-ups.
type Samples struct {
	Rows []store.TransferRow
}

// PickSamples reads k rows spread over the profile's list (newest first).
func PickSamples(ctx context.Context, db *store.DB, profileID string, k int, rng *rand.Rand) (Samples, error) {
	w, err := db.QueryTransfers(ctx, profileID, store.TransferQuery{Limit: 1, Desc: true})
	if err != nil {
		return Samples{}, fmt.Errorf("count: %w", err)
	}
	var s Samples
	for i := 0; i < k && w.Total > 0; i++ {
		off := rng.IntN(w.Total)
		x, err := db.QueryTransfers(ctx, profileID, store.TransferQuery{Offset: off, Limit: 1, Desc: true})
		if err != nil {
			return Samples{}, fmt.Errorf("sample at %d: %w", off, err)
		}
		s.Rows = append(s.Rows, x.Rows...)
	}
	if len(s.Rows) == 0 {
		return s, fmt.Errorf("the profile has no transfers to sample")
	}
	return s, nil
}

// Views builds the views from the samples: no filter; a status; a 30-day range plus a
// network; free-text search by hash prefix, by destination address and by user id.
func Views(s Samples) []View {
	r := s.Rows[0]
	var withHash store.TransferRow
	for _, x := range s.Rows {
		if len(x.Hash) >= 12 {
			withHash = x
			break
		}
	}
	var withAddr store.TransferRow
	for _, x := range s.Rows {
		if x.DestinationAddress != "" {
			withAddr = x
			break
		}
	}
	from, to := r.CreatedTimestamp-15*86400, r.CreatedTimestamp+15*86400
	like := func(q string) []any {
		p := "%" + strings.ToLower(q) + "%"
		return []any{p, p, p, p, p, p}
	}
	const search = "(lower(id) LIKE ? OR lower(client_transaction_id) LIKE ? OR lower(hash) LIKE ? OR lower(destination_address) LIKE ? OR lower(refund_address) LIKE ? OR lower(user_id) LIKE ?)"
	hashPrefix := withHash.Hash
	if len(hashPrefix) > 12 {
		hashPrefix = hashPrefix[:12]
	}
	return []View{
		{Name: "no filter", Jump: true},
		{Name: "status = failed", Filter: store.TransferFilter{Statuses: []mesh.TransferStatus{mesh.StatusFailed}},
			Where: "status = ?", Args: []any{string(mesh.StatusFailed)}, Jump: true},
		{Name: "30 days + network", Filter: store.TransferFilter{CreatedFrom: from, CreatedTo: to, Networks: []string{r.NetworkName}},
			Where: "created_ts BETWEEN ? AND ? AND network_name = ?", Args: []any{from, to, r.NetworkName}, Jump: true},
		{Name: "search: hash prefix", Filter: store.TransferFilter{Search: hashPrefix}, Where: search, Args: like(hashPrefix)},
		{Name: "search: address", Filter: store.TransferFilter{Search: withAddr.DestinationAddress}, Where: search, Args: like(withAddr.DestinationAddress)},
		{Name: "search: user", Filter: store.TransferFilter{Search: r.UserID}, Where: search, Args: like(r.UserID)},
	}
}

// DirectBudget bounds the time spent on one view's direct SQL (at least one window is run).
var DirectBudget = 8 * time.Second

// LookupBudget bounds the time spent on exact look-ups (at least one row's are run).
var LookupBudget = 20 * time.Second

// Window is the window size the desk asks for.
const Window = 100

// MeasureView times n window queries of v through the store (after one first query, kept
// apart), then nDirect of the same windows as SQL on conn.
func MeasureView(ctx context.Context, db *store.DB, conn *sql.DB, profileID string, v View, n, nDirect int, rng *rand.Rand) (Latencies, error) {
	l := Latencies{View: v.Name}
	q := store.TransferQuery{Filter: v.Filter, Sort: store.SortCreated, Desc: true, Limit: Window}
	start := time.Now()
	w, err := db.QueryTransfers(ctx, profileID, q)
	l.First = time.Since(start)
	if err != nil {
		return l, fmt.Errorf("view %s: %w", v.Name, err)
	}
	l.Total = w.Total
	offsets := make([]int, n)
	for i := range offsets {
		if v.Jump && w.Total > Window {
			offsets[i] = rng.IntN(w.Total - Window)
		}
	}
	for _, off := range offsets {
		q.Offset = off
		start := time.Now()
		if _, err := db.QueryTransfers(ctx, profileID, q); err != nil {
			return l, fmt.Errorf("view %s at %d: %w", v.Name, off, err)
		}
		l.Store = append(l.Store, time.Since(start))
	}
	pk, err := profilePK(ctx, conn, profileID)
	if err != nil {
		l.DirectErr = err.Error()
		return l, nil
	}
	where := "profile_pk = ?"
	args := []any{pk}
	if v.Where != "" {
		where += " AND " + v.Where
		args = append(args, v.Args...)
	}
	countSQL := "SELECT count(*) FROM transfers WHERE " + where
	winSQL := "SELECT " + directCols + " FROM transfers WHERE " + where + " ORDER BY created_ts DESC, tid DESC LIMIT ? OFFSET ?"
	if strings.Contains(v.Where, "LIKE") {
		nDirect = max(nDirect/2, 1) // each a scan of every row: fewer samples
	}
	began := time.Now()
	for i, off := range offsets[:min(nDirect, len(offsets))] {
		if i > 0 && time.Since(began) > DirectBudget {
			break // a scan of every row per window: enough samples for this view
		}
		start := time.Now()
		if err := directWindow(ctx, conn, countSQL, winSQL, args, off); err != nil {
			l.DirectErr = err.Error()
			return l, nil
		}
		l.Direct = append(l.Direct, time.Since(start))
	}
	return l, nil
}

// directCols are the row columns the desk shows (what a TransferRow holds).
const directCols = `tid, id, client_transaction_id, user_id, status, amount_in_fiat, fiat_currency, amount, symbol, network_name,
	from_id, from_type, from_name, hash, destination_address, refund_address, sub_client_id, transfer_type, created_ts, executed_ts`

func profilePK(ctx context.Context, conn *sql.DB, profileID string) (int64, error) {
	var pk int64
	if err := conn.QueryRowContext(ctx, "SELECT pk FROM profiles WHERE id = ?", profileID).Scan(&pk); err != nil {
		return 0, fmt.Errorf("profile pk: %w", err)
	}
	return pk, nil
}

// directWindow runs the count and one window of rows, scanning every column as the store would.
func directWindow(ctx context.Context, conn *sql.DB, countSQL, winSQL string, args []any, off int) error {
	var total int
	if err := conn.QueryRowContext(ctx, countSQL, args...).Scan(&total); err != nil {
		return fmt.Errorf("direct count: %w", err)
	}
	rows, err := conn.QueryContext(ctx, winSQL, append(append([]any(nil), args...), Window, off)...)
	if err != nil {
		return fmt.Errorf("direct window: %w", err)
	}
	defer rows.Close()
	return scanRows(rows, nil)
}

// scanRows reads every row as strings; each row goes to each when set.
func scanRows(rows *sql.Rows, each func([]string) error) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if each != nil {
			for i, v := range vals {
				rec[i] = v.String
			}
			if err := each(rec); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}

// OpenDirect opens the store's file read-only for the direct SQL runs.
func OpenDirect(path string) (*sql.DB, error) {
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	conn.SetMaxOpenConns(1)
	return conn, nil
}

// FirstLookup is the key under which Lookups keeps the process's first look-up (by id): it
// builds the store's id table (store/tindex_ids.go), once per process, so it is reported
// apart, as the first window of each view is.
const FirstLookup = "first look-up"

// Lookups times exact look-ups of sampled rows by id, hash and destination address
// (store.FindTransfers: the newest store.LookupLimit matches and their exact count, as the
// desk and the CLI ask) and of the full record by id (store.Transfer), for as many sampled
// rows as LookupBudget allows, in that order for each row.
func Lookups(ctx context.Context, db *store.DB, profileID string, s Samples) (map[string][]time.Duration, error) {
	out := map[string][]time.Duration{}
	began := time.Now()
	for i, r := range s.Rows {
		if i > 0 && time.Since(began) > LookupBudget {
			break
		}
		for _, kv := range [][2]string{{"id", r.ID}, {"hash", r.Hash}, {"address", r.DestinationAddress}} {
			kind, v := kv[0], kv[1]
			if v == "" {
				continue
			}
			key := "lookup by " + kind
			if len(out) == 0 {
				key = FirstLookup
			}
			start := time.Now()
			got, err := db.FindTransfers(ctx, profileID, v, store.LookupLimit)
			out[key] = append(out[key], time.Since(start))
			if err != nil {
				return nil, fmt.Errorf("look up %s %s: %w", kind, v, err)
			}
			if len(got.Rows) == 0 || got.Total < len(got.Rows) {
				return nil, fmt.Errorf("look up %s %s: %d rows of %d", kind, v, len(got.Rows), got.Total)
			}
		}
		start := time.Now()
		if _, err := db.Transfer(ctx, profileID, r.ID); err != nil {
			return nil, fmt.Errorf("transfer %s: %w", r.ID, err)
		}
		out["full record by id"] = append(out["full record by id"], time.Since(start))
	}
	return out, nil
}

// Export is one CSV export of every transfer, through the store and directly.
type Export struct {
	Rows                int
	Bytes               int64
	StoreWall, StoreCPU time.Duration
	DirectRows          int
	DirectWall          time.Duration
	DirectErr           string
}

// countWriter counts bytes and drops them.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// MeasureExport exports the whole list as CSV through store.ExportTransfers, then the same
// columns with one SELECT through encoding/csv.
func MeasureExport(ctx context.Context, db *store.DB, conn *sql.DB, profileID string) (Export, error) {
	var e Export
	cw := &countWriter{}
	clk := StartClock()
	n, err := db.ExportTransfers(ctx, profileID, store.TransferQuery{Sort: store.SortCreated, Desc: true}, store.ExportCSV, cw)
	e.StoreWall, e.StoreCPU = clk.Stop()
	if err != nil {
		return e, fmt.Errorf("export: %w", err)
	}
	e.Rows, e.Bytes = n, cw.n
	pk, err := profilePK(ctx, conn, profileID)
	if err != nil {
		e.DirectErr = err.Error()
		return e, nil
	}
	start := time.Now()
	rows, err := conn.QueryContext(ctx, "SELECT "+directCols+" FROM transfers WHERE profile_pk = ? ORDER BY created_ts DESC, tid DESC", pk)
	if err != nil {
		e.DirectErr = err.Error()
		return e, nil
	}
	w := csv.NewWriter(io.Discard)
	err = scanRows(rows, func(rec []string) error { e.DirectRows++; return w.Write(rec) })
	rows.Close()
	w.Flush()
	e.DirectWall = time.Since(start)
	if err != nil {
		e.DirectErr = err.Error()
	}
	return e, nil
}

// itoa is strconv.Itoa (kept short for figure keys).
func itoa(n int) string { return strconv.Itoa(n) }

// FirstWindow is the first window query after a store was opened: what it cost, and where the
// query index came from.
type FirstWindow struct {
	Wall, CPU time.Duration
	// FromSnapshot: the index was read from its snapshot file (store.IndexStats).
	FromSnapshot bool
	Note         string
}

// MeasureFirstWindow times the desk's first window (newest first, 100 rows) on a store just
// opened: the query index's first load plus the window.
func MeasureFirstWindow(ctx context.Context, db *store.DB, profileID string) (FirstWindow, error) {
	var f FirstWindow
	clk := StartClock()
	_, err := db.QueryTransfers(ctx, profileID, store.TransferQuery{Sort: store.SortCreated, Desc: true, Limit: Window})
	f.Wall, f.CPU = clk.Stop()
	if err != nil {
		return f, fmt.Errorf("first window: %w", err)
	}
	st, err := db.QueryIndexStats(ctx, profileID)
	if err != nil {
		return f, fmt.Errorf("first window: %w", err)
	}
	f.FromSnapshot, f.Note = st.FromSnapshot, st.SnapshotNote
	return f, nil
}

// RemoveIndexSnapshots removes the query index snapshot files of the database at dbPath
// (closed), so that the next first window reads the index from the table.
func RemoveIndexSnapshots(dbPath string) error {
	files, err := filepath.Glob(store.SnapshotGlob(dbPath))
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	return nil
}

// Reopen closes db (which saves its query index's snapshot), opens the store at path again
// and times the first window there (the index from the snapshot). It returns the reopened
// store; on error db may be closed and the returned store nil.
func Reopen(ctx context.Context, db *store.DB, path, profileID string) (*store.DB, FirstWindow, time.Duration, error) {
	start := time.Now()
	if err := db.Close(); err != nil {
		return nil, FirstWindow{}, 0, fmt.Errorf("close: %w", err)
	}
	closed := time.Since(start)
	db, err := store.Open(path)
	if err != nil {
		return nil, FirstWindow{}, closed, err
	}
	f, err := MeasureFirstWindow(ctx, db, profileID)
	if err != nil {
		db.Close()
		return nil, f, closed, err
	}
	return db, f, closed, nil
}
