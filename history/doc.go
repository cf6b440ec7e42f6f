// Package history keeps a profile's local transfer history true to Mesh. Two paths land in
// the same store under the same rules:
//
//   - Syncer pages Mesh's managed-transfer history (GET /api/v1/transfers/managed/mesh),
//     newest first, in a window frozen at the start of the run, storing every page together
//     with its cursor in one transaction. A first sync fetches everything (a backfill, finished
//     by the next run if it is interrupted); later syncs read back over an overlap and stop at a
//     whole page of transfers already held in a final state, then bring pending transfers up to
//     date. Scheduler runs it in the background.
//   - Receiver is the http.Handler for Mesh's transfer-status webhooks: it verifies
//     X-Mesh-Signature-256, records the EventId and applies the status in one transaction, and
//     fetches transfers it does not know yet in the background.
package history
