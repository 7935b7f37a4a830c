package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// TestFrontMatterLine checks the line a post's front matter opens on, and
// that a missing title names it: the place to add the field, in every
// format, after blank lines too (Hugo skips them before any block).
func TestFrontMatterLine(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want int
	}{
		{"YAML", "---\nslug: a\n---\nBody.\n", 1},
		{"YAML after blank lines", "\n\n---\nslug: a\n---\nBody.\n", 3},
		{"YAML with a BOM and CRLF", "\uFEFF\r\n---\r\nslug: a\r\n---\r\nBody.\r\n", 2},
		{"TOML", "+++\nslug = \"a\"\n+++\nBody.\n", 1},
		{"TOML after blank lines", "\n \n+++\nslug = \"a\"\n+++\nBody.\n", 3},
		{"JSON", "{\"slug\": \"a\"}\nBody.\n", 1},
		// The { is the block's first line: no delimiter line before it.
		{"JSON after blank lines", "\n\n{\n\"slug\": \"a\"\n}\nBody.\n", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/a.md", []byte(tt.src), testOpts())
			if p == nil {
				t.Fatalf("got no post, problems %s", problemList(ps))
			}
			if p.FrontMatterLine != tt.want {
				t.Errorf("got FrontMatterLine %d, want %d", p.FrontMatterLine, tt.want)
			}
			want := []diag.Problem{{Path: "posts/a.md", Line: tt.want, Field: "title", Message: "missing: every post needs a title"}}
			if diff := cmp.Diff(want, ps); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
