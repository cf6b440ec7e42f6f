package appbench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mustProc writes a fake /proc/PID with a stat line and, unless pss < 0, a smaps_rollup.
func mustProc(t *testing.T, root string, pid, ppid int, comm string, pss, rss int64) {
	t.Helper()
	d := filepath.Join(root, fmt.Sprint(pid))
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	stat := fmt.Sprintf("%d (%s) S %d 1 1 0 -1 4194560 0 0 0 0\n", pid, comm, ppid)
	if err := os.WriteFile(filepath.Join(d, "stat"), []byte(stat), 0o644); err != nil {
		t.Fatal(err)
	}
	if pss < 0 {
		return
	}
	rollup := fmt.Sprintf("55d0-7ffd ---p 00000000 00:00 0    [rollup]\nRss:  %d kB\nPss:  %d kB\nPss_Anon:  1 kB\nShared_Clean:  3 kB\n", rss, pss)
	if err := os.WriteFile(filepath.Join(d, "smaps_rollup"), []byte(rollup), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestProcTree(t *testing.T) {
	root := t.TempDir()
	mustProc(t, root, 100, 1, "meshdesk", 50_000, 80_000)
	mustProc(t, root, 101, 100, "WebKitWebProcess", 120_000, 200_000)
	mustProc(t, root, 102, 100, "WebKitNetworkProcess", 20_000, 40_000)
	mustProc(t, root, 103, 101, "odd) name (x", 1_000, 2_000) // a grandchild with parentheses in its name
	mustProc(t, root, 200, 1, "other", 999_999, 999_999)      // not in the tree
	mustProc(t, root, 104, 100, "exiting", -1, 0)             // gone before its memory was read
	if err := os.MkdirAll(filepath.Join(root, "self"), 0o755); err != nil {
		t.Fatal(err)
	}
	tr, err := ProcTree(root, 100)
	if err != nil {
		t.Fatal(err)
	}
	if tr.PSSKB != 191_000 || tr.RSSKB != 322_000 || len(tr.Procs) != 4 {
		t.Fatalf("tree: PSS %d RSS %d, %d processes: %+v", tr.PSSKB, tr.RSSKB, len(tr.Procs), tr.Procs)
	}
	if tr.Procs[0].PID != 100 || tr.Procs[0].Parent != 0 {
		t.Errorf("the root first: %+v", tr.Procs[0])
	}
	var grand Proc
	for _, p := range tr.Procs {
		if p.PID == 103 {
			grand = p
		}
	}
	if grand.Comm != "odd) name (x" || grand.Parent != 101 {
		t.Errorf("grandchild %+v", grand)
	}
	if s := tr.Summary(); !strings.Contains(s, "WebKitWebProcess 117 MB") {
		t.Errorf("summary %q", s)
	}
	if mb := tr.PSSMB(); mb < 186 || mb > 187 {
		t.Errorf("PSS %v MB", mb)
	}
}

func TestProcTreeErrors(t *testing.T) {
	root := t.TempDir()
	mustProc(t, root, 100, 1, "nomem", -1, 0)
	tests := []struct {
		name string
		pid  int
		want string
	}{
		{"not running", 42, "not running"},
		{"root without smaps_rollup", 100, "smaps_rollup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ProcTree(root, tt.pid)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ProcTree(%d) = %v, want an error about %q", tt.pid, err, tt.want)
			}
		})
	}
	if _, err := ProcTree(filepath.Join(root, "missing"), 1); err == nil {
		t.Error("no procfs: no error")
	}
}

