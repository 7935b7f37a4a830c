package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/pipeline"
	"github.com/seopipe/seopipe/verify"
)

// buildOptions are the flags of build and check.
type buildOptions struct {
	out      string
	siteURL  string
	jobs     int
	now      string
	drafts   bool
	future   bool
	report   string
	failFast bool
	offline  bool
	output   string // check --output: verify this output directory
	reported bool   // the report was written
	// cards is set for seopipe cards: render only the cards.
	cards *pipeline.CardOptions
}

// newBuildCmd makes build, check (check true) or, with cards true,
// cards: build's flags plus --theme, --only and --size, rendering only the
// cards and the contact sheet.
func newBuildCmd(env *Env, g *globalOptions, check, cards bool) *cobra.Command {
	o := &buildOptions{}
	var cardTheme string
	var cardOnly, cardSizes []string
	cmd := &cobra.Command{
		Use:   "build [CONTENT_DIR]",
		Short: "Build every output into the output directory",
		Long: `Build reads the posts under CONTENT_DIR (default: content.dir of the config) and
writes posts.json and the other outputs into the output directory. Problems with
single posts are reported as path:line: field: message; the other posts are still
built and the exit code is 1.`,
		Args: maxArgs(1),
	}
	if check {
		cmd.Use = "check [CONTENT_DIR]"
		cmd.Short = "Validate the posts and config; write nothing"
		cmd.Long = `Check reads and validates every post and the config as build would, reports every
problem, and writes nothing. Exit code 1 when any post has an error.`
	}
	if cards {
		cmd.Use = "cards [CONTENT_DIR]"
		cmd.Short = "Render only the social cards and cards/index.html"
		cmd.Long = `Cards renders the posts' social cards into the output directory's cards/
folder, and cards/index.html, a contact sheet of every card with its warnings.
Nothing else is written: run build to update posts.json and the head tags.
A card whose inputs did not change is not rendered again.`
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := g.check(); err != nil {
			return err
		}
		dir := ""
		if len(args) == 1 {
			dir = args[0]
		}
		if cards {
			o.cards = &pipeline.CardOptions{Theme: cardTheme, Sizes: cardSizes, Only: cardOnly}
		}
		err := runBuild(cmd, env, g, o, dir, check)
		if o.report != "" && !o.reported {
			// The run ended before it had a result (a usage or config
			// error): the report still says so.
			if werr := writeReport(abs(env.WorkDir, o.report), &pipeline.Result{}, err, "", ""); werr != nil {
				fmt.Fprintf(env.Stderr, "seopipe: report: %v\n", werr)
			}
		}
		return err
	}
	f := cmd.Flags()
	if !check {
		f.StringVar(&o.out, "out", "", "output directory (default: output.dir of the config, public)")
	} else {
		f.StringVar(&o.output, "output", "", "verify the files already in output directory `DIR` against the spec rules instead of the posts")
	}
	f.StringVar(&o.siteURL, "site-url", "", "absolute base URL of the site (overrides site.url)")
	f.IntVarP(&o.jobs, "jobs", "j", 0, "CPU workers (default: number of CPUs)")
	f.StringVar(&o.now, "now", "", "build clock: RFC 3339 time or YYYY-MM-DD (default: now)")
	f.BoolVar(&o.drafts, "drafts", false, "include drafts")
	f.BoolVar(&o.future, "future", false, "include posts dated after the build clock")
	f.StringVar(&o.report, "report", "", "write a JSON report of the run to `FILE`")
	f.BoolVar(&o.failFast, "fail-fast", false, "stop at the first post with an error")
	if !check {
		f.BoolVar(&o.offline, "offline", false, "take remote images from the cache only: no network")
	}
	if cards {
		f.StringVar(&cardTheme, "theme", "", "theme for every card: a built-in name or a theme file (overrides cards.theme and card.theme)")
		f.StringSliceVar(&cardOnly, "only", nil, "render only the cards of the posts of these `SLUG`s or keys (comma-separated or repeated)")
		f.StringSliceVar(&cardSizes, "size", nil, "card sizes to make: og, x, square (overrides cards.sizes)")
	}
	return cmd
}

