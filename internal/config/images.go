package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/images"
)

// Images configures fetching and processing hero and inline images.
type Images struct {
	// Timeout is the per-request timeout, a Go duration ("30s").
	Timeout string `yaml:"timeout"`
	// Retries is how many times a failed request is retried (network
	// errors, 408, 429, 5xx), with exponential backoff and jitter.
	Retries int `yaml:"retries"`
	// MaxBytes caps a fetched body.
	MaxBytes int `yaml:"maxBytes"`
	// MaxPixels caps width × height, checked from the header before decoding.
	MaxPixels int `yaml:"maxPixels"`
	// Concurrency and PerHost limit requests in flight, in all and per host.
	Concurrency int `yaml:"concurrency"`
	PerHost     int `yaml:"perHost"`
	// AllowPrivateNetworks allows fetching from private and loopback
	// addresses; AllowHosts allows just the hosts listed. Link-local and
	// cloud-metadata addresses are always refused.
	AllowPrivateNetworks bool     `yaml:"allowPrivateNetworks"`
	AllowHosts           []string `yaml:"allowHosts"`
	// CacheTTL is how long a fetched image is used without asking the
	// server again; after it, a conditional request revalidates it.
	CacheTTL string `yaml:"cacheTTL"`
	// Widths are the responsive widths made of each image.
	Widths []int `yaml:"widths"`
	// Crops are the aspect crops ("16:9") made of each hero.
	Crops []string `yaml:"crops"`
	// Formats are the encodings of each variant: jpeg, webp, png.
	Formats []string `yaml:"formats"`
	// Quality is the JPEG and WebP quality, 1–100.
	Quality int `yaml:"quality"`
	// BaseURL, when set, replaces the site URL in every emitted image URL
	// (a CDN): https://cdn.example.com/ + images/<key>/<file>.
	BaseURL string `yaml:"baseURL"`
	// OnError is what a failed image does to the run: "fail" (the post
	// is built without it and the run exits 1) or "warn" (exit 0).
	OnError string `yaml:"onError"`

	// TimeoutDuration and CacheTTLDuration are parsed by Validate.
	TimeoutDuration  time.Duration `yaml:"-"`
	CacheTTLDuration time.Duration `yaml:"-"`
}

// DefaultImages returns the images section's defaults.
func DefaultImages() Images {
	return Images{
		Timeout:     "30s",
		Retries:     3,
		MaxBytes:    50 << 20,
		MaxPixels:   100_000_000,
		Concurrency: 16,
		PerHost:     4,
		CacheTTL:    "24h",
		Widths:      []int{480, 960, 1440, 1920},
		Crops:       []string{"16:9", "4:3", "1:1"},
		Formats:     []string{"jpeg", "webp"},
		Quality:     80,
		OnError:     "fail",
	}
}

var (
	imageFormats = []string{"jpeg", "webp", "png"}
)

// validateImages checks the images section and parses its durations.
func (cfg *Config) validateImages(bad func(key, format string, args ...any)) {
	im := &cfg.Images
	dur := func(key, s string, dst *time.Duration) {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		switch {
		case err != nil:
			bad(key, "%q is not a duration such as 30s, 5m or 24h", s)
		case d < 0:
			bad(key, "%q must not be negative", s)
		default:
			*dst = d
		}
	}
	dur("images.timeout", im.Timeout, &im.TimeoutDuration)
	if d, err := time.ParseDuration(strings.TrimSpace(im.Timeout)); err == nil && d == 0 {
		bad("images.timeout", "%q must be more than zero", im.Timeout)
	}
	dur("images.cacheTTL", im.CacheTTL, &im.CacheTTLDuration)
	if im.Retries < 0 || im.Retries > 10 {
		bad("images.retries", "%d must be between 0 and 10", im.Retries)
	}
	if im.MaxBytes <= 0 {
		bad("images.maxBytes", "%d must be more than 0", im.MaxBytes)
	}
	if im.MaxPixels <= 0 {
		bad("images.maxPixels", "%d must be more than 0", im.MaxPixels)
	}
	if im.Concurrency <= 0 {
		bad("images.concurrency", "%d must be more than 0", im.Concurrency)
	}
	if im.PerHost <= 0 {
		bad("images.perHost", "%d must be more than 0", im.PerHost)
	}
	for i, h := range im.AllowHosts {
		if strings.TrimSpace(h) == "" || strings.ContainsAny(h, "/ ") {
			bad(fmt.Sprintf("images.allowHosts[%d]", i), "%q must be a host name or address, such as cdn.example.com or 10.0.0.5", h)
		}
	}
	if len(im.Widths) == 0 {
		bad("images.widths", "must list at least one width")
	}
	for i, w := range im.Widths {
		if w < 16 || w > 8192 {
			bad(fmt.Sprintf("images.widths[%d]", i), "%d must be between 16 and 8192", w)
		}
	}
	for i, c := range im.Crops {
		if _, err := images.ParseAspect(c); err != nil {
			bad(fmt.Sprintf("images.crops[%d]", i), "%v", err)
		}
	}
	if len(im.Formats) == 0 {
		bad("images.formats", "must list at least one of %s", strings.Join(imageFormats, ", "))
	}
	for i, f := range im.Formats {
		if !slices.Contains(imageFormats, f) {
			bad(fmt.Sprintf("images.formats[%d]", i), "%q must be one of %s", f, strings.Join(imageFormats, ", "))
		}
	}
	if len(im.Formats) > 0 && !slices.Contains(im.Formats, "jpeg") && !slices.Contains(im.Formats, "png") {
		bad("images.formats", "%v must include jpeg or png: og:image, feeds and JSON-LD need a format every reader takes", im.Formats)
	}
	if im.Quality < 1 || im.Quality > 100 {
		bad("images.quality", "%d must be between 1 and 100", im.Quality)
	}
	if im.BaseURL != "" {
		u, err := url.Parse(im.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			bad("images.baseURL", "%q must be an absolute http(s) URL without query, such as https://cdn.example.com/", im.BaseURL)
		} else if !strings.HasSuffix(im.BaseURL, "/") {
			im.BaseURL += "/"
		}
	}
	if im.OnError != "fail" && im.OnError != "warn" {
		bad("images.onError", "%q must be fail or warn", im.OnError)
	}
}
