package pipeline

// Whole-site cases of how a post's body reaches the outputs: the text
// derived from it (summary, word count) and its HTML in the feeds.

import (
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// bodySiteConfig is the smallest site: no cards, images only warned about.
const bodySiteConfig = "site: {url: https://example.com/, title: T}\ncontent: {dir: content}\ncards: {sizes: []}\nimages: {onError: warn}\n"

// feedSummaries returns each feed's summary of its only item: RSS and
// JSON Feed carry one (Atom's is the same field as RSS's).
func feedSummaries(t *testing.T, b *built) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, typ := range map[string]string{"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json"} {
		items := itemsOf(parseFeed(t, filepath.Join(b.out, name), typ))
		if len(items) != 1 {
			t.Fatalf("%s: %d items, want 1", name, len(items))
		}
		out[name] = items[0].Description
	}
	return out
}

// TestBodyEntitiesDecodedOnce: character references in the body reach the
// head tags and the feeds' summaries as the characters they stand for,
// escaped once by each output.
func TestBodyEntitiesDecodedOnce(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":          bodySiteConfig,
		"content/posts/fish.md": md("title: Fish\ndate: 2025-10-01\n", "Fish&nbsp;&amp;&nbsp;chips &mdash; the best &lt;food&gt;.\n"),
	}, nil)
	const want = "Fish & chips — the best <food>."
	if got := b.head("fish").meta["description"]; !cmp.Equal(got, []string{want}) {
		t.Errorf("meta description %q, want %q", got, want)
	}
	if got := b.node("fish", "BlogPosting")["description"]; got != want {
		t.Errorf("JSON-LD description %q, want %q", got, want)
	}
	for name, got := range feedSummaries(t, b) {
		if got != want {
			t.Errorf("%s summary %q, want %q", name, got, want)
		}
	}
	if got := b.post("fish").WordCount; got != 5 {
		t.Errorf("word count %d, want 5", got)
	}
}

// TestFootnotesInFeeds: a footnote's links, fragments of the post's page in
// its HTML, are made absolute in every feed, pointing into the post's page.
func TestFootnotesInFeeds(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":        bodySiteConfig,
		"content/posts/fn.md": md("title: Notes\ndate: 2025-10-01\n", "He said \"hi\"[^1] and left.\n\n[^1]: A note.\n"),
	}, nil)
	if got := b.post("fn").Summary; got != `He said "hi" and left.` {
		t.Errorf("summary %q", got)
	}
	want := []string{"https://example.com/fn/#fn:1", "https://example.com/fn/#fnref:1"}
	for name, typ := range map[string]string{"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json"} {
		for _, it := range itemsOf(parseFeed(t, filepath.Join(b.out, name), typ)) {
			if d := cmp.Diff(want, hrefs(t, it.Content)); d != "" {
				t.Errorf("%s: links in the content (-want +got):\n%s", name, d)
			}
		}
	}
}

// TestTemplatesLeftOut: a Jekyll post's Liquid and any post's Hugo
// shortcodes are left out of the head tags and feeds, each with a warning;
// Liquid's braces in a Hugo post are text, as Hugo shows them.
func TestTemplatesLeftOut(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml": bodySiteConfig,
		"content/_posts/2025-10-01-tpl.md": md("title: Tpl\ndate: 2025-10-01\n",
			"{{< youtube dQw4w9WgXcQ >}}\n\nHello {{ page.title }} world.\n\n{% highlight go %}\nx := 1\n{% endhighlight %}\n"),
		"content/posts/vue.md": md("title: Vue\ndate: 2025-10-02\n", "{{< youtube x >}}\n\nIn Vue you write {{ message }}; Jinja has {% for %}.\n"),
	}, nil)
	want := map[string]struct{ summary, html string }{
		"tpl": {"Hello world.", "<p>Hello  world.</p>\n<pre><code class=\"language-go\">x := 1\n</code></pre>"},
		"vue": {"In Vue you write {{ message }}; Jinja has {% for %}.", "<p>In Vue you write {{ message }}; Jinja has {% for %}.</p>"},
	}
	for slug, w := range want {
		if got := b.head(slug).meta["description"]; !cmp.Equal(got, []string{w.summary}) {
			t.Errorf("%s: meta description %q, want %q", slug, got, w.summary)
		}
	}
	for name, typ := range map[string]string{"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json"} {
		for _, it := range itemsOf(parseFeed(t, filepath.Join(b.out, name), typ)) {
			w := want[path.Base(strings.TrimSuffix(it.Link, "/"))]
			if it.Content != w.html || it.Description != w.summary {
				t.Errorf("%s: %s: content %q, summary %q; want %q, %q", name, it.Link, it.Content, it.Description, w.html, w.summary)
			}
		}
	}
	var got []string
	for _, p := range b.res.Problems {
		got = append(got, p.Error())
	}
	if d := cmp.Diff([]string{
		"_posts/2025-10-01-tpl.md:5: body: hugo shortcode {{< youtube >}} is left out of the output: seopipe does not run site templates",
		"_posts/2025-10-01-tpl.md:7: body: liquid output {{ page.title }} is left out of the output: seopipe does not run site templates",
		"posts/vue.md:5: body: hugo shortcode {{< youtube >}} is left out of the output: seopipe does not run site templates",
	}, got); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

