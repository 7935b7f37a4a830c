package post

import (
	"strings"
	"unicode"
)

// Slugify makes a name a URL segment, the form of a Slug: it lower-cases
// s and turns every run of characters other than letters and digits into
// one "-": "Cloud & Infrastructure" becomes "cloud-infrastructure". Letters
// outside ASCII are kept. Category pages, person ids and heading ids are
// made with it.
func Slugify(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	return b.String()
}
