package meshsim

import (
	"net/http"
)

// Catalog routes: integrations, networks, managed integrations, tokens.

type integrationStyle struct {
	FieldActiveLight     string `json:"fieldActiveLight"`
	ButtonPrimaryLight   string `json:"buttonPrimaryLight"`
	ButtonHoverLight     string `json:"buttonHoverLight"`
	ButtonTextLight      string `json:"buttonTextLight"`
	ButtonTextHoverLight string `json:"buttonTextHoverLight"`
	FieldActiveDark      string `json:"fieldActiveDark"`
	ButtonPrimaryDark    string `json:"buttonPrimaryDark"`
	ButtonHoverDark      string `json:"buttonHoverDark"`
	ButtonTextDark       string `json:"buttonTextDark"`
	ButtonTextHoverDark  string `json:"buttonTextHoverDark"`
}

type integrationLogo struct {
	LogoLightURL string  `json:"logoLightUrl"`
	LogoDarkURL  string  `json:"logoDarkUrl"`
	LogoWhiteURL string  `json:"logoWhiteUrl"`
	LogoBlackURL string  `json:"logoBlackUrl"`
	LogoColorURL string  `json:"logoColorUrl"`
	IconLightURL string  `json:"iconLightUrl"`
	IconDarkURL  string  `json:"iconDarkUrl"`
	IconWhiteURL string  `json:"iconWhiteUrl"`
	IconBlackURL string  `json:"iconBlackUrl"`
	IconColorURL string  `json:"iconColorUrl"`
	Base64Logo   *string `json:"base64Logo"`
}

type integrationModel struct {
	ID                       string           `json:"id"`
	Name                     string           `json:"name"`
	Type                     string           `json:"type"`
	DeFiWalletProviderID     *string          `json:"deFiWalletProviderId"`
	Categories               []string         `json:"categories"`
	Style                    integrationStyle `json:"style"`
	Logo                     integrationLogo  `json:"logo"`
	ForgotPasswordLink       *string          `json:"forgotPasswordLink"`
	CryptoTransfersSupported bool             `json:"cryptoTransfersSupported"`
}

func (s *Sim) handleIntegrations(w http.ResponseWriter, r *http.Request, c Client) {
	base := s.publicBase(r)
	items := make([]integrationModel, 0, len(integrations))
	for _, in := range integrations {
		m := integrationModel{ID: in.ID, Name: in.Name, Type: in.Type, Categories: []string{in.Category},
			CryptoTransfersSupported: true}
		if in.WalletProvider != "" {
			p := in.WalletProvider
			m.DeFiWalletProviderID = &p
			m.Categories = []string{"wallet", "deFiWallet"}
		}
		st := integrationStyle{in.Color, in.Color, in.Color, "#FFFFFF", "#FFFFFF", in.Color, in.Color, in.Color, "#FFFFFF", "#FFFFFF"}
		m.Style = st
		m.Logo = integrationLogos(base, in)
		items = append(items, m)
	}
	writeOK(w, map[string]any{"items": items})
}

type networkToken struct {
	Symbol  string `json:"symbol"`
	LogoURL string `json:"logoUrl"`
}

type networkModel struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ChainID              string         `json:"chainId"`
	LogoURL              string         `json:"logoUrl"`
	SupportedTokens      []string       `json:"supportedTokens"`
	NativeSymbol         string         `json:"nativeSymbol"`
	NetworkType          string         `json:"networkType"`
	Tokens               []networkToken `json:"tokens"`
	SupportedBrokerTypes []string       `json:"supportedBrokerTypes"`
}

func brokerTypesOn(networkID string) []string {
	var out []string
	seen := map[string]bool{}
	for _, in := range integrations {
		if in.hasNetwork(networkID) && !seen[in.Type] {
			seen[in.Type] = true
			out = append(out, in.Type)
		}
	}
	return out
}

