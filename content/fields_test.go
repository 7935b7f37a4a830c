package content

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

func TestFieldsText(t *testing.T) {
	slug := func(p *post.Post) any { return p.Slug }
	excerpt := func(p *post.Post) any { return p.Excerpt }
	metaTitle := func(p *post.Post) any { return p.MetaTitle }
	metaDesc := func(p *post.Post) any { return p.MetaDescription }
	canonical := func(p *post.Post) any { return p.Canonical }
	lang := func(p *post.Post) any { return p.Lang }
	translationKey := func(p *post.Post) any { return p.TranslationKey }
	runFieldCases(t, []fieldCase{
		{
			name: "slug",
			yaml: "slug: hello-world", toml: `slug = "hello-world"`, json: `"slug": "hello-world"`,
			line: "slug", get: slug, want: "hello-world",
		},
		{
			name: "slug trimmed",
			yaml: "slug: '  hello-world '", toml: `slug = " hello-world "`, json: `"slug": " hello-world "`,
			line: "slug", get: slug, want: "hello-world",
		},
		{
			name: "slug from the file name",
			yaml: "draft: false", toml: "draft = false", json: `"draft": false`,
			get: slug, want: "file-name",
		},
		{
			name: "slug key in capitals",
			yaml: "Slug: hello", toml: `Slug = "hello"`, json: `"Slug": "hello"`,
			line: "slug", get: slug, want: "hello",
		},
		{
			name: "excerpt",
			yaml: "excerpt: An excerpt.", toml: `excerpt = "An excerpt."`, json: `"excerpt": "An excerpt."`,
			line: "excerpt", get: excerpt, want: "An excerpt.",
		},
		{
			name: "excerpt from description",
			yaml: "description: A description.", toml: `description = "A description."`, json: `"description": "A description."`,
			line: "excerpt", get: excerpt, want: "A description.",
		},
		{
			name: "excerpt from summary",
			yaml: "summary: A summary.", toml: `summary = "A summary."`, json: `"summary": "A summary."`,
			line: "excerpt", get: excerpt, want: "A summary.",
		},
		{
			// The first alias present wins and the others are consumed,
			// not left in Params.
			name: "excerpt wins over description",
			yaml: "description: D.\nexcerpt: E.", toml: "description = \"D.\"\nexcerpt = \"E.\"", json: "\"description\": \"D.\",\n\"excerpt\": \"E.\"",
			get: excerpt, want: "E.",
		},
		{
			name: "metaTitle",
			yaml: "metaTitle: Meta T", toml: `metaTitle = "Meta T"`, json: `"metaTitle": "Meta T"`,
			line: "metaTitle", get: metaTitle, want: "Meta T",
		},
		{
			name: "meta_title",
			yaml: "meta_title: Meta T", toml: `meta_title = "Meta T"`, json: `"meta_title": "Meta T"`,
			line: "metaTitle", get: metaTitle, want: "Meta T",
		},
		{
			name: "metaDescription",
			yaml: "metaDescription: Meta D", toml: `metaDescription = "Meta D"`, json: `"metaDescription": "Meta D"`,
			line: "metaDescription", get: metaDesc, want: "Meta D",
		},
		{
			name: "meta_description",
			yaml: "meta_description: Meta D", toml: `meta_description = "Meta D"`, json: `"meta_description": "Meta D"`,
			line: "metaDescription", get: metaDesc, want: "Meta D",
		},
		{
			name: "seo title and description",
			yaml: "seo:\n  title: SEO T\n  description: SEO D",
			toml: "[seo]\ntitle = \"SEO T\"\ndescription = \"SEO D\"",
			json: `"seo": {"title": "SEO T", "description": "SEO D"}`,
			line: "seo.title",
			get:  func(p *post.Post) any { return []string{p.MetaTitle, p.MetaDescription} },
			want: []string{"SEO T", "SEO D"},
		},
		{
			name: "top-level meta wins over seo",
			yaml: "seo:\n  title: SEO T\n  description: SEO D\nmetaTitle: Top T",
			toml: "metaTitle = \"Top T\"\n[seo]\ntitle = \"SEO T\"\ndescription = \"SEO D\"",
			json: "\"seo\": {\"title\": \"SEO T\", \"description\": \"SEO D\"},\n\"metaTitle\": \"Top T\"",
			get:  func(p *post.Post) any { return []string{p.MetaTitle, p.MetaDescription} },
			want: []string{"Top T", "SEO D"},
		},
		{
			name: "other seo keys kept in Params",
			yaml: "seo:\n  title: SEO T\n  robots: noarchive",
			toml: "[seo]\ntitle = \"SEO T\"\nrobots = \"noarchive\"",
			json: `"seo": {"title": "SEO T", "robots": "noarchive"}`,
			get:  metaTitle, want: "SEO T",
			params: map[string]any{"seo": map[string]any{"robots": "noarchive"}},
		},
		{
			name: "canonical",
			yaml: "canonical: https://example.com/a/", toml: `canonical = "https://example.com/a/"`, json: `"canonical": "https://example.com/a/"`,
			line: "canonical", get: canonical, want: "https://example.com/a/",
		},
		{
			name: "canonicalURL",
			yaml: "canonicalURL: https://example.com/a/", toml: `canonicalURL = "https://example.com/a/"`, json: `"canonicalURL": "https://example.com/a/"`,
			line: "canonical", get: canonical, want: "https://example.com/a/",
		},
		{
			name: "lang",
			yaml: "lang: mt", toml: `lang = "mt"`, json: `"lang": "mt"`,
			line: "lang", get: lang, want: "mt",
		},
		{
			name: "language",
			yaml: "language: it", toml: `language = "it"`, json: `"language": "it"`,
			line: "lang", get: lang, want: "it",
		},
		{
			name: "lang defaults to DefaultLang",
			yaml: "draft: false", toml: "draft = false", json: `"draft": false`,
			get: lang, want: "en",
		},
		{
			name: "no lang and no DefaultLang",
			yaml: "draft: false", opts: &ParseOptions{},
			get: lang, want: "",
		},
		{
			name: "translationKey",
			yaml: "translationKey: about", toml: `translationKey = "about"`, json: `"translationKey": "about"`,
			line: "translationKey", get: translationKey, want: "about",
		},
	})
}

