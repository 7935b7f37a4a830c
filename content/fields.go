package content

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/post"
)

// Aliases: for each field, the names it is read from, seed names first. The
// first name present wins; each other one present is ignored with a warning
// (see readFields' pick), unless keptBeside keeps it in params.
var (
	aliasSlug        = []string{"slug"}
	aliasTitle       = []string{"title"}
	aliasExcerpt     = []string{"excerpt", "description", "summary"}
	aliasPublished   = []string{"publishedAt", "publishDate", "date", "pubDate", "published"}
	aliasUpdated     = []string{"updatedAt", "lastmod", "updated", "modified", "updatedDate", "last_modified_at"}
	aliasExpiry      = []string{"expiryDate", "unpublishDate"}
	aliasAuthor      = []string{"author", "authors"}
	aliasCategory    = []string{"category", "categories"}
	aliasTags        = []string{"tags"}
	aliasKeywords    = []string{"keywords"}
	aliasImage       = []string{"image", "cover", "hero", "featured_image", "heroImage", "coverImage", "images", "ogImage"}
	aliasImageAlt    = []string{"imageAlt", "image_alt"}
	aliasImageFocus  = []string{"imageFocus", "image_focus"}
	aliasFeatured    = []string{"featured"}
	aliasDraft       = []string{"draft"}
	aliasNoIndex     = []string{"noindex"}
	aliasMetaTitle   = []string{"metaTitle", "meta_title"}
	aliasMetaDesc    = []string{"metaDescription", "meta_description"}
	aliasCanonical   = []string{"canonical", "canonicalURL", "canonical_url"}
	aliasPermalink   = []string{"permalink"}
	aliasURL         = []string{"url"}
	aliasLang        = []string{"lang", "language"}
	aliasTranslation = []string{"translationKey"}
	aliasCard        = []string{"card"}
	aliasSEO         = []string{"seo"}
)

