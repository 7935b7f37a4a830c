// Package site is the model every emitter (sitemap, feed, seo) renders
// from: the site, its authors, and each published post with its resolved
// absolute URLs and measured images. The pipeline builds it once per run, so
// every output says the same thing about a post (docs/rules.md rule 28).
// Select holds the publication rules: which parsed posts are published,
// under which URL. It is pure data, rules and URL helpers: no I/O, no
// goroutines.
package site

import (
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/idna"
	"golang.org/x/text/language"

	"github.com/seopipe/seopipe/internal/speclimit"
	"github.com/seopipe/seopipe/post"
)

// Site describes the site.
type Site struct {
	// URL is the absolute base URL, ending in "/" (it may have a path:
	// https://example.com/blog/).
	URL         string
	Title       string
	Description string
	// Language is a BCP 47 tag ("en", "pt-BR").
	Language  string
	Publisher Publisher
	// DefaultImage is the head tags' image for a post with none of its
	// own (seo.defaultImage), measured when it is a local file; nil when
	// none. The other emitters leave such a post without an image: it is
	// the site's, not the post's.
	DefaultImage *Image `json:",omitempty"`
}

// Publisher is the organisation behind the site.
type Publisher struct {
	Name string
	URL  string // absolute, or ""
	Logo *Image // measured when it is a local file; nil when none
}

// Author is a person credited on posts, with what the authors table knows.
type Author struct {
	Name    string
	URL     string // absolute, or ""
	Email   string
	Twitter string // "@handle", or ""
	Image   string // absolute URL, or ""
}

// Image is an image as emitters reference it.
type Image struct {
	// URL is absolute and percent-encoded.
	URL string
	// Width and Height are the real pixel size, or 0 when not measured
	// (a remote image not fetched): never guessed.
	Width, Height int
	// Bytes is the file size, or 0 when unknown.
	Bytes int64
	// MIME is the media type ("image/jpeg"), or "" when unknown.
	MIME string
	Alt  string
}

// Measured reports whether the image's pixel size is known.
func (i *Image) Measured() bool { return i != nil && i.Width > 0 && i.Height > 0 }

// ArticleSized reports whether the image may be an article's in JSON-LD:
// at least speclimit.ArticleImagePixels, or not measured (a size is never
// guessed, so an unknown one is not held against it).
func (i *Image) ArticleSized() bool {
	return !i.Measured() || i.Width*i.Height >= speclimit.ArticleImagePixels
}

// LargeCardSized reports whether X may show the image as a large card: at
// least speclimit.LargeCardWidth×speclimit.LargeCardHeight, or not measured.
func (i *Image) LargeCardSized() bool {
	return !i.Measured() || i.Width >= speclimit.LargeCardWidth && i.Height >= speclimit.LargeCardHeight
}

// Page is one published post as the emitters see it: the post as its
// source says (never changed after parsing) and what the build derived
// from it.
type Page struct {
	Post *post.Post
	// Key names the post's output files: seo/<key>/, images/<key>/,
	// cards/<key>-…. It is the slug, unless another post being built has
	// the same slug but for case (see AssignKeys).
	Key string
	// Path is the post's URL path on the site, from its own permalink or
	// site.permalink ("/2025/hello/").
	Path string
	// URL is the canonical URL, percent-encoded: the post's canonical, or
	// the site URL and Path.
	URL string
	// Lang and TranslationKey are the post's language and what pairs it
	// with its translations, as Select set them: its generator's (Hugo's
	// file-name suffix or contentDir, its pairing by path), else the
	// post's own. Read them with Language and Translation, which fall back
	// to the post's for a page made without Select.
	Lang, TranslationKey string
	// Aliases are the other paths that redirect to the page (Hugo's
	// aliases), as its generator has them: listed in posts.json.
	Aliases []string
	// Unlisted is set when the generator keeps the page out of its lists
	// (Hugo's build.list: never): it has a page, and no feed or sitemap
	// lists it.
	Unlisted bool
	// Updated is the post's updated date, or zero when it has none or it
	// is after the build's clock (left out until then: rule 4).
	Updated time.Time
	// HTML is the body's HTML with its images pointed at their processed
	// files: the post's own HTML when none was processed.
	HTML string
	// Authors are the post's authors, resolved against the authors table.
	Authors []Author
	// Image is the primary image (the hero), or nil. Every emitter uses
	// this one image for the post.
	Image *Image
	// Images are every image of the post for the image sitemap: the hero
	// first, then the inline images, without repeats.
	Images []Image
	// CategoryURL is the absolute URL of the post's category page
	// (seo.categoryPermalink), or "" when the post has no category.
	CategoryURL string
	// Base is the post's own address on this site (site URL + permalink
	// path): relative links and images resolve against it even when URL,
	// the canonical, is on another host.
	Base string
	// Preview marks a draft or future post built with --drafts/--future:
	// it is written, but listed nowhere and marked noindex (rule 10).
	Preview bool
	// AbsoluteHTML is the body's HTML with every relative link and image
	// made absolute against Base (URL when Base is empty), for feeds; ""
	// when not computed (a feed then computes it itself).
	AbsoluteHTML string
	// Crops are the hero's aspect crops (16:9, 4:3, 1:1 by default), the
	// JSON-LD article's images; the first is Image. Empty when the hero
	// was not processed.
	Crops []Image
	// Sets are the post's processed images (hero first), for posts.json
	// and picture.html; failed images are not here.
	Sets []*ImageSet
	// TwitterImage is the card made for X (2:1), or nil: twitter:image is
	// then Image.
	TwitterImage *Image
}

