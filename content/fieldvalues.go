package content

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Every front-matter decoder gives values of the same few shapes (nil,
// string, bool, int64, float64, time.Time, []any, map[string]any); these
// read them as the types the fields want, and name them in messages.

// describe names the type of a front-matter value for an error message.
func describe(v any) string {
	switch t := v.(type) {
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("text %q", clip(t, 40))
	case bool:
		return fmt.Sprintf("true/false value %v", t)
	case int64:
		return fmt.Sprintf("number %d", t)
	case float64:
		return fmt.Sprintf("number %s", strconv.FormatFloat(t, 'g', -1, 64))
	case time.Time:
		return fmt.Sprintf("date %s", t.Format(time.RFC3339))
	case []any:
		return fmt.Sprintf("a list of %d items", len(t))
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%T", v)
}

// asString accepts text, and numbers and booleans written without quotes
// (title: 2024 is a fine title). Lists and mappings are errors.
func asString(v any) (string, error) {
	switch t := v.(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	case int64:
		return strconv.FormatInt(t, 10), nil
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(t), nil
	case time.Time:
		return t.Format(time.RFC3339), nil
	}
	return "", fmt.Errorf("must be text, got %s", describe(v))
}

// publishedFlag reads Jekyll's published: true/false (also yes/no, on/off),
// reporting whether v is such a flag rather than a date.
func publishedFlag(v any) (published, isFlag bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case string:
		if strings.TrimSpace(t) == "" {
			return false, false
		}
		b, err := asBool(t)
		return b, err == nil
	}
	return false, false
}

// asBool accepts true or false, also written as text (yes/no, on/off);
// nothing and blank text are false.
func asBool(v any) (bool, error) {
	switch t := v.(type) {
	case nil:
		return false, nil
	case bool:
		return t, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(t)) {
		case "true", "yes", "on":
			return true, nil
		case "false", "no", "off", "":
			return false, nil
		}
	}
	return false, fmt.Errorf("must be true or false, got %s", describe(v))
}

// textSplit says how a list field given as a single text is split.
type textSplit int

const (
	// wholeText is one name: author: "Grima, Marco".
	wholeText textSplit = iota
	// atCommas splits at commas: "a, b, c" is a common way to write keywords.
	atCommas
	// atWords is Jekyll's rule for its plural keys, categories and tags, in
	// a Jekyll posts folder (jekyllPost):
	// "jekyll update" is two names, as in Jekyll's own welcome post. A text
	// with a comma is split at its commas instead ("Machine Learning, Go"),
	// as tags always were: split at spaces it would give "Learning,".
	atWords
)

// asStringList accepts a list of texts (numbers are written as text) or a
// single text, split as split says. Empty names are dropped. A bare number,
// a mapping or nested lists are errors.
func asStringList(v any, split textSplit) ([]string, error) {
	switch t := v.(type) {
	case nil:
		return nil, nil
	case string:
		var parts []string
		switch {
		case split == atCommas || split == atWords && strings.Contains(t, ","):
			parts = strings.Split(t, ",")
		case split == atWords:
			parts = strings.Fields(t)
		default:
			parts = []string{t}
		}
		var out []string
		for _, s := range parts {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	case []any:
		out := make([]string, 0, len(t))
		for i, e := range t {
			switch e.(type) {
			case string, int64, float64:
				s, _ := asString(e)
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			default:
				return out, fmt.Errorf("item %d must be text, got %s", i+1, describe(e))
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("must be a list of texts, got %s", describe(v))
}

// dedupe drops repeated entries (compared without case), keeping the first.
func dedupe(l []string) []string {
	seen := make(map[string]bool, len(l))
	out := l[:0]
	for _, s := range l {
		k := strings.ToLower(s)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}
