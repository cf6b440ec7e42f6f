package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name of every Mesh Desk entry in the OS keychain.
const KeyringService = "meshdesk"

// DefaultKeyringTimeout bounds every keychain call (D-Bus can hang).
const DefaultKeyringTimeout = 5 * time.Second

// SecretIndex records which keychain entries exist, because the OS keychain cannot list them.
// *DB implements it (table secret_index); the index holds key names only, never secrets.
type SecretIndex interface {
	// IndexSecret records that the profile owns key.
	IndexSecret(ctx context.Context, profileID string, key SecretKey) error
	// UnindexSecret forgets key.
	UnindexSecret(ctx context.Context, profileID string, key SecretKey) error
	// IndexedSecrets lists the recorded keys of the profile, sorted.
	IndexedSecrets(ctx context.Context, profileID string) ([]SecretKey, error)
}

// KeyringVault is the Vault over the OS keychain (github.com/zalando/go-keyring): service
// "meshdesk", account "<profile id>/<key>". Every call is bounded by Timeout; a keychain that
// is missing, locked or silent gives an error wrapping ErrVaultUnavailable, and nothing is
// written anywhere else. List answers from Index.
type KeyringVault struct {
	// Index records the keys (usually the *DB); nil makes List fail.
	Index SecretIndex
	// Timeout bounds each keychain call; 0 means DefaultKeyringTimeout.
	Timeout time.Duration
	// Service overrides KeyringService (tests use a unique one).
	Service string
}

// NewKeyringVault returns a KeyringVault that lists through index.
func NewKeyringVault(index SecretIndex) *KeyringVault {
	return &KeyringVault{Index: index}
}

func (v *KeyringVault) service() string {
	if v.Service != "" {
		return v.Service
	}
	return KeyringService
}

// call runs fn (a go-keyring call) with the vault's timeout. On timeout the call is left to
// finish in the background; its result is discarded.
func (v *KeyringVault) call(ctx context.Context, op string, key SecretKey, fn func() (string, error)) (string, error) {
	d := v.Timeout
	if d <= 0 {
		d = DefaultKeyringTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := fn()
		ch <- result{s, err}
	}()
	select {
	case r := <-ch:
		switch {
		case r.err == nil:
			return r.s, nil
		case errors.Is(r.err, keyring.ErrNotFound):
			return "", fmt.Errorf("keychain %s %s: %w", op, key, ErrSecretNotFound)
		case errors.Is(r.err, keyring.ErrSetDataTooBig):
			return "", fmt.Errorf("keychain %s %s: secret too large: %w", op, key, ErrInvalid)
		default:
			// go-keyring's errors name D-Bus problems, never the secret.
			return "", fmt.Errorf("keychain %s %s: %w: %v", op, key, ErrVaultUnavailable, r.err)
		}
	case <-ctx.Done():
		return "", fmt.Errorf("keychain %s %s: no answer within %s: %w", op, key, d, ErrVaultUnavailable)
	}
}

// Get implements Vault.
func (v *KeyringVault) Get(ctx context.Context, profileID string, key SecretKey) (string, error) {
	if err := checkKey(profileID, key); err != nil {
		return "", err
	}
	svc, user := v.service(), keyringUser(profileID, key)
	return v.call(ctx, "get", key, func() (string, error) { return keyring.Get(svc, user) })
}

// Set implements Vault. The key is indexed first, so an entry never exists unindexed.
func (v *KeyringVault) Set(ctx context.Context, profileID string, key SecretKey, secret string) error {
	if err := checkKey(profileID, key); err != nil {
		return err
	}
	if v.Index != nil {
		if err := v.Index.IndexSecret(ctx, profileID, key); err != nil {
			return fmt.Errorf("keychain set %s: %w", key, err)
		}
	}
	svc, user := v.service(), keyringUser(profileID, key)
	_, err := v.call(ctx, "set", key, func() (string, error) { return "", keyring.Set(svc, user, secret) })
	return err
}

// Delete implements Vault.
func (v *KeyringVault) Delete(ctx context.Context, profileID string, key SecretKey) error {
	if err := checkKey(profileID, key); err != nil {
		return err
	}
	svc, user := v.service(), keyringUser(profileID, key)
	_, err := v.call(ctx, "delete", key, func() (string, error) { return "", keyring.Delete(svc, user) })
	if err != nil && !errors.Is(err, ErrSecretNotFound) {
		return err
	}
	if v.Index != nil {
		if err := v.Index.UnindexSecret(ctx, profileID, key); err != nil {
			return fmt.Errorf("keychain delete %s: %w", key, err)
		}
	}
	return nil
}

// List implements Vault from the index.
func (v *KeyringVault) List(ctx context.Context, profileID string) ([]SecretKey, error) {
	if v.Index == nil {
		return nil, fmt.Errorf("keychain list: no index (the OS keychain cannot list): %w", ErrInvalid)
	}
	return v.Index.IndexedSecrets(ctx, profileID)
}

// IndexSecret implements SecretIndex. Indexing a key of an unknown profile fails with ErrNotFound.
func (db *DB) IndexSecret(ctx context.Context, profileID string, key SecretKey) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		pk, err := profilePK(ctx, tx, profileID)
		if err != nil {
			return fmt.Errorf("index secret: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO secret_index (profile_pk, key, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, pk, string(key), ms(db.Now()))
		if err != nil {
			return fmt.Errorf("index secret: %w", err)
		}
		// A key written again is no longer pending deletion.
		_, err = tx.ExecContext(ctx, `DELETE FROM pending_deletions WHERE profile_id = ? AND key = ?`, profileID, string(key))
		return err
	})
}

// UnindexSecret implements SecretIndex.
func (db *DB) UnindexSecret(ctx context.Context, profileID string, key SecretKey) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM secret_index WHERE profile_pk = (SELECT pk FROM profiles WHERE id = ?) AND key = ?`, profileID, string(key))
		if err != nil {
			return fmt.Errorf("unindex secret: %w", err)
		}
		return nil
	})
}

// IndexedSecrets implements SecretIndex.
func (db *DB) IndexedSecrets(ctx context.Context, profileID string) ([]SecretKey, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT s.key FROM secret_index s JOIN profiles p ON p.pk = s.profile_pk WHERE p.id = ? ORDER BY s.key`, profileID)
	if err != nil {
		return nil, fmt.Errorf("indexed secrets: %w", err)
	}
	defer rows.Close()
	var out []SecretKey
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("indexed secrets: %w", err)
		}
		out = append(out, SecretKey(k))
	}
	return out, rows.Err()
}
