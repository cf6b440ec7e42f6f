package meshsim

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// State operations only the Link page needs (SmartFunding, buying with cash, the
// emulated wallet's signature), written on top of the state in state.go.

// fundingChoice is one SmartFunding candidate: an asset of the account that could pay
// for the transfer, what it would cost and why it was (not) chosen.
type fundingChoice struct {
	Symbol        string  `json:"symbol"`
	Balance       float64 `json:"balance"`
	BalanceInFiat float64 `json:"balanceInFiat"`
	// SourceAmount is how much of Symbol pays for the transfer (with conversion fees).
	SourceAmount float64 `json:"sourceAmount"`
	FeeInFiat    float64 `json:"feeInFiat"`
	// Type is Mesh's funding method (existingCryptocurrencyBalance, cryptocurrencyConversion,
	// stableCoinNoFeeConversion).
	Type     string `json:"type"`
	Eligible bool   `json:"eligible"`
	Reason   string `json:"reason"`
}

// fundingPayload is the SDK's CryptocurrencyFundingOption.
type fundingPayload struct {
	CryptocurrencyFundingOptionType string      `json:"cryptocurrencyFundingOptionType"`
	Name                            string      `json:"name"`
	UsedAmountInCryptocurrency      float64     `json:"usedAmountInCryptocurrency"`
	UsedAmountInFiat                float64     `json:"usedAmountInFiat"`
	CryptocurrencySymbol            string      `json:"cryptocurrencySymbol"`
	Fee                             *fundingFee `json:"fee,omitempty"`
}

type fundingFee struct {
	AmountInFiat float64 `json:"amountInFiat"`
	FiatSymbol   string  `json:"fiatSymbol"`
}

func (f *fundingChoice) payload() fundingPayload {
	return fundingPayload{CryptocurrencyFundingOptionType: f.Type, Name: f.Symbol, UsedAmountInCryptocurrency: f.SourceAmount,
		UsedAmountInFiat: round2(f.SourceAmount * Price(f.Symbol)), CryptocurrencySymbol: f.Symbol,
		Fee: &fundingFee{AmountInFiat: f.FeeInFiat, FiatSymbol: "USD"}}
}

// fundingResult is SmartFunding's answer: every candidate, and the chosen one.
type fundingResult struct {
	Options []fundingChoice `json:"options"`
	Chosen  *fundingChoice  `json:"chosen,omitempty"`
}

// linkConversionFee is the emulator's fee for converting one asset into another (0.5 %);
// stablecoin to stablecoin is free, as Mesh's stableCoinNoFeeConversion.
const linkConversionFee = 0.005

func linkIsStable(sym string) bool { return sym == "USDC" || sym == "USDT" }

// smartFunding ranks the account's assets for sending amount of sym on network n:
// holding the asset itself on a supported network wins (only the network fee); else
// the conversion with the lowest fee whose balance covers the amount; ties go to the
// larger balance. amount 0 means "unknown yet": any non-zero balance is eligible.
func smartFunding(a Account, in *Integration, n *Network, sym string, amount float64) fundingResult {
	var res fundingResult
	need := amount * Price(sym)
	gasUSD := round2(gasFeeFor(n) * Price(n.NativeSymbol))
	syms := make([]string, 0, len(a.Balances))
	for s := range a.Balances {
		syms = append(syms, s)
	}
	sort.Strings(syms)
	for _, s := range syms {
		bal := a.Balances[s]
		c := fundingChoice{Symbol: s, Balance: bal, BalanceInFiat: round2(bal * Price(s))}
		switch {
		case bal <= 0:
			c.Reason = "no balance"
		case s == sym:
			c.Type = "existingCryptocurrencyBalance"
			c.SourceAmount = amount
			c.FeeInFiat = gasUSD
			if bal >= amount {
				c.Eligible = true
				c.Reason = fmt.Sprintf("already held (%s %s), so no conversion: only the %s network fee", linkFmtAmount(bal), s, n.Name)
			} else {
				c.Reason = fmt.Sprintf("balance too low (%s < %s)", linkFmtAmount(bal), linkFmtAmount(amount))
			}
		default:
			rate := linkConversionFee
			c.Type = "cryptocurrencyConversion"
			if linkIsStable(s) && linkIsStable(sym) {
				rate, c.Type = 0, "stableCoinNoFeeConversion"
			}
			src := need * (1 + rate) / Price(s)
			c.SourceAmount = roundAmount(src, s)
			c.FeeInFiat = round2(need*rate) + gasUSD
			if bal*Price(s) >= need*(1+rate) {
				c.Eligible = true
				if rate == 0 {
					c.Reason = fmt.Sprintf("converted 1:1 from %s with no conversion fee, plus the %s network fee", s, n.Name)
				} else {
					c.Reason = fmt.Sprintf("converted from %s (%.1f%% conversion fee) because %s is not held in sufficient amount", s, rate*100, sym)
				}
			} else {
				c.Reason = fmt.Sprintf("balance worth %.2f USD does not cover %.2f USD", c.BalanceInFiat, need*(1+rate))
			}
		}
		res.Options = append(res.Options, c)
	}
	best := -1
	for i := range res.Options {
		o := &res.Options[i]
		if !o.Eligible {
			continue
		}
		if best < 0 || fundingBetter(o, &res.Options[best], sym) {
			best = i
		}
	}
	if best >= 0 {
		c := res.Options[best]
		res.Chosen = &c
	}
	return res
}

