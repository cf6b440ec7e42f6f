package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
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
// discarded so that no other write runs without the profile cascades.
func (db *DB) withBulkTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
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
	return runTx(ctx, conn, fn)
}
