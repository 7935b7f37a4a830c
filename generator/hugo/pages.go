package hugo

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// file places a post's source (relative to the project's root) in its
// content tree; false when it is in none.
func (t tree) file(source string) (contentFile, bool) {
	var f contentFile
	best := -1
	for _, r := range t.roots {
		if strings.HasPrefix(source, r.Dir+"/") && len(r.Dir) > best {
			best, f.root = len(r.Dir), r
		}
	}
	if best < 0 {
		return f, false
	}
	f.rel = strings.TrimPrefix(source, f.root.Dir+"/")
	base, lang := splitName(path.Base(f.rel), t.langs)
	f.base, f.lang = base, lang
	if f.lang == "" {
		f.lang = f.root.Lang
	}
	dir := path.Dir(f.rel)
	switch base {
	case "_index":
		f.sectionPage = true
	case "index":
		if dir != "." {
			f.bundle = true
			f.base = path.Base(dir)
			dir = path.Dir(dir)
		}
	}
	if dir == "." {
		dir = ""
	}
	f.dir = dir
	f.resource = !f.sectionPage && dir != "" && t.inBundle(dir)
	return f, true
}

// Pages decides what Hugo does with each post: whether it renders and
// lists it, at which path, in which language, paired with which
// translations. Section pages (_index.md) give their cascade to the pages
// below them and have no Page of their own.
func (s *Site) Pages(all []*post.Post) ([]generator.Page, []diag.Problem) {
	cascades := map[string][]cascadeEntry{} // by lang + "\x00" + dir
	for _, p := range all {
		f, ok := s.tree.file(p.Source)
		if !ok || !f.sectionPage {
			continue
		}
		if c, ok := param(p.Params, "cascade"); ok {
			dir := path.Dir(f.rel)
			if dir == "." {
				dir = ""
			}
			k := s.langOf(f) + "\x00" + dir
			cascades[k] = append(cascades[k], readCascade(c)...)
		}
	}
	var pages []generator.Page
	var probs []diag.Problem
	for _, p := range all {
		f, ok := s.tree.file(p.Source)
		if ok && f.sectionPage {
			continue
		}
		if !ok {
			pages = append(pages, generator.Page{Source: p.Source, Render: true, List: true})
			probs = append(probs, diag.Problem{Path: p.Source, Severity: diag.Warning,
				Message: "is outside Hugo's content directories: its URL is made from site.permalink"})
			continue
		}
		pages = append(pages, s.page(p, f, cascades, &probs))
	}
	return pages, probs
}

// langOf is a file's language: its own, or the site's default.
func (s *Site) langOf(f contentFile) string {
	if f.lang != "" {
		return f.lang
	}
	return s.defLang
}

// page is what Hugo does with the regular page p, in the file f.
func (s *Site) page(p *post.Post, f contentFile, cascades map[string][]cascadeEntry, notes *[]diag.Problem) generator.Page {
	lang := s.langOf(f)
	pg := generator.Page{Source: p.Source, Render: true, List: true}
	if len(s.langs) > 1 {
		pg.Lang = lang
	}
	if l := s.langByKey[lang]; l != nil && l.ownBaseURL && lang != s.defLang {
		// Multihost: the language's own host. The default language's
		// is site.url's (which wins over its baseURL).
		pg.BaseURL = l.baseURL
	}
	// value is a front matter key's value for the page: its own, else
	// the nearest section's cascade that targets it, else the config's.
	value := func(key string) (any, bool) {
		if v, ok := param(p.Params, key); ok {
			return v, true
		}
		for dir := f.dir; ; dir = parentDir(dir) {
			for _, c := range cascades[lang+"\x00"+dir] {
				if v, ok := c.values[key]; ok && c.matches(f, lang, s.old) {
					return v, true
				}
			}
			if dir == "" {
				break
			}
		}
		for _, c := range s.cascade {
			if v, ok := c.values[key]; ok && c.matches(f, lang, s.old) {
				return v, true
			}
		}
		return nil, false
	}
	build, ok := value("_build")
	if !ok && !s.old {
		build, ok = value("build")
	}
	if _, own := param(p.Params, "_build"); own && !s.old {
		*notes = append(*notes, diag.Problem{Path: p.Source, Line: p.Lines["_build"], Field: "_build", Severity: diag.Warning,
			Message: "current Hugo (0.145 and later) refuses _build and fails the build: use build (Hugo 0.123 and later)"})
	}
	if ok {
		b := lowerKeys(build)
		if m, isMap := b.(map[string]any); isMap {
			switch v := m["render"].(type) {
			case bool:
				pg.Render = v
			case string:
				pg.Render = !strings.EqualFold(v, "never") && !strings.EqualFold(v, "link")
			}
			switch v := m["list"].(type) {
			case bool:
				pg.List = v
			case string:
				pg.List = strings.EqualFold(v, "always")
			}
		}
	}
	flag := func(key string) bool {
		v, _ := value(key)
		b, _ := v.(bool)
		return b
	}
	if s.noPages || p.Headless || flag("headless") || f.resource || s.langByKey[lang] != nil && s.langByKey[lang].disabled {
		pg.Render = false
	}
	if _, own := p.Lines["draft"]; !own && flag("draft") && !s.info.Drafts {
		pg.Render = false
	}
	slug := ""
	if _, own := p.Lines["slug"]; own {
		slug = p.Slug
	} else if v, ok := value("slug"); ok {
		slug, _ = v.(string)
	}
	own := ""
	if _, given := p.Lines["url"]; given && p.Permalink != "" {
		own, _ = url.PathUnescape(p.Permalink)
		if p.PermalinkRelative {
			own = strings.TrimPrefix(own, "/")
		}
	} else if v, ok := value("url"); ok {
		own, _ = v.(string)
	}
	pg.Path = escapePath(s.path(f, lang, own, permalinkPage{
		date:     pageDate(p, s.info.Location),
		title:    p.Title,
		slug:     slug,
		filename: f.base,
		section:  f.section(),
		sections: s.currentSection(f.dir),
	}))
	pg.TranslationKey = p.TranslationKey
	if v, ok := value("translationkey"); ok && pg.TranslationKey == "" {
		pg.TranslationKey = fmt.Sprint(v)
	}
	if pg.TranslationKey == "" && len(s.langs) > 1 {
		pg.TranslationKey = path.Join(f.dir, f.base)
	}
	if v, ok := param(p.Params, "aliases"); ok {
		pg.Aliases = s.aliases(stringList(map[string]any{"a": v}, "a"), pg.Path, lang, f.section())
	}
	return pg
}

