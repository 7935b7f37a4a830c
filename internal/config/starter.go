package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Starter is the commented seopipe.yaml that "seopipe init" writes, made
// from keys. Every key it shows is real and set to its default or an
// example value. docs/configuration.md is made from keys too
// (TestConfigurationDoc), so the two cannot drift apart.
var Starter = starter(keys)

// A key is one setting of seopipe.yaml as the starter file and
// docs/configuration.md show it. keys is the one place a setting is
// described; its default is read from Default, never written here.
type key struct {
	// Path is the key's place in the file: "site.url", "cards.fonts.bold".
	// The sections and mappings above it are opened as the list goes.
	Path string
	// Note is the starter's comment above the key, one or more lines.
	Note string
	// Value is the YAML the starter writes after "key:" when it is not the
	// default: an example. A value that starts with a newline is a block
	// of lines written below the key, indented under it.
	Value string
	// Off writes the key commented out: an option shown, not set.
	Off bool
	// After is lines of example written commented out below the key.
	After string
	// Type overrides the type docs/configuration.md derives from the Go
	// field ("duration" for a Go duration held as text).
	Type string
	// Doc is the key's entry in docs/configuration.md (Markdown); the Note
	// when empty.
	Doc string
	// With documents the key in one row with the key before it, whose Doc
	// speaks for both.
	With bool
}

// starterHead opens the starter file.
const starterHead = `# seopipe configuration. Paths are relative to this file.
# Environment variables SEOPIPE_<SECTION>_<KEY> (SEOPIPE_SITE_URL, SEOPIPE_OUTPUT_DIR, …)
# set defaults; this file overrides them; command-line flags override this file.
`

