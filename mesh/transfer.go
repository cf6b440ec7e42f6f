package mesh

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// TransferStatus is the lifecycle state of a Mesh-managed transfer
// (schema TransferStatus: pending, succeeded, failed).
type TransferStatus string

// Transfer statuses as Mesh sends them in TransferModel.status. Webhooks may
// send other spellings; WebhookEvent normalises them to these values.
const (
	StatusPending   TransferStatus = "pending"
	StatusSucceeded TransferStatus = "succeeded"
	StatusFailed    TransferStatus = "failed"
)

// IsFinal reports whether the status can no longer change: succeeded or failed.
// Unknown statuses are not final, so a sync keeps re-checking them.
func (s TransferStatus) IsFinal() bool {
	return s == StatusSucceeded || s == StatusFailed
}

// Known reports whether s is one of the three statuses the spec defines.
func (s TransferStatus) Known() bool {
	switch s {
	case StatusPending, StatusSucceeded, StatusFailed:
		return true
	}
	return false
}

// TransferType is the kind of Link journey a transfer came from
// (schema TransferTypeEnum).
type TransferType string

// Transfer types accepted by link tokens and reported on transfers.
const (
	TransferTypeDeposit     TransferType = "deposit"
	TransferTypePayment     TransferType = "payment"
	TransferTypeOnramp      TransferType = "onramp"
	TransferTypeFiatOnRamp  TransferType = "fiatOnRamp"
	TransferTypeFiatOffRamp TransferType = "fiatOffRamp"
)

// TransferTypes lists every TransferType the spec allows, in spec order.
var TransferTypes = []TransferType{
	TransferTypeDeposit, TransferTypePayment, TransferTypeOnramp,
	TransferTypeFiatOnRamp, TransferTypeFiatOffRamp,
}

