package sitemap

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/speclimit"
)

func TestSplitMaxURLs(t *testing.T) {
	u := func(path string, lastmod time.Time) URL {
		return URL{Loc: "https://example.com/" + path, LastMod: lastmod}
	}
	urls := []URL{
		// File 1: the newest instant is u3 (06:00Z) although u1's wall clock
		// reads later (10:00+05:30 = 04:30Z).
		u("one/", time.Date(2025, 11, 7, 10, 0, 0, 0, ist)),
		u("two/", time.Time{}),
		u("three/", time.Date(2025, 11, 7, 6, 0, 0, 0, time.UTC)),
		// File 2: no lastmod at all, so its index entry has none.
		u("four/", time.Time{}),
		u("five/", time.Time{}),
		u("six/", time.Time{}),
		// File 3.
		u("seven/", time.Date(2024, 2, 29, 12, 0, 0, 0, pst)),
	}
	res, s := write(t, Options{SiteURL: siteURL, MaxURLs: 3}, urls)
	size := func(name string) int64 { return int64(len(s.files[name])) }
	want := Result{
		Index: "sitemap.xml",
		Files: []FileInfo{
			{Name: "sitemap-1.xml", URLs: 3, LastMod: urls[2].LastMod, Bytes: size("sitemap-1.xml")},
			{Name: "sitemap-2.xml", URLs: 3, Bytes: size("sitemap-2.xml")},
			{Name: "sitemap-3.xml", URLs: 1, LastMod: urls[6].LastMod, Bytes: size("sitemap-3.xml")},
		},
		All: []string{"sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"},
	}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("Result (-want +got):\n%s", d)
	}
	idx, err := wellFormed(s.files["sitemap.xml"], "loc", "lastmod")
	if err != nil {
		t.Fatal(err)
	}
	wantIdx := map[string][]string{
		"loc":     {"https://example.com/sitemap-1.xml", "https://example.com/sitemap-2.xml", "https://example.com/sitemap-3.xml"},
		"lastmod": {"2025-11-07T06:00:00Z", "2024-02-29T12:00:00-08:00"},
	}
	if d := cmp.Diff(wantIdx, idx); d != "" {
		t.Errorf("index (-want +got):\n%s", d)
	}
	checkGolden(t, s)
	validateSet(t, s, res.Index)
}

func TestSplitNamedInSubdir(t *testing.T) {
	urls := []URL{{Loc: "https://example.com/blog/a/"}, {Loc: "https://example.com/blog/b/"}}
	res, s := write(t, Options{SiteURL: "https://example.com/blog/", Name: "maps/site_map", MaxURLs: 1}, urls)
	if d := cmp.Diff([]string{"maps/site_map-1.xml", "maps/site_map-2.xml", "maps/site_map.xml"}, res.All); d != "" {
		t.Errorf("All (-want +got):\n%s", d)
	}
	idx, err := wellFormed(s.files["maps/site_map.xml"], "loc")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"https://example.com/blog/maps/site_map-1.xml", "https://example.com/blog/maps/site_map-2.xml"}, idx["loc"]); d != "" {
		t.Errorf("index locs (-want +got):\n%s", d)
	}
}

