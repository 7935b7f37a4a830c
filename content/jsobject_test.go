package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

var jsCmp = cmp.AllowUnexported(jsObject{}, jsEntry{}, jsSkipped{})

// obj builds a jsObject of key, line, value triples.
func obj(kv ...any) *jsObject {
	o := &jsObject{}
	for i := 0; i+2 < len(kv)+1; i += 3 {
		o.entries = append(o.entries, jsEntry{key: kv[i].(string), line: kv[i+1].(int), value: kv[i+2]})
	}
	return o
}

// TestJSObjectValues: what the reader reads, each on line 1 unless said.
func TestJSObjectValues(t *testing.T) {
	tests := []struct {
		name, src string
		want      any // the value of key v
	}{
		{"single quotes", `'It\'s'`, "It's"},
		{"double quotes", `"say \"hi\""`, `say "hi"`},
		{"a template without ${}", "`a\nb`", "a\nb"},
		{"a template with an escaped ${", "`\\${x}`", "${x}"},
		{"escapes", `'\n\t\r\b\f\v\0\\\/\q'`, "\n\t\r\b\f\v\x00\\/q"},
		{"hex and unicode escapes", `'\x41\u00e9\u{1F600}'`, "Aé😀"},
		{"a surrogate pair", `'\uD83D\uDE00'`, "😀"},
		{"a lone surrogate", `'\uD83Dx'`, "\uFFFDx"},
		{"a line continuation", "'a\\\nb'", "ab"},
		{"U+2028 in a string", "'a\u2028b'", "a\u2028b"},
		{"an integer", `42`, int64(42)},
		{"a negative one", `- 7`, int64(-7)},
		{"a plus sign", `+7`, int64(7)},
		{"separators", `1_000_000`, int64(1000000)},
		{"hex", `0xFF`, int64(255)},
		{"octal", `0o17`, int64(15)},
		{"binary", `0b101`, int64(5)},
		{"a fraction", `1.5`, 1.5},
		{"a leading dot", `.5`, 0.5},
		{"a trailing dot", `2.`, 2.0},
		{"an exponent", `1e3`, 1000.0},
		{"past int64", `9223372036854775808`, 9223372036854775808.0},
		{"past float64: kept as text", `1e400`, "1e400"},
		{"true", `true`, true},
		{"false", `false`, false},
		{"null", `null`, nil},
		{"a list with a trailing comma", `[1, 'a', ]`, []any{int64(1), "a"}},
		{"an empty list", `[]`, []any{}},
		{"nested", `{ a: [ { b: null } ] }`, obj("a", 1, []any{obj("b", 1, nil)})},
		{"a comment inside", `/* c */ 'x' // d`, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "{ v: " + tt.src + "\n}"
			o, err := newJSReader([]byte(src)).readObject()
			if err != nil {
				t.Fatalf("readObject(%q): %v", src, err)
			}
			if d := cmp.Diff(obj("v", 1, tt.want), o, jsCmp); d != "" {
				t.Errorf("readObject(%q) (-want +got):\n%s", src, d)
			}
		})
	}
}

