package content

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
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

// quoted reads a '…' or "…" string at r.pos.
func (r *jsReader) quoted(q byte) (string, error) {
	open := r.pos
	r.pos++
	var b strings.Builder
	for {
		if r.pos >= len(r.src) || r.src[r.pos] == '\n' {
			return "", r.fail(open, "unterminated string")
		}
		c := r.src[r.pos]
		switch c {
		case q:
			r.pos++
			return b.String(), nil
		case '\\':
			if err := r.escape(&b); err != nil {
				return "", err
			}
		default:
			b.WriteByte(c)
			r.pos++
		}
	}
}

// template reads a `…` template at r.pos. One with a ${} substitution is
// no literal: plain is false and r.pos is past its end.
func (r *jsReader) template() (s string, plain bool, err error) {
	open := r.pos
	r.pos++
	var b strings.Builder
	plain = true
	for {
		if r.pos >= len(r.src) {
			return "", false, r.fail(open, "unterminated template string")
		}
		switch c := r.src[r.pos]; {
		case c == '`':
			r.pos++
			return b.String(), plain, nil
		case c == '\\':
			if err := r.escape(&b); err != nil {
				return "", false, err
			}
		case c == '$' && r.pos+1 < len(r.src) && r.src[r.pos+1] == '{':
			plain = false
			r.pos += 2
			if err := r.skipTo('}'); err != nil {
				return "", false, err
			}
			r.pos++
		default:
			b.WriteByte(c)
			r.pos++
		}
	}
}

// escape reads the escape sequence at r.pos (a backslash) into b, as a
// string in a module (strict mode) reads it.
func (r *jsReader) escape(b *strings.Builder) error {
	start := r.pos
	r.pos++
	if r.pos >= len(r.src) {
		return r.fail(start, "unterminated string")
	}
	c := r.src[r.pos]
	r.pos++
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case '\n':
		// A line continuation: nothing.
	case '0':
		if r.pos < len(r.src) && '0' <= r.src[r.pos] && r.src[r.pos] <= '9' {
			return r.fail(start, "octal escape \\0%c is not allowed in a module", r.src[r.pos])
		}
		b.WriteByte(0)
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return r.fail(start, "octal escape \\%c is not allowed in a module", c)
	case 'x':
		n, ok := r.hex(2)
		if !ok {
			return r.fail(start, "bad \\x escape: two hex digits must follow")
		}
		b.WriteRune(rune(n))
	case 'u':
		n, err := r.unicodeEscape(start)
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(rune(n)) {
			// Half of a UTF-16 pair: the other half must follow.
			lo := -1
			if n < 0xDC00 && strings.HasPrefix(string(r.src[r.pos:min(len(r.src), r.pos+2)]), `\u`) {
				save := r.pos
				r.pos += 2
				if m, err := r.unicodeEscape(save); err == nil && 0xDC00 <= m && m <= 0xDFFF {
					lo = m
				} else {
					r.pos = save
				}
			}
			if lo < 0 {
				b.WriteRune(utf8.RuneError) // a lone surrogate has no UTF-8
				return nil
			}
			n = int(utf16.DecodeRune(rune(n), rune(lo)))
		}
		b.WriteRune(rune(n))
	default:
		// Any other character, an escaped quote or backslash too, is itself.
		r.pos--
		_, size := utf8.DecodeRune(r.src[r.pos:])
		b.Write(r.src[r.pos : r.pos+size])
		r.pos += size
	}
	return nil
}

// unicodeEscape reads the rest of a \u escape at r.pos (past the u):
// four hex digits, or {hex} up to 10FFFF.
func (r *jsReader) unicodeEscape(start int) (int, error) {
	if r.peek() == '{' {
		end := strings.IndexByte(string(r.src[r.pos:min(len(r.src), r.pos+10)]), '}')
		if end > 1 {
			n, err := strconv.ParseUint(string(r.src[r.pos+1:r.pos+end]), 16, 32)
			if err == nil && n <= unicode.MaxRune {
				r.pos += end + 1
				return int(n), nil
			}
		}
		return 0, r.fail(start, "bad \\u{…} escape: hex digits up to 10FFFF must follow")
	}
	n, ok := r.hex(4)
	if !ok {
		return 0, r.fail(start, "bad \\u escape: four hex digits must follow")
	}
	return n, nil
}

// hex reads n hex digits at r.pos.
func (r *jsReader) hex(n int) (int, bool) {
	if r.pos+n > len(r.src) {
		return 0, false
	}
	v := 0
	for _, c := range r.src[r.pos : r.pos+n] {
		d := strings.IndexByte("0123456789abcdef", byte(unicode.ToLower(rune(c))))
		if d < 0 {
			return 0, false
		}
		v = v*16 + d
	}
	r.pos += n
	return v, true
}

var (
	jsIntRE = regexp.MustCompile(`^(?:0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*|0[oO][0-7](?:_?[0-7])*|0[bB][01](?:_?[01])*)$`)
	jsDecRE = regexp.MustCompile(`^(?:(?:0|[1-9](?:_?[0-9])*)(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$`)
)

// number reads a number with an optional sign at r.pos: an int64 when it
// is a whole number that fits, else a float64 (the text of one past
// float64's range, which no output can carry). literal is false for what
// is no plain number (-x, 10n, 08, Infinity), or for a lone "." or sign.
func (r *jsReader) number() (v any, literal bool, err error) {
	neg := false
	if c := r.peek(); c == '-' || c == '+' {
		neg = c == '-'
		r.pos++
		if err := r.space(); err != nil {
			return nil, false, err
		}
	}
	start := r.pos
	hex := strings.HasPrefix(strings.ToLower(string(r.src[start:min(len(r.src), start+2)])), "0x")
	for r.pos < len(r.src) {
		c := r.src[r.pos]
		if c == '_' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			r.pos++
			continue
		}
		if (c == '+' || c == '-') && !hex && r.pos > start && (r.src[r.pos-1] == 'e' || r.src[r.pos-1] == 'E') {
			r.pos++
			continue
		}
		break
	}
	text := string(r.src[start:r.pos])
	clean := strings.ReplaceAll(text, "_", "")
	switch {
	case jsIntRE.MatchString(text):
		n, err := strconv.ParseInt(clean, 0, 64)
		if err != nil {
			return nil, false, nil // past int64: left out rather than rounded
		}
		if neg {
			n = -n
		}
		return n, true, nil
	case jsDecRE.MatchString(text):
		if !strings.ContainsAny(clean, ".eE") {
			if n, err := strconv.ParseInt(clean, 10, 64); err == nil {
				if neg {
					n = -n
				}
				return n, true, nil
			}
		}
		f, err := strconv.ParseFloat(clean, 64)
		if err != nil { // past float64's range: JSON cannot carry Infinity
			if neg {
				return "-" + text, true, nil
			}
			return text, true, nil
		}
		if neg {
			f = -f
		}
		return f, true, nil
	}
	return nil, false, nil
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
