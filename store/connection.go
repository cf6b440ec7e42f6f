package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Health is what the app last learned about a connection's token.
type Health string

// Connection health values.
const (
	HealthUnknown Health = "unknown"
	HealthOK      Health = "ok"
	// HealthExpired means Mesh rejected the token; the user must reconnect.
	HealthExpired Health = "expired"
	HealthError   Health = "error"
)

// Connection is one connected exchange or wallet account of a profile. Its tokenId and any
// access/refresh tokens are in the Vault (ConnectionSecret), never here.
type Connection struct {
	// ID is the store's stable id of the connection (a UUID).
	ID string `json:"id"`
	// ProfileID is the owning profile.
	ProfileID string `json:"profileId"`
	// UserID is the Mesh userId the connection was made for.
	UserID string `json:"userId"`
	// BrokerType is the integration's BrokerType (e.g. coinbase); BrokerName its display name.
	BrokerType string `json:"brokerType"`
	BrokerName string `json:"brokerName"`
	// AccountID and AccountName identify the account at the integration.
	AccountID   string `json:"accountId"`
	AccountName string `json:"accountName"`
	// IntegrationID is Mesh's integration id, when known.
	IntegrationID string `json:"integrationId"`
	// DelayedAuth is set when Link returned a delayed-auth payload (refresh token only).
	DelayedAuth bool `json:"delayedAuth"`
	// Health and HealthDetail record the last token check.
	Health       Health `json:"health"`
	HealthDetail string `json:"healthDetail"`
	// ConnectedAt is when the account was (last) connected; LastUsedAt when its token was last used.
	ConnectedAt time.Time `json:"connectedAt"`
	LastUsedAt  time.Time `json:"lastUsedAt"`
}

// ConnectionSecrets are the secret parts of a Link payload for one account. Empty fields are
// not stored.
type ConnectionSecrets struct {
	TokenID      string
	AccessToken  string
	RefreshToken string
}

func (s ConnectionSecrets) items(connID string) []struct {
	key   SecretKey
	value string
} {
	var out []struct {
		key   SecretKey
		value string
	}
	for _, it := range []struct {
		kind ConnSecretKind
		v    string
	}{{ConnTokenID, s.TokenID}, {ConnAccessToken, s.AccessToken}, {ConnRefreshToken, s.RefreshToken}} {
		if it.v != "" {
			out = append(out, struct {
				key   SecretKey
				value string
			}{ConnectionSecret(connID, it.kind), it.v})
		}
	}
	return out
}

const connCols = `c.id, p.id, c.user_id, c.broker_type, c.broker_name, c.account_id, c.account_name, c.integration_id, c.delayed_auth, c.health, c.health_detail, c.connected_at, c.last_used_at`

func scanConnection(row interface{ Scan(...any) error }) (*Connection, error) {
	var c Connection
	var health string
	var connected, used int64
	if err := row.Scan(&c.ID, &c.ProfileID, &c.UserID, &c.BrokerType, &c.BrokerName, &c.AccountID, &c.AccountName, &c.IntegrationID, &c.DelayedAuth, &health, &c.HealthDetail, &connected, &used); err != nil {
		return nil, err
	}
	c.Health = Health(health)
	c.ConnectedAt, c.LastUsedAt = fromMS(connected), fromMS(used)
	return &c, nil
}

