package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/buildcache"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/verify"
)

// cacheSite is a site of two posts, each with a local hero and an og card,
// whose images are made in one width and format (few files to corrupt).
func cacheSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/\n  title: T\ncards:\n  sizes: [og]\n" +
			"images:\n  widths: [480]\n  formats: [jpeg]\n  crops: []\n",
		"content/posts/a.md": "---\ntitle: Alpha\ndate: 2025-01-01\nimage: /a.jpg\n---\nx\n",
		"content/posts/b.md": "---\ntitle: Beta\ndate: 2025-01-02\nimage: /b.jpg\n---\nx\n",
	})
	for i, name := range []string{"a.jpg", "b.jpg"} {
		if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "static", name), testJPEG(t, 900, 600, uint8(40+80*i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// cacheFiles are the cache's files under sub whose names end in suffix, sorted.
func cacheFiles(t *testing.T, cacheDir, sub, suffix string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(cacheDir, sub), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) {
			out = append(out, p)
		}
		return err
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("no %s files in %s/%s (%v)", suffix, cacheDir, sub, err)
	}
	slices.Sort(out)
	return out
}

// runWithin is Run failing the test when it has not returned after d: a
// FIFO in the cache used to block a build for ever.
func runWithin(t *testing.T, opts Options, d time.Duration) *Result {
	t.Helper()
	done := make(chan *Result, 1)
	go func() { done <- mustRun(t, opts) }()
	select {
	case res := <-done:
		return res
	case <-time.After(d):
		t.Fatalf("the build did not finish in %v", d)
		return nil
	}
}

func cacheWarnings(res *Result) []string {
	var out []string
	for _, p := range res.Problems {
		if p.Severity == diag.Warning && strings.Contains(p.Error(), "again") {
			out = append(out, p.Error())
		}
	}
	return out
}

