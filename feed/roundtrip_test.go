package feed

import (
	"encoding/json"
	"html"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
	xhtml "golang.org/x/net/html"

	"github.com/seopipe/seopipe/site"
)

// channel is what the round-trip tests compare of the feed itself.
type channel struct {
	Title, Description, Link, FeedLink, Language string
	Updated                                      time.Time
}

// wantTerms are the test pages' categories and tags as the feeds carry
// them: categories first, repeats (any case) and blanks dropped.
var wantTerms = map[string][]string{
	"hello":  {"Go", "Web", "feeds", "RSS"},
	"tricky": {`<tags> & "quotes"`},
}

// wantItems is what the feed of pages (the test pages, already newest
// first) in format f with options o must read back as.
func wantItems(f format, pages []*site.Page, o Options) []item {
	if o.Limit > 0 && len(pages) > o.Limit {
		pages = pages[:o.Limit]
	}
	items := []item{}
	for _, p := range pages {
		x := item{
			Title: p.Title(), Link: p.URL, GUID: p.URL, Published: p.Published(),
			Categories: wantTerms[p.Post.Slug], Description: p.Post.Summary,
		}
		if f.name != "rss" {
			x.Updated = p.Modified()
		}
		for _, a := range p.Authors {
			x.Authors = append(x.Authors, a.Name)
		}
		if len(x.Authors) == 0 && f.name == "atom" {
			x.Authors = []string{o.Author}
			if o.Author == "" {
				x.Authors = []string{o.Title}
			}
		}
		if f.name == "rss" {
			for _, a := range p.Authors {
				if a.Email != "" {
					x.Email = a.Email
					break
				}
			}
		}
		if o.Content != ContentSummary {
			x.Content = wantContent[p.Post.Slug]
		}
		if x.Content == "" && f.name == "json" {
			x.Content = html.EscapeString(p.Post.Summary)
		}
		if p.Image != nil {
			x.Image = p.Image.URL
			if p.Image.Bytes > 0 && p.Image.MIME != "" && f.name != "json" {
				x.Enclosure = p.Image.URL + " " + strconv.FormatInt(p.Image.Bytes, 10) + " " + p.Image.MIME
			}
		}
		items = append(items, x)
	}
	return items
}

// TestRoundTrip reads every golden case back with gofeed and compares the
// channel and each item with what the pages say (rules 11–14, 28): titles,
// links, ids, dates, authors, categories, the exact content HTML, image and
// enclosure, the self link, the limit and the summary mode.
func TestRoundTrip(t *testing.T) {
	for _, tc := range goldenCases {
		for _, f := range formats {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				o := tc.opts(testOptions(f))
				pages := tc.pages()
				got := render(t, f, pages, o)
				feed := parse(t, f, got)

				want := channel{Title: o.Title, Description: o.Description, Link: o.HomeURL,
					FeedLink: o.SelfURL, Language: o.Language}
				if f.name == "rss" && want.Description == "" {
					want.Description = o.Title
				}
				// The feed's date is the newest modified time of the items
				// written, never the clock.
				shown := pages
				if o.Limit > 0 && len(shown) > o.Limit {
					shown = shown[:o.Limit]
				}
				for _, p := range shown {
					if p.Modified().After(want.Updated) {
						want.Updated = p.Modified()
					}
				}
				if len(shown) == 0 {
					want.Updated = o.Updated // the caller's date: never 1970
				}
				gotCh := channel{Title: feed.Title, Description: feed.Description, Link: feed.Link,
					FeedLink: feed.FeedLink, Language: feed.Language}
				if feed.UpdatedParsed != nil && f.name != "json" {
					gotCh.Updated = *feed.UpdatedParsed
				}
				if f.name == "json" {
					want.Updated = time.Time{} // JSON Feed has no feed date
				}
				if d := cmp.Diff(want, gotCh); d != "" {
					t.Errorf("channel (-want +got):\n%s", d)
				}
				if d := cmp.Diff(wantItems(f, pages, o), roundTrip(t, f, got)); d != "" {
					t.Errorf("items (-want +got):\n%s", d)
				}
			})
		}
	}
}

