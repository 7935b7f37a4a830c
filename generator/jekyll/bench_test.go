package jekyll

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/post"
)

// BenchmarkPages decides the URLs of 2,000 posts with a front-matter
// date (each one's date line is read again), defaults and excludes.
func BenchmarkPages(b *testing.B) {
	dir := b.TempDir()
	cfg := "timezone: Europe/Berlin\npermalink: /:categories/:year/:month/:title/\nexclude: [drafts, tmp]\n" +
		"defaults:\n  - scope: {path: _posts/blog, type: posts}\n    values: {categories: [blog]}\n"
	if err := os.WriteFile(filepath.Join(dir, "_config.yml"), []byte(cfg), 0o644); err != nil {
		b.Fatal(err)
	}
	var posts []*post.Post
	for i := range 2000 {
		src := fmt.Sprintf("_posts/blog/2024-01-%02d-post-%d.md", i%28+1, i)
		p := filepath.Join(dir, filepath.FromSlash(src))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("---\ntitle: T\ndate: 2024-01-02 10:00:00\n---\nBody.\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		posts = append(posts, &post.Post{Source: src, PublishedAt: time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC), Lines: post.Lines{"publishedAt": 3}})
	}
	s, ps, err := Open(generator.Project{Kind: generator.Jekyll, Root: dir}, Options{})
	if err != nil || s == nil {
		b.Fatal(err, ps)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		pages, _ := s.Pages(posts)
		if pages[0].Path == "" {
			b.Fatal("no path")
		}
	}
}
