package feed

import (
	"bufio"
	"io"
	"strconv"
	"time"

	"github.com/seopipe/seopipe/internal/xmltext"
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

// text writes s escaped as element content (xmltext.AppendText).
func (x xmlWriter) text(s string) { x.Write(xmltext.AppendText(x.AvailableBuffer(), s)) }

// attr writes s escaped as a double-quoted attribute value, without the
// quotes (xmltext.AppendAttr).
func (x xmlWriter) attr(s string) { x.Write(xmltext.AppendAttr(x.AvailableBuffer(), s)) }

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

// cdata writes s as CDATA sections: "]]>" is split across two sections and
// a carriage return goes between sections as a character reference, so the
// text reads back exactly; characters XML cannot carry are dropped
// (xmltext.Clean).
func (x xmlWriter) cdata(s string) {
	s = xmltext.Clean(s)
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
