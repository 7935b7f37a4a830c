package pipeline

// Whole-site cases, one site each, beside the table of TestBadInputs: what
// a post, the config or the clock does to every output, built with
// buildSite and checked against the self-check.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/verify"
)

// TestUpdateComesDue: the rebuild after an update's date writes it, though
// the post's file has not changed since the build that left it out.
func TestUpdateComesDue(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":           badSiteConfig,
		"static/images/logo.png": pngOf(t, 200, 200),
		"content/posts/soon.md":  md("title: Soon\ndate: 2025-10-01T10:00:00Z\nupdatedAt: 2025-12-01T00:00:00Z\n", "x\n"),
	})
	opts := siteOptions(t, dir, nil)
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{exampleNow, "2025-10-01T10:00:00Z"},
		{time.Date(2025, 12, 2, 0, 0, 0, 0, time.UTC), "2025-12-01T00:00:00Z"},
	} {
		opts.Now = tc.now
		res := mustRun(t, opts)
		for _, p := range res.OutputProblems {
			t.Errorf("at %s: verify found: %s", tc.now, p.Error())
		}
		b := &built{t: t, out: opts.OutDir, res: res}
		if got := b.head("soon").meta["article:modified_time"]; !cmp.Equal(got, []string{tc.want}) {
			t.Errorf("at %s: article:modified_time %q, want %s", tc.now, got, tc.want)
		}
		if got := b.node("soon", "BlogPosting")["dateModified"]; got != tc.want {
			t.Errorf("at %s: dateModified %v, want %s", tc.now, got, tc.want)
		}
	}
}

// TestNoAuthorIsThePublisher: a post that credits nobody is the
// publisher's in Atom (which needs an author) as in its JSON-LD.
func TestNoAuthorIsThePublisher(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":       "site:\n  url: https://example.com/\n  title: Site\n  publisher:\n    name: Pub & Co\ncards:\n  sizes: []\n",
		"content/posts/a.md": md("title: A\ndate: 2025-10-01\n", "x\n"),
	}, nil)
	f := parseFeed(t, filepath.Join(b.out, "atom.xml"), "atom")
	var atom []string
	for _, it := range f.Items {
		for _, a := range it.Authors {
			atom = append(atom, a.Name)
		}
	}
	art := b.node("a", "BlogPosting")
	authors, _ := art["author"].([]any)
	var ld []string
	for _, a := range authors {
		id, _ := a.(map[string]any)["@id"].(string)
		ld = append(ld, fmt.Sprint(b.node("a", "Organization")["name"]), id)
	}
	if diff := cmp.Diff([]string{"Pub & Co"}, atom); diff != "" {
		t.Errorf("atom.xml authors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Pub & Co", "https://example.com/#organization"}, ld); diff != "" {
		t.Errorf("JSON-LD author (-want +got):\n%s", diff)
	}
}

