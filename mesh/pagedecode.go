package mesh

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// A single-pass reader for the managed-transfer history's success envelope. A first sync reads
// 100k transfers; through encoding/json each was scanned three times (the envelope, its
// content, then Transfer.UnmarshalJSON's own Unmarshal) at ~30 µs a transfer. This one walks
// the body once, validating every byte as it goes, fills []Transfer and points each Raw at the
// transfer's exact bytes in the body the client read (no copy).
//
// It is a fast path, not a second definition of the format: whenever the body holds anything
// it does not read exactly as encoding/json would (invalid JSON, a type mismatch, a key with
// escapes or non-ASCII letters, a repeated key, a null transfer, an error envelope, depth
// over a few levels) it gives up, and decodeEnvelope decodes the body the general way, which
// accepts or rejects it and words the error. So what is accepted, the values decoded and the
// errors are encoding/json's by construction; the differential test and FuzzTransferPageFast
// check that whatever the fast path accepts, encoding/json decodes to the same result.

// maxSkipDepth bounds the nesting of values the fast path skips (unknown fields, errorData);
// deeper ones are left to encoding/json.
const maxSkipDepth = 64

// pageScanner is a cursor over one body.
type pageScanner struct {
	d []byte
	i int
}

// decodeTransferPageFast decodes a 2xx history body (the whole envelope, status ok) into a
// transferPageContent, or reports false when the body must be decoded the general way. The
// Raw of every transfer points (capacity-limited) into body, or into one copy of it when
// copyBody is set; body is never written.
func decodeTransferPageFast(body []byte, copyBody bool) (transferPageContent, bool) {
	trimmed := bytes.TrimSpace(body) // as decodeEnvelope does (Unicode spaces too)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return transferPageContent{}, false
	}
	if copyBody {
		trimmed = bytes.Clone(trimmed)
	}
	s := &pageScanner{d: trimmed}
	var out transferPageContent
	const (
		fContent = 1 << iota
		fStatus
		fMessage
		fDisplayMessage
		fErrorType
		fErrorHash
		fErrorData
	)
	var seen uint
	var status string
	ok := s.object(func(key []byte) bool {
		var k [maxKey]byte
		var bit uint
		var ok bool
		switch string(lowerKey(&k, key)) {
		case "content":
			bit = fContent
			if !s.match("null") {
				ok = s.pageContent(&out)
			}
			// A null content is an error envelope: left to decodeEnvelope.
		case "status":
			bit, ok = fStatus, s.stringOrNull(&status)
		case "message":
			var v string
			bit, ok = fMessage, s.stringOrNull(&v)
		case "displaymessage":
			var v string
			bit, ok = fDisplayMessage, s.stringOrNull(&v)
		case "errortype":
			var v string
			bit, ok = fErrorType, s.stringOrNull(&v)
		case "errorhash":
			var v string
			bit, ok = fErrorHash, s.stringOrNull(&v)
		case "errordata":
			bit, ok = fErrorData, s.skip(0)
		default:
			return s.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
	s.ws()
	if !ok || s.i != len(s.d) || seen&fContent == 0 || (status != "" && status != APIStatusOK) {
		return transferPageContent{}, false
	}
	return out, true
}

// pageContent reads TransferModelPaginationResponse: {"items":[…],"total":n}.
func (s *pageScanner) pageContent(out *transferPageContent) bool {
	if s.peek() != '{' {
		return false
	}
	var seenItems, seenTotal bool
	return s.object(func(key []byte) bool {
		var k [maxKey]byte
		switch string(lowerKey(&k, key)) {
		case "items":
			if seenItems {
				return false
			}
			seenItems = true
			return s.items(out)
		case "total":
			if seenTotal {
				return false
			}
			seenTotal = true
			if s.match("null") {
				return true
			}
			n, ok := s.int(strconv.IntSize)
			out.Total = int(n)
			return ok
		default:
			return s.skip(0)
		}
	})
}

// items reads the array of TransferModel; [] gives an empty, non-nil slice and null leaves it
// nil, as encoding/json does.
func (s *pageScanner) items(out *transferPageContent) bool {
	if s.match("null") {
		return true
	}
	if s.peek() != '[' {
		return false
	}
	s.i++
	// A TransferModel as Mesh sends it is about 1 KB: room for the page without regrowing,
	// and little for a one-transfer look-up.
	out.Items = make([]Transfer, 0, min(MaxTransferPage, len(s.d)/512+1))
	s.ws()
	if s.peek() == ']' {
		s.i++
		return true
	}
	for {
		s.ws()
		out.Items = append(out.Items, Transfer{})
		if !s.transfer(&out.Items[len(out.Items)-1]) {
			return false
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

// Bits of the Transfer fields, to refuse a repeated key (encoding/json would merge the two
// values into nested structs; the fast path leaves that to it).
const (
	tfID = iota
	tfClientTransactionID
	tfInstitutionTransactionID
	tfUserID
	tfStatus
	tfAmountInFiat
	tfAmountToReceiveInFiat
	tfAmountInFiatCurrencyCode
	tfAmount
	tfAmountToReceive
	tfSymbol
	tfTokenAddress
	tfNetworkName
	tfNetworkID
	tfNetworkLogoURL
	tfCreatedTimestamp
	tfFrom
	tfHash
	tfSubClientID
	tfInfoURL
	tfGasFee
	tfWithdrawalFee
	tfProcessingFee
	tfExecutedTimestamp
	tfTransferType
	tfIsFeeIncluded
	tfSourceAmount
	tfDestinationAmount
	tfDestinationAmountInFiat
	tfTotalFeesAmountInFiat
	tfTotalTransactionAmountInFiat
	tfFundingMethods
	tfDestinationAddress
	tfRefundAddress
	tfBridgingDetails
)

// transfer reads one TransferModel object and sets Raw to its exact bytes.
func (s *pageScanner) transfer(t *Transfer) bool {
	if s.peek() != '{' {
		return false // null or not an object: left to encoding/json
	}
	start := s.i
	var seen uint64
	ok := s.object(func(key []byte) bool {
		var k [maxKey]byte
		var f int
		var ok bool
		switch string(lowerKey(&k, key)) {
		case "id":
			f, ok = tfID, s.stringOrNull(&t.ID)
		case "clienttransactionid":
			f, ok = tfClientTransactionID, s.stringOrNull(&t.ClientTransactionID)
		case "institutiontransactionid":
			f, ok = tfInstitutionTransactionID, s.stringOrNull(&t.InstitutionTransactionID)
		case "userid":
			f, ok = tfUserID, s.stringOrNull(&t.UserID)
		case "status":
			f, ok = tfStatus, s.stringOrNull((*string)(&t.Status))
		case "amountinfiat":
			f, ok = tfAmountInFiat, s.floatOrNull(&t.AmountInFiat)
		case "amounttoreceiveinfiat":
			f, ok = tfAmountToReceiveInFiat, s.floatOrNull(&t.AmountToReceiveInFiat)
		case "amountinfiatcurrencycode":
			f, ok = tfAmountInFiatCurrencyCode, s.stringOrNull(&t.AmountInFiatCurrencyCode)
		case "amount":
			f, ok = tfAmount, s.floatOrNull(&t.Amount)
		case "amounttoreceive":
			f, ok = tfAmountToReceive, s.floatOrNull(&t.AmountToReceive)
		case "symbol":
			f, ok = tfSymbol, s.stringOrNull(&t.Symbol)
		case "tokenaddress":
			f, ok = tfTokenAddress, s.stringOrNull(&t.TokenAddress)
		case "networkname":
			f, ok = tfNetworkName, s.stringOrNull(&t.NetworkName)
		case "networkid":
			f, ok = tfNetworkID, s.stringOrNull(&t.NetworkID)
		case "networklogourl":
			f, ok = tfNetworkLogoURL, s.stringOrNull(&t.NetworkLogoURL)
		case "createdtimestamp":
			f, ok = tfCreatedTimestamp, s.int64OrNull(&t.CreatedTimestamp)
		case "from":
			f, ok = tfFrom, s.integration(&t.From)
		case "hash":
			f, ok = tfHash, s.stringOrNull(&t.Hash)
		case "subclientid":
			f, ok = tfSubClientID, s.stringOrNull(&t.SubClientID)
		case "infourl":
			f, ok = tfInfoURL, s.stringOrNull(&t.InfoURL)
		case "gasfee":
			f, ok = tfGasFee, s.fee(&t.GasFee)
		case "withdrawalfee":
			f, ok = tfWithdrawalFee, s.fee(&t.WithdrawalFee)
		case "processingfee":
			f, ok = tfProcessingFee, s.fee(&t.ProcessingFee)
		case "executedtimestamp":
			f, ok = tfExecutedTimestamp, s.int64Ptr(&t.ExecutedTimestamp)
		case "transfertype":
			f, ok = tfTransferType, s.stringOrNull((*string)(&t.TransferType))
		case "isfeeincluded":
			f, ok = tfIsFeeIncluded, s.boolOrNull(&t.IsFeeIncluded)
		case "sourceamount":
			f, ok = tfSourceAmount, s.floatPtr(&t.SourceAmount)
		case "destinationamount":
			f, ok = tfDestinationAmount, s.floatPtr(&t.DestinationAmount)
		case "destinationamountinfiat":
			f, ok = tfDestinationAmountInFiat, s.floatPtr(&t.DestinationAmountInFiat)
		case "totalfeesamountinfiat":
			f, ok = tfTotalFeesAmountInFiat, s.floatOrNull(&t.TotalFeesAmountInFiat)
		case "totaltransactionamountinfiat":
			f, ok = tfTotalTransactionAmountInFiat, s.floatOrNull(&t.TotalTransactionAmountInFiat)
		case "fundingmethods":
			f, ok = tfFundingMethods, s.fundingMethods(&t.FundingMethods)
		case "destinationaddress":
			f, ok = tfDestinationAddress, s.stringOrNull(&t.DestinationAddress)
		case "refundaddress":
			f, ok = tfRefundAddress, s.stringOrNull(&t.RefundAddress)
		case "bridgingdetails":
			f, ok = tfBridgingDetails, s.viaJSON(&t.BridgingDetails)
		default:
			return s.skip(0)
		}
		if !ok || seen&(1<<f) != 0 {
			return false
		}
		seen |= 1 << f
		return true
	})
	if !ok {
		return false
	}
	t.Raw = json.RawMessage(s.d[start:s.i:s.i])
	return true
}

// integration reads a TransferIntegrationWithLogoModel or null.
func (s *pageScanner) integration(dst **TransferIntegration) bool {
	if s.match("null") {
		return true
	}
	if s.peek() != '{' {
		return false
	}
	v := new(TransferIntegration)
	var seen uint8
	ok := s.object(func(key []byte) bool {
		var k [maxKey]byte
		var bit uint8
		var ok bool
		switch string(lowerKey(&k, key)) {
		case "id":
			bit, ok = 1, s.stringOrNull(&v.ID)
		case "type":
			bit, ok = 2, s.stringOrNull(&v.Type)
		case "name":
			bit, ok = 4, s.stringOrNull(&v.Name)
		case "logourl":
			bit, ok = 8, s.stringOrNull(&v.LogoURL)
		default:
			return s.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
	*dst = v
	return ok
}

// fee reads a TransferFee or null.
func (s *pageScanner) fee(dst **TransferFee) bool {
	if s.match("null") {
		return true
	}
	if s.peek() != '{' {
		return false
	}
	v := new(TransferFee)
	var seen uint8
	ok := s.object(func(key []byte) bool {
		var k [maxKey]byte
		var bit uint8
		var ok bool
		switch string(lowerKey(&k, key)) {
		case "fee":
			bit, ok = 1, s.floatOrNull(&v.Fee)
		case "feecurrency":
			bit, ok = 2, s.stringOrNull(&v.FeeCurrency)
		case "feeinfiat":
			bit, ok = 4, s.floatOrNull(&v.FeeInFiat)
		case "feeintransfercurrency":
			bit, ok = 8, s.floatPtr(&v.FeeInTransferCurrency)
		default:
			return s.skip(0)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
	*dst = v
	return ok
}

// fundingMethods reads an array of TransferFundingModel or null.
func (s *pageScanner) fundingMethods(dst *[]TransferFunding) bool {
	if s.match("null") {
		return true
	}
	if s.peek() != '[' {
		return false
	}
	s.i++
	out := []TransferFunding{}
	s.ws()
	if s.peek() == ']' {
		s.i++
		*dst = out
		return true
	}
	for {
		s.ws()
		if s.peek() != '{' {
			return false
		}
		var v TransferFunding
		var seen uint8
		ok := s.object(func(key []byte) bool {
			var k [maxKey]byte
			var bit uint8
			var ok bool
			switch string(lowerKey(&k, key)) {
			case "type":
				bit, ok = 1, s.stringOrNull(&v.Type)
			case "amount":
				bit, ok = 2, s.floatOrNull(&v.Amount)
			case "amountinfiat":
				bit, ok = 4, s.floatOrNull(&v.AmountInFiat)
			case "tosymbol":
				bit, ok = 8, s.stringOrNull(&v.ToSymbol)
			case "fromamount":
				bit, ok = 16, s.floatOrNull(&v.FromAmount)
			case "fromsymbol":
				bit, ok = 32, s.stringOrNull(&v.FromSymbol)
			case "paymentmethodtype":
				bit, ok = 64, s.stringOrNull(&v.PaymentMethodType)
			case "fee":
				bit, ok = 128, s.fee(&v.Fee)
			default:
				return s.skip(0)
			}
			if !ok || seen&bit != 0 {
				return false
			}
			seen |= bit
			return true
		})
		if !ok {
			return false
		}
		out = append(out, v)
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			*dst = out
			return true
		default:
			return false
		}
	}
}

// viaJSON reads a rare nested value (bridging details) with encoding/json itself: null leaves
// dst as it is, anything else is validated by skip, then unmarshalled on its own.
func (s *pageScanner) viaJSON(dst any) bool {
	if s.match("null") {
		return true
	}
	start := s.i
	if !s.skip(0) {
		return false
	}
	return json.Unmarshal(s.d[start:s.i], dst) == nil
}

// object reads the object at the cursor, calling member for each key with the cursor on its
// value (after the colon and spaces); member consumes the value. Keys must be plain ASCII
// without escapes (anything else is left to encoding/json, which folds Unicode letters).
func (s *pageScanner) object(member func(key []byte) bool) bool {
	if s.peek() != '{' {
		return false
	}
	s.i++
	s.ws()
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		if s.peek() != '"' {
			return false
		}
		start := s.i + 1
		j := start
		for ; j < len(s.d); j++ {
			c := s.d[j]
			if c == '"' {
				break
			}
			if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
				return false
			}
		}
		if j >= len(s.d) {
			return false
		}
		key := s.d[start:j]
		s.i = j + 1
		s.ws()
		if s.peek() != ':' {
			return false
		}
		s.i++
		s.ws()
		if !member(key) {
			return false
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
			s.ws()
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// maxKey is longer than any field name the fast path knows; longer keys are unknown fields.
const maxKey = 32

// lowerKey folds an ASCII key to lower case into buf, for a switch on string(…) (which does
// not allocate); a key too long to be a known field folds to nothing.
func lowerKey(buf *[maxKey]byte, key []byte) []byte {
	if len(key) > maxKey {
		return nil
	}
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(key)]
}

func (s *pageScanner) peek() byte {
	if s.i < len(s.d) {
		return s.d[s.i]
	}
	return 0
}

// ws skips JSON whitespace.
func (s *pageScanner) ws() {
	for s.i < len(s.d) {
		switch s.d[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// match consumes lit (a literal such as null) if it is next.
func (s *pageScanner) match(lit string) bool {
	if len(s.d)-s.i >= len(lit) && string(s.d[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

// stringOrNull reads a string into dst; null leaves dst as it is.
func (s *pageScanner) stringOrNull(dst *string) bool {
	if s.match("null") {
		return true
	}
	if s.peek() != '"' {
		return false
	}
	start := s.i + 1
	for j := start; j < len(s.d); j++ {
		c := s.d[j]
		if c == '"' {
			*dst = string(s.d[start:j])
			s.i = j + 1
			return true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
	}
	// Escapes or non-ASCII: validate the literal, then let encoding/json unquote it (invalid
	// UTF-8 becomes U+FFFD there, as in any other field it decodes).
	lit := s.i
	if !s.skipString() {
		return false
	}
	return json.Unmarshal(s.d[lit:s.i], dst) == nil
}

// floatOrNull reads a number into dst; null leaves dst as it is.
func (s *pageScanner) floatOrNull(dst *float64) bool {
	if s.match("null") {
		return true
	}
	n, ok := s.float()
	if ok {
		*dst = n
	}
	return ok
}

// floatPtr reads a number into a new *float64; null leaves dst nil.
func (s *pageScanner) floatPtr(dst **float64) bool {
	if s.match("null") {
		return true
	}
	n, ok := s.float()
	if ok {
		*dst = &n
	}
	return ok
}

func (s *pageScanner) float() (float64, bool) {
	lit, ok := s.number()
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseFloat(string(lit), 64)
	return n, err == nil
}

// int64OrNull reads an integer into dst; null leaves dst as it is.
func (s *pageScanner) int64OrNull(dst *int64) bool {
	if s.match("null") {
		return true
	}
	n, ok := s.int(64)
	if ok {
		*dst = n
	}
	return ok
}

// int64Ptr reads an integer into a new *int64; null leaves dst nil.
func (s *pageScanner) int64Ptr(dst **int64) bool {
	if s.match("null") {
		return true
	}
	n, ok := s.int(64)
	if ok {
		*dst = &n
	}
	return ok
}

// int reads a JSON number that strconv.ParseInt takes at bits (as encoding/json does for
// integer fields: no fraction, no exponent).
func (s *pageScanner) int(bits int) (int64, bool) {
	lit, ok := s.number()
	if !ok {
		return 0, false
	}
	if len(lit) <= 18 {
		// Up to 18 characters cannot overflow: add the digits up unless there is a '.' or 'e'.
		neg := lit[0] == '-'
		digits := lit
		if neg {
			digits = lit[1:]
		}
		var n int64
		plain := true
		for _, c := range digits {
			if c < '0' || c > '9' {
				plain = false
				break
			}
			n = n*10 + int64(c-'0')
		}
		if plain {
			if neg {
				n = -n
			}
			if bits < 64 && (n < -1<<(bits-1) || n > 1<<(bits-1)-1) {
				return 0, false // out of range for an int on a 32-bit platform
			}
			return n, true
		}
	}
	n, err := strconv.ParseInt(string(lit), 10, bits)
	return n, err == nil
}

// boolOrNull reads true or false into dst; null leaves dst as it is.
func (s *pageScanner) boolOrNull(dst *bool) bool {
	switch {
	case s.match("null"):
	case s.match("true"):
		*dst = true
	case s.match("false"):
		*dst = false
	default:
		return false
	}
	return true
}

// number consumes a JSON number (RFC 8259 grammar) and returns its literal.
func (s *pageScanner) number() ([]byte, bool) {
	d, i := s.d, s.i
	start := i
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for i++; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
		}
	default:
		return nil, false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, false
		}
		for ; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, false
		}
		for ; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
		}
	}
	s.i = i
	return d[start:i], true
}

// skipString consumes a string literal, checking its escapes and that it has no raw control
// characters (other bytes, invalid UTF-8 included, are valid JSON to encoding/json).
func (s *pageScanner) skipString() bool {
	if s.peek() != '"' {
		return false
	}
	d := s.d
	for i := s.i + 1; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			s.i = i + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			i++
			if i >= len(d) {
				return false
			}
			switch d[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(d) {
					return false
				}
				for _, h := range d[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				i += 4
			default:
				return false
			}
		}
	}
	return false
}

// skip consumes any JSON value, validating it.
func (s *pageScanner) skip(depth int) bool {
	switch s.peek() {
	case '"':
		return s.skipString()
	case 'n':
		return s.match("null")
	case 't':
		return s.match("true")
	case 'f':
		return s.match("false")
	case '{':
		if depth >= maxSkipDepth {
			return false
		}
		// Keys of skipped objects may be anything valid: they name nothing.
		s.i++
		s.ws()
		if s.peek() == '}' {
			s.i++
			return true
		}
		for {
			if !s.skipString() {
				return false
			}
			s.ws()
			if s.peek() != ':' {
				return false
			}
			s.i++
			s.ws()
			if !s.skip(depth + 1) {
				return false
			}
			s.ws()
			switch s.peek() {
			case ',':
				s.i++
				s.ws()
			case '}':
				s.i++
				return true
			default:
				return false
			}
		}
	case '[':
		if depth >= maxSkipDepth {
			return false
		}
		s.i++
		s.ws()
		if s.peek() == ']' {
			s.i++
			return true
		}
		for {
			s.ws()
			if !s.skip(depth + 1) {
				return false
			}
			s.ws()
			switch s.peek() {
			case ',':
				s.i++
			case ']':
				s.i++
				return true
			default:
				return false
			}
		}
	default:
		_, ok := s.number()
		return ok
	}
}
