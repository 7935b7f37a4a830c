package seo

import (
	"cmp"
	"strconv"
)

// appendHead appends head.html for m to b, with ld (compact JSON) as the
// text of the JSON-LD script.
func appendHead(b []byte, m *meta, ld []byte) []byte {
	b = append(b, "<title>"...)
	b = appendEscaped(b, m.title)
	b = append(b, "</title>\n"...)
	b = appendMeta(b, "name", "description", m.description)
	if m.canonical != "" {
		b = append(b, `<link rel="canonical" href="`...)
		b = appendEscaped(b, m.canonical)
		b = append(b, "\">\n"...)
	}
	if len(m.keywords) > 0 {
		b = append(b, `<meta name="keywords" content="`...)
		for i, k := range m.keywords {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendEscaped(b, k)
		}
		b = append(b, "\">\n"...)
	}
	if m.noindex {
		b = appendMeta(b, "name", "robots", m.robots)
	}

	// OpenGraph (https://ogp.me/).
	b = appendMeta(b, "property", "og:type", "article")
	b = appendMeta(b, "property", "og:title", m.title)
	b = appendMeta(b, "property", "og:description", m.description)
	b = appendMeta(b, "property", "og:url", m.canonical)
	b = appendMeta(b, "property", "og:site_name", m.siteName)
	b = appendMeta(b, "property", "og:locale", m.locale)
	img, alt := m.image, m.imageAlt
	if img == nil && m.defaultImage != nil {
		img, alt = m.defaultImage, cmp.Or(m.defaultImage.Alt, m.siteName)
	}
	if img != nil {
		b = appendMeta(b, "property", "og:image", img.URL)
		if img.Measured() {
			b = appendMeta(b, "property", "og:image:width", strconv.Itoa(img.Width))
			b = appendMeta(b, "property", "og:image:height", strconv.Itoa(img.Height))
		}
		b = appendMeta(b, "property", "og:image:type", img.MIME)
		b = appendMeta(b, "property", "og:image:alt", alt)
	}
	b = appendMeta(b, "property", "article:published_time", timestamp(m.published))
	b = appendMeta(b, "property", "article:modified_time", timestamp(m.modified))
	b = appendMeta(b, "property", "article:section", m.section)
	for _, t := range m.tags {
		b = appendMeta(b, "property", "article:tag", t)
	}
	for _, a := range m.authors {
		if a.url != "" {
			b = appendMeta(b, "property", "article:author", a.url)
		} else {
			b = appendMeta(b, "property", "article:author", a.name)
		}
	}

	// X (https://developer.x.com/en/docs/x-for-websites/cards).
	// Rule 18: the large card with an image (the default image's too),
	// unless it is measured under the least X shows large.
	if img != nil && img.LargeCardSized() {
		b = appendMeta(b, "name", "twitter:card", "summary_large_image")
	} else {
		b = appendMeta(b, "name", "twitter:card", "summary")
	}
	b = appendMeta(b, "name", "twitter:title", m.title)
	b = appendMeta(b, "name", "twitter:description", m.description)
	if img != nil {
		tw := img.URL
		if m.image != nil && m.twitterImage != nil {
			tw = m.twitterImage.URL // the 2:1 card made for X
		}
		b = appendMeta(b, "name", "twitter:image", tw)
		b = appendMeta(b, "name", "twitter:image:alt", alt)
	}
	b = appendMeta(b, "name", "twitter:site", m.twitterSite)
	if len(m.authors) > 0 && m.authors[0].twitter != "" {
		b = appendMeta(b, "name", "twitter:creator", "@"+m.authors[0].twitter)
	}

	// The graph, as encoding/json wrote it: it escapes < > & (and U+2028,
	// U+2029), so the text can hold no "</script" or "<!--", and it is never
	// passed through html/template's JS escaping (rule 20).
	b = append(b, `<script type="application/ld+json">`...)
	b = append(b, ld...)
	b = append(b, "</script>\n"...)
	return b
}

// appendMeta appends <meta attr="key" content="value">, or nothing when
// value is empty.
func appendMeta(b []byte, attr, key, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, "<meta "...)
	b = append(b, attr...)
	b = append(b, `="`...)
	b = append(b, key...) // a constant: nothing to escape
	b = append(b, `" content="`...)
	b = appendEscaped(b, value)
	return append(b, "\">\n"...)
}

// appendEscaped appends s escaped as html.EscapeString does (& ' < > "),
// and also CR as "&#13;": an HTML parser turns a raw CR or CRLF into LF,
// so only the reference gives back the exact string.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\r':
			esc = "&#13;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
