package content

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

func TestIsShortcodeStart(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"{{image: x}}", true},
		{"{{ image : x}}", true},
		{"{{\timage\t:x", true},
		{"{{image:", true},
		{"{{images: x}}", false},
		{"{{Image: x}}", false},
		{"{{ figure: x }}", false},
		{"{image: x}", false},
		{" {{image: x}}", false},
		{"{{image x}}", false},
		{"{{", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsShortcodeStart(tt.in); got != tt.want {
			t.Errorf("IsShortcodeStart(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseShortcode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Shortcode
		n    int // bytes consumed; -1 means all of in
	}{
		{
			name: "URL only",
			in:   "{{image: https://example.com/a.jpg}}",
			want: Shortcode{Src: "https://example.com/a.jpg"},
			n:    -1,
		},
		{
			name: "seed style",
			in:   `{{image: https://image.pollinations.ai/prompt/a%20b?width=800&height=450&nologo=true, width: 800, height: 450, alt: "OpenAI AWS partnership announcement"}}`,
			want: Shortcode{Src: "https://image.pollinations.ai/prompt/a%20b?width=800&height=450&nologo=true", Width: 800, Height: 450, Alt: "OpenAI AWS partnership announcement"},
			n:    -1,
		},
		{
			name: "text after the closing braces",
			in:   "{{image: /a.png}} and more {{text}}",
			want: Shortcode{Src: "/a.png"},
			n:    len("{{image: /a.png}}"),
		},
		{
			name: "bare values",
			in:   "{{image: /a.png, width: 800, height: 450, alt: A cat on a mat}}",
			want: Shortcode{Src: "/a.png", Width: 800, Height: 450, Alt: "A cat on a mat"},
			n:    -1,
		},
		{
			name: "quoted value with commas",
			in:   `{{image: /a.png, alt: "Cats, dogs, and birds"}}`,
			want: Shortcode{Src: "/a.png", Alt: "Cats, dogs, and birds"},
			n:    -1,
		},
		{
			name: "escaped quotes and backslash",
			in:   `{{image: /a.png, alt: "She said \"hi\" \\o/"}}`,
			want: Shortcode{Src: "/a.png", Alt: `She said "hi" \o/`},
			n:    -1,
		},
		{
			name: "single quotes",
			in:   `{{image: /a.png, alt: 'It\'s "fine", really', title: 'T'}}`,
			want: Shortcode{Src: "/a.png", Alt: `It's "fine", really`, Title: "T"},
			n:    -1,
		},
		{
			name: "quoted braces",
			in:   `{{image: /a.png, alt: "a }} b"}} tail`,
			want: Shortcode{Src: "/a.png", Alt: "a }} b"},
			n:    len(`{{image: /a.png, alt: "a }} b"}}`),
		},
		{
			name: "trailing comma",
			in:   "{{image: /a.png, width: 10,}}",
			want: Shortcode{Src: "/a.png", Width: 10},
			n:    -1,
		},
		{
			name: "trailing comma and spaces",
			in:   "{{image: /a.png, width: 10 ,  }}",
			want: Shortcode{Src: "/a.png", Width: 10},
			n:    -1,
		},
		{
			name: "spaces around everything",
			in:   "{{  image  :   /a.png  ,  width :  800 ,\theight:450 , alt :  \"x\"   }}",
			want: Shortcode{Src: "/a.png", Width: 800, Height: 450, Alt: "x"},
			n:    -1,
		},
		{
			name: "no spaces at all",
			in:   "{{image:/a.png,width:1,height:2,alt:x}}",
			want: Shortcode{Src: "/a.png", Width: 1, Height: 2, Alt: "x"},
			n:    -1,
		},
		{
			name: "title and caption",
			in:   `{{image: img/a.png, title: "The title", caption: Photo by Ann, alt: A}}`,
			want: Shortcode{Src: "img/a.png", Title: "The title", Caption: "Photo by Ann", Alt: "A"},
			n:    -1,
		},
		{
			name: "commas inside the URL",
			in:   "{{image: https://example.com/a,b,c.png?x=1,2, width: 5}}",
			want: Shortcode{Src: "https://example.com/a,b,c.png?x=1,2", Width: 5},
			n:    -1,
		},
		{
			name: "empty quoted alt",
			in:   `{{image: /a.png, alt: ""}}`,
			want: Shortcode{Src: "/a.png"},
			n:    -1,
		},
		{
			name: "largest width",
			in:   "{{image: /a.png, width: 100000}}",
			want: Shortcode{Src: "/a.png", Width: 100000},
			n:    -1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n, err := ParseShortcode(tt.in)
			if err != nil {
				t.Fatalf("ParseShortcode(%q) error: %v", tt.in, err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("ParseShortcode(%q) mismatch (-want +got):\n%s", tt.in, d)
			}
			wantN := tt.n
			if wantN < 0 {
				wantN = len(tt.in)
			}
			if n != wantN {
				t.Errorf("ParseShortcode(%q) consumed %d bytes (%q), want %d", tt.in, n, tt.in[:n], wantN)
			}
		})
	}
}

func TestParseShortcodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		substr string
	}{
		{"not a shortcode", "{{figure: /a.png}}", "not an image shortcode"},
		{"no closing braces", "{{image: /a.png, width: 800", `unterminated image shortcode: no closing "}}"`},
		{"single closing brace", "{{image: /a.png}", `no closing "}}"`},
		{"empty URL", "{{image: , alt: x}}", "has no URL"},
		{"nothing at all", "{{image:}}", "has no URL"},
		{"width abc", "{{image: /a.png, width: abc}}", `width: must be a whole number of pixels from 1 to 100000, got "abc"`},
		{"width 0", "{{image: /a.png, width: 0}}", `width: must be a whole number of pixels from 1 to 100000, got "0"`},
		{"width negative", "{{image: /a.png, width: -5}}", `got "-5"`},
		{"width too large", "{{image: /a.png, width: 100001}}", `got "100001"`},
		{"width with unit", "{{image: /a.png, width: 800px}}", `got "800px"`},
		{"height fraction", "{{image: /a.png, height: 1.5}}", `height: must be a whole number`},
		{"width quoted garbage", `{{image: /a.png, width: "a,b"}}`, `got "a,b"`},
		{"unknown key", "{{image: /a.png, colour: red}}", `unknown key "colour" (known: alt, caption, height, title, width)`},
		{"key in capitals", "{{image: /a.png, Width: 5}}", `unknown key "Width"`},
		{"duplicate key", "{{image: /a.png, width: 5, width: 6}}", "width: given twice"},
		{"duplicate alt", `{{image: /a.png, alt: a, alt: "b"}}`, "alt: given twice"},
		{"javascript URL", "{{image: javascript:alert(1)}}", `has scheme "javascript"`},
		{"javascript URL with keys", "{{image: javascript:alert(1), alt: x}}", `has scheme "javascript"`},
		{"data URL", "{{image: data:image/png;base64,AAAA}}", `has scheme "data"`},
		{"protocol-relative URL", "{{image: //cdn.example.com/a.png}}", "is protocol-relative"},
		{"unterminated double quote", `{{image: /a.png, alt: "abc}}`, "alt: unterminated quoted value"},
		{"unterminated single quote", `{{image: /a.png, alt: 'abc}} more`, "alt: unterminated quoted value"},
		{"missing value", "{{image: /a.png, alt: }}", "alt: missing value"},
		{"missing value before comma", "{{image: /a.png, alt:, width: 5}}", "alt: missing value"},
		{"value without key", "{{image: /a.png, alt: x, 800}}", "expected key: value"},
		{"URL then a bare value", "{{image: /a.png, 800}}", "contains white space"},
		{"text after a quoted value", `{{image: /a.png, alt: "a" b}}`, `expected "," or "}}"`},
		{"missing comma", "{{image: /a.png width: 800}}", "contains white space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n, err := ParseShortcode(tt.in)
			if err == nil {
				t.Fatalf("ParseShortcode(%q) = %+v, %d, want an error containing %q", tt.in, got, n, tt.substr)
			}
			if !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("ParseShortcode(%q) error = %q, want it to contain %q", tt.in, err, tt.substr)
			}
			if n != 0 {
				t.Errorf("ParseShortcode(%q) consumed %d bytes on error, want 0", tt.in, n)
			}
		})
	}
}