// TestOrderAndLimit checks that items come newest first whatever order the
// caller passes, that equal dates keep the caller's order, and that Limit
// keeps the newest.
func TestOrderAndLimit(t *testing.T) {
	sameDay := func() []*site.Page {
		ps := testPages()
		twin := *ps[1]
		p := *twin.Post
		p.Slug = "twin"
		twin.Post, twin.URL = &p, "https://example.com/blog/posts/twin/"
		// plain, hello, twin, tricky: twin and tricky share a date.
		return []*site.Page{ps[2], ps[0], &twin, ps[1]}
	}
	const (
		hello  = "https://example.com/blog/posts/hello/"
		tricky = "https://example.com/blog/posts/tricky/"
		plain  = "https://example.com/blog/posts/plain/"
		twin   = "https://example.com/blog/posts/twin/"
	)
	tests := []struct {
		name  string
		pages func() []*site.Page
		limit int
		want  []string
	}{
		{"all", sameDay, 0, []string{hello, twin, tricky, plain}},
		{"limit 1", sameDay, 1, []string{hello}},
		{"limit 3", sameDay, 3, []string{hello, twin, tricky}},
		{"limit above count", sameDay, 10, []string{hello, twin, tricky, plain}},
		{"reversed", func() []*site.Page { ps := testPages(); slices.Reverse(ps); return ps }, 0,
			[]string{hello, tricky, plain}},
	}
	for _, tc := range tests {
		for _, f := range formats {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				o := testOptions(f)
				o.Limit = tc.limit
				var links []string
				for _, it := range parse(t, f, render(t, f, tc.pages(), o)).Items {
					links = append(links, it.Link)
				}
				if d := cmp.Diff(tc.want, links); d != "" {
					t.Errorf("item links (-want +got):\n%s", d)
				}
			})
		}
	}
}

// TestRSSDetails checks what gofeed's universal model hides: the atom:link
// attributes, the permalink guid, the exact date strings, <author> only for
// an email address, and the media:content attributes.
func TestRSSDetails(t *testing.T) {
	f := formats[0]
	o := testOptions(f)
	pages := testPages()
	got := render(t, f, pages, o)
	r := parse(t, f, got).OriginalFeed().(*rss.Feed)

	var self map[string]string
	for _, l := range r.Extensions["atom"]["link"] {
		if l.Attrs["rel"] == "self" {
			self = l.Attrs
		}
	}
	if d := cmp.Diff(map[string]string{"href": o.SelfURL, "rel": "self", "type": "application/rss+xml"}, self); d != "" {
		t.Errorf("atom:link rel=self (-want +got):\n%s", d)
	}
	if want := "Mon, 01 Dec 2025 12:00:00 -0500"; r.LastBuildDate != want {
		t.Errorf("lastBuildDate = %q, want %q (plain's updated time)", r.LastBuildDate, want)
	}

	type details struct {
		PubDate, GUID, IsPermaLink, Author string
		Media                              map[string]string
		Enclosure                          bool
	}
	want := []details{
		{"Fri, 07 Nov 2025 09:30:00 +0200", pages[0].URL, "true", "ana@example.com (Ana Núñez)",
			map[string]string{"url": pages[0].Image.URL, "medium": "image", "type": "image/jpeg",
				"width": "1200", "height": "630", "fileSize": "48213"}, true},
		{"Wed, 01 Oct 2025 08:00:00 +0000", pages[1].URL, "true", "",
			map[string]string{"url": pages[1].Image.URL, "medium": "image"}, false},
		{"Mon, 15 Sep 2025 07:00:00 -0500", pages[2].URL, "true", "", nil, false},
	}
	var gotDetails []details
	for i, it := range r.Items {
		d := details{PubDate: it.PubDate, Author: it.Author, Enclosure: it.Enclosure != nil}
		if it.GUID != nil {
			d.GUID, d.IsPermaLink = it.GUID.Value, it.GUID.IsPermalink
		}
		if c := it.Extensions["media"]["content"]; len(c) > 0 {
			d.Media = c[0].Attrs
			// The alt text, when there is one, is the media:description.
			var alt []string
			for _, e := range c[0].Children["description"] {
				alt = append(alt, e.Value)
			}
			var want []string
			if a := pages[i].Image.Alt; a != "" {
				want = []string{a}
			}
			if d := cmp.Diff(want, alt); d != "" {
				t.Errorf("item %d media:description (-want +got):\n%s", i, d)
			}
		}
		gotDetails = append(gotDetails, d)
	}
	if d := cmp.Diff(want, gotDetails); d != "" {
		t.Errorf("items (-want +got):\n%s", d)
	}
	// The published dates read back are the pages' instants.
	for i, it := range r.Items {
		if it.PubDateParsed == nil || !it.PubDateParsed.Equal(pages[i].Published()) {
			t.Errorf("item %d pubDate parses as %v, want %v", i, it.PubDateParsed, pages[i].Published())
		}
	}
	// <author> appears once, for hello only; the CDATA markers are split.
	if n := strings.Count(string(got), "<author>"); n != 1 {
		t.Errorf("%d <author> elements, want 1", n)
	}
	if !strings.Contains(string(got), "x ]]]]><![CDATA[> y ]]]]]]><![CDATA[> z") ||
		!strings.Contains(string(got), "]]>&#xD;<![CDATA[") {
		t.Errorf("content:encoded does not split ]]> and carriage returns out of CDATA:\n%s", got)
	}
}

