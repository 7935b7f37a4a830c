package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestCheckFlags(t *testing.T) {
	testFlags(t, cli.NewCmdCheck, []flagCase[cli.CheckOptions]{
		{name: "defaults", args: []string{"check"}, want: &cli.CheckOptions{}},
		{
			name: "every flag of the posts",
			args: []string{"check", "site/content", "--site-url", "https://example.org/", "-j", "3", "--now", "2026-01-01",
				"--drafts", "--future", "--report", "report.json", "--fail-fast"},
			want: &cli.CheckOptions{SiteOptions: cli.SiteOptions{ContentDir: "site/content", SiteURL: "https://example.org/", Jobs: 3,
				Now: "2026-01-01", Drafts: true, Future: true, Report: "report.json", FailFast: true}},
		},
		{name: "an output directory", args: []string{"check", "--output", "public", "-q"},
			want: &cli.CheckOptions{SiteOptions: cli.SiteOptions{Global: cli.GlobalOptions{Quiet: true}}, Output: "public"}},
		{name: "no --out", args: []string{"check", "--out", "x"}, stderr: "seopipe: unknown flag: --out\n"},
		{name: "no --offline", args: []string{"check", "--offline"}, stderr: "seopipe: unknown flag: --offline\n"},
		{name: "--output and a content dir", args: []string{"check", "--output", "public", "content"},
			stderr: "seopipe: check --output verifies an output directory: give it no CONTENT_DIR\n"},
		{name: "negative jobs", args: []string{"check", "-j", "-2"}, stderr: "seopipe: --jobs must be 0 (all CPUs) or more, got -2\n"},
		{name: "too many arguments", args: []string{"check", "a", "b"}, stderr: "seopipe: expected at most 1 argument(s), got 2: a b\n"},
		{name: "quiet and verbose", args: []string{"-v", "check", "-q"}, stderr: "seopipe: --quiet and --verbose cannot be used together\n"},
	})
}

