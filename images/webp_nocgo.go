//go:build !cgo

package images

import (
	"bytes"
	"image"

	"github.com/gen2brain/webp"
)

// webpEncoderName names the WebP encoder compiled in (see WEBP.md).
const webpEncoderName = "libwebp as WebAssembly on wazero (github.com/gen2brain/webp v0.5.5, no cgo)"

// webpMethod is libwebp's speed/size trade-off (0 fast … 6 small); 4 is
// the default of libwebp's simple API, which the cgo encoder uses, so both
// builds write the same bytes.
const webpMethod = 4

// encodeWebP writes a lossy WebP (alpha kept). Without cgo the binary is
// static, so gen2brain/webp runs libwebp compiled to WebAssembly (about
// 4.5× slower than native libwebp; see WEBP.md). Method 4, deterministic.
func encodeWebP(img image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := webp.Encode(&buf, rgbaForWebP(img), webp.Options{Quality: quality, Method: webpMethod}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
