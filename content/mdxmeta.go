package content

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// An MDX file for @next/mdx has no front matter: Next.js's documented way
// to give it metadata is an export, export const metadata = { … } (older
// blog starters wrote export const meta = { … }). seopipe reads that
// object literal (see jsobject.go) as front matter, mapping Next.js's
// Metadata shape onto its own fields:
//
//	title: '…' or {absolute, default}  title (absolute, else default)
//	openGraph.images                   ogImage: the social image (first of a list; url and alt)
//	openGraph.publishedTime            publishedAt
//	openGraph.modifiedTime             updatedAt
//	alternates.canonical               canonical
//	keywords                           tags (keywords when the export gives tags too)
//	robots: {index: false}             noindex (see robotsDirectives)
//
// Every other key (description, date, authors, tags, image, draft, …) is
// read as the front-matter key of its name; openGraph's and alternates'
// other keys stay in params under them. A file with front matter too is
// read with both, the front matter winning: an export field the front
// matter also gives (under any of its names) is ignored with a warning on
// its line. The front matter is what the site's own listing pages read
// (through gray-matter or remark-frontmatter), and the export often
// repeats it or reads it (title: frontmatter.title), so it is the truth;
// what only the export says (an openGraph image) is still read.

// FormatJS is the Format of a post whose only metadata is an MDX export.
const FormatJS = "js"

// metaExportRE matches the start of a metadata export, up to its "=".
var metaExportRE = regexp.MustCompile(`^export\s+(?:const|let|var)\s+(metadata|meta)\s*=`)

// metaExport is an export of an MDX body's metadata.
type metaExport struct {
	name  string // "metadata" or "meta"
	value int    // offset in the body of what follows "="
}

// findMetaExports lists the metadata exports of an MDX body: statements of
// its top-level ESM blocks that start "export const metadata =" (or meta).
func findMetaExports(body []byte) []metaExport {
	var out []metaExport
	walkESM(body, func(start, end int, stmt bool) {
		if !stmt {
			return
		}
		if m := metaExportRE.FindSubmatchIndex(body[start:end]); m != nil {
			out = append(out, metaExport{name: string(body[start+m[2] : start+m[3]]), value: start + m[1]})
		}
	})
	return out
}

// readMetaExport reads the metadata export of an MDX body (whose first
// line is line bodyLine of the file) as front-matter fields. Of several,
// metadata wins over meta, and the first over a repeat, the others being
// ignored with a warning. found is false when there is none, or when it
// cannot be read (one warning says where): the post is then read as if
// it had no export. line is the export's line.
func readMetaExport(body []byte, bodyLine int, ps *problems) (fields []field, line int, found bool) {
	exports := findMetaExports(body)
	if len(exports) == 0 {
		return nil, 0, false
	}
	r := newJSReader(body)
	fileLine := func(l int) int { return bodyLine + l - 1 }
	// Next.js reads metadata; meta is the older starters' name.
	chosen := slices.IndexFunc(exports, func(e metaExport) bool { return e.name == "metadata" })
	if chosen < 0 {
		chosen = 0
	}
	ex := exports[chosen]
	line = fileLine(r.lineOf(ex.value))
	for i, e := range exports {
		if i != chosen {
			ps.warn(fileLine(r.lineOf(e.value)), e.name, "ignored: %s is already given on line %d", ex.name, line)
		}
	}
	r.pos = ex.value
	obj, err := r.readObject()
	if err != nil {
		le := err.(*lineError)
		ps.warn(fileLine(le.line), ex.name, "%s: the post is read without it", le.msg)
		return nil, line, false
	}
	m := exportMapper{prefix: ex.name, ps: ps, line: fileLine}
	return m.fields(obj), line, true
}

// exportMapper turns a metadata export into front-matter fields.
type exportMapper struct {
	prefix string // the export's name, first in every field's key
	ps     *problems
	line   func(int) int // file line of a line of the body
}

// fields maps the export's top-level entries.
func (m exportMapper) fields(o *jsObject) []field {
	entries := m.members(o, m.prefix)
	hasTags := slices.ContainsFunc(entries, func(e jsEntry) bool { return strings.EqualFold(e.key, "tags") })
	var out []field
	// add adds the field. A value not read is added as it is, for
	// mergeExport to say so, unless the front matter gives the field.
	add := func(key, as string, param []string, v any, line int) {
		if s, ok := v.(jsSkipped); ok {
			s.line = m.line(s.line)
			out = append(out, field{key: key, as: as, param: param, value: s, line: m.line(line)})
			return
		}
		if v, ok := m.plain(v, key); ok {
			out = append(out, field{key: key, as: as, param: param, value: v, line: m.line(line)})
		}
	}
	for _, e := range entries {
		key := m.prefix + "." + e.key
		switch e.key {
		case "title":
			v := e.value
			if t, ok := v.(*jsObject); ok {
				// Next.js's {default, template, absolute}: a page's own
				// title is absolute, else default; template is its
				// children's.
				v = nil
				for _, te := range m.members(t, key) {
					if te.key == "absolute" || te.key == "default" && v == nil {
						v = te.value
					}
				}
			}
			add(key, "title", nil, v, e.line)
		case "openGraph", "alternates":
			sub, ok := e.value.(*jsObject)
			if !ok { // the theme's to read: it stays in params
				add(key, e.key, nil, e.value, e.line)
				continue
			}
			rest := map[string]any{}
			for _, se := range m.members(sub, key) {
				skey := key + "." + se.key
				if as := exportSubfields[e.key+"."+se.key]; as != "" {
					add(skey, as, []string{e.key, se.key}, se.value, se.line)
				} else if v, ok := m.plain(se.value, skey); ok {
					rest[se.key] = v
				}
			}
			if len(rest) > 0 {
				add(key, e.key, nil, rest, e.line)
			}
		case "keywords":
			// Next.js's Metadata has no tags: its keywords are the post's
			// topics, which seopipe's tags carry (article:tag, the feeds'
			// categories, JSON-LD keywords).
			as := "tags"
			if hasTags {
				as = "keywords"
			}
			add(key, as, []string{e.key}, e.value, e.line)
		default:
			add(key, e.key, nil, e.value, e.line)
		}
	}
	return out
}

