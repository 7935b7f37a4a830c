package cards

import (
	"image"
	"image/color"
	"math"

	xdraw "golang.org/x/image/draw"
)

// gradientLUT is the number of colours a gradient is sampled to: more than
// any 8-bit channel can step through across a card's diagonal.
const gradientLUT = 2048

// fillSolid paints every pixel of m with c.
func fillSolid(m *image.RGBA, c color.NRGBA) {
	px := [4]byte{c.R, c.G, c.B, 255}
	w := m.Rect.Dx()
	row := m.Pix[:4*w]
	for i := 0; i < len(row); i += 4 {
		copy(row[i:i+4], px[:])
	}
	for y := 1; y < m.Rect.Dy(); y++ {
		copy(m.Pix[y*m.Stride:y*m.Stride+4*w], row)
	}
}

// fillGradient paints m with a CSS-style linear gradient: angle in degrees
// (0 points up, 90 right, 135 to the bottom-right corner), stops spread
// evenly, colours interpolated in sRGB, and the gradient line as long as
// CSS makes it so the corners get exactly the end colours.
func fillGradient(m *image.RGBA, angle float64, stops []color.NRGBA) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	a := angle * math.Pi / 180
	dx, dy := math.Sin(a), -math.Cos(a)
	length := math.Abs(float64(w)*dx) + math.Abs(float64(h)*dy)
	var lut [gradientLUT][4]byte
	for i := range lut {
		lut[i] = gradientAt(stops, float64(i)/(gradientLUT-1))
	}
	cx, cy := float64(w)/2, float64(h)/2
	step := dx / length * (gradientLUT - 1)
	for y := range h {
		t0 := ((0.5-cx)*dx+(float64(y)+0.5-cy)*dy)/length + 0.5
		f := t0 * (gradientLUT - 1)
		row := m.Pix[y*m.Stride : y*m.Stride+4*w]
		for x := 0; x < w; x++ {
			i := int(f + float64(x)*step + 0.5)
			i = min(max(i, 0), gradientLUT-1)
			copy(row[4*x:4*x+4], lut[i][:])
		}
	}
}

// gradientAt is the colour at t in [0, 1] of evenly spread stops.
func gradientAt(stops []color.NRGBA, t float64) [4]byte {
	if len(stops) == 1 {
		c := stops[0]
		return [4]byte{c.R, c.G, c.B, 255}
	}
	seg := t * float64(len(stops)-1)
	i := min(int(seg), len(stops)-2)
	f := seg - float64(i)
	a, b := stops[i], stops[i+1]
	lerp := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*f)) }
	return [4]byte{lerp(a.R, b.R), lerp(a.G, b.G), lerp(a.B, b.B), 255}
}

// coverHero scales src to cover m entirely, centred, cropping what
// overflows (CSS object-fit: cover). Large sources are first shrunk with a
// cheap bilinear pass to twice the target, then finished with Catmull-Rom.
func coverHero(m *image.RGBA, src image.Image) {
	b := src.Bounds()
	w, h := m.Rect.Dx(), m.Rect.Dy()
	sw, sh := b.Dx(), b.Dy()
	// the source rectangle with the card's aspect ratio
	cw, ch := sw, sw*h/w
	if ch > sh {
		cw, ch = sh*w/h, sh
	}
	crop := image.Rect(0, 0, cw, ch).Add(b.Min).Add(image.Pt((sw-cw)/2, (sh-ch)/2))
	if cw > 2*w {
		tmp := image.NewRGBA(image.Rect(0, 0, 2*w, 2*h))
		xdraw.ApproxBiLinear.Scale(tmp, tmp.Rect, src, crop, xdraw.Src, nil)
		src, crop = tmp, tmp.Rect
	}
	xdraw.CatmullRom.Scale(m, m.Rect, src, crop, xdraw.Src, nil)
	opaque(m)
}

// opaque sets every alpha of m to 255, flattening a translucent source
// onto black.
func opaque(m *image.RGBA) {
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = 255
	}
}

// applyScrim blends c at opacity a (0–1) over every pixel of m.
func applyScrim(m *image.RGBA, c color.NRGBA, a float64) {
	if a <= 0 {
		return
	}
	k := uint32(math.Round(a * 256))
	inv := 256 - k
	cr, cg, cb := uint32(c.R)*k, uint32(c.G)*k, uint32(c.B)*k
	p := m.Pix
	for i := 0; i+3 < len(p); i += 4 {
		p[i] = uint8((uint32(p[i])*inv + cr + 128) >> 8)
		p[i+1] = uint8((uint32(p[i+1])*inv + cg + 128) >> 8)
		p[i+2] = uint8((uint32(p[i+2])*inv + cb + 128) >> 8)
	}
}
