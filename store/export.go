package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// ExportFormat is the file format of an export.
type ExportFormat string

// Export formats.
const (
	ExportCSV  ExportFormat = "csv"
	ExportJSON ExportFormat = "json"
)

// exportColumns are the columns of both formats. Amount columns hold the number literal exactly
// as Mesh sent it (from the raw JSON); times are ISO 8601 UTC.
var exportColumns = []string{
	"id", "clientTransactionId", "userId", "status", "createdAt", "executedAt",
	"amount", "amountToReceive", "symbol", "amountInFiat", "amountToReceiveInFiat", "amountInFiatCurrencyCode",
	"totalFeesAmountInFiat", "totalTransactionAmountInFiat", "sourceAmount", "destinationAmount",
	"networkName", "fromType", "fromName", "hash", "destinationAddress", "refundAddress",
	"subClientId", "transferType", "firstSeen", "updated",
	"destinationLabel", "refundLabel", // the address book's labels (treasury; see labelColumns)
}

// labelColumns are the last exportColumns: the address book's labels of the destination and
// refund addresses ("" when unlabelled), filled from a snapshot of the book taken at the start.
const labelColumns = 2

var rawAmountFields = map[string]bool{
	"amount": true, "amountToReceive": true, "amountInFiat": true, "amountToReceiveInFiat": true,
	"totalFeesAmountInFiat": true, "totalTransactionAmountInFiat": true, "sourceAmount": true, "destinationAmount": true,
}

const exportChunk = 500

// ExportTransfers writes every transfer the filter selects, in the query's sort order, to w as
// CSV (a header row, then one row per transfer) or JSON (an array of objects with the same
// fields plus "transfer", the raw Mesh record). Rows are streamed in chunks, so a million rows
// never sit in memory (only their row ids do). It returns the number of transfers written.
func (db *DB) ExportTransfers(ctx context.Context, profileID string, q TransferQuery, format ExportFormat, w io.Writer) (int, error) {
	if format != ExportCSV && format != ExportJSON {
		return 0, invalidf("export format %q is not csv or json", format)
	}
	if err := q.normalize(); err != nil {
		return 0, err
	}
	idx, err := db.index(ctx, profileID)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	all, err := idx.allTIDs(ctx, db, q.Filter, q.Sort, q.Desc)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	book, err := db.AddressBook(ctx, profileID) // treasury: labels for the label columns
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	var cw *csv.Writer
	if format == ExportCSV {
		cw = csv.NewWriter(bw)
		if err := cw.Write(exportColumns); err != nil {
			return 0, fmt.Errorf("export: %w", err)
		}
	} else if _, err := bw.WriteString("["); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n := 0
	rec := make([]string, len(exportColumns))
	for start := 0; start < len(all); start += exportChunk {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		chunk := all[start:min(start+exportChunk, len(all))]
		rows, raws, err := db.exportRows(ctx, chunk)
		if err != nil {
			return n, fmt.Errorf("export: %w", err)
		}
		for i, r := range rows {
			fields := rawFields(raws[i])
			for j, c := range exportColumns {
				rec[j] = exportValue(c, &r, fields)
			}
			rec[len(rec)-labelColumns] = book.Label(r.DestinationAddress, r.NetworkName)
			rec[len(rec)-labelColumns+1] = book.Label(r.RefundAddress, r.NetworkName)
			if cw != nil {
				err = cw.Write(rec)
			} else {
				err = writeJSONRecord(bw, n, rec, raws[i])
			}
			if err != nil {
				return n, fmt.Errorf("export: %w", err)
			}
			n++
		}
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return n, fmt.Errorf("export: %w", err)
		}
	} else if _, err := bw.WriteString("\n]\n"); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// exportRows loads rows and their raw JSON in the order of tids.
func (db *DB) exportRows(ctx context.Context, tids []int64) ([]TransferRow, [][]byte, error) {
	rows, err := db.rowsByTID(ctx, tids)
	if err != nil {
		return nil, nil, err
	}
	rs, err := db.rs.QueryContext(ctx, `SELECT tid, raw FROM transfer_raw WHERE tid IN `+tidsIn, tidList(tids))
	if err != nil {
		return nil, nil, err
	}
	defer rs.Close()
	byTID := make(map[int64][]byte, len(tids))
	for rs.Next() {
		var tid int64
		var raw []byte
		if err := rs.Scan(&tid, &raw); err != nil {
			return nil, nil, err
		}
		byTID[tid] = raw
	}
	if err := rs.Err(); err != nil {
		return nil, nil, err
	}
	raws := make([][]byte, len(rows))
	for i, r := range rows {
		raws[i] = byTID[r.TID]
	}
	return rows, raws, nil
}

// rawFields returns the top-level fields of a raw transfer.
func rawFields(raw []byte) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil
	}
	return m
}

func iso(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func exportValue(col string, r *TransferRow, raw map[string]json.RawMessage) string {
	if rawAmountFields[col] {
		v := bytes.TrimSpace(raw[col])
		if len(v) == 0 || string(v) == "null" {
			return ""
		}
		return string(v)
	}
	switch col {
	case "id":
		return r.ID
	case "clientTransactionId":
		return r.ClientTransactionID
	case "userId":
		return r.UserID
	case "status":
		return string(r.Status)
	case "createdAt":
		if r.CreatedTimestamp == 0 {
			return ""
		}
		return time.Unix(r.CreatedTimestamp, 0).UTC().Format(time.RFC3339)
	case "executedAt":
		if r.ExecutedTimestamp == nil || *r.ExecutedTimestamp == 0 {
			return ""
		}
		return time.Unix(*r.ExecutedTimestamp, 0).UTC().Format(time.RFC3339)
	case "symbol":
		return r.Symbol
	case "amountInFiatCurrencyCode":
		return r.FiatCurrency
	case "networkName":
		return r.NetworkName
	case "fromType":
		return r.FromType
	case "fromName":
		return r.FromName
	case "hash":
		return r.Hash
	case "destinationAddress":
		return r.DestinationAddress
	case "refundAddress":
		return r.RefundAddress
	case "subClientId":
		return r.SubClientID
	case "transferType":
		return r.TransferType
	case "firstSeen":
		return iso(r.FirstSeen)
	case "updated":
		return iso(r.Updated)
	}
	return ""
}

// writeJSONRecord writes one array element: the export columns (amounts as raw numbers) and
// the raw Mesh record under "transfer".
func writeJSONRecord(w *bufio.Writer, i int, rec []string, raw []byte) error {
	if i > 0 {
		w.WriteString(",")
	}
	w.WriteString("\n{")
	for j, c := range exportColumns {
		if j > 0 {
			w.WriteByte(',')
		}
		w.WriteString(strconv.Quote(c))
		w.WriteByte(':')
		switch {
		case rawAmountFields[c] && rec[j] == "":
			w.WriteString("null")
		case rawAmountFields[c]:
			w.WriteString(rec[j])
		default:
			b, _ := json.Marshal(rec[j])
			w.Write(b)
		}
	}
	w.WriteString(`,"transfer":`)
	if len(raw) == 0 {
		raw = []byte("null")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	w.WriteString("}")
	return err
}
