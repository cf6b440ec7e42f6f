// Package store keeps everything Mesh Desk knows: non-secret data (profiles, connections,
// transfers, sync state, webhook events) in one SQLite file, and every secret in the OS
// keychain through a Vault. It follows WTF Dial's sqlite package: migrations embedded and
// applied in order on Open, WAL and foreign keys on, an injectable clock.
//
// The transfer history is built for a million rows: exact look-ups go through SQLite
// indexes, window queries (filter, sort, count, jump, keyset) through a compact in-memory
// index that follows the table, and substring search through an FTS5 trigram index that a
// background worker keeps up to date (rows it has not reached yet are scanned directly, so a
// stored transfer is searchable at once).
//
// Entry points by user:
//   - app/CLI: Open, Close, FinishCleanup (at start), profiles (CreateProfile, Profiles,
//     DefaultProfile, …), connections (SaveConnection, Connections, RemoveConnection), vaults
//     (NewKeyringVault(db), EnvVault for servers, NewMemoryVault in tests).
//   - history sync: AcquireSyncLease, SyncState, ApplySyncPage, PendingTransferIDs,
//     UnknownTransferEvents; webhook receiver: ApplyWebhookEvent.
//   - Transfers view: QueryTransfers, CountTransfers, LookupTransfers, Transfer, ExportTransfers.
//   - tests of other packages: storetest.MustOpenDB.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migration/*.sql
var migrationFS embed.FS

// Errors callers test with errors.Is.
var (
	// ErrNotFound means the profile, connection, transfer or setting does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a unique value (a profile name, an id) is already taken.
	ErrConflict = errors.New("already exists")
	// ErrInvalid means an argument failed validation; the message says which.
	ErrInvalid = errors.New("invalid")
	// ErrNewerSchema means the database was written by a newer Mesh Desk; it is left untouched.
	ErrNewerSchema = errors.New("database was written by a newer version of Mesh Desk")
	// ErrSyncInProgress means another holder has the profile's sync lease (see *LeaseError).
	ErrSyncInProgress = errors.New("a sync is already in progress")
)

// invalidf returns an error wrapping ErrInvalid with a user-facing message.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// DB is an open Mesh Desk database. It is safe for concurrent use, also by several processes
// on one file (writers wait for each other through SQLite's busy timeout).
type DB struct {
	path string
	w    *sql.DB // one connection, BEGIN IMMEDIATE: all writes
	r    *sql.DB // readers
	rs   *readStmts

	// Now returns the current time; tests replace it. It is read on every write.
	Now func() time.Time

	searchInterval time.Duration // background search-index catch-up period; 0 disables
	searchBatch    int

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	kick   chan struct{}

	idxMu   sync.Mutex
	indexes map[int64]*tindex // by profile pk

	// ws are the write path's statements, prepared once on the write connection (modernc
	// prepares a statement in ~0.1 ms: per transaction, that was a tenth of an upsert).
	ws writeStmts

	// lastBulk is when a transfer batch was last written (Unix nanoseconds) and syncing how
	// many sync leases this process holds; the search worker yields to both (searchWorker).
	lastBulk atomic.Int64
	syncing  atomic.Int32

	// hooks are the webhook path's prepared statements and lastHook when a webhook was last
	// applied (Unix nanoseconds; the search worker takes short turns meanwhile) (webhook.go).
	hooks    hookStmts
	lastHook atomic.Int64
	hooksOn  atomic.Int32 // webhook receivers listening (ExpectWebhooks)

	// fg tracks the queries a user waits for; the search worker pauses for them as pause says.
	fg    foreground
	pause searchPause
}

// Option configures Open.
type Option func(*DB)

// WithNow sets the clock (default time.Now).
func WithNow(now func() time.Time) Option { return func(db *DB) { db.Now = now } }

// WithSearchIndexing sets how often the background worker moves new and changed transfers into
// the search index and how many rows it moves per transaction (default 200 ms, 250: about
// 20 ms of CPU a transaction, so a webhook waiting for the write lock is answered in time).
// An interval of 0 turns the worker off; CatchUpSearch then does the work on demand.
func WithSearchIndexing(interval time.Duration, batch int) Option {
	return func(db *DB) {
		db.searchInterval = interval
		if batch > 0 {
			db.searchBatch = batch
		}
	}
}

