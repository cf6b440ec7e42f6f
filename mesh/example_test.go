package mesh_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"

	"meshdesk/mesh"
)

// fakeMesh stands in for Mesh (or the meshdesk emulator) in the examples.
func fakeMesh() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v1/linktoken":
			token := mesh.EncodeLinkToken("https://web.meshconnect.com/b2b-iframe/demo/broker-connect?auth_code=abc")
			fmt.Fprintf(w, `{"content":{"linkToken":%q},"status":"ok","message":""}`, token)
		case "/api/v1/transfers/managed/mesh":
			// Five transfers in all, served Count at a time from Offset.
			off, _ := strconv.Atoi(r.URL.Query().Get("Offset"))
			n, _ := strconv.Atoi(r.URL.Query().Get("Count"))
			items := ""
			for i := off; i < off+n && i < 5; i++ {
				if items != "" {
					items += ","
				}
				items += fmt.Sprintf(`{"id":"00000000-0000-4000-8000-00000000000%d","status":"succeeded","amount":0.1%d,"symbol":"USDC"}`, i, i)
			}
			fmt.Fprintf(w, `{"content":{"items":[%s],"total":5},"status":"ok"}`, items)
		default:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"status":"notFound","message":"no such route"}`)
		}
	}))
}

// Create a link token for a payment and hand it to the Link SDK.
func ExampleClient_CreateLinkToken() {
	srv := fakeMesh()
	defer srv.Close()
	client, err := mesh.NewClient("demo-client", "sk_sandbox_demo_secret", mesh.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	amount := 25.0
	tok, err := client.CreateLinkToken(context.Background(), mesh.LinkTokenRequest{
		UserID: "customer-42",
		TransferOptions: &mesh.TransferOptions{
			TransferType:  mesh.TransferTypePayment,
			TransactionID: "order-1001",
			ToAddresses: []mesh.ToAddress{{
				NetworkID: "e3c7fdd8-b1fc-4e51-85ae-bb276e075611", // Ethereum
				Symbol:    "USDC",
				Address:   "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
				Amount:    &amount,
			}},
		},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(tok.URL)
	fmt.Println(tok.Origin())

	// A request that breaks the spec's rules is refused before it is sent,
	// with the field to blame.
	_, err = client.CreateLinkToken(context.Background(), mesh.LinkTokenRequest{})
	fmt.Println(err)
	// Output:
	// https://web.meshconnect.com/b2b-iframe/demo/broker-connect?auth_code=abc
	// https://web.meshconnect.com
	// invalid userId: is required
}

// Walk the whole managed-transfer history, two transfers per request.
func ExampleClient_AllTransfers() {
	srv := fakeMesh()
	defer srv.Close()
	client, err := mesh.NewClient("demo-client", "sk_sandbox_demo_secret", mesh.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	q := mesh.TransferQuery{Count: 2, OrderBy: mesh.OrderByCreatedTimestamp, DescendingOrder: true}
	for t, err := range client.AllTransfers(context.Background(), q) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		amount, _ := t.RawNumber("amount") // exactly as Mesh sent it
		fmt.Println(t.ID, t.Status, amount, t.Symbol)
	}
	// Output:
	// 00000000-0000-4000-8000-000000000000 succeeded 0.10 USDC
	// 00000000-0000-4000-8000-000000000001 succeeded 0.11 USDC
	// 00000000-0000-4000-8000-000000000002 succeeded 0.12 USDC
	// 00000000-0000-4000-8000-000000000003 succeeded 0.13 USDC
	// 00000000-0000-4000-8000-000000000004 succeeded 0.14 USDC
}

// Verify and parse a webhook in an HTTP handler.
func ExampleConstructEvent() {
	const secret = "whsec_example"
	body := []byte(`{"Id":"358c6ab7-4518-416b-9266-c680fda3a8dd","EventId":"56713e70-be74-4a37-0036-08da97f5941a",` +
		`"TransferId":"dd4063e5-f317-441c-3f07-08dc7353b6f8","TransferStatus":"Succeeded","TxHash":"0x7d4e","SourceAmount":0.004786046226555188}`)

	// Mesh (or the emulator) signs the raw body…
	header := mesh.SignPayload(body, secret)

	// …and the receiver verifies the same raw bytes before trusting them.
	ev, err := mesh.ConstructEvent(body, header, secret)
	if err != nil {
		fmt.Println("reject:", err)
		return
	}
	amount, _ := ev.RawNumber("SourceAmount")
	fmt.Println(ev.EventID, ev.TransferStatus, ev.TransferStatus.IsFinal(), amount)

	_, err = mesh.ConstructEvent(body, header, "wrong-secret")
	fmt.Println(err)
	// Output:
	// 56713e70-be74-4a37-0036-08da97f5941a succeeded true 0.004786046226555188
	// mesh webhook: signature does not match
}
