package feed

import (
	"bufio"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/seopipe/seopipe/site"
)

// xmlWriter writes XML by hand: the feeds are small fixed shapes, and
// writing them directly gives exact control over namespace prefixes,
// CDATA and byte-identical output. bufio.Writer keeps the first write
// error, which flush returns.
type xmlWriter struct {
	*bufio.Writer
}

func newXMLWriter(w io.Writer) xmlWriter {
	x := xmlWriter{bufio.NewWriterSize(w, 64<<10)}
	x.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	return x
}

// text writes s escaped as element content.
func (x xmlWriter) text(s string) { x.escape(s, false) }

// attr writes s escaped as an attribute value (without the quotes).
func (x xmlWriter) attr(s string) { x.escape(s, true) }

// elem writes indent<name>s</name> and a newline.
func (x xmlWriter) elem(indent, name, s string) {
	x.WriteString(indent)
	x.WriteByte('<')
	x.WriteString(name)
	x.WriteByte('>')
	x.text(s)
	x.WriteString("</")
	x.WriteString(name)
	x.WriteString(">\n")
}

// escape writes s with & < > (and, in attributes, ") escaped, carriage
// returns (and, in attributes, tabs and newlines) as character references so
// a parser's whitespace normalisation cannot change them, and the characters
// XML 1.0 cannot carry dropped.
func (x xmlWriter) escape(s string, attr bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '"' && attr:
				esc = "&quot;"
			case c == '\r':
				esc = "&#xD;"
			case c == '\n' && attr:
				esc = "&#xA;"
			case c == '\t' && attr:
				esc = "&#x9;"
			case c < 0x20 && c != '\n' && c != '\t':
				// not an XML character: dropped
			default:
				i++
				continue
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			if xmlChar(r, n) {
				i += n
				continue
			}
			width = n
		}
		x.WriteString(s[last:i])
		x.WriteString(esc)
		i += width
		last = i
	}
	x.WriteString(s[last:])
}

// cdata writes s as CDATA sections: "]]>" is split across two sections and
// a carriage return goes between sections as a character reference, so the
// text reads back exactly; characters XML cannot carry are dropped.
func (x xmlWriter) cdata(s string) {
	s = clean(s)
	x.WriteString("<![CDATA[")
	last := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\r':
			x.WriteString(s[last:i])
			x.WriteString("]]>&#xD;<![CDATA[")
			last = i + 1
		case s[i] == ']' && i+2 < len(s) && s[i+1] == ']' && s[i+2] == '>':
			// "]]" ends this section's data, ">" starts the next.
			x.WriteString(s[last : i+2])
			x.WriteString("]]><![CDATA[")
			last = i + 2
			i++
		}
	}
	x.WriteString(s[last:])
	x.WriteString("]]>")
}

// media writes the hero image as a Media RSS media:content element, with
// its size, type and file size only when known and its alt text as
// media:description.
func (x xmlWriter) media(indent string, img *site.Image) {
	x.WriteString(indent)
	x.WriteString(`<media:content url="`)
	x.attr(img.URL)
	x.WriteString(`" medium="image"`)
	if img.MIME != "" {
		x.WriteString(` type="`)
		x.attr(img.MIME)
		x.WriteByte('"')
	}
	if img.Measured() {
		x.WriteString(` width="`)
		x.writeInt(int64(img.Width))
		x.WriteString(`" height="`)
		x.writeInt(int64(img.Height))
		x.WriteByte('"')
	}
	if img.Bytes > 0 {
		x.WriteString(` fileSize="`)
		x.writeInt(img.Bytes)
		x.WriteByte('"')
	}
	if img.Alt == "" {
		x.WriteString("/>\n")
		return
	}
	x.WriteString(">\n")
	x.WriteString(indent)
	x.WriteString(`  <media:description type="plain">`)
	x.text(img.Alt)
	x.WriteString("</media:description>\n")
	x.WriteString(indent)
	x.WriteString("</media:content>\n")
}

func (x xmlWriter) writeInt(n int64) {
	var b [20]byte
	x.Write(strconv.AppendInt(b[:0], n, 10))
}

// writeTime writes t in layout without allocating.
func (x xmlWriter) writeTime(t time.Time, layout string) {
	var b [64]byte
	x.Write(t.AppendFormat(b[:0], layout))
}

// hasEnclosure reports whether img can be an RSS enclosure or Atom
// enclosure link: both need the file size and the media type.
func hasEnclosure(img *site.Image) bool {
	return img != nil && img.Bytes > 0 && img.MIME != ""
}
