package jekyll

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
)

// styles are Jekyll's named permalink styles and the patterns they stand
// for (Jekyll 4.3's Configuration::STYLE_TO_PERMALINK).
var styles = map[string]string{
	"none":     "/:categories/:title:output_ext",
	"date":     "/:categories/:year/:month/:day/:title:output_ext",
	"ordinal":  "/:categories/:year/:y_day/:title:output_ext",
	"pretty":   "/:categories/:year/:month/:day/:title/",
	"weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}

// styleTemplate is the posts' pattern for the site's permalink: a style's
// pattern, or the permalink itself.
func styleTemplate(permalink string) string {
	if t, ok := styles[permalink]; ok {
		return t
	}
	return permalink
}

// collectionTemplate is the pattern of a collection that sets no
// permalink of its own: /:collection/:path, ended as the site's
// permalink ends (Jekyll's Utils.add_permalink_suffix).
func collectionTemplate(sitePermalink string) string {
	t := "/:collection/:path"
	switch sitePermalink {
	case "pretty":
		return t + "/"
	case "date", "ordinal", "none":
		return t + ":output_ext"
	}
	if strings.HasSuffix(sitePermalink, "/") {
		t += "/"
	}
	if strings.HasSuffix(sitePermalink, ":output_ext") {
		t += ":output_ext"
	}
	return t
}

// Placeholders are the placeholders of Jekyll 4.3's permalinks (its
// UrlDrop), in the order its documentation lists them.
var Placeholders = []string{
	"year", "short_year", "month", "i_month", "short_month", "long_month",
	"day", "i_day", "y_day", "w_year", "week", "w_day", "short_day", "long_day",
	"hour", "minute", "second", "title", "slug", "name", "path",
	"categories", "slugified_categories", "collection", "output_ext",
}

// dateLayouts are the date placeholders as Go layouts; week, w_year and
// w_day are ISO 8601's and computed.
var dateLayouts = map[string]string{
	"year": "2006", "short_year": "06", "month": "01", "i_month": "1",
	"short_month": "Jan", "long_month": "January", "day": "02", "i_day": "2",
	"short_day": "Mon", "long_day": "Monday",
	"hour": "15", "minute": "04", "second": "05",
}

// doc is what a pattern is filled with: one post or collection document.
type doc struct {
	collection string
	// relPath is the file's path relative to the collections dir
	// ("_posts/2024-05-07-a.md", "blog/_posts/…", "_recipes/x.md").
	relPath string
	// slug is the front matter's slug, else the file name's (without its
	// date, extension and trailing dots).
	slug       string
	categories []string
	date       time.Time
	outputExt  string
}

// placeholderRE is Jekyll's.
var placeholderRE = regexp.MustCompile(`:([a-z_]+)`)

// UnknownPlaceholderError is a pattern's placeholder that Jekyll does not
// have: Jekyll stops the build on it.
type UnknownPlaceholderError struct{ Name string }

func (e *UnknownPlaceholderError) Error() string {
	return fmt.Sprintf("unknown placeholder :%s (Jekyll 4.3 has :%s)", e.Name, strings.Join(Placeholders, ", :"))
}

// CheckPattern reports the first placeholder of pattern Jekyll does not
// know, or nil.
func CheckPattern(pattern string) error {
	for _, m := range placeholderRE.FindAllStringSubmatch(pattern, -1) {
		if _, ok := resolveName(m[1]); !ok {
			return &UnknownPlaceholderError{Name: m[1]}
		}
	}
	return nil
}

// resolveName is Jekyll's rule for a name followed by "_": ":month_:day"
// is :month, then "_".
func resolveName(name string) (string, bool) {
	if slices.Contains(Placeholders, name) {
		return name, true
	}
	if base, ok := strings.CutSuffix(name, "_"); ok && slices.Contains(Placeholders, base) {
		return base, true
	}
	return "", false
}

// expand fills pattern for d as Jekyll's URL does and returns the URL
// path, percent-encoded. Jekyll escapes each placeholder's value, then
// turns every ".." into "/", drops every "./" and squeezes repeated
// slashes; the result is decoded and encoded again so that a literal
// part of the pattern ("/my posts/") is encoded as a value is.
func expand(pattern string, d *doc) (string, error) {
	var err error
	out := placeholderRE.ReplaceAllStringFunc(pattern, func(m string) string {
		name, ok := resolveName(m[1:])
		if !ok {
			if err == nil {
				err = &UnknownPlaceholderError{Name: m[1:]}
			}
			return m
		}
		return escapeValue(d.placeholder(name)) + m[1+len(name):]
	})
	if err != nil {
		return "", err
	}
	out = strings.ReplaceAll("/"+out, "..", "/")
	out = strings.ReplaceAll(out, "./", "")
	out = squeezeSlashes(out)
	return (&url.URL{Path: unescape(out)}).EscapedPath(), nil
}

// placeholder is the value of one of Placeholders for d.
func (d *doc) placeholder(name string) string {
	if layout, ok := dateLayouts[name]; ok {
		return d.date.Format(layout)
	}
	switch name {
	case "y_day":
		return fmt.Sprintf("%03d", d.date.YearDay())
	case "w_year":
		y, _ := d.date.ISOWeek()
		return fmt.Sprintf("%04d", y)
	case "week":
		_, w := d.date.ISOWeek()
		return fmt.Sprintf("%02d", w)
	case "w_day":
		wd := int(d.date.Weekday())
		if wd == 0 {
			wd = 7
		}
		return fmt.Sprint(wd)
	case "title":
		return Slugify(d.slug, "pretty", true)
	case "slug":
		return Slugify(d.slug, "default", false)
	case "name":
		return Slugify(baseNoExt(d.relPath), "default", false)
	case "path":
		return cleanedPath(d.relPath, d.collection)
	case "categories", "slugified_categories":
		var segs []string
		for _, c := range d.categories {
			if name == "categories" {
				c = strings.ToLower(c)
			} else {
				c = Slugify(c, "default", false)
			}
			if !slices.Contains(segs, c) {
				segs = append(segs, c)
			}
		}
		return strings.Join(segs, "/")
	case "collection":
		return d.collection
	case "output_ext":
		return d.outputExt
	}
	return ""
}

// cleanedPath is Jekyll's cleaned_relative_path: the document's path
// relative to the collections dir, without its extension, with the first
// "_label" taken out and the trailing dots removed.
func cleanedPath(rel, label string) string {
	p := strings.TrimSuffix(rel, extName(rel))
	p = strings.Replace(p, "_"+label, "", 1)
	return strings.TrimRight(p, ".")
}

// baseNoExt is Ruby's File.basename(path, ".*").
func baseNoExt(rel string) string {
	base := rel[strings.LastIndex(rel, "/")+1:]
	return strings.TrimSuffix(base, extName(base))
}

// extName is Ruby's File.extname: the last extension of the base name,
// none for a name that starts with its only dot or ends with a dot.
func extName(p string) string {
	base := p[strings.LastIndex(p, "/")+1:]
	i := strings.LastIndex(base, ".")
	if i <= 0 || i == len(base)-1 {
		return ""
	}
	for _, r := range base[:i] { // ".x" and "..x" have none
		if r != '.' {
			return base[i:]
		}
	}
	return ""
}

func squeezeSlashes(s string) string {
	for strings.Contains(s, "//") {
		s = strings.ReplaceAll(s, "//", "/")
	}
	return s
}

// safeValue is the set Jekyll leaves a value as it is in: ^[a-zA-Z0-9./-]+$.
func safeValue(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '/' || c == '-') {
			return false
		}
	}
	return true
}

