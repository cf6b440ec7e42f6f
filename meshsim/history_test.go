package meshsim

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// refKey is the test's own reading of each OrderBy field, independent of compareBy.
func refKey(field string, t *Transfer) any {
	switch field {
	case "clientTransferId":
		return t.ClientTransactionID
	case "userId":
		return t.UserID
	case "fromType":
		in, _ := integrationByID(t.IntegrationID)
		return in.Type
	case "amountInFiat":
		return t.AmountInFiat
	case "status":
		return t.Status
	case "createdTimestamp":
		return t.CreatedTimestamp
	case "symbol":
		return t.Symbol
	case "networkName":
		n, _ := networkByID(t.NetworkID)
		return n.Name
	}
	return t.ID
}

func refCompare(field string) func(a, b Transfer) int {
	return func(a, b Transfer) int {
		ka, kb := refKey(field, &a), refKey(field, &b)
		var c int
		switch x := ka.(type) {
		case string:
			c = strings.Compare(x, kb.(string))
		case float64:
			c = cmp.Compare(x, kb.(float64))
		case int64:
			c = cmp.Compare(x, kb.(int64))
		}
		if c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
}

// mustPageAll pages through the history with q (Count 100) and returns the ids in order.
func (e *apiEnv) mustPageAll(t *testing.T, q url.Values, validateEvery int) []string {
	t.Helper()
	var ids []string
	total := -1
	for page := 0; ; page++ {
		q.Set("Count", "100")
		q.Set("Offset", strconv.Itoa(len(ids)))
		path := "/api/v1/transfers/managed/mesh?" + q.Encode()
		var r *apiResp
		if validateEvery > 0 && page%validateEvery == 0 {
			r = e.do("GET", path, nil).mustOK(t)
			e.spec.ValidateQuery(t, "GET", "/api/v1/transfers/managed/mesh", q)
		} else {
			r = e.doRaw("GET", path)
		}
		c := r.content()
		n := int(c["total"].(float64))
		if total >= 0 && n != total {
			t.Fatalf("total changed between pages: %d → %d", total, n)
		}
		total = n
		items := c["items"].([]any)
		for _, it := range items {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		if len(items) < 100 || len(ids) >= total {
			break
		}
	}
	if len(ids) != total {
		t.Fatalf("paged %d items, total says %d", len(ids), total)
	}
	return ids
}

// doRaw is do without spec validation (for long paging loops).
func (e *apiEnv) doRaw(method, path string) *apiResp {
	e.t.Helper()
	spec := e.spec
	e.spec = nil
	defer func() { e.spec = spec }()
	return e.doNoValidate(method, path)
}

func TestHistoryOrderingAndPaging(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 800
	}
	e := mustAPIEnv(t, Options{Seed: 7, Transfers: n})
	all := e.sim.Snapshot()
	for _, field := range orderFields {
		for _, desc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s desc=%v", field, desc), func(t *testing.T) {
				want := slices.Clone(all)
				slices.SortFunc(want, refCompare(field))
				if desc {
					slices.Reverse(want)
				}
				q := url.Values{"OrderBy": {field}, "DescendingOrder": {strconv.FormatBool(desc)}}
				got := e.mustPageAll(t, q, 10)
				if len(got) != len(want) {
					t.Fatalf("%d ids, want %d", len(got), len(want))
				}
				for i := range want {
					if got[i] != want[i].ID {
						t.Fatalf("position %d: %s, want %s", i, got[i], want[i].ID)
					}
				}
			})
		}
	}
}

