// Package config reads seopipe.yaml: defaults, then SEOPIPE_* environment
// variables, then the file, strictly (an unknown key is an error with a "did
// you mean"), then the command line's flags, which the caller applies before
// Validate. Every error names the file, line and key and quotes the bad value.
package config

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/seopipe/seopipe/cards"
	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/images"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/yamlkeys"
	"github.com/seopipe/seopipe/site"
)

// FileName is the config file looked for in the working directory.
const FileName = "seopipe.yaml"

// Config is the whole configuration. Paths are as written; use the Resolve
// methods for absolute ones.
type Config struct {
	Site    Site    `yaml:"site"`
	Content Content `yaml:"content"`
	Output  Output  `yaml:"output"`
	Cache   Cache   `yaml:"cache"`
	Jekyll  Jekyll  `yaml:"jekyll"`
	Sitemap Sitemap `yaml:"sitemap"`
	Feeds   Feeds   `yaml:"feeds"`
	SEO     SEO     `yaml:"seo"`
	// Images and Cards are owned by their packages, which validate them.
	Images images.Config `yaml:"images"`
	Cards  cards.Config  `yaml:"cards"`

	// File is the config file that was read, or "" when there was none.
	File string `yaml:"-"`
	// Dir is the directory relative paths in the file resolve against: the
	// file's directory, or the working directory without a file.
	Dir string `yaml:"-"`
	// Location is Site.Timezone loaded; set by Validate.
	Location *time.Location `yaml:"-"`

	lines map[string]int // key path ("site.url") -> line in File
	// name is File as error messages show it: relative to the working
	// directory when the file is below it.
	name string
	// origins maps a key path whose value came from somewhere other than
	// the file (an environment variable, a flag) to that origin, so an
	// error about the value blames it and not the file.
	origins map[string]string
}

// Site describes the site the posts belong to.
type Site struct {
	// URL is the site's absolute base URL; every emitted URL is under it.
	URL         string `yaml:"url"`
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// Language is a BCP 47 tag such as "en" or "pt-BR".
	Language string `yaml:"language"`
	// Timezone is an IANA zone for dates written without one.
	Timezone string `yaml:"timezone"`
	// Permalink is the URL path pattern of a post without one of its
	// own or of its generator's: {slug}, {category}, {year}, {month},
	// {day}, {section}, {sections}, {path}, {filename}, {lang}, and
	// Jekyll's placeholders in either form ({title} or :title).
	Permalink string `yaml:"permalink"`
	// Generator is the site generator whose rules decide the posts' URLs:
	// auto (found from its files), hugo, jekyll or none (seopipe's own).
	Generator string             `yaml:"generator"`
	Publisher Publisher          `yaml:"publisher"`
	Author    string             `yaml:"author"`
	Authors   map[string]*Author `yaml:"authors"`
}

// Publisher is the organisation behind the site.
type Publisher struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
	Logo string `yaml:"logo"`
}

// Author is an entry of the authors table, keyed by the name posts use.
type Author struct {
	URL     string `yaml:"url"`
	Email   string `yaml:"email"`
	Twitter string `yaml:"twitter"`
	Image   string `yaml:"image"`
}

// Content says where the posts are.
type Content struct {
	Dir string `yaml:"dir"`
	// Static is the directory that paths starting with "/" resolve against.
	Static string `yaml:"static"`
	// Sections are the Hugo sections or Jekyll collections whose pages
	// are posts besides the generator's default (Hugo's mainSections,
	// Jekyll's _posts).
	Sections []string `yaml:"sections"`
}

// Jekyll is what seopipe is told of a Jekyll site beyond its own files.
type Jekyll struct {
	// Configs are the config files jekyll is run with (its --config
	// a.yml,b.yml), relative to the site; empty for _config.yml.
	Configs []string `yaml:"configs"`
}

// Output says where files are written.
type Output struct {
	Dir string `yaml:"dir"`
}

// Cache says where derived files are kept between runs.
type Cache struct {
	Dir string `yaml:"dir"`
}

// Default returns the configuration before any file, variable or flag.
func Default() *Config {
	return &Config{
		Site: Site{
			Language:  "en",
			Timezone:  "UTC",
			Permalink: "/{slug}/",
			Generator: string(generator.Auto),
		},
		Content: Content{Dir: "content", Static: "static"},
		Output:  Output{Dir: "public"},
		Cache:   Cache{Dir: ".seopipe-cache"},
		Feeds:   Feeds{Limit: 20, Content: "full"},
		SEO:     SEO{ArticleType: "BlogPosting", CategoryPermalink: "/category/{category}/"},
		Images:  images.DefaultConfig(),
		Cards:   cards.DefaultConfig(),
	}
}

