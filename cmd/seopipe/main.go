// Command seopipe is the SEO and social-card asset pipeline. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // site.timezone works on machines without a zoneinfo database

	"golang.org/x/term"

	"github.com/seopipe/seopipe/internal/cli"
	"github.com/seopipe/seopipe/internal/gctune"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop) // after the first signal, a second one kills at once
	stopProfiles := startProfiles()
	code := cli.Run(ctx, os.Args[1:], cli.Env{
		Stdout:    os.Stdout,
		Stderr:    os.Stderr,
		Getenv:    os.Getenv,
		StderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		LowerGC:   gctune.ForBuild,
	})
	stop()
	stopProfiles()
	os.Exit(code)
}
