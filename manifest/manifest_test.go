package manifest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// testPage is a published post with every field posts.json carries set,
// as the pipeline hands it over after the images, cards and seo steps.
func testPage() *site.Page {
	malta := time.FixedZone("CET", 3600)
	p := &post.Post{
		Slug: "hello-world", Title: "Hello <&> world", Excerpt: "An excerpt.", Summary: "An excerpt.",
		Source: "posts/hello-world.md", Format: "yaml",
		PublishedAt: time.Date(2025, 11, 7, 9, 30, 0, 0, malta),
		UpdatedAt:   time.Date(2025, 11, 8, 10, 0, 0, 0, malta),
		ExpiryDate:  time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		Author:      "Ana Núñez", Authors: []string{"Ana Núñez", "Bo Li"},
		Category: "Go", Categories: []string{"Go", "Web"}, Tags: []string{"go", "feeds"}, Keywords: []string{"go feeds"},
		Image:    &post.Image{Src: "/images/hero.jpg", Alt: "A hero", Line: 9, Focus: &post.Focus{X: 0.25, Y: 0.5}},
		Featured: true, NoSitemap: true,
		Robots:    "noindex, nofollow", // the head's, not posts.json's
		MetaTitle: "Hello", MetaDescription: "Meta description.",
		Canonical: "https://other.example/hello wörld/", Lang: "en", TranslationKey: "hello",
		Card:   map[string]any{"theme": "dark"},
		Params: map[string]any{"z": 1, "a": []any{"x"}},
		InlineImages: []post.InlineImage{
			{Src: "a.png", Alt: "A", Width: 10, Height: 20, Title: "T", Caption: "C", Kind: "shortcode", Line: 14, FromTemplate: true},
			{Src: "https://cdn.example/b.jpg", Alt: "", Kind: "markdown", Line: 16},
		},
		WordCount: 321, ReadingTime: 2,
		HTML:  `<p>x &amp; y <img src="a.png"></p>` + "\n",
		Lines: post.Lines{"title": 2},
	}
	set := &site.ImageSet{Role: "hero", Src: "/images/hero.jpg", Line: 9, SourceURL: "https://example.com/images/hero.jpg",
		Hash: "ab12", Width: 2400, Height: 1600, Format: "jpeg", Alt: "A hero",
		Variants: []site.Variant{{URL: "https://example.com/images/hello-world/hero-800x533-1a2b3c4d.jpg", Width: 800, Height: 533,
			Bytes: 51234, Format: "jpeg", Path: "images/hello-world/hero-800x533-1a2b3c4d.jpg", File: "/cache/f.jpg"}},
		Crops: []site.Variant{{URL: "https://example.com/images/hello-world/hero-1200x675-5e6f7a8b.jpg", Width: 1200, Height: 675,
			Bytes: 81234, Format: "jpeg", Aspect: "16:9", Path: "images/hello-world/hero-1200x675-5e6f7a8b.jpg"}},
		Placeholder: &site.Placeholder{Color: "#102030", DataURI: "data:image/jpeg;base64,AAAA"}}
	return &site.Page{
		Post: p, Key: "hello-world", Path: "/2025/hello-world/",
		URL:     "https://other.example/hello%20w%C3%B6rld/",
		Updated: p.UpdatedAt,
		HTML:    `<p>x &amp; y <img src="https://example.com/images/hello-world/a-10x20-9c9c9c9c.png"></p>` + "\n",
		Sets:    []*site.ImageSet{set},
	}
}

func testAssets() (*SEO, []*Card) {
	seo := &SEO{Head: "seo/hello-world/head.html", JSONLD: "seo/hello-world/schema.jsonld", Picture: "seo/hello-world/picture.html"}
	cards := []*Card{{Size: "og", URL: "https://example.com/cards/hello-world-og-0f0f0f0f.png", Path: "cards/hello-world-og-0f0f0f0f.png",
		Width: 1200, Height: 630, Bytes: 40960, Format: "png", Theme: "dark", Alt: "Hello <&> world", Warnings: []string{"title shrunk to 48px"}}}
	return seo, cards
}

// TestEntryGolden pins the bytes of one entry: every key posts.json has,
// spelled and ordered as docs/posts.schema.json says, whatever the Go
// fields of post.Post and site.Page are named.
func TestEntryGolden(t *testing.T) {
	seo, cards := testAssets()
	got, err := EncodeEntry(NewPost(testPage(), seo, cards))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/TestEntryGolden/entry.golden.json", append(got, '\n'))
}

// TestNewPost checks what an entry takes from the page rather than from
// the post as parsed, and what it leaves out.
func TestNewPost(t *testing.T) {
	tests := []struct {
		name string
		edit func(pg *site.Page)
		got  func(e *Post) any
		want any
	}{
		{"the canonical is the page's URL, encoded", func(*site.Page) {},
			func(e *Post) any { return e.Canonical }, "https://other.example/hello%20w%C3%B6rld/"},
		{"no canonical without the post's own", func(pg *site.Page) { pg.Post.Canonical, pg.URL = "", "https://example.com/2025/hello-world/" },
			func(e *Post) any { return e.Canonical }, ""},
		{"the URL is the page's", func(pg *site.Page) { pg.Post.Canonical, pg.URL = "", "https://example.com/2025/hello-world/" },
			func(e *Post) any { return e.URL }, "https://example.com/2025/hello-world/"},
		{"the updated date is the page's (left out after the build clock)", func(pg *site.Page) { pg.Updated = time.Time{} },
			func(e *Post) any { return e.UpdatedAt }, time.Time{}},
		{"the HTML is the page's, images rewritten", func(*site.Page) {},
			func(e *Post) any { return e.HTML }, `<p>x &amp; y <img src="https://example.com/images/hello-world/a-10x20-9c9c9c9c.png"></p>` + "\n"},
		{"the key and path are the page's", func(pg *site.Page) { pg.Key, pg.Path = "hello-world-2025-11-07", "/x/" },
			func(e *Post) any { return [2]string{e.Key, e.Path} }, [2]string{"hello-world-2025-11-07", "/x/"}},
		{"no hero", func(pg *site.Page) { pg.Post.Image = nil },
			func(e *Post) any { return e.Image }, (*Image)(nil)},
		{"a hero without focus", func(pg *site.Page) { pg.Post.Image = &post.Image{Src: "h.jpg"} },
			func(e *Post) any { return e.Image }, &Image{Src: "h.jpg"}},
		{"no inline images", func(pg *site.Page) { pg.Post.InlineImages = nil },
			func(e *Post) any { return e.InlineImages }, []InlineImage(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg := testPage()
			tt.edit(pg)
			if d := cmp.Diff(tt.want, tt.got(NewPost(pg, nil, nil))); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
