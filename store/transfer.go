package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"meshdesk/mesh"
)

// Source says where a transfer update came from. Only SourceAPI may move a transfer from one
// final status to another.
type Source string

// Update sources.
const (
	SourceAPI     Source = "api"
	SourceWebhook Source = "webhook"
)

// PageResult counts what one batch of transfers did to the store.
type PageResult struct {
	// New transfers were not stored before.
	New int `json:"new"`
	// Changed transfers were stored and differed (status, hash or any other field).
	Changed int `json:"changed"`
	// FinalUnchanged transfers were stored in a final status and are identical: a sync that
	// walks newest-first can stop when a page holds only these.
	FinalUnchanged int `json:"finalUnchanged"`
	// Unchanged transfers were stored, not final, and identical.
	Unchanged int `json:"unchanged"`
	// Stale transfers were ignored because they would move a final status back to pending.
	Stale int `json:"stale"`
}

// StatusChange is one entry of a transfer's status history.
type StatusChange struct {
	At     time.Time           `json:"at"`
	From   mesh.TransferStatus `json:"from"`
	To     mesh.TransferStatus `json:"to"`
	Source Source              `json:"source"`
}

// StoredTransfer is a transfer as the store holds it: Mesh's record (decoded from the raw JSON
// as received, with the current status) plus what the store knows about it.
type StoredTransfer struct {
	// Transfer is Mesh's record; Transfer.Raw is the exact JSON last received from the API.
	Transfer mesh.Transfer `json:"transfer"`
	// FirstSeen is when the store first saw the transfer; Updated when it last changed.
	FirstSeen time.Time `json:"firstSeen"`
	Updated   time.Time `json:"updated"`
	// Source is what made the last change.
	Source Source `json:"source"`
	// History lists status changes, oldest first.
	History []StatusChange `json:"history"`
}

// rawOf returns the exact JSON of t, or a marshalled copy when t was built in code.
func rawOf(t *mesh.Transfer) ([]byte, error) {
	if len(t.Raw) > 0 {
		return t.Raw, nil
	}
	b, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("encode transfer %s: %w", t.ID, err)
	}
	return b, nil
}

func checksum(b []byte) int64 {
	h := fnv.New64a()
	h.Write(b)
	return int64(h.Sum64())
}

// upserter applies transfers inside one write transaction.
type upserter struct {
	db   *DB
	ctx  context.Context
	conn *sql.Conn // tx's connection (driverStmt)
	tx   *sql.Tx
	ws   *writeStmts
	pk   int64
	now  int64
	seq  int64
	upd  *sql.Stmt
	updR *sql.Stmt
	hist *sql.Stmt
	// drv holds insert's driver statements by kind and size, prepared once per batch:
	// turning foreign keys off and on (withBulkTx) expires every prepared statement of the
	// connection, so a statement kept from one batch to the next would be compiled again.
	drv map[stmtKey]*driverStmt
	// seq0 is the sequence counter before the transaction; inserted lists the rows it
	// inserted, in order: what a repeated id is applied to, and what the query index takes in
	// (indexInserted).
	seq0     int64
	inserted []insertedRow
	// sc is memory the upsert takes from the last one (upsertScratch).
	sc *upsertScratch
}

// upsertScratch is what an upsert allocates in proportion to its batch, kept from one upsert
// to the next (scratchPool): allocated anew, it was a quarter of the Go memory a batch
// allocated, and at a million rows the benchmark's Go heap grows between collections by
// gigabytes whose every new page costs a page fault (about 25 µs each on the 2-core VM).
type upsertScratch struct {
	nv       []driver.NamedValue // driverStmt.exec's values
	bufs     []*insertBuf        // insert's chunk buffers
	rargs    []any
	inserted []insertedRow
	ids      []string
	seen     map[string]struct{}
}

// insertBuf is the memory of one chunk that insert prepares: its rows and the INSERT's values.
type insertBuf struct {
	rows []newRow
	args []any
}

