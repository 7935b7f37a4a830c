package hugo

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A permalink is one [permalinks] pattern, parsed: literal text and
// :tokens, in order.
type permalink struct {
	raw   string
	parts []permalinkPart
	old   bool // Hugo 0.111's :sections[last] (see sliceSections)
}

type permalinkPart struct {
	lit   string // the text, when token is ""
	token string // "year", "sections[1:]", a Go time layout ("2006")
}

// tokenRE is Hugo's attribute pattern (resources/page/permalinks.go).
var tokenRE = regexp.MustCompile(`:\w+(\[.+?\])?`)

// knownTokens are the tokens every Hugo since 0.111 knows; newerTokens
// came with Hugo 0.144, and 0.111 refuses them ("permalink ill-formed").
var (
	knownTokens = map[string]bool{
		"year": true, "month": true, "monthname": true, "day": true, "weekday": true,
		"weekdayname": true, "yearday": true, "section": true, "sections": true,
		"title": true, "slug": true, "slugorfilename": true, "filename": true,
	}
	newerTokens = map[string]bool{"contentbasename": true, "slugorcontentbasename": true}
)

// referenceTime formats differently from any layout it is given: a token
// whose formatting changes it is a Go time layout (":2006"), as in Hugo.
var referenceTime = time.Date(2019, time.November, 9, 23, 1, 42, 1, time.UTC)

// parsePermalink parses a pattern as Hugo does, refusing a token it does
// not know. old is Hugo before 0.144 (no :contentbasename, no \: escape).
func parsePermalink(s string, old bool) (permalink, error) {
	p := permalink{raw: s, old: old}
	const esc = "\x00"
	src := s
	if !old {
		src = strings.ReplaceAll(s, `\:`, esc)
	}
	unesc := func(t string) string { return strings.ReplaceAll(t, esc, ":") }
	last := 0
	for _, m := range tokenRE.FindAllStringIndex(src, -1) {
		tok := src[m[0]+1 : m[1]]
		known := knownTokens[tok] || !old && newerTokens[tok] || strings.HasPrefix(tok, "sections[") ||
			referenceTime.Format(tok) != tok
		if !known {
			return p, fmt.Errorf("%q: unknown token :%s", s, tok)
		}
		if m[0] > last {
			p.parts = append(p.parts, permalinkPart{lit: unesc(src[last:m[0]])})
		}
		p.parts = append(p.parts, permalinkPart{token: tok})
		last = m[1]
	}
	if last < len(src) {
		p.parts = append(p.parts, permalinkPart{lit: unesc(src[last:])})
	}
	return p, nil
}

// permalinkPage is what a pattern's tokens read of a page.
type permalinkPage struct {
	date     time.Time
	title    string
	slug     string   // front matter's (or cascade's), "" when none
	filename string   // the file's name without language and extension; a bundle's folder
	section  string   // the first section, as the folder is named
	sections []string // the path of the page's nearest section, folder by folder
}

// expand fills the pattern in for pg: the path before Hugo sanitizes it.
func (p permalink) expand(pg permalinkPage, r pathRules) string {
	var b strings.Builder
	for _, part := range p.parts {
		if part.token == "" {
			b.WriteString(part.lit)
			continue
		}
		b.WriteString(expandToken(part.token, pg, r, p.old))
	}
	return b.String()
}

func expandToken(tok string, pg permalinkPage, r pathRules, old bool) string {
	d := pg.date
	switch tok {
	case "year":
		return strconv.Itoa(d.Year())
	case "month":
		return fmt.Sprintf("%02d", int(d.Month()))
	case "monthname":
		return d.Month().String()
	case "day":
		return fmt.Sprintf("%02d", d.Day())
	case "weekday":
		return strconv.Itoa(int(d.Weekday()))
	case "weekdayname":
		return d.Weekday().String()
	case "yearday":
		return strconv.Itoa(d.YearDay())
	case "section":
		return pg.section
	case "sections":
		return path.Join(pg.sections...)
	case "title":
		return r.urlize(pg.title)
	case "slug":
		if pg.slug != "" {
			return r.urlize(pg.slug)
		}
		return r.urlize(pg.title)
	case "slugorfilename", "slugorcontentbasename":
		if pg.slug != "" {
			return r.urlize(pg.slug)
		}
		return r.urlize(pg.filename)
	case "filename", "contentbasename":
		return r.urlize(pg.filename)
	}
	if cut, ok := strings.CutPrefix(tok, "sections"); ok {
		return path.Join(sliceSections(cut, pg.sections, old)...)
	}
	return d.Format(tok)
}

