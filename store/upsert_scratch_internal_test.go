package store

import (
	"database/sql/driver"
	"testing"

	"meshdesk/mesh"
)

// TestUpsertScratchResetDropsTheBatch: the buffers an upsert leaves for the next one keep
// their room but nothing of the batch (a pooled buffer that still pointed at a batch would
// keep its transfers in memory until the next upsert).
func TestUpsertScratchResetDropsTheBatch(t *testing.T) {
	tr := &mesh.Transfer{ID: "a"}
	sc := &upsertScratch{seen: map[string]struct{}{"a": {}}}
	sc.nv = append(sc.nv, driver.NamedValue{Ordinal: 1, Value: "a"})
	sc.bufs = []*insertBuf{{rows: []newRow{{t: tr, raw: []byte("{}")}}, args: []any{"a", int64(1)}}}
	sc.rargs = append(sc.rargs, int64(1), []byte("{}"))
	sc.inserted = append(sc.inserted, insertedRow{t: tr})
	sc.ids = append(sc.ids, "a")
	sc.reset()
	if len(sc.seen) != 0 || len(sc.nv) != 0 || len(sc.rargs) != 0 || len(sc.inserted) != 0 || len(sc.ids) != 0 || len(sc.bufs[0].rows) != 0 || len(sc.bufs[0].args) != 0 {
		t.Fatalf("released scratch is not empty: %+v", sc)
	}
	if sc.nv[:cap(sc.nv)][0].Value != nil || sc.rargs[:cap(sc.rargs)][1] != nil || sc.inserted[:cap(sc.inserted)][0].t != nil ||
		sc.ids[:cap(sc.ids)][0] != "" || sc.bufs[0].rows[:cap(sc.bufs[0].rows)][0].t != nil || sc.bufs[0].args[:cap(sc.bufs[0].args)][0] != nil {
		t.Fatal("released scratch still refers to the batch")
	}
	if cap(sc.rargs) == 0 || cap(sc.bufs[0].args) == 0 {
		t.Fatal("released scratch lost its room")
	}
}