// shortcodePost is a post whose front matter takes lines 1-7 and whose body
// starts on line 8.
const shortcodePost = `---
title: Shortcodes
slug: shortcodes
tags:
  - a
  - b
---
`

func TestParseShortcodeHTML(t *testing.T) {
	const img = `<img src="https://example.com/a.jpg?w=800&amp;h=450" alt="A &amp; B" width="800" height="450" loading="lazy" decoding="async">`
	const sc = `{{image: https://example.com/a.jpg?w=800&h=450, width: 800, height: 450, alt: "A & B"}}`
	tests := []struct {
		name   string
		body   string
		want   []string // substrings of the HTML
		unwant []string // and what must not be in it
		images int      // how many InlineImages
	}{
		{
			name:   "alone in its paragraph",
			body:   "Intro.\n\n" + sc + "\n\nOutro.\n",
			want:   []string{"<figure>" + img + "</figure>", "<p>Intro.</p>", "<p>Outro.</p>"},
			unwant: []string{"<p><figure>", "{{"},
			images: 1,
		},
		{
			name:   "alone, with spaces around",
			body:   "   " + sc + "   \n",
			want:   []string{"<figure>" + img + "</figure>"},
			unwant: []string{"<p>"},
			images: 1,
		},
		{
			name:   "title and caption",
			body:   "{{image: /a.png, alt: A, title: \"T <1>\", caption: \"Photo by <Ann>\"}}\n",
			want:   []string{`<figure><img src="/a.png" alt="A" title="T &lt;1&gt;" loading="lazy" decoding="async"><figcaption>Photo by &lt;Ann&gt;</figcaption></figure>`},
			images: 1,
		},
		{
			name:   "inside a sentence",
			body:   "See " + sc + " here.\n",
			want:   []string{"<p>See " + img + " here.</p>"},
			unwant: []string{"<figure>", "<p><figure>"},
			images: 1,
		},
		{
			name:   "two in one paragraph",
			body:   sc + " " + sc + "\n",
			want:   []string{"<p>" + img + " " + img + "</p>"},
			unwant: []string{"<figure>"},
			images: 2,
		},
		{
			name:   "alone in a block quote",
			body:   "> " + sc + "\n",
			want:   []string{"<blockquote>\n<figure>" + img + "</figure>"},
			images: 1,
		},
		{
			name:   "in a code span",
			body:   "Write `" + sc + "` to show an image.\n",
			want:   []string{"<code>{{image: https://example.com/a.jpg?w=800&amp;h=450, width: 800, height: 450, alt: &quot;A &amp; B&quot;}}</code>"},
			unwant: []string{"<img", "<figure>"},
		},
		{
			name:   "in a fenced code block",
			body:   "```markdown\n" + sc + "\n```\n",
			want:   []string{`<pre><code class="language-markdown">{{image:`},
			unwant: []string{"<img", "<figure>"},
		},
		{
			name:   "in an indented code block",
			body:   "Text.\n\n    " + sc + "\n",
			want:   []string{"<pre><code>{{image:"},
			unwant: []string{"<img", "<figure>"},
		},
		{
			name:   "backslash-escaped",
			body:   `\{{image: /a.png}}` + "\n",
			want:   []string{"<p>{{image: /a.png}}</p>"},
			unwant: []string{"<img"},
		},
		{
			name:   "in a table cell",
			body:   "| Picture |\n|---|\n| {{image: /a.png, alt: x}} |\n",
			want:   []string{`<td><img src="/a.png" alt="x" loading="lazy" decoding="async"></td>`},
			unwant: []string{"<figure>"},
			images: 1,
		},
		{
			// A shortcode is a template; {{ .Title }} is text outside a
			// Jekyll post, as Hugo shows it in content.
			name:   "other double braces are templates or text, not images",
			body:   "Hugo writes {{< figure >}} and {{ .Title }}; in code `{{< figure >}}`.\n",
			want:   []string{"<p>Hugo writes  and {{ .Title }}; in code <code>{{&lt; figure &gt;}}</code>.</p>"},
			unwant: []string{"<img"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/shortcodes.md", []byte(shortcodePost+tt.body), testOpts())
			if p == nil || diag.HasErrors(ps) {
				t.Fatalf("got problems %s, want none", problemList(ps))
			}
			for _, w := range tt.want {
				if !strings.Contains(p.HTML, w) {
					t.Errorf("got HTML\n%s\nwant it to contain\n%s", p.HTML, w)
				}
			}
			for _, u := range tt.unwant {
				if strings.Contains(p.HTML, u) {
					t.Errorf("got HTML\n%s\nwant it not to contain %q", p.HTML, u)
				}
			}
			if got := len(p.InlineImages); got != tt.images {
				t.Errorf("got %d inline images (%+v), want %d", got, p.InlineImages, tt.images)
			}
		})
	}
}

