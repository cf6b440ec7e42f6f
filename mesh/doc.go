// Package mesh is a typed Go client for the Mesh Connect API: link tokens,
// managed-transfer history, the catalog of integrations, networks and tokens,
// account-level calls (holdings, balance, deposit addresses, token refresh,
// disconnect), the managed transfer flow (configure → preview → execute),
// sub-clients on the Account Management API, and webhook signatures and
// payloads. It knows nothing of storage or UI.
//
// # Clients
//
// NewClient takes the client id and API secret and sends them as
// X-Client-Id / X-Client-Secret on every call. It talks to ProductionURL
// unless WithBaseURL points it at SandboxURL, the meshdesk emulator or a
// proxy. NewAdminClient does the same for the Account Management API
// (AdminURL), exchanging its own secret for a bearer token it renews.
//
// Every call takes a context.Context. Requests validate themselves before
// anything is sent (Validate returns ValidationErrors whose entries name the
// JSON field at fault), so a form can show each message beside its input.
//
// # Errors and retries
//
// Mesh wraps every answer in an envelope {content, status, message,
// displayMessage, errorType, errorHash, errorData}. A failed call returns a
// *Error with the HTTP status and those fields; IsBadRequest, IsAuth,
// IsNotFound, IsRateLimited and IsServer tell the cases apart. A body that is
// not an envelope (HTML from a proxy, truncated JSON, nothing) is a *Error
// whose Err says so; it is never a zero-value success.
//
// Reads (GETs, holdings, balance, the exchange transfer list) and link-token
// creation are retried on 429 (honouring Retry-After), 5xx and transport
// errors with exponential backoff and jitter, within RetryPolicy's caps on
// attempts and total time. Configure, preview, execute, update, token
// refresh, deposit-address creation, disconnect and every sub-client write
// are sent once. Redirects are not followed.
//
// # Transfers
//
// Transfer is the one transfer type of the app: every field of Mesh's
// TransferModel, plus Raw, the exact JSON it was decoded from, so amounts can
// be shown and exported exactly as Mesh sent them (Transfer.RawNumber).
// Transfers fetches one page of the history; TransferPages and AllTransfers
// walk them all; TransferByID and TransferByClientTransactionID look one up.
//
// # Webhooks
//
// ConstructEvent checks the X-Mesh-Signature-256 header (base64 HMAC-SHA256
// of the raw body, compared in constant time) and parses the flat PascalCase
// payload into a WebhookEvent. SignPayload produces the header, for the
// emulator and for tests.
//
// # Addresses
//
// ValidateAddress checks a destination address for a network type, checksum
// included (EIP-55, base58check, bech32/bech32m, StrKey, TON CRC16).
package mesh
