package seo

import "testing"

// BenchmarkHead renders head.html for the seed-shaped page.
func BenchmarkHead(b *testing.B) {
	s, p := testSite(), seedPage()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Head(s, p, Options{TwitterSite: "@signalnoise"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGraph renders schema.jsonld for the seed-shaped page.
func BenchmarkGraph(b *testing.B) {
	s, p := testSite(), seedPage()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Graph(s, p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender renders both for the seed-shaped page, as the pipeline
// does per post.
func BenchmarkRender(b *testing.B) {
	s, p := testSite(), seedPage()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Render(s, p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
