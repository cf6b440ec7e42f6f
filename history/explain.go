package history

import (
	"fmt"
	"time"

	"meshdesk/mesh"
)

// Source kinds of a transfer, as Explain reports them.
const (
	SourceWallet   = "wallet"
	SourceExchange = "exchange"
	SourceUnknown  = "unknown"
)

// walletTypes are the BrokerTypes of self-custody wallets; every other source is an exchange
// or brokerage account.
var walletTypes = map[string]bool{"deFiWallet": true, "cryptocurrencyWallet": true, "cryptocurrencyAddress": true}

// SourceKind says whether a transfer came from a self-custody wallet or an exchange account.
func SourceKind(t mesh.Transfer) string {
	if t.From == nil || t.From.Type == "" {
		return SourceUnknown
	}
	if walletTypes[t.From.Type] {
		return SourceWallet
	}
	return SourceExchange
}

// Explanation is a transfer's status and refund address in plain words, for the detail view
// and `meshdesk transfers show`.
type Explanation struct {
	// SourceKind is SourceWallet, SourceExchange or SourceUnknown.
	SourceKind string `json:"sourceKind"`
	// Status says what the status means for the money.
	Status string `json:"status"`
	// Refund says where a refund goes and why that address.
	Refund string `json:"refund"`
}

// stuckAfter is how long a pending transfer may stay pending before Explain calls it unusual.
const stuckAfter = 48 * time.Hour

// Explain describes t at time now.
func Explain(t mesh.Transfer, now time.Time) Explanation {
	e := Explanation{SourceKind: SourceKind(t)}
	name := "the source"
	if t.From != nil && t.From.Name != "" {
		name = t.From.Name
	}
	network := t.NetworkName
	if network == "" {
		network = "the network"
	}
	switch t.Status {
	case mesh.StatusPending:
		age := now.Sub(time.Unix(t.CreatedTimestamp, 0))
		e.Status = fmt.Sprintf("Pending: Mesh has not confirmed it yet; %s may still be processing the withdrawal, or it is waiting for confirmations on %s.", name, network)
		if t.CreatedTimestamp > 0 && age > stuckAfter {
			e.Status += fmt.Sprintf(" It has been pending for %d days, which is unusually long: ask Mesh support about transfer %s.", int(age.Hours()/24), t.ID)
		}
	case mesh.StatusSucceeded:
		e.Status = "Succeeded: Mesh confirmed the funds reached the destination address"
		if t.Hash != "" {
			e.Status += " (on-chain transaction " + t.Hash + ")"
		}
		e.Status += "."
	case mesh.StatusFailed:
		e.Status = "Failed: the funds did not reach the destination. If the source was debited, the money goes back to the refund address."
	default:
		e.Status = fmt.Sprintf("Mesh reports the status %q, which this version does not know.", string(t.Status))
	}
	switch {
	case t.RefundAddress == "":
		e.Refund = "Mesh gave no refund address for this transfer."
	case e.SourceKind == SourceWallet:
		e.Refund = fmt.Sprintf("The source is a self-custody wallet (%s): the refund address %s is the wallet that sent the funds, so a refund goes straight back to it.", name, t.RefundAddress)
	case e.SourceKind == SourceExchange:
		e.Refund = fmt.Sprintf("The source is an exchange account (%s). Exchanges send on chain from shared hot wallets, so the address the funds came from on chain belongs to %s, not to the user, and must not be used for a refund. The refund address %s is the user's own deposit address at %s.", name, name, t.RefundAddress, name)
	default:
		e.Refund = fmt.Sprintf("Refund to %s, the address Mesh gives for returning funds to the user.", t.RefundAddress)
	}
	return e
}
