// Package feed writes a site's posts as RSS 2.0, Atom (RFC 4287) and JSON
// Feed 1.1 documents, following docs/rules.md rules 10–14, 28 and 29: the three
// formats carry the same URL, dates, image and content for a post, and the
// output depends only on the input (never on the build clock), so two runs
// give byte-identical files.
//
// The package is synchronous and keeps no state: RSS, Atom, JSON and
// AbsoluteHTML are safe for concurrent use as long as no one mutates the
// pages while they run.
package feed

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/xmltext"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// Content modes for Options.Content.
const (
	// ContentFull puts the post's body HTML in each item.
	ContentFull = "full"
	// ContentSummary puts only the post's summary (excerpt) in each item.
	ContentSummary = "summary"
)

// Options describes one feed file. The zero value is not valid: Title,
// Language, HomeURL and SelfURL are required.
type Options struct {
	// Title and Description are the channel's: the site's, or
	// "Site — Category" for a category feed. An empty Description falls
	// back to Title in RSS, which requires one.
	Title, Description string
	// Language is a BCP 47 tag, e.g. "en".
	Language string
	// HomeURL is absolute: the RSS channel link, the Atom alternate link and
	// the JSON Feed home_page_url.
	HomeURL string
	// SelfURL is the absolute URL of this very feed file: the RSS atom:link
	// rel="self", the Atom id and link rel="self", the JSON Feed feed_url.
	SelfURL string
	// Limit is the most items written; 0 means all.
	Limit int
	// Content is ContentFull (the default when empty): the body HTML goes
	// into content:encoded / content / content_html; or ContentSummary: the
	// summary only.
	Content string
	// Author is the Atom author name for pages that credit nobody (Atom
	// requires an author on every entry of a feed without a feed-level
	// one). Empty means Title. RSS and JSON Feed write no author then.
	Author string
	// Updated is the feed's date when it has no items: RSS lastBuildDate
	// and Atom updated (JSON Feed has no feed date). RSS and Atom refuse to
	// write a feed without items when it is zero: the zero time (or the
	// Unix epoch) would tell readers the feed is from 1970. With items it
	// is ignored: the feed's date is then always the newest item's
	// modified time.
	Updated time.Time
}

// Validate reports every problem with o, joined.
func (o Options) Validate() error {
	var errs []error
	if strings.TrimSpace(o.Title) == "" {
		errs = append(errs, errors.New("feed: title is empty"))
	}
	if strings.TrimSpace(o.Language) == "" {
		errs = append(errs, errors.New("feed: language is empty"))
	}
	if err := checkAbsolute(o.HomeURL); err != nil {
		errs = append(errs, fmt.Errorf("feed: home URL: %w", err))
	}
	if err := checkAbsolute(o.SelfURL); err != nil {
		errs = append(errs, fmt.Errorf("feed: self URL: %w", err))
	}
	if o.Limit < 0 {
		errs = append(errs, fmt.Errorf("feed: limit %d is negative (0 means all)", o.Limit))
	}
	switch o.Content {
	case "", ContentFull, ContentSummary:
	default:
		errs = append(errs, fmt.Errorf("feed: content %q: want %q or %q", o.Content, ContentFull, ContentSummary))
	}
	return errors.Join(errs...)
}

// checkAbsolute reports whether u is an absolute http(s) URL.
func checkAbsolute(u string) error {
	if u == "" {
		return errors.New("is empty")
	}
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("%q does not parse: %w", u, err)
	}
	if (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", u)
	}
	return nil
}

// entry is one page as every format writes it: the values are computed once
// here so the three formats cannot disagree (rule 28).
type entry struct {
	page      *site.Page
	url       string
	title     string
	summary   string
	content   string // absolute, trimmed body HTML; "" in summary mode
	published time.Time
	modified  time.Time
	terms     []string // categories then tags, without repeats
}

// prepare validates o and pages and returns the entries to write, newest
// first and limited, and the feed's date (the newest modified time among
// them, else o.Updated).
func prepare(pages []*site.Page, o Options) ([]entry, time.Time, error) {
	if err := o.Validate(); err != nil {
		return nil, time.Time{}, err
	}
	sorted := make([]*site.Page, 0, len(pages))
	for i, p := range pages {
		if err := checkPage(p); err != nil {
			return nil, time.Time{}, fmt.Errorf("feed: page %d: %w", i, err)
		}
		sorted = append(sorted, p)
	}
	// Newest first; the sort is stable so the caller's order breaks ties.
	slices.SortStableFunc(sorted, func(a, b *site.Page) int {
		return b.Published().Compare(a.Published())
	})
	if o.Limit > 0 && len(sorted) > o.Limit {
		sorted = sorted[:o.Limit]
	}
	entries := make([]entry, 0, len(sorted))
	updated := time.Time{}
	for _, p := range sorted {
		e := entry{
			page:      p,
			url:       xmltext.Clean(p.URL),
			title:     xmltext.Clean(p.Title()),
			summary:   xmltext.Clean(p.Post.Summary),
			published: p.Published(),
			modified:  p.Modified(),
			terms:     terms(p.Post),
		}
		if o.Content != ContentSummary && p.HTML != "" {
			html := p.AbsoluteHTML
			if html == "" {
				// Against the page's own address, as the pipeline does:
				// the canonical URL may be on another host.
				base := p.Base
				if base == "" {
					base = p.URL
				}
				var err error
				if html, err = AbsoluteHTML(p.HTML, base); err != nil {
					return nil, time.Time{}, fmt.Errorf("feed: page %s: content: %w", p.URL, err)
				}
			}
			e.content = xmltext.Clean(strings.TrimSpace(html))
		}
		if e.modified.After(updated) {
			updated = e.modified
		}
		entries = append(entries, e)
	}
	if len(entries) == 0 {
		updated = o.Updated
	}
	return entries, updated, nil
}

// feedDate returns the date of an RSS or Atom feed: updated, as prepare
// returned it (the newest item's modified time, else o.Updated), or an
// error when that is zero.
func feedDate(updated time.Time, o Options) (time.Time, error) {
	if updated.IsZero() {
		return time.Time{}, fmt.Errorf("feed: %s: no items and no Options.Updated: the feed has no date", o.SelfURL)
	}
	return updated, nil
}

// checkPage reports why p cannot go into a feed.
func checkPage(p *site.Page) error {
	switch {
	case p == nil:
		return errors.New("is nil")
	case p.Post == nil:
		return fmt.Errorf("%s: has no post", p.URL)
	case p.Post.PublishedAt.IsZero():
		return fmt.Errorf("%s: has no published date (leave undated posts out of feeds)", p.URL)
	}
	if err := checkAbsolute(p.URL); err != nil {
		return fmt.Errorf("URL: %w", err)
	}
	return nil
}

// terms returns the post's categories, then its tags, trimmed, without
// empty strings and without repeats (compared case-insensitively; the first
// spelling wins).
func terms(p *post.Post) []string {
	var out []string
	add := func(t string) {
		t = strings.TrimSpace(xmltext.Clean(t))
		if t == "" {
			return
		}
		for _, have := range out {
			if strings.EqualFold(have, t) {
				return
			}
		}
		out = append(out, t)
	}
	add(p.Category)
	for _, c := range p.Categories {
		add(c)
	}
	for _, t := range p.Tags {
		add(t)
	}
	return out
}
