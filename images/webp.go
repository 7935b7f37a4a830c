package images

import (
	"image"
	"image/draw"
)

// WebPEncoder names the WebP encoder compiled in: native libwebp through
// cgo, or libwebp as WebAssembly when built with CGO_ENABLED=0 (see WEBP.md).
func WebPEncoder() string { return webpEncoderName }

// rgbaForWebP returns img as 8-bit straight-alpha RGBA bytes in an
// *image.RGBA value, which is how both WebP encoders take their input. An
// *image.NRGBA is passed through as is: libwebp wants straight alpha, and
// converting it to Go's premultiplied RGBA would darken soft edges.
func rgbaForWebP(img image.Image) *image.RGBA {
	switch m := img.(type) {
	case *image.NRGBA:
		return &image.RGBA{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect}
	case *image.RGBA:
		return m
	}
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Rect, img, b.Min, draw.Src) // fast paths for YCbCr and Gray
	return out
}