// TestFieldsTitle checks the title in each format, and that a title written
// as a number is a title.
func TestFieldsTitle(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
		line int
	}{
		{"YAML", "---\nslug: s\ntitle: Hello, World\n---\nx\n", "Hello, World", 3},
		{"YAML number", "---\n\ntitle: 2024\n---\nx\n", "2024", 3},
		{"YAML key in capitals", "---\nTITLE: Loud\n---\nx\n", "Loud", 2},
		{"TOML", "+++\nslug = \"s\"\ntitle = \"Hello\"\n+++\nx\n", "Hello", 3},
		{"TOML number", "+++\ntitle = 2024\n+++\nx\n", "2024", 2},
		{"TOML quoted key", "+++\n\"title\" = \"Quoted\"\n+++\nx\n", "Quoted", 2},
		{"JSON", "{\"slug\": \"s\",\n \"title\": \"Hello\"}\nx\n", "Hello", 2},
		{"JSON number", "{\n\"title\": 2024.5\n}\nx\n", "2024.5", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte(tt.src), testOpts())
			if p == nil || diag.HasErrors(ps) {
				t.Fatalf("got problems %s, want none", problemList(ps))
			}
			if p.Title != tt.want {
				t.Errorf("got title %q, want %q", p.Title, tt.want)
			}
			if got := p.Lines["title"]; got != tt.line {
				t.Errorf("got Lines[title] = %d, want %d", got, tt.line)
			}
		})
	}
}

