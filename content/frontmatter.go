package content

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
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

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

func decodeYAML(block []byte, blockLine int) (*frontMatter, error) {
	fm := &frontMatter{format: FormatYAML}
	var doc yaml.Node
	if err := yaml.Unmarshal(block, &doc); err != nil {
		// yaml.v3 counts lines inside the block: move them to the file.
		n, msg := YAMLError(err)
		line := blockLine
		if n > 0 {
			line = blockLine + n - 1
		}
		return nil, &lineError{line: line, msg: "invalid YAML front matter: " + msg}
	}
	if len(doc.Content) == 0 {
		return fm, nil // empty front matter
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &lineError{line: blockLine + root.Line - 1, msg: "front matter must be a mapping of keys to values"}
	}
	budget := yamlBudget{nodes: maxNodes, bytes: maxExpandedBytes}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind == yaml.AliasNode || k.Tag == "!!merge" {
			continue // merge keys at the top level are not front-matter fields
		}
		val, err := yamlValue(v, &budget)
		if err != nil {
			return nil, &lineError{line: blockLine + k.Line - 1, msg: err.Error()}
		}
		f := field{key: k.Value, value: val, line: blockLine + k.Line - 1}
		vv := v
		if vv.Kind == yaml.AliasNode && vv.Alias != nil {
			vv = vv.Alias
		}
		f.timestamp = vv.Kind == yaml.ScalarNode && vv.ShortTag() == "!!timestamp"
		fm.add(f)
	}
	return fm, nil
}

// yamlParserProblems are the messages of yaml.v3's parser errors, whose line
// it reports 0-based; its scanner errors are 1-based.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

func yamlParserError(msg string) bool {
	return slices.ContainsFunc(yamlParserProblems, func(p string) bool { return strings.HasSuffix(msg, p) })
}

var (
	errTooManyNodes = fmt.Errorf("front matter expands to over %d values (a YAML alias bomb?)", maxNodes)
	errTooLarge     = fmt.Errorf("front matter expands to over %d MiB of text (a YAML alias bomb?)", maxExpandedBytes>>20)
)

// yamlBudget is what is left of the limits while expanding a front matter.
type yamlBudget struct{ nodes, bytes int }

func yamlValue(n *yaml.Node, budget *yamlBudget) (any, error) {
	budget.nodes--
	budget.bytes -= len(n.Value)
	if budget.nodes < 0 {
		return nil, errTooManyNodes
	}
	if budget.bytes < 0 {
		return nil, errTooLarge
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return yamlValue(n.Alias, budget)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, budget)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			budget.bytes -= len(k.Value)
			v, err := yamlValue(n.Content[i+1], budget)
			if err != nil {
				return nil, err
			}
			if k.Tag == "!!merge" {
				if m, ok := v.(map[string]any); ok {
					for mk, mv := range m {
						if _, exists := out[mk]; !exists {
							out[mk] = mv
						}
					}
				}
				continue
			}
			out[k.Value] = v
		}
		return out, nil
	case yaml.ScalarNode:
		return yamlScalar(n)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValue(n.Content[0], budget)
	}
	return nil, nil
}

func yamlScalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return n.Value, nil
		}
		return b, nil
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return n.Value, nil // out of range: keep the text
		}
		return i, nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return n.Value, nil // JSON cannot carry Inf/NaN: keep the text
		}
		return f, nil
	}
	return n.Value, nil // strings, timestamps (kept as text), binary
}

func decodeTOML(block []byte, blockLine int, loc *time.Location) (*frontMatter, error) {
	var m map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(block)).Decode(&m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &lineError{line: blockLine + pe.Position.Line - 1, msg: "invalid TOML front matter: " + pe.Message}
		}
		return nil, &lineError{line: blockLine, msg: "invalid TOML front matter: " + err.Error()}
	}
	lines := tomlKeyLines(block)
	// The decoder loses the source order: put the keys back in it, by line
	// (0, unknown, first), so that of two keys differing only in case the
	// later one wins, as in the other formats.
	keys := slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		return cmp.Or(cmp.Compare(lines[a], lines[b]), cmp.Compare(a, b))
	})
	fm := &frontMatter{format: FormatTOML}
	for _, k := range keys {
		line, ok := lines[k]
		if ok {
			line += blockLine - 1
		}
		v := m[k]
		if t, ok := v.(time.Time); ok && isTOMLLocal(t) {
			// A wall time loc skips is moved forward, with a warning on
			// the key's line (values nested deeper are moved silently).
			var msg string
			if v, msg = localTime(t, loc); msg != "" {
				fm.notes = append(fm.notes, note{line: line, key: k, msg: msg})
			}
		}
		fm.add(field{key: k, value: plainTOML(v, loc), line: line})
	}
	return fm, nil
}

