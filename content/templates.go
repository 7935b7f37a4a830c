package content

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Hugo shortcodes ({{< name >}}, {{% name %}}) and Liquid tags ({% tag %})
// and outputs ({{ page.title }}) are the site generator's templates in a
// post's body. seopipe runs no templates: each one outside code is left out
// of the body with a warning naming its line, so that it shows neither in
// the HTML nor in the summary. Code spans and code blocks are literal, and
// the native image shortcode, {{image: …}}, is not a template.
//
// Three Liquid blocks are kept as Jekyll renders them, without a warning:
// {% raw %}…{% endraw %} keeps its content as written (templates in it
// are text), {% comment %}…{% endcomment %} is left out whole, and
// {% highlight lang %}…{% endhighlight %} (and Hugo's {{< highlight lang >}})
// becomes a fenced code block when its tags stand on lines of their own.
//
// The templates are found in the source, outside the code and raw HTML of
// a first parse, and taken out of it (a removed tag leaves its line ends,
// so every line keeps its number); the body is then parsed again.

// maxTagBytes bounds the search for a tag's end: a tag is short, and an
// unclosed "{{" must not make the scan quadratic.
const maxTagBytes = 4096

// templateNote is a warning about a template at an offset of the source.
type templateNote struct {
	offset int
	msg    string
}

// tmplTag is a template tag found in the source.
type tmplTag struct {
	start, end int
	// open is "{{<", "{{%", "{%" or "{{"; name is the shortcode's or tag's
	// name ("/notice" and "endif" close a block) or an output's expression.
	open, name string
	args       string // what follows the name
	escaped    bool   // Hugo's {{</* x */>}}: the text {{< x >}}
}

func (t tmplTag) String() string {
	switch t.open {
	case "{{<":
		return "{{< " + t.name + " >}}"
	case "{{%":
		return "{{% " + t.name + " %}}"
	case "{%":
		return "{% " + t.name + " %}"
	}
	return "{{ " + clip(t.name, 40) + " }}"
}

// kind names the tag for a message.
func (t tmplTag) kind() string {
	switch t.open {
	case "{{<", "{{%":
		return "hugo shortcode"
	case "{%":
		return "liquid tag"
	}
	return "liquid output"
}

var (
	hugoNameRE   = regexp.MustCompile(`^/?[A-Za-z0-9_][A-Za-z0-9_./-]*$`)
	liquidNameRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
	codeLangRE   = regexp.MustCompile(`^[A-Za-z0-9_+#.-]+$`)
	// blockEndRE match the tags that end the blocks read whole.
	blockEndRE = map[string]*regexp.Regexp{
		"raw":            liquidEndRE("raw"),
		"comment":        liquidEndRE("comment"),
		"highlight":      liquidEndRE("highlight"),
		"hugo highlight": regexp.MustCompile(`\{\{[<%]\s*/\s*highlight\s*[>%]\}\}`),
	}
)

// hasTemplate reports whether src may hold a template: the cheap test
// before any work.
func hasTemplate(src []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '{')
		if j < 0 || i+j+1 >= len(src) {
			return false
		}
		i += j
		if c := src[i+1]; c == '%' || c == '{' && !IsShortcodeStart(string(src[i:min(len(src), i+64)])) {
			return true
		}
		i++
	}
}