// TestMDXPost: an .mdx post is built like a Markdown one, without its
// imports, and its component is a warning at its line.
func TestMDXPost(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml": bodySiteConfig,
		"content/blog/astro.mdx": md("title: Astro\ndate: 2025-10-01\n",
			"import YouTube from '../components/YouTube.astro'\n\nFirst words.\n\n<YouTube id=\"x\" />\n"),
	}, nil)
	if got := b.head("astro").meta["description"]; !cmp.Equal(got, []string{"First words."}) {
		t.Errorf("meta description %q, want First words.", got)
	}
	for _, it := range itemsOf(parseFeed(t, filepath.Join(b.out, "feed.json"), "json")) {
		if it.Content != "<p>First words.</p>" {
			t.Errorf("feed.json: content %q", it.Content)
		}
	}
	var got []string
	for _, p := range b.res.Problems {
		got = append(got, p.Error())
	}
	if d := cmp.Diff([]string{"blog/astro.mdx:9: body: mdx component <YouTube> is left out of the output: seopipe does not run components"}, got); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

// TestJekyllImageURLs: Jekyll's ![x]({{ site.baseurl }}/assets/a.png)
// loses its template with a warning and finds /assets/a.png in the site's
// directory, where Jekyll keeps it; one whose file is not there is left as
// written, with a warning, and the post is still built.
func TestJekyllImageURLs(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":           "site: {url: https://example.com/, title: T}\ncontent: {dir: _posts}\ncards: {sizes: []}\n",
		"assets/a.png":           pngOf(t, 400, 300),
		"_posts/2025-10-01-a.md": md("title: A\n", "Text.\n\n![A picture]({{ site.baseurl }}/assets/a.png)\n\n![Gone]({{ site.url }}/missing.png)\n"),
	}, nil)
	var got []string
	for _, p := range b.res.Problems {
		got = append(got, p.Error())
		if p.Severity != diag.Warning {
			t.Errorf("an error: %s", p.Error())
		}
	}
	want := []string{
		"2025-10-01-a.md:6: body: liquid output {{ site.baseurl }} is left out of a link or image URL: seopipe does not run site templates; write the URL out in full",
		"2025-10-01-a.md:8: body: liquid output {{ site.url }} is left out of a link or image URL: seopipe does not run site templates; write the URL out in full",
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("no problem %q in:\n%s", w, strings.Join(got, "\n"))
		}
	}
	if !slices.ContainsFunc(got, func(s string) bool {
		return strings.HasPrefix(s, `2025-10-01-a.md:8: body: image "/missing.png" is neither an http(s) URL nor an existing file`) && strings.HasSuffix(s, ": it is left as written, unprocessed")
	}) {
		t.Errorf("no warning that /missing.png is left as written:\n%s", strings.Join(got, "\n"))
	}
	if b.res.Published != 1 {
		t.Fatalf("published %d, want 1", b.res.Published)
	}
	if html := b.page("a").HTML; !strings.Contains(html, "/images/a/") || !strings.Contains(html, `src="/missing.png"`) {
		t.Errorf("the body does not have the processed /assets/a.png and /missing.png as written:\n%s", html)
	}
}