func (s *Sim) handleNetworks(w http.ResponseWriter, r *http.Request, c Client) {
	base := s.publicBase(r)
	out := make([]networkModel, 0, len(networks))
	for _, n := range networks {
		m := networkModel{ID: n.ID, Name: n.Name, ChainID: n.ChainID, LogoURL: networkLogo(base, n),
			SupportedTokens: n.Symbols, NativeSymbol: n.NativeSymbol, NetworkType: n.Type,
			SupportedBrokerTypes: brokerTypesOn(n.ID)}
		for _, sym := range n.Symbols {
			m.Tokens = append(m.Tokens, networkToken{sym, tokenLogo(base, sym)})
		}
		out = append(out, m)
	}
	writeOK(w, map[string]any{"networks": out})
}

type deviceNetwork struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	ChainID          string   `json:"chainId"`
	LogoURL          string   `json:"logoUrl"`
	SupportedTokens  []string `json:"supportedTokens"`
	NativeSymbol     string   `json:"nativeSymbol"`
	SupportedDevices []string `json:"supportedDevices"`
}

func (s *Sim) handleManagedIntegrations(w http.ResponseWriter, r *http.Request, c Client) {
	type item struct {
		ID                        string          `json:"id"`
		Type                      string          `json:"type"`
		Name                      string          `json:"name"`
		Networks                  []deviceNetwork `json:"networks"`
		SupportsOutgoingTransfers bool            `json:"supportsOutgoingTransfers"`
		SupportsIncomingTransfers bool            `json:"supportsIncomingTransfers"`
	}
	base := s.publicBase(r)
	out := make([]item, 0, len(integrations))
	for _, in := range integrations {
		it := item{ID: in.ID, Type: in.Type, Name: in.Name, SupportsOutgoingTransfers: true, SupportsIncomingTransfers: !in.IsWallet()}
		for _, nid := range in.Networks {
			n, _ := networkByID(nid)
			it.Networks = append(it.Networks, deviceNetwork{ID: n.ID, Name: n.Name, ChainID: n.ChainID,
				LogoURL: networkLogo(base, n), SupportedTokens: n.Symbols, NativeSymbol: n.NativeSymbol,
				SupportedDevices: []string{"android", "ios", "web"}})
		}
		out = append(out, it)
	}
	writeOK(w, map[string]any{"integrations": out})
}

func (s *Sim) handleTokens(w http.ResponseWriter, r *http.Request, c Client) {
	type baseNet struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		ChainID string `json:"chainId"`
		LogoURL string `json:"logoUrl"`
	}
	type intNet struct {
		NetworkID      string `json:"networkId"`
		NetwokName     string `json:"netwokName"` // sic: the spec's spelling
		InnerNetworkID string `json:"innerNetworkId"`
		NetworkLogo    string `json:"networkLogo"`
		BrokerType     string `json:"brokerType"`
	}
	type item struct {
		Token                 string    `json:"token"`
		Networks              []baseNet `json:"networks"`
		SupportedIntegrations []string  `json:"supportedIntegrations"`
		IntegrationNetworks   []intNet  `json:"integrationNetworks"`
		TokenLogoURL          string    `json:"tokenLogoUrl"`
	}
	base := s.publicBase(r)
	var out []item
	for _, sym := range tokenOrder {
		it := item{Token: sym, TokenLogoURL: tokenLogo(base, sym)}
		seen := map[string]bool{}
		for _, n := range networks {
			if !n.supports(sym) {
				continue
			}
			it.Networks = append(it.Networks, baseNet{n.ID, n.Name, n.ChainID, networkLogo(base, n)})
			for _, in := range integrations {
				if in.hasNetwork(n.ID) {
					it.IntegrationNetworks = append(it.IntegrationNetworks, intNet{n.ID, n.Name, n.ChainID, networkLogo(base, n), in.Type})
					if !seen[in.Type] {
						seen[in.Type] = true
						it.SupportedIntegrations = append(it.SupportedIntegrations, in.Type)
					}
				}
			}
		}
		out = append(out, it)
	}
	writeOK(w, map[string]any{"tokens": out})
}
