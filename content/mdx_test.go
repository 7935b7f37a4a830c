package content

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

func TestDropESM(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"none", "Text.\n", "Text.\n"},
		{"one import", "import A from './a.astro'\n\nText.\n", "\n\nText.\n"},
		{
			name: "a block runs to a blank line",
			src:  "import {\n  A,\n  B,\n} from 'x'\nexport const meta = {\n  a: 1,\n}\n\nText.\n",
			want: "\n\n\n\n\n\n\n\nText.\n",
		},
		{
			name: "an unfinished statement goes on past a blank line",
			src:  "export const meta = {\n  author: 'Some {one',\n\n  tags: ['x'], // }\n}\n\nText.\n",
			want: "\n\n\n\n\n\nText.\n",
		},
		{
			name: "a template literal over a blank line",
			src:  "export const s = `a {\n\n}`\n\nText.\n",
			want: "\n\n\n\nText.\n",
		},
		{"export default", "Text.\n\nexport default ({children}) => children\n", "Text.\n\n\n"},
		{"no line end at the end", "import A from 'a'", ""},
		{"in a paragraph it is text", "Text\nimport A from 'a'\n", "Text\nimport A from 'a'\n"},
		{"indented it is text", "  import A from 'a'\n", "  import A from 'a'\n"},
		{"a word that starts so", "important and exported words.\n", "important and exported words.\n"},
		{
			name: "in fenced code it is code",
			src:  "```js\n\nimport A from 'a'\n```\n\n~~~~\n```\n\nexport x\n~~~~\nimport B from 'b'\n",
			want: "```js\n\nimport A from 'a'\n```\n\n~~~~\n```\n\nexport x\n~~~~\n\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(dropESM([]byte(tt.src)))
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("dropESM(%q) (-want +got):\n%s", tt.src, d)
			}
			if bytes.Count([]byte(got), []byte("\n")) != bytes.Count([]byte(tt.src), []byte("\n")) {
				t.Errorf("dropESM(%q) changed the number of lines", tt.src)
			}
		})
	}
}

