package cards

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// WCAG 2 contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). Text
// needs 4.5:1 against what is behind it (success criterion 1.4.3, level AA).

// MinContrast is the WCAG AA contrast ratio for normal text.
const MinContrast = 4.5

// contrastPercentile is the share of sampled pixels allowed to fall below
// the reported contrast: the worst 5 % are ignored so that a few specks
// (a highlight in a photo) do not decide, while anything larger does.
const contrastPercentile = 0.05

// linear maps an sRGB channel byte to linear light.
var linear = func() (t [256]float64) {
	for i := range t {
		c := float64(i) / 255
		if c <= 0.04045 {
			t[i] = c / 12.92
		} else {
			t[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return t
}()

// luminance is the WCAG relative luminance of an sRGB colour.
func luminance(r, g, b uint8) float64 {
	return 0.2126*linear[r] + 0.7152*linear[g] + 0.0722*linear[b]
}

// ContrastRatio is the WCAG 2 contrast ratio of two opaque colours, 1 to 21.
func ContrastRatio(a, b color.Color) float64 {
	ra, ga, ba, _ := a.RGBA()
	rb, gb, bb, _ := b.RGBA()
	return ratio(luminance(uint8(ra>>8), uint8(ga>>8), uint8(ba>>8)), luminance(uint8(rb>>8), uint8(gb>>8), uint8(bb>>8)))
}

func ratio(l1, l2 float64) float64 {
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

// sampleRGB returns the RGB of every 3rd pixel in each direction of r
// (clipped to m), the pixels a contrast measure looks at.
func sampleRGB(m *image.RGBA, r image.Rectangle) [][3]uint8 {
	r = r.Intersect(m.Rect)
	var s [][3]uint8
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			i := m.PixOffset(x, y)
			s = append(s, [3]uint8{m.Pix[i], m.Pix[i+1], m.Pix[i+2]})
		}
	}
	return s
}

// measuredContrast is the contrast of text over the samples blended with
// scrim at opacity a: the 5th percentile of the per-pixel ratios, so 95 %
// of the pixels behind the text give at least that. buf is scratch.
func measuredContrast(samples [][3]uint8, text color.NRGBA, scrim color.NRGBA, a float64, buf []float64) float64 {
	if len(samples) == 0 {
		return 21
	}
	lt := luminance(text.R, text.G, text.B)
	k := uint32(math.Round(a * 256))
	inv := 256 - k
	buf = buf[:0]
	for _, p := range samples {
		r := uint8((uint32(p[0])*inv + uint32(scrim.R)*k + 128) >> 8)
		g := uint8((uint32(p[1])*inv + uint32(scrim.G)*k + 128) >> 8)
		b := uint8((uint32(p[2])*inv + uint32(scrim.B)*k + 128) >> 8)
		buf = append(buf, ratio(lt, luminance(r, g, b)))
	}
	slices.Sort(buf)
	return buf[int(float64(len(buf)-1)*contrastPercentile)]
}

// chooseScrim returns the lowest scrim opacity, from min in steps of 0.05,
// that gives text at least MinContrast over the samples, and the contrast
// reached. When even an opaque scrim is not enough (text and scrim too
// alike), it returns 1 and that contrast.
func chooseScrim(samples [][3]uint8, text, scrim color.NRGBA, min float64) (float64, float64) {
	buf := make([]float64, 0, len(samples))
	for step := int(math.Ceil(min*20 - 1e-9)); step <= 20; step++ {
		a := float64(step) / 20
		if c := measuredContrast(samples, text, scrim, a, buf); c >= MinContrast || step == 20 {
			return a, c
		}
	}
	return 1, 0 // not reached
}
