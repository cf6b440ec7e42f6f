package e2eutil

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"meshdesk/desk"
	"meshdesk/store"
)

// MustFirstRun makes the app's database under home (MESHDESK_HOME) as a first run does —
// the Demo profile, with no generated history (DemoTransfers -1) and an in-memory vault — so
// a test can store its own data before the app starts. The caller closes the desk before the
// app opens the database.
func MustFirstRun(t testing.TB, home string) (*desk.Desk, *store.Profile) {
	t.Helper()
	ctx := context.Background()
	d, err := desk.Open(ctx, desk.Options{DBPath: filepath.Join(home, "config", "meshdesk.db"), StateDir: filepath.Join(home, "state"),
		Keychain: store.NewMemoryVault(), Getenv: func(string) string { return "" }, DemoTransfers: -1})
	if err != nil {
		t.Fatalf("first run in %s: %v", home, err)
	}
	demo, err := d.Profile(ctx, "")
	if err != nil {
		d.Close()
		t.Fatalf("the Demo profile: %v", err)
	}
	return d, demo
}

// MustAutoSyncOff turns auto-sync, sync-on-focus and the webhook listener off for the
// profiles, so that only what the test does changes their transfers.
func MustAutoSyncOff(t testing.TB, db *store.DB, profileIDs ...string) {
	t.Helper()
	const off = `{"intervalMinutes":0,"onFocus":false,"webhookOn":false,"webhookAddr":"127.0.0.1:0"}`
	for _, id := range profileIDs {
		if err := db.SetSetting(context.Background(), "app.sync."+id, off); err != nil {
			t.Fatalf("auto-sync off for %s: %v", id, err)
		}
	}
}

// MustWritePNG writes a w×h PNG at path whose pixel (x, y) is at(x, y) (test pictures).
func MustWritePNG(t testing.TB, path string, w, h int, at func(x, y int) color.Color) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, at(x, y))
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