var scratchPool = sync.Pool{New: func() any { return &upsertScratch{seen: map[string]struct{}{}} }}

// release empties sc and returns it to the pool.
func (sc *upsertScratch) release() {
	sc.reset()
	scratchPool.Put(sc)
}

// reset empties sc, keeping its room: nothing in it may refer to the last batch's transfers
// (a pooled buffer would keep them in memory until the next upsert).
func (sc *upsertScratch) reset() {
	for _, b := range sc.bufs {
		clear(b.rows)
		clear(b.args[:cap(b.args)])
		b.rows, b.args = b.rows[:0], b.args[:0]
	}
	clear(sc.nv[:cap(sc.nv)])
	clear(sc.rargs[:cap(sc.rargs)])
	clear(sc.inserted)
	clear(sc.ids)
	clear(sc.seen)
	sc.nv, sc.rargs, sc.inserted, sc.ids = sc.nv[:0], sc.rargs[:0], sc.inserted[:0], sc.ids[:0]
}

// insertedRow is a row the upserter inserted: what is stored, and the record.
type insertedRow struct {
	existing
	t *mesh.Transfer
}

// stmtKey names one of insert's driver statements: the INSERT of rows transfers or of rows
// raw records.
type stmtKey struct {
	raw  bool
	rows int
}

// prep returns insert's driver statement for k.
func (u *upserter) prep(k stmtKey) (*driverStmt, error) {
	if st, ok := u.drv[k]; ok {
		return st, nil
	}
	var q string
	switch {
	case k.rows == insertChunk && k.raw:
		q = insertRawSQLFull
	case k.rows == insertChunk:
		q = insertSQLFull
	case k.raw:
		q = insertRawSQL(k.rows)
	default:
		q = insertSQL(k.rows)
	}
	st, err := prepareDriverStmt(u.ctx, u.conn, q, &u.sc.nv)
	if err != nil {
		return nil, fmt.Errorf("insert transfers: %w", err)
	}
	u.drv[k] = st
	return st, nil
}

// closeStmts closes the driver statements.
func (u *upserter) closeStmts() {
	for _, st := range u.drv {
		st.close()
	}
}

const transferSetCols = `client_transaction_id=?, user_id=?, status=?, amount_in_fiat=?, fiat_currency=?, amount=?, symbol=?, network_name=?, network_id=?, from_id=?, from_type=?, from_name=?, hash=?, destination_address=?, refund_address=?, sub_client_id=?, transfer_type=?, created_ts=?, executed_ts=?, raw_sum=?, source=?, updated=?, seq=?`

const (
	// insertChunk is how many rows one multi-row INSERT carries (insertRowArgs values a row
	// and 4 for all; SQLite takes up to 32766).
	insertChunk = 100
	// insertRowArgs is how many values each row of insertSQL binds.
	insertRowArgs = 21
	// lookupChunk is how many candidate rows one existing-row query reads.
	lookupChunk = 100
)

// insertSQL is the multi-row INSERT of n transfers, whose ids the profile does not hold (the
// upserter checks: the table has no unique index on id, ids.go). OR ROLLBACK for any
// conflict: together with the foreign keys turned off (withBulkTx), SQLite needs no statement
// journal for it. What every row has in common is bound once: ?1 the profile, ?2 the source,
// ?3 the time (updated and first seen), ?4 the first row's seq (row i has ?4+i); then each
// row's insertRowArgs values (appendInsertArgs). Binding is a third of the statement's cost
// in modernc (each text value is copied into C memory), and these were 5 of 26 values a row.
func insertSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT OR ROLLBACK INTO transfers (profile_pk, source, updated, seq, first_seen, id, client_transaction_id, user_id, status, amount_in_fiat, fiat_currency, amount, symbol, network_name, network_id, from_id, from_type, from_name, hash, destination_address, refund_address, sub_client_id, transfer_type, created_ts, executed_ts, raw_sum) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		// The rest are plain ?, which SQLite numbers on from the highest so far (hence ?1 … ?4
		// first): SQLite lists the numbered ones, and modernc asks for every parameter's name,
		// so numbering all 2,100 made binding quadratic (2.5 times slower).
		b.WriteString(`(?1,?2,?3,?4+` + strconv.Itoa(i) + `,?3` + strings.Repeat(`,?`, insertRowArgs) + `)`)
	}
	return b.String()
}