func TestFieldsDates(t *testing.T) {
	published := func(p *post.Post) any { return rfc(p.PublishedAt) }
	updated := func(p *post.Post) any { return rfc(p.UpdatedAt) }
	pubDraft := func(p *post.Post) any { return []any{rfc(p.PublishedAt), p.Draft} }
	var cases []fieldCase
	for _, name := range []string{"publishedAt", "date", "pubDate", "publishDate", "published"} {
		cases = append(cases, fieldCase{
			name: name,
			yaml: name + ": 2025-11-07", toml: name + " = 2025-11-07", json: `"` + name + `": "2025-11-07"`,
			line: "publishedAt", get: published, want: "2025-11-07T00:00:00+01:00",
		})
	}
	for _, name := range []string{"updatedAt", "lastmod", "updated", "modified", "updatedDate", "last_modified_at"} {
		cases = append(cases, fieldCase{
			name: name,
			yaml: name + ": 2025-07-30T10:00:00Z", toml: name + " = 2025-07-30T10:00:00Z", json: `"` + name + `": "2025-07-30T10:00:00Z"`,
			line: "updatedAt", get: updated, want: "2025-07-30T10:00:00Z",
		})
	}
	cases = append(cases,
		fieldCase{
			name: "publishedAt wins over date",
			yaml: "date: 2020-01-01\npublishedAt: 2025-11-07",
			toml: "date = 2020-01-01\npublishedAt = 2025-11-07",
			json: "\"date\": \"2020-01-01\",\n\"publishedAt\": \"2025-11-07\"",
			get:  published, want: "2025-11-07T00:00:00+01:00",
		},
		fieldCase{
			name: "published false is a draft",
			yaml: "published: false", toml: "published = false", json: `"published": false`,
			line: "draft", get: pubDraft, want: []any{"", true},
		},
		fieldCase{
			name: "published true is no draft",
			yaml: "published: true", toml: "published = true", json: `"published": true`,
			get: pubDraft, want: []any{"", false},
		},
		fieldCase{
			// Jekyll posts carry both: the date stays, the post is a draft.
			name: "published false beside a date",
			yaml: "date: 2025-11-07\npublished: false",
			toml: "date = 2025-11-07\npublished = false",
			json: "\"date\": \"2025-11-07\",\n\"published\": false",
			line: "publishedAt", get: pubDraft, want: []any{"2025-11-07T00:00:00+01:00", true},
		},
		fieldCase{
			name: "published no (YAML 1.1 word) beside a date",
			yaml: "date: 2025-11-07\npublished: \"no\"",
			get:  pubDraft, want: []any{"2025-11-07T00:00:00+01:00", true},
		},
		fieldCase{
			name: "draft true wins over published true",
			yaml: "published: true\ndraft: true",
			toml: "published = true\ndraft = true",
			json: "\"published\": true,\n\"draft\": true",
			get:  pubDraft, want: []any{"", true},
		},
	)
	runFieldCases(t, cases)
}

