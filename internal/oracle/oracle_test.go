package oracle_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gopkg.in/yaml.v3"

	"github.com/seopipe/seopipe/internal/testdeps"
)

var (
	bothHugos = []string{"hugo", "hugo-current"}
	jekyll    = []string{"jekyll"}
)

// fixtureDir holds the fixture sites, at the repository's root so that the
// generator packages' own tests can read them too.
const fixtureDir = "../../testdata/oracle"

// fixtures are the sites under fixtureDir, each with the generators that
// build it. docs/generators.md ("How the URLs are proven") lists what
// each covers.
var fixtures = []struct {
	name       string
	generators []string
}{
	{"hugo-sections", bothHugos},
	{"hugo-permalinks", bothHugos},
	{"hugo-ugly-subpath", bothHugos},
	{"hugo-path-options", bothHugos},
	// _build and cascade's _target: Hugo 0.111's keys; current Hugo
	// refuses _build ("deprecated and subsequently removed").
	{"hugo-build-options", []string{"hugo"}},
	{"hugo-i18n-suffix", bothHugos},
	{"hugo-i18n-contentdir", bothHugos},
	{"hugo-i18n-multihost", bothHugos},
	// Keys and tokens Hugo 0.111 does not know ([permalinks.page],
	// :contentbasename, :slugorcontentbasename, :sections[last],
	// cascade's target, build): it fails on them.
	{"hugo-current-permalinks", []string{"hugo-current"}},
	// hugo-build-options with build and target, which 0.111 ignores.
	{"hugo-current-build-options", []string{"hugo-current"}},
	{"jekyll-date-timezone", jekyll},
	{"jekyll-pretty", jekyll},
	{"jekyll-ordinal", jekyll},
	{"jekyll-weekdate", jekyll},
	{"jekyll-none", jekyll},
	{"jekyll-custom", jekyll},
	{"jekyll-collections", jekyll},
}

// TestOracle builds every fixture with each real generator that builds it
// and with seopipe, as a new user would (seopipe.yaml with only site.url),
// and requires posts.json to list exactly the posts the generator
// published, each at the generator's URL in the generator's language.
func TestOracle(t *testing.T) {
	ctx := t.Context()
	tools := map[string]string{}
	missing := map[string]error{}
	for _, g := range generators {
		path, err := testdeps.LookTool(g.name)
		if err != nil {
			missing[g.name] = err
			t.Logf("%s: absent, its runs skip: %v", g.name, err)
			continue
		}
		tools[g.name] = path
		t.Logf("%s: %s (%s)", g.name, toolVersion(ctx, t, path, g.versionArgs...), path)
	}
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			fixture := filepath.Join(fixtureDir, f.name)
			var seo *seopipeRun // built once, by the first generator present
			for _, name := range f.generators {
				t.Run(name, func(t *testing.T) {
					tool, ok := tools[name]
					if !ok {
						t.Skip(missing[name])
					}
					g := findGenerator(name)
					if g.kind == "jekyll" && testing.Short() {
						// Ruby's start: the Jekyll runs would double
						// the test's time in make test.
						t.Skip("jekyll takes one to two seconds a fixture: make test-long runs it")
					}
					pages, err := g.build(ctx, t, tool, copyTree(t, fixture))
					if err != nil {
						t.Fatalf("%s did not build the fixture: %v", name, err)
					}
					want := postsOf(pages, readSections(t, fixture))
					keys := map[string]string{}
					for _, p := range pages {
						if _, ok := want[p.Source]; ok {
							keys[p.Source] = p.Key
						}
					}
					t.Logf("%s published %d pages, %d of them posts", name, len(pages), len(want))
					if seo == nil {
						seo = runSeopipe(ctx, t, fixture)
					}
					compare(t, f.name+" with "+name, want, translationSets(keys), seo)
				})
			}
		})
	}
}

// postsOf keeps the pages that are seopipe's posts: Hugo's regular pages
// of the main sections, Jekyll's _posts, and those of the sections or
// collections seopipe.yaml's content.sections names.
func postsOf(pages []page, sections []string) Published {
	posts := Published{}
	for _, p := range pages {
		main := p.Main
		if main == nil {
			main = []string{"posts"} // Jekyll's: _posts, as jekyll-feed takes them
		}
		if slices.Contains(main, p.Section) || slices.Contains(sections, p.Section) {
			// Language tags are case-insensitive (BCP 47): Hugo's are
			// its config's keys ("pt-br"), seopipe writes "pt-BR".
			posts[p.Source] = Where{URL: p.URL, Lang: strings.ToLower(p.Lang)}
		}
	}
	return posts
}

// seopipeRun is what seopipe made of a fixture.
type seopipeRun struct {
	code   int
	stderr string
	posts  Published
	// sets are its translation sets (posts.json's translationKey).
	sets [][]string
}

