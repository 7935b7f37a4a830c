package images

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"io"
)

// A 16-bit PNG decoded by image/png is a 64-bit-per-pixel image (800 MB at
// 100 MP) that Decode then copies to 8 bits. decodePNG16 reads the
// non-interlaced ones row by row and keeps only each sample's high byte,
// which is what the copy kept: 4 bytes per pixel at most, and no 64-bit
// intermediate. Interlaced 16-bit PNGs, rare, still go through image/png.

// png16Header is what decodePNG16 needs of the chunks before the pixels.
type png16Header struct {
	width, height int
	colorType     byte   // 0 grey, 2 RGB, 4 grey+alpha, 6 RGBA
	trns          []byte // tRNS of a grey or RGB image: the transparent colour
}

const pngSignature = "\x89PNG\r\n\x1a\n"

// isPNG16 reports whether data is a 16-bit, non-interlaced, non-palette PNG.
func isPNG16(data []byte) bool {
	// Signature, then IHDR: length, "IHDR", width, height, depth, colour
	// type, compression, filter, interlace.
	if len(data) < 8+8+13 || string(data[:8]) != pngSignature || string(data[12:16]) != "IHDR" {
		return false
	}
	depth, ct, interlace := data[24], data[25], data[28]
	return depth == 16 && interlace == 0 && (ct == 0 || ct == 2 || ct == 4 || ct == 6)
}

// pngChunks reads a PNG's chunks in turn, checking each CRC.
type pngChunks struct {
	r   io.Reader
	buf [8]byte
	// remaining bytes of the current IDAT chunk, for Read
	left int
	crc  uint32
	done bool
}

// next reads the next chunk's length and type.
func (c *pngChunks) next() (int, string, error) {
	if _, err := io.ReadFull(c.r, c.buf[:8]); err != nil {
		return 0, "", unexpected(err)
	}
	n := binary.BigEndian.Uint32(c.buf[:4])
	if n > 1<<31-1 {
		return 0, "", errors.New("png: chunk too long")
	}
	c.crc = crc32.ChecksumIEEE(c.buf[4:8])
	return int(n), string(c.buf[4:8]), nil
}

// body reads a whole chunk's data and checks its CRC.
func (c *pngChunks) body(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(c.r, b); err != nil {
		return nil, unexpected(err)
	}
	c.crc = crc32.Update(c.crc, crc32.IEEETable, b)
	return b, c.checkCRC()
}

func (c *pngChunks) checkCRC() error {
	if _, err := io.ReadFull(c.r, c.buf[:4]); err != nil {
		return unexpected(err)
	}
	if binary.BigEndian.Uint32(c.buf[:4]) != c.crc {
		return errors.New("png: invalid checksum")
	}
	return nil
}

