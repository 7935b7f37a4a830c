package content

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/seopipe/seopipe/post"
)

// markdown is the shared converter: GFM, footnotes ("text[^1]" and
// "[^1]: note", as GitHub, Hugo and Jekyll's kramdown read them) and the
// image shortcode. A goldmark Markdown is safe for concurrent use;
// per-document state lives in the parser.Context.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote, shortcodeExtension{}, rawHTMLExtension{}),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// mdxMarkdown is markdown for .mdx posts, which have no indented code
// blocks: text indented inside a component (<Card>\n\tText\n</Card>)
// is a paragraph.
var mdxMarkdown = goldmark.New(
	goldmark.WithParser(parser.NewParser(
		parser.WithBlockParsers(mdxBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)),
	goldmark.WithExtensions(extension.GFM, extension.Footnote, shortcodeExtension{}, rawHTMLExtension{}),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// mdxBlockParsers are goldmark's block parsers without the indented code
// block's, and with a paragraph parser that takes indented lines.
func mdxBlockParsers() []util.PrioritizedValue {
	code := fmt.Sprintf("%T", parser.NewCodeBlockParser())
	para := fmt.Sprintf("%T", parser.NewParagraphParser())
	var out []util.PrioritizedValue
	for _, p := range parser.DefaultBlockParsers() {
		switch fmt.Sprintf("%T", p.Value) {
		case code:
			continue
		case para:
			p.Value = indentedParagraphs{p.Value.(parser.BlockParser)}
		}
		out = append(out, p)
	}
	return out
}

// indentedParagraphs is a paragraph parser that opens on an indented line.
type indentedParagraphs struct{ parser.BlockParser }

func (indentedParagraphs) CanAcceptIndentedLine() bool { return true }

// stateKey holds a *docState in the parser.Context of one document.
var stateKey = parser.NewContextKey()

// docState is what the shortcode parser found in one document.
type docState struct {
	errs []shortcodeError
}

type shortcodeError struct {
	offset int
	msg    string
}

// KindShortcode is the AST kind of an image shortcode.
var KindShortcode = ast.NewNodeKind("ImageShortcode")

// shortcodeNode is an image shortcode in the AST. As the only content of a
// paragraph it becomes a block (a <figure>); inside text it stays inline (an <img>).
type shortcodeNode struct {
	ast.BaseInline
	Shortcode
	offset int
	block  bool
}

func (n *shortcodeNode) Kind() ast.NodeKind { return KindShortcode }

func (n *shortcodeNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Src": n.Src}, nil)
}

// figureNode wraps a shortcode that stood alone in its paragraph.
type figureNode struct {
	ast.BaseBlock
}

var kindFigure = ast.NewNodeKind("ImageFigure")

func (n *figureNode) Kind() ast.NodeKind { return kindFigure }

func (n *figureNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type shortcodeExtension struct{}

func (shortcodeExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(shortcodeParser{}, 50)),
		parser.WithASTTransformers(util.Prioritized(figureTransformer{}, 50)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer{}, 50)))
}

type shortcodeParser struct{}

func (shortcodeParser) Trigger() []byte { return []byte{'{'} }

func (shortcodeParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !IsShortcodeStart(string(line)) {
		return nil
	}
	sc, n, err := ParseShortcode(string(line))
	if err != nil {
		if st, ok := pc.Get(stateKey).(*docState); ok {
			st.errs = append(st.errs, shortcodeError{offset: seg.Start, msg: err.Error()})
		}
		return nil
	}
	block.Advance(n)
	return &shortcodeNode{Shortcode: sc, offset: seg.Start}
}

// figureTransformer lifts a shortcode that is the only thing in its paragraph
// out of the paragraph, so it renders as <figure> rather than <p><figure>.
type figureTransformer struct{}

func (figureTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var lift []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		p, ok := n.(*ast.Paragraph)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var sc *shortcodeNode
		only := true
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *shortcodeNode:
				if sc != nil {
					only = false
				}
				sc = c
			case *ast.Text:
				if len(bytes.TrimSpace(c.Value(src))) != 0 {
					only = false
				}
			default:
				only = false
			}
		}
		if sc != nil && only {
			lift = append(lift, p)
		}
		return ast.WalkSkipChildren, nil
	})
	for _, p := range lift {
		var sc *shortcodeNode
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			if s, ok := c.(*shortcodeNode); ok {
				sc = s
			}
		}
		sc.block = true
		fig := &figureNode{}
		fig.SetLines(p.Lines())
		p.RemoveChild(p, sc)
		fig.AppendChild(fig, sc)
		p.Parent().ReplaceChild(p.Parent(), p, fig)
	}
}

type shortcodeRenderer struct{}

func (shortcodeRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(KindShortcode, renderShortcode)
	r.Register(kindFigure, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil // the child writes the <figure>
	})
}