// dsn builds the modernc.org/sqlite data source name for path (TOOLCHAIN.md).
//
// The write connection keeps statement journals in memory (temp_store: a multi-row INSERT
// journals the pages it touches, and a temporary file costs a write and a read per page) and
// has a larger page cache, so that a batch's index pages are not spilled and read back.
func dsn(path string, write bool) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	if write {
		q.Set("_txlock", "immediate")
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_pragma", "cache_size(-32768)") // KiB
		q.Add("_pragma", "wal_autocheckpoint(8192)")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path, applies pending migrations and starts
// the search-index worker. A database written by a newer version is refused with
// ErrNewerSchema. The parent folder is created 0700.
func Open(path string, opts ...Option) (*DB, error) {
	if path == "" {
		return nil, invalidf("database path is empty")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	// Create the file 0600 ourselves: SQLite gives its WAL and shared-memory files the
	// database file's mode, and the folder holds a user's financial records.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	fi, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if fi.Size() == 0 { // a new database: its page size first (bulk.go)
		if err := initPageSize(path); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	db := &DB{
		path: path, Now: time.Now,
		searchInterval: 200 * time.Millisecond, searchBatch: 250,
		kick: make(chan struct{}, 1), indexes: map[int64]*tindex{},
		pause: searchPause{grace: searchForegroundGrace, max: searchForegroundMax},
	}
	for _, o := range opts {
		o(db)
	}
	if db.w, err = sql.Open("sqlite", dsn(path, true)); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.w.SetMaxOpenConns(1)
	db.w.SetConnMaxIdleTime(0)
	if err := db.migrate(); err != nil {
		db.w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := db.ws.prepare(db.w); err != nil {
		db.w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if db.r, err = sql.Open("sqlite", dsn(path, false)); err != nil {
		db.ws.close()
		db.w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.r.SetMaxOpenConns(4)
	// All four stay open: each keeps the statements prepared on it (readStmts), and a
	// connection opened afresh reads the schema again.
	db.r.SetMaxIdleConns(4)
	db.rs = newReadStmts(db.r)
	db.ctx, db.cancel = context.WithCancel(context.Background())
	if db.searchInterval > 0 {
		db.wg.Add(1)
		go db.searchWorker()
	}
	// WAL checkpoints in the background, off the write path (checkpoint.go); should that
	// fail, SQLite's automatic checkpoints stay on.
	_ = db.startCheckpointer()
	return db, nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close stops the background worker and closes the database.
func (db *DB) Close() error {
	if db.cancel != nil {
		db.cancel()
	}
	db.wg.Wait()
	db.hooks.close()
	db.closeIndexes() // query index snapshots (tindex_snapshot.go)
	var errs []error
	if db.rs != nil {
		db.rs.close()
	}
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	db.ws.close()
	if db.w != nil {
		errs = append(errs, db.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// migrations lists the embedded migration files in order.
func migrations() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// SchemaVersion is the number of migrations this build knows.
func SchemaVersion() int {
	names, _ := migrations()
	return len(names)
}

// migrate applies each pending migration in its own transaction and refuses a database that
// has migrations this build does not know.
func (db *DB) migrate() error {
	ctx := context.Background()
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := migrations()
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	known := map[string]bool{}
	for _, n := range names {
		known[strings.TrimPrefix(n, "migration/")] = true
	}
	rows, err := db.w.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	var unknown []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return fmt.Errorf("read migrations: %w", err)
		}
		if !known[n] {
			unknown = append(unknown, n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%w (it has migration %s; this build knows %d): upgrade Mesh Desk", ErrNewerSchema, strings.Join(unknown, ", "), len(names))
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	base := strings.TrimPrefix(name, "migration/")
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, base).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, base, db.Now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}

// withTx runs fn in one write transaction (BEGIN IMMEDIATE) and commits when it returns nil.
func (db *DB) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return runTx(ctx, db.w, fn)
}

// txBeginner is the write pool or one connection held from it.
type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// runTx runs fn in a transaction begun on b and commits when fn returns nil.
func runTx(ctx context.Context, b txBeginner, fn func(tx *sql.Tx) error) error {
	tx, err := b.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error unless SQLite answers "ok".
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.r.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		msgs = append(msgs, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("integrity check: %s", strings.Join(msgs, "; "))
	}
	return nil
}

// readStmts runs the read queries a user waits for on every keystroke (a look-up's profile
// and rows) as statements prepared once per read connection. Parsing them each time was about
// a third of the CPU of a look-up made after an idle spell, when SQLite's parser runs cold
// (perf of BenchmarkLookupWhileSearchFills' look-ups one by one). Only queries with fixed text
// belong here: the cache never forgets one.
type readStmts struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func newReadStmts(db *sql.DB) *readStmts {
	return &readStmts{db: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns query prepared (database/sql prepares it again on each connection it runs
// on, once).
func (p *readStmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	s := p.stmts[query]
	p.mu.Unlock()
	if s != nil {
		return s, nil
	}
	s, err := p.db.PrepareContext(ctx, query) // not under mu: it may wait for a connection
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if had := p.stmts[query]; had != nil { // prepared meanwhile by another query
		s.Close()
		return had, nil
	}
	p.stmts[query] = s
	return s, nil
}

// QueryContext is sql.DB's, through the prepared statement.
func (p *readStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext is sql.DB's, through the prepared statement.
func (p *readStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := p.stmt(ctx, query)
	if err != nil {
		return p.db.QueryRowContext(ctx, query, args...) // the same error, in a Row
	}
	return s.QueryRowContext(ctx, args...)
}

func (p *readStmts) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for q, s := range p.stmts {
		s.Close()
		delete(p.stmts, q)
	}
}

// newID returns a random UUID (version 4) string.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// ms converts a time to Unix milliseconds (0 for the zero time).
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS converts Unix milliseconds to a UTC time (zero for 0).
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// Setting returns a value of the settings table, or ErrNotFound.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("setting %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("setting %q: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a non-secret value in the settings table (never a secret: use the Vault).
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if key == "" {
		return invalidf("setting key is empty")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return fmt.Errorf("set setting %q: %w", key, err)
		}
		return nil
	})
}

// DeleteSetting removes a setting; removing a missing one is not an error.
func (db *DB) DeleteSetting(ctx context.Context, key string) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, key); err != nil {
			return fmt.Errorf("delete setting %q: %w", key, err)
		}
		return nil
	})
}

// itoa is strconv.FormatInt for int64.
func itoa(v int64) string { return strconv.FormatInt(v, 10) }
