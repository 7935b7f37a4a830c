package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/pipeline"
)

// SiteOptions are what build, check and cards share: the global flags,
// the CONTENT_DIR argument and the flags that choose and date the posts.
type SiteOptions struct {
	Global GlobalOptions
	// ContentDir is the CONTENT_DIR argument; "" for content.dir of the config.
	ContentDir string
	SiteURL    string // --site-url, over site.url
	Jobs       int    // --jobs; 0 for every CPU
	// Now is --now as given: it is read in the site's time zone, which
	// the config names.
	Now      string
	Drafts   bool
	Future   bool
	Report   string // --report FILE
	FailFast bool
}

func (o *SiteOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.SiteURL, "site-url", "", "absolute base URL of the site (overrides site.url)")
	f.IntVarP(&o.Jobs, "jobs", "j", 0, "CPU workers (default: number of CPUs)")
	f.StringVar(&o.Now, "now", "", "build clock: RFC 3339 time or YYYY-MM-DD (default: now)")
	f.BoolVar(&o.Drafts, "drafts", false, "include drafts")
	f.BoolVar(&o.Future, "future", false, "include posts dated after the build clock")
	f.StringVar(&o.Report, "report", "", "write a JSON report of the run to `FILE`")
	f.BoolVar(&o.FailFast, "fail-fast", false, "stop at the first post with an error")
}

func (o *SiteOptions) validate() error {
	if o.Jobs < 0 {
		return usagef("--jobs must be 0 (all CPUs) or more, got %d", o.Jobs)
	}
	return nil
}

// WriteOptions are the flags of the commands that write output: build
// and cards.
type WriteOptions struct {
	Out     string // --out; "" for output.dir of the config
	Offline bool
	// NoWait is --no-wait: fail at once when another process holds the
	// lock on the output or cache directory, instead of waiting.
	NoWait bool
}

func (o *WriteOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Out, "out", "", "output directory (default: output.dir of the config, public)")
	f.BoolVar(&o.Offline, "offline", false, "take remote images from the cache only: no network")
	f.BoolVar(&o.NoWait, "no-wait", false, "exit 1 at once when another build holds the output or cache directory, instead of waiting for it")
}

// siteOptions is what siteRunE needs of the options of build, check and
// cards.
type siteOptions interface {
	site() *SiteOptions
	validate() error
}

func (o *SiteOptions) site() *SiteOptions { return o }

// siteRunE is the RunE of build, check and cards: it fills opts from the
// global flags and the CONTENT_DIR argument, validates them, then hands
// them to runF, when set (tests), or to run. A usage error found by
// validate is also written to the --report file.
func siteRunE[O siteOptions](env *Env, g *GlobalOptions, opts O, runF func(O) error, run func(context.Context, *Env, O) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := g.check(); err != nil {
			return err
		}
		site := opts.site()
		site.Global = *g
		if len(args) == 1 {
			site.ContentDir = args[0]
		}
		if err := opts.validate(); err != nil {
			return reportUnstarted(env, site.Report, err)
		}
		if runF != nil {
			return runF(opts)
		}
		return run(cmd.Context(), env, opts)
	}
}

// mode is what a run of the pipeline makes.
type mode int

const (
	modeBuild mode = iota // every output (seopipe build)
	modeCheck             // nothing: the problems alone (seopipe check)
	modeCards             // the cards and their contact sheet (seopipe cards)
)

// pipelineRun is one run of the pipeline, as build, check and cards ask
// for it.
type pipelineRun struct {
	mode  mode
	site  SiteOptions
	write WriteOptions          // build and cards
	cards *pipeline.CardOptions // cards: --theme, --size and --only
	urls  *urlsList             // urls: the list it writes to stdout
}

// runPipeline loads the config, runs the pipeline, prints its problems
// and summary and writes the report; the error says how the run ended
// (see exitCode).
func runPipeline(ctx context.Context, env *Env, r pipelineRun) error {
	opts, err := r.options(env)
	if err != nil {
		return reportUnstarted(env, r.site.Report, err)
	}
	if r.mode != modeCheck {
		// A check writes nothing: it takes no lock.
		locks, err := lockDirs(ctx, env, opts.OutDir, opts.CacheDir, r.write.NoWait)
		if err != nil {
			return reportUnstarted(env, r.site.Report, err)
		}
		defer locks.release()
		if env.LowerGC != nil {
			env.LowerGC()
		}
	}
	rep := newReporter(env, r.site.Global)
	opts.Reporter = rep
	opts.WallClock = env.WallClock
	res, runErr := pipeline.Run(ctx, opts)
	rep.close()
	if res == nil {
		return reportUnstarted(env, r.site.Report, runErr)
	}
	contentRel, outRel := rel(env.WorkDir, opts.ContentDir), rel(env.WorkDir, opts.OutDir)
	if res.Recovered > 0 && !r.site.Global.Quiet {
		fmt.Fprintf(env.Stderr, "seopipe: %s held the commit of a run killed during it: completed first (%d renamed)\n", diag.Escape(outRel), res.Recovered)
	}
	if opts.Generator != nil && !r.site.Global.Quiet {
		fmt.Fprintf(env.Stderr, "seopipe: %s\n", generatorLine(env.WorkDir, opts.Generator))
	}
	printProblems(env, r.site.Global.Quiet, res, contentRel, outRel)
	if r.urls != nil && runErr == nil {
		if err := r.urls.write(env.Stdout, res.Posts); err != nil {
			return fmt.Errorf("writing the list: %w", err)
		}
	}
	reportFailed := false
	if r.site.Report != "" {
		if err := writeReport(abs(env.WorkDir, r.site.Report), res, runErr, contentRel, outRel); err != nil {
			fmt.Fprintf(env.Stderr, "seopipe: report: %v\n", err)
			reportFailed = true
		}
	}
	if runErr != nil {
		return runErr
	}
	if !r.site.Global.Quiet {
		printSummary(env.Stderr, res, outRel, r.mode, r.site.Global.Verbose)
	}
	if res.Unchecked {
		// Not 130: that says the previous output is in place. The build's
		// own code says how it went.
		fmt.Fprintf(env.Stderr, "seopipe: interrupted while checking the output; the new output was written, but not checked (seopipe check --output %s checks it)\n", diag.Escape(outRel))
	}
	if res.Errors() > 0 || res.Stopped || reportFailed {
		return &exitError{ExitFailed}
	}
	return nil
}