// aliases are the paths Hugo writes a page's redirects at: an alias
// with a leading "/" from the language's root (Hugo 0.111: from the
// site's root, without the language's prefix), one without beside the
// page; either ends in "/" (".html" with uglyURLs) unless it names a
// file.
func (s *Site) aliases(list []string, pagePath, lang, section string) []string {
	var out []string
	page, _ := url.PathUnescape(pagePath)
	for _, a := range list {
		switch {
		case !strings.HasPrefix(a, "/"):
			a = path.Join(path.Dir(strings.TrimSuffix(page, "/")), a)
		case !s.old:
			a = s.langPrefix(lang) + a
		}
		if path.Ext(a) == "" {
			a = strings.TrimSuffix(a, "/")
			if s.ugly || s.uglyBy[section] {
				a += ".html"
			} else {
				a += "/"
			}
		}
		out = append(out, escapePath(a))
	}
	return out
}

// path is the URL path Hugo gives a page, unescaped: its url, else its
// section's permalink pattern, else its folder and its slug or name;
// "/<lang>" before it for a language in a subdirectory; ".html" for
// uglyURLs, else a trailing "/".
func (s *Site) path(f contentFile, lang, own string, pg permalinkPage) string {
	if own != "" {
		// url is the path as written, never lower-cased; one without a
		// leading "/" is under the language's prefix.
		if !strings.HasPrefix(own, "/") {
			own = s.langPrefix(lang) + "/" + own
		}
		if path.Ext(own) == "" && !strings.HasSuffix(own, "/") {
			own += "/"
		}
		return own
	}
	var p string
	file := false
	if pl, ok := s.links.find(f.dir, pg.section, s.old); ok {
		p = s.rules.sanitize(pl.expand(pg, s.rules))
		if n := len(pl.parts); n > 0 && pl.parts[n-1].token == "" && path.Ext(pl.parts[n-1].lit) == ".html" {
			file = true
		}
	} else {
		name := pg.filename
		if pg.slug != "" {
			name = pg.slug
		}
		p = s.rules.sanitize(path.Join(f.dir, name))
	}
	// Hugo publishes an empty token's place ("/d/:sections[1:]/x/" of
	// a top-level page) as one "/".
	p = "/" + strings.Trim(collapseSlashes.ReplaceAllString(p, "/"), "/")
	switch {
	case file:
	case s.ugly || s.uglyBy[pg.section]:
		p += ".html"
	default:
		p += "/"
	}
	return s.langPrefix(lang) + p
}

var collapseSlashes = regexp.MustCompile(`/{2,}`)

// langPrefix is "/<lang>" for a language Hugo publishes in a
// subdirectory: one other than the default (or every one with
// defaultContentLanguageInSubdir), without a baseURL of its own.
func (s *Site) langPrefix(lang string) string {
	if len(s.langs) < 2 && !s.inSubdir {
		return ""
	}
	if l := s.langByKey[lang]; l != nil && l.ownBaseURL {
		return ""
	}
	if lang != s.defLang || s.inSubdir {
		return "/" + lang
	}
	return ""
}

