package content

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// maxFuzzInput is the largest input the fuzzers try: the parsers are linear,
// and huge inputs only slow the search down.
const maxFuzzInput = 64 << 10

// frontMatterSeeds are documents, good and bad, in all three formats.
var frontMatterSeeds = []string{
	"---\ntitle: Hello\nslug: hello\ndate: 2025-11-07\ntags: [a, b]\nimage: {src: /a.png, alt: A}\n---\n\nBody with {{image: /b.png, width: 800, height: 450, alt: \"B\"}}.\n",
	"---\ntitle: Hello\ndate: 2025-08-21T08:00:00Z\npublished: false\nseo:\n  title: T\n  description: D\ncard: {theme: dark}\n...\n# Heading\n\n- a\n- b\n",
	"---\ntitle: Bad\ntags: [a, b\n---\nx\n",
	"---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n<<: {z: 1}\n---\n",
	"---\n- a list\n---\n",
	"---\ntitle: Hello\n",
	"---",
	"+++\ntitle = \"Hello\"\ndate = 2025-07-30\nlastmod = 2025-08-01T10:00:00+02:00\ndescription = \"\"\"\nmulti\n[not.table]\n\"\"\"\n[seo]\ntitle = \"S\"\n[[images]]\nsrc = \"/a.png\"\n+++\nBody ![a](/a.png \"t\")\n",
	"+++\ntitle = \n+++\n",
	"+++\n+++\n",
	"{\n  \"title\": \"Hello\",\n  \"tags\": \"a, b\",\n  \"featured\": true,\n  \"n\": 1e400\n}\nBody\n",
	"{\"title\": \"x\"} inline body\n",
	"{\n\"title\": \"x\"\n\"slug\": \"y\"\n}\n",
	"{",
	"\uFEFF---\r\ntitle: CRLF\r\n---\r\n\r\n{{image: javascript:alert(1)}}\r\n",
	"---\ntitle: T\n---\n`{{image: x}}`\n\n```\n{{image: y}}\n```\n{{image: /a.png, alt: \"unterminated}}\n",
	"",
	" \n\t\n",
	"\x00binary",
	"---\ntitle: \xff\n---\n",
	"---\ntitle: T\r---\rbody\r",
	"---\ntitle: T\nlang: pt_BR\n---\n",
	"+++\ntitle = \"T\"\nlanguage = \"zh_hant-tw\"\n+++\n",
	"{\"title\": \"T\", \"lang\": \"english please\"}\n",
	"---\ntitle: T\ndate: 2025-03-30 02:30\nlastmod: 2025-10-26T02:30:00\n---\n",
	"+++\ntitle = \"T\"\ndate = 2025-03-30T02:30:00\nwhen = [2025-03-30T02:30:00]\n+++\n",
	"---\ntitle: T\npubDate: 'Jul 08 2022'\nupdatedDate: 8 July, 2022\n---\n",
	"---\ntitle: A\nTitle: B\nTITLE: C\ntitle: D\n---\n",
	"+++\nTitle = \"A\"\ntitle = \"B\"\nCard = 1\n[card]\ntheme = \"x\"\n+++\n",
	"{\"Title\": \"A\",\n\"title\": \"B\", \"title\": \"C\"}\n",
	"---\nlayout: post\ntitle:  \"Welcome to Jekyll!\"\ndate:   2015-11-12 19:42:46 +0100\ncategories: jekyll update\ntags: \" one\\ttwo  \"\n---\nx\n",
	"+++\ntitle = \"T\"\ncategory = \"a b\"\ncategories = \"c, d e\"\ntags = [\"Machine Learning\"]\n+++\n",
}

