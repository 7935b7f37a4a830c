package pipeline

// Whole-site cases of front matter in the shapes of other generators
// (Hugo themes, Next.js starters, Jekyll plugins), built with buildSite.

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// TestAuthorMappingURL: an author given as a mapping with a url is linked
// to that page in the JSON-LD and the feeds, unless the authors table has
// an entry for the name: the table wins. A path is on the site.
func TestAuthorMappingURL(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/blog/\n  title: Site\n  authors:\n    Ann:\n      url: /authors/ann/\ncards:\n  sizes: []\n",
		"content/a.md": md("title: A\ndate: 2025-10-01\nauthors:\n"+
			"  - {name: Ann, url: 'https://elsewhere.example/ann'}\n"+
			"  - {name: Jane, twitter: jane, url: 'https://jane.example/'}\n"+
			"  - {name: Bo, link: /bo/}\n"+
			"  - {name: Cy, picture: /cy.jpg}\n", "x\n"),
	}, nil)
	for _, p := range b.res.Problems {
		t.Errorf("build problem: %s", p.Error())
	}
	want := map[string]string{
		"Ann":  "https://example.com/blog/authors/ann/",
		"Jane": "https://jane.example/",
		"Bo":   "https://example.com/blog/bo/",
		"Cy":   "",
	}
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(b.file("seo/a/schema.jsonld")), &doc); err != nil {
		t.Fatal(err)
	}
	ld := map[string]string{}
	for _, n := range doc.Graph {
		if n["@type"] == "Person" {
			u, _ := n["url"].(string)
			ld[n["name"].(string)] = u
		}
	}
	if diff := cmp.Diff(want, ld); diff != "" {
		t.Errorf("JSON-LD Person urls (-want +got):\n%s", diff)
	}
	var feed struct {
		Items []struct {
			Authors []struct{ Name, URL string }
		}
	}
	if err := json.Unmarshal([]byte(b.file("feed.json")), &feed); err != nil {
		t.Fatal(err)
	}
	jf := map[string]string{}
	for _, it := range feed.Items {
		for _, a := range it.Authors {
			jf[a.Name] = a.URL
		}
	}
	if diff := cmp.Diff(want, jf); diff != "" {
		t.Errorf("feed.json author urls (-want +got):\n%s", diff)
	}
}

// TestExpiryAndPublishDate: Hugo's expiryDate at or before the build clock
// leaves the post out of every output, counted and said; one after it
// publishes the post with its expiryDate. publishDate, not date, is when a
// post is published, so one whose publishDate is to come is a future post.
func TestExpiryAndPublishDate(t *testing.T) {
	files := map[string]string{
		"seopipe.yaml":       "site:\n  url: https://example.com/\n  title: Site\n  author: Ann\ncards:\n  sizes: []\n",
		"content/expired.md": md("title: Expired\ndate: 2025-10-01\nexpiryDate: 2025-11-05T12:00:00+01:00\n", "x\n"),
		"content/expires.md": md("title: Expires\ndate: 2025-10-01\nunpublishDate: 2025-11-05T12:00:01+01:00\n", "x\n"),
		"content/hugo.md":    md("title: Hugo\ndate: 2025-10-01\npublishDate: 2025-12-01\n", "x\n"),
	}
	for _, future := range []bool{false, true} {
		b, _ := buildSite(t, files, func(o *Options) { o.Future = future })
		got := countsOf(b.res)
		want := counts{Found: 3, Published: 1, Future: 1}
		if future {
			want.Published, want.Future = 2, 0
		}
		if diff := cmp.Diff(want, got); diff != "" || b.res.Expired != 1 {
			t.Errorf("future %v: counts (-want +got):\n%s; expired %d, want 1", future, diff, b.res.Expired)
		}
		checkTotals(t, b.res)
		wantProbs := []diag.Problem{{Path: "expired.md", Line: 4, Field: "expiryDate", Severity: diag.Warning,
			Message: "2025-11-05T12:00:00+01:00 is at or before the build time 2025-11-05T11:00:00Z: the post has expired and is left out of every output"}}
		if diff := cmp.Diff(wantProbs, b.res.Problems); diff != "" {
			t.Errorf("future %v: problems (-want +got):\n%s", future, diff)
		}
		if got := b.post("expires").ExpiryDate.UTC().Format(time.RFC3339); got != "2025-11-05T11:00:01Z" {
			t.Errorf("future %v: expires: expiryDate %s", future, got)
		}
		if b.exists("seo/expired/head.html") {
			t.Errorf("future %v: the expired post has SEO files", future)
		}
		for _, name := range []string{"posts.json", "sitemap.xml", "feed.xml", "atom.xml", "feed.json"} {
			if data := b.file(name); strings.Contains(data, "/expired/") {
				t.Errorf("future %v: %s lists the expired post", future, name)
			}
		}
		if data := b.file("posts.json"); !strings.Contains(data, `"expiryDate": "2025-11-05T12:00:01+01:00"`) {
			t.Errorf("future %v: posts.json has no expiryDate for expires", future)
		}
		if future {
			if got := b.post("hugo").PublishedAt.Format("2006-01-02"); got != "2025-12-01" {
				t.Errorf("hugo: published %s, want publishDate's 2025-12-01", got)
			}
		}
	}
}

