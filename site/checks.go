package site

import (
	"fmt"
	"strings"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// CheckTranslations reports every page whose translation group (its
// translationKey, or its generator's pairing) already has a page in the
// same language, an earlier one in the order given, naming both files.
// Those posts are still built, but hreflang can list one URL per language:
// the caller leaves them out of the group's alternates (rule 8), and the
// run fails so that someone fixes the language. Only the pages listed says
// are in a group: the sitemap's alternates leave out what no sitemap lists
// (noindex, previews of drafts and future posts, canonicals on another
// site).
func CheckTranslations(pages []*Page, listed func(*Page) bool) []diag.Problem {
	type slot struct{ key, lang string }
	first := map[slot]*post.Post{}
	var out []diag.Problem
	for _, pg := range pages {
		p, key, lang := pg.Post, pg.Translation(), pg.Language()
		if key == "" || !listed(pg) {
			continue
		}
		k := slot{key, strings.ToLower(lang)}
		q, dup := first[k]
		if !dup {
			first[k] = p
			continue
		}
		field, line := "lang", p.Lines["lang"]
		if line == 0 {
			field, line = "translationKey", p.Lines["translationKey"]
		}
		out = append(out, diag.Problem{Path: p.Source, Line: line, Field: field,
			Message: fmt.Sprintf("translation %q already has a post in language %q: this post is left out of its hreflang alternates (give each translation its own lang); the first is",
				key, lang), Other: diag.Loc{Path: q.Source, Line: q.Lines["lang"]}})
	}
	return out
}

// CheckCategories warns, once per category name, where a post's category
// makes no URL slug ("🚀": no category page, feed or breadcrumb level) or
// the slug of another name ("C#" and "C" are both "c": one page and one
// feed for both), naming the first post (in the order given) of each.
// Names that differ only in case share their page without a warning.
func CheckCategories(posts []*post.Post) []diag.Problem {
	type first struct {
		name string
		post *post.Post
	}
	bySlug := map[string]first{}
	warned := map[string]bool{}
	var out []diag.Problem
	for _, p := range posts {
		c := p.Category
		if c == "" || warned[strings.ToLower(c)] {
			continue
		}
		slug := post.Slugify(c)
		if slug == "" {
			warned[strings.ToLower(c)] = true
			out = append(out, diag.Problem{Path: p.Source, Line: p.Lines["category"], Field: "category", Severity: diag.Warning,
				Message: fmt.Sprintf("%q makes no URL slug: the post has no category page, category feed or breadcrumb level", c)})
			continue
		}
		f, seen := bySlug[slug]
		switch {
		case !seen:
			bySlug[slug] = first{c, p}
		case !strings.EqualFold(f.name, c):
			warned[strings.ToLower(c)] = true
			out = append(out, diag.Problem{Path: p.Source, Line: p.Lines["category"], Field: "category", Severity: diag.Warning,
				Message: fmt.Sprintf("%q has the URL slug %q of %q: both share one category page and feed; %q is in",
					c, slug, f.name, f.name), Other: diag.Loc{Path: f.post.Source, Line: f.post.Lines["category"]}})
		}
	}
	return out
}
