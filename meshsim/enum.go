package meshsim

import (
	"regexp"
	"strings"
)

// Enums of Mesh's spec the emulator validates against.

var brokerTypes = strings.Fields(`robinhood eTrade alpaca tdAmeritrade weBull stash interactiveBrokers public
coinbase kraken coinbasePro cryptoCom openSea binanceUs gemini cryptocurrencyAddress cryptocurrencyWallet okCoin
bittrex kuCoin etoro cexIo binanceInternational bitstamp gateIo acorns okx bitFlyer coinlist huobi bitfinex
deFiWallet krakenDirect vanguard binanceInternationalDirect bitfinexDirect bybit paxos coinbasePrime btcTurkDirect
kuCoinDirect okxOAuth paribuDirect robinhoodConnect blockchainCom bitsoDirect binanceConnect binanceOAuth
revolutConnect binancePay bybitDirect paribuOAuth payPalConnect binanceTrDirect coinbaseRamp bybitDirectMobile sandbox`)

var transferTypes = []string{"deposit", "payment", "onramp", "fiatOnRamp", "fiatOffRamp"}

var networkTypes = strings.Fields(`unknown evm solana bitcoin cardano tron avalancheX tezos dogecoin ripple stellar
litecoin sui aptos tvm injective`)

var addressTypes = strings.Fields(`ethAddress btcAddress ltcAddress solAddress algoAddress celoAddress cardanoAddress
polygonAddress bnbAddress elrondAddress neoAddress xrpAddress flowAddress harmonyOneAddress tronAddress dogeAddress opAddress`)

// inEnum matches case-insensitively, as Mesh's (ASP.NET) enum binding does.
func inEnum(list []string, v string) (string, bool) {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return x, true
		}
	}
	return "", false
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func isUUID(s string) bool { return uuidRE.MatchString(s) }