// Transfer is one Mesh-managed transfer (schema TransferModel), the single
// transfer type of the whole app. Amounts are float64 for display and sorting;
// Raw keeps the exact bytes Mesh sent so amounts can be exported verbatim
// (see RawNumber). Nullable strings decode null as "".
type Transfer struct {
	// ID is the Mesh transfer id (uuid, always present).
	ID string `json:"id"`
	// ClientTransactionID is the caller's transferOptions.transactionId.
	ClientTransactionID string `json:"clientTransactionId,omitempty"`
	// InstitutionTransactionID is the exchange's or wallet's own id.
	InstitutionTransactionID string `json:"institutionTransactionId,omitempty"`
	// UserID is the client's end-user id given to the link token.
	UserID string `json:"userId,omitempty"`
	// Status is pending, succeeded or failed.
	Status TransferStatus `json:"status,omitempty"`

	// AmountInFiat is the transfer amount in fiat.
	AmountInFiat float64 `json:"amountInFiat"`
	// AmountToReceiveInFiat is the amount without fees, in fiat.
	AmountToReceiveInFiat float64 `json:"amountToReceiveInFiat"`
	// AmountInFiatCurrencyCode is the fiat currency of the fiat amounts (e.g. USD).
	AmountInFiatCurrencyCode string `json:"amountInFiatCurrencyCode,omitempty"`
	// Amount is the transfer amount in Symbol.
	Amount float64 `json:"amount"`
	// AmountToReceive is the amount without fees in Symbol.
	AmountToReceive float64 `json:"amountToReceive"`
	// Symbol is the cryptocurrency symbol (e.g. USDC).
	Symbol string `json:"symbol,omitempty"`
	// TokenAddress is the token contract address (e.g. for ERC-20s).
	TokenAddress string `json:"tokenAddress,omitempty"`
	// NetworkName is the name of the network the transfer used.
	NetworkName string `json:"networkName,omitempty"`
	// NetworkID is the Mesh network id (uuid).
	NetworkID string `json:"networkId,omitempty"`
	// NetworkLogoURL is the network's logo.
	NetworkLogoURL string `json:"networkLogoUrl,omitempty"`
	// CreatedTimestamp is when the transfer was created, Unix seconds.
	CreatedTimestamp int64 `json:"createdTimestamp"`
	// From is the source integration, if known.
	From *TransferIntegration `json:"from,omitempty"`
	// Hash is the on-chain transaction hash, once known.
	Hash string `json:"hash,omitempty"`
	// SubClientID is the sub-client the transfer was made for (uuid).
	SubClientID string `json:"subClientId,omitempty"`
	// InfoURL is the transaction's page on a block explorer.
	InfoURL string `json:"infoUrl,omitempty"`
	// GasFee is the network gas fee.
	GasFee *TransferFee `json:"gasFee,omitempty"`
	// WithdrawalFee is the source institution's withdrawal fee.
	WithdrawalFee *TransferFee `json:"withdrawalFee,omitempty"`
	// ProcessingFee is Mesh's processing fee.
	ProcessingFee *TransferFee `json:"processingFee,omitempty"`
	// ExecutedTimestamp is when the transfer was executed, Unix seconds.
	ExecutedTimestamp *int64 `json:"executedTimestamp,omitempty"`
	// TransferType is the journey the transfer came from.
	TransferType TransferType `json:"transferType,omitempty"`
	// IsFeeIncluded reports whether fees were deducted from Amount.
	IsFeeIncluded bool `json:"isFeeIncluded"`
	// SourceAmount is what actually left the source account.
	SourceAmount *float64 `json:"sourceAmount,omitempty"`
	// DestinationAmount is what the destination actually received.
	DestinationAmount *float64 `json:"destinationAmount,omitempty"`
	// DestinationAmountInFiat is DestinationAmount in fiat.
	DestinationAmountInFiat *float64 `json:"destinationAmountInFiat,omitempty"`
	// TotalFeesAmountInFiat is all fees the user paid, in fiat.
	TotalFeesAmountInFiat float64 `json:"totalFeesAmountInFiat"`
	// TotalTransactionAmountInFiat is the total fiat amount at the origin.
	TotalTransactionAmountInFiat float64 `json:"totalTransactionAmountInFiat"`
	// FundingMethods are the SmartFunding steps that funded the transfer.
	FundingMethods []TransferFunding `json:"fundingMethods,omitempty"`
	// DestinationAddress is where the funds were sent.
	DestinationAddress string `json:"destinationAddress,omitempty"`
	// RefundAddress is where a failed or returned transfer is refunded.
	RefundAddress string `json:"refundAddress,omitempty"`
	// BridgingDetails describes a bridging operation, if any.
	BridgingDetails *BridgingDetails `json:"bridgingDetails,omitempty"`

	// Raw is the exact JSON object this Transfer was decoded from (nil when
	// built in code). It is not marshalled.
	Raw json.RawMessage `json:"-"`
}

// TransferIntegration is the integration a transfer came from
// (schema TransferIntegrationWithLogoModel).
type TransferIntegration struct {
	// ID is the integration id (uuid).
	ID string `json:"id,omitempty"`
	// Type is the integration's BrokerType (e.g. coinbase).
	Type string `json:"type,omitempty"`
	// Name is the integration's display name.
	Name string `json:"name,omitempty"`
	// LogoURL is the integration's logo.
	LogoURL string `json:"logoUrl,omitempty"`
}

// TransferFee is one fee of a transfer (schema TransferFee).
type TransferFee struct {
	// Fee is the fee amount in FeeCurrency.
	Fee float64 `json:"fee"`
	// FeeCurrency is the fee's currency; it may differ from the transfer's.
	FeeCurrency string `json:"feeCurrency,omitempty"`
	// FeeInFiat is the fee converted to fiat.
	FeeInFiat float64 `json:"feeInFiat"`
	// FeeInTransferCurrency is the fee in the transfer's currency. Newer docs
	// add it; the spec file does not have it, so it is nil when absent.
	FeeInTransferCurrency *float64 `json:"feeInTransferCurrency,omitempty"`
}

