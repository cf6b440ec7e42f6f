// Package popup proves Link's OAuth journey in the real Wails window: the production binary
// under Xvfb on the Demo profile, driven with xdotool (real X key events), its OAuth popup
// found as a second X window and approved there, the result read back through the app's own
// CLI against the same data directory and the keychain through secret-tool. It needs a display,
// a Secret Service and the built app (`make test` provides all three).
package popup

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meshdesk/e2e/internal/e2eutil"
	"meshdesk/internal/testenv"
)

// popupName is the end of the emulator's OAuth page title (meshsim/linkpage/README.md);
// popupRegexp finds it with `xdotool search --name` (a regular expression).
const (
	popupName   = "Mesh Desk emulator (OAuth)"
	popupRegexp = `Mesh Desk emulator \(OAuth\)$`
)

// mainTitle is the window title once the frontend rendered the Demo profile.
const mainTitle = "Mesh Desk — Demo"

// bluePixel screenshots the window to path and reports whether the pixel at x,y is the
// Link page's primary-button blue.
func bluePixel(t *testing.T, ctx context.Context, win, path string, x, y int) bool {
	t.Helper()
	if out, err := e2eutil.Run(ctx, nil, "import", "-window", win, path); err != nil {
		t.Logf("screenshot: %v: %s", err, out)
		return false
	}
	img, err := e2eutil.ReadPNG(path)
	if err != nil || !(image.Point{x, y}.In(img.Bounds())) {
		return false
	}
	r, g, b, _ := img.At(x, y).RGBA()
	return b>>8 > 180 && r>>8 < 100 && g>>8 < 150
}

// connectionRow is the part of `meshdesk connections list --format json` the test reads.
type connectionRow struct {
	ID         string `json:"id"`
	BrokerType string `json:"brokerType"`
	UserID     string `json:"userId"`
	Token      string `json:"token"`
}

// keychainUsers lists the usernames of Mesh Desk's entries in the session's Secret Service.
func keychainUsers(t *testing.T, ctx context.Context) []string {
	t.Helper()
	out, err := e2eutil.Run(ctx, nil, "secret-tool", "search", "--all", "--unlock", "service", "meshdesk")
	if err != nil && out != "" && !strings.Contains(out, "No matching") {
		t.Fatalf("secret-tool search: %v\n%s", err, out)
	}
	var users []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "attribute.username = "); ok {
			users = append(users, u)
		}
	}
	return users
}

