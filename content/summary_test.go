package content

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rivo/uniseg"
)

// TestSummaryDivider: Hugo's <!--more--> and Jekyll's per-post
// excerpt_separator end the summary; the divider leaves the output
// without a warning.
func TestSummaryDivider(t *testing.T) {
	long := strings.Repeat("lorem ipsum dolor ", 20)
	tests := []struct {
		name     string
		front    string
		body     string
		summary  string
		html     string
		warnings []string // "line: message"
	}{
		{
			name:    "more on a line of its own",
			body:    "First part.\n\n## A heading\n\nSecond part.\n<!--more-->\nAfter.\n",
			summary: "First part. A heading Second part.",
			html:    "<p>First part.</p>\n<h2 id=\"a-heading\">A heading</h2>\n<p>Second part.</p>\n<p>After.</p>\n",
		},
		{
			name:    "more inside a paragraph",
			body:    "Before it<!--more--> and after.\n",
			summary: "Before it",
			html:    "<p>Before it and after.</p>\n",
		},
		{
			name:    "only the first more ends it, every one is dropped",
			body:    "One.\n\n<!--more-->\n\nTwo.\n\n<!--more-->\n",
			summary: "One.",
			html:    "<p>One.</p>\n<p>Two.</p>\n",
		},
		{
			name:    "cut to the summary length",
			body:    long + "\n\n<!--more-->\n\nAfter.\n",
			summary: strings.Repeat("lorem ipsum dolor ", 8) + "lorem ipsum…",
		},
		{
			name:    "nothing before it: the first paragraph",
			body:    "<!--more-->\n\nOnly after.\n\nMore.\n",
			summary: "Only after.",
			html:    "<p>Only after.</p>\n<p>More.</p>\n",
		},
		{
			name:    "an excerpt wins; the divider is still dropped",
			front:   "excerpt: Given.\n",
			body:    "Body.\n<!--more-->\nAfter.\n",
			summary: "Given.",
			html:    "<p>Body.</p>\n<p>After.</p>\n",
		},
		{
			name:    "in code it is text",
			body:    "Write `<!--more-->` here.\n\n```\n<!--more-->\n```\n\nEnd.\n",
			summary: "Write <!--more--> here.",
			html:    "<p>Write <code>&lt;!--more--&gt;</code> here.</p>\n<pre><code>&lt;!--more--&gt;\n</code></pre>\n<p>End.</p>\n",
		},
		{
			name:    "Hugo takes no spaces inside",
			body:    "One.\n\n<!-- more -->\n\nTwo.\n",
			summary: "One.",
			html:    "<p>One.</p>\n<p>Two.</p>\n",
		},
		{
			name:    "nor another case",
			body:    "One.\n\n<!--MORE-->\n",
			summary: "One.",
		},
		{
			name:    "footnotes after it are not before it",
			body:    "One[^1].\n\n[^1]: The note.\n\n<!--more-->\n\nTwo.\n",
			summary: "One.",
		},
		{
			name:    "Jekyll excerpt_separator, a comment",
			front:   "excerpt_separator: <!-- excerpt -->\n",
			body:    "Intro one.\n\nIntro two.\n<!-- excerpt -->\nAfter.\n",
			summary: "Intro one. Intro two.",
			html:    "<p>Intro one.</p>\n<p>Intro two.</p>\n<p>After.</p>\n",
		},
		{
			name:    "Jekyll excerpt_separator, text: it stays, outside code",
			front:   "excerpt_separator: \"[[more]]\"\n",
			body:    "Intro `[[more]]` one [[more]] rest.\n",
			summary: "Intro [[more]] one",
			html:    "<p>Intro <code>[[more]]</code> one [[more]] rest.</p>\n",
		},
		{
			name:    "Jekyll excerpt_separator rules over more",
			front:   "excerpt_separator: <!--break-->\n",
			body:    "One.\n\n<!--more-->\n\nTwo.\n\n<!--break-->\n\nThree.\n",
			summary: "One. Two.",
			html:    "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n",
		},
		{
			name:    "Jekyll's default separator is the first paragraph",
			front:   "excerpt_separator: \"\\n\\n\"\n",
			body:    "One.\n\nTwo.\n\n<!--more-->\n\nThree.\n",
			summary: "One.",
			html:    "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n",
		},
		{
			name:    "a separator not in the body: the first paragraph",
			front:   "excerpt_separator: <!--cut-->\n",
			body:    "One.\n\nTwo.\n",
			summary: "One.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: T\n" + tt.front + "---\n" + tt.body
			for _, skip := range []bool{false, true} {
				opts := testOpts()
				opts.SkipHTML = skip
				p, ps := Parse("posts/t.md", []byte(src), opts)
				if p == nil {
					t.Fatalf("got nil Post; problems: %s", problemList(ps))
				}
				if p.Summary != tt.summary {
					t.Errorf("summary %q, want %q", p.Summary, tt.summary)
				}
				if tt.html != "" && !skip {
					if d := cmp.Diff(tt.html, p.HTML); d != "" {
						t.Errorf("HTML (-want +got):\n%s", d)
					}
				}
				var got []string
				for _, pr := range ps {
					got = append(got, lineMessage(pr))
				}
				if d := cmp.Diff(tt.warnings, got); d != "" {
					t.Errorf("problems (-want +got):\n%s", d)
				}
				if p.Params != nil {
					t.Errorf("params %v, want none: excerpt_separator is read", p.Params)
				}
			}
		})
	}
}

