package content

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Front-matter formats, as recorded in Post.Format.
const (
	FormatYAML = "yaml"
	FormatTOML = "toml"
	FormatJSON = "json"
)

// MaxFrontMatterBytes caps the front matter of one file. Real front matter is
// a few hundred bytes; a larger block is a mistake (or an attack) and is
// refused before any parser sees it.
const MaxFrontMatterBytes = 1 << 20

// maxNodes caps how many values one front matter may expand to, counting every
// alias expansion, so a YAML alias bomb is refused instead of eating memory.
const maxNodes = 100_000

// maxExpandedBytes caps the text one front matter may expand to, counting
// every alias expansion: a few aliases of one long string, nested, are a bomb
// too, small in nodes but huge once written out (in posts.json).
const maxExpandedBytes = 4 * MaxFrontMatterBytes

// field is one top-level front-matter entry.
type field struct {
	key   string // as written
	value any    // string, int64, float64, bool, time.Time, []any, map[string]any or nil
	line  int    // line in the file
	// timestamp is set for YAML values tagged !!timestamp (unquoted dates):
	// value is then their string form, parsed later in the site's zone.
	timestamp bool
	// psychUTC is set for an unquoted YAML value that Ruby's YAML (Psych,
	// Jekyll's) reads as a time in UTC: a date and a time of day with no
	// offset (2024-05-08 02:00:00, 2024-05-08T03:59:59.5).
	psychUTC bool
	// as is the name the field is read by, when it is not key: an MDX
	// metadata export's openGraph.images has the key
	// "metadata.openGraph.images" (what messages name) and is read as
	// ogImage. param is where its value goes in params when seopipe does
	// not read it, when that is not [as] (or [key]).
	as    string
	param []string
}

// lookup is the name f is read by.
func (f field) lookup() string { return cmp.Or(f.as, f.key) }

// paramPath is where in params f's value goes when seopipe does not read it.
func (f field) paramPath() []string {
	if f.param != nil {
		return f.param
	}
	return []string{f.lookup()}
}

// frontMatter is the decoded front matter: keys in source order, looked up
// case-insensitively as Hugo does.
type frontMatter struct {
	format string
	fields []field
	index  map[string]int // lower-cased key -> position in fields
	// notes are warnings found while decoding, for the post's problems.
	notes []note
}

// note is a warning about the field key at a line.
type note struct {
	line     int
	key, msg string
}

// add appends f, or replaces the field of the same key (compared without
// case) with a warning on f's line: the last one wins, as in the formats
// themselves, but keys are matched without case, so "Title" after "title"
// would otherwise replace it silently. Exact repeats reach here from JSON
// (and YAML, whose node tree does not refuse them); TOML refuses them.
func (fm *frontMatter) add(f field) {
	if fm.index == nil {
		fm.index = map[string]int{}
	}
	k := strings.ToLower(f.lookup())
	if i, ok := fm.index[k]; ok {
		prev := fm.fields[i]
		where := ""
		if prev.line > 0 {
			where = fmt.Sprintf(" on line %d", prev.line)
		}
		fm.notes = append(fm.notes, note{line: f.line, key: f.key,
			msg: fmt.Sprintf("also given as %q%s; the later one is used", prev.key, where)})
		fm.fields[i] = f
		return
	}
	fm.index[k] = len(fm.fields)
	fm.fields = append(fm.fields, f)
}

func (fm *frontMatter) get(key string) (field, bool) {
	i, ok := fm.index[strings.ToLower(key)]
	if !ok {
		return field{}, false
	}
	return fm.fields[i], true
}

// split finds the front matter of src (already free of BOM and CR) and
// returns its format, the block itself, the 1-based file line of the block's
// first line, the body, and the body's first line. Blank lines before the
// block are skipped, as Hugo skips them.
func split(src []byte) (format string, block []byte, blockLine int, body []byte, bodyLine int, err error) {
	if rest := bytes.TrimLeft(src, " \t\n"); len(rest) < len(src) && len(rest) > 0 {
		skipped := bytes.Count(src[:bytes.LastIndexByte(src[:len(src)-len(rest)], '\n')+1], []byte("\n"))
		if skipped > 0 {
			format, block, blockLine, body, bodyLine, err = splitAt(rest)
			if format != "" {
				if err == nil {
					blockLine += skipped
					bodyLine += skipped
				}
				return format, block, blockLine, body, bodyLine, err
			}
		}
	}
	return splitAt(src)
}

// splitAt is split of src whose front matter, if any, starts on its first line.
func splitAt(src []byte) (format string, block []byte, blockLine int, body []byte, bodyLine int, err error) {
	switch {
	case hasDelimiter(src, "---"):
		return splitDelimited(src, "---", FormatYAML)
	case hasDelimiter(src, "+++"):
		return splitDelimited(src, "+++", FormatTOML)
	case len(src) > 0 && src[0] == '{' && !IsShortcodeStart(string(src[:min(len(src), 64)])):
		return splitJSON(src)
	}
	return "", nil, 0, src, 1, errors.New("no front matter: start the file with a --- YAML, +++ TOML or { JSON } block")
}

