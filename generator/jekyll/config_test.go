package jekyll

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/tools/txtar"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// writeSite writes files (path: content) to a new directory.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	ar := &txtar.Archive{}
	for _, name := range sortedKeys(files) {
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(files[name])})
	}
	return writeArchive(t, ar)
}

func open(t *testing.T, files map[string]string, opts Options) (*Site, []diag.Problem) {
	t.Helper()
	s, ps, err := Open(generator.Project{Kind: generator.Jekyll, Root: writeSite(t, files)}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, ps
}

// TestOpenBadConfig: a config Jekyll would not build with is one Error
// naming its file and line, and no Site.
func TestOpenBadConfig(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		want  string // the problem's text
	}{
		{"YAML syntax", map[string]string{"_config.yml": "title: a\nurl: b\n  c: d\n"}, Options{}, "_config.yml:3: invalid YAML: mapping values are not allowed in this context"},
		{"not a mapping", map[string]string{"_config.yml": "- a\n- b\n"}, Options{}, "_config.yml:1: must be a mapping of keys to values, as Jekyll requires"},
		{"TOML syntax", map[string]string{"_config.toml": "title = \"a\"\nurl = \n"}, Options{}, "_config.toml:2: invalid TOML"},
		{"exclude not a list", map[string]string{"_config.yml": "title: a\nexclude: vendor\n"}, Options{}, `_config.yml:2: exclude: must be a list, as Jekyll requires, got "vendor"`},
		{"collections a text", map[string]string{"_config.yml": "collections: recipes\n"}, Options{}, `_config.yml:1: collections: must be a mapping or a list of collection names`},
		{"unknown placeholder", map[string]string{"_config.yml": "url: x\npermalink: /:yaer/:title/\n"}, Options{}, `_config.yml:2: permalink: "/:yaer/:title/": unknown placeholder :yaer`},
		{"unknown placeholder in a collection", map[string]string{"_config.yml": "collections:\n  docs:\n    permalink: /d/:nom/\n"}, Options{}, `_config.yml:1: collections: "/d/:nom/": unknown placeholder :nom`},
		{"unknown time zone", map[string]string{"_config.yml": "timezone: Mars/Olympus\n"}, Options{}, `_config.yml:1: timezone: "Mars/Olympus" is not a time zone`},
		{"a listed config missing", map[string]string{"_config.yml": "a: 1\n"}, Options{Configs: []string{"_config.yml", "_prod.yml"}}, "_prod.yml: cannot read the Jekyll config"},
		{"the second config's line", map[string]string{"_config.yml": "a: 1\n", "_prod.yml": "b: 2\n\npermalink: /:nope/\n"}, Options{Configs: []string{"_config.yml", "_prod.yml"}}, `_prod.yml:3: permalink: "/:nope/"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ps := open(t, tt.files, tt.opts)
			if s != nil || len(ps) != 1 || ps[0].Severity != diag.Error || !strings.HasPrefix(ps[0].Error(), tt.want) {
				t.Errorf("site %v, problems %v; want one error starting %q", s != nil, ps, tt.want)
			}
		})
	}
}

// TestPagesDefaultsNotChecked: a defaults permalink scoped to pages may
// use pages' own placeholders (:basename), as Jekyll builds it; one scoped
// to posts may not.
func TestPagesDefaultsNotChecked(t *testing.T) {
	pages := "url: x\ndefaults:\n  - scope:\n      type: pages\n    values:\n      permalink: /p/:basename/\n"
	if s, ps := open(t, map[string]string{"_config.yml": pages}, Options{}); s == nil || len(ps) != 0 {
		t.Errorf("pages default: site %v, problems %v; want a site and none", s != nil, ps)
	}
	posts := strings.Replace(pages, "type: pages", "type: posts", 1)
	if s, ps := open(t, map[string]string{"_config.yml": posts}, Options{}); s != nil || len(ps) != 1 {
		t.Errorf("posts default: site %v, problems %v; want one error", s != nil, ps)
	}
}

func TestOpenInfo(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		want  generator.Info
		conf  []string
	}{
		{"none", map[string]string{}, Options{}, generator.Info{}, nil},
		{"url and baseurl", map[string]string{"_config.yml": "url: https://example.org/\nbaseurl: /blog/\ntitle: T\nlang: en_US\n"}, Options{},
			generator.Info{BaseURL: "https://example.org/blog", Title: "T", Language: "en-US"}, []string{"_config.yml"}},
		{"YAML 1.1 booleans", map[string]string{"_config.yml": "show_drafts: yes\nfuture: on\n"}, Options{},
			generator.Info{Drafts: true, Future: true}, []string{"_config.yml"}},
		{"YAML 1.1 false", map[string]string{"_config.yml": "show_drafts: no\nfuture: off\n"}, Options{},
			generator.Info{}, []string{"_config.yml"}},
		{"quoted is text", map[string]string{"_config.yml": "show_drafts: \"no\"\nfuture: off\n"}, Options{},
			generator.Info{Drafts: true}, []string{"_config.yml"}},
		{"a later config wins", map[string]string{"_config.yml": "url: https://a.org\ntitle: A\n", "_dev.yml": "url: http://localhost:4000\ntitle:\n"},
			Options{Configs: []string{"_config.yml", "_dev.yml"}}, generator.Info{BaseURL: "http://localhost:4000", Title: "A"}, []string{"_config.yml", "_dev.yml"}},
		{"TOML", map[string]string{"_config.toml": "url = \"https://t.org\"\nfuture = true\n"}, Options{},
			generator.Info{BaseURL: "https://t.org", Future: true}, []string{"_config.toml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ps := open(t, tt.files, tt.opts)
			if s == nil {
				t.Fatalf("no site: %v", ps)
			}
			if diff := cmp.Diff(tt.want, s.Info()); diff != "" {
				t.Errorf("Info (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.conf, s.Config(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTimezone(t *testing.T) {
	s, _ := open(t, map[string]string{"_config.yml": "timezone: Asia/Tokyo\n"}, Options{})
	if loc := s.Info().Location; loc == nil || loc.String() != "Asia/Tokyo" {
		t.Errorf("Location = %v, want Asia/Tokyo", loc)
	}
}

func TestExcerptSeparator(t *testing.T) {
	s, _ := open(t, map[string]string{"_config.yml": "excerpt_separator: <!--more-->\n"}, Options{})
	if sep := s.ExcerptSeparator(); sep == nil || *sep != "<!--more-->" {
		t.Errorf("ExcerptSeparator = %v", sep)
	}
	s, _ = open(t, map[string]string{"_config.yml": "title: x\n"}, Options{})
	if sep := s.ExcerptSeparator(); sep != nil {
		t.Errorf("ExcerptSeparator = %q, want nil", *sep)
	}
}

// TestSections: a collection is a root only when named and output.
func TestSections(t *testing.T) {
	files := map[string]string{
		"_config.yml":     "collections_dir: c\ncollections:\n  recipes: {output: true}\n  notes: {output: false}\n",
		"c/_posts/x":      "",
		"c/blog/_posts/x": "",
		"_posts/x":        "",
	}
	s, ps := open(t, files, Options{Sections: []string{"recipes", "notes", "nope"}})
	want := []generator.Root{{Dir: "c/_posts"}, {Dir: "c/blog/_posts"}, {Dir: "c/_recipes"}}
	if diff := cmp.Diff(want, s.Roots()); diff != "" {
		t.Errorf("Roots (-want +got):\n%s", diff)
	}
	if len(ps) != 2 || ps[0].Severity != diag.Warning || !strings.Contains(ps[0].Error(), `"notes", whose output is not true`) || !strings.Contains(ps[1].Error(), `"nope", which is not a collection`) {
		t.Errorf("problems: %v", ps)
	}
}

// TestPlugin: a plugin that may change URLs is said once, and every
// post falls back to site.permalink (Path ""); safe: true runs none.
func TestPlugin(t *testing.T) {
	files := map[string]string{
		"_config.yml":             "permalink: pretty\n",
		"_plugins/tags.rb":        "# generates tag pages\nmodule Tags\n  P = site.config['tag_permalink'] || '/tag/:name/'\nend\n",
		"_plugins/z/permalink.rb": "# permalink is mentioned in a comment only\nJekyll::Hooks.register :posts, :post_init do |post|\n  post.data['x'] = 1\nend\n",
		"_posts/2024-01-01-a.md":  "---\n---\n",
	}
	s, ps := open(t, files, Options{})
	if len(ps) != 1 || ps[0].Error() != "_plugins/z/permalink.rb:2: a plugin of the site may change its posts' URLs, in code seopipe does not run: every post's URL is site.permalink's" {
		t.Fatalf("problems: %v", ps)
	}
	pages, pps := s.Pages([]*post.Post{{Source: "_posts/2024-01-01-a.md"}})
	if len(pps) != 0 || pages[0].Path != "" || !pages[0].Render {
		t.Errorf("pages %+v, problems %v", pages, pps)
	}
	files["_config.yml"] = "permalink: pretty\nsafe: true\n"
	s, ps = open(t, files, Options{})
	if len(ps) != 0 || s.plugin != "" {
		t.Errorf("safe: problems %v", ps)
	}
}

func TestPagesProblems(t *testing.T) {
	s, _ := open(t, map[string]string{
		"_config.yml":            "plugins: [jekyll-redirect-from]\n",
		"_posts/2024-01-01-a.md": "---\n---\n",
		"_posts/2024-01-02-b.md": "---\n---\n",
		"_posts/2024-01-03-c.md": "---\n---\n",
		"_posts/readme.md":       "---\n---\n",
	}, Options{})
	pages, ps := s.Pages([]*post.Post{
		{Source: "_posts/2024-01-01-a.md", Permalink: "/%7B%7B%20page.x%20%7D%7D/", Lines: post.Lines{"permalink": 2}},
		{Source: "_posts/2024-01-02-b.md", Permalink: "/{yaer}/", Lines: post.Lines{"permalink": 3}},
		{Source: "_posts/2024-01-03-c.md", Params: map[string]any{"redirect_from": []any{"old/c", "/older/c/"}}},
		{Source: "_posts/readme.md"},
		{Source: "_posts/_index.md", Section: true},
	})
	want := []generator.Page{
		{Source: "_posts/2024-01-01-a.md", Render: true, List: true},
		{Source: "_posts/2024-01-02-b.md", Render: true, List: true},
		{Source: "_posts/2024-01-03-c.md", Render: true, List: true, Path: "/2024/01/03/c.html", Aliases: []string{"/old/c", "/older/c/"}},
		{Source: "_posts/readme.md"},
	}
	if diff := cmp.Diff(want, pages); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	wantPs := []string{
		"_posts/2024-01-01-a.md:2: permalink: is a Liquid template, which Jekyll does not render in a permalink (a plugin may): the URL is site.permalink's",
		`_posts/2024-01-02-b.md:3: permalink: "/:yaer/": unknown placeholder :yaer`,
		"_posts/readme.md: Jekyll publishes no page for it: Jekyll reads only files named YYYY-MM-DD-title.ext in _posts",
	}
	for i := range got {
		if i < len(wantPs) && strings.HasPrefix(got[i], wantPs[i]) {
			got[i] = wantPs[i]
		}
	}
	if diff := cmp.Diff(wantPs, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestDefaults: what defaults give a file, for the parser to merge
// under its front matter (image, author, layout).
func TestDefaults(t *testing.T) {
	s, _ := open(t, map[string]string{
		"_config.yml": `defaults:
  - scope: {path: ""}
    values: {image: /default.png, author: Site, layout: post}
  - scope: {path: "_posts/guest", type: posts}
    values: {author: {name: Guest}}
  - scope: {path: "_posts/**/*photo*"}
    values: {image: /photo.png}
`,
		"_posts/guest/2024-01-01-a.md":     "---\n---\n",
		"_posts/x/y/2024-01-02-photo-b.md": "---\n---\n",
	}, Options{})
	tests := map[string]map[string]any{
		"_posts/guest/2024-01-01-a.md":     {"image": "/default.png", "author": map[string]any{"name": "Guest"}, "layout": "post"},
		"_posts/x/y/2024-01-02-photo-b.md": {"image": "/photo.png", "author": "Site", "layout": "post"},
		"_posts/nothing.md":                nil,
	}
	for src, want := range tests {
		if diff := cmp.Diff(want, s.Defaults(src)); diff != "" {
			t.Errorf("Defaults(%s) (-want +got):\n%s", src, diff)
		}
	}
}

// FuzzConfig: no config makes Open panic, and one it refuses says why
// with an Error.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"url: https://a.org\nbaseurl: /b\npermalink: pretty\ntimezone: Asia/Tokyo\n",
		"collections:\n  r: {output: yes, permalink: /r/:path/}\ndefaults:\n  - scope: {path: '_posts/*', type: post}\n    values: {published: no}\n",
		"exclude: [a, b]\ninclude: [_x]\ncollections_dir: c\n",
		"a: &x [*x]\n", "- 1\n", "", "permalink: /:nope/\n", "url: [\n",
	} {
		f.Add(s, false)
	}
	f.Add("url = \"https://a.org\"\n[collections.r]\noutput = true\n", true)
	f.Fuzz(func(t *testing.T, cfg string, isTOML bool) {
		name := "_config.yml"
		if isTOML {
			name = "_config.toml"
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		s, ps, err := Open(generator.Project{Kind: generator.Jekyll, Root: dir, Config: name}, Options{Sections: []string{"r"}})
		if err != nil {
			t.Fatal(err)
		}
		if s == nil && !diag.HasErrors(ps) {
			t.Fatalf("no site and no error: %v", ps)
		}
		if s != nil {
			_ = s.Info()
			_, _ = s.Pages([]*post.Post{{Source: "_posts/2024-01-01-a.md"}, {Source: "c/_r/x.md"}})
		}
	})
}

func TestPluginPatterns(t *testing.T) {
	tests := map[string]bool{
		"Jekyll::Hooks.register :posts, :pre_render do |p|":      true,
		"Jekyll::Hooks.register [:documents], :post_init do |d|": true,
		"doc.data['permalink'] = '/x/'":                          true,
		"doc.data[\"permalink\"]= slug":                          true,
		"  def url_placeholders":                                 true,
		"  def self.permalink(x)":                                true,
		"Jekyll::Hooks.register :site, :post_write do |s|":       false,
		"p = site.config['permalink']":                           false,
		"if doc.data['permalink'] == nil":                        false,
		"  def urls_of(x)":                                       false,
	}
	for line, want := range tests {
		if got := pluginURL.MatchString(line); got != want {
			t.Errorf("%q: %v, want %v", line, got, want)
		}
	}
}

// TestConfigOutside: a _config.yml that is a symlink leading out of the
// site is not read, as no file of the site is (internal/sitefiles).
func TestConfigOutside(t *testing.T) {
	outside := writeSite(t, map[string]string{"secret.yml": "url: https://outside.example\n"})
	dir := writeSite(t, map[string]string{"_posts/2024-01-01-a.md": "---\n---\n"})
	if err := os.Symlink(filepath.Join(outside, "secret.yml"), filepath.Join(dir, "_config.yml")); err != nil {
		t.Skip(err)
	}
	s, ps, err := Open(generator.Project{Kind: generator.Jekyll, Root: dir}, Options{})
	if err != nil || s != nil || len(ps) != 1 || !strings.Contains(ps[0].Error(), "leads outside the site") {
		t.Errorf("site %v, problems %v, err %v", s != nil, ps, err)
	}
}
