package feed

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestAbsoluteHTML(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"text only", "Tom & Jerry ]]> 👋", "Tom & Jerry ]]> 👋"},
		{"relative href", `<a href="next/">n</a>`, `<a href="https://example.com/blog/posts/hello/next/">n</a>`},
		{"parent href", `<a href="../other/">o</a>`, `<a href="https://example.com/blog/posts/other/">o</a>`},
		{"root-relative src", `<img src="/images/a.png" alt="A">`, `<img src="https://example.com/images/a.png" alt="A">`},
		{"query and fragment", `<a href="?page=2#top">2</a>`, `<a href="https://example.com/blog/posts/hello/?page=2#top">2</a>`},
		{"srcset candidates and descriptors",
			`<img srcset="a.png 1x, /b.png 2x,c.png   640w , https://cdn.example.net/d.png 3x" src="a.png">`,
			`<img srcset="https://example.com/blog/posts/hello/a.png 1x, https://example.com/b.png 2x,https://example.com/blog/posts/hello/c.png   640w , https://cdn.example.net/d.png 3x" src="https://example.com/blog/posts/hello/a.png">`},
		// As the HTML standard parses srcset: a URL runs to whitespace, and
		// only its trailing commas end the candidate.
		{"srcset without descriptors, commas inside a URL",
			`<source srcset="a,b.png,c.png,, d.png">`,
			`<source srcset="https://example.com/blog/posts/hello/a,b.png,c.png,, https://example.com/blog/posts/hello/d.png">`},
		{"srcset data URL", `<img srcset="data:image/png;base64,iVBO 1x, b.png 2x">`,
			`<img srcset="data:image/png;base64,iVBO 1x, https://example.com/blog/posts/hello/b.png 2x">`},
		{"protocol-relative", `<script src="//cdn.example.net/x.js"></script>`, `<script src="https://cdn.example.net/x.js"></script>`},
		// A reader resolves "#x" against the feed, not the post: made
		// absolute, it opens the post at the heading.
		{"fragment only", `<a href="#x">x</a>`, `<a href="https://example.com/blog/posts/hello/#x">x</a>`},
		{"fragment only, area and src", `<map><area href=" #sec" alt="s"></map><img src="#i" alt="i">`,
			`<map><area href="https://example.com/blog/posts/hello/#sec" alt="s"></map><img src="https://example.com/blog/posts/hello/#i" alt="i">`},
		{"fragment only, non-ASCII heading id", `<a href="#déjà-vu">d</a>`, `<a href="https://example.com/blog/posts/hello/#d%C3%A9j%C3%A0-vu">d</a>`},
		{"empty fragment is the page", `<a href="#">top</a>`, `<a href="https://example.com/blog/posts/hello/">top</a>`},
		{"fragment only in an SVG reference stays", `<svg><use href="#icon"/><use xlink:href=" #b"/><a href="#c">c</a></svg>`,
			`<svg><use href="#icon"/><use xlink:href=" #b"/><a href="https://example.com/blog/posts/hello/#c">c</a></svg>`},
		{"mailto", `<a href="mailto:ana@example.com?subject=Hi there">m</a>`, `<a href="mailto:ana@example.com?subject=Hi there">m</a>`},
		{"tel and javascript", `<a href="tel:+123">t</a><a href="javascript:void(0)">j</a>`, `<a href="tel:+123">t</a><a href="javascript:void(0)">j</a>`},
		{"already absolute, even unencoded", `<a href="https://例え.jp/パス a">x</a>`, `<a href="https://例え.jp/パス a">x</a>`},
		{"empty attribute", `<a href="">x</a><img src>`, `<a href="">x</a><img src>`},
		{"spaces and non-ASCII encoded", `<a href="café menu/ünïcode page.html?q=a b">c</a>`,
			`<a href="https://example.com/blog/posts/hello/caf%C3%A9%20menu/%C3%BCn%C3%AFcode%20page.html?q=a%20b">c</a>`},
		{"existing escapes kept", `<a href="a%20b/c%C3%A9.html">c</a>`, `<a href="https://example.com/blog/posts/hello/a%20b/c%C3%A9.html">c</a>`},
		{"surrounding whitespace", `<a href="  next/ ">n</a>`, `<a href="https://example.com/blog/posts/hello/next/">n</a>`},
		{"poster, cite, action, formaction", `<video poster="p.jpg"></video><blockquote cite="/src"></blockquote><form action="send"><button formaction="/b">b</button></form>`,
			`<video poster="https://example.com/blog/posts/hello/p.jpg"></video><blockquote cite="https://example.com/src"></blockquote><form action="https://example.com/blog/posts/hello/send"><button formaction="https://example.com/b">b</button></form>`},
		{"object data only on object", `<object data="m.svg"></object><div data="keep">d</div>`,
			`<object data="https://example.com/blog/posts/hello/m.svg"></object><div data="keep">d</div>`},
		{"ping list", `<a href="x" ping="/p1  p2">x</a>`, `<a href="https://example.com/blog/posts/hello/x" ping="https://example.com/p1  https://example.com/blog/posts/hello/p2">x</a>`},
		{"svg xlink", `<svg><use xlink:href="icons.svg#a"/></svg>`, `<svg><use xlink:href="https://example.com/blog/posts/hello/icons.svg#a"/></svg>`},
		{"other attributes and entities kept in a rewritten tag", `<A HREF='x.html' title="Tom &amp; &quot;Jerry&quot;" data-x=1>x</A>`,
			`<a href="https://example.com/blog/posts/hello/x.html" title="Tom &amp; &#34;Jerry&#34;" data-x="1">x</A>`},
		{"untouched tags copied byte for byte", `<P CLASS=x>a &amp; b<br/><!-- <a href="c"> --></P>`, `<P CLASS=x>a &amp; b<br/><!-- <a href="c"> --></P>`},
		{"markup in script and textarea is text", `<script>var s = '<a href="x">';</script><textarea><img src=y></textarea>`,
			`<script>var s = '<a href="x">';</script><textarea><img src=y></textarea>`},
		{"bad escape left alone", `<a href="100%zz.html">x</a>`, `<a href="100%zz.html">x</a>`},
		{"malformed: unclosed tag", `<p><a href="x`, `<p><a href="x`},
		{"malformed: stray brackets", `a < b > c <<a href=x>>`, `a < b > c <<a href="https://example.com/blog/posts/hello/x">>`},
		{"malformed: unterminated comment", `<!-- <a href=x>`, `<!-- <a href=x>`},
		{"malformed: end tags only", `</p></div></a>`, `</p></div></a>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AbsoluteHTML(tc.in, postURL)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("AbsoluteHTML(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			// Rewriting is idempotent: absolute URLs stay as they are.
			again, err := AbsoluteHTML(got, postURL)
			if err != nil || again != got {
				t.Errorf("second pass = %q, %v; want %q", again, err, got)
			}
		})
	}
}

func TestAbsoluteHTMLBadBase(t *testing.T) {
	for _, base := range []string{"", "/blog/posts/hello/", "mailto:a@example.com", "https://exa mple.com/"} {
		if got, err := AbsoluteHTML(`<a href="x">x</a>`, base); err == nil || !strings.HasPrefix(err.Error(), "feed: base URL: ") {
			t.Errorf("AbsoluteHTML(_, %q) = %q, %v; want a base URL error", base, got, err)
		}
	}
}

func FuzzAbsoluteHTML(f *testing.F) {
	for _, s := range []string{
		helloHTML, trickyHTML, "",
		`<img srcset=" a.png  1x ,, b.png (x,y) 2x, , c.png," src=//x>`,
		`<a href="\\evil.example/x" ping=" a  b ">`,
		`<svg><image xlink:href=../i.png /></svg><object data=o>`,
		"<a href='x\x00y'>\xff</a><p", `<a href="%">`, `<a href=":">`, `<base href=/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 64<<10 {
			t.Skip("large inputs only slow the search down")
		}
		out, err := AbsoluteHTML(in, postURL)
		if err != nil {
			t.Fatalf("AbsoluteHTML(%q): %v", in, err)
		}
		if _, err := html.Parse(strings.NewReader(out)); err != nil {
			t.Fatalf("output does not re-parse: %v\n%q", err, out)
		}
		again, err := AbsoluteHTML(out, postURL)
		if err != nil || again != out {
			t.Fatalf("not idempotent: %q\n  -> %q\n  -> %q (%v)", in, out, again, err)
		}
	})
}