func TestFieldsLists(t *testing.T) {
	authors := func(p *post.Post) any { return []any{p.Author, p.Authors} }
	categories := func(p *post.Post) any { return []any{p.Category, p.Categories} }
	tags := func(p *post.Post) any { return p.Tags }
	keywords := func(p *post.Post) any { return p.Keywords }
	withAuthor := testOpts()
	withAuthor.DefaultAuthor = "Site Author"
	runFieldCases(t, []fieldCase{
		{
			name: "author string",
			yaml: "author: Marco Grima", toml: `author = "Marco Grima"`, json: `"author": "Marco Grima"`,
			line: "author", get: authors, want: []any{"Marco Grima", []string{"Marco Grima"}},
		},
		{
			name: "author with a comma is one author",
			yaml: "author: Grima, Marco", toml: `author = "Grima, Marco"`, json: `"author": "Grima, Marco"`,
			get: authors, want: []any{"Grima, Marco", []string{"Grima, Marco"}},
		},
		{
			name: "author list",
			yaml: "author:\n  - Ann\n  - Bob", toml: `author = ["Ann", "Bob"]`, json: `"author": ["Ann", "Bob"]`,
			line: "author", get: authors, want: []any{"Ann", []string{"Ann", "Bob"}},
		},
		{
			name: "authors",
			yaml: "authors: [Ann, Bob]", toml: `authors = ["Ann", "Bob"]`, json: `"authors": ["Ann", "Bob"]`,
			line: "author", get: authors, want: []any{"Ann", []string{"Ann", "Bob"}},
		},
		{
			name: "DefaultAuthor fills a post without one",
			yaml: "draft: false", toml: "draft = false", json: `"draft": false`, opts: &withAuthor,
			get: authors, want: []any{"Site Author", []string{"Site Author"}},
		},
		{
			name: "DefaultAuthor does not replace the post's",
			yaml: "author: Ann", toml: `author = "Ann"`, json: `"author": "Ann"`, opts: &withAuthor,
			get: authors, want: []any{"Ann", []string{"Ann"}},
		},
		{
			name: "no author and no DefaultAuthor",
			yaml: "draft: false",
			get:  authors, want: []any{"", []string(nil)},
		},
		{
			name: "category",
			yaml: "category: Cloud & Infrastructure", toml: `category = "Cloud & Infrastructure"`, json: `"category": "Cloud & Infrastructure"`,
			line: "category", get: categories, want: []any{"Cloud & Infrastructure", []string{"Cloud & Infrastructure"}},
		},
		{
			name: "category with a comma is one category",
			yaml: "category: Tips, Tricks", toml: `category = "Tips, Tricks"`, json: `"category": "Tips, Tricks"`,
			get: categories, want: []any{"Tips, Tricks", []string{"Tips, Tricks"}},
		},
		{
			name: "categories list: the first is the category",
			yaml: "categories:\n  - Go\n  - Web", toml: `categories = ["Go", "Web"]`, json: `"categories": ["Go", "Web"]`,
			line: "category", get: categories, want: []any{"Go", []string{"Go", "Web"}},
		},
		{
			name: "tags list",
			yaml: "tags:\n  - Go\n  - Web Dev", toml: `tags = ["Go", "Web Dev"]`, json: `"tags": ["Go", "Web Dev"]`,
			line: "tags", get: tags, want: []string{"Go", "Web Dev"},
		},
		{
			name: "tags comma string",
			yaml: "tags: go, web ,, cli", toml: `tags = "go, web ,, cli"`, json: `"tags": "go, web ,, cli"`,
			line: "tags", get: tags, want: []string{"go", "web", "cli"},
		},
		{
			name: "tags deduplicated without case",
			yaml: "tags: [Go, go, Web, GO]", toml: `tags = ["Go", "go", "Web", "GO"]`, json: `"tags": ["Go", "go", "Web", "GO"]`,
			get: tags, want: []string{"Go", "Web"},
		},
		{
			name: "tags with numbers",
			yaml: "tags: [2025, 3.5, go]", toml: `tags = [2025, 3.5, "go"]`, json: `"tags": [2025, 3.5, "go"]`,
			get: tags, want: []string{"2025", "3.5", "go"},
		},
		{
			name: "keywords list",
			yaml: "keywords:\n  - a b\n  - c", toml: `keywords = ["a b", "c"]`, json: `"keywords": ["a b", "c"]`,
			line: "keywords", get: keywords, want: []string{"a b", "c"},
		},
		{
			name: "keywords comma string",
			yaml: "keywords: seo, static site, go", toml: `keywords = "seo, static site, go"`, json: `"keywords": "seo, static site, go"`,
			line: "keywords", get: keywords, want: []string{"seo", "static site", "go"},
		},
	})
}

