// Package pipeline runs a build: it is the only package that starts
// goroutines. A run is a list of steps executed in order, with a
// cancellation check between them; a few steps that do not depend on each
// other run at the same time as one group (see step.beside). Inside a
// step, per-post work runs on bounded pools (see Pools). Problems with
// single posts are collected while the run goes on; the output is staged
// in an outfs transaction that is committed only when every step has
// finished, so an interrupted or failed run leaves the previous output
// untouched.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/buildcache"
	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/internal/sitefiles"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// Options configures one run.
type Options struct {
	// Config is the validated configuration.
	Config *config.Config
	// Generator is the Hugo or Jekyll project the site is, or nil for
	// seopipe's own rules (site.generator: none, or none found). With
	// one, ContentDir is its Root: the posts are the Markdown files of its
	// Roots, each Source relative to Root, and their URLs are the ones
	// the generator gives them (site.Select with its Pages).
	Generator generator.Site
	// GeneratorProblems are what reading the generator's project found
	// (warnings, or errors that fail a post), reported with the posts'.
	GeneratorProblems []diag.Problem
	// ContentDir, OutDir and CacheDir are absolute directories. A run
	// that writes expects its caller to hold the locks on OutDir and
	// CacheDir (internal/lockfile), as the CLI does: no other build
	// writes into them while it runs.
	ContentDir string
	OutDir     string
	CacheDir   string
	// Now is the build clock: posts dated after it are "future".
	Now time.Time
	// Drafts, Future and Expired include drafts, future-dated posts and
	// posts whose expiryDate has come (Expired: Hugo's buildExpired).
	Drafts  bool
	Future  bool
	Expired bool
	// Jobs and NetJobs size the CPU and network pools (0: defaults).
	Jobs    int
	NetJobs int
	// Offline takes remote images from the cache only.
	Offline bool
	// FetchClock is the clock of the fetch cache's TTL (nil: time.Now);
	// tests set it. It is not Now: the build clock may be pinned in the past.
	FetchClock func() time.Time
	// FetchTransport replaces the network for remote images (tests only:
	// the network guard does not apply to it).
	FetchTransport http.RoundTripper
	// WallClock judges how recent output files are (nil: time.Now): a
	// file written moments before the build recorded it is compared by
	// content next time, not trusted by its time (see
	// buildcache.FileStamp). Tests set it ahead.
	WallClock func() time.Time
	// Cards overrides the cards config (seopipe cards --theme, --size,
	// --only); nil: none.
	Cards *CardOptions
	// CardsOnly renders the cards alone (seopipe cards): no other output
	// is written, and stale files are looked for under cards/ only.
	CardsOnly bool
	// FailFast stops at the first post with an error.
	FailFast bool
	// CheckOnly validates and writes nothing.
	CheckOnly bool
	// Reporter receives progress; nil reports nothing.
	Reporter Reporter

	// decodeHook, for tests, is told the bytes of images.maxMemory each
	// image's decode takes (positive) and gives back (negative).
	decodeHook func(delta int64)
}

// CardOptions are the command line's say over the cards.
type CardOptions struct {
	Theme string   // a theme for every post, over cards.theme and card.theme
	Sizes []string // over cards.sizes
	Only  []string // slugs or keys: render only these posts' cards
}

// Reporter receives progress. The pipeline calls it from several goroutines;
// implementations must be safe for concurrent use.
type Reporter interface {
	// StageStart announces a stage with total items (0 when unknown).
	StageStart(stage string, total int)
	// Advance reports n more items done in the stage.
	Advance(stage string, n int)
	// StageDone closes the stage, which handled items items.
	StageDone(stage string, items int, elapsed time.Duration)
}

// StageTime is how long one stage took.
type StageTime struct {
	Name    string        `json:"name"`
	Items   int           `json:"items"`
	Elapsed time.Duration `json:"elapsedNs"`
}

