package mesh

// The types in this file follow the request and response schemas of Mesh's
// OpenAPI spec (../shared/mesh-openapi/swagger.json) for the endpoints this
// client calls, with simpler Go names. Nullable numbers are pointers; in
// request types every optional number is a pointer, so zero can be sent on
// purpose and unset is never sent.

import "slices"

// AccountBalance is Mesh's B2BBrokerAccountBalance.
type AccountBalance struct {
	// Withdrawable cash amount on the account.
	Cash *float64 `json:"cash,omitempty"`
	// Buying power indicating the maximum amount the user can spend to buy assets.
	BuyingPower *float64 `json:"buyingPower,omitempty"`
	// Buying power available for placing cryptocurrency orders.
	CryptocurrencyBuyingPower *float64 `json:"cryptocurrencyBuyingPower,omitempty"`
	// ISO 4217 currency code.
	CurrencyCode string `json:"currencyCode,omitempty"`
}

// AccountRequest is Mesh's BrokerBaseRequest.
type AccountRequest struct {
	// Auth token that allows connecting to the target institution
	AuthToken string `json:"authToken"`
	// Type of the institution to connect
	Type BrokerType `json:"type,omitempty"`
}

// AccountTokens is Mesh's BrokerAccountTokens.
type AccountTokens struct {
	// Account is the "account" field.
	Account *BrokerAccount `json:"account,omitempty"`
	// AccessToken is the "accessToken" field.
	AccessToken string `json:"accessToken,omitempty"`
	// RefreshToken is the "refreshToken" field.
	RefreshToken string `json:"refreshToken,omitempty"`
	// Token identifier provided by Mesh when the actual integration's token is managed by Mesh's Token Management System.
	TokenID string `json:"tokenId,omitempty"`
}

// Balance is Mesh's B2BBrokerAccountBalanceModel.
type Balance struct {
	// Balances is the "balances" field.
	Balances []AccountBalance `json:"balances,omitempty"`
	// Total USD value of all currencies
	TotalCashUSDValue *float64 `json:"totalCashUsdValue,omitempty"`
	// Total USD value of all Buying Power
	TotalBuyingPowerUSDValue *float64 `json:"totalBuyingPowerUsdValue,omitempty"`
}

// BalanceRequest is Mesh's BalanceBrokerBaseRequest.
type BalanceRequest struct {
	// Auth token that allows connecting to the target institution
	AuthToken string `json:"authToken"`
	// Type of the institution to connect
	Type BrokerType `json:"type,omitempty"`
}

// BrokerAccount is Mesh's BrokerAccount.
type BrokerAccount struct {
	// MeshAccountID is the "meshAccountId" field.
	MeshAccountID string `json:"meshAccountId,omitempty"`
	// FrontAccountID is the "frontAccountId" field.
	//
	// Deprecated: Mesh marks this field deprecated.
	FrontAccountID string `json:"frontAccountId,omitempty"`
	// AccountID is the "accountId" field.
	AccountID string `json:"accountId,omitempty"`
	// AccountName is the "accountName" field.
	AccountName string `json:"accountName,omitempty"`
	// Buying power of the account.
	Fund *float64 `json:"fund,omitempty"`
	// Cash balance in USD
	Cash *float64 `json:"cash,omitempty"`
	// Indicates if this account was already connected by the current user and device.
	IsReconnected *bool `json:"isReconnected,omitempty"`
	// The list of all asset balances of account
	Balances []BrokerFiatBalance `json:"balances,omitempty"`
}

// BrokerCryptocurrencyTransactionNetworkFee is Mesh's BrokerCryptocurrencyTransactionNetworkFee.
type BrokerCryptocurrencyTransactionNetworkFee struct {
	// GasPrice is the "gasPrice" field.
	GasPrice *float64 `json:"gasPrice,omitempty"`
	// GasUsed is the "gasUsed" field.
	GasUsed *float64 `json:"gasUsed,omitempty"`
	// Amount is the "amount" field.
	Amount *float64 `json:"amount,omitempty"`
	// Symbol is the "symbol" field.
	Symbol string `json:"symbol,omitempty"`
}

// BrokerFiatBalance is Mesh's BrokerFiatBalance.
type BrokerFiatBalance struct {
	// Account balance currency
	Symbol string `json:"symbol,omitempty"`
	// BuyingPower indicates total amount of money the user can spend for buying stock.
	BuyingPower *float64 `json:"buyingPower,omitempty"`
	// BuyingPower indicates total amount of money the user can spend for buying crypto.
	CryptoBuyingPower *float64 `json:"cryptoBuyingPower,omitempty"`
	// Account cash indicates total amount of money
	Cash *float64 `json:"cash,omitempty"`
}

// ConfigureHolding is Mesh's ConfigureTransferResultHolding.
type ConfigureHolding struct {
	// The symbol of the digital asset on the source account.
	Symbol string `json:"symbol,omitempty"`
	// The available balance of the digital asset.
	AvailableBalance float64 `json:"availableBalance"`
	// The available balance of the digital asset, converted to fiat currency.
	AvailableBalanceInFiat float64 `json:"availableBalanceInFiat"`
	// Specifies if the asset is eligible for a transfer.
	EligibleForTransfer bool `json:"eligibleForTransfer"`
	// Supported networks.
	Networks []ConfigureNetwork `json:"networks,omitempty"`
	// The reason indicating why the transfer of the current asset cannot be performed.
	IneligibilityReason HoldingTransferIneligibilityReason `json:"ineligibilityReason,omitempty"`
	// Indicates that the asset is not eligible for a transfer with the current holding balance, but can be made eligible after funding the balance using the cryptocurrency balance funding feature.
	EligibleForTransferWithFunding bool `json:"eligibleForTransferWithFunding"`
	// Logo url for holding.
	LogoURL string `json:"logoUrl,omitempty"`
	// Specifies if the asset is used for bridging between networks.
	IsBridgingAsset *bool `json:"isBridgingAsset,omitempty"`
}

// ConfigureNetwork is Mesh's ConfigureTransferResultNetwork.
type ConfigureNetwork struct {
	// The name of the network.
	Name string `json:"name,omitempty"`
	// The Id of the network in Front system.
	ID string `json:"id,omitempty"`
	// Then minimum amount that can be withdrawn using this network.
	MinimumAmount *float64 `json:"minimumAmount,omitempty"`
	// The maximum amount that can be withdrawn using this network.
	MaximumAmount *float64 `json:"maximumAmount,omitempty"`
	// Total estimated transfer fee converted to fiat.
	TotalEstimatedTransferFeeInFiat *float64 `json:"totalEstimatedTransferFeeInFiat,omitempty"`
	// The minimum amount that can be withdrawn using this network, converted to fiat currency.
	MinimumAmountInFiat *float64 `json:"minimumAmountInFiat,omitempty"`
	// The maximum amount that can be withdrawn using this network, converted to fiat currency.
	MaximumAmountInFiat *float64 `json:"maximumAmountInFiat,omitempty"`
	// The gas fee that is estimated to be taken by the network.
	EstimatedNetworkGasFee *TransferFee `json:"estimatedNetworkGasFee,omitempty"`
	// The fee that is taken by the institution.
	InstitutionTransferFee *TransferFee `json:"institutionTransferFee,omitempty"`
	// Specifies if the asset is eligible for a transfer over the current network.
	EligibleForTransfer bool `json:"eligibleForTransfer"`
	// The reason indicating why the transfer cannot be performed over this network.
	IneligibilityReason NetworkTransferIneligibilityReason `json:"ineligibilityReason,omitempty"`
	// EligibleForTransferWithFunding is the "eligibleForTransferWithFunding" field.
	EligibleForTransferWithFunding bool `json:"eligibleForTransferWithFunding"`
	// The designated destination for sending the asset.
	ToAddress string `json:"toAddress,omitempty"`
	// Token's amount to transfer specified by the client.
	TransferAmount *float64 `json:"transferAmount,omitempty"`
	// The minimum amount of cryptocurrency that is required to be present in the account to perform the transfer.
	MinimumRequiredForTransferAmount *float64 `json:"minimumRequiredForTransferAmount,omitempty"`
	// CaipNetworkID is the "caipNetworkId" field.
	CaipNetworkID string `json:"caipNetworkId,omitempty"`
	// Logo url for network.
	LogoURL string `json:"logoUrl,omitempty"`
}

// ConfigureTransferRequest is Mesh's ConfigureTransferRequest.
type ConfigureTransferRequest struct {
	// The authentication token to send assets from.
	FromAuthToken string `json:"fromAuthToken"`
	// The type of the integration to send assets from.
	FromType BrokerType `json:"fromType,omitempty"`
	// The authentication token of the target integration.
	ToAuthToken string `json:"toAuthToken,omitempty"`
	// The type of the target integration to send assets to.
	ToType BrokerType `json:"toType,omitempty"`
	// A list of available addresses provided by the API client.
	ToAddresses []TransferToAddress `json:"toAddresses,omitempty"`
	// If provided, Front API returns only networks that support transferring of this symbol.
	Symbol string `json:"symbol,omitempty"`
	// If provided, Front API configures the response to only return holdings with enough amount of this crypto for the transfer
	Amount *float64 `json:"amount,omitempty"`
	// If provided, Front API configures the response to only contain holdings with enough value (converted to fiat) for the transfer.
	AmountInFiat *float64 `json:"amountInFiat,omitempty"`
	// Fiat currency that is to get corresponding converted fiat values of transfer and fee amounts.
	FiatCurrency string `json:"fiatCurrency,omitempty"`
	// If provided, from API configures the response to include the requested network only.
	NetworkID string `json:"networkId,omitempty"`
	// Specifies if all the fees are included in the amount to transfer.
	IsInclusiveFeeEnabled bool `json:"isInclusiveFeeEnabled,omitempty"`
}

// ConfigureTransferResult is Mesh's ConfigureTransferResponse.
type ConfigureTransferResult struct {
	// Status of the operation.
	Status ConfigureTransferStatus `json:"status,omitempty"`
	// List of holdings on the source account.
	Holdings []ConfigureHolding `json:"holdings,omitempty"`
	// Amount in USD to transfer.
	AmountInFiat *float64 `json:"amountInFiat,omitempty"`
	// Used fiat currency.
	FiatCurrency string `json:"fiatCurrency,omitempty"`
	// Minimum transfer amount in fiat.
	MinimumTransferAmountInFiat *float64 `json:"minimumTransferAmountInFiat,omitempty"`
	// Maximum transfer amount in fiat
	MaximumTransferAmountInFiat *float64 `json:"maximumTransferAmountInFiat,omitempty"`
	// Supported fiat currencies for this transfer
	SupportedFiatCurrencies []string `json:"supportedFiatCurrencies,omitempty"`
	// TransferBalanceFundingAvailability is the "transferBalanceFundingAvailability" field.
	TransferBalanceFundingAvailability *TransferBalanceFundingAvailabilityBase `json:"transferBalanceFundingAvailability,omitempty"`
}

// DeFiPositionDistribution is Mesh's DeFiPositionDistribution: represents the distribution of a DeFi position across different networks and addresses.
type DeFiPositionDistribution struct {
	// Cryptocurrency CAIP-2 network ID associated with this distribution.
	CaipNetworkID string `json:"caipNetworkId"`
	// The wallet address on the specific network.
	Address string `json:"address"`
	// Amount of cryptocurrency allocated to this network and address.
	Amount float64 `json:"amount"`
}

// DepositAddress is Mesh's B2BBrokerCryptocurrencyDepositAddressResponse.
type DepositAddress struct {
	// Symbol is the "symbol" field.
	Symbol string `json:"symbol,omitempty"`
	// Address is the "address" field.
	Address string `json:"address,omitempty"`
	// Chain is the "chain" field.
	Chain string `json:"chain,omitempty"`
	// Memo is the "memo" field.
	Memo string `json:"memo,omitempty"`
	// MinimumDepositAmount is the "minimumDepositAmount" field.
	MinimumDepositAmount string `json:"minimumDepositAmount,omitempty"`
	// NetworkID is the "networkId" field.
	NetworkID string `json:"networkId,omitempty"`
	// BrokerResponseStatus is the "brokerResponseStatus" field.
	BrokerResponseStatus BrokerResponseStatus `json:"brokerResponseStatus,omitempty"`
	// ErrorMessage is the "errorMessage" field.
	ErrorMessage string `json:"errorMessage,omitempty"`
}

// DepositAddressRequest is Mesh's ManagedBrokerCryptocurrencyDepositAddressRequest.
type DepositAddressRequest struct {
	// Auth token that allows connecting to the target institution
	AuthToken string `json:"authToken"`
	// Type of the institution to connect
	Type BrokerType `json:"type,omitempty"`
	// Symbol of the required cryptocurrency, e.g.
	Symbol string `json:"symbol,omitempty"`
	// Type of the address of symbol to be transferred.
	AddressType CryptocurrencyAddressType `json:"addressType,omitempty"`
	// Specifies which the network to use to obtain the deposit address of the `Symbol` asset.
	NetworkID string `json:"networkId,omitempty"`
	// Some of integrations require MFA code to create a deposit address, e.g.
	MFACode string `json:"mfaCode,omitempty"`
}

