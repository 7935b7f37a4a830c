package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// SelectOptions are the publication rules of one build.
type SelectOptions struct {
	// Now is the build clock: posts dated after it are "future", and an
	// expiryDate at or before it has come.
	Now time.Time
	// Drafts and Future publish drafts and future-dated posts; Expired
	// those whose expiryDate has come (Hugo's buildExpired).
	Drafts, Future, Expired bool
	// Permalink is site.permalink, the pattern of a post without a path of
	// its own, expanded in Location.
	Permalink string
	Location  *time.Location
	// Expand makes a post's URL path from a pattern (Permalink, or the
	// post's own) in Location: content.ExpandPermalink, whose Jekyll
	// placeholders need the parser's rules for file names. It must be set.
	Expand func(pattern string, p *post.Post, loc *time.Location) (string, error)
	// SiteURL is site.url as configured ("" in a check without one: the
	// posts then get paths, and no URL unless a canonical gives one).
	SiteURL string
	// Pages are what the site's generator does with each post, by source
	// (generator.Site.Pages); nil without a generator. A post the
	// generator renders no page for is left out (counted in NotPosts); one
	// it lists nowhere is Unlisted; its Path, language, translation key
	// and aliases are the page's. A post without a Path of the generator's
	// takes its URL as without one (its own permalink, site.permalink).
	Pages map[string]generator.Page
	// NoFeeds is set when the build writes no feeds (seopipe cards): a
	// post without a date is then not warned of.
	NoFeeds bool
}

// Selection is what Select decided.
type Selection struct {
	// Posts are the published posts' pages, newest first (see SortPages),
	// each with its Key, Path, URL, Updated and HTML set.
	Posts []*Page
	// SectionPages are the _index.md pages without an error, in the order
	// given.
	SectionPages []*post.Post
	// Candidates counts the posts that passed the publication rules, before
	// their URLs were assigned.
	Candidates int
	// Sections, Drafts, Future, Expired and Headless count the pages left
	// out for what they are; Failed the posts left out for an error (one
	// that Select found, or that failed said they had).
	Sections, Drafts, Future, Expired, Headless, Failed int
	// NotPosts counts the files of the generator's Roots that are not its
	// posts: pages it renders none of (Hugo's build.render: never,
	// Jekyll's published: false), or pages outside the posts' sections
	// (Hugo's about.md).
	NotPosts int
	// TranslationDups are the posts (by source) left out of their
	// translation group: another post of the group has their language.
	TranslationDups map[string]bool
	// Problems are what Select found, in the order found; the posts with an
	// error among them are not in Posts.
	Problems []diag.Problem
}

