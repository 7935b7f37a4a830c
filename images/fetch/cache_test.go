package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestCacheFresh: within the TTL a second fetch makes no request, and the
// cache holds a meta record named by the URL and a blob named by the body.
func TestCacheFresh(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
		w.Header().Set("ETag", `"v1"`)
		_, _ = w.Write(jpegData)
	})
	dir := t.TempDir()
	f, clk, _ := newFetcher(t, Options{AllowPrivateNetworks: true, CacheDir: dir, CacheTTL: time.Hour})
	u := srv.URL + "/a.jpg"
	first, err := f.Fetch(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour - time.Second)
	second, err := f.Fetch(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("server got %d requests, want 1", srv.hits.Load())
	}
	if first.From != FromNetwork || second.From != FromCache {
		t.Errorf("From = %q then %q, want network then cache", first.From, second.From)
	}
	first.From = FromCache
	if d := cmp.Diff(first, second); d != "" {
		t.Errorf("cached result differs (-network +cache):\n%s", d)
	}

	b, err := os.ReadFile(filepath.Join(dir, "meta", sha([]byte(u))+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := meta{Version: 1, URL: u, ETag: `"v1"`, FetchedAt: t0, Hash: sha(jpegData), Format: "jpeg", Size: int64(len(jpegData))}
	if d := cmp.Diff(want, m); d != "" {
		t.Errorf("meta record (-want +got):\n%s", d)
	}
	if blob, err := os.ReadFile(filepath.Join(dir, "blobs", sha(jpegData))); err != nil || !bytes.Equal(blob, jpegData) {
		t.Errorf("blob: %v, %d bytes; want the body", err, len(blob))
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, "*", ".*tmp-*")); len(tmp) != 0 {
		t.Errorf("temporary files left behind: %v", tmp)
	}
}

// TestCacheRevalidate: after the TTL the request is conditional; a 304
// returns the cached body, downloads nothing, and restarts the TTL.
func TestCacheRevalidate(t *testing.T) {
	for _, tc := range []struct {
		validator, value, conditional string
	}{
		{"ETag", `"abc123"`, "If-None-Match"},
		{"Last-Modified", "Wed, 05 Nov 2025 08:00:00 GMT", "If-Modified-Since"},
	} {
		t.Run(tc.validator, func(t *testing.T) {
			var mu sync.Mutex
			var asked []string // the conditional header of each request
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
				mu.Lock()
				asked = append(asked, r.Header.Get(tc.conditional))
				mu.Unlock()
				if r.Header.Get(tc.conditional) == tc.value {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set(tc.validator, tc.value)
				_, _ = w.Write(jpegData)
			})
			f, clk, _ := newFetcher(t, Options{AllowPrivateNetworks: true, CacheDir: t.TempDir()})
			u := srv.URL + "/a.jpg"
			var from []string
			for _, step := range []time.Duration{0, DefaultCacheTTL + time.Minute, time.Hour} {
				clk.Advance(step)
				got, err := f.Fetch(context.Background(), u)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Body, jpegData) || got.Format != "jpeg" || got.Hash != sha(jpegData) {
					t.Errorf("%s: got %d bytes of %s, want the JPEG", got.From, len(got.Body), got.Format)
				}
				from = append(from, got.From)
			}
			if d := cmp.Diff([]string{FromNetwork, FromRevalidated, FromCache}, from); d != "" {
				t.Errorf("From (-want +got):\n%s", d)
			}
			mu.Lock()
			defer mu.Unlock()
			if d := cmp.Diff([]string{"", tc.value}, asked); d != "" {
				t.Errorf("%s sent (-want +got):\n%s", tc.conditional, d)
			}
		})
	}
}