func TestFieldsImage(t *testing.T) {
	image := func(p *post.Post) any { return p.Image }
	img := func(src, alt string) *post.Image { return &post.Image{Src: src, Alt: alt, Line: 3} }
	var cases []fieldCase
	for _, name := range []string{"image", "cover", "hero", "featured_image", "heroImage"} {
		cases = append(cases, fieldCase{
			name: name,
			yaml: name + ": /img/a.png", toml: name + ` = "/img/a.png"`, json: `"` + name + `": "/img/a.png"`,
			line: "image", get: image, want: img("/img/a.png", ""),
		})
	}
	cases = append(cases,
		fieldCase{
			name: "remote image",
			yaml: "image: https://example.com/a.jpg?width=1200", toml: `image = "https://example.com/a.jpg?width=1200"`, json: `"image": "https://example.com/a.jpg?width=1200"`,
			line: "image", get: image, want: img("https://example.com/a.jpg?width=1200", ""),
		},
		fieldCase{
			name: "images list: the first is the hero",
			yaml: "images:\n  - /a.png\n  - /b.png", toml: `images = ["/a.png", "/b.png"]`, json: `"images": ["/a.png", "/b.png"]`,
			line: "image", get: image, want: img("/a.png", ""),
		},
		fieldCase{
			name: "empty images list",
			yaml: "images: []", toml: "images = []", json: `"images": []`,
			get: image, want: (*post.Image)(nil),
		},
		fieldCase{
			name: "object with src and alt",
			yaml: "image:\n  src: /a.png\n  alt: A cat", toml: "image = { src = \"/a.png\", alt = \"A cat\" }", json: `"image": {"src": "/a.png", "alt": "A cat"}`,
			line: "image", get: image, want: img("/a.png", "A cat"),
		},
		fieldCase{
			name: "object with url",
			yaml: "image: {url: 'https://example.com/a.png', alt: A}", toml: "[image]\nurl = \"https://example.com/a.png\"\nalt = \"A\"", json: `"image": {"url": "https://example.com/a.png", "alt": "A"}`,
			line: "image", get: image, want: img("https://example.com/a.png", "A"),
		},
		fieldCase{
			name: "object with path",
			yaml: "cover:\n  path: img/a.png", toml: "cover = { path = \"img/a.png\" }", json: `"cover": {"path": "img/a.png"}`,
			line: "image", get: image, want: img("img/a.png", ""),
		},
		fieldCase{
			name: "images list of objects",
			yaml: "images:\n  - src: /a.png\n    alt: A\n  - src: /b.png", toml: "[[images]]\nsrc = \"/a.png\"\nalt = \"A\"\n[[images]]\nsrc = \"/b.png\"", json: `"images": [{"src": "/a.png", "alt": "A"}, {"src": "/b.png"}]`,
			line: "image", get: image, want: img("/a.png", "A"),
		},
		fieldCase{
			name: "imageAlt",
			yaml: "imageAlt: Given alt\nimage:\n  src: /a.png\n  alt: Object alt",
			toml: "imageAlt = \"Given alt\"\nimage = { src = \"/a.png\", alt = \"Object alt\" }",
			json: "\"imageAlt\": \"Given alt\",\n\"image\": {\"src\": \"/a.png\", \"alt\": \"Object alt\"}",
			line: "imageAlt", get: image, want: &post.Image{Src: "/a.png", Alt: "Given alt", Line: 4},
		},
		fieldCase{
			name: "image_alt",
			yaml: "image_alt: Given alt\nimage: /a.png", toml: "image_alt = \"Given alt\"\nimage = \"/a.png\"", json: "\"image_alt\": \"Given alt\",\n\"image\": \"/a.png\"",
			line: "imageAlt", get: image, want: &post.Image{Src: "/a.png", Alt: "Given alt", Line: 4},
		},
		fieldCase{
			name: "image wins over cover",
			yaml: "cover: /c.png\nimage: /i.png", toml: "cover = \"/c.png\"\nimage = \"/i.png\"", json: "\"cover\": \"/c.png\",\n\"image\": \"/i.png\"",
			get: image, want: &post.Image{Src: "/i.png", Line: 4},
		},
		fieldCase{
			name: "empty image",
			yaml: "image: ''", toml: `image = ""`, json: `"image": ""`,
			get: image, want: (*post.Image)(nil),
		},
	)
	runFieldCases(t, cases)
}

func TestFieldsFlagsCardParams(t *testing.T) {
	flags := func(p *post.Post) any { return []bool{p.Featured, p.Draft, p.NoIndex} }
	runFieldCases(t, []fieldCase{
		{
			name: "featured",
			yaml: "featured: true", toml: "featured = true", json: `"featured": true`,
			line: "featured", get: flags, want: []bool{true, false, false},
		},
		{
			name: "draft",
			yaml: "draft: true", toml: "draft = true", json: `"draft": true`,
			line: "draft", get: flags, want: []bool{false, true, false},
		},
		{
			name: "noindex",
			yaml: "noindex: true", toml: "noindex = true", json: `"noindex": true`,
			line: "noindex", get: flags, want: []bool{false, false, true},
		},
		{
			name: "flags as words",
			yaml: "featured: \"yes\"\ndraft: 'off'\nnoindex: \"On\"", toml: "featured = \"yes\"\ndraft = \"off\"\nnoindex = \"On\"", json: "\"featured\": \"yes\",\n\"draft\": \"off\",\n\"noindex\": \"On\"",
			line: "featured", get: flags, want: []bool{true, false, true},
		},
		{
			name: "flags absent",
			yaml: "slug: s", toml: `slug = "s"`, json: `"slug": "s"`,
			get: flags, want: []bool{false, false, false},
		},
		{
			name: "card",
			yaml: "card:\n  theme: dark\n  title: Short", toml: "[card]\ntheme = \"dark\"\ntitle = \"Short\"", json: `"card": {"theme": "dark", "title": "Short"}`,
			line: "card", get: func(p *post.Post) any { return p.Card }, want: map[string]any{"theme": "dark", "title": "Short"},
		},
		{
			name: "unknown keys land in Params with their own spelling",
			yaml: "customField: 42\nRating: 4.5\nseries: [a, b]\nextra:\n  nested: true\nnothing: null",
			json: "\"customField\": 42,\n\"Rating\": 4.5,\n\"series\": [\"a\", \"b\"],\n\"extra\": {\"nested\": true},\n\"nothing\": null",
			get:  func(p *post.Post) any { return p.Params["customField"] }, want: int64(42),
			params: map[string]any{
				"customField": int64(42), "Rating": 4.5, "series": []any{"a", "b"},
				"extra": map[string]any{"nested": true}, "nothing": nil,
			},
		},
	})
}

