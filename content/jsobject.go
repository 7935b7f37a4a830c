package content

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A strict reader of the JavaScript object literals that MDX files export
// as their metadata (export const metadata = { … }): keys bare, quoted or
// numeric; values '…', "…" and `…` strings (without ${}), numbers, true,
// false, null, arrays and nested objects; trailing commas; // and /* */
// comments. It runs nothing and guesses nothing: any other value (a
// variable, a call, new Date(…), an interpolated template, an expression)
// is read as a jsSkipped holding its text, and a spread, computed key,
// shorthand or method as an entry with no key, for the caller to report.
// Text that is no JavaScript at all (an unterminated string, a missing
// comma) fails the whole literal with the line where reading stopped.

// jsObject is an object literal's entries in source order, repeats kept.
type jsObject struct {
	entries []jsEntry
}

// jsEntry is one member of an object literal.
type jsEntry struct {
	key   string // "" for a member that is not key: value (value is then a jsSkipped)
	line  int    // of the key, or of the member
	value any    // string, int64, float64, bool, nil, []any, *jsObject or jsSkipped
}

// jsSkipped is a value (or member) the reader does not evaluate.
type jsSkipped struct {
	text string // its source, white space collapsed
	line int
}

// maxJSDepth caps how deeply arrays and objects nest.
const maxJSDepth = 64

// jsReader reads one literal of src, counting lines from line 1 at src[0].
type jsReader struct {
	src []byte
	pos int
	nl  []int // offsets of the line ends in src, for lineOf
}

func newJSReader(src []byte) *jsReader {
	r := &jsReader{src: src}
	for i, c := range src {
		if c == '\n' {
			r.nl = append(r.nl, i)
		}
	}
	return r
}

// lineOf returns the 1-based line of offset off.
func (r *jsReader) lineOf(off int) int {
	n, _ := slices.BinarySearch(r.nl, off)
	return n + 1
}

func (r *jsReader) fail(off int, format string, args ...any) *lineError {
	return &lineError{line: r.lineOf(min(off, len(r.src))), msg: fmt.Sprintf(format, args...)}
}

// readObject reads the object literal at r.pos (after white space and
// comments), leaving r.pos past its closing brace. What follows it on its
// line must end the statement: nothing, a comment, ";" or ",".
func (r *jsReader) readObject() (*jsObject, error) {
	if err := r.space(); err != nil {
		return nil, err
	}
	if r.peek() != '{' {
		return nil, r.fail(r.pos, "is not an object literal { … }")
	}
	o, err := r.object(0)
	if err != nil {
		return nil, err
	}
	if end := r.pos; !r.statementEnds() {
		return nil, r.fail(end, "is not a plain object literal: %s follows it", r.shownAt(r.pos))
	}
	return o, nil
}

// statementEnds skips spaces and comments on the line, and reports
// whether the statement ends there: at ";", ",", a line end or the end of
// src. r.pos is left where it stopped.
func (r *jsReader) statementEnds() bool {
	for r.pos < len(r.src) {
		c := r.src[r.pos]
		next := byte(0)
		if r.pos+1 < len(r.src) {
			next = r.src[r.pos+1]
		}
		switch {
		case c == ' ' || c == '\t':
			r.pos++
		case c == ';' || c == ',' || c == '\n' || c == '/' && next == '/':
			return true
		case c == '/' && next == '*':
			end := bytes.Index(r.src[r.pos+2:], []byte("*/"))
			if end < 0 {
				return false
			}
			r.pos += 2 + end + 2
		default:
			return false
		}
	}
	return true
}

func (r *jsReader) peek() byte {
	if r.pos < len(r.src) {
		return r.src[r.pos]
	}
	return 0
}

// space skips white space (line ends too) and comments.
func (r *jsReader) space() error {
	for r.pos < len(r.src) {
		c, size := utf8.DecodeRune(r.src[r.pos:])
		switch {
		case c == '/' && r.pos+1 < len(r.src) && r.src[r.pos+1] == '/':
			for r.pos < len(r.src) && r.src[r.pos] != '\n' {
				r.pos++
			}
		case c == '/' && r.pos+1 < len(r.src) && r.src[r.pos+1] == '*':
			end := bytes.Index(r.src[r.pos+2:], []byte("*/"))
			if end < 0 {
				return r.fail(r.pos, "unterminated /* comment")
			}
			r.pos += 2 + end + 2
		case c == '\uFEFF' || unicode.IsSpace(c):
			r.pos += size
		default:
			return nil
		}
	}
	return nil
}

