// Package locale holds the words seopipe writes for a post's readers in
// the post's language: today the long date on its social cards. The data
// is CLDR's, through github.com/gohugoio/localescompressed, the package
// Hugo formats its own localized dates with, so a card's date reads as the
// site's date does.
//
// Functions here are safe for concurrent use.
package locale

import (
	"strings"
	"time"

	"github.com/gohugoio/locales"
	"github.com/gohugoio/localescompressed"
)

// Fallback is the locale of a language CLDR has no data for, nor for any
// of its parents.
const Fallback = "en"

// Resolve returns the CLDR locale that lang's words come from, and its
// translator: lang itself (a BCP 47 tag, "pt-BR", or Hugo's "pt_br"),
// else its parents with the last subtag dropped in turn ("de-CH-1996",
// "de-CH", "de"), else Fallback. It never fails: an unknown or empty
// language reads in English.
func Resolve(lang string) (string, locales.Translator) {
	tr := find(lang, func(locales.Translator) bool { return true })
	return tr.Locale(), tr
}

// LongDate returns t's calendar day (in t's location) as lang's CLDR long
// date: "December 8, 2026" in English, "8 décembre 2026" in French,
// "8. Dezember 2026" in German, "2026年12月8日" in Japanese. A locale
// whose CLDR data has no long date (Chechen, "ce") is passed over as one
// CLDR lacks.
func LongDate(lang string, t time.Time) string {
	var s string
	find(lang, func(tr locales.Translator) bool {
		s = tr.FmtDateLong(t)
		return s != ""
	})
	return s
}

// find returns the translator of lang, else of its parents, else
// Fallback's, taking only one that ok accepts (Fallback's always).
func find(lang string, ok func(locales.Translator) bool) locales.Translator {
	tag := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lang), "-", "_"))
	for tag != "" {
		if tr := localescompressed.GetTranslator(tag); tr != nil && ok(tr) {
			return tr
		}
		i := strings.LastIndexByte(tag, '_')
		if i < 0 {
			break
		}
		tag = tag[:i]
	}
	tr := localescompressed.GetTranslator(Fallback)
	ok(tr)
	return tr
}
