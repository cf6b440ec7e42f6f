package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

var (
	testNetworks = []string{"Ethereum", "Solana", "Bitcoin", "Polygon", "Base", "Arbitrum"}
	testSymbols  = []string{"ETH", "USDC", "USDT", "BTC", "SOL"}
	testBrokers  = []string{"coinbase", "binanceInternational", "kraken", "okx", "deFiWallet"}
)

func hexs(r *rand.Rand, n int) string {
	const h = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = h[r.Intn(16)]
	}
	return string(b)
}

func uuidOf(r *rand.Rand) string {
	return hexs(r, 8) + "-" + hexs(r, 4) + "-4" + hexs(r, 3) + "-a" + hexs(r, 3) + "-" + hexs(r, 12)
}

// genTransfer makes a realistic transfer whose Raw is the JSON Mesh would send (amounts with
// many digits, as Mesh sends them).
func genTransfer(r *rand.Rand, i int) mesh.Transfer {
	statuses := []mesh.TransferStatus{mesh.StatusPending, mesh.StatusSucceeded, mesh.StatusSucceeded, mesh.StatusFailed}
	b := testBrokers[r.Intn(len(testBrokers))]
	t := mesh.Transfer{
		ID:                       uuidOf(r),
		ClientTransactionID:      "order-" + hexs(r, 10),
		UserID:                   fmt.Sprintf("user-%d", r.Intn(2000)),
		Status:                   statuses[r.Intn(len(statuses))],
		AmountInFiat:             float64(r.Intn(10_000_000)) / 100,
		AmountInFiatCurrencyCode: "USD",
		Amount:                   r.Float64() * 3,
		AmountToReceive:          r.Float64() * 3,
		Symbol:                   testSymbols[r.Intn(len(testSymbols))],
		NetworkName:              testNetworks[r.Intn(len(testNetworks))],
		NetworkID:                uuidOf(r),
		CreatedTimestamp:         1_700_000_000 + int64(i)*37 + int64(r.Intn(30)),
		From:                     &mesh.TransferIntegration{ID: "integ-" + b, Type: b, Name: b},
		Hash:                     "0x" + hexs(r, 64),
		DestinationAddress:       "0x" + hexs(r, 40),
		RefundAddress:            "0x" + hexs(r, 40),
		TransferType:             mesh.TransferTypeDeposit,
		TotalFeesAmountInFiat:    float64(r.Intn(1000)) / 100,
	}
	if r.Intn(5) == 0 {
		t.SubClientID = fmt.Sprintf("sub-%d", r.Intn(3))
	}
	return withRaw(t)
}

// withRaw sets t.Raw to t's JSON, as if it had been received.
func withRaw(t mesh.Transfer) mesh.Transfer {
	t.Raw = nil
	b, err := json.Marshal(t)
	if err != nil {
		panic(err)
	}
	var out mesh.Transfer
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

func genTransfers(seed int64, n int) []mesh.Transfer {
	r := rand.New(rand.NewSource(seed))
	out := make([]mesh.Transfer, n)
	for i := range out {
		out[i] = genTransfer(r, i)
	}
	return out
}

// mustUpsert stores transfers in batches.
func mustUpsert(t testing.TB, db *store.DB, profileID string, ts []mesh.Transfer) {
	t.Helper()
	for i := 0; i < len(ts); i += 5000 {
		if _, err := db.UpsertTransfers(context.Background(), profileID, ts[i:min(i+5000, len(ts))]); err != nil {
			t.Fatalf("upsert: %v", err)
		}
	}
}

func mustProfile(t testing.TB, db *store.DB, name string) *store.Profile {
	t.Helper()
	return storetest.MustCreateProfile(t, db, name)
}