// TestParseInlineImages checks the images collected from the body, shortcodes
// and Markdown images alike, with their file lines.
func TestParseInlineImages(t *testing.T) {
	body := "Intro.\n" + // 8
		"\n" + // 9
		"{{image: https://example.com/a.jpg, width: 800, height: 450, alt: \"A\"}}\n" + // 10
		"\n" + // 11
		"Some text ![Inline *pic*](/img/b.png \"B title\") in a sentence.\n" + // 12
		"\n" + // 13
		"## Heading ![h](img/h.png)\n" + // 14
		"\n" + // 15
		"- item {{image: /c.png, alt: C, caption: Cap}}\n" + // 16
		"\n" + // 17
		"| col |\n|-----|\n| ![cell](https://example.com/cell.png) |\n" + // 18-20
		"\n" + // 21
		"[![linked](/d.png)](https://example.com)\n" // 22
	p, ps := Parse("posts/shortcodes.md", []byte(shortcodePost+body), testOpts())
	if p == nil || diag.HasErrors(ps) {
		t.Fatalf("got problems %s, want none", problemList(ps))
	}
	want := []post.InlineImage{
		{Src: "https://example.com/a.jpg", Alt: "A", Width: 800, Height: 450, Kind: "shortcode", Line: 10},
		{Src: "/img/b.png", Alt: "Inline pic", Title: "B title", Kind: "markdown", Line: 12},
		{Src: "img/h.png", Alt: "h", Kind: "markdown", Line: 14},
		{Src: "/c.png", Alt: "C", Caption: "Cap", Kind: "shortcode", Line: 16},
		{Src: "https://example.com/cell.png", Alt: "cell", Kind: "markdown", Line: 20},
		{Src: "/d.png", Alt: "linked", Kind: "markdown", Line: 22},
	}
	if d := cmp.Diff(want, p.InlineImages, cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".offset"
	}, cmp.Ignore())); d != "" {
		t.Errorf("InlineImages mismatch (-want +got):\n%s", d)
	}
	if len(ps) != 0 {
		t.Errorf("got problems %s, want none", problemList(ps))
	}
}

