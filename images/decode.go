package images

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strconv"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"

	"github.com/seopipe/seopipe/images/imgformat"
)

// Source is a decoded image ready for Process and MakePlaceholder. It is not
// modified by them, so one Source may be processed concurrently.
type Source struct {
	// Img is the pixels after EXIF orientation, with bounds starting at 0,0:
	// a *image.YCbCr (JPEG, lossy WebP), a *image.Gray (grayscale JPEG or
	// PNG) or a *image.NRGBA (everything else, with or without alpha).
	Img image.Image
	// Format is the sniffed format: "jpeg", "png", "gif", "webp", "bmp" or "tiff".
	Format string
	// Width and Height are the size after orientation.
	Width, Height int
	// Alpha reports whether any pixel is not fully opaque.
	Alpha bool
	// Warnings are user-facing notes on what was lost or guessed.
	Warnings []string
}

// ErrUnknownFormat is returned for bytes that are none of the supported formats.
var ErrUnknownFormat = errors.New("unknown image format (want JPEG, PNG, GIF, WebP, BMP or TIFF)")

// sniff names the format of data from its magic bytes, "" when unknown.
func sniff(data []byte) string {
	format, _ := imgformat.Sniff(data)
	return format
}

type codec struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

var codecs = map[string]codec{
	"jpeg": {jpeg.DecodeConfig, jpeg.Decode},
	"png":  {png.DecodeConfig, png.Decode},
	"gif":  {gif.DecodeConfig, gif.Decode},
	"webp": {webp.DecodeConfig, webp.Decode},
	"bmp":  {bmp.DecodeConfig, bmp.Decode},
	"tiff": {tiff.DecodeConfig, tiff.Decode},
}

// DecodeConfig reads only the header of an image and returns its format and
// its size after EXIF orientation (JPEG only carries orientation here).
func DecodeConfig(data []byte) (format string, width, height int, err error) {
	format = sniff(data)
	c, ok := codecs[format]
	if !ok {
		return "", 0, 0, ErrUnknownFormat
	}
	cfg, err := safeConfig(c, data)
	if err != nil {
		return format, 0, 0, fmt.Errorf("read %s header: %w", format, err)
	}
	width, height = cfg.Width, cfg.Height
	if format == "jpeg" && readJPEGMeta(data).orientation >= 5 {
		width, height = height, width
	}
	return format, width, height, nil
}

func safeConfig(c codec, data []byte) (cfg image.Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed header (decoder panicked: %v)", r)
		}
	}()
	return c.config(bytes.NewReader(data))
}

func safeDecode(decode func(io.Reader) (image.Image, error), r io.Reader) (img image.Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed image (decoder panicked: %v)", r)
		}
	}()
	return decode(r)
}

// formatMP formats a pixel count in megapixels: "900", "12.3", "0.01".
func formatMP(px int64) string {
	mp := float64(px) / 1e6
	switch {
	case mp >= 100:
		return strconv.FormatFloat(mp, 'f', 0, 64)
	case mp >= 1:
		return strconv.FormatFloat(mp, 'f', 1, 64)
	}
	return strconv.FormatFloat(mp, 'g', 2, 64)
}

// Decode decodes an image, applies its EXIF orientation and normalises its
// pixels (see Source.Img). An image over lim's pixels or memory, or a JPEG
// of more than MaxJPEGScans scans, is refused from its header, before any
// pixel memory is allocated; a decode that takes longer than lim.Timeout,
// or outlives ctx, is stopped.
func Decode(ctx context.Context, data []byte, lim Limits) (*Source, error) {
	format := sniff(data)
	c, ok := codecs[format]
	if !ok {
		return nil, ErrUnknownFormat
	}
	cfg, err := safeConfig(c, data)
	if err != nil {
		return nil, fmt.Errorf("read %s header: %w", format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("%s image has no pixels (%d×%d)", format, cfg.Width, cfg.Height)
	}
	if err := checkLimits(format, data, cfg, lim); err != nil {
		return nil, err
	}
	decode := c.decode
	if format == "png" && isPNG16(data) {
		decode = decodePNG16
	}
	r := newLimitedReader(ctx, data, lim.Timeout)
	img, err := safeDecode(decode, r)
	if r.err != nil {
		return nil, r.err // the deadline or ctx, whatever the decoder made of it
	}
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", format, err)
	}
	src := &Source{Format: format}
	orientation := 1
	var icc []byte
	switch format {
	case "jpeg":
		meta := readJPEGMeta(data)
		orientation, icc = meta.orientation, meta.icc
	case "png":
		icc = pngICC(data)
	case "gif":
		if gifFrames(data) > 1 {
			src.Warnings = append(src.Warnings, "animated GIF: only the first frame is used")
		}
	}
	if icc != nil {
		if d := iccDescription(icc); !isSRGB(d) {
			if d == "" {
				d = "(unnamed)"
			}
			src.Warnings = append(src.Warnings, fmt.Sprintf("ICC profile %q is not sRGB: colours may be off", d))
		}
	}
	if _, ok := img.(*image.CMYK); ok {
		src.Warnings = append(src.Warnings, "CMYK JPEG converted to sRGB")
	}
	src.Img, src.Alpha = normalise(img)
	src.Img = orient(src.Img, orientation)
	b := src.Img.Bounds()
	src.Width, src.Height = b.Dx(), b.Dy()
	return src, nil
}

// normalise turns a decoded image into one of the three types Source.Img
// holds, with bounds at 0,0, and reports whether it has alpha.
func normalise(img image.Image) (image.Image, bool) {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.YCbCr:
		if b.Min == (image.Point{}) {
			return m, false
		}
	case *image.Gray:
		if b.Min == (image.Point{}) {
			return m, false
		}
	case *image.Gray16:
		g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := range b.Dy() {
			for x := range b.Dx() {
				g.Pix[y*g.Stride+x] = m.Pix[(y*m.Stride)+2*x] // high byte
			}
		}
		return g, false
	case *image.CMYK:
		out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := range b.Dy() {
			s := m.Pix[y*m.Stride:]
			d := out.Pix[y*out.Stride:]
			for x := range b.Dx() {
				r, g, bb := color.CMYKToRGB(s[4*x], s[4*x+1], s[4*x+2], s[4*x+3])
				d[4*x], d[4*x+1], d[4*x+2], d[4*x+3] = r, g, bb, 255
			}
		}
		return out, false
	case *image.NRGBA:
		if b.Min == (image.Point{}) {
			return m, !m.Opaque()
		}
	}
	n := toNRGBA(img)
	return n, !n.Opaque()
}

// nrgbaAt returns the non-premultiplied 8-bit colour of one pixel.
func nrgbaAt(img image.Image, x, y int) [4]uint8 {
	c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
	return [4]uint8{c.R, c.G, c.B, c.A}
}
