package pipeline

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/content"
)

// TestWriteManifestStreamsTheSameBytes checks that the streamed posts.json
// is byte for byte what encoding the whole manifest at once gives.
func TestWriteManifestStreamsTheSameBytes(t *testing.T) {
	post := func(slug string) *ManifestPost {
		return &ManifestPost{Post: &content.Post{Slug: slug, Title: "T <&> " + slug, Summary: "s", Source: slug + ".md", Format: "yaml",
			PublishedAt: time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC), Tags: []string{"a", "b"},
			Params: map[string]any{"z": 1, "a": []any{"x"}}, HTML: "<p>x &amp; y</p>\n"}, SEO: &SEOFiles{Head: "seo/" + slug + "/head.html", JSONLD: "seo/" + slug + "/schema.jsonld"}}
	}
	m := Manifest{Version: 1, Generator: "seopipe test", Site: ManifestSite{URL: "https://example.com/", Language: "en", Timezone: "UTC"},
		Sections: []Section{{Source: "_index.md", Title: "Home"}}}
	for _, tc := range []struct {
		name  string
		posts []*ManifestPost
	}{
		{"none", nil},
		{"one", []*ManifestPost{post("a")}},
		{"three", []*ManifestPost{post("a"), post("b"), post("c")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := m
			whole.Posts = tc.posts
			if whole.Posts == nil {
				whole.Posts = []*ManifestPost{}
			}
			want, err := encodeJSON(whole)
			if err != nil {
				t.Fatal(err)
			}
			var entries []manifestEntry
			for _, p := range tc.posts {
				e, err := encodeEntry(p)
				if err != nil {
					t.Fatal(err)
				}
				entries = append(entries, manifestEntry{data: e})
			}
			head, err := manifestHead(m)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := writeManifest(context.Background(), &got, head, entries, nil); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), got.String()); d != "" {
				t.Errorf("streamed manifest differs (-whole +streamed):\n%s", d)
			}
		})
	}
}
