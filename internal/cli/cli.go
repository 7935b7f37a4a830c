// Package cli is seopipe's command line: it parses flags into options,
// loads the config, runs the pipeline and maps the outcome to an exit code.
// Commands are small units with an options struct and a run function that
// tests call directly through Run.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/pipeline"
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
	root := newRoot(&env)
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
	case errors.Is(err, pipeline.ErrUnchecked):
		fmt.Fprintln(stderr, "seopipe: interrupted while checking the output; the new output was written, but not checked (seopipe check --output DIR checks it)")
		return ExitInterrupted
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "seopipe: interrupted; the previous output was left as it was")
		return ExitInterrupted
	}
	fmt.Fprintln(stderr, "seopipe: "+err.Error())
	var ue *usageError
	var ce *config.Error
	if errors.As(err, &ue) || errors.As(err, &ce) {
		return ExitUsage
	}
	return ExitFailed
}

func newRoot(env *Env) *cobra.Command {
	g := &globalOptions{}
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
	root.PersistentFlags().StringVar(&g.config, "config", "", "config file (default: $SEOPIPE_CONFIG, else ./seopipe.yaml if present)")
	root.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "print only errors")
	root.PersistentFlags().BoolVarP(&g.verbose, "verbose", "v", false, "print every stage and file")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{flagError(err)} })
	root.AddCommand(newBuildCmd(env, g, false, false), newBuildCmd(env, g, true, false), newBuildCmd(env, g, false, true),
		newInitCmd(env, g), newVersionCmd(env))
	root.CompletionOptions.HiddenDefaultCmd = true
	return root
}

// globalOptions are the flags every command has.
type globalOptions struct {
	config  string
	quiet   bool
	verbose bool
}

func (g *globalOptions) check() error {
	if g.quiet && g.verbose {
		return usagef("--quiet and --verbose cannot be used together")
	}
	return nil
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
