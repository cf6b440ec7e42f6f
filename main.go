// Mesh Desk: a desktop app (Wails v2) and headless tool for businesses that move crypto
// through Mesh Connect. With no command it opens the window (desktop build); with a
// command it runs headless (both builds). See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"meshdesk/applog"
	"meshdesk/cli"
	"meshdesk/version"
)

func main() {
	started := time.Now()
	args, level, err := applog.SplitLevelFlag(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "meshdesk:", err)
		os.Exit(2)
	}
	if len(args) > 0 && (args[0] == "--version" || args[0] == "version") {
		fmt.Println(version.String())
		return
	}
	diag, err := applog.Setup(level, os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "meshdesk: diagnostics log:", err)
	}
	var code int
	if len(args) == 0 {
		code = runDesktop(diag, started)
	} else {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code = cli.Main(ctx, cli.OSEnv(), args)
		stop()
	}
	_ = diag.Close()
	os.Exit(code)
}
