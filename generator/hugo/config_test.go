package hugo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/tools/txtar"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// writeSite writes a txtar archive's files into a temp dir with a
// content folder, and returns the dir.
func writeSite(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, txtar.Parse([]byte(archive)).Files)
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeFiles writes files under dir.
func writeFiles(t *testing.T, dir string, files []txtar.File) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestConfigProblems(t *testing.T) {
	tests := []struct {
		name, archive string
		opts          Options
		want          diag.Problem // Message compared for being non-empty only
	}{
		{"toml", "-- hugo.toml --\ntitle = \"x\"\nbaseURL = \n", Options{}, diag.Problem{Path: "hugo.toml", Line: 2}},
		{"yaml", "-- config.yaml --\ntitle: x\nx: \"unclosed\nparams: {}\n", Options{}, diag.Problem{Path: "config.yaml", Line: 2}},
		{"json", "-- hugo.json --\n{\n\"title\": \"x\",\n}\n", Options{}, diag.Problem{Path: "hugo.json", Line: 3}},
		{"config dir", "-- config/_default/params.toml --\na = [\n", Options{}, diag.Problem{Path: "config/_default/params.toml", Line: 1}},
		{"environment", "-- hugo.toml --\n-- config/production/hugo.toml --\nx =\n", Options{Environment: "production"}, diag.Problem{Path: "config/production/hugo.toml", Line: 1}},
		{"unknown token", "-- hugo.toml --\ntitle = \"x\"\n[permalinks]\nposts = \"/:nosuch/\"\n", Options{}, diag.Problem{Path: "hugo.toml", Line: 2, Field: "permalinks"}},
		{"token of newer Hugo", "-- hugo.toml --\n[Permalinks]\nposts = \"/:contentbasename/\"\n", Options{Version: "0.111.3"}, diag.Problem{Path: "hugo.toml", Line: 1, Field: "permalinks"}},
		{"time zone", "-- hugo.toml --\ntimeZone = \"Mars/Olympus\"\n", Options{}, diag.Problem{Path: "hugo.toml", Line: 1, Field: "timeZone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, tt.archive)
			_, probs, err := Open(generator.Project{Kind: generator.Hugo, Root: dir}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) != 1 {
				t.Fatalf("problems: %v, want one", probs)
			}
			got := probs[0]
			if got.Message == "" || got.Severity != diag.Error || !got.PathAsGiven {
				t.Errorf("problem %+v: want an error with a message, its path as given", got)
			}
			want := tt.want
			want.Severity, want.PathAsGiven = diag.Error, true
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(diag.Problem{}, "Message")); diff != "" {
				t.Errorf("problem (-want +got):\n%s\n%s", diff, got.Error())
			}
		})
	}
}

