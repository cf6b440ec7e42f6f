package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"sync"
)

// SecretKey names one secret of a profile: a profile secret (SecretClient, SecretWebhook,
// SecretAdmin) or a connection secret (ConnectionSecret). Keys are not secret.
type SecretKey string

// Profile secrets.
const (
	// SecretClient is the Mesh API client secret (X-Client-Secret).
	SecretClient SecretKey = "client"
	// SecretWebhook is the secret that signs Mesh's webhooks.
	SecretWebhook SecretKey = "webhook"
	// SecretAdmin is the account-management (admin API) secret.
	SecretAdmin SecretKey = "admin"
)

// ProfileSecretKeys lists the per-profile secrets.
var ProfileSecretKeys = []SecretKey{SecretClient, SecretWebhook, SecretAdmin}

// ConnSecretKind is one kind of secret a connection owns.
type ConnSecretKind string

// Connection secrets.
const (
	// ConnTokenID is the Mesh Managed Token tokenId.
	ConnTokenID ConnSecretKind = "tokenId"
	// ConnAccessToken is an access token a Link payload carried.
	ConnAccessToken ConnSecretKind = "access"
	// ConnRefreshToken is a refresh token a Link payload carried.
	ConnRefreshToken ConnSecretKind = "refresh"
)

// ConnectionSecret is the key of a connection's secret of the given kind.
func ConnectionSecret(connectionID string, kind ConnSecretKind) SecretKey {
	return SecretKey("conn/" + connectionID + "/" + string(kind))
}

// Vault errors.
var (
	// ErrSecretNotFound means the vault holds no such secret.
	ErrSecretNotFound = errors.New("secret not found")
	// ErrVaultUnavailable means the keychain could not be reached (no Secret Service, locked,
	// or it did not answer in time). Secrets are never written anywhere else instead.
	ErrVaultUnavailable = errors.New("OS keychain unavailable")
)

// Vault keeps secrets under a profile's stable ID. Implementations: KeyringVault (the OS
// keychain), MemoryVault (tests), EnvVault (an environment overlay for servers).
type Vault interface {
	// Get returns the secret, or an error wrapping ErrSecretNotFound.
	Get(ctx context.Context, profileID string, key SecretKey) (string, error)
	// Set stores (or replaces) the secret.
	Set(ctx context.Context, profileID string, key SecretKey, secret string) error
	// Delete removes the secret; deleting a missing secret is not an error.
	Delete(ctx context.Context, profileID string, key SecretKey) error
	// List returns the keys the vault holds for the profile, sorted.
	List(ctx context.Context, profileID string) ([]SecretKey, error)
}

func checkKey(profileID string, key SecretKey) error {
	if profileID == "" {
		return invalidf("vault: profile id is empty")
	}
	if key == "" {
		return invalidf("vault: secret key is empty")
	}
	return nil
}

// MemoryVault is an in-memory Vault for unit tests of other packages. Fail, when set, is
// called before every operation ("get", "set", "delete", "list") and its error returned, to
// test failure paths. The zero value is ready to use.
type MemoryVault struct {
	mu      sync.Mutex
	secrets map[string]map[SecretKey]string
	// Fail injects errors: return non-nil to make the operation fail.
	Fail func(op, profileID string, key SecretKey) error
}

// NewMemoryVault returns an empty MemoryVault.
func NewMemoryVault() *MemoryVault { return &MemoryVault{} }

func (v *MemoryVault) fail(op, profileID string, key SecretKey) error {
	if v.Fail == nil {
		return nil
	}
	if err := v.Fail(op, profileID, key); err != nil {
		return fmt.Errorf("vault %s %s: %w", op, key, err)
	}
	return nil
}

// Get implements Vault.
func (v *MemoryVault) Get(ctx context.Context, profileID string, key SecretKey) (string, error) {
	if err := checkKey(profileID, key); err != nil {
		return "", err
	}
	if err := v.fail("get", profileID, key); err != nil {
		return "", err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	s, ok := v.secrets[profileID][key]
	if !ok {
		return "", fmt.Errorf("vault: %s of profile %s: %w", key, profileID, ErrSecretNotFound)
	}
	return s, nil
}

// Set implements Vault.
func (v *MemoryVault) Set(ctx context.Context, profileID string, key SecretKey, secret string) error {
	if err := checkKey(profileID, key); err != nil {
		return err
	}
	if err := v.fail("set", profileID, key); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.secrets == nil {
		v.secrets = map[string]map[SecretKey]string{}
	}
	if v.secrets[profileID] == nil {
		v.secrets[profileID] = map[SecretKey]string{}
	}
	v.secrets[profileID][key] = secret
	return nil
}

// Delete implements Vault.
func (v *MemoryVault) Delete(ctx context.Context, profileID string, key SecretKey) error {
	if err := checkKey(profileID, key); err != nil {
		return err
	}
	if err := v.fail("delete", profileID, key); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.secrets[profileID], key)
	if len(v.secrets[profileID]) == 0 {
		delete(v.secrets, profileID)
	}
	return nil
}