func TestHistoryFilters(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 800
	}
	e := mustAPIEnv(t, Options{Seed: 11, Transfers: n})
	all := e.sim.Snapshot()
	pick := all[n/2]
	sub := e.sim.SubClients(e.id)[1].ID
	mid := all[n/3].CreatedTimestamp
	late := all[2*n/3].CreatedTimestamp
	withTx := all[5]
	for _, tr := range all {
		if tr.ClientTransactionID != "" {
			withTx = tr
			break
		}
	}
	cases := []struct {
		name string
		q    url.Values
		keep func(t Transfer) bool
	}{
		{"none", url.Values{}, func(Transfer) bool { return true }},
		{"Id", url.Values{"Id": {pick.ID}}, func(t Transfer) bool { return t.ID == pick.ID }},
		{"Id upper case", url.Values{"Id": {strings.ToUpper(pick.ID)}}, func(t Transfer) bool { return t.ID == pick.ID }},
		{"ClientTransactionId", url.Values{"ClientTransactionId": {withTx.ClientTransactionID}}, func(t Transfer) bool { return t.ClientTransactionID == withTx.ClientTransactionID }},
		{"UserId", url.Values{"UserId": {pick.UserID}}, func(t Transfer) bool { return t.UserID == pick.UserID }},
		{"IntegrationIds", url.Values{"IntegrationIds": {IntCoinbase, IntPhantom}}, func(t Transfer) bool {
			return t.IntegrationID == IntCoinbase || t.IntegrationID == IntPhantom
		}},
		{"Statuses pending", url.Values{"Statuses": {"pending"}}, func(t Transfer) bool { return t.Status == StatusPending }},
		{"Statuses two", url.Values{"Statuses": {"failed", "pending"}}, func(t Transfer) bool { return t.Status != StatusSucceeded }},
		{"FromTimestamp", url.Values{"FromTimestamp": {fmt.Sprint(mid)}}, func(t Transfer) bool { return t.CreatedTimestamp >= mid }},
		{"ToTimestamp", url.Values{"ToTimestamp": {fmt.Sprint(mid)}}, func(t Transfer) bool { return t.CreatedTimestamp <= mid }},
		{"window", url.Values{"FromTimestamp": {fmt.Sprint(mid)}, "ToTimestamp": {fmt.Sprint(late)}}, func(t Transfer) bool {
			return t.CreatedTimestamp >= mid && t.CreatedTimestamp <= late
		}},
		{"empty window", url.Values{"FromTimestamp": {fmt.Sprint(late)}, "ToTimestamp": {fmt.Sprint(mid)}}, func(Transfer) bool { return false }},
		{"window by amount order", url.Values{"OrderBy": {"amountInFiat"}, "FromTimestamp": {fmt.Sprint(mid)}, "ToTimestamp": {fmt.Sprint(late)}}, func(t Transfer) bool {
			return t.CreatedTimestamp >= mid && t.CreatedTimestamp <= late
		}},
		{"amount range", url.Values{"MinAmountInFiat": {"100"}, "MaxAmountInFiat": {"500.5"}}, func(t Transfer) bool {
			return t.AmountInFiat >= 100 && t.AmountInFiat <= 500.5
		}},
		{"Hash", url.Values{"Hash": {firstWithHash(all).Hash}}, func(t Transfer) bool { return t.Hash == firstWithHash(all).Hash }},
		{"SubClientId", url.Values{"SubClientId": {sub}}, func(t Transfer) bool { return t.SubClientID == sub }},
		{"IsSandBox accepted", url.Values{"IsSandBox": {"false"}}, func(Transfer) bool { return true }},
		{"combined", url.Values{"Statuses": {"succeeded"}, "IntegrationIds": {IntBinance}, "MinAmountInFiat": {"50"}, "OrderBy": {"symbol"}, "DescendingOrder": {"true"}},
			func(t Transfer) bool {
				return t.Status == StatusSucceeded && t.IntegrationID == IntBinance && t.AmountInFiat >= 50
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			field := c.q.Get("OrderBy")
			if field == "" {
				field = "createdTimestamp"
			}
			var want []Transfer
			for _, tr := range all {
				if c.keep(tr) {
					want = append(want, tr)
				}
			}
			slices.SortFunc(want, refCompare(field))
			if c.q.Get("DescendingOrder") == "true" {
				slices.Reverse(want)
			}
			got := e.mustPageAll(t, c.q, 1)
			if len(got) != len(want) {
				t.Fatalf("%d ids, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i].ID {
					t.Fatalf("position %d: %s, want %s", i, got[i], want[i].ID)
				}
			}
		})
	}
	if e.sim.RequestCount("GET /api/v1/transfers/managed/mesh") == 0 {
		t.Error("requests were not counted")
	}
}

