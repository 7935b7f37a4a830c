package content

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/seopipe/seopipe/post"
)

// PermalinkPlaceholders are the names site.permalink may use: seopipe's
// own, then those of Hugo's and Jekyll's that it fills the same way.
var PermalinkPlaceholders = []string{"slug", "category", "year", "month", "day",
	"section", "sections", "path", "filename", "lang",
	"title", "categories", "slugified_categories", "i_month", "i_day", "short_year",
	"hour", "minute", "second", "short_month", "long_month", "y_day", "week", "output_ext"}

// identifying are the placeholders that tell posts apart: a permalink
// needs one, or every post of a day would share a URL.
var identifying = []string{"slug", "title", "path", "filename"}

var placeholderRE = regexp.MustCompile(`\{([^{}]*)\}`)

// CheckPermalink reports what is wrong with a permalink pattern, or nil.
func CheckPermalink(pattern string) error {
	_, err := NormalizePermalink(pattern)
	return err
}

// NormalizePermalink checks site.permalink and returns it in the form
// ExpandPermalink takes: Jekyll's placeholders (":year", ":title") written
// as seopipe's ("{year}", "{title}"), so /news/:year/:month/:day/:title/
// is /news/{year}/{month}/{day}/{title}/. An unknown placeholder is an
// error naming it.
func NormalizePermalink(pattern string) (string, error) {
	if !strings.HasPrefix(pattern, "/") {
		return "", fmt.Errorf("%q must start with /", pattern)
	}
	var unknown string
	out := jekyllPlaceholderRE.ReplaceAllStringFunc(pattern, func(m string) string {
		name := m[1:]
		if _, ok := jekyllPlaceholders[name]; ok {
			return "{" + name + "}"
		}
		if base, ok := strings.CutSuffix(name, "_"); ok { // ":title_" is :title and "_", as Jekyll reads it
			if _, ok := jekyllPlaceholders[base]; ok {
				return "{" + base + "}_"
			}
		}
		if slices.Contains(PermalinkPlaceholders, name) {
			return "{" + name + "}"
		}
		if unknown == "" {
			unknown = m
		}
		return m
	})
	if unknown != "" {
		return "", fmt.Errorf("%q: unknown placeholder %s (known: :%s)", pattern, unknown, strings.Join(PermalinkPlaceholders, ", :"))
	}
	for _, m := range placeholderRE.FindAllStringSubmatch(out, -1) {
		if !slices.Contains(PermalinkPlaceholders, m[1]) {
			return "", fmt.Errorf("%q: unknown placeholder {%s} (known: {%s})", pattern, m[1], strings.Join(PermalinkPlaceholders, "}, {"))
		}
	}
	if !slices.ContainsFunc(identifying, func(n string) bool { return strings.Contains(out, "{"+n+"}") }) {
		return "", fmt.Errorf("%q must contain {slug}, {title}, {path} or {filename}, or posts would share a URL", pattern)
	}
	return out, nil
}

