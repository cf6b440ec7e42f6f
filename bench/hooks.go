package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"meshdesk/history"
	"meshdesk/mesh"
	"meshdesk/store"
)

// HookLoad is one webhook load: deliveries at a fixed rate, a share of them repeating an
// earlier event (as Mesh retries and duplicates do).
type HookLoad struct {
	Rate     int           // requests per second
	Duration time.Duration // how long to send
	DupShare float64       // share of deliveries that repeat an earlier EventId
}

// HookResult is what one load measured: acknowledgement latencies (request sent → 200 read).
type HookResult struct {
	Load      HookLoad
	Sent      int
	Dups      int
	Latencies []time.Duration
	Non200    int
	Errors    int
	// Behind counts sends that left more than one interval after their scheduled time (the
	// sender could not keep the rate on this machine).
	Behind int
}

// hookSecret signs the benchmark's deliveries.
const hookSecret = "meshbench-webhook-secret"

// MeasureHooks serves a history.Receiver for profileID on loopback and sends each load in
// turn. ids are transfers the store holds; events cycle their statuses.
func MeasureHooks(ctx context.Context, db *store.DB, profileID string, ids []string, loads []HookLoad) ([]HookResult, error) {
	if len(ids) == 0 {
		return nil, fmt.Errorf("webhooks: no stored transfers to name")
	}
	r, err := history.NewReceiver(history.ReceiverOptions{ProfileID: profileID, Secret: hookSecret, Store: db})
	if err != nil {
		return nil, fmt.Errorf("receiver: %w", err)
	}
	defer r.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/"
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxIdleConns: 512}}
	var out []HookResult
	seq := 0
	for li, l := range loads {
		res, err := sendLoad(ctx, hc, url, l, ids, &seq, li)
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	return out, nil
}

func sendLoad(ctx context.Context, hc *http.Client, url string, l HookLoad, ids []string, seq *int, li int) (HookResult, error) {
	n := int(float64(l.Rate) * l.Duration.Seconds())
	res := HookResult{Load: l, Sent: n}
	bodies := make([][]byte, n)
	statuses := []string{"Pending", "Succeeded", "Failed"}
	for i := range bodies {
		k := *seq
		// Delivery i repeats the previous event when the running share of duplicates would
		// otherwise fall below DupShare.
		if i > 0 && int(float64(i+1)*l.DupShare) > int(float64(i)*l.DupShare) {
			k = *seq - 1 // repeat the previous event: same EventId, new delivery id
			res.Dups++
		} else {
			*seq++
		}
		tid := ids[k%len(ids)]
		b, err := json.Marshal(map[string]any{"Id": fmt.Sprintf("d%d-%d", li, i), "EventId": fmt.Sprint("meshbench-", k),
			"TransferId": tid, "TransferStatus": statuses[(k/len(ids))%3], "Timestamp": k})
		if err != nil {
			return res, err
		}
		bodies[i] = b
	}
	interval := time.Second / time.Duration(l.Rate)
	lat := make([]time.Duration, n)
	status := make([]int, n)
	var wg sync.WaitGroup
	begin := time.Now()
	for i := 0; i < n; i++ {
		due := begin.Add(time.Duration(i) * interval)
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		} else if -d > interval {
			res.Behind++
		}
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(bodies[i]))
			req.Header.Set(mesh.SignatureHeader, mesh.SignPayload(bodies[i], hookSecret))
			req.Header.Set("Content-Type", "application/json")
			start := time.Now()
			resp, err := hc.Do(req)
			if err != nil {
				status[i] = -1
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			lat[i] = time.Since(start)
			status[i] = resp.StatusCode
		}(i)
	}
	wg.Wait()
	for i, s := range status {
		switch {
		case s == -1:
			res.Errors++
		case s != http.StatusOK:
			res.Non200++
		default:
			res.Latencies = append(res.Latencies, lat[i])
		}
	}
	return res, nil
}