// Result is what a run did. It is filled even when the run fails.
type Result struct {
	Found     int // Markdown files found (section pages included)
	Sections  int // _index.md section pages
	Published int // posts in the output
	Drafts    int // drafts left out
	Future    int // future-dated posts left out
	Expired   int // posts whose expiryDate has come, left out
	Headless  int // Hugo's headless bundles (headless: true): no pages, left out
	// NotPosts counts the files of a generator's Roots that are not its
	// posts (no page, or a page outside the posts' sections), left out.
	NotPosts int
	Failed   int // posts left out because of errors
	// Posts are the published posts in manifest order (newest first),
	// as far as the steps that ran resolved them: a check gives each its
	// key, path and URL; a build the whole page every output renders.
	Posts []*site.Page
	// SectionPages are the _index.md pages, by source path.
	SectionPages []*post.Post
	// Problems are every error and warning, sorted by path and line.
	Problems []diag.Problem
	// OutputProblems are what verifying the written output found; their
	// paths are relative to the output directory. All are errors.
	OutputProblems []diag.Problem
	// Files are the output files (written or unchanged), sorted.
	Files     []string
	Written   int
	Unchanged int
	// ParsedFromCache counts the files whose parse the last run kept.
	ParsedFromCache int
	// PostsVerified counts the posts whose own files the self-check read;
	// FindingsReused those whose finding was the last build's (every post
	// when the self-check was reused whole).
	PostsVerified, FindingsReused int
	// PostsKept counts the posts whose SEO files were kept as the last
	// build into this output directory wrote them, without rendering.
	PostsKept int
	// Removed counts stale files of the previous build deleted.
	Removed int
	// WrittenFiles are the Files written by this run (the others were
	// unchanged), and RemovedFiles the stale ones deleted; both sorted.
	WrittenFiles, RemovedFiles []string
	// VerifyReused is set when no output file changed since the last
	// verification of these very files: its finding was reused.
	VerifyReused bool
	Bytes        int64
	// Images counts what the images stage did.
	Images ImageStats
	// Cards counts what the cards stage did.
	Cards   CardStats
	Stages  []StageTime
	Elapsed time.Duration
	// Stopped is set when FailFast stopped the run early.
	Stopped bool
	// Unchecked is set when the run was interrupted after its commit,
	// while the self-check read the output: the new output is in place
	// (not the previous one), but it was not checked. Run returns no
	// error then: the build is done, and its problems are in the Result.
	Unchecked bool
	// Recovered counts the files the run renamed into place, before
	// anything else, to complete the commit of an earlier run killed
	// during it (outfs.JournalName).
	Recovered int
}

// Errors counts the problems that are errors.
func (r *Result) Errors() int {
	n := len(r.OutputProblems)
	for _, p := range r.Problems {
		if p.Severity == diag.Error {
			n++
		}
	}
	return n
}

// errStop ends a fail-fast run at its first error.
var errStop = errors.New("stopped at the first error (--fail-fast)")

// run is the state one build passes from step to step.
type run struct {
	opts  Options
	pools *Pools
	tx    *outfs.Tx
	res   *Result

	mu  sync.Mutex // guards res.Problems and failed during concurrent steps
	all []*post.Post

	// files is the site every file read from it stays in (robots.txt, the
	// logo, the default image).
	files    *sitefiles.Site
	measurer *measurer
	site     *site.Site
	// posts are the published posts (res.Posts), each with what the steps
	// made of it so far.
	posts []*postState
	// translationDups are the posts left out of their translation group:
	// another post of the group has their language.
	translationDups map[string]bool
	// cardSetup is the fonts and themes, loaded before any work so a bad
	// font or theme fails the run at once.
	cardSetup *cardSetup

	// parseKeys are the posts' parse keys: what a post was made from.
	parseKeys map[*post.Post]string
	// localFiles are the files the posts' local images resolve to.
	localFiles map[*post.Post]content.LocalFiles

	// What the last build into this output directory recorded: its post
	// records and its posts.json stamp (recordsStep).
	prev *buildcache.PostRecords
	// verifyCached is the self-check's cache, when verifyCacheStep read
	// it.
	verifyCached *buildcache.VerifyCache
	// kept counts the posts whose SEO files were kept.
	kept atomic.Int64
	// wroteImages holds the digest of every image and card file this run
	// wrote (rel -> hex SHA-256), for the self-check (knownSums).
	wroteImages sync.Map
	// manifestHead is the digest of posts.json's head; oldManifest is set
	// when the last posts.json is as that build left it (its entries can
	// be copied); manifestKept when it was kept whole; manifestSum is the
	// digest of the posts.json now in place.
	manifestHead string
	oldManifest  bool
	manifestKept bool
	manifestSum  string

	// failed marks posts (by source) with an error: they are left out.
	failed map[string]bool
	// cacheWrites counts the writes to the cache that failed.
	cacheWrites cacheWrites
}

// problem records ps. Posts with an error are marked failed.
func (r *run) problem(ps ...diag.Problem) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range ps {
		r.res.Problems = append(r.res.Problems, p)
		if p.Severity == diag.Error {
			r.failed[p.Path] = true
		}
	}
}

