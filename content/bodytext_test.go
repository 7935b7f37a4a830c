package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// bodyText is what a post's body gives the outputs besides its HTML.
type bodyText struct {
	Summary string
	Words   int
	Alts    []string
}

func parseBodyText(t *testing.T, rel, src string) (bodyText, []Problem) {
	t.Helper()
	p, ps := Parse(rel, []byte(src), testOpts())
	if p == nil {
		t.Fatalf("got nil Post; problems: %s", problemList(ps))
	}
	got := bodyText{Summary: p.Summary, Words: p.WordCount}
	for _, img := range p.InlineImages {
		got.Alts = append(got.Alts, img.Alt)
	}
	return got, ps
}

// TestBodyTextEntities: the text derived from the body (summary, word
// count, image alt text) has its character references decoded once, as the
// rendered HTML shows them; the outputs escape it again where they need to.
func TestBodyTextEntities(t *testing.T) {
	tests := []struct {
		name string
		body string
		want bodyText
	}{
		{
			name: "named references, nbsp is a space",
			body: "Fish&nbsp;&amp;&nbsp;chips &mdash; the best &lt;food&gt;.\n",
			want: bodyText{Summary: "Fish & chips — the best <food>.", Words: 5},
		},
		{
			name: "numeric references",
			body: "Caf&#233; &#x263A; &#169;&#32;2025\n",
			want: bodyText{Summary: "Café ☺ © 2025", Words: 2},
		},
		{
			name: "backslash escapes",
			body: "Not \\*emphasis\\*, not \\&amp; a reference.\n",
			want: bodyText{Summary: "Not *emphasis*, not &amp; a reference.", Words: 6},
		},
		{
			name: "unknown reference kept as written",
			body: "AT&T and &bogus; stay.\n",
			want: bodyText{Summary: "AT&T and &bogus; stay.", Words: 5},
		},
		{
			name: "code span is literal",
			body: "Write `&amp;` for &amp;.\n",
			want: bodyText{Summary: "Write &amp; for &.", Words: 3},
		},
		{
			name: "heading and list text decoded for the count",
			body: "# Tom &amp; Jerry\n\n- caf&eacute;\n\nText.\n",
			want: bodyText{Summary: "Text.", Words: 4},
		},
		{
			name: "image alt text",
			body: "![Fish &amp; chips](/a.png)\n\nText.\n",
			want: bodyText{Summary: "Text.", Words: 1, Alts: []string{"Fish & chips"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := parseBodyText(t, "posts/t.md", "---\ntitle: T\n---\n"+tt.body)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("body text (-want +got):\n%s", d)
			}
		})
	}
}