// runSeopipe runs `seopipe build` at the root of a copy of the fixture, as
// a new user would, and reads posts.json.
func runSeopipe(ctx context.Context, t *testing.T, fixture string) *seopipeRun {
	dir := copyTree(t, fixture)
	cmd := exec.CommandContext(ctx, seopipeBinary(t), "build", "--quiet")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	run := &seopipeRun{stderr: stderr.String(), posts: Published{}}
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		run.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("seopipe build: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "public", "posts.json"))
	if err != nil {
		return run // compare says why, with stderr
	}
	var m struct {
		Posts []struct{ Source, URL, Lang, TranslationKey string }
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("posts.json: %v", err)
	}
	keys := map[string]string{}
	for _, p := range m.Posts {
		run.posts[p.Source] = Where{URL: p.URL, Lang: strings.ToLower(p.Lang)}
		keys[p.Source] = p.TranslationKey
	}
	run.sets = translationSets(keys)
	return run
}

// TestMain removes the seopipe binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if seopipeBuild.path != "" {
		os.RemoveAll(filepath.Dir(seopipeBuild.path))
	}
	os.Exit(code)
}

var seopipeBuild struct {
	once sync.Once
	path string
	err  error
}

// seopipeBinary builds cmd/seopipe once per test binary, without the race
// detector whatever the test runs with: it is the program a user runs, and
// a build of every fixture under -race would take half a minute.
func seopipeBinary(t *testing.T) string {
	b := &seopipeBuild
	b.once.Do(func() {
		dir, err := os.MkdirTemp("", "seopipe-oracle-")
		if err != nil {
			b.err = err
			return
		}
		b.path = filepath.Join(dir, "seopipe")
		out, err := exec.Command("go", "build", "-o", b.path, "github.com/seopipe/seopipe/cmd/seopipe").CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("go build ./cmd/seopipe: %v\n%s", err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// compare fails the test unless seopipe published exactly what the
// generator did, with the agreement figure and a diff.
func compare(t *testing.T, what string, want Published, wantSets [][]string, seo *seopipeRun) {
	t.Helper()
	agree, all, found := agreement(want, seo.posts)
	setsDiff := cmp.Diff(wantSets, seo.sets, cmpopts.EquateEmpty())
	t.Logf("%s: %d/%d posts agree; %d/%d of the generator's URLs are in posts.json, which lists %d; translation sets agree: %v", what, agree, all, found, len(want), len(seo.posts), setsDiff == "")
	if agree == all && seo.code == 0 && setsDiff == "" {
		return
	}
	var msg strings.Builder
	if diff := cmp.Diff(want, seo.posts); diff != "" {
		msg.WriteString("posts.json against the generator's pages by source (-generator +seopipe):\n" + diff)
	}
	if setsDiff != "" {
		msg.WriteString("translation sets, the sources of each (-generator +seopipe's translationKey):\n" + setsDiff)
	}
	if seo.code != 0 {
		fmt.Fprintf(&msg, "seopipe build exited %d:\n%s", seo.code, firstLines(seo.stderr, 30))
	}
	t.Errorf("%s: %d/%d posts agree\n%s", what, agree, all, msg.String())
}

// agreement counts the posts both list alike (same source, URL and
// language) among all the sources either lists, and how many of want's
// URLs got has, whatever their sources are called.
func agreement(want, got Published) (agree, all, found int) {
	all = len(want)
	urls := map[string]bool{}
	for src, w := range got {
		urls[w.URL] = true
		g, ok := want[src]
		if !ok {
			all++
		} else if g == w {
			agree++
		}
	}
	for _, w := range want {
		if urls[w.URL] {
			found++
		}
	}
	return agree, all, found
}

// translationSets groups the sources by their translation key: the sets
// of two or more posts that are one content in several languages (whose
// hreflang links name each other), each sorted, in order. The keys'
// spelling does not matter (Hugo's differs between versions), only who is
// paired with whom.
func translationSets(keys map[string]string) [][]string {
	byKey := map[string][]string{}
	for src, k := range keys {
		if k != "" {
			byKey[k] = append(byKey[k], src)
		}
	}
	var sets [][]string
	for _, set := range byKey {
		if len(set) > 1 {
			sort.Strings(set)
			sets = append(sets, set)
		}
	}
	slices.SortFunc(sets, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return sets
}

// readSections is the fixture's content.sections, if its seopipe.yaml
// names any.
func readSections(t *testing.T, fixture string) []string {
	data, err := os.ReadFile(filepath.Join(fixture, "seopipe.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Content struct{ Sections []string }
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("%s/seopipe.yaml: %v", fixture, err)
	}
	return c.Content.Sections
}

func findGenerator(name string) generator {
	for _, g := range generators {
		if g.name == name {
			return g
		}
	}
	panic("no generator " + name)
}

// TestFixtures checks that every directory of fixtureDir is a fixture of
// TestOracle with a generator of its kind, and that each is set up as a
// new user would set it up: a seopipe.yaml with site.url and nothing else
// (content.sections only to name sections or collections beyond the main
// ones, which the generator alone cannot tell).
func TestFixtures(t *testing.T) {
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	var dirs, listed []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	for _, f := range fixtures {
		listed = append(listed, f.name)
		for _, name := range f.generators {
			if kind := findGenerator(name).kind; !strings.HasPrefix(f.name, kind+"-") {
				t.Errorf("%s: built with %s, a %s generator: name it %s-…", f.name, name, kind, kind)
			}
		}
		data, err := os.ReadFile(filepath.Join(fixtureDir, f.name, "seopipe.yaml"))
		if err != nil {
			t.Error(err)
			continue
		}
		var c map[string]map[string]any
		if err := yaml.Unmarshal(data, &c); err != nil {
			t.Errorf("%s/seopipe.yaml: %v", f.name, err)
			continue
		}
		var keys []string
		for k, v := range c {
			for k2 := range v {
				keys = append(keys, k+"."+k2)
			}
		}
		sort.Strings(keys)
		if keys = slices.DeleteFunc(keys, func(k string) bool { return k == "content.sections" }); !slices.Equal(keys, []string{"site.url"}) {
			t.Errorf("%s/seopipe.yaml sets %v, want site.url only (and content.sections)", f.name, keys)
		}
	}
	sort.Strings(listed)
	if diff := cmp.Diff(dirs, listed); diff != "" {
		t.Errorf("testdata/oracle's directories against TestOracle's fixtures (-dirs +listed):\n%s", diff)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…\n")
	}
	return strings.Join(lines, "")
}

func TestAgreement(t *testing.T) {
	a := Where{URL: "https://example.org/posts/a/", Lang: "en"}
	b := Where{URL: "https://example.org/posts/b/", Lang: "en"}
	tests := []struct {
		name                  string
		want, got             Published
		agree, all, foundWant int
	}{
		{"same", Published{"content/a.md": a, "content/b.md": b}, Published{"content/a.md": a, "content/b.md": b}, 2, 2, 2},
		{"other URL", Published{"content/a.md": a}, Published{"content/a.md": b}, 0, 1, 0},
		{"other language", Published{"content/a.md": a}, Published{"content/a.md": {URL: a.URL, Lang: "fr"}}, 0, 1, 1},
		{"source named otherwise", Published{"content/a.md": a}, Published{"a.md": a}, 0, 2, 1},
		{"a post the generator does not publish", Published{"content/a.md": a}, Published{"content/a.md": a, "content/b.md": b}, 1, 2, 1},
		{"a post missing", Published{"content/a.md": a, "content/b.md": b}, Published{"content/a.md": a}, 1, 2, 1},
		{"none", Published{}, Published{}, 0, 0, 0},
	}
	for _, tt := range tests {
		agree, all, found := agreement(tt.want, tt.got)
		if agree != tt.agree || all != tt.all || found != tt.foundWant {
			t.Errorf("%s: agreement = %d/%d, %d found; want %d/%d, %d", tt.name, agree, all, found, tt.agree, tt.all, tt.foundWant)
		}
	}
}

func TestPostsOf(t *testing.T) {
	w := Where{URL: "https://example.org/x/", Lang: "PT-br"}
	pages := []page{
		{Source: "content/posts/a.md", Where: w, Section: "posts", Main: []string{"posts"}},
		{Source: "content/about.md", Where: w, Section: "", Main: []string{"posts"}},
		{Source: "content/docs/d.md", Where: w, Section: "docs", Main: []string{"posts"}},
		{Source: "_posts/2024-01-01-a.md", Where: w, Section: "posts"},
		{Source: "_recipes/soup.md", Where: w, Section: "recipes"},
		{Source: "_guides/g.md", Where: w, Section: "guides"},
	}
	got := postsOf(pages, []string{"docs", "recipes"})
	lw := Where{URL: w.URL, Lang: "pt-br"}
	want := Published{"content/posts/a.md": lw, "content/docs/d.md": lw, "_posts/2024-01-01-a.md": lw, "_recipes/soup.md": lw}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("postsOf (-want +got):\n%s", diff)
	}
}

func TestHugoScript(t *testing.T) {
	html := `<html><script type="application/json" id="seopipe-oracle">{"permalink":"https://example.org/a/"}</script></html>`
	m := hugoScript.FindStringSubmatch(html)
	if m == nil || m[1] != `{"permalink":"https://example.org/a/"}` {
		t.Errorf("hugoScript found %q", m)
	}
}

func TestTranslationSets(t *testing.T) {
	keys := map[string]string{
		"content/posts/b.md":     "page/posts/b",
		"content/posts/b.fr.md":  "page/posts/b",
		"content/posts/a.de.md":  "k",
		"content/posts/a.md":     "k",
		"content/posts/alone.md": "page/posts/alone",
		"content/posts/none.md":  "",
		"content/posts/none2.md": "",
	}
	want := [][]string{{"content/posts/a.de.md", "content/posts/a.md"}, {"content/posts/b.fr.md", "content/posts/b.md"}}
	if diff := cmp.Diff(want, translationSets(keys)); diff != "" {
		t.Errorf("translationSets (-want +got):\n%s", diff)
	}
}
