package store_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"meshdesk/mesh"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

func TestExportKeepsAmountsAsSent(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := context.Background()
	p := mustProfile(t, db, "A")
	raws := []string{
		`{"id":"t1","status":"succeeded","amount":0.004786046226555188,"amountInFiat":100.10,"amountToReceive":1e-7,"createdTimestamp":1715175519,"executedTimestamp":1715175600,"symbol":"ETH","hash":"0xabc","destinationAddress":"0xdest,\"quoted\"","from":{"type":"coinbase","name":"Coinbase"}}`,
		`{"id":"t2","status":"pending","amount":12345678901234567890,"amountInFiat":0,"createdTimestamp":1715175000,"symbol":"USDC","sourceAmount":null}`,
	}
	var ts []mesh.Transfer
	for _, r := range raws {
		var tr mesh.Transfer
		if err := json.Unmarshal([]byte(r), &tr); err != nil {
			t.Fatal(err)
		}
		ts = append(ts, tr)
	}
	mustUpsert(t, db, p.ID, ts)
	q := store.TransferQuery{Sort: store.SortCreated, Desc: true}

	var buf bytes.Buffer
	n, err := db.ExportTransfers(ctx, p.ID, q, store.ExportCSV, &buf)
	if err != nil || n != 2 {
		t.Fatalf("csv: %d, %v", n, err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("csv parse: %d records, %v", len(recs), err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	row := recs[1]
	for c, want := range map[string]string{"id": "t1", "amount": "0.004786046226555188", "amountInFiat": "100.10", "amountToReceive": "1e-7",
		"createdAt": "2024-05-08T13:38:39Z", "executedAt": "2024-05-08T13:40:00Z", "destinationAddress": `0xdest,"quoted"`, "fromType": "coinbase", "status": "succeeded"} {
		if row[col[c]] != want {
			t.Errorf("csv %s = %q, want %q", c, row[col[c]], want)
		}
	}
	if recs[2][col["amount"]] != "12345678901234567890" || recs[2][col["sourceAmount"]] != "" || recs[2][col["executedAt"]] != "" {
		t.Errorf("csv row 2: %v", recs[2])
	}
	if !strings.HasSuffix(recs[1][col["firstSeen"]], "Z") {
		t.Errorf("firstSeen not ISO UTC: %q", recs[1][col["firstSeen"]])
	}

	buf.Reset()
	if n, err := db.ExportTransfers(ctx, p.ID, q, store.ExportJSON, &buf); err != nil || n != 2 {
		t.Fatalf("json: %d, %v", n, err)
	}
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	var out []map[string]any
	if err := dec.Decode(&out); err != nil || len(out) != 2 {
		t.Fatalf("json parse: %v (%d)", err, len(out))
	}
	if out[0]["amount"].(json.Number).String() != "0.004786046226555188" || out[0]["amountInFiat"].(json.Number).String() != "100.10" || out[0]["createdAt"] != "2024-05-08T13:38:39Z" {
		t.Errorf("json row: %v", out[0])
	}
	if out[1]["amount"].(json.Number).String() != "12345678901234567890" || out[1]["sourceAmount"] != nil {
		t.Errorf("json row 2: %v", out[1])
	}
	if tr, ok := out[0]["transfer"].(map[string]any); !ok || tr["id"] != "t1" {
		t.Errorf("raw record missing: %v", out[0]["transfer"])
	}

	// A filter applies to exports too; an unknown format is refused.
	buf.Reset()
	if n, err := db.ExportTransfers(ctx, p.ID, store.TransferQuery{Filter: store.TransferFilter{Statuses: []mesh.TransferStatus{mesh.StatusPending}}}, store.ExportCSV, &buf); err != nil || n != 1 {
		t.Fatalf("filtered export: %d, %v", n, err)
	}
	if _, err := db.ExportTransfers(ctx, p.ID, q, "xml", &buf); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("xml: %v", err)
	}
}

func TestExportStreamsManyRows(t *testing.T) {
	n := 5000
	if testing.Short() || raceEnabled {
		n = 600
	}
	db := storetest.MustOpenDB(t)
	p := mustProfile(t, db, "A")
	mustUpsert(t, db, p.ID, genTransfers(31, n))
	var cw countWriter
	got, err := db.ExportTransfers(context.Background(), p.ID, store.TransferQuery{}, store.ExportCSV, &cw)
	if err != nil || got != n || cw.lines != n+1 {
		t.Fatalf("exported %d rows (%d lines), %v", got, cw.lines, err)
	}
}

type countWriter struct{ lines int }

func (w *countWriter) Write(b []byte) (int, error) {
	w.lines += bytes.Count(b, []byte("\n"))
	return len(b), nil
}
