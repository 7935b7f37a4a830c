package jekyll

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// kind is what Jekyll reads a file as.
type kind struct {
	// label is the collection: "posts" for posts and drafts; "" for a
	// file Jekyll does not read as a document.
	label string
	draft bool
	// rel is the path relative to the collections dir.
	rel string
	// why says why Jekyll does not read it, when label is "".
	why string
}

// classify tells what Jekyll reads the file at source (relative to the
// root) as.
func (s *Site) classify(source string) kind {
	rel := source
	if cd := s.set.collectionsDir; cd != "" {
		var ok bool
		if rel, ok = strings.CutPrefix(source, cd+"/"); !ok {
			return kind{why: "it is outside collections_dir " + cd}
		}
	}
	for label := range s.outputs {
		if label == "posts" {
			continue
		}
		if entry, ok := strings.CutPrefix(rel, "_"+label+"/"); ok {
			if !s.entryKept(entry, source, false) {
				return kind{why: "Jekyll skips the file (a name starting with . _ # or ~, or excluded)"}
			}
			if !s.hasYAMLHeader(filepath.Join(s.root, filepath.FromSlash(source))) {
				return kind{why: "it does not start with a --- line, so Jekyll copies it as a static file"}
			}
			return kind{label: label, rel: rel}
		}
	}
	for _, root := range s.roots {
		dir := root.Dir
		entry, ok := strings.CutPrefix(source, dir+"/")
		if !ok {
			continue
		}
		draft := path.Base(dir) == "_drafts"
		if draft && !s.set.showDrafts {
			continue
		}
		if !s.entryKept(entry, source, false) || hiddenPart(entry) {
			return kind{why: "Jekyll skips the file (a name starting with . _ # or ~, or excluded)"}
		}
		base := path.Base(entry)
		if draft && !datelessName.MatchString(base) {
			return kind{why: "a draft's file name needs an extension"}
		}
		if !draft && !dateName.MatchString(base) {
			return kind{why: "Jekyll reads only files named YYYY-MM-DD-title.ext in _posts"}
		}
		return kind{label: "posts", draft: draft, rel: rel}
	}
	return kind{why: "it is in no _posts folder Jekyll reads, nor in a collection with output"}
}

