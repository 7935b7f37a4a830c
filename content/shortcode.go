package content

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Shortcode is a parsed {{image: URL, width: W, height: H, alt: "…"}}.
type Shortcode struct {
	Src     string
	Width   int
	Height  int
	Alt     string
	Title   string
	Caption string
}

// shortcodeKeys are the keys an image shortcode may carry after its URL.
var shortcodeKeys = []string{"alt", "caption", "height", "title", "width"}

// IsShortcodeStart reports whether s begins an image shortcode: "{{", optional
// spaces, "image", optional spaces, ":". Other "{{…}}" text is left alone.
func IsShortcodeStart(s string) bool {
	if !strings.HasPrefix(s, "{{") {
		return false
	}
	s = strings.TrimLeft(s[2:], " \t")
	if !strings.HasPrefix(s, "image") {
		return false
	}
	s = strings.TrimLeft(s[len("image"):], " \t")
	return strings.HasPrefix(s, ":")
}

// ParseShortcode parses the image shortcode at the start of s (which must
// satisfy IsShortcodeStart) and returns it with the number of bytes it spans,
// closing "}}" included. The URL comes first; then comma-separated
// key: value pairs whose values are bare or quoted with " or '.
func ParseShortcode(s string) (Shortcode, int, error) {
	var sc Shortcode
	if !IsShortcodeStart(s) {
		return sc, 0, errors.New(`not an image shortcode: expected "{{image: URL, …}}"`)
	}
	pos := strings.IndexByte(s, ':') + 1
	end := strings.Index(s, "}}")
	if end < 0 {
		return sc, 0, errors.New(`unterminated image shortcode: no closing "}}"`)
	}
	// The URL runs to the first comma that starts a "key:" pair, or to "}}".
	urlEnd := pos
	for urlEnd < len(s) {
		if strings.HasPrefix(s[urlEnd:], "}}") {
			break
		}
		if s[urlEnd] == ',' && startsPair(s[urlEnd+1:]) {
			break
		}
		urlEnd++
	}
	sc.Src = strings.TrimSpace(s[pos:urlEnd])
	if sc.Src == "" {
		return sc, 0, errors.New("image shortcode has no URL: write {{image: URL, …}}")
	}
	if strings.ContainsAny(sc.Src, " \t") {
		// Most likely a missing comma: {{image: a.png width: 800}}.
		return sc, 0, fmt.Errorf("image shortcode URL %q contains white space: separate keys with commas, write spaces in the URL as %%20", sc.Src)
	}
	if err := checkImageSrc(sc.Src); err != nil {
		return sc, 0, fmt.Errorf("image shortcode URL %q %w", sc.Src, err)
	}
	pos = urlEnd
	seen := map[string]bool{}
	for {
		pos = skipSpace(s, pos)
		if strings.HasPrefix(s[pos:], "}}") {
			return sc, pos + 2, nil
		}
		if pos >= len(s) {
			return sc, 0, errors.New(`unterminated image shortcode: no closing "}}"`)
		}
		if s[pos] != ',' {
			return sc, 0, fmt.Errorf("image shortcode: expected \",\" or \"}}\" at %q", clip(s[pos:], 20))
		}
		pos = skipSpace(s, pos+1)
		if strings.HasPrefix(s[pos:], "}}") { // trailing comma
			return sc, pos + 2, nil
		}
		kEnd := pos
		for kEnd < len(s) && isKeyByte(s[kEnd]) {
			kEnd++
		}
		key := s[pos:kEnd]
		pos = skipSpace(s, kEnd)
		if key == "" || pos >= len(s) || s[pos] != ':' {
			return sc, 0, fmt.Errorf("image shortcode: expected key: value at %q", clip(s[kEnd-len(key):], 20))
		}
		pos = skipSpace(s, pos+1)
		val, n, err := shortcodeValue(s[pos:])
		if err != nil {
			return sc, 0, fmt.Errorf("image shortcode: %s: %w", key, err)
		}
		pos += n
		if seen[key] {
			return sc, 0, fmt.Errorf("image shortcode: %s: given twice", key)
		}
		seen[key] = true
		switch key {
		case "width", "height":
			v, err := strconv.Atoi(val)
			if err != nil || v <= 0 || v > 100_000 {
				return sc, 0, fmt.Errorf("image shortcode: %s: must be a whole number of pixels from 1 to 100000, got %q", key, val)
			}
			if key == "width" {
				sc.Width = v
			} else {
				sc.Height = v
			}
		case "alt":
			sc.Alt = val
		case "title":
			sc.Title = val
		case "caption":
			sc.Caption = val
		default:
			return sc, 0, fmt.Errorf("image shortcode: unknown key %q (known: %s)", key, strings.Join(shortcodeKeys, ", "))
		}
	}
}

func startsPair(s string) bool {
	i := skipSpace(s, 0)
	j := i
	for j < len(s) && isKeyByte(s[j]) {
		j++
	}
	if j == i {
		return false
	}
	j = skipSpace(s, j)
	return j < len(s) && s[j] == ':' && !strings.HasPrefix(s[j:], "://")
}

func isKeyByte(c byte) bool {
	return c == '_' || c == '-' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// shortcodeValue reads a bare or quoted value at the start of s.
func shortcodeValue(s string) (string, int, error) {
	if s == "" {
		return "", 0, errors.New("missing value")
	}
	if q := s[0]; q == '"' || q == '\'' {
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '\\' && i+1 < len(s) && (s[i+1] == q || s[i+1] == '\\'):
				b.WriteByte(s[i+1])
				i++
			case c == q:
				return b.String(), i + 1, nil
			case c == '\n':
				return "", 0, errors.New("unterminated quoted value")
			default:
				b.WriteByte(c)
			}
		}
		return "", 0, errors.New("unterminated quoted value")
	}
	end := 0
	for end < len(s) && s[end] != ',' && !strings.HasPrefix(s[end:], "}}") {
		end++
	}
	v := strings.TrimSpace(s[:end])
	if v == "" {
		return "", 0, errors.New("missing value")
	}
	return v, end, nil
}

// clip shortens s to at most n runes for quoting in a message.
func clip(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}
