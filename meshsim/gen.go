package meshsim

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
	"unsafe"
)

// Generated history: N transfers for the first client, deterministic in (seed, N,
// history end, span). Transfer i is computed from its own random stream, so the same
// inputs give the same transfers, and generation runs in parallel.

type weighted[T any] struct {
	v T
	w int
}

func pick[T any](r *rng, items []weighted[T]) T {
	total := 0
	for _, it := range items {
		total += it.w
	}
	x := r.intn(total)
	for _, it := range items {
		if x < it.w {
			return it.v
		}
		x -= it.w
	}
	return items[len(items)-1].v
}

var integrationMix = []weighted[string]{
	{IntCoinbase, 30}, {IntBinance, 25}, {IntKraken, 10}, {IntOKX, 10}, {IntGemini, 5},
	{IntSandbox, 2}, {IntMetaMask, 12}, {IntPhantom, 6},
}

var networkWeight = map[string]int{
	NetEthereum: 30, NetPolygon: 10, NetBase: 10, NetArbitrum: 5, NetBNB: 8, NetSolana: 15,
	NetBitcoin: 12, NetTron: 7, NetCardano: 3,
}

var typeMix = []weighted[string]{{"deposit", 70}, {"payment", 25}, {"onramp", 5}}

// seededSubClients are the sub-clients of the first client that generated transfers use.
func seededSubClients(seed uint64, clientID string) []*SubClient {
	r := newRNG(seed, 1<<50)
	names := [][2]string{{"Acme Payments Ltd", "Acme Pay"}, {"Northwind Trading GmbH", "Northwind"}, {"Blue Harbor Markets Inc", "Blue Harbor"}}
	var out []*SubClient
	for _, n := range names {
		out = append(out, &SubClient{ID: r.uuid(), ClientID: clientID, BusinessLegalName: n[0], DisplayName: n[1],
			CallbackURLs: []string{}, LogoURL: ""})
	}
	return out
}