// TestParseShortcodeProblems checks that a malformed shortcode is reported on
// its line of the file, front matter counted, and is left as text.
func TestParseShortcodeProblems(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		line   int
		substr string
	}{
		{
			name:   "YAML front matter",
			src:    shortcodePost + "Intro.\n\nMore intro.\n\n{{image: /a.png, width: abc}}\n",
			line:   12,
			substr: `width: must be a whole number of pixels from 1 to 100000, got "abc"`,
		},
		{
			name:   "TOML front matter",
			src:    "+++\ntitle = \"T\"\n+++\n\n{{image: /a.png, colour: red}}\n",
			line:   5,
			substr: `unknown key "colour"`,
		},
		{
			name:   "JSON front matter",
			src:    "{\n  \"title\": \"T\"\n}\n{{image: /a.png, width: 5, width: 6}}\n",
			line:   4,
			substr: "width: given twice",
		},
		{
			name:   "JSON front matter, body on the closing line",
			src:    "{\"title\": \"T\"} First line.\n\nSecond {{image: javascript:alert(1)}}\n",
			line:   3,
			substr: `has scheme "javascript"`,
		},
		{
			name:   "inside a sentence",
			src:    shortcodePost + "Text\nmore text {{image: /a.png, alt: \"open}} and more.\n",
			line:   9,
			substr: "alt: unterminated quoted value",
		},
		{
			name:   "in a list",
			src:    shortcodePost + "- one\n- two {{image: }}\n",
			line:   9,
			substr: "has no URL",
		},
		{
			name:   "no closing braces",
			src:    shortcodePost + "\n\n{{image: /a.png, width: 800\n}}\n",
			line:   10,
			substr: "unterminated image shortcode",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte(tt.src), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			errs := errorsOf(ps)
			if len(errs) != 1 {
				t.Fatalf("got errors %s, want exactly one", problemList(errs))
			}
			wantProblem(t, errs, tt.line, tt.substr)
			if len(p.InlineImages) != 0 {
				t.Errorf("got inline images %+v, want none from a malformed shortcode", p.InlineImages)
			}
			if !strings.Contains(p.HTML, "{{image:") {
				t.Errorf("got HTML %q, want the malformed shortcode left as text", p.HTML)
			}
		})
	}
}
