package sitemap

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRobots(t *testing.T) {
	const sm = "https://example.com/sitemap.xml"
	const news = "https://example.com/sitemap-news.xml"
	tests := []struct {
		name     string
		existing []byte // nil: no user file
		urls     []string
		want     string
	}{
		{
			name: "no user file",
			urls: []string{sm},
			want: "User-agent: *\nAllow: /\n\nSitemap: https://example.com/sitemap.xml\n",
		},
		{
			name: "no user file, two sitemaps, one repeated",
			urls: []string{sm, news, sm},
			want: "User-agent: *\nAllow: /\n\nSitemap: https://example.com/sitemap.xml\nSitemap: https://example.com/sitemap-news.xml\n",
		},
		{
			name: "no user file, no sitemap",
			want: "User-agent: *\nAllow: /\n",
		},
		{
			name:     "user file kept, line added",
			existing: []byte("# robots\nUser-agent: *\nDisallow: /private/\n"),
			urls:     []string{sm},
			want:     "# robots\nUser-agent: *\nDisallow: /private/\n\nSitemap: https://example.com/sitemap.xml\n",
		},
		{
			name:     "no final newline",
			existing: []byte("User-agent: *\nDisallow: /tmp/"),
			urls:     []string{sm},
			want:     "User-agent: *\nDisallow: /tmp/\n\nSitemap: https://example.com/sitemap.xml\n",
		},
		{
			name:     "identical line not duplicated",
			existing: []byte("User-agent: *\nAllow: /\n\nSitemap: https://example.com/sitemap.xml\n"),
			urls:     []string{sm},
			want:     "User-agent: *\nAllow: /\n\nSitemap: https://example.com/sitemap.xml\n",
		},
		{
			name:     "field case, spacing and comment ignored",
			existing: []byte("User-agent: *\nsitemap:https://example.com/sitemap.xml   # main\n"),
			urls:     []string{sm, news},
			want:     "User-agent: *\nsitemap:https://example.com/sitemap.xml   # main\nSitemap: https://example.com/sitemap-news.xml\n",
		},
		{
			name:     "other sitemap kept, ours added after it",
			existing: []byte("User-agent: *\nDisallow:\n\nSitemap: https://example.com/old.xml\n"),
			urls:     []string{sm},
			want:     "User-agent: *\nDisallow:\n\nSitemap: https://example.com/old.xml\nSitemap: https://example.com/sitemap.xml\n",
		},
		{
			name:     "crlf file",
			existing: []byte("User-agent: *\r\nDisallow: /private/\r\n"),
			urls:     []string{sm},
			want:     "User-agent: *\r\nDisallow: /private/\r\n\r\nSitemap: https://example.com/sitemap.xml\r\n",
		},
		{
			name:     "crlf file without final newline",
			existing: []byte("User-agent: *\r\nDisallow: /private/"),
			urls:     []string{sm},
			want:     "User-agent: *\r\nDisallow: /private/\r\n\r\nSitemap: https://example.com/sitemap.xml\r\n",
		},
		{
			name:     "crlf file already listing it",
			existing: []byte("User-agent: *\r\nSitemap: https://example.com/sitemap.xml\r\n"),
			urls:     []string{sm},
			want:     "User-agent: *\r\nSitemap: https://example.com/sitemap.xml\r\n",
		},
		{
			name:     "bom",
			existing: []byte("\uFEFFSitemap: https://example.com/sitemap.xml\n"),
			urls:     []string{sm},
			want:     "\uFEFFSitemap: https://example.com/sitemap.xml\n",
		},
		{
			name:     "ends with a blank line",
			existing: []byte("User-agent: *\nDisallow:\n\n"),
			urls:     []string{sm},
			want:     "User-agent: *\nDisallow:\n\nSitemap: https://example.com/sitemap.xml\n",
		},
		{
			name:     "empty user file",
			existing: []byte{},
			urls:     []string{sm},
			want:     "Sitemap: https://example.com/sitemap.xml\n",
		},
		{
			name:     "a different URL in a comment does not count",
			existing: []byte("User-agent: *\n# Sitemap: https://example.com/sitemap.xml\n"),
			urls:     []string{sm},
			want:     "User-agent: *\n# Sitemap: https://example.com/sitemap.xml\n\nSitemap: https://example.com/sitemap.xml\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := bytes.Clone(tt.existing) // nil stays nil
			got := Robots(in, tt.urls)
			if d := cmp.Diff(tt.want, string(got)); d != "" {
				t.Errorf("Robots (-want +got):\n%s", d)
			}
			if string(in) != string(tt.existing) {
				t.Error("Robots changed its input")
			}
		})
	}
}
