package pipeline

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/site"
	"github.com/seopipe/seopipe/verify"
)

// gobFiles lists the build's own cache files under cacheDir (parsed posts,
// post and verify records), failing the test when there are none.
func gobFiles(t *testing.T, cacheDir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(cacheDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".gob") {
			out = append(out, p)
		}
		return err
	})
	if err != nil || len(out) < 3 {
		t.Fatalf("cache files under %s: %v (%v)", cacheDir, out, err)
	}
	return out
}

// TestIncrementalEqualsClean makes a series of edits to a site, and after
// each one builds it twice: incrementally (the cache and output of the
// builds before) and from nothing (a new cache and output directory). The
// two outputs must be the same file for file, and the incremental build
// must have reused what the edit did not touch.
func TestIncrementalEqualsClean(t *testing.T) {
	t.Parallel()
	dir := extract(t, "incremental.txtar")
	opts := options(t, dir)
	settled := func() time.Time { return time.Now().Add(time.Hour) } // every file looks settled
	opts.WallClock = settled
	posts := filepath.Join(dir, "content", "posts")
	// reconfigure edits seopipe.yaml and loads it again.
	reconfigure := func(t *testing.T, old, new string) {
		edit(t, filepath.Join(dir, "seopipe.yaml"), old, new)
		opts = options(t, dir)
		opts.WallClock = settled
	}
	const published = 5 // and one section page
	type reuse struct{ parsed, kept int }
	steps := []struct {
		name string
		do   func(t *testing.T)
		// want is how many files were parsed from the cache and how many
		// posts' SEO files were kept; -1: any number.
		want reuse
		// same: the build must write nothing at all.
		same bool
		// verified is how many posts the self-check must have read the
		// files of (the others' findings are reused); -1: any number.
		verified int
	}{
		{"first build", func(*testing.T) {}, reuse{0, 0}, false, -1},
		{"nothing changed", func(*testing.T) {}, reuse{published + 1, published}, true, -1},
		{"a post touched, not changed", func(t *testing.T) {
			later := time.Now().Add(time.Minute)
			if err := os.Chtimes(filepath.Join(posts, "plain.md"), later, later); err != nil {
				t.Fatal(err)
			}
		}, reuse{published + 1, published}, true, -1},
		{"the output directory emptied (a CI job with its cache restored)", func(t *testing.T) {
			// Every file is written again, with bytes the last self-check
			// read: its findings are taken on their digests.
			if err := os.RemoveAll(opts.OutDir); err != nil {
				t.Fatal(err)
			}
		}, reuse{published + 1, 0}, false, 0},
		{"a title", func(t *testing.T) {
			edit(t, filepath.Join(posts, "plain.md"), "title: Plain", "title: Plain, revised")
		}, reuse{published, published - 1}, false, 1},
		{"a body", func(t *testing.T) {
			edit(t, filepath.Join(posts, "json.md"), "A JSON post.", "A JSON post, longer now.")
		}, reuse{published, published - 1}, false, 1},
		{"a body edited keeping its size and mtime", func(t *testing.T) {
			// Only the ctime tells: the source index must not take the
			// file's stamp for unchanged.
			name := filepath.Join(posts, "json.md")
			st, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			edit(t, name, "A JSON post, longer now.", "A JSON post, longer now!")
			if err := os.Chtimes(name, st.ModTime(), st.ModTime()); err != nil {
				t.Fatal(err)
			}
		}, reuse{published, published - 1}, false, 1},
		{"a parameter deep in a TOML table", func(t *testing.T) {
			edit(t, filepath.Join(posts, "toml.md"), `name = "second"`, `name = "2nd"`)
		}, reuse{published, published - 1}, false, -1},
		{"a new newest post", func(t *testing.T) {
			src := "---\ntitle: Newest\ndate: 2025-07-01\ncategory: Hardware\n---\nFirst in every list.\n"
			if err := os.WriteFile(filepath.Join(posts, "newest.md"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}, reuse{published + 1, published}, false, -1},
		{"a post deleted", func(t *testing.T) {
			if err := os.Remove(filepath.Join(posts, "plain.md")); err != nil {
				t.Fatal(err)
			}
		}, reuse{published + 1, published}, false, -1},
		{"a slug changed", func(t *testing.T) {
			edit(t, filepath.Join(posts, "newest.md"), "title: Newest", "title: Newest\nslug: renamed")
		}, reuse{published, published - 1}, false, -1},
		{"a date changed, which reorders the posts", func(t *testing.T) {
			edit(t, filepath.Join(posts, "json.md"), `"date": "2025-04-01"`, `"date": "2025-08-01"`)
		}, reuse{published, published - 1}, false, -1},
		{"a translation linked", func(t *testing.T) {
			edit(t, filepath.Join(posts, "json.md"), `"title": "JSON: every type",`, `"title": "JSON: every type", "lang": "de", "translationKey": "types",`)
		}, reuse{published, published - 1}, false, -1},
		{"the hero image replaced", func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "static/images/hero.jpg"), generatedImage(t, "hero.jpg", 800, 450), 0o644); err != nil {
				t.Fatal(err)
			}
		}, reuse{published + 1, published - 1}, false, -1},
		{"an author's URL in the config", func(t *testing.T) { reconfigure(t, "url: /authors/jane/", "url: /people/jane/") }, reuse{published + 1, -1}, false, -1},
		{"the site title", func(t *testing.T) { reconfigure(t, "title: Incremental", "title: Incremental, retitled") }, reuse{published + 1, 0}, false, -1},
		// Every SEO file is written again, with new bytes of the same size
		// (the description is in the JSON-LD, not on the cards): no finding
		// is taken on its digest.
		{"the site description, same length", func(t *testing.T) {
			reconfigure(t, "A blog rebuilt one edit at a time.", "A blog REBUILT one edit at a time.")
		}, reuse{published + 1, 0}, false, published},
		{"the site time zone", func(t *testing.T) { reconfigure(t, "timezone: Europe/Malta", "timezone: America/New_York") }, reuse{-1, 0}, false, -1},
		{"the permalink pattern", func(t *testing.T) {
			reconfigure(t, "  author: Jane Doe\n", "  author: Jane Doe\n  permalink: /p/{slug}/\n")
		}, reuse{published + 1, 0}, false, -1},
		{"the article type", func(t *testing.T) { reconfigure(t, "content:\n", "seo:\n  articleType: NewsArticle\ncontent:\n") }, reuse{published + 1, 0}, false, -1},
		{"a head.html edited by hand, same size", func(t *testing.T) {
			p := filepath.Join(opts.OutDir, "seo", "undated", "head.html")
			edit(t, p, "<title>", "<TITLE>")
		}, reuse{published + 1, published - 1}, false, -1},
		{"a schema.jsonld deleted", func(t *testing.T) {
			if err := os.Remove(filepath.Join(opts.OutDir, "seo", "undated", "schema.jsonld")); err != nil {
				t.Fatal(err)
			}
		}, reuse{published + 1, published - 1}, false, -1},
		{"posts.json edited by hand", func(t *testing.T) {
			edit(t, filepath.Join(opts.OutDir, "posts.json"), `"title": "Undated"`, `"title": "UNDATED"`)
		}, reuse{published + 1, published}, false, -1},
		{"the caches corrupted", func(t *testing.T) {
			for _, p := range gobFiles(t, opts.CacheDir) {
				data := readFile(t, p)
				if err := os.WriteFile(p, data[:len(data)/2], 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}, reuse{0, 0}, false, -1},
		{"the caches replaced by garbage", func(t *testing.T) {
			for _, p := range gobFiles(t, opts.CacheDir) {
				if err := os.WriteFile(p, []byte("not a gob file"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}, reuse{0, 0}, false, -1},
		{"nothing changed, at the end", func(*testing.T) {}, reuse{published + 1, published}, true, -1},
	}
	for i, st := range steps {
		st.do(t)
		res := mustRun(t, opts)
		if res.Errors() != 0 {
			t.Fatalf("step %d (%s): %d errors: %v", i, st.name, res.Errors(), res.Problems)
		}
		if st.want.parsed >= 0 && res.ParsedFromCache != st.want.parsed {
			t.Errorf("step %d (%s): %d files parsed from the cache, want %d", i, st.name, res.ParsedFromCache, st.want.parsed)
		}
		if st.want.kept >= 0 && res.PostsKept != st.want.kept {
			t.Errorf("step %d (%s): %d posts' SEO files kept, want %d", i, st.name, res.PostsKept, st.want.kept)
		}
		if st.same && res.Written != 0 {
			t.Errorf("step %d (%s): %d files written, want none", i, st.name, res.Written)
		}
		clean := opts
		clean.OutDir, clean.CacheDir = t.TempDir(), t.TempDir()
		cres := mustRun(t, clean)
		if cres.ParsedFromCache != 0 || cres.PostsKept != 0 {
			t.Fatalf("step %d: the clean build reused %d parses and %d posts", i, cres.ParsedFromCache, cres.PostsKept)
		}
		if d := cmp.Diff(readTree(t, clean.OutDir), readTree(t, opts.OutDir)); d != "" {
			t.Errorf("step %d (%s): the incremental build differs from a clean one (-clean +incremental):\n%s", i, st.name, d)
		}
		if d := cmp.Diff(cres.Problems, res.Problems); d != "" {
			t.Errorf("step %d (%s): problems differ (-clean +incremental):\n%s", i, st.name, d)
		}
		if d := cmp.Diff(cres.OutputProblems, res.OutputProblems); d != "" {
			t.Errorf("step %d (%s): the self-check's findings differ (-clean +incremental):\n%s", i, st.name, d)
		}
		if st.verified >= 0 && res.PostsVerified != st.verified {
			t.Errorf("step %d (%s): the self-check read %d posts' files, want %d", i, st.name, res.PostsVerified, st.verified)
		}
	}
}

// TestPostChangesAfterParse holds the run to what buildcache.Keys.Page
// assumes: after a build, a post is what content.Parse made of its file;
// what the build derives is the page's. A step that changed a post would
// escape the key, and incremental builds would keep stale files.
func TestPostChangesAfterParse(t *testing.T) {
	t.Parallel()
	for _, fixture := range []string{"incremental.txtar", "basic.txtar", "aftertheparse.txtar"} {
		t.Run(fixture, func(t *testing.T) {
			dir := extract(t, fixture)
			opts := options(t, dir)
			for run := range 2 { // parsed, then from the cache
				res := mustRun(t, opts)
				if len(res.Posts) == 0 {
					t.Fatal("no posts")
				}
				popts := content.ParseOptions{Location: opts.Config.Location, DefaultLang: opts.Config.Site.Language, DefaultAuthor: opts.Config.Site.Author,
					RootName: filepath.Base(opts.ContentDir)}
				for _, pg := range res.Posts {
					got := pg.Post
					want, _ := content.Parse(got.Source, readFile(t, filepath.Join(opts.ContentDir, filepath.FromSlash(got.Source))), popts)
					// A canonical is the page's URL, percent-encoded.
					if got.Canonical != "" && site.EncodeURL(want.Canonical) != pg.URL {
						t.Errorf("run %d: %s: canonical %q, url %q: want the URL the encoded canonical", run, got.Source, got.Canonical, pg.URL)
					}
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("run %d: %s changed after parsing (-parsed +after the build):\n%s", run, got.Source, d)
					}
				}
			}
		})
	}
}

// sameAs is a ReusePost callback that compares a stamp with the file now.
func sameAs(v *verify.Checker) func(verify.FileStamp) bool {
	return func(f verify.FileStamp) bool {
		cur := v.Stamp(f.Name)
		return cur.Size == f.Size && cur.Mod == f.Mod
	}
}

// TestVerifyReuse checks verify's records: taken for an unchanged post they
// give what checking it gives, and an image file changed under the same
// name makes the record of the post that measured it stale.
func TestVerifyReuse(t *testing.T) {
	dir := extract(t, "incremental.txtar")
	opts := options(t, dir)
	if res := mustRun(t, opts); res.Errors() != 0 {
		t.Fatalf("build: %v %v", res.Problems, res.OutputProblems)
	}
	fsys := os.DirFS(opts.OutDir)
	vopts := verify.Options{Now: now, Clock: func() time.Time { return time.Now().Add(time.Hour) }}
	v, err := verify.New(fsys, vopts)
	if err != nil {
		t.Fatal(err)
	}
	recs := make([]*verify.PostRecord, v.Posts())
	for i := range recs {
		recs[i] = v.CheckPostRecord(i)
	}
	want := v.Problems()
	// Every file a record stamps carries the digest of its bytes: the SEO
	// files and the images measured.
	images := 0
	for _, rec := range recs {
		for _, f := range rec.Files {
			if !strings.HasPrefix(f.Name, "seo/") {
				images++
			}
			if want := digest(readFile(t, filepath.Join(opts.OutDir, filepath.FromSlash(f.Name)))); f.Sum != want {
				t.Errorf("%s: Sum %q, want %q", f.Name, f.Sum, want)
			}
		}
	}
	if images == 0 {
		t.Error("no record stamps an image")
	}

	again, err := verify.New(fsys, vopts)
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		if rec == nil {
			continue
		}
		if err := again.ReusePost(i, rec, sameAs(again)); err != nil {
			t.Fatalf("post %d: an unchanged post's record was refused: %v", i, err)
		}
	}
	if d := cmp.Diff(want, again.Problems()); d != "" {
		t.Errorf("problems from the records differ from checking (-checked +reused):\n%s", d)
	}

	// Replace the image the hero post's og:image names with one of
	// another size, keeping its name.
	hero := -1
	var file string
	for i, rec := range recs {
		for _, m := range rec.Measured {
			if strings.Contains(m.File, "images/") {
				hero, file = i, m.File
			}
		}
	}
	if hero < 0 {
		t.Fatal("no post measured a processed image")
	}
	if err := os.WriteFile(filepath.Join(opts.OutDir, filepath.FromSlash(file)), generatedImage(t, "x.jpg", 64, 64), 0o644); err != nil {
		t.Fatal(err)
	}
	third, err := verify.New(fsys, vopts)
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		err := third.ReusePost(i, rec, sameAs(third))
		switch {
		case rec == nil:
		case i == hero && !errors.Is(err, verify.ErrStale):
			t.Errorf("the record of the post that measured %s was taken after the file changed: %v", file, err)
		case i != hero && err != nil:
			t.Errorf("post %d: record refused: %v", i, err)
		}
	}
	third.CheckPost(hero)
	found := false
	for _, p := range third.Problems() {
		found = found || strings.Contains(p.Message, "64")
	}
	if !found {
		t.Errorf("checking the post again did not find the 64×64 image: %v", third.Problems())
	}
}

// countingFS counts the bytes read from the files of an fs.FS.
type countingFS struct {
	fs.FS
	read *atomic.Int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return countingFile{f, c.read}, nil
}

type countingFile struct {
	fs.File
	read *atomic.Int64
}

func (f countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.read.Add(int64(n))
	return n, err
}

// TestVerifyImageDigests: a check that keeps records reads the images it
// measures whole, once, stamped before the read; one that keeps none
// (seopipe check) reads their headers only; and the two kinds of check
// mix on one Checker in either order.
func TestVerifyImageDigests(t *testing.T) {
	dir := extract(t, "incremental.txtar")
	opts := options(t, dir)
	if res := mustRun(t, opts); res.Errors() != 0 {
		t.Fatalf("build: %v %v", res.Problems, res.OutputProblems)
	}
	var imageBytes int64
	for _, sub := range []string{"images", "cards"} {
		_ = filepath.WalkDir(filepath.Join(opts.OutDir, sub), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				st, _ := d.Info()
				imageBytes += st.Size()
			}
			return err
		})
	}
	vopts := verify.Options{Now: now}
	var read atomic.Int64
	if _, err := verify.Dir(countingFS{os.DirFS(opts.OutDir), &read}, vopts); err != nil {
		t.Fatal(err)
	}
	seoBytes := int64(0)
	for _, p := range []string{"seo", "posts.json", "sitemap.xml", "feed.xml", "atom.xml", "feed.json", "robots.txt"} {
		_ = filepath.WalkDir(filepath.Join(opts.OutDir, p), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				st, _ := d.Info()
				seoBytes += st.Size()
			}
			return nil
		})
	}
	if got := read.Load() - seoBytes; got >= imageBytes/2 {
		t.Errorf("seopipe check read %d bytes beyond the text outputs, of %d bytes of images: more than headers", got, imageBytes)
	}

	fsys := os.DirFS(opts.OutDir)
	for _, order := range []string{"plain check first", "record first"} {
		v, err := verify.New(fsys, vopts)
		if err != nil {
			t.Fatal(err)
		}
		var recs []*verify.PostRecord
		for i := range v.Posts() {
			if order == "plain check first" {
				v.CheckPost(i)
				recs = append(recs, v.CheckPostRecord(i))
			} else {
				recs = append(recs, v.CheckPostRecord(i))
				v.CheckPost(i)
			}
		}
		images := 0
		for _, rec := range recs {
			for _, f := range rec.Files {
				if strings.HasPrefix(f.Name, "seo/") {
					continue
				}
				images++
				if want := digest(readFile(t, filepath.Join(opts.OutDir, filepath.FromSlash(f.Name)))); f.Sum != want {
					t.Errorf("%s: %s: Sum %q, want %q", order, f.Name, f.Sum, want)
				}
			}
		}
		if images == 0 {
			t.Errorf("%s: no record stamps an image", order)
		}
	}
}

