package content

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The literal tokens of the object reader (jsobject.go): strings, template
// strings and their escapes, read as a module (strict mode) reads them, and
// numbers.

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

// jsIntRE matches a hex, octal or binary integer; jsDecRE a decimal
// number. Both allow _ between digits.
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