func hasDelimiter(src []byte, delim string) bool {
	if !bytes.HasPrefix(src, []byte(delim)) {
		return false
	}
	rest := src[len(delim):]
	rest = bytes.TrimLeft(rest, " \t")
	return len(rest) == 0 || rest[0] == '\n'
}

func splitDelimited(src []byte, delim, format string) (string, []byte, int, []byte, int, error) {
	nl := bytes.IndexByte(src, '\n')
	if nl < 0 {
		return format, nil, 0, nil, 0, fmt.Errorf("unterminated front matter: no closing %s", delim)
	}
	start := nl + 1
	line := 2 // the block starts on the line after the opening delimiter
	for pos := start; pos < len(src); {
		if pos-start > MaxFrontMatterBytes {
			return format, nil, 0, nil, 0, fmt.Errorf("front matter is over the %d KiB limit", MaxFrontMatterBytes>>10)
		}
		end := bytes.IndexByte(src[pos:], '\n')
		var ln []byte
		next := len(src)
		if end >= 0 {
			ln = src[pos : pos+end]
			next = pos + end + 1
		} else {
			ln = src[pos:]
		}
		t := string(bytes.TrimRight(ln, " \t"))
		if t == delim || (format == FormatYAML && t == "...") {
			bodyLine := line + 1
			return format, src[start:pos], 2, src[next:], bodyLine, nil
		}
		pos = next
		line++
	}
	return format, nil, 0, nil, 0, fmt.Errorf("unterminated front matter: no closing %s", delim)
}

func splitJSON(src []byte) (string, []byte, int, []byte, int, error) {
	limit := src
	if len(limit) > MaxFrontMatterBytes+1 {
		limit = limit[:MaxFrontMatterBytes+1]
	}
	dec := json.NewDecoder(bytes.NewReader(limit))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		if len(limit) > MaxFrontMatterBytes && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)) {
			return FormatJSON, nil, 0, nil, 0, fmt.Errorf("front matter is over the %d KiB limit", MaxFrontMatterBytes>>10)
		}
		return FormatJSON, nil, 0, nil, 0, jsonError(src, err)
	}
	end := int(dec.InputOffset())
	block := src[:end]
	body := src[end:]
	bodyLine := 1 + bytes.Count(block, []byte("\n"))
	// The rest of the closing line belongs to the front matter.
	if nl := bytes.IndexByte(body, '\n'); nl >= 0 && len(bytes.TrimSpace(body[:nl])) == 0 {
		body = body[nl+1:]
		bodyLine++
	}
	return FormatJSON, block, 1, body, bodyLine, nil
}

// lineError is a parse error at a line of the file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return e.msg }

func jsonError(src []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the bad one included.
		return &lineError{line: lineAt(src, int(se.Offset)-1), msg: "invalid JSON front matter: " + se.Error()}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &lineError{line: lineAt(src, int(te.Offset)), msg: "invalid JSON front matter: " + te.Error()}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("unterminated JSON front matter: %w", err)
	}
	return fmt.Errorf("invalid JSON front matter: %w", err)
}

// lineAt returns the 1-based line of byte offset off in src.
func lineAt(src []byte, off int) int {
	off = min(max(off, 0), len(src))
	return 1 + bytes.Count(src[:off], []byte("\n"))
}

// decodeFrontMatter decodes block (whose first line is file line blockLine).
func decodeFrontMatter(format string, block []byte, blockLine int, loc *time.Location) (*frontMatter, error) {
	switch format {
	case FormatYAML:
		return decodeYAML(block, blockLine)
	case FormatTOML:
		return decodeTOML(block, blockLine, loc)
	case FormatJSON:
		return decodeJSON(block, blockLine)
	}
	return nil, fmt.Errorf("unknown front matter format %q", format)
}

func decodeJSON(block []byte, blockLine int) (*frontMatter, error) {
	dec := json.NewDecoder(bytes.NewReader(block))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(block, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, &lineError{line: blockLine, msg: "front matter must be a JSON object"}
	}
	fm := &frontMatter{format: FormatJSON}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonError(block, err)
		}
		key, _ := tok.(string)
		// A key holds no raw newline, so its line is the line where it ends.
		keyLine := lineAt(block, int(dec.InputOffset())-1)
		var raw any
		if err := dec.Decode(&raw); err != nil {
			return nil, jsonError(block, err)
		}
		fm.add(field{key: key, value: plainJSON(raw), line: blockLine + keyLine - 1})
	}
	return fm, nil
}

// plainJSON turns json.Number into int64 or float64.
func plainJSON(v any) any {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, err := t.Float64()
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return t.String() // JSON output cannot carry it: keep the text
		}
		return f
	case []any:
		for i, e := range t {
			t[i] = plainJSON(e)
		}
		return t
	case map[string]any:
		for k, e := range t {
			t[k] = plainJSON(e)
		}
		return t
	}
	return v
}
