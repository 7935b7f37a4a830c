package images

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func encodeTestPNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// markedImage is a 40×24 dark image with a bright 10×10 block top-left.
func markedImage() *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, 40, 24), image.YCbCrSubsampleRatio420)
	for y := range 24 {
		for x := range 40 {
			v := uint8(30)
			if x < 10 && y < 10 {
				v = 230
			}
			m.Y[y*m.YStride+x] = v
		}
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = 128, 128
	}
	return m
}

// cornerLuma returns the mean luma of the 4×4 block in each corner: TL, TR, BR, BL.
func cornerLuma(img image.Image) [4]int {
	b := img.Bounds()
	mean := func(x0, y0 int) int {
		s := 0
		for y := y0; y < y0+4; y++ {
			for x := x0; x < x0+4; x++ {
				r, g, bb, _ := img.At(x, y).RGBA()
				s += int((r + g + bb) / 3 >> 8)
			}
		}
		return s / 16
	}
	return [4]int{mean(0, 0), mean(b.Dx()-4, 0), mean(b.Dx()-4, b.Dy()-4), mean(0, b.Dy()-4)}
}

func TestDecodeOrientation(t *testing.T) {
	jpg := encodeTestJPEG(t, markedImage(), 95)
	tests := []struct {
		o      int
		w, h   int
		corner int // where the bright block ends up: 0 TL, 1 TR, 2 BR, 3 BL
	}{
		{1, 40, 24, 0}, {2, 40, 24, 1}, {3, 40, 24, 2}, {4, 40, 24, 3},
		{5, 24, 40, 0}, {6, 24, 40, 1}, {7, 24, 40, 2}, {8, 24, 40, 3},
	}
	for _, tt := range tests {
		for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			data := withSegment(jpg, 0xE1, exifPayload(tt.o, bo))
			src, err := Decode(context.Background(), data, Limits{})
			if err != nil {
				t.Fatalf("orientation %d: %v", tt.o, err)
			}
			if src.Width != tt.w || src.Height != tt.h || src.Img.Bounds() != image.Rect(0, 0, tt.w, tt.h) {
				t.Errorf("orientation %d: size %d×%d, bounds %v; want %d×%d", tt.o, src.Width, src.Height, src.Img.Bounds(), tt.w, tt.h)
				continue
			}
			if _, w, h, _ := DecodeConfig(data); w != tt.w || h != tt.h {
				t.Errorf("orientation %d: DecodeConfig size %d×%d, want %d×%d", tt.o, w, h, tt.w, tt.h)
			}
			c := cornerLuma(src.Img)
			for i, v := range c {
				if bright := v > 150; bright != (i == tt.corner) {
					t.Errorf("orientation %d (%v): corner lumas %v, want only corner %d bright", tt.o, bo, c, tt.corner)
					break
				}
			}
		}
	}
}

func TestOrientChromaRatios(t *testing.T) {
	// A 4:2:2 image turned 90° becomes 4:4:0 and keeps its colours.
	m := image.NewYCbCr(image.Rect(0, 0, 8, 4), image.YCbCrSubsampleRatio422)
	for i := range m.Y {
		m.Y[i] = 100
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(i), uint8(200-i)
	}
	for _, o := range []int{5, 6, 7, 8} {
		got := orient(m, o).(*image.YCbCr)
		if got.SubsampleRatio != image.YCbCrSubsampleRatio440 {
			t.Errorf("orientation %d: ratio %v, want 4:4:0", o, got.SubsampleRatio)
		}
		// Each output pixel's colour must equal the source pixel it came from.
		for y := range 8 {
			for x := range 4 {
				var sx, sy int
				switch o {
				case 5:
					sx, sy = y, x
				case 6:
					sx, sy = y, 3-x
				case 7:
					sx, sy = 7-y, 3-x
				case 8:
					sx, sy = 7-y, x
				}
				if g, w := got.YCbCrAt(x, y), m.YCbCrAt(sx, sy); g != w {
					t.Fatalf("orientation %d: pixel (%d,%d) = %v, want source (%d,%d) = %v", o, x, y, g, sx, sy, w)
				}
			}
		}
	}
	// 4:1:1 has no transposed form: widened to 4:4:4.
	m411 := image.NewYCbCr(image.Rect(0, 0, 8, 4), image.YCbCrSubsampleRatio411)
	if got := orient(m411, 6).(*image.YCbCr); got.SubsampleRatio != image.YCbCrSubsampleRatio444 || got.Rect.Dx() != 4 {
		t.Errorf("4:1:1 turned: ratio %v, bounds %v", got.SubsampleRatio, got.Rect)
	}
}

