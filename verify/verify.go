// Package verify checks an output directory against the rules in
// docs/rules.md that schemas cannot check: counts, sizes, hosts, time zones, the
// news window, JSON-LD @id resolution, and — rule 28 — that every emitter
// says the same thing about a post: canonical URL, published and modified
// dates, and primary image agree across the sitemap, RSS, Atom, JSON Feed,
// head tags and JSON-LD. It reads files only; `seopipe check --output DIR`
// runs it alone and `seopipe build` runs it on what it just wrote.
//
// Dir checks a directory in one call. A caller that wants to spread the
// per-post work over goroutines uses a Checker instead: New, then
// CheckPost for every post (from any goroutines), then Problems. The
// package itself starts no goroutines.
package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"image"
	_ "image/gif" // image headers, to measure output images
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	_ "golang.org/x/image/webp"

	"github.com/seopipe/seopipe/internal/diag"
)

// Options says what the checks need beyond the files.
type Options struct {
	// Now is the build clock, for the news sitemap's 48-hour window.
	// Zero when it is not known (a check of files built earlier): the
	// window is then checked as a span, and no date may be after the
	// wall clock.
	Now time.Time
	// CategoryFeeds are the category/<slug>/feed.xml files to check: the
	// ones a build wrote (an older one it did not remove, with no record
	// of writing it, is not its output). Nil: every one in the directory.
	CategoryFeeds []string
	// Clock is the wall clock, for stamping the files a check reads
	// (CheckPostRecord); nil is time.Now. Tests set it ahead.
	Clock func() time.Time
	// NamedFiles checks that every file posts.json, the posts' head tags
	// (og:image, twitter:image) and picture.html, and the sitemaps'
	// image:loc name is a file of the directory (check --output). A
	// build does not ask: it holds the output's lock and has just written
	// them. A post taken by ReusePost is not looked at for it.
	NamedFiles bool
	// DecodeImages decodes every image and card file posts.json names,
	// whole, and reports each that does not decode (check --output). A
	// build's self-check does not: it wrote them from verified bytes.
	DecodeImages bool
}

// Checker checks one output directory in three phases: New reads posts.json
// and checks the site-wide files (sitemaps, robots.txt, feeds); CheckPost
// checks one post's head.html and schema.jsonld; Problems compares what
// every file said about each post (rule 28) and returns everything found.
//
// CheckPost is safe for concurrent use: calls may run on any number of
// goroutines at once. Each reads and parses its files unlocked and holds
// the Checker's mutex only to hand over what it found. Check each post
// once (a post checked twice has its problems reported twice). Problems
// must be called after every CheckPost call has returned; it may be called
// more than once and returns the same problems each time. The problems do
// not depend on the order or concurrency of the CheckPost calls: they are
// what Dir, which checks the posts in turn, returns. New and Problems are
// not meant to run concurrently with anything else.
type Checker struct {
	fsys fs.FS
	opts Options
	// clockKnown is set when Options.Now was given: the build's clock.
	// Otherwise opts.Now is the wall clock at New.
	clockKnown bool
	site       *url.URL
	posts      []post
	// facts maps a post's canonical URL to what the site-wide files (and,
	// once Problems has run, the posts' own files) said about it. Only
	// posts' URLs are keys: what files say about other URLs is not kept.
	facts map[string]*facts
	// probs are the site-wide files' problems, found by New.
	probs []diag.Problem
	// inSitemaps are the locs the sitemaps list; nil when some sitemap
	// file could not be read (its problem says so).
	inSitemaps    map[string]string
	sitemapBroken bool

	// images maps the URL of every processed image in posts.json to its
	// file (images.baseURL may put them on another host).
	images map[string]string
	// decoded is sitemap.xml, as Decode read it.
	decoded *Decoded
	smu     sync.Mutex // guards sizes
	sizes   map[string]imageSize

	mu sync.Mutex // guards postProbs, named and posts[i].facts
	// postProbs are the problems CheckPost found.
	postProbs []diag.Problem
	// named are the files the sitemaps and the posts' files name, with
	// Options.NamedFiles (posts.json's are in posts[i].files).
	named []naming
}