// currentSection is the path, folder by folder, of the section a page
// in dir belongs to: the nearest folder that is a top-level one or has
// an _index file (a folder without one is no section in Hugo).
func (s *Site) currentSection(dir string) []string {
	for d := dir; d != ""; d = parentDir(d) {
		if !strings.Contains(d, "/") || s.tree.sections[d] {
			return strings.Split(d, "/")
		}
	}
	return nil
}

func parentDir(d string) string {
	if p := path.Dir(d); p != "." {
		return p
	}
	return ""
}

// param is a front matter value seopipe keeps in params, by Hugo's
// case-insensitive key.
func param(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// dateLayouts are the forms of a date string read here: the date that
// Hugo's permalinks use when the parser took publishDate for the post.
var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"}

// pageDate is Hugo's .Date, which the date tokens read: date, else
// publishDate (and its aliases), else lastmod.
func pageDate(p *post.Post, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	if v, ok := param(p.Params, "date"); ok {
		switch d := v.(type) {
		case time.Time:
			return d
		case string:
			for _, l := range dateLayouts {
				if t, err := time.ParseInLocation(l, strings.TrimSpace(d), loc); err == nil {
					return t
				}
			}
		}
	}
	if !p.PublishedAt.IsZero() {
		return p.PublishedAt
	}
	return p.UpdatedAt
}

// cascadeEntry is one cascade block: the values it gives and the pages
// it targets.
type cascadeEntry struct {
	values              map[string]any
	path, kind, langPat *regexp.Regexp // nil: any
}

// readCascade reads a cascade value: one mapping, or a list of them, each
// with an optional _target (target in newer Hugo) of path, kind, lang
// (Hugo 0.150 and later: sites: {matrix: {languages: [...]}}).
func readCascade(v any) []cascadeEntry {
	var list []any
	switch t := lowerKeys(v).(type) {
	case map[string]any:
		list = []any{t}
	case []any:
		list = t
	}
	var out []cascadeEntry
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		c := cascadeEntry{values: map[string]any{}}
		for k, v := range m {
			if k == "_target" || k == "target" {
				tm, _ := v.(map[string]any)
				lang := str(tm, "lang")
				if langs := stringList(mapping(mapping(tm, "sites"), "matrix"), "languages"); len(langs) > 0 {
					lang = "{" + strings.Join(langs, ",") + "}" // current Hugo's sites.matrix
				}
				c.path, c.kind, c.langPat = compileGlob(str(tm, "path")), compileGlob(strings.ToLower(str(tm, "kind"))), compileGlob(lang)
				continue
			}
			c.values[k] = v
		}
		out = append(out, c)
	}
	return out
}

// matches reports whether the cascade entry targets the regular page f
// in lang. The path glob is matched against the page's path under the
// content dir ("/posts/a", a bundle's folder) and, as Hugo 0.111 did,
// with its file name ("/posts/a.md").
func (c cascadeEntry) matches(f contentFile, lang string, old bool) bool {
	if c.kind != nil && !c.kind.MatchString("page") {
		return false
	}
	if c.langPat != nil && !c.langPat.MatchString(lang) {
		return false
	}
	if c.path == nil {
		return true
	}
	p := "/" + path.Join(f.dir, f.base)
	return c.path.MatchString(p) || c.path.MatchString(strings.ToLower(p)) || old && c.path.MatchString("/"+f.rel)
}

// compileGlob is globMatch's pattern compiled; nil for "" (any).
func compileGlob(glob string) *regexp.Regexp {
	if glob == "" {
		return nil
	}
	re, err := regexp.Compile(globRegexp(glob))
	if err != nil {
		return regexp.MustCompile(`^\x00never$`)
	}
	return re
}

// globMatch matches s against a glob as Hugo's (gobwas/glob with /):
// ** across folders, * and ? within one, {a,b} alternatives.
func globMatch(glob, s string) bool {
	re, err := regexp.Compile(globRegexp(glob))
	return err == nil && re.MatchString(s)
}

// globRegexp is a glob as a regular expression.
func globRegexp(glob string) string {
	var b strings.Builder
	b.WriteString("^")
	depth := 0
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; {
		case c == '*' && i+1 < len(glob) && glob[i+1] == '*':
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '{':
			b.WriteString("(?:")
			depth++
		case c == '}' && depth > 0:
			b.WriteString(")")
			depth--
		case c == ',' && depth > 0:
			b.WriteString("|")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	for ; depth > 0; depth-- {
		b.WriteString(")")
	}
	b.WriteString("$")
	return b.String()
}
