package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