// TestCorruptCacheNeverShips: a cache entry whose file or record was
// damaged (same-size random bytes, a record naming a short hash, a record
// that is not JSON, a FIFO in place of a file) is a warning and a miss: a
// build into a fresh output writes what a clean build writes, and repairs
// the entry, so the build after it uses the cache again without a word.
func TestCorruptCacheNeverShips(t *testing.T) {
	random := func(t *testing.T, p string) {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, st.Size())
		rng := rand.NewChaCha8([32]byte{1})
		_, _ = rng.Read(b)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fifo := func(t *testing.T, p string) {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
	}
	record := func(f func(map[string]any)) func(*testing.T, string) {
		return func(t *testing.T, p string) {
			var m map[string]any
			if err := json.Unmarshal(readFile(t, p), &m); err != nil {
				t.Fatal(err)
			}
			f(m)
			b, _ := json.Marshal(m)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name, sub, suffix string
		damage            func(*testing.T, string)
	}{
		{"variant random bytes", "images", ".jpg", random},
		{"card random bytes", "cards", ".img", random},
		{"image record short hash", "images", "image.json", record(func(m map[string]any) {
			m["outputs"].([]any)[0].(map[string]any)["hash"] = "6a96"
		})},
		{"image record not JSON", "images", "image.json", func(t *testing.T, p string) {
			if err := os.WriteFile(p, []byte(`{"outputs": [`), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"card record wrong size", "cards", ".json", record(func(m map[string]any) { m["bytes"] = 3.0 })},
		{"variant FIFO", "images", ".jpg", fifo},
		{"image record FIFO", "images", "image.json", fifo},
		{"card FIFO", "cards", ".img", fifo},
		{"card record FIFO", "cards", ".json", fifo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := cacheSite(t)
			opts := options(t, dir)
			mustRun(t, opts)
			clean := readTree(t, opts.OutDir)
			for _, p := range cacheFiles(t, opts.CacheDir, tt.sub, tt.suffix)[:1] {
				tt.damage(t, p)
			}

			opts.OutDir = filepath.Join(dir, "fresh")
			res := runWithin(t, opts, 30*time.Second)
			if res.Errors() != 0 || len(cacheWarnings(res)) != 1 {
				t.Errorf("problems %v, want one warning about the cache entry", res.Problems)
			}
			if d := cmp.Diff(clean, readTree(t, opts.OutDir)); d != "" {
				t.Errorf("a fresh output from the damaged cache (-clean +got):\n%s", d)
			}

			opts.OutDir = filepath.Join(dir, "again")
			res = runWithin(t, opts, 30*time.Second)
			if len(res.Problems) != 0 || res.Images.Processed != 0 || res.Cards.Rendered != 0 {
				t.Errorf("after the repair: problems %v, %d images processed, %d cards rendered; want the cache used",
					res.Problems, res.Images.Processed, res.Cards.Rendered)
			}
		})
	}
}

// TestUnusableCacheDir: a cache dir that is a file, or that cannot be
// written (read-only, full: injected, since tests run as root), is a
// warning, and the build goes on without caching, writing what a build
// with a cache writes.
func TestUnusableCacheDir(t *testing.T) {
	dir := cacheSite(t)
	opts := options(t, dir)
	mustRun(t, opts)
	want := readTree(t, opts.OutDir)

	tests := []struct {
		name string
		prep func(t *testing.T, opts *Options)
		want string
	}{
		{"not a directory", func(t *testing.T, opts *Options) {
			opts.CacheDir = filepath.Join(dir, "cache-file")
			if err := os.WriteFile(opts.CacheDir, []byte("a file"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "not a directory"},
		{"read-only", func(t *testing.T, opts *Options) {
			opts.CacheDir = filepath.Join(dir, "ro-cache")
			markCache = func(string) error { return fmt.Errorf("cache dir: %w", syscall.EROFS) }
		}, "read-only file system"},
		{"full", func(t *testing.T, opts *Options) {
			opts.CacheDir = filepath.Join(dir, "full-cache")
			markCache = func(string) error { return fmt.Errorf("cache dir: %w", syscall.ENOSPC) }
		}, "no space left on device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			saved := markCache
			t.Cleanup(func() { markCache = saved })
			o := opts
			o.OutDir = filepath.Join(t.TempDir(), "public")
			tt.prep(t, &o)
			res := mustRun(t, o)
			if len(res.Problems) != 1 || res.Problems[0].Severity != diag.Warning ||
				!strings.Contains(res.Problems[0].Error(), tt.want+"; building without the cache") {
				t.Errorf("problems %v, want one warning saying %q and building without the cache", res.Problems, tt.want)
			}
			if d := cmp.Diff(want, readTree(t, o.OutDir)); d != "" {
				t.Errorf("output without a cache (-with one +without):\n%s", d)
			}
		})
	}
}

// TestKilledRunTempsRemoved: the temporary files a killed run left in the
// output and cache dirs are removed by the next run — only seopipe's (by
// exact name pattern), older than the run, and not of a live process.
func TestKilledRunTempsRemoved(t *testing.T) {
	dir := cacheSite(t)
	opts := options(t, dir)
	mustRun(t, opts)
	old := time.Now().Add(-time.Hour)
	plant := func(p string, mod time.Time) string {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
		return p
	}
	deadPID := "99999999" // above any pid_max
	gone := []string{
		plant(filepath.Join(opts.OutDir, ".posts.json.tmp-"+deadPID+"-3"), old),
		plant(filepath.Join(opts.OutDir, "seo", "alpha", ".head.html.tmp-"+deadPID+"-17"), old),
		plant(filepath.Join(opts.CacheDir, "images", "ab", ".image.json.tmp-123456789"), old),
		plant(filepath.Join(opts.CacheDir, "parsed", "posts", ".03.gob.tmp-42"), old),
		plant(filepath.Join(opts.OutDir, "images", "alpha", ".a-480x320.jpg.tmp-7"), old),
	}
	kept := []string{
		plant(filepath.Join(opts.OutDir, ".live.json.tmp-"+fmt.Sprint(os.Getppid())+"-1"), old), // a live process's
		plant(filepath.Join(opts.OutDir, ".fresh.html.tmp-"+deadPID+"-1"), time.Now().Add(time.Hour)),
		plant(filepath.Join(opts.OutDir, "notes.tmp-1"), old),         // not hidden
		plant(filepath.Join(opts.OutDir, ".draft.tmp-abc"), old),      // not digits
		plant(filepath.Join(opts.OutDir, ".x.tmp-1-2-3"), old),        // not our shape
		plant(filepath.Join(opts.OutDir, "seo", "keep.tmp-1-1"), old), // not hidden
		plant(filepath.Join(opts.CacheDir, ".tmp-1"), old),            // no name before .tmp
	}
	if err := os.Symlink(gone[0], filepath.Join(opts.OutDir, ".link.tmp-1-1")); err != nil {
		t.Fatal(err)
	}
	kept = append(kept, filepath.Join(opts.OutDir, ".link.tmp-1-1")) // a symlink: never removed

	// A run that ended cleanly leaves nothing behind: the next does not look.
	mustRun(t, opts)
	for _, p := range gone {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s removed after a run that ended cleanly (%v): it need not look", p, err)
		}
	}
	// A killed run began (buildcache.Started) and never ended.
	buildcache.Started(opts.CacheDir, opts.OutDir)
	res := mustRun(t, opts)
	for _, p := range gone {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s not removed (%v)", p, err)
		}
	}
	for _, p := range kept {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s removed: not a killed run's temporary file (%v)", p, err)
		}
	}
	var said []string
	for _, p := range res.Problems {
		said = append(said, p.Error())
	}
	if !slices.ContainsFunc(said, func(s string) bool { return strings.Contains(s, "removed 3 temporary files a killed run left") }) ||
		!slices.ContainsFunc(said, func(s string) bool { return strings.Contains(s, "removed 2 temporary files a killed run left") }) {
		t.Errorf("problems %q, want the removals said (3 in the output, 2 in the cache)", said)
	}
}

// FuzzCacheRecord feeds random records to the cache's readers: a record is
// read from disk, where anything can be, and whatever it holds is a hit
// that can name its files, or a miss — never a panic.
func FuzzCacheRecord(f *testing.F) {
	key := strings.Repeat("ab", 32)
	good, _ := json.Marshal(processedImage{Width: 9, Height: 9, Format: "jpeg", Outputs: []processedOutput{{
		Kind: "variant", Width: 9, Height: 9, Format: "jpeg", Bytes: 3,
		Hash: outputName(key, "variant", "", 9, "jpeg"), Sum: strings.Repeat("0", 64)}}})
	f.Add(good)
	f.Add([]byte(`{"outputs":[{"kind":"variant","width":480,"height":270,"format":"jpeg","bytes":12,"hash":"6a96"}]}`))
	f.Add([]byte(`{"bytes":12,"width":1,"height":1,"format":"png","sum":"` + strings.Repeat("f", 64) + `"}`))
	f.Add([]byte(`{`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		rec := filepath.Join(processedDir(dir, key), "image.json")
		if err := os.MkdirAll(filepath.Dir(rec), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(rec, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if p, _ := readProcessed(dir, key); p != nil {
			t.Fatalf("a hit with no files: %s", data)
		}
		if p, err := parseProcessed(key, data); err == nil {
			for _, o := range p.Outputs {
				_ = o.fileName("stem")
			}
		}
		if err := os.WriteFile(cardPath(dir, key, ".json"), data, 0o644); err != nil {
			if err := os.MkdirAll(filepath.Dir(cardPath(dir, key, ".json")), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cardPath(dir, key, ".json"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if rec, _ := readCardRecord(dir, key); rec != nil {
			t.Fatalf("a card hit with no card: %s", data)
		}
		_, _ = parseCardRecord(data)
	})
}

// TestCheckOutputDecodesImages: check --output (verify with DecodeImages)
// decodes every image and card posts.json names, so a file whose bytes
// were replaced by random ones of the same size — whole, or after a
// header that still reads — is reported.
func TestCheckOutputDecodesImages(t *testing.T) {
	dir := cacheSite(t)
	opts := options(t, dir)
	mustRun(t, opts)
	if probs, err := verify.Dir(os.DirFS(opts.OutDir), verify.Options{Now: opts.Now, DecodeImages: true}); err != nil || len(probs) != 0 {
		t.Fatalf("a clean build: %v %v", probs, err)
	}
	m := readImageManifest(t, opts.OutDir)
	variant := m.Posts[0].Images[0].Variants[0].Path
	cards := readCardManifest(t, opts.OutDir)
	card := cards.Posts[1].Cards[0].Path
	tests := []struct {
		name string
		keep int // bytes kept at the start
	}{
		{"all random", 0},
		{"header kept", 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			if err := os.CopyFS(out, os.DirFS(opts.OutDir)); err != nil {
				t.Fatal(err)
			}
			for _, rel := range []string{variant, card} {
				p := filepath.Join(out, filepath.FromSlash(rel))
				b := readFile(t, p)
				rng := rand.NewChaCha8([32]byte{2})
				_, _ = rng.Read(b[tt.keep:])
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			probs, err := verify.Dir(os.DirFS(out), verify.Options{Now: opts.Now, DecodeImages: true})
			if err != nil {
				t.Fatal(err)
			}
			var named []string
			for _, p := range probs {
				if strings.Contains(p.Message, "does not decode") {
					named = append(named, p.Path)
				}
			}
			want := []string{card, variant}
			slices.Sort(want)
			if d := cmp.Diff(want, named); d != "" {
				t.Errorf("files reported as not decoding (-want +got):\n%s\nall: %v", d, probs)
			}
		})
	}
}