// TestParseMDX: an .mdx post is Markdown without its JavaScript: imports
// and exports dropped, components and expressions left out with a warning
// at their line (the body starts at line 5), their content kept.
func TestParseMDX(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		html     string
		summary  string
		problems []string
	}{
		{
			name:    "imports are not the summary",
			body:    "import YouTube from '../components/YouTube.astro'\nimport { Image } from 'astro:assets'\n\nThe first paragraph.\n",
			html:    "<p>The first paragraph.</p>\n",
			summary: "The first paragraph.",
		},
		{
			name:     "a self-closing component",
			body:     "Intro.\n\n<YouTube id=\"x\" />\nNext line.\n",
			html:     "<p>Intro.</p>\n<p>Next line.</p>\n",
			summary:  "Intro.",
			problems: []string{"7: body: mdx component <YouTube> is left out of the output: seopipe does not run components"},
		},
		{
			name:     "a component keeps what it encloses",
			body:     "<Callout type=\"info\" data={{ a: \"}>\" }}>\nThis is **important**.\n</Callout>\n",
			html:     "<p>This is <strong>important</strong>.</p>\n",
			summary:  "This is important.",
			problems: []string{"5: body: mdx component <Callout> is left out of the output: seopipe does not run components"},
		},
		{
			name: "a component over lines, a member name, a fragment",
			body: "<Image\n  src={cover}\n  alt=\"A\"\n/>\n\n<Tabs.Item><>Tab text.</></Tabs.Item>\n",
			html: "<p>Tab text.</p>\n",
			problems: []string{
				"5: body: mdx component <Image> is left out of the output: seopipe does not run components",
				"10: body: mdx component <Tabs.Item> is left out of the output: seopipe does not run components",
			},
			summary: "Tab text.",
		},
		{
			name:     "expressions and comments",
			body:     "{/* a comment\nover lines */}\n\nHello {frontmatter.title}.\n",
			html:     "<p>Hello .</p>\n",
			summary:  "Hello .",
			problems: []string{"8: body: mdx expression {frontmatter.title} is left out of the output: seopipe does not run JavaScript"},
		},
		{
			name:     "an HTML element is raw HTML",
			body:     "<div style={{color: 'red'}}>\nx\n</div>\n\nText.\n",
			html:     "<!-- raw HTML omitted -->\n<p>Text.</p>\n",
			summary:  "Text.",
			problems: []string{"5: body: raw HTML is left out of the output (Markdown is rendered safely)"},
		},
		{
			name:     "seopipe's own image shortcode is no expression",
			body:     "Text {x}.\n\n{{image: https://example.com/i.jpg, width: 800, height: 400, alt: \"pic\"}}\n",
			html:     "<p>Text .</p>\n<figure><img src=\"https://example.com/i.jpg\" alt=\"pic\" width=\"800\" height=\"400\" loading=\"lazy\" decoding=\"async\"></figure>\n",
			summary:  "Text .",
			problems: []string{"5: body: mdx expression {x} is left out of the output: seopipe does not run JavaScript"},
		},
		{
			// MDX has no indented code: the Astro starter indents the
			// text a component encloses with a tab.
			name:     "indented text is a paragraph",
			body:     "<HeaderLink href=\"/\">\n\tEmbedded component in MDX\n</HeaderLink>\n\n    Four spaces.\n\n- a\n    - b\n",
			html:     "<p>Embedded component in MDX</p>\n<p>Four spaces.</p>\n<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n",
			summary:  "Embedded component in MDX",
			problems: []string{"5: body: mdx component <HeaderLink> is left out of the output: seopipe does not run components"},
		},
		{
			name:    "a less-than sign is text",
			body:    "If a < b and c > d, <3.\n",
			html:    "<p>If a &lt; b and c &gt; d, &lt;3.</p>\n",
			summary: "If a < b and c > d, <3.",
		},
		{
			name:    "code is literal",
			body:    "Use `<Foo />` and `{x}`.\n\n```jsx\nimport A from 'a'\n\n<Foo bar={1} />\n```\n",
			html:    "<p>Use <code>&lt;Foo /&gt;</code> and <code>{x}</code>.</p>\n<pre><code class=\"language-jsx\">import A from 'a'\n\n&lt;Foo bar={1} /&gt;\n</code></pre>\n",
			summary: "Use <Foo /> and {x}.",
		},
		{
			name:    "braces are expressions, Liquid or not",
			body:    "Text {% raw %} and <b>.\n",
			html:    "<p>Text  and <!-- raw HTML omitted -->.</p>\n",
			summary: "Text and .",
			problems: []string{
				"5: body: mdx expression {% raw %} is left out of the output: seopipe does not run JavaScript",
				"5: body: raw HTML is left out of the output (Markdown is rendered safely)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: T\ndate: 2025-01-01\n---\n" + tt.body
			for _, skip := range []bool{false, true} {
				opts := testOpts()
				opts.SkipHTML = skip
				p, ps := Parse("blog/post.mdx", []byte(src), opts)
				if p == nil {
					t.Fatalf("got nil Post; problems: %s", problemList(ps))
				}
				if !skip {
					if d := cmp.Diff(tt.html, p.HTML); d != "" {
						t.Errorf("HTML (-want +got):\n%s", d)
					}
				}
				if p.Summary != tt.summary {
					t.Errorf("summary %q, want %q", p.Summary, tt.summary)
				}
				if p.Slug != "post" {
					t.Errorf("slug %q, want post", p.Slug)
				}
				diag.Sort(ps)
				var got []string
				for _, pr := range ps {
					got = append(got, lineMessage(pr))
				}
				if d := cmp.Diff(tt.problems, got); d != "" {
					t.Errorf("problems (-want +got):\n%s", d)
				}
			}
		})
	}
}

// TestImportsNotSummary: a .md body that starts with JavaScript imports
// keeps them as text, but they are not its summary.
func TestImportsNotSummary(t *testing.T) {
	tests := []struct {
		name, body, summary string
	}{
		{"one import", "import X from '../x.js'\n\nReal text.\n", "Real text."},
		{"several, one over lines", "import A, { b } from \"a\";\nimport {\n  c,\n} from 'c'\nimport './style.css'\n\nReal text.\n", "Real text."},
		{"prose that starts so", "import duties from 'abroad' rose, they say.\n", "import duties from 'abroad' rose, they say."},
		{"import as a word", "Import these first.\n", "Import these first."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte("---\ntitle: T\n---\n"+tt.body), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if p.Summary != tt.summary {
				t.Errorf("summary %q, want %q", p.Summary, tt.summary)
			}
			if !bytes.Contains([]byte(p.HTML), []byte("<p>"+tt.body[:6])) {
				t.Errorf("HTML %q lost the body's first line", p.HTML)
			}
		})
	}
}
