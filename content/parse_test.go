package content

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// TestParseBadInput feeds Parse one broken file per case and checks the
// problem it reports: its line in the file and what its message says.
func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		line     int
		field    string
		substr   string
		wantPost bool // whether a (partial) Post comes back
	}{
		{
			name:   "unterminated YAML front matter",
			src:    "---\ntitle: Hello\nslug: hello\n\nBody text.\n",
			line:   1,
			substr: "unterminated front matter: no closing ---",
		},
		{
			name:   "unterminated TOML front matter",
			src:    "+++\ntitle = \"Hello\"\n\nBody text.\n",
			line:   1,
			substr: "unterminated front matter: no closing +++",
		},
		{
			name:   "opening delimiter alone",
			src:    "---",
			line:   1,
			substr: "unterminated front matter",
		},
		{
			name:   "no front matter",
			src:    "# Just Markdown\n\nNo front matter here.\n",
			line:   1,
			substr: "no front matter",
		},
		{
			// The 4th line of the file is the 3rd of the block: the error
			// must be reported on the file's line.
			name:   "YAML syntax error (scanner)",
			src:    "---\ntitle: Hello\nslug: hello\nbad: key: value\n---\nBody.\n",
			line:   4,
			substr: "invalid YAML front matter: mapping values are not allowed",
		},
		{
			// yaml.v3 numbers the lines of parser errors from 0.
			name:   "YAML syntax error (parser)",
			src:    "---\ntitle: Hello\nslug: hello\ntags: [a, b\n---\nBody.\n",
			line:   4,
			substr: "did not find expected ',' or ']'",
		},
		{
			name:   "YAML unterminated quote",
			src:    "---\ntitle: Hello\nslug: hello\nexcerpt: \"no end\n---\nBody.\n",
			line:   4,
			substr: "invalid YAML front matter",
		},
		{
			name:   "YAML list instead of a mapping",
			src:    "---\n- title\n- slug\n---\nBody.\n",
			line:   2,
			substr: "front matter must be a mapping",
		},
		{
			name:   "YAML scalar instead of a mapping",
			src:    "---\n\njust a sentence\n---\nBody.\n",
			line:   3,
			substr: "front matter must be a mapping",
		},
		{
			name:   "JSON syntax error",
			src:    "{\n  \"title\": \"Hello\",\n  \"slug\": \"hello\"\n  \"tags\": []\n}\nBody.\n",
			line:   4,
			substr: "invalid JSON front matter: invalid character '\"' after object key:value pair",
		},
		{
			name:   "JSON newline inside a string",
			src:    "{\n  \"title\": \"Hello\",\n  \"excerpt\": \"broken\nstring\"\n}\nBody.\n",
			line:   3,
			substr: "in string literal",
		},
		{
			name:   "unterminated JSON front matter",
			src:    "{\n  \"title\": \"Hello\",\n  \"slug\": \"hello\"\n",
			line:   1,
			substr: "unterminated JSON front matter",
		},
		{
			name:   "unclosed JSON front matter before the body",
			src:    "{\n  \"title\": \"Hello\",\n  \"slug\": \"hello\"\n\nBody.\n",
			line:   5,
			substr: "invalid character 'B' after object key:value pair",
		},
		{
			name:   "TOML syntax error",
			src:    "+++\ntitle = \"Hello\"\nslug = \"hello\"\ndraft = \n+++\nBody.\n",
			line:   4,
			substr: "invalid TOML front matter: expected value",
		},
		{
			name:   "TOML duplicate key",
			src:    "+++\ntitle = \"Hello\"\nslug = \"a\"\nslug = \"b\"\n+++\nBody.\n",
			line:   4,
			substr: "invalid TOML front matter",
		},
		{
			name:   "invalid UTF-8",
			src:    "---\ntitle: Hello\nslug: hello\n---\n\nGood line.\nBad \xff byte.\n",
			line:   7,
			substr: "invalid UTF-8 (byte 0xff",
		},
		{
			name:     "missing title (YAML)",
			src:      "---\nslug: hello\n---\nBody.\n",
			line:     1,
			field:    "title",
			substr:   "missing: every post needs a title",
			wantPost: true,
		},
		{
			name:     "missing title (TOML)",
			src:      "+++\nslug = \"hello\"\n+++\nBody.\n",
			line:     1,
			field:    "title",
			substr:   "missing: every post needs a title",
			wantPost: true,
		},
		{
			name:     "missing title (JSON)",
			src:      "{\"slug\": \"hello\"}\nBody.\n",
			line:     1,
			field:    "title",
			substr:   "missing: every post needs a title",
			wantPost: true,
		},
		{
			name:     "empty title",
			src:      "---\nslug: hello\ntitle: \"  \"\n---\nBody.\n",
			line:     3,
			field:    "title",
			substr:   "is empty: every post needs a title",
			wantPost: true,
		},
		{
			name:     "null title",
			src:      "---\nslug: hello\ntitle:\n---\nBody.\n",
			line:     3,
			field:    "title",
			substr:   "is empty: every post needs a title",
			wantPost: true,
		},
		{
			name:     "impossible date",
			src:      "---\ntitle: Hello\ndate: 2025-13-45\n---\nBody.\n",
			line:     3,
			field:    "date",
			substr:   `invalid date "2025-13-45": month out of range`,
			wantPost: true,
		},
		{
			name:     "tags is a number",
			src:      "---\ntitle: Hello\nslug: hello\ntags: 5\n---\nBody.\n",
			line:     4,
			field:    "tags",
			substr:   "must be a list of texts, got number 5",
			wantPost: true,
		},
		{
			name:     "slug climbs out",
			src:      "---\ntitle: Hello\nslug: ../../etc/x\n---\nBody.\n",
			line:     3,
			field:    "slug",
			substr:   "must not contain /",
			wantPost: true,
		},
		{
			name:   "binary file",
			src:    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
			line:   0,
			substr: "binary file (NUL byte at offset 8)",
		},
		{
			name:   "empty file",
			src:    "",
			line:   0,
			substr: "file is empty",
		},
		{
			name:   "whitespace-only file",
			src:    " \n\t\n\r\n  \n",
			line:   0,
			substr: "file is empty",
		},
		{
			name:     "malformed shortcode",
			src:      "---\ntitle: Hello\nslug: hello\n---\n\nIntro.\n\n{{image: https://example.com/a.jpg, width: abc}}\n",
			line:     8,
			field:    "body",
			substr:   `width: must be a whole number of pixels from 1 to 100000, got "abc"`,
			wantPost: true,
		},
		{
			name:     "markdown image with javascript URL",
			src:      "---\ntitle: Hello\n---\n![x](javascript:alert(1))\n",
			line:     4,
			field:    "body",
			substr:   `has scheme "javascript"`,
			wantPost: true,
		},
		{
			name:     "canonical not absolute",
			src:      "---\ntitle: Hello\ncanonical: /posts/hello/\n---\nBody.\n",
			line:     3,
			field:    "canonical",
			substr:   "must be an absolute http(s) URL",
			wantPost: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/hello.md", []byte(tt.src), testOpts())
			if got := p != nil; got != tt.wantPost {
				t.Errorf("got Post %v, want %v", got, tt.wantPost)
			}
			if !diag.HasErrors(ps) {
				t.Errorf("HasErrors = false, want true; problems: %s", problemList(ps))
			}
			pr := wantProblem(t, ps, tt.line, tt.substr)
			if pr.Message != "" {
				if pr.Field != tt.field {
					t.Errorf("problem %q: got field %q, want %q", pr.Error(), pr.Field, tt.field)
				}
				if pr.Path != "posts/hello.md" {
					t.Errorf("problem %q: got path %q, want %q", pr.Error(), pr.Path, "posts/hello.md")
				}
				if pr.Severity != diag.Error {
					t.Errorf("problem %q: got severity %d, want Error", pr.Error(), pr.Severity)
				}
			}
		})
	}
}