// sliceSections is Hugo's toSliceFunc: s cut by "[n]", "[last]" or
// "[low:high]" (either may be left out), lenient out of bounds. In Hugo
// 0.111 (old), last is 1 for a top-level section's page (one folder):
// [last] and [last:] are empty and [:last] is the section, where current
// Hugo gives the section, the section and nothing (observed with both).
func sliceSections(cut string, s []string, old bool) []string {
	cut = strings.ToLower(strings.TrimSpace(cut))
	if len(cut) < 3 || cut[0] != '[' || cut[len(cut)-1] != ']' {
		return nil
	}
	if len(s) == 0 {
		return nil
	}
	index := func(v string, low bool) int {
		switch {
		case v == "" && low:
			return 0
		case v == "":
			return len(s)
		case v == "last" && old:
			return max(len(s)-1, 1)
		case v == "last":
			return len(s) - 1
		}
		n, _ := strconv.Atoi(v)
		n = max(n, 0)
		if n >= len(s) {
			if low {
				return -1
			}
			return len(s)
		}
		return n
	}
	lo, hi, ranged := strings.Cut(cut[1:len(cut)-1], ":")
	if !ranged {
		n := index(lo, true)
		if n < 0 || n >= len(s) || s[n] == "" {
			return nil
		}
		return []string{s[n]}
	}
	n1, n2 := index(lo, true), index(hi, false)
	if n1 < 0 || n2 < 0 || n1 > n2 || n2 > len(s) {
		return nil
	}
	return s[n1:n2]
}

// errPermalinks is a [permalinks] table of a form Hugo does not read.
var errPermalinks = errors.New("must map a section to a pattern, or page (section, term, taxonomy) to such a mapping")

// permalinkConfig is the [permalinks] table: regular pages' patterns by
// section ("" for pages at the content root), from the flat form
// (posts = "/:year/:slug/") or, in Hugo 0.112 and later, the page form
// ([permalinks.page] posts = …); the other kinds are not posts.
type permalinkConfig map[string]permalink

func readPermalinks(m map[string]any, old bool) (permalinkConfig, error) {
	out := permalinkConfig{}
	add := func(section string, v any) error {
		s, ok := v.(string)
		if !ok {
			return errPermalinks
		}
		p, err := parsePermalink(s, old)
		if err != nil {
			return err
		}
		out[strings.Trim(section, " /")] = p
		return nil
	}
	page, hasPage := m["page"].(map[string]any)
	for k, v := range m {
		if _, isMap := v.(map[string]any); isMap {
			continue // page, section, term, taxonomy
		}
		if err := add(k, v); err != nil {
			return nil, err
		}
	}
	if hasPage {
		for k, v := range page {
			if err := add(k, v); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// find returns the pattern for a page in the folder dir (slash-separated,
// under the content dir) whose first section is section ("" at the
// content root, the key "/"): in current Hugo the longest path of
// folders that holds dir ("blog/tech"), then the first section; Hugo
// 0.111 (old) reads first sections only.
func (c permalinkConfig) find(dir, section string, old bool) (permalink, bool) {
	for d := dir; !old && d != "." && d != "" && d != "/"; d = path.Dir(d) {
		if p, ok := c[d]; ok && strings.Contains(d, "/") {
			return p, true
		}
	}
	p, ok := c[section]
	return p, ok
}
