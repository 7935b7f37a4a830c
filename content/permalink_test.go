package content

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// TestOwnPath checks how a post's own path, Hugo's url (a literal path) or
// Jekyll's permalink (a pattern), becomes a pattern for ExpandPermalink.
func TestOwnPath(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		jekyll bool
		want   string
		err    string
	}{
		{name: "Hugo: a path", in: "/custom/path/", want: "/custom/path/"},
		{name: "Hugo: a trailing slash added", in: "/articles/my-first-article", want: "/articles/my-first-article/"},
		{name: "Hugo: a file name kept", in: "/articles/my-first-article.html", want: "/articles/my-first-article.html"},
		{name: "Hugo: no leading slash", in: "about", want: "/about/"},
		{name: "Hugo: the root", in: "/", want: "/"},
		{name: "Hugo: placeholders are text", in: "/:year/{slug}/", want: "/:year/%7Bslug%7D/"},
		{name: "Hugo: non-ASCII percent-encoded", in: "/café/a b/", want: "/caf%C3%A9/a%20b/"},
		{name: "Hugo: escapes kept", in: "/caf%C3%A9/", want: "/caf%C3%A9/"},
		{name: "Jekyll: placeholders", in: "/blog/:year/:month/:day/:title.html", jekyll: true, want: "/blog/{year}/{month}/{day}/{title}.html"},
		{name: "Jekyll: every placeholder", jekyll: true,
			in:   "/:categories/:year/:short_year/:month/:i_month/:day/:i_day/:hour/:minute/:second/:slug/:title",
			want: "/{categories}/{year}/{short_year}/{month}/{i_month}/{day}/{i_day}/{hour}/{minute}/{second}/{slug}/{title}"},
		{name: "Jekyll: a literal path", in: "/about/", jekyll: true, want: "/about/"},
		{name: "Jekyll: two slashes are the root", in: "//", jekyll: true, want: "/"},
		{name: "Jekyll: no trailing slash added", in: "/about", jekyll: true, want: "/about"},
		{name: "Jekyll: no leading slash", in: ":year/:title/", jekyll: true, want: "/{year}/{title}/"},
		{name: "Jekyll: an underscore after a placeholder", in: "/:year_:title/", jekyll: true, want: "/{year}_{title}/"},
		{name: "Jekyll: capitals are no placeholder", in: "/:Title/", jekyll: true, want: "/:Title/"},
		{name: "Jekyll: braces are text", in: "/{slug}/:title/", jekyll: true, want: "/%7Bslug%7D/{title}/"},
		{name: "Jekyll: an escaped colon is text", in: "/a%3Atitle/", jekyll: true, want: "/a%3Atitle/"},
		{name: "Jekyll: an unknown placeholder", in: "/:year/:name/", jekyll: true,
			err: "has the unknown placeholder :name (seopipe knows :categories, :day, :hour, :i_day, :i_month, :long_month, :minute, :month, :output_ext, :second, :short_month, :short_year, :slug, :slugified_categories, :title, :week, :y_day, :year)"},
		{name: "Jekyll: two underscores", in: "/:title__/", jekyll: true, err: "has the unknown placeholder :title__ "},
		{name: "a full URL", in: "https://example.com/a/", err: "is a URL: give the path under site.url, such as /blog/my-post/ (a full URL belongs in canonical)"},
		{name: "a protocol-relative URL", in: "//example.com/a/", jekyll: true, err: "is a URL: give the path under site.url, such as /blog/my-post/ (a full URL belongs in canonical)"},
		{name: "another scheme", in: "mailto:a@example.com", err: "is a URL: give the path under site.url, such as /blog/my-post/ (a full URL belongs in canonical)"},
		{name: "a query", in: "/a/?page=2", err: "must be a path, without ? or #"},
		{name: "a fragment", in: "/a/#top", jekyll: true, err: "must be a path, without ? or #"},
		{name: "dot-dot", in: "/a/../b/", err: `must not have "." or ".." segments`},
		{name: "dot", in: "./a/", jekyll: true, err: `must not have "." or ".." segments`},
		{name: "a bad escape", in: "/a%zz/", err: `is not a URL path: invalid URL escape "%zz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ownPath(tt.in, tt.jekyll)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if tt.err != "" && len(gotErr) >= len(tt.err) && gotErr[:len(tt.err)] == tt.err {
				gotErr = tt.err // a prefix is enough
			}
			if diff := cmp.Diff([]string{tt.want, tt.err}, []string{got, gotErr}); diff != "" {
				t.Errorf("ownPath(%q, %v): [pattern, error] (-want +got):\n%s", tt.in, tt.jekyll, diff)
			}
		})
	}
}

// TestReadPermalink checks which key gives a post its own path, and what
// is wrong with one: reported on its line, the post failing.
func TestReadPermalink(t *testing.T) {
	type got struct {
		Permalink string
		Field     string
		Line      int
		Params    map[string]any
	}
	tests := []struct {
		name   string
		source string
		front  string // YAML after the title line: its first line is line 3
		want   got
		probs  []diag.Problem // Path is source
	}{
		{
			name: "Hugo's url", source: "posts/a.md",
			front: "url: /custom/path/\n",
			want:  got{Permalink: "/custom/path/", Field: "url", Line: 3},
		},
		{
			name: "URL in capitals", source: "posts/a.md",
			front: "URL: /custom/path\n",
			want:  got{Permalink: "/custom/path/", Field: "url", Line: 3},
		},
		{
			name: "Jekyll's permalink", source: "_posts/2024-05-07-a.md",
			front: "permalink: /blog/:year/:month/:day/:title.html\n",
			want:  got{Permalink: "/blog/{year}/{month}/{day}/{title}.html", Field: "permalink", Line: 3},
		},
		{
			// Jekyll pages outside _posts have permalinks too.
			name: "a permalink outside a Jekyll folder", source: "about.md",
			front: "permalink: /about/\n",
			want:  got{Permalink: "/about/", Field: "permalink", Line: 3},
		},
		{
			// Jekyll does not read url: a theme's, kept for the templates.
			name: "url in a Jekyll folder is a param", source: "_posts/2024-05-07-a.md",
			front: "url: https://example.org/elsewhere\n",
			want:  got{Params: map[string]any{"url": "https://example.org/elsewhere"}},
		},
		{
			name: "the permalink beside a url", source: "about.md",
			front: "url: https://example.org/elsewhere\npermalink: /about/\n",
			want:  got{Permalink: "/about/", Field: "permalink", Line: 4, Params: map[string]any{"url": "https://example.org/elsewhere"}},
		},
		{
			name: "a blank url", source: "posts/a.md",
			front: "url: ' '\n",
		},
		{
			name: "a full URL", source: "posts/a.md",
			front: "url: https://example.org/a/\n",
			probs: []diag.Problem{{Line: 3, Field: "url",
				Message: `"https://example.org/a/" is a URL: give the path under site.url, such as /blog/my-post/ (a full URL belongs in canonical)`}},
		},
		{
			name: "an unknown placeholder", source: "_posts/2024-05-07-a.md",
			front: "Permalink: /:year/:name/\n",
			probs: []diag.Problem{{Line: 3, Field: "Permalink",
				Message: `"/:year/:name/" has the unknown placeholder :name (seopipe knows :categories, :day, :hour, :i_day, :i_month, :long_month, :minute, :month, :output_ext, :second, :short_month, :short_year, :slug, :slugified_categories, :title, :week, :y_day, :year)`}},
		},
		{
			name: "not text", source: "posts/a.md",
			front: "url: [/a/, /b/]\n",
			probs: []diag.Problem{{Line: 3, Field: "url", Message: "must be a path such as /blog/my-post/, got a list of 2 items"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse(tt.source, []byte("---\ntitle: T\n"+tt.front+"---\nBody text.\n"), testOpts())
			if p == nil {
				t.Fatalf("got no post; problems: %s", problemList(ps))
			}
			field, line := p.PermalinkField()
			if diff := cmp.Diff(tt.want, got{p.Permalink, field, line, p.Params}); diff != "" {
				t.Errorf("post (-want +got):\n%s", diff)
			}
			for i := range tt.probs {
				tt.probs[i].Path = tt.source
			}
			if diff := cmp.Diff(tt.probs, ps); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPermalinkTimeZone: the date placeholders, Jekyll's and
// site.permalink's alike, are filled with the published date in the
// site's time zone, whatever offset it was written with, as Jekyll fills
// them: near midnight the day moves forward or back.
func TestPermalinkTimeZone(t *testing.T) {
	newYork := mustLoadLocation("America/New_York")
	at := func(s string) time.Time {
		d, err := time.Parse("2006-01-02 15:04:05 -0700", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	// jekyll is a Jekyll permalink through ownPath; site is
	// site.permalink's form.
	const jekyll, site = "/:year/:month/:day/:hour:minute/:title/", "/{year}/{month}/{day}/{slug}/"
	tests := []struct {
		name       string
		date       string
		loc        *time.Location
		jekyll     string
		sitePath   string
		otherDates string // Jekyll's other date placeholders
	}{
		{"written behind UTC, the next day in UTC", "2024-05-07 23:30:00 -0800", time.UTC,
			"/2024/05/08/0730/post/", "/2024/05/08/post/", "24/5/8/May/May/129/19/00"},
		{"written ahead of UTC, the day before in UTC", "2024-05-08 00:30:00 +0200", time.UTC,
			"/2024/05/07/2230/post/", "/2024/05/07/post/", "24/5/7/May/May/128/19/00"},
		{"written in UTC, the next day in Malta", "2024-05-07 23:30:00 +0000", malta,
			"/2024/05/08/0130/post/", "/2024/05/08/post/", "24/5/8/May/May/129/19/00"},
		{"written in UTC, the day before in New York", "2024-05-08 00:30:00 +0000", newYork,
			"/2024/05/07/2030/post/", "/2024/05/07/post/", "24/5/7/May/May/128/19/00"},
		{"the next year, its first week", "2024-12-31 23:30:00 -0800", time.UTC,
			"/2025/01/01/0730/post/", "/2025/01/01/post/", "25/1/1/Jan/January/001/01/00"},
		{"written in the site's offset: as written", "2024-05-07 23:30:00 +0200", malta,
			"/2024/05/07/2330/post/", "/2024/05/07/post/", "24/5/7/May/May/128/19/00"},
		{"no zone given is UTC", "2024-05-07 23:30:00 -0800", nil,
			"/2024/05/08/0730/post/", "/2024/05/08/post/", "24/5/8/May/May/129/19/00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &post.Post{Source: "_posts/2024-05-07-post.md", Slug: "post", PublishedAt: at(tt.date)}
			pattern, err := ownPath(jekyll, true)
			if err != nil {
				t.Fatal(err)
			}
			others, err := ownPath(":short_year/:i_month/:i_day/:short_month/:long_month/:y_day/:week/:second", true)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, pat := range []string{pattern, site, others} {
				s, err := ExpandPermalink(pat, p, tt.loc)
				if err != nil {
					t.Fatalf("ExpandPermalink(%q): %v", pat, err)
				}
				got = append(got, s)
			}
			want := []string{tt.jekyll, tt.sitePath, "/" + tt.otherDates}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("Jekyll's, site.permalink's, the other placeholders (-want +got):\n%s", d)
			}
			if s := p.PublishedAt.Format(time.RFC3339); s != at(tt.date).Format(time.RFC3339) {
				t.Errorf("the post's date became %s", s)
			}
		})
	}
}
