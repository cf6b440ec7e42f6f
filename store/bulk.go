package store

import (
	"database/sql"
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