// TestMissingSiteImages: a logo or default image named in the config but
// not in the static directory is written without a size, and said so.
func TestMissingSiteImages(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: Site\n  author: Ann\n  publisher:\n    logo: /images/logo.png\n" +
			"cards:\n  sizes: []\nseo:\n  defaultImage: /images/share.png\n",
		"static/images/logo.png": "not a PNG",
		"content/posts/a.md":     md("title: A\ndate: 2025-10-01\n", "x\n"),
	}, nil)
	res := b.res
	want := []diag.Problem{
		{Path: "seopipe.yaml", PathAsGiven: true, Line: 6, Field: "site.publisher.logo", Severity: diag.Warning,
			Message: "/images/logo.png is no image seopipe can read: it is written without its size"},
		{Path: "seopipe.yaml", PathAsGiven: true, Line: 10, Field: "seo.defaultImage", Severity: diag.Warning,
			Message: "/images/share.png is not in static: it is written without its size"},
	}
	if diff := cmp.Diff(want, res.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestDefaultImage: with cards off, a post without a hero takes
// seo.defaultImage in its head tags (rule 15: one og:image), measured, with
// the X card its shape suits; the post's own images stay its own, and no
// other emitter lists the site's image as the post's.
func TestDefaultImage(t *testing.T) {
	for _, tc := range []struct {
		name     string
		w, h     int
		wantCard string
	}{
		{"wide", 1200, 630, "summary_large_image"},
		{"square", 400, 400, "summary_large_image"}, // rule 18: with any image
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := buildSite(t, map[string]string{
				"seopipe.yaml": "site:\n  url: https://example.com/\n  title: Site\n  author: Ann\n" +
					"cards:\n  sizes: []\nseo:\n  defaultImage: /images/share.png\n",
				"static/images/share.png": pngOf(t, tc.w, tc.h),
				"static/images/hero.png":  pngOf(t, 1200, 800),
				"content/posts/plain.md":  md("title: Plain\ndate: 2025-10-01\n", "x\n"),
				"content/posts/hero.md":   md("title: Hero\ndate: 2025-10-02\nimage: /images/hero.png\nimageAlt: A hero\n", "x\n"),
			}, nil)
			for _, p := range b.res.Problems {
				t.Errorf("build problem: %s", p.Error())
			}
			h := b.head("plain")
			want := map[string][]string{
				"og:image": {"https://example.com/images/share.png"}, "og:image:width": {fmt.Sprint(tc.w)}, "og:image:height": {fmt.Sprint(tc.h)},
				"og:image:type": {"image/png"}, "og:image:alt": {"Site"}, "twitter:card": {tc.wantCard},
				"twitter:image": {"https://example.com/images/share.png"}, "twitter:image:alt": {"Site"},
			}
			for k, w := range want {
				if diff := cmp.Diff(w, h.meta[k]); diff != "" {
					t.Errorf("plain: %s (-want +got):\n%s", k, diff)
				}
			}
			if img := b.head("hero").meta["og:image"]; len(img) != 1 || !strings.Contains(img[0], "/images/hero/") {
				t.Errorf("hero: og:image %q, want the post's own", img)
			}
			if _, ok := b.node("plain", "BlogPosting")["image"]; ok {
				t.Errorf("plain: the JSON-LD article has an image; the site's default is no image of the post")
			}
			for _, u := range b.urls("sitemap.xml") {
				if u.Loc == "https://example.com/plain/" && len(u.Images) > 0 {
					t.Errorf("sitemap lists %q for the plain post", u.Images)
				}
			}
		})
	}
}

// TestTranslationPreviews: a draft built as a preview (--drafts) is in no
// translation group, so a published post in its language is no duplicate
// and keeps its alternates.
func TestTranslationPreviews(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":        "site:\n  url: https://example.com/\n  title: Site\n  author: Ann\ncards:\n  sizes: []\n",
		"content/a-en.md":     md("title: A\ndate: 2025-10-01\ntranslationKey: k\nlang: en\ndraft: true\n", "x\n"),
		"content/b-en.md":     md("title: B\ndate: 2025-10-02\ntranslationKey: k\nlang: en\n", "x\n"),
		"content/c-fr.md":     md("title: C\ndate: 2025-10-03\ntranslationKey: k\nlang: fr\n", "x\n"),
		"content/d-future.md": md("title: D\ndate: 2026-10-03\ntranslationKey: k\nlang: fr\n", "x\n"),
	}, func(o *Options) { o.Drafts, o.Future = true, true })
	for _, p := range b.res.Problems {
		t.Errorf("build problem: %s", p.Error())
	}
	data := b.file("sitemap.xml")
	for _, want := range []string{`hreflang="en" href="https://example.com/b-en/"`, `hreflang="fr" href="https://example.com/c-fr/"`} {
		if strings.Count(data, want) != 2 {
			t.Errorf("sitemap.xml has %q %d times, want twice (in each variant's set)", want, strings.Count(data, want))
		}
	}
}