// TestAtomDetails checks the feed id and links, the entry links, content
// type and the RFC 3339 date strings.
func TestAtomDetails(t *testing.T) {
	f := formats[1]
	o := testOptions(f)
	pages := testPages()
	a := parse(t, f, render(t, f, pages, o)).OriginalFeed().(*atom.Feed)
	type link struct{ Rel, Type, Href string }
	links := func(ls []*atom.Link) []link {
		var out []link
		for _, l := range ls {
			out = append(out, link{l.Rel, l.Type, l.Href})
		}
		return out
	}
	if a.ID != o.SelfURL {
		t.Errorf("feed id = %q, want %q", a.ID, o.SelfURL)
	}
	if a.Updated != "2025-12-01T12:00:00-05:00" {
		t.Errorf("feed updated = %q, want plain's updated time", a.Updated)
	}
	if d := cmp.Diff([]link{{"self", "application/atom+xml", o.SelfURL}, {"alternate", "text/html", homeURL}}, links(a.Links)); d != "" {
		t.Errorf("feed links (-want +got):\n%s", d)
	}
	wantDates := [][2]string{
		{"2025-11-07T09:30:00+02:00", "2025-11-08T10:00:00Z"},
		{"2025-10-01T08:00:00Z", "2025-10-01T08:00:00Z"},
		{"2025-09-15T07:00:00-05:00", "2025-12-01T12:00:00-05:00"},
	}
	for i, e := range a.Entries {
		if e.ID != pages[i].URL {
			t.Errorf("entry %d id = %q, want %q", i, e.ID, pages[i].URL)
		}
		if got := [2]string{e.Published, e.Updated}; got != wantDates[i] {
			t.Errorf("entry %d published, updated = %q, want %q", i, got, wantDates[i])
		}
		for _, s := range []string{e.Published, e.Updated} {
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				t.Errorf("entry %d date %q is not RFC 3339: %v", i, s, err)
			}
		}
		wantLinks := []link{{"alternate", "text/html", pages[i].URL}}
		if i == 0 {
			wantLinks = append(wantLinks, link{"enclosure", "image/jpeg", pages[0].Image.URL})
		}
		if d := cmp.Diff(wantLinks, links(e.Links)); d != "" {
			t.Errorf("entry %d links (-want +got):\n%s", i, d)
		}
		if wantContent[pages[i].Post.Slug] == "" {
			if e.Content != nil {
				t.Errorf("entry %d has content %+v, want none (the page has no body)", i, e.Content)
			}
		} else if e.Content == nil || e.Content.Type != "html" {
			t.Errorf("entry %d content = %+v, want type html", i, e.Content)
		}
	}
}