// post is one posts.json entry: what the checks need of it.
type post struct {
	url                 string
	noSitemap           bool // posts.json keeps the post out of the sitemaps
	seo                 bool // the post has SEO files: head and jsonld are set
	head, jsonld        string
	published, modified time.Time // zero when posts.json gives no date
	// crops are the aspects ("16:9") of the hero's crops in posts.json:
	// the JSON-LD article's images must include each (rule 22).
	crops []string
	// picture is seo/<key>/picture.html, "" without one.
	picture string
	// entry is what posts.json says of the post.
	entry *Entry
	// facts are what the post's head.html and schema.jsonld said, set by
	// CheckPost and merged into Checker.facts by Problems.
	facts facts
	// checked is set once CheckPost (or ReusePost) has run; noindex is
	// then what the head's robots meta says.
	checked, noindex bool
}

// manifestFile is posts.json, the build's own record of every post.
const manifestFile = "posts.json"

// New reads posts.json from the output directory fsys and checks the
// site-wide files. It returns an error only when posts.json cannot be read,
// is not valid, or has no absolute site URL; problems with the files are
// what Problems returns. It is NewFrom with nothing read ahead.
func New(fsys fs.FS, o Options) (*Checker, error) {
	m, err := ReadManifest(fsys, nil)
	if err != nil {
		return nil, err
	}
	return NewFrom(fsys, o, m, nil)
}

// Manifest is posts.json as ReadManifest read it.
type Manifest struct{ m *manifest }

// ReadManifest reads posts.json from fsys. known are entries an earlier
// read returned (Manifest.Entries): a post whose bytes are those of a known
// entry is taken from it instead of being decoded again. It returns an
// error when posts.json cannot be read or is not valid.
func ReadManifest(fsys fs.FS, known map[string]*Entry) (*Manifest, error) {
	f, err := fsys.Open(manifestFile)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	defer f.Close()
	m, err := decodeManifest(f, known)
	if err != nil {
		return nil, fmt.Errorf("verify: posts.json: %w", err)
	}
	return &Manifest{m}, nil
}

// Entries returns what each post of posts.json said, by the hex SHA-256
// of the post's bytes, for a later ReadManifest. The caller must not
// change them.
func (m *Manifest) Entries() map[string]*Entry { return m.m.entries }

// NewFrom is New with posts.json read ahead by ReadManifest, and the
// sitemap decoded ahead by Decode (d may be nil: it is decoded here). A
// caller can run Decode on another goroutine while ReadManifest runs.
func NewFrom(fsys fs.FS, o Options, man *Manifest, d *Decoded) (*Checker, error) {
	clockKnown := !o.Now.IsZero()
	if !clockKnown {
		o.Now = time.Now()
	}
	if d == nil {
		d = Decode(fsys)
	}
	m := man.m
	posts := m.posts
	c := &Checker{fsys: fsys, opts: o, clockKnown: clockKnown, posts: posts, images: m.files, decoded: d, facts: make(map[string]*facts, len(posts))}
	var err error
	if c.site, err = url.Parse(m.siteURL); err != nil || c.site.Host == "" {
		return nil, fmt.Errorf("verify: posts.json: site.url %q is not an absolute URL", m.siteURL)
	}
	all := make([]facts, len(posts)) // one allocation for every post's facts
	for i, p := range posts {
		f := c.facts[p.url]
		if f == nil {
			f = &all[i]
			c.facts[p.url] = f
		}
		if !p.published.IsZero() {
			set(&f.published, manifestFile, p.published)
			set(&f.modified, manifestFile, p.modified)
		}
	}
	c.sharedFiles()
	c.sitemaps()
	c.robots()
	c.feeds()
	return c, nil
}

