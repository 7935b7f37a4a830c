package feed

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// benchHTML is a post body of about 4 KB: paragraphs with relative and
// absolute links, and an inline image with a srcset.
func benchHTML() string {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "<h2 id=\"s%d\">Section %d: what changes now</h2>\n", i, i+1)
		b.WriteString("<p>The <strong>timing matters</strong> here, and it is not just another deal &ndash; it is a " +
			"<em>fundamental reshuffling</em> of the <a href=\"https://example.com/story\">whole landscape</a>, " +
			"as <a href=\"../earlier-post/\">an earlier post</a> said. Companies can negotiate instead of " +
			"accept, and prices will come down while performance improves for everyone.</p>\n")
		if i == 2 {
			b.WriteString("<p><img src=\"images/chart.png\" alt=\"A chart\" " +
				"srcset=\"images/chart-800.png 800w, images/chart-1600.png 1600w\" width=\"800\" height=\"450\"></p>\n")
		}
	}
	return b.String()
}

// benchPages returns n pages shaped like real posts, newest first.
func benchPages(n int) []*site.Page {
	body := benchHTML()
	start := time.Date(2025, 11, 7, 9, 0, 0, 0, time.UTC)
	authors := []site.Author{ana}
	pages := make([]*site.Page, n)
	for i := range pages {
		u := fmt.Sprintf("https://example.com/blog/posts/post-%d/", i)
		img := &site.Image{URL: u + "hero.jpg", Width: 1200, Height: 630, Bytes: 81234, MIME: "image/jpeg", Alt: "Hero"}
		pages[i] = &site.Page{
			Post: &post.Post{
				Slug:        fmt.Sprintf("post-%d", i),
				Title:       fmt.Sprintf("A benchmark post about cloud infrastructure, number %d", i),
				Summary:     "A representative post for the benchmark, with an excerpt about as long as real ones.",
				PublishedAt: start.Add(-time.Duration(i) * time.Hour),
				Categories:  []string{"Cloud & Infrastructure"},
				Tags:        []string{"Cloud Computing", "AI Infrastructure", "GPU Market", "Data Centers"},
			},
			URL:     u,
			HTML:    body,
			Authors: authors,
			Image:   img,
			Images:  []site.Image{*img},
		}
	}
	return pages
}

func BenchmarkRSS(b *testing.B) {
	pages := benchPages(10_000)
	o := testOptions(formats[0])
	b.ReportAllocs()
	for b.Loop() {
		if err := RSS(io.Discard, pages, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAbsoluteHTML(b *testing.B) {
	body := benchHTML()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AbsoluteHTML(body, postURL); err != nil {
			b.Fatal(err)
		}
	}
}
