package mesh

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"golang.org/x/crypto/sha3"
)

// AddressError explains why an address is not valid on a network type.
type AddressError struct {
	// Network is the network type the address was checked against.
	Network NetworkType
	// Reason says what is wrong, in words fit for a form field.
	Reason string
}

// Error is "invalid <network> address: <reason>".
func (e *AddressError) Error() string {
	return fmt.Sprintf("invalid %s address: %s", e.Network, e.Reason)
}

func addressMsg(err error) string {
	var ae *AddressError
	if errors.As(err, &ae) {
		return ae.Reason
	}
	return err.Error()
}

// ValidateAddress checks that address is well-formed for networkType (the
// networkType of GET /api/v1/transfers/managed/networks), including its
// checksum where the format has one:
//
//   - evm: 0x + 40 hex; mixed case must match the EIP-55 checksum
//   - solana: base58 of 32 bytes
//   - bitcoin: base58check P2PKH/P2SH, bech32 (v0) or bech32m (v1+), main and test nets
//   - litecoin, dogecoin: base58check with their version bytes; litecoin also ltc1/tltc1 bech32
//   - tron: base58check, version 0x41 (T…)
//   - cardano: Shelley bech32 (addr1…, addr_test1…, stake…) or Byron base58 (Ae2…, DdzFF…)
//   - ripple: classic r… (XRP alphabet base58check) or X-address
//   - stellar: StrKey G… account or M… muxed account, CRC16 checked
//   - sui, aptos: 0x + 64 hex
//   - tezos: tz1/tz2/tz3/tz4/KT1 base58check
//   - avalancheX: [X-]avax1… / fuji1… bech32
//   - injective: inj1… bech32
//   - tvm (TON): raw wc:hex64 or 48-character user-friendly form, CRC16 checked
//   - unknown or any other type: non-empty, no spaces, at most 256 characters
func ValidateAddress(networkType NetworkType, address string) error {
	fail := func(format string, args ...any) error {
		return &AddressError{Network: networkType, Reason: fmt.Sprintf(format, args...)}
	}
	if address == "" {
		return fail("is empty")
	}
	if strings.TrimSpace(address) != address || strings.ContainsAny(address, " \t\r\n") {
		return fail("contains spaces")
	}
	if len(address) > 256 {
		return fail("is too long")
	}
	var reason string
	switch networkType {
	case NetworkTypeEvm:
		reason = checkEVM(address)
	case NetworkTypeSolana:
		reason = checkSolana(address)
	case NetworkTypeBitcoin:
		reason = checkUTXO(address, []byte{0x00, 0x05, 0x6f, 0xc4}, []string{"bc", "tb", "bcrt"})
	case NetworkTypeLitecoin:
		reason = checkUTXO(address, []byte{0x30, 0x32, 0x05, 0x6f, 0x3a, 0xc4}, []string{"ltc", "tltc"})
	case NetworkTypeDogecoin:
		reason = checkUTXO(address, []byte{0x1e, 0x16, 0x71, 0xc4}, nil)
	case NetworkTypeTron:
		reason = checkTron(address)
	case NetworkTypeCardano:
		reason = checkCardano(address)
	case NetworkTypeRipple:
		reason = checkRipple(address)
	case NetworkTypeStellar:
		reason = checkStellar(address)
	case NetworkTypeSui, NetworkTypeAptos:
		if !hex64RE.MatchString(address) {
			reason = "must be 0x followed by 64 hex digits"
		}
	case NetworkTypeTezos:
		reason = checkTezos(address)
	case NetworkTypeAvalancheX:
		a := strings.TrimPrefix(address, "X-")
		reason = checkBech32Account(a, []string{"avax", "fuji", "local"}, []int{20})
	case NetworkTypeInjective:
		reason = checkBech32Account(address, []string{"inj"}, []int{20, 32})
	case NetworkTypeTvm:
		reason = checkTON(address)
	}
	if reason != "" {
		return fail("%s", reason)
	}
	return nil
}

