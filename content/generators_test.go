package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// Front-matter shapes of real Hugo themes, Next.js starters and Jekyll
// plugins that are not the seed's own.

func TestFieldsImageShapes(t *testing.T) {
	image := func(p *post.Post) any { return p.Image }
	img := func(src, alt string, line int) *post.Image { return &post.Image{Src: src, Alt: alt, Line: line} }
	runFieldCases(t, []fieldCase{
		{
			name: "Next.js coverImage",
			yaml: `coverImage: "/assets/blog/hello/cover.jpg"`, toml: `coverImage = "/assets/blog/hello/cover.jpg"`, json: `"coverImage": "/assets/blog/hello/cover.jpg"`,
			line: "image", get: image, want: img("/assets/blog/hello/cover.jpg", "", 3),
		},
		{
			name: "Next.js ogImage mapping",
			yaml: "ogImage:\n  url: /assets/blog/hello/og.jpg", toml: "[ogImage]\nurl = \"/assets/blog/hello/og.jpg\"", json: `"ogImage": {"url": "/assets/blog/hello/og.jpg"}`,
			line: "image", get: image, want: img("/assets/blog/hello/og.jpg", "", 3),
		},
		{
			name: "PaperMod cover mapping",
			yaml: "cover:\n  image: cover.jpg\n  alt: A red bridge\n  caption: The bridge at dawn\n  relative: true\n  hiddenInSingle: true",
			toml: "[cover]\nimage = \"cover.jpg\"\nalt = \"A red bridge\"\ncaption = \"The bridge at dawn\"\nrelative = true",
			json: `"cover": {"image": "cover.jpg", "alt": "A red bridge", "caption": "The bridge at dawn", "relative": true}`,
			line: "image", get: image, want: img("cover.jpg", "A red bridge", 3),
		},
		{
			name: "PaperMod cover left blank",
			yaml: "cover:\n  image:\n  alt:\n  hidden: true", toml: "[cover]\nimage = \"\"\nhidden = true", json: `"cover": {"image": null, "hidden": true}`,
			get: image, want: (*post.Image)(nil),
		},
		{
			name: "src wins over image in a mapping",
			yaml: "cover: {image: b.jpg, src: a.jpg}", toml: "cover = { image = \"b.jpg\", src = \"a.jpg\" }", json: `"cover": {"image": "b.jpg", "src": "a.jpg"}`,
			get: image, want: img("a.jpg", "", 3),
		},
		{
			// The social image stays in params for the site's templates.
			name: "a hero wins over ogImage",
			yaml: "ogImage:\n  url: /og.jpg\ncoverImage: /cover.jpg",
			toml: "coverImage = \"/cover.jpg\"\n[ogImage]\nurl = \"/og.jpg\"",
			json: "\"ogImage\": {\"url\": \"/og.jpg\"},\n\"coverImage\": \"/cover.jpg\"",
			get:  func(p *post.Post) any { return p.Image.Src }, want: "/cover.jpg",
			params: map[string]any{"ogImage": map[string]any{"url": "/og.jpg"}},
		},
		{
			name: "a hero wins over images",
			yaml: "images: [/og.jpg]\nimage: /hero.jpg", toml: "images = [\"/og.jpg\"]\nimage = \"/hero.jpg\"", json: "\"images\": [\"/og.jpg\"],\n\"image\": \"/hero.jpg\"",
			get: func(p *post.Post) any { return p.Image.Src }, want: "/hero.jpg",
			params: map[string]any{"images": []any{"/og.jpg"}},
		},
	})
}