// insertSQLFull and insertRawSQLFull are the INSERTs of a full chunk, whose text (90 KB for
// the transfers) is built once rather than for every batch.
var insertSQLFull, insertRawSQLFull = insertSQL(insertChunk), insertRawSQL(insertChunk)

// insertRawSQL is the multi-row INSERT of n raw records.
func insertRawSQL(n int) string {
	return `INSERT OR ROLLBACK INTO transfer_raw (tid, raw) VALUES ` + strings.TrimSuffix(strings.Repeat(`(?,?),`, n), ",")
}

// lookupSQL reads the stored state of n rows.
func lookupSQL(n int) string {
	return `SELECT id, tid, status, raw_sum, hash, seq FROM transfers WHERE tid IN (?` + strings.Repeat(",?", n-1) + `)`
}

// writeStmts are the upsert's statements, prepared once on the write connection at Open and
// bound to each transaction with Tx.StmtContext (which reuses the connection's prepared
// statement instead of preparing again).
type writeStmts struct {
	lookup, upd, updRaw, hist *sql.Stmt
}

func (w *writeStmts) prepare(db *sql.DB) error {
	for _, s := range []struct {
		dst **sql.Stmt
		q   string
	}{
		{&w.lookup, lookupSQL(lookupChunk)},
		{&w.upd, `UPDATE transfers SET ` + transferSetCols + ` WHERE tid = ?`},
		{&w.updRaw, `UPDATE transfer_raw SET raw = ? WHERE tid = ?`},
		{&w.hist, `INSERT INTO status_history (tid, at, from_status, to_status, source) VALUES (?,?,?,?,?)`},
	} {
		st, err := db.Prepare(s.q)
		if err != nil {
			w.close()
			return fmt.Errorf("prepare upsert: %w", err)
		}
		*s.dst = st
	}
	return nil
}

func (w *writeStmts) close() {
	for _, s := range []*sql.Stmt{w.lookup, w.upd, w.updRaw, w.hist} {
		if s != nil {
			s.Close()
		}
	}
	*w = writeStmts{}
}

