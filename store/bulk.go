package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
)

// pageSize is the page size of a new database (SQLite's default is 4096). A batch of 1000
// transfers dirties pages all over the id index, and SQLite writes each dirty page as a WAL
// frame with two pwrite calls: with 16 KiB pages a batch writes about a quarter of the frames
// and system calls (issue 5), the table and its raw JSON take a fifth less space, and B-tree
// splits are rarer. A database keeps the page size it was created with: in WAL mode it cannot
// change (not even by VACUUM), so databases created before this stay at 4096.
const pageSize = 16384

// initPageSize gives the new, empty database file at path its page size, then turns WAL on,
// which writes the first page and so fixes the page size. The pools' DSN would run
// journal_mode before any other _pragma (modernc sorts them), hence a connection of its own.
func initPageSize(path string) error {
	c, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("set page size: %w", err)
	}
	defer c.Close()
	if _, err := c.Exec(`PRAGMA page_size = ` + strconv.Itoa(pageSize)); err != nil {
		return fmt.Errorf("set page size: %w", err)
	}
	if _, err := c.Exec(`PRAGMA journal_mode = WAL`); err != nil {
		return fmt.Errorf("set page size: %w", err)
	}
	return nil
}

// withBulkTx is withTx for a batch of transfers, with foreign key enforcement off for the
// transaction. A multi-row INSERT into a table with an immediate foreign key (or a unique
// index whose conflict aborts the statement) must be undoable on its own, so SQLite copies
// every page it is about to change into a statement journal first: with 16 KiB pages that
// copying was a fifth of the batch's CPU time. The upsert inserts with OR ROLLBACK (a conflict
// ends the whole transaction, which fails the batch anyway) and needs no foreign key check:
// the profile's pk is read in the same transaction and each raw record's tid is the row just
// inserted. foreign_keys can only change outside a transaction, so the write connection is
// held for it; turning it back on fails only with a broken connection, which is then
// discarded so that no other write runs without the profile cascades. fn also gets the
// connection, for driver statements (driverStmt).
func (db *DB) withBulkTx(ctx context.Context, fn func(conn *sql.Conn, tx *sql.Tx) error) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return runTx(ctx, conn, func(tx *sql.Tx) error { return fn(conn, tx) })
}

// driverStmt is a statement prepared on the driver connection under a sql.Conn, for the
// upsert's multi-row INSERTs: through database/sql, each of a chunk's 2,100 values is
// converted and checked before the driver binds it, a tenth of the upsert's CPU time, and the
// upsert's values are driver values already (string, int64, float64, []byte or nil). It runs
// inside the caller's transaction on that connection. Each call takes the connection's lock,
// so no database/sql call on the same connection may run inside one.
type driverStmt struct {
	conn *sql.Conn
	st   driver.Stmt
	args *[]driver.NamedValue // shared by the caller's statements, kept from batch to batch
}

// prepareDriverStmt prepares query on conn; exec passes its values in *args (the caller's
// buffer, which only grows).
func prepareDriverStmt(ctx context.Context, conn *sql.Conn, query string, args *[]driver.NamedValue) (*driverStmt, error) {
	d := &driverStmt{conn: conn, args: args}
	err := conn.Raw(func(dc any) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return errors.New("the SQLite driver cannot prepare a statement with a context")
		}
		st, err := pc.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		if _, ok := st.(driver.StmtExecContext); !ok {
			st.Close()
			return errors.New("the SQLite driver cannot execute a statement with a context")
		}
		d.st = st
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// exec runs the statement with vals as its parameters ?1, ?2, ….
func (d *driverStmt) exec(ctx context.Context, vals []any) (res driver.Result, err error) {
	args := (*d.args)[:0]
	for i, v := range vals {
		args = append(args, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	*d.args = args
	err = d.conn.Raw(func(any) error {
		res, err = d.st.(driver.StmtExecContext).ExecContext(ctx, args)
		return err
	})
	return res, err
}

func (d *driverStmt) close() {
	_ = d.conn.Raw(func(any) error { return d.st.Close() })
}