// widen adds a pixel to the width an image's header states, keeping the
// file's size: a hand edit only the image's bytes show.
func widen(t *testing.T, path string) {
	t.Helper()
	data := readFile(t, path)
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")): // IHDR first: width at 16, its CRC at 29
		binary.BigEndian.PutUint32(data[16:], binary.BigEndian.Uint32(data[16:])+1)
		binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8}): // the width in the first SOF0/SOF2 segment
		i := 2
		for i+9 < len(data) && !(data[i] == 0xFF && (data[i+1] == 0xC0 || data[i+1] == 0xC2)) {
			i++
		}
		if i+9 >= len(data) {
			t.Fatalf("%s: no SOF segment", path)
		}
		binary.BigEndian.PutUint16(data[i+7:], binary.BigEndian.Uint16(data[i+7:])+1)
	default:
		t.Fatalf("%s: neither PNG nor JPEG", path)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestImageEditsAndVerifyRecords: the self-check's findings follow the
// images' bytes. Images and cards have content-addressed names, so the
// build keeps a hand-edited one of the same size; the self-check must
// measure it again all the same. And once the output directory is emptied
// and the build writes the images afresh, the findings made on the edited
// bytes must not be taken.
func TestImageEditsAndVerifyRecords(t *testing.T) {
	t.Parallel()
	dir := extract(t, "incremental.txtar")
	opts := options(t, dir)
	opts.WallClock = func() time.Time { return time.Now().Add(time.Hour) } // every stamp settled
	if res := mustRun(t, opts); res.Errors() != 0 {
		t.Fatalf("first build: %v %v", res.Problems, res.OutputProblems)
	}
	edited := 0
	for _, sub := range []string{"images", "cards"} {
		err := filepath.WalkDir(filepath.Join(opts.OutDir, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".png") || strings.HasSuffix(p, ".jpg")) {
				return err
			}
			widen(t, p)
			edited++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if edited == 0 {
		t.Fatal("no image to edit")
	}
	res := mustRun(t, opts)
	if res.Written != 0 {
		t.Errorf("the edited images were written again (%d files): the test needs them kept", res.Written)
	}
	found := 0
	for _, p := range res.OutputProblems {
		if strings.Contains(p.Message, "rule 16") || strings.Contains(p.Message, "rule 22") {
			found++
		}
	}
	if found == 0 {
		t.Errorf("the self-check did not measure the edited images again: %v", res.OutputProblems)
	}
	// The same directory checked with no records at all finds the same.
	fresh := opts
	fresh.CacheDir = t.TempDir()
	if d := cmp.Diff(mustRun(t, fresh).OutputProblems, res.OutputProblems); d != "" {
		t.Errorf("findings differ from a check without records (-without +with):\n%s", d)
	}

	if err := os.RemoveAll(opts.OutDir); err != nil {
		t.Fatal(err)
	}
	res = mustRun(t, opts)
	if len(res.OutputProblems) != 0 {
		t.Errorf("after the images were written afresh, findings on the edited ones remain: %v", res.OutputProblems)
	}
	if res.PostsVerified == 0 {
		t.Error("no post was checked again, though its images' bytes are not the ones its finding read")
	}
}

// TestRacyFindingsTakenOnDigests: when every stamp is racy (a clock that
// lags the files'), the build compares the kept SEO files by content, and
// the self-check takes the other posts' findings on those digests. After
// one post's edit it reads that post's files, and those of the post whose
// hero image it measures: a racy image kept on its name and size is not
// read, so its bytes are not known. (With no cards, as every card would
// be such an image.)
func TestRacyFindingsTakenOnDigests(t *testing.T) {
	dir := extract(t, "incremental.txtar")
	edit(t, filepath.Join(dir, "seopipe.yaml"), "sizes: [og]", "sizes: []")
	opts := options(t, dir)
	opts.WallClock = func() time.Time { return time.Now().Add(-time.Minute) }
	if res := mustRun(t, opts); res.Errors() != 0 {
		t.Fatalf("first build: %v %v", res.Problems, res.OutputProblems)
	}
	for round := range 2 { // the second takes the findings the first stamped again
		edit(t, filepath.Join(dir, "content", "posts", "plain.md"), "title: Plain", "title: Plain, again")
		res := mustRun(t, opts)
		if res.Errors() != 0 {
			t.Fatalf("round %d: %v %v", round, res.Problems, res.OutputProblems)
		}
		if res.PostsVerified != 2 {
			t.Errorf("round %d: the self-check read %d posts' files, want 2 (the edited post, the post with a hero)", round, res.PostsVerified)
		}
	}
}

// TestRacyOutputs edits outputs right after the build that wrote them,
// keeping their size: within the file system's clock tick their stamps may
// not change, so the next build must compare them by content.
func TestRacyOutputs(t *testing.T) {
	dir := extract(t, "incremental.txtar")
	opts := options(t, dir)
	// Every stamp within a tick of its file's time, however slow the
	// machine: a wall clock that lags.
	opts.WallClock = func() time.Time { return time.Now().Add(-time.Minute) }
	for _, file := range []string{"seo/undated/head.html", "posts.json"} {
		mustRun(t, opts)
		p := filepath.Join(opts.OutDir, filepath.FromSlash(file))
		want := readFile(t, p)
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		changed := bytes.Replace(want, []byte("Undated"), []byte("UNDATED"), 1)
		if bytes.Equal(changed, want) {
			t.Fatalf("%s does not name the undated post", file)
		}
		if err := os.WriteFile(p, changed, 0o644); err != nil {
			t.Fatal(err)
		}
		// The same tick of the clock, as far as the stamp can tell.
		if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
			t.Fatal(err)
		}
		res := mustRun(t, opts)
		if got := readFile(t, p); !bytes.Equal(got, want) {
			t.Errorf("%s edited right after the build was kept: %d written", file, res.Written)
		}
		if res.Errors() != 0 {
			t.Errorf("%s: %v", file, res.OutputProblems)
		}
	}
}