// options loads and validates the config, with the flags over it, into
// the pipeline's options (all but the Reporter).
func (r pipelineRun) options(env *Env) (pipeline.Options, error) {
	cfgPath := r.site.Global.Config
	if cfgPath == "" {
		cfgPath = env.Getenv("SEOPIPE_CONFIG")
	}
	if cfgPath != "" {
		cfgPath = abs(env.WorkDir, cfgPath)
	}
	cfg, err := config.Load(config.LoadOptions{Path: cfgPath, WorkDir: env.WorkDir, Getenv: env.Getenv})
	if err != nil {
		return pipeline.Options{}, err
	}
	contentDir := cfg.Resolve(cfg.Content.Dir)
	if r.site.ContentDir != "" {
		contentDir = abs(env.WorkDir, r.site.ContentDir)
	}
	outDir := cfg.Resolve(cfg.Output.Dir)
	if r.write.Out != "" {
		outDir = abs(env.WorkDir, r.write.Out)
	}
	if r.site.SiteURL != "" {
		cfg.Site.URL = r.site.SiteURL
		cfg.Override("site.url", "--site-url")
	}
	var gen generator.Site
	var genProbs []diag.Problem
	if err := cfg.Validate(); err != nil {
		return pipeline.Options{}, err
	}
	// The Hugo or Jekyll project the site is (site.generator), read after
	// the config is valid (its generator key too) and validated again
	// with what the project's config filled in.
	gen, genProbs, err = findGenerator(env.WorkDir, cfg, []string{cfg.Dir, contentDir})
	if err != nil {
		return pipeline.Options{}, err
	}
	if gen != nil {
		if err := cfg.Validate(); err != nil {
			return pipeline.Options{}, err
		}
		contentDir = gen.Root() // the posts are its Roots', by their path from it
	} else if st, err := os.Stat(contentDir); err != nil || !st.IsDir() {
		return pipeline.Options{}, usagef("content directory %s: not found (give CONTENT_DIR, or set content.dir)", rel(env.WorkDir, contentDir))
	}
	if r.mode != modeCheck {
		if err := cfg.RequireURL(); err != nil {
			return pipeline.Options{}, err
		}
		if outDir == contentDir {
			return pipeline.Options{}, usagef("the output directory %s is the content directory: output would overwrite the posts", outDir)
		}
		if err := checkOutDir(env.WorkDir, outDir); err != nil {
			return pipeline.Options{}, err
		}
	}
	now := time.Now()
	if r.site.Now != "" {
		t, err := content.ParseDate(r.site.Now, cfg.Location)
		if err != nil {
			return pipeline.Options{}, usagef("--now: %v", err)
		}
		now = t
	}
	drafts, future, expired := r.site.Drafts, r.site.Future, false
	if gen != nil {
		// The generator's own switches (buildDrafts, future: true,
		// buildExpired) publish what it publishes.
		info := gen.Info()
		drafts, future, expired = drafts || info.Drafts, future || info.Future, info.Expired
	}
	return pipeline.Options{
		Config:            cfg,
		Generator:         gen,
		GeneratorProblems: genProbs,
		ContentDir:        contentDir,
		OutDir:            outDir,
		CacheDir:          cfg.Resolve(cfg.Cache.Dir),
		Now:               now,
		Drafts:            drafts,
		Future:            future,
		Expired:           expired,
		Jobs:              r.site.Jobs,
		FailFast:          r.site.FailFast,
		Offline:           r.write.Offline,
		CheckOnly:         r.mode == modeCheck,
		Cards:             r.cards,
		CardsOnly:         r.mode == modeCards,
	}, nil
}

// checkOutDir returns a usage error when dir cannot be the output
// directory because it, or the nearest of its parents that exists, is not
// a directory (a file given to --out): the build would create it, or the
// directories up to it, and fail. Other errors (permissions) are left for
// the build to report.
func checkOutDir(wd, dir string) error {
	for p := dir; ; {
		if st, err := os.Stat(p); err == nil {
			switch {
			case st.IsDir():
				return nil
			case p == dir:
				return usagef("output directory %s: not a directory", rel(wd, dir))
			}
			return usagef("output directory %s: %s is not a directory", rel(wd, dir), rel(wd, p))
		}
		parent := filepath.Dir(p)
		if parent == p {
			return nil
		}
		p = parent
	}
}

// reportUnstarted writes the --report file, when asked for, of a run that
// ended before it had a result (a usage or config error), and returns
// err.
func reportUnstarted(env *Env, report string, err error) error {
	if report == "" {
		return err
	}
	if werr := writeReport(abs(env.WorkDir, report), &pipeline.Result{}, err, "", ""); werr != nil {
		fmt.Fprintf(env.Stderr, "seopipe: report: %v\n", werr)
	}
	return err
}
