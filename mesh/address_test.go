package mesh

import (
	"errors"
	"strings"
	"testing"
)

// Real addresses, from the specs that define each format (EIP-55, BIP-173,
// BIP-350, CIP-19, SEP-23) or well-known public accounts and contracts.
func TestValidateAddressValid(t *testing.T) {
	tests := []struct {
		net  NetworkType
		addr string
	}{
		{NetworkTypeEvm, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}, // EIP-55 examples
		{NetworkTypeEvm, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"},
		{NetworkTypeEvm, "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"},
		{NetworkTypeEvm, "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"},
		{NetworkTypeEvm, "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"}, // USDC, all lower case: no checksum
		{NetworkTypeEvm, "0xA0B86991C6218B36C1D19D4A2E9EB0CE3606EB48"}, // all upper case: no checksum
		{NetworkTypeSolana, "So11111111111111111111111111111111111111112"},
		{NetworkTypeSolana, "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"},
		{NetworkTypeSolana, "11111111111111111111111111111111"},
		{NetworkTypeBitcoin, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"}, // genesis
		{NetworkTypeBitcoin, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"},
		{NetworkTypeBitcoin, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"}, // BIP-173
		{NetworkTypeBitcoin, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
		{NetworkTypeBitcoin, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"}, // BIP-350
		{NetworkTypeBitcoin, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"},
		{NetworkTypeDogecoin, "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L"},
		{NetworkTypeLitecoin, "ltc1qq0ptdjsuvhw6gz9m4huwmhq40gpyljwn5hncxz"},
		{NetworkTypeLitecoin, "ltc1q4damdzpqsj964pva4w4y3vky7uq8ett20s9682"},
		{NetworkTypeTron, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},                                                                         // USDT on Tron
		{NetworkTypeCardano, "addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgse35a3x"}, // CIP-19
		{NetworkTypeCardano, "Ae2tdPwUPEZFRbyhz3cpfC2CumGzNkFBN2L42rcUc2yjQpEkxDbkPodpMAi"},
		{NetworkTypeRipple, "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"}, // genesis account
		{NetworkTypeRipple, "rrrrrrrrrrrrrrrrrrrrrhoLvTp"},
		{NetworkTypeStellar, "GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7"}, // SEP-23
		{NetworkTypeStellar, "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK"},
		{NetworkTypeSui, "0x0000000000000000000000000000000000000000000000000000000000000002"},
		{NetworkTypeAptos, "0x1d8727df513fa2a8785d0834e40b34223daff1affc079574082baadb74b66ee4"},
		{NetworkTypeTezos, "tz1KqTpEZ7Yob7QbPE4Hy4Wo8fHG8LhKxZSx"},
		{NetworkTypeTezos, "KT1PWx2mnDueood7fEmfbBDKx1D9BAnnXitn"},
		{NetworkTypeAvalancheX, "X-avax1qr6yzjykcjmeflztsgv6y88dl0xnlel3chs3r4"},
		{NetworkTypeAvalancheX, "avax1sxnpzqdk5g7etd9853fvn4gcxjj4wl98vlx52z"},
		{NetworkTypeRipple, "X7AcgcsBL6XDcUb289X4mJ8djcdyKaB5hJDWMArnXr61cqZ"},
		{NetworkTypeInjective, "inj14zqh37h5pe9kwgk6tagav96eeyy9sxklre2mq6"},
		{NetworkTypeTvm, "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N"},
		{NetworkTypeTvm, "0:83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8"},
		{NetworkTypeUnknown, "anything-without-spaces"},
	}
	for _, tt := range tests {
		if err := ValidateAddress(tt.net, tt.addr); err != nil {
			t.Errorf("%s %s: %v", tt.net, tt.addr, err)
		}
	}
}

func TestValidateAddressInvalid(t *testing.T) {
	tests := []struct {
		net    NetworkType
		addr   string
		reason string
	}{
		{NetworkTypeEvm, "", "empty"},
		{NetworkTypeEvm, " 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "spaces"},
		{NetworkTypeEvm, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "EIP-55"}, // last letter's case flipped
		{NetworkTypeEvm, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "40 hex"},
		{NetworkTypeEvm, "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "40 hex"},
		{NetworkTypeEvm, "0xg000000000000000000000000000000000000000", "40 hex"},
		{NetworkTypeSolana, "So1111111111111111111111111111111111111111O", "base58"}, // O is not base58
		{NetworkTypeSolana, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "base58"},
		{NetworkTypeSolana, "1111111111111111111111111111111111111111111", "32-byte"},
		{NetworkTypeBitcoin, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum"},
		{NetworkTypeBitcoin, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "checksum"},
		{NetworkTypeBitcoin, "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "mixes"},
		{NetworkTypeBitcoin, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "not an address of this network"},
		{NetworkTypeBitcoin, "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "checksum"}, // v1 with a bech32 (not m) checksum
		{NetworkTypeDogecoin, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "not an address of this network"},
		{NetworkTypeLitecoin, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "not an address of this network"},
		{NetworkTypeLitecoin, "ltc1qq0ptdjsuvhw6gz9m4huwmhq40gpyljwn5hncxy", "checksum"},
		{NetworkTypeLitecoin, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "base58"},
		{NetworkTypeTron, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", "checksum"},
		{NetworkTypeTron, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "34 characters"},
		{NetworkTypeCardano, "addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgse35a3y", "checksum"},
		{NetworkTypeCardano, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "addr1"},
		{NetworkTypeRipple, "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTi", "checksum"},
		{NetworkTypeRipple, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "start with r"},
		{NetworkTypeStellar, "GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN6", "checksum"},
		{NetworkTypeStellar, "SAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7", "G…"},
		{NetworkTypeSui, "0x2", "64 hex"},
		{NetworkTypeAptos, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "64 hex"},
		{NetworkTypeTezos, "tz1KqTpEZ7Yob7QbPE4Hy4Wo8fHG8LhKxZSy", "checksum"},
		{NetworkTypeTezos, "tz9KqTpEZ7Yob7QbPE4Hy4Wo8fHG8LhKxZSx", ""},
		{NetworkTypeAvalancheX, "X-avax1qr6yzjykcjmeflztsgv6y88dl0xnlel3chs3r5", "checksum"},
		{NetworkTypeAvalancheX, "inj14zqh37h5pe9kwgk6tagav96eeyy9sxklre2mq6", "avax1"},
		{NetworkTypeInjective, "inj14zqh37h5pe9kwgk6tagav96eeyy9sxklre2mq7", "checksum"},
		{NetworkTypeInjective, "cosmos1jv65s3grqf6v6jl3dp4t6c9t9rk99cd88lyufl", "inj1"},
		{NetworkTypeTvm, "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2M", "checksum"},
		{NetworkTypeTvm, "0:83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a", "64 hex"},
		{NetworkTypeUnknown, "has space", "spaces"},
		{NetworkTypeUnknown, strings.Repeat("a", 257), "too long"},
	}
	for _, tt := range tests {
		err := ValidateAddress(tt.net, tt.addr)
		var ae *AddressError
		if !errors.As(err, &ae) {
			t.Errorf("%s %q: accepted (err %v)", tt.net, tt.addr, err)
			continue
		}
		if ae.Network != tt.net || !strings.Contains(ae.Reason, tt.reason) {
			t.Errorf("%s %q: reason %q, want it to mention %q", tt.net, tt.addr, ae.Reason, tt.reason)
		}
	}
}

func TestEIP55(t *testing.T) {
	for _, want := range []string{
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
		"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
		"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
	} {
		if got := EIP55(strings.ToLower(want)); got != want {
			t.Errorf("EIP55(%s) = %s", strings.ToLower(want), got)
		}
	}
	if got := EIP55("nope"); got != "nope" {
		t.Errorf("EIP55 changed a non-address: %s", got)
	}
}
