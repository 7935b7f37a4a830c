// Package jekyll reads a Jekyll 4.3 site as Jekyll does: its config
// (_config.yml, or the --config list), which files are its posts and
// collection documents, and the URL it gives each (permalink styles and
// patterns, defaults, timezone, collections). Jekyll is the oracle: the
// rules here were checked against jekyll 4.3 building small sites, and the
// tests record what it did.
//
// The package is synchronous; a Site is safe for concurrent reads.
package jekyll

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/sitefiles"
)

// Options are what seopipe's own config says of the Jekyll site.
type Options struct {
	// Configs is Jekyll's --config list (jekyll.configs), relative to the
	// project's root, merged in order; empty means the first of
	// _config.yml, _config.yaml and _config.toml there is, as Jekyll
	// reads it.
	Configs []string
	// Sections are the collections to publish besides the posts
	// (content.sections): each must have output: true.
	Sections []string
}

// Site is a Jekyll site read from its config.
type Site struct {
	root    string
	files   *sitefiles.Site // what may be read: the root and below
	configs []string
	set     settings
	roots   []generator.Root
	// plugin is where a plugin of the site may change its posts' URLs
	// (file and line), "" when none may: every Page's Path is then ""
	// and seopipe's site.permalink gives the URL.
	plugin string
	// outputs are the collections whose documents are posts, by label.
	outputs map[string]bool
	// include and exclude are the config's, compiled; exclude without
	// what include names, as Jekyll takes it.
	include, exclude []glob
}

var _ generator.Site = (*Site)(nil)

// Open reads the Jekyll site of p. A config that cannot be read or does
// not parse, or a value Jekyll would refuse (an unknown permalink
// placeholder among them), is a Problem of Severity Error naming the
// file and line, and the Site is nil: the caller exits 2. The error is
// for a root that cannot be read at all.
func Open(p generator.Project, opts Options) (*Site, []diag.Problem, error) {
	if st, err := os.Stat(p.Root); err != nil || !st.IsDir() {
		if err == nil {
			err = errors.New("is not a directory")
		}
		return nil, nil, fmt.Errorf("jekyll site %s: %w", p.Root, err)
	}
	files, missingOK := opts.Configs, false
	if len(files) == 0 {
		missingOK = true
		name := p.Config
		if name == "" {
			name = "_config.yml"
			for _, n := range []string{"_config.yml", "_config.yaml", "_config.toml"} {
				if st, err := os.Stat(filepath.Join(p.Root, n)); err == nil && st.Mode().IsRegular() {
					name = n
					break
				}
			}
		}
		files = []string{name}
	}
	site := sitefiles.New(p.Root)
	raw, read, ps := readConfigs(site, p.Root, files, missingOK)
	if diag.HasErrors(ps) {
		return nil, ps, nil
	}
	set, ps := readSettings(raw)
	ps = append(ps, checkPatterns(set, raw)...)
	if diag.HasErrors(ps) {
		return nil, ps, nil
	}
	s := &Site{root: p.Root, files: site, configs: read, set: set, outputs: map[string]bool{"posts": true}}
	s.include = compileGlobs(set.include)
	s.exclude = compileGlobs(slices.DeleteFunc(slices.Clone(set.exclude), func(p string) bool { return slices.Contains(set.include, p) }))
	s.roots = s.postDirs()
	for _, label := range opts.Sections {
		if label == "posts" {
			continue
		}
		col, ok := set.collections[label]
		switch {
		case !ok:
			ps = append(ps, s.warnConfig("collections", "content.sections names %q, which is not a collection of the site", label))
		case !col.output:
			ps = append(ps, s.warnConfig("collections", "content.sections names %q, whose output is not true: Jekyll writes no page for its documents", label))
		default:
			s.outputs[label] = true
			s.roots = append(s.roots, generator.Root{Dir: joinRel(set.collectionsDir, "_"+label)})
		}
	}
	if where, p, found := s.findPlugin(); found {
		s.plugin = where
		ps = append(ps, p)
	}
	return s, ps, nil
}

