package desk

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"meshdesk/mesh"
	"meshdesk/store"
)

// ErrNoAdmin means the profile has no account-management secret, so sub-clients cannot be
// listed or used.
var ErrNoAdmin = errors.New("no account-management secret")

// adminSession returns a profile's session and its admin client, or an error naming how to
// set the admin secret.
func (d *Desk) adminSession(ctx context.Context, name string) (*Session, error) {
	if _, err := d.named(ctx, name); err != nil {
		return nil, err
	}
	s, err := d.Session(ctx, name)
	if err != nil {
		return nil, err
	}
	if s.Admin == nil && s.adminErr != nil {
		return nil, s.adminErr
	}
	if s.Admin == nil {
		return nil, fmt.Errorf("%w: profile %q has none — run `meshdesk profiles set-secret %s admin` or set %s for this run",
			ErrNoAdmin, s.Profile.Name, shellQuote(s.Profile.Name), store.EnvAdminSecret)
	}
	return s, nil
}

// ListSubClients lists the sub-clients of a profile's Mesh client through the Account
// Management API (the profile needs an admin secret).
func (ps *Profiles) ListSubClients(ctx context.Context, name string) ([]mesh.SubClient, error) {
	s, err := ps.d.adminSession(ctx, name)
	if err != nil {
		return nil, err
	}
	subs, err := s.Admin.SubClients(ctx)
	if err != nil {
		return nil, fmt.Errorf("profile %q: list sub-clients: %w", s.Profile.Name, err)
	}
	return subs, nil
}

// CreateProfileForSubClient makes a new profile that acts for one sub-client of the named
// profile's client: same environment, base URL and client id, the sub-client id set, and a
// copy of the parent's client and webhook secrets in the keychain under the new profile.
// newName "" uses the sub-client's display name (made unique with a number).
func (ps *Profiles) CreateProfileForSubClient(ctx context.Context, name, subClientID, newName string) (*ProfileInfo, error) {
	d := ps.d
	if !IsUUID(strings.TrimSpace(subClientID)) {
		return nil, invalid("subClientId", "%q is not a UUID", subClientID)
	}
	subs, err := ps.ListSubClients(ctx, name)
	if err != nil {
		return nil, err
	}
	var sub *mesh.SubClient
	for i := range subs {
		if strings.EqualFold(subs[i].ID, strings.TrimSpace(subClientID)) {
			sub = &subs[i]
		}
	}
	parent, err := d.named(ctx, name)
	if err != nil {
		return nil, err
	}
	if sub == nil {
		return nil, invalid("subClientId", "the client of profile %q has no sub-client %s", parent.Name, subClientID)
	}
	if newName == "" {
		newName, err = ps.freeName(ctx, parent.Name+" – "+firstNonEmpty(sub.DisplayName, sub.BusinessLegalName, sub.ID))
		if err != nil {
			return nil, err
		}
	}
	in := ProfileInput{Name: newName, Env: string(parent.Env), BaseURL: parent.BaseURL,
		ClientID: parent.ClientID, SubClientID: sub.ID}
	for _, k := range []SecretKind{store.SecretClient, store.SecretWebhook} {
		if src, _ := d.secretSource(ctx, parent, k); src != SourceKeychain {
			continue // demo credentials and the environment overlay are not copied
		}
		v, err := d.secret(ctx, parent, k)
		if err != nil {
			return nil, err
		}
		if k == store.SecretClient {
			in.ClientSecret = v
		} else {
			in.WebhookSecret = v
		}
	}
	return ps.Add(ctx, in)
}

// freeName returns base, or base with " 2", " 3" … appended, cut to the name limit, that
// no profile has yet.
func (ps *Profiles) freeName(ctx context.Context, base string) (string, error) {
	r := []rune(strings.TrimSpace(base))
	for i := 1; i < 1000; i++ {
		suffix := ""
		if i > 1 {
			suffix = fmt.Sprintf(" %d", i)
		}
		n := r
		if len(n)+len(suffix) > MaxNameLen {
			n = n[:MaxNameLen-len(suffix)]
		}
		cand := strings.TrimSpace(string(n)) + suffix
		if _, err := ps.d.db.ProfileByName(ctx, cand); errors.Is(err, store.ErrNotFound) {
			return cand, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", invalid("name", "no free profile name for %q", base)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
