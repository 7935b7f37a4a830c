package pipeline

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/feed"
	"github.com/seopipe/seopipe/internal/buildcache"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/internal/sitefiles"
	"github.com/seopipe/seopipe/manifest"
	"github.com/seopipe/seopipe/picture"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/seo"
	"github.com/seopipe/seopipe/site"
	"github.com/seopipe/seopipe/sitemap"
)

// pagesStep resolves the published posts into the site model the emitters share.
func pagesStep(ctx context.Context, r *run) (int, error) {
	if r.site == nil {
		r.site = r.siteModel()
	}
	return len(r.posts), r.buildPages(ctx, r.site)
}

// seoStep writes seo/<key>/head.html, schema.jsonld and picture.html for
// every page, and makes each post's posts.json entry. A post whose inputs
// are those of the last build into this output directory, and whose files
// are as that build left them, is kept: nothing is rendered or read.
func seoStep(ctx context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	o := seo.Options{ArticleType: cfg.SEO.ArticleType, TwitterSite: cfg.SEO.TwitterSite}
	r.start("seo", len(r.posts))
	if r.prev == nil {
		r.prev = &buildcache.PostRecords{} // none without a cache dir
	}
	keys := buildcache.NewKeys(r.site, o)
	r.tx.Grow(2 * len(r.posts)) // head.html and schema.jsonld each
	// Rendering is ~40 µs a page; creating the files is most of the cost,
	// so this runs on the files pool.
	err := r.pools.eachFile(ctx, len(r.posts), func(_ context.Context, i int) error {
		defer r.advance("seo", 1)
		st := r.posts[i]
		pg := st.page
		seoKey := keys.Page(r.parseKeys[pg.Post], pg)
		rec, err := r.prev.Keep(pg.Key, seoKey, r.tx)
		if err != nil {
			return err
		}
		if rec != nil {
			r.kept.Add(1)
		} else {
			paths, sums, err := r.writeSEO(pg, o)
			if err != nil {
				return err
			}
			rec = r.prev.Wrote(seoKey, seoList(paths), sums)
		}
		st.seo = seoFilesOf(rec.Files)
		r.prev.SetEntry(pg.Key, rec, keys.Entry(seoKey, st.seo, st.cards))
		st.rec = rec
		return nil
	})
	r.res.PostsKept = int(r.kept.Load())
	return len(r.posts), err
}

// seoList is the files as a post record keeps them (seoFilesOf reads them).
func seoList(f *manifest.SEO) []string { return []string{f.Head, f.JSONLD, f.Picture} }

// seoFilesOf is the SEO files a post record lists.
func seoFilesOf(files []string) *manifest.SEO {
	var f manifest.SEO
	for i, p := range []*string{&f.Head, &f.JSONLD, &f.Picture} {
		if i < len(files) {
			*p = files[i]
		}
	}
	return &f
}

// writeSEO renders and writes a page's SEO files, and returns their
// paths and digests.
func (r *run) writeSEO(pg *site.Page, o seo.Options) (*manifest.SEO, map[string]string, error) {
	head, graph, err := seo.Render(r.site, pg, o)
	if err != nil {
		return nil, nil, fmt.Errorf("seo %s: %w", pg.Post.Source, err)
	}
	dir := "seo/" + pg.Key + "/"
	paths := &manifest.SEO{Head: dir + "head.html", JSONLD: dir + "schema.jsonld"}
	files := map[string][]byte{paths.Head: head, paths.JSONLD: graph}
	if h := heroSet(pg.Sets); h != nil {
		// Above the fold: not lazy.
		if m := picture.Markup(h, "", false); m != "" {
			paths.Picture = dir + "picture.html"
			files[paths.Picture] = []byte(m)
		}
	}
	sums := make(map[string]string, len(files))
	for _, rel := range seoList(paths) {
		if rel == "" {
			continue
		}
		if err := r.tx.WriteFile(rel, files[rel]); err != nil {
			return nil, nil, err
		}
		sums[rel] = digest(files[rel])
	}
	return paths, sums, nil
}

// savePostRecords stamps this build's post records and keeps them for the
// next build into the same output directory.
func (r *run) savePostRecords() error {
	// No posts.json: this run made no post records (seopipe cards).
	if r.prev == nil || r.manifestHead == "" {
		return nil
	}
	keys := make([]string, len(r.posts))
	for i, st := range r.posts {
		keys[i] = st.page.Key
	}
	m := buildcache.ManifestWrite{Rel: manifest.File, Head: r.manifestHead, Sum: r.manifestSum, Kept: r.manifestKept}
	return r.prev.Save(keys, r.records(), m, r.wallClock())
}

// sink lets the sitemap writer create files in the output transaction.
type sink struct{ tx *outfs.Tx }

