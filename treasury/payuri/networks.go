package payuri

import (
	"fmt"
	"regexp"
	"strings"
)

// Network types, as Mesh's NetworkType names them.
const (
	TypeEVM     = "evm"
	TypeBitcoin = "bitcoin"
	TypeSolana  = "solana"
	TypeTron    = "tron"
	TypeCardano = "cardano"
	TypeLTC     = "litecoin"
	TypeDoge    = "dogecoin"
	TypeRipple  = "ripple"
	TypeStellar = "stellar"
)

// Network is what a payment request needs to know of a chain.
type Network struct {
	// Name is Mesh's network name (e.g. "Ethereum").
	Name string `json:"name"`
	// Type is Mesh's NetworkType (evm, bitcoin, solana, …).
	Type string `json:"type"`
	// ChainID is the EIP-155 chain id of an EVM network, in decimal ("" otherwise).
	ChainID string `json:"chainId,omitempty"`
	// Native is the native asset's symbol; NativeDecimals its decimals (18 for ether).
	Native         string `json:"native"`
	NativeDecimals int    `json:"nativeDecimals"`
}

// networks are the chains Mesh moves assets on, by lower-case network name. Chain ids are
// EIP-155's (chainlist.org); the emulator's catalog uses the same names and ids.
var networks = map[string]Network{
	"ethereum":  {Name: "Ethereum", Type: TypeEVM, ChainID: "1", Native: "ETH", NativeDecimals: 18},
	"polygon":   {Name: "Polygon", Type: TypeEVM, ChainID: "137", Native: "POL", NativeDecimals: 18},
	"base":      {Name: "Base", Type: TypeEVM, ChainID: "8453", Native: "ETH", NativeDecimals: 18},
	"arbitrum":  {Name: "Arbitrum", Type: TypeEVM, ChainID: "42161", Native: "ETH", NativeDecimals: 18},
	"optimism":  {Name: "Optimism", Type: TypeEVM, ChainID: "10", Native: "ETH", NativeDecimals: 18},
	"bnb chain": {Name: "BNB Chain", Type: TypeEVM, ChainID: "56", Native: "BNB", NativeDecimals: 18},
	"avalanche": {Name: "Avalanche", Type: TypeEVM, ChainID: "43114", Native: "AVAX", NativeDecimals: 18},
	"bitcoin":   {Name: "Bitcoin", Type: TypeBitcoin, Native: "BTC", NativeDecimals: 8},
	"solana":    {Name: "Solana", Type: TypeSolana, Native: "SOL", NativeDecimals: 9},
	"tron":      {Name: "Tron", Type: TypeTron, Native: "TRX", NativeDecimals: 6},
	"cardano":   {Name: "Cardano", Type: TypeCardano, Native: "ADA", NativeDecimals: 6},
	"litecoin":  {Name: "Litecoin", Type: TypeLTC, Native: "LTC", NativeDecimals: 8},
	"dogecoin":  {Name: "Dogecoin", Type: TypeDoge, Native: "DOGE", NativeDecimals: 8},
	"ripple":    {Name: "Ripple", Type: TypeRipple, Native: "XRP", NativeDecimals: 6},
	"xrp":       {Name: "XRP", Type: TypeRipple, Native: "XRP", NativeDecimals: 6},
	"stellar":   {Name: "Stellar", Type: TypeStellar, Native: "XLM", NativeDecimals: 7},
}

// aliases are other names Mesh or people use for a network.
var aliases = map[string]string{"bsc": "bnb chain", "bnb smart chain": "bnb chain", "binance smart chain": "bnb chain",
	"arbitrum one": "arbitrum", "op mainnet": "optimism", "avalanche c-chain": "avalanche", "matic": "polygon"}

// LookupNetwork finds a network by Mesh's name (any case).
func LookupNetwork(name string) (Network, bool) {
	k := strings.ToLower(strings.TrimSpace(name))
	if a, ok := aliases[k]; ok {
		k = a
	}
	n, ok := networks[k]
	return n, ok
}

// Token is an asset with a contract (EVM) or mint (Solana) address and its decimals.
type Token struct {
	Symbol   string `json:"symbol"`
	Contract string `json:"contract"`
	Decimals int    `json:"decimals"`
}