// isTOMLLocal reports whether t is a TOML local date or date-time, which the
// decoder gives a zone of that name.
func isTOMLLocal(t time.Time) bool {
	switch t.Location().String() {
	case "date-local", "datetime-local":
		return true
	}
	return false
}

// plainTOML turns TOML's local dates and times into times in loc, and
// []map[string]any into []any, so every format yields the same shapes.
func plainTOML(v any, loc *time.Location) any {
	switch t := v.(type) {
	case float64:
		if math.IsInf(t, 0) || math.IsNaN(t) {
			return strconv.FormatFloat(t, 'g', -1, 64) // JSON cannot carry it: keep it as text
		}
		return t
	case time.Time:
		switch t.Location().String() {
		case "time-local":
			// A time of day is no date: keep its text, which ParseDate refuses.
			return t.Format("15:04:05.999999999")
		case "date-local", "datetime-local":
			t, _ = localTime(t, loc)
		}
		return t
	case []map[string]any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plainTOML(e, loc)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plainTOML(e, loc)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = plainTOML(e, loc)
		}
		return out
	}
	return v
}

var tomlKeyRE = regexp.MustCompile(`^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*(?:=|\.)`)
var tomlTableRE = regexp.MustCompile(`^\s*\[\[?\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))`)

// tomlKeyLines maps each top-level key of a TOML block to its 1-based line
// within the block: a key = value line before the first table, or a table
// header. (The TOML decoder does not report positions of keys.) The lines of
// multi-line strings and arrays are values, never keys or headers.
func tomlKeyLines(block []byte) map[string]int {
	out := map[string]int{}
	inTable := false
	closer, depth := "", 0 // inside a multi-line string, or an array's brackets
	for i, ln := range strings.Split(string(block), "\n") {
		if closer != "" || depth > 0 {
			closer, depth = tomlScanValue(ln, closer, depth)
			continue
		}
		if m := tomlTableRE.FindStringSubmatch(ln); m != nil {
			inTable = true
			k := m[1] + m[2] + m[3]
			if _, ok := out[k]; !ok {
				out[k] = i + 1
			}
			continue
		}
		m := tomlKeyRE.FindStringSubmatchIndex(ln)
		if m == nil {
			continue
		}
		if !inTable {
			k := tomlSub(ln, m, 1) + tomlSub(ln, m, 2) + tomlSub(ln, m, 3)
			if _, ok := out[k]; !ok {
				out[k] = i + 1
			}
		}
		closer, depth = tomlScanValue(ln[m[1]:], "", 0)
	}
	return out
}

// tomlSub returns submatch n of a FindStringSubmatchIndex result, or "".
func tomlSub(s string, m []int, n int) string {
	if m[2*n] < 0 {
		return ""
	}
	return s[m[2*n]:m[2*n+1]]
}

// tomlScanValue reads (part of) one line of a TOML value, starting inside
// the multi-line string that closer ends (if any) with depth array brackets
// open, and returns the same state at the end of the line.
func tomlScanValue(s, closer string, depth int) (string, int) {
	for i := 0; i < len(s); i++ {
		if closer != "" {
			j := strings.Index(s[i:], closer)
			if j < 0 {
				return closer, depth
			}
			i += j + len(closer) - 1
			closer = ""
			continue
		}
		switch c := s[i]; c {
		case '#':
			return "", depth
		case '[':
			depth++
		case ']':
			depth = max(depth-1, 0)
		case '"', '\'':
			if strings.HasPrefix(s[i:], strings.Repeat(string(c), 3)) {
				closer = strings.Repeat(string(c), 3)
				i += 2
				continue
			}
			for i++; i < len(s) && s[i] != c; i++ {
				if c == '"' && s[i] == '\\' {
					i++ // an escape: the next byte is not the end
				}
			}
		}
	}
	return closer, depth
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

// YAMLError splits a yaml.v3 syntax error into its 1-based line (0 when it
// names none) and its message. yaml.v3 numbers the lines of its parser
// errors from 0 and those of its scanner errors from 1; this corrects that.
func YAMLError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	m := yamlLineRE.FindStringSubmatchIndex(msg)
	if m == nil {
		return 0, msg
	}
	line, _ = strconv.Atoi(msg[m[2]:m[3]])
	if yamlParserError(msg) {
		line++
	}
	msg = strings.TrimSpace(strings.TrimPrefix(msg[:m[0]]+msg[m[1]:], ": "))
	return line, strings.TrimPrefix(msg, ": ")
}