// TestParseYAMLAliasBomb checks that the billion-laughs document (9 levels of
// 9 aliases, 9^9 values once expanded) is refused quickly and without
// expanding it.
func TestParseYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: Laughs\n")
	b.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for c := 'b'; c <= 'i'; c++ {
		prev := string(c - 1)
		fmt.Fprintf(&b, "%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	b.WriteString("---\nBody.\n")
	src := []byte(b.String())

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	p, ps := Parse("bomb.md", src, testOpts())
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	if p != nil {
		t.Errorf("got a Post, want nil for an alias bomb")
	}
	pr := wantProblem(t, ps, 8, "alias")
	if pr.Message != "" && !strings.Contains(pr.Message, "over 100000 values") {
		t.Errorf("got message %q, want it to name the limit of 100000 values", pr.Message)
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v, want well under 2s", elapsed)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("allocated %d MiB, want under 64 MiB", alloc>>20)
	}
}

// TestParseYAMLStringBomb checks a bomb of few nodes but much text: a long
// string aliased 10×10×10 times would be 60 MB once written out.
func TestParseYAMLStringBomb(t *testing.T) {
	src := "---\ntitle: Strings\n" +
		"a: &a \"" + strings.Repeat("x", 60_000) + "\"\n" +
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
		"d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
		"---\nBody.\n"
	p, ps := Parse("bomb.md", []byte(src), testOpts())
	if p != nil {
		t.Errorf("got a Post, want nil for an alias bomb")
	}
	wantProblem(t, ps, 5, "front matter expands to over 4 MiB of text (a YAML alias bomb?)")

	// A long string used once is fine.
	src = "---\ntitle: Long\nnote: \"" + strings.Repeat("x", 900_000) + "\"\nsame: [*n]\n---\nx\n"
	src = strings.Replace(src, "note: ", "note: &n ", 1)
	if p, ps := Parse("long.md", []byte(src), testOpts()); p == nil || diag.HasErrors(ps) {
		t.Errorf("got problems %s for a long string, want none", problemList(ps))
	}
}

// TestParseHugeFrontMatter checks that a 50 MB front matter is refused
// before a parser sees it, in every format.
func TestParseHugeFrontMatter(t *testing.T) {
	const size = 50 << 20
	line := "key: " + strings.Repeat("x", 70) + "\n"
	yamlBlock := strings.Repeat(line, size/len(line))
	tests := []struct {
		name string
		src  string
		line int
	}{
		{"YAML, many lines", "---\ntitle: Big\n" + yamlBlock + "---\nBody.\n", 1},
		{"YAML, one line", "---\ntitle: " + strings.Repeat("x", size) + "\n---\nBody.\n", 1},
		{"TOML", "+++\ntitle = \"" + strings.Repeat("x", size) + "\"\n+++\nBody.\n", 1},
		{"JSON", "{\"title\": \"" + strings.Repeat("x", size) + "\"}\nBody.\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			p, ps := Parse("big.md", []byte(tt.src), testOpts())
			if p != nil {
				t.Errorf("got a Post, want nil")
			}
			wantProblem(t, ps, tt.line, "front matter is over the 1024 KiB limit")
			// Linear work on 50 MB takes 0.2 s, 1.5 s under -race, more
			// on a loaded CI machine; quadratic work would take hours.
			if d := time.Since(start); d > time.Minute {
				t.Errorf("took %v, want well under a minute", d)
			}
		})
	}
}

