package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the fixtures use Europe/Malta

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/manifest"
)

// now is the build clock of every test.
var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// generateSpec reads a fixture image file written as "generate WxH": txtar
// holds text, so images are generated when the fixture is extracted.
func generateSpec(data []byte) (w, h int, ok bool) {
	_, err := fmt.Sscanf(string(data), "generate %dx%d", &w, &h)
	return w, h, err == nil && w > 0 && h > 0
}

// manifestPost is the part of a posts.json entry the tests look at.
type manifestPost struct {
	Slug    string `json:"slug"`
	URL     string `json:"url"`
	Path    string `json:"path"`
	Draft   bool   `json:"draft"`
	NoIndex bool   `json:"noindex"`
}

type postsJSON struct {
	Version int `json:"version"`
	Site    struct {
		URL      string `json:"url"`
		Timezone string `json:"timezone"`
	} `json:"site"`
	Sections []manifest.Section `json:"sections"`
	Posts    []manifestPost     `json:"posts"`
}

func readManifest(t testing.TB, outDir string) postsJSON {
	t.Helper()
	var m postsJSON
	if err := json.Unmarshal(readFile(t, filepath.Join(outDir, "posts.json")), &m); err != nil {
		t.Fatalf("posts.json: %v", err)
	}
	return m
}

// counts is the part of a Result that counts posts.
type counts struct {
	Found, Sections, Published, Drafts, Future, Failed, Errors int
}

func countsOf(r *Result) counts {
	return counts{r.Found, r.Sections, r.Published, r.Drafts, r.Future, r.Failed, r.Errors()}
}

// tempFiles lists the files under dir whose name marks them temporary.
func tempFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.Contains(d.Name(), ".tmp-") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func TestBasicSite(t *testing.T) {
	t.Parallel()
	const blog = "https://example.com/blog"
	post := func(slug, path string) manifestPost {
		return manifestPost{Slug: slug, URL: blog + path, Path: path}
	}
	noindex := post("noindex", "/culture/noindex/")
	noindex.NoIndex = true
	draft := post("draft", "/hardware/draft/")
	draft.Draft = true
	future := post("future", "/culture/future/")
	tests := []struct {
		name        string
		drafts, fut bool
		want        []manifestPost
		counts      counts
	}{
		{
			name: "published only",
			want: []manifestPost{
				post("c", "/c/"),
				post("a", "/cloud-infra/a/"),
				post("b", "/hardware/b/"),
				noindex,
				post("undated", "/misc/undated/"),
			},
			counts: counts{Found: 8, Sections: 1, Published: 5, Drafts: 1, Future: 1},
		},
		{
			name:   "drafts",
			drafts: true,
			want: []manifestPost{
				post("c", "/c/"),
				draft,
				post("a", "/cloud-infra/a/"),
				post("b", "/hardware/b/"),
				noindex,
				post("undated", "/misc/undated/"),
			},
			counts: counts{Found: 8, Sections: 1, Published: 6, Future: 1},
		},
		{
			name: "future",
			fut:  true,
			want: []manifestPost{
				future,
				post("c", "/c/"),
				post("a", "/cloud-infra/a/"),
				post("b", "/hardware/b/"),
				noindex,
				post("undated", "/misc/undated/"),
			},
			counts: counts{Found: 8, Sections: 1, Published: 6, Drafts: 1},
		},
		{
			name:   "drafts and future",
			drafts: true,
			fut:    true,
			want: []manifestPost{
				future,
				post("c", "/c/"),
				draft,
				post("a", "/cloud-infra/a/"),
				post("b", "/hardware/b/"),
				noindex,
				post("undated", "/misc/undated/"),
			},
			counts: counts{Found: 8, Sections: 1, Published: 7},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, "basic.txtar")
			opts := options(t, dir)
			opts.Drafts, opts.Future = tt.drafts, tt.fut
			res := mustRun(t, opts)
			checkTotals(t, res)
			if diff := cmp.Diff(tt.counts, countsOf(res)); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
			// The undated post is published, but kept out of the feeds.
			wantProblems := []diag.Problem{{Path: "posts/undated.md", Line: 1, Field: "publishedAt", Severity: diag.Warning,
				Message: "no date: the post is kept out of the feeds and the news sitemap"}}
			if diff := cmp.Diff(wantProblems, res.Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if len(res.OutputProblems) != 0 {
				t.Errorf("verify found problems in the output: %v", res.OutputProblems)
			}
			// The images stage's files are counted apart: post a's hero
			// (640×360) gives 480 and its own 640 width and three crops,
			// each as JPEG and WebP, and a picture.html.
			var files, heroFiles, cardFiles []string
			for _, f := range res.Files {
				switch {
				case strings.HasPrefix(f, "images/a/") || f == "seo/a/picture.html":
					heroFiles = append(heroFiles, f)
				case strings.HasPrefix(f, "cards/"):
					cardFiles = append(cardFiles, f)
				default:
					files = append(files, f)
				}
			}
			if diff := cmp.Diff(outputFiles(tt.want), files); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			if len(heroFiles) != 11 {
				t.Errorf("hero files: %q, want 10 images and picture.html", heroFiles)
			}
			// An og card per published post, and the contact sheet.
			if len(cardFiles) != len(tt.want)+1 || !slices.Contains(cardFiles, "cards/index.html") {
				t.Errorf("card files: %q, want %d cards and index.html", cardFiles, len(tt.want))
			}
			m := readManifest(t, opts.OutDir)
			if diff := cmp.Diff(tt.want, m.Posts); diff != "" {
				t.Errorf("posts.json posts (-want +got):\n%s", diff)
			}
			if m.Version != manifest.Version || m.Site.URL != blog+"/" || m.Site.Timezone != "Europe/Malta" {
				t.Errorf("posts.json: version %d, site %+v", m.Version, m.Site)
			}
			wantSections := []manifest.Section{{Source: "_index.md", Title: "Test Blog", Description: "The home page."}}
			if diff := cmp.Diff(wantSections, m.Sections); diff != "" {
				t.Errorf("sections (-want +got):\n%s", diff)
			}
			// Result.Posts is the same list, in the same order.
			var slugs, manifestSlugs []string
			for _, p := range res.Posts {
				slugs = append(slugs, p.Post.Slug)
			}
			for _, p := range m.Posts {
				manifestSlugs = append(manifestSlugs, p.Slug)
			}
			if diff := cmp.Diff(manifestSlugs, slugs); diff != "" {
				t.Errorf("Result.Posts order differs from posts.json (-json +result):\n%s", diff)
			}
			for _, p := range m.Posts {
				if !strings.HasPrefix(p.URL, blog+"/") {
					t.Errorf("%s: URL %q is not under %s/", p.Slug, p.URL, blog)
				}
			}
		})
	}
}