// SaveConnection stores a connection and its secrets. A connection with the same profile,
// user id, broker type and account id is replaced (a reconnect keeps its ID; secrets it no
// longer carries are deleted). The row and key index are committed first, then the secrets
// written to vault; if the vault fails, the new connection's row and entries are removed again
// (or recorded for FinishCleanup) and the error returned — no secret is written elsewhere.
func (db *DB) SaveConnection(ctx context.Context, vault Vault, c Connection, secrets ConnectionSecrets) (*Connection, error) {
	if c.ProfileID == "" || strings.TrimSpace(c.UserID) == "" || c.BrokerType == "" {
		return nil, invalidf("connection needs a profile, a user id and a broker type")
	}
	if secrets.TokenID == "" && secrets.AccessToken == "" && secrets.RefreshToken == "" {
		return nil, invalidf("connection %s/%s carries no tokenId or token", c.BrokerType, c.AccountID)
	}
	now := db.Now()
	if c.ConnectedAt.IsZero() {
		c.ConnectedAt = now
	}
	if c.Health == "" {
		c.Health = HealthOK
	}
	var created bool
	var stale []SecretKey
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		pk, err := profilePK(ctx, tx, c.ProfileID)
		if err != nil {
			return err
		}
		var existing string
		err = tx.QueryRowContext(ctx, `SELECT id FROM connections WHERE profile_pk=? AND user_id=? AND broker_type=? AND account_id=?`, pk, c.UserID, c.BrokerType, c.AccountID).Scan(&existing)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			created = true
			if c.ID == "" {
				c.ID = newID()
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO connections (id, profile_pk, user_id, broker_type, broker_name, account_id, account_name, integration_id, delayed_auth, health, health_detail, connected_at, last_used_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
				c.ID, pk, c.UserID, c.BrokerType, c.BrokerName, c.AccountID, c.AccountName, c.IntegrationID, c.DelayedAuth, string(c.Health), c.HealthDetail, ms(c.ConnectedAt), ms(c.LastUsedAt))
			if isUnique(err) {
				return fmt.Errorf("connection %s: %w", c.ID, ErrConflict)
			}
		case err != nil:
			return err
		default:
			c.ID = existing
			_, err = tx.ExecContext(ctx, `UPDATE connections SET broker_name=?, account_name=?, integration_id=?, delayed_auth=?, health=?, health_detail=?, connected_at=?, last_used_at=? WHERE id=?`,
				c.BrokerName, c.AccountName, c.IntegrationID, c.DelayedAuth, string(c.Health), c.HealthDetail, ms(c.ConnectedAt), ms(c.LastUsedAt), c.ID)
		}
		if err != nil {
			return err
		}
		keep := map[SecretKey]bool{}
		for _, it := range secrets.items(c.ID) {
			keep[it.key] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO secret_index (profile_pk, key, connection_id, created_at) VALUES (?,?,?,?) ON CONFLICT DO UPDATE SET connection_id = excluded.connection_id`, pk, string(it.key), c.ID, ms(now)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM pending_deletions WHERE profile_id=? AND key=?`, c.ProfileID, string(it.key)); err != nil {
				return err
			}
		}
		for _, kind := range []ConnSecretKind{ConnTokenID, ConnAccessToken, ConnRefreshToken} {
			k := ConnectionSecret(c.ID, kind)
			if !keep[k] {
				stale = append(stale, k)
			}
		}
		return recordPending(ctx, tx, c.ProfileID, pk, stale, ms(now))
	})
	if err != nil {
		return nil, fmt.Errorf("save connection: %w", err)
	}
	for _, it := range secrets.items(c.ID) {
		if err := vault.Set(ctx, c.ProfileID, it.key, it.value); err != nil {
			if created {
				if rerr := db.RemoveConnection(ctx, vault, c.ProfileID, c.ID); rerr != nil {
					err = errors.Join(err, fmt.Errorf("undo: %w", rerr))
				}
			}
			return nil, fmt.Errorf("save connection %s/%s: %w", c.BrokerType, c.AccountName, err)
		}
	}
	if len(stale) > 0 {
		if err := db.finishCleanup(ctx, vault, c.ProfileID); err != nil {
			return nil, fmt.Errorf("save connection %s: old tokens will be removed later: %w", c.ID, err)
		}
	}
	return db.Connection(ctx, c.ProfileID, c.ID)
}

// recordPending moves keys from the secret index to pending_deletions.
func recordPending(ctx context.Context, tx *sql.Tx, profileID string, pk int64, keys []SecretKey, now int64) error {
	for _, k := range keys {
		res, err := tx.ExecContext(ctx, `DELETE FROM secret_index WHERE profile_pk=? AND key=?`, pk, string(k))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO pending_deletions (profile_id, key, created_at) VALUES (?,?,?)`, profileID, string(k), now); err != nil {
			return err
		}
	}
	return nil
}

// Connection returns one connection of a profile, or ErrNotFound.
func (db *DB) Connection(ctx context.Context, profileID, id string) (*Connection, error) {
	c, err := scanConnection(db.r.QueryRowContext(ctx, `SELECT `+connCols+` FROM connections c JOIN profiles p ON p.pk = c.profile_pk WHERE p.id = ? AND c.id = ?`, profileID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("connection %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("connection %s: %w", id, err)
	}
	return c, nil
}

// Connections lists a profile's connections, newest first; userID, when not empty, keeps only
// that user's.
func (db *DB) Connections(ctx context.Context, profileID, userID string) ([]*Connection, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+connCols+` FROM connections c JOIN profiles p ON p.pk = c.profile_pk WHERE p.id = ? AND (? = '' OR c.user_id = ?) ORDER BY c.connected_at DESC, c.id`, profileID, userID, userID)
	if err != nil {
		return nil, fmt.Errorf("list connections: %w", err)
	}
	defer rows.Close()
	var out []*Connection
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, fmt.Errorf("list connections: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TouchConnection records that the connection's token was used now.
func (db *DB) TouchConnection(ctx context.Context, profileID, id string) error {
	return db.updateConnection(ctx, profileID, id, `last_used_at = ?`, ms(db.Now()))
}

// SetConnectionHealth records the result of a token check.
func (db *DB) SetConnectionHealth(ctx context.Context, profileID, id string, h Health, detail string) error {
	return db.updateConnection(ctx, profileID, id, `health = ?, health_detail = ?`, string(h), detail)
}

func (db *DB) updateConnection(ctx context.Context, profileID, id, set string, args ...any) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE connections SET `+set+` WHERE id = ? AND profile_pk = (SELECT pk FROM profiles WHERE id = ?)`, append(args, id, profileID)...)
		if err != nil {
			return fmt.Errorf("update connection %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("connection %s: %w", id, ErrNotFound)
		}
		return nil
	})
}

