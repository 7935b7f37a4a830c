package pipeline

import (
	"slices"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
)

// TestPreviewPostsListedNowhere is rule 10 under --drafts and --future: the
// posts are built (posts.json, seo/) but no sitemap or feed lists them, and
// their head tags say noindex.
func TestPreviewPostsListedNowhere(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":            badSiteConfig,
		"static/images/logo.png":  pngOf(t, 200, 200),
		"content/posts/live.md":   md("title: Live\ndate: 2025-10-01\n", "Text.\n"),
		"content/posts/draft.md":  md("title: Draft\ndate: 2025-10-02\ndraft: true\n", "Text.\n"),
		"content/posts/future.md": md("title: Future\ndate: 2031-01-01\n", "Text.\n"),
	})
	opts := siteOptions(t, dir, nil)
	opts.Drafts, opts.Future = true, true
	res := mustRun(t, opts)
	checkClean(t, res)
	b := &built{t: t, out: opts.OutDir, res: res}
	for _, slug := range []string{"draft", "future"} {
		u := b.page(slug).URL
		for _, f := range []string{"sitemap.xml", "feed.xml", "atom.xml", "feed.json"} {
			if strings.Contains(b.file(f), u) {
				t.Errorf("%s lists the %s post %s", f, slug, u)
			}
		}
		if got := b.head(slug).meta["robots"]; len(got) != 1 || got[0] != "noindex" {
			t.Errorf("%s head robots = %q, want noindex", slug, got)
		}
	}
	if !strings.Contains(b.file("feed.xml"), b.page("live").URL) {
		t.Error("feed.xml lost the live post")
	}
}

// TestReviewedEdges covers URL and date edges: an IDN site host, a site
// path with root-relative body images, fractional seconds, a category that
// slugifies to nothing, and two posts claiming one canonical URL.
func TestReviewedEdges(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":         strings.Replace(badSiteConfig, "https://example.com/blog/", "https://bücher.example/blog/", 1),
		"static/images/a.jpg":  "not really a JPEG: measuring fails, the URL stays",
		"content/posts/img.md": md("title: Img\ndate: 2025-10-01T10:00:00.5+02:00\ncategory: \"???\"\n", "![a](/images/a.jpg) and [b](/about/)\n"),
		"content/posts/c1.md":  md("title: C1\ndate: 2025-10-02\ncanonical: https://bücher.example/blog/same/\n", "x\n"),
		"content/posts/c2.md":  md("title: C2\ndate: 2025-10-03\ncanonical: https://bücher.example/blog/same/\n", "x\n"),
	})
	opts := siteOptions(t, dir, func(c *config.Config) {})
	res := mustRun(t, opts)
	for _, p := range res.OutputProblems {
		t.Errorf("verify found: %s", p.Error())
	}
	if !slices.ContainsFunc(res.Problems, func(p diag.Problem) bool {
		return p.Path == "posts/c1.md" && p.Field == "canonical" && strings.Contains(p.Text(), "is also the URL of posts/c2.md")
	}) && !slices.ContainsFunc(res.Problems, func(p diag.Problem) bool {
		return p.Path == "posts/c2.md" && p.Field == "canonical" && strings.Contains(p.Text(), "is also the URL of posts/c1.md")
	}) {
		t.Errorf("no duplicate-canonical error: %v", res.Problems)
	}
	b := &built{t: t, out: opts.OutDir, res: res}
	feedXML := b.file("feed.xml")
	for _, want := range []string{"https://xn--bcher-kva.example/blog/images/a.jpg", "https://xn--bcher-kva.example/blog/about/"} {
		if !strings.Contains(feedXML, want) {
			t.Errorf("feed.xml content lacks %s", want)
		}
	}
	if got := b.post("img").PublishedAt.Nanosecond(); got != 0 {
		t.Errorf("publishedAt keeps %d ns; every output writes whole seconds", got)
	}
	if b.exists("category/feed.xml") || strings.Contains(b.file("seo/img/schema.jsonld"), "/category//") {
		t.Error("a category that slugifies to nothing got a feed or a breadcrumb URL")
	}
}
