package history

import (
	"context"

	"meshdesk/mesh"
)

// PageQuery is one request for a page of the managed-transfer history, always ordered by
// createdTimestamp, newest first.
type PageQuery struct {
	// Offset and Count select the page (Count ≤ 100).
	Offset, Count int
	// From and To bound createdTimestamp (Unix seconds, inclusive); 0 means unbounded.
	From, To int64
	// Statuses keeps only transfers in these statuses (none: all).
	Statuses []mesh.TransferStatus
	// ID looks up one transfer by its Mesh id.
	ID string
}

// Page is one page of the history and the number of transfers matching the query.
type Page struct {
	// Transfers are the page's transfers, newest first.
	Transfers []mesh.Transfer
	// Total is how many transfers match the query in all.
	Total int
}

// Source serves pages of Mesh's managed-transfer history. MeshSource adapts a *mesh.Client;
// tests wrap a Source to count, slow down or break requests.
type Source interface {
	TransferPage(ctx context.Context, q PageQuery) (Page, error)
}

// SourceFunc adapts a function to Source.
type SourceFunc func(ctx context.Context, q PageQuery) (Page, error)

// TransferPage calls f.
func (f SourceFunc) TransferPage(ctx context.Context, q PageQuery) (Page, error) { return f(ctx, q) }

// MeshSource serves pages from Mesh through c (ordered by createdTimestamp, newest first),
// with the client's retries.
func MeshSource(c *mesh.Client) Source { return meshSource{c} }

type meshSource struct{ c *mesh.Client }

func (m meshSource) TransferPage(ctx context.Context, q PageQuery) (Page, error) {
	p, err := m.c.Transfers(ctx, mesh.TransferQuery{
		Count: q.Count, Offset: q.Offset, ID: q.ID, Statuses: q.Statuses,
		FromTimestamp: q.From, ToTimestamp: q.To,
		OrderBy: mesh.OrderByCreatedTimestamp, DescendingOrder: true,
	})
	if err != nil {
		return Page{}, err
	}
	return Page{Transfers: p.Items, Total: p.Total}, nil
}
