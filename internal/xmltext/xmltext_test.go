package xmltext

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		name               string
		in                 string
		text, attr, strict string
	}{
		{"plain", "plain", "plain", "plain", "plain"},
		{"empty", "", "", "", ""},
		{"markup", `& ' " < >`, `&amp; ' " &lt; &gt;`, `&amp; ' &quot; &lt; &gt;`, "&amp; &apos; &quot; &lt; &gt;"},
		{"cdata end", "]]>", "]]&gt;", "]]&gt;", "]]&gt;"},
		{"script", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;",
			"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"whitespace", "tab\tnl\ncr\r", "tab\tnl\ncr&#xD;", "tab&#x9;nl&#xA;cr&#xD;", "tab&#x9;nl&#xA;cr&#xD;"},
		{"controls", "nul\x00bell\x07esc\x1b.", "nulbellesc.", "nulbellesc.", "nulbellesc."},
		{"DEL and C1 are characters", "\x7f\u0085", "\x7f\u0085", "\x7f\u0085", "\x7f\u0085"},
		{"bad utf-8", "bad \xff\xfe utf8 \xe2\x82", "bad  utf8 ", "bad  utf8 ", "bad  utf8 "},
		{"surrogate", "surrogate \xed\xa0\x80!", "surrogate !", "surrogate !", "surrogate !"},
		{"nonchars", "a\uFFFEb\uFFFFc", "abc", "abc", "abc"},
		{"replacement char kept", "\uFFFD", "\uFFFD", "\uFFFD", "\uFFFD"},
		{"last plane", "\U0010FFFF", "\U0010FFFF", "\U0010FFFF", "\U0010FFFF"},
		{"scripts", "עברית 🚀 é 发射", "עברית 🚀 é 发射", "עברית 🚀 é 发射", "עברית 🚀 é 发射"},
		{"dropped beside escaped", "\x01&\x02", "&amp;", "&amp;", "&amp;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []string{
				string(AppendText(nil, tt.in)),
				string(AppendAttr(nil, tt.in)),
				string(AppendStrict(nil, tt.in)),
			}
			if d := cmp.Diff([]string{tt.text, tt.attr, tt.strict}, got); d != "" {
				t.Errorf("Append{Text,Attr,Strict}(%q) (-want +got):\n%s", tt.in, d)
			}
		})
	}
}

func TestAppendKeepsPrefix(t *testing.T) {
	if got := string(AppendText([]byte("<a>"), "x&y")); got != "<a>x&amp;y" {
		t.Errorf("AppendText onto <a> = %q", got)
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain ASCII\t\r\n", "plain ASCII\t\r\n"},
		{"emoji 👋🏽 RTL مرحبا \uFFFD", "emoji 👋🏽 RTL مرحبا \uFFFD"},
		{"\x00a\x1fb\x7fc", "ab\x7fc"},
		{"\uFFFE\uFFFFx", "x"},
		{"bad \xff\xfe utf-8 \xe2\x82", "bad  utf-8 "},
		{"\U0010FFFF", "\U0010FFFF"},
		{"& < > stay", "& < > stay"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsChar(t *testing.T) {
	tests := []struct {
		r    rune
		want bool
	}{
		{0x00, false}, {0x08, false}, {'\t', true}, {'\n', true}, {0x0B, false}, {0x0C, false},
		{'\r', true}, {0x1F, false}, {' ', true}, {0x7F, true}, {0xD7FF, true}, {0xD800, false},
		{0xDFFF, false}, {0xE000, true}, {0xFFFD, true}, {0xFFFE, false}, {0xFFFF, false},
		{0x10000, true}, {0x10FFFF, true}, {0x110000, false}, {-1, false},
	}
	for _, tt := range tests {
		if got := IsChar(tt.r); got != tt.want {
			t.Errorf("IsChar(%U) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

// FuzzEscape checks that every mode's output parses with encoding/xml, as
// element content and as an attribute value, and reads back as Clean(s):
// nothing but the characters XML cannot carry is lost or changed.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a&b<c>d\"e'f", "\t\n\r", "\x00\x0b\uFFFE\xff", "]]>", "\xed\xa0\x80", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := Clean(s)
		if !utf8.ValidString(want) {
			t.Fatalf("Clean(%q) = %q is not UTF-8", s, want)
		}
		for _, r := range want {
			if !IsChar(r) {
				t.Fatalf("Clean(%q) keeps %U", s, r)
			}
		}
		docs := map[string]string{
			"text":        "<e>" + string(AppendText(nil, s)) + "</e>",
			"attr":        `<e a="` + string(AppendAttr(nil, s)) + `"></e>`,
			"strict":      "<e>" + string(AppendStrict(nil, s)) + "</e>",
			"strict attr": `<e a='` + string(AppendStrict(nil, s)) + `'></e>`,
		}
		for name, doc := range docs {
			got, err := parse(doc)
			if err != nil {
				t.Fatalf("%s: %q does not parse: %v", name, doc, err)
			}
			if got != want {
				t.Errorf("%s: %q reads back as %q, want %q", name, doc, got, want)
			}
		}
	})
}

// parse returns the text of the one element in doc, or of its attribute a.
func parse(doc string) (string, error) {
	var v struct {
		A    *string `xml:"a,attr"`
		Text string  `xml:",chardata"`
	}
	d := xml.NewDecoder(strings.NewReader(doc))
	if err := d.Decode(&v); err != nil {
		return "", err
	}
	if v.A != nil {
		return *v.A, nil
	}
	return v.Text, nil
}
