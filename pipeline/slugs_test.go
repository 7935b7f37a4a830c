package pipeline

// Whole-site cases of posts that share a slug: built under keys of their
// own when their URLs differ, a conflict when they do not.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/manifest"
	"github.com/seopipe/seopipe/verify"
)

// keyedPost is what a posts.json entry says of the post's outputs.
type keyedPost struct {
	Slug, Key, URL, Source string
	SEO                    manifest.SEO
	Images                 []struct{ Variants, Crops []struct{ Path string } }
	Cards                  []struct{ Path string }
}

// files are the output files the entry names.
func (p keyedPost) files() []string {
	out := []string{p.SEO.Head, p.SEO.JSONLD}
	if p.SEO.Picture != "" {
		out = append(out, p.SEO.Picture)
	}
	for _, set := range p.Images {
		for _, v := range slices.Concat(set.Variants, set.Crops) {
			out = append(out, v.Path)
		}
	}
	for _, c := range p.Cards {
		out = append(out, c.Path)
	}
	return out
}

func keyedPosts(t *testing.T, out string) []keyedPost {
	t.Helper()
	var m struct{ Posts []keyedPost }
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "posts.json")), &m); err != nil {
		t.Fatal(err)
	}
	return m.Posts
}

// TestOneSlugTwoURLs: posts that share a slug (or have one but for case)
// and not a URL are all built, each under its own key, and every output
// names the right post's files.
func TestOneSlugTwoURLs(t *testing.T) {
	const jekyll = "site:\n  url: https://example.com/\n  title: T\n  permalink: /{year}/{month}/{day}/{slug}.html\ncontent:\n  dir: site\n"
	const hugo = "site:\n  url: https://example.com/\n  title: T\ncards:\n  sizes: []\n"
	type post struct{ slug, key, url string }
	tests := []struct {
		name  string
		files map[string]string
		want  []post // newest first
	}{
		{
			name: "Jekyll's dated posts, with heroes and cards",
			files: map[string]string{
				"seopipe.yaml": jekyll,
				"site/_posts/2019-12-31-year-in-review.md": md("title: 2019 in review\nimage: /assets/a.png\n", "A year.\n"),
				"site/_posts/2020-12-31-year-in-review.md": md("title: 2020 in review\nimage: /assets/b.png\n", "Another.\n"),
				"site/_posts/2020-06-01-hello.md":          md("title: Hello\n", "Hi.\n"),
				"site/assets/a.png":                        pngOf(t, 1200, 800),
				"site/assets/b.png":                        pngOf(t, 1300, 800),
			},
			want: []post{
				{"year-in-review", "year-in-review-2020-12-31", "https://example.com/2020/12/31/year-in-review.html"},
				{"hello", "hello", "https://example.com/2020/06/01/hello.html"},
				{"year-in-review", "year-in-review-2019-12-31", "https://example.com/2019/12/31/year-in-review.html"},
			},
		},
		{
			name: "Hugo's url, one date",
			files: map[string]string{
				"seopipe.yaml":             hugo,
				"content/posts/a/index.md": md("title: A\ndate: 2024-03-01\nurl: /posts/a/\n", "A.\n"),
				"content/notes/a/index.md": md("title: A note\ndate: 2024-03-01\nurl: /notes/a/\n", "Note.\n"),
			},
			want: []post{
				{"a", "a-10a6c7c2", "https://example.com/notes/a/"},
				{"a", "a-ad0203ef", "https://example.com/posts/a/"},
			},
		},
		{
			name: "slugs that differ only in case",
			files: map[string]string{
				"seopipe.yaml":       hugo,
				"content/posts/a.md": md("title: Go\nslug: Go\ndate: 2024-01-01\n", "A.\n"),
				"content/posts/b.md": md("title: go\nslug: go\ndate: 2024-02-01\n", "B.\n"),
			},
			want: []post{
				{"go", "go-2024-02-01", "https://example.com/go/"},
				{"Go", "Go-2024-01-01", "https://example.com/Go/"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := buildSite(t, tt.files, nil)
			if len(b.res.Problems) > 0 {
				t.Errorf("problems: %v", b.res.Problems)
			}
			posts := keyedPosts(t, b.out)
			var got []post
			seen := map[string]string{} // lower-cased file -> its post
			for _, p := range posts {
				got = append(got, post{p.Slug, p.Key, p.URL})
				if p.SEO.Head != "seo/"+p.Key+"/head.html" || p.SEO.JSONLD != "seo/"+p.Key+"/schema.jsonld" {
					t.Errorf("%s: seo files %+v, not under seo/%s/", p.Source, p.SEO, p.Key)
				}
				for _, f := range p.files() {
					if !b.exists(f) {
						t.Errorf("%s: %s is in posts.json, not in the output", p.Source, f)
					}
					if !strings.HasPrefix(f, "seo/"+p.Key+"/") && !strings.HasPrefix(f, "images/"+p.Key+"/") && !strings.HasPrefix(f, "cards/"+p.Key+"-") {
						t.Errorf("%s: %s is not named by the key %s", p.Source, f, p.Key)
					}
					if other, dup := seen[strings.ToLower(f)]; dup {
						t.Errorf("%s and %s both name %s", other, p.Source, f)
					}
					seen[strings.ToLower(f)] = p.Source
				}
				// Each post's own files say its URL.
				if canon := b.head(p.Key).links["canonical"]; !cmp.Equal(canon, []string{p.URL}) {
					t.Errorf("%s: canonical %q in %s, want %s", p.Source, canon, p.SEO.Head, p.URL)
				}
				if id := b.node(p.Key, "WebPage")["url"]; id != p.URL {
					t.Errorf("%s: the JSON-LD WebPage's url is %v, want %s", p.Source, id, p.URL)
				}
			}
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(post{})); d != "" {
				t.Errorf("posts.json (-want +got):\n%s", d)
			}
			var urls []string
			for _, p := range tt.want {
				urls = append(urls, p.url)
			}
			if d := cmp.Diff(urls, b.locs("sitemap.xml")[1:]); d != "" {
				t.Errorf("sitemap.xml after the home page (-want +got):\n%s", d)
			}
			var links []string
			for _, it := range itemsOf(parseFeed(t, filepath.Join(b.out, "feed.xml"), "rss")) {
				links = append(links, it.Link)
			}
			if d := cmp.Diff(urls, links); d != "" {
				t.Errorf("feed.xml links (-want +got):\n%s", d)
			}
		})
	}
}

