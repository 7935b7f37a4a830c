package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// TestAliasesGivenTwice: of several names of one field, the first present
// is read and each other one is dropped with a warning on its line;
// those with a meaning of their own stay in params, unwarned. Hugo's
// description and summary, given both, are read as the meta description
// and the summary.
func TestAliasesGivenTwice(t *testing.T) {
	type text struct{ Excerpt, MetaDescription string }
	warning := func(line int, field, msg string) diag.Problem {
		return diag.Problem{Path: "p.md", Line: line, Field: field, Message: msg, Severity: diag.Warning}
	}
	tests := []struct {
		name     string
		source   string     // "" is p.md
		entries  string     // YAML, from line 3
		text     *text      // when set, the post's excerpt and meta description
		lines    post.Lines // when set, these entries of the post's Lines
		params   map[string]any
		problems []diag.Problem
	}{
		{
			name:    "Hugo's description and summary",
			entries: "description: The meta description.\nsummary: The summary.",
			text:    &text{"The summary.", "The meta description."},
			lines:   post.Lines{"excerpt": 4, "metaDescription": 3},
		},
		{
			name:    "jekyll-seo-tag's description beside an excerpt",
			entries: "description: The meta description.\nexcerpt: The excerpt.",
			text:    &text{"The excerpt.", "The meta description."},
			lines:   post.Lines{"excerpt": 4, "metaDescription": 3},
		},
		{
			name:    "Hugo's pair on a section page",
			source:  "_index.md",
			entries: "description: The section.\nsummary: The summary.",
			text:    &text{"The section.", ""},
			problems: []diag.Problem{{Path: "_index.md", Line: 4, Field: "summary", Severity: diag.Warning,
				Message: "ignored: excerpt is already given by description on line 3"}},
		},
		{
			name:    "Hugo's pair, metaDescription given",
			entries: "metaDescription: Given.\ndescription: The meta description.\nsummary: The summary.",
			text:    &text{"The summary.", "Given."},
			problems: []diag.Problem{
				warning(4, "description", "ignored: metaDescription is already given on line 3"),
			},
		},
		{
			name:    "Hugo's pair, seo.description given",
			entries: "seo: {description: Given.}\ndescription: The meta description.\nsummary: The summary.",
			text:    &text{"The summary.", "Given."},
			problems: []diag.Problem{
				warning(4, "description", "ignored: metaDescription is already given on line 3"),
			},
		},
		{
			name:     "Hugo's pair and excerpt",
			entries:  "excerpt: E.\ndescription: D.\nsummary: S.",
			text:     &text{"E.", "D."},
			problems: []diag.Problem{warning(5, "summary", "ignored: excerpt is already given on line 3")},
		},
		{
			name:    "description alone is the excerpt",
			entries: "description: D.",
			text:    &text{"D.", ""},
		},
		{
			name:    "summary alone is the excerpt",
			entries: "summary: S.",
			text:    &text{"S.", ""},
		},
		{
			name:    "excerpt and description, in either order",
			entries: "excerpt: E.\ndescription: D.",
			text:    &text{"E.", "D."},
		},
		{
			name:     "date and pubDate",
			entries:  "date: 2025-01-01\npubDate: 2025-02-02",
			problems: []diag.Problem{warning(4, "pubDate", "ignored: publishedAt is already given by date on line 3")},
		},
		{
			name:     "publishedAt and date",
			entries:  "date: 2025-01-01\npublishedAt: 2025-02-02",
			problems: []diag.Problem{warning(3, "date", "ignored: publishedAt is already given on line 4")},
		},
		{
			name:    "Hugo's date beside publishDate",
			entries: "date: 2025-01-01\npublishDate: 2025-02-02",
			params:  map[string]any{"date": "2025-01-01"},
		},
		{
			name:    "Jekyll's published flag beside date",
			entries: "published: true\ndate: 2025-01-01",
		},
		{
			name:    "lastmod and modified",
			entries: "lastmod: 2025-01-01\nmodified: 2025-01-02\nupdated: 2025-01-03",
			problems: []diag.Problem{
				warning(4, "modified", "ignored: updatedAt is already given by lastmod on line 3"),
				warning(5, "updated", "ignored: updatedAt is already given by lastmod on line 3"),
			},
		},
		{
			name:     "image and cover",
			entries:  "cover: /c.png\nimage: /i.png",
			problems: []diag.Problem{warning(3, "cover", "ignored: image is already given on line 4")},
		},
		{
			name:    "a hero beside the social images",
			entries: "heroImage: /h.png\nimages: [/s.png]\nogImage: {url: /o.png}",
			params:  map[string]any{"images": []any{"/s.png"}, "ogImage": map[string]any{"url": "/o.png"}},
		},
		{
			name:     "author and authors",
			entries:  "authors: [A, B]\nauthor: C",
			problems: []diag.Problem{warning(3, "authors", "ignored: author is already given on line 4")},
		},
		{
			name:     "category and categories",
			entries:  "categories: [A]\ncategory: B",
			problems: []diag.Problem{warning(3, "categories", "ignored: category is already given on line 4")},
		},
		{
			name:     "imageAlt and image_alt",
			entries:  "image: /i.png\nimage_alt: A\nimageAlt: B",
			problems: []diag.Problem{warning(4, "image_alt", "ignored: imageAlt is already given on line 5")},
		},
		{
			name:     "canonical_url and canonicalURL",
			entries:  "canonical_url: https://a.example/\ncanonicalURL: https://b.example/",
			problems: []diag.Problem{warning(3, "canonical_url", "ignored: canonical is already given by canonicalURL on line 4")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			source := "p.md"
			if tt.source != "" {
				source = tt.source
			}
			p, ps := Parse(source, []byte(fieldDoc(FormatYAML, tt.entries)), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			diag.Sort(ps) // as the pipeline reports them
			if d := cmp.Diff(tt.problems, ps); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.params, p.Params); d != "" {
				t.Errorf("params (-want +got):\n%s", d)
			}
			if tt.text != nil {
				if d := cmp.Diff(*tt.text, text{p.Excerpt, p.MetaDescription}); d != "" {
					t.Errorf("text (-want +got):\n%s", d)
				}
			}
			for k, line := range tt.lines {
				if p.Lines[k] != line {
					t.Errorf("Lines[%q] = %d, want %d", k, p.Lines[k], line)
				}
			}
		})
	}
}
