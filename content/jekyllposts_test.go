package content

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// jekyllGot is what TestJekyllPosts looks at in a parsed post.
type jekyllGot struct {
	Title     string
	Published string // RFC 3339, "" for none
	Draft     bool
}

// TestJekyllPosts checks what Jekyll takes from where a post is and its
// file name: a draft from the _drafts folder, a date and a title from the
// name, every problem reported with it.
func TestJekyllPosts(t *testing.T) {
	tests := []struct {
		name   string
		source string
		root   string         // ParseOptions.RootName; "" is "content"
		loc    *time.Location // nil is Malta
		jekyll bool           // ParseOptions.Jekyll: a Jekyll project's post
		front  string         // YAML front matter, each line ending in \n
		want   jekyllGot
		probs  []diag.Problem // Path is source
	}{
		{
			name: "a post in _drafts is a draft", source: "_drafts/a-draft.md",
			front: "title: A\n",
			want:  jekyllGot{Title: "A", Draft: true},
		},
		{
			name: "in _drafts below another folder", source: "blog/_drafts/a-draft.md",
			front: "title: A\n",
			want:  jekyllGot{Title: "A", Draft: true},
		},
		{
			name: "in a content dir named _drafts", source: "a-draft.md", root: "_drafts",
			front: "title: A\n",
			want:  jekyllGot{Title: "A", Draft: true},
		},
		{
			name: "draft: false in _drafts is ignored", source: "_drafts/a-draft.md",
			front: "title: A\ndraft: false\n",
			want:  jekyllGot{Title: "A", Draft: true},
			probs: []diag.Problem{{Line: 3, Field: "draft", Severity: diag.Warning,
				Message: "is ignored: a post in _drafts is a draft; move it to _posts to publish it"}},
		},
		{
			name: "published: true in _drafts is ignored", source: "_drafts/a-draft.md",
			front: "title: A\nPublished: true\n",
			want:  jekyllGot{Title: "A", Draft: true},
			probs: []diag.Problem{{Line: 3, Field: "Published", Severity: diag.Warning,
				Message: "is ignored: a post in _drafts is a draft; move it to _posts to publish it"}},
		},
		{
			name: "draft: true in _drafts", source: "_drafts/a-draft.md",
			front: "title: A\ndraft: true\n",
			want:  jekyllGot{Title: "A", Draft: true},
		},
		{
			name: "a post in _posts is published", source: "_posts/2024-05-07-a.md",
			front: "title: A\ndate: 2024-05-07\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "a folder named drafts is no Jekyll folder", source: "drafts/a.md",
			front: "title: A\n",
			want:  jekyllGot{Title: "A"},
		},
		{
			name: "the date from the file name", source: "_posts/2024-05-07-a.md",
			front: "title: A\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "the date field wins over the file name", source: "_posts/2024-05-07-a.md",
			front: "title: A\ndate: 2024-06-01 10:00:00 +0100\n",
			want:  jekyllGot{Title: "A", Published: "2024-06-01T10:00:00+01:00"},
		},
		{
			// A blank publishDate (first in the order) gives way to the
			// date that is given, not to the file name's.
			name: "a blank publishDate and a date", source: "_posts/2024-05-07-a.md",
			front: "title: A\npublishDate: \"\"\ndate: 2024-01-05\n",
			want:  jekyllGot{Title: "A", Published: "2024-01-05T00:00:00+01:00"},
		},
		{
			// Once, and not naming the blank date as the one that is given.
			name: "a blank date and a pubDate in an undated draft", source: "_drafts/a.md",
			front: "title: A\ndate: \"\"\npubDate: 2024-01-01\n",
			want:  jekyllGot{Title: "A", Published: "2024-01-01T00:00:00+01:00", Draft: true},
		},
		{
			// Jekyll's file names take one-digit months and days.
			name: "a file name date without zeros", source: "_posts/2024-5-8-single-digit.md",
			want: jekyllGot{Title: "Single Digit", Published: "2024-05-08T00:00:00+02:00"},
		},
		{
			name: "pubDate wins over the file name", source: "_posts/2024-05-07-a.md",
			front: "title: A\npubDate: 2024-06-01\n",
			want:  jekyllGot{Title: "A", Published: "2024-06-01T00:00:00+02:00"},
		},
		{
			// Jekyll's date: left blank is no date: the file name's is taken.
			name: "a blank date takes the file name's", source: "_posts/2024-05-07-a.md",
			front: "title: A\ndate:\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "published: false beside the file name's date", source: "_posts/2024-05-07-a.md",
			front: "title: A\npublished: false\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00", Draft: true},
		},
		{
			name: "in a content dir named _posts", source: "2024-05-07-a.md", root: "_posts",
			front: "title: A\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "a bundle in _posts", source: "_posts/2024-05-07-a/index.md",
			front: "title: A\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "a dated draft", source: "_drafts/2024-05-07-a.md",
			front: "title: A\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00", Draft: true},
		},
		{
			name: "no date from the file name outside a Jekyll folder", source: "posts/2024-05-07-a.md",
			front: "title: A\n",
			want:  jekyllGot{Title: "A"},
		},
		{
			name: "a file name without a date", source: "_posts/a.md",
			front: "title: A\n",
			want:  jekyllGot{Title: "A"},
		},
		{
			name: "an impossible date in the file name", source: "_posts/2024-13-45-a.md",
			front: "title: A\n",
			want:  jekyllGot{Title: "A"},
			probs: []diag.Problem{{Field: "date", Message: `missing, and the file name's date is wrong (invalid date "2024-13-45": month out of range): add date to the front matter or fix the file name`}},
		},
		{
			name: "an impossible date in the file name beside a date", source: "_posts/2024-13-45-a.md",
			front: "title: A\ndate: 2024-05-07\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "the title from the file name", source: "_posts/2024-05-07-my-first-post.md",
			front: "layout: post\n",
			want:  jekyllGot{Title: "My First Post", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "title: left blank", source: "_posts/2024-05-07-my-first-post.md",
			front: "title:\n",
			want:  jekyllGot{Title: "My First Post", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			// Jekyll keeps an empty text: no title, an error here.
			name: "title: an empty text", source: "_posts/2024-05-07-my-first-post.md",
			front: "title: ''\n",
			want:  jekyllGot{Published: "2024-05-07T00:00:00+02:00"},
			probs: []diag.Problem{{Line: 2, Field: "title", Message: "is empty: every post needs a title"}},
		},
		{
			name: "words capitalised as Ruby does", source: "_posts/2024-05-07-iOS-tips_and-TRICKS--élan-2.markdown",
			front: "layout: post\n",
			want:  jekyllGot{Title: "Ios Tips_and Tricks  Élan 2", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "trailing dots and hyphens dropped", source: "_posts/2024-05-07-hello-world-...md",
			front: "layout: post\n",
			want:  jekyllGot{Title: "Hello World", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "a draft's title", source: "_drafts/my-draft.md",
			front: "layout: post\n",
			want:  jekyllGot{Title: "My Draft", Draft: true},
		},
		{
			name: "the title in a content dir named _posts", source: "2024-05-07-my-post.md", root: "_posts",
			front: "layout: post\n",
			want:  jekyllGot{Title: "My Post", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "a bundle's title", source: "_posts/2024-05-07-my-post/index.md",
			front: "layout: post\n",
			want:  jekyllGot{Title: "My Post", Published: "2024-05-07T00:00:00+02:00"},
		},
		{
			name: "no title from the file name outside a Jekyll folder", source: "posts/2024-05-07-my-post.md",
			front: "layout: post\n",
			want:  jekyllGot{},
			probs: []diag.Problem{{Line: 1, Field: "title", Message: "missing: every post needs a title"}},
		},
		{
			name: "a file name that makes no title", source: "_posts/2024-05-07-.md",
			front: "layout: post\n",
			want:  jekyllGot{Published: "2024-05-07T00:00:00+02:00"},
			probs: []diag.Problem{
				{Field: "slug", Message: "cannot derive a slug from the file name (is empty): set slug in the front matter"},
				{Line: 1, Field: "title", Message: "missing: every post needs a title"},
			},
		},
		{
			// Chile moves its clocks from midnight to 01:00.
			name: "a file name's midnight the clocks skip", source: "_posts/2025-09-07-a.md", loc: mustLoadLocation("America/Santiago"),
			front: "title: A\n",
			want:  jekyllGot{Title: "A", Published: "2025-09-07T01:00:00-03:00"},
			probs: []diag.Problem{{Field: "date", Severity: diag.Warning,
				Message: "taken from the file name: 2025-09-07 00:00 does not exist in America/Santiago (the clocks skip it); taken as 01:00 -03"}},
		},
		{
			// Jekyll 4.3 publishes it: drafts are files in _drafts.
			name: "draft: true in a Jekyll project", source: "_posts/2024-05-07-a.md", jekyll: true,
			front: "title: A\ndraft: true\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00"},
			probs: []diag.Problem{{Line: 3, Field: "draft", Severity: diag.Warning,
				Message: "is not read by Jekyll, which publishes the post: move the file to _drafts, or set published: false, to hide it"}},
		},
		{
			name: "draft: true outside a Jekyll project", source: "_posts/2024-05-07-a.md",
			front: "title: A\ndraft: true\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00", Draft: true},
		},
		{
			name: "published: false in a Jekyll project", source: "_posts/2024-05-07-a.md", jekyll: true,
			front: "title: A\npublished: false\n",
			want:  jekyllGot{Title: "A", Published: "2024-05-07T00:00:00+02:00", Draft: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOpts()
			opts.RootName = tt.root
			opts.Jekyll = tt.jekyll
			if tt.loc != nil {
				opts.Location = tt.loc
			}
			if opts.RootName == "" {
				opts.RootName = "content"
			}
			p, ps := Parse(tt.source, []byte("---\n"+tt.front+"---\nBody text.\n"), opts)
			if p == nil {
				t.Fatalf("got no post; problems: %s", problemList(ps))
			}
			if diff := cmp.Diff(tt.want, jekyllGot{p.Title, rfc(p.PublishedAt), p.Draft}); diff != "" {
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

// TestJekyllDirCategories: the folders above a Jekyll posts folder are the
// post's first categories, as Jekyll makes them.
func TestJekyllDirCategories(t *testing.T) {
	tests := []struct {
		source, front string
		want          []string
	}{
		{"_posts/2024-01-01-a.md", "title: A\n", nil},
		{"blog/_posts/2024-01-01-a.md", "title: A\n", []string{"blog"}},
		{"blog/tech/_drafts/a.md", "title: A\ncategories: [Go, tech]\n", []string{"blog", "tech", "Go"}},
		{"posts/a.md", "title: A\n", nil},
	}
	for _, tt := range tests {
		p, ps := Parse(tt.source, []byte("---\n"+tt.front+"---\nx\n"), testOpts())
		if p == nil || diag.HasErrors(ps) {
			t.Fatalf("%s: %s", tt.source, problemList(ps))
		}
		if diff := cmp.Diff(tt.want, p.Categories); diff != "" {
			t.Errorf("%s: categories (-want +got):\n%s", tt.source, diff)
		}
	}
}

// TestJekyllProjectPermalink: in a Jekyll project generator/jekyll fills
// a post's permalink, so placeholders ExpandPermalink does not know are
// kept for it, not an error; elsewhere they still are.
func TestJekyllProjectPermalink(t *testing.T) {
	const front = "---\ntitle: A\npermalink: /:collection/:name/:w_year-:short_day/\n---\nx\n"
	opts := testOpts()
	opts.Jekyll = true
	p, ps := Parse("_posts/2024-05-07-a.md", []byte(front), opts)
	if p == nil || len(ps) > 0 {
		t.Fatalf("in a Jekyll project: problems %s", problemList(ps))
	}
	if want := "/:collection/:name/:w_year-:short_day/"; p.Permalink != want {
		t.Errorf("Permalink = %q, want %q", p.Permalink, want)
	}
	if _, ps := Parse("_posts/2024-05-07-a.md", []byte(front), testOpts()); !diag.HasErrors(ps) {
		t.Error("outside a Jekyll project: no error for :collection")
	}
}

// TestJekyllProjectDates: in a Jekyll project an unquoted date with a time
// and no offset is UTC, as Ruby's YAML reads it (jekyll 4.3's
// date_to_xmlschema shows 2024-05-08 02:00:00 as 04:00+02:00 in Malta);
// quoted, a day alone, or outside a Jekyll project it is in the site's zone.
func TestJekyllProjectDates(t *testing.T) {
	tests := []struct {
		date   string // the front matter's date line's value
		jekyll bool
		want   string
	}{
		{"2024-05-08 02:00:00", true, "2024-05-08T04:00:00+02:00"},
		{"2024-05-08T03:59:59.5", true, "2024-05-08T05:59:59+02:00"},
		{"2024-05-08 02:00:00", false, "2024-05-08T02:00:00+02:00"},
		{`"2024-05-08 02:00:00"`, true, "2024-05-08T02:00:00+02:00"},
		{"2024-05-08 02:00:00 +0900", true, "2024-05-08T02:00:00+09:00"},
		{"2024-05-08", true, "2024-05-08T00:00:00+02:00"},
	}
	for _, tt := range tests {
		opts := testOpts()
		opts.Jekyll = tt.jekyll
		p, ps := Parse("_posts/2024-05-08-a.md", []byte("---\ntitle: A\ndate: "+tt.date+"\n---\nx\n"), opts)
		if p == nil || len(ps) > 0 {
			t.Fatalf("date: %s: problems %s", tt.date, problemList(ps))
		}
		if got := rfc(p.PublishedAt); got != tt.want {
			t.Errorf("date: %s (Jekyll project %v) = %s, want %s", tt.date, tt.jekyll, got, tt.want)
		}
	}
}

// TestJekyllDefaults: a Jekyll project's front matter defaults are merged
// under the post's front matter, as Jekyll merges them; its own keys win,
// and permalink is generator/jekyll's.
func TestJekyllDefaults(t *testing.T) {
	opts := testOpts()
	opts.Jekyll = true
	opts.Defaults = func(source string) map[string]any {
		if source != "_posts/2024-05-07-a.md" {
			t.Errorf("defaults asked for %q", source)
		}
		return map[string]any{"author": "Def", "title": "Default title", "tags": []any{"x", 2}, "permalink": "/:name/"}
	}
	p, ps := Parse("_posts/2024-05-07-a.md", []byte("---\ntitle: Own\n---\nx\n"), opts)
	if p == nil || len(ps) > 0 {
		t.Fatalf("problems %s", problemList(ps))
	}
	got := []any{p.Title, p.Authors, p.Tags, p.Permalink}
	want := []any{"Own", []string{"Def"}, []string{"x", "2"}, ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("post (-want +got):\n%s", diff)
	}
}
