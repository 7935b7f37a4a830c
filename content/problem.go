package content

import (
	"fmt"

	"github.com/seopipe/seopipe/internal/diag"
)

// BodyField is the Field of a problem in a post's body (a template or raw
// HTML left out, an inline image), as a front-matter key is the field of
// one in the front matter: "post.md:12: body: …".
const BodyField = "body"

// problems collects the problems of one file.
type problems struct {
	path string
	list []diag.Problem
}

func (ps *problems) add(line int, field, format string, args ...any) {
	ps.list = append(ps.list, diag.Problem{Path: ps.path, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (ps *problems) warn(line int, field, format string, args ...any) {
	ps.list = append(ps.list, diag.Problem{Path: ps.path, Line: line, Field: field, Message: fmt.Sprintf(format, args...), Severity: diag.Warning})
}
