package pipeline

import (
	"compress/gzip"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/config"
)

// TestBadInputsSitemaps checks the news sitemap's languages, gzip, and the user's
// own robots.txt.
func TestBadInputsSitemaps(t *testing.T) {
	t.Parallel()
	runBadInputs(t, []badCase{
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
	})
}