// TestCheck runs check on the test site, and on the site with one thing
// changed: it reports what build would, and writes nothing.
func TestCheck(t *testing.T) {
	testRuns(t, []runCase{
		{
			name:   "config errors all reported",
			site:   "site.txtar",
			extra:  map[string]string{"seopipe.yaml": "site:\n  url: example.com\n  timezone: Nowhere\n"},
			args:   []string{"check"},
			code:   cli.ExitUsage,
			stderr: []string{`seopipe.yaml:2: site.url: "example.com" has no scheme`, `seopipe.yaml:3: site.timezone: "Nowhere"`},
			noOut:  true,
		},
		{
			name:   "check a clean site",
			site:   "site.txtar",
			args:   []string{"check", now},
			code:   cli.ExitOK,
			stderr: []string{"checked in"},
			noOut:  true,
		},
		{
			name:   "check a bad post",
			site:   "site.txtar",
			extra:  map[string]string{"content/posts/bad.md": badPost},
			args:   []string{"check", now},
			code:   cli.ExitFailed,
			stderr: []string{"content/posts/bad.md:3: title:"},
			noOut:  true,
		},
		{
			name:  "check needs no site URL",
			site:  "site.txtar",
			extra: map[string]string{"seopipe.yaml": "site:\n  title: No URL\n"},
			args:  []string{"check", now},
			code:  cli.ExitOK,
			noOut: true,
		},
		{
			name:   "check of a missing content dir",
			site:   "site.txtar",
			args:   []string{"check", "nowhere", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: content directory nowhere: not found"},
			noOut:  true,
		},
	})
}

// TestCheckOutput runs `check --output DIR` on what a build wrote, as it
// was and with one file broken.
func TestCheckOutput(t *testing.T) {
	const first = "https://example.com/first/"
	tests := []struct {
		name string
		// mutate changes files of the build's output, by path under the site.
		mutate map[string][2]string // path -> {old, new}
		remove string               // a file to delete (a glob matching one)
		args   []string
		code   int
		// stderr are lines stderr must hold, whole.
		stderr []string
	}{
		{
			name:   "a good build",
			args:   []string{"check", "--output", "public", now},
			code:   cli.ExitOK,
			stderr: []string{"seopipe: verified public in "},
		},
		{
			name:   "og:url changed",
			mutate: map[string][2]string{"public/seo/first/head.html": {`<meta property="og:url" content="` + first + `">`, `<meta property="og:url" content="` + first + `amp/">`}},
			args:   []string{"check", "--output", "public", now},
			code:   cli.ExitFailed,
			stderr: []string{`public/seo/first/head.html: rule 15: og:url "` + first + `amp/" is not the canonical URL "` + first + `"`},
		},
		{
			name:   "a date changed in one feed",
			mutate: map[string][2]string{"public/feed.xml": {"<pubDate>Wed, 01 Jan 2025 00:00:00 +0000</pubDate>", "<pubDate>Thu, 02 Jan 2025 00:00:00 +0000</pubDate>"}},
			args:   []string{"check", "--output", "public", now},
			code:   cli.ExitFailed,
			stderr: []string{"public/feed.xml: rule 28: " + first + ": published date differs: 2025-01-02T00:00:00Z here, 2025-01-01T00:00:00Z in atom.xml, feed.json, posts.json, seo/first/head.html, seo/first/schema.jsonld"},
		},
		{
			name:   "robots.txt without its Sitemap line, quiet",
			mutate: map[string][2]string{"public/robots.txt": {"Sitemap: https://example.com/sitemap.xml\n", ""}},
			args:   []string{"check", "-q", "--output", "public", now},
			code:   cli.ExitFailed,
			stderr: []string{`public/robots.txt: rule 9: no "Sitemap: https://example.com/sitemap.xml" line`},
		},
		{
			name:   "a card gone",
			remove: "public/cards/first-og-*.png",
			args:   []string{"check", "--output", "public", now},
			code:   cli.ExitFailed,
			stderr: []string{"{removed}: missing, though posts.json, seo/first/head.html and sitemap.xml name it"},
		},
		{
			name:   "both --output and a content dir",
			args:   []string{"check", "--output", "public", "content", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: check --output verifies an output directory: give it no CONTENT_DIR"},
		},
		{
			name:   "a missing output dir",
			args:   []string{"check", "--output", "nowhere", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: output directory nowhere: not found"},
		},
		{
			name:   "an output path that is a file",
			args:   []string{"check", "--output", "public/posts.json", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: output directory public/posts.json: not a directory"},
		},
		{
			name:   "a directory that is not a build",
			remove: "public/posts.json",
			args:   []string{"check", "--output", "public", now},
			code:   cli.ExitFailed,
			stderr: []string{"seopipe: verify: open posts.json: no such file or directory"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, "site.txtar", nil)
			if r := runCLI(t, context.Background(), dir, nil, "build", now); r.code != cli.ExitOK {
				t.Fatalf("build: exit %d:\n%s", r.code, r.stderr)
			}
			for path, m := range tt.mutate {
				p := filepath.Join(dir, path)
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				changed := strings.Replace(string(data), m[0], m[1], 1)
				if changed == string(data) {
					t.Fatalf("%s does not hold %q", path, m[0])
				}
				writeFile(t, p, changed)
			}
			removed := ""
			if tt.remove != "" {
				m, _ := filepath.Glob(filepath.Join(dir, tt.remove))
				if len(m) != 1 {
					t.Fatalf("%s matches %v, want one file", tt.remove, m)
				}
				if err := os.Remove(m[0]); err != nil {
					t.Fatal(err)
				}
				removed, _ = filepath.Rel(dir, m[0])
			}
			r := runCLI(t, context.Background(), dir, nil, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstderr:\n%s", r.code, tt.code, r.stderr)
			}
			for _, want := range tt.stderr {
				want = strings.ReplaceAll(want, "{removed}", removed)
				if !strings.Contains("\n"+r.stderr, "\n"+want) {
					t.Errorf("stderr has no line %q:\n%s", want, r.stderr)
				}
			}
			// Every problem line names a file under public/.
			for _, ln := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
				if strings.Contains(ln, ": rule ") && !strings.HasPrefix(ln, "public/") {
					t.Errorf("problem line does not name a file of the output: %q", ln)
				}
			}
			if tt.code == cli.ExitOK && strings.Contains(r.stderr, ": rule ") {
				t.Errorf("a good build has problems:\n%s", r.stderr)
			}
		})
	}
}

func TestCheckOutputReport(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	if r := runCLI(t, context.Background(), dir, nil, "build", now); r.code != cli.ExitOK {
		t.Fatalf("build: exit %d:\n%s", r.code, r.stderr)
	}
	jsonFeed := filepath.Join(dir, "public", "feed.json")
	data, err := os.ReadFile(jsonFeed)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, jsonFeed, strings.Replace(string(data), "https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1", 1))

	r := runCLI(t, context.Background(), dir, nil, "check", "--output", "public", "--report", "report.json", now)
	if r.code != cli.ExitFailed {
		t.Fatalf("exit %d, want 1:\n%s", r.code, r.stderr)
	}
	var rep struct {
		OK     bool   `json:"ok"`
		Fatal  string `json:"fatal"`
		Errors []struct {
			Path    string `json:"path"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.OK || rep.Fatal != "" {
		t.Errorf("report: ok %v, fatal %q; want false and none", rep.OK, rep.Fatal)
	}
	type problem struct{ Path, Message string }
	var got []problem
	for _, e := range rep.Errors {
		got = append(got, problem{e.Path, e.Message})
	}
	want := []problem{{"public/feed.json", `rule 14: version "https://jsonfeed.org/version/1" is not https://jsonfeed.org/version/1.1`}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report errors (-want +got):\n%s", diff)
	}
}
