package buildcache

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/outfs"
)

// removeStale is a build's commit as far as stale files go: PlanStale,
// the removals in an outfs commit, then Save.
func removeStale(t *testing.T, cacheDir, outDir string, written []string, scope string, remove bool, named []byte) ([]string, error) {
	t.Helper()
	plan, err := PlanStale(cacheDir, outDir, written, scope, remove, named)
	if err != nil {
		return nil, err
	}
	tx, err := outfs.Begin(outDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Remove(plan.Remove); err != nil {
		t.Fatal(err)
	}
	st, err := tx.Commit()
	if err != nil {
		return st.Removed, err
	}
	return st.Removed, plan.Save(st.NotRemoved)
}

// TestRemoveStale: what the last build recorded and this one did not
// write goes, within the run's scope, and the record becomes this build's
// files (and those out of scope, or that would not go).
func TestRemoveStale(t *testing.T) {
	tests := []struct {
		name        string
		there       []string // files in the output dir
		record      []string // the last build's; nil: no record
		named       string   // what the last posts.json named, without a record
		written     []string
		scope       string
		remove      bool
		wantRemoved []string
		wantRecord  []string
		wantThere   []string
	}{
		{
			name:  "a removed post's files go",
			there: []string{"seo/a/head.html", "seo/b/head.html", "mine.txt"}, record: []string{"seo/a/head.html", "seo/b/head.html"},
			written: []string{"seo/a/head.html"}, remove: true,
			wantRemoved: []string{"seo/b/head.html"}, wantRecord: []string{"seo/a/head.html"},
			wantThere: []string{"mine.txt", "seo/a/head.html"},
		},
		{
			name:  "out of scope: kept and still recorded",
			there: []string{"cards/a.png", "cards/b.png", "seo/b/head.html"}, record: []string{"cards/a.png", "cards/b.png", "seo/b/head.html"},
			written: []string{"cards/a.png"}, scope: "cards/", remove: true,
			wantRemoved: []string{"cards/b.png"}, wantRecord: []string{"cards/a.png", "seo/b/head.html"},
			wantThere: []string{"cards/a.png", "seo/b/head.html"},
		},
		{
			name:  "remove false: the record only gains",
			there: []string{"cards/a.png", "cards/b.png"}, record: []string{"cards/b.png"},
			written: []string{"cards/a.png"}, scope: "cards/", remove: false,
			wantRecord: []string{"cards/a.png", "cards/b.png"}, wantThere: []string{"cards/a.png", "cards/b.png"},
		},
		{
			name:  "no record: our sitemaps and what posts.json named",
			there: []string{"sitemap-3.xml", "sitemap-news.xml.gz", "sitemap-notes.txt", "seo/old/head.html", "other.html"},
			named: "seo/old/head.html\n", written: []string{"sitemap.xml"}, remove: true,
			wantRemoved: []string{"seo/old/head.html", "sitemap-3.xml", "sitemap-news.xml.gz"}, wantRecord: []string{"sitemap.xml"},
			wantThere: []string{"other.html", "sitemap-notes.txt", "sitemap.xml"},
		},
		{
			name:  "a recorded path outside the output dir is ignored",
			there: []string{"a.html"}, record: []string{"../escape.html", "/abs.html", "a.html"},
			written: []string{"a.html"}, remove: true,
			wantRecord: []string{"a.html"}, wantThere: []string{"a.html"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cacheDir, out := t.TempDir(), t.TempDir()
			for _, rel := range slices.Concat(tt.there, tt.written) {
				p := filepath.Join(out, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(rel), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.record != nil {
				var rec []byte
				for _, r := range tt.record {
					rec = append(rec, r+"\n"...)
				}
				if err := os.MkdirAll(filepath.Dir(outputsRecord(cacheDir, out)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(outputsRecord(cacheDir, out), cache.Seal(rec), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			removed, err := removeStale(t, cacheDir, out, tt.written, tt.scope, tt.remove, []byte(tt.named))
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(removed)
			if d := cmp.Diff(tt.wantRemoved, removed); d != "" {
				t.Errorf("removed (-want +got):\n%s", d)
			}
			rec, err := Recorded(cacheDir, out)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.wantRecord, rec); d != "" {
				t.Errorf("record (-want +got):\n%s", d)
			}
			var there []string
			filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(out, p)
					there = append(there, filepath.ToSlash(rel))
				}
				return err
			})
			if d := cmp.Diff(tt.wantThere, there); d != "" {
				t.Errorf("files left (-want +got):\n%s", d)
			}
			if _, err := os.Stat(filepath.Join(out, "seo", "b")); err == nil && !slices.Contains(there, "seo/b/head.html") {
				t.Error("a directory left empty was kept")
			}
		})
	}
}

// TestRemoveStaleWithoutCache: with no cache dir nothing is known, so
// nothing is removed.
func TestRemoveStaleWithoutCache(t *testing.T) {
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "sitemap-2.xml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	removed, err := removeStale(t, "", out, nil, "", true, []byte("sitemap-2.xml\n"))
	if err != nil || removed != nil {
		t.Errorf("removed %v, %v; want nothing", removed, err)
	}
	if Unrecorded("", out) != nil {
		t.Error("Unrecorded without a cache dir")
	}
}

// TestUnrecorded: without a record, the files the last posts.json names
// (SEO files, images, cards and cards/index.html, a category feed that is
// there) are the last build's; with one, none are needed.
func TestUnrecorded(t *testing.T) {
	cacheDir, out := t.TempDir(), t.TempDir()
	manifest := `{"posts":[
	  {"category":"Go","seo":{"head":"seo/a/head.html","jsonld":"seo/a/schema.jsonld","picture":"seo/a/picture.html"},
	   "images":[{"variants":[{"path":"images/a/hero-320.jpg"}],"crops":[{"path":"images/a/hero-og.jpg"}]}],
	   "cards":[{"path":"cards/a-og.png"}]},
	  {"category":"Rust","seo":{"head":"seo/b/head.html","jsonld":"seo/b/schema.jsonld"}}]}`
	if err := os.WriteFile(filepath.Join(out, "posts.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(out, "category", "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "category", "go", "feed.xml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	want := "seo/a/head.html\nseo/a/schema.jsonld\nseo/a/picture.html\nimages/a/hero-320.jpg\nimages/a/hero-og.jpg\n" +
		"cards/a-og.png\ncategory/go/feed.xml\nseo/b/head.html\nseo/b/schema.jsonld\ncards/index.html\n"
	if d := cmp.Diff(want, string(Unrecorded(cacheDir, out))); d != "" {
		t.Errorf("named (-want +got):\n%s", d)
	}
	if _, err := removeStale(t, cacheDir, out, []string{"posts.json"}, "", true, nil); err != nil {
		t.Fatal(err)
	}
	if got := Unrecorded(cacheDir, out); got != nil {
		t.Errorf("with a record: %q", got)
	}
}

// TestWiden: before a commit, the record gains this build's new files
// (and keeps the last build's), so that a run killed after its commit,
// before Save, leaves no file that no record names; a build that adds
// nothing leaves the record as it was.
func TestWiden(t *testing.T) {
	for _, tt := range []struct {
		name            string
		record, written []string
		want            []string
	}{
		{"new files", []string{"a.txt", "old.txt"}, []string{"a.txt", "b.txt"}, []string{"a.txt", "b.txt", "old.txt"}},
		{"nothing new", []string{"a.txt", "old.txt"}, []string{"a.txt"}, []string{"a.txt", "old.txt"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cacheDir, out := t.TempDir(), t.TempDir()
			rec := outputsRecord(cacheDir, out)
			if err := os.MkdirAll(filepath.Dir(rec), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(rec, cache.Seal([]byte(strings.Join(tt.record, "\n")+"\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			plan, err := PlanStale(cacheDir, out, tt.written, "", true, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := plan.Widen(); err != nil {
				t.Fatal(err)
			}
			got, err := Recorded(cacheDir, out)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("record (-want +got):\n%s", d)
			}
		})
	}
}

// TestDamagedRecords: a record whose bytes changed is no record. A list of
// files a line was added to removes nothing it alone names (it could name
// any file of the output), and a verification whose problems were edited
// away is not taken as the last one.
func TestDamagedRecords(t *testing.T) {
	cacheDir, out := t.TempDir(), t.TempDir()
	for _, rel := range []string{"a.html", "victim.html"} {
		if err := os.WriteFile(filepath.Join(out, rel), []byte(rel), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := removeStale(t, cacheDir, out, []string{"a.html"}, "", true, nil); err != nil {
		t.Fatal(err)
	}
	rec := outputsRecord(cacheDir, out)
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rec, append([]byte("victim.html\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Recorded(cacheDir, out); err != nil || len(got) != 0 {
		t.Errorf("Recorded from a damaged record: %v, %v; want nothing", got, err)
	}
	removed, err := removeStale(t, cacheDir, out, []string{"a.html"}, "", true, nil)
	if err != nil || len(removed) != 0 {
		t.Errorf("RemoveStale after the damage removed %v (%v), want nothing", removed, err)
	}

	if err := WriteVerified(cacheDir, out, Verified{Digest: "d", Problems: []diag.Problem{{Path: "x", Message: "bad"}}}); err != nil {
		t.Fatal(err)
	}
	vrec := verifiedRecord(cacheDir, out)
	vdata, err := os.ReadFile(vrec)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ReadVerified(cacheDir, out); !ok {
		t.Fatal("the verification was not read back")
	}
	edited := bytes.Replace(vdata, []byte(`"Message":"bad"`), []byte(`"Message":"bah"`), 1)
	if bytes.Equal(edited, vdata) {
		t.Fatalf("nothing to edit in %s", vdata)
	}
	if err := os.WriteFile(vrec, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if v, ok := ReadVerified(cacheDir, out); ok {
		t.Errorf("an edited verification was read: %+v", v)
	}
}
