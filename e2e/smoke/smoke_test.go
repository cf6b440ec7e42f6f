// Package smoke holds the end-to-end smoke tests of the real binaries: the production
// desktop build under Xvfb (first render, title read from X, screenshot, clean close) and
// `wails dev` driven by headless Chromium over Wails' real IPC. They need a display and
// the built app (`make test` provides both: scripts/with-session.sh, `make build`).
package smoke

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"meshdesk/e2e/internal/e2eutil"
	"meshdesk/internal/testenv"
)

// wantTitle is what the frontend sets once it has rendered the Demo profile.
const wantTitle = "Mesh Desk — Demo"

func TestDesktopFirstRenderTitleAndClose(t *testing.T) {
	e2eutil.SkipShort(t, "smoke")
	display := testenv.Display(t)
	e2eutil.NeedTools(t, "xdotool", "xprop", "import")
	bin := e2eutil.DesktopBinary(t)
	art := e2eutil.Artifacts(t)

	started := time.Now()
	app := e2eutil.StartApp(t, bin, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	win, err := e2eutil.WaitWindow(ctx, app.Exited, "--pid", strconv.Itoa(app.Pid()), "--name", "Mesh Desk")
	if err != nil {
		t.Fatal(err)
	}
	var title string
	for title != wantTitle {
		title, err = e2eutil.WindowTitle(ctx, win)
		if ctx.Err() != nil {
			t.Fatalf("window title = %q (%v), want %q after the first render", title, err, wantTitle)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("title %q after %v", title, time.Since(started).Round(time.Millisecond))

	shot := filepath.Join(art, "smoke-desktop.png")
	if err := e2eutil.Screenshot(ctx, win, shot, 8); err != nil {
		t.Fatal(err)
	}

	if err := e2eutil.CloseWindowLikeWM(display, e2eutil.MustWindowID(t, win)); err != nil {
		t.Fatalf("close the window: %v", err)
	}
	select {
	case <-app.Exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the app did not exit within 30s of the window's close")
	}
	if app.WaitErr != nil {
		t.Fatalf("the app exited with %v, want status 0", app.WaitErr)
	}
	b, err := os.ReadFile(app.LogFile())
	if err != nil {
		t.Fatalf("no diagnostics log: %v", err)
	}
	for _, want := range []string{"first render", "app shut down cleanly"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the log lacks %q", want)
		}
	}
}
