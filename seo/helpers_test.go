package seo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// malta is Europe/Malta in November, fixed so the tests need no tzdata.
var malta = time.FixedZone("CET", 60*60)

// testSite is the example site of examples/site.
func testSite() *site.Site {
	return &site.Site{
		URL:         "https://example.com/",
		Title:       "Signal & Noise",
		Description: "Field notes on clouds, chips and the quiet software that runs between them.",
		Language:    "en",
		Publisher: site.Publisher{
			Name: "Signal & Noise Media",
			URL:  "https://example.com/",
			Logo: &site.Image{URL: "https://example.com/images/logo.png", Width: 512, Height: 512, Bytes: 9137, MIME: "image/png"},
		},
	}
}

// seedHero is the seed post's hero, remote, as the pipeline reports it
// after fetching and measuring it.
const seedHero = "https://image.pollinations.ai/prompt/Cloud%20%26%20Infrastructure%20technology%2C%20OpenAI%20AWS%20partnership%2C%20AI%20infrastructure%2C%20professional%2C%20modern%2C%20high%20quality%2C%20photorealistic%2C%20detailed?width=1200&height=600&nologo=true&token=NmtXmge4lpj9eeBu"

// seedPage is shaped like the seed post
// (../shared/seed/openai-aws-partnership-biggest-tech-deal.md) as the
// pipeline hands it over.
func seedPage() *site.Page {
	p := &post.Post{
		Slug:    "openai-aws-partnership-biggest-tech-deal",
		Title:   "OpenAI AWS mega-partnership reshapes AI compute wars",
		Excerpt: "OpenAI and AWS just announced potentially the biggest tech partnership ever seen. Here's what this seismic shift means for the trillion-dollar AI infrastructure battle.",
		Summary: "OpenAI and AWS just announced potentially the biggest tech partnership ever seen. Here's what this seismic shift means for the trillion-dollar AI infrastructure battle.",
		Source:  "posts/openai-aws-partnership-biggest-tech-deal.md",
		Format:  content.FormatYAML,

		PublishedAt: time.Date(2025, 11, 7, 0, 0, 0, 0, malta),
		Author:      "Marco Grima",
		Authors:     []string{"Marco Grima"},
		Category:    "Cloud & Infrastructure",
		Categories:  []string{"Cloud & Infrastructure"},
		Tags: []string{
			"OpenAI AWS Partnership", "AI Infrastructure Wars", "Cloud Computing",
			"GPU Market Shift", "Enterprise AI Deployment",
		},
		Keywords: []string{
			"OpenAI AWS partnership", "AI infrastructure", "cloud computing",
			"AI chip competition", "enterprise AI",
		},
		Image:           &post.Image{Src: seedHero},
		Featured:        true,
		MetaTitle:       "OpenAI AWS Partnership - AI Infrastructure Wars Explode",
		MetaDescription: "OpenAI and AWS announce potentially the biggest tech partnership ever. Here's why it breaks Nvidia GPU monopoly and reshapes the trillion-dollar AI infrastructure market.",
		Lang:            "en",
		WordCount:       1012,
		ReadingTime:     5,
	}
	return &site.Page{
		Post:        p,
		URL:         "https://example.com/cloud-infrastructure/openai-aws-partnership-biggest-tech-deal/",
		Authors:     []site.Author{{Name: "Marco Grima"}},
		Image:       &site.Image{URL: seedHero, Width: 1200, Height: 600, Bytes: 118204, MIME: "image/jpeg"},
		Images:      []site.Image{{URL: seedHero, Width: 1200, Height: 600, Bytes: 118204, MIME: "image/jpeg"}},
		CategoryURL: "https://example.com/category/cloud-infrastructure/",
	}
}

// testCase is a page to render and what to render it with.
type testCase struct {
	name string
	site *site.Site
	page *site.Page
	opts Options
}

// with returns the seed page changed by edit.
func with(edit func(s *site.Site, p *site.Page)) (*site.Site, *site.Page) {
	s, p := testSite(), seedPage()
	edit(s, p)
	return s, p
}

