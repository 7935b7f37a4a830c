package images

import (
	"image"
)

// chromaFactors returns the horizontal and vertical subsampling of r.
func chromaFactors(r image.YCbCrSubsampleRatio) (hx, hy int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}

// ycbcrPlanes returns the Y, Cb and Cr planes of the window r of m (r in m's
// coordinates). The chroma window covers every chroma sample that r touches.
func ycbcrPlanes(m *image.YCbCr, r image.Rectangle) (y, cb, cr plane) {
	hx, hy := chromaFactors(m.SubsampleRatio)
	y0 := m.YOffset(r.Min.X, r.Min.Y)
	y = plane{pix: m.Y[y0:], w: r.Dx(), h: r.Dy(), stride: m.YStride, ch: 1}
	y = y.window(0, 0, y.w, y.h)
	// Chroma sample coordinates relative to the image's chroma origin.
	bx, by := m.Rect.Min.X/hx, m.Rect.Min.Y/hy
	cx0, cy0 := r.Min.X/hx-bx, r.Min.Y/hy-by
	cx1, cy1 := (r.Max.X+hx-1)/hx-bx, (r.Max.Y+hy-1)/hy-by
	c0 := cy0*m.CStride + cx0
	cb = plane{pix: m.Cb[c0:], w: cx1 - cx0, h: cy1 - cy0, stride: m.CStride, ch: 1}
	cr = plane{pix: m.Cr[c0:], w: cb.w, h: cb.h, stride: m.CStride, ch: 1}
	return y, cb.window(0, 0, cb.w, cb.h), cr.window(0, 0, cr.w, cr.h)
}

// resizeImage returns the window r of img scaled to w×h pixels. A *image.YCbCr
// stays YCbCr (4:2:0, what the JPEG encoder writes), a *image.Gray stays Gray,
// and a *image.NRGBA stays NRGBA (resampled premultiplied when it has alpha, so
// transparent pixels do not bleed their colour). It starts no goroutines.
func resizeImage(img image.Image, r image.Rectangle, w, h int, f filter) image.Image {
	switch m := img.(type) {
	case *image.YCbCr:
		yp, cbp, crp := ycbcrPlanes(m, r)
		out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		cw, ch := (w+1)/2, (h+1)/2
		copyInto(out.Y, w, scalePlane(yp, w, h, f))
		copyInto(out.Cb, cw, scalePlane(cbp, cw, ch, f))
		copyInto(out.Cr, cw, scalePlane(crp, cw, ch, f))
		return out
	case *image.Gray:
		off := m.PixOffset(r.Min.X, r.Min.Y)
		p := plane{pix: m.Pix[off:], w: r.Dx(), h: r.Dy(), stride: m.Stride, ch: 1}
		p = p.window(0, 0, p.w, p.h)
		out := image.NewGray(image.Rect(0, 0, w, h))
		copyInto(out.Pix, w, scalePlane(p, w, h, f))
		return out
	case *image.NRGBA:
		off := m.PixOffset(r.Min.X, r.Min.Y)
		p := plane{pix: m.Pix[off:], w: r.Dx(), h: r.Dy(), stride: m.Stride, ch: 4}
		p = p.window(0, 0, p.w, p.h)
		alpha := !m.SubImage(r).(*image.NRGBA).Opaque()
		if alpha {
			p = premultiply(p)
		}
		s := scalePlane(p, w, h, f)
		out := image.NewNRGBA(image.Rect(0, 0, w, h))
		copyInto(out.Pix, w*4, s)
		if alpha {
			unpremultiply(out.Pix)
		}
		return out
	}
	// Decode never returns other types; convert defensively.
	return resizeImage(toNRGBA(img), r.Sub(img.Bounds().Min), w, h, f)
}

// copyInto copies plane p into a tightly packed buffer with rows of rowLen bytes.
func copyInto(dst []uint8, rowLen int, p plane) {
	if p.stride == rowLen && len(p.pix) >= rowLen*p.h {
		copy(dst, p.pix[:rowLen*p.h])
		return
	}
	for y := range p.h {
		copy(dst[y*rowLen:(y+1)*rowLen], p.pix[y*p.stride:])
	}
}

func premultiply(p plane) plane {
	out := newPlane(p.w, p.h, 4)
	for y := range p.h {
		src := p.pix[y*p.stride:][: p.w*4 : p.w*4]
		dst := out.pix[y*out.stride:][: p.w*4 : p.w*4]
		for x := 0; x < len(src); x += 4 {
			a := uint32(src[x+3])
			dst[x] = uint8((uint32(src[x])*a + 127) / 255)
			dst[x+1] = uint8((uint32(src[x+1])*a + 127) / 255)
			dst[x+2] = uint8((uint32(src[x+2])*a + 127) / 255)
			dst[x+3] = uint8(a)
		}
	}
	return out
}

func unpremultiply(pix []uint8) {
	for i := 0; i+3 < len(pix); i += 4 {
		a := uint32(pix[i+3])
		switch a {
		case 255:
			continue
		case 0:
			pix[i], pix[i+1], pix[i+2] = 0, 0, 0
			continue
		}
		for c := range 3 {
			pix[i+c] = uint8(min((uint32(pix[i+c])*255+a/2)/a, 255))
		}
	}
}

// toNRGBA converts any image to a *image.NRGBA with bounds starting at 0,0.
func toNRGBA(img image.Image) *image.NRGBA {
	b := img.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := out.Pix[(y-b.Min.Y)*out.Stride:]
		for x := b.Min.X; x < b.Max.X; x++ {
			c := nrgbaAt(img, x, y)
			i := (x - b.Min.X) * 4
			row[i], row[i+1], row[i+2], row[i+3] = c[0], c[1], c[2], c[3]
		}
	}
	return out
}
