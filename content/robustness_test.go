package content

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// TestDropNonXML checks that characters XML 1.0 cannot carry are removed
// from every field and the body, with one warning per line naming them
// (and the body as its field, on a line of the body).
func TestDropNonXML(t *testing.T) {
	src := "---\ntitle: \"Vertical\x0btab and \uFFFE there\"\ntags: [\"a\x01b\"]\n---\nBody \x1f with\ttab.\n"
	p, ps := Parse("posts/x.md", []byte(src), ParseOptions{})
	if diag.HasErrors(ps) {
		t.Fatalf("unexpected errors: %v", ps)
	}
	if diff := cmp.Diff("Verticaltab and  there", p.Title); diff != "" {
		t.Errorf("title (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ab"}, p.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	if strings.ContainsAny(p.HTML, "\x1f\x0b") || !strings.Contains(p.HTML, "with\ttab") {
		t.Errorf("HTML = %q, want the control character dropped and the tab kept", p.HTML)
	}
	var got []string
	for _, q := range ps {
		got = append(got, q.Error())
	}
	want := []string{
		"posts/x.md:2: dropped U+000B, U+FFFE: XML 1.0 cannot carry it",
		"posts/x.md:3: dropped U+0001: XML 1.0 cannot carry it",
		"posts/x.md:5: body: dropped U+001F: XML 1.0 cannot carry it",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestRawHTMLWarns checks that raw HTML, which the safe renderer leaves
// out, is reported once per line instead of vanishing silently.
func TestRawHTMLWarns(t *testing.T) {
	src := "---\ntitle: T\n---\nPress <span class=\"k\">Ctrl</span> now.\n\n<div>\nblock\n</div>\n"
	p, ps := Parse("posts/h.md", []byte(src), ParseOptions{})
	var got []string
	for _, q := range ps {
		got = append(got, q.Error())
	}
	want := []string{
		"posts/h.md:4: body: raw HTML is left out of the output (Markdown is rendered safely)",
		"posts/h.md:6: body: raw HTML is left out of the output (Markdown is rendered safely)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if strings.Contains(p.HTML, "<span") || strings.Contains(p.HTML, "<div>") {
		t.Errorf("raw HTML reached the output: %q", p.HTML)
	}
}

// TestNonFiniteNumbersStayText checks that numbers JSON cannot carry (TOML
// inf and nan, a JSON 1e400) are kept as text, so one post's parameter can
// never stop posts.json from being written.
func TestNonFiniteNumbersStayText(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]any
	}{
		{"toml inf", "+++\ntitle = \"T\"\nweight = inf\nratio = nan\n+++\nx\n", map[string]any{"weight": "+Inf", "ratio": "NaN"}},
		{"json overflow", "{\"title\": \"T\", \"w\": 1e400}\nx\n", map[string]any{"w": "1e400"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("p.md", []byte(tt.src), ParseOptions{})
			if diag.HasErrors(ps) {
				t.Fatalf("errors: %v", ps)
			}
			if diff := cmp.Diff(tt.want, p.Params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
			if _, err := json.Marshal(p); err != nil {
				t.Errorf("json.Marshal: %v", err)
			}
		})
	}
}

// TestEscapedNonXMLDropped checks characters that arrive as escapes in a
// quoted YAML string: they are dropped from the value, with a warning.
func TestEscapedNonXMLDropped(t *testing.T) {
	src := "---\ntitle: \"Esc\\vaped \\uFFFE title\"\ntags: [\"a\\x01b\"]\n---\nx\n"
	p, ps := Parse("posts/e.md", []byte(src), ParseOptions{})
	if p.Title != "Escaped  title" {
		t.Errorf("title = %q, want %q", p.Title, "Escaped  title")
	}
	if diff := cmp.Diff([]string{"ab"}, p.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	var got []string
	for _, q := range ps {
		got = append(got, q.Error())
	}
	want := []string{
		"posts/e.md:2: title: dropped U+000B, U+FFFE: XML 1.0 cannot carry it",
		"posts/e.md:3: tags: dropped U+0001: XML 1.0 cannot carry it",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
