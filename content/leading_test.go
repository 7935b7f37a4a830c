package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/post"
)

// TestBlankLinesBeforeFrontMatter: blank lines before the block are skipped,
// as Hugo skips them, and every line number still names the file's line.
func TestBlankLinesBeforeFrontMatter(t *testing.T) {
	tests := []struct {
		name, src string
		format    string
		lines     post.Lines // some of the post's lines
		imgLine   int        // the line of the inline image
	}{
		{"none", "---\ntitle: T\ndate: 2025-01-02\n---\n\n![a](https://example.com/a.png)\n", FormatYAML, post.Lines{"title": 2, "publishedAt": 3}, 6},
		{"two blank lines", "\n\n---\ntitle: T\ndate: 2025-01-02\n---\n\n![a](https://example.com/a.png)\n", FormatYAML, post.Lines{"title": 4, "publishedAt": 5}, 8},
		{"spaces and tabs", " \n\t\n+++\ntitle = 'T'\ndate = 2025-01-02\n+++\n![a](https://example.com/a.png)\n", FormatTOML, post.Lines{"title": 4, "publishedAt": 5}, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("p.md", []byte(tt.src), testOpts())
			if errs := errorsOf(ps); len(errs) > 0 {
				t.Fatalf("errors: %s", problemList(errs))
			}
			if p.Format != tt.format || p.Title != "T" {
				t.Errorf("format %q, title %q; want %q, T", p.Format, p.Title, tt.format)
			}
			got := post.Lines{}
			for k := range tt.lines {
				got[k] = p.Lines[k]
			}
			if diff := cmp.Diff(tt.lines, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if len(p.InlineImages) != 1 || p.InlineImages[0].Line != tt.imgLine {
				t.Errorf("inline images %+v, want one at line %d", p.InlineImages, tt.imgLine)
			}
		})
	}
	// Blank lines alone are no front matter.
	if _, ps := Parse("p.md", []byte("\n\n# Title\n"), testOpts()); len(errorsOf(ps)) == 0 {
		t.Errorf("a file without front matter parsed without an error")
	}
}
