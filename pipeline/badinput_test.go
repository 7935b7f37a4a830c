package pipeline

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/net/html"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// badSiteConfig is the config of the bad-input sites: a site URL with a
// path, names that need escaping in every format, a publisher logo, an
// author page, a news sitemap and a feed per category.
const badSiteConfig = `site:
  url: https://example.com/blog/
  title: Bad <Input> & "Co"
  description: Tests ]]> & <script> in a description
  timezone: UTC
  author: Ann O'Neil
  publisher:
    logo: /images/logo.png
  authors:
    Ann O'Neil:
      url: /authors/ann/
sitemap:
  news:
    name: Bad & Co
    language: en
feeds:
  perCategory: true
`

// badSiteURL is the site URL of badSiteConfig.
const badSiteURL = "https://example.com/blog/"

// inWindow is a date inside the news window of exampleNow (2025-11-05T11:00Z).
const inWindow = "2025-11-05T08:00:00Z"

// md returns a post: YAML front matter (lines ending in "\n") and a body.
func md(front, body string) string { return "---\n" + front + "---\n" + body }

// pngOf returns a blank PNG of the given size.
func pngOf(t testing.TB, w, h int) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// built is a finished build of a bad-input site.
type built struct {
	t   *testing.T
	out string
	res *Result
}

func (b *built) file(name string) string {
	b.t.Helper()
	return string(readFile(b.t, filepath.Join(b.out, filepath.FromSlash(name))))
}

func (b *built) exists(name string) bool {
	_, err := os.Stat(filepath.Join(b.out, filepath.FromSlash(name)))
	return err == nil
}

// post returns the published post with the slug.
func (b *built) post(slug string) *post.Post {
	b.t.Helper()
	return b.page(slug).Post
}

// page returns the page of the published post with the slug.
func (b *built) page(slug string) *site.Page {
	b.t.Helper()
	for _, p := range b.res.Posts {
		if p.Post.Slug == slug {
			return p
		}
	}
	b.t.Fatalf("no published post %q", slug)
	return nil
}

func (b *built) head(slug string) headTags {
	b.t.Helper()
	return parseHead(b.t, filepath.Join(b.out, "seo", slug, "head.html"))
}

// node returns the first node of the type in seo/<slug>/schema.jsonld.
func (b *built) node(slug, typ string) map[string]any {
	b.t.Helper()
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(b.file("seo/"+slug+"/schema.jsonld")), &doc); err != nil {
		b.t.Fatal(err)
	}
	for _, n := range doc.Graph {
		if n["@type"] == typ {
			return n
		}
	}
	b.t.Fatalf("seo/%s/schema.jsonld has no %s", slug, typ)
	return nil
}

// smURL is one <url> of a urlset.
type smURL struct {
	Loc     string   `xml:"loc"`
	LastMod *string  `xml:"lastmod"`
	Images  []string `xml:"http://www.google.com/schemas/sitemap-image/1.1 image>loc"`
	News    *struct {
		Title string `xml:"title"`
	} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
}

