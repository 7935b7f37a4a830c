// Package sitemap writes sitemaps.org sitemaps with Google's image and
// hreflang (xhtml:link) extensions, splitting them into numbered files under
// a <sitemapindex> when a file would exceed the protocol's limits; the news
// sitemap and which articles it carries; and robots.txt with its Sitemap
// lines (docs/rules.md rules 1–9).
//
// The Writer streams: its memory does not grow with the number of URLs,
// except for a 16-byte hash per URL that detects duplicate locs. Output is
// deterministic: the same URLs in the same order give the same bytes.
//
// Nothing here makes a network request; in particular search engines are
// never pinged (their ping endpoints are retired, rule 9). The package
// starts no goroutines.
package sitemap

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/speclimit"
	"github.com/seopipe/seopipe/internal/xmltext"
)

// ErrEmpty is returned by Writer.Close and WriteNews when there is no URL to
// write: a urlset must hold at least one <url> to be valid, so nothing is
// written. Callers that may legitimately have no URL (a news sitemap with no
// post in the window) test for it with errors.Is and skip the file.
var ErrEmpty = errors.New("sitemap: no URLs to write (a urlset needs at least one <url>)")

// changeFreqs are the valid values of URL.ChangeFreq, besides "".
var changeFreqs = []string{"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}

// URL is one <url> of a urlset.
type URL struct {
	// Loc is an absolute http(s) URL on the site's host, already
	// percent-encoded (site.EncodeURL), at most 2,048 characters.
	Loc string
	// LastMod is the page's last modification; zero writes no <lastmod>.
	// It is written in its own time zone.
	LastMod time.Time
	// ChangeFreq is one of always, hourly, daily, weekly, monthly,
	// yearly, never; "" omits it.
	ChangeFreq string
	// Priority is within 0.0–1.0; nil omits it.
	Priority *float64
	// Images are absolute, percent-encoded image URLs (any host). At most
	// speclimit.ImagesPerURL are written (rule 6); no caption, title or license.
	Images []string
	// Alternates is the hreflang set: every variant including this URL
	// itself, plus at most one "x-default". Written as
	// <xhtml:link rel="alternate">, sorted by hreflang with x-default last.
	Alternates []Alternate
}

// Alternate is one hreflang variant of a URL.
type Alternate struct {
	// HrefLang is a language tag ("en", "pt-BR") or "x-default".
	HrefLang string
	// Href is the variant's absolute, percent-encoded URL.
	Href string
}

// File is an output file being written; Close keeps it, Abort drops it.
type File interface {
	io.Writer
	Close() error
	Abort()
}

// Sink creates output files by name, relative to the output root
// (e.g. "sitemap-2.xml").
type Sink interface {
	Create(name string) (File, error)
}

// Options configures a Writer. The zero value of each field means its
// default.
type Options struct {
	// Name is the base file name, default "sitemap": sitemap.xml, or
	// sitemap-1.xml, sitemap-2.xml… plus sitemap.xml as their index. It may
	// hold letters, digits, '.', '_', '-' and '/' (a subdirectory).
	Name string
	// SiteURL is absolute, ends in "/", and is where the files are served:
	// an index entry's loc is SiteURL + file name. Every Loc must be on its
	// host (rule 3). Required.
	SiteURL string
	// MaxURLs is the most URLs per file, 1–50,000; default 50,000.
	MaxURLs int
	// MaxBytes is the largest uncompressed file, up to 52,428,800 (the
	// default).
	MaxBytes int
	// Gzip also writes name.xml.gz beside every file written (index
	// included), deterministically: no file name and no mtime in the gzip
	// header. The index points at the uncompressed files.
	Gzip bool
}

// FileInfo describes one urlset file written.
type FileInfo struct {
	Name string
	// URLs is the number of <url> entries.
	URLs int
	// LastMod is the newest lastmod in the file; zero when none has one.
	LastMod time.Time
	// Bytes is the uncompressed size.
	Bytes int64
}

// Result is what Writer.Close wrote.
type Result struct {
	// Index is the sitemap index's file name; "" when the set is a single
	// urlset.
	Index string
	// Files are the urlset files, in order.
	Files []FileInfo
	// All is every file name written, .gz copies included, in the order
	// they were created.
	All []string
}

// Writer streams URLs into a sitemap set. Add URLs, then Close to finish
// (or Abort to drop everything). A Writer is not safe for concurrent use.
//
// While everything fits one file the file's bytes are held in memory (at
// most MaxBytes); once a limit would be exceeded they are written out as
// sitemap-1.xml and the following URLs stream into sitemap-2.xml and on.
// Every file written stays open until Close, so that Abort can drop it.
type Writer struct {
	sink     Sink
	name     string
	siteURL  string
	siteHost string
	maxURLs  int
	maxBytes int
	gzip     bool

	err  error // sticky: configuration or I/O error
	done bool  // Close or Abort was called

	seen  map[[16]byte]struct{}
	total int

	cur   part       // the file being filled
	mem   *memBuf    // cur's bytes while the set is still one file; nil once split
	files []FileInfo // finished urlset files of a split set
	open  []File     // every File created, in order
	names []string   // their names

	bw   *bufio.Writer // buffers writes to cur's File
	gzbw *bufio.Writer // buffers writes to cur's .gz File
	zw   *gzip.Writer  // compresses into gzbw

	entry []byte      // scratch: the rendered <url>
	alts  []Alternate // scratch: sorted alternates
}

// part is the urlset file being filled.
type part struct {
	info FileInfo
	f    File // nil while in memory
	gzf  File // nil without Gzip or while in memory
}

const (
	xmlHead    = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	urlsetHead = xmlHead + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"` +
		` xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"` +
		` xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n"
	urlsetFoot = "</urlset>\n"
	indexHead  = xmlHead + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n"
	indexFoot  = "</sitemapindex>\n"
)

// NewWriter returns a Writer creating its files in sink. A bad option is
// reported by the first Add or by Close.
func NewWriter(sink Sink, opts Options) *Writer {
	w := &Writer{
		sink:     sink,
		name:     opts.Name,
		siteURL:  opts.SiteURL,
		maxURLs:  opts.MaxURLs,
		maxBytes: opts.MaxBytes,
		gzip:     opts.Gzip,
		seen:     map[[16]byte]struct{}{},
	}
	if w.name == "" {
		w.name = "sitemap"
	}
	if w.maxURLs == 0 {
		w.maxURLs = speclimit.SitemapURLs
	}
	if w.maxBytes == 0 {
		w.maxBytes = speclimit.SitemapBytes
	}
	w.err = w.checkOptions()
	w.mem = &memBuf{}
	w.cur.info.Bytes = int64(len(urlsetHead))
	w.mem.Write([]byte(urlsetHead))
	return w
}

// checkOptions validates the options once the defaults are filled in.
func (w *Writer) checkOptions() error {
	switch {
	case w.sink == nil:
		return errors.New("sitemap: no sink")
	case w.maxURLs < 1 || w.maxURLs > speclimit.SitemapURLs:
		return fmt.Errorf("sitemap: MaxURLs %d is not within 1–%d", w.maxURLs, speclimit.SitemapURLs)
	case w.maxBytes < 1 || w.maxBytes > speclimit.SitemapBytes:
		return fmt.Errorf("sitemap: MaxBytes %d is not within 1–%d", w.maxBytes, speclimit.SitemapBytes)
	}
	for _, seg := range strings.Split(w.name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("sitemap: Name %q is not a relative file path", w.name)
		}
	}
	for _, c := range []byte(w.name) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '/') {
			return fmt.Errorf("sitemap: Name %q: only letters, digits, '.', '_', '-' and '/' are allowed", w.name)
		}
	}
	u, err := checkURL(w.siteURL)
	if err != nil {
		return fmt.Errorf("sitemap: SiteURL: %w", err)
	}
	if !strings.HasSuffix(w.siteURL, "/") || strings.ContainsAny(w.siteURL, "?#") {
		return fmt.Errorf("sitemap: SiteURL %s must end in \"/\" (the directory the files are served from)", quote(w.siteURL))
	}
	// The longest file name is the last an index can list: name-50000.xml.
	if n := len(w.siteURL) + len(w.name) + len("-.xml") + len(strconv.Itoa(speclimit.SitemapIndexEntries)); n > speclimit.LocLength {
		return fmt.Errorf("sitemap: SiteURL %s: sitemap locs would be %d characters, more than %d", quote(w.siteURL), n, speclimit.LocLength)
	}
	w.siteHost = strings.ToLower(u.Host)
	return nil
}

// Add appends u to the set. A URL that fails validation (rules 3–6, 8) or
// repeats an earlier loc is refused with an error and the Writer stays
// usable. An error from the sink, or the set outgrowing speclimit.SitemapIndexEntries
// files, is returned by every later call (and Close drops every file).
func (w *Writer) Add(u URL) error {
	if w.err != nil {
		return w.err
	}
	if w.done {
		return errors.New("sitemap: Add after Close or Abort")
	}
	if err := w.check(&u); err != nil {
		return fmt.Errorf("sitemap: url %s: %w", quote(u.Loc), err)
	}
	key := locKey(&w.entry, u.Loc)
	if _, dup := w.seen[key]; dup {
		return fmt.Errorf("sitemap: url %s: duplicate loc (rule 3)", quote(u.Loc))
	}
	w.entry = w.appendURL(w.entry[:0], &u)
	n := len(w.entry)
	if room := w.maxBytes - len(urlsetHead) - len(urlsetFoot); n > room {
		return fmt.Errorf("sitemap: url %s: its entry is %d bytes, more than fits a file of MaxBytes %d", quote(u.Loc), n, w.maxBytes)
	}
	if w.cur.info.URLs == w.maxURLs || w.cur.info.Bytes+int64(n)+int64(len(urlsetFoot)) > int64(w.maxBytes) {
		if err := w.split(); err != nil {
			return w.fail(err)
		}
	}
	if err := w.write(w.entry); err != nil {
		return w.fail(err)
	}
	w.seen[key] = struct{}{}
	w.total++
	w.cur.info.URLs++
	w.cur.info.Bytes += int64(n)
	if u.LastMod.After(w.cur.info.LastMod) {
		w.cur.info.LastMod = u.LastMod
	}
	return nil
}

// locKey is the 128-bit key of loc in the duplicate set. scratch is reused
// so that hashing does not allocate.
func locKey(scratch *[]byte, loc string) [16]byte {
	*scratch = append((*scratch)[:0], loc...)
	sum := sha256.Sum256(*scratch)
	return [16]byte(sum[:16])
}

// check validates u.
func (w *Writer) check(u *URL) error {
	pu, err := checkURL(u.Loc)
	if err != nil {
		return err
	}
	if len(u.Loc) > speclimit.LocLength {
		return fmt.Errorf("loc is %d characters, more than %d (rule 3)", len(u.Loc), speclimit.LocLength)
	}
	if len(u.Loc) < 12 {
		return errors.New("loc is shorter than the 12 characters the sitemap schema requires")
	}
	if h := strings.ToLower(pu.Host); h != w.siteHost {
		return fmt.Errorf("loc is on host %q, not the site's %q (rule 3)", h, w.siteHost)
	}
	if !u.LastMod.IsZero() {
		if err := checkTime(u.LastMod); err != nil {
			return fmt.Errorf("lastmod: %w", err)
		}
	}
	if u.ChangeFreq != "" && !slices.Contains(changeFreqs, u.ChangeFreq) {
		return fmt.Errorf("changefreq %q is not one of %s", u.ChangeFreq, strings.Join(changeFreqs, ", "))
	}
	if p := u.Priority; p != nil && !(*p >= 0 && *p <= 1) {
		return fmt.Errorf("priority %v is not within 0.0–1.0", *p)
	}
	for i, img := range u.Images {
		if i == speclimit.ImagesPerURL {
			break
		}
		if _, err := checkURL(img); err != nil {
			return fmt.Errorf("image %d: %w", i+1, err)
		}
	}
	return checkAlternates(u.Loc, u.Alternates)
}

// checkAlternates validates an hreflang set (rule 8).
func checkAlternates(loc string, alts []Alternate) error {
	if len(alts) == 0 {
		return nil
	}
	self := false
	for i, a := range alts {
		if !validLangTag(a.HrefLang) {
			return fmt.Errorf("alternate %d: hreflang %q is not a language tag or x-default", i+1, a.HrefLang)
		}
		if _, err := checkURL(a.Href); err != nil {
			return fmt.Errorf("alternate %d (%s): %w", i+1, a.HrefLang, err)
		}
		for _, b := range alts[:i] {
			if strings.EqualFold(a.HrefLang, b.HrefLang) {
				return fmt.Errorf("alternate %d: hreflang %q appears twice (at most one x-default, one link per language)", i+1, a.HrefLang)
			}
		}
		if a.Href == loc && !strings.EqualFold(a.HrefLang, "x-default") {
			self = true
		}
	}
	if !self {
		return errors.New("alternates do not list the url itself (rule 8: every variant including itself)")
	}
	return nil
}

// validLangTag reports whether s matches xs:language,
// [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*, which x-default does too.
func validLangTag(s string) bool {
	for i, sub := range strings.Split(s, "-") {
		if len(sub) < 1 || len(sub) > 8 {
			return false
		}
		for _, c := range []byte(sub) {
			alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !alpha && (i == 0 || c < '0' || c > '9') {
				return false
			}
		}
	}
	return true
}

// appendURL renders u as a <url> element: loc, lastmod, changefreq,
// priority, then image:image and xhtml:link (rule 5).
func (w *Writer) appendURL(b []byte, u *URL) []byte {
	b = append(b, "<url>\n  <loc>"...)
	b = xmltext.AppendStrict(b, u.Loc)
	b = append(b, "</loc>\n"...)
	if !u.LastMod.IsZero() {
		b = append(b, "  <lastmod>"...)
		b = appendTime(b, u.LastMod)
		b = append(b, "</lastmod>\n"...)
	}
	if u.ChangeFreq != "" {
		b = append(b, "  <changefreq>"...)
		b = append(b, u.ChangeFreq...)
		b = append(b, "</changefreq>\n"...)
	}
	if u.Priority != nil {
		b = append(b, "  <priority>"...)
		b = appendPriority(b, *u.Priority)
		b = append(b, "</priority>\n"...)
	}
	for i, img := range u.Images {
		if i == speclimit.ImagesPerURL {
			break
		}
		b = append(b, "  <image:image>\n    <image:loc>"...)
		b = xmltext.AppendStrict(b, img)
		b = append(b, "</image:loc>\n  </image:image>\n"...)
	}
	if len(u.Alternates) > 0 {
		w.alts = append(w.alts[:0], u.Alternates...)
		slices.SortStableFunc(w.alts, compareAlternates)
		for _, a := range w.alts {
			b = append(b, `  <xhtml:link rel="alternate" hreflang="`...)
			b = xmltext.AppendStrict(b, a.HrefLang)
			b = append(b, `" href="`...)
			b = xmltext.AppendStrict(b, a.Href)
			b = append(b, "\"/>\n"...)
		}
	}
	return append(b, "</url>\n"...)
}

// compareAlternates orders alternates by hreflang, x-default last.
func compareAlternates(a, b Alternate) int {
	ax, bx := strings.EqualFold(a.HrefLang, "x-default"), strings.EqualFold(b.HrefLang, "x-default")
	switch {
	case ax && !bx:
		return 1
	case bx && !ax:
		return -1
	}
	return strings.Compare(a.HrefLang, b.HrefLang)
}

// appendPriority writes p as a decimal ("0.5", "1.0").
func appendPriority(b []byte, p float64) []byte {
	if p == 0 {
		p = 0 // no "-0"
	}
	start := len(b)
	b = strconv.AppendFloat(b, p, 'f', -1, 64)
	if !slices.Contains(b[start:], '.') {
		b = append(b, ".0"...)
	}
	return b
}