// TestStaleCategoryFeedWithoutCache: with the cache cleared, a category
// feed of an older build is no output of this one (nothing records that
// it wrote it, so it stays): the self-check judges only the feeds written.
func TestStaleCategoryFeedWithoutCache(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: Site\n  author: Ann\ncards:\n  sizes: []\nfeeds:\n  perCategory: true\n",
		"content/a.md": md("title: A\ndate: 2025-10-01\ncategory: Go\n", "x\n"),
	})
	opts := siteOptions(t, dir, nil)
	mustRun(t, opts)
	writeTree(t, dir, map[string]string{"content/a.md": md("title: A\ndate: 2025-10-03\ncategory: Rust\n", "y\n")})
	if err := os.RemoveAll(opts.CacheDir); err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, opts)
	for _, p := range res.OutputProblems {
		t.Errorf("verify found: %s", p.Error())
	}
	if !slices.Contains(res.Files, "category/rust/feed.xml") {
		t.Errorf("no category/rust/feed.xml among %q", res.Files)
	}
}

// TestInterruptedWhileChecking: a run stopped after its commit, while the
// self-check reads the output, is not an interrupted run (whose exit code,
// 130, says the previous output was kept): it returns the build's result,
// marked Unchecked, for the CLI to exit with the build's own code and say
// the check was interrupted.
func TestInterruptedWhileChecking(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: Site\n  author: Ann\ncards:\n  sizes: []\n",
		"content/a.md": md("title: A\ndate: 2025-10-01\n", "x\n"),
		"content/b.md": md("title: B\ndate: 2025-10-02\n", "y\n"),
	})
	opts := siteOptions(t, dir, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The self-check stamps what it reads with the wall clock: the first
	// call after posts.json is in place is the moment to stop.
	opts.WallClock = func() time.Time {
		if _, err := os.Stat(filepath.Join(opts.OutDir, "posts.json")); err == nil {
			cancel()
		}
		return time.Now()
	}
	res, err := Run(ctx, opts)
	if err != nil || !res.Unchecked {
		t.Fatalf("Run: %v, unchecked %v; want no error (the build is done) and Unchecked", err, res != nil && res.Unchecked)
	}
	if res.Errors() != 0 {
		t.Errorf("%d errors, want none: the build's own outcome, whatever the check did not get to", res.Errors())
	}
	if res.Written == 0 {
		t.Errorf("written %d, want the committed files counted", res.Written)
	}
}

// TestFailFastCountsTheFailedPost: a fail-fast run stopped before the
// validation counts the post whose error it reports as failed.
func TestFailFastCountsTheFailedPost(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: Site\ncards:\n  sizes: []\n",
		"content/a.md": md("title: A\ndate: 2025-13-45\n", "x\n"),
		"content/b.md": md("title: B\ndate: 2025-10-01\n", "y\n"),
	}, func(o *Options) { o.FailFast = true })
	res := b.res
	if !res.Stopped || res.Errors() != 1 || res.Failed != 1 {
		t.Errorf("stopped %v, %d errors, %d failed; want a stop, 1 error and 1 failed post", res.Stopped, res.Errors(), res.Failed)
	}
}

// TestSmallHero: a hero too small for Google's article images (50,000
// pixels) and X's large card (300×157) builds without an error of its
// own making: the small crops are left out of the JSON-LD article, X gets
// the summary card, and warnings at the post say why.
func TestSmallHero(t *testing.T) {
	for _, tc := range []struct {
		name, cards string
		wantCard    string // twitter:card
		wantArtImg  bool   // the JSON-LD article has an image (the og card)
		warnings    []string
	}{
		{"cards off", "  sizes: []\n", "summary", false, []string{
			"the hero (200×150) makes crops under the 50,000 pixels Google takes for an article image (200×113, 200×150, 150×150): the JSON-LD leaves them out",
			"the hero's 200×113 is under the 300×157 of X's large card: the post gets the summary card",
		}},
		{"cards on", "  sizes: [og]\n", "summary_large_image", true, []string{
			"the hero (200×150) makes crops under the 50,000 pixels Google takes for an article image (200×113, 200×150, 150×150): the JSON-LD leaves them out",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := buildSite(t, map[string]string{
				"seopipe.yaml":            "site:\n  url: https://example.com/\n  title: Site\n  author: Ann\ncards:\n" + tc.cards,
				"static/images/small.png": pngOf(t, 200, 150),
				"content/p.md":            md("title: P\ndate: 2025-10-01\nimage: /images/small.png\nimageAlt: A small picture\n", "x\n"),
			}, nil)
			res := b.res
			var got []string
			for _, p := range res.Problems {
				if !cardNotice(p) {
					got = append(got, p.Message)
					if p.Path != "p.md" || p.Line != 4 || p.Field != "image" || p.Severity != diag.Warning {
						t.Errorf("problem %s: want a warning at p.md:4: image", p.Error())
					}
				}
			}
			if diff := cmp.Diff(tc.warnings, got); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if got := b.head("p").meta["twitter:card"]; !cmp.Equal(got, []string{tc.wantCard}) {
				t.Errorf("twitter:card %q, want %s", got, tc.wantCard)
			}
			imgs, has := b.node("p", "BlogPosting")["image"]
			if has != tc.wantArtImg {
				t.Errorf("the article's image is %v, want one: %v", imgs, tc.wantArtImg)
			}
		})
	}
}

