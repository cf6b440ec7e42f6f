package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"meshdesk/appdir"
	"meshdesk/desk"
	"meshdesk/meshsim"
	"meshdesk/store"
)

// runCLI runs `meshdesk args…` in-process with stdin and a fake environment, and returns
// stdout, stderr and the exit code.
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] }}
	code := Main(context.Background(), e, args)
	return out.String(), errb.String(), code
}

// mustProfiles lists the profiles as `profiles list --json` prints them.
func mustProfiles(t *testing.T, env map[string]string) []desk.ProfileInfo {
	t.Helper()
	out, errOut, code := runCLI(t, env, "", "profiles", "list", "--json")
	if code != 0 {
		t.Fatalf("profiles list --json: exit %d: %s", code, errOut)
	}
	var list []desk.ProfileInfo
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("profiles list --json: %v\n%s", err, out)
	}
	return list
}

// mustHome points MESHDESK_HOME at a fresh folder for the test.
func mustHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv(appdir.EnvHome, home)
	return home
}

func TestProfilesBadInputExitsTwoAndChangesNothing(t *testing.T) {
	mustHome(t)
	before := mustProfiles(t, nil)
	// A second reader of the same database checks after each command that nothing changed.
	path, err := appdir.DatabaseFile()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snapshot := func() string {
		ps, err := db.Profiles(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		def, _ := db.DefaultProfile(context.Background())
		b, _ := json.Marshal(struct {
			P []*store.Profile
			D *store.Profile
		}{ps, def})
		return string(b)
	}
	want := snapshot()
	if len(before) != 1 {
		t.Fatalf("fresh install lists %d profiles", len(before))
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"no subcommand", "", []string{"profiles"}, "a profiles command is required"},
		{"unknown subcommand", "", []string{"profiles", "frobnicate"}, "unknown profiles command"},
		{"add without name", "s", []string{"profiles", "add", "--env", "sandbox", "--client-id", "c"}, "expected 1 argument"},
		{"add two names", "s", []string{"profiles", "add", "a", "b", "--env", "sandbox", "--client-id", "c"}, "expected 1 argument"},
		{"secret as a flag", "", []string{"profiles", "add", "p", "--env", "sandbox", "--client-id", "c", "--secret", "sk_sandbox_x"}, "flag provided but not defined: -secret"},
		{"unknown env", "s", []string{"profiles", "add", "p", "--env", "staging", "--client-id", "c"}, "env: unknown environment"},
		{"long name", "s", []string{"profiles", "add", strings.Repeat("n", 65), "--env", "sandbox", "--client-id", "c"}, "name: the profile name has 65 characters"},
		{"bad URL", "s", []string{"profiles", "add", "p", "--env", "sandbox", "--client-id", "c", "--base-url", "not a url"}, "baseUrl:"},
		{"ftp URL", "s", []string{"profiles", "add", "p", "--env", "sandbox", "--client-id", "c", "--base-url", "ftp://h"}, "baseUrl:"},
		{"sub-client not UUID", "s", []string{"profiles", "add", "p", "--env", "sandbox", "--client-id", "c", "--sub-client-id", "acme"}, "subClientId:"},
		{"no client id", "s", []string{"profiles", "add", "p", "--env", "production"}, "clientId:"},
		{"long user id", "s", []string{"profiles", "add", "p", "--env", "sandbox", "--client-id", "c", "--user-id", strings.Repeat("u", 301)}, "userId:"},
		{"no secret on stdin", "", []string{"profiles", "add", "p", "--env", "sandbox", "--client-id", "c"}, "no client secret on standard input"},
		{"two-line secret", "a\nb\n", []string{"profiles", "add", "p", "--env", "sandbox", "--client-id", "c"}, "secret:"},
		{"name taken", "s", []string{"profiles", "add", "demo", "--env", "sandbox", "--client-id", "c"}, "already exists"},
		{"set-secret bad kind", "s", []string{"profiles", "set-secret", "Demo", "password"}, "unknown secret kind"},
		{"set-secret unknown profile", "s", []string{"profiles", "set-secret", "nope", "client"}, "no profile is named"},
		{"set-secret empty", "", []string{"profiles", "set-secret", "Demo", "webhook"}, "no secret on standard input"},
		{"use unknown", "", []string{"profiles", "use", "nope"}, "no profile is named"},
		{"rename to long", "", []string{"profiles", "rename", "Demo", strings.Repeat("n", 65)}, "name:"},
		{"rename unknown", "", []string{"profiles", "rename", "nope", "x"}, "no profile is named"},
		{"remove unconfirmed", "n\n", []string{"profiles", "remove", "Demo"}, "not removed"},
		{"remove no answer", "", []string{"profiles", "remove", "Demo"}, "not removed"},
		{"test unknown", "", []string{"profiles", "test", "nope"}, "no profile is named"},
		{"list with argument", "", []string{"profiles", "list", "x"}, "expected 0 argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, nil, tt.stdin, tt.args...)
			if code != 2 {
				t.Errorf("exit code %d, want 2 (stderr %q)", code, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.want)
			}
			if n := strings.Count(strings.TrimSpace(errOut), "\n"); n > 0 && tt.name != "remove unconfirmed" && tt.name != "remove no answer" {
				t.Errorf("error is %d lines, want one: %q", n+1, errOut)
			}
			if strings.Contains(errOut, "sk_sandbox_x") {
				t.Errorf("secret echoed: %q", errOut)
			}
			if got := snapshot(); got != want {
				t.Errorf("bad input changed the profiles:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestProfilesWithEnvSecret(t *testing.T) {
	home := mustHome(t)
	const secret = "sk_sandbox_cli_env_secret_42"
	sim, err := meshsim.New(meshsim.Options{Transfers: 12, Clients: []meshsim.Client{{ID: "cli-c", Secret: secret}}})
	if err != nil {
		t.Fatal(err)
	}
	base, err := sim.Start("")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	env := map[string]string{store.EnvClientSecret: secret}
	out, errOut, code := runCLI(t, env, "", "profiles", "add", "srv", "--env", "sandbox", "--base-url", base, "--client-id", "cli-c", "--user-id", "ops-1")
	if code != 0 {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "comes from MESH_CLIENT_SECRET for each run; it was not stored") {
		t.Errorf("add output: %s", out)
	}
	out, _, code = runCLI(t, env, "", "profiles", "list")
	if code != 0 || !strings.Contains(out, "srv") || !strings.Contains(out, "client:env") || !strings.Contains(out, "ops-1") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	out, errOut, code = runCLI(t, env, "", "profiles", "test", "srv")
	if code != 0 || !strings.HasPrefix(out, `OK: profile "srv" (sandbox) reached `+base) || !strings.Contains(out, "12 transfers") {
		t.Errorf("test: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, map[string]string{store.EnvClientSecret: "sk_sandbox_wrong"}, "", "profiles", "test", "srv")
	if code != 1 || !strings.Contains(out, "HTTP 401") || !strings.Contains(out, "Client Id or Client Secret are not correct or missing.") ||
		!strings.Contains(out, "check MESH_CLIENT_SECRET") {
		t.Errorf("test with a wrong secret: exit %d\n%s%s", code, out, errOut)
	}
	_, errOut, code = runCLI(t, nil, "", "profiles", "test", "srv")
	if code != 1 || !strings.Contains(errOut, "meshdesk profiles set-secret srv client") {
		t.Errorf("test without a secret: exit %d: %s", code, errOut)
	}
	for _, args := range [][]string{{"profiles", "use", "srv"}, {"profiles", "rename", "srv", "server"}} {
		if _, errOut, code := runCLI(t, nil, "", args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
	list := mustProfiles(t, nil)
	if len(list) != 2 || list[1].Name != "server" || !list[1].Default {
		t.Errorf("after use and rename: %+v", list)
	}
	mustNoSecretUnder(t, home, secret)
	// Removing with confirmation on stdin; no keychain entry was ever made, so none is needed.
	out, errOut, code = runCLI(t, nil, "yes\n", "profiles", "remove", "server")
	if code != 0 || !strings.Contains(out, `The default profile is now "Demo"`) {
		t.Errorf("remove: exit %d\n%s%s", code, out, errOut)
	}
	if list := mustProfiles(t, nil); len(list) != 1 {
		t.Errorf("after remove: %+v", list)
	}
}

func TestProfilesHelp(t *testing.T) {
	mustHome(t)
	for _, args := range [][]string{{"profiles", "--help"}, {"profiles", "add", "--help"}, {"profiles", "remove", "-h"}} {
		out, errOut, code := runCLI(t, nil, "", args...)
		if code != 0 || !strings.Contains(out, "Usage: meshdesk profiles") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
}