// configWarning is a warning at key of the config file, whose path is
// shown as given, not under the content directory.
func configWarning(cfg *config.Config, key, format string, args ...any) diag.Problem {
	return diag.Problem{Path: cfg.Name(), PathAsGiven: true, Line: cfg.Line(key), Field: key, Severity: diag.Warning,
		Message: fmt.Sprintf(format, args...)}
}

// cacheWarning is a warning about the cache directory, shown as given: a
// cache that cannot be read or written only makes the next run slower.
func cacheWarning(dir, format string, args ...any) diag.Problem {
	return diag.Problem{Path: dir, PathAsGiven: true, Severity: diag.Warning, Message: fmt.Sprintf(format, args...)}
}

// failFast, under FailFast, keeps only the problems of the first file (in
// path order) that has an error, and reports whether the run must stop.
// Steps run to their end first, so the error reported is the same on every
// run whatever order the workers finished in.
func (r *run) failFast() bool {
	if !r.opts.FailFast || !diag.HasErrors(r.res.Problems) {
		return false
	}
	diag.Sort(r.res.Problems)
	first := ""
	for _, p := range r.res.Problems {
		if p.Severity == diag.Error {
			first = p.Path
			break
		}
	}
	r.res.Problems = slices.DeleteFunc(r.res.Problems, func(p diag.Problem) bool { return p.Path != first })
	return true
}

// removeTemps removes the temporary files a killed run left in the output
// and cache dirs (outfs.RemoveTemps: ours by name, older than this run's
// start, their process gone), so that a deploy does not publish them.
func (r *run) removeTemps(start time.Time) {
	for _, dir := range []string{r.opts.OutDir, r.opts.CacheDir} {
		removed, err := outfs.RemoveTemps(dir, start)
		if len(removed) > 0 {
			r.res.Problems = append(r.res.Problems, cacheWarning(dir, "removed %d temporary files a killed run left", len(removed)))
		}
		if err != nil {
			r.res.Problems = append(r.res.Problems, cacheWarning(dir, "removing a killed run's temporary files: %v", err))
		}
	}
}

// markCache makes sure the cache directory can be written, before a build
// writes to it (cache.Usable); tests replace it to inject a failure.
var markCache = cache.Usable