// value reads one value in an object or array (closer ends it): a
// literal, or any other expression as a jsSkipped. A literal followed by
// more of an expression ("a" + b, x.y) is that expression.
func (r *jsReader) value(depth int, closer byte) (any, error) {
	if depth > maxJSDepth {
		return nil, r.fail(r.pos, "nested over %d levels deep", maxJSDepth)
	}
	if err := r.space(); err != nil {
		return nil, err
	}
	start := r.pos
	v, literal, err := r.literal(depth)
	if err != nil {
		return nil, err
	}
	if literal {
		if err := r.space(); err != nil {
			return nil, err
		}
		switch c := r.peek(); {
		case c == ',' || c == '}' || c == ']':
			return v, nil
		case c == '\'' || c == '"' || '0' <= c && c <= '9' || isIdentStart(r.src[r.pos:]) && !r.operatorWord():
			// No expression goes on so: a comma is missing.
			return nil, r.fail(r.pos, "expected , or %c after a value, found %s", closer, r.shown())
		}
	}
	r.pos = start
	if err := r.skipExpression(); err != nil {
		return nil, err
	}
	text := strings.Join(strings.Fields(string(r.src[start:r.pos])), " ")
	if text == "" {
		return nil, r.fail(start, "a value is missing")
	}
	return jsSkipped{text: text, line: r.lineOf(start)}, nil
}

// literal reads a literal value at r.pos. literal is false (and r.pos
// undefined) when the value starts as no literal does.
func (r *jsReader) literal(depth int) (v any, literal bool, err error) {
	switch c := r.peek(); {
	case c == '{':
		o, err := r.object(depth)
		return o, true, err
	case c == '[':
		a, err := r.array(depth)
		return a, true, err
	case c == '\'' || c == '"':
		s, err := r.quoted(c)
		return s, true, err
	case c == '`':
		s, plain, err := r.template()
		return s, plain, err
	case c == '-' || c == '+' || c == '.' || '0' <= c && c <= '9':
		return r.number()
	case isIdentStart(r.src[r.pos:]):
		start := r.pos
		r.ident()
		switch string(r.src[start:r.pos]) {
		case "true":
			return true, true, nil
		case "false":
			return false, true, nil
		case "null":
			return nil, true, nil
		}
	}
	return nil, false, nil
}

// object reads { members } at r.pos.
func (r *jsReader) object(depth int) (*jsObject, error) {
	open := r.pos
	r.pos++
	o := &jsObject{}
	for {
		if err := r.space(); err != nil {
			return nil, err
		}
		if r.peek() == '}' {
			r.pos++
			return o, nil
		}
		if r.pos >= len(r.src) {
			return nil, r.fail(open, "unterminated object: no closing }")
		}
		e, err := r.member(depth)
		if err != nil {
			return nil, err
		}
		o.entries = append(o.entries, e)
		if err := r.space(); err != nil {
			return nil, err
		}
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
		case 0:
			return nil, r.fail(open, "unterminated object: no closing }")
		default:
			return nil, r.fail(r.pos, "expected , or } after a value, found %s", r.shown())
		}
	}
}

// member reads key: value, or a member of another form (a spread, a
// computed key, a shorthand property, a method), as an entry without a
// key whose value is the member's text.
func (r *jsReader) member(depth int) (jsEntry, error) {
	start := r.pos
	line := r.lineOf(start)
	var key string
	switch c := r.peek(); {
	case c == '.' || c == '[' || c == '*':
		key = "" // a spread, a computed key, a generator method
	case c == '\'' || c == '"':
		s, err := r.quoted(c)
		if err != nil {
			return jsEntry{}, err
		}
		key = s
	case '0' <= c && c <= '9':
		v, ok, err := r.number()
		if err != nil {
			return jsEntry{}, err
		}
		if !ok {
			return jsEntry{}, r.fail(start, "%s is not a key", r.shownAt(start))
		}
		key = jsNumberKey(v)
	case isIdentStart(r.src[r.pos:]):
		key = r.ident()
	default:
		return jsEntry{}, r.fail(start, "expected a key, found %s", r.shown())
	}
	if err := r.space(); err != nil {
		return jsEntry{}, err
	}
	if key != "" && r.peek() == ':' {
		r.pos++
		v, err := r.value(depth+1, '}')
		if err != nil {
			return jsEntry{}, err
		}
		return jsEntry{key: key, line: line, value: v}, nil
	}
	r.pos = start
	if err := r.skipExpression(); err != nil {
		return jsEntry{}, err
	}
	text := strings.Join(strings.Fields(string(r.src[start:r.pos])), " ")
	return jsEntry{line: line, value: jsSkipped{text: text, line: line}}, nil
}