// Select applies the publication rules to the parsed posts all (section
// pages included): which are published (not failed, headless, a draft,
// future-dated or expired, but for Drafts and Future), under which URL
// (site.permalink or their own, made absolute with SiteURL, or their
// canonical) and key, and which clash. failed reports the posts (by source)
// that already have an error. An update dated after Now is dropped from its
// post's page, with a warning. Select does no I/O and changes no post: what
// it derives is each Page's.
func Select(all []*post.Post, failed func(source string) bool, o SelectOptions) *Selection {
	sel := &Selection{TranslationDups: map[string]bool{}}
	bad := map[string]bool{}
	isFailed := func(source string) bool { return bad[source] || failed(source) }
	problem := func(ps ...diag.Problem) {
		for _, p := range ps {
			sel.Problems = append(sel.Problems, p)
			if p.Severity == diag.Error {
				bad[p.Path] = true
			}
		}
	}
	now := o.Now.UTC().Format(time.RFC3339)
	var keep []*Page
	for _, p := range all {
		if p.Section {
			sel.Sections++
			if !isFailed(p.Source) {
				sel.SectionPages = append(sel.SectionPages, p)
			}
			continue
		}
		switch {
		case isFailed(p.Source):
			sel.Failed++
			continue
		case p.Headless:
			sel.Headless++ // Hugo's headless bundle: resources, no page
			continue
		case o.Pages != nil && !o.Pages[p.Source].Render:
			// The generator makes no page of it (Hugo's build.render:
			// never, Jekyll's published: false), or does not publish it
			// at all: a post not in Pages is not one of the generator's.
			sel.NotPosts++
			continue
		case p.Draft && !o.Drafts:
			sel.Drafts++
			continue
		case !p.PublishedAt.IsZero() && p.PublishedAt.After(o.Now) && !o.Future:
			sel.Future++
			continue
		case !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(o.Now) && !o.Expired:
			// Hugo's expiryDate: from then on the post is unpublished.
			// Said, unlike a draft: the build, not the author, dropped it.
			sel.Expired++
			problem(diag.Problem{Path: p.Source, Line: p.Lines["expiryDate"], Field: "expiryDate", Severity: diag.Warning,
				Message: fmt.Sprintf("%s is at or before the build time %s: the post has expired and is left out of every output",
					p.ExpiryDate.Format(time.RFC3339), now)})
			continue
		}
		updated := p.UpdatedAt
		if !p.UpdatedAt.IsZero() && p.UpdatedAt.After(o.Now) {
			// An update dated later than the build: no lastmod or feed
			// date may say it yet (rule 4). The post is built as last
			// published until a build after that date. Also with
			// --future, which shows future posts as unlisted previews:
			// this one is listed, with its lastmod.
			problem(diag.Problem{Path: p.Source, Line: p.Lines["updatedAt"], Field: "updatedAt", Severity: diag.Warning,
				Message: fmt.Sprintf("%s is after the build time %s: the updated date is left out until then",
					p.UpdatedAt.Format(time.RFC3339), now)})
			updated = time.Time{}
		}
		pg := &Page{Post: p, Updated: updated, HTML: p.HTML, Lang: p.Lang, TranslationKey: p.TranslationKey}
		if gp, ok := o.Pages[p.Source]; ok {
			pg.Unlisted = !gp.List
			pg.Aliases = gp.Aliases
			pg.Lang = cmp.Or(gp.Lang, pg.Lang)
			pg.TranslationKey = cmp.Or(gp.TranslationKey, pg.TranslationKey)
		}
		keep = append(keep, pg)
	}
	sel.Candidates = len(keep)
	var ok []*Page
	type owner struct {
		at   diag.Loc // where the URL is set
		slug string
	}
	urls := map[string]owner{} // final URL -> the first post with it, by source path
	for _, pg := range keep {
		p := pg.Post
		pattern := o.Permalink
		if p.Permalink != "" {
			pattern = p.Permalink // Jekyll's permalink, Hugo's url
		}
		var path string
		var err error
		if gp := o.Pages[p.Source]; gp.Path != "" {
			path = gp.Path // the URL the generator gives it
		} else {
			ep := p
			if pg.Lang != p.Lang {
				// {lang} is the generator's language of the post: expanded
				// from a copy, the post itself is not changed.
				q := *p
				q.Lang = pg.Lang
				ep = &q
			}
			path, err = o.Expand(pattern, ep, o.Location)
		}
		switch field, line := p.PermalinkField(); {
		case err != nil && field != "":
			problem(diag.Problem{Path: p.Source, Line: line, Field: field,
				Message: "has date placeholders, and the post has no date: add date to the front matter"})
		case err != nil:
			problem(diag.Problem{Path: p.Source, Line: p.FrontMatterLine, Field: "publishedAt", Message: "missing: " + err.Error()})
		}
		if field, line := p.PermalinkField(); field != "" && path == "/" {
			problem(diag.Problem{Path: p.Source, Line: line, Field: field,
				Message: "makes the post's URL the site's home page (site.url): give the post a path of its own"})
		}
		if isFailed(p.Source) {
			sel.Failed++
			continue
		}
		pg.Path = path
		pg.URL = p.Canonical
		base := o.SiteURL
		if gp := o.Pages[p.Source]; gp.BaseURL != "" {
			base = gp.BaseURL // its language's own host
		}
		if pg.URL == "" && base != "" {
			pg.URL = strings.TrimSuffix(base, "/") + path
		}
		// posts.json holds the URL every emitter writes (rule 28), a URI:
		// a canonical written with spaces or non-ASCII is percent-encoded
		// (and posts.json's canonical is this URL).
		pg.URL = EncodeURL(pg.URL)
		field, line := urlField(p)
		key := pg.URL
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
			problem(diag.Problem{Path: p.Source, Line: line, Field: field, Message: msg, Other: other.at})
			sel.Failed++
			continue
		}
		urls[key] = owner{diag.Loc{Path: p.Source, Line: line}, p.Slug}
		if undated(p) && !o.NoFeeds {
			problem(diag.Problem{Path: p.Source, Line: p.FrontMatterLine, Field: "publishedAt", Severity: diag.Warning,
				Message: "no date: the post is kept out of the feeds and the news sitemap"})
		}
		ok = append(ok, pg)
	}
	// Posts of one slug (or one but for case) are built under keys of
	// their own; one left without a key fails.
	posts := make([]*post.Post, len(ok))
	for i, pg := range ok {
		posts[i] = pg.Post
	}
	keys, probs := AssignKeys(posts, o.Location)
	for _, pr := range probs {
		problem(pr)
		sel.Failed++
	}
	for i, pg := range ok {
		pg.Key = keys[i]
	}
	ok = slices.DeleteFunc(ok, func(pg *Page) bool { return pg.Key == "" })
	posts = posts[:0]
	for _, pg := range ok {
		posts = append(posts, pg.Post)
	}
	// Translations: one post per language in each group; the others are
	// built without alternates (the first by source path keeps its place).
	// In a group as alternates are: in the sitemaps (Page.InSitemap) and on
	// the site.
	on := &Site{URL: EncodeURL(o.SiteURL)}
	listed := func(pg *Page) bool {
		p := pg.Post
		return !p.NoIndex && !p.NoSitemap && !pg.Unlisted && !p.Draft && !p.PublishedAt.After(o.Now) && on.Contains(pg.URL)
	}
	for _, pr := range CheckTranslations(ok, listed) {
		sel.TranslationDups[pr.Path] = true
		problem(pr)
	}
	problem(CheckCategories(posts)...)
	SortPages(ok)
	sel.Posts = ok
	return sel
}

// SortPages orders pages newest first, then by key (the slug, unless
// another post has it too); undated posts last.
func SortPages(ps []*Page) {
	slices.SortStableFunc(ps, func(a, b *Page) int {
		az, bz := a.Published().IsZero(), b.Published().IsZero()
		switch {
		case az != bz:
			if az {
				return 1
			}
			return -1
		case !a.Published().Equal(b.Published()):
			return b.Published().Compare(a.Published())
		}
		return strings.Compare(a.Key, b.Key)
	})
}

// undated reports whether a published post would be in the feeds (as
// Page.Indexable has it: not noindex, no draft or future preview) but for
// its missing date. Said by Select, not where the feeds are written, so
// that check, which writes none, says it as build does.
func undated(p *post.Post) bool {
	return p.PublishedAt.IsZero() && !p.NoIndex && !p.Draft
}

// urlField names the field the post's URL comes from, and its line: its
// canonical, its own path (Jekyll's permalink, Hugo's url), or else the
// slug that site.permalink makes it from.
func urlField(p *post.Post) (string, int) {
	if p.Canonical != "" {
		return "canonical", p.Lines["canonical"]
	}
	if field, line := p.PermalinkField(); field != "" {
		return field, line
	}
	return "slug", p.Lines["slug"]
}
