// Package mesh is a typed Go client for the Mesh Connect API: link tokens,
// managed-transfer history, the catalog of integrations, networks and tokens,
// account-level calls, the managed transfer flow, sub-clients on the Account
// Management API, and webhook signatures and payloads.
//
// It knows nothing of storage or UI. Every call takes a context.Context;
// errors from Mesh are *Error values, and request types validate themselves
// (Validate returns a *ValidationError naming the offending field).
package mesh
