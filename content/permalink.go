package content

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
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
//
// A post's own pattern, from Jekyll's permalink, may also use what
// Jekyll's do: {categories}, every category in lower case, one
// segment each; {i_month} and {i_day}, without a leading zero;
// {short_year}, two digits; {hour}, {minute} and {second}.
func ExpandPermalink(pattern string, p *Post) (string, error) {
	var missing error
	out := placeholderRE.ReplaceAllStringFunc(pattern, func(m string) string {
		name := m[1 : len(m)-1]
		switch name {
		case "slug":
			return url.PathEscape(p.Slug)
		case "category":
			return url.PathEscape(Slugify(p.Category))
		case "categories":
			return categoriesPath(p.Categories)
		}
		layout, isDate := dateLayouts[name]
		if !isDate {
			return m
		}
		if p.PublishedAt.IsZero() {
			if missing == nil {
				missing = fmt.Errorf("permalink %q needs a published date for {%s}", pattern, name)
			}
			return ""
		}
		return p.PublishedAt.Format(layout)
	})
	if missing != nil {
		return "", missing
	}
	for strings.Contains(out, "//") {
		out = strings.ReplaceAll(out, "//", "/")
	}
	return out, nil
}

// dateLayouts are the date placeholders, with the layout of each.
var dateLayouts = map[string]string{
	"year": "2006", "month": "01", "day": "02",
	"i_month": "1", "i_day": "2", "short_year": "06",
	"hour": "15", "minute": "04", "second": "05",
}

// categoriesPath is Jekyll's :categories: the post's categories in lower
// case, once each, as path segments.
func categoriesPath(cats []string) string {
	var segs []string
	for _, c := range cats {
		if c = strings.ToLower(c); !slices.Contains(segs, url.PathEscape(c)) {
			segs = append(segs, url.PathEscape(c))
		}
	}
	return strings.Join(segs, "/")
}
