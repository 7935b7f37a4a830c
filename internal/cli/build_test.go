package cli_test

import (
	"testing"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestBuildFlags(t *testing.T) {
	testFlags(t, cli.NewCmdBuild, []flagCase[cli.BuildOptions]{
		{name: "defaults", args: []string{"build"}, want: &cli.BuildOptions{}},
		{
			name: "every flag",
			args: []string{"build", "site/content", "--out", "dist", "--site-url", "https://example.org/", "-j", "3", "--now", "2026-01-01",
				"--drafts", "--future", "--report", "report.json", "--fail-fast", "--offline"},
			want: &cli.BuildOptions{
				SiteOptions: cli.SiteOptions{ContentDir: "site/content", SiteURL: "https://example.org/", Jobs: 3, Now: "2026-01-01",
					Drafts: true, Future: true, Report: "report.json", FailFast: true},
				WriteOptions: cli.WriteOptions{Out: "dist", Offline: true},
			},
		},
		{name: "jobs as a long flag", args: []string{"build", "--jobs=0"}, want: &cli.BuildOptions{}},
		{
			name: "global flags before and after the command",
			args: []string{"--config", "conf/site.yaml", "build", "-v"},
			want: &cli.BuildOptions{SiteOptions: cli.SiteOptions{Global: cli.GlobalOptions{Config: "conf/site.yaml", Verbose: true}}},
		},
		{name: "quiet", args: []string{"build", "--quiet"}, want: &cli.BuildOptions{SiteOptions: cli.SiteOptions{Global: cli.GlobalOptions{Quiet: true}}}},
		{name: "unknown flag", args: []string{"build", "--frobnicate"}, stderr: "seopipe: unknown flag: --frobnicate\n"},
		{name: "a flag of check", args: []string{"build", "--output", "public"}, stderr: "seopipe: unknown flag: --output\n"},
		{name: "a flag of cards", args: []string{"build", "--theme", "paper"}, stderr: "seopipe: unknown flag: --theme\n"},
		{name: "too many arguments", args: []string{"build", "content", "more"}, stderr: "seopipe: expected at most 1 argument(s), got 2: content more\n"},
		{name: "negative jobs", args: []string{"build", "--jobs", "-1"}, stderr: "seopipe: --jobs must be 0 (all CPUs) or more, got -1\n"},
		{name: "jobs not a number", args: []string{"build", "--jobs", "many"}, stderr: "seopipe: --jobs: \"many\" is not a whole number\n"},
		{name: "short jobs not a number", args: []string{"build", "-j", "2.5"}, stderr: "seopipe: --jobs: \"2.5\" is not a whole number\n"},
		{name: "quiet and verbose", args: []string{"build", "-q", "-v"}, stderr: "seopipe: --quiet and --verbose cannot be used together\n"},
	})
}

// TestBuild runs build on the test site, and on the site with one thing
// changed.
func TestBuild(t *testing.T) {
	testRuns(t, []runCase{
		{
			name:   "bad now",
			site:   "site.txtar",
			args:   []string{"build", "--now", "yesterday"},
			code:   cli.ExitUsage,
			stderr: []string{`seopipe: --now: invalid date "yesterday"`},
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
			name:  "a logo URL with credentials is a config error",
			site:  "site.txtar",
			extra: map[string]string{"seopipe.yaml": "site:\n  url: https://example.com/\n  timezone: UTC\n  publisher:\n    logo: https://user:secret@cdn.example.com/logo.png\n"},
			args:  []string{"build", now},
			code:  cli.ExitUsage,
			stderr: []string{
				`seopipe.yaml:5: site.publisher.logo: "https://xxxxx@cdn.example.com/logo.png" has credentials (user:password@) in its URL, which would be published with it`,
			},
			noOut: true,
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
			name:   "missing content dir",
			site:   "site.txtar",
			args:   []string{"build", "nowhere", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: content directory nowhere: not found"},
			noOut:  true,
		},
		{
			// A file where the output directory should be is the user's
			// wording, as a missing content directory is (issue 26, item 16).
			name:   "an output path that is a file",
			site:   "site.txtar",
			extra:  map[string]string{"dist": "not a directory\n"},
			args:   []string{"build", "--out", "dist", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: output directory dist: not a directory\n"},
			noOut:  true,
		},
		{
			name:   "an output path under a file",
			site:   "site.txtar",
			extra:  map[string]string{"dist": "not a directory\n"},
			args:   []string{"build", "--out", "dist/public", now},
			code:   cli.ExitUsage,
			stderr: []string{"seopipe: output directory dist/public: dist is not a directory\n"},
			noOut:  true,
		},
		{
			// A missing output directory is made, with its parents.
			name:   "a missing output directory",
			site:   "site.txtar",
			args:   []string{"build", "--out", "new/public", now},
			code:   cli.ExitOK,
			stderr: []string{" files in new/public: "},
		},
	})
}
