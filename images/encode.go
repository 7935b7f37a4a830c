package images

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
)

// encoders maps an output format to its encoder. Each writes no metadata
// (no EXIF, no ICC profile, no text chunks).
var encoders = map[string]func(img image.Image, quality int) ([]byte, error){
	"jpeg": encodeJPEG,
	"png":  encodePNG,
	"webp": encodeWebP,
}

// encodeJPEG writes a baseline JPEG. image/jpeg reads *image.YCbCr planes
// directly (writing 4:2:0) and *image.Gray as a one-component JPEG; an opaque
// *image.NRGBA is handed over as the *image.RGBA it equals, which the encoder
// also reads without per-pixel interface calls.
func encodeJPEG(img image.Image, quality int) ([]byte, error) {
	if m, ok := img.(*image.NRGBA); ok {
		img = &image.RGBA{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect} // opaque: same bytes
	}
	b := img.Bounds()
	var buf bytes.Buffer
	buf.Grow(b.Dx()*b.Dy()/4 + 1024)
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodePNG writes a PNG (8-bit RGBA, RGB or gray as the image has).
func encodePNG(img image.Image, _ int) ([]byte, error) {
	if m, ok := img.(*image.YCbCr); ok {
		rgba := image.NewRGBA(m.Rect)
		draw.Draw(rgba, m.Rect, m, m.Rect.Min, draw.Src)
		img = rgba
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
