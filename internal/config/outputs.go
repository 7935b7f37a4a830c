package config

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/content"
)

// Sitemap configures sitemap.xml and its companions.
type Sitemap struct {
	// Extra pages beyond the posts and the home page.
	Extra []SitemapPage `yaml:"extra"`
	// News, when set, also writes sitemap-news.xml: posts of the last 48
	// hours of the build clock.
	News *News `yaml:"news"`
	// Gzip also writes a .xml.gz copy of every sitemap file.
	Gzip bool `yaml:"gzip"`
	// ChangeFreq and Priority are written only when set (Google ignores
	// both): one of always, hourly, daily, weekly, monthly, yearly, never;
	// and 0.0–1.0.
	ChangeFreq string   `yaml:"changefreq"`
	Priority   *float64 `yaml:"priority"`
}

// SitemapPage is an extra sitemap entry.
type SitemapPage struct {
	// Path is site-relative ("/about/") or an absolute URL on the site.
	Path string `yaml:"path"`
	// LastMod is a date ("2025-11-07" or RFC 3339); optional.
	LastMod string `yaml:"lastmod"`
	// LastModTime is LastMod parsed by Validate.
	LastModTime time.Time `yaml:"-"`
}

// News names the publication for the news sitemap.
type News struct {
	Name string `yaml:"name"`
	// Language is zh-cn, zh-tw or an ISO 639 code (en, fr): the language
	// of an article whose post's own language does not map to one of
	// those (sitemap.NewsLanguage).
	Language string `yaml:"language"`
}

// Feeds configures feed.xml, atom.xml and feed.json.
type Feeds struct {
	// Limit is the most items per feed; 0 means all.
	Limit int `yaml:"limit"`
	// Content is "full" (the body's HTML) or "summary".
	Content string `yaml:"content"`
	// PerCategory also writes category/<category-slug>/feed.xml.
	PerCategory bool `yaml:"perCategory"`
}

// SEO configures head tags and JSON-LD.
type SEO struct {
	// ArticleType is the schema.org type of a post: BlogPosting (default),
	// NewsArticle or Article.
	ArticleType string `yaml:"articleType"`
	// TwitterSite is the site's X account ("@name") for twitter:site.
	TwitterSite string `yaml:"twitterSite"`
	// CategoryPermalink is the path of a category page, with {category}
	// (the slugified category): the breadcrumb's middle item.
	CategoryPermalink string `yaml:"categoryPermalink"`
	// DefaultImage is og:image and twitter:image of a post with no image
	// of its own (no hero, and no card): a path in the static directory
	// ("/images/share.png", measured) or an absolute URL. Hugo's
	// params.images and Yoast's default image do the same.
	DefaultImage string `yaml:"defaultImage"`
}

var (
	changeFreqs  = []string{"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
	articleTypes = []string{"BlogPosting", "NewsArticle", "Article"}
	newsLangRE   = regexp.MustCompile(`^(zh-cn|zh-tw|[a-z]{2,3})$`)
)

// validateOutputs checks the sitemap, feeds and seo sections.
func (cfg *Config) validateOutputs(bad func(key, format string, args ...any)) {
	sm := &cfg.Sitemap
	if sm.ChangeFreq != "" && !slices.Contains(changeFreqs, sm.ChangeFreq) {
		bad("sitemap.changefreq", "%q is not one of %s", sm.ChangeFreq, strings.Join(changeFreqs, ", "))
	}
	if sm.Priority != nil && (*sm.Priority < 0 || *sm.Priority > 1) {
		bad("sitemap.priority", "%v is not between 0.0 and 1.0", *sm.Priority)
	}
	for i := range sm.Extra {
		e := &sm.Extra[i]
		key := fmt.Sprintf("sitemap.extra[%d]", i)
		if strings.TrimSpace(e.Path) == "" {
			bad(key+".path", "must not be empty")
		} else if !strings.HasPrefix(e.Path, "/") && !content.IsRemote(e.Path) {
			bad(key+".path", "%q must start with / or be an absolute URL on the site", e.Path)
		} else if content.IsRemote(e.Path) && cfg.Site.URL != "" && !sameHost(e.Path, cfg.Site.URL) {
			bad(key+".path", "%q is not on the site's host: a sitemap lists its own site's pages only", e.Path)
		}
		if e.LastMod != "" {
			t, err := content.ParseDate(e.LastMod, cfg.Location)
			if err != nil {
				bad(key+".lastmod", "%v", err)
			}
			e.LastModTime = t
		}
	}
	if n := sm.News; n != nil {
		if strings.TrimSpace(n.Name) == "" {
			bad("sitemap.news.name", "must name the publication")
		}
		if !newsLangRE.MatchString(n.Language) {
			bad("sitemap.news.language", "%q must be zh-cn, zh-tw or a 2–3 letter ISO 639 code such as en", n.Language)
		}
	}
	if cfg.Feeds.Limit < 0 {
		bad("feeds.limit", "%d must be 0 (all posts) or more", cfg.Feeds.Limit)
	}
	if cfg.Feeds.Content != "full" && cfg.Feeds.Content != "summary" {
		bad("feeds.content", "%q must be full or summary", cfg.Feeds.Content)
	}
	if !slices.Contains(articleTypes, cfg.SEO.ArticleType) {
		bad("seo.articleType", "%q must be one of %s", cfg.SEO.ArticleType, strings.Join(articleTypes, ", "))
	}
	if !strings.HasPrefix(cfg.SEO.CategoryPermalink, "/") || !strings.Contains(cfg.SEO.CategoryPermalink, "{category}") {
		bad("seo.categoryPermalink", "%q must start with / and contain {category}", cfg.SEO.CategoryPermalink)
	}
	if cfg.SEO.TwitterSite != "" && !twitterRE.MatchString(cfg.SEO.TwitterSite) {
		bad("seo.twitterSite", "%q is not an X/Twitter handle such as @name", cfg.SEO.TwitterSite)
	}
}

// sameHost reports whether URLs a and b have the same host (without case).
func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && strings.EqualFold(ua.Host, ub.Host)
}
