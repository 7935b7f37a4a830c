package pipeline

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/seopipe/seopipe/internal/buildcache"
)

// step is one stage of a run. A step takes what the steps before it left
// in the run and leaves its own results there; the runner sequences the
// steps, so no step waits on another's goroutine.
type step struct {
	name string
	run  func(ctx context.Context, r *run) (items int, err error)
	// beside is set on a step that may run at the same time as the one
	// before it (sitemap, feeds and posts.json are each mostly one
	// goroutine's work). Such steps must not read what another step of
	// the group writes. What they write: sitemap, its files and problems
	// (under r.mu); feeds, its files, problems, and the AbsoluteHTML of
	// the feed pages, which nothing else in the group reads; manifest,
	// posts.json, r.manifest* and the posts.json spans of the posts'
	// records; the cache reads, the field they fill. With --fail-fast, a
	// group's other steps finish before the run stops (nothing is
	// committed either way).
	beside bool
	// quiet is set on a step that only reads the cache for a later one:
	// it is not a stage of its own in the Result or the progress.
	quiet bool
}

// steps lists the run's stages in order: a check's, seopipe cards', or a
// build's.
func (r *run) steps() []step {
	checkOnly, cardsOnly := r.opts.CheckOnly, r.opts.CardsOnly
	s := []step{{name: "load", run: loadStep}}
	if !checkOnly && !cardsOnly {
		// The last build's post records are decoded while the posts are
		// loaded; the seo step reads them.
		s = append(s, step{name: "records", run: recordsStep, beside: true, quiet: true})
	}
	s = append(s, step{name: "validate", run: validateStep})
	if cardsOnly {
		return append(s, step{name: "images", run: imagesStep}, step{name: "cards", run: cardsStep})
	}
	if !checkOnly {
		s = append(s,
			step{name: "images", run: imagesStep},
			step{name: "cards", run: cardsStep},
			step{name: "pages", run: pagesStep},
			step{name: "seo", run: seoStep},
			step{name: "sitemap", run: sitemapStep},
			step{name: "feeds", run: feedsStep, beside: true},
			step{name: "manifest", run: manifestStep, beside: true},
			// The self-check's cache is decoded while the other outputs
			// are written.
			step{name: "verify-cache", run: verifyCacheStep, beside: true, quiet: true},
		)
	}
	return s
}

// recordsStep reads what the last build into this output directory
// recorded of its posts (buildcache.PostRecords), for the seo step.
func recordsStep(_ context.Context, r *run) (int, error) {
	r.prev = buildcache.ReadPostRecords(r.opts.CacheDir, r.opts.OutDir, decodeEach)
	// The last posts.json can lend its entries only if it is still as
	// that build left it.
	r.oldManifest = r.prev.ManifestSame()
	return 0, nil // quiet: its items are not reported
}

// verifyCacheStep reads the self-check's cache when the self-check will
// most likely run: once some post's files changed (the seo step counted
// those it kept).
func verifyCacheStep(_ context.Context, r *run) (int, error) {
	if r.opts.CacheDir == "" || r.res.PostsKept == len(r.posts) {
		return 0, nil
	}
	vc := buildcache.ReadVerifyCache(r.opts.CacheDir, r.opts.OutDir, decodeEach)
	r.verifyCached = &vc
	return len(vc.Records), nil
}

func (r *run) runSteps(ctx context.Context) error {
	all := r.steps()
	for len(all) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := 1
		for n < len(all) && all[n].beside {
			n++
		}
		group := all[:n]
		all = all[n:]
		times, err := r.runGroup(ctx, group)
		// Stages are recorded and reported in their order, whatever
		// order the ones of a group finished in.
		for i, s := range group {
			if s.quiet {
				continue
			}
			r.res.Stages = append(r.res.Stages, StageTime{Name: s.name, Items: times[i].Items, Elapsed: times[i].Elapsed})
			if r.opts.Reporter != nil {
				r.opts.Reporter.StageDone(s.name, times[i].Items, times[i].Elapsed)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		if r.failFast() {
			return errStop
		}
	}
	return nil
}

// runGroup runs steps at the same time (one alone on this goroutine) and
// returns their times and the first error in step order; an error stops
// the others.
func (r *run) runGroup(ctx context.Context, group []step) ([]StageTime, error) {
	times := make([]StageTime, len(group))
	errs := make([]error, len(group))
	one := func(ctx context.Context, i int) {
		t0 := time.Now()
		times[i].Items, errs[i] = group[i].run(ctx, r)
		times[i].Elapsed = time.Since(t0)
	}
	if len(group) == 1 {
		one(ctx, 0)
		return times, errs[0]
	}
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for i := range group {
		wg.Go(func() {
			one(gctx, i)
			if errs[i] != nil {
				cancel()
			}
		})
	}
	wg.Wait()
	// A step that failed only because another one's error cancelled it
	// is not the error to report.
	for _, err := range errs {
		if err != nil && !(errors.Is(err, context.Canceled) && ctx.Err() == nil) {
			return times, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return times, err
		}
	}
	return times, nil
}

func (r *run) start(stage string, total int) {
	if r.opts.Reporter != nil {
		r.opts.Reporter.StageStart(stage, total)
	}
}

func (r *run) advance(stage string, n int) {
	if r.opts.Reporter != nil {
		r.opts.Reporter.Advance(stage, n)
	}
}