// readTag reads the template tag starting at src[pos], if there is one.
func readTag(src []byte, pos int) (tmplTag, bool) {
	rest := src[pos:min(len(src), pos+maxTagBytes)]
	t := tmplTag{start: pos}
	var closer string
	switch {
	case bytes.HasPrefix(rest, []byte("{{<")), bytes.HasPrefix(rest, []byte("{{%")):
		t.open = string(rest[:3])
		closer = map[byte]string{'<': ">}}", '%': "%}}"}[rest[2]]
	case bytes.HasPrefix(rest, []byte("{%")):
		t.open, closer = "{%", "%}"
	case bytes.HasPrefix(rest, []byte("{{")):
		if pos > 0 && src[pos-1] == '{' || IsShortcodeStart(string(rest[:min(len(rest), 64)])) {
			return t, false
		}
		t.open, closer = "{{", "}}"
	default:
		return t, false
	}
	end := bytes.Index(rest[len(t.open):], []byte(closer))
	if end < 0 {
		return t, false
	}
	inner := string(rest[len(t.open) : len(t.open)+end])
	t.end = pos + len(t.open) + end + len(closer)
	if hasBlankLine(inner) {
		return t, false
	}
	if t.open == "{{<" || t.open == "{{%" {
		if s := strings.TrimSpace(inner); len(s) >= 4 && strings.HasPrefix(s, "/*") && strings.HasSuffix(s, "*/") {
			t.escaped = true
			inner = s[2 : len(s)-2]
		}
	}
	inner = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(inner, "-"), "-")) // Liquid's {%- -%}
	if inner == "" {
		return t, false
	}
	if t.open == "{{" {
		if strings.ContainsAny(inner, "{}") {
			return t, false
		}
		t.name = strings.Join(strings.Fields(inner), " ")
		return t, true
	}
	name, args, _ := strings.Cut(strings.Join(strings.Fields(inner), " "), " ")
	if t.open == "{{<" || t.open == "{{%" {
		if name == "/" { // {{< / notice >}}
			name, args, _ = strings.Cut(args, " ")
			name = "/" + name
		}
		if !hugoNameRE.MatchString(name) {
			return t, false
		}
	} else if !liquidNameRE.MatchString(name) {
		return t, false
	}
	t.name, t.args = name, args
	return t, true
}

// hasBlankLine reports whether s has a line of white space only after its
// first line end: a tag never spans a paragraph break.
func hasBlankLine(s string) bool {
	i := strings.IndexByte(s, '\n')
	if i < 0 {
		return false
	}
	lines := strings.Split(s[i+1:], "\n")
	for _, line := range lines[:len(lines)-1] { // the last runs on to the tag's end
		if strings.Trim(line, " \t") == "" {
			return true
		}
	}
	return false
}