// Read reads the concatenated data of the IDAT chunks.
func (c *pngChunks) Read(p []byte) (int, error) {
	for c.left == 0 {
		if c.done {
			return 0, io.EOF
		}
		if err := c.checkCRC(); err != nil {
			return 0, err
		}
		n, typ, err := c.next()
		if err != nil {
			return 0, err
		}
		if typ != "IDAT" {
			c.done = true // the pixels end here; what follows is not needed
			return 0, io.EOF
		}
		c.left = n
	}
	n, err := c.r.Read(p[:min(len(p), c.left)])
	c.crc = crc32.Update(c.crc, crc32.IEEETable, p[:n])
	c.left -= n
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// decodePNG16 decodes a PNG that isPNG16 accepts into a *image.Gray (grey
// without tRNS) or a *image.NRGBA, keeping the high byte of each sample.
func decodePNG16(r io.Reader) (image.Image, error) {
	sig := make([]byte, 8)
	if _, err := io.ReadFull(r, sig); err != nil || string(sig) != pngSignature {
		return nil, errors.New("png: not a PNG file")
	}
	c := &pngChunks{r: r}
	var h png16Header
	for {
		n, typ, err := c.next()
		if err != nil {
			return nil, err
		}
		if typ == "IDAT" {
			c.left = n
			break
		}
		if n > 1<<20 {
			return nil, fmt.Errorf("png: %s chunk of %d bytes before the pixels", typ, n)
		}
		b, err := c.body(n)
		if err != nil {
			return nil, err
		}
		switch typ {
		case "IHDR":
			if n != 13 || b[8] != 16 || b[12] != 0 {
				return nil, errors.New("png: not a 16-bit non-interlaced PNG")
			}
			h.width, h.height, h.colorType = int(binary.BigEndian.Uint32(b)), int(binary.BigEndian.Uint32(b[4:])), b[9]
		case "tRNS":
			h.trns = b
		}
	}
	if h.width <= 0 || h.height <= 0 || h.width > 1<<24 || h.height > 1<<24 {
		return nil, fmt.Errorf("png: bad size %d×%d", h.width, h.height)
	}
	zr, err := zlib.NewReader(bufio.NewReaderSize(c, 4096))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return h.readRows(zr)
}

// readRows unfilters each row and writes its high bytes into the image.
func (h *png16Header) readRows(zr io.Reader) (image.Image, error) {
	channels := map[byte]int{0: 1, 2: 3, 4: 2, 6: 4}[h.colorType]
	bpp := 2 * channels
	var key []byte // the transparent colour, 16-bit samples
	if (h.colorType == 0 && len(h.trns) == 2) || (h.colorType == 2 && len(h.trns) == 6) {
		key = h.trns
	}
	rect := image.Rect(0, 0, h.width, h.height)
	var gray *image.Gray
	var nrgba *image.NRGBA
	if h.colorType == 0 && key == nil {
		gray = image.NewGray(rect)
	} else {
		nrgba = image.NewNRGBA(rect)
	}
	stride := h.width * bpp
	cur, prev := make([]byte, 1+stride), make([]byte, 1+stride)
	for y := range h.height {
		if _, err := io.ReadFull(zr, cur); err != nil {
			return nil, fmt.Errorf("png: %w", unexpected(err))
		}
		if err := unfilter(cur[0], cur[1:], prev[1:], bpp); err != nil {
			return nil, err
		}
		row := cur[1:]
		if gray != nil {
			dst := gray.Pix[y*gray.Stride:]
			for x := range h.width {
				dst[x] = row[2*x]
			}
		} else {
			dst := nrgba.Pix[y*nrgba.Stride:]
			for x := range h.width {
				px, d := row[x*bpp:x*bpp+bpp], dst[4*x:4*x+4]
				switch h.colorType {
				case 0:
					d[0], d[1], d[2], d[3] = px[0], px[0], px[0], 255
				case 2:
					d[0], d[1], d[2], d[3] = px[0], px[2], px[4], 255
				case 4:
					d[0], d[1], d[2], d[3] = px[0], px[0], px[0], px[2]
				case 6:
					d[0], d[1], d[2], d[3] = px[0], px[2], px[4], px[6]
				}
				if key != nil && bytes.Equal(px, key) {
					d[0], d[1], d[2], d[3] = 0, 0, 0, 0 // as image/png's copy made it
				}
				if d[3] == 0 {
					d[0], d[1], d[2] = 0, 0, 0
				}
			}
		}
		cur, prev = prev, cur
	}
	if gray != nil {
		return gray, nil
	}
	return nrgba, nil
}

// unfilter reverses a PNG row filter in place (PNG spec, section 9).
func unfilter(ft byte, cur, prev []byte, bpp int) error {
	switch ft {
	case 0:
	case 1:
		for i := bpp; i < len(cur); i++ {
			cur[i] += cur[i-bpp]
		}
	case 2:
		for i := range cur {
			cur[i] += prev[i]
		}
	case 3:
		for i := range cur {
			var left int
			if i >= bpp {
				left = int(cur[i-bpp])
			}
			cur[i] += byte((left + int(prev[i])) / 2)
		}
	case 4:
		for i := range cur {
			var a, c int
			if i >= bpp {
				a, c = int(cur[i-bpp]), int(prev[i-bpp])
			}
			cur[i] += paeth(a, int(prev[i]), c)
		}
	default:
		return fmt.Errorf("png: bad filter type %d", ft)
	}
	return nil
}

func paeth(a, b, c int) byte {
	p := a + b - c
	pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
	switch {
	case pa <= pb && pa <= pc:
		return byte(a)
	case pb <= pc:
		return byte(b)
	}
	return byte(c)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