// TestSiteExcerptSeparator: a Jekyll site's excerpt_separator (from its
// _config.yml) ends the summary of every post that sets none of its own;
// a post's own wins, blank too; a post's null is none, as in Jekyll.
func TestSiteExcerptSeparator(t *testing.T) {
	const body = "One.\n\nTwo.\n\n<!-- excerpt -->\n\nThree.\n\n<!--more-->\n\nFour. [cut] Five.\n"
	tests := []struct {
		name    string
		site    *string
		front   string
		summary string
	}{
		{"no site separator: more", nil, "", "One. Two. Three."},
		{"the site's", new("<!-- excerpt -->"), "", "One. Two."},
		{"the site's, text", new("[cut]"), "", "One. Two. Three. Four."},
		{"the site's blank: the first paragraph", new(""), "", "One."},
		{"the site's \\n\\n: the first paragraph", new("\n\n"), "", "One."},
		{"the post's wins", new("[cut]"), "excerpt_separator: <!-- excerpt -->\n", "One. Two."},
		{"the post's blank wins", new("[cut]"), "excerpt_separator: \"\"\n", "One."},
		{"the post's null is none", new("<!-- excerpt -->"), "excerpt_separator:\n", "One. Two."},
		{"the post's null without a site's: the first paragraph", nil, "excerpt_separator:\n", "One."},
		{"an excerpt wins over both", new("[cut]"), "excerpt: Given.\n", "Given."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOpts()
			opts.RootName = "_posts"
			opts.ExcerptSeparator = tt.site
			src := "---\ntitle: T\n" + tt.front + "---\n"
			p, ps := Parse("2024-05-07-t.md", []byte(src+body), opts)
			if p == nil {
				t.Fatalf("problems: %s", problemList(ps))
			}
			if p.Summary != tt.summary {
				t.Errorf("summary %q, want %q", p.Summary, tt.summary)
			}
			// <!-- excerpt -->, separator or not, is a comment: left out
			// without a warning.
			html := "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n<p>Four. [cut] Five.</p>\n"
			var warnings []string
			if d := cmp.Diff(html, p.HTML); d != "" {
				t.Errorf("HTML (-want +got):\n%s", d)
			}
			var got []string
			for _, pr := range ps {
				got = append(got, lineMessage(pr))
			}
			if d := cmp.Diff(warnings, got); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			if p.Params != nil {
				t.Errorf("params %v, want none", p.Params)
			}
		})
	}
}

func TestExcerptSeparatorNotText(t *testing.T) {
	_, ps := Parse("posts/t.md", []byte("---\ntitle: T\nexcerpt_separator: [a]\n---\nx\n"), testOpts())
	wantProblem(t, ps, 3, "must be text, got a list of 1 items")
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"short", "Short text.", 160, "Short text."},
		{"white space folded", "  a\n\tb   c  ", 160, "a b c"},
		{"exactly the limit", "abcde fghij", 11, "abcde fghij"},
		{"cut at a word", "one two three four", 12, "one two…"},
		{"punctuation trimmed before the ellipsis", "one, two, three four", 12, "one, two…"},
		{"one long word", "abcdefghijklmnop", 5, "abcd…"},
		{"CJK", "一二三四五六七八九十", 5, "一二三四…"},
		{"multi-byte word cut", "ééééééééé", 4, "ééé…"},
		{"a word boundary too early: cut in the long word", "See https://example.com/abcdefghijklmnopqrstuvwxyz for more", 20, "See https://example…"},
		{"a word boundary at half the limit", "abcdefghi jklmnopqrstuvwxyz", 20, "abcdefghi…"},
		{"combining accents stay on their letter", strings.Repeat("e\u0301", 10), 5, strings.Repeat("e\u0301", 4) + "…"},
		{"flags are not split", strings.Repeat("🇲🇹", 10), 5, strings.Repeat("🇲🇹", 4) + "…"},
		{"emoji sequences are not split", strings.Repeat("👨\u200d👩\u200d👧", 10), 5, strings.Repeat("👨\u200d👩\u200d👧", 4) + "…"},
		{"under the limit in characters, over it in code points", strings.Repeat("🇲🇹", 5), 5, strings.Repeat("🇲🇹", 5)},
		{"limit 1", "abc", 1, "…"},
		{"limit 0", "abc", 0, ""},
		{"empty", "", 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(tt.in, tt.limit)
			if got != tt.want {
				t.Errorf("Summarize(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
			if n := uniseg.GraphemeClusterCount(got); n > tt.limit {
				t.Errorf("Summarize(%q, %d) has %d characters, want at most %d", tt.in, tt.limit, n, tt.limit)
			}
		})
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"one", 1},
		{"one two  three\nfour", 4},
		{"don't stop", 2},
		{"e-mail, 2025: ok!", 4},
		{"日本語", 3},
		{"夜のサーバー", 6},
		{"한국어 text", 4},
		{"Go言語です", 5},
		{"café naïve", 2},
	}
	for _, tt := range tests {
		if got := CountWords(tt.in); got != tt.want {
			t.Errorf("CountWords(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestSummarizeLongParagraph: a long paragraph is cut from a prefix of it,
// with the very summary the whole paragraph gives, white space runs and
// multi-byte characters at the prefix's end included.
func TestSummarizeLongParagraph(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("word ", 400),
		strings.Repeat("é ", 600),
		"a" + strings.Repeat(" ", 5000) + "b",
		strings.Repeat(" ", 700) + strings.Repeat("🇲🇹", 300),
		"See https://example.com/" + strings.Repeat("a", 3000) + " for more.",
		strings.Repeat("一二三四五六七八九十", 100),
	} {
		want, _ := summarize(in, SummaryLength)
		if got := Summarize(in, SummaryLength); got != want {
			t.Errorf("Summarize(%.30q…) = %q, want %q", in, got, want)
		}
	}
}