// sharedFiles reports an SEO file that posts.json names for two posts, or
// two whose names differ only in case (one file on macOS and Windows):
// one post's head tags would be the other's. Each post's files are named
// by its key, which no two posts share even without regard to case.
func (c *Checker) sharedFiles() {
	first := map[string]int{} // lower-cased file -> the first post naming it
	for i, p := range c.posts {
		if !p.seo {
			continue
		}
		for _, f := range []string{p.head, p.jsonld} {
			k := strings.ToLower(f)
			j, dup := first[k]
			if !dup {
				first[k] = i
				continue
			}
			q := c.posts[j]
			other := q.head
			if strings.ToLower(q.jsonld) == k {
				other = q.jsonld
			}
			if other == f {
				c.bad(manifestFile, "%s is the file of two posts, %s and %s", f, q.url, p.url)
			} else {
				c.bad(manifestFile, "%s of %s and %s of %s are one file on macOS and Windows", other, q.url, f, p.url)
			}
		}
	}
}

// Posts returns how many posts posts.json lists: CheckPost takes 0 to
// Posts()-1.
func (c *Checker) Posts() int { return len(c.posts) }

// CheckPost checks post i (0 <= i < Posts()): its seo/<key>/head.html
// (rules 15–20) and schema.jsonld (rules 21–23), and records what they say
// for rule 28. It does nothing for a post without SEO files. Safe for
// concurrent use.
func (c *Checker) CheckPost(i int) {
	c.checkPost(i, false)
}

