package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // site.timezone values below must load on any machine

	"github.com/google/go-cmp/cmp"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/seopipe/seopipe/images"
	"github.com/seopipe/seopipe/internal/didyoumean"
)

// load writes yaml (when non-nil) as seopipe.yaml in a fresh directory and
// loads it with the given environment.
func load(t *testing.T, yaml *string, env map[string]string) (*Config, string, error) {
	t.Helper()
	dir := t.TempDir()
	if yaml != nil {
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte(*yaml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := Load(LoadOptions{WorkDir: dir, Getenv: func(k string) string { return env[k] }})
	return cfg, dir, err
}

func ptr(s string) *string { return &s }

// errStrings lists the messages of err, unjoined.
func errStrings(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, errStrings(e)...)
		}
		return out
	}
	return []string{err.Error()}
}

func TestLoadValues(t *testing.T) {
	// The fields the tests look at; File, Dir, Location and lines vary.
	ignore := cmpopts.IgnoreFields(Config{}, "File", "Dir", "Location")
	withDefaults := func(f func(c *Config)) *Config {
		c := Default()
		f(c)
		return c
	}
	tests := []struct {
		name string
		yaml *string
		env  map[string]string
		want *Config
	}{
		{
			name: "defaults without file or env",
			want: withDefaults(func(c *Config) {}),
		},
		{
			name: "empty file",
			yaml: ptr(""),
			want: withDefaults(func(c *Config) {}),
		},
		{
			name: "comments only",
			yaml: ptr("# nothing here\n\n"),
			want: withDefaults(func(c *Config) {}),
		},
		{
			name: "document marker only",
			yaml: ptr("---\n"),
			want: withDefaults(func(c *Config) {}),
		},
		{
			name: "env overrides defaults",
			env: map[string]string{
				"SEOPIPE_SITE_URL":            "https://env.example/",
				"SEOPIPE_OUTPUT_DIR":          "dist",
				"SEOPIPE_SITE_TIMEZONE":       "Europe/Malta",
				"SEOPIPE_SITE_PUBLISHER_NAME": "Env Media",
			},
			want: withDefaults(func(c *Config) {
				c.Site.URL = "https://env.example/"
				c.Output.Dir = "dist"
				c.Site.Timezone = "Europe/Malta"
				c.Site.Publisher.Name = "Env Media"
			}),
		},
		{
			name: "file overrides env",
			yaml: ptr("site:\n  url: https://file.example/\n  timezone: Asia/Tokyo\noutput:\n  dir: out\n"),
			env: map[string]string{
				"SEOPIPE_SITE_URL":      "https://env.example/",
				"SEOPIPE_OUTPUT_DIR":    "dist",
				"SEOPIPE_SITE_TIMEZONE": "Europe/Malta",
				"SEOPIPE_SITE_TITLE":    "From Env",
			},
			want: withDefaults(func(c *Config) {
				c.Site.URL = "https://file.example/"
				c.Site.Timezone = "Asia/Tokyo"
				c.Output.Dir = "out"
				c.Site.Title = "From Env" // not in the file: env stays
			}),
		},
		{
			name: "file values",
			yaml: ptr(`site:
  title: T
  permalink: /{year}/{slug}/
  authors:
    Jane Doe:
      email: jane@example.com
content:
  dir: posts
`),
			want: withDefaults(func(c *Config) {
				c.Site.Title = "T"
				c.Site.Permalink = "/{year}/{slug}/"
				c.Site.Authors = map[string]*Author{"Jane Doe": {Email: "jane@example.com"}}
				c.Content.Dir = "posts"
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, dir, err := load(t, tt.yaml, tt.env)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if diff := cmp.Diff(tt.want, cfg, ignore, cmpopts.IgnoreUnexported(Config{})); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
			if cfg.Dir != dir {
				t.Errorf("Dir = %q, want %q", cfg.Dir, dir)
			}
			wantFile := ""
			if tt.yaml != nil {
				wantFile = filepath.Join(dir, FileName)
			}
			if cfg.File != wantFile {
				t.Errorf("File = %q, want %q", cfg.File, wantFile)
			}
			if err := cfg.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		env  map[string]string
		want []string
	}{
		{
			name: "unknown key",
			yaml: "site:\n  url: https://example.com/\n  titel: Blog\n",
			want: []string{`seopipe.yaml:3: site.titel: unknown key; did you mean "title"?`},
		},
		{
			name: "unknown section",
			yaml: "site:\n  title: Blog\n\nsitemapp:\n  enabled: true\n",
			want: []string{`seopipe.yaml:4: sitemapp: unknown key; did you mean "sitemap"?`},
		},
		{
			name: "unknown section, nothing near",
			yaml: "site:\n  title: Blog\n\nplugins:\n  enabled: true\n",
			want: []string{`seopipe.yaml:4: plugins: unknown key (known here: site, content, output, cache, jekyll, sitemap, feeds, seo, images, cards)`},
		},
		{
			name: "misspelt section",
			yaml: "sites:\n  title: Blog\n",
			want: []string{`seopipe.yaml:1: sites: unknown key; did you mean "site"?`},
		},
		{
			name: "unknown keys in nested tables, all reported",
			yaml: "site:\n  publisher:\n    nmae: X\n  authors:\n    Jane:\n      emial: j@example.com\noutput:\n  dri: out\n",
			want: []string{
				`seopipe.yaml:3: site.publisher.nmae: unknown key; did you mean "name"?`,
				`seopipe.yaml:6: site.authors.Jane.emial: unknown key; did you mean "email"?`,
				`seopipe.yaml:8: output.dri: unknown key; did you mean "dir"?`,
			},
		},
		{
			name: "wrong type in flow mapping",
			yaml: "site: {title: [a, b]}\n",
			want: []string{`seopipe.yaml:1: site.title: cannot unmarshal !!seq into string`},
		},
		{
			name: "wrong type",
			yaml: "site:\n  title: Blog\n  url:\n    - a\n",
			want: []string{`seopipe.yaml:4: site.url: cannot unmarshal !!seq into string`},
		},
		{
			name: "section is not a mapping",
			yaml: "site: hello\n",
			want: []string{`seopipe.yaml:1: site: must be a mapping`},
		},
		{
			name: "file is a list",
			yaml: "- site\n",
			want: []string{`seopipe.yaml:1: must be a mapping of sections (site, content, output, cache)`},
		},
		{
			name: "duplicate key",
			yaml: "site:\n  title: a\n  title: b\n",
			want: []string{`seopipe.yaml:3: site.title: mapping key "title" already defined at line 2`},
		},
		{
			name: "invalid YAML",
			yaml: "site:\n  title: a\n   bad: : x\n",
			want: []string{`seopipe.yaml:3: invalid YAML: mapping values are not allowed in this context`},
		},
		{
			name: "invalid YAML, unclosed quote",
			yaml: "site:\n  title: \"a\n",
			want: []string{`seopipe.yaml:2: invalid YAML: found unexpected end of stream`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := load(t, &tt.yaml, tt.env)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("error %T is not a *config.Error: %v", err, err)
			}
			if diff := cmp.Diff(tt.want, errStrings(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEnvErrors(t *testing.T) {
	// Env values are validated like file values, and an error about one
	// names the variable, unless the file overrides it.
	tests := []struct {
		name string
		yaml *string
		env  map[string]string
		want []string
	}{
		{
			name: "no file",
			env:  map[string]string{"SEOPIPE_SITE_URL": "example.com"},
			want: []string{`$SEOPIPE_SITE_URL: site.url: "example.com" has no scheme: write https://example.com`},
		},
		{
			name: "file without the key",
			yaml: ptr("site:\n  title: Blog\n"),
			env:  map[string]string{"SEOPIPE_SITE_URL": "example.com", "SEOPIPE_SITE_TIMEZONE": "Nowhere"},
			want: []string{
				`$SEOPIPE_SITE_URL: site.url: "example.com" has no scheme: write https://example.com`,
				`$SEOPIPE_SITE_TIMEZONE: site.timezone: "Nowhere" is not an IANA time zone (such as Europe/Malta or UTC)`,
			},
		},
		{
			name: "file overrides the bad value",
			yaml: ptr("site:\n  url: https://example.com/\n"),
			env:  map[string]string{"SEOPIPE_SITE_URL": "example.com"},
		},
		{
			name: "file has the bad value",
			yaml: ptr("site:\n  url: example.org\n"),
			env:  map[string]string{"SEOPIPE_SITE_URL": "https://example.com/"},
			want: []string{`seopipe.yaml:2: site.url: "example.org" has no scheme: write https://example.org`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := load(t, tt.yaml, tt.env)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if diff := cmp.Diff(tt.want, errStrings(cfg.Validate())); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadExplicitPath(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "conf")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(sub, "site.yaml")
	if err := os.WriteFile(path, []byte("content:\n  dir: posts\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(LoadOptions{Path: path, WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// Relative paths resolve against the file's directory, not the working dir.
	if got, want := cfg.Resolve(cfg.Content.Dir), filepath.Join(sub, "posts"); got != want {
		t.Errorf("Resolve(content.dir) = %q, want %q", got, want)
	}
	if got, want := cfg.Resolve("/abs/x"), filepath.Clean("/abs/x"); got != want {
		t.Errorf("Resolve(/abs/x) = %q, want %q", got, want)
	}

	_, err = Load(LoadOptions{Path: filepath.Join(dir, "missing.yaml"), WorkDir: dir})
	var ce *Error
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "cannot read config") {
		t.Errorf("missing explicit config: err = %v, want a *config.Error saying it cannot be read", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{
			name: "URL without scheme",
			yaml: "site:\n  url: example.com\n",
			want: []string{`seopipe.yaml:2: site.url: "example.com" has no scheme: write https://example.com`},
		},
		{
			name: "protocol-relative URL",
			yaml: "site:\n  url: //example.com/\n",
			want: []string{`seopipe.yaml:2: site.url: "//example.com/" must be an absolute URL such as https://example.com/`},
		},
		{
			name: "ftp URL",
			yaml: "site:\n  url: ftp://example.com/\n",
			want: []string{`seopipe.yaml:2: site.url: "ftp://example.com/" has scheme "ftp": use http or https`},
		},
		{
			name: "URL with query",
			yaml: "site:\n  url: https://example.com/?ref=x\n",
			want: []string{`seopipe.yaml:2: site.url: "https://example.com/?ref=x" must not have a query or fragment`},
		},
		{
			name: "URL with an empty query",
			yaml: "site:\n  url: https://example.com/?\n",
			want: []string{`seopipe.yaml:2: site.url: "https://example.com/?" must not have a query or fragment`},
		},
		{
			name: "URL with a password",
			yaml: "site:\n  url: https://user:secret@example.com/\n",
			want: []string{`seopipe.yaml:2: site.url: "https://user:xxxxx@example.com/" must not contain a user name or password`},
		},
		{
			// Published in the head tags and JSON-LD, and fetched for the
			// cards: refused, as in a post's images (issue 26).
			name: "image URLs with credentials",
			yaml: "site:\n  url: https://example.com/\n  publisher:\n    name: P\n    logo: https://user:secret@cdn.example.com/logo.png\n" +
				"  authors:\n    ann:\n      url: https://ann.example.com/\n      image: https://ann@cdn.example.com/ann.jpg\n" +
				"seo:\n  defaultImage: http://user:secret@cdn.example.com/og.png\n",
			want: []string{
				`seopipe.yaml:5: site.publisher.logo: "https://xxxxx@cdn.example.com/logo.png" has credentials (user:password@) in its URL, which would be published with it: serve the image without them, or use a local copy`,
				`seopipe.yaml:11: seo.defaultImage: "http://xxxxx@cdn.example.com/og.png" has credentials (user:password@) in its URL, which would be published with it: serve the image without them, or use a local copy`,
				`seopipe.yaml:9: site.authors.ann.image: "https://xxxxx@cdn.example.com/ann.jpg" has credentials (user:password@) in its URL, which would be published with it: serve the image without them, or use a local copy`,
			},
		},
		{
			name: "URL with fragment",
			yaml: "site:\n  url: https://example.com/#top\n",
			want: []string{`seopipe.yaml:2: site.url: "https://example.com/#top" must not have a query or fragment`},
		},
		{
			name: "unknown generator",
			yaml: "site:\n  generator: gatsby\n",
			want: []string{`seopipe.yaml:2: site.generator: "gatsby" is not a generator seopipe reads: use auto, hugo, jekyll, none`},
		},
		{
			name: "bad sections and jekyll configs",
			yaml: "content:\n  sections: [posts, ../etc, \"\"]\njekyll:\n  configs: [_config.yml, \" \"]\n",
			want: []string{
				`seopipe.yaml:2: content.sections: entry 2 "../etc" must be a section or collection name such as posts or docs/guides`,
				`seopipe.yaml:2: content.sections: entry 3 "" must be a section or collection name such as posts or docs/guides`,
				`seopipe.yaml:4: jekyll.configs: entry 2 must not be empty: name a config file such as _config.yml`,
			},
		},
		{
			name: "bad timezone",
			yaml: "site:\n  timezone: Mars/Olympus_Mons\n",
			want: []string{`seopipe.yaml:2: site.timezone: "Mars/Olympus_Mons" is not an IANA time zone (such as Europe/Malta or UTC)`},
		},
		{
			name: "bad language",
			yaml: "site:\n  language: english!\n",
			want: []string{`seopipe.yaml:2: site.language: "english!" is not a language tag such as en or pt-BR`},
		},
		{
			name: "permalink without slug",
			yaml: "site:\n  permalink: /{year}/{month}/\n",
			want: []string{`seopipe.yaml:2: site.permalink: "/{year}/{month}/" must contain {slug}, {title}, {path} or {filename}, or posts would share a URL`},
		},
		{
			name: "permalink with unknown placeholder",
			yaml: "site:\n  permalink: /{foo}/{slug}/\n",
			want: []string{`seopipe.yaml:2: site.permalink: "/{foo}/{slug}/": unknown placeholder {foo} (known: {slug}, {category}, {year}, {month}, {day}, {section}, {sections}, {path}, {filename}, {lang}, {title}, {categories}, {slugified_categories}, {i_month}, {i_day}, {short_year}, {hour}, {minute}, {second}, {short_month}, {long_month}, {y_day}, {week}, {output_ext})`},
		},
		{
			name: "bad author email and twitter",
			yaml: "site:\n  authors:\n    Jane Doe:\n      email: jane.example.com\n      twitter: \"@not a handle\"\n",
			want: []string{
				`seopipe.yaml:4: site.authors.Jane Doe.email: "jane.example.com" is not an email address`,
				`seopipe.yaml:5: site.authors.Jane Doe.twitter: "@not a handle" is not an X/Twitter handle such as @name`,
			},
		},
		{
			name: "bad publisher logo",
			yaml: "site:\n  publisher:\n    logo: images/logo.png\n",
			want: []string{`seopipe.yaml:3: site.publisher.logo: "images/logo.png" must be an absolute http(s) URL or a path starting with /`},
		},
		{
			name: "images: every bad value",
			yaml: `images:
  timeout: soon
  cacheTTL: -1h
  retries: 11
  maxBytes: 0
  widths: [480, 9000]
  crops: ["16:9", square]
  formats: [jpeg, avif]
  quality: 0
  baseURL: cdn.example.com
  onError: ignore
  allowHosts: ["http://x/"]
`,
			want: []string{
				`seopipe.yaml:2: images.timeout: "soon" is not a duration such as 30s, 5m or 24h`,
				`seopipe.yaml:3: images.cacheTTL: "-1h" must not be negative`,
				`seopipe.yaml:4: images.retries: 11 must be between 0 and 10`,
				`seopipe.yaml:5: images.maxBytes: 0 must be more than 0`,
				`seopipe.yaml:12: images.allowHosts[0]: "http://x/" must be a host name or address, such as cdn.example.com or 10.0.0.5`,
				`seopipe.yaml:6: images.widths[1]: 9000 must be between 16 and 8192`,
				`seopipe.yaml:7: images.crops[1]: "square" is not an aspect ratio such as 16:9`,
				`seopipe.yaml:8: images.formats[1]: "avif" must be one of jpeg, webp, png`,
				`seopipe.yaml:9: images.quality: 0 must be between 1 and 100`,
				`seopipe.yaml:10: images.baseURL: "cdn.example.com" must be an absolute http(s) URL without query, such as https://cdn.example.com/`,
				`seopipe.yaml:11: images.onError: "ignore" must be fail or warn`,
			},
		},
		{
			name: "cards: bad values",
			yaml: "cards:\n  theme: \"\"\n  sizes: [og, og, banner]\n  format: gif\n  maxBytes: 100\n",
			want: []string{
				`seopipe.yaml:2: cards.theme: must name a built-in theme or a theme file`,
				`seopipe.yaml:3: cards.sizes[1]: "og" is listed twice`,
				`seopipe.yaml:3: cards.sizes[2]: "banner" must be one of og, x, square`,
				`seopipe.yaml:4: cards.format: "gif" must be png or jpeg`,
				`seopipe.yaml:5: cards.maxBytes: 100 is too small for a card (at least 10240)`,
			},
		},
		{
			name: "images: WebP alone",
			yaml: "images:\n  formats: [webp]\n",
			want: []string{`seopipe.yaml:2: images.formats: [webp] must include jpeg or png: og:image, feeds and JSON-LD need a format every reader takes`},
		},
		{
			name: "images: zero timeout",
			yaml: "images:\n  timeout: 0s\n",
			want: []string{`seopipe.yaml:2: images.timeout: "0s" must be more than zero`},
		},
		{
			name: "several errors are all reported",
			yaml: `site:
  url: example.com
  language: "?"
  timezone: Nowhere/City
  permalink: /posts/
cache:
  dir: " "
`,
			want: []string{
				`seopipe.yaml:2: site.url: "example.com" has no scheme: write https://example.com`,
				`seopipe.yaml:4: site.timezone: "Nowhere/City" is not an IANA time zone (such as Europe/Malta or UTC)`,
				`seopipe.yaml:3: site.language: "?" is not a language tag such as en or pt-BR`,
				`seopipe.yaml:5: site.permalink: "/posts/" must contain {slug}, {title}, {path} or {filename}, or posts would share a URL`,
				`seopipe.yaml:7: cache.dir: must not be empty`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := load(t, &tt.yaml, nil)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			err = cfg.Validate()
			if err == nil {
				t.Fatal("Validate succeeded, want an error")
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("error %T is not a *config.Error", err)
			}
			if diff := cmp.Diff(tt.want, errStrings(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateSiteURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com", "https://example.com/"},
		{"https://example.com/", "https://example.com/"},
		{"https://example.com/blog", "https://example.com/blog/"},
		{"https://example.com/blog/", "https://example.com/blog/"},
		{"http://EXAMPLE.com/Blog", "http://example.com/Blog/"},
		{"https://example.com:8443", "https://example.com:8443/"},
		{"https://example.com/a%2Fb", "https://example.com/a%2Fb/"},
		{"https://example.com/#", "https://example.com/"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			cfg := Default()
			cfg.Site.URL = tt.in
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			if cfg.Site.URL != tt.want {
				t.Errorf("Site.URL = %q, want %q", cfg.Site.URL, tt.want)
			}
			if err := cfg.RequireURL(); err != nil {
				t.Errorf("RequireURL: %v", err)
			}
		})
	}
}

func TestRequireURL(t *testing.T) {
	cfg, _, err := load(t, ptr("site:\n  title: Blog\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("Validate without a URL: %v, want nil (only RequireURL needs one)", err)
	}
	err = cfg.RequireURL()
	want := "seopipe.yaml: site.url: is required for absolute URLs: set it in seopipe.yaml or pass --site-url https://example.com/"
	if err == nil || err.Error() != want {
		t.Errorf("RequireURL = %v, want %q", err, want)
	}
	var ce *Error
	if !errors.As(err, &ce) {
		t.Errorf("RequireURL error %T is not a *config.Error", err)
	}
}

func TestValidateLocation(t *testing.T) {
	cfg := Default()
	cfg.Site.Timezone = "Europe/Malta"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.Location == nil || cfg.Location.String() != "Europe/Malta" {
		t.Errorf("Location = %v, want Europe/Malta", cfg.Location)
	}
	cfg = Default()
	cfg.Site.Timezone = ""
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.Site.Timezone != "UTC" || cfg.Location == nil || cfg.Location.String() != "UTC" {
		t.Errorf("empty timezone: Timezone %q, Location %v; want UTC", cfg.Site.Timezone, cfg.Location)
	}
}

// TestValidateLanguage: site.language in the POSIX form, or in another
// case, is the canonical tag, as a post's own lang is.
func TestValidateLanguage(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "en_us": "en-US", "PT-br": "pt-BR", "zh_hant_tw": "zh-Hant-TW"} {
		cfg := Default()
		cfg.Site.Language = in
		if err := cfg.Validate(); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if cfg.Site.Language != want {
			t.Errorf("site.language %q is %q, want %q", in, cfg.Site.Language, want)
		}
	}
}

func TestOverride(t *testing.T) {
	// A value set from a flag is blamed on the flag, not on the file line
	// it replaced.
	cfg, _, err := load(t, ptr("site:\n  url: https://example.com/\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Site.URL = "example.org"
	cfg.Override("site.url", "--site-url")
	got := errStrings(cfg.Validate())
	want := []string{`--site-url: site.url: "example.org" has no scheme: write https://example.org`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestStarter(t *testing.T) {
	cfg, _, err := load(t, ptr(Starter), nil)
	if err != nil {
		t.Fatalf("Load(Starter): %v", err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("Validate(Starter): %v", err)
	}
	if err := cfg.RequireURL(); err != nil {
		t.Errorf("RequireURL(Starter): %v", err)
	}
	// The starter shows real values, not only comments.
	if cfg.Site.URL != "https://example.com/" || cfg.Site.Title == "" || cfg.Site.Authors["Jane Doe"] == nil {
		t.Errorf("Starter loaded as %+v; want its url, title and an author", cfg.Site)
	}
	// Every default the starter writes out matches Default().
	d := Default()
	if diff := cmp.Diff(d.Content, cfg.Content); diff != "" {
		t.Errorf("starter content section differs from the defaults (-default +starter):\n%s", diff)
	}
	if diff := cmp.Diff(d.Output, cfg.Output); diff != "" {
		t.Errorf("starter output section differs from the defaults (-default +starter):\n%s", diff)
	}
	if diff := cmp.Diff(d.Cache, cfg.Cache); diff != "" {
		t.Errorf("starter cache section differs from the defaults (-default +starter):\n%s", diff)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"url", "title", "description", "language", "timezone", "permalink", "publisher", "author", "authors"}
	tests := []struct{ in, want string }{
		{"titel", "title"},
		{"Title", "title"},
		{"timezon", "timezone"},
		{"autor", "author"},
		{"permalinks", "permalink"},
		{"colour", ""},
		{"urk", "url"},
		{"x", ""},
		{"sitemapp", ""},
	}
	for _, tt := range tests {
		if got := didyoumean.Suggest(tt.in, known); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSiteURLIDN checks that an internationalised host is kept in its
// ASCII form, as every emitted URL has it.
func TestSiteURLIDN(t *testing.T) {
	got, err := checkSiteURL("https://Bücher.example/blog")
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://xn--bcher-kva.example/blog/"; got != want {
		t.Errorf("checkSiteURL = %q, want %q", got, want)
	}
}

func TestImagesDefaults(t *testing.T) {
	y := "images:\n  timeout: 5s\n  crops: [\"1200:630\"]\n  baseURL: https://cdn.example.com/img\n"
	cfg, _, err := load(t, &y, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	im := cfg.Images
	if im.TimeoutDuration != 5*time.Second || im.CacheTTLDuration != 24*time.Hour {
		t.Errorf("durations = %v, %v; want 5s, 24h", im.TimeoutDuration, im.CacheTTLDuration)
	}
	if diff := cmp.Diff([]int{480, 960, 1440, 1920}, im.Widths); diff != "" {
		t.Errorf("widths (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"jpeg", "webp"}, im.Formats); diff != "" {
		t.Errorf("formats (-want +got):\n%s", diff)
	}
	if im.BaseURL != "https://cdn.example.com/img/" {
		t.Errorf("baseURL = %q, want a trailing slash added", im.BaseURL)
	}
	if im.MaxBytes != 50<<20 || im.MaxPixels != 100_000_000 || im.Retries != 3 || im.Quality != 80 || im.OnError != "fail" {
		t.Errorf("defaults = %+v", im)
	}
	// Validate parsed the crops once, for every step that reads them.
	if diff := cmp.Diff([]images.Aspect{{W: 40, H: 21}}, im.Options().Crops); diff != "" {
		t.Errorf("crops (-want +got):\n%s", diff)
	}
}
