package images

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"strings"
	"unicode/utf16"
)

// jpegMeta is what Decode reads from a JPEG's marker segments before the
// first scan: the EXIF orientation and the ICC profile.
type jpegMeta struct {
	orientation int    // 1..8 (1 when absent or unreadable)
	icc         []byte // reassembled APP2 ICC_PROFILE chunks, nil if none
}

// readJPEGMeta walks the marker segments of a JPEG up to the first SOS. It
// never fails: anything malformed just ends the walk.
func readJPEGMeta(data []byte) jpegMeta {
	m := jpegMeta{orientation: 1}
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return m
	}
	var chunks [][]byte // ICC chunks by sequence number (1-based)
	exifSeen := false
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			break
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		i += 2
		if marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) {
			continue
		}
		if marker == 0xD9 || marker == 0xDA {
			break
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			break
		}
		seg := data[i+2 : i+n]
		i += n
		switch {
		case marker == 0xE1 && !exifSeen && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			exifSeen = true
			m.orientation = exifOrientation(seg[6:])
		case marker == 0xE2 && len(seg) >= 14 && bytes.HasPrefix(seg, []byte("ICC_PROFILE\x00")):
			seq, total := int(seg[12]), int(seg[13])
			if seq == 0 || seq > total {
				continue
			}
			if chunks == nil {
				chunks = make([][]byte, total)
			}
			if seq <= len(chunks) {
				chunks[seq-1] = seg[14:]
			}
		}
	}
	for _, c := range chunks {
		if c == nil { // a missing chunk: the profile is unusable
			return m
		}
	}
	if chunks != nil {
		m.icc = bytes.Join(chunks, nil)
	}
	return m
}

// exifOrientation reads tag 0x0112 (Orientation) from IFD0 of a TIFF-format
// EXIF block. It returns 1 when the tag is absent or anything is out of range.
func exifOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(tiff[2:]) != 42 {
		return 1
	}
	off := uint64(bo.Uint32(tiff[4:]))
	if off+2 > uint64(len(tiff)) {
		return 1
	}
	count := uint64(bo.Uint16(tiff[off:]))
	for e := range count {
		p := off + 2 + e*12
		if p+12 > uint64(len(tiff)) {
			return 1
		}
		if bo.Uint16(tiff[p:]) != 0x0112 {
			continue
		}
		var v int
		switch bo.Uint16(tiff[p+2:]) {
		case 3: // SHORT
			v = int(bo.Uint16(tiff[p+8:]))
		case 4: // LONG, seen in the wild
			v = int(bo.Uint32(tiff[p+8:]))
		default:
			return 1
		}
		if v < 1 || v > 8 {
			return 1
		}
		return v
	}
	return 1
}

// pngICC returns the decompressed iCCP profile of a PNG (nil if none).
func pngICC(data []byte) []byte {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(data, []byte(sig)) {
		return nil
	}
	i := len(sig)
	for i+8 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n < 0 || n > len(data)-i-12 {
			return nil
		}
		body := data[i+8 : i+8+n]
		i += 12 + n
		switch typ {
		case "iCCP":
			z := bytes.IndexByte(body, 0)
			if z < 0 || z+2 > len(body) {
				return nil
			}
			r, err := zlib.NewReader(bytes.NewReader(body[z+2:]))
			if err != nil {
				return nil
			}
			p, err := io.ReadAll(io.LimitReader(r, 8<<20))
			if err != nil {
				return nil
			}
			return p
		case "IDAT", "IEND":
			return nil
		}
	}
	return nil
}

// iccDescription returns the text of an ICC profile's 'desc' tag (ICC v2
// textDescriptionType or v4 multiLocalizedUnicodeType), "" if unreadable.
func iccDescription(p []byte) string {
	if len(p) < 132 {
		return ""
	}
	be := binary.BigEndian
	n := uint64(be.Uint32(p[128:]))
	for t := range n {
		e := 132 + t*12
		if e+12 > uint64(len(p)) {
			return ""
		}
		if string(p[e:e+4]) != "desc" {
			continue
		}
		off, size := uint64(be.Uint32(p[e+4:])), uint64(be.Uint32(p[e+8:]))
		if off+size > uint64(len(p)) || size < 12 {
			return ""
		}
		tag := p[off : off+size]
		switch string(tag[:4]) {
		case "desc":
			l := uint64(be.Uint32(tag[8:]))
			if 12+l > uint64(len(tag)) {
				return ""
			}
			return strings.TrimRight(string(tag[12:12+l]), "\x00 ")
		case "mluc":
			if len(tag) < 28 {
				return ""
			}
			l, o := uint64(be.Uint32(tag[20:])), uint64(be.Uint32(tag[24:]))
			if o+l > uint64(len(tag)) || l%2 != 0 {
				return ""
			}
			u := make([]uint16, l/2)
			for k := range u {
				u[k] = be.Uint16(tag[o+uint64(2*k):])
			}
			return strings.TrimRight(string(utf16.Decode(u)), "\x00 ")
		}
		return ""
	}
	return ""
}

// isSRGB reports whether an ICC profile description names sRGB (or one of
// its common aliases).
func isSRGB(desc string) bool {
	d := strings.ToLower(desc)
	return strings.Contains(d, "srgb") || strings.Contains(d, "iec61966-2.1") || strings.Contains(d, "iec 61966-2-1")
}

// gifFrames counts the image descriptors of a GIF, stopping at 2.
func gifFrames(data []byte) int {
	if len(data) < 13 {
		return 0
	}
	i := 13
	if data[10]&0x80 != 0 {
		i += 3 << (int(data[10]&7) + 1)
	}
	skipBlocks := func() bool {
		for i < len(data) {
			n := int(data[i])
			i++
			if n == 0 {
				return true
			}
			i += n
		}
		return false
	}
	frames := 0
	for i < len(data) && frames < 2 {
		switch data[i] {
		case 0x21: // extension
			i += 2
			if !skipBlocks() {
				return frames
			}
		case 0x2C: // image descriptor
			if i+10 > len(data) {
				return frames
			}
			flags := data[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (int(flags&7) + 1)
			}
			i++ // LZW minimum code size
			if !skipBlocks() {
				return frames + 1
			}
			frames++
		default: // trailer or garbage
			return frames
		}
	}
	return frames
}
