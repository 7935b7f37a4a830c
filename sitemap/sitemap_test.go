package sitemap

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/speclimit"
)

func TestWriteSingle(t *testing.T) {
	tests := []struct {
		name string
		urls []URL
		// want are the texts the file must decode back to.
		wantLocs []string
	}{
		{
			name:     "minimal",
			urls:     []URL{{Loc: "https://example.com/"}},
			wantLocs: []string{"https://example.com/"},
		},
		{
			name: "full",
			urls: []URL{{
				Loc:        "https://example.com/en/post/",
				LastMod:    time.Date(2025, 11, 7, 9, 30, 0, 0, time.UTC),
				ChangeFreq: "weekly",
				Priority:   ptr(0.8),
				Images:     []string{"https://example.com/images/hero.jpg", "https://cdn.example.net/inline%201.png"},
				Alternates: []Alternate{
					{HrefLang: "x-default", Href: "https://example.com/en/post/"},
					{HrefLang: "pt-BR", Href: "https://example.com/pt/post/"},
					{HrefLang: "en", Href: "https://example.com/en/post/"},
				},
			}, {
				Loc:      "https://example.com/about/",
				Priority: ptr(1.0),
			}, {
				Loc:      "https://example.com/archive/",
				Priority: ptr(0.0),
			}},
			wantLocs: []string{"https://example.com/en/post/", "https://example.com/about/", "https://example.com/archive/"},
		},
		{
			name: "zones",
			urls: []URL{
				{Loc: "https://example.com/utc/", LastMod: time.Date(2025, 1, 2, 3, 4, 5, 999_999_999, time.UTC)},
				{Loc: "https://example.com/ist/", LastMod: time.Date(2025, 1, 2, 3, 4, 5, 0, ist)},
				{Loc: "https://example.com/pst/", LastMod: time.Date(2025, 12, 31, 23, 59, 59, 0, pst)},
				{Loc: "https://example.com/none/"},
			},
			wantLocs: []string{"https://example.com/utc/", "https://example.com/ist/", "https://example.com/pst/", "https://example.com/none/"},
		},
		{
			name: "escaping",
			urls: []URL{{
				Loc:    `https://example.com/search?q=a&b='c'&d="e"<f>`,
				Images: []string{"https://cdn.example.net/i.jpg?w=1&h='2'"},
				Alternates: []Alternate{
					{HrefLang: "en", Href: `https://example.com/search?q=a&b='c'&d="e"<f>`},
					{HrefLang: "de", Href: `https://example.com/de/suche?q=a&b="c"`},
				},
			}, {
				Loc: "https://example.com/odd/{x}|\\^`/%41/it's",
			}, {
				Loc: "https://EXAMPLE.com/caps/",
			}},
			wantLocs: []string{`https://example.com/search?q=a&b='c'&d="e"<f>`, "https://example.com/odd/{x}|\\^`/%41/it's", "https://EXAMPLE.com/caps/"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, s := write(t, Options{SiteURL: siteURL}, tt.urls)
			data := s.files["sitemap.xml"]
			want := Result{
				Files: []FileInfo{{Name: "sitemap.xml", URLs: len(tt.urls), LastMod: newest(tt.urls), Bytes: int64(len(data))}},
				All:   []string{"sitemap.xml"},
			}
			if d := cmp.Diff(want, res); d != "" {
				t.Errorf("Result (-want +got):\n%s", d)
			}
			if d := cmp.Diff([]string{"sitemap.xml"}, s.names()); d != "" {
				t.Errorf("files (-want +got):\n%s", d)
			}
			got, err := wellFormed(data, "loc")
			if err != nil {
				t.Fatalf("not well-formed: %v\n%s", err, data)
			}
			wantLocs := tt.wantLocs
			for _, u := range tt.urls {
				wantLocs = append(wantLocs, u.Images...)
			}
			if d := cmp.Diff(sorted(wantLocs), sorted(got["loc"])); d != "" {
				t.Errorf("decoded locs (-want +got):\n%s", d)
			}
			checkGolden(t, s)
			validateSet(t, s, "")
		})
	}
}

