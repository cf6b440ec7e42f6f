package meshsim

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/big"
)

// rng is a small deterministic generator (splitmix64): the same seed gives the same
// history on every machine and Go version (math/rand's streams are not promised stable).
type rng struct{ s uint64 }

func newRNG(seed uint64, stream uint64) *rng {
	// Streams must not overlap: mix the stream number before combining it with the seed.
	return &rng{s: mix64(seed ^ mix64(stream+0x632BE59BD9B4E019))}
}

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// float returns a number in [0,1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a number in [0,n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *rng) bytes(b []byte) {
	for i := 0; i < len(b); i += 8 {
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], r.next())
		copy(b[i:], w[:])
	}
}

// uuidFrom formats 16 bytes as a version-4 UUID string.
func uuidFrom(b [16]byte) string {
	out := appendUUID(nil, b)
	return string(out)
}

// appendUUID appends 16 bytes formatted as a version-4 UUID.
func appendUUID(dst []byte, b [16]byte) []byte {
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return append(dst, out[:]...)
}

func (r *rng) uuid() string {
	var b [16]byte
	r.bytes(b[:])
	return uuidFrom(b)
}

// randomUUID is a UUID from crypto/rand, for things that must not be guessable
// (link codes, tokens, webhook delivery ids).
func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return uuidFrom(b)
}

// randomToken is an opaque URL-safe secret of n random bytes, hex encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// digest is a stable 32-byte digest of its parts, for derived addresses and hashes.
func digest(parts ...string) [32]byte {
	var buf [256]byte
	b := buf[:0]
	for _, p := range parts {
		b = append(b, p...)
		b = append(b, 0)
	}
	return sha256.Sum256(b)
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
const bech32Alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// appendChars appends n characters of alphabet chosen by a stream seeded from d.
func appendChars(b []byte, d [32]byte, alphabet string, n int) []byte {
	r := &rng{s: binary.LittleEndian.Uint64(d[:8]) ^ binary.LittleEndian.Uint64(d[8:16])}
	m := uint64(len(alphabet))
	for i := 0; i < n; i++ {
		b = append(b, alphabet[r.next()%m])
	}
	return b
}

// base58ish maps a digest onto n base58 characters (a look-alike of a base58 encoding,
// fast; only the alphabet and length matter for addresses and hashes here).
func base58ish(seed [32]byte, n int) string {
	out := make([]byte, n)
	r := &rng{s: binary.LittleEndian.Uint64(seed[:8]) ^ binary.LittleEndian.Uint64(seed[8:16])}
	for i := range out {
		out[i] = base58Alphabet[r.next()%58]
	}
	return string(out)
}

func base58(b []byte) string {
	x := new(big.Int).SetBytes(b)
	mod := new(big.Int)
	base := big.NewInt(58)
	var out []byte
	for x.Sign() > 0 {
		x.DivMod(x, base, mod)
		out = append(out, base58Alphabet[mod.Int64()])
	}
	for _, c := range b {
		if c != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

// bech32ish maps bytes onto n bech32 characters (a look-alike, no checksum).
func bech32ish(seed [32]byte, n int) string {
	out := make([]byte, n)
	r := &rng{s: binary.LittleEndian.Uint64(seed[:8])}
	for i := range out {
		out[i] = bech32Alphabet[r.next()%32]
	}
	return string(out)
}

// addressFor derives a stable, well-formed address on network type netType from parts.
func addressFor(netType string, parts ...string) string {
	return string(appendAddress(nil, netType, parts...))
}

// appendAddress appends addressFor(netType, parts...) to b.
func appendAddress(b []byte, netType string, parts ...string) []byte {
	d := digest(parts...)
	switch netType {
	case "solana":
		return appendChars(b, d, base58Alphabet, 44)
	case "bitcoin":
		return appendChars(append(b, "bc1q"...), d, bech32Alphabet, 38)
	case "tron":
		return appendChars(append(b, 'T'), d, base58Alphabet, 33)
	case "cardano":
		return appendChars(append(b, "addr1q"...), d, bech32Alphabet, 57)
	default:
		return hex.AppendEncode(append(b, "0x"...), d[:20])
	}
}

// txHashFor derives a stable, well-formed transaction hash on network type netType.
func txHashFor(netType string, parts ...string) string {
	return string(appendTxHash(nil, netType, parts...))
}

// appendTxHash appends txHashFor(netType, parts...) to b.
func appendTxHash(b []byte, netType string, parts ...string) []byte {
	d := digest(parts...)
	switch netType {
	case "solana":
		return appendChars(b, d, base58Alphabet, 88)
	case "evm":
		return hex.AppendEncode(append(b, "0x"...), d[:])
	default:
		return hex.AppendEncode(b, d[:])
	}
}

// explorerURL is a block-explorer link for a hash on a network.
func explorerURL(n *Network, hash string) string {
	switch n.ID {
	case NetEthereum:
		return "https://etherscan.io/tx/" + hash
	case NetPolygon:
		return "https://polygonscan.com/tx/" + hash
	case NetBase:
		return "https://basescan.org/tx/" + hash
	case NetArbitrum:
		return "https://arbiscan.io/tx/" + hash
	case NetBNB:
		return "https://bscscan.com/tx/" + hash
	case NetSolana:
		return "https://solscan.io/tx/" + hash
	case NetBitcoin:
		return "https://mempool.space/tx/" + hash
	case NetTron:
		return "https://tronscan.org/#/transaction/" + hash
	default:
		return "https://cardanoscan.io/transaction/" + hash
	}
}
