package feed

import (
	"fmt"
	"io"
	"time"

	"github.com/seopipe/seopipe/site"
)

// Atom writes pages as an Atom feed (RFC 4287, docs/rules.md rule 13).
//
// Pages are taken as for RSS. The feed's id is o.SelfURL and its updated
// is the newest entry's updated, never the clock; without entries it is
// o.Updated, which must then be set. Each entry has id (the
// page URL), title, updated (the modified time), published, one author per
// page author (name, and uri when known; o.Author, else o.Title, when the
// page credits nobody), a link rel="alternate" to the page, summary,
// content type="html" (escaped body HTML with absolute URLs, unless
// o.Content is ContentSummary), one category term per category and tag,
// and the hero image as media:content plus, when its size in bytes and type
// are known, a link rel="enclosure". Dates are RFC 3339.
func Atom(w io.Writer, pages []*site.Page, o Options) error {
	entries, updated, err := prepare(pages, o)
	if err != nil {
		return err
	}
	if updated, err = feedDate(updated, o); err != nil {
		return err
	}
	x := newXMLWriter(w)
	x.WriteString(`<feed xmlns="` + nsAtom + `" xmlns:media="` + nsMedia + `" xml:lang="`)
	x.attr(o.Language)
	x.WriteString("\">\n")
	x.elem("  ", "id", o.SelfURL)
	x.elem("  ", "title", o.Title)
	if o.Description != "" {
		x.elem("  ", "subtitle", o.Description)
	}
	x.WriteString("  <updated>")
	x.writeTime(updated, time.RFC3339)
	x.WriteString("</updated>\n")
	atomLink(x, "  ", "self", "application/atom+xml", o.SelfURL)
	atomLink(x, "  ", "alternate", "text/html", o.HomeURL)
	author := o.Author
	if author == "" {
		author = o.Title
	}
	for i := range entries {
		atomEntry(x, &entries[i], author)
	}
	x.WriteString("</feed>\n")
	if err := x.Flush(); err != nil {
		return fmt.Errorf("feed: writing atom %s: %w", o.SelfURL, err)
	}
	return nil
}

// atomLink writes an atom:link element.
func atomLink(x xmlWriter, indent, rel, typ, href string) {
	x.WriteString(indent)
	x.WriteString(`<link rel="`)
	x.WriteString(rel)
	x.WriteString(`" type="`)
	x.attr(typ)
	x.WriteString(`" href="`)
	x.attr(href)
	x.WriteString("\"/>\n")
}

// atomEntry writes one <entry>; fallbackAuthor names the author when the
// page credits nobody.
func atomEntry(x xmlWriter, e *entry, fallbackAuthor string) {
	const in = "    "
	x.WriteString("  <entry>\n")
	x.elem(in, "id", e.url)
	x.elem(in, "title", e.title)
	x.WriteString(in + "<updated>")
	x.writeTime(e.modified, time.RFC3339)
	x.WriteString("</updated>\n")
	x.WriteString(in + "<published>")
	x.writeTime(e.published, time.RFC3339)
	x.WriteString("</published>\n")
	named := false
	for _, a := range e.page.Authors {
		if a.Name == "" {
			continue
		}
		named = true
		x.WriteString(in + "<author>\n")
		x.elem(in+"  ", "name", a.Name)
		if a.URL != "" {
			x.elem(in+"  ", "uri", a.URL)
		}
		x.WriteString(in + "</author>\n")
	}
	if !named {
		x.WriteString(in + "<author>\n")
		x.elem(in+"  ", "name", fallbackAuthor)
		x.WriteString(in + "</author>\n")
	}
	atomLink(x, in, "alternate", "text/html", e.url)
	if e.summary != "" {
		x.elem(in, "summary", e.summary)
	}
	if e.content != "" {
		x.WriteString(in + `<content type="html">`)
		x.text(e.content)
		x.WriteString("</content>\n")
	}
	for _, t := range e.terms {
		x.WriteString(in + `<category term="`)
		x.attr(t)
		x.WriteString("\"/>\n")
	}
	if img := e.page.Image; img != nil && img.URL != "" {
		x.media(in, img)
		if hasEnclosure(img) {
			x.WriteString(in + `<link rel="enclosure" type="`)
			x.attr(img.MIME)
			x.WriteString(`" length="`)
			x.writeInt(img.Bytes)
			x.WriteString(`" href="`)
			x.attr(img.URL)
			x.WriteString("\"/>\n")
		}
	}
	x.WriteString("  </entry>\n")
}
