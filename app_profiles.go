package main

// Profiles and first run: the Settings screen's bound methods over desk.Profiles, plus the
// app-wide settings of the Link (link mode). Switching profiles makes the frontend reload, so
// every view reads the new profile's data.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"meshdesk/desk"
	"meshdesk/mesh"
	"meshdesk/store"
)

// callTimeout bounds one bound call that reaches Mesh or the keychain, so a hung network or
// D-Bus never leaves a spinner forever.
const callTimeout = 90 * time.Second

// openDesk opens the service layer once (startup); a failure is kept and reported by every
// call that needs it.
func (a *App) openDesk(ctx context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.desk != nil || a.deskErr != nil {
		return
	}
	opts := a.deskOpts
	if opts.Logger == nil {
		opts.Logger = a.log
	}
	d, err := desk.Open(context.WithoutCancel(ctx), opts)
	if err != nil {
		a.deskErr = fmt.Errorf("open Mesh Desk's data: %w", err)
		a.log.Error("open desk", "err", err)
		return
	}
	a.desk = d
}

// closeDesk stops the Demo emulators and closes the database (shutdown).
func (a *App) closeDesk() {
	a.mu.Lock()
	d := a.desk
	a.desk = nil
	a.mu.Unlock()
	if d != nil {
		if err := d.Close(); err != nil {
			a.log.Warn("close desk", "err", err)
		}
	}
}

// service returns the open desk, or why there is none.
func (a *App) service() (*desk.Desk, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.desk != nil:
		return a.desk, nil
	case a.deskErr != nil:
		return nil, a.deskErr
	}
	return nil, errors.New("Mesh Desk is still starting: try again in a moment")
}

// callCtx is the context of one bound call: bounded by callTimeout.
func (a *App) callCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), callTimeout)
}

// ProfileView is a profile as the frontend shows it: never a secret, only which ones are set,
// and the Link origin its Link pages come from (the Content-Security-Policy allows frames from
// it only).
type ProfileView struct {
	desk.ProfileInfo
	// Production marks a production profile (the red band, the confirmation).
	Production bool `json:"production"`
	// Demo marks the in-process emulator (the demo banner).
	Demo bool `json:"demo"`
	// LinkOrigin is where Link pages of this profile load from.
	LinkOrigin string `json:"linkOrigin"`
	// LinkMode is "embedded" or "browser" (the app-wide setting).
	LinkMode string `json:"linkMode"`
}

// Link modes (Settings → Link).
const (
	// LinkModeEmbedded opens Link inside the app's window (default).
	LinkModeEmbedded = "embedded"
	// LinkModeBrowser opens Link from a loopback page in the system browser.
	LinkModeBrowser = "browser"
)

// settingLinkMode is the app-wide link mode in the settings table.
const settingLinkMode = "app.link_mode"

// MeshLinkOrigin is where real Mesh serves Link.
const MeshLinkOrigin = "https://web.meshconnect.com"

// view builds the ProfileView of pi. The Demo emulator is started to learn its origin.
func (a *App) view(ctx context.Context, d *desk.Desk, pi *desk.ProfileInfo) (*ProfileView, error) {
	v := &ProfileView{ProfileInfo: *pi, Production: pi.Env == store.EnvProduction, Demo: pi.Env == store.EnvDemo,
		LinkOrigin: MeshLinkOrigin, LinkMode: a.linkMode(ctx, d)}
	if pi.Env != store.EnvDemo {
		return v, nil
	}
	// The emulator (in-process, or a `meshdesk sim` behind an override) serves its Link page
	// on its own origin, known once it runs: the active profile's is started here.
	v.LinkOrigin = ""
	base := pi.BaseURL
	if base == "" && pi.Default {
		s, err := d.Session(ctx, pi.Name)
		if err != nil {
			return nil, err
		}
		base = s.BaseURL
		v.APIURL = s.BaseURL
	}
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		v.LinkOrigin = u.Scheme + "://" + u.Host
	}
	return v, nil
}

// linkMode reads the app-wide link mode (embedded when unset or unreadable).
func (a *App) linkMode(ctx context.Context, d *desk.Desk) string {
	m, err := d.DB().Setting(ctx, settingLinkMode)
	if err != nil || m != LinkModeBrowser {
		return LinkModeEmbedded
	}
	return m
}

