package images

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"math"
	"time"
)

// Limits bound what decoding one image may cost, so a hostile file costs
// an error, not the build. A zero field is no limit.
type Limits struct {
	// MaxPixels caps width × height, read from the header.
	MaxPixels int64
	// MaxMemory caps the bytes a decode holds at its peak (DecodedBytes),
	// read from the header.
	MaxMemory int64
	// Timeout is how long decoding may take.
	Timeout time.Duration
}

// MaxJPEGScans is how many scans a JPEG may have. Each scan of a
// progressive JPEG walks every block of the image again, so a file that
// repeats one 95-byte refinement scan thousands of times costs minutes of
// CPU (2,000 scans of 8000×8000: 201 s). Real encoders write few scans:
// libjpeg's progressive script has 10 (6 for grey), mozjpeg's optimised
// ones fewer than 70. At 100, the most a JPEG within images.maxPixels
// costs is about 10 s; images.decodeTimeout stops anything slower.
// (libjpeg-turbo's scan limit, for comparison, is 1,000 when set.)
const MaxJPEGScans = 100

// jpegScans walks a JPEG's markers to its end without decoding anything:
// the number of scans (SOS markers), whether it is progressive, and its
// planes: the bytes per pixel of its components at their sampling (1.5
// for 4:2:0 YCbCr, 3 for 4:4:4). Malformed data ends the walk; the
// decoder reports it.
func jpegScans(data []byte) (scans int, progressive bool, planes float64) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 0, false, 0
	}
	i := 2
	for i+2 <= len(data) {
		if data[i] != 0xFF {
			// Entropy-coded data after a scan header: skip to the next
			// marker that is not a stuffed zero or a restart.
			j := bytes.IndexByte(data[i:], 0xFF)
			if j < 0 {
				return scans, progressive, planes
			}
			i += j
			continue
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0xD8 || marker == 0x01:
			i += 2 // stuffed zero, restart, SOI, TEM: no length
			continue
		case marker == 0xD9: // EOI
			return scans, progressive, planes
		}
		if i+4 > len(data) {
			break
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			break
		}
		seg := data[i+4 : i+2+n]
		switch {
		case marker == 0xDA:
			scans++
		case marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
			progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE
			planes = framePlanes(seg)
		}
		i += 2 + n
	}
	return scans, progressive, planes
}

// framePlanes reads a SOF segment's components: the sum of each one's
// samples per pixel, (h×v)/(hmax×vmax).
func framePlanes(sof []byte) float64 {
	if len(sof) < 6 {
		return 0
	}
	n := int(sof[5])
	if len(sof) < 6+3*n {
		return float64(n)
	}
	hmax, vmax := 1, 1
	for i := range n {
		hv := sof[6+3*i+1]
		hmax, vmax = max(hmax, int(hv>>4)), max(vmax, int(hv&15))
	}
	var planes float64
	for i := range n {
		hv := sof[6+3*i+1]
		planes += float64(int(hv>>4)*int(hv&15)) / float64(hmax*vmax)
	}
	return planes
}

// DecodedBytes is how many bytes decoding data holds at its peak, from its
// header alone: the decoder's pixels (and a progressive JPEG's
// coefficients), plus the 8-bit copy Decode normalises them to, plus the
// rotated copy an EXIF orientation needs: what callers budget decodes with.
func DecodedBytes(data []byte) (int64, error) {
	format := sniff(data)
	c, ok := codecs[format]
	if !ok {
		return 0, ErrUnknownFormat
	}
	cfg, err := safeConfig(c, data)
	if err != nil {
		return 0, fmt.Errorf("read %s header: %w", format, err)
	}
	return decodedBytes(format, data, cfg), nil
}