// ImageSet is one source image processed into files: responsive variants
// in each format, aspect crops (heroes), and a placeholder.
type ImageSet struct {
	// Role is "hero" or "inline".
	Role string
	// Src is the image as the post wrote it; Line is where.
	Src  string
	Line int
	// SourceURL is Src made absolute (percent-encoded).
	SourceURL string
	// Hash is the hex SHA-256 of the source file's bytes.
	Hash string
	// Width and Height are the source's size after EXIF orientation;
	// Format is the source's format (jpeg, png, gif, webp, bmp, tiff).
	Width  int
	Height int
	Format string
	Alt    string
	// Variants are the responsive widths in each format, by format (as
	// configured) then width.
	Variants []Variant
	// Crops are the aspect crops, in the configured order and formats.
	Crops []Variant
	// Placeholder is set for heroes.
	Placeholder *Placeholder
}

// Variant is one file made from a source image.
type Variant struct {
	URL    string
	Width  int
	Height int
	Bytes  int64
	// Format is jpeg, webp or png.
	Format string
	// Aspect is the crop's aspect ratio ("16:9"); "" for a variant.
	Aspect string
	// Path is the file, relative to the output directory.
	Path string
	// File is where the build keeps the same bytes (the cache), for later
	// stages that read the image (cards).
	File string
}

// MIME is the variant's media type.
func (v Variant) MIME() string { return "image/" + v.Format }

// Image returns the variant as an emitter's Image with alt text alt.
func (v Variant) Image(alt string) Image {
	return Image{URL: v.URL, Width: v.Width, Height: v.Height, Bytes: v.Bytes, MIME: v.MIME(), Alt: alt}
}

// Placeholder stands in for an image while it loads.
type Placeholder struct {
	// Color is the dominant colour, "#rrggbb".
	Color string
	// DataURI is a tiny blurred version of the image (at most 1 KB).
	DataURI string
}

// Fallback is the largest variant in a format every browser and crawler
// reads (JPEG or PNG), or the largest of any format when there is none.
func (s *ImageSet) Fallback() (Variant, bool) {
	var best Variant
	ok := false
	for _, v := range s.Variants {
		universal := v.Format == "jpeg" || v.Format == "png"
		bestUniversal := best.Format == "jpeg" || best.Format == "png"
		switch {
		case !ok, universal && !bestUniversal, universal == bestUniversal && v.Width > best.Width:
			best, ok = v, true
		}
	}
	return best, ok
}

// UniversalCrops are the crops in a format every reader takes (JPEG or
// PNG), one per aspect, in the configured order.
func (s *ImageSet) UniversalCrops() []Variant {
	var out []Variant
	seen := map[string]bool{}
	for _, c := range s.Crops {
		if (c.Format == "jpeg" || c.Format == "png") && !seen[c.Aspect] {
			seen[c.Aspect] = true
			out = append(out, c)
		}
	}
	return out
}

// Published is the post's published time (zero when it has none).
func (p *Page) Published() time.Time { return p.Post.PublishedAt }

// Modified is the updated time, else the published time (zero when neither).
func (p *Page) Modified() time.Time {
	if !p.Updated.IsZero() {
		return p.Updated
	}
	return p.Post.PublishedAt
}

// Title is the headline: the post's title.
func (p *Page) Title() string { return p.Post.Title }

