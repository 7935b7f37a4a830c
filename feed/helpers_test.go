package feed

import (
	"bytes"
	"html"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

const postURL = "https://example.com/blog/posts/hello/"

var (
	ana = site.Author{Name: "Ana Núñez", URL: "https://example.com/blog/authors/ana/", Email: "ana@example.com", Image: "https://example.com/blog/authors/ana.jpg"}
	bo  = site.Author{Name: "Bo Li"}
)

const (
	homeURL = "https://example.com/blog/"

	// helloHTML has relative links and images to make absolute, and some to
	// leave alone.
	helloHTML = "<p>Read <a href=\"../about/\">about us</a>, <a href=\"#notes\">the notes</a>, " +
		"<a href=\"mailto:ana@example.com\">mail</a> and <a href=\"https://go.dev/\">Go</a>.</p>\n" +
		"<p><img src=\"images/café 1.png\" alt=\"Café\" srcset=\"images/a.png 1x, /img/b.png 2x\"></p>\n"
	// helloContent is helloHTML as every feed carries it.
	helloContent = "<p>Read <a href=\"https://example.com/blog/posts/about/\">about us</a>, <a href=\"https://example.com/blog/posts/hello/#notes\">the notes</a>, " +
		"<a href=\"mailto:ana@example.com\">mail</a> and <a href=\"https://go.dev/\">Go</a>.</p>\n" +
		"<p><img src=\"https://example.com/blog/posts/hello/images/caf%C3%A9%201.png\" alt=\"Café\" " +
		"srcset=\"https://example.com/blog/posts/hello/images/a.png 1x, https://example.com/img/b.png 2x\"></p>"

	// trickyTitle and trickyHTML hold what must survive every format
	// exactly: markup characters, quotes, CDATA terminators, a carriage
	// return, right-to-left text and emoji.
	trickyTitle   = `Q&A: "quotes" & 'apostrophes' <script>alert(1)</script> ]]> مرحبا بالعالم 👋🏽`
	trickySummary = "Tom & Jerry's <b>not bold</b> — עברית ]]> 🎉"
	trickyHTML    = "<p>Q&amp;A: &quot;quotes&quot; &lt;script&gt; <bdi>مرحبا</bdi> 👋🏽</p>\n" +
		"<pre><code>if (a[b[0]]> 1) {}\r\nx ]]> y ]]]]> z</code></pre>\n" +
		"<script>document.title = \"]]>\";</script>\n"
)

// testPages returns three posts, newest published first: hello (two authors,
// a measured hero with a known size and type, duplicate terms), tricky
// (special characters, an unmeasured remote hero) and plain (no image, no
// author, no body, but the most recently updated).
func testPages() []*site.Page {
	hello := &post.Post{
		Slug:        "hello",
		Title:       "Hello, world",
		Summary:     "A first post with relative links.",
		PublishedAt: time.Date(2025, 11, 7, 9, 30, 0, 0, cest),
		UpdatedAt:   time.Date(2025, 11, 8, 10, 0, 0, 0, time.UTC),
		Authors:     []string{"Ana Núñez", "Bo Li"},
		Author:      "Ana Núñez",
		Category:    "Go",
		Categories:  []string{"Go", "Web"},
		Tags:        []string{"go", "feeds", "Web", " ", "RSS"},
		Image:       &post.Image{Src: "/images/hello.jpg", Alt: "A waving hand"},
		HTML:        helloHTML,
	}
	helloImg := site.Image{URL: "https://example.com/blog/images/hello.jpg", Width: 1200, Height: 630,
		Bytes: 48213, MIME: "image/jpeg", Alt: "A waving hand"}
	tricky := &post.Post{
		Slug:        "tricky",
		Title:       trickyTitle,
		Summary:     trickySummary,
		PublishedAt: time.Date(2025, 10, 1, 8, 0, 0, 0, time.UTC),
		Authors:     []string{"Bo Li"},
		Author:      "Bo Li",
		Tags:        []string{"<tags> & \"quotes\""},
		Image:       &post.Image{Src: "https://cdn.example.net/a.png?w=1200&h=630"},
		HTML:        trickyHTML,
	}
	trickyImg := site.Image{URL: "https://cdn.example.net/a.png?w=1200&h=630"}
	plain := &post.Post{
		Slug:        "plain",
		Title:       "Plain",
		Summary:     "No image, no author, no body.",
		PublishedAt: time.Date(2025, 9, 15, 7, 0, 0, 0, est),
		UpdatedAt:   time.Date(2025, 12, 1, 12, 0, 0, 0, est),
	}
	return []*site.Page{
		{Post: hello, URL: "https://example.com/blog/posts/hello/", Updated: hello.UpdatedAt, HTML: hello.HTML, Authors: []site.Author{ana, bo}, Image: &helloImg,
			Images: []site.Image{helloImg}, CategoryURL: "https://example.com/blog/categories/go/"},
		{Post: tricky, URL: "https://example.com/blog/posts/tricky/", Updated: tricky.UpdatedAt, HTML: tricky.HTML, Authors: []site.Author{bo}, Image: &trickyImg,
			Images: []site.Image{trickyImg}},
		{Post: plain, URL: "https://example.com/blog/posts/plain/", Updated: plain.UpdatedAt},
	}
}

// wantContent is what each test page's content is in a full feed.
var wantContent = map[string]string{
	"hello":  helloContent,
	"tricky": strings.TrimSpace(trickyHTML),
	"plain":  "",
}

// format is one of the three feed writers.
type format struct {
	name   string
	ext    string
	self   string
	write  func(io.Writer, []*site.Page, Options) error
	golden string // the Test… directory of its golden files
}

var formats = []format{
	{"rss", "xml", homeURL + "rss.xml", RSS, "TestRSS"},
	{"atom", "xml", homeURL + "atom.xml", Atom, "TestAtom"},
	{"json", "json", homeURL + "feed.json", JSON, "TestJSON"},
}

// testOptions returns the site feed's options for f.
func testOptions(f format) Options {
	return Options{
		Title:       "Example Blog",
		Description: "Notes & news about <feeds>",
		Language:    "en",
		HomeURL:     homeURL,
		SelfURL:     f.self,
	}
}

var goldenCases = []goldenCase{
	{"site", testPages, func(o Options) Options { return o }},
	{"summary-limit-2", testPages, func(o Options) Options {
		o.Content, o.Limit = ContentSummary, 2
		return o
	}},
	{"category", func() []*site.Page { return testPages()[:1] }, func(o Options) Options {
		o.Title, o.Description = "Example Blog — Go", ""
		return o
	}},
	{"empty", func() []*site.Page { return nil }, func(o Options) Options {
		o.Author = "The Editors"
		o.Updated = emptyUpdated
		return o
	}},
}

// render writes pages in format f, failing the test on an error.
func render(t testing.TB, f format, pages []*site.Page, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.write(&buf, pages, o); err != nil {
		t.Fatalf("%s: %v", f.name, err)
	}
	return buf.Bytes()
}

// item is what the round-trip tests compare of a feed item, as a real
// parser (gofeed) reads it back. Times compare as instants (cmp uses
// time.Time.Equal).
type item struct {
	Title, Link, GUID  string
	Published, Updated time.Time
	Authors            []string
	Email              string // RSS <author>'s address
	Categories         []string
	Description        string
	Content            string
	Image              string
	Enclosure          string // "url length type"
}

// roundTrip parses got and returns its items.
func roundTrip(t *testing.T, f format, got []byte) []item {
	t.Helper()
	feed := parse(t, f, got)
	items := make([]item, 0, len(feed.Items))
	for _, it := range feed.Items {
		x := item{
			Title: it.Title, Link: it.Link, GUID: it.GUID, Description: it.Description,
			Content: it.Content, Categories: it.Categories,
		}
		if f.name == "rss" {
			x.Description = html.UnescapeString(x.Description) // RSS description is HTML
		}
		if it.PublishedParsed != nil {
			x.Published = *it.PublishedParsed
		}
		if it.UpdatedParsed != nil {
			x.Updated = *it.UpdatedParsed
		}
		switch f.name {
		case "rss":
			// gofeed keeps one author per RSS item; the dc:creators are all
			// in the Dublin Core extension.
			if it.DublinCoreExt != nil {
				x.Authors = it.DublinCoreExt.Creator
			}
			if it.Author != nil {
				x.Email = it.Author.Email
			}
			x.Image = mediaURL(it.Extensions)
			if it.Image != nil && it.Image.URL != x.Image {
				t.Errorf("rss item %s: gofeed image %q, media:content %q", it.Link, it.Image.URL, x.Image)
			}
		case "atom":
			for _, a := range it.Authors {
				x.Authors = append(x.Authors, a.Name)
			}
			x.Image = mediaURL(it.Extensions)
		case "json":
			for _, a := range it.Authors {
				x.Authors = append(x.Authors, a.Name)
			}
			if it.Image != nil {
				x.Image = it.Image.URL
			}
		}
		for _, e := range it.Enclosures {
			x.Enclosure = e.URL + " " + e.Length + " " + e.Type
		}
		items = append(items, x)
	}
	return items
}

// Fixed zones, so the tests need no tzdata and dates keep their offsets.
var (
	cest = time.FixedZone("CEST", 2*60*60)
	est  = time.FixedZone("EST", -5*60*60)
)

// goldenCase is a feed to compare with its golden file in every format.
type goldenCase struct {
	name  string
	pages func() []*site.Page
	opts  func(Options) Options
}

// emptyUpdated is the date of the empty golden feed: what the caller
// says the site's newest date is.
var emptyUpdated = time.Date(2025, 12, 3, 14, 0, 0, 0, est)

// parse reads a feed with gofeed, keeping the format's own parse result.
func parse(t *testing.T, f format, got []byte) *gofeed.Feed {
	t.Helper()
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	feed, err := p.ParseString(string(got))
	if err != nil {
		t.Fatalf("gofeed cannot parse the %s feed: %v\n%s", f.name, err, got)
	}
	if feed.FeedType != f.name {
		t.Fatalf("gofeed reads a %q feed, want %q", feed.FeedType, f.name)
	}
	return feed
}

// mediaURL returns the url of the first media:content element.
func mediaURL(exts ext.Extensions) string {
	if c := exts["media"]["content"]; len(c) > 0 {
		return c[0].Attrs["url"]
	}
	return ""
}
