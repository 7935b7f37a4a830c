package images

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// progressiveBomb writes a 2048×1024 greyscale progressive JPEG: one DC
// scan, then the same tiny AC refinement scan repeated refinements times.
// Each repeat is 14 bytes that make the decoder walk all 32,768 blocks.
func progressiveBomb(refinements int) []byte {
	seg := func(b *bytes.Buffer, marker byte, payload ...byte) {
		b.Write([]byte{0xFF, marker})
		_ = binary.Write(b, binary.BigEndian, uint16(len(payload)+2))
		b.Write(payload)
	}
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xD8})
	seg(&b, 0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...)...)                   // DQT: all ones
	seg(&b, 0xC2, 8, 1024>>8, 1024&0xFF, 2048>>8, 2048&0xFF, 1, 1, 0x11, 0)               // SOF2: 2048×1024, grey
	seg(&b, 0xC4, append([]byte{0x00, 1}, append(make([]byte, 15), 0)...)...)             // DC table: "0" → 0
	seg(&b, 0xC4, append([]byte{0x10, 0, 2}, append(make([]byte, 14), 0xE0, 0x00)...)...) // AC: "00" → EOBRUN 14, "01" → EOB
	seg(&b, 0xDA, 1, 1, 0x00, 0, 0, 0x00)                                                 // DC first scan
	b.Write(make([]byte, 32768/8))                                                        // a 0 bit (no difference) per block
	for range refinements {
		seg(&b, 0xDA, 1, 1, 0x00, 1, 63, 0x10) // AC refinement, Ah=1 Al=0
		// "00" + 14 one bits: an EOB run of 32,767 blocks; "01": one more.
		b.Write([]byte{0x3F, 0xFF, 0x00, 0x7F})
	}
	b.Write([]byte{0xFF, 0xD9})
	return b.Bytes()
}

func TestDecodeLimits(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		lim     Limits
		want    string // in the error; "" decodes
		fastest time.Duration
	}{
		{"a progressive JPEG of 11 scans decodes", progressiveBomb(10), Limits{}, "", 0},
		{"2,000 refinement scans are refused unread", progressiveBomb(2000), Limits{Timeout: time.Minute},
			"JPEG has 2001 scans, over the limit of 100", time.Second},
		{"a decode past its deadline is stopped", progressiveBomb(MaxJPEGScans - 1), Limits{Timeout: time.Millisecond},
			"decoding took longer than images.decodeTimeout (1ms)", time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			src, err := Decode(context.Background(), tt.data, tt.lim)
			took := time.Since(start)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Decode: %v", err)
			case tt.want == "":
				if src.Width != 2048 || src.Height != 1024 {
					t.Errorf("decoded %d×%d, want 2048×1024", src.Width, src.Height)
				}
			case err == nil || !strings.Contains(err.Error(), tt.want):
				t.Fatalf("Decode error = %v, want it to say %q", err, tt.want)
			}
			if tt.fastest > 0 && took > tt.fastest {
				t.Errorf("refused after %v, want under %v", took, tt.fastest)
			}
		})
	}
}

func TestDecodeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Decode(ctx, progressiveBomb(10), Limits{}); err != context.Canceled {
		t.Errorf("Decode with a cancelled context: %v, want %v", err, context.Canceled)
	}
}

// png16 encodes a w×h 16-bit PNG of colour type ct (0, 2, 4, 6), with
// noise so image/png picks every row filter, and some transparent pixels.
func png16(t testing.TB, w, h int, ct int) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(ct), 1))
	var img image.Image
	switch ct {
	case 0:
		g := image.NewGray16(image.Rect(0, 0, w, h))
		for i := range g.Pix {
			g.Pix[i] = byte(rng.IntN(256))
		}
		img = g
	default:
		m := image.NewNRGBA64(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				v := uint16(x*65535/w) ^ uint16(rng.IntN(4096))
				c := color.NRGBA64{v, uint16(y * 65535 / h), uint16(rng.IntN(65536)), 0xFFFF}
				if ct == 4 {
					c.G, c.B = c.R, c.R
				}
				if ct == 4 || ct == 6 {
					c.A = []uint16{0xFFFF, 0, 0x8000}[(x+y)%3]
				}
				m.SetNRGBA64(x, y, c)
			}
		}
		img = m
	}
	if ct == 4 {
		return grayAlphaPNG16(t, img.(*image.NRGBA64))
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if data[25] != byte(ct) || data[24] != 16 {
		t.Fatalf("image/png wrote colour type %d depth %d, want %d and 16", data[25], data[24], ct)
	}
	return data
}

