package cards

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// The card encoder writes opaque cards as 8-bit RGB PNGs (colour type 2, no
// alpha channel) and palette PNGs (colour type 3) for the byte budget.
// image/png spends most of a card's time on its adaptive per-row filter
// choice and default-level deflate over 3 MB of RGBA; here each row gets one
// fixed filter and the stream is deflated at klauspost's fastest level (see
// BenchmarkEncoders for the measurements behind both choices).

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// PNG filter types (PNG spec §9.2).
const (
	filterNone = 0
	filterSub  = 1
	filterUp   = 2
)

// zlibLevel is the deflate level of card PNGs: 1, the fastest with matching.
const zlibLevel = zlib.BestSpeed

// zwriters recycles deflate state (about 1 MB each) between cards.
var zwriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(io.Discard, zlibLevel)
	return w
}}

// encoder holds one card's scratch buffers. It is not safe for concurrent
// use; Render takes one from encoders and gives it back.
type encoder struct {
	idat     bytes.Buffer
	cur, prv []byte
}

var encoders = sync.Pool{New: func() any { return new(encoder) }}

// encodeRGB appends m's pixels as an RGB PNG to out, ignoring alpha (cards
// are opaque). Rows of a photo are Up-filtered; rows of a drawn card
// (gradients, flat colours, text) are left unfiltered, which deflate
// compresses best: a row of a gradient repeats the row above shifted by a
// pixel or so, a long match that filtering would break up.
func (e *encoder) encodeRGB(out *bytes.Buffer, m *image.RGBA, photo bool) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	e.idat.Reset()
	zw := zwriters.Get().(*zlib.Writer)
	defer zwriters.Put(zw)
	zw.Reset(&e.idat)
	n := 1 + 3*w
	if cap(e.cur) < n {
		e.cur = make([]byte, n)
	}
	cur := e.cur[:n]
	if !photo {
		cur[0] = filterNone
		for y := range h {
			packRGB(cur[1:], m.Pix[y*m.Stride:y*m.Stride+4*w])
			zw.Write(cur) // writes to a bytes.Buffer do not fail
		}
	} else {
		if cap(e.prv) < n {
			e.prv = make([]byte, n)
		}
		prv := e.prv[:n]
		clear(prv)
		cur[0] = filterUp
		for y := range h {
			upRGB(cur[1:], prv[1:], m.Pix[y*m.Stride:y*m.Stride+4*w])
			zw.Write(cur)
		}
	}
	zw.Close()
	writePNG(out, w, h, 2, nil, e.idat.Bytes())
}

// subRGB writes the Sub-filtered RGB bytes of one RGBA row into dst.
func subRGB(dst, row []byte) {
	var pr, pg, pb byte
	d := dst[:len(row)/4*3]
	for i, j := 0, 0; j+2 < len(d); i, j = i+4, j+3 {
		p := row[i : i+3 : i+3]
		d[j], d[j+1], d[j+2] = p[0]-pr, p[1]-pg, p[2]-pb
		pr, pg, pb = p[0], p[1], p[2]
	}
}

// packRGB writes the RGB bytes of one RGBA row into dst.
func packRGB(dst, row []byte) {
	d := dst[:len(row)/4*3]
	for i, j := 0, 0; j+2 < len(d); i, j = i+4, j+3 {
		p := row[i : i+3 : i+3]
		d[j], d[j+1], d[j+2] = p[0], p[1], p[2]
	}
}

// upRGB writes the Up-filtered RGB bytes of one RGBA row into dst, given
// the previous row's RGB bytes in prev, which it then replaces.
func upRGB(dst, prev, row []byte) {
	d := dst[:len(row)/4*3]
	p := prev[:len(d)]
	for i, j := 0, 0; j+2 < len(d); i, j = i+4, j+3 {
		r, g, b := row[i], row[i+1], row[i+2]
		d[j], d[j+1], d[j+2] = r-p[j], g-p[j+1], b-p[j+2]
		p[j], p[j+1], p[j+2] = r, g, b
	}
}

// encodePaletted appends a palette PNG of indices (one byte a pixel, w×h,
// rows unfiltered) and its palette to out.
func (e *encoder) encodePaletted(out *bytes.Buffer, idx []byte, w, h int, pal [][3]byte) {
	e.idat.Reset()
	zw := zwriters.Get().(*zlib.Writer)
	defer zwriters.Put(zw)
	zw.Reset(&e.idat)
	n := 1 + w
	if cap(e.cur) < n {
		e.cur = make([]byte, n)
	}
	cur := e.cur[:n]
	cur[0] = filterNone
	for y := range h {
		copy(cur[1:], idx[y*w:(y+1)*w])
		zw.Write(cur)
	}
	zw.Close()
	plte := make([]byte, 0, 3*len(pal))
	for _, c := range pal {
		plte = append(plte, c[0], c[1], c[2])
	}
	writePNG(out, w, h, 3, plte, e.idat.Bytes())
}

// writePNG writes the signature, IHDR, an optional PLTE, one IDAT and IEND.
func writePNG(out *bytes.Buffer, w, h int, colourType byte, plte, idat []byte) {
	out.Grow(len(idat) + len(plte) + 64)
	out.Write(pngSignature)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // bit depth
	ihdr[9] = colourType
	// compression, filter and interlace methods are all 0
	writeChunk(out, "IHDR", ihdr[:])
	if plte != nil {
		writeChunk(out, "PLTE", plte)
	}
	writeChunk(out, "IDAT", idat)
	writeChunk(out, "IEND", nil)
}

// writeChunk writes one PNG chunk: length, type, data, CRC-32 of type+data.
func writeChunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	out.WriteString(typ)
	out.Write(data)
	crc := crc32.Update(crc32.ChecksumIEEE([]byte(typ)), crc32.IEEETable, data)
	binary.BigEndian.PutUint32(n[:], crc)
	out.Write(n[:])
}