// urls returns the <url>s of a urlset file ("sitemap.xml", "sitemap-news.xml").
func (b *built) urls(name string) []smURL {
	b.t.Helper()
	var us struct {
		URLs []smURL `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(b.file(name)), &us); err != nil {
		b.t.Fatalf("%s: %v", name, err)
	}
	return us.URLs
}

// locs returns the locs of a urlset file, or nil when there is no such file.
func (b *built) locs(name string) []string {
	if !b.exists(name) {
		return nil
	}
	var out []string
	for _, u := range b.urls(name) {
		out = append(out, u.Loc)
	}
	return out
}

// checkText checks that the post's title reads back exactly from the head
// tags, the JSON-LD and the news sitemap (the feeds are checked for every
// case), and its summary from the head tags.
func (b *built) checkText(slug string, inNews bool) {
	b.t.Helper()
	pg := b.page(slug)
	p := pg.Post
	h := b.head(slug)
	got := map[string]string{
		"<title>":       h.title,
		"og:title":      strings.Join(h.meta["og:title"], "|"),
		"twitter:title": strings.Join(h.meta["twitter:title"], "|"),
		"headline":      fmt.Sprint(b.node(slug, "BlogPosting")["headline"]),
		"description":   strings.Join(h.meta["description"], "|"),
	}
	want := map[string]string{"<title>": p.Title, "og:title": p.Title, "twitter:title": p.Title, "headline": p.Title, "description": p.Summary}
	if inNews {
		got["news:title"] = ""
		for _, u := range b.urls("sitemap-news.xml") {
			if u.Loc == pg.URL && u.News != nil {
				got["news:title"] = u.News.Title
			}
		}
		want["news:title"] = p.Title
	}
	if diff := cmp.Diff(want, got); diff != "" {
		b.t.Errorf("%s: text read back from the outputs (-want +got):\n%s", slug, diff)
	}
}

func TestBadInputs(t *testing.T) {
	logo := pngOf(t, 200, 200)
	hero := pngOf(t, 1200, 630)
	many := map[string]string{}
	for i := 1; i <= 25; i++ {
		many[fmt.Sprintf("content/posts/p%02d.md", i)] = md(fmt.Sprintf("title: Post %d\ndate: 2025-10-%02d\ncategory: Cat\n", i, i), "Text.\n")
	}
	specialTitle := `Ends ]]> & <script>alert(1)</script> "q" 's`
	rtlTitle := "مرحبا بالعالم \u200f(RTL)\u200f 🚀👩🏽‍💻"
	longTitle := strings.Repeat("Ünïcödé wö", 50) // 500 characters

	tests := []struct {
		name      string
		files     map[string]string
		configure func(*config.Config)
		// warnings are every problem the build reports but the cards'
		// notices; none is an error.
		warnings []diag.Problem
		// cards are substrings the cards' notices (shrunk, cut, missing
		// glyphs, unshaped text) must hold, one notice each; with none,
		// there must be no notice.
		cards []string
		// offSite is set where a post's own canonical URL is meant to be
		// on another host: the "every URL under the site" check is skipped.
		offSite bool
		check   func(t *testing.T, b *built)
	}{
		{
			name: "text that needs escaping, RTL and emoji",
			// Go's fonts have no Arabic and no emoji: the card says which
			// characters it left out, and that Arabic needs shaping.
			cards: []string{"posts/rtl.md:2: card: og card: no font has a glyph for U+0639 ع", "U+1F680 🚀", "title needs text shaping"},
			files: map[string]string{
				"content/posts/special.md": md(
					"title: \"Ends ]]> & <script>alert(1)</script> \\\"q\\\" 's\"\n"+
						"date: "+inWindow+"\ncategory: Cats & <Dogs>\ntags: [\"a&b\", \"<i>\", \"]]>\"]\n"+
						"excerpt: \"Excerpt ]]> & <b>bold</b> \\\"q\\\" 's\"\n",
					"Body ]]> & <script>alert(1)</script> \"q\" 's.\n\n`]]>` in code, and ]]> again.\n"),
				"content/posts/rtl.md": md("title: \""+rtlTitle+"\"\ndate: 2025-11-04T20:00:00Z\nlang: ar\ncategory: عربي\n",
					"نص عربي 🚀 \u200fRTL\u200f mark, and ]]> too.\n"),
			},
			warnings: []diag.Problem{{Path: "posts/special.md", Line: 8, Field: content.BodyField, Severity: diag.Warning,
				Message: "raw HTML is left out of the output (Markdown is rendered safely)"}},
			check: func(t *testing.T, b *built) {
				if b.post("special").Title != specialTitle || b.post("rtl").Title != rtlTitle {
					t.Fatalf("titles read as %q and %q", b.post("special").Title, b.post("rtl").Title)
				}
				b.checkText("special", true)
				b.checkText("rtl", true)
				for _, it := range itemsOf(parseFeed(t, filepath.Join(b.out, "feed.xml"), "rss")) {
					if strings.Contains(it.Content, "<script") || !strings.Contains(it.Content, "]]&gt;") {
						t.Errorf("%s: content %q: want ]]> escaped and no <script>", it.Link, it.Content)
					}
				}
				f := parseFeed(t, filepath.Join(b.out, "category", "cats-dogs", "feed.xml"), "rss")
				if want := `Bad <Input> & "Co" — Cats & <Dogs>`; f.Title != want {
					t.Errorf("category feed title %q, want %q", f.Title, want)
				}
				if got := b.node("special", "BlogPosting")["keywords"]; !cmp.Equal(got, []any{"a&b", "<i>", "]]>"}) {
					t.Errorf("keywords %v", got)
				}
			},
		},
		{
			name: "characters XML cannot carry",
			files: map[string]string{
				"content/posts/ctrl.md": md("title: \"Ctrl\x0bchar and \uFFFE nonchar\"\ndate: "+inWindow+"\n", "Body \x0b here.\n"),
			},
			warnings: []diag.Problem{
				{Path: "posts/ctrl.md", Line: 2, Severity: diag.Warning, Message: "dropped U+000B, U+FFFE: XML 1.0 cannot carry it"},
				{Path: "posts/ctrl.md", Line: 5, Field: content.BodyField, Severity: diag.Warning, Message: "dropped U+000B: XML 1.0 cannot carry it"},
			},
			check: func(t *testing.T, b *built) {
				if got := b.post("ctrl").Title; got != "Ctrlchar and  nonchar" {
					t.Errorf("title %q, want the characters dropped", got)
				}
				b.checkText("ctrl", true)
				for name, data := range readTree(t, b.out) {
					if strings.HasSuffix(name, ".png") || strings.HasSuffix(name, ".jpg") || strings.HasSuffix(name, ".webp") {
						continue // images: bytes, not text
					}
					if strings.ContainsAny(data, "\x0b\uFFFE\uFFFD") || strings.Contains(data, `\u000b`) {
						t.Errorf("%s still holds a dropped character (or U+FFFD)", name)
					}
				}
			},
		},
		{
			name: "spaces and non-ASCII in URLs",
			files: map[string]string{
				"static/images/my hero é.png": hero,
				"content/posts/cafe.md": md("title: Café crème\nslug: café crème\ndate: 2025-10-01\nimage: /images/my hero é.png\nimageAlt: A hero\n",
					"Some text.\n\n![Inline](<https://cdn.example.net/a b/é.jpg>)\n"),
				"content/posts/canon.md": md("title: Canon\ndate: 2025-10-02\ncanonical: https://example.com/blog/été/\n", "Some text.\n"),
			},
			warnings: []diag.Problem{{Path: "posts/cafe.md", Line: 10, Field: content.BodyField, Severity: diag.Error,
				Message: "image GET https://cdn.example.net/a%20b/%C3%A9.jpg: lookup cdn.example.net: tests do not use the network"}},
			check: func(t *testing.T, b *built) {
				cafe := badSiteURL + "caf%C3%A9%20cr%C3%A8me/"
				// The card is the primary image; the hero's first crop
				// (16:9 of a 1200×630 source) is the sitemap's second image.
				cardURL := badSiteURL + "cards/caf%C3%A9%20cr%C3%A8me-og-"
				if u := b.head("café crème").meta["og:image"]; len(u) == 1 && strings.HasPrefix(u[0], cardURL) {
					cardURL = u[0]
				}
				heroURL := badSiteURL + "images/caf%C3%A9%20cr%C3%A8me/my-hero-%C3%A9-1120x630-" + heroHash(t, b, "café crème") + ".jpg"
				if got := b.page("café crème").URL; got != cafe {
					t.Errorf("posts.json url %q, want %q", got, cafe)
				}
				var m struct {
					Posts []struct{ Slug, URL, Canonical string }
				}
				if err := json.Unmarshal([]byte(readTree(t, b.out)["posts.json"]), &m); err != nil {
					t.Fatal(err)
				}
				for _, got := range m.Posts {
					if got.Slug == "canon" && (got.URL != badSiteURL+"%C3%A9t%C3%A9/" || got.Canonical != got.URL) {
						t.Errorf("posts.json url %q and canonical %q of the canonical, want both percent-encoded", got.URL, got.Canonical)
					}
				}
				var got *smURL
				for _, u := range b.urls("sitemap.xml") {
					if u.Loc == cafe {
						got = &u
					}
					for _, s := range append([]string{u.Loc}, u.Images...) {
						if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r > '~' }) {
							t.Errorf("sitemap.xml: %q is not percent-encoded", s)
						}
					}
				}
				if got == nil {
					t.Fatalf("sitemap.xml has no <url> for %s", cafe)
				}
				// The inline image failed (no network in tests): not listed.
				if diff := cmp.Diff([]string{cardURL, heroURL}, got.Images); diff != "" {
					t.Errorf("image:loc (-want +got):\n%s", diff)
				}
				h := b.head("café crème")
				wantMeta := map[string][]string{"og:url": {cafe}, "og:image": {cardURL}, "og:image:width": {"1200"}, "og:image:height": {"630"}}
				for k, want := range wantMeta {
					if diff := cmp.Diff(want, h.meta[k]); diff != "" {
						t.Errorf("head %s (-want +got):\n%s", k, diff)
					}
				}
			},
		},
		{
			name: "a post without any date",
			files: map[string]string{
				"content/posts/undated.md": md("title: Undated\n", "No date.\n"),
				"content/posts/dated.md":   md("title: Dated\ndate: "+inWindow+"\n", "A date.\n"),
			},
			warnings: []diag.Problem{{Path: "posts/undated.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
				Message: "no date: the post is kept out of the feeds and the news sitemap"}},
			check: func(t *testing.T, b *built) {
				undated := b.page("undated").URL
				var found bool
				for _, u := range b.urls("sitemap.xml") {
					if u.Loc == undated {
						found = true
						if u.LastMod != nil {
							t.Errorf("sitemap.xml: %s has lastmod %q, want none", undated, *u.LastMod)
						}
					}
				}
				if !found {
					t.Errorf("sitemap.xml has no <url> for %s", undated)
				}
				if diff := cmp.Diff([]string{b.page("dated").URL}, b.locs("sitemap-news.xml")); diff != "" {
					t.Errorf("news sitemap (-want +got):\n%s", diff)
				}
			},
		},
		{
			// Rule 7: publication/language is the article's own language
			// (zh-cn|zh-tw|[a-z]{2,3}), not the configured one for every
			// article; the configured one is for a post whose language
			// does not map.
			name: "the news sitemap gives each article its own language",
			files: map[string]string{
				"content/posts/fr.md":      md("title: Bonjour\ndate: "+inWindow+"\nlang: fr\n", "Texte.\n"),
				"content/posts/hant.md":    md("title: Traditional\ndate: "+inWindow+"\nlang: zh-Hant-TW\n", "Text.\n"),
				"content/posts/hans.md":    md("title: Simplified\ndate: "+inWindow+"\nlang: zh-CN\n", "Text.\n"),
				"content/posts/hk.md":      md("title: Hong Kong\ndate: "+inWindow+"\nlang: zh_HK\n", "Text.\n"),
				"content/posts/br.md":      md("title: Olá\ndate: "+inWindow+"\nlang: pt_BR\n", "Texto.\n"),
				"content/posts/site.md":    md("title: Site language\ndate: "+inWindow+"\n", "Text.\n"),
				"content/posts/unknown.md": md("title: Undetermined\ndate: "+inWindow+"\nlang: und\n", "Text.\n"),
			},
			configure: func(c *config.Config) { c.Site.Language = "en-GB"; c.Sitemap.News.Language = "de" },
			check: func(t *testing.T, b *built) {
				var us struct {
					URLs []struct {
						Loc  string `xml:"loc"`
						Lang string `xml:"http://www.google.com/schemas/sitemap-news/0.9 news>publication>language"`
					} `xml:"url"`
				}
				if err := xml.Unmarshal([]byte(b.file("sitemap-news.xml")), &us); err != nil {
					t.Fatal(err)
				}
				got := map[string]string{}
				for _, u := range us.URLs {
					got[u.Loc] = u.Lang
				}
				want := map[string]string{}
				for slug, lang := range map[string]string{"fr": "fr", "hant": "zh-tw", "hans": "zh-cn", "hk": "zh-tw",
					"br": "pt", "site": "en", "unknown": "de"} {
					want[b.page(slug).URL] = lang
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("news:language by loc (-want +got):\n%s", diff)
				}
			},
		},
		{
			// A reader resolves "#sec" against the feed (or its own view),
			// where no element has that id: every feed carries it
			// absolute, against the post's own URL, as every other
			// relative link.
			name: "a fragment-only link in the body",
			files: map[string]string{
				"content/posts/toc.md": md("title: Contents\ndate: 2025-10-01\ncategory: Docs\n",
					"See [the section](#sec), [the top](#) and [the next post](../other/).\n\n## Sec\n\nText.\n"),
			},
			check: func(t *testing.T, b *built) {
				toc := b.page("toc").URL
				want := []string{toc + "#sec", toc, badSiteURL + "other/"}
				feeds := map[string]string{"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json", "category/docs/feed.xml": "rss"}
				for name, typ := range feeds {
					items := itemsOf(parseFeed(t, filepath.Join(b.out, filepath.FromSlash(name)), typ))
					if len(items) != 1 {
						t.Fatalf("%s: %d items, want 1", name, len(items))
					}
					if diff := cmp.Diff(want, hrefs(t, items[0].Content)); diff != "" {
						t.Errorf("%s: content hrefs (-want +got):\n%s", name, diff)
					}
					if !strings.Contains(items[0].Content, `<h2 id="sec">`) {
						t.Errorf("%s: content has no heading with id sec: %q", name, items[0].Content)
					}
				}
			},
		},
		{
			// Rules 11 and 13 want a feed date, and there is no newest
			// item to take it from: a site without any date gets the
			// build clock, and a warning saying so — never 1970.
			name:  "only undated posts: the feeds are empty, dated with the build clock",
			files: map[string]string{"content/posts/undated.md": md("title: Undated\n", "No date.\n")},
			warnings: []diag.Problem{
				{Field: "feeds", Severity: diag.Warning,
					Message: "no post (nor sitemap.extra page) has a date: the feeds are dated with the build time, 2025-11-05T12:00:00+01:00"},
				{Path: "posts/undated.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
			},
			check: func(t *testing.T, b *built) {
				b.checkFeedDates(exampleNow)
				if b.exists("sitemap-news.xml") {
					t.Error("a news sitemap without posts was written")
				}
			},
		},
		{
			// The newest date the site has: the sitemap's newest lastmod.
			name: "undated posts, one with an updated date, and a dated sitemap.extra page",
			files: map[string]string{
				"content/posts/undated.md": md("title: Undated\n", "No date.\n"),
				"content/posts/touched.md": md("title: Touched\nupdated: 2025-10-20T09:00:00Z\n", "Updated, never published.\n"),
			},
			configure: func(c *config.Config) {
				c.Sitemap.Extra = []config.SitemapPage{{Path: "/about/", LastMod: "2025-10-21T10:30:00+02:00"}, {Path: "/old/", LastMod: "2025-01-01"}}
			},
			warnings: []diag.Problem{
				{Path: "posts/touched.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
				{Path: "posts/undated.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
			},
			check: func(t *testing.T, b *built) {
				b.checkFeedDates(time.Date(2025, 10, 21, 8, 30, 0, 0, time.UTC))
			},
		},
		{
			name: "undated posts and a post with only an updated date",
			files: map[string]string{
				"content/posts/undated.md": md("title: Undated\n", "No date.\n"),
				"content/posts/touched.md": md("title: Touched\nupdated: 2025-10-20T09:00:00Z\n", "Updated, never published.\n"),
			},
			warnings: []diag.Problem{
				{Path: "posts/touched.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
				{Path: "posts/undated.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
			},
			check: func(t *testing.T, b *built) {
				b.checkFeedDates(time.Date(2025, 10, 20, 9, 0, 0, 0, time.UTC))
			},
		},
		{
			name:    "a canonical URL on another host (syndicated)",
			offSite: true,
			files: map[string]string{
				"content/posts/syndicated.md": md("title: Syndicated\ndate: 2025-10-01\ncanonical: https://other.example/original/\n", "Text.\n"),
				"content/posts/own.md":        md("title: Own\ndate: 2025-10-02\n", "Text.\n"),
			},
			warnings: []diag.Problem{{Path: "posts/syndicated.md", Line: 4, Field: "canonical", Severity: diag.Warning,
				Message: "https://other.example/original/ is not under https://example.com/blog/: the post is left out of the sitemaps"}},
			check: func(t *testing.T, b *built) {
				if slices.Contains(b.locs("sitemap.xml"), "https://other.example/original/") {
					t.Error("sitemap.xml lists a URL on another host")
				}
				if got := b.head("syndicated").links["canonical"]; len(got) != 1 || got[0] != "https://other.example/original/" {
					t.Errorf("head.html canonical = %q, want the syndicated original", got)
				}
			},
		},
		{
			name:  "a body of images only: the description falls back to the title",
			files: map[string]string{"content/posts/pics.md": md("title: Café pictures\ndate: 2025-08-01\n", "![A cup](https://img.example.net/cup.jpg)\n")},
			warnings: []diag.Problem{{Path: "posts/pics.md", Line: 5, Field: content.BodyField, Severity: diag.Error,
				Message: "image GET https://img.example.net/cup.jpg: lookup img.example.net: tests do not use the network"}},
			check: func(t *testing.T, b *built) {
				if got := b.head("pics").meta["description"]; len(got) != 1 || got[0] != "Café pictures" {
					t.Errorf("meta description = %q, want the title", got)
				}
			},
		},
		{
			name:  "a 500-character title",
			cards: []string{"posts/long.md:2: card: og card: title cut with …", "title shrunk to 46 px"},
			files: map[string]string{"content/posts/long.md": md("title: "+longTitle+"\ndate: "+inWindow+"\n", "Long.\n")},
			check: func(t *testing.T, b *built) {
				if n := utf8.RuneCountInString(b.post("long").Title); n != 500 {
					t.Fatalf("the title has %d characters, want 500", n)
				}
				b.checkText("long", true)
			},
		},
		{
			name: "a site URL with a path",
			files: map[string]string{
				"content/posts/bundle/index.md": md("title: Bundle\ndate: 2025-10-01\ncategory: Cloud & Infra\nimage: hero.png\nimageAlt: A hero\n", "Text.\n"),
				"content/posts/bundle/hero.png": hero,
			},
			check: func(t *testing.T, b *built) {
				if want := "User-agent: *\nAllow: /\n\nSitemap: " + badSiteURL + "sitemap.xml\n"; b.file("robots.txt") != want {
					t.Errorf("robots.txt = %q, want %q", b.file("robots.txt"), want)
				}
				got := map[string]any{
					"og:image":   b.head("bundle").meta["og:image"],
					"author":     b.node("bundle", "Person")["url"],
					"logo":       b.node("bundle", "Organization")["logo"].(map[string]any)["url"],
					"breadcrumb": b.node("bundle", "BreadcrumbList")["itemListElement"].([]any)[1].(map[string]any)["item"],
				}
				want := map[string]any{
					"og:image":   []string{badSiteURL + "cards/bundle-og-" + cardHash(t, b, "bundle") + ".png"},
					"author":     badSiteURL + "authors/ann/",
					"logo":       badSiteURL + "images/logo.png",
					"breadcrumb": badSiteURL + "category/cloud-infra/",
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("URLs (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "noindex, draft and future posts (rule 10)",
			files: map[string]string{
				"content/posts/visible.md":   md("title: Visible\ndate: "+inWindow+"\ncategory: Culture\n", "Seen.\n"),
				"content/posts/hidden.md":    md("title: Hidden\ndate: "+inWindow+"\ncategory: Culture\nnoindex: true\n", "Not indexed.\n"),
				"content/posts/wip-post.md":  md("title: Work In Progress\ndate: "+inWindow+"\ncategory: Culture\ndraft: true\n", "Draft.\n"),
				"content/posts/next-week.md": md("title: Next Week\ndate: 2025-11-12\ncategory: Culture\n", "Later.\n"),
			},
			check: func(t *testing.T, b *built) {
				if b.res.Drafts != 1 || b.res.Future != 1 || b.res.Published != 2 {
					t.Errorf("%d published, %d drafts, %d future; want 2, 1, 1", b.res.Published, b.res.Drafts, b.res.Future)
				}
				hidden := b.page("hidden")
				if !slices.Equal(b.head("hidden").meta["robots"], []string{"noindex"}) {
					t.Errorf("the noindex post's head has robots %q", b.head("hidden").meta["robots"])
				}
				files := readTree(t, b.out)
				for name, data := range files {
					if !strings.HasPrefix(name, "seo/hidden/") && name != "posts.json" && strings.Contains(data, hidden.URL) {
						t.Errorf("%s lists the noindex post", name)
					}
					for _, s := range []string{"wip-post", "Work In Progress", "next-week", "Next Week"} {
						if strings.Contains(name+"\n"+data, s) {
							t.Errorf("%s holds %q of a draft or future post", name, s)
						}
					}
				}
				if !b.exists("category/culture/feed.xml") || !strings.Contains(files["posts.json"], hidden.URL) {
					t.Error("the checks above looked at no category feed, or posts.json lacks the noindex post")
				}
			},
		},
		{
			name:      "feeds.limit",
			files:     many,
			configure: func(c *config.Config) { c.Feeds.Limit = 3 },
			check: func(t *testing.T, b *built) {
				f := parseFeed(t, filepath.Join(b.out, "category", "cat", "feed.xml"), "rss")
				if len(f.Items) != 3 || f.Items[0].Title != "Post 25" {
					t.Errorf("category feed: %d items, first %q; want 3, Post 25", len(f.Items), f.Items[0].Title)
				}
			},
		},
		{
			name:      "feeds.limit 0 is all",
			files:     many,
			configure: func(c *config.Config) { c.Feeds.Limit = 0 },
			check: func(t *testing.T, b *built) {
				if f := parseFeed(t, filepath.Join(b.out, "feed.json"), "json"); len(f.Items) != 25 {
					t.Errorf("feed.json: %d items, want all 25", len(f.Items))
				}
			},
		},
		{
			name: "feeds.content summary",
			files: map[string]string{
				"content/posts/a.md": md("title: A\ndate: 2025-10-01\nexcerpt: \"The <short> & sweet version.\"\n", "The **long** version.\n"),
				"content/posts/b.md": md("title: B\ndate: 2025-10-02\n", "Derived summary & more.\n"),
			},
			configure: func(c *config.Config) { c.Feeds.Content = "summary" },
			check: func(t *testing.T, b *built) {
				for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
					if strings.Contains(b.file(name), "<strong>long") {
						t.Errorf("%s holds the full content", name)
					}
				}
			},
		},
		{
			name: "a feed per category",
			files: map[string]string{
				"content/posts/c1.md": md("title: C1\ndate: 2025-10-01\ncategory: Cloud & Infra\n", "x\n"),
				"content/posts/c2.md": md("title: C2\ndate: 2025-10-03\ncategory: Cloud & Infra\n", "x\n"),
				"content/posts/h1.md": md("title: H1\ndate: 2025-10-02\ncategories: [Hardware, Other]\n", "x\n"),
				"content/posts/u1.md": md("title: U1\ndate: 2025-10-04\n", "x\n"),
				"content/posts/n1.md": md("title: N1\ndate: 2025-10-05\ncategory: Culture\nnoindex: true\n", "x\n"),
			},
			check: func(t *testing.T, b *built) {
				got := map[string][]string{}
				cats, _ := filepath.Glob(filepath.Join(b.out, "category", "*", "feed.xml"))
				for _, c := range cats {
					f := parseFeed(t, c, "rss")
					slug := filepath.Base(filepath.Dir(c))
					got[slug] = append(got[slug], f.Title, f.FeedLink)
					for _, it := range f.Items {
						got[slug] = append(got[slug], it.Title)
					}
				}
				want := map[string][]string{
					"cloud-infra": {`Bad <Input> & "Co" — Cloud & Infra`, badSiteURL + "category/cloud-infra/feed.xml", "C2", "C1"},
					"hardware":    {`Bad <Input> & "Co" — Hardware`, badSiteURL + "category/hardware/feed.xml", "H1"},
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("category feeds: title, self link, items (-want +got):\n%s", diff)
				}
			},
		},
		{
			name:      "sitemap.gzip",
			files:     map[string]string{"content/posts/a.md": md("title: A\ndate: "+inWindow+"\n", "x\n")},
			configure: func(c *config.Config) { c.Sitemap.Gzip = true },
			check: func(t *testing.T, b *built) {
				for _, name := range []string{"sitemap.xml", "sitemap-news.xml"} {
					if !slices.Contains(b.res.Files, name+".gz") {
						t.Errorf("Result.Files lacks %s.gz", name)
						continue
					}
					zr, err := gzip.NewReader(strings.NewReader(b.file(name + ".gz")))
					if err != nil {
						t.Fatalf("%s.gz: %v", name, err)
					}
					data, err := io.ReadAll(zr)
					if err != nil {
						t.Fatalf("%s.gz: %v", name, err)
					}
					if string(data) != b.file(name) {
						t.Errorf("%s.gz does not hold %s", name, name)
					}
					if zr.Name != "" || !zr.ModTime.IsZero() {
						t.Errorf("%s.gz header has name %q, mtime %v: want neither (rule 29)", name, zr.Name, zr.ModTime)
					}
				}
			},
		},
		{
			// The second English post is an error, and only it loses its
			// alternates: every post stays in the sitemap, and the other
			// two keep their reciprocal set (rule 8).
			name: "two translations in one language",
			files: map[string]string{
				"content/posts/a-en.md": md("title: A\ndate: 2025-10-01\ntranslationKey: k\nlang: en\n", "x\n"),
				"content/posts/b-en.md": md("title: B\ndate: 2025-10-02\ntranslationKey: k\nlang: en\n", "x\n"),
				"content/posts/c-fr.md": md("title: C\ndate: 2025-10-03\ntranslationKey: k\nlang: fr\n", "x\n"),
			},
			warnings: []diag.Problem{{Path: "posts/b-en.md", Line: 5, Field: "lang", Severity: diag.Error,
				Message: `translation "k" already has a post in language "en": this post is left out of its hreflang alternates (give each translation its own lang); the first is`,
				Other:   diag.Loc{Path: "posts/a-en.md", Line: 5}}},
			check: func(t *testing.T, b *built) {
				want := []string{badSiteURL, badSiteURL + "a-en/", badSiteURL + "b-en/", badSiteURL + "c-fr/"}
				if diff := cmp.Diff(want, b.locs("sitemap.xml"), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
					t.Errorf("sitemap locs (-want +got):\n%s", diff)
				}
				var sm struct {
					URLs []struct {
						Loc  string `xml:"loc"`
						Alts []struct {
							Lang string `xml:"hreflang,attr"`
							Href string `xml:"href,attr"`
						} `xml:"http://www.w3.org/1999/xhtml link"`
					} `xml:"url"`
				}
				if err := xml.Unmarshal([]byte(b.file("sitemap.xml")), &sm); err != nil {
					t.Fatal(err)
				}
				got := map[string][]string{}
				for _, u := range sm.URLs {
					for _, a := range u.Alts {
						got[u.Loc] = append(got[u.Loc], a.Lang+" "+a.Href)
					}
				}
				set := []string{"en " + badSiteURL + "a-en/", "fr " + badSiteURL + "c-fr/", "x-default " + badSiteURL + "a-en/"}
				if diff := cmp.Diff(map[string][]string{badSiteURL + "a-en/": set, badSiteURL + "c-fr/": set}, got); diff != "" {
					t.Errorf("hreflang alternates (-want +got):\n%s", diff)
				}
			},
		},
		{
			// An update dated after the build clock is no lastmod yet
			// (rule 4): the post is dated as published, everywhere, and
			// so is an extra page's lastmod to come.
			name: "an update dated after the build",
			files: map[string]string{
				"content/posts/soon.md": md("title: Soon\ndate: 2025-10-01T10:00:00Z\nupdatedAt: 2026-01-01T00:00:00Z\n", "x\n"),
			},
			configure: func(c *config.Config) {
				c.Sitemap.Extra = []config.SitemapPage{{Path: "/about/", LastMod: "2025-12-24"}}
			},
			warnings: []diag.Problem{
				{Path: "posts/soon.md", Line: 4, Field: "updatedAt", Severity: diag.Warning,
					Message: "2026-01-01T00:00:00Z is after the build time 2025-11-05T11:00:00Z: the updated date is left out until then"},
				{Path: "seopipe.yaml", PathAsGiven: true, Field: "sitemap.extra[0].lastmod", Severity: diag.Warning,
					Message: "2025-12-24T00:00:00Z is after the build time 2025-11-05T11:00:00Z: the page is listed without a lastmod until then"},
			},
			check: func(t *testing.T, b *built) {
				got := map[string]string{}
				for _, u := range b.urls("sitemap.xml") {
					got[u.Loc] = "none"
					if u.LastMod != nil {
						got[u.Loc] = *u.LastMod
					}
				}
				want := map[string]string{badSiteURL: "2025-10-01T10:00:00Z", badSiteURL + "soon/": "2025-10-01T10:00:00Z", badSiteURL + "about/": "none"}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("sitemap lastmods (-want +got):\n%s", diff)
				}
				if got := b.head("soon").meta["article:modified_time"]; !cmp.Equal(got, []string{"2025-10-01T10:00:00Z"}) {
					t.Errorf("article:modified_time %q, want the published date", got)
				}
				if got := b.node("soon", "BlogPosting")["dateModified"]; got != "2025-10-01T10:00:00Z" {
					t.Errorf("dateModified %v, want the published date", got)
				}
			},
		},
		{
			// The scheme's port and the host's case do not make another
			// URL: the second post names the first's, an error (rule 3).
			name: "a canonical URL that differs in case and port only",
			files: map[string]string{
				"content/posts/a.md": md("title: A\ndate: 2025-10-01\n", "x\n"),
				"content/posts/e.md": md("title: E\ndate: 2025-10-02\ncanonical: https://EXAMPLE.com:443/blog/a/\n", "x\n"),
			},
			warnings: []diag.Problem{{Path: "posts/e.md", Line: 4, Field: "canonical", Severity: diag.Error,
				Message: "URL https://example.com/blog/a/ is also the URL of", Other: diag.Loc{Path: "posts/a.md"}}},
			check: func(t *testing.T, b *built) {
				if diff := cmp.Diff([]string{badSiteURL, badSiteURL + "a/"}, b.locs("sitemap.xml")); diff != "" {
					t.Errorf("sitemap locs (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "the user's robots.txt",
			files: map[string]string{
				"content/robots.txt":   "User-agent: *\nDisallow: /private/\n",
				"content/posts/old.md": md("title: Old\ndate: 2025-10-01\n", "x\n"),
			},
			check: func(t *testing.T, b *built) {
				if want := "User-agent: *\nDisallow: /private/\n\nSitemap: " + badSiteURL + "sitemap.xml\n"; b.file("robots.txt") != want {
					t.Errorf("robots.txt = %q, want %q", b.file("robots.txt"), want)
				}
			},
		},
		{
			name: "the user's robots.txt already names the sitemap",
			files: map[string]string{
				"content/robots.txt":   "User-agent: *\r\nDisallow: /private/\r\nSitemap: " + badSiteURL + "sitemap.xml\r\n",
				"content/posts/new.md": md("title: New\ndate: "+inWindow+"\n", "x\n"),
			},
			check: func(t *testing.T, b *built) {
				want := "User-agent: *\r\nDisallow: /private/\r\nSitemap: " + badSiteURL + "sitemap.xml\r\nSitemap: " + badSiteURL + "sitemap-news.xml\r\n"
				if b.file("robots.txt") != want {
					t.Errorf("robots.txt = %q, want %q", b.file("robots.txt"), want)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{"seopipe.yaml": badSiteConfig, "static/images/logo.png": logo})
			writeTree(t, dir, tt.files)
			opts := siteOptions(t, dir, tt.configure)
			res := mustRun(t, opts)
			checkTotals(t, res)
			b := &built{t: t, out: opts.OutDir, res: res}

			var problems []diag.Problem
			var notices []string
			for _, p := range res.Problems {
				if cardNotice(p) {
					notices = append(notices, p.Error())
				} else {
					problems = append(problems, p)
				}
			}
			if diff := cmp.Diff(tt.warnings, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			for _, want := range tt.cards {
				if !slices.ContainsFunc(notices, func(n string) bool { return strings.Contains(n, want) }) {
					t.Errorf("no card notice says %q; got %q", want, notices)
				}
			}
			if len(tt.cards) == 0 && len(notices) > 0 {
				t.Errorf("unexpected card notices: %q", notices)
			}
			for _, p := range res.OutputProblems {
				t.Errorf("verify found: %s", p.Error())
			}
			validateSitemaps(t, b.out)
			checkFeeds(t, b.out, feedPosts(res, opts.Config.Feeds.Limit), opts.Config.Feeds.Content != "summary")
			if !tt.offSite {
				checkURLsUnder(t, b.out, badSiteURL)
			}
			tt.check(t, b)
		})
	}
}

// hrefs returns the href of every element of an HTML fragment, in order.
func hrefs(t *testing.T, fragment string) []string {
	t.Helper()
	var out []string
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("reading %q: %v", fragment, z.Err())
			}
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range z.Token().Attr {
				if a.Key == "href" {
					out = append(out, a.Val)
				}
			}
		}
	}
}

// heroHash is the hash8 in the name of the post's first crop.
func heroHash(t *testing.T, b *built, slug string) string {
	t.Helper()
	for _, p := range readImageManifest(t, b.out).Posts {
		if p.Slug == slug && len(p.Images) > 0 && len(p.Images[0].Crops) > 0 {
			name := p.Images[0].Crops[0].Path
			return name[len(name)-12 : len(name)-4]
		}
	}
	t.Fatalf("%s has no processed hero", slug)
	return ""
}

// cardHash is the hash8 in the name of the post's og card.
func cardHash(t *testing.T, b *built, slug string) string {
	t.Helper()
	var m cardManifest
	if err := json.Unmarshal(readFile(t, filepath.Join(b.out, "posts.json")), &m); err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Posts {
		if p.Slug == slug && len(p.Cards) > 0 {
			name := p.Cards[0].Path
			return name[len(name)-12 : len(name)-4]
		}
	}
	t.Fatalf("%s has no card", slug)
	return ""
}
