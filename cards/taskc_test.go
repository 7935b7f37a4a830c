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

// TestTaskCTiming renders the peers' Task C cards (100 cards 1200×630 PNG,
// 2 at a time) and reports cards/s, bytes/card and the time split. It runs
// only when SEOPIPE_TASKC names the input JSON; make it with
//
//	NODE_DIR=/tmp/peers/node node /work/shared/peers/node/cards-input.cjs /tmp/peers/corpus-r/posts 100 > /tmp/peers/cards.json
//
// and set SEOPIPE_TASKC_OUT=DIR to keep the PNGs.
func TestTaskCTiming(t *testing.T) {
	file := os.Getenv("SEOPIPE_TASKC")
	if file == "" {
		t.Skip("set SEOPIPE_TASKC=/tmp/peers/cards.json to run Task C")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cards []taskCInput
	if err := json.Unmarshal(data, &cards); err != nil {
		t.Fatal(err)
	}
	th, err := LoadTheme("testdata/taskc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := os.Getenv("SEOPIPE_TASKC_OUT")
	r := NewRenderer(dejavu(t))
	var (
		mu                 sync.Mutex
		total              int
		bg, text, enc, cpu time.Duration
		warned             int
		kinds              = map[string]int{}
	)
	start := time.Now()
	next := make(chan taskCInput)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for c := range next {
				res, err := r.Render(context.Background(), Input{
					Title: c.Title, Category: c.Category, Author: c.Author, Date: c.Date, SiteName: "example.blog",
				}, th, Options{})
				if err != nil {
					t.Error(err)
					continue
				}
				if out != "" {
					os.WriteFile(filepath.Join(out, c.Slug+".png"), res.Data, 0o644)
				}
				mu.Lock()
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
	wall := time.Since(start)
	n := len(cards)
	pct := func(d time.Duration) float64 { return 100 * float64(d) / float64(cpu) }
	t.Logf("Task C: %d cards in %.2f s: %.1f cards/s, %d bytes/card, %d cards with warnings", n, wall.Seconds(), float64(n)/wall.Seconds(), total/n, warned)
	t.Logf("warnings: %v", kinds)
	t.Logf("time per card (worker time): background %.1f ms (%.0f %%), glyphs %.1f ms (%.0f %%), encoding %.1f ms (%.0f %%)",
		ms(bg)/float64(n), pct(bg), ms(text)/float64(n), pct(text), ms(enc)/float64(n), pct(enc))
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
