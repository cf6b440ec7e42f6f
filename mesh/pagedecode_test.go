package mesh_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"meshdesk/internal/spectest"
	"meshdesk/internal/testenv"
	"meshdesk/mesh"
	"meshdesk/meshsim"
)

// The history pages are decoded by a single-pass fast path with encoding/json behind it for
// whatever the fast path leaves (pagedecode.go). These tests hold the fast path to the
// reference — the body decoded by encoding/json alone, as before — on hand-made variants,
// the spec's examples and the emulator's pages, and fuzz it.

const pageUUID = "8e25acb5-a9e2-4d00-8772-a255f010a2a9"

// pageEnv wraps content in a success envelope.
func pageEnv(content string) string {
	return `{"content":` + content + `,"status":"ok","message":"","errorHash":"bf6d53f3","errorType":""}`
}

// pageOf is a success envelope around a page of the given transfer objects.
func pageOf(items ...string) string {
	return pageEnv(`{"items":[` + strings.Join(items, ",") + `],"total":` + fmt.Sprint(len(items)) + `}`)
}

// trWith is a small transfer object with extra members appended.
func trWith(extra string) string {
	s := `{"id":"` + pageUUID + `","status":"pending","amount":1.5,"createdTimestamp":1700000000`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

// fullTransfer has every field set, nested ones included (json.Marshal writes it camelCase).
func fullTransfer() mesh.Transfer {
	f := 0.25
	ts := int64(1707462614)
	return mesh.Transfer{
		ID: pageUUID, ClientTransactionID: "order-1", InstitutionTransactionID: "inst-1", UserID: "user-1",
		Status: mesh.StatusSucceeded, AmountInFiat: 1000.3, AmountToReceiveInFiat: 999.1, AmountInFiatCurrencyCode: "USD",
		Amount: 0.004786046226555188, AmountToReceive: 0.0047, Symbol: "WETH", TokenAddress: "0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619",
		NetworkName: "Polygon", NetworkID: "e3c7fdd8-b1fc-4e51-85ae-bb276e075611", NetworkLogoURL: "https://x/p.svg",
		CreatedTimestamp: 1653211113, From: &mesh.TransferIntegration{ID: pageUUID, Type: "robinhood", Name: "Robinhood", LogoURL: "https://x/r.jpg"},
		Hash: "0x77f3", SubClientID: pageUUID, InfoURL: "https://polygonscan.com/tx/0x5b",
		GasFee:            &mesh.TransferFee{Fee: 0.0001, FeeCurrency: "MATIC", FeeInFiat: 0.1, FeeInTransferCurrency: &f},
		WithdrawalFee:     &mesh.TransferFee{Fee: 0.0002, FeeCurrency: "WETH", FeeInFiat: 0.2},
		ProcessingFee:     &mesh.TransferFee{Fee: 0.0003, FeeCurrency: "USD", FeeInFiat: 0.3},
		ExecutedTimestamp: &ts, TransferType: mesh.TransferTypePayment, IsFeeIncluded: true,
		SourceAmount: &f, DestinationAmount: &f, DestinationAmountInFiat: &f, TotalFeesAmountInFiat: 0.5, TotalTransactionAmountInFiat: 1000.5,
		FundingMethods: []mesh.TransferFunding{{Type: "cryptocurrencyConversion", Amount: 2, AmountInFiat: 20, ToSymbol: "WETH",
			FromAmount: 1, FromSymbol: "BTC", PaymentMethodType: "card", Fee: &mesh.TransferFee{Fee: 0.1, FeeCurrency: "ETH", FeeInFiat: 0.2}},
			{Type: "existingCryptocurrencyBalance", Amount: 5}},
		DestinationAddress: "0x0Ff0", RefundAddress: "0x0Ff1",
		BridgingDetails: &mesh.BridgingDetails{Status: "providerProcessedPayment", StatusDescription: "done",
			TargetSide: &mesh.BridgingSide{NetworkName: "Base", Symbol: "USDC", Amount: 1, TransactionHash: "0x1", InfoURL: "https://x"},
			SourceSide: &mesh.BridgingSide{NetworkName: "Ethereum", Symbol: "USDC", Amount: 1.01},
			Timeline:   []mesh.BridgingEvent{{EventType: "started", Description: "d", Timestamp: 1700000001}}},
	}
}

func mustMarshal(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var jsonKey = regexp.MustCompile(`"([a-z])([A-Za-z]*)"\s*:`)

// pascal rewrites every object key to PascalCase, as Mesh's webhooks and query parameters spell them.
func pascal(body string) string {
	return jsonKey.ReplaceAllStringFunc(body, func(k string) string { return `"` + strings.ToUpper(k[1:2]) + k[2:] })
}

// indented pretty-prints body (whitespace between every token).
func indented(t testing.TB, body string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(body), "\t", "  "); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// mustMatchReference decodes body with the fast path, with encoding/json alone, and as the
// client does, and fails unless whatever the fast path accepts encoding/json decodes to the
// same transfers (Raw bytes included), and the client's path agrees with the reference in
// result and error. It returns whether the fast path took the body and the reference's error.
func mustMatchReference(t testing.TB, body []byte) (fast bool, refErr error) {
	t.Helper()
	in := bytes.Clone(body)
	items, total, fast := mesh.DecodeTransferPageFast(body)
	ritems, rtotal, refErr := mesh.DecodeTransferPageReference(body)
	if fast {
		if refErr != nil {
			t.Fatalf("fast path accepted what encoding/json refuses (%v): %q", refErr, body)
		}
		if total != rtotal || !reflect.DeepEqual(items, ritems) {
			t.Fatalf("fast path decoded %q differently:\n fast %d %+v\n json %d %+v", body, total, items, rtotal, ritems)
		}
	}
	for _, path := range []struct {
		name   string
		decode func([]byte) ([]mesh.Transfer, int, error)
	}{{"client", mesh.DecodeTransferPage}, {"decodeEnvelope", mesh.DecodeEnvelope}} {
		citems, ctotal, cerr := path.decode(body)
		switch {
		case (cerr == nil) != (refErr == nil) || (cerr != nil && cerr.Error() != refErr.Error()):
			t.Fatalf("%s path error %v, reference %v, for %q", path.name, cerr, refErr, body)
		case cerr == nil && (ctotal != rtotal || !reflect.DeepEqual(citems, ritems)):
			t.Fatalf("%s path decoded %q differently from the reference", path.name, body)
		}
	}
	if !bytes.Equal(in, body) {
		t.Fatal("decoding changed the body")
	}
	return fast, refErr
}

type pageCase struct {
	name string
	body string
	fast bool // the fast path takes it
	ok   bool // encoding/json accepts it
}

// pageCases are hand-made variants of the history's success envelope: what Mesh may send
// (PascalCase, extra fields, nulls, escapes, Unicode, number forms) and what it must not.
func pageCases(t testing.TB) []pageCase {
	full := pageOf(mustMarshal(t, fullTransfer()))
	bench := string(mesh.TransferPageBody(3))
	nulls := pageOf(`{"id":"` + pageUUID + `","clientTransactionId":null,"institutionTransactionId":null,"userId":null,"status":null,` +
		`"amountInFiat":null,"amountToReceiveInFiat":null,"amountInFiatCurrencyCode":null,"amount":null,"amountToReceive":null,` +
		`"symbol":null,"tokenAddress":null,"networkName":null,"networkId":null,"networkLogoUrl":null,"createdTimestamp":null,` +
		`"from":null,"hash":null,"subClientId":null,"infoUrl":null,"gasFee":null,"withdrawalFee":null,"processingFee":null,` +
		`"executedTimestamp":null,"transferType":null,"isFeeIncluded":null,"sourceAmount":null,"destinationAmount":null,` +
		`"destinationAmountInFiat":null,"totalFeesAmountInFiat":null,"totalTransactionAmountInFiat":null,"fundingMethods":null,` +
		`"destinationAddress":null,"refundAddress":null,"bridgingDetails":null}`)
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	return []pageCase{
		{"every field set", full, true, true},
		{"benchmark page", bench, true, true},
		{"PascalCase keys", pascal(full), true, true},
		{"upper-case keys", `{"CONTENT":{"ITEMS":[{"ID":"x","AMOUNT":1,"CREATEDTIMESTAMP":5,"FROM":{"NAME":"n"},"GASFEE":{"FEE":1}}],"TOTAL":1},"STATUS":"ok"}`, true, true},
		{"mixed-case keys", `{"cOnTeNt":{"iTeMs":[{"iD":"x","aMoUnTiNfIaT":1,"createdTIMESTAMP":5}]},"Status":"ok"}`, true, true},
		{"indented", indented(t, full), true, true},
		{"whitespace around the body", " \n\t" + bench + "\r\n ", true, true},
		{"Unicode spaces around the body", "\u00a0\u2003" + bench + "\u0085", true, true},
		{"emulator envelope members", `{"content":{"items":[],"total":0},"status":"ok","message":"","displayMessage":null,"errorHash":"ab","errorType":"","errorData":null}`, true, true},
		{"extra members everywhere", `{"extra":{"a":[1,{"b":null}],"c":"\u00e9"},"content":{"offset":5,"items":[` +
			trWith(`"newField":[true,false,null,"x",-1.5e3,{}],"from":{"id":"a","extra":1},"gasFee":{"fee":1,"extra":"x"},"fundingMethods":[{"type":"t","extra":[]}]`) +
			`],"total":1,"more":{}},"status":"ok","errorData":{"x":[1,"y"]},"zz":-0}`, true, true},
		{"every field null", nulls, true, true},
		{"empty items", pageEnv(`{"items":[],"total":0}`), true, true},
		{"null items", pageEnv(`{"items":null,"total":0}`), true, true},
		{"no items, no total", pageEnv(`{}`), true, true},
		{"null total", pageEnv(`{"items":[],"total":null}`), true, true},
		{"negative total", pageEnv(`{"items":[],"total":-1}`), true, true},
		{"total over 32 bits", pageEnv(`{"items":[],"total":5000000000}`), strconv.IntSize == 64, strconv.IntSize == 64},
		{"status null", `{"content":{"items":[]},"status":null}`, true, true},
		{"status empty", `{"content":{"items":[]},"status":""}`, true, true},
		{"no status", `{"content":{"items":[]}}`, true, true},
		{"status escaped ok", `{"content":{"items":[]},"status":"o\u006b"}`, true, true},
		{"status OK in capitals", `{"content":{"items":[]},"status":"OK"}`, false, false},
		{"status badRequest", `{"content":{"items":[]},"status":"badRequest","message":"m"}`, false, false},
		{"content null", `{"content":null,"status":"ok"}`, false, false},
		{"no content", `{"status":"ok"}`, false, false},
		{"content an array", `{"content":[],"status":"ok"}`, false, false},
		{"content a string", `{"content":"x","status":"ok"}`, false, false},
		{"escapes", pageOf(trWith(`"userId":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00 \u0000"`)), true, true},
		{"lone surrogate", pageOf(trWith(`"userId":"\ud800x\udc00"`)), true, true},
		{"raw Unicode", pageOf(trWith(`"userId":"Zürich 🚀 東京","from":{"name":"Ünïcode"}`)), true, true},
		{"invalid UTF-8", pageOf(trWith("\"userId\":\"a\xff\xfeb\xc3\"")), true, true},
		{"raw control character", pageOf(trWith("\"userId\":\"a\x01b\"")), false, false},
		{"bad escape", pageOf(trWith(`"userId":"a\xb"`)), false, false},
		{"short unicode escape", pageOf(trWith(`"userId":"\u12"`)), false, false},
		{"number forms", pageOf(trWith(`"amountInFiat":1E+2,"amountToReceive":-0,"totalFeesAmountInFiat":0.1e-5,"sourceAmount":123456789012345678901234567890,"destinationAmount":5e-324`)), true, true},
		{"underflow", pageOf(trWith(`"sourceAmount":1e-400`)), true, true},
		{"negative timestamp", pageOf(trWith(`"executedTimestamp":-5`)), true, true},
		{"largest timestamp", pageOf(`{"id":"x","createdTimestamp":9223372036854775807,"executedTimestamp":-9223372036854775808}`), true, true},
		{"timestamp with a fraction", pageOf(`{"id":"x","createdTimestamp":1.5}`), false, false},
		{"timestamp with an exponent", pageOf(`{"id":"x","createdTimestamp":1e3}`), false, false},
		{"timestamp overflow", pageOf(`{"id":"x","createdTimestamp":9223372036854775808}`), false, false},
		{"total with an exponent", pageEnv(`{"items":[],"total":1e3}`), false, false},
		{"amount overflow", pageOf(trWith(`"amountInFiat":1e400`)), false, false},
		{"amount a string", pageOf(`{"id":"x","amount":"1"}`), false, false},
		{"status a number", pageOf(`{"id":"x","status":5}`), false, false},
		{"bool a string", pageOf(`{"id":"x","isFeeIncluded":"true"}`), false, false},
		{"bool true", pageOf(`{"id":"x","isFeeIncluded":true}`), true, true},
		{"from a string", pageOf(`{"id":"x","from":"coinbase"}`), false, false},
		{"from an array", pageOf(`{"id":"x","from":[]}`), false, false},
		{"from empty", pageOf(`{"id":"x","from":{}}`), true, true},
		{"fee amount a string", pageOf(`{"id":"x","gasFee":{"fee":"1"}}`), false, false},
		{"envelope message a number", `{"content":{"items":[]},"status":"ok","message":5}`, false, false},
		{"leading zero", pageOf(`{"id":"x","amount":01}`), false, false},
		{"trailing dot", pageOf(`{"id":"x","amount":1.}`), false, false},
		{"leading dot", pageOf(`{"id":"x","amount":.5}`), false, false},
		{"plus sign", pageOf(`{"id":"x","amount":+1}`), false, false},
		{"bare minus", pageOf(`{"id":"x","amount":-}`), false, false},
		{"bare exponent", pageOf(`{"id":"x","amount":1e}`), false, false},
		{"NaN", pageOf(`{"id":"x","amount":NaN}`), false, false},
		{"repeated key", pageOf(`{"id":"x","amount":1,"amount":2}`), false, true},
		{"repeated nested key", pageOf(`{"id":"x","from":{"id":"a"},"from":{"name":"b"}}`), false, true},
		{"repeated content", `{"Content":{"items":[],"total":1},"content":{"total":2},"status":"ok"}`, false, true},
		{"escaped key", pageOf(`{"\u0069d":"x"}`), false, true},
		{"key folded by Unicode", pageOf(`{"id":"x","ſymbol":"ETH"}`), false, true},
		{"unknown key with non-ASCII", pageOf(`{"id":"x","naïve":1}`), false, true},
		{"unknown key with escapes", pageOf(`{"id":"x","a\"b":1}`), false, true},
		{"deep unknown value", pageOf(`{"id":"x","deep":` + deep + `}`), false, true},
		{"null transfer", pageOf(`null`), false, true},
		{"number as transfer", pageOf(`1`), false, false},
		{"string as transfer", pageOf(`"x"`), false, false},
		{"funding methods empty", pageOf(`{"id":"x","fundingMethods":[]}`), true, true},
		{"funding method null", pageOf(`{"id":"x","fundingMethods":[null]}`), false, true},
		{"funding methods an object", pageOf(`{"id":"x","fundingMethods":{}}`), false, false},
		{"bridging details a string", pageOf(`{"id":"x","bridgingDetails":"x"}`), false, false},
		{"bridging timestamp a fraction", pageOf(`{"id":"x","bridgingDetails":{"timeline":[{"timestamp":1.5}]}}`), false, false},
		{"bridging details PascalCase", pageOf(`{"id":"x","BridgingDetails":{"Status":"s","Timeline":[{"Timestamp":1}]}}`), true, true},
		{"truncated", full[:len(full)/2], false, false},
		{"truncated in a string", full[:strings.Index(full, "order-1")+3], false, false},
		{"trailing garbage", bench + "x", false, false},
		{"two envelopes", bench + bench, false, false},
		{"trailing comma in object", pageOf(`{"id":"x",}`), false, false},
		{"trailing comma in array", pageEnv(`{"items":[{"id":"x"},]}`), false, false},
		{"missing colon", pageOf(`{"id" "x"}`), false, false},
		{"unquoted key", pageOf(`{id:"x"}`), false, false},
		{"not an object", `[]`, false, false},
		{"empty", ``, false, false},
		{"html", `<html>Bad Gateway</html>`, false, false},
	}
}

func TestTransferPageFastMatchesReference(t *testing.T) {
	for _, c := range pageCases(t) {
		t.Run(c.name, func(t *testing.T) {
			fast, err := mustMatchReference(t, []byte(c.body))
			if fast != c.fast {
				t.Errorf("fast path took it: %v, want %v", fast, c.fast)
			}
			if (err == nil) != c.ok {
				t.Errorf("encoding/json: %v, want accepted=%v", err, c.ok)
			}
		})
	}
}

// Decoded values, spot-checked against the literals (the differential test already compares
// everything with encoding/json).
func TestTransferPageFastValues(t *testing.T) {
	body := pageOf(trWith(`"userId":"Zürich \u00e9\ud83d\ude00","amountInFiat":1E+2,"executedTimestamp":-5,"from":{}`), `{"ID":"y","Amount":2}`)
	items, total, ok := mesh.DecodeTransferPageFast([]byte(body))
	if !ok || total != 2 || len(items) != 2 {
		t.Fatalf("got %d items, total %d, ok %v", len(items), total, ok)
	}
	a, b := items[0], items[1]
	switch {
	case a.UserID != "Zürich é😀" || a.AmountInFiat != 100 || a.ExecutedTimestamp == nil || *a.ExecutedTimestamp != -5:
		t.Errorf("first transfer %+v", a)
	case a.From == nil || *a.From != (mesh.TransferIntegration{}) || a.GasFee != nil || a.Status != mesh.StatusPending:
		t.Errorf("first transfer's nested values %+v", a)
	case b.ID != "y" || b.Amount != 2 || string(b.Raw) != `{"ID":"y","Amount":2}`:
		t.Errorf("second transfer %+v raw %s", b, b.Raw)
	}
	if raw, ok := a.RawNumber("amountInFiat"); !ok || raw != "1E+2" {
		t.Errorf("RawNumber = %q, %v", raw, ok)
	}
	// The Raws share one buffer: appending to one must not write into the next.
	_ = append(a.Raw, `XXXXXXXX`...)
	if string(items[1].Raw) != `{"ID":"y","Amount":2}` {
		t.Errorf("appending to one Raw changed the next: %s", items[1].Raw)
	}
}

// specPageExamples are the spec's example bodies of the history route (none when the spec is
// absent: the caller decides whether that skips).
func specPageExamples(t testing.TB, spec *spectest.Spec) [][]byte {
	var out [][]byte
	for _, ex := range spec.Examples() {
		if ex.Method == "GET" && ex.Path == "/api/v1/transfers/managed/mesh" && !ex.Request && ex.Status == "200" {
			out = append(out, ex.Value)
		}
	}
	if len(out) == 0 {
		t.Fatal("the spec has no example of the history route's 200")
	}
	return out
}

func TestTransferPageFastSpecExamples(t *testing.T) {
	for _, body := range specPageExamples(t, spectest.Load(t)) {
		for _, b := range []string{string(body), pascal(string(body)), indented(t, string(body))} {
			if fast, err := mustMatchReference(t, []byte(b)); !fast || err != nil {
				t.Errorf("spec example: fast %v, reference %v: %.200s", fast, err, b)
			}
		}
	}
}

// emulatorPages are raw history bodies as the emulator serves them (pages of count from a
// seeded history of n transfers).
func emulatorPages(t testing.TB, n, count int) [][]byte {
	t.Helper()
	sim, err := meshsim.New(meshsim.Options{Seed: 11, Transfers: n})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	defer func() {
		srv.Close()
		_ = sim.Close()
	}()
	cl := sim.Clients()[0]
	var pages [][]byte
	for off := 0; off < n; off += count {
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/transfers/managed/mesh?Count=%d&Offset=%d&OrderBy=createdTimestamp&DescendingOrder=true", srv.URL, count, off), nil)
		req.Header.Set("X-Client-Id", cl.ID)
		req.Header.Set("X-Client-Secret", cl.Secret)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("page at %d: HTTP %d %v", off, resp.StatusCode, err)
		}
		pages = append(pages, b)
	}
	return pages
}

func TestTransferPageFastEmulator(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 200
	}
	got := 0
	for i, body := range emulatorPages(t, n, mesh.MaxTransferPage) {
		fast, err := mustMatchReference(t, body)
		if !fast || err != nil {
			t.Fatalf("emulator page %d: fast %v, reference %v", i, fast, err)
		}
		items, _, _ := mesh.DecodeTransferPageFast(body)
		got += len(items)
		if i == 0 {
			for _, b := range []string{pascal(string(body)), indented(t, string(body))} {
				if fast, err := mustMatchReference(t, []byte(b)); !fast || err != nil {
					t.Fatalf("emulator page variant: fast %v, reference %v", fast, err)
				}
			}
		}
	}
	if got != n {
		t.Fatalf("decoded %d transfers of %d", got, n)
	}
}

