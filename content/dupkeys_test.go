package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// TestRepeatedKeys checks keys given twice in one front matter, the same
// but for case (keys are matched without case) or exactly: the later one
// wins, with a warning on its line naming the earlier one, in every format.
func TestRepeatedKeys(t *testing.T) {
	warning := func(line int, field, msg string) diag.Problem {
		return diag.Problem{Path: "p.md", Line: line, Field: field, Message: msg, Severity: diag.Warning}
	}
	tests := []struct {
		name     string
		src      string
		title    string
		params   map[string]any
		problems []diag.Problem
	}{
		{
			name:     "YAML, case",
			src:      "---\ntitle: A\nTitle: B\n---\nx\n",
			title:    "B",
			problems: []diag.Problem{warning(3, "Title", `also given as "title" on line 2; the later one is used`)},
		},
		{
			name:     "YAML, exactly",
			src:      "---\ntitle: A\nslug: s\ntitle: B\n---\nx\n",
			title:    "B",
			problems: []diag.Problem{warning(4, "title", `also given as "title" on line 2; the later one is used`)},
		},
		{
			name:  "YAML, three times",
			src:   "---\ntitle: A\nTITLE: B\nTitle: C\n---\nx\n",
			title: "C",
			problems: []diag.Problem{
				warning(3, "TITLE", `also given as "title" on line 2; the later one is used`),
				warning(4, "Title", `also given as "TITLE" on line 3; the later one is used`),
			},
		},
		{
			// TOML's decoder loses the order; the later line still wins.
			name:     "TOML, case, lower first",
			src:      "+++\ntitle = \"A\"\nTitle = \"B\"\n+++\nx\n",
			title:    "B",
			problems: []diag.Problem{warning(3, "Title", `also given as "title" on line 2; the later one is used`)},
		},
		{
			name:     "TOML, case, capital first",
			src:      "+++\nTitle = \"A\"\ntitle = \"B\"\n+++\nx\n",
			title:    "B",
			problems: []diag.Problem{warning(3, "title", `also given as "Title" on line 2; the later one is used`)},
		},
		{
			name:     "TOML, key and table",
			src:      "+++\ntitle = \"A\"\nCard = \"x\"\n[card]\ntheme = \"dark\"\n+++\nx\n",
			title:    "A",
			problems: []diag.Problem{warning(4, "card", `also given as "Card" on line 3; the later one is used`)},
		},
		{
			name:     "JSON, case",
			src:      "{\n\"Title\": \"A\",\n\"title\": \"B\"\n}\nx\n",
			title:    "B",
			problems: []diag.Problem{warning(3, "title", `also given as "Title" on line 2; the later one is used`)},
		},
		{
			name:     "JSON, exactly",
			src:      "{\"title\": \"A\",\n\"title\": \"B\"}\nx\n",
			title:    "B",
			problems: []diag.Problem{warning(2, "title", `also given as "title" on line 1; the later one is used`)},
		},
		{
			name:     "a key kept in params",
			src:      "---\ntitle: T\nseries: a\nSeries: b\n---\nx\n",
			title:    "T",
			params:   map[string]any{"Series": "b"},
			problems: []diag.Problem{warning(4, "Series", `also given as "series" on line 3; the later one is used`)},
		},
		{
			// Aliases are different keys: the first alias present wins,
			// and the other is dropped with a warning of its own.
			name:     "aliases are no repeat",
			src:      "---\ntitle: T\nupdated: 2025-01-02\nlastmod: 2025-01-03\n---\nx\n",
			title:    "T",
			problems: []diag.Problem{warning(3, "updated", "ignored: updatedAt is already given by lastmod on line 4")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("p.md", []byte(tt.src), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if p.Title != tt.title {
				t.Errorf("got title %q, want %q", p.Title, tt.title)
			}
			if d := cmp.Diff(tt.params, p.Params); d != "" {
				t.Errorf("Params mismatch (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.problems, ps); d != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestRepeatedKeyTOMLExactly checks that TOML's own refusal of a key given
// twice stays an error that fails the file.
func TestRepeatedKeyTOMLExactly(t *testing.T) {
	p, ps := Parse("p.md", []byte("+++\ntitle = \"A\"\ntitle = \"B\"\n+++\nx\n"), testOpts())
	want := []diag.Problem{{Path: "p.md", Line: 3, Message: "invalid TOML front matter: Key 'title' has already been defined."}}
	if d := cmp.Diff(want, ps); d != "" || p != nil {
		t.Errorf("got Post %v; problems mismatch (-want +got):\n%s", p != nil, d)
	}
}
