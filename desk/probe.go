package desk

import (
	"context"
	"net/http"
	"time"

	"meshdesk/mesh"
)

// probe is the two calls "Test connection" makes.
type probe struct{ c *mesh.Client }

func newProbe(c *mesh.Client) probe { return probe{c: c} }

// networks lists Mesh's networks (GET /api/v1/transfers/managed/networks).
func (p probe) networks(ctx context.Context) (int, error) {
	ns, err := p.c.Networks(ctx)
	return len(ns), err
}

// historyPage reads a one-item page of the managed-transfer history and returns its total.
func (p probe) historyPage(ctx context.Context) (int, error) {
	page, err := p.c.Transfers(ctx, mesh.TransferQuery{Count: 1})
	return page.Total, err
}

// testHTTPClient is the HTTP client of a connection test: one attempt, bounded.
func testHTTPClient(base *http.Client) *http.Client {
	c := *base
	if c.Timeout == 0 || c.Timeout > 20*time.Second {
		c.Timeout = 20 * time.Second
	}
	return &c
}
