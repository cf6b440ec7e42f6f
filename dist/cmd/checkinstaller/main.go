// Command checkinstaller checks that each file named is a Windows NSIS installer for the
// GUI (see package wininst) and prints what it found; `make dist-windows` runs it.
package main

import (
	"fmt"
	"os"

	"meshdesk/dist/wininst"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: checkinstaller INSTALLER.exe…")
		os.Exit(2)
	}
	bad := false
	for _, p := range os.Args[1:] {
		info, err := wininst.Inspect(p)
		if err == nil && !info.GUI {
			err = fmt.Errorf("not a Windows GUI program")
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", p, err)
			bad = true
			continue
		}
		fmt.Printf("%s: PE %s GUI, NSIS installer data at %d (%d bytes), %.1f MB\n", p, info.Machine, info.NSISAt, info.NSISBytes, float64(info.Size)/(1<<20))
	}
	if bad {
		os.Exit(1)
	}
}
