package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/generator"
)

// TestFillFromGenerator checks that a generator's config fills the keys
// seopipe's config leaves unset, and only those, and that a bad value is
// blamed on the generator's file.
func TestFillFromGenerator(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	info := generator.Info{BaseURL: "https://gen.example/docs/", Title: "Gen", Language: "fr", Location: paris}
	tests := []struct {
		name string
		yaml string
		env  map[string]string
		info generator.Info
		want Site // URL, Title, Language, Timezone
		err  string
	}{
		{name: "all unset", info: info,
			want: Site{URL: "https://gen.example/docs/", Title: "Gen", Language: "fr", Timezone: "Europe/Paris"}},
		{name: "seopipe's file wins", yaml: "site:\n  url: https://mine.example/\n  title: Mine\n  language: en\n  timezone: UTC\n", info: info,
			want: Site{URL: "https://mine.example/", Title: "Mine", Language: "en", Timezone: "UTC"}},
		{name: "a variable wins", env: map[string]string{"SEOPIPE_SITE_URL": "https://env.example/"}, info: info,
			want: Site{URL: "https://env.example/", Title: "Gen", Language: "fr", Timezone: "Europe/Paris"}},
		{name: "a baseURL of / is no URL", info: generator.Info{BaseURL: "/"},
			want: Site{Language: "en", Timezone: "UTC"}},
		{name: "a bad language is the generator's file's", info: generator.Info{Language: "!!"},
			err: `hugo.toml: site.language: "!!" is not a language tag such as en or pt-BR`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.yaml != "" {
				if err := os.WriteFile(filepath.Join(dir, FileName), []byte(tt.yaml), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg, err := Load(LoadOptions{WorkDir: dir, Getenv: func(k string) string { return tt.env[k] }})
			if err != nil {
				t.Fatal(err)
			}
			cfg.FillFromGenerator(tt.info, "hugo.toml")
			err = cfg.Validate()
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Validate = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := Site{URL: cfg.Site.URL, Title: cfg.Site.Title, Language: cfg.Site.Language, Timezone: cfg.Site.Timezone}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("site (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPermalinkJekyllForm checks that site.permalink in Jekyll's form,
// refused before issue 17, is taken and read as seopipe's.
func TestPermalinkJekyllForm(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("site:\n  permalink: /news/:year/:month/:day/:title/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(LoadOptions{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if want := "/news/{year}/{month}/{day}/{title}/"; cfg.Site.Permalink != want {
		t.Errorf("site.permalink = %q, want %q", cfg.Site.Permalink, want)
	}
}
