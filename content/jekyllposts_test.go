package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// jekyllGot is what TestJekyllPosts looks at in a parsed post.
type jekyllGot struct {
	Title     string
	Published string // RFC 3339, "" for none
	Draft     bool
}

// TestJekyllPosts checks what Jekyll takes from where a post is: a draft
// from the _drafts folder, every problem reported with it.
func TestJekyllPosts(t *testing.T) {
	tests := []struct {
		name   string
		source string
		root   string // ParseOptions.RootName; "" is "content"
		front  string // YAML front matter, each line ending in \n
		want   jekyllGot
		probs  []Problem // Path is source
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
			probs: []Problem{{Line: 3, Field: "draft", Severity: Warning,
				Message: "is ignored: a post in _drafts is a draft; move it to _posts to publish it"}},
		},
		{
			name: "published: true in _drafts is ignored", source: "_drafts/a-draft.md",
			front: "title: A\nPublished: true\n",
			want:  jekyllGot{Title: "A", Draft: true},
			probs: []Problem{{Line: 3, Field: "Published", Severity: Warning,
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOpts()
			opts.RootName = tt.root
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
