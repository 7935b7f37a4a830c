package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/buildcache"
)

// TestStaleOutputsRemoved checks that a post removed from the content takes
// its seo/ files with it on the next build, that files seopipe never wrote
// are left alone, and that a failed record of nothing deletes nothing.
func TestStaleOutputsRemoved(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":         badSiteConfig,
		"content/posts/a.md":   md("title: A\ndate: 2025-10-01\n", "Text.\n"),
		"content/posts/b.md":   md("title: B\ndate: 2025-10-02\n", "Text.\n"),
		"public/mine/keep.txt": "a file of the user's, not seopipe's",
	})
	opts := siteOptions(t, dir, nil)
	res := mustRun(t, opts)
	if res.Removed != 0 {
		t.Errorf("first build removed %d files, want 0", res.Removed)
	}
	if err := os.Remove(filepath.Join(dir, "content/posts/b.md")); err != nil {
		t.Fatal(err)
	}
	res = mustRun(t, opts)
	if res.Removed != 3 {
		t.Errorf("second build removed %d files, want 3 (b's head.html, schema.jsonld and card)", res.Removed)
	}
	for _, gone := range []string{"seo/b/head.html", "seo/b/schema.jsonld", "seo/b"} {
		if _, err := os.Stat(filepath.Join(opts.OutDir, gone)); !os.IsNotExist(err) {
			t.Errorf("%s is still there (err %v)", gone, err)
		}
	}
	for _, kept := range []string{"seo/a/head.html", "mine/keep.txt"} {
		if _, err := os.Stat(filepath.Join(opts.OutDir, kept)); err != nil {
			t.Errorf("%s: %v", kept, err)
		}
	}
	if len(res.OutputProblems) > 0 {
		t.Errorf("verify found: %v", res.OutputProblems)
	}
	rec, err := buildcache.Recorded(opts.CacheDir, opts.OutDir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(res.Files, rec); diff != "" {
		t.Errorf("record lists other files (-built +recorded):\n%s", diff)
	}
}

// TestStaleSitemapsWithoutRecord checks the first build with no record of
// an earlier one: leftover sitemap files (ours by name) go, anything else stays.
func TestStaleSitemapsWithoutRecord(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":             badSiteConfig,
		"content/posts/a.md":       md("title: A\ndate: 2025-01-01\n", "Text.\n"),
		"public/sitemap-news.xml":  "<old/>",
		"public/sitemap-7.xml.gz":  "old",
		"public/sitemap-notes.txt": "the user's",
	})
	opts := siteOptions(t, dir, nil)
	res := mustRun(t, opts)
	if res.Removed != 2 {
		t.Errorf("removed %d files, want 2", res.Removed)
	}
	for name, want := range map[string]bool{"sitemap-news.xml": false, "sitemap-7.xml.gz": false, "sitemap-notes.txt": true, "sitemap.xml": true} {
		_, err := os.Stat(filepath.Join(opts.OutDir, name))
		if got := err == nil; got != want {
			t.Errorf("%s exists = %v, want %v", name, got, want)
		}
	}
}

// TestStaleWithoutCache: with the cache deleted (and its record of the
// files written), what the last posts.json named is still the last
// build's: a deleted post's SEO files and card, and the category feed
// perCategory no longer makes, go, and the next build equals a clean one.
func TestStaleWithoutCache(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":           badSiteConfig,
		"static/images/logo.png": pngOf(t, 200, 200),
		"content/posts/a.md":     md("title: A\ndate: 2025-10-01\ncategory: Go\n", "Text.\n"),
		"content/posts/b.md":     md("title: B\ndate: 2025-10-02\ncategory: Rust\n", "Text.\n"),
	})
	opts := siteOptions(t, dir, nil)
	mustRun(t, opts)
	for _, f := range []string{"seo/b/head.html", "category/rust/feed.xml"} {
		if _, err := os.Stat(filepath.Join(opts.OutDir, f)); err != nil {
			t.Fatalf("the first build wrote no %s: %v", f, err)
		}
	}
	if err := os.Remove(filepath.Join(dir, "content/posts/b.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(opts.CacheDir); err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, opts)
	for _, p := range res.OutputProblems {
		t.Errorf("verify found: %s", p.Error())
	}
	clean := opts
	clean.OutDir, clean.CacheDir = t.TempDir(), t.TempDir()
	mustRun(t, clean)
	got, want := readTree(t, opts.OutDir), readTree(t, clean.OutDir)
	if diff := cmp.Diff(slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(got))); diff != "" {
		t.Errorf("files after the build without a cache (-clean +got):\n%s", diff)
	}
	if res.Removed != 4 {
		t.Errorf("removed %d files, want 4 (b's head.html, schema.jsonld, card, category/rust/feed.xml)", res.Removed)
	}
}

// TestCacheDirTagged: a build marks its cache dir with a CACHEDIR.TAG, so
// backup tools skip it; a check writes nothing there.
func TestCacheDirTagged(t *testing.T) {
	dir := extract(t, "basic.txtar")
	check := options(t, dir)
	check.CheckOnly = true
	if _, err := Run(context.Background(), check); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(check.CacheDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a check made the cache dir (%v)", err)
	}
	opts := options(t, dir)
	mustRun(t, opts)
	tag, err := os.ReadFile(filepath.Join(opts.CacheDir, "CACHEDIR.TAG"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(tag), "Signature: 8a477f597d28d172789f06886806bc55\n") {
		t.Errorf("CACHEDIR.TAG = %q, want the cachedir signature first", tag)
	}
}
