package feed

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"time"

	"github.com/seopipe/seopipe/internal/xmltext"
	"github.com/seopipe/seopipe/site"
)

// JSONFeedVersion is the version URL every JSON feed written here carries.
const JSONFeedVersion = "https://jsonfeed.org/version/1.1"

// jsonFeed is a JSON Feed 1.1 document; the struct fixes the field order.
type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Description string     `json:"description,omitempty"`
	Language    string     `json:"language,omitempty"`
	Items       []jsonItem `json:"items"`
}

// jsonItem is one item of a JSON Feed.
type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

// jsonAuthor is a JSON Feed author.
type jsonAuthor struct {
	Name   string `json:"name"`
	URL    string `json:"url,omitempty"`
	Avatar string `json:"avatar,omitempty"`
}

// JSON writes pages as a JSON Feed 1.1 document (docs/rules.md rule 14),
// indented by two spaces, with <, > and & left as they are.
//
// Pages are taken as for RSS. Each item has id and url (the page URL),
// title, content_html (the body HTML with absolute URLs; with
// o.Content == ContentSummary, the summary escaped as HTML, since JSON Feed
// requires a content field), summary, image (the hero URL), date_published
// and date_modified (RFC 3339), authors ({name, url, avatar}) and tags (the
// categories and tags). Strings lose the characters XML cannot carry, so
// the JSON feed says exactly what the RSS and Atom feeds say.
func JSON(w io.Writer, pages []*site.Page, o Options) error {
	entries, _, err := prepare(pages, o)
	if err != nil {
		return err
	}
	f := jsonFeed{
		Version:     JSONFeedVersion,
		Title:       xmltext.Clean(o.Title),
		HomePageURL: xmltext.Clean(o.HomeURL),
		FeedURL:     xmltext.Clean(o.SelfURL),
		Description: xmltext.Clean(o.Description),
		Language:    xmltext.Clean(o.Language),
		Items:       make([]jsonItem, 0, len(entries)),
	}
	for i := range entries {
		f.Items = append(f.Items, newJSONItem(&entries[i]))
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("feed: writing json feed %s: %w", o.SelfURL, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("feed: writing json feed %s: %w", o.SelfURL, err)
	}
	return nil
}

// newJSONItem builds the item for e.
func newJSONItem(e *entry) jsonItem {
	it := jsonItem{
		ID:            e.url,
		URL:           e.url,
		Title:         e.title,
		ContentHTML:   e.content,
		Summary:       e.summary,
		DatePublished: e.published.Format(time.RFC3339),
		DateModified:  e.modified.Format(time.RFC3339),
	}
	if it.ContentHTML == "" {
		it.ContentHTML = html.EscapeString(it.Summary)
	}
	if img := e.page.Image; img != nil {
		it.Image = xmltext.Clean(img.URL)
	}
	for _, a := range e.page.Authors {
		if a.Name == "" {
			continue
		}
		it.Authors = append(it.Authors, jsonAuthor{Name: xmltext.Clean(a.Name), URL: xmltext.Clean(a.URL), Avatar: xmltext.Clean(a.Image)})
	}
	it.Tags = e.terms
	return it
}