// TestJSObjectShapes: keys, lines, comments, trailing commas, and what is
// not evaluated.
func TestJSObjectShapes(t *testing.T) {
	tests := []struct {
		name, src string
		want      *jsObject
	}{
		{"empty", "{}", obj()},
		{
			name: "keys bare, quoted and numeric, one a line",
			src:  "{\n  title: 'T',\n  'og:x': 1,\n  \"a b\": 2,\n  3: 'c',\n  $_é1: true,\n}",
			want: obj("title", 2, "T", "og:x", 3, int64(1), "a b", 4, int64(2), "3", 5, "c", "$_é1", 6, true),
		},
		{
			name: "comments everywhere",
			src:  "{ // one\n  /* two\n  lines */ a /* x */ : /* y */ 1 /* z */, // three\n  b: 2 }",
			want: obj("a", 3, int64(1), "b", 4, int64(2)),
		},
		{
			name: "a repeated key is kept twice",
			src:  "{ a: 1,\n a: 2 }",
			want: obj("a", 1, int64(1), "a", 2, int64(2)),
		},
		{
			name: "a variable, a call, new Date, an expression",
			src:  "{\n  a: ogImage,\n  b: fn('x', [1, 2]),\n  c: new Date('2024-05-07'),\n  d: 'a' + b,\n  e: x.y,\n  f: undefined,\n}",
			want: obj("a", 2, jsSkipped{"ogImage", 2}, "b", 3, jsSkipped{"fn('x', [1, 2])", 3}, "c", 4, jsSkipped{"new Date('2024-05-07')", 4},
				"d", 5, jsSkipped{"'a' + b", 5}, "e", 6, jsSkipped{"x.y", 6}, "f", 7, jsSkipped{"undefined", 7}),
		},
		{
			name: "templates with ${}, and what a literal would misread",
			src:  "{ a: `${x} and ${ {y: '}'}.y }`, b: 10n, c: 08, d: -x, e: [1, 2].length, f: 0x, g: 1.toString() }",
			want: obj("a", 1, jsSkipped{"`${x} and ${ {y: '}'}.y }`", 1}, "b", 1, jsSkipped{"10n", 1}, "c", 1, jsSkipped{"08", 1},
				"d", 1, jsSkipped{"-x", 1}, "e", 1, jsSkipped{"[1, 2].length", 1}, "f", 1, jsSkipped{"0x", 1}, "g", 1, jsSkipped{"1.toString()", 1}),
		},
		{
			name: "a function spanning lines",
			src:  "{\n  a: () => {\n    return { b: 1 }\n  },\n  c: 2,\n}",
			want: obj("a", 2, jsSkipped{"() => { return { b: 1 } }", 2}, "c", 5, int64(2)),
		},
		{
			name: "a spread, a shorthand, a computed key, methods",
			src:  "{\n  ...base,\n  title,\n  [k]: 1,\n  m() { return 1 },\n  get g() { return 2 },\n  async *n() {},\n  ok: 1,\n}",
			want: obj("", 2, jsSkipped{"...base", 2}, "", 3, jsSkipped{"title", 3}, "", 4, jsSkipped{"[k]: 1", 4},
				"", 5, jsSkipped{"m() { return 1 }", 5}, "", 6, jsSkipped{"get g() { return 2 }", 6},
				"", 7, jsSkipped{"async *n() {}", 7}, "ok", 8, int64(1)),
		},
		{
			name: "items not read, and a hole",
			src:  "{ a: [x, , 'y', f()] }",
			want: obj("a", 1, []any{jsSkipped{"x", 1}, jsSkipped{"", 1}, "y", jsSkipped{"f()", 1}}),
		},
		{"a semicolon after it", "{ a: 1 };", obj("a", 1, int64(1))},
		{"another declaration after it", "{ a: 1 }, b = 2", obj("a", 1, int64(1))},
		{"a comment after it", "{ a: 1 } // the post's", obj("a", 1, int64(1))},
		{"text on the next line", "{ a: 1 }\n\n# Title /* x", obj("a", 1, int64(1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := newJSReader([]byte(tt.src)).readObject()
			if err != nil {
				t.Fatalf("readObject(%q): %v", tt.src, err)
			}
			if d := cmp.Diff(tt.want, o, jsCmp); d != "" {
				t.Errorf("readObject(%q) (-want +got):\n%s", tt.src, d)
			}
		})
	}
}

// TestJSObjectErrors: text that is no JavaScript, or no object literal,
// fails the whole literal at the line where reading stopped.
func TestJSObjectErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      lineError
	}{
		{"a call", "buildMetadata('x')", lineError{1, "is not an object literal { … }"}},
		{"a variable on the next line", "\n  base", lineError{2, "is not an object literal { … }"}},
		{"an object that goes on", "{ a: 1 }.a", lineError{1, `is not a plain object literal: ".a" follows it`}},
		{"TypeScript's satisfies", "{\n  a: 1,\n} satisfies Metadata", lineError{3, `is not a plain object literal: "satisfies Metadata" follows it`}},
		{"unterminated string", "{\n  title: 'T,\n  b: 1,\n}", lineError{2, "unterminated string"}},
		{"unterminated object", "{\n  a: 1,\n", lineError{1, "unterminated object: no closing }"}},
		{"unterminated list", "{ a: [1,\n2", lineError{1, "unterminated list: no closing ]"}},
		{"unterminated template", "{ a: `x\n\n", lineError{1, "unterminated template string"}},
		{"unterminated ${", "{ a: `${x`", lineError{1, "unterminated template string"}},
		{"unterminated comment", "{ a: 1, /* x\n}", lineError{1, "unterminated /* comment"}},
		{"a missing comma", "{\n  a: 1\n  b: 2\n}", lineError{3, `expected , or } after a value, found "b: 2"`}},
		{"a missing value", "{ a: , b: 1 }", lineError{1, "a value is missing"}},
		{"a missing value at the end", "{ a: }", lineError{1, "a value is missing"}},
		{"no key", "{ : 1 }", lineError{1, `expected a key, found ": 1 }"`}},
		{"an octal escape", `{ a: '\1' }`, lineError{1, `octal escape \1 is not allowed in a module`}},
		{"a bad hex escape", `{ a: '\xZ1' }`, lineError{1, `bad \x escape: two hex digits must follow`}},
		{"a bad unicode escape", `{ a: '\u{110000}' }`, lineError{1, `bad \u{…} escape: hex digits up to 10FFFF must follow`}},
		{"an unbalanced bracket", "{ a: f(1]) }", lineError{1, "unbalanced ]"}},
		{"a bracket closed by another", "{ a: f(1 }", lineError{1, "unbalanced }"}},
		{"an unclosed bracket", "{ a: f(\n1", lineError{2, "unterminated expression: a bracket is not closed"}},
		{"a stray )", "{ a: 1) }", lineError{1, "unbalanced )"}},
		{"a missing comma in a list", "{ a: ['x' 'y'] }", lineError{1, `expected , or ] after a value, found "'y'] }"`}},
		{"too deep", "{ a: " + repeat("[", maxJSDepth+1) + repeat("]", maxJSDepth+1) + " }", lineError{1, "nested over 64 levels deep"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := newJSReader([]byte(tt.src)).readObject()
			if err == nil {
				t.Fatalf("readObject(%q) = %v, want an error", tt.src, o)
			}
			le, ok := err.(*lineError)
			if !ok {
				t.Fatalf("readObject(%q): %T %v, want a *lineError", tt.src, err, err)
			}
			if d := cmp.Diff(tt.want, *le, cmp.AllowUnexported(lineError{})); d != "" {
				t.Errorf("readObject(%q) error (-want +got):\n%s", tt.src, d)
			}
		})
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