func FuzzFrontMatter(f *testing.F) {
	for _, s := range frontMatterSeeds {
		f.Add([]byte(s))
	}
	// The seed post's front matter, when ../shared is beside the checkout.
	if src, err := os.ReadFile(seedPath); err == nil {
		if _, block, _, _, _, err := split(src); err == nil {
			f.Add([]byte("---\n" + string(block) + "---\n"))
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzInput {
			t.Skip("input over 64 KiB")
		}
		const rel = "posts/fuzz.md"
		p, ps := Parse(rel, src, ParseOptions{Location: malta, DefaultLang: "en"})
		if p != nil {
			if _, err := json.Marshal(p); err != nil {
				t.Errorf("posts.json could not carry the post: %v", err)
			}
		}
		// Skipping the HTML changes nothing else.
		q, qs := Parse(rel, src, ParseOptions{Location: malta, DefaultLang: "en", SkipHTML: true})
		if d := cmp.Diff(ps, qs); d != "" {
			t.Errorf("problems differ with SkipHTML (-without +with):\n%s", d)
		}
		if (p == nil) != (q == nil) || p != nil && (p.Summary != q.Summary || p.WordCount != q.WordCount ||
			!cmp.Equal(p.InlineImages, q.InlineImages)) {
			t.Errorf("Post differs with SkipHTML")
		}
		// Lone CRs count as line ends too.
		maxLine := bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) + 1
		for _, pr := range ps {
			if pr.Path != rel {
				t.Errorf("problem %q: got Path %q, want %q", pr.Error(), pr.Path, rel)
			}
			if pr.Line < 0 || pr.Line > maxLine+1 {
				t.Errorf("problem %q: got Line %d, want 0..%d", pr.Error(), pr.Line, maxLine+1)
			}
			if pr.Message == "" {
				t.Errorf("problem %q: got an empty Message", pr.Error())
			}
			if pr.Severity != diag.Error && pr.Severity != diag.Warning {
				t.Errorf("problem %q: got Severity %d", pr.Error(), pr.Severity)
			}
		}
		if p == nil {
			if !diag.HasErrors(ps) {
				t.Errorf("got nil Post without an error; problems: %s", problemList(ps))
			}
			return
		}
		if p.Format == "" {
			t.Errorf("got a Post with an empty Format")
		}
		if p.Source != rel {
			t.Errorf("got Source %q, want %q", p.Source, rel)
		}
		if n := utf8.RuneCountInString(p.Summary); p.Excerpt == "" && n > SummaryLength {
			t.Errorf("got a derived summary of %d characters, want at most %d", n, SummaryLength)
		}
		if !utf8.ValidString(p.HTML) {
			t.Errorf("got HTML that is not valid UTF-8")
		}
		for _, img := range p.InlineImages {
			if img.Line < 1 || img.Line > maxLine {
				t.Errorf("inline image %q: got Line %d, want 1..%d", img.Src, img.Line, maxLine)
			}
		}
		for k, line := range p.Lines {
			if line < 0 || line > maxLine {
				t.Errorf("got Lines[%q] = %d, want 0..%d", k, line, maxLine)
			}
		}
		if tag, _ := CanonicalLang(p.Lang); !diag.HasErrors(ps) && p.Lang != "" && tag != p.Lang {
			t.Errorf("got Lang %q without an error, want a canonical language tag (%q)", p.Lang, tag)
		}
		if p.Slug != "" && !diag.HasErrors(ps) {
			if err := CheckSlug(p.Slug); err != nil {
				t.Errorf("got slug %q without an error, but CheckSlug says %v", p.Slug, err)
			}
		}
	})
}

func FuzzShortcode(f *testing.F) {
	for _, s := range []string{
		"{{image: https://example.com/a.jpg, width: 800, height: 450, alt: \"A, b\"}}",
		"{{ image : /a.png , title: 'It\\'s', caption: c,}} tail",
		"{{image: /a.png, alt: \"a }} b\"}}",
		"{{image: /a.png, width: abc}}",
		"{{image: /a.png, width: 0}}",
		"{{image: /a.png, colour: red}}",
		"{{image: /a.png, width: 1, width: 2}}",
		"{{image: javascript:alert(1)}}",
		"{{image: /a.png, alt: \"open}}",
		"{{image: , alt: x}}",
		"{{image: /a.png",
		"{{image:}}",
		"{{image:",
		"{{figure: x}}",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzInput {
			t.Skip("input over 64 KiB")
		}
		sc, n, err := ParseShortcode(s)
		if n < 0 || n > len(s) {
			t.Fatalf("ParseShortcode(%q) consumed %d bytes, want 0..%d", s, n, len(s))
		}
		if err != nil {
			if n != 0 {
				t.Errorf("ParseShortcode(%q) consumed %d bytes with error %v, want 0", s, n, err)
			}
			return
		}
		if !IsShortcodeStart(s) {
			t.Errorf("ParseShortcode(%q) succeeded, but IsShortcodeStart is false", s)
		}
		if !strings.HasSuffix(s[:n], "}}") {
			t.Errorf("ParseShortcode(%q) consumed %q, want it to end with }}", s, s[:n])
		}
		if sc.Width < 0 || sc.Height < 0 {
			t.Errorf("ParseShortcode(%q) = width %d, height %d, want ≥ 0", s, sc.Width, sc.Height)
		}
		if sc.Src == "" || checkImageSrc(sc.Src) != nil {
			t.Errorf("ParseShortcode(%q) accepted src %q", s, sc.Src)
		}
		// What was consumed parses alone to the same shortcode.
		sc2, n2, err := ParseShortcode(s[:n])
		if err != nil || n2 != n || sc2 != sc {
			t.Errorf("ParseShortcode(%q) = %+v, %d, %v; want %+v, %d, nil as for the whole input", s[:n], sc2, n2, err, sc, n)
		}
	})
}

