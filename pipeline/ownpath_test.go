package pipeline

// Whole-site cases of a post's own path, Hugo's url and Jekyll's
// permalink, which replaces site.permalink for it.

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ownPathConfig is a site under a path, with Jekyll's _posts inside the
// content directory.
const ownPathConfig = "site:\n  url: https://example.com/blog/\n  title: T\n  timezone: UTC\ncontent:\n  dir: site\ncards:\n  sizes: []\n"

// TestOwnPaths: every output names a post by the URL its own path makes,
// under site.url's path, and the self-check agrees.
func TestOwnPaths(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":                    ownPathConfig,
		"site/posts/hugo.md":              md("title: Hugo\ndate: 2025-10-01\nurl: /custom/path\n", "Hello.\n"),
		"site/_posts/2025-10-02-jek.md":   md("title: Jek\ncategories: [Go]\npermalink: /:categories/:year/:month/:day/:title.html\n", "Hello.\n"),
		"site/posts/plain.md":             md("title: Plain\ndate: 2025-10-03\n", "Hello.\n"),
		"site/posts/canonical-and-url.md": md("title: Both\ndate: 2025-09-01\nurl: /both/\ncanonical: https://example.org/both/\n", "Hello.\n"),
	}, nil)
	var probs []string
	for _, p := range b.res.Problems {
		probs = append(probs, p.Error())
	}
	wantProbs := []string{"posts/canonical-and-url.md:5: canonical: https://example.org/both/ is not under https://example.com/blog/: the post is left out of the sitemaps"}
	if diff := cmp.Diff(wantProbs, probs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	want := map[string]string{
		"hugo":              "https://example.com/blog/custom/path/",
		"jek":               "https://example.com/blog/go/2025/10/02/jek.html",
		"plain":             "https://example.com/blog/plain/",
		"canonical-and-url": "https://example.org/both/",
	}
	var manifest struct {
		Posts []struct{ Slug, URL, Path string }
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(b.out, "posts.json")), &manifest); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	paths := map[string]string{}
	for _, p := range manifest.Posts {
		got[p.Slug], paths[p.Slug] = p.URL, p.Path
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("posts.json urls (-want +got):\n%s", diff)
	}
	wantPaths := map[string]string{"hugo": "/custom/path/", "jek": "/go/2025/10/02/jek.html", "plain": "/plain/", "canonical-and-url": "/both/"}
	if diff := cmp.Diff(wantPaths, paths); diff != "" {
		t.Errorf("posts.json paths (-want +got):\n%s", diff)
	}
	// Each output, by the post's slug ("" where it does not name it).
	for slug, url := range want {
		h := b.head(slug)
		got := map[string]string{
			"canonical": fmt.Sprint(h.links["canonical"]),
			"og:url":    fmt.Sprint(h.meta["og:url"]),
			"WebPage":   fmt.Sprint(b.node(slug, "WebPage")["url"]),
			"article":   fmt.Sprint(b.node(slug, "BlogPosting")["mainEntityOfPage"]),
		}
		wantOut := map[string]string{
			"canonical": fmt.Sprint([]string{url}),
			"og:url":    fmt.Sprint([]string{url}),
			"WebPage":   url,
			"article":   fmt.Sprint(map[string]any{"@id": url}),
		}
		if diff := cmp.Diff(wantOut, got); diff != "" {
			t.Errorf("%s: head.html and schema.jsonld (-want +got):\n%s", slug, diff)
		}
	}
	// The canonical elsewhere is in no sitemap, but in the feeds.
	wantLocs := []string{"https://example.com/blog/", want["plain"], want["jek"], want["hugo"]}
	if diff := cmp.Diff(wantLocs, b.locs("sitemap.xml")); diff != "" {
		t.Errorf("sitemap.xml locs (-want +got):\n%s", diff)
	}
	wantLinks := []string{want["plain"], want["jek"], want["hugo"], want["canonical-and-url"]}
	for name, typ := range map[string]string{"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json"} {
		var links []string
		for _, it := range itemsOf(parseFeed(t, filepath.Join(b.out, name), typ)) {
			links = append(links, it.Link)
		}
		if diff := cmp.Diff(wantLinks, links); diff != "" {
			t.Errorf("%s links (-want +got):\n%s", name, diff)
		}
	}
}