// TestFieldsParamsTOML is the Params case above in TOML, which has no null
// but has dates of its own.
func TestFieldsParamsTOML(t *testing.T) {
	src := fieldDoc(FormatTOML, "customField = 42\nRating = 4.5\nseries = [\"a\", \"b\"]\nwhen = 2025-07-30\n[extra]\nnested = true")
	p, ps := Parse("posts/t.md", []byte(src), testOpts())
	if p == nil || diag.HasErrors(ps) {
		t.Fatalf("got problems %s", problemList(ps))
	}
	want := map[string]any{
		"customField": int64(42), "Rating": 4.5, "series": []any{"a", "b"},
		"extra": map[string]any{"nested": true},
		"when":  time.Date(2025, 7, 30, 0, 0, 0, 0, malta),
	}
	if d := cmp.Diff(want, p.Params); d != "" {
		t.Errorf("Params mismatch (-want +got):\n%s", d)
	}
}

// TestFieldsWholePost parses one post of every field in each format and
// compares the whole Post, Lines included.
func TestFieldsWholePost(t *testing.T) {
	docs := map[string]string{
		FormatYAML: `---
slug: full-post
title: Full Post
excerpt: The excerpt.
date: 2025-11-07T09:30:00+01:00
lastmod: 2025-11-08
authors: [Ann, Bob]
categories: [Go, Web]
tags: [a, b]
keywords: x, y
image: {src: /hero.png, alt: Hero}
featured: true
draft: false
noindex: true
metaTitle: Meta T
metaDescription: Meta D
canonical: https://example.com/full-post/
lang: mt
translationKey: full
card: {theme: dark}
other: value
---
Body text here.
`,
		FormatTOML: `+++
slug = "full-post"
title = "Full Post"
excerpt = "The excerpt."
date = 2025-11-07T09:30:00+01:00
lastmod = 2025-11-08
authors = ["Ann", "Bob"]
categories = ["Go", "Web"]
tags = ["a", "b"]
keywords = "x, y"
image = { src = "/hero.png", alt = "Hero" }
featured = true
draft = false
noindex = true
metaTitle = "Meta T"
metaDescription = "Meta D"
canonical = "https://example.com/full-post/"
lang = "mt"
translationKey = "full"
card = { theme = "dark" }
other = "value"
+++
Body text here.
`,
		FormatJSON: `{
  "slug": "full-post",
  "title": "Full Post",
  "excerpt": "The excerpt.",
  "date": "2025-11-07T09:30:00+01:00",
  "lastmod": "2025-11-08",
  "authors": ["Ann", "Bob"],
  "categories": ["Go", "Web"],
  "tags": ["a", "b"],
  "keywords": "x, y",
  "image": {"src": "/hero.png", "alt": "Hero"},
  "featured": true,
  "draft": false,
  "noindex": true,
  "metaTitle": "Meta T",
  "metaDescription": "Meta D",
  "canonical": "https://example.com/full-post/",
  "lang": "mt",
  "translationKey": "full",
  "card": {"theme": "dark"},
  "other": "value"
}
Body text here.
`,
	}
	for _, format := range []string{FormatYAML, FormatTOML, FormatJSON} {
		t.Run(format, func(t *testing.T) {
			p, ps := Parse("posts/full.md", []byte(docs[format]), testOpts())
			if len(ps) != 0 {
				t.Errorf("got problems %s, want none", problemList(ps))
			}
			want := &post.Post{
				Slug: "full-post", Title: "Full Post", Excerpt: "The excerpt.", Summary: "The excerpt.",
				Source: "posts/full.md", Format: format,
				PublishedAt: time.Date(2025, 11, 7, 9, 30, 0, 0, time.FixedZone("", 3600)),
				UpdatedAt:   time.Date(2025, 11, 8, 0, 0, 0, 0, malta),
				Author:      "Ann", Authors: []string{"Ann", "Bob"},
				Category: "Go", Categories: []string{"Go", "Web"},
				Tags: []string{"a", "b"}, Keywords: []string{"x", "y"},
				Image:    &post.Image{Src: "/hero.png", Alt: "Hero", Line: 11},
				Featured: true, NoIndex: true,
				MetaTitle: "Meta T", MetaDescription: "Meta D",
				Canonical: "https://example.com/full-post/", Lang: "mt", TranslationKey: "full",
				Card:      map[string]any{"theme": "dark"},
				Params:    map[string]any{"other": "value"},
				WordCount: 3, ReadingTime: 1, FrontMatterLine: 1,
				HTML: "<p>Body text here.</p>\n",
				Lines: map[string]int{
					"slug": 2, "title": 3, "excerpt": 4, "publishedAt": 5, "updatedAt": 6,
					"author": 7, "category": 8, "tags": 9, "keywords": 10, "image": 11,
					"featured": 12, "draft": 13, "noindex": 14, "metaTitle": 15, "metaDescription": 16,
					"canonical": 17, "lang": 18, "translationKey": 19, "card": 20,
				},
			}
			if d := cmp.Diff(want, p); d != "" {
				t.Errorf("Post mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestFieldErrors checks the problems of values of the wrong shape: each
// names the key as written and its line.
func TestFieldErrors(t *testing.T) {
	tests := []struct {
		name   string
		format string
		entry  string
		field  string
		substr string
	}{
		{"title list", FormatYAML, "Title: [a, b]", "Title", "must be text, got a list of 2 items"},
		{"slug empty", FormatYAML, "slug: ''", "slug", "is empty"},
		{"excerpt mapping", FormatJSON, `"description": {"a": 1}`, "description", "must be text, got a mapping"},
		{"date number", FormatYAML, "date: 20251107", "date", "must be a date"},
		{"date bool", FormatTOML, "pubDate = true", "pubDate", "got true/false value true"},
		{"lastmod garbage", FormatJSON, `"lastmod": "yesterday"`, "lastmod", `invalid date "yesterday"`},
		{"author number", FormatYAML, "author: 5", "author", "must be a name, a list of names, or a mapping with name, got number 5"},
		{"tags nested list", FormatYAML, "tags: [a, [b]]", "tags", "item 2 must be text, got a list of 1 items"},
		{"tags number", FormatTOML, "tags = 5", "tags", "must be a list of texts, got number 5"},
		{"keywords bool", FormatJSON, `"keywords": true`, "keywords", "got true/false value true"},
		{"image number", FormatYAML, "cover: 3", "cover", "must be a URL, a path, or a mapping"},
		{"image mapping without src", FormatYAML, "image: {alt: A}", "image", "a mapping needs src"},
		{"image javascript", FormatYAML, "image: 'javascript:alert(1)'", "image", `has scheme "javascript"`},
		{"image data", FormatTOML, `heroImage = "data:image/png;base64,AAAA"`, "heroImage", `has scheme "data"`},
		{"image protocol-relative", FormatJSON, `"image": "//cdn.example.com/a.png"`, "image", "is protocol-relative"},
		{"image without host", FormatYAML, "image: 'https:///a.png'", "image", "has no host"},
		{"featured word", FormatYAML, "featured: maybe", "featured", `must be true or false, got text "maybe"`},
		{"draft number", FormatTOML, "draft = 1", "draft", "must be true or false, got number 1"},
		{"canonical relative", FormatJSON, `"canonicalURL": "/a/"`, "canonical", "must be an absolute http(s) URL"},
		{"card list", FormatYAML, "card: [a]", "card", "must be a mapping of card overrides"},
		{"seo text", FormatYAML, "seo: good", "seo", "must be a mapping with title and description"},
		{"seo title list", FormatJSON, `"seo": {"title": ["a"]}`, "seo.title", "must be text"},
		{"slug with a tab", FormatJSON, `"slug": "a\tb"`, "slug", "must not contain control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fieldDoc(tt.format, tt.entry)
			p, ps := Parse("posts/t.md", []byte(src), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if !diag.HasErrors(ps) {
				t.Fatalf("HasErrors = false, want true; problems: %s", problemList(ps))
			}
			if errs := errorsOf(ps); len(errs) != 1 {
				t.Errorf("got errors %s, want exactly one", problemList(errs))
			}
			pr := wantProblem(t, ps, 3, tt.substr)
			if pr.Message != "" && pr.Field != tt.field {
				t.Errorf("problem %q: got field %q, want %q", pr.Error(), pr.Field, tt.field)
			}
		})
	}
}

// TestFieldsTOMLLines checks the lines of TOML keys, which the TOML decoder
// does not report: text inside multi-line strings and arrays that looks like
// a key or a table header must not be taken for one.
func TestFieldsTOMLLines(t *testing.T) {
	src := `+++
excerpt = """
title = "in a string"
[not.a.table]
"""
tags = [
  "a",
  "b # not a comment",
]
matrix = [
  [1, 2],
]
literal = '''
slug = 'nope'
'''
title = "Real" # title = "comment"
"slug" = 'real-slug'
seo.title = "Dotted"
quote = "a \" [ b"
draft = false
[card]
theme = "dark"
lang = "not top-level"
[[images]]
src = "/a.png"
+++
Body.
`
	p, ps := Parse("posts/t.md", []byte(src), testOpts())
	if p == nil || diag.HasErrors(ps) {
		t.Fatalf("got problems %s, want none", problemList(ps))
	}
	want := post.Lines{
		"excerpt": 2, "tags": 6, "title": 16, "slug": 17, "seo.title": 18, "metaTitle": 18,
		"draft": 20, "card": 21, "image": 24,
	}
	if d := cmp.Diff(want, p.Lines); d != "" {
		t.Errorf("Lines mismatch (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]any{
		"literal": "slug = 'nope'\n", "quote": `a " [ b`, "matrix": []any{[]any{int64(1), int64(2)}},
	}, p.Params); d != "" {
		t.Errorf("Params mismatch (-want +got):\n%s", d)
	}
}

func TestImageFocus(t *testing.T) {
	tests := []struct {
		name, fm string
		want     *post.Focus
		problem  string
	}{
		{"fractions", "image: /a.jpg\nimageFocus: \"0.25, 0.75\"\n", &post.Focus{X: 0.25, Y: 0.75}, ""},
		{"hugo name", "image: /a.jpg\nimage_focus: \"1,0\"\n", &post.Focus{X: 1, Y: 0}, ""},
		{"out of range", "image: /a.jpg\nimageFocus: \"1.5,0\"\n", nil, `p.md:4: imageFocus: "1.5,0" must be two fractions between 0 and 1`},
		{"not a pair", "image: /a.jpg\nimageFocus: centre\n", nil, `p.md:4: imageFocus: "centre" must be two fractions "x,y" such as "0.5,0.3" (0,0 is the top left)`},
		{"no image", "imageFocus: \"0.5,0.5\"\n", nil, `p.md:3: imageFocus: given, but the post has no image`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: T\n" + tt.fm + "---\nbody\n"
			p, ps := Parse("p.md", []byte(src), ParseOptions{})
			var got *post.Focus
			if p != nil && p.Image != nil {
				got = p.Image.Focus
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("focus (-want +got):\n%s", diff)
			}
			var msgs []string
			for _, pr := range ps {
				if pr.Field == "imageFocus" {
					msgs = append(msgs, pr.Error())
				}
			}
			var want []string
			if tt.problem != "" {
				want = []string{tt.problem}
			}
			if diff := cmp.Diff(want, msgs); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFocus(t *testing.T) {
	if x, y, err := ParseFocus("0.3,0.6"); err != nil || x != 0.3 || y != 0.6 {
		t.Errorf("ParseFocus = %v, %v, %v", x, y, err)
	}
	for _, in := range []string{"1.2,0", "0.5", "x,y", "NaN,0"} {
		if _, _, err := ParseFocus(in); err == nil {
			t.Errorf("ParseFocus(%q) succeeded", in)
		}
	}
}
