package images

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/image/webp"
)

// noisyYCbCr returns a w×h 4:2:0 image of smooth shapes plus noise.
func noisyYCbCr(w, h int, seed uint64) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(seed, 1))
	for y := range h {
		for x := range w {
			m.Y[y*m.YStride+x] = uint8(64 + (x*y)%128 + r.IntN(32))
		}
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(90+r.IntN(40)), uint8(150+r.IntN(30))
	}
	return m
}

func sourceOf(img image.Image) *Source {
	b := img.Bounds()
	n, isN := img.(*image.NRGBA)
	return &Source{Img: img, Format: "test", Width: b.Dx(), Height: b.Dy(), Alpha: isN && !n.Opaque()}
}

type shape struct {
	Kind, Aspect, Format string
	W, H                 int
}

func shapes(outs []Output) []shape {
	var s []shape
	for _, o := range outs {
		s = append(s, shape{o.Kind, o.Aspect, o.Format, o.Width, o.Height})
	}
	return s
}

func TestVariantWidths(t *testing.T) {
	tests := []struct {
		srcW int
		want []int
	}{
		{4000, []int{1920, 1440, 960, 480}},
		{2000, []int{2000, 1440, 960, 480}}, // 1920 is within 10% of 2000
		{1500, []int{1500, 960, 480}},       // 1440 within 10%, 1920 too big → the source width
		{1000, []int{1000, 480}},            // 960 within 10%
		{960, []int{960, 480}},              // equal is never made twice
		{300, []int{300}},                   // never upscale
	}
	for _, tt := range tests {
		if got := variantWidths(DefaultWidths, tt.srcW); !slices.Equal(got, tt.want) {
			t.Errorf("variantWidths(%d) = %v, want %v", tt.srcW, got, tt.want)
		}
	}
}

