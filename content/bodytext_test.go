package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// bodyText is what a post's body gives the outputs besides its HTML.
type bodyText struct {
	Summary string
	Words   int
	Alts    []string
}

func parseBodyText(t *testing.T, rel, src string) (bodyText, []diag.Problem) {
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
			name: "a <br> between words is a space, other inline HTML nothing",
			body: "one<br>two<BR/>three <b>four</b>five\n",
			want: bodyText{Summary: "one two three fourfive", Words: 4},
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

// TestBodyFootnotes: "text[^1]" with "[^1]: note" is a footnote, as GitHub,
// Hugo and kramdown read it, not a link to "note"; the marker and the notes
// stay out of the summary, the notes' words count.
func TestBodyFootnotes(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantHTML string
		want     bodyText
	}{
		{
			name: "one note",
			body: "He said \"hi\"[^1] and left.\n\n[^1]: note\n",
			wantHTML: `<p>He said &quot;hi&quot;<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup> and left.</p>
<div class="footnotes" role="doc-endnotes">
<hr>
<ol>
<li id="fn:1">
<p>note&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p>
</li>
</ol>
</div>
`,
			want: bodyText{Summary: `He said "hi" and left.`, Words: 6},
		},
		{
			name: "numbered in the order of reference, named and referenced twice",
			body: "A[^z] b[^a] c[^z].\n\n[^a]: First defined.\n[^z]: Second defined.\n[^unused]: Never referenced.\n",
			wantHTML: `<p>A<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup> b<sup id="fnref:2"><a href="#fn:2" class="footnote-ref" role="doc-noteref">2</a></sup> c<sup id="fnref1:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>.</p>
<div class="footnotes" role="doc-endnotes">
<hr>
<ol>
<li id="fn:1">
<p>Second defined.&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a>&#160;<a href="#fnref1:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p>
</li>
<li id="fn:2">
<p>First defined.&#160;<a href="#fnref:2" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p>
</li>
</ol>
</div>
`,
			want: bodyText{Summary: "A b c.", Words: 7},
		},
		{
			name:     "notes are never the summary",
			body:     "# Only a heading[^1]\n\n[^1]: The note.\n",
			wantHTML: "<h1 id=\"only-a-heading\">Only a heading<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup></h1>\n<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n<li id=\"fn:1\">\n<p>The note.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n</ol>\n</div>\n",
			want:     bodyText{Summary: "", Words: 5},
		},
		{
			name:     "a reference without a note is text",
			body:     "Text[^missing].\n",
			wantHTML: "<p>Text[^missing].</p>\n",
			want:     bodyText{Summary: "Text[^missing].", Words: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: T\n---\n" + tt.body
			p, ps := Parse("posts/t.md", []byte(src), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if d := cmp.Diff(tt.wantHTML, p.HTML); d != "" {
				t.Errorf("HTML (-want +got):\n%s", d)
			}
			got, _ := parseBodyText(t, "posts/t.md", src)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("body text (-want +got):\n%s", d)
			}
			if len(ps) != 0 {
				t.Errorf("got problems %s, want none", problemList(ps))
			}
		})
	}
}
