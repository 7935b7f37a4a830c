package verify

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"time"

	"github.com/seopipe/seopipe/internal/speclimit"
)

// jsonld checks seo/<key>/schema.jsonld (rules 21–23): a connected @graph
// whose every @id reference resolves, the required node types, breadcrumb
// positions, the article's dates with a zone; and records its dates and
// primary image for rule 28. The file is decoded once; head.html's copy of
// the graph is only validated.
func (pc *postCheck) jsonld(fsys fs.FS, name string) {
	data, err := pc.read(fsys, name)
	if err != nil {
		pc.bad(name, "missing: %v", err)
		return
	}
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		pc.bad(name, "invalid JSON: %v", err)
		return
	}
	defined := map[string]map[string]any{}
	types := map[string]bool{}
	for _, n := range doc.Graph {
		id, _ := n["@id"].(string)
		if id != "" {
			defined[id] = n
		}
		for _, t := range asList(n["@type"]) {
			if s, ok := t.(string); ok {
				types[s] = true
			}
		}
	}
	var refs []string
	var collect func(v any, top bool)
	collect = func(v any, top bool) {
		switch t := v.(type) {
		case map[string]any:
			if id, ok := t["@id"].(string); ok && len(t) == 1 && !top {
				refs = append(refs, id)
			}
			for k, e := range t {
				if k != "@id" {
					collect(e, false)
				}
			}
		case []any:
			for _, e := range t {
				collect(e, false)
			}
		}
	}
	for _, n := range doc.Graph {
		collect(n, true)
	}
	for _, r := range refs {
		if defined[r] == nil {
			pc.bad(name, "rule 21: @id %q is referenced but not defined in the graph", r)
		}
	}
	for _, t := range []string{"WebSite", "Organization", "WebPage", "BreadcrumbList"} {
		if !types[t] {
			pc.bad(name, "rule 21: no %s node", t)
		}
	}
	for _, n := range doc.Graph {
		if n["@type"] != "Organization" {
			continue
		}
		logo, _ := n["logo"].(map[string]any)
		if id, ok := logo["@id"].(string); ok && len(logo) == 1 {
			logo = defined[id]
		}
		// Measured logos only: width and height are written only then.
		w, hw := logo["width"].(float64)
		h, hh := logo["height"].(float64)
		if hw && hh && (w < speclimit.LogoMinSide || h < speclimit.LogoMinSide) {
			pc.bad(name, "rule 21: the publisher logo is %v×%v, under the %d×%[3]d Google asks for", w, h, speclimit.LogoMinSide)
		}
	}
	var article map[string]any
	for _, n := range doc.Graph {
		for _, t := range asList(n["@type"]) {
			if t == "BlogPosting" || t == "NewsArticle" || t == "Article" {
				article = n
			}
		}
	}
	if article == nil {
		pc.bad(name, "rule 21: no BlogPosting, NewsArticle or Article node")
	} else {
		var page map[string]any // the first WebPage, in the graph's order
		for _, n := range doc.Graph {
			if n["@type"] == "WebPage" {
				page = n
				break
			}
		}
		pc.article(name, article, page, defined)
	}
	for _, n := range doc.Graph {
		if n["@type"] == "BreadcrumbList" {
			pc.breadcrumb(name, n)
		}
	}
}

