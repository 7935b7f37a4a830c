package feed

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/seopipe/seopipe/site"
)

// Namespaces of the RSS extensions used.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

// RSS writes pages as an RSS 2.0 feed with the content, dc, atom and media
// namespaces (docs/rules.md rules 11 and 12).
//
// The caller passes pages published, indexable and dated (posts without a
// date are kept out of feeds by the caller, with a warning); RSS sorts them
// newest first (stably, so the caller's order breaks ties) and writes at
// most o.Limit. lastBuildDate is the newest item's modified time, never the
// clock; without items it is o.Updated, which must then be set. Each item has title, link, a permalink guid equal to link, pubDate
// (RFC 1123 with a numeric zone: RFC 822 with a four-digit year) at the
// published time, description (the summary), content:encoded (the body
// HTML with absolute URLs, in CDATA, unless o.Content is ContentSummary),
// one dc:creator per author, <author> only as "email (Name)" for the first
// author with an email address, one category per category and tag, and the
// hero image as media:content plus, when its size in bytes and type are
// known, an enclosure.
func RSS(w io.Writer, pages []*site.Page, o Options) error {
	entries, updated, err := prepare(pages, o)
	if err != nil {
		return err
	}
	if updated, err = feedDate(updated, o); err != nil {
		return err
	}
	x := newXMLWriter(w)
	x.WriteString(`<rss version="2.0" xmlns:atom="` + nsAtom + `" xmlns:content="` + nsContent +
		`" xmlns:dc="` + nsDC + `" xmlns:media="` + nsMedia + `">` + "\n")
	x.WriteString("  <channel>\n")
	x.elem("    ", "title", o.Title)
	x.elem("    ", "link", o.HomeURL)
	desc := o.Description
	if desc == "" {
		desc = o.Title
	}
	x.elem("    ", "description", desc)
	x.elem("    ", "language", o.Language)
	x.WriteString("    <lastBuildDate>")
	x.writeTime(updated, time.RFC1123Z)
	x.WriteString("</lastBuildDate>\n")
	x.WriteString(`    <atom:link href="`)
	x.attr(o.SelfURL)
	x.WriteString(`" rel="self" type="application/rss+xml"/>` + "\n")
	for i := range entries {
		rssItem(x, &entries[i])
	}
	x.WriteString("  </channel>\n</rss>\n")
	if err := x.Flush(); err != nil {
		return fmt.Errorf("feed: writing rss %s: %w", o.SelfURL, err)
	}
	return nil
}

// rssItem writes one <item>.
func rssItem(x xmlWriter, e *entry) {
	const in = "      "
	x.WriteString("    <item>\n")
	x.elem(in, "title", e.title)
	x.elem(in, "link", e.url)
	x.WriteString(in + `<guid isPermaLink="true">`)
	x.text(e.url)
	x.WriteString("</guid>\n")
	x.WriteString(in + "<pubDate>")
	x.writeTime(e.published, time.RFC1123Z)
	x.WriteString("</pubDate>\n")
	if e.summary != "" {
		// RSS readers take description as HTML: the plain-text summary is
		// escaped once as HTML, then as XML, so "<template>" stays text.
		x.elem(in, "description", htmlText.Replace(e.summary))
	}
	if e.content != "" {
		x.WriteString(in + "<content:encoded>")
		x.cdata(e.content)
		x.WriteString("</content:encoded>\n")
	}
	for _, a := range e.page.Authors {
		if a.Name != "" {
			x.elem(in, "dc:creator", a.Name)
		}
	}
	for _, a := range e.page.Authors {
		if a.Email != "" {
			// RSS 2.0's author is an email address, "email (Name)" by
			// convention; one per item.
			s := a.Email
			if a.Name != "" {
				s += " (" + a.Name + ")"
			}
			x.elem(in, "author", s)
			break
		}
	}
	for _, t := range e.terms {
		x.elem(in, "category", t)
	}
	if img := e.page.Image; img != nil && img.URL != "" {
		x.media(in, img)
		if hasEnclosure(img) {
			x.WriteString(in + `<enclosure url="`)
			x.attr(img.URL)
			x.WriteString(`" length="`)
			x.writeInt(img.Bytes)
			x.WriteString(`" type="`)
			x.attr(img.MIME)
			x.WriteString(`"/>` + "\n")
		}
	}
	x.WriteString("    </item>\n")
}

// htmlText escapes plain text for a place that holds HTML: only the three
// characters that could start markup or an entity.
var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