// ExchangeTransfer is Mesh's B2BBrokerCryptocurrencyTransaction.
type ExchangeTransfer struct {
	// Identifier of the transfer, if provided by the financial institution
	ID string `json:"id,omitempty"`
	// Current status of the transaction
	Status BrokerCryptocurrencyTransactionStatus `json:"status,omitempty"`
	// Details of the current status of the transfer, as provided by the financial institution
	StatusDetails string `json:"statusDetails,omitempty"`
	// The direction of the transaction
	Type BrokerCryptocurrencyTransactionType `json:"type,omitempty"`
	// Address where the transaction was sent from
	FromAddress string `json:"fromAddress,omitempty"`
	// Address where the transaction was sent to
	TargetAddress string `json:"targetAddress,omitempty"`
	// Ticker of the transaction
	Symbol string `json:"symbol,omitempty"`
	// Crypto Chain the transaction belongs to
	Chain string `json:"chain,omitempty"`
	// Memo of the transaction (also called "Tag")
	Memo string `json:"memo,omitempty"`
	// Hash of the transaction
	Hash string `json:"hash,omitempty"`
	// Full amount affected the balance, typically transaction amount plus fee
	Amount float64 `json:"amount"`
	// Transaction amount
	TransactionAmount *float64 `json:"transactionAmount,omitempty"`
	// Unix timestamp in seconds indicating when the transaction was created
	CreatedTimestamp int64 `json:"createdTimestamp"`
	// Unix timestamp in seconds indicating when the transaction was last updated
	UpdatedTimestamp int64 `json:"updatedTimestamp"`
	// Fee taken by the network
	NetworkTransactionFee *BrokerCryptocurrencyTransactionNetworkFee `json:"networkTransactionFee,omitempty"`
	// Fee taken by the financial institution
	TransferFee *float64 `json:"transferFee,omitempty"`
	// Number of confirmations on the blockchain
	Confirmations *int64 `json:"confirmations,omitempty"`
	// Name of the executed blockchain function based on decoded input data
	BlockchainMethodName string `json:"blockchainMethodName,omitempty"`
	// Executed blockchain function based on decoded input data.
	BlockchainMethod BrokerCryptocurrencyTransactionBlockchainMethod `json:"blockchainMethod,omitempty"`
}

// ExchangeTransfersPage is Mesh's B2BBrokerTransactionsListModel.
type ExchangeTransfersPage struct {
	// List of obtained transfers.
	Transfers []ExchangeTransfer `json:"transfers,omitempty"`
	// Total amount of records.
	Total int64 `json:"total"`
	// The cursor to retrieve the next page of transfers.
	Cursor string `json:"cursor,omitempty"`
	// Earliest transfer timestamp.
	EarliestTimestamp int64 `json:"earliestTimestamp"`
}

// ExchangeTransfersRequest is Mesh's TransfersBrokerTransactionsListRequest.
type ExchangeTransfersRequest struct {
	// Auth token that allows connecting to the target institution
	AuthToken string `json:"authToken"`
	// Type of the institution to connect
	Type BrokerType `json:"type,omitempty"`
	// Number of records to include in the response.
	Count *int `json:"count,omitempty"`
	// The cursor to retrieve the next page of transactions.
	Cursor string `json:"cursor,omitempty"`
	// If this value is provided, result set is filtered to only include transaction with the provided statuses.
	Statuses []BrokerCryptocurrencyTransactionStatus `json:"statuses,omitempty"`
	// For cryptocurrency address the type of address is required.
	CryptocurrencyAddressType CryptocurrencyAddressType `json:"cryptocurrencyAddressType,omitempty"`
	// If this value is provided, result set is filtered to only include transactions created after this timestamp
	From *int64 `json:"from,omitempty"`
}

// ExecutedTransfer is Mesh's ExecuteTransferResultResponse.
type ExecutedTransfer struct {
	// The Id of the transfer by the integration.
	TransferID string `json:"transferId,omitempty"`
	// The current status of the transfer.
	Status BrokerCryptocurrencyTransactionStatus `json:"status,omitempty"`
	// Details of the current status of the transfer, as provided by the integration.
	StatusDetails string `json:"statusDetails,omitempty"`
	// The address of the source account or wallet.
	FromAddress string `json:"fromAddress,omitempty"`
	// The address of the target account or wallet.
	ToAddress string `json:"toAddress,omitempty"`
	// Transferred symbol.
	Symbol string `json:"symbol,omitempty"`
	// The name of the used network.
	NetworkName string `json:"networkName,omitempty"`
	// The Id of the used network in Front system.
	NetworkID string `json:"networkId,omitempty"`
	// The hash of the blockchain transaction.
	Hash string `json:"hash,omitempty"`
	// The transferred amount, in the symbol of the transfer.
	Amount float64 `json:"amount"`
	// The transferred amount, converted to the fiat currency.
	AmountInFiat float64 `json:"amountInFiat"`
	// Total amount of the transfer including all fees, converted to fiat.
	TotalAmountInFiat float64 `json:"totalAmountInFiat"`
	// Current number of network confirmations.
	CompletedConfirmations *int64 `json:"completedConfirmations,omitempty"`
	// The fee that was taken by the institution.
	InstitutionTransferFee *TransferFee `json:"institutionTransferFee,omitempty"`
	// The gas fee that was taken by the network.
	NetworkGasFee *TransferFee `json:"networkGasFee,omitempty"`
	// Details of the allocated Smart Contract in case of 'Deposit' type transfers.
	SmartContract *SmartContractTransferAllocation `json:"smartContract,omitempty"`
}

// ExecuteTransferRequest is Mesh's ExecuteTransferRequest.
type ExecuteTransferRequest struct {
	// The authentication token to send the asset from.
	FromAuthToken string `json:"fromAuthToken"`
	// The type of the integration to send the asset from.
	FromType BrokerType `json:"fromType,omitempty"`
	// Id of the Preview of the transfer.
	PreviewID string `json:"previewId"`
	// Multi-factor auth code that should be provided if the status of the transfer was `MfaRequired`.
	MFACode string `json:"mfaCode,omitempty"`
	// When user is unable to provide the primary Mfa this should be passed in to use fallback Mfa.
	TryAnotherMFA bool `json:"tryAnotherMfa,omitempty"`
	// ChallengeID is the "challengeId" field.
	ChallengeID string `json:"challengeId,omitempty"`
}

// ExecuteTransferResult is Mesh's ExecuteTransferResponse.
type ExecuteTransferResult struct {
	// The status of the transfer.
	Status ExecuteTransferStatus `json:"status,omitempty"`
	// The type of the MFA when the status is `MfaRequired`.
	MFAType ExecuteTransferMfaType `json:"mfaType,omitempty"`
	// The type of the MFA when the status is `MfaRequired`.
	VerificationSteps []ExecuteTransferMfaType `json:"verificationSteps,omitempty"`
	// The transaction number for Travel rule required clients (optional, depends on an integration).
	TravelRuleTransactionID *int `json:"travelRuleTransactionId,omitempty"`
	// QRCode is the "qrCode" field.
	QRCode string `json:"qrCode,omitempty"`
	// QRCodeLink is the "qrCodeLink" field.
	QRCodeLink string `json:"qrCodeLink,omitempty"`
	// Error message, if the operation did not complete successfully.
	ErrorMessage string `json:"errorMessage,omitempty"`
	// Result of the transfer initiation.
	ExecuteTransferResult *ExecutedTransfer `json:"executeTransferResult,omitempty"`
	// FallbackMFAAvailable is the "fallbackMfaAvailable" field.
	FallbackMFAAvailable bool `json:"fallbackMfaAvailable"`
	// ChallengeID is the "challengeId" field.
	ChallengeID string `json:"challengeId,omitempty"`
}

// FundingOptions is Mesh's TransferCryptocurrencyFundingOptions.
type FundingOptions struct {
	// Indicates whether the Link is permitted to use the end user's available buying power and/or payment methods to supplement the cryptocurrency balance if it is insufficient for the transfer.
	Enabled bool `json:"enabled,omitempty"`
}

// GoodsDetails is Mesh's GoodsDetails.
type GoodsDetails struct {
	// The type of the goods for the order (01: Tangible Goods, 02: Virtual Goods).
	GoodsType string `json:"goodsType,omitempty"`
	// The category of goods (e.g., Electronics, Food).
	GoodsCategory string `json:"goodsCategory,omitempty"`
	// A unique reference ID to identify the goods.
	ReferenceGoodsID string `json:"referenceGoodsId,omitempty"`
	// The name of the goods.
	GoodsName string `json:"goodsName,omitempty"`
	// Additional details about the goods (optional).
	GoodsDetail string `json:"goodsDetail,omitempty"`
}

// Holdings is Mesh's HoldingsModel.
type Holdings struct {
	// Status of the request to the institution's API
	Status BrokerRequestStatus `json:"status,omitempty"`
	// Error message specifying the problem
	ErrorMessage string `json:"errorMessage,omitempty"`
	// User-friendly error message, optimized to be shown to the end user
	DisplayMessage string `json:"displayMessage,omitempty"`
	// The equity positions Front could not recognize
	NotSupportedEquityPositions []Position `json:"notSupportedEquityPositions,omitempty"`
	// The cryptocurrency positions Front could not recognize
	NotSupportedCryptocurrencyPositions []Position `json:"notSupportedCryptocurrencyPositions,omitempty"`
	// NFT holdings on the account
	NFTPositions []NFTPosition `json:"nftPositions,omitempty"`
	// Option holdings on the account
	OptionPositions []OptionPosition `json:"optionPositions,omitempty"`
	// Type of the institution
	Type BrokerType `json:"type,omitempty"`
	// External institution's account id (returned by the institution)
	AccountID string `json:"accountId,omitempty"`
	// Friendly name of the connected institution
	InstitutionName string `json:"institutionName,omitempty"`
	// Name of the account as returned from the institution
	AccountName string `json:"accountName,omitempty"`
	// Equity holdings, such as stocks and ETFs
	EquityPositions []PositionWithMarketValue `json:"equityPositions,omitempty"`
	// Cryptocurrency holdings on the account
	CryptocurrencyPositions []PositionWithMarketValue `json:"cryptocurrencyPositions,omitempty"`
}

// HoldingsRequest is Mesh's PortfolioHoldingsRequest.
type HoldingsRequest struct {
	// Auth token that allows connecting to the target institution
	AuthToken string `json:"authToken"`
	// Type of the institution to connect
	Type BrokerType `json:"type,omitempty"`
	// IncludeMarketValue is the "includeMarketValue" field.
	IncludeMarketValue bool `json:"includeMarketValue,omitempty"`
}

// Integration is Mesh's IntegrationModel: integration model.
type Integration struct {
	// Integration unique identifier.
	ID string `json:"id,omitempty"`
	// Integration name.
	Name string `json:"name,omitempty"`
	// Integration type.
	Type BrokerType `json:"type,omitempty"`
	// DeFi wallet provider identifier.
	DeFiWalletProviderID string `json:"deFiWalletProviderId,omitempty"`
	// Integration categories.
	Categories []IntegrationCategory `json:"categories,omitempty"`
	// Style object.
	Style *IntegrationStyle `json:"style,omitempty"`
	// Logo object.
	Logo *IntegrationLogo `json:"logo,omitempty"`
	// Forgot Password Link.
	ForgotPasswordLink string `json:"forgotPasswordLink,omitempty"`
	// Indicates if crypto transfers supported by integration.
	CryptoTransfersSupported bool `json:"cryptoTransfersSupported"`
}

// IntegrationLogo is Mesh's IntegrationLogo: integreation logos.
type IntegrationLogo struct {
	// Light logo url.
	LogoLightURL string `json:"logoLightUrl,omitempty"`
	// Dark logo url.
	LogoDarkURL string `json:"logoDarkUrl,omitempty"`
	// White logo url.
	LogoWhiteURL string `json:"logoWhiteUrl,omitempty"`
	// Black logo url.
	LogoBlackURL string `json:"logoBlackUrl,omitempty"`
	// Colored logo url.
	LogoColorURL string `json:"logoColorUrl,omitempty"`
	// White icon url.
	IconLightURL string `json:"iconLightUrl,omitempty"`
	// Light icon url.
	IconDarkURL string `json:"iconDarkUrl,omitempty"`
	// Dark icon url.
	IconWhiteURL string `json:"iconWhiteUrl,omitempty"`
	// Balck icon url.
	IconBlackURL string `json:"iconBlackUrl,omitempty"`
	// Colored logo url.
	IconColorURL string `json:"iconColorUrl,omitempty"`
	// Base64 PNG logo.
	Base64Logo string `json:"base64Logo,omitempty"`
}

// IntegrationStyle is Mesh's IntegrationStyle: integration style
type IntegrationStyle struct {
	// Field Active Light Hex Color
	FieldActiveLight string `json:"fieldActiveLight,omitempty"`
	// Button Primary Light Hex Color
	ButtonPrimaryLight string `json:"buttonPrimaryLight,omitempty"`
	// Button Hover Light Hex Color
	ButtonHoverLight string `json:"buttonHoverLight,omitempty"`
	// Button Text Light Hex Color
	ButtonTextLight string `json:"buttonTextLight,omitempty"`
	// Button Text Hover Light Hex Color
	ButtonTextHoverLight string `json:"buttonTextHoverLight,omitempty"`
	// Field Active Dark Hex Color
	FieldActiveDark string `json:"fieldActiveDark,omitempty"`
	// Button Primary Dark Hex Color
	ButtonPrimaryDark string `json:"buttonPrimaryDark,omitempty"`
	// Button Hover Dark Hex Color
	ButtonHoverDark string `json:"buttonHoverDark,omitempty"`
	// Button Text Dark Hex Color
	ButtonTextDark string `json:"buttonTextDark,omitempty"`
	// Button Text Hover Dark Hex Color
	ButtonTextHoverDark string `json:"buttonTextHoverDark,omitempty"`
}