// List implements Vault.
func (v *MemoryVault) List(ctx context.Context, profileID string) ([]SecretKey, error) {
	if err := v.fail("list", profileID, ""); err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []SecretKey
	for k := range v.secrets[profileID] {
		out = append(out, k)
	}
	slices.Sort(out)
	return out, nil
}

// Len returns how many secrets the vault holds over all profiles.
func (v *MemoryVault) Len() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	n := 0
	for _, m := range v.secrets {
		n += len(m)
	}
	return n
}

// Environment variables that supply a profile's secrets for one run (EnvVault).
const (
	EnvClientSecret  = "MESH_CLIENT_SECRET"
	EnvWebhookSecret = "MESH_WEBHOOK_SECRET"
	EnvAdminSecret   = "MESH_ADMIN_SECRET"
)

var envSecretVars = map[SecretKey]string{
	SecretClient: EnvClientSecret, SecretWebhook: EnvWebhookSecret, SecretAdmin: EnvAdminSecret,
}

// EnvVault overlays MESH_CLIENT_SECRET, MESH_WEBHOOK_SECRET and MESH_ADMIN_SECRET on a Vault,
// for servers without a Secret Service: Get answers a profile secret from the environment
// when the variable is set (for ProfileID only, or every profile when ProfileID is empty).
// The values are never written anywhere; Set, Delete and other keys go to Base (which may be
// nil: then they fail with ErrVaultUnavailable).
type EnvVault struct {
	// Base is the underlying vault (usually a KeyringVault); may be nil.
	Base Vault
	// ProfileID limits the overlay to one profile; empty applies it to all.
	ProfileID string
	// Getenv reads a variable; nil means os.Getenv.
	Getenv func(string) string
}

func (v *EnvVault) env(profileID string, key SecretKey) (string, bool) {
	name, ok := envSecretVars[key]
	if !ok || (v.ProfileID != "" && v.ProfileID != profileID) {
		return "", false
	}
	get := v.Getenv
	if get == nil {
		get = os.Getenv
	}
	s := get(name)
	return s, s != ""
}

func (v *EnvVault) base() (Vault, error) {
	if v.Base == nil {
		return nil, fmt.Errorf("vault: no keychain configured (only %s, %s, %s are available): %w", EnvClientSecret, EnvWebhookSecret, EnvAdminSecret, ErrVaultUnavailable)
	}
	return v.Base, nil
}

// Get implements Vault.
func (v *EnvVault) Get(ctx context.Context, profileID string, key SecretKey) (string, error) {
	if s, ok := v.env(profileID, key); ok {
		return s, nil
	}
	b, err := v.base()
	if err != nil {
		return "", err
	}
	return b.Get(ctx, profileID, key)
}

// Set implements Vault (writes to Base only).
func (v *EnvVault) Set(ctx context.Context, profileID string, key SecretKey, secret string) error {
	b, err := v.base()
	if err != nil {
		return err
	}
	return b.Set(ctx, profileID, key, secret)
}

// Delete implements Vault (deletes from Base only; the environment is left as is).
func (v *EnvVault) Delete(ctx context.Context, profileID string, key SecretKey) error {
	b, err := v.base()
	if err != nil {
		return err
	}
	return b.Delete(ctx, profileID, key)
}

// List implements Vault: Base's keys plus the profile secrets the environment supplies.
func (v *EnvVault) List(ctx context.Context, profileID string) ([]SecretKey, error) {
	var out []SecretKey
	if v.Base != nil {
		l, err := v.Base.List(ctx, profileID)
		if err != nil {
			return nil, err
		}
		out = l
	}
	for _, k := range ProfileSecretKeys {
		if _, ok := v.env(profileID, k); ok && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// keyringUser is the keychain account name of a secret: "<profile id>/<key>".
func keyringUser(profileID string, key SecretKey) string {
	return profileID + "/" + string(key)
}
