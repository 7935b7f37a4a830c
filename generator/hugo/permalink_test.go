package hugo

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var permalinkPage1 = permalinkPage{
	date:     time.Date(2024, 3, 5, 23, 30, 0, 0, time.FixedZone("", -5*3600)),
	title:    "Hello World",
	filename: "code_syntax",
	section:  "docs",
	sections: []string{"docs", "a", "b"},
}

// permalinkTests expand patterns for permalinkPage1; old is Hugo 0.111.
// The errors are Hugo's: 0.111 says "permalink ill-formed" for
// :contentbasename, both refuse a token they do not know.
var permalinkTests = []struct {
	pattern string
	old     bool
	want    string // "error" when the pattern is refused
}{
	{"/:year/:month/:monthname/:day/:weekday/:weekdayname/:yearday/", false, "/2024/03/March/05/2/Tuesday/65/"},
	{"/:section/:sections/:title/:slug/:filename/", false, "/docs/docs/a/b/hello-world/hello-world/code_syntax/"},
	{"/:sections[1:]/:sections[last]/:sections[0]/:sections[:1]/:sections[9]/", false, "/a/b/b/docs/docs//"},
	{"/:slugorfilename/:contentbasename/:slugorcontentbasename/", false, "/code_syntax/code_syntax/code_syntax/"},
	{"/:contentbasename/", true, "error"},
	{"/:slugorcontentbasename/", true, "error"},
	{"/:nosuch/", false, "error"},
	{"/:2006/:Jan/", false, "/2024/Mar/"}, // a Go time layout
	{`/a\:b/:year/`, false, "/a:b/2024/"},
	{`/a\:b/`, true, "error"}, // 0.111 has no escape: :b is an unknown token
	{"no/tokens", false, "no/tokens"},
}

func TestPermalink(t *testing.T) {
	for _, tt := range permalinkTests {
		p, err := parsePermalink(tt.pattern, tt.old)
		if tt.want == "error" {
			if err == nil {
				t.Errorf("parsePermalink(%q, old %v): no error", tt.pattern, tt.old)
			}
			continue
		}
		if err != nil {
			t.Errorf("parsePermalink(%q, old %v): %v", tt.pattern, tt.old, err)
			continue
		}
		if got := p.expand(permalinkPage1, pathRules{}); got != tt.want {
			t.Errorf("expand(%q, old %v) = %q, want %q", tt.pattern, tt.old, got, tt.want)
		}
	}
}

func TestSliceSections(t *testing.T) {
	tests := []struct {
		cut  string
		s    []string
		old  bool
		want []string
	}{
		{"[last]", []string{"docs", "a"}, false, []string{"a"}},
		{"[last]", []string{"docs", "a"}, true, []string{"a"}},
		{"[last]", []string{"docs"}, false, []string{"docs"}},
		{"[last]", []string{"docs"}, true, nil}, // observed with hugo 0.111
		{"[:last]", []string{"docs"}, false, []string{}},
		{"[:last]", []string{"docs"}, true, []string{"docs"}},
		{"[last:]", []string{"docs"}, false, []string{"docs"}},
		{"[last:]", []string{"docs"}, true, []string{}},
		{"[1:]", []string{"docs"}, false, nil},
		{"[0]", nil, false, nil},
		{"bad", []string{"docs"}, false, nil},
	}
	for _, tt := range tests {
		got := sliceSections(tt.cut, tt.s, tt.old)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("sliceSections(%q, %q, old %v) (-want +got):\n%s", tt.cut, tt.s, tt.old, diff)
		}
	}
}

func TestSlugFallback(t *testing.T) {
	p, _ := parsePermalink("/:slug/:slugorfilename/", false)
	pg := permalinkPage1
	if got, want := p.expand(pg, pathRules{}), "/hello-world/code_syntax/"; got != want {
		t.Errorf("without a slug: %q, want %q (title, then file name)", got, want)
	}
	pg.slug = "My_Slug.Here"
	if got, want := p.expand(pg, pathRules{}), "/my_slug.here/my_slug.here/"; got != want {
		t.Errorf("with a slug: %q, want %q", got, want)
	}
}

func TestReadPermalinks(t *testing.T) {
	m := map[string]any{
		"posts": "/p/:slug/",
		"/":     "/root/:slug/",
		"page":  map[string]any{"blog": "/b/:title/"},
		"term":  map[string]any{"tags": "/t/:slug/"},
	}
	c, err := readPermalinks(m, false)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for k, v := range c {
		got[k] = v.raw
	}
	want := map[string]string{"posts": "/p/:slug/", "": "/root/:slug/", "blog": "/b/:title/"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("readPermalinks (-want +got):\n%s", diff)
	}
	if _, err := readPermalinks(map[string]any{"posts": 3}, false); err == nil {
		t.Error("a pattern that is a number: no error")
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		glob, s string
		want    bool
	}{
		{"/notes/hidden/**", "/notes/hidden/a", true},
		{"/notes/hidden/**", "/notes/b", false},
		{"/notes/*", "/notes/b", true},
		{"/notes/*", "/notes/x/b", false},
		{"/{blog,news}/**", "/news/x", true},
		{"/{blog,news}/**", "/docs/x", false},
		{"fr", "fr", true},
		{"f?", "fr", true},
		{"**", "/anything/at/all", true},
	}
	for _, tt := range tests {
		if got := globMatch(tt.glob, tt.s); got != tt.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tt.glob, tt.s, got, tt.want)
		}
	}
}

func FuzzPermalink(f *testing.F) {
	for _, tt := range permalinkTests {
		f.Add(tt.pattern, tt.old, "Title", "slug")
	}
	f.Fuzz(func(t *testing.T, pattern string, old bool, title, slug string) {
		p, err := parsePermalink(pattern, old)
		if err != nil {
			if !strings.Contains(err.Error(), "unknown token") {
				t.Fatalf("error %q does not name the token", err)
			}
			return
		}
		pg := permalinkPage1
		pg.title, pg.slug = title, slug
		_ = escapePath(pathRules{}.sanitize(p.expand(pg, pathRules{})))
	})
}