// keys is every setting of seopipe.yaml, in the order the starter file
// and docs/configuration.md list them.
var keys = []key{
	{Path: "site.url", Value: "https://example.com/",
		Note: `Absolute base URL; every URL seopipe writes is under it. Required for "build".`,
		Doc:  "absolute base URL, required by `build` (or its `--site-url`); may have a path (`https://example.com/blog/`); every URL seopipe writes is under it"},
	{Path: "site.title", Value: "My Site",
		Doc: "the site's name and one-sentence description"},
	{Path: "site.description", Value: "What this site is about, in one sentence.", With: true},
	{Path: "site.language",
		Note: "BCP 47 language tag of posts that do not name their own (lang:).",
		Doc:  "BCP 47 tag of posts that give no `lang`, written back in its canonical case (`en_us` is `en-US`)"},
	{Path: "site.timezone",
		Note: `IANA time zone for dates written without one ("2025-11-07", "2025-11-07 10:00").`,
		Doc:  "IANA zone for dates written without one (`2025-11-07`, `2025-11-07 10:00`)"},
	{Path: "site.permalink",
		Note: "URL path of a post without one of its own or its generator's. Placeholders:\n{slug}, {category}, {year}, {month}, {day} (the date in timezone), {section},\n{sections}, {path}, {filename}, {lang}; Jekyll's :title, :categories, … too.",
		Doc:  "URL path of a post that neither its own front matter nor its generator gives one: `{slug}`, `{category}`, `{year}`, `{month}`, `{day}`, `{section}` (the first folder under the content dir), `{sections}` (every folder), `{path}` (the file's path under the content dir, without extension; a bundle's folder), `{filename}` (the file name as written, without extension), `{lang}`, and Jekyll's placeholders (`{title}`, `{categories}`, `{i_month}`, …), each also written as Jekyll writes it (`/news/:year/:month/:day/:title/`). One of `{slug}`, `{title}`, `{path}` or `{filename}` is required; an unknown placeholder is an error naming it. The date is the post's in `site.timezone`, as a Jekyll permalink's is. A post's own `permalink` or `url` replaces it ([front matter](front-matter.md))"},
	{Path: "site.generator",
		Note: "Whose URLs the posts have: auto (the Hugo or Jekyll project this site is in,\nfound from its files), hugo, jekyll, or none (content.dir and site.permalink).",
		Doc:  "the site generator whose rules give each post its URL, as the generator publishes it: `auto` finds the Hugo or Jekyll project from its files (in the directory of `seopipe.yaml` or the content directory, or a parent up to the repository's root) and uses seopipe's own rules when there is none; `hugo` or `jekyll` require that project (exit 2 without); `none` is seopipe's own rules (`content.dir`, `site.permalink`). See [generators](generators.md)"},
	{Path: "site.publisher.name", Value: "My Site",
		Doc: "the organisation behind the site, the publisher in JSON-LD: its name, URL and logo (a URL, or a path under the static directory; Google wants it at least 112×112). A logo URL with credentials (`https://user:pass@host/…`) is a config error (exit 2), as in a post's images: they would be published"},
	{Path: "site.publisher.url", Value: "https://example.com/", With: true},
	{Path: "site.publisher.logo", Value: "/images/logo.png", With: true,
		Note: "Logo for JSON-LD: a URL, or a path under the static directory."},
	{Path: "site.author", Value: "Jane Doe",
		Note: "Author of posts that name none.",
		Doc:  "author of posts that name none; a post that credits nobody is the publisher's in Atom (which needs an author) and in JSON-LD"},
	{Path: "site.authors", Value: "\nJane Doe:\n  url: https://example.com/about/\n  # email: jane@example.com\n  # twitter: \"@janedoe\"\n  # image: /images/jane.jpg",
		Note: "Details per author name, as posts write it (author: / authors:).",
		Doc:  "per author name, as posts write it (`author:` / `authors:`): `url`, `email`, `twitter`, `image`; links the author in JSON-LD and the feeds. An `image` URL with credentials (`user:pass@`) is a config error (exit 2)"},

	{Path: "content.dir",
		Note: "Where the Markdown posts are (also the CONTENT_DIR argument).",
		Doc:  "where the posts are; the `CONTENT_DIR` argument of `build`, `check` and `cards` overrides it"},
	{Path: "content.sections", Off: true, Value: "[docs]",
		Note: "Hugo sections or Jekyll collections whose pages are posts too (besides\nHugo's mainSections or Jekyll's _posts).",
		Doc:  "with a generator: the Hugo sections or Jekyll collections whose pages are posts too, besides Hugo's `mainSections` (else its section with the most pages) or Jekyll's `_posts`"},
	{Path: "content.static",
		Note: `Where image paths that start with "/" are looked up.`,
		Doc:  "where paths starting with `/` are looked up first (then the content directory, then the site's directory)"},

	{Path: "jekyll.configs", Off: true, Value: "[_config.yml, _config.production.yml]",
		Note: "The config files jekyll is run with (jekyll build --config a.yml,b.yml).",
		Doc:  "the config files of a Jekyll site, merged in order as `jekyll build --config a.yml,b.yml` merges them; `_config.yml` (or `.yaml`, `.toml`) when empty"},

	{Path: "output.dir",
		Doc: "where `build` writes (`--out` overrides it)"},

	{Path: "cache.dir",
		Doc: "derived files kept between runs (processed images, cards, parsed posts, what the last build into each output directory wrote and what its self-check found); deleting it only makes the next build slower (without its list of the files the last build wrote, the files the output's own `posts.json` names, and the sitemaps, are taken as that build's, so the stale ones still go). In CI, keep it between jobs (one cache for every commit will do: each entry is checked against the sources before it is used); a clean checkout then skips processing images and rendering cards again, and on 10,000 posts without images still builds in about 65% of the time of a build from nothing"},

	{Path: "sitemap.extra", After: "  - path: /about/\n    lastmod: \"2025-06-01\"",
		Note: "Pages that are not posts: path (under site.url) and optional lastmod.",
		Doc:  "extra pages: `path` (under `site.url`, or an absolute URL on the site's host) and optional `lastmod`"},
	{Path: "sitemap.news", Off: true, Value: "\nname: My Site\nlanguage: en",
		Note: "Also write sitemap-news.xml (posts of the last 48 hours of the build clock).\nEach article gets its post's language; language is for posts whose own does not map to one.",
		Doc:  "also write `sitemap-news.xml` (posts of the last 48 h of the build clock, ≤ 1,000). Each article's language is its post's (`fr-CA` → `fr`; Chinese as `zh-tw` for Traditional — `zh-Hant*`, `zh-TW`, `zh-HK`, `zh-MO` — else `zh-cn`); `language` (`zh-cn`, `zh-tw` or a 2–3 letter ISO 639 code) is for a post whose language does not map"},
	{Path: "sitemap.gzip",
		Note: "Also write a .xml.gz copy of every sitemap file.",
		Doc:  "also write a `.xml.gz` copy of every sitemap file"},
	{Path: "sitemap.changefreq", Off: true, Value: "weekly",
		Note: "Google ignores these; they are written only when set.",
		Doc:  "written only when set (Google ignores both): `always`, `hourly`, `daily`, `weekly`, `monthly`, `yearly` or `never`; and 0.0–1.0"},
	{Path: "sitemap.priority", Off: true, Value: "0.5", With: true},

	{Path: "feeds.limit",
		Note: "Items per feed (feed.xml, atom.xml, feed.json); 0 means all.",
		Doc:  "items per feed (`feed.xml`, `atom.xml`, `feed.json`); `0` means all"},
	{Path: "feeds.content",
		Note: "full: the post's HTML; summary: the excerpt only.",
		Doc:  "`full` (the post's HTML, links made absolute) or `summary` (the excerpt only)"},
	{Path: "feeds.perCategory",
		Note: "Also write category/<category>/feed.xml.",
		Doc:  "also write `category/<category-slug>/feed.xml`. Categories whose names make one slug (`C`, `C++`, `C#`) share it, and one that makes none (`🚀`) has no feed or breadcrumb level: both are warned"},

	{Path: "seo.articleType",
		Note: "schema.org type of a post: BlogPosting, NewsArticle or Article.",
		Doc:  "schema.org type of a post: `BlogPosting`, `NewsArticle` or `Article`"},
	{Path: "seo.twitterSite", Off: true, Value: `"@mysite"`,
		Note: "The site's X account for twitter:site.",
		Doc:  "the site's X account (`@name`) for `twitter:site`"},
	{Path: "seo.categoryPermalink",
		Note: "Path of a category page, the middle item of the JSON-LD breadcrumb.",
		Doc:  "path of a category page, with `{category}` (the slugified category): the middle item of the JSON-LD breadcrumb"},
	{Path: "seo.defaultImage", Off: true, Value: "/images/share.png",
		Note: "og:image and twitter:image of a post without a hero or card (a path\nin the static directory, or an absolute URL).",
		Doc:  "`og:image` and `twitter:image` of a post with no hero and no card: a path in the static directory (measured) or an absolute URL. Only the head tags use it: the sitemap, feeds and JSON-LD list a post's own images. A URL with credentials (`user:pass@`) is a config error (exit 2)"},

	{Path: "images.widths",
		Note: "Responsive widths of every hero and inline image (never upscaled).",
		Doc:  "responsive widths of every hero and inline image, 16–8192; never upscaled; a width within 10 % below the source's is replaced by the source width"},
	{Path: "images.crops",
		Note: "Aspect crops of each hero (Google's Article guidance), 1200 px wide.",
		Doc:  "aspect crops of each hero (Google's Article guidance), 1200 px wide when the source allows, centred on the post's `imageFocus: \"x,y\"` (fractions), else on the most detailed region (entropy)"},
	{Path: "images.formats",
		Note: "Encodings of each variant: jpeg, webp, png (images with alpha stay PNG).",
		Doc:  "encodings of every variant: `jpeg`, `webp`, `png`, at least one of `jpeg` and `png`; images with transparency are PNG instead of JPEG"},
	{Path: "images.quality",
		Doc: "JPEG and WebP quality, 1–100"},
	{Path: "images.baseURL", Off: true, Value: "https://cdn.example.com/",
		Note: "A CDN in front of the images: it replaces site.url in every image URL.",
		Doc:  "a CDN prefix that replaces `site.url` in every image URL"},
	{Path: "images.onError",
		Note: `A failed image: "fail" builds the post without it and exits 1; "warn" exits 0.`,
		Doc:  "a failed image: with `fail` the post is built without it and the run exits 1; with `warn`, exit 0"},
	{Path: "images.timeout", Type: "duration",
		Note: "Fetching remote images.",
		Doc:  "fetching remote images: a timeout per request; retries (0–10) on network errors, 408, 429 (honouring `Retry-After`) and 5xx, with exponential backoff and jitter"},
	{Path: "images.retries", With: true},
	{Path: "images.cacheTTL", Type: "duration",
		Doc: "a fetched image is used without asking the server again; after it, a conditional request (a 304 costs no download)"},
	{Path: "images.maxBytes",
		Doc: "bytes (50 MiB) and pixels (width × height, read from the header): an image over either is refused before downloading or decoding more; a local file's size is checked before it is read"},
	{Path: "images.maxPixels", With: true},
	{Path: "images.maxMemory",
		Doc: "bytes (1 GiB) that the images being decoded at once may hold, counted from each header (width × height × bytes per pixel, 16-bit PNGs at 8 bits): a decode waits until it fits, and an image that alone needs more is refused. A JPEG of more than 100 scans is refused unread (a progressive-JPEG CPU bomb)"},
	{Path: "images.decodeTimeout", Type: "duration",
		Doc: "how long decoding one image may take before it is stopped and refused"},
	{Path: "images.concurrency",
		Doc: "requests in flight, in all and per host"},
	{Path: "images.perHost", With: true},
	{Path: "images.allowPrivateNetworks",
		Note: "Private and loopback addresses are refused unless allowed here\n(link-local and cloud-metadata addresses always are).",
		Doc:  "private and loopback addresses are refused unless allowed, all of them or the hosts listed; link-local and cloud-metadata addresses (169.254.0.0/16, fd00:ec2::254) always are — checked on the address actually dialled"},
	{Path: "images.allowHosts", With: true},

	{Path: "cards.theme",
		Note: "A built-in theme (midnight, paper, photo) or the path of a theme file;\na post's card.theme overrides it.",
		Doc:  "a built-in theme (`midnight`, `paper`, `photo`) or the path of a theme file in the site (one that leads outside it is refused); a post's `card.theme` overrides it"},
	{Path: "cards.sizes",
		Note: "og (1200x630), x (1200x600), square (1200x1200).",
		Doc:  "`og` 1200×630, `x` 1200×600 (becomes `twitter:image`), `square` 1200×1200; `[]` makes no cards"},
	{Path: "cards.format",
		Note: "png or jpeg.",
		Doc:  "`png` or `jpeg`; and the byte budget of one card (at least 10240): over it a card is reduced to 256 colours, then made a JPEG, with a warning"},
	{Path: "cards.maxBytes", With: true,
		Note: "Byte budget of one card: over it, fewer colours, then JPEG, with a warning."},
	{Path: "cards.fonts.regular",
		Note: "TrueType/OpenType files; the Go fonts when empty.",
		Doc:  "TrueType/OpenType/.ttc files in the site or the system's font directories (`/usr/share/fonts`, `~/.local/share/fonts`, …; any other place is refused: `leads outside the site`); the Go fonts when empty"},
	{Path: "cards.fonts.bold", With: true},
	{Path: "cards.fonts.fallback",
		Note: "Tried in order for characters the fonts above lack, e.g. Debian's\nfonts-noto-cjk: /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
		Doc:  "files tried in order for characters the fonts above lack (e.g. Debian's `fonts-noto-cjk`); a fallback missing on the machine is a warning"},
}

