package e2eutil

import (
	"bytes"
	"context"
	"encoding/binary"
	"image/color"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestDisplayNumber(t *testing.T) {
	tests := []struct {
		display, want string
		bad           bool
	}{
		{":99", "99", false},
		{":99.0", "99", false},
		{"unix:7", "7", false},
		{"remote:1", "", true},
		{"99", "", true},
		{":x", "", true},
	}
	for _, tc := range tests {
		got, err := displayNumber(tc.display)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("displayNumber(%q) = %q, %v; want %q (error %v)", tc.display, got, err, tc.want, tc.bad)
		}
	}
	if err := CloseWindowLikeWM("remote:1", 1); err == nil || !strings.Contains(err.Error(), "not a local display") {
		t.Errorf("CloseWindowLikeWM on a remote display: %v", err)
	}
}

// mustXauthority writes an Xauthority file with one entry per display number.
func mustXauthority(t *testing.T, entries map[string][]byte) string {
	t.Helper()
	var b bytes.Buffer
	field := func(f []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint16(len(f)))
		b.Write(f)
	}
	for num, cookie := range entries {
		_ = binary.Write(&b, binary.BigEndian, uint16(256)) // FamilyLocal
		field([]byte("host"))
		field([]byte(num))
		field([]byte("MIT-MAGIC-COOKIE-1"))
		field(cookie)
	}
	p := filepath.Join(t.TempDir(), "Xauthority")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestXauthCookie(t *testing.T) {
	t.Setenv("XAUTHORITY", mustXauthority(t, map[string][]byte{"99": []byte("0123456789abcdef")}))
	name, data := xauthCookie("99")
	if string(name) != "MIT-MAGIC-COOKIE-1" || string(data) != "0123456789abcdef" {
		t.Errorf("display 99: %q %q", name, data)
	}
	if name, data := xauthCookie("98"); name != nil || data != nil {
		t.Errorf("display 98 has no entry, got %q %q", name, data)
	}
	t.Setenv("XAUTHORITY", filepath.Join(t.TempDir(), "missing"))
	if name, _ := xauthCookie("99"); name != nil {
		t.Errorf("no file: got %q", name)
	}
}

func TestColoursAndMeanLuma(t *testing.T) {
	tests := []struct {
		name           string
		at             func(x, y int) color.Color
		limit, want    int
		lumaLo, lumaHi float64
	}{
		{"blank white", func(x, y int) color.Color { return color.White }, 8, 1, 254, 256},
		{"blank black", func(x, y int) color.Color { return color.Black }, 8, 1, 0, 1},
		{"two colours", func(x, y int) color.Color {
			if x < 20 {
				return color.Black
			}
			return color.White
		}, 8, 2, 100, 160},
		{"many colours, capped", func(x, y int) color.Color { return color.RGBA{uint8(x * 6), uint8(y * 6), 0, 255} }, 8, 8, 1, 200},
		// Translucent pixels decode to *image.NRGBA: the generic path.
		{"translucent, generic path", func(x, y int) color.Color { return color.NRGBA{255, 255, 255, uint8(100 + x%2)} }, 8, 1, 99, 102}, // premultiplied: white at alpha 100 reads as 100
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "shot.png")
			MustWritePNG(t, p, 40, 40, tc.at)
			n, err := Colours(p, tc.limit)
			if err != nil || n != tc.want {
				t.Errorf("Colours = %d, %v; want %d", n, err, tc.want)
			}
			l, err := MeanLuma(p)
			if err != nil || l < tc.lumaLo || l > tc.lumaHi {
				t.Errorf("MeanLuma = %.1f, %v; want %v…%v", l, err, tc.lumaLo, tc.lumaHi)
			}
		})
	}
	bad := filepath.Join(t.TempDir(), "bad.png")
	if err := os.WriteFile(bad, []byte("not a png"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Colours(bad, 2); err == nil {
		t.Error("Colours of a non-PNG: no error")
	}
	if _, err := MeanLuma(filepath.Join(t.TempDir(), "none.png")); err == nil {
		t.Error("MeanLuma of a missing file: no error")
	}
}

func TestWaitServed(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) < 2 {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`<div id="root"></div>`))
	}))
	defer srv.Close()
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("not the app")) }))
	defer other.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := WaitServed(ctx, srv.URL, nil); err != nil || hits.Load() < 2 {
		t.Fatalf("WaitServed = %v after %d requests", err, hits.Load())
	}

	exited := make(chan struct{})
	close(exited)
	if err := WaitServed(ctx, other.URL, exited); err == nil || !strings.Contains(err.Error(), "exited") {
		t.Errorf("a server that is not the app and has exited: %v", err)
	}
	short, cancelShort := context.WithCancel(context.Background())
	cancelShort()
	if err := WaitServed(short, other.URL, nil); err == nil || !strings.Contains(err.Error(), "did not serve the app") {
		t.Errorf("an ended context: %v", err)
	}
}

func TestStartProcStopsTheGroup(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	logPath := filepath.Join(t.TempDir(), "proc.log")
	// The child sleeps in a grandchild: Stop must end the whole group.
	p := StartProc(t, exec.Command("sh", "-c", "echo started; sleep 60 & wait"), logPath)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	WaitLog(t, ctx, logPath, "started")
	p.Stop()
	select {
	case <-p.Exited:
	default:
		t.Fatal("Stop returned before the process exited")
	}
	p.Stop() // twice is fine
	if !strings.Contains(p.Log(), "started") {
		t.Errorf("log = %q", p.Log())
	}
}

func TestFreePortIsFree(t *testing.T) {
	a, b := FreePort(t), FreePort(t)
	if a <= 0 || b <= 0 {
		t.Fatalf("ports %d %d", a, b)
	}
}

func TestPad4(t *testing.T) {
	for _, n := range []int{0, 1, 3, 4, 5} {
		if got := len(pad4(make([]byte, n))); got%4 != 0 || got < n || got > n+3 {
			t.Errorf("pad4 of %d bytes: %d", n, got)
		}
	}
}

func TestFirstRunAndAutoSyncOff(t *testing.T) {
	home := t.TempDir()
	d, demo := MustFirstRun(t, home)
	defer d.Close()
	if demo.Name != "Demo" || demo.ID == "" {
		t.Fatalf("first run made %+v, want the Demo profile", demo)
	}
	MustAutoSyncOff(t, d.DB(), demo.ID)
	v, err := d.DB().Setting(context.Background(), "app.sync."+demo.ID)
	if err != nil || !strings.Contains(v, `"intervalMinutes":0`) || !strings.Contains(v, `"onFocus":false`) {
		t.Errorf("sync setting = %q, %v", v, err)
	}
	if _, err := os.Stat(filepath.Join(home, "config", "meshdesk.db")); err != nil {
		t.Errorf("no database where the app looks: %v", err)
	}
}
