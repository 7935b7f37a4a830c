package content

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// MDX (.mdx, as Astro and Next.js blogs write posts) is Markdown with
// JavaScript: ESM import/export blocks, JSX components and {expressions}.
// seopipe runs none of it. Before the body is parsed its ESM blocks are
// dropped; after a first parse, outside code, each component tag is left
// out with a warning naming its line (what it encloses stays), each
// expression too, and {/* comments */} silently; the body is then parsed
// again. Lowercase JSX elements are HTML, which the renderer leaves out
// as it does in any post. Every dropped byte leaves its line ends, so
// lines keep their numbers.

// isMDX reports whether rel names an MDX file.
func isMDX(rel string) bool {
	return strings.EqualFold(path.Ext(strings.ReplaceAll(rel, `\`, "/")), ".mdx")
}

// esmStartRE matches the line that starts an ESM block.
var esmStartRE = regexp.MustCompile(`^(?:import|export)(?:[ \t{*"']|$)`)

// fenceRE matches a line that opens or closes a fenced code block.
var fenceRE = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")

// dropESM blanks the top-level ESM blocks of an MDX body (see walkESM).
// Lines keep their line ends.
func dropESM(src []byte) []byte {
	var out []byte
	last := 0
	walkESM(src, func(start, end int, _ bool) {
		if out == nil {
			out = make([]byte, 0, len(src))
		}
		out = append(out, src[last:start]...)
		last = end // the line end stays
	})
	if out == nil {
		return src
	}
	return append(out, src[last:]...)
}

// walkESM calls line with the start and end (its line end, or len(src))
// of each line of the top-level ESM blocks of an MDX body: a line
// starting with import or export after a blank line (or first), up to the
// next blank line, as MDX reads them, outside fenced code. stmt is set on
// a line that starts a statement: the block's first, or one where no
// bracket or template literal of the lines before it is open.
func walkESM(src []byte, line func(start, end int, stmt bool)) {
	fence := ""
	inESM, prevBlank := false, true
	var esm esmDepth // of the ESM block being walked
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		ln := src[off:end]
		blank := len(bytes.Trim(ln, " \t")) == 0
		switch {
		case inESM:
			// A blank line ends the block, but not inside an unfinished
			// statement ({ or ( open, a template literal), as MDX reads it.
			inESM = !blank || esm.open()
			if inESM {
				stmt := !esm.open()
				esm.scan(ln)
				line(off, end, stmt)
			}
		case fence != "":
			if m := fenceRE.FindSubmatch(ln); m != nil && m[1][0] == fence[0] && len(m[1]) >= len(fence) &&
				len(bytes.Trim(ln[len(m[0]):], " \t")) == 0 {
				fence = ""
				blank = true // what follows starts a block, as after a blank line
			}
		case fenceRE.Match(ln):
			fence = string(fenceRE.FindSubmatch(ln)[1])
		case prevBlank && esmStartRE.Match(ln):
			inESM = true
			esm = esmDepth{}
			esm.scan(ln)
			line(off, end, true)
		}
		prevBlank = blank
		off = end + 1
	}
}

// stripJSX takes MDX's components, expressions and comments out of src,
// whose first parse is doc. It returns nil when there are none.
func stripJSX(src []byte, doc ast.Node) *templateEdit {
	if bytes.IndexByte(src, '{') < 0 && !jsxComponentRE.Match(src) {
		return nil
	}
	code := skipRanges(doc, false)
	ed := &templateEdit{}
	var out bytes.Buffer
	last := 0
	drop := func(start, end int) {
		out.Write(src[last:start])
		out.WriteString(strings.Repeat("\n", bytes.Count(src[start:end], []byte("\n"))))
		last = end
	}
	opened := map[string]int{}
	for i := 0; i < len(src); {
		j := bytes.IndexAny(src[i:], "<{")
		if j < 0 {
			break
		}
		pos := i + j
		i = pos + 1
		if inRanges(code, pos) {
			continue
		}
		if src[pos] == '{' {
			end := jsxEnd(src, pos, '{')
			if end < 0 {
				continue
			}
			i = end
			if IsShortcodeStart(string(src[pos:min(end, pos+64)])) {
				continue // seopipe's own {{image: …}}, no JavaScript
			}
			expr := strings.TrimSpace(string(src[pos+1 : end-1]))
			drop(pos, end)
			if !strings.HasPrefix(expr, "/*") || !strings.HasSuffix(expr, "*/") {
				ed.notes = append(ed.notes, templateNote{offset: pos, msg: fmt.Sprintf(
					"mdx expression {%s} is left out of the output: seopipe does not run JavaScript", clip(strings.Join(strings.Fields(expr), " "), 40))})
			}
			continue
		}
		m := jsxTagRE.FindSubmatch(src[pos:])
		if m == nil || len(m[2]) == 0 && m[0][len(m[0])-1] != '>' {
			continue // not a tag, or "< b": a fragment is "<>" or "</>"
		}
		end := jsxEnd(src, pos, '<')
		if end < 0 {
			continue
		}
		i = end
		closing, name := len(m[1]) > 0, string(m[2])
		if name != "" && !isUpper(name[0]) {
			continue // an HTML element: the renderer leaves it out
		}
		drop(pos, end)
		switch {
		case name == "": // a fragment, <> or </>
		case closing && opened[name] > 0:
			opened[name]--
		default:
			if !closing && !bytes.HasSuffix(bytes.TrimRight(src[pos:end-1], " \t\n"), []byte("/")) {
				opened[name]++
			}
			ed.notes = append(ed.notes, templateNote{offset: pos, msg: fmt.Sprintf(
				"mdx component <%s%s> is left out of the output: seopipe does not run components", m[1], name)})
		}
	}
	if last == 0 && out.Len() == 0 {
		return nil
	}
	out.Write(src[last:])
	ed.src = out.Bytes()
	return ed
}

var (
	// jsxTagRE matches the start of a JSX tag: "<", "/" for an end tag,
	// and a name (none for a fragment).
	jsxTagRE       = regexp.MustCompile(`^<(/?)([A-Za-z][A-Za-z0-9_.:-]*)?[\s/>{]`)
	jsxComponentRE = regexp.MustCompile(`</?[A-Z]`)
)

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// jsxEnd returns the end of the tag ('<') or expression ('{') starting at
// src[pos]: past its closing ">" or "}" outside quotes and nested braces.
// It returns -1 for one that does not end within maxTagBytes or before a
// blank line.
func jsxEnd(src []byte, pos int, kind byte) int {
	depth := 0
	var quote byte
	limit := min(len(src), pos+maxTagBytes)
	for i := pos + 1; i < limit; i++ {
		c := src[i]
		switch {
		case c == '\n' && blankLineAt(src, i+1):
			return -1
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			if kind == '<' && depth == 0 && c == '`' {
				continue
			}
			quote = c
		case c == '{':
			depth++
		case c == '}':
			if depth == 0 && kind == '{' {
				return i + 1
			}
			depth--
		case c == '>' && kind == '<' && depth == 0:
			return i + 1
		}
	}
	return -1
}

// blankLineAt reports whether the line starting at src[i] is white space
// only, and ends with a line end.
func blankLineAt(src []byte, i int) bool {
	for ; i < len(src); i++ {
		switch src[i] {
		case '\n':
			return true
		case ' ', '\t':
		default:
			return false
		}
	}
	return false
}

// importsRE matches JavaScript import statements only.
var importsRE = regexp.MustCompile(`^\s*(?:import\s+(?:[\w$*{}\s,]+?\s+from\s*)?["'][^"'\n]+["'];?\s*)+$`)

// importsOnly reports whether the paragraph n is JavaScript import lines
// only ("import X from '../x.astro'"): the first lines of an MDX body
// written in a .md file, read as text there, but no summary.
func importsOnly(n ast.Node, src []byte) bool {
	lines := n.Lines()
	if lines.Len() == 0 {
		return false
	}
	if first := lines.At(0); !bytes.HasPrefix(first.Value(src), []byte("import")) {
		return false
	}
	var raw []byte
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw = append(raw, seg.Value(src)...)
	}
	return importsRE.Match(raw)
}

// esmDepth follows an ESM block's brackets and template literals over its
// lines, roughly: enough to tell a statement that goes on past a blank line
// (an object literal with a blank line in it) from one that has ended.
// Quoted strings and // comments are skipped on each line.
type esmDepth struct {
	depth    int
	template bool // inside a `template literal`
}

func (e *esmDepth) open() bool { return e.depth > 0 || e.template }

func (e *esmDepth) scan(line []byte) {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case e.template:
			if c == '\\' {
				i++
			} else if c == '`' {
				e.template = false
			}
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '`':
			e.template = true
		case c == '/' && i+1 < len(line) && line[i+1] == '/':
			return
		case c == '{' || c == '(' || c == '[':
			e.depth++
		case c == '}' || c == ')' || c == ']':
			if e.depth > 0 {
				e.depth--
			}
		}
	}
}