func runBuild(cmd *cobra.Command, env *Env, g *globalOptions, o *buildOptions, dir string, check bool) error {
	ctx := cmd.Context()
	if o.jobs < 0 {
		return usagef("--jobs must be 0 (all CPUs) or more, got %d", o.jobs)
	}
	if o.output != "" {
		if dir != "" {
			return usagef("check --output verifies an output directory: give it no CONTENT_DIR")
		}
		return runVerify(env, g, o)
	}
	cfgPath := g.config
	if cfgPath == "" {
		cfgPath = env.Getenv("SEOPIPE_CONFIG")
	}
	if cfgPath != "" {
		cfgPath = abs(env.WorkDir, cfgPath)
	}
	cfg, err := config.Load(config.LoadOptions{Path: cfgPath, WorkDir: env.WorkDir, Getenv: env.Getenv})
	if err != nil {
		return err
	}
	contentDir := cfg.Resolve(cfg.Content.Dir)
	if dir != "" {
		contentDir = abs(env.WorkDir, dir)
	}
	outDir := cfg.Resolve(cfg.Output.Dir)
	if o.out != "" {
		outDir = abs(env.WorkDir, o.out)
	}
	if o.siteURL != "" {
		cfg.Site.URL = o.siteURL
		cfg.Override("site.url", "--site-url")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if st, err := os.Stat(contentDir); err != nil || !st.IsDir() {
		return usagef("content directory %s: not found (give CONTENT_DIR, or set content.dir)", rel(env.WorkDir, contentDir))
	}
	if !check {
		if err := cfg.RequireURL(); err != nil {
			return err
		}
		if outDir == contentDir {
			return usagef("the output directory %s is the content directory: output would overwrite the posts", outDir)
		}
	}
	now := time.Now()
	if o.now != "" {
		t, err := content.ParseDate(o.now, cfg.Location)
		if err != nil {
			return usagef("--now: %v", err)
		}
		now = t
	}
	if !check && env.LowerGC != nil {
		env.LowerGC()
	}
	rep := newReporter(env, g)
	res, runErr := pipeline.Run(ctx, pipeline.Options{
		Config:     cfg,
		ContentDir: contentDir,
		OutDir:     outDir,
		CacheDir:   cfg.Resolve(cfg.Cache.Dir),
		Now:        now,
		Drafts:     o.drafts,
		Future:     o.future,
		Jobs:       o.jobs,
		FailFast:   o.failFast,
		Offline:    o.offline,
		CheckOnly:  check,
		Cards:      o.cards,
		CardsOnly:  o.cards != nil,
		Reporter:   rep,
	})
	rep.close()
	if res == nil {
		return runErr
	}
	printProblems(env, g, res, rel(env.WorkDir, contentDir), rel(env.WorkDir, outDir))
	reportFailed := false
	if o.report != "" {
		o.reported = true
		if err := writeReport(abs(env.WorkDir, o.report), res, runErr, rel(env.WorkDir, contentDir), rel(env.WorkDir, outDir)); err != nil {
			fmt.Fprintf(env.Stderr, "seopipe: report: %v\n", err)
			reportFailed = true
		}
	}
	if runErr != nil {
		return runErr
	}
	if !g.quiet {
		printSummary(env.Stderr, res, rel(env.WorkDir, outDir), check, g.verbose)
	}
	if res.Errors() > 0 || res.Stopped || reportFailed {
		return &exitError{ExitFailed}
	}
	return nil
}

// printProblems prints errors always and warnings unless quiet, each as
// "path:line: field: message" with the path relative to the working
// directory; under GitHub Actions also as workflow annotations.
func printProblems(env *Env, g *globalOptions, res *pipeline.Result, contentRel, outRel string) {
	printList(env, g, res.Problems, contentRel)
	printList(env, g, res.OutputProblems, outRel)
}

// printList prints problems whose paths are relative to dir.
func printList(env *Env, g *globalOptions, probs []diag.Problem, dir string) {
	gh := env.Getenv("GITHUB_ACTIONS") == "true"
	for _, p := range probs {
		if p.Severity == diag.Warning && g.quiet {
			continue
		}
		p = relocate(p, dir)
		prefix := ""
		if p.Severity == diag.Warning {
			prefix = "warning: "
		}
		fmt.Fprintln(env.Stderr, prefix+p.Error())
		if gh {
			kind := "error"
			if p.Severity == diag.Warning {
				kind = "warning"
			}
			fmt.Fprintln(env.Stdout, annotation(kind, p))
		}
	}
}

// relocate makes p's paths, relative to dir, relative to the working
// directory: the file it is about and the other file it names.
func relocate(p diag.Problem, dir string) diag.Problem {
	rel := func(path string) string { return filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(path))) }
	if p.Path != "" && !p.PathAsGiven {
		p.Path = rel(p.Path)
	}
	if p.Other.Path != "" {
		p.Other.Path = rel(p.Other.Path)
	}
	return p
}

