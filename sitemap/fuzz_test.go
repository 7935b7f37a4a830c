package sitemap

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// FuzzAdd feeds arbitrary locs and image URLs to Add. Whenever Add accepts
// them, every file Close writes must be well-formed XML that decodes back to
// exactly the locs and image URLs given.
func FuzzAdd(f *testing.F) {
	f.Add("https://example.com/a?b=1&c='2'", "https://cdn.example.net/i.jpg?<x>", "https://example.com/\"q\"")
	f.Add("https://example.com/%E2%82%AC", "http://[::1]:80/x#y", "https://example.com/a]]>b")
	f.Add("http://example.com/a b", "https://x.example/é", "https://example.com/x#a#b")
	f.Add("https://EXAMPLE.com:443/", "https://example.com/%zz", "https://example.com/{}|\\^`")
	f.Fuzz(func(t *testing.T, loc, img, loc2 string) {
		if len(loc)+len(img)+len(loc2) > 10_000 {
			t.Skip("huge input")
		}
		s := newMemSink()
		w := NewWriter(s, Options{SiteURL: siteURL, MaxURLs: 1})
		want := map[string]bool{}
		for _, u := range []URL{
			{Loc: loc, Images: []string{img}},
			{Loc: loc2, Alternates: []Alternate{{HrefLang: "en", Href: loc2}, {HrefLang: "x-default", Href: img}}},
			{Loc: siteURL + strings.TrimPrefix(loc, "/"), Images: []string{img, loc2}},
		} {
			if w.Add(u) != nil {
				continue
			}
			want[u.Loc] = true
			for _, i := range u.Images {
				want[i] = true
			}
		}
		res, err := w.Close()
		if errors.Is(err, ErrEmpty) {
			return
		}
		if err != nil {
			t.Fatalf("Close: %v", err)
		}
		s.check(t)
		got := map[string]bool{}
		for _, name := range res.All {
			vals, err := wellFormed(s.files[name], "loc", "@href")
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, s.files[name])
			}
			if name == res.Index {
				continue
			}
			for _, v := range vals["loc"] {
				got[v] = true
			}
			for _, v := range vals["@href"] {
				if !slices.Contains([]string{loc2, img}, v) {
					t.Errorf("%s: href %q was never given", name, v)
				}
			}
		}
		if len(got) != len(want) {
			t.Errorf("decoded locs %v, want %v", got, want)
		}
		for v := range want {
			if !got[v] {
				t.Errorf("loc %q did not decode back; got %v", v, got)
			}
		}
	})
}
