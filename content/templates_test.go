package content

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// TestTemplates: Hugo shortcodes and Liquid tags are left out of the HTML
// and the summary with a warning naming their line (the body starts at
// line 4); code keeps them; the native image shortcode is no template.
func TestTemplates(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		html     string
		summary  string
		problems []string // "line: message"
	}{
		{
			name:     "a shortcode first is not the summary",
			body:     "{{< youtube dQw4w9WgXcQ >}}\n\nThe real first paragraph.\n",
			html:     "<p>The real first paragraph.</p>\n",
			summary:  "The real first paragraph.",
			problems: []string{"4: body: hugo shortcode {{< youtube >}}" + noTemplates},
		},
		{
			name:     "a paired shortcode keeps its content; its end is not warned about again",
			body:     "{{% notice info %}}\nInside the *notice*.\n{{% /notice %}}\n",
			html:     "<p>Inside the <em>notice</em>.</p>\n",
			summary:  "Inside the notice.",
			problems: []string{"4: body: hugo shortcode {{% notice %}}" + noTemplates},
		},
		{
			name:     "a block may end with the other delimiter",
			body:     "{{< notice >}}\nIn.\n{{% / notice %}}\n",
			html:     "<p>In.</p>\n",
			summary:  "In.",
			problems: []string{"4: body: hugo shortcode {{< notice >}}" + noTemplates},
		},
		{
			name:    "an end tag without its start is warned about",
			body:    "Text.{{< /notice >}}\n",
			html:    "<p>Text.</p>\n",
			summary: "Text.",
			problems: []string{
				"4: body: hugo shortcode {{< /notice >}}" + noTemplates,
			},
		},
		{
			name:    "inline shortcodes and Liquid",
			body:    "See {{< ref \"other.md\" >}}, {% include note.html %} and {{ page.title | upcase }}.\n{{<youtube id>}} {{- site.x -}}\n",
			html:    "<p>See ,  and .</p>\n",
			summary: "See , and .",
			problems: []string{
				"4: body: hugo shortcode {{< ref >}}" + noTemplates,
				"4: body: liquid output {{ page.title | upcase }}" + noTemplates,
				"4: body: liquid tag {% include %}" + noTemplates,
				"5: body: hugo shortcode {{< youtube >}}" + noTemplates,
				"5: body: liquid output {{ site.x }}" + noTemplates,
			},
		},
		{
			name:    "a Liquid block keeps its content",
			body:    "{%- if page.x -%}\nShown.\n{% else %}\nAlso.\n{%- endif -%}\n",
			html:    "<p>Shown.</p>\n<p>Also.</p>\n",
			summary: "Shown.",
			problems: []string{
				"4: body: liquid tag {% if %}" + noTemplates,
				"6: body: liquid tag {% else %}" + noTemplates,
			},
		},
		{
			name:    "code is literal",
			body:    "Write `{{< youtube id >}}` or `{% raw %}`.\n\n```\n{{ page.title }}\n{% include x %}\n```\n\n    {{< indented >}}\n",
			html:    "<p>Write <code>{{&lt; youtube id &gt;}}</code> or <code>{% raw %}</code>.</p>\n<pre><code>{{ page.title }}\n{% include x %}\n</code></pre>\n<pre><code>{{&lt; indented &gt;}}\n</code></pre>\n",
			summary: "Write {{< youtube id >}} or {% raw %}.",
		},
		{
			name:     "raw HTML keeps its own warning only",
			body:     "<div class=\"{{ x }}\">\n</div>\n",
			html:     "<!-- raw HTML omitted -->\n",
			problems: []string{"4: body: raw HTML is left out of the output (Markdown is rendered safely)"},
		},
		{
			name:    "the image shortcode is no template",
			body:    "{{image: /a.png, alt: \"A\"}}\n\nText {{ image : /b.png, alt: B }} here.\n",
			html:    "<figure><img src=\"/a.png\" alt=\"A\" loading=\"lazy\" decoding=\"async\"></figure>\n<p>Text <img src=\"/b.png\" alt=\"B\" loading=\"lazy\" decoding=\"async\"> here.</p>\n",
			summary: "Text here.",
		},
		{
			name:     "a broken image shortcode is still an error",
			body:     "{{image: /a.png, width: big}}\n\n{{ page.title }}\n",
			summary:  "{{image: /a.png, width: big}}",
			problems: []string{"4: body: image shortcode: width: must be a whole number of pixels from 1 to 100000, got \"big\"", "6: body: liquid output {{ page.title }}" + noTemplates},
		},
		{
			name:    "Liquid highlight is a code block",
			body:    "Intro.\n\n{% highlight go linenos %}\nfunc main() {\n\t// *not* emphasis\n}\n{% endhighlight %}\n",
			html:    "<p>Intro.</p>\n<pre><code class=\"language-go\">func main() {\n\t// *not* emphasis\n}\n</code></pre>\n",
			summary: "Intro.",
		},
		{
			name: "a highlight holding a fence gets a longer one",
			body: "{% highlight markdown %}\n```\ncode\n```\n{% endhighlight %}\n",
			html: "<pre><code class=\"language-markdown\">```\ncode\n```\n</code></pre>\n",
		},
		{
			name: "Hugo highlight is a code block",
			body: "{{< highlight python \"linenos=table\" >}}\nprint(\"{{ x }}\")\n{{< / highlight >}}\n",
			html: "<pre><code class=\"language-python\">print(&quot;{{ x }}&quot;)\n</code></pre>\n",
		},
		{
			name:     "a highlight inside a line loses its tags only",
			body:     "Run {% highlight sh %}ls{% endhighlight %} now.\n",
			html:     "<p>Run ls now.</p>\n",
			summary:  "Run ls now.",
			problems: []string{"4: body: liquid tag {% highlight %} is not on lines of its own with its end tag: the tags are left out, and the code is read as Markdown"},
		},
		{
			name:     "an unclosed highlight",
			body:     "{% highlight go %}\nx := 1\n",
			html:     "<p>x := 1</p>\n",
			summary:  "x := 1",
			problems: []string{"4: body: liquid tag {% highlight %} has no end tag: the tag is left out, and the code after it is read as Markdown"},
		},
		{
			name:    "raw keeps templates as text",
			body:    "Use {% raw %}{{ page.title }}{% endraw %} in a layout.\n\n{% raw %}\n```liquid\n{% if x %}{{ y }}{% endif %}\n```\n{% endraw %}\n",
			html:    "<p>Use {{ page.title }} in a layout.</p>\n<pre><code class=\"language-liquid\">{% if x %}{{ y }}{% endif %}\n</code></pre>\n",
			summary: "Use {{ page.title }} in a layout.",
		},
		{
			name:     "an unclosed raw",
			body:     "{% raw %} {{ a }}\n",
			html:     "",
			problems: []string{"4: body: liquid output {{ a }}" + noTemplates, "4: body: liquid tag {% raw %} has no {% endraw %}: the tag is left out, and what follows it is kept"},
		},
		{
			name:    "a comment is left out whole",
			body:    "Before.\n\n{% comment %}\nA note to *self*, {{ x }}.\n{% endcomment %}\n\nAfter.\n",
			html:    "<p>Before.</p>\n<p>After.</p>\n",
			summary: "Before.",
		},
		{
			name:    "Hugo's escaped shortcode is text",
			body:    "Write {{</* figure src=\"x\" */>}} or {{%/* notice */%}}.\n",
			html:    "<p>Write {{&lt; figure src=&quot;x&quot; &gt;}} or {{% notice %}}.</p>\n",
			summary: "Write {{< figure src=\"x\" >}} or {{% notice %}}.",
		},
		{
			// Hugo reads shortcodes before Markdown: code shows the
			// escaped one as the shortcode, and leaves any other alone.
			name:    "Hugo's escaped shortcode in code",
			body:    "Use `{{</* youtube abc */>}}` and `{{< x >}}`:\n\n```\n{{</* youtube abc */>}}\n```\n",
			html:    "<p>Use <code>{{&lt; youtube abc &gt;}}</code> and <code>{{&lt; x &gt;}}</code>:</p>\n<pre><code>{{&lt; youtube abc &gt;}}\n</code></pre>\n",
			summary: "Use {{< youtube abc >}} and {{< x >}}:",
		},
		{
			name:    "a shortcode over lines",
			body:    "{{< gallery\n  dir=\"a\"\n  alt=\"A\"\n>}}\n\nText.\n\n<span>bold</span>\n",
			html:    "<p>Text.</p>\n<p><!-- raw HTML omitted -->bold<!-- raw HTML omitted --></p>\n",
			summary: "Text.",
			problems: []string{
				"4: body: hugo shortcode {{< gallery >}}" + noTemplates,
				"11: body: raw HTML is left out of the output (Markdown is rendered safely)",
			},
		},
		{
			name:    "Liquid in part of an image URL",
			body:    "![Alt]({{ site.baseurl }}/a.png)\n",
			html:    "<p><img src=\"/a.png\" alt=\"Alt\"></p>\n",
			summary: "",
			problems: []string{
				"4: body: liquid output {{ site.baseurl }} is left out of a link or image URL: seopipe does not run site templates; write the URL out in full",
			},
		},
		{
			name:    "a template as the whole URL",
			body:    "A [link]({{< ref \"x.md\" >}}), an ![image]({{< r >}} \"T\") and [ref].\n\n[ref]: {% post_url 2020-01-01-x %}\n",
			html:    "<p>A link, an  and ref.</p>\n",
			summary: "A link, an and ref.",
			problems: []string{
				"4: body: hugo shortcode {{< r >}} is the whole of a link or image URL: seopipe does not run site templates, so the image is left out, or the link keeps only its text",
				"4: body: hugo shortcode {{< ref >}} is the whole of a link or image URL: seopipe does not run site templates, so the image is left out, or the link keeps only its text",
				"6: body: liquid tag {% post_url %} is the whole of a link or image URL: seopipe does not run site templates, so the image is left out, or the link keeps only its text",
			},
		},
		{
			name:    "not templates",
			body:    "Braces {{ }} and {% %}, {{{ triple }}}, unclosed {{ x and {%, a {{ b\n\n}} break, {{<  >}}, {% Not %}.\n",
			html:    "<p>Braces {{ }} and {% %}, {{{ triple }}}, unclosed {{ x and {%, a {{ b</p>\n<p>}} break, {{&lt;  &gt;}}, {% Not %}.</p>\n",
			summary: "Braces {{ }} and {% %}, {{{ triple }}}, unclosed {{ x and {%, a {{ b",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: T\n---\n" + tt.body
			for _, skip := range []bool{false, true} {
				opts := testOpts()
				opts.SkipHTML = skip
				p, ps := Parse("_posts/t.md", []byte(src), opts)
				if p == nil {
					t.Fatalf("got nil Post; problems: %s", problemList(ps))
				}
				if !skip && tt.html != "" {
					if d := cmp.Diff(tt.html, p.HTML); d != "" {
						t.Errorf("HTML (-want +got):\n%s", d)
					}
				}
				if p.Summary != tt.summary {
					t.Errorf("summary %q, want %q", p.Summary, tt.summary)
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

// TestTemplatesKeepLines: taking templates out keeps every later line's
// number, for the images' lines and every problem.
func TestTemplatesKeepLines(t *testing.T) {
	body := "{{< a\n  b=\"c\"\n>}} {% comment %}\n\n\n{% endcomment %}\n![x](/x.png)\n"
	p, ps := Parse("_posts/t.md", []byte("---\ntitle: T\n---\n"+body), testOpts())
	if p == nil || len(p.InlineImages) != 1 {
		t.Fatalf("got %v; problems: %s", p, problemList(ps))
	}
	if got, want := p.InlineImages[0].Line, 4+strings.Count(body, "\n")-1; got != want {
		t.Errorf("image at line %d, want %d", got, want)
	}
}
