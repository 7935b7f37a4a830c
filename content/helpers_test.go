package content

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// fieldDoc wraps front-matter entries in a document of the given format,
// after a title line: the first entry is on line 3 of the file.
func fieldDoc(format, entries string) string {
	switch format {
	case FormatYAML:
		return "---\ntitle: Wrapped\n" + entries + "\n---\nBody text.\n"
	case FormatTOML:
		return "+++\ntitle = \"Wrapped\"\n" + entries + "\n+++\nBody text.\n"
	case FormatJSON:
		return "{\n\"title\": \"Wrapped\",\n" + entries + "\n}\nBody text.\n"
	}
	panic("unknown format " + format)
}

// rfc formats a time with its offset, so a test sees the zone too.
func rfc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

type fieldCase struct {
	name string
	// yaml, toml and json are the entries of each format's variant (an
	// empty one is not run); the first is on line 3 of the file.
	yaml, toml, json string
	opts             *ParseOptions // nil means testOpts()
	// line is the canonical field name whose Post.Lines entry must be 3,
	// or "".
	line   string
	get    func(*post.Post) any
	want   any
	params map[string]any // the Post's Params
	// source is the post's path; "" is posts/2025-01-02-file-name.md.
	source string
}

func runFieldCases(t *testing.T, tests []fieldCase) {
	t.Helper()
	for _, tt := range tests {
		for _, v := range []struct{ format, entries string }{
			{FormatYAML, tt.yaml}, {FormatTOML, tt.toml}, {FormatJSON, tt.json},
		} {
			if v.entries == "" {
				continue
			}
			t.Run(tt.name+"/"+v.format, func(t *testing.T) {
				opts := testOpts()
				if tt.opts != nil {
					opts = *tt.opts
				}
				src := fieldDoc(v.format, v.entries)
				p, ps := Parse(sourceOr(tt.source), []byte(src), opts)
				if p == nil {
					t.Fatalf("got nil Post; problems: %s\nsource:\n%s", problemList(ps), src)
				}
				if diag.HasErrors(ps) {
					t.Errorf("got errors %s\nsource:\n%s", problemList(errorsOf(ps)), src)
				}
				if p.Format != v.format {
					t.Errorf("got Format %q, want %q", p.Format, v.format)
				}
				if d := cmp.Diff(tt.want, tt.get(p)); d != "" {
					t.Errorf("value mismatch (-want +got):\n%s\nsource:\n%s", d, src)
				}
				if tt.line != "" {
					if got := p.Lines[tt.line]; got != 3 {
						t.Errorf("got Lines[%q] = %d, want 3 (all lines: %v)", tt.line, got, p.Lines)
					}
				}
				if d := cmp.Diff(tt.params, p.Params); d != "" {
					t.Errorf("Params mismatch (-want +got):\n%s", d)
				}
			})
		}
	}
}

// malta is the site time zone of the tests: an offset that differs from UTC
// and changes with daylight saving time, so a date read in the wrong zone
// shows.
var malta = mustLoadLocation("Europe/Malta")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// testOpts are the options most tests parse with.
func testOpts() ParseOptions {
	return ParseOptions{Location: malta, DefaultLang: "en"}
}

// errorsOf returns the problems of severity Error.
func errorsOf(ps []diag.Problem) []diag.Problem {
	var out []diag.Problem
	for _, p := range ps {
		if p.Severity == diag.Error {
			out = append(out, p)
		}
	}
	return out
}

// problemList formats problems one a line, for failure messages.
func problemList(ps []diag.Problem) string {
	if len(ps) == 0 {
		return "(none)"
	}
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\n\t%s (severity %d)", p.Error(), p.Severity)
	}
	return b.String()
}

// wantProblem fails t unless ps holds a problem at line whose message
// contains substr. It returns that problem.
func wantProblem(t *testing.T, ps []diag.Problem, line int, substr string) diag.Problem {
	t.Helper()
	for _, p := range ps {
		if strings.Contains(p.Message, substr) {
			if p.Line != line {
				t.Errorf("problem %q: got line %d, want %d", p.Error(), p.Line, line)
			}
			return p
		}
	}
	t.Errorf("got problems %s, want one at line %d containing %q", problemList(ps), line, substr)
	return diag.Problem{}
}

// seedPath is the seed post, which lives in ../shared beside the checkout and
// is never copied into the repository.
var seedPath = filepath.Join("..", "..", "shared", "seed", "openai-aws-partnership-biggest-tech-deal.md")

// lineMessage is a problem as "line: message".
func lineMessage(p diag.Problem) string {
	return strings.TrimPrefix(p.Error(), p.Path+":")
}

// noTemplates is the end of the warning about a template left out.
const noTemplates = " is left out of the output: seopipe does not run site templates"

// sourceOr is the path of a fieldCase's post: source, else a posts/ file.
func sourceOr(source string) string {
	if source == "" {
		return "posts/2025-01-02-file-name.md"
	}
	return source
}