// LinkTokenRequest is Mesh's GetLinkTokenRequest.
type LinkTokenRequest struct {
	// A unique Id representing the end user.
	UserID string `json:"userId"`
	// Type of integration to redirect to.
	//
	// Deprecated: Mesh marks this field deprecated.
	BrokerType BrokerType `json:"brokerType,omitempty"`
	// The final screen of Link allows users to “continue” back to your app or “Link another account.” If this param is present then this button will be hidden.
	RestrictMultipleAccounts bool `json:"restrictMultipleAccounts,omitempty"`
	// Encapsulates transaction-related parameters, including destination addresses and the amount to transfer in fiat currency.
	TransferOptions *TransferOptions `json:"transferOptions,omitempty"`
	// A unique identifier representing a specific integration obtained from the list of available integrations.
	IntegrationID string `json:"integrationId,omitempty"`
	// For direct integrations that also support API keys, Link presents the user with the option to generate an API key for seamless access.
	DisableAPIKeyGeneration bool `json:"disableApiKeyGeneration,omitempty"`
	// Encapsulates verify DeFi wallet parameters.
	VerifyWalletOptions *VerifyWalletOptions `json:"verifyWalletOptions,omitempty"`
	// Sub Client ID, for B2B2B clients to tailor Link experience for their clients.
	SubClientID string `json:"subClientId,omitempty"`
}

// ManagedIntegration is Mesh's IntegrationNetworksModelResponse.
type ManagedIntegration struct {
	// Integration unique identifier.
	ID string `json:"id,omitempty"`
	// Type of the integration.
	Type BrokerType `json:"type,omitempty"`
	// Name of the integration.
	Name string `json:"name,omitempty"`
	// The list of supported networks and corresponding tokens for the integration.
	Networks []ManagedIntegrationNetwork `json:"networks,omitempty"`
	// Specifies if the integration supports outgoing transfers.
	SupportsOutgoingTransfers bool `json:"supportsOutgoingTransfers"`
	// Specifies if the integration supports incoming transfers.
	SupportsIncomingTransfers bool `json:"supportsIncomingTransfers"`
}

// ManagedIntegrationNetwork is Mesh's NetworkResponseWithSupportedDevices.
type ManagedIntegrationNetwork struct {
	// The Id of the network in Mesh system.
	ID string `json:"id,omitempty"`
	// The name if the network.
	Name string `json:"name,omitempty"`
	// The Inner id of the chain, used for reference.
	ChainID string `json:"chainId,omitempty"`
	// Network logo URL.
	LogoURL string `json:"logoUrl,omitempty"`
	// The list of tokens that are currently supported to be transferred using the network.
	SupportedTokens []string `json:"supportedTokens,omitempty"`
	// The symbol of the network's native cryptocurrency.
	NativeSymbol string `json:"nativeSymbol,omitempty"`
	// SupportedDevices is the "supportedDevices" field.
	SupportedDevices []DeviceType `json:"supportedDevices,omitempty"`
}

// Network is Mesh's NetworkResponseWithIntegrations: crypto network.
type Network struct {
	// The Id of the network in Mesh system.
	ID string `json:"id,omitempty"`
	// The name if the network.
	Name string `json:"name,omitempty"`
	// The Inner id of the chain, used for reference.
	ChainID string `json:"chainId,omitempty"`
	// Network logo URL.
	LogoURL string `json:"logoUrl,omitempty"`
	// The list of tokens that are currently supported to be transferred using the network.
	SupportedTokens []string `json:"supportedTokens,omitempty"`
	// The symbol of the network's native cryptocurrency.
	NativeSymbol string `json:"nativeSymbol,omitempty"`
	// Network type.
	NetworkType NetworkType `json:"networkType,omitempty"`
	// The list of tokens that are currently supported to be transferred using the network.
	Tokens []NetworkToken `json:"tokens,omitempty"`
	// The list of types of integrations that are currently supported to perform transfers over the network.
	SupportedBrokerTypes []BrokerType `json:"supportedBrokerTypes,omitempty"`
}

// NetworkRef is Mesh's NetworkResponseBase: crypto network.
type NetworkRef struct {
	// The Id of the network in Mesh system.
	ID string `json:"id,omitempty"`
	// The name if the network.
	Name string `json:"name,omitempty"`
	// The Inner id of the chain, used for reference.
	ChainID string `json:"chainId,omitempty"`
	// Network logo URL.
	LogoURL string `json:"logoUrl,omitempty"`
}

// NetworkToken is Mesh's NetworkResponseToken.
type NetworkToken struct {
	// Symbol is the "symbol" field.
	Symbol string `json:"symbol,omitempty"`
	// LogoURL is the "logoUrl" field.
	LogoURL string `json:"logoUrl,omitempty"`
}

// NFTPosition is Mesh's B2BNftPosition.
type NFTPosition struct {
	// Amount is the "amount" field.
	Amount float64 `json:"amount"`
	// CostBasis is the "costBasis" field.
	CostBasis *float64 `json:"costBasis,omitempty"`
	// ContractAddress is the "contractAddress" field.
	ContractAddress string `json:"contractAddress,omitempty"`
	// Name is the "name" field.
	Name string `json:"name,omitempty"`
	// Description is the "description" field.
	Description string `json:"description,omitempty"`
	// MarketplaceID is the "marketplaceId" field.
	MarketplaceID string `json:"marketplaceId,omitempty"`
	// TokenID is the "tokenId" field.
	TokenID string `json:"tokenId,omitempty"`
	// MarketplacePermalink is the "marketplacePermalink" field.
	MarketplacePermalink string `json:"marketplacePermalink,omitempty"`
	// AddressType is the "addressType" field.
	AddressType CryptocurrencyAddressType `json:"addressType,omitempty"`
}

// OptionPosition is Mesh's B2BOptionPosition.
type OptionPosition struct {
	// Symbol of the underlying stock
	Symbol string `json:"symbol,omitempty"`
	// Amount of options
	Amount float64 `json:"amount"`
	// Total average paid price
	AverageOpenPrice float64 `json:"averageOpenPrice"`
	// Side of the option, buy or sell
	Direction BrokerOptionDirection `json:"direction,omitempty"`
	// CreatedTimestamp is the "createdTimestamp" field.
	CreatedTimestamp int64 `json:"createdTimestamp"`
	// UpdatedTimestamp is the "updatedTimestamp" field.
	UpdatedTimestamp int64 `json:"updatedTimestamp"`
	// Number of shares of the underlying stock
	NumberOfSharesInContract float64 `json:"numberOfSharesInContract"`
	// Type of the option, put or call
	OptionType BrokerOptionType `json:"optionType,omitempty"`
	// The last day that the option contract is valid
	ExpirationTimestamp int64 `json:"expirationTimestamp"`
	// The price at which a put or call option can be exercised
	StrikePrice float64 `json:"strikePrice"`
}

// Position is Mesh's Position.
type Position struct {
	// Name of the asset
	Name string `json:"name,omitempty"`
	// Symbol of the asset
	Symbol string `json:"symbol,omitempty"`
	// Amount of the asset
	Amount float64 `json:"amount"`
	// The total original value (or purchase price) of the asset
	CostBasis *float64 `json:"costBasis,omitempty"`
	// Breakdown of crypto distribution across different networks and addresses.
	Distribution []DeFiPositionDistribution `json:"distribution,omitempty"`
}

// PositionWithMarketValue is Mesh's PositionWithMarketValue.
type PositionWithMarketValue struct {
	// Name of the asset
	Name string `json:"name,omitempty"`
	// Symbol of the asset
	Symbol string `json:"symbol,omitempty"`
	// Amount of the asset
	Amount float64 `json:"amount"`
	// The total original value (or purchase price) of the asset
	CostBasis *float64 `json:"costBasis,omitempty"`
	// Breakdown of crypto distribution across different networks and addresses.
	Distribution []DeFiPositionDistribution `json:"distribution,omitempty"`
	// Market value of the asset: amount of asset multiplied by last asset value.
	MarketValue *float64 `json:"marketValue,omitempty"`
	// Current last price of the asset.
	LastPrice *float64 `json:"lastPrice,omitempty"`
}

// PreviewBridging is Mesh's BridgingDetails.
type PreviewBridging struct {
	// The ID of the bridging direction that was used to generate the preview.
	BridgingDirectionID string `json:"bridgingDirectionId,omitempty"`
	// TargetAddress is the "targetAddress" field.
	TargetAddress string `json:"targetAddress,omitempty"`
}

// PreviewTransferRequest is Mesh's PreviewTransferRequest.
type PreviewTransferRequest struct {
	// The authentication token to send the asset from.
	FromAuthToken string `json:"fromAuthToken"`
	// The type of the integration to send the asset from.
	FromType BrokerType `json:"fromType,omitempty"`
	// The authentication token of the target integration.
	ToAuthToken string `json:"toAuthToken,omitempty"`
	// The type of the target integration to send assets to.
	ToType BrokerType `json:"toType,omitempty"`
	// The network to send the asset over.
	NetworkID string `json:"networkId,omitempty"`
	// The symbol of the digital asset to send.
	Symbol string `json:"symbol,omitempty"`
	// The target address to send the asset to.
	ToAddress string `json:"toAddress,omitempty"`
	// Secondary address identifier for coins like XRP,XMR etc.
	AddressTag string `json:"addressTag,omitempty"`
	// The amount to send, in crypto.
	Amount *float64 `json:"amount,omitempty"`
	// The amount to send, in fiat currency.
	AmountInFiat *float64 `json:"amountInFiat,omitempty"`
	// Fiat currency that is to get corresponding converted fiat values of transfer and fee amounts.
	FiatCurrency string `json:"fiatCurrency,omitempty"`
	// Transaction ID Provided by client to track transaction in future calls.
	TransactionID string `json:"transactionId,omitempty"`
	// Indicates that the transfer is a bridging transfer.
	IsBridging *bool `json:"isBridging,omitempty"`
	// Specifies if all the fees are included in the amount to transfer.
	IsInclusiveFeeEnabled bool `json:"isInclusiveFeeEnabled,omitempty"`
}

// PreviewTransferResult is Mesh's PreviewTransferResponse.
type PreviewTransferResult struct {
	// The status of the operation.
	Status PreviewTransferStatus `json:"status,omitempty"`
	// Result of the preview.
	PreviewResult *TransferPreview `json:"previewResult,omitempty"`
	// TransferBalanceFundingAvailability is the "transferBalanceFundingAvailability" field.
	TransferBalanceFundingAvailability *TransferBalanceFundingAvailability `json:"transferBalanceFundingAvailability,omitempty"`
	// For instance if not enough assets in Spot account, and we can fill it from Funding account
	TransferFromAnotherAccountAvailabilityInfo *TransferFromAnotherAccountAvailabilityInfo `json:"transferFromAnotherAccountAvailabilityInfo,omitempty"`
}

// ProcessingFeeRetainMethod is Mesh's ProcessingFeeRetainMethod.
type ProcessingFeeRetainMethod struct {
	// Type is the "type" field.
	Type ProcessingFeeRetainType `json:"type,omitempty"`
	// ProcessingFeeAddress is the "processingFeeAddress" field.
	ProcessingFeeAddress string `json:"processingFeeAddress,omitempty"`
}

// RefreshTokenRequest is Mesh's BrokerRefreshTokenRequest.
type RefreshTokenRequest struct {
	// Type is the "type" field.
	Type BrokerType `json:"type,omitempty"`
	// RefreshToken is the "refreshToken" field.
	RefreshToken string `json:"refreshToken"`
	// Optional, used when we the refresh token should be refreshed.
	CreateNewRefreshToken *bool `json:"createNewRefreshToken,omitempty"`
	// Some institutions may require accessToken to be provided as well.
	AccessToken string `json:"accessToken,omitempty"`
	// Currently used to update WeBull trade token.
	TradeToken string `json:"tradeToken,omitempty"`
	// Optional, currently used by Vanguard if account has enforced MFA enabled.
	MFACode string `json:"mfaCode,omitempty"`
	// Additional metadata
	Metadata map[string]string `json:"metadata,omitempty"`
}

// RefreshTokenResult is Mesh's B2BBrokerRefreshTokenResponse.
type RefreshTokenResult struct {
	// Status is the "status" field.
	Status AuthStatus `json:"status,omitempty"`
	// ErrorMessage is the "errorMessage" field.
	ErrorMessage string `json:"errorMessage,omitempty"`
	// Account is the "account" field.
	//
	// Deprecated: Mesh marks this field deprecated.
	Account *BrokerAccount `json:"account,omitempty"`
	// AccessToken is the "accessToken" field.
	//
	// Deprecated: Mesh marks this field deprecated.
	AccessToken string `json:"accessToken,omitempty"`
	// RefreshToken is the "refreshToken" field.
	//
	// Deprecated: Mesh marks this field deprecated.
	RefreshToken string `json:"refreshToken,omitempty"`
	// ExpiresInSeconds is the "expiresInSeconds" field.
	ExpiresInSeconds *int `json:"expiresInSeconds,omitempty"`
	// RefreshTokenExpiresInSeconds is the "refreshTokenExpiresInSeconds" field.
	RefreshTokenExpiresInSeconds *int `json:"refreshTokenExpiresInSeconds,omitempty"`
	// BrokerAccountTokens is the "brokerAccountTokens" field.
	BrokerAccountTokens []AccountTokens `json:"brokerAccountTokens,omitempty"`
}

