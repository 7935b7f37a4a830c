package pipeline

// Helpers shared by the package's test files.

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/testdeps"
)

// buildSite writes files into a new site, builds it (with opts changed by
// adjust, when not nil) and fails the test on anything the self-check
// found in the output.
func buildSite(t *testing.T, files map[string]string, adjust func(*Options)) (*built, Options) {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, files)
	opts := siteOptions(t, dir, nil)
	if adjust != nil {
		adjust(&opts)
	}
	res := mustRun(t, opts)
	for _, p := range res.OutputProblems {
		t.Errorf("verify found: %s", p.Error())
	}
	return &built{t: t, out: opts.OutDir, res: res}, opts
}

// cardNotice reports whether p is a card's report of what it did to a
// title (shrunk, cut, characters no font has): warnings the example's
// 150-character and emoji titles are meant to give.
func cardNotice(p diag.Problem) bool {
	return p.Field == "card" && p.Severity == diag.Warning
}

// checkClean fails the test when the build reported any problem at all.
func checkClean(t testing.TB, res *Result) {
	t.Helper()
	for _, p := range res.Problems {
		if !exampleRemoteImage(p) && !cardNotice(p) {
			t.Errorf("build problem: %s", p.Error())
		}
	}
	for _, p := range res.OutputProblems {
		t.Errorf("verify found: %s", p.Error())
	}
}

// checkTotals checks that every file found is accounted for exactly once.
func checkTotals(t testing.TB, r *Result) {
	t.Helper()
	if sum := r.Sections + r.Headless + r.NotPosts + r.Published + r.Drafts + r.Future + r.Expired + r.Failed; sum != r.Found {
		t.Errorf("found %d files, but sections+headless+notposts+published+drafts+future+expired+failed = %d (%+v)", r.Found, sum, *r)
	}
}

// edit rewrites a file of the site: old must occur in it.
func edit(t *testing.T, path, old, new string) {
	t.Helper()
	data := readFile(t, path)
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// exampleOptions returns Options that build the example site into out with
// the build clock at.
func exampleOptions(t testing.TB, out string, at time.Time) Options {
	t.Helper()
	// The example's seopipe.yaml names Noto CJK as the cards' fallback font
	// (the Japanese post's title): without it the build warns, and the card
	// names in the goldens differ.
	testdeps.Font(t, "NotoSansCJK-Bold")
	opts := siteOptions(t, exampleSite, nil)
	opts.OutDir, opts.CacheDir, opts.Now = out, sharedCache(t), at
	return opts
}

// extract writes the txtar archive testdata/name into a fresh directory
// and returns it.
func extract(t testing.TB, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		data := f.Data
		if w, h, ok := generateSpec(f.Data); ok {
			data = generatedImage(t, f.Name, w, h)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// generatedImage is a w×h JPEG, or PNG for a name ending in .png.
func generatedImage(t testing.TB, name string, w, h int) []byte {
	data := testJPEG(t, w, h, 90)
	if strings.HasSuffix(name, ".png") {
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		data = b.Bytes()
	}
	return data
}

// hrefs returns the href of every element of an HTML fragment, in order.
func hrefs(t *testing.T, fragment string) []string {
	t.Helper()
	var out []string
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("reading %q: %v", fragment, z.Err())
			}
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range z.Token().Attr {
				if a.Key == "href" {
					out = append(out, a.Val)
				}
			}
		}
	}
}

func itemsOf(f *gofeed.Feed) []feedItem {
	out := []feedItem{}
	for _, it := range f.Items {
		fi := feedItem{Title: it.Title, Link: it.Link, Categories: it.Categories, Description: it.Description, Content: it.Content}
		if f.FeedType == "rss" {
			fi.Description = html.UnescapeString(fi.Description) // RSS description is HTML
		}
		if it.PublishedParsed != nil {
			fi.Published = it.PublishedParsed.UTC().Format(time.RFC3339)
		}
		out = append(out, fi)
	}
	return out
}

// md returns a post: YAML front matter (lines ending in "\n") and a body.
func md(front, body string) string { return "---\n" + front + "---\n" + body }

func mustRun(t testing.TB, opts Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// options loads and validates the site's config as the CLI does and
// returns Options for a build of it into its output dir at now.
func options(t testing.TB, siteDir string) Options {
	t.Helper()
	opts := siteOptions(t, siteDir, nil)
	opts.Now = now
	return opts
}

// parseFeed parses the feed at path with gofeed, checking its format.
func parseFeed(t testing.TB, path, wantType string) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(readFile(t, path)))
	if err != nil {
		t.Fatalf("gofeed: %s: %v", path, err)
	}
	if f.FeedType != wantType {
		t.Errorf("gofeed: %s is %q, want %q", path, f.FeedType, wantType)
	}
	return f
}

// pngOf returns a blank PNG of the given size.
func pngOf(t testing.TB, w, h int) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// readTree returns every file under dir, by slash-separated relative path.
func readTree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// siteOptions loads the site's config as the CLI does, lets configure
// change it (before Validate, as flags do), and returns Options for a
// build into its output dir at exampleNow.
func siteOptions(t testing.TB, siteDir string, configure func(*config.Config)) Options {
	t.Helper()
	cfg, err := config.Load(config.LoadOptions{WorkDir: siteDir})
	if err != nil {
		t.Fatal(err)
	}
	if configure != nil {
		configure(cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := cfg.RequireURL(); err != nil {
		t.Fatal(err)
	}
	return Options{
		Config:         cfg,
		ContentDir:     cfg.Resolve(cfg.Content.Dir),
		OutDir:         cfg.Resolve(cfg.Output.Dir),
		CacheDir:       cfg.Resolve(cfg.Cache.Dir),
		Now:            exampleNow,
		FetchTransport: noNetwork{},
	}
}

// writeTree writes files (slash-separated path -> content) under dir.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
