package content

import "golang.org/x/text/language"

// CanonicalLang returns s as a BCP 47 tag in its canonical form, as
// golang.org/x/text/language reads and writes it, reporting whether s is a
// language tag at all. The POSIX locale form that many tools write (pt_BR,
// en_US) is taken too: sitemaps (hreflang), og:locale and JSON-LD need the
// tag, and a post keeping "pt_BR" would drop its whole translation group
// from the sitemap. A tag of private use alone (x-klingon) names no
// language and is refused. internal/config reads site.language with it
// too, so a post's default language and its own compare equal.
func CanonicalLang(s string) (string, bool) {
	tag, err := language.Parse(s)
	if err != nil {
		return "", false
	}
	if base, _, _ := tag.Raw(); base.String() == "und" && tag.String() != "und" {
		return "", false
	}
	return tag.String(), true
}
