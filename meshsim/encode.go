package meshsim

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// A hand-written TransferModel encoder: the history route serves pages of 100 from a
// million transfers, so it appends straight into one buffer (no reflection, no maps).

func appendString(b []byte, s string) []byte {
	const hexd = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendLogo appends the JSON string logoURL(kind, name) without building it.
func appendLogo(b []byte, kind, name string) []byte {
	b = append(b, `"https://static.meshconnect.invalid/`...)
	b = append(b, kind...)
	b = append(b, '/')
	b = append(b, name...)
	return append(b, `.svg"`...)
}

func appendNullableString(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendString(b, s)
}

func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

func appendFee(b []byte, fee float64, currency string, inFiat float64) []byte {
	b = append(b, `{"fee":`...)
	b = appendFloat(b, fee)
	b = append(b, `,"feeCurrency":`...)
	b = appendString(b, currency)
	b = append(b, `,"feeInFiat":`...)
	b = appendFloat(b, inFiat)
	return append(b, '}')
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// appendTransferModel renders t as a TransferModel.
func appendTransferModel(b []byte, t *Transfer) []byte {
	n, _ := networkByID(t.NetworkID)
	in, _ := integrationByID(t.IntegrationID)
	fees := round2(t.GasFeeInFiat + t.WithdrawalFeeInFiat + t.ProcessingFeeInFiat)
	b = append(b, `{"id":"`...)
	b = append(b, t.ID...)
	b = append(b, `","clientTransactionId":`...)
	b = appendNullableString(b, t.ClientTransactionID)
	b = append(b, `,"institutionTransactionId":`...)
	b = appendNullableString(b, t.InstitutionTransactionID)
	b = append(b, `,"userId":`...)
	b = appendNullableString(b, t.UserID)
	b = append(b, `,"status":"`...)
	b = append(b, t.Status...)
	b = append(b, `","amountInFiat":`...)
	b = appendFloat(b, t.AmountInFiat)
	b = append(b, `,"amountToReceiveInFiat":`...)
	b = appendFloat(b, round2(t.AmountInFiat-t.WithdrawalFeeInFiat))
	b = append(b, `,"amountInFiatCurrencyCode":"USD","amount":`...)
	b = appendFloat(b, t.Amount)
	b = append(b, `,"amountToReceive":`...)
	b = appendFloat(b, roundAmount(t.Amount-t.WithdrawalFee, t.Symbol))
	b = append(b, `,"symbol":`...)
	b = appendString(b, t.Symbol)
	b = append(b, `,"tokenAddress":null,"networkName":`...)
	if n != nil {
		b = appendString(b, n.Name)
		b = append(b, `,"networkId":"`...)
		b = append(b, n.ID...)
		b = append(b, `","networkLogoUrl":`...)
		b = appendLogo(b, "networks", n.Name)
	} else {
		b = append(b, `null,"networkId":`...)
		b = appendString(b, t.NetworkID)
		b = append(b, `,"networkLogoUrl":null`...)
	}
	b = append(b, `,"createdTimestamp":`...)
	b = strconv.AppendInt(b, t.CreatedTimestamp, 10)
	b = append(b, `,"from":`...)
	if in != nil {
		b = append(b, `{"id":"`...)
		b = append(b, in.ID...)
		b = append(b, `","type":"`...)
		b = append(b, in.Type...)
		b = append(b, `","name":`...)
		b = appendString(b, in.Name)
		b = append(b, `,"logoUrl":`...)
		b = appendLogo(b, "integrations", in.Type)
		b = append(b, '}')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"hash":`...)
	b = appendNullableString(b, t.Hash)
	b = append(b, `,"subClientId":`...)
	b = appendNullableString(b, t.SubClientID)
	b = append(b, `,"infoUrl":`...)
	if t.Hash != "" && n != nil {
		b = appendString(b, explorerURL(n, t.Hash))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"gasFee":`...)
	if t.GasFee > 0 && n != nil {
		b = appendFee(b, t.GasFee, n.NativeSymbol, t.GasFeeInFiat)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"withdrawalFee":`...)
	if t.WithdrawalFee > 0 {
		b = appendFee(b, t.WithdrawalFee, t.Symbol, t.WithdrawalFeeInFiat)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"processingFee":`...)
	if t.ProcessingFeeInFiat > 0 {
		b = appendFee(b, t.ProcessingFeeInFiat, "USD", t.ProcessingFeeInFiat)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"executedTimestamp":`...)
	if t.ExecutedTimestamp > 0 {
		b = strconv.AppendInt(b, t.ExecutedTimestamp, 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"transferType":`...)
	b = appendNullableString(b, t.TransferType)
	b = append(b, `,"isFeeIncluded":false,"sourceAmount":`...)
	b = appendFloat(b, t.Amount)
	b = append(b, `,"destinationAmount":`...)
	b = appendFloat(b, roundAmount(t.Amount-t.WithdrawalFee, t.Symbol))
	b = append(b, `,"destinationAmountInFiat":`...)
	b = appendFloat(b, round2(t.AmountInFiat-t.WithdrawalFeeInFiat))
	b = append(b, `,"totalFeesAmountInFiat":`...)
	b = appendFloat(b, fees)
	b = append(b, `,"totalTransactionAmountInFiat":`...)
	b = appendFloat(b, round2(t.AmountInFiat+t.GasFeeInFiat+t.ProcessingFeeInFiat))
	b = append(b, `,"fundingMethods":null,"destinationAddress":`...)
	b = appendNullableString(b, t.DestinationAddress)
	b = append(b, `,"refundAddress":`...)
	b = appendNullableString(b, t.RefundAddress)
	b = append(b, `,"bridgingDetails":null}`...)
	return b
}

// appendHistoryPage renders a whole TransferModelPaginationResponseApiResult.
func appendHistoryPage(b []byte, items []*Transfer, total int) []byte {
	b = append(b, `{"content":{"items":[`...)
	for i, t := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendTransferModel(b, t)
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, `},"status":"ok","message":"","displayMessage":null,"errorHash":"`...)
	b = append(b, errorHash()...)
	b = append(b, `","errorType":"","errorData":null}`...)
	return b
}
