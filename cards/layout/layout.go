// Package layout lays out social-card text in a box: Unicode line breaking
// (UAX #14, so CJK wraps between ideographs), grapheme clusters, font
// fallback through a [fonts.Chain], kerning, auto-fit between a minimum and a
// maximum size, balanced lines, and an ellipsis when the text does not fit
// even at the minimum size. It reports what it could not do: cut text,
// characters no font can draw, scripts it draws without shaping.
//
// Text never leaves its box: lines are measured by the ink of their glyphs as
// well as their advances, and a small margin covers the rasterizer's rounding.
//
// The package is synchronous. [Fit] is safe for concurrent use; a [Block] is
// immutable and its methods are safe for concurrent use (each call makes its
// own font faces).
package layout

import (
	"math"
	"strings"
	"sync"

	"github.com/seopipe/seopipe/fonts"
)

// Options say where and how to lay out text. Zero values take the defaults
// given per field.
type Options struct {
	Fonts  *fonts.Chain // fallback chain (nil: Go Regular alone)
	Width  float64      // box width in px
	Height float64      // box height in px (0: only MaxLines limits)
	// MinSize and MaxSize bound the font size in px: Fit picks the largest
	// size in [MinSize, MaxSize], in 1 px steps down from MaxSize, at which
	// the text fits in MaxLines lines and Height. Zero: the other bound;
	// both zero: 16 px. MinSize > MaxSize: MaxSize.
	MinSize, MaxSize float64
	MaxLines         int     // most lines (≤ 0: no limit but Height)
	LineHeight       float64 // baseline distance as a multiple of the size (default 1.2)
	// Balance evens out the lines: after the size and line count are chosen,
	// the narrowest width that keeps that line count is used, so the last
	// line is not a lone word when that can be avoided.
	Balance bool
}

// Run is a maximal stretch of a line drawn with one font.
type Run struct {
	Font int     // index in the chain
	Text string  // the characters drawn (joiners and variation selectors left out)
	X    float64 // px from the line start (the box's left edge) to the run's pen start
}

// Line is one laid-out line.
type Line struct {
	Runs     []Run
	Width    float64 // px from the leftmost ink or the pen start to the rightmost ink or advance end
	Baseline float64 // px from the box top

	glyphs []placed
}

// placed is a glyph at x px from the box's left edge.
type placed struct {
	font int
	r    rune
	x    float64
}

// Block is laid-out text. It is immutable.
type Block struct {
	Size   float64 // font size in px
	Lines  []Line
	Shrunk bool // Size < MaxSize
	Cut    bool // the text did not fit at MinSize: it was cut and ends with "…"
	// Missing lists the characters no font in the chain can draw, once each,
	// in order of appearance. They are left out of the drawn text.
	Missing []rune
	// Unshaped is set when the text has scripts that need shaping this
	// layout does not do (Arabic, Hebrew, Indic, Thai…): they are drawn
	// unshaped, and the caller should warn.
	Unshaped bool
	Height   float64 // px from the box top to the bottom of the last line (ascent, line gaps, descent, ink)

	fonts *fonts.Chain
}

// margin is kept between the ink and the box edges: the rasterizer's glyph
// rectangles are the outline bounds at 1/64 px precision rounded outwards.
const margin = 0.1

var defaultChain = sync.OnceValue(func() *fonts.Chain { return fonts.NewChain(fonts.GoRegular()) })

// span is a line: clusters [a, b), then the ellipsis if ell.
type span struct {
	a, b int
	ell  bool
}

// fitter holds one Fit call's state.
type fitter struct {
	o         Options
	t         *text
	lh        float64  // line height in em
	asc, desc float64  // em, of the first font
	ell       *cluster // "…" or "...", nil when no font has either
}

// Fit lays out text in the box described by o. It never fails: text that
// does not fit at o.MinSize is cut, characters no font has are dropped, and
// both are reported in the Block. Leading and trailing white space is trimmed.
func Fit(text string, o Options) *Block {
	if o.Fonts == nil {
		o.Fonts = defaultChain()
	}
	if o.LineHeight <= 0 {
		o.LineHeight = 1.2
	}
	switch {
	case o.MinSize <= 0 && o.MaxSize <= 0:
		o.MinSize, o.MaxSize = 16, 16
	case o.MinSize <= 0:
		o.MinSize = o.MaxSize
	case o.MaxSize <= 0, o.MinSize > o.MaxSize:
		o.MaxSize = o.MinSize
	}
	f := &fitter{o: o, t: split(strings.TrimSpace(text), o.Fonts), lh: o.LineHeight, asc: 0.8, desc: 0.2}
	if o.Fonts.Len() > 0 {
		f.asc, f.desc = o.Fonts.Metrics(0)
	}
	b := &Block{Size: o.MaxSize, Missing: f.t.missing, Unshaped: f.t.unshaped, fonts: o.Fonts}
	if len(f.t.cl) == 0 {
		return b
	}
	w := o.Width - 2*margin

	// The largest fitting size: MaxSize, else 1 px steps down to MinSize.
	size, lines, ok := o.MaxSize, []span(nil), false
	if lines, ok = f.fits(size, w); !ok {
		n := int(math.Ceil(o.MaxSize-o.MinSize)) - 1 // sizes MinSize + k, k in [0, n]
		lo, hi := 0, n+1                             // invariant: fits(lo) unknown-or-true, fits(hi) false
		if _, ok = f.fits(o.MinSize, w); ok {
			for hi-lo > 1 {
				mid := (lo + hi) / 2
				if _, ok := f.fits(o.MinSize+float64(mid), w); ok {
					lo = mid
				} else {
					hi = mid
				}
			}
			size = o.MinSize + float64(lo)
			lines, ok = f.fits(size, w)
		}
	}
	if !ok {
		size = o.MinSize
		lines = f.cut(size, w)
		b.Cut = true
	} else if o.Balance && len(lines) > 1 {
		lines = f.balance(size, w, lines)
	}
	b.Size = size
	b.Shrunk = size < o.MaxSize
	b.Lines, b.Height = f.place(size, lines)
	return b
}

