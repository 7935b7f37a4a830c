package images

import (
	"errors"
	"image"
)

func encodeWebP(img image.Image, quality int) ([]byte, error) {
	return nil, errors.New("webp encoding not available")
}
