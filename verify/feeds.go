package verify

import (
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"regexp"
	"strings"
	"time"
)

type rss struct {
	XMLName xml.Name `xml:"rss"`
	Channel struct {
		Title         string `xml:"title"`
		Description   string `xml:"description"`
		Language      string `xml:"language"`
		LastBuildDate string `xml:"lastBuildDate"`
		// Links holds both the RSS <link> (no namespace) and atom:link:
		// a tag without a namespace matches both, so tell them apart by XMLName.
		Links []struct {
			XMLName xml.Name
			Rel     string `xml:"rel,attr"`
			Type    string `xml:"type,attr"`
			Href    string `xml:"href,attr"`
			Value   string `xml:",chardata"`
		} `xml:"link"`
		Items []struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			GUID  struct {
				IsPermaLink string `xml:"isPermaLink,attr"`
				Value       string `xml:",chardata"`
			} `xml:"guid"`
			PubDate string `xml:"pubDate"`
			Media   []struct {
				URL    string `xml:"url,attr"`
				Medium string `xml:"medium,attr"`
			} `xml:"http://search.yahoo.com/mrss/ content"`
			Enclosure *struct {
				URL    string `xml:"url,attr"`
				Length string `xml:"length,attr"`
				Type   string `xml:"type,attr"`
			} `xml:"enclosure"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"http://www.w3.org/2005/Atom id"`
	Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Entries []struct {
		ID        string `xml:"http://www.w3.org/2005/Atom id"`
		Published string `xml:"http://www.w3.org/2005/Atom published"`
		Updated   string `xml:"http://www.w3.org/2005/Atom updated"`
		Links     []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Items       []struct {
		ID            string          `json:"id"`
		URL           string          `json:"url"`
		Image         string          `json:"image"`
		DatePublished string          `json:"date_published"`
		DateModified  string          `json:"date_modified"`
		Authors       json.RawMessage `json:"authors"`
	} `json:"items"`
}

// rfc822RE: RFC 822 date with a four-digit year (rule 12).
var rfc822RE = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT|[A-Z]{3})$`)

// minFeedDate is the earliest date a feed can credibly carry: one before
// it (the zero time, the Unix epoch) is a placeholder written for want of
// a date, which readers take for a feed dead for decades.
var minFeedDate = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// parseRFC822 parses an RSS date (RFC 822 with a four-digit year, rule
// 12) with a numeric zone or a named one Go knows.
func parseRFC822(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// manifestModified returns the updated date posts.json gives the post at u.
func (c *Checker) manifestModified(u string) (time.Time, bool) {
	if f := c.fact(u); f != nil {
		for _, e := range f.modified {
			if e.file == manifestFile {
				return e.v, true
			}
		}
	}
	return time.Time{}, false
}

// feeds checks feed.xml, atom.xml, feed.json and the category feeds
// (category/<slug>/feed.xml, with feeds.perCategory) against rules 11–14,
// and records what they say about each post for rule 28.
func (c *Checker) feeds() {
	c.rss("feed.xml")
	c.atom("atom.xml")
	c.jsonFeed("feed.json")
	// Glob fails only on a bad pattern; its names come sorted, so the
	// problems come in the same order on every run.
	cats := c.opts.CategoryFeeds
	if cats == nil {
		cats, _ = fs.Glob(c.fsys, "category/*/feed.xml")
	}
	for _, name := range cats {
		c.rss(name)
	}
}

func (c *Checker) rss(name string) {
	data, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		c.bad(name, "missing: %v", err)
		return
	}
	var f rss
	if err := xml.Unmarshal(data, &f); err != nil {
		c.bad(name, "invalid XML: %v", err)
		return
	}
	ch := f.Channel
	if ch.Title == "" || ch.Description == "" || ch.Language == "" || ch.LastBuildDate == "" {
		c.bad(name, "rule 11: the channel needs title, description, language and lastBuildDate")
	}
	built, dated := time.Time{}, false
	if ch.LastBuildDate != "" {
		if !rfc822RE.MatchString(ch.LastBuildDate) {
			c.bad(name, "rule 11: lastBuildDate %q is not RFC 822 with a four-digit year", ch.LastBuildDate)
		} else if built, dated = parseRFC822(ch.LastBuildDate); dated && built.Before(minFeedDate) {
			c.bad(name, "rule 11: lastBuildDate %q is before %d: a placeholder, not the feed's date", ch.LastBuildDate, minFeedDate.Year())
		}
	}
	self := c.site.JoinPath(name).String()
	found, link := false, ""
	for _, l := range ch.Links {
		switch l.XMLName.Space {
		case "":
			link = strings.TrimSpace(l.Value)
		case "http://www.w3.org/2005/Atom":
			if l.Rel == "self" {
				found = l.Href == self && l.Type == "application/rss+xml"
			}
		}
	}
	if !absolute(link) {
		c.bad(name, "rule 11: channel link %q is not absolute", link)
	}
	if !found {
		c.bad(name, "rule 11: no atom:link rel=\"self\" type=\"application/rss+xml\" href=%q", self)
	}
	var newest time.Time // the newest item's updated date
	for _, it := range ch.Items {
		if it.Title == "" || it.Link == "" {
			c.bad(name, "rule 12: an item lacks title or link")
			continue
		}
		if it.GUID.Value != it.Link && it.GUID.IsPermaLink != "false" {
			c.bad(name, "rule 12: %s: guid %q is neither the link nor isPermaLink=\"false\"", it.Link, it.GUID.Value)
		}
		pub, ok := parseRFC822(it.PubDate)
		if !rfc822RE.MatchString(it.PubDate) {
			c.bad(name, "rule 12: %s: pubDate %q is not RFC 822 with a four-digit year", it.Link, it.PubDate)
		} else if ok {
			c.published(it.Link, name, pub)
		}
		// An RSS item carries no updated date: posts.json's, else the
		// pubDate.
		if upd, known := c.manifestModified(it.Link); known {
			pub = upd
		}
		if pub.After(newest) {
			newest = pub
		}
		for _, m := range it.Media {
			if m.Medium == "image" {
				c.image(it.Link, name, m.URL)
				break
			}
		}
		if e := it.Enclosure; e != nil && (e.Length == "" || e.Type == "") {
			c.bad(name, "rule 12: %s: enclosure needs length and type", it.Link)
		}
	}
	if dated && !newest.IsZero() && !built.Equal(newest) {
		c.bad(name, "rule 11: lastBuildDate %q is not the newest item's updated date, %s", ch.LastBuildDate, newest.Format(time.RFC3339))
	}
}

func (c *Checker) atom(name string) {
	data, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		c.bad(name, "missing: %v", err)
		return
	}
	var f atom
	if err := xml.Unmarshal(data, &f); err != nil {
		c.bad(name, "invalid XML: %v", err)
		return
	}
	hasSelf := false
	for _, l := range f.Links {
		hasSelf = hasSelf || (l.Rel == "self" && l.Href == c.site.JoinPath(name).String())
	}
	if f.ID == "" || !hasSelf {
		c.bad(name, "rule 13: the feed needs an id and link rel=\"self\"")
	}
	feedUpdated, err := time.Parse(time.RFC3339, f.Updated)
	if err != nil {
		c.bad(name, "rule 13: feed updated %q is not RFC 3339", f.Updated)
	} else if feedUpdated.Before(minFeedDate) {
		c.bad(name, "rule 13: feed updated %q is before %d: a placeholder, not the feed's date", f.Updated, minFeedDate.Year())
	}
	var newest time.Time
	for _, e := range f.Entries {
		link := ""
		for _, l := range e.Links {
			if l.Rel == "alternate" || l.Rel == "" {
				link = l.Href
			}
		}
		pub, err1 := time.Parse(time.RFC3339, e.Published)
		upd, err2 := time.Parse(time.RFC3339, e.Updated)
		if e.ID == "" || err1 != nil || err2 != nil {
			c.bad(name, "rule 13: entry %q needs an id and RFC 3339 published and updated", e.ID)
			continue
		}
		if upd.After(newest) {
			newest = upd
		}
		if link != "" {
			c.published(link, name, pub)
			c.modified(link, name, upd)
		}
	}
	if err == nil && len(f.Entries) > 0 && !feedUpdated.Equal(newest) {
		c.bad(name, "rule 13: feed updated %s is not the newest entry's %s", f.Updated, newest.Format(time.RFC3339))
	}
}

func (c *Checker) jsonFeed(name string) {
	data, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		c.bad(name, "missing: %v", err)
		return
	}
	var f jsonFeed
	if err := json.Unmarshal(data, &f); err != nil {
		c.bad(name, "invalid JSON: %v", err)
		return
	}
	if f.Version != "https://jsonfeed.org/version/1.1" {
		c.bad(name, "rule 14: version %q is not https://jsonfeed.org/version/1.1", f.Version)
	}
	if f.Title == "" || !absolute(f.HomePageURL) || f.FeedURL != c.site.JoinPath(name).String() {
		c.bad(name, "rule 14: needs title, home_page_url and feed_url (= its own URL)")
	}
	for _, it := range f.Items {
		if it.ID == "" || it.URL == "" {
			c.bad(name, "rule 14: an item lacks id or url")
			continue
		}
		if len(it.Authors) > 0 && it.Authors[0] != '[' {
			c.bad(name, "rule 14: %s: authors must be an array", it.URL)
		}
		if t, err := time.Parse(time.RFC3339, it.DatePublished); err == nil {
			c.published(it.URL, name, t)
		} else {
			c.bad(name, "rule 14: %s: date_published %q is not RFC 3339", it.URL, it.DatePublished)
		}
		if t, err := time.Parse(time.RFC3339, it.DateModified); err == nil {
			c.modified(it.URL, name, t)
		}
		if it.Image != "" {
			c.image(it.URL, name, it.Image)
		}
	}
}
