package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seopipe/seopipe/internal/config"
)

// writeCorpus writes n seed-shaped posts (YAML front matter with the seed's
// twelve fields, a few paragraphs, headings and an image shortcode) into dir.
func writeCorpus(tb testing.TB, dir string, n int) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	para := strings.Repeat("Teams that rent compute by the hour want **predictable prices** and fewer surprises; this post measures both. ", 4)
	for i := range n {
		body := fmt.Sprintf(`---
slug: post-%05d
title: "Post %d: what a busy harbour teaches us about queues"
excerpt: A short look at backpressure, measured rather than guessed, for post %d.
publishedAt: "2025-%02d-%02d"
author: Mara Vella
category: Cloud & Infrastructure
tags:
  - Queues
  - Backpressure
  - Harbours
featured: %t
image: https://images.example.net/render/hero-%d.jpg?width=1200&height=600
metaTitle: Post %d on queues
metaDescription: What backpressure is, and how to measure it, number %d.
keywords:
  - queues
  - backpressure
---

%s

## Measuring it

{{image: https://images.example.net/render/inline-%d.jpg?width=800, width: 800, height: 450, alt: "A queue of ships"}}

%s

- first point
- second point

---

*Illustrations generated for this benchmark.*
`, i, i, i, 1+i%12, 1+i%28, i%7 == 0, i, i, i, para, i, para)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("post-%05d.md", i)), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkLoad measures what `seopipe check` does: walk, read, parse and
// validate every post. The "generated-1000" case is self-contained; set
// SEOPIPE_BENCH_CORPUS to a make-corpus.sh directory (../shared/peers) to
// also run over it.
func BenchmarkLoad(b *testing.B) {
	dirs := map[string]string{}
	gen := b.TempDir()
	writeCorpus(b, gen, 1000)
	dirs["generated-1000"] = gen
	if c := os.Getenv("SEOPIPE_BENCH_CORPUS"); c != "" {
		dirs["corpus"] = c
	}
	for _, name := range []string{"generated-1000", "corpus"} {
		dir, ok := dirs[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			cfg := config.Default()
			cfg.Site.URL = "https://example.com/"
			if err := cfg.Validate(); err != nil {
				b.Fatal(err)
			}
			opts := Options{Config: cfg, ContentDir: dir, CheckOnly: true, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			b.ReportAllocs()
			for b.Loop() {
				res, err := Run(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				if res.Errors() > 0 {
					b.Fatalf("%d errors, first: %v", res.Errors(), res.Problems[0])
				}
			}
		})
	}
}

// BenchmarkBuild measures a full build (parse, render HTML, write posts.json)
// of 1,000 generated posts.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	writeCorpus(b, filepath.Join(dir, "content"), 1000)
	cfg := config.Default()
	cfg.Site.URL = "https://example.com/"
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	opts := Options{Config: cfg, ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "public"),
		CacheDir: filepath.Join(dir, ".seopipe-cache"), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), FetchTransport: noNetwork{}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}
