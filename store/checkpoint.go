package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"time"
)

// checkpointInterval is how often the background checkpointer looks for new commits.
const checkpointInterval = 250 * time.Millisecond

// startCheckpointer moves WAL checkpoints off the write path. SQLite runs an automatic
// checkpoint inside whichever commit makes the WAL cross its threshold: copying thousands of
// pages into the database file and syncing it, while that commit holds the one write lock (a
// webhook's acknowledgement waited for it). Instead the write connection's automatic
// checkpoint is turned off and a goroutine with a connection of its own runs PASSIVE
// checkpoints, which never block the writer or readers; SQLite reuses the WAL from its start
// once it is fully copied, so the WAL stays about as large as what is written between two
// looks. If the checkpointer's connection cannot be opened, automatic checkpoints stay on.
func (db *DB) startCheckpointer() error {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(1000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	c, err := sql.Open("sqlite", "file:"+filepath.ToSlash(db.path)+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("checkpointer: %w", err)
	}
	c.SetMaxOpenConns(1)
	if err := c.PingContext(db.ctx); err != nil {
		c.Close()
		return fmt.Errorf("checkpointer: %w", err)
	}
	if _, err := db.w.ExecContext(db.ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		c.Close()
		return fmt.Errorf("checkpointer: %w", err)
	}
	db.wg.Add(1)
	go db.checkpointer(c)
	return nil
}

func (db *DB) checkpointer(c *sql.DB) {
	defer db.wg.Done()
	defer c.Close()
	t := time.NewTicker(checkpointInterval)
	defer t.Stop()
	var seen int64 = -1 // data_version at the last complete checkpoint
	for {
		select {
		case <-db.ctx.Done():
			return
		case <-t.C:
		}
		var v int64
		if err := c.QueryRowContext(db.ctx, `PRAGMA data_version`).Scan(&v); err != nil || v == seen {
			continue // nothing committed since everything was copied
		}
		log, copied, err := checkpoint(db.ctx, c)
		if err == nil && copied == log {
			seen = v
		}
	}
}

// checkpoint runs a PASSIVE checkpoint on c and returns the WAL's frame count and how many of
// them are copied into the database. A PASSIVE checkpoint copies what no reader still needs
// and waits for no one (neither the writer nor readers wait for it); what is left is copied
// at a later look.
func checkpoint(ctx context.Context, c *sql.DB) (log, copied int, err error) {
	var busy int
	if err := c.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &copied); err != nil {
		return 0, 0, fmt.Errorf("checkpoint: %w", err)
	}
	return log, copied, nil
}