// TestCacheChanged: a 200 to a conditional request replaces the copy.
func TestCacheChanged(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int64) {
		w.Header().Set("ETag", fmt.Sprintf(`"v%d"`, n))
		_, _ = w.Write([][]byte{jpegData, pngData}[min(n, 2)-1])
	})
	dir := t.TempDir()
	f, clk, _ := newFetcher(t, Options{AllowPrivateNetworks: true, CacheDir: dir})
	u := srv.URL + "/a"
	if _, err := f.Fetch(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	clk.Advance(DefaultCacheTTL)
	got, err := f.Fetch(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if got.From != FromNetwork || got.Format != "png" {
		t.Errorf("got %s from %s, want the new PNG from the network", got.Format, got.From)
	}
	if c, _ := f.cache.load(u); c == nil || c.meta.ETag != `"v2"` || !c.meta.FetchedAt.Equal(t0.Add(DefaultCacheTTL)) {
		t.Errorf("cache now holds %+v, want v2 fetched at the second fetch", c)
	}
}

// TestCacheStale: when the network fails after the TTL, the cached copy is
// used with a warning; when the server gives a final answer, it is not.
func TestCacheStale(t *testing.T) {
	for _, tc := range []struct {
		name      string
		later     func(w http.ResponseWriter, r *http.Request) // nil: the server is gone
		wantErr   string
		wantWarn  string
		wantSleep int
	}{
		{"server down", nil, "",
			"GET $S/a.jpg: gave up after 4 attempts: dial tcp $A: connect: connection refused; using the copy cached 2025-11-07T10:00:00Z", 3},
		{"503 every time", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }, "",
			"GET $S/a.jpg: gave up after 4 attempts: 503 Service Unavailable; using the copy cached 2025-11-07T10:00:00Z", 3},
		{"404 is final", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
			"GET $S/a.jpg: 404 Not Found", "", 0},
		{"HTML is final", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<html>moved</html>")) },
			"GET $S/a.jpg: body is an HTML page (served as text/html; charset=utf-8), not an image", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int64) {
				if n > 1 {
					tc.later(w, r)
					return
				}
				_, _ = w.Write(jpegData)
			})
			f, clk, sl := newFetcher(t, Options{AllowPrivateNetworks: true, Retries: 3, CacheDir: t.TempDir()})
			u := srv.URL + "/a.jpg"
			if _, err := f.Fetch(context.Background(), u); err != nil {
				t.Fatal(err)
			}
			if tc.later == nil {
				srv.Close()
			}
			clk.Advance(DefaultCacheTTL + time.Second)
			got, err := f.Fetch(context.Background(), u)
			rep := strings.NewReplacer("$S", srv.URL, "$A", strings.TrimPrefix(srv.URL, "http://"))
			if d := cmp.Diff(rep.Replace(tc.wantErr), errText(err)); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
			if tc.wantWarn != "" {
				want := &Result{URL: u, Body: jpegData, Hash: sha(jpegData), Format: "jpeg", From: FromStale, Warning: rep.Replace(tc.wantWarn)}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("result (-want +got):\n%s", d)
				}
			}
			if n := len(sl.Got()); n != tc.wantSleep {
				t.Errorf("slept %d times, want %d", n, tc.wantSleep)
			}
		})
	}
}

// TestOffline: only the cache is read, however old the copy; a miss says
// it is not in the cache.
func TestOffline(t *testing.T) {
	srv := newServer(t, serveBytes("image/gif", []byte("GIF89a\x01\x00\x01\x00")))
	dir := t.TempDir()
	online, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true, CacheDir: dir})
	if _, err := online.Fetch(context.Background(), srv.URL+"/a.gif"); err != nil {
		t.Fatal(err)
	}

	f, clk, _ := newFetcher(t, Options{AllowPrivateNetworks: true, CacheDir: dir, Offline: true})
	clk.Advance(1000 * DefaultCacheTTL)
	got, err := f.Fetch(context.Background(), srv.URL+"/a.gif")
	if err != nil || got.From != FromCache || got.Format != "gif" {
		t.Errorf("cached URL: got %+v, %v; want the GIF from the cache", got, err)
	}
	_, err = f.Fetch(context.Background(), srv.URL+"/b.gif")
	if d := cmp.Diff(expand("GET $S/b.gif: not in the cache (--offline)", srv), errText(err)); d != "" {
		t.Errorf("error (-want +got):\n%s", d)
	}
	if !errors.Is(err, ErrNotCached) {
		t.Errorf("error %v does not wrap ErrNotCached", err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("server got %d requests, want only the online one", n)
	}
}

