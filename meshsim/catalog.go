package meshsim

import (
	"regexp"
	"strings"
)

// Network is one blockchain network of the emulator's catalog
// (GET /api/v1/transfers/managed/networks).
type Network struct {
	ID           string   // Mesh network id (uuid)
	Name         string   // display name, e.g. "Ethereum"
	ChainID      string   // EVM chain id or a short name for other chains
	Type         string   // NetworkType enum value: evm, solana, bitcoin, tron, cardano …
	NativeSymbol string   // gas asset
	Symbols      []string // tokens transferable on it
	// AddressPattern is the regular expression a destination address must match.
	AddressPattern string
	re             *regexp.Regexp
}

// ValidAddress reports whether addr is a well-formed address on this network.
func (n *Network) ValidAddress(addr string) bool { return n.re.MatchString(addr) }

// Auth kinds of catalog integrations: how the Link page authenticates the user.
const (
	AuthCredentials = "credentials" // username/password, any value accepted (sandbox)
	AuthMFA         = "mfa"         // credentials, then an MFA code step (any 6 digits)
	AuthOAuth       = "oauth"       // popup to the emulator's authorise page (issue 9)
	AuthDelayed     = "delayed"     // delayed authentication: a refresh token only
	AuthWallet      = "wallet"      // self-custody wallet: connect and sign a message
)

// Integration is one exchange or wallet of the emulator's catalog (GET /api/v1/integrations).
type Integration struct {
	ID   string // uuid
	Name string // display name
	// Type is the Mesh BrokerType (coinbase, binanceInternational, deFiWallet, sandbox …).
	Type string
	// Category is "exchange" or "wallet" (FinancialInstitutionIntegrationType).
	Category string
	// Auth says how the Link page authenticates: one of the Auth* constants.
	Auth string
	// WalletProvider is the deFiWalletProviderId for wallets ("metamask", "phantom").
	WalletProvider string
	// Networks are the ids of the networks this integration can send on.
	Networks []string
	// Color is a brand colour for the Link page.
	Color string
}

// IsWallet reports whether the integration is a self-custody wallet.
func (i *Integration) IsWallet() bool { return i.Category == "wallet" }

// Known network ids (the first three and the USDT one are Mesh's real ids, mesh-api.md §7).
const (
	NetEthereum = "e3c7fdd8-b1fc-4e51-85ae-bb276e075611"
	NetPolygon  = "7436e9d0-ba42-4d2b-b4c0-8e4e606b2c12"
	NetCardano  = "f7a660cd-bac0-4ae8-8ddb-c54d321b55dc"
	NetBNB      = "18fa36b0-88a8-43ca-83db-9a874e0a2288" // chain not stated by Mesh; BNB Chain here
	NetSolana   = "0261d4f7-8a2a-4c57-8d2a-8b8e6f0e5a01"
	NetBitcoin  = "5b0b9e3a-0d5e-4f8e-9a5c-2a3b4c5d6e71"
	NetBase     = "aa883b03-120d-477c-a588-37c2afd3ca71"
	NetArbitrum = "2c2d6a7b-9b1f-4e3a-8f6e-4a5b6c7d8e91"
	NetTron     = "c8b0f7a4-5d6e-4f3a-9b2c-1d0e9f8a7b61"
)

// Known integration ids (Coinbase's is Mesh's real id).
const (
	IntCoinbase = "47624467-e52e-4938-a41a-7926b6c27acf"
	IntBinance  = "9226e5c2-ebc3-4fdd-94f6-ed52cdce1420"
	IntKraken   = "b6f5e0f3-3f4d-4b8c-a0e1-3b2c1d0e9f81"
	IntOKX      = "d1c2b3a4-5e6f-4a7b-8c9d-0e1f2a3b4c51"
	IntSandbox  = "7f1d6c5b-4a3e-4d2c-9b1a-0f9e8d7c6b51"
	IntGemini   = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a661"
	IntMetaMask = "34aeb688-decb-485f-9d80-b66466783394"
	IntPhantom  = "757e703f-a8fe-4dc4-9d8a-6f3c2d1e0b91"
)

var (
	evmPattern = `^0x[0-9a-fA-F]{40}$`
	b58        = `[1-9A-HJ-NP-Za-km-z]`
)

var networks = func() []*Network {
	ns := []*Network{
		{ID: NetEthereum, Name: "Ethereum", ChainID: "1", Type: "evm", NativeSymbol: "ETH", Symbols: []string{"ETH", "USDC", "USDT"}, AddressPattern: evmPattern},
		{ID: NetPolygon, Name: "Polygon", ChainID: "137", Type: "evm", NativeSymbol: "POL", Symbols: []string{"POL", "USDC", "USDT"}, AddressPattern: evmPattern},
		{ID: NetBase, Name: "Base", ChainID: "8453", Type: "evm", NativeSymbol: "ETH", Symbols: []string{"ETH", "USDC"}, AddressPattern: evmPattern},
		{ID: NetArbitrum, Name: "Arbitrum", ChainID: "42161", Type: "evm", NativeSymbol: "ETH", Symbols: []string{"ETH", "USDC"}, AddressPattern: evmPattern},
		{ID: NetBNB, Name: "BNB Chain", ChainID: "56", Type: "evm", NativeSymbol: "BNB", Symbols: []string{"BNB", "USDT", "USDC"}, AddressPattern: evmPattern},
		{ID: NetSolana, Name: "Solana", ChainID: "solana", Type: "solana", NativeSymbol: "SOL", Symbols: []string{"SOL", "USDC"}, AddressPattern: `^` + b58 + `{32,44}$`},
		{ID: NetBitcoin, Name: "Bitcoin", ChainID: "bitcoin", Type: "bitcoin", NativeSymbol: "BTC", Symbols: []string{"BTC"}, AddressPattern: `^(bc1[02-9ac-hj-np-z]{11,71}|[13]` + b58 + `{25,34})$`},
		{ID: NetTron, Name: "Tron", ChainID: "tron", Type: "tron", NativeSymbol: "TRX", Symbols: []string{"TRX", "USDT"}, AddressPattern: `^T` + b58 + `{33}$`},
		{ID: NetCardano, Name: "Cardano", ChainID: "cardano", Type: "cardano", NativeSymbol: "ADA", Symbols: []string{"ADA"}, AddressPattern: `^addr1[02-9ac-hj-np-z]{50,110}$`},
	}
	for _, n := range ns {
		n.re = regexp.MustCompile(n.AddressPattern)
	}
	return ns
}()

