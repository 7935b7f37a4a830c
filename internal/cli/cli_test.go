package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	_ "time/tzdata" // as in cmd/seopipe: site.timezone works without a zoneinfo database

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/seopipe/seopipe/internal/cli"
	"github.com/seopipe/seopipe/internal/config"
)

// now is the build clock every build in these tests runs with.
const now = "--now=2026-01-01T00:00:00Z"

// badPost has an error on line 3 (an empty title).
const badPost = "---\nslug: bad\ntitle: \"\"\ndate: 2025-01-10\n---\nBody.\n"

// extract writes the txtar archive testdata/name into a fresh directory,
// then the extra files (path -> content; "" deletes), and returns it.
func extract(t testing.TB, name string, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if name != "" {
		ar, err := txtar.ParseFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			writeFile(t, filepath.Join(dir, f.Name), string(f.Data))
		}
	}
	for p, data := range extra {
		if data == "" {
			if err := os.Remove(filepath.Join(dir, p)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		writeFile(t, filepath.Join(dir, p), data)
	}
	return dir
}

func writeFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs seopipe in dir with only the given environment variables.
func runCLI(t testing.TB, ctx context.Context, dir string, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Run(ctx, args, cli.Env{
		Stdout:  &stdout,
		Stderr:  &stderr,
		Getenv:  func(k string) string { return env[k] },
		WorkDir: dir,
	})
	return result{code, stdout.String(), stderr.String()}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// postsJSON returns the slugs in dir's public/posts.json, or nil without one.
func postSlugs(t testing.TB, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "public", "posts.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Posts []struct{ Slug string } `json:"posts"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("posts.json: %v", err)
	}
	slugs := []string{}
	for _, p := range m.Posts {
		slugs = append(slugs, p.Slug)
	}
	return slugs
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		site   string            // txtar fixture, "" for an empty dir
		extra  map[string]string // files added to (or removed from) the fixture
		env    map[string]string
		args   []string
		code   int
		stderr []string // substrings of stderr
		stdout []string // substrings of stdout
		slugs  []string // posts in public/posts.json; nil: none written
		noOut  bool     // the output directory must not exist
	}{
		{
			name:   "version",
			args:   []string{"version"},
			code:   cli.ExitOK,
			stdout: []string{"seopipe "},
			noOut:  true,
		},
		{
			name:   "no command prints help",
			args:   nil,
			code:   cli.ExitOK,
			stdout: []string{"Usage:", "build"},
		},
		{
			name:   "unknown command",
			args:   []string{"biuld"},
			code:   cli.ExitUsage,
			stderr: []string{`seopipe: unknown command "biuld"`},
		},
		{
			name:   "unknown flag",
			site:   "site.txtar",
			args:   []string{"build", "--frobnicate"},
			code:   cli.ExitUsage,
			stderr: []string{"unknown flag: --frobnicate"},
			noOut:  true,
		},
		{
			name:   "too many arguments",
			site:   "site.txtar",
			args:   []string{"build", "content", "more"},
			code:   cli.ExitUsage,
			stderr: []string{"expected at most 1 argument(s), got 2"},
			noOut:  true,
		},
		{
			name:   "negative jobs",
			site:   "site.txtar",
			args:   []string{"build", "--jobs", "-1", now},
			code:   cli.ExitUsage,
			stderr: []string{"--jobs must be 0 (all CPUs) or more, got -1"},
			noOut:  true,
		},
		{
			name:   "jobs not a number",
			site:   "site.txtar",
			args:   []string{"build", "--jobs", "many", now},
			code:   cli.ExitUsage,
			noOut:  true,
			stderr: []string{`seopipe: --jobs: "many" is not a whole number`},
		},
		{
			name:   "bad now",
			site:   "site.txtar",
			args:   []string{"build", "--now", "yesterday"},
			code:   cli.ExitUsage,
			stderr: []string{`seopipe: --now: invalid date "yesterday"`},
			noOut:  true,
		},
		{
			name:   "quiet and verbose",
			site:   "site.txtar",
			args:   []string{"build", "-q", "-v", now},
			code:   cli.ExitUsage,
			stderr: []string{"--quiet and --verbose cannot be used together"},
			noOut:  true,
		},
		{
			name:   "config with an unknown key",
			site:   "site.txtar",
			extra:  map[string]string{"seopipe.yaml": "site:\n  url: https://example.com/\n  titel: Blog\n"},
			args:   []string{"build", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: seopipe.yaml:3: site.titel: unknown key; did you mean \"title\"?\n"},
			noOut:  true,
		},
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
			name:   "explicit config missing",
			site:   "site.txtar",
			args:   []string{"build", "--config", "nope.yaml", now},
			code:   cli.ExitUsage,
			stderr: []string{"nope.yaml: cannot read config"},
			noOut:  true,
		},
		{
			name:   "config from SEOPIPE_CONFIG",
			site:   "site.txtar",
			extra:  map[string]string{"seopipe.yaml": "", "conf/site.yaml": "site:\n  url: https://example.com/\ncontent:\n  dir: ../content\noutput:\n  dir: ../public\n"},
			env:    map[string]string{"SEOPIPE_CONFIG": "conf/site.yaml"},
			args:   []string{"build", now},
			code:   cli.ExitOK,
			slugs:  []string{"second", "first"},
			stderr: []string{"2 published"},
		},
		{
			name:   "build without a site URL",
			site:   "site.txtar",
			extra:  map[string]string{"seopipe.yaml": "site:\n  title: No URL\n"},
			args:   []string{"build", now},
			code:   cli.ExitUsage,
			stderr: []string{"site.url: is required for absolute URLs"},
			noOut:  true,
		},
		{
			name:  "site URL from the flag",
			site:  "site.txtar",
			extra: map[string]string{"seopipe.yaml": "site:\n  title: No URL\n"},
			args:  []string{"build", "--site-url", "https://flag.example/", now},
			code:  cli.ExitOK,
			slugs: []string{"second", "first"},
		},
		{
			name:  "site URL from the environment",
			site:  "site.txtar",
			extra: map[string]string{"seopipe.yaml": "site:\n  title: No URL\n"},
			env:   map[string]string{"SEOPIPE_SITE_URL": "https://env.example/"},
			args:  []string{"build", now},
			code:  cli.ExitOK,
			slugs: []string{"second", "first"},
		},
		{
			name:   "bad site URL flag is blamed on the flag",
			site:   "site.txtar",
			args:   []string{"build", "--site-url", "example.org", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: --site-url: site.url: \"example.org\" has no scheme: write https://example.org\n"},
			noOut:  true,
		},
		{
			name:   "output dir is the content dir",
			site:   "site.txtar",
			args:   []string{"build", "--out", "content", now},
			code:   cli.ExitUsage,
			stderr: []string{"is the content directory"},
		},
		{
			name:   "clean build",
			site:   "site.txtar",
			args:   []string{"build", now},
			code:   cli.ExitOK,
			slugs:  []string{"second", "first"},
			stderr: []string{"seopipe: 3 posts found: 2 published, 1 draft, 0 future, 0 failed\n", "13 files in public: 13 written, 0 unchanged", "2 cards: 2 rendered, 0 from the cache"},
		},
		{
			name:  "an expired post",
			site:  "site.txtar",
			extra: map[string]string{"content/posts/old.md": "---\ntitle: Old\ndate: 2025-01-05\nexpiryDate: 2025-12-31\n---\nGone.\n"},
			args:  []string{"build", now},
			code:  cli.ExitOK,
			slugs: []string{"second", "first"},
			stderr: []string{"warning: content/posts/old.md:4: expiryDate: 2025-12-31T00:00:00Z is at or before the build time 2026-01-01T00:00:00Z: the post has expired and is left out of every output\n",
				"seopipe: 4 posts found: 2 published, 1 draft, 0 future, 1 expired, 0 failed\n"},
		},
		{
			name:  "drafts",
			site:  "site.txtar",
			args:  []string{"build", "--drafts", now},
			code:  cli.ExitOK,
			slugs: []string{"draft", "second", "first"},
		},
		{
			name:  "future by the clock",
			site:  "site.txtar",
			args:  []string{"build", "--now", "2025-01-15"},
			code:  cli.ExitOK,
			slugs: []string{"first"},
		},
		{
			name:  "content dir argument and --out",
			site:  "site.txtar",
			extra: map[string]string{"other/x.md": "---\ntitle: X\n---\nx\n"},
			args:  []string{"build", "other", "--out", "public", now},
			code:  cli.ExitOK,
			slugs: []string{"x"},
			// x has no date: a warning, and feeds without items, which
			// nothing on the site can date but the build clock: a
			// second warning, on the content directory.
			stderr: []string{"warning: other/x.md:1: publishedAt: no date: the post is kept out of the feeds and the news sitemap\n",
				"warning: feeds: no post (nor sitemap.extra page) has a date: the feeds are dated with the build time, 2026-01-01T00:00:00Z\n",
				"0 errors, 2 warnings"},
		},
		{
			name:   "build with a bad post",
			site:   "site.txtar",
			extra:  map[string]string{"content/posts/bad.md": badPost},
			args:   []string{"build", now},
			code:   cli.ExitFailed,
			stderr: []string{"\ncontent/posts/bad.md:3: title: is empty", "1 failed", "1 error, 0 warnings"},
			slugs:  []string{"second", "first"},
		},
		{
			name:  "an extra sitemap page on another host is a config error",
			site:  "site.txtar",
			extra: map[string]string{"seopipe.yaml": "site:\n  url: https://example.com/\n  timezone: UTC\nsitemap:\n  extra:\n    - path: https://other.example/about/\n"},
			args:  []string{"build", now},
			code:  cli.ExitUsage,
			stderr: []string{
				`seopipe.yaml:6: sitemap.extra[0].path: "https://other.example/about/" is not on the site's host`,
			},
		},
		{
			name:   "fail fast writes nothing",
			site:   "site.txtar",
			extra:  map[string]string{"content/posts/bad.md": badPost},
			args:   []string{"build", "--fail-fast", "--jobs", "1", now},
			code:   cli.ExitFailed,
			stderr: []string{"content/posts/bad.md:3: title:", "stopped at the first error"},
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
			name:   "check has no --out",
			site:   "site.txtar",
			args:   []string{"check", "--out", "x"},
			code:   cli.ExitUsage,
			noOut:  true,
			stderr: []string{"unknown flag: --out"},
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
			name:   "missing content dir",
			site:   "site.txtar",
			args:   []string{"build", "nowhere", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: content directory nowhere: not found"},
			noOut:  true,
		},
		{
			name:   "check of a missing content dir",
			site:   "site.txtar",
			args:   []string{"check", "nowhere", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: content directory nowhere: not found"},
			noOut:  true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, tt.site, tt.extra)
			r := runCLI(t, context.Background(), dir, tt.env, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr does not contain %q:\n%s", s, r.stderr)
				}
			}
			for _, s := range tt.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout does not contain %q:\n%s", s, r.stdout)
				}
			}
			if diff := cmp.Diff(tt.slugs, postSlugs(t, dir)); diff != "" {
				t.Errorf("posts in public/posts.json (-want +got):\n%s", diff)
			}
			if tt.noOut && exists(filepath.Join(dir, "public")) {
				t.Error("the output directory was created")
			}
			// Usage errors print one line; they never dump the help text.
			if tt.code == cli.ExitUsage && strings.Contains(r.stderr+r.stdout, "Usage:") {
				t.Errorf("a usage error printed the help:\n%s", r.stderr)
			}
		})
	}
}

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

