// Package hugo reads a Hugo project as Hugo does: its config (a file,
// or config/_default/ and an environment's directory), its content trees
// (one per language with contentDir), sections, bundles, cascade and
// build options, to give each post the URL Hugo publishes it at.
//
// It follows Hugo 0.111 (Debian's) and current Hugo (0.165). Where they
// differ, Options.Version decides; "" is current Hugo:
//   - :contentbasename and :slugorcontentbasename, and \: in a pattern,
//     are Hugo 0.144's: 0.111 refuses the tokens ("permalink ill-formed").
//   - the front matter key build (beside _build) is Hugo 0.123's: 0.111
//     reads _build only, and renders a page with build: {render: never}.
//   - [permalinks.page] is Hugo 0.112's (0.111 fails on it; it is read
//     for both).
//
// Hugo decides some URLs in code seopipe does not run (a theme's or a
// module's permalink, an output format of its own): those are not read.
//
// Like every leaf package it is synchronous; a *Site is safe for
// concurrent reads.
package hugo

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/diag"
)

// Options are what the caller knows beyond the project's files.
type Options struct {
	// Environment names the config/<env>/ directory merged over
	// config/_default/ ("production", "staging"); "" reads none.
	Environment string
	// Sections are sections whose regular pages are posts beside the
	// main sections (content.sections).
	Sections []string
	// Version is the Hugo version to follow where versions differ
	// ("0.111.3"); "" is current Hugo.
	Version string
}

// Site is a Hugo project read from its config and content tree.
type Site struct {
	root       string
	files      []string
	info       generator.Info
	roots      []generator.Root
	old        bool // Hugo before 0.123 (see the package comment)
	rules      pathRules
	ugly       bool
	uglyBy     map[string]bool
	links      permalinkConfig
	langs      []language
	langByKey  map[string]*language
	defLang    string
	inSubdir   bool
	contentDir string
	main       []string
	cascade    []cascadeEntry // the config's own
	noPages    bool           // disableKinds has page: no regular page is rendered
	tree       tree
}

var _ generator.Site = (*Site)(nil)

// language is one of [languages].
type language struct {
	key        string // as configured, lower-cased ("fr", "pt-br")
	weight     int
	contentDir string // "" for the site's
	ownBaseURL bool   // a baseURL of its own: no /<lang>/ prefix
	baseURL    string // that baseURL
	disabled   bool
}

// Open reads the Hugo project p. A config that does not parse, or a
// value Hugo would refuse (an unknown permalink token), is a Problem with
// Severity Error naming the config file and line: the caller exits 2.
func Open(p generator.Project, opts Options) (*Site, []diag.Problem, error) {
	m, files, prob := readConfig(p.Root, opts.Environment)
	if prob != nil {
		return nil, []diag.Problem{*prob}, nil
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("%s: no Hugo config (hugo.toml, config.toml or config/_default/)", p.Root)
	}
	themeFiles, prob := mergeThemes(p.Root, m)
	if prob != nil {
		return nil, []diag.Problem{*prob}, nil
	}
	s := &Site{root: p.Root, files: files, old: olderThan(opts.Version, 0, 123)}
	configFile := files[0]
	bad := func(key string, err error) (*Site, []diag.Problem, error) {
		return nil, []diag.Problem{{Path: configFile, Line: keyLine(p.Root, configFile, key), Field: key,
			Message: err.Error(), Severity: diag.Error, PathAsGiven: true}}, nil
	}
	s.rules = pathRules{removeAccents: boolean(m, "removepathaccents"), keepCase: boolean(m, "disablepathtolower")}
	switch u := m["uglyurls"].(type) {
	case bool:
		s.ugly = u
	case map[string]any:
		s.uglyBy = map[string]bool{}
		for k, v := range u {
			s.uglyBy[k], _ = v.(bool)
		}
	}
	if pm := mapping(m, "permalinks"); pm != nil {
		links, err := readPermalinks(pm, olderThan(opts.Version, 0, 144))
		if err != nil {
			return bad("permalinks", err)
		}
		s.links = links
	}
	s.contentDir = strings.Trim(path.Clean(filepath.ToSlash(str(m, "contentdir"))), "/")
	if s.contentDir == "" || s.contentDir == "." {
		s.contentDir = "content"
	}
	s.defLang = strings.ToLower(str(m, "defaultcontentlanguage"))
	if s.defLang == "" {
		s.defLang = "en"
	}
	s.inSubdir = boolean(m, "defaultcontentlanguageinsubdir")
	s.readLanguages(m)
	s.info = generator.Info{
		BaseURL:  str(m, "baseurl"),
		Title:    str(m, "title"),
		Language: str(m, "languagecode"),
		Drafts:   boolean(m, "builddrafts"),
		Future:   boolean(m, "buildfuture"),
		Expired:  boolean(m, "buildexpired"),
	}
	if s.info.Language == "" {
		s.info.Language = s.defLang
	}
	if tz := str(m, "timezone"); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return bad("timeZone", fmt.Errorf("%q is not a time zone: %v", tz, err))
		}
		s.info.Location = loc
	}
	if len(s.langs) > 1 {
		for _, l := range s.langs {
			if !l.disabled {
				s.info.Languages = append(s.info.Languages, l.key)
			}
		}
	}
	if c, ok := m["cascade"]; ok {
		s.cascade = readCascade(c)
	}
	var notes []diag.Problem
	note := func(key, msg string) {
		notes = append(notes, diag.Problem{Path: configFile, Line: keyLine(p.Root, configFile, key), Field: key,
			Message: msg, Severity: diag.Warning, PathAsGiven: true})
	}
	if _, ok := m["frontmatter"]; ok {
		note("frontmatter", "Hugo's own date sources are not read: dates are taken from date, publishDate, lastmod as Hugo does by default")
	}
	if mod := mapping(m, "module"); mod["mounts"] != nil || mod["imports"] != nil {
		note("module", "Hugo modules' mounts and imports are not read: posts are read from contentDir only")
	}
	for _, k := range stringList(m, "disablekinds") {
		if strings.EqualFold(k, "page") {
			s.noPages = true
		}
	}
	s.roots = s.makeRoots()
	s.tree = scan(p.Root, s.roots, s.langByKey, s.defLang)
	s.main = stringList(mapping(m, "params"), "mainsections")
	if len(s.main) == 0 {
		s.main = stringList(m, "mainsections")
	}
	if len(s.main) == 0 {
		s.main = s.tree.biggestSection()
	}
	s.main = append(s.main, opts.Sections...)
	s.files = append(s.files, themeFiles...)
	return s, notes, nil
}

