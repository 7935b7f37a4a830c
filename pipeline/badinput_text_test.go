package pipeline

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/diag"
)

// TestBadInputsText checks text that must read back exactly from every output:
// escaping, RTL, emoji, characters XML cannot carry, non-ASCII URLs and
// long titles.
func TestBadInputsText(t *testing.T) {
	t.Parallel()
	hero := pngOf(t, 1200, 630)
	specialTitle := `Ends ]]> & <script>alert(1)</script> "q" 's`
	rtlTitle := "مرحبا بالعالم \u200f(RTL)\u200f 🚀👩🏽‍💻"
	longTitle := strings.Repeat("Ünïcödé wö", 50) // 500 characters
	runBadInputs(t, []badCase{
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
	})
}
