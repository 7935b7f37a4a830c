package feed

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/seopipe/seopipe/site"
)

// urlKind says how an attribute holds URLs.
type urlKind uint8

const (
	oneURL    urlKind = iota + 1 // the whole value is a URL
	srcsetURL                    // "url [descriptor], url [descriptor], …"
	spacedURL                    // URLs separated by whitespace (ping)
)

// urlAttrs are the attributes whose values are URLs, on any element (data
// only on object, handled in urlAttr).
var urlAttrs = map[string]urlKind{
	"href":        oneURL,
	"src":         oneURL,
	"poster":      oneURL,
	"cite":        oneURL,
	"action":      oneURL,
	"formaction":  oneURL,
	"longdesc":    oneURL,
	"background":  oneURL,
	"xlink:href":  oneURL,
	"srcset":      srcsetURL,
	"imagesrcset": srcsetURL,
	"ping":        spacedURL,
}

// urlAttr returns how the attribute key of element tag holds URLs, or 0.
func urlAttr(tag, key string) urlKind {
	if key == "data" {
		if tag == "object" {
			return oneURL
		}
		return 0
	}
	return urlAttrs[key]
}

// AbsoluteHTML rewrites the relative URLs in an HTML fragment (href, src,
// every srcset and imagesrcset candidate, poster, cite, action, formaction,
// object data, longdesc, background, xlink:href, ping) against base, the
// page's absolute URL, percent-encoding them with site.Resolve, so the
// fragment works inside a feed reader. Protocol-relative URLs get base's
// scheme. Fragment-only references ("#sec") are rewritten too: a feed
// reader shows the content outside the page, resolving "#sec" against the
// feed's URL or its own view, where no element has that id; made absolute
// ("https://example.com/post/#sec") they open the page at that heading.
// An SVG reference to an element of the fragment (<use href="#icon">)
// stays as it is: it moves with the content. Left alone: URLs with a
// scheme (https:, mailto:, data:, …), empty values and values that do not
// parse as URLs.
//
// The fragment is read with the golang.org/x/net/html tokenizer: tags
// holding a rewritten URL are re-serialised (names lowercased, attribute
// values quoted and escaped); every other byte, malformed markup included,
// is copied as it was. The error is for a base that is not an absolute URL.
func AbsoluteHTML(fragment, base string) (string, error) {
	return AbsoluteHTMLIn(fragment, base, "")
}

// AbsoluteHTMLIn is AbsoluteHTML for a site served under root (its absolute
// URL, ending in "/"): a root-relative reference ("/images/a.jpg") is
// resolved under root, as the site's own pages resolve it, so a site at
// https://example.com/blog/ gets https://example.com/blog/images/a.jpg.
// With root "" it is AbsoluteHTML.
func AbsoluteHTMLIn(fragment, base, root string) (string, error) {
	if err := checkAbsolute(base); err != nil {
		return "", fmt.Errorf("feed: base URL: %w", err)
	}
	if !strings.Contains(fragment, "<") {
		return fragment, nil
	}
	var out bytes.Buffer
	out.Grow(len(fragment) + len(fragment)/8)
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		tt := z.Next()
		// Copy the raw bytes first: Token lowercases names in the
		// tokenizer's buffer, and Raw's slice points into it.
		n := out.Len()
		raw := z.Raw()
		out.Write(raw)
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				// A strings.Reader fails only with io.EOF.
				return "", fmt.Errorf("feed: reading html: %w", err)
			}
			return out.String(), nil
		case html.StartTagToken, html.SelfClosingTagToken:
			if bytes.IndexByte(raw, '=') < 0 {
				continue // no attribute has a value: nothing to rewrite
			}
			tok := z.Token()
			changed := false
			for i, a := range tok.Attr {
				if svgReference(tok.Data, a.Key) && strings.HasPrefix(strings.TrimSpace(a.Val), "#") {
					continue // an element of this very fragment: it moves with it
				}
				if v, ok := rewrite(bases{base, root}, urlAttr(tok.Data, a.Key), a.Val); ok {
					tok.Attr[i].Val = v
					changed = true
				}
			}
			if changed {
				out.Truncate(n)
				out.WriteString(tok.String())
			}
		}
	}
}

