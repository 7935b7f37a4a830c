package buildcache

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/verify"
)

// TestFindings runs the self-check's records through builds: a post is
// checked, then its finding taken while its files stand, on their stamps
// or on bytes the build knows; a file changed to bytes the build does not
// know has the post checked again.
func TestFindings(t *testing.T) {
	settled := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return settled.Add(time.Hour) }
	head := `<title>A</title><link rel="canonical" href="https://example.com/a/">`
	fsys := fstest.MapFS{
		"posts.json": {Data: []byte(`{"site":{"url":"https://example.com/"},"posts":[` +
			`{"url":"https://example.com/a/","publishedAt":"2025-01-01T00:00:00Z","seo":{"head":"seo/a/head.html","jsonld":"seo/a/schema.jsonld"}}]}`), ModTime: settled},
		"seo/a/head.html":     {Data: []byte(head), ModTime: settled},
		"seo/a/schema.jsonld": {Data: []byte(`{"@context":"https://schema.org"}`), ModTime: settled},
	}
	cacheDir, out := t.TempDir(), t.TempDir()
	build := func(known map[string]string, kept map[string]outfs.Stamp) (checked, reused int) {
		t.Helper()
		v, err := verify.New(fsys, verify.Options{Now: settled, Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		f := NewFindings(cacheDir, out, v, ReadVerifyCache(cacheDir, out, nil).Records, kept, known, clock)
		for i := range v.Posts() {
			f.Check(i)
		}
		checked, reused, err = f.Save()
		if err != nil {
			t.Fatal(err)
		}
		return checked, reused
	}
	if c, r := build(nil, nil); c != 1 || r != 0 {
		t.Fatalf("first build: %d checked, %d reused; want 1, 0", c, r)
	}
	if c, r := build(nil, nil); c != 0 || r != 1 {
		t.Errorf("nothing changed: %d checked, %d reused; want 0, 1", c, r)
	}
	// Written again with the same bytes (a new time): taken on the bytes
	// the build knows, and stamped again.
	fsys["seo/a/head.html"].ModTime = settled.Add(time.Minute)
	known := map[string]string{"seo/a/head.html": digestOf(head)}
	if c, r := build(known, nil); c != 0 || r != 1 {
		t.Errorf("rewritten with the same bytes: %d checked, %d reused; want 0, 1", c, r)
	}
	if c, r := build(nil, nil); c != 0 || r != 1 {
		t.Errorf("after the restamp: %d checked, %d reused; want 0, 1", c, r)
	}
	// Other bytes of the same size, which the build did not write: checked.
	fsys["seo/a/head.html"] = &fstest.MapFile{Data: []byte(head[:len(head)-1] + " "), ModTime: settled.Add(2 * time.Minute)}
	if c, r := build(nil, nil); c != 1 || r != 0 {
		t.Errorf("other bytes: %d checked, %d reused; want 1, 0", c, r)
	}
}