// Run builds (or, with CheckOnly, checks) the site. It returns an error only
// when the run could not finish: the context was cancelled (ctx.Err()), or
// the output could not be written. Problems with posts are in the Result.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Config == nil {
		return nil, errors.New("pipeline: no config")
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	netJobs := opts.NetJobs
	if netJobs <= 0 {
		netJobs = opts.Config.Images.Concurrency
	}
	r := &run{opts: opts, pools: NewPools(opts.Jobs, netJobs), res: &Result{}, failed: map[string]bool{}, files: siteFiles(opts.Config, opts.ContentDir)}
	r.measurer = newMeasurer(r.files)
	if !opts.CheckOnly {
		var err error
		if opts.CacheDir != "" {
			err = markCache(opts.CacheDir)
		}
		if opts.CacheDir == "" || err != nil {
			// The cache is a speed-up: a build without one only takes
			// longer. Derived files are made in a temporary directory.
			if err != nil {
				r.res.Problems = append(r.res.Problems, cacheWarning(opts.CacheDir, "%v; building without the cache", err))
			}
			tmp, err := os.MkdirTemp("", "seopipe-cache-")
			if err != nil {
				return r.res, fmt.Errorf("temporary cache dir: %w", err)
			}
			defer os.RemoveAll(tmp)
			opts.CacheDir, r.opts.CacheDir = tmp, tmp
		}
	}
	if !opts.CheckOnly {
		tx, err := outfs.Begin(opts.OutDir)
		if err != nil {
			return r.res, err
		}
		r.tx = tx
		r.res.Recovered = tx.Recovered()
		if buildcache.Started(opts.CacheDir, opts.OutDir) {
			r.removeTemps(start)
		}
		defer func() {
			tx.Rollback() // no-op after Commit
			// This run's temporary files are gone: the next run need not
			// look for any (buildcache.Started).
			_ = buildcache.Ended(opts.CacheDir, opts.OutDir)
		}()
	}
	var named []byte // the files the previous posts.json names, when no record lists them
	if !opts.CheckOnly {
		named = buildcache.Unrecorded(opts.CacheDir, opts.OutDir) // before the commit replaces posts.json
	}
	cs, err := r.setupCards()
	if err != nil {
		return r.res, err
	}
	r.cardSetup = cs
	defer r.cacheWrites.close()
	err = r.runSteps(ctx)
	r.res.Problems = append(r.res.Problems, r.cacheWrites.problems(opts.CacheDir)...)
	diag.Sort(r.res.Problems)
	r.res.Elapsed = time.Since(start)
	if errors.Is(err, errStop) {
		r.res.Stopped = true
		// The counts of the steps that did not run are unknown; the
		// posts whose errors are reported have failed.
		bad := map[string]bool{}
		for _, p := range r.res.Problems {
			if p.Severity == diag.Error && p.Path != "" {
				bad[p.Path] = true
			}
		}
		r.res.Failed = max(r.res.Failed, len(bad))
		return r.res, nil // nothing is committed: the previous output stays
	}
	if err != nil {
		return r.res, err
	}
	if ctx.Err() != nil {
		return r.res, ctx.Err()
	}
	if r.tx != nil {
		r.res.Files = r.tx.Files()
		scope, remove := "", true
		if opts.CardsOnly {
			// Cards the previous build's head tags, JSON-LD, sitemap and
			// feeds still name must not go: seopipe cards only adds to the
			// record, and the next build removes what is stale.
			scope, remove = "cards/", false
		}
		// The stale files go in the commit, after the renames and in the
		// same journal: a kill cannot leave half of them.
		stale, err := buildcache.PlanStale(opts.CacheDir, opts.OutDir, r.res.Files, scope, remove, named)
		if err != nil {
			return r.res, err
		}
		if err := stale.Widen(); err != nil {
			// Only a run killed during this commit would leave files no
			// record names, for good.
			r.res.Problems = append(r.res.Problems, cacheWarning(opts.CacheDir, "%v", err))
		}
		if err := r.tx.Remove(stale.Remove); err != nil {
			return r.res, err
		}
		// Renames in different directories need not wait for each other:
		// on the files pool, about twice as fast as one after another.
		// Not cancelled: a commit stopped half-way would mix old and new
		// output (and a killed one is completed by the next run).
		st, err := r.tx.CommitEach(func(n int, rename func(i int)) {
			_ = r.pools.eachFile(context.WithoutCancel(ctx), n, func(_ context.Context, i int) error {
				rename(i)
				return nil
			})
		})
		r.res.Written, r.res.Unchanged, r.res.Bytes, r.res.WrittenFiles = st.Written, st.Unchanged, st.Bytes, st.WrittenFiles
		r.res.Removed, r.res.RemovedFiles = len(st.Removed), st.Removed
		if err != nil {
			return r.res, err
		}
		if err := stale.Save(st.NotRemoved); err != nil {
			return r.res, err
		}
		// The post records are saved while the output is checked: neither
		// reads what the other writes.
		saved := make(chan error, 1)
		go func() { saved <- r.savePostRecords() }()
		recordsSaved := func() {
			if err := <-saved; err != nil {
				// Only the next build is slower for it.
				r.res.Problems = append(r.res.Problems, cacheWarning(opts.CacheDir, "%v", err))
			}
		}
		if opts.CardsOnly {
			recordsSaved()
			r.res.Elapsed = time.Since(start)
			return r.res, nil // the other outputs were not rebuilt: nothing to check them against
		}
		t0 := time.Now()
		err = r.selfCheck(ctx, len(st.Removed))
		recordsSaved()
		if err != nil && ctx.Err() != nil {
			r.res.Unchecked = true
			r.res.Elapsed = time.Since(start)
			return r.res, nil
		}
		if err != nil {
			return r.res, err
		}
		d := time.Since(t0)
		r.res.Stages = append(r.res.Stages, StageTime{Name: "verify", Items: len(r.res.Files), Elapsed: d})
		if opts.Reporter != nil {
			opts.Reporter.StageDone("verify", len(r.res.Files), d)
		}
	}
	r.res.Elapsed = time.Since(start)
	return r.res, nil
}

func (r *run) wallClock() time.Time {
	if r.opts.WallClock != nil {
		return r.opts.WallClock()
	}
	return time.Now()
}

