package pipeline

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestSitemapSplit builds 50,001 tiny posts: with the home page that is
// 50,002 URLs, two more than a sitemap file may hold (rule 2), so the
// sitemap splits into sitemap-1.xml (50,000) and sitemap-2.xml (2) under
// a sitemap.xml index.
func TestSitemapSplit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 50,001 posts; make test-long runs it")
	}
	const n = 50_001
	// The posts, their SEO files and directories take about 4 KiB each
	// on tmpfs: 600 MiB or so; ask for room to spare.
	dir := scratchDir(t, 2<<30)
	// No cards: this is about the sitemap split, and 50,001 cards would
	// take minutes under the race detector.
	writeTree(t, dir, map[string]string{"seopipe.yaml": "site:\n  url: https://example.com/\n  title: Many\ncards:\n  sizes: []\n"})
	posts := filepath.Join(dir, "content")
	if err := os.MkdirAll(posts, 0o755); err != nil {
		t.Fatal(err)
	}
	// Post i is published i minutes after base: p50000 is the newest.
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	date := func(i int) time.Time { return base.Add(time.Duration(i) * time.Minute) }
	for i := range n {
		src := fmt.Sprintf("---\ntitle: P%d\ndate: %s\n---\nx\n", i, date(i).Format(time.RFC3339))
		if err := os.WriteFile(filepath.Join(posts, fmt.Sprintf("p%05d.md", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := siteOptions(t, dir, nil)
	t0 := time.Now()
	res := mustRun(t, opts)
	t.Logf("built %d posts in %s (%s in the test): %v", n, res.Elapsed.Round(time.Millisecond), time.Since(t0).Round(time.Millisecond), res.Stages)
	checkClean(t, res)
	if res.Published != n {
		t.Fatalf("%d published, want %d", res.Published, n)
	}

	var sitemaps []string
	for _, f := range res.Files {
		if matched, _ := filepath.Match("sitemap*", f); matched {
			sitemaps = append(sitemaps, f)
		}
	}
	if diff := cmp.Diff([]string{"sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"}, sitemaps); diff != "" {
		t.Fatalf("sitemap files (-want +got):\n%s", diff)
	}
	b := &built{t: t, out: opts.OutDir, res: res}
	index := readFile(t, filepath.Join(b.out, "sitemap.xml"))
	if !isIndex(index) {
		t.Fatal("sitemap.xml is not a sitemap index")
	}
	// Each entry's lastmod is the newest in its file: the newest post
	// heads sitemap-1.xml, and sitemap-2.xml holds the two oldest.
	gotIndex := [][2]string{}
	locs, lastmods := xmlTexts(t, index, nsSitemap, "loc", ""), xmlTexts(t, index, nsSitemap, "lastmod", "")
	for i := range locs {
		gotIndex = append(gotIndex, [2]string{locs[i], lastmods[i]})
	}
	wantIndex := [][2]string{
		{"https://example.com/sitemap-1.xml", date(n - 1).Format(time.RFC3339)},
		{"https://example.com/sitemap-2.xml", date(1).Format(time.RFC3339)},
	}
	if diff := cmp.Diff(wantIndex, gotIndex); diff != "" {
		t.Errorf("index entries (-want +got):\n%s", diff)
	}
	first := readFile(t, filepath.Join(b.out, "sitemap-1.xml"))
	if got := bytes.Count(first, []byte("<url>")); got != 50_000 {
		t.Errorf("sitemap-1.xml has %d URLs, want 50,000", got)
	}
	if diff := cmp.Diff([]string{"https://example.com/p00001/", "https://example.com/p00000/"}, b.locs("sitemap-2.xml")); diff != "" {
		t.Errorf("sitemap-2.xml (-want +got):\n%s", diff)
	}
	if !slices.Contains(xmlTexts(t, first, nsSitemap, "loc", ""), "https://example.com/") {
		t.Error("sitemap-1.xml lacks the home page")
	}
	if robots := b.file("robots.txt"); robots != "User-agent: *\nAllow: /\n\nSitemap: https://example.com/sitemap.xml\n" {
		t.Errorf("robots.txt = %q, want it to name the index", robots)
	}

	t.Run("xsd", func(t *testing.T) {
		xmllint(t, "siteindex.xsd", filepath.Join(b.out, "sitemap.xml"))
		xmllint(t, "all.xsd", filepath.Join(b.out, "sitemap-1.xml"), filepath.Join(b.out, "sitemap-2.xml"))
	})
}
