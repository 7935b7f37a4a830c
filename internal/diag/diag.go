// Package diag is the problem report every step shares: a Problem is one
// thing wrong with one source file, "path:line: field: message", an Error
// that fails its post or a Warning.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
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

func (l Loc) String() string {
	if l.Line > 0 {
		return fmt.Sprintf("%s:%d", l.Path, l.Line)
	}
	return l.Path
}

// Text is the message with the other file it names, if any.
func (p Problem) Text() string {
	if p.Other.Path == "" {
		return p.Message
	}
	return p.Message + " " + p.Other.String()
}

// Error formats the problem as "path:line: field: message", leaving out the
// parts that are unknown.
func (p Problem) Error() string {
	var b strings.Builder
	if p.Path != "" { // "" is the site as a whole: "feeds: …"
		b.WriteString(p.Path)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Text())
	return b.String()
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
