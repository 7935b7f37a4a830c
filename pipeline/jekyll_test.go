package pipeline

// Whole-site cases of Jekyll and Hugo layouts: where the posts folder is,
// and what Jekyll takes from a post's file name.

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// jekyllConfig is a site whose content directory is a Jekyll posts folder
// (content.dir: site/_posts), as many Jekyll sites are set up.
const jekyllConfig = "site:\n  url: https://example.com/\n  title: T\ncontent:\n  dir: site/_posts\ncards:\n  sizes: []\n"

// TestJekyllPostsContentDir: with content.dir naming the _posts folder
// itself, its posts are read as Jekyll posts; renamed, the same files are
// not, though the parse cache holds them (its key has the folder's name).
func TestJekyllPostsContentDir(t *testing.T) {
	b, opts := buildSite(t, map[string]string{
		"seopipe.yaml":                      jekyllConfig,
		"site/_posts/2024-05-07-welcome.md": md("title: Welcome\ndate: 2024-05-07\ncategories: jekyll update\n", "Hello.\n"),
	}, nil)
	if diff := cmp.Diff([]string{"jekyll", "update"}, b.post("welcome").Categories); diff != "" {
		t.Errorf("categories in site/_posts (-want +got):\n%s", diff)
	}
	renamed := filepath.Join(filepath.Dir(opts.ContentDir), "posts")
	if err := os.Rename(opts.ContentDir, renamed); err != nil {
		t.Fatal(err)
	}
	opts.ContentDir = renamed
	b = &built{t: t, out: opts.OutDir, res: mustRun(t, opts)}
	if diff := cmp.Diff([]string{"jekyll update"}, b.post("welcome").Categories); diff != "" {
		t.Errorf("categories in site/posts (-want +got):\n%s", diff)
	}
}

// TestJekyllFileNames: a Jekyll post with neither title nor date takes both
// from its file name, and is dated in every output; a post in _drafts is a
// draft. Nothing is warned.
func TestJekyllFileNames(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: T\n  timezone: Europe/Malta\ncontent:\n  dir: site\ncards:\n  sizes: []\n",
		"site/_posts/2024-05-07-my-first-post.md": md("layout: post\n", "Hello.\n"),
		"site/_drafts/a-draft.md":                 md("title: A draft\n", "Not yet.\n"),
	}, nil)
	res := b.res
	if len(res.Problems) > 0 {
		t.Errorf("got problems %v, want none", res.Problems)
	}
	if res.Published != 1 || res.Drafts != 1 {
		t.Errorf("got %d published and %d drafts, want 1 and 1", res.Published, res.Drafts)
	}
	p := b.post("my-first-post")
	const want = "2024-05-07T00:00:00+02:00"
	if got := []string{p.Title, p.PublishedAt.Format(time.RFC3339)}; !cmp.Equal(got, []string{"My First Post", want}) {
		t.Errorf("got title and date %q, want My First Post, %s", got, want)
	}
	rss := itemsOf(parseFeed(t, filepath.Join(b.out, "feed.xml"), "rss"))
	if len(rss) != 1 || rss[0].Title != "My First Post" || rss[0].Published != "2024-05-06T22:00:00Z" {
		t.Errorf("feed.xml items %+v, want My First Post of %s", rss, want)
	}
	if got := b.node("my-first-post", "BlogPosting")["datePublished"]; got != want {
		t.Errorf("datePublished %v, want %s", got, want)
	}
}
