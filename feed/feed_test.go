package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// checkWellFormed fails unless got is well-formed XML (encoding/xml is
// strict about characters and nesting) or valid JSON.
func checkWellFormed(t *testing.T, f format, got []byte) {
	t.Helper()
	if f.ext == "json" {
		if !json.Valid(got) {
			t.Errorf("%s: output is not valid JSON", f.name)
		}
		return
	}
	d := xml.NewDecoder(bytes.NewReader(got))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Errorf("%s: output is not well-formed XML: %v", f.name, err)
			return
		}
	}
}

func testGolden(t *testing.T, f format) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, f, tc.pages(), tc.opts(testOptions(f)))
			checkWellFormed(t, f, got)
			golden.Check(t, filepath.Join("testdata", f.golden, tc.name+".golden."+f.ext), got)
		})
	}
}

func TestRSS(t *testing.T)  { testGolden(t, formats[0]) }
func TestAtom(t *testing.T) { testGolden(t, formats[1]) }
func TestJSON(t *testing.T) { testGolden(t, formats[2]) }

// TestDeterministic checks rule 29: two runs over the same input give the
// same bytes. (That no date comes from the clock is checked by the
// round-trip tests: the feed's date is the newest item's modified time.)
func TestDeterministic(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			first := render(t, f, testPages(), testOptions(f))
			second := render(t, f, testPages(), testOptions(f))
			if !bytes.Equal(first, second) {
				t.Errorf("two runs differ:\n%s", cmp.Diff(string(first), string(second)))
			}
		})
	}
}

func TestOptionsValidate(t *testing.T) {
	good := testOptions(formats[0])
	tests := []struct {
		name string
		edit func(*Options)
		want []string // substrings of the error; none means valid
	}{
		{"good", func(*Options) {}, nil},
		{"summary", func(o *Options) { o.Content = ContentSummary }, nil},
		{"full", func(o *Options) { o.Content = ContentFull }, nil},
		{"no title", func(o *Options) { o.Title = " " }, []string{"feed: title is empty"}},
		{"no language", func(o *Options) { o.Language = "" }, []string{"feed: language is empty"}},
		{"relative home", func(o *Options) { o.HomeURL = "/blog/" }, []string{`feed: home URL: "/blog/" is not an absolute http(s) URL`}},
		{"no self", func(o *Options) { o.SelfURL = "" }, []string{"feed: self URL: is empty"}},
		{"bad self", func(o *Options) { o.SelfURL = "https://exa mple.com/%zz" }, []string{"feed: self URL:", "does not parse"}},
		{"negative limit", func(o *Options) { o.Limit = -1 }, []string{"feed: limit -1 is negative"}},
		{"bad content", func(o *Options) { o.Content = "excerpt" }, []string{`feed: content "excerpt": want "full" or "summary"`}},
		{"several", func(o *Options) { o.Title, o.Limit = "", -2 }, []string{"title is empty", "limit -2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := good
			tc.edit(&o)
			err := o.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want an error with %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
			// The writers refuse what Validate refuses, before writing.
			for _, f := range formats {
				var buf bytes.Buffer
				if err := f.write(&buf, testPages(), o); err == nil || buf.Len() > 0 {
					t.Errorf("%s: err = %v, wrote %d bytes; want an error and nothing written", f.name, err, buf.Len())
				}
			}
		})
	}
}