func (s sink) Create(name string) (sitemap.File, error) {
	f, err := s.tx.Create(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// sitemapStep writes sitemap.xml (split with an index when large), the news
// sitemap when configured, and robots.txt.
func sitemapStep(ctx context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	s := r.site
	w := sitemap.NewWriter(sink{r.tx}, sitemap.Options{SiteURL: s.URL, Gzip: cfg.Sitemap.Gzip})
	pages := r.pages()
	newest := newestModified(pages)
	base := sitemap.URL{ChangeFreq: cfg.Sitemap.ChangeFreq, Priority: cfg.Sitemap.Priority}
	n := 0
	// add writes one URL. A URL the writer refuses fails its source (a post,
	// or the config for the home page and extras) and the rest go on; a
	// writer that failed for good stops the step.
	add := func(u sitemap.URL, source, field string) error {
		n++
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		err := w.Add(u)
		if err == nil || w.Err() != nil {
			return err
		}
		if source == "" { // the home page or an extra page: not a post's fault
			r.mu.Lock()
			r.res.OutputProblems = append(r.res.OutputProblems, diag.Problem{Path: "sitemap.xml", Field: field, Message: err.Error()})
			r.mu.Unlock()
			return nil
		}
		r.problem(diag.Problem{Path: source, Field: field, Message: err.Error()})
		return nil
	}
	home := base
	home.Loc, home.LastMod = s.URL, newest
	err := add(home, "", "site.url")
	alts := alternates(pages, s, cfg.Site.Language, r.translationDups)
	for _, pg := range pages {
		if err != nil {
			break
		}
		if !pg.InSitemap() {
			continue
		}
		if !s.Contains(pg.URL) {
			// A canonical elsewhere (syndicated content): that site's sitemap lists it.
			r.problem(diag.Problem{Path: pg.Post.Source, Line: pg.Post.Lines["canonical"], Field: "canonical", Severity: diag.Warning,
				Message: fmt.Sprintf("%s is not under %s: the post is left out of the sitemaps", pg.URL, s.URL)})
			continue
		}
		u := base
		u.Loc, u.LastMod, u.Alternates = pg.URL, pg.Modified(), alts[pg]
		for _, img := range pg.Images {
			u.Images = append(u.Images, img.URL)
		}
		err = add(u, pg.Post.Source, "")
	}
	for i, e := range cfg.Sitemap.Extra {
		if err != nil {
			break
		}
		u := base
		u.Loc, u.LastMod = s.Under(e.Path), e.LastModTime
		if u.LastMod.After(r.opts.Now) {
			// A date to come is no lastmod yet (rule 4), as for posts.
			key := fmt.Sprintf("sitemap.extra[%d].lastmod", i)
			r.problem(configWarning(cfg, key, "%s is after the build time %s: the page is listed without a lastmod until then",
				u.LastMod.Format(time.RFC3339), r.opts.Now.UTC().Format(time.RFC3339)))
			u.LastMod = time.Time{}
		}
		err = add(u, "", fmt.Sprintf("sitemap.extra[%d]", i))
	}
	if err != nil {
		w.Abort()
		return n, err
	}
	res, err := w.Close()
	if err != nil {
		return n, err
	}
	sitemaps := []string{s.Under(filepath.ToSlash(firstNonEmpty(res.Index, res.Files[0].Name)))}
	if news := cfg.Sitemap.News; news != nil {
		wrote, err := r.writeNews(news.Name, news.Language)
		if err != nil {
			return n, err
		}
		if wrote {
			sitemaps = append(sitemaps, s.Under(newsSitemap))
		}
	}
	user, err := r.userRobots()
	if err != nil {
		return n, err
	}
	return n, r.tx.WriteFile("robots.txt", sitemap.Robots(user, sitemaps))
}

// newestModified is the home page's lastmod: the newest modified time of
// the indexable pages; zero when none has a date.
func newestModified(pages []*site.Page) time.Time {
	var newest time.Time
	for _, pg := range pages {
		if pg.Indexable() && pg.Modified().After(newest) {
			newest = pg.Modified()
		}
	}
	return newest
}

// newestSiteDate is the newest lastmod of every URL the sitemap lists: the
// home page's (newestModified) and sitemap.extra's. Zero when the site has
// no date at all.
func (r *run) newestSiteDate() time.Time {
	newest := newestModified(r.pages())
	for _, e := range r.opts.Config.Sitemap.Extra {
		if e.LastModTime.After(newest) && !e.LastModTime.After(r.opts.Now) { // one to come is no lastmod yet
			newest = e.LastModTime
		}
	}
	return newest
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// writeNews writes sitemap-news.xml (and, with sitemap.gzip, its .gz): the
// sitemaps' posts that sitemap.SelectNews keeps, newest first. Each
// article's publication/language is its post's language in the news form
// (sitemap.NewsLanguage), else lang, the configured sitemap.news.language.
// With no such post it writes nothing (a urlset needs at least one url).
func (r *run) writeNews(name, lang string) (bool, error) {
	var all []sitemap.NewsURL
	for _, pg := range r.pages() {
		if !pg.InSitemap() || !r.site.Contains(pg.URL) {
			continue
		}
		// The post's own language for now: mapped below, for the few kept.
		all = append(all, sitemap.NewsURL{Loc: pg.URL, Name: name, Language: pg.Language(), Published: pg.Published(), Title: pg.Title()})
	}
	urls := sitemap.SelectNews(all, r.opts.Now)
	if len(urls) == 0 {
		return false, nil
	}
	for i := range urls {
		l, ok := sitemap.NewsLanguage(urls[i].Language)
		if !ok {
			l = lang
		}
		urls[i].Language = l
	}
	return true, sitemap.WriteNewsFile(sink{r.tx}, newsSitemap, urls, r.opts.Config.Sitemap.Gzip)
}

// newsSitemap is the news sitemap's file name.
const newsSitemap = "sitemap-news.xml"

// userRobots returns the user's own robots.txt (content dir first, then the
// static dir), or nil.
func (r *run) userRobots() ([]byte, error) {
	cfg := r.opts.Config
	for _, dir := range []string{r.opts.ContentDir, cfg.Resolve(cfg.Content.Static)} {
		// A robots.txt that leads outside the site (a symlink to
		// /proc/self/environ) fails the run: it would publish the file.
		data, err := r.files.ReadFile(filepath.Join(dir, "robots.txt"))
		if err == nil {
			return data, nil
		}
		if errors.Is(err, sitefiles.ErrOutside) {
			return nil, err
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("robots.txt: %w", err)
		}
	}
	return nil, nil
}

// alternates groups the sitemaps' pages by translationKey: each page of a
// group of two or more lists every variant (itself included) by language,
// plus an x-default: the variant in the site's language, else the first by
// URL.
// The posts in dups (by source) are in no group: another of their group
// has their language (site.CheckTranslations reported them).
func alternates(pages []*site.Page, s *site.Site, siteLang string, dups map[string]bool) map[*site.Page][]sitemap.Alternate {
	groups := map[string][]*site.Page{}
	for _, pg := range pages {
		if k := pg.Translation(); k != "" && pg.InSitemap() && s.Contains(pg.URL) && !dups[pg.Post.Source] {
			groups[k] = append(groups[k], pg)
		}
	}
	out := map[*site.Page][]sitemap.Alternate{}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		slices.SortFunc(g, func(a, b *site.Page) int {
			return cmp.Or(cmp.Compare(a.Language(), b.Language()), cmp.Compare(a.URL, b.URL))
		})
		def := g[0]
		for _, pg := range g {
			if pg.Language() == siteLang {
				def = pg
				break
			}
		}
		set := make([]sitemap.Alternate, 0, len(g)+1)
		for _, pg := range g {
			set = append(set, sitemap.Alternate{HrefLang: pg.Language(), Href: pg.URL})
		}
		set = append(set, sitemap.Alternate{HrefLang: "x-default", Href: def.URL})
		for _, pg := range g {
			out[pg] = set
		}
	}
	return out
}

// feedsStep writes feed.xml, atom.xml and feed.json, and with
// feeds.perCategory a category/<slug>/feed.xml per category. Posts without a
// date are kept out (site.Select warns of them, for check too).
func feedsStep(ctx context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	s := r.site
	var items []*site.Page
	for _, pg := range r.pages() {
		if pg.Listed() && !pg.Published().IsZero() {
			items = append(items, pg)
		}
	}
	if err := r.absoluteHTML(ctx, feedPages(items, cfg.Feeds.Limit, cfg.Feeds.PerCategory)); err != nil {
		return 0, err
	}
	// Updated dates a feed without items (rules 11 and 13 want a date, and
	// there is no newest item to take it from): the newest date the site
	// has, so two runs still give the same bytes (rule 29). Only a site
	// without any date gets the build clock, and a warning saying so.
	updated := r.newestSiteDate()
	if updated.IsZero() && len(items) == 0 {
		updated = r.opts.Now
		r.problem(diag.Problem{Field: "feeds", Severity: diag.Warning,
			Message: "no post (nor sitemap.extra page) has a date: the feeds are dated with the build time, " + updated.Format(time.RFC3339)})
	}
	// A post that credits nobody is the publisher's in Atom, as in its
	// JSON-LD (the article's author is then the Organization).
	o := feed.Options{Title: s.Title, Description: s.Description, Language: s.Language, HomeURL: s.URL,
		Limit: cfg.Feeds.Limit, Content: cfg.Feeds.Content, Updated: updated, Author: s.Publisher.Name}
	for _, set := range r.languageFeeds(items) {
		lo := o
		if set.dir != "" {
			lo.Language, lo.HomeURL = set.lang, s.Under(set.dir+"/")
		}
		for _, f := range []struct {
			name  string
			write func(io.Writer, []*site.Page, feed.Options) error
		}{{"feed.xml", feed.RSS}, {"atom.xml", feed.Atom}, {"feed.json", feed.JSON}} {
			name := path.Join(set.dir, f.name)
			lo.SelfURL = s.Under(name)
			if err := r.writeStream(name, func(w io.Writer) error { return f.write(w, set.items, lo) }); err != nil {
				return 0, err
			}
		}
	}
	if cfg.Feeds.PerCategory {
		byCat := map[string][]*site.Page{}
		names := map[string]string{}
		for _, pg := range items {
			if c := pg.Post.Category; post.Slugify(c) != "" {
				slug := post.Slugify(c)
				byCat[slug] = append(byCat[slug], pg)
				if _, ok := names[slug]; !ok {
					names[slug] = c
				}
			}
		}
		for _, slug := range slices.Sorted(maps.Keys(byCat)) {
			name := "category/" + slug + "/feed.xml"
			co := o
			co.Title = s.Title + " — " + names[slug]
			co.SelfURL = s.Under(name)
			if err := r.writeStream(name, func(w io.Writer) error { return feed.RSS(w, byCat[slug], co) }); err != nil {
				return 0, err
			}
		}
	}
	return len(items), nil
}

// feedSet is the items of one language's feeds, written in dir ("" for
// the site's root).
type feedSet struct {
	dir, lang string
	items     []*site.Page
}

// languageFeeds splits the feeds' items by language when the site's
// generator has several (Hugo's languages): the default language's posts
// (and any of a language it does not list) in the root feeds, each other
// language's in <lang>/feed.xml, atom.xml and feed.json, as Hugo
// publishes /fr/index.xml. One language, or no generator: one set.
func (r *run) languageFeeds(items []*site.Page) []feedSet {
	var langs []string
	if g := r.opts.Generator; g != nil {
		langs = g.Info().Languages
	}
	if len(langs) < 2 {
		return []feedSet{{items: items}}
	}
	sets := []feedSet{{}}
	at := map[string]int{}
	for _, l := range langs[1:] {
		if _, dup := at[strings.ToLower(l)]; dup || l == "" || !fs.ValidPath(l) || strings.Contains(l, "/") {
			continue
		}
		at[strings.ToLower(l)] = len(sets)
		sets = append(sets, feedSet{dir: l, lang: l})
	}
	for _, pg := range items {
		i := at[strings.ToLower(pg.Language())] // 0, the root, when not another language's
		sets[i].items = append(sets[i].items, pg)
	}
	return sets
}

// feedPages are the pages some feed will carry: the first limit of items
// (newest first; 0 means all), and with perCategory the first limit of each
// category.
func feedPages(items []*site.Page, limit int, perCategory bool) []*site.Page {
	if limit == 0 {
		return items
	}
	var out []*site.Page
	taken := map[*site.Page]bool{}
	for _, pg := range items[:min(limit, len(items))] {
		taken[pg] = true
		out = append(out, pg)
	}
	if perCategory {
		n := map[string]int{}
		for _, pg := range items {
			c := post.Slugify(pg.Post.Category)
			if c == "" || n[c] >= limit {
				continue
			}
			n[c]++
			if !taken[pg] {
				taken[pg] = true
				out = append(out, pg)
			}
		}
	}
	return out
}

// absoluteHTML makes each page's body links absolute once, on the CPU pool,
// for the three feed formats to share.
func (r *run) absoluteHTML(ctx context.Context, pages []*site.Page) error {
	if r.opts.Config.Feeds.Content != feed.ContentFull {
		return nil
	}
	return r.pools.eachCPU(ctx, len(pages), func(_ context.Context, i int) error {
		pg := pages[i]
		if pg.HTML == "" || pg.AbsoluteHTML != "" {
			return nil
		}
		html, err := feed.AbsoluteHTMLIn(pg.HTML, pg.Base, r.site.URL)
		if err != nil {
			return fmt.Errorf("%s: making links absolute: %w", pg.Post.Source, err)
		}
		pg.AbsoluteHTML = html
		return nil
	})
}

// writeStream writes one output file through a buffer straight into the
// transaction, so a large feed is never held whole in memory.
func (r *run) writeStream(name string, write func(io.Writer) error) error {
	f, err := r.tx.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		f.Abort()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := bw.Flush(); err != nil {
		f.Abort()
		return err
	}
	return f.Close()
}
