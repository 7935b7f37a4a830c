package layout

import "strings"

// ellipsis returns the "…" cluster, or "..." when no font has "…", or nil.
func (f *fitter) ellipsis() *cluster {
	for _, s := range []string{"…", "..."} {
		t := split(s, f.o.Fonts)
		if len(t.missing) > 0 || len(t.cl) == 0 {
			continue
		}
		e := &t.cl[0]
		for _, c := range t.cl[1:] { // "...": one cluster per dot, merged
			for _, g := range c.glyphs {
				g.dx += e.adv + c.kern
				e.glyphs = append(e.glyphs, g)
			}
			if c.ink {
				e.minY, e.maxY = min(e.minY, c.minY), max(e.maxY, c.maxY)
				e.maxX = e.adv + c.kern + c.maxX
			}
			e.adv += c.kern + c.adv
		}
		e.brk = brkNone
		return e
	}
	return nil
}

// ellipsisAfter returns the ellipsis cluster kerned against the last glyph
// before cluster b.
func (f *fitter) ellipsisAfter(b int) cluster {
	e := *f.ell
	e.kern = 0
	for i := b - 1; i >= 0; i-- {
		if gs := f.t.cl[i].glyphs; len(gs) > 0 {
			if last := gs[len(gs)-1]; last.font == e.glyphs[0].font {
				e.kern = f.o.Fonts.Kern(last.font, last.r, e.glyphs[0].r)
			}
			break
		}
	}
	return e
}

// cut lays out at size px in width w px, keeps the lines that fit MaxLines
// and Height, and ends the last one with the ellipsis, cut at the latest break
// opportunity (else grapheme boundary) where the text and ellipsis fit.
func (f *fitter) cut(size, w float64) []span {
	f.ell = f.ellipsis()
	lines, _ := f.wrap(size, w)
	k := len(lines)
	if f.o.MaxLines > 0 {
		k = min(k, f.o.MaxLines)
	}
	for ; k >= 0; k-- {
		var ls []span
		if k == 0 {
			ls = []span{{ell: true}}
		} else {
			ls = append(ls, lines[:k-1]...)
			ls = append(ls, f.truncate(lines[k-1], size, w))
		}
		if f.o.Height <= 0 || f.height(size, ls) <= f.o.Height {
			if k == 0 && f.lineMeasure(ls[0]).width()*size > w {
				return nil
			}
			return ls
		}
	}
	return nil
}

// truncate cuts line s so that its text and the ellipsis fit in w px.
func (f *fitter) truncate(s span, size, w float64) span {
	cl := f.t.cl
	limit := w / size
	try := func(e int) (span, bool) {
		for e > s.a && cl[e-1].blank {
			e--
		}
		t := span{a: s.a, b: e, ell: true}
		return t, f.lineMeasure(t).width() <= limit
	}
	for e := s.b; e > s.a; e-- { // break opportunities
		if e == len(cl) || cl[e-1].brk != brkNone {
			if t, ok := try(e); ok {
				return t
			}
		}
	}
	for e := s.b - 1; e > s.a; e-- { // grapheme boundaries
		if t, ok := try(e); ok {
			return t
		}
	}
	if t, ok := try(s.a); ok {
		return t
	}
	return span{a: s.a, b: s.a} // not even the ellipsis fits
}

// place positions the glyphs of lines at size px.
func (f *fitter) place(size float64, lines []span) ([]Line, float64) {
	ms := make([]measure, len(lines))
	for i, s := range lines {
		ms[i] = f.lineMeasure(s)
	}
	first, height := f.baselines(size, ms)
	out := make([]Line, len(lines))
	for i, s := range lines {
		l := &out[i]
		l.Baseline = first + float64(i)*f.lh*size
		l.Width = ms[i].width() * size
		shift := -ms[i].left*size + margin
		// Trailing blanks are not drawn.
		e := s.b
		for e > s.a && f.t.cl[e-1].blank {
			e--
		}
		var m measure
		put := func(c *cluster) {
			if m.drawn && len(c.glyphs) > 0 {
				m.pen += c.kern
			}
			for _, g := range c.glyphs {
				l.glyphs = append(l.glyphs, placed{font: g.font, r: g.r, x: shift + (m.pen+g.dx)*size})
			}
			m.add(&cluster{adv: c.adv, glyphs: c.glyphs}) // the kern is applied already
		}
		for j := s.a; j < e; j++ {
			put(&f.t.cl[j])
		}
		if s.ell && f.ell != nil {
			c := f.ellipsisAfter(e)
			put(&c)
		}
		l.Runs = runs(l.glyphs)
	}
	return out, height
}

// runs groups placed glyphs into runs of one font.
func runs(gs []placed) []Run {
	var rs []Run
	var sb strings.Builder
	for i, g := range gs {
		if i == 0 || g.font != gs[i-1].font {
			if i > 0 {
				rs[len(rs)-1].Text = sb.String()
				sb.Reset()
			}
			rs = append(rs, Run{Font: g.font, X: g.x})
		}
		sb.WriteRune(g.r)
	}
	if len(rs) > 0 {
		rs[len(rs)-1].Text = sb.String()
	}
	return rs
}