// ConnectionSecret returns one of a connection's secrets from vault (e.g. its tokenId to hand
// to Link for a returning user).
func (db *DB) ConnectionSecret(ctx context.Context, vault Vault, profileID, id string, kind ConnSecretKind) (string, error) {
	if _, err := db.Connection(ctx, profileID, id); err != nil {
		return "", err
	}
	return vault.Get(ctx, profileID, ConnectionSecret(id, kind))
}

// RemoveConnection deletes a connection's row and its keychain entries together: the row goes
// in one transaction that records its entries as pending deletions, then the entries are deleted.
// If the vault fails the error is returned and FinishCleanup completes the deletion later.
func (db *DB) RemoveConnection(ctx context.Context, vault Vault, profileID, id string) error {
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		pk, err := profilePK(ctx, tx, profileID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM connections WHERE id=? AND profile_pk=?`, id, pk).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("connection %s: %w", id, ErrNotFound)
		}
		keys := []SecretKey{ConnectionSecret(id, ConnTokenID), ConnectionSecret(id, ConnAccessToken), ConnectionSecret(id, ConnRefreshToken)}
		rows, err := tx.QueryContext(ctx, `SELECT key FROM secret_index WHERE profile_pk=? AND connection_id=?`, pk, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, SecretKey(k))
		}
		rows.Close()
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO pending_deletions (profile_id, key, created_at) VALUES (?,?,?)`, profileID, string(k), ms(db.Now())); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM secret_index WHERE profile_pk=? AND connection_id=?`, pk, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM connections WHERE id=?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove connection %s: %w", id, err)
	}
	if err := db.finishCleanup(ctx, vault, profileID); err != nil {
		return fmt.Errorf("remove connection %s: row removed, keychain cleanup will be retried: %w", id, err)
	}
	return nil
}

// PendingDeletion is a keychain entry whose row is gone but whose deletion from the keychain
// has not succeeded yet.
type PendingDeletion struct {
	ProfileID string    `json:"profileId"`
	Key       SecretKey `json:"key"`
	CreatedAt time.Time `json:"createdAt"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"lastError"`
}

// PendingDeletions lists the keychain entries still to delete.
func (db *DB) PendingDeletions(ctx context.Context) ([]PendingDeletion, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT profile_id, key, created_at, attempts, last_error FROM pending_deletions ORDER BY created_at, profile_id, key`)
	if err != nil {
		return nil, fmt.Errorf("pending deletions: %w", err)
	}
	defer rows.Close()
	var out []PendingDeletion
	for rows.Next() {
		var p PendingDeletion
		var created int64
		var key string
		if err := rows.Scan(&p.ProfileID, &key, &created, &p.Attempts, &p.LastError); err != nil {
			return nil, fmt.Errorf("pending deletions: %w", err)
		}
		p.Key, p.CreatedAt = SecretKey(key), fromMS(created)
		out = append(out, p)
	}
	return out, rows.Err()
}

// FinishCleanup deletes from vault every keychain entry recorded as pending (by a removal that
// failed halfway, or a crash) and forgets each one that is gone. The app calls it at start.
// It returns the joined errors of the entries that still failed; they stay pending.
func (db *DB) FinishCleanup(ctx context.Context, vault Vault) error {
	return db.finishCleanup(ctx, vault, "")
}

// finishCleanup does FinishCleanup for one profile ("" for all).
func (db *DB) finishCleanup(ctx context.Context, vault Vault, profileID string) error {
	all, err := db.PendingDeletions(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range all {
		if profileID != "" && p.ProfileID != profileID {
			continue
		}
		if derr := vault.Delete(ctx, p.ProfileID, p.Key); derr != nil {
			errs = append(errs, derr)
			if err := db.withTx(ctx, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE pending_deletions SET attempts = attempts + 1, last_error = ? WHERE profile_id=? AND key=?`, derr.Error(), p.ProfileID, string(p.Key))
				return err
			}); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		if err := db.withTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM pending_deletions WHERE profile_id=? AND key=?`, p.ProfileID, string(p.Key))
			return err
		}); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("keychain cleanup: %w", errors.Join(errs...))
	}
	return nil
}