// readFields fills p from fm. Every key it reads is consumed; the rest go to
// p.Params.
func readFields(p *post.Post, fm *frontMatter, ps *problems, opts ParseOptions) {
	used := map[string]bool{"excerpt_separator": true} // Parse reads it (excerptSeparator)
	// pick returns the first of names present. The others present are
	// dropped with a warning on their lines: one value of a field is
	// read, and a second one silently lost would surprise. Those with a
	// meaning of their own (keptBeside) stay in params instead.
	pickAs := func(canon string, names []string) (field, bool) {
		var got field
		found := false
		for _, n := range names {
			f, ok := fm.get(n)
			switch {
			case !ok:
			case !found:
				used[strings.ToLower(n)] = true
				got, found = f, true
			case !keptBeside(got.lookup(), f.lookup()):
				used[strings.ToLower(n)] = true
				by := ""
				if !strings.EqualFold(got.key, canon) {
					by = " by " + got.key
				}
				if got.line > 0 {
					by += fmt.Sprintf(" on line %d", got.line)
				}
				ps.warn(f.line, f.key, "ignored: %s is already given%s", canon, by)
			}
		}
		return got, found
	}
	pick := func(names []string) (field, bool) { return pickAs(names[0], names) }
	str := func(canon string, names []string) string {
		f, ok := pick(names)
		if !ok {
			return ""
		}
		p.Lines[canon] = f.line
		s, err := asString(f.value)
		if err != nil {
			ps.add(f.line, f.key, "%v", err)
		}
		return strings.TrimSpace(ps.cleanXML(f.line, f.key, s))
	}
	boolean := func(canon string, names []string) bool {
		f, ok := pick(names)
		if !ok {
			return false
		}
		p.Lines[canon] = f.line
		b, err := asBool(f.value)
		if err != nil {
			ps.add(f.line, f.key, "%v", err)
		}
		return b
	}
	list := func(canon string, names []string, split textSplit) []string {
		f, ok := pick(names)
		if !ok {
			return nil
		}
		p.Lines[canon] = f.line
		if jekyllPost(p.Source, opts.RootName) && (strings.EqualFold(f.lookup(), "categories") || strings.EqualFold(f.lookup(), "tags")) {
			split = atWords
		}
		l, err := asStringList(f.value, split)
		if err != nil {
			ps.add(f.line, f.key, "%v", err)
		}
		for i := range l {
			l[i] = ps.cleanXML(f.line, f.key, l[i])
		}
		return l
	}
	dateOf := func(canon string, f field) time.Time {
		p.Lines[canon] = f.line
		if s, isText := f.value.(string); f.value == nil || isText && strings.TrimSpace(s) == "" {
			// "lastmod:" left blank, as templates do: no date, not a broken one.
			ps.warn(f.line, f.key, "is empty: the post has no %s", canon)
			return time.Time{}
		}
		loc, psych := opts.Location, false
		if opts.Jekyll && f.key == "date" && f.psychUTC {
			// Ruby's YAML (Psych) reads a timestamp without an offset as
			// UTC, and Jekyll shows it in the site's zone.
			loc, psych = time.UTC, true
		}
		t, note, err := parseDate(f.value, loc)
		if psych {
			t = t.In(opts.Location)
		}
		if err != nil {
			ps.add(f.line, f.key, "%v", err)
		}
		if note != "" {
			ps.warn(f.line, f.key, "%s", note)
		}
		// Whole seconds: sitemaps, feeds and head tags write no fractions,
		// and every output must name the same instant (rule 28).
		return t.Truncate(time.Second)
	}
	date := func(canon string, names []string) time.Time {
		f, ok := pick(names)
		if !ok {
			return time.Time{}
		}
		return dateOf(canon, f)
	}

	p.Slug = str("slug", aliasSlug)
	if _, given := fm.get("slug"); given {
		if err := CheckSlug(p.Slug); err != nil {
			ps.add(p.Lines["slug"], "slug", "%q %v", p.Slug, err)
		}
	}
	p.Headless = boolean("headless", []string{"headless"})
	p.Title = str("title", aliasTitle)
	if f, given := fm.get("title"); p.Title == "" && !p.Section && (!given || f.value == nil) && jekyllPost(p.Source, opts.RootName) {
		// Jekyll titles a post by its file name when the front matter
		// does not: the title the site shows, so no warning.
		p.Title = ps.cleanXML(0, "title", fileNameTitle(p.Source))
	}
	if f, ok := fm.get("title"); ok && p.Title == "" && !p.Section && !p.Headless {
		switch f.value.(type) {
		case string, nil: // any other type is already reported as not text
			ps.add(f.line, f.key, "is empty: every post needs a title")
		}
	}
	// Hugo's description is the meta description and its summary the
	// summary, and jekyll-seo-tag's description the meta description
	// beside the post's excerpt: given both, each is read as that. A
	// section page's description stays its excerpt, which posts.json
	// lists as the section's description.
	_, hasDesc := fm.get("description")
	_, hasSummary := fm.get("summary")
	_, hasExcerpt := fm.get("excerpt")
	hugoPair := hasDesc && (hasSummary || hasExcerpt) && !p.Section
	if hugoPair {
		p.Excerpt = str("excerpt", []string{"excerpt", "summary"})
	} else {
		p.Excerpt = str("excerpt", aliasExcerpt)
	}
	publishedNames := aliasPublished
	if f, ok := fm.get("published"); ok {
		if b, isBool := publishedFlag(f.value); isBool {
			// Jekyll's published: false means "not yet": a draft, whatever
			// its date says. A boolean is no date, so the other names remain.
			used["published"] = true
			p.Lines["draft"] = f.line
			p.Draft = !b
			publishedNames = slices.DeleteFunc(slices.Clone(aliasPublished), func(n string) bool { return n == "published" })
		}
	}
	// A name left blank ("publishDate:" from a template) gives way to one
	// that holds a date, and is read as no value.
	var filled []string
	for _, n := range publishedNames {
		if f, ok := fm.get(n); ok && !blank(f.value) {
			filled = append(filled, n)
		}
	}
	if len(filled) > 0 {
		for _, n := range publishedNames {
			if f, ok := fm.get(n); ok && blank(f.value) {
				used[strings.ToLower(n)] = true
			}
		}
		publishedNames = filled
	}
	f, given := pickAs(aliasPublished[0], publishedNames)
	if (!given || blank(f.value)) && jekyllPost(p.Source, opts.RootName) {
		// Jekyll dates a post by its file name when the front matter
		// does not.
		p.PublishedAt = fileNameDate(p.Source, opts.Location, ps)
	}
	if p.PublishedAt.IsZero() && given {
		p.PublishedAt = dateOf("publishedAt", f)
	}
	p.UpdatedAt = date("updatedAt", aliasUpdated)
	if f, ok := pick(aliasExpiry); ok {
		if s, isText := f.value.(string); f.value == nil || isText && strings.TrimSpace(s) == "" {
			p.Lines["expiryDate"] = f.line // left blank: the post does not expire
		} else {
			p.ExpiryDate = dateOf("expiryDate", f)
		}
	}
	if !p.PublishedAt.IsZero() && !p.UpdatedAt.IsZero() && p.UpdatedAt.Before(p.PublishedAt) {
		ps.warn(p.Lines["updatedAt"], "updatedAt", "%s is before the published date %s",
			p.UpdatedAt.Format(time.RFC3339), p.PublishedAt.Format(time.RFC3339))
	}
	if f, ok := pick(aliasAuthor); ok {
		p.Lines["author"] = f.line
		p.Authors, p.AuthorURLs = readAuthors(f, ps)
	}
	if len(p.Authors) == 0 && opts.DefaultAuthor != "" {
		p.Authors = []string{opts.DefaultAuthor}
	}
	if len(p.Authors) > 0 {
		p.Author = p.Authors[0]
	}
	p.Categories = list("category", aliasCategory, wholeText)
	if dirs := jekyllDirCategories(p.Source); len(dirs) > 0 {
		// Jekyll's blog/_posts/x.md is in the category blog, before the
		// front matter's.
		p.Categories = dedupe(append(dirs, p.Categories...))
	}
	if len(p.Categories) > 0 {
		p.Category = p.Categories[0]
	}
	p.Tags = dedupe(list("tags", aliasTags, atCommas))
	p.Keywords = dedupe(list("keywords", aliasKeywords, atCommas))
	p.Image = readImage(p, pick, ps)
	if alt := str("imageAlt", aliasImageAlt); alt != "" {
		if p.Image != nil {
			p.Image.Alt = alt
		} else {
			ps.warn(p.Lines["imageAlt"], "imageAlt", "given, but the post has no image")
		}
	}
	if focus := str("imageFocus", aliasImageFocus); focus != "" {
		line := p.Lines["imageFocus"]
		x, y, err := ParseFocus(focus)
		switch {
		case err != nil:
			ps.add(line, "imageFocus", "%v", err)
		case p.Image == nil:
			ps.warn(line, "imageFocus", "given, but the post has no image")
		default:
			p.Image.Focus = &post.Focus{X: x, Y: y}
		}
	}
	p.Featured = boolean("featured", aliasFeatured)
	if f, ok := fm.get("draft"); ok && opts.Jekyll {
		// Jekyll has no draft key: it publishes the post.
		ps.warn(f.line, f.key, "is not read by Jekyll, which publishes the post: move the file to _drafts, or set published: false, to hide it")
	} else {
		p.Draft = boolean("draft", aliasDraft) || p.Draft
	}
	if jekyllFolder(p.Source, opts.RootName) == "_drafts" {
		// Jekyll builds _drafts only with --drafts, whatever the front
		// matter says.
		if line, given := p.Lines["draft"]; given && !p.Draft {
			ps.warn(line, writtenKey(fm, []string{"draft", "published"}), "is ignored: a post in _drafts is a draft; move it to _posts to publish it")
		}
		p.Draft = true
	}
	p.NoIndex = boolean("noindex", aliasNoIndex)
	if f, ok := fm.get("robots"); ok {
		// A theme's robots: "noindex, nofollow". It stays in params for
		// the theme's own tag. One with noindex (or none) makes the post
		// noindex, and its directives are the head's robots meta, which
		// would otherwise drop the theme's nofollow.
		if d := robotsDirectives(f.value); robotsNoIndex(d) {
			p.Robots = strings.Join(d, ", ")
			if !p.NoIndex {
				p.NoIndex = true
				p.Lines["noindex"] = f.line
			}
		}
	}
	if f, ok := fm.get("sitemap"); ok {
		used["sitemap"] = readSitemap(p, f, ps)
	}
	p.MetaTitle = str("metaTitle", aliasMetaTitle)
	p.MetaDescription = str("metaDescription", aliasMetaDesc)
	if f, ok := pick(aliasSEO); ok {
		readSEO(p, f, ps)
	}
	if hugoPair {
		if p.MetaDescription == "" {
			p.MetaDescription = str("metaDescription", []string{"description"})
		} else if f, ok := fm.get("description"); ok {
			used["description"] = true
			ps.warn(f.line, f.key, "ignored: metaDescription is already given on line %d", p.Lines["metaDescription"])
		}
	}
	p.Canonical = str("canonical", aliasCanonical)
	if p.Canonical != "" && !IsRemote(p.Canonical) {
		ps.add(p.Lines["canonical"], "canonical", "%q must be an absolute http(s) URL", p.Canonical)
	}
	readPermalink(p, pick, ps, jekyllPost(p.Source, opts.RootName), opts.Jekyll)
	p.Lang = str("lang", aliasLang)
	if p.Lang != "" {
		if tag, ok := CanonicalLang(p.Lang); ok {
			p.Lang = tag
		} else {
			ps.add(p.Lines["lang"], writtenKey(fm, aliasLang), "%q is not a language tag such as en or pt-BR", p.Lang)
		}
	}
	if p.Lang == "" {
		p.Lang = opts.DefaultLang
	}
	p.TranslationKey = str("translationKey", aliasTranslation)
	if f, ok := pick(aliasCard); ok {
		p.Lines["card"] = f.line
		if m, isMap := f.value.(map[string]any); isMap {
			p.Card = m
		} else if f.value != nil {
			ps.add(f.line, f.key, "must be a mapping of card overrides (title, theme, …), got %s", describe(f.value))
		}
	}
	for _, f := range fm.fields {
		if used[strings.ToLower(f.lookup())] {
			continue
		}
		setParam(p, f.paramPath(), f.value)
	}
}