// TestOneSlugOneURL: posts that share a slug and the URL it makes are a
// conflict, as posts that share any URL are: the later by source path
// fails, naming the slug and the first.
func TestOneSlugOneURL(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":       "site:\n  url: https://example.com/\n  title: T\ncards:\n  sizes: []\n",
		"content/posts/a.md": md("title: A\nslug: same\ndate: 2024-01-01\n", "A.\n"),
		"content/notes/b.md": md("title: B\ndate: 2024-02-01\nslug: Same\n", "B.\n"),
		"content/posts/c.md": md("title: C\ndate: 2024-03-01\nslug: same\n", "C.\n"),
	})
	res := mustRun(t, siteOptions(t, dir, nil))
	want := []diag.Problem{{Path: "posts/c.md", Line: 4, Field: "slug", Other: diag.Loc{Path: "posts/a.md", Line: 3},
		Message: `duplicate slug "same": its URL https://example.com/same/ is also the URL of`}}
	if d := cmp.Diff(want, res.Problems); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	var keys []string
	for _, p := range res.Posts {
		keys = append(keys, p.Post.Source+" "+p.Key)
	}
	// The one left of "same" and "Same" are still told apart: their URLs differ.
	if d := cmp.Diff([]string{"notes/b.md Same-2024-02-01", "posts/a.md same-2024-01-01"}, keys); d != "" {
		t.Errorf("posts built (-want +got):\n%s", d)
	}
	if res.Failed != 1 {
		t.Errorf("%d posts failed, want 1", res.Failed)
	}
}