// TestRobotsAndSitemapDisable: a theme's robots: "noindex, nofollow" makes
// the post noindex (out of the sitemaps and feeds, a robots meta in its
// head); Hugo's sitemap: {disable: true} keeps the post out of the
// sitemaps, the news sitemap and hreflang sets only: the feeds still list
// it, its head has no robots meta, and the self-check agrees.
func TestRobotsAndSitemapDisable(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":           badSiteConfig,
		"static/images/logo.png": pngOf(t, 200, 200),
		"content/robots.md":      md("title: Robots\ndate: "+inWindow+"\nrobots: noindex, nofollow\n", "x\n"),
		"content/hidden.md":      md("title: Hidden\ndate: "+inWindow+"\ntranslationKey: k\nsitemap:\n  disable: true\n  changefreq: weekly\n", "x\n"),
		"content/shown.md":       md("title: Shown\ndate: "+inWindow+"\ntranslationKey: k\nlang: fr\n", "x\n"),
	}, nil)
	for _, p := range b.res.Problems {
		t.Errorf("build problem: %s", p.Error())
	}
	robots, hidden := b.post("robots"), b.post("hidden")
	if !robots.NoIndex || robots.Params["robots"] != "noindex, nofollow" {
		t.Errorf("robots: noindex %v, params %v; want noindex, and robots kept in params", robots.NoIndex, robots.Params)
	}
	if !hidden.NoSitemap || hidden.NoIndex || !cmp.Equal(hidden.Params, map[string]any{"sitemap": map[string]any{"changefreq": "weekly"}}) {
		t.Errorf("hidden: noSitemap %v, noindex %v, params %v; want noSitemap only, changefreq kept", hidden.NoSitemap, hidden.NoIndex, hidden.Params)
	}
	shownURL := badSiteURL + "shown/"
	for name, want := range map[string][]string{"sitemap.xml": {badSiteURL, shownURL}, "sitemap-news.xml": {shownURL}} {
		if diff := cmp.Diff(want, b.locs(name)); diff != "" {
			t.Errorf("%s locs (-want +got):\n%s", name, diff)
		}
	}
	if sm := b.file("sitemap.xml"); strings.Contains(sm, "hreflang") {
		t.Errorf("sitemap.xml has hreflang alternates, but hidden is in no sitemap:\n%s", sm)
	}
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		data := b.file(name)
		if !strings.Contains(data, badSiteURL+"hidden/") || strings.Contains(data, badSiteURL+"robots/") {
			t.Errorf("%s: want hidden listed and robots not", name)
		}
	}
	if got := b.head("robots").meta["robots"]; !cmp.Equal(got, []string{"noindex, nofollow"}) {
		t.Errorf("robots: head robots meta %q, want the theme's noindex, nofollow", got)
	}
	if got := b.head("hidden").meta["robots"]; got != nil {
		t.Errorf("hidden: head robots meta %q, want none", got)
	}
	if !strings.Contains(b.file("posts.json"), `"noSitemap": true`) {
		t.Errorf("posts.json does not say noSitemap")
	}
}

// TestHeadlessBundle: Hugo's headless bundle (headless: true on its
// index.md) holds resources and has no page: it is no post in any output,
// needs no title, and is counted on its own.
func TestHeadlessBundle(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":                  "site:\n  url: https://example.com/\n  title: Site\ncards:\n  sizes: []\n",
		"content/posts/a.md":            md("title: A\ndate: 2025-10-01\n", "x\n"),
		"content/widgets/hero/index.md": md("headless: true\ndate: 2025-10-02\n", "Widget text.\n"),
	}, nil)
	checkTotals(t, b.res)
	if b.res.Headless != 1 || b.res.Published != 1 || b.res.Failed != 0 {
		t.Errorf("headless %d, published %d, failed %d; want 1, 1, 0", b.res.Headless, b.res.Published, b.res.Failed)
	}
	for _, p := range b.res.Problems {
		t.Errorf("problem: %s", p.Error())
	}
	for _, name := range []string{"posts.json", "sitemap.xml", "feed.xml", "atom.xml", "feed.json"} {
		if strings.Contains(b.file(name), "/hero/") {
			t.Errorf("%s lists the headless bundle", name)
		}
	}
}

// TestHugoFigureSite: Hugo's figure shortcode in a page bundle and with a
// static path is an image like any other: resized into images/<slug>/,
// listed in the sitemap, and in the feeds at its processed URL, with no
// warning.
func TestHugoFigureSite(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":                "site:\n  url: https://example.com/\n  title: Site\ncards:\n  sizes: []\nimages:\n  widths: [320]\n  formats: [jpeg]\n",
		"content/posts/trip/index.md": md("title: Trip\ndate: 2025-10-01\n", "Went out.\n\n{{< figure src=\"cat.png\" caption=\"The cat\" >}}\n\n{{< figure src=\"/img/dog.png\" alt=\"A dog\" >}}\n"),
		"content/posts/trip/cat.png":  pngOf(t, 640, 480),
		"static/img/dog.png":          pngOf(t, 800, 600),
	}, nil)
	for _, p := range b.res.Problems {
		t.Errorf("problem: %s", p.Error())
	}
	var locs []string
	for _, u := range b.urls("sitemap.xml") {
		if u.Loc == "https://example.com/trip/" {
			locs = u.Images
		}
	}
	if len(locs) != 2 {
		t.Fatalf("sitemap images of the post %q, want the cat and the dog", locs)
	}
	for i, stem := range []string{"cat-320x240-", "dog-320x240-"} {
		if !strings.HasPrefix(locs[i], "https://example.com/images/trip/"+stem) {
			t.Errorf("sitemap image %d %q, want a processed %s…", i, locs[i], stem)
		}
	}
	rss := b.file("feed.xml")
	for _, want := range []string{`alt="The cat"`, "<figcaption>The cat</figcaption>", `alt="A dog"`, `src="` + locs[0], `src="` + locs[1]} {
		if !strings.Contains(rss, want) {
			t.Errorf("feed.xml has no %q", want)
		}
	}
}