// TestParseBOMAndCRLF checks that a byte-order mark and Windows line ends
// change neither the fields nor the lines reported.
func TestParseBOMAndCRLF(t *testing.T) {
	src := "\uFEFF---\r\ntitle: Hello\r\nslug: hello\r\ntags:\r\n  - a\r\n  - b\r\n---\r\n\r\nIntro text.\r\n\r\n![pic](/img/a.png)\r\n\r\n{{image: /img/b.png, width: 0}}\r\n"
	p, ps := Parse("posts/hello.md", []byte(src), testOpts())
	if p == nil {
		t.Fatalf("got nil Post; problems: %s", problemList(ps))
	}
	type summary struct {
		Title, Slug string
		Tags        []string
		Lines       map[string]int
		Images      []string
	}
	got := summary{Title: p.Title, Slug: p.Slug, Tags: p.Tags, Lines: p.Lines}
	for _, img := range p.InlineImages {
		got.Images = append(got.Images, fmt.Sprintf("%s:%d", img.Src, img.Line))
	}
	want := summary{
		Title: "Hello", Slug: "hello", Tags: []string{"a", "b"},
		Lines:  map[string]int{"title": 2, "slug": 3, "tags": 4},
		Images: []string{"/img/a.png:11"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("BOM+CRLF post mismatch (-want +got):\n%s", d)
	}
	if strings.Contains(p.HTML, "\r") {
		t.Errorf("got HTML %q, want no CR in it", p.HTML)
	}
	wantProblem(t, ps, 13, "width: must be a whole number")
}

// TestParseSummary checks the summary derived from the body when the front
// matter gives no excerpt, and that an excerpt wins over it.
func TestParseSummary(t *testing.T) {
	long := strings.Repeat("lorem ipsum dolor ", 20) // 360 characters
	cjk := strings.Repeat("日本語の文章です。", 30)           // 270 characters
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "excerpt wins",
			src:  "---\ntitle: T\nexcerpt: Given excerpt.\n---\nFirst paragraph.\n",
			want: "Given excerpt.",
		},
		{
			name: "description is an excerpt",
			src:  "---\ntitle: T\ndescription: Given description.\n---\nFirst paragraph.\n",
			want: "Given description.",
		},
		{
			name: "first paragraph, markup dropped",
			src:  "---\ntitle: T\n---\n# Heading\n\n{{image: /a.png, alt: A}}\n\nThe **first** [real](https://example.com) `paragraph`\nwraps here.\n\nSecond paragraph.\n",
			want: "The first real paragraph wraps here.",
		},
		{
			name: "image-only paragraph skipped",
			src:  "---\ntitle: T\n---\n![alt](/a.png)\n\nText after the image.\n",
			want: "Text after the image.",
		},
		{
			name: "long text cut at a word",
			src:  "---\ntitle: T\n---\n" + long + "\n",
			want: strings.Repeat("lorem ipsum dolor ", 8) + "lorem ipsum…",
		},
		{
			name: "CJK text cut between characters",
			src:  "---\ntitle: T\n---\n" + cjk + "\n",
			want: string([]rune(cjk)[:SummaryLength-1]) + "…",
		},
		{
			name: "no text",
			src:  "---\ntitle: T\n---\n```\ncode only\n```\n",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte(tt.src), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if p.Summary != tt.want {
				t.Errorf("got summary %q, want %q", p.Summary, tt.want)
			}
			if n := utf8.RuneCountInString(p.Summary); n > SummaryLength {
				t.Errorf("got a summary of %d characters, want at most %d", n, SummaryLength)
			}
		})
	}
}