// fits lays out at size px in width w px and reports whether all of the text
// fits in MaxLines and Height.
func (f *fitter) fits(size, w float64) ([]span, bool) {
	lines, all := f.wrap(size, w)
	if !all || (f.o.MaxLines > 0 && len(lines) > f.o.MaxLines) {
		return lines, false
	}
	if f.o.Height > 0 && f.height(size, lines) > f.o.Height {
		return lines, false
	}
	return lines, true
}

// measure accumulates a line's extent in em.
type measure struct {
	pen, right  float64 // pen position; end of the last non-blank advance
	left, maxX  float64 // leftmost ink (≤ 0), rightmost ink
	drawn       bool    // a glyph has been placed: kerning applies
	top, bottom float64 // ink above (≤ 0) and below the baseline
}

func (m *measure) add(c *cluster) {
	if m.drawn && len(c.glyphs) > 0 {
		m.pen += c.kern
	}
	if c.ink {
		m.left = min(m.left, m.pen+c.minX)
		m.maxX = max(m.maxX, m.pen+c.maxX)
		m.top, m.bottom = min(m.top, c.minY), max(m.bottom, c.maxY)
	}
	m.pen += c.adv
	if !c.blank {
		m.right = m.pen
	}
	if len(c.glyphs) > 0 {
		m.drawn = true
	}
}

func (m measure) width() float64 { return max(m.right, m.maxX) - m.left }

// wrap breaks the text greedily into lines of at most w px at size px. A
// segment longer than a line is broken between grapheme clusters. all is
// false when a single cluster is wider than w: the lines before it are
// returned.
func (f *fitter) wrap(size, w float64) (lines []span, all bool) {
	cl := f.t.cl
	limit := w / size
	a := 0
	var cur measure
	for st := 0; st < len(cl); {
		en := st // the segment [st, en] ends at a break opportunity
		for en < len(cl)-1 && cl[en].brk == brkNone {
			en++
		}
		en++
		m := cur
		for i := st; i < en; i++ {
			m.add(&cl[i])
		}
		switch {
		case m.width() <= limit:
			cur = m
		case a < st && f.segWidth(st, en) <= limit:
			lines = append(lines, span{a: a, b: st})
			a, cur = st, measure{}
			for i := st; i < en; i++ {
				cur.add(&cl[i])
			}
		default:
			// A segment wider than a line: on a line of its own, broken
			// between grapheme clusters.
			if a < st {
				lines = append(lines, span{a: a, b: st})
				a, cur = st, measure{}
			}
			for i := st; i < en; i++ {
				m := cur
				m.add(&cl[i])
				if m.width() <= limit {
					cur = m
					continue
				}
				if a == i {
					return lines, false
				}
				lines = append(lines, span{a: a, b: i})
				a, cur = i, measure{}
				if cur.add(&cl[i]); cur.width() > limit {
					return lines, false
				}
			}
		}
		if cl[en-1].brk == brkMust {
			lines = append(lines, span{a: a, b: en})
			a, cur = en, measure{}
		}
		st = en
	}
	if a < len(cl) {
		lines = append(lines, span{a: a, b: len(cl)})
	}
	return lines, true
}

func (f *fitter) segWidth(a, b int) float64 {
	var m measure
	for i := a; i < b; i++ {
		m.add(&f.t.cl[i])
	}
	return m.width()
}

func (f *fitter) lineMeasure(s span) measure {
	var m measure
	for i := s.a; i < s.b; i++ {
		m.add(&f.t.cl[i])
	}
	if s.ell && f.ell != nil {
		e := f.ellipsisAfter(s.b)
		m.add(&e)
	}
	return m
}

// baselines returns the first baseline and the block height in px: the
// first font's ascent and descent, or more where the ink reaches further.
func (f *fitter) baselines(size float64, ms []measure) (first, height float64) {
	lh := f.lh * size
	first = f.asc * size
	for i, m := range ms {
		first = max(first, -m.top*size-float64(i)*lh)
	}
	first += margin
	if len(ms) == 0 {
		return first, 0
	}
	last := first + float64(len(ms)-1)*lh
	height = last + f.desc*size
	for i, m := range ms {
		height = max(height, first+float64(i)*lh+m.bottom*size)
	}
	return first, height + margin
}

func (f *fitter) height(size float64, lines []span) float64 {
	ms := make([]measure, len(lines))
	for i, s := range lines {
		ms[i] = f.lineMeasure(s)
	}
	_, h := f.baselines(size, ms)
	return h
}

// balance narrows the width to the smallest (to 1/4 px) that keeps the
// number of lines, so that the lines come out even.
func (f *fitter) balance(size, w float64, lines []span) []span {
	n := len(lines)
	lo, hi := 0.0, w // fits(hi) with n lines
	for hi-lo > 0.25 {
		mid := (lo + hi) / 2
		if ls, ok := f.fits(size, mid); ok && len(ls) == n {
			hi, lines = mid, ls
		} else {
			lo = mid
		}
	}
	return lines
}
