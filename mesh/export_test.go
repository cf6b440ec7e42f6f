package mesh

import "bytes"

// Hooks for the external tests (package mesh_test) of the history page decoder, which also
// use the emulator (meshsim imports mesh, so they cannot live in package mesh).

// TransferPageBody is transferPageBody: a page of n transfers with every field set.
var TransferPageBody = transferPageBody

// DecodeTransferPageFast is the single-pass decoder alone; ok is false when it leaves the
// body to encoding/json.
func DecodeTransferPageFast(body []byte) (items []Transfer, total int, ok bool) {
	c, ok := decodeTransferPageFast(body, true)
	return c.Items, c.Total, ok
}

// DecodeTransferPageReference decodes a 200 history body the general way (encoding/json, the
// way every page was decoded before the fast path): the reference of the differential tests.
func DecodeTransferPageReference(body []byte) (items []Transfer, total int, err error) {
	var c transferPageContent
	err = decodeEnvelopeJSON("GET /api/v1/transfers/managed/mesh", 200, nil, body, false, &c, nil, nil)
	return c.Items, c.Total, err
}

// DecodeTransferPage decodes a 200 history body as Client.Transfers does (on a copy of body,
// which the transfers then point into).
func DecodeTransferPage(body []byte) (items []Transfer, total int, err error) {
	var c transferPageContent
	own := bytes.Clone(body)
	if !fastPage(&c, 200, own, false) {
		err = decodeEnvelopeJSON("GET /api/v1/transfers/managed/mesh", 200, nil, own, false, &c, nil, nil)
	}
	return c.Items, c.Total, err
}

// DecodeEnvelope is decodeEnvelope (which copies what it keeps of body) for a history page.
func DecodeEnvelope(body []byte) (items []Transfer, total int, err error) {
	var c transferPageContent
	err = decodeEnvelope("GET /api/v1/transfers/managed/mesh", 200, nil, body, false, &c, nil, nil)
	return c.Items, c.Total, err
}

// ReadBody is readBody.
var ReadBody = readBody