// loadStep finds, reads and parses every file on the CPU pool.
func loadStep(ctx context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	skip := []string{r.opts.OutDir, r.opts.CacheDir}
	// The parse cache is decoded while the content dir is walked. A check
	// writes nothing, the cache included, so it parses every file.
	cacheDir := r.opts.CacheDir
	if r.opts.CheckOnly {
		cacheDir = ""
	}
	// A Jekyll site's _config.yml, read on every run: a post that did not
	// change reads differently when the site's excerpt_separator did.
	// With a generator that reads it (Jekyll's), the site-wide
	// excerpt_separator is the generator's.
	var jekyll content.JekyllConfig
	if es, ok := r.opts.Generator.(interface{ ExcerptSeparator() *string }); ok {
		jekyll.ExcerptSeparator = es.ExcerptSeparator()
	} else {
		var jprobs []diag.Problem
		jekyll, jprobs = content.ReadJekyllConfig(r.opts.ContentDir)
		r.problem(jprobs...)
	}
	popts := content.ParseOptions{
		Location:         cfg.Location,
		DefaultLang:      cfg.Site.Language,
		DefaultAuthor:    cfg.Site.Author,
		SkipHTML:         r.opts.CheckOnly,
		RootName:         filepath.Base(r.opts.ContentDir),
		ExcerptSeparator: jekyll.ExcerptSeparator,
		Jekyll:           r.opts.Generator != nil && r.opts.Generator.Kind() == generator.Jekyll,
	}
	if d, ok := r.opts.Generator.(interface{ Defaults(string) map[string]any }); ok && popts.Jekyll {
		popts.Defaults = d.Defaults
	}
	pcc := make(chan *buildcache.ParseCache, 1)
	go func() { pcc <- buildcache.OpenParseCache(cacheDir, popts, decodeEach) }()
	sources, probs, err := walkRoots(ctx, r.opts, skip)
	pc := <-pcc
	if err != nil {
		return 0, err
	}
	r.res.Found = len(sources)
	r.problem(rooted(r.opts.GeneratorProblems)...)
	r.problem(probs...)
	r.res.Found += len(probs) // files refused by the walk are found and failed
	r.res.Failed += len(probs)
	r.start("load", len(sources))
	parsed := make([]*post.Post, len(sources))
	// unreadable marks the files that could not be read or parsed into a
	// post at all: failed posts that validateStep never sees.
	unreadable := make([]bool, len(sources))
	keys := make([]string, len(sources))
	err = r.pools.eachCPU(ctx, len(sources), func(ctx context.Context, i int) error {
		defer r.advance("load", 1)
		src := sources[i]
		st, stamped := pc.Stat(src.Abs, r.wallClock())
		if stamped {
			if p, ps, key, ok := pc.Unchanged(src.Rel, st); ok {
				parsed[i], keys[i] = p, key
				r.problem(ps...)
				return nil
			}
		}
		data, rp := content.ReadSource(src)
		if rp != nil {
			unreadable[i] = true
			r.problem(*rp)
			return nil
		}
		p, ps, key := pc.Parse(src.Rel, data)
		if stamped && p != nil {
			pc.Stamp(src.Rel, st, key)
		}
		parsed[i], keys[i] = p, key
		unreadable[i] = p == nil
		if p == nil && !diag.HasErrors(ps) {
			ps = append(ps, diag.Problem{Path: src.Rel, Message: "could not be read"})
		}
		r.problem(ps...)
		return nil
	})
	if err != nil {
		return len(sources), err
	}
	r.res.ParsedFromCache = pc.Hits()
	r.parseKeys = make(map[*post.Post]string, len(parsed))
	for i, p := range parsed {
		if p != nil {
			r.parseKeys[p] = keys[i]
		}
	}
	// Saved before any later step changes a post. A cache that cannot be
	// written only makes the next run slower: it is a warning.
	if err := pc.Save(); err != nil {
		r.problem(cacheWarning(r.opts.CacheDir, "%v", err))
	}
	// Local images are looked at on every run: a file beside the post may
	// have appeared or gone while the post stayed the same.
	r.problem(siteFileProblems(cfg, r.files)...)
	dirs := content.LocalDirs{Content: r.opts.ContentDir, Static: []string{cfg.Resolve(cfg.Content.Static)}, Site: cfg.Resolve(".")}
	files := make([]content.LocalFiles, len(parsed))
	err = r.pools.eachFile(ctx, len(parsed), func(_ context.Context, i int) error {
		if p := parsed[i]; p != nil {
			var probs []diag.Problem
			files[i], probs = content.CheckLocalImages(p, dirs)
			r.problem(probs...)
		}
		return nil
	})
	r.localFiles = make(map[*post.Post]content.LocalFiles, len(parsed))
	for i, p := range parsed {
		if p != nil {
			r.all = append(r.all, p)
			r.localFiles[p] = files[i]
		}
		if unreadable[i] {
			r.res.Failed++
		}
	}
	return len(sources), err
}
