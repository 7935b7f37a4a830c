package pipeline

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
)

// TestBadInputsDates checks posts without dates or with updates after the build,
// and the publication rules (draft, future, noindex).
func TestBadInputsDates(t *testing.T) {
	t.Parallel()
	runBadInputs(t, []badCase{
		{
			name: "a post without any date",
			files: map[string]string{
				"content/posts/undated.md": md("title: Undated\n", "No date.\n"),
				"content/posts/dated.md":   md("title: Dated\ndate: "+inWindow+"\n", "A date.\n"),
			},
			warnings: []diag.Problem{{Path: "posts/undated.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
				Message: "no date: the post is kept out of the feeds and the news sitemap"}},
			check: func(t *testing.T, b *built) {
				undated := b.page("undated").URL
				var found bool
				for _, u := range b.urls("sitemap.xml") {
					if u.Loc == undated {
						found = true
						if u.LastMod != nil {
							t.Errorf("sitemap.xml: %s has lastmod %q, want none", undated, *u.LastMod)
						}
					}
				}
				if !found {
					t.Errorf("sitemap.xml has no <url> for %s", undated)
				}
				if diff := cmp.Diff([]string{b.page("dated").URL}, b.locs("sitemap-news.xml")); diff != "" {
					t.Errorf("news sitemap (-want +got):\n%s", diff)
				}
			},
		},
		{
			// Rules 11 and 13 want a feed date, and there is no newest
			// item to take it from: a site without any date gets the
			// build clock, and a warning saying so — never 1970.
			name:  "only undated posts: the feeds are empty, dated with the build clock",
			files: map[string]string{"content/posts/undated.md": md("title: Undated\n", "No date.\n")},
			warnings: []diag.Problem{
				{Field: "feeds", Severity: diag.Warning,
					Message: "no post (nor sitemap.extra page) has a date: the feeds are dated with the build time, 2025-11-05T12:00:00+01:00"},
				{Path: "posts/undated.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
			},
			check: func(t *testing.T, b *built) {
				b.checkFeedDates(exampleNow)
				if b.exists("sitemap-news.xml") {
					t.Error("a news sitemap without posts was written")
				}
			},
		},
		{
			// The newest date the site has: the sitemap's newest lastmod.
			name: "undated posts, one with an updated date, and a dated sitemap.extra page",
			files: map[string]string{
				"content/posts/undated.md": md("title: Undated\n", "No date.\n"),
				"content/posts/touched.md": md("title: Touched\nupdated: 2025-10-20T09:00:00Z\n", "Updated, never published.\n"),
			},
			configure: func(c *config.Config) {
				c.Sitemap.Extra = []config.SitemapPage{{Path: "/about/", LastMod: "2025-10-21T10:30:00+02:00"}, {Path: "/old/", LastMod: "2025-01-01"}}
			},
			warnings: []diag.Problem{
				{Path: "posts/touched.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
				{Path: "posts/undated.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
			},
			check: func(t *testing.T, b *built) {
				b.checkFeedDates(time.Date(2025, 10, 21, 8, 30, 0, 0, time.UTC))
			},
		},
		{
			name: "undated posts and a post with only an updated date",
			files: map[string]string{
				"content/posts/undated.md": md("title: Undated\n", "No date.\n"),
				"content/posts/touched.md": md("title: Touched\nupdated: 2025-10-20T09:00:00Z\n", "Updated, never published.\n"),
			},
			warnings: []diag.Problem{
				{Path: "posts/touched.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
				{Path: "posts/undated.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
					Message: "no date: the post is kept out of the feeds and the news sitemap"},
			},
			check: func(t *testing.T, b *built) {
				b.checkFeedDates(time.Date(2025, 10, 20, 9, 0, 0, 0, time.UTC))
			},
		},
		{
			// An update dated after the build clock is no lastmod yet
			// (rule 4): the post is dated as published, everywhere, and
			// so is an extra page's lastmod to come.
			name: "an update dated after the build",
			files: map[string]string{
				"content/posts/soon.md": md("title: Soon\ndate: 2025-10-01T10:00:00Z\nupdatedAt: 2026-01-01T00:00:00Z\n", "x\n"),
			},
			configure: func(c *config.Config) {
				c.Sitemap.Extra = []config.SitemapPage{{Path: "/about/", LastMod: "2025-12-24"}}
			},
			warnings: []diag.Problem{
				{Path: "posts/soon.md", Line: 4, Field: "updatedAt", Severity: diag.Warning,
					Message: "2026-01-01T00:00:00Z is after the build time 2025-11-05T11:00:00Z: the updated date is left out until then"},
				{Path: "seopipe.yaml", PathAsGiven: true, Field: "sitemap.extra[0].lastmod", Severity: diag.Warning,
					Message: "2025-12-24T00:00:00Z is after the build time 2025-11-05T11:00:00Z: the page is listed without a lastmod until then"},
			},
			check: func(t *testing.T, b *built) {
				got := map[string]string{}
				for _, u := range b.urls("sitemap.xml") {
					got[u.Loc] = "none"
					if u.LastMod != nil {
						got[u.Loc] = *u.LastMod
					}
				}
				want := map[string]string{badSiteURL: "2025-10-01T10:00:00Z", badSiteURL + "soon/": "2025-10-01T10:00:00Z", badSiteURL + "about/": "none"}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("sitemap lastmods (-want +got):\n%s", diff)
				}
				if got := b.head("soon").meta["article:modified_time"]; !cmp.Equal(got, []string{"2025-10-01T10:00:00Z"}) {
					t.Errorf("article:modified_time %q, want the published date", got)
				}
				if got := b.node("soon", "BlogPosting")["dateModified"]; got != "2025-10-01T10:00:00Z" {
					t.Errorf("dateModified %v, want the published date", got)
				}
			},
		},
		{
			name: "noindex, draft and future posts (rule 10)",
			files: map[string]string{
				"content/posts/visible.md":   md("title: Visible\ndate: "+inWindow+"\ncategory: Culture\n", "Seen.\n"),
				"content/posts/hidden.md":    md("title: Hidden\ndate: "+inWindow+"\ncategory: Culture\nnoindex: true\n", "Not indexed.\n"),
				"content/posts/wip-post.md":  md("title: Work In Progress\ndate: "+inWindow+"\ncategory: Culture\ndraft: true\n", "Draft.\n"),
				"content/posts/next-week.md": md("title: Next Week\ndate: 2025-11-12\ncategory: Culture\n", "Later.\n"),
			},
			check: func(t *testing.T, b *built) {
				if b.res.Drafts != 1 || b.res.Future != 1 || b.res.Published != 2 {
					t.Errorf("%d published, %d drafts, %d future; want 2, 1, 1", b.res.Published, b.res.Drafts, b.res.Future)
				}
				hidden := b.page("hidden")
				if !slices.Equal(b.head("hidden").meta["robots"], []string{"noindex"}) {
					t.Errorf("the noindex post's head has robots %q", b.head("hidden").meta["robots"])
				}
				files := readTree(t, b.out)
				for name, data := range files {
					if !strings.HasPrefix(name, "seo/hidden/") && name != "posts.json" && strings.Contains(data, hidden.URL) {
						t.Errorf("%s lists the noindex post", name)
					}
					for _, s := range []string{"wip-post", "Work In Progress", "next-week", "Next Week"} {
						if strings.Contains(name+"\n"+data, s) {
							t.Errorf("%s holds %q of a draft or future post", name, s)
						}
					}
				}
				if !b.exists("category/culture/feed.xml") || !strings.Contains(files["posts.json"], hidden.URL) {
					t.Error("the checks above looked at no category feed, or posts.json lacks the noindex post")
				}
			},
		},
	})
}