// newest is the newest LastMod of urls.
func newest(urls []URL) time.Time {
	var n time.Time
	for _, u := range urls {
		if u.LastMod.After(n) {
			n = u.LastMod
		}
	}
	return n
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestAddRefuses(t *testing.T) {
	long := "https://example.com/" + strings.Repeat("a", speclimit.LocLength-len("https://example.com/")+1)
	self := "https://example.com/post/"
	tests := []struct {
		name string
		url  URL
		want string // substring of the error
	}{
		{"relative", URL{Loc: "/about/"}, "not an absolute http(s) URL"},
		{"ftp", URL{Loc: "ftp://example.com/file"}, "not an absolute http(s) URL"},
		{"mailto", URL{Loc: "mailto:someone@example.com"}, "not an absolute http(s) URL"},
		{"no host", URL{Loc: "https:///path/to/page"}, "has no host"},
		{"empty", URL{Loc: ""}, "empty URL"},
		{"space", URL{Loc: "https://example.com/a b"}, "not percent-encoded"},
		{"non-ascii", URL{Loc: "https://example.com/café"}, "not percent-encoded"},
		{"bad escape", URL{Loc: "https://example.com/%zz"}, "does not start a %XX escape"},
		{"cut escape", URL{Loc: "https://example.com/x%4"}, "does not start a %XX escape"},
		{"two fragments", URL{Loc: "https://example.com/x#a#b"}, "more than one '#'"},
		{"brackets", URL{Loc: "https://example.com/[x]"}, "only allowed around an IPv6 host"},
		{"empty port", URL{Loc: "https://example.com:/x"}, "empty port"},
		{"user info", URL{Loc: "https://user:pw@example.com/private/"}, "has user info"},
		{"bad host", URL{Loc: "https://exa'mple.com/x"}, "is not a DNS name or IP address"},
		{"too long", URL{Loc: long}, "2049 characters, more than 2048"},
		{"too short", URL{Loc: "http://a.b/"}, "shorter than the 12 characters"},
		{"other host", URL{Loc: "https://other.example/page/"}, `on host "other.example", not the site's "example.com"`},
		{"other port", URL{Loc: "https://example.com:8443/page/"}, "not the site's"},
		{"year 0", URL{Loc: self, LastMod: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)}, "year 0 is outside"},
		{"year 10000", URL{Loc: self, LastMod: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "year 10000 is outside"},
		{"zone +15", URL{Loc: self, LastMod: time.Date(2025, 1, 1, 0, 0, 0, 0, time.FixedZone("", 15*3600))}, "within ±14:00"},
		{"zone seconds", URL{Loc: self, LastMod: time.Date(2025, 1, 1, 0, 0, 0, 0, time.FixedZone("LMT", 561))}, "whole minute"},
		{"changefreq", URL{Loc: self, ChangeFreq: "sometimes"}, `changefreq "sometimes" is not one of always, hourly`},
		{"changefreq case", URL{Loc: self, ChangeFreq: "Daily"}, `changefreq "Daily"`},
		{"priority high", URL{Loc: self, Priority: ptr(1.5)}, "priority 1.5 is not within 0.0–1.0"},
		{"priority low", URL{Loc: self, Priority: ptr(-0.1)}, "priority -0.1"},
		{"priority NaN", URL{Loc: self, Priority: ptr(math.NaN())}, "priority NaN"},
		{"image relative", URL{Loc: self, Images: []string{"https://example.com/a.jpg", "/b.jpg"}}, "image 2:"},
		{"image space", URL{Loc: self, Images: []string{"https://example.com/a b.jpg"}}, "image 1:"},
		{"alternates without self", URL{Loc: self, Alternates: []Alternate{{HrefLang: "de", Href: "https://example.com/de/post/"}}}, "do not list the url itself"},
		{"alternates self only as x-default", URL{Loc: self, Alternates: []Alternate{{HrefLang: "x-default", Href: self}, {HrefLang: "de", Href: "https://example.com/de/post/"}}}, "do not list the url itself"},
		{"two x-default", URL{Loc: self, Alternates: []Alternate{
			{HrefLang: "en", Href: self}, {HrefLang: "x-default", Href: self}, {HrefLang: "X-Default", Href: "https://example.com/de/"},
		}}, `hreflang "X-Default" appears twice`},
		{"same language twice", URL{Loc: self, Alternates: []Alternate{{HrefLang: "en", Href: self}, {HrefLang: "en", Href: "https://example.com/en2/"}}}, "appears twice"},
		{"underscore tag", URL{Loc: self, Alternates: []Alternate{{HrefLang: "en_US", Href: self}}}, `hreflang "en_US" is not a language tag`},
		{"empty tag", URL{Loc: self, Alternates: []Alternate{{HrefLang: "", Href: self}}}, `hreflang "" is not`},
		{"alternate relative", URL{Loc: self, Alternates: []Alternate{{HrefLang: "en", Href: self}, {HrefLang: "de", Href: "/de/post/"}}}, "alternate 2 (de)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newMemSink()
			w := NewWriter(s, Options{SiteURL: siteURL})
			err := w.Add(tt.url)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Add(%q) = %v, want an error containing %q", tt.url.Loc, err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "sitemap: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			// The Writer stays usable and the refused URL is not written.
			if err := w.Add(URL{Loc: "https://example.com/ok/"}); err != nil {
				t.Fatalf("Add after a refused URL: %v", err)
			}
			res, err := w.Close()
			if err != nil {
				t.Fatal(err)
			}
			if res.Files[0].URLs != 1 {
				t.Errorf("URLs = %d, want 1", res.Files[0].URLs)
			}
			s.check(t)
		})
	}
}

