// Package seo writes a post's search and social metadata: head.html, a
// snippet of <title>, description, canonical, OpenGraph, article:* and X
// (Twitter) tags for site templates to include, and schema.jsonld, the
// schema.org JSON-LD @graph of the page (docs/rules.md rules 15–24).
//
// Both are rendered from one site.Page, so the canonical URL, the dates and
// the primary image are those every other emitter writes (rule 28), and the
// output depends on nothing but the input: two runs give the same bytes
// (rule 29). The package is synchronous and does no I/O; Head, Graph and
// Render only read their arguments and are safe for concurrent use.
package seo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// Article types Options.ArticleType accepts.
const (
	BlogPosting = "BlogPosting"
	NewsArticle = "NewsArticle"
	Article     = "Article"
)

// DefaultHomeName is the name of the first breadcrumb when Options.HomeName
// is empty.
const DefaultHomeName = "Home"

// homeName is the first breadcrumb's name: set, else DefaultHomeName in an
// English (or undetermined) page, else the site's title, which readers of
// the page's language read as they read the site's name, where "Home"
// would be the one English word in a French page's breadcrumbs. CLDR,
// where a card's month names come from, has no word for a home page.
func homeName(set, locale, title string) string {
	switch {
	case set != "":
		return set
	case title == "" || locale == "" || locale == "en" || strings.HasPrefix(locale, "en_"):
		return DefaultHomeName
	}
	return title
}

// Options configures the output for a whole site. The zero value is valid.
type Options struct {
	// ArticleType is the schema.org type of a post: "BlogPosting" (the
	// default when empty), "NewsArticle" or "Article".
	ArticleType string
	// TwitterSite is the site's X account ("@site", the "@" optional) for
	// twitter:site, or "" for none.
	TwitterSite string
	// HomeName names the breadcrumb of the site's home page; "" means
	// DefaultHomeName ("Home") on an English page, the site's title on a
	// page in another language.
	HomeName string
}

// Head returns head.html for the page: a snippet for site templates to
// include in <head>, one tag per line, ending with the JSON-LD <script>.
// Every attribute value and the title are HTML-escaped, so parsing the
// snippet gives back the exact strings.
//
// It fails, naming the post's source file, when the post has no title, an
// option is invalid, or a URL it must emit (site, page, image, logo,
// category, author) is not an absolute http(s) URL; site.Page promises
// absolute URLs, so such an error is a bug in whatever built the Page.
func Head(s *site.Site, p *site.Page, o Options) ([]byte, error) {
	m, err := resolve(s, p, o)
	if err != nil {
		return nil, err
	}
	ld, err := json.Marshal(buildGraph(m))
	if err != nil {
		return nil, fmt.Errorf("seo: %s: encoding JSON-LD: %w", m.source, err)
	}
	return appendHead(make([]byte, 0, 2048+2*len(ld)), m, ld), nil
}

// Graph returns schema.jsonld: one JSON-LD object
// {"@context":"https://schema.org","@graph":[…]}, indented, ending in "\n".
// It is the same graph as the script in Head: the article, WebPage, primary
// ImageObject (with an image), BreadcrumbList (Home, the category when the
// post has one and Page.CategoryURL is set, the post), WebSite, Organization
// and one Person per author. It fails as Head does.
func Graph(s *site.Site, p *site.Page, o Options) ([]byte, error) {
	m, err := resolve(s, p, o)
	if err != nil {
		return nil, err
	}
	ld, err := json.MarshalIndent(buildGraph(m), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("seo: %s: encoding JSON-LD: %w", m.source, err)
	}
	return append(ld, '\n'), nil
}

// Render returns what Head and Graph return, building the graph once.
func Render(s *site.Site, p *site.Page, o Options) (head, graph []byte, err error) {
	m, err := resolve(s, p, o)
	if err != nil {
		return nil, nil, err
	}
	ld, err := json.Marshal(buildGraph(m))
	if err != nil {
		return nil, nil, fmt.Errorf("seo: %s: encoding JSON-LD: %w", m.source, err)
	}
	var ind bytes.Buffer
	ind.Grow(len(ld) * 3 / 2)
	if err := json.Indent(&ind, ld, "", "  "); err != nil {
		return nil, nil, fmt.Errorf("seo: %s: indenting JSON-LD: %w", m.source, err)
	}
	ind.WriteByte('\n')
	return appendHead(make([]byte, 0, 2048+2*len(ld)), m, ld), ind.Bytes(), nil
}