// TestParseWordCount checks what the body's word count includes: paragraphs,
// headings, list items (tight and loose), block quotes and table cells; not
// code blocks, HTML or image alt texts.
func TestParseWordCount(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		words       int
		readingTime int
	}{
		{"empty body", "", 0, 0},
		{"paragraph", "One two three.\n", 3, 1},
		{"heading and paragraph", "## Two words\n\nThree more words.\n", 5, 1},
		{"tight list", "- one two\n- three\n", 3, 1},
		{"loose list", "- one two\n\n- three\n", 3, 1},
		{"block quote", "> quoted words here\n", 3, 1},
		{"table", "| a b | c |\n|---|---|\n| d | e f |\n", 6, 1},
		{"code block left out", "Words.\n\n```go\nfunc main() {}\n```\n", 1, 1},
		{"image alt left out", "Two words ![many alt words here](/a.png)\n", 2, 1},
		{"CJK", "夜のサーバー\n", 6, 1},
		{"221 words", strings.Repeat("word ", 221) + "\n", 221, 2},
		{"440 words", strings.Repeat("word ", 440) + "\n", 440, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte("---\ntitle: T\n---\n"+tt.body), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if p.WordCount != tt.words {
				t.Errorf("got WordCount %d, want %d", p.WordCount, tt.words)
			}
			if p.ReadingTime != tt.readingTime {
				t.Errorf("got ReadingTime %d, want %d", p.ReadingTime, tt.readingTime)
			}
		})
	}
}