// Error is a problem with the configuration. The CLI exits 2 on it.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string { return yamlkeys.Message(e.File, e.Line, e.Key, e.Msg) }

// LoadOptions says where to look.
type LoadOptions struct {
	// Path is an explicit config file (--config); it must exist.
	Path string
	// WorkDir is searched for seopipe.yaml when Path is empty.
	WorkDir string
	// Getenv reads SEOPIPE_* variables; nil reads none.
	Getenv func(string) string
}

// Load reads defaults, environment and file. It does not validate: apply
// flags, then call Validate.
func Load(opts LoadOptions) (*Config, error) {
	cfg := Default()
	cfg.origins = map[string]string{}
	if opts.Getenv != nil {
		if err := applyEnv(reflect.ValueOf(cfg).Elem(), "SEOPIPE", "", opts.Getenv, cfg.origins); err != nil {
			return nil, err
		}
	}
	path := opts.Path
	if path == "" {
		cand := filepath.Join(opts.WorkDir, FileName)
		if _, err := os.Stat(cand); err == nil {
			path = cand
		}
	}
	wd, err := filepath.Abs(opts.WorkDir)
	if err != nil {
		return nil, fmt.Errorf("working dir: %w", err)
	}
	cfg.Dir = wd
	if path == "" {
		return cfg, nil
	}
	name := path
	if ap, err := filepath.Abs(path); err == nil {
		if r, err := filepath.Rel(wd, ap); err == nil && filepath.IsLocal(r) {
			name = r
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: name, Msg: fmt.Sprintf("cannot read config: %v", errors.Unwrap(err))}
	}
	if err := cfg.decode(name, data); err != nil {
		return nil, err
	}
	cfg.File = path
	cfg.name = name
	if abs, err := filepath.Abs(filepath.Dir(path)); err == nil {
		cfg.Dir = abs
	}
	return cfg, nil
}

var yamlLineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// decode reads data over cfg's current values, refusing unknown keys.
func (cfg *Config) decode(file string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := content.YAMLError(err)
		return &Error{File: file, Line: line, Msg: "invalid YAML: " + msg}
	}
	if len(doc.Content) == 0 {
		return nil // an empty file: all defaults
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil // only "---" or "~": all defaults
	}
	if root.Kind != yaml.MappingNode {
		return &Error{File: file, Line: root.Line, Msg: "must be a mapping of sections (site, content, output, cache)"}
	}
	cfg.lines = map[string]int{}
	valueKeys := map[int]string{}
	var errs []error
	for _, p := range yamlkeys.Check(root, reflect.TypeOf(*cfg), yamlkeys.Options{Seen: func(key string, keyLine, valueLine int) {
		cfg.lines[key] = keyLine
		valueKeys[valueLine] = key
	}}) {
		errs = append(errs, &Error{File: file, Line: p.Line, Key: p.Key, Msg: p.Msg})
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for k := range cfg.lines {
		delete(cfg.origins, k) // the file overrides the environment
	}
	if err := root.Decode(cfg); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, m := range te.Errors {
				e := &Error{File: file, Msg: m}
				if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
					e.Line, _ = strconv.Atoi(sm[1])
					e.Msg = sm[2]
					e.Key = valueKeys[e.Line]
				}
				errs = append(errs, e)
			}
			return errors.Join(errs...)
		}
		return &Error{File: file, Msg: err.Error()}
	}
	return nil
}

// applyEnv sets every string, bool and int leaf of v from the variable named
// after its key path: site.url from SEOPIPE_SITE_URL, output.dir from
// SEOPIPE_OUTPUT_DIR. It records in origins which variable set which key.
func applyEnv(v reflect.Value, prefix, keyPrefix string, getenv func(string) string, origins map[string]string) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		name := prefix + "_" + strings.ToUpper(tag)
		key := strings.TrimPrefix(keyPrefix+"."+tag, ".")
		fv := v.Field(i)
		switch fv.Kind() {
		case reflect.Struct:
			if err := applyEnv(fv, name, key, getenv, origins); err != nil {
				return err
			}
			continue
		case reflect.String, reflect.Bool, reflect.Int:
		default:
			continue
		}
		s := getenv(name)
		if s == "" {
			continue
		}
		switch fv.Kind() {
		case reflect.String:
			fv.SetString(s)
		case reflect.Bool:
			b, err := strconv.ParseBool(s)
			if err != nil {
				return &Error{Key: name, Msg: fmt.Sprintf("%q is not true or false", s)}
			}
			fv.SetBool(b)
		case reflect.Int:
			n, err := strconv.Atoi(s)
			if err != nil {
				return &Error{Key: name, Msg: fmt.Sprintf("%q is not a whole number", s)}
			}
			fv.SetInt(int64(n))
		}
		origins[key] = "$" + name
	}
	return nil
}