func TestProcessShapes(t *testing.T) {
	ctx := context.Background()
	jpegOnly := Options{Formats: []string{"jpeg"}}
	tests := []struct {
		name string
		img  image.Image
		o    Options
		want []shape
	}{
		{"small source is never upscaled", noisyYCbCr(300, 200, 1), jpegOnly, []shape{
			{"variant", "", "jpeg", 300, 200},
			{"crop", "16:9", "jpeg", 300, 169},
			{"crop", "4:3", "jpeg", 267, 200},
			{"crop", "1:1", "jpeg", 200, 200},
		}},
		{"10% rule keeps the source width", noisyYCbCr(1000, 600, 2), Options{Formats: []string{"jpeg"}, Crops: []Aspect{}}, []shape{
			{"variant", "", "jpeg", 480, 288},
			{"variant", "", "jpeg", 1000, 600},
		}},
		{"task R", noisyYCbCr(3000, 2000, 3), taskROptions, []shape{
			{"variant", "", "jpeg", 480, 320},
			{"variant", "", "jpeg", 960, 640},
			{"variant", "", "jpeg", 1440, 960},
			{"crop", "40:21", "jpeg", 1200, 630},
		}},
		{"alpha makes png, webp kept", func() image.Image {
			m := image.NewNRGBA(image.Rect(0, 0, 600, 400))
			for i := range m.Pix {
				m.Pix[i] = uint8(i)
			}
			return m
		}(), Options{Widths: []int{480}, Crops: []Aspect{{1, 1}}}, []shape{
			{"variant", "", "png", 480, 320},
			{"variant", "", "webp", 480, 320},
			{"crop", "1:1", "png", 400, 400},
			{"crop", "1:1", "webp", 400, 400},
		}},
		{"grayscale", image.NewGray(image.Rect(0, 0, 1000, 500)), Options{Widths: []int{500}, Crops: []Aspect{{2, 1}}, Formats: []string{"jpeg"}}, []shape{
			{"variant", "", "jpeg", 500, 250}, // no width dropped: no source-size variant
			{"crop", "2:1", "jpeg", 1000, 500},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outs, _, err := Process(ctx, sourceOf(tt.img), tt.o, Focus{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, shapes(outs)); d != "" {
				t.Errorf("outputs (-want +got):\n%s", d)
			}
			for _, o := range outs {
				cfg, format, err := decodeOutputConfig(o)
				if err != nil || cfg.Width != o.Width || cfg.Height != o.Height || format != o.Format {
					t.Errorf("%s %d×%d %s decodes as %s %d×%d (%v)", o.Kind, o.Width, o.Height, o.Format, format, cfg.Width, cfg.Height, err)
				}
			}
		})
	}
}

func decodeOutputConfig(o Output) (image.Config, string, error) {
	r := bytes.NewReader(o.Data)
	switch sniff(o.Data) {
	case "jpeg":
		c, err := jpeg.DecodeConfig(r)
		return c, "jpeg", err
	case "png":
		c, err := png.DecodeConfig(r)
		return c, "png", err
	case "webp":
		c, err := webp.DecodeConfig(r)
		return c, "webp", err
	}
	return image.Config{}, "?", errors.New("unknown output format")
}

func TestCropAspectAndSize(t *testing.T) {
	aspects := []Aspect{{16, 9}, {4, 3}, {1, 1}, {1200, 630}, {9, 16}, {21, 9}}
	for _, size := range [][2]int{{2400, 1600}, {1600, 2400}, {1001, 999}, {5000, 700}} {
		src := sourceOf(noisyYCbCr(size[0], size[1], 4))
		outs, _, err := Process(context.Background(), src, Options{Widths: []int{}, Crops: aspects, Formats: []string{"jpeg"}}, Focus{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			if o.Kind != "crop" {
				continue
			}
			a, _ := ParseAspect(o.Aspect)
			got, want := float64(o.Width)/float64(o.Height), float64(a.W)/float64(a.H)
			if math.Abs(got/want-1) > 0.01 {
				t.Errorf("%v source: crop %s is %d×%d, aspect off by more than 1%%", size, o.Aspect, o.Width, o.Height)
			}
			if o.Width*o.Height < 50000 {
				t.Errorf("%v source: crop %s is %d×%d, under 50,000 px", size, o.Aspect, o.Width, o.Height)
			}
			if o.Width > DefaultCropWidth {
				t.Errorf("%v source: crop %s is %d wide, over %d", size, o.Aspect, o.Width, DefaultCropWidth)
			}
		}
	}
}

// halves returns a 2:1 image: left half one luma, right half another,
// the given half textured with noise when noisy is "left" or "right".
func halves(noisy string) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, 800, 400), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(9, 9))
	for y := range 400 {
		for x := range 800 {
			v := 40
			if x >= 400 {
				v = 210
			}
			if (noisy == "left" && x < 400) || (noisy == "right" && x >= 400) {
				v = r.IntN(256)
			}
			m.Y[y*m.YStride+x] = uint8(v)
		}
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = 128, 128
	}
	return m
}

func meanAndVariance(img image.Image) (mean, variance float64) {
	b := img.Bounds()
	var s, s2 float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, _, _, _ := img.At(x, y).RGBA()
			v := float64(r >> 8)
			s += v
			s2 += v * v
		}
	}
	n := float64(b.Dx() * b.Dy())
	return s / n, s2/n - (s/n)*(s/n)
}

