// Package payuri builds payment requests a wallet can scan: EIP-681 for EVM networks (native
// value in wei, or an ERC-20 transfer of the token's base units), BIP-21 for Bitcoin, Solana
// Pay transfer requests for Solana (with the SPL mint for tokens), and the plain address where
// no standard exists or the request could not be made exact — always saying which standard
// was used and why. Amounts are exact decimals (Decimal), never floats. It also draws the
// request as a QR code (PNG, data URL, terminal text).
package payuri

import (
	"fmt"
	"net/url"
	"strings"
)

// Standard names the format of a payment request.
type Standard string

// Standards.
const (
	EIP681    Standard = "EIP-681"
	BIP21     Standard = "BIP-21"
	SolanaPay Standard = "Solana Pay"
	Plain     Standard = "address"
)

// Request is what to ask a wallet to pay.
type Request struct {
	// Network is Mesh's network name (e.g. "Ethereum", "Solana").
	Network string
	// Symbol is the asset's symbol (e.g. ETH, USDC).
	Symbol string
	// TokenAddress is the token's contract (EVM) or mint (Solana) as Mesh gave it; "" for a
	// native asset or when Mesh did not say.
	TokenAddress string
	// TokenDecimals are the token's decimals when the caller knows them (nil: look them up in
	// the table of well-known tokens).
	TokenDecimals *int
	// Address is where the payment goes.
	Address string
	// Amount is the decimal amount in the asset's units ("" for none: the wallet asks).
	Amount string
	// Label and Message are shown by wallets that support them (BIP-21, Solana Pay).
	Label   string
	Message string
	// Memo is written on chain with a Solana Pay transfer (public; never a secret).
	Memo string
}

// Result is a payment request.
type Result struct {
	// Standard is the format used; Reason says why (and, for Plain, why no standard applied).
	Standard Standard `json:"standard"`
	Reason   string   `json:"reason"`
	// URI is what the QR code holds (the address itself for Plain).
	URI string `json:"uri"`
	// Address, Amount (plain decimal, "" when none), Symbol and Network are what was requested.
	Address string `json:"address"`
	Amount  string `json:"amount"`
	Symbol  string `json:"symbol"`
	Network string `json:"network"`
	// ChainID is the EVM chain id; Contract the token contract or mint; BaseUnits the amount in
	// the asset's smallest unit when the URI carries it (EIP-681), with Decimals.
	ChainID   string `json:"chainId,omitempty"`
	Contract  string `json:"contract,omitempty"`
	BaseUnits string `json:"baseUnits,omitempty"`
	Decimals  int    `json:"decimals,omitempty"`
}

// nativeAliases are older symbols of native assets (Polygon's MATIC became POL).
var nativeAliases = map[string]string{"MATIC": "POL"}

// Build makes the payment request for r. It fails on what no wallet should be asked for (no
// address, an address of the wrong format, a negative or malformed amount, more decimal places
// than the asset has); it falls back to Plain, with the reason, when the network has no
// standard or the token's contract or decimals are unknown.
func Build(r Request) (Result, error) {
	r.Address, r.Symbol, r.TokenAddress = strings.TrimSpace(r.Address), strings.TrimSpace(r.Symbol), strings.TrimSpace(r.TokenAddress)
	n, known := LookupNetwork(r.Network)
	if !known {
		n = Network{Name: strings.TrimSpace(r.Network)}
	}
	if err := CheckAddress(n, r.Address); err != nil {
		return Result{}, fmt.Errorf("refund address: %w", err)
	}
	var amt *Decimal
	if strings.TrimSpace(r.Amount) != "" {
		d, err := ParseDecimal(r.Amount)
		if err != nil {
			return Result{}, err
		}
		if d.IsZero() {
			return Result{}, fmt.Errorf("amount must be more than 0")
		}
		amt = &d
	}
	res := Result{Address: r.Address, Symbol: r.Symbol, Network: n.Name}
	if amt != nil {
		res.Amount = amt.String()
	}
	plain := func(why string) (Result, error) {
		res.Standard, res.URI, res.Reason = Plain, r.Address, why+": the QR code holds the address only — enter the amount in the wallet"
		return res, nil
	}
	native := r.Symbol == "" || strings.EqualFold(r.Symbol, n.Native) || strings.EqualFold(nativeAliases[strings.ToUpper(r.Symbol)], n.Native)
	if native && r.TokenAddress == "" && amt != nil && amt.Places() > n.NativeDecimals && known {
		return Result{}, fmt.Errorf("amount %s has more decimal places than %s has (%d)", amt, n.Native, n.NativeDecimals)
	}
	switch {
	case !known:
		return plain(fmt.Sprintf("network %q is not one this app knows a payment-request standard for", r.Network))
	case n.Type == TypeEVM:
		return buildEIP681(res, n, r, amt, native, plain)
	case n.Type == TypeBitcoin:
		if !native {
			return plain(fmt.Sprintf("%s on Bitcoin is not a bitcoin payment", r.Symbol))
		}
		res.Standard, res.Reason = BIP21, "BIP-21 is the bitcoin: payment URI every Bitcoin wallet reads (amount in BTC)"
		q := query{}
		if amt != nil {
			q.add("amount", amt.String())
		}
		q.add("label", r.Label)
		q.add("message", r.Message)
		res.URI = "bitcoin:" + r.Address + q.String()
		return res, nil
	case n.Type == TypeSolana:
		return buildSolanaPay(res, n, r, amt, native, plain)
	}
	return plain(fmt.Sprintf("%s has no widely supported payment-request standard", n.Name))
}

