package content

import (
	"bytes"
	"cmp"
	"errors"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// decodeTOML decodes a TOML front matter block that starts on blockLine of
// its file; a local date or time is read in loc.
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
