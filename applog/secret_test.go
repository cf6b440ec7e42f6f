package applog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const plain = "sk_live_do-not-print-me"

type withSecret struct {
	Name  string
	Token Secret `json:"token"`
}

func TestSecretNeverPrints(t *testing.T) {
	s := Secret(plain)
	cases := []struct {
		name string
		out  func() string
	}{
		{"String", func() string { return s.String() }},
		{"GoString", func() string { return s.GoString() }},
		{"%s", func() string { return fmt.Sprintf("%s", s) }},
		{"%v", func() string { return fmt.Sprintf("%v", s) }},
		{"%+v", func() string { return fmt.Sprintf("%+v", s) }},
		{"%#v", func() string { return fmt.Sprintf("%#v", s) }},
		{"%q", func() string { return fmt.Sprintf("%q", s) }},
		{"%x", func() string { return fmt.Sprintf("%x", s) }},
		{"%X", func() string { return fmt.Sprintf("%X", s) }},
		{"%10s", func() string { return fmt.Sprintf("%10s", s) }},
		{"%d", func() string { return fmt.Sprintf("%d", s) }},
		{"Sprint", func() string { return fmt.Sprint(s) }},
		{"Sprintln", func() string { return fmt.Sprintln(s) }},
		{"pointer %v", func() string { return fmt.Sprintf("%v", &s) }},
		{"struct %v", func() string { return fmt.Sprintf("%v", withSecret{"a", s}) }},
		{"struct %+v", func() string { return fmt.Sprintf("%+v", withSecret{"a", s}) }},
		{"struct %#v", func() string { return fmt.Sprintf("%#v", withSecret{"a", s}) }},
		{"slice", func() string { return fmt.Sprint([]Secret{s, s}) }},
		{"map value", func() string { return fmt.Sprint(map[string]Secret{"k": s}) }},
		{"any", func() string { var a any = s; return fmt.Sprintf("%v", a) }},
		{"wrapped error", func() string { return fmt.Errorf("login %v: %w", s, errors.New("denied")).Error() }},
		{"json", func() string { b, err := json.Marshal(s); mustNoErr(t, err); return string(b) }},
		{"json struct", func() string { b, err := json.Marshal(withSecret{"a", s}); mustNoErr(t, err); return string(b) }},
		{"MarshalText", func() string { b, err := s.MarshalText(); mustNoErr(t, err); return string(b) }},
		{"slog text", func() string { return logWith(t, false, slog.Any("token", s)) }},
		{"slog json", func() string { return logWith(t, true, slog.Any("token", s)) }},
		{"slog text struct", func() string { return logWith(t, false, slog.Any("req", withSecret{"a", s})) }},
		{"slog json struct", func() string { return logWith(t, true, slog.Any("req", withSecret{"a", s})) }},
		{"slog group", func() string { return logWith(t, true, slog.Group("g", slog.Any("token", s))) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := c.out()
			if strings.Contains(out, plain) || strings.Contains(out, fmt.Sprintf("%x", plain)) {
				t.Fatalf("secret leaked: %s", out)
			}
			if !strings.Contains(out, Redacted) {
				t.Fatalf("output %q does not say %s", out, Redacted)
			}
		})
	}
}

func TestSecretRevealAndDecode(t *testing.T) {
	s := Secret(plain)
	if s.Reveal() != plain {
		t.Fatalf("Reveal = %q", s.Reveal())
	}
	if s.IsZero() || !Secret("").IsZero() {
		t.Fatal("IsZero wrong")
	}
	var v withSecret
	if err := json.Unmarshal([]byte(`{"Name":"x","token":"`+plain+`"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.Token.Reveal() != plain {
		t.Fatalf("decoded token = %q, want the real value", v.Token.Reveal())
	}
}

func logWith(t *testing.T, asJSON bool, attr slog.Attr) string {
	t.Helper()
	var buf bytes.Buffer
	var h slog.Handler = slog.NewTextHandler(&buf, nil)
	if asJSON {
		h = slog.NewJSONHandler(&buf, nil)
	}
	slog.New(h).Info("call", attr)
	return buf.String()
}

func mustNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
