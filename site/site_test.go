package site

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/idna"

	"github.com/seopipe/seopipe/post"
)

func TestEncodeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/a b/ç.jpg", "https://example.com/a%20b/%C3%A7.jpg"},
		{"https://example.com/a%20b?x=1&y=é", "https://example.com/a%20b?x=1&y=%C3%A9"},
		{"https://bücher.example/x", "https://xn--bcher-kva.example/x"},
		{"https://example.com:8443/x#frag ment", "https://example.com:8443/x#frag%20ment"},
		{"https://example.com/already/ok/", "https://example.com/already/ok/"},
		// The scheme's own port is left out, whatever the case of the host.
		{"https://EXAMPLE.com:443/a/", "https://example.com/a/"},
		{"https://example.com:443/a/", "https://example.com/a/"},
		{"http://example.com:80/a/", "http://example.com/a/"},
		{"http://example.com:443/a/", "http://example.com:443/a/"},
		{"https://example.com:80/a/", "https://example.com:80/a/"},
	}
	for _, tt := range tests {
		if got := EncodeURL(tt.in); got != tt.want {
			t.Errorf("EncodeURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnderKeepsTheSitePath(t *testing.T) {
	s := &Site{URL: "https://example.com/blog/"}
	tests := []struct{ in, want string }{
		{"/about/", "https://example.com/blog/about/"},
		{"images/a b.jpg", "https://example.com/blog/images/a%20b.jpg"},
		{"/", "https://example.com/blog/"},
		{"https://cdn.example.net/x.jpg", "https://cdn.example.net/x.jpg"},
		// A colon in the first segment is no scheme (RFC 3986 §4.2).
		{"/re:invent/", "https://example.com/blog/re:invent/"},
		{"/mailto:x/", "https://example.com/blog/mailto:x/"},
		{"/2024:recap/", "https://example.com/blog/2024:recap/"},
		{"/a/b:c/", "https://example.com/blog/a/b:c/"},
	}
	for _, tt := range tests {
		if got := s.Under(tt.in); got != tt.want {
			t.Errorf("Under(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := Resolve("https://example.com/blog/post/", "img/x.png"), "https://example.com/blog/post/img/x.png"; got != want {
		t.Errorf("Resolve = %q, want %q", got, want)
	}
}

func TestLocale(t *testing.T) {
	for in, want := range map[string]string{"en": "en_US", "pt-BR": "pt_BR", "fr": "fr_FR", "ja": "ja_JP", "mt": "mt_MT", "zh-TW": "zh_TW",
		"es-419": "es_LA", "pt-419": "pt_PT", "zh-Hant": "zh_TW", "zh-Hant-HK": "zh_HK", "zh-Hans": "zh_CN", "pt_BR": "pt_BR",
		"und": "", "mul": "", "x-klingon": "", "i-klingon": "tlh_TLH" /* grandfathered: its preferred value is tlh */, "qaa": "", "tlh": "tlh_TLH",
		"en-x-ab": "en_US", "de-DE-u-co-phonebk": "de_DE"} {
		if got := Locale(in); got != want {
			t.Errorf("Locale(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDescriptionFallsBack(t *testing.T) {
	tests := []struct {
		post post.Post
		want string
	}{
		{post.Post{Title: "T", Summary: "S", MetaDescription: "M"}, "M"},
		{post.Post{Title: "T", Summary: "S"}, "S"},
		{post.Post{Title: "T"}, "T"}, // a body of images only
	}
	for _, tt := range tests {
		p := &Page{Post: &tt.post}
		if got := p.Description(); got != tt.want {
			t.Errorf("Description() = %q, want %q", got, tt.want)
		}
	}
}

// TestModifiedIsThePagesUpdatedDate: the modified date is the page's
// Updated (which the build leaves zero while the post's updated date is
// after its clock), else the published date; the post's own updatedAt is
// not read.
func TestModifiedIsThePagesUpdatedDate(t *testing.T) {
	pub := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)
	upd := time.Date(2025, 11, 9, 0, 0, 0, 0, time.UTC)
	later := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		page Page
		want time.Time
	}{
		{"updated", Page{Post: &post.Post{PublishedAt: pub, UpdatedAt: upd}, Updated: upd}, upd},
		{"updated left out", Page{Post: &post.Post{PublishedAt: pub, UpdatedAt: later}}, pub},
		{"published only", Page{Post: &post.Post{PublishedAt: pub}}, pub},
		{"no date", Page{Post: &post.Post{}}, time.Time{}},
	}
	for _, tt := range tests {
		if got := tt.page.Modified(); !got.Equal(tt.want) {
			t.Errorf("%s: Modified() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// FuzzPlainURL checks the fast paths against the full ones: a URL plainURL
// accepts is what EncodeURL's parsing makes of it, and Under's shortcut
// gives what resolving gives.
func FuzzPlainURL(f *testing.F) {
	for _, s := range []string{"https://example.com/blog/", "http://a.b:8080/x/y.html", "https://xn--bcher-kva.example/", "https://a..b/", "https://-a.com/",
		"https://example.com/a b", "https://Example.com/", "https://example.com/./x", "https://example.com//x", "https://e.com:/", "https://e.com/%41"} {
		f.Add(s, "/about/")
		f.Add(s, "a/../b")
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, u, path string) {
		if plainURL(u) {
			p, err := url.Parse(u)
			if err != nil {
				t.Fatalf("plainURL(%q), but it does not parse: %v", u, err)
			}
			if a, err := idna.Lookup.ToASCII(p.Hostname()); err == nil && a != p.Hostname() {
				t.Fatalf("plainURL(%q), but IDNA makes its host %q", u, a)
			}
			if got := p.String(); got != u {
				t.Fatalf("plainURL(%q), but parsing gives %q", u, got)
			}
		}
		if !plainURL(u) || !strings.HasSuffix(u, "/") || !plainPath(path) {
			return
		}
		s := &Site{URL: u}
		full := Resolve(u, strings.TrimPrefix(path, "/"))
		if got := s.Under(path); got != full {
			t.Fatalf("Under(%q) on %q = %q, resolving gives %q", path, u, got, full)
		}
	})
}

func TestImageSizedFor(t *testing.T) {
	tests := []struct {
		w, h           int
		article, large bool
	}{
		{1200, 630, true, true},
		{300, 157, false, true},  // 47,100 pixels
		{250, 200, true, false},  // 50,000 pixels, too narrow for a large card
		{200, 113, false, false}, // a small hero's 16:9 crop
		{0, 0, true, true},       // not measured: never held against it
	}
	for _, tt := range tests {
		img := &Image{Width: tt.w, Height: tt.h}
		if got := img.ArticleSized(); got != tt.article {
			t.Errorf("%d×%d: ArticleSized %v, want %v", tt.w, tt.h, got, tt.article)
		}
		if got := img.LargeCardSized(); got != tt.large {
			t.Errorf("%d×%d: LargeCardSized %v, want %v", tt.w, tt.h, got, tt.large)
		}
	}
}
