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

// LangParts reads the language, script and region of a language tag
// ("zh-Hant-TW", "pt_BR" too, in any case), for emitters that map it to
// another form (og:locale, a news sitemap's language): the language in
// lower case, the script in title case, the region in upper case (a
// 2-letter country or 3 digits), each "" when absent. Extensions and
// private use say none of them. It reports false for a tag that names no
// language: its first subtag is not 2–3 letters, or is und, mul, mis, zxx
// or one reserved for local use (qaa–qtz).
func LangParts(tag string) (lang, script, region string, ok bool) {
	subs := strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' })
	if len(subs) == 0 {
		return "", "", "", false
	}
	lang = strings.ToLower(subs[0])
	if len(lang) < 2 || len(lang) > 3 || !isLetters(lang) ||
		lang == "und" || lang == "mul" || lang == "mis" || lang == "zxx" || lang >= "qaa" && lang <= "qtz" {
		return "", "", "", false
	}
	for _, s := range subs[1:] {
		switch {
		case len(s) == 1: // an extension or private use: the rest is its
			return lang, script, region, true
		case len(s) == 4 && isLetters(s) && script == "" && region == "":
			script = strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
		case len(s) == 2 && isLetters(s) && region == "":
			region = strings.ToUpper(s)
		case len(s) == 3 && strings.Trim(s, "0123456789") == "" && region == "":
			region = s
		}
	}
	return lang, script, region, true
}