// ExpandPermalink fills pattern for p and returns the URL path, each segment
// percent-encoded. {category} is the slugified first category ("" collapses,
// so /{category}/{slug}/ of an uncategorised post is /{slug}/); the date
// placeholders need a published date, and are filled with it in loc, the
// site's time zone (nil is UTC), whatever offset it was written with, as
// Jekyll fills its own in the site's timezone: 2024-05-07 23:30 -08:00 is
// {day} 08 in UTC. site.permalink's and a post's own pattern agree so.
//
// A post's own pattern (Post.Permalink, from Jekyll's permalink) may also
// use what Jekyll's do: {categories}, every category in lower case, one
// segment each; {i_month} and {i_day}, without a leading zero;
// {short_year}, two digits; {hour}, {minute} and {second}.
func ExpandPermalink(pattern string, p *post.Post, loc *time.Location) (string, error) {
	if loc == nil {
		loc = time.UTC
	}
	date := p.PublishedAt.In(loc)
	var missing error
	out := placeholderRE.ReplaceAllStringFunc(pattern, func(m string) string {
		name := m[1 : len(m)-1]
		switch name {
		case "slug":
			return url.PathEscape(p.Slug)
		case "title":
			return url.PathEscape(jekyllTitleSlug(p))
		case "category":
			return url.PathEscape(post.Slugify(p.Category))
		case "categories":
			return categoriesPath(p.Categories, false)
		case "slugified_categories":
			return categoriesPath(p.Categories, true)
		case "output_ext":
			return ".html" // Jekyll's for a Markdown post
		case "section", "sections":
			dirs := SectionsOf(p.Source)
			if name == "section" && len(dirs) > 1 {
				dirs = dirs[:1]
			}
			return escapeSegments(dirs)
		case "path":
			dirs := SectionsOf(p.Source)
			return escapeSegments(append(dirs, postName(p.Source)))
		case "filename":
			return url.PathEscape(postName(p.Source))
		case "lang":
			return url.PathEscape(p.Lang)
		case "week":
			if p.PublishedAt.IsZero() {
				break
			}
			_, w := date.ISOWeek()
			return fmt.Sprintf("%02d", w)
		}
		layout, isDate := dateLayouts[name]
		if !isDate && name != "week" {
			return m
		}
		if p.PublishedAt.IsZero() {
			if missing == nil {
				missing = fmt.Errorf("permalink %q needs a published date for {%s}", pattern, name)
			}
			return ""
		}
		return date.Format(layout)
	})
	if missing != nil {
		return "", missing
	}
	for strings.Contains(out, "//") {
		out = strings.ReplaceAll(out, "//", "/")
	}
	return out, nil
}

