package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Env is the Mesh environment a profile talks to.
type Env string

// Environments: demo is the in-process emulator, sandbox and production are Mesh's.
const (
	EnvDemo       Env = "demo"
	EnvSandbox    Env = "sandbox"
	EnvProduction Env = "production"
)

// Valid reports whether e is demo, sandbox or production.
func (e Env) Valid() bool { return e == EnvDemo || e == EnvSandbox || e == EnvProduction }

// Profile is one Mesh client context. Its secrets are in the Vault under ID, never here.
type Profile struct {
	// ID is the stable identifier (a UUID); keychain entries are keyed by it, so a rename moves nothing.
	ID string `json:"id"`
	// Name is unique (case-insensitive) and shown to the user.
	Name string `json:"name"`
	// Env is demo, sandbox or production.
	Env Env `json:"env"`
	// BaseURL overrides the environment's API base URL when set.
	BaseURL string `json:"baseUrl"`
	// ClientID is the Mesh client id (not secret).
	ClientID string `json:"clientId"`
	// SubClientID is the optional sub-client the profile acts for.
	SubClientID string `json:"subClientId"`
	// DefaultUserID is the Mesh userId new connections use by default.
	DefaultUserID string `json:"defaultUserId"`
	// CreatedAt and UpdatedAt are set by the store.
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Validate checks the fields a user can type.
func (p *Profile) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return invalidf("profile name is required")
	}
	if len(p.Name) > 100 {
		return invalidf("profile name is longer than 100 characters")
	}
	if !p.Env.Valid() {
		return invalidf("environment %q is not demo, sandbox or production", p.Env)
	}
	if p.BaseURL != "" {
		u, err := url.Parse(p.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return invalidf("base URL %q is not an http(s) URL", p.BaseURL)
		}
	}
	if len(p.DefaultUserID) > 300 {
		return invalidf("default user id is longer than 300 characters")
	}
	return nil
}

const profileCols = `pk, id, name, env, base_url, client_id, sub_client_id, default_user_id, created_at, updated_at`

func scanProfile(row interface{ Scan(...any) error }) (int64, *Profile, error) {
	var p Profile
	var pk, created, updated int64
	var env string
	if err := row.Scan(&pk, &p.ID, &p.Name, &env, &p.BaseURL, &p.ClientID, &p.SubClientID, &p.DefaultUserID, &created, &updated); err != nil {
		return 0, nil, err
	}
	p.Env = Env(env)
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	return pk, &p, nil
}

// isUnique reports whether err is a SQLite UNIQUE constraint failure.
func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// CreateProfile stores p with a new ID (unless p.ID is set) and returns the stored profile.
// A name already in use gives ErrConflict.
func (db *DB) CreateProfile(ctx context.Context, p Profile) (*Profile, error) {
	p.Name = strings.TrimSpace(p.Name)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.ID == "" {
		p.ID = newID()
	}
	now := db.Now()
	p.CreatedAt, p.UpdatedAt = fromMS(ms(now)), fromMS(ms(now))
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO profiles (id, name, env, base_url, client_id, sub_client_id, default_user_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)`,
			p.ID, p.Name, string(p.Env), p.BaseURL, p.ClientID, p.SubClientID, p.DefaultUserID, ms(now), ms(now))
		if isUnique(err) {
			return fmt.Errorf("profile %q: %w", p.Name, ErrConflict)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create profile: %w", err)
	}
	return &p, nil
}

// Profile returns the profile with the given ID, or ErrNotFound.
func (db *DB) Profile(ctx context.Context, id string) (*Profile, error) {
	_, p, err := scanProfile(db.r.QueryRowContext(ctx, `SELECT `+profileCols+` FROM profiles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("profile %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", id, err)
	}
	return p, nil
}