// TestFeedDateWithoutPosts checks the feeds of a site with no post at all
// (TestBadInputs's sites all have one): dated with the newest
// sitemap.extra lastmod, else with the build clock and a warning.
func TestFeedDateWithoutPosts(t *testing.T) {
	clockWarning := []diag.Problem{{Field: "feeds", Severity: diag.Warning,
		Message: "no post (nor sitemap.extra page) has a date: the feeds are dated with the build time, 2025-11-05T12:00:00+01:00"}}
	tests := []struct {
		name     string
		extra    []config.SitemapPage
		want     time.Time
		warnings []diag.Problem
	}{
		{"no extra page", nil, exampleNow, clockWarning},
		{"an extra page without a date", []config.SitemapPage{{Path: "/about/"}}, exampleNow, clockWarning},
		{"dated extra pages", []config.SitemapPage{{Path: "/about/", LastMod: "2025-03-01"}, {Path: "/team/", LastMod: "2025-04-02T08:00:00Z"}},
			time.Date(2025, 4, 2, 8, 0, 0, 0, time.UTC), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{"seopipe.yaml": badSiteConfig, "static/images/logo.png": pngOf(t, 200, 200), "content/README.txt": "not a post\n"})
			opts := siteOptions(t, dir, func(c *config.Config) { c.Sitemap.Extra = tt.extra })
			res := mustRun(t, opts)
			if res.Published != 0 {
				t.Fatalf("%d posts published, want none", res.Published)
			}
			if diff := cmp.Diff(tt.warnings, res.Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			for _, p := range res.OutputProblems {
				t.Errorf("verify found: %s", p.Error())
			}
			(&built{t: t, out: opts.OutDir, res: res}).checkFeedDates(tt.want)
		})
	}
}

// TestVerifyEmptyFeedDate checks that the self-check reports the 1970
// date an empty feed used to carry (rules 11 and 13): the feeds of a site
// whose only post is undated, with their dates set back to the epoch.
func TestVerifyEmptyFeedDate(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"seopipe.yaml": badSiteConfig, "content/posts/undated.md": md("title: Undated\n", "No date.\n")})
	opts := siteOptions(t, dir, nil)
	res := mustRun(t, opts)
	for _, p := range res.OutputProblems {
		t.Errorf("verify found in the build: %s", p.Error())
	}
	b := &built{t: t, out: opts.OutDir, res: res}
	writeTree(t, b.out, map[string]string{
		"feed.xml": lastBuildDate("Thu, 01 Jan 1970 00:00:00 +0000")(b.file("feed.xml")),
		"atom.xml": regexp.MustCompile(`<updated>[^<]*</updated>`).ReplaceAllLiteralString(b.file("atom.xml"), "<updated>1970-01-01T00:00:00Z</updated>"),
	})
	probs, err := verify.Dir(os.DirFS(b.out), verify.Options{Now: opts.Now})
	if err != nil {
		t.Fatal(err)
	}
	want := []diag.Problem{
		{Path: "atom.xml", Message: `rule 13: feed updated "1970-01-01T00:00:00Z" is before 1990: a placeholder, not the feed's date`},
		{Path: "feed.xml", Message: `rule 11: lastBuildDate "Thu, 01 Jan 1970 00:00:00 +0000" is before 1990: a placeholder, not the feed's date`},
	}
	if diff := cmp.Diff(want, probs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// checkFeedDates checks that feed.xml and atom.xml carry want as the
// feed's date: lastBuildDate and updated, read back by gofeed.
func (b *built) checkFeedDates(want time.Time) {
	b.t.Helper()
	for name, typ := range map[string]string{"feed.xml": "rss", "atom.xml": "atom"} {
		f := parseFeed(b.t, filepath.Join(b.out, name), typ)
		if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(want) {
			b.t.Errorf("%s: feed date %q, want %s", name, f.Updated, want.Format(time.RFC3339))
		}
	}
}

// TestAstroLayout builds Astro's blog starter as it is laid out: posts in
// src/content/blog whose heroes are in src/assets, two levels up.
func TestAstroLayout(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":                      "site:\n  url: https://example.com/\n  title: Site\ncontent:\n  dir: src/content/blog\ncards:\n  sizes: []\n",
		"src/assets/blog-placeholder-1.png": pngOf(t, 960, 480),
		"src/content/blog/first-post.md": md("title: 'First post'\ndescription: 'Lorem ipsum dolor sit amet'\npubDate: 'Jul 08 2022'\nheroImage: '../../assets/blog-placeholder-1.png'\n",
			"Text.\n"),
	}, nil)
	for _, p := range b.res.Problems {
		t.Errorf("problem: %s", p.Error())
	}
	img := b.head("first-post").meta["og:image"]
	if len(img) != 1 || !strings.HasPrefix(img[0], "https://example.com/images/first-post/") {
		t.Errorf("og:image %q, want the processed hero under https://example.com/images/first-post/", img)
	}
}

