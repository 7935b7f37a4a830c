package locale

import (
	"testing"
	"time"
)

// TestLongDate: each language's CLDR long date, a regional tag read as
// its region's or else its language's, and a language CLDR lacks in
// English, without an error.
func TestLongDate(t *testing.T) {
	day := time.Date(2026, 12, 8, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		lang, locale, want string
	}{
		{"fr", "fr", "8 décembre 2026"},
		{"de", "de", "8. Dezember 2026"},
		{"ja", "ja", "2026年12月8日"},
		{"pt-BR", "pt_BR", "8 de dezembro de 2026"},
		{"pt_br", "pt_BR", "8 de dezembro de 2026"}, // Hugo's spelling of a language key
		{"ar", "ar", "8 ديسمبر 2026"},
		{"en", "en", "December 8, 2026"},
		{"en-GB", "en_GB", "8 December 2026"},
		{"de-CH-1996", "de_CH", "8. Dezember 2026"}, // the variant dropped, the region kept
		{"fr-XY", "fr", "8 décembre 2026"},          // an unknown region: its language
		{"xx", Fallback, "December 8, 2026"},        // an unknown language: English
		{"xx-YY", Fallback, "December 8, 2026"},
		{"", Fallback, "December 8, 2026"},
		{" _-", Fallback, "December 8, 2026"},
		{"ce", "ce", "December 8, 2026"}, // CLDR has Chechen, but no long date for it
	}
	for _, tt := range tests {
		loc, _ := Resolve(tt.lang)
		if loc != tt.locale {
			t.Errorf("Resolve(%q) = %q, want %q", tt.lang, loc, tt.locale)
		}
		if got := LongDate(tt.lang, day); got != tt.want {
			t.Errorf("LongDate(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
}

// TestLongDateKeepsTheLocation: the day is the one in the date's own
// location (the post's timezone), not UTC's.
func TestLongDateKeepsTheLocation(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	day := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC).In(paris)
	if got, want := LongDate("fr", day), "1 janvier 2027"; got != want {
		t.Errorf("LongDate = %q, want %q", got, want)
	}
}

// FuzzResolve: any language string resolves to a locale, and its long
// date is never empty.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"fr", "de", "ja", "pt-BR", "pt_br", "ar", "xx", "", "de-CH-1996", "zh-Hant-TW", "_", "-fr", "fr_"} {
		f.Add(s)
	}
	day := time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, lang string) {
		loc, tr := Resolve(lang)
		if loc == "" || tr == nil {
			t.Fatalf("Resolve(%q) = %q, %v", lang, loc, tr)
		}
		if LongDate(lang, day) == "" {
			t.Fatalf("LongDate(%q) is empty", lang)
		}
	})
}
