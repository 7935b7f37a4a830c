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

// jekyllSite is a Jekyll site's root as the content directory, with its
// _config.yml (config, when not "") and a post whose summary the site's
// excerpt_separator ends.
func jekyllSite(config string) map[string]string {
	files := map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: T\ncontent:\n  dir: site\ncards:\n  sizes: []\n",
		"site/_posts/2024-05-07-cut.md": md("title: Cut\n",
			"One.\n\nTwo.\n\n<!-- excerpt -->\n\nThree.\n"),
		"site/_posts/2024-05-08-own.md": md("title: Own\nexcerpt_separator: \"[own]\"\n",
			"Alpha.\n\nBeta [own] gamma.\n\n<!-- excerpt -->\n\nDelta.\n"),
	}
	if config != "" {
		files["site/_config.yml"] = config
	}
	return files
}

// summaries are the posts' summaries and the description meta of their
// heads, by slug.
func (b *built) summaries(slugs ...string) map[string][]string {
	b.t.Helper()
	out := map[string][]string{}
	for _, s := range slugs {
		out[s] = append([]string{b.post(s).Summary}, b.head(s).meta["description"]...)
	}
	return out
}

// TestJekyllSiteExcerptSeparator: the excerpt_separator of a Jekyll site's
// _config.yml ends the summary of each post that sets none of its own; a
// malformed _config.yml is a warning naming its file and line, and the
// posts are built without it.
func TestJekyllSiteExcerptSeparator(t *testing.T) {
	tests := []struct {
		name     string
		config   string
		want     map[string][]string
		problems []string
	}{
		{
			name:   "the site's, and the post's own",
			config: "title: Blog\nexcerpt_separator: <!-- excerpt -->\n",
			want:   map[string][]string{"cut": {"One. Two.", "One. Two."}, "own": {"Alpha. Beta", "Alpha. Beta"}},
		},
		{
			name:   "none: the first paragraph",
			config: "title: Blog\n",
			want:   map[string][]string{"cut": {"One.", "One."}, "own": {"Alpha. Beta", "Alpha. Beta"}},
		},
		{
			name:     "malformed",
			config:   "title: Blog\n  baseurl: /x\nexcerpt_separator: <!-- excerpt -->\n",
			want:     map[string][]string{"cut": {"One.", "One."}, "own": {"Alpha. Beta", "Alpha. Beta"}},
			problems: []string{"_config.yml:2: invalid YAML (mapping values are not allowed in this context): the site's excerpt_separator is not read, and Jekyll would not build the site"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := buildSite(t, jekyllSite(tt.config), nil)
			if d := cmp.Diff(tt.want, b.summaries("cut", "own")); d != "" {
				t.Errorf("summary, description (-want +got):\n%s", d)
			}
			var got []string
			for _, p := range b.res.Problems {
				got = append(got, p.Error())
			}
			if d := cmp.Diff(tt.problems, got); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			if b.res.Published != 2 {
				t.Errorf("%d posts published, want 2", b.res.Published)
			}
		})
	}
}

