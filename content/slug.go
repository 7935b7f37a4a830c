package content

import (
	"errors"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckSlug reports why s cannot be a slug, or nil. A slug becomes a path
// segment on disk and in URLs, so nothing in it may climb out of the output
// directory or hide a file.
func CheckSlug(s string) error {
	switch {
	case s == "":
		return errors.New("is empty")
	case !utf8.ValidString(s):
		return errors.New("is not valid UTF-8")
	case strings.ContainsAny(s, `/\`):
		return errors.New("must not contain / or \\ (it names one directory)")
	case strings.Contains(s, ".."):
		return errors.New(`must not contain ".."`)
	case strings.HasPrefix(s, "."):
		return errors.New("must not start with a dot")
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return errors.New("must not contain control characters")
	case strings.TrimSpace(s) != s:
		return errors.New("must not start or end with white space")
	case len(s) > 200:
		return errors.New("is over 200 bytes long")
	}
	return nil
}

var datePrefixRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})-`) // Jekyll's: 2024-5-8- too

// SlugFromPath derives a slug from a content file path: the file name without
// its extension and without a Jekyll-style leading "YYYY-MM-DD-"; for a page
// bundle (".../my-post/index.md") or a Next.js page (".../my-post/page.mdx")
// the directory name. It keeps what Hugo keeps of a file name in a URL
// (fileSlug): "code_syntax.md" is code_syntax, "release-v2.0.md"
// release-v2.0.
func SlugFromPath(p string) string {
	return fileSlug(datePrefixRE.ReplaceAllString(postName(p), ""))
}

// fileSlug makes a file name a slug as Hugo makes it a URL segment: lower
// case (Hugo's disablePathToLower is off by default), letters, digits,
// "_" and "." kept, every run of anything else ("-", spaces, "&", "#")
// one "-". Dots are kept one at a time and not at either end, so that a
// slug, which names the post's output files too, stays a safe file name
// ("a..b" is a.b).
func fileSlug(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	sep := byte(0) // a separator owed before the next kept character
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_':
			if sep != 0 && b.Len() > 0 {
				b.WriteByte(sep)
			}
			sep = 0
			b.WriteRune(unicode.ToLower(r))
		case r == '.':
			if sep == 0 {
				sep = '.'
			}
		default:
			sep = '-'
		}
	}
	return b.String()
}

// postName is the name a content file path gives its post: the file name
// without its extension, or the directory name for a page bundle
// (".../my-post/index.md", Hugo's) and a page of Next.js's app router
// (".../my-post/page.mdx" or page.md), whose folder is its URL segment.
func postName(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	base := path.Base(p)
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "index" || name == "_index" || name == "page" {
		if dir := path.Base(path.Dir(p)); dir != "." && dir != "/" {
			name = dir
		}
	}
	return name
}