// TestSharedSlugIncremental: as posts come to share a slug and stop
// sharing it, each rebuild renames the outputs of the posts whose keys
// changed, removes their old files, keeps the others' files, and gives
// what a clean build gives.
func TestSharedSlugIncremental(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: T\n  permalink: /{year}/{month}/{day}/{slug}.html\ncontent:\n  dir: site\n",
		"site/_posts/2019-12-31-year-in-review.md": md("title: 2019 in review\nimage: /assets/a.png\n", "A year.\n"),
		"site/assets/a.png":                        pngOf(t, 1200, 800),
	})
	posts := filepath.Join(dir, "site", "_posts")
	write := func(name, src string) func(t *testing.T) {
		return func(t *testing.T) { writeTree(t, posts, map[string]string{name: src}) }
	}
	remove := func(name string) func(t *testing.T) {
		return func(t *testing.T) {
			if err := os.Remove(filepath.Join(posts, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	opts := siteOptions(t, dir, nil)
	opts.WallClock = func() time.Time { return time.Now().Add(time.Hour) } // every file looks settled
	steps := []struct {
		name string
		do   func(t *testing.T)
		keys []string // sorted
		// same: the build must keep every post's files and write nothing.
		same bool
	}{
		{"one post", func(*testing.T) {}, []string{"year-in-review"}, false},
		{"a second of the slug renames the first", write("2020-12-31-year-in-review.md", md("title: 2020 in review\n", "Another.\n")),
			[]string{"year-in-review-2019-12-31", "year-in-review-2020-12-31"}, false},
		{"a third renames neither", write("2021-12-31-year-in-review.md", md("title: 2021 in review\n", "A third.\n")),
			[]string{"year-in-review-2019-12-31", "year-in-review-2020-12-31", "year-in-review-2021-12-31"}, false},
		{"nothing changed, three of the slug", func(*testing.T) {},
			[]string{"year-in-review-2019-12-31", "year-in-review-2020-12-31", "year-in-review-2021-12-31"}, true},
		{"one of a date already taken: both take their hashes", write("2021-12-31-year-in-review-2.md",
			md("title: 2021 again\nslug: Year-In-Review\npermalink: /again/:title.html\n", "Again.\n")),
			[]string{"Year-In-Review-5adb22a6", "year-in-review-2019-12-31", "year-in-review-2020-12-31", "year-in-review-2a789fe6"}, false},
		{"the date shared no longer", remove("2021-12-31-year-in-review-2.md"),
			[]string{"year-in-review-2019-12-31", "year-in-review-2020-12-31", "year-in-review-2021-12-31"}, false},
		{"one left", func(t *testing.T) {
			remove("2020-12-31-year-in-review.md")(t)
			remove("2021-12-31-year-in-review.md")(t)
		}, []string{"year-in-review"}, false},
		{"nothing changed", func(*testing.T) {}, []string{"year-in-review"}, true},
	}
	for i, st := range steps {
		st.do(t)
		res := mustRun(t, opts)
		if res.Errors() != 0 || len(res.OutputProblems) != 0 {
			t.Fatalf("step %d (%s): %v; the self-check: %v", i, st.name, res.Problems, res.OutputProblems)
		}
		var keys []string
		for _, p := range res.Posts {
			keys = append(keys, p.Key)
		}
		slices.Sort(keys)
		if d := cmp.Diff(st.keys, keys); d != "" {
			t.Errorf("step %d (%s): keys (-want +got):\n%s", i, st.name, d)
		}
		if st.same && (res.PostsKept != len(res.Posts) || res.Written != 0) {
			t.Errorf("step %d (%s): %d of %d posts' files kept, %d files written; want all kept, none written",
				i, st.name, res.PostsKept, len(res.Posts), res.Written)
		}
		// Old keys' files are gone: the output is a clean build's.
		clean := opts
		clean.OutDir, clean.CacheDir = t.TempDir(), t.TempDir()
		mustRun(t, clean)
		if d := cmp.Diff(readTree(t, clean.OutDir), readTree(t, opts.OutDir)); d != "" {
			t.Errorf("step %d (%s): the incremental build differs from a clean one (-clean +incremental):\n%s", i, st.name, d)
		}
	}
}

// TestCardsOfSharedSlug: the contact sheet tells the cards of posts that
// share a slug apart, and seopipe cards --only takes a key for one of them
// or the slug for all.
func TestCardsOfSharedSlug(t *testing.T) {
	b, opts := buildSite(t, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: T\n  permalink: /{year}/{month}/{day}/{slug}.html\ncontent:\n  dir: site\n",
		"site/_posts/2019-12-31-year-in-review.md": md("title: 2019 in review\n", "A year.\n"),
		"site/_posts/2020-12-31-year-in-review.md": md("title: 2020 in review\n", "Another.\n"),
		"site/_posts/2020-06-01-hello.md":          md("title: Hello\n", "Hi.\n"),
	}, nil)
	ids := regexp.MustCompile(`<figure id="([^"]*)"`).FindAllStringSubmatch(b.file("cards/index.html"), -1)
	var got []string
	for _, m := range ids {
		got = append(got, m[1])
	}
	if d := cmp.Diff([]string{"year-in-review-2020-12-31-og", "hello-og", "year-in-review-2019-12-31-og"}, got); d != "" {
		t.Errorf("contact sheet figure ids (-want +got):\n%s", d)
	}
	for _, tt := range []struct {
		only  []string
		cards int
		probs []string
	}{
		{[]string{"year-in-review-2019-12-31"}, 1, nil},
		{[]string{"year-in-review"}, 2, nil},
		{[]string{"Year-In-Review-2020-12-31", "hello"}, 1, []string{`--only: no published post has the slug or key "Year-In-Review-2020-12-31"`}},
	} {
		o := opts
		o.CardsOnly, o.Cards = true, &CardOptions{Theme: "paper", Only: tt.only}
		res, err := Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		var probs []string
		for _, p := range res.Problems {
			probs = append(probs, p.Error())
		}
		if res.Cards.Cards != tt.cards || !cmp.Equal(tt.probs, probs) {
			t.Errorf("--only %q: %d cards, problems %q; want %d, %q", tt.only, res.Cards.Cards, probs, tt.cards, tt.probs)
		}
	}
}

// TestVerifySharedFiles: the self-check (seopipe check --output) finds
// posts.json naming one SEO file for two posts, or two files one on macOS
// and Windows, as it would be had the posts been named by their slug.
func TestVerifySharedFiles(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: T\n  permalink: /{year}/{month}/{day}/{slug}.html\ncontent:\n  dir: site\ncards:\n  sizes: []\n",
		"site/_posts/2019-12-31-year-in-review.md": md("title: 2019 in review\n", "A year.\n"),
		"site/_posts/2020-12-31-year-in-review.md": md("title: 2020 in review\n", "Another.\n"),
	}, nil)
	const (
		u2019 = "https://example.com/2019/12/31/year-in-review.html"
		u2020 = "https://example.com/2020/12/31/year-in-review.html"
	)
	files := readTree(t, b.out)
	for _, tt := range []struct {
		name, dir string
		want      []string
	}{
		{"one file", "seo/year-in-review-2019-12-31/", []string{
			"seo/year-in-review-2019-12-31/head.html is the file of two posts, " + u2020 + " and " + u2019,
			"seo/year-in-review-2019-12-31/schema.jsonld is the file of two posts, " + u2020 + " and " + u2019,
		}},
		{"one but for case", "seo/Year-In-Review-2019-12-31/", []string{
			"seo/Year-In-Review-2019-12-31/head.html of " + u2020 + " and seo/year-in-review-2019-12-31/head.html of " + u2019 + " are one file on macOS and Windows",
			"seo/Year-In-Review-2019-12-31/schema.jsonld of " + u2020 + " and seo/year-in-review-2019-12-31/schema.jsonld of " + u2019 + " are one file on macOS and Windows",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, files)
			// The newer post, first in posts.json, names the older one's files.
			writeTree(t, dir, map[string]string{"posts.json": strings.ReplaceAll(files["posts.json"], "seo/year-in-review-2020-12-31/", tt.dir)})
			probs, err := verify.Dir(os.DirFS(dir), verify.Options{Now: exampleNow})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range probs {
				if p.Path == "posts.json" {
					got = append(got, p.Message)
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("posts.json problems (-want +got):\n%s", d)
			}
		})
	}
}
