package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"meshdesk/desk"
	"meshdesk/store"
)

func TestFirstRunIsADemoWithItsEmulatorsOrigin(t *testing.T) {
	a, _, _ := mustDeskApp(t)
	p, err := a.ActiveProfile()
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != desk.DemoProfileName || !p.Demo || p.Production || !p.Default || p.LinkMode != LinkModeEmbedded {
		t.Fatalf("first run: %+v", p)
	}
	if !strings.HasPrefix(p.LinkOrigin, "http://127.0.0.1:") || !strings.HasPrefix(p.APIURL, p.LinkOrigin) {
		t.Fatalf("demo origin %q, API %q", p.LinkOrigin, p.APIURL)
	}
	if p.DefaultUserID == "" {
		t.Fatal("the Demo profile has no default user id")
	}
	res, err := a.TestProfile("")
	if err != nil || !res.OK {
		t.Fatalf("TestProfile = %+v, %v", res, err)
	}
	if a.profileName() != desk.DemoProfileName {
		t.Fatalf("profileName = %q", a.profileName())
	}
}

func TestProfileLifecycle(t *testing.T) {
	a, vault, _ := mustDeskApp(t)
	ctx := context.Background()
	if _, err := a.AddProfile(desk.ProfileInput{Name: "Treasury", Env: "production", ClientID: "client-1"}); err == nil || !strings.Contains(err.Error(), "client secret") {
		t.Fatalf("production without a secret: %v", err)
	}
	if _, err := a.AddProfile(desk.ProfileInput{Name: "Bad", Env: "staging", ClientID: "c", ClientSecret: "s"}); err == nil {
		t.Fatal("an unknown environment was accepted")
	}
	const secret = "sk_live_treasury_secret_123"
	p, err := a.AddProfile(desk.ProfileInput{Name: "Treasury", Env: "production", ClientID: "client-1", ClientSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Production || p.Demo || p.LinkOrigin != MeshLinkOrigin || p.Secrets[store.SecretClient] != desk.SourceKeychain {
		t.Fatalf("added: %+v", p)
	}
	if got, _ := vault.Get(ctx, p.ID, store.SecretClient); got != secret {
		t.Fatal("the client secret is not in the keychain")
	}
	all, err := a.Profiles()
	if err != nil || len(all) != 2 {
		t.Fatalf("Profiles = %d, %v", len(all), err)
	}
	for _, v := range all {
		if strings.Contains(strings.Join([]string{v.Name, v.APIURL, v.ClientID, v.LinkOrigin}, " "), secret) {
			t.Fatal("a profile view shows the secret")
		}
	}
	user := "treasury-ops"
	if p, err = a.UpdateProfile("Treasury", desk.ProfileUpdate{UserID: &user}); err != nil || p.DefaultUserID != user {
		t.Fatalf("UpdateProfile = %+v, %v", p, err)
	}
	if p, err = a.RenameProfile("Treasury", "Treasury EU"); err != nil || p.Name != "Treasury EU" {
		t.Fatalf("RenameProfile = %+v, %v", p, err)
	}
	if p, err = a.UseProfile("Treasury EU"); err != nil || !p.Default {
		t.Fatalf("UseProfile = %+v, %v", p, err)
	}
	if act, _ := a.ActiveProfile(); act.Name != "Treasury EU" || a.profileName() != "Treasury EU" {
		t.Fatalf("active %q", act.Name)
	}
	// A transfer journey on production asks for confirmation first (no network needed: the
	// form fails before Mesh is called).
	ls, err := a.CreateLinkToken(LinkOptions{Journey: JourneyWithdrawal})
	if err != nil || ls.FieldErrors["confirmProduction"] == "" || ls.UserID != user {
		t.Fatalf("production withdrawal: %+v, %v", ls, err)
	}
	if err := a.SetProfileSecret("Treasury EU", "webhook", "whsec_1"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetProfileSecret("Treasury EU", "webhook", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := vault.Get(ctx, p.ID, store.SecretWebhook); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("an empty secret did not delete it: %v", err)
	}
	if err := a.SetProfileSecret("Treasury EU", "password", "x"); err == nil {
		t.Fatal("an unknown secret kind was accepted")
	}
	if _, err := a.SubClients("Treasury EU"); !errors.Is(err, desk.ErrNoAdmin) {
		t.Fatalf("SubClients without an admin secret: %v", err)
	}
	rr, err := a.RemoveProfile("Treasury EU")
	if err != nil || rr.NewDefault != desk.DemoProfileName {
		t.Fatalf("RemoveProfile = %+v, %v", rr, err)
	}
	if _, err := vault.Get(ctx, p.ID, store.SecretClient); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("the removed profile's secret is still in the keychain: %v", err)
	}
}

func TestSubClientsOfTheDemo(t *testing.T) {
	a, _, _ := mustDeskApp(t)
	subs, err := a.SubClients(desk.DemoProfileName)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) == 0 {
		t.Skip("the emulator has no sub-clients for the demo client")
	}
	p, err := a.CreateSubClientProfile(desk.DemoProfileName, subs[0].ID, "")
	if err != nil || p.SubClientID != strings.ToLower(subs[0].ID) || !p.Demo {
		t.Fatalf("CreateSubClientProfile = %+v, %v", p, err)
	}
}

func TestLinkMode(t *testing.T) {
	a, _, _ := mustDeskApp(t)
	if err := a.SetLinkMode("popup"); err == nil {
		t.Fatal("an unknown link mode was accepted")
	}
	if err := a.SetLinkMode(LinkModeBrowser); err != nil {
		t.Fatal(err)
	}
	if p, _ := a.ActiveProfile(); p.LinkMode != LinkModeBrowser {
		t.Fatalf("link mode %q", p.LinkMode)
	}
}

func TestCallsBeforeTheDeskOpens(t *testing.T) {
	a, _ := mustApp(t)
	if _, err := a.Profiles(); err == nil || !strings.Contains(err.Error(), "starting") {
		t.Fatalf("Profiles before startup: %v", err)
	}
	a.deskErr = errors.New("open Mesh Desk's data: disk full")
	if _, err := a.Accounts(""); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Accounts after a failed open: %v", err)
	}
}
