package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"meshdesk/meshsim"
	"meshdesk/store"
)

// ProfileInput is what a user types to add a profile (Settings → Add, `profiles add`).
type ProfileInput struct {
	// Name is unique (case-insensitive), 1–64 characters.
	Name string `json:"name"`
	// Env is demo, sandbox or production.
	Env string `json:"env"`
	// BaseURL optionally overrides the environment's URL (a proxy, a `meshdesk sim`).
	BaseURL string `json:"baseUrl"`
	// ClientID is the Mesh client id (optional for demo).
	ClientID string `json:"clientId"`
	// SubClientID is an optional sub-client UUID the profile acts for.
	SubClientID string `json:"subClientId"`
	// UserID is the default Mesh userId; empty generates one (md-user-…).
	UserID string `json:"userId"`
	// ClientSecret is the API secret; it goes to the keychain only. It may be empty when
	// MESH_CLIENT_SECRET supplies it for each run, or for demo profiles.
	ClientSecret string `json:"clientSecret"`
	// WebhookSecret and AdminSecret are optional and go to the keychain only.
	WebhookSecret string `json:"webhookSecret"`
	AdminSecret   string `json:"adminSecret"`
}

// ProfileInfo is a profile as Settings and `profiles list` show it: never a secret, only
// where each one comes from.
type ProfileInfo struct {
	store.Profile
	// Default marks the default profile.
	Default bool `json:"default"`
	// APIURL is where the profile's calls go ("in-process emulator" URLs are only known
	// once it runs, so a demo profile without override shows "(in-process emulator)").
	APIURL string `json:"apiUrl"`
	// Secrets maps client, webhook and admin to where each comes from ("" = not set).
	Secrets map[SecretKind]SecretSource `json:"secrets"`
}

// Profiles is the profile service: every operation of the app's Settings screen and of
// `meshdesk profiles`, over the Desk's database and vault.
type Profiles struct{ d *Desk }

// Profiles returns the profile service.
func (d *Desk) Profiles() *Profiles { return &Profiles{d: d} }

// normalize validates in and returns the profile to store (ID not yet set). Every rule is
// checked before anything is written; the first failure is returned.
func (ps *Profiles) normalize(ctx context.Context, in ProfileInput) (store.Profile, error) {
	var p store.Profile
	if err := ValidateName(in.Name); err != nil {
		return p, err
	}
	env, err := ParseEnv(in.Env)
	if err != nil {
		return p, err
	}
	base := strings.TrimSpace(in.BaseURL)
	if err := ValidateBaseURL(base); err != nil {
		return p, err
	}
	clientID := strings.TrimSpace(in.ClientID)
	if err := ValidateClientID(clientID, env); err != nil {
		return p, err
	}
	if clientID == "" && env == store.EnvDemo {
		clientID = meshsim.DefaultClientID // the emulator's
	}
	sub := strings.ToLower(strings.TrimSpace(in.SubClientID))
	if err := ValidateSubClientID(sub); err != nil {
		return p, err
	}
	user := in.UserID
	if user == "" {
		user = NewUserID()
	} else if err := ValidateUserID(user); err != nil {
		return p, err
	}
	name := strings.TrimSpace(in.Name)
	if err := ps.nameFree(ctx, name, ""); err != nil {
		return p, err
	}
	return store.Profile{Name: name, Env: env, BaseURL: strings.TrimRight(base, "/"), ClientID: clientID,
		SubClientID: sub, DefaultUserID: user}, nil
}

// nameFree checks that no profile other than exceptID is named name.
func (ps *Profiles) nameFree(ctx context.Context, name, exceptID string) error {
	other, err := ps.d.db.ProfileByName(ctx, name)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil
	case err != nil:
		return err
	case other.ID != exceptID:
		return invalid("name", "a profile named %q already exists", other.Name)
	}
	return nil
}

