package buildcache

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// keeper is a Keeper over the files as they are: what it keeps, it lists.
type keeper struct {
	dir  string
	kept []string
}

func (k *keeper) Keep(rel string, size int64) (bool, error) {
	st, err := os.Stat(filepath.Join(k.dir, rel))
	if err != nil || st.Size() != size {
		return false, nil
	}
	k.kept = append(k.kept, rel)
	return true, nil
}

func (k *keeper) KeepUnmodified(rel string, size, mod int64) (bool, error) {
	st, err := os.Stat(filepath.Join(k.dir, rel))
	if err != nil || st.Size() != size || st.ModTime().UnixNano() != mod {
		return false, nil
	}
	k.kept = append(k.kept, rel)
	return true, nil
}

// TestPostRecords runs the records through builds: what one build wrote
// and saved, the next keeps while its key and files stand, and its
// posts.json elements are copied from where the last build put them.
func TestPostRecords(t *testing.T) {
	cacheDir, out := t.TempDir(), t.TempDir()
	files := map[string]string{
		"seo/a/head.html": "<title>A</title>", "seo/a/schema.jsonld": "{}",
		"seo/b/head.html": "<title>B</title>", "seo/b/schema.jsonld": "{}", "seo/b/picture.html": "<picture>",
		"posts.json": `{"posts":[{"a":1},{"b":2}]}`,
	}
	for rel, data := range files {
		p := filepath.Join(out, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sums := func(rels ...string) map[string]string {
		m := map[string]string{}
		for _, rel := range rels {
			m[rel] = digestOf(files[rel])
		}
		return m
	}
	// Stamped a minute after the files were written: settled.
	now := time.Now().Add(time.Minute)

	first := ReadPostRecords(cacheDir, out, nil)
	if first.ManifestSame() {
		t.Fatal("a posts.json no build recorded is the last build's")
	}
	k := &keeper{dir: out}
	if rec, err := first.Keep("a", "key-a", k); rec != nil || err != nil {
		t.Fatalf("kept %v (%v) with no records", rec, err)
	}
	a := first.Wrote("key-a", []string{"seo/a/head.html", "seo/a/schema.jsonld", ""}, sums("seo/a/head.html", "seo/a/schema.jsonld"))
	b := first.Wrote("key-b", []string{"seo/b/head.html", "seo/b/schema.jsonld", "seo/b/picture.html"}, sums("seo/b/head.html", "seo/b/schema.jsonld", "seo/b/picture.html"))
	first.SetEntry("a", a, "entry-a")
	first.SetEntry("b", b, "entry-b")
	if a.Copied() || b.Copied() {
		t.Fatal("an element to copy from no posts.json")
	}
	a.SetSpan(10, 7)
	b.SetSpan(18, 7)
	m := ManifestWrite{Rel: "posts.json", Head: "head", Sum: digestOf(files["posts.json"])}
	if err := first.Save([]string{"a", "b"}, []*PostRecord{a, b}, m, now); err != nil {
		t.Fatal(err)
	}

	second := ReadPostRecords(cacheDir, out, nil)
	if !second.ManifestSame() || second.ManifestHead() != "head" || second.Manifest().Size != int64(len(files["posts.json"])) {
		t.Fatalf("posts.json as recorded: same %v, head %q, stamp %+v", second.ManifestSame(), second.ManifestHead(), second.Manifest())
	}
	k = &keeper{dir: out}
	ka, err := second.Keep("a", "key-a", k)
	if err != nil || ka == nil {
		t.Fatalf("a not kept: %v", err)
	}
	if d := cmp.Diff([]string{"seo/a/head.html", "seo/a/schema.jsonld", ""}, ka.Files); d != "" {
		t.Errorf("a's files (-wrote +kept):\n%s", d)
	}
	if d := cmp.Diff([]string{"seo/a/head.html", "seo/a/schema.jsonld"}, k.kept); d != "" {
		t.Errorf("kept through the Keeper (-want +got):\n%s", d)
	}
	second.SetEntry("a", ka, "entry-a")
	if off, n := ka.Span(); !ka.Copied() || off != 10 || n != 7 {
		t.Errorf("a's element: copied %v at %d+%d, want copied at 10+7", ka.Copied(), off, n)
	}
	if ka.changed {
		t.Error("a record the same as the last build's is marked changed")
	}
	if rec, _ := second.Keep("b", "another key", k); rec != nil {
		t.Error("b kept under another key")
	}
	if rec, _ := second.Keep("b", "", k); rec != nil {
		t.Error("b kept under no key")
	}
	// b's picture edited: b is written again.
	later := now.Add(time.Hour)
	if err := os.Chtimes(filepath.Join(out, "seo/b/picture.html"), later, later); err != nil {
		t.Fatal(err)
	}
	if rec, _ := second.Keep("b", "key-b", k); rec != nil {
		t.Error("b kept with a file changed since")
	}
	nb := second.Wrote("key-b", b.Files, sums(b.Files...))
	second.SetEntry("b", nb, "entry-b2")
	if nb.Copied() || !nb.changed {
		t.Errorf("b's new element: copied %v, changed %v", nb.Copied(), nb.changed)
	}
	// A post gone from the build: its record goes too.
	if err := second.Save([]string{"a"}, []*PostRecord{ka}, m, later); err != nil {
		t.Fatal(err)
	}
	third := ReadPostRecords(cacheDir, out, nil)
	if rec, _ := third.Keep("b", "key-b", &keeper{dir: out}); rec != nil {
		t.Error("the record of a post no longer built was kept")
	}
	if rec, _ := third.Keep("a", "key-a", &keeper{dir: out}); rec == nil {
		t.Error("a was not kept after a build that kept it")
	}
}

// TestPostRecordsWithoutCache: the zero PostRecords keeps nothing and
// saves nothing.
func TestPostRecordsWithoutCache(t *testing.T) {
	var p PostRecords
	if rec, err := p.Keep("a", "k", &keeper{}); rec != nil || err != nil {
		t.Errorf("Keep = %v, %v", rec, err)
	}
	rec := p.Wrote("k", []string{"x"}, nil)
	p.SetEntry("a", rec, "e")
	if rec.Copied() {
		t.Error("an element to copy without records")
	}
	if err := p.Save([]string{"a"}, []*PostRecord{rec}, ManifestWrite{}, time.Now()); err != nil {
		t.Error(err)
	}
	if r := ReadPostRecords("", t.TempDir(), nil); r.ManifestSame() {
		t.Error("a posts.json without a cache dir is the last build's")
	}
}

// TestKeysEntry: each part of an element is in its key.
func TestKeysEntry(t *testing.T) {
	var k Keys
	if k.Entry("", 1) != "" {
		t.Error("an element key without a page key")
	}
	base := k.Entry("page", map[string]string{"head": "h"}, []int{1})
	for i, other := range []string{
		k.Entry("page2", map[string]string{"head": "h"}, []int{1}),
		k.Entry("page", map[string]string{"head": "h2"}, []int{1}),
		k.Entry("page", map[string]string{"head": "h"}, []int{2}),
	} {
		if other == base {
			t.Errorf("change %d kept the key", i)
		}
	}
	if k.Entry("page", func() {}) != "" {
		t.Error("a part JSON cannot encode gave a key")
	}
}
