package content

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

func TestCheckSlug(t *testing.T) {
	tests := []struct {
		slug   string
		substr string // "" when the slug is fine
	}{
		{"hello-world", ""},
		{"夜のサーバー", ""},
		{"café", ""},
		{"2025-review", ""},
		{"a.b", ""},
		{"snake_case", ""},
		{strings.Repeat("a", 200), ""},
		{"../../etc/x", "must not contain / or \\"},
		{"/abs", "must not contain / or \\"},
		{"a/b", "must not contain / or \\"},
		{`a\b`, "must not contain / or \\"},
		{"..", `must not contain ".."`},
		{"a..b", `must not contain ".."`},
		{".hidden", "must not start with a dot"},
		{".", "must not start with a dot"},
		{"", "is empty"},
		{"tab\tchar", "must not contain control characters"},
		{"a\x00b", "must not contain control characters"},
		{"new\nline", "must not contain control characters"},
		{"del\x7f", "must not contain control characters"},
		{" lead", "must not start or end with white space"},
		{"trail\u00a0", "must not start or end with white space"},
		{"bad\xffutf8", "is not valid UTF-8"},
		{strings.Repeat("a", 201), "is over 200 bytes long"},
		{strings.Repeat("é", 101), "is over 200 bytes long"},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			err := CheckSlug(tt.slug)
			switch {
			case tt.substr == "" && err != nil:
				t.Errorf("CheckSlug(%q) = %v, want nil", tt.slug, err)
			case tt.substr != "" && err == nil:
				t.Errorf("CheckSlug(%q) = nil, want an error containing %q", tt.slug, tt.substr)
			case tt.substr != "" && !strings.Contains(err.Error(), tt.substr):
				t.Errorf("CheckSlug(%q) = %q, want it to contain %q", tt.slug, err, tt.substr)
			}
		})
	}
}