// SmartContractTransferAllocation is Mesh's SmartContractTransferAllocation.
type SmartContractTransferAllocation struct {
	// Blockchain address of the Smart Contract
	Address string `json:"address,omitempty"`
	// The timestamp by which the transfer must be completely initiated.
	ExpirationTimestamp int64 `json:"expirationTimestamp"`
}

// ToAddress is Mesh's TransferToAddressWithAmount.
type ToAddress struct {
	// The Id of the network in Front system.
	NetworkID string `json:"networkId,omitempty"`
	// The symbol of the digital asset.
	Symbol string `json:"symbol,omitempty"`
	// The address to send the asset to.
	Address string `json:"address,omitempty"`
	// Secondary address identifier for coins like XRP,XMR etc.
	AddressTag string `json:"addressTag,omitempty"`
	// Amount of tokens to transfer by specified network.
	Amount *float64 `json:"amount,omitempty"`
	// Transfer amount in fiat which is requested by client to be shown as amount in fiat.
	DisplayAmountInFiat *float64 `json:"displayAmountInFiat,omitempty"`
}

// Token is Mesh's TokenNetworksModel.
type Token struct {
	// Token is the "token" field.
	Token string `json:"token,omitempty"`
	// Networks is the "networks" field.
	Networks []NetworkRef `json:"networks,omitempty"`
	// SupportedIntegrations is the "supportedIntegrations" field.
	SupportedIntegrations []BrokerType `json:"supportedIntegrations,omitempty"`
	// IntegrationNetworks is the "integrationNetworks" field.
	IntegrationNetworks []TokenIntegrationNetwork `json:"integrationNetworks,omitempty"`
	// TokenLogoURL is the "tokenLogoUrl" field.
	TokenLogoURL string `json:"tokenLogoUrl,omitempty"`
}

// TokenIntegrationNetwork is Mesh's IntegrationNetwork.
type TokenIntegrationNetwork struct {
	// NetworkID is the "networkId" field.
	NetworkID string `json:"networkId,omitempty"`
	// NetwokName is the "netwokName" field.
	NetwokName string `json:"netwokName,omitempty"`
	// InnerNetworkID is the "innerNetworkId" field.
	InnerNetworkID string `json:"innerNetworkId,omitempty"`
	// NetworkLogo is the "networkLogo" field.
	NetworkLogo string `json:"networkLogo,omitempty"`
	// BrokerType is the "brokerType" field.
	BrokerType BrokerType `json:"brokerType,omitempty"`
}

// TransferBalanceFundingAvailability is Mesh's TransferBalanceFundingAvailability.
type TransferBalanceFundingAvailability struct {
	// Status is the "status" field.
	Status TransferBalanceFundingAvailabilityStatus `json:"status,omitempty"`
	// The total transfer amount in crypto after all fees are applied
	TransferTotalAmount float64 `json:"transferTotalAmount"`
	// The price of the cryptocurrency asset in the fiat currency.
	UnitPrice float64 `json:"unitPrice"`
	// Represents the safety margin amount to cover gas fee volatility.
	GasFeeBuffer *TransferFee `json:"gasFeeBuffer,omitempty"`
	// Symbol is the "symbol" field.
	Symbol string `json:"symbol,omitempty"`
	// The total transfer amount in fiat after all fees are applied.
	TransferTotalAmountInFiat float64 `json:"transferTotalAmountInFiat"`
}

// TransferBalanceFundingAvailabilityBase is Mesh's TransferBalanceFundingAvailabilityBase.
type TransferBalanceFundingAvailabilityBase struct {
	// Status is the "status" field.
	Status TransferBalanceFundingAvailabilityStatus `json:"status,omitempty"`
}

// TransferFeeDetails is Mesh's TransferFeeDetails.
type TransferFeeDetails struct {
	// Units of gas used
	GasLimit *float64 `json:"gasLimit,omitempty"`
	// The max amount of tip to be paid to validator
	MaxPriorityFeePerGas *float64 `json:"maxPriorityFeePerGas,omitempty"`
	// The max amount of fee to be paid per gas
	MaxFeePerGas *float64 `json:"maxFeePerGas,omitempty"`
}

// TransferFromAnotherAccountAvailabilityInfo is Mesh's TransferFromAnotherAccountAvailabilityInfo.
type TransferFromAnotherAccountAvailabilityInfo struct {
	// TransferFromAnotherAccountNeeded is the "transferFromAnotherAccountNeeded" field.
	TransferFromAnotherAccountNeeded bool `json:"transferFromAnotherAccountNeeded"`
	// TransferFromAnotherAccountAmount is the "transferFromAnotherAccountAmount" field.
	TransferFromAnotherAccountAmount float64 `json:"transferFromAnotherAccountAmount"`
	// AnotherAccountName is the "anotherAccountName" field.
	AnotherAccountName string `json:"anotherAccountName,omitempty"`
}

// TransferIntegrationRef is Mesh's TransferIntegrationModel: integration model.
type TransferIntegrationRef struct {
	// Unique identifier of integration.
	ID string `json:"id,omitempty"`
	// Type of integration.
	Type BrokerType `json:"type,omitempty"`
	// Name of integration.
	Name string `json:"name,omitempty"`
}

// TransferOptions is Mesh's LinkTokenTransferOptions.
type TransferOptions struct {
	// The list of destination addresses with corresponding networks are asset symbols that can be used to initiate incoming transfers.
	ToAddresses []ToAddress `json:"toAddresses,omitempty"`
	// Amount in USD to transfer.
	AmountInFiat *float64 `json:"amountInFiat,omitempty"`
	// Transaction ID Provided by client to track transaction in future calls
	TransactionID string `json:"transactionId,omitempty"`
	// A percentage fee (input as a ratio, eg. 0.02500 = 2.500%) added onto your users' gross payments to your company.
	ClientFee *float64 `json:"clientFee,omitempty"`
	// Deposit: The user is transferring crypto to a wallet they own on your platform.
	TransferType TransferType `json:"transferType,omitempty"`
	// Specifies the permitted options to use the end user's available buying power and/or payment methods to supplement the cryptocurrency balance if it is insufficient for the transfer.
	FundingOptions *FundingOptions `json:"fundingOptions,omitempty"`
	// Specifies if all the fees are included in the amount to transfer.
	IsInclusiveFeeEnabled bool `json:"isInclusiveFeeEnabled,omitempty"`
	// Transaction description.
	Description string `json:"description,omitempty"`
	// Goods details for the transaction.
	GoodsDetails []GoodsDetails `json:"goodsDetails,omitempty"`
	// Link presents the user with the option to generate a unique payment link for Mesh pay scenarios.
	GeneratePayLink bool `json:"generatePayLink,omitempty"`
}

// TransferPreview is Mesh's PreviewTransferResult.
type TransferPreview struct {
	// The Id of the preview of the transfer.
	PreviewID string `json:"previewId,omitempty"`
	// The period of time in seconds during which the transfer can be committed.
	PreviewExpiresIn int `json:"previewExpiresIn"`
	// Obtained address that will be used to send the transfer.
	FromAddress string `json:"fromAddress,omitempty"`
	// Obtained address that will be used to refund the transfer.
	RefundAddress string `json:"refundAddress,omitempty"`
	// The target address to send the asset to.
	ToAddress string `json:"toAddress,omitempty"`
	// Secondary address identifier for coins like XRP, XMR etc.
	AddressTag string `json:"addressTag,omitempty"`
	// Symbol of the asset to be sent.
	Symbol string `json:"symbol,omitempty"`
	// Amount in symbol.
	Amount float64 `json:"amount"`
	// Transfer amount in fiat.
	AmountInFiat float64 `json:"amountInFiat"`
	// Total estimated amount of the transfer including all fees, in cryptocurrency.
	TotalEstimatedAmount float64 `json:"totalEstimatedAmount"`
	// Total estimated amount of the transfer including all fees, converted to fiat.
	TotalEstimatedAmountInFiat float64 `json:"totalEstimatedAmountInFiat"`
	// Id of the network in Front system.
	NetworkID string `json:"networkId,omitempty"`
	// Name of the network in Front system.
	NetworkName string `json:"networkName,omitempty"`
	// Blockchain address of the transferred token's contract
	ContractAddress string `json:"contractAddress,omitempty"`
	// The fee that is taken by the institution.
	InstitutionTransferFee *TransferFee `json:"institutionTransferFee,omitempty"`
	// The gas fee that is estimated to be taken by the network.
	EstimatedNetworkGasFee *TransferFee `json:"estimatedNetworkGasFee,omitempty"`
	// The gas fee values in EIP 1559 standard that is estimated to be taken by the network.
	EstimatedNetworkGasFeeDetails *TransferFeeDetails `json:"estimatedNetworkGasFeeDetails,omitempty"`
	// Number of decimal places used to represent the token's smallest unit
	DecimalPlaces *int `json:"decimalPlaces,omitempty"`
	// The price of the cryptocurrency asset in the fiat currency.
	UnitPrice float64 `json:"unitPrice"`
	// Transaction id provided by the client
	ClientTransactionID string `json:"clientTransactionId,omitempty"`
	// A percentage fee (input as a ratio, eg. 0.02500 = 2.500%) added onto your users' gross payments.
	ClientFee *float64 `json:"clientFee,omitempty"`
	// The client fee that is estimated to be added to the total estimated transfer amount, based on the user's requested transfer amount and client fee percentage.
	CustomClientFee *TransferFee `json:"customClientFee,omitempty"`
	// ProcessingFeeRetainMethod is the "processingFeeRetainMethod" field.
	ProcessingFeeRetainMethod *ProcessingFeeRetainMethod `json:"processingFeeRetainMethod,omitempty"`
	// Deposit: The user is transferring crypto to a wallet they own on your platform.
	TransferType TransferType `json:"transferType,omitempty"`
	// IsCustomClientFeeProvided is the "isCustomClientFeeProvided" field.
	IsCustomClientFeeProvided bool `json:"isCustomClientFeeProvided"`
	// Amount in symbol after the client fees are applied.
	AmountWithCustomClientFee float64 `json:"amountWithCustomClientFee"`
	// Indicates if all the fees are included in the amount.
	IsFeeIncluded bool `json:"isFeeIncluded"`
	// Indicates the final amount to receive after all fees are applied.
	AmountToReceive float64 `json:"amountToReceive"`
	// Indicates the final amount in fiat to receive after all fees are applied.
	AmountToReceiveInFiat float64 `json:"amountToReceiveInFiat"`
	// Exact amount in cryptocurrency requested to transfer to the destination address using the target integration.
	TransferAmountToRequest float64 `json:"transferAmountToRequest"`
	// Indicates if the transfer's intention is to transfer all available assets using the requested network and symbol.
	IsMaximumAmount bool `json:"isMaximumAmount"`
	// Indicates the fiat currency that is used to calculate transfer amounts.
	FiatCurrency string `json:"fiatCurrency,omitempty"`
	// Indicates if the transfer is a bridging transfer, meaning that the transfer will be swapped between two different networks.
	IsBridging bool `json:"isBridging"`
	// Details of the bridging operation, in case the transfer is a bridging transfer.
	BridgingDetails *PreviewBridging `json:"bridgingDetails,omitempty"`
	// Total amount of the transfer including all fees (include smart funding conversion fees), converted to fiat.
	TotalEstimatedAmountPlusConversionFeesInFiat float64 `json:"totalEstimatedAmountPlusConversionFeesInFiat"`
}

// TransferToAddress is Mesh's TransferToAddress.
type TransferToAddress struct {
	// The Id of the network in Front system.
	NetworkID string `json:"networkId,omitempty"`
	// The symbol of the digital asset.
	Symbol string `json:"symbol,omitempty"`
	// The address to send the asset to.
	Address string `json:"address,omitempty"`
	// Secondary address identifier for coins like XRP,XMR etc.
	AddressTag string `json:"addressTag,omitempty"`
}

// UpdatedTransfer is Mesh's UpdateTransferModel.
type UpdatedTransfer struct {
	// Mesh transfer identifier.
	ID string `json:"id,omitempty"`
	// Client transaction identifier.
	ClientTransactionID string `json:"clientTransactionId,omitempty"`
	// Integration transaction identifier.
	InstitutionTransactionID string `json:"institutionTransactionId,omitempty"`
	// Client's user identifier.
	UserID string `json:"userId,omitempty"`
	// Transfer status.
	Status TransferStatus `json:"status,omitempty"`
	// Transfer amount in fiat.
	AmountInFiat float64 `json:"amountInFiat"`
	// Transfer amount in fiat currency code.
	AmountInFiatCurrencyCode string `json:"amountInFiatCurrencyCode,omitempty"`
	// Transfer amount.
	Amount float64 `json:"amount"`
	// Transfer cryptocurrency symbol.
	Symbol string `json:"symbol,omitempty"`
	// Transfer network name.
	NetworkName string `json:"networkName,omitempty"`
	// Created timestamp.
	CreatedTimestamp int64 `json:"createdTimestamp"`
	// From integration.
	From *TransferIntegrationRef `json:"from,omitempty"`
	// Transfer hash.
	Hash string `json:"hash,omitempty"`
	// Transfer executed Unix timestamp.
	ExecutedTimestamp *int64 `json:"executedTimestamp,omitempty"`
}