// SectionsOf are the folders of a post's source above it, as written: a
// page bundle's ("posts/a/index.md") those above its folder, which names
// the post. The first is Hugo's section of the post (.Section), {section}
// of a permalink; none for a post at the top ("about.md",
// "about/index.md").
func SectionsOf(source string) []string {
	dir := path.Dir(strings.ReplaceAll(source, `\`, "/"))
	base := path.Base(source)
	switch strings.TrimSuffix(base, path.Ext(base)) {
	case "index", "_index", "page":
		dir = path.Dir(dir)
	}
	if dir == "." || dir == "/" {
		return nil
	}
	return strings.Split(strings.Trim(dir, "/"), "/")
}

// escapeSegments joins segs as URL path segments, each percent-encoded.
func escapeSegments(segs []string) string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = url.PathEscape(s)
	}
	return strings.Join(out, "/")
}

// jekyllTitleSlug is Jekyll's :title: the post's slug from its front
// matter, else its file name without the date, slugified as Jekyll's
// "pretty" mode does and keeping its case ("2024-05-07-iOS-tips.md" is
// "iOS-tips"), where :slug is lower case.
func jekyllTitleSlug(p *post.Post) string {
	name := p.Slug
	if _, given := p.Lines["slug"]; !given {
		name = datePrefixRE.ReplaceAllString(postName(p.Source), "")
	}
	var b strings.Builder
	dash := false
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._~!$&'()+,;=@", r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if t := b.String(); t != "" && strings.Trim(t, ".") != "" {
		return t
	}
	return p.Slug // nothing, or dots only: no path segment
}

// dateLayouts are the date placeholders, with the layout of each.
var dateLayouts = map[string]string{
	"year": "2006", "month": "01", "day": "02",
	"i_month": "1", "i_day": "2", "short_year": "06",
	"hour": "15", "minute": "04", "second": "05",
	"short_month": "Jan", "long_month": "January", "y_day": "002",
}

// categoriesPath is Jekyll's :categories: the post's categories in lower
// case, once each, as path segments. A category "." or ".." (or one of
// blanks) makes no segment: it would move the URL, not name a folder.
func categoriesPath(cats []string, slugified bool) string {
	var segs []string
	for _, c := range cats {
		if slugified {
			c = post.Slugify(c)
		}
		c = url.PathEscape(strings.ToLower(strings.TrimSpace(c)))
		if c != "" && c != "." && c != ".." && !slices.Contains(segs, c) {
			segs = append(segs, c)
		}
	}
	return strings.Join(segs, "/")
}

// jekyllPlaceholders are the placeholders of Jekyll's permalinks seopipe
// knows, each with the one of ExpandPermalink it is. Jekyll's :title is
// the slug of the file name (or the front matter's slug), as :slug is.
var jekyllPlaceholders = map[string]string{
	"year": "year", "month": "month", "day": "day",
	"i_month": "i_month", "i_day": "i_day", "short_year": "short_year",
	"hour": "hour", "minute": "minute", "second": "second",
	"title": "title", "slug": "slug", "categories": "categories",
	"short_month": "short_month", "long_month": "long_month", "y_day": "y_day", "week": "week",
	"slugified_categories": "slugified_categories", "output_ext": "output_ext",
}

// jekyllPlaceholderRE is Jekyll's own.
var jekyllPlaceholderRE = regexp.MustCompile(`:([a-z_]+)`)

// readPermalink reads the post's own URL path, which replaces
// site.permalink for it (Post.Permalink): Jekyll's permalink, a path that
// may hold Jekyll's placeholders ("/blog/:year/:month/:day/:title.html"),
// or Hugo's url, a literal path ("/custom/path/"). Either is under
// site.url, its leading "/" optional; Hugo's gets a trailing "/" unless it
// ends in a file name with an extension, as Hugo serves it. Jekyll does not
// read url, so in a Jekyll posts folder, as beside a permalink, it is left
// in params.
func readPermalink(p *post.Post, pick func([]string) (field, bool), ps *problems, jekyll, project bool) {
	f, ok := pick(aliasPermalink)
	if !ok && !jekyll {
		f, ok = pick(aliasURL)
	}
	if !ok || blank(f.value) {
		return
	}
	canon := "url"
	if strings.EqualFold(f.key, "permalink") {
		canon = "permalink"
	}
	p.Lines[canon] = f.line
	s, isText := f.value.(string)
	if !isText {
		ps.add(f.line, f.key, "must be a path such as /blog/my-post/, got %s", describe(f.value))
		return
	}
	s = strings.TrimSpace(s)
	p.PermalinkRelative = !strings.HasPrefix(s, "/")
	pattern, err := ownPathIn(s, canon == "permalink", project)
	if err != nil {
		ps.add(f.line, f.key, "%q %v", s, err)
		return
	}
	p.Permalink = pattern
}

// ownPath turns a post's own path, as written, into a pattern for
// ExpandPermalink: percent-encoded (so no "{" is left but the
// placeholders'), with a leading "/", and for a Jekyll permalink (jekyll
// set) its placeholders in ExpandPermalink's form.
func ownPath(s string, jekyll bool) (string, error) {
	return ownPathIn(s, jekyll, false)
}

// ownPathIn is ownPath; in a Jekyll project (project set) the generator
// fills the permalink (generator/jekyll), so a placeholder ExpandPermalink
// does not know (:name, :path, :collection, :w_year, …) is kept as
// written, for it.
func ownPathIn(s string, jekyll, project bool) (string, error) {
	if u, err := url.Parse(s); err == nil && (u.Scheme != "" || u.Host != "") {
		return "", errors.New("is a URL: give the path under site.url, such as /blog/my-post/ (a full URL belongs in canonical)")
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("is not a URL path: %v", err)
	}
	if u.RawQuery != "" || u.ForceQuery || strings.Contains(s, "#") {
		return "", errors.New("must be a path, without ? or #")
	}
	for seg := range strings.SplitSeq(u.Path, "/") {
		if seg == "." || seg == ".." {
			return "", errors.New(`must not have "." or ".." segments`)
		}
	}
	p := u.EscapedPath()
	if p == "" { // "//": no host, no path; "/" is refused as the home page's
		p = "/"
	}
	if !jekyll {
		if !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
			p += "/"
		}
		return p, nil
	}
	var unknown []string
	p = jekyllPlaceholderRE.ReplaceAllStringFunc(p, func(m string) string {
		name := m[1:]
		if k, ok := jekyllPlaceholders[name]; ok {
			return "{" + k + "}"
		}
		// As Jekyll does, ":title_" is :title and "_".
		if base, ok := strings.CutSuffix(name, "_"); ok {
			if k, ok := jekyllPlaceholders[base]; ok {
				return "{" + k + "}_"
			}
		}
		unknown = append(unknown, m)
		return m
	})
	if len(unknown) > 0 && !project {
		known := slices.Sorted(maps.Keys(jekyllPlaceholders))
		return "", fmt.Errorf("has the unknown placeholder %s (seopipe knows :%s)", unknown[0], strings.Join(known, ", :"))
	}
	return p, nil
}