// ProfileByName returns the profile with the given name (case-insensitive), or ErrNotFound.
func (db *DB) ProfileByName(ctx context.Context, name string) (*Profile, error) {
	_, p, err := scanProfile(db.r.QueryRowContext(ctx, `SELECT `+profileCols+` FROM profiles WHERE name = ?`, strings.TrimSpace(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("profile %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("profile %q: %w", name, err)
	}
	return p, nil
}

// Profiles lists all profiles by name.
func (db *DB) Profiles(ctx context.Context) ([]*Profile, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+profileCols+` FROM profiles ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	defer rows.Close()
	var out []*Profile
	for rows.Next() {
		_, p, err := scanProfile(rows)
		if err != nil {
			return nil, fmt.Errorf("list profiles: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	return out, nil
}

// UpdateProfile stores every editable field of p (matched by p.ID) and returns the result.
func (db *DB) UpdateProfile(ctx context.Context, p Profile) (*Profile, error) {
	p.Name = strings.TrimSpace(p.Name)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	now := db.Now()
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE profiles SET name=?, env=?, base_url=?, client_id=?, sub_client_id=?, default_user_id=?, updated_at=? WHERE id=?`,
			p.Name, string(p.Env), p.BaseURL, p.ClientID, p.SubClientID, p.DefaultUserID, ms(now), p.ID)
		if isUnique(err) {
			return fmt.Errorf("profile name %q: %w", p.Name, ErrConflict)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("profile %s: %w", p.ID, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update profile: %w", err)
	}
	return db.Profile(ctx, p.ID)
}

// RenameProfile changes a profile's name only; its ID, rows and keychain entries stay put.
func (db *DB) RenameProfile(ctx context.Context, id, name string) (*Profile, error) {
	p, err := db.Profile(ctx, id)
	if err != nil {
		return nil, err
	}
	p.Name = name
	return db.UpdateProfile(ctx, *p)
}

// profilePK returns the internal key of a profile ID, or ErrNotFound.
func profilePK(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id string) (int64, error) {
	var pk int64
	err := q.QueryRowContext(ctx, `SELECT pk FROM profiles WHERE id = ?`, id).Scan(&pk)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("profile %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("profile %s: %w", id, err)
	}
	return pk, nil
}

const settingDefaultProfile = "default_profile"

// DefaultProfile returns the profile marked as default, or ErrNotFound when none is set (or it
// was deleted).
func (db *DB) DefaultProfile(ctx context.Context) (*Profile, error) {
	id, err := db.Setting(ctx, settingDefaultProfile)
	if err != nil {
		return nil, fmt.Errorf("default profile: %w", err)
	}
	p, err := db.Profile(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("default profile: %w", err)
	}
	return p, nil
}

// SetDefaultProfile marks the profile with the given ID as the default.
func (db *DB) SetDefaultProfile(ctx context.Context, id string) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := profilePK(ctx, tx, id); err != nil {
			return fmt.Errorf("set default profile: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingDefaultProfile, id); err != nil {
			return fmt.Errorf("set default profile: %w", err)
		}
		return nil
	})
}

// DeleteProfile removes a profile with all its rows (connections, transfers, sync state,
// webhook events) and its keychain entries. The rows go first, in one transaction that also
// records every keychain entry as a pending deletion; the entries are then deleted from the
// vault. If that fails halfway the error is returned and FinishCleanup completes the job later.
func (db *DB) DeleteProfile(ctx context.Context, vault Vault, id string) error {
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		pk, err := profilePK(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO pending_deletions (profile_id, key, created_at) SELECT ?, key, ? FROM secret_index WHERE profile_pk = ?`, id, ms(db.Now()), pk); err != nil {
			return err
		}
		for _, k := range ProfileSecretKeys {
			// The env overlay and older versions may have written entries the index misses.
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO pending_deletions (profile_id, key, created_at) VALUES (?, ?, ?)`, id, string(k), ms(db.Now())); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM transfer_search WHERE rowid IN (SELECT tid FROM transfers WHERE profile_pk = ?)`, pk); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM profiles WHERE pk = ?`, pk); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ? AND value = ?`, settingDefaultProfile, id); err != nil {
			return err
		}
		db.dropIndex(pk)
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete profile %s: %w", id, err)
	}
	if err := db.finishCleanup(ctx, vault, id); err != nil {
		return fmt.Errorf("delete profile %s: rows removed, keychain cleanup will be retried: %w", id, err)
	}
	return nil
}
