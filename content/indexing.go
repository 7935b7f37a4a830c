package content

import (
	"slices"
	"strings"

	"github.com/seopipe/seopipe/post"
)

// robotsDirectives are the directives of a robots value (Hugo themes'
// robots: "noindex, nofollow", a text or a list of them; Next.js's
// robots: {index: false, follow: true}), in lower case, once each, in the
// order given.
func robotsDirectives(v any) []string {
	var parts []string
	switch t := v.(type) {
	case string:
		parts = []string{t}
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				parts = append(parts, s)
			}
		}
	case map[string]any:
		// Next.js's index and follow flags; its other keys (googleBot,
		// nocache, …) are for the theme, in params.
		for _, d := range []string{"index", "follow"} {
			_, v := lookupFold(t, d)
			if b, isBool := v.(bool); isBool && b {
				parts = append(parts, d)
			} else if isBool {
				parts = append(parts, "no"+d)
			}
		}
	}
	var out []string
	for _, s := range parts {
		for _, d := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if d = strings.ToLower(d); !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// robotsNoIndex reports whether directives say noindex, or none, which is
// noindex and nofollow.
func robotsNoIndex(directives []string) bool {
	return slices.Contains(directives, "noindex") || slices.Contains(directives, "none")
}

// readSitemap reads Hugo's sitemap: {disable: true}, which keeps the post
// out of the sitemaps (it is still a page, in the feeds and the rest). It
// reports whether it read f: only a mapping with disable is seopipe's;
// anything else stays in params as written. The mapping's other keys
// (Hugo's changefreq, priority, filename) stay in params.sitemap.
func readSitemap(p *post.Post, f field, ps *problems) bool {
	m, ok := f.value.(map[string]any)
	if !ok {
		return false
	}
	k, v := lookupFold(m, "disable")
	if k == "" {
		return false
	}
	b, err := asBool(v)
	if err != nil {
		ps.add(f.line, f.key+"."+k, "%v", err)
	}
	p.NoSitemap = b
	p.Lines["noSitemap"] = f.line
	if len(m) > 1 {
		rest := make(map[string]any, len(m)-1)
		for key, val := range m {
			if key != k {
				rest[key] = val
			}
		}
		setParam(p, f.paramPath(), rest)
	}
	return true
}
