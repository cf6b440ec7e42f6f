// Package appbench measures the desktop app as a user meets it, each figure beside an empty
// Wails v2 react-ts app built by the same toolchain: the production binary's size, cold start
// to the frontend's first-render signal under Xvfb, and the proportional memory (PSS) of the
// whole process tree (the app and WebKit's web and network processes).
package appbench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Proc is one process of a tree with its memory.
type Proc struct {
	PID    int    `json:"pid"`
	Comm   string `json:"comm"`
	PSSKB  int64  `json:"pssKB"`
	RSSKB  int64  `json:"rssKB"`
	Parent int    `json:"parent"`
}

// Tree is the memory of a process and all its descendants.
type Tree struct {
	Procs []Proc `json:"procs"`
	PSSKB int64  `json:"pssKB"`
	RSSKB int64  `json:"rssKB"`
}

// PSSMB is the tree's PSS in MiB.
func (t Tree) PSSMB() float64 { return float64(t.PSSKB) / 1024 }

// RSSMB is the tree's RSS in MiB.
func (t Tree) RSSMB() float64 { return float64(t.RSSKB) / 1024 }

// Summary lists the processes, e.g. "meshdesk 120 MB, WebKitWebProcess 80 MB".
func (t Tree) Summary() string {
	var parts []string
	for _, p := range t.Procs {
		parts = append(parts, fmt.Sprintf("%s %.0f MB", p.Comm, float64(p.PSSKB)/1024))
	}
	return strings.Join(parts, ", ")
}

// ProcTree reads the PSS and RSS of root and every descendant from procfs (root, e.g. "/proc").
func ProcTree(procfs string, root int) (Tree, error) {
	entries, err := os.ReadDir(procfs)
	if err != nil {
		return Tree{}, fmt.Errorf("read %s: %w", procfs, err)
	}
	children := map[int][]int{}
	comm := map[int]string{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(procfs, e.Name(), "stat"))
		if err != nil {
			continue // gone meanwhile
		}
		ppid, name, err := parseStat(b)
		if err != nil {
			continue
		}
		children[ppid] = append(children[ppid], pid)
		comm[pid] = name
	}
	if _, ok := comm[root]; !ok {
		return Tree{}, fmt.Errorf("process %d is not running", root)
	}
	var t Tree
	var walk func(pid, parent int) error
	walk = func(pid, parent int) error {
		b, err := os.ReadFile(filepath.Join(procfs, strconv.Itoa(pid), "smaps_rollup"))
		if err != nil {
			if pid == root {
				return fmt.Errorf("smaps_rollup of %d: %w", pid, err)
			}
			return nil // a child that exited meanwhile
		}
		pss, rss := parseRollup(b)
		t.Procs = append(t.Procs, Proc{PID: pid, Comm: comm[pid], PSSKB: pss, RSSKB: rss, Parent: parent})
		t.PSSKB += pss
		t.RSSKB += rss
		kids := children[pid]
		sort.Ints(kids)
		for _, k := range kids {
			if err := walk(k, pid); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return Tree{}, err
	}
	return t, nil
}

// parseStat reads the parent pid and command name from /proc/PID/stat ("pid (comm) S ppid …";
// comm may hold spaces and parentheses, so it is cut at the last ')').
func parseStat(b []byte) (ppid int, comm string, err error) {
	open := bytes.IndexByte(b, '(')
	closeIdx := bytes.LastIndexByte(b, ')')
	if open < 0 || closeIdx < open {
		return 0, "", fmt.Errorf("stat: no command name in %q", b)
	}
	comm = string(b[open+1 : closeIdx])
	f := strings.Fields(string(b[closeIdx+1:]))
	if len(f) < 2 {
		return 0, "", fmt.Errorf("stat: too short: %q", b)
	}
	ppid, err = strconv.Atoi(f[1])
	if err != nil {
		return 0, "", fmt.Errorf("stat: ppid %q: %w", f[1], err)
	}
	return ppid, comm, nil
}

// parseRollup sums the Pss and Rss lines (kB) of a smaps_rollup file.
func parseRollup(b []byte) (pss, rss int64) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		v, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		switch f[0] {
		case "Pss:":
			pss = v
		case "Rss:":
			rss = v
		}
	}
	return pss, rss
}