// outputFiles lists the files a build writes for posts, without a news
// sitemap and per-category feeds (which basic.txtar does not configure),
// sorted as Result.Files is.
func outputFiles(posts []manifestPost) []string {
	files := []string{"atom.xml", "feed.json", "feed.xml", "posts.json", "robots.txt", "sitemap.xml"}
	for _, p := range posts {
		files = append(files, "seo/"+p.Slug+"/head.html", "seo/"+p.Slug+"/schema.jsonld")
	}
	slices.Sort(files)
	return files
}

func TestSiteTimezone(t *testing.T) {
	// A date without a zone is midnight in the site's zone, and the build
	// clock compares instants: a post dated 2026-01-01 in Malta (23:00 UTC
	// the day before) is not future at 2026-01-01T00:00Z.
	dir := extract(t, "basic.txtar")
	if err := os.WriteFile(filepath.Join(dir, "content/posts/new-year.md"),
		[]byte("---\ntitle: New Year\ndate: 2026-01-01\n---\nHi.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := options(t, dir)
	res := mustRun(t, opts)
	if res.Published != 6 || res.Future != 1 {
		t.Fatalf("published %d, future %d; want 6 and 1", res.Published, res.Future)
	}
	first := res.Posts[0].Post
	if first.Slug != "new-year" || first.PublishedAt.Format(time.RFC3339) != "2026-01-01T00:00:00+01:00" {
		t.Errorf("first post %s at %s, want new-year at 2026-01-01T00:00:00+01:00", first.Slug, first.PublishedAt.Format(time.RFC3339))
	}
}

func TestBadPosts(t *testing.T) {
	dir := extract(t, "bad.txtar")
	opts := options(t, dir)
	res := mustRun(t, opts)

	checkTotals(t, res)
	wantCounts := counts{Found: 7, Published: 3, Failed: 4, Errors: 4}
	if diff := cmp.Diff(wantCounts, countsOf(res)); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	// Every error, sorted by path and line, with the front-matter key.
	type prob struct {
		Path  string
		Line  int
		Field string
		Sev   diag.Severity
	}
	var got []prob
	for _, p := range res.Problems {
		got = append(got, prob{p.Path, p.Line, p.Field, p.Severity})
	}
	want := []prob{
		{"posts/bad-date.md", 3, "date", diag.Error},
		{"posts/bad-title.md", 3, "title", diag.Error},
		{"posts/bad-yaml.md", 4, "", diag.Error},
		{"posts/dup-b.md", 3, "slug", diag.Error},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s\nall: %v", diff, res.Problems)
	}
	for _, p := range res.Problems {
		if p.Path == "posts/dup-b.md" && !(strings.Contains(p.Message, `"same"`) && strings.Contains(p.Text(), "posts/dup-a.md:3")) {
			t.Errorf("duplicate slug problem %q does not name the slug and the other file", p.Error())
		}
	}
	m := readManifest(t, opts.OutDir)
	var slugs []string
	for _, p := range m.Posts {
		slugs = append(slugs, p.Slug)
	}
	if diff := cmp.Diff([]string{"same", "good-2", "good-1"}, slugs); diff != "" {
		t.Errorf("posts.json slugs (-want +got):\n%s", diff)
	}
	if got := readFile(t, filepath.Join(opts.OutDir, "posts.json")); !bytes.Contains(got, []byte("Dup A")) || bytes.Contains(got, []byte("Dup B")) {
		t.Errorf("posts.json should have the first duplicate (by path) and not the second")
	}
}

func TestPermalinkNeedsDate(t *testing.T) {
	dir := extract(t, "basic.txtar")
	opts := options(t, dir)
	opts.Config.Site.Permalink = "/{year}/{slug}/"
	res := mustRun(t, opts)
	checkTotals(t, res)
	want := []diag.Problem{{
		Path: "posts/undated.md", Line: 1, Field: "publishedAt",
		Message: `missing: permalink "/{year}/{slug}/" needs a published date for {year}`,
	}}
	if diff := cmp.Diff(want, res.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if res.Failed != 1 || res.Published != 4 {
		t.Errorf("failed %d, published %d; want 1 and 4", res.Failed, res.Published)
	}
	m := readManifest(t, opts.OutDir)
	if len(m.Posts) == 0 || m.Posts[0].Path != "/2025/c/" {
		t.Errorf("first post = %+v, want path /2025/c/", m.Posts)
	}
}

func TestCheckOnly(t *testing.T) {
	dir := extract(t, "bad.txtar")
	opts := options(t, dir)
	opts.CheckOnly = true
	res := mustRun(t, opts)
	if res.Errors() != 4 || res.Failed != 4 {
		t.Errorf("check found %d errors, %d failed; want 4 and 4", res.Errors(), res.Failed)
	}
	for _, d := range []string{opts.OutDir, opts.CacheDir} {
		if _, err := os.Stat(d); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("check created %s (stat: %v)", d, err)
		}
	}
	if len(res.Files) != 0 || res.Written != 0 {
		t.Errorf("check reports files %v, %d written", res.Files, res.Written)
	}
}

func TestFailFast(t *testing.T) {
	for _, jobs := range []int{1, 4} {
		t.Run(fmt.Sprintf("jobs=%d", jobs), func(t *testing.T) {
			dir := extract(t, "bad.txtar")
			opts := options(t, dir)
			opts.Jobs = jobs
			opts.FailFast = true
			prev := filepath.Join(opts.OutDir, "posts.json")
			if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(prev, []byte("previous output\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := mustRun(t, opts)
			if !res.Stopped {
				t.Error("Stopped = false, want true")
			}
			// Only the first file with an error, in path order, is
			// reported, whatever order the workers finished in.
			var paths []string
			for _, p := range res.Problems {
				paths = append(paths, p.Path)
			}
			if diff := cmp.Diff([]string{"posts/bad-date.md"}, paths); diff != "" {
				t.Errorf("problems reported for (-want +got):\n%s\nall: %v", diff, res.Problems)
			}
			if res.Errors() != 1 {
				t.Errorf("%d errors, want 1: %v", res.Errors(), res.Problems)
			}
			if res.Failed != 1 {
				t.Errorf("%d failed, want 1: the post with the error", res.Failed)
			}
			if len(res.Files) != 0 || res.Written != 0 {
				t.Errorf("files %v, %d written; want none", res.Files, res.Written)
			}
			if got := string(readFile(t, prev)); got != "previous output\n" {
				t.Errorf("posts.json = %q, want the previous output untouched", got)
			}
			if tmp := tempFiles(t, opts.OutDir); len(tmp) != 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
		})
	}
}

// cancelReporter cancels the run when the first post is done.
type cancelReporter struct {
	cancel   context.CancelFunc
	once     sync.Once
	mu       sync.Mutex
	advanced int
}

func (r *cancelReporter) StageStart(string, int)               {}
func (r *cancelReporter) StageDone(string, int, time.Duration) {}
func (r *cancelReporter) Advance(stage string, n int) {
	r.mu.Lock()
	r.advanced += n
	r.mu.Unlock()
	r.once.Do(r.cancel)
}

func TestCancel(t *testing.T) {
	for _, jobs := range []int{1, 0} {
		t.Run(map[int]string{1: "one job", 0: "all CPUs"}[jobs], func(t *testing.T) {
			dir := extract(t, "basic.txtar")
			opts := options(t, dir)
			opts.Jobs = jobs
			mustRun(t, opts)
			postsJSON := filepath.Join(opts.OutDir, "posts.json")
			before := readFile(t, postsJSON)

			// Change a post, so that a finished run would change posts.json.
			a := filepath.Join(dir, "content/posts/a.md")
			src := bytes.Replace(readFile(t, a), []byte("title: Post A"), []byte("title: Post A, revised"), 1)
			if err := os.WriteFile(a, src, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			rep := &cancelReporter{cancel: cancel}
			opts.Reporter = rep
			res, err := Run(ctx, opts)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Run error = %v, want context.Canceled", err)
			}
			if res == nil {
				t.Fatal("Run returned a nil Result")
			}
			if rep.advanced == 0 {
				t.Error("the reporter never saw a post")
			}
			if after := readFile(t, postsJSON); !bytes.Equal(before, after) {
				t.Errorf("posts.json changed by a cancelled run:\n%s", cmp.Diff(string(before), string(after)))
			}
			if tmp := tempFiles(t, opts.OutDir); len(tmp) != 0 {
				t.Errorf("temporary files left: %v", tmp)
			}

			// The same change, not cancelled, does change posts.json: the
			// check above can fail.
			opts.Reporter = nil
			mustRun(t, opts)
			if after := readFile(t, postsJSON); bytes.Equal(before, after) {
				t.Error("a finished run did not change posts.json")
			}
		})
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	dir := extract(t, "basic.txtar")
	opts := options(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(filepath.Join(opts.OutDir, "posts.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("posts.json written by a cancelled run (stat: %v)", err)
	}
	if _, err := os.Stat(opts.OutDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("output dir left by a cancelled first run (stat: %v)", err)
	}
}

func TestDeterministic(t *testing.T) {
	for _, fixture := range []string{"basic.txtar", "bad.txtar"} {
		t.Run(fixture, func(t *testing.T) {
			dir := extract(t, fixture)
			var outs []map[string]string
			var problems [][]diag.Problem
			for i, jobs := range []int{1, 8, 0} {
				opts := options(t, dir)
				opts.Jobs = jobs
				opts.OutDir = filepath.Join(dir, "out", fmt.Sprint(i))
				res := mustRun(t, opts)
				outs = append(outs, readTree(t, opts.OutDir))
				problems = append(problems, res.Problems)
			}
			if len(outs[0]) < 2 {
				t.Fatalf("the build wrote %d files", len(outs[0]))
			}
			for i := 1; i < len(outs); i++ {
				if diff := cmp.Diff(outs[0], outs[i]); diff != "" {
					t.Errorf("run %d output differs from run 0 (-run0 +run%d):\n%s", i, i, diff)
				}
				if diff := cmp.Diff(problems[0], problems[i]); diff != "" {
					t.Errorf("run %d problems differ (-run0 +run%d):\n%s", i, i, diff)
				}
			}
		})
	}
}

func TestRebuildUnchanged(t *testing.T) {
	dir := extract(t, "basic.txtar")
	opts := options(t, dir)
	// posts.json, sitemap.xml, robots.txt, three feeds, and head.html and
	// schema.jsonld for each of the five published posts.
	// Post a's hero: 10 image files and picture.html; a card per post and
	// cards/index.html.
	const files = 16 + 11 + 6
	first := mustRun(t, opts)
	if first.Written != files || first.Unchanged != 0 || first.Bytes == 0 || len(first.Files) != files {
		t.Errorf("first run: %d files, %d written, %d unchanged, %d bytes; want %d, %[1]d, 0, some", len(first.Files), first.Written, first.Unchanged, first.Bytes, files)
	}
	second := mustRun(t, opts)
	if second.Written != 0 || second.Unchanged != files || second.Bytes != first.Bytes {
		t.Errorf("second run: %d written, %d unchanged, %d bytes; want 0, %d, %d", second.Written, second.Unchanged, second.Bytes, files, first.Bytes)
	}
	// A changed post rewrites only the files that say something about it.
	a := filepath.Join(dir, "content/posts/a.md")
	src := bytes.Replace(readFile(t, a), []byte("title: Post A"), []byte("title: Post A, revised"), 1)
	if err := os.WriteFile(a, src, 0o644); err != nil {
		t.Fatal(err)
	}
	third := mustRun(t, opts)
	// posts.json, the three feeds, seo/a/head.html and seo/a/schema.jsonld,
	// a's new card, the contact sheet, and the sitemap, which names the card;
	// robots.txt and the images do not carry titles.
	if third.Written != 9 || third.Unchanged != files-9 {
		t.Errorf("after a title change: %d written, %d unchanged; want 9, %d", third.Written, third.Unchanged, files-9)
	}
}

// exampleSite is the bundled example, used read-only.
const exampleSite = "../examples/site"

// buildExample builds the example site into a temporary directory and
// returns posts.json with the generator's version replaced by VERSION.
func buildExample(t *testing.T) []byte {
	t.Helper()
	out := t.TempDir()
	res := mustRun(t, exampleOptions(t, out, now))
	if res.Errors() != 0 {
		t.Errorf("example site has errors: %v", res.Problems)
	}
	remote := 0
	for _, p := range res.Problems {
		if exampleRemoteImage(p) {
			remote++
			continue
		}
		if cardNotice(p) {
			continue
		}
		t.Errorf("example site problem: %s", p.Error())
	}
	if remote != 2 || res.Images.Failed != 2 {
		t.Errorf("the seed-shaped post's two remote images: %d warnings, %d failed; want 2, 2", remote, res.Images.Failed)
	}
	data := readFile(t, filepath.Join(out, "posts.json"))
	return bytes.Replace(data, []byte(`"generator": "seopipe `+version.String()+`"`), []byte(`"generator": "seopipe VERSION"`), 1)
}

func TestExampleSite(t *testing.T) {
	golden.Check(t, "testdata/TestExampleSite/posts.golden.json", buildExample(t))
}

func TestExampleSiteSchema(t *testing.T) {
	const schemaPath = "../docs/posts.schema.json"
	if _, err := os.Stat(schemaPath); err != nil {
		t.Fatalf("JSON Schema of posts.json: %v (it is part of the repository)", err)
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compiling %s: %v", schemaPath, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buildExample(t)))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("posts.json of the example site does not match %s:\n%v", schemaPath, err)
	}
	// The schema is strict enough to refuse a broken manifest.
	for name, mutate := range map[string]func(m map[string]any){
		"no posts":          func(m map[string]any) { delete(m, "posts") },
		"version is text":   func(m map[string]any) { m["version"] = "1" },
		"post without slug": func(m map[string]any) { delete(m["posts"].([]any)[0].(map[string]any), "slug") },
		"post without key":  func(m map[string]any) { delete(m["posts"].([]any)[0].(map[string]any), "key") },
	} {
		raw, _ := json.Marshal(inst)
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		mutate(m)
		if err := sch.Validate(m); err == nil {
			t.Errorf("schema accepts a manifest with %s", name)
		}
	}
}
