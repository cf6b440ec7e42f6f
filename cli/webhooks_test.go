package cli

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/meshsim"
)

func TestWebhooksListen(t *testing.T) {
	env, sim := mustHistoryProfile(t, 50)
	added, err := sim.AddTransfers(meshsim.Transfer{ClientID: histClientID, Status: meshsim.StatusPending})
	if err != nil {
		t.Fatal(err)
	}
	id := added[0].ID
	if _, errOut, code := runCLI(t, env, "", "sync", "--profile", "hist"); code != 0 {
		t.Fatalf("sync: %s", errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuf
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, e, []string{"webhooks", "listen", "--addr", "127.0.0.1:0", "--profile", "hist"})
	}()
	urlRE := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+/webhooks/mesh)`)
	var url string
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s; stdout:\n%s\nstderr:\n%s", what, out.String(), errb.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("the listening line", func() bool {
		m := urlRE.FindStringSubmatch(out.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	send := func(body []byte, sig string) int {
		req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set(mesh.SignatureHeader, sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	good := []byte(`{"Id":"d1","EventId":"ev-cli-1","TransferId":"` + id + `","TransferStatus":"Succeeded","TxHash":"0xabc"}`)
	if c := send(good, mesh.SignPayload(good, histHook)); c != 200 {
		t.Errorf("signed delivery: HTTP %d", c)
	}
	if c := send(good, mesh.SignPayload(good, histHook)); c != 200 {
		t.Errorf("repeated delivery: HTTP %d", c)
	}
	if c := send(good, mesh.SignPayload(good, "wrong")); c != 401 {
		t.Errorf("forged delivery: HTTP %d", c)
	}
	waitFor("three delivery lines", func() bool { return strings.Count(out.String(), "\n") >= 5 })
	cancel() // what SIGINT does to main's context
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("listen did not stop on cancel")
	}
	got := out.String()
	for _, w := range []string{"applied", "transfer " + id + "  succeeded", "duplicate", "401  refused", "signature does not match",
		"Stopped: 3 deliveries, 1 applied, 1 duplicates, 0 for transfers fetched afterwards, 1 refused."} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
	out2, _, code := runCLI(t, env, "", "transfers", "show", "--profile", "hist", id)
	if code != 0 || !strings.Contains(out2, "succeeded") || !strings.Contains(out2, "from the webhook") {
		t.Errorf("after the webhook: exit %d\n%s", code, out2)
	}
}

func TestWebhooksListenErrors(t *testing.T) {
	env, _ := mustHistoryProfile(t, 10)
	noHook := map[string]string{}
	for k, v := range env {
		noHook[k] = v
	}
	delete(noHook, "MESH_WEBHOOK_SECRET")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"no subcommand", env, []string{"webhooks"}, 2, "a webhooks command is required"},
		{"unknown subcommand", env, []string{"webhooks", "send"}, 2, `unknown webhooks command "send"`},
		{"bad addr", env, []string{"webhooks", "listen", "--addr", "nowhere", "--profile", "hist"}, 2, `--addr "nowhere"`},
		{"bad path", env, []string{"webhooks", "listen", "--path", "hooks", "--profile", "hist"}, 2, "must start with /"},
		{"no webhook secret", noHook, []string{"webhooks", "listen", "--addr", "127.0.0.1:0", "--profile", "hist"}, 1, "webhook"},
		{"address in use", env, []string{"webhooks", "listen", "--addr", "256.0.0.1:1", "--profile", "hist"}, 1, "listen on 256.0.0.1:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, tc.env, "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("exit %d, stderr %q; want exit %d and %q on one line", code, errOut, tc.code, tc.want)
			}
		})
	}
}