func TestInit(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, config.FileName)

	r := runCLI(t, context.Background(), dir, nil, "init")
	if r.code != cli.ExitOK {
		t.Fatalf("init: exit %d:\n%s", r.code, r.stderr)
	}
	got, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(config.Starter, string(got)); diff != "" {
		t.Errorf("written file differs from config.Starter:\n%s", diff)
	}
	if !strings.Contains(r.stderr, "wrote seopipe.yaml") {
		t.Errorf("init stderr = %q, want it to name the file", r.stderr)
	}

	// A second init refuses to overwrite, and leaves the file alone.
	writeFile(t, cfgPath, config.Starter+"# mine\n")
	r = runCLI(t, context.Background(), dir, nil, "init")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "seopipe.yaml already exists; pass --force") {
		t.Errorf("second init: exit %d, stderr %q; want 2 and a hint at --force", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(cfgPath); !strings.HasSuffix(string(got), "# mine\n") {
		t.Error("second init changed the file")
	}

	r = runCLI(t, context.Background(), dir, nil, "init", "--force", "--quiet")
	if r.code != cli.ExitOK || r.stderr != "" {
		t.Errorf("init --force -q: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(cfgPath); string(got) != config.Starter {
		t.Error("init --force did not rewrite the file")
	}

	// The starter builds a site as it is.
	writeFile(t, filepath.Join(dir, "content", "posts", "hello.md"), "---\ntitle: Hello\ndate: 2025-06-01\n---\nHi.\n")
	r = runCLI(t, context.Background(), dir, nil, "build", now)
	if r.code != cli.ExitOK {
		t.Fatalf("build with the starter config: exit %d:\n%s", r.code, r.stderr)
	}
	if diff := cmp.Diff([]string{"hello"}, postSlugs(t, dir)); diff != "" {
		t.Errorf("posts (-want +got):\n%s", diff)
	}

	// So does SEOPIPE_CONFIG, as for build.
	r = runCLI(t, context.Background(), dir, map[string]string{"SEOPIPE_CONFIG": "env/site.yaml"}, "init")
	if r.code != cli.ExitOK || !exists(filepath.Join(dir, "env", "site.yaml")) {
		t.Errorf("SEOPIPE_CONFIG=env/site.yaml seopipe init: exit %d, stderr %q; file not written there", r.code, r.stderr)
	}

	// --config names the file init writes.
	r = runCLI(t, context.Background(), dir, nil, "--config", "conf/other.yaml", "init")
	if r.code != cli.ExitOK || !exists(filepath.Join(dir, "conf", "other.yaml")) {
		t.Errorf("init --config conf/other.yaml: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestReport(t *testing.T) {
	dir := extract(t, "site.txtar", map[string]string{"content/posts/bad.md": badPost})
	r := runCLI(t, context.Background(), dir, nil, "build", "--report", "out/report.json", now)
	if r.code != cli.ExitFailed {
		t.Fatalf("exit %d, want 1:\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	type problem struct {
		Path    string `json:"path"`
		Line    int    `json:"line"`
		Field   string `json:"field"`
		Message string `json:"message"`
	}
	var rep struct {
		Version  string         `json:"version"`
		OK       bool           `json:"ok"`
		Counts   map[string]int `json:"counts"`
		Images   map[string]int `json:"images"`
		Cards    map[string]int `json:"cards"`
		Errors   []problem      `json:"errors"`
		Warnings []problem      `json:"warnings"`
		Files    []string       `json:"files"`
		Bytes    int64          `json:"bytes"`
		Stages   []struct {
			Name      string  `json:"name"`
			Items     int     `json:"items"`
			ElapsedMS float64 `json:"elapsedMs"`
		} `json:"stages"`
		ElapsedMS float64 `json:"elapsedMs"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("report is not the expected JSON: %v\n%s", err, data)
	}
	wantCounts := map[string]int{"found": 4, "sections": 0, "published": 2, "drafts": 1, "future": 0, "expired": 0, "headless": 0, "failed": 1, "written": 13, "unchanged": 0, "parsedFromCache": 0, "postsKept": 0, "findingsReused": 0}
	if diff := cmp.Diff(wantCounts, rep.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	var stages []string
	for _, s := range rep.Stages {
		stages = append(stages, s.Name)
	}
	if diff := cmp.Diff([]string{"load", "validate", "images", "cards", "pages", "seo", "sitemap", "feeds", "manifest", "verify"}, stages); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	if rep.OK || rep.Version == "" || rep.Bytes == 0 {
		t.Errorf("ok %v, version %q, bytes %d; want false, a version, some bytes", rep.OK, rep.Version, rep.Bytes)
	}
	if len(rep.Errors) != 1 {
		t.Fatalf("errors = %+v, want one", rep.Errors)
	}
	e := rep.Errors[0]
	if e.Path != "content/posts/bad.md" || e.Line != 3 || e.Field != "title" || e.Message == "" {
		t.Errorf("error = %+v, want content/posts/bad.md line 3 field title", e)
	}
	if rep.Warnings == nil || len(rep.Warnings) != 0 {
		t.Errorf("warnings = %#v, want an empty list", rep.Warnings)
	}
	var cardFiles []string
	for _, f := range rep.Files {
		if strings.HasPrefix(f, "cards/") {
			cardFiles = append(cardFiles, f)
		}
	}
	if len(cardFiles) != 3 || !slices.Contains(cardFiles, "cards/index.html") {
		t.Errorf("card files %q, want two cards and cards/index.html", cardFiles)
	}
	wantFiles := []string{"atom.xml"}
	wantFiles = append(wantFiles, cardFiles...)
	wantFiles = append(wantFiles, "feed.json", "feed.xml", "posts.json", "robots.txt",
		"seo/first/head.html", "seo/first/schema.jsonld", "seo/second/head.html", "seo/second/schema.jsonld", "sitemap.xml")
	if diff := cmp.Diff(wantFiles, rep.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}

	// A clean check writes an ok report with empty lists, and nothing else.
	dir = extract(t, "site.txtar", nil)
	r = runCLI(t, context.Background(), dir, nil, "check", "--report", "report.json", now)
	if r.code != cli.ExitOK {
		t.Fatalf("check: exit %d:\n%s", r.code, r.stderr)
	}
	data, err = os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"ok": true`, `"errors": []`, `"files": []`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("clean report lacks %s:\n%s", want, data)
		}
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

func TestCancelledContext(t *testing.T) {
	for _, cmd := range []string{"build", "check"} {
		t.Run(cmd, func(t *testing.T) {
			dir := extract(t, "site.txtar", nil)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			r := runCLI(t, ctx, dir, nil, cmd, "--report", "report.json", now)
			if r.code != cli.ExitInterrupted {
				t.Errorf("exit %d, want %d", r.code, cli.ExitInterrupted)
			}
			if !strings.Contains(r.stderr, "interrupted") {
				t.Errorf("stderr does not mention the interruption:\n%s", r.stderr)
			}
			if postSlugs(t, dir) != nil {
				t.Error("an interrupted build wrote posts.json")
			}
			var rep struct {
				OK          bool   `json:"ok"`
				Interrupted bool   `json:"interrupted"`
				Fatal       string `json:"fatal"`
			}
			data, err := os.ReadFile(filepath.Join(dir, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.OK || !rep.Interrupted || rep.Fatal != "" {
				t.Errorf("report of an interrupted run: %+v; want ok false, interrupted true, no fatal", rep)
			}
		})
	}
}

func TestTerminalProgress(t *testing.T) {
	// On a terminal, stages show as progress bars that are cleared when
	// done, instead of one log line per stage.
	dir := extract(t, "site.txtar", nil)
	var stdout, stderr bytes.Buffer
	code := cli.Run(context.Background(), []string{"build", now}, cli.Env{
		Stdout: &stdout, Stderr: &stderr, WorkDir: dir, StderrTTY: true,
	})
	if code != cli.ExitOK {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "seopipe: load:") {
		t.Errorf("terminal output has log lines per stage:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "2 published") {
		t.Errorf("terminal output lacks the summary:\n%s", stderr.String())
	}
}

// TestReportOnConfigError: the report of a run that never started lists
// its stages, files and problems as empty arrays, not null.
func TestReportOnConfigError(t *testing.T) {
	dir := extract(t, "site.txtar", map[string]string{"seopipe.yaml": "site:\n  url: https://example.com/\n  titel: x\n"})
	r := runCLI(t, context.Background(), dir, nil, "build", "--report", "report.json", now)
	if r.code != cli.ExitUsage {
		t.Fatalf("exit %d, want %d:\n%s", r.code, cli.ExitUsage, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"stages", "files", "errors", "warnings"} {
		if _, ok := rep[k].([]any); !ok {
			t.Errorf("report %s is %v, want an array", k, rep[k])
		}
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