// UpdateTransferRequest is Mesh's UpdateTransferStatusRequest.
type UpdateTransferRequest struct {
	// Auth token that allows connecting to the target institution
	AuthToken string `json:"authToken"`
	// Type of the institution to connect
	Type BrokerType `json:"type,omitempty"`
	// Id of the executed transfer.
	TransactionID string `json:"transactionId"`
}

// UpdateTransferResult is Mesh's UpdateTransferResponse.
type UpdateTransferResult struct {
	// The status of the transfer.
	Status TransferStatus `json:"status,omitempty"`
	// The status details of the transfer.
	StatusDetails BrokerCryptocurrencyTransactionStatus `json:"statusDetails,omitempty"`
	// Error message, if the operation did not complete successfully.
	ErrorMessage string `json:"errorMessage,omitempty"`
	// Result of the transfer initiation.
	TransferResult *UpdatedTransfer `json:"transferResult,omitempty"`
}

// VerifyWalletOptions is Mesh's VerifyWalletOptions: deFi wallet verification options.
type VerifyWalletOptions struct {
	// Verification message to sign.
	Message string `json:"message,omitempty"`
	// List or required verification methods.
	VerificationMethods []WalletVerificationMethod `json:"verificationMethods,omitempty"`
	// Addresses list to verify.
	Addresses []string `json:"addresses,omitempty"`
	// Network to verify.
	NetworkID string `json:"networkId,omitempty"`
	// Network type to verify.
	NetworkType NetworkType `json:"networkType,omitempty"`
}

// AuthStatus is Mesh's B2BBrokerAuthStatus enum.
type AuthStatus string

// AuthStatus values, as the spec lists them.
const (
	AuthStatusFailed      AuthStatus = "failed"
	AuthStatusSucceeded   AuthStatus = "succeeded"
	AuthStatusMfaRequired AuthStatus = "mfaRequired"
)

// AuthStatusValues lists every AuthStatus the spec defines.
var AuthStatusValues = []AuthStatus{AuthStatusFailed, AuthStatusSucceeded, AuthStatusMfaRequired}

// Valid reports whether v is a AuthStatus the spec defines.
func (v AuthStatus) Valid() bool { return slices.Contains(AuthStatusValues, v) }

// BridgingOperationStatus is Mesh's BridgingOperationStatus enum.
type BridgingOperationStatus string

// BridgingOperationStatus values, as the spec lists them.
const (
	BridgingOperationStatusRecordCreated                        BridgingOperationStatus = "recordCreated"
	BridgingOperationStatusRegisteredInProvider                 BridgingOperationStatus = "registeredInProvider"
	BridgingOperationStatusSourceTransferStarted                BridgingOperationStatus = "sourceTransferStarted"
	BridgingOperationStatusInReview                             BridgingOperationStatus = "inReview"
	BridgingOperationStatusProviderAwaitingSourceTransfer       BridgingOperationStatus = "providerAwaitingSourceTransfer"
	BridgingOperationStatusProviderFundsReceived                BridgingOperationStatus = "providerFundsReceived"
	BridgingOperationStatusProviderProcessingPayment            BridgingOperationStatus = "providerProcessingPayment"
	BridgingOperationStatusProviderProcessedPayment             BridgingOperationStatus = "providerProcessedPayment"
	BridgingOperationStatusProviderSetUndeliverable             BridgingOperationStatus = "providerSetUndeliverable"
	BridgingOperationStatusReturned                             BridgingOperationStatus = "returned"
	BridgingOperationStatusRefundRegisteredInProvider           BridgingOperationStatus = "refundRegisteredInProvider"
	BridgingOperationStatusProviderAwaitingSourceRefundTransfer BridgingOperationStatus = "providerAwaitingSourceRefundTransfer"
	BridgingOperationStatusProviderRefundFundsReceived          BridgingOperationStatus = "providerRefundFundsReceived"
	BridgingOperationStatusProviderProcessingRefundPayment      BridgingOperationStatus = "providerProcessingRefundPayment"
	BridgingOperationStatusProviderProcessedRefundPayment       BridgingOperationStatus = "providerProcessedRefundPayment"
	BridgingOperationStatusRefunded                             BridgingOperationStatus = "refunded"
	BridgingOperationStatusCanceled                             BridgingOperationStatus = "canceled"
	BridgingOperationStatusFailed                               BridgingOperationStatus = "failed"
)

// BridgingOperationStatusValues lists every BridgingOperationStatus the spec defines.
var BridgingOperationStatusValues = []BridgingOperationStatus{BridgingOperationStatusRecordCreated, BridgingOperationStatusRegisteredInProvider, BridgingOperationStatusSourceTransferStarted, BridgingOperationStatusInReview, BridgingOperationStatusProviderAwaitingSourceTransfer, BridgingOperationStatusProviderFundsReceived, BridgingOperationStatusProviderProcessingPayment, BridgingOperationStatusProviderProcessedPayment, BridgingOperationStatusProviderSetUndeliverable, BridgingOperationStatusReturned, BridgingOperationStatusRefundRegisteredInProvider, BridgingOperationStatusProviderAwaitingSourceRefundTransfer, BridgingOperationStatusProviderRefundFundsReceived, BridgingOperationStatusProviderProcessingRefundPayment, BridgingOperationStatusProviderProcessedRefundPayment, BridgingOperationStatusRefunded, BridgingOperationStatusCanceled, BridgingOperationStatusFailed}

// Valid reports whether v is a BridgingOperationStatus the spec defines.
func (v BridgingOperationStatus) Valid() bool {
	return slices.Contains(BridgingOperationStatusValues, v)
}

// BrokerCryptocurrencyTransactionBlockchainMethod is Mesh's BrokerCryptocurrencyTransactionBlockchainMethod enum.
type BrokerCryptocurrencyTransactionBlockchainMethod string

// BrokerCryptocurrencyTransactionBlockchainMethod values, as the spec lists them.
const (
	BrokerCryptocurrencyTransactionBlockchainMethodTransfer        BrokerCryptocurrencyTransactionBlockchainMethod = "transfer"
	BrokerCryptocurrencyTransactionBlockchainMethodSwap            BrokerCryptocurrencyTransactionBlockchainMethod = "swap"
	BrokerCryptocurrencyTransactionBlockchainMethodMint            BrokerCryptocurrencyTransactionBlockchainMethod = "mint"
	BrokerCryptocurrencyTransactionBlockchainMethodWithdraw        BrokerCryptocurrencyTransactionBlockchainMethod = "withdraw"
	BrokerCryptocurrencyTransactionBlockchainMethodClaimRewards    BrokerCryptocurrencyTransactionBlockchainMethod = "claimRewards"
	BrokerCryptocurrencyTransactionBlockchainMethodDeposit         BrokerCryptocurrencyTransactionBlockchainMethod = "deposit"
	BrokerCryptocurrencyTransactionBlockchainMethodApprove         BrokerCryptocurrencyTransactionBlockchainMethod = "approve"
	BrokerCryptocurrencyTransactionBlockchainMethodForgeToken      BrokerCryptocurrencyTransactionBlockchainMethod = "forgeToken"
	BrokerCryptocurrencyTransactionBlockchainMethodMulticall       BrokerCryptocurrencyTransactionBlockchainMethod = "multicall"
	BrokerCryptocurrencyTransactionBlockchainMethodMigrateToken    BrokerCryptocurrencyTransactionBlockchainMethod = "migrateToken"
	BrokerCryptocurrencyTransactionBlockchainMethodClaim           BrokerCryptocurrencyTransactionBlockchainMethod = "claim"
	BrokerCryptocurrencyTransactionBlockchainMethodOpenSeaTransfer BrokerCryptocurrencyTransactionBlockchainMethod = "openSeaTransfer"
	BrokerCryptocurrencyTransactionBlockchainMethodCancel          BrokerCryptocurrencyTransactionBlockchainMethod = "cancel"
	BrokerCryptocurrencyTransactionBlockchainMethodCommit          BrokerCryptocurrencyTransactionBlockchainMethod = "commit"
	BrokerCryptocurrencyTransactionBlockchainMethodRun             BrokerCryptocurrencyTransactionBlockchainMethod = "run"
	BrokerCryptocurrencyTransactionBlockchainMethodRepay           BrokerCryptocurrencyTransactionBlockchainMethod = "repay"
	BrokerCryptocurrencyTransactionBlockchainMethodExecute         BrokerCryptocurrencyTransactionBlockchainMethod = "execute"
	BrokerCryptocurrencyTransactionBlockchainMethodStake           BrokerCryptocurrencyTransactionBlockchainMethod = "stake"
	BrokerCryptocurrencyTransactionBlockchainMethodMerge           BrokerCryptocurrencyTransactionBlockchainMethod = "merge"
)

// BrokerCryptocurrencyTransactionBlockchainMethodValues lists every BrokerCryptocurrencyTransactionBlockchainMethod the spec defines.
var BrokerCryptocurrencyTransactionBlockchainMethodValues = []BrokerCryptocurrencyTransactionBlockchainMethod{BrokerCryptocurrencyTransactionBlockchainMethodTransfer, BrokerCryptocurrencyTransactionBlockchainMethodSwap, BrokerCryptocurrencyTransactionBlockchainMethodMint, BrokerCryptocurrencyTransactionBlockchainMethodWithdraw, BrokerCryptocurrencyTransactionBlockchainMethodClaimRewards, BrokerCryptocurrencyTransactionBlockchainMethodDeposit, BrokerCryptocurrencyTransactionBlockchainMethodApprove, BrokerCryptocurrencyTransactionBlockchainMethodForgeToken, BrokerCryptocurrencyTransactionBlockchainMethodMulticall, BrokerCryptocurrencyTransactionBlockchainMethodMigrateToken, BrokerCryptocurrencyTransactionBlockchainMethodClaim, BrokerCryptocurrencyTransactionBlockchainMethodOpenSeaTransfer, BrokerCryptocurrencyTransactionBlockchainMethodCancel, BrokerCryptocurrencyTransactionBlockchainMethodCommit, BrokerCryptocurrencyTransactionBlockchainMethodRun, BrokerCryptocurrencyTransactionBlockchainMethodRepay, BrokerCryptocurrencyTransactionBlockchainMethodExecute, BrokerCryptocurrencyTransactionBlockchainMethodStake, BrokerCryptocurrencyTransactionBlockchainMethodMerge}

// Valid reports whether v is a BrokerCryptocurrencyTransactionBlockchainMethod the spec defines.
func (v BrokerCryptocurrencyTransactionBlockchainMethod) Valid() bool {
	return slices.Contains(BrokerCryptocurrencyTransactionBlockchainMethodValues, v)
}

// BrokerCryptocurrencyTransactionStatus is Mesh's BrokerCryptocurrencyTransactionStatus enum.
type BrokerCryptocurrencyTransactionStatus string

// BrokerCryptocurrencyTransactionStatus values, as the spec lists them.
const (
	BrokerCryptocurrencyTransactionStatusUnknown                           BrokerCryptocurrencyTransactionStatus = "unknown"
	BrokerCryptocurrencyTransactionStatusFailed                            BrokerCryptocurrencyTransactionStatus = "failed"
	BrokerCryptocurrencyTransactionStatusFrozen                            BrokerCryptocurrencyTransactionStatus = "frozen"
	BrokerCryptocurrencyTransactionStatusSucceeded                         BrokerCryptocurrencyTransactionStatus = "succeeded"
	BrokerCryptocurrencyTransactionStatusMfaRequired                       BrokerCryptocurrencyTransactionStatus = "mfaRequired"
	BrokerCryptocurrencyTransactionStatusPending                           BrokerCryptocurrencyTransactionStatus = "pending"
	BrokerCryptocurrencyTransactionStatusExpired                           BrokerCryptocurrencyTransactionStatus = "expired"
	BrokerCryptocurrencyTransactionStatusCanceled                          BrokerCryptocurrencyTransactionStatus = "canceled"
	BrokerCryptocurrencyTransactionStatusWaitingForSignature               BrokerCryptocurrencyTransactionStatus = "waitingForSignature"
	BrokerCryptocurrencyTransactionStatusWaitingForClearing                BrokerCryptocurrencyTransactionStatus = "waitingForClearing"
	BrokerCryptocurrencyTransactionStatusAwaitingApproval                  BrokerCryptocurrencyTransactionStatus = "awaitingApproval"
	BrokerCryptocurrencyTransactionStatusAwaitingConfirmation              BrokerCryptocurrencyTransactionStatus = "awaitingConfirmation"
	BrokerCryptocurrencyTransactionStatusAwaitingVerification              BrokerCryptocurrencyTransactionStatus = "awaitingVerification"
	BrokerCryptocurrencyTransactionStatusRejected                          BrokerCryptocurrencyTransactionStatus = "rejected"
	BrokerCryptocurrencyTransactionStatusPendingCancel                     BrokerCryptocurrencyTransactionStatus = "pendingCancel"
	BrokerCryptocurrencyTransactionStatusEmailVerification                 BrokerCryptocurrencyTransactionStatus = "emailVerification"
	BrokerCryptocurrencyTransactionStatusDeviceConfirmationRequired        BrokerCryptocurrencyTransactionStatus = "deviceConfirmationRequired"
	BrokerCryptocurrencyTransactionStatusMfaFailed                         BrokerCryptocurrencyTransactionStatus = "mfaFailed"
	BrokerCryptocurrencyTransactionStatusAddressWhitelistRequired          BrokerCryptocurrencyTransactionStatus = "addressWhitelistRequired"
	BrokerCryptocurrencyTransactionStatusSecondMfaRequired                 BrokerCryptocurrencyTransactionStatus = "secondMfaRequired"
	BrokerCryptocurrencyTransactionStatusEmailConfirmationApprovalRequired BrokerCryptocurrencyTransactionStatus = "emailConfirmationApprovalRequired"
	BrokerCryptocurrencyTransactionStatusTravelRuleRequired                BrokerCryptocurrencyTransactionStatus = "travelRuleRequired"
)