// dateSeeds are front-matter dates, good and bad, in every accepted layout.
var dateSeeds = []string{
	"2025-11-07",
	"2025-11-07T10:00:00+01:00",
	"2025-11-07T10:00:00.123Z",
	"2025-11-07 10:00",
	"2025-11-07 10:00:00 +0100",
	"Fri, 07 Nov 2025 10:00:00 +0100",
	"2025-03-09 02:30",      // skipped in New York
	"2025-03-30T02:15:30.5", // skipped in Malta
	"2025-11-02 01:30",      // shown twice in New York
	"Jul 08 2022",
	"Jul 8, 2022",
	"january 2, 2006",
	"2 JAN 2006",
	"02 January 2006",
	"Feb 30 2025",
	"2025-13-45",
	"11/07/2025",
	"",
}

func FuzzParseDate(f *testing.F) {
	for i, s := range dateSeeds {
		f.Add(s, i%2 == 0)
	}
	newYork := mustLoadLocation("America/New_York")
	f.Fuzz(func(t *testing.T, s string, inNewYork bool) {
		if len(s) > 1024 {
			t.Skip("input over 1 KiB")
		}
		loc := malta
		if inNewYork {
			loc = newYork
		}
		got, note, err := parseDate(s, loc)
		if err != nil {
			if !got.IsZero() || note != "" {
				t.Errorf("parseDate(%q) = %s, %q with error %v; want the zero time and no note", s, got, note, err)
			}
			return
		}
		if note != "" && !strings.Contains(note, loc.String()) {
			t.Errorf("parseDate(%q) note %q does not name the zone %s", s, note, loc)
		}
		if _, off := got.Zone(); got.Year() < 0 || got.Year() > 9999 || off%60 != 0 {
			return // RFC 3339 cannot write it (a local mean time's offset has seconds)
		}
		// What was read reads back as the same instant, and exists.
		again, note2, err := parseDate(got.Format(time.RFC3339Nano), loc)
		if err != nil || !again.Equal(got) || note2 != "" {
			t.Errorf("parseDate(%q) = %s; read back: %s, %q, %v", s, got.Format(time.RFC3339Nano), again, note2, err)
		}
	})
}