func TestAddAcceptsEdgeCases(t *testing.T) {
	atLimit := "https://example.com/" + strings.Repeat("a", speclimit.LocLength-len("https://example.com/"))
	urls := []URL{
		{Loc: atLimit},
		{Loc: "https://example.com/twelve"},
		{Loc: "https://example.com/%E2%82%AC?q=%41#frag?x=/y"},
		{Loc: "https://example.com/a?x=1", Priority: ptr(math.Copysign(0, -1)), ChangeFreq: "never"},
		{Loc: "https://example.com/b", LastMod: time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC)},
		{Loc: "https://example.com/c", LastMod: time.Date(9999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -14*3600))},
		{Loc: "https://example.com/d", Images: []string{"http://[2001:db8::1]:8080/img.png"}},
		{Loc: "https://example.com/e", Alternates: []Alternate{
			{HrefLang: "zh-Hant-TW", Href: "https://example.com/e"},
			{HrefLang: "X-DEFAULT", Href: "https://example.com/e"},
		}},
	}
	_, s := write(t, Options{SiteURL: siteURL}, urls)
	if d := cmp.Diff(1, bytes.Count(s.files["sitemap.xml"], []byte("<priority>0.0</priority>"))); d != "" {
		t.Errorf("-0 priority (-want +got):\n%s", d)
	}
	validateSet(t, s, "")
}

func TestOptionsRefused(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"no site url", Options{}, "SiteURL: empty URL"},
		{"relative site url", Options{SiteURL: "example.com/"}, "SiteURL"},
		{"site url without slash", Options{SiteURL: "https://example.com/blog"}, `must end in "/"`},
		{"site url with query", Options{SiteURL: "https://example.com/?x=/"}, `must end in "/"`},
		{"max urls", Options{SiteURL: siteURL, MaxURLs: 50_001}, "MaxURLs 50001 is not within 1–50000"},
		{"negative max urls", Options{SiteURL: siteURL, MaxURLs: -1}, "MaxURLs -1"},
		{"max bytes", Options{SiteURL: siteURL, MaxBytes: speclimit.SitemapBytes + 1}, "MaxBytes 52428801"},
		{"parent name", Options{SiteURL: siteURL, Name: "../sitemap"}, "not a relative file path"},
		{"absolute name", Options{SiteURL: siteURL, Name: "/sitemap"}, "not a relative file path"},
		{"odd name", Options{SiteURL: siteURL, Name: "site map"}, "only letters, digits"},
		{"long site url", Options{SiteURL: "https://example.com/" + strings.Repeat("a/", 1020)}, "would be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newMemSink()
			w := NewWriter(s, tt.opts)
			err := w.Add(URL{Loc: "https://example.com/page/"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Add = %v, want an error containing %q", err, tt.want)
			}
			if _, cerr := w.Close(); cerr == nil || cerr.Error() != err.Error() {
				t.Errorf("Close = %v, want %v", cerr, err)
			}
			if len(s.created) != 0 {
				t.Errorf("files created: %v", s.created)
			}
		})
	}
	if err := NewWriter(nil, Options{SiteURL: siteURL}).Add(URL{Loc: siteURL}); err == nil || !strings.Contains(err.Error(), "no sink") {
		t.Errorf("nil sink: Add = %v", err)
	}
}

