package images

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/diag"
)

// Config is the images section of seopipe.yaml: how hero and inline images
// are fetched and processed. Start from DefaultConfig, decode the section
// over it, then call Validate, which parses every value once; Options and
// the parsed fields are meaningful only after it succeeds. Validate
// modifies the Config; once it has returned, reading it from several
// goroutines is safe.
type Config struct {
	// Timeout is the per-request timeout, a Go duration ("30s").
	Timeout string `yaml:"timeout"`
	// Retries is how many times a failed request is retried (network
	// errors, 408, 429, 5xx), with exponential backoff and jitter.
	Retries int `yaml:"retries"`
	// MaxBytes caps a fetched body.
	MaxBytes int `yaml:"maxBytes"`
	// MaxPixels caps width × height, checked from the header before decoding.
	MaxPixels int `yaml:"maxPixels"`
	// MaxMemory caps the bytes held by all the decodes in flight at once
	// (images.DecodedBytes of each): a decode waits until there is room,
	// and an image that alone needs more is refused.
	MaxMemory int `yaml:"maxMemory"`
	// DecodeTimeout is how long decoding one image may take, a Go duration.
	DecodeTimeout string `yaml:"decodeTimeout"`
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

	// TimeoutDuration, CacheTTLDuration and DecodeTimeoutDuration are
	// Timeout, CacheTTL and DecodeTimeout, and
	// Aspects is Crops, parsed by Validate.
	TimeoutDuration       time.Duration `yaml:"-"`
	CacheTTLDuration      time.Duration `yaml:"-"`
	DecodeTimeoutDuration time.Duration `yaml:"-"`
	Aspects               []Aspect      `yaml:"-"`
}

// DefaultConfig returns the images section's defaults.
func DefaultConfig() Config {
	c := Config{
		Timeout:       "30s",
		Retries:       3,
		MaxBytes:      50 << 20,
		MaxPixels:     100_000_000,
		MaxMemory:     1 << 30,
		DecodeTimeout: "30s",
		Concurrency:   16,
		PerHost:       4,
		CacheTTL:      "24h",
		Widths:        slices.Clone(DefaultWidths),
		Formats:       slices.Clone(DefaultFormats),
		Quality:       DefaultQuality,
		OnError:       "fail",
	}
	for _, a := range DefaultCrops {
		c.Crops = append(c.Crops, a.String())
	}
	return c
}

// formatNames are the encodings Config.Formats accepts, in the order
// messages list them.
var formatNames = []string{"jpeg", "webp", "png"}

// Validate checks every value, parses the durations and the crops, and ends
// BaseURL with a "/". It returns every problem, joined: each a
// diag.Problem whose Field is the key within the section ("widths[1]").
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, diag.Problem{Field: key, Message: fmt.Sprintf(format, args...)})
	}
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
	dur("timeout", c.Timeout, &c.TimeoutDuration)
	if d, err := time.ParseDuration(strings.TrimSpace(c.Timeout)); err == nil && d == 0 {
		bad("timeout", "%q must be more than zero", c.Timeout)
	}
	dur("cacheTTL", c.CacheTTL, &c.CacheTTLDuration)
	dur("decodeTimeout", c.DecodeTimeout, &c.DecodeTimeoutDuration)
	if d, err := time.ParseDuration(strings.TrimSpace(c.DecodeTimeout)); err == nil && d == 0 {
		bad("decodeTimeout", "%q must be more than zero", c.DecodeTimeout)
	}
	if c.Retries < 0 || c.Retries > 10 {
		bad("retries", "%d must be between 0 and 10", c.Retries)
	}
	if c.MaxBytes <= 0 {
		bad("maxBytes", "%d must be more than 0", c.MaxBytes)
	}
	if c.MaxPixels <= 0 {
		bad("maxPixels", "%d must be more than 0", c.MaxPixels)
	}
	if c.MaxMemory < 1<<20 {
		bad("maxMemory", "%d must be at least 1048576 (1 MiB)", c.MaxMemory)
	}
	if c.Concurrency <= 0 {
		bad("concurrency", "%d must be more than 0", c.Concurrency)
	}
	if c.PerHost <= 0 {
		bad("perHost", "%d must be more than 0", c.PerHost)
	}
	for i, h := range c.AllowHosts {
		if strings.TrimSpace(h) == "" || strings.ContainsAny(h, "/ ") {
			bad(fmt.Sprintf("allowHosts[%d]", i), "%q must be a host name or address, such as cdn.example.com or 10.0.0.5", h)
		}
	}
	if len(c.Widths) == 0 {
		bad("widths", "must list at least one width")
	}
	for i, w := range c.Widths {
		if w < 16 || w > 8192 {
			bad(fmt.Sprintf("widths[%d]", i), "%d must be between 16 and 8192", w)
		}
	}
	// "crops: []" is none: an empty, not a nil (default), Options.Crops.
	c.Aspects = make([]Aspect, 0, len(c.Crops))
	for i, s := range c.Crops {
		a, err := ParseAspect(s)
		if err != nil {
			bad(fmt.Sprintf("crops[%d]", i), "%v", err)
			continue
		}
		c.Aspects = append(c.Aspects, a)
	}
	if len(c.Formats) == 0 {
		bad("formats", "must list at least one of %s", strings.Join(formatNames, ", "))
	}
	for i, f := range c.Formats {
		if !slices.Contains(formatNames, f) {
			bad(fmt.Sprintf("formats[%d]", i), "%q must be one of %s", f, strings.Join(formatNames, ", "))
		}
	}
	if len(c.Formats) > 0 && !slices.Contains(c.Formats, "jpeg") && !slices.Contains(c.Formats, "png") {
		bad("formats", "%v must include jpeg or png: og:image, feeds and JSON-LD need a format every reader takes", c.Formats)
	}
	if c.Quality < 1 || c.Quality > 100 {
		bad("quality", "%d must be between 1 and 100", c.Quality)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			bad("baseURL", "%q must be an absolute http(s) URL without query, such as https://cdn.example.com/", c.BaseURL)
		} else if !strings.HasSuffix(c.BaseURL, "/") {
			c.BaseURL += "/"
		}
	}
	if c.OnError != "fail" && c.OnError != "warn" {
		bad("onError", "%q must be fail or warn", c.OnError)
	}
	return errors.Join(errs...)
}

// Limits are what decoding one image may cost under a validated Config.
func (c *Config) Limits() Limits {
	return Limits{MaxPixels: int64(c.MaxPixels), MaxMemory: int64(c.MaxMemory), Timeout: c.DecodeTimeoutDuration}
}

// Options are the processing options of a validated Config: its widths,
// crops (at DefaultCropWidth), formats and quality.
func (c *Config) Options() Options {
	return Options{Widths: c.Widths, Crops: c.Aspects, CropWidth: DefaultCropWidth, Formats: c.Formats, Quality: c.Quality}
}