func cropOf(t *testing.T, img image.Image, focus Focus) image.Image {
	t.Helper()
	outs, _, err := Process(context.Background(), sourceOf(img), Options{Widths: []int{}, Crops: []Aspect{{1, 1}}, Formats: []string{"jpeg"}}, focus)
	if err != nil {
		t.Fatal(err)
	}
	m, err := jpeg.Decode(bytes.NewReader(outs[len(outs)-1].Data))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCropPlacement(t *testing.T) {
	flat := halves("")
	tests := []struct {
		name     string
		img      image.Image
		focus    Focus
		mean     float64 // of the crop, ±8
		textured bool
	}{
		{"focus right", flat, Focus{X: 0.9, Y: 0.5, Set: true}, 210, false},
		{"focus left edge clamps", flat, Focus{X: 0, Y: 0, Set: true}, 40, false},
		{"focus centre spans both halves", flat, Focus{X: 0.5, Y: 0.5, Set: true}, 125, true},
		{"entropy picks detailed left", halves("left"), Focus{}, 127, true},
		{"entropy picks detailed right", halves("right"), Focus{}, 127, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := cropOf(t, tt.img, tt.focus)
			mean, variance := meanAndVariance(m)
			if math.Abs(mean-tt.mean) > 8 {
				t.Errorf("crop mean luma %.1f, want %.0f", mean, tt.mean)
			}
			if textured := variance > 2000; textured != tt.textured {
				t.Errorf("crop variance %.0f, textured = %v, want %v", variance, textured, tt.textured)
			}
		})
	}
}

func TestResampleSolidStaysExact(t *testing.T) {
	for _, size := range [][4]int{{1000, 700, 333, 233}, {640, 480, 480, 360}, {300, 200, 299, 199}, {50, 50, 7, 3}} {
		p := newPlane(size[0], size[1], 1)
		for i := range p.pix {
			p.pix[i] = 173
		}
		got := scalePlane(p, size[2], size[3], lanczos3)
		for i, v := range got.pix {
			if v != 173 {
				t.Fatalf("%v: pixel %d = %d, want 173", size, i, v)
			}
		}
	}
}

func TestResampleGradient(t *testing.T) {
	// A linear ramp resampled by any interpolating filter is the ramp at the
	// output sample centres; box-shrinking keeps it linear too. Within 2
	// levels (fixed-point and 8-bit rounding), ignoring 3 edge pixels where
	// the clamped border bends it.
	const srcW, srcH = 1200, 40
	p := newPlane(srcW, srcH, 1)
	for y := range srcH {
		for x := range srcW {
			p.pix[y*srcW+x] = uint8(20 + x*200/srcW)
		}
	}
	for _, dstW := range []int{1100, 700, 480, 333, 100} {
		got := scalePlane(p, dstW, 10, lanczos3)
		scale := float64(srcW) / float64(dstW)
		for x := 3; x < dstW-3; x++ {
			centre := (float64(x)+0.5)*scale - 0.5
			want := 20 + centre*200/srcW
			if d := math.Abs(float64(got.pix[5*dstW+x]) - want); d > 2 {
				t.Errorf("width %d: x=%d got %d, want %.1f", dstW, x, got.pix[5*dstW+x], want)
				break
			}
		}
	}
}

func TestResampleEdgeClamps(t *testing.T) {
	// A hard black/white edge makes Lanczos over- and undershoot; values must
	// clamp to 0 and 255, never wrap around.
	p := newPlane(400, 4, 1)
	for y := range 4 {
		for x := 200; x < 400; x++ {
			p.pix[y*400+x] = 255
		}
	}
	for _, w := range []int{350, 150, 97} {
		got := scalePlane(p, w, 4, lanczos3)
		row := got.pix[:w]
		for x, v := range row {
			if x < w/2-3 && v > 20 || x > w/2+3 && v < 235 {
				t.Errorf("width %d: x=%d = %d (wrapped?) in %v", w, x, v, row)
				break
			}
		}
	}
}