func firstWithHash(ts []Transfer) Transfer {
	for _, t := range ts {
		if t.Hash != "" {
			return t
		}
	}
	return Transfer{}
}

func TestHistoryQueryValidation(t *testing.T) {
	e := mustAPIEnv(t, Options{Transfers: 20})
	bad := []string{
		"Count=0", "Count=101", "Count=x", "Offset=-1", "Offset=1.5", "Id=nope", "Statuses=done",
		"Statuses=pending&Statuses=failed&Statuses=succeeded&Statuses=pending&Statuses=failed&Statuses=succeeded",
		"IntegrationIds=zzz", "FromTimestamp=yesterday", "MinAmountInFiat=lots", "MaxAmountInFiat=NaN",
		"OrderBy=color", "DescendingOrder=maybe", "SubClientId=x", "UserId=" + strings.Repeat("u", 51),
		"ClientTransactionId=" + strings.Repeat("c", 129),
	}
	for _, q := range bad {
		t.Run(q[:min(len(q), 40)], func(t *testing.T) {
			e.do("GET", "/api/v1/transfers/managed/mesh?"+q, nil).mustErr(t, 400, "invalidField")
		})
	}
	r := e.do("GET", "/api/v1/transfers/managed/mesh", nil).mustOK(t)
	if n := len(r.content()["items"].([]any)); n != 10 {
		t.Errorf("default Count gave %d items, want 10", n)
	}
	r = e.do("GET", "/api/v1/transfers/managed/mesh?Offset=1000", nil).mustOK(t)
	if n := len(r.content()["items"].([]any)); n != 0 || r.content()["total"].(float64) != 20 {
		t.Errorf("offset past the end: %s", r.body)
	}
}

func TestHistoryIsPerClient(t *testing.T) {
	e := mustAPIEnv(t, Options{Transfers: 50, Clients: []Client{{ID: "a", Secret: "sa"}, {ID: "b", Secret: "sb"}}})
	ra := e.doAs("a", "sa", "GET", "/api/v1/transfers/managed/mesh", nil).mustOK(t)
	rb := e.doAs("b", "sb", "GET", "/api/v1/transfers/managed/mesh", nil).mustOK(t)
	if ra.content()["total"].(float64) != 50 || rb.content()["total"].(float64) != 0 {
		t.Errorf("totals a=%v b=%v", ra.content()["total"], rb.content()["total"])
	}
}

func TestHistoryIndexesFollowChanges(t *testing.T) {
	e := mustAPIEnv(t, Options{Seed: 3, Transfers: 500})
	// Build every index first, then change statuses and add transfers.
	for _, f := range orderFields {
		e.do("GET", "/api/v1/transfers/managed/mesh?OrderBy="+f, nil).mustOK(t)
	}
	all := e.sim.Snapshot()
	for i := 0; i < 40; i++ {
		tr := all[i*11]
		st := []string{StatusPending, StatusSucceeded, StatusFailed}[i%3]
		if _, err := e.sim.SetTransferStatus(tr.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	added, err := e.sim.AddTransfers(Transfer{UserID: "new-user", AmountInFiat: 12.5, Status: StatusFailed},
		Transfer{ID: "00000000-0000-4000-8000-000000000001", UserID: "aaa", CreatedTimestamp: all[0].CreatedTimestamp})
	if err != nil || len(added) != 2 {
		t.Fatalf("AddTransfers: %v", err)
	}
	if _, err := e.sim.AddTransfers(Transfer{ID: added[0].ID}); err == nil {
		t.Error("duplicate id accepted")
	}
	if _, err := e.sim.AddTransfers(Transfer{Status: "lost"}); err == nil {
		t.Error("unknown status accepted")
	}
	all = e.sim.Snapshot()
	for _, field := range orderFields {
		want := slices.Clone(all)
		slices.SortFunc(want, refCompare(field))
		got := e.mustPageAll(t, url.Values{"OrderBy": {field}}, 0)
		for i := range want {
			if got[i] != want[i].ID {
				t.Fatalf("%s position %d: %s, want %s", field, i, got[i], want[i].ID)
			}
		}
	}
}
