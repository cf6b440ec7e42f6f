package applog

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func mustRead(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustWrite(t *testing.T, w *RotatingFile, s string) {
	t.Helper()
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

func TestRotatingFileRotatesAndKeeps(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "x.log")
	w, err := OpenRotating(p, 10, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"aaaa\n", "bbbb\n", "cccc\n", "dddd\n", "eeee\n", "ffff\n", "gggg\n"} {
		mustWrite(t, w, s)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ file, want string }{
		{p, "gggg\n"},
		{p + ".1", "eeee\nffff\n"},
		{p + ".2", "cccc\ndddd\n"},
	}
	for _, c := range cases {
		if got := mustRead(t, c.file); got != c.want {
			t.Errorf("%s = %q, want %q", filepath.Base(c.file), got, c.want)
		}
	}
	if _, err := os.Stat(p + ".3"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a third backup exists (keep=2): %v", err)
	}
}

func TestRotatingFileAppendsAcrossOpens(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.log")
	for _, s := range []string{"one\n", "two\n"} {
		w, err := OpenRotating(p, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, w, s)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if got := mustRead(t, p); got != "one\ntwo\n" {
		t.Fatalf("got %q", got)
	}
	// The size already on disk counts: a small limit rotates on the next write.
	w, err := OpenRotating(p, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, w, "three\n")
	_ = w.Close()
	if got := mustRead(t, p+".1"); got != "one\ntwo\n" {
		t.Fatalf("backup = %q", got)
	}
}

func TestRotatingFileKeepZeroAndOversize(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.log")
	w, err := OpenRotating(p, 8, 0)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, w, "12345\n")
	big := strings.Repeat("z", 30)
	mustWrite(t, w, big) // larger than the limit: written whole into a fresh file
	_ = w.Close()
	if got := mustRead(t, p); got != big {
		t.Fatalf("got %q", got)
	}
	if _, err := os.Stat(p + ".1"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("keep=0 left a backup: %v", err)
	}
}

func TestRotatingFileClosedAndErrors(t *testing.T) {
	dir := t.TempDir()
	w, err := OpenRotating(filepath.Join(dir, "x.log"), 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	if _, err := w.Write([]byte("late")); !errors.Is(err, os.ErrClosed) {
		t.Fatalf("write after close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRotating(filepath.Join(blocker, "x.log"), 0, 1); err == nil {
		t.Fatal("want an error under a file")
	}
}

func TestRotatingFileConcurrentWrites(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.log")
	w, err := OpenRotating(p, 200, 50)
	if err != nil {
		t.Fatal(err)
	}
	const writers, lines = 4, 50
	var wg sync.WaitGroup
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range lines {
				if _, err := w.Write([]byte{'a' + byte(g), '\n'}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	_ = w.Close()
	total := 0
	matches, _ := filepath.Glob(p + "*")
	for _, m := range matches {
		total += strings.Count(mustRead(t, m), "\n")
	}
	if total != writers*lines {
		t.Fatalf("lines on disk = %d, want %d", total, writers*lines)
	}
}
