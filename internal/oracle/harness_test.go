package oracle_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Where is where a generator (or seopipe) publishes one source file: its
// absolute URL and its language.
type Where struct {
	URL, Lang string
}

// Published is what a site publishes, by source file (slash-separated,
// relative to the project's root: "content/posts/a.md", "_posts/x.md").
type Published map[string]Where

// A generator is one real site generator the fixtures are built with.
type generator struct {
	// name is the testdeps tool: hugo (Debian's 0.111), hugo-current,
	// jekyll.
	name string
	// kind is the fixtures it builds: "hugo" or "jekyll".
	kind string
	// build builds the site in dir (a copy of a fixture the harness's
	// files were added to) and returns what it published, and the
	// sections or collections each post belongs to.
	build func(ctx context.Context, t *testing.T, tool, dir string) ([]page, error)
	// versionArgs make the tool print its version.
	versionArgs []string
}

// page is one page a generator published, as the harness reads it back.
type page struct {
	Source string
	Where
	// Section is Hugo's first-level section or Jekyll's collection
	// ("posts" for _posts): seopipe's posts are those of the main
	// sections (or _posts) and the sections seopipe.yaml names.
	Section string
	// Main is the section Hugo takes as main (site.Params.mainSections),
	// nil for Jekyll.
	Main []string
	// Key is what pairs the page with its translations (Hugo's
	// .TranslationKey), "" for Jekyll, which has none.
	Key string
}

var generators = []generator{
	{name: "hugo", kind: "hugo", build: buildHugo, versionArgs: []string{"version"}},
	{name: "hugo-current", kind: "hugo", build: buildHugo, versionArgs: []string{"version"}},
	{name: "jekyll", kind: "jekyll", build: buildJekyll, versionArgs: []string{"--version"}},
}

// hugoLayouts are the harness's templates: every regular page Hugo renders
// writes its permalink, file, language, kind and section as JSON into its
// own HTML file, which the harness finds by walking the output, with its
// translation key. Pages Hugo
// does not render (build.render: never or link, drafts, future) leave no
// file; aliases are Hugo's own redirect pages, without the script. The
// other kinds render nothing.
var hugoLayouts = map[string]string{
	"layouts/_default/single.html": `{{- with .File -}}
<script type="application/json" id="seopipe-oracle">{{ dict "permalink" $.Permalink "filename" .Filename "path" .Path "lang" $.Lang "kind" $.Kind "section" $.Section "mainSections" site.Params.mainSections "translationKey" $.TranslationKey | jsonify | safeJS }}</script>
{{- end -}}
`,
	"layouts/_default/list.html": "",
	"layouts/index.html":         "",
}

// hugoScript finds the harness's JSON in a page Hugo wrote.
var hugoScript = regexp.MustCompile(`<script type="application/json" id="seopipe-oracle">(.*?)</script>`)

func buildHugo(ctx context.Context, t *testing.T, tool, dir string) ([]page, error) {
	addFiles(t, dir, hugoLayouts)
	out, cache := t.TempDir(), t.TempDir()
	if err := runTool(ctx, t, dir, tool, "--quiet", "-s", dir, "-d", out, "--cacheDir", cache); err != nil {
		return nil, err
	}
	var pages []page
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		m := hugoScript.FindSubmatch(data)
		if m == nil {
			return nil
		}
		var p struct {
			Permalink, Filename, Lang, Kind, Section, TranslationKey string
			MainSections                                             []string
		}
		if err := json.Unmarshal(m[1], &p); err != nil {
			return fmt.Errorf("%s: the harness's JSON: %v", path, err)
		}
		if p.Kind != "page" {
			return nil
		}
		src, err := sourceOf(dir, p.Filename)
		if err != nil {
			return err
		}
		pages = append(pages, page{Source: src, Where: Where{URL: p.Permalink, Lang: p.Lang}, Section: p.Section, Main: p.MainSections, Key: p.TranslationKey})
		return nil
	})
	return pages, err
}

// jekyllPage is the harness's page: every post in site.posts (Jekyll's
// own choice: published, future, drafts) and every document of a
// collection Jekyll writes, with its URL made absolute as a template
// would (url + baseurl), its path and its language.
const jekyllPage = `---
layout: null
permalink: /seopipe-oracle.json
sitemap: false
---
[{%- assign sep = "" -%}
{%- for p in site.posts -%}{{ sep }}{"url": {{ p.url | absolute_url | jsonify }}, "path": {{ p.path | jsonify }}, "lang": {{ p.lang | default: site.lang | jsonify }}, "collection": "posts"}{%- assign sep = "," -%}{%- endfor -%}
{%- for c in site.collections -%}{%- if c.output and c.label != "posts" -%}{%- for p in c.docs -%}{{ sep }}{"url": {{ p.url | absolute_url | jsonify }}, "path": {{ p.path | jsonify }}, "lang": {{ p.lang | default: site.lang | jsonify }}, "collection": {{ c.label | jsonify }}}{%- assign sep = "," -%}{%- endfor -%}{%- endif -%}{%- endfor -%}]
`

// jekyllDefaultLang is the language of a post when neither it nor the
// site names one: Jekyll has no language of its own, and seopipe's
// site.language defaults to it.
const jekyllDefaultLang = "en"

func buildJekyll(ctx context.Context, t *testing.T, tool, dir string) ([]page, error) {
	addFiles(t, dir, map[string]string{"seopipe-oracle.json": jekyllPage})
	out := t.TempDir()
	// --safe: no plugins, as the fixtures have none and CI is offline.
	if err := runTool(ctx, t, dir, tool, "build", "--safe", "--quiet", "--disable-disk-cache", "-s", dir, "-d", out); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(out, "seopipe-oracle.json"))
	if err != nil {
		return nil, err
	}
	var docs []struct {
		URL, Path, Lang, Collection string
	}
	if err := json.Unmarshal(data, &docs); err != nil {
		return nil, fmt.Errorf("the harness's seopipe-oracle.json: %v\n%s", err, data)
	}
	var pages []page
	for _, d := range docs {
		if d.Lang == "" {
			d.Lang = jekyllDefaultLang
		}
		pages = append(pages, page{Source: d.Path, Where: Where{URL: d.URL, Lang: d.Lang}, Section: d.Collection})
	}
	return pages, nil
}

// runTool runs a generator in dir with an environment of its own: UTC,
// UTF-8, a home of its own, so that neither the machine's time zone nor
// its locale nor a user's config changes what it publishes.
func runTool(ctx context.Context, t *testing.T, dir, tool string, args ...string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TZ=UTC", "LANG=C.UTF-8", "LC_ALL=C.UTF-8"}
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", filepath.Base(tool), strings.Join(args, " "), err, output.Bytes())
	}
	return nil
}

// toolVersion is the first line the tool prints of its version.
func toolVersion(ctx context.Context, t *testing.T, tool string, args ...string) string {
	out, err := exec.CommandContext(ctx, tool, args...).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", tool, strings.Join(args, " "), err)
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}

// sourceOf makes a generator's absolute file name relative to the
// project's root dir.
func sourceOf(dir, filename string) (string, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	file, err := filepath.EvalSymlinks(filename)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%s is outside the project %s", filename, dir)
	}
	return filepath.ToSlash(rel), nil
}

// copyTree copies the fixture src into a new temporary directory.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// addFiles writes the harness's files (path relative to dir: text) into
// a copy of a fixture.
func addFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
