package buildcache

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// parseOnly ignores what only content.Parse itself uses (an inline image's
// byte offset, from which it computes the image's line).
var parseOnly = cmpopts.IgnoreUnexported(post.InlineImage{})

// everyType are posts holding every type front matter gives a value:
// YAML, TOML and JSON, nested maps and lists, times with and without an
// offset.
var everyType = map[string]string{
	"posts/yaml.md": `---
title: "YAML: every type"
publishedAt: 2025-05-01 09:30
updatedAt: 2025-05-03
category: Cloud & Infra
tags: [queues, backpressure]
image: /images/hero.jpg
imageAlt: A hero
params:
  count: 3
  ratio: 0.75
  on: true
  none: null
  when: 2025-05-02T10:00:00+02:00
  list: [1, two, 3.5, false]
  nested:
    deeper:
      name: x
      list: [{a: 1}, {b: [2, 3]}]
---
Body of **YAML** with a [relative link](/about/) and an image:

![Inline](/images/inline.png)
`,
	"posts/toml.md": `+++
title = "TOML: every type"
date = 2025-06-01T10:00:00Z
lang = "fr"
category = "Hardware"
[params]
count = 7
ratio = 1.5
on = false
local = 2025-06-02T08:00:00
day = 2025-06-03
list = [1, 2, 3]
[[params.table]]
name = "first"
[[params.table]]
name = "second"
+++
Le corps **TOML**.
`,
	"posts/json.md": `{
  "title": "JSON: every type",
  "date": "2025-04-01",
  "author": "Jane Doe",
  "params": {"count": 2, "ratio": 0.5, "on": true, "none": null, "list": ["a", 1], "map": {"k": [1.5, {"z": "y"}]}}
}
A JSON post.
`,
	"posts/undated.md": "---\ntitle: Undated\nnoindex: true\n---\nNo date.\n",
}

// TestParseCacheRoundTrip checks that a post read back from the parse
// cache is the post content.Parse made, with every front-matter type.
func TestParseCacheRoundTrip(t *testing.T) {
	popts := content.ParseOptions{Location: time.FixedZone("CET", 3600), DefaultLang: "en"}
	cacheDir := t.TempDir()
	pc := OpenParseCache(cacheDir, popts, nil)
	want := map[string]*post.Post{}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range everyType {
			if !yield(k) {
				return
			}
		}
	})
	for _, rel := range names {
		data := []byte(everyType[rel])
		p, ps, _ := pc.Parse(rel, data)
		if p == nil || diag.HasErrors(ps) {
			t.Fatalf("%s: %v", rel, ps)
		}
		want[rel], _ = content.Parse(rel, data, popts)
	}
	if pc.Hits() != 0 {
		t.Errorf("an empty cache gave %d hits", pc.Hits())
	}
	if err := pc.Save(); err != nil {
		t.Fatal(err)
	}
	again := OpenParseCache(cacheDir, popts, func(n int, f func(int)) {
		for i := n - 1; i >= 0; i-- { // any order
			f(i)
		}
	})
	if len(again.old) != len(names) {
		t.Fatalf("the cache holds %d posts, want %d", len(again.old), len(names))
	}
	for _, rel := range names {
		got, _, _ := again.Parse(rel, []byte(everyType[rel]))
		if d := cmp.Diff(want[rel], got, parseOnly); d != "" {
			t.Errorf("%s from the cache differs (-parsed +cached):\n%s", rel, d)
		}
		// The times keep their offsets: what every output writes.
		for _, ts := range [][2]time.Time{{want[rel].PublishedAt, got.PublishedAt}, {want[rel].UpdatedAt, got.UpdatedAt}} {
			if a, b := ts[0].Format(time.RFC3339Nano), ts[1].Format(time.RFC3339Nano); a != b {
				t.Errorf("%s: time %s came back as %s", rel, a, b)
			}
		}
	}
	if again.Hits() != len(names) || again.changed.any() {
		t.Errorf("%d hits, changed shards %v; want %d and none", again.Hits(), again.changed, len(names))
	}
	// An edited file misses.
	if _, _, _ = again.Parse("posts/yaml.md", []byte(everyType["posts/yaml.md"]+"More.\n")); again.Hits() != len(names) {
		t.Errorf("an edited file was taken from the cache")
	}
}