// TransferFunding is one funding method of a transfer (schema TransferFundingModel).
type TransferFunding struct {
	// Type is the CryptocurrencyFundingOptionType (e.g. cryptocurrencyConversion).
	Type string `json:"type,omitempty"`
	// Amount is the amount funded.
	Amount float64 `json:"amount"`
	// AmountInFiat is Amount in fiat.
	AmountInFiat float64 `json:"amountInFiat"`
	// ToSymbol is the symbol purchased.
	ToSymbol string `json:"toSymbol,omitempty"`
	// FromAmount is the amount used.
	FromAmount float64 `json:"fromAmount"`
	// FromSymbol is the symbol used.
	FromSymbol string `json:"fromSymbol,omitempty"`
	// PaymentMethodType is card, bankAccount, digitalWallet or unknown.
	PaymentMethodType string `json:"paymentMethodType,omitempty"`
	// Fee is the funding step's fee.
	Fee *TransferFee `json:"fee,omitempty"`
}

// BridgingDetails describes a bridging operation (schema BridgingTransferDetailsModel).
type BridgingDetails struct {
	// Status is the BridgingOperationStatus (e.g. providerProcessedPayment).
	Status string `json:"status,omitempty"`
	// StatusDescription explains Status.
	StatusDescription string `json:"statusDescription,omitempty"`
	// TargetSide is the destination leg.
	TargetSide *BridgingSide `json:"targetSide,omitempty"`
	// SourceSide is the source leg.
	SourceSide *BridgingSide `json:"sourceSide,omitempty"`
	// Timeline lists the bridging events in order.
	Timeline []BridgingEvent `json:"timeline,omitempty"`
}

// BridgingSide is one leg of a bridging operation (schema BridgingTransferSide).
type BridgingSide struct {
	// NetworkName is the leg's network.
	NetworkName string `json:"networkName,omitempty"`
	// Symbol is the leg's asset.
	Symbol string `json:"symbol,omitempty"`
	// Amount is the leg's amount.
	Amount float64 `json:"amount"`
	// TransactionHash is the leg's on-chain hash.
	TransactionHash string `json:"transactionHash,omitempty"`
	// InfoURL is the leg's block-explorer page.
	InfoURL string `json:"infoUrl,omitempty"`
}

// BridgingEvent is one event of a bridging timeline (schema BridgingTimelineEvent).
type BridgingEvent struct {
	// EventType names the event.
	EventType string `json:"eventType,omitempty"`
	// Description explains the event.
	Description string `json:"description,omitempty"`
	// Timestamp is when it happened, Unix seconds.
	Timestamp int64 `json:"timestamp"`
}

// UnmarshalJSON decodes a TransferModel and keeps a copy of the exact bytes in Raw.
func (t *Transfer) UnmarshalJSON(data []byte) error {
	type plain Transfer
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return fmt.Errorf("decode transfer: %w", err)
	}
	*t = Transfer(p)
	if !bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		t.Raw = append(json.RawMessage(nil), data...)
	}
	return nil
}

// RawNumber returns the JSON number literal of a top-level field exactly as
// Mesh sent it (e.g. "0.004786046226555188"), and false when Raw is empty,
// the field is absent, null, or not a number.
func (t *Transfer) RawNumber(field string) (string, bool) {
	return rawNumber(t.Raw, field)
}

// rawNumber finds field in a JSON object and returns its number literal.
func rawNumber(raw json.RawMessage, field string) (string, bool) {
	if len(raw) == 0 {
		return "", false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil {
		return "", false
	}
	v, ok := m[field]
	if !ok {
		return "", false
	}
	v = bytes.TrimSpace(v)
	if len(v) == 0 || (v[0] != '-' && (v[0] < '0' || v[0] > '9')) {
		return "", false
	}
	return string(v), true
}

// Valid reports whether t is a TransferType the spec defines.
func (t TransferType) Valid() bool {
	for _, x := range TransferTypes {
		if x == t {
			return true
		}
	}
	return false
}