func TestSlugFromPath(t *testing.T) {
	tests := []struct {
		path string
		want string
	}{
		{"posts/2025-07-30-a-jekyll-style-name.md", "a-jekyll-style-name"},
		{"_posts/2024-5-8-single-digit.md", "single-digit"},
		{"posts/my-post/index.md", "my-post"},
		{"posts/my-post/index.markdown", "my-post"},
		{"blog/_index.md", "blog"},
		{"Hello World.md", "hello-world"},
		{"index.md", "index"},
		{`posts\windows\Path Name.md`, "path-name"},
		{"posts/2025-07-30/index.md", "2025-07-30"},
		{"posts/2025-07-30-trip/index.md", "trip"},
		{"app/blog/my-post/page.mdx", "my-post"},
		{"my-post/page.md", "my-post"},
		{"app/(blog)/2024-05-07-trip/page.mdx", "trip"},
		{"page.mdx", "page"},
		{"posts/pages.mdx", "pages"},
		{"posts/no-extension", "no-extension"},
		// Hugo and Jekyll keep "." and "_" of a file name in its URL
		// (issue 17): v1.2.release, not v1-2-release.
		{"posts/v1.2.release.md", "v1.2.release"},
		{"posts/code_syntax.md", "code_syntax"},
		{"posts/release-v2.0.md", "release-v2.0"},
		{"posts/Code_Syntax.md", "code_syntax"},
		{"posts/a..b.md", "a.b"},
		{"posts/.hidden..md", "hidden"},
		{"posts/a - b.md", "a-b"},
		{"posts/_draft_.md", "_draft_"},
		{"posts/Café Crème.md", "café-crème"},
		{"posts/夜のサーバー.md", "夜のサーバー"},
		{"posts/!!!.md", ""},
	}
	for _, tt := range tests {
		if got := SlugFromPath(tt.path); got != tt.want {
			t.Errorf("SlugFromPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Cloud & Infrastructure", "cloud-infrastructure"},
		{"  Hello, World!  ", "hello-world"},
		{"already-a-slug", "already-a-slug"},
		{"snake_case_name", "snake-case-name"},
		{"C++ / Go", "c-go"},
		{"2025 in Review", "2025-in-review"},
		{"Café Crème", "café-crème"},
		{"ÄRGER", "ärger"},
		{"e\u0301t\u0301e", "e\u0301t\u0301e"}, // combining accents are kept
		{"夜のサーバー", "夜のサーバー"},
		{"Go言語 入門", "go言語-入門"},
		{"", ""},
		{"---", ""},
		{"🚀 Launch 🚀", "launch"},
	}
	for _, tt := range tests {
		got := post.Slugify(tt.in)
		if got != tt.want {
			t.Errorf("post.Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" {
			if err := CheckSlug(got); err != nil {
				t.Errorf("CheckSlug(post.Slugify(%q) = %q) = %v, want nil", tt.in, got, err)
			}
		}
	}
}

// TestParseSlug checks the slug as Parse reads or derives it, and the
// problems of a slug that cannot be one.
func TestParseSlug(t *testing.T) {
	tests := []struct {
		name    string
		rel     string
		src     string
		want    string
		problem *diag.Problem // the one error expected (its message a substring), or nil
	}{
		{
			name: "given",
			rel:  "posts/file.md",
			src:  "---\ntitle: T\nslug: given-slug\n---\nx\n",
			want: "given-slug",
		},
		{
			name: "derived from a Jekyll name",
			rel:  "posts/2025-07-30-a-jekyll-style-name.md",
			src:  "---\ntitle: T\n---\nx\n",
			want: "a-jekyll-style-name",
		},
		{
			name: "derived from a bundle",
			rel:  "posts/my-post/index.md",
			src:  "+++\ntitle = \"T\"\n+++\nx\n",
			want: "my-post",
		},
		{
			name: "derived from a Next.js page",
			rel:  "app/blog/my-post/page.mdx",
			src:  "export const metadata = { title: 'T' }\n\nx\n",
			want: "my-post",
		},
		{
			name:    "climbs out",
			rel:     "posts/file.md",
			src:     "---\ntitle: T\n# comment\nslug: ../../etc/x\n---\nx\n",
			want:    "../../etc/x",
			problem: &diag.Problem{Path: "posts/file.md", Line: 4, Field: "slug", Message: `"../../etc/x" must not contain /`},
		},
		{
			name:    "hidden",
			rel:     "posts/file.md",
			src:     "{\n\"title\": \"T\",\n\"slug\": \".env\"\n}\nx\n",
			want:    ".env",
			problem: &diag.Problem{Path: "posts/file.md", Line: 3, Field: "slug", Message: `".env" must not start with a dot`},
		},
		{
			name:    "nothing to derive from",
			rel:     "posts/!!!.md",
			src:     "---\ntitle: T\n---\nx\n",
			want:    "",
			problem: &diag.Problem{Path: "posts/!!!.md", Line: 0, Field: "slug", Message: "cannot derive a slug from the file name"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse(tt.rel, []byte(tt.src), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if p.Slug != tt.want {
				t.Errorf("got slug %q, want %q", p.Slug, tt.want)
			}
			errs := errorsOf(ps)
			if tt.problem == nil {
				if len(errs) != 0 {
					t.Errorf("got errors %s, want none", problemList(errs))
				}
				return
			}
			if !diag.HasErrors(ps) || len(errs) != 1 {
				t.Fatalf("got errors %s, want exactly one", problemList(errs))
			}
			got := errs[0]
			if !strings.Contains(got.Message, tt.problem.Message) {
				t.Errorf("got message %q, want it to contain %q", got.Message, tt.problem.Message)
			}
			got.Message = tt.problem.Message
			if d := cmp.Diff(*tt.problem, got); d != "" {
				t.Errorf("problem mismatch (-want +got):\n%s", d)
			}
		})
	}
}