// TestOwnPathClashes: two posts whose URLs are one fail the later (by
// source path), whatever makes each URL; an own path at the home page, or
// with dates but no date, fails its post. The rest are built.
func TestOwnPathClashes(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":          ownPathConfig,
		"site/posts/a.md":       md("title: A\ndate: 2025-10-01\nurl: /x/\n", "x\n"),
		"site/posts/b.md":       md("title: B\ndate: 2025-10-01\nurl: x\n", "x\n"),
		"site/posts/c.md":       md("title: C\ndate: 2025-10-01\n", "x\n"),
		"site/posts/d.md":       md("title: D\ndate: 2025-10-01\nurl: /c/\n", "x\n"),
		"site/posts/e.md":       md("title: E\ndate: 2025-10-01\nurl: /f/\n", "x\n"),
		"site/posts/f.md":       md("title: F\ndate: 2025-10-01\nslug: f\n", "x\n"),
		"site/posts/home.md":    md("title: Home\ndate: 2025-10-01\nurl: /\n", "x\n"),
		"site/posts/undated.md": md("title: Undated\npermalink: /:year/:title/\n", "x\n"),
		"site/_drafts/draft.md": md("title: Draft\npermalink: /:year/:title/\n", "x\n"),
		"site/posts/g.md":       md("title: G\ndate: 2025-10-01\ncanonical: https://example.com/blog/h/\n", "x\n"),
		"site/posts/h.md":       md("title: H\ndate: 2025-10-01\npermalink: /h/\n", "x\n"),
	}, nil)
	var got []string
	for _, p := range b.res.Problems {
		got = append(got, p.Error())
	}
	want := []string{
		"posts/b.md:4: url: URL https://example.com/blog/x/ is also the URL of posts/a.md:4",
		"posts/d.md:4: url: URL https://example.com/blog/c/ is also the URL of posts/c.md",
		"posts/f.md:4: slug: URL https://example.com/blog/f/ is also the URL of posts/e.md:4",
		"posts/h.md:4: permalink: URL https://example.com/blog/h/ is also the URL of posts/g.md:4",
		"posts/home.md:4: url: makes the post's URL the site's home page (site.url): give the post a path of its own",
		"posts/undated.md:3: permalink: has date placeholders, and the post has no date: add date to the front matter",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	var slugs []string
	for _, p := range b.res.Posts {
		slugs = append(slugs, p.Post.Slug)
	}
	if diff := cmp.Diff([]string{"a", "c", "e", "g"}, slugs); diff != "" {
		t.Errorf("published (-want +got):\n%s", diff)
	}
}

// TestOwnPathClashInCheck: a check without site.url, as CI runs one, finds
// two posts with one own path.
func TestOwnPathClashInCheck(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":    ownPathConfig,
		"site/posts/a.md": md("title: A\ndate: 2025-10-01\nurl: /x/\n", "x\n"),
		"site/posts/b.md": md("title: B\ndate: 2025-10-01\npermalink: /x/\n", "x\n"),
		"site/posts/x.md": md("title: X\ndate: 2025-10-01\n", "x\n"),
	}, func(o *Options) {
		o.CheckOnly = true
		o.Config.Site.URL = ""
	})
	var got []string
	for _, p := range b.res.Problems {
		got = append(got, p.Error())
	}
	want := []string{
		"posts/b.md:4: permalink: URL /x/ is also the URL of posts/a.md:4",
		"posts/x.md: slug: URL /x/ is also the URL of posts/a.md:4",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