// olderThan reports whether version (as "0.111.3" or "v0.111.3") is
// before major.minor; "" is current Hugo, older than nothing.
func olderThan(version string, major, minor int) bool {
	if version == "" {
		return false
	}
	var ma, mi int
	if _, err := fmt.Sscanf(strings.TrimPrefix(version, "v"), "%d.%d", &ma, &mi); err != nil {
		return false
	}
	return ma < major || ma == major && mi < minor
}

// keyLine finds the line of the config file where key is set, for an
// error about its value; 0 when it cannot tell.
func keyLine(root, file, key string) int {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return 0
	}
	lk := strings.ToLower(key)
	for i, line := range strings.Split(string(b), "\n") {
		l := strings.ToLower(strings.TrimSpace(line))
		l = strings.Trim(l, `"[`)
		if strings.HasPrefix(l, lk) {
			return i + 1
		}
	}
	return 0
}

func (s *Site) readLanguages(m map[string]any) {
	s.langByKey = map[string]*language{}
	disabled := map[string]bool{}
	for _, d := range stringList(m, "disablelanguages") {
		disabled[strings.ToLower(d)] = true
	}
	for k, v := range mapping(m, "languages") {
		lm, _ := v.(map[string]any)
		dir := strings.Trim(path.Clean(filepath.ToSlash(str(lm, "contentdir"))), "/")
		if dir == "." {
			dir = ""
		}
		s.langs = append(s.langs, language{key: k, weight: number(lm, "weight"), contentDir: dir,
			ownBaseURL: str(lm, "baseurl") != "", baseURL: str(lm, "baseurl"), disabled: disabled[k] || boolean(lm, "disabled")})
	}
	if len(s.langs) == 0 {
		s.langs = []language{{key: s.defLang}}
	}
	// Hugo's order: the default first, then by weight, then by key.
	slices.SortFunc(s.langs, func(a, b language) int {
		switch {
		case a.key == s.defLang:
			return -1
		case b.key == s.defLang:
			return 1
		case a.weight != b.weight && a.weight != 0 && b.weight != 0:
			return a.weight - b.weight
		case a.weight != b.weight:
			return b.weight - a.weight // a weight of 0 comes last
		}
		return strings.Compare(a.key, b.key)
	})
	for i := range s.langs {
		s.langByKey[s.langs[i].key] = &s.langs[i]
	}
}

// makeRoots lists the content directories: the site's, then each
// language's own.
func (s *Site) makeRoots() []generator.Root {
	var roots []generator.Root
	seen := map[string]bool{}
	usesMain := false
	for _, l := range s.langs {
		if l.contentDir == "" || l.contentDir == s.contentDir {
			usesMain = true
		}
	}
	if usesMain {
		roots = append(roots, generator.Root{Dir: s.contentDir})
		seen[s.contentDir] = true
	}
	for _, l := range s.langs {
		if l.contentDir != "" && !seen[l.contentDir] {
			seen[l.contentDir] = true
			roots = append(roots, generator.Root{Dir: l.contentDir, Lang: l.key})
		}
	}
	return roots
}

