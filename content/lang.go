package content

import (
	"regexp"
	"strings"
)

// langRE is a well-formed language tag (RFC 5646 section 2.1), in any case:
// a 2–3 letter language and up to three extended languages (zh-yue), a
// script (Hant), a region (BR, 419), variants (1996, rozaj), extensions
// (u-co-phonebk) and private use (x-twain). xx-YY-ZZ is none: ZZ would be
// a second region.
var langRE = regexp.MustCompile(`(?i)^[a-z]{2,3}(-[a-z]{3}){0,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?` +
	`(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(-[0-9a-wy-z](-[a-z0-9]{2,8})+)*(-x(-[a-z0-9]{1,8})+)?$`)

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
