package content

import (
	"regexp"
	"strings"
)

// langRE is the shape of a language tag: a 2–3 letter language, then
// subtags of 2–8 letters or digits, then extensions and private use, each
// a one-character singleton and subtags of 1–8 (en-US-x-twain,
// de-DE-u-co-phonebk).
var langRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*(-[A-Za-z0-9](-[A-Za-z0-9]{1,8})+)*$`)

// CanonicalLang returns s as a BCP 47 tag in its canonical case (RFC 5646
// section 2.1.1), reporting whether s is a language tag at all. The POSIX
// locale form that many tools write (pt_BR, en_US) is taken too: sitemaps
// (hreflang), og:locale and JSON-LD need the tag, and a post keeping "pt_BR"
// would drop its whole translation group from the sitemap. internal/config
// reads site.language with it too, so a post's default language and its
// own compare equal.
func CanonicalLang(s string) (string, bool) {
	s = strings.ReplaceAll(s, "_", "-")
	if !langRE.MatchString(s) {
		return "", false
	}
	subs := strings.Split(s, "-")
	ext := false // after a singleton: all lower case
	for i, sub := range subs {
		ext = ext || i > 0 && len(sub) == 1
		switch {
		case i == 0 || ext:
			sub = strings.ToLower(sub)
		case len(sub) == 4 && isLetters(sub): // script: zh-Hant
			sub = strings.ToUpper(sub[:1]) + strings.ToLower(sub[1:])
		case len(sub) == 2 && isLetters(sub): // region: pt-BR (3-digit regions have no case)
			sub = strings.ToUpper(sub)
		default: // extended language, variant
			sub = strings.ToLower(sub)
		}
		subs[i] = sub
	}
	return strings.Join(subs, "-"), true
}

func isLetters(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