// Description is the metaDescription, else the summary, else (a post
// whose body has no text, only images) the title: head tags must have one.
func (p *Page) Description() string {
	switch {
	case p.Post.MetaDescription != "":
		return p.Post.MetaDescription
	case p.Post.Summary != "":
		return p.Post.Summary
	}
	return p.Post.Title
}

// Indexable reports whether search engines and feeds may list the page:
// not noindex, and not a draft or future post built for preview.
func (p *Page) Indexable() bool { return !p.Post.NoIndex && !p.Preview }

// Listed reports whether the feeds list the page: indexable, and not kept
// out of its generator's lists (Unlisted).
func (p *Page) Listed() bool { return p.Indexable() && !p.Unlisted }

// InSitemap reports whether the sitemaps list the page: listed, and not
// kept out of them by the post (Hugo's sitemap: {disable: true}), which
// leaves it a page like any other, in the feeds too.
func (p *Page) InSitemap() bool { return p.Listed() && !p.Post.NoSitemap }

// Language is the page's language: Lang, else the post's.
func (p *Page) Language() string {
	if p.Lang != "" {
		return p.Lang
	}
	return p.Post.Lang
}

// Translation is what pairs the page with its translations:
// TranslationKey, else the post's.
func (p *Page) Translation() string {
	if p.TranslationKey != "" {
		return p.TranslationKey
	}
	return p.Post.TranslationKey
}

// EncodeURL returns u with its host in ASCII (IDNA) and its path, query and
// fragment percent-encoded where they hold spaces or non-ASCII characters,
// so it is a valid URI. Existing %-escapes are kept. A string that does not
// parse is returned as it was.
func EncodeURL(u string) string {
	if plainURL(u) {
		return u // nothing to encode: the common case, without parsing
	}
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return u
	}
	if p.Host != "" && !strings.HasPrefix(p.Host, "[") { // an IPv6 literal stays as it is
		host, port := p.Hostname(), p.Port()
		if a, err := idna.Lookup.ToASCII(host); err == nil {
			host = a
		}
		if defaultPort(p.Scheme, port) {
			port = "" // https://example.com:443/ is https://example.com/
		}
		if port != "" {
			host += ":" + port
		}
		p.Host = host
	}
	// url.URL.String escapes Path unless RawPath says how it was written;
	// RawQuery and Fragment are kept as written, so escape what needs it.
	p.RawQuery = escapeLoose(p.RawQuery)
	if p.Fragment != "" {
		p.RawFragment = escapeLoose(p.EscapedFragment())
	}
	return p.String()
}

// defaultPort reports whether port is the scheme's own, which a URL
// leaves out.
func defaultPort(scheme, port string) bool {
	return scheme == "https" && port == "443" || scheme == "http" && port == "80"
}

// plainURL reports whether u is an http(s) URL that EncodeURL and parsing
// would leave as it is: a lower-case scheme, a host of lower-case ASCII
// labels (with an optional port), and a path of plain characters
// (plainPath's); no user info, query or fragment. FuzzPlainURL checks the
// claim against the full path.
func plainURL(u string) bool {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(u, "http://"); !ok {
			return false
		}
	}
	host, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	if h, port, ok := strings.Cut(host, ":"); ok {
		if port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "" || defaultPort(u[:strings.IndexByte(u, ':')], port) {
			return false
		}
		host = h
	}
	for label := range strings.SplitSeq(host, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' || strings.HasPrefix(label, "xn--") {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return plainPath(path)
}

// plainPath reports whether p is made of unreserved characters and "/"
// only, with no empty, "." or ".." segment: a path that neither needs
// escaping nor changes when resolved.
func plainPath(p string) bool {
	for seg := range strings.SplitSeq(strings.TrimPrefix(p, "/"), "/") {
		if seg == "." || seg == ".." {
			return false
		}
		for i := 0; i < len(seg); i++ {
			if c := seg[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
				return false
			}
		}
	}
	return !strings.Contains(p, "//")
}

// escapeLoose percent-encodes spaces, controls and non-ASCII bytes of s,
// leaving every other character (and existing escapes) alone.
func escapeLoose(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}' {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Resolve makes ref absolute against base (an absolute URL) and encodes it.
// A ref that is already absolute is only encoded.
func Resolve(base, ref string) string {
	r, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return ref
	}
	if r.IsAbs() {
		return EncodeURL(ref)
	}
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	return EncodeURL(b.ResolveReference(r).String())
}