// skipRanges are the byte ranges of doc's code and, with html, its raw
// HTML, sorted.
func skipRanges(doc ast.Node, html bool) [][2]int {
	var out [][2]int
	lines := func(n ast.Node) {
		for i := 0; i < n.Lines().Len(); i++ {
			s := n.Lines().At(i)
			out = append(out, [2]int{s.Start, s.Stop})
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan:
			first, last := n.FirstChild(), n.LastChild()
			if f, ok := first.(*ast.Text); ok {
				if l, ok := last.(*ast.Text); ok {
					out = append(out, [2]int{f.Segment.Start, l.Segment.Stop})
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock:
			if n.Info != nil {
				out = append(out, [2]int{n.Info.Segment.Start, n.Info.Segment.Stop})
			}
			lines(n)
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			lines(n)
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if html {
				lines(n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			for i := 0; html && i < n.Segments.Len(); i++ {
				s := n.Segments.At(i)
				out = append(out, [2]int{s.Start, s.Stop})
			}
		}
		return ast.WalkContinue, nil
	})
	slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	return out
}

// inRanges reports whether pos lies in one of the sorted ranges.
func inRanges(rs [][2]int, pos int) bool {
	i, _ := slices.BinarySearchFunc(rs, pos, func(r [2]int, p int) int {
		if r[0] > p {
			return 1
		}
		return -1
	})
	// rs[i-1] is the last range starting at or before pos.
	return i > 0 && pos < rs[i-1][1]
}

// templateEdit is what stripTemplates did to a source.
type templateEdit struct {
	src   []byte
	notes []templateNote
	// emptiedURL is set when a link or image URL was a template only:
	// the parse of src has links and images without a URL to unwrap.
	emptiedURL bool
	// partialURLs are the offsets of templates taken out of a part of a
	// link or image URL ("{{ site.baseurl }}/a.png" is now "/a.png").
	partialURLs []int
}

// stripTemplates takes the templates out of src, whose first parse is doc
// (see the comment at the top of this file). It returns nil when src has
// none. Liquid's are taken out only when liquid is set, for a Jekyll post:
// Hugo, Astro and Next.js show "{{ x }}" and "{% y %}" as written, and a
// post about Vue or Jinja has them as text.
func stripTemplates(src []byte, doc ast.Node, liquid bool) *templateEdit {
	if !hasTemplate(src) {
		return nil
	}
	skip := skipRanges(doc, true)
	ed := &templateEdit{}
	var out bytes.Buffer
	last := 0 // src[:last] is written to out
	// replace writes src[last:start], then with, and moves last to end.
	replace := func(start, end int, with string) {
		out.Write(src[last:start])
		out.WriteString(with)
		last = end
	}
	// drop replaces src[start:end] with its line ends only.
	drop := func(start, end int) {
		replace(start, end, strings.Repeat("\n", bytes.Count(src[start:end], []byte("\n"))))
	}
	note := func(t tmplTag, format string, args ...any) {
		ed.notes = append(ed.notes, templateNote{offset: t.start, msg: fmt.Sprintf(format, args...)})
	}
	opened := map[string]int{} // names of open blocks warned about
	// unclosed are the blocks whose end is nowhere after one's start: nor
	// after a later one's, so it is not looked for again.
	unclosed := map[*regexp.Regexp]bool{}
	findEnd := func(re *regexp.Regexp, from int) []int {
		if unclosed[re] {
			return nil
		}
		loc := re.FindIndex(src[from:])
		unclosed[re] = loc == nil
		return loc
	}
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '{')
		if j < 0 {
			break
		}
		pos := i + j
		i = pos + 1
		inCode := inRanges(skip, pos)
		t, ok := readTag(src, pos)
		if !ok || inCode && !t.escaped || !liquid && (t.open == "{%" || t.open == "{{") {
			continue
		}
		i = t.end
		hugo := t.open == "{{<" || t.open == "{{%"
		switch {
		case t.escaped:
			// In code too: Hugo reads shortcodes before Markdown, so code
			// is where the escape is written most.
			// Hugo writes {{</* x */>}} as the text {{< x >}}.
			s := string(src[t.start:t.end])
			s = strings.Replace(s, "/*", "", 1)
			if k := strings.LastIndex(s, "*/"); k >= 0 {
				s = s[:k] + s[k+2:]
			}
			replace(t.start, t.end, s)
			continue
		case t.open == "{%" && (t.name == "raw" || t.name == "comment"):
			endRE := blockEndRE[t.name]
			loc := findEnd(endRE, t.end)
			if loc == nil {
				drop(t.start, t.end)
				note(t, "%s %s has no {%% end%s %%}: the tag is left out, and what follows it is kept", t.kind(), t, t.name)
				continue
			}
			endStart, endEnd := t.end+loc[0], t.end+loc[1]
			if t.name == "raw" {
				drop(t.start, t.end)
				out.Write(src[t.end:endStart])
				last = endStart
				drop(endStart, endEnd)
			} else {
				drop(t.start, endEnd)
			}
			i = endEnd
			continue
		case t.name == "highlight" && (t.open == "{%" || hugo):
			endRE := blockEndRE["highlight"]
			if hugo {
				endRE = blockEndRE["hugo highlight"]
			}
			loc := findEnd(endRE, t.end)
			if loc == nil {
				drop(t.start, t.end)
				note(t, "%s %s has no end tag: the tag is left out, and the code after it is read as Markdown", t.kind(), t)
				continue
			}
			endStart, endEnd := t.end+loc[0], t.end+loc[1]
			code := src[t.end:endStart]
			lang, _, _ := strings.Cut(t.args, " ")
			lang = strings.Trim(lang, `"'`)
			if ownLine(src, t.start, t.end) && ownLine(src, endStart, endEnd) && (lang == "" || codeLangRE.MatchString(lang)) {
				fence := strings.Repeat("`", max(3, longestFenceRun(code)+1))
				replace(t.start, t.end, fence+lang)
				out.Write(code)
				last = endStart
				replace(endStart, endEnd, fence)
			} else {
				drop(t.start, t.end)
				out.Write(code)
				last = endStart
				drop(endStart, endEnd)
				note(t, "%s %s is not on lines of its own with its end tag: the tags are left out, and the code is read as Markdown", t.kind(), t)
			}
			i = endEnd
			continue
		case hugo && t.name == "figure":
			if sc, ok := hugoFigure(t.args); ok {
				// A tag over several lines keeps its line ends after the
				// image, so the lines below keep their numbers.
				replace(t.start, t.end, sc+strings.Repeat("\n", bytes.Count(src[t.start:t.end], []byte("\n"))))
				continue
			}
		}
		url, whole := inURL(src, t.start, t.end)
		if whole && src[t.start-1] != '<' {
			// "](<>)" is a link or image without a URL, as is "](<>
			// "title")": ](  "title") would make the title the URL.
			replace(t.start, t.end, "<>"+strings.Repeat("\n", bytes.Count(src[t.start:t.end], []byte("\n"))))
		} else {
			drop(t.start, t.end)
		}
		// A block's end is not warned about when its start was ({{< x >}}
		// may end with {{% /x %}}).
		key := t.kind() + " " + t.name
		if hugo && strings.HasPrefix(t.name, "/") || t.open == "{%" && strings.HasPrefix(t.name, "end") {
			key = t.kind() + " " + strings.TrimPrefix(strings.TrimPrefix(t.name, "/"), "end")
			if opened[key] > 0 {
				opened[key]--
				continue
			}
		} else if t.open != "{{" {
			opened[key]++
		}
		switch {
		case whole:
			ed.emptiedURL = true
			note(t, "%s %s is the whole of a link or image URL: seopipe does not run site templates, so the image is left out, or the link keeps only its text", t.kind(), t)
		case url:
			ed.partialURLs = append(ed.partialURLs, t.start)
			note(t, "%s %s is left out of a link or image URL: seopipe does not run site templates; write the URL out in full", t.kind(), t)
		default:
			note(t, "%s %s is left out of the output: seopipe does not run site templates", t.kind(), t)
		}
	}
	if last == 0 && out.Len() == 0 {
		return nil
	}
	out.Write(src[last:])
	ed.src = out.Bytes()
	return ed
}

// liquidEndRE matches the tag that ends the Liquid block name.
func liquidEndRE(name string) *regexp.Regexp {
	return regexp.MustCompile(`\{%-?\s*end` + name + `\s*-?%\}`)
}

// ownLine reports whether src[start:end] stands alone on its line, but for
// white space, and holds no line end.
func ownLine(src []byte, start, end int) bool {
	if bytes.IndexByte(src[start:end], '\n') >= 0 {
		return false
	}
	ls := bytes.LastIndexByte(src[:start], '\n') + 1
	le := bytes.IndexByte(src[end:], '\n')
	if le < 0 {
		le = len(src) - end
	}
	return len(bytes.Trim(src[ls:start], " \t")) == 0 && len(bytes.Trim(src[end:end+le], " \t")) == 0
}

// longestFenceRun is the longest run of backticks or tildes that starts a
// line of code (after indentation): a fence around the code must be longer.
func longestFenceRun(code []byte) int {
	n := 0
	for line := range bytes.SplitSeq(code, []byte("\n")) {
		line = bytes.TrimLeft(line, " \t")
		k := 0
		for k < len(line) && line[k] == '`' {
			k++
		}
		n = max(n, k)
	}
	return n
}

// inURL reports whether the tag at src[start:end] is in a link or image
// URL, "](…" or a reference definition "[id]: …", and whether it is the
// whole URL.
func inURL(src []byte, start, end int) (url, whole bool) {
	ls := bytes.LastIndexByte(src[:start], '\n') + 1
	before := src[ls:start]
	var dest []byte
	if k := bytes.LastIndex(before, []byte("](")); k >= 0 {
		dest = before[k+2:]
	} else if m := refDefRE.FindIndex(before); m != nil {
		dest = before[m[1]:]
	} else {
		return false, false
	}
	if bytes.ContainsAny(dest, " \t)") {
		return false, false
	}
	dest = bytes.TrimPrefix(dest, []byte("<"))
	after := src[end:]
	return true, len(dest) == 0 && (len(after) == 0 || strings.IndexByte(")> \t\n", after[0]) >= 0)
}

var refDefRE = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*`)

// unwrapEmptyURLs takes the links and images that have no URL out of doc,
// keeping a link's text: their URL was a template.
func unwrapEmptyURLs(doc ast.Node) {
	var empty []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *ast.Link:
				if len(bytes.TrimSpace(n.Destination)) == 0 {
					empty = append(empty, n)
				}
			case *ast.Image:
				if len(bytes.TrimSpace(n.Destination)) == 0 {
					empty = append(empty, n)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range empty {
		p := n.Parent()
		if _, isLink := n.(*ast.Link); isLink {
			for c := n.FirstChild(); c != nil; {
				next := c.NextSibling()
				p.InsertBefore(p, n, c)
				c = next
			}
		}
		p.RemoveChild(p, n)
	}
}
