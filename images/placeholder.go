package images

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"math"
)

// Placeholder is what a page shows while an image loads.
type Placeholder struct {
	// Color is the dominant colour, "#rrggbb".
	Color string
	// DataURI is a tiny blurred PNG of the image as a data: URI, at most
	// MaxPlaceholderURI bytes; the browser's smooth upscaling does the rest.
	DataURI string
}

// MaxPlaceholderURI bounds the length of Placeholder.DataURI.
const MaxPlaceholderURI = 1024

// placeholderWidths are tried in turn until the data URI fits.
var placeholderWidths = []int{16, 12, 8, 4}

// MakePlaceholder returns the dominant colour of src and a tiny preview.
//
// The colour is the mean of the most populated cell of a 8×8×8 RGB histogram
// of a 64 px thumbnail, not the mean of all pixels: the mean of a photo of
// blue sky over green fields is a grey no pixel has, while the largest cell
// is the sky. Transparent pixels are left out; ties go to the lower cell.
func MakePlaceholder(src *Source) Placeholder {
	thumb := thumbnailNRGBA(src, 64)
	ph := Placeholder{Color: dominantColor(thumb)}
	for _, w := range placeholderWidths {
		tiny := blur3(thumbnailNRGBA(src, w))
		uri := pngDataURI(tiny)
		if uri != "" && len(uri) <= MaxPlaceholderURI {
			ph.DataURI = uri
			break
		}
	}
	return ph
}

// thumbnailNRGBA returns src scaled so its long side is at most long pixels.
func thumbnailNRGBA(src *Source, long int) *image.NRGBA {
	w, h := src.Width, src.Height
	if s := float64(long) / float64(max(w, h)); s < 1 {
		w = max(1, int(math.Round(float64(w)*s)))
		h = max(1, int(math.Round(float64(h)*s)))
	}
	img := resizeImage(src.Img, src.Img.Bounds(), w, h, catmullRom)
	if m, ok := img.(*image.NRGBA); ok {
		return m
	}
	return toNRGBA(img)
}

func dominantColor(m *image.NRGBA) string {
	var count [512]int
	var sum [512][3]int
	for y := range m.Rect.Dy() {
		row := m.Pix[y*m.Stride:][: m.Rect.Dx()*4 : m.Rect.Dx()*4]
		for x := 0; x < len(row); x += 4 {
			if row[x+3] < 128 {
				continue
			}
			r, g, b := row[x], row[x+1], row[x+2]
			i := int(r>>5)<<6 | int(g>>5)<<3 | int(b>>5)
			count[i]++
			sum[i][0] += int(r)
			sum[i][1] += int(g)
			sum[i][2] += int(b)
		}
	}
	best := 0
	for i, c := range count {
		if c > count[best] {
			best = i
		}
	}
	n := count[best]
	if n == 0 {
		return "#ffffff"
	}
	return fmt.Sprintf("#%02x%02x%02x", (sum[best][0]+n/2)/n, (sum[best][1]+n/2)/n, (sum[best][2]+n/2)/n)
}

// blur3 returns m blurred with a 3×3 box (edges repeat).
func blur3(m *image.NRGBA) *image.NRGBA {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var s [4]int
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					p := m.Pix[clampInt(y+dy, 0, h-1)*m.Stride+clampInt(x+dx, 0, w-1)*4:]
					for c := range 4 {
						s[c] += int(p[c])
					}
				}
			}
			for c := range 4 {
				out.Pix[y*out.Stride+x*4+c] = uint8((s[c] + 4) / 9)
			}
		}
	}
	return out
}

// pngDataURI encodes m as a PNG data URI (image/png writes an opaque image
// as RGB, a quarter smaller than RGBA).
func pngDataURI(m *image.NRGBA) string {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, m); err != nil {
		return ""
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}
