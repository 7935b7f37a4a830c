package pipeline

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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

// A badCase is one bad-input site: its files, the config edit, and what
// the build must report and write.
type badCase struct {
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
}

// runBadInputs builds each case's site (badSiteConfig, a logo, and the
// case's files) and checks it: the problems and card notices expected, a
// clean self-check, valid sitemaps and feeds, every URL under the site, and
// then the case's own check.
func runBadInputs(t *testing.T, tests []badCase) {
	t.Helper()
	logo := pngOf(t, 200, 200)
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