func TestFieldsImageShapeErrors(t *testing.T) {
	tests := []struct {
		name, format, entry string
		want                diag.Problem
	}{
		{"mapping without a file", FormatYAML, "cover: {alt: A, caption: C}", diag.Problem{Line: 3, Field: "cover", Message: "a mapping needs src (or url, path, image): the image's URL or file"}},
		{"image of the wrong type", FormatTOML, "[cover]\nimage = 3", diag.Problem{Line: 3, Field: "cover.image", Message: "must be a URL or a path, got number 3"}},
		{"ogImage url of a bad scheme", FormatJSON, `"ogImage": {"url": "javascript:alert(1)"}`, diag.Problem{Line: 3, Field: "ogImage", Message: `"javascript:alert(1)" has scheme "javascript": only http(s) URLs and local paths are allowed`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte(fieldDoc(tt.format, tt.entry)), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			tt.want.Path = "posts/t.md"
			if d := cmp.Diff([]diag.Problem{tt.want}, ps); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}

func TestFieldsAuthorShapes(t *testing.T) {
	type credit struct {
		Names []string
		URLs  map[string]string
	}
	authors := func(p *post.Post) any { return credit{p.Authors, p.AuthorURLs} }
	runFieldCases(t, []fieldCase{
		{
			name: "Next.js author mapping",
			yaml: "author:\n  name: JJ Kasper\n  picture: /assets/blog/authors/jj.jpeg",
			toml: "[author]\nname = \"JJ Kasper\"\npicture = \"/assets/blog/authors/jj.jpeg\"",
			json: `"author": {"name": "JJ Kasper", "picture": "/assets/blog/authors/jj.jpeg"}`,
			line: "author", get: authors, want: credit{Names: []string{"JJ Kasper"}},
		},
		{
			name: "jekyll-seo-tag author with url",
			yaml: "author:\n  name: Jane\n  twitter: jane\n  url: https://jane.example/",
			json: `"author": {"name": "Jane", "twitter": "jane", "url": "https://jane.example/"}`,
			line: "author", get: authors, want: credit{[]string{"Jane"}, map[string]string{"Jane": "https://jane.example/"}},
		},
		{
			name: "link, a path on the site, keys in capitals",
			yaml: "author: {Name: Jane, Link: /about/}", toml: `author = { Name = "Jane", Link = "/about/" }`, json: `"author": {"Name": "Jane", "Link": "/about/"}`,
			get: authors, want: credit{[]string{"Jane"}, map[string]string{"Jane": "/about/"}},
		},
		{
			name: "website, url left blank",
			yaml: "author: {name: Jane, url: '', website: 'https://jane.example/'}",
			json: `"author": {"name": "Jane", "url": "", "website": "https://jane.example/"}`,
			get:  authors, want: credit{[]string{"Jane"}, map[string]string{"Jane": "https://jane.example/"}},
		},
		{
			name: "name left blank",
			yaml: "author: {name: , picture: /a.jpg}", toml: `author = { name = "" }`, json: `"author": {"name": null}`,
			get: authors, want: credit{},
		},
		{
			name: "url left blank",
			yaml: "author: {name: Jane, url: }", toml: `author = { name = "Jane", url = "" }`, json: `"author": {"name": "Jane", "url": null}`,
			get: authors, want: credit{Names: []string{"Jane"}},
		},
		{
			name: "list of mappings",
			yaml: "authors:\n  - name: A\n    url: https://a.example/\n  - name: B",
			toml: "[[authors]]\nname = \"A\"\nurl = \"https://a.example/\"\n[[authors]]\nname = \"B\"",
			json: `"authors": [{"name": "A", "url": "https://a.example/"}, {"name": "B"}]`,
			line: "author", get: authors, want: credit{[]string{"A", "B"}, map[string]string{"A": "https://a.example/"}},
		},
		{
			name: "names and mappings mixed",
			yaml: "authors: [A, {name: B}]", toml: `authors = ["A", { name = "B" }]`, json: `"authors": ["A", {"name": "B"}]`,
			get: authors, want: credit{Names: []string{"A", "B"}},
		},
		{
			name: "a plain name as before",
			yaml: "author: Grima, Marco", toml: `author = "Grima, Marco"`, json: `"author": "Grima, Marco"`,
			get: authors, want: credit{Names: []string{"Grima, Marco"}},
		},
	})
}

func TestFieldsAuthorShapeProblems(t *testing.T) {
	tests := []struct {
		name, entry string
		wantNames   []string
		want        diag.Problem
	}{
		{"wrong type", "author: 5", nil, diag.Problem{Field: "author", Message: "must be a name, a list of names, or a mapping with name, got number 5"}},
		{"mapping without name", "author: {twitter: jane}", nil, diag.Problem{Field: "author", Message: "a mapping needs name: the author's name"}},
		{"name not text", "author: {name: [a]}", nil, diag.Problem{Field: "author.name", Message: "must be text, got a list of 1 items"}},
		{"list item without name", "authors: [A, {url: 'https://b.example/'}]", []string{"A"}, diag.Problem{Field: "authors", Message: "item 2: a mapping needs name: the author's name"}},
		{"list item of the wrong type", "authors: [A, [B]]", []string{"A"}, diag.Problem{Field: "authors", Message: "item 2 must be a name or a mapping with name, got a list of 1 items"}},
		{"url not a link", "author: {name: Jane, url: jane.example}", []string{"Jane"}, diag.Problem{Field: "author.url", Severity: diag.Warning,
			Message: `"jane.example" is not an absolute http(s) URL or a path starting with /: Jane is credited by name only`}},
		{"url of a bad scheme", "authors: [{name: Jane, url: 'javascript:alert(1)'}]", []string{"Jane"}, diag.Problem{Field: "authors.url", Severity: diag.Warning,
			Message: `item 1: "javascript:alert(1)" is not an absolute http(s) URL or a path starting with /: Jane is credited by name only`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte(fieldDoc(FormatYAML, tt.entry)), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			tt.want.Path, tt.want.Line = "posts/t.md", 3
			if d := cmp.Diff([]diag.Problem{tt.want}, ps); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantNames, p.Authors); d != "" {
				t.Errorf("authors (-want +got):\n%s", d)
			}
			if len(p.AuthorURLs) != 0 {
				t.Errorf("got author URLs %v, want none", p.AuthorURLs)
			}
		})
	}
}

func TestFieldsHugoDates(t *testing.T) {
	type dates struct{ Published, Expiry string }
	get := func(p *post.Post) any { return dates{rfc(p.PublishedAt), rfc(p.ExpiryDate)} }
	runFieldCases(t, []fieldCase{
		{
			// Hugo's date, the page's own, stays in params.
			name: "publishDate wins over date",
			yaml: "date: 2025-01-01\npublishDate: 2027-01-01", toml: "date = \"2025-01-01\"\npublishDate = 2027-01-01",
			json: "\"date\": \"2025-01-01\",\n\"publishDate\": \"2027-01-01\"",
			get:  get, want: dates{Published: "2027-01-01T00:00:00+01:00"},
			params: map[string]any{"date": "2025-01-01"},
		},
		{
			name: "publishedAt wins over publishDate",
			yaml: "publishedAt: 2025-01-01\npublishDate: 2027-01-01", json: "\"publishedAt\": \"2025-01-01\",\n\"publishDate\": \"2027-01-01\"",
			get: get, want: dates{Published: "2025-01-01T00:00:00+01:00"},
		},
		{
			name: "expiryDate",
			yaml: "expiryDate: 2026-06-01T10:00:00Z", toml: "expiryDate = 2026-06-01T10:00:00Z", json: `"expiryDate": "2026-06-01T10:00:00Z"`,
			line: "expiryDate", get: get, want: dates{Expiry: "2026-06-01T10:00:00Z"},
		},
		{
			name: "expirydate and a date in the site's zone",
			yaml: "expirydate: 2026-06-01", toml: "expirydate = 2026-06-01", json: `"expirydate": "2026-06-01"`,
			line: "expiryDate", get: get, want: dates{Expiry: "2026-06-01T00:00:00+02:00"},
		},
		{
			name: "unpublishdate",
			yaml: "unpublishdate: 2026-06-01 10:00", json: `"unpublishdate": "2026-06-01 10:00"`,
			line: "expiryDate", get: get, want: dates{Expiry: "2026-06-01T10:00:00+02:00"},
		},
		{
			name: "expiryDate left blank",
			yaml: "expiryDate:", toml: `expiryDate = ""`, json: `"expiryDate": ""`,
			line: "expiryDate", get: get, want: dates{},
		},
	})
}

func TestFieldsExpiryProblems(t *testing.T) {
	for _, tt := range []struct {
		name, entry string
		want        []diag.Problem
	}{
		{"blank is no expiry, no warning", "expiryDate: ''", nil},
		{"not a date", "expiryDate: soon", []diag.Problem{{Path: "posts/t.md", Line: 3, Field: "expiryDate",
			Message: `invalid date "soon": use YYYY-MM-DD, "YYYY-MM-DD hh:mm", RFC 3339 or "Jul 8 2022"`}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Parse("posts/t.md", []byte(fieldDoc(FormatYAML, tt.entry)), testOpts())
			if d := cmp.Diff(tt.want, ps); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}

func TestFieldsRobotsAndSitemap(t *testing.T) {
	type flags struct{ NoIndex, NoSitemap bool }
	get := func(p *post.Post) any { return flags{p.NoIndex, p.NoSitemap} }
	runFieldCases(t, []fieldCase{
		{
			name: "robots noindex, kept in params for the theme",
			yaml: `robots: "noindex, nofollow"`, toml: `robots = "noindex, nofollow"`, json: `"robots": "noindex, nofollow"`,
			line: "noindex", get: get, want: flags{NoIndex: true},
			params: map[string]any{"robots": "noindex, nofollow"},
		},
		{
			name: "robots none, in capitals",
			yaml: "robots: NONE", json: `"robots": "NONE"`,
			get: get, want: flags{NoIndex: true}, params: map[string]any{"robots": "NONE"},
		},
		{
			name: "robots as a list",
			yaml: "robots: [nofollow, noindex]", toml: `robots = ["nofollow", "noindex"]`, json: `"robots": ["nofollow", "noindex"]`,
			get: get, want: flags{NoIndex: true}, params: map[string]any{"robots": []any{"nofollow", "noindex"}},
		},
		{
			name: "robots index, follow",
			yaml: "robots: index, follow", toml: `robots = "index, follow"`, json: `"robots": "index, follow"`,
			get: get, want: flags{}, params: map[string]any{"robots": "index, follow"},
		},
		{
			name: "robots noimageindex is no noindex",
			yaml: "robots: noimageindex", json: `"robots": "noimageindex"`,
			get: get, want: flags{}, params: map[string]any{"robots": "noimageindex"},
		},
		{
			name: "Next.js robots index: false, kept in params",
			yaml: "robots: {index: false, follow: true}", toml: "robots = { index = false, follow = true }",
			json: `"robots": {"index": false, "follow": true}`,
			line: "noindex", get: get, want: flags{NoIndex: true},
			params: map[string]any{"robots": map[string]any{"index": false, "follow": true}},
		},
		{
			name: "Next.js robots index: true",
			yaml: "robots: {index: true, follow: false}", json: `"robots": {"index": true, "follow": false}`,
			get: get, want: flags{}, params: map[string]any{"robots": map[string]any{"index": true, "follow": false}},
		},
		{
			name: "noindex false and robots noindex",
			yaml: "noindex: false\nrobots: noindex", json: "\"noindex\": false,\n\"robots\": \"noindex\"",
			get: get, want: flags{NoIndex: true}, params: map[string]any{"robots": "noindex"},
		},
		{
			name: "Hugo sitemap disable",
			yaml: "sitemap:\n  disable: true", toml: "[sitemap]\ndisable = true", json: `"sitemap": {"disable": true}`,
			line: "noSitemap", get: get, want: flags{NoSitemap: true},
		},
		{
			name: "Hugo sitemap disable false, other keys kept",
			yaml: "sitemap:\n  disable: false\n  changefreq: weekly\n  priority: 0.8",
			toml: "[sitemap]\ndisable = false\nchangefreq = \"weekly\"\npriority = 0.8",
			json: `"sitemap": {"disable": false, "changefreq": "weekly", "priority": 0.8}`,
			get:  get, want: flags{}, params: map[string]any{"sitemap": map[string]any{"changefreq": "weekly", "priority": 0.8}},
		},
		{
			name: "sitemap without disable stays in params",
			yaml: "sitemap: {priority: 0.8}", toml: "sitemap = { priority = 0.8 }", json: `"sitemap": {"priority": 0.8}`,
			get: get, want: flags{}, params: map[string]any{"sitemap": map[string]any{"priority": 0.8}},
		},
	})
}

func TestFieldsSitemapDisableProblem(t *testing.T) {
	p, ps := Parse("posts/t.md", []byte(fieldDoc(FormatYAML, "sitemap: {disable: maybe}")), testOpts())
	want := []diag.Problem{{Path: "posts/t.md", Line: 3, Field: "sitemap.disable", Message: `must be true or false, got text "maybe"`}}
	if d := cmp.Diff(want, ps); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	if p == nil || p.NoSitemap {
		t.Errorf("got post %v, want one with NoSitemap false", p)
	}
}
