package images

import (
	"image"
	"math"
)

// energyMap is the edge energy of a small luma thumbnail of an image, summed
// per column and per row. A crop of the largest region of an aspect spans the
// whole image in one direction, so sliding it along the other only needs
// those sums.
type energyMap struct {
	w, h int
	cols []int64 // prefix sums: cols[x] = energy of columns < x
	rows []int64
}

// thumbMax is the long side of the luma thumbnail the crop is chosen on.
const thumbMax = 256

// centreBias is how much a window at the very edge is penalised against
// one at the centre (fraction of its energy): enough to prefer the centre
// when the detail is spread evenly, too little to override clear detail.
const centreBias = 0.05

func newEnergyMap(img image.Image) *energyMap {
	b := img.Bounds()
	tw, th := b.Dx(), b.Dy()
	if s := float64(thumbMax) / float64(max(tw, th)); s < 1 {
		tw = max(1, int(math.Round(float64(tw)*s)))
		th = max(1, int(math.Round(float64(th)*s)))
	}
	y := luma(resizeImage(img, b, tw, th, catmullRom))
	e := &energyMap{w: tw, h: th, cols: make([]int64, tw+1), rows: make([]int64, th+1)}
	colE := make([]int64, tw)
	for j := range th {
		row := y.pix[j*y.stride:][:tw]
		var next []uint8
		if j+1 < th {
			next = y.pix[(j+1)*y.stride:][:tw]
		}
		var rowE int64
		for i := range tw {
			var v int64
			if i+1 < tw {
				v += absDiff(row[i], row[i+1])
			}
			if next != nil {
				v += absDiff(row[i], next[i])
			}
			colE[i] += v
			rowE += v
		}
		e.rows[j+1] = e.rows[j] + rowE
	}
	for i, v := range colE {
		e.cols[i+1] = e.cols[i] + v
	}
	return e
}

func absDiff(a, b uint8) int64 {
	if a > b {
		return int64(a - b)
	}
	return int64(b - a)
}

// luma returns the luma plane of an image made by resizeImage.
func luma(img image.Image) plane {
	switch m := img.(type) {
	case *image.YCbCr:
		return plane{pix: m.Y, w: m.Rect.Dx(), h: m.Rect.Dy(), stride: m.YStride, ch: 1}
	case *image.Gray:
		return plane{pix: m.Pix, w: m.Rect.Dx(), h: m.Rect.Dy(), stride: m.Stride, ch: 1}
	case *image.NRGBA:
		w, h := m.Rect.Dx(), m.Rect.Dy()
		p := newPlane(w, h, 1)
		for y := range h {
			for x := range w {
				s := m.Pix[y*m.Stride+4*x:]
				a := uint32(s[3])
				// BT.601 luma, composited on white so transparent areas are flat.
				l := (19595*uint32(s[0]) + 38470*uint32(s[1]) + 7471*uint32(s[2]) + 1<<15) >> 16
				p.pix[y*w+x] = uint8((l*a + 255*(255-a) + 127) / 255)
			}
		}
		return p
	}
	return newPlane(1, 1, 1)
}

// bestWindow returns the top-left corner, in source pixels, of the rw×rh
// window of a srcW×srcH image with the most edge energy. Equal scores go to
// the window nearest the centre.
func (e *energyMap) bestWindow(srcW, srcH, rw, rh int) (x, y int) {
	if rw < srcW {
		t := slide(e.cols, int(math.Round(float64(rw)*float64(e.w)/float64(srcW))))
		return clampInt(int(math.Round(float64(t)*float64(srcW)/float64(e.w))), 0, srcW-rw), 0
	}
	if rh < srcH {
		t := slide(e.rows, int(math.Round(float64(rh)*float64(e.h)/float64(srcH))))
		return 0, clampInt(int(math.Round(float64(t)*float64(srcH)/float64(e.h))), 0, srcH-rh)
	}
	return 0, 0
}

// slide returns the start of the window of n cells with the highest
// (centre-weighted) sum, given prefix sums p.
func slide(p []int64, n int) int {
	cells := len(p) - 1
	n = clampInt(n, 1, cells)
	last := cells - n
	if last == 0 {
		return 0
	}
	centre := float64(last) / 2
	best, bestScore, bestDist := 0, -1.0, math.Inf(1)
	for s := 0; s <= last; s++ {
		dist := math.Abs(float64(s) - centre)
		score := float64(p[s+n]-p[s]) * (1 - centreBias*dist/centre)
		if score > bestScore || (score == bestScore && dist < bestDist) {
			best, bestScore, bestDist = s, score, dist
		}
	}
	return best
}
