package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/verify"
)

// BenchmarkDir measures verifying an output directory: the build of 2,000
// generated posts is written once, then only verify runs. "sequential" is
// verify.Dir, as `seopipe check --output` runs it; "files-pool" is what a
// build runs: New, CheckPost on the files pool, Problems. Set
// SEOPIPE_BENCH_OUTPUT to an existing output directory to also run over it
// (its problems are not checked).
func BenchmarkDir(b *testing.B) {
	dir := b.TempDir()
	writeCorpus(b, filepath.Join(dir, "content"), 2000)
	cfg := config.Default()
	cfg.Site.URL = "https://example.com/"
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := filepath.Join(dir, "public")
	res, err := Run(context.Background(), Options{Config: cfg, ContentDir: filepath.Join(dir, "content"), OutDir: out,
		CacheDir: filepath.Join(dir, ".seopipe-cache"), Now: now, FetchTransport: noNetwork{}})
	if err != nil {
		b.Fatal(err)
	}
	checkClean(b, res)
	type output struct {
		name, dir string
		clean     bool // verify must find no problem
	}
	outs := []output{{"generated-2000", out, true}}
	if d := os.Getenv("SEOPIPE_BENCH_OUTPUT"); d != "" {
		outs = append(outs, output{"output", d, false})
	}
	for _, o := range outs {
		fsys := os.DirFS(o.dir)
		vopts := verify.Options{Now: now}
		b.Run(o.name+"/sequential", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				probs, err := verify.Dir(fsys, vopts)
				if err != nil {
					b.Fatal(err)
				}
				if o.clean && len(probs) > 0 {
					b.Fatalf("%d problems, first: %v", len(probs), probs[0])
				}
			}
		})
		b.Run(o.name+"/files-pool", func(b *testing.B) {
			pools := NewPools(0, 0)
			b.ReportAllocs()
			for b.Loop() {
				v, err := verify.New(fsys, vopts)
				if err != nil {
					b.Fatal(err)
				}
				err = pools.eachFile(context.Background(), v.Posts(), func(_ context.Context, i int) error {
					v.CheckPost(i)
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if probs := v.Problems(); o.clean && len(probs) > 0 {
					b.Fatalf("%d problems, first: %v", len(probs), probs[0])
				}
			}
		})
	}
}