// checkPost checks post i; with sums, it notes the digests of the files
// it reads whole (for a PostRecord).
func (c *Checker) checkPost(i int, sums bool) *postCheck {
	p := &c.posts[i]
	if !p.seo {
		return nil
	}
	pc := &postCheck{canonical: p.url, c: c, crops: p.crops}
	if sums {
		pc.sums, pc.stamps = make(map[string]string, 4), map[string]FileStamp{}
	}
	pc.head(c.fsys, p.head)
	pc.jsonld(c.fsys, p.jsonld)
	if c.opts.NamedFiles && p.picture != "" {
		pc.picture(c.fsys, p.picture)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	c.postProbs = append(c.postProbs, pc.probs...)
	c.named = append(c.named, pc.named...)
	p.facts.merge(&pc.facts)
	p.checked, p.noindex = true, pc.noindex
	return pc
}

// Problems runs the rule-28 consistency pass and returns every problem
// found, sorted by file and message. Call it after every CheckPost call has
// returned.
func (c *Checker) Problems() []diag.Problem {
	c.mu.Lock()
	defer c.mu.Unlock()
	// In manifest order, as checking the posts one after another would.
	for i := range c.posts {
		c.facts[c.posts[i].url].merge(&c.posts[i].facts)
	}
	probs := slices.Concat(c.probs, c.postProbs)
	if c.opts.NamedFiles {
		probs = append(probs, c.missing()...)
	}
	probs = c.consistency(probs)
	probs = c.listed(probs)
	diag.Sort(probs)
	return probs
}

// Dir checks the output directory fsys. It returns the problems found (each
// naming the output file), and an error only when posts.json cannot be
// read (see New). It is New, CheckPost for every post in turn, then
// Problems, all on the calling goroutine.
func Dir(fsys fs.FS, o Options) ([]diag.Problem, error) {
	c, err := New(fsys, o)
	if err != nil {
		return nil, err
	}
	for i := range c.Posts() {
		c.CheckPost(i)
	}
	if o.DecodeImages {
		probs := c.decodeImages()
		c.mu.Lock()
		c.probs = append(c.probs, probs...)
		c.mu.Unlock()
	}
	return c.Problems(), nil
}

func (c *Checker) bad(file, format string, args ...any) {
	c.probs = append(c.probs, diag.Problem{Path: file, Message: fmt.Sprintf(format, args...)})
}

// postCheck collects what checking one post's files finds, so CheckPost
// holds the Checker's lock only to hand it over.
type postCheck struct {
	c *Checker
	// measured are the image URLs whose files were measured.
	measured []string
	// sums are the hex SHA-256 of the files read whole, by name, when the
	// check keeps them (for a PostRecord); stamps the measured images'
	// stamps, taken before they were read.
	sums      map[string]string
	stamps    map[string]FileStamp
	crops     []string // the hero's crop aspects in posts.json (rule 22)
	canonical string
	probs     []diag.Problem
	facts     facts
	// named are the files the post's head tags and picture.html name
	// (Options.NamedFiles).
	named []naming
	// noindex: the head's robots meta keeps the post out of search
	// engines (and so out of the sitemaps).
	noindex bool
}

func (pc *postCheck) bad(file, format string, args ...any) {
	pc.probs = append(pc.probs, diag.Problem{Path: file, Message: fmt.Sprintf(format, args...)})
}

// onSite reports whether u is an absolute http(s) URL under the site URL.
func (c *Checker) onSite(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host == c.site.Host &&
		strings.HasPrefix(p.Path, c.site.Path)
}

// absolute reports whether u is an absolute http(s) URL.
func absolute(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// siteFile maps an absolute URL under the site to its file in the output
// directory ("https://example.com/blog/sitemap-2.xml" → "sitemap-2.xml").
func (c *Checker) siteFile(u string) (string, bool) {
	p, err := url.Parse(u)
	if err != nil || p.Host != c.site.Host || !strings.HasPrefix(p.Path, c.site.Path) {
		return "", false
	}
	return path.Clean(strings.TrimPrefix(p.Path, c.site.Path)), true
}

// exists reports whether name is a file in the output.
func (c *Checker) exists(name string) bool {
	_, err := fs.Stat(c.fsys, name)
	return err == nil
}

// imageFile is the output file image URL u names, if any.
func (c *Checker) imageFile(u string) (string, bool) {
	name, ok := c.images[u]
	if !ok {
		name, ok = c.siteFile(u)
	}
	return name, ok && fs.ValidPath(name)
}

// imageSize is an output image's pixel size; ok is false when the URL is
// not a file of the output directory or its header does not decode.
type imageSize struct {
	w, h int
	ok   bool
	// sum is the hex SHA-256 of the whole file, once a check that keeps
	// sums has measured it ("" before), and stamp the file as it was
	// stamped before it was read.
	sum   string
	stamp FileStamp
}

// measure returns the real pixel size of the output file image URL u
// names, reading its header once per run; with sum, it reads the whole
// file once too, for its digest.
func (c *Checker) measure(u string, sum bool) imageSize {
	if c == nil {
		return imageSize{}
	}
	c.smu.Lock()
	sz, seen := c.sizes[u]
	c.smu.Unlock()
	if seen && (!sum || !sz.ok || sz.sum != "") {
		return sz
	}
	name, ok := c.imageFile(u)
	if ok {
		var stamp FileStamp
		if sum {
			stamp = c.Stamp(name)
		}
		if f, err := c.fsys.Open(name); err == nil {
			var r io.Reader = f
			var h hash.Hash
			if sum {
				h = sha256.New()
				r = io.TeeReader(f, h) // every byte the decoder reads, then the rest
			}
			if cfg, _, err := image.DecodeConfig(r); err == nil {
				sz = imageSize{w: cfg.Width, h: cfg.Height, ok: true}
				if sum {
					if _, err := io.Copy(h, f); err == nil {
						sz.sum, sz.stamp = hex.EncodeToString(h.Sum(nil)), stamp
					}
				}
			}
			f.Close()
		}
	}
	c.smu.Lock()
	if c.sizes == nil {
		c.sizes = map[string]imageSize{}
	}
	c.sizes[u] = sz
	c.smu.Unlock()
	return sz
}

// read returns the bytes of the file name, noting their digest when the
// check keeps sums.
func (pc *postCheck) read(fsys fs.FS, name string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, name)
	if err == nil && pc.sums != nil {
		sum := sha256.Sum256(data)
		pc.sums[name] = hex.EncodeToString(sum[:])
	}
	return data, err
}

// measure is Checker.measure, noting u as measured by this post's check
// (and the file's digest when the check keeps sums).
func (pc *postCheck) measure(u string) imageSize {
	pc.measured = append(pc.measured, u)
	sz := pc.c.measure(u, pc.sums != nil)
	if sz.sum != "" && pc.sums != nil {
		if name, ok := pc.c.imageFile(u); ok {
			pc.sums[name] = sz.sum
			pc.stamps[name] = sz.stamp
		}
	}
	return sz
}
