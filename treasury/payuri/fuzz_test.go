package payuri_test

import (
	"math/big"
	"strings"
	"testing"

	"meshdesk/treasury/payuri"
)

// FuzzParseDecimal checks that any string either fails to parse or parses to a number whose
// plain form parses back to the same number, agrees with math/big's reading of the input, and
// turns into base units exactly when it has no more places than asked for.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1", "0.004786046226555188", "2.014e18", "1e-7", "000.0100", "12345678901234567890", "1E+3", "-1", "1,5", ".5", "5.", "1e99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := payuri.ParseDecimal(s)
		if err != nil {
			return
		}
		back, err := payuri.ParseDecimal(d.String())
		if err != nil || back.Cmp(d) != 0 || back.String() != d.String() {
			t.Fatalf("%q → %s → %s (%v)", s, d, back, err)
		}
		if strings.ContainsAny(d.String(), "eE+-") {
			t.Fatalf("%q printed as %s: not plain", s, d)
		}
		want, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		got, _ := new(big.Rat).SetString(d.String())
		if !ok || want.Cmp(got) != 0 {
			t.Fatalf("%q read as %s; math/big reads %v", s, d, want)
		}
		units, err := d.BaseUnits(18)
		if (err == nil) != (d.Places() <= 18) {
			t.Fatalf("%s: base units error %v with %d places", d, err, d.Places())
		}
		if err == nil {
			scaled := new(big.Rat).Mul(got, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)))
			if !scaled.IsInt() || scaled.Num().Cmp(units) != 0 {
				t.Fatalf("%s: %s base units, want %s", d, units, scaled)
			}
		}
	})
}

// BenchmarkBuildAndQR measures one refund panel's payment request and PNG QR code; it
// reports the process's CPU time per request too (wall time is unreliable on a shared machine).
func BenchmarkBuildAndQR(b *testing.B) {
	req := payuri.Request{Network: "Ethereum", Symbol: "USDC", Address: "0x52908400098527886E0F7030069857D2E4169EE7", Amount: "1234.567891"}
	cpu0 := cpuTime()
	n := 0
	defer func() {
		if n > 0 {
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
		}
	}()
	for b.Loop() {
		n++
		res, err := payuri.Build(req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := payuri.QRDataURL(res.URI); err != nil {
			b.Fatal(err)
		}
	}
}
