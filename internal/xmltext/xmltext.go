// Package xmltext escapes strings for XML 1.0 documents written by hand
// (the feeds and the sitemaps), with one policy for the characters XML 1.0
// cannot carry: they are dropped.
//
// XML 1.0 has no way to write a C0 control other than tab, newline and
// carriage return, a surrogate, U+FFFE or U+FFFF — not even as a character
// reference — and a byte that is not UTF-8 is no character at all. Each such
// character (each such byte, for text that is not UTF-8) is left out of the
// output. Dropping, rather than writing U+FFFD as encoding/xml does, is the
// policy the parser already applies to a post's source and front matter
// (with a warning there), so a value reads the same in every output: the
// feeds, the sitemaps, and the JSON Feed, which takes Clean for the same
// reason although JSON could carry the characters.
//
// Every function here is pure and safe for concurrent use; the package
// starts no goroutines.
package xmltext

import (
	"strings"
	"unicode/utf8"
)

// IsChar reports whether XML 1.0 can carry r (its Char production):
// tab, newline, carriage return, U+0020–U+D7FF, U+E000–U+FFFD and
// U+10000–U+10FFFF.
func IsChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= utf8.MaxRune
}

// Clean returns s without the characters XML 1.0 cannot carry (and without
// the bytes that are not UTF-8); s itself when it has none. Nothing is
// escaped: Clean is for text written where escaping is not XML's (CDATA,
// JSON) but that must read the same as the escaped text beside it.
func Clean(s string) string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isChar(r, n) {
			return dropFrom(s, i)
		}
		i += n
	}
	return s
}

// dropFrom is Clean's slow path, from the first character to drop at i.
func dropFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isChar(r, n) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// AppendText appends s escaped as element content: & < > as &amp; &lt;
// &gt;, a carriage return as &#xD; (a parser turns a raw one into a
// newline), and the characters XML cannot carry dropped. Tabs, newlines and
// quotes are written as they are.
func AppendText(b []byte, s string) []byte { return appendEscaped(b, s, text) }

// AppendAttr appends s escaped as a double-quoted attribute value (without
// the quotes): as AppendText, and " as &quot;, tab and newline as &#x9; and
// &#xA; (a parser turns raw ones into spaces).
func AppendAttr(b []byte, s string) []byte { return appendEscaped(b, s, attr) }

// AppendStrict appends s with every one of XML's five predefined entities
// escaped (& ' " < >) and tab, newline and carriage return as references:
// safe as element content and in an attribute quoted either way. It is the
// escaping sitemaps.org asks of every data value in a sitemap (rule 3).
func AppendStrict(b []byte, s string) []byte { return appendEscaped(b, s, strict) }

// mode is how much appendEscaped escapes; each mode escapes all that the
// one before it does.
type mode uint8

const (
	text mode = iota
	attr
	strict
)

func appendEscaped(b []byte, s string, m mode) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isChar(r, n) {
				b = append(b, s[last:i]...)
				last = i + n
			}
			i += n
			continue
		}
		var esc string
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '"' && m >= attr:
			esc = "&quot;"
		case c == '\'' && m >= strict:
			esc = "&apos;"
		case c == '\r':
			esc = "&#xD;"
		case c == '\n' && m >= attr:
			esc = "&#xA;"
		case c == '\t' && m >= attr:
			esc = "&#x9;"
		case c < 0x20 && c != '\n' && c != '\t':
			// not an XML character: dropped
		default:
			i++
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i++
		last = i
	}
	return append(b, s[last:]...)
}

// isChar reports whether r, decoded from n bytes, is an XML character: a
// byte that is not UTF-8 (utf8.RuneError from one byte) is not.
func isChar(r rune, n int) bool {
	if r == utf8.RuneError {
		return n > 1
	}
	return IsChar(r)
}