// BrokerCryptocurrencyTransactionStatusValues lists every BrokerCryptocurrencyTransactionStatus the spec defines.
var BrokerCryptocurrencyTransactionStatusValues = []BrokerCryptocurrencyTransactionStatus{BrokerCryptocurrencyTransactionStatusUnknown, BrokerCryptocurrencyTransactionStatusFailed, BrokerCryptocurrencyTransactionStatusFrozen, BrokerCryptocurrencyTransactionStatusSucceeded, BrokerCryptocurrencyTransactionStatusMfaRequired, BrokerCryptocurrencyTransactionStatusPending, BrokerCryptocurrencyTransactionStatusExpired, BrokerCryptocurrencyTransactionStatusCanceled, BrokerCryptocurrencyTransactionStatusWaitingForSignature, BrokerCryptocurrencyTransactionStatusWaitingForClearing, BrokerCryptocurrencyTransactionStatusAwaitingApproval, BrokerCryptocurrencyTransactionStatusAwaitingConfirmation, BrokerCryptocurrencyTransactionStatusAwaitingVerification, BrokerCryptocurrencyTransactionStatusRejected, BrokerCryptocurrencyTransactionStatusPendingCancel, BrokerCryptocurrencyTransactionStatusEmailVerification, BrokerCryptocurrencyTransactionStatusDeviceConfirmationRequired, BrokerCryptocurrencyTransactionStatusMfaFailed, BrokerCryptocurrencyTransactionStatusAddressWhitelistRequired, BrokerCryptocurrencyTransactionStatusSecondMfaRequired, BrokerCryptocurrencyTransactionStatusEmailConfirmationApprovalRequired, BrokerCryptocurrencyTransactionStatusTravelRuleRequired}

// Valid reports whether v is a BrokerCryptocurrencyTransactionStatus the spec defines.
func (v BrokerCryptocurrencyTransactionStatus) Valid() bool {
	return slices.Contains(BrokerCryptocurrencyTransactionStatusValues, v)
}

// BrokerCryptocurrencyTransactionType is Mesh's BrokerCryptocurrencyTransactionType enum.
type BrokerCryptocurrencyTransactionType string

// BrokerCryptocurrencyTransactionType values, as the spec lists them.
const (
	BrokerCryptocurrencyTransactionTypeUnknown    BrokerCryptocurrencyTransactionType = "unknown"
	BrokerCryptocurrencyTransactionTypeDeposit    BrokerCryptocurrencyTransactionType = "deposit"
	BrokerCryptocurrencyTransactionTypeWithdrawal BrokerCryptocurrencyTransactionType = "withdrawal"
)

// BrokerCryptocurrencyTransactionTypeValues lists every BrokerCryptocurrencyTransactionType the spec defines.
var BrokerCryptocurrencyTransactionTypeValues = []BrokerCryptocurrencyTransactionType{BrokerCryptocurrencyTransactionTypeUnknown, BrokerCryptocurrencyTransactionTypeDeposit, BrokerCryptocurrencyTransactionTypeWithdrawal}

// Valid reports whether v is a BrokerCryptocurrencyTransactionType the spec defines.
func (v BrokerCryptocurrencyTransactionType) Valid() bool {
	return slices.Contains(BrokerCryptocurrencyTransactionTypeValues, v)
}

// BrokerOptionDirection is Mesh's BrokerOptionDirection enum.
type BrokerOptionDirection string

// BrokerOptionDirection values, as the spec lists them.
const (
	BrokerOptionDirectionUnknown     BrokerOptionDirection = "unknown"
	BrokerOptionDirectionBuyToOpen   BrokerOptionDirection = "buyToOpen"
	BrokerOptionDirectionBuyToClose  BrokerOptionDirection = "buyToClose"
	BrokerOptionDirectionSellToOpen  BrokerOptionDirection = "sellToOpen"
	BrokerOptionDirectionSellToClose BrokerOptionDirection = "sellToClose"
	BrokerOptionDirectionBuyToCover  BrokerOptionDirection = "buyToCover"
	BrokerOptionDirectionSellShort   BrokerOptionDirection = "sellShort"
)

// BrokerOptionDirectionValues lists every BrokerOptionDirection the spec defines.
var BrokerOptionDirectionValues = []BrokerOptionDirection{BrokerOptionDirectionUnknown, BrokerOptionDirectionBuyToOpen, BrokerOptionDirectionBuyToClose, BrokerOptionDirectionSellToOpen, BrokerOptionDirectionSellToClose, BrokerOptionDirectionBuyToCover, BrokerOptionDirectionSellShort}

// Valid reports whether v is a BrokerOptionDirection the spec defines.
func (v BrokerOptionDirection) Valid() bool { return slices.Contains(BrokerOptionDirectionValues, v) }

// BrokerOptionType is Mesh's BrokerOptionType enum.
type BrokerOptionType string

// BrokerOptionType values, as the spec lists them.
const (
	BrokerOptionTypeUnknown BrokerOptionType = "unknown"
	BrokerOptionTypeCall    BrokerOptionType = "call"
	BrokerOptionTypePut     BrokerOptionType = "put"
)

// BrokerOptionTypeValues lists every BrokerOptionType the spec defines.
var BrokerOptionTypeValues = []BrokerOptionType{BrokerOptionTypeUnknown, BrokerOptionTypeCall, BrokerOptionTypePut}

// Valid reports whether v is a BrokerOptionType the spec defines.
func (v BrokerOptionType) Valid() bool { return slices.Contains(BrokerOptionTypeValues, v) }

// BrokerPaymentMethodType is Mesh's BrokerPaymentMethodType enum.
type BrokerPaymentMethodType string

// BrokerPaymentMethodType values, as the spec lists them.
const (
	BrokerPaymentMethodTypeCard          BrokerPaymentMethodType = "card"
	BrokerPaymentMethodTypeBankAccount   BrokerPaymentMethodType = "bankAccount"
	BrokerPaymentMethodTypeDigitalWallet BrokerPaymentMethodType = "digitalWallet"
	BrokerPaymentMethodTypeUnknown       BrokerPaymentMethodType = "unknown"
)

// BrokerPaymentMethodTypeValues lists every BrokerPaymentMethodType the spec defines.
var BrokerPaymentMethodTypeValues = []BrokerPaymentMethodType{BrokerPaymentMethodTypeCard, BrokerPaymentMethodTypeBankAccount, BrokerPaymentMethodTypeDigitalWallet, BrokerPaymentMethodTypeUnknown}

// Valid reports whether v is a BrokerPaymentMethodType the spec defines.
func (v BrokerPaymentMethodType) Valid() bool {
	return slices.Contains(BrokerPaymentMethodTypeValues, v)
}

// BrokerRequestStatus is Mesh's BrokerRequestStatus enum.
type BrokerRequestStatus string

// BrokerRequestStatus values, as the spec lists them.
const (
	BrokerRequestStatusSucceeded     BrokerRequestStatus = "succeeded"
	BrokerRequestStatusFailed        BrokerRequestStatus = "failed"
	BrokerRequestStatusNotAuthorized BrokerRequestStatus = "notAuthorized"
)

// BrokerRequestStatusValues lists every BrokerRequestStatus the spec defines.
var BrokerRequestStatusValues = []BrokerRequestStatus{BrokerRequestStatusSucceeded, BrokerRequestStatusFailed, BrokerRequestStatusNotAuthorized}

// Valid reports whether v is a BrokerRequestStatus the spec defines.
func (v BrokerRequestStatus) Valid() bool { return slices.Contains(BrokerRequestStatusValues, v) }

// BrokerResponseStatus is Mesh's BrokerResponseStatus enum.
type BrokerResponseStatus string

// BrokerResponseStatus values, as the spec lists them.
const (
	BrokerResponseStatusUnknown     BrokerResponseStatus = "unknown"
	BrokerResponseStatusMfaRequired BrokerResponseStatus = "mfaRequired"
	BrokerResponseStatusKycRequired BrokerResponseStatus = "kycRequired"
)

// BrokerResponseStatusValues lists every BrokerResponseStatus the spec defines.
var BrokerResponseStatusValues = []BrokerResponseStatus{BrokerResponseStatusUnknown, BrokerResponseStatusMfaRequired, BrokerResponseStatusKycRequired}

// Valid reports whether v is a BrokerResponseStatus the spec defines.
func (v BrokerResponseStatus) Valid() bool { return slices.Contains(BrokerResponseStatusValues, v) }

// BrokerType is Mesh's BrokerType enum.
type BrokerType string

// BrokerType values, as the spec lists them.
const (
	BrokerTypeRobinhood                  BrokerType = "robinhood"
	BrokerTypeETrade                     BrokerType = "eTrade"
	BrokerTypeAlpaca                     BrokerType = "alpaca"
	BrokerTypeTdAmeritrade               BrokerType = "tdAmeritrade"
	BrokerTypeWeBull                     BrokerType = "weBull"
	BrokerTypeStash                      BrokerType = "stash"
	BrokerTypeInteractiveBrokers         BrokerType = "interactiveBrokers"
	BrokerTypePublic                     BrokerType = "public"
	BrokerTypeCoinbase                   BrokerType = "coinbase"
	BrokerTypeKraken                     BrokerType = "kraken"
	BrokerTypeCoinbasePro                BrokerType = "coinbasePro"
	BrokerTypeCryptoCom                  BrokerType = "cryptoCom"
	BrokerTypeOpenSea                    BrokerType = "openSea"
	BrokerTypeBinanceUs                  BrokerType = "binanceUs"
	BrokerTypeGemini                     BrokerType = "gemini"
	BrokerTypeCryptocurrencyAddress      BrokerType = "cryptocurrencyAddress"
	BrokerTypeCryptocurrencyWallet       BrokerType = "cryptocurrencyWallet"
	BrokerTypeOkCoin                     BrokerType = "okCoin"
	BrokerTypeBittrex                    BrokerType = "bittrex"
	BrokerTypeKuCoin                     BrokerType = "kuCoin"
	BrokerTypeEtoro                      BrokerType = "etoro"
	BrokerTypeCexIo                      BrokerType = "cexIo"
	BrokerTypeBinanceInternational       BrokerType = "binanceInternational"
	BrokerTypeBitstamp                   BrokerType = "bitstamp"
	BrokerTypeGateIo                     BrokerType = "gateIo"
	BrokerTypeAcorns                     BrokerType = "acorns"
	BrokerTypeOkx                        BrokerType = "okx"
	BrokerTypeBitFlyer                   BrokerType = "bitFlyer"
	BrokerTypeCoinlist                   BrokerType = "coinlist"
	BrokerTypeHuobi                      BrokerType = "huobi"
	BrokerTypeBitfinex                   BrokerType = "bitfinex"
	BrokerTypeDeFiWallet                 BrokerType = "deFiWallet"
	BrokerTypeKrakenDirect               BrokerType = "krakenDirect"
	BrokerTypeVanguard                   BrokerType = "vanguard"
	BrokerTypeBinanceInternationalDirect BrokerType = "binanceInternationalDirect"
	BrokerTypeBitfinexDirect             BrokerType = "bitfinexDirect"
	BrokerTypeBybit                      BrokerType = "bybit"
	BrokerTypePaxos                      BrokerType = "paxos"
	BrokerTypeCoinbasePrime              BrokerType = "coinbasePrime"
	BrokerTypeBtcTurkDirect              BrokerType = "btcTurkDirect"
	BrokerTypeKuCoinDirect               BrokerType = "kuCoinDirect"
	BrokerTypeOkxOAuth                   BrokerType = "okxOAuth"
	BrokerTypeParibuDirect               BrokerType = "paribuDirect"
	BrokerTypeRobinhoodConnect           BrokerType = "robinhoodConnect"
	BrokerTypeBlockchainCom              BrokerType = "blockchainCom"
	BrokerTypeBitsoDirect                BrokerType = "bitsoDirect"
	BrokerTypeBinanceConnect             BrokerType = "binanceConnect"
	BrokerTypeBinanceOAuth               BrokerType = "binanceOAuth"
	BrokerTypeRevolutConnect             BrokerType = "revolutConnect"
	BrokerTypeBinancePay                 BrokerType = "binancePay"
	BrokerTypeBybitDirect                BrokerType = "bybitDirect"
	BrokerTypeParibuOAuth                BrokerType = "paribuOAuth"
	BrokerTypePayPalConnect              BrokerType = "payPalConnect"
	BrokerTypeBinanceTrDirect            BrokerType = "binanceTrDirect"
	BrokerTypeCoinbaseRamp               BrokerType = "coinbaseRamp"
	BrokerTypeBybitDirectMobile          BrokerType = "bybitDirectMobile"
	BrokerTypeSandbox                    BrokerType = "sandbox"
)