// TestJekyllConfigEdit: an edit to _config.yml's excerpt_separator changes
// the next build in the same directory, though no post changed: the parse
// cache and the source index must not hand out the posts as the last
// build read them. The content directory is the _posts folder, whose
// parent holds the config.
func TestJekyllConfigEdit(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for name, data := range jekyllSite("title: Blog\nexcerpt_separator: <!-- excerpt -->\n") {
		files[name] = data
	}
	files["seopipe.yaml"] = jekyllConfig
	writeTree(t, dir, files)
	opts := siteOptions(t, dir, nil)
	opts.WallClock = func() time.Time { return time.Now().Add(time.Hour) } // every file looks settled
	config := filepath.Join(dir, "site", "_config.yml")
	steps := []struct {
		name string
		do   func(t *testing.T)
		want map[string][]string
	}{
		{"first build", func(*testing.T) {}, map[string][]string{"cut": {"One. Two.", "One. Two."}}},
		{"the separator changed", func(t *testing.T) {
			edit(t, config, "<!-- excerpt -->", "\"\"")
		}, map[string][]string{"cut": {"One.", "One."}}},
		{"the separator text", func(t *testing.T) {
			edit(t, config, "excerpt_separator: \"\"", "excerpt_separator: Three")
		}, map[string][]string{"cut": {"One. Two.", "One. Two."}}},
		{"the separator gone", func(t *testing.T) {
			edit(t, config, "excerpt_separator: Three\n", "")
		}, map[string][]string{"cut": {"One.", "One."}}},
		{"the separator back", func(t *testing.T) {
			edit(t, config, "title: Blog\n", "title: Blog\nexcerpt_separator: <!-- excerpt -->\n")
		}, map[string][]string{"cut": {"One. Two.", "One. Two."}}},
	}
	for _, st := range steps {
		st.do(t)
		res := mustRun(t, opts)
		b := &built{t: t, out: opts.OutDir, res: res}
		if d := cmp.Diff(st.want, b.summaries("cut")); d != "" {
			t.Errorf("%s: summary, description (-want +got):\n%s", st.name, d)
		}
		clean := opts
		clean.OutDir, clean.CacheDir = t.TempDir(), t.TempDir()
		mustRun(t, clean)
		if d := cmp.Diff(readTree(t, clean.OutDir), readTree(t, opts.OutDir)); d != "" {
			t.Errorf("%s: the incremental build differs from a clean one (-clean +incremental):\n%s", st.name, d)
		}
	}
}

// TestJekyllPermalinkTimeZone: a Jekyll permalink's date placeholders and
// site.permalink's are filled with the post's date in site.timezone, as
// Jekyll fills its own: near midnight, a date written in another offset
// is on another day there. The dates in the outputs keep their offsets.
func TestJekyllPermalinkTimeZone(t *testing.T) {
	tests := []struct {
		timezone, date string
		want           map[string]string // slug -> path
	}{
		{"UTC", "2024-05-07 23:30:00 -0800", map[string]string{"own": "/2024/05/08/own/", "site": "/p/2024/05/08/site/"}},
		{"UTC", "2024-05-08 00:30:00 +0200", map[string]string{"own": "/2024/05/07/own/", "site": "/p/2024/05/07/site/"}},
		{"Asia/Tokyo", "2024-05-07 23:30:00 +0000", map[string]string{"own": "/2024/05/08/own/", "site": "/p/2024/05/08/site/"}},
		{"America/Los_Angeles", "2024-05-08 05:30:00 +0000", map[string]string{"own": "/2024/05/07/own/", "site": "/p/2024/05/07/site/"}},
	}
	for _, tt := range tests {
		t.Run(tt.timezone+" "+tt.date, func(t *testing.T) {
			b, _ := buildSite(t, map[string]string{
				"seopipe.yaml": "site:\n  url: https://example.com/\n  title: T\n  timezone: " + tt.timezone +
					"\n  permalink: /p/{year}/{month}/{day}/{slug}/\ncontent:\n  dir: site\ncards:\n  sizes: []\n",
				"site/_config.yml":               "title: Blog\n",
				"site/_posts/2024-05-07-own.md":  md("title: Own\ndate: "+tt.date+"\npermalink: /:year/:month/:day/:title/\n", "x\n"),
				"site/_posts/2024-05-07-site.md": md("title: Site\ndate: "+tt.date+"\n", "x\n"),
			}, nil)
			got := map[string]string{}
			for _, s := range []string{"own", "site"} {
				got[s] = b.page(s).Path
				want, err := time.Parse("2006-01-02 15:04:05 -0700", tt.date)
				if err != nil {
					t.Fatal(err)
				}
				if d := b.node(s, "BlogPosting")["datePublished"]; d != want.Format(time.RFC3339) {
					t.Errorf("%s: datePublished %v, want %s", s, d, want.Format(time.RFC3339))
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("paths (-want +got):\n%s", d)
			}
		})
	}
}
