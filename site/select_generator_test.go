package site

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/post"
)

// TestSelectGeneratorPages checks that what a site's generator decides of
// each post (generator.Page) is what the page gets: its URL path, whether
// it is published and listed, its language, pairing and aliases.
func TestSelectGeneratorPages(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	mk := func(source, slug string, edit func(*post.Post)) *post.Post {
		p := &post.Post{Slug: slug, Title: slug, Source: source, PublishedAt: now.Add(-time.Hour), Lang: "en", Lines: post.Lines{}}
		if edit != nil {
			edit(p)
		}
		return p
	}
	all := []*post.Post{
		mk("content/posts/code_syntax.md", "code_syntax", nil),
		mk("content/posts/hello.md", "hello", nil),
		mk("content/posts/hello.fr.md", "hello", nil),
		mk("content/posts/hidden.md", "hidden", nil),
		mk("content/posts/unlisted.md", "unlisted", nil),
		mk("content/posts/own.md", "own", func(p *post.Post) { p.Canonical = "https://other.example/own/" }),
		mk("content/posts/fallback.md", "fallback", nil),
		mk("content/posts/host.de.md", "host", nil),
		mk("content/extra.md", "extra", nil), // not one of the generator's posts
	}
	pages := map[string]generator.Page{
		"content/posts/code_syntax.md": {Render: true, List: true, Path: "/posts/code_syntax/"},
		"content/posts/hello.md":       {Render: true, List: true, Path: "/posts/hello/", Lang: "en", TranslationKey: "posts/hello", Aliases: []string{"/old/hello/"}},
		"content/posts/hello.fr.md":    {Render: true, List: true, Path: "/fr/posts/hello/", Lang: "fr", TranslationKey: "posts/hello"},
		"content/posts/hidden.md":      {Render: false, List: false, Path: "/posts/hidden/"},
		"content/posts/unlisted.md":    {Render: true, List: false, Path: "/posts/unlisted/"},
		"content/posts/own.md":         {Render: true, List: true, Path: "/posts/own/"},
		"content/posts/fallback.md":    {Render: true, List: true}, // no path: site.permalink
		"content/posts/host.de.md":     {Render: true, List: true, Path: "/posts/host/", Lang: "de", BaseURL: "https://example.de/b/"},
	}
	sel := Select(all, func(string) bool { return false }, SelectOptions{Now: now, Permalink: "/{slug}/", Location: time.UTC,
		Expand: content.ExpandPermalink, SiteURL: "https://example.com/blog/", Pages: pages})
	type got struct {
		Source, URL, Lang, Key string
		Aliases                []string
		Unlisted               bool
	}
	var gots []got
	for _, pg := range sel.Posts {
		gots = append(gots, got{pg.Post.Source, pg.URL, pg.Language(), pg.Translation(), pg.Aliases, pg.Unlisted})
	}
	want := []got{
		{"content/posts/code_syntax.md", "https://example.com/blog/posts/code_syntax/", "en", "", nil, false},
		{"content/posts/fallback.md", "https://example.com/blog/fallback/", "en", "", nil, false},
		{"content/posts/hello.fr.md", "https://example.com/blog/fr/posts/hello/", "fr", "posts/hello", nil, false},
		{"content/posts/hello.md", "https://example.com/blog/posts/hello/", "en", "posts/hello", []string{"/old/hello/"}, false},
		{"content/posts/host.de.md", "https://example.de/b/posts/host/", "de", "", nil, false}, // its language's host
		{"content/posts/own.md", "https://other.example/own/", "en", "", nil, false},
		{"content/posts/unlisted.md", "https://example.com/blog/posts/unlisted/", "en", "", nil, true},
	}
	if diff := cmp.Diff(want, gots, cmpopts.SortSlices(func(a, b got) bool { return a.Source < b.Source })); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if sel.NotPosts != 2 {
		t.Errorf("NotPosts = %d, want 2 (hidden.md, rendered never, and extra.md, no post of the generator's)", sel.Headless)
	}
	if len(sel.Problems) != 0 {
		t.Errorf("problems: %v", sel.Problems)
	}
	if len(sel.TranslationDups) != 0 {
		t.Errorf("TranslationDups = %v: hello.md and hello.fr.md are one content in two languages", sel.TranslationDups)
	}
}

// TestSelectGeneratorLang checks that a post without a path of its
// generator's takes site.permalink's, with {lang} the generator's language.
func TestSelectGeneratorLang(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	p := &post.Post{Slug: "hello", Title: "Hello", Source: "content/hello.fr.md", PublishedAt: now.Add(-time.Hour), Lang: "en", Lines: post.Lines{}}
	sel := Select([]*post.Post{p}, func(string) bool { return false }, SelectOptions{Now: now, Permalink: "/{lang}/{slug}/", Location: time.UTC,
		Expand: content.ExpandPermalink, SiteURL: "https://example.com/",
		Pages: map[string]generator.Page{p.Source: {Render: true, List: true, Lang: "fr"}}})
	if len(sel.Posts) != 1 || sel.Posts[0].URL != "https://example.com/fr/hello/" {
		t.Fatalf("posts %+v, want https://example.com/fr/hello/", sel.Posts)
	}
	if p.Lang != "en" {
		t.Errorf("the post's Lang was changed to %q", p.Lang)
	}
}

// TestSelectExpired checks that Expired (Hugo's buildExpired) publishes a
// post whose expiryDate has come.
func TestSelectExpired(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	p := &post.Post{Slug: "old", Title: "Old", Source: "old.md", PublishedAt: now.AddDate(0, -1, 0), ExpiryDate: now.AddDate(0, 0, -1), Lines: post.Lines{}}
	for _, expired := range []bool{false, true} {
		sel := Select([]*post.Post{p}, func(string) bool { return false }, SelectOptions{Now: now, Permalink: "/{slug}/", Location: time.UTC,
			Expand: content.ExpandPermalink, SiteURL: "https://example.com/", Expired: expired})
		if got := len(sel.Posts) == 1; got != expired {
			t.Errorf("Expired %v: published %v", expired, got)
		}
	}
}
