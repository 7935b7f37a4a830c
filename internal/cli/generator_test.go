package cli_test

import (
	"context"
	"errors"
	"path"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/cli"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// fakeJekyll is a generator.Site of the tests' own for a Jekyll project:
// its posts are _posts' files, each at /news/<file name without date>/.
type fakeJekyll struct {
	p    generator.Project
	info generator.Info
}

func (s *fakeJekyll) Kind() generator.Kind    { return generator.Jekyll }
func (s *fakeJekyll) Root() string            { return s.p.Root }
func (s *fakeJekyll) Config() []string        { return []string{s.p.Config} }
func (s *fakeJekyll) Info() generator.Info    { return s.info }
func (s *fakeJekyll) Roots() []generator.Root { return []generator.Root{{Dir: "_posts"}} }
func (s *fakeJekyll) Pages(all []*post.Post) ([]generator.Page, []diag.Problem) {
	var out []generator.Page
	for _, p := range all {
		name := strings.TrimSuffix(path.Base(p.Source), ".md")[len("2025-01-01-"):]
		out = append(out, generator.Page{Source: p.Source, Render: true, List: true, Path: "/news/" + name + "/"})
	}
	return out, nil
}

// useFakeJekyll makes the fake the reader of Jekyll projects for the test;
// fail makes opening one fail as a config that does not parse does.
func useFakeJekyll(t *testing.T, info generator.Info, fail error) {
	restore := cli.SetOpener(generator.Jekyll, func(p generator.Project, _ *config.Config) (generator.Site, []diag.Problem, error) {
		if fail != nil {
			return nil, nil, fail
		}
		return &fakeJekyll{p: p, info: info}, nil, nil
	})
	t.Cleanup(restore)
}

const jekyllPost = "---\ntitle: Code syntax\ndate: 2025-01-02\n---\nBody.\n"

// TestGeneratorRuns checks site.generator: auto finds the project at the
// working directory and builds its posts with only the generator's config
// (site.url from its url, content.dir left at its default, which does not
// exist), the summary names the generator and its config; a generator
// named and not found, or one whose config does not parse, is exit 2;
// none, or auto without a project, is seopipe's own rules.
func TestGeneratorRuns(t *testing.T) {
	useFakeJekyll(t, generator.Info{BaseURL: "https://gen.example/", Title: "Gen"}, nil)
	jekyllSite := map[string]string{"_config.yml": "url: https://gen.example\n", "_posts/2025-01-02-code_syntax.md": jekyllPost}
	testRuns(t, []runCase{
		{name: "auto, only the generator's config", extra: jekyllSite, args: []string{"build", now},
			stderr: []string{"seopipe: jekyll site: _config.yml\n", "1 post found: 1 published"}, slugs: []string{"code_syntax"}},
		{name: "auto, at the root of a jekyll site with seopipe.yaml", extra: with(jekyllSite, "seopipe.yaml", "site:\n  url: https://mine.example/\n"),
			args: []string{"check"}, stderr: []string{"seopipe: jekyll site: _config.yml\n"}},
		{name: "none: content.dir as before", extra: with(jekyllSite, "seopipe.yaml", "site:\n  generator: none\n  url: https://mine.example/\n"),
			args: []string{"build", now}, code: cli.ExitUsage, stderr: []string{"content directory content: not found"}, noOut: true},
		{name: "hugo named, none found", extra: with(jekyllSite, "seopipe.yaml", "site:\n  generator: hugo\n  url: https://mine.example/\n"),
			args: []string{"build", now}, code: cli.ExitUsage,
			stderr: []string{"seopipe.yaml:2: site.generator: hugo, but ", "_config.yml is a jekyll project"}, noOut: true},
		{name: "jekyll named, none found", extra: map[string]string{".git/HEAD": "x", "seopipe.yaml": "site:\n  generator: jekyll\n  url: https://mine.example/\n", "content/a.md": jekyllPost},
			args: []string{"build", now}, code: cli.ExitUsage, stderr: []string{"seopipe.yaml:2: site.generator: jekyll, but no jekyll project is in "}, noOut: true},
		{name: "auto without a project", extra: map[string]string{".git/HEAD": "x", "seopipe.yaml": "site:\n  url: https://mine.example/\n", "content/a.md": jekyllPost},
			args: []string{"build", now}, stderr: []string{"1 post found: 1 published"}, slugs: []string{"a"}},
	})
	t.Run("the generator's future switch", func(t *testing.T) {
		useFakeJekyll(t, generator.Info{BaseURL: "https://gen.example/", Future: true}, nil)
		dir := extract(t, "", with(jekyllSite, "_posts/2025-01-01-later.md", "---\ntitle: Later\ndate: 2027-01-01\n---\nLater.\n"))
		r := runCLI(t, context.Background(), dir, nil, "build", now)
		if r.code != 0 || !strings.Contains(r.stderr, "2 posts found: 2 published") {
			t.Errorf("exit %d, want the future post published as jekyll's future: true does:\n%s", r.code, r.stderr)
		}
	})
	t.Run("a generator config that does not parse", func(t *testing.T) {
		useFakeJekyll(t, generator.Info{}, errors.New("_config.yml:3: invalid YAML: mapping values are not allowed"))
		dir := extract(t, "", jekyllSite)
		r := runCLI(t, context.Background(), dir, nil, "build", now)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "_config.yml:3: invalid YAML") {
			t.Errorf("exit %d, want 2 naming the file and line:\n%s", r.code, r.stderr)
		}
	})
}

// with is files and one more.
func with(files map[string]string, name, data string) map[string]string {
	out := map[string]string{name: data}
	for k, v := range files {
		out[k] = v
	}
	return out
}

// TestGeneratorConfigError checks that a generator config that does not
// parse is exit 2, naming its file (from the working directory) and line,
// with the real Jekyll reader.
func TestGeneratorConfigError(t *testing.T) {
	dir := extract(t, "", map[string]string{
		"seopipe.yaml":                    "site:\n  url: https://example.com/\ncontent:\n  dir: site/_posts\n",
		"site/_config.yml":                "title: Blog\n  baseurl: /x\n",
		"site/_posts/2024-05-07-hello.md": "---\ntitle: Hello\n---\nHi.\n",
	})
	r := runCLI(t, context.Background(), dir, nil, "build", now)
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "seopipe: site/_config.yml:2: ") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, want 2 and one line naming site/_config.yml:2:\n%s", r.code, r.stderr)
	}
}
