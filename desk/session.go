package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"meshdesk/mesh"
	"meshdesk/meshsim"
	"meshdesk/store"
	"meshdesk/version"
)

// Demo credentials. They are the in-process emulator's own, not a user's secrets: the Demo
// profile's emulator is configured with them, listens on 127.0.0.1 only and holds generated
// data. Keeping them as constants (rather than in the keychain) lets the Demo profile work
// on a machine with no keychain at all, which is what a first launch must do. A secret set
// explicitly for a demo profile (set-secret) still wins, e.g. for a `meshdesk sim` elsewhere.
const (
	DemoClientSecret  = meshsim.DefaultClientSecret
	DemoAdminSecret   = meshsim.DefaultAdminSecret
	DemoWebhookSecret = "whsec_meshdesk_demo_webhooks"
)

// Errors of Session and the profile operations; test with errors.Is.
var (
	// ErrProfileNotFound means no profile has the given name.
	ErrProfileNotFound = errors.New("profile not found")
	// ErrNoDefaultProfile means no profile is marked as the default and none was named.
	ErrNoDefaultProfile = errors.New("no default profile")
	// ErrNoSecret means the profile has no secret of the kind a command needs.
	ErrNoSecret = errors.New("secret not set")
	// ErrKeychain means the OS keychain could not be reached (store.ErrVaultUnavailable).
	ErrKeychain = store.ErrVaultUnavailable
)

// envVarOf names the environment variable that supplies a secret kind for one run.
func envVarOf(kind SecretKind) string {
	switch kind {
	case store.SecretClient:
		return store.EnvClientSecret
	case store.SecretWebhook:
		return store.EnvWebhookSecret
	case store.SecretAdmin:
		return store.EnvAdminSecret
	}
	return ""
}

// Session is what a command needs to work on one profile: the profile, a Mesh client set up
// for it, the database and the vault, and an admin client when an account-management secret
// exists. Sessions are cheap; they share the Desk's database and emulators.
type Session struct {
	// Profile is the profile the session works on.
	Profile *store.Profile
	// Client calls Mesh's Integration API (or the Demo emulator) with the profile's client
	// id and secret.
	Client *mesh.Client
	// Admin calls the Account Management API; nil when the profile has no admin secret.
	Admin *mesh.AdminClient
	// DB is the database.
	DB *store.DB
	// Vault keeps the secrets.
	Vault store.Vault
	// BaseURL is where Client sends requests.
	BaseURL string
	// Sim is the in-process emulator of a demo profile without a base-URL override: set when
	// this process runs it, nil when another Mesh Desk process on the machine does (the two
	// share it) and for other profiles. `webhooks listen` points its webhooks at the local
	// receiver with it.
	Sim *meshsim.Sim

	desk     *Desk
	adminErr error // why Admin is nil although an admin secret is recorded
}

// WebhookSecret returns the secret that signs the profile's webhooks: the vault's (or
// MESH_WEBHOOK_SECRET), the emulator's for a demo profile, or an error wrapping ErrNoSecret
// that names the command to set it.
func (s *Session) WebhookSecret(ctx context.Context) (string, error) {
	return s.desk.secret(ctx, s.Profile, store.SecretWebhook)
}

// Secret returns one of the profile's secrets (see WebhookSecret). Callers must not log,
// store or show it.
func (s *Session) Secret(ctx context.Context, kind SecretKind) (string, error) {
	return s.desk.secret(ctx, s.Profile, kind)
}

// Session returns the session of the named profile, or of the default profile when name is
// "". A demo profile's emulator is started on first use. A profile without a client secret
// gives an error (wrapping ErrNoSecret) that names `meshdesk profiles set-secret NAME client`
// and MESH_CLIENT_SECRET; an unreachable keychain one wrapping ErrKeychain that says how to
// fix it.
func (d *Desk) Session(ctx context.Context, name string) (*Session, error) {
	p, err := d.profile(ctx, name)
	if err != nil {
		return nil, err
	}
	s := &Session{Profile: p, DB: d.db, Vault: d.vault, desk: d}
	base, sim, err := d.baseURL(p)
	if err != nil {
		return nil, err
	}
	s.BaseURL, s.Sim = base, sim
	secret, err := d.secret(ctx, p, store.SecretClient)
	if err != nil {
		return nil, err
	}
	s.Client, err = mesh.NewClient(clientIDOf(p), secret, d.meshOptions(base)...)
	if err != nil {
		return nil, fmt.Errorf("profile %q: %w", p.Name, err)
	}
	if d.hasSecret(ctx, p, store.SecretAdmin) {
		// A problem with the admin secret only matters to sub-client operations: it is kept
		// for them (adminSession) rather than failing every command.
		admin, err := d.secret(ctx, p, store.SecretAdmin)
		if err == nil {
			s.Admin, err = mesh.NewAdminClient(clientIDOf(p), admin, d.meshOptions(d.adminURL(p, base))...)
		}
		if err != nil {
			s.adminErr = err
			d.log.Warn("desk: admin client unavailable", "profile", p.ID, "err", err)
		}
	}
	return s, nil
}

// clientIDOf is the client id a profile sends (the emulator's for a demo profile without one).
func clientIDOf(p *store.Profile) string {
	if p.ClientID == "" && p.Env == store.EnvDemo {
		return meshsim.DefaultClientID
	}
	return p.ClientID
}

// meshOptions are the mesh client options for base.
func (d *Desk) meshOptions(base string, extra ...mesh.Option) []mesh.Option {
	opts := []mesh.Option{mesh.WithBaseURL(base), mesh.WithHTTPClient(d.opts.HTTPClient),
		mesh.WithUserAgent(version.UserAgent())}
	return append(opts, extra...)
}

