package seo

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/site"
)

// caseNamed returns a fresh copy of the test case called name.
func caseNamed(t *testing.T, name string) testCase {
	t.Helper()
	for _, c := range testCases() {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no test case %q", name)
	return testCase{}
}

// TestDeterministic checks rule 29: two runs over fresh copies of the same
// input give the same bytes, and Render gives what Head and Graph give.
func TestDeterministic(t *testing.T) {
	for _, tc := range testCases() {
		t.Run(tc.name, func(t *testing.T) {
			h1, err := Head(tc.site, tc.page, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			g1, err := Graph(tc.site, tc.page, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			again := caseNamed(t, tc.name)
			h2, g2, err := Render(again.site, again.page, again.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(h1, h2) {
				t.Errorf("head.html differs between runs:\n%s", gocmp.Diff(string(h1), string(h2)))
			}
			if !bytes.Equal(g1, g2) {
				t.Errorf("schema.jsonld differs between runs:\n%s", gocmp.Diff(string(g1), string(g2)))
			}
		})
	}
}

// TestOptional checks that absent data leaves no trace: no date, no image,
// no category, no keywords.
func TestOptional(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*site.Site, *site.Page)
		gone []string // in neither head.html nor schema.jsonld
	}{
		{"control", func(*site.Site, *site.Page) {}, nil},
		{"no-date", func(_ *site.Site, p *site.Page) { p.Post.PublishedAt = time.Time{} },
			[]string{"published_time", "modified_time", "datePublished", "dateModified"}},
		{"updated-only", func(_ *site.Site, p *site.Page) {
			p.Post.PublishedAt = time.Time{}
			p.Updated = time.Date(2025, 11, 9, 0, 0, 0, 0, malta)
		}, []string{"published_time", "datePublished"}},
		{"no-image", func(_ *site.Site, p *site.Page) { p.Image = nil },
			[]string{"og:image", "twitter:image", "caption", "primaryimage", "summary_large_image"}},
		{"no-category", func(_ *site.Site, p *site.Page) { p.Post.Category, p.CategoryURL = "", "" },
			[]string{"article:section", "articleSection", "/category/", `"position": 3`}},
		{"category-without-page", func(_ *site.Site, p *site.Page) { p.CategoryURL = "" },
			[]string{"/category/", `"position": 3`}},
		{"no-keywords-no-tags", func(_ *site.Site, p *site.Page) { p.Post.Keywords, p.Post.Tags = nil, nil },
			[]string{`name="keywords"`, "article:tag", `"keywords"`}},
		{"no-authors", func(_ *site.Site, p *site.Page) { p.Authors, p.Post.Authors, p.Post.Author = nil, nil, "" },
			[]string{"article:author", "Person", "twitter:creator"}},
		{"empty-site", func(s *site.Site, _ *site.Page) { *s = site.Site{URL: s.URL} },
			[]string{"og:site_name", `"logo"`, "Signal"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, p := with(tc.edit)
			h, g, err := Render(s, p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			out := string(h) + string(g)
			for _, w := range tc.gone {
				if strings.Contains(out, w) {
					t.Errorf("output contains %q", w)
				}
			}
			if strings.Contains(out, `content=""`) || strings.Contains(out, `href=""`) || strings.Contains(out, `: ""`) {
				t.Errorf("output has an empty value:\n%s\n%s", h, g)
			}
		})
	}
}

// TestTwitterHandles checks handles are written with one "@", however the
// configuration spelled them.
func TestTwitterHandles(t *testing.T) {
	for _, tc := range []struct{ site, author, wantSite, wantCreator string }{
		{"@signalnoise", "@maravella_sn", "@signalnoise", "@maravella_sn"},
		{"signalnoise", "maravella_sn", "@signalnoise", "@maravella_sn"},
		{"", "", "", ""},
	} {
		s, p := with(func(_ *site.Site, p *site.Page) { p.Authors[0].Twitter = tc.author })
		h, err := Head(s, p, Options{TwitterSite: tc.site})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, e := range parseHead(t, h) {
			got[e.Key] = e.Value
		}
		if got["name=twitter:site"] != tc.wantSite || got["name=twitter:creator"] != tc.wantCreator {
			t.Errorf("site %q, author %q: twitter:site %q, twitter:creator %q; want %q, %q",
				tc.site, tc.author, got["name=twitter:site"], got["name=twitter:creator"], tc.wantSite, tc.wantCreator)
		}
	}
}

// TestHomeName: the first breadcrumb's name is the one set, else "Home"
// on an English page, else the site's title, in the page's language (the
// page's own, else the site's) as any other word a reader sees.
func TestHomeName(t *testing.T) {
	tests := []struct {
		name, set, pageLang, siteLang, title, want string
	}{
		{"set", "Signal & Noise", "fr", "en", "S", "Signal & Noise"},
		{"english page", "", "en-GB", "fr", "S", "Home"},
		{"french page", "", "fr", "en", "Signal & Noise", "Signal & Noise"},
		{"german page", "", "de", "en", "Signal & Noise", "Signal & Noise"},
		{"japanese page", "", "ja", "en", "シグナル", "シグナル"},
		{"brazilian page", "", "pt-BR", "en", "Sinal", "Sinal"},
		{"arabic page", "", "ar", "en", "إشارة", "إشارة"},
		{"site's language", "", "", "fr", "Signal & Noise", "Signal & Noise"},
		{"unknown language", "", "und", "", "Signal & Noise", "Home"},
		{"no title", "", "fr", "en", "", "Home"},
	}
	for _, tt := range tests {
		s, p := with(func(s *site.Site, p *site.Page) {
			p.Lang, p.Post.Lang, s.Language, s.Title = tt.pageLang, "", tt.siteLang, tt.title
		})
		g, err := Graph(s, p, Options{HomeName: tt.set})
		if err != nil {
			t.Fatal(err)
		}
		_, byID := decodeGraph(t, g)
		first := byID[p.URL+"#breadcrumb"]["itemListElement"].([]any)[0].(map[string]any)
		if first["name"] != tt.want {
			t.Errorf("%s: first breadcrumb = %v, want the name %q", tt.name, first["name"], tt.want)
		}
	}
}

// TestErrors checks bad input fails with a lowercase error naming the post.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*site.Site, *site.Page, *Options)
		want string
	}{
		{"bad article type", func(_ *site.Site, _ *site.Page, o *Options) { o.ArticleType = "blogposting" },
			`posts/openai-aws-partnership-biggest-tech-deal.md: article type "blogposting" is not BlogPosting, NewsArticle or Article`},
		{"bad twitter site", func(_ *site.Site, _ *site.Page, o *Options) { o.TwitterSite = "@not a handle" },
			`twitter site "@not a handle" is not an X/Twitter handle`},
		{"bad author handle", func(_ *site.Site, p *site.Page, _ *Options) { p.Authors[0].Twitter = "@way_too_long_for_x_handles" },
			`author "Marco Grima": twitter "@way_too_long_for_x_handles" is not an X/Twitter handle`},
		{"relative page URL", func(_ *site.Site, p *site.Page, _ *Options) { p.URL = "/cloud/post/" },
			`page URL "/cloud/post/" is not an absolute http(s) URL`},
		{"no page URL", func(_ *site.Site, p *site.Page, _ *Options) { p.URL = "" },
			`page URL "" is empty`},
		{"relative site URL", func(s *site.Site, _ *site.Page, _ *Options) { s.URL = "example.com/" },
			`site URL "example.com/" is not an absolute http(s) URL`},
		{"relative image", func(_ *site.Site, p *site.Page, _ *Options) { p.Image.URL = "/images/hero.jpg" },
			`image URL "/images/hero.jpg" is not an absolute http(s) URL`},
		{"relative logo", func(s *site.Site, _ *site.Page, _ *Options) { s.Publisher.Logo.URL = "logo.png" },
			`publisher logo URL "logo.png" is not an absolute http(s) URL`},
		{"relative category", func(_ *site.Site, p *site.Page, _ *Options) { p.CategoryURL = "/category/x/" },
			`category URL "/category/x/" is not an absolute http(s) URL`},
		{"javascript author URL", func(_ *site.Site, p *site.Page, _ *Options) { p.Authors[0].URL = "javascript:alert(1)" },
			`author "Marco Grima": URL "javascript:alert(1)" is not an absolute http(s) URL`},
		{"no title", func(_ *site.Site, p *site.Page, _ *Options) { p.Post.Title = "" },
			`post has no title`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, p := with(func(*site.Site, *site.Page) {})
			var o Options
			tc.edit(s, p, &o)
			_, errHead := Head(s, p, o)
			_, errGraph := Graph(s, p, o)
			_, _, errRender := Render(s, p, o)
			for _, err := range []error{errHead, errGraph, errRender} {
				if err == nil {
					t.Fatalf("got no error, want one containing %q", tc.want)
				}
				msg := err.Error()
				if !strings.Contains(msg, tc.want) {
					t.Errorf("error %q does not contain %q", msg, tc.want)
				}
				if !strings.HasPrefix(msg, "seo: ") || unicode.IsUpper([]rune(msg)[0]) {
					t.Errorf("error %q: want a lowercase message starting with \"seo: \"", msg)
				}
			}
		})
	}
	for _, tc := range []struct {
		name string
		s    *site.Site
		p    *site.Page
	}{
		{"nil site", nil, seedPage()},
		{"nil page", testSite(), nil},
		{"nil post", testSite(), &site.Page{URL: "https://example.com/x/"}},
	} {
		if _, err := Head(tc.s, tc.p, Options{}); err == nil {
			t.Errorf("%s: got no error", tc.name)
		}
	}
}

// TestNoAuthorIsPublisher checks that a post without authors credits the
// publisher, so the article's author is still an array that resolves (rule 22).
func TestNoAuthorIsPublisher(t *testing.T) {
	s, p := with(func(_ *site.Site, p *site.Page) { p.Authors, p.Post.Authors, p.Post.Author = nil, nil, "" })
	g, err := Graph(s, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(g, &doc); err != nil {
		t.Fatal(err)
	}
	for _, n := range doc.Graph {
		if n["@type"] == "BlogPosting" {
			want := []any{map[string]any{"@id": s.URL + "#organization"}}
			if diff := gocmp.Diff(want, n["author"]); diff != "" {
				t.Errorf("author (-want +got):\n%s", diff)
			}
			return
		}
	}
	t.Fatal("no BlogPosting node")
}
