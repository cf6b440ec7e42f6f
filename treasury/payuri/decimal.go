package payuri

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Decimal is an exact non-negative decimal number: Coef × 10^-Scale. Amounts are kept this way
// from the JSON literal Mesh sent to the URI, so no float ever rounds a payment request.
type Decimal struct {
	coef  *big.Int
	scale int // digits after the point; never negative
}

var decimalRe = regexp.MustCompile(`^([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]{1,4}))?$`)

// maxDigits bounds the digits of an amount (a uint256 has 78).
const maxDigits = 90

// ParseDecimal reads a non-negative decimal as JSON or a person writes it: "1", "0.5",
// "1.50", "2.014e18", "1e-7". Signs, spaces, commas, hex and more than 90 digits are refused.
func ParseDecimal(s string) (Decimal, error) {
	m := decimalRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Decimal{}, fmt.Errorf("amount %q is not a plain decimal number (like 0.25)", s)
	}
	digits := strings.TrimLeft(m[1]+m[2], "0")
	scale := len(m[2])
	if m[3] != "" {
		// strconv, not fmt.Sscan: Sscan reads "08" as a malformed octal number (and 0).
		exp, err := strconv.Atoi(m[3])
		if err != nil {
			return Decimal{}, fmt.Errorf("amount %q has an exponent out of range", s)
		}
		scale -= exp
	}
	if len(digits) > maxDigits || scale > maxDigits || len(digits)-scale > maxDigits {
		return Decimal{}, fmt.Errorf("amount %q has too many digits", s)
	}
	coef := new(big.Int)
	if digits != "" {
		coef.SetString(digits, 10)
	}
	if scale < 0 { // a positive exponent beyond the fraction: scale up to an integer
		coef.Mul(coef, pow10(-scale))
		scale = 0
	}
	return Decimal{coef: coef, scale: scale}.normalized(), nil
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// normalized drops trailing zeros of the fraction.
func (d Decimal) normalized() Decimal {
	c := new(big.Int).Set(d.c())
	s := d.scale
	ten, r := big.NewInt(10), new(big.Int)
	for s > 0 {
		q, m := new(big.Int).QuoRem(c, ten, r)
		if m.Sign() != 0 {
			break
		}
		c, s = q, s-1
	}
	return Decimal{coef: c, scale: s}
}

func (d Decimal) c() *big.Int {
	if d.coef == nil {
		return new(big.Int)
	}
	return d.coef
}

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.c().Sign() == 0 }

// Places is how many digits d has after the point.
func (d Decimal) Places() int { return d.scale }

// String writes d in plain notation with a leading 0 before the point and no trailing zeros
// ("0.01", "20.3", "1"), as BIP-21 and Solana Pay want it.
func (d Decimal) String() string {
	s := d.c().String()
	if d.scale == 0 {
		return s
	}
	if len(s) <= d.scale {
		s = strings.Repeat("0", d.scale-len(s)+1) + s
	}
	return s[:len(s)-d.scale] + "." + s[len(s)-d.scale:]
}

// BaseUnits is d × 10^decimals as an integer (wei for 18, a USDC unit for 6); it fails when d
// has more decimal places than the asset can hold, since rounding would change the payment.
func (d Decimal) BaseUnits(decimals int) (*big.Int, error) {
	if d.scale > decimals {
		return nil, fmt.Errorf("amount %s has %d decimal places; the asset has %d", d, d.scale, decimals)
	}
	return new(big.Int).Mul(d.c(), pow10(decimals-d.scale)), nil
}

// Cmp compares d with e (-1, 0, +1).
func (d Decimal) Cmp(e Decimal) int {
	s := max(d.scale, e.scale)
	a := new(big.Int).Mul(d.c(), pow10(s-d.scale))
	b := new(big.Int).Mul(e.c(), pow10(s-e.scale))
	return a.Cmp(b)
}