func TestDecodeFormats(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 30, 20))
	for i := range gray.Pix {
		gray.Pix[i] = 77
	}
	pal := image.NewPaletted(image.Rect(0, 0, 30, 20), color.Palette{color.NRGBA{0, 0, 0, 0}, color.NRGBA{255, 0, 0, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i % 2)
	}
	png16 := image.NewRGBA64(image.Rect(0, 0, 30, 20))
	for i := 0; i < len(png16.Pix); i += 8 {
		copy(png16.Pix[i:], []byte{0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xFF, 0xFF})
	}
	var anim bytes.Buffer
	f1 := image.NewPaletted(image.Rect(0, 0, 10, 10), palette.Plan9)
	f2 := image.NewPaletted(image.Rect(0, 0, 10, 10), palette.Plan9)
	for i := range f1.Pix {
		f1.Pix[i] = uint8(f1.Palette.Index(color.RGBA{0, 0, 255, 255}))
	}
	if err := gif.EncodeAll(&anim, &gif.GIF{Image: []*image.Paletted{f1, f2}, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	var still bytes.Buffer
	if err := gif.Encode(&still, f1, nil); err != nil {
		t.Fatal(err)
	}
	cmyk, err := os.ReadFile("testdata/cmyk.jpg")
	if err != nil {
		t.Fatal(err)
	}
	icc := withSegment(encodeTestJPEG(t, markedImage(), 90), 0xE2, iccPayload("Display P3"))
	srgb := withSegment(encodeTestJPEG(t, markedImage(), 90), 0xE2, iccPayload("sRGB IEC61966-2.1"))

	tests := []struct {
		name     string
		data     []byte
		format   string
		typ      string
		alpha    bool
		warnings []string
		pixel    color.NRGBA // at 0,0
		tol      int
	}{
		{"grayscale jpeg", encodeTestJPEG(t, gray, 90), "jpeg", "*image.Gray", false, nil, color.NRGBA{77, 77, 77, 255}, 1},
		{"cmyk jpeg", cmyk, "jpeg", "*image.NRGBA", false, []string{"CMYK JPEG converted to sRGB"}, color.NRGBA{255, 0, 0, 255}, 8},
		{"paletted png with transparency", encodeTestPNG(t, pal), "png", "*image.NRGBA", true, nil, color.NRGBA{0, 0, 0, 0}, 0},
		{"16-bit png", encodeTestPNG(t, png16), "png", "*image.NRGBA", false, nil, color.NRGBA{0x12, 0x56, 0x9A, 255}, 0},
		{"animated gif", anim.Bytes(), "gif", "*image.NRGBA", false, []string{"animated GIF: only the first frame is used"}, color.NRGBA{0, 0, 255, 255}, 0},
		{"still gif", still.Bytes(), "gif", "*image.NRGBA", false, nil, color.NRGBA{0, 0, 255, 255}, 0},
		{"display p3 profile", icc, "jpeg", "*image.YCbCr", false, []string{`ICC profile "Display P3" is not sRGB: colours may be off`}, color.NRGBA{230, 230, 230, 255}, 3},
		{"srgb profile", srgb, "jpeg", "*image.YCbCr", false, nil, color.NRGBA{230, 230, 230, 255}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Decode(context.Background(), tt.data, Limits{MaxPixels: 1e6})
			if err != nil {
				t.Fatal(err)
			}
			type summary struct {
				Format, Type string
				Alpha        bool
				Warnings     []string
			}
			got := summary{src.Format, typeName(src.Img), src.Alpha, src.Warnings}
			want := summary{tt.format, tt.typ, tt.alpha, tt.warnings}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			px := color.NRGBAModel.Convert(src.Img.At(0, 0)).(color.NRGBA)
			if !closeColor(px, tt.pixel, tt.tol) {
				t.Errorf("pixel 0,0 = %v, want %v ±%d", px, tt.pixel, tt.tol)
			}
		})
	}
}

func typeName(v any) string {
	switch v.(type) {
	case *image.YCbCr:
		return "*image.YCbCr"
	case *image.Gray:
		return "*image.Gray"
	case *image.NRGBA:
		return "*image.NRGBA"
	}
	return "other"
}

func closeColor(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) bool { return max(int(x)-int(y), int(y)-int(x)) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

// pngHeader returns just the signature and IHDR of a w×h RGB PNG.
func pngHeader(w, h uint32) []byte {
	ihdr := []byte("IHDR")
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

func TestDecodeErrors(t *testing.T) {
	big := image.NewGray(image.Rect(0, 0, 200, 200))
	for i := range big.Pix {
		big.Pix[i] = uint8(i * 7919 % 251)
	}
	good := encodeTestJPEG(t, big, 90)
	tests := []struct {
		name string
		data []byte
		max  int64
		want string
	}{
		{"too many pixels", pngHeader(30000, 30000), 100e6, "image is 30000×30000 (900 MP), over the 100 MP limit"},
		{"truncated jpeg", good[:len(good)/2], 0, "decode jpeg: "},
		{"header only jpeg", good[:20], 0, "read jpeg header: unexpected EOF"},
		{"unknown", []byte("hello, world"), 0, ErrUnknownFormat.Error()},
		{"empty", nil, 0, ErrUnknownFormat.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(context.Background(), tt.data, Limits{MaxPixels: tt.max})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Decode error %v, want %q (a prefix)", err, tt.want)
			}
		})
	}
	if f, w, h, err := DecodeConfig(pngHeader(30000, 30000)); err != nil || f != "png" || w != 30000 || h != 30000 {
		t.Errorf("DecodeConfig = %q %d %d %v", f, w, h, err)
	}
}

func TestExifOrientationMalformed(t *testing.T) {
	full := exifPayload(6, binary.BigEndian)[6:]
	if got := exifOrientation(full); got != 6 {
		t.Fatalf("exifOrientation = %d, want 6", got)
	}
	for n := range 8 + 2 + 12 { // every truncation of the entry reads as "no orientation"
		if got := exifOrientation(full[:n]); got != 1 {
			t.Errorf("truncated to %d bytes: %d, want 1", n, got)
		}
	}
	bad := exifPayload(9, binary.BigEndian)[6:]
	if got := exifOrientation(bad); got != 1 {
		t.Errorf("orientation 9: %d, want 1", got)
	}
}

func FuzzOrientation(f *testing.F) {
	for o := 1; o <= 8; o++ {
		f.Add(exifPayload(o, binary.LittleEndian)[6:], uint8(o))
		f.Add(exifPayload(o, binary.BigEndian)[6:], uint8(o))
	}
	f.Add([]byte("MM\x00*\xff\xff\xff\xff"), uint8(3))
	src := markedImage()
	f.Fuzz(func(t *testing.T, tiff []byte, o uint8) {
		got := exifOrientation(tiff)
		if got < 1 || got > 8 {
			t.Fatalf("orientation %d out of range", got)
		}
		// Turning is a bijection: the block's pixel count survives, the size swaps for 5..8.
		m := orient(src, int(o)).(*image.YCbCr)
		w, h := 40, 24
		if o >= 5 && o <= 8 {
			w, h = h, w
		}
		if m.Rect.Dx() != w || m.Rect.Dy() != h {
			t.Fatalf("orientation %d: %v", o, m.Rect)
		}
		bright := 0
		for _, v := range m.Y {
			if v > 128 {
				bright++
			}
		}
		if bright != 100 {
			t.Fatalf("orientation %d: %d bright pixels, want 100", o, bright)
		}
		// And through a whole JPEG.
		readJPEGMeta(withSegment([]byte{0xFF, 0xD8, 0xFF, 0xD9}, 0xE1, append([]byte("Exif\x00\x00"), tiff...)))
	})
}

func FuzzDecode(f *testing.F) {
	f.Add(encodeTestJPEG(f, markedImage(), 90))
	f.Add(withSegment(encodeTestJPEG(f, markedImage(), 90), 0xE1, exifPayload(6, binary.LittleEndian)))
	f.Add(encodeTestPNG(f, markedImage()))
	f.Add(pngHeader(30000, 30000))
	f.Add(png16(f, 20, 10, 6)) // decodePNG16's colour types
	f.Add(png16(f, 9, 7, 4))
	f.Add(png16(f, 5, 3, 0))
	var g bytes.Buffer
	_ = gif.Encode(&g, markedImage(), nil)
	f.Add(g.Bytes())
	if b, err := os.ReadFile("testdata/cmyk.jpg"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Add([]byte("II*\x00\x08\x00\x00\x00"))
	f.Add([]byte("BM"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := Decode(context.Background(), data, Limits{MaxPixels: 1 << 16}) // small cap: no huge allocations
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if src.Width*src.Height > 1<<16 || src.Img.Bounds() != image.Rect(0, 0, src.Width, src.Height) {
			t.Fatalf("bad source %d×%d %v", src.Width, src.Height, src.Img.Bounds())
		}
		DecodeConfig(data)
		MakePlaceholder(src)
	})
}
