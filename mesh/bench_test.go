package mesh

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// transferPageBody is a 100-transfer page of the history with every field set.
func transferPageBody(n int) []byte {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"00000000-0000-4000-8000-%012d","clientTransactionId":"tx-%d","institutionTransactionId":"inst-%d",`+
			`"userId":"user-%d","status":"succeeded","amountInFiat":%d.25,"amountToReceiveInFiat":%d.2,"amountInFiatCurrencyCode":"USD",`+
			`"amount":0.0047860462265%d,"amountToReceive":0.0047,"symbol":"ETH","tokenAddress":null,"networkName":"Ethereum",`+
			`"networkId":"e3c7fdd8-b1fc-4e51-85ae-bb276e075611","networkLogoUrl":"https://x/eth.svg","createdTimestamp":%d,`+
			`"from":{"id":"47624467-e52e-4938-a41a-7926b6c27acf","type":"coinbase","name":"Coinbase","logoUrl":"https://x/cb.svg"},`+
			`"hash":"0x7d4e3495","subClientId":null,"infoUrl":"https://etherscan.io/tx/0x7d4e3495",`+
			`"gasFee":{"fee":0.0001,"feeCurrency":"ETH","feeInFiat":0.3},"withdrawalFee":{"fee":0,"feeCurrency":"ETH","feeInFiat":0},`+
			`"processingFee":{"fee":0.5,"feeCurrency":"USD","feeInFiat":0.5},"executedTimestamp":%d,"transferType":"payment",`+
			`"isFeeIncluded":false,"sourceAmount":0.0048,"destinationAmount":0.0047,"destinationAmountInFiat":14.1,`+
			`"totalFeesAmountInFiat":0.8,"totalTransactionAmountInFiat":15.05,"fundingMethods":[],"destinationAddress":"0x0Ff0",`+
			`"refundAddress":"0x0Ff0","bridgingDetails":null}`, i, i, i, i, i, i, i, 1700000000+i, 1700000060+i)
	}
	return []byte(`{"content":{"items":[` + strings.Join(items, ",") + `],"total":100000},"status":"ok","message":""}`)
}

// BenchmarkDecodeTransferPage measures decoding one full page (100 transfers, raw JSON kept)
// from the envelope: as the client does (the single-pass decoder) and through encoding/json
// alone (the way before it, still the path of every other body). transfers/cpu_s counts the
// process's CPU time, so other load on the machine does not distort it.
func BenchmarkDecodeTransferPage(b *testing.B) {
	body := transferPageBody(MaxTransferPage)
	for _, m := range []struct {
		name   string
		decode func(op string, status int, h http.Header, data []byte, noContent bool, out any, secrets []string, now func() time.Time) error
	}{{"client", clientDecode}, {"encoding_json", decodeEnvelopeJSON}} {
		b.Run(m.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			c0 := cpuNow()
			for b.Loop() {
				var c transferPageContent
				if err := m.decode("GET /x", 200, nil, body, false, &c, nil, nil); err != nil || len(c.Items) != MaxTransferPage {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*MaxTransferPage)/(cpuNow()-c0).Seconds(), "transfers/cpu_s")
		})
	}
}

// clientDecode decodes a body as config.attempt does (no copy of the body it owns).
func clientDecode(op string, status int, h http.Header, data []byte, noContent bool, out any, secrets []string, now func() time.Time) error {
	if fastPage(out, status, data, false) {
		return nil
	}
	return decodeEnvelopeJSON(op, status, h, data, noContent, out, secrets, now)
}

// cpuNow is the process's CPU time (user + system).
func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkConstructEvent measures verifying and parsing one webhook.
func BenchmarkConstructEvent(b *testing.B) {
	body := []byte(testWebhookBody)
	sig := SignPayload(body, "whsec")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ConstructEvent(body, sig, "whsec"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateAddress measures the checksum checks of each format.
func BenchmarkValidateAddress(b *testing.B) {
	cases := map[NetworkType]string{
		NetworkTypeEvm:     "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		NetworkTypeSolana:  "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
		NetworkTypeBitcoin: "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
		NetworkTypeTron:    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
	}
	for net, addr := range cases {
		b.Run(string(net), func(b *testing.B) {
			for b.Loop() {
				if err := ValidateAddress(net, addr); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The client is safe for concurrent use (run with -race).
func TestClientConcurrentUse(t *testing.T) {
	body := transferPageBody(3)
	srv := mustServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	c, _ := mustClient(t, srv.URL)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.Transfers(context.Background(), TransferQuery{Count: 3})
			if err == nil && (len(p.Items) != 3 || p.Items[2].From == nil || p.Items[2].GasFee == nil) {
				err = fmt.Errorf("page %+v", p)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