// TestParseKey: every option the parse depends on is in the key.
func TestParseKey(t *testing.T) {
	sep := "<!--more-->"
	base := content.ParseOptions{DefaultLang: "en"}
	tests := []struct {
		name  string
		other content.ParseOptions
		rel   string
		data  string
	}{
		{"SkipHTML (a check's posts are not a build's)", content.ParseOptions{DefaultLang: "en", SkipHTML: true}, "a.md", "x"},
		{"language", content.ParseOptions{DefaultLang: "de"}, "a.md", "x"},
		{"author", content.ParseOptions{DefaultLang: "en", DefaultAuthor: "Jo"}, "a.md", "x"},
		{"location", content.ParseOptions{DefaultLang: "en", Location: time.FixedZone("X", 3600)}, "a.md", "x"},
		{"root name", content.ParseOptions{DefaultLang: "en", RootName: "app"}, "a.md", "x"},
		{"a Jekyll project's post", content.ParseOptions{DefaultLang: "en", Jekyll: true}, "a.md", "x"},
		{"a Jekyll project's defaults", content.ParseOptions{DefaultLang: "en", Defaults: func(string) map[string]any { return map[string]any{"author": "A"} }}, "a.md", "x"},
		{"excerpt separator", content.ParseOptions{DefaultLang: "en", ExcerptSeparator: &sep}, "a.md", "x"},
		{"path", base, "b.md", "x"},
		{"bytes", base, "a.md", "y"},
	}
	for _, tt := range tests {
		if parseKey("a.md", []byte("x"), base) == parseKey(tt.rel, []byte(tt.data), tt.other) {
			t.Errorf("%s does not change the parse key", tt.name)
		}
	}
	if first, again := parseKey("a.md", []byte("x"), base), parseKey("a.md", []byte("x"), base); first != again {
		t.Error("the same parse has two keys")
	}
}

// TestParseCacheLeavesOutWhatGobCannotEncode: a post holding a value of a
// type gob was not told about is left out of the cache, and the others
// are kept.
func TestParseCacheLeavesOutWhatGobCannotEncode(t *testing.T) {
	cacheDir := t.TempDir()
	pc := OpenParseCache(cacheDir, content.ParseOptions{}, nil)
	good, _, _ := pc.Parse("good.md", []byte("---\ntitle: Good\n---\nBody.\n"))
	bad, _, _ := pc.Parse("bad.md", []byte("---\ntitle: Bad\n---\nBody.\n"))
	if good == nil || bad == nil {
		t.Fatal("the posts did not parse")
	}
	type unregistered struct{ N int }
	bad.Params = map[string]any{"odd": unregistered{1}}
	if err := pc.Save(); err != nil {
		t.Fatal(err)
	}
	again := OpenParseCache(cacheDir, content.ParseOptions{}, nil)
	if len(again.old) != 1 {
		t.Fatalf("the cache holds %d posts, want the good one only", len(again.old))
	}
	for _, e := range again.old {
		if e.Post.Title != "Good" {
			t.Errorf("the cache holds %q, want Good", e.Post.Title)
		}
	}
}

// TestParseCacheWithoutDir: with no cache dir every file is parsed and
// nothing is written.
func TestParseCacheWithoutDir(t *testing.T) {
	pc := OpenParseCache("", content.ParseOptions{}, nil)
	for range 2 {
		if p, _, key := pc.Parse("a.md", []byte("---\ntitle: A\n---\n")); p == nil || key == "" {
			t.Fatalf("Parse = %v, key %q", p, key)
		}
	}
	if pc.Hits() != 0 {
		t.Errorf("%d hits without a cache", pc.Hits())
	}
	if err := pc.Save(); err != nil {
		t.Error(err)
	}
}

// TestSourceIndex checks when the source index spares reading a file: its
// stamp must be the file's, settled, and made under the same options.
func TestSourceIndex(t *testing.T) {
	dir := t.TempDir()
	abs := filepath.Join(dir, "a.md")
	data := []byte("---\ntitle: A\ndate: 2025-01-01\n---\nBody.\n")
	if err := os.WriteFile(abs, data, 0o644); err != nil {
		t.Fatal(err)
	}
	popts := content.ParseOptions{DefaultLang: "en"}
	settled := time.Now().Add(time.Hour)
	// build stamps the file as a run at now would, and saves the cache.
	build := func(t *testing.T, cacheDir string, now time.Time) {
		t.Helper()
		pc := OpenParseCache(cacheDir, popts, nil)
		st, ok := pc.Stat(abs, now)
		if !ok {
			t.Fatal("a.md cannot be stat'ed")
		}
		p, _, key := pc.Parse("a.md", data)
		if p == nil {
			t.Fatal("a.md did not parse")
		}
		pc.Stamp("a.md", st, key)
		if err := pc.Save(); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		stamped time.Time            // when the first run stamped the file
		opts    content.ParseOptions // the second run's
		touch   bool                 // the file's time changed since
		want    bool
	}{
		{"settled, same options", settled, popts, false, true},
		{"stamped right after it changed", time.Now(), popts, false, false},
		{"other options", settled, content.ParseOptions{DefaultLang: "de"}, false, false},
		{"touched since", settled, popts, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cacheDir := t.TempDir()
			build(t, cacheDir, tt.stamped)
			if tt.touch {
				later := time.Now().Add(-time.Hour)
				if err := os.Chtimes(abs, later, later); err != nil {
					t.Fatal(err)
				}
			}
			pc := OpenParseCache(cacheDir, tt.opts, nil)
			st, _ := pc.Stat(abs, settled)
			p, _, _, ok := pc.Unchanged("a.md", st)
			if ok != tt.want {
				t.Fatalf("taken from the index: %v, want %v", ok, tt.want)
			}
			if ok && p.Title != "A" {
				t.Errorf("the index gave %q, want A", p.Title)
			}
		})
	}
}