func TestDeterministic(t *testing.T) {
	var urls []URL
	for i := range 40 {
		urls = append(urls, URL{
			Loc:        fmt.Sprintf("https://example.com/p/%d?x=%d&y='z'", i, i),
			LastMod:    time.Date(2025, 1, 1+i%28, i%24, 0, 0, 0, ist),
			ChangeFreq: "daily",
			Priority:   ptr(float64(i%11) / 10),
			Images:     []string{fmt.Sprintf("https://example.com/i/%d.jpg", i)},
			Alternates: []Alternate{
				{HrefLang: "fr", Href: fmt.Sprintf("https://example.com/fr/p/%d", i)},
				{HrefLang: "en", Href: fmt.Sprintf("https://example.com/p/%d?x=%d&y='z'", i, i)},
			},
		})
	}
	for _, opts := range []Options{{SiteURL: siteURL}, {SiteURL: siteURL, MaxURLs: 7}, {SiteURL: siteURL, MaxBytes: 4000}} {
		_, a := write(t, opts, urls)
		_, b := write(t, opts, urls)
		if d := cmp.Diff(a.files, b.files); d != "" {
			t.Errorf("%+v: two runs differ (-first +second):\n%s", opts, d)
		}
	}
}

func TestImagesCapped(t *testing.T) {
	imgs := make([]string, speclimit.ImagesPerURL+1)
	for i := range imgs {
		imgs[i] = fmt.Sprintf("https://cdn.example.net/img/%04d.jpg", i)
	}
	_, s := write(t, Options{SiteURL: siteURL}, []URL{{Loc: "https://example.com/gallery/", Images: imgs}})
	got, err := wellFormed(s.files["sitemap.xml"], "image")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got["image"]); n != speclimit.ImagesPerURL {
		t.Errorf("%d image:image written, want %d", n, speclimit.ImagesPerURL)
	}
	if bytes.Contains(s.files["sitemap.xml"], []byte(imgs[speclimit.ImagesPerURL])) {
		t.Errorf("image %d written", speclimit.ImagesPerURL+1)
	}
	for _, dep := range []string{"image:caption", "image:title", "image:license", "image:geo_location"} {
		if bytes.Contains(s.files["sitemap.xml"], []byte(dep)) {
			t.Errorf("deprecated %s written", dep)
		}
	}
	validateSet(t, s, "")
}

func TestDuplicateAcrossFiles(t *testing.T) {
	s := newMemSink()
	w := NewWriter(s, Options{SiteURL: siteURL, MaxURLs: 2})
	for _, loc := range []string{"https://example.com/a", "https://example.com/b", "https://example.com/c"} {
		if err := w.Add(URL{Loc: loc}); err != nil {
			t.Fatal(err)
		}
	}
	err := w.Add(URL{Loc: "https://example.com/a", Priority: ptr(0.5)})
	if err == nil || !strings.Contains(err.Error(), "duplicate loc") {
		t.Fatalf("Add of a repeated loc = %v, want a duplicate error", err)
	}
	if err := w.Add(URL{Loc: "https://example.com/A"}); err != nil {
		t.Errorf("locs differing in case are distinct: %v", err)
	}
	res, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Files[0].URLs + res.Files[1].URLs; got != 4 {
		t.Errorf("%d URLs written, want 4", got)
	}
	s.check(t)
}
