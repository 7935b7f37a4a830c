package pipeline

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// png16Bit is a w×h 16-bit RGBA PNG: decoded, 4 bytes a pixel.
func png16Bit(t testing.TB, w, h int) []byte {
	t.Helper()
	m := image.NewNRGBA64(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 97), uint16(y * 89), 0x8000, 0xFFFF})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// manyScans is a JPEG with 150 scan headers before its end: refused from
// its markers, before any decoding.
func manyScans(t testing.TB) []byte {
	jpg := testJPEG(t, 64, 64, 1)
	sos := []byte{0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34}
	out := slices.Clone(jpg[:len(jpg)-2])
	for range 150 {
		out = append(out, sos...)
	}
	return append(out, 0xFF, 0xD9)
}

// TestHostileImages checks that an image built to cost too much CPU,
// memory or disk is refused with a message that names it and the limit,
// and that its post is still built.
func TestHostileImages(t *testing.T) {
	tests := []struct {
		name    string
		config  string
		file    func(t *testing.T, path string) // writes static/images/x.<ext>
		ext     string
		want    string   // the message, after "posts/x.md:4: image: /images/x.<ext>: "
		warn    bool     // a warning: the image is still used
		formats []string // of the hero's variants, when it is used
	}{
		{name: "a JPEG of too many scans", ext: "jpg",
			file: func(t *testing.T, p string) { write(t, p, manyScans(t)) },
			want: "JPEG has 151 scans, over the limit of 100: a decoding bomb, refused unread"},
		{name: "a decode past images.decodeTimeout", ext: "jpg", config: "  decodeTimeout: 1ns\n",
			file: func(t *testing.T, p string) { write(t, p, testJPEG(t, 800, 600, 3)) },
			want: "decoding took longer than images.decodeTimeout (1ns): refused"},
		{name: "a 16-bit PNG over images.maxMemory", ext: "png", config: "  maxMemory: 1048576\n",
			file: func(t *testing.T, p string) { write(t, p, png16Bit(t, 600, 600)) },
			want: "decoding this 600×600 png needs 1.4 MiB, over the images.maxMemory limit of 1 MiB"},
		{name: "a sparse local file over images.maxBytes", ext: "jpg", config: "  maxBytes: 1048576\n",
			file: func(t *testing.T, p string) {
				write(t, p, testJPEG(t, 64, 64, 1))
				if err := os.Truncate(p, 64<<20); err != nil { // 64 MiB, of which nothing is on disk
					t.Fatal(err)
				}
			},
			want: "file is 64 MiB, over the images.maxBytes limit of 1 MiB"},
		{name: "too tall for WebP: JPEG only", ext: "png", // formats: jpeg, webp (below)
			file: func(t *testing.T, p string) { write(t, p, []byte(pngOf(t, 1, 20000))) },
			want: "WebP cannot be wider or taller than 16,383 px: the 1×20000 variant has no WebP, it is made as JPEG only",
			warn: true, formats: []string{"jpeg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := imageSite(t, "", tt.config, map[string]string{
				"x.md": postFile("X", "image: /images/x."+tt.ext+"\n", "Text."),
			})
			tt.file(t, filepath.Join(dir, "static", "images", "x."+tt.ext))
			start := time.Now()
			o := imgOptions(t, dir)
			if tt.formats != nil {
				o.Config.Images.Formats = []string{"jpeg", "webp"} // imageSite's are [jpeg]
			}
			res := mustRun(t, o)
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("the build took %v", took)
			}
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.Error())
			}
			want := "posts/x.md:4: image: /images/x." + tt.ext + ": " + tt.want
			// A 1×20000 hero also makes crops too small for Google and X:
			// warnings of their own.
			if !slices.ContainsFunc(got, func(p string) bool { return strings.HasSuffix(p, want) }) || (!tt.warn && len(got) != 1) {
				t.Fatalf("problems %q, want one ending %q", got, want)
			}
			if res.Published != 1 {
				t.Errorf("published %d, want the post built", res.Published)
			}
			if !tt.warn {
				if res.Images.Failed != 1 {
					t.Errorf("failed images %d, want 1", res.Images.Failed)
				}
				return
			}
			m := readImageManifest(t, o.OutDir)
			var formats []string
			for _, v := range m.Posts[0].Images[0].Variants {
				formats = append(formats, v.Format)
				if _, err := os.Stat(filepath.Join(o.OutDir, filepath.FromSlash(v.Path))); err != nil {
					t.Error(err)
				}
			}
			if diff := cmp.Diff(tt.formats, formats); diff != "" {
				t.Errorf("variant formats (-want +got):\n%s", diff)
			}
		})
	}
}

func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDecodesShareMaxMemory checks that two images that fit in
// images.maxMemory one at a time, not together, are decoded one after the
// other even with two CPU workers, and both are processed.
func TestDecodesShareMaxMemory(t *testing.T) {
	dir := imageSite(t, "", "  maxMemory: 1048576\n", map[string]string{ // 1 MiB
		"a.md": postFile("A", "image: /images/a.png\n", "Text."),
		"b.md": postFile("B", "image: /images/b.png\n", "Text."),
	})
	for _, name := range []string{"a.png", "b.png"} {
		write(t, filepath.Join(dir, "static", "images", name), png16Bit(t, 400, 400)) // 625 KiB each
	}
	var mu sync.Mutex
	var inFlight, peak int64
	var decodes int
	o := imgOptions(t, dir)
	o.Jobs = 2
	o.decodeHook = func(delta int64) {
		mu.Lock()
		inFlight += delta
		peak = max(peak, inFlight)
		if delta > 0 {
			decodes++
		}
		mu.Unlock()
		if delta > 0 {
			time.Sleep(200 * time.Millisecond) // room for the other to start, were it allowed
		}
	}
	res := mustRun(t, o)
	if len(res.Problems) != 0 || res.Images.Processed != 2 {
		t.Fatalf("problems %v, processed %d, want none and 2", res.Problems, res.Images.Processed)
	}
	if decodes != 2 || peak != 400*400*4 {
		t.Errorf("%d decodes with at most %d bytes in flight, want 2 with %d (one at a time)", decodes, peak, 400*400*4)
	}
}

// TestFIFOHero: a named pipe as a local image (image: ./hero.jpg, made
// with mkfifo) is refused at once as not a regular file, and the build
// goes on: opening it would wait for a writer for ever. The post's own
// check refuses it; readLocalImage checks again before opening, in case
// the file was replaced since.
func TestFIFOHero(t *testing.T) {
	dir := imageSite(t, "", "", map[string]string{
		"x.md": postFile("X", "image: /images/x.jpg\n", "Text."),
		"y.md": postFile("Y", "", "Text."),
	})
	fifo := filepath.Join(dir, "static", "images", "x.jpg")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	res := runWithin(t, imgOptions(t, dir), 30*time.Second)
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Error())
	}
	want := []string{`posts/x.md:4: image: "/images/x.jpg" is not a regular file: ` + filepath.ToSlash(fifo) + " is a named pipe (FIFO)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if res.Published != 1 {
		t.Errorf("published %d, want the other post built", res.Published)
	}

	done := make(chan error, 1)
	go func() {
		_, err := readLocalImage(os.Open, fifo, 1<<20)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || err.Error() != "x.jpg is not a regular file" {
			t.Errorf("readLocalImage of a FIFO: %v, want x.jpg is not a regular file", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("readLocalImage of a FIFO did not return: it opened it")
	}
}
