package pipeline

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/config"
)

// TestBadInputsFeeds checks the feeds options: limits, summaries, a feed per
// category.
func TestBadInputsFeeds(t *testing.T) {
	t.Parallel()
	// many is 25 posts; the cases that build it make no cards, which would
	// take most of their time and say nothing about the feeds.
	many := map[string]string{}
	for i := 1; i <= 25; i++ {
		many[fmt.Sprintf("content/posts/p%02d.md", i)] = md(fmt.Sprintf("title: Post %d\ndate: 2025-10-%02d\ncategory: Cat\n", i, i), "Text.\n")
	}
	runBadInputs(t, []badCase{
		{
			name:      "feeds.limit",
			files:     many,
			configure: func(c *config.Config) { c.Feeds.Limit, c.Cards.Sizes = 3, []string{} },
			check: func(t *testing.T, b *built) {
				f := parseFeed(t, filepath.Join(b.out, "category", "cat", "feed.xml"), "rss")
				if len(f.Items) != 3 || f.Items[0].Title != "Post 25" {
					t.Errorf("category feed: %d items, first %q; want 3, Post 25", len(f.Items), f.Items[0].Title)
				}
			},
		},
		{
			name:      "feeds.limit 0 is all",
			files:     many,
			configure: func(c *config.Config) { c.Feeds.Limit, c.Cards.Sizes = 0, []string{} },
			check: func(t *testing.T, b *built) {
				if f := parseFeed(t, filepath.Join(b.out, "feed.json"), "json"); len(f.Items) != 25 {
					t.Errorf("feed.json: %d items, want all 25", len(f.Items))
				}
			},
		},
		{
			name: "feeds.content summary",
			files: map[string]string{
				"content/posts/a.md": md("title: A\ndate: 2025-10-01\nexcerpt: \"The <short> & sweet version.\"\n", "The **long** version.\n"),
				"content/posts/b.md": md("title: B\ndate: 2025-10-02\n", "Derived summary & more.\n"),
			},
			configure: func(c *config.Config) { c.Feeds.Content = "summary" },
			check: func(t *testing.T, b *built) {
				for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
					if strings.Contains(b.file(name), "<strong>long") {
						t.Errorf("%s holds the full content", name)
					}
				}
			},
		},
		{
			name: "a feed per category",
			files: map[string]string{
				"content/posts/c1.md": md("title: C1\ndate: 2025-10-01\ncategory: Cloud & Infra\n", "x\n"),
				"content/posts/c2.md": md("title: C2\ndate: 2025-10-03\ncategory: Cloud & Infra\n", "x\n"),
				"content/posts/h1.md": md("title: H1\ndate: 2025-10-02\ncategories: [Hardware, Other]\n", "x\n"),
				"content/posts/u1.md": md("title: U1\ndate: 2025-10-04\n", "x\n"),
				"content/posts/n1.md": md("title: N1\ndate: 2025-10-05\ncategory: Culture\nnoindex: true\n", "x\n"),
			},
			check: func(t *testing.T, b *built) {
				got := map[string][]string{}
				cats, _ := filepath.Glob(filepath.Join(b.out, "category", "*", "feed.xml"))
				for _, c := range cats {
					f := parseFeed(t, c, "rss")
					slug := filepath.Base(filepath.Dir(c))
					got[slug] = append(got[slug], f.Title, f.FeedLink)
					for _, it := range f.Items {
						got[slug] = append(got[slug], it.Title)
					}
				}
				want := map[string][]string{
					"cloud-infra": {`Bad <Input> & "Co" — Cloud & Infra`, badSiteURL + "category/cloud-infra/feed.xml", "C2", "C1"},
					"hardware":    {`Bad <Input> & "Co" — Hardware`, badSiteURL + "category/hardware/feed.xml", "H1"},
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("category feeds: title, self link, items (-want +got):\n%s", diff)
				}
			},
		},
	})
}
