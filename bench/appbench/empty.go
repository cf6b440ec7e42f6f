package appbench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// EmptyTitle is the window title the empty app's frontend sets after its first render (the
// one change made to the template, mirroring Mesh Desk's own signal: one call to Go, then
// WindowSetTitle).
const EmptyTitle = "meshbench first render"

// emptyPatchVersion changes when the patch to the template changes (it is part of the key).
const emptyPatchVersion = "1"

// EmptyApp says where the empty app's binary is and how it was obtained.
type EmptyApp struct {
	Bin    string
	Cached bool
	Key    string
	// Steps are the commands run to build it (empty when served from the cache).
	Steps []string
}

// Toolchain names the versions the empty app is built with; their hash keys the cache.
type Toolchain struct {
	Go, Wails, Node string
}

// ReadToolchain reads the Go, Wails (from the repository's go.mod) and Node versions.
func ReadToolchain(ctx context.Context, repo string) (Toolchain, error) {
	t := Toolchain{Go: runtime.Version()}
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Version}}", "github.com/wailsapp/wails/v2").Output()
	if err != nil {
		return t, fmt.Errorf("wails version from go.mod: %w", err)
	}
	t.Wails = strings.TrimSpace(string(out))
	if out, err := exec.CommandContext(ctx, "node", "--version").Output(); err == nil {
		t.Node = strings.TrimSpace(string(out))
	} else {
		return t, fmt.Errorf("node --version: %w", err)
	}
	return t, nil
}

// Key is the cache key of an empty app built with t.
func (t Toolchain) Key() string {
	h := sha256.Sum256([]byte(strings.Join([]string{t.Go, t.Wails, t.Node, emptyPatchVersion, runtime.GOOS, runtime.GOARCH}, "|")))
	return hex.EncodeToString(h[:8])
}

// BuildEmpty returns the empty Wails v2 react-ts app for toolchain t, from cacheDir when a
// build with the same key is there, else built now: the Wails CLI of the repository's go.mod
// (go build), `wails init -n empty -t react-ts` in a temporary folder, the first-render patch,
// and `wails build -tags webkit2_41 -trimpath` (the toolchain's only change: the WebKitGTK 4.1
// tag, as for Mesh Desk). The build's output goes to log.
func BuildEmpty(ctx context.Context, repo, cacheDir string, t Toolchain, log io.Writer) (EmptyApp, error) {
	key := t.Key()
	dir := filepath.Join(cacheDir, "empty-"+key)
	bin := filepath.Join(dir, "empty")
	e := EmptyApp{Bin: bin, Key: key}
	if st, err := os.Stat(bin); err == nil && st.Mode()&0o111 != 0 {
		e.Cached = true
		return e, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return e, err
	}
	tmp, err := os.MkdirTemp("", "meshbench-empty-")
	if err != nil {
		return e, err
	}
	defer os.RemoveAll(tmp)
	wails := filepath.Join(tmp, "wails")
	run := func(wd string, name string, args ...string) error {
		e.Steps = append(e.Steps, name+" "+strings.Join(args, " "))
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = wd
		cmd.Stdout, cmd.Stderr = log, log
		cmd.Env = append(os.Environ(), "NO_COLOR=1", "npm_config_fund=false", "npm_config_audit=false", "npm_config_update_notifier=false")
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
		}
		return nil
	}
	if err := run(repo, "go", "build", "-o", wails, "github.com/wailsapp/wails/v2/cmd/wails"); err != nil {
		return e, err
	}
	proj := filepath.Join(tmp, "empty")
	if err := run(tmp, wails, "init", "-n", "empty", "-t", "react-ts", "-d", proj); err != nil {
		return e, err
	}
	if err := patchEmpty(filepath.Join(proj, "frontend", "src", "App.tsx")); err != nil {
		return e, err
	}
	if err := run(proj, wails, "build", "-tags", "webkit2_41", "-trimpath", "-nocolour"); err != nil {
		return e, err
	}
	if err := copyFile(filepath.Join(proj, "build", "bin", "empty"), bin+".tmp"); err != nil {
		return e, err
	}
	if err := os.Rename(bin+".tmp", bin); err != nil {
		return e, err
	}
	return e, nil
}

// patchEmpty adds the first-render signal to the template's App.tsx: after the first render,
// one call to Go (the template's Greet), then the window title.
func patchEmpty(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("the template's App.tsx: %w", err)
	}
	s := string(b)
	const imp, fn = "import {useState} from 'react';", "    function greet() {"
	if !strings.Contains(s, imp) || !strings.Contains(s, fn) {
		return fmt.Errorf("the template's App.tsx has changed: cannot add the first-render signal")
	}
	s = strings.Replace(s, imp, "import {useEffect, useState} from 'react';\nimport {WindowSetTitle} from '../wailsjs/runtime/runtime';", 1)
	s = strings.Replace(s, fn, "    useEffect(() => {\n        Greet('bench').then(() => WindowSetTitle('"+EmptyTitle+"'));\n    }, []);\n\n"+fn, 1)
	return os.WriteFile(path, []byte(s), 0o644)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