// tokens are well-known stablecoins by lower-case network name: the issuers' published
// contract and mint addresses and their decimals (on BNB Chain the bridged USDC and USDT have
// 18). A token not here needs Mesh's tokenAddress and is only requested when its decimals are
// known; otherwise the request falls back to the plain address, saying why.
var tokens = map[string][]Token{
	"ethereum": {{"USDC", "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", 6}, {"USDT", "0xdac17f958d2ee523a2206206994597c13d831ec7", 6},
		{"PYUSD", "0x6c3ea9036406852006290770bedfcaba0e23a0e8", 6}, {"DAI", "0x6b175474e89094c44da98b954eedeac495271d0f", 18}},
	"polygon":   {{"USDC", "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359", 6}, {"USDT", "0xc2132d05d31c914a87c6611c10748aeb04b58e8f", 6}},
	"base":      {{"USDC", "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", 6}},
	"arbitrum":  {{"USDC", "0xaf88d065e77c8cc2239327c5edb3a432268e5831", 6}, {"USDT", "0xfd086bc7cd5c481dcc9c85ebe478a1c0b69fcbb9", 6}},
	"optimism":  {{"USDC", "0x0b2c639c533813f4aa9d7837caf62653d097ff85", 6}},
	"bnb chain": {{"USDT", "0x55d398326f99059ff775485246999027b3197955", 18}, {"USDC", "0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d", 18}},
	"avalanche": {{"USDC", "0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e", 6}, {"USDT", "0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7", 6}},
	"solana":    {{"USDC", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", 6}, {"USDT", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", 6}, {"PYUSD", "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo", 6}},
}

// tokenBySymbol is a network's well-known token with that symbol.
func tokenBySymbol(n Network, symbol string) (Token, bool) {
	for _, t := range tokens[strings.ToLower(n.Name)] {
		if strings.EqualFold(t.Symbol, symbol) {
			return t, true
		}
	}
	return Token{}, false
}

// tokenByContract is a network's well-known token at that address (EVM: any case).
func tokenByContract(n Network, contract string) (Token, bool) {
	for _, t := range tokens[strings.ToLower(n.Name)] {
		if t.Contract == contract || (n.Type == TypeEVM && strings.EqualFold(t.Contract, contract)) {
			return t, true
		}
	}
	return Token{}, false
}

const b58 = `[1-9A-HJ-NP-Za-km-z]`

var (
	evmAddress     = regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`)
	bitcoinAddress = regexp.MustCompile(`^(bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71}|[13]` + b58 + `{25,34})$`)
	solanaAddress  = regexp.MustCompile(`^` + b58 + `{32,44}$`)
	addressPattern = map[string]*regexp.Regexp{TypeEVM: evmAddress, TypeBitcoin: bitcoinAddress, TypeSolana: solanaAddress,
		TypeTron: regexp.MustCompile(`^T` + b58 + `{33}$`)}

	hex64      = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)
	evmHash    = regexp.MustCompile(`^0x[0-9a-fA-F]{64}$`)
	solanaSig  = regexp.MustCompile(`^` + b58 + `{87,88}$`)
	hashFormat = map[string]struct {
		re   *regexp.Regexp
		what string
	}{
		TypeEVM:     {evmHash, "0x and 64 hex digits"},
		TypeBitcoin: {hex64, "64 hex digits"},
		TypeLTC:     {hex64, "64 hex digits"},
		TypeDoge:    {hex64, "64 hex digits"},
		TypeTron:    {hex64, "64 hex digits"},
		TypeCardano: {hex64, "64 hex digits"},
		TypeRipple:  {hex64, "64 hex digits"},
		TypeStellar: {hex64, "64 hex digits"},
		TypeSolana:  {solanaSig, "a base58 signature of 87–88 characters"},
	}
)

// CheckAddress checks an address against the network's format (its shape: the checksum is
// mesh.ValidateAddress's job, which callers run before asking anyone to pay) when it is
// known; any address must be one token of at most 200 printable characters.
func CheckAddress(n Network, address string) error {
	if address == "" {
		return fmt.Errorf("no address")
	}
	if len(address) > 200 || strings.ContainsAny(address, " \t\r\n?&#%:/") {
		return fmt.Errorf("address %q is not a single address", address)
	}
	if re, ok := addressPattern[n.Type]; ok && !re.MatchString(address) {
		return fmt.Errorf("address %q is not a %s address", address, n.Name)
	}
	return nil
}

// CheckTxHash checks a transaction hash against the format of the named network: EVM 0x and
// 64 hex digits, Bitcoin-like chains 64 hex digits, Solana a base58 signature of 87–88
// characters. On a network it does not know it accepts one token of 8–128 letters and digits.
func CheckTxHash(networkName, hash string) error {
	h := strings.TrimSpace(hash)
	if h == "" {
		return fmt.Errorf("the refund's transaction hash is empty")
	}
	n, ok := LookupNetwork(networkName)
	if f, known := hashFormat[n.Type]; ok && known {
		if !f.re.MatchString(h) {
			return fmt.Errorf("%q is not a %s transaction hash (%s)", h, n.Name, f.what)
		}
		return nil
	}
	if len(h) < 8 || len(h) > 128 || !regexp.MustCompile(`^[0-9A-Za-z_-]+$`).MatchString(h) {
		return fmt.Errorf("%q does not look like a transaction hash (8–128 letters and digits)", h)
	}
	return nil
}
