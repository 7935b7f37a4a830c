package content

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// readSeed returns the seed post, skipping the test when it is not there.
func readSeed(t testing.TB) []byte {
	t.Helper()
	src, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed post not found at %s: ../shared is not beside this checkout", seedPath)
	}
	return src
}

func TestSeedPost(t *testing.T) {
	src := readSeed(t)
	for _, skipHTML := range []bool{false, true} {
		name := "html"
		if skipHTML {
			name = "skipHTML"
		}
		t.Run(name, func(t *testing.T) {
			opts := ParseOptions{Location: malta, DefaultLang: "en", SkipHTML: skipHTML}
			p, ps := Parse("posts/openai-aws-partnership-biggest-tech-deal.md", src, opts)
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if diag.HasErrors(ps) {
				t.Errorf("got errors %s, want none", problemList(errorsOf(ps)))
			}

			type fields struct {
				Slug, Title, Excerpt, Published, Author, Category string
				Tags, Keywords                                    []string
				Featured, Draft                                   bool
				MetaTitle, MetaDescription, Lang, Format          string
			}
			got := fields{
				Slug: p.Slug, Title: p.Title, Excerpt: p.Excerpt,
				Published: rfc(p.PublishedAt), Author: p.Author, Category: p.Category,
				Tags: p.Tags, Keywords: p.Keywords, Featured: p.Featured, Draft: p.Draft,
				MetaTitle: p.MetaTitle, MetaDescription: p.MetaDescription, Lang: p.Lang, Format: p.Format,
			}
			want := fields{
				Slug:      "openai-aws-partnership-biggest-tech-deal",
				Title:     "OpenAI AWS mega-partnership reshapes AI compute wars",
				Excerpt:   "OpenAI and AWS just announced potentially the biggest tech partnership ever seen. Here's what this seismic shift means for the trillion-dollar AI infrastructure battle.",
				Published: time.Date(2025, 11, 7, 0, 0, 0, 0, malta).Format(time.RFC3339),
				Author:    "Marco Grima",
				Category:  "Cloud & Infrastructure",
				Tags: []string{
					"OpenAI AWS Partnership", "AI Infrastructure Wars", "Cloud Computing",
					"GPU Market Shift", "Enterprise AI Deployment",
				},
				Keywords: []string{
					"OpenAI AWS partnership", "AI infrastructure", "cloud computing",
					"AI chip competition", "enterprise AI",
				},
				Featured:        true,
				MetaTitle:       "OpenAI AWS Partnership - AI Infrastructure Wars Explode",
				MetaDescription: "OpenAI and AWS announce potentially the biggest tech partnership ever. Here's why it breaks Nvidia GPU monopoly and reshapes the trillion-dollar AI infrastructure market.",
				Lang:            "en",
				Format:          FormatYAML,
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("seed fields mismatch (-want +got):\n%s", d)
			}
			if p.PublishedAt.Location() != malta {
				t.Errorf("got PublishedAt in %s, want %s", p.PublishedAt.Location(), malta)
			}
			if p.Summary != p.Excerpt {
				t.Errorf("got Summary %q, want the excerpt", p.Summary)
			}

			if p.Image == nil {
				t.Fatalf("got no image, want the hero image")
			}
			if !strings.HasPrefix(p.Image.Src, "https://image.pollinations.ai/") || !strings.Contains(p.Image.Src, "?width=1200") {
				t.Errorf("got image src %q, want https://image.pollinations.ai/… with ?width=1200", p.Image.Src)
			}
			if p.Image.Line != 14 || p.Lines["image"] != 14 {
				t.Errorf("got image line %d (Lines %d), want 14", p.Image.Line, p.Lines["image"])
			}

			if len(p.InlineImages) != 1 {
				t.Fatalf("got %d inline images (%+v), want 1", len(p.InlineImages), p.InlineImages)
			}
			img := p.InlineImages[0]
			type inline struct {
				Width, Height, Line int
				Alt, Kind           string
			}
			if d := cmp.Diff(inline{800, 450, 32, "OpenAI AWS partnership announcement", "shortcode"},
				inline{img.Width, img.Height, img.Line, img.Alt, img.Kind}); d != "" {
				t.Errorf("inline image mismatch (-want +got):\n%s", d)
			}
			if !strings.HasPrefix(img.Src, "https://image.pollinations.ai/prompt/OpenAI%20AWS") || !strings.Contains(img.Src, "?width=800&height=450") {
				t.Errorf("got inline image src %q, want the pollinations URL with ?width=800&height=450", img.Src)
			}

			if p.WordCount < 900 || p.WordCount > 980 { // 936 when written
				t.Errorf("got WordCount %d, want about 940", p.WordCount)
			}
			if p.ReadingTime != (p.WordCount+WordsPerMinute-1)/WordsPerMinute {
				t.Errorf("got ReadingTime %d for %d words, want %d", p.ReadingTime, p.WordCount, (p.WordCount+WordsPerMinute-1)/WordsPerMinute)
			}
			if skipHTML {
				if p.HTML != "" {
					t.Errorf("got HTML with SkipHTML, want none")
				}
				return
			}
			for _, w := range []string{
				`<h2 id="the-deal-that-changes-everything">The Deal That Changes Everything</h2>`,
				`<figure><img src="https://image.pollinations.ai/prompt/OpenAI%20AWS`,
				`&amp;nologo=true`,
				`alt="OpenAI AWS partnership announcement" width="800" height="450" loading="lazy" decoding="async"></figure>`,
				"<hr>",
			} {
				if !strings.Contains(p.HTML, w) {
					t.Errorf("got HTML without %q", w)
				}
			}
			if strings.Contains(p.HTML, "{{image") || strings.Contains(p.HTML, "<p><figure>") {
				t.Errorf("got HTML with the raw shortcode or <p><figure>")
			}
		})
	}
}