// baseURL resolves where a profile's API calls go: its override, else the in-process
// emulator (demo), mesh.SandboxURL or mesh.ProductionURL.
func (d *Desk) baseURL(p *store.Profile) (string, *meshsim.Sim, error) {
	if p.BaseURL != "" {
		return strings.TrimRight(p.BaseURL, "/"), nil, nil
	}
	switch p.Env {
	case store.EnvSandbox:
		return mesh.SandboxURL, nil, nil
	case store.EnvProduction:
		return mesh.ProductionURL, nil, nil
	case store.EnvDemo:
		s, err := d.demo(p.ID)
		if err != nil {
			return "", nil, fmt.Errorf("profile %q: %w", p.Name, err)
		}
		return s.url, s.sim, nil
	}
	return "", nil, fmt.Errorf("profile %q: unknown environment %q", p.Name, p.Env)
}

// adminURL is where a profile's Account Management calls go: Mesh's admin API for sandbox and
// production, the same host as the API for the emulator and for base-URL overrides (the
// emulator serves both; a proxy is assumed to as well).
func (d *Desk) adminURL(p *store.Profile, base string) string {
	if p.BaseURL == "" && p.Env != store.EnvDemo {
		return mesh.AdminURL
	}
	return base
}

// Profile returns the named profile, or the default one for "" — for commands that read
// only the database and need no Mesh client (so no secret). Errors wrap ErrProfileNotFound
// or ErrNoDefaultProfile.
func (d *Desk) Profile(ctx context.Context, name string) (*store.Profile, error) {
	return d.profile(ctx, name)
}

// profile finds a profile by name, or the default one for "".
func (d *Desk) profile(ctx context.Context, name string) (*store.Profile, error) {
	if strings.TrimSpace(name) == "" {
		p, err := d.db.DefaultProfile(ctx)
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("%w: pick one with `meshdesk profiles use NAME` (see `meshdesk profiles list`)", ErrNoDefaultProfile)
		}
		return p, err
	}
	p, err := d.db.ProfileByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: no profile is named %q (see `meshdesk profiles list`)", ErrProfileNotFound, strings.TrimSpace(name))
	}
	return p, err
}

// hasSecret reports, without asking the keychain, whether a profile has a secret: the index
// of keychain entries, the environment overlay, or the built-in demo credentials.
func (d *Desk) hasSecret(ctx context.Context, p *store.Profile, kind SecretKind) bool {
	src, _ := d.secretSource(ctx, p, kind)
	return src != SourceNone
}

// SecretSource says where a profile's secret comes from.
type SecretSource string

// Secret sources, as `profiles list` shows them.
const (
	// SourceNone: the secret is not set.
	SourceNone SecretSource = ""
	// SourceKeychain: the OS keychain holds it.
	SourceKeychain SecretSource = "keychain"
	// SourceEnv: an environment variable supplies it for this run.
	SourceEnv SecretSource = "env"
	// SourceDemo: the Demo emulator's built-in credential.
	SourceDemo SecretSource = "demo"
)

// secretSource finds where a profile's secret of kind comes from, without reading it.
func (d *Desk) secretSource(ctx context.Context, p *store.Profile, kind SecretKind) (SecretSource, error) {
	if p.Env == store.EnvDemo && p.BaseURL == "" {
		return SourceDemo, nil // the in-process emulator accepts only its own credentials
	}
	if d.envHas(kind) {
		return SourceEnv, nil
	}
	keys, err := d.keychain.List(ctx, p.ID) // the index for the OS keychain: no D-Bus call
	if err != nil {
		return SourceNone, err
	}
	if slices.Contains(keys, kind) {
		return SourceKeychain, nil
	}
	return SourceNone, nil
}

// secret reads a profile's secret of kind from where secretSource says it is.
func (d *Desk) secret(ctx context.Context, p *store.Profile, kind SecretKind) (string, error) {
	src, err := d.secretSource(ctx, p, kind)
	if err != nil {
		return "", fmt.Errorf("profile %q: %w", p.Name, err)
	}
	switch src {
	case SourceDemo:
		switch kind {
		case store.SecretClient:
			return DemoClientSecret, nil
		case store.SecretAdmin:
			return DemoAdminSecret, nil
		default:
			return DemoWebhookSecret, nil
		}
	case SourceNone:
		return "", noSecretError(p, kind)
	}
	s, err := d.vault.Get(ctx, p.ID, kind)
	switch {
	case errors.Is(err, store.ErrSecretNotFound):
		return "", noSecretError(p, kind)
	case errors.Is(err, store.ErrVaultUnavailable):
		return "", keychainError(p, kind, err)
	case err != nil:
		return "", fmt.Errorf("profile %q: read the %s secret: %w", p.Name, kind, err)
	}
	return s, nil
}

func noSecretError(p *store.Profile, kind SecretKind) error {
	return fmt.Errorf("%w: profile %q has no %s secret: run `meshdesk profiles set-secret %s %s`, or set %s for this run",
		ErrNoSecret, p.Name, kind, shellQuote(p.Name), kind, envVarOf(kind))
}

func keychainError(p *store.Profile, kind SecretKind, err error) error {
	return fmt.Errorf("profile %q: cannot read the %s secret: %w — start a Secret Service (e.g. gnome-keyring) and unlock it, or supply %s in the environment for this run (it is never written anywhere)",
		p.Name, kind, err, envVarOf(kind))
}

// shellQuote quotes a profile name for a command line shown to the user when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
