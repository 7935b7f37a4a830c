package pipeline

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
	htmlatom "golang.org/x/net/html/atom"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/internal/sharedfiles"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
	"github.com/seopipe/seopipe/verify"
)

// exampleNow is the build clock of the output tests: 36 hours after the
// newest example post (nimbus-labs-chip-alliance, 2025-11-04 in Malta), so
// that post is inside the news sitemap's 48-hour window.
var exampleNow = time.Date(2025, 11, 5, 12, 0, 0, 0, time.FixedZone("CET", 3600))

// exampleRemoteImage reports whether p is one of the example site's two
// expected warnings: the seed-shaped post's images are on a host tests do
// not reach, and the example's config says images.onError: warn.
func exampleRemoteImage(p diag.Problem) bool {
	return p.Path == "posts/nimbus-labs-chip-alliance.md" && p.Severity == diag.Warning &&
		strings.Contains(p.Message, "GET https://images.example.net/") && strings.HasSuffix(p.Message, "tests do not use the network")
}

// xmllint validates files against schema: "all.xsd" for a urlset (news
// sitemap included), "siteindex.xsd" for a sitemap index.
func xmllint(t *testing.T, schema string, files ...string) {
	t.Helper()
	args := append([]string{"--nonet", "--noout", "--schema", filepath.Join(sharedfiles.XSDDir(t), schema)}, files...)
	out, err := exec.Command("xmllint", args...).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint --schema %s %s: %v\n%s", schema, strings.Join(files, " "), err, out)
	}
}

// isIndex reports whether data is a <sitemapindex>.
func isIndex(data []byte) bool {
	return bytes.Contains(data[:min(len(data), 512)], []byte("<sitemapindex"))
}

// sitemapFiles returns the sitemap files in out (sitemap.xml, its numbered
// children, sitemap-news.xml), without the .gz copies.
func sitemapFiles(t testing.TB, out string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(out, "sitemap*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatalf("no sitemap in %s", out)
	}
	return names
}

// validateSitemaps validates every sitemap in out against its XSD. It runs
// as the subtest "xsd".
func validateSitemaps(t *testing.T, out string) {
	t.Helper()
	t.Run("xsd", func(t *testing.T) {
		for _, f := range sitemapFiles(t, out) {
			schema := "all.xsd"
			if isIndex(readFile(t, f)) {
				schema = "siteindex.xsd"
			}
			xmllint(t, schema, f)
		}
	})
}

// feedItem is what the feed round trip compares across formats.
type feedItem struct {
	Title, Link, Published string
	Categories             []string
	Description, Content   string
}