// TestParseSection checks _index.md files: section pages, which need no title
// and get no slug from their file name.
func TestParseSection(t *testing.T) {
	tests := []struct {
		rel     string
		section bool
	}{
		{"_index.md", true},
		{"blog/_index.md", true},
		{"blog/_index.markdown", true},
		{`blog\_index.md`, true},
		{"blog/not_index.md", false},
		{"blog/index.md", false},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			p, ps := Parse(tt.rel, []byte("---\ndescription: A section.\n---\nIntro.\n"), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if p.Section != tt.section {
				t.Errorf("got Section %v, want %v", p.Section, tt.section)
			}
			if got := diag.HasErrors(ps); got == tt.section {
				t.Errorf("got HasErrors %v, want %v; problems: %s", got, !tt.section, problemList(ps))
			}
			if tt.section && p.Slug != "" {
				t.Errorf("got slug %q for a section, want none", p.Slug)
			}
		})
	}
}

// TestParseSkipHTML checks that SkipHTML renders nothing and still finds
// the images, the shortcode errors, the summary and the words.
func TestParseSkipHTML(t *testing.T) {
	src := "---\ntitle: Hello\n---\n\nSome intro words.\n\n{{image: https://example.com/a.jpg, width: 800, height: 450, alt: \"A\"}}\n\n![B](/b.png)\n\n{{image: https://example.com/c.jpg, colour: red}}\n"
	full, fullProblems := Parse("posts/hello.md", []byte(src), testOpts())
	opts := testOpts()
	opts.SkipHTML = true
	p, ps := Parse("posts/hello.md", []byte(src), opts)
	if p == nil || full == nil {
		t.Fatalf("got nil Post; problems: %s", problemList(ps))
	}
	if p.HTML != "" {
		t.Errorf("got HTML %q, want none with SkipHTML", p.HTML)
	}
	if full.HTML == "" {
		t.Errorf("got no HTML without SkipHTML, want some")
	}
	if d := cmp.Diff(fullProblems, ps); d != "" {
		t.Errorf("problems differ with SkipHTML (-without +with):\n%s", d)
	}
	wantProblem(t, ps, 11, `unknown key "colour"`)
	full.HTML = ""
	if d := cmp.Diff(full, p); d != "" {
		t.Errorf("Post differs with SkipHTML, HTML aside (-without +with):\n%s", d)
	}
	type img struct {
		Src  string
		Kind string
		Line int
	}
	var got []img
	for _, i := range p.InlineImages {
		got = append(got, img{i.Src, i.Kind, i.Line})
	}
	want := []img{
		{"https://example.com/a.jpg", "shortcode", 7},
		{"/b.png", "markdown", 9},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("images mismatch (-want +got):\n%s", d)
	}
}

