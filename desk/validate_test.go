package desk

import (
	"context"
	"errors"
	"strings"
	"testing"

	"meshdesk/store"
)

func TestValidateName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"Treasury", true},
		{"a", true},
		{"  padded  ", true},
		{strings.Repeat("x", 64), true},
		{strings.Repeat("é", 64), true}, // characters, not bytes
		{strings.Repeat("x", 65), false},
		{"", false},
		{"   ", false},
		{"tab\there", false},
		{"new\nline", false},
		{"bad\xffutf8", false},
	}
	for _, tt := range tests {
		err := ValidateName(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil {
			mustField(t, err, "name")
		}
	}
}

func TestParseEnv(t *testing.T) {
	tests := []struct {
		in   string
		want store.Env
		ok   bool
	}{
		{"demo", store.EnvDemo, true},
		{"sandbox", store.EnvSandbox, true},
		{"Production", store.EnvProduction, true},
		{" sandbox ", store.EnvSandbox, true},
		{"", "", false},
		{"prod", "", false},
		{"staging", "", false},
	}
	for _, tt := range tests {
		got, err := ParseEnv(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseEnv(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			mustField(t, err, "env")
		}
	}
}

func TestValidateBaseURL(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"", true},
		{"https://sandbox-integration-api.meshconnect.com", true},
		{"http://127.0.0.1:8080", true},
		{"https://proxy.example.com/mesh/", true},
		{"ftp://example.com", false},
		{"example.com", false},
		{"/relative/path", false},
		{"https://", false},
		{"http://:8080", false},
		{"https://user:pass@proxy.example.com", false},
		{"https://example.com/?a=b", false},
		{"https://example.com/#frag", false},
		{"https://exa mple.com", false},
		{"https://example.com/\n", false},
	}
	for _, tt := range tests {
		err := ValidateBaseURL(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateBaseURL(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
		if err != nil {
			mustField(t, err, "baseUrl")
		}
	}
	// Credentials in a URL must never be echoed back.
	if err := ValidateBaseURL("https://u:topsecret@h.example"); err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Errorf("URL with credentials: %v", err)
	}
}

func TestValidateClientID(t *testing.T) {
	tests := []struct {
		id  string
		env store.Env
		ok  bool
	}{
		{"", store.EnvDemo, true},
		{"abc-123", store.EnvSandbox, true},
		{"", store.EnvSandbox, false},
		{"", store.EnvProduction, false},
		{"has space", store.EnvProduction, false},
		{strings.Repeat("a", 129), store.EnvSandbox, false},
		{strings.Repeat("a", 128), store.EnvSandbox, true},
	}
	for _, tt := range tests {
		err := ValidateClientID(tt.id, tt.env)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateClientID(%q, %s) = %v, want ok=%v", tt.id, tt.env, err, tt.ok)
		}
		if err != nil {
			mustField(t, err, "clientId")
		}
	}
}

func TestValidateSubClientID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"", true},
		{"3f2b9c1e-8d4a-4e6f-9a1b-2c3d4e5f6a7b", true},
		{"3F2B9C1E-8D4A-4E6F-9A1B-2C3D4E5F6A7B", true},
		{"3f2b9c1e8d4a4e6f9a1b2c3d4e5f6a7b", false},
		{"3f2b9c1e-8d4a-4e6f-9a1b-2c3d4e5f6a7", false},
		{"3f2b9c1e-8d4a-4e6f-9a1b-2c3d4e5f6a7g", false},
		{"{3f2b9c1e-8d4a-4e6f-9a1b-2c3d4e5f6a7}", false},
		{"123", false},
	}
	for _, tt := range tests {
		err := ValidateSubClientID(tt.id)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateSubClientID(%q) = %v, want ok=%v", tt.id, err, tt.ok)
		}
		if err != nil {
			mustField(t, err, "subClientId")
		}
	}
}

func TestValidateUserID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"u", true},
		{"md-user-0123456789abcdef", true},
		{strings.Repeat("u", 300), true},
		{strings.Repeat("u", 301), false},
		{"", false},
		{"  ", false},
		{"line\nbreak", false},
	}
	for _, tt := range tests {
		err := ValidateUserID(tt.id)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateUserID(%q) = %v, want ok=%v", tt.id, err, tt.ok)
		}
		if err != nil {
			mustField(t, err, "userId")
		}
	}
}

func TestParseSecretKindAndCleanSecret(t *testing.T) {
	for _, k := range []string{"client", "webhook", "admin", "Client"} {
		if _, err := ParseSecretKind(k); err != nil {
			t.Errorf("ParseSecretKind(%q): %v", k, err)
		}
	}
	for _, k := range []string{"", "api", "tokenId", "conn/x/tokenId"} {
		_, err := ParseSecretKind(k)
		if err == nil {
			t.Errorf("ParseSecretKind(%q) accepted", k)
			continue
		}
		mustField(t, err, "kind")
	}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"sk_sandbox_abc\n", "sk_sandbox_abc", true},
		{"  sk_live_abc\r\n", "sk_live_abc", true},
		{"", "", false},
		{"\n\n", "", false},
		{"two\nlines", "", false},
		{strings.Repeat("s", MaxSecretLen+1), "", false},
	}
	for _, tt := range tests {
		got, err := CleanSecret(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("CleanSecret(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			mustField(t, err, "secret")
			if strings.Contains(err.Error(), "lines") && strings.Contains(tt.in, "lines") {
				t.Errorf("CleanSecret echoed the secret: %v", err)
			}
		}
	}
}

func TestNewUserID(t *testing.T) {
	a, b := NewUserID(), NewUserID()
	if a == b {
		t.Fatalf("two generated user ids are equal: %s", a)
	}
	for _, id := range []string{a, b} {
		if !strings.HasPrefix(id, "md-user-") || len(id) != len("md-user-")+16 {
			t.Errorf("user id %q is not md-user-<16 hex>", id)
		}
		if err := ValidateUserID(id); err != nil {
			t.Errorf("generated user id %q is invalid: %v", id, err)
		}
	}
}

// mustField checks that err is a *ValidationError about field and counts as store.ErrInvalid.
func mustField(t *testing.T, err error, field string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	if ve.Field != field {
		t.Errorf("error %q names field %q, want %q", err, ve.Field, field)
	}
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("error %q is not store.ErrInvalid", err)
	}
	if strings.Contains(ve.Msg, "\n") {
		t.Errorf("error %q is not one line", err)
	}
}

func TestOperationsNeedAName(t *testing.T) {
	ctx := context.Background()
	d := mustDesk(t, deskOpts(t.TempDir(), store.NewMemoryVault(), nil))
	ps := d.Profiles()
	for name, err := range map[string]error{
		"Use":        second(ps.Use(ctx, " ")),
		"Rename":     second(ps.Rename(ctx, "", "x")),
		"Remove":     second(ps.Remove(ctx, "")),
		"SetSecret":  ps.SetSecret(ctx, "", "client", "s"),
		"Update":     second(ps.Update(ctx, "", ProfileUpdate{})),
		"SubClients": second(ps.ListSubClients(ctx, "")),
	} {
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != "name" {
			t.Errorf("%s with no name: %v", name, err)
		}
	}
	if list, _ := ps.List(ctx); len(list) != 1 || !list[0].Default {
		t.Errorf("profiles changed: %+v", list)
	}
}

func second[T any](_ T, err error) error { return err }
