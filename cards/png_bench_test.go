package cards

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/png"
	"io"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"
)

// encodeVariant is encodeRGB with a chosen filter and deflater, for
// BenchmarkEncoders.
func encodeVariant(m *image.RGBA, filter byte, zw interface {
	io.WriteCloser
	Reset(io.Writer)
}) []byte {
	var idat bytes.Buffer
	zw.Reset(&idat)
	w, h := m.Rect.Dx(), m.Rect.Dy()
	cur := make([]byte, 1+3*w)
	prev := make([]byte, 3*w)
	rgb := make([]byte, 3*w)
	for y := range h {
		row := m.Pix[y*m.Stride : y*m.Stride+4*w]
		for i, j := 0, 0; j < len(rgb); i, j = i+4, j+3 {
			rgb[j], rgb[j+1], rgb[j+2] = row[i], row[i+1], row[i+2]
		}
		cur[0] = filter
		switch filter {
		case filterNone:
			copy(cur[1:], rgb)
		case filterSub:
			subRGB(cur[1:], row)
		case filterUp:
			for i := range rgb {
				cur[1+i] = rgb[i] - prev[i]
			}
		case 4: // Paeth
			for i := range rgb {
				var a, c byte
				if i >= 3 {
					a, c = rgb[i-3], prev[i-3]
				}
				cur[1+i] = rgb[i] - paeth(a, prev[i], c)
			}
		}
		prev, rgb = rgb, prev
		zw.Write(cur)
	}
	zw.Close()
	var out bytes.Buffer
	writePNG(&out, w, h, 2, nil, idat.Bytes())
	return out.Bytes()
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// BenchmarkEncoders measures bytes and time of the PNG encoder choices on a
// Task C-shaped card: image/png, and our RGB writer with each filter and
// with compress/zlib or klauspost's zlib at level 1.
func BenchmarkEncoders(b *testing.B) {
	m := benchCard(b)
	b.Run("image-png-default", func(b *testing.B) {
		var n int
		for b.Loop() {
			var buf bytes.Buffer
			png.Encode(&buf, m)
			n = buf.Len()
		}
		b.ReportMetric(float64(n), "bytes")
	})
	b.Run("image-png-bestspeed", func(b *testing.B) {
		var n int
		e := png.Encoder{CompressionLevel: png.BestSpeed}
		for b.Loop() {
			var buf bytes.Buffer
			e.Encode(&buf, m)
			n = buf.Len()
		}
		b.ReportMetric(float64(n), "bytes")
	})
	for _, f := range []struct {
		name string
		typ  byte
	}{{"none", filterNone}, {"sub", filterSub}, {"up", filterUp}, {"paeth", 4}} {
		for _, lvl := range []int{1, 2, 3} {
			b.Run("std-"+f.name+"-l"+string(rune('0'+lvl)), func(b *testing.B) {
				zw, _ := zlib.NewWriterLevel(io.Discard, lvl)
				var n int
				for b.Loop() {
					n = len(encodeVariant(m, f.typ, zw))
				}
				b.ReportMetric(float64(n), "bytes")
			})
			b.Run("klauspost-"+f.name+"-l"+string(rune('0'+lvl)), func(b *testing.B) {
				zw, _ := kzlib.NewWriterLevel(io.Discard, lvl)
				var n int
				for b.Loop() {
					n = len(encodeVariant(m, f.typ, zw))
				}
				b.ReportMetric(float64(n), "bytes")
			})
		}
	}
	b.Run("ours", func(b *testing.B) {
		var n int
		e := new(encoder)
		for b.Loop() {
			var buf bytes.Buffer
			e.encodeRGB(&buf, m, false)
			n = buf.Len()
		}
		b.ReportMetric(float64(n), "bytes")
	})
}
