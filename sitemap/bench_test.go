package sitemap

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/seopipe/seopipe/internal/speclimit"
)

// writeGenerated writes n generated URLs, each with a lastmod and one
// image, into sink, sampling HeapInuse every 10,000 URLs. It returns the
// peak sample.
func writeGenerated(tb testing.TB, sink Sink, n int, opts Options) (Result, uint64) {
	tb.Helper()
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	w := NewWriter(sink, opts)
	var ms runtime.MemStats
	var peak uint64
	images := make([]string, 1)
	for i := range n {
		id := strconv.Itoa(i)
		images[0] = "https://example.com/images/" + id + "/hero.jpg"
		u := URL{
			Loc:     "https://example.com/posts/a-post-with-a-typical-slug-" + id + "/",
			LastMod: start.Add(time.Duration(i) * time.Minute),
			Images:  images,
		}
		if err := w.Add(u); err != nil {
			tb.Fatal(err)
		}
		if i%10_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	res, err := w.Close()
	if err != nil {
		tb.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	return res, max(peak, ms.HeapInuse)
}

// BenchmarkMillion writes 1,000,000 URLs, each with one image, with the
// default limits into a sink that only counts bytes, and reports the peak
// heap in use (sampled every 10,000 URLs) as peak-MB.
func BenchmarkMillion(b *testing.B) {
	b.ReportAllocs()
	const n = 1_000_000
	runtime.GC()
	var peak uint64
	var sink discardSink
	var res Result
	for b.Loop() {
		sink = discardSink{}
		var p uint64
		res, p = writeGenerated(b, &sink, n, Options{SiteURL: siteURL})
		peak = max(peak, p)
	}
	if len(res.Files) != n/speclimit.SitemapURLs {
		b.Errorf("%d files, want %d", len(res.Files), n/speclimit.SitemapURLs)
	}
	peakMB := float64(peak) / (1 << 20)
	b.ReportMetric(peakMB, "peak-MB")
	b.ReportMetric(float64(sink.bytes)/(1<<20), "out-MB")
	if peakMB > 200 {
		b.Errorf("peak heap %.0f MB, want well under 200 MB", peakMB)
	}
}

// TestMemoryBounded checks that the heap stays small while 300,000 URLs
// stream through: besides the 16-byte duplicate key per URL, memory must
// not grow with the number of URLs.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 300,000 URLs; make test-long runs it")
	}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	res, peak := writeGenerated(t, &discardSink{}, 300_000, Options{SiteURL: siteURL})
	if len(res.Files) != 6 {
		t.Errorf("%d files, want 6", len(res.Files))
	}
	grew := float64(peak-min(peak, base.HeapInuse)) / (1 << 20)
	t.Logf("heap grew by at most %.1f MB for 300,000 URLs", grew)
	if grew > 80 {
		t.Errorf("heap grew by %.1f MB for 300,000 URLs, want under 80 MB", grew)
	}
}
