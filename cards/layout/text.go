package layout

import (
	"unicode"

	"github.com/rivo/uniseg"
	"github.com/seopipe/seopipe/fonts"
)

// glyph is one rune to draw, at dx em from its cluster's start.
type glyph struct {
	font int
	r    rune
	dx   float64
}

// cluster is one grapheme cluster of the text with its measurements in em.
type cluster struct {
	glyphs []glyph
	adv    float64 // advance, including kerning inside the cluster
	kern   float64 // kerning with the previous drawn cluster
	// ink bounds relative to the cluster's pen position, y down; valid if ink
	minX, minY, maxX, maxY float64
	ink                    bool
	blank                  bool // whitespace, a line break or nothing to draw: trimmed at a line end
	brk                    int  // break after the cluster: brkNone, brkCan, brkMust
}

const (
	brkNone = iota
	brkCan
	brkMust
)

// text is a string split into measured clusters.
type text struct {
	cl       []cluster
	missing  []rune
	unshaped bool
}

// ignorable reports runes that are never drawn nor reported missing: joiners,
// variation selectors, emoji tags, bidi and other format controls.
func ignorable(r rune) bool {
	switch {
	case r == 0x200C || r == 0x200D, // ZWNJ, ZWJ
		r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF, // variation selectors
		r >= 0xE0000 && r <= 0xE007F, // tags
		r == 0x00AD, r == 0x034F, r == 0x200B, r == 0xFEFF,
		r >= 0x200E && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x206F:
		return true
	}
	return unicode.Is(unicode.Cc, r) // controls; \t and line breaks are handled before
}

// lineBreakRune reports runes that end a line (UAX #14 class BK, CR, LF, NL).
func lineBreakRune(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// complexScripts need shaping (joining, reordering or right-to-left order)
// that this layout does not do.
var complexScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko,
	unicode.Samaritan, unicode.Mandaic, unicode.Devanagari, unicode.Bengali,
	unicode.Gurmukhi, unicode.Gujarati, unicode.Oriya, unicode.Tamil, unicode.Telugu,
	unicode.Kannada, unicode.Malayalam, unicode.Sinhala, unicode.Thai, unicode.Lao,
	unicode.Tibetan, unicode.Myanmar, unicode.Khmer, unicode.Mongolian,
	unicode.Balinese, unicode.Javanese, unicode.Tai_Tham, unicode.Adlam,
}

func needsShaping(r rune) bool {
	return r >= 0x0590 && unicode.In(r, complexScripts...)
}

// split cuts s into grapheme clusters with their UAX #14 break opportunities
// and measures them with the chain's fonts.
func split(s string, c *fonts.Chain) *text {
	t := &text{}
	seen := map[rune]bool{}
	prevFont, prevRune := -1, rune(0)
	var rs []rune
	state := -1
	for s != "" {
		var cs string
		var boundaries int
		cs, s, boundaries, state = uniseg.StepString(s, state)
		cl := cluster{}
		switch boundaries & uniseg.MaskLine {
		case uniseg.LineMustBreak:
			cl.brk = brkMust
		case uniseg.LineCanBreak:
			cl.brk = brkCan
		}
		if s == "" {
			cl.brk = brkNone // the end of the text
		}
		rs = rs[:0]
		first := true
		for _, r := range cs {
			if first && (lineBreakRune(r) || unicode.IsSpace(r)) {
				cl.blank = true
				if lineBreakRune(r) {
					break
				}
				r = ' ' // tabs and other spaces: a plain space
			}
			first = false
			if needsShaping(r) {
				t.unshaped = true
			}
			if !ignorable(r) {
				rs = append(rs, r)
			}
		}
		if i := c.IndexAll(rs); i >= 0 {
			for _, r := range rs {
				cl.glyphs = append(cl.glyphs, glyph{font: i, r: r})
			}
		} else {
			// No font draws the whole cluster: draw what some font has, drop
			// and report the rest.
			for _, r := range rs {
				if i := c.Index(r); i >= 0 {
					cl.glyphs = append(cl.glyphs, glyph{font: i, r: r})
				} else if !seen[r] {
					seen[r] = true
					t.missing = append(t.missing, r)
				}
			}
		}
		if len(cl.glyphs) == 0 {
			cl.blank = true
		}
		// Pen positions and ink, with kerning between consecutive glyphs of one font.
		x := 0.0
		for gi := range cl.glyphs {
			g := &cl.glyphs[gi]
			m, _ := c.Glyph(g.font, g.r)
			if g.font == prevFont {
				k := c.Kern(g.font, prevRune, g.r)
				if gi == 0 {
					cl.kern = k
				} else {
					x += k
				}
			}
			g.dx = x
			if m.MaxX > m.MinX && m.MaxY > m.MinY {
				if !cl.ink {
					cl.minX, cl.minY, cl.maxX, cl.maxY = x+m.MinX, m.MinY, x+m.MaxX, m.MaxY
					cl.ink = true
				} else {
					cl.minX, cl.minY = min(cl.minX, x+m.MinX), min(cl.minY, m.MinY)
					cl.maxX, cl.maxY = max(cl.maxX, x+m.MaxX), max(cl.maxY, m.MaxY)
				}
			}
			x += m.Advance
			prevFont, prevRune = g.font, g.r
		}
		cl.adv = x
		t.cl = append(t.cl, cl)
	}
	t.cl = dropEmpty(t.cl)
	return t
}

// dropEmpty removes the clusters that draw nothing but are not line
// breaks (characters no font has, ignorable runes), handing their break
// opportunity to the cluster before, and then the spaces that leave at the
// start of the text or of a forced line: "🚀 Launch" without an emoji font
// reads "Launch", not " Launch".
func dropEmpty(cl []cluster) []cluster {
	out := cl[:0]
	lineStart, dropped := true, false
	space := func(c cluster) bool { return c.blank && c.brk != brkMust }
	for _, c := range cl {
		n := len(out)
		if len(c.glyphs) == 0 && c.brk != brkMust {
			if n > 0 && c.brk > out[n-1].brk {
				out[n-1].brk = c.brk
			}
			dropped = true
			continue
		}
		// A space at a line start, or a second space where a dropped
		// character stood between two ("Launch 🚀 day").
		if space(c) && (lineStart || dropped && n > 0 && space(out[n-1])) {
			if n > 0 && c.brk > out[n-1].brk {
				out[n-1].brk = c.brk
			}
			continue
		}
		out = append(out, c)
		lineStart, dropped = c.brk == brkMust, false
	}
	return out
}
