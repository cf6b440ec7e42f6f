package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"meshdesk/mesh"
)

// TestLookupStatementsPreparedOnce checks that a look-up reads its profile, the change counter,
// the ids of its id candidates and its rows through statements prepared once (readStmts): look-ups of other values, matching other numbers of
// rows, add no statement, and the rows still come back in the look-up's order.
func TestLookupStatementsPreparedOnce(t *testing.T) {
	db, pid := mustOpenInternal(t)
	ctx := context.Background()
	ts := []mesh.Transfer{
		{ID: "t-1", Status: mesh.StatusPending, DestinationAddress: "0xshared", Hash: "0xh1"},
		{ID: "t-2", Status: mesh.StatusPending, DestinationAddress: "0xshared", Hash: "0xh2"},
		{ID: "t-3", Status: mesh.StatusPending, DestinationAddress: "0xshared", Hash: "0xh3"},
	}
	if _, err := db.UpsertTransfers(ctx, pid, ts); err != nil {
		t.Fatal(err)
	}
	ids := func(value string) string {
		t.Helper()
		m, err := db.FindTransfers(ctx, pid, value, LookupLimit)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range m.Rows {
			out = append(out, r.ID)
		}
		return strings.Join(out, ",")
	}
	if got := ids("0xSHARED"); got != "t-3,t-2,t-1" {
		t.Fatalf("look-up of the shared address: %q, want t-3,t-2,t-1", got)
	}
	if got := ids("t-3"); got != "t-3" { // an id's candidates are confirmed by a query too
		t.Fatalf("look-up of t-3: %q", got)
	}
	prepared := cachedStmts(db)
	if !strings.Contains(prepared, "json_each") || !strings.Contains(prepared, "FROM profiles") || !strings.Contains(prepared, "FROM counters") ||
		!strings.Contains(prepared, "SELECT tid, id FROM transfers") {
		t.Fatalf("the look-up's rows and profile were not read through prepared statements; cached: %s", prepared)
	}
	for value, want := range map[string]string{"t-2": "t-2", "0xh1": "t-1", "0xnothing": "", "0xshared": "t-3,t-2,t-1"} {
		if got := ids(value); got != want {
			t.Fatalf("look-up of %q: %q, want %q", value, got, want)
		}
	}
	if got := cachedStmts(db); got != prepared {
		t.Fatalf("look-ups of other values prepared other statements:\n%s\nwas\n%s", got, prepared)
	}
}

// TestRowsByTIDKeepsOrder checks that rowsByTID returns the rows in the order asked,
// skipping row ids that do not exist.
func TestRowsByTIDKeepsOrder(t *testing.T) {
	db, pid := mustOpenInternal(t)
	ctx := context.Background()
	mustUpsertN(t, db, pid, "r", 4)
	var tids []int64
	rows, err := db.r.QueryContext(ctx, `SELECT tid FROM transfers ORDER BY id DESC`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tid int64
		if err := rows.Scan(&tid); err != nil {
			t.Fatal(err)
		}
		tids = append(tids, tid)
	}
	rows.Close()
	got, err := db.rowsByTID(ctx, []int64{tids[0], 1 << 40, tids[2], tids[1]})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range got {
		order = append(order, r.ID)
	}
	if s := strings.Join(order, ","); s != "r-003,r-001,r-002" {
		t.Fatalf("rows %s, want r-003,r-001,r-002", s)
	}
}

// cachedStmts lists the query texts readStmts holds, sorted.
func cachedStmts(db *DB) string {
	db.rs.mu.Lock()
	defer db.rs.mu.Unlock()
	var qs []string
	for q := range db.rs.stmts {
		qs = append(qs, q)
	}
	slices.Sort(qs)
	return strings.Join(qs, "\n")
}
