package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/site"
)

// validateStep decides which posts are published and gives them URLs.
func validateStep(_ context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	var keep []*content.Post
	for _, p := range r.all {
		if p.Section {
			r.res.Sections++
			if !r.failed[p.Source] {
				r.res.SectionPages = append(r.res.SectionPages, p)
			}
			continue
		}
		switch {
		case r.failed[p.Source]:
			r.res.Failed++
			continue
		case p.Headless:
			r.res.Headless++ // Hugo's headless bundle: resources, no page
			continue
		case p.Draft && !r.opts.Drafts:
			r.res.Drafts++
			continue
		case !p.PublishedAt.IsZero() && p.PublishedAt.After(r.opts.Now) && !r.opts.Future:
			r.res.Future++
			continue
		case !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(r.opts.Now):
			// Hugo's expiryDate: from then on the post is unpublished.
			// Said, unlike a draft: the build, not the author, dropped it.
			r.res.Expired++
			r.problem(diag.Problem{Path: p.Source, Line: p.Lines["expiryDate"], Field: "expiryDate", Severity: diag.Warning,
				Message: fmt.Sprintf("%s is at or before the build time %s: the post has expired and is left out of every output",
					p.ExpiryDate.Format(time.RFC3339), r.opts.Now.UTC().Format(time.RFC3339))})
			continue
		}
		if !p.UpdatedAt.IsZero() && p.UpdatedAt.After(r.opts.Now) {
			// An update dated later than the build: no lastmod or feed
			// date may say it yet (rule 4). The post is built as last
			// published until a build after that date. Also with
			// --future, which shows future posts as unlisted previews:
			// this one is listed, with its lastmod.
			r.problem(diag.Problem{Path: p.Source, Line: p.Lines["updatedAt"], Field: "updatedAt", Severity: diag.Warning,
				Message: fmt.Sprintf("%s is after the build time %s: the updated date is left out until then",
					p.UpdatedAt.Format(time.RFC3339), r.opts.Now.UTC().Format(time.RFC3339))})
			p.UpdatedAt = time.Time{}
		}
		keep = append(keep, p)
	}
	var ok []*content.Post
	type owner struct {
		at   diag.Loc // where the URL is set
		slug string
	}
	urls := map[string]owner{} // final URL -> the first post with it, by source path
	for _, p := range keep {
		pattern := cfg.Site.Permalink
		if p.Permalink != "" {
			pattern = p.Permalink // Jekyll's permalink, Hugo's url
		}
		path, err := content.ExpandPermalink(pattern, p, cfg.Location)
		switch field, line := p.PermalinkField(); {
		case err != nil && field != "":
			r.problem(diag.Problem{Path: p.Source, Line: line, Field: field,
				Message: "has date placeholders, and the post has no date: add date to the front matter"})
		case err != nil:
			r.problem(diag.Problem{Path: p.Source, Line: p.FrontMatterLine, Field: "publishedAt", Message: "missing: " + err.Error()})
		}
		if field, line := p.PermalinkField(); field != "" && path == "/" {
			r.problem(diag.Problem{Path: p.Source, Line: line, Field: field,
				Message: "makes the post's URL the site's home page (site.url): give the post a path of its own"})
		}
		if r.failedNow(p.Source) {
			r.res.Failed++
			continue
		}
		p.Path = path
		p.URL = p.Canonical
		if p.URL == "" && cfg.Site.URL != "" {
			p.URL = strings.TrimSuffix(cfg.Site.URL, "/") + path
		}
		// posts.json holds the URL every emitter writes (rule 28), a URI:
		// a canonical written with spaces or non-ASCII is percent-encoded.
		p.URL = site.EncodeURL(p.URL)
		if p.Canonical != "" {
			p.Canonical = p.URL // posts.json's canonical is a URI too
		}
		field, line := urlField(p)
		key := p.URL
		if key == "" {
			key = path // a check without site.url: the paths still clash
		}
		if other, dup := urls[key]; dup {
			// Two canonicals, own paths or slugs naming one URL: the feeds
			// would carry one guid twice and the sitemap refuse the second.
			// One slug alone is no conflict (AssignKeys tells the files apart).
			msg := fmt.Sprintf("URL %s is also the URL of", key)
			if field == "slug" && other.slug == p.Slug {
				msg = fmt.Sprintf("duplicate slug %q: its URL %s is also the URL of", p.Slug, key)
			}
			r.problem(diag.Problem{Path: p.Source, Line: line, Field: field, Message: msg, Other: other.at})
			r.res.Failed++
			continue
		}
		urls[key] = owner{diag.Loc{Path: p.Source, Line: line}, p.Slug}
		if undated(p) && !r.opts.CardsOnly { // cards writes no feeds
			r.problem(diag.Problem{Path: p.Source, Line: p.FrontMatterLine, Field: "publishedAt", Severity: diag.Warning,
				Message: "no date: the post is kept out of the feeds and the news sitemap"})
		}
		ok = append(ok, p)
	}
	// Posts of one slug (or one but for case) are built under keys of
	// their own; one left without a key fails.
	for _, pr := range content.AssignKeys(ok, cfg.Location) {
		r.problem(pr)
		r.res.Failed++
	}
	ok = slices.DeleteFunc(ok, func(p *content.Post) bool { return p.Key == "" })
	// Translations: one post per language in each group; the others are
	// built without alternates (the first by source path keeps its place).
	r.translationDups = map[string]bool{}
	// In a group as alternates() has it: in the sitemaps
	// (site.Page.InSitemap) and on the site.
	on := &site.Site{URL: site.EncodeURL(cfg.Site.URL)}
	listed := func(p *content.Post) bool {
		return !p.NoIndex && !p.NoSitemap && !p.Draft && !p.PublishedAt.After(r.opts.Now) && on.Contains(p.URL)
	}
	for _, pr := range content.CheckTranslations(ok, listed) {
		r.translationDups[pr.Path] = true
		r.problem(pr)
	}
	r.problem(content.CheckCategories(ok)...)
	sortPosts(ok)
	r.res.Posts = ok
	r.res.Published = len(ok)
	return len(keep), nil
}

// undated reports whether a published post would be in the feeds (as
// site.Page.Indexable has it: not noindex, no draft or future preview) but
// for its missing date. Said here, not where the feeds are written, so
// that check, which writes none, says it as build does.
func undated(p *content.Post) bool {
	return p.PublishedAt.IsZero() && !p.NoIndex && !p.Draft
}

// urlField names the field the post's URL comes from, and its line: its
// canonical, its own path (Jekyll's permalink, Hugo's url), or else the
// slug that site.permalink makes it from.
func urlField(p *content.Post) (string, int) {
	if p.Canonical != "" {
		return "canonical", p.Lines["canonical"]
	}
	if field, line := p.PermalinkField(); field != "" {
		return field, line
	}
	return "slug", p.Lines["slug"]
}