// TestJSONDetails checks the JSON Feed document itself: the exact version,
// string ids, authors as an array, RFC 3339 dates, and items as an array
// even when empty.
func TestJSONDetails(t *testing.T) {
	f := formats[2]
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.opts(testOptions(f))
			var doc map[string]any
			if err := json.Unmarshal(render(t, f, tc.pages(), o), &doc); err != nil {
				t.Fatal(err)
			}
			if doc["version"] != "https://jsonfeed.org/version/1.1" {
				t.Errorf("version = %v", doc["version"])
			}
			for _, k := range []string{"title", "home_page_url", "feed_url", "language"} {
				if _, ok := doc[k].(string); !ok {
					t.Errorf("%s = %#v, want a string", k, doc[k])
				}
			}
			items, ok := doc["items"].([]any)
			if !ok {
				t.Fatalf("items = %#v, want an array", doc["items"])
			}
			for i, it := range items {
				m := it.(map[string]any)
				if _, ok := m["id"].(string); !ok || m["id"] != m["url"] {
					t.Errorf("item %d id = %#v, want the url as a string", i, m["id"])
				}
				if _, ok := m["content_html"].(string); !ok {
					t.Errorf("item %d has no content_html", i)
				}
				for _, k := range []string{"date_published", "date_modified"} {
					s, _ := m[k].(string)
					if _, err := time.Parse(time.RFC3339, s); err != nil {
						t.Errorf("item %d %s = %q is not RFC 3339", i, k, s)
					}
				}
				if a, ok := m["authors"]; ok {
					if _, ok := a.([]any); !ok {
						t.Errorf("item %d authors = %#v, want an array", i, a)
					}
				}
			}
		})
	}
}

// TestContentResolvesAgainstBase checks that a page whose AbsoluteHTML the
// caller left empty gets its content resolved against its own address on
// the site (Base), as the pipeline resolves it, and not against a
// canonical URL on another host; and that a page without Base falls back
// to its URL.
func TestContentResolvesAgainstBase(t *testing.T) {
	const body = `<p><a href="#notes">n</a> <a href="../about/">a</a> <img src="/img/x.png" alt="x"></p>`
	tests := []struct {
		name, base string
		want       []string
	}{
		{"base", "https://example.com/blog/posts/hello/", []string{
			"https://example.com/blog/posts/hello/#notes", "https://example.com/blog/posts/about/", "https://example.com/img/x.png"}},
		{"no base", "", []string{
			"https://syndicated.example/2025/hello/#notes", "https://syndicated.example/2025/about/", "https://syndicated.example/img/x.png"}},
	}
	for _, tc := range tests {
		for _, f := range formats {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				p := testPages()[0]
				p.HTML = body
				p.URL, p.Base = "https://syndicated.example/2025/hello/", tc.base
				items := parse(t, f, render(t, f, []*site.Page{p}, testOptions(f))).Items
				if len(items) != 1 {
					t.Fatalf("%d items, want 1", len(items))
				}
				var got []string
				z := xhtml.NewTokenizer(strings.NewReader(items[0].Content))
				for tt := z.Next(); tt != xhtml.ErrorToken; tt = z.Next() {
					for _, a := range z.Token().Attr {
						if a.Key == "href" || a.Key == "src" {
							got = append(got, a.Val)
						}
					}
				}
				if d := cmp.Diff(tc.want, got); d != "" {
					t.Errorf("content URLs (-want +got):\n%s", d)
				}
			})
		}
	}
}
