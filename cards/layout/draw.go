package layout

import (
	"image"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Draw draws the block with its box's top-left corner at (x, y) in dst,
// filling the glyph masks with src (for example image.NewUniform(color)).
// It makes its own font faces, so concurrent calls are safe when they draw
// into different images.
func (b *Block) Draw(dst draw.Image, x, y float64, src image.Image) {
	b.glyphs(x, y, func(dr image.Rectangle, mask image.Image, mp image.Point) {
		draw.DrawMask(dst, dr, src, dr.Min, mask, mp, draw.Over)
	})
}

// InkBounds returns the union of the glyph rectangles Draw would fill with
// the box at (x, y): the real outline bounds of every glyph, rounded out to
// whole pixels. It is empty when nothing would be drawn.
func (b *Block) InkBounds(x, y float64) image.Rectangle {
	var r image.Rectangle
	b.glyphs(x, y, func(dr image.Rectangle, _ image.Image, _ image.Point) {
		r = r.Union(dr)
	})
	return r
}

// glyphs rasterizes every glyph of the block and calls fn with its mask.
func (b *Block) glyphs(x, y float64, fn func(dr image.Rectangle, mask image.Image, mp image.Point)) {
	if len(b.Lines) == 0 {
		return
	}
	faces := make([]font.Face, b.fonts.Len())
	defer func() {
		for _, f := range faces {
			if f != nil {
				f.Close()
			}
		}
	}()
	for _, l := range b.Lines {
		dy := fix(y + l.Baseline)
		for _, g := range l.glyphs {
			if g.r == ' ' {
				continue
			}
			if faces[g.font] == nil {
				faces[g.font] = b.fonts.Face(g.font, b.Size)
			}
			dr, mask, mp, _, ok := faces[g.font].Glyph(fixed.Point26_6{X: fix(x + g.x), Y: dy}, g.r)
			if ok && !dr.Empty() {
				fn(dr, mask, mp)
			}
		}
	}
}

func fix(v float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(v * 64)) }
