// Package content reads Markdown posts with YAML, TOML or JSON front matter
// into normalised post.Posts, reporting every problem as "path:line: field:
// what is wrong". It is synchronous and does no I/O except in Walk,
// ReadJekyllConfig and CheckLocalImages; the pipeline decides what runs
// concurrently.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/xmltext"
	"github.com/seopipe/seopipe/post"
)

// ParseFocus reads imageFocus: "x,y" with each a fraction from 0 to 1.
func ParseFocus(s string) (x, y float64, err error) {
	xs, ys, ok := strings.Cut(s, ",")
	if ok {
		x, err = strconv.ParseFloat(strings.TrimSpace(xs), 64)
		if err == nil {
			y, err = strconv.ParseFloat(strings.TrimSpace(ys), 64)
		}
	}
	if !ok || err != nil || math.IsNaN(x) || math.IsNaN(y) {
		return 0, 0, fmt.Errorf("%q must be two fractions \"x,y\" such as \"0.5,0.3\" (0,0 is the top left)", s)
	}
	if x < 0 || x > 1 || y < 0 || y > 1 {
		return 0, 0, fmt.Errorf("%q must be two fractions between 0 and 1", s)
	}
	return x, y, nil
}

// IsRemote reports whether src is an http(s) URL.
func IsRemote(src string) bool {
	u, err := url.Parse(src)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// ParseOptions says how to read a file.
type ParseOptions struct {
	// Location is the time zone of dates written without one. Nil means UTC.
	Location *time.Location
	// DefaultLang and DefaultAuthor fill posts that name none.
	DefaultLang   string
	DefaultAuthor string
	// SkipHTML parses the body (for its images, summary, errors) without
	// rendering HTML: enough for a check.
	SkipHTML bool
	// RootName is the content directory's own name. One named _posts or
	// _drafts (content.dir: site/_posts) is a Jekyll posts folder itself,
	// as a folder of that name inside it is.
	RootName string
	// ExcerptSeparator is the site-wide excerpt_separator of the Jekyll
	// site the posts are in (JekyllConfig.ExcerptSeparator), for each post
	// whose front matter sets none (or sets it to null, as Jekyll reads
	// that): nil for none; blank means the first paragraph, as a post's
	// own blank one does.
	ExcerptSeparator *string
	// Jekyll is set when the posts are a Jekyll project's
	// (site.generator finds one): their front matter is read as Jekyll
	// reads it. There is no draft key (a draft is a file in _drafts), and
	// an unquoted date with a time and no offset (date: 2024-05-08
	// 02:00:00) is UTC, as Ruby's YAML reads it, not in Location.
	Jekyll bool
	// Defaults gives the front matter defaults of a Jekyll project's post
	// by its source (generator/jekyll's Site.Defaults): merged under the
	// post's own front matter, as Jekyll merges them. Nil for none.
	Defaults func(source string) map[string]any
}

// SummaryLength is the most characters a derived summary has.
const SummaryLength = 160

// WordsPerMinute is the reading speed behind ReadingTime.
const WordsPerMinute = 220

// Parse reads one file. rel is its path relative to the content directory
// (slash-separated), used in the Post and in every Problem. The Post is nil
// when the file cannot be read at all; otherwise it is returned with its
// problems, and the caller leaves it out when HasErrors(problems).
func Parse(rel string, src []byte, opts ParseOptions) (*post.Post, []diag.Problem) {
	ps := &problems{path: rel}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		ps.add(0, "", "binary file (NUL byte at offset %d), not Markdown", i)
		return nil, ps.list
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	if !utf8.Valid(src) {
		off := invalidUTF8(src)
		ps.add(lineAt(src, off), "", "invalid UTF-8 (byte 0x%02x at offset %d): save the file as UTF-8", src[off], off)
		return nil, ps.list
	}
	dropFrom := len(ps.list)
	src = dropNonXML(src, ps)
	dropTo := len(ps.list)
	if len(bytes.TrimSpace(src)) == 0 {
		ps.add(0, "", "file is empty: a post needs front matter with at least a title")
		return nil, ps.list
	}
	mdx := isMDX(rel)
	format, block, blockLine, bodySrc, bodyLine, err := split(src)
	var fm *frontMatter
	if err == nil {
		fm, err = decodeFrontMatter(format, block, blockLine, opts.Location)
		if err != nil {
			line := blockLine
			if le, ok := err.(*lineError); ok {
				line = le.line
			}
			ps.add(line, "", "%s", err.Error())
			return nil, ps.list
		}
	} else if format != "" || !mdx {
		line := 1
		if le, ok := err.(*lineError); ok {
			line = le.line
		}
		ps.add(line, "", "%s", err.Error())
		return nil, ps.list
	}
	startLine := openingLine(format, blockLine) // where the metadata starts
	if mdx {
		// Next.js's export const metadata = { … } (see mdxmeta.go).
		fields, line, found := readMetaExport(bodySrc, bodyLine, ps)
		if fm == nil {
			if !found {
				ps.add(1, "", "no front matter: start the file with a --- YAML, +++ TOML or { JSON } block, or export const metadata = { … }")
				return nil, ps.list
			}
			fm, format, startLine = &frontMatter{format: FormatJS}, FormatJS, line
		}
		mergeExport(fm, fields, ps)
	}
	if opts.Defaults != nil {
		mergeDefaults(fm, opts.Defaults(rel))
	}
	for _, n := range fm.notes {
		ps.warn(n.line, n.key, "%s", n.msg)
	}
	for i := dropFrom; i < dropTo; i++ {
		if ps.list[i].Line >= bodyLine { // characters dropped from the body
			ps.list[i].Field = BodyField
		}
	}
	p := &post.Post{Source: rel, Format: format, Lines: post.Lines{}, FrontMatterLine: startLine}
	base := strings.ReplaceAll(rel, `\`, "/")
	p.Section = base == "_index.md" || strings.HasSuffix(base, "/_index.md") ||
		base == "_index.markdown" || strings.HasSuffix(base, "/_index.markdown")
	readFields(p, fm, ps, opts)

	sep, sepGiven := excerptSeparator(fm, ps, opts.ExcerptSeparator)
	b, err := renderBody(bodySrc, bodyOptions{skipHTML: opts.SkipHTML, sep: sep, sepGiven: sepGiven, mdx: mdx,
		liquid: jekyllPost(rel, opts.RootName)})
	if err != nil {
		ps.add(bodyLine, BodyField, "rendering Markdown: %v", err)
		return p, ps.list
	}
	bodySrc = b.src
	for _, e := range b.errs {
		ps.add(bodyLine+lineAt(bodySrc, e.offset)-1, BodyField, "%s", e.msg)
	}
	for _, n := range b.notes {
		ps.warn(bodyLine+n.line-1, BodyField, "%s", n.msg)
	}
	warned := map[int]bool{}
	for _, off := range b.rawHTML {
		if line := bodyLine + lineAt(bodySrc, off) - 1; !warned[line] {
			warned[line] = true
			ps.warn(line, BodyField, "raw HTML is left out of the output (Markdown is rendered safely)")
		}
	}
	p.HTML = b.html
	templated := map[int]bool{} // lines where a template left an image's URL
	for _, line := range b.partialURLs {
		templated[bodyLine+line-1] = true
	}
	for _, bi := range b.images {
		img := bi.InlineImage
		img.Line = bodyLine + lineAt(bodySrc, bi.offset) - 1
		img.FromTemplate = templated[img.Line]
		if img.Kind == "markdown" {
			if err := checkImageSrc(img.Src); err != nil {
				ps.add(img.Line, BodyField, "image %q %v", ShownSrc(img.Src), err)
			}
		} else if err := CheckUserinfo(img.Src); err != nil {
			ps.add(img.Line, BodyField, "image %q %v", ShownSrc(img.Src), err)
		}
		if strings.TrimSpace(img.Alt) == "" {
			ps.warn(img.Line, BodyField, "image %q has no alt text", ShownSrc(img.Src))
		}
		p.InlineImages = append(p.InlineImages, img)
	}
	p.WordCount = b.words
	if p.WordCount > 0 {
		p.ReadingTime = (p.WordCount + WordsPerMinute - 1) / WordsPerMinute
	}
	p.Summary = p.Excerpt
	if p.Summary == "" {
		p.Summary = Summarize(b.summary, SummaryLength)
	}
	if p.Slug == "" && !p.Section && !p.Headless {
		p.Slug = SlugFromPath(rel)
		if err := CheckSlug(p.Slug); err != nil {
			ps.add(0, "slug", "cannot derive a slug from the file name (%v): set slug in the front matter", err)
		}
	}
	if p.Title == "" && !p.Section && !p.Headless {
		if _, given := fm.get("title"); !given {
			ps.add(p.FrontMatterLine, "title", "missing: every post needs a title")
		}
	}
	return p, ps.list
}

// openingLine is the line a front matter block whose keys start on
// blockLine opens on: the delimiter's line before them, or a JSON block's
// own first line (its { may come after blank lines, as a delimiter may).
func openingLine(format string, blockLine int) int {
	if format == FormatJSON {
		return max(blockLine, 1)
	}
	return max(blockLine-1, 1)
}

func invalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, sz := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && sz == 1 {
			return i
		}
		i += sz
	}
	return 0
}

// checkImageSrc accepts http(s) URLs and paths; it refuses other schemes
// (javascript:, data:, file:, …) that must never reach a page or a fetcher.
func checkImageSrc(src string) error {
	if strings.TrimSpace(src) == "" {
		return fmt.Errorf("is empty")
	}
	u, err := url.Parse(src)
	if err != nil {
		return fmt.Errorf("is not a valid URL: %v", err)
	}
	switch u.Scheme {
	case "":
		if u.Host != "" {
			return fmt.Errorf("is protocol-relative: write https://%s…", u.Host)
		}
		return nil
	case "http", "https":
		if u.Host == "" {
			return fmt.Errorf("has no host")
		}
		return CheckUserinfo(src)
	}
	return fmt.Errorf("has scheme %q: only http(s) URLs and local paths are allowed", u.Scheme)
}

// CheckUserinfo refuses an image URL with credentials (user:pass@host):
// its URL is published (posts.json's src and sourceURL, the feeds) and
// kept in the fetch cache, so the post fails rather than leak them. The
// config's image URLs (the logo, seo.defaultImage, authors' images) are
// refused by it too.
func CheckUserinfo(src string) error {
	if u, err := url.Parse(src); err == nil && u.User != nil {
		return errors.New("has credentials (user:password@) in its URL, which would be published with it: serve the image without them, or use a local copy")
	}
	return nil
}

// ShownSrc is an image's URL as a message shows it: credentials in it
// are replaced by xxxxx (the URL is refused, CheckUserinfo).
func ShownSrc(src string) string {
	u, err := url.Parse(src)
	if err != nil || u.User == nil {
		return src
	}
	u.User = url.User("xxxxx")
	return u.String()
}

// dropNonXML removes the characters XML 1.0 cannot carry (C0 controls other
// than tab and line ends, U+FFFE, U+FFFF) so that every output — sitemaps and
// feeds are XML — says the same thing, warning once per line with the code
// points dropped. Lines are unchanged: no line end is ever removed.
func dropNonXML(src []byte, ps *problems) []byte {
	bad := notXML
	if bytes.IndexFunc(src, bad) < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	line := 1
	var dropped []string
	flush := func() {
		if len(dropped) > 0 {
			ps.warn(line, "", "dropped %s: XML 1.0 cannot carry it", strings.Join(dropped, ", "))
			dropped = dropped[:0]
		}
	}
	for i := 0; i < len(src); {
		r, sz := utf8.DecodeRune(src[i:])
		if r == '\n' {
			flush()
			line++
		}
		if bad(r) {
			dropped = append(dropped, fmt.Sprintf("U+%04X", r))
		} else {
			out = append(out, src[i:i+sz]...)
		}
		i += sz
	}
	flush()
	return out
}

// cleanXML drops from a decoded value the characters XML 1.0 cannot carry
// — written as escapes ("\v", "\uFFFE") they pass dropNonXML — with a warning.
func (ps *problems) cleanXML(line int, field, s string) string {
	if strings.IndexFunc(s, notXML) < 0 {
		return s
	}
	var dropped []string
	out := strings.Map(func(r rune) rune {
		if notXML(r) {
			dropped = append(dropped, fmt.Sprintf("U+%04X", r))
			return -1
		}
		return r
	}, s)
	ps.warn(line, field, "dropped %s: XML 1.0 cannot carry it", strings.Join(dropped, ", "))
	return out
}

// notXML reports whether r is a character XML 1.0 cannot carry; the feeds
// and sitemaps drop the same ones (xmltext).
func notXML(r rune) bool { return !xmltext.IsChar(r) }

// setParam keeps a front-matter value seopipe does not read (or the part
// of a mapping it does not) in the post's params, as written, at path: a
// key, or keys of nested mappings (an MDX export's openGraph.images is at
// params.openGraph.images, beside that mapping's other keys). A value
// already at a step of the path that is no mapping stays.
func setParam(p *post.Post, path []string, v any) {
	if p.Params == nil {
		p.Params = map[string]any{}
	}
	m := p.Params
	for _, k := range path[:len(path)-1] {
		next, isMap := m[k].(map[string]any)
		if !isMap {
			if _, taken := m[k]; taken {
				return
			}
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	last := path[len(path)-1]
	if old, isMap := m[last].(map[string]any); isMap {
		if add, isMap := v.(map[string]any); isMap {
			for k, e := range add {
				old[k] = e
			}
			return
		}
	}
	m[last] = v
}