// testCases are the pages every test renders: together they cover each
// optional part of the output being there and not.
func testCases() []testCase {
	var cs []testCase
	add := func(name string, o Options, edit func(s *site.Site, p *site.Page)) {
		s, p := with(edit)
		cs = append(cs, testCase{name, s, p, o})
	}
	add("seed", Options{}, func(*site.Site, *site.Page) {})
	add("updated-two-authors", Options{TwitterSite: "@signalnoise"}, func(_ *site.Site, p *site.Page) {
		p.Post.UpdatedAt = time.Date(2025, 11, 9, 14, 30, 5, 0, malta)
		p.Updated = p.Post.UpdatedAt
		p.Post.Authors = []string{"Mara Vella", "Jonas Abela"}
		p.Authors = []site.Author{
			{Name: "Mara Vella", URL: "https://example.com/authors/mara-vella/", Twitter: "@maravella_sn", Image: "https://example.com/images/mara.jpg"},
			{Name: "Jonas Abela", URL: "https://example.com/authors/jonas-abela/", Email: "jonas@example.com"},
		}
	})
	add("news-article", Options{ArticleType: NewsArticle, TwitterSite: "signalnoise"}, func(_ *site.Site, p *site.Page) {
		p.Post.PublishedAt = time.Date(2025, 11, 7, 8, 15, 0, 0, time.UTC)
		p.Authors = []site.Author{{Name: "Mara Vella", Twitter: "maravella_sn"}}
	})
	add("article-type", Options{ArticleType: Article}, func(*site.Site, *site.Page) {})
	add("no-date", Options{}, func(_ *site.Site, p *site.Page) {
		p.Post.PublishedAt = time.Time{}
	})
	add("no-image", Options{}, func(_ *site.Site, p *site.Page) {
		p.Post.Image, p.Image, p.Images = nil, nil, nil
	})
	add("unmeasured-image", Options{}, func(_ *site.Site, p *site.Page) {
		p.Image = &site.Image{URL: seedHero, Alt: "Servers in a data centre"}
		p.Images = []site.Image{*p.Image}
	})
	add("no-category", Options{}, func(_ *site.Site, p *site.Page) {
		p.Post.Category, p.Post.Categories, p.CategoryURL = "", nil, ""
		p.URL = "https://example.com/openai-aws-partnership-biggest-tech-deal/"
	})
	add("site-with-path", Options{}, func(s *site.Site, p *site.Page) {
		s.URL = "https://example.com/blog/"
		s.Publisher.URL = ""
		s.Publisher.Logo = &site.Image{URL: "https://example.com/blog/images/logo.png"} // not measured
		p.URL = "https://example.com/blog/cloud-infrastructure/openai-aws-partnership-biggest-tech-deal/"
		p.CategoryURL = "https://example.com/blog/category/cloud-infrastructure/"
	})
	add("no-logo-noindex-tags-only", Options{}, func(s *site.Site, p *site.Page) {
		s.Publisher = site.Publisher{}
		p.Post.NoIndex = true
		p.Post.Keywords = nil
		p.Post.MetaTitle, p.Post.MetaDescription = "", ""
		p.Post.WordCount = 0
	})
	add("unresolved-authors", Options{}, func(_ *site.Site, p *site.Page) {
		p.Post.Authors = []string{"Marco Grima", "Ġużeppi Borġ", "marco grima"}
		p.Authors = nil
	})
	add("tricky-text", Options{TwitterSite: "@x"}, func(_ *site.Site, p *site.Page) {
		p.Post.Title = `Tom & Jerry's "<script>alert('x')</script>" ]]> --> <!-- é`
		p.Post.MetaTitle = `<b>Bold</b> & "quoted" ]]></title><script>`
		p.Post.MetaDescription = "Line one\r\nline two\rthree & <four> 'five' \"six\" \u2028 \u2029 </script>"
		p.Post.Category = `R&D <Lab> "Quotes"`
		p.Post.Tags = []string{"a&b", "<tag>", `"q"`, "]]>", "</script>"}
		p.Post.Keywords = []string{"k&1", "<k2>"}
		p.Image.Alt = `Alt with "quotes" & <angle> brackets`
		p.Authors = []site.Author{{Name: `O'Brien & <Sons>`, URL: "https://example.com/a/?x=1&y=<2>"}}
	})
	add("rtl-emoji", Options{}, func(_ *site.Site, p *site.Page) {
		p.Post.Title = "مرحبا بالعالم — \u202Bשלום\u202C 🚀👩🏽‍💻🇲🇹"
		p.Post.MetaTitle = ""
		p.Post.MetaDescription = "وصف 🚀 with mixed \u200F direction"
		p.Post.Lang = "ar"
		p.Post.Tags = []string{"عربي", "🚀"}
		p.Post.Keywords = nil
		p.Post.Category = "تقنية"
		p.CategoryURL = "https://example.com/category/%D8%AA%D9%82%D9%86%D9%8A%D8%A9/"
		p.Authors = []site.Author{{Name: "🚀"}}
	})
	add("long-title", Options{}, func(_ *site.Site, p *site.Page) {
		p.Post.Title = longTitle()
		p.Post.MetaTitle = ""
	})
	return cs
}

