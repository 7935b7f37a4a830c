package content

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/internal/diag"
)

// benchPost is shaped like the seed post: YAML front matter with lists, a
// hero image, headings, bold text, one image shortcode and ~1,000 words.
func benchPost() []byte {
	var b strings.Builder
	b.WriteString(`---
slug: a-benchmark-post-about-cloud-infrastructure
title: A benchmark post about cloud infrastructure and compute
excerpt: A representative post for the benchmark, with an excerpt about as long as the ones real posts carry in their front matter.
publishedAt: "2025-11-07"
author: Bench Author
category: Cloud & Infrastructure
tags:
  - Cloud Computing
  - AI Infrastructure
  - GPU Market
  - Enterprise AI
  - Data Centers
image: https://images.example.com/prompt/cloud%20infrastructure%2C%20modern?width=1200&height=600&nologo=true
featured: true
metaTitle: Benchmark Post - Cloud Infrastructure
metaDescription: A representative post for the benchmark, with a meta description about as long as a real one.
keywords:
  - cloud computing
  - AI infrastructure
  - GPU market
  - enterprise AI
  - data centers
---

`)
	for i := range 7 {
		fmt.Fprintf(&b, "## Section %d: what changes now\n\n", i+1)
		for range 3 {
			b.WriteString("The **timing matters** here, and it is not just another deal - it is a " +
				"*fundamental reshuffling* of the [whole landscape](https://example.com/story), sending " +
				"waves through the industry. Companies can negotiate instead of accept, and prices " +
				"will come down while performance improves for everyone running workloads at scale.\n\n")
		}
		if i == 1 {
			b.WriteString(`{{image: https://images.example.com/prompt/partnership?width=800&height=450&nologo=true, width: 800, height: 450, alt: "A partnership announcement"}}` + "\n\n")
		}
	}
	b.WriteString("---\n\n*An image credit | another credit*\n")
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	src := benchPost()
	// Check once that the benchmark parses what it claims to.
	p, ps := Parse("posts/bench.md", src, testOpts())
	if p == nil {
		b.Fatalf("benchmark post does not parse: %s", problemList(ps))
	}
	if diag.HasErrors(ps) || len(p.InlineImages) != 1 || p.WordCount < 900 {
		b.Fatalf("benchmark post does not parse as intended: problems %s, images %d, words %d",
			problemList(ps), len(p.InlineImages), p.WordCount)
	}
	for _, skipHTML := range []bool{false, true} {
		name := "html"
		if skipHTML {
			name = "skipHTML"
		}
		b.Run(name, func(b *testing.B) {
			opts := testOpts()
			opts.SkipHTML = skipHTML
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if p, _ := Parse("posts/bench.md", src, opts); p == nil {
					b.Fatal("got nil Post")
				}
			}
		})
	}
}

// BenchmarkSummarize cuts a long first paragraph (a post without an
// excerpt whose <!--more--> comes late): the cost must not grow with the
// paragraph past the 160 characters kept.
func BenchmarkSummarize(b *testing.B) {
	para := strings.Repeat("Teams that rent compute by the hour want predictable prices; this post measures both. ", 24)
	b.ReportAllocs()
	for b.Loop() {
		if s := Summarize(para, SummaryLength); len(s) == 0 {
			b.Fatal("empty summary")
		}
	}
}
