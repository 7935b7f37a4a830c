// Package yamlkeys checks a YAML document's keys against the Go type it
// will be decoded into, before decoding: every key the type has no field
// for is reported with its line and the nearest known name ("did you mean
// …?"), which yaml.v3's KnownFields cannot do. seopipe.yaml and card theme
// files are read through it.
package yamlkeys

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/seopipe/seopipe/internal/didyoumean"
)

// Problem is a key the type has no field for, or a scalar or list where
// the type has a mapping.
type Problem struct {
	Line int
	Key  string // the key path, such as "site.titel" or "sitemap.extra[0].path"
	Msg  string
}

// Message formats a problem with a file as "file:line: key: msg", leaving
// out the parts that are unknown (a zero line, an empty key or file).
func Message(file string, line int, key, msg string) string {
	var b strings.Builder
	if file != "" {
		b.WriteString(file)
		if line > 0 {
			fmt.Fprintf(&b, ":%d", line)
		}
		b.WriteString(": ")
	}
	if key != "" {
		b.WriteString(key + ": ")
	}
	b.WriteString(msg)
	return b.String()
}

// Options say how to walk.
type Options struct {
	// Leaf reports types that read a mapping or scalar of their own (a
	// colour type with UnmarshalYAML): their insides are not checked.
	Leaf func(reflect.Type) bool
	// Seen is called for every known key and list item with its path, the
	// line of the key (of the item, for list items) and the line its value
	// starts on.
	Seen func(key string, keyLine, valueLine int)
	// HideValues leaves the values out of the messages, which then name
	// only the key and line: a theme file may be any file (a post's
	// card.theme: .env), whose values must never be printed.
	HideValues bool
}

// Check walks n against t and returns the problems, in document order.
// Structs match by their yaml tags (inline embedded structs included);
// maps accept any key; lists check each item.
func Check(n *yaml.Node, t reflect.Type, o Options) []Problem {
	var ps []Problem
	walk(n, t, "", o, &ps)
	return ps
}

// quote is v quoted and a space before the rest of a message, or nothing
// when values are hidden.
func (o Options) quote(v string) string {
	if o.HideValues {
		return ""
	}
	return strconv.Quote(v) + " "
}

func walk(n *yaml.Node, t reflect.Type, prefix string, o Options, ps *[]Problem) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if o.Leaf != nil && o.Leaf(t) {
		return
	}
	path := func(k string) string { return strings.TrimPrefix(prefix+"."+k, ".") }
	switch t.Kind() {
	case reflect.Struct:
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return // the decoder reports the type error
		}
		for i, c := range n.Content {
			key := fmt.Sprintf("%s[%d]", strings.TrimPrefix(prefix, "."), i)
			if o.Seen != nil {
				o.Seen(key, c.Line, c.Line)
			}
			walk(c, t.Elem(), "."+key, o, ps)
		}
		return
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!null" {
				*ps = append(*ps, Problem{Line: n.Line, Key: strings.TrimPrefix(prefix, "."), Msg: "must be a mapping"})
			}
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := path(n.Content[i].Value)
			if o.Seen != nil {
				o.Seen(key, n.Content[i].Line, n.Content[i+1].Line)
			}
			walk(n.Content[i+1], t.Elem(), "."+key, o, ps)
		}
		return
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		// The decoder would cut 2.9 to 2 without a word.
		if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!int" && n.ShortTag() != "!!null" {
			*ps = append(*ps, Problem{Line: n.Line, Key: strings.TrimPrefix(prefix, "."), Msg: o.quote(n.Value) + "is not a whole number"})
		}
		return
	case reflect.Bool:
		// YAML 1.1's yes/no and on/off are booleans to the decoder too.
		yaml11 := slices.Contains([]string{"y", "yes", "n", "no", "on", "off"}, strings.ToLower(n.Value))
		if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!bool" && n.ShortTag() != "!!null" && !yaml11 {
			*ps = append(*ps, Problem{Line: n.Line, Key: strings.TrimPrefix(prefix, "."), Msg: o.quote(n.Value) + "must be true or false"})
		}
		return
	default:
		return
	}
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
			return
		}
		*ps = append(*ps, Problem{Line: n.Line, Key: strings.TrimPrefix(prefix, "."), Msg: "must be a mapping"})
		return
	}
	known := map[string]reflect.Type{}
	var names []string
	var collect func(t reflect.Type)
	collect = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")
			if f.Anonymous && slices.Contains(tag[1:], "inline") {
				collect(f.Type)
				continue
			}
			if tag[0] == "" || tag[0] == "-" || !f.IsExported() {
				continue
			}
			known[tag[0]] = f.Type
			names = append(names, tag[0])
		}
	}
	collect(t)
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn := n.Content[i]
		key := path(kn.Value)
		ft, ok := known[kn.Value]
		if !ok {
			msg := "unknown key"
			if s := didyoumean.Suggest(kn.Value, names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += fmt.Sprintf(" (known here: %s)", strings.Join(names, ", "))
			}
			*ps = append(*ps, Problem{Line: kn.Line, Key: key, Msg: msg})
			continue
		}
		if o.Seen != nil {
			o.Seen(key, kn.Line, n.Content[i+1].Line)
		}
		walk(n.Content[i+1], ft, "."+key, o, ps)
	}
}
