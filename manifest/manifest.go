// Package manifest is posts.json: the site and every published post with
// the paths of its outputs, for a site's templates to read. It owns the
// file's shape: every key is spelled here, in its own types, so renaming a
// field of the parser's or the site model's types can never change the
// file (docs/posts.schema.json describes it).
//
// Entries are built from site.Page, the one resolved view of a post every
// output is rendered from. The package is synchronous and does no I/O but
// write to the io.Writer it is given.
package manifest

import (
	"time"

	"github.com/seopipe/seopipe/site"
)

// Version is the version of the posts.json format. It changes only when a
// field changes meaning or goes away; new fields do not change it.
const Version = 1

// File is the manifest's name in the output directory.
const File = "posts.json"

// Manifest is posts.json.
type Manifest struct {
	Version   int       `json:"version"`
	Generator string    `json:"generator"`
	Site      Site      `json:"site"`
	Sections  []Section `json:"sections,omitempty"`
	Posts     []*Post   `json:"posts"`
}

// Site is the part of the config that templates need.
type Site struct {
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Language    string `json:"language"`
	Timezone    string `json:"timezone"`
}

// Section is an _index.md section page.
type Section struct {
	Source      string `json:"source"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

// Post is one published post: what its source says, where the build put
// it, and the paths of its outputs (relative to the output directory).
type Post struct {
	Slug string `json:"slug"`
	// Key names the post's output files: seo/<key>/, images/<key>/,
	// cards/<key>-…
	Key         string    `json:"key,omitempty"`
	Title       string    `json:"title"`
	Excerpt     string    `json:"excerpt,omitempty"`
	Summary     string    `json:"summary"`
	URL         string    `json:"url,omitempty"`
	Path        string    `json:"path,omitempty"`
	Source      string    `json:"source"`
	Format      string    `json:"format"`
	PublishedAt time.Time `json:"publishedAt,omitzero"`
	UpdatedAt   time.Time `json:"updatedAt,omitzero"`
	ExpiryDate  time.Time `json:"expiryDate,omitzero"`
	Author      string    `json:"author,omitempty"`
	Authors     []string  `json:"authors,omitempty"`
	Category    string    `json:"category,omitempty"`
	Categories  []string  `json:"categories,omitempty"`
	Tags        []string  `json:"tags,omitempty"`
	Keywords    []string  `json:"keywords,omitempty"`
	// Image is the hero as the front matter gives it.
	Image           *Image `json:"image,omitempty"`
	Featured        bool   `json:"featured"`
	Draft           bool   `json:"draft"`
	NoIndex         bool   `json:"noindex"`
	NoSitemap       bool   `json:"noSitemap,omitempty"`
	MetaTitle       string `json:"metaTitle,omitempty"`
	MetaDescription string `json:"metaDescription,omitempty"`
	Canonical       string `json:"canonical,omitempty"`
	Lang            string `json:"lang,omitempty"`
	TranslationKey  string `json:"translationKey,omitempty"`
	// Aliases are the other paths that redirect to the post (Hugo's
	// aliases), as its generator has them.
	Aliases      []string       `json:"aliases,omitempty"`
	Card         map[string]any `json:"card,omitempty"`
	Params       map[string]any `json:"params,omitempty"`
	InlineImages []InlineImage  `json:"inlineImages,omitempty"`
	WordCount    int            `json:"wordCount"`
	ReadingTime  int            `json:"readingTime"`
	// HTML is the body with its images pointed at their processed files.
	HTML string `json:"html,omitempty"`
	SEO  *SEO   `json:"seo,omitempty"`
	// Images are the post's processed images (hero first): every variant
	// and crop with its URL, size, bytes and format, the placeholder, the
	// source URL and its content hash.
	Images []*ImageSet `json:"images,omitempty"`
	// Cards are the post's social cards (cards.sizes).
	Cards []*Card `json:"cards,omitempty"`
}

// Image is a post's hero image as its front matter gives it.
type Image struct {
	Src  string `json:"src"`
	Alt  string `json:"alt,omitempty"`
	Line int    `json:"line,omitempty"`
	// Focus is the point crops are centred on (imageFocus), or nil.
	Focus *Focus `json:"focus,omitempty"`
}

// Focus is a point of an image as fractions of its width and height, from
// the top left.
type Focus struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// InlineImage is an image in the body: a {{image: …}} shortcode or a
// Markdown image.
type InlineImage struct {
	Src     string `json:"src"`
	Alt     string `json:"alt"`
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
	Title   string `json:"title,omitempty"`
	Caption string `json:"caption,omitempty"`
	// Kind is "shortcode" or "markdown".
	Kind string `json:"kind"`
	Line int    `json:"line"`
}

// ImageSet is one source image processed into files.
type ImageSet struct {
	// Role is "hero" or "inline".
	Role string `json:"role"`
	// Src is the image as the post wrote it; Line is where.
	Src  string `json:"src"`
	Line int    `json:"line,omitempty"`
	// SourceURL is Src made absolute (percent-encoded).
	SourceURL string `json:"sourceURL"`
	// Hash is the hex SHA-256 of the source file's bytes.
	Hash string `json:"hash"`
	// Width and Height are the source's size after EXIF orientation;
	// Format is the source's format (jpeg, png, gif, webp, bmp, tiff).
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Format string `json:"format"`
	Alt    string `json:"alt"`
	// Variants are the responsive widths in each format, by format (as
	// configured) then width.
	Variants []ImageFile `json:"variants"`
	// Crops are the aspect crops, in the configured order and formats.
	Crops []ImageFile `json:"crops,omitempty"`
	// Placeholder is set for heroes.
	Placeholder *Placeholder `json:"placeholder,omitempty"`
}

// ImageFile is one file made from a source image: a variant or a crop.
type ImageFile struct {
	URL    string `json:"url"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Bytes  int64  `json:"bytes"`
	// Format is jpeg, webp or png.
	Format string `json:"format"`
	// Aspect is the crop's aspect ratio ("16:9"); "" for a variant.
	Aspect string `json:"aspect,omitempty"`
	// Path is the file, relative to the output directory.
	Path string `json:"path"`
}