// Add validates in, creates the profile and puts its secrets in the keychain. When a secret
// cannot be stored (keychain unreachable) the profile is removed again and the error returned:
// nothing is left behind, and no secret is written anywhere else. A sandbox or production
// profile needs a client secret, given here or by MESH_CLIENT_SECRET.
func (ps *Profiles) Add(ctx context.Context, in ProfileInput) (*ProfileInfo, error) {
	d := ps.d
	p, err := ps.normalize(ctx, in)
	if err != nil {
		return nil, err
	}
	secrets := map[SecretKind]string{}
	for kind, raw := range map[SecretKind]string{store.SecretClient: in.ClientSecret, store.SecretWebhook: in.WebhookSecret, store.SecretAdmin: in.AdminSecret} {
		if raw == "" {
			continue
		}
		s, err := CleanSecret(raw)
		if err != nil {
			return nil, invalid("secret", "%s secret: %s", kind, err.(*ValidationError).Msg)
		}
		secrets[kind] = s
	}
	if _, ok := secrets[store.SecretClient]; !ok && p.Env != store.EnvDemo && !d.envHas(store.SecretClient) {
		return nil, invalid("secret", "a client secret is required for %s profiles (or set %s for each run)", p.Env, store.EnvClientSecret)
	}
	if len(secrets) > 0 {
		if err := d.probeVault(ctx); err != nil {
			return nil, ps.secretStoreError(&p, store.SecretClient, err)
		}
	}
	created, err := d.db.CreateProfile(ctx, p)
	if errors.Is(err, store.ErrConflict) {
		return nil, invalid("name", "a profile named %q already exists", p.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("add profile %q: %w", p.Name, err)
	}
	for _, kind := range store.ProfileSecretKeys {
		s, ok := secrets[kind]
		if !ok {
			continue
		}
		if err := d.vault.Set(ctx, created.ID, kind, s); err != nil {
			// Undo: the row, the index and any entry already written.
			if derr := d.db.DeleteProfile(ctx, d.vault, created.ID); derr != nil {
				d.log.Warn("desk: undo a profile whose secret could not be stored", "profile", created.ID, "err", derr)
			}
			return nil, ps.secretStoreError(created, kind, err)
		}
	}
	if _, err := d.db.DefaultProfile(ctx); errors.Is(err, store.ErrNotFound) {
		if err := d.db.SetDefaultProfile(ctx, created.ID); err != nil {
			return nil, err
		}
	}
	d.log.Info("desk: profile added", "profile", created.ID, "env", created.Env)
	d.Audit(ctx, created.ID, created.Name, store.AuditProfileCreate, created.Name, "env "+string(created.Env)) // audit (treasury)
	return ps.info(ctx, created)
}

func (ps *Profiles) secretStoreError(p *store.Profile, kind SecretKind, err error) error {
	if errors.Is(err, store.ErrVaultUnavailable) {
		return fmt.Errorf("profile %q: the %s secret was not stored, and nothing was written: %w — start a Secret Service (e.g. gnome-keyring) and unlock it, or on a server supply %s in the environment of each run instead (it is never written anywhere)",
			p.Name, kind, err, envVarOf(kind))
	}
	return fmt.Errorf("profile %q: store the %s secret: %w", p.Name, kind, err)
}

// envHas reports whether the environment overlay supplies a secret kind this run.
func (d *Desk) envHas(kind SecretKind) bool {
	return d.opts.Getenv(envVarOf(kind)) != ""
}

// info builds the ProfileInfo of p.
func (ps *Profiles) info(ctx context.Context, p *store.Profile) (*ProfileInfo, error) {
	d := ps.d
	def, err := d.db.DefaultProfile(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	pi := &ProfileInfo{Profile: *p, Default: def != nil && def.ID == p.ID, Secrets: map[SecretKind]SecretSource{}}
	switch {
	case p.BaseURL != "":
		pi.APIURL = p.BaseURL
	case p.Env == store.EnvDemo:
		pi.APIURL = "(in-process emulator)"
		d.mu.Lock()
		if s, ok := d.sims[p.ID]; ok {
			pi.APIURL = s.url
		}
		d.mu.Unlock()
	default:
		pi.APIURL, _, _ = d.baseURL(p)
	}
	for _, k := range store.ProfileSecretKeys {
		src, err := d.secretSource(ctx, p, k)
		if err != nil {
			return nil, fmt.Errorf("profile %q: %w", p.Name, err)
		}
		pi.Secrets[k] = src
	}
	return pi, nil
}

// Get returns one profile by name ("" for the default).
func (ps *Profiles) Get(ctx context.Context, name string) (*ProfileInfo, error) {
	p, err := ps.d.profile(ctx, name)
	if err != nil {
		return nil, err
	}
	return ps.info(ctx, p)
}

// List returns every profile by name, with which secrets are present (never the secrets).
// It does not touch the keychain.
func (ps *Profiles) List(ctx context.Context) ([]*ProfileInfo, error) {
	all, err := ps.d.db.Profiles(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*ProfileInfo, 0, len(all))
	for _, p := range all {
		pi, err := ps.info(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, pi)
	}
	return out, nil
}

// Use makes the named profile the default for every command and the app's next start.
func (ps *Profiles) Use(ctx context.Context, name string) (*ProfileInfo, error) {
	p, err := ps.d.named(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := ps.d.db.SetDefaultProfile(ctx, p.ID); err != nil {
		return nil, err
	}
	ps.d.Audit(ctx, p.ID, p.Name, store.AuditProfileUse, p.Name, "made the default profile") // audit (treasury)
	return ps.info(ctx, p)
}

// named finds a profile by a name that must be given (operations that change one profile
// never fall back to the default profile).
func (d *Desk) named(ctx context.Context, name string) (*store.Profile, error) {
	if strings.TrimSpace(name) == "" {
		return nil, invalid("name", "a profile name is required")
	}
	return d.profile(ctx, name)
}

// Rename changes a profile's name; its ID, data and keychain entries stay as they are.
func (ps *Profiles) Rename(ctx context.Context, oldName, newName string) (*ProfileInfo, error) {
	p, err := ps.d.named(ctx, oldName)
	if err != nil {
		return nil, err
	}
	if err := ValidateName(newName); err != nil {
		return nil, err
	}
	n := strings.TrimSpace(newName)
	if err := ps.nameFree(ctx, n, p.ID); err != nil {
		return nil, err
	}
	up, err := ps.d.db.RenameProfile(ctx, p.ID, n)
	if errors.Is(err, store.ErrConflict) {
		return nil, invalid("name", "a profile named %q already exists", n)
	}
	if err != nil {
		return nil, err
	}
	ps.d.Audit(ctx, up.ID, up.Name, store.AuditProfileRename, up.Name, "was "+p.Name) // audit (treasury)
	return ps.info(ctx, up)
}

// RemoveResult says what Remove deleted.
type RemoveResult struct {
	// Profile is the removed profile.
	Profile store.Profile `json:"profile"`
	// NewDefault is the profile that became the default, when the removed one was it.
	NewDefault string `json:"newDefault"`
	// CleanupPending is set when some keychain entries could not be deleted now (the
	// keychain was unreachable); they are retried at every start. The rows are gone.
	CleanupPending string `json:"cleanupPending"`
}

// Remove deletes a profile with its connections, transfer history, webhook events and
// keychain entries (and a demo profile's emulator state). When it was the default, the Demo
// profile (or the first remaining one) becomes the default.
func (ps *Profiles) Remove(ctx context.Context, name string) (*RemoveResult, error) {
	d := ps.d
	p, err := d.named(ctx, name)
	if err != nil {
		return nil, err
	}
	res := &RemoveResult{Profile: *p}
	def, _ := d.db.DefaultProfile(ctx)
	indexed, err := d.keychain.List(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if p.Env == store.EnvDemo {
		if err := d.stopDemo(p.ID, true); err != nil {
			d.log.Warn("desk: stop the demo emulator", "profile", p.ID, "err", err)
		}
	}
	if err := d.db.DeleteProfile(ctx, d.vault, p.ID); err != nil {
		if _, gone := d.db.Profile(ctx, p.ID); !errors.Is(gone, store.ErrNotFound) {
			return nil, fmt.Errorf("remove profile %q: %w", p.Name, err)
		}
		// The rows are gone; only the keychain cleanup failed. With no entries indexed
		// the keychain held nothing of this profile that we know of.
		if len(indexed) > 0 {
			res.CleanupPending = err.Error()
		}
		d.log.Warn("desk: profile removed, keychain cleanup pending", "profile", p.ID, "err", err)
	}
	if def != nil && def.ID == p.ID {
		next, err := ps.pickDefault(ctx)
		if err != nil {
			return nil, err
		}
		res.NewDefault = next
	}
	d.log.Info("desk: profile removed", "profile", p.ID)
	d.Audit(ctx, p.ID, p.Name, store.AuditProfileRemove, p.Name, "env "+string(p.Env)) // audit (treasury): the row keeps the name
	return res, nil
}

// pickDefault makes Demo (or the first profile) the default; "" when no profile is left.
func (ps *Profiles) pickDefault(ctx context.Context) (string, error) {
	all, err := ps.d.db.Profiles(ctx)
	if err != nil || len(all) == 0 {
		return "", err
	}
	pick := all[0]
	for _, p := range all {
		if strings.EqualFold(p.Name, DemoProfileName) {
			pick = p
		}
	}
	return pick.Name, ps.d.db.SetDefaultProfile(ctx, pick.ID)
}

// SetSecret stores (replaces) one of a profile's secrets in the keychain.
func (ps *Profiles) SetSecret(ctx context.Context, name string, kind string, secret string) error {
	d := ps.d
	p, err := d.named(ctx, name)
	if err != nil {
		return err
	}
	k, err := ParseSecretKind(kind)
	if err != nil {
		return err
	}
	s, err := CleanSecret(secret)
	if err != nil {
		return err
	}
	before, err := d.db.IndexedSecrets(ctx, p.ID)
	if err != nil {
		return err
	}
	if err := d.vault.Set(ctx, p.ID, k, s); err != nil {
		// KeyringVault indexes before writing: forget the index entry of a secret that
		// did not get stored, unless an earlier one exists.
		if !slices.Contains(before, k) {
			if uerr := d.db.UnindexSecret(ctx, p.ID, k); uerr != nil {
				d.log.Warn("desk: unindex a secret that was not stored", "profile", p.ID, "err", uerr)
			}
		}
		if errors.Is(err, store.ErrVaultUnavailable) {
			return ps.secretStoreError(p, k, err)
		}
		return fmt.Errorf("profile %q: store the %s secret: %w", p.Name, k, err)
	}
	d.log.Info("desk: secret stored", "profile", p.ID, "kind", string(k))
	d.Audit(ctx, p.ID, p.Name, store.AuditProfileUpdate, p.Name, string(k)+" secret stored (value not recorded)") // audit (treasury)
	return nil
}

// DeleteSecret removes one of a profile's secrets from the keychain.
func (ps *Profiles) DeleteSecret(ctx context.Context, name, kind string) error {
	p, err := ps.d.named(ctx, name)
	if err != nil {
		return err
	}
	k, err := ParseSecretKind(kind)
	if err != nil {
		return err
	}
	if err := ps.d.vault.Delete(ctx, p.ID, k); err != nil {
		return fmt.Errorf("profile %q: delete the %s secret: %w", p.Name, k, err)
	}
	ps.d.Audit(ctx, p.ID, p.Name, store.AuditProfileUpdate, p.Name, string(k)+" secret deleted") // audit (treasury)
	return nil
}

// ProfileUpdate changes a profile's editable fields; nil fields stay as they are.
type ProfileUpdate struct {
	// BaseURL replaces the base-URL override ("" removes it).
	BaseURL *string `json:"baseUrl,omitempty"`
	// ClientID replaces the client id.
	ClientID *string `json:"clientId,omitempty"`
	// SubClientID replaces the sub-client id ("" removes it).
	SubClientID *string `json:"subClientId,omitempty"`
	// UserID replaces the default Mesh userId.
	UserID *string `json:"userId,omitempty"`
}

// Update validates and stores the changed fields of a profile (Settings' edit form).
func (ps *Profiles) Update(ctx context.Context, name string, u ProfileUpdate) (*ProfileInfo, error) {
	p, err := ps.d.named(ctx, name)
	if err != nil {
		return nil, err
	}
	if u.BaseURL != nil {
		b := strings.TrimSpace(*u.BaseURL)
		if err := ValidateBaseURL(b); err != nil {
			return nil, err
		}
		p.BaseURL = strings.TrimRight(b, "/")
	}
	if u.ClientID != nil {
		c := strings.TrimSpace(*u.ClientID)
		if err := ValidateClientID(c, p.Env); err != nil {
			return nil, err
		}
		p.ClientID = c
	}
	if u.SubClientID != nil {
		s := strings.ToLower(strings.TrimSpace(*u.SubClientID))
		if err := ValidateSubClientID(s); err != nil {
			return nil, err
		}
		p.SubClientID = s
	}
	if u.UserID != nil {
		if err := ValidateUserID(*u.UserID); err != nil {
			return nil, err
		}
		p.DefaultUserID = *u.UserID
	}
	up, err := ps.d.db.UpdateProfile(ctx, *p)
	if err != nil {
		return nil, err
	}
	ps.d.Audit(ctx, up.ID, up.Name, store.AuditProfileUpdate, up.Name, profileChanges(u)) // audit (treasury)
	if p.Env == store.EnvDemo && u.BaseURL != nil {
		_ = ps.d.stopDemo(p.ID, false) // the next session starts (or skips) it again
	}
	return ps.info(ctx, up)
}

// SetDefaultUserID changes the Mesh userId new connections of the profile use.
func (ps *Profiles) SetDefaultUserID(ctx context.Context, name, userID string) (*ProfileInfo, error) {
	return ps.Update(ctx, name, ProfileUpdate{UserID: &userID})
}

// since measures an elapsed time on the Desk's clock.
func (d *Desk) since(t time.Time) time.Duration { return d.now().Sub(t) }

// probeVault checks that the vault can be reached before anything is written: it reads a key
// no profile has (the environment overlay does not answer it), which a reachable keychain
// answers with "not found".
func (d *Desk) probeVault(ctx context.Context) error {
	_, err := d.vault.Get(ctx, "meshdesk-probe", store.SecretKey("probe"))
	if err == nil || errors.Is(err, store.ErrSecretNotFound) {
		return nil
	}
	return err
}

// profileChanges names the fields an update set, with their (non-secret) values, for the audit
// trail.
func profileChanges(u ProfileUpdate) string {
	var parts []string
	for _, f := range []struct {
		name string
		v    *string
	}{{"base URL", u.BaseURL}, {"client id", u.ClientID}, {"sub-client id", u.SubClientID}, {"default user id", u.UserID}} {
		if f.v != nil {
			parts = append(parts, fmt.Sprintf("%s %q", f.name, strings.TrimSpace(*f.v)))
		}
	}
	if len(parts) == 0 {
		return "nothing changed"
	}
	return "set " + strings.Join(parts, ", ")
}
