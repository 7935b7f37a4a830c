// Package imgformat names an image's format from its first bytes, for the
// fetcher (is a body an image at all?) and the decoder (which codec?).
package imgformat

import (
	"bytes"
	"encoding/binary"
)

// Sniff names the image format of b from its first bytes: "jpeg", "png",
// "gif", "webp", "bmp" or "tiff", with ok false for anything else. It reads
// at most the first 18 bytes, so appending to b never changes the answer
// once it is ok. Safe for concurrent use.
func Sniff(b []byte) (format string, ok bool) {
	switch {
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "jpeg", true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png", true
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "gif", true
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "webp", true
	case isBMP(b):
		return "bmp", true
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return "tiff", true
	}
	return "", false
}

// isBMP checks "BM" and, since two letters alone match plenty of text, the
// size of the DIB header that follows the 14-byte file header: one of the
// sizes Windows and OS/2 define.
func isBMP(b []byte) bool {
	if len(b) < 18 || b[0] != 'B' || b[1] != 'M' {
		return false
	}
	switch binary.LittleEndian.Uint32(b[14:18]) {
	case 12, 16, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}
