package pipeline

// Whole-site cases of Jekyll and Hugo layouts: where the posts folder is,
// and what Jekyll takes from a post's file name.

import (
	"os"
	"path/filepath"
	"testing"

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