// FuzzTemplates: taking Hugo shortcodes and Liquid tags out of a body keeps
// its line count (so every later line keeps its number), and its warnings
// point into the body.
func FuzzTemplates(f *testing.F) {
	for _, s := range []string{
		"{{< youtube id >}}\n\nText {{ page.title }} and {% include x.html %}.\n",
		"{{% notice %}}\nIn.\n{{% /notice %}}\n{{< / notice >}}\n",
		"{% highlight go %}\n```\nx\n```\n{% endhighlight %}\n{{< highlight py >}}\ny\n{{< /highlight >}}\n",
		"{% raw %}{{ a }}{% endraw %} {% raw %}\n{% comment %}\nx\n{% endcomment %}\n",
		"[a]({{< ref \"b\" >}}) ![c]({{ site.baseurl }}/d.png) ![e](<{{< f >}}> \"t\")\n\n[g]: {% post_url x %}\n",
		"{{</* figure */>}} {{%/* x */%}} `{{< code >}}`\n\n    {{ indented }}\n\n<div>{{ html }}</div>\n",
		"{{< figure\n  src=\"x\"\n>}}\n{{image: /a.png, alt: A}} {{{ x }}} {{ }} {% %}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) > maxFuzzInput {
			t.Skip("input over 64 KiB")
		}
		src := []byte(body)
		doc, _ := parseBody(src, false)
		ed := stripTemplates(src, doc, true)
		if ed == nil {
			return
		}
		if got, want := bytes.Count(ed.src, []byte("\n")), bytes.Count(src, []byte("\n")); got != want {
			t.Errorf("%d line ends after taking templates out of %q, want %d: %q", got, body, want, ed.src)
		}
		for _, n := range ed.notes {
			if n.offset < 0 || n.offset >= len(src) || n.msg == "" {
				t.Errorf("note %+v does not point into %q", n, body)
			}
		}
		if _, err := renderBody(src, bodyOptions{liquid: true}); err != nil {
			t.Errorf("renderBody(%q): %v", body, err)
		}
	})
}

// FuzzMDX: reading an .mdx body without its JavaScript keeps its line
// count, and its warnings point into the body.
func FuzzMDX(f *testing.F) {
	for _, s := range []string{
		"import A from 'a'\nimport {\n  B,\n} from 'b'\nexport const x = {\n}\n\nText {x} {/* c */}.\n",
		"<YouTube id=\"x\" />\n<Callout data={{ a: \"}>\" }}>\nIn.\n</Callout>\n<Tabs.Item><>T</></Tabs.Item>\n",
		"```jsx\n<Foo bar={1} />\n```\n\n`{x}` <div style={{a: 'b'}}>x</div>\n<Image\n  src={c}\n/>\n",
		"{ unclosed\n\n} <Open attr=\"x\n\n\"> '",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) > maxFuzzInput {
			t.Skip("input over 64 KiB")
		}
		src := dropESM([]byte(body))
		if got, want := bytes.Count(src, []byte("\n")), strings.Count(body, "\n"); got != want {
			t.Fatalf("%d line ends after dropping the ESM of %q, want %d: %q", got, body, want, src)
		}
		doc, _ := parseBody(src, true)
		if ed := stripJSX(src, doc); ed != nil {
			if got, want := bytes.Count(ed.src, []byte("\n")), bytes.Count(src, []byte("\n")); got != want {
				t.Errorf("%d line ends after taking JSX out of %q, want %d: %q", got, src, want, ed.src)
			}
			for _, n := range ed.notes {
				if n.offset < 0 || n.offset >= len(src) || n.msg == "" {
					t.Errorf("note %+v does not point into %q", n, src)
				}
			}
		}
		if _, err := renderBody([]byte(body), bodyOptions{mdx: true}); err != nil {
			t.Errorf("renderBody(%q): %v", body, err)
		}
	})
}