// starter writes keys as a commented YAML file.
func starter(keys []key) string {
	var b strings.Builder
	b.WriteString(starterHead)
	var open []string // the mappings open above the current key
	for _, k := range keys {
		parts := strings.Split(k.Path, ".")
		parents := parts[:len(parts)-1]
		same := 0
		for same < len(open) && same < len(parents) && open[same] == parents[same] {
			same++
		}
		if same == 0 {
			b.WriteString("\n") // a new section
		}
		for d := same; d < len(parents); d++ {
			fmt.Fprintf(&b, "%s%s:\n", indent(d), parents[d])
		}
		open = parents
		in := indent(len(parents))
		for _, line := range splitLines(k.Note) {
			fmt.Fprintf(&b, "%s# %s\n", in, line)
		}
		lines := k.yamlLines(parts[len(parts)-1])
		for _, line := range lines {
			if k.Off {
				line = "# " + line
			}
			fmt.Fprintf(&b, "%s%s\n", in, line)
		}
		for _, line := range splitLines(k.After) {
			fmt.Fprintf(&b, "%s#%s\n", in, line)
		}
	}
	return b.String()
}

// yamlLines is the key written as YAML, its value the example or else the
// default, without the indentation of its depth.
func (k key) yamlLines(name string) []string {
	v := k.Value
	if v == "" {
		v = defaultYAML(k.Path)
	}
	if !strings.HasPrefix(v, "\n") {
		return []string{name + ": " + v}
	}
	lines := []string{name + ":"}
	for _, line := range splitLines(v[1:]) {
		lines = append(lines, "  "+line)
	}
	return lines
}