func TestSplitMaxBytes(t *testing.T) {
	urls := make([]URL, 5)
	for i := range urls {
		urls[i] = URL{Loc: fmt.Sprintf("https://example.com/p/%03d", i)} // equal-sized entries
	}
	entry := len((&Writer{}).appendURL(nil, &urls[0]))
	frame := len(urlsetHead) + len(urlsetFoot)
	tests := []struct {
		name     string
		maxBytes int
		want     []int // URLs per file
	}{
		{"two fit exactly", frame + 2*entry, []int{2, 2, 1}},
		{"one byte short of two", frame + 2*entry - 1, []int{1, 1, 1, 1, 1}},
		{"all fit exactly", frame + 5*entry, []int{5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, s := write(t, Options{SiteURL: siteURL, MaxBytes: tt.maxBytes}, urls)
			var got []int
			for _, f := range res.Files {
				got = append(got, f.URLs)
				if n := len(s.files[f.Name]); int64(n) != f.Bytes || n > tt.maxBytes {
					t.Errorf("%s: %d bytes, Bytes %d, MaxBytes %d", f.Name, n, f.Bytes, tt.maxBytes)
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("URLs per file (-want +got):\n%s", d)
			}
			validateSet(t, s, res.Index)
		})
	}
	t.Run("entry larger than a file", func(t *testing.T) {
		s := newMemSink()
		w := NewWriter(s, Options{SiteURL: siteURL, MaxBytes: frame + entry})
		big := URL{Loc: "https://example.com/p/0000"}
		if err := w.Add(big); err == nil || !strings.Contains(err.Error(), "more than fits a file of MaxBytes") {
			t.Fatalf("Add = %v", err)
		}
		if err := w.Add(urls[0]); err != nil {
			t.Fatalf("Add after a refused URL: %v", err)
		}
		if _, err := w.Close(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestExactlyMaxURLs(t *testing.T) {
	urls := []URL{{Loc: "https://example.com/a"}, {Loc: "https://example.com/b"}, {Loc: "https://example.com/c"}}
	res, s := write(t, Options{SiteURL: siteURL, MaxURLs: 3}, urls)
	want := Result{
		Files: []FileInfo{{Name: "sitemap.xml", URLs: 3, Bytes: int64(len(s.files["sitemap.xml"]))}},
		All:   []string{"sitemap.xml"},
	}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("Result (-want +got):\n%s", d)
	}
}

func TestFiftyThousandAndOne(t *testing.T) {
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newMemSink()
	w := NewWriter(s, Options{SiteURL: siteURL})
	const n = speclimit.SitemapURLs + 1
	for i := range n {
		u := URL{
			Loc:     fmt.Sprintf("https://example.com/posts/%06d/", i),
			LastMod: start.Add(time.Duration(i) * time.Minute),
			Images:  []string{fmt.Sprintf("https://example.com/img/%06d.jpg", i)},
		}
		if err := w.Add(u); err != nil {
			t.Fatal(err)
		}
	}
	res, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	s.check(t)
	want := Result{
		Index: "sitemap.xml",
		Files: []FileInfo{
			{Name: "sitemap-1.xml", URLs: speclimit.SitemapURLs, LastMod: start.Add((speclimit.SitemapURLs - 1) * time.Minute), Bytes: int64(len(s.files["sitemap-1.xml"]))},
			{Name: "sitemap-2.xml", URLs: 1, LastMod: start.Add(speclimit.SitemapURLs * time.Minute), Bytes: int64(len(s.files["sitemap-2.xml"]))},
		},
		All: []string{"sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"},
	}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("Result (-want +got):\n%s", d)
	}
	if got := bytes.Count(s.files["sitemap-1.xml"], []byte("<url>")); got != speclimit.SitemapURLs {
		t.Errorf("sitemap-1.xml has %d <url>, want %d", got, speclimit.SitemapURLs)
	}
	validateSet(t, s, res.Index)
}

func TestIndexLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 50,001 files; make test-long runs it")
	}
	s := newMemSink()
	w := NewWriter(s, Options{SiteURL: siteURL, MaxURLs: 1})
	for i := range speclimit.SitemapIndexEntries {
		if err := w.Add(URL{Loc: fmt.Sprintf("https://example.com/%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	err := w.Add(URL{Loc: "https://example.com/one-too-many"})
	if err == nil || !strings.Contains(err.Error(), "more than 50000 files") {
		t.Fatalf("Add of URL 50,001 = %v, want an index limit error", err)
	}
	if _, cerr := w.Close(); cerr != err {
		t.Errorf("Close = %v, want %v", cerr, err)
	}
	if len(s.files) != 0 {
		t.Errorf("%d files kept", len(s.files))
	}
	s.check(t)
}

func TestGzip(t *testing.T) {
	urls := []URL{
		{Loc: "https://example.com/a", LastMod: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Loc: "https://example.com/b"}, {Loc: "https://example.com/c"},
		{Loc: "https://example.com/d"}, {Loc: "https://example.com/e"},
	}
	for _, maxURLs := range []int{0, 2} {
		t.Run(fmt.Sprintf("max %d", maxURLs), func(t *testing.T) {
			opts := Options{SiteURL: siteURL, MaxURLs: maxURLs, Gzip: true}
			res, s := write(t, opts, urls)
			_, again := write(t, opts, urls)
			if d := cmp.Diff(s.files, again.files); d != "" {
				t.Errorf("two runs differ (-first +second):\n%s", d)
			}
			var want []string
			for _, f := range res.Files {
				want = append(want, f.Name, f.Name+".gz")
			}
			if res.Index != "" {
				want = append(want, res.Index, res.Index+".gz")
			}
			if d := cmp.Diff(want, res.All); d != "" {
				t.Errorf("All (-want +got):\n%s", d)
			}
			for _, name := range res.All {
				if strings.HasSuffix(name, ".gz") {
					continue
				}
				zr, err := gzip.NewReader(bytes.NewReader(s.files[name+".gz"]))
				if err != nil {
					t.Fatalf("%s.gz: %v", name, err)
				}
				if zr.Name != "" || !zr.ModTime.IsZero() || zr.Comment != "" || zr.Extra != nil {
					t.Errorf("%s.gz header has name %q, mtime %v, comment %q, extra %q", name, zr.Name, zr.ModTime, zr.Comment, zr.Extra)
				}
				got, err := io.ReadAll(zr)
				if err != nil {
					t.Fatalf("%s.gz: %v", name, err)
				}
				if !bytes.Equal(got, s.files[name]) {
					t.Errorf("%s.gz decompresses to %d bytes that differ from %s (%d bytes)", name, len(got), name, len(s.files[name]))
				}
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	s := newMemSink()
	w := NewWriter(s, Options{SiteURL: siteURL, Gzip: true})
	if _, err := w.Close(); !errors.Is(err, ErrEmpty) {
		t.Errorf("Close = %v, want ErrEmpty", err)
	}
	if len(s.created) != 0 {
		t.Errorf("files created: %v", s.created)
	}
}

func TestAbort(t *testing.T) {
	s := newMemSink()
	w := NewWriter(s, Options{SiteURL: siteURL, MaxURLs: 2, Gzip: true})
	for i := range 5 {
		if err := w.Add(URL{Loc: fmt.Sprintf("https://example.com/%d/", i)}); err != nil {
			t.Fatal(err)
		}
	}
	w.Abort()
	w.Abort()
	if len(s.files) != 0 {
		t.Errorf("files kept after Abort: %v", s.names())
	}
	if d := cmp.Diff(s.created, s.aborted); d != "" {
		t.Errorf("aborted (-created +aborted):\n%s", d)
	}
	if err := w.Add(URL{Loc: "https://example.com/late/"}); err == nil {
		t.Error("Add after Abort succeeded")
	}
	if _, err := w.Close(); err == nil {
		t.Error("Close after Abort succeeded")
	}
	s.check(t)

	// Abort after a successful Close keeps the files.
	s = newMemSink()
	w = NewWriter(s, Options{SiteURL: siteURL})
	if err := w.Add(URL{Loc: siteURL}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w.Abort()
	if len(s.files) != 1 || len(s.aborted) != 0 {
		t.Errorf("Abort after Close: kept %v, aborted %v", s.names(), s.aborted)
	}
}

func TestSinkErrors(t *testing.T) {
	tests := []struct {
		name    string
		sink    memSink
		urls    int
		maxURLs int
		wantAdd string // error from Add, or "" when Close fails
		want    string
	}{
		{"create part", memSink{failCreate: "sitemap-2.xml"}, 5, 2, "create sitemap-2.xml: disk full", ""},
		{"create first part", memSink{failCreate: "sitemap-1.xml"}, 5, 2, "create sitemap-1.xml: disk full", ""},
		{"create gz", memSink{failCreate: "sitemap-1.xml.gz"}, 5, 2, "create sitemap-1.xml.gz: disk full", ""},
		{"write part", memSink{failWrite: "sitemap-1.xml"}, 5, 2, "write sitemap-1.xml: i/o error", ""},
		{"write gz", memSink{failWrite: "sitemap-2.xml.gz"}, 5, 2, "write sitemap-2.xml.gz: i/o error", ""},
		{"create single", memSink{failCreate: "sitemap.xml"}, 2, 0, "", "create sitemap.xml: disk full"},
		{"create index", memSink{failCreate: "sitemap.xml"}, 5, 2, "", "create sitemap.xml: disk full"},
		{"write index gz", memSink{failWrite: "sitemap.xml.gz"}, 5, 2, "", "write sitemap.xml.gz: i/o error"},
		{"close", memSink{failClose: "sitemap-2.xml"}, 5, 2, "", "close sitemap-2.xml: rename failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newMemSink()
			s.failCreate, s.failWrite, s.failClose = tt.sink.failCreate, tt.sink.failWrite, tt.sink.failClose
			w := NewWriter(s, Options{SiteURL: siteURL, MaxURLs: tt.maxURLs, Gzip: true})
			var addErr error
			for i := range tt.urls {
				if addErr = w.Add(URL{Loc: fmt.Sprintf("https://example.com/%d/", i)}); addErr != nil {
					break
				}
			}
			if tt.wantAdd != "" {
				if addErr == nil || !strings.Contains(addErr.Error(), tt.wantAdd) {
					t.Fatalf("Add = %v, want an error containing %q", addErr, tt.wantAdd)
				}
				if err := w.Add(URL{Loc: "https://example.com/after/"}); err != addErr {
					t.Errorf("Add after a sink error = %v, want the same error again", err)
				}
			} else if addErr != nil {
				t.Fatalf("Add: %v", addErr)
			}
			_, err := w.Close()
			want := tt.want
			if want == "" {
				want = tt.wantAdd
			}
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("Close = %v, want an error containing %q", err, want)
			}
			// Everything not already kept by the sink is dropped.
			for name := range s.files {
				if tt.sink.failClose == "" || name > tt.sink.failClose {
					t.Errorf("%s kept after a failed run", name)
				}
			}
			s.check(t)
		})
	}
}