// BrokerTypeValues lists every BrokerType the spec defines.
var BrokerTypeValues = []BrokerType{BrokerTypeRobinhood, BrokerTypeETrade, BrokerTypeAlpaca, BrokerTypeTdAmeritrade, BrokerTypeWeBull, BrokerTypeStash, BrokerTypeInteractiveBrokers, BrokerTypePublic, BrokerTypeCoinbase, BrokerTypeKraken, BrokerTypeCoinbasePro, BrokerTypeCryptoCom, BrokerTypeOpenSea, BrokerTypeBinanceUs, BrokerTypeGemini, BrokerTypeCryptocurrencyAddress, BrokerTypeCryptocurrencyWallet, BrokerTypeOkCoin, BrokerTypeBittrex, BrokerTypeKuCoin, BrokerTypeEtoro, BrokerTypeCexIo, BrokerTypeBinanceInternational, BrokerTypeBitstamp, BrokerTypeGateIo, BrokerTypeAcorns, BrokerTypeOkx, BrokerTypeBitFlyer, BrokerTypeCoinlist, BrokerTypeHuobi, BrokerTypeBitfinex, BrokerTypeDeFiWallet, BrokerTypeKrakenDirect, BrokerTypeVanguard, BrokerTypeBinanceInternationalDirect, BrokerTypeBitfinexDirect, BrokerTypeBybit, BrokerTypePaxos, BrokerTypeCoinbasePrime, BrokerTypeBtcTurkDirect, BrokerTypeKuCoinDirect, BrokerTypeOkxOAuth, BrokerTypeParibuDirect, BrokerTypeRobinhoodConnect, BrokerTypeBlockchainCom, BrokerTypeBitsoDirect, BrokerTypeBinanceConnect, BrokerTypeBinanceOAuth, BrokerTypeRevolutConnect, BrokerTypeBinancePay, BrokerTypeBybitDirect, BrokerTypeParibuOAuth, BrokerTypePayPalConnect, BrokerTypeBinanceTrDirect, BrokerTypeCoinbaseRamp, BrokerTypeBybitDirectMobile, BrokerTypeSandbox}

// Valid reports whether v is a BrokerType the spec defines.
func (v BrokerType) Valid() bool { return slices.Contains(BrokerTypeValues, v) }

// ConfigureTransferStatus is Mesh's ConfigureTransferStatus enum.
type ConfigureTransferStatus string

// ConfigureTransferStatus values, as the spec lists them.
const (
	ConfigureTransferStatusSucceeded                   ConfigureTransferStatus = "succeeded"
	ConfigureTransferStatusFailed                      ConfigureTransferStatus = "failed"
	ConfigureTransferStatusValidationFailed            ConfigureTransferStatus = "validationFailed"
	ConfigureTransferStatusNotAuthorizedTo             ConfigureTransferStatus = "notAuthorizedTo"
	ConfigureTransferStatusNotAuthorizedFrom           ConfigureTransferStatus = "notAuthorizedFrom"
	ConfigureTransferStatusKycRequired                 ConfigureTransferStatus = "kycRequired"
	ConfigureTransferStatusFromIntegrationNotSupported ConfigureTransferStatus = "fromIntegrationNotSupported"
	ConfigureTransferStatusToIntegrationNotSupported   ConfigureTransferStatus = "toIntegrationNotSupported"
)

// ConfigureTransferStatusValues lists every ConfigureTransferStatus the spec defines.
var ConfigureTransferStatusValues = []ConfigureTransferStatus{ConfigureTransferStatusSucceeded, ConfigureTransferStatusFailed, ConfigureTransferStatusValidationFailed, ConfigureTransferStatusNotAuthorizedTo, ConfigureTransferStatusNotAuthorizedFrom, ConfigureTransferStatusKycRequired, ConfigureTransferStatusFromIntegrationNotSupported, ConfigureTransferStatusToIntegrationNotSupported}

// Valid reports whether v is a ConfigureTransferStatus the spec defines.
func (v ConfigureTransferStatus) Valid() bool {
	return slices.Contains(ConfigureTransferStatusValues, v)
}

// CryptocurrencyAddressType is Mesh's CryptocurrencyAddressType enum.
type CryptocurrencyAddressType string

// CryptocurrencyAddressType values, as the spec lists them.
const (
	CryptocurrencyAddressTypeEthAddress        CryptocurrencyAddressType = "ethAddress"
	CryptocurrencyAddressTypeBtcAddress        CryptocurrencyAddressType = "btcAddress"
	CryptocurrencyAddressTypeLtcAddress        CryptocurrencyAddressType = "ltcAddress"
	CryptocurrencyAddressTypeSolAddress        CryptocurrencyAddressType = "solAddress"
	CryptocurrencyAddressTypeAlgoAddress       CryptocurrencyAddressType = "algoAddress"
	CryptocurrencyAddressTypeCeloAddress       CryptocurrencyAddressType = "celoAddress"
	CryptocurrencyAddressTypeCardanoAddress    CryptocurrencyAddressType = "cardanoAddress"
	CryptocurrencyAddressTypePolygonAddress    CryptocurrencyAddressType = "polygonAddress"
	CryptocurrencyAddressTypeBnbAddress        CryptocurrencyAddressType = "bnbAddress"
	CryptocurrencyAddressTypeElrondAddress     CryptocurrencyAddressType = "elrondAddress"
	CryptocurrencyAddressTypeNeoAddress        CryptocurrencyAddressType = "neoAddress"
	CryptocurrencyAddressTypeXrpAddress        CryptocurrencyAddressType = "xrpAddress"
	CryptocurrencyAddressTypeFlowAddress       CryptocurrencyAddressType = "flowAddress"
	CryptocurrencyAddressTypeHarmonyOneAddress CryptocurrencyAddressType = "harmonyOneAddress"
	CryptocurrencyAddressTypeTronAddress       CryptocurrencyAddressType = "tronAddress"
	CryptocurrencyAddressTypeDogeAddress       CryptocurrencyAddressType = "dogeAddress"
	CryptocurrencyAddressTypeOpAddress         CryptocurrencyAddressType = "opAddress"
)

// CryptocurrencyAddressTypeValues lists every CryptocurrencyAddressType the spec defines.
var CryptocurrencyAddressTypeValues = []CryptocurrencyAddressType{CryptocurrencyAddressTypeEthAddress, CryptocurrencyAddressTypeBtcAddress, CryptocurrencyAddressTypeLtcAddress, CryptocurrencyAddressTypeSolAddress, CryptocurrencyAddressTypeAlgoAddress, CryptocurrencyAddressTypeCeloAddress, CryptocurrencyAddressTypeCardanoAddress, CryptocurrencyAddressTypePolygonAddress, CryptocurrencyAddressTypeBnbAddress, CryptocurrencyAddressTypeElrondAddress, CryptocurrencyAddressTypeNeoAddress, CryptocurrencyAddressTypeXrpAddress, CryptocurrencyAddressTypeFlowAddress, CryptocurrencyAddressTypeHarmonyOneAddress, CryptocurrencyAddressTypeTronAddress, CryptocurrencyAddressTypeDogeAddress, CryptocurrencyAddressTypeOpAddress}

// Valid reports whether v is a CryptocurrencyAddressType the spec defines.
func (v CryptocurrencyAddressType) Valid() bool {
	return slices.Contains(CryptocurrencyAddressTypeValues, v)
}

// CryptocurrencyFundingOptionType is Mesh's CryptocurrencyFundingOptionType enum.
type CryptocurrencyFundingOptionType string

// CryptocurrencyFundingOptionType values, as the spec lists them.
const (
	CryptocurrencyFundingOptionTypeExistingCryptocurrencyBalance       CryptocurrencyFundingOptionType = "existingCryptocurrencyBalance"
	CryptocurrencyFundingOptionTypeBuyingPowerPurchase                 CryptocurrencyFundingOptionType = "buyingPowerPurchase"
	CryptocurrencyFundingOptionTypePaymentMethodDepositUsage           CryptocurrencyFundingOptionType = "paymentMethodDepositUsage"
	CryptocurrencyFundingOptionTypeCryptocurrencyConversion            CryptocurrencyFundingOptionType = "cryptocurrencyConversion"
	CryptocurrencyFundingOptionTypeStableCoinNoFeeConversion           CryptocurrencyFundingOptionType = "stableCoinNoFeeConversion"
	CryptocurrencyFundingOptionTypeCryptocurrencyBuyingPowerConversion CryptocurrencyFundingOptionType = "cryptocurrencyBuyingPowerConversion"
	CryptocurrencyFundingOptionTypeCryptocurrencyMultiStepConversion   CryptocurrencyFundingOptionType = "cryptocurrencyMultiStepConversion"
)

// CryptocurrencyFundingOptionTypeValues lists every CryptocurrencyFundingOptionType the spec defines.
var CryptocurrencyFundingOptionTypeValues = []CryptocurrencyFundingOptionType{CryptocurrencyFundingOptionTypeExistingCryptocurrencyBalance, CryptocurrencyFundingOptionTypeBuyingPowerPurchase, CryptocurrencyFundingOptionTypePaymentMethodDepositUsage, CryptocurrencyFundingOptionTypeCryptocurrencyConversion, CryptocurrencyFundingOptionTypeStableCoinNoFeeConversion, CryptocurrencyFundingOptionTypeCryptocurrencyBuyingPowerConversion, CryptocurrencyFundingOptionTypeCryptocurrencyMultiStepConversion}

// Valid reports whether v is a CryptocurrencyFundingOptionType the spec defines.
func (v CryptocurrencyFundingOptionType) Valid() bool {
	return slices.Contains(CryptocurrencyFundingOptionTypeValues, v)
}

// DeviceType is Mesh's DeviceType enum.
type DeviceType string

// DeviceType values, as the spec lists them.
const (
	DeviceTypeUnknown DeviceType = "unknown"
	DeviceTypeAndroid DeviceType = "android"
	DeviceTypeIos     DeviceType = "ios"
	DeviceTypeWeb     DeviceType = "web"
)

// DeviceTypeValues lists every DeviceType the spec defines.
var DeviceTypeValues = []DeviceType{DeviceTypeUnknown, DeviceTypeAndroid, DeviceTypeIos, DeviceTypeWeb}

// Valid reports whether v is a DeviceType the spec defines.
func (v DeviceType) Valid() bool { return slices.Contains(DeviceTypeValues, v) }

// ExecuteTransferMfaType is Mesh's ExecuteTransferMfaType enum.
type ExecuteTransferMfaType string

// ExecuteTransferMfaType values, as the spec lists them.
const (
	ExecuteTransferMfaTypeUnspecified ExecuteTransferMfaType = "unspecified"
	ExecuteTransferMfaTypePhone       ExecuteTransferMfaType = "phone"
	ExecuteTransferMfaTypeEmail       ExecuteTransferMfaType = "email"
	ExecuteTransferMfaTypeTotp        ExecuteTransferMfaType = "totp"
	ExecuteTransferMfaTypeFace        ExecuteTransferMfaType = "face"
	ExecuteTransferMfaTypeTradingPin  ExecuteTransferMfaType = "tradingPin"
	ExecuteTransferMfaTypeMobile      ExecuteTransferMfaType = "mobile"
)

// ExecuteTransferMfaTypeValues lists every ExecuteTransferMfaType the spec defines.
var ExecuteTransferMfaTypeValues = []ExecuteTransferMfaType{ExecuteTransferMfaTypeUnspecified, ExecuteTransferMfaTypePhone, ExecuteTransferMfaTypeEmail, ExecuteTransferMfaTypeTotp, ExecuteTransferMfaTypeFace, ExecuteTransferMfaTypeTradingPin, ExecuteTransferMfaTypeMobile}

// Valid reports whether v is a ExecuteTransferMfaType the spec defines.
func (v ExecuteTransferMfaType) Valid() bool { return slices.Contains(ExecuteTransferMfaTypeValues, v) }

// ExecuteTransferStatus is Mesh's ExecuteTransferStatus enum.
type ExecuteTransferStatus string

// ExecuteTransferStatus values, as the spec lists them.
const (
	ExecuteTransferStatusSucceeded                         ExecuteTransferStatus = "succeeded"
	ExecuteTransferStatusInProgress                        ExecuteTransferStatus = "inProgress"
	ExecuteTransferStatusFailed                            ExecuteTransferStatus = "failed"
	ExecuteTransferStatusMfaRequired                       ExecuteTransferStatus = "mfaRequired"
	ExecuteTransferStatusEmailConfirmationRequired         ExecuteTransferStatus = "emailConfirmationRequired"
	ExecuteTransferStatusDeviceConfirmationRequired        ExecuteTransferStatus = "deviceConfirmationRequired"
	ExecuteTransferStatusMfaFailed                         ExecuteTransferStatus = "mfaFailed"
	ExecuteTransferStatusAddressWhitelistRequired          ExecuteTransferStatus = "addressWhitelistRequired"
	ExecuteTransferStatusSecondMfaRequired                 ExecuteTransferStatus = "secondMfaRequired"
	ExecuteTransferStatusDeFiWalletConfirmationRequired    ExecuteTransferStatus = "deFiWalletConfirmationRequired"
	ExecuteTransferStatusEmailConfirmationApprovalRequired ExecuteTransferStatus = "emailConfirmationApprovalRequired"
)

// ExecuteTransferStatusValues lists every ExecuteTransferStatus the spec defines.
var ExecuteTransferStatusValues = []ExecuteTransferStatus{ExecuteTransferStatusSucceeded, ExecuteTransferStatusInProgress, ExecuteTransferStatusFailed, ExecuteTransferStatusMfaRequired, ExecuteTransferStatusEmailConfirmationRequired, ExecuteTransferStatusDeviceConfirmationRequired, ExecuteTransferStatusMfaFailed, ExecuteTransferStatusAddressWhitelistRequired, ExecuteTransferStatusSecondMfaRequired, ExecuteTransferStatusDeFiWalletConfirmationRequired, ExecuteTransferStatusEmailConfirmationApprovalRequired}