// grayAlphaPNG16 writes m's red and alpha as a 16-bit grey+alpha PNG,
// which image/png never writes: rows unfiltered, then Sub-filtered.
func grayAlphaPNG16(t testing.TB, m *image.NRGBA64) []byte {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	var raw bytes.Buffer
	for y := range h {
		row := make([]byte, 4*w)
		for x := range w {
			c := m.NRGBA64At(x, y)
			binary.BigEndian.PutUint16(row[4*x:], c.R)
			binary.BigEndian.PutUint16(row[4*x+2:], c.A)
		}
		if y%2 == 0 {
			raw.WriteByte(0)
			raw.Write(row)
			continue
		}
		raw.WriteByte(1) // Sub
		for i := len(row) - 1; i >= 4; i-- {
			row[i] -= row[i-4]
		}
		raw.Write(row)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	var b bytes.Buffer
	b.WriteString(pngSignature)
	chunk := func(typ string, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	chunk("IHDR", append(ihdr, 16, 4, 0, 0, 0))
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// TestDecodePNG16 checks that 16-bit PNGs decoded without image/png's
// 64-bit image have the pixels that path gave, within 1 in a channel of a
// half-transparent pixel (image/png's path premultiplied and back).
func TestDecodePNG16(t *testing.T) {
	for _, ct := range []int{0, 2, 4, 6} {
		data := png16(t, 67, 45, ct)
		got, err := Decode(context.Background(), data, Limits{})
		if err != nil {
			t.Fatalf("colour type %d: %v", ct, err)
		}
		std, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		want, wantAlpha := normalise(std)
		if got.Alpha != wantAlpha {
			t.Errorf("colour type %d: alpha %t, want %t", ct, got.Alpha, wantAlpha)
		}
		if gt, wt := typeName(got.Img), typeName(want); gt != wt {
			t.Fatalf("colour type %d: decoded to %s, want %s", ct, gt, wt)
		}
		bad := 0
		for y := range 45 {
			for x := range 67 {
				g, w := nrgbaAt(got.Img, x, y), nrgbaAt(want, x, y)
				for i := range 4 {
					if d := int(g[i]) - int(w[i]); d > 1 || d < -1 || (w[3] == 255 && d != 0) {
						bad++
					}
				}
			}
		}
		if bad > 0 {
			t.Errorf("colour type %d: %d channels differ from image/png's", ct, bad)
		}
	}
}

// TestPNG16Memory checks that a 16-bit RGBA PNG costs 4 bytes a pixel,
// not image/png's 8 and then 4 more, and that one over MaxMemory is
// refused from its header, naming the sizes.
func TestPNG16Memory(t *testing.T) {
	const w, h = 300, 300
	data := png16(t, w, h, 6)
	need, err := DecodedBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(int64(4*w*h), need); diff != "" {
		t.Errorf("DecodedBytes (-want +got):\n%s", diff)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := Decode(context.Background(), data, Limits{MaxMemory: 8 * w * h}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 6*w*h {
		t.Errorf("decoding a %d×%d 16-bit PNG allocated %d bytes, want under %d", w, h, got, 6*w*h)
	}
	_, err = Decode(context.Background(), data, Limits{MaxMemory: 256 << 10})
	want := "decoding this 300×300 png needs 351.6 KiB, over the images.maxMemory limit of 256 KiB"
	if err == nil || err.Error() != want {
		t.Errorf("Decode over MaxMemory: %v, want %q", err, want)
	}
}

// TestDecodedBytes checks the budget of a decode per kind of image:
// bytes per pixel of the decoder's image and of Decode's copies.
func TestDecodedBytes(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 40, 24))
	opaque := image.NewNRGBA(image.Rect(0, 0, 40, 24))
	for i := range opaque.Pix {
		opaque.Pix[i] = 255
	}
	tests := []struct {
		name string
		data []byte
		want int64
	}{
		{"4:2:0 JPEG: 1.5", encodeTestJPEG(t, markedImage(), 90), 40 * 24 * 3 / 2},
		{"grey JPEG: 1", encodeTestJPEG(t, gray, 90), 40 * 24},
		{"rotated JPEG: and a copy", withSegment(encodeTestJPEG(t, gray, 90), 0xE1, exifPayload(6, binary.LittleEndian)), 40 * 24 * 5},
		{"progressive grey JPEG: and its coefficients", progressiveBomb(1), 2048 * 1024 * 5},
		{"8-bit RGB PNG: RGBA, then NRGBA", encodeTestPNG(t, opaque), 40 * 24 * 8},
		{"16-bit RGB PNG (image/png's of a YCbCr): 4", encodeTestPNG(t, markedImage()), 40 * 24 * 4},
		{"grey PNG: 1", encodeTestPNG(t, gray), 40 * 24},
		{"16-bit grey PNG: 1", png16(t, 40, 24, 0), 40 * 24},
		{"16-bit RGBA PNG: 4", png16(t, 40, 24, 6), 40 * 24 * 4},
	}
	for _, tt := range tests {
		got, err := DecodedBytes(tt.data)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s: DecodedBytes = %d, want %d", tt.name, got, tt.want)
		}
	}
}
