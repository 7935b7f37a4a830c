package diag_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"content/posts/a.md", "content/posts/a.md"},
		{`C:\site\a.md`, `C:\site\a.md`}, // backslashes stay as they are
		{"café ☕.md", "café ☕.md"},
		{"x\n::warning file=fake.md,line=1::INJECTED\n.md", `x\x0a::warning file=fake.md,line=1::INJECTED\x0a.md`},
		{"\x1b[31mred\x1b[0m\a", `\x1b[31mred\x1b[0m\x07`},
		{"cr\rtab\tdel\x7f", `cr\x0dtab\x09del\x7f`},
		{"c1\u0085 ls\u2028 ps\u2029", `c1\u0085 ls\u2028 ps\u2029`},
		{"bad\xffutf8", `bad\xffutf8`},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, diag.Escape(tt.in)); diff != "" {
			t.Errorf("Escape(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestProblemErrorEscapes: every part of a problem is shown escaped, so
// one problem is always one line.
func TestProblemErrorEscapes(t *testing.T) {
	tests := []struct {
		name string
		p    diag.Problem
		want string
	}{
		{"plain", diag.Problem{Path: "a.md", Line: 3, Field: "title", Message: "is empty"}, "a.md:3: title: is empty"},
		{"path", diag.Problem{Path: "x\n::warning file=fake.md,line=1::INJECTED\n.md", Line: 2, Message: "m"},
			`x\x0a::warning file=fake.md,line=1::INJECTED\x0a.md:2: m`},
		{"field and message", diag.Problem{Path: "a.md", Field: "k\x1b]0;t\a", Message: "value \"\x1b[2J\" is bad"},
			`a.md: k\x1b]0;t\x07: value "\x1b[2J" is bad`},
		{"other file", diag.Problem{Path: "a.md", Message: "also in", Other: diag.Loc{Path: "b\r.md", Line: 4}},
			`a.md: also in b\x0d.md:4`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.p.Error()); diff != "" {
				t.Errorf("Error() (-want +got):\n%s", diff)
			}
		})
	}
}