// warnConfig is a Warning about a key of the config.
func (s *Site) warnConfig(key, format string, args ...any) diag.Problem {
	v := s.set.collectionsLine
	if key != "collections" || v.file == "" {
		v = value{file: firstOr(s.configs, "_config.yml")}
	}
	p := configProblem(v.file, v.line, key, format, args...)
	p.Severity = diag.Warning
	return p
}

func firstOr(l []string, def string) string {
	if len(l) > 0 {
		return l[0]
	}
	return def
}

// checkPatterns refuses a permalink with a placeholder Jekyll lacks: the
// site's, a collection's, or one of defaults.
func checkPatterns(set settings, raw rawConfig) []diag.Problem {
	var ps []diag.Problem
	check := func(key, pattern string) {
		if err := CheckPattern(pattern); err != nil {
			v := raw[key]
			ps = append(ps, configProblem(v.file, v.line, key, "%q: %v", pattern, err))
		}
	}
	check("permalink", styleTemplate(set.permalink))
	for _, label := range sortedKeys(set.collections) {
		if c := set.collections[label]; c.hasPermalink {
			key := "collections"
			if label == "posts" && !hasPostsPermalink(raw) {
				key = "permalink"
			}
			if err := CheckPattern(c.permalink); err != nil && !slices.ContainsFunc(ps, func(p diag.Problem) bool { return p.Field == key }) {
				v := raw[key]
				ps = append(ps, configProblem(v.file, v.line, key, "%q: %v", c.permalink, err))
			}
		}
	}
	for _, d := range set.defaults {
		if d.hasType && !documentType(set, d.typ) {
			// Pages' permalinks (type: pages) have placeholders of
			// their own (:basename); seopipe reads no pages.
			continue
		}
		if p, ok := d.values["permalink"].(string); ok && !liquid(p) {
			check("defaults", p)
		}
	}
	return ps
}

// documentType reports whether a defaults scope's type names documents
// whose URLs seopipe makes: posts, drafts or a collection's.
func documentType(set settings, typ string) bool {
	if typ == "posts" || typ == "drafts" {
		return true
	}
	_, ok := set.collections[typ]
	return ok
}

func hasPostsPermalink(raw rawConfig) bool {
	c, _ := raw["collections"].v.(map[string]any)
	posts, _ := c["posts"].(map[string]any)
	_, ok := posts["permalink"]
	return ok
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// liquid reports whether a permalink is a Liquid template: Jekyll does
// not render it, so only a plugin can make it a URL.
func liquid(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "{{") || strings.Contains(l, "{%") ||
		strings.Contains(l, "%7b%7b") || strings.Contains(l, "%7b%25")
}

// Kind is generator.Jekyll.
func (s *Site) Kind() generator.Kind { return generator.Jekyll }

// Root is the site's source directory.
func (s *Site) Root() string { return s.root }

// Config names the config files read, in the order merged.
func (s *Site) Config() []string { return slices.Clone(s.configs) }

// Roots are the _posts folders Jekyll reads, _drafts with show_drafts,
// and the folders of the collections named in Options.Sections.
func (s *Site) Roots() []generator.Root { return slices.Clone(s.roots) }

// Info is url + baseurl, title, lang (or locale), timezone, show_drafts
// and future.
func (s *Site) Info() generator.Info {
	info := generator.Info{
		Title:    s.set.title,
		Language: s.set.lang,
		Location: s.set.location,
		Drafts:   s.set.showDrafts,
		Future:   s.set.future,
	}
	if u := strings.TrimRight(s.set.url, "/"); u != "" {
		info.BaseURL = u
		if b := strings.Trim(s.set.baseURL, "/"); b != "" {
			info.BaseURL += "/" + b
		}
	}
	return info
}

// ExcerptSeparator is the site's excerpt_separator, nil when the config
// sets none (Jekyll's default is a blank line).
func (s *Site) ExcerptSeparator() *string {
	if s.set.excerptSep == nil {
		return nil
	}
	sep := *s.set.excerptSep
	return &sep
}

// BasePath is baseurl as a path ("/blog"), "" for a site at its host's
// root: Page.Path does not hold it.
func (s *Site) BasePath() string {
	if b := strings.Trim(s.set.baseURL, "/"); b != "" {
		return "/" + b
	}
	return ""
}
