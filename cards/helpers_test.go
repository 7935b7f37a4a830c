package cards

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/fogleman/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/seopipe/seopipe/fonts"
	"github.com/seopipe/seopipe/internal/testdeps"
)

// Synthetic pictures, so tests need no image files and goldens do not move
// with a JPEG decoder.

// synthHero is a photo-like landscape: a dusk sky gradient, a sun, two
// ranges of hills, w×h.
func synthHero(w, h int) image.Image {
	dc := gg.NewContext(w, h)
	sky := gg.NewLinearGradient(0, 0, 0, float64(h)*0.6)
	sky.AddColorStop(0, color.RGBA{0x1e, 0x3a, 0x8a, 255})
	sky.AddColorStop(0.6, color.RGBA{0xf9, 0x73, 0x16, 255})
	sky.AddColorStop(1, color.RGBA{0xfd, 0xe6, 0x8a, 255})
	dc.SetFillStyle(sky)
	dc.DrawRectangle(0, 0, float64(w), float64(h))
	dc.Fill()
	dc.SetColor(color.RGBA{0xff, 0xf7, 0xd6, 255})
	dc.DrawCircle(float64(w)*0.7, float64(h)*0.45, float64(h)*0.08)
	dc.Fill()
	hills := func(base, amp float64, c color.Color, seed float64) {
		dc.MoveTo(0, float64(h))
		for x := 0.0; x <= float64(w); x += 8 {
			y := base + amp*math.Sin(x/float64(w)*7+seed) + amp*0.4*math.Sin(x/float64(w)*23+seed*3)
			dc.LineTo(x, y)
		}
		dc.LineTo(float64(w), float64(h))
		dc.ClosePath()
		dc.SetColor(c)
		dc.Fill()
	}
	hills(float64(h)*0.58, float64(h)*0.05, color.RGBA{0x4c, 0x1d, 0x95, 255}, 1)
	hills(float64(h)*0.68, float64(h)*0.04, color.RGBA{0x1e, 0x1b, 0x4b, 255}, 2)
	return dc.Image()
}

// synthAvatar is a face-like disc on a coloured square.
func synthAvatar() image.Image {
	dc := gg.NewContext(160, 160)
	dc.SetColor(color.RGBA{0x0e, 0x74, 0x90, 255})
	dc.Clear()
	dc.SetColor(color.RGBA{0xfd, 0xe6, 0xc8, 255})
	dc.DrawCircle(80, 66, 34)
	dc.Fill()
	dc.DrawEllipse(80, 160, 60, 44)
	dc.Fill()
	return dc.Image()
}

// synthLogo is a translucent-background mark: a rounded square with a bar.
func synthLogo() image.Image {
	dc := gg.NewContext(96, 96)
	dc.SetColor(color.RGBA{0xf5, 0x9e, 0x0b, 255})
	dc.DrawRoundedRectangle(4, 4, 88, 88, 20)
	dc.Fill()
	dc.SetColor(color.White)
	dc.DrawRectangle(26, 40, 44, 16)
	dc.Fill()
	return dc.Image()
}

// noise is w×h random pixels: incompressible.
func noise(w, h int) image.Image {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range m.Pix {
		m.Pix[i] = uint8(rng.UintN(256))
	}
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = 255
	}
	return m
}

// uniform is a w×h image of one colour.
func uniform(w, h int, c color.Color) image.Image {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(m, m.Rect, image.NewUniform(c), image.Point{}, draw.Src)
	return m
}

// decode decodes a card's PNG or JPEG into RGBA.
func decode(t testing.TB, data []byte) *image.RGBA {
	t.Helper()
	m, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode card: %v", err)
	}
	out := image.NewRGBA(m.Bounds())
	draw.Draw(out, out.Rect, m, m.Bounds().Min, draw.Src)
	return out
}

// pixelTolerance is how far a channel may move before a pixel counts as
// different: font rasterisation and resampling round differently on other
// CPUs (FMA) and Go versions by a few levels.
const pixelTolerance = 12

// maxDiffShare is the share of pixels that may differ beyond the
// tolerance: a glyph edge or two, not a moved word.
const maxDiffShare = 0.002