var (
	twitterRE = regexp.MustCompile(`^@?[A-Za-z0-9_]{1,15}$`)
)

// Validate checks every value, fills derived ones (Location, a trailing "/"
// on the site URL) and returns all problems joined.
func (cfg *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		e := &Error{File: cfg.fileName(), Line: cfg.lines[key], Key: key, Msg: fmt.Sprintf(format, args...)}
		if o, ok := cfg.origins[key]; ok {
			e.File, e.Line = o, 0
		}
		errs = append(errs, e)
	}
	// section reports the problems of a section its package validated.
	section := func(name string, err error) {
		for _, e := range unjoin(err) {
			var p diag.Problem
			if !errors.As(e, &p) {
				bad(name, "%v", e)
				continue
			}
			bad(name+"."+p.Field, "%s", p.Message)
		}
	}
	if cfg.Site.URL != "" {
		if u, err := checkSiteURL(cfg.Site.URL); err != nil {
			shown := cfg.Site.URL
			if pu, perr := url.Parse(shown); perr == nil && pu.User != nil {
				shown = pu.Redacted() // messages end up in CI logs
			}
			bad("site.url", "%q %v", shown, err)
		} else {
			cfg.Site.URL = u
		}
	}
	if cfg.Site.Timezone == "" {
		cfg.Site.Timezone = "UTC"
	}
	loc, err := time.LoadLocation(cfg.Site.Timezone)
	if err != nil {
		bad("site.timezone", "%q is not an IANA time zone (such as Europe/Malta or UTC)", cfg.Site.Timezone)
	}
	cfg.Location = loc
	if tag, ok := content.CanonicalLang(cfg.Site.Language); ok {
		cfg.Site.Language = tag // en_us is en-US, as in the posts
	} else {
		bad("site.language", "%q is not a language tag such as en or pt-BR", cfg.Site.Language)
	}
	if !slices.Contains(generator.Kinds, generator.Kind(cfg.Site.Generator)) {
		names := make([]string, len(generator.Kinds))
		for i, k := range generator.Kinds {
			names[i] = string(k)
		}
		bad("site.generator", "%q is not a generator seopipe reads: use %s", cfg.Site.Generator, strings.Join(names, ", "))
	}
	for i, s := range cfg.Content.Sections {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, `\`) || slices.Contains(strings.Split(s, "/"), "..") {
			bad("content.sections", "entry %d %q must be a section or collection name such as posts or docs/guides", i+1, s)
		}
	}
	for i, f := range cfg.Jekyll.Configs {
		if strings.TrimSpace(f) == "" {
			bad("jekyll.configs", "entry %d must not be empty: name a config file such as _config.yml", i+1)
		}
	}
	if pattern, err := content.NormalizePermalink(cfg.Site.Permalink); err != nil {
		bad("site.permalink", "%v", err)
	} else {
		cfg.Site.Permalink = pattern // Jekyll's :year as {year}
	}
	checkLink := func(key, v string) {
		if v == "" || strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") {
			return
		}
		if !content.IsRemote(v) {
			bad(key, "%q must be an absolute http(s) URL or a path starting with /", v)
		}
	}
	// An image's URL is published (head tags, JSON-LD, cards) and fetched:
	// credentials in it are refused, as in a post's images.
	checkImage := func(key, v string) {
		checkLink(key, v)
		if content.IsRemote(v) {
			if err := content.CheckUserinfo(v); err != nil {
				bad(key, "%q %v", content.ShownSrc(v), err)
			}
		}
	}
	checkLink("site.publisher.url", cfg.Site.Publisher.URL)
	checkImage("site.publisher.logo", cfg.Site.Publisher.Logo)
	checkImage("seo.defaultImage", cfg.SEO.DefaultImage)
	for _, name := range slices.Sorted(maps.Keys(cfg.Site.Authors)) {
		a := cfg.Site.Authors[name]
		if a == nil {
			continue
		}
		key := "site.authors." + name
		checkLink(key+".url", a.URL)
		checkImage(key+".image", a.Image)
		if a.Email != "" && !strings.Contains(a.Email, "@") {
			bad(key+".email", "%q is not an email address", a.Email)
		}
		if a.Twitter != "" && !twitterRE.MatchString(a.Twitter) {
			bad(key+".twitter", "%q is not an X/Twitter handle such as @name", a.Twitter)
		}
	}
	for _, kv := range [][2]string{{"content.dir", cfg.Content.Dir}, {"output.dir", cfg.Output.Dir}, {"cache.dir", cfg.Cache.Dir}} {
		if strings.TrimSpace(kv[1]) == "" {
			bad(kv[0], "must not be empty")
		}
	}
	cfg.validateOutputs(bad)
	section("images", cfg.Images.Validate())
	section("cards", cfg.Cards.Validate())
	return errors.Join(errs...)
}

// unjoin lists the errors joined in err (errors.Join), or err alone.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// RequireURL reports a missing site URL; a build needs one for absolute URLs.
func (cfg *Config) RequireURL() error {
	if cfg.Site.URL != "" {
		return nil
	}
	return &Error{File: cfg.fileName(), Key: "site.url", Msg: "is required for absolute URLs: set it in " + FileName + " or pass --site-url https://example.com/"}
}

// Override records that the caller set the value of key (a path such as
// "site.url") from origin (such as "--site-url"): Validate's errors about it
// then name origin instead of the config file.
func (cfg *Config) Override(key, origin string) {
	if cfg.origins == nil {
		cfg.origins = map[string]string{}
	}
	cfg.origins[key] = origin
}

// Name is the config file as messages show it (relative to the working
// directory when below it), or "" when there is none.
func (cfg *Config) Name() string { return cfg.fileName() }

// Line is the line of the config file key was read from, or 0.
func (cfg *Config) Line(key string) int { return cfg.lines[key] }

// fileName is the config file as messages show it.
func (cfg *Config) fileName() string {
	if cfg.name != "" {
		return cfg.name
	}
	return cfg.File
}

// Resolve makes a path from the config absolute against Dir.
func (cfg *Config) Resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(cfg.Dir, p)
}

func checkSiteURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("is not a URL: %v", err)
	}
	if u.Scheme == "" || u.Host == "" {
		if u.Scheme == "" && !strings.HasPrefix(s, "/") {
			return "", fmt.Errorf("has no scheme: write https://%s", strings.TrimPrefix(s, "//"))
		}
		return "", errors.New("must be an absolute URL such as https://example.com/")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("has scheme %q: use http or https", u.Scheme)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", errors.New("must not have a query or fragment")
	}
	if u.User != nil {
		return "", errors.New("must not contain a user name or password")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" { // keep escapes such as %2F as written
			u.RawPath += "/"
		}
	}
	u.Host = strings.ToLower(u.Host)
	// An internationalised host in its ASCII (IDNA) form, as every URL the
	// emitters write has it: https://bücher.example/ is https://xn--bcher-kva.example/.
	return site.EncodeURL(u.String()), nil
}

// Set reports whether key (a path such as "site.url") was given a value
// by the config file, an environment variable or a flag, rather than left
// at its default.
func (cfg *Config) Set(key string) bool {
	_, inFile := cfg.lines[key]
	_, elsewhere := cfg.origins[key]
	return inFile || elsewhere
}

// FillFromGenerator takes what a generator's config (origin, such as
// "hugo.toml") says of the site for the keys seopipe's config leaves unset:
// site.url (Hugo's baseURL, Jekyll's url and baseurl), site.title,
// site.language and site.timezone. What seopipe's file, a variable or a
// flag set wins. Validate then checks them, naming origin.
func (cfg *Config) FillFromGenerator(info generator.Info, origin string) {
	fill := func(key string, dst *string, v string) {
		if v == "" || cfg.Set(key) {
			return
		}
		*dst = v
		cfg.Override(key, origin)
	}
	// A baseURL of "/" or "" (common in Hugo sites built for any host)
	// gives no URL: site.url is then required as without a generator.
	if u, err := url.Parse(info.BaseURL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		fill("site.url", &cfg.Site.URL, info.BaseURL)
	}
	fill("site.title", &cfg.Site.Title, info.Title)
	fill("site.language", &cfg.Site.Language, info.Language)
	if info.Location != nil {
		fill("site.timezone", &cfg.Site.Timezone, info.Location.String())
	}
}
