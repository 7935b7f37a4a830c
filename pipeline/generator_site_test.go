package pipeline

import (
	"encoding/json"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// testSite is a generator.Site of the tests' own, standing for Hugo's:
// its posts are under content/posts, published at /posts/<name>/ with
// the file name as written ("post.fr.md" at /fr/posts/post/, in French,
// paired with post.md); pages names the posts it decides otherwise.
type testSite struct {
	root   string
	hidden map[string]bool // rendered never
	unlist map[string]bool // listed never
	alias  map[string][]string
	langs  []string
	asked  int
}

func (s *testSite) Kind() generator.Kind { return generator.Hugo }
func (s *testSite) Root() string         { return s.root }
func (s *testSite) Config() []string     { return []string{"hugo.toml"} }
func (s *testSite) Info() generator.Info { return generator.Info{Languages: s.langs} }
func (s *testSite) Roots() []generator.Root {
	return []generator.Root{{Dir: "content"}, {Dir: "missing"}}
}

func (s *testSite) Pages(all []*post.Post) ([]generator.Page, []diag.Problem) {
	s.asked++
	var out []generator.Page
	var probs []diag.Problem
	for _, p := range all {
		if p.Section {
			continue
		}
		if !strings.HasPrefix(p.Source, "content/posts/") {
			continue // not one of the site's posts
		}
		name := strings.TrimSuffix(path.Base(p.Source), ".md")
		lang, prefix := "en", ""
		if base, ok := strings.CutSuffix(name, ".fr"); ok {
			name, lang, prefix = base, "fr", "/fr"
		}
		pg := generator.Page{Source: p.Source, Render: !s.hidden[p.Source], List: !s.unlist[p.Source],
			Path: prefix + "/posts/" + name + "/", Lang: lang, TranslationKey: "posts/" + name, Aliases: s.alias[p.Source]}
		if name == "Own_Rules" {
			pg.Path = "" // a URL the generator decides in code seopipe does not run
		}
		out = append(out, pg)
	}
	probs = append(probs, diag.Problem{Path: "hugo.toml", Line: 3, Field: "permalinks", Severity: diag.Warning, Message: "a note of the generator's"})
	return out, probs
}

// TestBuildWithGenerator checks that a build with a generator walks its
// Roots (not content.dir), asks it once for every post's page, and writes
// each post at the URL it gives: posts.json's sources (relative to the
// project's root), URLs, languages and aliases; a page it does not render
// is left out, one it does not list has no feed item or sitemap entry;
// translations it pairs are each other's hreflang alternates.
func TestBuildWithGenerator(t *testing.T) {
	front := func(title string) string { return md("title: "+title+"\ndate: 2025-11-01\n", "Body of "+title+".\n") }
	files := map[string]string{
		"seopipe.yaml":                  "site:\n  url: https://example.com/blog/\n  title: Site\n  permalink: /:sections/{lang}/:filename/\ncontent:\n  dir: elsewhere\ncards:\n  sizes: []\n",
		"elsewhere/ignored.md":          front("Not walked"),
		"hugo.toml":                     "title = 'Site'\n",
		"content/about.md":              front("About"),
		"content/posts/code_syntax.md":  front("Code syntax"),
		"content/posts/release-v2.0.md": front("Release"),
		"content/posts/hello.md":        front("Hello"),
		"content/posts/hello.fr.md":     front("Bonjour"),
		"content/posts/hidden.md":       front("Hidden"),
		"content/posts/unlisted.md":     front("Unlisted"),
		"content/posts/Own_Rules.md":    front("Own rules"),
	}
	var gen *testSite
	b, _ := buildSite(t, files, func(o *Options) {
		gen = &testSite{root: filepath.Dir(o.OutDir),
			hidden: map[string]bool{"content/posts/hidden.md": true},
			unlist: map[string]bool{"content/posts/unlisted.md": true},
			alias:  map[string][]string{"content/posts/hello.md": {"/old/hello/"}},
			langs:  []string{"en", "fr"}}
		o.Generator, o.ContentDir = gen, gen.root
		o.GeneratorProblems = []diag.Problem{{Path: "hugo.toml", Line: 1, Severity: diag.Warning, Message: "read"}}
	})
	if gen.asked != 1 {
		t.Errorf("Pages asked %d times, want once", gen.asked)
	}
	var m struct {
		Posts []struct {
			Source, URL, Lang string
			Aliases           []string
		}
	}
	if err := json.Unmarshal([]byte(b.file("posts.json")), &m); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range m.Posts {
		got[p.Source] = p.URL + " " + p.Lang + " " + strings.Join(p.Aliases, ",")
	}
	want := map[string]string{
		"content/posts/code_syntax.md":  "https://example.com/blog/posts/code_syntax/ en ",
		"content/posts/release-v2.0.md": "https://example.com/blog/posts/release-v2.0/ en ",
		"content/posts/hello.md":        "https://example.com/blog/posts/hello/ en /old/hello/",
		"content/posts/hello.fr.md":     "https://example.com/blog/fr/posts/hello/ fr ",
		"content/posts/unlisted.md":     "https://example.com/blog/posts/unlisted/ en ",
		// No path of the generator's: site.permalink's, its {sections}
		// under the content dir, not the project's root.
		"content/posts/Own_Rules.md": "https://example.com/blog/posts/en/Own_Rules/ en ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("posts.json (-want +got):\n%s", diff)
	}
	if b.res.NotPosts != 2 || b.res.Found != 8 {
		t.Errorf("found %d, left out as no post %d; want 8 and 2 (hidden.md, about.md)", b.res.Found, b.res.NotPosts)
	}
	checkTotals(t, b.res)
	sm := b.file("sitemap.xml")
	if strings.Contains(sm, "unlisted") {
		t.Errorf("sitemap.xml lists the page the generator lists nowhere:\n%s", sm)
	}
	if !strings.Contains(sm, `hreflang="fr" href="https://example.com/blog/fr/posts/hello/"`) {
		t.Errorf("sitemap.xml has no fr alternate of hello:\n%s", sm)
	}
	if feed := b.file("feed.xml"); strings.Contains(feed, "unlisted") || !strings.Contains(feed, "posts/code_syntax/") {
		t.Errorf("feed.xml lists the unlisted page, or not code_syntax:\n%s", feed)
	}
	// One feed per language, as Hugo's /fr/index.xml.
	fr := b.file("fr/feed.xml")
	if !strings.Contains(fr, "/fr/posts/hello/") || strings.Contains(fr, "code_syntax") || !strings.Contains(fr, "<language>fr</language>") {
		t.Errorf("fr/feed.xml is not the French posts' feed:\n%s", fr)
	}
	if !b.exists("fr/atom.xml") || !b.exists("fr/feed.json") {
		t.Error("fr/atom.xml or fr/feed.json missing")
	}
	if strings.Contains(b.file("feed.xml"), "/fr/") {
		t.Errorf("feed.xml lists a French post:\n%s", b.file("feed.xml"))
	}
	var notes []string
	for _, p := range b.res.Problems {
		if p.Path == "hugo.toml" {
			notes = append(notes, p.Error())
		}
	}
	if len(notes) != 2 {
		t.Errorf("the generator's problems reported: %q, want its two", notes)
	}
}

// sepSite is testSite with Jekyll's site-wide excerpt_separator.
type sepSite struct{ *testSite }

func (sepSite) ExcerptSeparator() *string { s := "<!--cut-->"; return &s }

// TestGeneratorExcerptSeparator checks that a generator that reads the
// site-wide excerpt_separator (Jekyll's) gives it to the parser.
func TestGeneratorExcerptSeparator(t *testing.T) {
	files := map[string]string{
		"seopipe.yaml":           "site:\n  url: https://example.com/\n  title: Site\ncards:\n  sizes: []\n",
		"content/posts/a.md":     md("title: A\ndate: 2025-11-01\n", "First part.\n\n<!--cut-->\n\nSecond part.\n"),
		"content/posts/other.md": md("title: B\ndate: 2025-11-01\n", "Other.\n"),
	}
	b, _ := buildSite(t, files, func(o *Options) {
		g := sepSite{&testSite{root: filepath.Dir(o.OutDir)}}
		o.Generator, o.ContentDir = g, g.root
	})
	var m struct {
		Posts []struct{ Source, Summary string }
	}
	if err := json.Unmarshal([]byte(b.file("posts.json")), &m); err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Posts {
		if p.Source == "content/posts/a.md" && p.Summary != "First part." {
			t.Errorf("summary %q, want the part before the generator's separator", p.Summary)
		}
	}
}

// sectionedSite is a Hugo-like generator.Site whose every page is
// published at its path, and whose posts are the pages of main.
type sectionedSite struct {
	root string
	main []string
}

func (s sectionedSite) Kind() generator.Kind    { return generator.Hugo }
func (s sectionedSite) Root() string            { return s.root }
func (s sectionedSite) Config() []string        { return []string{"hugo.toml"} }
func (s sectionedSite) Info() generator.Info    { return generator.Info{} }
func (s sectionedSite) Roots() []generator.Root { return []generator.Root{{Dir: "content"}} }
func (s sectionedSite) MainSections() []string  { return s.main }
func (s sectionedSite) Pages(all []*post.Post) ([]generator.Page, []diag.Problem) {
	var out []generator.Page
	for _, p := range all {
		if !p.Section {
			rel := strings.TrimSuffix(strings.TrimPrefix(p.Source, "content/"), ".md")
			out = append(out, generator.Page{Source: p.Source, Render: true, List: true, Path: "/" + strings.TrimSuffix(rel, "/index") + "/"})
		}
	}
	return out, nil
}

// TestGeneratorMainSections checks that with a generator that names the
// sections whose pages are posts (Hugo's mainSections), the pages of the
// others, and those at the top, are left out as pages that are not posts;
// with none named, every page is a post.
func TestGeneratorMainSections(t *testing.T) {
	front := func(title string) string { return md("title: "+title+"\ndate: 2025-11-01\n", "Body.\n") }
	files := map[string]string{
		"seopipe.yaml":             "site:\n  url: https://example.com/\n  title: Site\ncards:\n  sizes: []\n",
		"content/posts/a.md":       front("A"),
		"content/posts/b/index.md": front("B"),
		"content/notes/deep/c.md":  front("C"),
		"content/docs/d.md":        front("D"),
		"content/about.md":         front("About"),
		"content/contact/index.md": front("Contact"),
		"content/posts/_index.md":  md("title: Posts\n", ""),
	}
	for _, tt := range []struct {
		main []string
		want []string
	}{
		{[]string{"posts", "notes"}, []string{"content/notes/deep/c.md", "content/posts/a.md", "content/posts/b/index.md"}},
		{nil, []string{"content/about.md", "content/contact/index.md", "content/docs/d.md", "content/notes/deep/c.md", "content/posts/a.md", "content/posts/b/index.md"}},
	} {
		b, _ := buildSite(t, files, func(o *Options) {
			g := sectionedSite{root: filepath.Dir(o.OutDir), main: tt.main}
			o.Generator, o.ContentDir = g, g.root
		})
		var got []string
		for _, pg := range b.res.Posts {
			got = append(got, pg.Post.Source)
		}
		slices.Sort(got)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("main sections %q: posts (-want +got):\n%s", tt.main, diff)
		}
		if b.res.NotPosts != 6-len(tt.want) {
			t.Errorf("main sections %q: %d not posts, want %d", tt.main, b.res.NotPosts, 6-len(tt.want))
		}
		checkTotals(t, b.res)
	}
}
