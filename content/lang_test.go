package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

func TestCanonicalLang(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when in is no language tag
	}{
		{"en", "en"},
		{"EN", "en"},
		{"pt-BR", "pt-BR"},
		{"pt_BR", "pt-BR"},
		{"en_US", "en-US"},
		{"en-us", "en-US"},
		{"zh-hant", "zh-Hant"},
		{"ZH_HANT_tw", "zh-Hant-TW"},
		{"sr-latn-rs", "sr-Latn-RS"},
		{"es-419", "es-419"},
		{"zh-YUE", "yue"}, // an extended language is its own language
		{"de-CH-1996", "de-CH-1996"},
		{"SL-ROZAJ-BISKE", "sl-rozaj-biske"},
		{"english please", ""},
		{"e n", ""},
		{"12", ""},
		{"e", ""},
		{"", ""},
		{"en-", ""},
		{"en--US", ""},
		{"en_US.UTF-8", ""},
		{"x-klingon", ""}, // site.language refuses it too
		// Extensions and private use, lower case after the singleton.
		{"en-US-x-twain", "en-US-x-twain"},
		{"de-de-U-CO-PHONEBK", "de-DE-u-co-phonebk"},
		{"en-x-AB", "en-x-ab"},
		{"en-x", ""},
		{"en-x-", ""},
		// Well-formed (RFC 5646), not only subtags of the right lengths.
		{"xx_yy_zz", ""},
		{"en-US-ZZ", ""},
		{"en-Latn-Latn", ""},
		{"en-a-b", ""},
		{"xx", ""}, // well-formed, but no language
		{"zh-yue-HK", "yue-HK"},
		{"iw", "he"}, // a deprecated code is its replacement
	}
	for _, tt := range tests {
		got, ok := CanonicalLang(tt.in)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("CanonicalLang(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.want != "")
		}
	}
}

// TestFieldsLangProblems checks a post's language in every format: the
// locale form is made a tag, and what is no tag fails the post naming the
// key as written and its line.
func TestFieldsLangProblems(t *testing.T) {
	tests := []struct {
		name, format, entry string
		want                string // Post.Lang
		problems            []diag.Problem
	}{
		{name: "locale form YAML", format: FormatYAML, entry: "lang: pt_BR", want: "pt-BR"},
		{name: "locale form TOML", format: FormatTOML, entry: `language = "en_US"`, want: "en-US"},
		{name: "locale form JSON", format: FormatJSON, entry: `"lang": "zh_hant_tw"`, want: "zh-Hant-TW"},
		{name: "lower-case region", format: FormatYAML, entry: "lang: en-gb", want: "en-GB"},
		{name: "blank is the default", format: FormatYAML, entry: "lang: ''", want: "en"},
		{
			name: "words", format: FormatYAML, entry: "lang: english please", want: "english please",
			problems: []diag.Problem{{Path: "p.md", Line: 3, Field: "lang",
				Message: `"english please" is not a language tag such as en or pt-BR`}},
		},
		{
			name: "spaced letters", format: FormatTOML, entry: `Language = "e n"`, want: "e n",
			problems: []diag.Problem{{Path: "p.md", Line: 3, Field: "Language",
				Message: `"e n" is not a language tag such as en or pt-BR`}},
		},
		{
			name: "number", format: FormatJSON, entry: `"lang": 12`, want: "12",
			problems: []diag.Problem{{Path: "p.md", Line: 3, Field: "lang",
				Message: `"12" is not a language tag such as en or pt-BR`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("p.md", []byte(fieldDoc(tt.format, tt.entry)), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if p.Lang != tt.want {
				t.Errorf("got Lang %q, want %q", p.Lang, tt.want)
			}
			if d := cmp.Diff(tt.problems, ps); d != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", d)
			}
		})
	}
}
