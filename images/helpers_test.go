package images

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"testing"
)

// taskROptions are the options of Task R in ../shared/peers/README.md:
// 480/960/1440 px JPEG q80 and one 1200×630 crop.
var taskROptions = Options{
	Widths:    []int{480, 960, 1440},
	Crops:     []Aspect{{1200, 630}},
	CropWidth: 1200,
	Formats:   []string{"jpeg"},
	Quality:   80,
}

func encodeTestJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withSegment inserts a marker segment right after a JPEG's SOI.
func withSegment(jpg []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// exifPayload is an APP1 Exif payload with one IFD0 entry: Orientation = o.
func exifPayload(o int, bo binary.ByteOrder) []byte {
	b := []byte("Exif\x00\x00")
	tiff := make([]byte, 8+2+12+4)
	if bo == binary.LittleEndian {
		copy(tiff, "II")
	} else {
		copy(tiff, "MM")
	}
	bo.PutUint16(tiff[2:], 42)
	bo.PutUint32(tiff[4:], 8)
	bo.PutUint16(tiff[8:], 1)
	bo.PutUint16(tiff[10:], 0x0112)
	bo.PutUint16(tiff[12:], 3)
	bo.PutUint32(tiff[14:], 1)
	bo.PutUint16(tiff[18:], uint16(o))
	return append(b, tiff...)
}

// iccPayload is an APP2 ICC_PROFILE payload (one chunk) whose v2 'desc'
// tag says desc.
func iccPayload(desc string) []byte {
	tag := []byte("desc\x00\x00\x00\x00")
	tag = binary.BigEndian.AppendUint32(tag, uint32(len(desc)+1))
	tag = append(tag, desc...)
	tag = append(tag, 0)
	p := make([]byte, 132+12)
	binary.BigEndian.PutUint32(p[128:], 1)
	copy(p[132:], "desc")
	binary.BigEndian.PutUint32(p[136:], uint32(len(p)))
	binary.BigEndian.PutUint32(p[140:], uint32(len(tag)))
	p = append(p, tag...)
	binary.BigEndian.PutUint32(p[0:], uint32(len(p)))
	return append([]byte("ICC_PROFILE\x00\x01\x01"), p...)
}
