package imgformat

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func bmpHeader(dibSize uint32) []byte {
	b := make([]byte, 54)
	copy(b, "BM")
	binary.LittleEndian.PutUint32(b[14:], dibSize)
	return b
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     []byte
		format string
	}{
		{"jpeg JFIF", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "jpeg"},
		{"jpeg Exif", []byte("\xff\xd8\xff\xe1\x00\x10Exif"), "jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), "png"},
		{"gif87a", []byte("GIF87a\x01\x00"), "gif"},
		{"gif89a", []byte("GIF89a\x01\x00"), "gif"},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), "webp"},
		{"bmp BITMAPINFOHEADER", bmpHeader(40), "bmp"},
		{"bmp BITMAPV5HEADER", bmpHeader(124), "bmp"},
		{"bmp OS/2", bmpHeader(12), "bmp"},
		{"tiff little-endian", []byte("II*\x00\x08\x00\x00\x00"), "tiff"},
		{"tiff big-endian", []byte("MM\x00*\x00\x00\x00\x08"), "tiff"},

		{"empty", nil, ""},
		{"jpeg cut short", []byte("\xff\xd8"), ""},
		{"png cut short", []byte("\x89PNG\r\n"), ""},
		{"gif unknown version", []byte("GIF90a"), ""},
		{"riff wave", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), ""},
		{"riff cut short", []byte("RIFF\x24\x00\x00\x00WEB"), ""},
		{"text starting BM", []byte("BMW owners club newsletter"), ""},
		{"bmp unknown header size", bmpHeader(41), ""},
		{"bmp cut short", bmpHeader(40)[:17], ""},
		{"bigtiff", []byte("II+\x00\x08\x00\x00\x00"), ""},
		{"html", []byte("<!DOCTYPE html><html>"), ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), ""},
		{"avif", []byte("\x00\x00\x00\x1cftypavif"), ""},
	} {
		format, ok := Sniff(tc.in)
		if format != tc.format || ok != (tc.format != "") {
			t.Errorf("%s: Sniff = %q, %v; want %q, %v", tc.name, format, ok, tc.format, tc.format != "")
		}
	}
}

func FuzzSniff(f *testing.F) {
	for _, seed := range [][]byte{
		[]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), []byte("GIF89a"), []byte("RIFF\x00\x00\x00\x00WEBP"), bmpHeader(40),
		[]byte("II*\x00"), []byte("MM\x00*"), []byte("BM"), []byte("<html>"), nil,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		format, ok := Sniff(b)
		switch format {
		case "jpeg", "png", "gif", "webp", "bmp", "tiff":
			if !ok {
				t.Fatalf("Sniff = %q but not ok", format)
			}
		case "":
			if ok {
				t.Fatal("ok with no format")
			}
		default:
			t.Fatalf("Sniff = %q: not a known format", format)
		}
		// The answer depends on the first 18 bytes only.
		if len(b) > 18 {
			if f2, ok2 := Sniff(b[:18]); f2 != format || ok2 != ok {
				t.Fatalf("Sniff(first 18 bytes) = %q, want %q", f2, format)
			}
		}
		if ok {
			if f2, _ := Sniff(append(bytes.Clone(b), 0xAA, 0x55)); f2 != format {
				t.Fatalf("appending changed %q to %q", format, f2)
			}
		}
	})
}