// errWriter fails every write.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		pages func() []*site.Page
		w     io.Writer
		want  string
	}{
		{"nil page", func() []*site.Page { return []*site.Page{testPages()[0], nil} }, io.Discard, "feed: page 1: is nil"},
		{"no post", func() []*site.Page { return []*site.Page{{URL: "https://example.com/x/"}} }, io.Discard,
			"feed: page 0: https://example.com/x/: has no post"},
		{"undated", func() []*site.Page {
			ps := testPages()
			ps[2].Post.PublishedAt = time.Time{}
			return ps
		}, io.Discard, "feed: page 2: https://example.com/blog/posts/plain/: has no published date"},
		{"relative URL", func() []*site.Page {
			ps := testPages()
			ps[1].URL = "/posts/tricky/"
			return ps
		}, io.Discard, `feed: page 1: URL: "/posts/tricky/" is not an absolute http(s) URL`},
		{"write fails", testPages, errWriter{}, "disk full"},
	}
	for _, tc := range tests {
		for _, f := range formats {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				err := f.write(tc.w, tc.pages(), testOptions(f))
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want one containing %q", err, tc.want)
				}
				if tc.name == "write fails" && !strings.Contains(err.Error(), "feed: writing "+f.name) {
					t.Errorf("err = %q, want it to say which feed it was writing", err)
				}
			})
		}
	}
}

// TestFeedWithoutDate checks that RSS and Atom refuse to write a feed that
// has no item and no Options.Updated, rather than date it 1970 (rule 11
// wants a lastBuildDate, rule 13 an updated); JSON Feed has no feed date
// and writes it.
func TestFeedWithoutDate(t *testing.T) {
	for _, f := range formats {
		for name, pages := range map[string][]*site.Page{"nil": nil, "empty": {}} {
			t.Run(f.name+"/"+name, func(t *testing.T) {
				var buf bytes.Buffer
				err := f.write(&buf, pages, testOptions(f))
				if f.name == "json" {
					if err != nil {
						t.Fatalf("json: %v", err)
					}
					return
				}
				want := "feed: " + f.self + ": no items and no Options.Updated: the feed has no date"
				if err == nil || err.Error() != want {
					t.Fatalf("err = %v, want %q\n%s", err, want, buf.Bytes())
				}
			})
		}
	}
}

// TestInvalidXMLCharacters checks that characters XML 1.0 cannot carry are
// dropped (not escaped: XML 1.0 has no way to write them), in every format
// alike, and the output stays well-formed.
func TestInvalidXMLCharacters(t *testing.T) {
	pages := testPages()[2:]
	p := pages[0].Post
	p.Title = "a\x00b\x0bc\uFFFEd\xffe\tf"
	p.Summary = "s\x1bu\uFFFFm"
	pages[0].HTML = "<p>x\x01y</p>"
	p.Tags = []string{"t\x02ag", "\x03"}
	pages[0].Authors = []site.Author{{Name: "N\x04ame"}}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			got := render(t, f, pages, testOptions(f))
			checkWellFormed(t, f, got)
			items := roundTrip(t, f, got)
			want := []item{{
				Title: "abcde\tf", Link: pages[0].URL, GUID: pages[0].URL,
				Published: p.PublishedAt, Updated: pages[0].Modified(),
				Authors: []string{"Name"}, Description: "sum", Content: "<p>xy</p>",
				Categories: []string{"tag"},
			}}
			if f.name == "rss" {
				want[0].Updated = time.Time{}
			}
			if d := cmp.Diff(want, items); d != "" {
				t.Errorf("items (-want +got):\n%s", d)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name string
		post post.Post
		want []string
	}{
		{"none", post.Post{}, nil},
		{"category only", post.Post{Category: "Go"}, []string{"Go"}},
		{"categories then tags", post.Post{Category: "Go", Categories: []string{"Go", "Web"}, Tags: []string{"rss", "atom"}},
			[]string{"Go", "Web", "rss", "atom"}},
		{"case-insensitive repeats", post.Post{Categories: []string{"Go"}, Tags: []string{"go", "GO", "Feeds", "feeds"}},
			[]string{"Go", "Feeds"}},
		{"blanks and spaces", post.Post{Categories: []string{" Web ", ""}, Tags: []string{"  ", "web"}}, []string{"Web"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, terms(&tc.post)); d != "" {
				t.Errorf("terms (-want +got):\n%s", d)
			}
		})
	}
}
