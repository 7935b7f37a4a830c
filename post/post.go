// Package post holds a post's data as the parser (package content) reads
// it from one source file: front matter fields, the rendered body, and the
// lines each field came from. It holds no parser, so the packages that only
// read posts (site and the emitters) do not depend on Markdown, YAML or
// TOML. Nothing here has a JSON form: posts.json is package manifest's.
package post

import "time"

// Post is one Markdown file, normalised: what its front matter and body
// say, as content.Parse made it. Nothing changes a Post after parsing
// (what a build derives from it is site.Page's), so it is safe to read
// concurrently.
type Post struct {
	Slug        string
	Title       string
	Excerpt     string
	Summary     string
	Source      string
	Format      string
	PublishedAt time.Time
	UpdatedAt   time.Time
	ExpiryDate  time.Time
	Author      string
	Authors     []string
	Category    string
	Categories  []string
	Tags        []string
	Keywords    []string
	Image       *Image
	Featured    bool
	Draft       bool
	NoIndex     bool
	NoSitemap   bool
	// Robots are the directives of a theme's robots value that says
	// noindex ("noindex, nofollow"), for the head's robots meta; "" for
	// the plain "noindex" of every other post left out of search.
	Robots          string
	MetaTitle       string
	MetaDescription string
	Canonical       string
	Lang            string
	TranslationKey  string
	Card            map[string]any
	Params          map[string]any
	InlineImages    []InlineImage
	WordCount       int
	ReadingTime     int
	HTML            string

	// AuthorURLs are the pages that author mappings give (author: {name,
	// url}), by name. They are not in posts.json: the pipeline links an
	// author the authors table has no entry for to its page, in JSON-LD
	// and the feeds.
	AuthorURLs map[string]string
	// Permalink is the post's own URL path pattern, from Jekyll's
	// permalink or Hugo's url, in the form of site.permalink ({slug},
	// {year}, …, the rest percent-encoded), or "": the post's Path is
	// then made from site.permalink. PermalinkField says where it is.
	Permalink string
	// PermalinkRelative is set when the post's own path was written
	// without a leading "/" ("rel/x/"): Hugo puts such a url under the
	// language's prefix on a multilingual site.
	PermalinkRelative bool
	// Section is set for _index.md files: section pages, not posts.
	Section bool
	// Headless is Hugo's headless: true, a bundle of resources with no
	// page of its own: not a post, and not required to have a title.
	Headless bool
	// Lines maps a field's canonical name ("title", "image", …) to the line
	// of the file it was read from, for later stages' error messages.
	Lines Lines
	// FrontMatterLine is the line the front matter opens on (its --- or
	// +++, a JSON block's {): the line a problem about a field the post
	// lacks names, as a missing title does.
	FrontMatterLine int
}

// PermalinkField returns the front-matter key the post's own URL path
// (Permalink) was read from, "permalink" or "url", and its line; "" and 0
// when it has none.
// PermalinkField returns the front-matter key the post's own URL path
// (Permalink) was read from, "permalink" or "url", and its line; "" and 0
// when it has none.
func (p *Post) PermalinkField() (string, int) {
	if p.Permalink == "" {
		return "", 0
	}
	if line, ok := p.Lines["permalink"]; ok {
		return "permalink", line
	}
	return "url", p.Lines["url"]
}

// Image is a post's hero image.
type Image struct {
	Src  string
	Alt  string
	Line int
	// Focus is the point crops are centred on (imageFocus), or nil.
	Focus *Focus
}

// Focus is a point of an image as fractions of its width and height, from
// the top left: 0.5, 0.5 is the centre.
type Focus struct {
	X float64
	Y float64
}

// InlineImage is an image in the body: a {{image: …}} shortcode or a
// Markdown image.
type InlineImage struct {
	Src     string
	Alt     string
	Width   int
	Height  int
	Title   string
	Caption string
	Kind    string
	Line    int
	// FromTemplate is set when a site template was taken out of the
	// image's URL ("{{ site.baseurl }}/a.png"): the rest is a guess at a
	// path, so a file not found there leaves the image out with a warning
	// rather than failing the post.
	FromTemplate bool
}
