package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/pipeline"
	"github.com/seopipe/seopipe/verify"
)

// CheckOptions are the flags and argument of seopipe check.
type CheckOptions struct {
	SiteOptions
	// Output is --output DIR: verify the files already in DIR instead
	// of the posts.
	Output string
}

// NewCmdCheck makes seopipe check. runF, when set, is called with the
// parsed options instead of checking (tests).
func NewCmdCheck(env *Env, g *GlobalOptions, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{}
	cmd := &cobra.Command{
		Use:   "check [CONTENT_DIR]",
		Short: "Validate the posts and config; write nothing",
		Long: `Check reads and validates every post and the config as build would, reports every
problem, and writes nothing. Exit code 1 when any post has an error.`,
		Args: maxArgs(1),
	}
	cmd.RunE = siteRunE(env, g, opts, runF, runCheck)
	opts.SiteOptions.addFlags(cmd.Flags())
	cmd.Flags().StringVar(&opts.Output, "output", "", "verify the files already in output directory `DIR` against the spec rules instead of the posts")
	return cmd
}

func (o *CheckOptions) validate() error {
	if err := o.SiteOptions.validate(); err != nil {
		return err
	}
	if o.Output != "" && o.ContentDir != "" {
		return usagef("check --output verifies an output directory: give it no CONTENT_DIR")
	}
	return nil
}

func runCheck(ctx context.Context, env *Env, opts *CheckOptions) error {
	if opts.Output != "" {
		return runVerify(env, opts)
	}
	return runPipeline(ctx, env, pipelineRun{mode: modeCheck, site: opts.SiteOptions})
}

// runVerify is "check --output DIR": the spec rules on files already written.
func runVerify(env *Env, opts *CheckOptions) error {
	dir := abs(env.WorkDir, opts.Output)
	// The build's clock is not in its output (posts.json would change on
	// every build): without --now the checks that need it are made
	// without it (verify.Options.Now).
	var now time.Time
	if opts.Now != "" {
		t, err := content.ParseDate(opts.Now, time.UTC)
		if err != nil {
			return reportUnstarted(env, opts.Report, usagef("--now: %v", err))
		}
		now = t
	}
	if st, err := os.Stat(dir); err != nil {
		return reportUnstarted(env, opts.Report, usagef("output directory %s: not found", rel(env.WorkDir, dir)))
	} else if !st.IsDir() {
		return reportUnstarted(env, opts.Report, usagef("output directory %s: not a directory", rel(env.WorkDir, dir)))
	}
	t0 := time.Now()
	probs, err := verify.Dir(os.DirFS(dir), verify.Options{Now: now, NamedFiles: true, DecodeImages: true})
	if err != nil {
		return reportUnstarted(env, opts.Report, err)
	}
	printList(env, opts.Global.Quiet, probs, rel(env.WorkDir, dir))
	if opts.Report != "" {
		// The problems go into the report as a build's output problems do.
		res := &pipeline.Result{OutputProblems: probs, Elapsed: time.Since(t0)}
		if err := writeReport(abs(env.WorkDir, opts.Report), res, nil, "", rel(env.WorkDir, dir)); err != nil {
			fmt.Fprintf(env.Stderr, "seopipe: report: %v\n", err)
			return &exitError{ExitFailed}
		}
	}
	if !opts.Global.Quiet {
		fmt.Fprintf(env.Stderr, "seopipe: verified %s in %s: %d %s\n", rel(env.WorkDir, dir), roundDur(time.Since(t0)),
			len(probs), plural(len(probs), "problem", "problems"))
	}
	if len(probs) > 0 {
		return &exitError{ExitFailed}
	}
	return nil
}
