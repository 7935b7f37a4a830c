package cards

import (
	"bytes"
	"context"
	"testing"
)

// benchInput is a Task C card: a long title that takes three lines.
var benchInput = Input{
	Title:    "The EU AI Act slashes the cost of SEO for AI answers despite a chip shortage in a deal worth billions",
	Category: "Cloud & Infrastructure", Author: "Priya Raman", Date: "1 Sep 2025", SiteName: "example.blog",
}

// BenchmarkCard measures a Task C card's steps: the cached background
// copied to the canvas, the text drawn over it, the PNG encoding, and the
// whole Render.
func BenchmarkCard(b *testing.B) {
	th, err := LoadTheme("testdata/taskc.yaml")
	if err != nil {
		b.Fatal(err)
	}
	r := NewRenderer(dejavu(b))
	s := sizes["og"]
	res := &Result{}
	c := r.newCard(th, s, benchInput, res)
	canvas := r.canvas(s)
	r.paintBackground(canvas, c, nil)
	b.Run("background", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res.Warnings = res.Warnings[:0]
			r.paintBackground(canvas, c, nil)
		}
	})
	b.Run("text", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res.Warnings = res.Warnings[:0]
			c.draw(canvas, benchInput)
		}
	})
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		e := new(encoder)
		var out bytes.Buffer
		for b.Loop() {
			out.Reset()
			e.encodeRGB(&out, canvas, false)
		}
		b.ReportMetric(float64(out.Len()), "bytes")
	})
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			res, err := r.Render(context.Background(), benchInput, th, Options{})
			if err != nil {
				b.Fatal(err)
			}
			n = len(res.Data)
		}
		b.ReportMetric(float64(n), "bytes")
	})
}