// generate builds the first `n` transfers of the history.
func generate(seed uint64, n int, clientID string, end time.Time, span time.Duration, subClients []*SubClient) []*Transfer {
	if n == 0 {
		return nil
	}
	// The live heap grows by hundreds of MB; fewer GC cycles while it does.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	nUsers := min(max(n/20, 5), 50000)
	users := make([]string, nUsers)
	for i := range users {
		users[i] = fmt.Sprintf("user-%05d", i+1)
	}
	// Per-network integration choices, weighted.
	netChoices := map[string][]weighted[string]{}
	for _, in := range integrations {
		var ws []weighted[string]
		for _, nid := range in.Networks {
			ws = append(ws, weighted[string]{nid, networkWeight[nid]})
		}
		netChoices[in.ID] = ws
	}
	// The client's own receiving addresses: three per network.
	dest := map[string][]string{}
	for _, nw := range networks {
		for k := 0; k < 3; k++ {
			dest[nw.ID] = append(dest[nw.ID], addressFor(nw.Type, "client-dest", clientID, nw.ID, strconv.Itoa(k)))
		}
	}
	// Address caches (per worker) keep derived strings shared.
	store := make([]Transfer, n)
	out := make([]*Transfer, n)
	startSec := end.Add(-span).Unix()
	spanSec := int64(span / time.Second)
	gap := float64(spanSec) / float64(n)
	endSec := end.Unix()
	workers := min(runtime.GOMAXPROCS(0), 4)
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			type addrKey struct {
				user    int32
				integ   string
				netType string
				hot     bool
			}
			addrCache := make(map[addrKey]string, 128)
			cached := func(key addrKey, f func() string) string {
				if v, ok := addrCache[key]; ok {
					return v
				}
				v := f()
				addrCache[key] = v
				return v
			}
			txPrefix := "ord-" + strconv.FormatUint(seed%1000, 36) + "-"
			// Strings live in large shared byte arenas: a few big allocations instead of
			// five small ones per transfer (the arenas are never written after use).
			var arena []byte
			str := func(b []byte) string {
				if len(arena)+len(b) > cap(arena) {
					arena = make([]byte, 0, 1<<20)
				}
				off := len(arena)
				arena = append(arena, b...)
				return unsafe.String(&arena[off], len(b))
			}
			var buf []byte
			for i := lo; i < hi; i++ {
				r := newRNG(seed, uint64(i)+1)
				t := &store[i]
				var idb [16]byte
				r.bytes(idb[:])
				buf = appendUUID(buf[:0], idb)
				t.ID = str(buf)
				t.ClientID = clientID
				created := startSec + int64(float64(i)*gap) + int64(r.float()*gap*0.5)
				if created > endSec {
					created = endSec
				}
				t.CreatedTimestamp = created
				u := int(math.Pow(r.float(), 2) * float64(nUsers))
				t.UserID = users[u]
				inID := pick(r, integrationMix)
				in, _ := integrationByID(inID)
				t.IntegrationID = inID
				nw, _ := networkByID(pick(r, netChoices[inID]))
				t.NetworkID = nw.ID
				syms := nw.Symbols
				if len(syms) > 1 && r.float() < 0.55 {
					t.Symbol = syms[len(syms)-1] // stablecoins are listed last
					if syms[len(syms)-2] == "USDC" && r.float() < 0.5 {
						t.Symbol = "USDC"
					}
				} else {
					t.Symbol = syms[r.intn(len(syms))]
				}
				t.TransferType = pick(r, typeMix)
				fiat := math.Round(math.Exp(math.Log(5)+r.float()*(math.Log(25000)-math.Log(5)))*100) / 100
				t.AmountInFiat = fiat
				t.Amount = roundAmount(fiat/Price(t.Symbol), t.Symbol)
				if r.float() < 0.8 {
					buf = append(append(buf[:0], txPrefix...), strconv.FormatInt(int64(i)+100000, 36)...)
					t.ClientTransactionID = str(buf)
				}
				if !in.IsWallet() {
					buf = strconv.AppendUint(append(buf[:0], "inst-"...), r.next()%1e12, 16)
					t.InstitutionTransactionID = str(buf)
				}
				if len(subClients) > 0 && r.float() < 0.25 {
					t.SubClientID = subClients[r.intn(len(subClients))].ID
				}
				t.DestinationAddress = dest[nw.ID][r.intn(3)]
				own := str(appendAddress(buf[:0], nw.Type, "user", clientID, t.UserID, inID, nw.Type))
				t.RefundAddress = own
				if in.IsWallet() {
					t.FromAddress = own
				} else {
					t.FromAddress = cached(addrKey{integ: inID, netType: nw.Type, hot: true}, func() string { return hotWallet(inID, nw) })
					wf := roundAmount(t.Amount*0.001, t.Symbol)
					t.WithdrawalFee = wf
					t.WithdrawalFeeInFiat = math.Round(wf*Price(t.Symbol)*100) / 100
				}
				gas := gasFeeFor(nw)
				t.GasFee = gas
				t.GasFeeInFiat = math.Round(gas*Price(nw.NativeSymbol)*100) / 100
				if t.TransferType == "payment" {
					t.ProcessingFeeInFiat = math.Round(fiat*0.005*100) / 100
				}
				// Status: recent transfers are often still pending; a few old ones are stuck.
				age := endSec - created
				x := r.float()
				switch {
				case age < 2*86400 && x < 0.35:
					t.Status = StatusPending
				case age >= 2*86400 && x < 0.004:
					t.Status = StatusPending
				case x > 0.95:
					t.Status = StatusFailed
				default:
					t.Status = StatusSucceeded
				}
				if t.Status != StatusPending {
					t.ExecutedTimestamp = created + 30 + int64(r.intn(600))
				}
				if t.Status == StatusSucceeded {
					buf = appendTxHash(buf[:0], nw.Type, "tx", t.ID)
					t.Hash = str(buf)
				}
				out[i] = t
			}
		}()
	}
	wg.Wait()
	return out
}