// escapeValue percent-encodes what a value would otherwise add to the
// URL's syntax: the result is decoded again, so only the characters that
// unescape treats specially matter ("%").
func escapeValue(s string) string {
	if s == "" || safeValue(s) {
		return s
	}
	return strings.ReplaceAll(s, "%", "%25")
}

// unescape decodes every valid %XX and leaves any other "%" as it is,
// as Addressable's unencode does.
func unescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// prettyExtra are the characters Jekyll's "pretty" slugs keep besides
// letters, marks and digits.
const prettyExtra = "._~!$&'()+,;=@"

// Slugify is Jekyll's Utils.slugify for the modes its permalinks use:
// "default" replaces every run of characters other than letters, marks
// and decimal digits with one hyphen; "pretty" also keeps ._~!$&'()+,;=@;
// "raw" replaces only runs of white space; "ascii" keeps only A-Z, a-z
// and 0-9. A hyphen at either end is dropped, and the result is lower
// case unless cased. Any other mode returns s, lower-cased unless cased.
func Slugify(s, mode string, cased bool) string {
	keep := func(r rune) bool {
		switch mode {
		case "raw":
			return !unicode.IsSpace(r)
		case "ascii":
			return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
		case "pretty":
			if strings.ContainsRune(prettyExtra, r) {
				return true
			}
		}
		return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.Is(unicode.Nd, r)
	}
	out := s
	switch mode {
	case "raw", "default", "pretty", "ascii":
		var b strings.Builder
		inRun := false
		for _, r := range s {
			switch {
			case keep(r):
				b.WriteRune(r)
				inRun = false
			case !inRun:
				b.WriteByte('-')
				inRun = true
			}
		}
		out = strings.TrimSuffix(strings.TrimPrefix(b.String(), "-"), "-")
	}
	if !cased {
		out = strings.ToLower(out)
	}
	return out
}
