package pipeline

// A whole site laid out as Next.js's app router with @next/mdx: posts at
// app/blog/<slug>/page.mdx, their metadata in export const metadata =
// { … } (or an older starter's meta), no front matter.

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestNextAppRouter builds two page.mdx posts: each is named by its
// folder, and what its export says reaches posts.json, the head tags and
// the feeds.
func TestNextAppRouter(t *testing.T) {
	b, opts := buildSite(t, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/blog/\n  title: Next Blog\n  author: Site Team\n" +
			"content:\n  dir: app/blog\n  static: public\noutput:\n  dir: out\ncards:\n  sizes: []\n",
		"public/og/hello.png": pngOf(t, 1200, 630),
		"app/blog/hello-world/page.mdx": `import { Note } from '@/components/note'

export const metadata = {
  title: 'Hello, world',
  description: "What this blog is about",
  date: '2025-10-01',
  authors: [{ name: 'Ann', url: 'https://ann.example/' }],
  keywords: ['nextjs', 'mdx'],
  openGraph: { images: [{ url: '/og/hello.png', alt: 'A hello card' }] },
}

# Hello, world

The first post.
`,
		"app/blog/second-post/page.mdx": `export const meta = {
  title: { default: 'The second post', template: '%s | Next Blog' },
  // the dates Open Graph gives
  openGraph: {
    publishedTime: '2025-10-02T09:00:00Z',
    modifiedTime: ` + "`2025-10-03T10:00:00Z`" + `,
  },
  alternates: { canonical: 'https://example.com/blog/2025/second-post/', languages: { de: '/de/second-post/' } },
}

The second post's body.
`,
	}, nil)
	for _, p := range b.res.Problems {
		t.Errorf("problem: %s", p.Error())
	}

	// posts.json, which the schema accepts with format "js".
	data := []byte(b.file("posts.json"))
	type post struct {
		Slug, Title, URL, Source, Format, PublishedAt, UpdatedAt, Canonical string
		Authors, Tags                                                       []string
		Image                                                               *struct{ Src, Alt string }
	}
	var manifest struct{ Posts []post }
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	want := []post{
		{Slug: "second-post", Title: "The second post", URL: "https://example.com/blog/2025/second-post/", Source: "second-post/page.mdx",
			Format: "js", PublishedAt: "2025-10-02T09:00:00Z", UpdatedAt: "2025-10-03T10:00:00Z",
			Canonical: "https://example.com/blog/2025/second-post/", Authors: []string{"Site Team"}},
		{Slug: "hello-world", Title: "Hello, world", URL: "https://example.com/blog/hello-world/", Source: "hello-world/page.mdx",
			Format: "js", PublishedAt: "2025-10-01T00:00:00Z", Authors: []string{"Ann"}, Tags: []string{"nextjs", "mdx"},
			Image: &struct{ Src, Alt string }{"/og/hello.png", "A hello card"}},
	}
	if d := cmp.Diff(want, manifest.Posts); d != "" {
		t.Errorf("posts.json (-want +got):\n%s", d)
	}
	sch, err := jsonschema.NewCompiler().Compile("../docs/posts.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("posts.json does not match docs/posts.schema.json:\n%v", err)
	}

	// The head tags.
	h := b.head("hello-world")
	for k, w := range map[string][]string{
		"description": {"What this blog is about"}, "og:title": {"Hello, world"}, "og:image:alt": {"A hello card"},
		"article:published_time": {"2025-10-01T00:00:00Z"}, "article:tag": {"nextjs", "mdx"},
		"article:author": {"https://ann.example/"},
	} {
		if d := cmp.Diff(w, h.meta[k]); d != "" {
			t.Errorf("hello-world: %s (-want +got):\n%s", k, d)
		}
	}
	if img := h.meta["og:image"]; len(img) != 1 || !strings.HasPrefix(img[0], "https://example.com/blog/images/hello-world/hello-") {
		t.Errorf("hello-world: og:image %q, want the processed Open Graph image", img)
	}
	h = b.head("second-post")
	if h.title != "The second post" || !cmp.Equal(h.links["canonical"], []string{"https://example.com/blog/2025/second-post/"}) ||
		!cmp.Equal(h.meta["article:modified_time"], []string{"2025-10-03T10:00:00Z"}) {
		t.Errorf("second-post: title %q, canonical %q, modified %q; want The second post, its alternates.canonical, 2025-10-03T10:00:00Z",
			h.title, h.links["canonical"], h.meta["article:modified_time"])
	}

	// The feeds: both posts, newest first, with their dates, tags and authors.
	rss := itemsOf(parseFeed(t, filepath.Join(b.out, "feed.xml"), "rss"))
	var got []feedItem
	for _, it := range rss {
		got = append(got, feedItem{Title: it.Title, Link: it.Link, Published: it.Published, Categories: it.Categories})
	}
	wantItems := []feedItem{
		{Title: "The second post", Link: "https://example.com/blog/2025/second-post/", Published: "2025-10-02T09:00:00Z"},
		{Title: "Hello, world", Link: "https://example.com/blog/hello-world/", Published: "2025-10-01T00:00:00Z", Categories: []string{"nextjs", "mdx"}},
	}
	if d := cmp.Diff(wantItems, got); d != "" {
		t.Errorf("feed.xml items (-want +got):\n%s", d)
	}
	atom := parseFeed(t, filepath.Join(b.out, "atom.xml"), "atom")
	var authors []string
	for _, it := range atom.Items {
		for _, a := range it.Authors {
			authors = append(authors, it.Title+": "+a.Name)
		}
	}
	if d := cmp.Diff([]string{"The second post: Site Team", "Hello, world: Ann"}, authors); d != "" {
		t.Errorf("atom.xml authors (-want +got):\n%s", d)
	}
	if !strings.Contains(b.file("atom.xml"), "<uri>https://ann.example/</uri>") {
		t.Errorf("atom.xml does not link Ann to the url of her authors entry")
	}

	// A rebuild takes both posts from the parse cache, whose key is the
	// file's path and bytes (all an export is read from), and changes
	// nothing: the cached posts, params of nested mappings too, are the
	// same.
	res := mustRun(t, opts)
	if res.ParsedFromCache != 2 || res.Written != 0 {
		t.Errorf("rebuild: %d posts from the parse cache, %d files written; want 2 and 0", res.ParsedFromCache, res.Written)
	}
}
