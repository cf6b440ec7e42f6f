package payuri_test

import (
	"bytes"
	"image/png"
	"math/big"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"meshdesk/internal/testenv"
	"meshdesk/treasury/payuri"
)

// The parsers below are written from the specifications' grammars, independently of the
// builder, so a URI the builder gets wrong does not parse back to what was asked.

// eip681 is a parsed EIP-681 request:
// "ethereum:" ["pay-"] target ["@" chain_id] ["/" function] ["?" params].
type eip681 struct {
	target, chainID, function string
	params                    url.Values
}

var eip681Re = regexp.MustCompile(`^ethereum:(pay-)?(0x[0-9a-fA-F]{40})(?:@([0-9]+))?(?:/([A-Za-z_][A-Za-z0-9_]*))?(?:\?(.*))?$`)

func parseEIP681(t *testing.T, uri string) eip681 {
	t.Helper()
	m := eip681Re.FindStringSubmatch(uri)
	if m == nil {
		t.Fatalf("not an EIP-681 URI: %q", uri)
	}
	q, err := url.ParseQuery(m[5])
	if err != nil {
		t.Fatalf("EIP-681 parameters of %q: %v", uri, err)
	}
	return eip681{target: m[2], chainID: m[3], function: m[4], params: q}
}

// number reads an EIP-681 number (an integer, or a decimal with an exponent such as 2.014e18)
// and requires it to be an integer.
func number(t *testing.T, s string) *big.Int {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok || !r.IsInt() || r.Sign() < 0 {
		t.Fatalf("EIP-681 number %q is not a non-negative integer", s)
	}
	return r.Num()
}

// bip21 is a parsed BIP-21 URI: "bitcoin:" address ["?" params].
type bip21 struct {
	address string
	params  url.Values
}

func parseBIP21(t *testing.T, uri string) bip21 {
	t.Helper()
	rest, ok := strings.CutPrefix(uri, "bitcoin:")
	if !ok {
		t.Fatalf("not a BIP-21 URI: %q", uri)
	}
	addr, query, _ := strings.Cut(rest, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatalf("BIP-21 parameters of %q: %v", uri, err)
	}
	if a := q.Get("amount"); a != "" && !regexp.MustCompile(`^[0-9]+(\.[0-9]{1,8})?$`).MatchString(a) {
		t.Fatalf("BIP-21 amount %q is not decimal BTC with at most 8 places", a)
	}
	return bip21{address: addr, params: q}
}

// solanaPay is a parsed Solana Pay transfer request: "solana:" recipient ["?" params].
type solanaPay struct {
	recipient string
	params    url.Values
}