func TestResizeAgainstFloatLanczos(t *testing.T) {
	// The fixed-point two-pass resampler stays within 0.5 level on average
	// of an exact float Lanczos-3 (8-bit rounding of the intermediate). With
	// the box pre-shrink in front, within 3 levels on this noisy image (the
	// box filters some of the noise differently; 0.65–1.86 on photos).
	src := noisyYCbCr(1600, 1000, 5)
	blurY(src, 3)
	p := plane{pix: src.Y, w: 1600, h: 1000, stride: src.YStride, ch: 1}
	ref := floatLanczos(p, 480, 300)
	direct := newPlane(480, 300, 1)
	resample(direct, p, lanczos3)
	shrunk := resizeImage(src, src.Rect, 480, 300, lanczos3).(*image.YCbCr)
	for _, tt := range []struct {
		name string
		pix  []uint8
		max  float64
	}{{"resample", direct.pix, 0.5}, {"box shrink + resample", shrunk.Y, 3}} {
		var sum float64
		for i, v := range tt.pix {
			sum += math.Abs(float64(v) - ref[i])
		}
		if mad := sum / float64(len(tt.pix)); mad > tt.max {
			t.Errorf("%s: mean absolute difference %.2f levels, want ≤ %.1f", tt.name, mad, tt.max)
		}
	}
}

// blurY smooths the luma so the test image is not pure noise (which no
// resampler can agree on).
func blurY(m *image.YCbCr, r int) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	out := make([]uint8, len(m.Y))
	for y := range h {
		for x := range w {
			s, n := 0, 0
			for dx := -r; dx <= r; dx++ {
				if xx := x + dx; xx >= 0 && xx < w {
					s += int(m.Y[y*m.YStride+xx])
					n++
				}
			}
			out[y*m.YStride+x] = uint8(s / n)
		}
	}
	copy(m.Y, out)
}

// floatLanczos is a slow, exact separable Lanczos-3 without pre-shrink.
func floatLanczos(p plane, w, h int) []float64 {
	pass := func(get func(i, j int) float64, srcLen, dstLen, other int) [][]float64 {
		scale := float64(srcLen) / float64(dstLen)
		out := make([][]float64, other)
		for j := range other {
			out[j] = make([]float64, dstLen)
			for i := range dstLen {
				c := (float64(i)+0.5)*scale - 0.5
				var s, ws float64
				for k := int(math.Floor(c - 3*scale)); k <= int(math.Ceil(c+3*scale)); k++ {
					wt := lanczos3.at((float64(k) - c) / scale)
					s += wt * get(clampInt(k, 0, srcLen-1), j)
					ws += wt
				}
				out[j][i] = s / ws
			}
		}
		return out
	}
	rows := pass(func(i, j int) float64 { return float64(p.pix[j*p.stride+i]) }, p.w, w, p.h) // rows[y][x']
	cols := pass(func(i, j int) float64 { return rows[i][j] }, p.h, h, w)                     // cols[x'][y']
	out := make([]float64, w*h)
	for y := range h {
		for x := range w {
			out[y*w+x] = math.Max(0, math.Min(255, cols[x][y]))
		}
	}
	return out
}

func TestProcessDeterministicAndStripsMetadata(t *testing.T) {
	jpg := withSegment(encodeTestJPEG(t, noisyYCbCr(1000, 700, 6), 90), 0xE1, exifPayload(1, binary.LittleEndian))
	jpg = withSegment(jpg, 0xE2, iccPayload("sRGB IEC61966-2.1"))
	src, err := Decode(context.Background(), jpg, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Widths: []int{480}, Crops: []Aspect{{16, 9}}}
	a, _, err := Process(context.Background(), src, o, Focus{})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Process(context.Background(), src, o, Focus{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("output %d (%s %d %s) differs between two runs", i, a[i].Kind, a[i].Width, a[i].Format)
		}
		for _, marker := range [][]byte{[]byte("Exif"), []byte("ICC_PROFILE"), []byte("EXIF"), []byte("ICCP"), []byte("XMP")} {
			if bytes.Contains(a[i].Data, marker) {
				t.Errorf("output %d (%s) contains %q", i, a[i].Format, marker)
			}
		}
	}
}

func TestProcessCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Process(ctx, sourceOf(noisyYCbCr(600, 400, 7)), Options{Formats: []string{"jpeg"}}, Focus{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Process with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestOptionsErrors(t *testing.T) {
	src := sourceOf(noisyYCbCr(60, 40, 8))
	for _, o := range []Options{{Quality: 101}, {Formats: []string{"avif"}}, {Widths: []int{-1}}, {CropWidth: -5}} {
		if _, _, err := Process(context.Background(), src, o, Focus{}); err == nil {
			t.Errorf("Process(%+v) succeeded, want an error", o)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Aspect{"16:9": {16, 9}, "1200:630": {40, 21}, " 4 : 3 ": {4, 3}, "2:2": {1, 1}} {
		if got, err := ParseAspect(in); err != nil || got != want {
			t.Errorf("ParseAspect(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"16x9", "0:1", "a:b", "", "-1:2", "21:1"} {
		if _, err := ParseAspect(in); err == nil {
			t.Errorf("ParseAspect(%q) succeeded", in)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	var srcs []*Source
	if files, _ := filepath.Glob("/tmp/peers/corpus-r/img/*.jpg"); len(files) > 0 {
		slices.Sort(files)
		for _, f := range files[:min(2, len(files))] {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Decode(context.Background(), data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, s)
		}
	}
	for seed := range uint64(3) {
		srcs = append(srcs, sourceOf(noisyYCbCr(1200, 800, seed)))
	}
	pure := make([]uint8, 64*64*4)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range pure {
		pure[i] = uint8(r.IntN(256)) // worst case: random RGBA noise
	}
	srcs = append(srcs, sourceOf(&image.NRGBA{Pix: pure, Stride: 256, Rect: image.Rect(0, 0, 64, 64)}))
	colour := regexp.MustCompile(`^#[0-9a-f]{6}$`)
	for i, s := range srcs {
		p := MakePlaceholder(s)
		if !colour.MatchString(p.Color) {
			t.Errorf("source %d: colour %q", i, p.Color)
		}
		if len(p.DataURI) > MaxPlaceholderURI || !regexp.MustCompile(`^data:image/png;base64,`).MatchString(p.DataURI) {
			t.Errorf("source %d: data URI of %d bytes: %.40s…", i, len(p.DataURI), p.DataURI)
		}
	}
	// The dominant colour of a mostly blue image with a red corner is blue.
	m := image.NewNRGBA(image.Rect(0, 0, 100, 100))
	for y := range 100 {
		for x := range 100 {
			c := color.NRGBA{20, 60, 200, 255}
			if x < 30 && y < 30 {
				c = color.NRGBA{250, 0, 0, 255}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	if got := MakePlaceholder(sourceOf(m)).Color; got != "#143cc8" {
		t.Errorf("dominant colour %s, want #143cc8", got)
	}
}

// TestProcessWebPSideLimit checks that an output WebP cannot hold is
// reported as such, and that its JPEG is still made.
func TestProcessWebPSideLimit(t *testing.T) {
	type made struct {
		W, H   int
		Format string
	}
	tests := []struct {
		name     string
		w, h     int
		want     []made
		warnings []string
	}{
		{"1×20000: JPEG only", 1, 20000, []made{{1, 20000, "jpeg"}},
			[]string{"WebP cannot be wider or taller than 16,383 px: the 1×20000 variant has no WebP, it is made as JPEG only"}},
		{"16383 px tall: both", 1, 16383, []made{{1, 16383, "jpeg"}, {1, 16383, "webp"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := image.NewGray(image.Rect(0, 0, tt.w, tt.h))
			outs, warnings, err := Process(context.Background(), sourceOf(img),
				Options{Crops: []Aspect{}, Formats: []string{"jpeg", "webp"}}, Focus{})
			if err != nil {
				t.Fatal(err)
			}
			var got []made
			for _, o := range outs {
				got = append(got, made{o.Width, o.Height, o.Format})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outputs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.warnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}