// meta is everything Head and Graph say about a page, resolved once from
// the inputs: fallbacks applied, URLs checked, handles normalised. An empty
// string or zero value means "absent: emit nothing".
type meta struct {
	source string // the post's source path, for error messages

	siteURL, siteName, siteDesc, siteLang string
	orgName, orgURL                       string
	logo                                  *site.Image

	canonical   string
	title       string // <title>, og:title, twitter:title, WebPage name: metaTitle, else title
	headline    string // the post's title: article headline, last breadcrumb
	description string // metaDescription, else summary
	lang        string // the post's language, else the site's
	locale      string // lang as an OpenGraph locale ("en_US")
	keywords    []string
	tags        []string
	section     string
	categoryURL string
	wordCount   int
	noindex     bool
	robots      string // the robots meta's content, when noindex

	published, modified time.Time

	image    *site.Image
	imageAlt string // the image's alt, else the headline: never empty
	crops    []site.Image
	// twitterImage is X's own card, when one was made; else image.
	twitterImage *site.Image
	// defaultImage is the site's image for the head tags of a post with
	// no image (seo.defaultImage); nil when the post has one.
	defaultImage *site.Image

	authors []author

	articleType string
	twitterSite string // "@name"
	homeName    string
}

// author is a credited person as the output shows them.
type author struct {
	id      string // the Person node's @id
	name    string
	url     string
	twitter string // handle without "@"
	image   string
}

