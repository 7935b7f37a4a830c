// Package picture writes the HTML that shows a processed image: a ready
// <picture> element for templates (seo/<key>/picture.html), and the body's
// <img> tags rewritten to the processed files with a srcset. Pure functions
// of a site.ImageSet: no I/O.
package picture

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"

	"github.com/seopipe/seopipe/site"
)

// DefaultSizes is the sizes attribute when the caller knows nothing of the
// layout: the image fills the viewport up to its largest variant.
func DefaultSizes(maxWidth int) string {
	return fmt.Sprintf("(max-width: %dpx) 100vw, %dpx", maxWidth, maxWidth)
}

// byFormat returns the variants of one format, narrowest first.
func byFormat(vs []site.Variant, format string) []site.Variant {
	var out []site.Variant
	for _, v := range vs {
		if v.Format == format {
			out = append(out, v)
		}
	}
	slices.SortStableFunc(out, func(a, b site.Variant) int { return a.Width - b.Width })
	return out
}

// srcset is "url 480w, url 960w".
func srcset(vs []site.Variant) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.URL + " " + strconv.Itoa(v.Width) + "w"
	}
	return strings.Join(parts, ", ")
}

// formats lists the set's variant formats in the order they appear, the
// universal one (jpeg or png, the <img> fallback) last.
func formats(s *site.ImageSet) (modern []string, fallback string) {
	fb, ok := s.Fallback()
	if !ok {
		return nil, ""
	}
	for _, v := range s.Variants {
		if v.Format != fb.Format && !slices.Contains(modern, v.Format) {
			modern = append(modern, v.Format)
		}
	}
	return modern, fb.Format
}

// Markup returns a <picture> element for s: a <source> per modern format
// (WebP) with its srcset, and an <img> with the fallback format's srcset,
// the real width and height of its src (no layout shift), the alt text,
// and the placeholder's colour as a background while it loads. sizes ""
// means DefaultSizes. lazy adds loading="lazy" (not for a hero above the
// fold). It returns "" when s has no variants.
func Markup(s *site.ImageSet, sizes string, lazy bool) string {
	modern, fallback := formats(s)
	if fallback == "" {
		return ""
	}
	fb := byFormat(s.Variants, fallback)
	src := fb[len(fb)-1]
	if sizes == "" {
		sizes = DefaultSizes(src.Width)
	}
	var b strings.Builder
	b.WriteString("<picture>\n")
	for _, f := range modern {
		fmt.Fprintf(&b, "  <source type=\"image/%s\" srcset=\"%s\" sizes=\"%s\">\n",
			html.EscapeString(f), html.EscapeString(srcset(byFormat(s.Variants, f))), html.EscapeString(sizes))
	}
	fmt.Fprintf(&b, "  <img src=\"%s\" srcset=\"%s\" sizes=\"%s\" width=\"%d\" height=\"%d\" alt=\"%s\"",
		html.EscapeString(src.URL), html.EscapeString(srcset(fb)), html.EscapeString(sizes), src.Width, src.Height, html.EscapeString(s.Alt))
	if lazy {
		b.WriteString(` loading="lazy"`)
	}
	b.WriteString(` decoding="async"`)
	if p := s.Placeholder; p != nil && p.Color != "" {
		fmt.Fprintf(&b, ` style="background-color:%s"`, html.EscapeString(p.Color))
	}
	b.WriteString(">\n</picture>\n")
	return b.String()
}

// Rewrite returns body with every <img> whose src find knows pointed at
// the processed files: src the largest fallback-format variant, srcset
// every variant of that format (feed readers and old browsers take JPEG or
// PNG, so no WebP here), sizes, and the real width and height. A width the
// author gave (the {{image}} shortcode's) becomes the sizes hint and the
// displayed width, with the height from the real aspect ratio. Every other
// byte of body is kept as it was. find gets the src attribute unescaped.
func Rewrite(body string, find func(src string) *site.ImageSet) string {
	if !hasImgTag(body) {
		return body
	}
	z := xhtml.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	b.Grow(len(body) + len(body)/4)
	changed := false
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := append([]byte(nil), z.Raw()...) // Token lowercases names in place
		tok := z.Token()
		if tok.Data != "img" {
			b.Write(raw)
			continue
		}
		var set *site.ImageSet
		for _, a := range tok.Attr {
			if a.Key == "src" {
				set = find(a.Val)
				break // browsers take the first of repeated attributes
			}
		}
		if set == nil {
			b.Write(raw)
			continue
		}
		_, fallback := formats(set)
		if fallback == "" {
			b.Write(raw)
			continue
		}
		changed = true
		fb := byFormat(set.Variants, fallback)
		src := fb[len(fb)-1]
		shown, shownH := src.Width, src.Height
		attrs := map[string]string{}
		var order []string
		for _, a := range tok.Attr {
			if _, dup := attrs[a.Key]; dup {
				continue // the first wins, as in browsers; the rest are dropped
			}
			order = append(order, a.Key)
			attrs[a.Key] = a.Val
		}
		if w, err := strconv.Atoi(attrs["width"]); err == nil && w > 0 {
			shown = min(w, src.Width)
			shownH = max(1, (shown*src.Height+src.Width/2)/src.Width)
		}
		set1 := func(k, v string) {
			if _, ok := attrs[k]; !ok {
				order = append(order, k)
			}
			attrs[k] = v
		}
		set1("src", src.URL)
		set1("srcset", srcset(fb))
		set1("sizes", DefaultSizes(shown))
		set1("width", strconv.Itoa(shown))
		set1("height", strconv.Itoa(shownH))
		if _, ok := attrs["loading"]; !ok {
			set1("loading", "lazy")
		}
		b.WriteString("<img")
		for _, k := range order {
			b.WriteString(" " + k + `="` + html.EscapeString(attrs[k]) + `"`)
		}
		if tt == xhtml.SelfClosingTagToken {
			b.WriteString(" /")
		}
		b.WriteString(">")
	}
	if !changed {
		return body
	}
	return b.String()
}

// hasImgTag reports whether s has "<img" in any case.
func hasImgTag(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+4 <= len(s); {
		if strings.EqualFold(s[i+1:i+4], "img") {
			return true
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}
