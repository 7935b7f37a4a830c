package content

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/seopipe/seopipe/internal/diag"
)

// rawLeftOut is the warning about raw HTML left out, at a body line.
const rawLeftOut = ": body: raw HTML is left out of the output (Markdown is rendered safely)"

// TestInlineHTML: bare inline formatting tags are kept, written anew, when
// their end tag is in the same paragraph; comments are left out silently;
// anything else is left out with a warning naming its line (the body
// starts at line 4).
func TestInlineHTML(t *testing.T) {
	tests := []struct {
		name, body, html string
		problems         []string
	}{
		{
			name: "formatting Markdown has no syntax for",
			body: "Press <kbd>Ctrl</kbd>+<KBD>C</KBD>: H<sub>2</sub>O, x<sup>2</sup>, <mark>new</mark>, <ins>a</ins><del>b</del>.\n",
			html: "<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>: H<sub>2</sub>O, x<sup>2</sup>, <mark>new</mark>, <ins>a</ins><del>b</del>.</p>\n",
		},
		{
			name: "attributes are dropped but an abbreviation's title",
			body: "<abbr title=\"Hypertext &amp; &quot;more&quot;\" onclick=\"x()\">HTML</abbr> and <b class=\"x\" style=\"color:red\">bold</b>.\n",
			html: "<p><abbr title=\"Hypertext &amp; &#34;more&#34;\">HTML</abbr> and <b>bold</b>.</p>\n",
		},
		{
			name: "void elements, closed or not",
			body: "a<br>b<br/>c<BR />d<wbr>e\n",
			html: "<p>a<br>b<br>c<br>d<wbr>e</p>\n",
		},
		{
			name:     "a start tag without its end in the paragraph is left out",
			body:     "<kbd>Ctrl\n\nand</kbd> then <sub>x <em>y</sub></em>.\n",
			html:     "<p><!-- raw HTML omitted -->Ctrl</p>\n<p>and<!-- raw HTML omitted --> then <sub>x <!-- raw HTML omitted -->y</sub><!-- raw HTML omitted -->.</p>\n",
			problems: []string{"4" + rawLeftOut, "6" + rawLeftOut},
		},
		{
			name: "nested and repeated",
			body: "<b><i>both</i></b> <kbd><kbd>Ctrl</kbd>+<kbd>C</kbd></kbd>\n",
			html: "<p><b><i>both</i></b> <kbd><kbd>Ctrl</kbd>+<kbd>C</kbd></kbd></p>\n",
		},
		{
			name: "an inner tag left open is left out, its outer pair kept",
			body: "<b>x <i>y</b> z\n",
			html: "<p><b>x <!-- raw HTML omitted -->y</b> z</p>\n",
			problems: []string{
				"4" + rawLeftOut,
			},
		},
		{
			name: "comments show nothing and are no warning",
			body: "One <!-- inline --> two.\n\n<!-- a block\nover lines -->\n\nThree.\n",
			html: "<p>One  two.</p>\n<p>Three.</p>\n",
		},
		{
			name:     "other HTML is left out",
			body:     "<span style=\"x\">s</span> <script>alert(1)</script> <a href=\"javascript:x\">l</a> <img src=x onerror=y>\n\n<div>\n<kbd>block</kbd>\n</div>\n\n<!-- c --><p>after a comment</p>\n",
			html:     "<p><!-- raw HTML omitted -->s<!-- raw HTML omitted --> <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> <!-- raw HTML omitted -->l<!-- raw HTML omitted --> <!-- raw HTML omitted --></p>\n<!-- raw HTML omitted -->\n<!-- raw HTML omitted -->\n",
			problems: []string{"4" + rawLeftOut, "6" + rawLeftOut, "10" + rawLeftOut},
		},
		{
			name: "in code it is text",
			body: "`<kbd>x</kbd>`\n",
			html: "<p><code>&lt;kbd&gt;x&lt;/kbd&gt;</code></p>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("content/posts/t.md", []byte("---\ntitle: T\n---\n"+tt.body), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if d := cmp.Diff(tt.html, p.HTML); d != "" {
				t.Errorf("HTML (-want +got):\n%s", d)
			}
			diag.Sort(ps)
			var got []string
			for _, pr := range ps {
				got = append(got, lineMessage(pr))
			}
			if d := cmp.Diff(tt.problems, got); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}

// FuzzInlineHTML: whatever the body, the only elements in the HTML are
// Markdown's own and the kept inline tags, and none carries an attribute
// but those Markdown writes and an abbreviation's title.
func FuzzInlineHTML(f *testing.F) {
	for _, s := range []string{
		"<kbd>x</kbd>", "<b><i>y</b></i>", "<abbr title='a\"b'>c</abbr>", "<br/><wbr>", "<!-- c --> <!-- d",
		"<sub onclick=x>s</sub>", "<script>x</script>", "</b><b>", "<b\n>x</b\n>",
	} {
		f.Add(s)
	}
	allowed := map[string]bool{"p": true, "code": true, "pre": true, "em": true, "strong": true, "a": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "li": true,
		"blockquote": true, "hr": true, "img": true, "table": true, "thead": true, "tbody": true, "tr": true,
		"th": true, "td": true, "del": true, "input": true, "sup": true, "section": true, "figure": true,
		"figcaption": true}
	for k := range inlineTags {
		allowed[k] = true
	}
	f.Fuzz(func(t *testing.T, body string) {
		p, _ := Parse("content/posts/t.md", []byte("---\ntitle: T\n---\n"+body), testOpts())
		if p == nil {
			return
		}
		z := html.NewTokenizer(strings.NewReader(p.HTML))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if !allowed[tok.Data] {
				t.Fatalf("element <%s> in %q from %q", tok.Data, p.HTML, body)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || tok.Data == "abbr" && a.Key != "title" {
					t.Fatalf("attribute %s on <%s> in %q from %q", a.Key, tok.Data, p.HTML, body)
				}
			}
		}
	})
}