func TestProcTreeSelf(t *testing.T) {
	if _, err := os.Stat("/proc/self/smaps_rollup"); err != nil {
		t.Skip("no /proc/self/smaps_rollup on this kernel")
	}
	tr, err := ProcTree("/proc", os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if tr.PSSKB <= 0 || tr.RSSKB < tr.PSSKB {
		t.Errorf("this process: PSS %d kB, RSS %d kB", tr.PSSKB, tr.RSSKB)
	}
}

func TestParseStat(t *testing.T) {
	tests := []struct {
		in      string
		ppid    int
		comm    string
		wantErr bool
	}{
		{"7 (bash) S 3 7 7", 3, "bash", false},
		{"8 (a (b) c) R 5 8 8", 5, "a (b) c", false},
		{"9 no parens", 0, "", true},
		{"10 (x)", 0, "", true},
		{"11 (x) S notanumber", 0, "", true},
	}
	for _, tt := range tests {
		ppid, comm, err := parseStat([]byte(tt.in))
		if (err != nil) != tt.wantErr || ppid != tt.ppid || comm != tt.comm {
			t.Errorf("parseStat(%q) = %d, %q, %v", tt.in, ppid, comm, err)
		}
	}
}

// mustTemplate writes an App.tsx shaped like the react-ts template's.
func mustTemplate(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "App.tsx")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPatchEmpty(t *testing.T) {
	tmpl := "import {useState} from 'react';\nimport {Greet} from \"../wailsjs/go/main/App\";\n\nfunction App() {\n    function greet() {\n        Greet(name);\n    }\n}\n"
	p := mustTemplate(t, tmpl)
	if err := patchEmpty(p); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	s := string(b)
	for _, want := range []string{"import {useEffect, useState} from 'react';", "import {WindowSetTitle} from '../wailsjs/runtime/runtime';",
		"Greet('bench').then(() => WindowSetTitle('" + EmptyTitle + "'));", "}, []);"} {
		if !strings.Contains(s, want) {
			t.Errorf("patched App.tsx lacks %q:\n%s", want, s)
		}
	}
	if strings.Index(s, "useEffect(() =>") > strings.Index(s, "function greet()") {
		t.Error("the effect is not inside the component before greet")
	}

	changed := mustTemplate(t, "export default function App() { return null }\n")
	if err := patchEmpty(changed); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Errorf("a changed template: %v", err)
	}
	if err := patchEmpty(filepath.Join(t.TempDir(), "none.tsx")); err == nil {
		t.Error("a missing template: no error")
	}
}

func TestToolchainKey(t *testing.T) {
	a := Toolchain{Go: "go1.26.8", Wails: "v2.9.2", Node: "v20.20.2"}
	b := a
	b.Node = "v22.1.0"
	if a.Key() == b.Key() || a.Key() != (Toolchain{Go: "go1.26.8", Wails: "v2.9.2", Node: "v20.20.2"}).Key() || len(a.Key()) != 16 {
		t.Errorf("keys %q %q", a.Key(), b.Key())
	}
}

func TestBuildEmptyServedFromCache(t *testing.T) {
	cache := t.TempDir()
	tc := Toolchain{Go: "go-test", Wails: "v0", Node: "v0"}
	dir := filepath.Join(cache, "empty-"+tc.Key())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "empty"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	e, err := BuildEmpty(context.Background(), t.TempDir(), cache, tc, nil)
	if err != nil || !e.Cached || e.Bin != filepath.Join(dir, "empty") || len(e.Steps) != 0 {
		t.Errorf("BuildEmpty = %+v, %v; want the cached binary, nothing run", e, err)
	}
}

func TestStartAndStop(t *testing.T) {
	// A stand-in app: a shell that starts a child (like WebKit's helpers) and waits.
	dir := t.TempDir()
	bin := filepath.Join(dir, "app.sh")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\nsleep 60 &\nwait\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r, err := Start(App{Name: "stand-in", Bin: bin, Log: filepath.Join(dir, "log")})
	if err != nil {
		t.Fatal(err)
	}
	var tr Tree
	for i := 0; i < 100; i++ {
		if tr, err = r.PSS(); err == nil && len(tr.Procs) == 2 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(tr.Procs) != 2 {
		t.Errorf("the tree of the stand-in: %+v, %v; want the shell and its sleep", tr.Procs, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := r.WaitFirstRender(ctx, "never", 20*time.Millisecond); err == nil {
		t.Error("a first render without any window")
	}
	r.Stop(2 * time.Second)
	select {
	case <-r.exited:
	default:
		t.Error("Stop returned before the app exited")
	}
	if _, err := Start(App{Bin: filepath.Join(dir, "missing")}); err == nil {
		t.Error("starting a missing binary: no error")
	}
}
