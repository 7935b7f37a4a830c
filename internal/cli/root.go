// Package cli is seopipe's command line: it parses flags into options,
// loads the config, runs the pipeline and maps the outcome to an exit code.
//
// Each command has a file of its own (build.go, check.go, cards.go,
// init.go, version.go) with its Options struct and a NewCmd constructor
// that takes a runF hook, as gh's pkg/cmd: tests pass a runF that records
// the parsed Options, so a flag test needs no build. run.go holds what
// build, check and cards share: one run of the pipeline, in a mode.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
)

// Exit codes.
const (
	ExitOK          = 0
	ExitFailed      = 1   // content or build errors (everything else still written)
	ExitUsage       = 2   // bad flags, arguments or config
	ExitInterrupted = 130 // SIGINT/SIGTERM
)

// Env is what a command sees of the process: streams, environment and
// working directory. Tests fill it in.
type Env struct {
	Stdout  io.Writer
	Stderr  io.Writer
	Getenv  func(string) string
	WorkDir string
	// StderrTTY is set when stderr is a terminal: progress bars instead of log lines.
	StderrTTY bool
	// LowerGC, when set, is called as a build starts, to tune the
	// runtime for its heap (cmd/seopipe sets gctune.ForBuild; tests
	// leave it nil and keep Go's defaults).
	LowerGC func()
	// WallClock, when set, is the pipeline's wall clock
	// (pipeline.Options.WallClock); tests only.
	WallClock func() time.Time
}

// GlobalOptions are the flags every command has, parsed by the root
// command: --config, --quiet and --verbose.
type GlobalOptions struct {
	Config  string
	Quiet   bool
	Verbose bool
}

func (g GlobalOptions) check() error {
	if g.Quiet && g.Verbose {
		return usagef("--quiet and --verbose cannot be used together")
	}
	return nil
}

// usageError marks an error as the user's wording: exit 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// exitError carries a chosen exit code whose message was already printed.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Run runs seopipe with args (without the program name) and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.WorkDir == "" {
		env.WorkDir, _ = os.Getwd()
	}
	g := &GlobalOptions{}
	root := NewCmdRoot(g,
		NewCmdBuild(&env, g, nil),
		NewCmdCheck(&env, g, nil),
		NewCmdCards(&env, g, nil),
		NewCmdURLs(&env, g, nil),
		NewCmdInit(&env, g, nil),
		NewCmdVersion(&env, nil),
	)
	return Execute(ctx, root, args, &env)
}

// Execute runs root with args and maps its outcome to an exit code,
// printing the error, if any, to env.Stderr.
func Execute(ctx context.Context, root *cobra.Command, args []string, env *Env) int {
	root.SetArgs(args)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	return exitCode(ctx, err, env.Stderr)
}

func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "seopipe: interrupted; the previous output was left as it was")
		return ExitInterrupted
	}
	fmt.Fprintln(stderr, "seopipe: "+diag.Escape(err.Error())) // a path in it may hold anything
	var ue *usageError
	var ce *config.Error
	if errors.As(err, &ue) || errors.As(err, &ce) {
		return ExitUsage
	}
	return ExitFailed
}

// NewCmdRoot makes the seopipe command, which parses the global flags into
// g, with the commands cmds under it.
func NewCmdRoot(g *GlobalOptions, cmds ...*cobra.Command) *cobra.Command {
	root := &cobra.Command{
		Use:   "seopipe",
		Short: "SEO and social-card asset pipeline for Markdown sites",
		Long: `seopipe reads a folder of Markdown posts with front matter and writes what a site
needs to be found and shared: posts.json, sitemaps, feeds, head tags, JSON-LD,
processed images and social cards, all consistent with each other.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Unknown subcommands are usage errors, not a silent help page.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q (see seopipe --help)", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.PersistentFlags().StringVar(&g.Config, "config", "", "config file (default: $SEOPIPE_CONFIG, else ./seopipe.yaml if present)")
	root.PersistentFlags().BoolVarP(&g.Quiet, "quiet", "q", false, "print only errors")
	root.PersistentFlags().BoolVarP(&g.Verbose, "verbose", "v", false, "print every stage and file")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{flagError(err)} })
	root.AddCommand(cmds...)
	root.CompletionOptions.HiddenDefaultCmd = true
	return root
}

// maxArgs is cobra.MaximumNArgs with a usage error.
func maxArgs(n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("expected at most %d argument(s), got %d: %s", n, len(args), strings.Join(args, " "))
		}
		return nil
	}
}

// flagNumberRE matches pflag's message for a value that is no number.
var flagNumberRE = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: strconv\.Parse\w+: .*$`)

// flagError says what is wrong with a flag's value without Go's parser
// in it: --jobs: "x" is not a whole number.
func flagError(err error) error {
	if m := flagNumberRE.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s: %q is not a whole number", m[2], m[1])
	}
	return err
}

func abs(wd, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(wd, p)
}

// rel shortens p for messages: relative to wd when below it.
func rel(wd, p string) string {
	r, err := filepath.Rel(wd, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return p
	}
	return r
}