func (pc *postCheck) article(name string, a, page map[string]any, defined map[string]map[string]any) {
	canonical := pc.canonical
	if h, _ := a["headline"].(string); h == "" {
		pc.bad(name, "rule 22: the article has no headline")
	}
	if m, ok := a["mainEntityOfPage"].(map[string]any); !ok || m["@id"] != canonical {
		pc.bad(name, "rule 22: mainEntityOfPage is not the canonical URL %q", canonical)
	}
	if _, ok := a["author"].([]any); !ok {
		pc.bad(name, "rule 22: author is not an array")
	}
	for _, k := range []string{"datePublished", "dateModified"} {
		s, ok := a[k].(string)
		if !ok {
			continue
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			pc.bad(name, "rule 22: %s %q has no time zone (RFC 3339)", k, s)
			continue
		}
		if k == "datePublished" {
			set(&pc.facts.published, name, t)
		} else {
			set(&pc.facts.modified, name, t)
		}
	}
	// The primary image is the WebPage's primaryImageOfPage; without one,
	// the article's first image.
	primary := false
	pi, _ := page["primaryImageOfPage"].(map[string]any)
	if id, ok := pi["@id"].(string); ok && len(pi) == 1 {
		pi = defined[id]
	}
	if u, _ := pi["url"].(string); u != "" {
		set(&pc.facts.image, name, u)
		primary = true
	}
	imgs := asList(a["image"])
	var sizes [][2]float64
	for i, im := range imgs {
		node, _ := im.(map[string]any)
		if id, ok := node["@id"].(string); ok && len(node) == 1 {
			node = defined[id]
		}
		if node == nil {
			continue
		}
		u, _ := node["url"].(string)
		if i == 0 && u != "" && !primary {
			set(&pc.facts.image, name, u)
		}
		w, hw := node["width"].(float64)
		h, hh := node["height"].(float64)
		if hw && hh && (w <= 0 || h <= 0 || math.Trunc(w) != w || math.Trunc(h) != h) {
			pc.bad(name, "rule 22: image %s has width/height %v×%v", u, w, h)
			continue
		}
		if !hw || !hh {
			continue
		}
		if sz := pc.measure(u); sz.ok && (sz.w != int(w) || sz.h != int(h)) {
			pc.bad(name, "rule 22: image %s says %v×%v, the file is %d×%d", u, w, h, sz.w, sz.h)
		}
		sizes = append(sizes, [2]float64{w, h})
	}
	if len(imgs) == 0 {
		return
	}
	aspects := make([]float64, 0, len(pc.crops))
	for _, a := range pc.crops {
		var aw, ah float64
		if _, err := fmt.Sscanf(a, "%g:%g", &aw, &ah); err == nil && aw > 0 && ah > 0 {
			aspects = append(aspects, aw/ah)
		}
	}
	if len(aspects) > 0 {
		// With crops, the article's images are the crops (rule 22): an
		// image of another shape (the 1.91:1 card) is none of them.
		for _, s := range sizes {
			if !slices.ContainsFunc(aspects, func(r float64) bool { return math.Abs(s[0]/s[1]-r) <= speclimit.AspectTolerance*r }) {
				pc.bad(name, "rule 22: the article has a %v×%v image, none of the crops' aspects %v", s[0], s[1], pc.crops)
			}
		}
	}
	for _, a := range pc.crops {
		var aw, ah float64
		if _, err := fmt.Sscanf(a, "%g:%g", &aw, &ah); err != nil || aw <= 0 || ah <= 0 {
			continue
		}
		found := false
		for _, s := range sizes {
			if math.Abs(s[0]/s[1]-aw/ah) <= speclimit.AspectTolerance*aw/ah && s[0]*s[1] >= speclimit.ArticleImagePixels {
				found = true
				break
			}
		}
		if !found {
			pc.bad(name, "rule 22: the article's images have no %s crop of at least 50,000 pixels", a)
		}
	}
}

func (pc *postCheck) breadcrumb(name string, b map[string]any) {
	items := asList(b["itemListElement"])
	for i, it := range items {
		m, _ := it.(map[string]any)
		if pos, _ := m["position"].(float64); int(pos) != i+1 {
			pc.bad(name, "rule 23: breadcrumb item %d has position %v", i+1, m["position"])
		}
		if s, _ := m["name"].(string); s == "" {
			pc.bad(name, "rule 23: breadcrumb item %d has no name", i+1)
		}
		if i < len(items)-1 {
			if u, _ := m["item"].(string); !absolute(u) {
				pc.bad(name, "rule 23: breadcrumb item %d has no absolute item URL", i+1)
			}
		}
	}
}

func asList(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{v}
}