// Under resolves a site-relative path ("/images/a.jpg", "about/") against
// the site URL, keeping the site's own path: with URL
// https://example.com/blog/, "/about/" is https://example.com/blog/about/.
func (s *Site) Under(path string) string {
	if plainPath(path) && plainURL(s.URL) && strings.HasSuffix(s.URL, "/") {
		// Plain text on both sides: resolving adds the path to the site's.
		return s.URL + strings.TrimPrefix(path, "/")
	}
	if r, err := url.Parse(path); err == nil && (r.IsAbs() || r.Host != "") {
		return Resolve(s.URL, path) // absolute, or protocol-relative: the site's scheme
	}
	return ResolveUnder(s.URL, path)
}

// ResolveUnder resolves a root-relative path ("/re:invent/") against root,
// keeping root's own path: under https://example.com/blog/ it is
// https://example.com/blog/re:invent/. A colon is legal in a path segment,
// and stays as it is; but a relative reference whose first segment holds
// one would read as a scheme ("re:") or not parse ("2024:recap"), so that
// segment is written after a dot-segment, "./re:invent/" (RFC 3986 §4.2).
func ResolveUnder(root, path string) string {
	rel := strings.TrimPrefix(path, "/")
	if first, _, _ := strings.Cut(rel, "/"); strings.Contains(first, ":") {
		rel = "./" + rel
	}
	return Resolve(root, rel)
}

// Contains reports whether u is on the site: the same scheme and host, and
// a path under the site URL's path. Sitemaps list only such URLs.
func (s *Site) Contains(u string) bool {
	a, err1 := url.Parse(u)
	b, err2 := url.Parse(s.URL)
	return err1 == nil && err2 == nil && strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Host, b.Host) && strings.HasPrefix(a.EscapedPath()+"/", b.EscapedPath())
}

// Host returns the site URL's host.
func (s *Site) Host() string {
	u, err := url.Parse(s.URL)
	if err != nil {
		return ""
	}
	return u.Host
}

// Locale turns a BCP 47 tag into an OpenGraph locale: "en" → "en_US",
// "pt-BR" → "pt_BR", "fr" → "fr_FR"; a language without a usual region gets
// its own code in capitals ("mt" → "mt_MT").
//
// It returns "" for a tag that names no language ("und", "mul", "zxx",
// private use such as "x-klingon"): the caller takes the site's. A region
// of digits is no country: "es-419" (Latin America) is Facebook's "es_LA",
// others get the language's usual country; Chinese without a region goes
// by its script ("zh-Hant" → "zh_TW").
func Locale(lang string) string {
	l, script, region, ok := langParts(lang)
	switch {
	case !ok:
		return ""
	case len(region) == 2:
		return l + "_" + region
	case l == "es" && region == "419":
		return "es_LA"
	case l == "zh" && script == "Hant":
		return "zh_TW"
	}
	if r, ok := defaultRegion[l]; ok {
		return l + "_" + r
	}
	return l + "_" + strings.ToUpper(l)
}

// defaultRegion is the usual region of languages whose code is not one.
var defaultRegion = map[string]string{
	"en": "US", "ja": "JP", "zh": "CN", "ko": "KR", "sv": "SE", "da": "DK", "cs": "CZ",
	"el": "GR", "he": "IL", "hi": "IN", "uk": "UA", "vi": "VN", "ar": "AR", "nb": "NO",
	"nn": "NO", "fa": "IR", "sl": "SI", "et": "EE", "ga": "IE", "ca": "ES", "eu": "ES",
	"gl": "ES", "sr": "RS", "bn": "IN", "ur": "PK", "ms": "MY", "sq": "AL", "ka": "GE",
	"hy": "AM", "kk": "KZ", "be": "BY", "ta": "IN", "te": "IN", "pt": "PT", "af": "ZA",
	"sw": "KE", "fil": "PH", "tl": "PH",
}

// langParts reads the language, script and region of a BCP 47 tag ("pt_BR"
// too, in any case), each "" when absent, reporting false for a tag that
// names no language: und, mul, mis, zxx, one reserved for local use
// (qaa–qtz), private use alone (x-klingon), or no tag at all.
func langParts(s string) (lang, script, region string, ok bool) {
	tag, err := language.Parse(s)
	if err != nil {
		return "", "", "", false
	}
	b, sc, r := tag.Raw()
	lang = b.String()
	if b.IsPrivateUse() || lang == "und" || lang == "mul" || lang == "mis" || lang == "zxx" {
		return "", "", "", false
	}
	if sc != (language.Script{}) {
		script = sc.String()
	}
	if r != (language.Region{}) {
		region = r.String()
	}
	return lang, script, region, true
}