// svgReference reports whether the attribute key of element tag names a
// resource rather than a place to go: SVG's xlink:href, and href on any
// element but a and area (<use href="#icon">, gradients, textPath). A
// fragment-only one points into the fragment itself, which the feed
// carries whole, so it stays as it is.
func svgReference(tag, key string) bool {
	return key == "xlink:href" || (key == "href" && tag != "a" && tag != "area")
}

// rewrite returns val with its URLs made absolute, and whether that changed
// anything.
func rewrite(base bases, kind urlKind, val string) (string, bool) {
	switch kind {
	case oneURL:
		return absolute(base, val)
	case srcsetURL:
		return rewriteSrcset(base, val)
	case spacedURL:
		return rewriteSpaced(base, val)
	}
	return val, false
}

// absolute resolves ref against base when ref is relative (no scheme, not
// empty, parseable; a fragment-only ref resolves against the page), and
// reports whether it changed.
func absolute(base bases, ref string) (string, bool) {
	t := strings.TrimSpace(ref)
	if t == "" {
		return ref, false
	}
	u, err := url.Parse(t)
	if err != nil || u.Scheme != "" {
		return ref, false
	}
	var r string
	if base.root != "" && strings.HasPrefix(t, "/") && !strings.HasPrefix(t, "//") {
		r = site.ResolveUnder(base.root, t)
	} else {
		r = site.Resolve(base.page, t)
	}
	return r, r != ref
}

// bases are what references resolve against: the page's URL, and the
// site's root for root-relative references ("" to use the page's host).
type bases struct{ page, root string }

// isHTMLSpace reports whether c is ASCII whitespace as HTML defines it.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// rewriteSrcset resolves each candidate URL of a srcset value, copying the
// separators and descriptors as they were. It follows the HTML parsing
// algorithm: a URL is a run of non-whitespace whose trailing commas end the
// candidate; otherwise descriptors run to the next comma outside
// parentheses.
func rewriteSrcset(base bases, val string) (string, bool) {
	var b strings.Builder
	changed := false
	i := 0
	for i < len(val) {
		// Separators: whitespace and commas.
		start := i
		for i < len(val) && (isHTMLSpace(val[i]) || val[i] == ',') {
			i++
		}
		b.WriteString(val[start:i])
		if i == len(val) {
			break
		}
		// The URL: non-whitespace, minus trailing commas.
		start = i
		for i < len(val) && !isHTMLSpace(val[i]) {
			i++
		}
		end := i
		for end > start && val[end-1] == ',' {
			end--
		}
		u, ok := absolute(base, val[start:end])
		changed = changed || ok
		b.WriteString(u)
		b.WriteString(val[end:i])
		if end < i {
			continue // the commas ended the candidate
		}
		// Descriptors, up to a comma outside parentheses.
		start = i
		depth := 0
	descriptors:
		for ; i < len(val); i++ {
			switch val[i] {
			case '(':
				depth++
			case ')':
				if depth > 0 {
					depth--
				}
			case ',':
				if depth == 0 {
					break descriptors
				}
			}
		}
		b.WriteString(val[start:i])
	}
	if !changed {
		return val, false
	}
	return b.String(), true
}

// rewriteSpaced resolves each whitespace-separated URL of val.
func rewriteSpaced(base bases, val string) (string, bool) {
	var b strings.Builder
	changed := false
	for i := 0; i < len(val); {
		start := i
		for i < len(val) && isHTMLSpace(val[i]) {
			i++
		}
		b.WriteString(val[start:i])
		start = i
		for i < len(val) && !isHTMLSpace(val[i]) {
			i++
		}
		if start < i {
			u, ok := absolute(base, val[start:i])
			changed = changed || ok
			b.WriteString(u)
		}
	}
	if !changed {
		return val, false
	}
	return b.String(), true
}