func renderShortcode(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*shortcodeNode)
	if n.block {
		_, _ = w.WriteString("<figure>")
	}
	_, _ = w.WriteString(`<img src="` + html.EscapeString(n.Src) + `" alt="` + html.EscapeString(n.Alt) + `"`)
	if n.Width > 0 {
		_, _ = w.WriteString(` width="` + strconv.Itoa(n.Width) + `"`)
	}
	if n.Height > 0 {
		_, _ = w.WriteString(` height="` + strconv.Itoa(n.Height) + `"`)
	}
	if n.Title != "" {
		_, _ = w.WriteString(` title="` + html.EscapeString(n.Title) + `"`)
	}
	_, _ = w.WriteString(` loading="lazy" decoding="async">`)
	if n.block {
		if n.Caption != "" {
			_, _ = w.WriteString("<figcaption>" + html.EscapeString(n.Caption) + "</figcaption>")
		}
		_, _ = w.WriteString("</figure>\n")
	}
	return ast.WalkSkipChildren, nil
}

// body is the result of reading a Markdown body.
type body struct {
	// src is the source the offsets below are in: the body as given, or
	// with its templates taken out (line ends are kept, so lines agree).
	src []byte
	// notes are warnings, at lines of the body.
	notes   []bodyNote
	html    string
	images  []bodyImage
	summary string
	words   int
	errs    []shortcodeError
	// rawHTML are the offsets of raw HTML that goldmark's safe renderer
	// leaves out, for a warning.
	rawHTML []int
	// partialURLs are the lines (of the body, 1-based) of templates taken
	// out of a part of a link or image URL (templateEdit.partialURLs).
	partialURLs []int
}

// parseBody parses src with a fresh parser context, as MDX when mdx is set.
func parseBody(src []byte, mdx bool) (ast.Node, *docState) {
	st := &docState{}
	pc := parser.NewContext(parser.WithIDs(&headingIDs{seen: map[string]bool{}}))
	pc.Set(stateKey, st)
	md := markdown
	if mdx {
		md = mdxMarkdown
	}
	return md.Parser().Parse(text.NewReader(src), parser.WithContext(pc)), st
}

// bodyOptions say how to read a body.
type bodyOptions struct {
	skipHTML bool // parse for the text, images and problems only
	// sep is the post's excerpt_separator when given (see dividers).
	sep      string
	sepGiven bool
	mdx      bool // an .mdx file: see mdx.go
	liquid   bool // a Jekyll post, whose Liquid tags are templates
}

// bodyNote is a warning at a line of the body (1-based).
type bodyNote struct {
	line int
	msg  string
}

// renderBody parses and (unless o.skipHTML) renders src.
func renderBody(src []byte, o bodyOptions) (*body, error) {
	if o.mdx {
		src = dropESM(src)
	}
	doc, st := parseBody(src, o.mdx)
	b := &body{src: src}
	strip := func(src []byte, doc ast.Node) *templateEdit { return stripTemplates(src, doc, o.liquid) }
	if o.mdx {
		strip = stripJSX
	}
	if ed := strip(src, doc); ed != nil {
		for _, n := range ed.notes {
			b.notes = append(b.notes, bodyNote{line: lineAt(src, n.offset), msg: n.msg})
		}
		for _, off := range ed.partialURLs {
			b.partialURLs = append(b.partialURLs, lineAt(src, off))
		}
		src = ed.src
		b.src = src
		doc, st = parseBody(src, o.mdx)
		if ed.emptiedURL {
			unwrapEmptyURLs(doc)
		}
	}
	b.errs = st.errs
	cut := dividers(doc, src, o.sep, o.sepGiven)
	if !o.skipHTML {
		var buf bytes.Buffer
		buf.Grow(len(src) + len(src)/4)
		if err := markdown.Renderer().Render(&buf, src, doc); err != nil {
			return nil, err
		}
		b.html = buf.String()
	}
	var all, before strings.Builder // before: the text before the cut
	reached := cut < 0
	inNotes := false // in the footnotes: counted, never the summary
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*east.FootnoteList); ok {
			inNotes = entering
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			if n.Segments.Len() > 0 && !isKept(n) {
				b.rawHTML = append(b.rawHTML, n.Segments.At(0).Start)
			}
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 && !isKept(n) {
				b.rawHTML = append(b.rawHTML, n.Lines().At(0).Start)
			}
		case *shortcodeNode:
			b.images = append(b.images, bodyImage{post.InlineImage{Src: n.Src, Alt: n.Alt, Width: n.Width, Height: n.Height,
				Title: n.Title, Caption: n.Caption, Kind: "shortcode"}, n.offset})
		case *ast.Image:
			b.images = append(b.images, bodyImage{post.InlineImage{Src: string(n.Destination), Alt: plainText(n, src),
				Title: string(n.Title), Kind: "markdown"}, nodeOffset(n)})
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.Heading, *east.TableCell, *ast.TextBlock:
			// A TextBlock is the text of a tight list's item.
			t := plainText(n, src)
			if _, isPara := n.(*ast.Paragraph); isPara && b.summary == "" && !inNotes && strings.TrimSpace(t) != "" &&
				!importsOnly(n, src) {
				b.summary = t
			}
			all.WriteString(t)
			all.WriteByte(' ')
			if !reached && !inNotes {
				var pre string
				pre, reached = plainTextTo(n, src, cut)
				before.WriteString(pre)
				before.WriteByte(' ')
			}
			// Walk on into the children, for the images among them.
		}
		return ast.WalkContinue, nil
	})
	if cut >= 0 && strings.TrimSpace(before.String()) != "" {
		b.summary = before.String()
	}
	b.words = CountWords(all.String())
	return b, nil
}