func (db *DB) newUpserter(ctx context.Context, conn *sql.Conn, tx *sql.Tx, profileID string) (*upserter, error) {
	pk, err := profilePK(ctx, tx, profileID)
	if err != nil {
		return nil, err
	}
	u := &upserter{db: db, ctx: ctx, conn: conn, tx: tx, ws: &db.ws, pk: pk, now: ms(db.Now()), drv: map[stmtKey]*driverStmt{}, sc: scratchPool.Get().(*upsertScratch)}
	u.inserted = u.sc.inserted
	if err := tx.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'transfer_seq'`).Scan(&u.seq); err != nil {
		return nil, fmt.Errorf("read transfer_seq: %w", err)
	}
	u.seq0 = u.seq
	// Statements bound to the transaction are closed with it.
	u.upd, u.updR, u.hist = tx.StmtContext(ctx, db.ws.upd), tx.StmtContext(ctx, db.ws.updRaw), tx.StmtContext(ctx, db.ws.hist)
	return u, nil
}

// finish stores the sequence counter.
func (u *upserter) finish() error {
	_, err := u.tx.ExecContext(u.ctx, `UPDATE counters SET value = ? WHERE name = 'transfer_seq'`, u.seq)
	return err
}

func transferArgs(t *mesh.Transfer, sum int64, src Source, now, seq int64) []any {
	return appendTransferArgs(make([]any, 0, 24), t, sum, src, now, seq)
}

// appendTransferArgs appends the values of transferSetCols, in order, to args.
func appendTransferArgs(args []any, t *mesh.Transfer, sum int64, src Source, now, seq int64) []any {
	return append(appendRowValues(args, t), sum, string(src), now, seq)
}

// appendInsertArgs appends the insertRowArgs values of one row of insertSQL to args.
func appendInsertArgs(args []any, t *mesh.Transfer, sum int64) []any {
	return append(appendRowValues(append(args, t.ID), t), sum)
}

// appendRowValues appends t's values of transferSetCols from client_transaction_id to
// executed_ts.
func appendRowValues(args []any, t *mesh.Transfer) []any {
	var fromID, fromType, fromName string
	if t.From != nil {
		fromID, fromType, fromName = t.From.ID, t.From.Type, t.From.Name
	}
	var executed any
	if t.ExecutedTimestamp != nil {
		executed = *t.ExecutedTimestamp
	}
	return append(args, t.ClientTransactionID, t.UserID, string(t.Status), t.AmountInFiat, t.AmountInFiatCurrencyCode, t.Amount, t.Symbol, t.NetworkName, t.NetworkID,
		fromID, fromType, fromName, t.Hash, t.DestinationAddress, t.RefundAddress, t.SubClientID, string(t.TransferType), t.CreatedTimestamp, executed)
}

// existing is what the upserter needs to know of a stored transfer.
type existing struct {
	tid    int64
	status mesh.TransferStatus
	sum    int64
	hash   string
	seq    int64
}

// newRow is a transfer of the batch, ready to store. t is the caller's record, or a copy
// where the upserter had to fill something in (the caller's slice is never written).
type newRow struct {
	t   *mesh.Transfer
	raw []byte
	sum int64
}

// applyAll upserts transfers from the API history in order, counting outcomes in r.
//
// It first reads the stored state of the batch's ids (found through the query index, ids.go):
// a first sync's batch finds none and is inserted straight away, its rows prepared on a
// second goroutine while SQLite stores the chunk before (insert). Otherwise stored rows are
// applied as updates in order, and the rest inserted; an id repeated in the batch is applied
// as an update of its first occurrence, once that is inserted.
func (u *upserter) applyAll(ts []mesh.Transfer, r *PageResult) error {
	for i := range ts {
		if strings.TrimSpace(ts[i].ID) == "" {
			return invalidf("transfer without id")
		}
	}
	if len(ts) == 0 {
		return nil
	}
	known, err := u.lookup(ts)
	if err != nil {
		return err
	}
	if len(known) == 0 && !u.repeatsID(ts) {
		return u.insert(len(ts), func(dst []newRow, start, end int) ([]newRow, error) {
			return appendRows(dst, ts[start:end])
		}, r)
	}
	rows, err := appendRows(nil, ts)
	if err != nil {
		return err
	}
	var pending []newRow
	inPending := map[string]bool{}
	flush := func() error {
		from := len(u.inserted)
		err := u.insert(len(pending), func(dst []newRow, start, end int) ([]newRow, error) {
			return append(dst, pending[start:end]...), nil
		}, r)
		for _, in := range u.inserted[from:] {
			known[in.t.ID] = in.existing
		}
		pending = pending[:0]
		clear(inPending)
		return err
	}
	for _, nr := range rows {
		if inPending[nr.t.ID] {
			if err := flush(); err != nil {
				return err
			}
		}
		old, ok := known[nr.t.ID]
		if !ok {
			pending = append(pending, nr)
			inPending[nr.t.ID] = true
			continue
		}
		if known[nr.t.ID], err = u.update(nr, old, r); err != nil {
			return err
		}
	}
	return flush()
}

// repeatsID reports whether an id occurs twice in ts.
func (u *upserter) repeatsID(ts []mesh.Transfer) bool {
	seen := u.sc.seen
	defer clear(seen)
	for i := range ts {
		if _, ok := seen[ts[i].ID]; ok {
			return true
		}
		seen[ts[i].ID] = struct{}{}
	}
	return false
}

// appendRows appends ts to rows, ready to store: a transfer without a status is pending, and
// each gets its raw JSON and checksum.
func appendRows(rows []newRow, ts []mesh.Transfer) ([]newRow, error) {
	for i := range ts {
		t := &ts[i]
		if t.Status == "" {
			c := *t
			c.Status = mesh.StatusPending
			t = &c
		}
		raw, err := rawOf(t)
		if err != nil {
			return nil, err
		}
		rows = append(rows, newRow{t, raw, checksum(raw)})
	}
	return rows, nil
}

// lookup reads the stored state of the ids of ts: their candidate rows from the query index,
// lookupChunk at a time (a shorter last chunk repeats its first row id, so one prepared
// statement serves every query), keeping the rows whose id is one of them.
func (u *upserter) lookup(ts []mesh.Transfer) (map[string]existing, error) {
	ids := u.sc.ids[:0]
	for i := range ts {
		ids = append(ids, ts[i].ID)
	}
	u.sc.ids = ids
	cands, err := u.db.idCandidates(u.ctx, u.tx, u.pk, ids)
	if err != nil {
		return nil, err
	}
	known := make(map[string]existing, len(cands))
	if len(cands) == 0 {
		return known, nil
	}
	want := setOf(ids)
	st := u.tx.StmtContext(u.ctx, u.ws.lookup)
	defer st.Close()
	args := make([]any, lookupChunk)
	for start := 0; start < len(cands); start += lookupChunk {
		chunk := cands[start:min(start+lookupChunk, len(cands))]
		for i := range lookupChunk {
			if i < len(chunk) {
				args[i] = chunk[i]
			} else {
				args[i] = chunk[0]
			}
		}
		res, err := st.QueryContext(u.ctx, args...)
		if err != nil {
			return nil, fmt.Errorf("read transfers: %w", err)
		}
		for res.Next() {
			var id, status string
			var e existing
			if err := res.Scan(&id, &e.tid, &status, &e.sum, &e.hash, &e.seq); err != nil {
				res.Close()
				return nil, fmt.Errorf("read transfers: %w", err)
			}
			if want[id] {
				e.status = mesh.TransferStatus(status)
				known[id] = e
			}
		}
		res.Close()
		if err := res.Err(); err != nil {
			return nil, fmt.Errorf("read transfers: %w", err)
		}
	}
	return known, nil
}

// insertChunkOf is one chunk of rows ready to insert, with the INSERT's values (args[3], the
// first row's seq, is set when it is stored).
type insertChunkOf struct {
	*insertBuf
	err error
}

// insertBufs is how many chunk buffers insert uses: one being stored, one waiting, one being
// prepared.
const insertBufs = 3

// insert stores n rows, whose ids are new and distinct, in order with multi-row INSERTs of
// insertChunk rows; rowsOf returns rows [start, end), appended to dst. Row i of a chunk gets
// seq base+i.
// Each row is added to u.inserted.
//
// The chunks are prepared (rowsOf, then the INSERT's values) on a second goroutine one chunk
// ahead of the one being stored: that Go work is a tenth of the upsert, and another core can
// do it while SQLite stores the chunk before. It has finished when insert returns, so nothing
// reads the caller's batch afterwards.
func (u *upserter) insert(n int, rowsOf func(dst []newRow, start, end int) ([]newRow, error), r *PageResult) error {
	if n == 0 {
		return nil
	}
	chunks := make(chan insertChunkOf, 1)
	free := make(chan *insertBuf, insertBufs)
	for len(u.sc.bufs) < insertBufs {
		u.sc.bufs = append(u.sc.bufs, &insertBuf{})
	}
	for _, b := range u.sc.bufs {
		free <- b
	}
	done := make(chan struct{})
	go func() {
		defer close(chunks)
		for start := 0; start < n; start += insertChunk {
			var c insertChunkOf
			select {
			case c.insertBuf = <-free:
			case <-done:
				return
			}
			c.rows, c.err = rowsOf(c.rows[:0], start, min(start+insertChunk, n))
			if c.err == nil {
				c.args = append(c.args[:0], u.pk, string(SourceAPI), u.now, int64(0))
				for _, nr := range c.rows {
					c.args = appendInsertArgs(c.args, nr.t, nr.sum)
				}
			}
			select {
			case chunks <- c:
			case <-done:
				return
			}
			if c.err != nil {
				return
			}
		}
	}()
	defer func() {
		close(done)
		for range chunks { // wait for the goroutine to end
		}
	}()
	rargs := u.sc.rargs[:0]
	defer func() { u.sc.rargs = rargs }()
	for c := range chunks {
		if c.err != nil {
			return c.err
		}
		chunk := c.rows
		base := u.seq + 1
		u.seq += int64(len(chunk))
		c.args[3] = base
		st, err := u.prep(stmtKey{rows: len(chunk)})
		if err != nil {
			return err
		}
		res, err := st.exec(u.ctx, c.args)
		if err != nil {
			return fmt.Errorf("insert transfers: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || int(n) != len(chunk) {
			return fmt.Errorf("insert transfers: %d of %d rows stored (%v)", n, len(chunk), err)
		}
		last, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("insert transfers: %w", err)
		}
		// One writer, AUTOINCREMENT: the chunk got consecutive tids ending at last.
		first := last - int64(len(chunk)) + 1
		rargs = rargs[:0]
		for i, nr := range chunk {
			rargs = append(rargs, first+int64(i), nr.raw)
			u.inserted = append(u.inserted, insertedRow{existing{first + int64(i), nr.t.Status, nr.sum, nr.t.Hash, base + int64(i)}, nr.t})
		}
		if err := u.insertRaw(rargs); err != nil {
			return err
		}
		r.New += len(chunk)
		free <- c.insertBuf // never blocks: it has room for every buffer
	}
	return nil
}

// insertRaw stores raw records; args holds (tid, raw) pairs.
func (u *upserter) insertRaw(args []any) error {
	if len(args) == 0 {
		return nil
	}
	st, err := u.prep(stmtKey{raw: true, rows: len(args) / 2})
	if err != nil {
		return err
	}
	if _, err := st.exec(u.ctx, args); err != nil {
		return fmt.Errorf("insert transfers: %w", err)
	}
	return nil
}

// update applies a transfer that is already stored, following the status rules, and returns
// what is stored afterwards.
func (u *upserter) update(nr newRow, old existing, r *PageResult) (existing, error) {
	t := nr.t
	if old.status.IsFinal() && !t.Status.IsFinal() {
		r.Stale++
		return old, nil
	}
	if nr.sum == old.sum && old.status == t.Status {
		if old.status.IsFinal() {
			r.FinalUnchanged++
		} else {
			r.Unchanged++
		}
		return old, nil
	}
	if t.Hash == "" && old.hash != "" {
		c := *t
		c.Hash = old.hash // a webhook's hash is kept until the API knows it
		t = &c
	}
	u.seq++
	if _, err := u.upd.ExecContext(u.ctx, append(transferArgs(t, nr.sum, SourceAPI, u.now, u.seq), old.tid)...); err != nil {
		return old, fmt.Errorf("update transfer %s: %w", t.ID, err)
	}
	if _, err := u.updR.ExecContext(u.ctx, nr.raw, old.tid); err != nil {
		return old, fmt.Errorf("update transfer %s: %w", t.ID, err)
	}
	if old.status != t.Status {
		if _, err := u.hist.ExecContext(u.ctx, old.tid, u.now, string(old.status), string(t.Status), string(SourceAPI)); err != nil {
			return old, fmt.Errorf("record status of %s: %w", t.ID, err)
		}
	}
	r.Changed++
	return existing{old.tid, t.Status, nr.sum, t.Hash, u.seq}, nil
}

// UpsertTransfers stores transfers from the API history in one transaction (see ApplySyncPage
// for the rules) and returns what changed.
func (db *DB) UpsertTransfers(ctx context.Context, profileID string, transfers []mesh.Transfer) (PageResult, error) {
	return db.applyTransfers(ctx, profileID, transfers, nil)
}

// ApplySyncPage stores one page of the API history and the sync cursor in ONE transaction, so a
// crash loses or repeats nothing. Transfers are upserted by id within the profile; a new status
// is taken except that a final status (succeeded, failed) never returns to pending; a change
// between final statuses is taken (the API history is authoritative) and recorded in the status
// history.
func (db *DB) ApplySyncPage(ctx context.Context, profileID string, transfers []mesh.Transfer, state SyncState) (PageResult, error) {
	return db.applyTransfers(ctx, profileID, transfers, &state)
}

func (db *DB) applyTransfers(ctx context.Context, profileID string, transfers []mesh.Transfer, state *SyncState) (PageResult, error) {
	var r PageResult
	var u *upserter
	// The query index is loaded (or caught up) before the write lock is taken: its first load
	// of a large profile takes a while, and the upsert's refresh inside the transaction then
	// has little to read. An error here is met again inside.
	if pk, err := profilePK(ctx, db.r, profileID); err == nil {
		db.idCandidates(ctx, db.r, pk, nil)
	}
	err := db.withBulkTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		var err error
		u, err = db.newUpserter(ctx, conn, tx, profileID)
		if err != nil {
			return err
		}
		defer u.closeStmts()
		if err := u.applyAll(transfers, &r); err != nil {
			return err
		}
		if err := u.finish(); err != nil {
			return err
		}
		if state != nil {
			return db.putSyncState(ctx, tx, u.pk, *state)
		}
		return nil
	})
	if u != nil {
		defer func() {
			u.sc.inserted = u.inserted
			u.sc.release()
		}()
	}
	if err != nil {
		return PageResult{}, fmt.Errorf("store %d transfers: %w", len(transfers), err)
	}
	if r.Changed == 0 {
		db.indexInserted(u.pk, u.seq0, u.seq, u.inserted)
	}
	db.noteBulk()
	db.kickSearch()
	return r, nil
}

// Transfer returns one stored transfer with its status history, or ErrNotFound.
func (db *DB) Transfer(ctx context.Context, profileID, id string) (*StoredTransfer, error) {
	defer db.foreground()() // a detail the user opened: the search worker waits for it
	// Its four queries have fixed texts: prepared once per read connection (db.rs).
	var st StoredTransfer
	var first, updated int64
	var status, src, hash string
	var raw []byte
	pk, err := profilePK(ctx, db.rs, profileID)
	if err != nil {
		return nil, fmt.Errorf("transfer %s: %w", id, err)
	}
	found, err := db.tidsByID(ctx, db.rs, pk, id)
	if err != nil {
		return nil, fmt.Errorf("transfer %s: %w", id, err)
	}
	tid, ok := found[id]
	if !ok {
		return nil, fmt.Errorf("transfer %s: %w", id, ErrNotFound)
	}
	err = db.rs.QueryRowContext(ctx, `SELECT t.status, t.hash, t.source, t.first_seen, t.updated, r.raw FROM transfers t JOIN transfer_raw r ON r.tid = t.tid
		WHERE t.tid = ?`, tid).Scan(&status, &hash, &src, &first, &updated, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("transfer %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("transfer %s: %w", id, err)
	}
	if err := json.Unmarshal(raw, &st.Transfer); err != nil {
		return nil, fmt.Errorf("transfer %s: %w", id, err)
	}
	// A webhook may have moved the status on, or brought the hash, after the API's record.
	st.Transfer.Status, st.Transfer.Hash = mesh.TransferStatus(status), hash
	st.Source, st.FirstSeen, st.Updated = Source(src), fromMS(first), fromMS(updated)
	rows, err := db.rs.QueryContext(ctx, `SELECT at, from_status, to_status, source FROM status_history WHERE tid = ? ORDER BY at, rowid`, tid)
	if err != nil {
		return nil, fmt.Errorf("transfer %s history: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c StatusChange
		var at int64
		var from, to, s string
		if err := rows.Scan(&at, &from, &to, &s); err != nil {
			return nil, fmt.Errorf("transfer %s history: %w", id, err)
		}
		c.At, c.From, c.To, c.Source = fromMS(at), mesh.TransferStatus(from), mesh.TransferStatus(to), Source(s)
		st.History = append(st.History, c)
	}
	return &st, rows.Err()
}

// PendingTransferIDs lists the ids of a profile's transfers that are not final (newest first,
// at most limit; 0 means all), for the sync engine to re-check.
func (db *DB) PendingTransferIDs(ctx context.Context, profileID string, limit int) ([]string, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM transfers WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) AND status NOT IN ('succeeded', 'failed') ORDER BY created_ts DESC, id DESC LIMIT ?`, profileID, limit)
	if err != nil {
		return nil, fmt.Errorf("pending transfers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("pending transfers: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// LookupTransfers finds the transfers whose id, client transaction id, hash, destination
// address or refund address equals value (case-insensitive): the newest LookupLimit of them
// (FindTransfers, lookup.go, also says how many there are).
func (db *DB) LookupTransfers(ctx context.Context, profileID, value string) ([]TransferRow, error) {
	m, err := db.FindTransfers(ctx, profileID, value, LookupLimit)
	if err != nil {
		return nil, err
	}
	return m.Rows, nil
}

// indexInserted puts the rows a committed upsert inserted into the profile's query index, when
// they are all it changed and the index was at the table's state before it (the upsert
// refreshed it under the write lock, and no query has caught up since): the index then need
// not read them back from the table, which costs more than storing them (modernc's per-row
// cost). Otherwise the next refresh reads them.
func (db *DB) indexInserted(pk, before, after int64, rows []insertedRow) {
	db.idxMu.Lock()
	x := db.indexes[pk]
	db.idxMu.Unlock()
	if x == nil || len(rows) == 0 || after != before+int64(len(rows)) {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.seq != before || x.dropped.Load() {
		return
	}
	var rv rowVals
	i := 0
	err := x.apply(after, x.len() == 0, func() (*rowVals, error) {
		if i == len(rows) {
			return nil, nil
		}
		in := rows[i]
		i++
		t := in.t
		var fromID, fromType string
		if t.From != nil {
			fromID, fromType = t.From.ID, t.From.Type
		}
		rv.tid, rv.seq, rv.created, rv.amount = in.tid, in.seq, t.CreatedTimestamp, t.AmountInFiat
		rv.id, rv.ctid, rv.hash, rv.dest, rv.refund = bytesOf(t.ID), bytesOf(t.ClientTransactionID), bytesOf(t.Hash), bytesOf(t.DestinationAddress), bytesOf(t.RefundAddress)
		rv.strs = [7][]byte{bytesOf(string(t.Status)), bytesOf(t.NetworkName), bytesOf(t.Symbol), bytesOf(fromID), bytesOf(fromType), bytesOf(t.SubClientID), bytesOf(t.UserID)}
		return &rv, nil
	})
	if err != nil {
		x.reset() // not expected (row ids ascend); the next query loads the table
	}
}

// bytesOf views s as bytes without copying it (a tenth of indexInserted's time went to
// copies): apply only reads them, and keeps copies of what it keeps.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
