package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestProblemPaths(t *testing.T) {
	// Paths in messages are relative to the working directory when the
	// content is below it, absolute otherwise; so is the other file a
	// message names, on the terminal, in the report and in annotations.
	dir := extract(t, "site.txtar", map[string]string{
		"content/posts/bad.md":   badPost,
		"content/posts/dup-a.md": "---\ntitle: A\nslug: same\ndate: 2025-01-20\n---\nA.\n",
		"content/posts/dup-b.md": "---\ntitle: B\ndate: 2025-01-21\nslug: same\n---\nB.\n",
	})
	sub := filepath.Join(dir, "sub")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	abs := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	tests := []struct {
		name, wd string
		args     []string
		want     []string
	}{
		{"site dir", dir, []string{"check", now}, []string{
			"content/posts/bad.md:3: title: is empty: every post needs a title",
			`content/posts/dup-b.md:4: slug: duplicate slug "same": its URL https://example.com/same/ is also the URL of content/posts/dup-a.md:3`,
		}},
		{"content dir argument", dir, []string{"check", "./content/posts", now}, []string{"content/posts/bad.md:3: title: is empty: every post needs a title"}},
		{"below the site", sub, []string{"--config", "../seopipe.yaml", "check", now}, []string{
			abs("content/posts/bad.md") + ":3: title: is empty: every post needs a title",
			abs("content/posts/dup-b.md") + `:4: slug: duplicate slug "same": its URL https://example.com/same/ is also the URL of ` + abs("content/posts/dup-a.md") + ":3",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report := filepath.Join(t.TempDir(), "report.json")
			args := append(slices.Clone(tt.args), "--report", report)
			r := runCLI(t, context.Background(), tt.wd, map[string]string{"GITHUB_ACTIONS": "true"}, args...)
			if r.code != cli.ExitFailed {
				t.Fatalf("exit %d, want 1:\n%s", r.code, r.stderr)
			}
			data, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tt.want {
				if !strings.Contains("\n"+r.stderr, "\n"+want) {
					t.Errorf("stderr has no line starting %q:\n%s", want, r.stderr)
				}
				// The report and the annotation carry the message with the same paths.
				_, msg, _ := strings.Cut(want, ": ")
				_, msg, _ = strings.Cut(msg, ": ")
				if msg == "" {
					t.Fatalf("want %q has no message to look for", want)
				}
				if q, _ := json.Marshal(msg); !bytes.Contains(data, q[:len(q)-1]) {
					t.Errorf("report has no message starting %s:\n%s", q, data)
				}
				if !strings.Contains(r.stdout, msg) {
					t.Errorf("annotations lack %q:\n%s", msg, r.stdout)
				}
			}
		})
	}
}

func TestGitHubAnnotations(t *testing.T) {
	extra := map[string]string{
		"content/posts/bad.md": badPost,
		// An inline image without alt text is a warning.
		"content/posts/warn.md": "---\ntitle: Warn\ndate: 2025-01-20\n---\nText.\n\n![](https://example.com/x.png)\n",
	}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		stdout  []string
		noStdio bool
	}{
		{
			name: "in GitHub Actions",
			env:  map[string]string{"GITHUB_ACTIONS": "true"},
			args: []string{"build", now},
			stdout: []string{
				"::error file=content/posts/bad.md,line=3::title: is empty",
				"::warning file=content/posts/warn.md,line=7::body: image ",
			},
		},
		{
			name:   "quiet keeps errors, drops warnings",
			env:    map[string]string{"GITHUB_ACTIONS": "true"},
			args:   []string{"-q", "build", now},
			stdout: []string{"::error file=content/posts/bad.md,line=3::"},
		},
		{
			name:    "elsewhere",
			env:     map[string]string{"GITHUB_ACTIONS": "false"},
			args:    []string{"build", now},
			noStdio: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, "site.txtar", extra)
			r := runCLI(t, context.Background(), dir, tt.env, tt.args...)
			if r.code != cli.ExitFailed {
				t.Fatalf("exit %d, want 1:\n%s", r.code, r.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			if tt.noStdio && r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if strings.Contains(strings.Join(tt.args, " "), "-q") && strings.Contains(r.stdout, "::warning") {
				t.Errorf("--quiet printed a warning annotation:\n%s", r.stdout)
			}
		})
	}
}

