package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/post"
)

// TestFieldsJekyllLists checks Jekyll's rule for its plural keys: a single
// text under categories or tags is a list of space-separated names. The
// singular key and list items keep their spaces.
func TestFieldsJekyllLists(t *testing.T) {
	categories := func(p *post.Post) any { return []any{p.Category, p.Categories} }
	tags := func(p *post.Post) any { return p.Tags }
	const jekyll = "_posts/2015-11-12-welcome.markdown"
	runFieldCases(t, []fieldCase{
		{
			// Hugo's reading outside a Jekyll posts folder: one name.
			name: "categories text outside _posts is one name",
			yaml: "categories: Developer Tools", toml: `categories = "Developer Tools"`, json: `"categories": "Developer Tools"`,
			get: categories, want: []any{"Developer Tools", []string{"Developer Tools"}},
		},
		{
			name: "tags text outside _posts is one name",
			yaml: "tags: machine learning", toml: `tags = "machine learning"`, json: `"tags": "machine learning"`,
			get: tags, want: []string{"machine learning"},
		},
		{
			name: "tags text in _drafts is space-separated",
			yaml: "tags: one two", toml: `tags = "one two"`, json: `"tags": "one two"`,
			get: tags, want: []string{"one", "two"}, source: "blog/_drafts/a.md",
		},
		{
			name: "categories text is space-separated",
			yaml: "categories: jekyll update", toml: `categories = "jekyll update"`, json: `"categories": "jekyll update"`,
			line: "category", get: categories, source: jekyll, want: []any{"jekyll", []string{"jekyll", "update"}},
		},
		{
			name: "categories text with runs of spaces",
			yaml: "categories: \"  jekyll \\t update \"", toml: `categories = "  jekyll \t update "`, json: `"categories": "  jekyll \t update "`,
			get: categories, source: jekyll, want: []any{"jekyll", []string{"jekyll", "update"}},
		},
		{
			name: "Categories key in capitals",
			yaml: "Categories: jekyll update", toml: `Categories = "jekyll update"`, json: `"Categories": "jekyll update"`,
			get: categories, source: jekyll, want: []any{"jekyll", []string{"jekyll", "update"}},
		},
		{
			name: "categories text with a comma is comma-separated",
			yaml: "categories: Machine Learning, Go", toml: `categories = "Machine Learning, Go"`, json: `"categories": "Machine Learning, Go"`,
			get: categories, source: jekyll, want: []any{"Machine Learning", []string{"Machine Learning", "Go"}},
		},
		{
			name: "categories list items keep their spaces",
			yaml: "categories:\n  - Machine Learning\n  - Go", toml: `categories = ["Machine Learning", "Go"]`, json: `"categories": ["Machine Learning", "Go"]`,
			get: categories, source: jekyll, want: []any{"Machine Learning", []string{"Machine Learning", "Go"}},
		},
		{
			name: "category text is one name",
			yaml: "category: jekyll update", toml: `category = "jekyll update"`, json: `"category": "jekyll update"`,
			get: categories, source: jekyll, want: []any{"jekyll update", []string{"jekyll update"}},
		},
		{
			name: "category wins over categories",
			yaml: "categories: a b\ncategory: Web Dev", toml: "categories = \"a b\"\ncategory = \"Web Dev\"", json: "\"categories\": \"a b\",\n\"category\": \"Web Dev\"",
			get: categories, source: jekyll, want: []any{"Web Dev", []string{"Web Dev"}},
		},
		{
			name: "tags text is space-separated",
			yaml: "tags: one two", toml: `tags = "one two"`, json: `"tags": "one two"`,
			line: "tags", get: tags, source: jekyll, want: []string{"one", "two"},
		},
		{
			name: "tags text deduplicated without case",
			yaml: "tags: go Go  web", toml: `tags = "go Go  web"`, json: `"tags": "go Go  web"`,
			get: tags, source: jekyll, want: []string{"go", "web"},
		},
		{
			name: "tags list items keep their spaces",
			yaml: "tags: [Machine Learning, Go]", toml: `tags = ["Machine Learning", "Go"]`, json: `"tags": ["Machine Learning", "Go"]`,
			get: tags, source: jekyll, want: []string{"Machine Learning", "Go"},
		},
		{
			// content.dir: site/_posts: the folder is the content root.
			name: "categories text in a content dir named _posts",
			yaml: "categories: jekyll update", toml: `categories = "jekyll update"`, json: `"categories": "jekyll update"`,
			get: categories, source: "2015-11-12-welcome.markdown", opts: &ParseOptions{Location: malta, RootName: "_posts"},
			want: []any{"jekyll", []string{"jekyll", "update"}},
		},
		{
			name: "categories text in a content dir named otherwise",
			yaml: "categories: jekyll update", toml: `categories = "jekyll update"`, json: `"categories": "jekyll update"`,
			get: categories, source: "2015-11-12-welcome.markdown", opts: &ParseOptions{Location: malta, RootName: "posts"},
			want: []any{"jekyll update", []string{"jekyll update"}},
		},
		{
			name: "blank tags text",
			yaml: "tags: ' '", toml: `tags = " "`, json: `"tags": " "`,
			get: tags, source: jekyll, want: []string(nil),
		},
	})
}

// TestJekyllWelcomePost parses the post a new Jekyll site starts with.
func TestJekyllWelcomePost(t *testing.T) {
	src := "---\nlayout: post\ntitle:  \"Welcome to Jekyll!\"\ndate:   2015-11-12 19:42:46 +0100\ncategories: jekyll update\n---\nYou’ll find this post in your `_posts` directory.\n"
	p, ps := Parse("_posts/2015-11-12-welcome-to-jekyll.markdown", []byte(src), testOpts())
	if p == nil || len(ps) > 0 {
		t.Fatalf("got problems %s, want none", problemList(ps))
	}
	got := []any{p.Slug, p.Title, rfc(p.PublishedAt), p.Category, p.Categories, p.Params}
	want := []any{"welcome-to-jekyll", "Welcome to Jekyll!", "2015-11-12T19:42:46+01:00", "jekyll",
		[]string{"jekyll", "update"}, map[string]any{"layout": "post"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("[slug, title, date, category, categories, params] mismatch (-want +got):\n%s", d)
	}
}

// TestJekyllFolder checks which Jekyll posts folder a file is in, the
// content directory's own name (root) included.
func TestJekyllFolder(t *testing.T) {
	tests := []struct {
		source, root, want string
	}{
		{"_posts/a.md", "content", "_posts"},
		{"blog/_drafts/a.md", "site", "_drafts"},
		{`blog\_posts\a.md`, "site", "_posts"},
		{"_posts/_drafts/a.md", "", "_drafts"}, // the innermost
		{"_drafts/_posts/a.md", "", "_posts"},
		{"a.md", "_posts", "_posts"},
		{"2024/a.md", "_drafts", "_drafts"},
		{"_drafts/a.md", "_posts", "_drafts"},
		{"a.md", "content", ""},
		{"posts/a.md", "", ""},
		{"_posts.md", "", ""},
		{"my_posts/a.md", "", ""},
	}
	for _, tt := range tests {
		if got := jekyllFolder(tt.source, tt.root); got != tt.want {
			t.Errorf("jekyllFolder(%q, %q) = %q, want %q", tt.source, tt.root, got, tt.want)
		}
	}
}
