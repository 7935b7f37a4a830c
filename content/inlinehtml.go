package content

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// Markdown is rendered safely: raw HTML is left out of the output, with a
// warning, as it may carry scripts, styles and layout that belong to the
// site's templates, not to a feed. Two kinds are kept, as a reader of the
// post sees them:
//
//   - Inline formatting that Markdown has no syntax for, written as a bare
//     tag: <kbd>Ctrl</kbd>, H<sub>2</sub>O, <mark>, <abbr title="…">,
//     <br> and the like (inlineTags). Attributes are dropped, but for an
//     abbreviation's title; a start tag needs its end tag in the same
//     paragraph, or neither is kept. The tags are written anew from what
//     an HTML parser reads, so nothing else in them passes through.
//   - HTML comments, which show nothing: they are left out without a
//     warning.

// inlineTags are the inline elements kept; true for void elements.
var inlineTags = map[string]bool{
	"abbr": false, "b": false, "cite": false, "code": false, "del": false, "dfn": false,
	"em": false, "i": false, "ins": false, "kbd": false, "mark": false, "q": false,
	"s": false, "samp": false, "small": false, "strong": false, "sub": false, "sup": false,
	"u": false, "var": false, "br": true, "wbr": true,
}

// rawKeep is the attribute of a RawHTML node that holds what to write in
// its place: the tag written anew, or nothing for a comment.
var rawKeep = []byte("seopipe-raw")

// rawHTMLExtension keeps the raw HTML above.
type rawHTMLExtension struct{}

func (rawHTMLExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(rawHTMLTransformer{}, 60)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(rawHTMLRenderer{}, 50)))
}

// rawHTMLTransformer marks the raw HTML that is kept (see above).
type rawHTMLTransformer struct{}

func (rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	// open are the kept start tags of each inline container not yet
	// matched by an end tag, innermost last.
	type tag struct {
		node *ast.RawHTML
		name string
	}
	open := map[ast.Node][]tag{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if isComment(blockText(n, src)) {
				n.SetAttribute(rawKeep, []byte(nil))
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			raw := rawText(n, src)
			if isComment(raw) {
				n.SetAttribute(rawKeep, []byte(nil))
				return ast.WalkContinue, nil
			}
			name, out, end, ok := inlineTag(raw)
			if !ok {
				return ast.WalkContinue, nil
			}
			p := n.Parent()
			switch {
			case inlineTags[name]: // void: <br>
				n.SetAttribute(rawKeep, out)
			case !end:
				n.SetAttribute(rawKeep, out)
				open[p] = append(open[p], tag{n, name})
			default:
				// The innermost open tag of that name ends here; one
				// opened inside it and still open is kept out.
				st := open[p]
				for i := len(st) - 1; i >= 0; i-- {
					if st[i].name == name {
						for _, t := range st[i+1:] {
							unmark(t.node)
						}
						open[p] = st[:i]
						n.SetAttribute(rawKeep, out)
						break
					}
				}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, st := range open {
		for _, t := range st {
			unmark(t.node)
		}
	}
}

// unmark leaves a marked tag out again (goldmark cannot remove one
// attribute): a value that is no []byte is no mark.
func unmark(n ast.Node) { n.SetAttribute(rawKeep, false) }

// keptRaw reports whether raw HTML node n is kept, and what to write in
// its place.
func keptRaw(n ast.Node) ([]byte, bool) {
	v, _ := n.Attribute(rawKeep)
	b, ok := v.([]byte)
	return b, ok
}

func rawText(n *ast.RawHTML, src []byte) []byte {
	var b []byte
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b = append(b, seg.Value(src)...)
	}
	return b
}

func blockText(n *ast.HTMLBlock, src []byte) []byte {
	var b []byte
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b = append(b, seg.Value(src)...)
	}
	if n.HasClosure() {
		b = append(b, n.ClosureLine.Value(src)...)
	}
	return b
}

// isComment reports whether b is one HTML comment and nothing else but
// white space.
func isComment(b []byte) bool {
	b = bytes.TrimSpace(b)
	return bytes.HasPrefix(b, []byte("<!--")) && bytes.HasSuffix(b, []byte("-->")) &&
		len(b) >= len("<!---->") && !bytes.Contains(b[4:len(b)-3], []byte("-->"))
}

// inlineTag reads raw, one tag, as an HTML parser does, and returns the
// element's name, the tag written anew, and whether it is an end tag; ok
// is false when raw is no tag of inlineTags.
func inlineTag(raw []byte) (name string, out []byte, end, ok bool) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	tt := z.Next()
	if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
		return "", nil, false, false
	}
	tok := z.Token()
	if z.Next() != html.ErrorToken { // more than one token
		return "", nil, false, false
	}
	name = tok.Data
	void, known := inlineTags[name]
	if !known || tt == html.SelfClosingTagToken && !void {
		return "", nil, false, false
	}
	if tt == html.EndTagToken {
		if void {
			return "", nil, false, false
		}
		return name, []byte("</" + name + ">"), true, true
	}
	var b strings.Builder
	b.WriteString("<" + name)
	if name == "abbr" {
		for _, a := range tok.Attr {
			if a.Namespace == "" && a.Key == "title" {
				b.WriteString(` title="` + html.EscapeString(a.Val) + `"`)
				break
			}
		}
	}
	b.WriteString(">")
	return name, []byte(b.String()), false, true
}

// rawHTMLRenderer writes kept raw HTML; the rest as goldmark's safe
// renderer does.
type rawHTMLRenderer struct{}

func (rawHTMLRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindRawHTML, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			writeRaw(w, n)
		}
		return ast.WalkSkipChildren, nil
	})
	r.Register(ast.KindHTMLBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, kept := keptRaw(n); entering && !kept {
			_, _ = w.WriteString("<!-- raw HTML omitted -->\n")
		}
		return ast.WalkSkipChildren, nil
	})
}

func writeRaw(w util.BufWriter, n ast.Node) {
	b, ok := keptRaw(n)
	if !ok {
		_, _ = w.WriteString("<!-- raw HTML omitted -->")
		return
	}
	_, _ = w.Write(b)
}

func isKept(n ast.Node) bool {
	_, ok := keptRaw(n)
	return ok
}
