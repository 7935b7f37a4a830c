package yamlkeys

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

type colour struct{}

type inner struct {
	Name string `yaml:"name"`
}

type base struct {
	Size int `yaml:"size"`
}

type doc struct {
	Title  string            `yaml:"title"`
	Inner  inner             `yaml:"inner"`
	Items  []inner           `yaml:"items"`
	Tags   map[string]*inner `yaml:"tags"`
	Colour colour            `yaml:"colour"`
	base   `yaml:",inline"`
	Hidden string `yaml:"-"`
}

func TestCheck(t *testing.T) {
	src := `titel: x
size: 3
inner:
  nmae: y
items:
  - name: a
  - nam: b
tags:
  anything:
    name: z
    extra: 1
colour:
  whatever: 1
inner2: 7
Hidden: 1
`
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	seen := map[string][2]int{}
	got := Check(n.Content[0], reflect.TypeOf(doc{}), Options{
		Leaf: func(t reflect.Type) bool { return t == reflect.TypeOf(colour{}) },
		Seen: func(key string, kl, vl int) { seen[key] = [2]int{kl, vl} },
	})
	want := []Problem{
		{Line: 1, Key: "titel", Msg: `unknown key; did you mean "title"?`},
		{Line: 4, Key: "inner.nmae", Msg: `unknown key; did you mean "name"?`},
		{Line: 7, Key: "items[1].nam", Msg: `unknown key; did you mean "name"?`},
		{Line: 11, Key: "tags.anything.extra", Msg: "unknown key (known here: name)"},
		{Line: 14, Key: "inner2", Msg: `unknown key; did you mean "inner"?`},
		{Line: 15, Key: "Hidden", Msg: "unknown key (known here: title, inner, items, tags, colour, size)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	for key, lines := range map[string][2]int{"size": {2, 2}, "inner": {3, 4}, "items[0]": {6, 6}, "items[1]": {7, 7},
		"items[0].name": {6, 6}, "tags.anything": {9, 10}, "tags.anything.name": {10, 10}, "colour": {12, 13}} {
		if seen[key] != lines {
			t.Errorf("seen %q at %v, want %v", key, seen[key], lines)
		}
	}
	var m yaml.Node
	if err := yaml.Unmarshal([]byte("inner: [1]\n"), &m); err != nil {
		t.Fatal(err)
	}
	if got := Check(m.Content[0], reflect.TypeOf(doc{}), Options{}); len(got) != 1 || got[0].Msg != "must be a mapping" || got[0].Key != "inner" {
		t.Errorf("a list for a struct: %+v", got)
	}
}

// TestScalarTypes: a fraction or a word where a whole number or a boolean
// goes is a problem (the decoder would cut 2.9 to 2, or say !!str), and so
// is a list where a mapping goes.
func TestScalarTypes(t *testing.T) {
	type typed struct {
		N    int              `yaml:"n"`
		On   bool             `yaml:"on"`
		F    *float64         `yaml:"f"`
		Map  map[string]inner `yaml:"map"`
		Name string           `yaml:"name"`
	}
	tests := []struct {
		src  string
		want []Problem
	}{
		{"n: 3\non: true\nf: 2\nmap: {a: {name: x}}\nname: 5\n", nil},
		{"n: ~\non: ~\nmap: ~\n", nil},
		{"n: 2.9\n", []Problem{{Line: 1, Key: "n", Msg: `"2.9" is not a whole number`}}},
		{"n: 1e1\n", []Problem{{Line: 1, Key: "n", Msg: `"1e1" is not a whole number`}}},
		{"n: ten\n", []Problem{{Line: 1, Key: "n", Msg: `"ten" is not a whole number`}}},
		{"on: maybe\n", []Problem{{Line: 1, Key: "on", Msg: `"maybe" must be true or false`}}},
		{"on: yes\n", nil}, // YAML 1.1's, which the decoder takes
		{"on: \"true\"\n", []Problem{{Line: 1, Key: "on", Msg: `"true" must be true or false`}}},
		{"map:\n  - a\n", []Problem{{Line: 2, Key: "map", Msg: "must be a mapping"}}},
	}
	for _, tt := range tests {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(tt.src), &n); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, Check(n.Content[0], reflect.TypeOf(typed{}), Options{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.src, diff)
		}
	}
}