// TestCacheCorrupt: any damage to a cache entry is a miss — fetched again
// and repaired — never a crash or a wrong body.
func TestCacheCorrupt(t *testing.T) {
	blob := func(dir string) string { return filepath.Join(dir, "blobs", sha(jpegData)) }
	metaFile := func(dir, u string) string { return filepath.Join(dir, "meta", sha([]byte(u))+".json") }
	editMeta := func(edit func(*meta)) func(t *testing.T, dir, u string) {
		return func(t *testing.T, dir, u string) {
			b, err := os.ReadFile(metaFile(dir, u))
			if err != nil {
				t.Fatal(err)
			}
			var m meta
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			edit(&m)
			b, _ = json.Marshal(m)
			if err := os.WriteFile(metaFile(dir, u), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(path func(dir, u string) string, data []byte) func(t *testing.T, dir, u string) {
		return func(t *testing.T, dir, u string) {
			if err := os.WriteFile(path(dir, u), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	blobPath := func(dir, _ string) string { return blob(dir) }
	fifo := func(path func(dir, u string) string) func(t *testing.T, dir, u string) {
		return func(t *testing.T, dir, u string) {
			if err := os.Remove(path(dir, u)); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(path(dir, u), 0o644); err != nil {
				t.Skipf("no FIFOs here: %v", err)
			}
		}
	}
	// damaged is what Result.Damaged says after the damage, past the
	// entry's path; "" for a plain miss (nothing there to repair).
	for _, tc := range []struct {
		name, damaged string
		damage        func(t *testing.T, dir, u string)
	}{
		{"blob missing", "", func(t *testing.T, dir, _ string) { _ = os.Remove(blob(dir)) }},
		{"blob truncated", "blob: content does not match its record", write(blobPath, jpegData[:10])},
		{"blob changed, same size", "blob: content does not match its record", write(blobPath, append([]byte("\xff\xd8\xff"), make([]byte, len(jpegData)-3)...))},
		{"blob not an image", "blob: content does not match its record", write(blobPath, make([]byte, len(jpegData)))},
		{"meta not JSON", "unreadable record", write(metaFile, []byte("{not json"))},
		{"meta empty", "unreadable record", write(metaFile, nil)},
		{"meta of another layout", "", editMeta(func(m *meta) { m.Version = 0 })},
		{"meta of another URL", "inconsistent record", editMeta(func(m *meta) { m.URL = "http://other.example/a.jpg" })},
		{"meta hash leads out of the cache", "inconsistent record", editMeta(func(m *meta) { m.Hash = "../../../../etc/passwd" })},
		{"meta format wrong", "blob: not the png image its record says", editMeta(func(m *meta) { m.Format = "png" })},
		// A FIFO blocked the build for ever: only regular files are read.
		{"meta a FIFO", "open record: not a regular file", fifo(metaFile)},
		{"blob a FIFO", "open blob: not a regular file", fifo(blobPath)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, serveBytes("image/jpeg", jpegData))
			dir := t.TempDir()
			f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true, CacheDir: dir})
			u := srv.URL + "/a.jpg"
			var from []string
			for i := range 3 {
				if i == 1 {
					tc.damage(t, dir, u)
				}
				got, err := f.Fetch(context.Background(), u)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Body, jpegData) {
					t.Errorf("fetch %d (%s): wrong body", i+1, got.From)
				}
				from = append(from, got.From)
				damaged := ""
				if got.Damaged != nil {
					if got.Damaged.Entry != metaFile(dir, u) {
						t.Errorf("fetch %d: damaged entry %q, want the URL's record %q", i+1, got.Damaged.Entry, metaFile(dir, u))
					}
					r := strings.NewReplacer(metaFile(dir, u), "record", blob(dir), "blob")
					damaged = strings.TrimPrefix(r.Replace(got.Damaged.Error()), "record: ")
				}
				if want := map[bool]string{true: tc.damaged}[i == 1]; damaged != want {
					t.Errorf("fetch %d: damaged %q, want %q", i+1, damaged, want)
				}
			}
			if d := cmp.Diff([]string{FromNetwork, FromNetwork, FromCache}, from); d != "" {
				t.Errorf("From (-want +got):\n%s", d)
			}
		})
	}
}

func TestCacheDirUnusable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(Options{CacheDir: file})
	want := "image cache: mkdir " + file + ": not a directory"
	if d := cmp.Diff(want, errText(err)); d != "" {
		t.Errorf("error (-want +got):\n%s", d)
	}
}

