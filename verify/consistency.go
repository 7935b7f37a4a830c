package verify

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/diag"
)

// Rule 28: every file that names a post gives it the same dates, primary
// image and canonical URL. The checks of each file record what it said as
// facts (published, modified, image); Problems compares them (consistency)
// and the sitemaps' URLs with the posts (listed).

// entry is one file's value for a fact: file is its name in the output
// directory ("feed.xml", "seo/x/head.html").
type entry[T any] struct {
	file string
	v    T
}

// facts are the values the output files wrote for one post: at most one
// entry per file and fact, a handful per post.
type facts struct {
	published []entry[time.Time]
	modified  []entry[time.Time]
	image     []entry[string]
}

// set records v as what file says, replacing what file said before.
func set[T any](es *[]entry[T], file string, v T) {
	for i := range *es {
		if (*es)[i].file == file {
			(*es)[i].v = v
			return
		}
	}
	*es = append(*es, entry[T]{file, v})
}

// merge records every entry of g, as if its sets were made again on f.
func (f *facts) merge(g *facts) {
	for _, e := range g.published {
		set(&f.published, e.file, e.v)
	}
	for _, e := range g.modified {
		set(&f.modified, e.file, e.v)
	}
	for _, e := range g.image {
		set(&f.image, e.file, e.v)
	}
}

// fact returns the facts of the post whose URL is u, or nil when no post
// has that URL (then what a file says about u is of no use to rule 28).
func (c *Checker) fact(u string) *facts {
	return c.facts[u]
}

// published records that file gives the post at u the published date t;
// modified and image record the other facts alike.
func (c *Checker) published(u, file string, t time.Time) {
	if f := c.fact(u); f != nil {
		set(&f.published, file, t)
	}
}

func (c *Checker) modified(u, file string, t time.Time) {
	if f := c.fact(u); f != nil {
		set(&f.modified, file, t)
	}
}

func (c *Checker) image(u, file, img string) {
	if f := c.fact(u); f != nil {
		set(&f.image, file, img)
	}
}

// consistency is rule 28: for each post, every file that names it gives
// the same dates and primary image. What most files say is taken as right
// (posts.json breaks a tie), and each file that says otherwise is reported
// under its own name, so the problem points at the file to look at. It
// appends the problems to probs.
func (c *Checker) consistency(probs []diag.Problem) []diag.Problem {
	for _, p := range c.posts {
		f := c.facts[p.url]
		probs = agree(probs, p.url, "published date", f.published, time.Time.Equal, showTime)
		probs = agree(probs, p.url, "modified date", f.modified, time.Time.Equal, showTime)
		probs = agree(probs, p.url, "primary image", f.image, func(a, b string) bool { return a == b }, showString)
	}
	return probs
}

// listed is the part of rule 28 about the sitemaps' URLs: every post
// checked and on the site is in the sitemaps, the same canonical URL there
// as everywhere else, unless its head says noindex (a listed URL marked
// noindex is what search consoles report as "Submitted URL marked
// noindex") or posts.json says noSitemap; then it is not. It appends the
// problems to probs.
func (c *Checker) listed(probs []diag.Problem) []diag.Problem {
	if c.inSitemaps == nil {
		return probs
	}
	for _, p := range c.posts {
		if !p.checked || !c.onSite(p.url) {
			continue
		}
		file, ok := c.inSitemaps[p.url]
		switch {
		case ok && p.noindex:
			probs = append(probs, diag.Problem{Path: file,
				Message: fmt.Sprintf("rule 28: %s: listed, but its head.html says noindex", p.url)})
		case ok && p.noSitemap:
			probs = append(probs, diag.Problem{Path: file,
				Message: fmt.Sprintf("rule 28: %s: listed, but posts.json says noSitemap", p.url)})
		case !ok && !p.noindex && !p.noSitemap:
			probs = append(probs, diag.Problem{Path: "sitemap.xml",
				Message: fmt.Sprintf("rule 28: %s: no sitemap lists the post, which is indexable and on the site", p.url)})
		}
	}
	return probs
}

// showTime writes a date as the file wrote it (dates compare as instants).
func showTime(t time.Time) string { return t.Format(time.RFC3339) }

// showString writes a text quoted.
func showString(s string) string { return fmt.Sprintf("%q", s) }

// agree appends to probs a problem for every file of vals whose value
// differs from the one most files hold.
func agree[T any](probs []diag.Problem, postURL, what string, vals []entry[T], eq func(a, b T) bool, show func(T) string) []diag.Problem {
	if len(vals) < 2 {
		return probs
	}
	same := true
	for _, e := range vals[1:] {
		same = same && eq(e.v, vals[0].v)
	}
	if same {
		return probs
	}
	vals = slices.Clone(vals)
	slices.SortFunc(vals, func(a, b entry[T]) int { return strings.Compare(a.file, b.file) })
	count := func(v T) int {
		n := 0
		for _, e := range vals {
			if eq(e.v, v) {
				n++
			}
		}
		return n
	}
	ref := vals[0]
	for _, e := range vals {
		if e.file == manifestFile {
			ref = e
		}
	}
	refCount := count(ref.v)
	for _, e := range vals {
		if n := count(e.v); n > refCount {
			ref, refCount = e, n
		}
	}
	var agreeing []string
	for _, e := range vals {
		if eq(e.v, ref.v) {
			agreeing = append(agreeing, e.file)
		}
	}
	for _, e := range vals {
		if !eq(e.v, ref.v) {
			probs = append(probs, diag.Problem{Path: e.file, Message: fmt.Sprintf("rule 28: %s: %s differs: %s here, %s in %s",
				postURL, what, show(e.v), show(ref.v), strings.Join(agreeing, ", "))})
		}
	}
	return probs
}
