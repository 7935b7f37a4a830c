package hugo

import (
	"testing"
	"unicode/utf8"
)

// The makePath cases are Hugo's rules (helpers/path.go UnicodeSanitize);
// the first ones are file names and titles whose paths hugo 0.111 and
// 0.165 published (testdata/permalinks.txtar).
var makePathTests = []struct {
	in    string
	rules pathRules
	want  string
}{
	{"code_syntax", pathRules{}, "code_syntax"},
	{"Release-V2.0", pathRules{}, "release-v2.0"},
	{"with space é", pathRules{}, "with-space-é"},
	{"Hello World, Ünïcode & Co!", pathRules{}, "hello-world-ünïcode-co"},
	{"Page One", pathRules{}, "page-one"},
	{"Crème_Brûlée", pathRules{removeAccents: true, keepCase: true}, "Creme_Brulee"},
	{"Crème_Brûlée", pathRules{keepCase: true}, "Crème_Brûlée"},
	{"a - b", pathRules{}, "a-b"},               // a space before a "-" adds none
	{"  lead", pathRules{}, "lead"},             // no "-" before the first kept character
	{"trail  ", pathRules{}, "trail"},           // nor after the last
	{"c++ & c#", pathRules{}, "c++-c#"},         // + and # are kept
	{"100%25 sure", pathRules{}, "100%25-sure"}, // an escape is kept, a bare % is not
	{"50% off", pathRules{}, "50-off"},
	{"user@host~x", pathRules{}, "user@host~x"},
	{"a/b\\c", pathRules{}, "a/b\\c"},
	{"日本語 タイトル", pathRules{}, "日本語-タイトル"},
	{"A\tB\nC", pathRules{}, "a-b-c"},
	{"?!*", pathRules{}, ""},
}

// urlizeTests are titles whose :title paths hugo 0.165 published.
var urlizeTests = []struct{ in, want string }{
	{"a+b", "a-b"},
	{"x#y", "x#y"},
	{"1%41z", "1az"},
	{"q.r_s", "q.r_s"},
	{"c++", "c"},
	{"a#b c", "a#b-c"},
	{"u~v@w", "u~v@w"},
	{`back\\slash`, `back\\slash`},
	{"sl/ash", "sl/ash"},
	{"c++ & c#", "c-c"},
	{"50%% off", "50-off"},
	{"日本語 タイトル", "日本語-タイトル"},
}

func TestURLize(t *testing.T) {
	for _, tt := range urlizeTests {
		if got := (pathRules{}).urlize(tt.in); got != tt.want {
			t.Errorf("urlize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMakePath(t *testing.T) {
	for _, tt := range makePathTests {
		if got := tt.rules.sanitize(tt.in); got != tt.want {
			t.Errorf("sanitize(%q, %+v) = %q, want %q", tt.in, tt.rules, got, tt.want)
		}
	}
}

func FuzzMakePath(f *testing.F) {
	for _, tt := range makePathTests {
		f.Add(tt.in, tt.rules.removeAccents, tt.rules.keepCase)
	}
	f.Fuzz(func(t *testing.T, s string, accents, keepCase bool) {
		r := pathRules{removeAccents: accents, keepCase: keepCase}
		got := r.sanitize(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("sanitize(%q) = %q: not UTF-8", s, got)
		}
		if again := r.sanitize(got); again != got {
			t.Fatalf("sanitize not idempotent: %q, then %q", got, again)
		}
		_ = escapePath("/" + r.urlize(s))
	})
}