func buildEIP681(res Result, n Network, r Request, amt *Decimal, native bool, plain func(string) (Result, error)) (Result, error) {
	res.ChainID = n.ChainID
	if native && r.TokenAddress == "" {
		res.Standard, res.Decimals = EIP681, n.NativeDecimals
		res.Reason = fmt.Sprintf("EIP-681 payment request for native %s on chain %s (value in wei)", n.Native, n.ChainID)
		res.URI = "ethereum:" + r.Address + "@" + n.ChainID
		if amt != nil {
			wei, err := amt.BaseUnits(n.NativeDecimals)
			if err != nil {
				return Result{}, err
			}
			res.BaseUnits = wei.String()
			res.URI += "?value=" + res.BaseUnits
		}
		return res, nil
	}
	var tok Token
	var from string
	switch {
	case r.TokenAddress != "":
		if !evmAddress.MatchString(r.TokenAddress) {
			return plain(fmt.Sprintf("the token address %q Mesh gave is not an EVM contract address", r.TokenAddress))
		}
		t, ok := tokenByContract(n, r.TokenAddress)
		if r.TokenDecimals != nil {
			t, ok = Token{Symbol: r.Symbol, Contract: r.TokenAddress, Decimals: *r.TokenDecimals}, *r.TokenDecimals >= 0 && *r.TokenDecimals <= 77
		}
		if !ok {
			return plain(fmt.Sprintf("the decimals of %s (contract %s) on %s are unknown, so its amount cannot be written in base units", r.Symbol, r.TokenAddress, n.Name))
		}
		if r.Symbol != "" && !strings.EqualFold(t.Symbol, r.Symbol) {
			return plain(fmt.Sprintf("contract %s is %s, not %s", r.TokenAddress, t.Symbol, r.Symbol))
		}
		tok, from = t, "Mesh's tokenAddress"
		tok.Contract = r.TokenAddress
	default:
		t, ok := tokenBySymbol(n, r.Symbol)
		if !ok {
			return plain(fmt.Sprintf("Mesh gave no token contract for %s on %s and it is not a token this app knows", r.Symbol, n.Name))
		}
		tok, from = t, "the well-known contract (Mesh gave no tokenAddress)"
	}
	res.Standard, res.Contract, res.Decimals = EIP681, tok.Contract, tok.Decimals
	res.Reason = fmt.Sprintf("EIP-681 ERC-20 transfer of %s on chain %s: contract from %s, amount in base units (%d decimals)", tok.Symbol, n.ChainID, from, tok.Decimals)
	res.URI = "ethereum:" + tok.Contract + "@" + n.ChainID + "/transfer?address=" + r.Address
	if amt != nil {
		units, err := amt.BaseUnits(tok.Decimals)
		if err != nil {
			return Result{}, err
		}
		res.BaseUnits = units.String()
		res.URI += "&uint256=" + res.BaseUnits
	}
	return res, nil
}

func buildSolanaPay(res Result, n Network, r Request, amt *Decimal, native bool, plain func(string) (Result, error)) (Result, error) {
	q := query{}
	decimals := n.NativeDecimals
	res.Reason = "Solana Pay transfer request for SOL (amount in SOL)"
	if !native || r.TokenAddress != "" {
		mint := r.TokenAddress
		var tok Token
		var ok bool
		if mint != "" {
			if !solanaAddress.MatchString(mint) {
				return plain(fmt.Sprintf("the token mint %q Mesh gave is not a Solana address", mint))
			}
			tok, ok = tokenByContract(n, mint)
			if r.TokenDecimals != nil {
				tok, ok = Token{Symbol: r.Symbol, Contract: mint, Decimals: *r.TokenDecimals}, *r.TokenDecimals >= 0 && *r.TokenDecimals <= 18
			}
		} else if tok, ok = tokenBySymbol(n, r.Symbol); ok {
			mint = tok.Contract
		} else {
			return plain(fmt.Sprintf("Mesh gave no SPL mint for %s and it is not a token this app knows (a request without one would ask for SOL)", r.Symbol))
		}
		res.Contract = mint
		if ok {
			decimals = tok.Decimals
		} else {
			decimals = -1 // the wallet checks the places against the mint
		}
		res.Reason = fmt.Sprintf("Solana Pay transfer request for the SPL token %s (mint %s; amount in token units)", r.Symbol, mint)
	}
	if amt != nil && decimals >= 0 && amt.Places() > decimals {
		return Result{}, fmt.Errorf("amount %s has %d decimal places; %s has %d", amt, amt.Places(), r.Symbol, decimals)
	}
	if amt != nil {
		q.add("amount", amt.String())
	}
	res.Standard = SolanaPay
	return finishSolana(res, r, q), nil
}

// finishSolana writes the URI: amount, then spl-token, label and message, in the order of the
// specification's examples.
func finishSolana(res Result, r Request, q query) Result {
	if res.Contract != "" {
		q.add("spl-token", res.Contract)
	}
	q.add("label", r.Label)
	q.add("message", r.Message)
	q.add("memo", r.Memo)
	res.URI = "solana:" + r.Address + q.String()
	return res
}

// query is an ordered list of URI parameters, percent-encoded (spaces as %20, as the
// specifications' examples write them).
type query []string

func (q *query) add(k, v string) {
	if v == "" {
		return
	}
	for _, e := range *q {
		if strings.HasPrefix(e, k+"=") {
			return
		}
	}
	*q = append(*q, k+"="+strings.ReplaceAll(url.QueryEscape(v), "+", "%20"))
}

func (q query) String() string {
	if len(q) == 0 {
		return ""
	}
	return "?" + strings.Join(q, "&")
}
