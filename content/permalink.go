package content

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// PermalinkPlaceholders are the names a permalink pattern may use.
var PermalinkPlaceholders = []string{"slug", "category", "year", "month", "day"}

var placeholderRE = regexp.MustCompile(`\{([^{}]*)\}`)

// CheckPermalink reports what is wrong with a permalink pattern, or nil.
func CheckPermalink(pattern string) error {
	if !strings.HasPrefix(pattern, "/") {
		return fmt.Errorf("%q must start with /", pattern)
	}
	if !strings.Contains(pattern, "{slug}") {
		return fmt.Errorf("%q must contain {slug}, or posts would share a URL", pattern)
	}
	for _, m := range placeholderRE.FindAllStringSubmatch(pattern, -1) {
		known := false
		for _, k := range PermalinkPlaceholders {
			known = known || m[1] == k
		}
		if !known {
			return fmt.Errorf("%q: unknown placeholder {%s} (known: {%s})", pattern, m[1], strings.Join(PermalinkPlaceholders, "}, {"))
		}
	}
	return nil
}

// ExpandPermalink fills pattern for p and returns the URL path, each segment
// percent-encoded. {category} is the slugified first category ("" collapses,
// so /{category}/{slug}/ of an uncategorised post is /{slug}/); the date
// placeholders need a published date.
func ExpandPermalink(pattern string, p *Post) (string, error) {
	var missing error
	out := placeholderRE.ReplaceAllStringFunc(pattern, func(m string) string {
		name := m[1 : len(m)-1]
		switch name {
		case "slug":
			return url.PathEscape(p.Slug)
		case "category":
			return url.PathEscape(Slugify(p.Category))
		case "year", "month", "day":
			if p.PublishedAt.IsZero() {
				if missing != nil {
					return ""
				}
				missing = fmt.Errorf("permalink %q needs a published date for {%s}", pattern, name)
				return ""
			}
			switch name {
			case "year":
				return fmt.Sprintf("%04d", p.PublishedAt.Year())
			case "month":
				return fmt.Sprintf("%02d", int(p.PublishedAt.Month()))
			}
			return fmt.Sprintf("%02d", p.PublishedAt.Day())
		}
		return m
	})
	if missing != nil {
		return "", missing
	}
	for strings.Contains(out, "//") {
		out = strings.ReplaceAll(out, "//", "/")
	}
	return out, nil
}
