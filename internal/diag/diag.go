// Package diag is the problem report every step shares: a Problem is one
// thing wrong with one source file, "path:line: field: message", an Error
// that fails its post or a Warning.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Severity tells whether a Problem fails the post or is only worth a mention.
type Severity int

const (
	// Error fails the post: it is left out of every output and the run exits 1.
	Error Severity = iota
	// Warning is reported, and the post is still built.
	Warning
)

// Problem is one thing wrong with one source file, reported as
// "path:line: field: message". Line is 1-based; 0 means the whole file.
// Field is the front-matter key as the author wrote it, BodyField for the
// post's Markdown body, or empty.
type Problem struct {
	Path     string
	Line     int
	Field    string
	Message  string
	Severity Severity
	// PathAsGiven is set when Path is not relative to the content
	// directory but as the user gave it: the config file, the cache
	// directory. A caller that moves paths leaves it as it is.
	PathAsGiven bool
	// Other is a second file the message names, in the same tree as Path
	// (the post that already has the slug); Text ends the message with it,
	// so that a caller which makes Path relative to another directory can
	// move both.
	Other Loc
}

// Loc is a place in a source file: "path:line", or "path" for line 0.
type Loc struct {
	Path string
	Line int
}

// String is "path:line" with the path escaped as [Escape] does.
func (l Loc) String() string {
	if l.Line > 0 {
		return fmt.Sprintf("%s:%d", Escape(l.Path), l.Line)
	}
	return Escape(l.Path)
}

// Text is the message with the other file it names, if any, escaped as
// [Escape] does: it is safe to print on a terminal or in a CI log.
func (p Problem) Text() string {
	if p.Other.Path == "" {
		return Escape(p.Message)
	}
	return Escape(p.Message) + " " + p.Other.String()
}

// Error formats the problem as "path:line: field: message", leaving out the
// parts that are unknown. Every part is escaped as [Escape] does, so a file
// name or value holding a newline or an ESC sequence cannot start a line of
// its own (a GitHub Actions workflow command) or drive the terminal.
func (p Problem) Error() string {
	var b strings.Builder
	if p.Path != "" { // "" is the site as a whole: "feeds: …"
		b.WriteString(Escape(p.Path))
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(Escape(p.Field))
		b.WriteString(": ")
	}
	b.WriteString(p.Text())
	return b.String()
}

// Escape returns s with every control character (C0, DEL and C1), the
// Unicode line and paragraph separators and every byte that is not UTF-8
// written as a Go escape: "\x1b", "\x0a", "\u0085", "\u2028", "\xff".
// Everything else, backslashes included, is left as it is. It is the one
// escaper of what a message shows: paths and values reach the terminal,
// the JSON report and CI annotations only through it.
func Escape(s string) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && needsEscape(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsEscape reports whether r is shown escaped: a control character, a
// line or paragraph separator, or the replacement for a byte that is not
// UTF-8.
func needsEscape(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 || r == utf8.RuneError
}

// Sort orders problems by path, then line, then field and message, so
// reports are deterministic whatever order the workers finished in.
func Sort(ps []Problem) {
	slices.SortFunc(ps, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Message, b.Message),
			cmp.Compare(a.Other.Path, b.Other.Path),
			cmp.Compare(a.Other.Line, b.Other.Line),
		)
	})
}

// HasErrors reports whether any problem in ps is an Error.
func HasErrors(ps []Problem) bool {
	return slices.ContainsFunc(ps, func(p Problem) bool { return p.Severity == Error })
}
