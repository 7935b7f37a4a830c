package pipeline

import (
	"context"
	"strings"
	"time"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// validateStep decides which posts are published and gives them URLs
// (site.Select), and records what it decided.
func validateStep(_ context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	var pages map[string]generator.Page
	expand := content.ExpandPermalink
	if g := r.opts.Generator; g != nil {
		// A post the generator gives no path takes site.permalink's, whose
		// {path}, {section} and {sections} are under its Root's dir
		// ("content/posts/a.md" is posts/a), as without a generator.
		expand = func(pattern string, p *post.Post, loc *time.Location) (string, error) {
			q := *p
			q.Source = underRoot(p.Source, g.Roots())
			return content.ExpandPermalink(pattern, &q, loc)
		}
		// Once for all the posts: a post's URL can depend on others
		// (Hugo's cascade from _index.md, translations).
		list, probs := g.Pages(r.all)
		r.problem(rooted(probs)...)
		pages = make(map[string]generator.Page, len(list))
		main := mainSections(g)
		for _, pg := range list {
			if main != nil && !main[section(pg.Source, g.Roots())] {
				continue // a page, not a post (about.md): left out as no post of the generator's
			}
			pages[pg.Source] = pg
		}
	}
	sel := site.Select(r.all, func(source string) bool { return r.failed[source] }, site.SelectOptions{
		Now: r.opts.Now, Drafts: r.opts.Drafts, Future: r.opts.Future, Expired: r.opts.Expired,
		Permalink: cfg.Site.Permalink, Location: cfg.Location, Expand: expand, SiteURL: cfg.Site.URL,
		NoFeeds: r.opts.CardsOnly, Pages: pages,
	})
	r.problem(sel.Problems...)
	r.translationDups = sel.TranslationDups
	r.res.Sections += sel.Sections
	r.res.SectionPages = append(r.res.SectionPages, sel.SectionPages...)
	r.res.Failed += sel.Failed
	r.res.Headless += sel.Headless
	r.res.NotPosts += sel.NotPosts
	r.res.Drafts += sel.Drafts
	r.res.Future += sel.Future
	r.res.Expired += sel.Expired
	r.res.Posts = sel.Posts
	r.posts = newPostStates(sel.Posts)
	r.res.Published = len(sel.Posts)
	return sel.Candidates, nil
}

// underRoot is source (relative to the generator's Root) relative to the
// innermost of roots it is under, or source when it is under none.
func underRoot(source string, roots []generator.Root) string {
	best := source
	for _, r := range roots {
		if r.Dir == "" || r.Dir == "." {
			continue
		}
		if rest, ok := strings.CutPrefix(source, strings.TrimSuffix(r.Dir, "/")+"/"); ok && len(rest) < len(best) {
			best = rest
		}
	}
	return best
}

// mainSections are the sections whose regular pages are a generator's
// posts (Hugo's mainSections, else its section with the most pages, and
// content.sections), as a set; nil for a generator whose Pages are all
// posts (Jekyll's: its Roots are the posts' folders).
func mainSections(g generator.Site) map[string]bool {
	ms, ok := g.(interface{ MainSections() []string })
	if !ok || len(ms.MainSections()) == 0 {
		return nil // none (a site without sections): every page is a post
	}
	set := map[string]bool{}
	for _, s := range ms.MainSections() {
		set[s] = true
	}
	return set
}

// section is the Hugo section of the post at source: the first folder
// under the content directory it is in, "" at the top.
func section(source string, roots []generator.Root) string {
	if dirs := content.SectionsOf(underRoot(source, roots)); len(dirs) > 0 {
		return dirs[0]
	}
	return ""
}
