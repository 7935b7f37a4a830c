package picture

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	xhtml "golang.org/x/net/html"

	"github.com/seopipe/seopipe/site"
)

func testSet() *site.ImageSet {
	v := func(w, h int, f string) site.Variant {
		return site.Variant{URL: "https://ex.com/images/p/a-" + f + "-" + strconv.Itoa(w) + "." + f, Width: w, Height: h, Format: f}
	}
	return &site.ImageSet{
		Role: "hero", Src: "a.jpg", Alt: `Fish & "chips"`,
		Variants: []site.Variant{v(480, 270, "jpeg"), v(960, 540, "jpeg"), v(1440, 810, "jpeg"),
			v(480, 270, "webp"), v(960, 540, "webp"), v(1440, 810, "webp")},
		Placeholder: &site.Placeholder{Color: "#336699", DataURI: "data:image/jpeg;base64,AA"},
	}
}

// parse returns the attributes of every element named tag, via a real
// HTML parser.
func parse(t *testing.T, s, tag string) []map[string]string {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode && n.Data == tag {
			m := map[string]string{}
			for _, a := range n.Attr {
				m[a.Key] = a.Val
			}
			out = append(out, m)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func TestMarkup(t *testing.T) {
	got := Markup(testSet(), "", false)
	sources := parse(t, got, "source")
	wantSources := []map[string]string{{
		"type":   "image/webp",
		"srcset": "https://ex.com/images/p/a-webp-480.webp 480w, https://ex.com/images/p/a-webp-960.webp 960w, https://ex.com/images/p/a-webp-1440.webp 1440w",
		"sizes":  "(max-width: 1440px) 100vw, 1440px",
	}}
	if diff := cmp.Diff(wantSources, sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	imgs := parse(t, got, "img")
	wantImg := []map[string]string{{
		"src":      "https://ex.com/images/p/a-jpeg-1440.jpeg",
		"srcset":   "https://ex.com/images/p/a-jpeg-480.jpeg 480w, https://ex.com/images/p/a-jpeg-960.jpeg 960w, https://ex.com/images/p/a-jpeg-1440.jpeg 1440w",
		"sizes":    "(max-width: 1440px) 100vw, 1440px",
		"width":    "1440",
		"height":   "810",
		"alt":      `Fish & "chips"`,
		"decoding": "async",
		"style":    "background-color:#336699",
	}}
	if diff := cmp.Diff(wantImg, imgs); diff != "" {
		t.Errorf("img (-want +got):\n%s", diff)
	}
	if !strings.Contains(Markup(testSet(), "50vw", true), `loading="lazy"`) {
		t.Error("lazy markup has no loading=lazy")
	}
	if Markup(&site.ImageSet{}, "", false) != "" {
		t.Error("a set without variants gave markup")
	}
}

func TestRewrite(t *testing.T) {
	set := testSet()
	find := func(src string) *site.ImageSet {
		if src == "https://remote.example/a b.jpg" {
			return set
		}
		return nil
	}
	tests := []struct {
		name, in string
		want     []map[string]string // the img attributes after
	}{
		{
			name: "shortcode figure with a width hint",
			in:   `<p>Intro &amp; more</p><figure><img src="https://remote.example/a b.jpg" alt="A" width="800" height="450"><figcaption>c</figcaption></figure>`,
			want: []map[string]string{{"src": set.Variants[2].URL, "alt": "A", "width": "800", "height": "450",
				"srcset": "https://ex.com/images/p/a-jpeg-480.jpeg 480w, https://ex.com/images/p/a-jpeg-960.jpeg 960w, https://ex.com/images/p/a-jpeg-1440.jpeg 1440w",
				"sizes":  "(max-width: 800px) 100vw, 800px", "loading": "lazy"}},
		},
		{
			name: "uppercase self-closing tag the finder does not know",
			in:   `<IMG SRC="https://remote.example/a%20b.jpg"/>`,
			want: []map[string]string{{"src": "https://remote.example/a%20b.jpg"}},
		},
		{
			name: "uppercase self-closing tag rewritten",
			in:   `<IMG SRC="https://remote.example/a b.jpg"/>`,
			want: []map[string]string{{"src": set.Variants[2].URL, "width": "1440", "height": "810", "loading": "lazy",
				"srcset": "https://ex.com/images/p/a-jpeg-480.jpeg 480w, https://ex.com/images/p/a-jpeg-960.jpeg 960w, https://ex.com/images/p/a-jpeg-1440.jpeg 1440w",
				"sizes":  "(max-width: 1440px) 100vw, 1440px"}},
		},
		{
			name: "repeated src: the first wins, as in browsers",
			in:   `<img src="/other.png" src="https://remote.example/a b.jpg">`,
			want: []map[string]string{{"src": "/other.png"}},
		},
		{
			name: "unknown image untouched",
			in:   `<img src="/other.png" alt="x">`,
			want: []map[string]string{{"src": "/other.png", "alt": "x"}},
		},
		{
			name: "img text inside code is not an element",
			in:   `<pre><code>&lt;img src="https://remote.example/a b.jpg"&gt;</code></pre>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Rewrite(tt.in, find)
			if diff := cmp.Diff(tt.want, parse(t, got, "img")); diff != "" {
				t.Errorf("img (-want +got):\n%s\n%s", diff, got)
			}
			// Everything but the img tag is kept byte for byte.
			strip := func(s string) string {
				for {
					i := strings.Index(strings.ToLower(s), "<img")
					if i < 0 {
						return s
					}
					j := strings.Index(s[i:], ">")
					s = s[:i] + s[i+j+1:]
				}
			}
			if strip(got) != strip(tt.in) {
				t.Errorf("text around the img changed:\n got %s\nwant %s", got, tt.in)
			}
		})
	}
}

// FuzzRewrite: any body, rewritten, keeps every byte outside the img tags
// it changed, and parses.
func FuzzRewrite(f *testing.F) {
	f.Add(`<p>a</p><img src="https://remote.example/a b.jpg" alt="x" width="800">`)
	f.Add(`<IMG SRC="https://remote.example/a b.jpg"/><script>"<img src=x>"</script>`)
	f.Add(`<img src=https://remote.example/a%20b.jpg><img`)
	f.Add(`<pre>&lt;img src="x"&gt;</pre><!-- <img src="y"> -->`)
	set := testSet()
	f.Fuzz(func(t *testing.T, body string) {
		got := Rewrite(body, func(src string) *site.ImageSet {
			if strings.Contains(src, "remote.example") {
				return set
			}
			return nil
		})
		if !strings.Contains(got, "srcset=") && got != body {
			t.Fatalf("nothing rewritten, yet the body changed:\n%q\n%q", body, got)
		}
		if _, err := xhtml.Parse(strings.NewReader(got)); err != nil {
			t.Fatal(err)
		}
		if again := Rewrite(got, func(string) *site.ImageSet { return nil }); again != got {
			t.Fatalf("a rewrite with no images changed the body:\n%q\n%q", got, again)
		}
	})
}