func TestConfigInfo(t *testing.T) {
	dir := writeSite(t, `
-- hugo.toml --
BaseURL = "https://example.org/blog/"
TITLE = "Site"
languageCode = "en-GB"
buildDrafts = true
buildFuture = true
timeZone = "Europe/Oslo"
contentDir = "posts"
-- config/_default/hugo.toml --
title = "the root file wins"
buildExpired = true
-- config/_default/languages.yaml --
nn:
  weight: 2
en:
  weight: 1
de:
  weight: 3
  disabled: true
-- config/staging/hugo.toml --
baseURL = "https://staging.example.org/"
`)
	s, probs, err := Open(generator.Project{Kind: generator.Hugo, Root: dir}, Options{})
	if err != nil || len(probs) > 0 {
		t.Fatal(probs, err)
	}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	want := generator.Info{BaseURL: "https://example.org/blog/", Title: "Site", Language: "en-GB",
		Drafts: true, Future: true, Expired: true, Location: oslo, Languages: []string{"en", "nn"}}
	if diff := cmp.Diff(want, s.Info(), cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })); diff != "" {
		t.Errorf("Info (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"hugo.toml", "config/_default/hugo.toml", "config/_default/languages.yaml"}, s.Config()); diff != "" {
		t.Errorf("Config (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]generator.Root{{Dir: "posts"}}, s.Roots()); diff != "" {
		t.Errorf("Roots (-want +got):\n%s", diff)
	}
	staging, _, _ := Open(generator.Project{Kind: generator.Hugo, Root: dir}, Options{Environment: "staging"})
	if got := staging.Info().BaseURL; got != "https://staging.example.org/" {
		t.Errorf("staging baseURL %q: the environment's directory wins", got)
	}
}

func TestInclude(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/sections.txtar")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := openArchive(t, ar, Options{})
	if diff := cmp.Diff([]string{"blog"}, s.MainSections()); diff != "" {
		t.Errorf("MainSections, the section with the most pages (-want +got):\n%s", diff)
	}
	withNews, _ := openArchive(t, ar, Options{Sections: []string{"news"}})
	bundle := writeSite(t, "-- hugo.toml --\n[params]\nmainSections = [\"posts\"]\n-- content/posts/b/index.md --\n-- content/posts/b/extra.md --\n-- content/posts/b/sub/index.md --\n")
	bs, _, _ := Open(generator.Project{Kind: generator.Hugo, Root: bundle}, Options{})
	tests := []struct {
		s      *Site
		source string
		want   bool
	}{
		{s, "content/blog/a.md", true},
		{s, "content/blog/tech/t.md", true},
		{s, "content/notes/_index.md", true},
		{s, "content/news/n.md", false},
		{s, "content/top.md", false},
		{s, "elsewhere/x.md", false},
		{withNews, "content/news/n.md", true},
		{bs, "content/posts/b/index.md", true},
		{bs, "content/posts/b/extra.md", false},     // a leaf bundle's resource
		{bs, "content/posts/b/sub/index.md", false}, // no bundle inside a leaf bundle
	}
	for _, tt := range tests {
		if got := tt.s.Include(tt.source); got != tt.want {
			t.Errorf("Include(%q) = %v, want %v", tt.source, got, tt.want)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add(".toml", "baseURL = \"https://e.org/\"\n[permalinks]\nposts = \"/:slug/\"\n")
	f.Add(".toml", "title = \"x\"\nbaseURL = \n")
	f.Add(".yaml", "title: x\nlanguages:\n  fr:\n    weight: 2\n")
	f.Add(".yaml", "title: x\nx: \"unclosed\n")
	f.Add(".json", "{\"title\": \"x\", \"params\": {\"mainSections\": [\"a\"]}}")
	f.Add(".json", "{\n\"title\": \"x\",\n}\n")
	f.Fuzz(func(t *testing.T, ext, src string) {
		m, err := parseConfig(ext, []byte(src))
		if err != nil {
			var le *lineError
			if errors.As(err, &le) && (le.line < 0 || le.line > strings.Count(src, "\n")+2) {
				t.Fatalf("line %d of a %d-line file", le.line, strings.Count(src, "\n")+1)
			}
			return
		}
		_ = lowerKeys(m)
	})
}

// TestConfigNotes: what Hugo decides in code seopipe does not run is
// said once, with the config file and line, as a warning.
func TestConfigNotes(t *testing.T) {
	dir := writeSite(t, `
-- hugo.toml --
title = "x"
disableKinds = ["page"]
[frontmatter]
date = [":filename", ":default"]
[module]
[[module.mounts]]
source = "posts"
target = "content"
-- content/posts/a.md --
---
title: A
---
`)
	s, probs, err := Open(generator.Project{Kind: generator.Hugo, Root: dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		if p.Severity != diag.Warning {
			t.Errorf("%v: want a warning", p.Error())
		}
		got = append(got, fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Field))
	}
	if diff := cmp.Diff([]string{"hugo.toml:3: frontmatter", "hugo.toml:5: module"}, got); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	pages, _ := s.Pages([]*post.Post{{Source: "content/posts/a.md", Title: "A", Lines: post.Lines{}}})
	if len(pages) != 1 || pages[0].Render {
		t.Errorf("disableKinds page: %+v, want the page not rendered", pages)
	}
}

// TestThemeParams: a theme's params count where the site sets none
// (hugo 0.111 and 0.165 took news as the main section of this site).
func TestThemeParams(t *testing.T) {
	dir := writeSite(t, `
-- hugo.toml --
theme = "t"
[params]
color = "red"
-- themes/t/hugo.toml --
[params]
mainSections = ["news"]
color = "blue"
-- content/blog/a.md --
-- content/blog/b.md --
-- content/news/n.md --
`)
	s, probs, err := Open(generator.Project{Kind: generator.Hugo, Root: dir}, Options{})
	if err != nil || len(probs) > 0 {
		t.Fatal(probs, err)
	}
	if diff := cmp.Diff([]string{"news"}, s.MainSections()); diff != "" {
		t.Errorf("MainSections (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"hugo.toml", "themes/t/hugo.toml"}, s.Config()); diff != "" {
		t.Errorf("Config (-want +got):\n%s", diff)
	}
}

// TestBuildKeyWarning: current Hugo refuses _build (hugo 0.165: "The
// "_build" front matter key was deprecated in Hugo 0.145.0 and
// subsequently removed"), 0.111 reads it: a warning, for current Hugo only.
func TestBuildKeyWarning(t *testing.T) {
	dir := writeSite(t, "-- hugo.toml --\n-- content/posts/a.md --\n")
	p := &post.Post{Source: "content/posts/a.md", Title: "A", Lines: post.Lines{},
		Params: map[string]any{"_build": map[string]any{"render": "never"}}}
	for _, tt := range []struct {
		version string
		want    int
	}{{"", 1}, {"0.111.3", 0}} {
		s, _, _ := Open(generator.Project{Kind: generator.Hugo, Root: dir}, Options{Version: tt.version})
		pages, probs := s.Pages([]*post.Post{p})
		if len(probs) != tt.want || pages[0].Render {
			t.Errorf("version %q: %v, render %v; want %d warning(s), not rendered", tt.version, probs, pages[0].Render, tt.want)
		}
	}
}