// FuzzOwnPath: a post's own path (Jekyll's permalink, Hugo's url) is
// refused, or becomes a pattern that expands, for any post, to a URL path
// under the site: starting with "/", no query or fragment, no "." or ".."
// segment, and every placeholder one seopipe fills.
func FuzzOwnPath(f *testing.F) {
	for _, s := range []string{
		"/blog/:year/:month/:day/:title.html", "/:categories/:title_:i_month/", "custom/path",
		"/a b/é/", "/x/:nope/", "https://example.com/a/", "/a?b#c", "/a/../b", "/%2e%2e/x", "/{slug}/",
		":title", "//a//b", "/a%7Bslug%7D/",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	pp := &post.Post{Slug: "a b/c", Categories: []string{"Go", "../x", "a/b", "..", ".", ""}, PublishedAt: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, s string, jekyll bool) {
		if len(s) > 4096 {
			return
		}
		pattern, err := ownPath(s, jekyll)
		if err != nil {
			return
		}
		got, err := ExpandPermalink(pattern, pp, time.UTC)
		if err != nil {
			t.Fatalf("ownPath(%q) = %q, which does not expand: %v", s, pattern, err)
		}
		if !strings.HasPrefix(got, "/") || strings.ContainsAny(got, "?#{}") {
			t.Fatalf("ownPath(%q) expands to %q: not a plain path", s, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Path == "" || u.RawQuery != "" {
			t.Fatalf("ownPath(%q) expands to %q, which is no URL path (%v)", s, got, err)
		}
		for seg := range strings.SplitSeq(got, "/") { // as written: "..%2F" is no ".." segment
			if seg == "." || seg == ".." {
				t.Fatalf("ownPath(%q) expands to %q, with a %q segment", s, got, seg)
			}
		}
	})
}

// FuzzNormalizePermalink: site.permalink's reader accepts a pattern only
// when every placeholder left in what it returns is known and one tells
// posts apart, and what it returns reads back the same.
func FuzzNormalizePermalink(f *testing.F) {
	for _, s := range []string{
		"/{slug}/", "/blog/{year}/{month}/{day}/{slug}/", "/{category}/{slug}.html", "{slug}/", "", "/posts/",
		"/{section}/{year}/", "/{Slug}/", "/{foo}/{slug}/", "/{}/{slug}/", "/{slug}/{title}/", "/{sections}/{filename}/",
		"/{lang}/{path}/", "/news/:year/:month/:day/:title/", "/:section/:filename/", "/:year_:slug/", "/:foo/:slug/",
		"/{:slug}/", "/::slug/", "/:slug:/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := NormalizePermalink(s)
		if err != nil {
			return
		}
		for _, m := range placeholderRE.FindAllStringSubmatch(out, -1) {
			if !slices.Contains(PermalinkPlaceholders, m[1]) {
				t.Fatalf("NormalizePermalink(%q) = %q, with the unknown {%s}", s, out, m[1])
			}
		}
		again, err := NormalizePermalink(out)
		if err != nil || again != out {
			t.Fatalf("NormalizePermalink(%q) = %q, which reads back as %q, %v", s, out, again, err)
		}
	})
}

// FuzzJSObject: the object-literal reader of MDX metadata exports fails
// with a line inside the input, or reads values of the front-matter types
// (and jsSkipped) with lines inside it; what it read, written back as
// JSON (an object literal too), reads back the same.
func FuzzJSObject(f *testing.F) {
	for _, s := range []string{
		"{\n  title: 'My post',\n  description: \"What it is about\",\n  date: '2024-05-07',\n  authors: [{ name: 'Ann', url: 'https://ann.example' }],\n  openGraph: { images: ['/og/my-post.png'] },\n}\n",
		"{ a: `x\\u{1F600}`, 'b': [1, -2.5e3, 0x1F, 1_000, .5, null, true], /* c */ 3: {}, // d\n}",
		"{ ...base, title, [k]: 1, m() {}, a: new Date('x'), b: `${x}`, c: f(1, [2]), d: [x, , y] }",
		"{ a: '\\uD83D\\uDE00\\uD800\\x41\\0\\\n', b: 1e400, c: 9223372036854775808 }",
		"{ a: 1 } satisfies M", "{ a: 'x }", "{ a: [1 2] }", "buildMeta()", "{ a: f(1] }", "{ a: `${`${'}'}`}` }",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > maxFuzzInput || !utf8.ValidString(src) {
			t.Skip("input over 64 KiB, or not UTF-8 (Parse refuses both before reading)")
		}
		maxLine := strings.Count(src, "\n") + 1
		o, err := newJSReader([]byte(src)).readObject()
		if err != nil {
			le, ok := err.(*lineError)
			if !ok || le.line < 1 || le.line > maxLine || le.msg == "" {
				t.Fatalf("readObject(%q): error %#v, want a *lineError with a line in 1..%d", src, err, maxLine)
			}
			return
		}
		checkJSLines(t, o, maxLine)
		data, err := json.Marshal(jsPlainForFuzz(o))
		if err != nil {
			t.Fatalf("readObject(%q) read what JSON cannot carry: %v", src, err)
		}
		back, err := newJSReader(data).readObject()
		if err != nil {
			t.Fatalf("readObject(%q) of its own values as JSON: %v", data, err)
		}
		if d := cmp.Diff(jsPlainForFuzz(o), jsPlainForFuzz(back)); d != "" {
			t.Errorf("readObject(%q), written as JSON, reads back otherwise (-first +again):\n%s", src, d)
		}
	})
}

