package pipeline

// Whole-site cases of how a post's body reaches the outputs: the text
// derived from it (summary, word count) and its HTML in the feeds.

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// bodySiteConfig is the smallest site: no cards, images only warned about.
const bodySiteConfig = "site: {url: https://example.com/, title: T}\ncontent: {dir: content}\ncards: {sizes: []}\nimages: {onError: warn}\n"

// feedSummaries returns each feed's summary of its only item: RSS and
// JSON Feed carry one (Atom's is the same field as RSS's).
func feedSummaries(t *testing.T, b *built) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, typ := range map[string]string{"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json"} {
		items := itemsOf(parseFeed(t, filepath.Join(b.out, name), typ))
		if len(items) != 1 {
			t.Fatalf("%s: %d items, want 1", name, len(items))
		}
		out[name] = items[0].Description
	}
	return out
}

// TestBodyEntitiesDecodedOnce: character references in the body reach the
// head tags and the feeds' summaries as the characters they stand for,
// escaped once by each output.
func TestBodyEntitiesDecodedOnce(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml":          bodySiteConfig,
		"content/posts/fish.md": md("title: Fish\ndate: 2025-10-01\n", "Fish&nbsp;&amp;&nbsp;chips &mdash; the best &lt;food&gt;.\n"),
	}, nil)
	const want = "Fish & chips — the best <food>."
	if got := b.head("fish").meta["description"]; !cmp.Equal(got, []string{want}) {
		t.Errorf("meta description %q, want %q", got, want)
	}
	if got := b.node("fish", "BlogPosting")["description"]; got != want {
		t.Errorf("JSON-LD description %q, want %q", got, want)
	}
	for name, got := range feedSummaries(t, b) {
		if got != want {
			t.Errorf("%s summary %q, want %q", name, got, want)
		}
	}
	if got := b.post("fish").WordCount; got != 5 {
		t.Errorf("word count %d, want 5", got)
	}
}