func parseSolanaPay(t *testing.T, uri string) solanaPay {
	t.Helper()
	rest, ok := strings.CutPrefix(uri, "solana:")
	if !ok {
		t.Fatalf("not a Solana Pay URI: %q", uri)
	}
	rcpt, query, _ := strings.Cut(rest, "?")
	if !regexp.MustCompile(`^[1-9A-HJ-NP-Za-km-z]{32,44}$`).MatchString(rcpt) {
		t.Fatalf("Solana Pay recipient %q is not base58", rcpt)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatalf("Solana Pay parameters of %q: %v", uri, err)
	}
	// "If the value is a decimal number less than 1, it must have a leading 0 … Scientific
	// notation is prohibited."
	if a := q.Get("amount"); a != "" && !regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`).MatchString(a) {
		t.Fatalf("Solana Pay amount %q is not a plain decimal", a)
	}
	return solanaPay{recipient: rcpt, params: q}
}

func ptr[T any](v T) *T { return &v }

func mustBuild(t *testing.T, r payuri.Request) payuri.Result {
	t.Helper()
	res, err := payuri.Build(r)
	if err != nil {
		t.Fatalf("Build(%+v): %v", r, err)
	}
	return res
}

// TestSpecificationExamples builds the requests of the specifications' own examples and
// checks them against the examples, parsed by the independent parsers.
func TestSpecificationExamples(t *testing.T) {
	t.Run("EIP-681 ether payment", func(t *testing.T) {
		// "ethereum:0xfb6916095ca1df60bb79Ce92ce3ea74c37c5d359?value=2.014e18": 2.014 ether.
		spec := parseEIP681(t, "ethereum:0xfb6916095ca1df60bb79Ce92ce3ea74c37c5d359?value=2.014e18")
		res := mustBuild(t, payuri.Request{Network: "Ethereum", Symbol: "ETH", Address: spec.target, Amount: "2.014"})
		got := parseEIP681(t, res.URI)
		if res.Standard != payuri.EIP681 || got.target != spec.target || got.chainID != "1" || got.function != "" {
			t.Fatalf("built %q (%s)", res.URI, res.Standard)
		}
		if number(t, got.params.Get("value")).Cmp(number(t, spec.params.Get("value"))) != 0 {
			t.Fatalf("value %s, the example's %s", got.params.Get("value"), spec.params.Get("value"))
		}
	})
	t.Run("EIP-681 ERC-20 transfer", func(t *testing.T) {
		// "ethereum:0x89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7/transfer?address=0x8e23ee67d1332ad560396262c48ffbb01f93d052&uint256=1"
		spec := parseEIP681(t, "ethereum:0x89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7/transfer?address=0x8e23ee67d1332ad560396262c48ffbb01f93d052&uint256=1")
		res := mustBuild(t, payuri.Request{Network: "Ethereum", Symbol: "UNI", TokenAddress: spec.target, TokenDecimals: ptr(0),
			Address: spec.params.Get("address"), Amount: "1"})
		got := parseEIP681(t, res.URI)
		if got.target != spec.target || got.function != "transfer" || got.chainID != "1" ||
			got.params.Get("address") != spec.params.Get("address") || number(t, got.params.Get("uint256")).Cmp(number(t, spec.params.Get("uint256"))) != 0 {
			t.Fatalf("built %q, the example %+v", res.URI, spec)
		}
	})
	for _, ex := range []struct {
		name string
		req  payuri.Request
		uri  string
	}{
		{"BIP-21 address only", payuri.Request{Network: "Bitcoin", Symbol: "BTC", Address: "175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W"},
			"bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W"},
		{"BIP-21 label", payuri.Request{Network: "Bitcoin", Address: "175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W", Label: "Luke-Jr"},
			"bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?label=Luke-Jr"},
		{"BIP-21 amount and label", payuri.Request{Network: "Bitcoin", Symbol: "BTC", Address: "175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W", Amount: "20.3", Label: "Luke-Jr"},
			"bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?amount=20.3&label=Luke-Jr"},
		{"BIP-21 message", payuri.Request{Network: "Bitcoin", Symbol: "BTC", Address: "175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W", Amount: "50", Label: "Luke-Jr", Message: "Donation for project xyz"},
			"bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?amount=50&label=Luke-Jr&message=Donation%20for%20project%20xyz"},
		{"Solana Pay SOL", payuri.Request{Network: "Solana", Symbol: "SOL", Address: "mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN", Amount: "1", Label: "Michael", Message: "Thanks for all the fish", Memo: "OrderId12345"},
			"solana:mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN?amount=1&label=Michael&message=Thanks%20for%20all%20the%20fish&memo=OrderId12345"},
		{"Solana Pay USDC", payuri.Request{Network: "Solana", Symbol: "USDC", Address: "mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN", Amount: "0.01"},
			"solana:mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN?amount=0.01&spl-token=EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"},
		{"Solana Pay recipient only", payuri.Request{Network: "Solana", Address: "mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN"},
			"solana:mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN"},
	} {
		t.Run(ex.name, func(t *testing.T) {
			res := mustBuild(t, ex.req)
			if res.URI != ex.uri {
				t.Fatalf("built %q\nexample %q", res.URI, ex.uri)
			}
			// And the parsers read both the same way.
			if strings.HasPrefix(ex.uri, "bitcoin:") {
				a, b := parseBIP21(t, res.URI), parseBIP21(t, ex.uri)
				if a.address != b.address || a.params.Encode() != b.params.Encode() {
					t.Fatalf("parsed %+v, example %+v", a, b)
				}
			} else {
				a, b := parseSolanaPay(t, res.URI), parseSolanaPay(t, ex.uri)
				if a.recipient != b.recipient || a.params.Encode() != b.params.Encode() {
					t.Fatalf("parsed %+v, example %+v", a, b)
				}
			}
		})
	}
}

func TestBuildRequests(t *testing.T) {
	const evm = "0x52908400098527886E0F7030069857D2E4169EE7"
	const sol = "FvJ8k8HhXp4a3zQyFMZd4FvEqcYdYE7gSZWxrEBRfBsB"
	for _, tc := range []struct {
		name  string
		req   payuri.Request
		std   payuri.Standard
		check func(t *testing.T, res payuri.Result)
	}{
		{"ether amount exactly as Mesh sent it, in wei", payuri.Request{Network: "Ethereum", Symbol: "ETH", Address: evm, Amount: "0.004786046226555188"}, payuri.EIP681,
			func(t *testing.T, res payuri.Result) {
				p := parseEIP681(t, res.URI)
				if p.params.Get("value") != "4786046226555188" || res.Amount != "0.004786046226555188" {
					t.Fatalf("value %s amount %s", p.params.Get("value"), res.Amount)
				}
			}},
		{"exponent amount", payuri.Request{Network: "Base", Symbol: "ETH", Address: evm, Amount: "1e-7"}, payuri.EIP681,
			func(t *testing.T, res payuri.Result) {
				p := parseEIP681(t, res.URI)
				if p.chainID != "8453" || p.params.Get("value") != "100000000000" || res.Amount != "0.0000001" {
					t.Fatalf("%q amount %s", res.URI, res.Amount)
				}
			}},
		{"USDC on Ethereum from the table", payuri.Request{Network: "Ethereum", Symbol: "USDC", Address: evm, Amount: "99.99"}, payuri.EIP681,
			func(t *testing.T, res payuri.Result) {
				p := parseEIP681(t, res.URI)
				if p.target != "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48" || p.function != "transfer" || p.params.Get("uint256") != "99990000" ||
					!strings.EqualFold(p.params.Get("address"), evm) || !strings.Contains(res.Reason, "no tokenAddress") {
					t.Fatalf("%q: %s", res.URI, res.Reason)
				}
			}},
		{"MATIC is Polygon's native asset", payuri.Request{Network: "Polygon", Symbol: "MATIC", Address: evm, Amount: "2"}, payuri.EIP681,
			func(t *testing.T, res payuri.Result) {
				if p := parseEIP681(t, res.URI); p.chainID != "137" || p.function != "" || p.params.Get("value") != "2000000000000000000" {
					t.Fatalf("%q", res.URI)
				}
			}},
		{"USDT on BNB Chain has 18 decimals", payuri.Request{Network: "BNB Chain", Symbol: "USDT", Address: evm, Amount: "5"}, payuri.EIP681,
			func(t *testing.T, res payuri.Result) {
				if p := parseEIP681(t, res.URI); p.chainID != "56" || p.params.Get("uint256") != "5000000000000000000" {
					t.Fatalf("%q", res.URI)
				}
			}},
		{"token from Mesh's tokenAddress", payuri.Request{Network: "Polygon", Symbol: "USDC", TokenAddress: "0x3C499c542cEF5E3811e1192ce70d8cC03d5c3359", Address: evm, Amount: "1.5"}, payuri.EIP681,
			func(t *testing.T, res payuri.Result) {
				if p := parseEIP681(t, res.URI); p.target != "0x3C499c542cEF5E3811e1192ce70d8cC03d5c3359" || p.chainID != "137" || p.params.Get("uint256") != "1500000" {
					t.Fatalf("%q", res.URI)
				}
			}},
		{"unknown token contract falls back", payuri.Request{Network: "Ethereum", Symbol: "FOO", TokenAddress: "0x1111111111111111111111111111111111111111", Address: evm, Amount: "3"}, payuri.Plain,
			func(t *testing.T, res payuri.Result) {
				if res.URI != evm || !strings.Contains(res.Reason, "decimals of FOO") || res.Amount != "3" {
					t.Fatalf("%+v", res)
				}
			}},
		{"unknown token symbol falls back", payuri.Request{Network: "Arbitrum", Symbol: "PEPE", Address: evm}, payuri.Plain,
			func(t *testing.T, res payuri.Result) {
				if !strings.Contains(res.Reason, "no token contract") {
					t.Fatalf("%+v", res)
				}
			}},
		{"SPL token without a known mint falls back, never asks for SOL", payuri.Request{Network: "Solana", Symbol: "BONK", Address: sol, Amount: "10"}, payuri.Plain,
			func(t *testing.T, res payuri.Result) {
				if res.URI != sol || !strings.Contains(res.Reason, "would ask for SOL") {
					t.Fatalf("%+v", res)
				}
			}},
		{"SPL token with Mesh's mint", payuri.Request{Network: "Solana", Symbol: "BONK", TokenAddress: "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263", Address: sol, Amount: "10.25"}, payuri.SolanaPay,
			func(t *testing.T, res payuri.Result) {
				p := parseSolanaPay(t, res.URI)
				if p.params.Get("spl-token") != "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263" || p.params.Get("amount") != "10.25" {
					t.Fatalf("%q", res.URI)
				}
			}},
		{"Bitcoin small amount in plain notation", payuri.Request{Network: "Bitcoin", Symbol: "BTC", Address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", Amount: "5e-8"}, payuri.BIP21,
			func(t *testing.T, res payuri.Result) {
				if p := parseBIP21(t, res.URI); p.params.Get("amount") != "0.00000005" {
					t.Fatalf("%q", res.URI)
				}
			}},
		{"Tron has no standard", payuri.Request{Network: "Tron", Symbol: "USDT", Address: "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", Amount: "12"}, payuri.Plain,
			func(t *testing.T, res payuri.Result) {
				if res.URI != "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7" || !strings.Contains(res.Reason, "Tron has no widely supported") {
					t.Fatalf("%+v", res)
				}
			}},
		{"unknown network", payuri.Request{Network: "Mystery", Address: "abc123", Amount: "1"}, payuri.Plain,
			func(t *testing.T, res payuri.Result) {
				if !strings.Contains(res.Reason, `"Mystery"`) {
					t.Fatalf("%+v", res)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustBuild(t, tc.req)
			if res.Standard != tc.std || res.Reason == "" {
				t.Fatalf("standard %q (%s), want %q", res.Standard, res.Reason, tc.std)
			}
			tc.check(t, res)
		})
	}
}

func TestBuildRefusesBadRequests(t *testing.T) {
	const evm = "0x52908400098527886E0F7030069857D2E4169EE7"
	for _, tc := range []struct {
		name string
		req  payuri.Request
		want string
	}{
		{"no address", payuri.Request{Network: "Ethereum", Symbol: "ETH"}, "no address"},
		{"EVM address on Bitcoin", payuri.Request{Network: "Bitcoin", Address: evm}, "not a Bitcoin address"},
		{"short EVM address", payuri.Request{Network: "Ethereum", Address: "0x1234"}, "not a Ethereum address"},
		{"address with a query", payuri.Request{Network: "Mystery", Address: "abc?amount=1"}, "not a single address"},
		{"negative amount", payuri.Request{Network: "Ethereum", Address: evm, Amount: "-1"}, "not a plain decimal"},
		{"zero amount", payuri.Request{Network: "Ethereum", Address: evm, Amount: "0.000"}, "more than 0"},
		{"comma decimal", payuri.Request{Network: "Ethereum", Address: evm, Amount: "1,5"}, "not a plain decimal"},
		{"hex amount", payuri.Request{Network: "Ethereum", Address: evm, Amount: "0x10"}, "not a plain decimal"},
		{"more places than wei", payuri.Request{Network: "Ethereum", Symbol: "ETH", Address: evm, Amount: "0.0000000000000000001"}, "decimal places"},
		{"more places than USDC", payuri.Request{Network: "Ethereum", Symbol: "USDC", Address: evm, Amount: "1.0000001"}, "decimal places"},
		{"more places than satoshi", payuri.Request{Network: "Bitcoin", Symbol: "BTC", Address: "175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W", Amount: "0.000000001"}, "decimal places"},
		{"more places than lamports", payuri.Request{Network: "Solana", Symbol: "SOL", Address: "mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN", Amount: "0.0000000001"}, "decimal places"},
		{"absurd amount", payuri.Request{Network: "Ethereum", Address: evm, Amount: "1e999"}, "too many digits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := payuri.Build(tc.req)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		in, str string
		wei     string
	}{
		{"1", "1", "1000000000000000000"},
		{"1.50", "1.5", "1500000000000000000"},
		{"0.004786046226555188", "0.004786046226555188", "4786046226555188"},
		{"2.014e18", "2014000000000000000", "2014000000000000000000000000000000000"},
		{"1E-18", "0.000000000000000001", "1"},
		{"12345678901234567890", "12345678901234567890", "12345678901234567890000000000000000000"},
		{"000.000", "0", "0"},
	} {
		d, err := payuri.ParseDecimal(tc.in)
		if err != nil {
			t.Fatalf("ParseDecimal(%q): %v", tc.in, err)
		}
		wei, err := d.BaseUnits(18)
		if d.String() != tc.str || err != nil || wei.String() != tc.wei {
			t.Errorf("%q → %s, wei %v (%v); want %s, %s", tc.in, d, wei, err, tc.str, tc.wei)
		}
	}
	a, _ := payuri.ParseDecimal("0.10")
	b, _ := payuri.ParseDecimal("1e-1")
	if a.Cmp(b) != 0 {
		t.Error("0.10 != 1e-1")
	}
}

func TestCheckTxHash(t *testing.T) {
	sig := strings.Repeat("5", 44) + strings.Repeat("K", 44)
	for _, tc := range []struct {
		network, hash string
		ok            bool
	}{
		{"Ethereum", "0x" + strings.Repeat("ab", 32), true},
		{"Polygon", strings.Repeat("ab", 32), false}, // EVM needs the 0x
		{"Base", "0x" + strings.Repeat("ab", 31), false},
		{"Bitcoin", strings.Repeat("0f", 32), true},
		{"Bitcoin", "0x" + strings.Repeat("0f", 32), false},
		{"Solana", sig, true},
		{"Solana", sig[:86], false},
		{"Solana", strings.Repeat("0", 88), false}, // 0 is not base58
		{"Tron", strings.Repeat("a", 64), true},
		{"Mystery", "abc-123_XYZ", true},
		{"Mystery", "short", false},
		{"Mystery", "has space inside", false},
		{"Ethereum", "", false},
	} {
		if err := payuri.CheckTxHash(tc.network, tc.hash); (err == nil) != tc.ok {
			t.Errorf("CheckTxHash(%s, %q) = %v, want ok=%v", tc.network, tc.hash, err, tc.ok)
		}
	}
}

// zbarimg is Debian's QR decoder (zbar-tools): independent of the encoder.
func zbarimg(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("zbarimg")
	testenv.Need(t, err == nil, "zbarimg (apt-get install zbar-tools)")
	return p
}

// mustDecodeQR decodes the one QR code in a PNG with zbarimg.
func mustDecodeQR(t *testing.T, pngBytes []byte) string {
	t.Helper()
	bin := zbarimg(t)
	f := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(f, pngBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.TrimSuffix(string(out), "\n")
}

func TestQRCodesDecodeBack(t *testing.T) {
	uris := []string{
		"ethereum:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48@1/transfer?address=0x52908400098527886E0F7030069857D2E4169EE7&uint256=99990000",
		"bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?amount=50&label=Luke-Jr&message=Donation%20for%20project%20xyz",
		"solana:mvines9iiHiQTysrwkJjGf2gb9Ex9jXJX8ns3qwf2kN?amount=0.01&spl-token=EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
		"TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7",
	}
	for _, uri := range uris {
		b, err := payuri.QRPNG(uri)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("not a PNG: %v", err)
		}
		if got := mustDecodeQR(t, b); got != uri {
			t.Errorf("QR decodes to %q, want %q", got, uri)
		}
		// The data URL carries the same PNG.
		du, err := payuri.QRDataURL(uri)
		if err != nil || !strings.HasPrefix(du, "data:image/png;base64,") {
			t.Fatalf("data URL: %.40s… %v", du, err)
		}
	}
}

// TestTerminalQRDecodesBack redraws the terminal rendering as an image (light blocks white,
// spaces black) and decodes it, so what a phone sees on a terminal is checked too.
func TestTerminalQRDecodesBack(t *testing.T) {
	uri := "bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?amount=20.3&label=Luke-Jr"
	text, err := payuri.QRTerminal(uri)
	if err != nil {
		t.Fatal(err)
	}
	img := terminalImage(t, text)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if got := mustDecodeQR(t, buf.Bytes()); got != uri {
		t.Fatalf("terminal QR decodes to %q", got)
	}
}