// TestCacheWriteFails: a cache that cannot be written mid-run (a full or
// read-only disk; here its blobs dir replaced by a file, since tests run
// as root) costs only the caching: the body is returned, CacheErr says why
// it was not cached, and the next fetch downloads it again.
func TestCacheWriteFails(t *testing.T) {
	srv := newServer(t, serveBytes("image/jpeg", jpegData))
	dir := t.TempDir()
	f, _, _ := newFetcher(t, Options{AllowPrivateNetworks: true, CacheDir: dir})
	blobs := filepath.Join(dir, "blobs")
	if err := os.Remove(blobs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blobs, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	u := srv.URL + "/a.jpg"
	for i := range 2 {
		got, err := f.Fetch(context.Background(), u)
		if err != nil {
			t.Fatalf("fetch %d: %v", i+1, err)
		}
		if !bytes.Equal(got.Body, jpegData) || got.From != FromNetwork {
			t.Errorf("fetch %d: body of %d bytes from %s, want the image from the network", i+1, len(got.Body), got.From)
		}
		if got.CacheErr == nil || !strings.Contains(got.CacheErr.Error(), "caching the body: ") ||
			!strings.Contains(got.CacheErr.Error(), "not a directory") {
			t.Errorf("fetch %d: CacheErr %v, want caching the body: … not a directory", i+1, got.CacheErr)
		}
	}
}

// TestCacheWriteFailsOnRevalidation: a 304 whose record cannot be updated
// still gives the cached body, with CacheErr saying why; the copy keeps
// its old fetch time, so the next fetch asks again.
func TestCacheWriteFailsOnRevalidation(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		_, _ = w.Write(jpegData)
	})
	full := false
	write := func(path string, data []byte) error {
		if full {
			return &os.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
		}
		return os.WriteFile(path, data, 0o644)
	}
	f, clk, _ := newFetcher(t, Options{AllowPrivateNetworks: true, CacheDir: t.TempDir(), WriteFile: write})
	u := srv.URL + "/a.jpg"
	if _, err := f.Fetch(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	full = true
	var from []string
	for range 2 {
		clk.Advance(DefaultCacheTTL + time.Minute)
		got, err := f.Fetch(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Body, jpegData) || got.CacheErr == nil ||
			!strings.HasPrefix(got.CacheErr.Error(), "updating the cache: ") || !errors.Is(got.CacheErr, syscall.ENOSPC) {
			t.Errorf("%s: %d bytes, CacheErr %v; want the body and updating the cache: … no space left on device", got.From, len(got.Body), got.CacheErr)
		}
		from = append(from, got.From)
	}
	if d := cmp.Diff([]string{FromRevalidated, FromRevalidated}, from); d != "" {
		t.Errorf("From (-want +got):\n%s", d)
	}
}

// TestCacheConcurrent: many callers on the same URLs share one cache
// directory safely (run with -race).
func TestCacheConcurrent(t *testing.T) {
	srv := newServer(t, serveBytes("image/jpeg", jpegData))
	f, clk, _ := newFetcher(t, Options{AllowPrivateNetworks: true, CacheDir: t.TempDir()})
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Go(func() {
			if i%4 == 0 {
				clk.Advance(DefaultCacheTTL)
			}
			got, err := f.Fetch(context.Background(), fmt.Sprintf("%s/%d.jpg", srv.URL, i%3))
			if err == nil && !bytes.Equal(got.Body, jpegData) {
				err = fmt.Errorf("%s: wrong body from %s", got.URL, got.From)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}