func decodedBytes(format string, data []byte, cfg image.Config) int64 {
	px := float64(max(cfg.Width, 0)) * float64(max(cfg.Height, 0))
	var decoded, copied float64 // bytes per pixel
	switch cfg.ColorModel {
	case color.YCbCrModel, color.NYCbCrAModel:
		decoded = 4 // 4:4:4 with alpha at most; a JPEG's planes below
	case color.GrayModel:
		decoded = 1
	case color.Gray16Model:
		decoded, copied = 2, 1
		if format == "png" && isPNG16(data) {
			decoded, copied = 1, 0 // decodePNG16 writes 8-bit pixels straight away
		}
	case color.NRGBAModel:
		decoded = 4
	case color.NRGBA64Model, color.RGBA64Model:
		decoded, copied = 8, 4
		if format == "png" && isPNG16(data) {
			decoded = 0
		}
	case color.CMYKModel:
		decoded, copied = 4, 4
	default: // paletted, RGBA and others: normalised to NRGBA
		decoded, copied = 4, 4
	}
	if format == "jpeg" {
		_, progressive, planes := jpegScans(data)
		if cfg.ColorModel == color.YCbCrModel && planes > 0 {
			decoded = planes
		}
		if progressive {
			decoded += 4 * max(planes, 1) // an int32 per coefficient
		}
		if readJPEGMeta(data).orientation != 1 {
			copied += 4
		}
	}
	return int64(math.Ceil(px * (decoded + copied)))
}

// checkLimits refuses an image whose header says it is over lim, or a
// JPEG with too many scans.
func checkLimits(format string, data []byte, cfg image.Config, lim Limits) error {
	if px := int64(cfg.Width) * int64(cfg.Height); lim.MaxPixels > 0 && px > lim.MaxPixels {
		return fmt.Errorf("image is %d×%d (%s MP), over the %s MP limit",
			cfg.Width, cfg.Height, formatMP(px), formatMP(lim.MaxPixels))
	}
	if n := decodedBytes(format, data, cfg); lim.MaxMemory > 0 && n > lim.MaxMemory {
		return fmt.Errorf("decoding this %d×%d %s needs %s, over the images.maxMemory limit of %s",
			cfg.Width, cfg.Height, format, ByteSize(n), ByteSize(lim.MaxMemory))
	}
	if format == "jpeg" {
		if n, _, _ := jpegScans(data); n > MaxJPEGScans {
			return fmt.Errorf("JPEG has %d scans, over the limit of %d: a decoding bomb, refused unread", n, MaxJPEGScans)
		}
	}
	return nil
}

// ByteSize formats n bytes for a message: "1 GiB", "12.5 MiB", "900 bytes".
func ByteSize(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB"}
	f, u := float64(n), 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	if u == 0 || f == float64(int64(f)) {
		return fmt.Sprintf("%d %s", int64(f), units[u])
	}
	return fmt.Sprintf("%.1f %s", f, units[u])
}

// limitedReader is the decoders' reader of data: it checks ctx and the
// deadline before each read and hands out at most 512 bytes at a time, so
// a decoder that spends long on little data (a progressive scan) is
// stopped within a fraction of a second of the deadline.
type limitedReader struct {
	r        *bytes.Reader
	ctx      context.Context
	deadline time.Time // zero: none
	timeout  time.Duration
	err      error // why reading stopped
}

func newLimitedReader(ctx context.Context, data []byte, timeout time.Duration) *limitedReader {
	lr := &limitedReader{r: bytes.NewReader(data), ctx: ctx, timeout: timeout}
	if timeout > 0 {
		lr.deadline = time.Now().Add(timeout)
	}
	return lr
}

func (lr *limitedReader) check() error {
	if lr.err == nil {
		if err := lr.ctx.Err(); err != nil {
			lr.err = err
		} else if !lr.deadline.IsZero() && time.Now().After(lr.deadline) {
			lr.err = fmt.Errorf("decoding took longer than images.decodeTimeout (%v): refused", lr.timeout)
		}
	}
	return lr.err
}

func (lr *limitedReader) Read(p []byte) (int, error) {
	if err := lr.check(); err != nil {
		return 0, err
	}
	return lr.r.Read(p[:min(len(p), 512)])
}

// ReadAt serves the TIFF decoder, which reads at offsets.
func (lr *limitedReader) ReadAt(p []byte, off int64) (int, error) {
	if err := lr.check(); err != nil {
		return 0, err
	}
	return lr.r.ReadAt(p, off)
}
