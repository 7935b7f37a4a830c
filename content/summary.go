package content

import (
	"bytes"
	"strings"

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