// FuzzTransferPageFast: for any body, whatever the single-pass decoder accepts, encoding/json
// accepts and decodes to the same transfers (Raw included), and the client's path (fast, then
// encoding/json) gives the reference's result or error. Seeded with the hand-made cases, the
// spec's examples (when the spec is there) and small pages of the emulator.
func FuzzTransferPageFast(f *testing.F) {
	for _, c := range pageCases(f) {
		f.Add([]byte(c.body))
	}
	if _, err := os.Stat(filepath.Join(testenv.RepoRoot(), "..", "shared", "mesh-openapi", "swagger.json")); err == nil {
		for _, b := range specPageExamples(f, spectest.Load(f)) {
			f.Add(b)
		}
	}
	for _, b := range emulatorPages(f, 9, 3) {
		f.Add(b)
		f.Add([]byte(pascal(string(b))))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		mustMatchReference(t, body)
	})
}

// readBody reads the whole body whatever length the response announced.
func TestReadBody(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789"), 1000)
	for _, c := range []struct {
		name   string
		length int64
		r      func() io.Reader
	}{
		{"announced", int64(len(body)), func() io.Reader { return bytes.NewReader(body) }},
		{"unknown", -1, func() io.Reader { return bytes.NewReader(body) }},
		{"announced too short", 10, func() io.Reader { return bytes.NewReader(body) }},
		{"announced too long", 1 << 20, func() io.Reader { return bytes.NewReader(body) }},
		{"over the limit announced", 1 << 40, func() io.Reader { return bytes.NewReader(body) }},
		{"one byte a read", int64(len(body)), func() io.Reader { return iotest.OneByteReader(bytes.NewReader(body)) }},
		{"data with EOF", int64(len(body)), func() io.Reader { return iotest.DataErrReader(bytes.NewReader(body)) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := mesh.ReadBody(c.r(), c.length)
			if err != nil || !bytes.Equal(got, body) {
				t.Fatalf("got %d bytes, %v", len(got), err)
			}
		})
	}
	for _, length := range []int64{0, -1} {
		if got, err := mesh.ReadBody(bytes.NewReader(nil), length); err != nil || len(got) != 0 {
			t.Errorf("empty body, length %d: %q, %v", length, got, err)
		}
	}
	boom := errors.New("connection reset")
	if _, err := mesh.ReadBody(io.MultiReader(bytes.NewReader(body[:100]), iotest.ErrReader(boom)), int64(len(body))); !errors.Is(err, boom) {
		t.Errorf("a failing read gave %v", err)
	}
}
