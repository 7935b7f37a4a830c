//go:build cgo

package images

import (
	"image"

	"github.com/chai2010/webp"
)

// webpEncoderName names the WebP encoder compiled in (see WEBP.md).
const webpEncoderName = "libwebp 1.4.0 via cgo (github.com/chai2010/webp v1.4.0)"

// encodeWebP writes a lossy WebP (alpha kept) with libwebp's simple API:
// method 4, single-threaded, deterministic, no metadata chunks.
func encodeWebP(img image.Image, quality int) ([]byte, error) {
	return webp.EncodeRGBA(rgbaForWebP(img), float32(quality))
}