// feedPosts are the posts a feed lists: indexable and dated, newest first,
// at most limit (0: all).
func feedPosts(res *Result, limit int) []*site.Page {
	var out []*site.Page
	for _, p := range res.Posts {
		if !p.Post.NoIndex && !p.Post.PublishedAt.IsZero() {
			out = append(out, p)
		}
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// checkFeeds round-trips feed.xml, atom.xml and feed.json through gofeed:
// each lists want, in that order, with the same title, link, published
// date, description (the summary) and terms, and the three carry the same
// content. In summary mode (full false) RSS and Atom carry no content and
// JSON Feed, which requires some, the summary as HTML. It returns the RSS
// items.
func checkFeeds(t *testing.T, out string, want []*site.Page, full bool) []feedItem {
	t.Helper()
	var wantItems []feedItem
	for _, pg := range want {
		p := pg.Post
		wantItems = append(wantItems, feedItem{Title: p.Title, Link: pg.URL, Published: p.PublishedAt.UTC().Format(time.RFC3339), Description: p.Summary})
	}
	strip := func(items []feedItem) []feedItem {
		var out []feedItem
		for _, it := range items {
			out = append(out, feedItem{Title: it.Title, Link: it.Link, Published: it.Published, Description: it.Description})
		}
		return out
	}
	rss := itemsOf(parseFeed(t, filepath.Join(out, "feed.xml"), "rss"))
	atom := itemsOf(parseFeed(t, filepath.Join(out, "atom.xml"), "atom"))
	jsonf := itemsOf(parseFeed(t, filepath.Join(out, "feed.json"), "json"))
	for i := range jsonf {
		if full {
			break
		}
		if jsonf[i].Content != html.EscapeString(jsonf[i].Description) {
			t.Errorf("feed.json: %s: content_html %q, want the summary as HTML", jsonf[i].Link, jsonf[i].Content)
		}
		jsonf[i].Content = ""
	}
	for _, it := range rss {
		if (it.Content != "") != full {
			t.Errorf("feed.xml: %s: content is %d bytes, want content %v", it.Link, len(it.Content), full)
		}
	}
	if diff := cmp.Diff(wantItems, strip(rss)); diff != "" {
		t.Errorf("feed.xml items (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(rss, atom); diff != "" {
		t.Errorf("atom.xml says otherwise than feed.xml (-rss +atom):\n%s", diff)
	}
	if diff := cmp.Diff(rss, jsonf); diff != "" {
		t.Errorf("feed.json says otherwise than feed.xml (-rss +json):\n%s", diff)
	}
	return rss
}

// headTags is what a head.html says, parsed as a browser would.
type headTags struct {
	title  string
	meta   map[string][]string // property or name -> contents
	links  map[string][]string // rel -> hrefs
	jsonLD string
}

func parseHead(t testing.TB, path string) headTags {
	t.Helper()
	nodes, err := html.ParseFragment(bytes.NewReader(readFile(t, path)), &html.Node{Type: html.ElementNode, Data: "head", DataAtom: htmlatom.Head})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	h := headTags{meta: map[string][]string{}, links: map[string][]string{}}
	for _, n := range nodes {
		if n.Type != html.ElementNode {
			continue
		}
		attr := map[string]string{}
		for _, a := range n.Attr {
			attr[a.Key] = a.Val
		}
		text := ""
		if n.FirstChild != nil {
			text = n.FirstChild.Data
		}
		switch n.Data {
		case "title":
			h.title = text
		case "meta":
			k := cmpOr(attr["property"], attr["name"])
			h.meta[k] = append(h.meta[k], attr["content"])
		case "link":
			h.links[attr["rel"]] = append(h.links[attr["rel"]], attr["href"])
		case "script":
			h.jsonLD = text
		}
	}
	return h
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// jsonIDs returns every "@id" in a JSON document.
func jsonIDs(t testing.TB, data []byte) []string {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	var ids []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["@id"].(string); ok {
				ids = append(ids, id)
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(doc)
	return ids
}

// xmlTexts returns the text of every element of the namespace space and
// local name in data, and the named attribute of such elements when attr
// is set.
func xmlTexts(t testing.TB, data []byte, space, local, attr string) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Space != space || se.Name.Local != local {
			continue
		}
		if attr != "" {
			for _, a := range se.Attr {
				if a.Name.Local == attr {
					out = append(out, a.Value)
				}
			}
			continue
		}
		var s string
		if err := d.DecodeElement(&s, &se); err != nil {
			t.Fatalf("XML: %v", err)
		}
		out = append(out, strings.TrimSpace(s))
	}
}

const nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"

// siteURLs gathers the URLs of the site itself that the output names:
// sitemap locs and hreflang hrefs, robots.txt Sitemap lines, feed links and
// ids, posts.json URLs, canonical and og:url, and every JSON-LD @id. Images
// and authors may live elsewhere; these may not. Keys say where each was
// found.
func siteURLs(t testing.TB, out string) map[string][]string {
	t.Helper()
	urls := map[string][]string{}
	for _, f := range sitemapFiles(t, out) {
		data := readFile(t, f)
		name := filepath.Base(f)
		urls[name] = append(xmlTexts(t, data, nsSitemap, "loc", ""), xmlTexts(t, data, "http://www.w3.org/1999/xhtml", "link", "href")...)
	}
	for _, ln := range strings.Split(string(readFile(t, filepath.Join(out, "robots.txt"))), "\n") {
		if v, ok := strings.CutPrefix(ln, "Sitemap: "); ok {
			urls["robots.txt"] = append(urls["robots.txt"], v)
		}
	}
	feeds := map[string]string{"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json"}
	cats, _ := filepath.Glob(filepath.Join(out, "category", "*", "feed.xml"))
	for _, c := range cats {
		rel, _ := filepath.Rel(out, c)
		feeds[filepath.ToSlash(rel)] = "rss"
	}
	for name, typ := range feeds {
		f := parseFeed(t, filepath.Join(out, filepath.FromSlash(name)), typ)
		urls[name] = append(urls[name], f.Link, f.FeedLink)
		for _, it := range f.Items {
			urls[name] = append(urls[name], it.Link, it.GUID)
		}
	}
	var m struct {
		Posts []struct {
			URL string `json:"url"`
			SEO *struct {
				Head   string `json:"head"`
				JSONLD string `json:"jsonld"`
			} `json:"seo"`
		} `json:"posts"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "posts.json")), &m); err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Posts {
		urls["posts.json"] = append(urls["posts.json"], p.URL)
		if p.SEO == nil {
			t.Errorf("posts.json: %s has no seo files", p.URL)
			continue
		}
		h := parseHead(t, filepath.Join(out, filepath.FromSlash(p.SEO.Head)))
		urls[p.SEO.Head] = append(append(urls[p.SEO.Head], h.meta["og:url"]...), h.links["canonical"]...)
		urls[p.SEO.Head] = append(urls[p.SEO.Head], jsonIDs(t, []byte(h.jsonLD))...)
		urls[p.SEO.JSONLD] = jsonIDs(t, readFile(t, filepath.Join(out, filepath.FromSlash(p.SEO.JSONLD))))
	}
	return urls
}

// checkURLsUnder checks that every URL of the site in the output starts
// with siteURL, and that it found some.
func checkURLsUnder(t *testing.T, out, siteURL string) {
	t.Helper()
	n := 0
	for where, list := range siteURLs(t, out) {
		for _, u := range list {
			n++
			if !strings.HasPrefix(u, siteURL) {
				t.Errorf("%s: URL %q is not under %s", where, u, siteURL)
			}
		}
	}
	if n < 10 {
		t.Errorf("found only %d site URLs in the output", n)
	}
}

// goldenName is the golden file of an output: "feed.xml" is
// feed.golden.xml, "seo/x/head.html" x.head.golden.html.
func goldenName(name string) string {
	if rest, ok := strings.CutPrefix(name, "seo/"); ok {
		slug, file, _ := strings.Cut(rest, "/")
		name = slug + "." + file
	}
	ext := filepath.Ext(name)
	return "testdata/TestExampleOutputs/" + strings.TrimSuffix(name, ext) + ".golden" + ext
}

func TestExampleOutputs(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	res := mustRun(t, exampleOptions(t, out, exampleNow))
	checkClean(t, res)
	if res.Errors() != 0 {
		t.Errorf("Result.Errors() = %d, want 0", res.Errors())
	}

	// Every file, by name: the news sitemap (one post is in the window),
	// a feed per category with an indexable post (Culture has only a
	// noindex one), and SEO files for every published post.
	want := []string{"atom.xml", "feed.json", "feed.xml", "posts.json", "robots.txt", "sitemap-news.xml", "sitemap.xml",
		"category/cloud-infrastructure/feed.xml", "category/developer-tools/feed.xml", "category/engineering/feed.xml", "category/hardware/feed.xml"}
	for _, p := range res.Posts {
		want = append(want, "seo/"+p.Post.Slug+"/head.html", "seo/"+p.Post.Slug+"/schema.jsonld")
	}
	slices.Sort(want)
	// Processed images and picture.html files are checked apart: every
	// post with a local hero has a picture.html; the seed-shaped post's
	// remote images are unreachable in tests, so it has none.
	var files, pictures, cardFiles []string
	for _, f := range res.Files {
		switch {
		case strings.HasSuffix(f, "/picture.html"):
			pictures = append(pictures, f)
		case strings.HasPrefix(f, "cards/"):
			cardFiles = append(cardFiles, f)
		case !strings.HasPrefix(f, "images/"):
			files = append(files, f)
		}
	}
	if len(cardFiles) != len(res.Posts)+1 {
		t.Errorf("card files %q, want an og card per post and index.html", cardFiles)
	}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	var wantPictures []string
	for _, p := range res.Posts {
		if p.Post.Image != nil && !content.IsRemote(p.Post.Image.Src) {
			wantPictures = append(wantPictures, "seo/"+p.Post.Slug+"/picture.html")
		}
	}
	slices.Sort(wantPictures)
	if diff := cmp.Diff(wantPictures, pictures); diff != "" {
		t.Errorf("picture.html files (-want +got):\n%s", diff)
	}
	if len(res.Posts) != 10 {
		t.Errorf("%d posts, want the example's 10", len(res.Posts))
	}

	for _, name := range []string{"sitemap.xml", "sitemap-news.xml", "robots.txt", "feed.xml", "atom.xml", "feed.json",
		"seo/nimbus-labs-chip-alliance/head.html", "seo/nimbus-labs-chip-alliance/schema.jsonld",
		"seo/cache-de-build-zurich/head.html", "seo/cache-de-build-zurich/schema.jsonld"} {
		golden.Check(t, goldenName(name), readFile(t, filepath.Join(out, filepath.FromSlash(name))))
	}

	validateSitemaps(t, out)

	t.Run("feeds", func(t *testing.T) {
		rss := checkFeeds(t, out, feedPosts(res, 20), true)
		if len(rss) != 9 {
			t.Errorf("%d feed items, want 9 (10 posts, one noindex)", len(rss))
		}
		for _, it := range rss {
			if it.Content == "" || len(it.Categories) == 0 {
				t.Errorf("%s: content %d bytes, categories %q; want both", it.Link, len(it.Content), it.Categories)
			}
		}
		// Each category feed lists that category's indexable posts.
		cats := map[string][]string{}
		for _, p := range feedPosts(res, 20) {
			if p.Post.Category != "" {
				slug := post.Slugify(p.Post.Category)
				cats[slug] = append(cats[slug], p.URL)
			}
		}
		if len(cats) != 4 {
			t.Errorf("%d categories with feed posts, want 4", len(cats))
		}
		for slug, links := range cats {
			f := parseFeed(t, filepath.Join(out, "category", slug, "feed.xml"), "rss")
			var got []string
			for _, it := range f.Items {
				got = append(got, it.Link)
			}
			if diff := cmp.Diff(links, got); diff != "" {
				t.Errorf("category/%s/feed.xml items (-want +got):\n%s", slug, diff)
			}
			if want := "https://example.com/category/" + slug + "/feed.xml"; f.FeedLink != want {
				t.Errorf("category/%s/feed.xml: self link %q, want %q", slug, f.FeedLink, want)
			}
		}
	})

	t.Run("URLs under the site", func(t *testing.T) { checkURLsUnder(t, out, "https://example.com/") })

	t.Run("verify alone", func(t *testing.T) {
		probs, err := verify.Dir(os.DirFS(out), verify.Options{Now: exampleNow})
		if err != nil {
			t.Fatal(err)
		}
		if len(probs) != 0 {
			t.Errorf("verify.Dir found %v", probs)
		}
	})

	// Rule 29: a second run into another directory writes the same bytes.
	t.Run("rule 29", func(t *testing.T) {
		other := t.TempDir()
		mustRun(t, exampleOptions(t, other, exampleNow))
		if diff := cmp.Diff(readTree(t, out), readTree(t, other)); diff != "" {
			t.Errorf("two builds differ (-first +second):\n%s", diff)
		}
	})
}

func TestSitemapXSDCatchesInvalid(t *testing.T) {
	// The XSD validation above can fail: a priority above 1.0 is refused.
	out := t.TempDir()
	mustRun(t, exampleOptions(t, out, exampleNow))
	bad := filepath.Join(t.TempDir(), "sitemap.xml")
	data := bytes.Replace(readFile(t, filepath.Join(out, "sitemap.xml")), []byte("</lastmod>\n"), []byte("</lastmod>\n  <priority>2.0</priority>\n"), 1)
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	xsd := sharedfiles.XSDDir(t)
	cmd := exec.Command("xmllint", "--nonet", "--noout", "--schema", filepath.Join(xsd, "all.xsd"), bad)
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("xmllint accepts a priority of 2.0:\n%s", out)
	}
}

func TestNewsSitemapAgesOut(t *testing.T) {
	// A rebuild after the 48-hour window removes the news sitemap the
	// earlier build wrote; left behind, it would list posts outside the
	// window (rule 7).
	out := t.TempDir()
	opts := exampleOptions(t, out, exampleNow)
	opts.Config.Sitemap.Gzip = true
	checkClean(t, mustRun(t, opts))
	for _, name := range []string{"sitemap-news.xml", "sitemap-news.xml.gz"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Fatalf("the first build wrote no %s: %v", name, err)
		}
	}
	if robots := string(readFile(t, filepath.Join(out, "robots.txt"))); !strings.Contains(robots, "Sitemap: https://example.com/sitemap-news.xml\n") {
		t.Errorf("robots.txt does not name the news sitemap:\n%s", robots)
	}

	opts.Now = exampleNow.Add(5 * 24 * time.Hour)
	res := mustRun(t, opts)
	checkClean(t, res)
	for _, name := range []string{"sitemap-news.xml", "sitemap-news.xml.gz"} {
		if _, err := os.Stat(filepath.Join(out, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there after the window (stat: %v)", name, err)
		}
		if slices.Contains(res.Files, name) {
			t.Errorf("Result.Files lists %s", name)
		}
	}
	if robots := string(readFile(t, filepath.Join(out, "robots.txt"))); strings.Contains(robots, "news") {
		t.Errorf("robots.txt still names the news sitemap:\n%s", robots)
	}
}
