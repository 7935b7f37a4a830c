// Package verify checks an output directory against the rules in
// rules.md that schemas cannot check: counts, sizes, hosts, time zones, the
// news window, JSON-LD @id resolution, and — rule 28 — that every emitter
// says the same thing about a post: canonical URL, published and modified
// dates, and primary image agree across the sitemap, RSS, Atom, JSON Feed,
// head tags and JSON-LD. It reads files only; `seopipe check --output DIR`
// runs it alone and `seopipe build` runs it on what it just wrote.
package verify

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/seopipe/seopipe/content"
)

// Limits from the sitemaps protocol (rules 2, 3, 6, 7).
const (
	MaxURLs         = 50_000
	MaxBytes        = 52_428_800
	MaxLocLength    = 2_048
	MaxImagesPerURL = 1_000
	MaxNewsURLs     = 1_000
	NewsWindow      = 48 * time.Hour
)

// Options says what the checks need beyond the files.
type Options struct {
	// Now is the build clock, for the news sitemap's 48-hour window.
	Now time.Time
}

// checker accumulates problems for one directory.
type checker struct {
	fsys  fs.FS
	opts  Options
	probs []content.Problem
	site  *url.URL
	// facts maps a canonical URL to what each emitter said about it.
	facts map[string]*facts
}

// facts are the values the output files wrote for one post, keyed by the
// file's name in the output directory ("feed.xml", "seo/x/head.html").
type facts struct {
	published map[string]time.Time
	modified  map[string]time.Time
	image     map[string]string
}

func (c *checker) fact(u string) *facts {
	f := c.facts[u]
	if f == nil {
		f = &facts{published: map[string]time.Time{}, modified: map[string]time.Time{}, image: map[string]string{}}
		c.facts[u] = f
	}
	return f
}

func (c *checker) bad(file, format string, args ...any) {
	c.probs = append(c.probs, content.Problem{Path: file, Message: fmt.Sprintf(format, args...)})
}

// manifest is the part of posts.json the checks read.
type manifest struct {
	Site struct {
		URL string `json:"url"`
	} `json:"site"`
	Posts []struct {
		Slug        string    `json:"slug"`
		URL         string    `json:"url"`
		Source      string    `json:"source"`
		PublishedAt time.Time `json:"publishedAt"`
		UpdatedAt   time.Time `json:"updatedAt"`
		NoIndex     bool      `json:"noindex"`
		Lang        string    `json:"lang"`
		SEO         *struct {
			Head   string `json:"head"`
			JSONLD string `json:"jsonld"`
		} `json:"seo"`
	} `json:"posts"`
}

// manifestFile is posts.json, the build's own record of every post.
const manifestFile = "posts.json"

// Dir checks the output directory fsys. It returns the problems found (each
// naming the output file), and an error only when posts.json cannot be read.
func Dir(fsys fs.FS, o Options) ([]content.Problem, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	data, err := fs.ReadFile(fsys, manifestFile)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("verify: posts.json: %w", err)
	}
	c := &checker{fsys: fsys, opts: o, facts: map[string]*facts{}}
	if c.site, err = url.Parse(m.Site.URL); err != nil || c.site.Host == "" {
		return nil, fmt.Errorf("verify: posts.json: site.url %q is not an absolute URL", m.Site.URL)
	}
	for _, p := range m.Posts {
		f := c.fact(p.URL)
		if !p.PublishedAt.IsZero() {
			f.published[manifestFile] = p.PublishedAt
			f.modified[manifestFile] = modified(p.PublishedAt, p.UpdatedAt)
		}
	}
	c.sitemaps()
	c.robots()
	c.feeds()
	for _, p := range m.Posts {
		if p.SEO != nil {
			c.head(p.SEO.Head, p.URL)
			c.jsonld(p.SEO.JSONLD, p.URL)
		}
	}
	c.consistency(m)
	content.SortProblems(c.probs)
	return c.probs, nil
}

func modified(published, updated time.Time) time.Time {
	if !updated.IsZero() {
		return updated
	}
	return published
}

// onSite reports whether u is an absolute http(s) URL under the site URL.
func (c *checker) onSite(u string) bool {
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
func (c *checker) siteFile(u string) (string, bool) {
	p, err := url.Parse(u)
	if err != nil || p.Host != c.site.Host || !strings.HasPrefix(p.Path, c.site.Path) {
		return "", false
	}
	return path.Clean(strings.TrimPrefix(p.Path, c.site.Path)), true
}

// consistency is rule 28: for each post, every file that names it gives
// the same dates and primary image. What most files say is taken as right
// (posts.json breaks a tie), and each file that says otherwise is reported
// under its own name, so the problem points at the file to look at.
func (c *checker) consistency(m manifest) {
	for _, p := range m.Posts {
		f := c.facts[p.URL]
		if f == nil {
			continue
		}
		c.agree(p.URL, "published date", times(f.published))
		c.agree(p.URL, "modified date", times(f.modified))
		imgs := make(map[string]value, len(f.image))
		for file, u := range f.image {
			imgs[file] = value{u, fmt.Sprintf("%q", u)}
		}
		c.agree(p.URL, "primary image", imgs)
	}
}

// value is one file's value: key compares, show is how messages write it.
type value struct{ key, show string }

// times makes dates comparable as instants, shown as the file wrote them.
func times(m map[string]time.Time) map[string]value {
	out := make(map[string]value, len(m))
	for file, t := range m {
		out[file] = value{t.UTC().Format(time.RFC3339Nano), t.Format(time.RFC3339)}
	}
	return out
}

// agree reports every file of vals (file -> value) whose value differs
// from the one most files hold.
func (c *checker) agree(postURL, what string, vals map[string]value) {
	if len(vals) < 2 {
		return
	}
	files := sortedKeys(vals)
	count := map[string]int{}
	for _, v := range vals {
		count[v.key]++
	}
	ref, ok := vals[manifestFile]
	if !ok {
		ref = vals[files[0]]
	}
	for _, f := range files {
		if count[vals[f].key] > count[ref.key] {
			ref = vals[f]
		}
	}
	var agreeing []string
	for _, f := range files {
		if vals[f].key == ref.key {
			agreeing = append(agreeing, f)
		}
	}
	for _, f := range files {
		if v := vals[f]; v.key != ref.key {
			c.bad(f, "rule 28: %s: %s differs: %s here, %s in %s", postURL, what, v.show, ref.show, strings.Join(agreeing, ", "))
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// exists reports whether name is a file in the output.
func (c *checker) exists(name string) bool {
	_, err := fs.Stat(c.fsys, name)
	return err == nil
}