// TestParseProblemFormat checks Problem.Error, SortProblems and HasErrors.
func TestParseProblemFormat(t *testing.T) {
	tests := []struct {
		p    diag.Problem
		want string
	}{
		{diag.Problem{Path: "a.md", Line: 3, Field: "title", Message: "is empty"}, "a.md:3: title: is empty"},
		{diag.Problem{Path: "a.md", Line: 0, Field: "slug", Message: "bad"}, "a.md: slug: bad"},
		{diag.Problem{Path: "a.md", Line: 7, Message: "broken"}, "a.md:7: broken"},
		{diag.Problem{Path: "a.md", Message: "file is empty"}, "a.md: file is empty"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}

	ps := []diag.Problem{
		{Path: "b.md", Line: 1, Message: "x"},
		{Path: "a.md", Line: 9, Field: "tags", Message: "y"},
		{Path: "a.md", Line: 2, Field: "title", Message: "z"},
		{Path: "a.md", Line: 2, Field: "slug", Message: "w"},
		{Path: "a.md", Line: 2, Field: "slug", Message: "v"},
	}
	diag.Sort(ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	want := []string{"a.md:2: slug: v", "a.md:2: slug: w", "a.md:2: title: z", "a.md:9: tags: y", "b.md:1: x"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("SortProblems order mismatch (-want +got):\n%s", d)
	}

	hasErrors := []struct {
		name string
		ps   []diag.Problem
		want bool
	}{
		{"none", nil, false},
		{"warnings only", []diag.Problem{{Severity: diag.Warning}, {Severity: diag.Warning}}, false},
		{"one error", []diag.Problem{{Severity: diag.Warning}, {Severity: diag.Error}}, true},
	}
	for _, tt := range hasErrors {
		if got := diag.HasErrors(tt.ps); got != tt.want {
			t.Errorf("HasErrors(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestParseWarnings checks problems that do not fail the post.
func TestParseWarnings(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		line   int
		substr string
	}{
		{"image without alt", "---\ntitle: T\n---\n\n![](/a.png)\n", 5, `image "/a.png" has no alt text`},
		{"shortcode without alt", "---\ntitle: T\n---\n{{image: /a.png}}\n", 4, `image "/a.png" has no alt text`},
		{"updated before published", "---\ntitle: T\ndate: 2025-11-07\nlastmod: 2025-11-01\n---\nx\n", 4, "is before the published date"},
		{"imageAlt without image", "---\ntitle: T\nimageAlt: A cat\n---\nx\n", 3, "given, but the post has no image"},
		{"blank lastmod", "---\ntitle: T\nlastmod:\n---\nx\n", 3, "is empty: the post has no updatedAt"},
		{"empty date", "+++\ntitle = \"T\"\ndate = \"\"\n+++\nx\n", 3, "is empty: the post has no publishedAt"},
		{"null date", "{\"title\": \"T\",\n\"publishedAt\": null}\nx\n", 2, "is empty: the post has no publishedAt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte(tt.src), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if diag.HasErrors(ps) {
				t.Errorf("got errors %s, want warnings only", problemList(errorsOf(ps)))
			}
			if pr := wantProblem(t, ps, tt.line, tt.substr); pr.Message != "" && pr.Severity != diag.Warning {
				t.Errorf("problem %q: got severity %d, want Warning", pr.Error(), pr.Severity)
			}
		})
	}
}

// must find nothing shared).
func TestParseConcurrent(t *testing.T) {
	docs := [][]byte{
		[]byte("---\ntitle: A\n---\nIntro.\n\n{{image: /a.png, width: 10, alt: A}}\n\n{{image: /b.png, width: x}}\n"),
		[]byte("+++\ntitle = \"B\"\ndate = 2025-07-30\n+++\n- one\n- two ![b](/b.png)\n"),
		[]byte("{\"title\": \"C\", \"tags\": \"x, y\"}\n# C\n\nText {{image: /c.png, alt: C}} here.\n"),
	}
	type result struct {
		p  *post.Post
		ps []diag.Problem
	}
	want := make([]result, len(docs))
	for i, d := range docs {
		want[i].p, want[i].ps = Parse("posts/c.md", d, testOpts())
	}
	const workers = 8
	got := make([][]result, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range 10 {
				for _, d := range docs {
					p, ps := Parse("posts/c.md", d, testOpts())
					got[w] = append(got[w], result{p, ps})
				}
			}
		})
	}
	wg.Wait()
	for w := range workers {
		for j, r := range got[w] {
			i := j % len(docs)
			if d := cmp.Diff(want[i].p, r.p); d != "" {
				t.Fatalf("worker %d, doc %d: Post differs from a lone parse (-lone +concurrent):\n%s", w, i, d)
			}
			if d := cmp.Diff(want[i].ps, r.ps); d != "" {
				t.Fatalf("worker %d, doc %d: problems differ from a lone parse (-lone +concurrent):\n%s", w, i, d)
			}
		}
	}
}

// TestParseDeterministic parses the same TOML file (whose decoder returns a
// map) many times: Params and Lines must not depend on map order.
func TestParseDeterministic(t *testing.T) {
	src := []byte("+++\ntitle = \"T\"\nzeta = 1\nalpha = 2\nmiddle = 3\n[extra]\nx = 1\n+++\nBody.\n")
	first, _ := Parse("posts/t.md", src, testOpts())
	for range 20 {
		p, _ := Parse("posts/t.md", bytes.Clone(src), testOpts())
		if d := cmp.Diff(first, p); d != "" {
			t.Fatalf("second parse differs (-first +again):\n%s", d)
		}
	}
}