// hiddenPart reports whether a folder or name of entry starts with ".",
// which Ruby's Dir["**/*"] does not list.
func hiddenPart(entry string) bool {
	for part := range strings.SplitSeq(entry, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// Pages decides for each post whether Jekyll publishes it and at which
// URL: the front matter's permalink, else one of defaults, else the
// collection's pattern (for posts the site's permalink style), filled as
// Jekyll fills it, with the dates in the site's timezone.
func (s *Site) Pages(all []*post.Post) ([]generator.Page, []diag.Problem) {
	var pages []generator.Page
	var ps []diag.Problem
	for _, p := range all {
		if p.Section {
			continue
		}
		page, problems := s.page(p)
		pages = append(pages, page)
		ps = append(ps, problems...)
	}
	return pages, ps
}

func (s *Site) page(p *post.Post) (generator.Page, []diag.Problem) {
	page := generator.Page{Source: p.Source, Render: true, List: true}
	k := s.classify(p.Source)
	if k.label == "" {
		page.Render, page.List = false, false
		return page, []diag.Problem{{Path: p.Source, Message: "Jekyll publishes no page for it: " + k.why, Severity: diag.Warning}}
	}
	defs := s.defaultsFor(k.rel, k.label)
	published := true
	if v, ok := defs["published"]; ok {
		published = v != false
	}
	if _, given := p.Lines["draft"]; given && !k.draft {
		published = !p.Draft // published: false, as the parser read it
	}
	if !published && !s.set.unpublished {
		page.Render, page.List = false, false
		return page, nil
	}
	page.Aliases = s.aliases(p)
	if s.plugin != "" {
		return page, nil // said once by Open: site.permalink gives the URL
	}
	pattern, field, line := s.pattern(p, k, defs)
	if liquid(pattern) {
		return page, []diag.Problem{{Path: p.Source, Line: line, Field: field, Severity: diag.Warning,
			Message: "is a Liquid template, which Jekyll does not render in a permalink (a plugin may): the URL is site.permalink's"}}
	}
	d := s.docFor(p, k, defs)
	u, err := expand(pattern, d)
	if err != nil {
		return page, []diag.Problem{{Path: p.Source, Line: line, Field: field, Severity: diag.Error, Message: fmt.Sprintf("%q: %v", pattern, err)}}
	}
	page.Path = u
	return page, nil
}

// pattern is the permalink pattern of the post and where it is from: its
// front matter, a default (the config's line), or its collection.
func (s *Site) pattern(p *post.Post, k kind, defs map[string]any) (pattern, field string, line int) {
	if own, line := p.PermalinkField(); own == "permalink" {
		return fromParser(p.Permalink), "permalink", line
	}
	if v, ok := defs["permalink"]; ok && v != nil {
		return fmt.Sprint(v), "", 0
	}
	return s.set.collectionTemplate(k.label), "", 0
}

// collectionTemplate is the pattern of a collection's documents.
func (set settings) collectionTemplate(label string) string {
	if c := set.collections[label]; c.hasPermalink {
		return c.permalink
	}
	return collectionTemplate(set.permalink)
}

// parserPlaceholder is a placeholder as the parser writes a Jekyll
// permalink's ("{title}" for ":title").
var parserPlaceholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// fromParser turns a permalink as the parser keeps it (Post.Permalink:
// placeholders in braces, the rest percent-encoded) back into Jekyll's
// form.
func fromParser(s string) string {
	return parserPlaceholder.ReplaceAllString(s, ":$1")
}

// docFor gathers what a pattern is filled with.
func (s *Site) docFor(p *post.Post, k kind, defs map[string]any) *doc {
	d := &doc{collection: k.label, relPath: k.rel, outputExt: s.outputExt(k.rel)}
	d.slug = fileSlug(k.rel)
	if _, given := p.Lines["slug"]; given && p.Slug != "" {
		d.slug = p.Slug
	} else if v, ok := defs["slug"]; ok && v != nil {
		d.slug = fmt.Sprint(v)
	}
	d.categories = s.categories(p, k, defs)
	loc := s.set.location
	if loc == nil {
		loc = time.UTC
	}
	d.date = p.PublishedAt
	if d.date.IsZero() {
		if m := dateName.FindStringSubmatch(path.Base(k.rel)); m != nil {
			if t, err := time.ParseInLocation("2006-1-2", m[1], loc); err == nil {
				d.date = t
			}
		}
	}
	if d.date.IsZero() {
		// Jekyll dates a draft by its file's time, any other document
		// by the build's.
		d.date = time.Now()
		if k.draft {
			if st, err := os.Stat(filepath.Join(s.root, filepath.FromSlash(p.Source))); err == nil {
				d.date = st.ModTime()
			}
		}
	}
	d.date = d.date.In(loc)
	return d
}

// outputExt is the extension Jekyll writes a document with: .html for
// Markdown (markdown_ext) and HTML, else its own.
func (s *Site) outputExt(rel string) string {
	ext := extName(rel)
	e := strings.ToLower(strings.TrimPrefix(ext, "."))
	if slices.ContainsFunc(s.set.markdownExt, func(m string) bool { return strings.EqualFold(m, e) }) {
		return ".html"
	}
	return ext
}

// categories are Jekyll's for a document: the folders above its _posts
// (or _drafts) folder, then those of defaults, then the front matter's.
func (s *Site) categories(p *post.Post, k kind, defs map[string]any) []string {
	special := "_" + k.label
	if k.draft {
		special = "_drafts"
	}
	var cats []string
	if !strings.HasPrefix(k.rel, special) {
		if i := strings.Index(k.rel, special); i >= 0 {
			for dir := range strings.SplitSeq(k.rel[:i], "/") {
				if dir != "" && dir != special {
					cats = append(cats, dir)
				}
			}
		}
	}
	for _, key := range []string{"categories", "category"} {
		switch v := defs[key].(type) {
		case string:
			if key == "categories" {
				cats = append(cats, strings.Fields(v)...)
			} else {
				cats = append(cats, v)
			}
		case []any:
			for _, c := range v {
				if c != nil {
					cats = append(cats, fmt.Sprint(c))
				}
			}
		}
	}
	// The parser put the folders above the innermost _posts of the
	// source first (relative to the root, not the collections dir):
	// they are already in cats.
	fm := p.Categories
	for _, dir := range parserDirs(p.Source) {
		if len(fm) > 0 && fm[0] == dir {
			fm = fm[1:]
		}
	}
	var out []string
	for _, c := range append(cats, fm...) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// parserDirs are the folders the parser takes as a post's first
// categories: those above the innermost _posts or _drafts of its source.
func parserDirs(source string) []string {
	dirs := strings.Split(path.Dir(source), "/")
	for i := len(dirs) - 1; i >= 0; i-- {
		if dirs[i] == "_posts" || dirs[i] == "_drafts" {
			return dirs[:i]
		}
	}
	return nil
}

// aliases are jekyll-redirect-from's redirect_from, when the site uses
// the plugin.
func (s *Site) aliases(p *post.Post) []string {
	if !slices.Contains(s.set.plugins, "jekyll-redirect-from") {
		return nil
	}
	var out []string
	add := func(v any) {
		if str, ok := v.(string); ok && strings.TrimSpace(str) != "" {
			a := strings.TrimSpace(str)
			if !strings.HasPrefix(a, "/") {
				a = "/" + a
			}
			out = append(out, a)
		}
	}
	switch v := p.Params["redirect_from"].(type) {
	case string:
		add(v)
	case []any:
		for _, e := range v {
			add(e)
		}
	case []string:
		for _, e := range v {
			add(e)
		}
	}
	return out
}

// pluginURL finds what in a plugin's Ruby may change a document's URL:
// a hook on posts or documents, an assignment to a permalink in its
// data, or a method that makes a URL. A plugin that only reads a
// permalink setting (a tag page generator's) is not one.
var pluginURL = regexp.MustCompile(`Hooks\.register\s*\(?\s*\[?\s*:(posts|documents)|\[\s*["':]permalink["']?\s*\]\s*=[^=]|def\s+(self\.)?(url|permalink|url_placeholders|url_template)\b`)

// findPlugin looks for a plugin of the site (plugins_dir, not in safe
// mode) that may change its posts' URLs: code seopipe does not run.
func (s *Site) findPlugin() (string, diag.Problem, bool) {
	if s.set.safe {
		return "", diag.Problem{}, false
	}
	dir := filepath.Join(s.root, filepath.FromSlash(s.set.pluginsDir))
	var files []string
	_ = filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".rb") {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	for _, f := range files {
		if line := s.grepLine(f, pluginURL); line > 0 {
			rel, _ := filepath.Rel(s.root, f)
			rel = filepath.ToSlash(rel)
			return fmt.Sprintf("%s:%d", rel, line), diag.Problem{Path: rel, Line: line, Severity: diag.Warning, PathAsGiven: true,
				Message: "a plugin of the site may change its posts' URLs, in code seopipe does not run: every post's URL is site.permalink's"}, true
		}
	}
	return "", diag.Problem{}, false
}

// grepLine is the first line of the file re matches, 0 for none.
func (s *Site) grepLine(file string, re *regexp.Regexp) int {
	f, err := s.files.Open(file)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "#") {
			continue
		}
		if re.MatchString(line) {
			return n
		}
	}
	return 0
}