// array reads [ values ] at r.pos. A hole ([a, , b]) is a jsSkipped.
func (r *jsReader) array(depth int) ([]any, error) {
	open := r.pos
	r.pos++
	out := []any{}
	for {
		if err := r.space(); err != nil {
			return nil, err
		}
		switch r.peek() {
		case ']':
			r.pos++
			return out, nil
		case 0:
			return nil, r.fail(open, "unterminated list: no closing ]")
		case ',':
			out = append(out, jsSkipped{line: r.lineOf(r.pos)}) // a hole
			r.pos++
			continue
		}
		v, err := r.value(depth+1, ']')
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if err := r.space(); err != nil {
			return nil, err
		}
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
		case 0:
			return nil, r.fail(open, "unterminated list: no closing ]")
		default:
			return nil, r.fail(r.pos, "expected , or ] after a value, found %s", r.shown())
		}
	}
}

// operatorWord reports whether the identifier at r.pos is an operator
// that goes on with an expression: in, instanceof.
func (r *jsReader) operatorWord() bool {
	save := r.pos
	w := r.ident()
	r.pos = save
	return w == "in" || w == "instanceof"
}

// jsNumberKey is the property name a numeric key stands for.
func jsNumberKey(v any) string {
	switch t := v.(type) {
	case int64:
		return strconv.FormatInt(t, 10)
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64)
	case string:
		return t
	}
	return fmt.Sprint(v)
}

// isIdentStart reports whether b starts with a character that starts an
// identifier.
func isIdentStart(b []byte) bool {
	c, _ := utf8.DecodeRune(b)
	return c == '$' || c == '_' || unicode.IsLetter(c)
}

// ident reads an identifier at r.pos.
func (r *jsReader) ident() string {
	start := r.pos
	for r.pos < len(r.src) {
		c, size := utf8.DecodeRune(r.src[r.pos:])
		if c != '$' && c != '_' && c != '\u200C' && c != '\u200D' && !unicode.IsLetter(c) && !unicode.IsDigit(c) &&
			!unicode.In(c, unicode.Mn, unicode.Mc, unicode.Pc) {
			break
		}
		r.pos += size
	}
	return string(r.src[start:r.pos])
}

// skipExpression moves r.pos to the end of the expression at it: the ,
// } or ] that ends it outside brackets, strings and comments, or the end
// of src.
func (r *jsReader) skipExpression() error {
	var open []byte // the closers of the brackets open
	for {
		if err := r.space(); err != nil {
			return err
		}
		if r.pos >= len(r.src) {
			break
		}
		c := r.src[r.pos]
		switch c {
		case '\'', '"':
			if _, err := r.quoted(c); err != nil {
				return err
			}
			continue
		case '`':
			if _, _, err := r.template(); err != nil {
				return err
			}
			continue
		case '(':
			open = append(open, ')')
		case '[':
			open = append(open, ']')
		case '{':
			open = append(open, '}')
		case ')', ']', '}':
			if len(open) == 0 && c != ')' {
				return nil
			}
			if len(open) == 0 || open[len(open)-1] != c {
				return r.fail(r.pos, "unbalanced %c", c)
			}
			open = open[:len(open)-1]
		case ',':
			if len(open) == 0 {
				return nil
			}
		}
		r.pos++
	}
	if len(open) > 0 {
		return r.fail(r.pos, "unterminated expression: a bracket is not closed")
	}
	return nil
}

// skipTo moves r.pos to the next close (outside strings, comments and
// nested brackets), as the end of a template's ${…}.
func (r *jsReader) skipTo(close byte) error {
	open := r.pos
	depth := 0
	for {
		if err := r.space(); err != nil {
			return err
		}
		if r.pos >= len(r.src) {
			return r.fail(open, "unterminated ${ in a template string")
		}
		switch c := r.src[r.pos]; c {
		case '\'', '"':
			if _, err := r.quoted(c); err != nil {
				return err
			}
			continue
		case '`':
			if _, _, err := r.template(); err != nil {
				return err
			}
			continue
		case '{', '(', '[':
			depth++
		case '}', ')', ']':
			if depth == 0 && c == close {
				return nil
			}
			depth--
		}
		r.pos++
	}
}

// shown names the text at r.pos for a message.
func (r *jsReader) shown() string { return r.shownAt(r.pos) }

func (r *jsReader) shownAt(off int) string {
	if off >= len(r.src) {
		return "the end of the file"
	}
	end := off
	for end < len(r.src) && end-off < 20 && r.src[end] != '\n' {
		end++
	}
	if end == off {
		return "a line end"
	}
	return fmt.Sprintf("%q", clip(string(r.src[off:end]), 20))
}