// TestSiteProblemPaths: a problem about the config file names it as it was
// given, and one about the site as a whole names no file, also when the
// content directory is not the working directory; in annotations too.
func TestSiteProblemPaths(t *testing.T) {
	dir := extract(t, "site.txtar", map[string]string{
		"seopipe.yaml":             "site:\n  url: https://example.com/\n  title: CLI Test\n  timezone: UTC\ncontent:\n  dir: content\nimages:\n  baseURL: http://cdn.example.com/\n",
		"content/posts/first.md":   "",
		"content/posts/second.md":  "",
		"content/posts/draft.md":   "",
		"content/posts/undated.md": "---\ntitle: Undated\n---\nText.\n",
	})
	r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, "build", now)
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"\nwarning: seopipe.yaml:8: images.baseURL: http://cdn.example.com/ is http on an https site",
		"\nwarning: feeds: no post (nor sitemap.extra page) has a date",
		"\nwarning: content/posts/undated.md:1: publishedAt: no date",
	} {
		if !strings.Contains("\n"+r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want[1:], r.stderr)
		}
	}
	for _, want := range []string{"::warning file=seopipe.yaml,line=8::images.baseURL: ", "::warning::feeds: no post"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("annotations lack %q:\n%s", want, r.stdout)
		}
	}
}

// TestBodyProblems: a problem in a post's body has the field body, as one
// in its front matter has the key: in the printed line, the annotation and
// the report, from check as from build.
func TestBodyProblems(t *testing.T) {
	const post = "---\ntitle: Body\ndate: 2025-03-01\n---\nText.\n\n{{< youtube x >}}\n\n<div>raw</div>\n"
	want := []reportProblem{
		{"content/posts/body.md", 7, "body", "hugo shortcode {{< youtube >}} is left out of the output: seopipe does not run site templates"},
		{"content/posts/body.md", 9, "body", "raw HTML is left out of the output (Markdown is rendered safely)"},
	}
	for _, cmd := range []string{"build", "check"} {
		t.Run(cmd, func(t *testing.T) {
			dir := extract(t, "site.txtar", map[string]string{"content/posts/body.md": post})
			r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, cmd, "--report", "report.json", now)
			if r.code != cli.ExitOK {
				t.Fatalf("exit %d:\n%s", r.code, r.stderr)
			}
			_, warnings := readReport(t, filepath.Join(dir, "report.json"))
			if diff := cmp.Diff(want, warnings); diff != "" {
				t.Errorf("report warnings (-want +got):\n%s", diff)
			}
			for _, p := range want {
				line := fmt.Sprintf("warning: %s:%d: %s: %s\n", p.Path, p.Line, p.Field, p.Message)
				if !strings.Contains("\n"+r.stderr, "\n"+line) {
					t.Errorf("stderr has no line %q:\n%s", line, r.stderr)
				}
				annotation := fmt.Sprintf("::warning file=%s,line=%d::%s: %s\n", p.Path, p.Line, p.Field, p.Message)
				if !strings.Contains(r.stdout, annotation) {
					t.Errorf("stdout has no annotation %q:\n%s", annotation, r.stdout)
				}
			}
		})
	}
}

// TestImageProblemsAlike: an image in the body that is not there reads as
// a hero that is not there, the field first (image for the hero, body for
// the others) and then the source, in the printed line, the annotation and
// the report.
func TestImageProblemsAlike(t *testing.T) {
	const post = "---\ntitle: Pictures\ndate: 2025-03-01\nimage: /nope.png\n---\nText.\n\n![A cat](/nope.png)\n"
	for _, cmd := range []string{"build", "check"} {
		t.Run(cmd, func(t *testing.T) {
			dir := extract(t, "site.txtar", map[string]string{"content/posts/pics.md": post})
			r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, cmd, "--report", "report.json", now)
			if r.code != cli.ExitFailed {
				t.Fatalf("exit %d, want %d:\n%s", r.code, cli.ExitFailed, r.stderr)
			}
			looked := `"/nope.png" is neither an http(s) URL nor an existing file (looked for ` +
				strings.Join([]string{filepath.ToSlash(filepath.Join(dir, "static", "nope.png")),
					filepath.ToSlash(filepath.Join(dir, "content", "nope.png")), filepath.ToSlash(filepath.Join(dir, "nope.png"))}, ", ") + ")"
			const path = "content/posts/pics.md"
			want := []reportProblem{{path, 4, "image", looked}, {path, 8, "body", "image " + looked}}
			errs, _ := readReport(t, filepath.Join(dir, "report.json"))
			if diff := cmp.Diff(want, errs); diff != "" {
				t.Errorf("report errors (-want +got):\n%s", diff)
			}
			for _, w := range want {
				line := fmt.Sprintf("content/posts/pics.md:%d: %s: %s\n", w.Line, w.Field, w.Message)
				if !strings.Contains("\n"+r.stderr, "\n"+line) {
					t.Errorf("stderr has no line %q:\n%s", line, r.stderr)
				}
				annotation := fmt.Sprintf("::error file=content/posts/pics.md,line=%d::%s: %s\n", w.Line, w.Field, w.Message)
				if !strings.Contains(r.stdout, annotation) {
					t.Errorf("stdout has no annotation %q:\n%s", annotation, r.stdout)
				}
			}
		})
	}
}