// TestOAuthPopupInRealWindow opens Link in the production window, picks Coinbase (the
// emulator's OAuth exchange) with the keyboard, approves in the popup window and checks the
// connection and its keychain entry from outside the app.
func TestOAuthPopupInRealWindow(t *testing.T) {
	e2eutil.SkipShort(t, "popup")
	testenv.Display(t)
	testenv.SecretService(t)
	e2eutil.NeedTools(t, "xdotool", "import", "secret-tool")
	bin := e2eutil.DesktopBinary(t)
	art := e2eutil.Artifacts(t)

	app := e2eutil.StartApp(t, bin, t.TempDir())
	env, logFile := app.Env, app.LogFile()
	ctx, cancel := context.WithTimeout(context.Background(), 180*time.Second)
	defer cancel()
	pid := fmt.Sprint(app.Pid())
	win, err := e2eutil.WaitWindow(ctx, app.Exited, "--pid", pid, "--name", "Mesh Desk")
	if err != nil {
		t.Fatal(err)
	}
	e2eutil.WaitTitle(t, ctx, win, mainTitle)
	// The popup handler is installed on DOM ready; the log says when.
	e2eutil.WaitLog(t, ctx, logFile, "popup handler installed")

	// The keyboard (no window manager here: the window gets X focus directly): Tab, Tab reach
	// the sidebar's Accounts, Connect; Enter opens Connect, whose search box has the focus;
	// "coinbase" leaves one integration; Enter opens Link deep-linked to it.
	e2eutil.MustXdo(t, ctx, "windowfocus", "--sync", win)
	e2eutil.MustXdo(t, ctx, "key", "--window", win, "--delay", "150", "Tab", "Tab", "Return")
	e2eutil.WaitLog(t, ctx, logFile, "path=/api/v1/integrations") // the Connect view asked for the catalog
	e2eutil.MustXdo(t, ctx, "type", "--window", win, "--delay", "60", "coinbase")
	e2eutil.MustXdo(t, ctx, "key", "--window", win, "Return")
	// Link's overlay loads, redeems the token and shows "Continue to Coinbase": wait until
	// that blue button is painted (its left padding; the click lands on its label).
	intro := filepath.Join(art, "popup-1-link-intro.png")
	for !bluePixel(t, ctx, win, intro, 440, 232) {
		if ctx.Err() != nil {
			t.Fatal("Link's \"Continue to Coinbase\" never appeared (see test-artifacts/popup-1-link-intro.png)")
		}
		time.Sleep(300 * time.Millisecond)
	}
	// A real click on "Continue to Coinbase" (the user gesture window.open needs). The window
	// is 1200×780 (no window manager resizes it) and the SDK centres its overlay, so the
	// button sits at a fixed place; the screenshot above shows where.
	// Other e2e packages may have windows on the same display: raise ours first (XTEST clicks
	// land on whatever is on top).
	e2eutil.MustXdo(t, ctx, "windowraise", win)
	e2eutil.MustXdo(t, ctx, "mousemove", "--window", win, "--sync", "523", "241")
	e2eutil.MustXdo(t, ctx, "click", "1") // XTEST: GTK ignores synthetic (--window) button events

	// The popup: a second X window of the same process, titled by the OAuth page.
	pctx, pcancel := context.WithTimeout(ctx, 30*time.Second)
	popup, err := e2eutil.WaitWindow(pctx, app.Exited, "--pid", pid, "--name", popupRegexp)
	pcancel()
	if err != nil {
		mustShot(t, ctx, win, filepath.Join(art, "popup-fail-main.png"))
		t.Fatalf("no OAuth popup window: %v (screenshot test-artifacts/popup-fail-main.png)", err)
	}
	if popup == win {
		t.Fatal("the popup is the main window")
	}
	// The window takes the page's title: the HTML's first, then the one naming the exchange.
	want := "Sign in to Coinbase — " + popupName
	title := e2eutil.WindowName(ctx, popup)
	for i := 0; title != want && i < 50; i++ {
		time.Sleep(100 * time.Millisecond)
		title = e2eutil.WindowName(ctx, popup)
	}
	if title != want {
		t.Errorf("popup title %q, want %q", title, want)
	}
	geo := e2eutil.MustXdo(t, ctx, "getwindowgeometry", popup)
	t.Logf("popup %s %q\n%s", popup, title, geo)
	if !strings.Contains(geo, "480x640") {
		t.Errorf("popup geometry: want window.open's 480x640, got %s", geo)
	}
	time.Sleep(500 * time.Millisecond)
	mustShot(t, ctx, popup, filepath.Join(art, "popup-2-oauth-window.png"))

	// Approve: the first focusable element of the OAuth page.
	e2eutil.MustXdo(t, ctx, "windowfocus", "--sync", popup)
	// The page closes its window right after Return, so xdotool may find the window gone
	// while it finishes the key (BadWindow): what counts is what follows.
	if out, err := e2eutil.Run(ctx, nil, "xdotool", "key", "--window", popup, "--delay", "150", "Tab", "Return"); err != nil {
		t.Logf("xdotool key in the popup: %v: %s (the window closed)", err, out)
	}

	// The page closes itself (window.close): the X window goes away.
	for {
		out, _ := e2eutil.Run(ctx, nil, "xdotool", "search", "--all", "--pid", pid, "--name", popupRegexp)
		if out == "" {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("the popup did not close after approving")
		}
		time.Sleep(200 * time.Millisecond)
	}

	// The result, read through the app's own CLI against the same data directory.
	var rows []connectionRow
	for {
		o, err := e2eutil.Run(ctx, env, bin, "connections", "list", "--format", "json")
		if err != nil {
			t.Fatalf("meshdesk connections list: %v\n%s", err, o)
		}
		rows = nil
		if err := json.Unmarshal([]byte(o), &rows); err != nil {
			t.Fatalf("connections list output: %v\n%s", err, o)
		}
		if len(rows) > 0 || ctx.Err() != nil {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	mustShot(t, ctx, win, filepath.Join(art, "popup-3-result.png"))
	if len(rows) == 0 {
		t.Fatal("no connection was saved")
	}
	c := rows[0]
	if c.BrokerType != "coinbase" || c.Token != "tokenId" {
		t.Fatalf("connection %+v: want coinbase with its tokenId in the keychain", c)
	}
	users := keychainUsers(t, ctx)
	found := false
	for _, u := range users {
		if strings.Contains(u, c.ID) && strings.HasSuffix(u, "/tokenId") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no keychain entry for connection %s's tokenId among %q", c.ID, users)
	}
	if b, _ := os.ReadFile(logFile); !bytes.Contains(b, []byte("connection saved")) {
		t.Error("the app log does not record the saved connection")
	}
}

// mustShot saves a window as a PNG; a window just shown may take a moment to paint, and a
// shot that stays blank is reported, not fatal (it is evidence, not the test).
func mustShot(t *testing.T, ctx context.Context, win, path string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := e2eutil.Screenshot(sctx, win, path, 4); err != nil {
		t.Log(err)
	}
}
