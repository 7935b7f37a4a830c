package cards

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// taskCInput is one card of the peers' Task C input.
type taskCInput struct {
	Slug, Title, Category, Author, Date string
}

// BenchmarkTaskC renders the peers' Task C cards (100 cards 1200×630 PNG, 2
// at a time) and reports cards/s, bytes/card and the time split; one
// iteration is every card. It runs only when SEOPIPE_TASKC names the input
// JSON; make it with
//
//	NODE_DIR=/tmp/peers/node node /work/shared/peers/node/cards-input.cjs /tmp/peers/corpus-r/posts 100 > /tmp/peers/cards.json
//
// then run
//
//	SEOPIPE_TASKC=/tmp/peers/cards.json go test -run='^$' -bench=TaskC -benchtime=1x -v ./cards
//
// and set SEOPIPE_TASKC_OUT=DIR to keep the PNGs. The warnings are logged.
func BenchmarkTaskC(b *testing.B) {
	file := os.Getenv("SEOPIPE_TASKC")
	if file == "" {
		b.Skip("set SEOPIPE_TASKC=/tmp/peers/cards.json to run Task C")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	var cards []taskCInput
	if err := json.Unmarshal(data, &cards); err != nil {
		b.Fatal(err)
	}
	th, err := LoadTheme("testdata/taskc.yaml")
	if err != nil {
		b.Fatal(err)
	}
	out := os.Getenv("SEOPIPE_TASKC_OUT")
	r := NewRenderer(dejavu(b))
	var (
		mu                 sync.Mutex
		total, rendered    int
		bg, text, enc, cpu time.Duration
		warned             int
		kinds              = map[string]int{}
	)
	for b.Loop() {
		next := make(chan taskCInput)
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for c := range next {
					res, err := r.Render(context.Background(), Input{
						Title: c.Title, Category: c.Category, Author: c.Author, Date: c.Date, SiteName: "example.blog",
					}, th, Options{})
					if err != nil {
						b.Error(err)
						continue
					}
					if out != "" {
						if err := os.WriteFile(filepath.Join(out, c.Slug+".png"), res.Data, 0o644); err != nil {
							b.Error(err)
						}
					}
					mu.Lock()
					rendered++
					total += len(res.Data)
					bg += res.stats.background
					text += res.stats.text
					enc += res.stats.encode
					cpu += res.stats.background + res.stats.text + res.stats.encode
					if len(res.Warnings) > 0 {
						warned++
					}
					for _, w := range res.Warnings {
						kind, _, _ := strings.Cut(w, " to ") // "title shrunk to 52 px" → "title shrunk"
						kind, _, _ = strings.Cut(kind, " after ")
						kind, _, _ = strings.Cut(kind, ": ")
						if strings.HasPrefix(kind, "no font has a glyph") {
							kind = "missing glyphs"
						}
						kinds[kind]++
					}
					mu.Unlock()
				}
			})
		}
		for _, c := range cards {
			next <- c
		}
		close(next)
		wg.Wait()
	}
	if rendered == 0 {
		return
	}
	n := float64(rendered)
	pct := func(d time.Duration) float64 { return 100 * float64(d) / float64(cpu) }
	b.ReportMetric(n/b.Elapsed().Seconds(), "cards/s")
	b.ReportMetric(float64(total)/n, "bytes/card")
	b.ReportMetric(float64(warned)/n*100, "%warned")
	b.ReportMetric(ms(bg)/n, "background-ms/card")
	b.ReportMetric(ms(text)/n, "glyphs-ms/card")
	b.ReportMetric(ms(enc)/n, "encode-ms/card")
	b.Logf("warnings: %v; worker time: background %.0f %%, glyphs %.0f %%, encoding %.0f %%", kinds, pct(bg), pct(text), pct(enc))
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