// handleRE matches an X/Twitter handle without its "@".
var handleRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,15}$`)

// resolve checks the inputs and works out every value once.
func resolve(s *site.Site, p *site.Page, o Options) (*meta, error) {
	if s == nil {
		return nil, fmt.Errorf("seo: no site")
	}
	if p == nil || p.Post == nil {
		return nil, fmt.Errorf("seo: no page or no post")
	}
	post := p.Post
	m := &meta{source: post.Source}
	if m.source == "" {
		m.source = "post " + post.Slug
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("seo: %s: "+format, append([]any{m.source}, args...)...)
	}
	if err := checkAbs(s.URL); err != nil {
		return nil, bad("site URL %q %v", s.URL, err)
	}
	if err := checkAbs(p.URL); err != nil {
		return nil, bad("page URL %q %v", p.URL, err)
	}
	if post.Title == "" {
		return nil, bad("post has no title")
	}

	switch o.ArticleType {
	case "":
		m.articleType = BlogPosting
	case BlogPosting, NewsArticle, Article:
		m.articleType = o.ArticleType
	default:
		return nil, bad("article type %q is not %s, %s or %s", o.ArticleType, BlogPosting, NewsArticle, Article)
	}
	if o.TwitterSite != "" {
		h := strings.TrimPrefix(o.TwitterSite, "@")
		if !handleRE.MatchString(h) {
			return nil, bad("twitter site %q is not an X/Twitter handle such as @name", o.TwitterSite)
		}
		m.twitterSite = "@" + h
	}

	m.siteURL, m.siteName, m.siteDesc, m.siteLang = s.URL, s.Title, s.Description, s.Language
	if m.siteName == "" {
		m.siteName = s.Publisher.Name
	}
	m.orgName, m.orgURL = s.Publisher.Name, s.Publisher.URL
	if m.orgName == "" {
		m.orgName = s.Title
	}
	if m.orgURL == "" {
		m.orgURL = s.URL
	} else if err := checkAbs(m.orgURL); err != nil {
		return nil, bad("publisher URL %q %v", m.orgURL, err)
	}
	if l := s.Publisher.Logo; l != nil && l.URL != "" {
		if err := checkAbs(l.URL); err != nil {
			return nil, bad("publisher logo URL %q %v", l.URL, err)
		}
		m.logo = l
	}

	m.canonical = p.URL
	m.headline = post.Title
	m.title = post.MetaTitle
	if m.title == "" {
		m.title = post.Title
	}
	m.description = p.Description()
	m.lang = p.Language()
	if m.lang == "" {
		m.lang = s.Language
	}
	if m.lang != "" {
		m.locale = site.Locale(m.lang)
	}
	if m.locale == "" && s.Language != "" {
		m.locale = site.Locale(s.Language) // "und", "mul": the site's
	}
	m.homeName = homeName(o.HomeName, m.locale, s.Title)
	m.keywords = nonEmpty(post.Keywords)
	m.tags = nonEmpty(post.Tags)
	m.section = post.Category
	if m.section != "" && p.CategoryURL != "" {
		if err := checkAbs(p.CategoryURL); err != nil {
			return nil, bad("category URL %q %v", p.CategoryURL, err)
		}
		m.categoryURL = p.CategoryURL
	}
	m.wordCount = post.WordCount
	m.noindex = !p.Indexable() // noindex, or a draft or future post built for preview
	m.robots = "noindex"
	if post.Robots != "" && post.NoIndex {
		m.robots = post.Robots // a theme's "noindex, nofollow" as written
	}
	m.published, m.modified = p.Published(), p.Modified()

	if img := p.Image; img != nil && img.URL != "" {
		if err := checkAbs(img.URL); err != nil {
			return nil, bad("image URL %q %v", img.URL, err)
		}
		m.image = img
		m.imageAlt = img.Alt
		if m.imageAlt == "" {
			m.imageAlt = m.headline
		}
		if t := p.TwitterImage; t != nil && t.URL != "" {
			if err := checkAbs(t.URL); err != nil {
				return nil, bad("image URL %q %v", t.URL, err)
			}
			m.twitterImage = t
		}
		for _, c := range p.Crops {
			if err := checkAbs(c.URL); err != nil {
				return nil, bad("image URL %q %v", c.URL, err)
			}
			m.crops = append(m.crops, c)
		}
	}

	if d := s.DefaultImage; m.image == nil && d != nil && d.URL != "" {
		if err := checkAbs(d.URL); err != nil {
			return nil, bad("default image URL %q %v", d.URL, err)
		}
		m.defaultImage = d
	}

	authors := p.Authors
	if len(authors) == 0 {
		// Not resolved against the authors table: credit the names alone.
		names := post.Authors
		if len(names) == 0 && post.Author != "" {
			names = []string{post.Author}
		}
		for _, n := range names {
			authors = append(authors, site.Author{Name: n})
		}
	}
	seen := make(map[string]bool, len(authors))
	for _, a := range authors {
		if a.Name == "" {
			continue
		}
		id := personID(s.URL, a.Name)
		if seen[id] {
			continue // the same person twice ("Ana Lima", "ana lima"): one node
		}
		seen[id] = true
		pa := author{id: id, name: a.Name, url: a.URL, image: a.Image}
		if pa.url != "" {
			if err := checkAbs(pa.url); err != nil {
				return nil, bad("author %q: URL %q %v", a.Name, a.URL, err)
			}
		}
		if pa.image != "" {
			if err := checkAbs(pa.image); err != nil {
				return nil, bad("author %q: image %q %v", a.Name, a.Image, err)
			}
		}
		if a.Twitter != "" {
			h := strings.TrimPrefix(a.Twitter, "@")
			if !handleRE.MatchString(h) {
				return nil, bad("author %q: twitter %q is not an X/Twitter handle such as @name", a.Name, a.Twitter)
			}
			pa.twitter = h
		}
		m.authors = append(m.authors, pa)
	}
	return m, nil
}

// personID is the @id of an author's Person node: stable across pages, so
// every post by the same author names the same node.
func personID(siteURL, name string) string {
	slug := post.Slugify(name)
	if slug == "" {
		slug = url.PathEscape(name) // a name of symbols only
	}
	return siteURL + "#/schema/person/" + slug
}

// checkAbs reports why u is not an absolute http(s) URL, or nil.
func checkAbs(u string) error {
	if u == "" {
		return fmt.Errorf("is empty")
	}
	pu, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("is not a valid URL: %v", err)
	}
	if (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return fmt.Errorf("is not an absolute http(s) URL")
	}
	return nil
}

// nonEmpty returns list without empty strings (list itself when it has none).
func nonEmpty(list []string) []string {
	for i, v := range list {
		if v == "" {
			out := append([]string(nil), list[:i]...)
			for _, w := range list[i+1:] {
				if w != "" {
					out = append(out, w)
				}
			}
			return out
		}
	}
	return list
}

// timestamp is t in RFC 3339 with its offset, or "" for the zero time.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