// TestJekyllConfigProblemPath: a warning about a Jekyll site's
// _config.yml, beside the _posts folder that is the content directory,
// names the file under the working directory, on the terminal, in the
// report and in annotations. That is seopipe's own reading of the folder
// (site.generator: none); read as the Jekyll site it is (auto, since
// issue 17), a config that does not parse is exit 2 naming its file and
// line, as TestGeneratorConfigError checks.
func TestJekyllConfigProblemPath(t *testing.T) {
	dir := extract(t, "", map[string]string{
		"seopipe.yaml":                    "site:\n  generator: none\n  url: https://example.com/\n  title: T\ncontent:\n  dir: site/_posts\ncards:\n  sizes: []\n",
		"site/_config.yml":                "title: Blog\n  baseurl: /x\n",
		"site/_posts/2024-05-07-hello.md": "---\ntitle: Hello\n---\nHi.\n",
	})
	report := filepath.Join(t.TempDir(), "report.json")
	r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, "build", now, "--report", report)
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d, want 0:\n%s", r.code, r.stderr)
	}
	const msg = "invalid YAML (mapping values are not allowed in this context): the site's excerpt_separator is not read, and Jekyll would not build the site"
	if want := "\nwarning: site/_config.yml:2: " + msg + "\n"; !strings.Contains("\n"+r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want[1:], r.stderr)
	}
	if want := "::warning file=site/_config.yml,line=2::" + msg; !strings.Contains(r.stdout, want) {
		t.Errorf("annotations lack %q:\n%s", want, r.stdout)
	}
	_, warnings := readReport(t, report)
	if want := (reportProblem{Path: "site/_config.yml", Line: 2, Message: msg}); !slices.Contains(warnings, want) {
		t.Errorf("report has no warning %+v:\n%+v", want, warnings)
	}
}

func TestQuiet(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	r := runCLI(t, context.Background(), dir, nil, "--quiet", "build", now)
	if r.code != cli.ExitOK || r.stderr != "" || r.stdout != "" {
		t.Errorf("quiet clean build: exit %d, stdout %q, stderr %q; want 0 and no output", r.code, r.stdout, r.stderr)
	}
	if postSlugs(t, dir) == nil {
		t.Error("quiet build wrote no posts.json")
	}
	// Errors are still printed, the summary is not.
	dir = extract(t, "site.txtar", map[string]string{"content/posts/bad.md": badPost})
	r = runCLI(t, context.Background(), dir, nil, "build", "-q", now)
	if r.code != cli.ExitFailed {
		t.Errorf("exit %d, want 1", r.code)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "content/posts/bad.md:3: title: ") {
		t.Errorf("quiet stderr = %q, want only the error line", r.stderr)
	}
}

func TestVerbose(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	r := runCLI(t, context.Background(), dir, nil, "build", "-v", now)
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	for _, s := range []string{"seopipe: load: 3 items in ", "seopipe: manifest: ", "seopipe: verify: 13 items in ", "  written public/posts.json\n", "  written public/seo/first/head.html\n"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("verbose stderr lacks %q:\n%s", s, r.stderr)
		}
	}
	// A rebuild rewrites nothing.
	r = runCLI(t, context.Background(), dir, nil, "build", now)
	for _, s := range []string{"13 files in public: 0 written, 13 unchanged", "reused from the last build: 3 of 3 parsed files, the SEO files of 2 of 2 posts, the self-check's findings on 2\n"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("rebuild stderr lacks %q:\n%s", s, r.stderr)
		}
	}
	// A CI job: no output directory, the cache of the build before. Every
	// file is written again, with the bytes the last self-check read.
	if err := os.RemoveAll(filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, context.Background(), dir, nil, "build", now)
	for _, s := range []string{"13 files in public: 13 written, 0 unchanged", "reused from the last build: 3 of 3 parsed files, the SEO files of 0 of 2 posts, the self-check's findings on 2\n"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("build into an emptied output directory: stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

// TestVerboseListsChanges: -v lists what a rebuild changed in the output
// directory, as a deploy would see it: one edited post's files written, a
// deleted post's removed, nothing unchanged.
func TestVerboseListsChanges(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	if r := runCLI(t, context.Background(), dir, nil, "build", now); r.code != cli.ExitOK {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	edit := filepath.Join(dir, "content", "posts", "first.md")
	src, err := os.ReadFile(edit)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edit, append(src, "\nMore text.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content", "posts", "second.md")); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, context.Background(), dir, nil, "build", "-v", now)
	var listed []string
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.HasPrefix(l, "  written ") || strings.HasPrefix(l, "  removed ") {
			listed = append(listed, l)
		}
	}
	for _, want := range []string{"  written public/posts.json", "  written public/seo/first/head.html", "  removed public/seo/second/head.html"} {
		if !slices.Contains(listed, want) {
			t.Errorf("verbose rebuild does not list %q:\n%s", want, strings.Join(listed, "\n"))
		}
	}
	if slices.ContainsFunc(listed, func(l string) bool { return strings.Contains(l, "robots.txt") }) {
		t.Errorf("verbose rebuild lists the unchanged robots.txt:\n%s", strings.Join(listed, "\n"))
	}
}
