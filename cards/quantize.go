package cards

import (
	"bytes"
	"image"
	"image/jpeg"
	"slices"

	xdraw "golang.org/x/image/draw"
)

// Palette reduction for the byte budget: median cut over a histogram of
// 5-bit-per-channel colour cells. A drawn card (flat colours, gradients
// and text) then has every pixel mapped to the palette entry of its cell,
// without dithering, whose noise is what makes a PNG large; a card with a
// photo behind it is Floyd–Steinberg dithered, as 256 flat colours band a
// sky (encodeQuantized).

// cell is one histogram cell: how many pixels fell in it and the sum of
// their channels (for the exact mean colour of a box).
type cell struct {
	key     uint16 // 5:5:5 bits of r, g, b
	n       uint32
	r, g, b uint64
}

func cellKey(r, g, b uint8) uint16 { return uint16(r>>3)<<10 | uint16(g>>3)<<5 | uint16(b>>3) }

func (c *cell) axis(a int) uint16 { return c.key >> (10 - 5*a) & 31 }

// box is a run of cells of the histogram to be split.
type box struct {
	cells []cell
	n     uint64
}

// longest returns the box's widest axis (0 r, 1 g, 2 b) and its width.
func (b *box) longest() (int, int) {
	best, width := 0, -1
	for a := range 3 {
		lo, hi := uint16(31), uint16(0)
		for i := range b.cells {
			v := b.cells[i].axis(a)
			lo, hi = min(lo, v), max(hi, v)
		}
		if int(hi)-int(lo) > width {
			best, width = a, int(hi)-int(lo)
		}
	}
	return best, width
}

// medianCut returns up to n colours for the pixels of m and, for every
// cell key, the palette index it maps to.
func medianCut(m *image.RGBA, n int) ([][3]byte, *[32768]uint8) {
	var hist [32768]cell
	w, h := m.Rect.Dx(), m.Rect.Dy()
	for y := range h {
		row := m.Pix[y*m.Stride : y*m.Stride+4*w]
		for i := 0; i < len(row); i += 4 {
			c := &hist[cellKey(row[i], row[i+1], row[i+2])]
			c.n++
			c.r += uint64(row[i])
			c.g += uint64(row[i+1])
			c.b += uint64(row[i+2])
		}
	}
	var cells []cell
	for k := range hist {
		if hist[k].n > 0 {
			c := hist[k]
			c.key = uint16(k)
			cells = append(cells, c)
		}
	}
	boxes := []box{{cells: cells, n: uint64(w * h)}}
	for len(boxes) < n {
		// split the box with the most pixels that can still be split
		bi := -1
		for i := range boxes {
			if len(boxes[i].cells) > 1 && (bi < 0 || boxes[i].n > boxes[bi].n) {
				bi = i
			}
		}
		if bi < 0 {
			break
		}
		b := boxes[bi]
		a, _ := b.longest()
		slices.SortFunc(b.cells, func(x, y cell) int {
			if d := int(x.axis(a)) - int(y.axis(a)); d != 0 {
				return d
			}
			return int(x.key) - int(y.key)
		})
		var acc uint64
		cut := 1
		for i := range b.cells {
			acc += uint64(b.cells[i].n)
			if acc*2 >= b.n {
				cut = min(max(i+1, 1), len(b.cells)-1)
				break
			}
		}
		lo, hi := box{cells: b.cells[:cut]}, box{cells: b.cells[cut:]}
		for _, c := range lo.cells {
			lo.n += uint64(c.n)
		}
		hi.n = b.n - lo.n
		boxes[bi] = lo
		boxes = append(boxes, hi)
	}
	pal := make([][3]byte, len(boxes))
	var index [32768]uint8
	for i, b := range boxes {
		var r, g, bl, cnt uint64
		for _, c := range b.cells {
			r, g, bl, cnt = r+c.r, g+c.g, bl+c.b, cnt+uint64(c.n)
			index[c.key] = uint8(i)
		}
		pal[i] = [3]byte{uint8((r + cnt/2) / cnt), uint8((g + cnt/2) / cnt), uint8((bl + cnt/2) / cnt)}
	}
	return pal, &index
}

// encodeQuantized appends m as a palette PNG of at most 256 colours. A
// photo is Floyd–Steinberg dithered (256 flat colours band a sky); a drawn
// card is mapped straight, which keeps it small and its edges clean.
func (e *encoder) encodeQuantized(out *bytes.Buffer, m *image.RGBA, photo bool) {
	pal, index := medianCut(m, 256)
	w, h := m.Rect.Dx(), m.Rect.Dy()
	idx := make([]byte, w*h)
	if photo {
		dither(idx, m, pal)
		e.encodePaletted(out, idx, w, h, pal)
		return
	}
	for y := range h {
		row := m.Pix[y*m.Stride : y*m.Stride+4*w]
		dst := idx[y*w : (y+1)*w]
		for x := range dst {
			i := 4 * x
			dst[x] = index[cellKey(row[i], row[i+1], row[i+2])]
		}
	}
	e.encodePaletted(out, idx, w, h, pal)
}

// dither maps m onto pal with Floyd–Steinberg error diffusion, writing
// one index a pixel into idx. The nearest palette entry is looked up once
// per 5:5:5 cell.
func dither(idx []byte, m *image.RGBA, pal [][3]byte) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	var near [32768]int16
	for i := range near {
		near[i] = -1
	}
	nearest := func(r, g, b int32) int {
		k := cellKey(uint8(r), uint8(g), uint8(b))
		if near[k] < 0 {
			best, bd := 0, int32(1<<30)
			for i, p := range pal {
				dr, dg, db := r-int32(p[0]), g-int32(p[1]), b-int32(p[2])
				if d := dr*dr + dg*dg + db*db; d < bd {
					best, bd = i, d
				}
			}
			near[k] = int16(best)
		}
		return int(near[k])
	}
	// errors of this row and the next, in 1/16 units, with a pixel of
	// margin each side
	cur := make([][3]int32, w+2)
	next := make([][3]int32, w+2)
	clamp := func(v int32) int32 { return min(max(v, 0), 255) }
	for y := range h {
		row := m.Pix[y*m.Stride:]
		for x := range w {
			e := cur[x+1]
			r := clamp(int32(row[4*x]) + e[0]/16)
			g := clamp(int32(row[4*x+1]) + e[1]/16)
			b := clamp(int32(row[4*x+2]) + e[2]/16)
			i := nearest(r, g, b)
			idx[y*w+x] = uint8(i)
			er := [3]int32{r - int32(pal[i][0]), g - int32(pal[i][1]), b - int32(pal[i][2])}
			for c := range 3 {
				cur[x+2][c] += er[c] * 7
				next[x][c] += er[c] * 3
				next[x+1][c] += er[c] * 5
				next[x+2][c] += er[c]
			}
		}
		cur, next = next, cur
		clear(next)
	}
}

// encodeJPEG encodes the opaque m as a baseline JPEG.
func encodeJPEG(m *image.RGBA, quality int) []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, m, &jpeg.Options{Quality: quality}) // writes to a bytes.Buffer do not fail
	return b.Bytes()
}

// scaleInto scales all of src into dst (aspect ratio as given).
func scaleInto(dst *image.RGBA, src image.Image) {
	xdraw.CatmullRom.Scale(dst, dst.Rect, src, src.Bounds(), xdraw.Over, nil)
}