var (
	evmRE   = regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`)
	hex64RE = regexp.MustCompile(`^0x[0-9a-fA-F]{64}$`)
	tonRaw  = regexp.MustCompile(`^-?[0-9]{1,3}:[0-9a-fA-F]{64}$`)
)

func checkEVM(a string) string {
	if !evmRE.MatchString(a) {
		return "must be 0x followed by 40 hex digits"
	}
	body := a[2:]
	if body == strings.ToLower(body) || body == strings.ToUpper(body) {
		return "" // no checksum encoded
	}
	if EIP55(a) != a {
		return "has a wrong EIP-55 checksum (check upper/lower case, or paste it again)"
	}
	return ""
}

// EIP55 returns an 0x-prefixed 40-hex-digit address in its EIP-55
// mixed-case checksum form (other input is returned unchanged).
func EIP55(a string) string {
	if !evmRE.MatchString(a) {
		return a
	}
	lower := strings.ToLower(a[2:])
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(lower))
	sum := h.Sum(nil)
	out := []byte(lower)
	for i, c := range out {
		if c >= 'a' && c <= 'f' {
			nibble := sum[i/2]
			if i%2 == 0 {
				nibble >>= 4
			}
			if nibble&0x0f >= 8 {
				out[i] = c - 32
			}
		}
	}
	return "0x" + string(out)
}

const (
	btcAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	xrpAlphabet = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"
)

// base58Decode decodes s in the given alphabet; false on a bad character.
func base58Decode(s, alphabet string) ([]byte, bool) {
	if s == "" {
		return nil, false
	}
	n := new(big.Int)
	radix := big.NewInt(58)
	for _, r := range s {
		i := strings.IndexRune(alphabet, r)
		if i < 0 {
			return nil, false
		}
		n.Mul(n, radix)
		n.Add(n, big.NewInt(int64(i)))
	}
	b := n.Bytes()
	zeros := 0
	for zeros < len(s) && s[zeros] == alphabet[0] {
		zeros++
	}
	return append(make([]byte, zeros), b...), true
}

// base58Check decodes and verifies the 4-byte double-SHA256 checksum,
// returning the payload (version bytes included).
func base58Check(s, alphabet string) ([]byte, string) {
	b, ok := base58Decode(s, alphabet)
	if !ok {
		return nil, "contains characters that are not base58"
	}
	if len(b) < 5 {
		return nil, "is too short"
	}
	payload, sum := b[:len(b)-4], b[len(b)-4:]
	h1 := sha256.Sum256(payload)
	h2 := sha256.Sum256(h1[:])
	if !bytes.Equal(h2[:4], sum) {
		return nil, "has a wrong checksum (a character is mistyped)"
	}
	return payload, ""
}

func checkSolana(a string) string {
	if len(a) < 32 || len(a) > 44 {
		return "must be 32 to 44 base58 characters"
	}
	b, ok := base58Decode(a, btcAlphabet)
	if !ok {
		return "contains characters that are not base58"
	}
	if len(b) != 32 {
		return "does not decode to a 32-byte public key"
	}
	return ""
}

// checkUTXO accepts base58check with one of versions (20-byte hash) or a
// segwit address with one of hrps.
func checkUTXO(a string, versions []byte, hrps []string) string {
	if i := strings.LastIndexByte(a, '1'); i > 0 && len(hrps) > 0 {
		hrp := strings.ToLower(a[:i])
		for _, h := range hrps {
			if hrp == h {
				return checkSegwit(a, h)
			}
		}
	}
	p, reason := base58Check(a, btcAlphabet)
	if reason != "" {
		return reason
	}
	if len(p) != 21 || bytes.IndexByte(versions, p[0]) < 0 {
		return "is not an address of this network"
	}
	return ""
}

func checkSegwit(a, hrp string) string {
	gotHRP, data, variant, reason := bech32Decode(a, 90)
	if reason != "" {
		return reason
	}
	if gotHRP != hrp || len(data) < 1 {
		return "is not an address of this network"
	}
	ver := data[0]
	prog, ok := convertBits(data[1:], 5, 8, false)
	if !ok || ver > 16 || len(prog) < 2 || len(prog) > 40 {
		return "is not a valid segwit address"
	}
	if ver == 0 && len(prog) != 20 && len(prog) != 32 {
		return "is not a valid segwit v0 address"
	}
	if (ver == 0 && variant != bech32Const) || (ver != 0 && variant != bech32mConst) {
		return "has a wrong checksum (a character is mistyped)"
	}
	return ""
}

func checkTron(a string) string {
	if len(a) != 34 || a[0] != 'T' {
		return "must be 34 characters starting with T"
	}
	p, reason := base58Check(a, btcAlphabet)
	if reason != "" {
		return reason
	}
	if len(p) != 21 || p[0] != 0x41 {
		return "is not a Tron address"
	}
	return ""
}

func checkCardano(a string) string {
	if strings.HasPrefix(a, "addr") || strings.HasPrefix(a, "stake") {
		hrp, data, variant, reason := bech32Decode(a, 0)
		if reason != "" {
			return reason
		}
		if variant != bech32Const {
			return "has a wrong checksum (a character is mistyped)"
		}
		switch hrp {
		case "addr", "addr_test", "stake", "stake_test":
		default:
			return "is not a Cardano address"
		}
		if b, ok := convertBits(data, 5, 8, false); !ok || len(b) < 29 {
			return "is too short for a Cardano address"
		}
		return ""
	}
	if strings.HasPrefix(a, "Ae2") || strings.HasPrefix(a, "DdzFF") {
		if b, ok := base58Decode(a, btcAlphabet); !ok || len(b) < 30 {
			return "is not a valid Byron address"
		}
		return ""
	}
	return "must start with addr1 (or a Byron Ae2/DdzFF address)"
}

func checkRipple(a string) string {
	switch {
	case strings.HasPrefix(a, "r"):
		p, reason := base58Check(a, xrpAlphabet)
		if reason != "" {
			return reason
		}
		if len(p) != 21 || p[0] != 0 {
			return "is not an XRP account address"
		}
		return ""
	case strings.HasPrefix(a, "X") || strings.HasPrefix(a, "T"):
		p, reason := base58Check(a, xrpAlphabet)
		if reason != "" {
			return reason
		}
		if len(p) != 31 || !(p[0] == 0x05 && p[1] == 0x44 || p[0] == 0x04 && p[1] == 0x93) {
			return "is not an XRP X-address"
		}
		return ""
	}
	return "must start with r (or be an X-address)"
}

// crc16XModem is CRC-16/XMODEM (poly 0x1021, init 0), used by Stellar and TON.
func crc16XModem(b []byte) uint16 {
	var crc uint16
	for _, c := range b {
		crc ^= uint16(c) << 8
		for i := 0; i < 8; i++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

func checkStellar(a string) string {
	var version byte
	var size int
	switch {
	case len(a) == 56 && a[0] == 'G':
		version, size = 6<<3, 35
	case len(a) == 69 && a[0] == 'M':
		version, size = 12<<3, 43
	default:
		return "must be a 56-character G… account (or 69-character M… muxed account)"
	}
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(a)
	if err != nil || len(b) != size {
		return "is not valid base32"
	}
	if b[0] != version {
		return "is not a Stellar account"
	}
	body, sum := b[:len(b)-2], b[len(b)-2:]
	if binary.LittleEndian.Uint16(sum) != crc16XModem(body) {
		return "has a wrong checksum (a character is mistyped)"
	}
	return ""
}

func checkTezos(a string) string {
	prefixes := [][]byte{{0x06, 0xa1, 0x9f}, {0x06, 0xa1, 0xa1}, {0x06, 0xa1, 0xa4}, {0x06, 0xa1, 0xa6}, {0x02, 0x5a, 0x79}}
	if len(a) != 36 || !(strings.HasPrefix(a, "tz") || strings.HasPrefix(a, "KT1")) {
		return "must be 36 characters starting with tz1, tz2, tz3, tz4 or KT1"
	}
	p, reason := base58Check(a, btcAlphabet)
	if reason != "" {
		return reason
	}
	if len(p) != 23 {
		return "is not a Tezos address"
	}
	for _, pre := range prefixes {
		if bytes.HasPrefix(p, pre) {
			return ""
		}
	}
	return "is not a Tezos address"
}

func checkBech32Account(a string, hrps []string, sizes []int) string {
	hrp, data, variant, reason := bech32Decode(a, 90)
	if reason != "" {
		return reason
	}
	if variant != bech32Const {
		return "has a wrong checksum (a character is mistyped)"
	}
	known := false
	for _, h := range hrps {
		known = known || hrp == h
	}
	if !known {
		return fmt.Sprintf("must start with %s1", strings.Join(hrps, "1 or "))
	}
	b, ok := convertBits(data, 5, 8, false)
	if !ok {
		return "is not a valid bech32 address"
	}
	for _, n := range sizes {
		if len(b) == n {
			return ""
		}
	}
	return "has the wrong length"
}

func checkTON(a string) string {
	if strings.Contains(a, ":") {
		if !tonRaw.MatchString(a) {
			return "raw form must be workchain:64 hex digits"
		}
		return ""
	}
	if len(a) != 48 {
		return "must be 48 characters (or workchain:hex)"
	}
	enc := base64.URLEncoding
	if strings.ContainsAny(a, "+/") {
		enc = base64.StdEncoding
	}
	b, err := enc.DecodeString(a)
	if err != nil || len(b) != 36 {
		return "is not valid base64"
	}
	if binary.BigEndian.Uint16(b[34:]) != crc16XModem(b[:34]) {
		return "has a wrong checksum (a character is mistyped)"
	}
	if tag := b[0] &^ 0x80; tag != 0x11 && tag != 0x51 {
		return "is not a TON address"
	}
	return ""
}

// Bech32 (BIP-173) and bech32m (BIP-350).
const (
	bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	bech32Const   = 1
	bech32mConst  = 0x2bc830a3
)

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// bech32Decode returns the hrp, the data part without checksum, and which
// constant the checksum matched (bech32Const or bech32mConst). maxLen 0
// lifts the 90-character limit (Cardano).
func bech32Decode(s string, maxLen int) (string, []byte, uint32, string) {
	if maxLen > 0 && len(s) > maxLen {
		return "", nil, 0, "is too long"
	}
	if strings.ToLower(s) != s && strings.ToUpper(s) != s {
		return "", nil, 0, "mixes upper and lower case"
	}
	s = strings.ToLower(s)
	pos := strings.LastIndexByte(s, '1')
	if pos < 1 || pos+7 > len(s) {
		return "", nil, 0, "is not a bech32 address"
	}
	hrp := s[:pos]
	data := make([]byte, 0, len(s)-pos-1)
	for _, c := range s[pos+1:] {
		i := strings.IndexRune(bech32Charset, c)
		if i < 0 {
			return "", nil, 0, fmt.Sprintf("contains %q, which bech32 does not use", c)
		}
		data = append(data, byte(i))
	}
	values := make([]byte, 0, len(hrp)*2+1+len(data))
	for _, c := range hrp {
		values = append(values, byte(c>>5))
	}
	values = append(values, 0)
	for _, c := range hrp {
		values = append(values, byte(c&31))
	}
	values = append(values, data...)
	switch bech32Polymod(values) {
	case bech32Const:
		return hrp, data[:len(data)-6], bech32Const, ""
	case bech32mConst:
		return hrp, data[:len(data)-6], bech32mConst, ""
	}
	return "", nil, 0, "has a wrong checksum (a character is mistyped)"
}

func convertBits(data []byte, from, to uint, pad bool) ([]byte, bool) {
	var acc, bits uint
	maxv := uint(1)<<to - 1
	var out []byte
	for _, v := range data {
		if uint(v)>>from != 0 {
			return nil, false
		}
		acc = acc<<from | uint(v)
		bits += from
		for bits >= to {
			bits -= to
			out = append(out, byte(acc>>bits&maxv))
		}
	}
	if pad {
		if bits > 0 {
			out = append(out, byte(acc<<(to-bits)&maxv))
		}
	} else if bits >= from || acc<<(to-bits)&maxv != 0 {
		return nil, false
	}
	return out, true
}