// longTitle is a 500-character title.
func longTitle() string {
	t := strings.Repeat("A very long headline & more <words> ", 14)[:499] + "!"
	if n := len([]rune(t)); n != 500 {
		panic(n)
	}
	return t
}

// entry is one tag of head.html as a parser sees it: Key names the tag
// ("title", "link=canonical", "name=description", "property=og:title",
// "script=application/ld+json") and Value is its text, href or content.
type entry struct {
	Key, Value string
}

// parseHead parses head.html with the HTML5 parser and returns its tags in
// document order. It fails the test on any element it does not expect.
func parseHead(t *testing.T, head []byte) []entry {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(head))
	if err != nil {
		t.Fatalf("parsing head.html: %v", err)
	}
	var out []entry
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html", "head", "body":
			case "title":
				out = append(out, entry{"title", text(n)})
			case "meta":
				key := attr(n, "property")
				if key != "" {
					key = "property=" + key
				} else {
					key = "name=" + attr(n, "name")
				}
				out = append(out, entry{key, attr(n, "content")})
			case "link":
				out = append(out, entry{"link=" + attr(n, "rel"), attr(n, "href")})
			case "script":
				out = append(out, entry{"script=" + attr(n, "type"), text(n)})
			default:
				t.Errorf("head.html has an unexpected <%s>", n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text returns the text of n's children.
func text(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// decodeGraph parses schema.jsonld and returns its nodes by @id, in order.
func decodeGraph(t *testing.T, b []byte) (nodes []map[string]any, byID map[string]map[string]any) {
	t.Helper()
	var doc struct {
		Context string           `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("schema.jsonld is not one JSON-LD object: %v", err)
	}
	if doc.Context != "https://schema.org" {
		t.Errorf("@context = %q, want https://schema.org", doc.Context)
	}
	byID = map[string]map[string]any{}
	for i, n := range doc.Graph {
		id, ok := n["@id"].(string)
		if !ok {
			t.Errorf("@graph[%d] (%v) has no @id", i, n["@type"])
			continue
		}
		if byID[id] != nil {
			t.Errorf("@id %q names two nodes", id)
		}
		byID[id] = n
	}
	return doc.Graph, byID
}

// refID returns the @id of a reference {"@id": …}, or "" when v is not one.
func refID(v any) string {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return ""
	}
	id, _ := m["@id"].(string)
	return id
}

// walkJSON calls fn for every value under v, with its path.
func walkJSON(path string, v any, fn func(path string, v any)) {
	fn(path, v)
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			walkJSON(path+"."+k, e, fn)
		}
	case []any:
		for i, e := range v {
			walkJSON(fmt.Sprintf("%s[%d]", path, i), e, fn)
		}
	}
}

// authorsOf is the page's authors, else the post's names alone, one per
// person (names that slugify alike are one person).
func authorsOf(p *site.Page) []site.Author {
	as := p.Authors
	if len(as) == 0 {
		for _, n := range p.Post.Authors {
			as = append(as, site.Author{Name: n})
		}
	}
	var out []site.Author
	seen := map[string]bool{}
	for _, a := range as {
		k := strings.ToLower(a.Name)
		if !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}
