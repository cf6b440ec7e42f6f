package mesh

import (
	"math"
	"regexp"
	"unicode/utf8"
)

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsUUID reports whether s is a UUID in the 8-4-4-4-12 hex form Mesh uses for ids.
func IsUUID(s string) bool { return uuidRE.MatchString(s) }

func (v *validator) uuid(field, s string, required bool) {
	switch {
	case s == "" && required:
		v.add(field, "is required")
	case s != "" && !IsUUID(s):
		v.add(field, "must be a UUID (like 18a20b11-e47f-43b9-8546-94284e9ee547)")
	}
}

func (v *validator) length(field, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < min && min == 1:
		v.add(field, "is required")
	case n < min:
		v.add(field, "must be at least %d characters", min)
	case max > 0 && n > max:
		v.add(field, "must be at most %d characters (got %d)", max, n)
	}
}

func (v *validator) required(field, s string) {
	if s == "" {
		v.add(field, "is required")
	}
}

func (v *validator) positive(field string, f *float64) {
	if f == nil {
		return
	}
	if math.IsNaN(*f) || math.IsInf(*f, 0) || *f <= 0 {
		v.add(field, "must be a number greater than 0")
	}
}

func (v *validator) finite(field string, f *float64) {
	if f != nil && (math.IsNaN(*f) || math.IsInf(*f, 0)) {
		v.add(field, "must be a finite number")
	}
}

func (v *validator) broker(field string, b BrokerType, required bool) {
	switch {
	case b == "" && required:
		v.add(field, "is required")
	case b != "" && !b.Valid():
		v.add(field, "%q is not a Mesh integration type", string(b))
	}
}
