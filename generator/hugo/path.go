package hugo

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// pathRules are the config keys that shape every path Hugo makes.
type pathRules struct {
	removeAccents bool // removePathAccents
	keepCase      bool // disablePathToLower
}

// makePath is Hugo's MakePath (helpers/path.go, UnicodeSanitize): it keeps
// letters, digits, marks, . / \ _ # + ~ - @ and %XX escapes, turns a run
// of white space into one "-" (none after a "-"), drops every other
// character, and with removePathAccents takes the accents off.
// "Hello World, Ünïcode & Co!" is "Hello-World-Ünïcode-Co".
func (r pathRules) makePath(s string) string {
	if r.removeAccents {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if out, _, err := transform.String(t, s); err == nil {
			s = out
		}
	}
	src := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	prependHyphen, wasHyphen, any := false, false, false
	for i, c := range src {
		allowed := strings.ContainsRune("./\\_#+~-@", c) || unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) ||
			c == '%' && i+2 < len(src) && isHex(src[i+1]) && isHex(src[i+2])
		switch {
		case allowed:
			wasHyphen = c == '-'
			if prependHyphen {
				if !wasHyphen {
					b.WriteByte('-')
				}
				prependHyphen = false
			}
			b.WriteRune(c)
			any = true
		case any && !wasHyphen && unicode.IsSpace(c):
			prependHyphen = true
		}
	}
	return b.String()
}

// sanitize is Hugo's MakePathSanitized: makePath, lower-cased unless
// disablePathToLower.
func (r pathRules) sanitize(s string) string {
	s = r.makePath(s)
	if !r.keepCase {
		s = strings.ToLower(s)
	}
	return s
}

// urlize is what Hugo makes of a title, a slug or a file name in a
// permalink pattern (:title, :slug, :filename): sanitize, then read as a
// URL's query would be (a "+" is a space, "%41" is "A"; a "#" at the end
// is an empty fragment, dropped) and sanitized again. Observed with Hugo
// 0.165: "a+b" is "a-b", "1%41z" is "1az", "c++ & c#" is "c-c"; Hugo
// 0.111 keeps a "-" where a title ends in "+" ("c++" is "c-", "c" in
// 0.165). Unescaped: Page.Path is escaped once, at the end.
func (r pathRules) urlize(s string) string {
	s = strings.TrimSuffix(r.sanitize(s), "#")
	if u, err := url.QueryUnescape(s); err == nil && u != s {
		s = r.sanitize(u)
	}
	return s
}

func isHex(c rune) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// escapePath percent-encodes a URL path as Hugo's Permalink does.
func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}
