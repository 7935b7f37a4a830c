package images

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// problems lists the diag.Problems joined in err.
func problems(t *testing.T, err error) []diag.Problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var out []diag.Problem
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var p diag.Problem
		if !errors.As(e, &p) {
			t.Fatalf("%T %v is not a diag.Problem", e, e)
		}
		out = append(out, p)
	}
	return out
}

// TestDefaultConfig: the defaults are valid and give Process's defaults.
func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	want := Options{Widths: DefaultWidths, Crops: DefaultCrops, CropWidth: DefaultCropWidth, Formats: DefaultFormats, Quality: DefaultQuality}
	if diff := cmp.Diff(want, c.Options()); diff != "" {
		t.Errorf("Options (-want +got):\n%s", diff)
	}
	if c.TimeoutDuration != 30*time.Second || c.CacheTTLDuration != 24*time.Hour {
		t.Errorf("durations = %v, %v; want 30s, 24h", c.TimeoutDuration, c.CacheTTLDuration)
	}
	// The defaults are copies: a config changing its lists leaves them.
	c.Widths[0], c.Formats[0] = 1, "png"
	if DefaultWidths[0] != 480 || DefaultFormats[0] != "jpeg" {
		t.Errorf("changing a config changed the defaults: %v, %v", DefaultWidths, DefaultFormats)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		want   []diag.Problem
		check  func(t *testing.T, c *Config)
	}{
		{
			name:   "no crops is none, not the defaults",
			change: func(c *Config) { c.Crops = []string{} },
			check: func(t *testing.T, c *Config) {
				if o := c.Options(); o.Crops == nil || len(o.Crops) != 0 {
					t.Errorf("Options().Crops = %#v, want empty and not nil", o.Crops)
				}
			},
		},
		{
			name:   "crops parsed and reduced",
			change: func(c *Config) { c.Crops = []string{"1200:630", " 3 : 2 "} },
			check: func(t *testing.T, c *Config) {
				if diff := cmp.Diff([]Aspect{{40, 21}, {3, 2}}, c.Options().Crops); diff != "" {
					t.Errorf("crops (-want +got):\n%s", diff)
				}
			},
		},
		{
			name:   "base URL gets a slash",
			change: func(c *Config) { c.BaseURL = "https://cdn.example.com/img" },
			check: func(t *testing.T, c *Config) {
				if c.BaseURL != "https://cdn.example.com/img/" {
					t.Errorf("BaseURL = %q", c.BaseURL)
				}
			},
		},
		{
			name: "every bad value",
			change: func(c *Config) {
				*c = Config{Timeout: "soon", CacheTTL: "-1h", DecodeTimeout: "-2s", MaxMemory: 1000, Retries: 11, MaxPixels: -1, Concurrency: 0, PerHost: 0,
					AllowHosts: []string{"ok.example", " "}, Widths: []int{8}, Crops: []string{"16:9", "square", "21:1"},
					Formats: []string{"webp", "avif"}, Quality: 101, BaseURL: "ftp://x/", OnError: "ignore"}
			},
			want: []diag.Problem{
				{Field: "timeout", Message: `"soon" is not a duration such as 30s, 5m or 24h`},
				{Field: "cacheTTL", Message: `"-1h" must not be negative`},
				{Field: "decodeTimeout", Message: `"-2s" must not be negative`},
				{Field: "retries", Message: "11 must be between 0 and 10"},
				{Field: "maxBytes", Message: "0 must be more than 0"},
				{Field: "maxPixels", Message: "-1 must be more than 0"},
				{Field: "maxMemory", Message: "1000 must be at least 1048576 (1 MiB)"},
				{Field: "concurrency", Message: "0 must be more than 0"},
				{Field: "perHost", Message: "0 must be more than 0"},
				{Field: "allowHosts[1]", Message: `" " must be a host name or address, such as cdn.example.com or 10.0.0.5`},
				{Field: "widths[0]", Message: "8 must be between 16 and 8192"},
				{Field: "crops[1]", Message: `"square" is not an aspect ratio such as 16:9`},
				{Field: "crops[2]", Message: `"21:1" is too far from square (at most 20:1)`},
				{Field: "formats[1]", Message: `"avif" must be one of jpeg, webp, png`},
				{Field: "formats", Message: "[webp avif] must include jpeg or png: og:image, feeds and JSON-LD need a format every reader takes"},
				{Field: "quality", Message: "101 must be between 1 and 100"},
				{Field: "baseURL", Message: `"ftp://x/" must be an absolute http(s) URL without query, such as https://cdn.example.com/`},
				{Field: "onError", Message: `"ignore" must be fail or warn`},
			},
		},
		{
			name:   "zero timeout and no lists",
			change: func(c *Config) { c.Timeout, c.DecodeTimeout, c.Widths, c.Formats = "0s", "0", nil, nil },
			want: []diag.Problem{
				{Field: "timeout", Message: `"0s" must be more than zero`},
				{Field: "decodeTimeout", Message: `"0" must be more than zero`},
				{Field: "widths", Message: "must list at least one width"},
				{Field: "formats", Message: "must list at least one of jpeg, webp, png"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.change(&c)
			if diff := cmp.Diff(tt.want, problems(t, c.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if tt.check != nil {
				tt.check(t, &c)
			}
		})
	}
}