// bodyImage is an image of the body and its byte offset in the body's
// source, which Parse turns into its line.
type bodyImage struct {
	post.InlineImage
	offset int
}

// nodeOffset finds a byte offset for n: its own position, else its first
// text child's, else its block's first line.
func nodeOffset(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

// plainText is the text of n's inline content without markup; soft line
// breaks become spaces; images and shortcodes are left out.
func plainText(n ast.Node, src []byte) string {
	t, _ := plainTextTo(n, src, -1)
	return t
}

// plainTextTo is plainText up to the source offset limit (none when
// negative), and whether the text reached it.
func plainTextTo(n ast.Node, src []byte, limit int) (string, bool) {
	var b strings.Builder
	reached := false
	// past reports whether a segment starting at start lies beyond the limit.
	past := func(start int) bool {
		if limit >= 0 && start >= limit {
			reached = true
		}
		return reached
	}
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil && !reached; c = c.NextSibling() {
			if p := c.Pos(); p >= 0 && past(p) {
				return
			}
			switch c := c.(type) {
			case *ast.Text:
				seg := c.Segment
				if past(seg.Start) {
					return
				}
				if limit >= 0 && seg.Stop > limit {
					seg.Stop = limit
					reached = true
				}
				b.WriteString(decodeText(seg.Value(src)))
				if !reached && (c.SoftLineBreak() || c.HardLineBreak()) {
					b.WriteByte(' ')
				}
			case *ast.String:
				if c.IsCode() || c.IsRaw() {
					b.Write(c.Value)
				} else {
					b.WriteString(decodeText(c.Value))
				}
			case *ast.CodeSpan:
				// Literal: "&amp;" in `code` is shown as written.
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if t, ok := t.(*ast.Text); ok && !past(t.Segment.Start) {
						b.Write(bytes.TrimSuffix(t.Value(src), []byte("\n")))
						if bytes.HasSuffix(t.Value(src), []byte("\n")) {
							b.WriteByte(' ')
						}
					}
				}
			case *ast.AutoLink:
				b.Write(c.Label(src))
			case *ast.RawHTML:
				// Left out, but a line break is a space between words:
				// "a<br>b" is "a b", not "ab".
				if segs := c.Segments; segs.Len() > 0 && brTagRE.Match(src[segs.At(0).Start:segs.At(0).Stop]) {
					b.WriteByte(' ')
				}
			case *shortcodeNode, *ast.Image:
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String(), reached
}

// decodeText is the text a Markdown text segment shows: entity and numeric
// character references decoded ("&amp;" is "&", "&nbsp;" U+00A0) and
// backslash escapes dropped ("\\*" is "*"), exactly as goldmark's HTML
// writer reads them: it writes them escaped for HTML, and that is undone.
func decodeText(v []byte) string {
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\\') < 0 {
		return string(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	ghtml.DefaultWriter.Write(w, v)
	_ = w.Flush()
	return html.UnescapeString(buf.String())
}

// brTagRE matches a <br> tag, in any case, with or without a slash.
var brTagRE = regexp.MustCompile(`(?i)^<br\s*/?>$`)

// footnoteRefRE matches a footnote reference, "[^label]".
var footnoteRefRE = regexp.MustCompile(`\[\^[^\]\s]+\]`)

// headingIDs makes heading ids with Slugify, so letters outside ASCII are
// kept ("Déjà vu" → "déjà-vu", a Japanese heading keeps its characters)
// where goldmark's default drops them. Repeats get "-1", "-2", ….
type headingIDs struct {
	seen map[string]bool
}

func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	// value is the heading's source text: a footnote reference in it
	// ("## Results[^1]") is no part of the heading's name.
	base := post.Slugify(footnoteRefRE.ReplaceAllString(string(value), ""))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; h.seen[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.seen[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.seen[string(value)] = true }