// annotation formats a GitHub Actions workflow command for p.
func annotation(kind string, p diag.Problem) string {
	esc := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	escProp := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	msg := p.Text()
	if p.Field != "" {
		msg = p.Field + ": " + msg
	}
	s := "::" + kind
	if p.Path != "" {
		s += " file=" + escProp.Replace(p.Path)
		if p.Line > 0 {
			s += fmt.Sprintf(",line=%d", p.Line)
		}
	}
	return s + "::" + esc.Replace(msg)
}

func printSummary(w io.Writer, res *pipeline.Result, outRel string, check bool, verbose bool) {
	posts := res.Found - res.Sections - res.Headless
	fmt.Fprintf(w, "seopipe: %d %s found: %d published, %d %s, %d future, ",
		posts, plural(posts, "post", "posts"), res.Published, res.Drafts, plural(res.Drafts, "draft", "drafts"), res.Future)
	if res.Expired > 0 { // only sites that use expiryDate have any
		fmt.Fprintf(w, "%d expired, ", res.Expired)
	}
	fmt.Fprintf(w, "%d failed", res.Failed)
	if res.Sections > 0 {
		fmt.Fprintf(w, "; %d section %s", res.Sections, plural(res.Sections, "page", "pages"))
	}
	if res.Headless > 0 {
		fmt.Fprintf(w, "; %d headless %s", res.Headless, plural(res.Headless, "bundle", "bundles"))
	}
	fmt.Fprintln(w)
	if errs := res.Errors(); errs > 0 || len(res.Problems) > 0 {
		warns := len(res.Problems) + len(res.OutputProblems) - errs
		fmt.Fprintf(w, "  %d %s, %d %s\n", errs, plural(errs, "error", "errors"), warns, plural(warns, "warning", "warnings"))
	}
	if res.Stopped {
		fmt.Fprintln(w, "  stopped at the first error (--fail-fast); nothing was written")
	}
	if !check && !res.Stopped {
		fmt.Fprintf(w, "  %d %s in %s: %d written, %d unchanged, %s", len(res.Files), plural(len(res.Files), "file", "files"),
			outRel, res.Written, res.Unchanged, humanBytes(res.Bytes))
		if res.Removed > 0 {
			fmt.Fprintf(w, "; %d stale %s removed", res.Removed, plural(res.Removed, "file", "files"))
		}
		fmt.Fprintln(w)
		if res.ParsedFromCache > 0 || res.PostsKept > 0 || res.FindingsReused > 0 {
			fmt.Fprintf(w, "  reused from the last build: %d of %d parsed %s, the SEO files of %d of %d %s",
				res.ParsedFromCache, res.Found, plural(res.Found, "file", "files"), res.PostsKept, res.Published, plural(res.Published, "post", "posts"))
			if res.FindingsReused > 0 { // 0 too when no self-check ran (seopipe cards)
				fmt.Fprintf(w, ", the self-check's findings on %d", res.FindingsReused)
			}
			fmt.Fprintln(w)
		}
		if im := res.Images; im.Sources > 0 {
			fmt.Fprintf(w, "  %d %s: %d processed, %d from the cache", im.Sources, plural(im.Sources, "image", "images"), im.Processed, im.Reused)
			if n := im.Downloaded + im.Cached + im.Revalidated + im.Stale; n > 0 {
				fmt.Fprintf(w, "; remote: %d downloaded, %d cached, %d revalidated", im.Downloaded, im.Cached, im.Revalidated)
				if im.Stale > 0 {
					fmt.Fprintf(w, ", %d stale", im.Stale)
				}
			}
			if im.Failed > 0 {
				fmt.Fprintf(w, "; %d failed", im.Failed)
			}
			fmt.Fprintln(w)
		}
		if c := res.Cards; c.Cards > 0 {
			fmt.Fprintf(w, "  %d %s: %d rendered, %d from the cache", c.Cards, plural(c.Cards, "card", "cards"), c.Rendered, c.Reused)
			if c.Shrunk > 0 || c.Cut > 0 {
				fmt.Fprintf(w, "; %d with the title shrunk, %d cut (see the warnings and cards/index.html)", c.Shrunk, c.Cut)
			}
			fmt.Fprintln(w)
		}
	}
	var parts []string
	for _, s := range res.Stages {
		parts = append(parts, fmt.Sprintf("%s %s", s.Name, roundDur(s.Elapsed)))
	}
	fmt.Fprintf(w, "  %s in %s (%s)\n", map[bool]string{true: "checked", false: "built"}[check], roundDur(res.Elapsed), strings.Join(parts, ", "))
	if verbose && !check {
		// What changed in the output directory, as a deploy would see it.
		for _, l := range []struct {
			mark  string
			files []string
		}{{"written", res.WrittenFiles}, {"removed", res.RemovedFiles}} {
			for _, f := range l.files {
				fmt.Fprintf(w, "  %s %s\n", l.mark, filepath.ToSlash(filepath.Join(outRel, f)))
			}
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func roundDur(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
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

// runVerify is "check --output DIR": the spec rules on files already written.
func runVerify(env *Env, g *globalOptions, o *buildOptions) error {
	dir := abs(env.WorkDir, o.output)
	// The build's clock is not in its output (posts.json would change on
	// every build): without --now the checks that need it are made
	// without it (verify.Options.Now).
	var now time.Time
	if o.now != "" {
		t, err := content.ParseDate(o.now, time.UTC)
		if err != nil {
			return usagef("--now: %v", err)
		}
		now = t
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usagef("output directory %s: not found", rel(env.WorkDir, dir))
	}
	t0 := time.Now()
	probs, err := verify.Dir(os.DirFS(dir), verify.Options{Now: now})
	if err != nil {
		return err
	}
	printList(env, g, probs, rel(env.WorkDir, dir))
	if o.report != "" {
		// The problems go into the report as a build's output problems do.
		o.reported = true
		res := &pipeline.Result{OutputProblems: probs, Elapsed: time.Since(t0)}
		if err := writeReport(abs(env.WorkDir, o.report), res, nil, "", rel(env.WorkDir, dir)); err != nil {
			fmt.Fprintf(env.Stderr, "seopipe: report: %v\n", err)
			return &exitError{ExitFailed}
		}
	}
	if !g.quiet {
		fmt.Fprintf(env.Stderr, "seopipe: verified %s in %s: %d %s\n", rel(env.WorkDir, dir), roundDur(time.Since(t0)),
			len(probs), plural(len(probs), "problem", "problems"))
	}
	if len(probs) > 0 {
		return &exitError{ExitFailed}
	}
	return nil
}
