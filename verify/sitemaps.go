package verify

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/speclimit"
)

type urlset struct {
	XMLName xml.Name `xml:"urlset"`
	URLs    []struct {
		Loc        string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod    string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		ChangeFreq string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 changefreq"`
		Priority   string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 priority"`
		Images     []struct {
			Loc string `xml:"http://www.google.com/schemas/sitemap-image/1.1 loc"`
		} `xml:"http://www.google.com/schemas/sitemap-image/1.1 image"`
		Links []struct {
			Rel      string `xml:"rel,attr"`
			HrefLang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
		News *struct {
			Name     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>name"`
			Language string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>language"`
			Date     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
			Title    string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

type sitemapindex struct {
	XMLName  xml.Name `xml:"sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

// w3cRE is W3C Datetime as rule 4 allows it: a date, or a time with a zone.
var w3cRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$`)

func parseW3C(s string) (time.Time, error) {
	if !w3cRE.MatchString(s) {
		return time.Time{}, fmt.Errorf("%q is not a W3C datetime with a time zone", s)
	}
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a valid date", s)
}

var changeFreqs = map[string]bool{"always": true, "hourly": true, "daily": true, "weekly": true, "monthly": true, "yearly": true, "never": true}

// sitemaps checks sitemap.xml (a urlset, or an index and its children)
// and sitemap-news.xml (rules 2–8).
func (c *Checker) sitemaps() {
	d := c.decoded
	if d.readErr != nil {
		c.bad("sitemap.xml", "missing: %v", d.readErr)
		return
	}
	seen := map[string]string{} // loc -> file
	alts := map[string][]string{}
	if idx := d.index; idx != nil {
		if d.indexErr != nil {
			c.bad("sitemap.xml", "invalid XML: %v", d.indexErr)
			return
		}
		if len(idx.Sitemaps) > speclimit.SitemapIndexEntries {
			c.bad("sitemap.xml", "rule 2: the index lists %d sitemaps, over %d", len(idx.Sitemaps), speclimit.SitemapIndexEntries)
		}
		for _, s := range idx.Sitemaps {
			name, ok := c.siteFile(s.Loc)
			if !ok {
				c.bad("sitemap.xml", "rule 3: index entry %q is not on the site", s.Loc)
				continue
			}
			newest := c.urlset(name, readURLSet(c.fsys, name), seen, alts)
			if s.LastMod == "" {
				if !newest.IsZero() {
					c.bad("sitemap.xml", "rule 4: entry %s has no lastmod, but its newest is %s", name, newest.Format(time.RFC3339))
				}
				continue
			}
			t, err := parseW3C(s.LastMod)
			if err != nil {
				c.bad("sitemap.xml", "rule 4: entry %s: %v", name, err)
			} else if !t.Equal(newest) {
				c.bad("sitemap.xml", "rule 4: entry %s has lastmod %s, but the newest in it is %s", name, s.LastMod, newest.Format(time.RFC3339))
			}
		}
	} else {
		c.urlset("sitemap.xml", d.set, seen, alts)
	}
	if !c.sitemapBroken {
		c.inSitemaps = seen
	}
	c.hreflang(alts)
	if c.exists("sitemap-news.xml") {
		c.news()
	}
}

// Decoded is sitemap.xml read and decoded (see Decode).
type Decoded struct {
	readErr error
	// index is set when sitemap.xml is a sitemap index (its children are
	// read by the checks); set when it is not.
	index    *sitemapindex
	indexErr error
	set      decodedURLSet
}

// decodedURLSet is a urlset file as read: its size and what it held, or
// the error reading or decoding it gave.
type decodedURLSet struct {
	size     int
	us       urlset
	readErr  error
	parseErr error
}

// Decode reads and decodes sitemap.xml from fsys, for NewFrom: decoding it
// is most of the time the site-wide checks take on a large site, and a
// caller can do it while ReadManifest runs. It never fails: what went
// wrong is reported by the checks.
func Decode(fsys fs.FS) *Decoded {
	data, err := fs.ReadFile(fsys, "sitemap.xml")
	if err != nil {
		return &Decoded{readErr: err}
	}
	if bytes.Contains(data[:min(len(data), 512)], []byte("<sitemapindex")) {
		d := &Decoded{index: &sitemapindex{}}
		d.indexErr = xml.Unmarshal(data, d.index)
		return d
	}
	return &Decoded{set: decodeURLSet(data)}
}

func readURLSet(fsys fs.FS, name string) decodedURLSet {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return decodedURLSet{readErr: err}
	}
	return decodeURLSet(data)
}

func decodeURLSet(data []byte) decodedURLSet {
	d := decodedURLSet{size: len(data)}
	d.parseErr = xml.Unmarshal(data, &d.us)
	return d
}

// urlset checks one urlset file, as d holds it, and returns its newest
// lastmod.
func (c *Checker) urlset(name string, d decodedURLSet, seen map[string]string, alts map[string][]string) time.Time {
	var newest time.Time
	if d.readErr != nil {
		c.bad(name, "cannot read: %v", d.readErr)
		c.sitemapBroken = true
		return newest
	}
	if d.size > speclimit.SitemapBytes {
		c.bad(name, "rule 2: %d bytes, over %d", d.size, speclimit.SitemapBytes)
	}
	us := &d.us
	if err := d.parseErr; err != nil {
		c.bad(name, "invalid XML: %v", err)
		c.sitemapBroken = true
		return newest
	}
	if len(us.URLs) > speclimit.SitemapURLs {
		c.bad(name, "rule 2: %d URLs, over %d", len(us.URLs), speclimit.SitemapURLs)
	}
	for _, u := range us.URLs {
		switch {
		case len(u.Loc) > speclimit.LocLength:
			c.bad(name, "rule 3: loc is %d characters, over %d: %.60s…", len(u.Loc), speclimit.LocLength, u.Loc)
		case !c.onSite(u.Loc):
			c.bad(name, "rule 3: loc %q is not an absolute URL on %s", u.Loc, c.site)
		}
		if prev, dup := seen[u.Loc]; dup {
			c.bad(name, "rule 3: loc %q is also in %s", u.Loc, prev)
		}
		seen[u.Loc] = name
		if u.LastMod != "" {
			t, err := parseW3C(u.LastMod)
			if err != nil {
				c.bad(name, "rule 4: %s: %v", u.Loc, err)
			} else {
				if t.After(newest) {
					newest = t
				}
				if t.After(c.opts.Now) {
					c.bad(name, "rule 4: %s: lastmod %s is after the build time %s", u.Loc, u.LastMod, c.opts.Now.Format(time.RFC3339))
				}
				c.modified(u.Loc, name, t)
			}
		}
		if u.ChangeFreq != "" && !changeFreqs[u.ChangeFreq] {
			c.bad(name, "rule 5: %s: changefreq %q is not in the enum", u.Loc, u.ChangeFreq)
		}
		if u.Priority != "" {
			var p float64
			if _, err := fmt.Sscan(u.Priority, &p); err != nil || p < 0 || p > 1 {
				c.bad(name, "rule 5: %s: priority %q is not within 0.0–1.0", u.Loc, u.Priority)
			}
		}
		if len(u.Images) > speclimit.ImagesPerURL {
			c.bad(name, "rule 6: %s has %d images, over %d", u.Loc, len(u.Images), speclimit.ImagesPerURL)
		}
		for i, img := range u.Images {
			if !absolute(img.Loc) {
				c.bad(name, "rule 6: %s: image:loc %q is not absolute", u.Loc, img.Loc)
			}
			c.nameURL(&c.named, name, img.Loc)
			if i == 0 {
				c.image(u.Loc, name, img.Loc)
			}
		}
		for _, l := range u.Links {
			if l.Rel == "alternate" {
				alts[u.Loc] = append(alts[u.Loc], l.HrefLang+" "+l.Href)
			}
		}
	}
	return newest
}

// hreflang is rule 8: each URL lists every variant including itself,
// absolute hrefs, reciprocal sets, at most one x-default.
func (c *Checker) hreflang(alts map[string][]string) {
	for loc, set := range alts {
		self, xdef := false, 0
		for _, a := range set {
			lang, href, _ := strings.Cut(a, " ")
			if !absolute(href) {
				c.bad("sitemap.xml", "rule 8: %s: hreflang %s href %q is not absolute", loc, lang, href)
			}
			self = self || href == loc
			if lang == "x-default" {
				xdef++
				continue
			}
			other := alts[href]
			if strings.Join(other, "\n") != strings.Join(set, "\n") {
				c.bad("sitemap.xml", "rule 8: %s and %s do not list the same alternates", loc, href)
			}
		}
		if !self {
			c.bad("sitemap.xml", "rule 8: %s does not list itself among its alternates", loc)
		}
		if xdef > 1 {
			c.bad("sitemap.xml", "rule 8: %s has %d x-default alternates", loc, xdef)
		}
	}
}

var newsLangRE = regexp.MustCompile(`^(zh-cn|zh-tw|[a-z]{2,3})$`)

// news is rule 7.
func (c *Checker) news() {
	const name = "sitemap-news.xml"
	data, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		c.bad(name, "cannot read: %v", err)
		return
	}
	var us urlset
	if err := xml.Unmarshal(data, &us); err != nil {
		c.bad(name, "invalid XML: %v", err)
		return
	}
	if len(us.URLs) > speclimit.NewsURLs {
		c.bad(name, "rule 7: %d URLs, over %d", len(us.URLs), speclimit.NewsURLs)
	}
	var oldest, newest struct {
		loc string
		t   time.Time
	}
	for _, u := range us.URLs {
		if !c.onSite(u.Loc) {
			c.bad(name, "rule 3: loc %q is not an absolute URL on %s", u.Loc, c.site)
		}
		n := u.News
		if n == nil {
			c.bad(name, "rule 7: %s has no news:news", u.Loc)
			continue
		}
		if n.Name == "" || n.Title == "" {
			c.bad(name, "rule 7: %s lacks a publication name or title", u.Loc)
		}
		if !newsLangRE.MatchString(n.Language) {
			c.bad(name, "rule 7: %s: language %q is not zh-cn, zh-tw or a 2–3 letter code", u.Loc, n.Language)
		}
		t, err := parseW3C(n.Date)
		if err != nil {
			c.bad(name, "rule 7: %s: publication_date: %v", u.Loc, err)
			continue
		}
		switch {
		case c.clockKnown && (t.After(c.opts.Now) || c.opts.Now.Sub(t) > speclimit.NewsWindow):
			c.bad(name, "rule 7: %s was published %s, outside the 48 hours before %s", u.Loc,
				t.Format(time.RFC3339), c.opts.Now.Format(time.RFC3339))
		case !c.clockKnown && t.After(c.opts.Now):
			c.bad(name, "rule 7: %s was published %s, after the time of this check", u.Loc, t.Format(time.RFC3339))
		}
		if oldest.loc == "" || t.Before(oldest.t) {
			oldest.loc, oldest.t = u.Loc, t
		}
		if newest.loc == "" || t.After(newest.t) {
			newest.loc, newest.t = u.Loc, t
		}
		c.published(u.Loc, name, t)
	}
	if !c.clockKnown && newest.t.Sub(oldest.t) > speclimit.NewsWindow {
		// Without the build's clock the window is checked as a span: no
		// build clock puts both in its last 48 hours.
		c.bad(name, "rule 7: %s was published %s and %s %s, more than 48 hours apart", oldest.loc,
			oldest.t.Format(time.RFC3339), newest.loc, newest.t.Format(time.RFC3339))
	}
}

// robots is rule 9: robots.txt names the sitemap by its absolute URL.
func (c *Checker) robots() {
	data, err := fs.ReadFile(c.fsys, "robots.txt")
	if err != nil {
		c.bad("robots.txt", "missing: %v", err)
		return
	}
	want := c.site.JoinPath("sitemap.xml").String()
	for _, ln := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		k, v, ok := strings.Cut(ln, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") && strings.TrimSpace(v) == want {
			return
		}
	}
	c.bad("robots.txt", "rule 9: no \"Sitemap: %s\" line", want)
}