// SetLinkMode chooses how Link opens: "embedded" (in the window) or "browser" (a loopback
// page in the system browser, for origins Mesh has not allow-listed).
func (a *App) SetLinkMode(mode string) error {
	d, err := a.service()
	if err != nil {
		return err
	}
	if mode != LinkModeEmbedded && mode != LinkModeBrowser {
		return fmt.Errorf("link mode %q: choose %q or %q", mode, LinkModeEmbedded, LinkModeBrowser)
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	return d.DB().SetSetting(ctx, settingLinkMode, mode)
}

// Profiles lists every profile (never a secret; where each secret comes from).
func (a *App) Profiles() ([]*ProfileView, error) {
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	all, err := d.Profiles().List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*ProfileView, 0, len(all))
	for _, pi := range all {
		v, err := a.view(ctx, d, pi)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// ActiveProfile is the profile the app works on (the default one). A demo profile's emulator
// starts here, so the first screen shows a working app.
func (a *App) ActiveProfile() (*ProfileView, error) {
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	pi, err := d.Profiles().Get(ctx, "")
	if err != nil {
		return nil, err
	}
	return a.view(ctx, d, pi)
}

// AddProfile validates and adds a profile; its secrets go to the keychain only.
func (a *App) AddProfile(in desk.ProfileInput) (*ProfileView, error) {
	return a.profileOp(func(ctx context.Context, ps *desk.Profiles) (*desk.ProfileInfo, error) { return ps.Add(ctx, in) })
}

// UpdateProfile changes a profile's base URL, client id, sub-client id or default user id
// (nil fields stay).
func (a *App) UpdateProfile(name string, u desk.ProfileUpdate) (*ProfileView, error) {
	return a.profileOp(func(ctx context.Context, ps *desk.Profiles) (*desk.ProfileInfo, error) {
		return ps.Update(ctx, name, u)
	})
}

// RenameProfile renames a profile; its data and keychain entries stay.
func (a *App) RenameProfile(oldName, newName string) (*ProfileView, error) {
	return a.profileOp(func(ctx context.Context, ps *desk.Profiles) (*desk.ProfileInfo, error) {
		return ps.Rename(ctx, oldName, newName)
	})
}

// UseProfile switches the app to a profile (the frontend reloads its views).
func (a *App) UseProfile(name string) (*ProfileView, error) {
	return a.profileOp(func(ctx context.Context, ps *desk.Profiles) (*desk.ProfileInfo, error) { return ps.Use(ctx, name) })
}

// CreateSubClientProfile makes a profile for one sub-client of the named profile's client.
func (a *App) CreateSubClientProfile(name, subClientID, newName string) (*ProfileView, error) {
	return a.profileOp(func(ctx context.Context, ps *desk.Profiles) (*desk.ProfileInfo, error) {
		return ps.CreateProfileForSubClient(ctx, name, subClientID, newName)
	})
}

func (a *App) profileOp(op func(context.Context, *desk.Profiles) (*desk.ProfileInfo, error)) (*ProfileView, error) {
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	pi, err := op(ctx, d.Profiles())
	if err != nil {
		return nil, err
	}
	return a.view(ctx, d, pi)
}

// RemoveProfile deletes a profile with its data and keychain entries.
func (a *App) RemoveProfile(name string) (*desk.RemoveResult, error) {
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	return d.Profiles().Remove(ctx, name)
}

// SetProfileSecret stores one of a profile's secrets (client, webhook or admin) in the
// keychain; an empty secret deletes it. The secret is never returned by any method.
func (a *App) SetProfileSecret(name, kind, secret string) error {
	d, err := a.service()
	if err != nil {
		return err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	if strings.TrimSpace(secret) == "" {
		return d.Profiles().DeleteSecret(ctx, name, kind)
	}
	return d.Profiles().SetSecret(ctx, name, kind, secret)
}

// TestProfile calls the API as the profile; a failure carries Mesh's exact answer and a hint.
func (a *App) TestProfile(name string) (*desk.TestResult, error) {
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	return d.Profiles().Test(ctx, name)
}

// SubClients lists the sub-clients of a profile's client (needs its admin secret).
func (a *App) SubClients(name string) ([]mesh.SubClient, error) {
	d, err := a.service()
	if err != nil {
		return nil, err
	}
	ctx, cancel := a.callCtx()
	defer cancel()
	return d.Profiles().ListSubClients(ctx, name)
}