// Kind is Hugo.
func (s *Site) Kind() generator.Kind { return generator.Hugo }

// Root is the project's directory.
func (s *Site) Root() string { return s.root }

// Config lists the config files read, in the order they were merged.
func (s *Site) Config() []string { return s.files }

// Info is what the config says of the site.
func (s *Site) Info() generator.Info { return s.info }

// Roots are the content directories.
func (s *Site) Roots() []generator.Root { return s.roots }

// MainSections are the sections whose regular pages are posts: the
// config's mainSections (params.mainSections, or mainSections), else the
// section with the most regular pages, and Options.Sections.
func (s *Site) MainSections() []string { return s.main }

// Include reports whether the file at source (relative to Root) is a
// candidate post or section page: a regular page (not a leaf bundle's
// resource) of a main section, or a section page (_index.md).
func (s *Site) Include(source string) bool {
	f, ok := s.tree.file(source)
	if !ok || f.resource {
		return false
	}
	if f.sectionPage {
		return true
	}
	return slices.Contains(s.main, f.section())
}

// tree is what a walk of the content directories tells: which folders
// are sections and leaf bundles.
type tree struct {
	roots    []generator.Root
	sections map[string]bool // folders (under a content dir) with an _index file
	bundles  map[string]bool // folders with an index file: leaf bundles
	pages    map[string]int  // regular pages by first section
	langs    map[string]*language
}

// contentFile is a file of a content tree as Hugo sees it.
type contentFile struct {
	rel         string // under its content dir, slash-separated
	root        generator.Root
	dir         string // its folder under the content dir ("" at the top)
	base        string // its name without language and extension; a bundle's folder
	lang        string // from the root or a suffix; "" for the default
	bundle      bool   // index.md of a leaf bundle
	sectionPage bool   // _index.md
	resource    bool   // a file inside a leaf bundle other than its index
}

func (f contentFile) section() string {
	first, _, _ := strings.Cut(f.dir, "/")
	return first
}

// isContent reports whether a file name is content Hugo renders.
func isContent(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".html", ".htm", ".adoc", ".org", ".pandoc", ".pdc", ".rst":
		return true
	}
	return content.IsMarkdown(name)
}

// scan walks the content directories for the sections (folders with an
// _index file), the leaf bundles, and the regular pages of each first
// section in the default language, which decide Hugo's default
// mainSections.
func scan(root string, roots []generator.Root, langs map[string]*language, defLang string) tree {
	t := tree{roots: roots, langs: langs, sections: map[string]bool{}, bundles: map[string]bool{}, pages: map[string]int{}}
	var regular []string
	defBundles := map[string]bool{}
	for _, r := range roots {
		base := filepath.Join(root, filepath.FromSlash(r.Dir))
		_ = filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !isContent(d.Name()) {
				return nil
			}
			rel, _ := filepath.Rel(base, p)
			rel = filepath.ToSlash(rel)
			name, lang := splitName(path.Base(rel), langs)
			if lang == "" {
				lang = r.Lang
			}
			def := lang == "" || lang == defLang
			switch name {
			case "_index":
				t.sections[path.Dir(rel)] = true
			case "index":
				t.bundles[path.Dir(rel)] = true
				if def {
					defBundles[path.Dir(rel)] = true
				}
			default:
				if def {
					regular = append(regular, rel)
				}
			}
			return nil
		})
	}
	for dir := range defBundles {
		if dir != "." && !t.inBundle(path.Dir(dir)) {
			regular = append(regular, dir+"/index")
		}
	}
	for _, rel := range regular {
		dir := path.Dir(rel)
		first, _, _ := strings.Cut(dir, "/")
		if dir != "." && !t.inBundle(dir) || strings.HasSuffix(rel, "/index") {
			t.pages[first]++
		}
	}
	return t
}

// inBundle reports whether dir is a leaf bundle or inside one.
func (t tree) inBundle(dir string) bool {
	for d := dir; d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if t.bundles[d] {
			return true
		}
	}
	return false
}

// biggestSection is Hugo's default mainSections: the section with the
// most regular pages (the first by name of those tied).
func (t tree) biggestSection() []string {
	best, n := "", 0
	for s, c := range t.pages {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	if best == "" {
		return nil
	}
	return []string{best}
}

// splitName splits a file name into its base and its language suffix
// (hello.fr.md is hello and fr) when the suffix is a configured language.
func splitName(name string, langs map[string]*language) (base, lang string) {
	name = strings.TrimSuffix(name, path.Ext(name))
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		if _, ok := langs[strings.ToLower(name[i+1:])]; ok {
			return name[:i], strings.ToLower(name[i+1:])
		}
	}
	return name, ""
}
