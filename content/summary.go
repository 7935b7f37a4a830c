package content

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// moreDivider is Hugo's summary divider: the summary is what comes before
// it. Hugo takes exactly this text, in this case, without spaces inside.
const moreDivider = "<!--more-->"

// excerptSeparator reads Jekyll's per-post excerpt_separator: the text
// whose first appearance in the body ends the excerpt (readFields leaves it
// out of the post's params). A blank one is Jekyll's default, "\n\n": the
// first paragraph, which is the summary anyway. A post that sets none, or
// null, takes the site's (site, from _config.yml) when there is one, as in
// Jekyll, where a post's own wins even when blank.
func excerptSeparator(fm *frontMatter, ps *problems, site *string) (sep string, given bool) {
	f, ok := fm.get("excerpt_separator")
	if (!ok || f.value == nil) && site != nil {
		return strings.TrimSpace(*site), true
	}
	if !ok {
		return "", false
	}
	s, err := asString(f.value)
	if err != nil {
		ps.add(f.line, f.key, "%v", err)
		return "", false
	}
	return strings.TrimSpace(s), true
}

// dividers finds where the summary ends and drops the dividers from doc.
// The end is the first divider: sep when given (empty meaning the first
// paragraph, Jekyll's default), else <!--more-->. A divider standing as an
// HTML comment of its own is taken out of the output; <!--more--> is taken
// out wherever it stands outside code, since it is never meant to show. A
// sep that is text stays in the output, as Jekyll leaves it; its first
// appearance outside code ends the summary. The end is a source offset,
// or -1 when there is none.
func dividers(doc ast.Node, src []byte, sep string, given bool) int {
	want := moreDivider
	if given {
		want = sep
	}
	cut := -1
	var drop []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var segs []text.Segment
		switch n := n.(type) {
		case *ast.HTMLBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				segs = append(segs, n.Lines().At(i))
			}
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				segs = append(segs, n.Segments.At(i))
			}
		case *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		default:
			return ast.WalkContinue, nil
		}
		if len(segs) == 0 {
			return ast.WalkSkipChildren, nil
		}
		var raw []byte
		for _, seg := range segs {
			raw = append(raw, seg.Value(src)...)
		}
		t := string(bytes.TrimSpace(raw))
		if t == moreDivider || given && t == sep && sep != "" {
			drop = append(drop, n)
			if start := segs[0].Start; t == want && (cut < 0 || start < cut) {
				cut = start
			}
		}
		return ast.WalkSkipChildren, nil
	})
	var code [][2]int // code and raw HTML, where a text sep does not count
	if cut < 0 && want != "" {
		code = skipRanges(doc, true) // before the dividers go
	}
	for _, n := range drop {
		if p := n.Parent(); p != nil {
			p.RemoveChild(p, n)
		}
	}
	if cut >= 0 || want == "" {
		return cut
	}
	// A sep that is text: its first appearance outside code.
	for from := 0; from < len(src); {
		i := bytes.Index(src[from:], []byte(want))
		if i < 0 {
			break
		}
		if at := from + i; !inRanges(code, at) {
			return at
		}
		from += i + 1
	}
	return -1
}

// CountWords counts words in s: runs of letters and digits separated by
// anything else, with every Han, Hiragana, Katakana and Hangul character
// counted as a word of its own (those scripts do not separate words with spaces).
func CountWords(s string) int {
	n := 0
	in := false
	for _, r := range s {
		var word bool
		if r < utf8.RuneSelf { // ASCII fast path: most text is
			c := byte(r)
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '\''
		} else if isCJK(r) {
			n++
			in = false
			continue
		} else {
			word = unicode.IsLetter(r) || unicode.IsDigit(r) || r == '’' || unicode.Is(unicode.Mn, r)
		}
		if word && !in {
			n++
		}
		in = word
	}
	return n
}

// isCJK reports whether r is a Han, Hiragana, Katakana or Hangul character.
func isCJK(r rune) bool {
	return r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// Summarize shortens plain text to at most limit characters, as a reader
// counts them (grapheme clusters: "é" written as e and an accent, a flag, a
// family emoji are one each, and none is cut apart), cutting at a word
// boundary (or between CJK characters) and ending with "…" when cut. When
// the last word boundary comes before half the limit (a long URL after one
// word), the text is cut inside the long word instead: "See https://…" says
// more than "See…".
func Summarize(s string, limit int) string {
	if limit <= 0 {
		return ""
	}
	// A long paragraph is folded and cut from a prefix of it, which
	// decides the cut alone when it holds more than limit characters.
	if prefix := 4*limit + 64; len(s) > prefix+prefix/4 {
		for prefix > 0 && !utf8.RuneStart(s[prefix]) {
			prefix--
		}
		if t, cut := summarize(s[:prefix], limit); cut {
			return t
		}
	}
	t, _ := summarize(s, limit)
	return t
}

// summarize is Summarize, also reporting whether s was cut.
func summarize(s string, limit int) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= limit || !moreClusters(s, limit) {
		return s, false
	}
	cut, atCut := 0, 0 // byte index of the best cut so far, and the characters before it
	end := 0           // byte index after limit-1 characters
	state := -1
	for count := 0; count < limit-1 && end < len(s); count++ { // leave room for the ellipsis
		var cluster string
		cluster, state = firstCluster(s[end:], state)
		if r, _ := utf8.DecodeRuneInString(cluster); r == ' ' {
			cut, atCut = end, count
		} else if isCJK(r) {
			cut, atCut = end+len(cluster), count+1
		}
		end += len(cluster)
	}
	if cut == 0 || atCut < (limit-1)/2 {
		cut = end
	}
	return strings.TrimRight(s[:cut], " ,;:.-–—") + "…", true
}

// moreClusters reports whether s has more than n grapheme clusters,
// reading no further than the n+1st: summaries are taken from paragraphs
// of any length.
func moreClusters(s string, n int) bool {
	state := -1
	for i := 0; i <= n; i++ {
		if s == "" {
			return false
		}
		var c string
		c, state = firstCluster(s, state)
		s = s[len(c):]
	}
	return true
}

// firstCluster is uniseg.FirstGraphemeClusterInString's cluster and state,
// for s without CR (Summarize folds white space): an ASCII character
// followed by another (or by nothing) is a cluster of its own, found
// without uniseg, whose tables cost ten times as much.
func firstCluster(s string, state int) (string, int) {
	if s[0] < utf8.RuneSelf && (len(s) == 1 || s[1] < utf8.RuneSelf) {
		return s[:1], -1
	}
	c, _, _, st := uniseg.FirstGraphemeClusterInString(s, state)
	return c, st
}
