package jekyll

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/diag"
)

// settings are the keys of Jekyll's config that decide which posts it
// publishes and where, typed, with Jekyll 4.3's defaults.
type settings struct {
	url, baseURL    string
	title, lang     string
	permalink       string // the site's permalink as written: a style name or a pattern
	permalinkAt     value
	timezone        string
	location        *time.Location
	future          bool
	showDrafts      bool
	unpublished     bool
	safe            bool
	collectionsDir  string
	collections     map[string]collection
	defaults        []defaultSet
	exclude         []string
	include         []string
	markdownExt     []string
	pluginsDir      string
	plugins         []string
	excerptSep      *string
	destination     string
	collectionsLine value
}

// collection is one of the config's collections.
type collection struct {
	output       bool
	permalink    string
	hasPermalink bool
}

// defaultSet is one entry of defaults: a scope and the values it gives.
type defaultSet struct {
	path    string
	glob    *regexp.Regexp // path as Dir.glob takes it, when it has a "*"
	typ     string
	hasType bool
	values  map[string]any
}

// defaultExcludes are the paths Jekyll 4.3 adds to every site's exclude.
var defaultExcludes = []string{
	".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock",
	"node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
}

// readSettings types the merged config. A value Jekyll refuses (exclude
// not a list, collections neither a list nor a mapping, an unknown time
// zone) is an Error naming the key's file and line.
func readSettings(raw rawConfig) (settings, []diag.Problem) {
	s := settings{
		permalink:   "date",
		markdownExt: []string{"markdown", "mkdown", "mkdn", "mkd", "md"},
		pluginsDir:  "_plugins",
		destination: "_site",
		include:     []string{".htaccess"},
	}
	var ps []diag.Problem
	bad := func(key string, format string, args ...any) {
		v := raw[key]
		ps = append(ps, configProblem(v.file, v.line, key, format, args...))
	}
	str := func(key string) (string, bool) {
		v, ok := raw[key]
		if !ok || v.v == nil {
			return "", false
		}
		switch x := v.v.(type) {
		case string:
			return x, true
		case bool, int, int64, uint64, float64:
			return fmt.Sprint(x), true
		}
		bad(key, "must be text, got %s", describe(v.v))
		return "", false
	}
	flag := func(key string) bool {
		v, ok := raw[key]
		if !ok {
			return false
		}
		return truthy(v.v)
	}
	list := func(key string) []string {
		v, ok := raw[key]
		if !ok || v.v == nil {
			return nil
		}
		l, isList := v.v.([]any)
		if !isList {
			bad(key, "must be a list, as Jekyll requires, got %s", describe(v.v))
			return nil
		}
		out := make([]string, 0, len(l))
		for _, e := range l {
			if e != nil {
				out = append(out, fmt.Sprint(e))
			}
		}
		return out
	}

	s.url, _ = str("url")
	s.baseURL, _ = str("baseurl")
	s.title, _ = str("title")
	s.lang, _ = str("lang")
	if s.lang == "" {
		s.lang, _ = str("locale")
	}
	s.lang = strings.ReplaceAll(s.lang, "_", "-")
	if p, ok := str("permalink"); ok {
		s.permalink, s.permalinkAt = p, raw["permalink"]
	}
	if tz, ok := str("timezone"); ok && tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			bad("timezone", "%q is not a time zone of the IANA database, such as Europe/Berlin", tz)
		} else {
			s.timezone, s.location = tz, loc
		}
	}
	s.future = flag("future")
	s.showDrafts = flag("show_drafts")
	s.unpublished = flag("unpublished")
	s.safe = flag("safe")
	if d, ok := str("collections_dir"); ok {
		s.collectionsDir = strings.Trim(d, "/")
	}
	if d, ok := str("plugins_dir"); ok {
		s.pluginsDir = d
	}
	if d, ok := str("destination"); ok && d != "" {
		s.destination = strings.Trim(d, "/")
	}
	if sep, ok := raw["excerpt_separator"]; ok {
		text := ""
		if sep.v != nil {
			text = fmt.Sprint(sep.v)
		}
		s.excerptSep = &text
	}
	s.exclude = append(list("exclude"), defaultExcludes...)
	if inc, ok := raw["include"]; ok && inc.v != nil {
		s.include = list("include")
	}
	if exts, ok := str("markdown_ext"); ok {
		s.markdownExt = nil
		for _, e := range strings.Split(exts, ",") {
			s.markdownExt = append(s.markdownExt, strings.TrimSpace(e))
		}
	}
	if v, ok := raw["plugins"]; ok && v.v != nil {
		s.plugins = list("plugins")
	} else if _, ok := raw["gems"]; ok {
		s.plugins = list("gems")
	}
	s.collections = map[string]collection{"posts": {output: true}}
	if v, ok := raw["collections"]; ok {
		s.collectionsLine = v
		switch c := v.v.(type) {
		case nil:
		case []any:
			for _, name := range c {
				if _, ok := s.collections[fmt.Sprint(name)]; !ok {
					s.collections[fmt.Sprint(name)] = collection{}
				}
			}
		case map[string]any:
			for name, meta := range c {
				var col collection
				if m, ok := meta.(map[string]any); ok {
					col.output = truthy(m["output"])
					if p, ok := m["permalink"]; ok && p != nil {
						col.permalink, col.hasPermalink = fmt.Sprint(p), true
					}
				}
				if name == "posts" {
					col.output = true // Jekyll's, whatever the config says
				}
				s.collections[name] = col
			}
		default:
			bad("collections", "must be a mapping or a list of collection names, as Jekyll requires, got %s", describe(c))
		}
	}
	if posts := s.collections["posts"]; !posts.hasPermalink {
		posts.permalink, posts.hasPermalink = styleTemplate(s.permalink), true
		s.collections["posts"] = posts
	}
	if v, ok := raw["defaults"]; ok {
		s.defaults = readDefaults(v.v)
	}
	return s, ps
}

// readDefaults reads defaults as Jekyll does: a set that is not a
// mapping with a values mapping is skipped (Jekyll warns and goes on).
func readDefaults(v any) []defaultSet {
	l, ok := v.([]any)
	if !ok {
		return nil
	}
	var out []defaultSet
	for _, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		values, ok := m["values"].(map[string]any)
		if !ok {
			continue
		}
		set := defaultSet{values: values}
		if scope, ok := m["scope"].(map[string]any); ok {
			if p, ok := scope["path"].(string); ok {
				set.path = p
				if strings.Contains(p, "*") {
					set.glob = fnmatchRE(strings.TrimPrefix(p, "/"), true)
				}
			}
			if t, ok := scope["type"]; ok {
				set.typ, set.hasType = fmt.Sprint(t), true
				switch set.typ { // Jekyll 2's names
				case "page":
					set.typ = "pages"
				case "post":
					set.typ = "posts"
				case "draft":
					set.typ = "drafts"
				}
			}
		}
		out = append(out, set)
	}
	return out
}

// truthy is Ruby's: everything but nil and false.
func truthy(v any) bool {
	return v != nil && v != false
}

// describe names a value's YAML type for a message.
func describe(v any) string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return "a mapping (" + strings.Join(keys, ", ") + ")"
	case []any:
		return "a list"
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	case string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprintf("%v", v)
}
