package site

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// keyPost is a post as AssignKeys sees it: a source, a slug (on line, when
// not 0) and a date ("" for none; RFC 3339 or YYYY-MM-DD, in UTC).
func keyPost(t *testing.T, source, slug string, line int, date string) *post.Post {
	t.Helper()
	p := &post.Post{Source: source, Slug: slug, Lines: post.Lines{}}
	if line > 0 {
		p.Lines["slug"] = line
	}
	if date != "" {
		layout := time.RFC3339
		if len(date) == len(time.DateOnly) {
			layout = time.DateOnly
		}
		d, err := time.Parse(layout, date)
		if err != nil {
			t.Fatal(err)
		}
		p.PublishedAt = d
	}
	return p
}

func TestAssignKeys(t *testing.T) {
	type keyed struct {
		source, slug string
		line         int
		date         string
	}
	// The hashes are the first eight hex digits of the SHA-256 of each
	// source path: written out, as a change to them renames files.
	tests := []struct {
		name  string
		posts []keyed
		want  map[string]string // source -> key
		probs []diag.Problem
	}{
		{
			name:  "distinct slugs keep them",
			posts: []keyed{{"a.md", "hello", 2, "2024-01-01"}, {"b.md", "Other", 0, ""}},
			want:  map[string]string{"a.md": "hello", "b.md": "Other"},
		},
		{
			name: "Jekyll's dated posts of one slug",
			posts: []keyed{
				{"_posts/2019-12-31-year-in-review.md", "year-in-review", 0, "2019-12-31"},
				{"_posts/2020-12-31-year-in-review.md", "year-in-review", 0, "2020-12-31"},
				{"_posts/2020-01-05-hello.md", "hello", 0, "2020-01-05"},
			},
			want: map[string]string{
				"_posts/2019-12-31-year-in-review.md": "year-in-review-2019-12-31",
				"_posts/2020-12-31-year-in-review.md": "year-in-review-2020-12-31",
				"_posts/2020-01-05-hello.md":          "hello",
			},
		},
		{
			name:  "slugs that differ only in case, each keeping its case",
			posts: []keyed{{"a.md", "Go", 2, "2024-01-01"}, {"b.md", "go", 3, "2024-02-01"}},
			want:  map[string]string{"a.md": "Go-2024-01-01", "b.md": "go-2024-02-01"},
		},
		{
			name: "the date in site.timezone (here UTC), as the permalink's",
			posts: []keyed{
				{"a.md", "x", 0, "2024-01-01T00:30:00+02:00"}, // 2023-12-31 in UTC
				{"b.md", "x", 0, "2024-01-01"},
			},
			want: map[string]string{"a.md": "x-2023-12-31", "b.md": "x-2024-01-01"},
		},
		{
			name: "undated, or sharing a date: the source's hash",
			posts: []keyed{
				{"posts/a/index.md", "a", 0, "2024-03-01T09:00:00Z"},
				{"notes/a/index.md", "a", 0, "2024-03-01T18:00:00Z"},
				{"c.md", "a", 0, "2024-04-01"},
				{"d.md", "a", 0, ""},
			},
			want: map[string]string{"posts/a/index.md": "a-ad0203ef", "notes/a/index.md": "a-10a6c7c2", "c.md": "a-2024-04-01", "d.md": "a-70df5b0b"},
		},
		{
			name: "a slug wins over the made-up key it is",
			posts: []keyed{
				{"a.md", "x", 0, "2024-01-01"},
				{"c.md", "x", 0, "2024-02-01"},
				{"z.md", "X-2024-01-01", 0, "2025-01-01"},
			},
			want: map[string]string{"a.md": "x-fecccc97", "c.md": "x-2024-02-01", "z.md": "X-2024-01-01"},
		},
		{
			name: "every form taken",
			posts: []keyed{
				{"c.md", "x", 4, "2024-01-01"},
				{"d.md", "x", 0, "2024-02-01"},
				{"e.md", "x-2024-01-01", 3, ""},
				{"f.md", "x-c285dde6", 0, ""},
			},
			want: map[string]string{"c.md": "", "d.md": "x-2024-02-01", "e.md": "x-2024-01-01", "f.md": "x-c285dde6"},
			probs: []diag.Problem{{Path: "c.md", Line: 4, Field: "slug", Other: diag.Loc{Path: "e.md", Line: 3},
				Message: `"x" is the slug of another post too, and the names this post's files would take instead (x-2024-01-01, x-c285dde6) are taken: give it another slug; x-2024-01-01 is used by`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var posts []*post.Post
			for _, p := range tt.posts {
				posts = append(posts, keyPost(t, p.source, p.slug, p.line, p.date))
			}
			keys, probs := AssignKeys(posts, time.UTC)
			got := map[string]string{}
			for i, p := range posts {
				got[p.Source] = keys[i]
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("keys (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.probs, probs); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			// The keys do not depend on the order of the posts.
			shuffled := slices.Clone(posts)
			rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			keys, _ = AssignKeys(shuffled, time.UTC)
			again := map[string]string{}
			for i, p := range shuffled {
				again[p.Source] = keys[i]
			}
			if d := cmp.Diff(got, again); d != "" {
				t.Errorf("keys in another order (-first +shuffled):\n%s", d)
			}
		})
	}
}

// TestAssignKeysThirdPost: a third post of a slug renames neither of the
// two before it, when its date is its own.
func TestAssignKeysThirdPost(t *testing.T) {
	a := keyPost(t, "_posts/2019-12-31-year-in-review.md", "year-in-review", 0, "2019-12-31")
	b := keyPost(t, "_posts/2020-12-31-year-in-review.md", "year-in-review", 0, "2020-12-31")
	c := keyPost(t, "_posts/2021-12-31-year-in-review.md", "year-in-review", 0, "2021-12-31")
	before, _ := AssignKeys([]*post.Post{a, b}, time.UTC)
	after, _ := AssignKeys([]*post.Post{a, b, c}, time.UTC)
	if d := cmp.Diff(before, after[:2]); d != "" {
		t.Errorf("a third post renamed the others (-two +three):\n%s", d)
	}
	if after[2] != "year-in-review-2021-12-31" {
		t.Errorf("the third post's key is %q, want year-in-review-2021-12-31", after[2])
	}
}

// TestAssignKeysTimeZone: a key's date is the day in site.timezone, the
// day ExpandPermalink gives the post's {year}/{month}/{day}.
func TestAssignKeysTimeZone(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	a := keyPost(t, "a.md", "x", 0, "2024-05-08T01:30:00Z") // 7 May, 18:30 in Los Angeles
	b := keyPost(t, "b.md", "x", 0, "2024-06-01T12:00:00Z")
	keys, _ := AssignKeys([]*post.Post{a, b}, la)
	path, err := content.ExpandPermalink("/{year}/{month}/{day}/{slug}/", a, la)
	if err != nil {
		t.Fatal(err)
	}
	if keys[0] != "x-2024-05-07" || path != "/2024/05/07/x/" {
		t.Errorf("key %q and path %q, want x-2024-05-07 and /2024/05/07/x/", keys[0], path)
	}
}
