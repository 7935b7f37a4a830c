package jekyll

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// TestSlugify compares Slugify with Jekyll 4.3's Utils.slugify on the
// inputs of testdata/slugify.json, whose results ruby gave:
// ruby -rjekyll -e 'Jekyll::Utils.slugify(s, mode: m, cased: c)'.
func TestSlugify(t *testing.T) {
	data, err := os.ReadFile("testdata/slugify.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]any
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		in, mode, cased, want := r[0].(string), r[1].(string), r[2].(bool), r[3].(string)
		if got := Slugify(in, mode, cased); got != want {
			t.Errorf("Slugify(%q, %s, cased %v) = %q, Jekyll gives %q", in, mode, cased, got, want)
		}
	}
}

func TestExpand(t *testing.T) {
	// 2021-01-03 07:05:09 is a Sunday of ISO week 53 of 2020.
	date := time.Date(2021, 1, 3, 7, 5, 9, 0, time.UTC)
	post := &doc{collection: "posts", relPath: "Cats/_posts/2021-01-03-A_Post.v1.md", slug: "A_Post.v1",
		categories: []string{"Big Deal", "big deal", "C#"}, date: date, outputExt: ".html"}
	tests := []struct {
		pattern string
		d       *doc
		want    string
	}{
		{"/:year/:short_year/:month/:i_month/:short_month/:long_month/", post, "/2021/21/01/1/Jan/January/"},
		{"/:day/:i_day/:y_day/:w_year/:week/:w_day/:short_day/:long_day/", post, "/03/3/003/2020/53/7/Sun/Sunday/"},
		{"/:hour/:minute/:second/", post, "/07/05/09/"},
		{"/:title/:slug/:name:output_ext", post, "/A_Post.v1/a-post-v1/2021-01-03-a-post-v1.html"},
		{"/:categories/", post, "/big%20deal/c%23/"},
		{"/:slugified_categories/", post, "/big-deal/c/"},
		{"/:collection/:path/", post, "/posts/Cats/2021-01-03-A_Post.v1/"},
		// A name that ends in "_" is the placeholder, then "_".
		{"/:month_:day/:title_/", post, "/01_03/A_Post.v1_/"},
		// No categories: the empty segment goes, as Jekyll squeezes "//".
		{"/:categories/:title/", &doc{slug: "a", date: date}, "/a/"},
		// ".." becomes "/" and "./" goes, in the pattern and the values.
		{"/a..b/./:title/", &doc{slug: "x", date: date}, "/a/b/x/"},
		// A literal part with a space is encoded as a value is.
		{"/my posts/:title/", &doc{slug: "x", date: date}, "/my%20posts/x/"},
		{"/:title", &doc{slug: "café", date: date}, "/caf%C3%A9"},
		{"/:title", &doc{slug: "100%", date: date}, "/100"},
		{"/:categories", &doc{categories: []string{"100%"}, date: date}, "/100%25"},
		// A ":" not followed by a lower-case letter is no placeholder.
		{"/:Title/x:8080/", post, "/:Title/x:8080/"},
	}
	for _, tt := range tests {
		got, err := expand(tt.pattern, tt.d)
		if err != nil {
			t.Errorf("expand(%q): %v", tt.pattern, err)
			continue
		}
		if got != tt.want {
			t.Errorf("expand(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

func TestExpandUnknown(t *testing.T) {
	for _, pattern := range []string{"/:yaer/:title/", "/:title__/", "/:basename/"} {
		_, err := expand(pattern, &doc{})
		var u *UnknownPlaceholderError
		if !errors.As(err, &u) {
			t.Errorf("expand(%q): %v, want an unknown placeholder", pattern, err)
			continue
		}
		if !strings.Contains(err.Error(), ":"+u.Name) || CheckPattern(pattern) == nil {
			t.Errorf("expand(%q): %v", pattern, err)
		}
	}
}

func TestStyles(t *testing.T) {
	tests := []struct{ permalink, posts, collection string }{
		{"date", "/:categories/:year/:month/:day/:title:output_ext", "/:collection/:path:output_ext"},
		{"pretty", "/:categories/:year/:month/:day/:title/", "/:collection/:path/"},
		{"ordinal", "/:categories/:year/:y_day/:title:output_ext", "/:collection/:path:output_ext"},
		{"none", "/:categories/:title:output_ext", "/:collection/:path:output_ext"},
		{"weekdate", "/:categories/:year/W:week/:short_day/:title:output_ext", "/:collection/:path"},
		{"/blog/:title/", "/blog/:title/", "/:collection/:path/"},
		{"/blog/:title:output_ext", "/blog/:title:output_ext", "/:collection/:path:output_ext"},
		{"/blog/:title", "/blog/:title", "/:collection/:path"},
	}
	for _, tt := range tests {
		got := []string{styleTemplate(tt.permalink), collectionTemplate(tt.permalink)}
		if diff := cmp.Diff([]string{tt.posts, tt.collection}, got); diff != "" {
			t.Errorf("permalink %q (-want +got):\n%s", tt.permalink, diff)
		}
	}
}

func TestFileSlug(t *testing.T) {
	tests := map[string]string{
		"_posts/2024-05-07-release-v2.0.md": "release-v2.0",
		"_posts/2024-5-7-short.md":          "short",
		"_posts/2024-05-07-trailing...md":   "trailing",
		"_recipes/sub/Cake_v2.0.md":         "Cake_v2.0",
		"_recipes/2024-02-03-dated.md":      "dated",
		"_recipes/noext":                    "noext",
	}
	for in, want := range tests {
		if got := fileSlug(in); got != want {
			t.Errorf("fileSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzExpand: any pattern either expands to a path that starts with "/",
// has no "//" and is valid UTF-8 when the pattern is, or is refused for
// an unknown placeholder that CheckPattern also refuses.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{"/:year/:month/:day/:title:output_ext", "/:categories/:title/", "/a..b/./:slug", "/:month_:day/", "/:yaer/", "", "//", "/%zz/:name"} {
		f.Add(s, "A_Post.v1", "Big Deal")
	}
	f.Fuzz(func(t *testing.T, pattern, slug, category string) {
		d := &doc{collection: "posts", relPath: "_posts/2021-01-03-" + slug + ".md", slug: slug,
			categories: []string{category}, date: time.Date(2021, 1, 3, 7, 5, 9, 0, time.UTC), outputExt: ".html"}
		got, err := expand(pattern, d)
		if err != nil {
			if CheckPattern(pattern) == nil {
				t.Fatalf("expand(%q) failed (%v) where CheckPattern passes", pattern, err)
			}
			return
		}
		if !strings.HasPrefix(got, "/") || strings.Contains(got, "//") {
			t.Fatalf("expand(%q) = %q", pattern, got)
		}
		if utf8.ValidString(pattern) && utf8.ValidString(slug) && utf8.ValidString(category) && !utf8.ValidString(got) {
			t.Fatalf("expand(%q) = %q: not UTF-8", pattern, got)
		}
	})
}

// FuzzSlugify: a slug has no hyphen at either end (unless raw, which
// keeps the input's own hyphens), and is lower case unless cased.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"The _config.yml file", "café au lait", "--x--", "", "日本語"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, mode := range []string{"default", "pretty", "ascii"} {
			got := Slugify(s, mode, true)
			if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
				t.Fatalf("Slugify(%q, %s) = %q", s, mode, got)
			}
			if lower := Slugify(s, mode, false); lower != strings.ToLower(got) {
				t.Fatalf("Slugify(%q, %s, false) = %q, not the lower case of %q", s, mode, lower, got)
			}
		}
	})
}