// checkJSLines checks the lines and value types of what the reader read.
func checkJSLines(t *testing.T, v any, maxLine int) {
	t.Helper()
	switch v := v.(type) {
	case *jsObject:
		for _, e := range v.entries {
			if e.line < 1 || e.line > maxLine {
				t.Errorf("entry %q: line %d, want 1..%d", e.key, e.line, maxLine)
			}
			checkJSLines(t, e.value, maxLine)
		}
	case []any:
		for _, e := range v {
			checkJSLines(t, e, maxLine)
		}
	case jsSkipped:
		if v.line < 1 || v.line > maxLine {
			t.Errorf("skipped %q: line %d, want 1..%d", v.text, v.line, maxLine)
		}
	case string:
		if !utf8.ValidString(v) {
			t.Errorf("read %q, which is not UTF-8", v)
		}
	case int64, float64, bool, nil:
	default:
		t.Errorf("read a %T, which is no front-matter value", v)
	}
}

// jsPlainForFuzz is what the reader read as plain values: objects as maps
// (a repeated key's later value), numbers as float64, skipped values
// left out.
func jsPlainForFuzz(v any) any {
	switch v := v.(type) {
	case *jsObject:
		m := map[string]any{}
		for _, e := range v.entries {
			if _, skipped := e.value.(jsSkipped); !skipped && e.key != "" {
				m[e.key] = jsPlainForFuzz(e.value)
			}
		}
		return m
	case []any:
		out := []any{}
		for _, e := range v {
			if _, skipped := e.(jsSkipped); !skipped {
				out = append(out, jsPlainForFuzz(e))
			}
		}
		return out
	case int64:
		return float64(v)
	}
	return v
}

// FuzzMDXMetadata: an .mdx post's metadata export, alone or beside front
// matter, gives problems at lines of the file and a post posts.json can
// carry, whatever the literal holds.
func FuzzMDXMetadata(f *testing.F) {
	for _, s := range []string{
		"{\n  title: 'My post',\n  description: \"What it is about\",\n  date: '2024-05-07',\n  authors: [{ name: 'Ann', url: 'https://ann.example' }],\n  openGraph: { images: ['/og/my-post.png'] },\n}",
		"{ title: { absolute: 'A', default: 'D' }, keywords: 'a, b', alternates: { canonical: 'https://x.example/a', languages: {} }, robots: { index: false } }",
		"{ title: frontmatter.title, ...base, openGraph: { images: [ogImage, { url: '/a.png', alt: `A` }], publishedTime: new Date() }, tags: [, 'x'] }",
		"{ title: 'T', title: 'U', date: '2024-13-45', image: 5, authors: { name: 7 } }",
		"{ title: 'x }", "buildMeta()",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, literal string, front bool) {
		if len(literal) > maxFuzzInput {
			t.Skip("input over 64 KiB")
		}
		src := "import A from 'a'\nexport const metadata = " + literal + "\n\nBody.\n"
		if front {
			src = "---\ntitle: Front\ndate: 2024-05-07\n---\n" + src
		}
		const rel = "app/blog/fuzz/page.mdx"
		p, ps := Parse(rel, []byte(src), ParseOptions{Location: malta, DefaultLang: "en"})
		maxLine := strings.Count(src, "\n") + strings.Count(src, "\r") + 1
		for _, pr := range ps {
			if pr.Path != rel || pr.Line < 0 || pr.Line > maxLine || pr.Message == "" {
				t.Errorf("problem %q: want one of %s at a line in 0..%d with a message", pr.Error(), rel, maxLine)
			}
		}
		if p == nil {
			if !diag.HasErrors(ps) {
				t.Errorf("got nil Post without an error; problems: %s", problemList(ps))
			}
			return
		}
		if front && p.Format != FormatYAML || !front && p.Format != FormatJS {
			t.Errorf("got Format %q with front matter %v", p.Format, front)
		}
		if _, err := json.Marshal(p); err != nil {
			t.Errorf("posts.json could not carry the post: %v", err)
		}
		for k, line := range p.Lines {
			if line < 0 || line > maxLine {
				t.Errorf("got Lines[%q] = %d, want 0..%d", k, line, maxLine)
			}
		}
	})
}