// TestAuthorNameCase: a post that writes an author's name in another case
// than site.authors gets the table's entry, as the JSON-LD's Person @id
// already treats the two as one person: every page gives that node the
// same name and url, and the head tags and feeds agree.
func TestAuthorNameCase(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: Site\n  authors:\n    Ana Lima:\n      url: /authors/ana/\n      twitter: ana_l\ncards:\n  sizes: []\n",
		"content/a.md": md("title: A\ndate: 2025-10-01\nauthors: [ana lima]\n", "x\n"),
		"content/b.md": md("title: B\ndate: 2025-10-02\nauthor: Ana Lima\n", "x\n"),
	}, nil)
	for _, slug := range []string{"a", "b"} {
		person := b.node(slug, "Person")
		if person["name"] != "Ana Lima" || person["url"] != "https://example.com/authors/ana/" {
			t.Errorf("%s: Person %v, want Ana Lima with https://example.com/authors/ana/", slug, person)
		}
		if got := b.head(slug).meta["twitter:creator"]; !cmp.Equal(got, []string{"@ana_l"}) {
			t.Errorf("%s: twitter:creator %q, want @ana_l", slug, got)
		}
	}
	if atom := b.file("atom.xml"); strings.Count(atom, "<uri>https://example.com/authors/ana/</uri>") != 2 {
		t.Errorf("atom.xml does not credit both entries to the author's url:\n%s", atom)
	}
}

// TestMixedContent: image URLs configured as http on an https site are
// warned at their config lines; the same on an http site are not.
func TestMixedContent(t *testing.T) {
	const images = "images:\n  baseURL: http://cdn.example.com/\nseo:\n  defaultImage: http://img.example.com/d.png\n"
	for _, tc := range []struct {
		siteURL string
		want    []string
	}{
		{"https://example.com/", []string{
			"seopipe.yaml:7: images.baseURL: http://cdn.example.com/ is http on an https site: browsers block or upgrade such mixed content, and social platforms may show no image; use https",
			"seopipe.yaml:9: seo.defaultImage: http://img.example.com/d.png is http on an https site: browsers block or upgrade such mixed content, and social platforms may show no image; use https",
		}},
		{"http://example.com/", nil},
	} {
		b, _ := buildSite(t, map[string]string{
			"seopipe.yaml": "site:\n  url: " + tc.siteURL + "\n  title: Site\ncards:\n  sizes: []\n" + images,
			"content/a.md": md("title: A\ndate: 2025-10-01\n", "x\n"),
		}, nil)
		var got []string
		for _, p := range b.res.Problems {
			got = append(got, p.Error())
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: problems (-want +got):\n%s", tc.siteURL, diff)
		}
	}
}
