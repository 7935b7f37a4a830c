package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// remoteCacheSite is cacheSite with a third post whose hero is fetched from
// srv.
func remoteCacheSite(t *testing.T, srv string) string {
	t.Helper()
	dir := cacheSite(t)
	writeTree(t, dir, map[string]string{
		"content/posts/c.md": "---\ntitle: Gamma\ndate: 2025-01-03\nimage: " + srv + "/c.jpg\n---\nx\n",
	})
	cfg := readFile(t, filepath.Join(dir, "seopipe.yaml"))
	write(t, filepath.Join(dir, "seopipe.yaml"), append(cfg, "  allowHosts: [\"127.0.0.1\"]\n"...))
	return dir
}

// TestDamagedFetchCacheWarns: a fetched image whose cache entry is damaged
// (its body or record changed, a FIFO in its place) is fetched again with
// one warning naming the entry, as the other cache kinds say it; the run
// writes what a clean build writes, and the build after uses the repaired
// entry without a word.
func TestDamagedFetchCacheWarns(t *testing.T) {
	tests := []struct {
		name, sub string // the file damaged: under fetch/<sub>/
		damage    func(t *testing.T, path string)
		want      string // the warning, after the entry's path
	}{
		{"body random bytes", "blobs", func(t *testing.T, p string) {
			b := readFile(t, p)
			for i := range b {
				b[i] ^= 0x5a
			}
			write(t, p, b)
		}, ": content does not match its record; fetched again"},
		{"record not JSON", "meta", func(t *testing.T, p string) { write(t, p, []byte(`{"url": `)) },
			": unreadable record; fetched again"},
		{"body a FIFO", "blobs", func(t *testing.T, p string) {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("no FIFOs here: %v", err)
			}
		}, ": not a regular file; fetched again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newImageServer(t)
			dir := remoteCacheSite(t, srv.URL)
			opts := imgOptions(t, dir)
			mustRun(t, opts)
			clean := readTree(t, opts.OutDir)
			tt.damage(t, cacheFiles(t, opts.CacheDir, filepath.Join("fetch", tt.sub), "")[0])
			record := cacheFiles(t, opts.CacheDir, filepath.Join("fetch", "meta"), ".json")[0]

			opts.OutDir = filepath.Join(dir, "fresh")
			res := runWithin(t, opts, 30*time.Second)
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.Error())
			}
			if len(got) != 1 || res.Problems[0].Severity != diag.Warning ||
				!strings.HasPrefix(got[0], diag.Escape(record)+": ") || !strings.HasSuffix(got[0], tt.want) {
				t.Errorf("problems %q, want one warning: %s: …%s", got, record, tt.want)
			}
			if res.Images.Downloaded != 1 {
				t.Errorf("downloaded %d, want the damaged image fetched again", res.Images.Downloaded)
			}
			if d := cmp.Diff(clean, readTree(t, opts.OutDir)); d != "" {
				t.Errorf("a fresh output from the damaged cache (-clean +got):\n%s", d)
			}

			opts.OutDir = filepath.Join(dir, "again")
			res = runWithin(t, opts, 30*time.Second)
			if len(res.Problems) != 0 || res.Images.Downloaded != 0 {
				t.Errorf("after the repair: problems %v, %d downloaded; want the cache used", res.Problems, res.Images.Downloaded)
			}
		})
	}
}

// TestCacheWriteFailsMidRun: writes to the cache that fail while a build
// runs (a disk that fills, a cache dir made read-only: injected, since
// tests run as root) are one warning saying how many failed; the build
// writes the output a build with a working cache writes, exit 0, and the
// next one makes those entries again. Fetched images, derived variants and
// cards are all written through writeCacheFile.
func TestCacheWriteFailsMidRun(t *testing.T) {
	srv := newImageServer(t)
	dir := remoteCacheSite(t, srv.URL)
	opts := imgOptions(t, dir)
	mustRun(t, opts)
	want := readTree(t, opts.OutDir)

	saved := writeCacheFile
	t.Cleanup(func() { writeCacheFile = saved })
	failing := filepath.Join(dir, "full-cache")
	writeCacheFile = func(path string, data []byte) error {
		if strings.HasPrefix(path, failing+string(filepath.Separator)) {
			return &os.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
		}
		return saved(path, data)
	}
	o := opts
	o.OutDir, o.CacheDir = filepath.Join(dir, "public2"), failing
	res := runWithin(t, o, 60*time.Second)
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Error())
	}
	// One write a fetched body, derived image (the first file of each of
	// the three heroes) and card (one og card a post) could not make.
	const wantMsg = ": 7 writes to the cache failed (one: "
	if len(got) != 1 || res.Problems[0].Severity != diag.Warning || !strings.HasPrefix(got[0], diag.Escape(failing)+wantMsg) ||
		!strings.Contains(got[0], "no space left on device); those entries were not cached, and the next run makes them again") {
		t.Errorf("problems %q, want one warning: %s%s… no space left on device) …", got, failing, wantMsg)
	}
	if res.Errors() != 0 || res.Images.Failed != 0 || res.Images.Processed != 3 || res.Cards.Rendered != 3 {
		t.Errorf("%d errors, images %+v, %d cards rendered: want every image and card made", res.Errors(), res.Images, res.Cards.Rendered)
	}
	if d := cmp.Diff(want, readTree(t, o.OutDir)); d != "" {
		t.Errorf("the output of a build whose cache writes failed (-cache working +got):\n%s", d)
	}

	// Nothing was cached: the next build fetches and makes everything again.
	writeCacheFile = saved
	o.OutDir = filepath.Join(dir, "public3")
	res = runWithin(t, o, 60*time.Second)
	if len(res.Problems) != 0 || res.Images.Downloaded != 1 || res.Images.Processed != 3 || res.Cards.Rendered != 3 {
		t.Errorf("the build after: problems %v, images %+v, %d cards rendered; want everything made again",
			res.Problems, res.Images, res.Cards.Rendered)
	}
	if d := cmp.Diff(want, readTree(t, o.OutDir)); d != "" {
		t.Errorf("the build after (-want +got):\n%s", d)
	}
}

// TestFetchCacheDirUnusable: a fetch cache dir that cannot be made (here
// .seopipe-cache/fetch is a file) is counted as a failed cache write, and
// remote images are fetched without the cache, not failed.
func TestFetchCacheDirUnusable(t *testing.T) {
	srv := newImageServer(t)
	dir := remoteCacheSite(t, srv.URL)
	opts := imgOptions(t, dir)
	mustRun(t, opts)
	want := readTree(t, opts.OutDir)

	o := opts
	o.OutDir, o.CacheDir = filepath.Join(dir, "public2"), filepath.Join(dir, "cache2")
	if err := os.MkdirAll(o.CacheDir, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(o.CacheDir, "fetch"), []byte("a file"))
	res := runWithin(t, o, 60*time.Second)
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Error())
	}
	wantMsg := diag.Escape(o.CacheDir) + ": a write to the cache failed (image cache: mkdir " + diag.Escape(filepath.Join(o.CacheDir, "fetch")) +
		": not a directory); that entry was not cached, and the next run makes it again"
	if d := cmp.Diff([]string{wantMsg}, got); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	if res.Images.Downloaded != 1 || res.Images.Failed != 0 {
		t.Errorf("images %+v, want the remote one downloaded", res.Images)
	}
	if d := cmp.Diff(want, readTree(t, o.OutDir)); d != "" {
		t.Errorf("the output without a fetch cache (-with one +got):\n%s", d)
	}
}