// Placeholder stands in for an image while it loads.
type Placeholder struct {
	// Color is the dominant colour, "#rrggbb".
	Color string `json:"color"`
	// DataURI is a tiny blurred version of the image (at most 1 KB).
	DataURI string `json:"dataURI"`
}

// SEO are a post's SEO files, relative to the output directory.
type SEO struct {
	Head   string `json:"head"`
	JSONLD string `json:"jsonld"`
	// Picture is the hero's <picture> markup, when the post has a
	// processed hero.
	Picture string `json:"picture,omitempty"`
}

// Card is one social card of a post.
type Card struct {
	// Size is og, x or square.
	Size   string `json:"size"`
	URL    string `json:"url"`
	Path   string `json:"path"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Bytes  int64  `json:"bytes"`
	Format string `json:"format"`
	Theme  string `json:"theme"`
	// Alt is the card's text alternative: its title.
	Alt string `json:"alt"`
	// Warnings say where the text was shrunk or cut, which characters no
	// font could draw, and any byte-budget fallback.
	Warnings []string `json:"warnings,omitempty"`
}

// Image is the card as the emitters reference it.
func (c *Card) Image() site.Image {
	return site.Image{URL: c.URL, Width: c.Width, Height: c.Height, Bytes: c.Bytes, MIME: "image/" + c.Format, Alt: c.Alt}
}

// NewPost is pg's entry, with its SEO files (nil when none were written)
// and its cards.
func NewPost(pg *site.Page, seo *SEO, cards []*Card) *Post {
	p := pg.Post
	e := &Post{
		Slug: p.Slug, Key: pg.Key, Title: p.Title, Excerpt: p.Excerpt, Summary: p.Summary,
		URL: pg.URL, Path: pg.Path, Source: p.Source, Format: p.Format,
		PublishedAt: p.PublishedAt, UpdatedAt: pg.Updated, ExpiryDate: p.ExpiryDate,
		Author: p.Author, Authors: p.Authors, Category: p.Category, Categories: p.Categories,
		Tags: p.Tags, Keywords: p.Keywords,
		Featured: p.Featured, Draft: p.Draft, NoIndex: p.NoIndex, NoSitemap: p.NoSitemap || pg.Unlisted,
		MetaTitle: p.MetaTitle, MetaDescription: p.MetaDescription,
		Lang: pg.Language(), TranslationKey: pg.Translation(), Aliases: pg.Aliases, Card: p.Card, Params: p.Params,
		WordCount: p.WordCount, ReadingTime: p.ReadingTime, HTML: pg.HTML,
		SEO: seo, Cards: cards,
	}
	for _, set := range pg.Sets {
		e.Images = append(e.Images, newImageSet(set))
	}
	if p.Canonical != "" {
		e.Canonical = pg.URL // the canonical as a URI: percent-encoded
	}
	if img := p.Image; img != nil {
		e.Image = &Image{Src: img.Src, Alt: img.Alt, Line: img.Line}
		if f := img.Focus; f != nil {
			e.Image.Focus = &Focus{X: f.X, Y: f.Y}
		}
	}
	for _, in := range p.InlineImages {
		e.InlineImages = append(e.InlineImages, InlineImage{Src: in.Src, Alt: in.Alt, Width: in.Width, Height: in.Height,
			Title: in.Title, Caption: in.Caption, Kind: in.Kind, Line: in.Line})
	}
	return e
}

// newImageSet is set as posts.json lists it.
func newImageSet(set *site.ImageSet) *ImageSet {
	files := func(vs []site.Variant) []ImageFile {
		if vs == nil {
			return nil
		}
		out := make([]ImageFile, len(vs))
		for i, v := range vs {
			out[i] = ImageFile{URL: v.URL, Width: v.Width, Height: v.Height, Bytes: v.Bytes, Format: v.Format, Aspect: v.Aspect, Path: v.Path}
		}
		return out
	}
	is := &ImageSet{Role: set.Role, Src: set.Src, Line: set.Line, SourceURL: set.SourceURL, Hash: set.Hash,
		Width: set.Width, Height: set.Height, Format: set.Format, Alt: set.Alt,
		Variants: files(set.Variants), Crops: files(set.Crops)}
	if ph := set.Placeholder; ph != nil {
		is.Placeholder = &Placeholder{Color: ph.Color, DataURI: ph.DataURI}
	}
	return is
}
