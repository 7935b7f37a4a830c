package site

import (
	"testing"

	"github.com/seopipe/seopipe/content"
)

func TestEncodeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/a b/ç.jpg", "https://example.com/a%20b/%C3%A7.jpg"},
		{"https://example.com/a%20b?x=1&y=é", "https://example.com/a%20b?x=1&y=%C3%A9"},
		{"https://bücher.example/x", "https://xn--bcher-kva.example/x"},
		{"https://example.com:8443/x#frag ment", "https://example.com:8443/x#frag%20ment"},
		{"https://example.com/already/ok/", "https://example.com/already/ok/"},
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
	for in, want := range map[string]string{"en": "en_US", "pt-BR": "pt_BR", "fr": "fr_FR", "ja": "ja_JP", "mt": "mt_MT", "zh-TW": "zh_TW", "es-419": "es_419"} {
		if got := Locale(in); got != want {
			t.Errorf("Locale(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDescriptionFallsBack(t *testing.T) {
	tests := []struct {
		post content.Post
		want string
	}{
		{content.Post{Title: "T", Summary: "S", MetaDescription: "M"}, "M"},
		{content.Post{Title: "T", Summary: "S"}, "S"},
		{content.Post{Title: "T"}, "T"}, // a body of images only
	}
	for _, tt := range tests {
		p := &Page{Post: &tt.post}
		if got := p.Description(); got != tt.want {
			t.Errorf("Description() = %q, want %q", got, tt.want)
		}
	}
}