// exportSubfields are the fields nested keys of the export give.
var exportSubfields = map[string]string{
	"openGraph.images":        "ogImage",
	"openGraph.publishedTime": "publishedAt",
	"openGraph.modifiedTime":  "updatedAt",
	"alternates.canonical":    "canonical",
}

// members returns o's entries with keys, a repeated key once (its later
// value, as JavaScript takes it, with a warning). A member that is not
// key: value (a spread, a computed key, a method) is left out with a
// warning. key names o in messages.
func (m exportMapper) members(o *jsObject, key string) []jsEntry {
	var out []jsEntry
	at := map[string]int{}
	for _, e := range o.entries {
		if e.key == "" {
			m.skipped(e.value.(jsSkipped), key)
			continue
		}
		if i, ok := at[e.key]; ok {
			m.ps.warn(m.line(e.line), key+"."+e.key, "also given on line %d; the later one is used", m.line(out[i].line))
			out[i] = e
			continue
		}
		at[e.key] = len(out)
		out = append(out, e)
	}
	return out
}

// plain turns a value of the export into a front-matter value: an object
// a map[string]any, a list []any. What the reader did not evaluate is left
// out, with a warning: ok is false when that is v itself.
func (m exportMapper) plain(v any, key string) (any, bool) {
	switch t := v.(type) {
	case jsSkipped:
		m.skipped(t, key)
		return nil, false
	case *jsObject:
		out := map[string]any{}
		for _, e := range m.members(t, key) {
			if pv, ok := m.plain(e.value, key+"."+e.key); ok {
				out[e.key] = pv
			}
		}
		return out, true
	case []any:
		out := make([]any, 0, len(t))
		for i, e := range t {
			if pv, ok := m.plain(e, fmt.Sprintf("%s[%d]", key, i)); ok {
				out = append(out, pv)
			}
		}
		return out, true
	}
	return v, true
}

// skipped warns that s, the value of key, is left out of the metadata.
func (m exportMapper) skipped(s jsSkipped, key string) {
	s.line = m.line(s.line)
	warnSkipped(m.ps, s, key)
}

// warnSkipped warns that s (its line one of the file), the value of key,
// is left out of the metadata.
func warnSkipped(ps *problems, s jsSkipped, key string) {
	if s.text == "" {
		ps.warn(s.line, key, "is empty (a hole in the list): left out")
		return
	}
	ps.warn(s.line, key, "%s is left out: seopipe does not run JavaScript", clip(s.text, 40))
}

// aliasGroups are the names of each field readFields reads.
var aliasGroups = [][]string{aliasSlug, aliasTitle, aliasExcerpt, aliasPublished, aliasUpdated, aliasExpiry, aliasAuthor,
	aliasCategory, aliasTags, aliasKeywords, aliasImage, aliasImageAlt, aliasImageFocus, aliasFeatured, aliasDraft,
	aliasNoIndex, aliasMetaTitle, aliasMetaDesc, aliasCanonical, aliasPermalink, aliasURL, aliasLang, aliasTranslation,
	aliasCard, aliasSEO}

// mergeExport adds the fields of a metadata export to fm, the front matter
// of the same file. A field the front matter already gives, under any of
// its names, is ignored with a warning on the export's line: the front
// matter wins. A social image beside the front matter's hero is no
// conflict: it stays in params, as in front matter (keptBeside). A field
// whose value was not read is left out with a warning, unless the front
// matter gives it: then the warning is that one (the export often reads
// it, title: frontmatter.title, with remark-mdx-frontmatter).
func mergeExport(fm *frontMatter, fields []field, ps *problems) {
	front := slices.Clone(fm.fields)
	for _, f := range fields {
		names := []string{f.lookup()}
		for _, g := range aliasGroups {
			if slices.ContainsFunc(g, func(n string) bool { return strings.EqualFold(n, f.lookup()) }) {
				names = g
				break
			}
		}
		i := slices.IndexFunc(front, func(g field) bool {
			return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, g.lookup()) }) &&
				!keptBeside(g.lookup(), f.lookup())
		})
		if i < 0 {
			if s, skipped := f.value.(jsSkipped); skipped {
				warnSkipped(ps, s, f.key)
			} else {
				fm.add(f)
			}
			continue
		}
		g := front[i]
		by := fmt.Sprintf("line %d", g.line)
		if !strings.EqualFold(g.lookup(), names[0]) {
			by = g.key + ", " + by
		}
		ps.warn(f.line, f.key, "ignored: %s is already given by the front matter (%s)", names[0], by)
	}
}