// comparePixels compares got with want; when they differ too much it
// writes got.png and diff.png (differing pixels red over a faded copy)
// into a temporary directory and fails, logging the path.
func comparePixels(t *testing.T, name string, got, want *image.RGBA) {
	t.Helper()
	if got.Rect != want.Rect {
		t.Errorf("%s: size %v, want %v", name, got.Rect.Size(), want.Rect.Size())
		return
	}
	diff := image.NewRGBA(got.Rect)
	bad := 0
	for i := 0; i < len(got.Pix); i += 4 {
		d := 0
		for j := range 3 {
			d = max(d, absInt(int(got.Pix[i+j])-int(want.Pix[i+j])))
		}
		if d > pixelTolerance {
			bad++
			copy(diff.Pix[i:i+4], []byte{255, 0, 0, 255})
		} else {
			for j := range 3 {
				diff.Pix[i+j] = 128 + want.Pix[i+j]/2
			}
			diff.Pix[i+3] = 255
		}
	}
	total := got.Rect.Dx() * got.Rect.Dy()
	if float64(bad) <= maxDiffShare*float64(total) {
		return
	}
	dir := t.TempDir()
	writePNGFile(t, filepath.Join(dir, "got.png"), got)
	writePNGFile(t, filepath.Join(dir, "diff.png"), diff)
	t.Errorf("%s: %d of %d pixels differ by more than %d levels (allowed %.1f %%); got.png and diff.png in %s",
		name, bad, total, pixelTolerance, 100*maxDiffShare, dir)
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func writePNGFile(t testing.TB, path string, m image.Image) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Made once: drawing them is slow under the race detector.
var (
	testHero   = sync.OnceValue(func() image.Image { return synthHero(1600, 900) })
	testAvatar = sync.OnceValue(synthAvatar)
	testLogo   = sync.OnceValue(synthLogo)
)

// fullInput is a card with every element.
func fullInput() Input {
	return Input{
		Title:    "How we cut our build time in half by caching every social card",
		Category: "Engineering", Excerpt: "Rasterise each background once, encode with one cheap filter, and let deflate do the rest.",
		Author: "Ada Okafor", Date: "7 Nov 2025", SiteName: "example.blog",
		Avatar: testAvatar(), Logo: testLogo(), Hero: testHero(),
	}
}

// dejavu loads the Task C fonts, skipping the test when they are absent.
func dejavu(tb testing.TB) Fonts {
	tb.Helper()
	load := func(name string) *fonts.Chain {
		return fonts.NewChain(mustLoad(tb, testdeps.Font(tb, name))...)
	}
	return Fonts{Regular: load("DejaVuSans"), Bold: load("DejaVuSans-Bold")}
}

// mustLoad returns the faces of the font file at path.
func mustLoad(tb testing.TB, path string) []*fonts.Font {
	tb.Helper()
	fs, err := fonts.Load(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fs
}

// goRenderer renders with Go's fonts only, so pictures do not depend on
// the fonts installed.
var goRenderer = sync.OnceValue(func() *Renderer { return NewRenderer(Fonts{}) })

func render(t testing.TB, r *Renderer, in Input, theme string, o Options) *Result {
	t.Helper()
	th, err := LoadTheme(theme)
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Render(context.Background(), in, th, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// benchCard is a gradient card with three lines of large text, the shape of
// Task C's cards, drawn without the layout package.
func benchCard(tb testing.TB) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, 1200, 630))
	fillGradient(m, 135, []color.NRGBA{{0x0f, 0x17, 0x2a, 255}, {0x1d, 0x4e, 0xd8, 255}})
	f, err := opentype.Parse(gobold.TTF)
	if err != nil {
		tb.Fatal(err)
	}
	face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: 64, DPI: 72})
	d := font.Drawer{Dst: m, Src: image.White, Face: face}
	for i, s := range []string{"Why our static site builds", "got three times faster after", "we cached every gradient"} {
		d.Dot = fixed.P(72, 200+i*78)
		d.DrawString(s)
	}
	return m
}