// keptBeside reports whether the key loser, an alias of the field that the
// key winner gives, has a meaning of its own: then it stays in params, for
// templates, without a warning. Hugo's images (its own templates make them
// og:image) and Next.js's ogImage are social images beside a hero; Hugo's
// date is the page's date beside its publishDate.
func keptBeside(winner, loser string) bool {
	switch strings.ToLower(loser) {
	case "images", "ogimage":
		return true
	case "date":
		return strings.EqualFold(winner, "publishDate")
	}
	return false
}

// writtenKey returns the key, as the author wrote it, of the first of names
// present in fm, or the first name.
func writtenKey(fm *frontMatter, names []string) string {
	for _, n := range names {
		if f, ok := fm.get(n); ok {
			return f.key
		}
	}
	return names[0]
}

// imageSrcKeys are the keys of an image mapping that name its file, in the
// order they are looked for: src, url (Next.js's ogImage), path, image
// (Hugo PaperMod's cover).
var imageSrcKeys = []string{"src", "url", "path", "image"}

// readImage reads the hero image: a string, or a mapping with src (or url,
// path, image) and alt; for "images" a list whose first entry is the hero.
// The mapping's other keys (PaperMod's caption, relative, hidden) are
// ignored.
//
// The hero's names come first (aliasImage), then the social images: Hugo's
// images, which its own templates make og:image, and Next.js's ogImage. A
// card-sized image, often with text on it, is no picture for the top of
// the page nor for crops, so it is the hero only when no hero is given.
func readImage(p *post.Post, pick func([]string) (field, bool), ps *problems) *post.Image {
	f, ok := pick(aliasImage)
	if !ok || f.value == nil {
		return nil
	}
	p.Lines["image"] = f.line
	v := f.value
	if l, isList := v.([]any); isList {
		if len(l) == 0 {
			return nil
		}
		v = l[0]
	}
	img := &post.Image{Line: f.line}
	switch t := v.(type) {
	case string:
		img.Src = strings.TrimSpace(t)
	case map[string]any:
		k := ""
		for _, name := range imageSrcKeys {
			if _, ok := t[name]; ok {
				k = name
				break
			}
		}
		if k == "" {
			ps.add(f.line, f.key, "a mapping needs src (or url, path, image): the image's URL or file")
			return nil
		}
		switch s := t[k].(type) {
		case nil: // "image:" left blank, as theme archetypes leave it: no image
		case string:
			img.Src = strings.TrimSpace(s)
		default:
			ps.add(f.line, f.key+"."+k, "must be a URL or a path, got %s", describe(s))
			return nil
		}
		if a, isStr := t["alt"].(string); isStr {
			img.Alt = strings.TrimSpace(ps.cleanXML(f.line, f.key+".alt", a))
		}
	default:
		ps.add(f.line, f.key, "must be a URL, a path, or a mapping with src and alt, got %s", describe(v))
		return nil
	}
	if img.Src == "" {
		return nil
	}
	if err := checkImageSrc(img.Src); err != nil {
		ps.add(f.line, f.key, "%q %v", ShownSrc(img.Src), err)
		return nil
	}
	return img
}

// readSEO reads the nested seo: {title, description} mapping. The top-level
// metaTitle and metaDescription win over it.
func readSEO(p *post.Post, f field, ps *problems) {
	m, ok := f.value.(map[string]any)
	if !ok {
		if f.value != nil {
			ps.add(f.line, f.key, "must be a mapping with title and description, got %s", describe(f.value))
		}
		return
	}
	rest := map[string]any{}
	for k, v := range m {
		var dst *string
		switch strings.ToLower(k) {
		case "title":
			dst = &p.MetaTitle
		case "description":
			dst = &p.MetaDescription
		default:
			rest[k] = v
			continue
		}
		s, err := asString(v)
		if err != nil {
			ps.add(f.line, f.key+"."+k, "%v", err)
			continue
		}
		if *dst == "" {
			*dst = strings.TrimSpace(s)
			p.Lines["seo."+strings.ToLower(k)] = f.line
			if strings.EqualFold(k, "title") {
				p.Lines["metaTitle"] = f.line
			} else {
				p.Lines["metaDescription"] = f.line
			}
		}
	}
	if len(rest) > 0 {
		setParam(p, f.paramPath(), rest)
	}
}