// Valid reports whether v is a ExecuteTransferStatus the spec defines.
func (v ExecuteTransferStatus) Valid() bool { return slices.Contains(ExecuteTransferStatusValues, v) }

// HoldingTransferIneligibilityReason is Mesh's HoldingTransferIneligibilityReason enum.
type HoldingTransferIneligibilityReason string

// HoldingTransferIneligibilityReason values, as the spec lists them.
const (
	HoldingTransferIneligibilityReasonNoEligibleNetworks              HoldingTransferIneligibilityReason = "noEligibleNetworks"
	HoldingTransferIneligibilityReasonSymbolDoesNotMatch              HoldingTransferIneligibilityReason = "symbolDoesNotMatch"
	HoldingTransferIneligibilityReasonNotSupportedForTransferByTarget HoldingTransferIneligibilityReason = "notSupportedForTransferByTarget"
	HoldingTransferIneligibilityReasonNotSupportedForTransferBySource HoldingTransferIneligibilityReason = "notSupportedForTransferBySource"
	HoldingTransferIneligibilityReasonEligibleWithFunding             HoldingTransferIneligibilityReason = "eligibleWithFunding"
	HoldingTransferIneligibilityReasonAmountNotSufficient             HoldingTransferIneligibilityReason = "amountNotSufficient"
	HoldingTransferIneligibilityReasonNoPrice                         HoldingTransferIneligibilityReason = "noPrice"
)

// HoldingTransferIneligibilityReasonValues lists every HoldingTransferIneligibilityReason the spec defines.
var HoldingTransferIneligibilityReasonValues = []HoldingTransferIneligibilityReason{HoldingTransferIneligibilityReasonNoEligibleNetworks, HoldingTransferIneligibilityReasonSymbolDoesNotMatch, HoldingTransferIneligibilityReasonNotSupportedForTransferByTarget, HoldingTransferIneligibilityReasonNotSupportedForTransferBySource, HoldingTransferIneligibilityReasonEligibleWithFunding, HoldingTransferIneligibilityReasonAmountNotSufficient, HoldingTransferIneligibilityReasonNoPrice}

// Valid reports whether v is a HoldingTransferIneligibilityReason the spec defines.
func (v HoldingTransferIneligibilityReason) Valid() bool {
	return slices.Contains(HoldingTransferIneligibilityReasonValues, v)
}

// IntegrationCategory is Mesh's FinancialInstitutionIntegrationType enum.
type IntegrationCategory string

// IntegrationCategory values, as the spec lists them.
const (
	IntegrationCategoryBrokerage      IntegrationCategory = "brokerage"
	IntegrationCategoryBank           IntegrationCategory = "bank"
	IntegrationCategoryExchange       IntegrationCategory = "exchange"
	IntegrationCategoryWallet         IntegrationCategory = "wallet"
	IntegrationCategoryAddress        IntegrationCategory = "address"
	IntegrationCategoryNftMarketplace IntegrationCategory = "nftMarketplace"
	IntegrationCategoryDeFiWallet     IntegrationCategory = "deFiWallet"
)

// IntegrationCategoryValues lists every IntegrationCategory the spec defines.
var IntegrationCategoryValues = []IntegrationCategory{IntegrationCategoryBrokerage, IntegrationCategoryBank, IntegrationCategoryExchange, IntegrationCategoryWallet, IntegrationCategoryAddress, IntegrationCategoryNftMarketplace, IntegrationCategoryDeFiWallet}

// Valid reports whether v is a IntegrationCategory the spec defines.
func (v IntegrationCategory) Valid() bool { return slices.Contains(IntegrationCategoryValues, v) }

// NetworkTransferIneligibilityReason is Mesh's NetworkTransferIneligibilityReason enum.
type NetworkTransferIneligibilityReason string

// NetworkTransferIneligibilityReason values, as the spec lists them.
const (
	NetworkTransferIneligibilityReasonAmountNotSufficient               NetworkTransferIneligibilityReason = "amountNotSufficient"
	NetworkTransferIneligibilityReasonGasFeeAssetBalanceNotEnough       NetworkTransferIneligibilityReason = "gasFeeAssetBalanceNotEnough"
	NetworkTransferIneligibilityReasonNoTargetNetworkFound              NetworkTransferIneligibilityReason = "noTargetNetworkFound"
	NetworkTransferIneligibilityReasonRefusedByInstitution              NetworkTransferIneligibilityReason = "refusedByInstitution"
	NetworkTransferIneligibilityReasonEligibleWithFunding               NetworkTransferIneligibilityReason = "eligibleWithFunding"
	NetworkTransferIneligibilityReasonBalanceBelowRequestedAmount       NetworkTransferIneligibilityReason = "balanceBelowRequestedAmount"
	NetworkTransferIneligibilityReasonRequestedAmountBelowMinimum       NetworkTransferIneligibilityReason = "requestedAmountBelowMinimum"
	NetworkTransferIneligibilityReasonBalanceBelowMinimum               NetworkTransferIneligibilityReason = "balanceBelowMinimum"
	NetworkTransferIneligibilityReasonRequestedAmountBelowFees          NetworkTransferIneligibilityReason = "requestedAmountBelowFees"
	NetworkTransferIneligibilityReasonRequestedAmountBelowClientMinimum NetworkTransferIneligibilityReason = "requestedAmountBelowClientMinimum"
	NetworkTransferIneligibilityReasonRequestedAmountAboveClientMaximum NetworkTransferIneligibilityReason = "requestedAmountAboveClientMaximum"
	NetworkTransferIneligibilityReasonNoPrice                           NetworkTransferIneligibilityReason = "noPrice"
	NetworkTransferIneligibilityReasonNyCoinbaseUserRestrictions        NetworkTransferIneligibilityReason = "nyCoinbaseUserRestrictions"
	NetworkTransferIneligibilityReasonGasFeeAssetAndBalanceNotEnough    NetworkTransferIneligibilityReason = "gasFeeAssetAndBalanceNotEnough"
)

// NetworkTransferIneligibilityReasonValues lists every NetworkTransferIneligibilityReason the spec defines.
var NetworkTransferIneligibilityReasonValues = []NetworkTransferIneligibilityReason{NetworkTransferIneligibilityReasonAmountNotSufficient, NetworkTransferIneligibilityReasonGasFeeAssetBalanceNotEnough, NetworkTransferIneligibilityReasonNoTargetNetworkFound, NetworkTransferIneligibilityReasonRefusedByInstitution, NetworkTransferIneligibilityReasonEligibleWithFunding, NetworkTransferIneligibilityReasonBalanceBelowRequestedAmount, NetworkTransferIneligibilityReasonRequestedAmountBelowMinimum, NetworkTransferIneligibilityReasonBalanceBelowMinimum, NetworkTransferIneligibilityReasonRequestedAmountBelowFees, NetworkTransferIneligibilityReasonRequestedAmountBelowClientMinimum, NetworkTransferIneligibilityReasonRequestedAmountAboveClientMaximum, NetworkTransferIneligibilityReasonNoPrice, NetworkTransferIneligibilityReasonNyCoinbaseUserRestrictions, NetworkTransferIneligibilityReasonGasFeeAssetAndBalanceNotEnough}

// Valid reports whether v is a NetworkTransferIneligibilityReason the spec defines.
func (v NetworkTransferIneligibilityReason) Valid() bool {
	return slices.Contains(NetworkTransferIneligibilityReasonValues, v)
}

// NetworkType is Mesh's NetworkType enum.
type NetworkType string

// NetworkType values, as the spec lists them.
const (
	NetworkTypeUnknown    NetworkType = "unknown"
	NetworkTypeEvm        NetworkType = "evm"
	NetworkTypeSolana     NetworkType = "solana"
	NetworkTypeBitcoin    NetworkType = "bitcoin"
	NetworkTypeCardano    NetworkType = "cardano"
	NetworkTypeTron       NetworkType = "tron"
	NetworkTypeAvalancheX NetworkType = "avalancheX"
	NetworkTypeTezos      NetworkType = "tezos"
	NetworkTypeDogecoin   NetworkType = "dogecoin"
	NetworkTypeRipple     NetworkType = "ripple"
	NetworkTypeStellar    NetworkType = "stellar"
	NetworkTypeLitecoin   NetworkType = "litecoin"
	NetworkTypeSui        NetworkType = "sui"
	NetworkTypeAptos      NetworkType = "aptos"
	NetworkTypeTvm        NetworkType = "tvm"
	NetworkTypeInjective  NetworkType = "injective"
)

// NetworkTypeValues lists every NetworkType the spec defines.
var NetworkTypeValues = []NetworkType{NetworkTypeUnknown, NetworkTypeEvm, NetworkTypeSolana, NetworkTypeBitcoin, NetworkTypeCardano, NetworkTypeTron, NetworkTypeAvalancheX, NetworkTypeTezos, NetworkTypeDogecoin, NetworkTypeRipple, NetworkTypeStellar, NetworkTypeLitecoin, NetworkTypeSui, NetworkTypeAptos, NetworkTypeTvm, NetworkTypeInjective}

// Valid reports whether v is a NetworkType the spec defines.
func (v NetworkType) Valid() bool { return slices.Contains(NetworkTypeValues, v) }

// PreviewTransferStatus is Mesh's PreviewTransferStatus enum.
type PreviewTransferStatus string

// PreviewTransferStatus values, as the spec lists them.
const (
	PreviewTransferStatusSucceeded       PreviewTransferStatus = "succeeded"
	PreviewTransferStatusFailed          PreviewTransferStatus = "failed"
	PreviewTransferStatusRequiresFunding PreviewTransferStatus = "requiresFunding"
)

// PreviewTransferStatusValues lists every PreviewTransferStatus the spec defines.
var PreviewTransferStatusValues = []PreviewTransferStatus{PreviewTransferStatusSucceeded, PreviewTransferStatusFailed, PreviewTransferStatusRequiresFunding}

// Valid reports whether v is a PreviewTransferStatus the spec defines.
func (v PreviewTransferStatus) Valid() bool { return slices.Contains(PreviewTransferStatusValues, v) }

// ProcessingFeeRetainType is Mesh's ProcessingFeeRetainType enum.
type ProcessingFeeRetainType string

// ProcessingFeeRetainType values, as the spec lists them.
const (
	ProcessingFeeRetainTypeDefault      ProcessingFeeRetainType = "default"
	ProcessingFeeRetainTypeSmartDeposit ProcessingFeeRetainType = "smartDeposit"
)

// ProcessingFeeRetainTypeValues lists every ProcessingFeeRetainType the spec defines.
var ProcessingFeeRetainTypeValues = []ProcessingFeeRetainType{ProcessingFeeRetainTypeDefault, ProcessingFeeRetainTypeSmartDeposit}

// Valid reports whether v is a ProcessingFeeRetainType the spec defines.
func (v ProcessingFeeRetainType) Valid() bool {
	return slices.Contains(ProcessingFeeRetainTypeValues, v)
}

// TransferBalanceFundingAvailabilityStatus is Mesh's TransferBalanceFundingAvailabilityStatus enum.
type TransferBalanceFundingAvailabilityStatus string

// TransferBalanceFundingAvailabilityStatus values, as the spec lists them.
const (
	TransferBalanceFundingAvailabilityStatusDisabled               TransferBalanceFundingAvailabilityStatus = "disabled"
	TransferBalanceFundingAvailabilityStatusAvailable              TransferBalanceFundingAvailabilityStatus = "available"
	TransferBalanceFundingAvailabilityStatusRequiresAmountLowering TransferBalanceFundingAvailabilityStatus = "requiresAmountLowering"
	TransferBalanceFundingAvailabilityStatusNotApplicable          TransferBalanceFundingAvailabilityStatus = "notApplicable"
	TransferBalanceFundingAvailabilityStatusUnavailable            TransferBalanceFundingAvailabilityStatus = "unavailable"
)

// TransferBalanceFundingAvailabilityStatusValues lists every TransferBalanceFundingAvailabilityStatus the spec defines.
var TransferBalanceFundingAvailabilityStatusValues = []TransferBalanceFundingAvailabilityStatus{TransferBalanceFundingAvailabilityStatusDisabled, TransferBalanceFundingAvailabilityStatusAvailable, TransferBalanceFundingAvailabilityStatusRequiresAmountLowering, TransferBalanceFundingAvailabilityStatusNotApplicable, TransferBalanceFundingAvailabilityStatusUnavailable}

// Valid reports whether v is a TransferBalanceFundingAvailabilityStatus the spec defines.
func (v TransferBalanceFundingAvailabilityStatus) Valid() bool {
	return slices.Contains(TransferBalanceFundingAvailabilityStatusValues, v)
}

// WalletVerificationMethod is Mesh's WalletVerificationMethod enum: Verification method.
type WalletVerificationMethod string

// WalletVerificationMethod values, as the spec lists them.
const (
	WalletVerificationMethodSignedMessage WalletVerificationMethod = "signedMessage"
)

// WalletVerificationMethodValues lists every WalletVerificationMethod the spec defines.
var WalletVerificationMethodValues = []WalletVerificationMethod{WalletVerificationMethodSignedMessage}

// Valid reports whether v is a WalletVerificationMethod the spec defines.
func (v WalletVerificationMethod) Valid() bool {
	return slices.Contains(WalletVerificationMethodValues, v)
}
