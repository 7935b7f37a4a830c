package content

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// TestHugoFigure: Hugo's figure shortcode is read as an image, with the
// parameters the image shortcode has, at the line it is on (the body
// starts at line 4); a figure without src is still a template left out.
func TestHugoFigure(t *testing.T) {
	const img = `<img src="/img/cat.jpg" alt="A cat" loading="lazy" decoding="async">`
	tests := []struct {
		name     string
		body     string
		html     string
		images   []post.InlineImage
		problems []string
	}{
		{
			name:   "alone in its paragraph: a figure",
			body:   "Intro.\n\n{{< figure src=\"/img/cat.jpg\" alt=\"A cat\" >}}\n\nOutro.\n",
			html:   "<p>Intro.</p>\n<figure>" + img + "</figure>\n<p>Outro.</p>\n",
			images: []post.InlineImage{{Src: "/img/cat.jpg", Alt: "A cat", Kind: "shortcode", Line: 6}},
		},
		{
			name: "every parameter the image shortcode has",
			body: "{{% figure src=`cat one.jpg` title='x' caption=\"Said \\\"hi\\\" \\\\ <b>\" width=640 height=\"480\" link=\"/big.jpg\" class=\"wide\" %}}\n",
			html: `<figure><img src="cat%20one.jpg" alt="Said &#34;hi&#34; \ &lt;b&gt;" width="640" height="480" title="&#39;x&#39;" loading="lazy" decoding="async">` +
				`<figcaption>Said &#34;hi&#34; \ &lt;b&gt;</figcaption></figure>` + "\n",
			images: []post.InlineImage{{Src: "cat%20one.jpg", Alt: `Said "hi" \ <b>`, Width: 640, Height: 480, Title: "'x'", Caption: `Said "hi" \ <b>`, Kind: "shortcode", Line: 4}},
		},
		{
			name:   "a size that is no whole number of pixels is left to the stylesheet",
			body:   "{{< figure src=\"/img/cat.jpg\" alt=\"A cat\" width=\"50%\" height=0 >}}\n",
			html:   "<figure>" + img + "</figure>\n",
			images: []post.InlineImage{{Src: "/img/cat.jpg", Alt: "A cat", Kind: "shortcode", Line: 4}},
		},
		{
			name:   "over several lines: the lines below keep their numbers",
			body:   "{{< figure\n  src=\"/img/cat.jpg\"\n  alt=\"A cat\"\n>}}\n![dog](/img/dog.jpg)\n",
			html:   "<figure>" + img + "</figure>\n<p><img src=\"/img/dog.jpg\" alt=\"dog\"></p>\n",
			images: []post.InlineImage{{Src: "/img/cat.jpg", Alt: "A cat", Kind: "shortcode", Line: 4}, {Src: "/img/dog.jpg", Alt: "dog", Kind: "markdown", Line: 8}},
		},
		{
			name:   "inside text: an inline image",
			body:   "See {{< figure src=\"/img/cat.jpg\" alt=\"A cat\" >}} here.\n",
			html:   "<p>See " + img + " here.</p>\n",
			images: []post.InlineImage{{Src: "/img/cat.jpg", Alt: "A cat", Kind: "shortcode", Line: 4}},
		},
		{
			name:     "no src: left out with a warning",
			body:     "{{< figure caption=\"Lost\" >}}\n\nText.\n",
			html:     "<p>Text.</p>\n",
			problems: []string{"4: body: hugo shortcode {{< figure >}}" + noTemplates},
		},
		{
			name:     "positional parameters are not a figure's",
			body:     "{{< figure \"/img/cat.jpg\" >}}\n\nText.\n",
			html:     "<p>Text.</p>\n",
			problems: []string{"4: body: hugo shortcode {{< figure >}}" + noTemplates},
		},
		{
			name: "in code and escaped it stays text",
			body: "`{{< figure src=\"/a.png\" >}}` {{</* figure src=\"/a.png\" */>}}\n",
			html: "<p><code>{{&lt; figure src=&quot;/a.png&quot; &gt;}}</code> {{&lt; figure src=&quot;/a.png&quot; &gt;}}</p>\n",
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
			if d := cmp.Diff(tt.images, p.InlineImages); d != "" {
				t.Errorf("images (-want +got):\n%s", d)
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

// FuzzHugoFigure: whatever the parameters, a figure read as an image gives
// an image shortcode that parses, with the src and texts it was given.
func FuzzHugoFigure(f *testing.F) {
	for _, s := range []string{
		`src="/a.png" alt="A"`, "src=`a b}}.png` caption=\"x\\\"y\\\\\"", `src=x width=5 height=-1`, `"/pos.png"`, `src="a" src="b"`,
		"src=\"/a.png\" caption=\"line\none\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		sc, ok := hugoFigure(args)
		if !ok {
			return
		}
		got, n, err := ParseShortcode(sc)
		if err != nil {
			// A src the image shortcode refuses (a scheme it does not
			// fetch, say) is refused with a message, not misread.
			return
		}
		if n != len(sc) {
			t.Fatalf("shortcode %q parsed to %d of %d bytes", sc, n, len(sc))
		}
		params, _ := hugoNamedArgs(args)
		want := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(strings.TrimSpace(params["alt"]))
		if want != "" && got.Alt != want {
			t.Errorf("%q: alt %q, want %q", sc, got.Alt, want)
		}
	})
}
