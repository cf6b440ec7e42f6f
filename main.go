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

	"meshdesk/cli"
	"meshdesk/version"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && (args[0] == "--version" || args[0] == "version") {
		fmt.Println(version.String())
		return
	}
	if len(args) == 0 {
		os.Exit(runDesktop())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.OSEnv(), args)
	stop()
	os.Exit(code)
}
