package images

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// heroJPEG returns one real ~3000 px photo: $SEOPIPE_BENCH_IMAGE, else the
// first file of /tmp/peers/corpus-r/img, else a synthetic noisy JPEG.
func heroJPEG(tb testing.TB) []byte {
	tb.Helper()
	path := os.Getenv("SEOPIPE_BENCH_IMAGE")
	if path == "" {
		if m, _ := filepath.Glob("/tmp/peers/corpus-r/img/*.jpg"); len(m) > 0 {
			slices.Sort(m)
			path = m[0]
		}
	}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		return data
	}
	tb.Log("no SEOPIPE_BENCH_IMAGE and no /tmp/peers/corpus-r/img: using a synthetic 3000×2000 noisy image")
	m := image.NewYCbCr(image.Rect(0, 0, 3000, 2000), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range m.Y {
		m.Y[i] = uint8(i%3000/12) + uint8(r.IntN(40))
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(100+r.IntN(30)), uint8(140+r.IntN(30))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkHero(b *testing.B) {
	data := heroJPEG(b)
	src, err := Decode(context.Background(), data, Limits{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("hero %d×%d, %d bytes", src.Width, src.Height, len(data))
	ctx := context.Background()
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Decode(context.Background(), data, Limits{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("resize", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resizeAll(src, taskROptions)
		}
	})
	imgs := resizeAll(src, taskROptions)
	b.Run("encode-jpeg", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, m := range imgs {
				if _, err := encodeJPEG(m, 80); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("encode-webp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, m := range imgs {
				if _, err := encodeWebP(m, 80); err != nil {
					b.Skip(err)
				}
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s, err := Decode(context.Background(), data, Limits{})
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := Process(ctx, s, taskROptions, Focus{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// resizeAll makes the images Process would encode, without encoding them.
func resizeAll(src *Source, o Options) []image.Image {
	o.Formats = []string{"raw"}
	var out []image.Image
	encoders["raw"] = func(img image.Image, _ int) ([]byte, error) {
		out = append(out, img)
		return nil, nil
	}
	defer delete(encoders, "raw")
	if _, _, err := Process(context.Background(), src, o, Focus{}); err != nil {
		panic(err)
	}
	return out
}

// BenchmarkTaskR runs Task R on the corpus in $SEOPIPE_TASKR (a directory of
// JPEGs), two images at a time, writing the outputs to a temporary
// directory; one iteration is the whole corpus. Run it as
//
//	SEOPIPE_TASKR=/tmp/peers/corpus-r/img go test -run='^$' -bench=TaskR -benchtime=1x ./images
//
// under /usr/bin/time -f "%e s %M KB" for peak RSS. Set
// SEOPIPE_TASKR_FORMATS=jpeg,webp to add WebP.
func BenchmarkTaskR(b *testing.B) {
	dir := os.Getenv("SEOPIPE_TASKR")
	if dir == "" {
		b.Skip("set SEOPIPE_TASKR=/tmp/peers/corpus-r/img to time Task R")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.jpg"))
	slices.Sort(files)
	if len(files) == 0 {
		b.Fatalf("no *.jpg in %s", dir)
	}
	o := taskROptions
	if f := os.Getenv("SEOPIPE_TASKR_FORMATS"); f != "" {
		o.Formats = splitComma(f)
	}
	var outputs, bytesOut, decodeNS, processNS atomic.Int64
	runs := 0
	for b.Loop() {
		runs++
		outDir := b.TempDir()
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for {
					i := int(next.Add(1)) - 1
					if i >= len(files) {
						return
					}
					data, err := os.ReadFile(files[i])
					if err != nil {
						b.Error(err)
						return
					}
					t0 := time.Now()
					src, err := Decode(context.Background(), data, Limits{MaxPixels: 100e6})
					if err != nil {
						b.Error(err)
						return
					}
					t1 := time.Now()
					outs, _, err := Process(context.Background(), src, o, Focus{})
					if err != nil {
						b.Error(err)
						return
					}
					decodeNS.Add(int64(t1.Sub(t0)))
					processNS.Add(int64(time.Since(t1)))
					for _, out := range outs {
						name := fmt.Sprintf("%03d-%s-%s%d.%s", i, out.Kind, out.Aspect[:0], out.Width, out.Format)
						if err := os.WriteFile(filepath.Join(outDir, name), out.Data, 0o644); err != nil {
							b.Error(err)
							return
						}
						outputs.Add(1)
						bytesOut.Add(int64(len(out.Data)))
					}
				}
			})
		}
		wg.Wait()
	}
	n := float64(len(files) * runs)
	b.ReportMetric(float64(decodeNS.Load())/n/1e6, "decode-ms/img")
	b.ReportMetric(float64(processNS.Load())/n/1e6, "process-ms/img")
	b.ReportMetric(float64(outputs.Load())/float64(runs), "outputs")
	b.ReportMetric(float64(bytesOut.Load())/float64(runs), "out-bytes")
}

func splitComma(s string) []string {
	var out []string
	for f := range bytes.SplitSeq([]byte(s), []byte(",")) {
		out = append(out, string(f))
	}
	return out
}