var allNetworkIDs = func() []string {
	var ids []string
	for _, n := range networks {
		ids = append(ids, n.ID)
	}
	return ids
}()

var integrations = []*Integration{
	{ID: IntCoinbase, Name: "Coinbase", Type: "coinbase", Category: "exchange", Auth: AuthOAuth, Color: "#0052FF",
		Networks: []string{NetEthereum, NetPolygon, NetBase, NetArbitrum, NetSolana, NetBitcoin, NetCardano}},
	{ID: IntBinance, Name: "Binance", Type: "binanceInternational", Category: "exchange", Auth: AuthMFA, Color: "#F0B90B",
		Networks: []string{NetEthereum, NetPolygon, NetBNB, NetArbitrum, NetSolana, NetBitcoin, NetTron, NetCardano}},
	{ID: IntKraken, Name: "Kraken", Type: "kraken", Category: "exchange", Auth: AuthCredentials, Color: "#5741D9",
		Networks: []string{NetEthereum, NetPolygon, NetSolana, NetBitcoin, NetTron, NetCardano}},
	{ID: IntOKX, Name: "OKX", Type: "okx", Category: "exchange", Auth: AuthCredentials, Color: "#000000",
		Networks: []string{NetEthereum, NetPolygon, NetBase, NetArbitrum, NetBNB, NetSolana, NetBitcoin, NetTron}},
	{ID: IntSandbox, Name: "Sandbox Exchange", Type: "sandbox", Category: "exchange", Auth: AuthCredentials, Color: "#2E7D32",
		Networks: allNetworkIDs},
	{ID: IntGemini, Name: "Gemini", Type: "gemini", Category: "exchange", Auth: AuthDelayed, Color: "#00DCFA",
		Networks: []string{NetEthereum, NetSolana, NetBitcoin}},
	{ID: IntMetaMask, Name: "MetaMask", Type: "deFiWallet", Category: "wallet", Auth: AuthWallet, WalletProvider: "metamask", Color: "#F6851B",
		Networks: []string{NetEthereum, NetPolygon, NetBase, NetArbitrum, NetBNB}},
	{ID: IntPhantom, Name: "Phantom", Type: "deFiWallet", Category: "wallet", Auth: AuthWallet, WalletProvider: "phantom", Color: "#AB9FF2",
		Networks: []string{NetSolana, NetEthereum, NetPolygon, NetBase}},
}

// prices are the emulator's fixed USD prices.
var prices = map[string]float64{
	"ETH": 3000, "BTC": 60000, "SOL": 150, "BNB": 600, "POL": 0.5, "TRX": 0.12, "ADA": 0.4,
	"USDC": 1, "USDT": 1,
}

// tokenOrder fixes the order of GET /api/v1/transfers/managed/tokens.
var tokenOrder = []string{"ETH", "BTC", "SOL", "BNB", "POL", "TRX", "ADA", "USDC", "USDT"}

// Networks returns the emulator's network catalog (shared; do not modify).
func (s *Sim) Networks() []*Network { return networks }

// Network returns the network with the given id.
func (s *Sim) Network(id string) (*Network, bool) { return networkByID(id) }

// Integrations returns the emulator's integration catalog (shared; do not modify).
func (s *Sim) Integrations() []*Integration { return integrations }

// Integration returns the integration with the given id.
func (s *Sim) Integration(id string) (*Integration, bool) { return integrationByID(id) }

// IntegrationByType returns the first integration of the given BrokerType
// (for wallets, deFiWallet matches MetaMask).
func (s *Sim) IntegrationByType(brokerType string) (*Integration, bool) {
	for _, in := range integrations {
		if strings.EqualFold(in.Type, brokerType) {
			return in, true
		}
	}
	return nil, false
}

// Price returns the emulator's USD price of a symbol (0 if unknown).
func Price(symbol string) float64 { return prices[strings.ToUpper(symbol)] }

func networkByID(id string) (*Network, bool) {
	for _, n := range networks {
		if strings.EqualFold(n.ID, id) {
			return n, true
		}
	}
	return nil, false
}

func integrationByID(id string) (*Integration, bool) {
	for _, in := range integrations {
		if strings.EqualFold(in.ID, id) {
			return in, true
		}
	}
	return nil, false
}

func (n *Network) supports(symbol string) bool {
	for _, s := range n.Symbols {
		if strings.EqualFold(s, symbol) {
			return true
		}
	}
	return false
}

func (in *Integration) hasNetwork(id string) bool {
	for _, n := range in.Networks {
		if strings.EqualFold(n, id) {
			return true
		}
	}
	return false
}

// logoURL is the logo URL the emulator puts in transfer history and Link payloads: a stable,
// fake address (stored history must not name a port that changes each start). The catalog
// endpoints return logos the emulator serves itself (logos.go).
func logoURL(kind, name string) string {
	return "https://static.meshconnect.invalid/" + kind + "/" + name + ".svg"
}