// defaultYAML is the default of the key at path, as YAML in flow style
// ("80", "[jpeg, webp]", `""`), or "" for a key without one (a nil
// pointer or map). It panics on a path that is no key of Config.
func defaultYAML(path string) string {
	v, ok := keyValue(reflect.ValueOf(Default()).Elem(), path)
	if !ok {
		panic("config: no key " + path)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Map:
		if v.IsNil() {
			return ""
		}
	case reflect.Slice:
		if v.Len() == 0 {
			return "[]"
		}
	}
	var n yaml.Node
	if err := n.Encode(v.Interface()); err != nil {
		panic(err)
	}
	if v.Kind() == reflect.Slice {
		n.Style = yaml.FlowStyle
	}
	out, err := yaml.Marshal(&n)
	if err != nil {
		panic(err)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// keyValue finds the field of the struct v that path names by the YAML
// keys of its fields, looking into fields inlined with ",inline".
func keyValue(v reflect.Value, path string) (reflect.Value, bool) {
	for name := range strings.SplitSeq(path, ".") {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v = reflect.New(v.Type().Elem())
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		f, ok := yamlField(v, name)
		if !ok {
			return reflect.Value{}, false
		}
		v = f
	}
	return v, true
}

// yamlField is the field of the struct v whose YAML key is name.
func yamlField(v reflect.Value, name string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		key, inline, ok := yamlKey(t.Field(i))
		switch {
		case !ok:
		case inline:
			if fv, ok := yamlField(v.Field(i), name); ok {
				return fv, true
			}
		case key == name:
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// yamlKey is the key yaml.v3 reads a struct field from: its tag's name, else
// the field's name in lower case. inline is set for a ",inline" field, whose
// keys are its own fields'; ok is false for a field YAML does not read.
func yamlKey(f reflect.StructField) (key string, inline, ok bool) {
	tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if !f.IsExported() || tag == "-" {
		return "", false, false
	}
	if slices.Contains(strings.Split(opts, ","), "inline") {
		return "", true, true
	}
	if tag == "" {
		tag = strings.ToLower(f.Name)
	}
	return tag, false, true
}

func indent(depth int) string { return strings.Repeat("  ", depth) }

// splitLines splits s at newlines; "" is no lines.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
