package content

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// authorURLKeys are the keys of an author mapping that give the author's
// page, in the order they are looked for.
var authorURLKeys = []string{"url", "link", "website"}

// readAuthors reads author (or authors): a name, a list of names, a mapping
// with name (Next.js's {name, picture}, jekyll-seo-tag's {name, twitter,
// url}), or a list mixing names and mappings. It returns the names, and
// the pages that mappings give by url (or link, website), by name. The
// mappings' other keys are ignored.
func readAuthors(f field, ps *problems) (names []string, urls map[string]string) {
	add := func(name string) {
		if name = strings.TrimSpace(ps.cleanXML(f.line, f.key, name)); name != "" {
			names = append(names, name)
		}
	}
	mapping := func(m map[string]any, where string) {
		k, v := lookupFold(m, "name")
		if k == "" {
			ps.add(f.line, f.key, "%sa mapping needs name: the author's name", where)
			return
		}
		name, err := asString(v)
		if err != nil {
			ps.add(f.line, f.key+"."+k, "%s%v", where, err)
			return
		}
		name = strings.TrimSpace(ps.cleanXML(f.line, f.key, name))
		if name == "" {
			return // left blank: no author, as author: "" is none
		}
		names = append(names, name)
		for _, want := range authorURLKeys {
			k, v := lookupFold(m, want)
			if k == "" {
				continue
			}
			u, isText := v.(string)
			u = strings.TrimSpace(u)
			if v == nil || isText && u == "" {
				continue // left blank: the next key may have it
			}
			if !isText || !IsRemote(u) && (!strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//")) {
				shown := describe(v)
				if isText {
					shown = fmt.Sprintf("%q", u)
				}
				ps.warn(f.line, f.key+"."+k, "%s%s is not an absolute http(s) URL or a path starting with /: %s is credited by name only",
					where, shown, name)
				break
			}
			if _, seen := urls[name]; !seen {
				if urls == nil {
					urls = map[string]string{}
				}
				urls[name] = u
			}
			break
		}
	}
	switch t := f.value.(type) {
	case nil:
	case string:
		add(t)
	case map[string]any:
		mapping(t, "")
	case []any:
		for i, e := range t {
			switch e := e.(type) {
			case string, int64, float64:
				s, _ := asString(e)
				add(s)
			case map[string]any:
				mapping(e, fmt.Sprintf("item %d: ", i+1))
			default:
				ps.add(f.line, f.key, "item %d must be a name or a mapping with name, got %s", i+1, describe(e))
			}
		}
	default:
		ps.add(f.line, f.key, "must be a name, a list of names, or a mapping with name, got %s", describe(t))
	}
	return names, urls
}

// lookupFold returns the key of m equal to want without regard to case,
// and its value; "" when there is none. An exact match wins, then the
// first such key in sorted order, so a mapping with both "URL" and "url"
// reads the same on every run.
func lookupFold(m map[string]any, want string) (string, any) {
	if v, ok := m[want]; ok {
		return want, v
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if strings.EqualFold(k, want) {
			return k, m[k]
		}
	}
	return "", nil
}
