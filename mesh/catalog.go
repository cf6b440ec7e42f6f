package mesh

import "context"

// integrationsContent is the content of IntegrationsResponseApiResult.
type integrationsContent struct {
	Items []Integration `json:"items"`
}

// networksContent is the content of NetworkModelResponseApiResult.
type networksContent struct {
	Networks []Network `json:"networks"`
}

// managedIntegrationsContent is the content of IntegrationNetworkResponseApiResult.
type managedIntegrationsContent struct {
	Integrations []ManagedIntegration `json:"integrations"`
}

// tokensContent is the content of TokenNetworksResponseApiResult.
type tokensContent struct {
	Tokens []Token `json:"tokens"`
}

// Integrations lists every integration Link offers (GET /api/v1/integrations),
// with ids usable as LinkTokenRequest.IntegrationID.
func (c *Client) Integrations(ctx context.Context) ([]Integration, error) {
	var content integrationsContent
	err := c.do(ctx, call{method: "GET", path: "/api/v1/integrations", retry: true}, &content)
	return content.Items, err
}

// Networks lists the networks managed transfers can use, with their tokens,
// network type and supported integrations (GET /api/v1/transfers/managed/networks).
func (c *Client) Networks(ctx context.Context) ([]Network, error) {
	var content networksContent
	err := c.do(ctx, call{method: "GET", path: "/api/v1/transfers/managed/networks", retry: true}, &content)
	return content.Networks, err
}

// ManagedIntegrations lists the integrations that support managed transfers
// and on which networks (GET /api/v1/transfers/managed/integrations).
func (c *Client) ManagedIntegrations(ctx context.Context) ([]ManagedIntegration, error) {
	var content managedIntegrationsContent
	err := c.do(ctx, call{method: "GET", path: "/api/v1/transfers/managed/integrations", retry: true}, &content)
	return content.Integrations, err
}

// Tokens lists the tokens managed transfers support, with their networks
// and integrations (GET /api/v1/transfers/managed/tokens).
func (c *Client) Tokens(ctx context.Context) ([]Token, error) {
	var content tokensContent
	err := c.do(ctx, call{method: "GET", path: "/api/v1/transfers/managed/tokens", retry: true}, &content)
	return content.Tokens, err
}

// NetworkByID finds a network in a Networks result (ids compare case-insensitively).
func NetworkByID(networks []Network, id string) (Network, bool) {
	for _, n := range networks {
		if equalFoldASCII(n.ID, id) {
			return n, true
		}
	}
	return Network{}, false
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
