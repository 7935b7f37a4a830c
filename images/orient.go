package images

import "image"

// orientPlane returns src turned by EXIF orientation o (1..8). Every
// orientation maps a destination pixel (x, y) to a source offset
// o0 + x*ax + y*ay, so one loop serves all eight.
func orientPlane(src plane, o int) plane {
	w, h := src.w, src.h
	if o >= 5 {
		w, h = h, w
	}
	dst := newPlane(w, h, src.ch)
	ch, st := src.ch, src.stride
	right, bottom := (src.w-1)*ch, (src.h-1)*st
	var o0, ax, ay int
	switch o {
	case 2: // mirror horizontally
		o0, ax, ay = right, -ch, st
	case 3: // rotate 180
		o0, ax, ay = right+bottom, -ch, -st
	case 4: // mirror vertically
		o0, ax, ay = bottom, ch, -st
	case 5: // transpose
		o0, ax, ay = 0, st, ch
	case 6: // rotate 90 clockwise
		o0, ax, ay = bottom, -st, ch
	case 7: // transverse
		o0, ax, ay = right+bottom, -st, -ch
	case 8: // rotate 90 counter-clockwise
		o0, ax, ay = right, st, -ch
	default:
		o0, ax, ay = 0, ch, st
	}
	for y := range h {
		row := dst.pix[y*dst.stride:][: w*ch : w*ch]
		off := o0 + y*ay
		if ch == 1 {
			for x := range row {
				row[x] = src.pix[off]
				off += ax
			}
			continue
		}
		for x := 0; x < len(row); x += ch {
			copy(row[x:x+ch], src.pix[off:off+ch])
			off += ax
		}
	}
	return dst
}

// orient applies EXIF orientation o to an image normalised by normalise.
// A YCbCr image is turned plane by plane: 4:2:0 and 4:4:4 keep their
// subsampling, 4:2:2 and 4:4:0 swap, and 4:1:1 and 4:1:0 (which have no
// transposed form) are first widened to 4:4:4. For odd sizes the mirrored
// chroma lands up to half a chroma sample off, which is invisible.
func orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	switch m := img.(type) {
	case *image.YCbCr:
		if o >= 5 && (m.SubsampleRatio == image.YCbCrSubsampleRatio411 || m.SubsampleRatio == image.YCbCrSubsampleRatio410) {
			m = to444(m)
		}
		yp, cbp, crp := ycbcrPlanes(m, m.Rect)
		ratio := m.SubsampleRatio
		if o >= 5 {
			switch ratio {
			case image.YCbCrSubsampleRatio422:
				ratio = image.YCbCrSubsampleRatio440
			case image.YCbCrSubsampleRatio440:
				ratio = image.YCbCrSubsampleRatio422
			}
		}
		y, cb, cr := orientPlane(yp, o), orientPlane(cbp, o), orientPlane(crp, o)
		return &image.YCbCr{Y: y.pix, Cb: cb.pix, Cr: cr.pix, YStride: y.stride, CStride: cb.stride,
			SubsampleRatio: ratio, Rect: image.Rect(0, 0, y.w, y.h)}
	case *image.Gray:
		p := orientPlane(plane{pix: m.Pix, w: m.Rect.Dx(), h: m.Rect.Dy(), stride: m.Stride, ch: 1}, o)
		return &image.Gray{Pix: p.pix, Stride: p.stride, Rect: image.Rect(0, 0, p.w, p.h)}
	case *image.NRGBA:
		p := orientPlane(plane{pix: m.Pix, w: m.Rect.Dx(), h: m.Rect.Dy(), stride: m.Stride, ch: 4}, o)
		return &image.NRGBA{Pix: p.pix, Stride: p.stride, Rect: image.Rect(0, 0, p.w, p.h)}
	}
	return img
}

// to444 returns m with full-resolution chroma (nearest-neighbour upsampling).
func to444(m *image.YCbCr) *image.YCbCr {
	b := m.Rect
	out := image.NewYCbCr(image.Rect(0, 0, b.Dx(), b.Dy()), image.YCbCrSubsampleRatio444)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			i := (y-b.Min.Y)*out.YStride + x - b.Min.X
			out.Y[i] = m.Y[m.YOffset(x, y)]
			ci := m.COffset(x, y)
			out.Cb[i], out.Cr[i] = m.Cb[ci], m.Cr[ci]
		}
	}
	return out
}