func fundingBetter(a, b *fundingChoice, sym string) bool {
	if (a.Symbol == sym) != (b.Symbol == sym) {
		return a.Symbol == sym
	}
	if a.FeeInFiat != b.FeeInFiat {
		return a.FeeInFiat < b.FeeInFiat
	}
	return a.BalanceInFiat > b.BalanceInFiat
}

// linkConvert converts fromAmount of fromSym into toAmount of toSym inside the account
// with this token (SmartFunding's conversion step before the transfer).
func (s *Sim) linkConvert(clientID, token, fromSym string, fromAmount float64, toSym string, toAmount float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountByTokenLocked(clientID, token)
	if a == nil {
		return ErrUnknownAccount
	}
	if a.Balances[fromSym] < fromAmount {
		return fmt.Errorf("convert %s %s: %w", linkFmtAmount(fromAmount), fromSym, ErrInsufficient)
	}
	a.Balances[fromSym] = roundAmount(a.Balances[fromSym]-fromAmount, fromSym)
	a.Balances[toSym] = roundAmount(a.Balances[toSym]+toAmount, toSym)
	s.markDirty()
	return nil
}

// linkBuy spends cash (USD) of the account to credit amount of sym (onramp).
func (s *Sim) linkBuy(clientID, token string, cash float64, sym string, amount float64) error {
	if !(cash > 0) || math.IsInf(cash, 0) {
		return errors.New("buy: cash amount must be positive")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountByTokenLocked(clientID, token)
	if a == nil {
		return ErrUnknownAccount
	}
	if a.Cash < cash {
		return fmt.Errorf("buy %s %s: %w (cash %.2f USD)", linkFmtAmount(amount), sym, ErrInsufficient, a.Cash)
	}
	a.Cash = round2(a.Cash - cash)
	a.Balances[sym] = roundAmount(a.Balances[sym]+amount, sym)
	s.markDirty()
	return nil
}

// subClientsSnapshot returns copies of clientID's sub-clients (for Link branding).
func (s *Sim) subClientsSnapshot(clientID string) []SubClient {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []SubClient
	for _, sc := range s.st.SubClients {
		if sc.ClientID == clientID {
			out = append(out, *sc)
		}
	}
	return out
}

// emulatedSignature is the emulated wallet's signature of message by address: a
// deterministic, well-formed look-alike (65 bytes hex on EVM, 64 bytes base58 on
// Solana). Nothing verifies it cryptographically; the emulator records it.
func emulatedSignature(n *Network, address, message string) string {
	d1 := sha256.Sum256([]byte("sig\x00" + strings.ToLower(address) + "\x00" + message))
	d2 := sha256.Sum256(d1[:])
	sig := append(d1[:], d2[:]...)
	if n.Type == "solana" {
		return base58(sig)
	}
	return "0x" + hex.EncodeToString(append(sig, 0x1b))
}
